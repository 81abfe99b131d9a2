/* go_lower_expr: expressions to values: access paths (selectors, index
** expressions as "[]"), calls (multi-value results, method values, function
** literal callees), literals, composite literals, address-of, receives and
** the short-circuit value forms. */
#include <string.h>

#include "frontend/go/go_lower.h"

enum { GO_MAX_FIELDS = 3 };

/* Section - Access paths */

const char *go_path_text(GoCtx *cx, TSNode n, int max_fields) {
  Str segs[LOWER_MAX_SEGS];
  int nseg = 0;
  Str root = {0};
  for (TSNode cur = go_strip(cx, n);; cur = go_strip(cx, cur)) {
    if (go_is(cx, cur, GO_K_SELECTOR_EXPRESSION) || go_is(cx, cur, GO_K_INDEX_EXPRESSION)) {
      if (nseg >= max_fields || nseg >= LOWER_MAX_SEGS) return NULL;
      segs[nseg] = go_is(cx, cur, GO_K_INDEX_EXPRESSION) ? STR_LIT("[]") : ts_text(go_field(cx, cur, GO_F_FIELD), cx->src);
      if (segs[nseg++].len == 0) return NULL; /* a MISSING field after error recovery */
      cur = go_field(cx, cur, GO_F_OPERAND);
    } else if (go_is(cx, cur, GO_K_IDENTIFIER)) {
      root = ts_text(cur, cx->src);
      break;
    } else {
      return NULL;
    }
  }
  if (root.len == 0 || (root.len == 1 && root.ptr[0] == '_')) return NULL;
  return lower_path_join(cx->a, root, segs, nseg);
}

static const char *path_ref(GoCtx *cx, TSNode n, int max_fields) {
  const char *p = go_path_text(cx, n, max_fields);
  if (p) lower_note_path_root(cx->b, cx->fn->f, p);
  return p;
}

/* Lowers the index expressions inside a path for their effects (`m[f()]`). */
static void lower_path_indexes(GoCtx *cx, TSNode n) {
  for (int guard = 0; guard < 8; guard++) {
    n = go_strip(cx, n);
    if (go_is(cx, n, GO_K_INDEX_EXPRESSION)) {
      TSNode idx = go_field(cx, n, GO_F_INDEX);
      if (go_has_effects(cx, idx)) go_lower_expr(cx, idx);
    } else if (!go_is(cx, n, GO_K_SELECTOR_EXPRESSION)) {
      return;
    }
    n = go_field(cx, n, GO_F_OPERAND);
  }
}

IrValue go_dest(GoCtx *cx, TSNode n, bool *ok) {
  TSNode s = go_strip(cx, n);
  *ok = true;
  if (go_is(cx, s, GO_K_IDENTIFIER) && str_eq_cstr(ts_text(s, cx->src), "_")) return irv_none();
  const char *p = path_ref(cx, s, GO_MAX_FIELDS);
  if (!p) {
    *ok = false;
    return irv_none();
  }
  lower_path_indexes(cx, s);
  return irv_path(p, ts_loc(s));
}

IrValue go_path_extend(GoCtx *cx, IrValue base, const char *field, SrcLoc loc) {
  return lower_path_extend(cx->a, base, field, GO_MAX_FIELDS, loc);
}

/* Section - Compound values */

typedef struct UsesScan {
  GoCtx *cx;
  LowerUses set;
  bool in_error; /* scanning an ERROR node, where `rows.Close(` parses as a qualified type */
} UsesScan;

static bool uses_visit(void *ud, TSNode n) {
  UsesScan *s = ud;
  GoCtx *cx = s->cx;
  uint16_t code = go_kind_code(cx, n);
  GoKind k = (GoKind)(code & GO_KIND_MASK);
  if (s->in_error && k == GO_K_QUALIFIED_TYPE) {
    const char *pkg = go_name(cx, go_field(cx, n, GO_F_PACKAGE)), *name = go_name(cx, go_field(cx, n, GO_F_NAME));
    if (pkg && name) lower_uses_add(&s->set, arena_printf(cx->a, "%s.%s", pkg, name), ts_loc(n));
    return false;
  }
  if (code & GO_KF_TYPE_SYNTAX) return false;
  if (k == GO_K_SELECTOR_EXPRESSION || k == GO_K_INDEX_EXPRESSION) {
    const char *p = go_path_text(cx, n, GO_MAX_FIELDS);
    if (p) {
      lower_uses_add(&s->set, p, ts_loc(n));
      return false;
    }
    return true;
  }
  if (k == GO_K_IDENTIFIER) {
    Str txt = ts_text(n, cx->src);
    if (txt.len > 0 && !str_eq_cstr(txt, "_")) lower_uses_add(&s->set, arena_strndup(cx->a, txt.ptr, txt.len), ts_loc(n));
  }
  return true;
}

IrValue go_uses_of(GoCtx *cx, TSNode n) {
  UsesScan *s = arena_alloc(cx->a, sizeof *s);
  s->cx = cx;
  s->set.n = 0;
  s->in_error = ts_ok(n) && ts_node_is_error(n);
  if (ts_ok(n)) ts_walk(n, uses_visit, s);
  return lower_uses_value(&s->set, cx->a, ts_loc(n));
}

/* Section - Calls */

/* `s.conn().Close`: the operand is evaluated into a temporary first. */
static void lower_selector_callee(GoCtx *cx, TSNode fn, IrCall *c) {
  SrcLoc loc = ts_loc(fn);
  const char *path = path_ref(cx, fn, GO_MAX_FIELDS + 1);
  if (path) {
    lower_path_indexes(cx, fn);
    lower_call_set_callee_path(cx->a, c, path, loc);
    return;
  }
  IrValue base = go_lower_expr(cx, go_field(cx, fn, GO_F_OPERAND));
  const char *name = go_is(cx, fn, GO_K_INDEX_EXPRESSION) ? "[]" : go_name(cx, go_field(cx, fn, GO_F_FIELD));
  if (!name) name = "?";
  if (go_is(cx, fn, GO_K_INDEX_EXPRESSION)) go_lower_expr(cx, go_field(cx, fn, GO_F_INDEX));
  if (base.kind != IR_V_PATH) {
    IrValue tmp = irv_path(irb_temp(cx->fn->f), loc);
    irb_emit_assign(cx->fn->f, tmp, base, 0, loc);
    base = tmp;
  }
  if (lower_path_fields(base.text) < GO_MAX_FIELDS + 1) lower_call_set_callee_path(cx->a, c, arena_printf(cx->a, "%s.%s", base.text, name), loc);
  else c->callee_value = go_other(cx, &base, 1, loc);
}

/* The function named by an explicit instantiation `F[int, string]` or
** `pkg.F[T]` ("F", "pkg.F"), or NULL; owned by the arena. */
static const char *generic_func_name(GoCtx *cx, TSNode n) {
  TSNode t = go_field(cx, n, GO_F_TYPE);
  if (go_is(cx, t, GO_K_TYPE_IDENTIFIER)) return go_name(cx, t);
  const char *pkg = go_name(cx, go_field(cx, t, GO_F_PACKAGE)), *name = go_name(cx, go_field(cx, t, GO_F_NAME));
  if (go_is(cx, t, GO_K_QUALIFIED_TYPE) && pkg && name) return arena_printf(cx->a, "%s.%s", pkg, name);
  return NULL;
}

static void lower_callee(GoCtx *cx, TSNode fn, IrCall *c) {
  fn = go_strip(cx, fn);
  SrcLoc loc = ts_loc(fn);
  if (go_is(cx, fn, GO_K_SELECTOR_EXPRESSION) || go_is(cx, fn, GO_K_INDEX_EXPRESSION)) {
    lower_selector_callee(cx, fn, c);
  } else if (go_is(cx, fn, GO_K_IDENTIFIER) && go_name(cx, fn)) {
    const char *name = go_name(cx, fn);
    go_note_ref(cx, name);
    lower_call_set_callee_path(cx->a, c, name, loc);
  } else if (go_is(cx, fn, GO_K_TYPE_INSTANTIATION_EXPRESSION) && generic_func_name(cx, fn)) {
    lower_call_set_callee_path(cx->a, c, generic_func_name(cx, fn), loc);
  } else if (go_is(cx, fn, GO_K_FUNC_LITERAL)) {
    int32_t idx = go_lower_func_literal(cx, fn, NULL);
    c->callee_value = idx >= 0 ? irv_func(idx, loc) : go_uses_of(cx, fn);
  } else {
    IrValue v = go_lower_expr(cx, fn);
    if (v.kind == IR_V_PATH) lower_call_set_callee_path(cx->a, c, v.text, loc);
    else c->callee_value = v.kind == IR_V_NONE || v.kind == IR_V_NULL ? irv_kind(IR_V_OTHER, NULL, loc) : v;
  }
}

/* Type nodes appear as arguments of make/new and generic calls; they carry no value. */
static bool is_type_node(GoCtx *cx, TSNode n) { return go_has_flag(cx, n, GO_KF_TYPE_NODE); }

static void lower_args(GoCtx *cx, TSNode args, IrCall *c) {
  uint32_t n = ts_ok(args) ? ts_node_named_child_count(args) : 0;
  IrValue *vals = ARENA_NEW_ARRAY(cx->a, IrValue, n ? n : 1);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    TSNode a = ts_node_named_child(args, i);
    if (go_is(cx, a, GO_K_COMMENT) || is_type_node(cx, a)) continue;
    if (go_is(cx, a, GO_K_VARIADIC_ARGUMENT)) {
      vals[k] = go_lower_expr(cx, ts_node_named_child(a, 0));
      vals[k++].flags |= IR_VF_SPREAD;
      continue;
    }
    vals[k++] = go_lower_expr(cx, a);
  }
  c->args = k ? vals : NULL;
  c->n_args = k;
}

void go_lower_call_payload(GoCtx *cx, TSNode n, IrCall *c) {
  c->recv = irv_none();
  c->callee_value = irv_none();
  lower_callee(cx, go_field(cx, n, GO_F_FUNCTION), c);
  lower_args(cx, go_field(cx, n, GO_F_ARGUMENTS), c);
}

void go_lower_call_into(GoCtx *cx, TSNode n, const IrValue *dsts, uint32_t n_dsts) {
  if (go_try_panic(cx, n)) return;
  IrInstr in = {.kind = IR_CALL, .loc = ts_loc(n)};
  IrCall *c = &in.u.call;
  go_lower_call_payload(cx, n, c);
  c->results = irv_copy(cx->a, dsts, n_dsts);
  c->n_results = n_dsts;
  GoCallExit ex = go_call_exit(cx, c);
  if (ex == GO_EXIT_NORETURN) c->flags |= IR_CALL_NORETURN;
  irb_emit(cx->fn->f, &in);
  if (ex == GO_EXIT_NORETURN) {
    irb_unreachable(cx->fn->f, in.loc);
  } else if (ex == GO_EXIT_PANIC) {
    /* log.Panic* logs, then panics with the message built from its arguments. */
    IrValue v = go_other(cx, c->args, c->n_args, in.loc);
    irb_throw(cx->fn->f, &v, in.loc);
  }
}

static IrValue lower_call_value(GoCtx *cx, TSNode n) {
  IrValue tmp = irv_path(irb_temp(cx->fn->f), ts_loc(n));
  go_lower_call_into(cx, n, &tmp, 1);
  return tmp;
}

void go_lower_into(GoCtx *cx, TSNode n, IrValue dst, uint16_t flags, SrcLoc loc) {
  TSNode s = go_strip(cx, n);
  if (go_is(cx, s, GO_K_CALL_EXPRESSION)) {
    cx->name_hint = NULL;
    if (!go_enter(cx, s)) {
      if (dst.kind == IR_V_PATH) irb_emit_assign(cx->fn->f, dst, go_uses_of(cx, s), flags, loc);
      return;
    }
    go_lower_call_into(cx, s, &dst, 1);
    go_leave(cx);
    return;
  }
  IrValue v = go_lower_expr(cx, n);
  if (dst.kind == IR_V_PATH) irb_emit_assign(cx->fn->f, dst, v, flags, loc);
}

/* Section - Literals */

static IrValue lower_literal_value(GoCtx *cx, TSNode body, bool keys_are_values);

/* A literal_element wraps an expression or a nested literal_value. */
static IrValue lower_element(GoCtx *cx, TSNode e, bool keys_are_values) {
  TSNode inner = go_is(cx, e, GO_K_LITERAL_ELEMENT) ? ts_node_named_child(e, 0) : e;
  if (go_is(cx, inner, GO_K_LITERAL_VALUE)) return lower_literal_value(cx, inner, keys_are_values);
  return go_lower_expr(cx, inner);
}

/* The field name of a struct literal's keyed element (`InsecureSkipVerify:
** true`), or NULL when the key is not a plain identifier. */
static const char *struct_field_key(GoCtx *cx, TSNode e) {
  TSNode key = go_field(cx, e, GO_F_KEY);
  if (go_is(cx, key, GO_K_LITERAL_ELEMENT)) key = ts_node_named_child(key, 0);
  if (!ts_ok(key) || (!go_is(cx, key, GO_K_IDENTIFIER) && !go_is(cx, key, GO_K_FIELD_IDENTIFIER))) return NULL;
  return go_text(cx, key);
}

/* The key of a keyed element as obj records it: a struct field's name, a
** map's string key, else NULL. */
static const char *element_key(GoCtx *cx, TSNode key, const IrValue *lowered) {
  if (lowered) return lowered->kind == IR_V_STRING ? lowered->text : NULL;
  TSNode inner = go_is(cx, key, GO_K_LITERAL_ELEMENT) ? ts_node_named_child(key, 0) : key;
  return go_is(cx, inner, GO_K_IDENTIFIER) || go_is(cx, inner, GO_K_FIELD_IDENTIFIER) ? go_text(cx, inner) : NULL;
}

/* The values a composite literal holds. Keys of struct literals are field
** names, not values; map keys are values. */
static IrValue lower_literal_value(GoCtx *cx, TSNode body, bool keys_are_values) {
  uint32_t cnt = ts_ok(body) ? ts_node_named_child_count(body) : 0, k = 0, nm = 0;
  IrValue *parts = ARENA_NEW_ARRAY(cx->a, IrValue, cnt * 2 + 1);
  IrValue *members = ARENA_NEW_ARRAY(cx->a, IrValue, cnt + 1); /* the literal as written (IrObject) */
  if (!go_enter(cx, body)) return go_uses_of(cx, body);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode e = ts_node_named_child(body, i);
    if (go_is(cx, e, GO_K_KEYED_ELEMENT)) {
      TSNode key = go_field(cx, e, GO_F_KEY);
      if (keys_are_values) parts[k++] = lower_element(cx, key, keys_are_values);
      parts[k] = lower_element(cx, go_field(cx, e, GO_F_VALUE), keys_are_values);
      /* A struct field set to a boolean constant keeps the field's name
      ** (`tls.Config{InsecureSkipVerify: true}`); other values stay unkeyed. */
      if (!keys_are_values && parts[k].kind == IR_V_BOOL) parts[k].key = struct_field_key(cx, e);
      members[nm] = parts[k];
      members[nm++].key = element_key(cx, key, keys_are_values ? &parts[k - 1] : NULL);
      k++;
    } else if (go_is(cx, e, GO_K_LITERAL_ELEMENT)) {
      parts[k] = lower_element(cx, e, keys_are_values);
      members[nm] = parts[k++];
      members[nm++].key = NULL;
    }
  }
  go_leave(cx);
  IrValue out = go_other(cx, parts, k, ts_loc(body));
  IrObject *obj = ARENA_NEW(cx->a, IrObject);
  obj->members = members;
  obj->n_members = nm;
  out.obj = obj;
  return out;
}

static IrValue lower_composite(GoCtx *cx, TSNode n) {
  TSNode type = go_field(cx, n, GO_F_TYPE);
  bool is_map = go_is(cx, type, GO_K_MAP_TYPE);
  IrValue v = lower_literal_value(cx, go_field(cx, n, GO_F_BODY), is_map);
  v.loc = ts_loc(n);
  if (v.obj && ts_ok(type)) ((IrObject *)v.obj)->type = go_text(cx, type);
  return v;
}

static IrValue lower_basic_literal(GoCtx *cx, TSNode n, GoKind k, bool *handled) {
  SrcLoc loc = ts_loc(n);
  *handled = true;
  switch (k) {
  case GO_K_INTERPRETED_STRING_LITERAL:
  case GO_K_RAW_STRING_LITERAL: return irv_kind(IR_V_STRING, go_string_value(cx, n), loc);
  case GO_K_INT_LITERAL:
  case GO_K_FLOAT_LITERAL:
  case GO_K_IMAGINARY_LITERAL:
  case GO_K_RUNE_LITERAL:
  case GO_K_IOTA: return irv_kind(IR_V_NUMBER, go_text(cx, n), loc);
  case GO_K_TRUE:
  case GO_K_FALSE: return irv_kind(IR_V_BOOL, go_text(cx, n), loc);
  case GO_K_NIL: return irv_kind(IR_V_NULL, "nil", loc);
  default: break;
  }
  *handled = false;
  return irv_none();
}

/* Section - Operators */

/* `a && f()` / `a || f()` as a value: the right side only runs on one edge. */
static IrValue lower_short_circuit(GoCtx *cx, TSNode n, bool is_and) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  IrValue tmp = irv_path(irb_temp(f), loc);
  go_lower_into(cx, go_field(cx, n, GO_F_LEFT), tmp, 0, loc);
  uint32_t rhs = irb_block_new(f, is_and ? "and.rhs" : "or.rhs");
  uint32_t join = irb_block_new(f, is_and ? "and.end" : "or.end");
  IrCond *c = go_cond_new(cx, IR_COND_TRUTHY, loc);
  c->a = tmp;
  if (is_and) irb_branch(f, c, rhs, join, loc);
  else irb_branch(f, c, join, rhs, loc);
  irb_set_cur(f, rhs);
  go_lower_into(cx, go_field(cx, n, GO_F_RIGHT), tmp, 0, loc);
  irb_jump(f, join, loc);
  irb_set_cur(f, join);
  return tmp;
}

/* An integer literal, or one negated (`-3`), as a number whose text is the
** literal with a `-` added when negate says so (a subtracted step). */
static bool step_constant(GoCtx *cx, TSNode k, bool negate, IrValue *out) {
  k = go_strip(cx, k);
  if (go_is(cx, k, GO_K_UNARY_EXPRESSION) && str_eq_cstr(ts_text(go_field(cx, k, GO_F_OPERATOR), cx->src), "-")) {
    k = go_strip(cx, go_field(cx, k, GO_F_OPERAND));
    negate = !negate;
  }
  if (!go_is(cx, k, GO_K_INT_LITERAL)) return false;
  const char *lit = go_text(cx, k);
  *out = irv_kind(IR_V_NUMBER, negate ? arena_printf(cx->a, "-%s", lit) : lit, ts_loc(k));
  return true;
}

IrValue go_step(GoCtx *cx, IrValue x, IrValue step, SrcLoc loc) {
  IrValue subs[2] = {x, step};
  IrValue out = irv_kind(IR_V_OTHER, NULL, loc);
  out.flags |= IR_VF_STEP;
  out.subs = irv_copy(cx->a, subs, 2);
  out.n_subs = 2;
  return out;
}

bool go_step_value(GoCtx *cx, IrValue x, TSNode k, bool negate, SrcLoc loc, IrValue *out) {
  IrValue step;
  if (x.kind != IR_V_PATH || !step_constant(cx, k, negate, &step)) return false;
  *out = go_step(cx, x, step, loc);
  return true;
}

static IrValue lower_binary(GoCtx *cx, TSNode n) {
  Str op = ts_text(go_field(cx, n, GO_F_OPERATOR), cx->src);
  bool is_and = str_eq_cstr(op, "&&"), is_or = str_eq_cstr(op, "||");
  if ((is_and || is_or) && go_has_effects(cx, go_field(cx, n, GO_F_RIGHT))) return lower_short_circuit(cx, n, is_and);
  IrValue parts[2] = {go_lower_expr(cx, go_field(cx, n, GO_F_LEFT)), go_lower_expr(cx, go_field(cx, n, GO_F_RIGHT))};
  bool plus = str_eq_cstr(op, "+"), minus = str_eq_cstr(op, "-");
  IrValue step;
  if ((plus || minus) && go_step_value(cx, parts[0], go_field(cx, n, GO_F_RIGHT), minus, ts_loc(n), &step)) return step;
  if (plus && go_step_value(cx, parts[1], go_field(cx, n, GO_F_LEFT), false, ts_loc(n), &step)) return step;
  IrCondKind k = lower_cmp_kind(op);
  if ((k == IR_COND_EQ || k == IR_COND_NE) && (parts[0].kind == IR_V_STRING || parts[1].kind == IR_V_STRING))
    irb_add_compare(cx->b, (IrCompare){ts_loc(n), lower_cond_cmp(cx->a, k, parts[0], parts[1], ts_loc(n))});
  IrValue out = go_other(cx, parts, 2, ts_loc(n));
  bool arith = minus || str_eq_cstr(op, "*") || str_eq_cstr(op, "/") || str_eq_cstr(op, "%") ||
               (plus && parts[0].kind != IR_V_STRING && parts[1].kind != IR_V_STRING);
  if (arith) out.flags |= IR_VF_ARITH; /* `a + b`: a number computed, not a copy */
  return out;
}

/* `&x` and `&T{…}` mention their operand (Go's address-of makes a pointer
** that aliases x; it is not a C out-parameter); `*p`, `-x`, `!x`, `<-ch`
** likewise produce a value derived from the operand. */
static IrValue lower_unary(GoCtx *cx, TSNode n) {
  TSNode operand = go_strip(cx, go_field(cx, n, GO_F_OPERAND));
  if ((go_is(cx, operand, GO_K_INT_LITERAL) || go_is(cx, operand, GO_K_FLOAT_LITERAL)) &&
      (ts_has_token(n, "-") || ts_has_token(n, "+")))
    return irv_kind(IR_V_NUMBER, go_text(cx, n), ts_loc(n));
  IrValue v = go_lower_expr(cx, go_field(cx, n, GO_F_OPERAND));
  IrValue out = go_other(cx, &v, 1, ts_loc(n));
  if (ts_has_token(n, "&") && (v.kind == IR_V_PATH || v.obj)) { /* `&u`, `&User{…}` */
    out.flags |= IR_VF_ADDR_OF;
    out.obj = v.obj;
  }
  return out;
}

/* Section - Dispatch */

static IrValue lower_path_expr(GoCtx *cx, TSNode n) {
  const char *path = path_ref(cx, n, GO_MAX_FIELDS);
  if (path) {
    lower_path_indexes(cx, n);
    return irv_path(path, ts_loc(n));
  }
  if (go_is(cx, n, GO_K_IDENTIFIER)) return irv_kind(IR_V_OTHER, NULL, ts_loc(n)); /* `_` */
  IrValue base = go_lower_expr(cx, go_field(cx, n, GO_F_OPERAND));
  if (go_is(cx, n, GO_K_INDEX_EXPRESSION)) {
    go_lower_expr(cx, go_field(cx, n, GO_F_INDEX));
    return go_path_extend(cx, base, "[]", ts_loc(n));
  }
  const char *field = go_name(cx, go_field(cx, n, GO_F_FIELD));
  return field ? go_path_extend(cx, base, field, ts_loc(n)) : go_other(cx, &base, 1, ts_loc(n));
}

/* The operands of a conversion or slice expression, for its value. */
static IrValue lower_operands(GoCtx *cx, TSNode n) {
  static const GoField fields[] = {GO_F_OPERAND, GO_F_START, GO_F_END, GO_F_CAPACITY};
  IrValue parts[4];
  uint32_t k = 0;
  for (size_t i = 0; i < 4; i++) {
    TSNode f = go_field(cx, n, fields[i]);
    if (ts_ok(f)) parts[k++] = go_lower_expr(cx, f);
  }
  return go_other(cx, parts, k, ts_loc(n));
}

static IrValue lower_expr_kind(GoCtx *cx, TSNode n, const char *hint) {
  GoKind k = go_kind(cx, n);
  bool handled;
  IrValue lit = lower_basic_literal(cx, n, k, &handled);
  if (handled) return lit;
  switch (k) {
  case GO_K_IDENTIFIER:
  case GO_K_SELECTOR_EXPRESSION:
  case GO_K_INDEX_EXPRESSION: return lower_path_expr(cx, n);
  case GO_K_CALL_EXPRESSION: return lower_call_value(cx, n);
  case GO_K_FUNC_LITERAL: {
    int32_t idx = go_lower_func_literal(cx, n, hint);
    return idx >= 0 ? irv_func(idx, ts_loc(n)) : go_uses_of(cx, n);
  }
  case GO_K_COMPOSITE_LITERAL: return lower_composite(cx, n);
  case GO_K_LITERAL_VALUE: return lower_literal_value(cx, n, false);
  case GO_K_UNARY_EXPRESSION: return lower_unary(cx, n);
  case GO_K_BINARY_EXPRESSION: return lower_binary(cx, n);
  /* x.(T) is the same object seen through another type. */
  case GO_K_TYPE_ASSERTION_EXPRESSION: return go_lower_expr(cx, go_field(cx, n, GO_F_OPERAND));
  case GO_K_TYPE_CONVERSION_EXPRESSION:
  case GO_K_SLICE_EXPRESSION: return lower_operands(cx, n);
  case GO_K_TYPE_INSTANTIATION_EXPRESSION: {
    const char *name = generic_func_name(cx, n);
    return name ? irv_path(name, ts_loc(n)) : irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  }
  default: break;
  }
  if (is_type_node(cx, n)) return irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  return go_uses_of(cx, n); /* ERROR and MISSING nodes */
}

IrValue go_lower_expr(GoCtx *cx, TSNode n) {
  const char *hint = cx->name_hint;
  cx->name_hint = NULL;
  if (!ts_ok(n)) return irv_none();
  if (!go_enter(cx, n)) return go_uses_of(cx, n);
  IrValue v = lower_expr_kind(cx, go_strip(cx, n), hint);
  go_leave(cx);
  return v;
}

void go_lower_discard(GoCtx *cx, TSNode n) {
  TSNode s = go_strip(cx, n);
  cx->name_hint = NULL;
  if (!go_enter(cx, s)) {
    go_emit_opaque(cx, s, NULL);
    return;
  }
  if (go_is(cx, s, GO_K_CALL_EXPRESSION)) go_lower_call_into(cx, s, NULL, 0);
  else go_lower_expr(cx, s);
  go_leave(cx);
}
