/* gomod: Go import paths of directories. A directory's import path is the
** module path of the nearest go.mod at or above it plus the directory's
** path below that go.mod — what `go list` prints — so every package of a
** module, and of each module of a go.work (each has its own go.mod), is
** found by the import path its importers write. */
#ifndef TXLINT_DRIVER_GOMOD_H
#define TXLINT_DRIVER_GOMOD_H

#include "base/arena.h"
#include "base/map.h"

typedef struct GoModIndex {
  Arena *arena; /* owned: paths and the cache */
  Map dirs;     /* absolute directory → const char * module root and path ("ROOT\nPATH"), or "" */
} GoModIndex;

void gomod_init(GoModIndex *self);
void gomod_fini(GoModIndex *self);
/* The import path of the directory that holds the file at real_path (an
** absolute path), or NULL when no go.mod with a module line is above it.
** Borrowed from the index. */
const char *gomod_import_path(GoModIndex *self, const char *real_path);

#endif
