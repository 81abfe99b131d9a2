/* Unit tests for the driver's lexical parts: the .gitignore matcher, the
** relative-import scan, suppression comments, NUL bytes in JS text,
** dependency levels, the line index and relative report paths. */
#include <stdlib.h>

#include "driver/discover.h"
#include "driver/gitignore.h"
#include "driver/jsproject.h"
#include "driver/lexscan.h"
#include "driver/order.h"
#include "driver/reader.h"
#include "test.h"

static GitignoreVerdict match(const char *text, const char *path, bool is_dir) {
  Gitignore *g = gitignore_parse("/r/", text, strlen(text));
  GitignoreVerdict v = gitignore_match(g, path, is_dir);
  gitignore_delete(g);
  return v;
}

static void test_glob(void) {
  CHECK(gitignore_glob("*.js", "a.js"));
  CHECK(!gitignore_glob("*.js", "d/a.js")); /* '*' stops at '/' */
  CHECK(gitignore_glob("**/a.js", "a.js"));
  CHECK(gitignore_glob("**/a.js", "x/y/a.js"));
  CHECK(gitignore_glob("x/**", "x/y/z.js"));
  CHECK(gitignore_glob("a/**/b", "a/b"));
  CHECK(gitignore_glob("a/**/b", "a/x/y/b"));
  CHECK(!gitignore_glob("a/**/b", "a/xb"));
  CHECK(gitignore_glob("file?.ts", "file1.ts"));
  CHECK(!gitignore_glob("file?.ts", "file/.ts"));
  CHECK(gitignore_glob("[a-c]x", "bx"));
  CHECK(!gitignore_glob("[!a-c]x", "bx"));
  CHECK(gitignore_glob("[!a-c]x", "dx"));
  CHECK(gitignore_glob("\\*lit", "*lit"));
  CHECK(!gitignore_glob("\\*lit", "alit"));
  CHECK(gitignore_glob("[unclosed", "[unclosed"));
}

static void test_gitignore(void) {
  CHECK(match("# comment\n\nbuild-*\n", "/r/build-x", true) == GI_IGNORE);
  CHECK(match("*.gen.js\n", "/r/src/deep/a.gen.js", false) == GI_IGNORE); /* no slash: any depth */
  CHECK(match("/top.js\n", "/r/top.js", false) == GI_IGNORE);              /* leading '/': anchored */
  CHECK(match("/top.js\n", "/r/sub/top.js", false) == GI_NONE);
  CHECK(match("src/gen\n", "/r/src/gen", true) == GI_IGNORE);              /* middle '/': anchored */
  CHECK(match("src/gen\n", "/r/x/src/gen", true) == GI_NONE);
  CHECK(match("tmp/\n", "/r/a/tmp", true) == GI_IGNORE);                   /* dir only */
  CHECK(match("tmp/\n", "/r/a/tmp", false) == GI_NONE);
  CHECK(match("*.js\n!keep.js\n", "/r/keep.js", false) == GI_INCLUDE);     /* negation, last wins */
  CHECK(match("!keep.js\n*.js\n", "/r/keep.js", false) == GI_IGNORE);
  CHECK(match("\\!bang.js\n", "/r/!bang.js", false) == GI_IGNORE);
  CHECK(match("\\#hash.js\n", "/r/#hash.js", false) == GI_IGNORE);
  CHECK(match("a.js   \r\n", "/r/a.js", false) == GI_IGNORE);             /* trailing blanks, CRLF */
  CHECK(match("a.js\n", "/other/a.js", false) == GI_NONE);                 /* not below base */
  CHECK(match("docs/**/*.md\n", "/r/docs/a/b/c.md", false) == GI_IGNORE);
}

static int n_specs;
static char specs[8][32];

static void collect(void *ctx, Str spec) {
  (void)ctx;
  if (n_specs < 8) snprintf(specs[n_specs++], sizeof specs[0], "%.*s", (int)spec.len, spec.ptr);
}

static void test_imports(void) {
  const char *src =
      "const a = require('./a');\n"
      "import b from \"../lib/b.js\";\n"
      "import './side';\n"
      "export { c } from './c';\n"
      "const d = await import('./d');\n"
      "const e = require('pg');\n"
      "const s = './not-an-import';\n"
      "// require('./in-comment')\n"
      "/* import x from './in-block' */\n"
      "const t = `${x}`; const f = requireX('./f');\n";
  n_specs = 0;
  lexscan_relative_imports(src, strlen(src), collect, NULL);
  CHECK(n_specs == 5);
  CHECK_STR(specs[0], "./a");
  CHECK_STR(specs[1], "../lib/b.js");
  CHECK_STR(specs[2], "./side");
  CHECK_STR(specs[3], "./c");
  CHECK_STR(specs[4], "./d");
  CHECK(lexscan_prefilter("x = POOL.Connect()", 18, false));
  CHECK(!lexscan_prefilter("export const add = (a, b) => a + b;", 35, false));
  CHECK(lexscan_prefilter("export const add = 1;", 21, true));
}

/* Bare specifiers are reported too (the driver resolves workspace packages
** and tsconfig aliases); the relative filter keeps only relative ones. */
static void test_bare_imports(void) {
  const char *src = "import { a } from '@shop/db';\nconst b = require('pg');\nimport c from '@/lib/c';\n"
                    "import d from './d';\nconst e = 'not/an/import';\n";
  n_specs = 0;
  lexscan_js_imports(src, strlen(src), collect, NULL);
  CHECK(n_specs == 4);
  CHECK_STR(specs[0], "@shop/db");
  CHECK_STR(specs[1], "pg");
  CHECK_STR(specs[2], "@/lib/c");
  CHECK_STR(specs[3], "./d");
  CHECK(lexscan_is_relative(str_from("../x")) && !lexscan_is_relative(str_from("@/x")));
}

/* Type-only imports and re-exports bring no run-time dependency. */
static void test_type_only_imports(void) {
  const char *src = "import type { A } from './a';\nimport type * as B from './b';\nexport type { C } from './c';\n"
                    "import type from './d';\nimport type, { e } from './e';\nimport { f } from './f';\n"
                    "export { type G } from './g';\nconst h = require('./h'); type T = 1;\nimport i from './i';\n";
  const char *at[9];
  const char *names[9] = {"./a", "./b", "./c", "./d", "./e", "./f", "./g", "./h", "./i"};
  for (int k = 0; k < 9; k++) at[k] = strstr(src, names[k]);
  CHECK(lexscan_js_type_only_import(src, strlen(src), at[0]));
  CHECK(lexscan_js_type_only_import(src, strlen(src), at[1]));
  CHECK(lexscan_js_type_only_import(src, strlen(src), at[2]));
  for (int k = 3; k < 9; k++) CHECK(!lexscan_js_type_only_import(src, strlen(src), at[k]));
  CHECK(!lexscan_js_type_only_import(src, strlen(src), NULL));
}

/* Which names a TypeScript `import { … }` takes; other forms say -1. */
static void test_ts_import_names(void) {
  const char *src = "import { A, B as C, type D, type as } from './a';\nimport E, { F } from './e';\n"
                    "import * as G from './g';\nexport { H } from './h';\nimport './i';\n"
                    "import {\n  J, // c\n} from './j';\nimport type { K } from './k';\nimport { type L } from './l';\n";
  Str names[4];
  CHECK(lexscan_ts_import_names(src, strlen(src), strstr(src, "./a'"), names, 4) == 3);
  CHECK(str_eq(names[0], STR_LIT("A")) && str_eq(names[1], STR_LIT("B")) && str_eq(names[2], STR_LIT("type")));
  CHECK(lexscan_ts_import_names(src, strlen(src), strstr(src, "./a'"), names, 2) == -1); /* more than max */
  const char *other[] = {"./e'", "./g'", "./h'", "./i'", "./k'"};
  for (int k = 0; k < 5; k++) CHECK(lexscan_ts_import_names(src, strlen(src), strstr(src, other[k]), names, 4) == -1);
  CHECK(lexscan_ts_import_names(src, strlen(src), strstr(src, "./j'"), names, 4) == -1); /* a comment inside */
  CHECK(lexscan_ts_import_names(src, strlen(src), strstr(src, "./l'"), names, 4) == 0);
}

typedef struct DeclSeen {
  char text[256];
} DeclSeen;

static void collect_decl(void *ctx, Str name, bool type_decl) {
  DeclSeen *d = ctx;
  size_t at = strlen(d->text);
  snprintf(d->text + at, sizeof d->text - at, "%s%.*s ", type_decl ? "t:" : "v:", (int)name.len, name.ptr);
}

/* Declared names: types (interface, alias, enum) and values, not members or text. */
static void test_ts_declared_names(void) {
  const char *src = "export interface Hub { type: string; db: DB }\nexport type Id = string | number;\n"
                    "type Box<T> = { v: T };\nenum Color { Red }\nexport const Status = { on: 1 };\n"
                    "export type Status = keyof typeof Status;\nclass Repo {}\nfunction* gen() {}\n"
                    "// interface Hidden {}\nconst s = 'interface Str';\nimport type { X } from './x';\nobj.type = 1;\n";
  DeclSeen d = {{0}};
  lexscan_ts_declared_names(src, strlen(src), collect_decl, &d);
  CHECK(strcmp(d.text, "t:Hub t:Id t:Box t:Color v:Status t:Status v:Repo v:gen v:s ") == 0);
}

/* tsconfig.json is JSON with comments and trailing commas. */
static void test_strip_jsonc(void) {
  char text[] = "{ // c\n \"a\": \"//not a comment\", /* b */ \"p\": [\"x/*\",],\n}";
  size_t n = jsproject_strip_jsonc(text, strlen(text));
  CHECK(n == strlen(text));
  CHECK(strstr(text, "// c") == NULL && strstr(text, "/* b */") == NULL);
  CHECK(strstr(text, "\"//not a comment\"") != NULL);
  CHECK(strstr(text, "\"x/*\"]") != NULL);
  CHECK(strstr(text, ",]") == NULL && strstr(text, ",\n}") == NULL);
}

static void test_suppressions(void) {
  Suppression s;
  CHECK(lexscan_suppression(str_from("  // txlint-disable-next-line a-rule, b-rule -- reason here"), &s));
  CHECK(s.next_line);
  CHECK(lexscan_rule_listed(s.rules, "a-rule") && lexscan_rule_listed(s.rules, "b-rule"));
  CHECK(!lexscan_rule_listed(s.rules, "a"));
  CHECK(s.reason.len == 11 && memcmp(s.reason.ptr, "reason here", 11) == 0);
  CHECK(lexscan_suppression(str_from("f(); /* txlint-disable-line r1 -- why */"), &s));
  CHECK(!s.next_line && lexscan_rule_listed(s.rules, "r1") && s.reason.len == 3);
  CHECK(lexscan_suppression(str_from("f(); // txlint-disable-line r1"), &s) && s.reason.len == 0);
  CHECK(!lexscan_suppression(str_from("const s = 'txlint-disable-line r1';"), &s)); /* not a comment */
  CHECK(!lexscan_suppression(str_from("// txlint-disable-lines r1"), &s));
  CHECK(lexscan_suppression(str_from(" * txlint-disable-next-line r2"), &s)); /* block comment body */
}

/* The offset lexscan_js_nul_outside_text finds in src[0..len) (len: none). */
static size_t nul_at(const char *src, size_t len) { return lexscan_js_nul_outside_text(src, len); }

static void test_nul_bytes(void) {
  /* Inside '…', "…", a template's text (also after a substitution), comments. */
  static const char inside[] = "a = 'x\0y'; b = \"\0\"; c = `t\0${a}\0${ {k: '}'}.k }\0`; // \0\n/* \0 */ d = 1;";
  CHECK(nul_at(inside, sizeof inside - 1) == sizeof inside - 1);
  /* Outside: in code, in a template's substitution, after a ' string ended by its line. */
  static const char code[] = "a = 1;\0";
  CHECK(nul_at(code, sizeof code - 1) == 6);
  static const char hole[] = "c = `t${ a \0 }`;";
  CHECK(nul_at(hole, sizeof hole - 1) == 11);
  static const char unterminated[] = "a = 'x\n\0';";
  CHECK(nul_at(unterminated, sizeof unterminated - 1) == 7);
  static const char escaped[] = "a = '\\'\0';"; /* an escaped quote does not end the string */
  CHECK(nul_at(escaped, sizeof escaped - 1) == sizeof escaped - 1);
  static const char regex[] = "r = /a\0b/;"; /* a regular expression counts as code */
  CHECK(nul_at(regex, sizeof regex - 1) == 6);
  CHECK(nul_at("", 0) == 0);
}

static void test_levels(void) {
  /* 0 -> 1 -> 2 -> 1 (cycle 1-2), 3 -> 0, 4 alone. */
  uint32_t d0[] = {1}, d1[] = {2}, d2[] = {1}, d3[] = {0};
  uint32_t *deps[] = {d0, d1, d2, d3, NULL};
  uint32_t n_deps[] = {1, 1, 1, 1, 0};
  uint32_t level[5];
  uint32_t n = order_levels(5, deps, n_deps, level);
  CHECK(n == 3);
  CHECK(level[1] == 0 && level[2] == 0); /* one component */
  CHECK(level[0] == 1);
  CHECK(level[3] == 2);
  CHECK(level[4] == 0);
  /* A long chain does not recurse. */
  enum { N = 100000 };
  uint32_t **chain = calloc(N, sizeof *chain), *nd = calloc(N, sizeof *nd), *lv = calloc(N, sizeof *lv);
  uint32_t *targets = calloc(N, sizeof *targets);
  for (uint32_t i = 0; i + 1 < N; i++) targets[i] = i + 1, chain[i] = &targets[i], nd[i] = 1;
  CHECK(order_levels(N, chain, nd, lv) == N);
  CHECK(lv[0] == N - 1 && lv[N - 1] == 0);
  free(chain), free(nd), free(lv), free(targets);
}

static void test_line_index(void) {
  LineIndex idx;
  Str line;
  line_index_init(&idx, "a\r\nbc\n", 6);
  CHECK(idx.n_lines == 2);
  CHECK(line_index_get(&idx, 2, &line) && line.len == 2 && memcmp(line.ptr, "bc", 2) == 0);
  CHECK(line_index_get(&idx, 1, &line) && line.len == 1); /* the CR of CRLF is not part of the line */
  CHECK(!line_index_get(&idx, 3, &line) && !line_index_get(&idx, 0, &line));
  line_index_fini(&idx);
  line_index_init(&idx, "x", 1); /* a last line without '\n' counts */
  CHECK(idx.n_lines == 1 && line_index_get(&idx, 1, &line) && line.len == 1);
  line_index_fini(&idx);
}

static void test_relative(void) {
  Arena *a = arena_new();
  CHECK_STR(discover_relative(a, "/w", "/w/src/a.js"), "src/a.js");
  CHECK_STR(discover_relative(a, "/w", "/wx/a.js"), "/wx/a.js"); /* a sibling, not inside */
  CHECK_STR(discover_relative(a, "/", "/src/a.js"), "src/a.js");
  /* A command-line path that could not be resolved stays as written, also
  ** when the working directory is the root (it lost its first byte). */
  CHECK_STR(discover_relative(a, "/", "src/a.js"), "src/a.js");
  CHECK_STR(discover_relative(a, "/w", "src/a.js"), "src/a.js");
  arena_delete(a);
}

int main(void) {
  test_glob();
  test_gitignore();
  test_imports();
  test_bare_imports();
  test_type_only_imports();
  test_ts_import_names();
  test_ts_declared_names();
  test_strip_jsonc();
  test_suppressions();
  test_nul_bytes();
  test_levels();
  test_line_index();
  test_relative();
  return test_report("test_driver");
}
