/* options: argv → CliOptions. Long options take their value as
** --opt=VALUE or --opt VALUE; -f, -o and -j also as -fjson / -oFILE / -j4;
** "--" ends the options. Parsing only checks syntax; main.c checks meaning
** (rule ids, paths). */
#ifndef TXLINT_CLI_OPTIONS_H
#define TXLINT_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/array.h"
#include "engine/finding.h"
#include "report/report.h"

typedef enum ColorMode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } ColorMode;

/* One more report of the same run: `-f FORMAT=FILE`. */
typedef struct OutputSpec {
  ReportFormat format;
  const char *path; /* borrowed from argv */
} OutputSpec;

typedef struct CliOptions {
  ReportFormat format;
  const char *output;       /* borrowed from argv; NULL = stdout */
  int jobs;                 /* 0 = the CPUs this process may use */
  bool list_rules, version, help;
  const char *explain;      /* borrowed: a rule id */
  const char *dump_ir;      /* borrowed: a file */
  ColorMode color;
  FindingLevel fail_on;     /* findings at or above this level make the exit status 1 */
  bool fail_on_set;         /* --fail-on was given (it overrides the configuration's failOn) */
  bool exit_zero;           /* findings never make the exit status non-zero */
  const char *models_dir;   /* borrowed; NULL = $TXLINT_MODELS_DIR or the built-in directory */
  bool include_suppressed;
  bool debug_rules;         /* hidden: enable the debug-probe rule (fixture tests) */
  bool no_prefilter;
  bool no_context;          /* --no-context: named files are analysed without their project context */
  const char *config;       /* borrowed: --config FILE; NULL = look for .txlint.json */
  bool no_config, print_config;
  const char *baseline;     /* borrowed: --baseline FILE */
  const char *write_baseline; /* borrowed: --write-baseline FILE */
  bool include_baselined;
  const char *compile_db;   /* borrowed: -p DIR (C compile_commands.json); NULL = search upward */
  ARRAY(const char *) extra_args; /* heap; strings borrowed from argv: --extra-arg, in order */
  ARRAY(const char *) rules; /* heap; strings borrowed from argv; NULL-terminated when non-empty */
  ARRAY(const char *) paths; /* heap; strings borrowed from argv */
  ARRAY(OutputSpec) extra_outputs; /* heap: each -f FORMAT=FILE, in order */
  const char *stdin_filename; /* borrowed: --stdin-filename PATH (the buffer on stdin is PATH) */
} CliOptions;

/* Parses argv into self (initialised here; cli_options_fini frees it).
** Returns false with a message in err on a usage error. */
bool cli_options_parse(CliOptions *self, int argc, char **argv, char *err, size_t err_len);
void cli_options_fini(CliOptions *self);
/* The --help text. */
extern const char cli_usage_text[];

#endif
