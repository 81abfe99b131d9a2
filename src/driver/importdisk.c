#define _GNU_SOURCE /* realpath, PATH_MAX */
#include "driver/importdisk.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Extensions tried after a specifier without one, in Node's then
** TypeScript's order. */
static const char *const source_exts[] = {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"};
enum { N_EXTS = sizeof source_exts / sizeof *source_exts };

static bool has_source_ext(const char *path) {
  const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash)) return false;
  for (size_t i = 0; i < N_EXTS; i++)
    if (strcmp(dot, source_exts[i]) == 0) return true;
  return false;
}

/* Extensions of what bundlers import that is not code (styles, data,
** images, markup): no candidate is looked up for them, which keeps the
** disk out of the common `import './app.css'`. */
static const char *const asset_exts[] = {".css", ".scss", ".sass", ".less", ".json", ".svg", ".png", ".jpg",
                                         ".jpeg", ".gif", ".webp", ".ico", ".html", ".md", ".txt", ".wasm",
                                         ".node", ".graphql", ".gql", ".yaml", ".yml", ".vue", ".svelte"};

static bool is_asset(const char *spec) {
  const char *dot = strrchr(spec, '.'), *slash = strrchr(spec, '/');
  if (!dot || (slash && dot < slash)) return false;
  for (size_t i = 0; i < sizeof asset_exts / sizeof *asset_exts; i++)
    if (strcmp(dot, asset_exts[i]) == 0) return true;
  return false;
}

/* Joins dir and spec into out, folding "." and ".." (no file system access). */
static bool join_normalised(const char *dir, const char *spec, char *out, size_t len) {
  char joined[PATH_MAX];
  int n = snprintf(joined, sizeof joined, "%s/%s", dir, spec);
  if (n < 0 || (size_t)n >= sizeof joined) return false;
  size_t o = 0;
  for (char *part = strtok(joined, "/"); part; part = strtok(NULL, "/")) {
    if (strcmp(part, ".") == 0) continue;
    if (strcmp(part, "..") == 0) {
      while (o > 0 && out[o - 1] != '/') o--;
      if (o > 0) o--;
      continue;
    }
    size_t pl = strlen(part);
    if (o + 1 + pl + 1 > len) return false;
    out[o++] = '/';
    memcpy(out + o, part, pl);
    o += pl;
  }
  if (o == 0) out[o++] = '/';
  out[o] = '\0';
  return true;
}

/* The candidates for base (normalised) in resolution order; n written. */
static size_t candidates(const char *base, char cands[][PATH_MAX], size_t max) {
  size_t n = 0;
  size_t bl = strlen(base);
  if (has_source_ext(base) && n < max) snprintf(cands[n++], PATH_MAX, "%s", base);
  if (bl > 3 && strcmp(base + bl - 3, ".js") == 0 && n + 2 <= max) { /* TypeScript's ESM: "./db.js" is db.ts */
    snprintf(cands[n++], PATH_MAX, "%.*s.ts", (int)(bl - 3), base);
    snprintf(cands[n++], PATH_MAX, "%.*s.tsx", (int)(bl - 3), base);
  }
  for (size_t i = 0; i < N_EXTS && n < max; i++) snprintf(cands[n++], PATH_MAX, "%s%s", base, source_exts[i]);
  for (size_t i = 0; i < N_EXTS && n < max; i++) snprintf(cands[n++], PATH_MAX, "%s/index%s", base, source_exts[i]);
  return n;
}

ImportTarget importdisk_resolve(const char *importer, const char *spec, ImportKnownFn known, void *ud, char *out,
                                size_t len) {
  char dir[PATH_MAX], base[PATH_MAX];
  const char *slash = strrchr(importer, '/');
  if (!slash || is_asset(spec)) return IMPORT_NOT_FOUND;
  snprintf(dir, sizeof dir, "%.*s", slash == importer ? 1 : (int)(slash - importer), importer);
  if (!join_normalised(dir, spec, base, sizeof base)) return IMPORT_NOT_FOUND;
  enum { MAX_CANDS = 3 + 2 * N_EXTS };
  static char cands[MAX_CANDS][PATH_MAX]; /* too large for the stack; callers are single-threaded */
  size_t n = candidates(base, cands, MAX_CANDS);
  for (size_t i = 0; i < n; i++) /* the cheap check first: no disk access */
    if (known(ud, cands[i])) return IMPORT_KNOWN;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    char real[PATH_MAX];
    if (stat(cands[i], &st) != 0 || !S_ISREG(st.st_mode) || !realpath(cands[i], real)) continue;
    if (known(ud, real)) return IMPORT_KNOWN; /* reached through a symbolic link */
    snprintf(out, len, "%s", real);
    return IMPORT_ON_DISK;
  }
  return IMPORT_NOT_FOUND;
}
