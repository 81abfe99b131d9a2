/* discover: expands the command line's paths into the list of source files
** to analyse. In a directory it skips what .gitignore files ignore (also
** those above the scanned directory, up to the repository top, and
** .git/info/exclude), then node_modules, vendor and testdata, and .git
** itself; a configuration's "ignore" skips more, its "include" re-includes
** what the defaults or .gitignore skip. Each kind of skip is counted
** (skips.h). It never follows a symbolic link out of the scanned root (and
** counts it), survives symlink loops, and turns unreadable entries into notes
** instead of failing. With named-file context (context.h) it also walks
** each named file's project root, marking what it finds there as context. */
#ifndef TXLINT_DRIVER_DISCOVER_H
#define TXLINT_DRIVER_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/filectx.h"
#include "driver/configset.h"
#include "driver/gitignore.h"
#include "driver/skips.h"
#include "ir/ir.h"

typedef struct SourceFile {
  const char *real_path; /* in the discovery arena: absolute, symlinks resolved */
  const char *rel_path;  /* in the discovery arena: relative to the discovery's base directory
                            (the working directory unless context roots lie above it), or
                            absolute outside it */
  IrLang lang;
  bool context;          /* found only in a named file's project root: analysed where a reported
                            file needs it, never reported */
  bool included;         /* it (or a directory above it) matches a configuration's "include":
                            the content defaults (generated, minified) do not skip it */
  ConfigEntry *config;   /* borrowed from the ConfigSet: the configuration of its directory */
} SourceFile;

typedef struct DiscoverNote {
  NoteKind kind;
  const char *rel_path;  /* in the discovery arena */
  const char *message;   /* in the discovery arena */
} DiscoverNote;

typedef struct Discovery {
  Arena *arena;              /* owned */
  ARRAY(SourceFile) files;   /* heap; sorted by rel_path */
  ARRAY(DiscoverNote) notes; /* heap */
  ARRAY(const char *) warnings; /* heap; strings in arena: explicit files of unknown type */
  uint32_t n_config_ignored;  /* explicit paths skipped by the configuration's "ignore" */
  const char *base;          /* in arena: the directory rel paths are relative to (absolute) */
  SkipTally skips;           /* paths left out, by kind (paths in arena, relative to base) */
  uint32_t n_named;          /* files named on the command line (not found in a directory) */
  ARRAY(const char *) schema_files; /* heap; real paths in arena: schema files (schema_is_file_name)
                                       found by the same rules as sources, for the project schema */
} Discovery;

typedef struct DiscoverOptions {
  const char *cwd_real;          /* the resolved working directory */
  const char *const *paths;      /* the command line's paths */
  size_t n_paths;
  ConfigSet *configs;            /* borrowed: each directory's configuration */
  bool named_context;            /* walk each named file's project root for its context */
  const char *virtual_path;      /* a file that may not exist on disk (its text comes from memory:
                                    an editor buffer), found as if it did; NULL = none */
} DiscoverOptions;

/* Expands the options' paths into self (initialised here; discover_fini
** frees it). A configuration's "ignore" wins over .gitignore files and, unlike
** them, also skips explicitly named files and directories (counted in
** n_config_ignored, with a warning). A path that does not exist is an
** unreadable-file note; returns false and writes err only when no path
** exists at all. On false, self is still valid and must be finalised. */
bool discover_run(Discovery *self, const DiscoverOptions *opts, char *err, size_t err_len);
void discover_fini(Discovery *self);

/* Resolves path into real (len >= PATH_MAX): realpath when it exists, else
** its directory resolved and its file name kept (a file that exists only in
** memory). False when not even the directory resolves. */
bool discover_resolve(const char *path, char *real, size_t len);

/* Returns path relative to base_dir when it is inside it, else path itself;
** allocated in arena. */
const char *discover_relative(Arena *arena, const char *base_dir, const char *path);

#endif
