/* fuzz_baseline: libFuzzer harness for the baseline reader
** (driver/baseline.c): the input is a --baseline file's text; a parsed
** baseline is then matched against a finding as a run does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver/baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size ? size : 1);
  if (size) memcpy(text, data, size);
  Baseline b;
  baseline_init(&b);
  char err[512] = "";
  if (baseline_parse(&b, "fuzz-baseline.json", text, size, err, sizeof err)) {
    Finding f;
    memset(&f, 0, sizeof f);
    f.rule_id = "acquire-without-release";
    f.path = "src/db.js";
    f.function = "handler";
    f.subject = "client";
    f.message = "client is not released";
    baseline_take(&b, &f);
  } else if (!err[0]) {
    abort();
  }
  baseline_fini(&b);
  free(text);
  return 0;
}
