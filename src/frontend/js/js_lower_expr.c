/* js_lower_expr: expressions to values: access paths, calls (await, new,
** optional), literals, templates, object/array literals, assignments,
** destructuring, and the short-circuit / conditional value forms. */
#include <string.h>

#include "frontend/js/js_lower.h"

enum { JS_MAX_FIELDS = 3 };

/* Section - Access paths */

const char *js_path_text(JsCtx *cx, TSNode n, int max_fields) {
  Str segs[LOWER_MAX_SEGS];
  int nseg = 0;
  Str root = {0};
  for (TSNode cur = js_strip(cx, n);; cur = js_strip(cx, cur)) {
    if (js_is(cx, cur, JS_K_MEMBER_EXPRESSION) || js_is(cx, cur, JS_K_SUBSCRIPT_EXPRESSION)) {
      if (nseg >= max_fields || nseg >= LOWER_MAX_SEGS) return NULL;
      segs[nseg++] = js_is(cx, cur, JS_K_SUBSCRIPT_EXPRESSION) ? STR_LIT("[]")
                                                                : ts_text(js_field(cx, cur, JS_F_PROPERTY), cx->src);
      cur = js_field(cx, cur, JS_F_OBJECT);
    } else if (js_is(cx, cur, JS_K_IDENTIFIER) || js_is(cx, cur, JS_K_THIS) || js_is(cx, cur, JS_K_SUPER) ||
               js_is(cx, cur, JS_K_SHORTHAND_PROPERTY_IDENTIFIER)) {
      root = ts_text(cur, cx->src);
      if (!root.len) return NULL; /* a MISSING identifier (error recovery) names nothing */
      break;
    } else {
      return NULL;
    }
  }
  return lower_path_join(cx->a, root, segs, nseg);
}

static const char *path_ref(JsCtx *cx, TSNode n, int max_fields) {
  const char *p = js_path_text(cx, n, max_fields);
  if (p) lower_note_path_root(cx->b, cx->fn->f, p);
  return p;
}

IrValue js_path_extend(JsCtx *cx, IrValue base, const char *field, SrcLoc loc) {
  return lower_path_extend(cx->a, base, field, JS_MAX_FIELDS, loc);
}

/* Section - Compound values */

typedef struct UsesScan {
  JsCtx *cx;
  LowerUses set;
} UsesScan;

static bool uses_visit(void *ud, TSNode n) {
  UsesScan *s = ud;
  uint16_t code = js_kind_code(s->cx, n);
  JsKind k = (JsKind)(code & JS_KIND_MASK);
  if ((code & JS_KF_TYPEISH) && k != JS_K_TYPE_ASSERTION) return false;
  if (k == JS_K_MEMBER_EXPRESSION || k == JS_K_SUBSCRIPT_EXPRESSION) {
    const char *p = js_path_text(s->cx, n, JS_MAX_FIELDS);
    if (p) {
      lower_uses_add(&s->set, p, ts_loc(n));
      return false;
    }
    return true;
  }
  if (k == JS_K_IDENTIFIER || k == JS_K_THIS || k == JS_K_SHORTHAND_PROPERTY_IDENTIFIER) {
    Str txt = ts_text(n, s->cx->src);
    if (!str_eq_cstr(txt, "undefined")) lower_uses_add(&s->set, arena_strndup(s->cx->a, txt.ptr, txt.len), ts_loc(n));
  }
  return true;
}

IrValue js_uses_of(JsCtx *cx, TSNode n) {
  UsesScan *s = arena_alloc(cx->a, sizeof *s);
  s->cx = cx;
  s->set.n = 0;
  ts_walk(n, uses_visit, s);
  return lower_uses_value(&s->set, cx->a, ts_loc(n));
}

/* Section - Calls */

static bool is_call_node(JsCtx *cx, TSNode n) {
  JsKind k = js_kind(cx, n);
  return k == JS_K_CALL_EXPRESSION || k == JS_K_NEW_EXPRESSION;
}

static void lower_member_callee(JsCtx *cx, TSNode fn, IrCall *c) {
  SrcLoc loc = ts_loc(fn);
  const char *path = path_ref(cx, fn, JS_MAX_FIELDS + 1);
  if (path) {
    lower_call_set_callee_path(cx->a, c, path, loc);
    return;
  }
  IrValue base = js_lower_expr(cx, js_field(cx, fn, JS_F_OBJECT));
  const char *name = "[]";
  if (js_is(cx, fn, JS_K_SUBSCRIPT_EXPRESSION)) js_lower_expr(cx, js_field(cx, fn, JS_F_INDEX));
  else name = js_text(cx, js_field(cx, fn, JS_F_PROPERTY));
  if (base.kind == IR_V_PATH && lower_path_fields(base.text) < JS_MAX_FIELDS + 1)
    lower_call_set_callee_path(cx->a, c, arena_printf(cx->a, "%s.%s", base.text, name), loc);
  else
    c->callee_value = js_other(cx, &base, 1, loc);
}

static void lower_callee(JsCtx *cx, TSNode fn, IrCall *c) {
  fn = js_strip(cx, fn);
  SrcLoc loc = ts_loc(fn);
  if (js_is(cx, fn, JS_K_MEMBER_EXPRESSION) || js_is(cx, fn, JS_K_SUBSCRIPT_EXPRESSION)) {
    lower_member_callee(cx, fn, c);
  } else if (js_is(cx, fn, JS_K_IDENTIFIER) || js_is(cx, fn, JS_K_SUPER) || js_is(cx, fn, JS_K_THIS) ||
             js_is(cx, fn, JS_K_IMPORT)) {
    const char *name = js_text(cx, fn);
    if (js_is(cx, fn, JS_K_IDENTIFIER)) js_note_ref(cx, name);
    lower_call_set_callee_path(cx->a, c, name, loc);
  } else if (js_is_function_node(cx, fn)) {
    int32_t idx = js_lower_function(cx, fn, js_lambda_name(cx, fn), NULL, 0);
    c->callee_value = idx >= 0 ? irv_func(idx, loc) : js_uses_of(cx, fn);
  } else {
    IrValue v = js_lower_expr(cx, fn);
    if (v.kind == IR_V_PATH) lower_call_set_callee_path(cx->a, c, v.text, loc);
    else c->callee_value = v.kind == IR_V_NONE ? irv_kind(IR_V_OTHER, NULL, loc) : v;
  }
}

static void lower_args(JsCtx *cx, TSNode args, IrCall *c) {
  if (!ts_ok(args)) return;
  if (js_is(cx, args, JS_K_TEMPLATE_STRING)) { /* tagged template: tag`...` */
    IrValue v = js_lower_expr(cx, args);
    c->args = irv_copy(cx->a, &v, 1);
    c->n_args = 1;
    return;
  }
  uint32_t n = ts_node_named_child_count(args);
  IrValue *vals = ARENA_NEW_ARRAY(cx->a, IrValue, n ? n : 1);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    TSNode a = ts_node_named_child(args, i);
    if (js_is(cx, a, JS_K_COMMENT)) continue;
    vals[k++] = js_lower_expr(cx, a);
  }
  c->args = k ? vals : NULL;
  c->n_args = k;
}

static bool has_optional_chain(JsCtx *cx, TSNode call, TSNode fn) {
  if (ts_ok(js_field(cx, call, JS_F_OPTIONAL_CHAIN))) return true;
  TSNode f = js_strip(cx, fn);
  return (js_is(cx, f, JS_K_MEMBER_EXPRESSION) || js_is(cx, f, JS_K_SUBSCRIPT_EXPRESSION)) &&
         ts_ok(js_field(cx, f, JS_F_OPTIONAL_CHAIN));
}

/* Lowers a call or new expression. dst: the result's destination, or NULL
** for a fresh temporary; want: false when the value is discarded. */
static IrValue lower_call(JsCtx *cx, TSNode n, const IrValue *dst, bool want, uint16_t extra) {
  bool is_new = js_is(cx, n, JS_K_NEW_EXPRESSION);
  TSNode fn = js_field(cx, n, is_new ? JS_F_CONSTRUCTOR : JS_F_FUNCTION);
  IrInstr in = {.kind = IR_CALL, .loc = ts_loc(n)};
  IrCall *c = &in.u.call;
  c->recv = irv_none();
  c->callee_value = irv_none();
  c->flags = (uint16_t)(IR_CALL_MAY_THROW | extra | (is_new ? IR_CALL_NEW : 0));
  if (has_optional_chain(cx, n, fn)) c->flags |= IR_CALL_OPTIONAL;
  lower_callee(cx, fn, c);
  lower_args(cx, js_field(cx, n, JS_F_ARGUMENTS), c);
  IrValue result = irv_none();
  if (dst || want) {
    result = dst ? *dst : irv_path(irb_temp(cx->fn->f), in.loc);
    c->results = irv_copy(cx->a, &result, 1);
    c->n_results = 1;
  }
  /* process.exit is the platform's exit: nothing after it runs. */
  bool noreturn = c->callee && strcmp(c->callee, "process.exit") == 0;
  if (noreturn) c->flags |= IR_CALL_NORETURN;
  irb_emit(cx->fn->f, &in);
  if (noreturn) irb_unreachable(cx->fn->f, in.loc);
  return result;
}

static IrValue lower_await(JsCtx *cx, TSNode n, const IrValue *dst, bool want) {
  TSNode arg = js_strip(cx, ts_node_named_child(n, 0));
  if (is_call_node(cx, arg)) return lower_call(cx, arg, dst, want, IR_CALL_AWAITED);
  IrValue v = js_lower_expr(cx, arg);
  IrValue target = dst ? *dst : irv_path(irb_temp(cx->fn->f), ts_loc(n));
  irb_emit_assign(cx->fn->f, target, v, IR_ASSIGN_AWAITED, ts_loc(n));
  return target;
}

/* Section - Stores */

void js_lower_into(JsCtx *cx, TSNode n, IrValue dst, uint16_t flags, SrcLoc loc) {
  js_lower_into_v(cx, n, dst, flags, loc);
}

/* Like js_lower_into; returns the value stored (dst for call results). */
IrValue js_lower_into_v(JsCtx *cx, TSNode n, IrValue dst, uint16_t flags, SrcLoc loc) {
  TSNode s = js_strip(cx, n);
  if (is_call_node(cx, s) || js_is(cx, s, JS_K_AWAIT_EXPRESSION)) {
    cx->name_hint = NULL;
    if (!js_enter(cx, s)) {
      irb_emit_assign(cx->fn->f, dst, js_uses_of(cx, s), flags, loc);
      return dst;
    }
    if (is_call_node(cx, s)) lower_call(cx, s, &dst, true, 0);
    else lower_await(cx, s, &dst, true);
    js_leave(cx);
    return dst;
  }
  IrValue v = js_lower_expr(cx, n);
  irb_emit_assign(cx->fn->f, dst, v, flags, loc);
  return v;
}

void js_destructure(JsCtx *cx, TSNode p, IrValue src, uint16_t flags, SrcLoc loc) {
  if (!ts_ok(p)) return;
  IrbFunc *f = cx->fn->f;
  const char *path = js_is(cx, p, JS_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN) ? js_text(cx, p)
                                                                              : path_ref(cx, p, JS_MAX_FIELDS);
  if (path) {
    irb_emit_assign(f, irv_path(path, ts_loc(p)), src, flags, loc);
    return;
  }
  if (!js_enter(cx, p)) {
    js_emit_opaque(cx, p, "destructuring");
    return;
  }
  if ((js_is(cx, p, JS_K_OBJECT_PATTERN) || js_is(cx, p, JS_K_ARRAY_PATTERN)) && src.kind != IR_V_PATH) {
    IrValue tmp = irv_path(irb_temp(f), ts_loc(p));
    irb_emit_assign(f, tmp, src, 0, loc);
    src = tmp;
  }
  uint32_t n = ts_node_named_child_count(p);
  if (js_is(cx, p, JS_K_ASSIGNMENT_PATTERN) || js_is(cx, p, JS_K_OBJECT_ASSIGNMENT_PATTERN)) {
    js_destructure(cx, js_field(cx, p, JS_F_LEFT), src, flags, loc);
  } else if (js_is(cx, p, JS_K_REST_PATTERN)) {
    js_destructure(cx, ts_node_named_child(p, 0), js_other(cx, &src, 1, ts_loc(p)), flags, loc);
  } else if (js_is(cx, p, JS_K_ARRAY_PATTERN)) {
    for (uint32_t i = 0; i < n; i++) {
      TSNode e = ts_node_named_child(p, i);
      IrValue elem = js_is(cx, e, JS_K_REST_PATTERN) ? src : js_path_extend(cx, src, "[]", ts_loc(e));
      js_destructure(cx, e, elem, flags, loc);
    }
  } else if (js_is(cx, p, JS_K_OBJECT_PATTERN)) {
    for (uint32_t i = 0; i < n; i++) {
      TSNode e = ts_node_named_child(p, i);
      if (js_is(cx, e, JS_K_PAIR_PATTERN)) {
        TSNode key = js_field(cx, e, JS_F_KEY);
        const char *k = js_is(cx, key, JS_K_PROPERTY_IDENTIFIER) ? js_text(cx, key)
                        : js_is(cx, key, JS_K_STRING)            ? js_string_value(cx, key)
                                                          : "[]";
        js_destructure(cx, js_field(cx, e, JS_F_VALUE), js_path_extend(cx, src, k, ts_loc(e)), flags, loc);
      } else if (js_is(cx, e, JS_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN)) {
        js_destructure(cx, e, js_path_extend(cx, src, js_text(cx, e), ts_loc(e)), flags, loc);
      } else if (js_is(cx, e, JS_K_OBJECT_ASSIGNMENT_PATTERN)) {
        TSNode left = js_field(cx, e, JS_F_LEFT);
        js_destructure(cx, left, js_path_extend(cx, src, js_text(cx, left), ts_loc(e)), flags, loc);
      } else if (js_is(cx, e, JS_K_REST_PATTERN)) {
        js_destructure(cx, e, src, flags, loc);
      }
    }
  } else {
    js_emit_opaque(cx, p, "destructuring");
  }
  js_leave(cx);
}

/* `x ?\?= v`, `x ||= v`, `x &&= v`: the store only happens on one edge, which
** is what makes `this.pool ?\?= new Pool()` a lazy singleton. */
static void lower_logical_assign(JsCtx *cx, TSNode n, IrValue dst, const char *op) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  IrCond *c = js_cond_new(cx, IR_COND_TRUTHY, loc);
  c->a = dst;
  if (strcmp(op, "?\?=") == 0) {
    c->kind = IR_COND_EQ;
    c->b = irv_kind(IR_V_NULL, "null", loc);
  }
  uint32_t set = irb_block_new(f, "assign.rhs"), next = irb_block_new(f, "assign.end");
  if (strcmp(op, "||=") == 0) irb_branch(f, c, next, set, loc);
  else irb_branch(f, c, set, next, loc);
  irb_set_cur(f, set);
  js_lower_into(cx, js_field(cx, n, JS_F_RIGHT), dst, 0, loc);
  irb_jump(f, next, loc);
  irb_set_cur(f, next);
}

/* An operator computing a number from its operands (`+` of two non-strings). */
static bool js_arith_op(const char *op) {
  static const char *const ops[] = {"+", "-", "*", "/", "%", "**", "+=", "-=", "*=", "/=", "%=", "**=", NULL};
  for (uint32_t i = 0; ops[i]; i++)
    if (strcmp(op, ops[i]) == 0) return true;
  return false;
}

static IrValue lower_assignment(JsCtx *cx, TSNode n) {
  TSNode left = js_field(cx, n, JS_F_LEFT), right = js_field(cx, n, JS_F_RIGHT);
  SrcLoc loc = ts_loc(n);
  bool augmented = js_is(cx, n, JS_K_AUGMENTED_ASSIGNMENT_EXPRESSION);
  const char *path = path_ref(cx, left, JS_MAX_FIELDS);
  if (!path) {
    IrValue v = js_lower_expr(cx, right);
    TSNode sl = js_strip(cx, left);
    if (js_is(cx, sl, JS_K_OBJECT_PATTERN) || js_is(cx, sl, JS_K_ARRAY_PATTERN)) {
      js_destructure(cx, sl, v, 0, loc);
      return v;
    }
    IrValue parts[2] = {js_uses_of(cx, left), v};
    IrInstr in = {.kind = IR_OPAQUE, .loc = loc};
    IrValue all = js_other(cx, parts, 2, loc);
    in.u.opaque.what = "assignment";
    in.u.opaque.uses = all.subs;
    in.u.opaque.n_uses = all.n_subs;
    irb_emit(cx->fn->f, &in);
    return v;
  }
  IrValue dst = irv_path(path, ts_loc(left));
  if (augmented) {
    const char *op = js_text(cx, js_field(cx, n, JS_F_OPERATOR));
    if (strcmp(op, "?\?=") == 0 || strcmp(op, "||=") == 0 || strcmp(op, "&&=") == 0) {
      lower_logical_assign(cx, n, dst, op);
      return dst;
    }
    IrValue parts[2] = {dst, js_lower_expr(cx, right)};
    IrValue combined = js_other(cx, parts, 2, loc);
    if (js_arith_op(op) && parts[1].kind != IR_V_STRING && parts[1].kind != IR_V_TEMPLATE) combined.flags |= IR_VF_ARITH;
    irb_emit_assign(cx->fn->f, dst, combined, 0, loc);
    return dst;
  }
  bool using_decl = ts_has_token(n, "using");
  cx->name_hint = path;
  IrValue v = js_lower_into_v(cx, right, dst, using_decl ? IR_ASSIGN_DECL : 0, loc);
  js_note_cjs_export(cx, left, right, v);
  return dst;
}

/* Section - Literals */

static IrValue lower_template(JsCtx *cx, TSNode n) {
  Str raw = ts_text(n, cx->src);
  if (raw.len >= 2) raw = (Str){raw.ptr + 1, raw.len - 2};
  uint32_t cnt = ts_node_named_child_count(n), k = 0;
  IrValue *parts = ARENA_NEW_ARRAY(cx->a, IrValue, cnt ? cnt : 1);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (js_is(cx, c, JS_K_TEMPLATE_SUBSTITUTION) && ts_ok(ts_node_named_child(c, 0)))
      parts[k++] = js_lower_expr(cx, ts_node_named_child(c, 0));
  }
  IrValue subs = js_other(cx, parts, k, ts_loc(n));
  char *text = arena_strndup(cx->a, raw.ptr, raw.len);
  if (memchr(raw.ptr, '\0', raw.len)) { /* raw NULs (JS allows them) are dropped, as lower_unescape does */
    size_t kept = 0;
    for (size_t i = 0; i < raw.len; i++)
      if (raw.ptr[i]) text[kept++] = raw.ptr[i];
    text[kept] = '\0';
  }
  IrValue v = irv_kind(IR_V_TEMPLATE, text, ts_loc(n));
  v.subs = subs.subs;
  v.n_subs = subs.n_subs;
  return v;
}

static const char *prop_key_text(JsCtx *cx, TSNode key) {
  if (js_is(cx, key, JS_K_STRING)) return js_string_value(cx, key);
  if (js_is(cx, key, JS_K_COMPUTED_PROPERTY_NAME)) {
    js_lower_expr(cx, ts_node_named_child(key, 0));
    return "[]";
  }
  return js_text(cx, key);
}

static IrValue lower_object(JsCtx *cx, TSNode n, const char *hint) {
  uint32_t cnt = ts_node_named_child_count(n), k = 0;
  IrValue *parts = ARENA_NEW_ARRAY(cx->a, IrValue, cnt ? cnt : 1);
  const char **keys = ARENA_NEW_ARRAY(cx->a, const char *, cnt ? cnt : 1); /* every member's, for obj */
  SrcLoc ol = ts_loc(n);
  const char *owner = hint ? hint : arena_printf(cx->a, "<object@%u:%u>", ol.line, ol.col);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode p = ts_node_named_child(n, i);
    if (js_is(cx, p, JS_K_PAIR)) {
      const char *key = prop_key_text(cx, js_field(cx, p, JS_F_KEY));
      cx->name_hint = arena_printf(cx->a, "%s.%s", owner, key);
      parts[k] = js_lower_expr(cx, js_field(cx, p, JS_F_VALUE));
      if (parts[k].kind == IR_V_STRING || parts[k].kind == IR_V_TEMPLATE || parts[k].kind == IR_V_BOOL)
        parts[k].key = key; /* `rejectUnauthorized: false` says which setting the constant is */
      if (parts[k].kind == IR_V_PATH) parts[k].key = key; /* `{ connectionString: process.env.DB }` */
      keys[k++] = key;
    } else if (js_is(cx, p, JS_K_SHORTHAND_PROPERTY_IDENTIFIER)) {
      const char *name = js_text(cx, p);
      js_note_ref(cx, name);
      keys[k] = name;
      parts[k++] = irv_path(name, ts_loc(p));
    } else if (js_is(cx, p, JS_K_METHOD_DEFINITION)) {
      const char *key = prop_key_text(cx, js_field(cx, p, JS_F_NAME));
      int32_t idx = js_lower_function(cx, p, js_qualify(cx, arena_printf(cx->a, "%s.%s", owner, key)), NULL,
                                      IR_FUNC_METHOD);
      if (idx >= 0) keys[k] = key, parts[k++] = irv_func(idx, ts_loc(p));
    } else if (js_is(cx, p, JS_K_SPREAD_ELEMENT)) {
      keys[k] = NULL;
      parts[k++] = js_lower_expr(cx, p);
    }
  }
  IrValue out = js_other(cx, parts, k, ol);
  /* The literal as written, beside the flattened subs (IrObject). */
  IrObject *obj = ARENA_NEW(cx->a, IrObject);
  obj->members = irv_copy(cx->a, parts, k);
  obj->n_members = k;
  for (uint32_t i = 0; i < k; i++) obj->members[i].key = keys[i];
  out.obj = obj;
  return out;
}

/* Lowers every named child that carries a value (arrays, JSX, unknown
** expression kinds) and returns what they mention. */
static IrValue lower_children(JsCtx *cx, TSNode n) {
  uint32_t cnt = ts_node_named_child_count(n), k = 0;
  IrValue *parts = ARENA_NEW_ARRAY(cx->a, IrValue, cnt ? cnt : 1);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    uint16_t code = js_kind_code(cx, c);
    JsKind ck = (JsKind)(code & JS_KIND_MASK);
    if ((code & JS_KF_TYPEISH) || ck == JS_K_COMMENT || ck == JS_K_PROPERTY_IDENTIFIER || ck == JS_K_JSX_TEXT ||
        ck == JS_K_STRING_FRAGMENT || ck == JS_K_ESCAPE_SEQUENCE)
      continue;
    parts[k++] = js_lower_expr(cx, c);
  }
  return js_other(cx, parts, k, ts_loc(n));
}

/* An array literal keeps its elements in order, constants included
** (IR_VF_LIST): `[id, 'checked_out']` is a query's $1 and $2. */
static IrValue lower_array(JsCtx *cx, TSNode n) {
  uint32_t cnt = ts_node_named_child_count(n), k = 0;
  IrValue *parts = ARENA_NEW_ARRAY(cx->a, IrValue, cnt ? cnt : 1);
  for (uint32_t i = 0; i < cnt && k < LOWER_MAX_SUBS; i++) {
    TSNode c = ts_node_named_child(n, i);
    if ((js_kind_code(cx, c) & JS_KIND_MASK) == JS_K_COMMENT) continue;
    parts[k++] = js_lower_expr(cx, c);
  }
  IrValue out = irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  out.flags = IR_VF_LIST;
  out.subs = parts;
  out.n_subs = k;
  return out;
}

/* Section - Control flow inside expressions */

/* `a && b`, `a || b`, `a ?? b` whose right side has effects: the right side
** only runs on one edge. */
static IrValue lower_short_circuit(JsCtx *cx, TSNode n, const char *op) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  IrValue tmp = irv_path(irb_temp(f), loc);
  js_lower_into(cx, js_field(cx, n, JS_F_LEFT), tmp, 0, loc);
  bool is_and = strcmp(op, "&&") == 0, is_or = strcmp(op, "||") == 0;
  uint32_t rhs = irb_block_new(f, is_and ? "and.rhs" : is_or ? "or.rhs" : "nullish.rhs");
  uint32_t join = irb_block_new(f, is_and ? "and.end" : is_or ? "or.end" : "nullish.end");
  IrCond *c = js_cond_new(cx, IR_COND_TRUTHY, loc);
  c->a = tmp;
  if (!is_and && !is_or) {
    c->kind = IR_COND_EQ;
    c->b = irv_kind(IR_V_NULL, "null", loc);
  }
  if (is_or) irb_branch(f, c, join, rhs, loc);
  else irb_branch(f, c, rhs, join, loc);
  irb_set_cur(f, rhs);
  js_lower_into(cx, js_field(cx, n, JS_F_RIGHT), tmp, 0, loc);
  irb_jump(f, join, loc);
  irb_set_cur(f, join);
  return tmp;
}

static IrValue lower_ternary(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  IrValue tmp = irv_path(irb_temp(f), loc);
  uint32_t tb = irb_block_new(f, "cond.then"), eb = irb_block_new(f, "cond.else"), join = irb_block_new(f, "cond.end");
  js_lower_cond(cx, js_field(cx, n, JS_F_CONDITION), tb, eb);
  irb_set_cur(f, tb);
  js_lower_into(cx, js_field(cx, n, JS_F_CONSEQUENCE), tmp, 0, loc);
  irb_jump(f, join, loc);
  irb_set_cur(f, eb);
  js_lower_into(cx, js_field(cx, n, JS_F_ALTERNATIVE), tmp, 0, loc);
  irb_jump(f, join, loc);
  irb_set_cur(f, join);
  return tmp;
}

static IrValue lower_binary(JsCtx *cx, TSNode n) {
  const char *op = js_text(cx, js_field(cx, n, JS_F_OPERATOR));
  bool logical = strcmp(op, "&&") == 0 || strcmp(op, "||") == 0 || strcmp(op, "??") == 0;
  if (logical && js_has_effects(cx, js_field(cx, n, JS_F_RIGHT))) return lower_short_circuit(cx, n, op);
  IrValue parts[2] = {js_lower_expr(cx, js_field(cx, n, JS_F_LEFT)), js_lower_expr(cx, js_field(cx, n, JS_F_RIGHT))};
  IrCondKind k = lower_cmp_kind(str_from(op));
  bool constant = parts[0].kind == IR_V_STRING || parts[1].kind == IR_V_STRING;
  if ((k == IR_COND_EQ || k == IR_COND_NE) && constant) /* `const isProd = NODE_ENV === 'production'` */
    irb_add_compare(cx->b, (IrCompare){ts_loc(n), lower_cond_cmp(cx->a, k, parts[0], parts[1], ts_loc(n))});
  IrValue out = js_other(cx, parts, 2, ts_loc(n));
  if (js_arith_op(op) && !constant && parts[0].kind != IR_V_TEMPLATE && parts[1].kind != IR_V_TEMPLATE)
    out.flags |= IR_VF_ARITH;
  return out;
}

static IrValue lower_update(JsCtx *cx, TSNode n) {
  TSNode arg = js_field(cx, n, JS_F_ARGUMENT);
  const char *path = path_ref(cx, arg, JS_MAX_FIELDS);
  IrValue v = js_lower_expr(cx, arg);
  IrValue stepped = js_other(cx, &v, 1, ts_loc(n));
  stepped.flags |= IR_VF_ARITH; /* `i++` */
  if (path) irb_emit_assign(cx->fn->f, irv_path(path, ts_loc(arg)), stepped, 0, ts_loc(n));
  return stepped;
}

static IrValue lower_sequence(JsCtx *cx, TSNode n) {
  IrValue last = irv_none();
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) last = js_lower_expr(cx, ts_node_named_child(n, i));
  return last;
}

/* Section - Dispatch */

static IrValue lower_function_value(JsCtx *cx, TSNode n, const char *hint) {
  const char *name = hint ? js_qualify(cx, hint) : js_lambda_name(cx, n);
  int32_t idx = js_lower_function(cx, n, name, NULL, 0);
  return idx >= 0 ? irv_func(idx, ts_loc(n)) : js_uses_of(cx, n);
}

static IrValue lower_literal(JsCtx *cx, TSNode n, JsKind k, bool *handled) {
  SrcLoc loc = ts_loc(n);
  *handled = true;
  if (k == JS_K_STRING) return irv_kind(IR_V_STRING, js_string_value(cx, n), loc);
  if (k == JS_K_TEMPLATE_STRING) return lower_template(cx, n);
  if (k == JS_K_NUMBER) return irv_kind(IR_V_NUMBER, js_text(cx, n), loc);
  if (k == JS_K_TRUE || k == JS_K_FALSE) return irv_kind(IR_V_BOOL, js_text(cx, n), loc);
  if (k == JS_K_NULL || k == JS_K_UNDEFINED) return irv_kind(IR_V_NULL, js_text(cx, n), loc);
  if (k == JS_K_REGEX) return irv_kind(IR_V_OTHER, NULL, loc);
  *handled = false;
  return irv_none();
}

static IrValue lower_expr_kind(JsCtx *cx, TSNode n, const char *hint) {
  JsKind k = js_kind(cx, n);
  bool handled;
  IrValue lit = lower_literal(cx, n, k, &handled);
  if (handled) return lit;
  if (k == JS_K_IDENTIFIER || k == JS_K_THIS || k == JS_K_SUPER ||
      k == JS_K_MEMBER_EXPRESSION || k == JS_K_SUBSCRIPT_EXPRESSION) {
    if (js_is(cx, n, JS_K_IDENTIFIER) && str_eq_cstr(ts_text(n, cx->src), "undefined"))
      return irv_kind(IR_V_NULL, "undefined", ts_loc(n));
    const char *path = path_ref(cx, n, JS_MAX_FIELDS);
    if (path) return irv_path(path, ts_loc(n));
    IrValue base = js_lower_expr(cx, js_field(cx, n, JS_F_OBJECT));
    if (js_is(cx, n, JS_K_SUBSCRIPT_EXPRESSION)) {
      js_lower_expr(cx, js_field(cx, n, JS_F_INDEX));
      return js_path_extend(cx, base, "[]", ts_loc(n));
    }
    return js_path_extend(cx, base, js_text(cx, js_field(cx, n, JS_F_PROPERTY)), ts_loc(n));
  }
  if (is_call_node(cx, n)) return lower_call(cx, n, NULL, true, 0);
  if (k == JS_K_AWAIT_EXPRESSION) return lower_await(cx, n, NULL, true);
  if (js_is_function_node(cx, n)) return lower_function_value(cx, n, hint);
  if (k == JS_K_CLASS) {
    const char *cname = js_lower_class(cx, n, hint);
    return hint ? irv_path(cname, ts_loc(n)) : irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  }
  if (k == JS_K_OBJECT) return lower_object(cx, n, hint);
  if (k == JS_K_ASSIGNMENT_EXPRESSION || k == JS_K_AUGMENTED_ASSIGNMENT_EXPRESSION)
    return lower_assignment(cx, n);
  if (k == JS_K_UPDATE_EXPRESSION) return lower_update(cx, n);
  if (k == JS_K_BINARY_EXPRESSION) return lower_binary(cx, n);
  if (k == JS_K_TERNARY_EXPRESSION) return lower_ternary(cx, n);
  if (k == JS_K_SEQUENCE_EXPRESSION) return lower_sequence(cx, n);
  if (k == JS_K_SPREAD_ELEMENT) {
    IrValue v = js_lower_expr(cx, ts_node_named_child(n, 0));
    v.flags |= IR_VF_SPREAD;
    return v;
  }
  if (k == JS_K_ARRAY) return lower_array(cx, n);
  if (k == JS_K_UNARY_EXPRESSION && ts_has_token(n, "void")) {
    js_lower_expr(cx, js_field(cx, n, JS_F_ARGUMENT));
    return irv_kind(IR_V_NULL, "undefined", ts_loc(n));
  }
  if (k == JS_K_UNARY_EXPRESSION && ts_has_token(n, "!")) {
    /* `!conn`: the negation of a path is kept (`const ownsTx = !conn`). */
    IrValue arg = js_lower_expr(cx, js_field(cx, n, JS_F_ARGUMENT));
    IrValue v = js_other(cx, &arg, 1, ts_loc(n));
    if (arg.kind == IR_V_PATH && v.n_subs == 1) v.flags |= IR_VF_NOT;
    return v;
  }
  return lower_children(cx, n);
}

IrValue js_lower_expr(JsCtx *cx, TSNode n) {
  const char *hint = cx->name_hint;
  cx->name_hint = NULL;
  if (!ts_ok(n)) return irv_none();
  if (!js_enter(cx, n)) return js_uses_of(cx, n);
  IrValue v = lower_expr_kind(cx, js_strip(cx, n), hint);
  js_leave(cx);
  return v;
}

/* Evaluates n for its effects only: a discarded call gets no result. */
void js_lower_discard(JsCtx *cx, TSNode n) {
  TSNode s = js_strip(cx, n);
  cx->name_hint = NULL;
  if (!js_enter(cx, s)) {
    js_emit_opaque(cx, s, NULL);
    return;
  }
  if (is_call_node(cx, s)) lower_call(cx, s, NULL, false, 0);
  else if (js_is(cx, s, JS_K_AWAIT_EXPRESSION) && is_call_node(cx, js_strip(cx, ts_node_named_child(s, 0))))
    lower_await(cx, s, NULL, false);
  else js_lower_expr(cx, s);
  js_leave(cx);
}
