/* go_lower_func: functions, methods (receivers and qualified names),
** parameters, results (named and unnamed), function literals, locals and
** captures. */
#include <string.h>

#include "frontend/go/go_lower.h"

/* Section - Names and variables */

/* "outer.name" for a nested function, the bare name at package level; owned
** by the arena. */
static const char *qualify(GoCtx *cx, const char *name) {
  if (!cx->fn->outer) return arena_strdup(cx->a, name);
  return arena_printf(cx->a, "%s.%s", irb_func_name(cx->fn->f), name);
}

void go_note_ref(GoCtx *cx, const char *name) { lower_note_ref(cx->b, cx->fn->f, name); }

bool go_is_declared_var(GoCtx *cx, const char *name) {
  for (GoFn *fn = cx->fn; fn; fn = fn->outer)
    if (irb_find_var(fn->f, name)) return true;
  return false;
}

void go_declare_local(GoCtx *cx, TSNode name, const char *type) {
  const char *n = go_is(cx, name, GO_K_IDENTIFIER) ? go_name(cx, name) : NULL;
  if (!n || strcmp(n, "_") == 0) return;
  IrVar *old = irb_find_var(cx->fn->f, n);
  /* A redeclaration in an inner scope shares one IrVar (see ir.h, Go);
  ** the first declared type wins unless it had none. */
  if (old) {
    if (!old->type) old->type = type;
    return;
  }
  IrVar v = {.name = n, .type = type, .loc = ts_loc(name)};
  irb_add_local(cx->fn->f, v);
}

/* Section - Parameters and results */

/* The identifiers in a declaration's "name" fields (a parameter_declaration
** may bind several: `a, b int`), in an arena array; returns the count. */
static uint32_t decl_names(GoCtx *cx, TSNode decl, TSNode **out) {
  uint32_t cnt = ts_node_child_count(decl), k = 0;
  TSNode *names = ARENA_NEW_ARRAY(cx->a, TSNode, cnt ? cnt : 1);
  for (uint32_t i = 0; i < cnt; i++) {
    const char *fname = ts_node_field_name_for_child(decl, i);
    TSNode c = ts_node_child(decl, i);
    if (fname && strcmp(fname, "name") == 0 && ts_node_is_named(c)) names[k++] = c;
  }
  *out = names;
  return k;
}

/* Go's predeclared numeric types, whose zero value is the number 0. */
static bool is_numeric_type(Str t) {
  static const char *const names[] = {"int",    "int8",   "int16",   "int32",   "int64",   "uint",
                                      "uint8",  "uint16", "uint32",  "uint64",  "uintptr", "byte",
                                      "rune",   "float32", "float64"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (str_eq_cstr(t, names[i])) return true;
  return false;
}

IrValue go_zero_value(GoCtx *cx, TSNode type, SrcLoc loc) {
  if (go_has_flag(cx, type, GO_KF_NIL_TYPE)) return irv_kind(IR_V_NULL, "nil", loc);
  if (go_is(cx, type, GO_K_TYPE_IDENTIFIER)) {
    Str t = ts_text(type, cx->src);
    if (str_eq_cstr(t, "error")) return irv_kind(IR_V_NULL, "nil", loc);
    if (is_numeric_type(t)) return irv_kind(IR_V_NUMBER, "0", loc); /* `var n int` is n = 0 */
    if (str_eq_cstr(t, "bool")) return irv_kind(IR_V_BOOL, "false", loc);
  }
  return irv_kind(IR_V_OTHER, NULL, loc);
}

/* Adds the parameters of a parameter_list. Unnamed parameters are named "_". */
static void lower_params(GoCtx *cx, TSNode list) {
  uint32_t cnt = ts_ok(list) ? ts_node_named_child_count(list) : 0;
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode p = ts_node_named_child(list, i);
    bool variadic = go_is(cx, p, GO_K_VARIADIC_PARAMETER_DECLARATION);
    if (!variadic && !go_is(cx, p, GO_K_PARAMETER_DECLARATION)) continue;
    TSNode type = go_field(cx, p, GO_F_TYPE);
    const char *tt = go_type_text(cx, type);
    uint16_t flags = (uint16_t)(IR_VAR_PARAM | (variadic ? IR_VAR_REST : 0));
    TSNode *names;
    uint32_t n = decl_names(cx, p, &names);
    for (uint32_t k = 0; k < n; k++) {
      const char *name = go_name(cx, names[k]);
      IrVar v = {.name = name ? name : "_", .type = tt, .flags = flags, .loc = ts_loc(names[k])};
      irb_add_param(cx->fn->f, v);
    }
    if (n == 0) {
      IrVar v = {.name = "_", .type = tt, .flags = flags, .loc = ts_loc(p)};
      irb_add_param(cx->fn->f, v);
    }
  }
}

/* Named results become locals flagged IR_VAR_RESULT, set to their zero value
** at entry; unnamed ones are recorded as "%r0", "%r1", … so their declared
** types are known (they are never assigned). */
static void lower_results(GoCtx *cx, TSNode result) {
  if (!ts_ok(result)) return;
  IrbFunc *f = cx->fn->f;
  if (!go_is(cx, result, GO_K_PARAMETER_LIST)) {
    IrVar v = {.name = "%r0", .type = go_type_text(cx, result), .flags = IR_VAR_RESULT, .loc = ts_loc(result)};
    irb_add_local(f, v);
    return;
  }
  uint32_t cnt = ts_node_named_child_count(result), idx = 0;
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode p = ts_node_named_child(result, i);
    if (!go_is(cx, p, GO_K_PARAMETER_DECLARATION)) continue;
    TSNode type = go_field(cx, p, GO_F_TYPE);
    const char *tt = go_type_text(cx, type);
    TSNode *names;
    uint32_t n = decl_names(cx, p, &names);
    for (uint32_t k = 0; k < n; k++, idx++) {
      const char *name = go_name(cx, names[k]) ? go_name(cx, names[k]) : "_";
      array_push_in(cx->a, &cx->fn->results, name);
      if (strcmp(name, "_") == 0) continue;
      SrcLoc loc = ts_loc(names[k]);
      IrVar v = {.name = name, .type = tt, .flags = IR_VAR_RESULT, .loc = loc};
      irb_add_local(f, v);
      irb_emit_assign(f, irv_path(name, loc), go_zero_value(cx, type, loc), IR_ASSIGN_DECL, loc);
    }
    if (n == 0) {
      IrVar v = {.name = arena_printf(cx->a, "%%r%u", idx++), .type = tt, .flags = IR_VAR_RESULT, .loc = ts_loc(p)};
      irb_add_local(f, v);
    }
  }
}

/* Section - Functions */

/* `goto L` to a label that never appears is a compile error; its block is
** closed as unreachable so the CFG stays well formed. */
static void close_labels(GoCtx *cx) {
  GoFn *fn = cx->fn;
  for (uint32_t i = 0; i < fn->labels.len; i++) {
    GoLabel *l = &fn->labels.items[i];
    if (l->placed) continue;
    irb_set_cur(fn->f, l->block);
    irb_unreachable(fn->f, l->loc);
  }
}

/* Lowers the signature and body of a function-like node into a new IrFunc. */
static int32_t lower_function(GoCtx *cx, TSNode n, const char *name, const char *class_name, uint16_t flags,
                              TSNode receiver) {
  if (ts_node_has_error(n)) flags |= IR_FUNC_PARSE_ERROR;
  IrbFunc *f = irb_func_begin(cx->b, name, (int32_t)irb_func_index(cx->fn->f), flags, ts_loc(n));
  irb_func_set_class(f, class_name);
  TSNode body = go_field(cx, n, GO_F_BODY);
  irb_func_set_end(f, ts_loc_last(ts_ok(body) ? body : n));
  GoFn fn = {.f = f, .outer = cx->fn, .fallthrough = IRB_NO_BLOCK};
  cx->fn = &fn;
  if (ts_ok(receiver)) lower_params(cx, receiver);
  lower_params(cx, go_field(cx, n, GO_F_PARAMETERS));
  lower_results(cx, go_field(cx, n, GO_F_RESULT));
  if (ts_ok(body)) go_lower_block(cx, body);
  close_labels(cx);
  cx->fn = fn.outer;
  array_free(&fn.jumps);
  array_free(&fn.labels);
  return (int32_t)irb_func_index(f);
}

/* The receiver's base type name ("Store" for `*Store`, `Store[T]`) and
** whether it is a pointer receiver. */
static const char *receiver_base(GoCtx *cx, TSNode receiver, bool *is_ptr) {
  *is_ptr = false;
  TSNode p = ts_node_named_child(receiver, 0);
  while (ts_ok(p) && !go_is(cx, p, GO_K_PARAMETER_DECLARATION)) p = ts_node_next_named_sibling(p);
  TSNode t = go_field(cx, p, GO_F_TYPE);
  for (int guard = 0; guard < 16 && ts_ok(t); guard++) {
    if (go_is(cx, t, GO_K_POINTER_TYPE)) {
      *is_ptr = true;
      t = ts_node_named_child(t, 0);
    } else if (go_is(cx, t, GO_K_GENERIC_TYPE)) {
      t = go_field(cx, t, GO_F_TYPE);
    } else if (go_is(cx, t, GO_K_PARENTHESIZED_TYPE)) {
      t = ts_node_named_child(t, 0);
    } else {
      break;
    }
  }
  return go_is(cx, t, GO_K_TYPE_IDENTIFIER) ? go_name(cx, t) : NULL;
}

void go_lower_func_decl(GoCtx *cx, TSNode n) {
  TSNode name = go_field(cx, n, GO_F_NAME), receiver = go_field(cx, n, GO_F_RECEIVER);
  if (!go_name(cx, name)) return;
  if (!go_enter(cx, n)) {
    go_emit_opaque(cx, n, NULL);
    return;
  }
  const char *fname = go_text(cx, name);
  const char *cls = NULL;
  uint16_t flags = 0;
  if (go_is(cx, n, GO_K_METHOD_DECLARATION) && ts_ok(receiver)) {
    bool ptr;
    cls = receiver_base(cx, receiver, &ptr);
    flags |= IR_FUNC_METHOD;
    if (cls) fname = ptr ? arena_printf(cx->a, "(*%s).%s", cls, fname) : arena_printf(cx->a, "%s.%s", cls, fname);
  }
  lower_function(cx, n, qualify(cx, fname), cls, flags, receiver);
  go_leave(cx);
}

int32_t go_lower_func_literal(GoCtx *cx, TSNode n, const char *hint) {
  if (!go_enter(cx, n)) return -1;
  SrcLoc l = ts_loc(n);
  const char *name = hint ? qualify(cx, hint) : qualify(cx, arena_printf(cx->a, "<lambda@%u:%u>", l.line, l.col));
  int32_t idx = lower_function(cx, n, name, NULL, 0, (TSNode){0});
  go_leave(cx);
  return idx;
}
