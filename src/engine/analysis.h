/* analysis: the per-module and per-function working state of the local pass,
** shared by kinds.c (what access paths hold, where resources are acquired,
** what each instruction does), typestate.c (the path-sensitive machine) and
** engine.c (rule dispatch). Everything lives in the file arena; per-function
** parts are rewound after the function. */
#ifndef TXLINT_ENGINE_ANALYSIS_H
#define TXLINT_ENGINE_ANALYSIS_H

#include "engine/engine_int.h"

/* One resource's typestate: a set of (resource state × transaction state)
** combinations plus flag bits (see the end of this file). */
typedef uint32_t TsState;

/* What the local pass knows about one access path in one function. */
typedef struct PathInfo {
  VKind kind;
  bool fresh;          /* holds the result of an acquire (for wrapper summaries) */
  bool opened;         /* a local opened here (`await ds.initialize()`): returned, it is an
                          acquire for the callers even when it is a pool */
  const char *ctype;   /* Go: the canonical type learned for it (gotypes.c) from what was
                          assigned to it, when it has no declared type; in the module cache */
} PathInfo;

/* Which tracked resources a path may refer to, in one function (scratch). */
typedef struct AliasInfo {
  uint64_t res;        /* resources this path may hold */
  uint64_t err_of;     /* callback error parameter: truthy means these were not acquired */
  uint64_t release_of; /* a release function (pg's done) for these resources */
  uint64_t false_rel;  /* when this path is false, these were released (Go rows.Next()) */
  uint64_t true_rel;   /* when this path is true (non-nil), these hold nothing (Go row.Err()) */
  bool tx_bound;       /* holds a statement bound to a transaction this function does not own */
  const IrValue *nonnil_if_true; /* when this path is true, that value is non-nil (errors.Is) */
  uint64_t absent_if_truthy; /* these were acquired only on paths where this one is falsy
                          (`const c = conn || await getConnection()`, condfacts.c) */
  uint64_t absent_if_falsy; /* … where this one is truthy (`const ownsTx = !conn`) */
  uint64_t state_of;   /* a state property of these resources (`qr.isReleased`, condfacts.c) … */
  uint8_t state_means; /* … and what it says when true (ApiStateMeans) */
} AliasInfo;

/* A tracked resource (one acquisition site, or one borrowed connection whose
** transaction is tracked). */
typedef struct TsRes {
  TsResourceInfo info;  /* what rules read */
  uint8_t kind;         /* AK_CLIENT / AK_CONNECTION */
  int8_t lib;
  bool callback;        /* acquired at function entry (callback form) */
  bool owns_tx;         /* the function commits or rolls back on it somewhere */
  bool serializable;    /* its transaction was begun SERIALIZABLE */
  bool has_begin;
  bool defer_ends_tx;   /* a deferred call registered on it commits or rolls back */
  uint8_t cdefer_when;  /* the exits on which a deferred closure releases or ends it: CD_* bits
                           (0: none registered yet, treated as CD_ALWAYS) */
  bool opened;          /* acquired by an open call on an existing object (client.connect()):
                           an object shared before it is opened is not this function's */
  bool inherited;       /* JS: taken over from the enclosing function at entry (jsflow.c) */
  bool callers;         /* borrowed through a parameter or a field: the caller's connection */
  bool kept;            /* held on purpose for the process (a model's "keep" call on it, such as
                           a LISTEN connection's notification handler): no leak is reported */
  bool pseudo;          /* not a resource: "a deferred closure releases variable
                           pseudo_var at exit" has been registered (RS_ACQ) */
  const char *pseudo_var;
  uint64_t children;    /* resources released when this one's transaction ends
                           (statements prepared on a Go Tx) */
  uint64_t parents;     /* the inverse: a deferred end of a parent releases it at exit */
  const char *err_path; /* Go: the error result of the acquire; its non-nil edge means
                           nothing was acquired until the path is written again. C: the
                           status result (see status) */
  const ApiCall *status; /* C: the model whose status result (err_path) says whether this was
                            acquired (status.c); NULL otherwise */
  uint32_t block;       /* acquire site; UINT32_MAX for entry-acquired */
  uint32_t instr;
  const IrCond *guard;  /* status.c: a flag test every path to the acquire passed on side
                           guard_side, its flag unchanged afterwards; NULL when none */
  bool guard_side;
  uint32_t begin_block, begin_instr; /* the first BEGIN on it, in block order */
  /* witnesses: exit point of each leak */
  uint32_t leak_block, leak_instr;   /* instr UINT32_MAX = the terminator */
  uint32_t tx_block, tx_instr;
  bool handed_out;      /* it has left the function (escaped) at a return that does not fail */
  bool leaks_unfailed;  /* it leaks at an exit other than a failing return (`return nil, err`) */
  bool leaks_connected; /* it leaks somewhere with TS_CONNECTED set (not known to have failed) */
} TsRes;

/* The engine's reading of one instruction, computed once per function. */
typedef struct InstrFact {
  CallFact call;       /* rules read this */
  uint64_t acquire;    /* resources (re)acquired by this instruction */
  uint64_t release;    /* resources released */
  uint64_t discard;    /* released resources whose transaction dies with them */
  uint64_t begin, commit; /* transaction changes (commit also covers rollback) */
  uint64_t escape;     /* resources that escape here */
  uint64_t defer_rel;  /* IR_DEFER: resources the deferred call releases or ends at every exit */
  uint64_t err_stale;  /* resources whose error result this instruction overwrites */
  uint64_t cdefer;     /* IR_DEFER of a closure: resources its variables hold now */
  int32_t bind_pseudo; /* writes a variable a deferred closure releases: that pseudo
                          resource, else -1; bind_in now held by it, bind_out no longer */
  uint64_t bind_in, bind_out;
  const IrValue *guard; /* a call that stops the goroutine unless this value is truthy
                          (guard_truthy) or falsy: after it, the value is refined so */
  bool guard_truthy;
  bool no_throw;       /* the call has no exception edge after all: a model says it never throws
                          (console.log), it never returns (process.exit), or it is a link of a
                          promise chain whose failure the chain carries (jsflow.c) */
  uint64_t overwrite;  /* JS: resources whose last reference this write drops (ptsto.c) */
  uint64_t escape_normal; /* JS: escape on the normal edge only (an awaited promise chain that
                          hands them off where it fulfils, jsflow.c) … */
  uint64_t escape_exn;  /* … and on the exception edge only (where it rejects) */
  bool stops;          /* JS: a call of a function that never returns (jsflow.c): nothing after
                          it on this path runs; its exceptional edge still does */
  bool goexit;         /* Go: the call stops the goroutine (t.Fatal, b.SkipNow, …): deferred
                          calls run, nothing after it does, and the test has failed or been
                          skipped, so what is still held there is not reported */
} InstrFact;

typedef struct FnInfo {
  Map paths;            /* path → PathInfo*, in the file arena */
  Map decls;            /* name → const IrVar* it declares (parameters, then locals; the first
                           of a name), so scope questions are one lookup, not a scan */
  FuncSummary summary;
  VKind arg_kinds[8];   /* what same-module callers pass as parameter i (pool, client, connection) */
  uint8_t arg_conflict; /* bit i: callers pass different kinds */
  /* Constructors: what the module's `new C(…)` sites pass. A parameter has a
  ** kind only when every site passes a handle of that same kind, so the sites
  ** of one round are gathered in full before they are believed. */
  uint32_t ctor_sites;    /* `new C(…)` sites in the module (fixed by the IR) */
  uint32_t ctor_seen;     /* sites evaluated in the current round */
  uint8_t ctor_disagree;  /* bit i: this round, a site passed no handle or another kind */
  VKind ctor_round[8];    /* this round's agreed kinds so far */
  VKind ctor_kinds[8];    /* the last complete round's agreement */
  /* Set by the parent when this function is the callback of an acquire call: */
  const ApiCall *cb_model;
  ApiCall *cb_wrap;     /* the model cb_model points to when the acquire is a project wrapper's
                           (cbwrap.c), in the module arena; NULL until one is */
  int8_t cb_lib;
  SrcLoc cb_loc;
  const char *cb_what;
  bool in_tx;           /* runs as the callback of a managed transaction (GORM db.Transaction,
                           knex.transaction, a project's withTransaction(fn)): its statements
                           share that one transaction */
  /* JS: resources of the enclosing function this closure takes over (jsflow.c), in mc->cache */
  struct JsInherit *inherit;
  uint32_t n_inherit;
  /* Set by the parent when this function is a managed transaction's callback (ormkinds.c): */
  bool tx_serializable; /* the call asks for SERIALIZABLE (`{ isolationLevel: 'Serializable' }`) */
  int8_t tx_param;      /* the parameter that is the transaction's client (the model's
                           "callback" "param"), -1 none */
  uint8_t tx_param_kind;
  int8_t tx_param_lib;
  /* Set by the parent when this function runs holding an in-process lock (a
  ** model's "critical" callback: async-lock's lock.acquire(key, fn)): */
  bool in_lock;
  SrcLoc lock_loc;       /* the call that runs it */
  const char *lock_what; /* "lock.acquire()" */
} FnInfo;

/* A resource a JS closure takes over from the function that creates it: a
** callback that releases a captured client, or the handler that receives the
** client a promise chain acquires (param0). */
typedef struct JsInherit {
  const char *holder; /* the captured variable, or the closure's first parameter */
  uint8_t kind;
  int8_t lib;
  SrcLoc loc;         /* the acquisition in the enclosing function */
  const char *what;
  const char *name;   /* the resource's variable in the enclosing function (messages) */
  bool release_fn;    /* holder is the resource's release function (pg's done), not the resource */
} JsInherit;

typedef struct PkgCtx PkgCtx;

/* One import binding of a module, with what it gives once resolved (import
** resolution depends only on the module and the published project, so it is
** done at most once per module). */
typedef struct ImportSlot {
  const IrImport *imp; /* the first import binding this local name */
  bool resolved;
  VKind value;
} ImportSlot;

typedef struct ModCtx {
  const Engine *engine;
  PkgCtx *pkg;           /* the Go package this module is analysed with, or NULL */
  const Project *project;
  const IrModule *m;
  FileCtx *fx;
  Arena *arena;          /* fx->arena */
  FnInfo *fns;           /* one per function */
  Map *class_fields;     /* "Class.field" → VKind* (own_maps, or the package's) */
  Map *func_by_name;     /* qualified name → FnInfo* */
  Map *field_types;      /* Go: "Struct.field" → declared type text */
  Map *decls;            /* Go: the package's declarations by name within it ("Store.db",
                            "Querier.QueryContext", "Store") → ExportEntry* (gotypes.c) */
  Map own_maps[4];       /* the four maps above when the module is analysed alone */
  Map imports;           /* local name → ImportSlot* (built by kinds_module_init) */
  Arena *cache;          /* owned: lazily filled caches that must survive the per-function
                            rewinds of arena (require() specifiers) */
  Map requires;          /* require() specifier → VKind*, in cache */
  Map canon;             /* Go: declared type text → canonical type (const char *), in cache */
  Map ctors;             /* class name as written (no enclosing function prefix) → its
                            constructor's index + 1 (uintptr_t), or CTOR_SEVERAL when
                            classes of that name are declared in several scopes */
  uint32_t *order;       /* functions, parents first */
  bool changed;          /* a summary changed in this round */
  struct SecFacts *sec;  /* connection-security facts (secconf.c), or NULL */
  struct OrmKinds *orm;  /* ormkinds.c's per-module cache (in cache), or NULL before first use */
  struct OnceFacts *once; /* heap, or NULL: leaks that matter only if their function runs more than
                             once per process (onceproc.c), until published */
  Map members;           /* Go: "ctype\x1fmember" → the GoMember gotypes_member found (or NULL
                            member: none), in cache; declarations are fixed once indexed */
  Map impls;             /* Go: method name → the package's functions of that method name
                            (gotypes.c's ImplList), in cache */
  struct EvalCache *evals; /* once kinds are final: every call instruction's CallEval (kinds.c), in
                              cache; NULL during the rounds */
} ModCtx;

/* What one call is: the model or summary it matches and what it returns. */
typedef struct CallEval {
  ApiEffect effect;
  const ApiCall *model;
  int lib;
  uint8_t recv_kind;
  VKind result;
  const FuncSummary *sum; /* a wrapper's summary */
  bool callback_form;     /* ACQUIRE with a function literal at the callback position */
  int32_t callback_func;
  const char *ret_ctype;  /* Go: the canonical type of the first result, when declared */
  bool via_instance;      /* sum is a method of a project class's instance (jsinstance.c) */
} CallEval;

/* Per-function analysis results used by the typestate pass and the rules. */

typedef struct PtsInfo PtsInfo; /* ptsto.c */

typedef struct FnAnalysis {
  ModCtx *mc;
  const IrFunc *fn;
  uint32_t fi;            /* function index */
  TsRes *res;             /* n_res entries */
  uint32_t n_res;
  InstrFact **facts;      /* per block, per instruction */
  TsState *in_states;    /* n_blocks × ts_stride: n_res combos, then value facts */
  bool *reached;          /* per block */
  uint64_t borrowed;      /* resources that are borrowed */
  Map alias;              /* path → AliasInfo*, scratch */
  CallEval **evals;       /* per block, per instruction: what each call is (kinds are final
                             once facts are computed, so each call is evaluated once) */
  struct FnDbOps *dbops;  /* the data operations (dbops_func), or NULL */
  PtsInfo *pts;           /* JS: what each variable holds at each point (ptsto.c), or NULL */
  struct JsChainInfo *chain; /* JS: promise chain links per instruction (jsflow.c), or NULL */
  struct FnLocks *locks;  /* critical sections and caches of pools (lockscan.c), or NULL */
  const struct VfVars *vf; /* the variables whose value facts the typestate keeps (valfacts.c), or NULL */
  uint32_t ts_stride;     /* TsState words per typestate state: n_res (at least 1), plus the facts */
  TsState *ts_either;     /* typestate.c's scratch states for `a && b` refinements, or NULL */
  struct FnLocks *dbop_locks; /* critical sections, when the function also has data operations
                              (lockscan.c: which section holds at each), or NULL */
} FnAnalysis;

/* The Go files of one package (same directory and package clause) analysed
** together: they share struct field types, package variables and function
** summaries. Lives for one engine_analyze_package call. */
struct PkgCtx {
  Arena *arena;        /* owned: the shared maps */
  const char *import_path; /* borrowed: the package's import path (canonical types name it), or NULL */
  Map decls;           /* ModCtx.decls for every module of the package */
  ModCtx **mods;       /* in path order */
  uint32_t n_mods;
  Map class_fields, func_by_name, field_types;
  Map names;           /* name → PkgName*: which files' module scope declares or holds it */
  bool names_ready;    /* the declaration half of names is built */
  struct SecExports *sec; /* heap, or NULL: TLS settings of the package-level functions and
                             variables of every file, by name (secexport.c) */
};

/* Where a package-level name lives: the files (indexes into PkgCtx.mods, in
** order) whose module function declares it, and those whose module function
** has an access path of that name (grows while kinds are inferred). */
typedef struct PkgName {
  ARRAY(uint32_t) decl_mods;
  ARRAY(const IrVar *) decl_vars; /* parallel to decl_mods: the first declaration there */
  ARRAY(uint32_t) path_mods;
} PkgName;

/* kinds.c */
/* Prepares mc; with pkg set, mc uses the package's shared maps. */
void kinds_module_init(ModCtx *mc);
/* Runs value-kind inference over every function until summaries are stable. */
void kinds_module_run(ModCtx *mc);
/* The same over all modules of a package, round by round. */
void kinds_package_run(PkgCtx *pkg);
/* Frees what kinds_module_init allocated outside the file arena. */
void kinds_module_fini(ModCtx *mc);
/* Returns what path holds in function fi (never NULL; a zero kind when unknown). */
VKind kinds_lookup(ModCtx *mc, uint32_t fi, const char *path);
/* Finds resources and instruction facts for one function (into fa). */
void kinds_func_facts(ModCtx *mc, FnAnalysis *fa);
/* Returns the PathInfo of path in function fi, or NULL. */
const PathInfo *kinds_path(const ModCtx *mc, uint32_t fi, const char *path);
/* The AliasInfo of path in the analysed function, created when missing. */
AliasInfo *facts_alias_get(FnAnalysis *fa, const char *path);
/* Returns the AliasInfo of path in the analysed function, or NULL. */
const AliasInfo *facts_alias(const FnAnalysis *fa, const char *path);
/* Resources value v refers to: a path, the paths an object literal holds, the
** variables a closure captures. */
uint64_t facts_value_bits(FnAnalysis *fa, const IrValue *v);

/* dbops.c: the data operations of a function (checker.h: DbOp) */
typedef struct FnDbOps {
  DbOp *ops;           /* n, in block order */
  uint32_t *block, *instr;
  const struct OrmOp **orm; /* per op: what an ORM statement adds (ormops.h), or NULL */
  uint32_t n;
  void *flow;          /* the value flow from their results (dbops.c) */
  uint8_t *postdom;    /* bit sets, one per block (ctrldep.c), or NULL */
  uint32_t pd_words;
} FnDbOps;

/* A hash of a table name, case-insensitive and never 0. */
uint32_t dbops_table_hash(const char *name);
/* Adds function fi's database facts (tables read and written, what it returns)
** to s. */
void dbops_summary(ModCtx *mc, uint32_t fi, FuncSummary *s);
/* Finds the data operations of fa's function and their protection (after
** typestate_run). */
void dbops_func(FnAnalysis *fa);
/* The operations a value, an operation's arguments, a condition carry (bits). */
uint64_t dbops_value_ops(const FnAnalysis *fa, const IrValue *v);
uint64_t dbops_args_ops(const FnAnalysis *fa, uint32_t k);
uint64_t dbops_value_ops_of(const FnAnalysis *fa, uint32_t k);
/* Operation k saves an entity the function read on one path and made on another, assigning
** no member of it (`let m = await repo.findOne(…); if (!m) m = new M(…); await repo.save(m)`):
** a get-or-create, whose row the next call finds again. */
bool dbops_gets_or_creates(const FnAnalysis *fa, uint32_t k);
/* Of those, the operations whose values reach what write k writes through
** arithmetic (`last.n + 1`: IR_VF_ARITH, Go's steps). */
uint64_t dbops_value_arith_ops_of(const FnAnalysis *fa, uint32_t k);
/* resultflow.c: narrows what call c's result carries (bits of operations, as
** the flow of dbops.c keeps them) when the call is a read (is_op, is_read:
** its result is its own rows) or, in JS/TS, an awaited call that is no data
** operation (another service's answer); the operations in writes are kept.
** `Promise.all(…)` keeps its operands' row values (operand_fields) as they were. */
void dbops_result_narrow(const IrModule *m, const IrCall *c, bool is_op, bool is_read, uint64_t writes,
                         uint64_t operand_fields, uint64_t *ops, uint64_t *fields, uint64_t *arith);
uint64_t dbops_cond_ops(const FnAnalysis *fa, const IrCond *c, int depth);
/* True when write k sets only constants (checker.h: rule_ctx_dbop_sets_constants). */
bool dbops_sets_constants(const FnAnalysis *fa, uint32_t k);
/* True when a value write k writes is what read j looked rows up by (checker.h). */
bool dbops_writes_read_key(const FnAnalysis *fa, uint32_t k, uint32_t j);
/* How condition c tests the result of operation j (checker.h: DbGuard), for
** the columns write k sets; *absent gets the successor (0: true, 1: false)
** taken when a found-or-not test says j found nothing, or -1 when not known. */
DbGuard dbops_cond_guard(const FnAnalysis *fa, const IrCond *c, uint32_t j, uint32_t k, int *absent);
/* lextx.c: the begin call (an id ≥ DBOPS_LEXICAL_TX_MIN) whose transaction is open on receiver
** path recv before instruction (b, i) on every path, for a receiver of unknown kind that the
** function both begins and commits or rolls back on; -1 when none. */
int32_t lextx_open_begin(const FnAnalysis *fa, const char *recv, uint32_t b, uint32_t i);
/* sqlwrap.c: JS/TS, a function that runs the SQL text a parameter holds (a query wrapper):
** sets s->db_sql_param, db_sql_values_next and (its query's connection) db_conn_param. */
void sqlwrap_summary(ModCtx *mc, uint32_t fi, FuncSummary *s);
/* The parameter of wrapper w that value v (in function j, w itself or nested in w) names
** unchanged (not shadowed, not assigned), or -1. */
int sqlwrap_wrapper_param(const IrModule *m, uint32_t w, uint32_t j, const IrValue *v);
/* cbwrap.c: JS/TS, a function that hands its callback parameter a client it acquired in the
** callback form and that client's release function: sets s->cb_acq_*. */
void cbwrap_summary(ModCtx *mc, uint32_t fi, FuncSummary *s);
/* The callback-acquire model of a call of such a wrapper, into *out. */
void cbwrap_model(const FuncSummary *s, ApiCall *out);
/* kinds.c: true when function fi begins a transaction somewhere (SQL BEGIN through a modelled
** call, a begin call, or an acquire of a transaction handle). */
bool kinds_begins_tx(ModCtx *mc, uint32_t fi);
/* The value whose connection a data operation's call c runs on: its receiver, the argument a
** helper runs its statements on (sum), an ORM chain's client or the transaction it names (orm). */
const IrValue *dbops_conn_of(const IrCall *c, const FuncSummary *sum, const struct OrmOp *orm);
/* txescape.c: in a managed transaction's callback, marks DBF_OUTSIDE_TX (and tx_res -1) the
** operations that run on another connection than the transaction's client. */
void txescape_mark(FnAnalysis *fa);
/* The successor (0: true, 1: false) of condition c on which a column of read
** j's rows that write k sets differs from the value k writes there
** (`if (row.owner !== me) SET owner = me`), or -1 when c is no such test:
** such a test only skips a write that would change nothing. */
int dbops_cond_noop_side(const FnAnalysis *fa, const IrCond *c, uint32_t j, uint32_t k);
/* A column's key as DbOp.set_cols holds it (case and underscores ignored). */
uint32_t dbops_column_hash(const char *name, size_t n);
/* uniquekeys.c: rule_ctx_unique_key's answer for insert w after read r against schema (may be NULL). */
struct Schema;
bool dbops_unique_key(const struct Schema *schema, const FnAnalysis *fa, uint32_t k, uint32_t j, char *cols,
                      size_t cols_len);
/* The parameters the values insert k stores into columns cols[0..n) carry,
** into *params; false when they are not known (no values object, a column
** it does not name). */
bool dbops_key_values_params(const FnAnalysis *fa, uint32_t k, const uint32_t *cols, uint8_t n, uint32_t *params);
/* The parameters read j's arguments carry (an ORM chain's: every link's). */
uint32_t dbops_read_args_params(const FnAnalysis *fa, uint32_t j);
/* The block whose control dependence decides whether operation k happens:
** its own, or for an insert through save() the block that made the entity. */
uint32_t dbops_decision_block(const FnAnalysis *fa, uint32_t k);
/* ctrldep.c: true when block w is control dependent on branch block b. */
bool ctrldep_depends(FnAnalysis *fa, uint32_t b, uint32_t w);
/* The successors of branch block b (bit k: succ[k]) through which block w is
** control dependent on it: w post-dominates that successor but not b; 0 if none. */
unsigned ctrldep_edges(FnAnalysis *fa, uint32_t b, uint32_t w);
/* ctrldep.c: true when block w can be reached from branch b's successor side
** but not from its other one, by normal edges: the write after `if (found)
** throw …` that is not control dependent on it (a later branch also decides
** it) still runs only where it found nothing. */
bool ctrldep_only_through(FnAnalysis *fa, uint32_t b, uint32_t w, int side);

/* lockscan.c: critical sections and caches of pools (checker.h: LockSection, CacheOp) */
typedef struct FnLocks FnLocks;
/* Finds fa's sections and cache operations (after dbops_func: control
** dependence lives on its FnDbOps); fa->locks stays NULL when there are none. */
void lockscan_func(FnAnalysis *fa);
uint32_t lockscan_n_sections(const FnAnalysis *fa);
const LockSection *lockscan_section(const FnAnalysis *fa, uint32_t i);
uint32_t lockscan_n_ops(const FnAnalysis *fa);
const CacheOp *lockscan_op(const FnAnalysis *fa, uint32_t k);
/* checker.h: rule_ctx_cache_op_depends / rule_ctx_cache_op_rechecked. */
bool lockscan_depends(FnAnalysis *fa, uint32_t k, uint32_t j);
bool lockscan_rechecked(FnAnalysis *fa, uint32_t k, uint32_t s);
/* An exclusive critical section (not a reader's) that holds at both data
** operations j and k, or -1; lockscan_dbops_lock gives it. */
int lockscan_dbops_section(const FnAnalysis *fa, uint32_t j, uint32_t k);
const LockSection *lockscan_dbops_lock(const FnAnalysis *fa, uint32_t s);

/* kinds.c: helpers facts.c shares */
/* What call c in function fi is (model, wrapper summary, callback form). */
CallEval kinds_eval_call(ModCtx *mc, uint32_t fi, const IrCall *c);
/* Argument idx of c (negative: from the end), or NULL. */
const IrValue *kinds_call_arg(const IrCall *c, int idx);
/* Pools, connections and the handles that hold one (Go Tx, Rows, Stmt, Row). */
bool kinds_is_handle(uint8_t k);
/* The argument a "returns parameter i" callee hands back as its result, or NULL. */
const IrValue *kinds_ret_param_arg(const IrCall *c, const FuncSummary *s);
/* The kind a declared type text names under mc's imports. */
VKind kinds_type_kind(ModCtx *mc, const char *type);
/* The import binding local of mc's module (borrowed), or NULL. */
const IrImport *kinds_import_find(const ModCtx *mc, const char *local);
/* The declared type text of variable name as seen from function fi (its
** parameters and locals, the enclosing functions', the package's), or NULL. */
const char *kinds_var_decl_type(ModCtx *mc, uint32_t fi, const char *name);
/* The declared type text of an access path as seen from function fi, or NULL. */
const char *kinds_path_decl_type(ModCtx *mc, uint32_t fi, const char *path);
/* "Store" for "*Store" or "Store" into buf; false for qualified or composite types. */
bool kinds_local_type_name(const char *type, char *buf, size_t n);
/* True when function fi declares name as a parameter or local. */
bool kinds_fn_declares(const ModCtx *mc, uint32_t fi, const char *name);
/* The parameter or local of function fi called name (the first one), or NULL. */
const IrVar *kinds_fn_decl(const ModCtx *mc, uint32_t fi, const char *name);
/* "%1": a front-end temporary. */
bool kinds_is_temp(const char *p);
/* "callee()" for messages, in arena a. */
const char *kinds_call_what(Arena *a, const IrCall *c);
/* kinds_call_what with a temporary receiver spelled as the calls of fn that
** made it: "tx.StmtContext(…).QueryContext()". */
const char *kinds_call_what_in(Arena *a, const IrFunc *fn, const IrCall *c);
/* The argument of c that holds its SQL under model (argument sql_arg, or
** the sql_key member of a query-config object literal there), or NULL. */
const IrValue *kinds_sql_arg(const IrCall *c, const ApiCall *model);
/* The SQL kind an argument carries: a literal, a template, or a module constant. */
SqlKind kinds_arg_sql(const IrModule *m, const IrValue *v);
/* The SQL text itself (a literal, a template, a module constant), or NULL. */
const char *kinds_arg_sql_text(const IrModule *m, const IrValue *v);

/* ptsto.c: what each variable of a JS/TS function holds at each point */
/* Computes it and narrows the instruction facts to it (after all facts). */
void ptsto_func(FnAnalysis *fa);
/* The resources path holds at the end of block b (coarse: its AliasInfo set,
** returned as is when the path is not tracked). */
uint64_t ptsto_res_at(const FnAnalysis *fa, uint32_t b, const char *path, uint64_t coarse);
/* The resources path holds at the end of block b that nothing else refers
** to (so where path is falsy, none of them is held). */
uint64_t ptsto_only_holder(const FnAnalysis *fa, uint32_t b, const char *path);
/* Resources block b's return values no longer hold (not escaping there). */
uint64_t ptsto_ret_stale(const FnAnalysis *fa, uint32_t b);

/* condfacts.c: what the paths tested by the function's branches say about
** its resources (models' state properties), into their AliasInfo. */
void condfacts_func(FnAnalysis *fa);

/* facts.c, for jsflow.c: a new tracked resource (index, or -1 when full). */
int32_t facts_res_new(FnAnalysis *fa, uint8_t kind, int lib, const char *holder, SrcLoc loc, const char *what);

/* jsflow.c: JS/TS control flow beyond one function's CFG */
/* Before the facts: finds the function's promise chains (fa->chain). */
void jsflow_chains_prepare(FnAnalysis *fa);
/* True when the acquire at (b, i) hands its result straight to a `.then`
** handler (which takes it over as its first parameter). */
bool jsflow_acquire_to_then(const FnAnalysis *fa, uint32_t b, uint32_t i);
/* The resources of value bits that the function literal argument a of call
** (b, i) takes over (and records for it); 0 for a chain handler. */
uint64_t jsflow_closure_arg(FnAnalysis *fa, uint32_t b, uint32_t i, uint32_t a, uint64_t bits);
/* After the instruction facts: the chains' effects and hand-offs to callbacks. */
void jsflow_chain_facts(FnAnalysis *fa);
/* Kinds: `p.then((client) => …)` where p is an acquired client: the
** handler's first parameter is one. */
void jsflow_kinds_then(ModCtx *mc, uint32_t fi, const IrCall *c);
/* At the start of a closure's facts: the resources it inherits. */
void jsflow_inherited_res(FnAnalysis *fa);
/* Summaries: a returned `new X(param)` or unknown wrapper call holds the param. */
void jsflow_summary_wrappers(ModCtx *mc, uint32_t fi, FuncSummary *s);
/* Removes findings of out[from..] that repeat an earlier one's rule and location. */
void jsflow_dedupe(FindingList *out, uint32_t from);
/* NEVER_RETURNS_SYNC / _ASYNC when no path of function fi returns normally, else 0. */
uint8_t jsflow_never_returns(ModCtx *mc, uint32_t fi);
/* True when nothing in function fi can throw out of it. */
bool jsflow_never_throws(ModCtx *mc, uint32_t fi);
/* True when call c of a function with summary sum never comes back. */
bool jsflow_call_stops(const IrCall *c, const FuncSummary *sum);
/* True when a call of a function with summary sum ends the process (neither returns nor throws). */
bool jsflow_call_exits(const FuncSummary *sum);

/* testhooks.c: test lifecycles */
/* True when function fa is a test setup hook (`beforeAll(() => …)`) and no
** teardown hook paired with it in the same scope releases variable dst, so
** what the hook acquires into dst is the hook's to release. */
bool testhooks_setup_owns(FnAnalysis *fa, const char *dst);
/* A function that registers a cleanup of what it returns (`t.Cleanup(func()
** { c.Close(ctx) })`) hands its callers nothing to release. */
void testhooks_summary(ModCtx *mc, uint32_t fi, FuncSummary *s);
/* kinds.c: whether a call that hands its argument to a callback it is given
** (FuncSummary.hands_params) hands it over: no function literal among its
** arguments can fail leaving it open. */
bool kinds_hands_over(ModCtx *mc, const IrCall *c);
/* goclosure.c: the resources a Go function literal v captures and can never
** release (it only runs queries on them): returning v does not hand them out. */
uint64_t goclosure_kept(FnAnalysis *fa, const IrValue *v);
/* jsflow.c: true when closure cf releases, keeps or hands on captured name. */
bool jsflow_closure_takes(ModCtx *mc, int32_t cf, const char *name);

/* jsstate.c: JS/TS class and module state */
/* Records that dst (`this.f`, `C.f` for a class C of the module, or a module
** variable written in function fi) holds kind k. */
void jsstate_store(ModCtx *mc, uint32_t fi, const char *dst, VKind k);
/* A member class cls does not declare itself, looked up along its bases (in
** this module, or published by the module a base is imported from). */
VKind jsstate_inherited_member(ModCtx *mc, const char *cls, const char *member);
/* `C.member` seen from function fi where C is a class (of this module or
** imported): its static field or published member, or a zero kind. */
VKind jsstate_static_member(ModCtx *mc, uint32_t fi, const char *cls, const char *member);
/* The base class (its path as written) of class cls of this module, or NULL. */
const char *jsstate_class_base(const ModCtx *mc, const char *cls);
/* The method member of a field of imported base class base (a name of this module) through
** the field's declared type, as base's module published it ("Base:field"): VK_FUNC, else none. */
VKind jsstate_imported_field_method(ModCtx *mc, const char *base, const char *field, const char *member);
/* jsinstance.c: method member of path prefix whose declared type is a class of the project
** (`this.db` of a field `db: DB`, a parameter `repo: Repo`): its summary (VK_FUNC), else none. */
VKind jsinstance_member(ModCtx *mc, uint32_t fi, const char *prefix, const char *member);
/* jsinstance.c: what a data operation through such a method keeps: its writes, not its reads. */
void jsinstance_op(DbOp *op);
/* Appends the members of the module's exported classes ("Class#member") to s. */
void jsstate_publish(ModCtx *mc, ModuleSummary *s);

/* gotypes.c: Go's declared types across a package and the packages of a module */
/* The result of resolving a member of a Go type (gotypes_member). */
typedef struct GoMember {
  const ExportEntry *field;  /* a struct field (possibly promoted through embedding), or NULL */
  const FuncSummary *method; /* a method declared on the type (or promoted), or NULL */
  const ExportEntry *iface;  /* an interface method, or NULL */
  VKind promoted;            /* a modelled handle embedded in the struct whose method this is */
  const char *owner_ctype;   /* the type that declares field or iface (canonical) */
} GoMember;

/* Prepares mc's canonical-name cache; a module analysed alone also indexes
** its declarations (after kinds_module_init has bound its imports). */
void gotypes_module_init(ModCtx *mc);
/* Indexes the declarations of every module of the package (after every
** module's gotypes_module_init). */
void gotypes_package_index(PkgCtx *pkg);
/* The canonical form of a declared type text written in mc's module
** ("*sql.DB" → "*database/sql.DB"; "Store" → "IMPORTPATH.Store"), or NULL for
** builtin and composite types. Lives in mc's cache arena. */
const char *gotypes_canon(ModCtx *mc, const char *type);
/* The canonical type of an access path in function fi, or NULL. */
const char *gotypes_path_ctype(ModCtx *mc, uint32_t fi, const char *path);
/* What a value of canonical type ctype is to the models (sql.DB → pool; a
** named type or alias of one → the same), or a zero kind. */
VKind gotypes_ctype_kind(ModCtx *mc, const char *ctype);
/* Resolves member of a value of canonical type ctype; false when nothing is known. */
bool gotypes_member(ModCtx *mc, const char *ctype, const char *member, GoMember *out);
/* The kind a struct field of a resolved member holds: learned by assignment
** in this package or the declaring one, else its declared type's. */
VKind gotypes_field_kind(ModCtx *mc, const GoMember *gm, const char *member);
/* What an interface method resolved in gm does to its arguments: the merged
** summary of the methods of that name in the interface's package (in the
** file arena or the published facts), or NULL. */
const FuncSummary *gotypes_iface_impl(ModCtx *mc, const GoMember *gm, const char *method);
/* dbreplace.c: write j deletes a table's rows by a key and write k, a direct
** insert into that table, writes a row carrying that key again (a replace). */
bool dbreplace_pair(const FnAnalysis *fa, uint32_t j, uint32_t k);
/* dbimpl.c: merges implementation s's database facts into an interface
** method's summary acc; *n_db counts the implementations that touch tables. */
void dbimpl_merge(FuncSummary *acc, const FuncSummary *s, uint32_t *n_db);
/* dbimpl.c: the type of method fn_key ("(*T).M", "T.M") has every method the
** package's interface iface lists. */
bool dbimpl_implements(const ModCtx *mc, const char *fn_key, const char *iface);
/* Appends the package's declarations, functions, methods and package
** variables to out (heap copies), as importers will see them. */
void gotypes_publish(PkgCtx *pkg, ModuleSummary *out);

/* typestate.c */
/* Solves the function to a fixpoint and records leaks on fa->res. */
void typestate_run(FnAnalysis *fa);
/* Calls visit(ctx, block, instr, state) for every reachable instruction in
** block order with the state before it (for rules' on_instr). */
void typestate_replay(FnAnalysis *fa, void (*visit)(void *ctx, uint32_t b, uint32_t i, const TsState *state),
                      void *ctx);
/* Appends the witness steps of resource r (tx: its transaction leak) to f. */
void typestate_witness(FnAnalysis *fa, FindingList *out, Finding *f, uint32_t r, bool tx);
/* Describes state[r] for probes ("acquired", "released|not-acquired", …). */
const char *typestate_describe(Arena *a, TsState combos, bool tx);

/* When a deferred closure's release runs: unconditionally, or only under the
** closure's own test of recover() (a panic), of the enclosing function's
** named error result being non-nil (an error return) or nil (success). */
enum { CD_ALWAYS = 1, CD_PANIC = 2, CD_ERROR = 4, CD_SUCCESS = 8 };

/* Combination bits: resource state × transaction state. RS_DEFER is
** "acquired, and a deferred call (Go defer) releases or ends it at every exit":
** the defer is bound to the object held when it ran, so a later acquisition
** into the same variable starts again at RS_ACQ. TS_ERR_STALE is a flag
** beside the combinations: the acquire's error result may have been
** overwritten, so `err != nil` no longer says anything about this resource. */
/* RS_CDEFER is "acquired, held by a variable that a deferred closure
** releases at exit (`defer func() { _ = rows.Close() }()`)": the closure
** reads the variable when it runs, so assigning another object to the
** variable moves the release to that object (the old one goes back to
** RS_ACQ). */
enum { RS_NOT, RS_ACQ, RS_REL, RS_ESC, RS_DEFER, RS_CDEFER, RS_COUNT };
enum { TX_NONE, TX_OPEN, TX_CLOSED };
#define TS_BIT(rs, tx) ((TsState)(1u << ((rs) * 3 + (tx))))
#define TS_RS_MASK(rs) ((TsState)(7u << ((rs) * 3)))
#define TS_TX_MASK(tx) ((TsState)(0x9249u << (tx)))
#define TS_COMBOS ((TsState)0x3ffffu)
#define TS_ERR_STALE ((TsState)0x40000u)
/* A flag beside the combinations: on some path to here the connection was
** not seen to fail (a status test such as `PQstatus(conn) != CONNECTION_OK`
** clears it on the failure edge). Set at every acquire; a leak where it is
** clear leaks a connection that never connected: memory, not a server
** connection. */
#define TS_CONNECTED ((TsState)0x80000u)
#define TS_FLAGS (TS_ERR_STALE | TS_CONNECTED)
/* Held now: acquired, with or without a deferred release. */
#define TS_HELD (TS_RS_MASK(RS_ACQ) | TS_RS_MASK(RS_DEFER) | TS_RS_MASK(RS_CDEFER))
/* A deferred call releases it at every exit. */
#define TS_DEFERRED (TS_RS_MASK(RS_DEFER) | TS_RS_MASK(RS_CDEFER))
/* Held with its transaction open. */
#define TS_HELD_OPEN (TS_HELD & TS_TX_MASK(TX_OPEN))

/* For engine/fixes.c: the analysis of the function a rule context is in. */
FnAnalysis *rule_ctx_analysis(const RuleCtx *cx);
/* … and the list its findings go to (what a finding's strings must live in). */
FindingList *rule_ctx_findings(const RuleCtx *cx);

#endif
