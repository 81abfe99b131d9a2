/* go_lower_cond: branch conditions. A condition without calls becomes one
** IR_T_BRANCH with a condition tree (`err != nil`, `!ok`, `a && b`,
** comparisons); `&&`, `||` and `!` whose operands call functions or receive
** from channels are lowered as separate branches, so each call only runs on
** the paths where it really runs (`if err != nil && !errors.Is(err, x)`). */
#include <string.h>

#include "frontend/go/go_lower.h"

IrCond *go_cond_new(GoCtx *cx, IrCondKind kind, SrcLoc loc) {
  IrCond *c = ARENA_NEW(cx->a, IrCond);
  c->kind = kind;
  c->a = irv_none();
  c->b = irv_none();
  c->loc = loc;
  return c;
}

static IrCondKind cmp_kind(Str op) {
  static const struct { const char *op; IrCondKind k; } table[] = {
      {"==", IR_COND_EQ}, {"!=", IR_COND_NE}, {"<", IR_COND_LT},
      {"<=", IR_COND_LE}, {">", IR_COND_GT},  {">=", IR_COND_GE},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (str_eq_cstr(op, table[i].op)) return table[i].k;
  return IR_COND_OPAQUE;
}

static IrCond *cond_tree(GoCtx *cx, TSNode n);

static IrCond *cond_binary(GoCtx *cx, TSNode n, SrcLoc loc) {
  Str op = ts_text(go_field(cx, n, GO_F_OPERATOR), cx->src);
  if (str_eq_cstr(op, "&&") || str_eq_cstr(op, "||")) {
    IrCond *c = go_cond_new(cx, str_eq_cstr(op, "&&") ? IR_COND_AND : IR_COND_OR, loc);
    c->lhs = cond_tree(cx, go_field(cx, n, GO_F_LEFT));
    c->rhs = cond_tree(cx, go_field(cx, n, GO_F_RIGHT));
    return c;
  }
  IrCondKind k = cmp_kind(op);
  IrValue a = go_lower_expr(cx, go_field(cx, n, GO_F_LEFT));
  IrValue b = go_lower_expr(cx, go_field(cx, n, GO_F_RIGHT));
  if (k == IR_COND_OPAQUE) {
    /* A boolean-valued operator that is not a comparison cannot occur in a
    ** well-typed condition; keep what it mentions. */
    IrValue parts[2] = {a, b};
    IrCond *c = go_cond_new(cx, IR_COND_TRUTHY, loc);
    c->a = go_other(cx, parts, 2, loc);
    return c;
  }
  IrCond *c = go_cond_new(cx, k, loc);
  c->a = a;
  c->b = b;
  return c;
}

/* Builds the tree for n, evaluating calls into temporaries first (left to
** right). */
static IrCond *cond_tree(GoCtx *cx, TSNode n) {
  SrcLoc loc = ts_loc(n);
  if (!go_enter(cx, n)) {
    IrCond *c = go_cond_new(cx, IR_COND_OPAQUE, loc);
    c->a = go_uses_of(cx, n);
    return c;
  }
  TSNode s = go_strip(cx, n);
  IrCond *c;
  if (go_is(cx, s, GO_K_UNARY_EXPRESSION) && str_eq_cstr(ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src), "!")) {
    c = go_cond_new(cx, IR_COND_NOT, loc);
    c->lhs = cond_tree(cx, go_field(cx, s, GO_F_OPERAND));
  } else if (go_is(cx, s, GO_K_BINARY_EXPRESSION)) {
    c = cond_binary(cx, s, loc);
  } else {
    c = go_cond_new(cx, IR_COND_TRUTHY, loc);
    c->a = go_lower_expr(cx, s);
  }
  go_leave(cx);
  return c;
}

static bool lower_cond_structured(GoCtx *cx, TSNode s, uint32_t t, uint32_t e) {
  IrbFunc *f = cx->fn->f;
  if (go_is(cx, s, GO_K_UNARY_EXPRESSION) && str_eq_cstr(ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src), "!")) {
    go_lower_cond(cx, go_field(cx, s, GO_F_OPERAND), e, t);
    return true;
  }
  if (!go_is(cx, s, GO_K_BINARY_EXPRESSION)) return false;
  Str op = ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src);
  bool is_and = str_eq_cstr(op, "&&");
  if (!is_and && !str_eq_cstr(op, "||")) return false;
  uint32_t mid = irb_block_new(f, is_and ? "cond.and" : "cond.or");
  go_lower_cond(cx, go_field(cx, s, GO_F_LEFT), is_and ? mid : t, is_and ? e : mid);
  irb_set_cur(f, mid);
  go_lower_cond(cx, go_field(cx, s, GO_F_RIGHT), t, e);
  return true;
}

void go_lower_cond(GoCtx *cx, TSNode n, uint32_t t, uint32_t e) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  if (!go_enter(cx, n)) {
    IrCond *c = go_cond_new(cx, IR_COND_OPAQUE, loc);
    c->a = go_uses_of(cx, n);
    irb_branch(f, c, t, e, loc);
    return;
  }
  TSNode s = go_strip(cx, n);
  if (!go_has_effects(cx, s) || !lower_cond_structured(cx, s, t, e)) {
    IrCond *c = cond_tree(cx, s);
    irb_branch(f, c, t, e, ts_loc(s));
  }
  go_leave(cx);
}
