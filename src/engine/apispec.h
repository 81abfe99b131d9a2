/* apispec: the API models of rules/ (one JSON file per library and language)
** loaded into lookup tables: which module specifiers name a library, which
** classes and declared types are pools, clients or connections, and what each
** method call on such a receiver does (acquire, release, run SQL, begin …).
** The format is documented in docs/models.md. Models live for the process. */
#ifndef TXLINT_ENGINE_APISPEC_H
#define TXLINT_ENGINE_APISPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/map.h"
#include "engine/apisec.h"

struct OrmSpec;

/* What a value is, as far as the models are concerned. */
typedef enum ApiKind {
  AK_UNKNOWN,
  AK_MODULE,     /* the library's module object (`pg`, `mysql`) */
  AK_CLASS,      /* a modelled class (`Pool`); see ApiClass */
  AK_POOL,       /* a pool: hands out clients, runs one-statement queries */
  AK_CLIENT,     /* a pooled connection: goes back with release() */
  AK_CONNECTION, /* a dedicated connection: closed with end()/destroy() */
  AK_RELEASE_FN, /* a function that releases a resource (pg's `done`) */
  AK_TX,         /* a transaction handle (Go *sql.Tx, pgx.Tx): open from its creation until
                    Commit/Rollback; reported by begin-without-rollback only */
  AK_ROWS,       /* a result set holding a connection (Go *sql.Rows): Close, or exhausted by Next */
  AK_STMT,       /* a prepared statement (Go *sql.Stmt): Close */
  AK_ROW,        /* a single-row result (Go *sql.Row): released by Scan */
  AK_TEST,       /* a test's handle (Go *testing.T/B/F, testing.TB): holds no resource; some of
                    its methods stop the goroutine (effect goexit) */
  AK_RESULT,     /* C: a result held in client memory (libpq PGresult, MYSQL_RES): freed explicitly */
  AK_MEMORY,     /* C: memory the library allocated for the caller (PQescapeLiteral, sqlite3_mprintf,
                    an error message): freed with the library's own free function */
  AK_BATCH,      /* the results of a batch sent as one round trip (pgx BatchResults): hold their
                    connection until Close */
  AK_MUTEX,      /* a lock (Go sync.Mutex, sync.RWMutex): holds no resource; its lock and unlock
                    calls delimit critical sections (engine/lockscan.c) */
  AK_LOGGER,     /* a logger object (pino(), winston.createLogger(), Go *zap.Logger): holds no
                    resource; its methods are log sinks (connection-security) */
  AK_RESPONSE,   /* an HTTP response (Express Response, Go http.ResponseWriter, *gin.Context):
                    holds no resource; what is written to it reaches the client */
  AK_MODEL,      /* an ORM model naming a table (a Sequelize model class, a TypeORM repository, a
                    drizzle table object): no resource; its calls read and write that table
                    (the "data" section, engine/ormops.c); VKind.ref is the table's name */
  AK_COUNT
} ApiKind;

typedef enum ApiEffect {
  AE_NONE,     /* modelled, does nothing the analyses track */
  AE_CREATE,   /* returns a new value of kind result (a pool) */
  AE_ACQUIRE,  /* returns (or passes to its callback) a resource that must be released */
  AE_OPEN,     /* opens the receiver itself (pg Client.connect) */
  AE_RELEASE,  /* releases the receiver */
  AE_QUERY,    /* runs the SQL in args[sql_arg] on the receiver */
  AE_BEGIN,    /* begins a transaction on the receiver */
  AE_COMMIT,
  AE_ROLLBACK,
  AE_GOEXIT,   /* Go: stops the calling goroutine (runtime.Goexit): deferred calls run, nothing
                  after the call does; the test has failed or been skipped */
  AE_STATUS,   /* C: returns the status of the operation that produced argument subject_arg
                  (PQresultStatus(res)); success values in success[] */
  AE_CLEANUP,  /* registers its function argument to run when the test ends (Go t.Cleanup,
                  vitest onTestFinished): what that function releases is released */
  AE_TEST_SETUP, /* a test hook (beforeAll …) whose function argument sets up state that the
                  hook named by "pair" (afterAll …) in the same scope tears down */
  AE_KEEP,     /* the receiver is held on purpose for the life of the process (a LISTEN
                  connection given a notification handler): it is never reported as a leak */
  AE_CLOSE,    /* closes the receiver pool (pool.end(), db.Close(), prisma.$disconnect()): its
                  connections are closed; read by per-file-pool only */
  AE_LOCK,     /* locks the receiver mutex (Go mu.Lock(); mu.RLock() with shared): a critical
                  section starts (engine/lockscan.c) */
  AE_UNLOCK,   /* unlocks it (mu.Unlock(); mu.RUnlock() with shared): the section ends */
} ApiEffect;

typedef enum ApiFailure {
  AF_THROWS,
  AF_CALLBACK_ERROR,
  AF_NULL,
  AF_ERROR_RESULT, /* Go: the last result is an error; non-nil means nothing was acquired */
  AF_MUST_RELEASE, /* C: the handle comes back even when the call failed and must be released anyway
                      (PQconnectdb, sqlite3_open, mysql_init before mysql_real_connect); NULL only
                      when out of memory */
  AF_STATUS,       /* C: the call returns a status (success[]); when it says failure nothing was
                      acquired (sqlite3_prepare_v2 leaves *ppStmt NULL), or, with
                      acquired_on_failure, only then is something acquired (sqlite3_exec's errmsg) */
} ApiFailure;

enum { APICALL_MAX_SUCCESS = 8 };

/* Restricts an entry to values that came from some of the library's module
** specifiers (pgx's Conn is a connection, pgxpool's Conn a pooled client). */
typedef struct ApiOnly {
  const char **specs; /* NULL = every module of the library */
  uint32_t n;
} ApiOnly;

typedef struct ApiCall {
  const char *method;  /* owned by the spec arena */
  unsigned receivers;  /* bit (1 << ApiKind) per receiver kind */
  ApiEffect effect;
  ApiKind result;      /* CREATE / ACQUIRE */
  ApiFailure failure;
  int sql_arg;         /* QUERY: index of the SQL text argument */
  int keeps_arg;       /* the call keeps argument keeps_arg (it escapes there), or -1:
                          context.WithValue(ctx, k, tx) */
  int nonnil_if_true;  /* a true result proves argument nonnil_if_true non-nil, or -1:
                          errors.Is(err, sql.ErrNoRows) */
  bool has_callback;   /* ACQUIRE: a callback form exists */
  int cb_arg;          /* callback argument index; -1 = the last argument */
  int cb_error, cb_resource, cb_release; /* callback parameter indexes; -1 = none */
  bool discards_tx;          /* RELEASE closes the connection: an open transaction dies with it */
  bool discards_tx_with_arg; /* … only when called with an argument (pg release(err)) */
  bool releases_when_true;   /* NONE: a true (non-nil) result means the receiver holds nothing
                                (Go (*sql.Row).Err() != nil: the query failed, its rows are closed) */
  bool releases_when_false;  /* NONE: a false (boolean) result means the receiver was released
                                (Go rows.Next() closes the rows when it returns false) */
  bool ends_with_receiver;   /* ACQUIRE: the result is released when its receiver's transaction
                                ends (a statement prepared on a Tx, closed by Commit/Rollback) */
  bool managed;              /* runs a callback inside a transaction it commits or rolls back
                                itself (GORM db.Transaction, pgx.BeginFunc): documentation only */
  bool returns_receiver;     /* NONE: the result is the receiver's own object (a GORM query-builder
                                clone sharing its transaction, pgxpool's Hijack), of kind result
                                when set, else the receiver's */
  const char *error_field;   /* ACQUIRE: the result carries the call's error in this field (GORM
                                `tx := db.Begin(); if tx.Error != nil`): non-nil means nothing was
                                acquired */
  ApiOnly only;        /* module restriction for module-receiver calls */
  const char *doc;     /* signature and deciding fact */
  const char *sql_key; /* QUERY: when argument sql_arg is an object literal (a query config),
                          the member holding the SQL text ("text" for pg), else NULL */
  bool cb_managed;     /* ACQUIRE with "callback": {"managed": true}: a function (literal or
                          variable) at cb_arg makes the call a managed transaction, nothing acquired */
  bool cb_awaited_promise; /* ACQUIRE: awaited with its result used, the call is the promise form
                          even with a callback argument (mysql2/promise ignores the callback) */
  int when_arg;        /* the entry applies only when argument when_arg (-1: always) … */
  const char *when_is; /* … is this string constant (`client.on('notification', …)`) */
  const char *pair;    /* TEST_SETUP: the teardown hook that goes with it ("afterAll") */
  ApiKind result_creates; /* CREATE with "result": "class": what calling the returned factory
                          (with or without `new`) creates (pg-promise's pgp(cn)) */
  bool no_throw;       /* "throws": false: the call never throws (console.log), so it is no way
                          out of the function */
  int guard_arg;       /* GOEXIT: stops only unless argument guard_arg is … (-1: always stops) */
  bool guard_truthy;   /* … non-nil / true (else nil / false): testify require.Error(t, err) */
  uint32_t next_same;  /* 1 + index of the library's next call with this method, 0 = none */
  /* C functions ("functions" entries): called by name, without a receiver. */
  bool is_function;
  int subject_arg;     /* the argument the effect applies to (the handle released, the connection
                          a query runs on, the result a status is read from); -1 = none */
  int out_arg;         /* ACQUIRE: the object is written through this argument (&x: x holds it);
                          -1 = the call returns it */
  bool out_or_result;  /* … or, when that argument is not &x (NULL), returned (mysql_init) */
  bool runs_sql;       /* the call also runs the SQL in sql_arg (PQexec runs SQL and returns a result) */
  bool null_ok;        /* RELEASE: releasing NULL is a harmless no-op (PQclear(NULL)) */
  bool acquired_on_failure; /* AF_STATUS: the out-parameter is set only when the call failed */
  int32_t success[APICALL_MAX_SUCCESS]; /* AF_STATUS / AE_STATUS: values that mean success */
  uint8_t n_success;
  bool when_truthy;    /* C functions: … when_arg is a constant that is non-zero (true) or zero
                          (false); JS calls use when_is instead */
  bool shared;         /* LOCK / UNLOCK: the shared (read) side of a readers-writer lock (RLock) */
  ApiSecCall sec;      /* connection-security: the call as a sink, a carrier or a redactor (apisec.h) */
  const char *fix;     /* RELEASE / ROLLBACK: how a mechanical repair places this call: "defer"
                          (Go, `defer x.M()` after the error check) or "finally" (JS), or NULL */
  int cb_param;        /* a managed transaction's callback: its parameter that is the transaction's
                          client ("callback": {"param": i, "param_kind": K}), -1 none … */
  ApiKind cb_param_kind; /* … and what kind of value it is (Prisma's tx: a pool; knex's trx: a tx) */
  bool cb_critical;     /* "callback": {"critical": true}: the function at cb_arg runs holding an
                          in-process lock (async-lock's lock.acquire(key, fn), async-mutex's
                          runExclusive(fn)); what it reads and writes is serialised within one
                          process only */
} ApiCall;

typedef struct ApiNamed {
  const char *name; /* class, type or module member name */
  ApiKind kind;     /* what `new name()` creates / what a value of the type is / what the member is */
  ApiOnly only;     /* module restriction ("modules" key) */
  const char *path_suffix; /* Go: a type the library's code generator writes into the project:
                              NAME in any package whose import path ends in this ("/ent"), or NULL */
  bool callable;    /* classes: a factory called without `new` creates too (`knex(config)`,
                       "callable": true) */
  bool wraps;       /* classes: given a client or pool instead of a configuration, it wraps that
                       one and creates none (`drizzle(pool)`, "wraps": true) */
  bool needs_connection; /* classes: creates its pool only when the configuration says where to
                            connect; `knex({ client: 'pg' })` is a query builder ("needs_connection") */
} ApiNamed;

/* What a boolean property of a resource says about its state (TypeORM's
** queryRunner.isReleased, queryRunner.isTransactionActive). */
typedef enum ApiStateMeans {
  AS_NONE,
  AS_RELEASED, /* true exactly when the resource has been released */
  AS_TX_OPEN,  /* true exactly when its transaction is open */
  /* Result shapes, read by the data operations (dbops.c) to tell a test of
  ** whether a read found rows from a test of what it read: */
  AS_ROWS,      /* a query result's member holding its rows (pg `res.rows`) */
  AS_ROW_COUNT, /* a query result's member counting rows (`res.rowCount`, `affectedRows`) */
  AS_NO_ROWS,   /* receiver "module": a value saying a read found no row (Go `sql.ErrNoRows`) */
  AS_ERROR,     /* a result's member holding the call's error (GORM `result.Error`) */
} ApiStateMeans;

typedef struct ApiProperty {
  const char *name;
  unsigned receivers; /* bit (1 << ApiKind) per receiver kind */
  ApiStateMeans means;
} ApiProperty;

typedef struct ApiModule {
  const char *specifier;   /* "pg", "mysql2/promise" */
  const char *value_class; /* the module itself is this class ("pg-pool"), else NULL */
} ApiModule;

typedef struct ApiLib {
  const char *name;   /* "pg" */
  const char *file;   /* the model file it came from */
  ARRAY(ApiModule) modules;       /* the prefilter's import paths come from these */
  ARRAY(ApiModule) quiet_modules; /* "prefilter": false: resolved like modules, but importing
                                     one alone does not make a file worth analysing (testing) */
  ARRAY(ApiNamed) classes;
  ARRAY(ApiNamed) types;
  ARRAY(ApiNamed) values;         /* module members that are values of a kind (@vercel/postgres's
                                     `sql` is a pool): `import { sql }`, `vercel.sql` */
  ARRAY(const char *) globals;    /* JS globals that are this library's module object without an
                                     import (`console`) */
  ARRAY(ApiCall) calls;
  ARRAY(ApiProperty) properties;  /* boolean state properties of its resources */
  Map call_index;     /* method → 1 + index of its first entry in calls (chained by next_same);
                         C functions are calls too (is_function), keyed by their name */
  ARRAY(const char *) prefixes; /* C: the library's function name prefixes ("PQ", "sqlite3_") */
  struct OrmSpec *data; /* the "data" section: how its calls read and write tables (ormspec.h), or NULL */
} ApiLib;

/* A "path_suffix" type of some library, indexed for apispec_generated_type_kind. */
typedef struct ApiGenerated {
  const char *name, *path_suffix;
  ApiKind kind;
  int lib;
} ApiGenerated;

/* A database library no model describes (a "catalog" file's entry). */
typedef struct ApiKnownLib {
  const char *specifier; /* an import specifier or path, matched as a prefix at a '/' boundary */
  const char *name;      /* the library's display name */
} ApiKnownLib;

/* A Go library type whose function-valued members the library runs at most once per process
** (a cobra command's Run: one command runs, then the program exits); entry-points.json. */
typedef struct ApiEntryPoint {
  const char *type;           /* canonical: "github.com/spf13/cobra.Command" */
  const char *const *members; /* "Run", "RunE", … */
  uint32_t n_members;
} ApiEntryPoint;

typedef struct ApiSpec {
  Arena *arena;        /* owned */
  ARRAY(ApiLib) libs;  /* in arena; index = library id */
  Map module_index;    /* specifier → 1 + lib * APISPEC_MAX_MODULES + module index (the first) */
  Map query_methods;   /* methods some library models as a QUERY on clients or connections */
  Map method_effects;  /* method → the effects some library models it with, bit 1 << ApiEffect
                          (apispec_has_effect: one lookup, not one per library) */
  Map result_members;  /* name → ApiStateMeans: the AS_ROWS, AS_ROW_COUNT and AS_NO_ROWS
                          properties of every library (a result's shape rarely has a kind) */
  ARRAY(ApiGenerated) generated; /* the "path_suffix" types of every library */
  Map global_index;    /* JS global name → 1 + library index */
  ARRAY(ApiKnownLib) known_libs; /* database libraries the catalogs name (database-libraries.json under rules/) */
  struct ApiSecurity *security; /* APISEC_N_LANGS connection-security catalogs, in arena (apisec.h), or NULL */
  ARRAY(ApiEntryPoint) entry_points; /* in arena: Go types whose function members run once (goonce.c) */
} ApiSpec;

enum { APISPEC_MAX_MODULES = 4096, APISPEC_QUIET_MODULE = 2048 };

void apispec_init(ApiSpec *self);
void apispec_fini(ApiSpec *self);
/* Loads one model file. On error writes a message naming the file to err and
** returns false; the spec remains unaltered. */
bool apispec_load_file(ApiSpec *self, const char *path, char *err, size_t err_len);
/* Loads one model file's text (path names it in messages). Same contract. */
bool apispec_load_text(ApiSpec *self, const char *path, const char *text, size_t len, char *err, size_t err_len);
/* Loads every *.json under dir, recursively, in sorted order. Same contract;
** files loaded before an error stay loaded. */
bool apispec_load_dir(ApiSpec *self, const char *dir, char *err, size_t err_len);

/* Whether member of a literal of canonical Go type ctype is run once per process by its library. */
bool apispec_entry_point_member(const ApiSpec *self, const char *ctype, const char *member);

/* When an import of spec names a database library that a catalog lists and
** no model's module describes, its display name (borrowed); else NULL. */
const char *apispec_unmodelled_library(const ApiSpec *self, const char *spec);
/* Returns the library whose module specifier is spec, or -1; *out_module gets
** the matching module entry (borrowed) when not NULL. */
int apispec_find_module(const ApiSpec *self, const char *spec, const ApiModule **out_module);
/* The library whose module object the JS global name is (`console`), or -1. */
/* What member or value name means in any library's result shape: AS_ROWS,
** AS_ROW_COUNT, AS_NO_ROWS, AS_ERROR, or AS_NONE. */
ApiStateMeans apispec_result_member(const ApiSpec *self, const char *name);
int apispec_find_global(const ApiSpec *self, const char *name);
/* Returns the kind `new name()` creates in library lib, or AK_UNKNOWN. */
ApiKind apispec_class_kind(const ApiSpec *self, int lib, const char *name);
/* True when class name of library lib may be called without `new` to create. */
bool apispec_class_callable(const ApiSpec *self, int lib, const char *name);
/* Returns what module member name of library lib is (its "values"), or AK_UNKNOWN. */
ApiKind apispec_value_kind(const ApiSpec *self, int lib, const char *name);
/* Returns the class entry `name` of library lib (borrowed), or NULL. */
const ApiNamed *apispec_find_class(const ApiSpec *self, int lib, const char *name);
/* The name of library lib ("pg"; borrowed), or NULL. */
const char *apispec_lib_name(const ApiSpec *self, int lib);
/* Returns what a declared type name means in library lib, or AK_UNKNOWN. */
ApiKind apispec_type_kind(const ApiSpec *self, int lib, const char *name);
/* The same for a type imported from module specifier spec (entries restricted
** to other modules are skipped; spec NULL = no restriction applies). */
ApiKind apispec_type_kind_in(const ApiSpec *self, int lib, const char *spec, const char *name);
/* Go: what a type name declared in the project package pkg_path means when a
** model's "path_suffix" entry names it (ent's generated Client and Tx), or
** AK_UNKNOWN; *out_lib gets the library. */
ApiKind apispec_generated_type_kind(const ApiSpec *self, const char *pkg_path, const char *name, int *out_lib);
/* Returns the call model for `recv.method()` with recv of kind k in lib, or
** NULL (borrowed from the spec). */
const ApiCall *apispec_find_call(const ApiSpec *self, int lib, ApiKind k, const char *method);
/* The same, for a receiver that came from module specifier spec (NULL: any). */
const ApiCall *apispec_find_call_in(const ApiSpec *self, int lib, ApiKind k, const char *spec, const char *method);
/* Like apispec_find_call_in, skipping entries whose "when" condition argument
** is not the string constant it names; arg_is(ud, i, s) says whether the
** call's argument i is the string s. */
const ApiCall *apispec_find_call_when(const ApiSpec *self, int lib, ApiKind k, const char *spec, const char *method,
                                      bool (*arg_is)(const void *ud, int i, const char *s), const void *ud);
/* What property name of a receiver of kind k in library lib says about its
** state, or AS_NONE. */
ApiStateMeans apispec_find_property(const ApiSpec *self, int lib, ApiKind k, const char *name);
/* The index of spec among lib's modules, or -1. */
int apispec_module_index(const ApiSpec *self, int lib, const char *spec);
/* The specifier of lib's module idx (borrowed), or NULL. */
const char *apispec_module_spec(const ApiSpec *self, int lib, int idx);
/* True when some library models `method` as a QUERY on clients or connections. */
bool apispec_is_query_method(const ApiSpec *self, const char *method);
/* True when some library has a call named method with effect e (on any receiver). */
bool apispec_has_effect(const ApiSpec *self, ApiEffect e, const char *method);
/* A short name for k ("pool", "client" …). */
const char *apikind_name(ApiKind k);
/* The kind a model file names ("pool", …), or AK_UNKNOWN. */
ApiKind apikind_from_name(const char *name);
/* The "data" section of library lib (borrowed), or NULL. */
const struct OrmSpec *apispec_lib_data(const ApiSpec *self, int lib);

/* Section - C functions */

/* The first "functions" entry of lib named name (borrowed), or NULL; the
** next one of that name is apispec_next_function(self, lib, c). */
const ApiCall *apispec_find_function(const ApiSpec *self, int lib, const char *name);
const ApiCall *apispec_next_function(const ApiSpec *self, int lib, const ApiCall *c);
/* The first library one of whose function prefixes name starts with and
** which models a function of that name, or -1. */
int apispec_lib_for_function(const ApiSpec *self, const char *name);
/* Calls fn(prefix, ud) for every function prefix of every library. */
void apispec_each_prefix(const ApiSpec *self, void (*fn)(const char *prefix, void *ud), void *ud);

#endif
