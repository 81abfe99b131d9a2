/* jsproject: the JS/TS layout of the analysed tree, read from its
** package.json and tsconfig.json / jsconfig.json files, so that imports that
** are not relative but name the tree's own files resolve like relative ones:
**
** * a package of a monorepo (a package.json with a "name" in a directory
**   that holds, or is above, an analysed file): `import { commit } from
**   '@shop/db'` finds packages/db's entry point ("exports", "module",
**   "main", "types"/"typings", then src/index.*, index.*; build output
**   paths are read back to src/, see engine/jsresolve.c), and `@shop/db/x`
**   its subpath;
** * a tsconfig or jsconfig "compilerOptions" with "paths" and "baseUrl"
**   (`@/lib/db` → src/lib/db.ts), following "extends" to relative files;
**   each file uses the nearest config at or above its directory.
**
** Directories are visited from each analysed JS/TS file up to the working
** directory (for files outside it: up to a directory that holds .git).
** What is read is registered in the Project (project_add_package …). A file
** that cannot be read or parsed is skipped silently: it only costs links. */
#ifndef TXLINT_DRIVER_JSPROJECT_H
#define TXLINT_DRIVER_JSPROJECT_H

#include <stddef.h>

#include "driver/discover.h"
#include "engine/engine.h"

/* Reads the layout around the JS/TS files of files[0..n) (cwd: the resolved
** working directory their rel paths are relative to) into project. */
void jsproject_load(Project *project, const char *cwd, const SourceFile *files, size_t n);

/* Removes // and block comments (outside strings) and trailing commas
** before } or ] from text[0..len) in place, turning tsconfig's JSON with
** comments into JSON; returns the new length. Exposed for tests. */
size_t jsproject_strip_jsonc(char *text, size_t len);

#endif
