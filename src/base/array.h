/* array: one growable-array family (tree-sitter's Array(T)). An array grows
** on the heap (array_push, freed by array_free) or inside an arena
** (array_push_in, freed with the arena). Never mix the two on one array. */
#ifndef TXLINT_BASE_ARRAY_H
#define TXLINT_BASE_ARRAY_H

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/xalloc.h"

#define ARRAY(T)    \
  struct {          \
    T *items;       \
    uint32_t len;   \
    uint32_t cap;   \
  }

/* Grows *items to hold at least need elements (heap when arena is NULL). */
static inline void array__reserve(void **items, uint32_t *cap, uint32_t len, uint32_t need,
                                  size_t elem, Arena *arena) {
  if (need <= *cap) return;
  uint32_t ncap = *cap ? *cap * 2 : 4;
  while (ncap < need) ncap *= 2;
  if (arena) {
    void *p = arena_alloc(arena, (size_t)ncap * elem);
    if (len) memcpy(p, *items, (size_t)len * elem);
    *items = p;
  } else {
    *items = xrealloc(*items, (size_t)ncap * elem);
  }
  *cap = ncap;
}

#define array_reserve_in(arena, a, n) \
  array__reserve((void **)&(a)->items, &(a)->cap, (a)->len, (n), sizeof(*(a)->items), (arena))
#define array_push_in(arena, a, ...)                    \
  (array_reserve_in((arena), (a), (a)->len + 1),        \
   (a)->items[(a)->len++] = (__VA_ARGS__))
#define array_push(a, ...) array_push_in(NULL, a, __VA_ARGS__)
#define array_reserve(a, n) array_reserve_in(NULL, a, n)
#define array_free(a) (free((a)->items), (a)->items = NULL, (a)->len = (a)->cap = 0)
#define array_clear(a) ((a)->len = 0)
#define array_last(a) (assert((a)->len > 0), &(a)->items[(a)->len - 1])
#define array_pop(a) (assert((a)->len > 0), (a)->items[--(a)->len])
#ifdef NDEBUG
#define array_get(a, i) (&(a)->items[(i)])
#else
#define array_get(a, i) (assert((uint32_t)(i) < (a)->len), &(a)->items[(i)])
#endif

#endif
