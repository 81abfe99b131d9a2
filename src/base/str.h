/* str: byte slices into longer-lived buffers (the source text, an arena). */
#ifndef TXLINT_BASE_STR_H
#define TXLINT_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct Str {
  const char *ptr; /* borrowed */
  size_t len;
} Str;

#define STR_LIT(s) ((Str){(s), sizeof(s) - 1})

static inline Str str_from(const char *s) { return (Str){s, s ? strlen(s) : 0}; }
static inline bool str_eq(Str a, Str b) { return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0); }
static inline bool str_eq_cstr(Str a, const char *b) { return str_eq(a, str_from(b)); }
static inline bool str_starts_with(Str a, const char *prefix) {
  size_t n = strlen(prefix);
  return a.len >= n && memcmp(a.ptr, prefix, n) == 0;
}
/* True when two NUL-terminated strings are both NULL or equal. */
static inline bool cstr_eq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

#endif
