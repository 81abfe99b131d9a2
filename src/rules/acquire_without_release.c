/*
** acquire-without-release: a pooled client or connection is not released on every path
**
** ## What it finds
**
** A client or connection acquired in a function (`await pool.connect()`,
** `pool.getConnection()`, `mysql.createConnection()`, `client.connect()` on a
** `new Client()`, the callback form `pool.connect((err, client, done) => …)`,
** a same-file or imported wrapper whose summary returns one, or one that
** hands its callback a client it acquired with the client's release:
** `db.conn((err, conn, done) => …)`) that some path out of the function does
** not release: a normal or early return, a `throw`,
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
** it. A Go function literal that is returned and does nothing with a
** captured statement but run queries on it (`return func() { stmt.Select(…) },
** nil`) takes nothing over: nobody can close the statement any more, so it
** is still the function's leak. Passing it to any other call is a borrow. Acquiring again at the same
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
** `*sql.Conn` (`db.Conn`, bun `db.Conn`), `*sql.Rows` (`Query`/`QueryContext`,
** sqlx `Queryx`/`NamedQuery`, pgx `Query`, GORM `Rows()` at the end of a
** query chain), `*sql.Stmt` (`Prepare`, sqlx `Preparex`/`PrepareNamed`),
** `*sql.Row` (`QueryRow`: released by `Scan`), pgx `*pgx.Conn`
** (`pgx.Connect`, closed with `Close(ctx)`), `*pgxpool.Conn`
** (`pool.Acquire`, given back with `Release()`, or `Hijack()`ed and then
** closed) and pgx `BatchResults` (`SendBatch`, until `Close()`). On the
** `err != nil` (or `x == nil`) edge after `x, err := acquire()` nothing was
** acquired. `defer x.Close()` releases the object `x` held when the defer ran
** at every later exit, so reassigning `rows` after `defer rows.Close()` leaks
** the second result set; `defer func() { _ = rows.Close() }()` releases what
** `rows` holds at exit. When `rows.Next()` has returned false the rows are
** closed: an exit after a completed `for rows.Next()` loop is clean, an exit
** from inside the loop is a leak. A statement prepared on a `*sql.Tx`, and
** the rows of a query on a transaction, are closed by its `Commit` or
** `Rollback`; when the transaction is not this function's (a parameter, a
** field, a local copied from one) neither are they, and they are not
** reported. `panic` is an exit; `os.Exit` and `log.Fatal` are not. A
** transaction handle (`*sql.Tx`, `pgx.Tx`, GORM `db.Begin()`) is reported by
** begin-without-rollback only.
**
** A Go module is one program: the packages of a `go.mod` (and of each module
** of a `go.work`) are analysed in import order, so a helper of another
** package that returns rows (`dbutil.ActiveUsers(db)`) is an acquire, one
** that closes or rolls back its parameter (`defer dbutil.CloseLogged(rows)`,
** also through an `io.Closer` or an interface, or a method value it calls:
** `defer logOnError(ctx, rows.Close)`) releases it, and struct fields,
** package variables and interface methods declared anywhere in the module
** have their declared types: `q.QueryContext(…)` acquires rows when q's
** interface declares that method as returning `(*sql.Rows, error)`, and a
** struct embedding `*sql.DB` has the pool's methods. A call through an
** interface does to its arguments what the methods of that name in the
** interface's package do. A wrapper built around a resource
** (`return &Tx{tx: tx}`) holds it: returned or stored, the resource goes
** with it. pgx v5's `CollectRows`, `CollectOneRow`, `ForEachRow` … close
** the rows they are given. Resources acquired by the same call in one block
** and lost at the same exit (statements prepared into one struct) are one
** finding, with the others as related locations; a statement prepared on a
** transaction that begin-without-rollback reports is not reported again. On
** the edge where `row.Err()` is non-nil the `*sql.Row` holds nothing; on the
** true edge of `errors.Is(err, sql.ErrNoRows)` err is non-nil, so nothing was
** acquired. A constructor that acquires what it returns and fails half-way
** (`return nil, err` after the first statements were prepared into the value
** it would have returned) leaks only when it fails, usually once at start-up:
** that is reported as a note, with its own message, so an audit sees it and a
** CI gate does not fail on it; a leak on any other path of the same function
** is reported as usual.
**
** ## C
**
** In C the resources are what the client libraries allocate for the caller:
** libpq connections (`PQconnectdb`, `PQconnectdbParams`, `PQsetdbLogin`,
** `PQconnectStart`: freed with `PQfinish` also when the connection failed),
** results (`PQexec`, `PQexecParams`, `PQprepare`, `PQexecPrepared`,
** `PQgetResult`, `PQdescribe*`: `PQclear` whatever their status) and escaped
** strings (`PQescapeLiteral`, `PQescapeIdentifier`, `PQescapeByteaConn`:
** `PQfreemem`); MySQL handles (`mysql_init`, also `mysql_init(&m)`: `mysql_close`
** even when `mysql_real_connect` fails), result sets (`mysql_store_result`,
** `mysql_use_result`: `mysql_free_result`) and statements (`mysql_stmt_init`:
** `mysql_stmt_close`); SQLite connections (`sqlite3_open`, `_v2`, `open16`:
** `sqlite3_close` even when opening failed), statements (`sqlite3_prepare_v2`
** and `_v3`, written through `&stmt`: `sqlite3_finalize`), error messages
** (`sqlite3_exec`'s `&errmsg`, set only when it fails) and `sqlite3_mprintf`
** strings (`sqlite3_free`). A NULL test (`if (!res)`, `res == NULL`) means
** nothing is held on that edge, so NULL-guarded frees and early returns after a
** NULL check are clean; a status test (`!= SQLITE_OK`) means a failed
** `sqlite3_prepare_v2` acquired nothing, while a failed connect still holds its
** handle. A libpq connection that leaks only where `PQstatus(conn)` said it
** failed (`!= CONNECTION_OK`, `== CONNECTION_BAD`), including failed attempts
** of a retry loop, holds no server connection, only its memory: that is a
** note with its own message; one that may also leak after it connected is
** reported as usual. A connection that a function runs once per process
** leaves open at a return (a command-line tool's command: `main` calls
** `do_node_rejoin()` and exits) is closed by the process exit rather than
** piled up: that is a note, "left open until the process exits". A function
** runs once per process when it is `main`, or when every call of it in the
** project is in a function that runs once, on no loop there, and its name is
** never used as a value (a callback or handler may run any number of times);
** the connection must not be made on a loop of the function itself. A
** daemon's main loop, a command run per node in a loop, a handler table: the
** leak stays a warning. Results and other memory stay warnings: a helper
** that leaks one per call is fixed by a `PQclear`, however often it runs. Go
** is read the same way across a module's packages (`main` of package main,
** `init` and package initialisation are the roots; methods never run once,
** since an interface may call them; engine/goonce.c), for a connection or a
** dedicated `*sql.Conn` left open at a return.
** A result that is dropped (`PQexec(conn, "SET …");`) leaks at once.
** `goto cleanup` is ordinary control flow; `exit`, `abort`, `longjmp` and
** `_Noreturn` functions end the path. A handle returned, stored in a field, a
** global or a function-static variable, written through an out-parameter, passed
** as `&x` to a function that is not modelled, or passed through a function
** pointer escapes. Functions of other translation units count by name: a
** `db_query()` that returns `PQexec`'s result is an acquire for its callers, a
** `db_close()` that calls `PQfinish` releases.
**
** ```c
** int count_users(PGconn *conn) {
**   PGresult *res = PQexec(conn, "SELECT id FROM users");   // warn: not cleared on the error return
**   if (PQresultStatus(res) != PGRES_TUPLES_OK) return -1;
**   int n = PQntuples(res);
**   PQclear(res);
**   return n;
** }
** ```
**
** Instead:
**
** ```c
** int count_users(PGconn *conn) {
**   int n = -1;
**   PGresult *res = PQexec(conn, "SELECT id FROM users");
**   if (PQresultStatus(res) != PGRES_TUPLES_OK) goto done;
**   n = PQntuples(res);
** done:
**   PQclear(res);
**   return n;
** }
** ```
**
** In C a variable that holds the only reference to a connection, written
** with a new acquisition (`conn = PQconnectdb(other)`), loses the first
** there (`leak-overwrite`; a failed connection's note when its status said
** it failed: fixture `c/overwrite.c`).
**
** ## Known limitations
**
** A callback is taken to run once; a chain is followed only through
** `.then`/`.catch`/`.finally` calls on a call's result in one expression
** (not through a promise stored in a variable). What a variable holds is
** tracked per point for JavaScript locals; fields and Go variables keep one
** set per function. A project wrapper is a callback acquire for its
** callers only when the call of its callback is the last thing its literal
** does and is given the release function too: a wrapper that hands out
** only the client (and gives it back itself, or never), or that goes on
** using it after its callback returns, keeps the client its own. A resource
** whose release function is captured by a closure that is stored or
** registered (`args.push(() => commit())`) escapes there, so a leak inside
** that closure is not seen. A parameter is given a kind by its callers only when they are in
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
** In C (fixtures `c/known_gaps.c`, `c/cycle_*.c`): a handle overwritten with
** `m = mysql_real_connect(m, …)` and then NULL-tested reads as "nothing held"
** (`want-todo`); a result stored in a field of a local struct counts as stored
** away (`want-todo`); an operator written in a macro body between two macro
** arguments (`#define SAME(a, b) a == b`) cannot be read with libclang 14, so
** `if (SAME(res, NULL))` does not refine (`ok-todo`); two translation units
** that call each other share a level and do not see each other's summaries
** (`ok-todo`). Functions whose code has compile errors (a missing header, an
** undeclared type) are not analysed at all: a note names each; a call to an
** undeclared function is no error (one note a run counts them) but a call
** to an unknown function, or to the database API of that name. Pending
** results of `PQsendQuery` left undrained are not tracked.
**
** ## Data
**
** The models of `rules/js/` (pg, mysql2, mysql, TypeORM, knex, @vercel/postgres,
** Postgres.js, pg-promise; console, builtins and test hooks), `rules/go/` and the
** C models `rules/c/libpq.json`, `rules/c/mysql.json`, `rules/c/sqlite3.json`:
** entries with effect `acquire`, `open`, `release`, `keep`, `cleanup` and
** `test-setup`, and calls marked `"throws": false`. See docs/models.md to add an API.
**
** ## References
**
** CWE-772: Missing Release of Resource after Effective Lifetime;
** node-postgres "Pooling" (https://node-postgres.com/features/pooling);
** mysql2 "Using connection pools".
*/
#include <stdio.h>
#include <string.h>

#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"leak-return", "%s acquired by %s is not released when the function returns"},
    {"leak-return-caught", "%s acquired by %s is not released when an exception is caught and the function returns"},
    {"leak-throw", "%s acquired by %s is not released when the function throws"},
    {"leak-loop", "%s acquired by %s in a loop is acquired again before the previous one is released"},
    {"leak-overwrite", "%s acquired by %s is not released before the variable holding it is assigned again"},
    {"leak-failed-construction",
     "%s acquired by %s is not released when the function fails after acquiring it (on success it is handed to "
     "the caller): a constructor that does not undo its first steps"},
    {"leak-once-per-process",
     "%s acquired by %s is left open until the process exits: %s runs once per process, from main"},
    {"leak-failed-connect",
     "%s acquired by %s is not freed where its status says it failed to connect: a failed connection holds no "
     "server connection, but its memory stays allocated until PQfinish"},
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

static bool is_reported(const TsResourceInfo *r) {
  /* A transaction handle (Go *sql.Tx) is begin-without-rollback's alone. */
  return !r->borrowed && !r->tx_only && r->leak.exit != LEAK_NONE && r->leak.exit != LEAK_RELEASE_OPEN;
}

/* One root cause, one finding: resources acquired by the same call in one
** block (so on one path) and lost at the same exit the same way — twenty
** statements prepared by one helper in a constructor that returns early —
** are one finding at the first, with the others as related locations. */
static bool same_cause(const TsResourceInfo *a, const TsResourceInfo *b) {
  return a->block == b->block && a->block != UINT32_MAX && a->leak.exit == b->leak.exit && a->leak.exit_loc.line == b->leak.exit_loc.line &&
         a->leak.exit_loc.col == b->leak.exit_loc.col && a->what && b->what && strcmp(a->what, b->what) == 0;
}

static void acquire_without_release_end(RuleCtx *cx, const IrFunc *fn) {
  uint32_t n = rule_ctx_n_resources(cx);
  uint64_t grouped = 0;
  for (uint32_t i = 0; i < n; i++) {
    const TsResourceInfo *r = rule_ctx_resource(cx, i);
    if (!is_reported(r) || (i < 64 && (grouped >> i & 1))) continue;
    const char *name = r->name ? r->name : r->noun;
    char subject[256];
    snprintf(subject, sizeof subject, "%s = %s", name, r->what);
    const char *id = r->failed_construction ? "leak-failed-construction"
                     : r->failed_connect    ? "leak-failed-connect"
                                            : leak_message_id(r->leak.exit);
    Finding *f = rule_ctx_report(cx, id, r->loc, subject, name, r->what);
    /* Only a failed start-up or set-up leaks it, usually once: worth an audit, not a failed build.
    ** A connection that never connected leaks memory only. */
    if (r->failed_construction || r->failed_connect) rule_ctx_lower_level(cx, f, 2);
    else if (r->leak.exit == LEAK_RETURN && fn->name)
      rule_ctx_once_per_process(cx, f, i, "leak-once-per-process", name, r->what, fn->name);
    rule_ctx_add_related(cx, f, r->loc, "acquired here");
    bool alone = true; /* a fix for the first of several would leave the finding */
    for (uint32_t j = i + 1; j < n && j < 64; j++) {
      const TsResourceInfo *o = rule_ctx_resource(cx, j);
      if (!is_reported(o) || !same_cause(r, o)) continue;
      grouped |= 1ull << j;
      alone = false;
      rule_ctx_add_related(cx, f, o->loc, "also acquired here, and lost the same way");
    }
    rule_ctx_add_related(cx, f, r->leak.exit_loc,
                         r->leak.exit == LEAK_LOOP        ? "acquired again here"
                         : r->leak.exit == LEAK_OVERWRITE ? "the variable is assigned again here"
                                                          : "leaves the function here");
    rule_ctx_add_witness(cx, f, i, false);
    if (alone) rule_ctx_add_fix(cx, f, i, false); /* release in finally / defer Close() */
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
            .langs = LANGS_C | LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_func = acquire_without_release_end,
        },
};
