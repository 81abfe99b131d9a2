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

/* The named children of n (extras such as comments included) in an arena
** array, the same nodes as ts_node_named_child(n, 0..count-1); returns the
** count. One pass with a tree cursor: ts_node_named_child(n, i) starts from
** the first child every time, so a loop over it is quadratic in the number
** of children (a block of statements, a file of declarations). */
uint32_t ts_named_children(TSNode n, Arena *arena, TSNode **out);

/* The same nodes one at a time, for a loop that needs no array: a file's
** declarations or a block's statements held in the arena cost 32 bytes a
** child until the file is done (a generated Go file with 500,000 comment
** lines: 16 MB per pass). Usage:
**   TsNamedIter it; TSNode c;
**   for (ts_named_iter_begin(&it, n); ts_named_iter_next(&it, &c);) ...
**   ts_named_iter_end(&it);
** (ts_named_iter_next ends the cursor itself when the children run out, and
** ts_named_iter_end is a no-op then; call it after a loop left early). */
typedef struct TsNamedIter {
  TSTreeCursor cur;
  bool started, live;
} TsNamedIter;
void ts_named_iter_begin(TsNamedIter *it, TSNode n);
bool ts_named_iter_next(TsNamedIter *it, TSNode *out);
void ts_named_iter_end(TsNamedIter *it);

/* Section - Per-language symbol and field caches
**
** Comparing node type names as strings (ts_is) and resolving field names
** (ts_field) cost a string search per call; a front end that asks millions of
** such questions per run keeps these caches instead. Both are filled lazily,
** so a file pays only for the symbols and fields it actually meets, and both
** live in a per-file arena (a tree's language never changes). */

/* Maps a node type name to a caller-defined code: 0 for names the caller does
** not care about, never TS_KIND_UNSET. */
typedef uint16_t (*TsClassifyFn)(const char *type_name);

/* 1 + the index of name in the strictly sorted names[0..n), or 0 when absent:
** how a front end's classify function maps node type names to its kind codes. */
uint16_t ts_name_rank(const char *const *names, size_t n, const char *name);
/* True when names[0..n) is strictly sorted, as ts_name_rank requires. */
bool ts_names_sorted(const char *const *names, size_t n);
enum { TS_KIND_UNSET = 0xffff };

typedef struct TsKindCache {
  const TSLanguage *lang;
  TsClassifyFn classify;
  uint16_t *by_symbol;  /* arena; TS_KIND_UNSET until the symbol is first met */
  uint32_t n_symbols;
} TsKindCache;

void ts_kind_cache_init(TsKindCache *self, const TSLanguage *lang, TsClassifyFn classify, Arena *arena);
/* Classifies symbol sym (slow path of ts_kind_cache_get). */
uint16_t ts_kind_cache_fill(TsKindCache *self, TSSymbol sym);
/* classify(ts_node_type(n)), memoised per symbol; 0 for a null node. Exact:
** symbols that share a name (a keyword token and a node called "function")
** get the same code, just as comparing names would. */
static inline uint16_t ts_kind_cache_get(TsKindCache *self, TSNode n) {
  if (ts_node_is_null(n)) return 0;
  TSSymbol sym = ts_node_symbol(n);
  if (sym < self->n_symbols && self->by_symbol[sym] != TS_KIND_UNSET) return self->by_symbol[sym];
  return ts_kind_cache_fill(self, sym);
}

typedef struct TsFieldCache {
  const TSLanguage *lang;
  const char *const *names; /* borrowed; index = the caller's field code */
  TSFieldId *ids;           /* arena; TS_FIELD_UNSET until first asked */
  uint32_t n_names;
} TsFieldCache;
enum { TS_FIELD_UNSET = 0xffff };

void ts_field_cache_init(TsFieldCache *self, const TSLanguage *lang, const char *const *names, uint32_t n_names,
                         Arena *arena);
/* The child of n in field names[which] (same result as ts_field); a null node
** when n is null or has no such child. */
TSNode ts_field_cache_get(TsFieldCache *self, TSNode n, uint32_t which);

#endif
