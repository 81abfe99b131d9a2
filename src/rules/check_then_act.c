/*
** check-then-act: a read decides a write outside one locking transaction
**
** ## What it finds
**
** A write whose happening or value is decided by an earlier read of the
** table it writes, where the read and the write are not protected together,
** so two concurrent requests can both pass the check. Four shapes on
** tables, each reported at the write, with the read and the deciding branch
** as related locations, and one on a Go cache of pools:
**
** * **duplicate** — an INSERT that runs where a read found no such row
**   (`if (rows.length === 0) insert`, `if err == sql.ErrNoRows { insert }`,
**   a COUNT(*) or EXISTS read, a repository helper returning nil for "not
**   found"): two requests both find nothing and both insert.
** * **taken** — an UPDATE that writes a value a read just found unused (an
**   email or slug "not taken yet"): two requests both take it.
** * **guarded-update** — an UPDATE of the column a read tested (`if
**   (seat.status !== 'free') return; UPDATE seats SET status = $2`): two
**   requests both see the old value and both claim the row.
** * **read-modify-write** — a value read and written back, computed or not
**   (`next = last + 1; UPDATE seq SET last = $2`): one of two updates is lost
**   (duplicate sequence numbers, a lost stock decrement). Into a new row
**   only a number computed from the read counts (`MAX(seq) + 1`, `count +
**   1`): a copy of the row read (a duplicated project) loses nothing.
** * **cache-race** (Go) — a map of pools, clients or connections read under
**   a lock (`mu.RLock(); p, ok := m[k]; mu.RUnlock()`), then changed under a
**   second critical section of the same mutex without looking at the map
**   again there: `delete(m, k)` and `p.Close()` of a pool found stale (which
**   may by then be a fresh pool another request stored, or the one another
**   request just got and is using), or `m[k] = p` after a miss (two requests
**   both miss, both open a pool, the second replaces and leaks the first).
**   Reported at the first such act of the second section, with the read
**   (in the first section) and the second section's lock call as related
**   locations; one finding per second section.
**
** When the project has a schema — SQL files (migrations, dumps: `CREATE
** TABLE … UNIQUE / PRIMARY KEY`, `CREATE UNIQUE INDEX`, also partial,
** `ALTER TABLE … ADD UNIQUE / PRIMARY KEY`, MySQL `UNIQUE KEY`) or
** `schema.prisma` (`@unique`, `@@unique`, `@id`, `@@id`, with `@map` and
** `@@map`) found in the scanned trees, or JS/TS source declaring keys
** through an ORM or schema builder (TypeORM `@Unique`, `@Column({ unique:
** true })`, `@Index({ unique: true })`, `@PrimaryColumn`; knex `createTable`
** with `.unique()` / `table.unique([…])`; drizzle `.unique()`, `uniqueIndex(…)
** .on(…)`, `.primaryKey()`; Sequelize `define` / `Model.init` attributes
** with `unique: true`, a `unique: 'name'` shared by attributes, `primaryKey`,
** the options' `indexes: [{ unique: true, fields }]`, and migrations'
** `queryInterface.createTable`, `addIndex(t, cols, { unique: true })`,
** `addConstraint(t, { fields, type: 'unique' })`) and Go structs' GORM tags
** (`uniqueIndex`, a `uniqueIndex:name` shared by fields, `unique`,
** `primaryKey`) — a
** **duplicate** whose table has a
** unique key over columns the insert sets (and, for an SQL read, that the
** read looked the row up by) is not reported by default: the second insert
** fails on the key instead of adding a second row, so what is left is an
** error for a double submit (on the evaluation corpus readers judged 21 of
** 22 such findings harmless or wrong). For a read whose lookup columns are
** not known (an ORM chain, a project helper) the key must be over values the
** read was given: an insert that stores parameters into the key's columns
** none of which the read was handed (a unique user name, checked by a read
** of the e-mail address) is not guarded by it. The option `reportUniqueDuplicates` (see
** Options) reports them one level below the rule's (a note when the rule is
** configured as a warning) with their own message (`unique-duplicate`),
** asking to handle that error (or to write `INSERT … ON CONFLICT`). A primary key of one generated column (SERIAL,
** IDENTITY, AUTO_INCREMENT, SQLite's INTEGER PRIMARY KEY, Prisma
** `autoincrement()`, `uuid()`, `cuid()`) guards no check by another column
** and does not count, nor does any one-column primary key, unless the SQL
** of both the read and the insert names it (it is often an id the database
** or the application makes).
** A unique column that may be NULL (TypeORM `nullable: true`, a Sequelize
** attribute without `allowNull: false`) guards only an insert known to set
** it; a key over several columns one of which may be NULL guards nothing
** (rows with a NULL there never conflict, and such a column is usually a
** scope that holds NULL: `(service_id, user_id, name)`). Without a schema,
** or without such a key, the duplicate is at the rule's level.
**
** A race whose read and write both run inside a lock library's critical
** section (async-lock's `lock.acquire(key, fn)`, async-mutex's
** `mutex.runExclusive(fn)`: a model's `"critical"` callback), or under one
** exclusive Go `sync.Mutex` section (`mu.Lock()` held at both; not a reader's
** `RLock`), is serialised within one process only: it is reported one level below the rule's with its
** own message (`in-process`), since it matters only when the service runs
** more than one instance.
**
** A guarded INSERT whose guard tests a value (`if (count >= limit)`) is
** reported with the "guarded" message. The read and the write may be in
** different functions and modules: a project function's summary says which
** tables it reads and writes, whether its writes are atomic, and which of
** its parameters reach the values it writes, so a service calling a
** repository's `getActiveCheckout` and then its `createCheckout` is one
** read → branch → write. One finding per write; every read that decides it
** is judged, and a duplicate a unique key covers is reported (as
** `unique-duplicate`) only when no other read decides the write unguarded.
**
** The default level is **note**: the rule is experimental, and on the
** evaluation corpus of public applications most of its findings were races
** a maintainer would not fix (settings only an administrator edits, a
** unique index that already turns the race into an error, idempotent
** writes). Notes show in editors and SARIF audits and never fail a run at
** the default `--fail-on`; `"rules": {"check-then-act": "warning"}` in
** `.txlint.json` makes it a gate.
**
** ## Why it matters
**
** Under READ COMMITTED (the default of PostgreSQL, and in effect of MySQL
** for plain reads) nothing stops another transaction from changing or
** inserting the rows between the check and the act: a gauge checked out
** twice, two accounts for one email, two orders with one number, a balance
** that lost a debit. These bugs pass every test that runs one request at a
** time.
**
** ## Example
**
** ```js
** const { rows } = await pool.query('SELECT id FROM checkouts WHERE gauge_id = $1 AND returned_at IS NULL', [gaugeId]);
** if (rows.length > 0) throw new Error('already checked out');
** await pool.query('INSERT INTO checkouts (gauge_id, user_id) VALUES ($1, $2)', [gaugeId, userId]); // warn
** ```
**
** Instead, let the database decide atomically:
**
** ```js
** // a partial unique index: CREATE UNIQUE INDEX ON checkouts (gauge_id) WHERE returned_at IS NULL
** const res = await pool.query(
**   'INSERT INTO checkouts (gauge_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [gaugeId, userId]);
** if (res.rowCount === 0) throw new Error('already checked out');
** ```
**
** or run the check and the act in one transaction that locks what it read
** (`SELECT … FOR UPDATE`), or a SERIALIZABLE one that retries.
**
** ```go
** var last int64
** if err := db.QueryRowContext(ctx, "SELECT last FROM seq WHERE name = $1", name).Scan(&last); err != nil {
** 	return 0, err
** }
** _, err := db.ExecContext(ctx, "UPDATE seq SET last = $2 WHERE name = $1", name, last+1) // warn
** ```
**
** Instead: `UPDATE seq SET last = last + 1 WHERE name = $1 RETURNING last`.
**
** ```go
** c.mu.RLock()
** db, ok := c.pools[tenant]
** c.mu.RUnlock()
** if ok {
** 	return db, nil
** }
** db, err := sql.Open("postgres", dsn)
** if err != nil {
** 	return nil, err
** }
** c.mu.Lock()
** c.pools[tenant] = db // warn
** c.mu.Unlock()
** ```
**
** Instead, look again under the write lock (`if p, ok := c.pools[tenant]; ok
** { db.Close(); return p, nil }`), and before deleting a stale pool check
** that the map still holds it (`if c.pools[tenant] == db { delete(…);
** db.Close() }`); or hold one lock across the check and the act, or let
** `sync.Map.LoadOrStore` or `singleflight` decide.
**
** ## How it decides
**
** The engine's data operations (engine/dbops.c) list, per function, the
** calls that read or write tables: SQL whose text is known (a literal, a
** template, a module constant) classified by src/sql, and calls of project
** functions whose summaries read or write (in C too: the SQL of `PQexec`,
** `mysql_query`, `sqlite3_exec` and their wrappers). Values are followed from each
** read's result; a branch is classified by what it tests: whether the read
** found rows (the result, `rows.length`, `rowCount`, a row compared with
** null, `sql.ErrNoRows` through `==` or `errors.Is`, Go's `err == nil` of
** the read's error — where it failed it found nothing; where it succeeded
** nothing is told, as a Query or Find succeeds on no rows —, a member the
** write is then given as its key, anything of a COUNT(*)/EXISTS read), or a value of
** the row (`user.status`, `balance`, a scanned column). The write must be
** control dependent on that branch (it runs on one side only), on the side
** where the read found nothing for a found-or-not test; the read must come
** before the write and read the table the write writes first.
**
** What a read's result carries is its own rows: the earlier rows whose
** values it was given were its key (`findOrg(member.orgId)`). In JS/TS an
** awaited call that is no data operation (`await fetch(url, { body:
** row.secret })`, an OAuth token exchange) asks another service, whose
** answer is not the row's values (engine/resultflow.c).
**
** Quiet, by design: an UPDATE or DELETE after a found-or-not test of the row
** it then changes (`if (!user) return 404`), or after a test of a value it
** does not set from the request (ownership checks, `if (!u.active) SET active
** = true`): what a concurrent request can do in between does not make that
** write wrong. A test of the column an update sets against the very value it
** then stores there (`if (row.owner !== me) SET owner = me`, the write where
** they differ; also a loaded row's member set to it before its save) only
** skips a write that would change nothing: without it the
** write would store the same value, so it opens no race. A value found
** unused and stored into a row whose key is made only from that value
** (`UPDATE … SET handle = ? WHERE actor = ?` with `actor = lookup(handle)`)
** is no "taken" race: two requests taking it write the same row. Upserts (`ON CONFLICT`, `ON DUPLICATE KEY UPDATE`, `INSERT
** IGNORE`, `REPLACE`) — except an upsert that stores over the row a value
** computed from the read (`ON DUPLICATE KEY UPDATE`, `onConflictDoUpdate`, a
** model's `upsert`: a read-modify-write all the same) —, self-relative updates (`SET n = n - $1`), conditional
** UPDATE/DELETE whose row count the code checks, and helpers whose writes
** all are such. A read and a write in one transaction that locks the rows
** read (`FOR UPDATE`, `FOR SHARE`, `LOCK IN SHARE MODE`) or is SERIALIZABLE
** (`BEGIN ISOLATION LEVEL SERIALIZABLE`, `sql.LevelSerializable`, SQLite's
** `BEGIN IMMEDIATE`/`EXCLUSIVE`), including managed transactions (models'
** managed callbacks and project `withTransaction(fn)` helpers). A locking
** read with no transaction in sight runs in its caller's: `FOR UPDATE`
** outside one would lock nothing. Everything after an advisory lock
** (`pg_advisory_xact_lock`, `GET_LOCK`, or a helper taking one). Code that
** runs one request at a time: tests, scripts, CLI tools, migrations and
** seeds (rules/places.c: by path, and migrations also by shape — a module
** exporting `up` and `down`, a class with both methods).
**
** The cache race (engine/lockscan.c) works on Go's critical sections: a
** lock call of the models (sync's `Lock`/`RLock`, also on an embedded
** mutex: `c.Lock()`) starts one, the next unlock on the same access path
** ends it, `defer mu.Unlock()` makes it last to every exit; an operation is
** in a section when that section holds the mutex on every path to it. A
** map is a cache of pools by the declared type of its values (a field, a
** package variable, or one made by `map[K]V{}` or `make(map[K]V)`): a pool,
** client or connection of the models (`*sql.DB`, `*sql.Conn`,
** `*pgxpool.Pool`), or a struct of the package holding one. An act — a
** store, a delete, or a model's close of a pool read from the map — is
** reported when it is in one section and depends on a read of the same map
** made in another section of the same mutex (its operands carry the read,
** or it runs on one side only of a branch whose condition does: `if ok`,
** `if err := db.PingContext(ctx); err == nil`, a key collected by `range
** m`), unless a branch deciding it, in its own section, tests the map again:
** a read (`if c.pools[k] == db`, `if p, ok := c.pools[k]; ok`), or a call
** of the program's own code that may look at it (a method of the map's
** owner, a function passed the map). A lock of another mutex held at the
** act counts as its own: a second look taken under a creation lock still
** held at the store is the re-check, and a read made under a lock still
** held at the act is not stale. Quiet, then: the fixed versions above,
** one section around the whole check and act, `sync.Map`, `singleflight`
** (the store runs in the callback, with no read of its own), maps of other
** values (counters, cached rows), and a write nothing read decides.
**
** ## Known limitations
**
** * Query builders without a model (evershop's `@evershop/postgres-query-builder`,
**   a Prisma client generated into the tree and imported by path) are not data
**   operations, so their races are missed.
** * SQL `ON CONFLICT … DO UPDATE` is not told from `DO NOTHING`: only `ON
**   DUPLICATE KEY UPDATE`, `REPLACE` and the models' `overwrites` entries count
**   as upserts that store a stale value.
** * An awaited JS call that is no data operation is taken for another
**   service's answer, so an async helper that computes a new value from the
**   row it is given (`await merge(row, patch)`) hides a read-modify-write.
** * A Go local that a read scanned is not matched to the SELECT column it
**   came from, so a status tested in a local and then set is missed
**   (`fixtures/check-then-act/go/known_gaps.go`).
** * A value derived from the row and written back is reported even when it
**   is derived from data nobody changes (a digest recomputed from an
**   immutable body: `fixtures/check-then-act/js/known_gaps.js`).
** * Unique keys are read from SQL files, `schema.prisma`, TypeORM, knex,
**   drizzle and Sequelize source and GORM tags: Sequelize's `addColumn`
**   and `changeColumn`, a GORM model's
**   `TableName()` and SQL in Go string constants are not read, so those
**   duplicates stay at the rule's level. The columns an ORM read looks rows up by are not compared
**   with the key (an SQL read's `WHERE … = …` columns are).
** * An in-process lock the project writes itself (a class keeping a map of
**   held keys) is not recognised as one, only the lock libraries' models.
** * Sequelize models that a factory defines (`module.exports = (sequelize,
**   DataTypes) => sequelize.define(…)`, or a class it declares and `init`s)
**   are models where the factory is called with the instance and the
**   result kept in an object (`const models = { User: UserModel(sequelize,
**   DataTypes) }`, `module.exports = { ...models, sequelize }`); the
**   sequelize-cli generator's loader (`fs.readdirSync` then
**   `db[model.name] = require(file)(sequelize, DataTypes)`) names its
**   members at run time and is not followed.
** * A read that decides only what happens besides the write (an event
**   emitted when a count was 0) is not judged, even when the write that
**   follows changes what it counted (two users moving into an empty house
**   both see it empty).
** * A unique key is weighed only for a duplicate after a found-or-not test:
**   an insert in the `else` of a test that also compares a value of the row
**   (`if (p !== null && p.value !== v) … else if (p === null) create`) is
**   reported with the "guarded" message even when a key rejects the
**   duplicate.
** * A read whose helper wraps its row in an Option (fp-ts `O.some(row)` /
**   `O.none`), tested with `O.isNone(x)`, is not linked to its guard.
** * Go reads and writes through a store interface (`s.Store.GetUserByEmail(ctx,
**   LockingStrengthNone, …)`) are not checked: their facts are merged from
**   every implementation, and whether they lock depends on a locking-strength
**   argument the summaries do not carry (nor do they carry a helper's locking
**   read at all). A GORM `Save` of a struct the caller hands in counts as an
**   update, though given a fresh id it inserts (netbird's `SaveUserInvite`).
** * Values are followed per function and flow-insensitively; tables are
**   compared by name (two schemas with one table name are one table).
** * The cache race is found within one function: a read whose critical
**   section is in a helper (`p := c.get(k)`, the helper locking and
**   unlocking) is not followed into the caller
**   (`fixtures/check-then-act/go/known_gaps.go`); a function with more than
**   64 operations on caches, or more than 8 mutexes, is left alone.
** * A value a Go helper found unused and returned (`handle, err :=
**   freeHandle(db, req)`, then `UPDATE … SET handle = ?`) is not followed to
**   the write as the value the read looked up by, so that "taken" race is
**   missed (`fixtures/check-then-act/go/helper_results.go`).
** * Go statements whose SQL text a local holds (`q := "INSERT …"`), and
**   helpers all of whose writes are such, are not checked writes (and such
**   reads are not data operations at all): stores written so keep their DDL
**   in Go migration strings, so their unique keys are unknown and every
**   checked insert would look unguarded
**   (`fixtures/check-then-act/go/local_sql_writes.go`).
**
** ## Data
**
** The SQL classifier (src/sql: verbs, tables, `FOR UPDATE`, upserts,
** self-relative SET, SET columns, COUNT/EXISTS reads, advisory locks,
** isolation levels) and the models' calls that run SQL (`"effect": "query"`,
** `"runs_sql"`, `"sql_arg"`). Result shapes are model properties with
** `"means"`: `rows` (pg `result.rows`), `row-count` (`rowCount`,
** `affectedRows`, GORM `RowsAffected`), `no-rows` (Go `sql.ErrNoRows`,
** `pgx.ErrNoRows`, `gorm.ErrRecordNotFound`) and `error` (GORM `.Error`); see
** docs/models.md. Managed transactions are calls with `"callback":
** {"managed": true}`. The cache race's critical sections come from the
** models of kind `mutex` with effects `lock` and `unlock`
** (rules/go/sync.json); what a pool is, and which calls close one, from the
** database models.
**
** ## References
**
** * CWE-367: Time-of-check Time-of-use (TOCTOU) Race Condition; CWE-362:
**   Concurrent Execution using Shared Resource with Improper Synchronization.
** * Go: package sync (`RWMutex`, `Map.LoadOrStore`);
**   golang.org/x/sync/singleflight.
** * PostgreSQL: Transaction Isolation (13.2) and Explicit Locking (13.3);
**   `INSERT … ON CONFLICT`.
** * MySQL: Locking Reads (`SELECT … FOR UPDATE`), `INSERT … ON DUPLICATE KEY
**   UPDATE`.
**
** ## Options
**
** Set as ESLint sets a rule's options, the level first:
**
** ```json
** { "rules": { "check-then-act": ["note", { "reportUniqueDuplicates": true }] } }
** ```
**
** * `reportUniqueDuplicates` (default `false`): also report a duplicate
**   insert that a unique key of the schema makes fail (the
**   `unique-duplicate` message, one level below the rule's), for a team that
**   wants every such insert turned into `INSERT … ON CONFLICT` or its unique
**   violation handled.
**
** Disable the rule in `.txlint.json` or silence one finding with
** `// txlint-disable-next-line check-then-act -- reason`.
*/
#include <stdio.h>
#include <string.h>

#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"duplicate", "%s inserts into %s after %s found no such row, but another request can insert the same row in "
                  "between and both pass the check: make the insert atomic (INSERT … ON CONFLICT, or a unique index "
                  "whose error is handled), or check and insert in one transaction that locks"},
    {"unique-duplicate", "%s inserts into %s after %s found no such row; the unique index on %s(%s) makes a "
                         "concurrent duplicate fail, so the caller must handle that error (or use INSERT … ON "
                         "CONFLICT)"},
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
    {"in-process", "%s writes to %s %s what %s read, under %s: an in-process lock keeps two requests of this "
                   "process apart but not two processes, so with more than one instance of the service both can "
                   "still pass the check; if it runs more than once, check and write in one transaction that locks "
                   "(SELECT … FOR UPDATE), or make the write atomic"},
    {"cache-race", "%s %s %s on what %s found under %s; the lock was released in between and nothing under %s "
                   "looks at the map again, so %s; re-read the key under this lock and compare (m[k] == p) before "
                   "acting, or hold one lock across the check and the act"},
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

/* A locking read of r's table earlier in r's transaction (`SELECT id … FOR
** UPDATE`, then the row with its relations by a plain read): the rows stay
** locked to the end of the transaction, so r reads them locked too. */
static bool locked_before(const RuleCtx *cx, const DbOp *r) {
  for (uint32_t i = 0; i < rule_ctx_n_dbops(cx); i++) {
    const DbOp *l = rule_ctx_dbop(cx, i);
    if (l != r && (l->flags & DBF_LOCKING) && l->kind == DB_READ && l->tx_res == r->tx_res && before(l->loc, r->loc) &&
        reads_written_table(l, r))
      return true;
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
  return (r->flags & DBF_LOCKING) || rule_ctx_tx_serializable(cx, r->tx_res) || locked_before(cx, r);
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
** the read looked up by (a uniqueness check) or one computed from the read.
** A new row made of values read (a duplicated project, a copy of a template)
** loses no update: only a number computed from the read (the next of a
** sequence, `MAX(n) + 1`, `count + 1`) can be made twice. */
static const char *shape_of(const RuleCtx *cx, uint32_t k, const DbOp *w, uint32_t j, uint64_t feeds, uint64_t arith,
                            SrcLoc *at) {
  DbGuard g = rule_ctx_dbop_guard_effective(cx, k, j, at);
  bool insert = (w->flags & DBF_INSERT) != 0;
  if (w->flags & DBF_ATOMIC) return (feeds >> j & 1) ? "read-modify-write" : NULL; /* an upsert of a stale value */
  if (insert && g == DB_GUARD_EXISTS) return "duplicate";
  if ((feeds >> j & 1) && (!insert || (arith >> j & 1))) return "read-modify-write";
  if (insert && g >= DB_GUARD_VALUE) return "guarded";
  if (g == DB_GUARD_VALUE_WRITTEN) return "guarded-update";
  if (g == DB_GUARD_EXISTS && rule_ctx_dbop_writes_read_key(cx, k, j)) return "taken";
  return NULL;
}

/* The rule's options (RuleInfo.options): the index of each. */
enum { OPT_UNIQUE_DUPLICATES };

static const RuleOption options[] = {
    {"reportUniqueDuplicates", "also report a duplicate insert that a unique key makes fail (unique-duplicate)"},
    {NULL, NULL},
};

/* A duplicate insert that a unique key of the schema makes fail: the race
** ends in an error the caller must handle, not in a second row. Quiet unless
** the reportUniqueDuplicates option is on (then a level lower, with its own
** message): on real applications readers judged nearly all of these
** harmless — a double submit that gets an error. */
static void report_unique(RuleCtx *cx, const DbOp *r, const DbOp *w, SrcLoc at, const char *cols) {
  char subject[160];
  snprintf(subject, sizeof subject, "%s → %s on %s", r->what, w->what, w->table);
  Finding *f = rule_ctx_report(cx, "unique-duplicate", w->loc, subject, w->what, w->table, r->what, w->table, cols);
  rule_ctx_lower_level(cx, f, 1);
  rule_ctx_require_option(cx, f, OPT_UNIQUE_DUPLICATES);
  rule_ctx_add_related(cx, f, r->loc, "the read");
  rule_ctx_add_related(cx, f, at, "decides whether the write happens");
  rule_ctx_add_related(cx, f, w->loc, "the write");
}

static void report(RuleCtx *cx, const char *shape, const DbOp *r, const DbOp *w, SrcLoc at) {
  char subject[160];
  snprintf(subject, sizeof subject, "%s → %s on %s", r->what, w->what, w->table);
  Finding *f = rule_ctx_report(cx, shape, w->loc, subject, w->what, w->table, r->what);
  rule_ctx_add_related(cx, f, r->loc, "the read");
  if (strcmp(shape, "read-modify-write") != 0) rule_ctx_add_related(cx, f, at, "decides whether the write happens");
  rule_ctx_add_related(cx, f, w->loc, "the write");
}

/* How a shape's write depends on the read, for the in-process message. */
static const char *shape_phrase(const char *shape) {
  if (strcmp(shape, "duplicate") == 0) return "a row after finding none by";
  if (strcmp(shape, "read-modify-write") == 0) return "a value computed from";
  if (strcmp(shape, "taken") == 0) return "a value found unused by";
  return "as decided by";
}

/* A race whose read and write both run holding an in-process lock (a lock
** library's critical section): serialised within this process only, so it
** is reported a level lower, saying so. */
static void report_in_process(RuleCtx *cx, const char *shape, const DbOp *r, const DbOp *w, SrcLoc at, SrcLoc lock_at,
                              const char *lock_what) {
  char subject[160];
  snprintf(subject, sizeof subject, "%s → %s on %s", r->what, w->what, w->table);
  Finding *f = rule_ctx_report(cx, "in-process", w->loc, subject, w->what, w->table, shape_phrase(shape), r->what,
                               lock_what ? lock_what : "a lock");
  rule_ctx_lower_level(cx, f, 1);
  rule_ctx_add_related(cx, f, r->loc, "the read");
  if (strcmp(shape, "read-modify-write") != 0) rule_ctx_add_related(cx, f, at, "decides whether the write happens");
  rule_ctx_add_related(cx, f, lock_at, "the in-process lock held around both");
  rule_ctx_add_related(cx, f, w->loc, "the write");
}

/* Section - The pool-cache race */

static bool cache_act(uint8_t kind) { return kind == CACHE_STORE || kind == CACHE_DELETE || kind == CACHE_CLOSE; }

static const char *cache_verb(uint8_t kind) {
  return kind == CACHE_STORE ? "stores into" : kind == CACHE_DELETE ? "deletes from" : "closes a pool of";
}

/* What goes wrong when another goroutine runs between the two sections. */
static const char *cache_harm(uint8_t kind) {
  if (kind == CACHE_STORE)
    return "another goroutine may have stored a pool for the key, which this replaces (two pools made for one key, "
           "one of them never closed)";
  if (kind == CACHE_DELETE)
    return "another goroutine may have stored a fresh pool for the key, which this deletes (a pool nobody closes)";
  return "another goroutine may have got this pool from the map, and this closes it while it is in use";
}

/* Whether act k was re-checked under a lock held at it: its own section's
** (`if p, ok := m[k]; ok` under the write lock), or another mutex's held
** from the re-check to the act (a creation lock around a second look). */
static bool cache_rechecked(const RuleCtx *cx, uint32_t k) {
  uint64_t held = rule_ctx_cache_op(cx, k)->sections;
  for (uint32_t s = 0; s < 64 && held >> s; s++)
    if ((held >> s & 1) && rule_ctx_cache_op_rechecked(cx, k, s)) return true;
  return false;
}

/* A section of the same mutex as section s2, other than s2, among bits; or -1. */
static int other_section(const RuleCtx *cx, uint64_t bits, uint32_t s2) {
  const char *mutex = rule_ctx_lock_section(cx, s2)->mutex;
  for (uint32_t s = 0; s < rule_ctx_n_lock_sections(cx) && s < 64; s++)
    if (s != s2 && (bits >> s & 1) && strcmp(rule_ctx_lock_section(cx, s)->mutex, mutex) == 0) return (int)s;
  return -1;
}

/* The read that decides act k in section s2 from another section of the same
** mutex (*s1 gets that section), or -1. */
static int stale_read(const RuleCtx *cx, uint32_t k, uint32_t s2, int *s1) {
  const CacheOp *act = rule_ctx_cache_op(cx, k);
  for (uint32_t j = 0; j < rule_ctx_n_cache_ops(cx) && j < 64; j++) {
    const CacheOp *r = rule_ctx_cache_op(cx, j);
    /* A read made under a lock still held at the act is serialised with it. */
    if (r->kind != CACHE_READ || strcmp(r->map, act->map) != 0 || (r->sections & act->sections)) continue;
    int s = other_section(cx, r->sections, s2);
    if (s >= 0 && rule_ctx_cache_op_depends(cx, k, j)) return *s1 = s, (int)j;
  }
  return -1;
}

static void report_cache_race(RuleCtx *cx, const CacheOp *act, const CacheOp *r, uint32_t s1, uint32_t s2) {
  const LockSection *first = rule_ctx_lock_section(cx, s1), *second = rule_ctx_lock_section(cx, s2);
  char subject[200];
  snprintf(subject, sizeof subject, "%s under %s → %s under %s", r->what, first->what, act->what, second->what);
  Finding *f = rule_ctx_report(cx, "cache-race", act->loc, subject, act->what, cache_verb(act->kind), act->map, r->what,
                               first->what, second->what, cache_harm(act->kind));
  rule_ctx_add_related(cx, f, r->loc, "the read, in the first critical section");
  rule_ctx_add_related(cx, f, second->loc, "the second critical section starts here, after the lock was released");
}

/* In Go, a cache of pools read in one critical section and changed in a
** second one on the same mutex without a fresh look at the map there. One
** finding per second section, at its first such act. */
static void cache_races(RuleCtx *cx) {
  for (uint32_t s2 = 0; s2 < rule_ctx_n_lock_sections(cx) && s2 < 64; s2++) {
    int best = -1, best_read = -1, best_s1 = -1;
    for (uint32_t k = 0; k < rule_ctx_n_cache_ops(cx); k++) {
      const CacheOp *act = rule_ctx_cache_op(cx, k);
      if (!cache_act(act->kind) || !(act->sections >> s2 & 1) || cache_rechecked(cx, k)) continue;
      if (best >= 0 && !before(act->loc, rule_ctx_cache_op(cx, (uint32_t)best)->loc)) continue;
      int s1 = -1, j = stale_read(cx, k, s2, &s1);
      if (j >= 0) best = (int)k, best_read = j, best_s1 = s1;
    }
    if (best >= 0)
      report_cache_race(cx, rule_ctx_cache_op(cx, (uint32_t)best), rule_ctx_cache_op(cx, (uint32_t)best_read),
                        (uint32_t)best_s1, s2);
  }
}

static void check_then_act_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  if (place_runs_alone(rule_ctx_module(cx))) return; /* tests, scripts, migrations: no concurrent requests */
  cache_races(cx);
  uint32_t n = rule_ctx_n_dbops(cx);
  for (uint32_t k = 0; k < n; k++) {
    const DbOp *w = rule_ctx_dbop(cx, k);
    if (w->kind != DB_WRITE || w->unchecked) continue; /* DbOp.unchecked */
    uint64_t feeds = rule_ctx_dbop_value_ops(cx, k); /* values written, not the keys of the rows */
    /* An upsert is atomic against a duplicate, not against the value it stores over the row. */
    if (atomic_write(cx, k, w) && !((w->flags & DBF_OVERWRITES) && feeds)) continue;
    uint64_t arith = rule_ctx_dbop_value_arith_ops(cx, k);
    /* A duplicate a unique key turns into an error is reported only when no
    ** other read decides the write unguarded (a unique user name checked
    ** first, then an e-mail address without a key). */
    int unique_j = -1;
    SrcLoc unique_at = {0, 0, 0, 0};
    char unique_cols[128];
    for (uint32_t j = 0; j < n && j < 64; j++) {
      const DbOp *r = rule_ctx_dbop(cx, j);
      if (j == k || r->kind != DB_READ || r->unchecked || !before(r->loc, w->loc) || !reads_written_table(r, w) || protected_pair(cx, r, w) ||
          after_advisory_lock(cx, r) || !rule_ctx_dbop_reaches(cx, j, k))
        continue;
      SrcLoc at = {0, 0, 0, 0};
      const char *shape = shape_of(cx, k, w, j, feeds, arith, &at);
      if (!shape) continue;
      char cols[128];
      SrcLoc lock_at;
      const char *lock_what = NULL;
      if (strcmp(shape, "duplicate") == 0 && rule_ctx_unique_key(cx, k, j, cols, sizeof cols)) {
        if (unique_j < 0) unique_j = (int)j, unique_at = at, memcpy(unique_cols, cols, sizeof cols);
        continue;
      }
      unique_j = -1;
      if (rule_ctx_in_lock_callback(cx, &lock_at, &lock_what) || rule_ctx_dbops_one_section(cx, j, k, &lock_at, &lock_what))
        report_in_process(cx, shape, r, w, at, lock_at, lock_what);
      else
        report(cx, shape, r, w, at);
      break; /* one finding per write */
    }
    if (unique_j >= 0) report_unique(cx, rule_ctx_dbop(cx, (uint32_t)unique_j), w, unique_at, unique_cols);
  }
}

const Rule rule_check_then_act = {
    .info =
        {
            .id = "check-then-act",
            .name = "CheckThenAct",
            .summary = "a read decides a write outside one locking transaction",
            RULE_DOCS(check_then_act),
            .default_level = LEVEL_NOTE,
            .precision = "low",
            .tags = (const char *const[]){"correctness", "database", NULL},
            .maturity = MATURITY_EXPERIMENTAL,
            .langs = LANGS_C | LANGS_JS | LANGS_TS | LANGS_GO,
            .options = options,
        },
    .impl =
        {
            .messages = messages,
            .end_func = check_then_act_end,
            .uses_dbops = true,
            .uses_locks = true,
        },
};
