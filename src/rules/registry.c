/* registry: the rule table built from rules.def, its validation, and
** engine_new. engine_new lives here rather than in the engine because the
** engine layer must not name the rules (rules link against the engine, not
** the other way round): the rules layer hands its table to engine_create. */
#include "rules/registry.h"

#include <stdio.h>
#include <string.h>

#include "engine/engine_int.h"
#include "rules/rule.h"

#define RULE(sym, id) extern const Rule rule_##sym;
#include "rules/rules.def"
#undef RULE

static const Rule *const rules_table[] = {
#define RULE(sym, id) &rule_##sym,
#include "rules/rules.def"
#undef RULE
};

static const char *const def_ids[] = {
#define RULE(sym, id) id,
#include "rules/rules.def"
#undef RULE
};

static const char *const doc_titles[] = {
#define RULE(sym, id) rule_doc_##sym##_title,
#include "rules/rules.def"
#undef RULE
};

static const RuleInfo *const infos[] = {
#define RULE(sym, id) &rule_##sym.info,
#include "rules/rules.def"
#undef RULE
};

enum { N_RULES = sizeof rules_table / sizeof *rules_table };

const RuleInfo *const *registry_rule_infos(size_t *n_out) {
  if (n_out) *n_out = N_RULES;
  return infos;
}

const RuleInfo *registry_find_info(const char *id) {
  for (size_t i = 0; id && i < N_RULES; i++)
    if (strcmp(infos[i]->id, id) == 0) return infos[i];
  return NULL;
}

static bool is_kebab(const char *s) {
  if (!s || !*s || *s == '-') return false;
  for (const char *p = s; *p; p++) {
    bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
    if (!ok || (*p == '-' && (p[1] == '-' || p[1] == '\0'))) return false;
  }
  return true;
}

/* At most RULE_MAX_OPTIONS options, each named in the doc (its Options section). */
static bool options_valid(const RuleInfo *info) {
  int n = 0;
  for (const RuleOption *o = info->options; o && o->name; o++, n++)
    if (n >= RULE_MAX_OPTIONS || !o->doc || !info->help_markdown || !strstr(info->help_markdown, o->name)) return false;
  return true;
}

int registry_option_index(const RuleInfo *info, const char *name) {
  int i = 0;
  for (const RuleOption *o = info ? info->options : NULL; o && o->name; o++, i++)
    if (strcmp(o->name, name) == 0) return i;
  return -1;
}

static const char *const doc_headings[] = {
    "## What it finds", "## Why it matters", "## Example", "## How it decides",
    "## Known limitations", "## Data", "## References",
};

static bool validate_one(size_t i, char *err, size_t err_len) {
  const Rule *r = rules_table[i];
  const RuleInfo *info = &r->info;
  const char *problem = NULL;
  size_t len = info->summary ? strlen(info->summary) : 0;
  if (!is_kebab(info->id)) problem = "id is not kebab-case";
  else if (strcmp(info->id, def_ids[i]) != 0) problem = "id differs from its rules.def line";
  else if (i > 0 && strcmp(def_ids[i - 1], def_ids[i]) >= 0) problem = "rules.def is not sorted by id (or has a duplicate)";
  else if (!len) problem = "empty summary";
  else if (info->summary[len - 1] == '.') problem = "summary ends with a period";
  else if (strcmp(info->summary, doc_titles[i]) != 0) problem = "summary differs from the doc comment's title line";
  else if (!info->name || !info->precision || !info->tags) problem = "name, precision or tags missing";
  else if (!r->impl.on_instr && !r->impl.end_func && !r->impl.end_project) problem = "no callbacks";
  else if (r->impl.on_instr && !r->impl.instr_mask) problem = "on_instr without instr_mask";
  else if (!r->impl.messages || !r->impl.messages[0].id) problem = "empty message table";
  else if (!options_valid(info)) problem = "more than RULE_MAX_OPTIONS options, or one its doc does not name";
  for (size_t h = 0; !problem && h < sizeof doc_headings / sizeof *doc_headings; h++)
    if (!info->help_markdown || !strstr(info->help_markdown, doc_headings[h])) problem = "doc misses a heading";
  if (!problem) return true;
  if (err && err_len) snprintf(err, err_len, "rule %s: %s", def_ids[i], problem);
  return false;
}

bool registry_validate(char *err, size_t err_len) {
  for (size_t i = 0; i < N_RULES; i++)
    if (!validate_one(i, err, err_len)) return false;
  return true;
}

/* Debug rules need enable_debug_rules; only_rules then narrows what is left. */
static bool rule_selected(const Rule *r, const EngineOptions *opts) {
  if (r->info.maturity == MATURITY_DEBUG && !(opts && opts->enable_debug_rules)) return false;
  if (!opts || !opts->only_rules) return true;
  for (const char *const *id = opts->only_rules; *id; id++)
    if (strcmp(*id, r->info.id) == 0) return true;
  return false;
}

Engine *engine_new(const EngineOptions *opts) {
  EngineRule selected[N_RULES];
  size_t n = 0;
  for (size_t i = 0; i < N_RULES; i++) {
    if (!rule_selected(rules_table[i], opts)) continue;
    selected[n] = rules_table[i]->impl;
    selected[n].id = rules_table[i]->info.id;
    selected[n].level = rules_table[i]->info.default_level;
    n++;
  }
  return engine_create(opts, selected, n);
}
