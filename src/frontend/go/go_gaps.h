/* go_gaps: valid Go that the pinned tree-sitter-go grammar rejects, parsed
** again with same-length rewrites through frontend/gap_repair.c (see
** go_gaps.c for the gaps). Offsets, lines and columns are unchanged, and the
** lowering reads names from the original source. */
#ifndef TXLINT_FRONTEND_GO_GO_GAPS_H
#define TXLINT_FRONTEND_GO_GO_GAPS_H

#include <stdint.h>
#include <tree_sitter/api.h>

#include "base/filectx.h"
#include "frontend/gap_repair.h"

/* Repairs the known grammar gaps in tree, the parse of src[0..len). Returns
** the tree to lower: tree itself, or a new one (tree is then deleted); owned
** by the caller. Records one NOTE_GRAMMAR_GAP per kind of gap repaired on fx.
** Errors it cannot repair stay in the tree. */
TSTree *go_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, GapReparseFn reparse, void *ud);

#endif
