#define _GNU_SOURCE /* PATH_MAX, realpath */
#include "cli/settings.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/json_writer.h"
#include "rules/registry.h"

static bool rule_listed(const char *const *ids, const char *id) {
  for (; ids && *ids; ids++)
    if (strcmp(*ids, id) == 0) return true;
  return false;
}

/* --print-config's configuration: that of its PATH (a file's directory, or
** the directory itself), else of the working directory. */
static bool settings_find_printed(Settings *self, const CliOptions *o, char *err, size_t err_len) {
  const char *path = o->paths.len ? o->paths.items[0] : ".";
  char real[PATH_MAX];
  struct stat st;
  if (!realpath(path, real) || stat(real, &st) != 0) {
    snprintf(err, err_len, "%s: %s", path, strerror(errno));
    return false;
  }
  ConfigEntry *e = S_ISDIR(st.st_mode) ? configset_for_dir(&self->configs, real) : configset_for_file(&self->configs, real);
  if (self->configs.failed) {
    snprintf(err, err_len, "%s", self->configs.error);
    return false;
  }
  self->config = &e->config;
  self->fail_on = o->fail_on_set ? o->fail_on : e->config.has_fail_on ? e->config.fail_on : LEVEL_WARNING;
  return true;
}

bool settings_load(Settings *self, const CliOptions *o, char *err, size_t err_len) {
  memset(self, 0, sizeof *self);
  ConfigMode mode = o->no_config ? CONFIG_NONE : o->config ? CONFIG_FIXED : CONFIG_DISCOVER;
  if (!configset_init(&self->configs, mode, o->config)) {
    snprintf(err, err_len, "%s", self->configs.error);
    return false;
  }
  if (o->rules.len) { /* --rule selects exactly the rules it names, whatever the files say */
    for (uint32_t i = 0; i < o->rules.len; i++) array_push(&self->only_rules, o->rules.items[i]);
    self->restrict_rules = true;
  }
  return !o->print_config || settings_find_printed(self, o, err, err_len);
}

void settings_fini(Settings *self) {
  configset_fini(&self->configs);
  array_free(&self->only_rules);
}

/* A rule's effective setting: "off", or the level its findings get. */
static const char *settings_rule_value(const Settings *self, const RuleInfo *info) {
  if (self->restrict_rules && !rule_listed(self->only_rules.items, info->id)) return "off";
  const ConfigRule *r = config_rule(self->config, info->id);
  if (r && r->off && !self->restrict_rules) return "off";
  return report_level_name(r ? r->level : info->default_level);
}

/* A rule's setting as the file writes it: "LEVEL", or for a rule with options
** ["LEVEL", {every option: on or off}], so the output lists them all. */
static void settings_print_rule(const Settings *self, JsonWriter *w, const RuleInfo *info) {
  jw_key(w, info->id);
  if (!info->options || !info->options[0].name) {
    jw_string(w, settings_rule_value(self, info));
    return;
  }
  const ConfigRule *r = config_rule(self->config, info->id);
  jw_array_begin(w);
  jw_string(w, settings_rule_value(self, info));
  jw_object_begin(w);
  for (uint32_t i = 0; info->options[i].name; i++) jw_kv_bool(w, info->options[i].name, r && (r->options >> i & 1));
  jw_object_end(w);
  jw_array_end(w);
}

static void settings_print_strings(JsonWriter *w, const char *key, const char *const *items, uint32_t n) {
  jw_key(w, key);
  jw_array_begin(w);
  for (uint32_t i = 0; i < n; i++) jw_string(w, items[i]);
  jw_array_end(w);
}

bool settings_print(const Settings *self, const CliOptions *o, const char *models_dir, FILE *out) {
  JsonWriter w;
  jw_init_file(&w, out, true);
  jw_object_begin(&w);
  jw_kv_string(&w, "file", self->config->path); /* null without a file */
  jw_kv_string(&w, "models", models_dir);
  jw_key(&w, "config");
  jw_object_begin(&w);
  jw_key(&w, "rules");
  jw_object_begin(&w);
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  for (size_t i = 0; i < n; i++) {
    if (infos[i]->maturity == MATURITY_DEBUG && !o->debug_rules) continue;
    settings_print_rule(self, &w, infos[i]);
  }
  jw_object_end(&w);
  const Config *c = self->config;
  settings_print_strings(&w, "ignore", c->ignore.items, c->ignore.len);
  settings_print_strings(&w, "include", c->include.items, c->include.len);
  settings_print_strings(&w, "models", c->models.items, c->models.len);
  jw_kv_string(&w, "failOn", report_level_name(self->fail_on));
  jw_key(&w, "tests");
  jw_object_begin(&w);
  static const char *const modes[] = {NULL, "lower", "same", "off"};
  jw_kv_string(&w, "level", c->tests_mode == TESTS_LEVEL ? report_level_name(c->tests_level) : modes[c->tests_mode]);
  settings_print_strings(&w, "paths", c->test_paths.items, c->test_paths.len);
  jw_object_end(&w);
  jw_key(&w, "scripts");
  jw_object_begin(&w);
  jw_kv_string(&w, "level",
               c->scripts_mode == TESTS_LEVEL ? report_level_name(c->scripts_level) : modes[c->scripts_mode]);
  settings_print_strings(&w, "paths", c->script_paths.items, c->script_paths.len);
  jw_object_end(&w);
  jw_object_end(&w);
  jw_object_end(&w);
  return jw_finish(&w);
}
