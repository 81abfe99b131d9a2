#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* Under ASan a spare chunk is poisoned while it waits, so a use of rewound
** memory is still reported as it was when rewinding freed the chunk. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_POISON(p, n) ((void)(p), (void)(n))
#define ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

enum { ARENA_CHUNK_MIN = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct Chunk {
  struct Chunk *prev; /* owned: the chunk allocated before this one */
  size_t size;        /* usable bytes in data[] */
  size_t used;
  _Alignas(16) unsigned char data[];
} Chunk;

struct Arena {
  Chunk *cur;   /* owned: newest chunk; older ones hang off ->prev */
  Chunk *spare; /* owned: the largest chunk a rewind released, for reuse */
  size_t footprint;
};

Arena *arena_new(void) { return xcalloc(1, sizeof(Arena)); }

void arena_delete(Arena *self) {
  if (!self) return;
  Chunk *c = self->cur;
  while (c) {
    Chunk *prev = c->prev;
    free(c);
    c = prev;
  }
  if (self->spare) ARENA_UNPOISON(self->spare->data, self->spare->size);
  free(self->spare);
  free(self);
}

static Chunk *arena__grow(Arena *self, size_t need) {
  size_t size = ARENA_CHUNK_MIN;
  if (self->cur && self->cur->size * 2 <= 8 * 1024 * 1024) size = self->cur->size * 2;
  if (size < need) size = need;
  Chunk *c = self->spare;
  if (c && c->size >= need) {
    /* A function's scratch that outgrew the chunk it started in would
    ** otherwise malloc and free the same chunk once per function. */
    self->spare = NULL;
    ARENA_UNPOISON(c->data, c->size);
  } else {
    c = xmalloc(sizeof(Chunk) + size);
    c->size = size;
    self->footprint += sizeof(Chunk) + size;
  }
  c->prev = self->cur;
  c->used = 0;
  self->cur = c;
  return c;
}

void *arena_alloc(Arena *self, size_t n) {
  n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (n == 0) n = ARENA_ALIGN;
  Chunk *c = self->cur;
  if (!c || c->size - c->used < n) c = arena__grow(self, n);
  void *p = c->data + c->used;
  c->used += n;
  return p;
}

void *arena_zalloc(Arena *self, size_t n) {
  void *p = arena_alloc(self, n);
  memset(p, 0, n);
  return p;
}

char *arena_strndup(Arena *self, const char *s, size_t n) {
  char *p = arena_alloc(self, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *self, const char *s) { return arena_strndup(self, s, strlen(s)); }

char *arena_printf(Arena *self, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *p = arena_alloc(self, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

ArenaMark arena_mark(Arena *self) {
  ArenaMark m = {self->cur, self->cur ? self->cur->used : 0};
  return m;
}

/* Keeps the largest released chunk of at most ARENA_SPARE_MAX as the spare
** (still counted in the footprint: it stays allocated) and frees the rest:
** a per-function scratch reuses it, while a huge function's chunks are given
** back when it is done. */
#define ARENA_SPARE_MAX (2 * ARENA_CHUNK_MIN)
static void arena__release(Arena *self, Chunk *c) {
  if (c->size > ARENA_SPARE_MAX || (self->spare && self->spare->size >= c->size)) {
    self->footprint -= sizeof(Chunk) + c->size;
    free(c);
    return;
  }
  if (self->spare) {
    self->footprint -= sizeof(Chunk) + self->spare->size;
    ARENA_UNPOISON(self->spare->data, self->spare->size);
    free(self->spare);
  }
  self->spare = c;
  ARENA_POISON(c->data, c->size);
}

void arena_rewind(Arena *self, ArenaMark m) {
  while (self->cur && (void *)self->cur != m.chunk) {
    Chunk *prev = self->cur->prev;
    arena__release(self, self->cur);
    self->cur = prev;
  }
  if (self->cur) self->cur->used = m.used;
}

size_t arena_footprint(const Arena *self) { return self->footprint; }
