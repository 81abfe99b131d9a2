/* c_lower: internal interface of the C lowering (libclang cursors → IR),
** split by construct family: c_frontend.c (parsing, diagnostics and which
** functions are sound, the translation unit's declarations, imports and
** exports), c_util.c (children, locations, strings, the depth guard,
** constants), c_ops.c (operator spellings, which libclang 14 does not
** expose), c_lower_func.c (functions, parameters, locals, labels),
** c_lower_stmt.c (statements: if, loops, switch, goto, return),
** c_lower_expr.c (values, calls, access paths, assignments) and
** c_lower_cond.c (branch conditions). Language-neutral IR helpers live in
** frontend/lower_util.h.
**
** Every recursive function takes the depth guard (c_enter/c_leave): beyond
** the limit the subtree is lowered as IR_OPAQUE and NOTE_TOO_DEEP is
** recorded once per file. Children of a cursor are collected on a shared
** heap stack (c_kids) and popped by whoever pushed them, so no per-node
** allocation outlives the node. */
#ifndef TXLINT_FRONTEND_C_C_LOWER_H
#define TXLINT_FRONTEND_C_C_LOWER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/array.h"
#include "base/filectx.h"
#include "base/map.h"
#include "frontend/c/c_libclang.h" /* clang-c/Index.h, called through a table */
#include "frontend/frontend.h"
#include "frontend/lower_util.h"
#include "ir/ir_build.h"

/* A break/continue target: a loop or a switch. */
typedef struct CJump {
  uint32_t brk;  /* block after the statement */
  uint32_t cont; /* the loop's continue block; IRB_NO_BLOCK for a switch */
  uint32_t cleanups; /* CFn.cleanups.len when the statement began */
} CJump;

/* A local declared __attribute__((cleanup(f))): f(&var) runs when its
** scope is left, however it is left. */
typedef struct CCleanup {
  const char *var; /* owned by the arena */
  SrcLoc loc;
} CCleanup;

/* A label of the function: the block `goto L` jumps to. */
typedef struct CLabel {
  const char *name; /* owned by the arena */
  uint32_t block;
  bool placed;      /* the labelled statement has been lowered */
  SrcLoc loc;       /* the first goto or the label itself */
} CLabel;

/* A case or default label of a switch and the block of its body. */
typedef struct CCase {
  CXCursor stmt;  /* the CaseStmt / DefaultStmt */
  uint32_t block;
} CCase;

/* The switch being lowered: its labels, found before the body is lowered. */
typedef struct CSwitch {
  ARRAY(CCase) cases; /* heap, in source order */
  struct CSwitch *outer;
} CSwitch;

/* Per-function lowering state. */
typedef struct CFn {
  IrbFunc *f;
  CXFile file;          /* the file the function is written in */
  SrcLoc loc;           /* the function; locations that map outside file fall back to it */
  ARRAY(CJump) jumps;   /* heap; innermost last */
  ARRAY(CLabel) labels; /* heap */
  ARRAY(CCleanup) cleanups; /* heap: the cleanup variables in scope, innermost last */
  CSwitch *sw;          /* innermost switch, or NULL */
} CFn;

/* What the translation unit says about a called function, cached by name. */
typedef struct CCallee {
  const char *name;   /* owned by the arena */
  const char *header; /* file name of the file that declares it (its first declaration) */
  bool noreturn;      /* declared noreturn / _Noreturn (abort, exit, longjmp …) */
  bool defined;       /* a body exists in this translation unit */
  bool undeclared;    /* called with no declaration in scope (C89's implicit `int f()`) */
  SrcLoc loc;         /* the first call */
} CCallee;

typedef struct CCtx {
  FileCtx *fx;
  IrBuilder *b;
  Arena *a;
  CXTranslationUnit tu;
  CXFile main_file;
  IrbFunc *module_fn;     /* funcs[0] */
  CFn *fn;                /* the function being lowered; NULL at file scope */
  CXFile cur_file;        /* the file locations are reported in */
  int depth, max_depth;
  bool noted_too_deep;
  ARRAY(CXCursor) kids;   /* heap: the children stack (c_kids) */
  Map callees;            /* arena: name → CCallee* */
  ARRAY(CCallee *) callee_order; /* arena: first-use order, for the imports */
  ARRAY(unsigned) undeclared_at; /* heap: main-file offsets of the implicit function declarations
                                    (clang puts the declaration where its warning is) */
} CCtx;

/* Section - Depth guard and children (c_util.c) */

/* Enters one level of recursion; false (and NOTE_TOO_DEEP, once) at the
** limit, in which case the caller lowers c as opaque and must not c_leave. */
bool c_enter(CCtx *cx, CXCursor c);
static inline void c_leave(CCtx *cx) { cx->depth--; }
/* Pushes the children of c on cx->kids and returns the index of the first;
** the count is cx->kids.len - base. Pop with c_kids_pop(cx, base). */
uint32_t c_kids(CCtx *cx, CXCursor c);
static inline uint32_t c_kids_n(const CCtx *cx, uint32_t base) { return cx->kids.len - base; }
static inline CXCursor c_kid(const CCtx *cx, uint32_t base, uint32_t i) { return cx->kids.items[base + i]; }
static inline void c_kids_pop(CCtx *cx, uint32_t base) { cx->kids.len = base; }
/* The number of children of c (without keeping them). */
uint32_t c_count_kids(CCtx *cx, CXCursor c);
/* The i-th child of c, or a null cursor. */
CXCursor c_child(CCtx *cx, CXCursor c, uint32_t i);

/* Section - Strings, locations, constants (c_util.c) */

/* Copies s into the arena and disposes it (owned by the arena). */
const char *c_take(CCtx *cx, CXString s);
/* The cursor's spelling (owned by the arena; "" when it has none). */
const char *c_spelling(CCtx *cx, CXCursor c);
/* The cursor's type as written, whitespace-normalised (owned by the arena), or NULL. */
const char *c_type_text(CCtx *cx, CXType t);
/* The extent of c where the user wrote it: a macro argument at its text,
** the rest of a macro expansion at the macro's use site, in cx->cur_file;
** anything else at the current function's location. */
SrcLoc c_loc(CCtx *cx, CXCursor c);
/* The location of the last character of c's extent (a closing brace). */
SrcLoc c_loc_last(CCtx *cx, CXCursor c);
/* File and byte offset of a location as getFileLoc sees it (macro arguments
** at their spelling, macro bodies at the expansion); false without a file. */
bool c_file_offset(CXSourceLocation l, CXFile *file, unsigned *offset);
/* The contents of file (borrowed from the translation unit), or NULL. */
const char *c_file_text(CCtx *cx, CXFile file, size_t *len);
/* Strips parentheses, implicit casts and explicit casts. */
CXCursor c_strip(CCtx *cx, CXCursor e);
/* True when e is an integer constant expression literal (a literal, an
** enumerator, or a cast, sign or parentheses around one); *out its value. */
bool c_int_const(CCtx *cx, CXCursor e, long long *out);
/* True when e is a null pointer constant (pointer-typed 0, NULL). */
bool c_is_null_const(CCtx *cx, CXCursor e);
/* True when evaluating e can run code or write memory (calls, assignments,
** increments); sizeof operands do not count. */
bool c_has_effects(CCtx *cx, CXCursor e);
/* Emits `opaque <what> uses(...)` with the variables e mentions. */
void c_emit_opaque(CCtx *cx, CXCursor e, const char *what);
/* The variables mentioned under e as an IR_V_OTHER. */
IrValue c_uses_of(CCtx *cx, CXCursor e);

/* Section - Operators (c_ops.c) */

/* The operator of a BinaryOperator / CompoundAssignOperator ("==", "&&",
** "=", "+=" …; static storage), or NULL when it cannot be read. */
const char *c_binary_op(CCtx *cx, CXCursor op);
/* The operator of a UnaryOperator ("!", "&", "*", "-", "~", "+", "++",
** "--", "__extension__" …; static), or NULL; *postfix for x++ / x--. */
const char *c_unary_op(CCtx *cx, CXCursor op, bool *postfix);

/* Section - Functions and statements (c_lower_func.c, c_lower_stmt.c) */

/* Lowers a function definition; rel_file is its project header's relative
** path, or NULL for the main file. */
void c_lower_function(CCtx *cx, CXCursor fn, const char *rel_file);
/* The block of label name in the current function (created on first use). */
uint32_t c_label_block(CCtx *cx, const char *name, SrcLoc loc, bool placing);
void c_lower_stmt(CCtx *cx, CXCursor s);
/* Lowers a local VarDecl (function-static and extern ones are globals). */
void c_lower_local_var(CCtx *cx, CXCursor var);
void c_push_jump(CCtx *cx, uint32_t brk, uint32_t cont);
void c_pop_jump(CCtx *cx);
/* Lowers a SwitchStmt (c_lower_stmt.c). */
void c_lower_switch(CCtx *cx, CXCursor s);

/* Section - Expressions (c_lower_expr.c) */

/* Lowers e for its value, emitting what it needs (calls into temporaries). */
IrValue c_lower_expr(CCtx *cx, CXCursor e);
/* Lowers e and stores it into dst: a call gets dst as its result, anything
** else becomes `dst = value` with assign flags. */
void c_lower_into(CCtx *cx, CXCursor e, IrValue dst, uint16_t flags, SrcLoc loc);
/* Evaluates e for its effects only (expression statements). */
void c_lower_discard(CCtx *cx, CXCursor e);
/* True when decl is the implicit declaration of a function called undeclared. */
bool c_decl_is_implicit(CCtx *cx, CXCursor decl);
/* Records a call of function decl named name (imports, no-return). */
CCallee *c_callee(CCtx *cx, CXCursor decl, const char *name, SrcLoc loc);

/* Section - Conditions (c_lower_cond.c) */

/* Lowers a condition: branches to t when e holds, else to e_block. Ends the
** current block. */
void c_lower_cond(CCtx *cx, CXCursor e, uint32_t t, uint32_t e_block);

#endif
