#define _GNU_SOURCE /* realpath */
#include "driver/config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "rules/places.h"
#include "rules/registry.h"

enum { CONFIG_MAX_SIZE = 1024 * 1024 };

void config_init(Config *self) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
  self->tests_mode = TESTS_LEVEL;
  self->tests_level = LEVEL_NOTE;
  self->scripts_mode = TESTS_LEVEL;
  self->scripts_level = LEVEL_NOTE;
}

void config_fini(Config *self) {
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

bool config_parse_setting(const char *s, bool *off, FindingLevel *level) {
  static const struct { const char *name; bool off; FindingLevel level; } settings[] = {
      {"off", true, LEVEL_NOTE},
      {"note", false, LEVEL_NOTE},
      {"warning", false, LEVEL_WARNING},
      {"error", false, LEVEL_ERROR},
  };
  for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
    if (strcmp(s, settings[i].name) == 0) {
      *off = settings[i].off;
      *level = settings[i].level;
      return true;
    }
  }
  return false;
}

/* Section - parsing */

/* Writes "PATH: KEY: problem" (the key may be a dotted path like rules.x). */
static bool config_fail(const Config *self, char *err, size_t err_len, const char *key, const char *problem) {
  snprintf(err, err_len, "%s: %s: %s", self->path, key, problem);
  return false;
}

/* A rule's options object: {"NAME": true | false, …}, names from its RuleInfo. */
static bool config_read_rule_options(Config *self, const RuleInfo *info, const cJSON *obj, const char *key,
                                     ConfigRule *r, char *err, size_t err_len) {
  if (!cJSON_IsObject(obj)) return config_fail(self, err, err_len, key, "options must be an object");
  for (const cJSON *it = obj->child; it; it = it->next) {
    char where[320];
    snprintf(where, sizeof where, "%s.%s", key, it->string);
    int i = registry_option_index(info, it->string);
    if (i < 0) return config_fail(self, err, err_len, where, "unknown option of the rule (see txlint --explain)");
    if (!cJSON_IsBool(it)) return config_fail(self, err, err_len, where, "must be true or false");
    if (cJSON_IsTrue(it)) r->options |= 1u << i;
    else r->options &= ~(1u << i);
  }
  return true;
}

/* "ID": "LEVEL" or, as ESLint writes options, ["LEVEL", {options}]. */
static bool config_read_rule(Config *self, const RuleInfo *info, const cJSON *v, const char *key, ConfigRule *r,
                             char *err, size_t err_len) {
  static const char bad[] = "must be \"off\", \"note\", \"warning\" or \"error\", or [that, {options}]";
  const cJSON *level = v, *opts = NULL;
  if (cJSON_IsArray(v)) {
    int n = cJSON_GetArraySize(v);
    if (n < 1 || n > 2) return config_fail(self, err, err_len, key, bad);
    level = cJSON_GetArrayItem(v, 0);
    opts = n == 2 ? cJSON_GetArrayItem(v, 1) : NULL;
  }
  if (!cJSON_IsString(level) || !config_parse_setting(level->valuestring, &r->off, &r->level))
    return config_fail(self, err, err_len, key, bad);
  return !opts || config_read_rule_options(self, info, opts, key, r, err, err_len);
}

static bool config_read_rules(Config *self, const cJSON *obj, char *err, size_t err_len) {
  if (!cJSON_IsObject(obj)) return config_fail(self, err, err_len, "rules", "must be an object of rule id → level");
  for (const cJSON *it = obj->child; it; it = it->next) {
    char key[256];
    snprintf(key, sizeof key, "rules.%s", it->string);
    const RuleInfo *info = registry_find_info(it->string);
    if (!info || info->maturity == MATURITY_DEBUG)
      return config_fail(self, err, err_len, key, "unknown rule id (see txlint --list-rules)");
    ConfigRule r = {info->id, false, info->default_level, 0};
    if (!config_read_rule(self, info, it, key, &r, err, err_len)) return false;
    array_push_in(self->arena, &self->rules, r);
  }
  return true;
}

/* Reads an array of non-empty strings into out. */
static bool config_read_strings(Config *self, const cJSON *arr, const char *key, void *out_array, char *err,
                                size_t err_len) {
  ARRAY(const char *) *out = out_array;
  if (!cJSON_IsArray(arr)) return config_fail(self, err, err_len, key, "must be an array of strings");
  int i = 0;
  for (const cJSON *it = arr->child; it; it = it->next, i++) {
    char where[64];
    snprintf(where, sizeof where, "%s[%d]", key, i);
    if (!cJSON_IsString(it) || !*it->valuestring)
      return config_fail(self, err, err_len, where, "must be a non-empty string");
    array_push_in(self->arena, out, arena_strdup(self->arena, it->valuestring));
  }
  return true;
}

static bool config_read_fail_on(Config *self, const cJSON *v, char *err, size_t err_len) {
  bool off = false;
  if (!cJSON_IsString(v) || !config_parse_setting(v->valuestring, &off, &self->fail_on) || off)
    return config_fail(self, err, err_len, "failOn", "must be \"note\", \"warning\" or \"error\"");
  self->has_fail_on = true;
  return true;
}

/* "tests" / "scripts": {"level": "note" | "warning" | "error" | "lower" | "same" | "off", "paths": [globs]} */
static bool config_read_place(Config *self, const cJSON *obj, const char *key, TestsMode *mode, FindingLevel *level,
                              void *paths, char *err, size_t err_len) {
  char where[32];
  if (!cJSON_IsObject(obj)) return config_fail(self, err, err_len, key, "must be an object with \"level\" and \"paths\"");
  for (const cJSON *it = obj->child; it; it = it->next) {
    if (strcmp(it->string, "paths") == 0) {
      snprintf(where, sizeof where, "%s.paths", key);
      if (!config_read_strings(self, it, where, paths, err, err_len)) return false;
      continue;
    }
    if (strcmp(it->string, "level") != 0) return config_fail(self, err, err_len, key, "unknown key (known: level, paths)");
    bool off = false;
    const char *v = cJSON_IsString(it) ? it->valuestring : "";
    snprintf(where, sizeof where, "%s.level", key);
    if (strcmp(v, "lower") == 0) *mode = TESTS_LOWER;
    else if (strcmp(v, "same") == 0) *mode = TESTS_SAME;
    else if (config_parse_setting(v, &off, level)) *mode = off ? TESTS_OFF : TESTS_LEVEL;
    else return config_fail(self, err, err_len, where, "must be \"note\", \"warning\", \"error\", \"lower\", \"same\" or \"off\"");
  }
  return true;
}

static bool config_read_member(Config *self, const cJSON *it, char *err, size_t err_len) {
  const char *key = it->string;
  if (strcmp(key, "rules") == 0) return config_read_rules(self, it, err, err_len);
  if (strcmp(key, "ignore") == 0) return config_read_strings(self, it, key, &self->ignore, err, err_len);
  if (strcmp(key, "include") == 0) return config_read_strings(self, it, key, &self->include, err, err_len);
  if (strcmp(key, "models") == 0) return config_read_strings(self, it, key, &self->models, err, err_len);
  if (strcmp(key, "failOn") == 0) return config_read_fail_on(self, it, err, err_len);
  if (strcmp(key, "tests") == 0)
    return config_read_place(self, it, key, &self->tests_mode, &self->tests_level, &self->test_paths, err, err_len);
  if (strcmp(key, "scripts") == 0)
    return config_read_place(self, it, key, &self->scripts_mode, &self->scripts_level, &self->script_paths, err,
                             err_len);
  return config_fail(self, err, err_len, key, "unknown key (known: rules, ignore, include, models, failOn, tests, scripts)");
}

bool config_parse(Config *self, const char *path, const char *dir, const char *text, size_t len, char *err,
                  size_t err_len) {
  self->path = arena_strdup(self->arena, path);
  self->dir = arena_strdup(self->arena, dir);
  const char *end = NULL;
  /* len + 1 takes in the NUL, so trailing text after the object is an error. */
  cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
  if (!root) {
    /* cJSON reports where it stopped; a line number is what an editor needs. */
    size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
    unsigned line = 1;
    for (size_t i = 0; i < at; i++) line += text[i] == '\n';
    snprintf(err, err_len, "%s:%u: not valid JSON", path, line);
    return false;
  }
  bool ok = cJSON_IsObject(root);
  if (!ok) snprintf(err, err_len, "%s: the configuration must be a JSON object", path);
  for (const cJSON *it = ok ? root->child : NULL; it && ok; it = it->next) ok = config_read_member(self, it, err, err_len);
  cJSON_Delete(root);
  return ok;
}

/* Section - files */

/* Reads the whole file into a heap buffer; false with errno set on failure. */
static bool config_read_file(const char *path, char **text, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return false;
  char *buf = NULL;
  size_t n = 0, cap = 0, got;
  char chunk[4096];
  while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0 && n <= CONFIG_MAX_SIZE) {
    if (n + got + 1 > cap) buf = xrealloc(buf, cap = (n + got + 1) * 2);
    memcpy(buf + n, chunk, got);
    n += got;
  }
  bool ok = !ferror(fp) && n <= CONFIG_MAX_SIZE;
  if (!ok && !ferror(fp)) errno = EFBIG;
  fclose(fp);
  if (!ok) {
    free(buf);
    return false;
  }
  if (!buf) buf = xcalloc(1, 1);
  buf[n] = '\0';
  *text = buf;
  *len = n;
  return true;
}

bool config_load(Config *self, const char *path, char *err, size_t err_len) {
  char real[PATH_MAX];
  char *text = NULL;
  size_t len = 0;
  if (!realpath(path, real) || !config_read_file(real, &text, &len)) {
    snprintf(err, err_len, "%s: cannot read the configuration: %s", path, strerror(errno));
    return false;
  }
  char *slash = strrchr(real, '/');
  if (slash == real) slash[1] = '\0'; /* a file in "/" */
  else if (slash) *slash = '\0';
  bool ok = config_parse(self, path, real, text, len, err, err_len);
  free(text);
  return ok;
}

static bool config_exists(const char *dir, const char *name, char *out, size_t out_len) {
  int n = snprintf(out, out_len, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
  return n > 0 && (size_t)n < out_len && access(out, F_OK) == 0;
}

bool config_find(const char *start_dir, char *out, size_t out_len) {
  char dir[PATH_MAX], probe[PATH_MAX + 16];
  snprintf(dir, sizeof dir, "%s", start_dir);
  for (;;) {
    if (config_exists(dir, CONFIG_FILE_NAME, probe, sizeof probe)) {
      snprintf(out, out_len, "%s", probe);
      return true;
    }
    if (config_exists(dir, ".git", probe, sizeof probe)) return false; /* the repository top */
    char *slash = strrchr(dir, '/');
    if (!slash || strcmp(dir, "/") == 0) return false;
    if (slash == dir) slash[1] = '\0';
    else *slash = '\0';
  }
}

/* Section - queries */

const ConfigRule *config_rule(const Config *self, const char *id) {
  for (uint32_t i = self->rules.len; i-- > 0;)
    if (strcmp(self->rules.items[i].id, id) == 0) return &self->rules.items[i];
  return NULL;
}

bool config_rule_option(const Config *self, const char *id, uint32_t option) {
  const ConfigRule *r = self ? config_rule(self, id) : NULL;
  return r && option < 32 && (r->options >> option & 1);
}

void config_model_path(const Config *self, uint32_t i, StrBuf *out) {
  const char *m = self->models.items[i];
  if (m[0] != '/' && self->dir) {
    strbuf_puts(out, self->dir);
    if (strcmp(self->dir, "/") != 0) strbuf_putc(out, '/');
  }
  strbuf_puts(out, m);
}

/* Section - test files */

static bool has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* path relative to the configuration's directory, or path itself outside it. */
static const char *config_relative(const Config *self, const char *path) {
  size_t n = self->dir ? strlen(self->dir) : 0;
  if (!n || path[0] != '/') return path;
  if (n == 1) return path + 1; /* the configuration is in "/" */
  return strncmp(path, self->dir, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

bool config_is_test_file(const Config *self, const char *rel_path, const char *real_path) {
  static const char *const dirs[] = {"test", "tests", "__tests__", "__mocks__", "spec", "e2e"};
  if (!rel_path) return false;
  const char *base = strrchr(rel_path, '/');
  base = base ? base + 1 : rel_path;
  if (has_suffix(base, "_test.go")) return true;
  bool js = !has_suffix(base, ".go");
  if (js && (strstr(base, ".test.") || strstr(base, ".spec."))) return true;
  /* A test runner's setup file (jest's setupFilesAfterEach, vitest's setupFiles) runs only under it. */
  if (js && (strncmp(base, "setupTests.", 11) == 0 || strncmp(base, "test-setup.", 11) == 0 ||
             strncmp(base, "setup-tests.", 12) == 0))
    return true;
  for (const char *seg = rel_path; js && seg < base;) {
    const char *slash = strchr(seg, '/');
    size_t len = (size_t)(slash - seg);
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
      if (strlen(dirs[i]) == len && strncmp(seg, dirs[i], len) == 0) return true;
    seg = slash + 1;
  }
  const char *from_config = self && real_path ? config_relative(self, real_path) : rel_path;
  for (uint32_t i = 0; self && i < self->test_paths.len; i++) {
    const char *g = self->test_paths.items[i];
    if (fnmatch(g, strchr(g, '/') ? from_config : base, 0) == 0) return true;
  }
  return false;
}

static bool place_level(TestsMode mode, FindingLevel setting, FindingLevel *level) {
  switch (mode) {
  case TESTS_OFF: return false;
  case TESTS_SAME: return true;
  case TESTS_LOWER:
    if (*level > LEVEL_NOTE) *level = (FindingLevel)(*level - 1);
    return true;
  default:
    *level = setting;
    return true;
  }
}

bool config_test_level(const Config *self, FindingLevel *level) {
  return self ? place_level(self->tests_mode, self->tests_level, level) : place_level(TESTS_LEVEL, LEVEL_NOTE, level);
}

bool config_script_level(const Config *self, FindingLevel *level) {
  return self ? place_level(self->scripts_mode, self->scripts_level, level) : place_level(TESTS_LEVEL, LEVEL_NOTE, level);
}

bool config_is_script_file(const Config *self, const char *rel_path, const char *real_path) {
  if (!rel_path) return false;
  if (place_is_script(rel_path)) return true;
  const char *base = strrchr(rel_path, '/');
  base = base ? base + 1 : rel_path;
  const char *from_config = self && real_path ? config_relative(self, real_path) : rel_path;
  for (uint32_t i = 0; self && i < self->script_paths.len; i++) {
    const char *g = self->script_paths.items[i];
    if (fnmatch(g, strchr(g, '/') ? from_config : base, 0) == 0) return true;
  }
  return false;
}
