/* The C scan (lexscan_c): definitions, calls and includes of a C file, and
** whether it names a modelled library, read without parsing. */
#include <string.h>

#include "driver/lexscan.h"
#include "test.h"

typedef struct Seen {
  char defines[512], calls[512], includes[512];
} Seen;

static void add(char *buf, Str s) {
  strncat(buf, s.ptr, s.len < 64 ? s.len : 64);
  strcat(buf, " ");
}
static void on_define(void *ud, Str s) { add(((Seen *)ud)->defines, s); }
static void on_call(void *ud, Str s) { add(((Seen *)ud)->calls, s); }
static void on_include(void *ud, Str s) { add(((Seen *)ud)->includes, s); }

static const char *const prefixes[] = {"PQ", "sqlite3_"};
static const char *const headers[] = {"libpq-fe.h", "sqlite3.h"};

static bool scan(const char *src, Seen *seen) {
  memset(seen, 0, sizeof *seen);
  CScan s = {prefixes, 2, headers, 2, on_define, on_call, on_include, seen, false, false};
  lexscan_c(src, strlen(src), &s);
  return s.model_hit;
}

static void test_structure(void) {
  Seen s;
  CHECK(!scan("#include \"db.h\"\n#include <stdio.h>\n"
              "static int helper(int a);\n"
              "int helper(int a) { return twice(a) + (int)sizeof(a); }\n"
              "int old(a, b) int a; char *b; { if (a) return use(b); return 0; }\n"
              "void attr(void) __attribute__((noreturn));\n"
              "void attr(void) { for (;;) spin(); }\n"
              "static struct t table[] = { {\"x\", fill(1)} };\n"
              "#define WRAP(x) wrapped(x)\n",
              &s));
  CHECK_STR(s.defines, "helper old attr ");
  /* The prototypes of helper and attr declare, they do not call: a header of
  ** prototypes does not make its includers depend on the definitions. */
  CHECK_STR(s.calls, "twice use spin fill WRAP wrapped ");
  CHECK_STR(s.includes, "db.h stdio.h ");
}

/* Which definitions are static (file-local): their names reach no other file. */
typedef struct StaticSeen {
  CScan *scan;
  char out[256];
} StaticSeen;

static void on_define_static(void *ud, Str s) {
  StaticSeen *st = ud;
  if (st->scan->define_is_static) strcat(st->out, "static:");
  add(st->out, s);
}

static void test_static_definitions(void) {
  const char *src = "static int counter;\n"
                    "static int helper(int a);\n"
                    "int helper(int a) { static int calls; calls++; return a; }\n"
                    "static inline int twice(int a) { return 2 * a; }\n"
                    "static\nconst char *\nname_of(int k) { return k ? \"a\" : \"b\"; }\n"
                    "/* static */ int visible(void) { return 0; }\n"
                    "#define STATIC_HELPER(n) static int n(void)\n"
                    "int after_macro(void) { return 1; }\n";
  StaticSeen st;
  memset(&st, 0, sizeof st);
  CScan s = {prefixes, 2, headers, 2, on_define_static, NULL, NULL, &st, false, false};
  st.scan = &s;
  lexscan_c(src, strlen(src), &s);
  CHECK_STR(st.out, "helper static:twice static:name_of visible after_macro ");
}

static void test_model_words(void) {
  Seen s;
  CHECK(scan("int f(void *c) { return PQstatus(c); }", &s));
  CHECK(scan("#include <postgresql/libpq-fe.h>\n", &s));
  CHECK(scan("#  include \"sqlite3.h\"\n", &s));
  CHECK(!scan("/* PQexec */ // sqlite3_open\nconst char *s = \"PQfinish\"; char c = 'P';\n", &s));
  CHECK(!scan("int PQ; /* the prefix alone names nothing */\n", &s));
  CHECK(!scan("#include \"my_sqlite3.h\"\n", &s));
  CHECK(scan("#define CLOSE(c) PQfinish(c)\n", &s));
}

int main(void) {
  test_structure();
  test_static_definitions();
  test_model_words();
  return test_report("test_lexscan_c");
}
