/* test_ir_robust: the JS/TS front end on hostile input: 10,000-deep
** expressions and statements, empty and garbage files. Lowering must not
** crash, must record NOTE_TOO_DEEP once when the guard trips, and every
** module must pass ir_verify. */
#include <stdlib.h>
#include <string.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "frontend/frontend.h"
#include "ir/ir_print.h"
#include "ir/ir_verify.h"
#include "test.h"

static unsigned count_notes(const FileCtx *fx, NoteKind k) {
  unsigned n = 0;
  for (uint32_t i = 0; i < fx->notes.len; i++) n += fx->notes.items[i].kind == k;
  return n;
}

/* Lowers src as path; checks verification and printing; returns the notes of kind k. */
static unsigned lower_check(FrontEnd *fe, const char *path, const char *src, size_t len, NoteKind k, int max_depth) {
  FileCtx fx;
  fx_init(&fx, path, path);
  char *copy = arena_alloc(fx.arena, len + 1);
  memcpy(copy, src, len);
  copy[len] = '\0';
  fx.src = copy;
  fx.src_len = len;
  fx.max_depth = max_depth;
  IrLang lang = IR_LANG_JS;
  fe_lang_for_path(path, &lang);
  IrModule *m = fe_lower_file(fe, &fx, lang);
  CHECK(m != NULL);
  StrBuf out, errs;
  strbuf_init(&out);
  strbuf_init(&errs);
  if (m) {
    CHECK(ir_verify_module(m, &errs));
    ir_print_module(m, &out);
    CHECK(out.len > 0);
  }
  CHECK(count_notes(&fx, NOTE_INTERNAL) == 0);
  unsigned n = count_notes(&fx, k);
  strbuf_fini(&out);
  strbuf_fini(&errs);
  fx_fini(&fx);
  return n;
}

static char *repeat_wrap(const char *open, const char *mid, const char *close, int n) {
  StrBuf b;
  strbuf_init(&b);
  strbuf_puts(&b, "const x = ");
  for (int i = 0; i < n; i++) strbuf_puts(&b, open);
  strbuf_puts(&b, mid);
  for (int i = 0; i < n; i++) strbuf_puts(&b, close);
  strbuf_puts(&b, ";\n");
  return strbuf_take(&b);
}

static void test_deep_expressions(FrontEnd *fe) {
  char *parens = repeat_wrap("(", "f()", ")", 10000);
  CHECK(lower_check(fe, "p.js", parens, strlen(parens), NOTE_TOO_DEEP, 0) <= 1);
  free(parens);
  char *sums = repeat_wrap("a+(", "g()", ")", 10000);
  CHECK(lower_check(fe, "s.js", sums, strlen(sums), NOTE_TOO_DEEP, 0) == 1);
  free(sums);
  char *calls = repeat_wrap("f(", "1", ")", 10000);
  CHECK(lower_check(fe, "c.ts", calls, strlen(calls), NOTE_TOO_DEEP, 0) == 1);
  free(calls);
  char *arrows = repeat_wrap("() => ", "1", "", 5000);
  CHECK(lower_check(fe, "a.js", arrows, strlen(arrows), NOTE_TOO_DEEP, 0) == 1);
  free(arrows);
  char *members = repeat_wrap("", "a", ".b", 10000);
  CHECK(lower_check(fe, "m.js", members, strlen(members), NOTE_TOO_DEEP, 0) <= 1);
  free(members);
}

static void test_deep_statements(FrontEnd *fe) {
  StrBuf b;
  strbuf_init(&b);
  for (int i = 0; i < 5000; i++) strbuf_puts(&b, "if (a) { try { ");
  strbuf_puts(&b, "f();");
  for (int i = 0; i < 5000; i++) strbuf_puts(&b, " } finally { g(); } }");
  CHECK(lower_check(fe, "d.js", b.data, b.len, NOTE_TOO_DEEP, 0) == 1);
  /* A small explicit limit trips on ordinary code too, and still verifies. */
  CHECK(lower_check(fe, "d.js", "function f() { if (a) { if (b) { g(h(i(j()))); } } }", 52, NOTE_TOO_DEEP, 4) == 1);
  strbuf_fini(&b);
}

static void test_bad_files(FrontEnd *fe) {
  CHECK(lower_check(fe, "e.js", "", 0, NOTE_PARSE_ERROR, 0) == 0);
  const char garbage[] = "\x01\x02}}}{{{ function ( => \xff\xfe class ;;; try {";
  CHECK(lower_check(fe, "g.ts", garbage, sizeof garbage - 1, NOTE_PARSE_ERROR, 0) == 1);
  const char utf8[] = "const s = '\xc3\x28'; f(s);";
  lower_check(fe, "u.js", utf8, sizeof utf8 - 1, NOTE_PARSE_ERROR, 0);
  const char tsx[] = "const el = <div onClick={() => pool.query('x')}>{rows.map(r => <Row r={r} />)}</div>;";
  CHECK(lower_check(fe, "x.tsx", tsx, sizeof tsx - 1, NOTE_PARSE_ERROR, 0) == 0);
}

static void test_lang_for_path(void) {
  IrLang l = 0;
  CHECK(fe_lang_for_path("a/b.mjs", &l) && l == IR_LANG_JS);
  CHECK(fe_lang_for_path("x.cts", &l) && l == IR_LANG_TS);
  CHECK(fe_lang_for_path("x.tsx", &l) && l == IR_LANG_TS);
  CHECK(fe_lang_for_path("x.go", &l) && l == IR_LANG_GO);
  CHECK(!fe_lang_for_path("dir.ts/README", &l));
  CHECK(!fe_lang_for_path(".js", &l));
  char err[128];
  CHECK(fe_check_grammars(err, sizeof err));
}

int main(void) {
  FrontEnd *fe = fe_new();
  test_deep_expressions(fe);
  test_deep_statements(fe);
  test_bad_files(fe);
  test_lang_for_path();
  fe_delete(fe);
  return test_report("test_ir_robust");
}
