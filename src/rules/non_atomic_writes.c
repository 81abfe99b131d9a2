/*
** non-atomic-writes: dependent writes run outside one transaction
**
** ## What it finds
**
** A write that uses a value an earlier INSERT produced — an id from
** `RETURNING`, `LastInsertId()`, mysql2's `insertId`, `rows[0].id`, what a
** repository helper returns after inserting — where the two writes do not
** run in one transaction. Reported at the later write, in the function that
** composes the steps (after applying the summaries of the helpers it calls),
** with the earlier write as a related location; one finding per composing
** function.
**
** It also finds a replace: rows of a table deleted by a key (`DELETE FROM
** tags WHERE profile_id = $1`, GORM `db.Where("profile_id = ?", p.Id).Delete(&Tag{})`,
** Sequelize `Tag.destroy({ where: { profile_id: p.id } })`)
** and then inserted again with that key (the same path among the insert's
** values, or stored into a member of the struct it saves, or returned by
** the callback that maps a list to its rows: `bulkCreate(tags.map((t) =>
** ({ profile_id: p.id, name: t })))`), outside one
** transaction; reported at the delete (engine/dbreplace.c).
**
** ## Why it matters
**
** Each statement commits on its own. When the second write fails (a
** constraint, a timeout, a crash, a deploy), the first row stays: a deal
** without its scenarios, a team without its owner, an order without its
** lines. Nothing retries it and nothing cleans it up, and the half-made
** record shows up in every list.
**
** ## Example
**
** ```js
** const { rows } = await pool.query('INSERT INTO deals (name) VALUES ($1) RETURNING id', [name]);
** await pool.query('INSERT INTO scenarios (deal_id) VALUES ($1)', [rows[0].id]); // warn
** ```
**
** Instead, run both on one client in one transaction:
**
** ```js
** const client = await pool.connect();
** try {
**   await client.query('BEGIN');
**   const { rows } = await client.query('INSERT INTO deals (name) VALUES ($1) RETURNING id', [name]);
**   await client.query('INSERT INTO scenarios (deal_id) VALUES ($1)', [rows[0].id]);
**   await client.query('COMMIT');
** } catch (e) {
**   await client.query('ROLLBACK');
**   throw e;
** } finally {
**   client.release();
** }
** ```
**
** or as one statement (`WITH d AS (INSERT … RETURNING id) INSERT … SELECT id
** FROM d`).
**
** ```go
** res, err := db.ExecContext(ctx, "INSERT INTO teams (name) VALUES (?)", name)
** // …
** id, _ := res.LastInsertId()
** _, err = db.ExecContext(ctx, "INSERT INTO members (team_id, user_id) VALUES (?, ?)", id, owner) // warn
** ```
**
** ## How it decides
**
** On the engine's data operations (engine/dbops.c, see check-then-act): an
** operation that inserts and whose result is what it inserted (the
** statement's own result — also through the project's own query wrapper,
** `this.run('INSERT … RETURNING id', [name], 'tag')`, whose call is the
** statement it is given —, a helper whose summary returns the row or id it
** inserted, or one that stores the id into a field of the struct it is given:
** Go `u.ID, err = res.LastInsertId()` in `CreateUser(u)` makes the caller's
** `u.ID` the insert's; GORM's `db.Create(p)` and `db.Save(p)` of a struct the
** function neither made nor read fill in `p`'s primary key, the model's
** `fills_key`, unless the chain looks the row up by a member of `p`), and a
** later write whose arguments carry that result — also through a struct
** whose member was set from it (`entry.FeedID = feed.ID; createEntry(tx,
** entry)`). A helper that returns the row it found or else the one it
** inserted into that table (get-or-create) hands back no new row, unless
** its read runs only after a plain INSERT (no ON CONFLICT or IGNORE: it makes
** its row or throws), a fallback that finds nothing old. Nor does an
** entity saved that the function read on one path and made on another and
** none of whose members it assigns (`let m = await repo.findOne(…); if (!m)
** m = new M(…); await repo.save(m)`): the next call finds that row again.
** And a first row made where a read found none is not left without its
** dependant when the function also makes the dependant where the read found
** the row (`if (!user) { u = await createUser(); await createKey(u.id) } else
** if (!key) await createKey(user.id)`): the next call completes it. A Go
** repository value (`s *store`, `app.db` of a struct type that holds its
** own pool) is not a connection the caller hands in; a `*gorm.DB` parameter
** may be (GORM's transactions have the pool's type). Quiet
** when both run in one transaction the function sees (the typestate's open
** transaction on the same connection, a managed-transaction callback, a
** project `withTransaction(fn)` helper), on a transaction the function was
** handed (Go `tx *sql.Tx`), or both on a connection a parameter hands in that
** is not known to be a pool (the caller decides, and may hold a transaction
** on it), or between a `beginTransaction()` and its `commit()`/`rollback()`
** on the same receiver of a kind the models do not know (engine/lextx.c).
** SQL text is read from literals, module constants and locals assigned once
** (Go: writes only, `fixtures/non-atomic-writes/go/feeds/local_sql.go`). A
** store held as a Go interface (`h.store.CreateAccount(a)`) runs what the
** package's implementations of the interface run, leaving out those that
** touch no table (a fake for tests). A Go call whose one result is an
** `error` (`err := s.CreateUser(u)`) says only whether it failed: a write
** handed that error on the failure path depends on nothing it wrote. One statement with a CTE is one write. An update that writes only
** constants (`updateStatus(id, 'done')`, `SET state = 'failed'`) marks a
** state of the row and leaves nothing half-made. An update of the row the insert made, keyed by the insert's result and
** writing nothing taken from it (a delivery row made before a request and
** completed with the response), leaves that row as its insert made it, not
** half-made. Writes with no value
** flowing from the first to the second (an audit row after an update) are
** not dependants, and neither is a write by a helper that catches whatever
** its statements throw (best-effort audit logging: its failure never reaches
** the caller), nor one that no path runs after the first (the two arms of an
** if/else). Tests, scripts, seeds and migrations are quiet
** (rules/places.c): migration tools run each migration in a transaction of
** their own.
**
** In C and Go, a pair in a function that runs once per process (`main`,
** Go's `init` or package initialisation, or called only from such
** functions, on no loop, never used as a value; engine/goonce.c) is a note:
** a first-run bootstrap leaves at most one row without its dependant, once.
**
** Inside a managed transaction's callback, a write sent through another
** connection than the transaction's client (the pool, another ORM client, a
** helper on a connection of its own that is not handed the client:
** engine/txescape.c) is outside the transaction: when a write of the
** transaction follows it and fails, the rollback leaves that write committed
** (`write-outside-tx`, at the outside write). A dependent write outside the
** transaction after the transaction's insert is quiet: its failure rolls
** the transaction back.
**
** ## Known limitations
**
** * A compensating delete on the second write's error path is not
**   recognised (`fixtures/non-atomic-writes/js/known_gaps.js`).
** * A helper that makes both writes on a connection its caller passes is
**   quiet, and so is its caller when it passes a pool
**   (`fixtures/non-atomic-writes/js/known_gaps.js`).
** * A replace through helpers (a `deleteTags(id)` then `addTag(id, t)`) is
**   not recognised: a summary does not say that a helper deletes.
** * An insert inside a closure another function runs (a cache's loader
**   callback) is not an operation of the function that passes it.
** * A method of a project class called through an instance is known only
**   when the instance's declared type names the class (`db: DB`, a typed
**   constructor parameter, also a field a base class declares, in another
**   module too) and the class's module is analysed before the
**   caller's: files of one import cycle do not see each other's summaries
**   (an import of interfaces, type aliases or enums alone closes none).
** * A repository handed in as a typed parameter (`repo: Repo`) is, like a
**   connection parameter, the caller's to put in a transaction: quiet.
**
** ## Data
**
** The SQL classifier (INSERT and its RETURNING, CTEs) and the models' calls
** that run SQL; transactions come from the models' begin/commit/rollback and
** managed-callback entries (docs/models.md).
**
** ## References
**
** * CWE-662: Improper Synchronization; CWE-460: Improper Cleanup on Thrown
**   Exception.
** * PostgreSQL: Transactions (tutorial 3.4); `INSERT … RETURNING`, `WITH`
**   queries (data-modifying statements in WITH).
*/
#include <stdio.h>

#include "rules/outside_tx.h"
#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"dependent-write", "%s writes %s with what %s wrote (%s), but the two writes are not in one transaction: "
                        "if this one fails, the first one's row is left without it"},
    {"dependent-write-once", "%s writes %s with what %s wrote (%s) outside one transaction, but %s runs once per "
                             "process (only main, start-up code or a command's run hook reaches it): a failure leaves one row without it, once"},
    {"write-outside-tx", "%s writes %s on another connection than the transaction this callback runs in, and %s "
                         "of the transaction follows: if that one fails and the transaction rolls back, this write stays"},
    {"replaced-rows", "%s deletes %s rows that %s then inserts again, but not in one transaction: if an insert "
                      "fails, the deleted rows are lost"},
    {NULL, NULL},
};

/* A table the operation names, or what a message says instead when its name is unknown (an ORM
** entity whose type the analysis does not see). */
/* Both in one transaction: one this function sees, or, on a connection the
** caller hands in, possibly the caller's (the caller composes the steps). */
static bool same_tx(const DbOp *a, const DbOp *b) {
  if (a->tx_res == -1 && b->tx_res == -1) return (a->flags & b->flags & DBF_CALLERS_CONN) != 0;
  return a->tx_res != -1 && a->tx_res == b->tx_res;
}

/* The second only updates the row the first inserted (same table, the insert's result used
** to say which row, none of its values taken from it): the row is there, in the state its
** insert gave it — a progress record created before a request and completed after it —, not
** left without a dependant. An update that also writes what a third write made is paired
** with that one instead. */
static bool updates_inserted_row(RuleCtx *cx, uint32_t j, uint32_t k) {
  const DbOp *first = rule_ctx_dbop(cx, j), *second = rule_ctx_dbop(cx, k);
  if ((second->flags & DBF_INSERT) || second->deletes || !dbop_shares_table(first, second)) return false;
  return !(rule_ctx_dbop_value_ops(cx, k) >> j & 1);
}

/* The function also makes the dependant where a read found the first write's row, the read
** whose "found nothing" side makes that row (`if (!user) { u = await createUser(); await
** createKey(u.id) } else if (!key) await createKey(user.id)`): a first row a failure leaves
** without it is completed by the next call. */
static bool completes_found_row(RuleCtx *cx, uint32_t j, uint32_t k) {
  const DbOp *first = rule_ctx_dbop(cx, j), *second = rule_ctx_dbop(cx, k);
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t m = 0; m < n && m < 64; m++) {
    const DbOp *other = rule_ctx_dbop(cx, m);
    if (m == j || m == k || other->kind != DB_WRITE || !dbop_shares_table(other, second)) continue;
    uint64_t feeds = rule_ctx_dbop_arg_ops(cx, m);
    for (uint32_t r = 0; r < n && r < 64; r++)
      if ((feeds >> r & 1) && rule_ctx_dbop(cx, r)->kind == DB_READ && dbop_shares_table(rule_ctx_dbop(cx, r), first) &&
          rule_ctx_dbop_found_side(cx, m, r, j))
        return true;
  }
  return false;
}

/* A delete of rows by a key, then inserts of rows with that key into the same table (a
** replace), outside one transaction: reported at the delete. */
static bool report_replace(RuleCtx *cx) {
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t j = 0; j < n; j++) {
    const DbOp *del = rule_ctx_dbop(cx, j);
    if (del->kind != DB_WRITE || !del->deletes) continue;
    for (uint32_t k = 0; k < n; k++) {
      const DbOp *ins = rule_ctx_dbop(cx, k);
      if ((ins->flags & DBF_NEVER_THROWS) || same_tx(del, ins) || !rule_ctx_dbop_replaces(cx, j, k) ||
          !rule_ctx_dbop_reaches(cx, j, k))
        continue;
      char subject[160];
      snprintf(subject, sizeof subject, "%s → %s", del->what, ins->what);
      Finding *f = rule_ctx_report(cx, "replaced-rows", del->loc, subject, del->what, dbop_table_or(del, "a table's"),
                                   ins->what);
      rule_ctx_add_related(cx, f, ins->loc, "the insert that puts them back");
      return true; /* one finding per composing function */
    }
  }
  return false;
}

static void non_atomic_writes_end(RuleCtx *cx, const IrFunc *fn) {
  if (place_runs_alone(rule_ctx_module(cx))) return; /* tests, seeds, migrations (their tools run them in one) */
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t k = 0; k < n; k++) {
    const DbOp *second = rule_ctx_dbop(cx, k);
    if (second->kind != DB_WRITE) continue;
    if (second->flags & DBF_NEVER_THROWS) continue; /* a best-effort write: its failure is swallowed */
    if (rule_ctx_dbop_sets_constants(cx, k)) continue; /* marks a state (a status): nothing left half-made */
    uint64_t feeds = rule_ctx_dbop_arg_ops(cx, k);
    for (uint32_t j = 0; j < n && j < 64; j++) {
      const DbOp *first = rule_ctx_dbop(cx, j);
      if (j == k || first->kind != DB_WRITE || !(first->flags & DBF_RET_INSERTED) || !(feeds >> j & 1) ||
          same_tx(first, second) || !rule_ctx_dbop_reaches(cx, j, k) || updates_inserted_row(cx, j, k) ||
          rule_ctx_dbop_gets_or_creates(cx, j) || completes_found_row(cx, j, k))
        continue;
      /* The second runs outside the transaction that holds the first (a callback's write on the
      ** pool): its failure propagates and the transaction rolls the first back. */
      if ((second->flags & DBF_OUTSIDE_TX) && first->tx_res != -1) continue;
      char subject[160];
      snprintf(subject, sizeof subject, "%s → %s", first->what, second->what);
      Finding *f = rule_ctx_report(cx, "dependent-write", second->loc, subject, second->what,
                                   dbop_table_or(second, "a row"), first->what, dbop_table_or(first, "a row"));
      if (fn->name) /* a start-up step (goonce.c): not a race or a repeated failure */
        rule_ctx_once_per_process_as(cx, f, RULE_ONCE_FUNC, 0, "dependent-write-once", second->what,
                                     dbop_table_or(second, "a row"), first->what, dbop_table_or(first, "a row"), fn->name);
      rule_ctx_add_related(cx, f, first->loc, "the first write");
      rule_ctx_add_related(cx, f, second->loc, "the write that depends on it");
      return; /* one finding per composing function */
    }
  }
  if (!report_replace(cx))
    outside_tx_report_write(cx); /* else a transaction callback's write on another connection */
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
            .langs = LANGS_C | LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_func = non_atomic_writes_end,
            .uses_dbops = true,
        },
};
