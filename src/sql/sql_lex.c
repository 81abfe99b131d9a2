/* sql_lex: see sql_lex.h. One forward pass over the bytes; nothing allocated.
** Unterminated strings, comments and holes run to the end of the text, which
** is the quiet outcome: the classifier then sees fewer keywords, not wrong ones. */
#include "sql/sql_lex.h"

#include <string.h>

typedef struct KwEntry {
  const char *name;
  unsigned char len;
  SqlKw kw;
} KwEntry;

static const KwEntry sql_lex__keywords[] = {
#define SQL_KW_ENTRY(name) {#name, sizeof(#name) - 1, SQL_KW_##name},
    SQL_KEYWORDS(SQL_KW_ENTRY)
#undef SQL_KW_ENTRY
};

enum { SQL_LEX_MAX_KW_LEN = 16 };

static unsigned char lex__upper(unsigned char c) { return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : c; }
static bool lex__is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
/* Non-ASCII bytes count as letters: identifiers may be UTF-8. */
static bool lex__is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static bool lex__is_ident_char(unsigned char c) { return lex__is_ident_start(c) || lex__is_digit(c) || c == '$'; }

/* Keyword of a word, or SQL_KW_NONE. Words are short, so a length-filtered
** linear scan beats anything cleverer on this table size. */
static SqlKw lex__keyword(const char *ptr, size_t len) {
  if (len > SQL_LEX_MAX_KW_LEN) return SQL_KW_NONE;
  char up[SQL_LEX_MAX_KW_LEN];
  for (size_t i = 0; i < len; i++) up[i] = (char)lex__upper((unsigned char)ptr[i]);
  for (size_t i = 0; i < sizeof sql_lex__keywords / sizeof sql_lex__keywords[0]; i++) {
    const KwEntry *e = &sql_lex__keywords[i];
    if (e->len == len && e->name[0] == up[0] && memcmp(e->name, up, len) == 0) return e->kw;
  }
  return SQL_KW_NONE;
}

/* Skips a JavaScript string inside a hole; p is just after the opening quote.
** Returns the byte after the closing quote. */
static const char *lex__skip_js_string(const char *p, const char *end, char quote) {
  while (p < end) {
    if (*p == '\\') p += 2;
    else if (*p++ == quote) return p;
  }
  return end;
}

/* Skips a template hole; p is at "${". Braces nest, and JavaScript strings in
** the expression may hold braces of their own. Returns the byte after '}'. */
static const char *lex__skip_hole(SqlLexer *self, const char *p) {
  const char *end = self->end;
  int depth = 0;
  self->saw_hole = true;
  for (p += 1; p < end;) {
    char c = *p++;
    if (c == '{') depth++;
    else if (c == '}' && --depth == 0) return p;
    else if (c == '\'' || c == '"' || c == '`') p = lex__skip_js_string(p, end, c);
  }
  return end;
}

/* Skips quoted text whose closing quote is doubled to escape it; p is just
** after the opening quote. Backslash escapes are honoured in strings (MySQL
** default) so that 'it\'s' does not swallow the rest of the text. Returns the
** closing quote, or end when there is none. */
static const char *lex__skip_quoted(SqlLexer *self, const char *p, char quote, bool backslash) {
  const char *end = self->end;
  while (p < end) {
    if (*p == quote) {
      if (p + 1 < end && p[1] == quote) p += 2;
      else return p;
    } else if (backslash && *p == '\\') {
      p += 2;
    } else if (*p == '$' && p + 1 < end && p[1] == '{') {
      p = lex__skip_hole(self, p);
    } else {
      p++;
    }
  }
  return end;
}

/* Skips a block comment; p is at "/" "*". PostgreSQL nests them, and treating
** them as nested is the quiet choice for MySQL text too. */
static const char *lex__skip_block_comment(const char *p, const char *end) {
  int depth = 0;
  while (p + 1 < end) {
    if (p[0] == '/' && p[1] == '*') {
      depth++;
      p += 2;
    } else if (p[0] == '*' && p[1] == '/') {
      p += 2;
      if (--depth == 0) return p;
    } else {
      p++;
    }
  }
  return end;
}

static const char *lex__skip_line(const char *p, const char *end) {
  while (p < end && *p != '\n') p++;
  return p;
}

/* Skips white space and comments. Returns the first byte of the next token. */
static const char *lex__skip_space(const SqlLexer *self, const char *p) {
  const char *end = self->end;
  while (p < end) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') p++;
    else if (c == '-' && p + 1 < end && p[1] == '-') p = lex__skip_line(p, end);
    else if (c == '/' && p + 1 < end && p[1] == '*') p = lex__skip_block_comment(p, end);
    else if (c == '#' && self->stmt_start) p = lex__skip_line(p, end); /* '#' is an operator elsewhere in PostgreSQL */
    else break;
  }
  return p;
}

/* Reads a token that starts with '$': a hole, a positional parameter, or a
** dollar-quoted string. Sets out->kind and returns the byte after it. */
static const char *lex__dollar(SqlLexer *self, const char *p, SqlTok *out) {
  const char *end = self->end, *t = p + 1;
  if (t < end && *t == '{') {
    out->kind = SQL_TK_HOLE;
    return lex__skip_hole(self, p);
  }
  out->kind = SQL_TK_PARAM;
  if (t < end && lex__is_digit((unsigned char)*t)) {
    while (t < end && lex__is_digit((unsigned char)*t)) t++;
    return t;
  }
  while (t < end && *t != '$' && lex__is_ident_char((unsigned char)*t)) t++;
  if (t >= end || *t != '$') return t; /* $name: a named parameter */
  size_t tag_len = (size_t)(t + 1 - p);
  out->kind = SQL_TK_STRING;
  for (const char *q = t + 1; q + tag_len <= end; q++)
    if (*q == '$' && memcmp(q, p, tag_len) == 0) return q + tag_len;
  return end;
}

/* Reads a quoted token (string or quoted name) starting at the quote p. */
static const char *lex__quoted(SqlLexer *self, const char *p, SqlTok *out) {
  char quote = *p;
  const char *close = lex__skip_quoted(self, p + 1, quote, quote == '\'');
  out->kind = quote == '\'' ? SQL_TK_STRING : SQL_TK_QUOTED;
  if (out->kind == SQL_TK_QUOTED) {
    out->ptr = p + 1;
    out->len = (size_t)(close - (p + 1));
  }
  return close < self->end ? close + 1 : close;
}

static SqlTokKind lex__punct(char c) {
  switch (c) {
  case ';': return SQL_TK_SEMI;
  case '(': return SQL_TK_LPAREN;
  case ')': return SQL_TK_RPAREN;
  case ',': return SQL_TK_COMMA;
  case '.': return SQL_TK_DOT;
  case '=': return SQL_TK_EQ;
  case '?': return SQL_TK_PARAM;
  default: return SQL_TK_OP;
  }
}

void sql_lexer_init(SqlLexer *self, const char *text, size_t len) {
  self->p = text;
  self->end = text + len;
  self->stmt_start = true;
  self->saw_hole = false;
}

void sql_lexer_next(SqlLexer *self, SqlTok *out) {
  const char *p = lex__skip_space(self, self->p), *end = self->end, *q;
  unsigned char c = p < end ? (unsigned char)*p : 0;
  out->ptr = p;
  out->kw = SQL_KW_NONE;
  if (p >= end) {
    out->kind = SQL_TK_EOF;
    q = p;
  } else if (lex__is_ident_start(c)) {
    for (q = p + 1; q < end && lex__is_ident_char((unsigned char)*q);) q++;
    out->kind = SQL_TK_WORD;
    out->kw = lex__keyword(p, (size_t)(q - p));
  } else if (lex__is_digit(c)) {
    for (q = p + 1; q < end && (lex__is_ident_char((unsigned char)*q) || *q == '.');) q++;
    out->kind = SQL_TK_NUMBER;
  } else if (c == '\'' || c == '"' || c == '`') {
    q = lex__quoted(self, p, out);
  } else if (c == '$') {
    q = lex__dollar(self, p, out);
  } else {
    out->kind = lex__punct((char)c);
    q = p + 1;
  }
  if (out->kind != SQL_TK_QUOTED) out->len = (size_t)(q - p);
  self->p = q;
  self->stmt_start = out->kind == SQL_TK_SEMI;
}

bool sql_tok_same_name(const SqlTok *a, const SqlTok *b) {
  if (a->len != b->len) return false;
  for (size_t i = 0; i < a->len; i++)
    if (lex__upper((unsigned char)a->ptr[i]) != lex__upper((unsigned char)b->ptr[i])) return false;
  return true;
}
