/* engine: what the driver calls to analyse IR. The engine owns the API models
** (the JSON files under rules/, loaded once per run), the project-wide summaries that link
** modules together, and runs the rules of the registry over each module.
**
** Run shape (driver):
**   engine_new → engine_load_models → project_new → project_add_file (every
**   discovered file) → for each dependency level (the driver orders files by
**   a lexical scan of their relative imports, resolved with project_resolve):
**   engine_analyze_module per file
**   (parallel within a level), then project_publish for each result
**   (single-threaded, in sorted path order) → project_delete → engine_delete.
** Files in one level only read summaries published by earlier levels, so the
** output does not depend on the number of threads.
**
** Go packages: the .go files of one directory are handed to
** engine_analyze_package together, as one work item on one worker; the
** engine splits them by package clause and analyses each package as a unit
** (struct field types, package variables and function summaries are shared
** across its files), visiting the files in the order given (sorted path
** order), so the result is the same for any thread count. */
#ifndef TXLINT_ENGINE_ENGINE_H
#define TXLINT_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/filectx.h"
#include "engine/finding.h"
#include "ir/ir.h"

typedef struct Engine Engine;
typedef struct Project Project;
typedef struct ModuleSummary ModuleSummary;

typedef struct EngineOptions {
  bool enable_debug_rules; /* the debug-probe rule (tests only) */
  const char *const *only_rules; /* NULL = all non-debug rules; else NULL-terminated ids */
} EngineOptions;

/* Section - Engine (process lifetime) */

/* Returns a new engine owned by the caller (engine_delete). */
Engine *engine_new(const EngineOptions *opts);
/* NULL-safe. */
void engine_delete(Engine *self);
/* Loads every *.json under dir (recursively) as API models. On error writes a
** message naming the file to err and returns false; models loaded before the
** error stay loaded. */
bool engine_load_models(Engine *self, const char *dir, char *err, size_t err_len);
/* Loads one extra model file (a project's own wrappers). Same error contract. */
bool engine_load_model_file(Engine *self, const char *path, char *err, size_t err_len);

/* Calls fn(specifier, ud) for every module specifier of the loaded models
** whose import alone can make a file relevant (models marked
** "prefilter": false are left out). The driver's lexical prefilter uses them. */
void engine_each_prefilter_specifier(const Engine *self, void (*fn)(const char *specifier, void *ud), void *ud);
/* Calls fn(prefix, ud) for every function name prefix of the loaded C models
** ("PQ", "sqlite3_"): the C prefilter keeps a file that names one. */
void engine_each_function_prefix(const Engine *self, void (*fn)(const char *prefix, void *ud), void *ud);

/* When an import of specifier (a JS module specifier or a Go import path)
** names a database library the catalogs list (rules/js, rules/go:
** database-libraries.json) that no loaded model describes: its display name
** (borrowed from the engine); else NULL. */
const char *engine_unmodelled_library(const Engine *self, const char *specifier);

/* Section - Project (summaries that link modules) */

/* Returns a new empty project owned by the caller (project_delete). */
Project *project_new(void);
void project_delete(Project *self);
/* Registers a discovered file (relative path, '/' separated), so relative
** imports can be resolved with extension and index lookup. */
void project_add_file(Project *self, const char *rel_path);
/* C: file rel_path defines a function called name (the driver's lexical scan,
** before any analysis), so a call of name links to the definition nearest the
** caller even while that one's summary is not published yet. Single-threaded. */
void project_add_c_definition(Project *self, const char *name, const char *rel_path);
/* Resolves an import specifier written in from_path to a registered file:
** relative ones ("./db", "../lib/pool.js") by path, others through the
** registered packages and tsconfig aliases (project_add_package …); returns
** the registered path (borrowed from the project) or NULL for libraries and
** unresolvable specifiers. */
const char *project_resolve(const Project *self, const char *from_path, const char *specifier);
/* The analysed tree's JS/TS layout (jsresolve.c), so that non-relative
** specifiers that name its own files resolve like relative ones: a package
** of a monorepo workspace (its package.json "name", with its directory
** rel path), each of its entry points (subpath "." for the main one, "./x"
** or "./STAR" for "exports" subpaths, STAR standing for "*"; target relative to the package
** directory), and tsconfig/jsconfig scopes (the config's directory, its
** baseUrl as a rel directory or NULL, and its "paths" patterns, each target
** a rel path, already joined to baseUrl or to the directory of the config
** that declared it). The first package of a name wins; targets are tried in
** the order added. */
void project_add_package(Project *self, const char *name, const char *dir);
void project_add_package_entry(Project *self, const char *name, const char *subpath, const char *target);
void project_add_tsconfig(Project *self, const char *dir, const char *base_dir);
void project_add_path_alias(Project *self, const char *dir, const char *pattern, const char *target);
/* Hands a module's summary to the project (ownership moves; NULL is ignored). */
void project_publish(Project *self, const char *rel_path, ModuleSummary *summary);
/* Hands a Go package's facts (engine_analyze_package's out_package) to the
** project under its import path (ownership moves; NULL is ignored), so the
** packages that import it see its types, functions and variables. */
void project_publish_go_package(Project *self, const char *import_path, ModuleSummary *summary);

/* Records the program unit of a file (the directory of the nearest
** package.json or go.mod; any stable text), so project rules can tell files
** that run in one process from files of another program. Single-threaded,
** before the analysis. */
void project_set_unit(Project *self, const char *rel_path, const char *unit);
/* Gives the project the unique keys its schema files declare (borrowed: it
** must outlive the analysis; NULL = none), read-only for the rules. */
struct Schema;
void project_set_schema(Project *self, const struct Schema *schema);
/* Records that a Go file importing import_path was not analysed (prefiltered,
** unneeded, unreadable): that package's call sites are not all known, so none
** of its functions counts as running once per process (onceproc.h).
** Single-threaded, before the project phase. */
void project_add_go_unseen(Project *self, const char *import_path);

/* Section - Analysis (thread safe: the engine and project are only read) */

/* Runs the local pass and every enabled rule over m, reading summaries already
** published to project. Findings are appended to out. Returns the module's
** summary (heap, owned by the caller until project_publish); never NULL. */
ModuleSummary *engine_analyze_module(const Engine *self, const Project *project, const IrModule *m,
                                     FileCtx *fx, FindingList *out);
/* Analyses the n Go files of one directory together: mods[i] is lowered from
** fxs[i] (its arena holds the analysis scratch), its findings go to outs[i]
** and its summary (heap, never NULL, owned by the caller) to summaries[i].
** Modules with the same package clause see each other's declarations;
** mods[i] may be NULL (a file that could not be lowered: an empty summary).
** Pass the modules in sorted path order. import_path is the directory's Go
** import path (canonical type names use it; NULL when unknown). With
** out_package set, *out_package receives the facts of the directory's
** (non-_test) package for its importers (heap, owned by the caller until
** project_publish_go_package), or NULL. The packages it imports must have
** been published to project before. */
void engine_analyze_package(const Engine *self, const Project *project, const char *import_path,
                            const IrModule *const *mods, FileCtx *const *fxs, FindingList *const *outs, uint32_t n,
                            ModuleSummary **summaries, ModuleSummary **out_package);
/* The project phase: runs every enabled rule's end_project over the
** summaries published to project (after the last level), appending its
** findings to out. Their byte columns are the rules'; the caller finalizes
** them. Deterministic: modules are visited in sorted path order. */
void engine_run_project_rules(const Engine *self, const Project *project, FindingList *out);
/* Whether some enabled rule has a project phase (it compares the summaries
** of a whole program, so every module of the program must be analysed). */
bool engine_has_project_rules(const Engine *self);
/* Frees a summary that was not published. NULL-safe. */
void module_summary_delete(ModuleSummary *s);

#endif
