/* text and gcc reporters: GCC's `path:line:col: level: message [rule]`
** (what editors' quickfix lists parse). text adds the source line with a
** caret under the primary range, the path steps as `note:` lines and a
** closing count; gcc prints the first line only. text columns are UTF-16
** code units, the same as in SARIF; gcc columns are bytes, as gcc and clang
** print them (what Vim's and Emacs's column jumps count). */
#include <string.h>

#include "base/xalloc.h"
#include "report/report.h"
#include "report/srctext.h"

typedef struct TextReporter {
  Reporter base;
  bool gcc_only;
  uint32_t n_by_level[3]; /* indexed by FindingLevel */
  uint32_t n_baselined_shown; /* baselined findings in the stream (--include-baselined) */
} TextReporter;

#define C_BOLD "\033[1m"
#define C_RESET "\033[0m"
#define C_GREEN "\033[1;32m"
#define C_CYAN "\033[1;36m"

static const char *text_level_color(FindingLevel level) {
  switch (level) {
    case LEVEL_ERROR: return "\033[1;31m";
    case LEVEL_WARNING: return "\033[1;35m";
    case LEVEL_NOTE: return C_CYAN;
  }
  return "";
}

static void text_puts(TextReporter *self, const char *s) {
  if (fputs(s, self->base.out) == EOF) self->base.io_error = true;
}

static void text_color(TextReporter *self, const char *code) {
  if (self->base.cfg.color) text_puts(self, code);
}

/* One `path:line:col: level: message` head line, without the newline. */
static void text_head(TextReporter *self, const char *path, SrcLoc loc, FindingLevel level, const char *msg) {
  char pos[64];
  text_color(self, C_BOLD);
  text_puts(self, path ? path : "<unknown>");
  if (loc.line) {
    snprintf(pos, sizeof pos, ":%u:%u", (unsigned)loc.line, (unsigned)(loc.col ? loc.col : 1));
    text_puts(self, pos);
  }
  text_puts(self, ": ");
  text_color(self, C_RESET);
  text_color(self, text_level_color(level));
  text_puts(self, report_level_name(level));
  text_puts(self, ": ");
  text_color(self, C_RESET);
  text_puts(self, msg ? msg : "");
}

/* The snippet, then spaces (tabs kept, so the caret lines up) and ^~~~. */
static void text_caret(TextReporter *self, const Finding *f) {
  Str line = str_from(f->snippet);
  size_t start = srctext_utf16_to_byte(line, f->loc.col);
  size_t end = f->loc.end_line == f->loc.line && f->loc.end_col > f->loc.col
                   ? srctext_utf16_to_byte(line, f->loc.end_col)
                   : start + 1;
  text_puts(self, "  ");
  text_puts(self, f->snippet);
  text_puts(self, "\n  ");
  for (size_t i = 0; i < start; i++) {
    unsigned char c = (unsigned char)line.ptr[i];
    if (c == '\t') text_puts(self, "\t");
    else if ((c & 0xC0) != 0x80) text_puts(self, " "); /* one column per code point */
  }
  text_color(self, C_GREEN);
  text_puts(self, "^");
  for (size_t i = start + 1; i < end && i < line.len; i++) {
    if (((unsigned char)line.ptr[i] & 0xC0) != 0x80) text_puts(self, "~");
  }
  text_color(self, C_RESET);
  text_puts(self, "\n");
}

static void text_finding(Reporter *base, const Finding *f) {
  TextReporter *self = (TextReporter *)base;
  if (f->level <= LEVEL_ERROR) self->n_by_level[f->level]++;
  SrcLoc head = f->loc;
  if (self->gcc_only && f->snippet) head.col = srctext_byte_col(str_from(f->snippet), head.col);
  text_head(self, f->path, head, f->level, f->message);
  text_puts(self, " [");
  text_puts(self, f->rule_id);
  text_puts(self, f->is_suppressed ? ", suppressed]\n" : f->is_baselined ? ", baselined]\n" : "]\n");
  self->n_baselined_shown += f->is_baselined;
  if (self->gcc_only) return;
  if (f->snippet && f->loc.line) text_caret(self, f);
  for (uint32_t i = 0; i < f->n_steps; i++) {
    text_head(self, f->path, f->steps[i].loc, LEVEL_NOTE, f->steps[i].message);
    text_puts(self, "\n");
  }
  if (f->n_steps == 0) {
    for (uint32_t i = 0; i < f->n_related; i++) {
      const FindingRelated *r = &f->related[i];
      text_head(self, r->path ? r->path : f->path, r->loc, LEVEL_NOTE, r->message);
      text_puts(self, "\n");
    }
  }
}

static void text_notification(Reporter *base, const Notification *n) {
  (void)base; /* notifications go to stderr (the CLI), so they are not repeated here */
  (void)n;
}

static void text_begin(Reporter *base) { (void)base; }

static bool text_end(Reporter *base, const RunSummary *summary) {
  TextReporter *self = (TextReporter *)base;
  if (!self->gcc_only && summary->n_findings > 0) {
    char line[256], context[80] = "";
    if (summary->files_context)
      snprintf(context, sizeof context, " (and %u more for their context)", (unsigned)summary->files_context);
    snprintf(line, sizeof line, "\n%u finding%s (%u error%s, %u warning%s, %u note%s) in %u file%s analysed%s.\n",
             (unsigned)summary->n_findings, summary->n_findings == 1 ? "" : "s",
             (unsigned)self->n_by_level[LEVEL_ERROR], self->n_by_level[LEVEL_ERROR] == 1 ? "" : "s",
             (unsigned)self->n_by_level[LEVEL_WARNING], self->n_by_level[LEVEL_WARNING] == 1 ? "" : "s",
             (unsigned)self->n_by_level[LEVEL_NOTE], self->n_by_level[LEVEL_NOTE] == 1 ? "" : "s",
             (unsigned)summary->files_analyzed, summary->files_analyzed == 1 ? "" : "s", context);
    text_puts(self, line);
  }
  /* Baselined findings are in the stream only with --include-baselined. */
  uint32_t shown = self->n_baselined_shown, hidden = summary->n_baselined > shown ? summary->n_baselined - shown : 0;
  if (!self->gcc_only && hidden > 0) {
    char line[160];
    snprintf(line, sizeof line, "%s%u finding%s matched the baseline and %s not shown.\n",
             summary->n_findings > 0 ? "" : "No new findings; ", (unsigned)hidden, hidden == 1 ? "" : "s",
             hidden == 1 ? "is" : "are");
    text_puts(self, line);
  }
  if (fflush(self->base.out) != 0) self->base.io_error = true;
  return !self->base.io_error;
}

static void text_destroy(Reporter *base) { free(base); }

static const ReporterVtbl text_vtbl = {text_begin, text_finding, text_notification, text_end, text_destroy};

Reporter *report_text_new(FILE *out, const ReportConfig *cfg, bool gcc_only) {
  TextReporter *self = xcalloc(1, sizeof *self);
  self->base.vt = &text_vtbl;
  self->base.out = out;
  self->base.cfg = *cfg;
  if (gcc_only) self->base.cfg.color = false; /* machine format: never decorated */
  self->gcc_only = gcc_only;
  return &self->base;
}
