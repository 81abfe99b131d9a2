/* onceproc: functions that run at most once per process (see onceproc.h). */
#include "engine/onceproc.h"

#include <stdlib.h>
#include <string.h>

#include "base/map.h"
#include "base/xalloc.h"
#include "ir/cfg.h"

enum { ONCE_MAX_BLOCKS = 4096 }; /* beyond this a function's calls all count as on a cycle */

/* Section - Cycles */

/* Whether block b of fn is on a CFG cycle (a function too large to search counts as one loop);
** seen and stack are scratch of fn->n_blocks + 1 and 3 * fn->n_blocks + 3 entries. */
static bool block_on_cycle(const IrFunc *fn, uint32_t b, bool *seen, uint32_t *stack) {
  return fn->n_blocks > ONCE_MAX_BLOCKS || cfg_on_cycle(fn, b, seen, stack);
}

/* Section - Candidates */

static OnceFacts *facts_of(ModCtx *mc) {
  if (!mc->once) mc->once = xcalloc(1, sizeof *mc->once);
  return mc->once;
}

void onceproc_add_candidate(ModCtx *mc, const FnAnalysis *fa, uint32_t res, Finding *f, const char *note_message) {
  onceproc_add_candidate_as(mc, fa, ONCE_LEAK, res, f, note_message);
}

/* Whether what the finding is about can be one of a once-run function's: a connection or
** transaction lost at a return, made on no cycle (else a loop could pile them up). */
static bool candidate_fits(const FnAnalysis *fa, OnceWhat what, uint32_t res) {
  if (what == ONCE_FUNC) return true;
  if (res >= fa->n_res) return false;
  const TsRes *r = &fa->res[res];
  if (what == ONCE_LEAK && ((r->kind != AK_CONNECTION && r->kind != AK_CLIENT) || r->info.leak.exit != LEAK_RETURN)) return false;
  if (what == ONCE_TX && r->info.tx_leak.exit != LEAK_RETURN) return false;
  const IrFunc *fn = fa->fn;
  if (r->info.block == UINT32_MAX || fn->n_blocks > ONCE_MAX_BLOCKS) return false;
  bool *seen = xcalloc(fn->n_blocks + 1, sizeof *seen);
  uint32_t *stack = xcalloc(fn->n_blocks * 3 + 3, sizeof *stack);
  bool cycle = block_on_cycle(fn, r->info.block, seen, stack);
  free(seen);
  free(stack);
  return !cycle;
}

void onceproc_add_candidate_as(ModCtx *mc, const FnAnalysis *fa, OnceWhat what, uint32_t res, Finding *f,
                               const char *note_message) {
  if (!mc->m || !f || !f->function || !fa->fn->name) return;
  if (mc->m->lang != IR_LANG_C && mc->m->lang != IR_LANG_GO) return;
  if (!candidate_fits(fa, what, res)) return;
  char *name = mc->m->lang == IR_LANG_GO ? goonce_name(mc, fa->fn) : xstrdup(f->function);
  OnceCandidate c = {f, name, note_message};
  array_push(&facts_of(mc)->candidates, c);
}

/* Section - Call sites and names used as values */

typedef struct Collect {
  OnceFacts *facts;
  Map taken; /* names already recorded */
} Collect;

static void note_value(Collect *c, const IrValue *v, int depth) {
  if (!v || depth > 8) return;
  if ((v->kind == IR_V_PATH || v->kind == IR_V_ADDR) && v->text && !strchr(v->text, '.') &&
      !map_get_cstr(&c->taken, v->text)) {
    char *name = xstrdup(v->text);
    map_set_cstr(&c->taken, name, (void *)1);
    array_push(&c->facts->taken, name);
  }
  for (uint32_t k = 0; k < v->n_subs; k++) note_value(c, &v->subs[k], depth + 1);
}

static void collect_instr(Collect *c, const IrFunc *fn, const IrInstr *in, bool on_cycle) {
  if (in->kind == IR_CALL || in->kind == IR_DEFER) {
    const IrCall *call = &in->u.call;
    if (call->callee && !strchr(call->callee, '.')) {
      OnceCall oc = {xstrdup(fn->name), xstrdup(call->callee), on_cycle};
      array_push(&c->facts->calls, oc);
    }
    for (uint32_t k = 0; k < call->n_args; k++) note_value(c, &call->args[k], 0);
    note_value(c, &call->callee_value, 0);
  } else if (in->kind == IR_ASSIGN) {
    note_value(c, &in->u.assign.src, 0);
  } else {
    for (uint32_t k = 0; k < in->u.opaque.n_uses; k++) note_value(c, &in->u.opaque.uses[k], 0);
  }
}

bool *onceproc_call_cycles(const IrFunc *fn) {
  bool *cycle = xcalloc(fn->n_blocks + 1, sizeof *cycle);
  bool *seen = xcalloc(fn->n_blocks + 1, sizeof *seen);
  uint32_t *stack = xcalloc(fn->n_blocks * 3 + 3, sizeof *stack);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    bool has_call = false;
    for (uint32_t i = 0; i < blk->n_instrs && !has_call; i++)
      has_call = blk->instrs[i].kind == IR_CALL || blk->instrs[i].kind == IR_DEFER;
    cycle[b] = has_call && block_on_cycle(fn, b, seen, stack);
  }
  free(seen);
  free(stack);
  return cycle;
}

static void collect_func(Collect *c, const IrFunc *fn) {
  bool *cycle = onceproc_call_cycles(fn);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) collect_instr(c, fn, &blk->instrs[i], cycle[b]);
    for (uint32_t k = 0; k < blk->term.n_values; k++) note_value(c, &blk->term.values[k], 0);
  }
  free(cycle);
}

void onceproc_publish(ModCtx *mc, ModuleSummary *s) {
  const IrModule *m = mc->m;
  if (m && m->lang == IR_LANG_GO) goonce_collect(mc, facts_of(mc));
  if (!m || m->lang != IR_LANG_C) {
    onceproc_facts_delete(s->once);
    s->once = m && m->lang == IR_LANG_GO ? mc->once : NULL;
    if (!s->once) onceproc_facts_delete(mc->once);
    mc->once = NULL;
    return;
  }
  Collect c = {facts_of(mc), {0}};
  map_init(&c.taken, NULL);
  for (uint32_t k = 0; k < m->n_funcs; k++)
    if (m->funcs[k].name && !(m->funcs[k].flags & IR_FUNC_PARSE_ERROR)) collect_func(&c, &m->funcs[k]);
  map_fini(&c.taken);
  onceproc_facts_delete(s->once);
  s->once = mc->once;
  mc->once = NULL;
}

void onceproc_facts_delete(OnceFacts *facts) {
  if (!facts) return;
  for (uint32_t i = 0; i < facts->calls.len; i++) free(facts->calls.items[i].caller), free(facts->calls.items[i].callee);
  for (uint32_t i = 0; i < facts->taken.len; i++) free(facts->taken.items[i]);
  for (uint32_t i = 0; i < facts->candidates.len; i++) free(facts->candidates.items[i].fn);
  for (uint32_t i = 0; i < facts->roots.len; i++) free(facts->roots.items[i]);
  for (uint32_t i = 0; i < facts->unseen.len; i++) free(facts->unseen.items[i]);
  array_free(&facts->roots);
  array_free(&facts->unseen);
  array_free(&facts->calls);
  array_free(&facts->taken);
  array_free(&facts->candidates);
  free(facts);
}

/* Section - The project phase */

typedef ARRAY(const OnceCall *) CallList;

typedef struct OnceGraph {
  Arena *a;
  Map callers; /* callee → CallList* (its call sites) */
  Map taken;   /* name → 1 */
  Map once;    /* name → 1: runs at most once per process */
  Map roots;   /* Go name → 1: runs once by itself */
  Map unseen;  /* Go import path → 1: some of its callers are not analysed */
  const Map *unseen_run; /* the driver's (project_add_go_unseen), or NULL */
} OnceGraph;

static void graph_add(OnceGraph *g, const OnceFacts *facts) {
  for (uint32_t i = 0; i < facts->calls.len; i++) {
    const OnceCall *oc = &facts->calls.items[i];
    CallList *l = map_get_cstr(&g->callers, oc->callee);
    if (!l) {
      l = ARENA_NEW(g->a, CallList);
      map_set_cstr(&g->callers, oc->callee, l);
    }
    array_push_in(g->a, l, oc);
  }
  for (uint32_t i = 0; i < facts->taken.len; i++) map_set_cstr(&g->taken, facts->taken.items[i], (void *)1);
  for (uint32_t i = 0; i < facts->roots.len; i++) map_set_cstr(&g->roots, facts->roots.items[i], (void *)1);
  for (uint32_t i = 0; i < facts->unseen.len; i++) map_set_cstr(&g->unseen, facts->unseen.items[i], (void *)1);
}

/* A Go name ("import/path Func") of a package some caller of which is not analysed: its call
** sites are not all known. */
static bool callers_unseen(const OnceGraph *g, const char *name) {
  const char *sp = strchr(name, ' ');
  if (!sp) return false;
  char pkg[512];
  size_t n = (size_t)(sp - name);
  if (n >= sizeof pkg) return true;
  memcpy(pkg, name, n);
  pkg[n] = '\0';
  return map_get_cstr(&g->unseen, pkg) || (g->unseen_run && map_get_cstr(g->unseen_run, pkg));
}

/* Whether name runs once: main (C), or a root (Go) or called only from once
** functions, on no cycle, and never used as a value (a Go root — a command's
** Run — may also be called directly, from once functions only). Decided on
** demand (depth-bounded: a call chain deeper than that, or a recursion, is
** not once). */
static bool runs_once(OnceGraph *g, const char *name, int depth) {
  if (strcmp(name, "main") == 0) return true;
  bool root = map_get_cstr(&g->roots, name) != NULL;
  uintptr_t known = (uintptr_t)map_get_cstr(&g->once, name);
  if (known) return known == 2;
  if (depth > 16 || map_get_cstr(&g->taken, name) || callers_unseen(g, name)) return false;
  const CallList *l = map_get_cstr(&g->callers, name);
  if (!l || !l->len) return root;
  map_set_cstr(&g->once, name, (void *)1); /* on the stack: a recursion is not once */
  bool once = true;
  for (uint32_t i = 0; i < l->len && once; i++)
    once = !l->items[i]->on_cycle && strcmp(l->items[i]->caller, name) != 0 && runs_once(g, l->items[i]->caller, depth + 1);
  map_set_cstr(&g->once, name, (void *)(uintptr_t)(once ? 2 : 1));
  return once;
}

void onceproc_apply(const Project *project) {
  if (!project) return;
  OnceGraph g;
  g.a = arena_new();
  map_init(&g.callers, g.a);
  map_init(&g.taken, g.a);
  map_init(&g.once, g.a);
  map_init(&g.roots, g.a);
  map_init(&g.unseen, g.a);
  g.unseen_run = &project->go_unseen;
  const Map *m = &project->summaries;
  bool any = false;
  for (uint32_t i = 0; i < m->cap; i++) {
    const ModuleSummary *s = m->slots[i].key ? m->slots[i].value : NULL;
    if (s && s->once) graph_add(&g, s->once), any |= s->once->candidates.len > 0;
  }
  for (uint32_t i = 0; any && i < m->cap; i++) {
    const ModuleSummary *s = m->slots[i].key ? m->slots[i].value : NULL;
    for (uint32_t k = 0; s && s->once && k < s->once->candidates.len; k++) {
      const OnceCandidate *c = &s->once->candidates.items[k];
      if (!runs_once(&g, c->fn, 0)) continue;
      c->f->message = c->note_message;
      if (c->f->lowered < 2) c->f->lowered = 2;
    }
  }
  arena_delete(g.a);
}
