/* skips: what discovery and the reader leave out, counted by kind, so that
** each kind of skip is one summary note of the run (a `skipped-files`
** notification: SARIF toolExecutionNotifications and a line on stderr), not
** one note per file. The note names how many, the first path (in path
** order, so it does not depend on -j) and how to analyse them after all. */
#ifndef TXLINT_DRIVER_SKIPS_H
#define TXLINT_DRIVER_SKIPS_H

#include <stdint.h>

#include "base/arena.h"

typedef enum SkipKind {
  SKIP_GITIGNORE,     /* ignored by a .gitignore file or .git/info/exclude */
  SKIP_CONFIG_IGNORE, /* ignored by a configuration's "ignore" */
  SKIP_DEFAULT_DIR,   /* a directory skipped by default: node_modules, vendor, testdata */
  SKIP_SYMLINK_OUT,   /* a symbolic link whose target is outside the scanned directory */
  SKIP_GENERATED,     /* generated code (by its header comment): analysed only as context */
  SKIP_MINIFIED,      /* minified or bundled JavaScript: not analysed */
  SKIP_KIND_COUNT
} SkipKind;

typedef struct SkipTally {
  uint32_t n[SKIP_KIND_COUNT];
  const char *first[SKIP_KIND_COUNT]; /* borrowed: the smallest path counted */
} SkipTally;

/* Counts one skipped path (borrowed: it must outlive the tally). */
void skips_count(SkipTally *self, SkipKind kind, const char *path);
/* Adds other's counts into self. */
void skips_merge(SkipTally *self, const SkipTally *other);
/* The summary message for kind, in arena; NULL when nothing of that kind was skipped. */
const char *skips_message(const SkipTally *self, SkipKind kind, Arena *arena);

#endif
