/* test_fuzz_regress: inputs found by fuzzing the front ends and the engine,
** reduced to the shape that broke them. Each test names the failure it
** guards against: IR-verifier failures on error-recovery trees, stack
** overflow, and inputs that made lowering or parsing quadratic. Timings are
** thread CPU time with bounds far above the fixed cost and far below the
** quadratic one, so load on the machine does not make them flaky. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/filectx.h"
#include "base/strbuf.h"
#include "engine/engine.h"
#include "frontend/frontend.h"
#include "ir/ir_build.h"
#include "ir/ir_print.h"
#include "ir/ir_verify.h"
#include "test.h"

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned count_notes(const FileCtx *fx, NoteKind k) {
  unsigned n = 0;
  for (uint32_t i = 0; i < fx->notes.len; i++) n += fx->notes.items[i].kind == k;
  return n;
}

typedef struct Lowered {
  bool module;      /* fe_lower_file returned a module */
  bool verified;    /* ir_verify_module accepted it */
  unsigned internal, too_deep, too_large, unsupported;
  uint32_t max_locals; /* the most locals of any function */
  double seconds;   /* CPU time of lowering (and analysing, when asked) */
} Lowered;

/* Lowers src as path (language from the extension), verifies the module and,
** when engine is non-NULL, analyses it too. */
static Lowered lower(FrontEnd *fe, const Engine *engine, const char *path, const char *src, size_t len) {
  Lowered r = {0};
  FileCtx fx;
  fx_init(&fx, path, path);
  char *copy = arena_alloc(fx.arena, len + 1);
  memcpy(copy, src, len);
  copy[len] = '\0';
  fx.src = copy;
  fx.src_len = len;
  IrLang lang = IR_LANG_JS;
  CHECK(fe_lang_for_path(path, &lang));
  double t0 = cpu_seconds();
  IrModule *m = fe_lower_file(fe, &fx, lang);
  r.module = m != NULL;
  if (m) {
    StrBuf errs;
    strbuf_init(&errs);
    r.verified = ir_verify_module(m, &errs);
    if (!r.verified) fprintf(stderr, "%s: %s\n", path, strbuf_cstr(&errs));
    strbuf_fini(&errs);
    for (uint32_t i = 0; i < m->n_funcs; i++)
      if (m->funcs[i].n_locals > r.max_locals) r.max_locals = m->funcs[i].n_locals;
    if (engine) {
      Project *p = project_new();
      FindingList fl;
      finding_list_init(&fl);
      module_summary_delete(engine_analyze_module(engine, p, m, &fx, &fl));
      finding_list_fini(&fl);
      project_delete(p);
    }
  }
  r.seconds = cpu_seconds() - t0;
  r.internal = count_notes(&fx, NOTE_INTERNAL);
  r.too_deep = count_notes(&fx, NOTE_TOO_DEEP);
  r.too_large = count_notes(&fx, NOTE_TOO_LARGE);
  r.unsupported = count_notes(&fx, NOTE_UNSUPPORTED);
  fx_fini(&fx);
  return r;
}

static Lowered lower_cstr(FrontEnd *fe, const char *path, const char *src) { return lower(fe, NULL, path, src, strlen(src)); }

/* Each case, as JavaScript, TypeScript and TSX, lowers to a module that
** verifies and leaves no internal-error note. */
static void expect_sound_js(FrontEnd *fe, const Engine *engine, const char *const *cases, size_t n) {
  static const char *const paths[] = {"t.js", "t.ts", "t.tsx"};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
      Lowered r = lower(fe, engine, paths[k], cases[i], strlen(cases[i]));
      CHECK(r.module && r.verified);
      CHECK(r.internal == 0);
    }
}

/* Returns head + body repeated n times + tail (heap, caller frees). */
static char *repeat(const char *head, const char *body, int n, const char *tail, size_t *len) {
  size_t hl = strlen(head), bl = strlen(body), tl = strlen(tail);
  size_t total = hl + bl * (size_t)n + tl;
  char *s = malloc(total + 1);
  memcpy(s, head, hl);
  for (int i = 0; i < n; i++) memcpy(s + hl + bl * (size_t)i, body, bl);
  memcpy(s + hl + bl * (size_t)n, tail, tl);
  s[total] = '\0';
  *len = total;
  return s;
}

/* `try {}` with neither catch nor finally (tree-sitter accepts it; so does
** error recovery for `try {} finally` without a body) once made the try body's
** exception successor block 0, the entry: "entry block has predecessors". */
static void test_try_without_handler(FrontEnd *fe) {
  static const char *const cases[] = {
      "try {}",
      "try{",
      "function f(a) { try { a(); } finally }",
      "const g = () => { try { x(); } }",
      "function h(c) { try { try { c.q(); } } catch (e) { c.release(); } }",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Lowered r = lower_cstr(fe, "t.js", cases[i]);
    CHECK(r.module && r.verified);
    CHECK(r.internal == 0);
  }
}

/* A MISSING identifier (zero-width node from error recovery) became the
** empty path "": in an opaque's uses (`export class E{(){}}*` + `/`), and as
** the target of an update expression (`++++++++;`). */
static void test_missing_identifier_paths(FrontEnd *fe) {
  static const char *const cases[] = {
      "export class E{(){}}*/",
      "++++++++;",
      "let a = b.;\nf(++);\n",
      "class { m() { this. } }",
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Lowered r = lower_cstr(fe, i == 3 ? "t.ts" : "t.js", cases[i]);
    CHECK(r.module && r.verified);
    CHECK(r.internal == 0);
  }
}

/* `const;{-p` (the fuzzer's second find): the declarator's MISSING name was
** declared as a local without a name: "variable 7 without a name (F2)". */
static void test_declaration_without_name(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"const;{-p", "let;\nf(x)", "function f() { var ; return 1 }", "for (const of x) {}"};
  expect_sound_js(fe, engine, cases, sizeof cases / sizeof cases[0]);
}

/* A class field whose name error recovery left MISSING (`class{=t`, found
** by the first fuzzer) or that is the empty string became an IR field
** without a name: "field 0 without a name (M3)". */
static void test_class_field_without_name(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"class{=t", "class A { =t; m() {} }", "class A { \"\" = 1; ''() {} }",
                                      "class B { = () => {}; }"};
  expect_sound_js(fe, engine, cases, sizeof cases / sizeof cases[0]);
}

/* `function(,){c` (the third find): a parameter error recovery left MISSING
** became a parameter without a name, "variable 0 without a name (F2)"; now
** it is named by its position like a destructured one. */
static void test_parameter_without_name(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"function(,){c", "(,) => 1", "class A { constructor(private ,) {} }",
                                      "function f(a, , b) { return a + b }"};
  expect_sound_js(fe, engine, cases, sizeof cases / sizeof cases[0]);
}

/* `import t}from''` (the fourth find): an import with an empty specifier or
** a MISSING name was recorded, "import 0 incomplete (M2)"; it binds nothing
** and is dropped. */
static void test_import_incomplete(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"import t}from''", "import x from ''", "const a = require('')",
                                      "import { } from 'pg'; import {,} from 'pg'", "const { } = require('pg')"};
  expect_sound_js(fe, engine, cases, sizeof cases / sizeof cases[0]);
}

/* `(new%Pool()) };` (found by the CI run's fuzz_js on 2026-12-07): the
** grammar's recovery leaves a `new` whose constructor is a MISSING
** identifier, lowered as the callee "": "empty callee (I1)"; such a callee
** is now opaque. */
static void test_new_without_constructor(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"(new%Pool()) };", "(new%Pool())", "x = new%Pool();",
                                      "const { Pool } = require('pg');\n(new%Pool()) };"};
  expect_sound_js(fe, engine, cases, sizeof cases / sizeof cases[0]);
}

/* `module.exports. = { f }` (found by the CI run's fuzz_js on 2026-12-07):
** the property the parser left missing was exported under the name "",
** "export 0 without a name (M3)"; it exports nothing. */
static void test_export_without_name(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"function f() {}\nmodule.exports. = { f };", "exports. = 1;",
                                      "module.exports. = function () {};"};
  expect_sound_js(fe, engine, cases, sizeof cases / sizeof cases[0]);
}

/* `func()s(`: a Go method whose receiver list is empty is lowered as a
** method named without its "Type."; publishing the package's "~impl.M"
** entries took the text after a '.' that was not there (strrchr + 1 on
** NULL). Analysed as a package, as the driver does. */
static void test_go_method_without_receiver(FrontEnd *fe, const Engine *engine) {
  static const char *const cases[] = {"func()s(", "package p\nfunc () M() {}\n", "package p\nfunc (,) M(db *sql.DB) { db.Begin() }\n"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    FileCtx fx;
    fx_init(&fx, "t.go", "t.go");
    size_t len = strlen(cases[i]);
    char *copy = arena_alloc(fx.arena, len + 1);
    memcpy(copy, cases[i], len + 1);
    fx.src = copy;
    fx.src_len = len;
    IrModule *m = fe_lower_file(fe, &fx, IR_LANG_GO);
    CHECK(m != NULL);
    Project *p = project_new();
    FindingList fl;
    finding_list_init(&fl);
    const IrModule *mods[1] = {m};
    FileCtx *fxs[1] = {&fx};
    FindingList *outs[1] = {&fl};
    ModuleSummary *sums[1] = {NULL}, *pkg = NULL;
    engine_analyze_package(engine, p, "example.com/p", mods, fxs, outs, 1, sums, &pkg);
    CHECK(sums[0] != NULL);
    module_summary_delete(sums[0]);
    module_summary_delete(pkg);
    finding_list_fini(&fl);
    project_delete(p);
    CHECK(count_notes(&fx, NOTE_INTERNAL) == 0);
    fx_fini(&fx);
  }
}

/* Every `using` nests the rest of its block, and the nesting had no depth
** guard: 8,000 usings in one function overflowed the C stack. */
static void test_many_usings(FrontEnd *fe) {
  size_t len;
  char *src = repeat("async function f(pool) {\n", "  using c = g(pool);\n", 8000, "  c.q();\n}\n", &len);
  Lowered r = lower(fe, NULL, "t.ts", src, len);
  CHECK(r.module && r.verified);
  CHECK(r.too_deep == 1);
  CHECK(r.seconds < 10.0);
  free(src);
  src = repeat("async function f(pool) {\n", "  await using c = g(pool);\n", 100, "}\n", &len);
  r = lower(fe, NULL, "t.ts", src, len);
  CHECK(r.module && r.verified && r.too_deep == 0);
  free(src);
}

/* Locals were found by a linear scan, so a function (or a Go file's top
** level) with 60,000 distinct variables took minutes; they are now indexed.
** Also checks that the lookup keeps its meaning. */
static void test_many_locals(FrontEnd *fe) {
  enum { N = 60000 };
  StrBuf sb;
  strbuf_init(&sb);
  strbuf_puts(&sb, "package p\n");
  for (int i = 0; i < N; i++) strbuf_printf(&sb, "var v%d = %d\n", i, i);
  Lowered r = lower(fe, NULL, "t.go", strbuf_cstr(&sb), strlen(strbuf_cstr(&sb)));
  CHECK(r.module && r.verified);
  CHECK(r.max_locals == N);
  CHECK(r.seconds < 10.0);
  strbuf_fini(&sb);

  Arena *a = arena_new();
  IrBuilder *b = irb_new(a, "t.js", IR_LANG_JS);
  IrbFunc *f = irb_func_begin(b, "f", -1, 0, (SrcLoc){1, 1, 1, 2});
  irb_add_param(f, (IrVar){.name = "x", .type = "first"});
  irb_add_param(f, (IrVar){.name = "x", .type = "second"});
  CHECK(irb_add_local(f, (IrVar){.name = "y", .type = "local"}) == 0);
  CHECK(irb_add_local(f, (IrVar){.name = "x", .type = "shadowed"}) == 1);
  CHECK(irb_add_local(f, (IrVar){.name = "y", .type = "again"}) == 0);
  CHECK(irb_add_local(f, (IrVar){.name = "x", .type = "again"}) == 1);
  CHECK_STR(irb_find_var(f, "x")->type, "first"); /* params shadow locals; the first param wins */
  CHECK_STR(irb_find_var(f, "y")->type, "local");
  CHECK(irb_find_var(f, "z") == NULL);
  arena_delete(a);
}

/* Top-level loops used ts_node_named_child(root, i), which is O(i): a JS
** block or Go file whose children tree-sitter keeps in one flat error node
** was quadratic (160 KB of `func() {` took minutes). */
static void test_flat_children(FrontEnd *fe) {
  size_t len;
  char *src = repeat("const pg = require('pg');\nconst { Pool, Client: C", "func() {", 20000, "\n", &len);
  Lowered r = lower(fe, NULL, "t.js", src, len);
  CHECK(r.module && r.verified && r.internal == 0);
  CHECK(r.seconds < 10.0);
  free(src);
}

/* tree-sitter's error recovery is quadratic on some inputs (a Go
** statement followed by thousands of `=> ()`): the parse is stopped at the
** budget, the file gets one NOTE_TOO_LARGE and no module, and the next file
** on the same front end parses normally (the stopped parse is reset). */
static void test_parse_budget(FrontEnd *fe) {
  size_t len;
  char *src = repeat("package p\nfunc f() {\n\tb := ma() ", "=> () ", 20000, "=> x\n}\n", &len);
  fe_set_parse_budget(fe, 0.3, 0);
  Lowered r = lower(fe, NULL, "t.go", src, len);
  CHECK(!r.module);
  CHECK(r.too_large == 1 && r.internal == 0);
  CHECK(r.seconds < 3.0);
  Lowered ok = lower_cstr(fe, "t.go", "package p\nfunc g() { h() }\n");
  CHECK(ok.module && ok.verified && ok.too_large == 0);
  fe_set_parse_budget(fe, FE_PARSE_BUDGET_BASE, FE_PARSE_BUDGET_PER_MIB);
  free(src);
}

/* One note per unsupported construct meant 20,000 notes for a garbled 1 MB
** line, and converting each note's column to UTF-16 rescanned the line:
** minutes. A file keeps FX_MAX_NOTES_PER_KIND notes of a kind, plus one
** saying the rest were left out; error counting is unaffected. */
static void test_note_cap(void) {
  FileCtx fx;
  fx_init(&fx, "t.js", "t.js");
  for (int i = 0; i < 5000; i++) fx_note(&fx, NOTE_UNSUPPORTED, (SrcLoc){1, (uint32_t)i + 1, 1, (uint32_t)i + 2}, "u%d", i);
  for (int i = 0; i < 3; i++) fx_note(&fx, NOTE_PARSE_ERROR, (SrcLoc){2, 1, 2, 2}, "p%d", i);
  CHECK(count_notes(&fx, NOTE_UNSUPPORTED) == FX_MAX_NOTES_PER_KIND + 1);
  CHECK(count_notes(&fx, NOTE_PARSE_ERROR) == 3);
  CHECK(fx.n_errors == 3);
  CHECK_STR(fx.notes.items[0].message, "u0");
  CHECK(strstr(fx.notes.items[FX_MAX_NOTES_PER_KIND].message, "the rest are not reported") != NULL);
  fx_fini(&fx);
}

/* 65+ resources in one function: the engine tracks 64 per function; the
** rest must be dropped quietly (no crash, no sanitizer report). */
static void test_many_resources(FrontEnd *fe, const Engine *engine) {
  StrBuf sb;
  strbuf_init(&sb);
  strbuf_puts(&sb, "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function f(x) {\n");
  for (int i = 0; i < 200; i++) strbuf_printf(&sb, "  const c%d = await pool.connect();\n", i);
  for (int i = 0; i < 200; i++) strbuf_printf(&sb, "  if (x === %d) c%d.release();\n", i, i);
  strbuf_puts(&sb, "}\n");
  Lowered r = lower(fe, engine, "t.js", strbuf_cstr(&sb), strlen(strbuf_cstr(&sb)));
  CHECK(r.module && r.verified && r.internal == 0);
  strbuf_fini(&sb);
}

int main(void) {
  FrontEnd *fe = fe_new();
  Engine *engine = engine_new(&(EngineOptions){0});
  char err[512];
  CHECK(engine_load_models(engine, "rules", err, sizeof err));
  test_try_without_handler(fe);
  test_missing_identifier_paths(fe);
  test_class_field_without_name(fe, engine);
  test_declaration_without_name(fe, engine);
  test_go_method_without_receiver(fe, engine);
  test_parameter_without_name(fe, engine);
  test_import_incomplete(fe, engine);
  test_new_without_constructor(fe, engine);
  test_export_without_name(fe, engine);
  test_many_usings(fe);
  test_many_locals(fe);
  test_flat_children(fe);
  test_parse_budget(fe);
  test_note_cap();
  test_many_resources(fe, engine);
  engine_delete(engine);
  fe_delete(fe);
  return test_report("fuzz_regress");
}
