/* map: string-keyed hash map (open addressing). Keys are borrowed and must
** outlive the map; values are opaque pointers. Storage is on the heap or in an
** arena, as for ARRAY. */
#ifndef TXLINT_BASE_MAP_H
#define TXLINT_BASE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h> /* strlen, for the _cstr macros */

#include "base/arena.h"

typedef struct MapSlot {
  const char *key; /* borrowed; NULL = empty slot */
  uint32_t key_len;
  uint32_t hash;
  void *value; /* borrowed */
} MapSlot;

typedef struct Map {
  MapSlot *slots; /* owned by the heap or by arena */
  uint32_t cap;   /* power of two, or 0 */
  uint32_t len;
  Arena *arena;   /* borrowed; NULL = heap */
} Map;

/* Initialises an empty map whose storage lives in arena (NULL: heap). */
void map_init(Map *self, Arena *arena);
/* Frees heap storage; a no-op for arena maps. */
void map_fini(Map *self);
/* Returns the value for key[0..len), or NULL. */
void *map_get(const Map *self, const char *key, size_t len);
/* Sets key → value, replacing an existing value. */
void map_set(Map *self, const char *key, size_t len, void *value);
/* FNV-1a, exposed for callers that hash other strings the same way. */
uint32_t map_hash(const char *key, size_t len);

#define map_get_cstr(m, k) map_get((m), (k), strlen(k))
#define map_set_cstr(m, k, v) map_set((m), (k), strlen(k), (v))

#endif
