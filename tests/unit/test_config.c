/* Unit tests for the configuration parser and discovery (driver/config.h)
** and for baseline files (driver/baseline.h). */
#define _GNU_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver/baseline.h"
#include "driver/config.h"
#include "report/report.h"
#include "test.h"

/* Parses text as "/p/.txlint.json"; err gets the message on failure. */
static bool parse(Config *c, const char *text, char *err, size_t err_len) {
  config_init(c);
  err[0] = '\0';
  return config_parse(c, "/p/.txlint.json", "/p", text, strlen(text), err, err_len);
}

static void test_config_full(void) {
  Config c;
  char err[256];
  CHECK(parse(&c,
              "{\"rules\": {\"acquire-without-release\": \"warning\", \"transaction-on-pool\": \"off\"},\n"
              " \"ignore\": [\"legacy/\", \"*.gen.js\"], \"models\": [\"tools/wrappers.json\", \"/abs/m.json\"],\n"
              " \"failOn\": \"error\"}",
              err, sizeof err));
  const ConfigRule *r = config_rule(&c, "acquire-without-release");
  CHECK(r && !r->off && r->level == LEVEL_WARNING);
  r = config_rule(&c, "transaction-on-pool");
  CHECK(r && r->off);
  CHECK(config_rule(&c, "begin-without-rollback") == NULL);
  CHECK(c.ignore.len == 2);
  CHECK_STR(c.ignore.len == 2 ? c.ignore.items[1] : NULL, "*.gen.js");
  CHECK(c.has_fail_on && c.fail_on == LEVEL_ERROR);
  StrBuf b;
  strbuf_init(&b);
  config_model_path(&c, 0, &b);
  CHECK_STR(strbuf_cstr(&b), "/p/tools/wrappers.json");
  strbuf_clear(&b);
  config_model_path(&c, 1, &b);
  CHECK_STR(strbuf_cstr(&b), "/abs/m.json");
  strbuf_fini(&b);
  config_fini(&c);
}

static void test_config_empty_and_last_wins(void) {
  Config c;
  char err[256];
  CHECK(parse(&c, "{}", err, sizeof err));
  CHECK(c.rules.len == 0 && !c.has_fail_on && c.ignore.len == 0);
  config_fini(&c);
  CHECK(parse(&c, "{\"rules\": {\"begin-without-rollback\": \"off\", \"begin-without-rollback\": \"note\"}}", err,
              sizeof err));
  const ConfigRule *r = config_rule(&c, "begin-without-rollback");
  CHECK(r && !r->off && r->level == LEVEL_NOTE);
  config_fini(&c);
  /* ESLint's form: [level, {options}]; a later plain level drops the options. */
  CHECK(parse(&c, "{\"rules\": {\"check-then-act\": [\"warning\", {\"reportUniqueDuplicates\": true}]}}", err,
              sizeof err));
  r = config_rule(&c, "check-then-act");
  CHECK(r && !r->off && r->level == LEVEL_WARNING && config_rule_option(&c, "check-then-act", 0));
  CHECK(!config_rule_option(&c, "begin-without-rollback", 0));
  config_fini(&c);
  CHECK(parse(&c, "{\"rules\": {\"check-then-act\": [\"note\", {\"reportUniqueDuplicates\": false}]}}", err,
              sizeof err));
  CHECK(!config_rule_option(&c, "check-then-act", 0));
  config_fini(&c);
}

/* Each bad file fails with a message naming the file and the key. */
static void expect_error(const char *text, const char *want_in_message) {
  Config c;
  char err[256];
  bool ok = parse(&c, text, err, sizeof err);
  CHECK(!ok);
  CHECK(strncmp(err, "/p/.txlint.json", 15) == 0);
  if (!strstr(err, want_in_message)) fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err, want_in_message);
  CHECK(strstr(err, want_in_message) != NULL);
  config_fini(&c);
}

static void test_config_errors(void) {
  expect_error("{\"rule\": {}}", "rule: unknown key");
  expect_error("{\"rules\": {\"no-such-rule\": \"off\"}}", "rules.no-such-rule: unknown rule id");
  expect_error("{\"rules\": {\"debug-probe\": \"error\"}}", "rules.debug-probe: unknown rule id");
  expect_error("{\"rules\": {\"acquire-without-release\": \"fatal\"}}", "rules.acquire-without-release: must be");
  expect_error("{\"rules\": {\"acquire-without-release\": 2}}", "rules.acquire-without-release: must be");
  expect_error("{\"rules\": [\"acquire-without-release\"]}", "rules: must be an object");
  expect_error("{\"rules\": {\"check-then-act\": [\"note\", {\"nope\": true}]}}",
               "rules.check-then-act.nope: unknown option");
  expect_error("{\"rules\": {\"check-then-act\": [\"note\", {\"reportUniqueDuplicates\": 1}]}}",
               "rules.check-then-act.reportUniqueDuplicates: must be true or false");
  expect_error("{\"rules\": {\"check-then-act\": [\"note\", {}, 3]}}", "rules.check-then-act: must be");
  expect_error("{\"rules\": {\"check-then-act\": [\"note\", \"x\"]}}", "rules.check-then-act: options must be");
  expect_error("{\"ignore\": \"legacy/\"}", "ignore: must be an array");
  expect_error("{\"ignore\": [\"a\", 3]}", "ignore[1]: must be a non-empty string");
  expect_error("{\"models\": [\"\"]}", "models[0]: must be a non-empty string");
  expect_error("{\"failOn\": \"off\"}", "failOn: must be");
  expect_error("{\"failOn\": \"fatal\"}", "failOn: must be");
  expect_error("[]", "must be a JSON object");
  expect_error("{\"rules\": {}} trailing", "not valid JSON");
  expect_error("{\n\"rules\": {\n\"x\": }\n}", ":3: not valid JSON");
  expect_error("", "not valid JSON");
}

static void touch(const char *path) {
  FILE *fp = fopen(path, "w");
  if (fp) fputs("{}", fp), fclose(fp);
}

/* Discovery walks up to the first directory with .git, not beyond. */
static void test_config_find(void) {
  char root[] = "/tmp/txlint-config-XXXXXX";
  CHECK(mkdtemp(root) != NULL);
  char repo[256], deep[256], path[512], found[512];
  snprintf(repo, sizeof repo, "%s/repo", root);
  snprintf(deep, sizeof deep, "%s/repo/a/b", root);
  mkdir(repo, 0700);
  snprintf(path, sizeof path, "%s/a", repo);
  mkdir(path, 0700);
  mkdir(deep, 0700);
  snprintf(path, sizeof path, "%s/.txlint.json", root); /* above the repository: never used */
  touch(path);
  snprintf(path, sizeof path, "%s/.git", repo);
  mkdir(path, 0700);
  CHECK(!config_find(deep, found, sizeof found));
  snprintf(path, sizeof path, "%s/.txlint.json", repo);
  touch(path);
  CHECK(config_find(deep, found, sizeof found));
  CHECK_STR(found, path);
  snprintf(path, sizeof path, "%s/a/.txlint.json", repo); /* the nearest one wins */
  touch(path);
  CHECK(config_find(deep, found, sizeof found));
  CHECK_STR(found, path);
  Config c;
  char err[256];
  config_init(&c);
  CHECK(config_load(&c, path, err, sizeof err));
  CHECK(c.dir && strstr(c.dir, "/repo/a") && c.dir[strlen(c.dir) - 1] == 'a');
  config_fini(&c);
  config_init(&c);
  CHECK(!config_load(&c, "/nonexistent/.txlint.json", err, sizeof err));
  CHECK(strstr(err, "cannot read") != NULL);
  config_fini(&c);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  CHECK(system(cmd) == 0);
}

/* Section - baselines */

static Finding make_finding(const char *rule, const char *path, const char *function, const char *subject) {
  Finding f;
  memset(&f, 0, sizeof f);
  f.rule_id = rule;
  f.path = path;
  f.function = function;
  f.subject = subject;
  f.message = "m";
  return f;
}

static void test_baseline_round_trip(void) {
  Finding a = make_finding("acquire-without-release", "src/b.js", "f", "c = pool.connect()");
  Finding a2 = a; /* identical: same fingerprint */
  Finding b = make_finding("begin-without-rollback", "src/a.js", "g", "BEGIN on c");
  Finding moved = a;
  moved.loc.line = 99; /* lines are not part of the fingerprint */
  const Finding *list[] = {&a, &b};
  StrBuf doc, doc2;
  strbuf_init(&doc);
  strbuf_init(&doc2);
  baseline_format(list, 2, &doc);
  const Finding *reversed[] = {&b, &a};
  baseline_format(reversed, 2, &doc2);
  CHECK_STR(strbuf_cstr(&doc), strbuf_cstr(&doc2)); /* sorted: input order does not matter */
  const char *first_a = strstr(doc.data, "src/a.js"), *first_b = strstr(doc.data, "src/b.js");
  CHECK(first_a && first_b && first_a < first_b);
  Baseline bl;
  char err[256];
  baseline_init(&bl);
  CHECK(baseline_parse(&bl, "base.json", doc.data, doc.len, err, sizeof err));
  CHECK(bl.n_entries == 2);
  CHECK(baseline_take(&bl, &moved));  /* the entry for a, despite the new line */
  CHECK(!baseline_take(&bl, &a2));    /* count-aware: the second identical one is new */
  CHECK(baseline_take(&bl, &b));
  Finding other_path = make_finding("acquire-without-release", "src/c.js", "f", "c = pool.connect()");
  CHECK(!baseline_take(&bl, &other_path));
  baseline_fini(&bl);
  strbuf_fini(&doc);
  strbuf_fini(&doc2);
}

static void expect_baseline_error(const char *text, const char *want) {
  Baseline bl;
  char err[256] = "";
  baseline_init(&bl);
  CHECK(!baseline_parse(&bl, "base.json", text, strlen(text), err, sizeof err));
  if (!strstr(err, want)) fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err, want);
  CHECK(strstr(err, want) != NULL);
  baseline_fini(&bl);
}

static void test_baseline_errors(void) {
  expect_baseline_error("not json", "not a baseline file");
  expect_baseline_error("{\"entries\": []}", "version");
  expect_baseline_error("{\"version\": 2, \"entries\": []}", "version");
  expect_baseline_error("{\"version\": 1}", "entries");
  expect_baseline_error("{\"version\": 1, \"fingerprint\": \"other/v9\", \"entries\": []}", "fingerprint");
  expect_baseline_error("{\"version\": 1, \"entries\": [{\"rule\": \"x\", \"path\": \"p\"}]}", "entries[0]");
  Baseline bl;
  char err[256];
  baseline_init(&bl);
  CHECK(!baseline_load(&bl, "/nonexistent/base.json", err, sizeof err));
  CHECK(strstr(err, "cannot read the baseline") != NULL);
  baseline_fini(&bl);
}

int main(void) {
  test_config_full();
  test_config_empty_and_last_wins();
  test_config_errors();
  test_config_find();
  test_baseline_round_trip();
  test_baseline_errors();
  return test_report("test_config");
}
