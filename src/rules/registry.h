/* registry: the table of rules, built from rules.def (one RULE(symbol, "id")
** line per rule, sorted by id). The driver selects rules from it, reporters
** read rule metadata from it (SARIF tool.driver.rules, --list-rules,
** --explain), and check_rules.c validates it. */
#ifndef TXLINT_RULES_REGISTRY_H
#define TXLINT_RULES_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/finding.h"

typedef enum Maturity { MATURITY_STABLE, MATURITY_EXPERIMENTAL, MATURITY_DEBUG } Maturity;

enum { LANGS_C = 1, LANGS_JS = 2, LANGS_TS = 4, LANGS_GO = 8 }; /* same bits as IrLang */

/* A boolean option of a rule, set in .txlint.json as ESLint's are: `"rules":
** {"ID": ["note", {"NAME": true}]}`. Every option is off by default and turns
** on findings the rule keeps quiet otherwise (Finding.option). */
typedef struct RuleOption {
  const char *name; /* camelCase, as written in the configuration */
  const char *doc;  /* one sentence: what turning it on reports */
} RuleOption;

enum { RULE_MAX_OPTIONS = 8 }; /* bits of ConfigRule.options */

/* The metadata half of a rule: what reporters and the CLI may read. The
** behaviour half (callbacks, state size) lives in rule.h, for the engine. */
typedef struct RuleInfo {
  const char *id;            /* "acquire-without-release": kebab-case, names the problem */
  const char *name;          /* "AcquireWithoutRelease" (SARIF reportingDescriptor.name) */
  const char *summary;       /* title: lower-case, no period (= doc title line) */
  const char *description;   /* one paragraph, plain text (SARIF fullDescription) */
  const char *help_markdown; /* the whole rule doc (SARIF help.markdown, --explain) */
  const char *help_text;     /* the doc as plain text (SARIF help.text) */
  FindingLevel default_level;
  const char *precision;     /* "very-high" | "high" | "medium" | "low" */
  const char *const *tags;   /* NULL-terminated */
  Maturity maturity;
  unsigned langs;            /* LANGS_* */
  const RuleOption *options; /* terminated by a NULL name; NULL = none (at most RULE_MAX_OPTIONS) */
} RuleInfo;

/* The index of rule info's option name, or -1. */
int registry_option_index(const RuleInfo *info, const char *name);

/* Returns the registered rules in id order (borrowed, static); *n_out gets
** the count. Debug rules are included; callers filter on maturity. */
const RuleInfo *const *registry_rule_infos(size_t *n_out);
/* Returns the rule with that id, or NULL (borrowed, static). */
const RuleInfo *registry_find_info(const char *id);
/* Checks ids (unique, sorted, kebab-case), summaries (non-empty, no trailing
** period), docs (all headings present) and callbacks. Writes the first problem
** to err and returns false. */
bool registry_validate(char *err, size_t err_len);

#endif
