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
#include "ir/ir.h"
#include "sql/sql.h"

typedef struct RuleCtx RuleCtx;

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
} TsResourceInfo;

/* Section - Data operations (engine/dbops.c) */

typedef enum DbOpKind { DB_NONE, DB_READ, DB_WRITE } DbOpKind;

enum {
  DBF_LOCKING = 1 << 0,     /* a read that locks its rows (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) */
  DBF_ATOMIC = 1 << 1,      /* a write that is atomic by itself (upsert, self-relative update), or a
                               helper whose writes all are */
  DBF_CONDITIONAL = 1 << 2, /* UPDATE/DELETE … WHERE (atomic when its row count is checked) */
  DBF_INSERT = 1 << 3,      /* an INSERT, or a helper that returns what it inserted */
  DBF_VIA_SUMMARY = 1 << 4, /* a call of a project function whose summary reads or writes */
  DBF_ALSO_READS = 1 << 5,  /* such a function reads too (its own check before its write) */
};

enum { DBOPS_MAX = 64, DBOPS_MANAGED_TX = 1000 };

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
                            DBOPS_MANAGED_TX inside a managed transaction's callback, or -1 */
  /* Engine bookkeeping (dbops.c): the argument holding the SQL text, and which
  ** of the statement's parameters are values it writes. */
  int8_t sql_arg;        /* -1: not SQL (a summarised helper) */
  bool values_known;
  uint64_t value_params; /* bit n: parameter n (0-based) is a value written */
} DbOp;

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
/* True when operation k runs only on one side of a branch whose condition
** carries one of the operations in ops (it is control dependent on it);
** *at gets the condition's location. */
bool rule_ctx_dbop_guarded(const RuleCtx *cx, uint32_t k, uint64_t ops, SrcLoc *at);
/* True when the result of operation k is tested by some branch (a conditional
** UPDATE whose row count decides what happens next). */
bool rule_ctx_dbop_result_tested(const RuleCtx *cx, uint32_t k);
/* True when resource r's transaction was begun SERIALIZABLE. */
bool rule_ctx_tx_serializable(const RuleCtx *cx, int32_t r);

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
/* Adds the witness path of resource i's leak (tx=false) or transaction leak
** (tx=true) to f as steps. */
void rule_ctx_add_witness(RuleCtx *cx, Finding *f, uint32_t i, bool tx);

#endif
