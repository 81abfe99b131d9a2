/* poolsites: the pool pass (see poolsites.h and poolfacts.h).
**
** A creation is a call the models say makes a pool: effect "create" with
** result "pool" (`mysql.createPool`, `sql.Open`, `pgxpool.New`, `gorm.Open`),
** `new` of a class that creates one (`new Pool`, `new PrismaClient`, `new
** Sequelize`, `new DataSource`), or a factory class called without `new`
** (`knex(config)`; drizzle only when given a configuration). A create call
** on a pool (`pool.promise()`) wraps that pool and is not a creation.
**
** Its fate in the function is read from where the value goes, following it
** through locals, temporaries, objects that hold it and calls that wrap it
** (an unknown call's result holds its arguments: `drizzle(pool)`):
**   global   stored in a module or package variable, a static field,
**            globalThis, exports: made once (a singleton, an init function)
**   cache    stored under a key (`pools[id] = p`, `m.set(id, p)`, Go
**            `m.pools[id] = db`): one pool per tenant or database, on purpose
**   kept     stored on an object (`this.pool` outside a constructor, a
**            parameter's field), captured by an enclosing function, or
**            handed to a callee whose summary keeps it
**   return   returned (bare, wrapped, or in a literal), or stored on `this`
**            by a constructor: the caller decides
**   escaped  handed to a function nothing is known about, result dropped
**   local    none of these: used and closed (pool.end(), db.Close(),
**            $disconnect()), or left behind
** The highest of these wins (global > cache > kept > return > escaped >
** local); escaped counts as local when the function also closes the pool.
** A creation reached only through the "absent" edge of a test of something
** that outlives the call (`if (!this.pool)`, `globalThis.db ?? new …`, a
** captured variable) is a lazy initialisation: kept.
**
** Summaries (FuncSummary.pool_effect): local → POOL_DROPS, return →
** POOL_RETURNS; a call of a DROPS function is a local creation of the
** caller's, a call of a RETURNS function one whose fate is the caller's; a
** function literal passed as an argument runs during its parent's call (a
** callback, `once.Do`), unless a router was given it. Rounds run to a
** fixpoint over the module (or the Go package). Module top-level code runs
** once: it summarises to nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "engine/poolsites.h"

enum { POOL_MAX_ALIASES = 16, POOL_MAX_HOLDERS = 8, POOL_MAX_ROUNDS = 8, POOL_FATE_PASSES = 3, POOL_MAX_GUARDS = 8 };

typedef enum PoolFate { FATE_LOCAL, FATE_ESCAPED, FATE_RETURN, FATE_KEPT, FATE_CACHE, FATE_GLOBAL } PoolFate;

enum { FATE_UNKNOWN = 0xff };

typedef enum PoolCallKind { PC_CREATE, PC_CALLEE } PoolCallKind;

/* A call that creates a pool, or calls a function that has a summary. */
typedef struct PoolCall {
  uint32_t b, i;
  const IrInstr *in;
  uint8_t kind;           /* PoolCallKind */
  uint8_t fate;           /* PoolFate, or FATE_UNKNOWN until needed */
  const FuncSummary *sum; /* PC_CALLEE */
  PoolSite *site;         /* PC_CREATE */
  const char *holders[POOL_MAX_HOLDERS]; /* global: the module-level paths that hold it */
  uint32_t n_holders;
  const char *direct[POOL_MAX_HOLDERS];  /* of those, the ones it is copied into itself (`g.pool = new
                                            Pool(); conn = g.pool`), not inside another value */
  uint32_t n_direct;
  bool left_open;         /* PC_CREATE, local: used (a call on it) and never closed (publish_left_open) */
} PoolCall;

typedef struct PoolFn {
  ARRAY(PoolCall) calls; /* in the file arena */
  bool router_handler;   /* a function literal given to a router (or a handler by its signature):
                            its pools are its own, not its parent's */
  bool run_by_parent;    /* a function literal passed as a call argument */
  int32_t first_child, next_sibling; /* nested functions (indexes), -1 = none */
} PoolFn;

/* A handler registration seen in the first pass. */
typedef struct PoolReg {
  uint32_t fi;
  const IrInstr *in;
  const IrValue *handler;
  const char *how;
} PoolReg;

typedef struct PoolMod {
  ModCtx *mc;
  ModuleSummary *out;
  PoolFn *fns;
  ARRAY(PoolReg) regs; /* in the file arena */
} PoolMod;

/* Section - Records */

PoolFacts *poolfacts_new(void) { return xcalloc(1, sizeof(PoolFacts)); }

void poolfacts_delete(PoolFacts *self) {
  if (!self) return;
  for (uint32_t i = 0; i < self->sites.len; i++) {
    PoolSite *s = self->sites.items[i];
    free(s->path), free(s->what), free(s->lib), free(s->identity), free(s->func);
    for (uint32_t k = 0; k < s->n_holders; k++) free(s->holders[k]);
    free(s->holders);
    free(s);
  }
  for (uint32_t i = 0; i < self->uses.len; i++) {
    PoolUse *u = &self->uses.items[i];
    free(u->path), free(u->handler), free(u->how);
  }
  array_free(&self->sites);
  array_free(&self->uses);
  free(self);
}

static PoolFacts *mod_facts(PoolMod *pm) {
  if (!pm->out->pools) pm->out->pools = poolfacts_new();
  return pm->out->pools;
}

static const char *call_text(Arena *a, const IrCall *c) {
  const char *what = kinds_call_what(a, c);
  return (c->flags & IR_CALL_NEW) ? arena_printf(a, "new %s", what) : what;
}

static PoolSite *site_new(PoolMod *pm, uint32_t fi, const IrInstr *in, const char *lib) {
  ModCtx *mc = pm->mc;
  PoolSite *s = xcalloc(1, sizeof *s);
  s->path = xstrdup(mc->m->path);
  s->loc = in->loc;
  s->what = xstrdup(call_text(mc->arena, &in->u.call));
  s->lib = xstrdup(lib ? lib : "?");
  s->func = xstrdup(mc->m->funcs[fi].name ? mc->m->funcs[fi].name : "");
  s->go_main = mc->m->lang == IR_LANG_GO && mc->m->package && strcmp(mc->m->package, "main") == 0;
  array_push(&mod_facts(pm)->sites, s);
  return s;
}

static void use_add(PoolMod *pm, const PoolSite *site, uint8_t kind, SrcLoc loc, const char *handler,
                    const char *how) {
  PoolUse u = {site, kind, xstrdup(pm->mc->m->path), loc, xstrdup(handler ? handler : ""), xstrdup(how)};
  array_push(&mod_facts(pm)->uses, u);
}

/* Section - Creations */

/* True when a function (fi or one enclosing it, not the module) declares
** name, hiding a module-level binding of that name. */
static bool shadowed(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; fi != 0 && guard < 64; guard++) {
    if (kinds_fn_declares(mc, fi, name)) return true;
    int32_t p = mc->m->funcs[fi].parent;
    if (p < 0) break;
    fi = (uint32_t)p;
  }
  return false;
}

/* A modelled factory class called without `new` (`knex(config)`,
** `require('knex')(config)`, `Knex.knex(config)`), or NULL. */
static const ApiNamed *factory_class(ModCtx *mc, uint32_t fi, const IrCall *c, int *lib_out) {
  if (!c->callee || (c->flags & IR_CALL_NEW)) return NULL;
  char head[128];
  const char *dot = strchr(c->callee, '.');
  size_t n = dot ? (size_t)(dot - c->callee) : strlen(c->callee);
  if (n >= sizeof head || (dot && strchr(dot + 1, '.'))) return NULL;
  memcpy(head, c->callee, n);
  head[n] = '\0';
  const char *spec = NULL, *name = NULL;
  const IrImport *imp = shadowed(mc, fi, head) ? NULL : kinds_import_find(mc, head);
  if (imp) {
    spec = imp->specifier;
    name = dot ? dot + 1 : imp->imported;
  } else if (kinds_is_temp(head) && !dot) {
    const IrCall *o = ir_temp_call(&mc->m->funcs[fi], head);
    if (o && o->callee && strcmp(o->callee, "require") == 0 && o->n_args >= 1 && o->args[0].kind == IR_V_STRING)
      spec = o->args[0].text;
  }
  const ApiModule *am = NULL;
  int lib = spec ? apispec_find_module(&mc->engine->spec, spec, &am) : -1;
  if (lib < 0) return NULL;
  if (!name || strcmp(name, "*") == 0 || strcmp(name, "default") == 0) name = am ? am->value_class : NULL;
  const ApiNamed *cls = apispec_find_class(&mc->engine->spec, lib, name);
  if (!cls || !cls->callable || cls->kind != AK_POOL) return NULL;
  *lib_out = lib;
  return cls;
}

/* True when call c makes a new pool; *lib gets the model's library. */
static bool is_creation(ModCtx *mc, uint32_t fi, const IrCall *c, const CallEval *ev, int *lib) {
  /* A factory class first: the kinds pass also reads `knex(config)` as a
  ** create, but only the class says when the call makes no pool. */
  const ApiNamed *cls = factory_class(mc, fi, c, lib);
  if (cls) {
    if (cls->needs_connection && (!c->n_args || !poolident_says_where(&c->args[0]))) return false;
    return !cls->wraps || (c->n_args && poolident_is_config(mc, fi, &c->args[0]));
  }
  if (ev->effect == AE_CREATE && ev->result.kind == AK_POOL && ev->lib >= 0) {
    if (!(c->flags & IR_CALL_NEW) && c->recv.kind == IR_V_PATH && kinds_lookup(mc, fi, c->recv.text).kind == AK_POOL)
      return false; /* pool.promise(): the same pool */
    *lib = ev->lib;
    return true;
  }
  return false;
}

bool poolsites_is_creation(ModCtx *mc, uint32_t fi, const IrCall *c, int *lib) {
  CallEval ev = kinds_eval_call(mc, fi, c);
  return is_creation(mc, fi, c, &ev, lib);
}

bool poolsites_is_creation_ev(ModCtx *mc, uint32_t fi, const IrCall *c, const CallEval *ev, int *lib) {
  return is_creation(mc, fi, c, ev, lib);
}

/* The summary of what call c runs: a function, a method, a constructor of
** this module (`new Repo()`), an immediately called literal; or NULL. */
static const FuncSummary *callee_summary(ModCtx *mc, const IrCall *c, const CallEval *ev) {
  if (ev->sum) return ev->sum;
  if (c->callee_value.kind == IR_V_FUNC && c->callee_value.func >= 0 && (uint32_t)c->callee_value.func < mc->m->n_funcs)
    return &mc->fns[c->callee_value.func].summary;
  if ((c->flags & IR_CALL_NEW) && c->callee && !strchr(c->callee, '.')) {
    char key[256];
    snprintf(key, sizeof key, "%s.constructor", c->callee);
    FnInfo *F = map_get_cstr(mc->func_by_name, key);
    if (F) return &F->summary;
  }
  return NULL;
}

/* Section - Fates */

typedef struct FateCtx {
  ModCtx *mc;
  uint32_t fi;
  const IrFunc *fn;
  const char *alias[POOL_MAX_ALIASES];
  uint32_t n_alias;
  uint8_t fate;
  bool released;
  bool used;    /* a call on the pool itself (a query, connect) */
  PoolCall *pc; /* receives the holders of a global store (NULL: not recorded) */
} FateCtx;

static void fate_raise(FateCtx *fx, PoolFate f) {
  if (f > fx->fate) fx->fate = (uint8_t)f;
}

/* p is an alias or a member of one ("db", "s.db" when s holds it). */
static bool alias_has(const FateCtx *fx, const char *p) {
  for (uint32_t i = 0; p && i < fx->n_alias; i++) {
    size_t n = strlen(fx->alias[i]);
    if (strncmp(p, fx->alias[i], n) == 0 && (p[n] == '\0' || p[n] == '.')) return true;
  }
  return false;
}

static void alias_add(FateCtx *fx, const char *p) {
  for (uint32_t i = 0; i < fx->n_alias; i++)
    if (strcmp(fx->alias[i], p) == 0) return;
  if (fx->n_alias < POOL_MAX_ALIASES) fx->alias[fx->n_alias++] = p;
}

static void holder_add(FateCtx *fx, const char *p) {
  PoolCall *pc = fx->pc;
  if (!pc) return;
  for (uint32_t i = 0; i < pc->n_holders; i++)
    if (strcmp(pc->holders[i], p) == 0) return;
  if (pc->n_holders < POOL_MAX_HOLDERS) pc->holders[pc->n_holders++] = p;
}

/* The pool itself (not a value holding it) is stored into dst, a module-level
** variable: one of the variables that hold it, and at module scope another name
** of it (`conn = g.pool` below copies it again). */
static void direct_add(FateCtx *fx, const char *dst) {
  PoolCall *pc = fx->pc;
  if (!pc) return;
  if (fx->fn->flags & IR_FUNC_TOPLEVEL) alias_add(fx, dst);
  for (uint32_t i = 0; i < pc->n_direct; i++)
    if (strcmp(pc->direct[i], dst) == 0) return;
  if (pc->n_direct < POOL_MAX_HOLDERS) pc->direct[pc->n_direct++] = dst;
}

static bool mentions(const FateCtx *fx, const IrValue *v, int depth) {
  if (!v || depth > 8) return false;
  switch (v->kind) {
  case IR_V_PATH: return alias_has(fx, v->text);
  case IR_V_OTHER:
  case IR_V_TEMPLATE:
    for (uint32_t i = 0; i < v->n_subs; i++)
      if (mentions(fx, &v->subs[i], depth + 1)) return true;
    return false;
  case IR_V_FUNC: {
    if (v->func < 0 || (uint32_t)v->func >= fx->mc->m->n_funcs) return false;
    const IrFunc *cl = &fx->mc->m->funcs[v->func];
    for (uint32_t i = 0; i < cl->n_captures; i++)
      for (uint32_t k = 0; k < fx->n_alias; k++)
        if (strcmp(cl->captures[i], fx->alias[k]) == 0) return true;
    return false;
  }
  default: return false;
  }
}

static bool fn_has_param(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (strcmp(fn->params[i].name, name) == 0) return true;
  return false;
}

static bool fn_captures(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; i < fn->n_captures; i++)
    if (strcmp(fn->captures[i], name) == 0) return true;
  return false;
}

/* The pool (or an object holding it) is written to dst; true when dst is a
** module-level variable that now holds it. */
static bool fate_store(FateCtx *fx, const char *dst) {
  char head[128];
  const char *dot = strchr(dst, '.');
  size_t n = dot ? (size_t)(dot - dst) : strlen(dst);
  if (n >= sizeof head) n = sizeof head - 1;
  memcpy(head, dst, n);
  head[n] = '\0';
  if (strstr(dst, ".[]")) {
    fate_raise(fx, FATE_CACHE);
  } else if (kinds_is_temp(head)) {
    alias_add(fx, dot ? arena_strdup(fx->mc->arena, head) : dst);
  } else if (fx->fn->flags & IR_FUNC_TOPLEVEL) {
    holder_add(fx, dst);
    fate_raise(fx, FATE_GLOBAL);
    return true;
  } else if (strcmp(head, "this") == 0) {
    fate_raise(fx, (fx->fn->flags & IR_FUNC_CTOR) ? FATE_RETURN : FATE_KEPT);
  } else if (kinds_fn_declares(fx->mc, fx->fi, head)) {
    if (!dot) alias_add(fx, dst);
    else if (fn_has_param(fx->fn, head)) fate_raise(fx, FATE_KEPT);
    else alias_add(fx, arena_strdup(fx->mc->arena, head));
  } else if (fn_captures(fx->fn, head)) {
    fate_raise(fx, FATE_KEPT);
  } else {
    holder_add(fx, dst);
    fate_raise(fx, FATE_GLOBAL);
    return true;
  }
  return false;
}

/* A call's result that is the pool or stands for it (`pool.promise()`, `drizzle(pool)`). */
static void store_result(FateCtx *fx, const char *res) {
  if (fate_store(fx, res)) direct_add(fx, res);
}

static bool is_container_store(const char *name) {
  return name && (strcmp(name, "set") == 0 || strcmp(name, "push") == 0 || strcmp(name, "unshift") == 0 ||
                  strcmp(name, "add") == 0);
}

/* A call that receives the pool as its receiver or an argument. */
static void fate_call(FateCtx *fx, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  bool on_recv = c->recv.kind == IR_V_PATH && alias_has(fx, c->recv.text);
  bool on_arg = false;
  for (uint32_t a = 0; a < c->n_args && !on_arg; a++) on_arg = mentions(fx, &c->args[a], 0);
  if (!on_recv && !on_arg) return;
  CallEval ev = kinds_eval_call(fx->mc, fx->fi, c);
  const char *res = c->n_results && c->results[0].kind == IR_V_PATH ? c->results[0].text : NULL;
  /* TypeORM's dataSource.destroy() is a "release" (its pool is a resource
  ** opened by initialize()); on a pool either effect closes it. */
  if (on_recv && ev.model && (ev.model->effect == AE_CLOSE || ev.model->effect == AE_RELEASE)) fx->released = true;
  if (on_recv) fx->used = true;
  if (on_recv && ev.effect == AE_CREATE && res) store_result(fx, res); /* pool.promise() */
  if (!on_arg || in->kind == IR_DEFER) return;
  const FuncSummary *sum = callee_summary(fx->mc, c, &ev);
  bool go_append = c->recv.kind == IR_V_NONE && c->callee && strcmp(c->callee, "append") == 0;
  if (!ev.model && !sum && !go_append && is_container_store(c->name)) {
    fate_raise(fx, strcmp(c->name, "set") == 0 ? FATE_CACHE : FATE_KEPT);
  } else if (sum) {
    for (uint32_t a = 0; a < c->n_args && a < 32; a++) {
      if (!mentions(fx, &c->args[a], 0)) continue;
      if (sum->escapes_params >> a & 1) fate_raise(fx, FATE_KEPT);
      if (res && ((sum->ret_holds >> a & 1) || sum->ret_param == a + 1)) store_result(fx, res);
    }
  } else if (!ev.model) {
    /* Nothing known about the callee: its result may wrap the pool (drizzle(pool),
    ** new Kysely(…)); dropped, the callee may keep it. */
    if (res) store_result(fx, res);
    else fate_raise(fx, FATE_ESCAPED);
  }
}

static void fate_instr(FateCtx *fx, const IrInstr *in) {
  if (in->kind == IR_CALL || in->kind == IR_DEFER) {
    fate_call(fx, in);
  } else if (in->kind == IR_ASSIGN) {
    if (in->u.assign.dst.kind == IR_V_PATH && mentions(fx, &in->u.assign.src, 0)) {
      if (fate_store(fx, in->u.assign.dst.text) && in->u.assign.src.kind == IR_V_PATH) direct_add(fx, in->u.assign.dst.text);
    }
  } else if (in->kind == IR_OPAQUE) {
    for (uint32_t u = 0; u < in->u.opaque.n_uses; u++)
      if (mentions(fx, &in->u.opaque.uses[u], 0)) fate_raise(fx, FATE_ESCAPED);
  }
}

/* Section - Lazy initialisation */

/* A value that outlives one call of fn: this, a module or package variable,
** a captured variable, a container member; a temporary copied from one. */
static bool outlives_call(ModCtx *mc, uint32_t fi, const IrValue *v) {
  if (!v || v->kind != IR_V_PATH || !v->text) return false;
  const IrFunc *fn = &mc->m->funcs[fi];
  char head[128];
  const char *dot = strchr(v->text, '.');
  size_t n = dot ? (size_t)(dot - v->text) : strlen(v->text);
  if (n >= sizeof head) return false;
  memcpy(head, v->text, n);
  head[n] = '\0';
  if (kinds_is_temp(head)) {
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
        const IrInstr *in = &fn->blocks[b].instrs[i];
        if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, head) == 0)
          return in->u.assign.src.kind == IR_V_PATH && !kinds_is_temp(in->u.assign.src.text) &&
                 outlives_call(mc, fi, &in->u.assign.src);
      }
    return false;
  }
  if (strcmp(head, "this") == 0 || strstr(v->text, ".[]")) return true;
  if (!kinds_fn_declares(mc, fi, head)) return true; /* module, package or captured variable */
  return dot && fn_has_param(fn, head);              /* a field of the caller's object */
}

/* The successor of a branch taken when the tested value is absent (falsy,
** null), or -1 when the condition is not such a test of a value that
** outlives the call. */
static int absent_edge(ModCtx *mc, uint32_t fi, const IrTerm *t) {
  const IrCond *c = t->cond;
  if (t->kind != IR_T_BRANCH || !c) return -1;
  bool negated = false;
  if (c->kind == IR_COND_NOT && c->lhs) negated = true, c = c->lhs;
  if (!outlives_call(mc, fi, &c->a)) return -1;
  int absent;
  switch (c->kind) {
  case IR_COND_TRUTHY: absent = 1; break;
  case IR_COND_EQ: absent = c->b.kind == IR_V_NULL ? 0 : -1; break;
  case IR_COND_NE: absent = c->b.kind == IR_V_NULL ? 1 : -1; break;
  default: absent = -1;
  }
  if (absent < 0) return -1;
  return negated ? 1 - absent : absent;
}

/* True when block target is reachable from the entry without the edge from block cut to its successor. */
static bool reachable_without(const IrFunc *fn, uint32_t cut, uint32_t cut_succ, uint32_t target, Arena *a) {
  uint8_t *seen = ARENA_NEW_ARRAY(a, uint8_t, fn->n_blocks + 1);
  uint32_t *stack = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 1);
  uint32_t sp = 0;
  stack[sp++] = 0;
  seen[0] = 1;
  while (sp) {
    uint32_t b = stack[--sp];
    if (b == target) return true;
    const IrBlock *blk = &fn->blocks[b];
    uint32_t succ[3], n = 0;
    if (blk->term.kind == IR_T_JUMP) succ[n++] = blk->term.succ[0];
    if (blk->term.kind == IR_T_BRANCH) succ[n++] = blk->term.succ[0], succ[n++] = blk->term.succ[1];
    if (blk->exn >= 0) succ[n++] = (uint32_t)blk->exn;
    for (uint32_t k = 0; k < n; k++) {
      if (b == cut && succ[k] == cut_succ) continue;
      if (succ[k] < fn->n_blocks && !seen[succ[k]]) seen[succ[k]] = 1, stack[sp++] = succ[k];
    }
  }
  return false;
}

/* The creation in block b runs only when something that outlives the call
** was found absent: `if (!pool) pool = …`, `x ??= …`, `globalThis.db ?? …`. */
static bool lazily_guarded(ModCtx *mc, uint32_t fi, uint32_t b) {
  const IrFunc *fn = &mc->m->funcs[fi];
  uint32_t tried = 0;
  for (uint32_t p = 0; p < fn->n_blocks && tried < POOL_MAX_GUARDS; p++) {
    int e = absent_edge(mc, fi, &fn->blocks[p].term);
    if (e < 0) continue;
    tried++;
    uint32_t s = fn->blocks[p].term.succ[e];
    if (s == fn->blocks[p].term.succ[1 - e]) continue;
    ArenaMark mark = arena_mark(mc->arena);
    bool guarded = !reachable_without(fn, p, s, b, mc->arena);
    arena_rewind(mc->arena, mark);
    if (guarded) return true;
  }
  return false;
}

/* What function fi does with the value the call at (b, i) produces. */
static uint8_t fate_of(ModCtx *mc, uint32_t fi, PoolCall *pc) {
  FateCtx fx;
  memset(&fx, 0, sizeof fx);
  fx.mc = mc;
  fx.fi = fi;
  fx.fn = &mc->m->funcs[fi];
  fx.pc = pc;
  const IrCall *c = &pc->in->u.call;
  if (c->n_results && c->results[0].kind == IR_V_PATH) {
    if (fate_store(&fx, c->results[0].text)) direct_add(&fx, c->results[0].text);
  }
  for (int pass = 0; pass < POOL_FATE_PASSES; pass++) {
    uint32_t before = fx.n_alias;
    for (uint32_t b = 0; b < fx.fn->n_blocks; b++) {
      const IrBlock *blk = &fx.fn->blocks[b];
      for (uint32_t i = 0; i < blk->n_instrs; i++)
        if (!(b == pc->b && i == pc->i)) fate_instr(&fx, &blk->instrs[i]);
      for (uint32_t v = 0; blk->term.kind == IR_T_RET && v < blk->term.n_values; v++)
        if (mentions(&fx, &blk->term.values[v], 0)) fate_raise(&fx, FATE_RETURN);
    }
    if (fx.n_alias == before) break;
  }
  if (fx.fate == FATE_ESCAPED && fx.released) fx.fate = FATE_LOCAL;
  if (fx.fate <= FATE_RETURN && lazily_guarded(mc, fi, pc->b)) fx.fate = FATE_KEPT;
  pc->left_open = fx.fate == FATE_LOCAL && fx.used && !fx.released;
  return fx.fate;
}

/* Section - The first pass: creations, calls with summaries, registrations */

static void reg_seen(void *ud, uint32_t fi, const IrInstr *reg, const IrValue *handler, const char *how) {
  PoolMod *pm = ud;
  PoolReg r = {fi, reg, handler, how};
  array_push_in(pm->mc->arena, &pm->regs, r);
  if (handler->kind == IR_V_FUNC && handler->func >= 0 && (uint32_t)handler->func < pm->mc->m->n_funcs)
    pm->fns[handler->func].router_handler = true;
}

static void scan_call(PoolMod *pm, uint32_t fi, uint32_t b, uint32_t i, const IrInstr *in) {
  ModCtx *mc = pm->mc;
  const IrCall *c = &in->u.call;
  for (uint32_t a = 0; a < c->n_args; a++)
    if (c->args[a].kind == IR_V_FUNC && c->args[a].func >= 0 && (uint32_t)c->args[a].func < mc->m->n_funcs)
      pm->fns[c->args[a].func].run_by_parent = true;
  if (!c->callee && c->callee_value.kind != IR_V_FUNC) return;
  CallEval ev = kinds_eval_call(mc, fi, c);
  int lib = -1;
  PoolCall pc;
  memset(&pc, 0, sizeof pc);
  pc.b = b, pc.i = i, pc.in = in, pc.fate = FATE_UNKNOWN;
  if (is_creation(mc, fi, c, &ev, &lib)) {
    pc.kind = PC_CREATE;
    pc.site = site_new(pm, fi, in, apispec_lib_name(&mc->engine->spec, lib));
    pc.site->identity = poolident_of_call(mc, fi, c, pc.site->lib);
    pc.fate = fate_of(mc, fi, &pc);
    pc.site->scope = fi == 0 || pc.fate == FATE_GLOBAL ? POOL_SITE_MODULE : POOL_SITE_CALL;
  } else if ((pc.sum = callee_summary(mc, c, &ev)) != NULL) {
    pc.kind = PC_CALLEE;
  } else {
    return;
  }
  array_push_in(mc->arena, &pm->fns[fi].calls, pc);
}

static void scan_func(PoolMod *pm, uint32_t fi) {
  const IrFunc *fn = &pm->mc->m->funcs[fi];
  if (fn->flags & IR_FUNC_PARSE_ERROR) return;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
      if (fn->blocks[b].instrs[i].kind == IR_CALL) scan_call(pm, fi, b, i, &fn->blocks[b].instrs[i]);
  handlers_each_registration(pm->mc, fi, reg_seen, pm);
}

static void mod_init(PoolMod *pm, ModCtx *mc, ModuleSummary *out) {
  memset(pm, 0, sizeof *pm);
  pm->mc = mc;
  pm->out = out;
  const IrModule *m = mc->m;
  pm->fns = ARENA_NEW_ARRAY(mc->arena, PoolFn, m->n_funcs + 1);
  for (uint32_t j = 0; j < m->n_funcs; j++) pm->fns[j].first_child = pm->fns[j].next_sibling = -1;
  for (uint32_t j = m->n_funcs; j-- > 1;) {
    int32_t p = m->funcs[j].parent;
    if (p < 0 || (uint32_t)p >= m->n_funcs) continue;
    pm->fns[j].next_sibling = pm->fns[p].first_child;
    pm->fns[p].first_child = (int32_t)j;
  }
  for (uint32_t k = 0; k < m->n_funcs; k++) scan_func(pm, mc->order[k]);
  /* A handler literal (Go `http.HandleFunc("/", func(w, r) {…})`) runs per request, not during its parent's call. */
  for (uint32_t j = 1; j < m->n_funcs; j++)
    if (m->funcs[j].parent > 0 && handlers_declared(mc, j)) pm->fns[j].router_handler = true;
}

/* Section - Rounds */

static void effect_merge(uint8_t *eff, const PoolSite **site, uint8_t fate, const PoolSite *s) {
  if (!s) return;
  if (fate == FATE_LOCAL && *eff != POOL_DROPS) *eff = POOL_DROPS, *site = s;
  else if (fate == FATE_RETURN && *eff == POOL_NONE) *eff = POOL_RETURNS, *site = s;
}

/* Recomputes function fi's pool summary; true when it changed. */
static bool summarize(PoolMod *pm, uint32_t fi) {
  ModCtx *mc = pm->mc;
  uint8_t eff = POOL_NONE;
  const PoolSite *site = NULL;
  PoolFn *pf = &pm->fns[fi];
  for (uint32_t k = 0; fi != 0 && k < pf->calls.len; k++) {
    PoolCall *pc = &pf->calls.items[k];
    if (pc->kind == PC_CREATE) {
      effect_merge(&eff, &site, pc->fate, pc->site);
    } else if (pc->sum->pool_effect == POOL_DROPS) {
      effect_merge(&eff, &site, FATE_LOCAL, pc->sum->pool_site);
    } else if (pc->sum->pool_effect == POOL_RETURNS) {
      if (pc->fate == FATE_UNKNOWN) pc->fate = fate_of(mc, fi, pc);
      effect_merge(&eff, &site, pc->fate, pc->sum->pool_site);
    }
  }
  for (int32_t j = fi != 0 ? pf->first_child : -1; j >= 0; j = pm->fns[j].next_sibling) {
    const FuncSummary *cs = &mc->fns[j].summary;
    if (pm->fns[j].run_by_parent && !pm->fns[j].router_handler && cs->pool_effect == POOL_DROPS)
      effect_merge(&eff, &site, FATE_LOCAL, cs->pool_site);
  }
  FuncSummary *s = &mc->fns[fi].summary;
  if (s->pool_effect == eff && s->pool_site == site) return false;
  s->pool_effect = eff;
  s->pool_site = site;
  return true;
}

static bool round_module(PoolMod *pm) {
  bool changed = false;
  for (uint32_t k = 0; k < pm->mc->m->n_funcs; k++) changed |= summarize(pm, pm->mc->order[k]);
  return changed;
}

/* Section - Publishing */

static void use_from_summary(PoolMod *pm, const FuncSummary *s, SrcLoc loc, const char *name, const char *how) {
  if (s && s->pool_effect != POOL_NONE && s->pool_site) use_add(pm, s->pool_site, POOL_USE_REQUEST, loc, name, how);
}

/* A function's name for messages, or NULL for a literal ("h.<lambda@3:9>"). */
static const char *plain_name(const char *name) { return name && !strchr(name, '<') ? name : NULL; }

static void publish_uses(PoolMod *pm) {
  ModCtx *mc = pm->mc;
  const IrModule *m = mc->m;
  Arena *a = mc->arena;
  for (uint32_t fi = 1; fi < m->n_funcs; fi++) {
    const char *kind = handlers_declared(mc, fi);
    if (!kind) continue;
    const char *name = m->lang == IR_LANG_GO ? plain_name(m->funcs[fi].name) : NULL;
    const char *how = arena_printf(a, "the %s%s%s", kind, name ? " " : "", name ? name : "");
    use_from_summary(pm, &mc->fns[fi].summary, m->funcs[fi].loc, m->funcs[fi].name, how);
  }
  for (uint32_t k = 0; k < pm->regs.len; k++) {
    const PoolReg *r = &pm->regs.items[k];
    if (r->handler->kind == IR_V_FUNC) {
      const IrFunc *h = &m->funcs[r->handler->func];
      use_from_summary(pm, &mc->fns[r->handler->func].summary, h->loc, h->name, arena_printf(a, "the %s", r->how));
    } else {
      VKind k2 = kinds_lookup(mc, r->fi, r->handler->text);
      const char *how = arena_printf(a, "the %s", r->how);
      if (k2.kind == VK_FUNC) use_from_summary(pm, k2.ref, r->in->loc, r->handler->text, how);
    }
  }
}

/* How the module offers a module-scope pool held in holders (module-level
** paths): exported as such, through a wrapper (`export const db =
** drizzle(pool)`, `pool.promise()`) or a getter that returns it; used by
** exported functions; or private. */
static uint8_t shared_rank(ModCtx *mc, const char *const *holders, uint32_t n_holders) {
  const IrModule *m = mc->m;
  FateCtx fx;
  memset(&fx, 0, sizeof fx);
  fx.mc = mc;
  fx.fn = &m->funcs[0];
  for (uint32_t i = 0; i < n_holders; i++) alias_add(&fx, holders[i]);
  for (int pass = 0; pass < 2; pass++) /* wrappers made at module scope hold it too */
    for (uint32_t b = 0; b < fx.fn->n_blocks; b++)
      for (uint32_t i = 0; i < fx.fn->blocks[b].n_instrs; i++) {
        const IrInstr *in = &fx.fn->blocks[b].instrs[i];
        const char *dst = NULL;
        bool hit = false;
        if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH)
          dst = in->u.assign.dst.text, hit = mentions(&fx, &in->u.assign.src, 0);
        if (in->kind == IR_CALL && in->u.call.n_results && in->u.call.results[0].kind == IR_V_PATH) {
          dst = in->u.call.results[0].text;
          hit = mentions(&fx, &in->u.call.recv, 0);
          for (uint32_t a = 0; a < in->u.call.n_args && !hit; a++) hit = mentions(&fx, &in->u.call.args[a], 0);
        }
        if (hit && dst) alias_add(&fx, dst);
      }
  for (uint32_t i = 0; i < fx.n_alias; i++) {
    const char *h = fx.alias[i];
    if (strncmp(h, "globalThis.", 11) == 0 || strncmp(h, "global.", 7) == 0 || strncmp(h, "exports.", 8) == 0 ||
        strncmp(h, "module.exports", 14) == 0)
      return POOL_EXPORTED;
    if (m->lang == IR_LANG_GO && h[0] >= 'A' && h[0] <= 'Z') return POOL_EXPORTED;
  }
  for (uint32_t k = 0; k < m->n_exports; k++)
    if (mentions(&fx, &m->exports[k].value, 0)) return POOL_EXPORTED;
  uint8_t rank = POOL_PRIVATE;
  for (uint32_t fi = 1; fi < m->n_funcs; fi++) {
    if (!handlers_exported_func(mc, fi)) continue;
    const IrFunc *fn = &m->funcs[fi];
    bool handler = handlers_declared(mc, fi) != NULL;
    for (uint32_t b = 0; b < fn->n_blocks; b++) {
      const IrBlock *blk = &fn->blocks[b];
      for (uint32_t v = 0; blk->term.kind == IR_T_RET && v < blk->term.n_values; v++)
        if (mentions(&fx, &blk->term.values[v], 0)) return POOL_EXPORTED; /* a getter */
      for (uint32_t i = 0; !handler && i < blk->n_instrs; i++) {
        const IrInstr *in = &blk->instrs[i];
        bool used = in->kind == IR_CALL && mentions(&fx, &in->u.call.recv, 0);
        for (uint32_t a = 0; in->kind == IR_CALL && a < in->u.call.n_args && !used; a++)
          used = mentions(&fx, &in->u.call.args[a], 0);
        if (used) rank = POOL_USED_EXPORTED;
      }
    }
  }
  return rank;
}

/* Module-scope sites: creations made once, and module-scope calls of factories. */
static void publish_module_sites(PoolMod *pm) {
  ModCtx *mc = pm->mc;
  for (uint32_t fi = 0; fi < mc->m->n_funcs; fi++) {
    PoolFn *pf = &pm->fns[fi];
    for (uint32_t k = 0; k < pf->calls.len; k++) {
      PoolCall *pc = &pf->calls.items[k];
      PoolSite *s = pc->site;
      if (pc->kind == PC_CALLEE) {
        if (pc->sum->pool_effect != POOL_RETURNS || !pc->sum->pool_site) continue;
        if (pc->fate == FATE_UNKNOWN) pc->fate = fate_of(mc, fi, pc);
        if (fi != 0 && pc->fate != FATE_GLOBAL) continue;
        const PoolSite *o = pc->sum->pool_site;
        s = site_new(pm, fi, pc->in, o->lib);
        s->identity = o->identity ? xstrdup(o->identity) : NULL;
        s->origin = o;
        s->scope = POOL_SITE_MODULE;
      }
      if (s->scope != POOL_SITE_MODULE) continue;
      s->shared = shared_rank(mc, pc->holders, pc->n_holders);
      s->holders = pc->n_direct ? xcalloc(pc->n_direct, sizeof *s->holders) : NULL;
      for (uint32_t h = 0; h < pc->n_direct; h++) s->holders[s->n_holders++] = xstrdup(pc->direct[h]);
    }
  }
}

/* The methods of a JS/TS class that make and drop a pool on every call,
** from one creation: when there are several, every operation of the class
** opens its own pool (a saver whose get, put and list each open a new
** DataSource), whoever calls them. One method alone could be start-up code. */
static bool is_method_of(const ModCtx *mc, const FuncSummary *s, const char *cls) {
  for (uint32_t k = 1; k < mc->m->n_funcs; k++)
    if (&mc->fns[k].summary == s) return mc->m->funcs[k].class_name && strcmp(mc->m->funcs[k].class_name, cls) == 0;
  return false;
}

/* A method that makes and drops a pool itself (or through a helper that is
** no other method doing the same: syncAll calling syncTableData is one
** operation, not two). */
static bool operation_method(const PoolMod *pm, uint32_t fi) {
  const ModCtx *mc = pm->mc;
  const IrFunc *fn = &mc->m->funcs[fi];
  if (!fn->class_name || fn->parent != 0 || !(fn->flags & IR_FUNC_METHOD) || (fn->flags & IR_FUNC_CTOR) ||
      mc->fns[fi].summary.pool_effect != POOL_DROPS || !mc->fns[fi].summary.pool_site)
    return false;
  const PoolFn *pf = &pm->fns[fi];
  for (uint32_t k = 0; k < pf->calls.len; k++) {
    const PoolCall *pc = &pf->calls.items[k];
    if (pc->kind == PC_CREATE && pc->fate == FATE_LOCAL) return true;
    if (pc->kind == PC_CALLEE && pc->sum->pool_site == mc->fns[fi].summary.pool_site &&
        (pc->sum->pool_effect == POOL_RETURNS || !is_method_of(mc, pc->sum, fn->class_name)))
      return true;
  }
  return false;
}

static void publish_operations(PoolMod *pm) {
  ModCtx *mc = pm->mc;
  const IrModule *m = mc->m;
  if (m->lang != IR_LANG_JS && m->lang != IR_LANG_TS) return;
  for (uint32_t fi = 1; fi < m->n_funcs; fi++) {
    if (!operation_method(pm, fi)) continue;
    const PoolSite *site = mc->fns[fi].summary.pool_site;
    bool first = true;
    StrBuf names;
    strbuf_init(&names);
    uint32_t n = 0;
    for (uint32_t j = 1; j < m->n_funcs; j++) {
      if (!operation_method(pm, j) || mc->fns[j].summary.pool_site != site ||
          strcmp(m->funcs[j].class_name, m->funcs[fi].class_name) != 0)
        continue;
      if (j < fi) first = false;
      const char *dot = strrchr(m->funcs[j].name, '.');
      if (n++ < 4) strbuf_printf(&names, "%s%s", n > 1 ? ", " : "", dot ? dot + 1 : m->funcs[j].name);
    }
    if (first && n >= 2) {
      const char *how = arena_printf(mc->arena, "each of the methods %s%s of %s", strbuf_cstr(&names),
                                     n > 4 ? ", …" : "", m->funcs[fi].class_name);
      for (uint32_t j = fi; j < m->n_funcs; j++)
        if (operation_method(pm, j) && mc->fns[j].summary.pool_site == site &&
            strcmp(m->funcs[j].class_name, m->funcs[fi].class_name) == 0)
          use_add(pm, site, POOL_USE_OPERATION, m->funcs[j].loc, m->funcs[j].name, how);
    }
    strbuf_fini(&names);
  }
}

/* A JS/TS function (not the module's code, nor a callback its parent runs) that makes a pool,
** uses it and never ends it: every call leaves one behind, whoever calls it. */
static void publish_left_open(PoolMod *pm) {
  ModCtx *mc = pm->mc;
  const IrModule *m = mc->m;
  if (m->lang != IR_LANG_JS && m->lang != IR_LANG_TS) return;
  for (uint32_t fi = 1; fi < m->n_funcs; fi++) {
    const PoolFn *pf = &pm->fns[fi];
    if (pf->run_by_parent || (m->funcs[fi].flags & IR_FUNC_PARSE_ERROR)) continue;
    for (uint32_t k = 0; k < pf->calls.len; k++) {
      const PoolCall *pc = &pf->calls.items[k];
      if (pc->kind == PC_CREATE && pc->left_open && pc->site->scope == POOL_SITE_CALL)
        use_add(pm, pc->site, POOL_USE_LEFT_OPEN, m->funcs[fi].loc, m->funcs[fi].name,
                "it is used and never ended: each call leaves a pool with open connections behind");
    }
  }
}

static void mod_publish(PoolMod *pm) {
  publish_left_open(pm);
  publish_operations(pm);
  publish_uses(pm);
  publish_module_sites(pm);
}

void poolsites_module_run(ModCtx *mc, ModuleSummary *out) {
  if (!mc->m->n_funcs) return;
  PoolMod pm;
  mod_init(&pm, mc, out);
  for (int round = 0; round < POOL_MAX_ROUNDS && round_module(&pm); round++) {
  }
  mod_publish(&pm);
}

void poolsites_package_run(PkgCtx *pkg, ModuleSummary *const *outs) {
  PoolMod *pms = xcalloc(pkg->n_mods ? pkg->n_mods : 1, sizeof *pms);
  for (uint32_t j = 0; j < pkg->n_mods; j++)
    if (pkg->mods[j]->m->n_funcs) mod_init(&pms[j], pkg->mods[j], outs[j]);
  for (int round = 0; round < POOL_MAX_ROUNDS; round++) {
    bool changed = false;
    for (uint32_t j = 0; j < pkg->n_mods; j++)
      if (pms[j].mc) changed |= round_module(&pms[j]);
    if (!changed) break;
  }
  for (uint32_t j = 0; j < pkg->n_mods; j++)
    if (pms[j].mc) mod_publish(&pms[j]);
  free(pms);
}
