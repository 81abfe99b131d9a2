/* lower_golden: IR golden tests in the tree-sitter corpus format.
**
**   ==================
**   title
**   :language(typescript)      optional: javascript (default), typescript, tsx, go, c
**   ==================
**   source
**   ------------------
**   expected ir_print output, then one "note KIND @L:C message" line per
**   note the front end recorded
**
** Usage: lower_golden FILE.txt...     run every case, exit 1 on a mismatch
**        UPDATE_GOLDENS=1 lower_golden FILE.txt   rewrite the expectations
**        lower_golden --dump SOURCE   print the IR of a source file
** Every module is also checked with ir_verify_module. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "frontend/frontend.h"
#include "ir/ir_print.h"
#include "ir/ir_verify.h"

typedef struct Case {
  char *title;
  char *lang;  /* "javascript", "typescript", "tsx", "go", "c" */
  char *source;
  char *expected;
  char *header_rule; /* the "===" line as written, reused when rewriting */
  char *sep_rule;    /* the "---" line as written */
} Case;

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf b;
  strbuf_init(&b);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&b, buf, n);
  fclose(f);
  strbuf_putc(&b, '\0');
  b.len--;
  return strbuf_take(&b);
}

static bool is_rule(const char *line, size_t len, char c) {
  if (len < 3) return false;
  for (size_t i = 0; i < len; i++)
    if (line[i] != c) return false;
  return true;
}

/* Removes trailing newlines and spaces at the end of s (in place). */
static void trim_end(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r')) s[--n] = '\0';
}

typedef struct Lines {
  char **items;
  size_t len;
} Lines;

static Lines split_lines(char *text) {
  Lines l = {0};
  size_t cap = 0;
  for (char *p = text; *p;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    if (l.len == cap) {
      cap = cap ? cap * 2 : 64;
      l.items = xrealloc(l.items, cap * sizeof *l.items);
    }
    l.items[l.len++] = p;
    if (!nl) break;
    p = nl + 1;
  }
  return l;
}

static char *join_lines(Lines *l, size_t from, size_t to) {
  StrBuf b;
  strbuf_init(&b);
  for (size_t i = from; i < to; i++) {
    strbuf_puts(&b, l->items[i]);
    strbuf_putc(&b, '\n');
  }
  strbuf_putc(&b, '\0');
  char *s = strbuf_take(&b);
  trim_end(s);
  return s;
}

/* Parses the corpus text into cases; returns the count. */
static size_t parse_cases(char *text, Case **out) {
  Lines l = split_lines(text);
  Case *cases = NULL;
  size_t n = 0;
  for (size_t i = 0; i < l.len;) {
    if (!is_rule(l.items[i], strlen(l.items[i]), '=')) {
      i++;
      continue;
    }
    Case c = {0};
    c.header_rule = l.items[i];
    c.title = l.items[++i < l.len ? i : l.len - 1];
    c.lang = "javascript";
    for (i++; i < l.len && !is_rule(l.items[i], strlen(l.items[i]), '='); i++) {
      if (strncmp(l.items[i], ":language(", 10) == 0) {
        c.lang = l.items[i] + 10;
        char *close = strchr(c.lang, ')');
        if (close) *close = '\0';
      }
    }
    size_t src_start = ++i, sep = src_start;
    while (sep < l.len && !is_rule(l.items[sep], strlen(l.items[sep]), '-')) sep++;
    size_t end = sep + 1;
    while (end < l.len && !is_rule(l.items[end], strlen(l.items[end]), '=')) end++;
    c.sep_rule = sep < l.len ? l.items[sep] : "---";
    c.source = join_lines(&l, src_start, sep < l.len ? sep : l.len);
    c.expected = sep < l.len ? join_lines(&l, sep + 1, end) : xstrdup("");
    cases = xrealloc(cases, (n + 1) * sizeof *cases);
    cases[n++] = c;
    i = end;
  }
  free(l.items);
  *out = cases;
  return n;
}

static const char *path_for_lang(const char *lang) {
  if (strcmp(lang, "typescript") == 0) return "test.ts";
  if (strcmp(lang, "tsx") == 0) return "test.tsx";
  if (strcmp(lang, "go") == 0) return "test.go";
  if (strcmp(lang, "c") == 0) return "test.c";
  return "test.js";
}

/* Lowers source and returns the printed module plus notes (heap, caller frees).
** *verified is false when ir_verify_module failed. */
static char *lower_to_text(FrontEnd *fe, const char *path, const char *source, bool *verified) {
  FileCtx fx;
  fx_init(&fx, path, path);
  fx.src = arena_strdup(fx.arena, source);
  fx.src_len = strlen(source);
  IrLang lang = IR_LANG_JS;
  fe_lang_for_path(path, &lang);
  IrModule *m = fe_lower_file(fe, &fx, lang);
  StrBuf out;
  strbuf_init(&out);
  *verified = true;
  if (m) {
    ir_print_module(m, &out);
    StrBuf errs;
    strbuf_init(&errs);
    if (!ir_verify_module(m, &errs)) {
      *verified = false;
      fprintf(stderr, "ir_verify failed for %s:\n%s", path, strbuf_cstr(&errs));
    }
    strbuf_fini(&errs);
  } else {
    strbuf_puts(&out, "no module\n");
  }
  for (uint32_t i = 0; i < fx.notes.len; i++) {
    FileNote *nt = &fx.notes.items[i];
    strbuf_printf(&out, "note %s @%u:%u %s\n", note_kind_name(nt->kind), nt->at.line, nt->at.col, nt->message);
  }
  fx_fini(&fx);
  strbuf_putc(&out, '\0');
  char *s = strbuf_take(&out);
  trim_end(s);
  return s;
}

static void write_cases(const char *path, Case *cases, char **actual, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cannot write %s\n", path);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%s%s\n%s\n", i ? "\n" : "", cases[i].header_rule, cases[i].title);
    if (strcmp(cases[i].lang, "javascript") != 0) fprintf(f, ":language(%s)\n", cases[i].lang);
    fprintf(f, "%s\n%s\n%s\n%s\n", cases[i].header_rule, cases[i].source, cases[i].sep_rule, actual[i]);
  }
  fclose(f);
}

static int run_file(FrontEnd *fe, const char *path, bool update) {
  char *text = read_file(path);
  if (!text) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  Case *cases;
  size_t n = parse_cases(text, &cases);
  char **actual = xcalloc(n ? n : 1, sizeof *actual);
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    bool verified;
    actual[i] = lower_to_text(fe, path_for_lang(cases[i].lang), cases[i].source, &verified);
    bool same = strcmp(actual[i], cases[i].expected) == 0;
    if (!verified || (!same && !update)) {
      failed++;
      fprintf(stderr, "FAIL %s: %s\n", path, cases[i].title);
      if (!same) fprintf(stderr, "--- expected\n%s\n--- actual\n%s\n---\n", cases[i].expected, actual[i]);
    }
  }
  if (update) write_cases(path, cases, actual, n);
  printf("%s: %zu cases, %d failed%s\n", path, n, failed, update ? " (expectations rewritten)" : "");
  for (size_t i = 0; i < n; i++) {
    free(actual[i]);
    free(cases[i].source);
    free(cases[i].expected);
  }
  free(actual);
  free(cases);
  free(text);
  return failed || n == 0 ? 1 : 0;
}

static int dump(FrontEnd *fe, const char *path) {
  char *src = read_file(path);
  if (!src) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  bool verified;
  char *text = lower_to_text(fe, path, src, &verified);
  puts(text);
  free(text);
  free(src);
  return verified ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: lower_golden FILE.txt... | --dump SOURCE\n");
    return 2;
  }
  FrontEnd *fe = fe_new();
  int rc = 0;
  const char *upd = getenv("UPDATE_GOLDENS");
  bool update = upd && strcmp(upd, "1") == 0;
  if (strcmp(argv[1], "--dump") == 0) {
    for (int i = 2; i < argc; i++) rc |= dump(fe, argv[i]);
  } else {
    for (int i = 1; i < argc; i++) rc |= run_file(fe, argv[i], update);
  }
  fe_delete(fe);
  return rc;
}
