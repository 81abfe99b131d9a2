/* gap_repair: the reparse loop shared by the languages' grammar gaps.
**
** The loop looks at the first error no gap has explained yet, collects the
** candidate rewrites the language sees in the tree (nearest to that error
** first), and reparses with them. A set is kept only when every rewrite
** took its role in the new tree and the tree has fewer errors; otherwise the
** set shrinks to the rewrites that did take their role, a few times, and
** then the nearest candidates are tried alone (a candidate that is not a
** gap can spoil the reparse for the others). An error nothing explains is
** skipped; after a few of those, or two reparses in a row that nothing
** kept, the file is left as it is. */
#include "frontend/gap_repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "frontend/gap_memo.h"
#include "frontend/ts_util.h"

enum {
  GAP_MAX_CANDIDATES = 256,/* rewrites tried together for one error, nearest first */
  GAP_MAX_ROUNDS = 16,     /* errors looked at per file */
  GAP_MAX_UNEXPLAINED = 3, /* errors no gap explains before giving up on the file */
  GAP_MAX_RETRIES = 3,     /* reparses of one candidate set shrinking to its verified part */
  GAP_MAX_SINGLES = 2,     /* nearest candidates then tried alone, when the set fails */
  /* Reparses in a row whose tree is thrown away before the file is left as
  ** it is. On the real-code corpora (JS/TS and Go, 2026-12) a repair that
  ** took never followed more than one; on fuzzed garbage, where nearly no
  ** repair takes, each input paid up to six. */
  GAP_MAX_FAILED_IN_ROW = 2,
  GAP_MAX_KINDS = 16,
  GAP_SMALL_FILE = 256 * 1024,
  GAP_REPARSE_BYTES = 4 * 1024 * 1024 /* larger files get fewer reparses: about this many bytes in all */
};

typedef struct Gaps {
  FileCtx *fx;
  const GapLang *lang;
  const void *lang_ud;
  const char *src;    /* borrowed: the original source */
  uint32_t len;
  GapReparseFn reparse;
  void *ud;
  char *text;         /* heap: src with the accepted rewrites */
  char *scratch;      /* heap: the text being tried */
  TSTree *tree;       /* the parse of text (owned) */
  uint32_t n_errors;  /* ERROR and MISSING nodes in tree */
  int attempts_left;  /* reparses still allowed (an attempt the memo answers counts too) */
  int failed_in_row;  /* reparses thrown away since the last kept one, in the rounds */
  bool count_failures; /* the rounds have begun */
  GapMemo memo;       /* the attempts made so far and how they came out */
  uint32_t generation; /* bumped whenever a rewrite set is kept (text and tree change) */
  GapEdits walked;    /* heap: the last round's candidates in walk order (not the pre-pass's) */
  uint32_t walked_generation;
  bool have_walked;
  uint32_t n_fixed[GAP_MAX_KINDS];
  GapEdit first[GAP_MAX_KINDS]; /* the earliest accepted rewrite of each kind */
} Gaps;

/* Section - Helpers for the languages */

bool gap_is_ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

bool gap_parent_is_broken(TSNode n) {
  TSNode p = ts_node_parent(n);
  return ts_ok(p) && (ts_node_is_error(p) || ts_node_has_error(p));
}

bool gap_has_error_ancestor(TSNode n) {
  for (int guard = 0; ts_ok(n) && guard < 100000; guard++, n = ts_node_parent(n))
    if (ts_node_is_error(n) || ts_node_is_missing(n)) return true;
  return false;
}

TSNode gap_clean_node_at(TSNode root, uint32_t start, uint32_t len) {
  TSNode none;
  memset(&none, 0, sizeof none);
  TSNode n = ts_node_descendant_for_byte_range(root, start, start + len);
  if (!ts_ok(n) || gap_has_error_ancestor(n)) return none;
  TSNode p = ts_node_parent(n);
  if (!ts_ok(p) || ts_node_has_error(p)) return none;
  return n;
}

bool gap_node_is_exactly(TSNode n, uint32_t start, uint32_t len) {
  return ts_node_start_byte(n) == start && ts_node_end_byte(n) == start + len;
}

static uint32_t edit_dist(const GapCollect *c, uint32_t start, uint32_t len) {
  return c->pre_pass ? 0
         : start + len < c->err_start ? c->err_start - (start + len)
         : start > c->err_end         ? start - c->err_end
                                      : 0;
}

void gap_collect_add(GapCollect *c, uint32_t start, uint32_t len, int kind) {
  GapEdit e = {start, len, kind, edit_dist(c, start, len)};
  array_push(&c->out, e);
}

/* Section - Errors in a tree */

typedef struct ErrorWalk {
  uint32_t from;   /* first_error: the earliest start byte wanted */
  uint32_t count;
  TSNode found;
  bool done;
} ErrorWalk;

static bool count_visit(void *ud, TSNode n) {
  ErrorWalk *w = ud;
  if (ts_node_is_error(n) || ts_node_is_missing(n)) w->count++;
  return ts_node_has_error(n);
}

static uint32_t count_errors(TSNode root) {
  ErrorWalk w = {0};
  ts_walk(root, count_visit, &w);
  return w.count;
}

static bool first_visit(void *ud, TSNode n) {
  ErrorWalk *w = ud;
  if (w->done) return false;
  if (ts_node_is_error(n) || ts_node_is_missing(n)) {
    if (ts_node_start_byte(n) >= w->from) w->found = n, w->done = true;
    return false; /* errors nested in an error are part of it */
  }
  return ts_node_has_error(n);
}

/* The first outermost ERROR or MISSING node starting at or after byte from;
** a null node when there is none. */
static TSNode first_error_from(TSNode root, uint32_t from) {
  ErrorWalk w = {.from = from};
  memset(&w.found, 0, sizeof w.found);
  ts_walk(root, first_visit, &w);
  return w.found;
}

/* Section - Candidates */

typedef struct Walk {
  GapCollect *c;
  const GapLang *lang;
} Walk;

static bool collect_visit(void *ud, TSNode n) {
  Walk *w = ud;
  return w->lang->visit(w->c, n);
}

static int cmp_edit(const void *a, const void *b) {
  const GapEdit *x = a, *y = b;
  if (x->dist != y->dist) return x->dist < y->dist ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* The rewrites that may repair err (every pre-pass rewrite when
** c->pre_pass), the nearest GAP_MAX_CANDIDATES of them. What the language
** sees in a tree does not depend on the error, so while the tree is the
** same, the next round reuses the last walk's list (in walk order, so the
** sort gives the order a new walk would) with the distances to its error. */
static void collect_candidates(Gaps *g, GapCollect *c, TSNode err) {
  c->text = g->text;
  if (ts_ok(err)) c->err_start = ts_node_start_byte(err), c->err_end = ts_node_end_byte(err);
  array_clear(&c->out);
  if (!c->pre_pass && g->have_walked && g->walked_generation == g->generation) {
    for (uint32_t i = 0; i < g->walked.len; i++) {
      GapEdit e = g->walked.items[i];
      e.dist = edit_dist(c, e.start, e.len);
      array_push(&c->out, e);
    }
  } else {
    Walk w = {c, g->lang};
    ts_walk(ts_tree_root_node(g->tree), collect_visit, &w);
    if (!c->pre_pass) {
      array_clear(&g->walked);
      for (uint32_t i = 0; i < c->out.len; i++) array_push(&g->walked, c->out.items[i]);
      g->walked_generation = g->generation;
      g->have_walked = true;
    }
  }
  if (c->out.len > 1) qsort(c->out.items, c->out.len, sizeof *c->out.items, cmp_edit);
  if (c->out.len > GAP_MAX_CANDIDATES) c->out.len = GAP_MAX_CANDIDATES;
}

/* Section - Rewrite and verification */

static void gaps_record(Gaps *g, const GapEdit *edits, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    int k = edits[i].kind;
    if (!g->n_fixed[k]++ || edits[i].start < g->first[k].start) g->first[k] = edits[i];
  }
}

static bool gaps_better(const Gaps *g, uint32_t errs, bool allow_equal) {
  return errs < g->n_errors || (allow_equal && errs <= g->n_errors);
}

/* Keeps the edits that verified, in order; returns how many. */
static uint32_t gaps_keep_verified(GapEdit *edits, uint32_t n, const bool *verified) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < n; i++)
    if (verified[i]) edits[kept++] = edits[i];
  return kept;
}

/* Reparses with edits[0..n) applied (shrinking the set to the rewrites that
** took their role, a few times); keeps the result when every rewrite took
** its role and the tree has fewer errors (no more, when allow_equal). A
** text and rewrite set tried before and rejected is rejected again from the
** memo, with the same shrunk set, without parsing (gap_memo.h). */
static bool gaps_try(Gaps *g, GapEdit *edits, uint32_t n, bool allow_equal) {
  bool *verified = xmalloc(sizeof *verified * (n ? n : 1));
  bool kept_tree = false;
  for (int retry = 0; retry < GAP_MAX_RETRIES && n > 0 && g->attempts_left > 0; retry++) {
    g->attempts_left--;
    memcpy(g->scratch, g->text, g->len);
    for (uint32_t i = 0; i < n; i++) g->lang->apply(g->scratch, &edits[i]);
    uint64_t h = gap_memo_hash(g->scratch, g->len);
    uint32_t errs = GAP_MEMO_NO_COUNT;
    if (gap_memo_find(&g->memo, h, edits, n, verified, &errs) &&
        !(errs != GAP_MEMO_NO_COUNT && gaps_better(g, errs, allow_equal))) {
      uint32_t kept = gaps_keep_verified(edits, n, verified);
      if (kept == n) break;
      n = kept;
      continue;
    }
    TSTree *t = g->reparse(g->ud, g->scratch, g->len);
    if (!t) {
      g->attempts_left = 0; /* out of parse budget: keep what there is */
      break;
    }
    TSNode root = ts_tree_root_node(t);
    for (uint32_t i = 0; i < n; i++) verified[i] = g->lang->verify(root, g->scratch, g->len, &edits[i]);
    bool all = true;
    for (uint32_t i = 0; i < n; i++) all = all && verified[i];
    errs = all ? count_errors(root) : GAP_MEMO_NO_COUNT;
    gap_memo_add(&g->memo, h, edits, n, verified, errs);
    uint32_t kept = gaps_keep_verified(edits, n, verified);
    if (kept == n && gaps_better(g, errs, allow_equal)) {
      char *swap = g->text;
      g->text = g->scratch;
      g->scratch = swap;
      ts_tree_delete(g->tree);
      g->tree = t;
      g->n_errors = errs;
      gaps_record(g, edits, n);
      g->generation++;
      g->failed_in_row = 0;
      kept_tree = true;
      break;
    }
    ts_tree_delete(t);
    if (g->count_failures && ++g->failed_in_row >= GAP_MAX_FAILED_IN_ROW) {
      g->attempts_left = 0; /* nothing here is a gap the languages know */
      break;
    }
    if (kept == n) break;
    n = kept;
  }
  free(verified);
  return kept_tree;
}

/* Tries the candidates together, then the nearest few alone. */
static bool gaps_repair(Gaps *g, GapEdits *cands) {
  GapEdit *nearest = xmalloc(sizeof *nearest * (cands->len ? cands->len : 1));
  memcpy(nearest, cands->items, sizeof *nearest * cands->len);
  bool ok = gaps_try(g, cands->items, cands->len, false);
  for (uint32_t i = 0; !ok && cands->len > 1 && i < cands->len && i < GAP_MAX_SINGLES; i++)
    ok = gaps_try(g, &nearest[i], 1, false);
  free(nearest);
  return ok;
}

/* Section - Entry point */

static SrcLoc edit_loc(const char *src, const GapEdit *e) {
  uint32_t line = 1, line_start = 0;
  for (uint32_t i = 0; i < e->start; i++)
    if (src[i] == '\n') line++, line_start = i + 1;
  uint32_t col = e->start - line_start + 1;
  return (SrcLoc){line, col, line, col + e->len};
}

static void gaps_note(Gaps *g) {
  for (int k = 0; k < g->lang->n_kinds; k++) {
    if (!g->n_fixed[k]) continue;
    unsigned n = g->n_fixed[k];
    fx_note(g->fx, NOTE_GRAMMAR_GAP, edit_loc(g->src, &g->first[k]),
            "%s (%u place%s): valid syntax the bundled tree-sitter grammar rejects or misreads; parsed with those "
            "tokens replaced by same-length ones, and analysed completely",
            g->lang->what[k], n, n == 1 ? "" : "s");
  }
}

/* Looks at the errors one after another, nearest candidates first. */
static void gaps_rounds(Gaps *g, GapCollect *c) {
  uint32_t skip = 0;
  int unexplained = 0;
  for (int round = 0; round < GAP_MAX_ROUNDS && g->n_errors > 0 && g->attempts_left > 0 &&
                      unexplained < GAP_MAX_UNEXPLAINED;
       round++) {
    TSNode err = first_error_from(ts_tree_root_node(g->tree), skip);
    if (!ts_ok(err)) break;
    array_clear(&c->out);
    collect_candidates(g, c, err);
    if (c->out.len && gaps_repair(g, &c->out)) continue;
    uint32_t s = ts_node_start_byte(err), e = ts_node_end_byte(err);
    skip = e > s ? e : s + 1; /* a real error, or one no known gap explains */
    unexplained++;
  }
}

TSTree *gap_repair(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, const GapLang *lang,
                   const void *lang_ud, GapReparseFn reparse, void *ud) {
  bool broken = ts_node_has_error(ts_tree_root_node(tree));
  bool pre_pass = lang->wants_pre_pass && lang->wants_pre_pass(src, len, lang_ud);
  if ((!broken && !pre_pass) || lang->n_kinds > GAP_MAX_KINDS) return tree;
  Gaps g = {.fx = fx, .lang = lang, .lang_ud = lang_ud, .src = src, .len = len, .reparse = reparse, .ud = ud,
            .tree = tree};
  g.text = xmalloc((size_t)len + 1);
  g.scratch = xmalloc((size_t)len + 1);
  memcpy(g.text, src, len);
  g.text[len] = g.scratch[len] = '\0';
  g.n_errors = broken ? count_errors(ts_tree_root_node(tree)) : 0;
  gap_memo_init(&g.memo);
  g.attempts_left = len <= GAP_SMALL_FILE ? 16 : (int)(GAP_REPARSE_BYTES / len > 2 ? GAP_REPARSE_BYTES / len : 2);
  GapCollect c = {.len = len, .pre_pass = true, .lang_ud = lang_ud};
  if (pre_pass) {
    collect_candidates(&g, &c, (TSNode){0});
    gaps_try(&g, c.out.items, c.out.len, true);
  }
  g.count_failures = true; /* the pre-pass tries every rewrite at once: no sign of garbage */
  c.pre_pass = false;
  gaps_rounds(&g, &c);
  array_free(&c.out);
  gap_memo_fini(&g.memo);
  array_free(&g.walked);
  gaps_note(&g);
  free(g.text);
  free(g.scratch);
  return g.tree;
}
