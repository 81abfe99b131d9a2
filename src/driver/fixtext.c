/* fixtext: turns a rule's fix (engine/fixes.c: what to repair, decided from
** the IR) into edits of the file's text, while the text is in memory. The
** edit is made only when the source has exactly the shape the repair
** assumes, read with a small lexer (strings, raw strings, runes, template
** literals with their ${…} expressions, comments); anything else — an
** `else` after the error check, a `finally` already there, the variable used
** after the try, passed to a function, captured by a closure, returned, a
** `/` the lexer cannot tell from a regular expression — drops the fix, so a
** fix that is offered is a fix that is right. */
#include "driver/fixtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "frontend/frontend.h"

enum { FIXTEXT_MAX_NEST = 32, FIXTEXT_MAX_EDITS = 16 };

typedef struct Scan {
  const char *s;
  size_t n;
  bool js;   /* JavaScript/TypeScript lexing (else Go) */
  int nest;  /* template ${…} nesting, guarded */
} Scan;

typedef struct Edits {
  FixEdit e[FIXTEXT_MAX_EDITS];
  uint32_t n;
} Edits;

static bool is_ident(char c) {
  return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool literal_start(const Scan *sc, size_t k) {
  char c = sc->s[k];
  return c == '"' || c == '\'' || c == '`' || (c == '/' && k + 1 < sc->n && (sc->s[k + 1] == '/' || sc->s[k + 1] == '*'));
}

static bool skip_group(Scan *sc, size_t *i);

/* Advances *k past the literal or comment that starts there. */
static bool skip_literal(Scan *sc, size_t *k) {
  const char *s = sc->s;
  size_t i = *k, n = sc->n;
  char q = s[i];
  if (q == '/' && s[i + 1] == '/') {
    while (i < n && s[i] != '\n') i++;
  } else if (q == '/') {
    const char *end = i + 2 <= n ? strstr(s + i + 2, "*/") : NULL;
    if (!end) return false;
    i = (size_t)(end - s) + 2;
  } else {
    bool raw = q == '`' && !sc->js; /* Go raw string: no escapes */
    for (i++; i < n && s[i] != q; i++) {
      if (s[i] == '\\' && !raw) i++;
      else if (q != '`' && s[i] == '\n') return false;
      else if (q == '`' && sc->js && s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
        if (++sc->nest > FIXTEXT_MAX_NEST) return false;
        size_t g = i + 1;
        if (!skip_group(sc, &g)) return false;
        sc->nest--;
        i = g - 1;
      }
    }
    if (i >= n) return false;
    i++;
  }
  *k = i;
  return true;
}

/* *i at an opening bracket: advances it just past the matching one. */
static bool skip_group(Scan *sc, size_t *i) {
  int depth = 0;
  for (size_t k = *i; k < sc->n;) {
    char c = sc->s[k];
    if (literal_start(sc, k)) {
      if (!skip_literal(sc, &k)) return false;
      continue;
    }
    if (sc->js && c == '/') return false; /* division or a regular expression: not read here */
    if (c == '(' || c == '[' || c == '{') depth++;
    if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) {
        *i = k + 1;
        return true;
      }
    }
    k++;
  }
  return false;
}

/* Section - lines */

static size_t line_off(const LineIndex *lines, uint32_t line) { return lines->starts[line - 1]; }

static uint32_t line_of(const LineIndex *lines, size_t off) {
  uint32_t lo = 1, hi = lines->n_lines;
  while (lo < hi) {
    uint32_t mid = (lo + hi + 1) / 2;
    if (lines->starts[mid - 1] <= off) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

static size_t indent_len(Str line) {
  size_t k = 0;
  while (k < line.len && (line.ptr[k] == ' ' || line.ptr[k] == '\t')) k++;
  return k;
}

/* line's text without its indentation and trailing blanks. */
static Str trimmed(const LineIndex *lines, uint32_t l) {
  Str t = {"", 0};
  if (!line_index_get(lines, l, &t)) return t;
  size_t k = indent_len(t);
  t.ptr += k, t.len -= k;
  while (t.len && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t')) t.len--;
  return t;
}

static bool str_is(Str s, const char *want) { return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0; }
static bool str_starts(Str s, const char *want) { return s.len >= strlen(want) && memcmp(s.ptr, want, strlen(want)) == 0; }

/* Only blanks (or a // comment) from off to the end of its line. */
static bool rest_blank(const Scan *sc, size_t off) {
  while (off < sc->n && (sc->s[off] == ' ' || sc->s[off] == '\t' || sc->s[off] == '\r')) off++;
  return off >= sc->n || sc->s[off] == '\n' || (sc->s[off] == '/' && off + 1 < sc->n && sc->s[off + 1] == '/');
}

static uint32_t next_code_line(const LineIndex *lines, uint32_t after) {
  for (uint32_t l = after + 1; l <= lines->n_lines; l++)
    if (trimmed(lines, l).len) return l;
  return 0;
}

/* Reads `word` then optional blanks at *k. */
static bool expect(const Scan *sc, size_t *k, const char *word) {
  size_t n = strlen(word);
  if (*k + n > sc->n || memcmp(sc->s + *k, word, n) != 0) return false;
  if (is_ident(word[n - 1]) && *k + n < sc->n && is_ident(sc->s[*k + n])) return false;
  *k += n;
  while (*k < sc->n && (sc->s[*k] == ' ' || sc->s[*k] == '\t')) (*k)++;
  return true;
}

/* The call at off (`a.b.c(`…`)`): the offset just past its closing paren. */
static bool skip_call(Scan *sc, size_t off, size_t *end) {
  size_t k = off;
  while (k < sc->n && (is_ident(sc->s[k]) || sc->s[k] == '.')) k++;
  if (k == off || k >= sc->n || sc->s[k] != '(') return false;
  if (!skip_group(sc, &k)) return false;
  *end = k;
  return true;
}

static void add_edit(Edits *ed, FindingList *list, uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col,
                     const char *text) {
  if (ed->n >= FIXTEXT_MAX_EDITS) return;
  FixEdit *e = &ed->e[ed->n++];
  e->region = (SrcLoc){line, col, end_line, end_col};
  e->text = finding_list_strdup(list, text);
}

/* Deletes line l (a statement alone on it) as the region from the end of
** line l - 1 to the end of line l, so that no edit starts in a line's
** indentation: VS Code's SARIF Viewer moves a region's start past the
** line's leading blanks, which would leave them joined to the next line.
** When line l - 1 is at or before `taken` (another edit's line) or l is the
** first line, the whole line with its newline goes instead. */
static void add_line_deletion(Edits *ed, FindingList *list, const LineIndex *lines, uint32_t l, uint32_t taken) {
  Str prev, cur;
  if (l > 1 && l - 1 > taken && line_index_get(lines, l - 1, &prev) && line_index_get(lines, l, &cur))
    add_edit(ed, list, l - 1, (uint32_t)prev.len + 1, l, (uint32_t)cur.len + 1, "");
  else
    add_edit(ed, list, l, 1, l + 1, 1, "");
}

/* The offset of the closer of the block that contains off. */
static bool block_end(Scan *sc, size_t off, size_t *end) {
  int depth = 0;
  for (size_t k = off; k < sc->n;) {
    if (literal_start(sc, k)) {
      if (!skip_literal(sc, &k)) return false;
      continue;
    }
    char c = sc->s[k];
    if (sc->js && c == '/') return false;
    if (c == '(' || c == '[' || c == '{') depth++;
    if ((c == ')' || c == ']' || c == '}') && --depth < 0) {
      *end = k;
      return true;
    }
    k++;
  }
  return false;
}

/* Section - Go: defer after the error check */

/* `if ERR != nil {` … `}` starting at line l: the line of its closing brace,
** which must stand alone (no `else`), after a body that leaves (return or
** panic), so the deferred call never runs on a nil value. */
static uint32_t go_err_check(Scan *sc, const LineIndex *lines, uint32_t l, const char *err) {
  char want[96];
  snprintf(want, sizeof want, "if %s != nil {", err);
  if (!str_is(trimmed(lines, l), want)) return 0;
  Str t = trimmed(lines, l);
  size_t open = (size_t)(t.ptr - lines->src) + t.len - 1, close = open;
  if (!skip_group(sc, &close)) return 0;
  uint32_t f = line_of(lines, close - 1);
  if (!str_is(trimmed(lines, f), "}")) return 0;
  uint32_t last = f - 1;
  while (last > l && trimmed(lines, last).len == 0) last--;
  Str body = trimmed(lines, last);
  return last > l && (str_starts(body, "return") || str_starts(body, "panic(")) ? f : 0;
}

/* Whether var, from `from` to the end of its block `to`, is only ever a
** receiver (`var.M(…)`, `var.F`): not passed to a call, assigned, returned,
** put in a literal or captured by a function literal, any of which may keep
** it past the function's return, where a deferred Close or Rollback would
** end it under its new owner. The engine's escape analysis trusts a callee
** to borrow what it is given; the repair does not. */
static bool go_holder_stays(Scan *sc, size_t from, size_t to, const char *var) {
  size_t vn = strlen(var);
  for (size_t k = from; k < to;) {
    if (literal_start(sc, k)) {
      if (!skip_literal(sc, &k)) return false;
      continue;
    }
    if (!is_ident(sc->s[k])) {
      k++;
      continue;
    }
    size_t e = k;
    while (e < to && is_ident(sc->s[e])) e++;
    bool member = k > 0 && sc->s[k - 1] == '.';
    if (!member && e - k == 4 && memcmp(sc->s + k, "func", 4) == 0) return false; /* a closure: may capture it */
    if (!member && e - k == vn && memcmp(sc->s + k, var, vn) == 0 &&
        !(e + 1 < to && sc->s[e] == '.' && is_ident(sc->s[e + 1])))
      return false;
    k = e;
  }
  return true;
}

/* `VAR, ERR := call(…)` alone on the anchor's line, then the error check at
** the same indentation: the line of the check's closing brace (0: not this
** shape), and in *acq_end the offset after the call. */
static uint32_t go_defer_site(Scan *sc, const LineIndex *lines, const FindingFix *fx, size_t *acq_end) {
  Str line;
  if (!line_index_get(lines, fx->anchor.line, &line)) return 0;
  size_t ind = indent_len(line), k = line_off(lines, fx->anchor.line) + ind, call = k - ind + fx->anchor.col - 1, end;
  /* `:=` only: a variable declared here lives in this block, which is all
  ** go_holder_stays reads; one assigned with `=` may be used after it. */
  if (!(expect(sc, &k, fx->var) && expect(sc, &k, ",") && expect(sc, &k, fx->err_var) && expect(sc, &k, ":=")) ||
      k != call)
    return 0;
  if (!skip_call(sc, call, &end) || !rest_blank(sc, end)) return 0;
  uint32_t check = next_code_line(lines, line_of(lines, end - 1));
  Str check_line;
  if (!check || !line_index_get(lines, check, &check_line) || indent_len(check_line) != ind) return 0;
  *acq_end = end;
  return go_err_check(sc, lines, check, fx->err_var);
}

static bool go_defer_fix(Scan *sc, const LineIndex *lines, FindingList *list, const FindingFix *fx, Edits *ed) {
  size_t acq_end, stop;
  uint32_t f = go_defer_site(sc, lines, fx, &acq_end);
  if (!f || !block_end(sc, acq_end, &stop) || !go_holder_stays(sc, acq_end, stop, fx->var)) return false;
  Str line;
  line_index_get(lines, fx->anchor.line, &line);
  size_t ind = indent_len(line);
  StrBuf text, stmt;
  strbuf_init(&text);
  strbuf_init(&stmt);
  strbuf_printf(&stmt, "defer %s.%s()", fx->var, fx->method);
  strbuf_printf(&text, "\n%.*s%s", (int)ind, line.ptr, strbuf_cstr(&stmt));
  Str close_line = trimmed(lines, f);
  uint32_t col = (uint32_t)(close_line.ptr - (lines->src + line_off(lines, f))) + 2; /* after the `}` */
  add_edit(ed, list, f, col, f, col, strbuf_cstr(&text));
  /* The same defer further down (too late, after an early return) goes. */
  for (uint32_t l = f + 1; l < line_of(lines, stop); l++) {
    Str other;
    if (line_index_get(lines, l, &other) && indent_len(other) == ind && str_is(trimmed(lines, l), strbuf_cstr(&stmt)))
      add_line_deletion(ed, list, lines, l, f);
  }
  strbuf_fini(&text);
  strbuf_fini(&stmt);
  return true;
}

/* Section - JavaScript/TypeScript: release in finally */

/* `const|let|var VAR[: T] = await ` then the call at the anchor. */
static bool js_acquire_head(Scan *sc, size_t k, size_t call, const char *var) {
  if (!(expect(sc, &k, "const") || expect(sc, &k, "let") || expect(sc, &k, "var")) || !expect(sc, &k, var)) return false;
  if (k < sc->n && sc->s[k] == ':') /* a type annotation: up to the `=` */
    while (k < sc->n && sc->s[k] != '=' && sc->s[k] != '\n') k++;
  return expect(sc, &k, "=") && expect(sc, &k, "await") && k == call;
}

/* TS type arguments `<…>` at *k (nested <>, braces): past the closing `>`. */
static bool skip_angles(const Scan *sc, size_t *k, size_t to) {
  int depth = 0;
  for (size_t i = *k; i < to; i++) {
    char c = sc->s[i];
    if (c == '<' || c == '{' || c == '[' || c == '(') depth++;
    else if (c == '>' || c == '}' || c == ']' || c == ')') depth--;
    else if (c == ';' || c == '\n' || c == '"' || c == '\'' || c == '`') return false;
    if (depth == 0) {
      *k = i + 1;
      return true;
    }
  }
  return false;
}

/* `await` right before offset k (blanks between). */
static bool awaited(const Scan *sc, size_t k, size_t from) {
  while (k > from && (sc->s[k - 1] == ' ' || sc->s[k - 1] == '\t')) k--;
  return k >= from + 5 && memcmp(sc->s + k - 5, "await", 5) == 0 && (k == from + 5 || !is_ident(sc->s[k - 6]));
}

/* Checks every use of var in [from, to): only awaited `var.m(` calls, none
** on a `return` line, no closure in the span; `var.METHOD();` statements alone on
** their line become deletions. Returns how many (0: not fixable). */
static int js_uses(Scan *sc, const LineIndex *lines, FindingList *list, const FindingFix *fx, size_t from, size_t to,
                   Edits *ed) {
  size_t vn = strlen(fx->var);
  int n = 0;
  char stmt[160];
  snprintf(stmt, sizeof stmt, "%s.%s();", fx->var, fx->method);
  for (size_t k = from; k < to;) {
    if (literal_start(sc, k)) {
      if (!skip_literal(sc, &k)) return 0;
      continue;
    }
    const char *p = sc->s + k;
    if (*p == '/' || (p[0] == '=' && p[1] == '>')) return 0; /* a regular expression, a closure */
    if (!is_ident(*p)) {
      k++;
      continue;
    }
    size_t e = k;
    while (e < to && is_ident(sc->s[e])) e++;
    bool member = k > 0 && sc->s[k - 1] == '.';
    if (!member && e - k == 8 && memcmp(p, "function", 8) == 0) return 0;
    if (member || e - k != vn || memcmp(p, fx->var, vn) != 0) {
      k = e;
      continue;
    }
    uint32_t l = line_of(lines, k);
    Str t = trimmed(lines, l);
    if (e >= to || sc->s[e] != '.' || str_starts(t, "return")) return 0; /* passed on, returned */
    size_t m = e + 1;
    while (m < to && is_ident(sc->s[m])) m++;
    size_t name_end = m;
    if (m < to && sc->s[m] == '<' && !skip_angles(sc, &m, to)) return 0; /* TS type arguments */
    if (m >= to || sc->s[m] != '(') return 0;
    bool is_release = name_end - (e + 1) == strlen(fx->method) && memcmp(sc->s + e + 1, fx->method, name_end - e - 1) == 0;
    if (is_release && !str_is(t, stmt)) return 0; /* release(err), or more on the line */
    /* Any other call on it is awaited where it stands, so it has finished
    ** when the finally releases the client. */
    if (!is_release && !awaited(sc, k, from)) return 0;
    if (is_release) add_line_deletion(ed, list, lines, l, 0), n++;
    k = m;
  }
  return n;
}

/* The try statement right after the acquire: its `try {` line, and the end
** of its last block (after `catch (e) { … }` if any; no `finally`). */
static bool js_try_span(Scan *sc, const LineIndex *lines, uint32_t l, size_t ind, size_t *from, size_t *to) {
  Str line;
  if (!l || !line_index_get(lines, l, &line) || indent_len(line) != ind || !str_is(trimmed(lines, l), "try {"))
    return false;
  size_t k = line_off(lines, l) + ind + 4;
  *from = line_off(lines, l);
  if (!skip_group(sc, &k)) return false;
  size_t c = k;
  while (c < sc->n && sc->s[c] == ' ') c++;
  if (expect(sc, &c, "catch")) {
    if (c < sc->n && sc->s[c] == '(' && !skip_group(sc, &c)) return false;
    while (c < sc->n && sc->s[c] == ' ') c++;
    if (c >= sc->n || sc->s[c] != '{' || !skip_group(sc, &c)) return false;
    k = c;
  }
  if (!rest_blank(sc, k)) return false; /* `} finally {` already, or more code */
  uint32_t next = next_code_line(lines, line_of(lines, k - 1));
  if (next && (str_starts(trimmed(lines, next), "finally") || str_starts(trimmed(lines, next), "catch"))) return false;
  *to = k;
  return true;
}

static bool js_finally_fix(Scan *sc, const LineIndex *lines, FindingList *list, const FindingFix *fx, Edits *ed) {
  Str line;
  if (!line_index_get(lines, fx->anchor.line, &line)) return false;
  size_t ind = indent_len(line), start = line_off(lines, fx->anchor.line), call = start + fx->anchor.col - 1, end;
  if (!js_acquire_head(sc, start + ind, call, fx->var) || !skip_call(sc, call, &end)) return false;
  if (end < sc->n && sc->s[end] == ';') end++;
  if (!rest_blank(sc, end)) return false;
  uint32_t try_line = next_code_line(lines, line_of(lines, end - 1));
  size_t from, to, stop;
  if (!js_try_span(sc, lines, try_line, ind, &from, &to)) return false;
  if (js_uses(sc, lines, list, fx, from, to, ed) == 0) return false;
  /* Nothing after the try may use it: it is released when the try ends. */
  if (!block_end(sc, to, &stop)) return false;
  size_t vn = strlen(fx->var);
  for (size_t k = to; k + vn <= stop; k++) /* any mention at all, comments and strings included */
    if (memcmp(sc->s + k, fx->var, vn) == 0 && !is_ident(sc->s[k - 1]) && !is_ident(sc->s[k + vn])) return false;
  uint32_t body = next_code_line(lines, try_line);
  Str body_line;
  size_t body_ind = body && line_index_get(lines, body, &body_line) ? indent_len(body_line) : 0;
  StrBuf text;
  strbuf_init(&text);
  if (body_ind > ind) strbuf_printf(&text, " finally {\n%.*s%s.%s();\n%.*s}", (int)body_ind, body_line.ptr, fx->var,
                                    fx->method, (int)ind, line.ptr);
  else strbuf_printf(&text, " finally {\n%.*s  %s.%s();\n%.*s}", (int)ind, line.ptr, fx->var, fx->method, (int)ind, line.ptr);
  uint32_t last = line_of(lines, to - 1);
  add_edit(ed, list, last, (uint32_t)(to - line_off(lines, last)) + 1, last, (uint32_t)(to - line_off(lines, last)) + 1,
           strbuf_cstr(&text));
  strbuf_fini(&text);
  return true;
}

/* Section - entry */

static bool edit_before(const FixEdit *a, const FixEdit *b) {
  return a->region.line < b->region.line || (a->region.line == b->region.line && a->region.col < b->region.col);
}

/* In text order: SARIF replacements all refer to the original text, and
** consumers apply them in the order given. Insertion sort: at most
** FIXTEXT_MAX_EDITS. */
static void edits_sort(Edits *ed) {
  for (uint32_t i = 1; i < ed->n; i++)
    for (uint32_t j = i; j > 0 && edit_before(&ed->e[j], &ed->e[j - 1]); j--) {
      FixEdit t = ed->e[j];
      ed->e[j] = ed->e[j - 1];
      ed->e[j - 1] = t;
    }
}

bool fixtext_is_js(const char *path) {
  IrLang lang;
  return path && fe_lang_for_path(path, &lang) && (lang == IR_LANG_JS || lang == IR_LANG_TS);
}

void fixtext_resolve(FindingList *list, Finding *f, const LineIndex *lines, bool js) {
  FindingFix *fx = f->fix;
  if (!fx) return;
  f->fix = NULL;
  if (!fx->anchor.line || fx->anchor.line > lines->n_lines || !fx->var || !fx->method) return;
  Scan sc = {lines->src, lines->len, js, 0};
  Edits ed = {.n = 0};
  bool ok = fx->style == FIX_GO_DEFER ? !js && fx->err_var && go_defer_fix(&sc, lines, list, fx, &ed)
                                      : js && js_finally_fix(&sc, lines, list, fx, &ed);
  /* A full list may have lost an edit (add_edit stops at the limit): drop it. */
  if (!ok || ed.n == 0 || ed.n >= FIXTEXT_MAX_EDITS) return;
  edits_sort(&ed);
  fx->edits = arena_alloc(list->arena, ed.n * sizeof *fx->edits);
  for (uint32_t i = 0; i < ed.n; i++) {
    fx->edits[i] = ed.e[i];
    fx->edits[i].region = finalize_loc(lines, ed.e[i].region);
  }
  fx->n_edits = ed.n;
  f->fix = fx;
}
