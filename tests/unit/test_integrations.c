/* Unit tests of what the integrations rely on: GitHub workflow-command
** escaping (actions/toolkit command.ts) and byte columns for the gcc format
** (the inverse of the UTF-16 columns findings carry). */
#include "report/report.h"
#include "report/srctext.h"
#include "test.h"

static void test_github_escape(void) {
  StrBuf b;
  strbuf_init(&b);
  report_github_escape(&b, "100% a:b,c\r\nd", false);
  CHECK_STR(strbuf_cstr(&b), "100%25 a:b,c%0D%0Ad");
  strbuf_clear(&b);
  report_github_escape(&b, "100% a:b,c\r\nd", true);
  CHECK_STR(strbuf_cstr(&b), "100%25 a%3Ab%2Cc%0D%0Ad");
  strbuf_clear(&b);
  report_github_escape(&b, NULL, true);
  CHECK_STR(strbuf_cstr(&b), "");
  strbuf_fini(&b);
}

/* Every byte column that starts a character survives the round trip
** bytes -> UTF-16 -> bytes, on a line with 2-, 3- and 4-byte characters. */
static void test_byte_columns(void) {
  Str line = str_from("a\xc3\xa9=\xe2\x98\x95 \xf0\x9d\x84\x9e x"); /* aé=☕ 𝄞 x */
  uint32_t starts[] = {1, 2, 4, 5, 8, 9, 13, 14, 15};
  for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
    CHECK(srctext_byte_col(line, srctext_utf16_col(line, starts[i])) == starts[i]);
  CHECK(srctext_utf16_col(line, 14) == 9); /* 'x': after a é = ☕ ' ' 𝄞(2 units) ' ' */
  CHECK(srctext_byte_col(line, 9) == 14);
  CHECK(srctext_byte_col(line, 7) == 9);   /* the pair's second unit: the pair's first byte */
  CHECK(srctext_byte_col(line, 12) == 17); /* past the end (byte 15 = unit 10): one byte per unit */
  CHECK(srctext_byte_col(line, 0) == 0);
  CHECK(srctext_byte_col(str_from(""), 3) == 3);
  Str bad = str_from("\xff" "ab"); /* an invalid byte counts one unit, as srctext_utf16_col */
  CHECK(srctext_byte_col(bad, srctext_utf16_col(bad, 3)) == 3);
}

int main(void) {
  test_github_escape();
  test_byte_columns();
  return test_report("integrations");
}
