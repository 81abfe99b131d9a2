/* go_lower_stmt: statements and structured control flow: blocks,
** assignments and declarations (`:=`, `=`, `var`, `const`, multi-value),
** if with init, for in all forms and range, labels, goto, break/continue,
** return (named results), fallthrough, send, inc/dec. Switch, type switch
** and select live in go_lower_switch.c; defer/go/panic in go_defer.c. */
#include <string.h>

#include "frontend/go/go_lower.h"

/* Section - Blocks */

void go_lower_block(GoCtx *cx, TSNode block) {
  TsNamedIter it;
  TSNode c;
  for (ts_named_iter_begin(&it, block); ts_named_iter_next(&it, &c);) {
    if (go_is(cx, c, GO_K_STATEMENT_LIST)) go_lower_block(cx, c);
    else go_lower_stmt(cx, c);
  }
}

/* The named children of an expression_list (or the node itself when it is
** a single expression), in an arena array; returns the count. */
static uint32_t list_items(GoCtx *cx, TSNode list, TSNode **out) {
  if (!ts_ok(list)) {
    *out = NULL;
    return 0;
  }
  if (!go_is(cx, list, GO_K_EXPRESSION_LIST)) {
    *out = ARENA_NEW_ARRAY(cx->a, TSNode, 1);
    (*out)[0] = list;
    return 1;
  }
  uint32_t cnt = ts_node_named_child_count(list), k = 0;
  TSNode *items = ARENA_NEW_ARRAY(cx->a, TSNode, cnt ? cnt : 1);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(list, i);
    if (!go_is(cx, c, GO_K_COMMENT)) items[k++] = c;
  }
  *out = items;
  return k;
}

/* Section - Assignments */

/* Stores v into the left-hand side l: a path, `_` (dropped), or anything
** else (`*p = v`), which is an opaque store whose operands escape. */
static void store_value(GoCtx *cx, TSNode l, IrValue v, uint16_t flags, SrcLoc loc) {
  bool ok;
  IrValue dst = go_dest(cx, l, &ok);
  if (ok && dst.kind == IR_V_PATH) irb_emit_assign(cx->fn->f, dst, v, flags, loc);
  else if (!ok) {
    IrValue parts[2] = {go_uses_of(cx, l), v};
    go_emit_opaque_values(cx, "assignment", parts, 2, loc);
  }
}

/* The root variable of a path value ("s" for "s.db"), or NULL. */
static Str path_root(IrValue v) {
  if (v.kind != IR_V_PATH) return (Str){NULL, 0};
  const char *dot = strchr(v.text, '.');
  return (Str){v.text, dot ? (size_t)(dot - v.text) : strlen(v.text)};
}

/* True when some value mentions a variable that an earlier destination of a
** parallel assignment overwrites (`a, b = b, a`), so the right-hand sides
** must be copied to temporaries first. */
static bool parallel_conflict(GoCtx *cx, TSNode *lefts, uint32_t n, const IrValue *vals) {
  for (uint32_t i = 0; i < n; i++) {
    const char *p = go_path_text(cx, lefts[i], 3);
    if (!p) continue;
    Str lr = path_root(irv_path(p, (SrcLoc){0}));
    for (uint32_t j = 0; j < n; j++) {
      const IrValue *v = &vals[j];
      uint32_t cnt = v->kind == IR_V_OTHER ? v->n_subs : 1;
      for (uint32_t k = 0; k < cnt; k++) {
        Str r = path_root(v->kind == IR_V_OTHER ? v->subs[k] : *v);
        if (r.ptr && r.len == lr.len && memcmp(r.ptr, lr.ptr, r.len) == 0) return true;
      }
    }
  }
  return false;
}

/* `a, b := x, y` / `a, b = b, a`: all right-hand sides are evaluated before
** any store. */
static void assign_pairs(GoCtx *cx, TSNode *lefts, TSNode *rights, uint32_t n, uint16_t flags, SrcLoc loc) {
  IrValue *vals = ARENA_NEW_ARRAY(cx->a, IrValue, n);
  for (uint32_t i = 0; i < n; i++) vals[i] = go_lower_expr(cx, rights[i]);
  if (parallel_conflict(cx, lefts, n, vals)) {
    for (uint32_t i = 0; i < n; i++) {
      IrValue tmp = irv_path(irb_temp(cx->fn->f), ts_loc(rights[i]));
      irb_emit_assign(cx->fn->f, tmp, vals[i], 0, loc);
      vals[i] = tmp;
    }
  }
  for (uint32_t i = 0; i < n; i++) store_value(cx, lefts[i], vals[i], flags, loc);
}

/* `rows, err := db.Query(q)`: one call with several results. Destinations
** that are not paths get a temporary, stored afterwards. */
static void assign_call_results(GoCtx *cx, TSNode *lefts, uint32_t n, TSNode call, uint16_t flags, SrcLoc loc) {
  IrValue *dsts = ARENA_NEW_ARRAY(cx->a, IrValue, n);
  bool *late = ARENA_NEW_ARRAY(cx->a, bool, n);
  for (uint32_t i = 0; i < n; i++) {
    bool ok;
    dsts[i] = go_dest(cx, lefts[i], &ok);
    late[i] = !ok;
    if (!ok) dsts[i] = irv_path(irb_temp(cx->fn->f), ts_loc(lefts[i]));
  }
  go_lower_call_into(cx, call, dsts, n);
  for (uint32_t i = 0; i < n; i++)
    if (late[i]) store_value(cx, lefts[i], dsts[i], flags, loc);
}

/* `v, ok := m[k]`, `v, ok := x.(T)`, `v, ok := <-ch`: the first result is the
** value, the second a boolean, assigned right after it and flagged
** IR_ASSIGN_COMMA_OK (a `_` map element goes to a temporary, so the lookup
** stays visible: `_, ok := m[k]` is `%1 = m.[]` then `ok = other{}`). Anything else
** with one value and several destinations does not compile; each
** destination mentions the value. */
static void assign_comma_ok(GoCtx *cx, TSNode *lefts, uint32_t n, TSNode right, uint16_t flags, SrcLoc loc) {
  IrValue v = go_lower_expr(cx, right);
  TSNode r = go_strip(cx, right), l0 = go_strip(cx, lefts[0]);
  bool comma_ok = go_is(cx, r, GO_K_INDEX_EXPRESSION) || go_is(cx, r, GO_K_TYPE_ASSERTION_EXPRESSION) ||
                  (go_is(cx, r, GO_K_UNARY_EXPRESSION) && ts_has_token(r, "<-"));
  if (go_is(cx, r, GO_K_INDEX_EXPRESSION) && n == 2 && go_is(cx, l0, GO_K_IDENTIFIER) &&
      str_eq_cstr(ts_text(l0, cx->src), "_"))
    irb_emit_assign(cx->fn->f, irv_path(irb_temp(cx->fn->f), loc), v, 0, loc);
  else store_value(cx, lefts[0], v, flags, loc);
  for (uint32_t i = 1; i < n; i++)
    store_value(cx, lefts[i], comma_ok ? irv_kind(IR_V_OTHER, NULL, ts_loc(right)) : go_other(cx, &v, 1, loc),
                (uint16_t)(flags | (comma_ok ? IR_ASSIGN_COMMA_OK : 0)), loc);
}

/* Lowers `lefts op rights` for = and := (op NULL) and the compound forms. */
static void assign_lists(GoCtx *cx, TSNode *lefts, uint32_t nl, TSNode *rights, uint32_t nr, uint16_t flags,
                         SrcLoc loc) {
  if (nl == 0 || nr == 0) return;
  if (nl == 1 && nr == 1) {
    bool ok;
    TSNode l = go_strip(cx, lefts[0]);
    IrValue dst = go_dest(cx, l, &ok);
    if (ok && dst.kind == IR_V_PATH && go_is(cx, l, GO_K_IDENTIFIER)) cx->name_hint = dst.text;
    if (ok) go_lower_into(cx, rights[0], dst, flags, loc);
    else store_value(cx, l, go_lower_expr(cx, rights[0]), flags, loc);
    cx->name_hint = NULL;
  } else if (nr == 1 && go_is(cx, go_strip(cx, rights[0]), GO_K_CALL_EXPRESSION)) {
    assign_call_results(cx, lefts, nl, go_strip(cx, rights[0]), flags, loc);
  } else if (nr == 1) {
    assign_comma_ok(cx, lefts, nl, rights[0], flags, loc);
  } else {
    assign_pairs(cx, lefts, rights, nl < nr ? nl : nr, flags, loc);
  }
}

static void declare_lefts(GoCtx *cx, TSNode *lefts, uint32_t n, const char *type) {
  for (uint32_t i = 0; i < n; i++) go_declare_local(cx, go_strip(cx, lefts[i]), type);
}

/* `a, b := x, y` and `var a, b = x, y` without a type: each name takes the
** type its own value evidently has (go_evident_type), if any. The values
** are read before any name is declared: the new names are not in scope on
** the right-hand side. */
static void declare_lefts_by_value(GoCtx *cx, TSNode *lefts, uint32_t nl, TSNode *rights, uint32_t nr) {
  const char **types = ARENA_NEW_ARRAY(cx->a, const char *, nl ? nl : 1);
  for (uint32_t i = 0; i < nl; i++) types[i] = nl == nr ? go_evident_type(cx, rights[i]) : NULL;
  for (uint32_t i = 0; i < nl; i++) go_declare_local(cx, go_strip(cx, lefts[i]), types[i]);
}

void go_lower_simple_stmt(GoCtx *cx, TSNode n) {
  TSNode *lefts, *rights;
  uint32_t nl = list_items(cx, go_field(cx, n, GO_F_LEFT), &lefts);
  uint32_t nr = list_items(cx, go_field(cx, n, GO_F_RIGHT), &rights);
  SrcLoc loc = ts_loc(n);
  if (go_is(cx, n, GO_K_SHORT_VAR_DECLARATION)) {
    /* Declared before the right-hand side is lowered, so a destination is
    ** never mistaken for a capture of an enclosing function's variable of
    ** the same name; `:=` redeclaring an existing variable assigns it. */
    declare_lefts_by_value(cx, lefts, nl, rights, nr);
    assign_lists(cx, lefts, nl, rights, nr, IR_ASSIGN_DECL, loc);
    return;
  }
  Str op = ts_text(go_field(cx, n, GO_F_OPERATOR), cx->src);
  if (str_eq_cstr(op, "=") || op.len == 0) {
    assign_lists(cx, lefts, nl, rights, nr, 0, loc);
    return;
  }
  /* x += v: x = x op v. */
  if (nl < 1 || nr < 1) return;
  IrValue parts[2] = {go_lower_expr(cx, lefts[0]), go_lower_expr(cx, rights[0])};
  IrValue val;
  bool plus = str_eq_cstr(op, "+="), minus = str_eq_cstr(op, "-=");
  if (!((plus || minus) && go_step_value(cx, parts[0], rights[0], minus, loc, &val))) val = go_other(cx, parts, 2, loc);
  store_value(cx, lefts[0], val, 0, loc);
}

/* x++ is x = step{x, 1}, x-- is x = step{x, -1}. */
static void lower_inc_dec(GoCtx *cx, TSNode n) {
  TSNode operand = ts_node_named_child(n, 0);
  IrValue v = go_lower_expr(cx, operand);
  IrValue one = irv_kind(IR_V_NUMBER, go_is(cx, n, GO_K_DEC_STATEMENT) ? "-1" : "1", ts_loc(n));
  IrValue val = v.kind == IR_V_PATH ? go_step(cx, v, one, ts_loc(n)) : go_other(cx, &v, 1, ts_loc(n));
  store_value(cx, operand, val, 0, ts_loc(n));
}

/* Section - var and const */

static void lower_var_spec(GoCtx *cx, TSNode spec) {
  TSNode type = go_field(cx, spec, GO_F_TYPE);
  const char *tt = go_type_text(cx, type);
  uint32_t cnt = ts_node_child_count(spec), nl = 0;
  TSNode *names = ARENA_NEW_ARRAY(cx->a, TSNode, cnt ? cnt : 1);
  for (uint32_t i = 0; i < cnt; i++) {
    const char *f = ts_node_field_name_for_child(spec, i);
    TSNode c = ts_node_child(spec, i);
    if (f && strcmp(f, "name") == 0 && go_is(cx, c, GO_K_IDENTIFIER)) names[nl++] = c;
  }
  TSNode *values;
  uint32_t nv = list_items(cx, go_field(cx, spec, GO_F_VALUE), &values);
  SrcLoc loc = ts_loc(spec);
  if (tt) declare_lefts(cx, names, nl, tt);
  else declare_lefts_by_value(cx, names, nl, values, nv);
  if (nv > 0) {
    assign_lists(cx, names, nl, values, nv, IR_ASSIGN_DECL, loc);
    return;
  }
  for (uint32_t i = 0; i < nl; i++) store_value(cx, names[i], go_zero_value(cx, type, ts_loc(names[i])), IR_ASSIGN_DECL, loc);
}

void go_lower_var_decl(GoCtx *cx, TSNode n) {
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (go_is(cx, c, GO_K_VAR_SPEC)) lower_var_spec(cx, c);
    else if (go_is(cx, c, GO_K_VAR_SPEC_LIST)) go_lower_var_decl(cx, c);
  }
}

/* Package-level string constants become IrConsts (SQL held in constants);
** constants inside a function are assigned like variables. */
static void lower_const_spec(GoCtx *cx, TSNode spec, bool package_level) {
  TSNode *values;
  uint32_t nv = list_items(cx, go_field(cx, spec, GO_F_VALUE), &values), k = 0;
  uint32_t cnt = ts_node_child_count(spec);
  for (uint32_t i = 0; i < cnt; i++) {
    const char *f = ts_node_field_name_for_child(spec, i);
    TSNode c = ts_node_child(spec, i);
    if (!f || strcmp(f, "name") != 0 || !go_is(cx, c, GO_K_IDENTIFIER)) continue;
    uint32_t vi = k++;
    if (vi >= nv || !go_name(cx, c) || str_eq_cstr(ts_text(c, cx->src), "_")) continue;
    TSNode v = go_strip(cx, values[vi]);
    if (package_level) {
      if (go_is_string(cx, v)) irb_add_const(cx->b, (IrConst){go_text(cx, c), go_string_value(cx, v), ts_loc(c)});
      continue;
    }
    go_declare_local(cx, c, go_type_text(cx, go_field(cx, spec, GO_F_TYPE)));
    store_value(cx, c, go_lower_expr(cx, v), IR_ASSIGN_DECL, ts_loc(spec));
  }
}

void go_lower_const_decl(GoCtx *cx, TSNode n, bool package_level) {
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (go_is(cx, c, GO_K_CONST_SPEC)) lower_const_spec(cx, c, package_level);
  }
}

/* Section - Jumps and labels */

void go_push_jump(GoCtx *cx, uint32_t brk, uint32_t cont) {
  GoFn *fn = cx->fn;
  GoJump j = {.label = fn->pending_label, .brk = brk, .cont = cont};
  fn->pending_label = NULL;
  array_push(&fn->jumps, j);
}

void go_pop_jump(GoCtx *cx) { cx->fn->jumps.len--; }

static TSNode label_child(GoCtx *cx, TSNode n) {
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++)
    if (go_is(cx, ts_node_named_child(n, i), GO_K_LABEL_NAME)) return ts_node_named_child(n, i);
  return (TSNode){0};
}

static void lower_break_continue(GoCtx *cx, TSNode n, bool is_break) {
  GoFn *fn = cx->fn;
  TSNode lbl = label_child(cx, n);
  const char *label = go_name(cx, lbl);
  for (uint32_t i = fn->jumps.len; i-- > 0;) {
    GoJump j = fn->jumps.items[i];
    if (label && (!j.label || strcmp(j.label, label) != 0)) continue;
    if (!is_break && j.cont == IRB_NO_BLOCK) {
      if (label) break; /* continue to a switch label does not compile */
      continue;         /* continue skips switch and select */
    }
    irb_jump(fn->f, is_break ? j.brk : j.cont, ts_loc(n));
    return;
  }
  go_emit_opaque(cx, n, NULL); /* a jump with no target does not compile */
}

/* The block of label name, created on first use (a goto may come first). */
static GoLabel *label_get(GoCtx *cx, const char *name, SrcLoc loc) {
  GoFn *fn = cx->fn;
  for (uint32_t i = 0; i < fn->labels.len; i++)
    if (strcmp(fn->labels.items[i].name, name) == 0) return &fn->labels.items[i];
  GoLabel l = {.name = name, .block = irb_block_new(fn->f, "label"), .loc = loc};
  array_push(&fn->labels, l);
  return array_last(&fn->labels);
}

static void lower_goto(GoCtx *cx, TSNode n) {
  TSNode lbl = label_child(cx, n);
  if (!go_name(cx, lbl)) return;
  GoLabel *l = label_get(cx, go_name(cx, lbl), ts_loc(n));
  irb_jump(cx->fn->f, l->block, ts_loc(n));
}

static bool is_breakable(GoCtx *cx, TSNode n) {
  GoKind k = go_kind(cx, n);
  return k == GO_K_FOR_STATEMENT || k == GO_K_EXPRESSION_SWITCH_STATEMENT || k == GO_K_TYPE_SWITCH_STATEMENT ||
         k == GO_K_SELECT_STATEMENT;
}

static void lower_labeled(GoCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode lbl = go_field(cx, n, GO_F_LABEL);
  const char *name = go_name(cx, lbl) ? go_name(cx, lbl) : "?";
  GoLabel *l = label_get(cx, name, ts_loc(n));
  uint32_t blk = l->block;
  if (l->placed) blk = irb_block_new(f, "label"); /* a duplicate label does not compile */
  l->placed = true;
  irb_jump(f, blk, ts_loc(n));
  irb_set_cur(f, blk);
  TSNode body = ts_node_next_named_sibling(lbl);
  while (go_is(cx, body, GO_K_COMMENT)) body = ts_node_next_named_sibling(body);
  if (!ts_ok(body)) return;
  if (is_breakable(cx, body)) cx->fn->pending_label = name;
  go_lower_stmt(cx, body);
  cx->fn->pending_label = NULL;
}

/* Section - if */

static void lower_if(GoCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode init = go_field(cx, n, GO_F_INITIALIZER), alt = go_field(cx, n, GO_F_ALTERNATIVE);
  if (ts_ok(init)) go_lower_stmt(cx, init);
  uint32_t then_blk = irb_block_new(f, "if.then");
  uint32_t else_blk = ts_ok(alt) ? irb_block_new(f, "if.else") : IRB_NO_BLOCK;
  uint32_t join = irb_block_new(f, "if.end");
  go_lower_cond(cx, go_field(cx, n, GO_F_CONDITION), then_blk, ts_ok(alt) ? else_blk : join);
  irb_set_cur(f, then_blk);
  go_lower_stmt(cx, go_field(cx, n, GO_F_CONSEQUENCE));
  irb_jump(f, join, ts_loc_last(n));
  if (ts_ok(alt)) {
    irb_set_cur(f, else_blk);
    go_lower_stmt(cx, alt);
    irb_jump(f, join, ts_loc_last(n));
  }
  irb_set_cur(f, join);
}

/* Section - for */

/* The loop body and continue target are shared by every form. */
static void lower_loop_body(GoCtx *cx, TSNode n, uint32_t body, uint32_t cont, uint32_t exit) {
  IrbFunc *f = cx->fn->f;
  go_push_jump(cx, exit, cont);
  irb_set_cur(f, body);
  go_lower_stmt(cx, go_field(cx, n, GO_F_BODY));
  irb_jump(f, cont, ts_loc_last(n));
  go_pop_jump(cx);
}

static void lower_for_clause(GoCtx *cx, TSNode n, TSNode clause) {
  IrbFunc *f = cx->fn->f;
  TSNode init = go_field(cx, clause, GO_F_INITIALIZER), cond = go_field(cx, clause, GO_F_CONDITION);
  TSNode upd = go_field(cx, clause, GO_F_UPDATE);
  if (ts_ok(init)) go_lower_stmt(cx, init);
  uint32_t head = irb_block_new(f, "for.cond"), body = irb_block_new(f, "for.body");
  uint32_t post = irb_block_new(f, "for.post"), exit = irb_block_new(f, "for.end");
  irb_jump(f, head, ts_loc(n));
  irb_set_cur(f, head);
  if (ts_ok(cond)) go_lower_cond(cx, cond, body, exit);
  else irb_jump(f, body, ts_loc(n));
  lower_loop_body(cx, n, body, post, exit);
  irb_set_cur(f, post);
  if (ts_ok(upd)) go_lower_stmt(cx, upd);
  irb_jump(f, head, ts_loc(n));
  irb_set_cur(f, exit);
}

/* `for k, v := range x`: the head tests an opaque "has next" condition on x;
** each iteration binds v = x.[] and k to an opaque key or index, flagged
** IR_ASSIGN_RANGE_KEY (the body's first instruction). A single variable is
** the key (for a channel it is the element: known imprecision, see ir.h). */
static void lower_range(GoCtx *cx, TSNode n, TSNode clause) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(clause);
  IrValue it = go_lower_expr(cx, go_field(cx, clause, GO_F_RIGHT));
  if (it.kind != IR_V_PATH) {
    IrValue tmp = irv_path(irb_temp(f), loc);
    irb_emit_assign(f, tmp, it, 0, loc);
    it = tmp;
  }
  uint32_t head = irb_block_new(f, "range.next"), body = irb_block_new(f, "range.body");
  uint32_t exit = irb_block_new(f, "range.end");
  irb_jump(f, head, ts_loc(n));
  irb_set_cur(f, head);
  IrCond *c = go_cond_new(cx, IR_COND_OPAQUE, loc);
  c->a = it;
  irb_branch(f, c, body, exit, loc);
  irb_set_cur(f, body);
  TSNode *lefts;
  uint32_t nl = list_items(cx, go_field(cx, clause, GO_F_LEFT), &lefts);
  bool decl = ts_has_token(clause, ":=");
  if (decl) declare_lefts(cx, lefts, nl, NULL);
  uint16_t flags = decl ? IR_ASSIGN_DECL : 0;
  if (nl >= 1) store_value(cx, lefts[0], irv_kind(IR_V_OTHER, NULL, loc), (uint16_t)(flags | IR_ASSIGN_RANGE_KEY), loc);
  if (nl >= 2) store_value(cx, lefts[1], go_path_extend(cx, it, "[]", loc), flags, loc);
  lower_loop_body(cx, n, body, head, exit);
  irb_set_cur(f, exit);
}

static void lower_for(GoCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode clause = {0};
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (!ts_node_eq(c, go_field(cx, n, GO_F_BODY)) && !go_is(cx, c, GO_K_COMMENT)) {
      clause = c;
      break;
    }
  }
  if (go_is(cx, clause, GO_K_FOR_CLAUSE)) {
    lower_for_clause(cx, n, clause);
  } else if (go_is(cx, clause, GO_K_RANGE_CLAUSE)) {
    lower_range(cx, n, clause);
  } else {
    /* `for cond {}` and `for {}`. */
    uint32_t head = irb_block_new(f, "for.cond"), body = irb_block_new(f, "for.body");
    uint32_t exit = irb_block_new(f, "for.end");
    irb_jump(f, head, ts_loc(n));
    irb_set_cur(f, head);
    if (ts_ok(clause)) go_lower_cond(cx, clause, body, exit);
    else irb_jump(f, body, ts_loc(n));
    lower_loop_body(cx, n, body, head, exit);
    irb_set_cur(f, exit);
  }
}

/* Section - return */

/* `return` with values; a bare `return` in a function with named results
** returns their current values. */
static void lower_return(GoCtx *cx, TSNode n) {
  GoFn *fn = cx->fn;
  TSNode list = ts_node_named_child(n, 0);
  while (go_is(cx, list, GO_K_COMMENT)) list = ts_node_next_named_sibling(list);
  TSNode *items;
  uint32_t k = list_items(cx, list, &items);
  if (k == 0) {
    IrValue *vals = ARENA_NEW_ARRAY(cx->a, IrValue, fn->results.len + 1);
    for (uint32_t i = 0; i < fn->results.len; i++) {
      const char *r = fn->results.items[i];
      vals[i] = strcmp(r, "_") == 0 ? irv_kind(IR_V_OTHER, NULL, ts_loc(n)) : irv_path(r, ts_loc(n));
    }
    irb_ret(fn->f, vals, fn->results.len, ts_loc(n));
    return;
  }
  IrValue *vals = ARENA_NEW_ARRAY(cx->a, IrValue, k);
  for (uint32_t i = 0; i < k; i++) vals[i] = go_lower_expr(cx, items[i]);
  irb_ret(fn->f, vals, k, ts_loc(n));
}

/* Section - Dispatch */

static bool lower_stmt_simple(GoCtx *cx, TSNode n, GoKind k) {
  switch (k) {
  case GO_K_EXPRESSION_STATEMENT: {
    TSNode e = ts_node_named_child(n, 0);
    if (ts_ok(e)) go_lower_discard(cx, e);
    return true;
  }
  case GO_K_SHORT_VAR_DECLARATION:
  case GO_K_ASSIGNMENT_STATEMENT: go_lower_simple_stmt(cx, n); return true;
  case GO_K_INC_STATEMENT:
  case GO_K_DEC_STATEMENT: lower_inc_dec(cx, n); return true;
  case GO_K_SEND_STATEMENT: {
    /* ch <- v: the value escapes into the channel. */
    IrValue parts[2] = {go_lower_expr(cx, go_field(cx, n, GO_F_CHANNEL)), go_lower_expr(cx, go_field(cx, n, GO_F_VALUE))};
    go_emit_opaque_values(cx, "send", parts, 2, ts_loc(n));
    return true;
  }
  case GO_K_VAR_DECLARATION: go_lower_var_decl(cx, n); return true;
  case GO_K_CONST_DECLARATION: go_lower_const_decl(cx, n, false); return true;
  case GO_K_TYPE_DECLARATION:
    go_note_type_names(cx, n);
    go_lower_type_decl(cx, n);
    return true;
  case GO_K_BLOCK:
  case GO_K_STATEMENT_LIST: go_lower_block(cx, n); return true;
  case GO_K_EMPTY_STATEMENT:
  case GO_K_COMMENT: return true; /* nothing runs */
  default: return false;
  }
}

static bool lower_stmt_control(GoCtx *cx, TSNode n, GoKind k) {
  switch (k) {
  case GO_K_IF_STATEMENT: lower_if(cx, n); break;
  case GO_K_FOR_STATEMENT: lower_for(cx, n); break;
  case GO_K_EXPRESSION_SWITCH_STATEMENT: go_lower_expr_switch(cx, n); break;
  case GO_K_TYPE_SWITCH_STATEMENT: go_lower_type_switch(cx, n); break;
  case GO_K_SELECT_STATEMENT: go_lower_select(cx, n); break;
  case GO_K_RETURN_STATEMENT: lower_return(cx, n); break;
  case GO_K_DEFER_STATEMENT: go_lower_defer(cx, n); break;
  case GO_K_GO_STATEMENT: go_lower_go(cx, n); break;
  case GO_K_LABELED_STATEMENT: lower_labeled(cx, n); break;
  case GO_K_GOTO_STATEMENT: lower_goto(cx, n); break;
  case GO_K_BREAK_STATEMENT: lower_break_continue(cx, n, true); break;
  case GO_K_CONTINUE_STATEMENT: lower_break_continue(cx, n, false); break;
  case GO_K_FALLTHROUGH_STATEMENT:
    if (cx->fn->fallthrough != IRB_NO_BLOCK) irb_jump(cx->fn->f, cx->fn->fallthrough, ts_loc(n));
    break;
  default: return false;
  }
  return true;
}

void go_lower_stmt(GoCtx *cx, TSNode n) {
  if (!ts_ok(n)) return;
  if (!go_enter(cx, n)) {
    go_emit_opaque(cx, n, NULL);
    return;
  }
  GoKind k = go_kind(cx, n);
  if (lower_stmt_simple(cx, n, k) || lower_stmt_control(cx, n, k)) {
    /* lowered */
  } else if (ts_node_is_error(n)) {
    go_emit_opaque(cx, n, "ERROR");
  } else if (k == GO_K_FUNCTION_DECLARATION || k == GO_K_METHOD_DECLARATION) {
    go_lower_func_decl(cx, n); /* only in broken files */
  } else {
    lower_note_unsupported(cx->fx, n);
    go_emit_opaque(cx, n, NULL);
  }
  go_leave(cx);
}
