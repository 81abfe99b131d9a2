#define _GNU_SOURCE /* PATH_MAX, memmem */
#include "driver/context.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"

enum { CONTEXT_MAX_DEPTH = 128, CONTEXT_MAX_MANIFEST = 1 << 20 };

static bool exists_in(const char *dir, const char *name) {
  char path[PATH_MAX + 64];
  int n = snprintf(path, sizeof path, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
  return n > 0 && (size_t)n < sizeof path && access(path, F_OK) == 0;
}

/* A package.json that declares workspaces (npm, yarn, bun). */
static bool declares_workspaces(const char *dir) {
  char path[PATH_MAX + 16];
  snprintf(path, sizeof path, "%s/package.json", strcmp(dir, "/") == 0 ? "" : dir);
  FILE *fp = fopen(path, "rb");
  if (!fp) return false;
  char *buf = xmalloc(CONTEXT_MAX_MANIFEST);
  size_t n = fread(buf, 1, CONTEXT_MAX_MANIFEST, fp);
  fclose(fp);
  bool hit = memmem(buf, n, "\"workspaces\"", 12) != NULL;
  free(buf);
  return hit;
}

static bool is_workspace_root(const char *dir) {
  return exists_in(dir, "pnpm-workspace.yaml") || exists_in(dir, "lerna.json") || exists_in(dir, "go.work") ||
         declares_workspaces(dir);
}

static bool is_project_dir(const char *dir) {
  static const char *const markers[] = {"package.json", "go.mod", "tsconfig.json", "jsconfig.json",
                                        "compile_commands.json", "build/compile_commands.json"};
  for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
    if (exists_in(dir, markers[i])) return true;
  return false;
}

/* Cuts dir at its last '/' ("/a" → "/"); false at "/". */
static bool parent_dir(char *dir) {
  char *slash = strrchr(dir, '/');
  if (!slash || strcmp(dir, "/") == 0) return false;
  if (slash == dir) slash[1] = '\0';
  else *slash = '\0';
  return true;
}

bool context_root(const char *real_path, char *out, size_t out_len) {
  char dir[PATH_MAX], workspace[PATH_MAX] = "", project[PATH_MAX] = "";
  snprintf(dir, sizeof dir, "%s", real_path);
  if (!parent_dir(dir)) return false;
  for (int depth = 0; depth < CONTEXT_MAX_DEPTH; depth++) {
    if (exists_in(dir, ".git")) {
      snprintf(out, out_len, "%s", dir);
      return true;
    }
    if (!workspace[0] && is_workspace_root(dir)) snprintf(workspace, sizeof workspace, "%s", dir);
    if (!project[0] && is_project_dir(dir)) snprintf(project, sizeof project, "%s", dir);
    if (!parent_dir(dir)) break;
  }
  const char *root = workspace[0] ? workspace : project[0] ? project : NULL;
  if (root) snprintf(out, out_len, "%s", root);
  return root != NULL;
}

void context_closure(uint32_t n, const uint32_t *const *deps, const uint32_t *n_deps, const bool *seed,
                     bool *needed) {
  uint32_t *stack = xcalloc(n ? n : 1, sizeof *stack);
  uint32_t top = 0;
  for (uint32_t i = 0; i < n; i++) {
    needed[i] = seed[i];
    if (seed[i]) stack[top++] = i;
  }
  while (top) {
    uint32_t i = stack[--top];
    for (uint32_t k = 0; k < n_deps[i]; k++) {
      uint32_t j = deps[i][k];
      if (j < n && !needed[j]) needed[j] = true, stack[top++] = j;
    }
  }
  free(stack);
}

void context_common_dir(const char *a, const char *b, char *out, size_t out_len) {
  size_t i = 0, last = 0;
  while (a[i] && a[i] == b[i]) {
    if (a[i] == '/') last = i;
    i++;
  }
  if ((a[i] == '\0' || a[i] == '/') && (b[i] == '\0' || b[i] == '/')) last = i; /* one contains the other */
  if (last == 0) last = 1;                                                    /* "/" */
  snprintf(out, out_len, "%.*s", (int)last, a);
}
