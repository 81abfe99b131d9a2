/* js_gaps: valid JavaScript/TypeScript that the pinned tree-sitter grammars
** reject (or silently misread), parsed again with the offending tokens
** replaced by others of the same length and syntactic role, so the tree has
** no error there and every byte offset, line and column is unchanged. The
** lowering then reads names from the original source, so the rewrite never
** shows in the IR. The gaps are listed in js_gaps.c; the reparse loop, which
** keeps a rewrite only when the reparsed tree puts the replacement in the
** role the rewrite assumes and has fewer errors, is frontend/gap_repair.c. */
#ifndef TXLINT_FRONTEND_JS_JS_GAPS_H
#define TXLINT_FRONTEND_JS_JS_GAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "base/filectx.h"
#include "frontend/gap_repair.h"

/* Repairs the known grammar gaps in tree, the parse of src[0..len) (jsx: the
** grammar accepts JSX; types: it is TypeScript's). Returns the tree to lower: tree itself, or a new one
** (tree is then deleted); owned by the caller. Records one NOTE_GRAMMAR_GAP
** per kind of gap repaired on fx. Errors it cannot repair stay in the tree. */
TSTree *js_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, bool jsx, bool types,
                       GapReparseFn reparse, void *ud);

/* NUL bytes: JavaScript allows a raw NUL inside string literals, template
** text and comments (among others), where tree-sitter stops reading;
** the front end parses a copy with each NUL as a space. Given that parse
** (root) and the original src, returns true when every NUL byte of src lies
** in such text (a note-level NOTE_GRAMMAR_GAP on fx counts them), false
** when one does not (a NOTE_SKIPPED_BINARY on fx: the file is not analysed). */
bool js_check_nul_bytes(FileCtx *fx, TSNode root, const char *src, uint32_t len);

#endif
