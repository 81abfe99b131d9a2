/* c_ops: the operator of a unary or binary expression. libclang before
** LLVM 17 has no call for it, so it is read from the source text:
**
** - a prefix unary operator is the first token of the expression, which
**   clang_getToken lexes at its spelling (in a macro body too);
** - a binary operator written in the file sits between the end of its left
**   operand and the start of its right one;
** - a binary operator inside a macro body is found by parsing the macro's
**   text from the expression's first token with the C precedence rules:
**   the operators that start there form a left spine, and the AST says how
**   deep in it this one is (`a == b && c`: `==` is the first, `&&` the
**   second).
**
** When none of these works the caller lowers the expression as opaque. */
#include <string.h>

#include "frontend/c/c_lower.h"

/* Section - A small lexer over source text */

typedef struct OpLexer {
  const char *t;
  size_t len, i;
} OpLexer;

/* Longest first, so "<<=" is not read as "<". */
static const char *const punctuators[] = {
    "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=",
    "+=",  "-=",  "&=",  "^=", "|=", "##", "+",  "-",  "*",  "/",  "%",  "<",  ">",  "=",  "!",  "~",  "&",
    "|",   "^",   "?",   ":",  ",",  ".",  "(",  ")",  "[",  "]",  "{",  "}",  ";",  "#",  NULL};

static size_t skip_blank(const char *t, size_t len, size_t i) {
  while (i < len) {
    char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      i++;
    } else if (c == '\\' && i + 1 < len && (t[i + 1] == '\n' || t[i + 1] == '\r')) {
      i += 2;
    } else if (c == '/' && i + 1 < len && t[i + 1] == '/') {
      while (i < len && t[i] != '\n') i++;
    } else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
      size_t j = i + 2;
      while (j + 1 < len && !(t[j] == '*' && t[j + 1] == '/')) j++;
      i = j + 1 < len ? j + 2 : len;
    } else {
      break;
    }
  }
  return i;
}

/* The punctuator at t[i] (static string), or NULL. */
static const char *punct_at(const char *t, size_t len, size_t i) {
  for (const char *const *p = punctuators; *p; p++) {
    size_t n = strlen(*p);
    if (i + n <= len && memcmp(t + i, *p, n) == 0) return *p;
  }
  return NULL;
}

static bool ident_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$';
}

typedef enum TokKind { TK_END, TK_ATOM, TK_PUNCT } TokKind;

typedef struct Tok {
  TokKind kind;
  const char *punct; /* TK_PUNCT: static spelling */
  bool is_sizeof;    /* TK_ATOM: the keyword sizeof / _Alignof */
} Tok;

/* Reads one token and advances. Identifiers, numbers and literals are atoms. */
static Tok lex_next(OpLexer *lx) {
  Tok tk = {TK_END, NULL, false};
  lx->i = skip_blank(lx->t, lx->len, lx->i);
  if (lx->i >= lx->len) return tk;
  const char *t = lx->t;
  size_t i = lx->i;
  char c = t[i];
  if (ident_char(c) || (c == '.' && i + 1 < lx->len && t[i + 1] >= '0' && t[i + 1] <= '9')) {
    size_t j = i;
    while (j < lx->len && (ident_char(t[j]) || (t[j] == '.' && j > i && t[i] >= '0' && t[i] <= '9'))) j++;
    tk.kind = TK_ATOM;
    tk.is_sizeof = (j - i == 6 && memcmp(t + i, "sizeof", 6) == 0) || (j - i == 8 && memcmp(t + i, "_Alignof", 8) == 0);
    lx->i = j;
    return tk;
  }
  if (c == '"' || c == '\'') {
    size_t j = i + 1;
    while (j < lx->len && t[j] != c && t[j] != '\n') j += t[j] == '\\' ? 2 : 1;
    lx->i = j < lx->len ? j + 1 : lx->len;
    tk.kind = TK_ATOM;
    return tk;
  }
  tk.punct = punct_at(t, lx->len, i);
  if (!tk.punct) return tk;
  tk.kind = TK_PUNCT;
  lx->i = i + strlen(tk.punct);
  return tk;
}

static Tok lex_peek(OpLexer *lx) {
  size_t save = lx->i;
  Tok tk = lex_next(lx);
  lx->i = save;
  return tk;
}

static bool is_punct(Tok tk, const char *p) { return tk.kind == TK_PUNCT && strcmp(tk.punct, p) == 0; }

/* Section - Precedence parsing of a macro body */

/* C binary operator precedence (higher binds tighter); 0 = not binary. */
static int binary_prec(const char *p) {
  static const struct { const char *op; int prec; } table[] = {
      {"*", 13}, {"/", 13},  {"%", 13},  {"+", 12},  {"-", 12},  {"<<", 11}, {">>", 11}, {"<", 10},
      {"<=", 10}, {">", 10}, {">=", 10}, {"==", 9},  {"!=", 9},  {"&", 8},   {"^", 7},   {"|", 6},
      {"&&", 5}, {"||", 4},  {"?", 3},   {"=", 2},   {"*=", 2},  {"/=", 2},  {"%=", 2},  {"+=", 2},
      {"-=", 2}, {"<<=", 2}, {">>=", 2}, {"&=", 2},  {"^=", 2},  {"|=", 2},  {",", 1},
  };
  for (size_t i = 0; p && i < sizeof table / sizeof table[0]; i++)
    if (strcmp(table[i].op, p) == 0) return table[i].prec;
  return 0;
}

typedef struct Spine {
  const char *ops[16]; /* the operators of the outermost loop, innermost first */
  int n;
  int budget;          /* tokens left before giving up */
  bool failed;
} Spine;

static void parse_expr(OpLexer *lx, int min_prec, Spine *sp, int depth);

/* Skips a balanced group whose opener was just read. */
static void skip_group(OpLexer *lx, const char *open, const char *close, Spine *sp) {
  int depth = 1;
  while (depth > 0 && sp->budget-- > 0) {
    Tok tk = lex_next(lx);
    if (tk.kind == TK_END) {
      sp->failed = true;
      return;
    }
    if (is_punct(tk, open)) depth++;
    else if (is_punct(tk, close)) depth--;
  }
  if (depth > 0) sp->failed = true;
}

/* A unary expression: prefix operators and casts, a primary, postfixes. */
static void parse_unary(OpLexer *lx, Spine *sp, int depth) {
  if (depth > 64 || sp->budget-- <= 0) {
    sp->failed = true;
    return;
  }
  Tok tk = lex_next(lx);
  if (is_punct(tk, "!") || is_punct(tk, "~") || is_punct(tk, "-") || is_punct(tk, "+") || is_punct(tk, "*") ||
      is_punct(tk, "&") || is_punct(tk, "++") || is_punct(tk, "--") || (tk.kind == TK_ATOM && tk.is_sizeof)) {
    parse_unary(lx, sp, depth + 1);
    return;
  }
  if (is_punct(tk, "(")) {
    skip_group(lx, "(", ")", sp);
    /* `(T)x` is a cast when an operand follows; `(x)` otherwise. */
    if (!sp->failed && lex_peek(lx).kind == TK_ATOM) {
      parse_unary(lx, sp, depth + 1);
      return;
    }
  } else if (tk.kind != TK_ATOM) {
    sp->failed = true;
    return;
  }
  for (;;) { /* postfix: calls, subscripts, members, ++/-- */
    Tok nx = lex_peek(lx);
    if (is_punct(nx, "(") || is_punct(nx, "[")) {
      lex_next(lx);
      skip_group(lx, nx.punct, is_punct(nx, "(") ? ")" : "]", sp);
    } else if (is_punct(nx, ".") || is_punct(nx, "->")) {
      lex_next(lx);
      if (lex_next(lx).kind != TK_ATOM) sp->failed = true;
    } else if (is_punct(nx, "++") || is_punct(nx, "--")) {
      lex_next(lx);
    } else {
      break;
    }
    if (sp->failed) return;
  }
}

/* Precedence climbing; at depth 0 records the operators of the loop, which
** are the ones that start where the parse started. */
static void parse_expr(OpLexer *lx, int min_prec, Spine *sp, int depth) {
  parse_unary(lx, sp, depth + 1);
  while (!sp->failed) {
    Tok nx = lex_peek(lx);
    int prec = nx.kind == TK_PUNCT ? binary_prec(nx.punct) : 0;
    if (!prec || prec < min_prec) return;
    lex_next(lx);
    if (depth == 0 && sp->n < 16) sp->ops[sp->n++] = nx.punct;
    if (strcmp(nx.punct, "?") == 0) {
      parse_expr(lx, 1, sp, depth + 1);
      if (!is_punct(lex_next(lx), ":")) sp->failed = true;
      parse_expr(lx, 3, sp, depth + 1); /* right associative */
    } else {
      parse_expr(lx, prec == 2 ? 2 : prec + 1, sp, depth + 1);
    }
    if (depth > 64) sp->failed = true;
  }
}

/* Section - Reading operators */

static bool is_binary_op(const char *p) { return p && binary_prec(p) && strcmp(p, "?") != 0; }

/* How many operators share this one's first token, counting down its left
** operands: 1 for `a == b`, 2 for the `&&` of `a == b && c`. */
static int spine_depth(CCtx *cx, CXCursor op) {
  int k = 1;
  CXCursor n = c_child(cx, op, 0);
  for (int guard = 0; guard < 16 && !clang_Cursor_isNull(n); guard++) {
    enum CXCursorKind kind = clang_getCursorKind(n);
    if (kind == CXCursor_UnexposedExpr && c_count_kids(cx, n) == 1) { /* an implicit cast */
      n = c_child(cx, n, 0);
      continue;
    }
    if (kind != CXCursor_BinaryOperator && kind != CXCursor_CompoundAssignOperator &&
        kind != CXCursor_ConditionalOperator)
      break;
    k++;
    n = c_child(cx, n, 0);
  }
  return k;
}

/* True when l is inside a macro expansion (its text and its use site differ). */
static bool in_macro(CXSourceLocation l) {
  CXFile f1 = NULL, f2 = NULL;
  unsigned o1 = 0, o2 = 0;
  clang_getFileLocation(l, &f1, NULL, NULL, &o1);
  clang_getExpansionLocation(l, &f2, NULL, NULL, &o2);
  return o1 != o2 || !f1 || !f2 || !clang_File_isEqual(f1, f2);
}

/* The text between the operands, when both are in one file. Inside a macro,
** operands that are two different arguments (`EQ(a, b)` for `a == b`) have
** the argument separator between them, which is not the operator. */
static const char *op_between(CCtx *cx, CXCursor lhs, CXCursor rhs) {
  CXFile f1, f2;
  unsigned o1, o2;
  if (!c_file_offset(clang_getRangeEnd(clang_getCursorExtent(lhs)), &f1, &o1) ||
      !c_file_offset(clang_getRangeStart(clang_getCursorExtent(rhs)), &f2, &o2) || !clang_File_isEqual(f1, f2) ||
      o1 >= o2)
    return NULL;
  size_t len;
  const char *t = c_file_text(cx, f1, &len);
  if (!t || o2 > len) return NULL;
  size_t i = skip_blank(t, o2, o1);
  const char *p = i < o2 ? punct_at(t, o2, i) : NULL;
  if (!p || skip_blank(t, o2, i + strlen(p)) != o2) return NULL;
  if (strcmp(p, ",") == 0 && in_macro(clang_getRangeEnd(clang_getCursorExtent(lhs)))) return NULL;
  return p;
}

/* The operator found by parsing from the expression's first token. */
static const char *op_from_spine(CCtx *cx, CXCursor op) {
  CXToken *tok = clang_getToken(cx->tu, clang_getRangeStart(clang_getCursorExtent(op)));
  if (!tok) return NULL;
  CXFile f;
  unsigned off;
  bool have = c_file_offset(clang_getTokenLocation(cx->tu, *tok), &f, &off);
  clang_disposeTokens(cx->tu, tok, 1);
  size_t len;
  const char *t = have ? c_file_text(cx, f, &len) : NULL;
  if (!t || off >= len) return NULL;
  OpLexer lx = {t, len, off};
  Spine sp;
  memset(&sp, 0, sizeof sp);
  sp.budget = 4096;
  parse_expr(&lx, 1, &sp, 0);
  int k = spine_depth(cx, op);
  const char *p = k <= sp.n ? sp.ops[k - 1] : NULL;
  /* Parsed from a macro argument's text, a ',' separates arguments. */
  if (p && strcmp(p, ",") == 0 && in_macro(clang_getRangeStart(clang_getCursorExtent(op)))) return NULL;
  return p;
}

const char *c_binary_op(CCtx *cx, CXCursor op) {
  uint32_t base = c_kids(cx, op);
  const char *p = NULL;
  if (c_kids_n(cx, base) == 2) p = op_between(cx, c_kid(cx, base, 0), c_kid(cx, base, 1));
  c_kids_pop(cx, base);
  if (!is_binary_op(p)) p = op_from_spine(cx, op);
  return is_binary_op(p) ? p : NULL;
}

const char *c_unary_op(CCtx *cx, CXCursor op, bool *postfix) {
  static const char *const prefix[] = {"!",          "~",        "-",      "+",      "*",       "&",      "++",
                                       "--",         "&&",       "__extension__", "__real__", "__imag__",
                                       "__real",     "__imag",   NULL};
  *postfix = false;
  CXToken *tok = clang_getToken(cx->tu, clang_getRangeStart(clang_getCursorExtent(op)));
  if (!tok) return NULL;
  CXString s = clang_getTokenSpelling(cx->tu, *tok);
  const char *sp = clang_getCString(s);
  const char *found = NULL;
  for (const char *const *p = prefix; sp && *p && !found; p++)
    if (strcmp(sp, *p) == 0) found = *p;
  clang_disposeString(s);
  clang_disposeTokens(cx->tu, tok, 1);
  if (found) return found;
  /* x++ / x--: the expression starts with its operand; both are increments to us. */
  *postfix = true;
  return "++";
}
