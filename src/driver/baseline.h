/* baseline: the findings a legacy codebase already has, so a CI gate fails
** only on new ones. A baseline file lists one entry {rule, path, fingerprint}
** per finding, where fingerprint is the semantic "txlint/v1" fingerprint
** (report_fingerprint: rule, path, function, subject; no line numbers), so
** entries survive code moving up and down. Matching counts: an entry
** absorbs one finding, so a second identical finding is new. Paths (and
** the fingerprints, which hash the path) are relative to the baseline file's
** own directory, so a baseline matches from any working directory. Format:
** docs/cli.md#baselines. */
#ifndef TXLINT_DRIVER_BASELINE_H
#define TXLINT_DRIVER_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "engine/finding.h"

enum { BASELINE_VERSION = 1 };

typedef struct Baseline {
  Arena *arena;       /* owned: keys */
  Map remaining;      /* "rule\npath\nfingerprint" → entries not matched yet (uintptr_t) */
  uint32_t n_entries; /* entries read */
  const char *dir;    /* in arena: the baseline file's directory (absolute, resolved), or NULL:
                         entries' paths are compared with findings' paths as they are */
  const char *cwd;    /* in arena: the directory findings' relative paths are relative to */
} Baseline;

void baseline_init(Baseline *self);
void baseline_fini(Baseline *self);
/* Parses a baseline file's text (path only for messages) into self. On error
** writes "PATH: problem" to err and returns false. */
bool baseline_parse(Baseline *self, const char *path, const char *text, size_t len, char *err, size_t err_len);
/* Reads and parses the file at path; a missing file is an error. Entries'
** paths are then taken relative to path's directory (findings' paths
** relative to the working directory are converted to match). */
bool baseline_load(Baseline *self, const char *path, char *err, size_t err_len);
/* When an entry not yet used matches f (rule, path, fingerprint), uses it up
** and returns true. */
bool baseline_take(Baseline *self, const Finding *f);

/* Appends the baseline document for findings (any order; the entries are
** sorted by path, rule, fingerprint, message) to out, with the findings'
** paths as they are. */
void baseline_format(const Finding *const *findings, uint32_t n, StrBuf *out);
/* The same with each path made relative to dir (absolute): a relative
** finding path is first taken relative to cwd. */
void baseline_format_in(const char *dir, const char *cwd, const Finding *const *findings, uint32_t n, StrBuf *out);
/* Writes the document for path's directory (baseline_format_in) to path
** atomically (a temporary file renamed into place). On failure writes a
** message to err and returns false. */
bool baseline_write(const char *path, const Finding *const *findings, uint32_t n, char *err, size_t err_len);
/* Writes into out the path of the file at path (absolute, or relative to
** cwd) relative to directory dir (absolute), with "../" where it is not
** below dir. Both are taken as resolved (no symbolic links). */
void baseline_relative_path(const char *dir, const char *cwd, const char *path, StrBuf *out);

#endif
