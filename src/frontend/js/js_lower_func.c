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

void js_declare_pattern(JsCtx *cx, TSNode p, TSNode type_node) {
  if (!ts_ok(p)) return;
  if (ts_is(p, "identifier") || ts_is(p, "shorthand_property_identifier_pattern")) {
    IrVar v = {.name = js_text(cx, p), .type = js_type_text(cx, type_node), .loc = ts_loc(p)};
    irb_add_local(cx->fn->f, v);
    return;
  }
  if (!js_enter(cx, p)) return;
  if (ts_is(p, "assignment_pattern") || ts_is(p, "object_assignment_pattern")) {
    js_declare_pattern(cx, ts_field(p, "left"), (TSNode){0});
  } else if (ts_is(p, "pair_pattern")) {
    js_declare_pattern(cx, ts_field(p, "value"), (TSNode){0});
  } else if (ts_is(p, "object_pattern") || ts_is(p, "array_pattern") || ts_is(p, "rest_pattern")) {
    uint32_t n = ts_node_named_child_count(p);
    for (uint32_t i = 0; i < n; i++) js_declare_pattern(cx, ts_node_named_child(p, i), (TSNode){0});
  }
  js_leave(cx);
}

typedef struct DeclScan {
  JsCtx *cx;
  TSNode root;
} DeclScan;

static void declare_name_field(JsCtx *cx, TSNode n) {
  TSNode name = ts_field(n, "name");
  if (ts_is(name, "identifier") || ts_is(name, "type_identifier")) {
    IrVar v = {.name = js_text(cx, name), .loc = ts_loc(name)};
    irb_add_local(cx->fn->f, v);
  }
}

static bool decl_visit(void *ud, TSNode n) {
  DeclScan *s = ud;
  JsCtx *cx = s->cx;
  const char *t = ts_node_type(n);
  if (strcmp(t, "variable_declarator") == 0) {
    js_declare_pattern(cx, ts_field(n, "name"), ts_field(n, "type"));
    return true;
  }
  if (ts_node_eq(n, s->root)) return true;
  if (strcmp(t, "function_declaration") == 0 || strcmp(t, "generator_function_declaration") == 0 ||
      strcmp(t, "class_declaration") == 0 || strcmp(t, "abstract_class_declaration") == 0) {
    declare_name_field(cx, n);
    return false;
  }
  if (js_is_function_node(n) || strcmp(t, "class") == 0 || strcmp(t, "import_statement") == 0) return false;
  if (strcmp(t, "catch_clause") == 0) js_declare_pattern(cx, ts_field(n, "parameter"), (TSNode){0});
  if (strcmp(t, "for_in_statement") == 0 && ts_ok(ts_field(n, "kind")))
    js_declare_pattern(cx, ts_field(n, "left"), (TSNode){0});
  if (strcmp(t, "assignment_expression") == 0 && ts_has_token(n, "using"))
    js_declare_pattern(cx, ts_field(n, "left"), (TSNode){0});
  return true;
}

void js_collect_decls(JsCtx *cx, TSNode body) {
  if (!ts_ok(body)) return;
  DeclScan s = {cx, body};
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
static bool is_param_property(TSNode p) {
  uint32_t n = ts_node_child_count(p);
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_child(p, i);
    if (ts_is(c, "accessibility_modifier") || ts_is(c, "override_modifier") || ts_is(c, "readonly")) return true;
    if (!ts_node_is_named(c) && strcmp(ts_node_type(c), "readonly") == 0) return true;
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
  if (ts_is(p, "required_parameter") || ts_is(p, "optional_parameter")) {
    pat = ts_ok(ts_field(p, "pattern")) ? ts_field(p, "pattern") : ts_field(p, "name");
    type = ts_field(p, "type");
    dflt = ts_field(p, "value");
  } else if (ts_is(p, "assignment_pattern")) {
    pat = ts_field(p, "left");
    dflt = ts_field(p, "right");
  }
  uint16_t flags = 0;
  if (ts_is(pat, "rest_pattern")) {
    flags |= IR_VAR_REST;
    pat = ts_node_named_child(pat, 0);
  }
  if (!ts_ok(pat) || ts_is(pat, "this")) return;
  SrcLoc loc = ts_loc(p);
  const char *name = ts_is(pat, "identifier") ? js_text(cx, pat) : arena_printf(cx->a, "%%p%u", index);
  add_param(cx, name, js_type_text(cx, type), flags, loc);
  if (ts_ok(dflt)) lower_param_default(cx, name, dflt, loc);
  if (!ts_is(pat, "identifier")) {
    js_declare_pattern(cx, pat, (TSNode){0});
    js_destructure(cx, pat, irv_path(name, loc), IR_ASSIGN_DECL, loc);
  }
  if (class_name && is_param_property(p) && ts_is(pat, "identifier")) {
    IrField fld = {.owner = class_name, .name = name, .type = js_type_text(cx, type), .init = irv_none(), .loc = loc};
    irb_add_field(cx->b, fld);
    irb_emit_assign(cx->fn->f, irv_path(arena_printf(cx->a, "this.%s", name), loc), irv_path(name, loc), 0, loc);
  }
}

static void lower_params(JsCtx *cx, TSNode fn, const char *ctor_class) {
  TSNode single = ts_field(fn, "parameter");
  if (ts_ok(single)) {
    add_param(cx, js_text(cx, single), NULL, 0, ts_loc(single));
    return;
  }
  TSNode params = ts_field(fn, "parameters");
  uint32_t n = ts_ok(params) ? ts_node_named_child_count(params) : 0;
  for (uint32_t i = 0, k = 0; i < n; i++) {
    TSNode p = ts_node_named_child(params, i);
    if (ts_is(p, "comment")) continue;
    lower_param(cx, p, k++, ctor_class);
  }
}

/* Section - Functions */

static uint16_t function_flags(TSNode n) {
  uint16_t flags = 0;
  if (ts_has_token(n, "async")) flags |= IR_FUNC_ASYNC;
  if (ts_has_token(n, "*") || strstr(ts_node_type(n), "generator")) flags |= IR_FUNC_GENERATOR;
  if (ts_is(n, "arrow_function")) flags |= IR_FUNC_ARROW;
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
  flags |= function_flags(n);
  IrbFunc *f = irb_func_begin(cx->b, name, (int32_t)irb_func_index(cx->fn->f), flags, ts_loc(n));
  irb_func_set_class(f, class_name);
  TSNode body = ts_field(n, "body");
  irb_func_set_end(f, ts_loc_last(ts_ok(body) ? body : n));
  JsFn fn = {.f = f, .outer = cx->fn};
  cx->fn = &fn;
  if (ts_is(body, "statement_block")) js_collect_decls(cx, body);
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

static bool is_field_node(TSNode m) { return ts_is(m, "public_field_definition") || ts_is(m, "field_definition"); }

static TSNode member_name(TSNode m) {
  TSNode name = ts_field(m, "name");
  return ts_ok(name) ? name : ts_field(m, "property");
}

static const char *member_name_text(JsCtx *cx, TSNode m) {
  TSNode name = member_name(m);
  if (!ts_ok(name)) return NULL;
  if (ts_is(name, "string")) return js_string_value(cx, name);
  if (ts_is(name, "computed_property_name")) return "[]";
  return js_text(cx, name);
}

/* The field's declared initial value without emitting code: a constant, a
** path or a function, else the paths it mentions. */
static IrValue field_init_summary(JsCtx *cx, TSNode value, IrValue func) {
  if (func.kind == IR_V_FUNC) return func;
  if (!ts_ok(value)) return irv_none();
  TSNode v = js_strip(value);
  SrcLoc loc = ts_loc(v);
  const char *path = js_path_text(cx, v, 3);
  if (path) return irv_path(path, loc);
  if (ts_is(v, "string")) return irv_kind(IR_V_STRING, js_string_value(cx, v), loc);
  if (ts_is(v, "number")) return irv_kind(IR_V_NUMBER, js_text(cx, v), loc);
  if (ts_is(v, "true") || ts_is(v, "false")) return irv_kind(IR_V_BOOL, js_text(cx, v), loc);
  if (ts_is(v, "null") || ts_is(v, "undefined")) return irv_kind(IR_V_NULL, js_text(cx, v), loc);
  return js_uses_of(cx, v);
}

static void emit_field_inits(JsCtx *cx, const JsFieldInits *fi) {
  uint32_t n = ts_node_named_child_count(fi->body);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(fi->body, i);
    TSNode value = ts_field(m, "value");
    if (!is_field_node(m) || ts_has_token(m, "static") || !ts_ok(value)) continue;
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
    const char *fname = is_field_node(m) ? member_name_text(cx, m) : NULL;
    if (!fname) continue;
    TSNode value = js_strip(ts_field(m, "value"));
    bool is_static = ts_has_token(m, "static");
    if (js_is_function_node(value)) {
      uint16_t fl = IR_FUNC_METHOD | (is_static ? IR_FUNC_STATIC : 0);
      int32_t idx = js_lower_function(cx, value, arena_printf(cx->a, "%s.%s", qual, fname), owner, fl);
      if (idx >= 0) funcs[i] = irv_func(idx, ts_loc(value));
    }
    IrField fld = {.owner = owner, .name = fname, .type = js_type_text(cx, ts_field(m, "type")),
                   .init = field_init_summary(cx, ts_field(m, "value"), funcs[i]),
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
    if (ts_is(m, "class_static_block")) {
      TSNode blk = ts_field(m, "body");
      js_lower_stmts(cx, ts_ok(blk) ? blk : m, 0);
      continue;
    }
    TSNode value = ts_field(m, "value");
    if (!is_field_node(m) || !ts_has_token(m, "static") || !ts_ok(value)) continue;
    const char *fname = member_name_text(cx, m);
    SrcLoc loc = ts_loc(m);
    IrValue dst = irv_path(arena_printf(cx->a, "%s.%s", owner, fname), loc);
    if (funcs[i].kind == IR_V_FUNC) irb_emit_assign(cx->fn->f, dst, funcs[i], 0, loc);
    else js_lower_into(cx, value, dst, 0, loc);
    TSNode sv = js_strip(value);
    if (ts_is(sv, "string") && !cx->fn->outer)
      irb_add_const(cx->b, (IrConst){arena_printf(cx->a, "%s.%s", owner, fname), js_string_value(cx, sv), loc});
  }
}

static bool class_has_instance_inits(TSNode body) {
  uint32_t n = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(body, i);
    if (is_field_node(m) && !ts_has_token(m, "static") && ts_ok(ts_field(m, "value"))) return true;
  }
  return false;
}

/* A class without a constructor but with field initialisers gets an implicit
** one ("Class.constructor") that runs them. */
static void implicit_ctor(JsCtx *cx, TSNode cls, const JsFieldInits *fi) {
  uint16_t flags = IR_FUNC_METHOD | IR_FUNC_CTOR;
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
    if (!ts_is(m, "method_definition")) continue;
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
  if (!has_ctor && class_has_instance_inits(body)) implicit_ctor(cx, body, fi);
}

const char *js_lower_class(JsCtx *cx, TSNode n, const char *name) {
  TSNode name_node = ts_field(n, "name");
  const char *cname = name ? name : ts_ok(name_node) ? js_text(cx, name_node) : NULL;
  if (!cname) {
    SrcLoc l = ts_loc(n);
    cname = arena_printf(cx->a, "<class@%u:%u>", l.line, l.col);
  }
  TSNode body = ts_field(n, "body");
  if (!ts_ok(body)) return cname;
  if (!js_enter(cx, n)) {
    js_emit_opaque(cx, n, NULL);
    return cname;
  }
  const char *qual = js_qualify(cx, cname);
  IrValue *funcs = class_fields(cx, body, qual, qual);
  JsFieldInits fi = {body, qual, funcs};
  class_methods(cx, body, qual, qual, &fi);
  class_statics(cx, body, cname, funcs);
  js_leave(cx);
  return cname;
}
