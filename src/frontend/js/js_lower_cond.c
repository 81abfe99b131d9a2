/* js_lower_cond: branch conditions. A condition without effects becomes one
** IR_T_BRANCH with a condition tree; `&&`, `||`, `??`, `!` and `?:` whose
** operands have effects (calls, await, assignments) are lowered as separate
** branches so each call only runs on the paths where it really runs. */
#include <string.h>

#include "frontend/js/js_lower.h"

static IrCond *cond_tree(JsCtx *cx, TSNode n);

/* `a ?? b` as a condition: (a != null && a) || (a == null && b). */
static IrCond *cond_nullish(JsCtx *cx, TSNode n, SrcLoc loc) {
  IrValue a = js_lower_expr(cx, js_field(cx, n, JS_F_LEFT));
  IrValue nul = irv_kind(IR_V_NULL, "null", loc);
  IrCond *left = lower_cond_bin(cx->a, IR_COND_AND, lower_cond_cmp(cx->a, IR_COND_NE, a, nul, loc), lower_cond_truthy(cx->a, a, loc), loc);
  IrCond *right =
      lower_cond_bin(cx->a, IR_COND_AND, lower_cond_cmp(cx->a, IR_COND_EQ, a, nul, loc), cond_tree(cx, js_field(cx, n, JS_F_RIGHT)), loc);
  return lower_cond_bin(cx->a, IR_COND_OR, left, right, loc);
}

static IrCond *cond_binary(JsCtx *cx, TSNode n, SrcLoc loc) {
  const char *op = js_text(cx, js_field(cx, n, JS_F_OPERATOR));
  if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
    IrCond *l = cond_tree(cx, js_field(cx, n, JS_F_LEFT));
    IrCond *r = cond_tree(cx, js_field(cx, n, JS_F_RIGHT));
    return lower_cond_bin(cx->a, op[0] == '&' ? IR_COND_AND : IR_COND_OR, l, r, loc);
  }
  if (strcmp(op, "??") == 0) return cond_nullish(cx, n, loc);
  IrCondKind k = lower_cmp_kind(str_from(op));
  IrValue a = js_lower_expr(cx, js_field(cx, n, JS_F_LEFT));
  IrValue b = js_lower_expr(cx, js_field(cx, n, JS_F_RIGHT));
  if (k == IR_COND_OPAQUE) {
    if (strcmp(op, "instanceof") == 0 || strcmp(op, "in") == 0) {
      IrCond *c = js_cond_new(cx, IR_COND_OPAQUE, loc);
      c->a = a;
      return c;
    }
    IrValue parts[2] = {a, b};
    return lower_cond_truthy(cx->a, js_other(cx, parts, 2, loc), loc);
  }
  return lower_cond_cmp(cx->a, k, a, b, loc);
}

/* Builds the tree for n, evaluating operands with effects into temporaries
** first (left to right). */
static IrCond *cond_tree(JsCtx *cx, TSNode n) {
  SrcLoc loc = ts_loc(n);
  if (!js_enter(cx, n)) {
    return lower_cond_opaque(cx->a, js_uses_of(cx, n), loc);
  }
  TSNode s = js_strip(cx, n);
  IrCond *c;
  if (js_is(cx, s, JS_K_UNARY_EXPRESSION) && ts_has_token(s, "!")) {
    c = js_cond_new(cx, IR_COND_NOT, loc);
    c->lhs = cond_tree(cx, js_field(cx, s, JS_F_ARGUMENT));
  } else if (js_is(cx, s, JS_K_BINARY_EXPRESSION)) {
    c = cond_binary(cx, s, loc);
  } else {
    c = lower_cond_truthy(cx->a, js_lower_expr(cx, s), loc);
  }
  js_leave(cx);
  return c;
}

static void branch_new_block(JsCtx *cx, const char *kind, uint32_t *out) { *out = irb_block_new(cx->fn->f, kind); }

/* `a ?? b` with effects in b: b only runs when a is null or undefined. */
static void cond_nullish_blocks(JsCtx *cx, TSNode s, uint32_t t, uint32_t e) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(s);
  IrValue a = js_lower_expr(cx, js_field(cx, s, JS_F_LEFT));
  uint32_t is_null, not_null;
  branch_new_block(cx, "cond.nullish", &is_null);
  branch_new_block(cx, "cond.nonnull", &not_null);
  irb_branch(f, lower_cond_cmp(cx->a, IR_COND_EQ, a, irv_kind(IR_V_NULL, "null", loc), loc), is_null, not_null, loc);
  irb_set_cur(f, not_null);
  irb_branch(f, lower_cond_truthy(cx->a, a, loc), t, e, loc);
  irb_set_cur(f, is_null);
  js_lower_cond(cx, js_field(cx, s, JS_F_RIGHT), t, e);
}

static void lower_cond_cb(void *cx, TSNode n, uint32_t t, uint32_t e) { js_lower_cond(cx, n, t, e); }

static bool lower_cond_structured(JsCtx *cx, TSNode s, uint32_t t, uint32_t e) {
  IrbFunc *f = cx->fn->f;
  if (js_is(cx, s, JS_K_UNARY_EXPRESSION) && ts_has_token(s, "!")) {
    js_lower_cond(cx, js_field(cx, s, JS_F_ARGUMENT), e, t);
    return true;
  }
  if (js_is(cx, s, JS_K_TERNARY_EXPRESSION)) {
    uint32_t tb = irb_block_new(f, "cond.then"), eb = irb_block_new(f, "cond.else");
    js_lower_cond(cx, js_field(cx, s, JS_F_CONDITION), tb, eb);
    irb_set_cur(f, tb);
    js_lower_cond(cx, js_field(cx, s, JS_F_CONSEQUENCE), t, e);
    irb_set_cur(f, eb);
    js_lower_cond(cx, js_field(cx, s, JS_F_ALTERNATIVE), t, e);
    return true;
  }
  if (!js_is(cx, s, JS_K_BINARY_EXPRESSION)) return false;
  const char *op = js_text(cx, js_field(cx, s, JS_F_OPERATOR));
  if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
    lower_cond_short_circuit(f, op[0] == '&', lower_cond_cb, cx, js_field(cx, s, JS_F_LEFT),
                             js_field(cx, s, JS_F_RIGHT), t, e);
    return true;
  }
  if (strcmp(op, "??") == 0) {
    cond_nullish_blocks(cx, s, t, e);
    return true;
  }
  return false;
}

void js_lower_cond(JsCtx *cx, TSNode n, uint32_t t, uint32_t e) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  if (!js_enter(cx, n)) {
    irb_branch(f, lower_cond_opaque(cx->a, js_uses_of(cx, n), loc), t, e, loc);
    return;
  }
  TSNode s = js_strip(cx, n);
  if (!js_has_effects(cx, s) || !lower_cond_structured(cx, s, t, e)) {
    IrCond *c = cond_tree(cx, s);
    irb_branch(f, c, t, e, ts_loc(s));
  }
  js_leave(cx);
}
