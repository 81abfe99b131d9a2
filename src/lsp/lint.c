#define _GNU_SOURCE /* realpath */
#include "lsp/lint.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "driver/config.h"
#include "driver/driver.h"
#include "report/report.h"
#include "rules/registry.h"

/* The file:// URI of an absolute path (percent-encoded; heap). */
static char *lint_path_uri(const char *path) {
  StrBuf b;
  strbuf_init(&b);
  strbuf_puts(&b, "file://");
  report_uri_encode(&b, path);
  return strbuf_take(&b);
}

/* LSP DiagnosticSeverity: 1 error, 2 warning, 3 information. */
static int lint_severity(FindingLevel level) { return level == LEVEL_ERROR ? 1 : level == LEVEL_WARNING ? 2 : 3; }

/* A Range from a finding's location: LSP lines and characters are 0-based,
** characters in UTF-16 code units (the default position encoding), which is
** what findings carry; the end is exclusive in both. */
static cJSON *lint_range(SrcLoc loc) {
  uint32_t line = loc.line ? loc.line - 1 : 0, col = loc.col ? loc.col - 1 : 0;
  uint32_t end_line = loc.end_line >= loc.line && loc.line ? loc.end_line - 1 : line;
  uint32_t end_col = loc.end_col ? loc.end_col - 1 : col;
  if (end_line == line && end_col < col) end_col = col;
  cJSON *r = cJSON_CreateObject(), *s = cJSON_AddObjectToObject(r, "start"), *e = cJSON_AddObjectToObject(r, "end");
  cJSON_AddNumberToObject(s, "line", line);
  cJSON_AddNumberToObject(s, "character", col);
  cJSON_AddNumberToObject(e, "line", end_line);
  cJSON_AddNumberToObject(e, "character", end_col);
  return r;
}

/* A report path (relative to the root, or absolute) as an absolute path. */
static char *lint_abs(const LintSetup *setup, const char *rel) {
  StrBuf b;
  strbuf_init(&b);
  if (rel[0] != '/') strbuf_printf(&b, "%s/", setup->root);
  strbuf_puts(&b, rel);
  return strbuf_take(&b);
}

static void lint_add_related(cJSON *list, const LintSetup *setup, const char *rel, SrcLoc loc, const char *message) {
  cJSON *info = cJSON_CreateObject(), *where = cJSON_AddObjectToObject(info, "location");
  char *abs = lint_abs(setup, rel), *uri = lint_path_uri(abs);
  cJSON_AddStringToObject(where, "uri", uri);
  cJSON_AddItemToObject(where, "range", lint_range(loc));
  cJSON_AddStringToObject(info, "message", message && *message ? message : "here");
  cJSON_AddItemToArray(list, info);
  free(uri);
  free(abs);
}

static cJSON *lint_diagnostic(const LintSetup *setup, const Finding *f) {
  cJSON *d = cJSON_CreateObject();
  cJSON_AddItemToObject(d, "range", lint_range(f->loc));
  cJSON_AddNumberToObject(d, "severity", lint_severity(f->level));
  cJSON_AddStringToObject(d, "code", f->rule_id);
  StrBuf href;
  strbuf_init(&href);
  report_rule_help_uri(&href, f->rule_id);
  cJSON_AddStringToObject(cJSON_AddObjectToObject(d, "codeDescription"), "href", strbuf_cstr(&href));
  strbuf_fini(&href);
  cJSON_AddStringToObject(d, "source", "txlint");
  cJSON_AddStringToObject(d, "message", f->message ? f->message : "");
  /* The leaking path, step by step (or the related locations without one). */
  cJSON *related = cJSON_AddArrayToObject(d, "relatedInformation");
  for (uint32_t i = 0; i < f->n_steps; i++)
    lint_add_related(related, setup, f->path, f->steps[i].loc, f->steps[i].message);
  for (uint32_t i = 0; f->n_steps == 0 && i < f->n_related; i++)
    lint_add_related(related, setup, f->related[i].path ? f->related[i].path : f->path, f->related[i].loc,
                     f->related[i].message);
  return d;
}

/* An input problem of the document (a syntax error, invalid UTF-8) as a
** diagnostic; notes stay out, as on the command line. */
static cJSON *lint_note_diagnostic(const Notification *n) {
  FindingLevel level = note_kind_level(n->kind);
  if (level == LEVEL_NOTE && n->kind != NOTE_UNMODELLED_LIBRARY) return NULL;
  cJSON *d = cJSON_CreateObject();
  cJSON_AddItemToObject(d, "range", lint_range(n->at));
  cJSON_AddNumberToObject(d, "severity", lint_severity(level));
  cJSON_AddStringToObject(d, "code", note_kind_name(n->kind));
  cJSON_AddStringToObject(d, "source", "txlint");
  cJSON_AddStringToObject(d, "message", n->message ? n->message : "");
  return d;
}

static cJSON *lint_problem(const char *what, const char *message) {
  fprintf(stderr, "txlint lsp: %s: %s\n", what, message);
  cJSON *list = cJSON_CreateArray(), *d = cJSON_CreateObject();
  SrcLoc top = {1, 1, 1, 1};
  cJSON_AddItemToObject(d, "range", lint_range(top));
  cJSON_AddNumberToObject(d, "severity", 1);
  cJSON_AddStringToObject(d, "source", "txlint");
  cJSON_AddStringToObject(d, "message", message);
  cJSON_AddItemToArray(list, d);
  return list;
}

/* The rules the configuration leaves on (NULL: all of them), as the command
** line does when the file turns some off (cli/settings.c
** settings_select_rules, a layer above; keep the two in step). */
static const char **lint_rules(const Config *cfg) {
  bool any_off = false;
  for (uint32_t i = 0; i < cfg->rules.len; i++) any_off |= cfg->rules.items[i].off;
  if (!any_off) return NULL;
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  const char **ids = xcalloc(n + 1, sizeof *ids);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const ConfigRule *r = config_rule(cfg, infos[i]->id);
    if (infos[i]->maturity != MATURITY_DEBUG && !(r && r->off)) ids[k++] = infos[i]->id;
  }
  return ids;
}

static bool lint_same_file(const LintSetup *setup, const char *rel, const char *path) {
  char *abs = lint_abs(setup, rel);
  bool same = strcmp(abs, path) == 0;
  free(abs);
  return same;
}

static cJSON *lint_collect(const LintSetup *setup, const RunOutput *out, const char *path) {
  cJSON *list = cJSON_CreateArray();
  for (uint32_t i = 0; i < out->n_findings; i++)
    if (out->findings[i]->path && lint_same_file(setup, out->findings[i]->path, path))
      cJSON_AddItemToArray(list, lint_diagnostic(setup, out->findings[i]));
  for (uint32_t i = 0; i < out->n_notifications; i++) {
    const Notification *n = &out->notifications[i];
    cJSON *d = n->path && lint_same_file(setup, n->path, path) ? lint_note_diagnostic(n) : NULL;
    if (d) cJSON_AddItemToArray(list, d);
  }
  return list;
}

cJSON *lint_document(const LintSetup *setup, const char *path, const char *text, size_t len) {
  char dir[PATH_MAX], found[PATH_MAX + 32], err[1024];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
  Config cfg;
  config_init(&cfg);
  if (config_find(dir, found, sizeof found) && !config_load(&cfg, found, err, sizeof err)) {
    config_fini(&cfg);
    return lint_problem(path, err);
  }
  const char **rules = lint_rules(&cfg);
  DriverOptions d = {0};
  d.paths = &path;
  d.n_paths = 1;
  d.jobs = setup->jobs;
  d.models_dir = setup->models_dir;
  d.only_rules = rules;
  d.config = &cfg;
  DriverOverride buffer = {path, text, len};
  d.override = &buffer;
  Run *run = run_new(&d);
  DriverStatus st = run_execute(run, err, sizeof err);
  cJSON *list = st == DRIVER_OK ? lint_collect(setup, run_output(run), path) : NULL;
  run_delete(run);
  free(rules);
  config_fini(&cfg);
  /* Not a file txlint analyses, or ignored by the configuration: no diagnostics. */
  if (!list && st == DRIVER_USAGE && strstr(err, "no input files")) return cJSON_CreateArray();
  return list ? list : lint_problem(path, err);
}
