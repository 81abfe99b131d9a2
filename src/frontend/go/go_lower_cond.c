/* go_lower_cond: branch conditions. A condition without calls becomes one
** IR_T_BRANCH with a condition tree (`err != nil`, `!ok`, `a && b`,
** comparisons); `&&`, `||` and `!` whose operands call functions or receive
** from channels are lowered as separate branches, so each call only runs on
** the paths where it really runs (`if err != nil && !errors.Is(err, x)`). */
#include <string.h>

#include "frontend/go/go_lower.h"

static IrCond *cond_tree(GoCtx *cx, TSNode n);

static IrCond *cond_binary(GoCtx *cx, TSNode n, SrcLoc loc) {
  Str op = ts_text(go_field(cx, n, GO_F_OPERATOR), cx->src);
  if (str_eq_cstr(op, "&&") || str_eq_cstr(op, "||")) {
    IrCond *l = cond_tree(cx, go_field(cx, n, GO_F_LEFT));
    IrCond *r = cond_tree(cx, go_field(cx, n, GO_F_RIGHT));
    return lower_cond_bin(cx->a, str_eq_cstr(op, "&&") ? IR_COND_AND : IR_COND_OR, l, r, loc);
  }
  IrCondKind k = lower_cmp_kind(op);
  IrValue a = go_lower_expr(cx, go_field(cx, n, GO_F_LEFT));
  IrValue b = go_lower_expr(cx, go_field(cx, n, GO_F_RIGHT));
  if (k == IR_COND_OPAQUE) {
    /* A boolean-valued operator that is not a comparison cannot occur in a
    ** well-typed condition; keep what it mentions. */
    IrValue parts[2] = {a, b};
    return lower_cond_truthy(cx->a, go_other(cx, parts, 2, loc), loc);
  }
  return lower_cond_cmp(cx->a, k, a, b, loc);
}

/* Builds the tree for n, evaluating calls into temporaries first (left to
** right). */
static IrCond *cond_tree(GoCtx *cx, TSNode n) {
  SrcLoc loc = ts_loc(n);
  if (!go_enter(cx, n)) {
    return lower_cond_opaque(cx->a, go_uses_of(cx, n), loc);
  }
  TSNode s = go_strip(cx, n);
  IrCond *c;
  if (go_is(cx, s, GO_K_UNARY_EXPRESSION) && str_eq_cstr(ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src), "!")) {
    c = go_cond_new(cx, IR_COND_NOT, loc);
    c->lhs = cond_tree(cx, go_field(cx, s, GO_F_OPERAND));
  } else if (go_is(cx, s, GO_K_BINARY_EXPRESSION)) {
    c = cond_binary(cx, s, loc);
  } else {
    c = lower_cond_truthy(cx->a, go_lower_expr(cx, s), loc);
  }
  go_leave(cx);
  return c;
}

static void lower_cond_cb(void *cx, TSNode n, uint32_t t, uint32_t e) { go_lower_cond(cx, n, t, e); }

static bool lower_cond_structured(GoCtx *cx, TSNode s, uint32_t t, uint32_t e) {
  if (go_is(cx, s, GO_K_UNARY_EXPRESSION) && str_eq_cstr(ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src), "!")) {
    go_lower_cond(cx, go_field(cx, s, GO_F_OPERAND), e, t);
    return true;
  }
  if (!go_is(cx, s, GO_K_BINARY_EXPRESSION)) return false;
  Str op = ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src);
  bool is_and = str_eq_cstr(op, "&&");
  if (!is_and && !str_eq_cstr(op, "||")) return false;
  lower_cond_short_circuit(cx->fn->f, is_and, lower_cond_cb, cx, go_field(cx, s, GO_F_LEFT),
                           go_field(cx, s, GO_F_RIGHT), t, e);
  return true;
}

void go_lower_cond(GoCtx *cx, TSNode n, uint32_t t, uint32_t e) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  if (!go_enter(cx, n)) {
    irb_branch(f, lower_cond_opaque(cx->a, go_uses_of(cx, n), loc), t, e, loc);
    return;
  }
  TSNode s = go_strip(cx, n);
  if (!go_has_effects(cx, s) || !lower_cond_structured(cx, s, t, e)) {
    IrCond *c = cond_tree(cx, s);
    irb_branch(f, c, t, e, ts_loc(s));
  }
  go_leave(cx);
}
