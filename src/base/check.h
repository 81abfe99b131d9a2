/* check: invariants (SQLite's ALWAYS/NEVER). In debug builds a broken
** invariant aborts; in release builds the condition is still evaluated so that
** the code after it stays defensive. */
#ifndef TXLINT_BASE_CHECK_H
#define TXLINT_BASE_CHECK_H

#include <assert.h>
#include <stdlib.h>

#ifdef NDEBUG
#define ALWAYS(x) (x)
#define NEVER(x) (x)
#define UNREACHABLE() abort()
#else
#define ALWAYS(x) ((x) ? 1 : (assert(0 && #x), 0))
#define NEVER(x) ((x) ? (assert(0 && #x), 1) : 0)
#define UNREACHABLE() (assert(0 && "unreachable"), abort())
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
