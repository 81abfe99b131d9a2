/* xalloc: the one out-of-memory policy. Every allocation goes through these
** wrappers, which abort on failure, so no caller ever checks for NULL. */
#ifndef TXLINT_BASE_XALLOC_H
#define TXLINT_BASE_XALLOC_H

#include <stddef.h>

/* Returns heap memory owned by the caller (free()); never NULL. */
void *xmalloc(size_t n);
/* Returns zeroed heap memory owned by the caller; never NULL. */
void *xcalloc(size_t count, size_t size);
/* Resizes p; returns memory owned by the caller; never NULL. */
void *xrealloc(void *p, size_t n);
/* Returns a heap copy of s owned by the caller. */
char *xstrdup(const char *s);
/* Returns a heap copy of the first n bytes of s, NUL-terminated, owned by the caller. */
char *xstrndup(const char *s, size_t n);

#endif
