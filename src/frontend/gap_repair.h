/* gap_repair: the language-neutral half of the grammar-gap reparse. Valid
** code that a pinned tree-sitter grammar rejects (or silently misreads) is
** parsed again with the offending bytes replaced by others of the same
** length, so every offset, line and column is unchanged and the lowering can
** read names from the original source. A language supplies its gaps as a
** GapLang: which bytes may be affected, how they are rewritten, and the role
** the reparse must give them. A set of rewrites is kept only when every
** rewrite takes its role and the tree has fewer errors, so a real syntax
** error is never repaired (frontend/js/js_gaps.c, frontend/go/go_gaps.c). */
#ifndef TXLINT_FRONTEND_GAP_REPAIR_H
#define TXLINT_FRONTEND_GAP_REPAIR_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "base/array.h"
#include "base/filectx.h"
#include "frontend/gap_edit.h"

/* Parses text (len bytes, the same length as the original source) with the
** file's grammar; returns a tree owned by the caller, or NULL when the parse
** gave up (its CPU budget ran out). */
typedef TSTree *(*GapReparseFn)(void *ud, const char *text, uint32_t len);


typedef ARRAY(GapEdit) GapEdits;

/* What a language's visit callback sees while candidates are collected. */
typedef struct GapCollect {
  const char *text;     /* borrowed: the source with the rewrites accepted so far */
  uint32_t len;
  bool pre_pass;        /* collecting the rewrites applied even without an error */
  const void *lang_ud;  /* borrowed: the language's own data (gap_repair's lang_ud) */
  uint32_t err_start, err_end; /* the error being repaired (pre-pass: none) */
  GapEdits out;         /* heap: the candidates */
} GapCollect;

/* A language's gaps. */
typedef struct GapLang {
  int n_kinds;
  const char *const *what; /* [kind]: what the NOTE_GRAMMAR_GAP message says was repaired */
  /* Called for every node of the tree in pre-order; adds candidates with
  ** gap_collect_add; returns true to visit n's children. */
  bool (*visit)(GapCollect *c, TSNode n);
  /* Rewrites e's bytes in text (len bytes) in place. */
  void (*apply)(char *text, const GapEdit *e);
  /* True when the reparse (root, of text) gives e's bytes the role its
  ** rewrite assumes. */
  bool (*verify)(TSNode root, const char *text, uint32_t len, const GapEdit *e);
  /* Optional: true when src has constructs that are misread without an
  ** error, so a pre-pass collects and applies their rewrites first (kept
  ** when the tree has no more errors); lang_ud as given to gap_repair. */
  bool (*wants_pre_pass)(const char *src, uint32_t len, const void *lang_ud);
} GapLang;

/* Adds a candidate rewrite of text[start..start+len) of the given kind. */
void gap_collect_add(GapCollect *c, uint32_t start, uint32_t len, int kind);

/* Repairs lang's gaps in tree, the parse of src[0..len). Returns the tree to
** lower: tree itself, or a new one (tree is then deleted); owned by the
** caller. Records one NOTE_GRAMMAR_GAP per kind of gap repaired on fx.
** Errors it cannot repair stay in the tree. Bounded: 16 reparses per file,
** fewer above 256 KB, none after two in a row that nothing kept. */
TSTree *gap_repair(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, const GapLang *lang,
                   const void *lang_ud, GapReparseFn reparse, void *ud);

/* Section - Helpers for the languages' callbacks */

/* True for ASCII letters, digits, '_', '$' and every non-ASCII byte. */
bool gap_is_ident_byte(unsigned char c);
/* True when n's parent is an ERROR node or contains one. */
bool gap_parent_is_broken(TSNode n);
/* True when n or one of its ancestors is an ERROR or MISSING node. */
bool gap_has_error_ancestor(TSNode n);
/* The smallest node spanning [start, start+len) in root, when neither it nor
** an ancestor is an error and its parent holds none; else a null node. */
TSNode gap_clean_node_at(TSNode root, uint32_t start, uint32_t len);
/* True when n spans exactly [start, start+len). */
bool gap_node_is_exactly(TSNode n, uint32_t start, uint32_t len);

#endif
