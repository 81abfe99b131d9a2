/* Unit tests for src/frontend/gap_repair.c's reparse loop, with languages of
** the test's own over the JavaScript grammar, counting the reparses: a file
** whose candidates keep failing is given up after two reparses in a row that
** nothing kept (fuzzed garbage paid up to six), and a failed reparse that
** shrinks the set to a rewrite that takes is still followed by the repair. */
#include "test.h"

#include <stdlib.h>

#include "frontend/gap_repair.h"

const TSLanguage *tree_sitter_javascript(void);

typedef struct Counted {
  TSParser *parser;
  int reparses;
} Counted;

static TSTree *counted_reparse(void *ud, const char *text, uint32_t len) {
  Counted *c = ud;
  c->reparses++;
  return ts_parser_parse_string(c->parser, NULL, text, len);
}

/* Section - A language whose rewrites never repair anything */

/* Every letter of the source is a candidate, rewritten to another letter. */
static bool letters_visit(GapCollect *c, TSNode n) {
  (void)n;
  for (uint32_t i = 0; i < c->len; i++)
    if (c->text[i] >= 'a' && c->text[i] <= 'z') gap_collect_add(c, i, 1, 0);
  return false; /* the root is enough */
}

static void letters_apply(char *text, const GapEdit *e) { text[e->start] = 'k'; }

static bool always_took(TSNode root, const char *text, uint32_t len, const GapEdit *e) {
  (void)root, (void)text, (void)len, (void)e;
  return true;
}

static const char *const letters_what[] = {"a letter"};
static const GapLang letters = {1, letters_what, letters_visit, letters_apply, always_took, NULL};

static void test_garbage_gives_up(void) {
  /* Three separate errors, each with candidates: without the cap, every
  ** error's candidate set and its nearest singles were reparsed. */
  const char *src = "f(a b) ; g(c d) ; h(e f) ;";
  uint32_t len = (uint32_t)strlen(src);
  Counted cnt = {ts_parser_new(), 0};
  ts_parser_set_language(cnt.parser, tree_sitter_javascript());
  TSTree *tree = ts_parser_parse_string(cnt.parser, NULL, src, len);
  CHECK(ts_node_has_error(ts_tree_root_node(tree)));
  FileCtx fx;
  fx_init(&fx, "garbage.js", "garbage.js");
  tree = gap_repair(&fx, tree, src, len, &letters, NULL, counted_reparse, &cnt);
  CHECK(cnt.reparses == 2);
  CHECK(ts_node_has_error(ts_tree_root_node(tree))); /* nothing was repaired */
  CHECK(fx.notes.len == 0);
  ts_tree_delete(tree);
  fx_fini(&fx);
  ts_parser_delete(cnt.parser);
}

/* Section - A language with one real repair and one bogus candidate */

/* `@` becomes `+` (kind 0, the repair); `q` becomes `_` (kind 1, a
** candidate that never takes its role). */
static bool mixed_visit(GapCollect *c, TSNode n) {
  (void)n;
  for (uint32_t i = 0; i < c->len; i++) {
    if (c->text[i] == '@') gap_collect_add(c, i, 1, 0);
    if (c->text[i] == 'q') gap_collect_add(c, i, 1, 1);
  }
  return false;
}

static void mixed_apply(char *text, const GapEdit *e) { text[e->start] = e->kind == 0 ? '+' : '_'; }

static bool mixed_verify(TSNode root, const char *text, uint32_t len, const GapEdit *e) {
  (void)text, (void)len;
  return e->kind == 0 && !ts_node_has_error(root);
}

static const char *const mixed_what[] = {"an operator", "a name"};
static const GapLang mixed = {2, mixed_what, mixed_visit, mixed_apply, mixed_verify, NULL};

static void test_repair_after_one_failure(void) {
  const char *src = "let q = 1 @ 2;\n";
  uint32_t len = (uint32_t)strlen(src);
  Counted cnt = {ts_parser_new(), 0};
  ts_parser_set_language(cnt.parser, tree_sitter_javascript());
  TSTree *tree = ts_parser_parse_string(cnt.parser, NULL, src, len);
  CHECK(ts_node_has_error(ts_tree_root_node(tree)));
  FileCtx fx;
  fx_init(&fx, "mixed.js", "mixed.js");
  tree = gap_repair(&fx, tree, src, len, &mixed, NULL, counted_reparse, &cnt);
  /* Both rewrites together (q's does not take: thrown away), then `@` alone. */
  CHECK(cnt.reparses == 2);
  CHECK(!ts_node_has_error(ts_tree_root_node(tree)));
  CHECK(fx.notes.len == 1 && fx.notes.items[0].kind == NOTE_GRAMMAR_GAP);
  ts_tree_delete(tree);
  fx_fini(&fx);
  ts_parser_delete(cnt.parser);
}

int main(void) {
  test_garbage_gives_up();
  test_repair_after_one_failure();
  return test_report("gap_repair");
}
