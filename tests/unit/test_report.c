/* Unit tests for the reporters' helpers: GitHub's line hash (expected values
** computed independently, from the closed form sum of c_i * 37^(99-i) over
** each line's 100-code-unit window), UTF-16 columns, and the JSON writer's
** escaping and structure. */
#include <stdlib.h>

#include "report/json_writer.h"
#include "report/report.h"
#include "report/srctext.h"
#include "test.h"

static void check_hashes(const char *src, const char *const *want, uint32_t n) {
  LineHash got[8];
  srctext_line_hashes(src, strlen(src), got, n);
  for (uint32_t i = 0; i < n; i++) CHECK_STR(got[i].text, want[i]);
}

static void test_line_hash(void) {
  const char *const lf[] = {"a2259eab6411e9d8:1", "50098a4d687f1911:1"};
  check_hashes("const a = 1;\nreturn a;\n", lf, 2);
  check_hashes("const a = 1;\r\nreturn a;\r\n", lf, 2); /* CRLF reads as LF */
  check_hashes("\tconst a=1;\n  return\ta;\n", lf, 2);  /* spaces and tabs do not count */
  const char *const astral[] = {"429ee554d10a73cd:1", "f3d64a256546c103:1"};
  check_hashes("x\n\xF0\x9F\x98\x80 y\n", astral, 2); /* U+1F600 is two UTF-16 units */
  const char *const rep[] = {"e803717ce96ec736:1", "7da0877e7a308c01:1", "882bbb3d8de7a640:1"};
  check_hashes("ab\nab\nab\n", rep, 3);
  /* Identical windows count up: 101+ identical lines end with identical windows. */
  char *big = malloc(2 * 300 + 1);
  for (int i = 0; i < 300; i++) big[2 * i] = 'z', big[2 * i + 1] = '\n';
  big[600] = '\0';
  LineHash *h = calloc(300, sizeof *h);
  srctext_line_hashes(big, 600, h, 300);
  CHECK(strcmp(h[0].text, h[1].text) != 0); /* same hex, different count */
  const char *colon0 = strchr(h[0].text, ':'), *colon1 = strchr(h[1].text, ':');
  CHECK(colon0 && colon1 && strncmp(h[0].text, h[1].text, (size_t)(colon0 - h[0].text)) == 0);
  CHECK_STR(colon1, ":2");
  /* Asked for some lines only, the hashes (counts included) are the same. */
  const uint32_t some[] = {1, 2, 150, 300};
  LineHash part[4];
  srctext_line_hashes_of(big, 600, some, 4, part);
  for (int i = 0; i < 4; i++) CHECK_STR(part[i].text, h[some[i] - 1].text);
  const uint32_t past[] = {299, 400};
  srctext_line_hashes_of(big, 600, past, 2, part);
  CHECK_STR(part[0].text, h[298].text);
  CHECK_STR(part[1].text, ""); /* no such line */
  free(h);
  free(big);
}

static void test_utf16_columns(void) {
  Str ascii = str_from("  return x;");
  CHECK(srctext_utf16_col(ascii, 3) == 3);
  Str s = str_from("\xC3\xA9t\xC3\xA9 = \xF0\x9F\x98\x80x"); /* "été = 😀x" */
  CHECK(srctext_utf16_col(s, 1) == 1);
  CHECK(srctext_utf16_col(s, 3) == 2);  /* after é (2 bytes) */
  CHECK(srctext_utf16_col(s, 9) == 7);  /* "été = " is 6 units, 8 bytes */
  CHECK(srctext_utf16_col(s, 13) == 9); /* the emoji is 4 bytes, 2 units */
  CHECK(srctext_utf16_col(s, 15) == 11); /* past the end: one unit per byte */
  CHECK(srctext_utf16_to_byte(s, 9) == 12);
  Str bad = str_from("\xFF" "a");
  CHECK(srctext_utf16_col(bad, 2) == 2); /* an invalid byte is one unit (U+FFFD) */
  CHECK(srctext_is_valid_utf8("\xC3\xA9", 2));
  CHECK(!srctext_is_valid_utf8("\xC3", 1));
  CHECK(!srctext_is_valid_utf8("\xED\xA0\x80", 3)); /* a surrogate is not valid UTF-8 */
}

static void test_json_writer(void) {
  StrBuf b;
  strbuf_init(&b);
  JsonWriter w;
  jw_init_buf(&w, &b, false);
  jw_object_begin(&w);
  jw_kv_string(&w, "s", "q\"b\\n\n\t\x01\xC3\xA9\xFF");
  jw_key(&w, "a");
  jw_array_begin(&w);
  jw_int(&w, -3);
  jw_bool(&w, true);
  jw_null(&w);
  jw_string(&w, NULL);
  jw_array_end(&w);
  jw_key(&w, "e");
  jw_object_begin(&w);
  jw_object_end(&w);
  jw_object_end(&w);
  CHECK(jw_finish(&w));
  CHECK_STR(strbuf_cstr(&b), "{\"s\":\"q\\\"b\\\\n\\n\\t\\u0001\xC3\xA9\\ufffd\",\"a\":[-3,true,null,null],\"e\":{}}\n");
  /* Misuse is sticky: closing what was never opened. */
  strbuf_clear(&b);
  jw_init_buf(&w, &b, false);
  jw_array_end(&w);
  jw_array_begin(&w);
  jw_array_end(&w);
  CHECK(!jw_finish(&w));
  /* A key outside an object is an error too. */
  jw_init_buf(&w, &b, true);
  jw_key(&w, "k");
  CHECK(!jw_finish(&w));
  strbuf_fini(&b);
}

static void test_fingerprint(void) {
  Finding a = {0}, b = {0};
  a.rule_id = b.rule_id = "acquire-without-release";
  a.path = b.path = "src/a.js";
  a.function = b.function = "f";
  a.subject = b.subject = "client = pool.connect()";
  a.loc.line = 3, b.loc.line = 30; /* lines do not count */
  char fa[17], fb[17];
  report_fingerprint(&a, fa);
  report_fingerprint(&b, fb);
  CHECK_STR(fa, fb);
  b.subject = "client2 = pool.connect()";
  report_fingerprint(&b, fb);
  CHECK(strcmp(fa, fb) != 0);
  CHECK(strlen(fa) == 16);
}

/* The reporters' level for a notification kind and the context's "incomplete
** analysis" flag are two statements of one fact: error level exactly for the
** kinds that make the exit status 2 (docs/cli.md). */
static void test_note_levels(void) {
  for (int k = 0; k < NOTE_KIND_COUNT; k++) {
    const NoteInfo *info = note_kind_info((NoteKind)k);
    CHECK((info->level == LEVEL_ERROR) == note_kind_is_error((NoteKind)k));
    CHECK(info->title && *info->title && info->summary && *info->summary);
    CHECK(info->description && *info->description && info->help && *info->help);
  }
  CHECK(note_kind_level(NOTE_INVALID_UTF8) == LEVEL_WARNING);
  CHECK(note_kind_level(NOTE_UNSUPPORTED) == LEVEL_NOTE);
}

static void test_uri_encode(void) {
  StrBuf b;
  strbuf_init(&b);
  report_uri_encode(&b, "src/a b/c:d/\xC3\xA9.js");
  CHECK_STR(strbuf_cstr(&b), "src/a%20b/c%3Ad/%C3%A9.js");
  strbuf_fini(&b);
}

int main(void) {
  test_line_hash();
  test_utf16_columns();
  test_json_writer();
  test_fingerprint();
  test_uri_encode();
  test_note_levels();
  return test_report("test_report");
}
