/*
** acquire-without-release: a pooled client or connection is not released on every path
**
** ## What it finds
**
** A client or connection acquired in a function (`await pool.connect()`,
** `pool.getConnection()`, `mysql.createConnection()`, `client.connect()` on a
** `new Client()`, the callback form `pool.connect((err, client, done) => …)`,
** or a same-file or imported wrapper whose summary returns one) that some path
** out of the function does not release: a normal or early return, a `throw`,
** or any call that may throw (in JavaScript every call may throw, and every
** awaited call may reject). It is reported once per acquisition site, at the
** acquire call, with the leaking path as a code flow.
**
** ## Why it matters
**
** A pool has a fixed number of connections. Each leaked client stays checked
** out for the life of the process, so a handler that leaks on its error path
** exhausts the pool after a few failures, and from then on every request waits
** for a connection that never comes back: the service hangs instead of failing.
**
** ## Example
**
** ```ts
** async function rename(pool: Pool, id: number, name: string) {
**   const client = await pool.connect();          // warn: not released when the query throws
**   await client.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);
**   client.release();
** }
** ```
**
** Instead:
**
** ```ts
** async function rename(pool: Pool, id: number, name: string) {
**   const client = await pool.connect();
**   try {
**     await client.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);
**   } finally {
**     client.release();
**   }
** }
** ```
**
** ## How it decides
**
** A forward typestate analysis over the function's control-flow graph, with
** separate normal and exception edges. Each acquisition site is a resource
** whose state is a set of `not-acquired` / `acquired` / `released` /
** `escaped` (paired with its transaction state). The edge out of a throwing
** call carries the state before the call, so a failed `pool.connect()`
** acquired nothing. Conditions refine the state: on the false edge of
** `if (client)` or `client != null` nothing is held, and in the callback
** form a truthy `err` means no client was given. Releasing is
** `client.release()`, `done()`, `conn.destroy()`, `client.end()` (as the
** models say) or passing the client to a function whose summary releases that
** parameter. The resource escapes, and is no longer the function's to release,
** when it is returned, stored in a field, a module variable or a container
** (`arr.push(c)`, `map.set(k, c)`), passed to `new`, captured by a closure
** that is stored or passed on, or handed to a function whose summary keeps
** it. Passing it to any other call is a borrow. Acquiring again at the same
** site while the previous object is still held (in a loop) is a leak too.
** Which values are pools and clients is decided by how they were created,
** declared (TypeScript annotations resolved through the imports) or
** imported, never by variable names.
**
** ## JavaScript and TypeScript
**
** Callbacks and promise chains: a function literal passed to a call that
** releases a captured client (or keeps it: stores it outside, returns it,
** resolves a promise with it, passes it to a function that does) takes it
** over, and is checked holding it, so `conn.query(sql, (err) => { if (err)
** return cb(err); conn.release(); })` leaks on its error branch; a literal
** that only uses the client (`rows.map(async (r) => conn.query(…))`)
** borrows it and the release is still owed. Along `.then` / `.catch` /
** `.finally` the fulfilled and rejected outcomes are followed apart: a
** client released only in a `.then()` leaks when the promise before it
** rejects; `pool.connect().then((client) => …)` hands the client to the
** handler. A variable written again follows its new value: overwriting the
** only reference to a held client is a leak there (`leak-overwrite`), and a
** null check on the variable says nothing else is held. An acquisition whose
** result is thrown away (`await pool.connect();`) leaks. `const { release }
** = client` is a release function. Acquired only where a passed-in
** connection is absent (`const c = conn || await getConnection()`, `const
** owns = !conn`), it is owed only where it was acquired. Calls that never
** throw (`console.*`, builtins such as `new Proxy(…)`, functions made only
** of such calls, a call in a catch handler that is given the caught
** exception and no resource: a logger) are no way out; a call of a function
** that never returns (always rethrows, or exits the process) ends the path.
** A returned wrapper holds what it wraps (`return drizzle(conn)`). A
** connection that LISTENs and is given a `notification` handler is held on
** purpose (model effect `keep`); a client opened at module scope, or one a
** function got from elsewhere (`getDataSource().initialize()`), is the
** program's. In tests, a client a setup hook (`beforeAll`, `beforeEach`,
** mocha `before`) stores for the suite is released by the paired teardown
** hook of the same scope; findings in test files are notes by default
** (docs/cli.md).
**
** ## Go
**
** In Go the resources are the handles that hold a pooled connection:
** `*sql.Conn` (`db.Conn`), `*sql.Rows` (`Query`/`QueryContext`, sqlx
** `Queryx`/`NamedQuery`, pgx `Query`), `*sql.Stmt` (`Prepare`, sqlx
** `Preparex`/`PrepareNamed`), `*sql.Row` (`QueryRow`: released by `Scan`),
** pgx `*pgx.Conn` (`pgx.Connect`, closed with `Close(ctx)`) and
** `*pgxpool.Conn` (`pool.Acquire`, given back with `Release()`). On the
** `err != nil` (or `x == nil`) edge after `x, err := acquire()` nothing was
** acquired. `defer x.Close()` releases the object `x` held when the defer ran
** at every later exit, so reassigning `rows` after `defer rows.Close()` leaks
** the second result set; `defer func() { _ = rows.Close() }()` releases what
** `rows` holds at exit. When `rows.Next()` has returned false the rows are
** closed: an exit after a completed `for rows.Next()` loop is clean, an exit
** from inside the loop is a leak. A statement prepared on a `*sql.Tx` is
** closed by its `Commit` or `Rollback`. `panic` is an exit; `os.Exit` and
** `log.Fatal` are not. A transaction handle (`*sql.Tx`, `pgx.Tx`, GORM
** `db.Begin()`) is reported by begin-without-rollback only. Helpers of the
** same package (any file of the directory with the same package clause) that
** close their parameter release it.
**
** ## Known limitations
**
** A callback is taken to run once; a chain is followed only through
** `.then`/`.catch`/`.finally` calls on a call's result in one expression
** (not through a promise stored in a variable). What a variable holds is
** tracked per point for JavaScript locals; fields and Go variables keep one
** set per function. A wrapper that hands a client to its own callback
** (`db.conn((err, conn, done) => …)`) is not a callback acquire for its
** callers. A parameter is given a kind by its callers only when they are in
** the same file (a repository built with `new UsersRepo(pool)` in another
** file is missed, fixture `want-todo`). Calls through unmodelled wrappers
** are borrows.
**
** Go test helpers that stop the goroutine (`Fatal*`, `FailNow`, `Skip*` on
** `*testing.T/B/F`, `testing.TB`, or a same-package struct embedding one) end
** the path there: deferred calls run, and what is still held belongs to a
** failed or skipped test, so it is not reported. testify's `require`
** assertions stop the test when they fail, so one that returns proves its
** assertion: after `require.Error(t, err)` the acquire that set `err`
** acquired nothing (models `rules/go/testing.json`, `rules/go/testify.json`). Helpers of a type defined as
** `type TB testing.B`, or functions that only call such methods, are not
** recognised as stopping. A helper that returns its parameter (`stmt :=
** must(db.Prepare(q))`, including Go's `f(g())` form) passes the object
** through, but only when the receiver's type is declared: a receiver typed
** only by a conversion (`tb := (*TB)(b)`) is not resolved (fixture `ok-todo`).
**
** A resource that is never named but reached through a handle an accessor
** returns (`pc := mustConnect(t).PgConn()` then `defer pc.Close(ctx)`) is
** reported: the derived handle is not linked to the connection it came from.
** Rows read to the end inside a helper (`drain(rows)` with `for rows.Next()`
** in the helper) are reported: function summaries record a `Close` of a
** parameter, not its release by exhaustion. Both have `ok-todo` fixtures
** (`go/known_gaps_test.go`).
**
** ## Data
**
** The models of `rules/js/` (pg, mysql2, mysql, TypeORM, knex, @vercel/postgres,
** Postgres.js, pg-promise; console, builtins and test hooks) and `rules/go/`: entries
** with effect `acquire`, `open`, `release`, `keep`, `cleanup` and `test-setup`, and
** calls marked `"throws": false`. See docs/models.md to add an API.
**
** ## References
**
** CWE-772: Missing Release of Resource after Effective Lifetime;
** node-postgres "Pooling" (https://node-postgres.com/features/pooling);
** mysql2 "Using connection pools".
*/
#include <stdio.h>

#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"leak-return", "%s acquired by %s is not released when the function returns"},
    {"leak-return-caught", "%s acquired by %s is not released when an exception is caught and the function returns"},
    {"leak-throw", "%s acquired by %s is not released when the function throws"},
    {"leak-loop", "%s acquired by %s in a loop is acquired again before the previous one is released"},
    {"leak-overwrite", "%s acquired by %s is not released before the variable holding it is assigned again"},
    {NULL, NULL},
};

static const char *leak_message_id(LeakExit e) {
  switch (e) {
  case LEAK_RETURN: return "leak-return";
  case LEAK_RETURN_CAUGHT: return "leak-return-caught";
  case LEAK_LOOP: return "leak-loop";
  case LEAK_OVERWRITE: return "leak-overwrite";
  default: return "leak-throw";
  }
}

static void acquire_without_release_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  for (uint32_t i = 0; i < rule_ctx_n_resources(cx); i++) {
    const TsResourceInfo *r = rule_ctx_resource(cx, i);
    /* A transaction handle (Go *sql.Tx) is begin-without-rollback's alone. */
    if (r->borrowed || r->tx_only || r->leak.exit == LEAK_NONE || r->leak.exit == LEAK_RELEASE_OPEN) continue;
    const char *name = r->name ? r->name : "the connection";
    char subject[256];
    snprintf(subject, sizeof subject, "%s = %s", name, r->what);
    Finding *f = rule_ctx_report(cx, leak_message_id(r->leak.exit), r->loc, subject, name, r->what);
    rule_ctx_add_related(cx, f, r->loc, "acquired here");
    rule_ctx_add_related(cx, f, r->leak.exit_loc,
                         r->leak.exit == LEAK_LOOP        ? "acquired again here"
                         : r->leak.exit == LEAK_OVERWRITE ? "the variable is assigned again here"
                                                          : "leaves the function here");
    rule_ctx_add_witness(cx, f, i, false);
  }
}

const Rule rule_acquire_without_release = {
    .info =
        {
            .id = "acquire-without-release",
            .name = "AcquireWithoutRelease",
            .summary = "a pooled client or connection is not released on every path",
            RULE_DOCS(acquire_without_release),
            .default_level = LEVEL_ERROR,
            .precision = "high",
            .tags = (const char *const[]){"reliability", "resource-leak", "database", NULL},
            .maturity = MATURITY_STABLE,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_func = acquire_without_release_end,
        },
};
