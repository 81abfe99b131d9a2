/* lexscan_c: the lexical scan of C files that decides, before any parse,
** whether a translation unit can matter (it names a modelled identifier or
** includes a modelled header, or calls a function another such file
** defines) and orders files so that a wrapper's summary is published before
** its callers are analysed. Conservative on purpose: a false "yes" costs a
** parse, a false "no" a missed finding. */
#include <string.h>

#include "driver/lexscan.h"

static bool ident_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '$'; }

typedef struct CLex {
  const char *s;
  size_t len, i;
  bool line_start; /* only blanks since the last newline (a # here is a directive) */
  size_t define_end; /* the end of the #define being read (its body's calls are calls), or 0 */
  bool saw_static;   /* `static` since the last file-scope declaration ended */
} CLex;

/* Skips blanks, comments and line continuations. */
static void skip_blank(CLex *lx) {
  while (lx->i < lx->len) {
    char c = lx->s[lx->i];
    if (c == '\n') {
      lx->line_start = true;
      lx->i++;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      lx->i++;
    } else if (c == '\\' && lx->i + 1 < lx->len && (lx->s[lx->i + 1] == '\n' || lx->s[lx->i + 1] == '\r')) {
      lx->i += 2;
    } else if (c == '/' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == '/') {
      while (lx->i < lx->len && lx->s[lx->i] != '\n') lx->i++;
    } else if (c == '/' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == '*') {
      size_t j = lx->i + 2;
      while (j + 1 < lx->len && !(lx->s[j] == '*' && lx->s[j + 1] == '/')) {
        if (lx->s[j] == '\n') lx->line_start = true;
        j++;
      }
      lx->i = j + 1 < lx->len ? j + 2 : lx->len;
    } else {
      break;
    }
  }
}

static void skip_literal(CLex *lx) {
  char q = lx->s[lx->i++];
  while (lx->i < lx->len && lx->s[lx->i] != q && lx->s[lx->i] != '\n') lx->i += lx->s[lx->i] == '\\' ? 2 : 1;
  if (lx->i < lx->len && lx->s[lx->i] == q) lx->i++;
}

static bool str_is(Str w, const char *kw) { return w.len == strlen(kw) && memcmp(w.ptr, kw, w.len) == 0; }

static bool is_keyword(Str w) {
  static const char *const kws[] = {"if",       "for",           "while",     "switch",       "return",  "sizeof",
                                    "_Alignof", "alignof",       "__attribute__", "__typeof__", "typeof", "__asm__",
                                    "asm",      "__asm",         "defined",   "_Generic",     "case",    "do",
                                    "else",     "_Static_assert", "__declspec", "__builtin_offsetof", NULL};
  for (const char *const *k = kws; *k; k++)
    if (str_is(w, *k)) return true;
  return false;
}

static void check_prefix(CScan *scan, Str w) {
  for (size_t p = 0; p < scan->n_prefixes && !scan->model_hit; p++) {
    size_t n = strlen(scan->prefixes[p]);
    scan->model_hit = w.len > n && memcmp(w.ptr, scan->prefixes[p], n) == 0;
  }
}

/* `#include "x"` / `<x>`: reports the path and whether it names a model header. */
static void directive(CLex *lx, CScan *scan) {
  lx->i++; /* '#' */
  while (lx->i < lx->len && (lx->s[lx->i] == ' ' || lx->s[lx->i] == '\t')) lx->i++;
  size_t w = lx->i;
  while (lx->i < lx->len && ident_char(lx->s[lx->i])) lx->i++;
  Str name = {lx->s + w, lx->i - w};
  if (str_is(name, "define")) { /* up to the end of its logical line */
    size_t e = lx->i;
    while (e < lx->len && lx->s[e] != '\n') e += lx->s[e] == '\\' && e + 1 < lx->len ? 2 : 1;
    lx->define_end = e;
    return;
  }
  if (!str_is(name, "include") && !str_is(name, "include_next") && !str_is(name, "import")) return;
  while (lx->i < lx->len && (lx->s[lx->i] == ' ' || lx->s[lx->i] == '\t')) lx->i++;
  if (lx->i >= lx->len || (lx->s[lx->i] != '"' && lx->s[lx->i] != '<')) return;
  char close = lx->s[lx->i] == '"' ? '"' : '>';
  size_t start = ++lx->i;
  while (lx->i < lx->len && lx->s[lx->i] != close && lx->s[lx->i] != '\n') lx->i++;
  Str path = {lx->s + start, lx->i - start};
  if (lx->i < lx->len && lx->s[lx->i] == close) lx->i++;
  Str base = path; /* the file name: "postgresql/libpq-fe.h" names libpq-fe.h */
  for (size_t k = path.len; k-- > 0;)
    if (path.ptr[k] == '/') {
      base = (Str){path.ptr + k + 1, path.len - k - 1};
      break;
    }
  for (size_t h = 0; h < scan->n_headers && !scan->model_hit; h++) scan->model_hit = str_is(base, scan->headers[h]);
  if (scan->on_include && path.len) scan->on_include(scan->ud, path);
}

/* After the ')' of `name(…)` at file scope: true when a body follows (a
** definition), allowing attributes and K&R parameter declarations before it. */
static bool body_follows(CLex *lx) {
  CLex save = *lx;
  bool def = false;
  for (int tokens = 0; tokens < 256; tokens++) {
    skip_blank(lx);
    if (lx->i >= lx->len) break;
    char c = lx->s[lx->i];
    if (c == '{') {
      def = true;
      break;
    }
    if (c == '=' || c == ',' || c == '(' || c == ')' || c == '#' || c == '}') break;
    if (c == ';' && tokens == 0) break;
    if (ident_start(c)) {
      size_t w = lx->i;
      while (lx->i < lx->len && ident_char(lx->s[lx->i])) lx->i++;
      Str word = {lx->s + w, lx->i - w};
      if (str_is(word, "__attribute__") || str_is(word, "__asm__") || str_is(word, "asm")) { /* skip ((…)) */
        skip_blank(lx);
        int depth = 0;
        while (lx->i < lx->len) {
          char d = lx->s[lx->i++];
          if (d == '(') depth++;
          else if (d == ')' && --depth <= 0) break;
        }
      }
      continue;
    }
    lx->i++;
  }
  *lx = save;
  return def;
}

/* Skips a balanced (…) starting at lx->i; false when it does not close. */
static bool skip_parens(CLex *lx) {
  int depth = 0;
  while (lx->i < lx->len) {
    skip_blank(lx);
    if (lx->i >= lx->len) break;
    char c = lx->s[lx->i];
    if (c == '"' || c == '\'') {
      skip_literal(lx);
      continue;
    }
    lx->i++;
    if (c == '(') depth++;
    else if (c == ')' && --depth == 0) return true;
  }
  return false;
}

static void identifier(CLex *lx, CScan *scan, int depth) {
  size_t w = lx->i;
  while (lx->i < lx->len && ident_char(lx->s[lx->i])) lx->i++;
  Str word = {lx->s + w, lx->i - w};
  check_prefix(scan, word);
  if (depth == 0 && str_is(word, "static") && lx->i > lx->define_end) lx->saw_static = true;
  CLex after = *lx;
  skip_blank(&after);
  if (after.i >= lx->len || lx->s[after.i] != '(' || is_keyword(word)) return;
  bool def = false, in_define = lx->i < lx->define_end;
  if (depth == 0 && !in_define) {
    CLex probe = after;
    def = skip_parens(&probe) && body_follows(&probe);
    /* Not a definition at file scope: a prototype (or a macro used as a
    ** declaration). Declaring a function uses nothing: only a call, or a
    ** macro body that calls it, makes a file depend on its definition. */
    if (!def) return;
  }
  scan->define_is_static = def && lx->saw_static;
  if (def) lx->saw_static = false;
  if (def && scan->on_define) scan->on_define(scan->ud, word);
  else if (!def && scan->on_call) scan->on_call(scan->ud, word);
}

void lexscan_c(const char *src, size_t len, CScan *scan) {
  CLex lx = {src, len, 0, true, 0, false};
  int depth = 0;
  while (lx.i < lx.len) {
    skip_blank(&lx);
    if (lx.i >= lx.len) break;
    char c = lx.s[lx.i];
    if (c == '#' && lx.line_start) {
      lx.line_start = false;
      directive(&lx, scan);
      continue;
    }
    lx.line_start = false;
    if (c == '"' || c == '\'') {
      skip_literal(&lx);
    } else if (ident_start(c)) {
      identifier(&lx, scan, depth);
    } else if (c >= '0' && c <= '9') {
      while (lx.i < lx.len && (ident_char(lx.s[lx.i]) || lx.s[lx.i] == '.')) lx.i++;
    } else {
      if (c == '{') depth++;
      else if (c == '}' && depth > 0) depth--;
      if (depth == 0 && (c == ';' || c == '}')) lx.saw_static = false; /* a declaration ended */
      lx.i++;
    }
  }
}
