/* cunits: which C files to parse and in which order (see cunits.h). */
#include "driver/cunits.h"

#include <string.h>

#include "base/map.h"
#include "base/xalloc.h"

typedef struct ScanCtx {
  CUnitFile *f;
  Arena *a;
  Map seen; /* calls already recorded */
  const CScan *scan;
} ScanCtx;

static void on_define(void *ud, Str name) {
  ScanCtx *sc = ud;
  /* A static function of a source file is that file's own: no call in
  ** another translation unit reaches it (one in a header is defined in
  ** each file that includes it, which the includes already say). */
  if (sc->scan->define_is_static && !sc->f->is_header) return;
  array_push_in(sc->a, &sc->f->defines, arena_strndup(sc->a, name.ptr, name.len));
}

static void on_call(void *ud, Str name) {
  ScanCtx *sc = ud;
  if (map_get(&sc->seen, name.ptr, name.len)) return;
  const char *n = arena_strndup(sc->a, name.ptr, name.len);
  map_set(&sc->seen, n, name.len, (void *)1);
  array_push_in(sc->a, &sc->f->calls, n);
}

static void on_include(void *ud, Str path) {
  ScanCtx *sc = ud;
  array_push_in(sc->a, &sc->f->includes, arena_strndup(sc->a, path.ptr, path.len));
}

void cunits_scan(CUnitFile *f, const char *src, size_t len, const CUnitWords *words, Arena *arena) {
  ScanCtx sc = {f, arena, {0}, NULL};
  map_init(&sc.seen, NULL);
  CScan scan = {words->prefixes, words->n_prefixes, words->headers, words->n_headers, on_define, on_call, on_include,
                &sc, false, false};
  sc.scan = &scan;
  lexscan_c(src, len, &scan);
  f->model_hit = scan.model_hit;
  f->readable = true;
  map_fini(&sc.seen);
}

/* Section - Includes */

static const char *file_dir_end(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* True when header path rel is what `#include "inc"` written in includer
** names: the same directory joined with inc, or any header whose path ends
** with "/inc" (an include directory of the project). */
static bool include_matches(const char *includer, const char *inc, const char *rel) {
  size_t dir = (size_t)(file_dir_end(includer) - includer), n = strlen(inc), k = strlen(rel);
  if (dir + n == k && strncmp(rel, includer, dir) == 0 && strcmp(rel + dir, inc) == 0) return true;
  return k > n && rel[k - n - 1] == '/' ? strcmp(rel + k - n, inc) == 0 : strcmp(rel, inc) == 0;
}

/* How many leading path components the two paths' directories share. */
static size_t shared_dirs(const char *a, const char *b) {
  size_t shared = 0;
  for (size_t k = 0; a[k] && a[k] == b[k]; k++)
    if (a[k] == '/') shared++;
  return shared;
}

/* Records an include that resolves through an include directory: of the
** headers it may name, the one nearest the includer (the most directories
** in common; the first in path order on a tie), as a build would usually
** have it. Nothing when one of them sits in the includer's own directory,
** where the compiler looks first. */
static void note_via_dir(CUnitFile *files, CUnitFile *f, const char *inc, uint32_t from) {
  size_t dir = (size_t)(file_dir_end(f->rel_path) - f->rel_path), best_shared = 0;
  uint32_t best = UINT32_MAX;
  for (uint32_t k = from; k < f->included.len; k++) {
    const char *rel = files[f->included.items[k]].rel_path;
    if (strncmp(rel, f->rel_path, dir) == 0 && strcmp(rel + dir, inc) == 0) return;
    size_t shared = shared_dirs(f->rel_path, rel);
    if (best == UINT32_MAX || shared > best_shared) best = f->included.items[k], best_shared = shared;
  }
  if (best == UINT32_MAX) return;
  CUnitInclude ci = {inc, best};
  array_push(&f->via_dir, ci);
}

/* Resolves every file's includes to the headers of the run, by file name first. */
static void resolve_includes(CUnitFile *files, uint32_t n) {
  Map by_name; /* header file name → 1 + index of the first header with it; others follow by scan */
  map_init(&by_name, NULL);
  for (uint32_t i = 0; i < n; i++)
    if (files[i].is_header && !map_get_cstr(&by_name, file_dir_end(files[i].rel_path)))
      map_set_cstr(&by_name, file_dir_end(files[i].rel_path), (void *)(uintptr_t)(i + 1));
  for (uint32_t i = 0; i < n; i++) {
    CUnitFile *f = &files[i];
    for (uint32_t k = 0; k < f->includes.len; k++) {
      const char *inc = f->includes.items[k];
      uintptr_t first = (uintptr_t)map_get_cstr(&by_name, file_dir_end(inc));
      uint32_t before = f->included.len;
      for (uint32_t j = first ? (uint32_t)(first - 1) : n; j < n; j++)
        if (j != i && files[j].is_header && strcmp(file_dir_end(files[j].rel_path), file_dir_end(inc)) == 0 &&
            include_matches(f->rel_path, inc, files[j].rel_path))
          array_push(&f->included, j);
      note_via_dir(files, f, inc, before);
    }
  }
  map_fini(&by_name);
}

/* Section - Deciding */

typedef ARRAY(uint32_t) IndexList;

static bool calls_wanted_define(const CUnitFile *files, const Map *defs, const CUnitFile *f) {
  for (uint32_t c = 0; c < f->calls.len; c++) {
    const IndexList *who = map_get_cstr(defs, f->calls.items[c]);
    for (uint32_t k = 0; who && k < who->len; k++)
      if (&files[who->items[k]] != f && files[who->items[k]].wanted) return true;
  }
  return false;
}

static bool includes_wanted(const CUnitFile *files, const CUnitFile *f) {
  for (uint32_t k = 0; k < f->included.len; k++)
    if (files[f->included.items[k]].wanted) return true;
  return false;
}

/* name → the files (IndexList*) that define a function of that name. */
static void defs_build(const CUnitFile *files, uint32_t n, Map *defs, Arena *a) {
  map_init(defs, a);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t d = 0; d < files[i].defines.len; d++) {
      IndexList *who = map_get_cstr(defs, files[i].defines.items[d]);
      if (!who) {
        who = ARENA_NEW(a, IndexList);
        map_set_cstr(defs, files[i].defines.items[d], who);
      }
      if (!who->len || who->items[who->len - 1] != i) array_push_in(a, who, i);
    }
}

/* Marks the headers reachable through includes from analysed source files. */
static void mark_covered(CUnitFile *files, uint32_t n) {
  uint32_t *stack = xcalloc(n + 1, sizeof *stack);
  uint32_t top = 0;
  for (uint32_t i = 0; i < n; i++)
    if (!files[i].is_header && files[i].wanted) stack[top++] = i;
  while (top) {
    const CUnitFile *f = &files[stack[--top]];
    for (uint32_t k = 0; k < f->included.len; k++) {
      CUnitFile *h = &files[f->included.items[k]];
      if (h->covered) continue;
      h->covered = true;
      stack[top++] = f->included.items[k];
    }
  }
  free(stack);
}

void cunits_decide(CUnitFile *files, uint32_t n, bool no_prefilter) {
  resolve_includes(files, n);
  Arena *a = arena_new();
  Map defs;
  defs_build(files, n, &defs, a);
  for (uint32_t i = 0; i < n; i++) files[i].wanted = files[i].readable && (no_prefilter || files[i].model_hit);
  for (bool changed = true; changed;) { /* a file that uses a wanted file's functions or headers */
    changed = false;
    for (uint32_t i = 0; i < n; i++) {
      CUnitFile *f = &files[i];
      if (f->wanted || !f->readable) continue;
      if (includes_wanted(files, f) || calls_wanted_define(files, &defs, f)) f->wanted = changed = true;
    }
  }
  mark_covered(files, n);
  arena_delete(a);
}

void cunits_deps(const CUnitFile *files, uint32_t n, void (*add)(void *ud, uint32_t i, uint32_t j), void *ud) {
  Arena *a = arena_new();
  Map defs;
  defs_build(files, n, &defs, a);
  for (uint32_t i = 0; i < n; i++) {
    const CUnitFile *f = &files[i];
    if (!f->wanted || (f->is_header && f->covered)) continue;
    for (uint32_t c = 0; c < f->calls.len; c++) {
      const IndexList *who = map_get_cstr(&defs, f->calls.items[c]);
      for (uint32_t k = 0; who && k < who->len; k++) {
        uint32_t j = who->items[k];
        if (j != i && files[j].wanted && !(files[j].is_header && files[j].covered)) add(ud, i, j);
      }
    }
  }
  arena_delete(a);
}

void cunits_include_dirs(const CUnitFile *files, uint32_t n, uint32_t i,
                         void (*add)(void *ud, uint32_t header, const char *inc), void *ud) {
  uint8_t *seen = xcalloc(n + 1, 1);
  uint32_t *queue = xcalloc(n + 1, sizeof *queue);
  uint32_t head = 0, tail = 0;
  queue[tail++] = i;
  seen[i] = 1;
  while (head < tail) {
    const CUnitFile *f = &files[queue[head++]];
    for (uint32_t k = 0; k < f->via_dir.len; k++) add(ud, f->via_dir.items[k].header, f->via_dir.items[k].inc);
    for (uint32_t k = 0; k < f->included.len; k++)
      if (!seen[f->included.items[k]]) seen[f->included.items[k]] = 1, queue[tail++] = f->included.items[k];
  }
  free(queue);
  free(seen);
}

void cunits_fini(CUnitFile *files, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) array_free(&files[i].included), array_free(&files[i].via_dir);
}
