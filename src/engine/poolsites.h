/* poolsites: the engine's pool pass (per-file-pool). After the kinds pass it
** finds every call that creates a pool, decides what its function does with
** the pool (keeps it in a module variable or a keyed cache, stores it on an
** object, returns it, or drops it), folds that into each function's summary
** (FuncSummary.pool_effect, inherited by callers across modules), and
** publishes the module's creation sites and the handlers that run one per
** request (poolfacts.h) for the project phase. Engine-internal. */
#ifndef TXLINT_ENGINE_POOLSITES_H
#define TXLINT_ENGINE_POOLSITES_H

#include "engine/analysis.h"
#include "engine/poolfacts.h"

/* Runs the pool pass over module mc (after kinds_module_run): its functions'
** pool summaries, and its sites and uses appended to out->pools. */
void poolsites_module_run(ModCtx *mc, ModuleSummary *out);
/* The same over the modules of a Go package (after kinds_package_run), so a
** helper in one file counts for its callers in another; outs[j] is the
** summary of pkg->mods[j]. */
void poolsites_package_run(PkgCtx *pkg, ModuleSummary *const *outs);

/* True when call c in function fi makes a new pool (the pass's reading: not
** pool.promise(), not drizzle(pool)); *lib gets the model's library. */
bool poolsites_is_creation(ModCtx *mc, uint32_t fi, const IrCall *c, int *lib);
/* The same, for a caller that has already evaluated c (ev: kinds_eval_call's). */
bool poolsites_is_creation_ev(ModCtx *mc, uint32_t fi, const IrCall *c, const CallEval *ev, int *lib);

/* poolident.c */
/* The configuration identity of pool creation c in function fi of library
** lib (heap, the caller frees it), or NULL when it cannot be told: what
** decides which database the pool connects to, as stable text. */
char *poolident_of_call(ModCtx *mc, uint32_t fi, const IrCall *c, const char *lib);
/* False when v is an object literal that says nothing about where to
** connect (`{ client: 'pg' }`): only the server kind, pool sizes, logging. */
bool poolident_says_where(const IrValue *v);
/* True when v is a configuration (a string, a template, an environment
** variable, an object literal with no `client` member) rather than a client
** or pool a wrapping factory (drizzle) is handed. */
bool poolident_is_config(ModCtx *mc, uint32_t fi, const IrValue *v);

/* The function (fi or an enclosing one, else 0, the module's top level)
** whose code declares variable name: where its definitions are. */
uint32_t poolident_def_scope(ModCtx *mc, uint32_t fi, const char *name);
/* X for the access path process.env.X or import.meta.env.X (borrowed from
** path), else NULL. */
const char *poolident_env_name(const char *path);
/* The file an import binding names (a resolved project file, borrowed), or
** its specifier as written. */
const char *poolident_import_target(ModCtx *mc, const IrImport *imp);

/* handlers.c */
/* What makes function fi a request handler by its own declaration (a
** Next.js or SvelteKit route export, a Go function taking an
** http.ResponseWriter and *http.Request, a gin, echo or fiber context), in
** the file arena, or NULL. */
const char *handlers_declared(ModCtx *mc, uint32_t fi);
/* True when function fi is what the module exports (JS/TS: an export names
** it; Go: a package-level function or method with an exported name). */
bool handlers_exported_func(ModCtx *mc, uint32_t fi);
/* Calls fn for every handler that function fi registers with a router
** (`app.get('/path', handler)`, `router.post(…)`, `app.use(middleware)`):
** handler is the argument (a function literal or a path naming a function),
** how says what made it one. */
typedef void (*HandlerRegFn)(void *ud, uint32_t fi, const IrInstr *reg, const IrValue *handler, const char *how);
void handlers_each_registration(ModCtx *mc, uint32_t fi, HandlerRegFn fn, void *ud);

#endif
