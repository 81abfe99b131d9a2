/* importdisk: the file on disk that a relative JS/TS import names, the way
** Node and TypeScript find it ("./db" → db.js, db.ts, …, db/index.js, …;
** "./db.js" also → db.ts, as TypeScript's ESM convention writes it). The
** driver asks it for imports that resolve to no discovered file, so that a
** module discovery left out (a committed file .gitignore lists, such as a
** config/database.js exporting the pool) is still read as context of the
** files that import it. */
#ifndef TXLINT_DRIVER_IMPORTDISK_H
#define TXLINT_DRIVER_IMPORTDISK_H

#include <stdbool.h>
#include <stddef.h>

/* Tells whether the absolute, normalised path names a file the run already
** has (then it is the import's target and nothing is looked up on disk). */
typedef bool (*ImportKnownFn)(void *ud, const char *path);

typedef enum ImportTarget {
  IMPORT_KNOWN,     /* a candidate is a file the run has */
  IMPORT_ON_DISK,   /* a regular file the run does not have: its real path is in out */
  IMPORT_NOT_FOUND, /* no candidate exists (a package, a missing file, a non-source file) */
} ImportTarget;

/* Resolves the relative specifier spec (starting with "./" or "../") of the
** file at importer (absolute, resolved) into out (len >= PATH_MAX). Not
** thread-safe (one thread at a time). */
ImportTarget importdisk_resolve(const char *importer, const char *spec, ImportKnownFn known, void *ud, char *out,
                                size_t len);

#endif
