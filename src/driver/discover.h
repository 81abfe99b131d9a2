/* discover: expands the command line's paths into the list of source files
** to analyse. Skips .git, node_modules, vendor, build output (dist, build,
** out, coverage), hidden directories and what .gitignore files ignore (also
** those above the scanned directory, up to the repository top); never
** follows a symbolic link out of the scanned root; survives symlink loops;
** turns unreadable entries into notes instead of failing. */
#ifndef TXLINT_DRIVER_DISCOVER_H
#define TXLINT_DRIVER_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/filectx.h"
#include "driver/gitignore.h"
#include "ir/ir.h"

typedef struct SourceFile {
  const char *real_path; /* in the discovery arena: absolute, symlinks resolved */
  const char *rel_path;  /* in the discovery arena: relative to the working directory, or absolute outside it */
  IrLang lang;
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
} Discovery;

/* Expands paths (relative to cwd_real, the resolved working directory) into
** self (which is initialised here; discover_fini frees it). config_ignore
** (borrowed, NULL = none) holds the configuration file's "ignore" patterns:
** they win over .gitignore files and, unlike them, also skip explicitly
** named files and directories (counted in n_config_ignored, with a warning). Returns false
** and writes err when a path does not exist; on false, self is still valid
** and must be finalised. */
bool discover_run(Discovery *self, const char *cwd_real, const char *const *paths, size_t n_paths,
                  const Gitignore *config_ignore, char *err, size_t err_len);
void discover_fini(Discovery *self);

/* Returns path relative to base_dir when it is inside it, else path itself;
** allocated in arena. */
const char *discover_relative(Arena *arena, const char *base_dir, const char *path);

#endif
