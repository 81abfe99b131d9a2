/* modelsdir: where the API models (rules/ in the source tree) are found.
** Nothing built into the binary names the build machine: --models DIR, else
** $TXLINT_MODELS (or its older name $TXLINT_MODELS_DIR), else a directory
** found from the executable's own location (/proc/self/exe), so an installed
** tree can be moved as a whole:
**   <exe dir>/TXLINT_MODELS_FROM_BIN   the installed layout
**                                       (<prefix>/bin/../share/txlint/rules)
**   <exe dir>/share/txlint/rules       the build tree (CMake links it to
**                                       the source tree's rules/) */
#ifndef TXLINT_CLI_MODELSDIR_H
#define TXLINT_CLI_MODELSDIR_H

#include <stdbool.h>
#include <stddef.h>

typedef enum ModelsSource { MODELS_OPTION, MODELS_ENV, MODELS_INSTALLED, MODELS_BUILD_TREE, MODELS_NONE } ModelsSource;

/* Writes the models directory to out and returns where it came from
** (option: --models, NULL if not given). MODELS_NONE: nothing was found;
** out then holds the places looked at, for the error message. */
ModelsSource models_dir_find(const char *option, char *out, size_t out_len);

#endif
