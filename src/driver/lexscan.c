#define _GNU_SOURCE /* memmem */
#include "driver/lexscan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

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

void lexscan_relative_imports(const char *src, size_t len, void (*fn)(void *ctx, Str spec), void *ctx) {
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
    if (c != '`' && is_relative(spec) &&
        (preceded_by(src, i, "from") || preceded_by(src, i, "require") || preceded_by(src, i, "import")))
      fn(ctx, spec);
    i = next;
  }
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
