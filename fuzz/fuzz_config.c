/* fuzz_config: libFuzzer harness for the .txlint.json loader
** (driver/config.c). The input is the file's text; a parsed configuration is
** then queried the way a run does (rule levels, test files, model paths). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "driver/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1); /* config_parse reads the NUL at text[len] */
  if (size) memcpy(text, data, size);
  text[size] = '\0';
  Config cfg;
  config_init(&cfg);
  char err[512] = "";
  if (config_parse(&cfg, "/fuzz/.txlint.json", "/fuzz", text, size, err, sizeof err)) {
    config_rule(&cfg, "acquire-without-release");
    config_is_test_file(&cfg, "src/db/pool.test.ts", NULL);
    config_is_test_file(&cfg, "internal/store/store.go", NULL);
    FindingLevel lv = LEVEL_ERROR;
    config_test_level(&cfg, &lv);
    StrBuf path;
    strbuf_init(&path);
    for (uint32_t i = 0; i < cfg.models.len; i++) strbuf_clear(&path), config_model_path(&cfg, i, &path);
    strbuf_fini(&path);
  } else if (!err[0]) {
    abort(); /* a rejected file says why */
  }
  config_fini(&cfg);
  free(text);
  return 0;
}
