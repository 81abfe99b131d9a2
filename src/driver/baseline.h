/* baseline: the findings a legacy codebase already has, so a CI gate fails
** only on new ones. A baseline file lists one entry {rule, path, fingerprint}
** per finding, where fingerprint is the semantic "txlint/v1" fingerprint
** (report_fingerprint: rule, path, function, subject; no line numbers), so
** entries survive code moving up and down. Matching counts: an entry
** absorbs one finding, so a second identical finding is new. Format:
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
} Baseline;

void baseline_init(Baseline *self);
void baseline_fini(Baseline *self);
/* Parses a baseline file's text (path only for messages) into self. On error
** writes "PATH: problem" to err and returns false. */
bool baseline_parse(Baseline *self, const char *path, const char *text, size_t len, char *err, size_t err_len);
/* Reads and parses the file at path; a missing file is an error. */
bool baseline_load(Baseline *self, const char *path, char *err, size_t err_len);
/* When an entry not yet used matches f (rule, path, fingerprint), uses it up
** and returns true. */
bool baseline_take(Baseline *self, const Finding *f);

/* Appends the baseline document for findings (any order; the entries are
** sorted by path, rule, fingerprint, message) to out. */
void baseline_format(const Finding *const *findings, uint32_t n, StrBuf *out);
/* Writes that document to path atomically (a temporary file renamed into
** place). On failure writes a message to err and returns false. */
bool baseline_write(const char *path, const Finding *const *findings, uint32_t n, char *err, size_t err_len);

#endif
