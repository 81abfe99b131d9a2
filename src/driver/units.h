/* units: which program a file belongs to, as the directory of the nearest
** package.json or go.mod at or above it. Files of two units (the web app
** and the worker of a monorepo, two Go modules) are taken to run in
** different processes, so a pool in each is not a duplicate. */
#ifndef TXLINT_DRIVER_UNITS_H
#define TXLINT_DRIVER_UNITS_H

#include "base/arena.h"
#include "base/map.h"

typedef struct UnitIndex {
  Arena *arena; /* owned: directory keys and results */
  Map dirs;     /* absolute directory → const char * unit directory ("" when none) */
} UnitIndex;

void units_init(UnitIndex *self);
void units_fini(UnitIndex *self);
/* The unit directory (absolute) of the file at real_path, or "" when no
** package.json or go.mod is above it. Borrowed from the index. */
const char *units_of(UnitIndex *self, const char *real_path);

#endif
