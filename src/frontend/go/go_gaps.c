/* go_gaps: same-length rewrites for valid Go that tree-sitter-go 0.25.0 (the
** newest release) rejects. The reparse loop is frontend/gap_repair.c.
**
** * GO_GAP_NEW_EXPR: Go 1.26 lets the builtin `new` take an expression, not
**   only a type (`new(x.ID())`, `new("dark")`, `new(int(n))`: a pointer to
**   a copy of the value). The grammar lexes `new` before `(` as a keyword
**   whose argument list must start with a type. But `new` is a predeclared
**   identifier, not a keyword: Go's parser reads `new(…)` as an ordinary
**   call, and what new may take is a type-checking question, not syntax.
**   So `new` becomes `_ew`, an ordinary callee; the reparse must make it the
**   function of an error-free call_expression. The lowering reads the
**   callee's name from the original source, so the IR has `new(%1)` with the
**   argument's value, as for any call. Only a `new` whose call the grammar
**   broke is rewritten: `new(T)` with a type keeps its special form. */
#include "frontend/go/go_gaps.h"

#include <string.h>

#include "frontend/ts_util.h"

typedef enum GoGapKind { GO_GAP_NEW_EXPR, GO_GAP_COUNT } GoGapKind;

static const char *const go_gap_what[GO_GAP_COUNT] = {
    [GO_GAP_NEW_EXPR] = "`new` with an expression argument (Go 1.26)",
};

/* True when n, or one of its ancestors up to `levels` above it, is or holds
** an error. */
static bool near_error(TSNode n, int levels) {
  for (int i = 0; i <= levels && ts_ok(n); i++, n = ts_node_parent(n))
    if (ts_node_is_error(n) || ts_node_has_error(n)) return true;
  return false;
}

static bool go_gap_visit(GapCollect *c, TSNode n) {
  if (ts_node_child_count(n) > 0) return true;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e - s != 3 || memcmp(c->text + s, "new", 3) != 0 || ts_node_is_missing(n)) return false;
  uint32_t i = e;
  while (i < c->len && (c->text[i] == ' ' || c->text[i] == '\t')) i++;
  if (i < c->len && c->text[i] == '(' && near_error(n, 3)) gap_collect_add(c, s, 3, GO_GAP_NEW_EXPR);
  return false;
}

static void go_gap_apply(char *text, const GapEdit *e) { text[e->start] = '_'; }

static bool go_gap_verify(TSNode root, const char *text, uint32_t len, const GapEdit *e) {
  (void)text, (void)len;
  TSNode n = gap_clean_node_at(root, e->start, e->len);
  if (!ts_ok(n) || !gap_node_is_exactly(n, e->start, e->len) || !ts_is(n, "identifier")) return false;
  TSNode call = ts_node_parent(n);
  return ts_is(call, "call_expression") && ts_node_eq(ts_field(call, "function"), n);
}

static const GapLang go_gap_lang = {
    .n_kinds = GO_GAP_COUNT,
    .what = go_gap_what,
    .visit = go_gap_visit,
    .apply = go_gap_apply,
    .verify = go_gap_verify,
};

TSTree *go_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, GapReparseFn reparse, void *ud) {
  return gap_repair(fx, tree, src, len, &go_gap_lang, NULL, reparse, ud);
}
