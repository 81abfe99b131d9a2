/* condfacts: what a branch learns from a property of a resource. Some APIs
** expose their resources' state as booleans, and correct code branches on
** them: TypeORM's `if (queryRunner.isTransactionActive) await
** queryRunner.rollbackTransaction()` and `if (!queryRunner.isReleased) await
** queryRunner.release()`. A model lists such properties ("properties" in
** docs/models.md); this pass finds the tested paths whose last field is one
** and records, on the path's AliasInfo, which resources it describes and
** what it means, so the typestate refines on it like on `if (client)`. */
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
  if (means == AS_NONE) return;
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

void condfacts_func(FnAnalysis *fa) {
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    if (fa->fn->blocks[b].term.kind == IR_T_BRANCH) scan_cond(fa, fa->fn->blocks[b].term.cond, 0);
}
