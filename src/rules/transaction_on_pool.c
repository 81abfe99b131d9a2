/*
** transaction-on-pool: BEGIN is sent through a pool, not through one connection
**
** ## What it finds
**
** A `BEGIN` (or `START TRANSACTION`) sent through a pool object:
** node-postgres `pool.query('BEGIN')`, mysql2 `pool.query('START
** TRANSACTION')` or `pool.execute(…)`. Reported at the BEGIN; the COMMIT,
** ROLLBACK and SAVEPOINT statements sent through a pool later in the same
** function are related locations.

** In JavaScript and TypeScript also a read of a managed transaction's callback
** sent through another connection than the transaction's client, after a
** write of the transaction to the same table: `db.transaction(async (tx) =>
** { await tx.update(mounts)…; return findMount(id) })` where `findMount`
** reads through the pool `db`. Reported at the read, with the write as a
** related location.
**
** ## Why it matters
**
** `pool.query` checks a connection out for one statement and puts it back.
** The BEGIN opens a transaction on whichever connection was free, the next
** statements may run on other connections outside any transaction, and the
** COMMIT may land on yet another one. Nothing is atomic, and the connection
** that received BEGIN goes back to the pool with a transaction open, which
** the next unrelated request then runs inside.
**
** ## Example
**
** ```js
** await pool.query('BEGIN');                        // warn
** await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amt, from]);
** await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amt, to]);
** await pool.query('COMMIT');
** ```
**
** Instead, check out one client and run the whole transaction on it:
**
** ```js
** const client = await pool.connect();
** try {
**   await client.query('BEGIN');
**   // … the two updates through client …
**   await client.query('COMMIT');
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
** A call whose receiver is a pool (created with `new Pool`,
** `mysql.createPool`, declared `Pool`, imported from a module that exports a
** pool, or returned by a function whose summary returns one) and whose model
** entry runs SQL, with SQL text the shared classifier reads as BEGIN / START
** TRANSACTION (comments, case, `BEGIN ISOLATION LEVEL …` and a trailing `;`
** allowed). Such a BEGIN is reported here only, never also as
** begin-without-rollback. A whole transaction sent as one script
** (`BEGIN; …; COMMIT` or `… ROLLBACK`) runs and ends on the one connection
** the pool lends for that call, so it is not reported.
**
** In JavaScript and TypeScript the pool may live in class or module state —
** a field initialiser (`pool = new Pool()`), a static field, a base class
** in this module or imported (`class OrderRepo extends BaseRepo`), a lazy
** module singleton (`if (!pool) pool = new Pool()`, `pool ??= new Pool()`)
** — or come from a workspace package or a tsconfig path alias. Besides
** `query`/`execute`, BEGIN is found in tagged templates of the pool
** (Postgres.js and @vercel/postgres `` sql`BEGIN` ``), in `sql.unsafe`,
** pg-promise's `db.none('BEGIN')`, knex's `knex.raw`, TypeORM's
** `dataSource.query`, and in query config objects (`pool.query({ text:
** 'BEGIN' })`).
**
** The read outside a transaction (engine/txescape.c): in a callback whose
** transaction client is known (the model's callback parameter, or a
** parameter one of its statements runs on), an operation runs outside it
** when it goes through a pool, through an ORM client other than the
** callback's, or through a project helper that runs on a connection of its
** own and is not handed the client. It is reported when a write of the
** transaction to one of the tables it reads runs before it: that connection
** does not see the uncommitted write, and reads the rows as they were.
**
** ## Go
**
** In Go: `Exec("BEGIN")`, `ExecContext(ctx, "BEGIN")` (and sqlx `MustExec`)
** on a `*sql.DB`, `*sqlx.DB` or `*bun.DB`, and `Exec(ctx, "BEGIN")` on a
** `*pgxpool.Pool`: each call takes whichever connection is free. The pool is
** recognised from its declared type (a parameter, a struct field such as
** `s.db`, a package variable) or its creation (`sql.Open`, `sqlx.Connect`,
** `pgxpool.New`). The same on a `*sql.Conn`, a `*pgxpool.Conn` or a
** transaction is quiet: those run on one connection.
**
** ## C
**
** The C client libraries (libpq, the MySQL C API, SQLite) have no pools: a
** `PGconn`, a `MYSQL` handle or a `sqlite3` connection is one session, so a
** BEGIN sent on it is never this rule's finding (fixtures `c/` hold only `ok:`
** cases). A transaction left open on such a connection is begin-without-rollback's.
**
** ## Known limitations
**
** SQL text built at run time is not classified. A pool whose kind cannot be
** established is not recognised. An untyped JavaScript parameter is a pool
** only when calls in the same file pass one and none passes another kind; an
** untyped constructor parameter (and the field stored from it) only when every
** `new C(…)` in the same file passes a pool, so a repository class
** instantiated only in other files is not recognised.
**
** ## Data
**
** Entries with `"receiver": "pool"` and effect `query` in the `rules/js/` and `rules/go/` models.
**
** ## References
**
** node-postgres "Transactions": "You must use the same client instance for
** all statements within a transaction" (https://node-postgres.com/features/transactions).
*/
#include <stdio.h>

#include "engine/apispec.h"
#include "rules/outside_tx.h"
#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"begin-on-pool", "%s sends BEGIN through a pool: each pool query may run on a different connection, so the "
                      "statements after it are not in this transaction"},
    {"read-outside-tx", "%s reads %s through another connection than the transaction this callback runs in, after "
                        "%s wrote it in the transaction: it does not see that write and reads the rows as they were"},
    {NULL, NULL},
};

typedef struct PoolTxState {
  Finding *last_begin; /* the latest BEGIN reported in this function */
} PoolTxState;

static void transaction_on_pool_instr(RuleCtx *cx, const IrInstr *in) {
  const CallFact *cf = rule_ctx_call_fact(cx, in);
  PoolTxState *st = rule_ctx_scratch(cx);
  if (!cf || cf->recv_kind != AK_POOL) return;
  if (cf->effect == CE_BEGIN) {
    char subject[256];
    snprintf(subject, sizeof subject, "%s(BEGIN)", in->u.call.callee ? in->u.call.callee : "pool");
    st->last_begin = rule_ctx_report(cx, "begin-on-pool", in->loc, subject, cf->what);
    rule_ctx_add_related(cx, st->last_begin, in->loc, "BEGIN sent through the pool here");
  } else if (st->last_begin && (cf->effect == CE_COMMIT || cf->effect == CE_ROLLBACK || cf->effect == CE_SAVEPOINT)) {
    rule_ctx_add_related(cx, st->last_begin, in->loc, "sent through the pool too, possibly on another connection");
  }
}

/* A transaction callback's read through another connection of what the transaction wrote. */
static void transaction_on_pool_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  if (!place_is_test(rule_ctx_module(cx)->path)) outside_tx_report_read(cx);
}

const Rule rule_transaction_on_pool = {
    .info =
        {
            .id = "transaction-on-pool",
            .name = "TransactionOnPool",
            .summary = "BEGIN is sent through a pool, not through one connection",
            RULE_DOCS(transaction_on_pool),
            .default_level = LEVEL_ERROR,
            .precision = "very-high",
            .tags = (const char *const[]){"correctness", "transactions", "database", NULL},
            .maturity = MATURITY_STABLE,
            .langs = LANGS_C | LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .instr_mask = IR_KIND_BIT(IR_CALL),
            .state_size = sizeof(PoolTxState),
            .messages = messages,
            .on_instr = transaction_on_pool_instr,
            .end_func = transaction_on_pool_end,
            .uses_dbops = true,
        },
};
