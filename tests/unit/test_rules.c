/* test_rules: the registry is valid (sorted kebab-case ids, summaries that
** match the doc titles, every doc heading, callbacks) and engine_new selects
** rules as EngineOptions asks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "rules/registry.h"
#include "test.h"

/* One per rules.def line, so adding a rule (scripts/new-rule) needs no edit here. */
#define RULE(sym, id) +1
enum { N_DEF_RULES = 0
#include "rules/rules.def"
};
#undef RULE

/* The registered rules with MATURITY_DEBUG (selected only on request). */
static size_t n_debug_rules(void) {
  size_t n = 0, n_debug = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  for (size_t i = 0; i < n; i++) n_debug += infos[i]->maturity == MATURITY_DEBUG;
  return n_debug;
}

static void test_validate(void) {
  char err[256] = "";
  bool ok = registry_validate(err, sizeof err);
  if (!ok) fprintf(stderr, "registry_validate: %s\n", err);
  CHECK(ok);
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  CHECK(n == N_DEF_RULES);
  CHECK(n_debug_rules() == 1);
  for (size_t i = 1; i < n; i++) CHECK(strcmp(infos[i - 1]->id, infos[i]->id) < 0);
  for (size_t i = 0; i < n; i++) {
    CHECK(registry_find_info(infos[i]->id) == infos[i]);
    CHECK(infos[i]->description && infos[i]->description[0]);
    CHECK(strstr(infos[i]->help_markdown, "## How it decides") != NULL);
    CHECK(strstr(infos[i]->help_text, "```") == NULL);
  }
  CHECK(registry_find_info("no-such-rule") == NULL);
  const RuleInfo *probe = registry_find_info("debug-probe");
  CHECK(probe && probe->maturity == MATURITY_DEBUG);
}

static void test_selection(void) {
  EngineOptions none = {0};
  const size_t n_default = N_DEF_RULES - n_debug_rules();
  Engine *e = engine_new(&none);
  CHECK(e->n_rules == n_default);
  for (size_t i = 0; i < e->n_rules; i++) CHECK(strcmp(e->rules[i].id, "debug-probe") != 0);
  engine_delete(e);
  EngineOptions dbg = {.enable_debug_rules = true};
  e = engine_new(&dbg);
  CHECK(e->n_rules == N_DEF_RULES);
  engine_delete(e);
  const char *only[] = {"transaction-on-pool", NULL};
  EngineOptions one = {.only_rules = only};
  e = engine_new(&one);
  CHECK(e->n_rules == 1 && strcmp(e->rules[0].id, "transaction-on-pool") == 0);
  CHECK(e->rules[0].level == LEVEL_ERROR);
  engine_delete(e);
  /* No options: the non-debug rules. A debug rule named in only_rules still
  ** needs enable_debug_rules. */
  e = engine_new(NULL);
  CHECK(e->n_rules == n_default);
  engine_delete(e);
  const char *probe[] = {"debug-probe", "transaction-on-pool", NULL};
  EngineOptions probe_only = {.only_rules = probe};
  e = engine_new(&probe_only);
  CHECK(e->n_rules == 1 && strcmp(e->rules[0].id, "transaction-on-pool") == 0);
  engine_delete(e);
  probe_only.enable_debug_rules = true;
  e = engine_new(&probe_only);
  CHECK(e->n_rules == 2);
  engine_delete(e);
}

/* True when every "## " section of doc (a heading and its text, up to the
** next heading) appears word for word in page. */
static bool page_has_sections(const char *page, const char *doc) {
  for (const char *sec = strstr(doc, "\n## "); sec; sec = strstr(sec + 1, "\n## ")) {
    const char *next = strstr(sec + 1, "\n## ");
    size_t len = next ? (size_t)(next - sec) : strlen(sec);
    char *chunk = malloc(len + 1);
    memcpy(chunk, sec, len);
    chunk[len] = '\0';
    bool found = strstr(page, chunk) != NULL;
    if (!found) fprintf(stderr, "section not in the page:%.60s\n", chunk);
    free(chunk);
    if (!found) return false;
  }
  return true;
}

/* docs/rules/ID.md says what the rule's doc comment says: each section of
** the generated help markdown is in the page word for word (the page may add
** sections of its own, such as Options). */
static void test_rule_pages(void) {
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  char *page = malloc(1 << 16);
  for (size_t i = 0; i < n; i++) {
    if (infos[i]->maturity == MATURITY_DEBUG) continue;
    char path[256];
    snprintf(path, sizeof path, "docs/rules/%s.md", infos[i]->id);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) continue;
    size_t len = fread(page, 1, (1 << 16) - 1, f);
    fclose(f);
    page[len] = '\0';
    CHECK(strstr(infos[i]->help_markdown, "\n## What it finds") != NULL);
    bool same = page_has_sections(page, infos[i]->help_markdown);
    if (!same) fprintf(stderr, "%s differs from the doc comment of rule %s\n", path, infos[i]->id);
    CHECK(same);
  }
  free(page);
}

int main(void) {
  test_validate();
  test_selection();
  test_rule_pages();
  return test_report("test_rules");
}
