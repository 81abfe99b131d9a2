/* report: the reporters (text, gcc, json, sarif) behind one vtable. The
** driver hands them a finished, sorted run: begin, every finding, every
** notification, end. Reporters see only findings, notifications and rule
** metadata from the registry, never IR. */
#ifndef TXLINT_REPORT_REPORT_H
#define TXLINT_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "engine/finding.h"

typedef enum ReportFormat { FORMAT_TEXT, FORMAT_GCC, FORMAT_JSON, FORMAT_SARIF, FORMAT_GITHUB } ReportFormat;

/* A problem with the input, not with the code: a file that could not be read
** or parsed completely (SARIF toolExecutionNotifications). */
typedef struct Notification {
  NoteKind kind;
  const char *path;    /* relative path, or NULL for the run as a whole */
  SrcLoc at;           /* line 0 = the whole file; columns in UTF-16 code units */
  const char *message; /* borrowed */
} Notification;

typedef struct RunSummary {
  uint32_t files_discovered;
  uint32_t files_analyzed;     /* read and checked (including files the prefilter ruled out) */
  uint32_t n_findings;         /* findings reported (suppressed ones only with include_suppressed) */
  uint32_t n_notifications;
  bool execution_successful;   /* false when some file could not be analysed completely */
  uint32_t n_baselined;        /* findings matched by the baseline (reported only with include_baselined) */
  uint32_t files_parsed;       /* handed to a front end: not ruled out by the prefilter, and not a
                                  header analysed through the files that include it */
  uint32_t headers_parsed_alone; /* of files_parsed: C headers no parsed file includes */
  uint32_t files_context;      /* analysed only as the context of reported files (a named file's
                                  project, generated code), never reported */
  uint32_t files_prefiltered;  /* of files_analyzed: read but never parsed, the prefilter showed
                                  nothing a rule could react to (not a C header analysed through
                                  the files that include it) */
} RunSummary;

typedef struct ReportConfig {
  const char *tool_version;  /* "0.1.0" */
  const char *src_root_uri;  /* "file:///abs/cwd/" (ends with '/'), or NULL to omit */
  bool include_suppressed;   /* suppressed findings are in the stream; SARIF gets suppressions */
  bool color;                /* ANSI colour (text format only) */
  bool debug_rules;          /* list debug rules in SARIF tool.driver.rules too */
  bool baseline_given;       /* a baseline was applied: SARIF results get baselineState */
} ReportConfig;

typedef struct Reporter Reporter;

typedef struct ReporterVtbl {
  void (*begin)(Reporter *self);
  void (*finding)(Reporter *self, const Finding *f);
  void (*notification)(Reporter *self, const Notification *n);
  /* Returns false when writing failed (the sticky error of the writer). */
  bool (*end)(Reporter *self, const RunSummary *summary);
  void (*destroy)(Reporter *self);
} ReporterVtbl;

struct Reporter {
  const ReporterVtbl *vt;
  FILE *out;          /* borrowed */
  ReportConfig cfg;   /* strings borrowed */
  bool io_error;      /* sticky: a write to out failed */
};

/* Returns a reporter for fmt writing to out (borrowed), owned by the caller
** (report_delete). */
Reporter *report_new(ReportFormat fmt, FILE *out, const ReportConfig *cfg);
/* NULL-safe. */
void report_delete(Reporter *self);

/* Parses "text" | "gcc" | "json" | "sarif" | "github". */
bool report_format_parse(const char *name, ReportFormat *out);

/* Section - shared helpers */

/* "error" | "warning" | "note". */
const char *report_level_name(FindingLevel level);
/* What reporters say about a kind of notification (SARIF descriptors). */
typedef struct NoteInfo {
  FindingLevel level;      /* error exactly for the kinds note_kind_is_error names */
  const char *title;       /* static: PascalCase name */
  const char *summary;     /* static: one sentence */
  const char *description; /* static: what it means for the results */
  const char *help;        /* static: what to do */
} NoteInfo;

/* Returns the static row for kind (a generic error row for an unknown kind). */
const NoteInfo *note_kind_info(NoteKind kind);
/* The level a notification of this kind is reported with. */
FindingLevel note_kind_level(NoteKind kind);
/* The "txlint/v1" semantic fingerprint of f (rule, path, function, subject;
** no line numbers) as 16 hex digits into buf[17]. */
void report_fingerprint(const Finding *f, char buf[17]);
/* Appends path as a URI reference: unreserved characters and '/' kept, every
** other byte percent-encoded (so a ':' never reads as a scheme). */
void report_uri_encode(StrBuf *out, const char *path);
/* The tool's informationUri: TXLINT_HOME_URL + "README.md" (static). */
const char *report_information_uri(void);
/* Appends rule_id's documentation URI: TXLINT_HOME_URL + "docs/rules/<id>.md". */
void report_rule_help_uri(StrBuf *out, const char *rule_id);
/* Lower-case name of a step kind as used by the json format ("acquire"). */
const char *report_step_kind_name(StepKind kind);

/* Constructors for each format (report_new dispatches). */
Reporter *report_text_new(FILE *out, const ReportConfig *cfg, bool gcc_only);
Reporter *report_json_new(FILE *out, const ReportConfig *cfg);
Reporter *report_sarif_new(FILE *out, const ReportConfig *cfg);
Reporter *report_github_new(FILE *out, const ReportConfig *cfg);
/* Appends s escaped for a GitHub workflow command (the message: `%`, CR, LF;
** a property value also `:` and `,`). */
void report_github_escape(StrBuf *out, const char *s, bool property);

#endif
