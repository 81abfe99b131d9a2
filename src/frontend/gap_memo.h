/* gap_memo: the outcomes of the grammar-gap reparses a file has already
** made (frontend/gap_repair.c). The repair loop looks at one error after
** another and, for each, tries the candidate rewrites it sees in the whole
** tree: the full set, the part of it that verified, then the nearest alone.
** The next error usually yields the same set in another order, so the same
** text is parsed again and rejected again (over half of the reparses of
** broken fuzz inputs). The memo keeps, per attempt, the text's hash, its
** rewrites and which of them took their role, and the error count: a
** repeat is answered without parsing, with the outcome a parse would give
** (a parse is a function of the text). Only rejections are answered: an
** attempt that would now be kept is parsed, because its tree is needed. */
#ifndef TXLINT_FRONTEND_GAP_MEMO_H
#define TXLINT_FRONTEND_GAP_MEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/array.h"
#include "frontend/gap_edit.h"

enum { GAP_MEMO_NO_COUNT = UINT32_MAX }; /* errors not counted (some rewrite failed) */

typedef struct GapMemoEntry {
  uint64_t text_hash;
  uint32_t n;
  GapEdit *edits;  /* heap: the attempt's rewrites, sorted by start, length, kind */
  bool *verified;  /* heap: [i] for edits[i] */
  uint32_t errors; /* the tree's ERROR and MISSING nodes, or GAP_MEMO_NO_COUNT */
} GapMemoEntry;

typedef struct GapMemo {
  ARRAY(GapMemoEntry) entries; /* heap */
} GapMemo;

void gap_memo_init(GapMemo *self);
void gap_memo_fini(GapMemo *self);

/* The hash the memo keys a text with (len bytes). */
uint64_t gap_memo_hash(const char *text, uint32_t len);

/* Finds the attempt that parsed the text with this hash using exactly the
** rewrites edits[0..n) (in any order). On a hit, verified[i] says whether
** edits[i] took its role and *errors is the count (or GAP_MEMO_NO_COUNT). */
bool gap_memo_find(const GapMemo *self, uint64_t text_hash, const GapEdit *edits, uint32_t n, bool *verified,
                   uint32_t *errors);

/* Records an attempt (edits and verified in the caller's order; copied). */
void gap_memo_add(GapMemo *self, uint64_t text_hash, const GapEdit *edits, uint32_t n, const bool *verified,
                  uint32_t errors);

#endif
