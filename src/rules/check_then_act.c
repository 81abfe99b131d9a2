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

#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"duplicate", "%s inserts into %s after %s found no such row, but another request can insert the same row in "
                  "between and both pass the check: make the insert atomic (INSERT … ON CONFLICT, or a unique index "
                  "whose error is handled), or check and insert in one transaction that locks"},
    {"taken", "%s writes to %s a value that %s found no row using yet, but another request can take it in between "
              "and both pass the check: enforce it with a unique index (and handle its error), or check and write "
              "in one serializable transaction"},
    {"guarded", "whether %s inserts into %s depends on what %s read, which another request can change in between: "
                "check and insert in one transaction that locks the rows read (SELECT … FOR UPDATE), or make the "
                "insert conditional in SQL"},
    {"guarded-update", "whether %s changes %s depends on the value %s read of the column it sets, which another "
                       "request can change in between and both pass the check: lock the row read (SELECT … FOR "
                       "UPDATE in the same transaction), or make the update conditional (UPDATE … WHERE status = "
                       "$n) and check its row count"},
    {"read-modify-write", "%s writes to %s a value computed from what %s read, which another request can change in "
                          "between, so one of two updates is lost: lock the row read (SELECT … FOR UPDATE in the "
                          "same transaction), or compute the new value in SQL (SET n = n + $1)"},
    {NULL, NULL},
};

/* The read reads the table the write writes first: its own, for a statement
** (`INSERT INTO t … SELECT … FROM u` writes t); for a helper, the first it
** writes (a row whose key the read found may go into another table's
** foreign key: that is no race on the read table). */
static bool reads_written_table(const DbOp *r, const DbOp *w) {
  for (uint32_t i = 0; w->n_tables && i < r->n_tables; i++)
    if (r->tables[i] == w->tables[0]) return true;
  return false;
}

static bool before(SrcLoc a, SrcLoc b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

/* An advisory lock taken before the read: the code after it runs alone for
** that key (a migrator, a sequence allocator). */
static bool after_advisory_lock(const RuleCtx *cx, const DbOp *r) {
  for (uint32_t i = 0; i < rule_ctx_n_dbops(cx); i++) {
    const DbOp *l = rule_ctx_dbop(cx, i);
    if ((l->flags & DBF_ADVISORY_LOCK) && before(l->loc, r->loc)) return true;
  }
  return false;
}

/* The read and the write run in one transaction that makes the read safe: it
** locked the rows it read, or the transaction is SERIALIZABLE. A locking read
** with no transaction in sight runs in the caller's: FOR UPDATE outside one
** would lock nothing, so its author put it in one. */
static bool protected_pair(const RuleCtx *cx, const DbOp *r, const DbOp *w) {
  if (r->tx_res == -1) return (r->flags & DBF_LOCKING) && w->tx_res == -1;
  if (r->tx_res != w->tx_res) return false;
  return (r->flags & DBF_LOCKING) || rule_ctx_tx_serializable(cx, r->tx_res);
}

/* A write with nothing to race: an upsert or self-relative update, or a
** conditional UPDATE/DELETE whose row count the code checks. */
static bool atomic_write(const RuleCtx *cx, uint32_t k, const DbOp *w) {
  return (w->flags & DBF_ATOMIC) || ((w->flags & DBF_CONDITIONAL) && rule_ctx_dbop_result_tested(cx, k));
}



/* Which message read j and write k make, or NULL for none. An UPDATE or
** DELETE after a found-or-not test of the row it then changes (`if (!user)
** return 404`), or after a test of a value it does not set from the request
** (an ownership check; `if (!u.active) SET active = true`), is quiet: what a
** concurrent request can do in between does not make the write wrong. It is
** reported when it sets the column tested (a status claimed twice), a value
** the read looked up by (a uniqueness check) or one computed from the read. */
static const char *shape_of(const RuleCtx *cx, uint32_t k, const DbOp *w, uint32_t j, uint64_t feeds, SrcLoc *at) {
  DbGuard g = rule_ctx_dbop_guard(cx, k, j, at);
  bool insert = (w->flags & DBF_INSERT) != 0;
  if (insert && g == DB_GUARD_EXISTS) return "duplicate";
  if (feeds >> j & 1) return "read-modify-write";
  if (insert && g >= DB_GUARD_VALUE) return "guarded";
  if (g == DB_GUARD_VALUE_WRITTEN) return "guarded-update";
  if (g == DB_GUARD_EXISTS && rule_ctx_dbop_writes_read_key(cx, k, j)) return "taken";
  return NULL;
}

static void report(RuleCtx *cx, const char *shape, const DbOp *r, const DbOp *w, SrcLoc at) {
  char subject[160];
  snprintf(subject, sizeof subject, "%s → %s on %s", r->what, w->what, w->table);
  Finding *f = rule_ctx_report(cx, shape, w->loc, subject, w->what, w->table, r->what);
  rule_ctx_add_related(cx, f, r->loc, "the read");
  if (strcmp(shape, "read-modify-write") != 0) rule_ctx_add_related(cx, f, at, "decides whether the write happens");
  rule_ctx_add_related(cx, f, w->loc, "the write");
}

static void check_then_act_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  if (place_runs_alone(rule_ctx_module(cx))) return; /* tests, scripts, migrations: no concurrent requests */
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t k = 0; k < n; k++) {
    const DbOp *w = rule_ctx_dbop(cx, k);
    if (w->kind != DB_WRITE || atomic_write(cx, k, w)) continue;
    uint64_t feeds = rule_ctx_dbop_value_ops(cx, k); /* values written, not the keys of the rows */
    for (uint32_t j = 0; j < n && j < 64; j++) {
      const DbOp *r = rule_ctx_dbop(cx, j);
      if (j == k || r->kind != DB_READ || !before(r->loc, w->loc) || !reads_written_table(r, w) || protected_pair(cx, r, w) ||
          after_advisory_lock(cx, r))
        continue;
      SrcLoc at = {0, 0, 0, 0};
      const char *shape = shape_of(cx, k, w, j, feeds, &at);
      if (!shape) continue;
      report(cx, shape, r, w, at);
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
