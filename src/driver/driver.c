#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "driver/driver.h"

#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/map.h"
#include "base/xalloc.h"
#include "driver/baseline.h"
#include "driver/compdb.h"
#include "driver/configset.h"
#include "driver/context.h"
#include "driver/cunits.h"
#include "driver/discover.h"
#include "driver/finalize.h"
#include "driver/generated.h"
#include "driver/importdisk.h"
#include "driver/gitignore.h"
#include "driver/gomod.h"
#include "driver/jsproject.h"
#include "driver/jsreach.h"
#include "driver/lexscan.h"
#include "driver/order.h"
#include "driver/pool.h"
#include "driver/reader.h"
#include "driver/schemafiles.h"
#include "driver/skips.h"
#include "driver/suppress.h"
#include "driver/testsupport.h"
#include "driver/units.h"
#include "engine/engine.h"
#include "frontend/frontend.h"
#include "rules/registry.h"

#include "driver/run_int.h"


int driver_default_jobs(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

Run *run_new(const DriverOptions *opts) {
  Run *self = xcalloc(1, sizeof *self);
  self->opts = *opts;
  if (self->opts.jobs < 1) self->opts.jobs = 1;
  if (!self->opts.max_file_size) self->opts.max_file_size = DRIVER_DEFAULT_MAX_FILE_SIZE;
  if (self->opts.enable_debug_rules) self->opts.no_prefilter = true; /* probes need no model words */
  self->configs = self->opts.configs;
  if (!self->configs) {
    configset_init_borrowed(&self->own_configs, self->opts.config);
    self->have_own_configs = true;
    self->configs = &self->own_configs;
  }
  self->out_arena = arena_new();
  map_init(&self->job_of_path, NULL);
  return self;
}

void run_delete(Run *self) {
  if (!self) return;
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (job->has_findings) finding_list_fini(&job->findings);
    if (job->has_unused) finding_list_fini(&job->unused);
    module_summary_delete(job->summary);
    module_summary_delete(job->go_package);
    array_free(&job->deps);
    array_free(&job->ts_type_names);
    array_free(&job->notes);
    array_free(&job->unmodelled);
    array_free(&job->header_notes);
    array_free(&job->undeclared);
    arena_delete(job->arena);
  }
  free(self->jobs);
  if (self->have_project_findings) finding_list_fini(&self->project_findings);
  for (int i = 0; i < self->n_workers; i++) fe_delete(self->fes[i]);
  free(self->fes);
  pool_delete(self->pool);
  project_delete(self->project);
  schema_delete(self->schema);
  engine_delete(self->engine);
  if (self->have_disc) discover_fini(&self->disc);
  if (self->have_gomod) gomod_fini(&self->gomod);
  for (uint32_t i = 0; i < self->go_paths.len; i++) free(self->go_paths.items[i]);
  array_free(&self->go_paths);
  for (uint32_t i = 0; i < self->c_prefixes.len; i++) free(self->c_prefixes.items[i]);
  array_free(&self->c_prefixes);
  if (self->cunits) cunits_fini(self->cunits, self->n_jobs);
  free(self->cunits);
  if (self->have_compdbs) compdbs_fini(&self->compdbs);
  map_fini(&self->real_to_rel);
  map_fini(&self->rel_to_real);
  array_free(&self->out_findings);
  array_free(&self->out_current);
  array_free(&self->out_notes);
  if (self->have_own_configs) configset_fini(&self->own_configs);
  array_free(&self->engine_rules);
  map_fini(&self->job_of_path);
  arena_delete(self->out_arena);
  if (self->have_baseline) baseline_fini(&self->baseline);
  free(self);
}

const RunOutput *run_output(const Run *self) { return &self->out; }

/* Loads a job's text: from the disk, or the override's buffer. */
bool run_read(const Run *self, const FileJob *job, FileCtx *fx, bool note_utf8) {
  if (job->is_override)
    return reader_load_text(fx, self->opts.override->text, self->opts.override->len, self->opts.max_file_size,
                            job->file->lang, note_utf8);
  return reader_load(fx, self->opts.max_file_size, job->file->lang, note_utf8);
}

/* Remembers which text the analysis of job saw. */
static void job_note_analysed_text(FileJob *job, const FileCtx *fx) {
  job->analysed_len = fx->src_len;
  job->analysed_hash = map_hash(fx->src, fx->src_len);
}

/* Whether fx holds the text job was analysed from: a file changed since
** then would give a project finding a snippet its analysis never saw. */
static bool run_same_text(const FileJob *job, const FileCtx *fx) {
  if (job->analysed_len == 0 && job->analysed_hash == 0) return true; /* not analysed here: nothing to compare */
  return job->analysed_len == fx->src_len && job->analysed_hash == map_hash(fx->src, fx->src_len);
}

/* Section - per-file work */

/* Copies fx's notes onto the job, columns converted to UTF-16 when the text is known. */
static void job_take_notes(FileJob *job, const FileCtx *fx, const LineIndex *lines) {
  for (uint32_t i = 0; i < fx->notes.len; i++) {
    const FileNote *n = &fx->notes.items[i];
    if (n->in_path) { /* in a header: reported once a run (headernotes.c) */
      FileNote h = {n->kind, n->at, arena_strdup(job->arena, n->message), arena_strdup(job->arena, n->in_path)};
      array_push(&job->header_notes, h);
      continue;
    }
    Notification out = {n->kind, job->file->rel_path, lines ? finalize_loc(lines, n->at) : n->at,
                        arena_strdup(job->arena, n->message)};
    if (!lines) out.at.col = out.at.line ? 1 : 0, out.at.end_line = out.at.line, out.at.end_col = 0;
    if (n->kind == NOTE_UNDECLARED_FUNCTION) array_push(&job->undeclared, out); /* one note a run */
    else array_push(&job->notes, out);
  }
}

const FileJob *run_job_by_path(const Run *self, const char *rel_path) {
  uintptr_t j = rel_path ? (uintptr_t)map_get_cstr(&self->job_of_path, rel_path) : 0;
  return j ? &self->jobs[j - 1] : NULL;
}

/* C: findings in functions defined in a project header carry the header's
** path; they are finalized with the header's text (read again here). */
static void job_finish_header_findings(const Run *self, FileJob *job) {
  for (uint32_t i = 0; job->has_findings && i < job->findings.items.len; i++) {
    const char *path = job->findings.items.items[i]->path;
    bool done = !path || strcmp(path, job->file->rel_path) == 0;
    for (uint32_t k = 0; k < i && !done; k++) done = cstr_eq(job->findings.items.items[k]->path, path);
    const char *real = done ? NULL : map_get_cstr(&self->rel_to_real, path);
    if (!real) continue;
    FileCtx hx;
    fx_init(&hx, real, path);
    const FileJob *hjob = run_job_by_path(self, path);
    if (hjob ? run_read(self, hjob, &hx, false) : reader_load(&hx, self->opts.max_file_size, IR_LANG_C, false)) {
      LineIndex lines;
      line_index_init(&lines, hx.src, hx.src_len);
      finalize_findings(&job->findings, &lines, path);
      line_index_fini(&lines);
    }
    fx_fini(&hx);
  }
}

/* Ends a file's pass while its text is in memory: finalizes its findings
** (when it has some), copies its notes onto the job, and frees fx. A file
** that could not be read (fx->src NULL) keeps its notes' byte columns. */
static void job_finish_file(const Run *self, FileJob *job, FileCtx *fx) {
  if (!fx->src) {
    job_take_notes(job, fx, NULL);
  } else {
    LineIndex lines;
    line_index_init(&lines, fx->src, fx->src_len);
    if (job->has_findings) finalize_findings(&job->findings, &lines, job->file->rel_path);
    job_take_notes(job, fx, &lines);
    line_index_fini(&lines);
  }
  fx_fini(fx);
  if (self && job->file->lang == IR_LANG_C) job_finish_header_findings(self, job);
}

static void note_ts_decl(void *ctx, Str name, bool type_decl) {
  Map *seen = ctx;
  uintptr_t was = (uintptr_t)map_get(seen, name.ptr, name.len);
  map_set(seen, name.ptr, name.len, (void *)(was | (type_decl ? 1u : 2u)));
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The names the file declares only as types (a name both a type and a value, as
** `const Status = {…}; type Status = …`, imports a value), as sorted hashes on the heap:
** most files declare none, and a first use of a job's arena would cost a chunk. */
static void job_scan_ts_types(FileJob *job, const char *src, size_t len) {
  Map seen; /* keys into src: bit 1 declared as a type, bit 2 as a value */
  map_init(&seen, NULL);
  lexscan_ts_declared_names(src, len, note_ts_decl, &seen);
  for (uint32_t k = 0; k < seen.cap; k++)
    if (seen.slots[k].key && (uintptr_t)seen.slots[k].value == 1u) array_push(&job->ts_type_names, seen.slots[k].hash);
  map_fini(&seen);
  if (job->ts_type_names.len > 1) qsort(job->ts_type_names.items, job->ts_type_names.len, sizeof(uint32_t), cmp_u32);
}

/* Import k of job takes only names its target declares as types: TypeScript erases it, and
** the front end lowers those declarations to nothing, so the edge links no value. (A hash
** collision could only drop an edge, as an import cycle does.) */
static bool import_takes_only_types(const FileJob *job, uint32_t k, const FileJob *target) {
  if (k >= job->import_names.len || !job->import_names.items[k] || target->file->lang != IR_LANG_TS) return false;
  for (const uint32_t *n = job->import_names.items[k] + 1; n <= job->import_names.items[k] + job->import_names.items[k][0]; n++)
    if (!target->ts_type_names.len ||
        !bsearch(n, target->ts_type_names.items, target->ts_type_names.len, sizeof(uint32_t), cmp_u32))
      return false;
  return true;
}

typedef struct ScanCtx {
  const Run *run;
  FileJob *job;
  const FileCtx *fx;
} ScanCtx;

static void job_add_import(void *ctx, Str spec) {
  const ScanCtx *sc = ctx;
  FileJob *job = sc->job;
  const char *s = arena_strndup(job->arena, spec.ptr, spec.len);
  array_push_in(job->arena, &job->imports, s);
  bool type_only = (job->file->lang == IR_LANG_JS || job->file->lang == IR_LANG_TS) &&
                   lexscan_js_type_only_import(sc->fx->src, sc->fx->src_len, spec.ptr);
  array_push_in(job->arena, &job->imports_type_only, type_only);
  uint32_t *names = NULL;
  Str found[32];
  int n_names = job->file->lang == IR_LANG_TS ? lexscan_ts_import_names(sc->fx->src, sc->fx->src_len, spec.ptr, found, 32) : -1;
  if (n_names >= 0) {
    names = ARENA_NEW_ARRAY(job->arena, uint32_t, n_names + 1);
    names[0] = (uint32_t)n_names;
    for (int k = 0; k < n_names; k++) names[k + 1] = map_hash(found[k].ptr, found[k].len);
  }
  array_push_in(job->arena, &job->import_names, names);
  const char *lib = engine_unmodelled_library(sc->run->engine, s);
  if (!lib) return;
  uint32_t line = 1, col = 1;
  const char *src = sc->fx->src, *at = spec.ptr;
  if (src && (at < src || at > src + sc->fx->src_len)) /* a decoded Go literal: find it in the text */
    at = spec.len ? memmem(src, sc->fx->src_len, spec.ptr, spec.len) : NULL;
  for (const char *p = src; p && at && p < at; p++) {
    if (*p == '\n') line++, col = 1;
    else col++;
  }
  Notification n = {NOTE_UNMODELLED_LIBRARY, job->file->rel_path, {line, col, line, col + (uint32_t)spec.len}, lib};
  array_push(&job->unmodelled, n);
}

/* Whether one of the file's import specifiers is a modelled module's
** ("mysql2/promise", "drizzle-orm"): the words need not name it. */
static bool job_imports_model(const Run *self, const FileJob *job) {
  for (uint32_t k = 0; k < job->imports.len; k++)
    for (uint32_t m = 0; m < self->go_paths.len; m++)
      if (strcmp(job->imports.items[k], self->go_paths.items[m]) == 0) return true;
  return false;
}

/* Phase 1: read, classify, scan imports, prefilter. */
static void run_scan_one(void *ctx, int worker, size_t i) {
  Run *self = ctx;
  FileJob *job = &self->jobs[i];
  (void)worker;
  FileCtx fx;
  fx_init(&fx, job->file->real_path, job->file->rel_path);
  if (!run_read(self, job, &fx, true)) {
    job->state = JOB_UNREAD;
    job_finish_file(self, job, &fx);
    return;
  }
  GeneratedKind gen = job->file->included ? GEN_NONE : generated_kind(job->file->lang, fx.src, fx.src_len);
  if (gen == GEN_MINIFIED || gen == GEN_BUNDLED) { /* machine output: not worth a parse */
    job->state = JOB_SKIPPED;
    job_finish_file(self, job, &fx);
    return;
  }
  job->generated = gen == GEN_GENERATED;
  job->reported = job->reported && !job->generated;
  job->has_directives = memmem(fx.src, fx.src_len, "txlint-", 7) != NULL;
  if (job->file->lang == IR_LANG_JS || job->file->lang == IR_LANG_TS || job->file->lang == IR_LANG_GO)
    job->declares_keys = schema_source_may_declare(fx.src, fx.src_len);
  job->src_len = fx.src_len;
  bool has_relative = false;
  ScanCtx sc = {self, job, &fx};
  if (job->file->lang == IR_LANG_JS || job->file->lang == IR_LANG_TS) {
    lexscan_js_imports(fx.src, fx.src_len, job_add_import, &sc);
    if (job->file->lang == IR_LANG_TS) job_scan_ts_types(job, fx.src, fx.src_len);
    for (uint32_t k = 0; k < job->imports.len && !has_relative; k++)
      has_relative = lexscan_is_relative(str_from(job->imports.items[k]));
  }
  else if (job->file->lang == IR_LANG_GO)
    lexscan_go_imports(fx.src, fx.src_len, job_add_import, &sc);
  if (job->file->lang == IR_LANG_C) { /* decided for all C files together (run_decide_c) */
    CUnitWords words = {(const char *const *)self->c_prefixes.items, self->c_prefixes.len,
                        (const char *const *)self->go_paths.items, self->go_paths.len};
    cunits_scan(&self->cunits[i], fx.src, fx.src_len, &words, job->arena);
    job->state = JOB_FILTERED;
    job_finish_file(self, job, &fx);
    return;
  }
  bool wanted = self->opts.no_prefilter;
  if (!wanted && job->file->lang == IR_LANG_GO)
    wanted = lexscan_go_prefilter(fx.src, fx.src_len, (const char *const *)self->go_paths.items, self->go_paths.len);
  else if (!wanted) {
    job->names_model = lexscan_prefilter(fx.src, fx.src_len, false) || job_imports_model(self, job);
    wanted = job->names_model || has_relative; /* run_prune_js decides the rest on the import graph */
  }
  job->state = wanted ? JOB_WANTED : JOB_FILTERED;
  job_finish_file(self, job, &fx);
}

/* The relative path of a discovered file given its real path (the C front
** end asks which headers are the project's); NULL for other files. */
static const char *run_project_path(void *ud, const char *real_path) {
  const Run *self = ud;
  return map_get_cstr(&self->real_to_rel, real_path);
}

/* Phase 2: lower, analyse, finalize findings. */
static void run_analyze_go_group(Run *self, int worker, uint32_t leader);

static void run_analyze_one(void *ctx, int worker, size_t item) {
  Run *self = ctx;
  FileJob *job = &self->jobs[self->level_items[item]];
  if (job->file->lang == IR_LANG_GO) {
    run_analyze_go_group(self, worker, self->level_items[item]);
    return;
  }
  FileCtx fx;
  fx_init(&fx, job->file->real_path, job->file->rel_path);
  if (!run_read(self, job, &fx, false)) { /* changed since the scan */
    job->state = JOB_UNREAD;
    job_finish_file(self, job, &fx);
    return;
  }
  job_note_analysed_text(job, &fx);
  finding_list_init(&job->findings);
  job->has_findings = true;
  IrModule *m;
  if (job->file->lang == IR_LANG_C) {
    FeCFlags flags = {job->cflags.args, job->cflags.n_args, job->cflags.directory, run_project_path, self};
    m = fe_lower_c_file(self->fes[worker], &fx, &flags);
  } else {
    m = fe_lower_file(self->fes[worker], &fx, job->file->lang);
  }
  if (m) job->summary = engine_analyze_module(self->engine, self->project, m, &fx, &job->findings);
  job->analyzed = m != NULL;
  job_finish_file(self, job, &fx);
}

/* Section - Go packages
**
** The .go files of one directory are one package (or a package and its
** external _test package): they are lowered on one worker and analysed
** together, so a method in one file sees the struct fields and helpers
** declared in another. The first file of the directory leads the group. */

static size_t dir_len(const char *rel_path) {
  const char *slash = strrchr(rel_path, '/');
  return slash ? (size_t)(slash - rel_path) : 0;
}

static bool is_go_test_file(const char *rel_path) {
  size_t n = strlen(rel_path);
  return n > 8 && strcmp(rel_path + n - 8, "_test.go") == 0;
}

/* The Go leader jobs (directories) that job i's imports name, through the
** map of import paths to leaders. Imports of _test.go files are left out:
** an external test package may import a package that imports its own, a
** cycle the levels would have to break arbitrarily; so test files see the
** facts of what the package itself imports, not of what only they import. */
static void run_go_deps(Run *self, uint32_t i, const Map *by_import, FileJob *leader) {
  const FileJob *job = &self->jobs[i];
  if (is_go_test_file(job->file->rel_path)) return;
  for (uint32_t k = 0; k < job->imports.len; k++) {
    uintptr_t lead = (uintptr_t)map_get_cstr(by_import, job->imports.items[k]);
    if (!lead || lead - 1 == job->go_leader) continue;
    bool seen = false;
    for (uint32_t d = 0; d < leader->deps.len && !seen; d++) seen = leader->deps.items[d] == lead - 1;
    if (!seen) array_push(&leader->deps, (uint32_t)(lead - 1));
  }
}

/* Groups the Go files by directory and names each directory's package by its
** import path (gomod). A group is analysed when any of its files passes the
** prefilter, or imports (transitively) a package of the module that is
** analysed (a handler package that only calls a store package's functions
** matters once those functions acquire rows), or is imported (transitively)
** by one (its helpers' summaries are needed). Then all its files are (they
** declare the types). */
static void run_group_go(Run *self) {
  Map leaders, by_import;
  map_init(&leaders, NULL);
  map_init(&by_import, NULL);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    job->go_leader = i;
    if (job->file->lang != IR_LANG_GO || job->state == JOB_UNREAD) continue;
    const char *p = job->file->rel_path;
    uintptr_t lead = (uintptr_t)map_get(&leaders, p, dir_len(p));
    if (lead) {
      job->go_leader = (uint32_t)(lead - 1);
      continue;
    }
    map_set(&leaders, p, dir_len(p), (void *)(uintptr_t)(i + 1));
    if (!self->have_gomod) gomod_init(&self->gomod), self->have_gomod = true;
    job->go_import_path = gomod_import_path(&self->gomod, job->file->real_path);
    if (job->go_import_path && !map_get_cstr(&by_import, job->go_import_path))
      map_set_cstr(&by_import, job->go_import_path, (void *)(uintptr_t)(i + 1));
  }
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (job->go_leader != i && job->state == JOB_WANTED) self->jobs[job->go_leader].state = JOB_WANTED;
  }
  /* Leader-level dependencies, then wantedness through them to a fixpoint. */
  for (uint32_t i = 0; i < self->n_jobs; i++)
    if (self->jobs[i].file->lang == IR_LANG_GO && self->jobs[i].state != JOB_UNREAD)
      run_go_deps(self, i, &by_import, &self->jobs[self->jobs[i].go_leader]);
  for (bool changed = true; changed;) { /* importers of what matters */
    changed = false;
    for (uint32_t i = 0; i < self->n_jobs; i++) {
      FileJob *job = &self->jobs[i];
      if (job->file->lang != IR_LANG_GO || job->go_leader != i || job->state != JOB_FILTERED) continue;
      for (uint32_t d = 0; d < job->deps.len && job->state != JOB_WANTED; d++)
        if (self->jobs[job->deps.items[d]].state == JOB_WANTED) job->state = JOB_WANTED, changed = true;
    }
  }
  /* … and what they import: a helper package that names no database API
  ** (`func CloseLogged(c io.Closer)`) still releases what they pass it. */
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = 0; i < self->n_jobs; i++) {
      FileJob *job = &self->jobs[i];
      if (job->file->lang != IR_LANG_GO || job->go_leader != i || job->state != JOB_WANTED) continue;
      for (uint32_t d = 0; d < job->deps.len; d++) {
        FileJob *dep = &self->jobs[job->deps.items[d]];
        if (dep->state == JOB_FILTERED) dep->state = JOB_WANTED, changed = true;
      }
    }
  }
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (job->go_leader != i && self->jobs[job->go_leader].state == JOB_WANTED) job->state = JOB_WANTED;
  }
  map_fini(&by_import);
  map_fini(&leaders);
}

/* Lowers and analyses every file of the leader's Go group (path order). */
static bool job_in_go_group(const FileJob *job, uint32_t leader) {
  return job->go_leader == leader && job->state == JOB_WANTED;
}

static void run_analyze_go_group(Run *self, int worker, uint32_t leader) {
  uint32_t n = 0;
  for (uint32_t i = leader; i < self->n_jobs; i++) n += job_in_go_group(&self->jobs[i], leader);
  uint32_t *ids = xcalloc(n, sizeof *ids);
  FileCtx *fxs = xcalloc(n, sizeof *fxs);
  FileCtx **fxp = xcalloc(n, sizeof *fxp);
  IrModule **mods = xcalloc(n, sizeof *mods);
  FindingList **outs = xcalloc(n, sizeof *outs);
  ModuleSummary **sums = xcalloc(n, sizeof *sums);
  uint32_t k = 0;
  for (uint32_t i = leader; i < self->n_jobs && k < n; i++) {
    FileJob *job = &self->jobs[i];
    if (!job_in_go_group(job, leader)) continue;
    ids[k] = i;
    fxp[k] = &fxs[k];
    fx_init(&fxs[k], job->file->real_path, job->file->rel_path);
    finding_list_init(&job->findings);
    job->has_findings = true;
    outs[k] = &job->findings;
    if (run_read(self, job, &fxs[k], false)) {
      job_note_analysed_text(job, &fxs[k]);
      mods[k] = fe_lower_file(self->fes[worker], &fxs[k], IR_LANG_GO);
    }
    else
      job->state = JOB_UNREAD; /* changed since the scan */
    job->analyzed = mods[k] != NULL;
    job->test_support = go_is_test_support(mods[k], job->file->rel_path);
    k++;
  }
  FileJob *lead = &self->jobs[leader];
  engine_analyze_package(self->engine, self->project, lead->go_import_path, (const IrModule *const *)mods, fxp, outs,
                         n, sums, &lead->go_package);
  for (k = 0; k < n; k++) {
    self->jobs[ids[k]].summary = sums[k];
    job_finish_file(self, &self->jobs[ids[k]], &fxs[k]);
  }
  free(ids), free(fxs), free(fxp), free(mods), free(outs), free(sums);
}

/* Section - C translation units
**
** Which C files to parse is decided for all of them at once, after the
** lexical scan: a file that names a modelled identifier or header, or uses a
** function or header of such a file (cunits_decide). Headers that an
** analysed file includes are analysed through it, the others on their own.
** Each file's compile flags are looked up here, single-threaded. */

/* Without a compilation database a project's own headers would be missing
** wherever it includes them through an include directory (`#include
** "utils/common.h"` from src/daemon/ for src/utils/common.h): each such
** directory becomes a -I after the defaults. */
enum { C_MAX_INFERRED_DIRS = 64 };

typedef struct InferredDirs {
  Run *run;
  StrList args; /* in the CompDbs arena */
  Map seen;     /* heap: directories added */
  uint32_t n;
} InferredDirs;

static void add_inferred_dir(void *ud, uint32_t header, const char *inc) {
  InferredDirs *d = ud;
  Arena *a = d->run->compdbs.arena;
  const char *real = d->run->jobs[header].file->real_path;
  size_t k = strlen(real), m = strlen(inc);
  if (d->n >= C_MAX_INFERRED_DIRS || k <= m + 1 || real[k - m - 1] != '/' || strcmp(real + k - m, inc) != 0) return;
  if (map_get(&d->seen, real, k - m - 1)) return;
  map_set(&d->seen, real, k - m - 1, (void *)1);
  array_push_in(a, &d->args, arena_printf(a, "-I%.*s", (int)(k - m - 1), real));
  d->n++;
}

/* The file's flags: its database entry's or the defaults, then --extra-arg,
** then (defaults only) the project directories its includes name: a guess,
** so a -I the user gives wins where two project headers share a name. */
static void c_file_flags(Run *self, uint32_t i) {
  FileJob *job = &self->jobs[i];
  job->cflags = compdbs_flags(&self->compdbs, job->file->real_path);
  bool defaults = job->cflags.source == COMPDB_DEFAULT;
  if (!defaults && !self->opts.n_c_extra_args) return;
  InferredDirs d = {self, {0}, {0}, 0};
  map_init(&d.seen, NULL);
  for (uint32_t k = 0; k < job->cflags.n_args; k++) array_push_in(self->compdbs.arena, &d.args, job->cflags.args[k]);
  for (uint32_t k = 0; k < self->opts.n_c_extra_args; k++)
    array_push_in(self->compdbs.arena, &d.args, self->opts.c_extra_args[k]);
  if (defaults) cunits_include_dirs(self->cunits, self->n_jobs, i, add_inferred_dir, &d);
  map_fini(&d.seen);
  job->cflags.args = d.args.items;
  job->cflags.n_args = d.args.len;
  self->c_dirs_inferred += d.n > 0;
}

static void run_decide_c(Run *self) {
  bool any = false;
  for (uint32_t i = 0; i < self->n_jobs && !any; i++) any = self->jobs[i].file->lang == IR_LANG_C;
  if (!any) return;
  cunits_decide(self->cunits, self->n_jobs, self->opts.no_prefilter);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    const CUnitFile *cu = &self->cunits[i];
    if (job->file->lang != IR_LANG_C || job->state == JOB_UNREAD) continue;
    job->state = cu->wanted && !(cu->is_header && cu->covered) ? JOB_WANTED : JOB_FILTERED;
    if (job->state == JOB_WANTED) c_file_flags(self, i);
  }
}

/* Section - phases */

/* Collects one prefilter import path (engine_each_prefilter_specifier callback).
** Specifiers of other languages' models never equal a Go import path, so
** they do no harm. */
static void run_add_go_path(const char *specifier, void *ud) {
  Run *self = ud;
  array_push(&self->go_paths, xstrdup(specifier));
}

/* Collects one C function prefix (engine_each_function_prefix callback). */
static void run_add_c_prefix(const char *prefix, void *ud) {
  Run *self = ud;
  array_push(&self->c_prefixes, xstrdup(prefix));
}

/* Marks the configurations that some discovered file uses. */
static void run_mark_used_configs(Run *self) {
  for (uint32_t i = 0; i < self->n_jobs; i++) self->jobs[i].file->config->used = true;
}

/* The "models" of every configuration in use: the projects' own wrappers,
** resolved against each configuration file's directory; a file two
** configurations list is loaded once. */
static bool run_load_config_models(Run *self, char *err, size_t err_len) {
  bool ok = true;
  StrBuf path;
  strbuf_init(&path);
  Map loaded;
  map_init(&loaded, self->out_arena);
  for (uint32_t e = 0; ok && e < self->configs->entries.len; e++) {
    const ConfigEntry *entry = self->configs->entries.items[e];
    const Config *cfg = &entry->config;
    for (uint32_t i = 0; entry->used && ok && i < cfg->models.len; i++) {
      char why[512] = "", real[PATH_MAX];
      strbuf_clear(&path);
      config_model_path(cfg, i, &path);
      const char *key = realpath(strbuf_cstr(&path), real) ? real : strbuf_cstr(&path);
      if (map_get_cstr(&loaded, key)) continue;
      map_set_cstr(&loaded, arena_strdup(self->out_arena, key), (void *)1);
      ok = engine_load_model_file(self->engine, strbuf_cstr(&path), why, sizeof why);
      if (!ok) snprintf(err, err_len, "%s: models[%u]: %s", cfg->path, (unsigned)i, why);
    }
  }
  map_fini(&loaded);
  strbuf_fini(&path);
  return ok;
}

/* The rules to run: --rule's, else every rule that some file's
** configuration does not turn off (NULL: all of them). A rule off for some
** files only runs, and its findings in those files are dropped. */
static const char *const *run_engine_rules(Run *self) {
  if (self->opts.only_rules) return self->opts.only_rules;
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  bool all = true;
  for (size_t i = 0; i < n; i++) {
    bool on = infos[i]->maturity == MATURITY_DEBUG ? self->opts.enable_debug_rules : false;
    for (uint32_t j = 0; infos[i]->maturity != MATURITY_DEBUG && j < self->n_jobs && !on; j++) {
      const ConfigRule *r = config_rule(&self->jobs[j].file->config->config, infos[i]->id);
      on = !(r && r->off);
    }
    if (on) array_push(&self->engine_rules, infos[i]->id);
    else all = all && infos[i]->maturity == MATURITY_DEBUG;
  }
  array_push(&self->engine_rules, NULL);
  return all ? NULL : self->engine_rules.items;
}

static DriverStatus run_setup(Run *self, char *err, size_t err_len) {
  if (!fe_check_grammars(err, err_len)) return DRIVER_INTERNAL;
  run_mark_used_configs(self);
  self->selected_rules = run_engine_rules(self);
  EngineOptions eo = {self->opts.enable_debug_rules, self->selected_rules};
  self->engine = engine_new(&eo);
  char why[512] = "";
  if (!engine_load_models(self->engine, self->opts.models_dir, why, sizeof why)) {
    snprintf(err, err_len, "bad API models in %s: %s", self->opts.models_dir, why);
    return DRIVER_USAGE;
  }
  if (!run_load_config_models(self, err, err_len)) return DRIVER_USAGE;
  engine_each_prefilter_specifier(self->engine, run_add_go_path, self);
  engine_each_function_prefix(self->engine, run_add_c_prefix, self);
  compdbs_init(&self->compdbs, self->opts.compile_db);
  self->have_compdbs = true;
  if (self->compdbs.fixed && access(self->compdbs.fixed, R_OK) != 0) {
    snprintf(err, err_len, "-p %s: %s cannot be read", self->opts.compile_db, self->compdbs.fixed);
    return DRIVER_USAGE;
  }
  self->project = project_new();
  project_set_schema(self->project, self->schema); /* read by run_discover, which runs first */
  self->n_workers = self->opts.jobs;
  self->pool = pool_new(self->n_workers);
  self->fes = xcalloc((size_t)self->n_workers, sizeof *self->fes);
  for (int i = 0; i < self->n_workers; i++) self->fes[i] = fe_new();
  return DRIVER_OK;
}

static DriverStatus run_discover(Run *self, char *err, size_t err_len) {
  if (!getcwd(self->cwd, sizeof self->cwd)) {
    snprintf(err, err_len, "cannot determine the working directory");
    return DRIVER_INTERNAL;
  }
  self->have_disc = true;
  DiscoverOptions d = {self->cwd, self->opts.paths, self->opts.n_paths, self->configs, !self->opts.no_named_context,
                       self->opts.override ? self->opts.override->path : NULL};
  bool found = discover_run(&self->disc, &d, err, err_len);
  if (self->configs->failed) {
    snprintf(err, err_len, "%s", self->configs->error);
    return DRIVER_CONFIG;
  }
  if (!found) return DRIVER_USAGE;
  /* Paths the configuration ignores are not "no input": a pre-commit hook
  ** that passes only ignored files must pass. */
  if (self->disc.files.len == 0 && self->disc.notes.len == 0 && self->disc.n_config_ignored == 0) {
    snprintf(err, err_len,
             "no input files: nothing with a .js .jsx .mjs .cjs .ts .tsx .mts .cts .go .c .h extension found");
    return DRIVER_USAGE;
  }
  char override_real[PATH_MAX] = "";
  if (self->opts.override && !discover_resolve(self->opts.override->path, override_real, sizeof override_real))
    override_real[0] = '\0';
  self->n_jobs = self->disc.files.len;
  self->jobs = xcalloc(self->n_jobs, sizeof *self->jobs);
  self->cunits = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *self->cunits);
  map_init(&self->real_to_rel, NULL);
  map_init(&self->rel_to_real, NULL);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const SourceFile *f = &self->disc.files.items[i];
    self->jobs[i].file = f;
    self->jobs[i].arena = arena_new();
    self->jobs[i].reported = !f->context;
    self->jobs[i].is_override = override_real[0] && strcmp(f->real_path, override_real) == 0;
    self->cunits[i].rel_path = f->rel_path;
    size_t n = strlen(f->rel_path);
    self->cunits[i].is_header = f->lang == IR_LANG_C && n >= 2 && strcmp(f->rel_path + n - 2, ".h") == 0;
    map_set_cstr(&self->real_to_rel, f->real_path, (void *)f->rel_path);
    map_set_cstr(&self->rel_to_real, f->rel_path, (void *)f->real_path);
    map_set_cstr(&self->job_of_path, f->rel_path, (void *)(uintptr_t)(i + 1));
  }
  self->schema = schemafiles_load(self->disc.schema_files.items, self->disc.schema_files.len);
  return DRIVER_OK;
}

/* Section - imported files discovery left out
**
** A relative JS/TS import whose target discovery skipped (a committed file
** that .gitignore lists, say config/database.js exporting the pool) is
** still read, as context: never reported, analysed where a reported file
** needs it (importdisk.h). Targets must lie in the run's base directory or
** the importer's project root (context_root), and not in node_modules. */

enum { RUN_MAX_IMPORTED = 4096 }; /* a bound on files added this way */

static bool run_knows_path(void *ud, const char *path) {
  const Run *self = ud;
  return map_get_cstr(&self->real_to_rel, path) != NULL;
}

static bool path_within(const char *path, const char *dir) {
  size_t n = strlen(dir);
  return n == 1 ? path[0] == '/' : strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Whether the file at real may be read as context of the importer. */
static bool run_import_allowed(const Run *self, const FileJob *importer, const char *real) {
  if (strstr(real, "/node_modules/")) return false;
  if (self->disc.base && path_within(real, self->disc.base)) return true;
  char root[PATH_MAX];
  return context_root(importer->file->real_path, root, sizeof root) && path_within(real, root);
}

/* The JS/TS files jobs[from..n_jobs) import that the run does not have yet,
** appended to the discovery's files (as context). Returns how many. */
static uint32_t run_collect_imported(Run *self, uint32_t from) {
  ARRAY(SourceFile) found = {0}; /* appended at the end: the jobs point into disc.files */
  for (uint32_t i = from; i < self->n_jobs && self->n_imported < RUN_MAX_IMPORTED; i++) {
    const FileJob *job = &self->jobs[i];
    if (job->file->lang != IR_LANG_JS && job->file->lang != IR_LANG_TS) continue;
    for (uint32_t k = 0; k < job->imports.len && self->n_imported < RUN_MAX_IMPORTED; k++) {
      const char *spec = job->imports.items[k];
      char real[PATH_MAX];
      IrLang lang;
      if (!lexscan_is_relative(str_from(spec)) ||
          importdisk_resolve(job->file->real_path, spec, run_knows_path, self, real, sizeof real) != IMPORT_ON_DISK ||
          !fe_lang_for_path(real, &lang) || !run_import_allowed(self, job, real))
        continue;
      SourceFile f = {0};
      f.real_path = arena_strdup(self->disc.arena, real);
      f.rel_path = discover_relative(self->disc.arena, self->disc.base ? self->disc.base : self->cwd, real);
      f.lang = lang;
      f.context = true;
      f.config = configset_for_file(self->configs, f.real_path);
      array_push(&found, f);
      map_set_cstr(&self->real_to_rel, f.real_path, (void *)f.rel_path);
      self->n_imported++;
    }
  }
  for (uint32_t k = 0; k < found.len; k++) array_push(&self->disc.files, found.items[k]);
  uint32_t added = found.len;
  array_free(&found);
  return added;
}

/* Makes jobs for the discovery's files from n_jobs on (the files array may
** have moved: every job's file pointer is renewed). */
static void run_grow_jobs(Run *self) {
  uint32_t old = self->n_jobs, n = self->disc.files.len;
  self->jobs = xrealloc(self->jobs, n * sizeof *self->jobs);
  self->cunits = xrealloc(self->cunits, n * sizeof *self->cunits);
  memset(self->jobs + old, 0, (n - old) * sizeof *self->jobs);
  memset(self->cunits + old, 0, (n - old) * sizeof *self->cunits);
  for (uint32_t i = 0; i < n; i++) self->jobs[i].file = &self->disc.files.items[i];
  for (uint32_t i = old; i < n; i++) {
    const SourceFile *f = self->jobs[i].file;
    self->jobs[i].arena = arena_new();
    self->cunits[i].rel_path = f->rel_path;
    map_set_cstr(&self->rel_to_real, f->rel_path, (void *)f->real_path);
    map_set_cstr(&self->job_of_path, f->rel_path, (void *)(uintptr_t)(i + 1));
  }
  self->n_jobs = n;
}

typedef struct ScanRange {
  Run *run;
  uint32_t from;
} ScanRange;

static void run_scan_range_one(void *ctx, int worker, size_t i) {
  const ScanRange *r = ctx;
  run_scan_one(r->run, worker, r->from + i);
}

/* Scans every file, then what they import that discovery left out, until
** nothing new is imported (not with no_named_context: then exactly the
** discovered files are read). */
static void run_scan(Run *self) {
  pool_run(self->pool, self->n_jobs, run_scan_one, self);
  uint32_t from = 0;
  while (!self->opts.no_named_context) {
    uint32_t old = self->n_jobs;
    if (!run_collect_imported(self, from)) break;
    run_grow_jobs(self);
    ScanRange r = {self, old};
    pool_run(self->pool, self->n_jobs - old, run_scan_range_one, &r);
    from = old;
  }
}

/* The unique keys JS/TS sources declare through an ORM (TypeORM entities,
** knex and drizzle table definitions) join the schema files' before any
** analysis; the files the scan marked are read again, on this thread. */
static void run_read_source_keys(Run *self) {
  ARRAY(const char *) paths = {0};
  for (uint32_t i = 0; i < self->n_jobs; i++)
    if (self->jobs[i].declares_keys) array_push(&paths, self->jobs[i].file->real_path);
  if (paths.len) {
    schemafiles_add_sources(&self->schema, paths.items, paths.len);
    project_set_schema(self->project, self->schema);
  }
  array_free(&paths);
}

/* C: file i calls a function file j defines, so j's summary comes first. */
static void run_add_c_dep(void *ud, uint32_t i, uint32_t j) {
  Run *self = ud;
  FileJob *job = &self->jobs[i];
  if (job->state != JOB_WANTED || self->jobs[j].state != JOB_WANTED) return;
  for (uint32_t k = 0; k < job->deps.len; k++)
    if (job->deps.items[k] == j) return;
  array_push(&job->deps, j);
}

/* A JS/TS file the prefilter let go that imports a file of the tree through
** a package name or a tsconfig alias matters as one with a relative import
** does (its imports may be pools). */
static void run_want_bare_importers(Run *self) {
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (job->state != JOB_FILTERED || (job->file->lang != IR_LANG_JS && job->file->lang != IR_LANG_TS)) continue;
    for (uint32_t k = 0; k < job->imports.len && job->state == JOB_FILTERED; k++)
      if (project_resolve(self->project, job->file->rel_path, job->imports.items[k])) job->state = JOB_WANTED;
  }
}

/* The transitive JS/TS prefilter (jsreach.h), on the same resolution the
** levels use: of the files the per-file test let through, one is parsed
** when it names something, imports (through any number of files) one that
** does, or is imported by one parsed so. */
static void run_prune_js(Run *self, const Map *by_path) {
  if (self->opts.no_prefilter) return;
  uint32_t n = self->n_jobs, m = n ? n : 1;
  uint32_t **deps = xcalloc(m, sizeof *deps), *n_deps = xcalloc(m, sizeof *n_deps);
  bool *names = xcalloc(m, sizeof *names), *readable = xcalloc(m, sizeof *readable), *want = xcalloc(m, sizeof *want);
  for (uint32_t i = 0; i < n; i++) {
    FileJob *job = &self->jobs[i];
    if (job->file->lang != IR_LANG_JS && job->file->lang != IR_LANG_TS) continue;
    /* Only what the per-file test let through: a helper without imports
    ** or words stays out as before (parsing those would cost a tenth more
    ** parses on the eval corpus for no finding there). */
    readable[i] = job->state == JOB_WANTED;
    names[i] = job->names_model;
    if (!readable[i]) continue;
    deps[i] = xcalloc(job->imports.len ? job->imports.len : 1, sizeof **deps);
    for (uint32_t k = 0; k < job->imports.len; k++) {
      const char *to = project_resolve(self->project, job->file->rel_path, job->imports.items[k]);
      uintptr_t j = to ? (uintptr_t)map_get_cstr(by_path, to) : 0;
      if (j && j - 1 != i) deps[i][n_deps[i]++] = (uint32_t)(j - 1);
    }
  }
  jsreach_decide(n, deps, n_deps, readable, names, want);
  for (uint32_t i = 0; i < n; i++) {
    FileJob *job = &self->jobs[i];
    if (readable[i]) {
      self->n_js_unreached += job->state == JOB_WANTED && !want[i];
      job->state = want[i] ? JOB_WANTED : JOB_FILTERED;
    }
    free(deps[i]);
  }
  free(deps), free(n_deps), free(names), free(readable), free(want);
}

/* Resolves each wanted file's imports (relative ones, and those that name
** the tree's packages or tsconfig aliases) to wanted files and levels them. */
static uint32_t run_order(Run *self) {
  Map by_path;
  map_init(&by_path, NULL);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    project_add_file(self->project, self->jobs[i].file->rel_path);
    map_set_cstr(&by_path, self->jobs[i].file->rel_path, (void *)(uintptr_t)(i + 1));
    /* Every C file's functions, analysed or not: a call links to the nearest definition. */
    const CUnitFile *cu = self->cunits ? &self->cunits[i] : NULL;
    if (self->jobs[i].file->lang == IR_LANG_C && cu && cu->readable && !cu->is_header)
      for (uint32_t d = 0; d < cu->defines.len; d++)
        project_add_c_definition(self->project, cu->defines.items[d], self->jobs[i].file->rel_path);
  }
  jsproject_load(self->project, self->disc.base ? self->disc.base : self->cwd, self->disc.files.items,
                 self->disc.files.len);
  run_want_bare_importers(self);
  run_prune_js(self, &by_path);
  UnitIndex units;
  units_init(&units);
  for (uint32_t i = 0; i < self->n_jobs; i++)
    if (self->jobs[i].state == JOB_WANTED)
      project_set_unit(self->project, self->jobs[i].file->rel_path, units_of(&units, self->jobs[i].file->real_path));
  units_fini(&units);
  uint32_t **deps = xcalloc(self->n_jobs, sizeof *deps);
  uint32_t *n_deps = xcalloc(self->n_jobs, sizeof *n_deps);
  uint32_t *levels = xcalloc(self->n_jobs, sizeof *levels);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    if (job->file->lang == IR_LANG_GO) { /* run_group_go set the leaders' dependencies */
      if (job->state != JOB_WANTED) job->deps.len = 0;
      for (uint32_t d = 0; d < job->deps.len; d++)
        if (self->jobs[job->deps.items[d]].state != JOB_WANTED) job->deps.items[d--] = job->deps.items[--job->deps.len];
      deps[i] = job->deps.items;
      n_deps[i] = job->deps.len;
      continue;
    }
    for (uint32_t k = 0; job->state == JOB_WANTED && k < job->imports.len; k++) {
      /* A type-only import links no value: as an edge it would only tie import cycles. */
      if (k < job->imports_type_only.len && job->imports_type_only.items[k]) continue;
      const char *to = project_resolve(self->project, job->file->rel_path, job->imports.items[k]);
      uintptr_t j = to ? (uintptr_t)map_get_cstr(&by_path, to) : 0;
      if (j && j - 1 != i && self->jobs[j - 1].state == JOB_WANTED && !import_takes_only_types(job, k, &self->jobs[j - 1]))
        array_push(&job->deps, (uint32_t)(j - 1));
    }
  }
  if (self->cunits) cunits_deps(self->cunits, self->n_jobs, run_add_c_dep, self);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    deps[i] = self->jobs[i].deps.items;
    n_deps[i] = self->jobs[i].deps.len;
  }
  uint32_t n_levels = order_levels(self->n_jobs, deps, n_deps, levels);
  for (uint32_t i = 0; i < self->n_jobs; i++) self->jobs[i].level = levels[self->jobs[i].go_leader];
  free(deps), free(n_deps), free(levels);
  map_fini(&by_path);
  return n_levels;
}

/* Section - named files' context (context.h)
**
** Every file was scanned and wanted or not as in a directory run; now only
** what the reported files reach through their dependencies is analysed,
** since nothing else can change what they are told. */

/* C: a reported header is analysed through the wanted files that include
** it, directly or not. */
static void run_seed_header_includers(const Run *self, bool *seed) {
  bool any = false;
  for (uint32_t h = 0; h < self->n_jobs && !any; h++)
    any = self->jobs[h].reported && self->jobs[h].file->lang == IR_LANG_C && self->cunits[h].is_header;
  if (!any) return;
  bool *seen = xcalloc(self->n_jobs, sizeof *seen);
  uint32_t *stack = xcalloc(self->n_jobs, sizeof *stack);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    if (self->jobs[i].state != JOB_WANTED || self->jobs[i].file->lang != IR_LANG_C) continue;
    memset(seen, 0, self->n_jobs * sizeof *seen);
    uint32_t top = 0;
    stack[top++] = i;
    seen[i] = true;
    while (top && !seed[i]) {
      uint32_t f = stack[--top];
      for (uint32_t k = 0; k < self->cunits[f].included.len; k++) {
        uint32_t h = self->cunits[f].included.items[k];
        if (h >= self->n_jobs || seen[h]) continue;
        seen[h] = true;
        stack[top++] = h;
        if (self->jobs[h].reported && self->cunits[h].is_header) seed[i] = true;
      }
    }
  }
  free(seen);
  free(stack);
}

/* A rule with a project phase compares every module of one program (units.h:
** per-file-pool's duplicated pools): a reported file's finding can depend on
** a module it does not import, so while such a rule runs, every wanted file
** of a reported file's program is analysed too. */
static void run_seed_programs(const Run *self, bool *seed) {
  if (!engine_has_project_rules(self->engine)) return;
  UnitIndex units;
  units_init(&units);
  Map reported;
  map_init(&reported, NULL);
  const char **unit = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *unit);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    if (self->jobs[i].state != JOB_WANTED) continue;
    unit[i] = units_of(&units, self->jobs[i].file->real_path);
    if (self->jobs[i].reported) map_set_cstr(&reported, unit[i], (void *)1);
  }
  for (uint32_t i = 0; i < self->n_jobs; i++)
    if (unit[i] && map_get_cstr(&reported, unit[i])) seed[self->jobs[i].go_leader] = true;
  free(unit);
  map_fini(&reported);
  units_fini(&units);
}

static void run_restrict_to_needed(Run *self) {
  bool all_reported = true;
  for (uint32_t i = 0; i < self->n_jobs && all_reported; i++) all_reported = self->jobs[i].reported;
  if (all_reported) return;
  uint32_t n = self->n_jobs;
  bool *seed = xcalloc(n ? n : 1, sizeof *seed), *needed = xcalloc(n ? n : 1, sizeof *needed);
  const uint32_t **deps = xcalloc(n ? n : 1, sizeof *deps);
  uint32_t *n_deps = xcalloc(n ? n : 1, sizeof *n_deps);
  for (uint32_t i = 0; i < n; i++) {
    const FileJob *job = &self->jobs[i];
    deps[i] = job->deps.items;
    n_deps[i] = job->deps.len;
    if (job->reported && job->state == JOB_WANTED) seed[job->go_leader] = true; /* Go: the whole package */
  }
  if (self->cunits) run_seed_header_includers(self, seed);
  run_seed_programs(self, seed);
  context_closure(n, deps, n_deps, seed, needed);
  for (uint32_t i = 0; i < n; i++)
    if (self->jobs[i].state == JOB_WANTED && !needed[self->jobs[i].go_leader]) self->jobs[i].state = JOB_UNNEEDED;
  free(seed), free(needed), free(deps), free(n_deps);
}

/* Analyses level by level; summaries are published in path order between
** levels, so what a file sees does not depend on the thread count. */
static void run_levels(Run *self, uint32_t n_levels) {
  uint32_t *items = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *items);
  uint64_t *weight = xcalloc(self->n_jobs ? self->n_jobs : 1, sizeof *weight);
  for (uint32_t i = 0; i < self->n_jobs; i++) /* a Go leader carries its package's bytes */
    if (self->jobs[i].state == JOB_WANTED) weight[self->jobs[i].go_leader] += self->jobs[i].src_len;
  for (uint32_t level = 0; level < n_levels; level++) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < self->n_jobs; i++)
      if (self->jobs[i].state == JOB_WANTED && self->jobs[i].level == level && self->jobs[i].go_leader == i)
        items[n++] = i;
    order_largest_first(items, n, weight);
    self->level_items = items;
    pool_run(self->pool, n, run_analyze_one, self);
    for (uint32_t i = 0; i < self->n_jobs; i++) { /* path order; Go group members included */
      FileJob *job = &self->jobs[i];
      if (job->level != level || !job->summary) continue;
      project_publish(self->project, job->file->rel_path, job->summary);
      job->summary = NULL;
      if (job->go_package && job->go_import_path)
        project_publish_go_package(self->project, job->go_import_path, job->go_package);
      else
        module_summary_delete(job->go_package);
      job->go_package = NULL;
    }
  }
  free(items);
  free(weight);
}

/* Section - the project phase
**
** Rules that need the whole program (per-file-pool) run once after the last
** level, over the published summaries. Their findings may sit in any file,
** whose text is gone by now: each file they name is read again, once, to
** finalize them as job_finish_file does for a file's own findings. */

static int cmp_cstr_ptr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const FileJob *run_job_of(const Run *self, const char *rel_path) {
  for (uint32_t i = 0; i < self->n_jobs; i++)
    if (strcmp(self->jobs[i].file->rel_path, rel_path) == 0) return &self->jobs[i];
  return NULL;
}

/* Re-reads the file rel_path and finalizes what the project findings have in it.
** A file changed since its analysis is left as an unreadable one is: no snippet. */
static void run_finalize_project_file(Run *self, const char *rel_path) {
  const FileJob *job = run_job_of(self, rel_path);
  if (!job) return;
  FileCtx fx;
  fx_init(&fx, job->file->real_path, job->file->rel_path);
  if (run_read(self, job, &fx, false) && run_same_text(job, &fx)) {
    LineIndex lines;
    line_index_init(&lines, fx.src, fx.src_len);
    finalize_findings(&self->project_findings, &lines, rel_path);
    finalize_related_in(&self->project_findings, &lines, rel_path);
    line_index_fini(&lines);
  }
  fx_fini(&fx);
}

/* The packages a Go file imports that was not analysed (prefiltered, not needed): their call
** graph is incomplete, so none of their functions runs once per process (onceproc.h). */
static void run_mark_go_unseen(Run *self) {
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const FileJob *job = &self->jobs[i];
    size_t n = strlen(job->file->rel_path);
    if (job->file->lang != IR_LANG_GO || job->analyzed || (n >= 8 && !strcmp(job->file->rel_path + n - 8, "_test.go")))
      continue;
    for (uint32_t k = 0; k < job->imports.len; k++) project_add_go_unseen(self->project, job->imports.items[k]);
  }
}

static void run_project_rules(Run *self) {
  run_mark_go_unseen(self);
  finding_list_init(&self->project_findings);
  self->have_project_findings = true;
  engine_run_project_rules(self->engine, self->project, &self->project_findings);
  ARRAY(const char *) paths = {0};
  for (uint32_t i = 0; i < self->project_findings.items.len; i++) {
    const Finding *f = self->project_findings.items.items[i];
    array_push(&paths, f->path);
    for (uint32_t k = 0; k < f->n_related; k++)
      if (f->related[k].path) array_push(&paths, f->related[k].path);
  }
  if (paths.len) qsort(paths.items, paths.len, sizeof *paths.items, cmp_cstr_ptr);
  for (uint32_t i = 0; i < paths.len; i++)
    if (i == 0 || strcmp(paths.items[i], paths.items[i - 1]) != 0) run_finalize_project_file(self, paths.items[i]);
  array_free(&paths);
}

/* Section - output */

static int cmp_sorted_finding(const void *a, const void *b) {
  const SortedFinding *x = a, *y = b;
  int c = finding_compare(x->f, y->f);
  if (c) return c;
  if (x->job != y->job) return x->job < y->job ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_note(const void *a, const void *b) {
  const Notification *x = a, *y = b;
  int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
  if (c) return c;
  if (x->at.line != y->at.line) return x->at.line < y->at.line ? -1 : 1;
  if (x->at.col != y->at.col) return x->at.col < y->at.col ? -1 : 1;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  return strcmp(x->message, y->message);
}

/* The configuration of the file a finding is in. */
static const Config *run_config_of(const Run *self, const FileJob *job) {
  return job ? &job->file->config->config : NULL;
}

/* Whether findings in the file rel_path are reported: not a context file,
** not generated code. */
static bool run_path_reported(const Run *self, const char *rel_path) {
  const FileJob *job = run_job_by_path(self, rel_path);
  return job && job->reported;
}

/* The file's configuration's level for f's rule (false for a rule it turns
** off; or for a finding that needs one of the rule's options, which the file's
** configuration does not turn on), then the "tests" setting for a finding in a test file, or the
** "scripts" setting for one in a script, CLI tool, migration or seed (by
** default both: a note — a leak in a process that ends right after, or in a
** test that fails anyway, is worth seeing, not worth failing a build). False
** when it is not reported. */
static bool run_apply_level(const Run *self, Finding *f) {
  const FileJob *job = run_job_by_path(self, f->path);
  const Config *cfg = run_config_of(self, job);
  const ConfigRule *r = cfg ? config_rule(cfg, f->rule_id) : NULL;
  if (r && r->off) return false;
  if (f->option && !config_rule_option(cfg, f->rule_id, f->option - 1u)) return false; /* an option it needs is off */
  if (r) f->level = r->level;
  for (uint8_t k = 0; k < f->lowered && f->level > LEVEL_NOTE; k++) f->level = (FindingLevel)(f->level - 1);
  const char *real = job ? job->file->real_path : NULL;
  bool test = (job && job->test_support) || config_is_test_file(cfg, f->path, real);
  if (!test && !config_is_script_file(cfg, f->path, real)) return true;
  FindingLevel lv = f->level;
  bool keep = test ? config_test_level(cfg, &lv) : config_script_level(cfg, &lv);
  f->level = lv;
  return keep;
}

/* The level from which a finding in job's file fails the run. */
static FindingLevel run_fail_on(const Run *self, const FileJob *job) {
  if (self->opts.fail_on_set) return self->opts.fail_on;
  const Config *cfg = run_config_of(self, job);
  return cfg && cfg->has_fail_on ? cfg->fail_on : LEVEL_WARNING;
}

/* A path as the reports show it: relative to the working directory (or
** absolute outside it), when rel paths are relative to another base. */
const char *run_display_path(Run *self, const char *rel_path) {
  const char *base = self->disc.base;
  if (!rel_path || !base || strcmp(base, self->cwd) == 0) return rel_path;
  const char *abs = rel_path[0] == '/' ? rel_path
                                       : arena_printf(self->out_arena, "%s/%s", strcmp(base, "/") == 0 ? "" : base, rel_path);
  return discover_relative(self->out_arena, self->cwd, abs);
}

static void run_display_finding(Run *self, Finding *f) {
  f->path = run_display_path(self, f->path);
  for (uint32_t k = 0; k < f->n_related; k++) f->related[k].path = run_display_path(self, f->related[k].path);
}

/* A finding in a header that another file including the same header has
** already reported (the sort puts them side by side; the first file wins). */
static bool run_header_duplicate(const Run *self, const SortedFinding *all, uint32_t i) {
  if (i == 0 || all[i].job == all[i - 1].job || all[i].job >= self->n_jobs) return false; /* n_jobs: the project phase */
  const Finding *f = all[i].f, *g = all[i - 1].f;
  if (cstr_eq(f->path, self->jobs[all[i].job].file->rel_path)) return false;
  return finding_compare(f, g) == 0 && cstr_eq(f->subject, g->subject) && cstr_eq(f->function, g->function) &&
         f->loc.end_line == g->loc.end_line && f->loc.end_col == g->loc.end_col;
}

/* Matches the sorted findings against the baseline (so which of two
** identical findings is the new one does not depend on threads) and keeps
** what the output shows. */
static void run_filter_findings(Run *self, const SortedFinding *all, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (run_header_duplicate(self, all, i)) continue;
    Finding *f = (Finding *)all[i].f; /* the run owns its findings */
    if (!f->is_suppressed) {
      f->is_baselined = self->have_baseline && baseline_take(&self->baseline, f);
      array_push(&self->out_current, f);
      self->out.summary.n_baselined += f->is_baselined;
      self->out.n_failing += !f->is_baselined && f->level >= all[i].fail_on;
    }
    if (f->is_suppressed && !self->opts.include_suppressed) continue;
    if (f->is_baselined && !self->opts.include_baselined) continue;
    array_push(&self->out_findings, f);
  }
}

/* Keeps a finding of the reported files, at its configured level, with the
** path the reports show. */
static void run_take_finding(Run *self, Finding *f, uint32_t job, uint32_t k, void *out_array) {
  ARRAY(SortedFinding) *all = out_array;
  if (!run_path_reported(self, f->path) || !run_apply_level(self, f)) return;
  FindingLevel fail_on = run_fail_on(self, run_job_by_path(self, f->path));
  run_display_finding(self, f);
  SortedFinding s = {f, job, k, fail_on};
  array_push(all, s);
}

static void run_collect_findings(Run *self) {
  ARRAY(SortedFinding) all = {0};
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    for (uint32_t k = 0; job->has_findings && k < job->findings.items.len; k++)
      run_take_finding(self, job->findings.items.items[k], i, k, &all);
    for (uint32_t k = 0; job->has_unused && k < job->unused.items.len; k++)
      run_take_finding(self, job->unused.items.items[k], i, job->findings.items.len + k, &all);
  }
  for (uint32_t k = 0; self->have_project_findings && k < self->project_findings.items.len; k++)
    run_take_finding(self, self->project_findings.items.items[k], self->n_jobs, k, &all);
  if (all.len) qsort(all.items, all.len, sizeof *all.items, cmp_sorted_finding);
  run_filter_findings(self, all.items, all.len);
  array_free(&all);
}

/* Run-wide notes about how C files were parsed: without a compilation
** database (defaults), with a nearby entry's flags, or with a database that
** could not be read. */
static void run_note_compile_flags(Run *self) {
  uint32_t n_default = 0, n_nearby = 0;
  const char *first_default = NULL, *first_nearby = NULL, *db = NULL;
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const FileJob *job = &self->jobs[i];
    if (job->file->lang != IR_LANG_C || job->state != JOB_WANTED || !job->reported) continue;
    const char *path = run_display_path(self, job->file->rel_path);
    if (job->cflags.source == COMPDB_DEFAULT && !n_default++) first_default = path;
    if (job->cflags.source == COMPDB_NEARBY && !n_nearby++) first_nearby = path, db = job->cflags.db->path;
  }
  Arena *a = self->compdbs.arena;
  const char *libs = self->compdbs.default_libs;
  if (n_default) {
    const char *dirs = self->c_dirs_inferred
                           ? arena_printf(a, ", and for %u of them the project directories their includes name", self->c_dirs_inferred)
                           : "";
    const char *msg = arena_printf(a, "%u C file%s (%s%s) not in any compile_commands.json: parsed with default flags%s%s%s%s",
                                   n_default, n_default == 1 ? "" : "s", first_default, n_default > 1 ? ", …" : "",
                                   *libs ? " and the include directories pkg-config gives for " : "",
                                   *libs ? libs : " (pkg-config knows none of libpq, sqlite3, libmariadb, mysqlclient)",
                                   dirs, "; use -p BUILD_DIR or put compile_commands.json in the tree");
    Notification n = {NOTE_DEFAULT_FLAGS, NULL, {0, 0, 0, 0}, msg};
    array_push(&self->out_notes, n);
  }
  if (n_nearby) {
    const char *msg = arena_printf(a, "%u C file%s (%s%s) not listed in %s: parsed with the flags of the nearest listed file",
                                   n_nearby, n_nearby == 1 ? "" : "s", first_nearby, n_nearby > 1 ? ", …" : "", db);
    Notification n = {NOTE_DEFAULT_FLAGS, NULL, {0, 0, 0, 0}, msg};
    array_push(&self->out_notes, n);
  }
  for (uint32_t s = 0; s < self->compdbs.dbs.cap; s++) {
    const CompDb *d = self->compdbs.dbs.slots[s].key ? self->compdbs.dbs.slots[s].value : NULL;
    if (!d || !d->error) continue;
    Notification n = {NOTE_COMPILE_FLAGS, NULL, {0, 0, 0, 0}, arena_printf(a, "%s %s", d->path, d->error)};
    array_push(&self->out_notes, n);
  }
}

/* One note per unmodelled library and run: at its first import in path
** order among the reported files. */
static void run_note_unmodelled(Run *self) {
  Map libs;
  map_init(&libs, NULL);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    FileJob *job = &self->jobs[i];
    for (uint32_t k = 0; job->reported && k < job->unmodelled.len; k++) {
      Notification n = job->unmodelled.items[k];
      if (map_get_cstr(&libs, n.message)) continue;
      map_set_cstr(&libs, n.message, (void *)1);
      n.message = arena_printf(job->arena,
                               "imports %s, a database library txlint has no model for: its connections and "
                               "transactions are not checked (add a model, docs/models.md)",
                               n.message);
      n.path = run_display_path(self, n.path);
      array_push(&self->out_notes, n);
    }
  }
  map_fini(&libs);
}

/* One skipped-files note per kind of skip (skips.h): discovery's, and the
** files the content showed to be generated or minified. */
static void run_note_skips(Run *self) {
  SkipTally t = self->disc.skips;
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const FileJob *job = &self->jobs[i];
    if (job->file->context) continue; /* a context file's nature is not the user's concern */
    if (job->generated) skips_count(&t, SKIP_GENERATED, job->file->rel_path);
    if (job->state == JOB_SKIPPED) skips_count(&t, SKIP_MINIFIED, job->file->rel_path);
  }
  for (int k = 0; k < SKIP_KIND_COUNT; k++) {
    if (t.first[k]) t.first[k] = run_display_path(self, t.first[k]);
    const char *msg = skips_message(&t, (SkipKind)k, self->out_arena);
    if (!msg) continue;
    Notification n = {NOTE_SKIPPED, NULL, {0, 0, 0, 0}, msg};
    array_push(&self->out_notes, n);
  }
}

static void run_collect(Run *self) {
  run_check_suppressions(self);
  run_collect_findings(self);
  if (self->have_compdbs) run_note_compile_flags(self);
  bool complete = true;
  for (uint32_t i = 0; i < self->disc.notes.len; i++) {
    const DiscoverNote *d = &self->disc.notes.items[i];
    Notification n = {d->kind, run_display_path(self, d->rel_path), {0, 0, 0, 0}, d->message};
    array_push(&self->out_notes, n);
  }
  run_note_unmodelled(self);
  run_note_skips(self);
  run_note_headers(self);
  run_note_undeclared(self);
  RunSummary sum = {0};
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const FileJob *job = &self->jobs[i];
    bool parsed = job->state == JOB_WANTED;
    sum.files_discovered += !job->file->context;
    if (!job->reported) {
      sum.files_context += parsed && job->analyzed;
      continue;
    }
    for (uint32_t k = 0; k < job->notes.len; k++) {
      Notification n = job->notes.items[k];
      n.path = run_display_path(self, n.path);
      array_push(&self->out_notes, n);
    }
    if (job->state == JOB_FILTERED || (parsed && job->analyzed)) sum.files_analyzed++;
    sum.files_parsed += parsed;
    bool through_includers = self->cunits && self->cunits[i].is_header && self->cunits[i].wanted && self->cunits[i].covered;
    sum.files_prefiltered += job->state == JOB_FILTERED && !through_includers;
    sum.headers_parsed_alone += parsed && job->file->lang == IR_LANG_C && self->cunits && self->cunits[i].is_header;
  }
  if (self->out_notes.len)
    qsort(self->out_notes.items, self->out_notes.len, sizeof *self->out_notes.items, cmp_note);
  for (uint32_t i = 0; i < self->out_notes.len; i++)
    if (note_kind_is_error(self->out_notes.items[i].kind)) complete = false;
  RunOutput *o = &self->out;
  o->findings = self->out_findings.items;
  o->n_findings = self->out_findings.len;
  o->notifications = self->out_notes.items;
  o->n_notifications = self->out_notes.len;
  o->warnings = self->disc.warnings.items;
  o->n_warnings = self->disc.warnings.len;
  o->current = self->out_current.items;
  o->n_current = self->out_current.len;
  sum.n_findings = o->n_findings;
  sum.n_notifications = o->n_notifications;
  sum.execution_successful = complete;
  sum.n_baselined = o->summary.n_baselined;
  o->summary = sum;
}

DriverStatus run_execute(Run *self, char *err, size_t err_len) {
  if (self->opts.baseline) {
    baseline_init(&self->baseline);
    self->have_baseline = true;
    if (!baseline_load(&self->baseline, self->opts.baseline, err, err_len)) return DRIVER_USAGE;
  }
  DriverStatus st = run_discover(self, err, err_len);
  if (st == DRIVER_OK) st = run_setup(self, err, err_len);
  if (st != DRIVER_OK) return st;
  run_scan(self);
  run_read_source_keys(self);
  run_group_go(self);
  run_decide_c(self);
  uint32_t n_levels = run_order(self);
  run_restrict_to_needed(self);
  run_levels(self, n_levels);
  run_project_rules(self);
  run_collect(self);
  return DRIVER_OK;
}
