#define _GNU_SOURCE /* realpath, readlink, PATH_MAX */
#include "cli/modelsdir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TXLINT_MODELS_FROM_BIN
#define TXLINT_MODELS_FROM_BIN "../share/txlint/rules"
#endif

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding the running executable, without a trailing '/'. */
static bool exe_dir(char *out, size_t out_len) {
  ssize_t n = readlink("/proc/self/exe", out, out_len - 1);
  if (n <= 0 || (size_t)n >= out_len - 1) return false;
  out[n] = '\0';
  char *slash = strrchr(out, '/');
  if (!slash) return false;
  if (slash == out) slash[1] = '\0';
  else *slash = '\0';
  return true;
}

ModelsSource models_dir_find(const char *option, char *out, size_t out_len) {
  if (option) {
    snprintf(out, out_len, "%s", option);
    return MODELS_OPTION;
  }
  static const char *const env_names[] = {"TXLINT_MODELS", "TXLINT_MODELS_DIR"};
  for (size_t i = 0; i < sizeof env_names / sizeof *env_names; i++) {
    const char *env = getenv(env_names[i]);
    if (env && *env) {
      snprintf(out, out_len, "%s", env);
      return MODELS_ENV;
    }
  }
  char dir[PATH_MAX];
  if (!exe_dir(dir, sizeof dir)) {
    snprintf(out, out_len, "(the executable's directory is unknown: /proc/self/exe cannot be read)");
    return MODELS_NONE;
  }
  char installed[PATH_MAX + 64], build[PATH_MAX + 64];
  snprintf(installed, sizeof installed, "%s/%s", dir, TXLINT_MODELS_FROM_BIN);
  snprintf(build, sizeof build, "%s/share/txlint/rules", dir);
  char real[PATH_MAX];
  if (is_dir(installed)) {
    snprintf(out, out_len, "%s", realpath(installed, real) ? real : installed);
    return MODELS_INSTALLED;
  }
  if (is_dir(build)) {
    snprintf(out, out_len, "%s", realpath(build, real) ? real : build);
    return MODELS_BUILD_TREE;
  }
  snprintf(out, out_len, "%s or %s", installed, build);
  return MODELS_NONE;
}
