/* json reporter: txlint's own stable format for scripts (docs/cli.md
** documents every field; version 1). One object: tool, findings (sorted),
** notifications (sorted), summary. */
#include "base/xalloc.h"
#include "report/json_writer.h"
#include "report/report.h"

typedef struct JsonReporter {
  Reporter base;
  JsonWriter w;
  bool in_notifications; /* the findings array was closed */
} JsonReporter;

static void json_loc(JsonWriter *w, const char *path, SrcLoc loc) {
  jw_kv_string(w, "path", path);
  jw_kv_int(w, "line", loc.line);
  jw_kv_int(w, "column", loc.line ? (loc.col ? loc.col : 1) : 0);
}

static void json_begin(Reporter *base) {
  JsonReporter *self = (JsonReporter *)base;
  JsonWriter *w = &self->w;
  jw_object_begin(w);
  jw_kv_int(w, "version", 1);
  jw_key(w, "tool");
  jw_object_begin(w);
  jw_kv_string(w, "name", "txlint");
  jw_kv_string(w, "version", base->cfg.tool_version);
  jw_object_end(w);
  jw_key(w, "findings");
  jw_array_begin(w);
}

static void json_related(JsonWriter *w, const Finding *f) {
  jw_key(w, "related");
  jw_array_begin(w);
  for (uint32_t i = 0; i < f->n_related; i++) {
    const FindingRelated *r = &f->related[i];
    jw_object_begin(w);
    json_loc(w, r->path ? r->path : f->path, r->loc);
    jw_kv_string(w, "message", r->message ? r->message : "");
    jw_object_end(w);
  }
  jw_array_end(w);
}

static void json_steps(JsonWriter *w, const Finding *f) {
  jw_key(w, "steps");
  jw_array_begin(w);
  for (uint32_t i = 0; i < f->n_steps; i++) {
    const FindingStep *s = &f->steps[i];
    jw_object_begin(w);
    jw_kv_string(w, "kind", report_step_kind_name(s->kind));
    json_loc(w, f->path, s->loc);
    jw_kv_string(w, "message", s->message ? s->message : "");
    jw_object_end(w);
  }
  jw_array_end(w);
}

static void json_finding(Reporter *base, const Finding *f) {
  JsonWriter *w = &((JsonReporter *)base)->w;
  char fp[17];
  report_fingerprint(f, fp);
  jw_object_begin(w);
  jw_kv_string(w, "rule", f->rule_id);
  jw_kv_string(w, "level", report_level_name(f->level));
  json_loc(w, f->path, f->loc);
  jw_kv_int(w, "end_line", f->loc.end_line ? f->loc.end_line : f->loc.line);
  jw_kv_int(w, "end_column", f->loc.end_col ? f->loc.end_col : f->loc.col);
  jw_kv_string(w, "message", f->message ? f->message : "");
  jw_kv_string(w, "function", f->function); /* null when at module level */
  json_related(w, f);
  json_steps(w, f);
  jw_kv_bool(w, "suppressed", f->is_suppressed);
  if (f->is_suppressed) jw_kv_string(w, "justification", f->suppressed ? f->suppressed : "");
  jw_kv_string(w, "fingerprint", fp);
  if (base->cfg.baseline_given) jw_kv_string(w, "baseline", f->is_baselined ? "unchanged" : "new");
  jw_object_end(w);
}

static void json_open_notifications(JsonReporter *self) {
  if (self->in_notifications) return;
  self->in_notifications = true;
  jw_array_end(&self->w);
  jw_key(&self->w, "notifications");
  jw_array_begin(&self->w);
}

static void json_notification(Reporter *base, const Notification *n) {
  JsonReporter *self = (JsonReporter *)base;
  JsonWriter *w = &self->w;
  json_open_notifications(self);
  jw_object_begin(w);
  jw_kv_string(w, "kind", note_kind_name(n->kind));
  jw_kv_string(w, "level", report_level_name(note_kind_level(n->kind)));
  json_loc(w, n->path, n->at);
  jw_kv_string(w, "message", n->message);
  jw_object_end(w);
}

static bool json_end(Reporter *base, const RunSummary *s) {
  JsonReporter *self = (JsonReporter *)base;
  JsonWriter *w = &self->w;
  json_open_notifications(self);
  jw_array_end(w);
  jw_key(w, "summary");
  jw_object_begin(w);
  jw_kv_int(w, "files_discovered", s->files_discovered);
  jw_kv_int(w, "files_analyzed", s->files_analyzed);
  jw_kv_int(w, "files_parsed", s->files_parsed);
  jw_kv_int(w, "files_prefiltered", s->files_prefiltered);
  jw_kv_int(w, "headers_parsed_alone", s->headers_parsed_alone);
  jw_kv_int(w, "files_context", s->files_context);
  jw_kv_int(w, "findings", s->n_findings);
  jw_kv_int(w, "notifications", s->n_notifications);
  jw_kv_bool(w, "complete", s->execution_successful);
  if (base->cfg.baseline_given) jw_kv_int(w, "baselined", s->n_baselined);
  jw_object_end(w);
  jw_object_end(w);
  return jw_finish(w);
}

static void json_destroy(Reporter *base) { free(base); }

static const ReporterVtbl json_vtbl = {json_begin, json_finding, json_notification, json_end, json_destroy};

Reporter *report_json_new(FILE *out, const ReportConfig *cfg) {
  JsonReporter *self = xcalloc(1, sizeof *self);
  self->base.vt = &json_vtbl;
  self->base.out = out;
  self->base.cfg = *cfg;
  jw_init_file(&self->w, out, true);
  return &self->base;
}
