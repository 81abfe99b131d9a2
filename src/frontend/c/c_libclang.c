/* c_libclang: loads libclang on first use (see c_libclang.h for why). The
** library is opened by its SONAME, as the dynamic linker would have found
** it at start-up (the system's library path and cache), then in the
** directory it was found in at configure time, for an LLVM whose lib
** directory is not on that path. */
#define C_LIBCLANG_NO_NAME_MACROS
#include "frontend/c/c_libclang.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#ifndef TXLINT_LIBCLANG_SONAME
#error "TXLINT_LIBCLANG_SONAME: the CMake build defines libclang's SONAME"
#endif
#ifndef TXLINT_LIBCLANG_DIR
#define TXLINT_LIBCLANG_DIR ""
#endif

CLibclangApi c_libclang_api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *load_error; /* NULL once loaded; written only inside load_once */

/* $TXLINT_LIBCLANG, when set, names the library instead (another LLVM's
** libclang; tests/cli/libclang_load.sh names a missing one). */
static void *open_library(void) {
  const char *chosen = getenv("TXLINT_LIBCLANG");
  if (chosen && *chosen) return dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
  void *h = dlopen(TXLINT_LIBCLANG_SONAME, RTLD_NOW | RTLD_LOCAL);
  static const char configured_dir[] = TXLINT_LIBCLANG_DIR;
  if (!h && configured_dir[0]) h = dlopen(TXLINT_LIBCLANG_DIR "/" TXLINT_LIBCLANG_SONAME, RTLD_NOW | RTLD_LOCAL);
  return h;
}

static void load(void) {
  void *h = open_library();
  if (!h) {
    load_error = "libclang could not be loaded (" TXLINT_LIBCLANG_SONAME ", or $TXLINT_LIBCLANG); C files are not analysed";
    return;
  }
  /* The pointers are written here, before pthread_once returns to any
  ** caller, so every thread sees them filled. The library stays loaded
  ** until exit: its translation units and strings live as long as the run. */
#define C_LIBCLANG_RESOLVE(name)                                                                  \
  *(void **)&c_libclang_api.name = dlsym(h, #name);                                               \
  if (!c_libclang_api.name) {                                                                     \
    load_error = "libclang (" TXLINT_LIBCLANG_SONAME ") lacks " #name "; C files are not analysed"; \
    return;                                                                                       \
  }
  C_LIBCLANG_FUNCS(C_LIBCLANG_RESOLVE)
#undef C_LIBCLANG_RESOLVE
}

bool c_libclang_load(const char **why) {
  pthread_once(&load_once, load);
  if (why) *why = load_error;
  return load_error == NULL;
}
