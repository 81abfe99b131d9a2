/* compdb: compile flags for C files, found the way clang tools find them.
** With -p DIR, DIR/compile_commands.json (or DIR itself when it names the
** file); otherwise the nearest compile_commands.json upward of each file,
** looking in every ancestor directory and its build/ subdirectory, as clangd
** does. An entry's "arguments" (or its "command", split like a shell line)
** become the parser's arguments with the compiler, the input file, -c, -o,
** dependency-file options and -Werror removed; relative include paths are
** made absolute against the entry's "directory" (itself relative to the
** database's directory when it is not absolute). A file the database does not list borrows the
** flags of the entry nearest to it in the tree (headers, unbuilt files);
** without any database the defaults are the include directories of the
** installed client libraries, from pkg-config (libpq, sqlite3, libmariadb,
** mysqlclient). Not thread safe: the driver resolves every file's flags
** before the analysis starts. */
#ifndef TXLINT_DRIVER_COMPDB_H
#define TXLINT_DRIVER_COMPDB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/map.h"
#include "base/strbuf.h"

typedef enum CompDbSource {
  COMPDB_LISTED,  /* the database lists the file */
  COMPDB_NEARBY,  /* a database exists, the file is not in it: a nearby entry's flags */
  COMPDB_DEFAULT, /* no database: default flags */
} CompDbSource;

typedef ARRAY(const char *) StrList;

typedef struct CompDbEntry {
  const char *file;      /* absolute, normalised (realpath when it exists) */
  const char *directory; /* absolute */
  const char **args;     /* cleaned arguments */
  uint32_t n_args;
} CompDbEntry;

typedef struct CompDb {
  const char *path;           /* the compile_commands.json, absolute */
  ARRAY(CompDbEntry) entries; /* in the arena */
  Map by_file;                /* file → CompDbEntry* */
  const char *error;          /* why it could not be read, or NULL */
} CompDb;

/* The flags for one file (borrowed from the CompDbs, valid until compdbs_fini). */
typedef struct CompileFlags {
  CompDbSource source;
  const char *const *args;
  uint32_t n_args;
  const char *directory; /* NULL for defaults */
  const CompDb *db;      /* the database used, NULL for defaults */
} CompileFlags;

typedef struct CompDbs {
  Arena *arena;         /* owned */
  const char *fixed;    /* -p: the database path, or NULL */
  Map dbs;              /* database path → CompDb* */
  Map dirs;             /* directory → CompDb* or the NO_DB marker (upward search cache) */
  bool have_defaults;
  StrList defaults;     /* in the arena: -I… from pkg-config */
  const char *default_libs;     /* which libraries pkg-config knew ("libpq sqlite3"), or "" */
} CompDbs;

/* fixed_dir: the -p argument (a directory holding compile_commands.json or
** the file itself), or NULL to search upward. Relative to the working directory. */
void compdbs_init(CompDbs *self, const char *fixed_dir);
void compdbs_fini(CompDbs *self);
/* The flags for the C file at real_path (absolute, resolved). */
CompileFlags compdbs_flags(CompDbs *self, const char *real_path);
/* Splits a compile command line as a POSIX shell would (quotes, backslash
** escapes); the words are appended to out, allocated in arena. */
void compdb_split_command(Arena *arena, const char *command, StrList *out);
/* The arguments of a compile command with what only the compiler needs taken
** out (the compiler, the input file, -c, -o, dependency files, -Werror) and
** relative include paths made absolute against dir (NULL: left as they are);
** allocated in arena. libclang is not given a working directory: its
** -working-directory changes the whole process's. */
void compdb_clean_args(Arena *arena, const char *const *argv, uint32_t argc, const char *dir, StrList *out);

#endif
