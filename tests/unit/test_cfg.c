/* test_cfg: predecessors, reverse postorder and reachability on CFGs built
** with the IR builder (a diamond, a loop, exception edges, dead blocks) and
** on a lowered try/finally function. */
#include <string.h>

#include "base/filectx.h"
#include "frontend/frontend.h"
#include "ir/cfg.h"
#include "ir/ir_build.h"
#include "ir/ir_verify.h"
#include "test.h"

static IrCond *truthy(Arena *a, const char *v) {
  IrCond *c = ARENA_NEW(a, IrCond);
  c->kind = IR_COND_TRUTHY;
  c->a = irv_path(v, (SrcLoc){1, 1, 1, 2});
  return c;
}

static uint32_t index_of(const uint32_t *order, uint32_t n, uint32_t b) {
  for (uint32_t i = 0; i < n; i++)
    if (order[i] == b) return i;
  return UINT32_MAX;
}

/* entry → branch(b1, b2) → b3 ; b3 loops back to b1 (via b4) ; b5 dead. b1 has exn b6. */
static IrModule *build_sample(Arena *a) {
  SrcLoc l = {1, 1, 1, 2};
  IrBuilder *b = irb_new(a, "t.js", IR_LANG_JS);
  IrbFunc *f = irb_func_begin(b, "<module>", -1, IR_FUNC_TOPLEVEL, l);
  uint32_t b6 = irb_block_new(f, "handler"); /* id 1 */
  irb_set_exn(f, (int32_t)b6);
  uint32_t b1 = irb_block_new(f, "then");     /* id 2, exn handler */
  irb_set_exn(f, -1);
  uint32_t b2 = irb_block_new(f, "else");     /* id 3 */
  uint32_t b3 = irb_block_new(f, "join");     /* id 4 */
  uint32_t b4 = irb_block_new(f, "latch");    /* id 5 */
  uint32_t dead = irb_block_new(f, "dead");   /* id 6, dropped by irb_finish */
  irb_branch(f, truthy(a, "x"), b1, b2, l);
  irb_set_cur(f, b1);
  irb_jump(f, b3, l);
  irb_set_cur(f, b2);
  irb_jump(f, b3, l);
  irb_set_cur(f, b3);
  irb_branch(f, truthy(a, "y"), b4, b6, l);
  irb_set_cur(f, b4);
  irb_jump(f, b1, l);
  irb_set_cur(f, b6);
  irb_ret(f, NULL, 0, l);
  irb_set_cur(f, dead);
  irb_jump(f, b1, l);
  return irb_finish(b);
}

static void test_builder_cfg(void) {
  Arena *a = arena_new();
  IrModule *m = build_sample(a);
  StrBuf errs;
  strbuf_init(&errs);
  CHECK(ir_verify_module(m, &errs));
  strbuf_fini(&errs);
  IrFunc *f = &m->funcs[0];
  CHECK(f->n_blocks == 6); /* the dead block is gone */
  cfg_compute_preds(f, a);
  CHECK(f->blocks[0].n_preds == 0);
  /* handler (1): from then (exn) and join (branch false) */
  CHECK(f->blocks[1].n_preds == 2 && f->blocks[1].preds[0] == 2 && f->blocks[1].preds[1] == 4);
  /* then (2): from entry and latch */
  CHECK(f->blocks[2].n_preds == 2 && f->blocks[2].preds[0] == 0 && f->blocks[2].preds[1] == 5);
  CHECK(f->blocks[4].n_preds == 2);
  uint32_t *order;
  uint32_t n = cfg_rpo(f, a, &order);
  CHECK(n == 6);
  CHECK(order[0] == 0);
  /* In RPO every forward edge goes from an earlier to a later block. */
  CHECK(index_of(order, n, 2) < index_of(order, n, 4));
  CHECK(index_of(order, n, 3) < index_of(order, n, 4));
  CHECK(index_of(order, n, 4) < index_of(order, n, 5));
  CHECK(index_of(order, n, 4) < index_of(order, n, 1));
  bool *reach = cfg_reachable(f, a);
  for (uint32_t i = 0; i < f->n_blocks; i++) CHECK(reach[i]);
  arena_delete(a);
}

static void test_unreachable_after_return(void) {
  /* A block only reachable from itself is not reachable from the entry. */
  Arena *a = arena_new();
  SrcLoc l = {1, 1, 1, 2};
  IrBuilder *b = irb_new(a, "t.js", IR_LANG_JS);
  IrbFunc *f = irb_func_begin(b, "<module>", -1, IR_FUNC_TOPLEVEL, l);
  irb_ret(f, NULL, 0, l);
  IrModule *m = irb_finish(b);
  IrFunc *fn = &m->funcs[0];
  /* Build an orphan by hand: widen the function with a self-looping block. */
  IrBlock *blocks = ARENA_NEW_ARRAY(a, IrBlock, 2);
  blocks[0] = fn->blocks[0];
  blocks[1] = (IrBlock){.id = 1, .kind = "orphan", .exn = -1};
  blocks[1].term = (IrTerm){.kind = IR_T_JUMP, .succ = {1, 0}};
  fn->blocks = blocks;
  fn->n_blocks = 2;
  bool *reach = cfg_reachable(fn, a);
  CHECK(reach[0] && !reach[1]);
  uint32_t *order;
  CHECK(cfg_rpo(fn, a, &order) == 1);
  cfg_compute_preds(fn, a);
  CHECK(fn->blocks[1].n_preds == 1 && fn->blocks[1].preds[0] == 1);
  arena_delete(a);
}

/* Returns true when verifying m fails with a message containing tag. */
static bool verify_fails_with(const IrModule *m, const char *tag) {
  StrBuf errs;
  strbuf_init(&errs);
  bool ok = ir_verify_module(m, &errs);
  bool found = strstr(strbuf_cstr(&errs), tag) != NULL;
  strbuf_fini(&errs);
  return !ok && found;
}

/* A one-block function ending in `call x.f(); ret`, in a module of lang. */
static IrModule *build_call(Arena *a, IrLang lang) {
  SrcLoc l = {1, 1, 1, 2};
  IrBuilder *b = irb_new(a, "t", lang);
  IrbFunc *f = irb_func_begin(b, "<module>", -1, IR_FUNC_TOPLEVEL, l);
  IrInstr in = {.kind = IR_CALL, .loc = l};
  in.u.call = (IrCall){.callee = "x.f", .name = "f", .recv = irv_path("x", l), .callee_value = irv_none()};
  irb_emit(f, &in);
  irb_ret(f, NULL, 0, l);
  return irb_finish(b);
}

/* Each corruption breaks exactly one invariant ir_verify.h lists, so a check
** that stops firing fails here rather than going unnoticed. */
static void test_verify_rejects(void) {
  Arena *a = arena_new();
  StrBuf errs;
  strbuf_init(&errs);
  CHECK(ir_verify_module(build_call(a, IR_LANG_GO), &errs));
  CHECK(ir_verify_module(build_sample(a), &errs));
  strbuf_fini(&errs);

  IrModule *m = build_call(a, IR_LANG_JS);
  m->funcs[0].blocks[0].instrs[0].u.call.name = "g";
  CHECK(verify_fails_with(m, "(I1)"));
  m = build_call(a, IR_LANG_JS);
  m->funcs[0].blocks[0].instrs[0].u.call.callee_value = irv_func(0, m->funcs[0].loc);
  CHECK(verify_fails_with(m, "(I1)"));
  m = build_call(a, IR_LANG_JS);
  m->funcs[0].blocks[0].instrs[0].u.call.flags = IR_CALL_NORETURN;
  CHECK(verify_fails_with(m, "(I3)"));
  m = build_call(a, IR_LANG_GO);
  m->funcs[0].blocks[0].instrs[0].u.call.flags = IR_CALL_MAY_THROW;
  CHECK(verify_fails_with(m, "(L1)"));
  m = build_call(a, IR_LANG_JS);
  m->funcs[0].blocks[0].instrs[0].u.call.recv.func = 0;
  CHECK(verify_fails_with(m, "(V1)"));
  m = build_sample(a);
  m->funcs[0].blocks[0].term.succ[1] = 2; /* both arms to "then": "else" (3) is orphaned */
  CHECK(verify_fails_with(m, "b3: unreachable from the entry (B7)"));
  m = build_sample(a);
  m->funcs[0].blocks[5].term.succ[0] = 0; /* the latch jumps back to the entry */
  CHECK(verify_fails_with(m, "(B5)"));
  arena_delete(a);
}

static void test_lowered_try_finally(void) {
  FrontEnd *fe = fe_new();
  FileCtx fx;
  fx_init(&fx, "t.js", "t.js");
  const char *src =
      "async function f(pool) {\n"
      "  const c = await pool.connect();\n"
      "  try { await c.query('x'); if (a) return 1; } finally { c.release(); }\n"
      "}\n";
  fx.src = arena_strdup(fx.arena, src);
  fx.src_len = strlen(src);
  IrModule *m = fe_lower_file(fe, &fx, IR_LANG_JS);
  CHECK(m != NULL && m->n_funcs == 2);
  if (m && m->n_funcs == 2) {
    IrFunc *f = &m->funcs[1];
    cfg_compute_preds(f, fx.arena);
    uint32_t *order;
    uint32_t n = cfg_rpo(f, fx.arena, &order);
    CHECK(n == f->n_blocks); /* lowering leaves no unreachable block */
    uint32_t exits_ret = 0, exits_throw = 0, exn_blocks = 0;
    for (uint32_t i = 0; i < f->n_blocks; i++) {
      exits_ret += f->blocks[i].term.kind == IR_T_RET;
      exits_throw += f->blocks[i].term.kind == IR_T_THROW;
      if (f->blocks[i].exn >= 0) exn_blocks++;
      /* Every non-entry block has a predecessor. */
      if (i) CHECK(f->blocks[i].n_preds > 0);
    }
    CHECK(exits_ret == 2);   /* the early return's finally copy and the fall-through */
    CHECK(exits_throw == 1); /* the exceptional finally copy rethrows */
    CHECK(exn_blocks >= 2);  /* the try body and the block after the if */
  }
  fx_fini(&fx);
  fe_delete(fe);
}

int main(void) {
  test_builder_cfg();
  test_unreachable_after_return();
  test_lowered_try_finally();
  test_verify_rejects();
  return test_report("test_cfg");
}
