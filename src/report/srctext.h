/* srctext: facts about source text that reporters need and the IR does not
** keep: UTF-8 decoding and validity, byte columns converted to UTF-16 code
** units (SARIF columnKind utf16CodeUnits), and GitHub's
** primaryLocationLineHash. Line lookup is the driver's LineIndex. */
#ifndef TXLINT_REPORT_SRCTEXT_H
#define TXLINT_REPORT_SRCTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/str.h"

/* A line's GitHub fingerprint, "hex:n" (NUL-terminated). */
typedef struct LineHash {
  char text[32];
} LineHash;

/* Converts a 1-based byte column of `line` into a 1-based UTF-16 code unit
** column. Bytes past the end of the line and invalid UTF-8 bytes count as one
** unit each; a code point above U+FFFF counts two. */
uint32_t srctext_utf16_col(Str line, uint32_t byte_col);

/* Converts a 1-based UTF-16 column back into a byte offset into line
** (clamped to line.len); used to place carets. */
size_t srctext_utf16_to_byte(Str line, uint32_t utf16_col);

/* Converts a 1-based UTF-16 column of `line` into the 1-based byte column gcc
** and clang print (the inverse of srctext_utf16_col): units past the end of
** the line count one byte each, a column inside a surrogate pair is the
** pair's first byte. 0 stays 0. */
uint32_t srctext_byte_col(Str line, uint32_t utf16_col);

/* Computes GitHub code scanning's primaryLocationLineHash for lines
** 1..n_lines of src (github/codeql-action fingerprints.ts: a rolling hash
** over the 100 UTF-16 code units from the line start, spaces and tabs
** skipped, CR and CRLF read as LF, then ":n" counting equal earlier hashes).
** out[i] receives line i+1's hash; lines the algorithm never reaches get "". */
void srctext_line_hashes(const char *src, size_t len, LineHash *out, uint32_t n_lines);
/* The same hashes for lines[0..n) only (ascending, no repeats) into
** out[0..n): memory by the lines asked for, not by the file's length. */
void srctext_line_hashes_of(const char *src, size_t len, const uint32_t *lines, uint32_t n, LineHash *out);

/* Decodes one UTF-8 code point at s[0..n) (n > 0) into *cp; returns its length
** (1..4), or 0 for an invalid sequence (then *cp is U+FFFD and one byte is
** consumed by callers). */
size_t srctext_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* True when src[0..len) is valid UTF-8. */
bool srctext_is_valid_utf8(const char *src, size_t len);

#endif
