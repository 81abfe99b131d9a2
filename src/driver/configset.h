/* configset: the configuration of every analysed path, found the way ESLint
** and ruff find theirs. Without --config or --no-config, a path's
** configuration is the nearest .txlint.json at or above its directory,
** looking no higher than the repository top (the first directory with a .git
** entry) or "/"; the nearest file applies whole (files are not merged), so
** two subprojects of one run can have different rules, ignores and models.
** --config FILE gives every path that one file; --no-config none. Each file
** is read once (cached by directory); its "ignore" and "include" patterns
** are compiled here, relative to its directory, for discovery.
**
** Lookups are single-threaded (discovery, and the driver's collection). */
#ifndef TXLINT_DRIVER_CONFIGSET_H
#define TXLINT_DRIVER_CONFIGSET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/map.h"
#include "driver/config.h"
#include "driver/gitignore.h"

typedef enum ConfigMode {
  CONFIG_DISCOVER, /* the nearest .txlint.json of each path */
  CONFIG_FIXED,    /* --config FILE (or one Config handed in) for every path */
  CONFIG_NONE,     /* --no-config */
} ConfigMode;

/* A configuration and its compiled patterns. */
typedef struct ConfigEntry {
  Config config;
  Gitignore *ignore;  /* owned: "ignore" placed in the config's directory, or NULL */
  Gitignore *include; /* owned: "include" likewise, or NULL */
  bool borrowed;      /* config was copied from a caller's Config: not finalised here */
  bool used;          /* some analysed path uses it (its models load, its rules may run) */
} ConfigEntry;

typedef struct ConfigSet {
  ConfigMode mode;
  Arena *arena;                 /* owned: directory keys */
  Map by_dir;                   /* real directory → ConfigEntry * (&none when there is none) */
  ARRAY(ConfigEntry *) entries; /* heap: every file read, in the order read */
  ConfigEntry none;             /* the empty configuration (no file) */
  ConfigEntry *fixed;           /* CONFIG_FIXED: the one configuration */
  bool failed;                  /* a file could not be read or is invalid: error says which */
  char error[1024];
} ConfigSet;

/* Initialises self in mode. CONFIG_FIXED with fixed_path reads that file
** now: false (with self->error) when it cannot be read or is invalid; self
** must be finalised either way. */
bool configset_init(ConfigSet *self, ConfigMode mode, const char *fixed_path);
/* CONFIG_FIXED around a configuration the caller owns (borrowed: it must
** outlive self; NULL = none). */
void configset_init_borrowed(ConfigSet *self, const Config *config);
void configset_fini(ConfigSet *self);

/* The configuration of directory real_dir (absolute, symlinks resolved);
** never NULL (the empty one when there is none). A file that cannot be read
** or is invalid sets failed and error (the first one wins) and gives the
** empty configuration. */
ConfigEntry *configset_for_dir(ConfigSet *self, const char *real_dir);
/* The same for the directory holding the file at real_path. */
ConfigEntry *configset_for_file(ConfigSet *self, const char *real_path);

#endif
