/* checker: the interface between the engine and the rules. A rule is a
** stateless descriptor (EngineRule) whose callbacks the engine calls for each
** function: begin_func, on_instr for the instruction kinds in instr_mask
** (replayed in block order with the fixpoint state, so a rule can ask what the
** engine knows at that instruction), and end_func, where resource rules read
** the typestate results. Per-function scratch of state_size bytes is owned by
** the engine and rewound after each function. */
#ifndef TXLINT_ENGINE_CHECKER_H
#define TXLINT_ENGINE_CHECKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/finding.h"
#include "engine/poolfacts.h"
#include "ir/ir.h"
#include "sql/sql.h"

typedef struct RuleCtx RuleCtx;
typedef struct ProjectCtx ProjectCtx;

/* A message template: printf-style, arguments given to rule_ctx_report. */
typedef struct RuleMessage {
  const char *id;   /* "leak-throw" */
  const char *text; /* "%s acquired by %s is not released when the function throws" */
} RuleMessage;

typedef struct EngineRule {
  const char *id;             /* borrowed from the static rule table */
  FindingLevel level;
  unsigned instr_mask;        /* IR_KIND_BIT(IR_CALL) | … */
  bool uses_dbops;            /* reads the data operations (rule_ctx_dbop…) in end_func */
  size_t state_size;          /* per-function scratch, zeroed at begin_func */
  const RuleMessage *messages; /* terminated by an entry with id NULL */
  void (*begin_func)(RuleCtx *cx, const IrFunc *fn);
  void (*on_instr)(RuleCtx *cx, const IrInstr *in);
  void (*end_func)(RuleCtx *cx, const IrFunc *fn);
  /* Called once after every module has been analysed and published (the
  ** project phase), in no particular relation to the per-function calls:
  ** what it reads comes from the published summaries (poolfacts.h). */
  void (*end_project)(ProjectCtx *cx);
  bool uses_locks;            /* reads the critical sections and cache operations
                                 (rule_ctx_lock_section…, rule_ctx_cache_op…) in end_func;
                                 implies the data operations' pass */
  bool uses_sec;              /* reads the connection-security facts (rule_ctx_sec_fact…) */
} EngineRule;

/* What the engine decided a call does. */
typedef enum CallEffect {
  CE_NONE,
  CE_ACQUIRE,  /* acquires a resource (model, wrapper summary, or callback form) */
  CE_RELEASE,
  CE_BEGIN,    /* BEGIN / START TRANSACTION / beginTransaction() */
  CE_COMMIT,
  CE_ROLLBACK,
  CE_SAVEPOINT, /* SAVEPOINT / ROLLBACK TO / RELEASE SAVEPOINT: no change to the transaction */
  CE_QUERY,    /* other SQL */
} CallEffect;

typedef struct CallFact {
  CallEffect effect;
  uint8_t recv_kind;   /* ApiKind of the receiver */
  SqlKind sql;         /* for SQL-carrying calls */
  const char *what;    /* "pool.query('BEGIN')"-style description, in the file arena */
} CallFact;

/* Why a resource or transaction leaks, for one chosen witness. */
typedef enum LeakExit {
  LEAK_NONE,
  LEAK_RELEASE_OPEN, /* released with the transaction open */
  LEAK_RETURN,       /* a normal return */
  LEAK_RETURN_CAUGHT, /* a normal return reached through a caught exception */
  LEAK_THROW,        /* a throw statement leaves the function */
  LEAK_CALL_THROW,   /* a call that may throw leaves the function */
  LEAK_LOOP,         /* acquired again while the previous one is held */
  LEAK_OVERWRITE,    /* the only variable that held it was assigned something else */
} LeakExit;

typedef struct TsLeakInfo {
  LeakExit exit;
  SrcLoc exit_loc;
} TsLeakInfo;

/* A tracked resource, as rules see it. */
typedef struct TsResourceInfo {
  const char *name;    /* the variable that holds it ("client"), or NULL */
  const char *noun;    /* what it is, for messages when it has no name ("the rows") */
  const char *what;    /* how it was acquired: "pool.connect()" */
  const char *subject; /* stable key: "client = pool.connect()" */
  SrcLoc loc;          /* the acquire call */
  uint32_t block;      /* the block of the acquire call (UINT32_MAX: acquired at entry) */
  bool borrowed;       /* not acquired here (parameter, field): only its transaction is tracked */
  bool tx_only;        /* a transaction handle (Go *sql.Tx): only its transaction is reported */
  TsLeakInfo leak;     /* acquire-without-release; exit LEAK_NONE when clean */
  TsLeakInfo tx_leak;  /* begin-without-rollback */
  SrcLoc begin_loc;    /* the BEGIN of tx_leak */
  const char *begin_what; /* "client.query('BEGIN')" */
  bool failed_construction; /* a statement prepared on a pool that leaks only where the function
                               fails (`return nil, err`) and that it hands out when it succeeds:
                               a constructor that does not undo its first steps */
  bool failed_connect; /* a connection that leaks only where a status test said it failed to
                          connect (libpq PQstatus): its memory, no server connection */
} TsResourceInfo;

/* Section - Data operations (engine/dbops.c) */

typedef enum DbOpKind { DB_NONE, DB_READ, DB_WRITE } DbOpKind;

enum {
  DBF_LOCKING = 1 << 0,     /* a read that locks its rows (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) */
  DBF_ATOMIC = 1 << 1,      /* a write that is atomic by itself (upsert, self-relative update), or a
                               helper whose writes all are */
  DBF_CONDITIONAL = 1 << 2, /* UPDATE/DELETE … WHERE (atomic when its row count is checked) */
  DBF_INSERT = 1 << 3,      /* an INSERT, or a helper that makes one that is not atomic */
  DBF_VIA_SUMMARY = 1 << 4, /* a call of a project function whose summary reads or writes */
  DBF_ALSO_READS = 1 << 5,  /* such a function reads too (its own check before its write) */
  DBF_RET_INSERTED = 1 << 6, /* its result is what an INSERT made: the statement's own result,
                               or a helper that returns the row or id it inserted */
  DBF_EXISTENCE = 1 << 7,   /* a read that can only say whether rows exist or how many
                               (SELECT COUNT(*) / EXISTS / 1 …, or a helper returning such) */
  DBF_ADVISORY_LOCK = 1 << 9, /* takes an advisory lock (pg_advisory_xact_lock, GET_LOCK), or a
                               helper that does: what follows runs alone for that key */
  DBF_CALLERS_CONN = 1 << 8, /* it runs on a connection a parameter hands in, not known to be a
                               pool: the caller may hold a transaction on it */
  DBF_NEVER_THROWS = 1 << 10, /* a helper that catches whatever its statements throw (best-effort
                               audit logging): its failure never reaches the caller */
  DBF_OVERWRITES = 1 << 11, /* an atomic write that on a conflict stores its values over the row there
                               (an upsert, ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE), or a helper
                               with one: atomic against a duplicate, not against a stale value */
  DBF_OUTSIDE_TX = 1 << 12, /* in a managed transaction's callback, it runs on another connection
                               than the transaction's client (the pool, a helper on its own
                               connection): outside the transaction (engine/txescape.c) */
};

/* How a branch that decides whether a write happens depends on a read. */
typedef enum DbGuard {
  DB_GUARD_NONE,
  DB_GUARD_EXISTS, /* it tests whether the read found rows (`if (!user)`, `rows.length === 0`,
                      `err == sql.ErrNoRows`, a COUNT(*) compared with anything), and the
                      write runs where it found none */
  DB_GUARD_VALUE,  /* it tests a value the read returned: `user.status !== 'free'`, `balance < amount` */
  DB_GUARD_VALUE_WRITTEN, /* such a value, of a column the write then sets from a parameter:
                             `if (g.status !== 'free') …; UPDATE gauges SET status = $2` */
} DbGuard;

enum { DBOPS_MAX = 64, DBOPS_MANAGED_TX = 1000, DBOPS_BORROWED_TX = 1001,
       DBOPS_MANAGED_SERIALIZABLE_TX = 1002 /* a managed transaction begun SERIALIZABLE */,
       DBOPS_LEXICAL_TX_MIN = 1 << 16 /* and above: the transaction a begin call made on a receiver
                                         of unknown kind that the function also commits or rolls
                                         back (lextx.c), one value per begin call */ };

/* A call that reads or writes tables. */
typedef struct DbOp {
  uint8_t kind;          /* DbOpKind */
  uint16_t flags;        /* DBF_* */
  uint32_t tables[2];    /* table hashes (dbops_table_hash); n_tables used */
  uint8_t n_tables;
  char table[24];        /* the first table's name, for messages */
  SrcLoc loc;
  const char *what;      /* "pool.query()", "repo.createCheckout()" (file arena) */
  int32_t tx_res;        /* the tracked resource whose transaction is open around it,
                            DBOPS_MANAGED_TX inside a managed transaction's callback (or an
                            element of a managed batch; DBOPS_MANAGED_SERIALIZABLE_TX when it
                            asks for SERIALIZABLE),
                            DBOPS_BORROWED_TX on a transaction the function was handed (a
                            parameter or field of kind tx: Go `tx *sql.Tx`), or -1 */
  /* Engine bookkeeping (dbops.c): the argument holding the SQL text, and which
  ** of the statement's parameters are values it writes. */
  int8_t sql_arg;        /* -1: not SQL (a summarised helper) */
  bool values_known;
  uint64_t value_params; /* bit n: parameter n (0-based) is a value written */
  uint32_t set_cols[4];  /* an UPDATE's columns set from parameters (dbops_column_hash) */
  uint8_t n_set_cols;
  uint32_t ins_cols[8];  /* an INSERT's column list (dbops_column_hash): SQL `INSERT INTO t (a, b)`,
                            the keys of an ORM create's data object; n_ins_cols 0 = not known */
  uint8_t n_ins_cols;
  uint32_t where_cols[8]; /* a SELECT's columns compared with = in its WHERE (dbops_column_hash);
                             n_where_cols 0 = not known */
  uint8_t n_where_cols;
  uint8_t unchecked;     /* DBSRC_*, or 0: its facts come from where check-then-act does not read
                            them yet (non-atomic-writes does) */
  bool deletes;          /* a DELETE statement (SQL, or an ORM delete) */
} DbOp;

/* The first table op names, for messages, or unknown when it names none. */
static inline const char *dbop_table_or(const DbOp *op, const char *unknown) { return op->table[0] ? op->table : unknown; }

/* Whether a and b name a table in common (of those their statements or summaries name). */
static inline bool dbop_shares_table(const DbOp *a, const DbOp *b) {
  for (uint8_t i = 0; i < a->n_tables; i++)
    for (uint8_t j = 0; j < b->n_tables; j++)
      if (a->tables[i] == b->tables[j]) return true;
  return false;
}

/* Where a data operation's facts come from, when check-then-act leaves it out. */
enum {
  DBSRC_GO_LOCAL_TEXT = 1, /* Go: its SQL text is held in a local (`q := "INSERT …"`), or a helper
                              all of whose writes (reads) are such: stores that keep SQL so keep
                              their DDL in Go migration strings, whose unique keys are not read */
  DBSRC_GO_IFACE = 2,      /* a call through a Go interface, its facts merged from the package's
                              implementations (dbimpl.c), or a helper all of whose writes (reads)
                              are such: a store's whole surface, whose races are not judged yet */
};

/* Number of data operations of the current function (in block order). */
uint32_t rule_ctx_n_dbops(const RuleCtx *cx);
/* Data operation k (borrowed, valid until end_func returns). */
const DbOp *rule_ctx_dbop(const RuleCtx *cx, uint32_t k);
/* The operations (bits) whose results flow into operation k's arguments. */
uint64_t rule_ctx_dbop_arg_ops(const RuleCtx *cx, uint32_t k);
/* The same, for the values operation k writes only (an UPDATE's SET, an
** INSERT's VALUES, a helper's parameters that reach its writes' values), not
** the keys that say which rows: `UPDATE t SET n = $2 WHERE id = $1`. */
uint64_t rule_ctx_dbop_value_ops(const RuleCtx *cx, uint32_t k);
/* Operation k is a get-or-create's save: an entity read on one path and made on another,
** none of whose members the function assigns (see dbops_gets_or_creates). */
bool rule_ctx_dbop_gets_or_creates(const RuleCtx *cx, uint32_t k);
/* True when a found-or-not test of read r splits the paths so that operation j runs only
** where r found nothing and operation m only where it found its row. */
bool rule_ctx_dbop_found_side(const RuleCtx *cx, uint32_t m, uint32_t r, uint32_t j);
/* Of those, the operations whose values reach operation k's written values
** through arithmetic (`last.n + 1`, `count + 1`, Go `x++`): a number computed
** from the read, as the next of a sequence is, rather than a copy of it. */
uint64_t rule_ctx_dbop_value_arith_ops(const RuleCtx *cx, uint32_t k);
/* Whether operation k runs only on one side of a branch (is control dependent
** on it) whose condition tests the result of operation j, and how: the
** strongest such test (a value over existence); *at gets its condition's
** location. */
DbGuard rule_ctx_dbop_guard(const RuleCtx *cx, uint32_t k, uint32_t j, SrcLoc *at);
/* The same, except that a test of a column the write sets which only skips a
** write changing nothing (`if (row.owner !== me) SET owner = me`, the write
** where they differ) counts as DB_GUARD_VALUE: without the test the write
** would store the same value, so the check adds no race; and a found-or-not
** test decides the write also when the write can run only after its "found
** nothing" side though another branch later decides it too (`if (taken)
** throw …` in one block, the write under a later `if`). */
DbGuard rule_ctx_dbop_guard_effective(const RuleCtx *cx, uint32_t k, uint32_t j, SrcLoc *at);
/* True when a value write k writes (an INSERT's VALUES, an UPDATE's SET) is
** also what read j looked rows up by: the same parameter or path
** (`SELECT … WHERE email = $1` with email, then `UPDATE … SET email = $1`). */
bool rule_ctx_dbop_writes_read_key(const RuleCtx *cx, uint32_t k, uint32_t j);
/* True when write k is an update (no insert) whose written values are all
** constants, and at least one is known: `updateStatus(id, 'done')`, `UPDATE
** jobs SET state = 'failed' WHERE id = $1` — it marks a state of rows, and
** writes nothing a failure could leave half-made. */
bool rule_ctx_dbop_sets_constants(const RuleCtx *cx, uint32_t k);
/* True when some path of the function runs operation j and then operation k
** (normal and exception edges): a read in a branch that returns does not
** precede a write in its sibling branch. */
bool rule_ctx_dbop_reaches(const RuleCtx *cx, uint32_t j, uint32_t k);
/* True when write j deletes rows of a table by a key and write k inserts into
** that table a row carrying the key again (engine/dbreplace.c): a replace,
** whose rows are lost when an insert fails after the delete. */
bool rule_ctx_dbop_replaces(const RuleCtx *cx, uint32_t j, uint32_t k);
/* True when the result of operation k is tested by some branch (a conditional
** UPDATE whose row count decides what happens next). */
bool rule_ctx_dbop_result_tested(const RuleCtx *cx, uint32_t k);
/* True when the project's schema (schema files the driver read: SQL
** migrations, schema.prisma) has a unique key on the table insert k writes
** that makes a second insert of the same row fail: all its columns among
** the insert's known columns, or any key when those are unknown (an ORM
** create of a struct), and, when read j's lookup columns are known (`WHERE
** a = $1 AND b = $2`), all among them too (a key on another column does not
** stop a duplicate of what the read looked for). A one-column primary key
** counts only when both the insert's and the read's columns are known (it
** is often an id the database or the application makes), and with either
** unknown, no key over a generated column (SERIAL, an identity,
** autoincrement()) does.
** cols gets the key's columns ("team_id, user_id"). False without a schema. */
bool rule_ctx_unique_key(const RuleCtx *cx, uint32_t k, uint32_t j, char *cols, size_t cols_len);
/* True when resource r's transaction was begun SERIALIZABLE. */
bool rule_ctx_tx_serializable(const RuleCtx *cx, int32_t r);
/* True when the current function runs holding an in-process lock: it is the
** callback of a model's "critical" call (async-lock's lock.acquire(key, fn),
** async-mutex's runExclusive(fn)); *at and *what get that call. */
bool rule_ctx_in_lock_callback(const RuleCtx *cx, SrcLoc *at, const char **what);
/* True when one exclusive critical section of the function (Go `mu.Lock()` …
** `mu.Unlock()`, not a reader's RLock) holds at both data operations j and
** k; *at and *what get its lock call. */
bool rule_ctx_dbops_one_section(const RuleCtx *cx, uint32_t j, uint32_t k, SrcLoc *at, const char **what);

/* Section - Critical sections and caches of pools (engine/lockscan.c) */

/* A critical section: from a lock call (sync's Lock/RLock) to the next
** unlock on the same access path, or to every exit after a deferred unlock. */
typedef struct LockSection {
  const char *mutex; /* the mutex's access path: "cm.mu", or "cm" for an embedded one */
  SrcLoc loc;        /* the lock call that starts it */
  const char *what;  /* "cm.mu.RLock()" (file arena) */
  bool shared;       /* a reader's section (RLock) */
} LockSection;

typedef enum CacheOpKind {
  CACHE_READ,   /* a value read from the cache: `p, ok := m[k]`, `m[k] == p`, `range m` */
  CACHE_STORE,  /* `m[k] = v` */
  CACHE_DELETE, /* `delete(m, k)` */
  CACHE_CLOSE,  /* a model's close or release of a pool read from the cache (`p.Close()`) */
  CACHE_LOOKUP, /* a call of the program's own code that may look at the map: a method of
                   its owner (`c.lookupLocked(k)`), a function passed it, or, for a package
                   map, a plain function; a re-check under its lock, never the stale read */
} CacheOpKind;

/* An operation on a map whose values are pools, clients or connections (or
** structs of the package holding one). */
typedef struct CacheOp {
  uint8_t kind;      /* CacheOpKind */
  const char *map;   /* the map's access path: "cm.pools" (file arena) */
  SrcLoc loc;
  const char *what;  /* "cm.pools[…]", "delete(cm.pools, …)", "p.Close()" (file arena) */
  uint64_t sections; /* bit i: section i holds its mutex here on every path reaching it */
} CacheOp;

/* The critical sections of the current function, in block order (borrowed,
** valid until end_func returns). */
uint32_t rule_ctx_n_lock_sections(const RuleCtx *cx);
const LockSection *rule_ctx_lock_section(const RuleCtx *cx, uint32_t i);
/* The cache operations of the current function: reads, stores and deletes
** in block order, then lookups, then closes (borrowed, valid until end_func
** returns). */
uint32_t rule_ctx_n_cache_ops(const RuleCtx *cx);
const CacheOp *rule_ctx_cache_op(const RuleCtx *cx, uint32_t k);
/* True when what read j read reaches operation k: k's operands carry it
** (the pool closed, the key deleted), or k runs on one side only of a branch
** whose condition does (`if ok`, `if err := p.PingContext(ctx); err == nil`). */
bool rule_ctx_cache_op_depends(const RuleCtx *cx, uint32_t k, uint32_t j);
/* True when operation k runs on one side only of a branch, itself in section
** s, whose condition tests a read or a lookup of k's map made in section s:
** the map was looked at again under that lock (`if m[k] == p`, `if _, ok :=
** m[k]; ok`, `if cur := c.lookupLocked(k); cur != nil`). */
bool rule_ctx_cache_op_rechecked(const RuleCtx *cx, uint32_t k, uint32_t s);
/* Section - Connection security (engine/secconf.c) */

typedef enum SecFactKind {
  SEC_TLS_OFF,     /* a setting that turns certificate verification off reaches a connection */
  SEC_TLS_WEAK,    /* one that lets it fall back to clear text (libpq sslmode=disable/allow/prefer),
                      in a literal connection string naming a host that is not local */
  SEC_SECRET_SINK, /* a value holding a password reaches a log, error message or response */
  SEC_HARDCODED,   /* a password written in a connection literal */
} SecFactKind;

typedef struct SecFact {
  uint8_t kind;             /* SecFactKind */
  uint8_t sink;             /* SEC_SECRET_SINK: ApiSinkKind (engine/apisec.h) */
  bool production;          /* SEC_TLS_OFF: chosen on a test that means production */
  bool registered;          /* SEC_TLS_OFF: in a TLS configuration registered by name (related: that call) */
  SrcLoc loc;               /* the setting, the sink call, the password literal */
  SrcLoc related;           /* the constructor (or TLS registration) / where the secret entered */
  const char *setting;      /* "rejectUnauthorized: false", "sslmode=no-verify", "password" */
  const char *what;         /* the constructor or sink call: "new Pool()", "console.log()" */
  const char *related_what; /* what happens at related: "new Pool()", "dsn = fmt.Sprintf()" */
  const char *secret;       /* SEC_SECRET_SINK: the value that holds it ("dsn"), or NULL */
  const char *sink_noun;    /* SEC_SECRET_SINK: "log", "error message", "HTTP response" */
  const char *setting_path; /* SEC_TLS_*: the file the setting is written in when another module
                               exports it (loc is then where this module uses that export), or NULL */
  SrcLoc setting_loc;       /* with setting_path: the setting there */
  const char *tls_name;     /* registered: the name it is registered under ("custom"), or NULL */
  const char *used_what;    /* registered: a connect call of the module whose connection string
                               selects that name (`?tls=custom`), or NULL; used: where */
  SrcLoc used;
  bool by_default;          /* SEC_TLS_OFF: a value computed from an environment variable that is off
                               while the variable is unset (setting: "rejectUnauthorized: false unless
                               DB_VERIFY is 'true'") */
} SecFact;

/* The facts reported in the current function (borrowed, file arena). */
uint32_t rule_ctx_n_sec_facts(const RuleCtx *cx);
const SecFact *rule_ctx_sec_fact(const RuleCtx *cx, uint32_t i);

/* Returns the rule's per-function scratch (state_size bytes, zeroed). */
void *rule_ctx_scratch(RuleCtx *cx);
/* The module being analysed (borrowed). */
const IrModule *rule_ctx_module(const RuleCtx *cx);
/* The engine's reading of a call instruction (borrowed; valid in on_instr). */
const CallFact *rule_ctx_call_fact(RuleCtx *cx, const IrInstr *in);
/* Number of resources tracked in the current function. */
uint32_t rule_ctx_n_resources(const RuleCtx *cx);
/* Returns resource i (borrowed, valid until end_func returns). */
const TsResourceInfo *rule_ctx_resource(const RuleCtx *cx, uint32_t i);
/* Describes what the engine knows about v at the current instruction
** (on_instr only), e.g. "client: client acquired, transaction open";
** the string lives in the file arena. */
const char *rule_ctx_describe(RuleCtx *cx, const IrValue *v);
/* Reports a finding with message msg_id formatted with the arguments.
** Returns the finding (owned by the FindingList) so related locations and
** steps can be added. */
Finding *rule_ctx_report(RuleCtx *cx, const char *msg_id, SrcLoc loc, const char *subject, ...);
/* Adds a related location to f. */
void rule_ctx_add_related(RuleCtx *cx, Finding *f, SrcLoc loc, const char *message);
/* The same, for a location in another file (path relative, as findings' are). */
void rule_ctx_add_related_in(RuleCtx *cx, Finding *f, const char *path, SrcLoc loc, const char *message);
/* Reports f `levels` below the rule's configured level, at least a note (a
** shape the rule itself judges less likely to matter); the driver applies it. */
void rule_ctx_lower_level(RuleCtx *cx, Finding *f, uint8_t levels);
/* Reports f only where the file's configuration turns on the rule's option
** number `option` (RuleInfo.options; all are off by default): a shape the
** rule judges harmless unless its user asks for it. The driver applies it. */
void rule_ctx_require_option(RuleCtx *cx, Finding *f, uint8_t option);
/* f reports resource i lost at a return: if the project phase finds that its
** function runs at most once per process (C: `main`, or called only from
** such functions, on no loop, never used as a value; onceproc.h), f becomes
** a note with msg_id's message (same arguments). Only for a connection
** acquired on no cycle of the function; else nothing changes. */
void rule_ctx_once_per_process(RuleCtx *cx, Finding *f, uint32_t i, const char *msg_id, ...);
/* The same for begin-without-rollback (transaction of resource i left open at
** a return, acquired on no cycle) and for a finding about the function as a
** whole (non-atomic-writes; i ignored). C and Go (Go: `main` of package main,
** `init` or package initialisation, or called only from such functions across
** the module's packages, on no loop, never used as a value; goonce.c). */
typedef enum RuleOnce { RULE_ONCE_TX, RULE_ONCE_FUNC } RuleOnce;
void rule_ctx_once_per_process_as(RuleCtx *cx, Finding *f, RuleOnce what, uint32_t i, const char *msg_id, ...);
/* Whether resource i's transaction is a schema change by its shape: every
** call of the function on it (or that it is handed to, or a closure captures
** it in) is a transaction verb or a statement of constant SQL text that
** changes the schema (sql_schema_change), and there is at least one such
** statement (engine/txddl.c). */
bool rule_ctx_tx_schema_change(const RuleCtx *cx, uint32_t i);
/* Adds the witness path of resource i's leak (tx=false) or transaction leak
** (tx=true) to f as steps. */
void rule_ctx_add_witness(RuleCtx *cx, Finding *f, uint32_t i, bool tx);

/* Offers the mechanical repair for resource i's leak (tx=false: release it)
** or its transaction's (tx=true: roll it back), when the engine is sure of
** it: the resource is held by a named local, its library's release (or
** rollback) entry says how a repair places it ("fix" in the model: `defer`
** after Go's error check, `finally` in JS), the acquire is on no loop of the
** CFG, and Go's acquire has an error result to check. Returns whether a fix
** was attached (the driver may still drop it: driver/fixtext.c). */
bool rule_ctx_add_fix(RuleCtx *cx, Finding *f, uint32_t i, bool tx);

/* Section - The project phase (end_project) */

/* The pool creation sites every analysed module published, in path order
** then instruction order (borrowed, valid during end_project). */
uint32_t project_ctx_n_pool_sites(const ProjectCtx *cx);
const PoolSite *project_ctx_pool_site(const ProjectCtx *cx, uint32_t i);
/* The handlers found to create a pool per request, in the same order. */
uint32_t project_ctx_n_pool_uses(const ProjectCtx *cx);
const PoolUse *project_ctx_pool_use(const ProjectCtx *cx, uint32_t i);
/* The program unit of a file: the directory of the nearest package.json or
** go.mod above it, as the driver registered it (project_set_unit), or ""
** (borrowed). Files of different units are taken to run in different
** processes. */
const char *project_ctx_unit(const ProjectCtx *cx, const char *path);
/* Go: a sink call given a struct field that the program, in some package,
** passes as the DSN of a connect call (directly or through project
** functions' parameters): engine/secfields.c. */
typedef struct SecFieldLeak {
  const char *path;      /* the sink's file */
  SrcLoc loc;
  const char *function;  /* the function of the sink, or NULL */
  const char *what;      /* the sink call: "logger.Debugf()" */
  const char *secret;    /* the field as written there: "c.Database.URL" */
  const char *sink_noun; /* "log", "error message", "HTTP response" */
  const char *conn_path; /* where the field is given towards the connect call */
  SrcLoc conn_loc;
  const char *conn_what; /* that call: "database.Connect()" */
} SecFieldLeak;
/* The leaks of the whole program, in path order (borrowed, valid during end_project). */
uint32_t project_ctx_sec_field_leaks(ProjectCtx *cx, const SecFieldLeak **out);
/* Reports a finding at loc in file path (relative), inside function
** (may be NULL), with message msg_id formatted with the arguments. Returns
** it (owned by the output list) for related locations. */
Finding *project_ctx_report(ProjectCtx *cx, const char *msg_id, const char *path, SrcLoc loc, const char *function,
                            const char *subject, ...);
/* Adds a related location in file path (NULL: the finding's own file). */
void project_ctx_add_related(ProjectCtx *cx, Finding *f, const char *path, SrcLoc loc, const char *message);

#endif
