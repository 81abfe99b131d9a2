#include "base/map.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void map_init(Map *self, Arena *arena) {
  memset(self, 0, sizeof *self);
  self->arena = arena;
}

void map_fini(Map *self) {
  if (!self->arena) free(self->slots);
  self->slots = NULL;
  self->cap = self->len = 0;
}

uint32_t map_hash(const char *key, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)key[i];
    h *= 16777619u;
  }
  return h;
}

static MapSlot *map__find(MapSlot *slots, uint32_t cap, const char *key, size_t len, uint32_t h) {
  uint32_t i = h & (cap - 1);
  for (;;) {
    MapSlot *s = &slots[i];
    if (!s->key) return s;
    if (s->hash == h && s->key_len == len && memcmp(s->key, key, len) == 0) return s;
    i = (i + 1) & (cap - 1);
  }
}

static void map__grow(Map *self) {
  uint32_t ncap = self->cap ? self->cap * 2 : 16;
  MapSlot *ns = self->arena ? arena_zalloc(self->arena, sizeof(MapSlot) * ncap)
                            : xcalloc(ncap, sizeof(MapSlot));
  for (uint32_t i = 0; i < self->cap; i++) {
    MapSlot *s = &self->slots[i];
    if (s->key) *map__find(ns, ncap, s->key, s->key_len, s->hash) = *s;
  }
  if (!self->arena) free(self->slots);
  self->slots = ns;
  self->cap = ncap;
}

void *map_get(const Map *self, const char *key, size_t len) {
  if (!self->cap) return NULL;
  MapSlot *s = map__find(self->slots, self->cap, key, len, map_hash(key, len));
  return s->key ? s->value : NULL;
}

void map_set(Map *self, const char *key, size_t len, void *value) {
  if ((self->len + 1) * 4 > self->cap * 3) map__grow(self);
  uint32_t h = map_hash(key, len);
  MapSlot *s = map__find(self->slots, self->cap, key, len, h);
  if (!s->key) {
    s->key = key;
    s->key_len = (uint32_t)len;
    s->hash = h;
    self->len++;
  }
  s->value = value;
}
