/* arena: bump allocation for everything whose lifetime is one file (source
** bytes, IR, findings before they are copied out) or one run (API models).
** Freed all at once by arena_delete; arena_mark/arena_rewind give the engine
** per-function scratch on the same arena. */
#ifndef TXLINT_BASE_ARENA_H
#define TXLINT_BASE_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct Arena Arena;

/* A position in an arena to rewind to. */
typedef struct ArenaMark {
  void *chunk; /* borrowed: the chunk current at mark time */
  size_t used;
} ArenaMark;

/* Returns a new empty arena owned by the caller (arena_delete). */
Arena *arena_new(void);
/* Frees the arena and everything allocated in it. NULL-safe. */
void arena_delete(Arena *self);
/* Returns n bytes aligned for any type, owned by the arena; never NULL. */
void *arena_alloc(Arena *self, size_t n);
/* Like arena_alloc, zero-filled. */
void *arena_zalloc(Arena *self, size_t n);
/* Returns a NUL-terminated copy of s[0..n) owned by the arena. */
char *arena_strndup(Arena *self, const char *s, size_t n);
/* Returns a NUL-terminated copy of s owned by the arena. */
char *arena_strdup(Arena *self, const char *s);
/* Returns a printf-formatted string owned by the arena. */
char *arena_printf(Arena *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records the current position. */
ArenaMark arena_mark(Arena *self);
/* Frees everything allocated since mark m. Later chunks are released, except
** the largest of at most 128 KiB, which the arena keeps for its next growth
** (poisoned under ASan). */
void arena_rewind(Arena *self, ArenaMark m);
/* Bytes obtained from the system (for benchmarks and memory reports). */
size_t arena_footprint(const Arena *self);

#define ARENA_NEW(arena, T) ((T *)arena_zalloc((arena), sizeof(T)))
#define ARENA_NEW_ARRAY(arena, T, n) ((T *)arena_zalloc((arena), sizeof(T) * (size_t)(n)))

#endif
