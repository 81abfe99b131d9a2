/* condfacts: what a branch learns from a property of a resource. Some APIs
** expose their resources' state as booleans, and correct code branches on
** them: TypeORM's `if (queryRunner.isTransactionActive) await
** queryRunner.rollbackTransaction()` and `if (!queryRunner.isReleased) await
** queryRunner.release()`. A model lists such properties ("properties" in
** docs/models.md); this pass finds the tested paths whose last field is one
** and records, on the path's AliasInfo, which resources it describes and
** what it means, so the typestate refines on it like on `if (client)`.
**
** It also finds acquisitions that only run where a path was falsy: `const c
** = conn || await getConnection()` (or `if (!conn) c = await …`) acquires
** only when no connection was passed in, so on a later `if (!conn)
** await commit(c)` the edge where conn is truthy holds nothing of that
** acquisition. The path must be a parameter or a local written at most once
** (by its declaration), so its truthiness cannot change in between. */
#include <string.h>

#include "engine/analysis.h"

enum { CONDFACTS_MAX_DEPTH = 64 };

static void note_path(FnAnalysis *fa, const IrValue *v) {
  if (!v || v->kind != IR_V_PATH || !v->text) return;
  const char *dot = strrchr(v->text, '.');
  if (!dot || dot == v->text) return;
  char prefix[256];
  size_t n = (size_t)(dot - v->text);
  if (n >= sizeof prefix) return;
  memcpy(prefix, v->text, n);
  prefix[n] = '\0';
  const AliasInfo *owner = facts_alias(fa, prefix);
  if (!owner || !owner->res) return;
  VKind k = kinds_lookup(fa->mc, fa->fi, prefix);
  if (k.lib < 0 || k.kind >= AK_COUNT) return;
  ApiStateMeans means = apispec_find_property(&fa->mc->engine->spec, k.lib, (ApiKind)k.kind, dot + 1);
  if (means != AS_RELEASED && means != AS_TX_OPEN) return; /* result shapes are dbops.c's */
  AliasInfo *ai = facts_alias_get(fa, v->text);
  ai->state_of |= owner->res;
  ai->state_means = (uint8_t)means;
}

static void scan_cond(FnAnalysis *fa, const IrCond *c, int depth) {
  if (!c || depth > CONDFACTS_MAX_DEPTH) return;
  switch (c->kind) {
  case IR_COND_NOT: scan_cond(fa, c->lhs, depth + 1); break;
  case IR_COND_AND:
  case IR_COND_OR:
    scan_cond(fa, c->lhs, depth + 1);
    scan_cond(fa, c->rhs, depth + 1);
    break;
  case IR_COND_TRUTHY: note_path(fa, &c->a); break;
  default: break;
  }
}

/* Section - Acquisitions under a falsy guard */

/* The number of instructions that write plain variable name (a parameter's
** default value aside: it is set before anything else runs). */
static uint32_t writes_of(const IrFunc *fn, const char *name) {
  uint32_t n = 0;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs && strcmp(fn->blocks[b].kind, "param.default") != 0; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, name) == 0) n++;
      if (in->kind == IR_CALL)
        for (uint32_t k = 0; k < in->u.call.n_results; k++)
          if (in->u.call.results[k].kind == IR_V_PATH && strcmp(in->u.call.results[k].text, name) == 0) n++;
    }
  return n;
}

static bool is_param(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (strcmp(fn->params[i].name, name) == 0) return true;
  return false;
}

/* The path a front-end temporary was copied from at the end of block blk
** (`%1 = conn` before `branch %1`), or the value itself. */
static const char *temp_source(const IrBlock *blk, const char *v) {
  if (!kinds_is_temp(v)) return v;
  for (uint32_t i = blk->n_instrs; i-- > 0;) {
    const IrInstr *in = &blk->instrs[i];
    if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, v) == 0)
      return in->u.assign.src.kind == IR_V_PATH && !kinds_is_temp(in->u.assign.src.text) ? in->u.assign.src.text : NULL;
  }
  return NULL;
}

/* The path that is falsy on the edge from branch block p to block to, or NULL. */
static const char *falsy_on_edge(const IrBlock *p, uint32_t to) {
  const IrTerm *t = &p->term;
  if (t->kind != IR_T_BRANCH || t->succ[0] == t->succ[1] || !t->cond) return NULL;
  const IrCond *c = t->cond;
  bool neg = false;
  if (c->kind == IR_COND_NOT && c->lhs) c = c->lhs, neg = true;
  if (c->kind != IR_COND_TRUTHY || c->a.kind != IR_V_PATH) return NULL;
  bool falsy = (to == t->succ[1]) != neg;
  return falsy ? temp_source(p, c->a.text) : NULL;
}

static void guard_acquisitions(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  Arena *a = fa->mc->arena;
  uint32_t *npred = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 1), *pred = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    uint32_t succ[3], ns = 0;
    if (blk->term.kind == IR_T_JUMP || blk->term.kind == IR_T_BRANCH) succ[ns++] = blk->term.succ[0];
    if (blk->term.kind == IR_T_BRANCH && blk->term.succ[1] != blk->term.succ[0]) succ[ns++] = blk->term.succ[1];
    if (blk->exn >= 0) succ[ns++] = (uint32_t)blk->exn;
    for (uint32_t k = 0; k < ns; k++)
      if (succ[k] < fn->n_blocks) npred[succ[k]]++, pred[succ[k]] = b;
  }
  for (uint32_t r = 0; r < fa->n_res; r++) {
    const TsRes *res = &fa->res[r];
    if (res->block >= fn->n_blocks || res->callback || res->pseudo || res->info.borrowed) continue;
    uint32_t cur = res->block;
    for (int step = 0; step < 8 && npred[cur] == 1; step++) {
      const IrBlock *p = &fn->blocks[pred[cur]];
      const char *g = falsy_on_edge(p, cur);
      if (g && !strchr(g, '.') && (is_param(fn, g) ? writes_of(fn, g) == 0 : writes_of(fn, g) <= 1) &&
          kinds_fn_declares(fa->mc, fa->fi, g)) {
        facts_alias_get(fa, g)->absent_if_truthy |= 1ull << r;
        break;
      }
      if (p->term.kind != IR_T_JUMP) break;
      cur = pred[cur];
    }
  }
}

/* A local written once with a copy or the negation of a guard path
** (`const ownsTx = !conn`) tests the same thing. */
static void guard_aliases(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_ASSIGN || in->u.assign.dst.kind != IR_V_PATH) continue;
      const IrValue *src = &in->u.assign.src;
      const char *dst = in->u.assign.dst.text;
      bool neg = src->kind == IR_V_OTHER && (src->flags & IR_VF_NOT) && src->n_subs == 1;
      const IrValue *g = neg ? &src->subs[0] : src;
      if (g->kind != IR_V_PATH || kinds_is_temp(dst) || strchr(dst, '.') || writes_of(fn, dst) != 1) continue;
      const AliasInfo *gi = facts_alias(fa, g->text);
      if (!gi || !(gi->absent_if_truthy | gi->absent_if_falsy)) continue;
      AliasInfo *di = facts_alias_get(fa, dst);
      di->absent_if_truthy |= neg ? gi->absent_if_falsy : gi->absent_if_truthy;
      di->absent_if_falsy |= neg ? gi->absent_if_truthy : gi->absent_if_falsy;
    }
}

void condfacts_func(FnAnalysis *fa) {
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    if (fa->fn->blocks[b].term.kind == IR_T_BRANCH) scan_cond(fa, fa->fn->blocks[b].term.cond, 0);
  guard_acquisitions(fa);
  guard_aliases(fa);
}
