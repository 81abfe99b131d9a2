/* test_go_robust: the Go front end on hostile input (10,000-deep
** expressions and statements, garbage, empty files, invalid UTF-8, NUL
** bytes) and the Go-wide IR invariants: lowering never crashes, records
** NOTE_TOO_DEEP once when the guard trips, every module passes ir_verify,
** no block has an exception successor and no call is flagged may-throw
** (only an explicit panic throws). */
#include <stdlib.h>
#include <string.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "frontend/frontend.h"
#include "ir/ir_print.h"
#include "ir/ir_verify.h"
#include "test.h"

typedef struct Outcome {
  unsigned too_deep, parse_errors, internal;
  unsigned throws, may_throw_calls, exn_blocks, funcs;
  bool lowered;
} Outcome;

static void count_ir(const IrModule *m, Outcome *o) {
  o->funcs = m->n_funcs;
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    const IrFunc *f = &m->funcs[i];
    for (uint32_t b = 0; b < f->n_blocks; b++) {
      const IrBlock *blk = &f->blocks[b];
      o->exn_blocks += blk->exn >= 0;
      o->throws += blk->term.kind == IR_T_THROW;
      for (uint32_t k = 0; k < blk->n_instrs; k++) {
        const IrInstr *in = &blk->instrs[k];
        if ((in->kind == IR_CALL || in->kind == IR_DEFER) && (in->u.call.flags & IR_CALL_MAY_THROW))
          o->may_throw_calls++;
      }
    }
  }
}

/* Lowers src as a .go file (max_depth 0: the default guard) and checks that
** the module verifies and prints. */
static Outcome lower_go(FrontEnd *fe, const char *src, size_t len, int max_depth) {
  Outcome o = {0};
  FileCtx fx;
  fx_init(&fx, "t.go", "t.go");
  char *copy = arena_alloc(fx.arena, len + 1);
  memcpy(copy, src, len);
  copy[len] = '\0';
  fx.src = copy;
  fx.src_len = len;
  fx.max_depth = max_depth;
  IrLang lang = 0;
  CHECK(fe_lang_for_path("t.go", &lang) && lang == IR_LANG_GO);
  IrModule *m = fe_lower_file(fe, &fx, IR_LANG_GO);
  o.lowered = m != NULL;
  if (m) {
    StrBuf out, errs;
    strbuf_init(&out);
    strbuf_init(&errs);
    CHECK(ir_verify_module(m, &errs));
    ir_print_module(m, &out);
    CHECK(out.len > 0);
    CHECK(m->lang == IR_LANG_GO);
    count_ir(m, &o);
    strbuf_fini(&out);
    strbuf_fini(&errs);
  }
  for (uint32_t i = 0; i < fx.notes.len; i++) {
    o.too_deep += fx.notes.items[i].kind == NOTE_TOO_DEEP;
    o.parse_errors += fx.notes.items[i].kind == NOTE_PARSE_ERROR;
    o.internal += fx.notes.items[i].kind == NOTE_INTERNAL;
  }
  fx_fini(&fx);
  return o;
}

static Outcome lower_cstr(FrontEnd *fe, const char *src, int max_depth) {
  return lower_go(fe, src, strlen(src), max_depth);
}

/* "package p\nfunc f() {\n\tx := <open^n mid close^n>\n\tuse(x)\n}\n" */
static char *deep_expr(const char *open, const char *mid, const char *close, int n) {
  StrBuf b;
  strbuf_init(&b);
  strbuf_puts(&b, "package p\nfunc f() {\n\tx := ");
  for (int i = 0; i < n; i++) strbuf_puts(&b, open);
  strbuf_puts(&b, mid);
  for (int i = 0; i < n; i++) strbuf_puts(&b, close);
  strbuf_puts(&b, "\n\tuse(x)\n}\n");
  return strbuf_take(&b);
}

static void check_deep(FrontEnd *fe, const char *open, const char *mid, const char *close, int n) {
  char *src = deep_expr(open, mid, close, n);
  Outcome o = lower_cstr(fe, src, 0);
  CHECK(o.lowered);
  CHECK(o.too_deep == 1);
  CHECK(o.internal == 0);
  free(src);
}

static void test_deep_expressions(FrontEnd *fe) {
  check_deep(fe, "a+(", "g()", ")", 10000);
  check_deep(fe, "f(", "1", ")", 10000);
  check_deep(fe, "!", "ok", "", 10000);
  check_deep(fe, "[]T{", "db", "}", 10000);
  check_deep(fe, "func() int { return ", "1", " }()", 3000);
  check_deep(fe, "&T{x: ", "rows", "}", 10000);
  /* Parentheses are stripped iteratively: no guard needed, no crash. */
  char *parens = deep_expr("(", "g()", ")", 10000);
  Outcome o = lower_cstr(fe, parens, 0);
  CHECK(o.lowered && o.too_deep <= 1 && o.internal == 0);
  free(parens);
}

static void test_deep_statements(FrontEnd *fe) {
  StrBuf b;
  strbuf_init(&b);
  strbuf_puts(&b, "package p\nfunc f() {\n");
  for (int i = 0; i < 5000; i++) strbuf_puts(&b, "if a { for { switch { case b: ");
  strbuf_puts(&b, "defer rows.Close()");
  for (int i = 0; i < 5000; i++) strbuf_puts(&b, " } } }");
  strbuf_puts(&b, "\n}\n");
  Outcome o = lower_go(fe, b.data, b.len, 0);
  CHECK(o.lowered && o.too_deep == 1 && o.internal == 0);
  strbuf_fini(&b);
  /* A small explicit limit trips on ordinary code, once, and still verifies. */
  o = lower_cstr(fe, "package p\nfunc f() { if a { if b { g(h(i(j()))) } } }\n", 4);
  CHECK(o.lowered && o.too_deep == 1);
}

static void test_bad_files(FrontEnd *fe) {
  Outcome o = lower_go(fe, "", 0, 0);
  CHECK(o.lowered && o.parse_errors == 0 && o.funcs == 1);
  const char garbage[] = "\x01\x02}}}{{{ func ( := <- \xff\xfe type ;;; select { case";
  o = lower_go(fe, garbage, sizeof garbage - 1, 0);
  CHECK(o.lowered && o.parse_errors == 1 && o.internal == 0);
  const char utf8[] = "package p\nfunc f() { s := \"\xc3\x28\xff\"; g(s) }\n";
  o = lower_go(fe, utf8, sizeof utf8 - 1, 0);
  CHECK(o.lowered && o.internal == 0 && o.funcs == 2);
  const char nul[] = "package p\nfunc f() { a := \"x\0y\"; g(a) }\n";
  o = lower_go(fe, nul, sizeof nul - 1, 0);
  CHECK(o.lowered && o.internal == 0);
  /* A file that ends without a newline after a type declaration is not a
  ** syntax error (tree-sitter-go needs the final line end). */
  o = lower_cstr(fe, "package p\ntype T struct{ db *sql.DB }", 0);
  CHECK(o.lowered && o.parse_errors == 0);
  /* Error recovery inserts zero-width identifiers; none may become an
  ** empty path, callee or variable name (ir_verify rejects those). */
  o = lower_cstr(fe, "package p\nfunc f(rows *sql.Rows) {\n\tgo func(r *sql.Rows) ; r.Close() }(rows)\n}\n", 0);
  CHECK(o.lowered && o.parse_errors == 1 && o.internal == 0);
  o = lower_cstr(fe, "package p\nimport x \nfunc (*) (a, ) { s. = ; var ; const = \"\" }\n", 0);
  CHECK(o.lowered && o.internal == 0);
  /* goto to a label that does not exist, duplicate labels, stray
  ** break/continue/fallthrough: compile errors that must still verify. */
  o = lower_cstr(fe, "package p\nfunc f() { goto nowhere; L: g(); L: h(); break; continue; fallthrough }\n", 0);
  CHECK(o.lowered && o.internal == 0);
}

static void test_go_exits(FrontEnd *fe) {
  const char *src =
      "package p\nimport \"log\"\n"
      "func f(rows *sql.Rows, err error) {\n"
      "\tdefer rows.Close()\n\tif err != nil { panic(err) }\n"
      "\tif rows == nil { log.Panicf(\"x\") }\n\tg(rows)\n}\n";
  Outcome o = lower_cstr(fe, src, 0);
  CHECK(o.lowered);
  CHECK(o.throws == 2);          /* panic and log.Panicf */
  CHECK(o.may_throw_calls == 0); /* Go calls are not exceptional edges */
  CHECK(o.exn_blocks == 0);      /* a panic always leaves the function */
}

int main(void) {
  FrontEnd *fe = fe_new();
  test_deep_expressions(fe);
  test_deep_statements(fe);
  test_bad_files(fe);
  test_go_exits(fe);
  fe_delete(fe);
  return test_report("test_go_robust");
}
