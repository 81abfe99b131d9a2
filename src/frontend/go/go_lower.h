/* go_lower: internal interface of the Go lowering, split by construct
** family: go_frontend.c (entry, depth guard, package, imports, package-level
** declarations, struct fields), go_lower_func.c (functions, methods,
** receivers, parameters and results, function literals, captures),
** go_lower_stmt.c (statements: assignments, declarations, if, for/range,
** labels, goto, break/continue, return), go_lower_switch.c (switch, type
** switch, select), go_lower_expr.c (values, calls, access paths, literals),
** go_lower_cond.c (branch conditions), go_defer.c (defer, go, panic and
** no-return calls), go_local_types.c (types of locals declared by their
** value). Language-neutral IR helpers live in frontend/lower_util.h.
**
** Every recursive function takes the depth guard (go_enter/go_leave): beyond
** the limit the subtree is lowered as IR_OPAQUE and NOTE_TOO_DEEP is recorded
** once per file. Subtree scans (uses) are iterative (ts_walk). */
#ifndef TXLINT_FRONTEND_GO_GO_LOWER_H
#define TXLINT_FRONTEND_GO_GO_LOWER_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "base/array.h"
#include "base/filectx.h"
#include "base/map.h"
#include "frontend/go/go_syms.h"
#include "frontend/lower_util.h"
#include "frontend/ts_util.h"
#include "ir/ir_build.h"

/* A break/continue target: a for loop, a switch/select, or a label. */
typedef struct GoJump {
  const char *label; /* borrowed from the arena; NULL when unlabelled */
  uint32_t brk;      /* block after the statement */
  uint32_t cont;     /* loop continue block; IRB_NO_BLOCK for switch/select */
} GoJump;

/* A label of the function: the block `goto L` jumps to. */
typedef struct GoLabel {
  const char *name; /* borrowed from the arena */
  uint32_t block;
  bool placed;      /* the labelled statement has been lowered */
  SrcLoc loc;       /* first goto or the label itself */
} GoLabel;

/* Per-function lowering state. */
typedef struct GoFn {
  IrbFunc *f;
  struct GoFn *outer;         /* enclosing function's state, NULL for the package */
  ARRAY(GoJump) jumps;        /* heap; innermost last */
  ARRAY(GoLabel) labels;      /* heap */
  const char *pending_label;  /* label to attach to the next loop/switch/select */
  uint32_t fallthrough;       /* next case body inside a switch case, else IRB_NO_BLOCK */
  ARRAY(const char *) results; /* arena; named results in order ("_" kept), for bare `return` */
} GoFn;

typedef struct GoCtx {
  FileCtx *fx;
  IrBuilder *b;
  Arena *a;
  const char *src;
  GoFn *fn;              /* the function being lowered */
  const char *name_hint; /* name for the next function literal lowered as a value */
  LowerDepth guard;      /* recursion depth guard */
  Map type_names;        /* arena; names declared as types in this file (package
                            level from the start, local ones once lowered) → (void *)1 */
  TsKindCache kinds;     /* node symbol → GoKind code with GO_KF_* flags */
  TsFieldCache fields;   /* GoField → field id */
} GoCtx;

/* Section - Node kinds and fields (by symbol and field id, not by name) */

/* n's GoKind code with its GO_KF_* flags; 0 for a null node. */
static inline uint16_t go_kind_code(GoCtx *cx, TSNode n) { return ts_kind_cache_get(&cx->kinds, n); }
/* n's GoKind (GO_K_OTHER for null nodes and unlisted types). */
static inline GoKind go_kind(GoCtx *cx, TSNode n) { return (GoKind)(go_kind_code(cx, n) & GO_KIND_MASK); }
/* True when n's type is k (same as comparing type names). */
static inline bool go_is(GoCtx *cx, TSNode n, GoKind k) { return go_kind(cx, n) == k; }
/* True when n's kind carries flag (GO_KF_*). */
static inline bool go_has_flag(GoCtx *cx, TSNode n, uint16_t flag) { return (go_kind_code(cx, n) & flag) != 0; }
/* The child of n in field f (a null node when absent). */
static inline TSNode go_field(GoCtx *cx, TSNode n, GoField f) { return ts_field_cache_get(&cx->fields, n, f); }

/* Section - Depth guard (lower_util) and shared helpers (go_frontend.c) */

/* Enters one level of recursion; false (and a NOTE_TOO_DEEP, once) when the
** limit is reached, in which case the caller lowers n as opaque and must not
** call go_leave. */
static inline bool go_enter(GoCtx *cx, TSNode n) { return lower_depth_enter(&cx->guard, cx->fx, n); }
static inline void go_leave(GoCtx *cx) { lower_depth_leave(&cx->guard); }
/* Emits `opaque <what> uses(...)` for n with the paths it mentions. */
void go_emit_opaque(GoCtx *cx, TSNode n, const char *what);
/* Emits an opaque instruction over already-lowered values. */
void go_emit_opaque_values(GoCtx *cx, const char *what, const IrValue *vals, uint32_t n, SrcLoc loc);
/* Node text in the arena (owned by the arena). */
const char *go_text(GoCtx *cx, TSNode n);
/* An identifier's text (owned by the arena), or NULL for a null, MISSING
** or empty node (error recovery inserts zero-width identifiers). */
const char *go_name(GoCtx *cx, TSNode n);
/* Strips parentheses. */
TSNode go_strip(GoCtx *cx, TSNode n);
/* True when evaluating n may run code (calls, receives; not counting function
** literal bodies). Iterative. */
bool go_has_effects(GoCtx *cx, TSNode n);
/* Decodes a Go string literal (interpreted or raw) into the arena. */
const char *go_string_value(GoCtx *cx, TSNode n);
/* True for interpreted_string_literal / raw_string_literal. */
bool go_is_string(GoCtx *cx, TSNode n);
/* Declared type text, whitespace-normalised (owned by the arena); NULL for a null node. */
const char *go_type_text(GoCtx *cx, TSNode type);
/* Records the struct fields of a type_declaration (package level or local). */
void go_lower_type_decl(GoCtx *cx, TSNode n);

/* Section - Functions (go_lower_func.c) */

/* Lowers a function_declaration or method_declaration. */
void go_lower_func_decl(GoCtx *cx, TSNode n);
/* Lowers a func_literal as a nested IrFunc; returns its index or -1. */
int32_t go_lower_func_literal(GoCtx *cx, TSNode n, const char *hint);
/* Records a reference to variable name in the current function: marks
** captures when it is declared in an enclosing (non-package) function. */
void go_note_ref(GoCtx *cx, const char *name);
/* The zero value a `var x T` starts with: nil for pointer, slice, map,
** channel, function and interface types and `error`, else other{}. */
IrValue go_zero_value(GoCtx *cx, TSNode type, SrcLoc loc);
/* Declares a local of the current function (type may be NULL). */
void go_declare_local(GoCtx *cx, TSNode name, const char *type);
/* True when name is declared as a variable in the current function or an
** enclosing one (including package-level variables in funcs[0]), i.e. it
** shadows a builtin, a package name or a type name. */
bool go_is_declared_var(GoCtx *cx, const char *name);

/* Section - Types of locals declared by their value (go_local_types.c) */

/* Records the names of the package-level types of file root (types may be
** used before they are declared). */
void go_collect_type_names(GoCtx *cx, TSNode root);
/* Records the names a type_declaration declares (local type declarations). */
void go_note_type_names(GoCtx *cx, TSNode decl);
/* The type expression e evidently has, from its syntax alone: "*T" for
** `&T{…}` and `(*T)(x)`, "T" for `T{…}` and `T(x)`; owned by the arena.
** NULL when e is anything else, or a call whose callee may be a function:
** `T(x)` counts only when T is a type declared in this file and not a
** variable, `(*pkg.T)(x)` only when pkg is an imported package. */
const char *go_evident_type(GoCtx *cx, TSNode e);

/* Section - Statements (go_lower_stmt.c, go_lower_switch.c) */

void go_lower_stmt(GoCtx *cx, TSNode n);
/* Lowers a block (or statement_list) statement by statement. */
void go_lower_block(GoCtx *cx, TSNode block);
/* Lowers a var/const declaration; top-level ones add locals of funcs[0]. */
void go_lower_var_decl(GoCtx *cx, TSNode n);
void go_lower_const_decl(GoCtx *cx, TSNode n, bool package_level);
/* Lowers a short_var_declaration / assignment_statement (also used for
** statements in if/for/switch headers). */
void go_lower_simple_stmt(GoCtx *cx, TSNode n);
/* Pushes/pops a break/continue target; takes the pending label. */
void go_push_jump(GoCtx *cx, uint32_t brk, uint32_t cont);
void go_pop_jump(GoCtx *cx);
void go_lower_expr_switch(GoCtx *cx, TSNode n);
void go_lower_type_switch(GoCtx *cx, TSNode n);
void go_lower_select(GoCtx *cx, TSNode n);

/* Section - Expressions (go_lower_expr.c) */

/* Lowers n for its value; emits the instructions it needs (calls into
** temporaries). */
IrValue go_lower_expr(GoCtx *cx, TSNode n);
/* Lowers n and stores it into dst: a call gets dst as its result, anything
** else becomes `dst = value` with assign flags. */
void go_lower_into(GoCtx *cx, TSNode n, IrValue dst, uint16_t assign_flags, SrcLoc loc);
/* Evaluates n for its effects only (expression statements). */
void go_lower_discard(GoCtx *cx, TSNode n);
/* Lowers call n with the given destinations (n_dsts may be 0). Handles
** panic, no-return calls and defer/go payloads through go_defer.c. */
void go_lower_call_into(GoCtx *cx, TSNode n, const IrValue *dsts, uint32_t n_dsts);
/* Fills c's callee and args from call_expression n (evaluating the callee's
** operand and the arguments now, as Go does for defer and go). */
void go_lower_call_payload(GoCtx *cx, TSNode n, IrCall *c);
/* The access path for n (identifier, selector/index chain) with at most
** max_fields fields after the root, or NULL. Owned by the arena. */
const char *go_path_text(GoCtx *cx, TSNode n, int max_fields);
/* An assignable destination for n: a path value, or IR_V_NONE for `_`;
** *ok false when n is not a path (then nothing is emitted). */
IrValue go_dest(GoCtx *cx, TSNode n, bool *ok);
/* Appends ".field" to a path value if it stays within the field limit;
** otherwise returns an IR_V_OTHER mentioning base. */
IrValue go_path_extend(GoCtx *cx, IrValue base, const char *field, SrcLoc loc);
/* Collects the values a compound value mentions (paths, functions), for subs. */
static inline IrValue go_other(GoCtx *cx, const IrValue *parts, uint32_t n, SrcLoc loc) {
  return lower_other(cx->a, parts, n, loc);
}
/* `x ± k` for a path x and an integer literal node k (subtracted when negate):
** an IR_VF_STEP value in *out; false when x is not a path or k not such a literal. */
bool go_step_value(GoCtx *cx, IrValue x, TSNode k, bool negate, SrcLoc loc, IrValue *out);
/* The IR_VF_STEP value step{x, step} (step an IR_V_NUMBER, x a path). */
IrValue go_step(GoCtx *cx, IrValue x, IrValue step, SrcLoc loc);
/* The paths mentioned anywhere under n (iterative), as an IR_V_OTHER. */
IrValue go_uses_of(GoCtx *cx, TSNode n);

/* Section - Conditions (go_lower_cond.c) */

/* Lowers a condition: branches to t when n is true, else to e. Ends the
** current block. */
void go_lower_cond(GoCtx *cx, TSNode n, uint32_t t, uint32_t e);
/* Allocates a condition node in the arena. */
static inline IrCond *go_cond_new(GoCtx *cx, IrCondKind kind, SrcLoc loc) {
  return lower_cond_new(cx->a, kind, loc);
}

/* Section - defer, go, panic, no-return calls (go_defer.c) */

void go_lower_defer(GoCtx *cx, TSNode n);
void go_lower_go(GoCtx *cx, TSNode n);
/* If call n is `panic(x)` (the builtin, not shadowed), lowers it as
** IR_T_THROW and returns true. */
bool go_try_panic(GoCtx *cx, TSNode n);
/* How a call to a standard-library package function ends, decided from
** the import the callee's package name resolves to. */
typedef enum GoCallExit { GO_EXIT_NORMAL, GO_EXIT_NORETURN, GO_EXIT_PANIC } GoCallExit;
GoCallExit go_call_exit(GoCtx *cx, const IrCall *c);

#endif
