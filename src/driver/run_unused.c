#define _GNU_SOURCE /* PATH_MAX (struct Run) */
#include <stdlib.h>
#include <string.h>

#include "driver/run_int.h"

/* Section - suppressions that silence nothing (suppress.h)
**
** Once every finding is known, the files with suppression comments are read
** again; each suppressed finding marks the directives that cover it, and
** what is left unmarked (or names no known rule) becomes a note-level
** unused-suppression finding at the directive, like ESLint's
** --report-unused-disable-directives. Only ids of rules that ran on the file
** count as unused: --rule or an "off" setting leaves the others alone. */

static const char unused_suppression_id[] = "unused-suppression";

typedef struct UnusedCtx {
  const Run *run;
  FileJob *job;
} UnusedCtx;

static bool rule_known(const char *id) { return registry_find_info(id) != NULL || strcmp(id, unused_suppression_id) == 0; }

static bool rule_ran_on(void *ud, const char *id) {
  const UnusedCtx *u = ud;
  const RuleInfo *info = registry_find_info(id);
  if (!info || !(info->langs & (unsigned)u->job->file->lang)) return false;
  if (info->maturity == MATURITY_DEBUG && !u->run->opts.enable_debug_rules) return false;
  const ConfigRule *r = config_rule(&u->job->file->config->config, id);
  if (r && r->off) return false;
  if (!u->run->selected_rules) return true;
  for (const char *const *p = u->run->selected_rules; *p; p++)
    if (strcmp(*p, id) == 0) return true;
  return false;
}

static void report_unused(void *ud, const Directive *d, const DirectiveRule *rule, UnusedKind kind) {
  UnusedCtx *u = ud;
  FileJob *job = u->job;
  if (!job->has_unused) finding_list_init(&job->unused), job->has_unused = true;
  Finding *f = finding_list_add(&job->unused);
  Arena *a = job->unused.arena;
  int kl = (int)d->keyword.len, il = rule ? (int)rule->id.len : 0;
  const char *kw = d->keyword.ptr, *id = rule ? rule->id.ptr : "";
  static const char *const where[] = {"on the next line", "on its line", "in its block", "", "in the file"};
  f->rule_id = unused_suppression_id;
  f->level = LEVEL_NOTE;
  f->path = job->file->rel_path;
  f->loc = (SrcLoc){d->line, d->col, d->line, d->col + (uint32_t)kl};
  if (kind == UNUSED_UNKNOWN_RULE)
    f->message = arena_printf(a, "unknown rule id '%.*s' in %.*s: it suppresses nothing (txlint --list-rules lists the ids)",
                              il, id, kl, kw);
  else if (kind == UNUSED_NO_RULE)
    f->message = arena_printf(a, "%.*s names no rule, so it suppresses nothing: name the rule id after it", kl, kw);
  else
    f->message = arena_printf(a, "%.*s %.*s suppresses nothing: there is no %.*s finding %s", kl, kw, il, id, il, id,
                              where[d->kind]);
  f->subject = arena_printf(a, "%.*s %.*s", kl, kw, il, id);
}

/* Whether job's suppression comments are checked: a reported file the run
** analysed (or the prefilter showed to hold nothing a rule could report;
** not a C header, analysed only through the files including it). */
static bool run_checks_directives(const Run *self, uint32_t i) {
  const FileJob *job = &self->jobs[i];
  if (!job->has_directives || !job->reported) return false;
  if (self->cunits && self->cunits[i].is_header) return false;
  return job->state == JOB_FILTERED || (job->state == JOB_WANTED && job->analyzed);
}

static void run_mark_used(Run *self, SuppressTable *tables, const FindingList *list) {
  for (uint32_t k = 0; k < list->items.len; k++) {
    const Finding *f = list->items.items[k];
    const FileJob *job = f->is_suppressed ? run_job_by_path(self, f->path) : NULL;
    uint32_t j = job ? (uint32_t)(job - self->jobs) : 0;
    if (job && tables[j].arena) suppress_match(&tables[j], f->loc.line, f->rule_id);
  }
}

void run_check_suppressions(Run *self) {
  SuppressTable *tables = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *tables);
  FileCtx *fxs = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *fxs);
  LineIndex *lines = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *lines);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (!run_checks_directives(self, i)) continue;
    fx_init(&fxs[i], job->file->real_path, job->file->rel_path);
    if (!run_read(self, job, &fxs[i], false)) continue;
    line_index_init(&lines[i], fxs[i].src, fxs[i].src_len);
    suppress_table_build(&tables[i], &lines[i], job->arena);
  }
  for (uint32_t i = 0; i < self->n_jobs; i++)
    if (self->jobs[i].has_findings) run_mark_used(self, tables, &self->jobs[i].findings);
  if (self->have_project_findings) run_mark_used(self, tables, &self->project_findings);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (tables[i].arena) {
      UnusedCtx u = {self, job};
      suppress_unused(&tables[i], rule_known, rule_ran_on, &u, report_unused);
      if (job->has_unused) finalize_findings(&job->unused, &lines[i], job->file->rel_path);
    }
    if (lines[i].starts) line_index_fini(&lines[i]);
    if (fxs[i].arena) fx_fini(&fxs[i]);
  }
  free(tables), free(fxs), free(lines);
}
