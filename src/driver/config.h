/* config: the project configuration file, .txlint.json. Each analysed path
** uses the nearest one at or above its directory (stopping at the repository
** top, a directory with a .git entry, or at the filesystem root) unless
** --config names one for every path (driver/configset.h). It enables and
** disables rules, sets their levels, ignores paths, re-includes paths that
** discovery skips by default and adds API model files for the project's own
** wrappers. Unknown keys, unknown rule ids and values of the wrong type are
** errors naming the file and the key. */
#ifndef TXLINT_DRIVER_CONFIG_H
#define TXLINT_DRIVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/strbuf.h"
#include "engine/finding.h"

#define CONFIG_FILE_NAME ".txlint.json"

typedef struct ConfigRule {
  const char *id;     /* in the config's arena; a registered rule id */
  bool off;           /* "off": the rule does not run */
  FindingLevel level; /* when !off: the level its findings are reported with */
  uint32_t options;   /* bit i: the rule's option i (RuleInfo.options) is on */
} ConfigRule;

/* How findings in test files (the "tests" key) and in scripts, CLI tools,
** migrations and seeds (the "scripts" key) are reported. */
typedef enum TestsMode {
  TESTS_LEVEL, /* at tests_level (the default: note) */
  TESTS_LOWER, /* one level below the rule's (error → warning → note) */
  TESTS_SAME,  /* as anywhere else */
  TESTS_OFF,   /* not at all */
} TestsMode;

typedef struct Config {
  Arena *arena;                /* owned: every string below */
  const char *path;            /* the file it came from, as given or found; NULL = no file */
  const char *dir;             /* its directory, absolute with symlinks resolved, no trailing '/' */
  ARRAY(ConfigRule) rules;     /* in arena, in file order (a repeated id: the last one wins) */
  ARRAY(const char *) ignore;  /* in arena: gitignore-style patterns, relative to dir */
  ARRAY(const char *) include; /* in arena: gitignore-style patterns, relative to dir, of paths
                                  discovery skips by default (or .gitignore ignores) to analyse */
  ARRAY(const char *) models;  /* in arena: model files as written (relative to dir) */
  bool has_fail_on;
  FindingLevel fail_on;
  TestsMode tests_mode;        /* default TESTS_LEVEL with tests_level LEVEL_NOTE */
  FindingLevel tests_level;
  ARRAY(const char *) test_paths; /* in arena: extra test-file globs ("tests.paths") */
  TestsMode scripts_mode;      /* default TESTS_LEVEL with scripts_level LEVEL_NOTE */
  FindingLevel scripts_level;
  ARRAY(const char *) script_paths; /* in arena: extra script globs ("scripts.paths") */
} Config;

/* Initialises an empty configuration (no file: every default). */
void config_init(Config *self);
void config_fini(Config *self);

/* Parses text (the contents of the file at path, with a NUL at text[len];
** dir is its resolved directory) into self, which must be freshly initialised. On error writes
** "PATH: key: problem" to err and returns false; self may then hold part of
** the file and must still be finalised. */
bool config_parse(Config *self, const char *path, const char *dir, const char *text, size_t len, char *err,
                  size_t err_len);
/* Reads and parses the file at path. Same error contract. */
bool config_load(Config *self, const char *path, char *err, size_t err_len);

/* Looks for CONFIG_FILE_NAME in start_dir and its ancestors, stopping after
** the first directory that contains .git (the repository top) or at "/".
** Writes the file's path to out and returns true when one is found. */
bool config_find(const char *start_dir, char *out, size_t out_len);

/* Returns the setting of rule id, or NULL when the file does not name it
** (borrowed from self). */
const ConfigRule *config_rule(const Config *self, const char *id);
/* Whether the rule's option number option (RuleInfo.options) is on for
** files of this configuration (every option is off by default). */
bool config_rule_option(const Config *self, const char *id, uint32_t option);
/* Writes model i's path resolved against the config's directory into out
** (absolute paths are kept). */
void config_model_path(const Config *self, uint32_t i, StrBuf *out);
/* True when rel_path is a test file: Go `_test.go`; JS/TS `*.test.*`,
** `*.spec.*`, or a directory named test, tests, __tests__, __mocks__, spec
** or e2e on the way; or one of the configuration's "tests.paths" globs
** (matched against real_path relative to the configuration's directory, or
** the file name when the glob has no '/'; real_path NULL: against rel_path). */
bool config_is_test_file(const Config *self, const char *rel_path, const char *real_path);
/* Applies the "tests" setting to a finding of level level in a test file;
** false when it is not reported at all. */
bool config_test_level(const Config *self, FindingLevel *level);
/* True when rel_path is a script, CLI tool, migration or seed (rules/places.h:
** place_is_script) or matches "scripts.paths". */
bool config_is_script_file(const Config *self, const char *rel_path, const char *real_path);
/* The "scripts" setting applied to *level, as config_test_level. */
bool config_script_level(const Config *self, FindingLevel *level);
/* Parses "off" | "note" | "warning" | "error". */
bool config_parse_setting(const char *s, bool *off, FindingLevel *level);

#endif
