/* fuzz_frontend: libFuzzer harness for one front end (the language comes
** from FUZZ_PATH's extension: JS, TS, TSX and Go on tree-sitter, C on
** libclang, parsed from memory with no compile flags, the CXIndex made on
** the first input) and the engine behind it. libclang's own parse costs
** about a millisecond per input, which bounds fuzz_c's speed; the lowering
** behind it is what that harness explores. Each input is lowered as a file, the IR is verified, and
** the module is analysed with the real API models and every rule, so a crash,
** a sanitizer report or an IR-verifier failure anywhere on the way is found.
** The engine (models loaded from rules/) and the front end are set up once;
** per input only the file's arena lives. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "driver/reader.h"
#include "engine/engine.h"
#include "frontend/frontend.h"
#include "ir/ir_verify.h"

#ifndef FUZZ_PATH
#error "FUZZ_PATH names the file the input is lowered as (its extension picks the language)"
#endif

static FrontEnd *fuzz_fe;
static Engine *fuzz_engine;
static Project *fuzz_project;
static IrLang fuzz_lang;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *models = getenv("TXLINT_MODELS_DIR");
  char err[512] = "";
  fuzz_fe = fe_new();
  /* A fixed budget in CPU seconds would let a slow machine change what is
  ** found; libFuzzer's -timeout catches inputs that are really slow. */
  fe_set_parse_budget(fuzz_fe, 0, 0);
  EngineOptions eo = {false, NULL};
  fuzz_engine = engine_new(&eo);
  if (!engine_load_models(fuzz_engine, models ? models : FUZZ_MODELS_DIR, err, sizeof err)) {
    fprintf(stderr, "fuzz: cannot load the models: %s\n", err);
    abort();
  }
  fuzz_project = project_new();
  if (!fe_lang_for_path(FUZZ_PATH, &fuzz_lang)) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FileCtx fx;
  fx_init(&fx, FUZZ_PATH, FUZZ_PATH);
  /* The input goes through the reader as a file's text does: what it skips
  ** as binary (a NUL byte outside JS string literals and comments, any NUL in
  ** Go or C) never reaches a front end, and tree-sitter's error recovery on
  ** such bytes can take minutes on 200 of them. */
  if (!reader_load_text(&fx, (const char *)data, size, SIZE_MAX, fuzz_lang, false)) {
    fx_fini(&fx);
    return -1;
  }
  IrModule *m = fuzz_lang == IR_LANG_C ? fe_lower_c_file(fuzz_fe, &fx, NULL) : fe_lower_file(fuzz_fe, &fx, fuzz_lang);
  if (m) {
    StrBuf errs;
    strbuf_init(&errs);
    if (!ir_verify_module(m, &errs)) {
      fprintf(stderr, "fuzz: IR verification failed: %s\n", strbuf_cstr(&errs));
      abort();
    }
    strbuf_fini(&errs);
    FindingList out;
    finding_list_init(&out);
    if (fuzz_lang == IR_LANG_GO) {
      const IrModule *mods[1] = {m};
      FileCtx *fxs[1] = {&fx};
      FindingList *outs[1] = {&out};
      ModuleSummary *sums[1] = {NULL}, *pkg = NULL;
      engine_analyze_package(fuzz_engine, fuzz_project, "example.com/fuzz", mods, fxs, outs, 1, sums, &pkg);
      module_summary_delete(sums[0]);
      module_summary_delete(pkg);
    } else {
      module_summary_delete(engine_analyze_module(fuzz_engine, fuzz_project, m, &fx, &out));
    }
    finding_list_fini(&out);
  }
  for (uint32_t i = 0; i < fx.notes.len; i++)
    if (fx.notes.items[i].kind == NOTE_INTERNAL) {
      fprintf(stderr, "fuzz: internal note: %s\n", fx.notes.items[i].message);
      abort();
    }
  fx_fini(&fx);
  return 0;
}
