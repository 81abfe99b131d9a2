/* engine_int: the engine's internal types, shared by its .c files only:
** the Engine, value kinds of access paths, function and module summaries, and
** the per-module analysis context. Rules see checker.h instead. */
#ifndef TXLINT_ENGINE_ENGINE_INT_H
#define TXLINT_ENGINE_ENGINE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/map.h"
#include "base/strbuf.h"
#include "engine/apispec.h"
#include "engine/checker.h"
#include "engine/engine.h"

enum { TS_MAX_RES = 64 }; /* resources tracked per function (bit sets are uint64_t) */

/* Kinds beyond ApiKind that only the engine uses. */
enum { VK_NAMESPACE = AK_COUNT, /* a project module imported whole; ref = ModuleSummary */
       VK_FUNC };               /* a function with a summary; ref = FuncSummary */

typedef struct FuncSummary {
  uint8_t ret_kind;       /* ApiKind of the returned value */
  int8_t ret_lib;         /* its library, -1 unknown */
  bool ret_acquired;      /* returns a resource it acquired: an acquire for callers */
  uint32_t releases_params; /* bit i: releases parameter i */
  uint32_t escapes_params;  /* bit i: stores or keeps parameter i (takes ownership) */
  uint32_t invokes_params;  /* bit i: calls parameter i as a function: a method value passed
                               there runs (`defer logOnError(ctx, rows.Close)`) */
  uint32_t ret_holds;       /* bit i: the result holds parameter i (`return &Tx{tx: tx}`,
                               `return { client }`): the result is an alias of the argument,
                               so the argument escapes if the result does */
  uint32_t begins_params;   /* bit i: begins a transaction on parameter i */
  uint32_t ends_params;     /* bit i: commits or rolls back on parameter i */
  uint8_t ret_param;        /* i+1: every return hands back parameter i (or nil), so the
                               call's result is the argument's object; 0 none; RET_PARAM_MIXED */
  uint8_t n_params;         /* for Go's f(g()) form: one argument spread over the parameters */
  /* Database facts (dbops.c): tables by hash, the first names for messages. */
  uint32_t db_reads[2], db_writes[2];
  char db_read_table[24], db_write_table[24];
  uint8_t db_flags;         /* DBS_* */
  uint8_t db_conn_param;    /* i+1: its statements run on parameter i's connection; 0 its own */
  uint32_t db_write_uses;   /* bit i: parameter i flows into a write's arguments */
  uint8_t db_inserted_param; /* i+1: it stores what it inserted into a field of parameter i
                               (Go `a.ID, err = res.LastInsertId()`); 0 none */
  char db_inserted_field[24]; /* that field ("ID") */
  uint32_t tx_callback_params; /* bit i: it begins a transaction and calls parameter i (a
                               withTransaction(fn) helper): fn runs inside the transaction */
  const char *ret_ctype;    /* Go: the declared type of the first result, canonical (gotypes.c);
                               fixed by the declaration, borrowed from the summary's owner */
  bool never_throws;        /* JS: nothing in it can throw out of it (every call is one that
                               never throws: logging, builtins, such functions) (jsflow.c) */
  uint8_t never_returns;    /* JS: no path returns normally (it always throws or exits):
                               NEVER_RETURNS_SYNC, or NEVER_RETURNS_ASYNC (an async function:
                               only an awaited call never comes back) (jsflow.c) */
  uint8_t pool_effect;      /* PoolEffect (poolfacts.h), set by poolsites.c after the kinds pass */
  const struct PoolSite *pool_site; /* the creation pool_effect names (borrowed: owned by the
                               ModuleSummary that publishes it) */
  char model_table[32];     /* the table a model names (ormkinds.c): an exported model's (its entry's
                               kind is AK_MODEL), or a function's returned one (ret_kind AK_MODEL) */
  uint8_t ret_model_param;  /* i+1: it returns a model of the table argument i names
                               (`getRepository(target)`); 0 none */
  uint8_t ret_link_param;   /* JS, i+1: it returns what parameter i's method ret_link_method gives
                               when that is a library link giving a model (a model factory,
                               `(sequelize) => sequelize.define('t_user', …)`); table model_table */
  char ret_link_method[16];
  uint32_t hands_params;    /* Go, bit i: passes parameter i to a callback its caller gave it
                               (`Do(db, txn, f)` runs `f(txn)`): the callback's (kinds_hands_over) */
  uint32_t fails_open_params; /* Go, bit i: can fail (`return nil, err`) leaving parameter i as it
                               was given: it passes it on or stores it but never ends or releases it */
  uint8_t db_sql_param;     /* JS, i+1: it runs the SQL text of parameter i (a query wrapper,
                               sqlwrap.c); 0 none */
  bool db_sql_values_next;  /* and hands the next parameter on as the statement's values */
  uint8_t cb_acq_param;     /* JS, i+1: it acquires a client in the callback form and calls
                               parameter i with it and its release function (cbwrap.c): a
                               callback acquire for its callers; 0 none */
  int8_t cb_acq_err, cb_acq_res, cb_acq_rel; /* the argument indexes of that call: error (-1
                               none), client, release function */
  uint8_t cb_acq_kind;      /* the client's ApiKind … */
  int8_t cb_acq_lib;        /* … and library */
  uint8_t db_unchecked_writes, db_unchecked_reads; /* DBSRC_* when every write (read) it makes is
                               an unchecked operation (DbOp.unchecked), else 0 */
  bool go_ret_error_only;   /* Go: its one result is declared `error`: `err := f(u)` says whether
                               it failed, and carries none of what it wrote (dbops.c) */
  uint8_t go_rows_results;  /* Go: bit r (r < 7): result r carries rows a read of it found; bit 7:
                               the other bits are known (every return gives each result). A
                               validator returning its argument once no row holds it gives
                               back the caller's value, not the read's (dbops.c) */
} FuncSummary;

enum { GO_ROWS_RESULTS_KNOWN = 1u << 7 };

enum { NEVER_RETURNS_SYNC = 1, NEVER_RETURNS_ASYNC = 2,
       NEVER_RETURNS_EXIT = 3 /* it neither returns nor throws: it ends the process (process.exit) */ };

enum { RET_PARAM_MIXED = 0xff };

enum {
  DBS_RET_READ = 1 << 0,  /* returns a value derived from a read */
  DBS_RET_WRITE = 1 << 1, /* returns what it inserted (a row, an id) */
  DBS_ATOMIC = 1 << 2,    /* every write it makes is atomic by itself */
  DBS_INSERTS = 1 << 3,   /* one of its writes is an INSERT that is not atomic */
  DBS_RET_EXISTS = 1 << 4, /* what it returns from reads is only whether rows exist or how many */
  DBS_ADVISORY_LOCK = 1 << 5, /* it takes an advisory lock */
  DBS_OVERWRITES = 1 << 7, /* one of its atomic writes overwrites on a conflict (DBF_OVERWRITES) */
  DBS_GET_OR_CREATE = 1 << 6, /* it returns the row a read found, or else the one it inserted into
                                 that table (a lazily made settings row): mostly an old row */
};

/* What an access path holds. */
typedef struct VKind {
  uint8_t kind;    /* ApiKind or VK_* */
  int8_t lib;      /* library index in the spec, -1 none */
  uint8_t creates; /* AK_CLASS: what `new` makes, with VK_CALLABLE when calling it without `new`
                      creates too (a factory function) */
  const void *ref; /* VK_NAMESPACE: const ModuleSummary *; VK_FUNC: const FuncSummary * */
} VKind;

enum { VK_CALLABLE = 0x80 };
enum { VK_LIB_INSTANCE = -2 }; /* VK_FUNC's lib: a method found through an instance's declared
                                  type (jsinstance.c), not through a name in scope */

/* What an ExportEntry describes. JS modules publish only EX_VALUE entries;
** a Go package also publishes its declarations (gotypes.c), named within
** the package: "Store.db" (a struct field), "Querier.QueryContext" (an
** interface method), "Store" (a named type). */
typedef enum ExportWhat {
  EX_VALUE,        /* an exported value: a pool, a function with its summary, a Go package
                      variable or function ("New", "(*Store).Users") */
  EX_FIELD,        /* a struct field: ctype its declared type */
  EX_IFACE_METHOD, /* an interface method: ctype its first result's type */
  EX_TYPE,         /* a named type: tkind; ctype the underlying type of an IR_TYPE_OTHER */
} ExportWhat;

typedef struct ExportEntry {
  const char *name;   /* "pool", "default", "default.pool" (a shorthand member of module.exports = {…}) */
  VKind kind;         /* VK_FUNC entries point at summary below */
  FuncSummary summary;
  uint8_t what;       /* ExportWhat */
  uint8_t tkind;      /* EX_TYPE: IrTypeKind */
  bool embedded;      /* EX_FIELD: an embedded field (its methods are promoted) */
  bool err_last;      /* EX_IFACE_METHOD: the last result is an error */
  const char *ctype;  /* heap: a canonical Go type (gotypes.c), or NULL */
  bool linked;        /* visible to the whole program by name (IR_EXPORT_LINKED: C external linkage) */
  char *ns_path;      /* heap: a JS module's namespace it re-exports (`module.exports = { link }` after
                         `const link = require('./link')`), the file whose summary its members are;
                         kind VK_NAMESPACE. NULL otherwise */
  char *ns_member;    /* heap: with ns_path, the entry re-exports this export of that file (`export {
                         default as User } from './User'` of an index in the models' import cycle,
                         whose target was not published when the index was): looked up there by
                         its importers, later. NULL: the whole namespace */
} ExportEntry;

struct ModuleSummary {
  char *path;                  /* heap: the file, or a Go package's import path */
  ARRAY(ExportEntry) exports;  /* heap; names and the entries are heap copies */
  Map index;                   /* name → 1 + index in exports (heap), built by project_publish */
  bool indexed;
  struct PoolFacts *pools;     /* heap, or NULL: pool creation sites and per-request uses (poolsites.c) */
  struct OnceFacts *once;      /* heap, or NULL: C call sites and once-per-process candidates (onceproc.c) */
  struct SecExports *sec;      /* heap, or NULL: the TLS settings its exports carry (secexport.c) */
  struct SecFields *secfields; /* heap, or NULL: Go DSN links and logged fields (secfields.c) */
};

struct Engine {
  EngineOptions opts;
  ApiSpec spec;
  EngineRule *rules; /* heap copy of the enabled rules */
  size_t n_rules;
  bool wants_dbops;  /* some enabled rule uses the data operations */
  bool wants_locks;  /* some enabled rule uses the critical sections (lockscan.c) */
  bool wants_sec;    /* some enabled rule reads the connection-security facts */
};

typedef struct JsLayout JsLayout;
/* The definitions of one linked name: a tree can hold several programs that
** each define a function of that name. Files the driver's scan found
** defining it come first (entry NULL until their summary is published);
** published definitions of other files are added in publication order. */
typedef struct LinkedDefs {
  ARRAY(const ExportEntry *) entries; /* in the project arena; borrowed from summaries, or NULL */
  ARRAY(const char *) paths;          /* in the project arena: the defining files */
} LinkedDefs;

struct Project {
  Arena *arena;        /* paths and summaries' containers */
  Map files;           /* rel path → (void*)1 */
  Map summaries;       /* rel path → ModuleSummary* (owned) */
  Map go_packages;     /* Go import path → ModuleSummary* (owned) */
  Map linked;          /* name → LinkedDefs* (C functions by name across translation units) */
  ARRAY(ModuleSummary *) owned; /* heap */
  JsLayout *js;        /* owned: workspace packages and tsconfig aliases (jsresolve.c), or NULL */
  Map units;           /* rel path → program unit (project_set_unit; in arena) */
  const struct Schema *schema; /* borrowed: the unique keys of the project's schema files
                                  (project_set_schema), or NULL */
  Map go_unseen;       /* Go import path → (void*)1: imported by a file not analysed (in arena) */
};

/* Returns a new engine using the given rule descriptors (copied); owned by the
** caller (engine_delete). The rules layer calls this from engine_new. */
Engine *engine_create(const EngineOptions *opts, const EngineRule *rules, size_t n_rules);

/* project.c, for jsresolve.c: joins spec to from_path's directory, folding
** "." and ".." (false when it leaves the root); the registered file that
** base names as written, with a JS/TS extension or as a directory's index
** (borrowed), or NULL. */
bool project_path_join(const char *from_path, const char *spec, StrBuf *out);
const char *project_probe_path(const Project *self, StrBuf *base);
/* jsresolve.c: the file a non-relative specifier names through the
** registered packages and tsconfig aliases (borrowed), or NULL. */
const char *jsresolve_bare(const Project *self, const char *from_path, const char *spec);
void jsresolve_delete(JsLayout *js);

/* secexport.c: frees a summary's published TLS settings (NULL-safe). */
void secexport_delete(struct SecExports *x);

/* secfields.c: Go struct fields that hold a DSN and are logged elsewhere
** (secfields_collect: secconf.h). */
void secfields_delete(struct SecFields *x); /* NULL-safe */
/* The sinks of the n modules' records whose field reaches a DSN through the
** links of any module; *out in a. */
uint32_t secfields_leaks(const struct SecFields *const *all, uint32_t n, Arena *a, SecFieldLeak **out);

/* Returns the summary published for path (borrowed), or NULL. */
const ModuleSummary *project_summary(const Project *self, const char *path);
/* Returns the facts published for Go package import_path (borrowed), or NULL. */
const ModuleSummary *project_go_package(const Project *self, const char *import_path);
/* Appends a copy of e (name and ctype duplicated on the heap) to s. */
void module_summary_add(ModuleSummary *s, const ExportEntry *e);
/* Returns the export called name (borrowed), or NULL. */
const ExportEntry *module_summary_find(const ModuleSummary *s, const char *name);
/* Returns the linked export called name for a caller in file from_path
** (borrowed), or NULL: of several definitions, the one in the directory
** nearest the caller (the most leading directories in common; a tree that
** builds several programs defines a helper such as GetConnection in each),
** the first on a tie; NULL while that one is not published (two files that
** call each other), rather than a farther one. */
const ExportEntry *project_linked(const Project *self, const char *name, const char *from_path);

#endif
