/* gap_edit: one candidate rewrite of the grammar-gap repair
** (frontend/gap_repair.h), on its own so that code without tree-sitter's
** headers (gap_memo.h and its test) can name it. */
#ifndef TXLINT_FRONTEND_GAP_EDIT_H
#define TXLINT_FRONTEND_GAP_EDIT_H

#include <stdint.h>

typedef struct GapEdit {
  uint32_t start, len; /* the bytes replaced */
  int kind;            /* the language's gap kind, 0..n_kinds-1 */
  uint32_t dist;       /* bytes between the rewrite and the error being repaired */
} GapEdit;

#endif
