/* Unit tests for src/frontend/gap_memo.c: the memo of grammar-gap reparses
** answers an attempt with the same text and the same rewrites in any order,
** maps the verified flags back to the caller's order, and misses on another
** text or another rewrite set. */
#include "test.h"

#include "frontend/gap_memo.h"

static void test_hit_in_any_order(void) {
  GapMemo m;
  gap_memo_init(&m);
  GapEdit tried[3] = {{40, 5, 1, 0}, {10, 3, 0, 7}, {25, 1, 2, 3}};
  bool ok[3] = {true, false, true};
  uint64_t h = gap_memo_hash("text with rewrites", 18);
  gap_memo_add(&m, h, tried, 3, ok, GAP_MEMO_NO_COUNT);

  /* The same set, nearest to another error first (other distances). */
  GapEdit again[3] = {{25, 1, 2, 0}, {40, 5, 1, 9}, {10, 3, 0, 2}};
  bool verified[3] = {false, false, false};
  uint32_t errors = 0;
  CHECK(gap_memo_find(&m, h, again, 3, verified, &errors));
  CHECK(verified[0] && verified[1] && !verified[2]);
  CHECK(errors == GAP_MEMO_NO_COUNT);

  /* Another text, a subset, another kind at the same place: misses. */
  CHECK(!gap_memo_find(&m, gap_memo_hash("text with rewriteZ", 18), again, 3, verified, &errors));
  CHECK(!gap_memo_find(&m, h, again, 2, verified, &errors));
  GapEdit other_kind[3] = {{25, 1, 3, 0}, {40, 5, 1, 0}, {10, 3, 0, 0}};
  CHECK(!gap_memo_find(&m, h, other_kind, 3, verified, &errors));
  gap_memo_fini(&m);
}

static void test_error_count_kept(void) {
  GapMemo m;
  gap_memo_init(&m);
  GapEdit one = {3, 2, 0, 0};
  bool ok = true;
  gap_memo_add(&m, 42, &one, 1, &ok, 5);
  gap_memo_add(&m, 43, &one, 1, &ok, 2);
  bool verified = false;
  uint32_t errors = 0;
  CHECK(gap_memo_find(&m, 43, &one, 1, &verified, &errors) && verified && errors == 2);
  CHECK(gap_memo_find(&m, 42, &one, 1, &verified, &errors) && errors == 5);
  CHECK(!gap_memo_find(&m, 44, &one, 1, &verified, &errors));
  gap_memo_fini(&m);
  gap_memo_init(&m); /* an empty memo finds nothing */
  CHECK(!gap_memo_find(&m, 42, &one, 1, &verified, &errors));
  gap_memo_fini(&m);
}

int main(void) {
  test_hit_in_any_order();
  test_error_count_kept();
  return test_report("gap_memo");
}
