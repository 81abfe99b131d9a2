#define _GNU_SOURCE /* PATH_MAX, getcwd */
#include "cli/settings.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "report/json_writer.h"
#include "rules/registry.h"

/* Reads --config FILE, or the nearest .txlint.json, or nothing. */
static bool settings_read_file(Settings *self, const CliOptions *o, char *err, size_t err_len) {
  if (o->no_config) return true;
  if (o->config) return config_load(&self->config, o->config, err, err_len);
  char cwd[PATH_MAX], found[PATH_MAX + 32];
  if (!getcwd(cwd, sizeof cwd) || !config_find(cwd, found, sizeof found)) return true;
  return config_load(&self->config, found, err, err_len);
}

static bool rule_listed(const char *const *ids, const char *id) {
  for (; ids && *ids; ids++)
    if (strcmp(*ids, id) == 0) return true;
  return false;
}

/* --rule selects exactly the rules it names, whatever the file says;
** otherwise the rules the file turns "off" are left out. */
static void settings_select_rules(Settings *self, const CliOptions *o) {
  if (o->rules.len) {
    for (uint32_t i = 0; i < o->rules.len; i++) array_push(&self->only_rules, o->rules.items[i]);
    self->restrict_rules = true;
    return;
  }
  bool any_off = false;
  for (uint32_t i = 0; i < self->config.rules.len; i++) any_off |= self->config.rules.items[i].off;
  if (!any_off) return;
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  for (size_t i = 0; i < n; i++) {
    const ConfigRule *r = config_rule(&self->config, infos[i]->id);
    bool wanted = infos[i]->maturity == MATURITY_DEBUG ? o->debug_rules : !(r && r->off);
    if (wanted) array_push(&self->only_rules, infos[i]->id);
  }
  array_push(&self->only_rules, NULL);
  self->restrict_rules = true;
}

bool settings_load(Settings *self, const CliOptions *o, char *err, size_t err_len) {
  memset(self, 0, sizeof *self);
  config_init(&self->config);
  if (!settings_read_file(self, o, err, err_len)) return false;
  self->fail_on = o->fail_on_set ? o->fail_on : self->config.has_fail_on ? self->config.fail_on : LEVEL_WARNING;
  settings_select_rules(self, o);
  return true;
}

void settings_fini(Settings *self) {
  config_fini(&self->config);
  array_free(&self->only_rules);
}

/* A rule's effective setting: "off", or the level its findings get. */
static const char *settings_rule_value(const Settings *self, const RuleInfo *info) {
  if (self->restrict_rules && !rule_listed(self->only_rules.items, info->id)) return "off";
  const ConfigRule *r = config_rule(&self->config, info->id);
  return report_level_name(r ? r->level : info->default_level);
}

static void settings_print_strings(JsonWriter *w, const char *key, const char *const *items, uint32_t n) {
  jw_key(w, key);
  jw_array_begin(w);
  for (uint32_t i = 0; i < n; i++) jw_string(w, items[i]);
  jw_array_end(w);
}

bool settings_print(const Settings *self, const CliOptions *o, FILE *out) {
  JsonWriter w;
  jw_init_file(&w, out, true);
  jw_object_begin(&w);
  jw_kv_string(&w, "file", self->config.path); /* null without a file */
  jw_key(&w, "config");
  jw_object_begin(&w);
  jw_key(&w, "rules");
  jw_object_begin(&w);
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  for (size_t i = 0; i < n; i++) {
    if (infos[i]->maturity == MATURITY_DEBUG && !o->debug_rules) continue;
    jw_kv_string(&w, infos[i]->id, settings_rule_value(self, infos[i]));
  }
  jw_object_end(&w);
  settings_print_strings(&w, "ignore", self->config.ignore.items, self->config.ignore.len);
  settings_print_strings(&w, "models", self->config.models.items, self->config.models.len);
  jw_kv_string(&w, "failOn", report_level_name(self->fail_on));
  jw_key(&w, "tests");
  jw_object_begin(&w);
  static const char *const modes[] = {NULL, "lower", "same", "off"};
  const Config *c = &self->config;
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
