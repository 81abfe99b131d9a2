/* js_gaps: same-length rewrites for valid code the pinned grammars reject
** (tree-sitter-javascript 0.25.0, tree-sitter-typescript 0.23.2; no newer
** release fixes these, and the generated parsers cannot be rebuilt here).
** The reparse loop is frontend/gap_repair.c; this file says, for each gap,
** which bytes may be affected, how they are rewritten, and the role the
** reparse must give the rewritten bytes:
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
** * GAP_JSX_AMPERSAND: a raw `&` in JSX text or a JSX attribute string
**   (`<p>A & B</p>`, `href="/x?a=1&b=2"`, `<b>&&</b>`): JSX text may hold any
**   character but `{ < > }` and an attribute string any but its quote, but
**   the grammars read `&` there only as the start of a character reference
**   (`&amp;`). A `&` that starts no reference becomes `_`; the reparse must
**   place it in JSX text or in the text of an attribute's string.
** * GAP_TAGGED_TEMPLATE_TYPE_ARGS: type arguments on a tagged template
**   (`styled.div<{ $a: boolean }>`...``, `sql<Row>`SELECT …``): the grammar
**   reads `f<T>` only as an instantiation expression, which a template
**   cannot follow (an error), or, when T is a plain name, silently as the
**   comparisons `(f < T) > `…``. TypeScript reads type arguments there.
**   Type arguments that parsed cleanly, or the `< T >` of such comparisons
**   in a TypeScript file, become blanks (line breaks kept); the reparse must
**   make the template the argument of a call whose callee ends before them.
**   Type arguments have no run-time meaning, and the lowering ignores them.
**   The silent case is looked for even without an error, like `let`.
** * GAP_TYPE_WORD_PARAM: a parameter named like a predefined type as the
**   first of a function type's parameters (`(any) => T`, `(never: boolean)
**   => void`): the grammar takes `(any)` for a parenthesized type. Its first
**   letter becomes `_`; the reparse must make it a parameter's name.
** * GAP_TUPLE_KEYWORD_LABEL: a keyword as a tuple member's label in type
**   arguments (`.map<[type: number, hash: Buffer]>(…)`); TypeScript accepts
**   any identifier name there. Its first letter becomes `_`; the reparse must
**   make it the name of a tuple member.
** * GAP_MEMBER_IN: a type member named `in` or `instanceof` on a new line
**   after another member without `;` (`a: string\n  in: number`): the
**   automatic-semicolon scanner takes `in` for the binary operator. The first
**   letter becomes `_`; the reparse must make it a property or method
**   signature's name.
** * GAP_MEMBER_GENERIC_SIGNATURE: a generic call signature on a new line
**   after another member without `;` (`): void\n  <A>(a: A): void`): the
**   scanner takes `<` for the operator. The blank before `<` becomes `;`
**   (TypeScript ends a type member at a line break, so this adds nothing the
**   line break did not say); the reparse must make it a member separator
**   followed by a call signature.
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
  GAP_JSX_AMPERSAND,
  GAP_TAGGED_TEMPLATE_TYPE_ARGS,
  GAP_TYPE_WORD_PARAM,
  GAP_TUPLE_KEYWORD_LABEL,
  GAP_MEMBER_IN,
  GAP_MEMBER_GENERIC_SIGNATURE,
  GAP_COUNT
} GapKind;

/* What the NOTE_GRAMMAR_GAP message says was repaired. */
static const char *const gap_what[GAP_COUNT] = {
    [GAP_LET_DECL] = "`let` followed by a line break",
    [GAP_USING_IDENT] = "`using` used as an identifier",
    [GAP_JSX_RESERVED_ATTR] = "a reserved word as a JSX attribute name",
    [GAP_IMPORT_TYPE] = "an `import(...)` type",
    [GAP_TEMPLATE_TYPE_ESCAPE] = "an escape sequence in a template literal type",
    [GAP_JSX_AMPERSAND] = "a raw `&` in JSX text or a JSX attribute string",
    [GAP_TAGGED_TEMPLATE_TYPE_ARGS] = "type arguments on a tagged template",
    [GAP_TYPE_WORD_PARAM] = "a function type parameter named like a predefined type",
    [GAP_TUPLE_KEYWORD_LABEL] = "a keyword as a tuple member label",
    [GAP_MEMBER_IN] = "a type member named `in` or `instanceof` after a line break",
    [GAP_MEMBER_GENERIC_SIGNATURE] = "a generic call signature after a line break",
};

typedef struct JsGapOpts {
  bool jsx;   /* the grammar accepts JSX */
  bool types; /* the grammar is TypeScript's */
} JsGapOpts;

/* Section - Bytes around a token */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\r'; }

/* The index of the first byte at or after i that is not whitespace or in a
** comment (len when none). */
static uint32_t skip_trivia(const char *text, uint32_t len, uint32_t i) {
  while (i < len) {
    if (is_space(text[i])) {
      i++;
    } else if (text[i] == '/' && i + 1 < len && text[i + 1] == '/') {
      const char *nl = memchr(text + i, '\n', len - i);
      i = nl ? (uint32_t)(nl - text) : len;
    } else if (text[i] == '/' && i + 1 < len && text[i + 1] == '*') {
      const char *end = memmem(text + i + 2, len - i - 2, "*/", 2);
      i = end ? (uint32_t)(end - text) + 2 : len;
    } else {
      break;
    }
  }
  return i;
}

/* The byte before position i once blanks and line breaks are skipped ('\0'
** at the start). */
static char prev_significant(const char *text, uint32_t i) {
  while (i > 0 && is_space(text[i - 1])) i--;
  return i > 0 ? text[i - 1] : '\0';
}

/* True when only blanks, then a line break, come before position i. */
static bool starts_line(const char *text, uint32_t i) {
  while (i > 0 && is_blank(text[i - 1])) i--;
  return i > 0 && (text[i - 1] == '\n' || text[i - 1] == '\r');
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

static bool is_word(const char *s, uint32_t n) {
  if (n == 0) return false;
  for (uint32_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) return false;
  return true;
}

static bool text_is(const char *s, uint32_t n, const char *word) {
  return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* True when n, or one of its ancestors up to `levels` above it, is or holds
** an error. */
static bool near_error(TSNode n, int levels) {
  for (int i = 0; i <= levels && ts_ok(n); i++, n = ts_node_parent(n))
    if (ts_node_is_error(n) || ts_node_has_error(n)) return true;
  return false;
}

/* Section - Candidates */

/* Words JSX allows as attribute names that the grammar lexes as keywords. */
static const char *const reserved_words[] = {
    "break",  "case",    "catch",      "class",      "const",     "continue", "debugger", "default",
    "delete", "do",      "else",       "enum",       "export",    "extends",  "false",    "finally",
    "for",    "function", "if",        "implements", "import",    "in",       "instanceof", "interface",
    "new",    "null",    "package",    "private",    "protected", "public",   "return",   "super",
    "switch", "this",    "throw",      "true",       "try",       "typeof",   "var",      "void",
    "while",  "with",
};

/* The predefined types a parameter name can be mistaken for (`void` is
** reserved, so it cannot name a parameter). */
static const char *const type_words[] = {"any", "boolean", "never", "number", "object", "string", "symbol",
                                         "unknown"};

static bool in_list(const char *const *list, size_t n_list, const char *s, uint32_t n) {
  char word[16];
  if (n == 0 || n >= sizeof word) return false;
  memcpy(word, s, n);
  word[n] = '\0';
  return ts_name_rank(list, n_list, word) != 0;
}

#define IN_LIST(list, s, n) in_list(list, sizeof list / sizeof list[0], s, n)

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

/* True when text[i] is a `&` that starts a character reference as the JSX
** grammar reads one: `&name;`, `&#123;`, `&#x1F;`. */
static bool starts_char_reference(const char *text, uint32_t len, uint32_t i) {
  uint32_t j = i + 1, digits = 0;
  if (j < len && text[j] == '#') {
    j++;
    bool hex = j < len && (text[j] == 'x' || text[j] == 'X');
    if (hex) j++;
    for (; j < len && digits < 7; j++, digits++) {
      char c = text[j];
      bool ok = (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) break;
    }
    return digits > 0 && digits <= (hex ? 6u : 5u) && j < len && text[j] == ';';
  }
  for (; j < len && digits < 31 && is_word(text + j, 1); j++, digits++) {
  }
  return digits > 0 && digits <= 30 && j < len && text[j] == ';';
}

static bool is_jsx_node(TSNode n) {
  return ts_is(n, "jsx_element") || ts_is(n, "jsx_opening_element") || ts_is(n, "jsx_closing_element") ||
         ts_is(n, "jsx_self_closing_element") || ts_is(n, "jsx_attribute") || ts_is(n, "jsx_text") ||
         ts_is(n, "html_character_reference");
}

/* True when n sits in JSX text or an attribute string: its nearest ancestor
** that is neither an ERROR nor a string is a JSX element or attribute (a
** `{…}` expression or anything else is code), or, where error recovery
** lost the element, JSX text or a tag comes right before it. */
static bool in_jsx_text(TSNode n) {
  TSNode prev = ts_node_prev_sibling(n);
  if (ts_ok(prev) && is_jsx_node(prev)) return true;
  for (int guard = 0; guard < 64; guard++) {
    n = ts_node_parent(n);
    if (!ts_ok(n)) return false;
    if (ts_node_is_error(n) || ts_is(n, "string")) continue;
    return is_jsx_node(n) || ts_is(n, "jsx_fragment");
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

/* Leaves that may be a type word or keyword in a name's place. The lexical
** tests come first: ts_node_parent is linear in the siblings before a node. */
static void collect_word_leaf(GapCollect *c, TSNode n, uint32_t s, uint32_t n_len) {
  const char *t = c->text + s;
  char prev = prev_significant(c->text, s);
  bool type_word = prev == '(' && IN_LIST(type_words, t, n_len);
  bool label = prev == '[' || prev == ',';
  bool member = (text_is(t, n_len, "in") || text_is(t, n_len, "instanceof")) && starts_line(c->text, s);
  if (!type_word && !label && !member) return;
  uint32_t after = skip_trivia(c->text, c->len, s + n_len);
  char next = after < c->len ? c->text[after] : '\0';
  if (next == '?' && after + 1 < c->len) next = c->text[skip_trivia(c->text, c->len, after + 1)];
  /* `in` and `instanceof` are reserved: as an identifier they are misread too */
  if (member && (next == ':' || next == '(' || next == '<') && near_error(n, 2))
    gap_collect_add(c, s, 1, GAP_MEMBER_IN);
  if (ts_node_is_named(n) && !ts_node_is_error(ts_node_parent(n))) return; /* a name already */
  if (type_word && (next == ')' || next == ':' || next == ',') && near_error(n, 6))
    gap_collect_add(c, s, 1, GAP_TYPE_WORD_PARAM);
  else if (label && next == ':' && near_error(n, 1))
    gap_collect_add(c, s, 1, GAP_TUPLE_KEYWORD_LABEL);
}

static void collect_ampersands(GapCollect *c, TSNode n, uint32_t s, uint32_t e) {
  if (!memchr(c->text + s, '&', e - s) || !(ts_node_is_error(n) || gap_parent_is_broken(n)) || !in_jsx_text(n)) return;
  for (uint32_t i = s; i < e; i++)
    if (c->text[i] == '&' && !starts_char_reference(c->text, c->len, i)) gap_collect_add(c, i, 1, GAP_JSX_AMPERSAND);
}

/* True when the `<` at text[s] opens type parameters that a `(` follows on
** the same line: `<T>(`, `<A extends Map<K, V>>(` (not a JSX tag). */
static bool opens_signature(const char *text, uint32_t len, uint32_t s) {
  int depth = 0;
  for (uint32_t i = s; i < len && text[i] != '\n'; i++) {
    if (text[i] == '<') depth++;
    if (text[i] != '>' || --depth > 0) continue;
    uint32_t next = skip_trivia(text, len, i + 1);
    return next < len && text[next] == '(';
  }
  return false;
}

/* The `<` of `<T>(…)` at the start of a line, where the grammar broke
** (the `<` of type parameters, or of a comparison error recovery made). */
static void collect_generic_signature(GapCollect *c, TSNode n, uint32_t s) {
  if (s == 0 || !is_blank(c->text[s - 1]) || !starts_line(c->text, s) || !opens_signature(c->text, c->len, s) ||
      !near_error(n, 2))
    return;
  gap_collect_add(c, s - 1, 1, GAP_MEMBER_GENERIC_SIGNATURE);
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
  } else if (o->types && is_word(t, n_len)) {
    collect_word_leaf(c, n, s, n_len);
  } else if (o->types && n_len == 1 && t[0] == '<') {
    collect_generic_signature(c, n, s);
  }
  if (o->jsx && IN_LIST(reserved_words, t, n_len) && gap_parent_is_broken(n) &&
      jsx_attr_context(c->text, c->len, s, e))
    gap_collect_add(c, s, n_len, GAP_JSX_RESERVED_ATTR);
  if (o->jsx) collect_ampersands(c, n, s, e);
}

/* `f<T>` followed by a template, where the grammar broke. */
static void collect_tagged_template(GapCollect *c, TSNode n) {
  uint32_t after = skip_trivia(c->text, c->len, ts_node_end_byte(n));
  if (after >= c->len || c->text[after] != '`') return;
  TSNode args = ts_field(n, "type_arguments");
  if (!ts_ok(args) || ts_node_has_error(args) || !near_error(n, 2)) return;
  uint32_t s = ts_node_start_byte(args);
  gap_collect_add(c, s, ts_node_end_byte(args) - s, GAP_TAGGED_TEMPLATE_TYPE_ARGS);
}

/* A type name: `T`, `a.T` (what `(f < T) > `…`` has between the operators). */
static bool is_plain_type_name(TSNode n) {
  for (int guard = 0; guard < 8 && ts_is(n, "member_expression"); guard++) n = ts_field(n, "object");
  return ts_is(n, "identifier");
}

/* `(f < T) > `…``, which TypeScript reads as `f<T>`…``: the `< T >` part. */
static void collect_misread_tagged_template(GapCollect *c, TSNode n) {
  const JsGapOpts *o = c->lang_ud;
  TSNode right = ts_field(n, "right"), left = ts_field(n, "left");
  if (!o->types || !ts_is(right, "template_string") || !ts_is(left, "binary_expression")) return;
  TSNode gt = ts_field(n, "operator"), lt = ts_field(left, "operator"), name = ts_field(left, "right");
  if (!ts_is(gt, ">") || !ts_is(lt, "<") || !is_plain_type_name(name) || ts_node_has_error(n)) return;
  uint32_t s = ts_node_start_byte(lt);
  gap_collect_add(c, s, ts_node_end_byte(gt) - s, GAP_TAGGED_TEMPLATE_TYPE_ARGS);
}


static bool js_gap_visit(GapCollect *c, TSNode n) {
  if (ts_is(n, "expression_statement")) {
    TSNode let;
    if (lone_let_statement(c, n, &let)) gap_collect_add(c, ts_node_start_byte(let), 3, GAP_LET_DECL);
  } else if (ts_is(n, "binary_expression")) {
    collect_misread_tagged_template(c, n);
  }
  if (c->pre_pass) return ts_node_child_count(n) > 0;
  const JsGapOpts *o = c->lang_ud;
  if (o->types && ts_is(n, "instantiation_expression")) collect_tagged_template(c, n);
  if (ts_node_child_count(n) == 0) {
    if (!ts_node_is_missing(n)) collect_leaf(c, n);
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
    case GAP_TAGGED_TEMPLATE_TYPE_ARGS:
      for (uint32_t i = e->start; i < e->start + e->len; i++)
        if (text[i] != '\n' && text[i] != '\r') text[i] = ' ';
      break;
    case GAP_MEMBER_GENERIC_SIGNATURE: text[e->start] = ';'; break;
    case GAP_USING_IDENT:
    case GAP_JSX_RESERVED_ATTR:
    case GAP_JSX_AMPERSAND:
    case GAP_TYPE_WORD_PARAM:
    case GAP_TUPLE_KEYWORD_LABEL:
    case GAP_MEMBER_IN:
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

static bool is_identifier_leaf(TSNode n) {
  const char *type = ts_node_type(n);
  size_t tl = strlen(type);
  return ts_node_is_named(n) && ts_node_child_count(n) == 0 &&
         ((tl >= 10 && strcmp(type + tl - 10, "identifier") == 0) ||
          (tl >= 18 && strcmp(type + tl - 18, "identifier_pattern") == 0));
}

/* A parameter's name: `x` in `(x)`, `(x?: T)`, `(...x)`. */
static bool is_parameter_name(TSNode n) {
  TSNode p = ts_node_parent(n);
  if (ts_is(p, "rest_pattern")) p = ts_node_parent(p);
  return ts_is(n, "identifier") && (ts_is(p, "required_parameter") || ts_is(p, "optional_parameter"));
}

/* The template after blanked type arguments is the argument of a call whose
** callee ends before them. */
static bool tagged_template_took(TSNode root, const char *text, uint32_t len, const GapEdit *e) {
  uint32_t tick = skip_trivia(text, len, e->start + e->len);
  if (tick >= len || text[tick] != '`') return false;
  TSNode n = gap_clean_node_at(root, tick, 1);
  if (!ts_ok(n)) return false;
  TSNode tpl = ts_node_parent(n), call = ts_node_parent(tpl);
  if (!ts_is(tpl, "template_string") || ts_node_start_byte(tpl) != tick || !ts_is(call, "call_expression") ||
      gap_has_error_ancestor(call) || ts_node_has_error(call))
    return false;
  TSNode callee = ts_field(call, "function");
  return ts_ok(callee) && ts_node_end_byte(callee) <= e->start;
}

/* The `;` put before `<` separates two members, and a call signature follows. */
static bool separator_took(TSNode root, const GapEdit *e) {
  TSNode n = gap_clean_node_at(root, e->start, 1);
  if (!ts_ok(n) || !ts_is(n, ";") || !gap_node_is_exactly(n, e->start, 1)) return false;
  TSNode p = ts_node_parent(n);
  if (!ts_is(p, "object_type") && !ts_is(p, "interface_body")) return false;
  TSNode next = ts_node_next_named_sibling(n);
  return ts_ok(next) && ts_is(next, "call_signature") && ts_node_start_byte(next) == e->start + 1;
}

static bool js_gap_verify(TSNode root, const char *text, uint32_t len, const GapEdit *e) {
  if (e->kind == GAP_TAGGED_TEMPLATE_TYPE_ARGS) return tagged_template_took(root, text, len, e);
  if (e->kind == GAP_MEMBER_GENERIC_SIGNATURE) return separator_took(root, e);
  TSNode n = gap_clean_node_at(root, e->start, e->len);
  if (!ts_ok(n)) return false;
  bool exact = gap_node_is_exactly(n, e->start, e->len);
  TSNode p = ts_node_parent(n);
  switch ((GapKind)e->kind) {
    case GAP_LET_DECL: return exact && ts_is(n, "var") && ts_is(p, "variable_declaration");
    case GAP_USING_IDENT: return exact && is_identifier_leaf(n);
    case GAP_JSX_RESERVED_ATTR: return exact && ts_is(n, "property_identifier") && ts_is(p, "jsx_attribute");
    case GAP_IMPORT_TYPE: return exact && is_type_entity(n);
    case GAP_TEMPLATE_TYPE_ESCAPE: return ts_is(n, "string_fragment") && ts_is(p, "template_literal_type");
    case GAP_JSX_AMPERSAND:
      return (ts_is(n, "jsx_text") && (ts_is(p, "jsx_element") || ts_is(p, "jsx_fragment"))) ||
             (ts_is(n, "string_fragment") && ts_is(p, "string") && ts_is(ts_node_parent(p), "jsx_attribute"));
    case GAP_TYPE_WORD_PARAM: {
      TSNode params = ts_node_parent(ts_is(p, "rest_pattern") ? ts_node_parent(p) : p);
      return is_parameter_name(n) && ts_is(params, "formal_parameters");
    }
    case GAP_TUPLE_KEYWORD_LABEL: return is_parameter_name(n) && ts_is(ts_node_parent(p), "tuple_type");
    case GAP_MEMBER_IN:
      return ts_is(n, "property_identifier") && ts_node_start_byte(n) == e->start &&
             (ts_is(p, "property_signature") || ts_is(p, "method_signature"));
    case GAP_TAGGED_TEMPLATE_TYPE_ARGS:
    case GAP_MEMBER_GENERIC_SIGNATURE:
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

/* True when src has a `>` followed by a template (TypeScript only). */
static bool has_gt_template(const char *src, uint32_t len) {
  for (const char *p = src, *end = src + len; (p = memchr(p, '>', (size_t)(end - p))) != NULL; p++) {
    uint32_t after = skip_trivia(src, len, (uint32_t)(p + 1 - src));
    if (after < len && src[after] == '`') return true;
  }
  return false;
}

/* The pre-pass looks for the misreadings no error shows. */
static bool js_gap_wants_pre_pass(const char *src, uint32_t len, const void *lang_ud) {
  const JsGapOpts *o = lang_ud;
  return has_let_line_break(src, len) || (o->types && has_gt_template(src, len));
}

static const GapLang js_gap_lang = {
    .n_kinds = GAP_COUNT,
    .what = gap_what,
    .visit = js_gap_visit,
    .apply = js_gap_apply,
    .verify = js_gap_verify,
    .wants_pre_pass = js_gap_wants_pre_pass,
};

TSTree *js_repair_gaps(FileCtx *fx, TSTree *tree, const char *src, uint32_t len, bool jsx, bool types,
                       GapReparseFn reparse, void *ud) {
  assert(ts_names_sorted(reserved_words, sizeof reserved_words / sizeof reserved_words[0]));
  assert(ts_names_sorted(type_words, sizeof type_words / sizeof type_words[0]));
  JsGapOpts opts = {.jsx = jsx, .types = types};
  return gap_repair(fx, tree, src, len, &js_gap_lang, &opts, reparse, ud);
}

/* Section - NUL bytes */

/* True when the byte at offset i is in a string literal, template text or a
** comment (the places the reader's lexical scan accepts; JS also allows a
** NUL in a regular expression or JSX text, which neither counts). */
static bool nul_is_in_text(TSNode root, uint32_t i) {
  TSNode n = ts_node_descendant_for_byte_range(root, i, i + 1);
  if (!ts_ok(n)) return false;
  TSNode p = ts_node_parent(n);
  if (ts_is(n, "string_fragment") || ts_is(n, "escape_sequence"))
    return ts_is(p, "string") || ts_is(p, "template_string");
  return ts_is(n, "comment");
}

bool js_check_nul_bytes(FileCtx *fx, TSNode root, const char *src, uint32_t len) {
  uint32_t n = 0, line = 1, first_line = 0, col = 0;
  for (uint32_t i = 0, line_start = 0; i < len; i++) {
    if (src[i] == '\n') line++, line_start = i + 1;
    if (src[i] != '\0') continue;
    if (!nul_is_in_text(root, i)) {
      fx_note(fx, NOTE_SKIPPED_BINARY, (SrcLoc){0, 0, 0, 0},
              "the file contains a NUL byte outside string literals and comments (first at line %u); treated as "
              "binary, not analysed",
              line);
      return false;
    }
    if (n++ == 0) first_line = line, col = i - line_start + 1;
  }
  if (n)
    fx_note(fx, NOTE_GRAMMAR_GAP, (SrcLoc){first_line, col, first_line, col + 1},
            "a NUL byte in a string, template literal or comment (%u place%s): valid syntax the bundled tree-sitter "
            "grammar rejects; parsed with each NUL read as a space, and analysed completely",
            n, n == 1 ? "" : "s");
  return true;
}
