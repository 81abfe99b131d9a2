/* js_gaps: same-length rewrites for valid code the pinned grammars reject
** (tree-sitter-javascript 0.25.0, tree-sitter-typescript 0.23.2; no newer
** release fixes these, and the generated parsers cannot be rebuilt here).
** The reparse loop is frontend/gap_repair.c; this file says, for each gap,
** which bytes may be affected, how they are rewritten, and the role the
** reparse must give the rewritten bytes.
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
#include <string.h>

#include "frontend/gap_repair.h"
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

typedef struct JsGapOpts {
  bool jsx; /* the grammar accepts JSX */
} JsGapOpts;

/* Section - Candidates */

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

/* True when the bytes around [start, end) look like a JSX attribute name:
** after the tag name or an attribute, before `=`, `/>`, `>`, `{` or a name. */
static bool jsx_attr_context(const char *text, uint32_t len, uint32_t start, uint32_t end) {
  uint32_t i = start;
  while (i > 0 && is_space(text[i - 1])) i--;
  if (i == start || i == 0) return false;
  unsigned char before = (unsigned char)text[i - 1];
  if (!gap_is_ident_byte(before) && before != '"' && before != '\'' && before != '}') return false;
  uint32_t j = end;
  while (j < len && is_space(text[j])) j++;
  if (j >= len) return false;
  char after = text[j];
  return after == '=' || after == '/' || after == '>' || after == '{' || gap_is_ident_byte((unsigned char)after);
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
static bool lone_let_statement(const GapCollect *c, TSNode stmt, TSNode *out_let) {
  uint32_t n = ts_node_named_child_count(stmt);
  if (n == 0 || ts_has_token(stmt, ";")) return false;
  for (uint32_t i = 1; i < n; i++) /* comments are children too */
    if (!ts_is(ts_node_named_child(stmt, i), "comment")) return false;
  TSNode id = ts_node_named_child(stmt, 0);
  uint32_t s = ts_node_start_byte(id), e = ts_node_end_byte(id);
  if (!ts_is(id, "identifier") || e - s != 3 || memcmp(c->text + s, "let", 3) != 0) return false;
  if (!line_break_follows(c->text, c->len, e)) return false;
  *out_let = id;
  return true;
}

static void collect_leaf(GapCollect *c, TSNode n) {
  const JsGapOpts *o = c->lang_ud;
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), n_len = e - s;
  const char *t = c->text + s;
  if (n_len == 5 && memcmp(t, "using", 5) == 0 && ts_is(n, "using") && gap_parent_is_broken(n)) {
    gap_collect_add(c, s, 5, GAP_USING_IDENT);
  } else if (n_len == 6 && memcmp(t, "import", 6) == 0) {
    uint32_t call = import_call_len(c->text, c->len, s);
    if (call) gap_collect_add(c, s, call, GAP_IMPORT_TYPE);
  } else if (n_len >= 2 && t[0] == '\\' && ts_node_is_error(ts_node_parent(n))) {
    /* an escape_sequence, or an identifier with a \u escape (`\u0041`) */
    unsigned char next = (unsigned char)t[1];
    gap_collect_add(c, s, next < 0x80 && next != '\n' && next != '\r' ? 2 : 1, GAP_TEMPLATE_TYPE_ESCAPE);
  }
  if (o->jsx && is_reserved(t, n_len) && gap_parent_is_broken(n) && jsx_attr_context(c->text, c->len, s, e))
    gap_collect_add(c, s, n_len, GAP_JSX_RESERVED_ATTR);
}

static bool js_gap_visit(GapCollect *c, TSNode n) {
  if (ts_is(n, "expression_statement")) {
    TSNode let;
    if (lone_let_statement(c, n, &let)) gap_collect_add(c, ts_node_start_byte(let), 3, GAP_LET_DECL);
  }
  if (ts_node_child_count(n) == 0) {
    if (!c->pre_pass && !ts_node_is_missing(n)) collect_leaf(c, n);
    return false;
  }
  return true;
}

/* Section - Rewrite and verification */

static void js_gap_apply(char *text, const GapEdit *e) {
  switch ((GapKind)e->kind) {
    case GAP_LET_DECL: memcpy(text + e->start, "var", 3); break;
    case GAP_IMPORT_TYPE: memset(text + e->start + 6, '_', e->len - 6); break;
    case GAP_TEMPLATE_TYPE_ESCAPE: memset(text + e->start, '_', e->len); break;
    case GAP_USING_IDENT:
    case GAP_JSX_RESERVED_ATTR:
    case GAP_COUNT: text[e->start] = '_'; break;
  }
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
static bool js_gap_verify(TSNode root, const char *text, uint32_t len, const GapEdit *e) {
  (void)text, (void)len;
  TSNode n = gap_clean_node_at(root, e->start, e->len);
  if (!ts_ok(n)) return false;
  bool exact = gap_node_is_exactly(n, e->start, e->len);
  TSNode p = ts_node_parent(n);
  const char *type = ts_node_type(n);
  size_t tl = strlen(type);
  switch ((GapKind)e->kind) {
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

/* Section - Entry point */

/* True when src has `let` as a word followed by blanks and a line break. */
static bool has_let_line_break(const char *src, uint32_t len) {
  for (const char *p = src, *end = src + len; (p = memmem(p, (size_t)(end - p), "let", 3)) != NULL; p += 3) {
    if (p > src && gap_is_ident_byte((unsigned char)p[-1])) continue;
    if (line_break_follows(src, len, (uint32_t)(p + 3 - src))) return true;
  }
  return false;
}

static const GapLang js_gap_lang = {
    .n_kinds = GAP_COUNT,
    .what = gap_what,
    .visit = js_gap_visit,
    .apply = js_gap_apply,
    .verify = js_gap_verify,
    .wants_pre_pass = has_let_line_break,
};

TSTree *js_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, bool jsx, GapReparseFn reparse,
                       void *ud) {
  assert(ts_names_sorted(reserved_words, sizeof reserved_words / sizeof reserved_words[0]));
  JsGapOpts opts = {.jsx = jsx};
  return gap_repair(fx, tree, src, len, &js_gap_lang, &opts, reparse, ud);
}
