/* go_lower_switch: switch, type switch and select as chains of tests.
**
** Each clause gets a body block; the tests run in source order (a default
** clause is taken when no test matches, wherever it is written) and bodies
** end in a jump to the end block unless they `fallthrough` to the next body
** in source order. A tagged switch tests `tag == v`; a tagless one lowers
** each case expression as a condition. Type-switch cases test
** opaque(x) (or `x == nil` for `case nil`) and bind the alias to x. A select
** evaluates its channel operands on entry and tests opaque(ch) per case; the
** last case is taken unconditionally when there is no default (select
** blocks until one is ready), and `select {}` never completes. */
#include <string.h>

#include "frontend/go/go_lower.h"

/* Section - Clauses */

typedef struct GoClause {
  TSNode node;
  uint32_t body;  /* block id */
  bool is_default;
} GoClause;

static bool is_clause(GoCtx *cx, TSNode c) {
  GoKind k = go_kind(cx, c);
  return k == GO_K_EXPRESSION_CASE || k == GO_K_TYPE_CASE || k == GO_K_COMMUNICATION_CASE || k == GO_K_DEFAULT_CASE;
}

/* Collects the clauses of a switch/select into an arena array with a body
** block each; returns the count and the default clause's index (or -1). */
static uint32_t collect_clauses(GoCtx *cx, TSNode n, GoClause **out, int32_t *dflt) {
  uint32_t cnt = ts_node_named_child_count(n), k = 0;
  GoClause *cl = ARENA_NEW_ARRAY(cx->a, GoClause, cnt ? cnt : 1);
  *dflt = -1;
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (!is_clause(cx, c)) continue;
    bool d = go_is(cx, c, GO_K_DEFAULT_CASE);
    cl[k] = (GoClause){c, irb_block_new(cx->fn->f, d ? "case.default" : "case.body"), d};
    if (d) *dflt = (int32_t)k;
    k++;
  }
  *out = cl;
  return k;
}

/* Lowers the statements of a clause (its children that are not the case's
** values, types or communication). */
static void lower_clause_body(GoCtx *cx, TSNode c) {
  uint32_t cnt = ts_node_child_count(c);
  for (uint32_t i = 0; i < cnt; i++) {
    const char *f = ts_node_field_name_for_child(c, i);
    TSNode s = ts_node_child(c, i);
    if (!ts_node_is_named(s) || f) continue;
    if (go_is(cx, s, GO_K_STATEMENT_LIST)) go_lower_block(cx, s);
    else go_lower_stmt(cx, s);
  }
}

/* Lowers every clause body with break (and fallthrough) targets set. bind,
** when set, runs at the start of each body (type-switch alias, select
** receive). */
static void lower_bodies(GoCtx *cx, GoClause *cl, uint32_t n, uint32_t join,
                         void (*bind)(GoCtx *cx, const GoClause *c, void *ud), void *ud) {
  GoFn *fn = cx->fn;
  uint32_t saved_ft = fn->fallthrough;
  go_push_jump(cx, join, IRB_NO_BLOCK);
  for (uint32_t i = 0; i < n; i++) {
    irb_set_cur(fn->f, cl[i].body);
    fn->fallthrough = i + 1 < n ? cl[i + 1].body : join;
    if (bind) bind(cx, &cl[i], ud);
    lower_clause_body(cx, cl[i].node);
    irb_jump(fn->f, join, ts_loc_last(cl[i].node));
  }
  fn->fallthrough = saved_ft;
  go_pop_jump(cx);
  irb_set_cur(fn->f, join);
}

/* A value evaluated once, kept in a temporary unless it is a path or a constant. */
static IrValue stable_value(GoCtx *cx, IrValue v, SrcLoc loc) {
  if (v.kind == IR_V_PATH || v.kind == IR_V_NONE || v.kind == IR_V_NULL || v.kind == IR_V_STRING ||
      v.kind == IR_V_NUMBER || v.kind == IR_V_BOOL)
    return v;
  IrValue tmp = irv_path(irb_temp(cx->fn->f), loc);
  irb_emit_assign(cx->fn->f, tmp, v, 0, loc);
  return tmp;
}

/* Section - Expression switch */

/* Emits the tests of one expression_case: each value in turn, jumping to
** the body on a match and on to a new test block otherwise. */
static void case_tests(GoCtx *cx, const GoClause *c, const IrValue *tag) {
  IrbFunc *f = cx->fn->f;
  TSNode list = go_field(cx, c->node, GO_F_VALUE);
  uint32_t cnt = go_is(cx, list, GO_K_EXPRESSION_LIST) ? ts_node_named_child_count(list) : (ts_ok(list) ? 1 : 0);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode v = go_is(cx, list, GO_K_EXPRESSION_LIST) ? ts_node_named_child(list, i) : list;
    if (go_is(cx, v, GO_K_COMMENT)) continue;
    uint32_t next = irb_block_new(f, "case.test");
    if (tag) {
      IrValue val = go_lower_expr(cx, v);
      IrCond *cond = go_cond_new(cx, IR_COND_EQ, ts_loc(v));
      cond->a = *tag;
      cond->b = val;
      irb_branch(f, cond, c->body, next, ts_loc(v));
    } else {
      go_lower_cond(cx, v, c->body, next);
    }
    irb_set_cur(f, next);
  }
}

void go_lower_expr_switch(GoCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  TSNode init = go_field(cx, n, GO_F_INITIALIZER), value = go_field(cx, n, GO_F_VALUE);
  const char *label = cx->fn->pending_label;
  cx->fn->pending_label = NULL;
  if (ts_ok(init)) go_lower_stmt(cx, init);
  IrValue tag = ts_ok(value) ? stable_value(cx, go_lower_expr(cx, value), ts_loc(value)) : irv_none();
  GoClause *cl;
  int32_t dflt;
  uint32_t n_cl = collect_clauses(cx, n, &cl, &dflt);
  uint32_t join = irb_block_new(f, "switch.end");
  for (uint32_t i = 0; i < n_cl; i++)
    if (!cl[i].is_default) case_tests(cx, &cl[i], ts_ok(value) ? &tag : NULL);
  irb_jump(f, dflt >= 0 ? cl[dflt].body : join, ts_loc(n));
  cx->fn->pending_label = label;
  lower_bodies(cx, cl, n_cl, join, NULL, NULL);
}

/* Section - Type switch */

typedef struct TypeSwitch {
  TSNode alias; /* identifier or null */
  IrValue x;
} TypeSwitch;

/* The condition for one type_case: x == nil for `nil`, opaque(x) for a
** type; several types are or-ed. */
static IrCond *type_case_cond(GoCtx *cx, TSNode c, IrValue x) {
  IrCond *acc = NULL;
  uint32_t cnt = ts_node_child_count(c);
  for (uint32_t i = 0; i < cnt; i++) {
    const char *fname = ts_node_field_name_for_child(c, i);
    TSNode t = ts_node_child(c, i);
    if (!fname || strcmp(fname, "type") != 0 || !ts_node_is_named(t)) continue;
    bool is_nil = str_eq_cstr(ts_text(t, cx->src), "nil");
    IrCond *one = go_cond_new(cx, is_nil ? IR_COND_EQ : IR_COND_OPAQUE, ts_loc(t));
    one->a = x;
    if (is_nil) one->b = irv_kind(IR_V_NULL, "nil", ts_loc(t));
    if (!acc) {
      acc = one;
      continue;
    }
    IrCond *or = go_cond_new(cx, IR_COND_OR, ts_loc(c));
    or->lhs = acc;
    or->rhs = one;
    acc = or;
  }
  if (!acc) {
    acc = go_cond_new(cx, IR_COND_OPAQUE, ts_loc(c));
    acc->a = x;
  }
  return acc;
}

static void bind_alias(GoCtx *cx, const GoClause *c, void *ud) {
  TypeSwitch *ts = ud;
  if (!ts_ok(ts->alias)) return;
  IrValue dst = irv_path(go_text(cx, ts->alias), ts_loc(ts->alias));
  irb_emit_assign(cx->fn->f, dst, ts->x, IR_ASSIGN_DECL, ts_loc(c->node));
}

void go_lower_type_switch(GoCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  const char *label = cx->fn->pending_label;
  cx->fn->pending_label = NULL;
  TSNode init = go_field(cx, n, GO_F_INITIALIZER), alias_list = go_field(cx, n, GO_F_ALIAS);
  if (ts_ok(init)) go_lower_stmt(cx, init);
  TypeSwitch ts;
  memset(&ts, 0, sizeof ts);
  TSNode alias = go_is(cx, alias_list, GO_K_EXPRESSION_LIST) ? ts_node_named_child(alias_list, 0) : alias_list;
  if (go_is(cx, alias, GO_K_IDENTIFIER) && go_name(cx, alias) && !str_eq_cstr(ts_text(alias, cx->src), "_")) {
    ts.alias = alias;
    go_declare_local(cx, alias, NULL);
  }
  ts.x = stable_value(cx, go_lower_expr(cx, go_field(cx, n, GO_F_VALUE)), ts_loc(n));
  GoClause *cl;
  int32_t dflt;
  uint32_t n_cl = collect_clauses(cx, n, &cl, &dflt);
  uint32_t join = irb_block_new(f, "switch.end");
  for (uint32_t i = 0; i < n_cl; i++) {
    if (cl[i].is_default) continue;
    uint32_t next = irb_block_new(f, "case.test");
    irb_branch(f, type_case_cond(cx, cl[i].node, ts.x), cl[i].body, next, ts_loc(cl[i].node));
    irb_set_cur(f, next);
  }
  irb_jump(f, dflt >= 0 ? cl[dflt].body : join, ts_loc(n));
  cx->fn->pending_label = label;
  lower_bodies(cx, cl, n_cl, join, bind_alias, &ts);
}

/* Section - select */

typedef struct SelectOps {
  const GoClause *clauses; /* base of the clause array */
  IrValue *chans;          /* per clause: the channel operand (IR_V_NONE for default) */
  IrValue *sent;           /* per clause: the value sent, IR_V_NONE for receives */
} SelectOps;

/* The channel of `<-ch` (receive) or of `ch <- v` (send); *sent gets v. */
static TSNode comm_channel(GoCtx *cx, TSNode comm, TSNode *sent) {
  *sent = (TSNode){0};
  if (go_is(cx, comm, GO_K_SEND_STATEMENT)) {
    *sent = go_field(cx, comm, GO_F_VALUE);
    return go_field(cx, comm, GO_F_CHANNEL);
  }
  TSNode recv = go_is(cx, comm, GO_K_RECEIVE_STATEMENT) ? go_field(cx, comm, GO_F_RIGHT) : ts_node_named_child(comm, 0);
  recv = go_strip(cx, recv);
  return go_is(cx, recv, GO_K_UNARY_EXPRESSION) ? go_field(cx, recv, GO_F_OPERAND) : recv;
}

/* At the start of a chosen case: the send happens (the value escapes into
** the channel) or the received value is bound (`v, ok := <-ch`). */
static void bind_comm(GoCtx *cx, const GoClause *c, void *ud) {
  SelectOps *ops = ud;
  uint32_t i = (uint32_t)(c - ops->clauses);
  TSNode comm = go_field(cx, c->node, GO_F_COMMUNICATION);
  SrcLoc loc = ts_loc(comm);
  if (c->is_default || !ts_ok(comm)) return;
  if (ops->sent[i].kind != IR_V_NONE) {
    IrValue parts[2] = {ops->chans[i], ops->sent[i]};
    go_emit_opaque_values(cx, "send", parts, 2, loc);
    return;
  }
  TSNode left = go_field(cx, comm, GO_F_LEFT);
  if (!ts_ok(left)) return;
  uint32_t cnt = go_is(cx, left, GO_K_EXPRESSION_LIST) ? ts_node_named_child_count(left) : 1;
  bool decl = ts_has_token(comm, ":=");
  for (uint32_t k = 0; k < cnt && k < 2; k++) {
    TSNode l = go_is(cx, left, GO_K_EXPRESSION_LIST) ? ts_node_named_child(left, k) : left;
    if (decl) go_declare_local(cx, l, NULL);
    bool ok;
    IrValue dst = go_dest(cx, l, &ok);
    if (!ok || dst.kind != IR_V_PATH) continue;
    IrValue v = k == 0 ? go_other(cx, &ops->chans[i], 1, loc) : irv_kind(IR_V_OTHER, NULL, loc);
    irb_emit_assign(cx->fn->f, dst, v, decl ? IR_ASSIGN_DECL : 0, loc);
  }
}

/* Evaluates each case's channel (and sent value) on entry, as Go does. */
static SelectOps select_operands(GoCtx *cx, const GoClause *cl, uint32_t n) {
  SelectOps ops = {cl, ARENA_NEW_ARRAY(cx->a, IrValue, n + 1), ARENA_NEW_ARRAY(cx->a, IrValue, n + 1)};
  for (uint32_t i = 0; i < n; i++) {
    ops.chans[i] = ops.sent[i] = irv_none();
    TSNode comm = go_field(cx, cl[i].node, GO_F_COMMUNICATION);
    if (cl[i].is_default || !ts_ok(comm)) continue;
    TSNode sent;
    TSNode ch = comm_channel(cx, comm, &sent);
    ops.chans[i] = stable_value(cx, go_lower_expr(cx, ch), ts_loc(ch));
    if (ts_ok(sent)) ops.sent[i] = go_lower_expr(cx, sent);
    if (ts_ok(sent) && ops.sent[i].kind == IR_V_NONE) ops.sent[i] = irv_kind(IR_V_OTHER, NULL, ts_loc(sent));
  }
  return ops;
}

void go_lower_select(GoCtx *cx, TSNode n) {
  IrbFunc *f = cx->fn->f;
  const char *label = cx->fn->pending_label;
  cx->fn->pending_label = NULL;
  GoClause *cl;
  int32_t dflt;
  uint32_t n_cl = collect_clauses(cx, n, &cl, &dflt);
  if (n_cl == 0) {
    irb_unreachable(f, ts_loc(n)); /* select {} blocks forever */
    return;
  }
  SelectOps ops = select_operands(cx, cl, n_cl);
  uint32_t join = irb_block_new(f, "select.end");
  int32_t last = -1;
  for (uint32_t i = 0; i < n_cl; i++)
    if (!cl[i].is_default) last = (int32_t)i;
  for (uint32_t i = 0; i < n_cl; i++) {
    if (cl[i].is_default) continue;
    if ((int32_t)i == last && dflt < 0) {
      irb_jump(f, cl[i].body, ts_loc(cl[i].node));
      break;
    }
    uint32_t next = irb_block_new(f, "select.test");
    IrCond *c = go_cond_new(cx, IR_COND_OPAQUE, ts_loc(cl[i].node));
    c->a = ops.chans[i];
    irb_branch(f, c, cl[i].body, next, ts_loc(cl[i].node));
    irb_set_cur(f, next);
  }
  if (dflt >= 0) irb_jump(f, cl[dflt].body, ts_loc(n));
  cx->fn->pending_label = label;
  lower_bodies(cx, cl, n_cl, join, bind_comm, &ops);
}
