#define _GNU_SOURCE /* memmem */
#include "driver/generated.h"

#include <stdbool.h>
#include <string.h>

enum {
  GEN_HEADER_MAX = 64 * 1024,  /* leading comments are looked at up to here */
  MIN_SIZE = 1024,             /* smaller files are never minified */
  MIN_LONG_LINE = 500,         /* a line longer than this counts as long */
  MIN_BLANK_PERCENT = 8,       /* long lines whose code has fewer blanks than this are minified */
  MAX_LINE = 32 * 1024,        /* a line this long is never hand-written */
  SOURCE_MAP_TAIL = 512,
  WEBPACK_HEAD = 8 * 1024,
};

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

static bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* One line of comment text (markers included): a `Code generated … DO NOT
** EDIT.` line, or one holding the word @generated. */
static bool generated_line(const char *p, size_t n) {
  while (n && is_blank(p[0])) p++, n--;
  while (n && is_blank(p[n - 1])) n--;
  for (const char *at = p; (at = memmem(at, n - (size_t)(at - p), "@generated", 10)) != NULL; at += 10) {
    size_t end = (size_t)(at - p) + 10;
    if ((at == p || !is_word_char(at[-1])) && (end == n || !is_word_char(p[end]))) return true;
  }
  /* Strip the comment markers: a line comment's or a block's opening, a
  ** leading star of a block's body, and the block's closing. */
  if (n >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '*')) p += 2, n -= 2;
  else if (n >= 1 && p[0] == '*' && !(n >= 2 && p[1] == '/')) p++, n--;
  if (n >= 2 && p[n - 2] == '*' && p[n - 1] == '/') n -= 2;
  while (n && is_blank(p[0])) p++, n--;
  while (n && is_blank(p[n - 1])) n--;
  static const char head[] = "Code generated ", tail[] = "DO NOT EDIT.";
  size_t h = sizeof head - 1, t = sizeof tail - 1;
  return n >= h + t && memcmp(p, head, h) == 0 && memcmp(p + n - t, tail, t) == 0;
}

/* Checks every line of the comment text src[from..to). */
static bool generated_comment(const char *src, size_t from, size_t to) {
  while (from < to) {
    const char *nl = memchr(src + from, '\n', to - from);
    size_t end = nl ? (size_t)(nl - src) : to;
    if (generated_line(src + from, end - from)) return true;
    from = end + 1;
  }
  return false;
}

/* The leading comments: a BOM, a #! line, blank space and comments, up to
** the first other text. */
static bool has_generated_header(const char *src, size_t len) {
  size_t i = 0, limit = len < GEN_HEADER_MAX ? len : GEN_HEADER_MAX;
  if (limit >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) i = 3;
  if (i + 1 < limit && src[i] == '#' && src[i + 1] == '!') {
    const char *nl = memchr(src + i, '\n', limit - i);
    i = nl ? (size_t)(nl - src) + 1 : limit;
  }
  while (i < limit) {
    if (is_blank(src[i])) {
      i++;
    } else if (i + 1 < limit && src[i] == '/' && src[i + 1] == '/') {
      const char *nl = memchr(src + i, '\n', limit - i);
      size_t end = nl ? (size_t)(nl - src) : limit;
      if (generated_comment(src, i, end)) return true;
      i = end;
    } else if (i + 1 < limit && src[i] == '/' && src[i + 1] == '*') {
      const char *close = memmem(src + i + 2, limit - i - 2, "*/", 2);
      size_t end = close ? (size_t)(close - src) + 2 : limit;
      if (generated_comment(src, i, end)) return true;
      i = end;
    } else {
      return false;
    }
  }
  return false;
}

/* A '/' after one of these (or at the start) opens a regular expression,
** not a division: the usual lexer's guess. */
static bool regex_may_follow(char prev) { return !prev || strchr("=(,:[!&|?{};+-*%<>~^", prev) != NULL; }

typedef struct CodeCount {
  char quote;          /* an open template literal carried to the next line */
  size_t code, blanks; /* bytes outside literals and comments, and the blanks among them */
} CodeCount;

/* Skips a regular expression literal opened at p[k]; returns the index of its closing '/'. */
static size_t skip_regex(const char *p, size_t n, size_t k) {
  bool in_class = false;
  for (k++; k < n; k++) {
    if (p[k] == '\\') k++;
    else if (p[k] == '[') in_class = true;
    else if (p[k] == ']') in_class = false;
    else if (p[k] == '/' && !in_class) break;
  }
  return k;
}

/* Counts one line's code bytes: string, template and regular expression
** literals and comments are left out (a long SQL string, an SVG path or a
** Unicode regex is data in hand-written code). */
static void count_code(const char *p, size_t n, CodeCount *cc) {
  char prev = 0;
  for (size_t k = 0; k < n; k++) {
    char c = p[k];
    if (cc->quote) {
      if (c == '\\') k++;
      else if (c == cc->quote) cc->quote = 0;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      cc->quote = c;
      continue;
    }
    if (c == '/' && k + 1 < n && p[k + 1] == '/') break;
    if (c == '/' && k + 1 < n && p[k + 1] == '*') {
      const char *close = memmem(p + k + 2, n - k - 2, "*/", 2);
      k = close ? (size_t)(close - p) + 1 : n;
      continue;
    }
    if (c == '/' && regex_may_follow(prev)) {
      k = skip_regex(p, n, k);
      prev = 'x';
      continue;
    }
    cc->code++;
    if (c == ' ' || c == '\t') cc->blanks++;
    else prev = c;
  }
  if (cc->quote != '`') cc->quote = 0; /* ' and " literals end with their line */
}

/* Machine-written JavaScript: a line of 32 KiB or more (no one writes one),
** or long lines holding most of the text whose code has few blanks. */
static bool looks_minified(const char *src, size_t len) {
  if (len < MIN_SIZE) return false;
  size_t long_bytes = 0, start = 0;
  CodeCount cc = {0, 0, 0};
  while (start < len) {
    const char *nl = memchr(src + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - src) : len;
    if (end - start >= MAX_LINE) return true;
    CodeCount before = cc;
    count_code(src + start, end - start, &cc);
    if (end - start > MIN_LONG_LINE) long_bytes += end - start;
    else cc.code = before.code, cc.blanks = before.blanks; /* only long lines count */
    start = end + 1;
  }
  return long_bytes * 2 > len && cc.code * 4 >= long_bytes && cc.blanks * 100 < cc.code * MIN_BLANK_PERCENT;
}

/* A source map comment near the end, or webpack's runtime near the start. */
static bool looks_bundled(const char *src, size_t len) {
  size_t from = len > SOURCE_MAP_TAIL ? len - SOURCE_MAP_TAIL : 0;
  for (const char *at = src + from; (at = memmem(at, len - (size_t)(at - src), "sourceMappingURL=", 17)) != NULL;
       at += 17) {
    const char *p = at;
    while (p > src && (p[-1] == ' ' || p[-1] == '#' || p[-1] == '@')) p--;
    if (p - src >= 2 && p[-2] == '/' && (p[-1] == '/' || p[-1] == '*')) return true; /* //# or a block's # */
  }
  return memmem(src, len < WEBPACK_HEAD ? len : WEBPACK_HEAD, "webpackBootstrap", 16) != NULL;
}

GeneratedKind generated_kind(IrLang lang, const char *src, size_t len) {
  if (!src) return GEN_NONE;
  if (has_generated_header(src, len)) return GEN_GENERATED;
  if (lang != IR_LANG_JS && lang != IR_LANG_TS) return GEN_NONE;
  if (looks_minified(src, len)) return GEN_MINIFIED;
  if (looks_bundled(src, len)) return GEN_BUNDLED;
  return GEN_NONE;
}
