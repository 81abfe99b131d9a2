/* js_lower_stmt: statements and structured control flow: blocks, `using`
** scopes, declarations, if, switch, loops, labels, break/continue, return,
** throw and try/catch/finally (finally by duplication, see ir.h). */
#include <string.h>

#include "frontend/js/js_lower.h"

/* Section - finally and disposal copies */

static void emit_dispose(JsCtx *cx, const JsFinally *fin) {
  for (uint32_t i = fin->n_vars; i-- > 0;) {
    IrInstr in = {.kind = IR_CALL, .loc = fin->loc};
    IrCall *c = &in.u.call;
    c->callee = arena_printf(cx->a, "%s.@@dispose", fin->vars[i]);
    c->name = "@@dispose";
    c->recv = irv_path(fin->vars[i], fin->loc);
    c->callee_value = irv_none();
    c->flags = (uint16_t)(IR_CALL_MAY_THROW | (fin->awaited ? IR_CALL_AWAITED : 0));
    irb_emit(cx->fn->f, &in);
  }
}

static void emit_finally(JsCtx *cx, const JsFinally *fin) {
  if (fin->kind == JS_FIN_DISPOSE) emit_dispose(cx, fin);
  else js_lower_stmts(cx, fin->body, 0);
}

void js_run_finallies(JsCtx *cx, uint32_t down_to, const char *why) {
  JsFn *fn = cx->fn;
  uint32_t saved_len = fn->fins.len;
  if (saved_len <= down_to) return;
  int32_t saved_exn = irb_exn(fn->f);
  /* Lowering a copy may push nested finallies over the truncated stack, so
  ** keep the entries aside and put them back afterwards. */
  uint32_t n = saved_len - down_to;
  JsFinally *keep = arena_alloc(cx->a, sizeof *keep * n);
  memcpy(keep, fn->fins.items + down_to, sizeof *keep * n);
  for (uint32_t i = saved_len; i-- > down_to && irb_func_has_cur(fn->f);) {
    const JsFinally *fin = &keep[i - down_to];
    fn->fins.len = i;
    irb_set_exn(fn->f, fin->outer_exn);
    uint32_t blk = irb_block_new(fn->f, why);
    irb_jump(fn->f, blk, fin->loc);
    irb_set_cur(fn->f, blk);
    emit_finally(cx, fin);
  }
  fn->fins.len = down_to;
  for (uint32_t i = 0; i < n; i++) array_push(&fn->fins, keep[i]);
  irb_set_exn(fn->f, saved_exn);
}

/* Section - Protected regions (try and using) */

typedef void (*JsBodyFn)(JsCtx *cx, TSNode node, uint32_t first);

typedef struct JsProtected {
  TSNode body;          /* lowered by body_fn(body, first) */
  uint32_t first;
  JsBodyFn body_fn;
  const char *body_kind;
  TSNode handler;       /* catch_clause or null */
  JsFinally *fin;       /* NULL without finally */
  SrcLoc loc;
} JsProtected;

static void bind_catch_param(JsCtx *cx, TSNode handler) {
  TSNode param = js_field(cx, handler, JS_F_PARAMETER);
  if (!ts_ok(param)) return;
  IrValue exc = irv_kind(IR_V_OTHER, NULL, ts_loc(param));
  js_destructure(cx, param, exc, IR_ASSIGN_DECL, ts_loc(param));
}

/* Ends the current block (normal completion of the body or the catch) with
** a jump to the normal finally copy, creating it on first use. */
static void complete_normally(JsCtx *cx, const JsProtected *p, uint32_t *fin_norm, uint32_t join, int32_t outer) {
  IrbFunc *f = cx->fn->f;
  if (!irb_func_has_cur(f)) return;
  if (!p->fin) {
    irb_jump(f, join, p->loc);
    return;
  }
  if (*fin_norm == IRB_NO_BLOCK) {
    int32_t saved = irb_exn(f);
    irb_set_exn(f, outer);
    *fin_norm = irb_block_new(f, p->fin->kind == JS_FIN_DISPOSE ? "using.dispose" : "finally");
    irb_set_exn(f, saved);
  }
  irb_jump(f, *fin_norm, p->loc);
}

static void lower_handler(JsCtx *cx, const JsProtected *p, uint32_t catch_blk) {
  IrbFunc *f = cx->fn->f;
  irb_set_cur(f, catch_blk);
  bind_catch_param(cx, p->handler);
  TSNode body = js_field(cx, p->handler, JS_F_BODY);
  if (ts_ok(body)) js_lower_stmts(cx, body, 0);
}

static void lower_protected(JsCtx *cx, const JsProtected *p) {
  IrbFunc *f = cx->fn->f;
  int32_t outer = irb_exn(f);
  bool has_catch = ts_ok(p->handler);
  uint32_t body_blk = irb_block_new(f, p->body_kind);
  uint32_t catch_blk = has_catch ? irb_block_new(f, "try.catch") : 0;
  uint32_t fin_exn = p->fin ? irb_block_new(f, p->fin->kind == JS_FIN_DISPOSE ? "using.exn" : "finally.exn") : 0;
  if (has_catch) irb_block_set_exn(f, catch_blk, p->fin ? (int32_t)fin_exn : outer);
  uint32_t join = irb_block_new(f, p->fin && p->fin->kind == JS_FIN_DISPOSE ? "using.end" : "try.end");
  if (p->fin) {
    p->fin->outer_exn = outer;
    array_push(&cx->fn->fins, *p->fin);
  }
  /* A try with neither a catch nor a usable finally (only after error
  ** recovery: `try {}`, `try {} finally`) keeps the enclosing handler. */
  irb_set_exn(f, has_catch ? (int32_t)catch_blk : p->fin ? (int32_t)fin_exn : outer);
  irb_block_set_exn(f, body_blk, irb_exn(f));
  irb_jump(f, body_blk, p->loc);
  irb_set_cur(f, body_blk);
  p->body_fn(cx, p->body, p->first);
  uint32_t fin_norm = IRB_NO_BLOCK;
  complete_normally(cx, p, &fin_norm, join, outer);
  if (has_catch) {
    irb_set_exn(f, p->fin ? (int32_t)fin_exn : outer);
    lower_handler(cx, p, catch_blk);
    complete_normally(cx, p, &fin_norm, join, outer);
  }
  if (p->fin) cx->fn->fins.len--;
  irb_set_exn(f, outer);
  if (fin_norm != IRB_NO_BLOCK) {
    irb_set_cur(f, fin_norm);
    emit_finally(cx, p->fin);
    irb_jump(f, join, p->fin->loc);
  }
  if (p->fin) {
    irb_set_cur(f, fin_exn);
    emit_finally(cx, p->fin);
    irb_throw(f, NULL, p->fin->loc);
  }
  irb_set_cur(f, join);
}

static void lower_try(JsCtx *cx, TSNode n) {
  TSNode fin_clause = js_field(cx, n, JS_F_FINALIZER);
  JsFinally fin = {.kind = JS_FIN_BLOCK, .loc = ts_loc(fin_clause)};
  if (ts_ok(fin_clause)) fin.body = js_field(cx, fin_clause, JS_F_BODY);
  bool has_fin = ts_ok(fin_clause) && ts_ok(fin.body);
  JsProtected p = {.body = js_field(cx, n, JS_F_BODY), .body_fn = js_lower_stmts, .body_kind = "try.body",
                   .handler = js_field(cx, n, JS_F_HANDLER), .fin = has_fin ? &fin : NULL, .loc = ts_loc(n)};
  if (!ts_ok(p.body)) return;
  lower_protected(cx, &p);
}

/* Section - using declarations */

/* The TS grammar parses `using x = f()` as an assignment with a `using`
** token and `await using …` as an await around it. Returns the assignment. */
static TSNode ts_using_assignment(JsCtx *cx, TSNode stmt, bool *awaited) {
  TSNode null = {0};
  if (!js_is(cx, stmt, JS_K_EXPRESSION_STATEMENT)) return null;
  TSNode e = ts_node_named_child(stmt, 0);
  *awaited = false;
  if (js_is(cx, e, JS_K_AWAIT_EXPRESSION)) {
    *awaited = true;
    e = ts_node_named_child(e, 0);
  }
  return js_is(cx, e, JS_K_ASSIGNMENT_EXPRESSION) && ts_has_token(e, "using") ? e : null;
}

static void lower_declarator(JsCtx *cx, TSNode d, bool is_const);

/* Lowers the using declaration at index i and the rest of the block as its
** scope: the variables are disposed on every way out, like a finally. */
static void lower_using(JsCtx *cx, TSNode block, uint32_t i) {
  TSNode stmt = ts_node_named_child(block, i);
  JsFinally fin = {.kind = JS_FIN_DISPOSE, .loc = ts_loc(stmt)};
  ARRAY(const char *) vars = {0};
  bool awaited = false;
  TSNode assign = ts_using_assignment(cx, stmt, &awaited);
  if (ts_ok(assign)) {
    TSNode left = js_field(cx, assign, JS_F_LEFT);
    const char *name = js_text(cx, left);
    js_lower_into(cx, js_field(cx, assign, JS_F_RIGHT), irv_path(name, ts_loc(left)), IR_ASSIGN_DECL, ts_loc(assign));
    array_push_in(cx->a, &vars, name);
  } else {
    awaited = ts_has_token(stmt, "await");
    uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t k = 0; k < n; k++) {
      TSNode d = ts_node_named_child(stmt, k);
      if (!js_is(cx, d, JS_K_VARIABLE_DECLARATOR)) continue;
      lower_declarator(cx, d, true);
      TSNode name = js_field(cx, d, JS_F_NAME);
      if (js_is(cx, name, JS_K_IDENTIFIER)) array_push_in(cx->a, &vars, js_text(cx, name));
    }
  }
  fin.vars = vars.items;
  fin.n_vars = vars.len;
  fin.awaited = awaited;
  JsProtected p = {.body = block, .first = i + 1, .body_fn = js_lower_stmts, .body_kind = "using.body",
                   .fin = &fin, .loc = ts_loc(stmt)};
  lower_protected(cx, &p);
}

static bool is_using(JsCtx *cx, TSNode stmt) {
  bool awaited;
  return js_is(cx, stmt, JS_K_USING_DECLARATION) || ts_ok(ts_using_assignment(cx, stmt, &awaited));
}

/* The named children of block but comments (no-ops, and in a generated file
** most of them: their 32-byte nodes were most of the lowering's memory).
** Counted first, so the list is allocated at its size. */
static uint32_t list_statements(JsCtx *cx, TSNode block, TSNode **out) {
  uint32_t n = 0, k = 0;
  TSTreeCursor cur = ts_tree_cursor_new(block);
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) *out = ARENA_NEW_ARRAY(cx->a, TSNode, n ? n : 1);
    ts_tree_cursor_reset(&cur, block);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more; more = ts_tree_cursor_goto_next_sibling(&cur)) {
      TSNode c = ts_tree_cursor_current_node(&cur);
      if (!ts_node_is_named(c) || js_is(cx, c, JS_K_COMMENT)) continue;
      if (pass == 0) n++;
      else if (k < n) (*out)[k++] = c;
    }
  }
  ts_tree_cursor_delete(&cur);
  return k;
}

void js_lower_stmts(JsCtx *cx, TSNode block, uint32_t first) {
  /* A cursor walk (ts_node_named_child(block, i) costs O(i)), kept for the
  ** using scopes that come back for the rest of the same block. */
  if (ts_node_is_null(cx->listed) || !ts_node_eq(cx->listed, block)) {
    cx->n_kids = list_statements(cx, block, &cx->kids);
    cx->listed = block;
  }
  TSNode *kids = cx->kids;
  uint32_t n = cx->n_kids;
  for (uint32_t i = first; i < n; i++) {
    TSNode c = kids[i];
    if (is_using(cx, c)) {
      /* Each using nests the rest of the block in its scope: guarded like any
      ** nesting, or thousands of usings in one block overflow the C stack. */
      if (!js_enter(cx, c)) {
        for (; i < n; i++) js_emit_opaque(cx, kids[i], NULL);
        return;
      }
      lower_using(cx, block, i);
      js_leave(cx);
      return;
    }
    js_lower_stmt(cx, c);
  }
}

void js_lower_body(JsCtx *cx, TSNode body) {
  if (js_is(cx, body, JS_K_STATEMENT_BLOCK)) {
    js_lower_stmts(cx, body, 0);
    return;
  }
  IrValue v = js_lower_expr(cx, body);
  irb_ret(cx->fn->f, &v, 1, ts_loc(body));
}

/* Section - Declarations */

static void maybe_module_const(JsCtx *cx, TSNode name, TSNode value) {
  TSNode v = js_strip(cx, value);
  bool plain_template = js_is(cx, v, JS_K_TEMPLATE_STRING) && !ts_node_named_child_count(v);
  if (!js_is(cx, v, JS_K_STRING) && !plain_template) {
    if (!(js_is(cx, v, JS_K_TEMPLATE_STRING))) return;
    bool has_sub = false;
    for (uint32_t i = 0; i < ts_node_named_child_count(v); i++)
      has_sub |= js_is(cx, ts_node_named_child(v, i), JS_K_TEMPLATE_SUBSTITUTION);
    if (has_sub) return;
  }
  IrConst c = {.name = js_text(cx, name), .value = js_string_value(cx, v), .loc = ts_loc(name)};
  irb_add_const(cx->b, c);
}

static void lower_declarator(JsCtx *cx, TSNode d, bool is_const) {
  TSNode name = js_field(cx, d, JS_F_NAME), value = js_field(cx, d, JS_F_VALUE);
  if (!ts_ok(name) || !ts_ok(value)) return;
  if (js_try_require_decl(cx, d)) return;
  SrcLoc loc = ts_loc(d);
  if (js_is(cx, name, JS_K_IDENTIFIER)) {
    const char *var = js_text(cx, name);
    cx->name_hint = var;
    js_lower_into(cx, value, irv_path(var, ts_loc(name)), IR_ASSIGN_DECL, loc);
    if (is_const && !cx->fn->outer) maybe_module_const(cx, name, value);
    return;
  }
  IrValue v = js_lower_expr(cx, value);
  js_destructure(cx, name, v, IR_ASSIGN_DECL, loc);
}

static void lower_declaration(JsCtx *cx, TSNode n) {
  bool is_const = ts_has_token(n, "const");
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode d = ts_node_named_child(n, i);
    if (js_is(cx, d, JS_K_VARIABLE_DECLARATOR)) lower_declarator(cx, d, is_const);
  }
}

static void lower_function_decl(JsCtx *cx, TSNode n) {
  TSNode name = js_field(cx, n, JS_F_NAME);
  const char *local = ts_ok(name) ? js_text(cx, name) : "default";
  int32_t idx = js_lower_function(cx, n, js_qualify(cx, local), NULL, 0);
  /* Nested declarations bind a local; module-level ones are found by name. */
  if (cx->fn->outer && idx >= 0)
    irb_emit_assign(cx->fn->f, irv_path(local, ts_loc(name)), irv_func(idx, ts_loc(n)), IR_ASSIGN_DECL, ts_loc(n));
}

/* Section - Jumps */

static void push_jump(JsCtx *cx, uint32_t brk, uint32_t cont, bool label_only, const char *label) {
  JsFn *fn = cx->fn;
  JsJump j = {.label = label ? label : fn->pending_label, .brk = brk, .cont = cont, .label_only = label_only,
              .fin_depth = fn->fins.len};
  fn->pending_label = NULL;
  array_push(&fn->jumps, j);
}

static void pop_jump(JsCtx *cx) { cx->fn->jumps.len--; }

static void lower_break_continue(JsCtx *cx, TSNode n, bool is_break) {
  JsFn *fn = cx->fn;
  TSNode lbl = js_field(cx, n, JS_F_LABEL);
  if (!ts_ok(lbl) && ts_node_named_child_count(n) > 0) lbl = ts_node_named_child(n, 0);
  const char *label = js_is(cx, lbl, JS_K_STATEMENT_IDENTIFIER) ? js_text(cx, lbl) : NULL;
  for (uint32_t i = fn->jumps.len; i-- > 0;) {
    JsJump j = fn->jumps.items[i];
    if (label) {
      if (!j.label || strcmp(j.label, label) != 0) continue;
      if (!is_break && j.cont == IRB_NO_BLOCK) break; /* continue to a non-loop label */
    } else if (is_break ? j.label_only : j.cont == IRB_NO_BLOCK) {
      continue;
    }
    js_run_finallies(cx, j.fin_depth, is_break ? "finally.break" : "finally.continue");
    irb_jump(fn->f, is_break ? j.brk : j.cont, ts_loc(n));
    return;
  }
  js_emit_opaque(cx, n, NULL); /* a jump with no target is a syntax error */
}

/* Section - if, switch */

static void lower_if(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode alt = js_field(cx, n, JS_F_ALTERNATIVE);
  uint32_t then_blk = irb_block_new(f, "if.then");
  uint32_t else_blk = ts_ok(alt) ? irb_block_new(f, "if.else") : IRB_NO_BLOCK;
  uint32_t join = irb_block_new(f, "if.end");
  js_lower_cond(cx, js_field(cx, n, JS_F_CONDITION), then_blk, ts_ok(alt) ? else_blk : join);
  irb_set_cur(f, then_blk);
  js_lower_stmt(cx, js_field(cx, n, JS_F_CONSEQUENCE));
  irb_jump(f, join, ts_loc_last(n));
  if (ts_ok(alt)) {
    irb_set_cur(f, else_blk);
    TSNode body = js_is(cx, alt, JS_K_ELSE_CLAUSE) ? ts_node_named_child(alt, 0) : alt;
    js_lower_stmt(cx, body);
    irb_jump(f, join, ts_loc_last(n));
  }
  irb_set_cur(f, join);
}

/* Lowers the statements of a case (every named child except its value). */
static void lower_case_body(JsCtx *cx, TSNode c) {
  TSNode value = js_field(cx, c, JS_F_VALUE);
  uint32_t n = ts_node_named_child_count(c);
  for (uint32_t i = 0; i < n; i++) {
    TSNode s = ts_node_named_child(c, i);
    if (ts_ok(value) && ts_node_eq(s, value)) continue;
    js_lower_stmt(cx, s);
  }
}

/* switch: a chain of tests in case order (the default is taken when none
** matches), then the case bodies in source order with fallthrough. */
static void lower_switch(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode body = js_field(cx, n, JS_F_BODY);
  IrValue disc = js_lower_expr(cx, js_field(cx, n, JS_F_VALUE));
  uint32_t all = ts_ok(body) ? ts_node_named_child_count(body) : 0, cnt = 0;
  TSNode *cases = arena_alloc(cx->a, sizeof *cases * (all ? all : 1));
  uint32_t *blocks = arena_alloc(cx->a, sizeof *blocks * (all ? all : 1));
  uint32_t dflt = IRB_NO_BLOCK;
  for (uint32_t i = 0; i < all; i++) {
    TSNode c = ts_node_named_child(body, i);
    if (!js_is(cx, c, JS_K_SWITCH_CASE) && !js_is(cx, c, JS_K_SWITCH_DEFAULT)) continue;
    cases[cnt] = c;
    blocks[cnt] = irb_block_new(f, js_is(cx, c, JS_K_SWITCH_DEFAULT) ? "switch.default" : "switch.case");
    if (js_is(cx, c, JS_K_SWITCH_DEFAULT)) dflt = blocks[cnt];
    cnt++;
  }
  uint32_t join = irb_block_new(f, "switch.end");
  for (uint32_t i = 0; i < cnt; i++) {
    if (!js_is(cx, cases[i], JS_K_SWITCH_CASE)) continue;
    IrValue v = js_lower_expr(cx, js_field(cx, cases[i], JS_F_VALUE));
    IrCond *cond = js_cond_new(cx, IR_COND_EQ, ts_loc(cases[i]));
    cond->a = disc;
    cond->b = v;
    uint32_t next = irb_block_new(f, "switch.test");
    irb_branch(f, cond, blocks[i], next, ts_loc(cases[i]));
    irb_set_cur(f, next);
  }
  irb_jump(f, dflt != IRB_NO_BLOCK ? dflt : join, ts_loc(n));
  push_jump(cx, join, IRB_NO_BLOCK, false, NULL);
  for (uint32_t i = 0; i < cnt; i++) {
    irb_set_cur(f, blocks[i]);
    lower_case_body(cx, cases[i]);
    irb_jump(f, i + 1 < cnt ? blocks[i + 1] : join, ts_loc_last(cases[i]));
  }
  pop_jump(cx);
  irb_set_cur(f, join);
}

/* Section - Loops */

static void lower_while(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  uint32_t head = irb_block_new(f, "while.cond"), body = irb_block_new(f, "while.body");
  uint32_t exit = irb_block_new(f, "while.end");
  irb_jump(f, head, ts_loc(n));
  irb_set_cur(f, head);
  js_lower_cond(cx, js_field(cx, n, JS_F_CONDITION), body, exit);
  push_jump(cx, exit, head, false, NULL);
  irb_set_cur(f, body);
  js_lower_stmt(cx, js_field(cx, n, JS_F_BODY));
  irb_jump(f, head, ts_loc_last(n));
  pop_jump(cx);
  irb_set_cur(f, exit);
}

static void lower_do(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  uint32_t body = irb_block_new(f, "do.body"), cond = irb_block_new(f, "do.cond");
  uint32_t exit = irb_block_new(f, "do.end");
  irb_jump(f, body, ts_loc(n));
  push_jump(cx, exit, cond, false, NULL);
  irb_set_cur(f, body);
  js_lower_stmt(cx, js_field(cx, n, JS_F_BODY));
  irb_jump(f, cond, ts_loc_last(n));
  pop_jump(cx);
  irb_set_cur(f, cond);
  js_lower_cond(cx, js_field(cx, n, JS_F_CONDITION), body, exit);
  irb_set_cur(f, exit);
}

/* The part of a for header that is an expression statement or expression. */
static TSNode header_expr(JsCtx *cx, TSNode n) {
  if (js_is(cx, n, JS_K_EXPRESSION_STATEMENT)) return ts_node_named_child(n, 0);
  if (js_is(cx, n, JS_K_EMPTY_STATEMENT) || (ts_ok(n) && !ts_node_is_named(n))) return (TSNode){0};
  return n;
}

static void lower_for(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode init = js_field(cx, n, JS_F_INITIALIZER), cond = header_expr(cx, js_field(cx, n, JS_F_CONDITION));
  TSNode inc = js_field(cx, n, JS_F_INCREMENT);
  if (js_is(cx, init, JS_K_LEXICAL_DECLARATION) || js_is(cx, init, JS_K_VARIABLE_DECLARATION))
    lower_declaration(cx, init);
  else if (ts_ok(header_expr(cx, init))) js_lower_discard(cx, header_expr(cx, init));
  uint32_t head = irb_block_new(f, "for.cond"), body = irb_block_new(f, "for.body");
  uint32_t upd = irb_block_new(f, "for.update"), exit = irb_block_new(f, "for.end");
  irb_jump(f, head, ts_loc(n));
  irb_set_cur(f, head);
  if (ts_ok(cond)) js_lower_cond(cx, cond, body, exit);
  else irb_jump(f, body, ts_loc(n));
  push_jump(cx, exit, upd, false, NULL);
  irb_set_cur(f, body);
  js_lower_stmt(cx, js_field(cx, n, JS_F_BODY));
  irb_jump(f, upd, ts_loc_last(n));
  pop_jump(cx);
  irb_set_cur(f, upd);
  if (ts_ok(inc)) js_lower_discard(cx, inc);
  irb_jump(f, head, ts_loc(n));
  irb_set_cur(f, exit);
}

/* for-in / for-of / for await: the loop head tests an opaque "has next"
** condition on the iterated value; each iteration binds the element
** (`x = it.[]`, awaited for `for await`) or, for for-in, a key string. */
static void lower_for_in(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  SrcLoc loc = ts_loc(n);
  bool is_of = str_eq_cstr(ts_text(js_field(cx, n, JS_F_OPERATOR), cx->src), "of");
  bool awaited = ts_has_token(n, "await");
  IrValue it = js_lower_expr(cx, js_field(cx, n, JS_F_RIGHT));
  if (it.kind != IR_V_PATH) {
    IrValue tmp = irv_path(irb_temp(f), loc);
    irb_emit_assign(f, tmp, it, 0, loc);
    it = tmp;
  }
  uint32_t head = irb_block_new(f, is_of ? "forof.next" : "forin.next");
  uint32_t body = irb_block_new(f, is_of ? "forof.body" : "forin.body"), exit = irb_block_new(f, "for.end");
  irb_jump(f, head, loc);
  irb_set_cur(f, head);
  IrCond *c = js_cond_new(cx, IR_COND_OPAQUE, loc);
  c->a = it;
  irb_branch(f, c, body, exit, loc);
  irb_set_cur(f, body);
  IrValue elem = is_of ? js_path_extend(cx, it, "[]", loc) : js_other(cx, NULL, 0, loc);
  uint16_t decl = ts_ok(js_field(cx, n, JS_F_KIND)) ? IR_ASSIGN_DECL : 0;
  TSNode left = js_field(cx, n, JS_F_LEFT);
  if (awaited) {
    IrValue tmp = irv_path(irb_temp(f), loc);
    irb_emit_assign(f, tmp, elem, IR_ASSIGN_AWAITED, loc);
    elem = tmp;
  }
  js_destructure(cx, left, elem, decl, ts_loc(left));
  push_jump(cx, exit, head, false, NULL);
  js_lower_stmt(cx, js_field(cx, n, JS_F_BODY));
  irb_jump(f, head, ts_loc_last(n));
  pop_jump(cx);
  irb_set_cur(f, exit);
}

static bool is_loop(JsCtx *cx, TSNode n) {
  JsKind k = js_kind(cx, n);
  return k == JS_K_FOR_STATEMENT || k == JS_K_FOR_IN_STATEMENT || k == JS_K_WHILE_STATEMENT || k == JS_K_DO_STATEMENT ||
         k == JS_K_SWITCH_STATEMENT;
}

static void lower_labeled(JsCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  const char *label = js_text(cx, js_field(cx, n, JS_F_LABEL));
  TSNode body = js_field(cx, n, JS_F_BODY);
  if (is_loop(cx, body)) {
    cx->fn->pending_label = label;
    js_lower_stmt(cx, body);
    return;
  }
  uint32_t join = irb_block_new(f, "label.end");
  push_jump(cx, join, IRB_NO_BLOCK, true, label);
  js_lower_stmt(cx, body);
  pop_jump(cx);
  irb_jump(f, join, ts_loc_last(n));
  irb_set_cur(f, join);
}

/* Section - return, throw */

static void lower_return(JsCtx *cx, TSNode n) {
  TSNode e = ts_node_named_child(n, 0);
  bool has = ts_ok(e) && !js_is(cx, e, JS_K_COMMENT);
  IrValue v = has ? js_lower_expr(cx, e) : irv_none();
  js_run_finallies(cx, 0, "finally.ret");
  irb_ret(cx->fn->f, &v, has ? 1 : 0, ts_loc(n));
}

static void lower_throw(JsCtx *cx, TSNode n) {
  TSNode e = ts_node_named_child(n, 0);
  IrValue v = ts_ok(e) ? js_lower_expr(cx, e) : irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  if (v.kind == IR_V_NONE) v = irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  irb_throw(cx->fn->f, &v, ts_loc(n));
}

/* Section - Dispatch */

/* Statements that only declare types (TS) or do nothing at run time. */
static bool is_noop_stmt(JsKind k) {
  switch (k) {
    case JS_K_EMPTY_STATEMENT:
    case JS_K_COMMENT:
    case JS_K_DEBUGGER_STATEMENT:
    case JS_K_HASH_BANG_LINE:
    case JS_K_INTERFACE_DECLARATION:
    case JS_K_TYPE_ALIAS_DECLARATION:
    case JS_K_AMBIENT_DECLARATION:
    case JS_K_FUNCTION_SIGNATURE:
    case JS_K_ENUM_DECLARATION:
    case JS_K_IMPORT_ALIAS:
    case JS_K_HTML_COMMENT: return true;
    default: return false;
  }
}

static bool lower_stmt_decl(JsCtx *cx, TSNode n, JsKind k) {
  if (k == JS_K_LEXICAL_DECLARATION || k == JS_K_VARIABLE_DECLARATION ||
      k == JS_K_USING_DECLARATION)
    lower_declaration(cx, n);
  else if (k == JS_K_FUNCTION_DECLARATION || k == JS_K_GENERATOR_FUNCTION_DECLARATION)
    lower_function_decl(cx, n);
  else if (k == JS_K_CLASS_DECLARATION || k == JS_K_ABSTRACT_CLASS_DECLARATION)
    js_lower_class(cx, n, NULL);
  else if (k == JS_K_IMPORT_STATEMENT)
    js_lower_import(cx, n);
  else if (k == JS_K_EXPORT_STATEMENT)
    js_lower_export(cx, n);
  else if (k == JS_K_INTERNAL_MODULE || k == JS_K_MODULE) {
    TSNode body = js_field(cx, n, JS_F_BODY);
    if (ts_ok(body)) js_lower_stmts(cx, body, 0);
  } else
    return false;
  return true;
}

static bool lower_stmt_control(JsCtx *cx, TSNode n, JsKind k) {
  if (k == JS_K_IF_STATEMENT) lower_if(cx, n);
  else if (k == JS_K_TRY_STATEMENT) lower_try(cx, n);
  else if (k == JS_K_RETURN_STATEMENT) lower_return(cx, n);
  else if (k == JS_K_THROW_STATEMENT) lower_throw(cx, n);
  else if (k == JS_K_SWITCH_STATEMENT) lower_switch(cx, n);
  else if (k == JS_K_WHILE_STATEMENT) lower_while(cx, n);
  else if (k == JS_K_DO_STATEMENT) lower_do(cx, n);
  else if (k == JS_K_FOR_STATEMENT) lower_for(cx, n);
  else if (k == JS_K_FOR_IN_STATEMENT) lower_for_in(cx, n);
  else if (k == JS_K_LABELED_STATEMENT) lower_labeled(cx, n);
  else if (k == JS_K_BREAK_STATEMENT) lower_break_continue(cx, n, true);
  else if (k == JS_K_CONTINUE_STATEMENT) lower_break_continue(cx, n, false);
  else return false;
  return true;
}

void js_lower_stmt(JsCtx *cx, TSNode n) {
  if (!ts_ok(n)) return;
  if (!js_enter(cx, n)) {
    js_emit_opaque(cx, n, NULL);
    return;
  }
  JsKind k = js_kind(cx, n);
  if (k == JS_K_EXPRESSION_STATEMENT) {
    TSNode e = ts_node_named_child(n, 0);
    if (ts_ok(e)) js_lower_discard(cx, e);
  } else if (k == JS_K_STATEMENT_BLOCK) {
    js_lower_stmts(cx, n, 0);
  } else if (is_noop_stmt(k)) {
    /* nothing runs */
  } else if (lower_stmt_decl(cx, n, k) || lower_stmt_control(cx, n, k)) {
    /* lowered */
  } else if (ts_node_is_error(n)) {
    js_emit_opaque(cx, n, "ERROR");
  } else {
    js_unsupported(cx, n);
  }
  js_leave(cx);
}
