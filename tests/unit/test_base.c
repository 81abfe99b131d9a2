/* Unit tests for src/base: arena, array, map, strbuf. */
#include "test.h"

#include "base/arena.h"
#include "base/array.h"
#include "base/map.h"
#include "base/strbuf.h"

static void test_arena_rewind(void) {
  Arena *a = arena_new();
  char *s = arena_strdup(a, "keep");
  ArenaMark m = arena_mark(a);
  for (int i = 0; i < 10000; i++) arena_alloc(a, 100);
  arena_rewind(a, m);
  char *t = arena_strdup(a, "next");
  CHECK_STR(s, "keep");
  CHECK_STR(t, "next");
  CHECK(arena_footprint(a) < 200 * 1024);
  arena_delete(a);
  arena_delete(NULL);
}

static void test_array_heap_and_arena(void) {
  ARRAY(int) h = {0};
  for (int i = 0; i < 1000; i++) array_push(&h, i);
  CHECK(h.len == 1000 && *array_get(&h, 999) == 999);
  array_free(&h);
  Arena *a = arena_new();
  ARRAY(const char *) s = {0};
  for (int i = 0; i < 100; i++) array_push_in(a, &s, arena_printf(a, "%d", i));
  CHECK_STR(s.items[42], "42");
  arena_delete(a);
}

static void test_map(void) {
  Map m;
  map_init(&m, NULL);
  char keys[500][8];
  for (int i = 0; i < 500; i++) {
    snprintf(keys[i], sizeof keys[i], "k%d", i);
    map_set_cstr(&m, keys[i], (void *)(intptr_t)(i + 1));
  }
  CHECK(m.len == 500);
  CHECK((intptr_t)map_get_cstr(&m, "k499") == 500);
  CHECK(map_get_cstr(&m, "nope") == NULL);
  map_set_cstr(&m, keys[3], (void *)7);
  CHECK(m.len == 500 && (intptr_t)map_get_cstr(&m, "k3") == 7);
  map_fini(&m);
}

static void test_strbuf(void) {
  StrBuf b;
  strbuf_init(&b);
  CHECK_STR(strbuf_cstr(&b), "");
  strbuf_printf(&b, "%s:%d", "a.js", 12);
  strbuf_putc(&b, '!');
  CHECK_STR(strbuf_cstr(&b), "a.js:12!");
  strbuf_fini(&b);
}

int main(void) {
  test_arena_rewind();
  test_array_heap_and_arena();
  test_map();
  test_strbuf();
  return test_report("base");
}
