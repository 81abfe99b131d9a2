/* fuzz_models: libFuzzer harness for the API model loader (engine/apispec.c):
** the input is one model file's JSON, loaded into a fresh spec (a library
** model or a catalog), which is then queried the way the engine does. A
** project's "models" files are user input, so a malformed one must give an
** error, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/apispec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size ? size : 1);
  if (size) memcpy(text, data, size);
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  if (apispec_load_text(&spec, "fuzz.json", text, size, err, sizeof err)) {
    const ApiModule *mod = NULL;
    for (uint32_t i = 0; i < spec.libs.len; i++) {
      const ApiLib *lib = &spec.libs.items[i];
      for (uint32_t k = 0; k < lib->modules.len; k++) apispec_find_module(&spec, lib->modules.items[k].specifier, &mod);
    }
    apispec_unmodelled_library(&spec, "pg");
    apispec_result_member(&spec, "rows");
    apispec_is_query_method(&spec, "query");
  } else if (!err[0]) {
    abort(); /* a failed load says why */
  }
  apispec_fini(&spec);
  free(text);
  return 0;
}
