/* ts_util: tree-sitter helpers shared by the front ends (node text, source
** locations, field access, error search, iterative walks). Everything that
** walks a whole subtree here is iterative (a TSTreeCursor), so a 10,000-deep
** expression cannot overflow the C stack; recursive lowering code keeps its
** own depth guard. */
#ifndef TXLINT_FRONTEND_TS_UTIL_H
#define TXLINT_FRONTEND_TS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "base/arena.h"
#include "base/srcloc.h"
#include "base/str.h"

/* The node's source text as a slice of src (borrowed). */
Str ts_text(TSNode n, const char *src);
/* The node's text copied into arena, NUL-terminated (owned by arena). */
char *ts_text_dup(TSNode n, const char *src, Arena *arena);
/* The node's text with every run of whitespace collapsed to one space and
** leading/trailing whitespace removed (for declared types); owned by arena. */
char *ts_text_normalized(TSNode n, const char *src, Arena *arena);
/* 1-based line, 1-based byte column, exclusive end column; all zero for a
** null node (text: empty). */
SrcLoc ts_loc(TSNode n);
/* A zero-width location at the node's last byte (for implicit returns at a
** closing brace). */
SrcLoc ts_loc_last(TSNode n);
/* The child in field name (a null node when absent). */
TSNode ts_field(TSNode n, const char *name);
/* True when n's type equals type. */
bool ts_is(TSNode n, const char *type);
/* True for a non-null node. */
static inline bool ts_ok(TSNode n) { return !ts_node_is_null(n); }
/* True when n has an anonymous child token whose text is tok ("await", "static"). */
bool ts_has_token(TSNode n, const char *tok);
/* The first ERROR or MISSING node under root in document order (iterative);
** a null node when there is none. */
TSNode ts_first_error(TSNode root);

/* Visit callback for ts_walk: return true to descend into n's children. */
typedef bool (*TsVisitFn)(void *ud, TSNode n);
/* Pre-order walk of root's subtree without recursion (root included). */
void ts_walk(TSNode root, TsVisitFn visit, void *ud);

#endif
