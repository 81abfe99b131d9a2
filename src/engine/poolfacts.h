/* poolfacts: what each module publishes about the pools it creates, for the
** project phase (per-file-pool). A pool creation site is a call that makes
** a new pool (or a client that owns one: PrismaClient, knex(), a Sequelize
** instance, a TypeORM DataSource, Go sql.Open …); a module-scope site is one
** made once per process (top-level code, a lazy singleton, an init
** function); a use is evidence that a site runs once per request (a handler
** that creates it, directly or through the helpers it calls).
**
** Records live on the heap, owned by the ModuleSummary that publishes them
** (module_summary_delete frees them); each site is allocated on its own, so a
** function summary of another module may point at it (FuncSummary.pool_site)
** for as long as the project lives. Paths are the files' relative paths. */
#ifndef TXLINT_ENGINE_POOLFACTS_H
#define TXLINT_ENGINE_POOLFACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/array.h"
#include "base/srcloc.h"

/* What a function does with the pools created during one call of it
** (FuncSummary.pool_effect). Callers inherit it: a caller of a DROPS
** function creates a pool per call too; a caller of a RETURNS function
** decides by what it does with the result (a module variable or a keyed
** cache keeps it; dropping or closing it after use makes the caller DROPS). */
typedef enum PoolEffect {
  POOL_NONE,
  POOL_RETURNS, /* creates a new pool on every call and hands it to the caller (a factory,
                   a constructor that stores it on the new object) */
  POOL_DROPS,   /* creates a new pool on every call and does not keep it: uses and closes it,
                   or leaves it behind */
} PoolEffect;

typedef enum PoolSiteScope {
  POOL_SITE_CALL,   /* created each time its function runs */
  POOL_SITE_MODULE, /* created once per process: at module scope, stored in a module or
                       package variable (a lazy singleton, an init function), or a
                       module-scope call of a factory (origin: the factory's site) */
} PoolSiteScope;

/* How a module-scope pool is offered to the rest of the program. */
typedef enum PoolShared {
  POOL_PRIVATE,      /* only this file uses it */
  POOL_USED_EXPORTED, /* exported functions of the file use it (a query helper) */
  POOL_EXPORTED,     /* the pool itself, a wrapper of it or a getter returning it is exported
                        (or it is stored on globalThis) */
} PoolShared;

typedef struct PoolSite PoolSite;
struct PoolSite {
  char *path;             /* heap: the file of the call */
  SrcLoc loc;             /* the creation call (module-scope via a factory: the call of the factory) */
  char *what;             /* heap: the call as written for messages ("new Pool()") */
  char *lib;              /* heap: the model's library name ("pg") */
  char *identity;         /* heap: the configuration identity ("env:DATABASE_URL"; see
                             poolident.c), or NULL when it cannot be told */
  char *func;             /* heap: the enclosing function's qualified name */
  uint8_t scope;          /* PoolSiteScope */
  uint8_t shared;         /* PoolShared (module-scope sites) */
  bool go_main;           /* Go: the file is in a `package main` (its own program) */
  const PoolSite *origin; /* borrowed: a module-scope call of a factory: the factory's creation */
  char **holders;         /* heap (each string too): module scope: the module-level variables it is
                             copied into itself (`g.pool = new Pool(); conn = g.pool`), not inside
                             another value (`module.exports = { conn }`); two sites of one file
                             that share one are alternatives */
  uint32_t n_holders;
};

typedef enum PoolUseKind {
  POOL_USE_REQUEST,   /* a request handler runs the creation */
  POOL_USE_OPERATION, /* several methods of one class each run it: every operation makes a pool */
  POOL_USE_LEFT_OPEN, /* JS/TS: its function uses it and never ends it: each call leaves one open */
} PoolUseKind;

/* Evidence that a creation runs per request or per operation. */
typedef struct PoolUse {
  const PoolSite *site; /* borrowed: the creation (any module's) */
  uint8_t kind;         /* PoolUseKind */
  char *path;           /* heap: the handler's file */
  SrcLoc loc;           /* the handler function, or the call that registers it */
  char *handler;        /* heap: the handler's name */
  char *how;            /* heap: what makes it one ("the Next.js route handler GET", "each of the
                           methods get, put of Saver") */
} PoolUse;

typedef struct PoolFacts {
  ARRAY(PoolSite *) sites; /* heap; every site of the module, in instruction order */
  ARRAY(PoolUse) uses;     /* heap */
} PoolFacts;

/* Returns a new empty record set owned by the caller (poolfacts_delete). */
PoolFacts *poolfacts_new(void);
/* Frees the records and their strings. NULL-safe. */
void poolfacts_delete(PoolFacts *self);

#endif
