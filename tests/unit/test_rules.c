/* test_rules: the registry is valid (sorted kebab-case ids, summaries that
** match the doc titles, every doc heading, callbacks) and engine_new selects
** rules as EngineOptions asks. */
#include <string.h>

#include "engine/engine_int.h"
#include "rules/registry.h"
#include "test.h"

static void test_validate(void) {
  char err[256] = "";
  bool ok = registry_validate(err, sizeof err);
  if (!ok) fprintf(stderr, "registry_validate: %s\n", err);
  CHECK(ok);
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  CHECK(n == 4);
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
  Engine *e = engine_new(&none);
  CHECK(e->n_rules == 3);
  for (size_t i = 0; i < e->n_rules; i++) CHECK(strcmp(e->rules[i].id, "debug-probe") != 0);
  engine_delete(e);
  EngineOptions dbg = {.enable_debug_rules = true};
  e = engine_new(&dbg);
  CHECK(e->n_rules == 4);
  engine_delete(e);
  const char *only[] = {"transaction-on-pool", NULL};
  EngineOptions one = {.only_rules = only};
  e = engine_new(&one);
  CHECK(e->n_rules == 1 && strcmp(e->rules[0].id, "transaction-on-pool") == 0);
  CHECK(e->rules[0].level == LEVEL_ERROR);
  engine_delete(e);
}

int main(void) {
  test_validate();
  test_selection();
  return test_report("test_rules");
}
