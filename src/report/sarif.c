/* sarif reporter: SARIF 2.1.0 shaped for GitHub code scanning and the VS Code
** SARIF Viewer (docs/sarif.md says what is emitted and why). One run; rule
** metadata from the registry; relative URIs under %SRCROOT%; results stream
** as findings arrive; notifications become invocations[0]'s
** toolExecutionNotifications. Must pass shared/tools/validate-sarif --strict. */
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "report/srctext.h"
#include "rules/registry.h"


/* GitHub shows at most 1,000 locations of a thread flow (docs/sarif.md). */
enum { SARIF_MAX_STEPS = 1000 };

typedef struct SarifReporter {
  Reporter base;
  JsonWriter w;
  const RuleInfo **rules; /* heap array of borrowed infos: tool.driver.rules, in order */
  size_t n_rules;
  bool in_notifications;  /* results closed, invocation opened */
  StrBuf scratch;         /* message and URI building */
} SarifReporter;

/* Section - small builders */

void report_uri_encode(StrBuf *out, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    unsigned c = *p;
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      strbuf_putc(out, (char)c);
    } else {
      strbuf_putc(out, '%');
      strbuf_putc(out, hex[c >> 4]);
      strbuf_putc(out, hex[c & 15]);
    }
  }
}

/* Appends text with '[', ']' and '\' escaped, as SARIF message text requires
** for literal brackets (§3.11.6). */
static void sarif_text_escape(StrBuf *out, const char *text) {
  for (const char *p = text ? text : ""; *p; p++) {
    if (*p == '[' || *p == ']' || *p == '\\') strbuf_putc(out, '\\');
    strbuf_putc(out, *p);
  }
}

/* A `key: {"text": …}` member (messages, descriptions, snippets); text is
** written as given. */
static void sarif_text_obj(JsonWriter *w, const char *key, const char *text) {
  jw_key(w, key);
  jw_object_begin(w);
  jw_kv_string(w, "text", text);
  jw_object_end(w);
}

/* A message whose text is already in SARIF form (links, escapes); SARIF
** requires a non-empty text. */
static void sarif_message_raw(JsonWriter *w, const char *text) {
  sarif_text_obj(w, "message", text && *text ? text : "(no message)");
}

/* A plain-text message, "prefix: text" when prefix is given; literal
** brackets escaped. */
static void sarif_message_ex(SarifReporter *self, const char *prefix, const char *text) {
  StrBuf *b = &self->scratch;
  strbuf_clear(b);
  if (prefix) strbuf_printf(b, "%s: ", prefix);
  sarif_text_escape(b, text);
  sarif_message_raw(&self->w, strbuf_cstr(b));
}

static void sarif_message(SarifReporter *self, const char *text) { sarif_message_ex(self, NULL, text); }

/* A `key: {"text": …}` message object of plain text (brackets escaped). */
static void sarif_message_obj_key(SarifReporter *self, const char *key, const char *text) {
  strbuf_clear(&self->scratch);
  sarif_text_escape(&self->scratch, text);
  sarif_text_obj(&self->w, key, strbuf_cstr(&self->scratch));
}

static void sarif_artifact(SarifReporter *self, const char *path) {
  JsonWriter *w = &self->w;
  strbuf_clear(&self->scratch);
  bool absolute = path[0] == '/';
  if (absolute) strbuf_puts(&self->scratch, "file://");
  report_uri_encode(&self->scratch, path);
  jw_key(w, "artifactLocation");
  jw_object_begin(w);
  jw_kv_string(w, "uri", strbuf_cstr(&self->scratch));
  if (!absolute) jw_kv_string(w, "uriBaseId", "%SRCROOT%");
  jw_object_end(w);
}

/* region members for loc; snippet (the primary line) is sliced to the region. */
static void sarif_region(JsonWriter *w, SrcLoc loc, const char *line_text) {
  uint32_t col = loc.col ? loc.col : 1;
  jw_key(w, "region");
  jw_object_begin(w);
  jw_kv_int(w, "startLine", loc.line);
  jw_kv_int(w, "startColumn", col);
  bool same_line = loc.end_line <= loc.line;
  if (!same_line) jw_kv_int(w, "endLine", loc.end_line);
  if (loc.end_col >= 1 && (!same_line || loc.end_col >= col)) jw_kv_int(w, "endColumn", loc.end_col);
  if (line_text && same_line && loc.end_col > col) {
    Str line = str_from(line_text);
    size_t a = srctext_utf16_to_byte(line, col), b = srctext_utf16_to_byte(line, loc.end_col);
    char *text = xstrndup(line.ptr + a, b - a);
    sarif_text_obj(w, "snippet", text);
    free(text);
  }
  jw_object_end(w);
}

/* contextRegion (the whole line) must be a proper superset of region: only
** for one-line regions that do not already cover the whole line. */
static bool sarif_wants_context(SrcLoc loc, const char *line_text) {
  if (!loc.line || !line_text || !*line_text || loc.end_line > loc.line) return false;
  Str line = str_from(line_text);
  uint32_t line_end = srctext_utf16_col(line, (uint32_t)line.len + 1);
  return (loc.col ? loc.col : 1) > 1 || loc.end_col < line_end;
}

static void sarif_physical(SarifReporter *self, const char *path, SrcLoc loc, const char *line_text) {
  JsonWriter *w = &self->w;
  jw_key(w, "physicalLocation");
  jw_object_begin(w);
  sarif_artifact(self, path);
  if (loc.line) sarif_region(w, loc, line_text);
  if (sarif_wants_context(loc, line_text)) {
    jw_key(w, "contextRegion");
    jw_object_begin(w);
    jw_kv_int(w, "startLine", loc.line);
    sarif_text_obj(w, "snippet", line_text);
    jw_object_end(w);
  }
  jw_object_end(w);
}

/* Section - tool.driver */

static const char *sarif_problem_severity(FindingLevel level) {
  return level == LEVEL_ERROR ? "error" : level == LEVEL_WARNING ? "warning" : "recommendation";
}

/* A descriptor text; SARIF wants none of them empty. */
static void sarif_doc_text(JsonWriter *w, const char *key, const char *text) {
  sarif_text_obj(w, key, text && *text ? text : "(none)");
}

/* "a pooled connection is not released" -> "A pooled connection is not released." */
static void sarif_sentence(StrBuf *out, const char *s) {
  strbuf_clear(out);
  strbuf_puts(out, s ? s : "");
  if (out->len && out->data[0] >= 'a' && out->data[0] <= 'z') out->data[0] = (char)(out->data[0] - 'a' + 'A');
  if (out->len && out->data[out->len - 1] != '.') strbuf_putc(out, '.');
}

static void sarif_rule(SarifReporter *self, const RuleInfo *r) {
  JsonWriter *w = &self->w;
  jw_object_begin(w);
  jw_kv_string(w, "id", r->id);
  jw_kv_string(w, "name", r->name);
  strbuf_clear(&self->scratch);
  report_rule_help_uri(&self->scratch, r->id);
  jw_kv_string(w, "helpUri", strbuf_cstr(&self->scratch));
  sarif_sentence(&self->scratch, r->summary);
  sarif_doc_text(w, "shortDescription", strbuf_cstr(&self->scratch));
  sarif_doc_text(w, "fullDescription", r->description);
  jw_key(w, "help");
  jw_object_begin(w);
  jw_kv_string(w, "text", r->help_text && *r->help_text ? r->help_text : r->description);
  jw_kv_string(w, "markdown", r->help_markdown && *r->help_markdown ? r->help_markdown : r->description);
  jw_object_end(w);
  jw_key(w, "defaultConfiguration");
  jw_object_begin(w);
  jw_kv_string(w, "level", report_level_name(r->default_level));
  jw_object_end(w);
  jw_key(w, "properties");
  jw_object_begin(w);
  jw_key(w, "tags");
  jw_array_begin(w);
  for (const char *const *t = r->tags; t && *t; t++) jw_string(w, *t);
  jw_array_end(w);
  jw_kv_string(w, "precision", r->precision ? r->precision : "medium");
  jw_kv_string(w, "problem.severity", sarif_problem_severity(r->default_level));
  jw_object_end(w);
  jw_object_end(w);
}

static void sarif_note_descriptor(JsonWriter *w, NoteKind k) {
  const NoteInfo *info = note_kind_info(k);
  jw_object_begin(w);
  jw_kv_string(w, "id", note_kind_name(k));
  jw_kv_string(w, "name", info->title);
  sarif_doc_text(w, "shortDescription", info->summary);
  sarif_doc_text(w, "fullDescription", info->description);
  sarif_doc_text(w, "help", info->help);
  jw_key(w, "defaultConfiguration");
  jw_object_begin(w);
  jw_kv_string(w, "level", report_level_name(info->level));
  jw_object_end(w);
  jw_object_end(w);
}

static void sarif_driver(SarifReporter *self) {
  JsonWriter *w = &self->w;
  jw_key(w, "tool");
  jw_object_begin(w);
  jw_key(w, "driver");
  jw_object_begin(w);
  jw_kv_string(w, "name", "txlint");
  jw_kv_string(w, "semanticVersion", self->base.cfg.tool_version);
  jw_kv_string(w, "informationUri", report_information_uri());
  jw_key(w, "rules");
  jw_array_begin(w);
  for (size_t i = 0; i < self->n_rules; i++) sarif_rule(self, self->rules[i]);
  jw_array_end(w);
  jw_key(w, "notifications");
  jw_array_begin(w);
  for (int k = 0; k < NOTE_KIND_COUNT; k++) sarif_note_descriptor(w, (NoteKind)k);
  jw_array_end(w);
  jw_object_end(w);
  jw_object_end(w);
}

static void sarif_begin(Reporter *base) {
  SarifReporter *self = (SarifReporter *)base;
  JsonWriter *w = &self->w;
  jw_object_begin(w);
  jw_kv_string(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  jw_kv_string(w, "version", "2.1.0");
  jw_key(w, "runs");
  jw_array_begin(w);
  jw_object_begin(w);
  sarif_driver(self);
  jw_key(w, "automationDetails");
  jw_object_begin(w);
  jw_kv_string(w, "id", "txlint/");
  jw_object_end(w);
  if (base->cfg.src_root_uri) {
    jw_key(w, "originalUriBaseIds");
    jw_object_begin(w);
    jw_key(w, "%SRCROOT%");
    jw_object_begin(w);
    jw_kv_string(w, "uri", base->cfg.src_root_uri);
    jw_object_end(w);
    jw_object_end(w);
  }
  jw_kv_string(w, "columnKind", "utf16CodeUnits");
  jw_key(w, "results");
  jw_array_begin(w);
}

/* Section - results */

static int sarif_rule_index(const SarifReporter *self, const char *id) {
  for (size_t i = 0; i < self->n_rules; i++)
    if (strcmp(self->rules[i]->id, id) == 0) return (int)i;
  return -1;
}

/* message.text: the finding's message, then links to every related location. */
static void sarif_result_message(SarifReporter *self, const Finding *f) {
  StrBuf *b = &self->scratch;
  strbuf_clear(b);
  sarif_text_escape(b, f->message);
  /* Rule messages carry no final period; end the first sentence before the
  ** links, since GitHub shows only the first sentence when space is short. */
  if (f->n_related) {
    if (b->len && b->data[b->len - 1] != '.') strbuf_putc(b, '.');
    strbuf_puts(b, b->len ? " Related: " : "Related: ");
  }
  for (uint32_t i = 0; i < f->n_related; i++) {
    const char *label = f->related[i].message && *f->related[i].message ? f->related[i].message : "here";
    strbuf_puts(b, i ? ", [" : "[");
    sarif_text_escape(b, label);
    strbuf_printf(b, "](%u)", (unsigned)(i + 1));
  }
  if (f->n_related) strbuf_putc(b, '.');
  sarif_message_raw(&self->w, strbuf_cstr(b));
}

static void sarif_related(SarifReporter *self, const Finding *f) {
  JsonWriter *w = &self->w;
  if (!f->n_related) return;
  jw_key(w, "relatedLocations");
  jw_array_begin(w);
  for (uint32_t i = 0; i < f->n_related; i++) {
    const FindingRelated *r = &f->related[i];
    jw_object_begin(w);
    jw_kv_int(w, "id", i + 1);
    sarif_physical(self, r->path ? r->path : f->path, r->loc, NULL);
    sarif_message(self, r->message && *r->message ? r->message : "here");
    jw_object_end(w);
  }
  jw_array_end(w);
}

static void sarif_step_kinds(JsonWriter *w, StepKind k) {
  static const char *const kinds[][3] = {
      [STEP_ACQUIRE] = {"acquire", "resource", NULL}, [STEP_RELEASE] = {"release", "resource", NULL},
      [STEP_BRANCH_TRUE] = {"branch", "true", NULL},  [STEP_BRANCH_FALSE] = {"branch", "false", NULL},
      [STEP_CALL] = {"call", "function", NULL},       [STEP_THROW] = {"exit", "function", "danger"},
      [STEP_EXIT] = {"exit", "function", NULL},       [STEP_NOTE] = {NULL, NULL, NULL},
  };
  if ((unsigned)k >= sizeof kinds / sizeof kinds[0] || !kinds[k][0]) return;
  jw_key(w, "kinds");
  jw_array_begin(w);
  for (int i = 0; i < 3 && kinds[k][i]; i++) jw_string(w, kinds[k][i]);
  jw_array_end(w);
}

static void sarif_code_flow(SarifReporter *self, const Finding *f) {
  JsonWriter *w = &self->w;
  if (!f->n_steps) return;
  jw_key(w, "codeFlows");
  jw_array_begin(w);
  jw_object_begin(w);
  sarif_message(self, f->message);
  jw_key(w, "threadFlows");
  jw_array_begin(w);
  jw_object_begin(w);
  jw_key(w, "locations");
  jw_array_begin(w);
  for (uint32_t i = 0; i < f->n_steps && i < SARIF_MAX_STEPS; i++) {
    const FindingStep *s = &f->steps[i];
    jw_object_begin(w);
    jw_key(w, "location");
    jw_object_begin(w);
    sarif_physical(self, f->path, s->loc, NULL);
    sarif_message(self, s->message);
    jw_object_end(w);
    sarif_step_kinds(w, s->kind);
    jw_kv_int(w, "nestingLevel", 0);
    jw_kv_int(w, "executionOrder", i + 1);
    jw_kv_string(w, "importance", s->essential ? "essential" : "important");
    jw_object_end(w);
  }
  jw_array_end(w);
  jw_object_end(w);
  jw_array_end(w);
  jw_object_end(w);
  jw_array_end(w);
}

/* fixes (SARIF §3.55): the finding's mechanical repair, one artifactChange
** of the finding's file; an insertion is an empty deletedRegion. */
static void sarif_fixes(SarifReporter *self, const Finding *f) {
  JsonWriter *w = &self->w;
  if (!f->fix || !f->fix->n_edits) return;
  jw_key(w, "fixes");
  jw_array_begin(w);
  jw_object_begin(w);
  sarif_message_obj_key(self, "description", f->fix->description);
  jw_key(w, "artifactChanges");
  jw_array_begin(w);
  jw_object_begin(w);
  sarif_artifact(self, f->path);
  jw_key(w, "replacements");
  jw_array_begin(w);
  for (uint32_t i = 0; i < f->fix->n_edits; i++) {
    const FixEdit *e = &f->fix->edits[i];
    jw_object_begin(w);
    jw_key(w, "deletedRegion");
    jw_object_begin(w);
    jw_kv_int(w, "startLine", e->region.line);
    jw_kv_int(w, "startColumn", e->region.col);
    jw_kv_int(w, "endLine", e->region.end_line);
    jw_kv_int(w, "endColumn", e->region.end_col);
    jw_object_end(w);
    if (e->text && *e->text) sarif_text_obj(w, "insertedContent", e->text);
    jw_object_end(w);
  }
  jw_array_end(w);
  jw_object_end(w);
  jw_array_end(w);
  jw_object_end(w);
  jw_array_end(w);
}

static void sarif_tail(SarifReporter *self, const Finding *f) {
  JsonWriter *w = &self->w;
  char fp[17];
  report_fingerprint(f, fp);
  jw_key(w, "partialFingerprints");
  jw_object_begin(w);
  if (f->line_hash[0]) jw_kv_string(w, "primaryLocationLineHash", f->line_hash);
  jw_kv_string(w, "txlint/v1", fp);
  jw_object_end(w);
  /* Relative to the baseline (SARIF §3.27.24): results the baseline did not
  ** match are "new"; matched ones are only in the log with
  ** --include-baselined. "absent" (fixed since) is never emitted: results are
  ** what the code has now. */
  if (self->base.cfg.baseline_given) jw_kv_string(w, "baselineState", f->is_baselined ? "unchanged" : "new");
  if (!self->base.cfg.include_suppressed) return;
  jw_key(w, "suppressions");
  jw_array_begin(w);
  if (f->is_suppressed) {
    jw_object_begin(w);
    jw_kv_string(w, "kind", "inSource");
    if (f->suppressed && *f->suppressed) jw_kv_string(w, "justification", f->suppressed);
    jw_object_end(w);
  }
  jw_array_end(w);
}

static void sarif_finding(Reporter *base, const Finding *f) {
  SarifReporter *self = (SarifReporter *)base;
  JsonWriter *w = &self->w;
  int index = sarif_rule_index(self, f->rule_id);
  jw_object_begin(w);
  jw_kv_string(w, "ruleId", f->rule_id);
  if (index >= 0) jw_kv_int(w, "ruleIndex", index);
  jw_kv_string(w, "level", report_level_name(f->level));
  sarif_result_message(self, f);
  jw_key(w, "locations");
  jw_array_begin(w);
  jw_object_begin(w);
  sarif_physical(self, f->path, f->loc, f->snippet);
  if (f->function && *f->function) {
    jw_key(w, "logicalLocations");
    jw_array_begin(w);
    jw_object_begin(w);
    jw_kv_string(w, "name", f->function);
    jw_kv_string(w, "kind", "function");
    jw_object_end(w);
    jw_array_end(w);
  }
  jw_object_end(w);
  jw_array_end(w);
  sarif_related(self, f);
  sarif_code_flow(self, f);
  sarif_fixes(self, f);
  sarif_tail(self, f);
  jw_object_end(w);
}

/* Section - invocation */

static void sarif_open_invocation(SarifReporter *self) {
  JsonWriter *w = &self->w;
  if (self->in_notifications) return;
  self->in_notifications = true;
  jw_array_end(w); /* results */
  jw_key(w, "invocations");
  jw_array_begin(w);
  jw_object_begin(w);
  jw_key(w, "toolExecutionNotifications");
  jw_array_begin(w);
}

static void sarif_notification(Reporter *base, const Notification *n) {
  SarifReporter *self = (SarifReporter *)base;
  JsonWriter *w = &self->w;
  sarif_open_invocation(self);
  jw_object_begin(w);
  jw_kv_string(w, "level", report_level_name(note_kind_level(n->kind)));
  jw_key(w, "descriptor");
  jw_object_begin(w);
  jw_kv_string(w, "id", note_kind_name(n->kind));
  jw_kv_int(w, "index", (int64_t)n->kind);
  jw_object_end(w);
  sarif_message_ex(self, n->path, n->message);
  if (n->path) {
    jw_key(w, "locations");
    jw_array_begin(w);
    jw_object_begin(w);
    sarif_physical(self, n->path, n->at, NULL);
    jw_object_end(w);
    jw_array_end(w);
  }
  jw_object_end(w);
}

static bool sarif_end(Reporter *base, const RunSummary *s) {
  SarifReporter *self = (SarifReporter *)base;
  JsonWriter *w = &self->w;
  sarif_open_invocation(self);
  jw_array_end(w); /* toolExecutionNotifications */
  jw_kv_bool(w, "executionSuccessful", s->execution_successful);
  jw_object_end(w);
  jw_array_end(w); /* invocations */
  jw_object_end(w); /* run */
  jw_array_end(w);  /* runs */
  jw_object_end(w);
  return jw_finish(w);
}

static void sarif_destroy(Reporter *base) {
  SarifReporter *self = (SarifReporter *)base;
  strbuf_fini(&self->scratch);
  free(self->rules);
  free(self);
}

static const ReporterVtbl sarif_vtbl = {sarif_begin, sarif_finding, sarif_notification, sarif_end, sarif_destroy};

Reporter *report_sarif_new(FILE *out, const ReportConfig *cfg) {
  SarifReporter *self = xcalloc(1, sizeof *self);
  self->base.vt = &sarif_vtbl;
  self->base.out = out;
  self->base.cfg = *cfg;
  jw_init_file(&self->w, out, true);
  strbuf_init(&self->scratch);
  size_t n = 0;
  const RuleInfo *const *infos = registry_rule_infos(&n);
  self->rules = xcalloc(n ? n : 1, sizeof *self->rules);
  for (size_t i = 0; i < n; i++) {
    if (infos[i]->maturity == MATURITY_DEBUG && !cfg->debug_rules) continue;
    self->rules[self->n_rules++] = infos[i];
  }
  return &self->base;
}
