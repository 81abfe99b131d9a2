/* run_int: the private state of one driver run (struct Run) and of each
** file it discovered (FileJob), shared by the files that implement the run:
** driver.c (the phases), run_unused.c (suppressions that silence nothing).
** Not part of the driver's API (driver.h). */
#ifndef TXLINT_DRIVER_RUN_INT_H
#define TXLINT_DRIVER_RUN_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "driver/driver.h"
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
#include "ir/ir_print.h"
#include "rules/registry.h"

typedef enum JobState {
  JOB_UNREAD,      /* could not be read (or binary, too large): not analysed */
  JOB_FILTERED,    /* read; the prefilter shows nothing a rule could react to */
  JOB_WANTED,      /* read; to be parsed and analysed */
  JOB_SKIPPED,     /* read; minified or bundled: not analysed (generated.h) */
  JOB_UNNEEDED,    /* read and wanted, but no reported file needs it (context.h): not analysed */
} JobState;

/* Everything the run keeps about one discovered file. Each job is touched by
** one worker at a time, so no locking is needed. */
typedef struct FileJob {
  const SourceFile *file;   /* borrowed from the discovery */
  JobState state;
  Arena *arena;             /* owned: import specifiers and note messages */
  ARRAY(const char *) imports; /* in arena: relative specifiers (JS/TS), import paths (Go) */
  ARRAY(bool) imports_type_only; /* per import: a TypeScript type-only import (no run-time edge) */
  ARRAY(const uint32_t *) import_names; /* per import: the names a TypeScript `import { … }` takes, as
                                          map_hash values after their count (arena), or NULL for
                                          another form or language */
  ARRAY(uint32_t) ts_type_names; /* heap, TS: hashes of the names this file declares only as
                                    interfaces, type aliases or enums, sorted (lexscan_ts_declared_names) */
  ARRAY(uint32_t) deps;     /* heap: indexes of wanted jobs this one imports */
  uint32_t level;
  uint32_t go_leader;       /* Go: the first file (path order) of its directory, which
                               analyses the whole directory as one item; else itself */
  const char *go_import_path; /* Go leaders: the directory's import path (gomod), or NULL */
  ModuleSummary *go_package;  /* Go leaders: the package's facts, owned until published */
  bool analyzed;            /* lowered and analysed (possibly with notes) */
  CompileFlags cflags;      /* C: the file's compile flags (borrowed from the run's CompDbs) */
  bool has_findings;        /* findings is initialised */
  FindingList findings;
  ModuleSummary *summary;   /* owned until published */
  ARRAY(Notification) notes; /* heap; strings in arena */
  ARRAY(Notification) unmodelled; /* heap: imports of database libraries no model describes
                                    (message = the library's name, borrowed from the engine) */
  bool reported;            /* its findings and notifications are reported (not context, not generated) */
  bool generated;           /* generated code (generated.h): analysed as context only */
  bool is_override;         /* its text is the DriverOverride's, not the disk's */
  bool test_support;        /* a Go test-support package's file (testsupport.h): test code */
  bool has_directives;      /* its text holds "txlint-": maybe suppression comments (suppress.h) */
  bool has_unused;          /* unused is initialised */
  FindingList unused;       /* unused-suppression findings (run_check_suppressions) */
  bool names_model;         /* JS/TS: its own text has a prefilter word or a modelled import (jsreach.h) */
  uint64_t src_len;         /* bytes read by the scan: the scheduling weight (order_largest_first) */
  uint64_t analysed_len;    /* the text the analysis read (its length and hash): a later re-read */
  uint32_t analysed_hash;   /* for project findings must find the same text (run_same_text) */
  ARRAY(FileNote) header_notes; /* heap; strings in arena: C notes located in a header it includes
                                   (byte columns), reported once a run (headernotes.c) */
  bool declares_keys;       /* JS/TS: may declare unique keys through an ORM (schema_source_may_declare) */
  ARRAY(Notification) undeclared; /* heap; strings in arena: C functions called undeclared (message:
                                     the name), reported once a run (undeclared.c) */
} FileJob;

typedef struct SortedFinding {
  const Finding *f;
  uint32_t job, index; /* tie-break: where it came from */
  FindingLevel fail_on; /* the level from which it fails the run (its file's failOn, or --fail-on) */
} SortedFinding;

struct Run {
  DriverOptions opts;
  char cwd[PATH_MAX];
  Discovery disc;
  bool have_disc;
  FileJob *jobs;            /* heap, one per discovered file, in path order */
  uint32_t n_jobs;
  Engine *engine;
  Project *project;
  WorkPool *pool;
  FrontEnd **fes;           /* heap: one per worker */
  int n_workers;
  const uint32_t *level_items; /* the batch being analysed (borrowed) */
  ARRAY(char *) go_paths;   /* heap: the models' prefilter import paths (Go prefilter; C headers) */
  GoModIndex gomod;         /* Go import paths of directories */
  bool have_gomod;
  ARRAY(char *) c_prefixes; /* heap: the C models' function name prefixes (C prefilter) */
  CUnitFile *cunits;        /* heap, one per job (used for C files): the C scan (cunits.h) */
  CompDbs compdbs;          /* compile_commands.json lookups */
  bool have_compdbs;
  uint32_t c_dirs_inferred; /* C files parsed with default flags given project include directories */
  Map real_to_rel;          /* heap map: discovered real path → relative path (project headers) */
  Map rel_to_real;          /* heap map: relative path → real path (reading a header's text) */
  ConfigSet *configs;       /* each path's configuration: opts.configs, or own_configs */
  ConfigSet own_configs;    /* around opts.config when no ConfigSet was given */
  bool have_own_configs;
  ARRAY(const char *) engine_rules; /* heap, NULL-terminated: the rules some configuration runs */
  Map job_of_path;          /* heap map: relative path → job index + 1 */
  Arena *out_arena;         /* owned: display paths and run-wide messages */
  uint32_t n_imported;      /* files read only because a file imports them (run_scan) */
  uint32_t n_js_unreached;  /* JS/TS files with imports the transitive prefilter ruled out (run_prune_js) */
  const char *const *selected_rules; /* the rules the engine runs (NULL-terminated), or NULL: all */
  Baseline baseline;        /* the --baseline file's entries (when have_baseline) */
  bool have_baseline;
  FindingList project_findings; /* the project phase's findings (engine_run_project_rules) */
  bool have_project_findings;
  ARRAY(const Finding *) out_findings; /* heap */
  ARRAY(const Finding *) out_current;  /* heap */
  ARRAY(Notification) out_notes;       /* heap */
  RunOutput out;
  Schema *schema;           /* owned: the unique keys of the scanned trees' schema files, or NULL */
};

/* Loads a job's text: from the disk, or the override's buffer (driver.c). */
bool run_read(const Run *self, const FileJob *job, FileCtx *fx, bool note_utf8);
/* The job of a relative path, or NULL (driver.c). */
const FileJob *run_job_by_path(const Run *self, const char *rel_path);
/* A path as the reports show it: relative to the working directory (driver.c). */
const char *run_display_path(Run *self, const char *rel_path);
/* Reports the suppression comments that silence nothing as note-level
** findings of each file (run_unused.c). */
void run_check_suppressions(Run *self);
/* Adds to out_notes one notification per header location, kind and message
** that the reported C files' translation units hit, with how many of them
** did and the first one (headernotes.c). */
void run_note_headers(Run *self);
/* Adds one notification that counts the functions the reported C files
** called with no declaration in scope (undeclared.c). */
void run_note_undeclared(Run *self);

#endif
