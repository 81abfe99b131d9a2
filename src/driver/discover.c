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
#include "driver/gitignore.h"
#include "frontend/frontend.h"

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
  const char *cwd_real;
  const char *root;         /* the resolved scanned root: links must stay below it */
  size_t root_len;
  const Gitignore *config_ignore; /* borrowed: the configuration's "ignore", or NULL */
  ARRAY(Gitignore *) ignores; /* heap: the stack of active .gitignore files */
  Map visited;              /* DirId (in the discovery arena) -> 1: directories entered (loop guard);
                               a hash set, as a tree of 100,000 directories made a list quadratic */
  Map seen_files;           /* real path -> file (dedup), keys in the discovery arena */
} Walk;

static const char *const skipped_dirs[] = {"node_modules", "vendor", "dist", "build", "out", "coverage"};

const char *discover_relative(Arena *arena, const char *base_dir, const char *path) {
  size_t n = strlen(base_dir);
  if (path[0] != '/') return arena_strdup(arena, path); /* already relative (a command-line path) */
  if (strcmp(base_dir, "/") == 0) return arena_strdup(arena, path + 1);
  if (strncmp(path, base_dir, n) == 0 && path[n] == '/') return arena_strdup(arena, path + n + 1);
  return arena_strdup(arena, path);
}

static void walk_note(Walk *w, NoteKind kind, const char *path, const char *fmt, const char *detail) {
  DiscoverNote note = {kind, discover_relative(w->d->arena, w->cwd_real, path),
                       arena_printf(w->d->arena, fmt, detail)};
  array_push(&w->d->notes, note);
}

static bool walk_under_root(const Walk *w, const char *real) {
  if (w->root_len == 1) return true; /* root is "/" */
  return strncmp(real, w->root, w->root_len) == 0 && (real[w->root_len] == '/' || real[w->root_len] == '\0');
}

static void walk_add_file(Walk *w, const char *real, IrLang lang) {
  if (map_get_cstr(&w->seen_files, real)) return; /* reached again through a link */
  SourceFile f = {arena_strdup(w->d->arena, real), discover_relative(w->d->arena, w->cwd_real, real), lang};
  map_set_cstr(&w->seen_files, f.real_path, (void *)1);
  array_push(&w->d->files, f);
}

static bool walk_ignored(const Walk *w, const char *path, bool is_dir) {
  if (w->config_ignore && gitignore_match(w->config_ignore, path, is_dir) == GI_IGNORE) return true;
  GitignoreVerdict v = GI_NONE;
  for (uint32_t i = 0; i < w->ignores.len; i++) {
    GitignoreVerdict here = gitignore_match(w->ignores.items[i], path, is_dir);
    if (here != GI_NONE) v = here; /* deeper files override shallower ones */
  }
  return v == GI_IGNORE;
}

/* Pushes dir's .gitignore if it has one; returns whether it pushed. */
static bool walk_push_gitignore(Walk *w, const char *dir) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/.gitignore", strcmp(dir, "/") == 0 ? "" : dir);
  FILE *fp = fopen(path, "rb");
  if (!fp) return false;
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
  array_push(&w->ignores, gitignore_parse(base, text ? text : "", len));
  free(text);
  return true;
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

static void walk_dir(Walk *w, const char *dir, int depth);

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Resolves a symbolic link; false (with a note for source files) when it
** dangles, loops, or leaves the root. */
static bool walk_resolve_link(Walk *w, const char *path, const char *name, char *real, struct stat *st) {
  IrLang lang;
  if (!realpath(path, real) || stat(real, st) != 0) {
    if (fe_lang_for_path(name, &lang))
      walk_note(w, NOTE_UNREADABLE, path, "cannot follow symbolic link: %s", strerror(errno));
    return false;
  }
  return walk_under_root(w, real); /* links out of the scanned root are never followed */
}

/* path and real are PATH_MAX buffers on the heap: on the stack, 8 KB a level
** overflowed it in a deep tree. */
static void walk_entry_at(Walk *w, const char *dir, const char *name, int depth, char *path, char *real) {
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
    if (name[0] == '.') return; /* .git and other hidden directories */
    for (size_t i = 0; i < sizeof skipped_dirs / sizeof *skipped_dirs; i++)
      if (strcmp(name, skipped_dirs[i]) == 0) return;
    if (walk_ignored(w, path, true)) return;
    walk_dir(w, real, depth + 1);
    return;
  }
  if (!fe_lang_for_path(name, &lang) || walk_ignored(w, path, false)) return;
  if (!S_ISREG(st.st_mode)) {
    walk_note(w, NOTE_UNREADABLE, path, "cannot read: %s", "not a regular file");
    return;
  }
  walk_add_file(w, real, lang);
}

static void walk_entry(Walk *w, const char *dir, const char *name, int depth) {
  char *bufs = xmalloc(2 * (size_t)PATH_MAX);
  walk_entry_at(w, dir, name, depth, bufs, bufs + PATH_MAX);
  free(bufs);
}

static void walk_dir(Walk *w, const char *dir, int depth) {
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
  for (uint32_t i = 0; i < names.len; i++) {
    walk_entry(w, dir, names.items[i], depth);
    free(names.items[i]);
  }
  array_free(&names);
  if (pushed) gitignore_delete(array_pop(&w->ignores));
}

/* Loads the .gitignore files between the repository top (the nearest
** ancestor with a .git entry) and root's parent, outermost first. */
static void walk_push_ancestors(Walk *w, const char *root) {
  char top[PATH_MAX], probe[PATH_MAX + 8];
  snprintf(top, sizeof top, "%s", root);
  for (;;) {
    snprintf(probe, sizeof probe, "%s/.git", top);
    if (access(probe, F_OK) == 0) break;
    char *slash = strrchr(top, '/');
    if (!slash || slash == top) return; /* no repository above: nothing to inherit */
    *slash = '\0';
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
  walk_dir(w, real, 0);
  while (w->ignores.len) gitignore_delete(array_pop(&w->ignores));
  map_fini(&w->visited); /* each root is walked on its own */
  map_init(&w->visited, NULL);
}

/* Whether the configuration ignores an explicitly named path: the path
** itself or one of its directories matches (as in a walk, a directory that
** is ignored hides everything below it). */
static bool walk_config_ignores(const Walk *w, const char *real, bool is_dir) {
  if (!w->config_ignore) return false;
  char prefix[PATH_MAX];
  for (const char *slash = strchr(real + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
    snprintf(prefix, sizeof prefix, "%.*s", (int)(slash - real), real);
    if (gitignore_match(w->config_ignore, prefix, true) == GI_IGNORE) return true;
  }
  return gitignore_match(w->config_ignore, real, is_dir) == GI_IGNORE;
}

/* One command-line path. Returns false when it does not exist. */
static bool walk_arg(Walk *w, const char *arg, char *err, size_t err_len) {
  char real[PATH_MAX];
  struct stat st;
  IrLang lang;
  if (lstat(arg, &st) != 0) {
    snprintf(err, err_len, "%s: %s", arg, strerror(errno));
    return false;
  }
  if (!realpath(arg, real) || stat(real, &st) != 0) {
    if (fe_lang_for_path(arg, &lang)) {
      walk_note(w, NOTE_UNREADABLE, arg, "cannot read: %s", strerror(errno));
      return true;
    }
    snprintf(err, err_len, "%s: %s", arg, strerror(errno));
    return false;
  }
  if (walk_config_ignores(w, real, S_ISDIR(st.st_mode))) {
    w->d->n_config_ignored++;
    const char *msg = arena_printf(w->d->arena, "%s: ignored by the configuration's \"ignore\"; skipped", arg);
    array_push(&w->d->warnings, msg);
  } else if (S_ISDIR(st.st_mode)) {
    walk_root(w, real);
  } else if (!fe_lang_for_path(arg, &lang) && !fe_lang_for_path(real, &lang)) {
    array_push(&w->d->warnings, arena_printf(w->d->arena, "%s: not a file type txlint analyses; skipped", arg));
  } else if (!S_ISREG(st.st_mode)) {
    walk_note(w, NOTE_UNREADABLE, arg, "cannot read: %s", "not a regular file");
  } else {
    walk_add_file(w, real, lang); /* explicit files are analysed even if .gitignore ignores them */
  }
  return true;
}

static int cmp_source(const void *a, const void *b) {
  return strcmp(((const SourceFile *)a)->rel_path, ((const SourceFile *)b)->rel_path);
}

bool discover_run(Discovery *self, const char *cwd_real, const char *const *paths, size_t n_paths,
                  const Gitignore *config_ignore, char *err, size_t err_len) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
  Walk w = {0};
  w.d = self;
  w.config_ignore = config_ignore;
  w.cwd_real = cwd_real;
  map_init(&w.seen_files, NULL);
  map_init(&w.visited, NULL);
  bool ok = true;
  for (size_t i = 0; i < n_paths && ok; i++) ok = walk_arg(&w, paths[i], err, err_len);
  map_fini(&w.seen_files);
  map_fini(&w.visited);
  while (w.ignores.len) gitignore_delete(array_pop(&w.ignores));
  array_free(&w.ignores);
  if (self->files.len) qsort(self->files.items, self->files.len, sizeof *self->files.items, cmp_source);
  return ok;
}

void discover_fini(Discovery *self) {
  array_free(&self->files);
  array_free(&self->notes);
  array_free(&self->warnings);
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}
