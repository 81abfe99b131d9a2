/* github reporter: GitHub Actions workflow commands, one per finding
** (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which
** the runner turns into annotations on the changed files: inline results for
** repositories without code scanning, and readable CI logs. Levels map to
** ::error, ::warning and ::notice. Values are escaped as the runner's
** toolkit does (actions/toolkit command.ts): in the message `%`, CR and LF;
** in properties also `:` and `,`. Columns are UTF-16 code units, as in
** SARIF (what GitHub's editor counts). */
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "report/report.h"

typedef struct GithubReporter {
  Reporter base;
  StrBuf line; /* one command, built then written */
} GithubReporter;

/* Appends s escaped for a workflow command: `%`, CR, LF always; `:` and `,`
** too for a property value. */
void report_github_escape(StrBuf *out, const char *s, bool property) {
  for (const char *p = s ? s : ""; *p; p++) {
    switch (*p) {
      case '%': strbuf_puts(out, "%25"); break;
      case '\r': strbuf_puts(out, "%0D"); break;
      case '\n': strbuf_puts(out, "%0A"); break;
      case ':': strbuf_puts(out, property ? "%3A" : ":"); break;
      case ',': strbuf_puts(out, property ? "%2C" : ","); break;
      default: strbuf_putc(out, *p);
    }
  }
}

static const char *github_command(FindingLevel level) {
  return level == LEVEL_ERROR ? "error" : level == LEVEL_WARNING ? "warning" : "notice";
}

/* `::CMD file=…,line=…,col=…[,endLine=…][,endColumn=…],title=…::` */
static void github_head(StrBuf *b, const char *cmd, const char *path, SrcLoc loc, const char *title) {
  strbuf_printf(b, "::%s ", cmd);
  if (path) {
    strbuf_puts(b, "file=");
    report_github_escape(b, path, true);
    strbuf_putc(b, ',');
  }
  if (loc.line) {
    uint32_t col = loc.col ? loc.col : 1;
    strbuf_printf(b, "line=%u,col=%u,", (unsigned)loc.line, (unsigned)col);
    uint32_t end_line = loc.end_line > loc.line ? loc.end_line : loc.line;
    if (end_line != loc.line) strbuf_printf(b, "endLine=%u,", (unsigned)end_line);
    /* GitHub applies columns only to a one-line range. */
    else if (loc.end_col > col) strbuf_printf(b, "endLine=%u,endColumn=%u,", (unsigned)end_line, (unsigned)loc.end_col);
  }
  strbuf_puts(b, "title=");
  report_github_escape(b, title, true);
  strbuf_puts(b, "::");
}

static void github_flush(GithubReporter *self) {
  strbuf_putc(&self->line, '\n');
  if (fwrite(self->line.data, 1, self->line.len, self->base.out) != self->line.len) self->base.io_error = true;
  strbuf_clear(&self->line);
}

/* The message, then the leaking path (or the related locations) as further
** lines, which the annotation shows under it. */
static void github_finding(Reporter *base, const Finding *f) {
  GithubReporter *self = (GithubReporter *)base;
  StrBuf *b = &self->line;
  StrBuf title;
  strbuf_init(&title);
  strbuf_printf(&title, "txlint %s%s", f->rule_id,
                f->is_suppressed ? " (suppressed)" : f->is_baselined ? " (baselined)" : "");
  /* A silenced or accepted finding is shown, but never as an error. */
  FindingLevel level = f->is_suppressed || f->is_baselined ? LEVEL_NOTE : f->level;
  github_head(b, github_command(level), f->path, f->loc, strbuf_cstr(&title));
  strbuf_fini(&title);
  report_github_escape(b, f->message, false);
  for (uint32_t i = 0; i < f->n_steps; i++) {
    strbuf_printf(b, "%%0A%u:%u: ", (unsigned)f->steps[i].loc.line, (unsigned)(f->steps[i].loc.col ? f->steps[i].loc.col : 1));
    report_github_escape(b, f->steps[i].message, false);
  }
  for (uint32_t i = 0; f->n_steps == 0 && i < f->n_related; i++) {
    const FindingRelated *r = &f->related[i];
    strbuf_puts(b, "%0A");
    if (r->path && f->path && strcmp(r->path, f->path) != 0) {
      report_github_escape(b, r->path, false);
      strbuf_putc(b, ':');
    }
    strbuf_printf(b, "%u:%u: ", (unsigned)r->loc.line, (unsigned)(r->loc.col ? r->loc.col : 1));
    report_github_escape(b, r->message, false);
  }
  github_flush(self);
}

/* Input problems the log should show (the same ones the CLI prints on
** stderr): errors, warnings, and the note that a library went unchecked. */
static void github_notification(Reporter *base, const Notification *n) {
  GithubReporter *self = (GithubReporter *)base;
  FindingLevel level = note_kind_level(n->kind);
  if (level == LEVEL_NOTE && n->kind != NOTE_UNMODELLED_LIBRARY) return;
  StrBuf title;
  strbuf_init(&title);
  strbuf_printf(&title, "txlint %s", note_kind_name(n->kind));
  github_head(&self->line, github_command(level), n->path, n->at, strbuf_cstr(&title));
  strbuf_fini(&title);
  report_github_escape(&self->line, n->message, false);
  github_flush(self);
}

static void github_begin(Reporter *base) { (void)base; }

static bool github_end(Reporter *base, const RunSummary *summary) {
  (void)summary;
  if (fflush(base->out) != 0) base->io_error = true;
  return !base->io_error;
}

static void github_destroy(Reporter *base) {
  GithubReporter *self = (GithubReporter *)base;
  strbuf_fini(&self->line);
  free(self);
}

static const ReporterVtbl github_vtbl = {github_begin, github_finding, github_notification, github_end,
                                         github_destroy};

Reporter *report_github_new(FILE *out, const ReportConfig *cfg) {
  GithubReporter *self = xcalloc(1, sizeof *self);
  self->base.vt = &github_vtbl;
  self->base.out = out;
  self->base.cfg = *cfg;
  self->base.cfg.color = false;
  strbuf_init(&self->line);
  return &self->base;
}
