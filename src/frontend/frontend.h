/* frontend: the one entry point per language that turns a file into an IR
** module. Front ends are the only code that knows tree-sitter node types or
** libclang cursors. They never fail on bad input: problems are recorded on the
** FileCtx (fx_note) and whatever could be lowered is returned. */
#ifndef TXLINT_FRONTEND_FRONTEND_H
#define TXLINT_FRONTEND_FRONTEND_H

#include <stdbool.h>

#include "base/filectx.h"
#include "ir/ir.h"

/* Per-thread parser state (a TSParser per language); tree-sitter parsers are
** not thread safe, so each worker thread owns one. */
typedef struct FrontEnd FrontEnd;

/* Returns a new front end owned by the caller (fe_delete). */
FrontEnd *fe_new(void);
/* NULL-safe. */
void fe_delete(FrontEnd *self);

/* Checks that each compiled-in grammar's ABI is one the runtime accepts.
** On failure writes a message to err (at most err_len bytes) and returns false. */
bool fe_check_grammars(char *err, size_t err_len);

/* Picks the language from the file name's extension; returns false when the
** extension is not one txlint analyses. */
bool fe_lang_for_path(const char *path, IrLang *out_lang);

/* Lowers fx->src (already read, NUL-terminated) into a module allocated in
** fx->arena. Returns NULL only when nothing at all could be lowered (the
** reason is a note on fx); a file with syntax errors still yields a module
** for the parts that parsed. */
IrModule *fe_lower_file(FrontEnd *self, FileCtx *fx, IrLang lang);

#endif
