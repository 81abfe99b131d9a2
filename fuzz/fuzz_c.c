/* fuzz_c: libFuzzer harness for the C front end (libclang) and the engine.
** Each input is one translation unit, parsed by libclang from memory with no
** compile flags (the CXIndex is made once, on the first input), lowered,
** verified and analysed with the real models. libclang's own parse costs
** about a millisecond per input, which bounds this harness's speed; the
** lowering behind it is what it explores. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "engine/engine.h"
#include "frontend/frontend.h"
#include "ir/ir_verify.h"

static FrontEnd *fuzz_fe;
static Engine *fuzz_engine;
static Project *fuzz_project;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *models = getenv("TXLINT_MODELS_DIR");
  char err[512] = "";
  fuzz_fe = fe_new();
  EngineOptions eo = {false, NULL};
  fuzz_engine = engine_new(&eo);
  if (!engine_load_models(fuzz_engine, models ? models : FUZZ_MODELS_DIR, err, sizeof err)) {
    fprintf(stderr, "fuzz: cannot load the models: %s\n", err);
    abort();
  }
  fuzz_project = project_new();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (memchr(data, '\0', size)) return -1; /* the reader never hands a NUL byte to the C front end */
  FileCtx fx;
  fx_init(&fx, "/fuzz/input.c", "input.c");
  char *src = arena_alloc(fx.arena, size + 1);
  if (size) memcpy(src, data, size);
  src[size] = '\0';
  fx.src = src;
  fx.src_len = size;
  IrModule *m = fe_lower_c_file(fuzz_fe, &fx, NULL);
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
    module_summary_delete(engine_analyze_module(fuzz_engine, fuzz_project, m, &fx, &out));
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
