/* lextx: transactions on connections whose kind the models do not know.
**
** `const conn = await pool.getConnection()` on a pool the analysis could not
** resolve (a module that exports the pool under another shape, a wrapper)
** leaves conn of unknown kind, so the typestate tracks no transaction on it.
** Yet `conn.beginTransaction(); … conn.commit()` says what it is whatever
** conn is: a method some model knows as beginning a transaction on its
** receiver, and one it knows as committing or rolling back. A data operation
** on that same receiver runs in the transaction begun by a given begin call
** when every path to it passes that call and no commit or rollback on the
** receiver since (a must-analysis over the CFG, normal and exception edges).
** Without both halves of the pair somewhere in the function nothing is
** assumed: a lone `begin` of an unknown API is not evidence enough. */
#include <string.h>

#include "engine/analysis.h"
#include "ir/cfg.h"

enum { LEX_UNSET = -3, LEX_NONE = -1 };

typedef enum LexEffect { LEX_OTHER, LEX_BEGIN, LEX_END } LexEffect;

/* What call c does to receiver recv's transaction, by the models' method names. */
static LexEffect lex_effect(const ApiSpec *spec, const IrCall *c, const char *recv) {
  if (c->recv.kind != IR_V_PATH || !c->recv.text || !c->name || strcmp(c->recv.text, recv) != 0) return LEX_OTHER;
  if (apispec_has_effect(spec, AE_BEGIN, c->name)) return LEX_BEGIN;
  if (apispec_has_effect(spec, AE_COMMIT, c->name) || apispec_has_effect(spec, AE_ROLLBACK, c->name)) return LEX_END;
  return LEX_OTHER;
}

static int32_t lex_meet(int32_t a, int32_t b) {
  if (a == LEX_UNSET) return b;
  if (b == LEX_UNSET) return a;
  return a == b ? a : LEX_NONE;
}

/* The state after instruction i of block b from state s; an id is the begin
** call's ((block + 1) << 16 | instruction), at least DBOPS_LEXICAL_TX_MIN. */
static int32_t lex_step(const ApiSpec *spec, const IrFunc *fn, uint32_t b, uint32_t i, const char *recv, int32_t s) {
  const IrInstr *in = &fn->blocks[b].instrs[i];
  if (in->kind != IR_CALL) return s;
  LexEffect e = lex_effect(spec, &in->u.call, recv);
  if (e == LEX_BEGIN) return (int32_t)((b + 1) << 16 | (i & 0xffff));
  if (e == LEX_END) return LEX_NONE;
  return s;
}

/* Whether the function both begins and ends a transaction on recv. */
static bool lex_has_pair(const ApiSpec *spec, const IrFunc *fn, const char *recv) {
  bool begins = false, ends = false;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL) continue;
      LexEffect e = lex_effect(spec, &in->u.call, recv);
      begins |= e == LEX_BEGIN, ends |= e == LEX_END;
    }
  return begins && ends;
}

int32_t lextx_open_begin(const FnAnalysis *fa, const char *recv, uint32_t ob, uint32_t oi) {
  const IrFunc *fn = fa->fn;
  const ApiSpec *spec = &fa->mc->engine->spec;
  uint32_t n = fn->n_blocks;
  if (!recv || strchr(recv, '(') || n == 0 || n >= 0x7fff || ob >= n || !lex_has_pair(spec, fn, recv)) return -1;
  Arena *a = fa->mc->arena;
  ArenaMark mark = arena_mark(a);
  int32_t *in = ARENA_NEW_ARRAY(a, int32_t, n);
  uint32_t *work = ARENA_NEW_ARRAY(a, uint32_t, n * 4 + 4), top = 0;
  bool *queued = ARENA_NEW_ARRAY(a, bool, n);
  for (uint32_t b = 0; b < n; b++) in[b] = LEX_UNSET, queued[b] = false;
  in[0] = LEX_NONE;
  work[top++] = 0, queued[0] = true;
  for (uint32_t steps = 0; top && steps < 64u * n; steps++) {
    uint32_t b = work[--top];
    queued[b] = false;
    int32_t s = in[b], any = s; /* any: the meet over every point of b, for its exception edge */
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) s = lex_step(spec, fn, b, i, recv, s), any = lex_meet(any, s);
    uint32_t succ[3];
    uint32_t k = cfg_succs(fn, b, succ);
    for (uint32_t j = 0; j < k; j++) {
      if (succ[j] >= n) continue;
      int32_t give = fn->blocks[b].exn >= 0 && succ[j] == (uint32_t)fn->blocks[b].exn ? any : s;
      int32_t next = lex_meet(in[succ[j]], give);
      if (next == in[succ[j]]) continue;
      in[succ[j]] = next;
      if (!queued[succ[j]] && top < n * 4 + 4) work[top++] = succ[j], queued[succ[j]] = true;
    }
  }
  int32_t s = in[ob];
  for (uint32_t i = 0; i < oi && i < fn->blocks[ob].n_instrs; i++) s = lex_step(spec, fn, ob, i, recv, s);
  arena_rewind(a, mark);
  return s >= 0 ? s : -1;
}
