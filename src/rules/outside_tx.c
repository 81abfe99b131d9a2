/* outside_tx: statements of a transaction's callback sent through another
** connection, as findings (see outside_tx.h). */
#include "rules/outside_tx.h"

#include <stdio.h>

static bool in_tx(const DbOp *op) { return op->tx_res != -1 && !(op->flags & DBF_OUTSIDE_TX); }

/* A write outside the transaction, then one in it: when the later one fails and the
** transaction rolls back, the first stays committed. */
bool outside_tx_report_write(RuleCtx *cx) {
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t w = 0; w < n; w++) {
    const DbOp *out = rule_ctx_dbop(cx, w);
    if (out->kind != DB_WRITE || !(out->flags & DBF_OUTSIDE_TX) || (out->flags & DBF_NEVER_THROWS) ||
        rule_ctx_dbop_sets_constants(cx, w))
      continue;
    for (uint32_t t = 0; t < n; t++) {
      const DbOp *later = rule_ctx_dbop(cx, t);
      if (t == w || later->kind != DB_WRITE || !in_tx(later) || !rule_ctx_dbop_reaches(cx, w, t)) continue;
      char subject[160];
      snprintf(subject, sizeof subject, "%s outside %s", out->what, later->what);
      Finding *f = rule_ctx_report(cx, "write-outside-tx", out->loc, subject, out->what,
                                   dbop_table_or(out, "a table"), later->what);
      rule_ctx_add_related(cx, f, out->loc, "the write on another connection");
      rule_ctx_add_related(cx, f, later->loc, "a later write of the transaction");
      return true;
    }
  }
  return false;
}

/* A write in the transaction, then a read outside it of the same table: the read's
** connection does not see the uncommitted write. */
bool outside_tx_report_read(RuleCtx *cx) {
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t r = 0; r < n; r++) {
    const DbOp *read = rule_ctx_dbop(cx, r);
    if (read->kind != DB_READ || !(read->flags & DBF_OUTSIDE_TX)) continue;
    for (uint32_t t = 0; t < n; t++) {
      const DbOp *wrote = rule_ctx_dbop(cx, t);
      if (t == r || wrote->kind != DB_WRITE || !in_tx(wrote) || !dbop_shares_table(read, wrote) ||
          !rule_ctx_dbop_reaches(cx, t, r))
        continue;
      char subject[160];
      snprintf(subject, sizeof subject, "%s after %s", read->what, wrote->what);
      Finding *f = rule_ctx_report(cx, "read-outside-tx", read->loc, subject, read->what,
                                   dbop_table_or(read, "a table"), wrote->what);
      rule_ctx_add_related(cx, f, wrote->loc, "the transaction's write");
      rule_ctx_add_related(cx, f, read->loc, "the read on another connection");
      return true;
    }
  }
  return false;
}
