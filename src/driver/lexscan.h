/* lexscan: cheap lexical passes over a file's bytes that run before (or
** instead of) parsing: the prefilter that decides whether a file can matter
** at all, the relative-import scan that orders files for linking, and the
** inline suppression comments. */
#ifndef TXLINT_DRIVER_LEXSCAN_H
#define TXLINT_DRIVER_LEXSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/str.h"

/* True when src mentions something a rule could react to: one of the
** words in lexscan_prefilter_words (case-insensitive substrings: model
** identifiers and SQL keywords), or has_relative_import. */
bool lexscan_prefilter(const char *src, size_t len, bool has_relative_import);
/* The prefilter's words, NULL-terminated (documented in docs/cli.md). */
extern const char *const lexscan_prefilter_words[];

/* Calls fn for each relative module specifier ("./x", "../y/z") written as
** require('…'), import … from '…', import '…', import('…') or
** export … from '…'. Comments are skipped. */
void lexscan_relative_imports(const char *src, size_t len, void (*fn)(void *ctx, Str spec), void *ctx);

/* An inline suppression found on one line. */
typedef struct Suppression {
  bool next_line;   /* txlint-disable-next-line (else txlint-disable-line) */
  Str rules;        /* the comma-separated rule list, as written */
  Str reason;       /* text after "--", trimmed (empty when absent) */
} Suppression;

/* Parses a txlint-disable-next-line / txlint-disable-line comment on line;
** returns false (leaving *out unaltered) when the line has none. */
bool lexscan_suppression(Str line, Suppression *out);
/* True when rule_id is one of the ids in list ("a, b,c"). */
bool lexscan_rule_listed(Str list, const char *rule_id);

#endif
