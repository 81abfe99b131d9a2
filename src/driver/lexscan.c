#define _GNU_SOURCE /* memmem */
#include "driver/lexscan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "sql/sql.h"

/* Conservative on purpose: a false "yes" only costs a parse. Library and
** object words (pool, client, conn, pg, mysql, …), SQL and transaction words
** (query, exec, begin, commit, rollback, savepoint, sql, transaction), and
** release/db for wrappers. */
const char *const lexscan_prefilter_words[] = {
    "pool", "client", "conn", "query", "exec", "transaction", "begin", "commit", "rollback",
    "savepoint", "release", "sql", "pg", "db", "knex", "sequelize", "prisma", "typeorm", NULL};

bool lexscan_prefilter(const char *src, size_t len, bool has_relative_import) {
  if (has_relative_import) return true;
  char *lower = xmalloc(len + 1);
  for (size_t i = 0; i < len; i++) lower[i] = (char)tolower((unsigned char)src[i]);
  bool hit = false;
  for (const char *const *w = lexscan_prefilter_words; *w && !hit; w++) hit = memmem(lower, len, *w, strlen(*w)) != NULL;
  free(lower);
  return hit;
}

/* Section - relative imports */

static bool is_ident(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

/* True when the word before position i (skipping blanks and '(') is kw. */
static bool preceded_by(const char *src, size_t i, const char *kw) {
  while (i > 0 && (isspace((unsigned char)src[i - 1]) || src[i - 1] == '(')) i--;
  size_t n = strlen(kw);
  if (i < n || memcmp(src + i - n, kw, n) != 0) return false;
  return i == n || !is_ident(src[i - n - 1]);
}

static bool is_relative(Str s) {
  return (s.len >= 2 && memcmp(s.ptr, "./", 2) == 0) || (s.len >= 3 && memcmp(s.ptr, "../", 3) == 0) ||
         (s.len == 1 && s.ptr[0] == '.') || (s.len == 2 && memcmp(s.ptr, "..", 2) == 0);
}

/* Skips a comment starting at i; returns the index after it (i if none). */
static size_t skip_comment(const char *src, size_t len, size_t i) {
  if (i + 1 >= len || src[i] != '/') return i;
  if (src[i + 1] == '/') {
    const char *nl = memchr(src + i, '\n', len - i);
    return nl ? (size_t)(nl - src) : len;
  }
  if (src[i + 1] == '*') {
    const char *end = memmem(src + i + 2, len - i - 2, "*/", 2);
    return end ? (size_t)(end - src) + 2 : len;
  }
  return i;
}

/* Reads a string literal opened at src[i]; returns the index after it. ' and
** " literals end at a newline (unterminated), template literals do not. */
static size_t read_literal(const char *src, size_t len, size_t i, Str *content) {
  char q = src[i];
  size_t j = i + 1;
  while (j < len && src[j] != q) {
    if (src[j] == '\\') j++;
    else if (src[j] == '\n' && q != '`') break;
    j++;
  }
  if (j > len) j = len;
  content->ptr = src + i + 1;
  content->len = j - i - 1;
  return j < len ? j + 1 : len;
}

/* Whether the specifier at src[i], after `from`, ends a type-only import or
** export (`import type { A } from '…'`, `export type * from '…'`): TypeScript
** erases it, so it adds no dependency between modules (and often closes an
** import cycle: a schema module importing its services' types). Not `import
** type from '…'` (a default import named type) nor `import type, { a }`. */
static bool type_only_import(const char *src, size_t i) {
  size_t lo = i > 4096 ? i - 4096 : 0, k = i;
  while (k > lo && src[k - 1] != ';') {
    k--;
    bool kw = (k + 6 <= i) && (memcmp(src + k, "import", 6) == 0 || memcmp(src + k, "export", 6) == 0) &&
              (k == 0 || !is_ident(src[k - 1])) && !is_ident(src[k + 6]);
    if (!kw) continue;
    size_t j = k + 6;
    while (j < i && isspace((unsigned char)src[j])) j++;
    if (j + 4 > i || memcmp(src + j, "type", 4) != 0 || is_ident(src[j + 4])) return false;
    j += 4;
    while (j < i && isspace((unsigned char)src[j])) j++;
    if (j >= i || src[j] == ',') return false;
    return !(j + 4 <= i && memcmp(src + j, "from", 4) == 0 && !is_ident(src[j + 4]));
  }
  return false;
}

void lexscan_js_imports(const char *src, size_t len, void (*fn)(void *ctx, Str spec), void *ctx) {
  size_t i = 0;
  while (i < len) {
    size_t after = skip_comment(src, len, i);
    if (after != i) {
      i = after;
      continue;
    }
    char c = src[i];
    if (c != '\'' && c != '"' && c != '`') {
      i++;
      continue;
    }
    Str spec;
    size_t next = read_literal(src, len, i, &spec);
    bool from = preceded_by(src, i, "from");
    if (c != '`' && spec.len && (from || preceded_by(src, i, "require") || preceded_by(src, i, "import")) &&
        !(from && type_only_import(src, i)))
      fn(ctx, spec);
    i = next;
  }
}

/* Section - NUL bytes in JavaScript text */

enum { NUL_SCAN_MAX_TEMPLATE_DEPTH = 64 };

/* Reads a ' or " literal opened at src[i], or the text of a template from
** src[i] (just after its backtick or a `}` closing a substitution) to its
** end or a `${`; returns the index after it. *opens is set when a `${`
** ended the text. */
static size_t skip_quoted(const char *src, size_t len, size_t i, char q, bool *opens) {
  *opens = false;
  while (i < len && src[i] != q) {
    if (src[i] == '\\') {
      i += 2;
      continue;
    }
    if (q != '`' && src[i] == '\n') return i;
    if (q == '`' && src[i] == '$' && i + 1 < len && src[i + 1] == '{') {
      *opens = true;
      return i + 2;
    }
    i++;
  }
  return i < len ? i + 1 : len;
}

size_t lexscan_js_nul_outside_text(const char *src, size_t len) {
  unsigned depth[NUL_SCAN_MAX_TEMPLATE_DEPTH]; /* brace depth inside each open `${` */
  int open = 0;
  size_t i = 0;
  while (i < len) {
    size_t after = skip_comment(src, len, i);
    if (after != i) {
      i = after;
      continue;
    }
    char c = src[i];
    bool opens = false;
    if (c == '\0') return i;
    if (c == '\'' || c == '"') {
      i = skip_quoted(src, len, i + 1, c, &opens);
    } else if (c == '`' || (c == '}' && open > 0 && depth[open - 1] == 0)) {
      if (c == '}') open--;
      i = skip_quoted(src, len, i + 1, '`', &opens);
      if (opens && open == NUL_SCAN_MAX_TEMPLATE_DEPTH) return len; /* too deep to follow: the parse decides */
      if (opens) depth[open++] = 0;
    } else {
      if (open > 0 && c == '{') depth[open - 1]++;
      if (open > 0 && c == '}') depth[open - 1]--;
      i++;
    }
  }
  return len;
}

bool lexscan_is_relative(Str spec) { return is_relative(spec); }

typedef struct RelFilter {
  void (*fn)(void *ctx, Str spec);
  void *ctx;
} RelFilter;

static void relative_only(void *ctx, Str spec) {
  const RelFilter *rf = ctx;
  if (is_relative(spec)) rf->fn(rf->ctx, spec);
}

void lexscan_relative_imports(const char *src, size_t len, void (*fn)(void *ctx, Str spec), void *ctx) {
  RelFilter rf = {fn, ctx};
  lexscan_js_imports(src, len, relative_only, &rf);
}

/* Section - suppressions */

static Str str_trim(Str s) {
  while (s.len && isspace((unsigned char)s.ptr[0])) s.ptr++, s.len--;
  while (s.len && isspace((unsigned char)s.ptr[s.len - 1])) s.len--;
  return s;
}

/* True when the directive at offset pos sits inside a comment: a line or block
** comment opener earlier on the line, or a block comment continuation line. */
static bool in_comment(Str line, size_t pos) {
  Str before = {line.ptr, pos};
  if (memmem(before.ptr, before.len, "//", 2) || memmem(before.ptr, before.len, "/*", 2)) return true;
  Str t = str_trim(before);
  return t.len == 1 && t.ptr[0] == '*';
}

bool lexscan_suppression(Str line, Suppression *out) {
  static const char kw_next[] = "txlint-disable-next-line", kw_line[] = "txlint-disable-line";
  const char *at = memmem(line.ptr, line.len, "txlint-disable-", 15);
  if (!at) return false;
  size_t pos = (size_t)(at - line.ptr), rest = line.len - pos;
  bool next = rest >= sizeof kw_next - 1 && memcmp(at, kw_next, sizeof kw_next - 1) == 0;
  size_t kw_len = next ? sizeof kw_next - 1 : sizeof kw_line - 1;
  if (!next && !(rest >= kw_len && memcmp(at, kw_line, kw_len) == 0)) return false;
  if (rest > kw_len && !isspace((unsigned char)at[kw_len])) return false; /* txlint-disable-lines */
  if (!in_comment(line, pos)) return false;
  Str tail = {at + kw_len, rest - kw_len};
  const char *close = memmem(tail.ptr, tail.len, "*/", 2);
  if (close) tail.len = (size_t)(close - tail.ptr);
  const char *dash = memmem(tail.ptr, tail.len, "--", 2);
  Suppression s = {next, tail, {"", 0}};
  if (dash) {
    s.rules.len = (size_t)(dash - tail.ptr);
    s.reason = str_trim((Str){dash + 2, tail.len - s.rules.len - 2});
  }
  s.rules = str_trim(s.rules);
  *out = s;
  return true;
}

bool lexscan_rule_listed(Str list, const char *rule_id) {
  size_t n = strlen(rule_id), i = 0;
  while (i < list.len) {
    while (i < list.len && (list.ptr[i] == ',' || isspace((unsigned char)list.ptr[i]))) i++;
    size_t start = i;
    while (i < list.len && list.ptr[i] != ',' && !isspace((unsigned char)list.ptr[i])) i++;
    if (i - start == n && n > 0 && memcmp(list.ptr + start, rule_id, n) == 0) return true;
  }
  return false;
}

/* Section - Go prefilter */

const char *const lexscan_go_tx_words[] = {"begin", "start", "commit", "end", "rollback", "abort",
                                           "savepoint", "release", NULL};

/* A literal's decoded text: a growable heap buffer reused across literals. */
typedef struct GoLit {
  char *buf;
  size_t len, cap;
} GoLit;

static void golit_put(GoLit *l, char c) {
  if (l->len + 1 > l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->buf = xrealloc(l->buf, l->cap);
  }
  l->buf[l->len++] = c;
}

static void golit_put_utf8(GoLit *l, unsigned long cp) {
  if (cp < 0x80) {
    golit_put(l, (char)cp);
  } else if (cp < 0x800) {
    golit_put(l, (char)(0xc0 | (cp >> 6)));
    golit_put(l, (char)(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    golit_put(l, (char)(0xe0 | (cp >> 12)));
    golit_put(l, (char)(0x80 | ((cp >> 6) & 0x3f)));
    golit_put(l, (char)(0x80 | (cp & 0x3f)));
  } else {
    golit_put(l, (char)(0xf0 | (cp >> 18)));
    golit_put(l, (char)(0x80 | ((cp >> 12) & 0x3f)));
    golit_put(l, (char)(0x80 | ((cp >> 6) & 0x3f)));
    golit_put(l, (char)(0x80 | (cp & 0x3f)));
  }
}

/* Reads up to n hex digits at src[*i] into *v; false (nothing consumed)
** when they are not all there. */
static bool read_hex_digits(const char *src, size_t end, size_t *i, size_t n, unsigned long *v) {
  unsigned long r = 0;
  if (*i + n > end) return false;
  for (size_t k = 0; k < n; k++) {
    char c = src[*i + k];
    if (!isxdigit((unsigned char)c)) return false;
    r = r * 16 + (unsigned long)(isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10);
  }
  *i += n;
  *v = r;
  return true;
}

/* Decodes the escape after a backslash at src[*i] (Go's rules: \x and octal
** give one byte, \u and \U a UTF-8 sequence). */
static void golit_escape(GoLit *l, const char *src, size_t end, size_t *i) {
  static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v";
  char c = src[(*i)++];
  unsigned long v;
  for (size_t k = 0; simple[k]; k += 2)
    if (c == simple[k]) {
      golit_put(l, simple[k + 1]);
      return;
    }
  bool byte = c == 'x' || (c >= '0' && c <= '7');
  if (c == 'x') {
    if (!read_hex_digits(src, end, i, 2, &v)) return;
  } else if (c == 'u' || c == 'U') {
    if (!read_hex_digits(src, end, i, c == 'u' ? 4 : 8, &v)) return;
  } else if (byte && *i + 1 < end && src[*i] >= '0' && src[*i] <= '7' && src[*i + 1] >= '0' && src[*i + 1] <= '7') {
    v = (unsigned long)((c - '0') * 64 + (src[*i] - '0') * 8 + (src[*i + 1] - '0'));
    *i += 2;
  } else {
    golit_put(l, c);
    return;
  }
  /* As the front end's decoder: a NUL cannot live in the IR's C strings and
  ** is dropped, as are code points beyond Unicode. */
  if (v == 0 || v > 0x10ffff) return;
  if (byte) golit_put(l, (char)v);
  else golit_put_utf8(l, v);
}

/* Reads the string literal opened at src[i] (" or `) into l; returns the
** index after it. An interpreted literal ends at a newline (unterminated). */
static size_t golit_read(GoLit *l, const char *src, size_t len, size_t i) {
  char q = src[i++];
  l->len = 0;
  while (i < len && src[i] != q) {
    if (q == '"' && src[i] == '\n') return i;
    if (q == '"' && src[i] == '\\' && i + 1 < len) {
      i++;
      golit_escape(l, src, len, &i);
    } else {
      if (q == '"' || src[i] != '\r') golit_put(l, src[i]); /* raw strings drop carriage returns */
      i++;
    }
  }
  return i < len ? i + 1 : len;
}

/* Skips the rune literal opened at src[i]; returns the index after it. */
static size_t skip_rune(const char *src, size_t len, size_t i) {
  for (i++; i < len && src[i] != '\'' && src[i] != '\n'; i++)
    if (src[i] == '\\') i++;
  return i < len ? i + 1 : len;
}

static bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Skips white space and SQL comments (--, # and nested block comments) at
** t[i], as the SQL lexer does before a statement's first word. */
static size_t sql_skip_space(const char *t, size_t len, size_t i) {
  while (i < len) {
    if (isspace((unsigned char)t[i])) {
      i++;
    } else if (t[i] == '#' || (t[i] == '-' && i + 1 < len && t[i + 1] == '-')) {
      while (i < len && t[i] != '\n') i++;
    } else if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
      int depth = 0;
      while (i + 1 < len) {
        if (t[i] == '/' && t[i + 1] == '*') depth++, i += 2;
        else if (t[i] == '*' && t[i + 1] == '/') {
          i += 2;
          if (--depth == 0) break;
        } else i++;
      }
      if (depth > 0) i = len;
    } else {
      break;
    }
  }
  return i;
}

/* True when the SQL classifier reads the statement at t as one that begins,
** ends or marks a transaction (the kinds whose calls on an unknown receiver
** the analyses follow). */
static bool is_tx_kind(const char *t, size_t len) {
  SqlInfo info;
  sql_classify(t, len, &info);
  switch (info.kind) {
  case SQL_BEGIN: case SQL_COMMIT: case SQL_ROLLBACK: case SQL_SAVEPOINT: case SQL_ROLLBACK_TO_SAVEPOINT:
  case SQL_RELEASE_SAVEPOINT: return true;
  default: return false;
  }
}

/* True when a statement of text, SQL read loosely, begins with one of
** lexscan_go_tx_words: at the start or after any ';' (even one inside quotes:
** more candidates, never fewer), past white space and comments, a word that
** no letter continues, and that the SQL classifier confirms. */
static bool has_tx_statement(const char *t, size_t len) {
  for (size_t start = 0; start <= len;) {
    size_t i = sql_skip_space(t, len, start);
    for (const char *const *w = lexscan_go_tx_words; *w; w++) {
      size_t n = strlen(*w);
      if (i + n <= len && strncasecmp(t + i, *w, n) == 0 && (i + n == len || !is_ascii_letter(t[i + n])) &&
          is_tx_kind(t + i, len - i))
        return true;
    }
    const char *semi = i < len ? memchr(t + i, ';', len - i) : NULL;
    if (!semi) break;
    start = (size_t)(semi - t) + 1;
  }
  return false;
}

static bool golit_matters(const GoLit *l, const char *const *paths, size_t n_paths) {
  for (size_t k = 0; k < n_paths; k++)
    if (strlen(paths[k]) == l->len && memcmp(paths[k], l->buf, l->len) == 0) return true;
  return has_tx_statement(l->buf, l->len);
}

bool lexscan_go_prefilter(const char *src, size_t len, const char *const *paths, size_t n_paths) {
  GoLit lit = {0};
  bool hit = false;
  for (size_t i = 0; i < len && !hit;) {
    size_t after = skip_comment(src, len, i);
    if (after != i) {
      i = after;
    } else if (src[i] == '\'') {
      i = skip_rune(src, len, i);
    } else if (src[i] == '"' || src[i] == '`') {
      i = golit_read(&lit, src, len, i);
      hit = golit_matters(&lit, paths, n_paths);
    } else {
      i++;
    }
  }
  free(lit.buf);
  return hit;
}

/* Section - Go import declarations */

static size_t go_skip_space(const char *src, size_t len, size_t i) {
  for (;;) {
    while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r' || src[i] == ';')) i++;
    size_t after = skip_comment(src, len, i);
    if (after == i) return i;
    i = after;
  }
}

static bool go_ident_char(char c) { return is_ascii_letter(c) || c == '_' || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80; }

/* The length of the identifier at src[i] (0 when none). */
static size_t go_ident(const char *src, size_t len, size_t i) {
  size_t j = i;
  while (j < len && go_ident_char(src[j])) j++;
  return j - i;
}

static bool go_word_at(const char *src, size_t len, size_t i, const char *w) {
  size_t n = strlen(w);
  return go_ident(src, len, i) == n && memcmp(src + i, w, n) == 0;
}

/* One import spec at src[i]: an optional name, then the path literal. */
static size_t go_import_spec(const char *src, size_t len, size_t i, GoLit *lit, void (*fn)(void *, Str), void *ctx) {
  size_t n = go_ident(src, len, i);
  if (n) i = go_skip_space(src, len, i + n);
  else if (i < len && src[i] == '.') i = go_skip_space(src, len, i + 1);
  if (i >= len || (src[i] != '"' && src[i] != '`')) return len; /* not Go we understand: stop */
  i = golit_read(lit, src, len, i);
  fn(ctx, (Str){lit->buf ? lit->buf : "", lit->len});
  return i;
}

void lexscan_go_imports(const char *src, size_t len, void (*fn)(void *ctx, Str path), void *ctx) {
  GoLit lit = {0};
  size_t i = go_skip_space(src, len, 0);
  if (!go_word_at(src, len, i, "package")) return;
  i = go_skip_space(src, len, i + 7);
  i = go_skip_space(src, len, i + go_ident(src, len, i));
  while (i < len && go_word_at(src, len, i, "import")) {
    i = go_skip_space(src, len, i + 6);
    if (i < len && src[i] == '(') {
      i = go_skip_space(src, len, i + 1);
      while (i < len && src[i] != ')') i = go_skip_space(src, len, go_import_spec(src, len, i, &lit, fn, ctx));
      i = go_skip_space(src, len, i + 1);
    } else {
      i = go_skip_space(src, len, go_import_spec(src, len, i, &lit, fn, ctx));
    }
  }
  free(lit.buf);
}
