/* c_lower_cond: branch conditions. A condition keeps what was tested as an
** IrCond tree: `!x`, `x == NULL`, `p != NULL`, `a < b`, `a && b`, `a || b`.
** C tests against integer zero are truthiness, which is what C means by
** them: `rc != 0` (also `rc != SQLITE_OK`, a macro for 0) is `rc`, and
** `rc == 0` is `!rc`. When the right operand of && / || (or anything in the
** condition) has effects, the short circuit is lowered as separate branches,
** so calls run only on the paths where C runs them. */
#include <string.h>

#include "frontend/c/c_lower.h"

static IrbFunc *cur_fn(CCtx *cx) { return cx->fn ? cx->fn->f : cx->module_fn; }

static bool is_pointer(CXCursor e) { return clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Pointer; }

static bool is_int_zero(CCtx *cx, CXCursor e) {
  long long v;
  return !is_pointer(e) && c_int_const(cx, e, &v) && v == 0;
}

/* `lhs op rhs` for a comparison operator. */
static IrCond *compare(CCtx *cx, CXCursor lhs, CXCursor rhs, const char *op, SrcLoc loc) {
  IrCondKind k = lower_cmp_kind(str_from(op));
  bool lz = is_int_zero(cx, lhs) && !is_pointer(rhs), rz = is_int_zero(cx, rhs) && !is_pointer(lhs);
  if ((k == IR_COND_EQ || k == IR_COND_NE) && (lz || rz)) {
    IrCond *t = lower_cond_truthy(cx->a, c_lower_expr(cx, rz ? lhs : rhs), loc);
    if (k == IR_COND_NE) return t;
    IrCond *n = lower_cond_new(cx->a, IR_COND_NOT, loc);
    n->lhs = t;
    return n;
  }
  IrValue a = c_lower_expr(cx, lhs), b = c_lower_expr(cx, rhs);
  return lower_cond_cmp(cx->a, k, a, b, loc);
}

static bool is_comparison(const char *op) {
  return strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 ||
         strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
}

/* The condition e as one tree; the caller made sure it is tree_safe, so
** whatever it emits (calls in the leftmost operand) runs before the branch
** on every path. */
static IrCond *cond_tree(CCtx *cx, CXCursor e) {
  SrcLoc loc = c_loc(cx, e);
  if (!c_enter(cx, e)) return lower_cond_opaque(cx->a, irv_kind(IR_V_OTHER, NULL, loc), loc);
  CXCursor s = c_strip(cx, e);
  IrCond *out = NULL;
  enum CXCursorKind k = clang_getCursorKind(s);
  if (k == CXCursor_UnaryOperator) {
    bool post;
    const char *op = c_unary_op(cx, s, &post);
    if (op && strcmp(op, "!") == 0) {
      IrCond *inner = cond_tree(cx, c_child(cx, s, 0));
      if (inner->kind == IR_COND_NOT) { /* !!x (likely/unlikely macros) is x */
        out = inner->lhs;
      } else {
        out = lower_cond_new(cx->a, IR_COND_NOT, loc);
        out->lhs = inner;
      }
    }
  } else if (k == CXCursor_BinaryOperator) {
    const char *op = c_binary_op(cx, s);
    uint32_t base = c_kids(cx, s);
    if (op && c_kids_n(cx, base) == 2) {
      CXCursor lhs = c_kid(cx, base, 0), rhs = c_kid(cx, base, 1);
      c_kids_pop(cx, base);
      if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
        IrCond *l = cond_tree(cx, lhs);
        out = lower_cond_bin(cx->a, op[0] == '&' ? IR_COND_AND : IR_COND_OR, l, cond_tree(cx, rhs), loc);
      } else if (is_comparison(op)) {
        out = compare(cx, lhs, rhs, op, loc);
      }
    } else {
      c_kids_pop(cx, base);
    }
  }
  if (!out) out = lower_cond_truthy(cx->a, c_lower_expr(cx, e), loc);
  c_leave(cx);
  return out;
}

static void branch(CCtx *cx, IrCond *c, uint32_t t, uint32_t e, SrcLoc loc) { irb_branch(cur_fn(cx), c, t, e, loc); }

/* True when e can be one tree: no && / || inside it has effects on its
** right side (effects on the leftmost operand run first either way). */
static bool tree_safe(CCtx *cx, CXCursor e, int depth) {
  CXCursor s = c_strip(cx, e);
  if (depth > 64) return false;
  enum CXCursorKind k = clang_getCursorKind(s);
  if (k == CXCursor_UnaryOperator) {
    bool post;
    const char *op = c_unary_op(cx, s, &post);
    return !op || strcmp(op, "!") != 0 || tree_safe(cx, c_child(cx, s, 0), depth + 1);
  }
  if (k != CXCursor_BinaryOperator) return true;
  const char *op = c_binary_op(cx, s);
  if (!op || (strcmp(op, "&&") != 0 && strcmp(op, "||") != 0)) return true;
  uint32_t base = c_kids(cx, s);
  bool ok = c_kids_n(cx, base) == 2 && !c_has_effects(cx, c_kid(cx, base, 1));
  CXCursor lhs = ok ? c_kid(cx, base, 0) : clang_getNullCursor();
  c_kids_pop(cx, base);
  return ok && tree_safe(cx, lhs, depth + 1);
}

/* `lhs && rhs` / `lhs || rhs` as two branches. */
static void short_circuit(CCtx *cx, bool is_and, CXCursor lhs, CXCursor rhs, uint32_t t, uint32_t e) {
  IrbFunc *f = cur_fn(cx);
  uint32_t mid = irb_block_new(f, is_and ? "and.rhs" : "or.rhs");
  if (is_and) c_lower_cond(cx, lhs, mid, e);
  else c_lower_cond(cx, lhs, t, mid);
  irb_set_cur(f, mid);
  c_lower_cond(cx, rhs, t, e);
}

/* Returns true when the binary operator s was lowered as a branch. */
static bool lower_binary_cond(CCtx *cx, CXCursor s, uint32_t t, uint32_t e, SrcLoc loc) {
  const char *op = c_binary_op(cx, s);
  uint32_t base = c_kids(cx, s);
  if (!op || c_kids_n(cx, base) != 2) {
    c_kids_pop(cx, base);
    return false;
  }
  CXCursor lhs = c_kid(cx, base, 0), rhs = c_kid(cx, base, 1);
  c_kids_pop(cx, base);
  if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
    if (tree_safe(cx, s, 0)) branch(cx, cond_tree(cx, s), t, e, loc);
    else short_circuit(cx, op[0] == '&', lhs, rhs, t, e);
    return true;
  }
  if (is_comparison(op)) {
    branch(cx, compare(cx, lhs, rhs, op, loc), t, e, loc);
    return true;
  }
  if (strcmp(op, ",") == 0) {
    c_lower_discard(cx, lhs);
    c_lower_cond(cx, rhs, t, e);
    return true;
  }
  return false;
}

static void lower_ternary_cond(CCtx *cx, CXCursor s, uint32_t t, uint32_t e) {
  uint32_t base = c_kids(cx, s);
  CXCursor c = c_kid(cx, base, 0), a = c_kid(cx, base, 1), b = c_kid(cx, base, 2);
  c_kids_pop(cx, base);
  IrbFunc *f = cur_fn(cx);
  uint32_t bt = irb_block_new(f, "cond.true"), bf = irb_block_new(f, "cond.false");
  c_lower_cond(cx, c, bt, bf);
  irb_set_cur(f, bt);
  c_lower_cond(cx, a, t, e);
  irb_set_cur(f, bf);
  c_lower_cond(cx, b, t, e);
}

static void lower_cond_inner(CCtx *cx, CXCursor e, uint32_t t, uint32_t f_, SrcLoc loc) {
  long long k;
  if (c_int_const(cx, e, &k)) { /* while (1), do … while (0), if (0): only one edge exists */
    irb_jump(cur_fn(cx), k ? t : f_, loc);
    return;
  }
  CXCursor s = c_strip(cx, e);
  switch (clang_getCursorKind(s)) {
  case CXCursor_UnaryOperator: {
    bool post;
    const char *op = c_unary_op(cx, s, &post);
    if (op && strcmp(op, "!") == 0) {
      /* `!x` stays a NOT (the path's "condition is true" then reads as written);
      ** a short circuit under it swaps the successors instead. */
      CXCursor operand = c_child(cx, s, 0);
      if (tree_safe(cx, operand, 0)) branch(cx, cond_tree(cx, s), t, f_, loc);
      else c_lower_cond(cx, operand, f_, t);
      return;
    }
    break;
  }
  case CXCursor_BinaryOperator:
    if (lower_binary_cond(cx, s, t, f_, loc)) return;
    break;
  case CXCursor_ConditionalOperator:
    if (c_count_kids(cx, s) == 3) {
      lower_ternary_cond(cx, s, t, f_);
      return;
    }
    break;
  case CXCursor_CallExpr: {
    CXCursor ref = clang_getCursorReferenced(s);
    const char *name = clang_getCursorKind(ref) == CXCursor_FunctionDecl ? c_spelling(cx, ref) : "";
    if ((strcmp(name, "__builtin_expect") == 0 || strcmp(name, "__builtin_expect_with_probability") == 0) &&
        clang_Cursor_getNumArguments(s) >= 1) {
      c_lower_cond(cx, clang_Cursor_getArgument(s, 0), t, f_);
      return;
    }
    break;
  }
  default: break;
  }
  branch(cx, lower_cond_truthy(cx->a, c_lower_expr(cx, e), loc), t, f_, loc);
}

void c_lower_cond(CCtx *cx, CXCursor e, uint32_t t, uint32_t e_block) {
  SrcLoc loc = c_loc(cx, e);
  if (!c_enter(cx, e)) {
    branch(cx, lower_cond_opaque(cx->a, irv_kind(IR_V_OTHER, NULL, loc), loc), t, e_block, loc);
    return;
  }
  lower_cond_inner(cx, e, t, e_block, loc);
  c_leave(cx);
}
