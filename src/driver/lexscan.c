#define _GNU_SOURCE /* memmem */
#include "driver/lexscan.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "sql/sql.h"

/* Conservative on purpose: a false "yes" only costs a parse. Library and
** object words (pool, client, conn, pg, mysql, …), SQL and transaction words
** (query, exec, begin, commit, rollback, savepoint, sql, transaction), and
** release/db for wrappers; TLS settings (rejectUnauthorized, sslmode) for a
** module that only builds the options another module's pool takes. */
const char *const lexscan_prefilter_words[] = {
    "pool", "client", "conn", "query", "exec", "transaction", "begin", "commit", "rollback",
    "savepoint", "release", "sql", "pg", "db", "knex", "sequelize", "prisma", "typeorm",
    "rejectunauthorized", "sslmode", NULL};

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
    if (c != '`' && spec.len &&
        (preceded_by(src, i, "from") || preceded_by(src, i, "require") || preceded_by(src, i, "import")))
      fn(ctx, spec);
    i = next;
  }
}

/* The word at src[i] (letters, digits, _ and $) is w. */
static bool word_at(const char *src, size_t len, size_t i, const char *w) {
  size_t n = strlen(w);
  return i + n <= len && memcmp(src + i, w, n) == 0 && (i + n == len || !is_ident(src[i + n])) &&
         (i == 0 || !is_ident(src[i - 1]));
}

/* The `import` or `export` word that opens the statement whose specifier text starts at spec,
** looked for at most back bytes before it and not past a `;`, or SIZE_MAX. */
static size_t statement_keyword(const char *src, size_t len, const char *spec, size_t back) {
  if (!src || spec < src || spec > src + len) return SIZE_MAX;
  size_t at = (size_t)(spec - src), lo = at > back ? at - back : 0;
  for (size_t i = at; i-- > lo;) {
    if (src[i] == ';') return SIZE_MAX;
    if (word_at(src, len, i, "import") || word_at(src, len, i, "export")) return i;
  }
  return SIZE_MAX;
}

bool lexscan_js_type_only_import(const char *src, size_t len, const char *spec) {
  size_t i = statement_keyword(src, len, spec, 4096);
  if (i == SIZE_MAX) return false;
  size_t at = (size_t)(spec - src), j = i + 6;
  while (j < at && isspace((unsigned char)src[j])) j++;
  if (!word_at(src, len, j, "type")) return false;
  j += 4;
  while (j < at && isspace((unsigned char)src[j])) j++;
  /* `import type from './x'` and `import type, { a } from` import a default named type. */
  return j < at && !word_at(src, len, j, "from") && src[j] != ',';
}

/* Section - TypeScript imports that take only types
**
** An import of interfaces, type aliases and enums (`import { Person, Hub } from '../types'`)
** links no value the analysis could use — the front end lowers those declarations to
** nothing — so as a dependency edge it would only tie import cycles: a `types.ts` that names
** the classes of the modules which import its interfaces puts them all on one level, where
** none sees the others' summaries. */

static size_t skip_blank(const char *s, size_t len, size_t i) {
  while (i < len && isspace((unsigned char)s[i])) i++;
  return i;
}

static size_t ident_end(const char *s, size_t len, size_t i) {
  while (i < len && is_ident(s[i])) i++;
  return i;
}

int lexscan_ts_import_names(const char *src, size_t len, const char *spec, Str *names, int max) {
  size_t kw = statement_keyword(src, len, spec, 8192);
  if (kw == SIZE_MAX || src[kw] == 'e') return -1; /* none, or a re-export: it hands its values on */
  size_t at = (size_t)(spec - src) - 1; /* the opening quote */
  size_t i = skip_blank(src, at, kw + 6);
  if (i >= at || src[i] != '{') return -1; /* a default or namespace import, `import type`, a side effect */
  size_t close = i;
  while (close < at && src[close] != '}') close++;
  size_t after = skip_blank(src, at, close + 1);
  if (close >= at || !word_at(src, at, after, "from") || skip_blank(src, at, after + 4) != at) return -1;
  int n = 0;
  for (size_t p = i + 1; p < close;) {
    p = skip_blank(src, close, p);
    if (p >= close) break;
    if (src[p] == ',') {
      p++;
      continue;
    }
    size_t e = ident_end(src, close, p);
    if (e == p) return -1; /* a string name (`"a-b" as ab`) or something unexpected */
    size_t next = skip_blank(src, close, e);
    bool type_mod = e - p == 4 && memcmp(src + p, "type", 4) == 0 && next < close && is_ident(src[next]) &&
                    !word_at(src, close, next, "as");
    if (!type_mod) {
      if ((e - p == 7 && memcmp(src + p, "default", 7) == 0) || n == max) return -1;
      names[n++] = (Str){src + p, e - p};
    }
    while (p < close && src[p] != ',') p++; /* past `as local` and the rest of the item */
  }
  return n;
}

/* Skips a comment, string or template at i (substitutions included: a
** declaration inside one is no module declaration); returns i if none. */
static size_t skip_text(const char *s, size_t len, size_t i) {
  size_t after = skip_comment(s, len, i);
  if (after != i) return after;
  if (s[i] != '\'' && s[i] != '"' && s[i] != '`') return i;
  char q = s[i];
  size_t j = i + 1;
  for (int depth = 0; j < len; j++) {
    if (s[j] == '\\') {
      j++;
      continue;
    }
    if (q != '`' && s[j] == '\n') break;
    if (q == '`' && s[j] == '$' && j + 1 < len && s[j + 1] == '{') depth++, j++;
    else if (q == '`' && depth && s[j] == '}') depth--;
    else if (s[j] == q && !depth) break;
  }
  return j < len ? j + 1 : len;
}

static const char *const ts_value_words[] = {"class", "function", "const", "let", "var", "namespace", "module", NULL};

void lexscan_ts_declared_names(const char *src, size_t len, void (*fn)(void *ctx, Str name, bool type_decl),
                               void *ctx) {
  for (size_t i = 0; src && i < len;) {
    size_t t = skip_text(src, len, i);
    if (t != i) {
      i = t;
      continue;
    }
    if (!is_ident(src[i]) || (i > 0 && (is_ident(src[i - 1]) || src[i - 1] == '.'))) {
      i++;
      continue;
    }
    size_t e = ident_end(src, len, i);
    bool type_decl = word_at(src, len, i, "interface") || word_at(src, len, i, "enum") || word_at(src, len, i, "type");
    bool value_decl = false;
    for (const char *const *w = ts_value_words; *w && !type_decl && !value_decl; w++) value_decl = word_at(src, len, i, *w);
    if (type_decl || value_decl) {
      size_t n = skip_blank(src, len, e);
      if (n < len && src[n] == '*') n = skip_blank(src, len, n + 1); /* function* */
      size_t ne = ident_end(src, len, n);
      size_t after = skip_blank(src, len, ne);
      /* `type X = …` / `type X<…>`, not a member `type: …` or `import type { … }`. */
      bool alias_ok = !word_at(src, len, i, "type") || (after < len && (src[after] == '=' || src[after] == '<'));
      if (ne > n && !isdigit((unsigned char)src[n]) && alias_ok) fn(ctx, (Str){src + n, ne - n}, type_decl);
    }
    i = e;
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
