/* driver: one run of txlint over the command line's paths: discovery, a
** lexical scan (prefilter + relative imports → dependency levels), parallel
** analysis level by level, and the finished, sorted output (findings with
** snippets, UTF-16 columns, line hashes and suppressions; notifications).
** The CLI hands the output to a reporter. */
#ifndef TXLINT_DRIVER_DRIVER_H
#define TXLINT_DRIVER_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "driver/config.h"
#include "engine/finding.h"
#include "report/report.h"

enum { DRIVER_DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024 };

typedef struct DriverOptions {
  const char *const *paths;     /* borrowed */
  size_t n_paths;
  int jobs;                     /* worker threads, >= 1 */
  const char *models_dir;       /* borrowed */
  const char *const *only_rules; /* borrowed, NULL-terminated; NULL = all non-debug rules */
  bool include_suppressed;      /* keep suppressed findings in the output */
  bool enable_debug_rules;      /* the debug-probe rule (tests); also turns the prefilter off */
  bool no_prefilter;            /* parse every file */
  size_t max_file_size;         /* bytes; 0 = the default */
  const Config *config;         /* borrowed; NULL = none: ignore patterns, extra models, rule levels */
  const char *baseline;         /* borrowed; NULL = none: a --baseline file */
  bool include_baselined;       /* keep findings the baseline matched in the output */
  const char *compile_db;       /* borrowed: -p, a directory holding compile_commands.json (or the
                                   file); NULL = the nearest one upward of each C file */
  const char *const *c_extra_args; /* borrowed: --extra-arg, appended to every C file's arguments */
  uint32_t n_c_extra_args;
  /* Content override (--stdin-filename, the language server): the file at
  ** override_path (as given; compared by its real path) is read as
  ** override_text instead of its bytes on disk, everywhere the run reads it. */
  const char *override_path;    /* borrowed; NULL = none */
  const char *override_text;    /* borrowed */
  size_t override_len;
} DriverOptions;

typedef enum DriverStatus {
  DRIVER_OK,       /* the run finished (findings and notifications may exist) */
  DRIVER_USAGE,    /* a path does not exist, no input files, bad models, a bad baseline */
  DRIVER_INTERNAL, /* the front end's grammars do not load */
} DriverStatus;

typedef struct RunOutput {
  const Finding *const *findings;   /* sorted (finding_compare); borrowed from the run */
  uint32_t n_findings;
  const Finding *const *current;    /* every unsuppressed finding, baselined or not, sorted
                                       (what --write-baseline records); borrowed from the run */
  uint32_t n_current;
  const Notification *notifications; /* sorted by path, line, column, kind */
  uint32_t n_notifications;
  const char *const *warnings;      /* messages for stderr (skipped explicit files) */
  uint32_t n_warnings;
  RunSummary summary;
} RunOutput;

typedef struct Run Run;

/* Returns a run owned by the caller (run_delete); options are copied, the
** strings they point to are borrowed. */
Run *run_new(const DriverOptions *opts);
/* NULL-safe. */
void run_delete(Run *self);
/* Runs the whole analysis. On failure writes a message to err. */
DriverStatus run_execute(Run *self, char *err, size_t err_len);
/* The output of a successful run_execute (borrowed from self). */
const RunOutput *run_output(const Run *self);

/* Lowers one file and prints its IR into out (--dump-ir). Returns false
** with a message in err when the file cannot be read or has an unknown type. */
bool driver_dump_ir(const char *path, StrBuf *out, char *err, size_t err_len);

/* Number of CPUs this process may run on (sched_getaffinity), at least 1. */
int driver_default_jobs(void);

#endif
