/*
** begin-without-rollback: a transaction can be left open on an exit, throw or release
**
** ## What it finds
**
** A transaction begun on a client or connection (`client.query('BEGIN')`,
** `START TRANSACTION`, `BEGIN ISOLATION LEVEL …` recognised from the SQL
** text, or `conn.beginTransaction()`) where some path reaches a function
** exit, a throw, or the release of that connection back to its pool with the
** transaction neither committed nor rolled back. Reported once per
** connection at the BEGIN, with a code flow to the exit or the release.
**
** ## Why it matters
**
** A pooled connection returned with an open transaction is handed to the next
** request still inside it: that request's statements join a transaction it
** did not start, keep the earlier locks, and are rolled back or committed
** together with someone else's work. A `catch` that logs and returns without
** `ROLLBACK` leaves the connection in an aborted transaction where every later
** statement fails with "current transaction is aborted".
**
** ## Example
**
** ```ts
** const client = await pool.connect();
** try {
**   await client.query('BEGIN');                   // warn: no ROLLBACK when a query throws
**   await client.query('INSERT INTO audit(msg) VALUES ($1)', [msg]);
**   await client.query('COMMIT');
** } catch (e) {
**   log(e);
** } finally {
**   client.release();
** }
** ```
**
** Instead:
**
** ```ts
** } catch (e) {
**   await client.query('ROLLBACK');
**   throw e;
** } finally {
**   client.release();
** }
** ```
**
** ## How it decides
**
** The same typestate analysis as acquire-without-release tracks, per
** connection, a transaction state `none` / `open` / `closed` together with the
** connection's own state, so `if (client) await client.query('ROLLBACK')` only
** rolls back where a client exists. BEGIN opens, COMMIT or ROLLBACK (SQL or
** API) closes; `SAVEPOINT`, `ROLLBACK TO SAVEPOINT` and `RELEASE SAVEPOINT`
** change nothing. A COMMIT or ROLLBACK that throws still counts as closing.
** Releasing with `client.release()` while open is a finding; closing the
** connection (`client.release(err)` with an error, `destroy()`, `end()`)
** discards the transaction and is not. A connection that escapes takes its
** transaction with it. For a connection the function did not acquire (a
** parameter or a field), transactions are checked only if the function
** itself commits or rolls back on it; a helper that only sends BEGIN for its
** caller is not reported, and one that throws with the transaction open on
** a parameter or field hands it back to its caller with the exception (whose
** handler can roll back). A BEGIN sent through a pool is left to
** transaction-on-pool.
**
** In C and Go, a transaction left open at a return, begun on no loop, in a
** function that runs once per process — `main`, Go's `init` and package
** initialisation, or called only from such functions (across a Go module's
** packages), never in a loop and never used as a value (a handler, a
** registered step) — is a note: a start-up step holds at most one connection
** until the process exits (engine/onceproc.c, engine/goonce.c).
**
** A schema change transaction — every statement the function runs on it is
** constant SQL that changes the schema (CREATE, ALTER, DROP, RENAME, COMMENT
** ON; not CREATE TEMP TABLE), it runs at least one, and it is handed to no
** helper or closure — left open at a return is a note, in every language and
** wherever it is: by its shape it is a migration step (a closure in a
** package-level list of migrations), which runs once at start-up, where the
** error stops the process. The shape decides, not the caller, so a DDL-only
** transaction in a request handler is a note too; one transaction that also
** writes rows, or SQL built at run time, stays an error (engine/txddl.c).
**
** JavaScript and TypeScript add: TypeORM runners (`startTransaction` /
** `commitTransaction` / `rollbackTransaction`, and the state properties
** `isTransactionActive` and `isReleased` their handlers test), knex
** transactions taken without a handler (`const trx = await
** knex.transaction()`, reported until `trx.commit()` or `trx.rollback()`;
** with a handler knex ends it itself), BEGIN sent as a query config object
** (`client.query({ text: 'BEGIN' })`), and helpers that begin, commit or
** roll back for their callers from anywhere in the project (a workspace
** package such as `@shop/db`, a tsconfig alias such as `@/lib/db`, a
** parameter of a project wrapper type). A transaction begun only where no
** connection was passed in (`if (!conn) await begin(c)`) is owed only
** there.
**
** ## Go
**
** In Go a transaction handle is open from the call that creates it
** (`db.Begin`/`BeginTx`, sqlx `Beginx`/`BeginTxx`/`MustBegin`, pgx
** `Begin`/`BeginTx`, GORM v1 and v2 `db.Begin()`, bun `db.BeginTx`, ent
** `client.Tx(ctx)`) until `Commit` or `Rollback`; on the `err != nil` edge of
** `tx, err := db.BeginTx(…)` (GORM: `tx.Error != nil`) nothing was begun. Every
** `return` (error returns included), `panic`, and a loop iteration that begins
** the transaction again at the same site while the previous one is open
** (`continue`/`break` out of a per-item transaction) is checked. `defer
** tx.Rollback()` ends it at every later exit, so `defer tx.Rollback()` +
** `return tx.Commit()` is clean and the unchecked deferred Rollback after
** Commit is never reported. The transaction is reported here only, never also
** as acquire-without-release. Managed transactions (`db.Transaction(func(tx
** *gorm.DB) error { … })`, `pgx.BeginFunc`, bun `db.RunInTx`) are not
** tracked. `BEGIN` sent with
** `conn.ExecContext(ctx, "BEGIN")` on a `*sql.Conn` is tracked like a
** JavaScript client, and a failed BEGIN (`if _, err := …; err != nil`) began
** nothing. A deferred closure ends the transaction only on the exits its own
** tests allow: under `if p := recover(); p != nil` only on a panic, under `if
** err != nil` (err the function's named error result) only on returns that
** can carry an error, under `if err == nil` only on success, so `defer func()
** { if p := recover(); p != nil { tx.Rollback(); panic(p) } }()` does not
** cover an error return. Transactions begun through helpers, interfaces and
** embedded pools anywhere in the module are tracked as in
** acquire-without-release; statements prepared on a transaction that is
** reported here are not reported again.
**
** ## C
**
** In C a transaction is SQL text sent on a connection: `BEGIN` / `START
** TRANSACTION` through `PQexec`/`PQexecParams` (libpq), `mysql_query`/
** `mysql_real_query` (MySQL) or `sqlite3_exec` (SQLite), or `mysql_autocommit(m,
** 0)`; `COMMIT`, `END`, `ROLLBACK`, `mysql_commit` and `mysql_rollback` end it.
** A BEGIN whose status says it failed began nothing: `PQresultStatus(res) !=
** PGRES_COMMAND_OK` on its result, a non-zero `mysql_query`, a `sqlite3_exec`
** that did not return `SQLITE_OK`. Closing the connection (`PQfinish`,
** `mysql_close`, `sqlite3_close`) ends the session, and the server rolls back,
** so it is not a finding. Helpers in other files (`tx_begin(conn)`,
** `tx_rollback(conn)`) count through their summaries.
**
** ```c
** int transfer(PGconn *conn) {
**   PGresult *r = PQexec(conn, "BEGIN");                      // warn: left open on the error return
**   if (PQresultStatus(r) != PGRES_COMMAND_OK) { PQclear(r); return -1; }
**   PQclear(r);
**   r = PQexec(conn, "UPDATE accounts SET n = n - 1 WHERE id = 1");
**   if (PQresultStatus(r) != PGRES_COMMAND_OK) { PQclear(r); return -1; }
**   PQclear(r);
**   PQclear(PQexec(conn, "COMMIT"));
**   return 0;
** }
** ```
**
** Instead, roll back before the error return:
** `{ PQclear(r); PQclear(PQexec(conn, "ROLLBACK")); return -1; }`.
**
** ## Known limitations
**
** SQL built at run time (`client.query(sql)` with a non-constant `sql`) is not
** classified. A callback that takes a connection over starts with no
** transaction: one begun before it (`conn.beginTransaction(cb)`) is not
** followed into it. Transactions managed by a library (`sql.begin`,
** `db.tx`, `knex.transaction(cb)`, `dataSource.transaction(cb)`) are not
** looked into.
**
** testify's `assert` functions return a bool that is not modelled: in
** `if !assert.Zero(t, tx) { tx.Rollback(ctx) }` the rollback is taken as
** conditional, so the transaction is reported (fixture `ok-todo`,
** `go/known_gaps_test.go`). `require` assertions are modelled: a failing one
** stops the test.
**
** In C, SQL handed to a helper that runs it (`run(conn, "BEGIN")`) is not
** followed: summaries do not say which text a parameter carries (fixture
** `want-todo`, `c/libpq_tx.c`). A BEGIN's status is recognised when it is tested
** in the block that runs it (`if (PQresultStatus(r) != PGRES_COMMAND_OK)`, `if
** (mysql_query(m, "BEGIN"))`), not when it was saved in a variable first.
**
** ## Data
**
** the `rules/js/`, `rules/go/` and `rules/c/` model entries with effect `query` (the SQL
** argument, or the `sql_key` member of a query config object; in C also `acquire`
** entries with a `sql_arg`, such as `PQexec`), `begin`, `commit`, `rollback`, `release`
** with `discards_transaction`, acquires of kind `tx`, and `properties`.
**
** ## References
**
** PostgreSQL "BEGIN" and "ROLLBACK"; node-postgres "Transactions"
** (https://node-postgres.com/features/transactions); CWE-404.
*/
#include <stdio.h>

#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"open-at-release", "transaction begun on %s is still open when %s is released to the pool"},
    {"open-at-return", "transaction begun on %s is neither committed nor rolled back when the function returns"},
    {"open-at-return-caught",
     "transaction begun on %s is neither committed nor rolled back when an exception is caught and the function returns"},
    {"open-at-throw", "transaction begun on %s is neither committed nor rolled back when the function throws"},
    {"open-at-loop", "transaction begun on %s in a loop is begun again while the previous one is still open"},
    {"open-once-per-process", "transaction begun on %s is neither committed nor rolled back when the function returns, "
                              "but %s runs once per process (only main, start-up code or a command's run hook reaches it): at most one connection stays in it until the process exits"},
    {"open-schema-change", "transaction begun on %s is neither committed nor rolled back when the function returns, "
                           "but it is a schema change transaction (it runs only CREATE/ALTER/DROP): migrations usually run "
                           "once at start-up, where an error stops the process and the connection with it"},
    {NULL, NULL},
};

static const char *tx_message_id(LeakExit e) {
  switch (e) {
  case LEAK_RELEASE_OPEN: return "open-at-release";
  case LEAK_RETURN: return "open-at-return";
  case LEAK_RETURN_CAUGHT: return "open-at-return-caught";
  case LEAK_LOOP: return "open-at-loop";
  default: return "open-at-throw";
  }
}

static void begin_without_rollback_end(RuleCtx *cx, const IrFunc *fn) {
  for (uint32_t i = 0; i < rule_ctx_n_resources(cx); i++) {
    const TsResourceInfo *r = rule_ctx_resource(cx, i);
    if (r->tx_leak.exit == LEAK_NONE || !r->begin_what) continue;
    const char *name = r->name ? r->name : r->noun;
    char subject[256];
    snprintf(subject, sizeof subject, "%s: %s", name, r->begin_what);
    bool ddl = r->tx_leak.exit == LEAK_RETURN && rule_ctx_tx_schema_change(cx, i);
    Finding *f = rule_ctx_report(cx, ddl ? "open-schema-change" : tx_message_id(r->tx_leak.exit), r->begin_loc, subject,
                                 name, name);
    if (ddl) rule_ctx_lower_level(cx, f, 2); /* a migration step by its shape: a note */
    if (r->tx_leak.exit == LEAK_RETURN && fn->name) /* a start-up step: one connection at most, not a pile-up */
      rule_ctx_once_per_process_as(cx, f, RULE_ONCE_TX, i, "open-once-per-process", name, fn->name);
    rule_ctx_add_related(cx, f, r->begin_loc, "transaction begun here");
    rule_ctx_add_related(cx, f, r->tx_leak.exit_loc,
                         r->tx_leak.exit == LEAK_RELEASE_OPEN ? "released here"
                         : r->tx_leak.exit == LEAK_LOOP      ? "begun again here"
                                                             : "leaves the function here");
    rule_ctx_add_witness(cx, f, i, true);
    rule_ctx_add_fix(cx, f, i, true); /* `defer tx.Rollback()` when the engine is sure of it */
  }
}

const Rule rule_begin_without_rollback = {
    .info =
        {
            .id = "begin-without-rollback",
            .name = "BeginWithoutRollback",
            .summary = "a transaction can be left open on an exit, throw or release",
            RULE_DOCS(begin_without_rollback),
            .default_level = LEVEL_ERROR,
            .precision = "high",
            .tags = (const char *const[]){"correctness", "transactions", "database", NULL},
            .maturity = MATURITY_STABLE,
            .langs = LANGS_C | LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_func = begin_without_rollback_end,
        },
};
