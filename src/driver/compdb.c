/* compdb: finding and reading compile_commands.json (see compdb.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "driver/compdb.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/check.h"

#define NO_DB ((void *)1)

void compdbs_init(CompDbs *self, const char *fixed_dir) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
  map_init(&self->dbs, self->arena);
  map_init(&self->dirs, self->arena);
  self->default_libs = "";
  if (fixed_dir) {
    char real[PATH_MAX];
    const char *p = realpath(fixed_dir, real) ? real : fixed_dir;
    size_t n = strlen(p);
    bool is_file = n >= 5 && strcmp(p + n - 5, ".json") == 0;
    self->fixed = is_file ? arena_strdup(self->arena, p) : arena_printf(self->arena, "%s/compile_commands.json", p);
  }
}

void compdbs_fini(CompDbs *self) {
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

/* Section - Paths */

static const char *path_dir(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return ".";
  if (slash == path) return "/";
  return arena_strndup(a, path, (size_t)(slash - path));
}

/* dir/rel with "." and ".." folded (lexically); rel absolute stays itself. */
static const char *path_join(Arena *a, const char *dir, const char *rel) {
  StrBuf raw, out;
  strbuf_init(&raw);
  strbuf_init(&out);
  if (rel[0] != '/') strbuf_printf(&raw, "%s/", dir);
  strbuf_puts(&raw, rel);
  const char *s = strbuf_cstr(&raw);
  size_t segs[512], n = 0;
  while (*s) {
    const char *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == 2 && s[0] == '.' && s[1] == '.') {
      if (n) out.len = segs[--n];
    } else if (len && !(len == 1 && s[0] == '.') && n < ARRAY_LEN(segs)) {
      segs[n++] = out.len;
      strbuf_putc(&out, '/');
      strbuf_append(&out, s, len);
    }
    s = e ? e + 1 : s + len;
  }
  const char *r = out.len ? arena_strndup(a, out.data, out.len) : arena_strdup(a, "/"); /* len may have shrunk */
  strbuf_fini(&raw);
  strbuf_fini(&out);
  return r;
}

/* The resolved path when the file exists, else the lexically normalised one. */
static const char *path_normal(Arena *a, const char *dir, const char *rel) {
  const char *joined = path_join(a, dir, rel);
  char real[PATH_MAX];
  return realpath(joined, real) ? arena_strdup(a, real) : joined;
}

/* Section - Command lines */

void compdb_split_command(Arena *arena, const char *cmd, StrList *out) {
  StrBuf word;
  strbuf_init(&word);
  bool in_word = false;
  for (const char *p = cmd; p && *p; p++) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) array_push_in(arena, out, arena_strndup(arena, word.data ? word.data : "", word.len));
      strbuf_clear(&word);
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\' && p[1]) {
      strbuf_putc(&word, *++p);
    } else if (c == '\'') {
      for (p++; *p && *p != '\''; p++) strbuf_putc(&word, *p);
      if (!*p) break;
    } else if (c == '"') {
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`')) p++;
        strbuf_putc(&word, *p);
      }
      if (!*p) break;
    } else {
      strbuf_putc(&word, c);
    }
  }
  if (in_word) array_push_in(arena, out, arena_strndup(arena, word.data ? word.data : "", word.len));
  strbuf_fini(&word);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_input_file(const char *a) {
  static const char *const exts[] = {".c", ".h", ".i", ".cc", ".cpp", ".cxx", ".C", ".o", ".a", ".so", ".s", ".S"};
  for (size_t i = 0; i < ARRAY_LEN(exts); i++)
    if (ends_with(a, exts[i])) return true;
  return false;
}

static bool in_list(const char *a, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(a, list[i]) == 0) return true;
  return false;
}

/* Options whose value is a path, as separate arguments or joined. */
static const char *const path_options[] = {"-I",         "-isystem",     "-iquote",     "-idirafter", "-include",
                                           "-imacros",   "-isysroot",    "--sysroot=",  "--sysroot",  "-F",
                                           "-iprefix",   "-iwithprefix", "-iwithprefixbefore"};

/* The option's value made absolute against dir ("-Iinc" → "-I/abs/inc"). */
static const char *absolute_value(Arena *arena, const char *opt, const char *value, const char *dir) {
  if (!dir || !*value || value[0] == '/' || value[0] == '=') return NULL;
  return arena_printf(arena, "%s%s", opt, path_join(arena, dir, value));
}

/* A path option with its value joined ("-Iinc"), made absolute; else NULL. */
static const char *absolute_joined(Arena *arena, const char *a, const char *dir) {
  for (size_t i = 0; i < ARRAY_LEN(path_options); i++) {
    size_t n = strlen(path_options[i]);
    if (strncmp(a, path_options[i], n) == 0 && a[n]) {
      const char *opt = arena_strndup(arena, a, n);
      return absolute_value(arena, opt, a + n, dir);
    }
  }
  return NULL;
}

void compdb_clean_args(Arena *arena, const char *const *argv, uint32_t argc, const char *dir, StrList *out) {
  /* Options whose value is the next argument (kept: the value is not an input file). */
  static const char *const with_value[] = {"-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
                                           "-isysroot", "--sysroot", "-x", "-target", "-arch", "-Xclang",
                                           "-Xpreprocessor", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-F"};
  /* Options that only matter to the compiler's output, dropped with their value. */
  static const char *const drop_value[] = {"-o", "-MF", "-MT", "-MQ", "-MJ"};
  static const char *const drop[] = {"-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-pipe",
                                     "-save-temps", "-pedantic-errors", "--"};
  static const char *const wrappers[] = {"ccache", "distcc", "sccache"};
  uint32_t i = 0;
  while (i < argc) { /* ccache gcc …: the wrapper, then the compiler */
    const char *base = strrchr(argv[i], '/');
    if (!in_list(base ? base + 1 : argv[i], wrappers, ARRAY_LEN(wrappers))) break;
    i++;
  }
  for (i++; i < argc; i++) {
    const char *a = argv[i];
    if (in_list(a, drop_value, ARRAY_LEN(drop_value))) {
      i++;
    } else if (in_list(a, with_value, ARRAY_LEN(with_value))) {
      array_push_in(arena, out, a);
      if (i + 1 >= argc) continue;
      const char *v = argv[++i];
      const char *abs = in_list(a, path_options, ARRAY_LEN(path_options)) ? absolute_value(arena, "", v, dir) : NULL;
      array_push_in(arena, out, abs ? abs : v);
    } else if (in_list(a, drop, ARRAY_LEN(drop)) || strncmp(a, "-Werror", 7) == 0 ||
               (strncmp(a, "-o", 2) == 0 && a[2]) || strncmp(a, "-MF", 3) == 0 || strncmp(a, "-MT", 3) == 0 ||
               strncmp(a, "-MQ", 3) == 0 || (a[0] != '-' && is_input_file(a))) {
      /* not needed to parse */
    } else {
      const char *abs = absolute_joined(arena, a, dir);
      array_push_in(arena, out, abs ? abs : a);
    }
  }
}

/* Section - Reading a database */

static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf sb;
  strbuf_init(&sb);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&sb, buf, n);
  fclose(f);
  strbuf_cstr(&sb);
  return strbuf_take(&sb);
}

static void db_add_entry(CompDbs *self, CompDb *db, const cJSON *e) {
  const cJSON *dir = cJSON_GetObjectItemCaseSensitive(e, "directory");
  const cJSON *file = cJSON_GetObjectItemCaseSensitive(e, "file");
  const cJSON *args = cJSON_GetObjectItemCaseSensitive(e, "arguments");
  const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(e, "command");
  if (!cJSON_IsString(file)) return;
  Arena *a = self->arena;
  const char *db_dir = path_dir(a, db->path);
  /* A relative "directory" is taken relative to the database (clang tools
  ** leave it to the working directory, which makes a committed database useless). */
  const char *d = cJSON_IsString(dir) ? path_join(a, db_dir, dir->valuestring) : db_dir;
  StrList argv = {0};
  if (cJSON_IsArray(args)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, args) if (cJSON_IsString(it)) array_push_in(a, &argv, arena_strdup(a, it->valuestring));
  } else if (cJSON_IsString(cmd)) {
    compdb_split_command(a, cmd->valuestring, &argv);
  }
  CompDbEntry en = {path_normal(a, d, file->valuestring), d, NULL, 0};
  StrList clean = {0};
  compdb_clean_args(a, argv.items, argv.len, d, &clean);
  en.args = clean.items;
  en.n_args = clean.len;
  array_push_in(a, &db->entries, en);
}

static CompDb *db_load(CompDbs *self, const char *path) {
  CompDb *db = map_get_cstr(&self->dbs, path);
  if (db) return db;
  db = ARENA_NEW(self->arena, CompDb);
  db->path = arena_strdup(self->arena, path);
  map_init(&db->by_file, self->arena);
  map_set_cstr(&self->dbs, db->path, db);
  char *text = read_text(path);
  cJSON *root = text ? cJSON_Parse(text) : NULL;
  if (!text) db->error = "cannot be read";
  else if (!cJSON_IsArray(root)) db->error = "is not a JSON array of compile commands";
  const cJSON *it;
  if (cJSON_IsArray(root)) cJSON_ArrayForEach(it, root) if (cJSON_IsObject(it)) db_add_entry(self, db, it);
  for (uint32_t i = 0; i < db->entries.len; i++) /* the first entry of a file wins, as in clang */
    if (!map_get_cstr(&db->by_file, db->entries.items[i].file))
      map_set_cstr(&db->by_file, db->entries.items[i].file, &db->entries.items[i]);
  cJSON_Delete(root);
  free(text);
  return db;
}

static bool readable(const char *path) { return access(path, R_OK) == 0; }

/* The nearest database upward of dir (cached per directory), or NULL. */
static CompDb *db_upward(CompDbs *self, const char *dir, int depth) {
  void *hit = map_get_cstr(&self->dirs, dir);
  if (hit) return hit == NO_DB ? NULL : hit;
  CompDb *db = NULL;
  const char *here = arena_printf(self->arena, "%s/compile_commands.json", strcmp(dir, "/") == 0 ? "" : dir);
  const char *build = arena_printf(self->arena, "%s/build/compile_commands.json", strcmp(dir, "/") == 0 ? "" : dir);
  if (readable(here)) db = db_load(self, here);
  else if (readable(build)) db = db_load(self, build);
  else if (strcmp(dir, "/") != 0 && depth < 256) db = db_upward(self, path_dir(self->arena, dir), depth + 1);
  map_set_cstr(&self->dirs, arena_strdup(self->arena, dir), db ? (void *)db : NO_DB);
  return db;
}

/* Section - Flags */

/* The entry whose file shares the longest leading directories with path. */
static const CompDbEntry *db_nearest(const CompDb *db, const char *path) {
  const CompDbEntry *best = NULL;
  size_t best_len = 0;
  for (uint32_t i = 0; i < db->entries.len; i++) {
    const char *f = db->entries.items[i].file;
    size_t k = 0, common = 0;
    while (f[k] && f[k] == path[k]) {
      if (f[k] == '/') common = k + 1;
      k++;
    }
    if (!best || common > best_len) best = &db->entries.items[i], best_len = common;
  }
  return best;
}

static void defaults_load(CompDbs *self) {
  if (self->have_defaults) return;
  self->have_defaults = true;
  static const char *const libs[] = {"libpq", "sqlite3", "libmariadb", "mysqlclient"};
  StrBuf found;
  strbuf_init(&found);
  for (size_t i = 0; i < ARRAY_LEN(libs); i++) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "pkg-config --cflags-only-I %s 2>/dev/null", libs[i]);
    FILE *p = popen(cmd, "r");
    if (!p) continue;
    char line[4096] = "";
    bool got = fgets(line, sizeof line, p) != NULL;
    int status = pclose(p);
    if (!got && status != 0) continue;
    strbuf_printf(&found, "%s%s", found.len ? " " : "", libs[i]);
    StrList words = {0};
    compdb_split_command(self->arena, line, &words);
    for (uint32_t w = 0; w < words.len; w++) {
      bool dup = false;
      for (uint32_t k = 0; k < self->defaults.len && !dup; k++) dup = strcmp(self->defaults.items[k], words.items[w]) == 0;
      if (!dup && strncmp(words.items[w], "-I", 2) == 0) array_push_in(self->arena, &self->defaults, words.items[w]);
    }
  }
  self->default_libs = arena_strdup(self->arena, strbuf_cstr(&found));
  strbuf_fini(&found);
}

CompileFlags compdbs_flags(CompDbs *self, const char *real_path) {
  CompileFlags out = {COMPDB_DEFAULT, NULL, 0, NULL, NULL};
  CompDb *db = self->fixed ? (readable(self->fixed) ? db_load(self, self->fixed) : NULL)
                           : db_upward(self, path_dir(self->arena, real_path), 0);
  const CompDbEntry *e = db ? map_get_cstr(&db->by_file, real_path) : NULL;
  if (db && !e && db->entries.len) {
    e = db_nearest(db, real_path);
    out.source = COMPDB_NEARBY;
  } else if (e) {
    out.source = COMPDB_LISTED;
  }
  if (e) {
    out.args = e->args;
    out.n_args = e->n_args;
    out.directory = e->directory;
    out.db = db;
    return out;
  }
  defaults_load(self);
  out.args = self->defaults.items;
  out.n_args = self->defaults.len;
  out.db = db; /* an empty or unreadable database */
  return out;
}
