/* js_gaps: valid JavaScript/TypeScript that the pinned tree-sitter grammars
** reject (or silently misread), parsed again with the offending tokens
** replaced by others of the same length and syntactic role, so the tree has
** no error there and every byte offset, line and column is unchanged. The
** lowering then reads names from the original source, so the rewrite never
** shows in the IR. Each rewrite is accepted only when the reparsed tree puts
** the replacement in the role the rewrite assumes and has fewer errors;
** a real syntax error is never repaired. */
#ifndef TXLINT_FRONTEND_JS_JS_GAPS_H
#define TXLINT_FRONTEND_JS_JS_GAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "base/filectx.h"

/* Parses text (len bytes, the same length as the original source) with the
** file's grammar; returns a tree owned by the caller, or NULL when the parse
** gave up (its CPU budget ran out). */
typedef TSTree *(*JsReparseFn)(void *ud, const char *text, uint32_t len);

/* Repairs the known grammar gaps in tree, the parse of src[0..len) (jsx: the
** grammar accepts JSX). Returns the tree to lower: tree itself, or a new one
** (tree is then deleted); owned by the caller. Records one NOTE_GRAMMAR_GAP
** per kind of gap repaired on fx. Errors it cannot repair stay in the tree. */
TSTree *js_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, bool jsx, JsReparseFn reparse,
                       void *ud);

#endif
