/* engine: the run-level objects (Engine: models and the enabled rules) and
** the per-module pass: value kinds for the whole module, then per function
** (parents first) resources and facts, the typestate fixpoint, and the rules,
** dispatched by instruction kind (instr_mask) during a replay of the
** fixpoint and at the end of the function. Per-function memory is a mark on
** the file arena, rewound when the function is done. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "engine/analysis.h"
#include "engine/onceproc.h"
#include "engine/ormops.h"
#include "engine/poolsites.h"
#include "engine/secconf.h"
#include "engine/threading.h"
#include "ir/cfg.h"

struct RuleCtx {
  ModCtx *mc;
  FnAnalysis *fa;
  const EngineRule *rule;
  void *scratch;
  FindingList *out;
  const TsState *state; /* during on_instr: the state before the instruction */
  uint32_t b, i;
};

/* Section - Engine */

Engine *engine_create(const EngineOptions *opts, const EngineRule *rules, size_t n_rules) {
  Engine *e = xcalloc(1, sizeof *e);
  if (opts) e->opts = *opts;
  apispec_init(&e->spec);
  if (n_rules) {
    e->rules = xmalloc(sizeof *rules * n_rules);
    memcpy(e->rules, rules, sizeof *rules * n_rules);
  }
  e->n_rules = n_rules;
  for (size_t r = 0; r < n_rules; r++) e->wants_locks |= rules[r].uses_locks;
  for (size_t r = 0; r < n_rules; r++) e->wants_dbops |= rules[r].uses_dbops || rules[r].uses_locks;
  for (size_t r = 0; r < n_rules; r++) e->wants_sec |= rules[r].uses_sec;
  return e;
}

void engine_delete(Engine *self) {
  if (!self) return;
  apispec_fini(&self->spec);
  free(self->rules);
  free(self);
}

bool engine_load_models(Engine *self, const char *dir, char *err, size_t err_len) {
  return apispec_load_dir(&self->spec, dir, err, err_len);
}

bool engine_load_model_file(Engine *self, const char *path, char *err, size_t err_len) {
  return apispec_load_file(&self->spec, path, err, err_len);
}

void engine_each_prefilter_specifier(const Engine *self, void (*fn)(const char *specifier, void *ud), void *ud) {
  for (uint32_t i = 0; i < self->spec.libs.len; i++) {
    const ApiLib *lib = &self->spec.libs.items[i];
    for (uint32_t j = 0; j < lib->modules.len; j++) fn(lib->modules.items[j].specifier, ud);
  }
}

void engine_each_function_prefix(const Engine *self, void (*fn)(const char *prefix, void *ud), void *ud) {
  apispec_each_prefix(&self->spec, fn, ud);
}

const char *engine_unmodelled_library(const Engine *self, const char *specifier) {
  return apispec_unmodelled_library(&self->spec, specifier);
}

/* Section - Rule context */

void *rule_ctx_scratch(RuleCtx *cx) { return cx->scratch; }

const IrModule *rule_ctx_module(const RuleCtx *cx) { return cx->mc->m; }

const CallFact *rule_ctx_call_fact(RuleCtx *cx, const IrInstr *in) {
  const IrBlock *blk = &cx->fa->fn->blocks[cx->b];
  if (cx->i < blk->n_instrs && &blk->instrs[cx->i] == in) return &cx->fa->facts[cx->b][cx->i].call;
  return NULL;
}

uint32_t rule_ctx_n_resources(const RuleCtx *cx) { return cx->fa->n_res; }

FnAnalysis *rule_ctx_analysis(const RuleCtx *cx) { return cx->fa; }

FindingList *rule_ctx_findings(const RuleCtx *cx) { return cx->out; }

const TsResourceInfo *rule_ctx_resource(const RuleCtx *cx, uint32_t i) {
  return i < cx->fa->n_res ? &cx->fa->res[i].info : NULL;
}

const char *rule_ctx_describe(RuleCtx *cx, const IrValue *v) {
  Arena *a = cx->mc->arena;
  if (!v || v->kind != IR_V_PATH) return "not a path";
  VKind k = kinds_lookup(cx->mc, cx->fa->fi, v->text);
  const char *kind = k.kind < AK_COUNT ? apikind_name((ApiKind)k.kind) : k.kind == VK_NAMESPACE ? "namespace" : "function";
  const AliasInfo *ai = facts_alias(cx->fa, v->text);
  char *out = arena_printf(a, "%s: kind %s", v->text, kind);
  for (uint32_t r = 0; ai && cx->state && r < cx->fa->n_res; r++) {
    if (!(ai->res >> r & 1)) continue;
    out = arena_printf(a, "%s; state %s; transaction %s", out, typestate_describe(a, cx->state[r], false),
                       typestate_describe(a, cx->state[r], true));
  }
  return out;
}

static const char *rule_message(const EngineRule *rule, const char *id) {
  for (const RuleMessage *m = rule->messages; m && m->id; m++)
    if (strcmp(m->id, id) == 0) return m->text;
  return NULL;
}

Finding *rule_ctx_report(RuleCtx *cx, const char *msg_id, SrcLoc loc, const char *subject, ...) {
  const char *tmpl = rule_message(cx->rule, msg_id);
  char msg[512];
  va_list ap;
  va_start(ap, subject);
  if (tmpl) vsnprintf(msg, sizeof msg, tmpl, ap);
  else snprintf(msg, sizeof msg, "%s", msg_id);
  va_end(ap);
  FindingList *out = cx->out;
  Finding *f = finding_list_add(out);
  f->rule_id = cx->rule->id;
  f->level = cx->rule->level;
  /* A C function defined in a project header reports in that header. */
  f->path = finding_list_strdup(out, cx->fa->fn->file ? cx->fa->fn->file : cx->mc->m->path);
  f->loc = loc;
  f->message = finding_list_strdup(out, msg);
  f->function = finding_list_strdup(out, cx->fa->fn->name);
  f->subject = finding_list_strdup(out, subject);
  return f;
}

void rule_ctx_add_related(RuleCtx *cx, Finding *f, SrcLoc loc, const char *message) {
  FindingList *out = cx->out;
  FindingRelated *rel = arena_alloc(out->arena, sizeof *rel * (f->n_related + 1));
  if (f->n_related) memcpy(rel, f->related, sizeof *rel * f->n_related);
  rel[f->n_related] = (FindingRelated){NULL, loc, finding_list_strdup(out, message)};
  f->related = rel;
  f->n_related++;
}

void rule_ctx_add_related_in(RuleCtx *cx, Finding *f, const char *path, SrcLoc loc, const char *message) {
  rule_ctx_add_related(cx, f, loc, message);
  if (path) f->related[f->n_related - 1].path = finding_list_strdup(cx->out, path);
}

void rule_ctx_lower_level(RuleCtx *cx, Finding *f, uint8_t levels) {
  (void)cx;
  f->lowered = levels;
}

void rule_ctx_require_option(RuleCtx *cx, Finding *f, uint8_t option) {
  (void)cx;
  f->option = (uint8_t)(option + 1);
}

/* The rule's message msg_id formatted with ap, in cx->out; NULL when the rule has none. */
static const char *rule_ctx_vformat(RuleCtx *cx, const char *msg_id, va_list ap) {
  const char *tmpl = rule_message(cx->rule, msg_id);
  if (!tmpl) return NULL;
  char msg[512];
  vsnprintf(msg, sizeof msg, tmpl, ap);
  return finding_list_strdup(cx->out, msg);
}

void rule_ctx_once_per_process(RuleCtx *cx, Finding *f, uint32_t i, const char *msg_id, ...) {
  va_list ap;
  va_start(ap, msg_id);
  const char *msg = f ? rule_ctx_vformat(cx, msg_id, ap) : NULL;
  va_end(ap);
  if (msg) onceproc_add_candidate(cx->mc, cx->fa, i, f, msg);
}

void rule_ctx_once_per_process_as(RuleCtx *cx, Finding *f, RuleOnce what, uint32_t i, const char *msg_id, ...) {
  va_list ap;
  va_start(ap, msg_id);
  const char *msg = f ? rule_ctx_vformat(cx, msg_id, ap) : NULL;
  va_end(ap);
  if (msg) onceproc_add_candidate_as(cx->mc, cx->fa, what == RULE_ONCE_TX ? ONCE_TX : ONCE_FUNC, i, f, msg);
}

void rule_ctx_add_witness(RuleCtx *cx, Finding *f, uint32_t i, bool tx) {
  if (i < cx->fa->n_res) typestate_witness(cx->fa, cx->out, f, i, tx);
}

/* Section - Data operations */

bool rule_ctx_unique_key(const RuleCtx *cx, uint32_t k, uint32_t j, char *cols, size_t cols_len) {
  const DbOp *w = rule_ctx_dbop(cx, k), *r = rule_ctx_dbop(cx, j);
  return w && r && cx->mc->project && dbops_unique_key(cx->mc->project->schema, cx->fa, k, j, cols, cols_len);
}

uint32_t rule_ctx_n_dbops(const RuleCtx *cx) { return cx->fa->dbops ? cx->fa->dbops->n : 0; }

const DbOp *rule_ctx_dbop(const RuleCtx *cx, uint32_t k) {
  return k < rule_ctx_n_dbops(cx) ? &cx->fa->dbops->ops[k] : NULL;
}

uint64_t rule_ctx_dbop_arg_ops(const RuleCtx *cx, uint32_t k) { return dbops_args_ops(cx->fa, k); }

uint64_t rule_ctx_dbop_value_ops(const RuleCtx *cx, uint32_t k) { return dbops_value_ops_of(cx->fa, k); }
bool rule_ctx_dbop_gets_or_creates(const RuleCtx *cx, uint32_t k) { return dbops_gets_or_creates(cx->fa, k); }
uint64_t rule_ctx_dbop_value_arith_ops(const RuleCtx *cx, uint32_t k) { return dbops_value_arith_ops_of(cx->fa, k); }

/* The strongest test of read j deciding write k. With effective (the rule's
** view): a test of a column k sets that only skips a write changing nothing
** (dbops_cond_noop_side, k on the side where they differ) counts as a test
** of a value it does not set, and a found-or-not test decides k also when k
** is not control dependent on it but can run only after its "found nothing"
** side (`if (taken) throw …` in one block, the write under a later test). */
static DbGuard dbop_guard(const RuleCtx *cx, uint32_t k, uint32_t j, SrcLoc *at, bool effective) {
  if (k >= rule_ctx_n_dbops(cx) || j >= 64) return DB_GUARD_NONE;
  const IrFunc *fn = cx->fa->fn;
  uint32_t w = dbops_decision_block(cx->fa, k);
  DbGuard best = DB_GUARD_NONE;
  for (uint32_t b = 0; b < fn->n_blocks && best != DB_GUARD_VALUE_WRITTEN; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (t->kind != IR_T_BRANCH || !cx->fa->reached[b]) continue;
    int absent = -1;
    DbGuard g = dbops_cond_guard(cx->fa, t->cond, j, k, &absent);
    if (g <= best) continue;
    unsigned edges = ctrldep_edges(cx->fa, b, w);
    /* A found-or-not test decides the write only where the read found nothing
    ** (`if (existing) throw …; insert`); where it found the row, the write acts
    ** on what is there. */
    if (g == DB_GUARD_EXISTS && absent >= 0) edges &= 1u << absent;
    if (effective && !edges && g == DB_GUARD_EXISTS && absent >= 0 && ctrldep_only_through(cx->fa, b, w, absent))
      edges = 1u << absent;
    if (!edges) continue;
    if (effective && g == DB_GUARD_VALUE_WRITTEN) {
      int side = dbops_cond_noop_side(cx->fa, t->cond, j, k);
      if (side >= 0 && !(edges & ~(1u << side))) g = DB_GUARD_VALUE;
      if (g <= best) continue;
    }
    best = g;
    if (at) *at = t->cond ? t->cond->loc : t->loc;
  }
  return best;
}

/* Whether the operation at (b, i) can run once block from is entered. */
static bool enters_to(const IrFunc *fn, uint32_t from, uint32_t b, uint32_t i) {
  return from == b || cfg_point_reaches(fn, from, 0, b, i);
}

bool rule_ctx_dbop_found_side(const RuleCtx *cx, uint32_t m, uint32_t r, uint32_t j) {
  const FnDbOps *d = cx->fa->dbops;
  const IrFunc *fn = cx->fa->fn;
  if (!d || m >= d->n || r >= d->n || j >= d->n || r >= 64) return false;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    int absent = -1;
    uint32_t out[3];
    if (t->kind != IR_T_BRANCH || !cx->fa->reached[b] || dbops_cond_guard(cx->fa, t->cond, r, j, &absent) != DB_GUARD_EXISTS ||
        absent < 0 || cfg_succs(fn, b, out) < 2)
      continue;
    uint32_t none = out[absent], found = out[1 - absent];
    if (enters_to(fn, none, d->block[j], d->instr[j]) && !enters_to(fn, found, d->block[j], d->instr[j]) &&
        enters_to(fn, found, d->block[m], d->instr[m]) && !enters_to(fn, none, d->block[m], d->instr[m]))
      return true;
  }
  return false;
}

DbGuard rule_ctx_dbop_guard(const RuleCtx *cx, uint32_t k, uint32_t j, SrcLoc *at) {
  return dbop_guard(cx, k, j, at, false);
}

DbGuard rule_ctx_dbop_guard_effective(const RuleCtx *cx, uint32_t k, uint32_t j, SrcLoc *at) {
  return dbop_guard(cx, k, j, at, true);
}

bool rule_ctx_dbop_writes_read_key(const RuleCtx *cx, uint32_t k, uint32_t j) {
  return dbops_writes_read_key(cx->fa, k, j);
}

bool rule_ctx_dbop_sets_constants(const RuleCtx *cx, uint32_t k) { return dbops_sets_constants(cx->fa, k); }

bool rule_ctx_dbop_reaches(const RuleCtx *cx, uint32_t j, uint32_t k) {
  const FnDbOps *d = cx->fa->dbops;
  if (!d || j >= d->n || k >= d->n) return false;
  return cfg_point_reaches(cx->fa->fn, d->block[j], d->instr[j], d->block[k], d->instr[k]);
}

bool rule_ctx_dbop_replaces(const RuleCtx *cx, uint32_t j, uint32_t k) { return dbreplace_pair(cx->fa, j, k); }

bool rule_ctx_dbop_result_tested(const RuleCtx *cx, uint32_t k) {
  if (k >= rule_ctx_n_dbops(cx)) return false;
  const IrFunc *fn = cx->fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (t->kind == IR_T_BRANCH && (dbops_cond_ops(cx->fa, t->cond, 0) >> k & 1)) return true;
  }
  return false;
}

uint32_t rule_ctx_n_sec_facts(const RuleCtx *cx) {
  const SecFacts *sf = cx->mc->sec;
  uint32_t n = 0;
  for (uint32_t k = 0; sf && k < sf->items.len; k++) n += sf->func.items[k] == cx->fa->fi;
  return n;
}

const SecFact *rule_ctx_sec_fact(const RuleCtx *cx, uint32_t i) {
  const SecFacts *sf = cx->mc->sec;
  for (uint32_t k = 0; sf && k < sf->items.len; k++)
    if (sf->func.items[k] == cx->fa->fi && i-- == 0) return &sf->items.items[k];
  return NULL;
}

bool rule_ctx_tx_serializable(const RuleCtx *cx, int32_t r) {
  if (r == DBOPS_MANAGED_SERIALIZABLE_TX) return true;
  return r >= 0 && (uint32_t)r < cx->fa->n_res && cx->fa->res[r].serializable;
}

bool rule_ctx_in_lock_callback(const RuleCtx *cx, SrcLoc *at, const char **what) {
  const FnInfo *F = &cx->fa->mc->fns[cx->fa->fi];
  if (!F->in_lock) return false;
  if (at) *at = F->lock_loc;
  if (what) *what = F->lock_what;
  return true;
}

bool rule_ctx_dbops_one_section(const RuleCtx *cx, uint32_t j, uint32_t k, SrcLoc *at, const char **what) {
  int s = lockscan_dbops_section(cx->fa, j, k);
  const LockSection *sec = s >= 0 ? lockscan_dbops_lock(cx->fa, (uint32_t)s) : NULL;
  if (!sec) return false;
  if (at) *at = sec->loc;
  if (what) *what = sec->what;
  return true;
}

/* Section - Critical sections and caches of pools */

uint32_t rule_ctx_n_lock_sections(const RuleCtx *cx) { return lockscan_n_sections(cx->fa); }

const LockSection *rule_ctx_lock_section(const RuleCtx *cx, uint32_t i) { return lockscan_section(cx->fa, i); }

uint32_t rule_ctx_n_cache_ops(const RuleCtx *cx) { return lockscan_n_ops(cx->fa); }

const CacheOp *rule_ctx_cache_op(const RuleCtx *cx, uint32_t k) { return lockscan_op(cx->fa, k); }

bool rule_ctx_cache_op_depends(const RuleCtx *cx, uint32_t k, uint32_t j) { return lockscan_depends(cx->fa, k, j); }

bool rule_ctx_cache_op_rechecked(const RuleCtx *cx, uint32_t k, uint32_t s) {
  return lockscan_rechecked(cx->fa, k, s);
}

/* Section - Dispatch */

typedef struct Dispatch {
  RuleCtx *cxs; /* one per rule */
  size_t n;
  unsigned mask; /* union of the rules' instr_mask */
} Dispatch;

static void dispatch_visit(void *ctx, uint32_t b, uint32_t i, const TsState *state) {
  Dispatch *d = ctx;
  const IrInstr *in = &d->cxs[0].fa->fn->blocks[b].instrs[i];
  if (!(d->mask & IR_KIND_BIT(in->kind))) return;
  for (size_t r = 0; r < d->n; r++) {
    RuleCtx *cx = &d->cxs[r];
    if (!(cx->rule->instr_mask & IR_KIND_BIT(in->kind)) || !cx->rule->on_instr) continue;
    cx->state = state;
    cx->b = b;
    cx->i = i;
    cx->rule->on_instr(cx, in);
    cx->state = NULL;
  }
}

static void analyze_func(const Engine *e, ModCtx *mc, uint32_t fi, FindingList *out) {
  /* A function whose source has a syntax error is not analysed: its CFG is
  ** whatever error recovery made of it, and a false alarm costs more than a
  ** miss. Its kinds still count for the rest of the module. */
  if (mc->m->funcs[fi].flags & IR_FUNC_PARSE_ERROR) return;
  ArenaMark mark = arena_mark(mc->arena);
  FnAnalysis fa;
  memset(&fa, 0, sizeof fa);
  fa.mc = mc;
  /* Paths through a flag test the flag's constant value rules out are cut
  ** (threading.c); the analysis and the rules see the same, threaded CFG. */
  fa.fn = threading_apply(&mc->m->funcs[fi], mc->arena);
  fa.fi = fi;
  kinds_func_facts(mc, &fa);
  typestate_run(&fa);
  if (e->wants_dbops) dbops_func(&fa);
  if (e->wants_locks) lockscan_func(&fa);
  Dispatch d = {ARENA_NEW_ARRAY(mc->arena, RuleCtx, e->n_rules + 1), e->n_rules, 0};
  for (size_t r = 0; r < e->n_rules; r++) {
    const EngineRule *rule = &e->rules[r];
    d.cxs[r] = (RuleCtx){mc, &fa, rule, arena_zalloc(mc->arena, rule->state_size ? rule->state_size : 1), out,
                         NULL, 0, 0};
    d.mask |= rule->instr_mask;
    if (rule->begin_func) rule->begin_func(&d.cxs[r], fa.fn);
  }
  if (d.mask && e->n_rules) typestate_replay(&fa, dispatch_visit, &d);
  for (size_t r = 0; r < e->n_rules; r++)
    if (e->rules[r].end_func) e->rules[r].end_func(&d.cxs[r], fa.fn);
  arena_rewind(mc->arena, mark);
}

/* Section - Module summary */

/* seen: the names already added (a C file may export tens of thousands). */
static void summary_add(ModuleSummary *s, Map *seen, const char *name, VKind k, bool linked) {
  const ModuleSummary *ns = k.kind == VK_NAMESPACE ? k.ref : NULL; /* JS: another file's summary, by path */
  if (k.kind == AK_UNKNOWN || (k.kind == VK_NAMESPACE && (!ns || !ns->path || ns == s))) return;
  if (map_get_cstr(seen, name)) return;
  ExportEntry e;
  memset(&e, 0, sizeof e);
  e.name = name;
  e.kind = k;
  e.linked = linked;
  e.ns_path = ns ? ns->path : NULL;
  if (k.kind == VK_FUNC && k.ref) {
    e.summary = *(const FuncSummary *)k.ref;
    e.ctype = e.summary.ret_ctype;
  }
  if (k.kind == AK_MODEL && k.ref) snprintf(e.summary.model_table, sizeof e.summary.model_table, "%s", (const char *)k.ref);
  module_summary_add(s, &e);
  map_set_cstr(seen, s->exports.items[s->exports.len - 1].name, (void *)1);
}

/* `export * from './users'` (a barrel): the names the module re-exports are
** its own to its importers, except its default. Entries named here first win,
** as in JavaScript. */
static void summary_add_star(ModuleSummary *s, Map *seen, ModCtx *mc, const SrcLoc *at) {
  const IrModule *m = mc->m;
  const IrImport *imp = NULL; /* every `export *` binds the local "*": the one made at this export */
  for (uint32_t i = 0; i < m->n_imports && !imp; i++)
    if (strcmp(m->imports[i].local, "*") == 0 && m->imports[i].loc.line == at->line && m->imports[i].loc.col == at->col)
      imp = &m->imports[i];
  const char *target = imp && mc->project ? project_resolve(mc->project, m->path, imp->specifier) : NULL;
  const ModuleSummary *from = target ? project_summary(mc->project, target) : NULL;
  for (uint32_t i = 0; from && from != s && i < from->exports.len; i++) {
    const ExportEntry *e = &from->exports.items[i];
    if (strcmp(e->name, "default") == 0 || strncmp(e->name, "default.", 8) == 0 || map_get_cstr(seen, e->name)) continue;
    module_summary_add(s, e);
    map_set_cstr(seen, s->exports.items[s->exports.len - 1].name, (void *)1);
  }
}

/* A JS/TS re-export of an import of the tree whose summary is not published yet
** (the importing index and the file share an import cycle): the entry names
** the file and its export, for importers of a later level to look up there. */
static void summary_add_forward(ModuleSummary *s, Map *seen, ModCtx *mc, const char *name, const char *local) {
  const IrImport *imp = kinds_import_find(mc, local);
  bool js = mc->m->lang == IR_LANG_JS || mc->m->lang == IR_LANG_TS;
  if (!js || !imp || !imp->imported || !mc->project || map_get_cstr(seen, name)) return;
  if (apispec_find_module(&mc->engine->spec, imp->specifier, NULL) >= 0) return; /* a library, not a file */
  const char *target = project_resolve(mc->project, mc->m->path, imp->specifier);
  if (!target || strcmp(target, mc->m->path) == 0 || project_summary(mc->project, target)) return;
  ExportEntry e;
  memset(&e, 0, sizeof e);
  e.name = name;
  e.kind = (VKind){VK_NAMESPACE, -1, 0, NULL};
  e.ns_path = (char *)target;
  e.ns_member = strcmp(imp->imported, "*") == 0 ? NULL : (char *)imp->imported;
  module_summary_add(s, &e);
  map_set_cstr(seen, s->exports.items[s->exports.len - 1].name, (void *)1);
}

typedef struct MemberExport {
  ModuleSummary *s;
  Map *seen;
  const char *exported;
} MemberExport;

static void export_member(void *ud, const char *key, VKind k) {
  MemberExport *me = ud;
  char name[256];
  if ((size_t)snprintf(name, sizeof name, "%s.%s", me->exported, key) >= sizeof name) return;
  summary_add(me->s, me->seen, name, k, false);
}

/* JS: `module.exports = db` after `const db = { ...models, sequelize }`:
** the models the object holds are members of the export ("default.User"). */
static void summary_add_object_models(ModuleSummary *s, Map *seen, ModCtx *mc, const IrExport *x) {
  MemberExport me = {s, seen, x->exported};
  ormkinds_object_models(mc, 0, &x->value, export_member, &me);
}

/* Fills s's exports with what mc's module exports, as its callers will see them. */
static void module_summary_fill(ModuleSummary *s, ModCtx *mc) {
  const IrModule *m = mc->m;
  Map seen;
  map_init(&seen, NULL);
  for (uint32_t i = 0; i < s->exports.len; i++) map_set_cstr(&seen, s->exports.items[i].name, (void *)1);
  for (uint32_t i = 0; i < m->n_exports; i++) {
    const IrExport *x = &m->exports[i];
    const IrValue *v = &x->value;
    bool linked = (x->flags & IR_EXPORT_LINKED) != 0;
    if (v->kind == IR_V_PATH && v->text && strcmp(x->exported, "*") == 0) {
      summary_add_star(s, &seen, mc, &x->loc);
    } else if (v->kind == IR_V_PATH && v->text) {
      VKind k = kinds_lookup(mc, 0, v->text);
      if (k.kind == AK_UNKNOWN) summary_add_forward(s, &seen, mc, x->exported, v->text);
      else summary_add(s, &seen, x->exported, k, linked);
      if (k.kind == AK_UNKNOWN) summary_add_object_models(s, &seen, mc, x);
    } else if (v->kind == IR_V_FUNC && v->func >= 0 && (uint32_t)v->func < m->n_funcs) {
      summary_add(s, &seen, x->exported, (VKind){VK_FUNC, -1, 0, &mc->fns[v->func].summary}, linked);
    } else if (v->kind == IR_V_OTHER) {
      /* module.exports = { pool, getClient }: shorthand members keep their names. */
      for (uint32_t k = 0; k < v->n_subs; k++) {
        const IrValue *sub = &v->subs[k];
        if (sub->kind != IR_V_PATH || !sub->text || strchr(sub->text, '.')) continue;
        char name[256];
        snprintf(name, sizeof name, "%s.%s", x->exported, sub->text);
        summary_add(s, &seen, name, kinds_lookup(mc, 0, sub->text), false);
      }
      summary_add_object_models(s, &seen, mc, x);
    }
  }
  jsstate_publish(mc, s);
  map_fini(&seen);
}

/* Returns a new summary with no exports, owned by the caller (module_summary_delete). */
static ModuleSummary *module_summary_new(const char *path) {
  ModuleSummary *s = xcalloc(1, sizeof *s);
  s->path = xstrdup(path);
  return s;
}

/* Prepares mc for module m of file fx (pkg: its Go package, or NULL). */
static void mod_ctx_init(ModCtx *mc, const Engine *e, PkgCtx *pkg, const Project *project, const IrModule *m,
                         FileCtx *fx) {
  memset(mc, 0, sizeof *mc);
  mc->engine = e;
  mc->pkg = pkg;
  mc->project = project;
  mc->m = m;
  mc->fx = fx;
  mc->arena = fx->arena;
}

ModuleSummary *engine_analyze_module(const Engine *self, const Project *project, const IrModule *m, FileCtx *fx,
                                     FindingList *out) {
  ModuleSummary *s = module_summary_new(m && m->path ? m->path : "");
  if (!m || !m->n_funcs) return s;
  Project *empty = NULL;
  if (!project) project = empty = project_new();
  ModCtx mc;
  mod_ctx_init(&mc, self, NULL, project, m, fx);
  ArenaMark mark = arena_mark(mc.arena);
  kinds_module_init(&mc);
  kinds_module_run(&mc);
  poolsites_module_run(&mc, s);
  if (self->wants_sec) secconf_module_run(&mc);
  if (self->wants_sec) secexport_publish(&mc, s);
  uint32_t first = out->items.len;
  for (uint32_t k = 0; k < m->n_funcs; k++) analyze_func(self, &mc, mc.order[k], out);
  jsflow_dedupe(out, first); /* a site whose resource a callback took over may report twice */
  onceproc_publish(&mc, s);
  module_summary_fill(s, &mc);
  kinds_module_fini(&mc);
  arena_rewind(mc.arena, mark);
  project_delete(empty);
  return s;
}

/* Section - Go packages */

static bool same_package(const IrModule *a, const IrModule *b) {
  if (!a->package || !b->package) return a->package == b->package;
  return strcmp(a->package, b->package) == 0;
}

static bool is_test_package(const IrModule *m) {
  size_t n = m->package ? strlen(m->package) : 0;
  return n > 5 && strcmp(m->package + n - 5, "_test") == 0;
}

/* Analyses the modules idx[0..k) (one package) with shared declarations;
** with out_package set, publishes the package's facts there. */
static void analyze_package_group(const Engine *self, const Project *project, const char *import_path,
                                  const IrModule *const *mods, FileCtx *const *fxs, FindingList *const *outs,
                                  const uint32_t *idx, uint32_t k, ModuleSummary **summaries,
                                  ModuleSummary *out_package) {
  PkgCtx pkg;
  memset(&pkg, 0, sizeof pkg);
  pkg.import_path = import_path;
  pkg.arena = arena_new();
  map_init(&pkg.class_fields, pkg.arena);
  map_init(&pkg.func_by_name, pkg.arena);
  map_init(&pkg.field_types, pkg.arena);
  map_init(&pkg.names, pkg.arena);
  map_init(&pkg.decls, pkg.arena);
  ModCtx *mcs = xcalloc(k, sizeof *mcs);
  ArenaMark *marks = xcalloc(k, sizeof *marks);
  pkg.mods = xcalloc(k, sizeof *pkg.mods);
  pkg.n_mods = k;
  for (uint32_t j = 0; j < k; j++) {
    mod_ctx_init(&mcs[j], self, &pkg, project, mods[idx[j]], fxs[idx[j]]);
    marks[j] = arena_mark(mcs[j].arena);
    pkg.mods[j] = &mcs[j];
  }
  for (uint32_t j = 0; j < k; j++) kinds_module_init(&mcs[j]);
  kinds_package_run(&pkg);
  ModuleSummary **pool_outs = xcalloc(k, sizeof *pool_outs);
  for (uint32_t j = 0; j < k; j++) pool_outs[j] = summaries[idx[j]];
  poolsites_package_run(&pkg, pool_outs);
  free(pool_outs);
  if (self->wants_sec)
    for (uint32_t j = 0; j < k; j++) secexport_package_collect(&mcs[j]);
  if (self->wants_sec)
    for (uint32_t j = 0; j < k; j++) secconf_module_run(&mcs[j]);
  if (self->wants_sec)
    for (uint32_t j = 0; j < k; j++) secfields_collect(&mcs[j], summaries[idx[j]]);
  for (uint32_t j = 0; j < k; j++)
    for (uint32_t f = 0; f < mcs[j].m->n_funcs; f++) analyze_func(self, &mcs[j], mcs[j].order[f], outs[idx[j]]);
  for (uint32_t j = 0; j < k; j++) onceproc_publish(&mcs[j], summaries[idx[j]]);
  for (uint32_t j = 0; j < k; j++) module_summary_fill(summaries[idx[j]], &mcs[j]);
  if (out_package) gotypes_publish(&pkg, out_package);
  if (out_package && self->wants_sec)
    for (uint32_t j = 0; j < k; j++) secexport_publish(&mcs[j], out_package);
  for (uint32_t j = 0; j < k; j++) kinds_module_fini(&mcs[j]);
  secexport_delete(pkg.sec);
  /* Rewind in reverse: two modules may share one arena (tests). */
  for (uint32_t j = k; j-- > 0;) arena_rewind(mcs[j].arena, marks[j]);
  free(pkg.mods);
  free(marks);
  free(mcs);
  arena_delete(pkg.arena);
}

void engine_analyze_package(const Engine *self, const Project *project, const char *import_path,
                            const IrModule *const *mods, FileCtx *const *fxs, FindingList *const *outs, uint32_t n,
                            ModuleSummary **summaries, ModuleSummary **out_package) {
  Project *empty = NULL;
  if (out_package) *out_package = NULL;
  if (!project) project = empty = project_new();
  bool *done = xcalloc(n ? n : 1, sizeof *done);
  uint32_t *idx = xcalloc(n ? n : 1, sizeof *idx);
  for (uint32_t i = 0; i < n; i++) {
    summaries[i] = module_summary_new(mods[i] && mods[i]->path ? mods[i]->path : fxs[i]->rel_path);
    done[i] = !mods[i] || !mods[i]->n_funcs;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (done[i]) continue;
    uint32_t k = 0;
    for (uint32_t j = i; j < n; j++)
      if (!done[j] && same_package(mods[i], mods[j])) idx[k++] = j, done[j] = true;
    /* Only the package itself can be imported, not its external _test package. */
    ModuleSummary *pub = NULL;
    if (out_package && !*out_package && import_path && !is_test_package(mods[i]))
      pub = *out_package = module_summary_new(import_path);
    analyze_package_group(self, project, import_path, mods, fxs, outs, idx, k, summaries, pub);
  }
  free(idx);
  free(done);
  project_delete(empty);
}
