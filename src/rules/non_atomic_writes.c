/*
** non-atomic-writes: dependent writes run outside one transaction
**
** ## What it finds
**
** TODO: one paragraph: the code pattern reported, where the finding is placed
** (the acquire call, the BEGIN, the closing brace), and the IR events the rule
** reacts to (instr_mask kinds, or the engine's resources in end_func).
**
** ## Why it matters
**
** TODO: the concrete failure in production (pool exhaustion, a transaction left
** open on a pooled connection, a lost write), in one paragraph.
**
** ## Example
**
** TODO: the smallest bad code, with a warn comment on the reported line, then
** "Instead:" and the fixed code. One block per language when lowering differs.
**
** ## How it decides
**
** TODO: the state machine or check; what counts as a release, a use and an
** escape; the null-means-failed and escape-means-released policies; and what it
** deliberately does not do.
**
** ## Known limitations
**
** TODO: the false negatives and false positives known today, each backed by a
** want-todo: or ok-todo: fixture under fixtures/non-atomic-writes/.
**
** ## Data
**
** TODO: which model entries under rules/js/ and rules/go/ feed it, and how to add
** an API (docs/models.md).
**
** ## References
**
** TODO: CWE entries and library documentation.
*/
#include <stdio.h>

#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"dependent-write", "%s writes %s with what %s wrote (%s), but the two writes are not in one transaction: "
                        "if this one fails, the first one's row is left without it"},
    {NULL, NULL},
};

/* Both in one transaction: one this function sees, or, on a connection the
** caller hands in, possibly the caller's (the caller composes the steps). */
static bool same_tx(const DbOp *a, const DbOp *b) {
  if (a->tx_res == -1 && b->tx_res == -1) return (a->flags & b->flags & DBF_CALLERS_CONN) != 0;
  return a->tx_res != -1 && a->tx_res == b->tx_res;
}

static void non_atomic_writes_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  if (place_runs_alone(rule_ctx_module(cx))) return; /* tests, seeds, migrations (their tools run them in one) */
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t k = 0; k < n; k++) {
    const DbOp *second = rule_ctx_dbop(cx, k);
    if (second->kind != DB_WRITE) continue;
    uint64_t feeds = rule_ctx_dbop_arg_ops(cx, k);
    for (uint32_t j = 0; j < n && j < 64; j++) {
      const DbOp *first = rule_ctx_dbop(cx, j);
      if (j == k || first->kind != DB_WRITE || !(first->flags & DBF_RET_INSERTED) || !(feeds >> j & 1) ||
          same_tx(first, second))
        continue;
      char subject[160];
      snprintf(subject, sizeof subject, "%s → %s", first->what, second->what);
      Finding *f = rule_ctx_report(cx, "dependent-write", second->loc, subject, second->what, second->table,
                                   first->what, first->table);
      rule_ctx_add_related(cx, f, first->loc, "the first write");
      rule_ctx_add_related(cx, f, second->loc, "the write that depends on it");
      return; /* one finding per composing function */
    }
  }
}

const Rule rule_non_atomic_writes = {
    .info =
        {
            .id = "non-atomic-writes",
            .name = "NonAtomicWrites",
            .summary = "dependent writes run outside one transaction",
            RULE_DOCS(non_atomic_writes),
            .default_level = LEVEL_WARNING,
            .precision = "low",
            .tags = (const char *const[]){"correctness", "database", NULL},
            .maturity = MATURITY_EXPERIMENTAL,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_func = non_atomic_writes_end,
            .uses_dbops = true,
        },
};
