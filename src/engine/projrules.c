/* projrules: the project phase. After the last dependency level every
** module's summary has been published; the rules that need the whole
** program (per-file-pool: a pool created per request through helpers of
** other modules, several module-scope pools for one database) read the
** records the modules published, gathered here in sorted path order, and
** report through a ProjectCtx. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "engine/onceproc.h"
#include "engine/poolfacts.h"

struct ProjectCtx {
  const Project *project;
  const EngineRule *rule;
  FindingList *out;
  ARRAY(const PoolSite *) sites; /* heap */
  ARRAY(const PoolUse *) uses;   /* heap */
  ARRAY(const struct SecFields *) secfields; /* heap */
  Arena *arena;                  /* or NULL: the field leaks, computed on first request */
  SecFieldLeak *leaks;
  uint32_t n_leaks;
};

static int cmp_summary_path(const void *a, const void *b) {
  const ModuleSummary *x = *(const ModuleSummary *const *)a, *y = *(const ModuleSummary *const *)b;
  return strcmp(x->path, y->path);
}

/* The current summary of each published path (a re-published path counts once), sorted. */
static void gather(ProjectCtx *cx) {
  const Map *m = &cx->project->summaries;
  ARRAY(const ModuleSummary *) mods = {0};
  for (uint32_t i = 0; i < m->cap; i++)
    if (m->slots[i].key && m->slots[i].value) array_push(&mods, (const ModuleSummary *)m->slots[i].value);
  if (mods.len) qsort(mods.items, mods.len, sizeof *mods.items, cmp_summary_path);
  for (uint32_t i = 0; i < mods.len; i++) {
    const PoolFacts *pf = mods.items[i]->pools;
    for (uint32_t k = 0; pf && k < pf->sites.len; k++) array_push(&cx->sites, (const PoolSite *)pf->sites.items[k]);
    for (uint32_t k = 0; pf && k < pf->uses.len; k++) array_push(&cx->uses, (const PoolUse *)&pf->uses.items[k]);
    if (mods.items[i]->secfields) array_push(&cx->secfields, mods.items[i]->secfields);
  }
  array_free(&mods);
}

bool engine_has_project_rules(const Engine *self) {
  for (size_t r = 0; r < self->n_rules; r++)
    if (self->rules[r].end_project) return true;
  return false;
}

void engine_run_project_rules(const Engine *self, const Project *project, FindingList *out) {
  if (!project) return;
  onceproc_apply(project); /* leaks of functions that run once per process become notes */
  ProjectCtx cx;
  memset(&cx, 0, sizeof cx);
  cx.project = project;
  cx.out = out;
  bool any = false;
  for (size_t r = 0; r < self->n_rules; r++) any |= self->rules[r].end_project != NULL;
  if (!any) return;
  gather(&cx);
  for (size_t r = 0; r < self->n_rules; r++) {
    if (!self->rules[r].end_project) continue;
    cx.rule = &self->rules[r];
    self->rules[r].end_project(&cx);
  }
  array_free(&cx.sites);
  array_free(&cx.uses);
  array_free(&cx.secfields);
  if (cx.arena) arena_delete(cx.arena);
}

uint32_t project_ctx_sec_field_leaks(ProjectCtx *cx, const SecFieldLeak **out) {
  if (!cx->arena) {
    cx->arena = arena_new();
    cx->n_leaks = secfields_leaks(cx->secfields.items, cx->secfields.len, cx->arena, &cx->leaks);
  }
  *out = cx->leaks;
  return cx->n_leaks;
}

uint32_t project_ctx_n_pool_sites(const ProjectCtx *cx) { return cx->sites.len; }

const PoolSite *project_ctx_pool_site(const ProjectCtx *cx, uint32_t i) {
  return i < cx->sites.len ? cx->sites.items[i] : NULL;
}

uint32_t project_ctx_n_pool_uses(const ProjectCtx *cx) { return cx->uses.len; }

const PoolUse *project_ctx_pool_use(const ProjectCtx *cx, uint32_t i) {
  return i < cx->uses.len ? cx->uses.items[i] : NULL;
}

const char *project_ctx_unit(const ProjectCtx *cx, const char *path) {
  const char *u = path ? map_get_cstr(&cx->project->units, path) : NULL;
  return u ? u : "";
}

static const char *rule_message(const EngineRule *rule, const char *id) {
  for (const RuleMessage *m = rule->messages; m && m->id; m++)
    if (strcmp(m->id, id) == 0) return m->text;
  return NULL;
}

Finding *project_ctx_report(ProjectCtx *cx, const char *msg_id, const char *path, SrcLoc loc, const char *function,
                            const char *subject, ...) {
  const char *tmpl = rule_message(cx->rule, msg_id);
  char msg[512];
  va_list ap;
  va_start(ap, subject);
  if (tmpl) vsnprintf(msg, sizeof msg, tmpl, ap);
  else snprintf(msg, sizeof msg, "%s", msg_id);
  va_end(ap);
  Finding *f = finding_list_add(cx->out);
  f->rule_id = cx->rule->id;
  f->level = cx->rule->level;
  f->path = finding_list_strdup(cx->out, path);
  f->loc = loc;
  f->message = finding_list_strdup(cx->out, msg);
  f->function = finding_list_strdup(cx->out, function);
  f->subject = finding_list_strdup(cx->out, subject);
  return f;
}

void project_ctx_add_related(ProjectCtx *cx, Finding *f, const char *path, SrcLoc loc, const char *message) {
  FindingList *out = cx->out;
  FindingRelated *rel = arena_alloc(out->arena, sizeof *rel * (f->n_related + 1));
  if (f->n_related) memcpy(rel, f->related, sizeof *rel * f->n_related);
  bool same = !path || (f->path && strcmp(path, f->path) == 0);
  rel[f->n_related] = (FindingRelated){same ? NULL : finding_list_strdup(out, path), loc,
                                       finding_list_strdup(out, message)};
  f->related = rel;
  f->n_related++;
}
