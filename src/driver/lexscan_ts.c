/* lexscan_ts: which TypeScript imports bring only types. An import of
** interfaces, type aliases and enums (`import { Person, Hub } from
** '../types'`) links no value the analysis could use — the front end lowers
** those declarations to nothing — so as a dependency edge it would only tie
** import cycles: a `types.ts` that names the classes of the modules which
** import its interfaces puts them all on one level, where none sees the
** others' summaries. Lexical, before any parse, like the rest of lexscan. */
#include <ctype.h>
#include <string.h>

#include "driver/lexscan.h"

static bool is_ident(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

static size_t skip_blank(const char *s, size_t len, size_t i) {
  while (i < len && isspace((unsigned char)s[i])) i++;
  return i;
}

static bool word_is(const char *s, size_t len, size_t i, const char *w) {
  size_t n = strlen(w);
  return i + n <= len && memcmp(s + i, w, n) == 0 && (i + n == len || !is_ident(s[i + n]));
}

static size_t ident_end(const char *s, size_t len, size_t i) {
  while (i < len && is_ident(s[i])) i++;
  return i;
}

int lexscan_ts_import_names(const char *src, size_t len, const char *spec, Str *names, int max) {
  if (!src || spec <= src || spec > src + len) return -1;
  size_t at = (size_t)(spec - src) - 1; /* the opening quote */
  size_t lo = at > 8192 ? at - 8192 : 0, start = 0;
  bool found = false;
  for (size_t i = at; i-- > lo;) {
    if (src[i] == ';') return -1;
    if ((i == 0 || !is_ident(src[i - 1])) && (word_is(src, len, i, "import") || word_is(src, len, i, "export"))) {
      if (src[i] == 'e') return -1; /* a re-export hands its values on */
      start = i + 6;
      found = true;
      break;
    }
  }
  if (!found) return -1;
  size_t i = skip_blank(src, at, start);
  if (i >= at || src[i] != '{') return -1; /* a default or namespace import, `import type`, a side effect */
  size_t close = i;
  while (close < at && src[close] != '}') close++;
  size_t after = skip_blank(src, at, close + 1);
  if (close >= at || !word_is(src, at, after, "from") || skip_blank(src, at, after + 4) != at) return -1;
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
                    !word_is(src, close, next, "as");
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
  if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
    const char *nl = memchr(s + i, '\n', len - i);
    return nl ? (size_t)(nl - s) : len;
  }
  if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
    for (size_t j = i + 2; j + 1 < len; j++)
      if (s[j] == '*' && s[j + 1] == '/') return j + 2;
    return len;
  }
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

static const char *const value_words[] = {"class", "function", "const", "let", "var", "namespace", "module", NULL};

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
    bool type_decl = word_is(src, len, i, "interface") || word_is(src, len, i, "enum") || word_is(src, len, i, "type");
    bool value_decl = false;
    for (const char *const *w = value_words; *w && !type_decl && !value_decl; w++) value_decl = word_is(src, len, i, *w);
    if (type_decl || value_decl) {
      size_t n = skip_blank(src, len, e);
      if (n < len && src[n] == '*') n = skip_blank(src, len, n + 1); /* function* */
      size_t ne = ident_end(src, len, n);
      size_t after = skip_blank(src, len, ne);
      /* `type X = …` / `type X<…>`, not a member `type: …` or `import type { … }`. */
      bool alias_ok = !word_is(src, len, i, "type") || (after < len && (src[after] == '=' || src[after] == '<'));
      if (ne > n && !isdigit((unsigned char)src[n]) && alias_ok) fn(ctx, (Str){src + n, ne - n}, type_decl);
    }
    i = e;
  }
}
