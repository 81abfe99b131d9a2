/*
** per-file-pool: a pool is created per request or duplicated across modules
**
** ## What it finds
**
** A call that creates a connection pool, or a client that owns one
** (node-postgres `new Pool`, mysql `createPool`, `new PrismaClient`,
** `knex(config)`, `new Sequelize`, a TypeORM `new DataSource` or
** `createConnection`, `drizzle(url)`, Go `sql.Open`, sqlx `Open`/`Connect`,
** `pgxpool.New`, `gorm.Open`), in one of two situations:
**
** * **per request**: it runs each time a request handler runs — in the
**   handler, or in any function the handler calls, in any module: a helper
**   that makes and drops a pool, a factory whose caller uses the pool and
**   closes it, a constructor of an object built per request — or each time
**   any of several methods of one class runs (every operation of a
**   repository or saver opens its own pool). Reported at the creation call;
**   the related locations are the handlers (or the methods) that run it.
** * **left open** (JavaScript, TypeScript): a function — not module code,
**   nor a callback its caller runs — makes a pool, uses it (a query, a
**   connect) and never ends it, stores it or hands it on: each call leaves
**   a pool and its connections behind, whoever calls it. Reported at the
**   creation (scripts, tools and tests aside); a handler or a class's
**   several methods that run it lead when there are any.
** * **duplicated**: it runs once, at module scope (top-level code, a lazy
**   singleton, an init function, a module-scope call of a factory), while
**   the same program already creates a pool for the same database
**   elsewhere. One finding per extra site; the related locations are the
**   pool to keep and the other sites.
**
** ## Why it matters
**
** A pool is meant to live as long as the process: it keeps up to `max`
** connections open and hands them out. A pool made per request opens new
** connections on every request (TCP and TLS handshakes, authentication),
** cannot reuse them, and when it is not ended leaves them open until the
** server's connection limit is reached. Several pools for one database
** multiply the connections the process may hold (five route files with
** `max: 20` each can take 100 connections), and make the pool impossible
** to size and monitor in one place.
**
** ## Example
**
** ```ts
** // app/api/characters/[id]/background/route.ts
** import { Pool } from 'pg';
** const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // warn: lib/db.ts has one
**
** export async function GET() {
**   const reports = new Pool({ connectionString: process.env.REPORTS_URL }); // warn: per request
**   …
** }
** ```
**
** Instead, create each pool once in one module and import it:
**
** ```ts
** // lib/db.ts
** export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
** // route.ts
** import { pool } from '@/lib/db';
** ```
**
** In Go, open the `*sql.DB` in `main` (or behind a `sync.Once`) and hand it
** to the handlers, instead of `sql.Open` inside a `func(w
** http.ResponseWriter, r *http.Request)`.
**
** ## How it decides
**
** The engine's pool pass (`engine/poolsites.c`) finds the creation calls
** the models name and follows each pool through the function: stored in a
** module or package variable, on globalThis or in exports (made once);
** under a key (`pools[id]`, `map.set(id, p)`, a Go map: a keyed cache, one
** pool per tenant on purpose); on an object (`this.pool` outside a
** constructor, a parameter's field) or handed to a callee that keeps it;
** returned (or stored on `this` by a constructor); or none of these (used
** and closed, or left behind). A creation reached only when something that
** outlives the call was found absent (`if (!pool)`, `??=`, `||=`,
** `globalThis.prisma ?? new PrismaClient()`, a nil check, a `sync.Once`
** closure storing a package variable) is a lazy initialisation.
**
** Function summaries carry the outcome to callers in every module: "makes
** and drops a pool per call" or "makes one and returns it" (the caller's
** own fate for it decides). Request handlers are recognised by framework
** convention (`engine/handlers.c`): Next.js `app/…/route.ts` exports GET,
** POST, …, `pages/api/…` default exports, SvelteKit `+server.*`, calls
** `R.get|post|put|patch|delete|all|options|head('/path', …handlers)` and
** `R.use(…)` middleware (Express, Fastify, Koa routers, Hono), and Go
** functions taking `http.ResponseWriter` and `*http.Request`, a
** `*gin.Context`, an `echo.Context` or a `*fiber.Ctx`. Creation reached only
** from `main`, `init`, start-up code, command-line tools or tests is never
** per request, because nothing but a handler (or a class's several
** methods) makes it so.
**
** Duplicates are module-scope sites of one program with the same library
** and the same configuration identity (`engine/poolident.c`): the same
** connection string or environment variable (`process.env.X`,
** `os.Getenv("X")`), the same host, database, user, file or server kind in
** a configuration object (pool sizes, timeouts and logging do not count),
** the same imported configuration or config getter. A configuration that
** cannot be read (a parameter, a value computed at run time) is never a
** duplicate; neither are sites of one file stored in one variable (the
** branches of a switch on the database type, or a production pool and a
** development one cached on `globalThis`, both copied into one variable). One program is one
** package.json or go.mod directory (a Go `package main` directory is one
** program of its own); test files and scripts, migrations, seeds, tools and
** command-line code are left out. The site a module exports (the pool
** itself, a wrapper of it, or a getter returning it) is the one to keep,
** else one whose module exports functions using it, else the first in
** path order.
**
** ## Known limitations
**
** Handlers are recognised by the shapes above only: NestJS controllers
** (decorators), tRPC procedures, GraphQL resolvers, gRPC services and Remix
** loaders are not, and neither is a framework callback such as a LangChain
** node's method, so a pool made in such a function is missed unless
** several methods of its class make it or it is left open (fixtures
** `js/known_gaps.js`, `ts/known_gaps.ts`). Calls through object instances (`service.list()`
** where `service = new Service()`), through interfaces, and of constructors
** of classes another module declares do not carry pool summaries. A pool passed to a
** function nothing is known about and not closed afterwards is taken as
** kept there. Identities compare text: the same database reached through
** two different environment variables, or a pool configured from a
** parameter, is not recognised as a duplicate. Programs are told apart by
** their package.json or go.mod only: two services kept under one
** package.json (a server and a worker started from different entry files)
** look like one program, and a shared pool in each is reported.
**
** ## Data
**
** Creation calls are the models' `create` entries with result `pool` (and
** classes that create one: `rules/js/pg.json`, `mysql2.json`, `mysql.json`,
** `prisma.json`, `knex.json`, `sequelize.json`, `typeorm.json`,
** `drizzle.json`, `rules/go/database_sql.json`, `sqlx.json`, `pgx.json`,
** `gorm.json`). A class with `"callable": true` is a factory called without
** `new` (`knex(config)`), `"wraps": true` wraps a client it is given and
** creates a pool only from a configuration (drizzle), `"needs_connection":
** true` creates none without a connection setting (`knex({ client: 'pg'
** })`). Calls with effect `close` (`pool.end()`, `db.Close()`,
** `$disconnect()`, `destroy()`) end a pool.
**
** ## References
**
** node-postgres, "Pooling": "you must call pool.end() when you are done"
** and one pool per process (https://node-postgres.com/features/pooling);
** Prisma, "Instantiating PrismaClient": "reuse a single instance"
** (https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/instantiate-prisma-client);
** Go database/sql: "The returned DB is safe for concurrent use … Thus, the
** Open function should be called just once" (https://pkg.go.dev/database/sql#Open).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"per-request", "%s creates a new pool each time it runs, and it runs on every request (%s): each request "
                    "opens connections of its own; create the pool once and share it"},
    {"per-operation", "%s creates a new pool each time it runs, and %s runs it: every call opens connections of "
                      "its own; create the pool once (in the constructor, or lazily) and share it"},
    {"left-open", "%s creates a new pool each time %s runs and never ends it: every call leaves a pool and its "
                  "connections behind; create the pool once and share it (or end it after use)"},
    {"duplicate", "%s creates another pool for a database this program already has a pool for: each pool holds "
                  "its own connections; share one pool"},
    {NULL, NULL},
};

enum { PFP_MAX_RELATED = 4 };

/* Which files count: rules/places.h (tests and their helpers: a pool per test
** is how tests isolate themselves; scripts, migrations, seeds and CLI tools
** run as processes of their own). */

static const char *base_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* Section - Created per request */

static void add_origin(ProjectCtx *cx, Finding *f, const PoolSite *s) {
  for (int guard = 0; s->origin && guard < 8; guard++, s = s->origin)
    project_ctx_add_related(cx, f, s->origin->path, s->origin->loc, "the pool is created here");
}

/* One finding per creation that some handler runs per request; the handlers are related. */
static void report_per_request(ProjectCtx *cx) {
  uint32_t n_sites = project_ctx_n_pool_sites(cx), n_uses = project_ctx_n_pool_uses(cx);
  for (uint32_t i = 0; i < n_sites; i++) {
    const PoolSite *s = project_ctx_pool_site(cx, i);
    if (place_is_test(s->path)) continue;
    Finding *f = NULL;
    bool other_use = false; /* a handler or the class's operations: the stronger evidence leads */
    for (uint32_t k = 0; k < n_uses && !other_use; k++) {
      const PoolUse *u = project_ctx_pool_use(cx, k);
      other_use = u->site == s && !place_is_test(u->path) && u->kind != POOL_USE_LEFT_OPEN;
    }
    for (uint32_t k = 0; k < n_uses; k++) {
      const PoolUse *u = project_ctx_pool_use(cx, k);
      if (u->site != s || place_is_test(u->path) || (other_use && u->kind == POOL_USE_LEFT_OPEN)) continue;
      if (!f && u->kind == POOL_USE_LEFT_OPEN) {
        if (place_is_script(s->path)) break; /* a tool's process ends with it */
        char subject[512];
        snprintf(subject, sizeof subject, "%s left open", s->what);
        f = project_ctx_report(cx, "left-open", s->path, s->loc, s->func, subject, s->what,
                               s->func ? s->func : "its function");
        continue;
      }
      if (!f) {
        char subject[512];
        snprintf(subject, sizeof subject, "%s per call", s->what);
        f = project_ctx_report(cx, u->kind == POOL_USE_OPERATION ? "per-operation" : "per-request", s->path, s->loc,
                               s->func, subject, s->what, u->how);
      } else if (f->n_related >= PFP_MAX_RELATED) {
        break;
      }
      char msg[256];
      if (u->kind == POOL_USE_OPERATION) snprintf(msg, sizeof msg, "%s makes one on every call", u->handler);
      else snprintf(msg, sizeof msg, "runs on every request: %s", u->how);
      project_ctx_add_related(cx, f, u->path, u->loc, msg);
    }
  }
}

/* Section - Created again for the same database */

typedef struct Candidate {
  const PoolSite *site;
  char *key; /* heap: program unit + identity */
  uint32_t order;
} Candidate;

static int cmp_candidate(const void *a, const void *b) {
  const Candidate *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

/* The process a module-scope site belongs to: its unit, and for a Go
** `package main` its directory (each such directory is its own program). */
static char *candidate_key(ProjectCtx *cx, const PoolSite *s) {
  const char *unit = project_ctx_unit(cx, s->path);
  size_t dir = s->go_main ? (size_t)(base_of(s->path) - s->path) : 0;
  size_t n = strlen(unit) + dir + strlen(s->identity) + 4;
  char *key = malloc(n);
  snprintf(key, n, "%s|%.*s|%s", unit, (int)dir, s->path, s->identity);
  return key;
}

static bool share_holder(const PoolSite *a, const PoolSite *b) {
  for (uint32_t i = 0; i < a->n_holders; i++)
    for (uint32_t j = 0; j < b->n_holders; j++)
      if (strcmp(a->holders[i], b->holders[j]) == 0) return true;
  return false;
}

/* Two sites of one file stored in one module variable are alternatives
** (`switch (DB_TYPE) { case …: ds = new DataSource(…) }`, or `if (prod) conn =
** new Pool(); else { g.pool ??= new Pool(); conn = g.pool }`): one of them runs. */
static bool alternative_of_earlier(const Candidate *g, uint32_t k) {
  const PoolSite *s = g[k].site;
  for (uint32_t j = 0; j < k; j++)
    if (strcmp(g[j].site->path, s->path) == 0 && share_holder(g[j].site, s)) return true;
  return false;
}

static void report_group(ProjectCtx *cx, const Candidate *g, uint32_t n) {
  uint32_t canon = 0, distinct = 0;
  for (uint32_t k = 0; k < n; k++) {
    if (alternative_of_earlier(g, k)) continue;
    distinct++;
    if (g[k].site->shared > g[canon].site->shared) canon = k;
  }
  for (uint32_t k = 0; distinct > 1 && k < n; k++) {
    if (k == canon || alternative_of_earlier(g, k)) continue;
    const PoolSite *s = g[k].site;
    char subject[512];
    snprintf(subject, sizeof subject, "%s again for %s", s->what, s->identity);
    Finding *f = project_ctx_report(cx, "duplicate", s->path, s->loc, s->func, subject, s->what);
    add_origin(cx, f, s);
    project_ctx_add_related(cx, f, g[canon].site->path, g[canon].site->loc,
                            g[canon].site->shared == POOL_EXPORTED ? "the shared pool for the same database"
                                                                   : "a pool for the same database");
    for (uint32_t j = 0; j < n && f->n_related < PFP_MAX_RELATED + 1; j++)
      if (j != k && j != canon && !alternative_of_earlier(g, j))
        project_ctx_add_related(cx, f, g[j].site->path, g[j].site->loc, "another pool for the same database");
  }
}

/* One finding per module-scope pool beyond the first for one database in one
** program; the site the module exports (if any) is the one to keep. */
static void report_duplicates(ProjectCtx *cx) {
  uint32_t n_sites = project_ctx_n_pool_sites(cx), n = 0;
  Candidate *cand = calloc(n_sites ? n_sites : 1, sizeof *cand);
  for (uint32_t i = 0; i < n_sites; i++) {
    const PoolSite *s = project_ctx_pool_site(cx, i);
    if (s->scope != POOL_SITE_MODULE || !s->identity || place_is_test(s->path) || place_is_script(s->path)) continue;
    cand[n] = (Candidate){s, candidate_key(cx, s), i};
    n++;
  }
  if (n) qsort(cand, n, sizeof *cand, cmp_candidate);
  for (uint32_t i = 0; i < n;) {
    uint32_t j = i + 1;
    while (j < n && strcmp(cand[j].key, cand[i].key) == 0) j++;
    if (j - i > 1) report_group(cx, cand + i, j - i);
    i = j;
  }
  for (uint32_t i = 0; i < n; i++) free(cand[i].key);
  free(cand);
}

static void per_file_pool_project(ProjectCtx *cx) {
  report_per_request(cx);
  report_duplicates(cx);
}

const Rule rule_per_file_pool = {
    .info =
        {
            .id = "per-file-pool",
            .name = "PerFilePool",
            .summary = "a pool is created per request or duplicated across modules",
            RULE_DOCS(per_file_pool),
            .default_level = LEVEL_WARNING,
            .precision = "medium",
            .tags = (const char *const[]){"correctness", "performance", "database", NULL},
            .maturity = MATURITY_STABLE,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_project = per_file_pool_project,
        },
};
