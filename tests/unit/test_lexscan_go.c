/* The Go prefilter (lexscan_go_prefilter): which string literals keep a Go
** package, and which text around them never does. */
#include <string.h>

#include "driver/lexscan.h"
#include "test.h"

static const char *const paths[] = {"database/sql", "github.com/jackc/pgx/v5"};

static bool pf(const char *src) { return lexscan_go_prefilter(src, strlen(src), paths, 2); }

static void test_imports(void) {
  CHECK(pf("package a\nimport \"database/sql\"\n"));
  CHECK(pf("package a\nimport (\n\t\"fmt\"\n\tdb \"database/sql\"\n)\n"));
  CHECK(pf("package a\nimport `github.com/jackc/pgx/v5`\n"));
  CHECK(pf("package a\nimport \"database\\x2fsql\"\n")); /* escapes are decoded */
  CHECK(!pf("package a\nimport \"database/sql/driver\"\n")); /* exact paths only */
  CHECK(!pf("package a\nimport \"github.com/jackc/pgx/v4\"\n"));
  CHECK(!pf("package a\n// import \"database/sql\"\n/* \"database/sql\" */\n"));
  CHECK(!pf("package a\nvar r = '\"'\nvar s = \"x\"\n")); /* a rune literal opens no string */
  CHECK(!lexscan_go_prefilter("import \"database/sql\"", 21, paths, 0));
}

static void test_tx_sql(void) {
  CHECK(pf("func f(c C) { c.Exec(\"BEGIN\") }"));
  CHECK(pf("func f(c C) { c.Exec(`  -- start\n  begin isolation level serializable`) }"));
  CHECK(pf("const q = \"/* a /* nested */ comment */ COMMIT\""));
  CHECK(pf("const q = \"SELECT 1; ROLLBACK TO SAVEPOINT s\""));
  CHECK(pf("const q = \"release savepoint s\""));
  CHECK(pf("const q = \"end\""));                /* END commits */
  CHECK(pf("const q = \"START TRANSACTION\""));
  CHECK(pf("const q = \"\\x42EGIN\""));            /* decoded as the front end decodes */
  CHECK(pf("const q = \"BEG\\x00IN\""));           /* the front end drops NUL bytes */
  CHECK(!pf("const q = \"start\""));               /* START without TRANSACTION is not a transaction */
  CHECK(!pf("const q = \"unexpected end of input\""));
  CHECK(!pf("const q = \"-----BEGIN CERTIFICATE-----\\nMII\""));
  CHECK(!pf("const q = \"gorm:begin_transaction\""));
  CHECK(!pf("const q = \"BEGIN CERTIFICATE\""));   /* BEGIN opening a block, not a transaction */
  CHECK(!pf("// BEGIN\nfunc begin() { commit(); rollback() }"));
  CHECK(!pf("const q = \"SELECT 'BEGIN' FROM t\""));
}

static void test_unterminated(void) {
  CHECK(!pf("x := \"unterminated\ny := `raw"));
  CHECK(pf("x := \"BEGIN"));   /* an unterminated literal is still read */
  CHECK(!pf("x := '\\''"));
  CHECK(!pf(""));
}

int main(void) {
  test_imports();
  test_tx_sql();
  test_unterminated();
  return test_report("lexscan_go");
}
