#define _GNU_SOURCE /* realpath, lstat, PATH_MAX */
#include "driver/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/map.h"
#include "base/xalloc.h"
#include "driver/context.h"
#include "driver/gitignore.h"
#include "frontend/frontend.h"
#include "schema/schema.h"

/* Deeper directories are not searched, with a note. A level costs the walk
** a few hundred bytes of stack (paths are on the heap), and PATH_MAX stops
** a deeper chain of one-letter names anyway. */
enum { DISCOVER_MAX_DEPTH = 2048 };

typedef struct DirId {
  dev_t dev;
  ino_t ino;
} DirId;

typedef struct Walk {
  Discovery *d;
  const DiscoverOptions *o;
  const char *root;         /* the resolved scanned root: links must stay below it */
  size_t root_len;
  bool context;             /* walking a named file's project root: files found are context */
  int restricted;           /* > 0: inside a default-skipped directory entered only because an
                               "include" pattern names something below it */
  ARRAY(Gitignore *) ignores; /* heap: the stack of active .gitignore files */
  Map visited;              /* DirId (in the discovery arena) -> 1: directories entered (loop guard);
                               a hash set, as a tree of 100,000 directories made a list quadratic */
  Map seen_files;           /* real path -> file (dedup), keys in the discovery arena */
} Walk;

/* Directories never searched unless a configuration's "include" names them
** (ESLint and golangci-lint skip the same: installed packages, vendored
** code, Go test data). */
static const char *const default_skipped_dirs[] = {"node_modules", "vendor", "testdata"};

const char *discover_relative(Arena *arena, const char *base_dir, const char *path) {
  size_t n = strlen(base_dir);
  if (path[0] != '/') return arena_strdup(arena, path); /* already relative (a command-line path) */
  if (strcmp(base_dir, "/") == 0) return arena_strdup(arena, path + 1);
  if (strncmp(path, base_dir, n) == 0 && path[n] == '/') return arena_strdup(arena, path + n + 1);
  return arena_strdup(arena, path);
}

static void walk_note(Walk *w, NoteKind kind, const char *path, const char *fmt, const char *detail) {
  if (w->context) return; /* context files give no notifications */
  DiscoverNote note = {kind, discover_relative(w->d->arena, w->d->base, path), arena_printf(w->d->arena, fmt, detail)};
  array_push(&w->d->notes, note);
}

/* Counts a skipped path (not while walking for context: the user did not ask for those paths). */
static void walk_skip(Walk *w, SkipKind kind, const char *path, bool is_dir) {
  if (w->context) return;
  const char *rel = discover_relative(w->d->arena, w->d->base, path);
  skips_count(&w->d->skips, kind, is_dir ? arena_printf(w->d->arena, "%s/", rel) : rel);
}

static bool walk_under_root(const Walk *w, const char *real) {
  if (w->root_len == 1) return true; /* root is "/" */
  return strncmp(real, w->root, w->root_len) == 0 && (real[w->root_len] == '/' || real[w->root_len] == '\0');
}

static void walk_add_file(Walk *w, const char *real, IrLang lang, bool included, ConfigEntry *cfg) {
  if (map_get_cstr(&w->seen_files, real)) return; /* reached again through a link, or a named file */
  SourceFile f = {arena_strdup(w->d->arena, real), discover_relative(w->d->arena, w->d->base, real), lang,
                  w->context, included, cfg};
  map_set_cstr(&w->seen_files, f.real_path, (void *)1);
  array_push(&w->d->files, f);
}

/* A schema file is read for its unique keys only (the project schema): it
** gives no notes and no skip counts, as the user did not ask to lint it. */
static void walk_add_schema_file(Walk *w, const char *real, const struct stat *st) {
  if (!S_ISREG(st->st_mode) || map_get_cstr(&w->seen_files, real)) return;
  const char *kept = arena_strdup(w->d->arena, real);
  map_set_cstr(&w->seen_files, kept, (void *)1);
  array_push(&w->d->schema_files, kept);
}

static bool walk_gitignored(const Walk *w, const char *path, bool is_dir) {
  GitignoreVerdict v = GI_NONE;
  for (uint32_t i = 0; i < w->ignores.len; i++) {
    GitignoreVerdict here = gitignore_match(w->ignores.items[i], path, is_dir);
    if (here != GI_NONE) v = here; /* deeper files override shallower ones */
  }
  return v == GI_IGNORE;
}

static bool cfg_matches(const Gitignore *g, const char *path, bool is_dir) {
  return g && gitignore_match(g, path, is_dir) == GI_IGNORE; /* a pattern that matches (not a "!" one) */
}

/* Reads a gitignore-syntax file whose patterns are relative to dir; NULL when absent. */
static Gitignore *read_ignore_file(const char *file, const char *dir) {
  FILE *fp = fopen(file, "rb");
  if (!fp) return NULL;
  char *text = NULL;
  size_t len = 0, cap = 0, n;
  char chunk[4096];
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    if (len + n > cap) text = xrealloc(text, cap = (len + n) * 2);
    memcpy(text + len, chunk, n);
    len += n;
  }
  fclose(fp);
  char base[PATH_MAX];
  snprintf(base, sizeof base, "%s/", strcmp(dir, "/") == 0 ? "" : dir);
  Gitignore *g = gitignore_parse(base, text ? text : "", len);
  free(text);
  return g;
}

/* Pushes dir's .gitignore if it has one; returns whether it pushed. */
static bool walk_push_gitignore(Walk *w, const char *dir) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/.gitignore", strcmp(dir, "/") == 0 ? "" : dir);
  Gitignore *g = read_ignore_file(path, dir);
  if (g) array_push(&w->ignores, g);
  return g != NULL;
}

static bool walk_enter_once(Walk *w, const struct stat *st) {
  DirId probe;
  memset(&probe, 0, sizeof probe);
  probe.dev = st->st_dev, probe.ino = st->st_ino;
  if (map_get(&w->visited, (const char *)&probe, sizeof probe)) return false;
  DirId *id = ARENA_NEW(w->d->arena, DirId);
  *id = probe;
  map_set(&w->visited, (const char *)id, sizeof *id, (void *)1);
  return true;
}

static void walk_dir(Walk *w, const char *dir, int depth, bool included);

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Resolves a symbolic link; false (with a note for source files) when it
** dangles or loops, and (counted) when it leaves the root. */
static bool walk_resolve_link(Walk *w, const char *path, const char *name, char *real, struct stat *st) {
  IrLang lang;
  if (!realpath(path, real) || stat(real, st) != 0) {
    if (fe_lang_for_path(name, &lang))
      walk_note(w, NOTE_UNREADABLE, path, "cannot follow symbolic link: %s", strerror(errno));
    return false;
  }
  if (walk_under_root(w, real)) return true;
  /* Links out of the scanned root are never followed; only those that could have mattered are counted. */
  if (S_ISDIR(st->st_mode) || fe_lang_for_path(name, &lang) || fe_lang_for_path(real, &lang))
    walk_skip(w, SKIP_SYMLINK_OUT, path, false);
  return false;
}

/* Whether some "include" pattern of cfg names a path below the directory
** at path (absolute): "node_modules/dbkit/" re-includes one package without
** the rest of node_modules. A pattern without a directory part matches at
** any depth, so it leads below every directory. */
static bool include_below(const ConfigEntry *cfg, const char *path) {
  const Config *c = &cfg->config;
  size_t dl = c->dir ? strlen(c->dir) : 0;
  if (!cfg->include || !dl || strncmp(path, c->dir, dl) != 0 || (path[dl] != '/' && dl > 1)) return false;
  const char *rel = path + dl + (dl > 1);
  size_t rl = strlen(rel);
  for (uint32_t i = 0; i < c->include.len; i++) {
    const char *p = c->include.items[i];
    if (p[0] == '!') continue;
    while (p[0] == '/') p++;
    if (strncmp(p, "**/", 3) == 0) return true;
    const char *slash = strchr(p, '/');
    if (!slash || !slash[1]) return true; /* a name matched at any depth */
    if (strncmp(p, rel, rl) == 0 && p[rl] == '/') return true;
  }
  return false;
}

static bool is_default_skipped(const char *name) {
  for (size_t i = 0; i < sizeof default_skipped_dirs / sizeof *default_skipped_dirs; i++)
    if (strcmp(name, default_skipped_dirs[i]) == 0) return true;
  return false;
}

/* A directory entry: .git never; then the configuration's "ignore", its
** "include" (which wins over the rest), .gitignore, the default skips. */
static void walk_subdir(Walk *w, const char *path, const char *real, const char *name, int depth, bool included,
                        const ConfigEntry *cfg) {
  if (strcmp(name, ".git") == 0) return;
  if (cfg_matches(cfg->ignore, path, true)) {
    walk_skip(w, SKIP_CONFIG_IGNORE, path, true);
    return;
  }
  bool inc = included || cfg_matches(cfg->include, path, true);
  if (!inc && walk_gitignored(w, path, true)) {
    walk_skip(w, SKIP_GITIGNORE, path, true);
    return;
  }
  if (!inc && (w->restricted || is_default_skipped(name))) {
    bool below = include_below(cfg, path);
    if (!below && !w->restricted) walk_skip(w, SKIP_DEFAULT_DIR, path, true);
    if (!below) return;
    w->restricted++; /* only what "include" names is taken from here on */
    walk_dir(w, real, depth + 1, false);
    w->restricted--;
    return;
  }
  walk_dir(w, real, depth + 1, inc);
}

/* path and real are PATH_MAX buffers on the heap: on the stack, 8 KB a level
** overflowed it in a deep tree. */
static void walk_entry_at(Walk *w, const char *dir, const char *name, int depth, bool included, ConfigEntry *cfg,
                          char *path, char *real) {
  struct stat st;
  IrLang lang;
  if (snprintf(path, PATH_MAX, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name) >= PATH_MAX) {
    path[PATH_MAX - 1] = '\0';
    walk_note(w, NOTE_UNREADABLE, path, "cannot read: %s", "the path is longer than PATH_MAX; not searched");
    return;
  }
  if (lstat(path, &st) != 0) {
    if (fe_lang_for_path(name, &lang)) walk_note(w, NOTE_UNREADABLE, path, "cannot read: %s", strerror(errno));
    return;
  }
  bool is_link = S_ISLNK(st.st_mode);
  if (is_link && !walk_resolve_link(w, path, name, real, &st)) return;
  if (!is_link) memcpy(real, path, strlen(path) + 1);
  if (S_ISDIR(st.st_mode)) {
    walk_subdir(w, path, real, name, depth, included, cfg);
    return;
  }
  bool schema = !fe_lang_for_path(name, &lang) && schema_is_file_name(name);
  if (!schema && !fe_lang_for_path(name, &lang)) return;
  if (cfg_matches(cfg->ignore, path, false)) {
    if (!schema) walk_skip(w, SKIP_CONFIG_IGNORE, path, false);
    return;
  }
  bool inc = included || cfg_matches(cfg->include, path, false);
  if (!inc && w->restricted) return;
  if (!inc && walk_gitignored(w, path, false)) {
    if (!schema) walk_skip(w, SKIP_GITIGNORE, path, false);
    return;
  }
  if (schema) {
    walk_add_schema_file(w, real, &st);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    walk_note(w, NOTE_UNREADABLE, path, "cannot read: %s", "not a regular file");
    return;
  }
  walk_add_file(w, real, lang, inc, cfg);
}

static void walk_entry(Walk *w, const char *dir, const char *name, int depth, bool included, ConfigEntry *cfg) {
  char *bufs = xmalloc(2 * (size_t)PATH_MAX);
  walk_entry_at(w, dir, name, depth, included, cfg, bufs, bufs + PATH_MAX);
  free(bufs);
}

static void walk_dir(Walk *w, const char *dir, int depth, bool included) {
  struct stat st;
  if (depth > DISCOVER_MAX_DEPTH) {
    walk_note(w, NOTE_TOO_DEEP, dir, "directory nested deeper than %s levels; not searched", "2048");
    return;
  }
  if (stat(dir, &st) != 0 || !walk_enter_once(w, &st)) return;
  DIR *dp = opendir(dir);
  if (!dp) {
    walk_note(w, NOTE_UNREADABLE, dir, "cannot read directory: %s", strerror(errno));
    return;
  }
  ARRAY(char *) names = {0};
  struct dirent *de;
  while ((de = readdir(dp)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    array_push(&names, xstrdup(de->d_name));
  }
  closedir(dp);
  if (names.len) qsort(names.items, names.len, sizeof *names.items, cmp_cstr);
  bool pushed = walk_push_gitignore(w, dir);
  ConfigEntry *cfg = configset_for_dir(w->o->configs, dir);
  for (uint32_t i = 0; i < names.len; i++) {
    walk_entry(w, dir, names.items[i], depth, included, cfg);
    free(names.items[i]);
  }
  array_free(&names);
  if (pushed) gitignore_delete(array_pop(&w->ignores));
}

/* Loads, outermost first, .git/info/exclude of the repository around root
** (the nearest ancestor with a .git entry; the exclude file only when .git
** is a directory) and the .gitignore files from the repository top down to
** root's parent. */
static void walk_push_ancestors(Walk *w, const char *root) {
  char top[PATH_MAX], probe[PATH_MAX + 32];
  struct stat st;
  snprintf(top, sizeof top, "%s", root);
  for (;;) {
    snprintf(probe, sizeof probe, "%s/.git", strcmp(top, "/") == 0 ? "" : top);
    if (lstat(probe, &st) == 0) break;
    char *slash = strrchr(top, '/');
    if (!slash || slash == top) return; /* no repository above: nothing to inherit */
    *slash = '\0';
  }
  if (S_ISDIR(st.st_mode)) {
    snprintf(probe, sizeof probe, "%s/.git/info/exclude", top);
    Gitignore *g = read_ignore_file(probe, top);
    if (g) array_push(&w->ignores, g);
  }
  size_t n = strlen(top);
  while (n < strlen(root)) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", (int)n, root);
    walk_push_gitignore(w, dir);
    const char *next = strchr(root + n + 1, '/');
    if (!next) break;
    n = (size_t)(next - root);
  }
}

static void walk_root(Walk *w, const char *real) {
  w->root = real;
  w->root_len = strlen(real);
  walk_push_ancestors(w, real);
  walk_dir(w, real, 0, false);
  while (w->ignores.len) gitignore_delete(array_pop(&w->ignores));
  map_fini(&w->visited); /* each root is walked on its own */
  map_init(&w->visited, NULL);
}

/* Whether a configuration's "ignore" skips an explicitly named path: the
** path itself or one of its directories matches (as in a walk, a directory
** that is ignored hides everything below it). */
static bool walk_config_ignores(const Walk *w, const char *real, bool is_dir) {
  ConfigEntry *cfg = is_dir ? configset_for_dir(w->o->configs, real) : configset_for_file(w->o->configs, real);
  if (is_dir && strcmp(real, "/") != 0) { /* a directory is decided by the configuration above it */
    char parent[PATH_MAX], probe[PATH_MAX + 8];
    struct stat st;
    snprintf(probe, sizeof probe, "%s/.git", real);
    if (lstat(probe, &st) == 0) return false; /* a repository top: nothing above it applies */
    snprintf(parent, sizeof parent, "%s", real);
    char *slash = strrchr(parent, '/');
    if (slash == parent) slash[1] = '\0';
    else if (slash) *slash = '\0';
    cfg = configset_for_dir(w->o->configs, parent);
  }
  if (!cfg->ignore) return false;
  char prefix[PATH_MAX];
  for (const char *slash = strchr(real + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
    snprintf(prefix, sizeof prefix, "%.*s", (int)(slash - real), real);
    if (cfg_matches(cfg->ignore, prefix, true)) return true;
  }
  return cfg_matches(cfg->ignore, real, is_dir);
}

bool discover_resolve(const char *arg, char *real, size_t len) {
  char full[PATH_MAX];
  if (len >= PATH_MAX && realpath(arg, full)) {
    snprintf(real, len, "%s", full);
    return true;
  }
  const char *slash = strrchr(arg, '/');
  char dir[PATH_MAX], rdir[PATH_MAX];
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - arg) : 1, slash ? (slash == arg ? "/" : arg) : ".");
  if (!realpath(dir, rdir)) return false;
  int n = snprintf(real, len, "%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, slash ? slash + 1 : arg);
  return n > 0 && (size_t)n < len;
}

/* One named file (already resolved). */
static void walk_named_file(Walk *w, const char *arg, const char *real, bool regular) {
  IrLang lang;
  if (!fe_lang_for_path(arg, &lang) && !fe_lang_for_path(real, &lang)) {
    array_push(&w->d->warnings, arena_printf(w->d->arena, "%s: not a file type txlint analyses; skipped", arg));
  } else if (!regular) {
    walk_note(w, NOTE_UNREADABLE, arg, "cannot read: %s", "not a regular file");
  } else {
    /* Explicit files are analysed even if .gitignore ignores them or they are in a skipped directory. */
    ConfigEntry *cfg = configset_for_file(w->o->configs, real);
    bool included = cfg_matches(cfg->include, real, false);
    size_t before = w->d->files.len;
    walk_add_file(w, real, lang, included, cfg);
    w->d->n_named += w->d->files.len > before;
  }
}

/* One command-line path. Returns false when it does not exist (with a note). */
static bool walk_arg(Walk *w, const char *arg) {
  char real[PATH_MAX];
  struct stat st;
  IrLang lang;
  bool is_virtual = w->o->virtual_path && strcmp(arg, w->o->virtual_path) == 0;
  if (lstat(arg, &st) != 0) {
    if (is_virtual && discover_resolve(arg, real, sizeof real)) {
      walk_named_file(w, arg, real, true);
      return true;
    }
    walk_note(w, NOTE_UNREADABLE, arg, "cannot read: %s", strerror(errno));
    return false;
  }
  if (!realpath(arg, real) || stat(real, &st) != 0) {
    walk_note(w, NOTE_UNREADABLE, arg, "cannot read: %s", strerror(errno));
    return fe_lang_for_path(arg, &lang); /* a dangling link with a source extension is an unreadable file */
  }
  if (walk_config_ignores(w, real, S_ISDIR(st.st_mode))) {
    w->d->n_config_ignored++;
    const char *msg = arena_printf(w->d->arena, "%s: ignored by the configuration's \"ignore\"; skipped", arg);
    array_push(&w->d->warnings, msg);
  } else if (S_ISDIR(st.st_mode)) {
    walk_root(w, real);
  } else {
    walk_named_file(w, arg, real, S_ISREG(st.st_mode));
  }
  return true;
}

static int cmp_source(const void *a, const void *b) {
  return strcmp(((const SourceFile *)a)->rel_path, ((const SourceFile *)b)->rel_path);
}

/* The project roots of the named files (context_root), outer ones only, in
** command-line order; and the base directory: the working directory, or the
** directory above both it and every root outside it. */
typedef ARRAY(const char *) RootList;

static void find_roots(Discovery *self, const DiscoverOptions *o, RootList *roots) {
  char base[PATH_MAX], real[PATH_MAX], root[PATH_MAX];
  snprintf(base, sizeof base, "%s", o->cwd_real);
  for (size_t i = 0; o->named_context && i < o->n_paths; i++) {
    struct stat st;
    const char *arg = o->paths[i];
    bool is_virtual = o->virtual_path && strcmp(arg, o->virtual_path) == 0;
    bool ok = stat(arg, &st) == 0 ? S_ISREG(st.st_mode) && realpath(arg, real)
                                  : is_virtual && discover_resolve(arg, real, sizeof real);
    if (!ok || !context_root(real, root, sizeof root)) continue;
    bool covered = false;
    for (uint32_t k = 0; k < roots->len && !covered; k++) {
      size_t n = strlen(roots->items[k]);
      covered = strncmp(root, roots->items[k], n) == 0 && (root[n] == '/' || root[n] == '\0' || n == 1);
    }
    if (covered) continue;
    for (uint32_t k = 0; k < roots->len; k++) { /* a new root above an earlier one replaces it */
      size_t n = strlen(root);
      if (strncmp(roots->items[k], root, n) == 0 && (roots->items[k][n] == '/' || n == 1))
        roots->items[k--] = roots->items[--roots->len];
    }
    array_push(roots, arena_strdup(self->arena, root));
    char common[PATH_MAX];
    context_common_dir(base, root, common, sizeof common);
    snprintf(base, sizeof base, "%s", common);
  }
  self->base = arena_strdup(self->arena, base);
}

bool discover_run(Discovery *self, const DiscoverOptions *o, char *err, size_t err_len) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
  RootList roots = {0};
  find_roots(self, o, &roots);
  Walk w = {0};
  w.d = self;
  w.o = o;
  map_init(&w.seen_files, NULL);
  map_init(&w.visited, NULL);
  size_t n_missing = 0;
  const char *first_missing = NULL;
  for (size_t i = 0; i < o->n_paths; i++) {
    if (walk_arg(&w, o->paths[i])) continue;
    if (!n_missing++) first_missing = o->paths[i];
  }
  w.context = true;
  for (uint32_t i = 0; i < roots.len; i++) walk_root(&w, roots.items[i]);
  array_free(&roots);
  map_fini(&w.seen_files);
  map_fini(&w.visited);
  while (w.ignores.len) gitignore_delete(array_pop(&w.ignores));
  array_free(&w.ignores);
  if (self->files.len) qsort(self->files.items, self->files.len, sizeof *self->files.items, cmp_source);
  if (n_missing && n_missing == o->n_paths) {
    snprintf(err, err_len, "%s: %s", first_missing, strerror(ENOENT));
    return false;
  }
  return true;
}

void discover_fini(Discovery *self) {
  array_free(&self->files);
  array_free(&self->notes);
  array_free(&self->warnings);
  array_free(&self->schema_files);
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}
