/* js_lower: internal interface of the JavaScript/TypeScript lowering, split
** by construct family: js_frontend.c (module, imports/exports), js_lower_func.c
** (functions, classes, parameters, scopes), js_lower_stmt.c (statements,
** try/finally, loops, switch, using), js_lower_expr.c (values, calls, access
** paths, destructuring), js_lower_cond.c (branch conditions).
**
** Every recursive function takes the depth guard (js_enter/js_leave): beyond
** the limit the subtree is lowered as IR_OPAQUE and NOTE_TOO_DEEP is recorded
** once per file. Subtree scans (uses, side effects, declarations) are
** iterative (ts_walk). */
#ifndef TXLINT_FRONTEND_JS_JS_LOWER_H
#define TXLINT_FRONTEND_JS_JS_LOWER_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "base/array.h"
#include "base/filectx.h"
#include "frontend/js/js_syms.h"
#include "frontend/lower_util.h"
#include "frontend/ts_util.h"
#include "ir/ir_build.h"

/* A way out of a try (or of a `using` scope) that must run code first. */
typedef enum JsFinKind { JS_FIN_BLOCK, JS_FIN_DISPOSE } JsFinKind;

typedef struct JsFinally {
  JsFinKind kind;
  TSNode body;            /* JS_FIN_BLOCK: the finally clause's statement_block */
  const char **vars;      /* JS_FIN_DISPOSE: variables to dispose, in declaration order */
  uint32_t n_vars;
  bool awaited;           /* `await using` */
  SrcLoc loc;             /* the finally clause / the using declaration */
  int32_t outer_exn;      /* exn successor outside the protected region */
} JsFinally;

/* A break/continue target: a loop, a switch, or a labelled statement. */
typedef struct JsJump {
  const char *label;      /* borrowed from the arena; NULL when unlabelled */
  uint32_t brk;           /* block after the statement */
  uint32_t cont;          /* loop continue block; IRB_NO_BLOCK for switch / plain label */
  bool label_only;        /* a labelled non-loop statement: only `break label` */
  uint32_t fin_depth;     /* JsFn.fins.len when the target was entered */
} JsJump;

/* Per-function lowering state. */
typedef struct JsFn {
  IrbFunc *f;
  struct JsFn *outer;     /* enclosing function's state, NULL for the module */
  ARRAY(JsFinally) fins;  /* heap; innermost last */
  ARRAY(JsJump) jumps;    /* heap; innermost last */
  const char *pending_label; /* label to attach to the next loop */
} JsFn;

typedef struct JsCtx {
  FileCtx *fx;
  IrBuilder *b;
  Arena *a;
  const char *src;
  IrLang lang;
  JsFn *fn;               /* the function being lowered */
  const char *name_hint;  /* name for the next function/class/object literal lowered as a
                             value (the variable or property it is assigned to); consumed
                             by js_lower_expr */
  LowerDepth guard;       /* recursion depth guard */
  TsKindCache kinds;      /* node symbol → JsKind code, for this file's grammar */
  TsFieldCache fields;    /* JsField → field id, for this file's grammar */
  TSNode listed;          /* the block whose named children are in `kids` (js_lower_stmts:
                             each using of a block lowers the rest of it again) */
  TSNode *kids;           /* in arena */
  uint32_t n_kids;
} JsCtx;

/* n's JsKind with its JS_KF_* flags (0 for a null node). */
static inline uint16_t js_kind_code(JsCtx *cx, TSNode n) { return ts_kind_cache_get(&cx->kinds, n); }
/* n's JsKind (JS_K_OTHER for a null node or an unlisted type). */
static inline JsKind js_kind(JsCtx *cx, TSNode n) { return (JsKind)(js_kind_code(cx, n) & JS_KIND_MASK); }
/* True when n's type is k (what ts_is(n, name of k) says, without comparing strings). */
static inline bool js_is(JsCtx *cx, TSNode n, JsKind k) { return js_kind(cx, n) == k; }
/* The child of n in field f (a null node when n is null or has none). */
static inline TSNode js_field(JsCtx *cx, TSNode n, JsField f) { return ts_field_cache_get(&cx->fields, n, f); }

/* Section - Depth guard (lower_util) and opaque instructions (js_frontend.c) */

/* Enters one level of recursion; false (and a NOTE_TOO_DEEP, once) when the
** limit is reached, in which case the caller lowers n as opaque and must not
** call js_leave. */
static inline bool js_enter(JsCtx *cx, TSNode n) { return lower_depth_enter(&cx->guard, cx->fx, n); }
static inline void js_leave(JsCtx *cx) { lower_depth_leave(&cx->guard); }
/* Emits `opaque <type> uses(...)` for n with the paths it mentions. */
void js_emit_opaque(JsCtx *cx, TSNode n, const char *what);
/* Records NOTE_UNSUPPORTED for n and lowers it as opaque. */
void js_unsupported(JsCtx *cx, TSNode n);

/* Section - Helpers shared by the files */

/* Node text in the arena (owned by the arena). */
const char *js_text(JsCtx *cx, TSNode n);
/* Strips parentheses and TS-only wrappers (as, satisfies, !, <T>x). */
TSNode js_strip(JsCtx *cx, TSNode n);
/* True when evaluating n may run code: calls, new, await, assignments,
** ++/--, yield, delete (not counting nested function bodies). Iterative. */
bool js_has_effects(JsCtx *cx, TSNode n);
/* Decodes a string literal node into the arena ("a\nb" → a, newline, b). */
const char *js_string_value(JsCtx *cx, TSNode n);
/* True for a function-like expression node (function, arrow, generator, class). */
bool js_is_function_node(JsCtx *cx, TSNode n);
/* Records a reference to variable name in the current function: marks
** captures when it is declared in an enclosing (non-module) function. */
void js_note_ref(JsCtx *cx, const char *name);

/* Section - Functions (js_lower_func.c) */

/* Lowers a function-like node (function declaration/expression, arrow,
** method) as a nested IrFunc named name; returns its index. */
int32_t js_lower_function(JsCtx *cx, TSNode n, const char *name, const char *class_name, uint16_t extra_flags);
/* Lowers a class declaration/expression: methods, fields, static blocks.
** name may be NULL (anonymous class expression). Returns the class name used. */
const char *js_lower_class(JsCtx *cx, TSNode n, const char *name);
/* A qualified name for a nested function: "outer.inner", or the bare name at
** module level; owned by the arena. */
const char *js_qualify(JsCtx *cx, const char *name);
/* "outer.<lambda@L:C>" for an anonymous function at n; owned by the arena. */
const char *js_lambda_name(JsCtx *cx, TSNode n);
/* Declares the names bound by a pattern/identifier as locals of the current
** function (type from type_node when the pattern is an identifier). */
void js_declare_pattern(JsCtx *cx, TSNode pattern, TSNode type_node);
/* Collects the declarations of a function body (not descending into nested
** functions) into the current function's locals. */
void js_collect_decls(JsCtx *cx, TSNode body);
/* Normalised TS type text of a type_annotation node (without the colon), or NULL. */
const char *js_type_text(JsCtx *cx, TSNode annotation);

/* Section - Statements (js_lower_stmt.c) */

void js_lower_stmt(JsCtx *cx, TSNode n);
/* Lowers the named children of a block-like node from index first on,
** handling `using` declarations (the rest of the block becomes their scope). */
void js_lower_stmts(JsCtx *cx, TSNode block, uint32_t first);
/* Lowers a function body that is a statement_block or an expression (arrow). */
void js_lower_body(JsCtx *cx, TSNode body);
/* Runs the copies of finally blocks / disposals from the innermost down to
** (not including) depth `down_to`, each in its own block. */
void js_run_finallies(JsCtx *cx, uint32_t down_to, const char *why);

/* Section - Expressions (js_lower_expr.c) */

/* Lowers n for its value; emits the instructions it needs (calls into
** temporaries). Never NULL text for paths. */
IrValue js_lower_expr(JsCtx *cx, TSNode n);
/* Lowers n and stores it into dst: a call gets dst as its result, anything
** else becomes `dst = value` with assign flags. */
void js_lower_into(JsCtx *cx, TSNode n, IrValue dst, uint16_t assign_flags, SrcLoc loc);
/* Like js_lower_into; returns the value stored (dst itself for call results). */
IrValue js_lower_into_v(JsCtx *cx, TSNode n, IrValue dst, uint16_t assign_flags, SrcLoc loc);
/* Evaluates n for its effects only (expression statements): a call whose
** value is discarded gets no result. */
void js_lower_discard(JsCtx *cx, TSNode n);
/* Binds a destructuring pattern (or identifier, or member target) to src. */
void js_destructure(JsCtx *cx, TSNode pattern, IrValue src, uint16_t assign_flags, SrcLoc loc);
/* The access path for n (identifier, this, member/subscript chain) with at
** most max_fields fields after the root, or NULL. Owned by the arena. */
const char *js_path_text(JsCtx *cx, TSNode n, int max_fields);
/* Appends ".field" to a path value if it stays within the field limit;
** otherwise returns an IR_V_OTHER mentioning base. */
IrValue js_path_extend(JsCtx *cx, IrValue base, const char *field, SrcLoc loc);
/* Collects the values a compound value mentions (paths, functions), for subs. */
static inline IrValue js_other(JsCtx *cx, const IrValue *parts, uint32_t n, SrcLoc loc) {
  return lower_other(cx->a, parts, n, loc);
}
/* The paths mentioned anywhere under n (iterative), as an IR_V_OTHER. */
IrValue js_uses_of(JsCtx *cx, TSNode n);

/* Section - Conditions (js_lower_cond.c) */

/* Lowers a condition: branches to t when n is truthy, else to e. Ends the
** current block. */
void js_lower_cond(JsCtx *cx, TSNode n, uint32_t t, uint32_t e);
/* Allocates a condition node in the arena. */
static inline IrCond *js_cond_new(JsCtx *cx, IrCondKind kind, SrcLoc loc) {
  return lower_cond_new(cx->a, kind, loc);
}

/* Section - Module (js_frontend.c) */

/* Handles `x = require(…)` / `import(…)` declarators at any level; returns
** true when the declarator was an import and needs no further lowering. */
bool js_try_require_decl(JsCtx *cx, TSNode declarator);
/* Records CommonJS exports for an assignment `module.exports… = value`. */
void js_note_cjs_export(JsCtx *cx, TSNode left, TSNode right, IrValue value);
void js_lower_import(JsCtx *cx, TSNode n);
void js_lower_export(JsCtx *cx, TSNode n);

#endif
