/* js_lower_func: functions, parameters, declarations (locals), classes
** (methods, fields, parameter properties, static blocks) and names. */
#include <string.h>

#include "frontend/js/js_lower.h"

/* Section - Names */

const char *js_qualify(JsCtx *cx, const char *name) {
  if (!cx->fn->outer) return arena_strdup(cx->a, name);
  return arena_printf(cx->a, "%s.%s", irb_func_name(cx->fn->f), name);
}

const char *js_lambda_name(JsCtx *cx, TSNode n) {
  SrcLoc l = ts_loc(n);
  return js_qualify(cx, arena_printf(cx->a, "<lambda@%u:%u>", l.line, l.col));
}

const char *js_type_text(JsCtx *cx, TSNode annotation) {
  if (!ts_ok(annotation)) return NULL;
  TSNode t = ts_node_named_child(annotation, 0);
  if (!ts_ok(t)) return NULL;
  return ts_text_normalized(t, cx->src, cx->a);
}

/* Section - Declarations */

/* A MISSING identifier error recovery inserted (`const;`) has no text: it
** declares nothing (the IR has no nameless variables). */
static void declare_local(JsCtx *cx, IrVar v) {
  if (v.name && *v.name) irb_add_local(cx->fn->f, v);
}

void js_declare_pattern(JsCtx *cx, TSNode p, TSNode type_node) {
  if (!ts_ok(p)) return;
  if (js_is(cx, p, JS_K_IDENTIFIER) || js_is(cx, p, JS_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN)) {
    IrVar v = {.name = js_text(cx, p), .type = js_type_text(cx, type_node), .loc = ts_loc(p)};
    declare_local(cx, v);
    return;
  }
  if (!js_enter(cx, p)) return;
  if (js_is(cx, p, JS_K_ASSIGNMENT_PATTERN) || js_is(cx, p, JS_K_OBJECT_ASSIGNMENT_PATTERN)) {
    js_declare_pattern(cx, js_field(cx, p, JS_F_LEFT), (TSNode){0});
  } else if (js_is(cx, p, JS_K_PAIR_PATTERN)) {
    js_declare_pattern(cx, js_field(cx, p, JS_F_VALUE), (TSNode){0});
  } else if (js_is(cx, p, JS_K_OBJECT_PATTERN) || js_is(cx, p, JS_K_ARRAY_PATTERN) || js_is(cx, p, JS_K_REST_PATTERN)) {
    uint32_t n = ts_node_named_child_count(p);
    for (uint32_t i = 0; i < n; i++) js_declare_pattern(cx, ts_node_named_child(p, i), (TSNode){0});
  }
  js_leave(cx);
}

typedef struct DeclScan {
  JsCtx *cx;
  TSNode root;
  uint32_t walk_end;  /* end byte of the last subtree found to need a full walk */
} DeclScan;

/* Expressions and type syntax: in a tree without errors they hold no
** declaration of the enclosing function (statements nest in them only inside
** functions and classes, which the scan skips anyway), except that the TS
** grammar accepts `using x = …` as an assignment anywhere. */
static bool is_decl_free_kind(uint16_t code) {
  switch ((JsKind)(code & JS_KIND_MASK)) {
    case JS_K_CALL_EXPRESSION: case JS_K_NEW_EXPRESSION: case JS_K_MEMBER_EXPRESSION:
    case JS_K_SUBSCRIPT_EXPRESSION: case JS_K_BINARY_EXPRESSION: case JS_K_UNARY_EXPRESSION:
    case JS_K_UPDATE_EXPRESSION: case JS_K_TERNARY_EXPRESSION: case JS_K_ASSIGNMENT_EXPRESSION:
    case JS_K_AUGMENTED_ASSIGNMENT_EXPRESSION: case JS_K_AWAIT_EXPRESSION: case JS_K_YIELD_EXPRESSION:
    case JS_K_PARENTHESIZED_EXPRESSION: case JS_K_SEQUENCE_EXPRESSION: case JS_K_AS_EXPRESSION:
    case JS_K_SATISFIES_EXPRESSION: case JS_K_NON_NULL_EXPRESSION: case JS_K_SPREAD_ELEMENT:
    case JS_K_OBJECT: case JS_K_ARRAY: case JS_K_ARGUMENTS: case JS_K_TEMPLATE_STRING: case JS_K_STRING:
      return true;
    case JS_K_TYPE_ASSERTION: return false; /* `<T>expr` holds an expression */
    default: return (code & JS_KF_TYPEISH) != 0;
  }
}

static bool text_has_using(const char *p, size_t len) {
  for (const char *end = p + len; len >= 5 && (p = memchr(p, 'u', (size_t)(end - p) - 4)) != NULL; p++)
    if (memcmp(p, "using", 5) == 0) return true;
  return false;
}

/* True when n's subtree can be skipped without missing a declaration: a
** decl-free kind with no error inside and no `using` in its text. Checked
** once per outermost such subtree: below one that failed the check, the
** rest is walked without re-reading its text. */
static bool decl_can_skip(DeclScan *s, TSNode n, uint16_t code) {
  if (!is_decl_free_kind(code)) return false;
  uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
  if (start < s->walk_end) return false;
  if (!ts_node_has_error(n) && !text_has_using(s->cx->src + start, end > start ? end - start : 0)) return true;
  s->walk_end = end;
  return false;
}

static void declare_name_field(JsCtx *cx, TSNode n) {
  TSNode name = js_field(cx, n, JS_F_NAME);
  if (js_is(cx, name, JS_K_IDENTIFIER) || js_is(cx, name, JS_K_TYPE_IDENTIFIER)) {
    IrVar v = {.name = js_text(cx, name), .loc = ts_loc(name)};
    declare_local(cx, v);
  }
}

static bool decl_visit(void *ud, TSNode n) {
  DeclScan *s = ud;
  JsCtx *cx = s->cx;
  uint16_t code = js_kind_code(cx, n);
  if (decl_can_skip(s, n, code)) return false;
  JsKind k = (JsKind)(code & JS_KIND_MASK);
  if (k == JS_K_VARIABLE_DECLARATOR) {
    js_declare_pattern(cx, js_field(cx, n, JS_F_NAME), js_field(cx, n, JS_F_TYPE));
    return true;
  }
  if (ts_node_eq(n, s->root)) return true;
  if (k == JS_K_FUNCTION_DECLARATION || k == JS_K_GENERATOR_FUNCTION_DECLARATION ||
      k == JS_K_CLASS_DECLARATION || k == JS_K_ABSTRACT_CLASS_DECLARATION) {
    declare_name_field(cx, n);
    return false;
  }
  if ((code & JS_KF_FUNCTION) || k == JS_K_CLASS || k == JS_K_IMPORT_STATEMENT) return false;
  if (k == JS_K_CATCH_CLAUSE) js_declare_pattern(cx, js_field(cx, n, JS_F_PARAMETER), (TSNode){0});
  if (k == JS_K_FOR_IN_STATEMENT && ts_ok(js_field(cx, n, JS_F_KIND)))
    js_declare_pattern(cx, js_field(cx, n, JS_F_LEFT), (TSNode){0});
  if (k == JS_K_ASSIGNMENT_EXPRESSION && ts_has_token(n, "using"))
    js_declare_pattern(cx, js_field(cx, n, JS_F_LEFT), (TSNode){0});
  return true;
}

void js_collect_decls(JsCtx *cx, TSNode body) {
  if (!ts_ok(body)) return;
  DeclScan s = {cx, body, 0};
  ts_walk(body, decl_visit, &s);
}

/* Section - Parameters */

/* Emits `if (name === undefined) name = default` for a default value. */
static void lower_param_default(JsCtx *cx, const char *name, TSNode value, SrcLoc loc) {
  IrbFunc *f = cx->fn->f;
  IrCond *c = js_cond_new(cx, IR_COND_EQ, loc);
  c->a = irv_path(name, loc);
  c->b = irv_kind(IR_V_NULL, "undefined", loc);
  uint32_t set = irb_block_new(f, "param.default"), next = irb_block_new(f, "param.next");
  irb_branch(f, c, set, next, loc);
  irb_set_cur(f, set);
  js_lower_into(cx, value, irv_path(name, loc), 0, ts_loc(value));
  irb_jump(f, next, loc);
  irb_set_cur(f, next);
}

/* A TS constructor parameter with an accessibility modifier or readonly is
** also a field: `constructor(private pool: Pool)` declares this.pool. */
static bool is_param_property(JsCtx *cx, TSNode p) {
  uint32_t n = ts_node_child_count(p);
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_child(p, i);
    /* JS_K_READONLY covers both the `readonly` keyword and a named readonly node. */
    JsKind k = js_kind(cx, c);
    if (k == JS_K_ACCESSIBILITY_MODIFIER || k == JS_K_OVERRIDE_MODIFIER || k == JS_K_READONLY) return true;
  }
  return false;
}

static void add_param(JsCtx *cx, const char *name, const char *type, uint16_t flags, SrcLoc loc) {
  IrVar v = {.name = name, .type = type, .flags = (uint16_t)(IR_VAR_PARAM | flags), .loc = loc};
  irb_add_param(cx->fn->f, v);
}

/* Lowers one parameter; index is its position (for synthetic names). */
static void lower_param(JsCtx *cx, TSNode p, uint32_t index, const char *class_name) {
  TSNode pat = p, type = {0}, dflt = {0};
  if (js_is(cx, p, JS_K_REQUIRED_PARAMETER) || js_is(cx, p, JS_K_OPTIONAL_PARAMETER)) {
    pat = ts_ok(js_field(cx, p, JS_F_PATTERN)) ? js_field(cx, p, JS_F_PATTERN) : js_field(cx, p, JS_F_NAME);
    type = js_field(cx, p, JS_F_TYPE);
    dflt = js_field(cx, p, JS_F_VALUE);
  } else if (js_is(cx, p, JS_K_ASSIGNMENT_PATTERN)) {
    pat = js_field(cx, p, JS_F_LEFT);
    dflt = js_field(cx, p, JS_F_RIGHT);
  }
  uint16_t flags = 0;
  if (js_is(cx, pat, JS_K_REST_PATTERN)) {
    flags |= IR_VAR_REST;
    pat = ts_node_named_child(pat, 0);
  }
  if (!ts_ok(pat) || js_is(cx, pat, JS_K_THIS)) return;
  SrcLoc loc = ts_loc(p);
  const char *name = js_is(cx, pat, JS_K_IDENTIFIER) ? js_text(cx, pat) : NULL;
  /* A MISSING identifier (`function(,){}`) has no text: named like a pattern. */
  if (!name || !*name) name = arena_printf(cx->a, "%%p%u", index);
  add_param(cx, name, js_type_text(cx, type), flags, loc);
  if (ts_ok(dflt)) lower_param_default(cx, name, dflt, loc);
  if (!js_is(cx, pat, JS_K_IDENTIFIER)) {
    js_declare_pattern(cx, pat, (TSNode){0});
    js_destructure(cx, pat, irv_path(name, loc), IR_ASSIGN_DECL, loc);
  }
  if (class_name && is_param_property(cx, p) && js_is(cx, pat, JS_K_IDENTIFIER) && name[0] != '%') {
    IrField fld = {.owner = class_name, .name = name, .type = js_type_text(cx, type), .init = irv_none(), .loc = loc};
    irb_add_field(cx->b, fld);
    irb_emit_assign(cx->fn->f, irv_path(arena_printf(cx->a, "this.%s", name), loc), irv_path(name, loc), 0, loc);
  }
}

static void lower_params(JsCtx *cx, TSNode fn, const char *ctor_class) {
  TSNode single = js_field(cx, fn, JS_F_PARAMETER);
  if (ts_ok(single)) {
    const char *name = js_text(cx, single);
    add_param(cx, name && *name ? name : "%p0", NULL, 0, ts_loc(single));
    return;
  }
  TSNode params = js_field(cx, fn, JS_F_PARAMETERS);
  uint32_t n = ts_ok(params) ? ts_node_named_child_count(params) : 0;
  for (uint32_t i = 0, k = 0; i < n; i++) {
    TSNode p = ts_node_named_child(params, i);
    if (js_is(cx, p, JS_K_COMMENT)) continue;
    lower_param(cx, p, k++, ctor_class);
  }
}

/* Section - Functions */

static uint16_t function_flags(JsCtx *cx, TSNode n) {
  uint16_t flags = 0;
  if (ts_has_token(n, "async")) flags |= IR_FUNC_ASYNC;
  if (ts_has_token(n, "*") || strstr(ts_node_type(n), "generator")) flags |= IR_FUNC_GENERATOR;
  if (js_is(cx, n, JS_K_ARROW_FUNCTION)) flags |= IR_FUNC_ARROW;
  return flags;
}

/* Class instance fields whose initialisers run at the start of the
** constructor (set by js_lower_class for the constructor it lowers). */
typedef struct JsFieldInits {
  TSNode body;             /* class_body */
  const char *owner;       /* qualified class name */
  const IrValue *funcs;    /* per class_body named child: IR_V_FUNC for function-valued fields */
} JsFieldInits;

static void emit_field_inits(JsCtx *cx, const JsFieldInits *fi);

static int32_t lower_function_with(JsCtx *cx, TSNode n, const char *name, const char *class_name, uint16_t flags,
                                   const JsFieldInits *inits) {
  flags |= function_flags(cx, n);
  /* A syntax error inside (a nested function's included) can change how the
  ** whole body parsed: the engine reports nothing in such a function. Field
  ** initialisers run in the constructor, so a broken class body counts. */
  if (ts_node_has_error(n) || (inits && ts_node_has_error(inits->body))) flags |= IR_FUNC_PARSE_ERROR;
  IrbFunc *f = irb_func_begin(cx->b, name, (int32_t)irb_func_index(cx->fn->f), flags, ts_loc(n));
  irb_func_set_class(f, class_name);
  TSNode body = js_field(cx, n, JS_F_BODY);
  irb_func_set_end(f, ts_loc_last(ts_ok(body) ? body : n));
  JsFn fn = {.f = f, .outer = cx->fn};
  cx->fn = &fn;
  if (js_is(cx, body, JS_K_STATEMENT_BLOCK)) js_collect_decls(cx, body);
  lower_params(cx, n, (flags & IR_FUNC_CTOR) ? class_name : NULL);
  if (inits) emit_field_inits(cx, inits);
  if (ts_ok(body)) js_lower_body(cx, body);
  cx->fn = fn.outer;
  array_free(&fn.fins);
  array_free(&fn.jumps);
  return (int32_t)irb_func_index(f);
}

int32_t js_lower_function(JsCtx *cx, TSNode n, const char *name, const char *class_name, uint16_t extra_flags) {
  if (!js_enter(cx, n)) {
    js_emit_opaque(cx, n, NULL);
    return -1;
  }
  int32_t idx = lower_function_with(cx, n, name, class_name, extra_flags, NULL);
  js_leave(cx);
  return idx;
}

/* Section - Classes */

static bool is_field_node(JsCtx *cx, TSNode m) {
  return js_is(cx, m, JS_K_PUBLIC_FIELD_DEFINITION) || js_is(cx, m, JS_K_FIELD_DEFINITION);
}

static TSNode member_name(JsCtx *cx, TSNode m) {
  TSNode name = js_field(cx, m, JS_F_NAME);
  return ts_ok(name) ? name : js_field(cx, m, JS_F_PROPERTY);
}

/* NULL when the member has no name to record: none, or an empty one (a
** MISSING node error recovery inserted, `class{=t`, or the string `""`),
** which the IR cannot hold as a field name. */
static const char *member_name_text(JsCtx *cx, TSNode m) {
  TSNode name = member_name(cx, m);
  if (!ts_ok(name)) return NULL;
  if (js_is(cx, name, JS_K_COMPUTED_PROPERTY_NAME)) return "[]";
  const char *text = js_is(cx, name, JS_K_STRING) ? js_string_value(cx, name) : js_text(cx, name);
  return text && *text ? text : NULL;
}

/* The field's declared initial value without emitting code: a constant, a
** path or a function, else the paths it mentions. */
static IrValue field_init_summary(JsCtx *cx, TSNode value, IrValue func) {
  if (func.kind == IR_V_FUNC) return func;
  if (!ts_ok(value)) return irv_none();
  TSNode v = js_strip(cx, value);
  SrcLoc loc = ts_loc(v);
  const char *path = js_path_text(cx, v, 3);
  if (path) return irv_path(path, loc);
  if (js_is(cx, v, JS_K_STRING)) return irv_kind(IR_V_STRING, js_string_value(cx, v), loc);
  if (js_is(cx, v, JS_K_NUMBER)) return irv_kind(IR_V_NUMBER, js_text(cx, v), loc);
  if (js_is(cx, v, JS_K_TRUE) || js_is(cx, v, JS_K_FALSE)) return irv_kind(IR_V_BOOL, js_text(cx, v), loc);
  if (js_is(cx, v, JS_K_NULL) || js_is(cx, v, JS_K_UNDEFINED)) return irv_kind(IR_V_NULL, js_text(cx, v), loc);
  return js_uses_of(cx, v);
}

static void emit_field_inits(JsCtx *cx, const JsFieldInits *fi) {
  uint32_t n = ts_node_named_child_count(fi->body);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(fi->body, i);
    TSNode value = js_field(cx, m, JS_F_VALUE);
    if (!is_field_node(cx, m) || ts_has_token(m, "static") || !ts_ok(value)) continue;
    const char *fname = member_name_text(cx, m);
    if (!fname) continue;
    SrcLoc loc = ts_loc(m);
    IrValue dst = irv_path(arena_printf(cx->a, "this.%s", fname), loc);
    if (fi->funcs[i].kind == IR_V_FUNC) irb_emit_assign(cx->fn->f, dst, fi->funcs[i], 0, loc);
    else js_lower_into(cx, value, dst, 0, loc);
  }
}

/* Lowers function-valued fields (`handle = async () => {}`) as methods and
** records every field; returns per-member FUNC values. */
static IrValue *class_fields(JsCtx *cx, TSNode body, const char *owner, const char *qual) {
  uint32_t n = ts_node_named_child_count(body);
  IrValue *funcs = ARENA_NEW_ARRAY(cx->a, IrValue, n ? n : 1);
  for (uint32_t i = 0; i < n; i++) {
    funcs[i] = irv_none();
    TSNode m = ts_node_named_child(body, i);
    const char *fname = is_field_node(cx, m) ? member_name_text(cx, m) : NULL;
    if (!fname) continue;
    TSNode value = js_strip(cx, js_field(cx, m, JS_F_VALUE));
    bool is_static = ts_has_token(m, "static");
    if (js_is_function_node(cx, value)) {
      uint16_t fl = IR_FUNC_METHOD | (is_static ? IR_FUNC_STATIC : 0);
      int32_t idx = js_lower_function(cx, value, arena_printf(cx->a, "%s.%s", qual, fname), owner, fl);
      if (idx >= 0) funcs[i] = irv_func(idx, ts_loc(value));
    }
    IrField fld = {.owner = owner, .name = fname, .type = js_type_text(cx, js_field(cx, m, JS_F_TYPE)),
                   .init = field_init_summary(cx, js_field(cx, m, JS_F_VALUE), funcs[i]),
                   .flags = is_static ? IR_FUNC_STATIC : 0, .loc = ts_loc(m)};
    irb_add_field(cx->b, fld);
  }
  return funcs;
}

/* Static field initialisers and static blocks run when the class is
** defined: lowered in the enclosing function as `Class.f = init`. */
static void class_statics(JsCtx *cx, TSNode body, const char *owner, const IrValue *funcs) {
  uint32_t n = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(body, i);
    if (js_is(cx, m, JS_K_CLASS_STATIC_BLOCK)) {
      TSNode blk = js_field(cx, m, JS_F_BODY);
      js_lower_stmts(cx, ts_ok(blk) ? blk : m, 0);
      continue;
    }
    TSNode value = js_field(cx, m, JS_F_VALUE);
    if (!is_field_node(cx, m) || !ts_has_token(m, "static") || !ts_ok(value)) continue;
    const char *fname = member_name_text(cx, m);
    SrcLoc loc = ts_loc(m);
    IrValue dst = irv_path(arena_printf(cx->a, "%s.%s", owner, fname), loc);
    if (funcs[i].kind == IR_V_FUNC) irb_emit_assign(cx->fn->f, dst, funcs[i], 0, loc);
    else js_lower_into(cx, value, dst, 0, loc);
    TSNode sv = js_strip(cx, value);
    if (js_is(cx, sv, JS_K_STRING) && !cx->fn->outer)
      irb_add_const(cx->b, (IrConst){arena_printf(cx->a, "%s.%s", owner, fname), js_string_value(cx, sv), loc});
  }
}

static bool class_has_instance_inits(JsCtx *cx, TSNode body) {
  uint32_t n = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(body, i);
    if (is_field_node(cx, m) && !ts_has_token(m, "static") && ts_ok(js_field(cx, m, JS_F_VALUE))) return true;
  }
  return false;
}

/* A class without a constructor but with field initialisers gets an implicit
** one ("Class.constructor") that runs them. */
static void implicit_ctor(JsCtx *cx, TSNode cls, const JsFieldInits *fi) {
  uint16_t flags = IR_FUNC_METHOD | IR_FUNC_CTOR | (ts_node_has_error(cls) ? IR_FUNC_PARSE_ERROR : 0);
  IrbFunc *f = irb_func_begin(cx->b, arena_printf(cx->a, "%s.constructor", fi->owner),
                              (int32_t)irb_func_index(cx->fn->f), flags, ts_loc(cls));
  irb_func_set_class(f, fi->owner);
  irb_func_set_end(f, ts_loc_last(cls));
  JsFn fn = {.f = f, .outer = cx->fn};
  cx->fn = &fn;
  emit_field_inits(cx, fi);
  cx->fn = fn.outer;
  array_free(&fn.fins);
  array_free(&fn.jumps);
}

static void class_methods(JsCtx *cx, TSNode body, const char *owner, const char *qual, const JsFieldInits *fi) {
  bool has_ctor = false;
  uint32_t n = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(body, i);
    if (!js_is(cx, m, JS_K_METHOD_DEFINITION)) continue;
    const char *mname = member_name_text(cx, m);
    if (!mname) continue;
    bool is_ctor = strcmp(mname, "constructor") == 0;
    uint16_t flags = IR_FUNC_METHOD | (ts_has_token(m, "static") ? IR_FUNC_STATIC : 0) | (is_ctor ? IR_FUNC_CTOR : 0);
    const char *fname = arena_printf(cx->a, "%s.%s", qual, mname);
    if (!js_enter(cx, m)) {
      js_emit_opaque(cx, m, NULL);
      continue;
    }
    lower_function_with(cx, m, fname, owner, flags, is_ctor ? fi : NULL);
    js_leave(cx);
    has_ctor |= is_ctor;
  }
  if (!has_ctor && class_has_instance_inits(cx, body)) implicit_ctor(cx, body, fi);
}

/* `class A extends B` records its base as a field of A flagged
** IR_FIELD_EMBEDDED, named and typed after the base's path ("B", "m.Base"),
** so the engine can look members up along the chain (in this module or,
** through the imports, another). A base that is not a path (a mixin call)
** is not recorded. */
static void class_base(JsCtx *cx, TSNode n, const char *owner) {
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode h = ts_node_named_child(n, i);
    if (strcmp(ts_node_type(h), "class_heritage") != 0) continue;
    TSNode base = ts_node_named_child_count(h) ? ts_node_named_child(h, 0) : h;
    if (strcmp(ts_node_type(base), "extends_clause") == 0) base = js_field(cx, base, JS_F_VALUE); /* TypeScript */
    const char *path = ts_ok(base) ? js_path_text(cx, base, 3) : NULL;
    if (!path) return;
    IrField fld = {.owner = owner, .name = path, .type = path, .init = irv_none(), .flags = IR_FIELD_EMBEDDED,
                   .loc = ts_loc(base)};
    irb_add_field(cx->b, fld);
    return;
  }
}

const char *js_lower_class(JsCtx *cx, TSNode n, const char *name) {
  TSNode name_node = js_field(cx, n, JS_F_NAME);
  const char *cname = name ? name : ts_ok(name_node) ? js_text(cx, name_node) : NULL;
  if (!cname) {
    SrcLoc l = ts_loc(n);
    cname = arena_printf(cx->a, "<class@%u:%u>", l.line, l.col);
  }
  TSNode body = js_field(cx, n, JS_F_BODY);
  if (!ts_ok(body)) return cname;
  if (!js_enter(cx, n)) {
    js_emit_opaque(cx, n, NULL);
    return cname;
  }
  const char *qual = js_qualify(cx, cname);
  class_base(cx, n, qual);
  IrValue *funcs = class_fields(cx, body, qual, qual);
  JsFieldInits fi = {body, qual, funcs};
  class_methods(cx, body, qual, qual, &fi);
  class_statics(cx, body, cname, funcs);
  js_leave(cx);
  return cname;
}
