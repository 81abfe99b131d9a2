/* lockscan: critical sections and caches of pools, per function, for
** check-then-act's cache race (Go: `mu.RLock(); p, ok := m[k]; mu.RUnlock()`
** and later `mu.Lock(); delete(m, k); p.Close()` without a fresh look at m).
**
** Sections. A lock call (a model's effect "lock" on a receiver path: sync's
** Lock/RLock, also promoted from an embedded mutex) starts a section of that
** path's mutex; an unlock call on the same path ends it. A forward dataflow
** (engine/dataflow.c) keeps, per mutex, the sections that may hold it and
** whether it may be free; an instruction is in a section when that section
** holds the mutex on every path reaching it. `defer mu.Unlock()` changes
** nothing: the section lasts to every exit. A mutex the function does not
** lock itself (held by its caller) has no section here.
**
** Caches. A map is a cache of pools when its declared element type is a
** pool, client or connection of the models (`map[string]*sql.DB`,
** `map[K]*pgxpool.Pool`) or a struct of the package with such a field. Its
** operations: reads (any value naming `m.[]`, the key of `range m`, the ok
** of `_, ok := m[k]`), stores (`m[k] = v`), deletes (`delete(m, k)`) and
** closes (a model's close or release on a value read from it). What each
** read read is followed flow-insensitively through assignments and calls
** (a call's results carry its receiver and arguments: `err :=
** p.PingContext(ctx)`, `ids = append(ids, k)`), so an operation depends on a
** read when its operands carry it or it runs on one side only of a branch
** whose condition does (engine/ctrldep.c). A call of the program's own
** code that may look at the map (a method of its owner, a function passed
** it) is a lookup: under the second lock it counts as the re-check, but it
** is never taken for the stale read (what it reads is not known). Rules
** read the result through rule_ctx_lock_section / rule_ctx_cache_op
** (checker.h). */
#include <string.h>

#include "engine/analysis.h"
#include "engine/dataflow.h"

enum { LOCKS_MAX_MUTEXES = 8, LOCKS_MAX_SECTIONS = 64, LOCKS_MAX_OPS = 64, LOCKS_MAX_ROUNDS = 16 };

struct FnLocks {
  LockSection sections[LOCKS_MAX_SECTIONS];
  uint32_t n_sections;
  const char *mutexes[LOCKS_MAX_MUTEXES]; /* access paths, in first-use order */
  uint32_t n_mutexes;
  CacheOp ops[LOCKS_MAX_OPS];
  uint32_t op_block[LOCKS_MAX_OPS], op_instr[LOCKS_MAX_OPS]; /* instr n_instrs: the terminator */
  uint64_t op_carries[LOCKS_MAX_OPS]; /* the reads (op bits) its operands carry */
  uint32_t n_ops;
  bool overflow;                      /* too many operations: the function is left alone */
  uint64_t *branch_reads;             /* per block: the reads its branch condition carries */
  uint64_t *branch_sections;          /* per block: the sections holding at its terminator */
  uint8_t **deciders;                 /* per block, lazily: the branch blocks that decide whether
                                         it runs (control dependence, transitively), a bit set */
  Map maps;                           /* map path → MapInfo* (is it a cache of pools) */
  Map elems;                          /* element path ("cm.pools.[].db") → ElemInfo* */
  Map carries;                        /* access path → uint64_t* read bits */
  Map holders;                        /* variable → MapInfo* of the cache whose element it is a
                                         plain copy of (`p := m[k]`), flow-insensitively */
  bool changed;
  uint64_t *dbop_sections;            /* per data operation (fa->dbops): the sections holding at it */
};

typedef struct MapInfo {
  bool pools;
  VKind elem;            /* what an element is (a pool), or a zero kind for a struct element */
  const char *elem_type; /* the element's declared type text */
} MapInfo;

typedef struct ElemInfo {
  const char *map; /* the cache of pools it is an element of, or NULL */
} ElemInfo;

/* Per mutex: the sections that may hold it (bits), and whether it may be free. */
typedef struct LockState {
  uint64_t held[LOCKS_MAX_MUTEXES];
  uint8_t free; /* bit m */
} LockState;

/* Section - Lock calls */

/* The lock or unlock model of call instruction (b, i), or NULL. */
static const ApiCall *lock_model(const FnAnalysis *fa, uint32_t b, uint32_t i) {
  const IrInstr *in = &fa->fn->blocks[b].instrs[i];
  if (in->kind != IR_CALL || in->u.call.recv.kind != IR_V_PATH) return NULL;
  const CallEval *ev = &fa->evals[b][i];
  if (!ev->model || (ev->effect != AE_LOCK && ev->effect != AE_UNLOCK)) return NULL;
  return ev->model;
}

static int mutex_index(FnLocks *lk, const char *path, bool add) {
  for (uint32_t m = 0; m < lk->n_mutexes; m++)
    if (strcmp(lk->mutexes[m], path) == 0) return (int)m;
  if (!add || lk->n_mutexes >= LOCKS_MAX_MUTEXES) return -1;
  lk->mutexes[lk->n_mutexes] = path;
  return (int)lk->n_mutexes++;
}

/* The section started by lock call (b, i), or -1. */
static int section_at(const FnLocks *lk, const IrInstr *in) {
  for (uint32_t s = 0; s < lk->n_sections; s++)
    if (lk->sections[s].loc.line == in->loc.line && lk->sections[s].loc.col == in->loc.col &&
        strcmp(lk->sections[s].mutex, in->u.call.recv.text) == 0)
      return (int)s;
  return -1;
}

/* Registers the function's mutexes and sections; false when it locks nothing. */
static bool find_sections(FnAnalysis *fa, FnLocks *lk) {
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    if (!fa->reached[b]) continue;
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const ApiCall *m = lock_model(fa, b, i);
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (!m || mutex_index(lk, in->u.call.recv.text, true) < 0) continue;
      if (m->effect != AE_LOCK || lk->n_sections >= LOCKS_MAX_SECTIONS) continue;
      LockSection *s = &lk->sections[lk->n_sections++];
      s->mutex = in->u.call.recv.text;
      s->loc = in->loc;
      s->what = kinds_call_what(fa->mc->arena, &in->u.call);
      s->shared = m->shared;
    }
  }
  return lk->n_sections > 0;
}

/* The state after instruction (b, i). */
static void lock_step(const FnAnalysis *fa, FnLocks *lk, uint32_t b, uint32_t i, LockState *st) {
  const ApiCall *m = lock_model(fa, b, i);
  if (!m) return;
  const IrInstr *in = &fa->fn->blocks[b].instrs[i];
  int mx = mutex_index(lk, in->u.call.recv.text, false);
  if (mx < 0) return;
  if (m->effect == AE_UNLOCK) {
    st->held[mx] = 0;
    st->free |= (uint8_t)(1u << mx);
    return;
  }
  int s = section_at(lk, in);
  st->held[mx] = s >= 0 ? 1ull << s : 0;
  st->free = (uint8_t)(st->free & ~(1u << mx));
  if (s < 0) st->free |= (uint8_t)(1u << mx); /* past the section limit: unknown, so none */
}

/* The sections holding their mutex on every path, in state st. */
static uint64_t must_sections(const FnLocks *lk, const LockState *st) {
  uint64_t out = 0;
  for (uint32_t m = 0; m < lk->n_mutexes; m++) {
    uint64_t h = st->held[m];
    if (!(st->free >> m & 1) && h && !(h & (h - 1))) out |= h;
  }
  return out;
}

typedef struct LockDf {
  FnAnalysis *fa;
  FnLocks *lk;
} LockDf;

static void lock_transfer(void *ctx, DfSolver *s, uint32_t b, const void *in) {
  LockDf *d = ctx;
  const IrBlock *blk = &d->fa->fn->blocks[b];
  LockState st = *(const LockState *)in;
  for (uint32_t i = 0; i < blk->n_instrs; i++) lock_step(d->fa, d->lk, b, i, &st);
  if (blk->term.kind == IR_T_JUMP || blk->term.kind == IR_T_BRANCH) df_propagate(s, blk->term.succ[0], &st);
  if (blk->term.kind == IR_T_BRANCH) df_propagate(s, blk->term.succ[1], &st);
  if (blk->exn >= 0 && df_block_may_throw(blk)) df_propagate(s, (uint32_t)blk->exn, &st);
}

static bool lock_join(void *ctx, void *dst, const void *src) {
  (void)ctx;
  LockState *a = dst;
  const LockState *b = src;
  bool changed = (a->free | b->free) != a->free;
  a->free |= b->free;
  for (uint32_t m = 0; m < LOCKS_MAX_MUTEXES; m++) {
    changed |= (a->held[m] | b->held[m]) != a->held[m];
    a->held[m] |= b->held[m];
  }
  return changed;
}

/* Section - Caches of pools */

static bool pool_like(uint8_t k) { return k == AK_POOL || k == AK_CLIENT || k == AK_CONNECTION; }

/* The element type of a Go map type text ("map[string]*sql.DB" → "*sql.DB"), or NULL. */
static const char *map_elem_type(const char *type) {
  if (!type || strncmp(type, "map[", 4) != 0) return NULL;
  int depth = 1;
  for (const char *p = type + 4; *p; p++) {
    if (*p == '[') depth++;
    if (*p == ']' && --depth == 0) {
      while (p[1] == ' ') p++;
      return p[1] ? p + 1 : NULL;
    }
  }
  return NULL;
}

/* The kind of field `field` (NULL: any field holding a pool) of a struct
** type of this package named by type, or a zero kind. */
static VKind struct_field_kind(ModCtx *mc, const char *type, const char *field) {
  char name[128];
  VKind none = {AK_UNKNOWN, -1, 0, NULL};
  if (!kinds_local_type_name(type, name, sizeof name)) return none;
  uint32_t n_mods = mc->pkg ? mc->pkg->n_mods : 1;
  for (uint32_t j = 0; j < n_mods; j++) {
    ModCtx *m = mc->pkg ? mc->pkg->mods[j] : mc;
    for (uint32_t f = 0; f < m->m->n_fields; f++) {
      const IrField *fd = &m->m->fields[f];
      if (!fd->owner || !fd->type || (fd->flags & IR_FIELD_METHOD) || strcmp(fd->owner, name) != 0) continue;
      if (field && (!fd->name || strcmp(fd->name, field) != 0)) continue;
      VKind k = kinds_type_kind(m, fd->type);
      if (pool_like(k.kind)) return k;
    }
  }
  return none;
}

static MapInfo *map_info(FnAnalysis *fa, FnLocks *lk, const char *map) {
  MapInfo *mi = map_get_cstr(&lk->maps, map);
  if (mi) return mi;
  mi = ARENA_NEW(fa->mc->arena, MapInfo);
  mi->elem_type = map_elem_type(kinds_path_decl_type(fa->mc, fa->fi, map));
  mi->elem = kinds_type_kind(fa->mc, mi->elem_type);
  if (!pool_like(mi->elem.kind)) mi->elem = (VKind){AK_UNKNOWN, -1, 0, NULL};
  mi->pools = mi->elem_type &&
              (mi->elem.kind != AK_UNKNOWN || struct_field_kind(fa->mc, mi->elem_type, NULL).kind != AK_UNKNOWN);
  map_set_cstr(&lk->maps, map, mi);
  return mi;
}

static bool map_is_pool_cache(FnAnalysis *fa, FnLocks *lk, const char *map) { return map_info(fa, lk, map)->pools; }

/* The cache of pools a path reads an element of ("cm.pools" for
** "cm.pools.[].db"; in the arena), or NULL. Memoised per path. */
static const char *path_cache(FnAnalysis *fa, FnLocks *lk, const char *path) {
  const char *at = path ? strstr(path, ".[]") : NULL;
  if (!at || (at[3] && at[3] != '.')) return NULL;
  ElemInfo *ei = map_get_cstr(&lk->elems, path);
  if (ei) return ei->map;
  ei = ARENA_NEW(fa->mc->arena, ElemInfo);
  const char *map = arena_printf(fa->mc->arena, "%.*s", (int)(at - path), path);
  ei->map = map_is_pool_cache(fa, lk, map) ? map : NULL;
  map_set_cstr(&lk->elems, path, ei);
  return ei->map;
}

/* Calls fn for every path value v mentions (itself, or its subs). */
static void each_path(const IrValue *v, void (*fn)(void *ud, const char *path), void *ud, int depth) {
  if (!v || depth > 8) return;
  if (v->kind == IR_V_PATH && v->text) fn(ud, v->text);
  for (uint32_t k = 0; (v->kind == IR_V_OTHER || v->kind == IR_V_TEMPLATE) && k < v->n_subs; k++)
    each_path(&v->subs[k], fn, ud, depth + 1);
}

static void each_cond_path(const IrCond *c, void (*fn)(void *ud, const char *path), void *ud, int depth) {
  if (!c || depth > 16) return;
  each_path(&c->a, fn, ud, 0);
  each_path(&c->b, fn, ud, 0);
  each_cond_path(c->lhs, fn, ud, depth + 1);
  each_cond_path(c->rhs, fn, ud, depth + 1);
}

/* Section - Operations */

static int op_add(FnLocks *lk, CacheOpKind kind, const char *map, uint32_t b, uint32_t i, SrcLoc loc,
                  const char *what) {
  for (uint32_t k = 0; kind == CACHE_READ && k < lk->n_ops; k++)
    if (lk->ops[k].kind == CACHE_READ && lk->op_block[k] == b && lk->op_instr[k] == i && strcmp(lk->ops[k].map, map) == 0)
      return (int)k;
  if (lk->n_ops >= LOCKS_MAX_OPS) {
    lk->overflow = true;
    return -1;
  }
  uint32_t k = lk->n_ops++;
  lk->ops[k] = (CacheOp){(uint8_t)kind, map, loc, what, 0};
  lk->op_block[k] = b;
  lk->op_instr[k] = i;
  return (int)k;
}

/* The read of map at (b, i), as an op bit, or 0. */
static uint64_t read_bit(const FnLocks *lk, uint32_t b, uint32_t i, const char *map) {
  for (uint32_t k = 0; map && k < lk->n_ops; k++)
    if (lk->ops[k].kind == CACHE_READ && lk->op_block[k] == b && lk->op_instr[k] == i && strcmp(lk->ops[k].map, map) == 0)
      return 1ull << k;
  return 0;
}

typedef struct PathVisit {
  FnAnalysis *fa;
  FnLocks *lk;
  uint32_t b, i;
  SrcLoc loc;
  uint64_t bits; /* carries: the reads the visited paths carry */
} PathVisit;

static void visit_read(void *ud, const char *path) {
  PathVisit *pv = ud;
  const char *map = path_cache(pv->fa, pv->lk, path);
  if (map) op_add(pv->lk, CACHE_READ, map, pv->b, pv->i, pv->loc, arena_printf(pv->fa->mc->arena, "%s[…]", map));
}

/* What access path p carries: its own entry and its prefixes' ("e.db" carries e). */
static uint64_t path_carries(const FnLocks *lk, const char *p) {
  uint64_t bits = 0;
  for (size_t len = strlen(p); len > 0;) {
    const uint64_t *v = map_get(&lk->carries, p, len);
    if (v) bits |= *v;
    while (len > 0 && p[len - 1] != '.') len--;
    if (len > 0) len--; /* drop the dot */
  }
  return bits;
}

static void visit_carries(void *ud, const char *path) {
  PathVisit *pv = ud;
  pv->bits |= path_carries(pv->lk, path) | read_bit(pv->lk, pv->b, pv->i, path_cache(pv->fa, pv->lk, path));
}

static uint64_t value_carries(FnAnalysis *fa, FnLocks *lk, uint32_t b, uint32_t i, const IrValue *v) {
  PathVisit pv = {fa, lk, b, i, {0, 0, 0, 0}, 0};
  each_path(v, visit_carries, &pv, 0);
  return pv.bits;
}

static void carries_add(FnAnalysis *fa, FnLocks *lk, const char *path, uint64_t bits) {
  if (!bits || !path) return;
  uint64_t *v = map_get_cstr(&lk->carries, path);
  if (!v) {
    v = ARENA_NEW(fa->mc->arena, uint64_t);
    map_set_cstr(&lk->carries, path, v);
  }
  if ((*v | bits) != *v) *v |= bits, lk->changed = true;
}

/* The container of the range loop whose key assign (b, i) binds: the test
** opaque(x) of the branch entering b. */
static const char *range_container(const IrFunc *fn, uint32_t b) {
  for (uint32_t h = 0; h < fn->n_blocks; h++) {
    const IrTerm *t = &fn->blocks[h].term;
    if (t->kind == IR_T_BRANCH && t->succ[0] == b && t->cond && t->cond->kind == IR_COND_OPAQUE &&
        t->cond->a.kind == IR_V_PATH)
      return t->cond->a.text;
  }
  return NULL;
}

/* `x = v`: a store into the cache (`m.[] = v`), or a read of it. */
static void collect_assign(FnAnalysis *fa, FnLocks *lk, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrAssign *a = &in->u.assign;
  PathVisit pv = {fa, lk, b, i, in->loc, 0};
  const char *dst_map = a->dst.kind == IR_V_PATH ? path_cache(fa, lk, a->dst.text) : NULL;
  if (dst_map && strcmp(a->dst.text + strlen(dst_map), ".[]") == 0)
    op_add(lk, CACHE_STORE, dst_map, b, i, in->loc, arena_printf(fa->mc->arena, "%s[…] = …", dst_map));
  else if (dst_map) visit_read(&pv, a->dst.text); /* `m[k].lastUsed = t` reads the element */
  each_path(&a->src, visit_read, &pv, 0);
  if (a->flags & IR_ASSIGN_RANGE_KEY) {
    const char *x = range_container(fa->fn, b);
    if (x && map_is_pool_cache(fa, lk, x))
      op_add(lk, CACHE_READ, x, b, i, in->loc, arena_printf(fa->mc->arena, "range %s", x));
  }
}

/* A call: `delete(m, k)`, a store of its result (`m[k], err = sql.Open(…)`),
** or one that reads the cache in its operands. */
static void collect_call(FnAnalysis *fa, FnLocks *lk, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  PathVisit pv = {fa, lk, b, i, in->loc, 0};
  if (c->callee && strcmp(c->callee, "delete") == 0 && c->recv.kind == IR_V_NONE && c->n_args == 2 &&
      c->args[0].kind == IR_V_PATH && map_is_pool_cache(fa, lk, c->args[0].text))
    op_add(lk, CACHE_DELETE, c->args[0].text, b, i, in->loc, arena_printf(fa->mc->arena, "delete(%s, …)", c->args[0].text));
  for (uint32_t r = 0; r < c->n_results; r++) {
    const char *map = c->results[r].kind == IR_V_PATH ? path_cache(fa, lk, c->results[r].text) : NULL;
    if (map && strcmp(c->results[r].text + strlen(map), ".[]") == 0)
      op_add(lk, CACHE_STORE, map, b, i, in->loc, arena_printf(fa->mc->arena, "%s[…] = …", map));
  }
  each_path(&c->recv, visit_read, &pv, 0);
  each_path(&c->callee_value, visit_read, &pv, 0);
  for (uint32_t a = 0; a < c->n_args; a++) each_path(&c->args[a], visit_read, &pv, 0);
}

/* Reads, stores and deletes, in block order (closes come later, once it is
** known what each receiver carries). */
static void collect_ops(FnAnalysis *fa, FnLocks *lk) {
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    if (!fa->reached[b]) continue;
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (in->kind == IR_ASSIGN) collect_assign(fa, lk, b, i, in);
      else if (in->kind == IR_CALL) collect_call(fa, lk, b, i, in);
    }
    if (blk->term.kind == IR_T_BRANCH) {
      PathVisit pv = {fa, lk, b, blk->n_instrs, blk->term.cond ? blk->term.cond->loc : blk->term.loc, 0};
      each_cond_path(blk->term.cond, visit_read, &pv, 0);
    }
  }
}

/* Section - Lookups through the program's own code */

static bool go_builtin(const char *name) {
  static const char *const names[] = {"append", "cap",   "clear", "close", "complex", "copy",    "delete",  "imag",
                                      "len",    "make",  "max",   "min",   "new",     "panic",   "print",   "println",
                                      "real",   "recover"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (strcmp(names[k], name) == 0) return true;
  return false;
}

/* Whether call c, not modelled, may look at cache map: a method of the
** map's owner (`c.get(k)` for c.pools), a call passed the map, or a plain
** function call for a package-level map. */
static bool may_look_at(const IrCall *c, const char *map) {
  const char *last = strrchr(map, '.');
  if (last && c->recv.kind == IR_V_PATH && strlen(c->recv.text) == (size_t)(last - map) &&
      strncmp(c->recv.text, map, (size_t)(last - map)) == 0)
    return true;
  for (uint32_t a = 0; a < c->n_args; a++)
    if (c->args[a].kind == IR_V_PATH && strcmp(c->args[a].text, map) == 0) return true;
  return !last && c->recv.kind == IR_V_NONE;
}

/* Lookups: calls of the program's own functions that may read a cache this
** function uses (`if cur := c.lookupLocked(k); cur != nil` under the write
** lock is a re-check). They only ever make an act quieter. */
static void collect_lookups(FnAnalysis *fa, FnLocks *lk) {
  const IrFunc *fn = fa->fn;
  uint32_t n_before = lk->n_ops;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    for (uint32_t i = 0; fa->reached[b] && i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || fa->evals[b][i].model || !in->u.call.callee) continue;
      if (in->u.call.recv.kind == IR_V_NONE && go_builtin(in->u.call.callee)) continue;
      for (uint32_t k = 0; k < n_before; k++) {
        const char *map = lk->ops[k].map;
        bool seen = false; /* one lookup per map and call */
        for (uint32_t j = 0; j < k && !seen; j++) seen = strcmp(lk->ops[j].map, map) == 0;
        if (!seen && may_look_at(&in->u.call, map))
          op_add(lk, CACHE_LOOKUP, map, b, i, in->loc, kinds_call_what(fa->mc->arena, &in->u.call));
      }
    }
  }
}

/* The lookups made by call (b, i), as op bits. */
static uint64_t lookup_bits(const FnLocks *lk, uint32_t b, uint32_t i) {
  uint64_t bits = 0;
  for (uint32_t k = 0; k < lk->n_ops; k++)
    if (lk->ops[k].kind == CACHE_LOOKUP && lk->op_block[k] == b && lk->op_instr[k] == i) bits |= 1ull << k;
  return bits;
}

/* Section - What the reads reach */

/* `p := m[k]` (or a copy of such a p): p is an element of cache m. */
static void holder_add(FnAnalysis *fa, FnLocks *lk, const char *dst, const IrValue *src) {
  if (src->kind != IR_V_PATH || strchr(dst, '.') || map_get_cstr(&lk->holders, dst)) return;
  const char *map = path_cache(fa, lk, src->text);
  MapInfo *mi = NULL;
  if (map && strcmp(src->text + strlen(map), ".[]") == 0) mi = map_info(fa, lk, map);
  else if (!strchr(src->text, '.')) mi = map_get_cstr(&lk->holders, src->text);
  if (mi) map_set_cstr(&lk->holders, dst, mi), lk->changed = true;
}

static void flow_instr(FnAnalysis *fa, FnLocks *lk, uint32_t b, uint32_t i) {
  const IrBlock *blk = &fa->fn->blocks[b];
  const IrInstr *in = &blk->instrs[i];
  if (in->kind == IR_ASSIGN) {
    const IrAssign *a = &in->u.assign;
    if (a->dst.kind != IR_V_PATH) return;
    uint64_t bits = value_carries(fa, lk, b, i, &a->src);
    /* `v, ok := m[k]`: ok says what the lookup just before it found. */
    if ((a->flags & IR_ASSIGN_COMMA_OK) && i > 0 && blk->instrs[i - 1].kind == IR_ASSIGN)
      bits |= value_carries(fa, lk, b, i - 1, &blk->instrs[i - 1].u.assign.src);
    if (a->flags & IR_ASSIGN_RANGE_KEY) {
      const char *x = range_container(fa->fn, b);
      bits |= read_bit(lk, b, i, x && map_is_pool_cache(fa, lk, x) ? x : NULL);
    }
    carries_add(fa, lk, a->dst.text, bits);
    holder_add(fa, lk, a->dst.text, &a->src);
  } else if (in->kind == IR_CALL) {
    const IrCall *c = &in->u.call;
    uint64_t bits = value_carries(fa, lk, b, i, &c->recv) | value_carries(fa, lk, b, i, &c->callee_value) |
                    lookup_bits(lk, b, i);
    for (uint32_t a = 0; a < c->n_args; a++) bits |= value_carries(fa, lk, b, i, &c->args[a]);
    for (uint32_t r = 0; r < c->n_results; r++)
      if (c->results[r].kind == IR_V_PATH) carries_add(fa, lk, c->results[r].text, bits);
  }
}

/* Follows every read through assignments and calls, flow-insensitively, to a
** fixpoint (bounded: a bound hit leaves less followed, so fewer operations
** depend on a read). */
static void flow_reads(FnAnalysis *fa, FnLocks *lk) {
  const IrFunc *fn = fa->fn;
  for (int round = 0; round < LOCKS_MAX_ROUNDS; round++) {
    lk->changed = false;
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; fa->reached[b] && i < fn->blocks[b].n_instrs; i++) flow_instr(fa, lk, b, i);
    if (!lk->changed) break;
  }
}

/* The first read among bits, or -1. */
static int first_read(const FnLocks *lk, uint64_t bits) {
  for (uint32_t k = 0; k < lk->n_ops; k++)
    if ((bits >> k & 1) && lk->ops[k].kind == CACHE_READ) return (int)k;
  return -1;
}

/* What an element of a cache (or a field of one) that recv names is: `m.[]`,
** `m.[].db`, a holder p or `p.db`; a zero kind otherwise. */
static VKind element_kind(FnAnalysis *fa, FnLocks *lk, const char *recv) {
  VKind none = {AK_UNKNOWN, -1, 0, NULL};
  const char *map = path_cache(fa, lk, recv), *rest = NULL;
  MapInfo *mi = NULL;
  if (map) mi = map_info(fa, lk, map), rest = recv + strlen(map) + 3;
  if (!mi) {
    const char *dot = strchr(recv, '.');
    char head[128];
    size_t n = dot ? (size_t)(dot - recv) : strlen(recv);
    if (n >= sizeof head) return none;
    memcpy(head, recv, n);
    head[n] = '\0';
    mi = map_get_cstr(&lk->holders, head);
    rest = recv + n;
  }
  if (!mi) return none;
  if (!*rest) return mi->elem;
  if (rest[0] != '.' || strchr(rest + 1, '.')) return none;
  return struct_field_kind(fa->mc, mi->elem_type, rest + 1);
}

/* Whether call (b, i) closes or releases a pool, client or connection: by
** its model, or, for an element of a cache (whose kind the kinds pass does
** not follow through the map), by the model of the element's type. */
static bool closes_pool(FnAnalysis *fa, FnLocks *lk, uint32_t b, uint32_t i) {
  const IrCall *c = &fa->fn->blocks[b].instrs[i].u.call;
  const CallEval *ev = &fa->evals[b][i];
  if (ev->model) return (ev->effect == AE_CLOSE || ev->effect == AE_RELEASE) && pool_like(ev->recv_kind);
  if (c->recv.kind != IR_V_PATH || !c->name) return false;
  VKind k = element_kind(fa, lk, c->recv.text);
  const ApiCall *m = k.lib >= 0 && pool_like(k.kind) ? apispec_find_call(&fa->mc->engine->spec, k.lib, (ApiKind)k.kind, c->name) : NULL;
  return m && (m->effect == AE_CLOSE || m->effect == AE_RELEASE);
}

/* Closes: a model's close or release of a pool, client or connection that
** carries a read of a cache (`p.Close()` after `p := m[k]`). */
static void collect_closes(FnAnalysis *fa, FnLocks *lk) {
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    for (uint32_t i = 0; fa->reached[b] && i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || !closes_pool(fa, lk, b, i)) continue;
      uint64_t bits = value_carries(fa, lk, b, i, &in->u.call.recv);
      int j = first_read(lk, bits);
      if (j < 0) continue;
      int k = op_add(lk, CACHE_CLOSE, lk->ops[j].map, b, i, in->loc, kinds_call_what(fa->mc->arena, &in->u.call));
      if (k >= 0) lk->op_carries[k] = bits;
    }
  }
}

/* What the operands of each store and delete carry, and of each branch condition. */
static void operand_carries(FnAnalysis *fa, FnLocks *lk) {
  const IrFunc *fn = fa->fn;
  for (uint32_t k = 0; k < lk->n_ops; k++) {
    const IrInstr *in = lk->op_instr[k] < fn->blocks[lk->op_block[k]].n_instrs
                            ? &fn->blocks[lk->op_block[k]].instrs[lk->op_instr[k]] : NULL;
    if (lk->ops[k].kind == CACHE_STORE && in && in->kind == IR_ASSIGN)
      lk->op_carries[k] = value_carries(fa, lk, lk->op_block[k], lk->op_instr[k], &in->u.assign.src);
    if (lk->ops[k].kind == CACHE_STORE && in && in->kind == IR_CALL) {
      const IrCall *c = &in->u.call; /* the result carries what the call's operands do */
      lk->op_carries[k] = value_carries(fa, lk, lk->op_block[k], lk->op_instr[k], &c->recv);
      for (uint32_t a = 0; a < c->n_args; a++)
        lk->op_carries[k] |= value_carries(fa, lk, lk->op_block[k], lk->op_instr[k], &c->args[a]);
    }
    if (lk->ops[k].kind == CACHE_DELETE && in)
      lk->op_carries[k] = value_carries(fa, lk, lk->op_block[k], lk->op_instr[k], &in->u.call.args[1]);
  }
  lk->branch_reads = ARENA_NEW_ARRAY(fa->mc->arena, uint64_t, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (!fa->reached[b] || t->kind != IR_T_BRANCH || !t->cond) continue;
    PathVisit pv = {fa, lk, b, fn->blocks[b].n_instrs, {0, 0, 0, 0}, 0};
    each_cond_path(t->cond, visit_carries, &pv, 0);
    lk->branch_reads[b] = pv.bits;
  }
}

/* The sections holding at each operation and at each branch. */
static void place_ops(FnAnalysis *fa, FnLocks *lk, const LockState *in_states) {
  const IrFunc *fn = fa->fn;
  lk->branch_sections = ARENA_NEW_ARRAY(fa->mc->arena, uint64_t, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    if (!fa->reached[b]) continue;
    LockState st = in_states[b];
    for (uint32_t i = 0; i <= fn->blocks[b].n_instrs; i++) {
      uint64_t here = must_sections(lk, &st);
      for (uint32_t k = 0; k < lk->n_ops; k++)
        if (lk->op_block[k] == b && lk->op_instr[k] == i) lk->ops[k].sections = here;
      if (i < fn->blocks[b].n_instrs) lock_step(fa, lk, b, i, &st);
    }
    lk->branch_sections[b] = must_sections(lk, &st);
  }
}

/* The sections holding at each data operation (a read and a write of the
** database under one exclusive section run one at a time in this process). */
static void place_dbops(FnAnalysis *fa, FnLocks *lk, const LockState *in_states) {
  const IrFunc *fn = fa->fn;
  const FnDbOps *d = fa->dbops;
  lk->dbop_sections = ARENA_NEW_ARRAY(fa->mc->arena, uint64_t, d->n + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    if (!fa->reached[b]) continue;
    LockState st = in_states[b];
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      for (uint32_t k = 0; k < d->n; k++)
        if (d->block[k] == b && d->instr[k] == i) lk->dbop_sections[k] = must_sections(lk, &st);
      lock_step(fa, lk, b, i, &st);
    }
  }
}

/* Section - Entry points */

/* Whether fa calls a lock at all (most functions do not: nothing is allocated for them). */
static bool locks_anything(const FnAnalysis *fa) {
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; fa->reached[b] && i < fa->fn->blocks[b].n_instrs; i++) {
      const ApiCall *m = lock_model(fa, b, i);
      if (m && m->effect == AE_LOCK) return true;
    }
  return false;
}

void lockscan_func(FnAnalysis *fa) {
  if (!locks_anything(fa)) return;
  Arena *a = fa->mc->arena;
  FnLocks *lk = ARENA_NEW(a, FnLocks);
  if (!find_sections(fa, lk)) return;
  const IrFunc *fn = fa->fn;
  LockDf d = {fa, lk};
  DfProblem p = {sizeof(LockState), &d, lock_transfer, lock_join};
  LockState entry;
  memset(&entry, 0, sizeof entry);
  entry.free = (uint8_t)((1u << LOCKS_MAX_MUTEXES) - 1);
  LockState *in_states = ARENA_NEW_ARRAY(a, LockState, fn->n_blocks + 1);
  bool *reached = ARENA_NEW_ARRAY(a, bool, fn->n_blocks + 1);
  if (!df_solve(fn, &p, &entry, a, in_states, reached)) return;
  if (fa->dbops && fa->dbops->n) {
    place_dbops(fa, lk, in_states);
    fa->dbop_locks = lk;
  }
  map_init(&lk->maps, a);
  map_init(&lk->elems, a);
  map_init(&lk->carries, a);
  map_init(&lk->holders, a);
  collect_ops(fa, lk);
  collect_lookups(fa, lk);
  flow_reads(fa, lk);
  collect_closes(fa, lk);
  /* A read left out could be the re-check that makes an operation safe. */
  if (lk->overflow || lk->n_ops == 0) return;
  operand_carries(fa, lk);
  place_ops(fa, lk, in_states);
  fa->locks = lk;
}

uint32_t lockscan_n_sections(const FnAnalysis *fa) { return fa->locks ? fa->locks->n_sections : 0; }

const LockSection *lockscan_section(const FnAnalysis *fa, uint32_t i) {
  return i < lockscan_n_sections(fa) ? &fa->locks->sections[i] : NULL;
}

uint32_t lockscan_n_ops(const FnAnalysis *fa) { return fa->locks ? fa->locks->n_ops : 0; }

const CacheOp *lockscan_op(const FnAnalysis *fa, uint32_t k) {
  return k < lockscan_n_ops(fa) ? &fa->locks->ops[k] : NULL;
}

/* The branches that decide whether block w runs: those it is control
** dependent on, and theirs in turn (`if ok { return }` decides a store that
** runs after a later `if err != nil { return }`). Memoised per block. */
static const uint8_t *deciders_of(FnAnalysis *fa, FnLocks *lk, uint32_t w) {
  const IrFunc *fn = fa->fn;
  uint32_t n = fn->n_blocks, words = (n + 7) / 8;
  if (!lk->deciders) lk->deciders = ARENA_NEW_ARRAY(fa->mc->arena, uint8_t *, n + 1);
  if (lk->deciders[w]) return lk->deciders[w];
  uint8_t *set = ARENA_NEW_ARRAY(fa->mc->arena, uint8_t, words + 1);
  uint32_t *queue = ARENA_NEW_ARRAY(fa->mc->arena, uint32_t, n + 1), head = 0, tail = 0;
  queue[tail++] = w;
  while (head < tail) {
    uint32_t x = queue[head++];
    for (uint32_t b = 0; b < n; b++) {
      if (set[b >> 3] >> (b & 7) & 1 || fn->blocks[b].term.kind != IR_T_BRANCH || !ctrldep_depends(fa, b, x)) continue;
      set[b >> 3] |= (uint8_t)(1u << (b & 7));
      queue[tail++] = b;
    }
  }
  lk->deciders[w] = set;
  return set;
}

bool lockscan_depends(FnAnalysis *fa, uint32_t k, uint32_t j) {
  FnLocks *lk = fa->locks;
  if (k >= lockscan_n_ops(fa) || j >= lk->n_ops) return false;
  if (lk->op_carries[k] >> j & 1) return true;
  const uint8_t *dec = deciders_of(fa, lk, lk->op_block[k]);
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    if ((dec[b >> 3] >> (b & 7) & 1) && (lk->branch_reads[b] >> j & 1)) return true;
  return false;
}

bool lockscan_rechecked(FnAnalysis *fa, uint32_t k, uint32_t s) {
  FnLocks *lk = fa->locks;
  if (k >= lockscan_n_ops(fa) || s >= 64) return false;
  uint64_t fresh = 0; /* reads and lookups of k's cache made in section s */
  for (uint32_t j = 0; j < lk->n_ops; j++)
    if ((lk->ops[j].kind == CACHE_READ || lk->ops[j].kind == CACHE_LOOKUP) && (lk->ops[j].sections >> s & 1) && strcmp(lk->ops[j].map, lk->ops[k].map) == 0)
      fresh |= 1ull << j;
  const uint8_t *dec = fresh ? deciders_of(fa, lk, lk->op_block[k]) : NULL;
  for (uint32_t b = 0; dec && b < fa->fn->n_blocks; b++)
    if ((dec[b >> 3] >> (b & 7) & 1) && (lk->branch_sections[b] >> s & 1) && (lk->branch_reads[b] & fresh)) return true;
  return false;
}

int lockscan_dbops_section(const FnAnalysis *fa, uint32_t j, uint32_t k) {
  const FnLocks *lk = fa->dbop_locks;
  if (!lk || !fa->dbops || j >= fa->dbops->n || k >= fa->dbops->n) return -1;
  uint64_t both = lk->dbop_sections[j] & lk->dbop_sections[k];
  for (uint32_t s = 0; s < lk->n_sections && s < 64; s++)
    if ((both >> s & 1) && !lk->sections[s].shared) return (int)s;
  return -1;
}

const LockSection *lockscan_dbops_lock(const FnAnalysis *fa, uint32_t s) {
  const FnLocks *lk = fa->dbop_locks;
  return lk && s < lk->n_sections ? &lk->sections[s] : NULL;
}
