/*
** check-then-act: a read decides a write outside one locking transaction
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
** want-todo: or ok-todo: fixture under fixtures/check-then-act/.
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
#include <string.h>

#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"guarded", "whether %s writes %s depends on a read of %s (%s) that another request can change in between: "
                "both need one transaction that locks the row read, or the write must be atomic by itself"},
    {"read-modify-write", "%s writes %s a value computed from a read of %s (%s) that another request can change in "
                          "between: both need one transaction that locks the row read, or the update must be "
                          "atomic by itself"},
    {NULL, NULL},
};

static bool same_table(const DbOp *a, const DbOp *b) {
  for (uint32_t i = 0; i < a->n_tables; i++)
    for (uint32_t j = 0; j < b->n_tables; j++)
      if (a->tables[i] == b->tables[j]) return true;
  return false;
}

/* The read and the write run in one transaction that makes the read safe:
** it locked the rows it read, or the transaction is SERIALIZABLE. */
static bool protected_pair(const RuleCtx *cx, const DbOp *r, const DbOp *w) {
  if (r->tx_res == -1 || r->tx_res != w->tx_res) return false;
  return (r->flags & DBF_LOCKING) || rule_ctx_tx_serializable(cx, r->tx_res);
}

/* A write with nothing to race: an upsert or self-relative update, or a
** conditional UPDATE/DELETE whose row count the code checks. */
static bool atomic_write(const RuleCtx *cx, uint32_t k, const DbOp *w) {
  return (w->flags & DBF_ATOMIC) || ((w->flags & DBF_CONDITIONAL) && rule_ctx_dbop_result_tested(cx, k));
}

static void report(RuleCtx *cx, const DbOp *r, const DbOp *w, bool guard, SrcLoc at) {
  char subject[160];
  snprintf(subject, sizeof subject, "%s → %s on %s", r->what, w->what, w->table);
  Finding *f = rule_ctx_report(cx, guard ? "guarded" : "read-modify-write", w->loc, subject, w->what, w->table,
                               w->table, r->what);
  rule_ctx_add_related(cx, f, r->loc, "the read");
  if (guard) rule_ctx_add_related(cx, f, at, "decides whether the write happens");
  rule_ctx_add_related(cx, f, w->loc, "the write");
}

static void check_then_act_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t k = 0; k < n; k++) {
    const DbOp *w = rule_ctx_dbop(cx, k);
    if (w->kind != DB_WRITE || atomic_write(cx, k, w)) continue;
    uint64_t feeds = rule_ctx_dbop_value_ops(cx, k); /* values written, not the keys of the rows */
    for (uint32_t j = 0; j < n && j < 64; j++) {
      const DbOp *r = rule_ctx_dbop(cx, j);
      if (j == k || r->kind != DB_READ || !same_table(r, w) || protected_pair(cx, r, w)) continue;
      SrcLoc at;
      bool guard = rule_ctx_dbop_guarded(cx, k, 1ull << j, &at);
      if (!guard && !(feeds >> j & 1)) continue;
      report(cx, r, w, guard, at);
      break; /* one finding per write */
    }
  }
}

const Rule rule_check_then_act = {
    .info =
        {
            .id = "check-then-act",
            .name = "CheckThenAct",
            .summary = "a read decides a write outside one locking transaction",
            RULE_DOCS(check_then_act),
            .default_level = LEVEL_WARNING,
            .precision = "low",
            .tags = (const char *const[]){"correctness", "database", NULL},
            .maturity = MATURITY_EXPERIMENTAL,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_func = check_then_act_end,
            .uses_dbops = true,
        },
};
