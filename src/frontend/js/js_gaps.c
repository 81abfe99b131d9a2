/* js_gaps: same-length rewrites for valid code the pinned grammars reject
** (tree-sitter-javascript 0.25.0, tree-sitter-typescript 0.23.2; no newer
** release fixes these, and the generated parsers cannot be rebuilt here).
**
** Each gap names the tokens that may be affected, how they are rewritten,
** and the role the reparse must give the rewritten bytes:
**
** * GAP_LET_DECL: `let` + line break + declarator (`let\n  a: number = 1`) is
**   read as the identifier `let` with an automatic semicolon, then a label or
**   an error. The language reads a declaration there. `let` becomes `var`
**   (the IR does not tell them apart); the reparse must make it the keyword
**   of an error-free variable_declaration. Applied even without an error,
**   since the misreading is often silent.
** * GAP_USING_IDENT: `using` is not reserved, but the grammars take it for
**   the start of a `using` declaration (`using(x)`, `using.x`, TS `f(using)`).
**   `using` becomes `_sing`; the reparse must make it an identifier.
** * GAP_JSX_RESERVED_ATTR: a reserved word as a JSX attribute name
**   (`<X default={1} />`, `<label for="x">`), which JSX allows. Its first
**   letter becomes `_`; the reparse must make it a jsx_attribute's name.
** * GAP_IMPORT_TYPE: an `import('m')` type followed by type arguments,
**   `[]`, `[K]`, or in parentheses (`import('pg').Pool<T>`). The bytes after
**   `import` up to the `)` become `_`; the reparse must make the result a
**   type name (or the entity of a `typeof` type query).
** * GAP_TEMPLATE_TYPE_ESCAPE: an escape in a template literal type
**   (`` `a\`b${string}` ``): the scanner stops at the backslash. `\c`
**   becomes `__`; the reparse must place it in a template_literal_type's text.
**
** A set of rewrites is kept only when every rewrite takes its role and the
** tree has fewer errors than before (the `let` rewrites: no more), so a real
** syntax error is never repaired: no rewrite turns invalid code valid. The
** lowering reads text from the original source, so names and SQL are
** unchanged; offsets, lines and columns are equal by construction. */
#define _GNU_SOURCE /* memmem */
#include "frontend/js/js_gaps.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/array.h"
#include "base/xalloc.h"
#include "frontend/ts_util.h"

typedef enum GapKind {
  GAP_LET_DECL,
  GAP_USING_IDENT,
  GAP_JSX_RESERVED_ATTR,
  GAP_IMPORT_TYPE,
  GAP_TEMPLATE_TYPE_ESCAPE,
  GAP_COUNT
} GapKind;

/* What the NOTE_GRAMMAR_GAP message says was repaired. */
static const char *const gap_what[GAP_COUNT] = {
    [GAP_LET_DECL] = "`let` followed by a line break",
    [GAP_USING_IDENT] = "`using` used as an identifier",
    [GAP_JSX_RESERVED_ATTR] = "a reserved word as a JSX attribute name",
    [GAP_IMPORT_TYPE] = "an `import(...)` type",
    [GAP_TEMPLATE_TYPE_ESCAPE] = "an escape sequence in a template literal type",
};

enum {
  GAP_MAX_CANDIDATES = 64, /* rewrites tried together for one error, nearest first */
  GAP_MAX_ROUNDS = 16,     /* errors looked at per file */
  GAP_MAX_UNEXPLAINED = 3, /* errors no gap explains before giving up on the file */
  GAP_MAX_RETRIES = 3,     /* reparses of one candidate set shrinking to its verified part */
  GAP_MAX_SINGLES = 2,     /* nearest candidates then tried alone, when the set fails */
  GAP_SMALL_FILE = 256 * 1024,
  GAP_REPARSE_BYTES = 4 * 1024 * 1024 /* larger files get fewer reparses: about this many bytes in all */
};

typedef struct GapEdit {
  uint32_t start, len; /* the bytes replaced */
  GapKind kind;
  uint32_t dist;       /* bytes between the token and the error being repaired */
} GapEdit;

typedef ARRAY(GapEdit) GapEdits;

typedef struct Gaps {
  FileCtx *fx;
  const char *src;    /* borrowed: the original source */
  uint32_t len;
  bool jsx;
  JsReparseFn reparse;
  void *ud;
  char *text;         /* heap: src with the accepted rewrites */
  char *scratch;      /* heap: the text being tried */
  TSTree *tree;       /* the parse of text (owned) */
  uint32_t n_errors;  /* ERROR and MISSING nodes in tree */
  int attempts_left;  /* reparses still allowed */
  uint32_t n_fixed[GAP_COUNT];
  GapEdit first[GAP_COUNT]; /* the earliest accepted rewrite of each kind */
} Gaps;

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

static bool is_ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\r'; }

/* Words JSX allows as attribute names that the grammar lexes as keywords. */
static const char *const reserved_words[] = {
    "break",  "case",    "catch",      "class",      "const",     "continue", "debugger", "default",
    "delete", "do",      "else",       "enum",       "export",    "extends",  "false",    "finally",
    "for",    "function", "if",        "implements", "import",    "in",       "instanceof", "interface",
    "new",    "null",    "package",    "private",    "protected", "public",   "return",   "super",
    "switch", "this",    "throw",      "true",       "try",       "typeof",   "var",      "void",
    "while",  "with",
};

static bool is_reserved(const char *s, uint32_t n) {
  char word[16];
  if (n == 0 || n >= sizeof word) return false;
  memcpy(word, s, n);
  word[n] = '\0';
  return ts_name_rank(reserved_words, sizeof reserved_words / sizeof reserved_words[0], word) != 0;
}

static bool parent_is_broken(TSNode n) {
  TSNode p = ts_node_parent(n);
  return ts_ok(p) && (ts_node_is_error(p) || ts_node_has_error(p));
}

/* True when the bytes around [start, end) look like a JSX attribute name:
** after the tag name or an attribute, before `=`, `/>`, `>`, `{` or a name. */
static bool jsx_attr_context(const char *text, uint32_t len, uint32_t start, uint32_t end) {
  uint32_t i = start;
  while (i > 0 && is_space(text[i - 1])) i--;
  if (i == start || i == 0) return false;
  unsigned char before = (unsigned char)text[i - 1];
  if (!is_ident_byte(before) && before != '"' && before != '\'' && before != '}') return false;
  uint32_t j = end;
  while (j < len && is_space(text[j])) j++;
  if (j >= len) return false;
  char after = text[j];
  return after == '=' || after == '/' || after == '>' || after == '{' || is_ident_byte((unsigned char)after);
}

/* The length of `import ( 'm' )` starting at start (one line, a plain
** string), or 0. */
static uint32_t import_call_len(const char *text, uint32_t len, uint32_t start) {
  uint32_t i = start + 6;
  while (i < len && is_blank(text[i])) i++;
  if (i >= len || text[i++] != '(') return 0;
  while (i < len && is_blank(text[i])) i++;
  if (i >= len || (text[i] != '\'' && text[i] != '"')) return 0;
  char quote = text[i++];
  while (i < len && text[i] != quote) {
    if (text[i] == '\\' || text[i] == '\n' || text[i] == '\r') return 0;
    i++;
  }
  if (i++ >= len) return 0;
  while (i < len && is_blank(text[i])) i++;
  return i < len && text[i] == ')' ? i + 1 - start : 0;
}

/* True when only blanks and comments, one of them a line break, come
** between text[i] and the next token. */
static bool line_break_follows(const char *text, uint32_t len, uint32_t i) {
  while (i < len) {
    if (is_blank(text[i])) {
      i++;
    } else if (text[i] == '\n' || text[i] == '\r' || (text[i] == '/' && i + 1 < len && text[i + 1] == '/')) {
      return true;
    } else if (text[i] == '/' && i + 1 < len && text[i + 1] == '*') {
      const char *end = memmem(text + i + 2, len - i - 2, "*/", 2);
      uint32_t stop = end ? (uint32_t)(end - text) + 2 : len;
      if (memchr(text + i, '\n', stop - i)) return true;
      i = stop;
    } else {
      return false;
    }
  }
  return false;
}

/* `let` alone as an expression statement, ended by a line break. */
static bool lone_let_statement(const Gaps *g, TSNode stmt, TSNode *out_let) {
  uint32_t n = ts_node_named_child_count(stmt);
  if (n == 0 || ts_has_token(stmt, ";")) return false;
  for (uint32_t i = 1; i < n; i++) /* comments are children too */
    if (!ts_is(ts_node_named_child(stmt, i), "comment")) return false;
  TSNode id = ts_node_named_child(stmt, 0);
  uint32_t s = ts_node_start_byte(id), e = ts_node_end_byte(id);
  if (!ts_is(id, "identifier") || e - s != 3 || memcmp(g->text + s, "let", 3) != 0) return false;
  if (!line_break_follows(g->text, g->len, e)) return false;
  *out_let = id;
  return true;
}

typedef struct Collect {
  Gaps *g;
  bool only_let;      /* the pass that looks for GAP_LET_DECL alone */
  uint32_t err_start, err_end;
  GapEdits out;       /* heap */
} Collect;

static void collect_add(Collect *c, uint32_t start, uint32_t len, GapKind kind) {
  uint32_t dist = start + len < c->err_start ? c->err_start - (start + len)
                  : start > c->err_end       ? start - c->err_end
                                             : 0;
  GapEdit e = {start, len, kind, c->only_let ? 0 : dist};
  array_push(&c->out, e);
}

static void collect_leaf(Collect *c, TSNode n) {
  const Gaps *g = c->g;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), n_len = e - s;
  const char *t = g->text + s;
  if (n_len == 5 && memcmp(t, "using", 5) == 0 && ts_is(n, "using") && parent_is_broken(n)) {
    collect_add(c, s, 5, GAP_USING_IDENT);
  } else if (n_len == 6 && memcmp(t, "import", 6) == 0) {
    uint32_t call = import_call_len(g->text, g->len, s);
    if (call) collect_add(c, s, call, GAP_IMPORT_TYPE);
  } else if (n_len >= 2 && t[0] == '\\' && ts_node_is_error(ts_node_parent(n))) {
    /* an escape_sequence, or an identifier with a \u escape (`\u0041`) */
    unsigned char next = (unsigned char)t[1];
    collect_add(c, s, next < 0x80 && next != '\n' && next != '\r' ? 2 : 1, GAP_TEMPLATE_TYPE_ESCAPE);
  }
  if (g->jsx && is_reserved(t, n_len) && parent_is_broken(n) && jsx_attr_context(g->text, g->len, s, e))
    collect_add(c, s, n_len, GAP_JSX_RESERVED_ATTR);
}

static bool collect_visit(void *ud, TSNode n) {
  Collect *c = ud;
  if (ts_is(n, "expression_statement")) {
    TSNode let;
    if (lone_let_statement(c->g, n, &let)) collect_add(c, ts_node_start_byte(let), 3, GAP_LET_DECL);
  }
  if (ts_node_child_count(n) == 0) {
    if (!c->only_let && !ts_node_is_missing(n)) collect_leaf(c, n);
    return false;
  }
  return true;
}

static int cmp_edit(const void *a, const void *b) {
  const GapEdit *x = a, *y = b;
  if (x->dist != y->dist) return x->dist < y->dist ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* The rewrites that may repair err (every `let` rewrite when only_let), the
** nearest GAP_MAX_CANDIDATES of them. */
static void collect_candidates(Collect *c, TSNode err) {
  if (ts_ok(err)) c->err_start = ts_node_start_byte(err), c->err_end = ts_node_end_byte(err);
  ts_walk(ts_tree_root_node(c->g->tree), collect_visit, c);
  if (c->out.len > 1) qsort(c->out.items, c->out.len, sizeof *c->out.items, cmp_edit);
  if (c->out.len > GAP_MAX_CANDIDATES) c->out.len = GAP_MAX_CANDIDATES;
}

/* Section - Rewrite and verification */

static void gap_apply(char *text, const GapEdit *e) {
  switch (e->kind) {
    case GAP_LET_DECL: memcpy(text + e->start, "var", 3); break;
    case GAP_IMPORT_TYPE: memset(text + e->start + 6, '_', e->len - 6); break;
    case GAP_TEMPLATE_TYPE_ESCAPE: memset(text + e->start, '_', e->len); break;
    case GAP_USING_IDENT:
    case GAP_JSX_RESERVED_ATTR:
    case GAP_COUNT: text[e->start] = '_'; break;
  }
}

static bool has_error_ancestor(TSNode n) {
  for (int guard = 0; ts_ok(n) && guard < 100000; guard++, n = ts_node_parent(n))
    if (ts_node_is_error(n) || ts_node_is_missing(n)) return true;
  return false;
}

/* The entity of a type: `X` in `X.Pool`, `X<T>`, `X[]`, `X['k']`, `typeof X`. */
static bool is_type_entity(TSNode n) {
  if (ts_is(n, "type_identifier")) return true;
  if (!ts_is(n, "identifier")) return false;
  TSNode p = ts_node_parent(n);
  for (int guard = 0; guard < 16 && (ts_is(p, "nested_identifier") || ts_is(p, "member_expression") ||
                                     ts_is(p, "instantiation_expression"));
       guard++)
    p = ts_node_parent(p);
  return ts_is(p, "nested_type_identifier") || ts_is(p, "type_query");
}

/* True when the reparse gives e's bytes the role its rewrite assumes. */
static bool gap_verify(TSNode root, const GapEdit *e) {
  TSNode n = ts_node_descendant_for_byte_range(root, e->start, e->start + e->len);
  if (!ts_ok(n) || has_error_ancestor(n)) return false;
  bool exact = ts_node_start_byte(n) == e->start && ts_node_end_byte(n) == e->start + e->len;
  TSNode p = ts_node_parent(n);
  if (!ts_ok(p) || ts_node_has_error(p)) return false;
  const char *type = ts_node_type(n);
  size_t tl = strlen(type);
  switch (e->kind) {
    case GAP_LET_DECL: return exact && ts_is(n, "var") && ts_is(p, "variable_declaration");
    case GAP_USING_IDENT:
      return exact && ts_node_is_named(n) && ts_node_child_count(n) == 0 &&
             ((tl >= 10 && strcmp(type + tl - 10, "identifier") == 0) ||
              (tl >= 18 && strcmp(type + tl - 18, "identifier_pattern") == 0));
    case GAP_JSX_RESERVED_ATTR: return exact && ts_is(n, "property_identifier") && ts_is(p, "jsx_attribute");
    case GAP_IMPORT_TYPE: return exact && is_type_entity(n);
    case GAP_TEMPLATE_TYPE_ESCAPE: return ts_is(n, "string_fragment") && ts_is(p, "template_literal_type");
    case GAP_COUNT: break;
  }
  return false;
}

static void gaps_record(Gaps *g, const GapEdit *edits, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    GapKind k = edits[i].kind;
    if (!g->n_fixed[k]++ || edits[i].start < g->first[k].start) g->first[k] = edits[i];
  }
}

/* Reparses with edits[0..n) applied (shrinking the set to the rewrites that
** took their role, a few times); keeps the result when every rewrite took
** its role and the tree has fewer errors (no more, when allow_equal). */
static bool gaps_try(Gaps *g, GapEdit *edits, uint32_t n, bool allow_equal) {
  for (int retry = 0; retry < GAP_MAX_RETRIES && n > 0 && g->attempts_left > 0; retry++) {
    g->attempts_left--;
    memcpy(g->scratch, g->text, g->len);
    for (uint32_t i = 0; i < n; i++) gap_apply(g->scratch, &edits[i]);
    TSTree *t = g->reparse(g->ud, g->scratch, g->len);
    if (!t) {
      g->attempts_left = 0; /* out of parse budget: keep what there is */
      return false;
    }
    TSNode root = ts_tree_root_node(t);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++)
      if (gap_verify(root, &edits[i])) edits[kept++] = edits[i];
    uint32_t errs = kept == n ? count_errors(root) : 0;
    if (kept == n && (errs < g->n_errors || (allow_equal && errs <= g->n_errors))) {
      char *swap = g->text;
      g->text = g->scratch;
      g->scratch = swap;
      ts_tree_delete(g->tree);
      g->tree = t;
      g->n_errors = errs;
      gaps_record(g, edits, n);
      return true;
    }
    ts_tree_delete(t);
    if (kept == n) return false;
    n = kept;
  }
  return false;
}

/* Tries the candidates together, then the nearest few alone: a candidate
** that is not a gap (a keyword in its place) can spoil the reparse for the
** others. */
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

/* True when src has `let` as a word followed by blanks and a line break. */
static bool has_let_line_break(const char *src, uint32_t len) {
  for (const char *p = src, *end = src + len; (p = memmem(p, (size_t)(end - p), "let", 3)) != NULL; p += 3) {
    if (p > src && is_ident_byte((unsigned char)p[-1])) continue;
    if (line_break_follows(src, len, (uint32_t)(p + 3 - src))) return true;
  }
  return false;
}

static SrcLoc edit_loc(const char *src, const GapEdit *e) {
  uint32_t line = 1, line_start = 0;
  for (uint32_t i = 0; i < e->start; i++)
    if (src[i] == '\n') line++, line_start = i + 1;
  uint32_t col = e->start - line_start + 1;
  return (SrcLoc){line, col, line, col + e->len};
}

static void gaps_note(Gaps *g) {
  for (int k = 0; k < GAP_COUNT; k++) {
    if (!g->n_fixed[k]) continue;
    unsigned n = g->n_fixed[k];
    fx_note(g->fx, NOTE_GRAMMAR_GAP, edit_loc(g->src, &g->first[k]),
            "%s (%u place%s): valid syntax the bundled tree-sitter grammar rejects or misreads; parsed with those "
            "tokens replaced by same-length ones, and analysed completely",
            gap_what[k], n, n == 1 ? "" : "s");
  }
}

TSTree *js_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, bool jsx, JsReparseFn reparse,
                       void *ud) {
  bool broken = ts_node_has_error(ts_tree_root_node(tree));
  bool let_break = has_let_line_break(src, len);
  if (!broken && !let_break) return tree;
  assert(ts_names_sorted(reserved_words, sizeof reserved_words / sizeof reserved_words[0]));
  Gaps g = {.fx = fx, .src = src, .len = len, .jsx = jsx, .reparse = reparse, .ud = ud, .tree = tree};
  g.text = xmalloc((size_t)len + 1);
  g.scratch = xmalloc((size_t)len + 1);
  memcpy(g.text, src, len);
  g.text[len] = g.scratch[len] = '\0';
  g.n_errors = broken ? count_errors(ts_tree_root_node(tree)) : 0;
  g.attempts_left = len <= GAP_SMALL_FILE ? 16 : (int)(GAP_REPARSE_BYTES / len > 2 ? GAP_REPARSE_BYTES / len : 2);
  Collect c = {.g = &g, .only_let = true};
  if (let_break) {
    collect_candidates(&c, (TSNode){0});
    gaps_try(&g, c.out.items, c.out.len, true);
  }
  c.only_let = false;
  uint32_t skip = 0;
  int unexplained = 0;
  for (int round = 0; round < GAP_MAX_ROUNDS && g.n_errors > 0 && g.attempts_left > 0 &&
                      unexplained < GAP_MAX_UNEXPLAINED;
       round++) {
    TSNode err = first_error_from(ts_tree_root_node(g.tree), skip);
    if (!ts_ok(err)) break;
    array_clear(&c.out);
    collect_candidates(&c, err);
    if (c.out.len && gaps_repair(&g, &c.out)) continue;
    uint32_t s = ts_node_start_byte(err), e = ts_node_end_byte(err);
    skip = e > s ? e : s + 1; /* a real error, or one no known gap explains */
    unexplained++;
  }
  array_free(&c.out);
  gaps_note(&g);
  free(g.text);
  free(g.scratch);
  return g.tree;
}
