/* context: files named on the command line keep their project context. A
** pre-commit hook passes only the staged files; for each of them txlint
** analyses what it needs to be understood — the JS/TS modules it imports
** (transitively), the rest of its Go package and the module's packages it
** imports, the C files that define the functions it calls — and reports only
** on the named files, so they get the findings a run over the whole project
** gives them.
**
** How: discovery also walks each named file's project root (context_root)
** with the usual rules, and marks what it finds there as context. The run
** reads and scans every file as a directory run would (so every file is
** wanted or not for the same reasons), and then analyses only what the
** reported files reach through the dependencies the scan found
** (context_closure) — and, while a rule with a project phase runs, every
** file of their programs (units.h), whose pools that phase compares.
** Nothing else can change their findings. Context files
** give no findings and no per-file notifications; the summary counts them. */
#ifndef TXLINT_DRIVER_CONTEXT_H
#define TXLINT_DRIVER_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the project root of the file at real_path (absolute, resolved) to
** out and returns true: the repository top (the nearest ancestor directory
** with a .git entry); without one, the nearest workspace root (a
** package.json with "workspaces", pnpm-workspace.yaml, lerna.json, go.work);
** else the nearest directory with a package.json, go.mod, tsconfig.json,
** jsconfig.json or compile_commands.json (itself or in build/). False when
** none of these is above the file: it is analysed on its own. */
bool context_root(const char *real_path, char *out, size_t out_len);

/* Marks in needed[] every node reachable from the nodes with seed[i] set,
** over the edges deps[i][0..n_deps[i]) (seeds included). */
void context_closure(uint32_t n, const uint32_t *const *deps, const uint32_t *n_deps, const bool *seed,
                     bool *needed);

/* The directory that is an ancestor of (or equal to) both a and b (absolute,
** resolved, no trailing '/'), into out. */
void context_common_dir(const char *a, const char *b, char *out, size_t out_len);

#endif
