/* --dump-ir: one file lowered and printed, its notes on stderr. */
#include <stdio.h>

#include "driver/driver.h"
#include "driver/reader.h"
#include "frontend/frontend.h"
#include "ir/ir_print.h"

bool driver_dump_ir(const char *path, StrBuf *out, char *err, size_t err_len) {
  IrLang lang;
  if (!fe_lang_for_path(path, &lang)) {
    snprintf(err, err_len, "%s: not a file type txlint analyses", path);
    return false;
  }
  FileCtx fx;
  fx_init(&fx, path, path);
  FrontEnd *fe = fe_new();
  bool ok = reader_load(&fx, DRIVER_DEFAULT_MAX_FILE_SIZE, lang, true);
  IrModule *m = ok ? fe_lower_file(fe, &fx, lang) : NULL;
  if (m) ir_print_module(m, out);
  for (uint32_t i = 0; i < fx.notes.len; i++)
    fprintf(stderr, "%s:%u: %s: %s\n", path, (unsigned)fx.notes.items[i].at.line,
            note_kind_name(fx.notes.items[i].kind), fx.notes.items[i].message);
  if (!m) snprintf(err, err_len, "%s: could not be lowered", path);
  fe_delete(fe);
  fx_fini(&fx);
  return m != NULL;
}
