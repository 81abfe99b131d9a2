/* gitignore: a small matcher for .gitignore files (the common subset of
** gitignore(5): globs with * ? [..] and **, dir/ for directories only, a
** leading or middle / to anchor, ! to re-include, # comments, \ escapes).
** Discovery keeps a stack of them, one per directory that has a .gitignore. */
#ifndef TXLINT_DRIVER_GITIGNORE_H
#define TXLINT_DRIVER_GITIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/array.h"

typedef struct GitignoreRule {
  char *pattern;  /* owned (heap): without '!', leading '/' and trailing '/' */
  bool negate;    /* "!pattern": re-include */
  bool dir_only;  /* "pattern/": matches directories only */
  bool anchored;  /* contained a '/' before its end: matched against the whole relative path */
} GitignoreRule;

typedef struct Gitignore {
  char *base;     /* owned: the directory the file is in, ending in '/' ("" = the paths' root) */
  ARRAY(GitignoreRule) rules; /* heap, in file order */
} Gitignore;

typedef enum GitignoreVerdict { GI_NONE = 0, GI_IGNORE = 1, GI_INCLUDE = -1 } GitignoreVerdict;

/* Returns the rules of a .gitignore text whose directory is base (e.g.
** "/repo/src/"), owned by the caller (gitignore_delete). */
Gitignore *gitignore_parse(const char *base, const char *text, size_t len);
/* NULL-safe. */
void gitignore_delete(Gitignore *self);
/* What the last matching rule says about path (same root as base; no
** trailing '/'); GI_NONE when no rule matches or path is not below base. */
GitignoreVerdict gitignore_match(const Gitignore *self, const char *path, bool is_dir);
/* gitignore's glob: '*' and '?' stop at '/', "**" spans directories when it
** is a whole path segment, [a-z] and [!a-z] classes, '\' escapes. */
bool gitignore_glob(const char *pattern, const char *text);

#endif
