/*
** per-file-pool: a pool is created per request or duplicated across modules
**
** ## What it finds
**
** TODO: one paragraph: the code pattern reported, where the finding is placed
** (the acquire call, the BEGIN, the closing brace), and the IR events the rule
** reacts to (instr_mask kinds, or the engine's resources in end_func).
**
** ## Why it matters
**
** TODO: the concrete failure in production (pool exhaustion, a transaction left
** open on a pooled connection, a lost write), in one paragraph.
**
** ## Example
**
** TODO: the smallest bad code, with a warn comment on the reported line, then
** "Instead:" and the fixed code. One block per language when lowering differs.
**
** ## How it decides
**
** TODO: the state machine or check; what counts as a release, a use and an
** escape; the null-means-failed and escape-means-released policies; and what it
** deliberately does not do.
**
** ## Known limitations
**
** TODO: the false negatives and false positives known today, each backed by a
** want-todo: or ok-todo: fixture under fixtures/per-file-pool/.
**
** ## Data
**
** TODO: which model entries under rules/js/ and rules/go/ feed it, and how to add
** an API (docs/models.md).
**
** ## References
**
** TODO: CWE entries and library documentation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"per-request", "%s creates a new pool each time it runs, and it runs on every request (%s): each request "
                    "opens connections of its own; create the pool once and share it"},
    {"per-operation", "%s creates a new pool each time it runs, and %s runs it: every call opens connections of "
                      "its own; create the pool once (in the constructor, or lazily) and share it"},
    {"duplicate", "%s creates another pool for a database this program already has a pool for: each pool holds "
                  "its own connections; share one pool"},
    {NULL, NULL},
};

enum { PFP_MAX_RELATED = 4 };

/* Section - Which files count */

static bool has_segment(const char *path, const char *seg) {
  size_t n = strlen(seg);
  for (const char *p = path; (p = strstr(p, seg)) != NULL; p += n)
    if ((p == path || p[-1] == '/') && p[n] == '/') return true;
  return false;
}

static const char *base_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* Tests and their helpers: a pool per test is how tests isolate themselves. */
static bool is_test_file(const char *path) {
  static const char *const dirs[] = {"test", "tests", "__tests__", "__mocks__", "spec", "e2e", "testdata", "testutil",
                                     "testutils", "test-utils", "test_utils"};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    if (has_segment(path, dirs[i])) return true;
  const char *b = base_of(path);
  size_t n = strlen(b);
  return strstr(b, ".test.") || strstr(b, ".spec.") || strstr(b, ".e2e.") || (n > 8 && !strcmp(b + n - 8, "_test.go")) ||
         strncmp(b, "test-", 5) == 0 || strncmp(b, "test_", 5) == 0 || strncmp(b, "setupTests", 10) == 0;
}

/* Scripts, migrations, seeds and CLI tools run as processes of their own. */
static bool is_script_file(const char *path) {
  static const char *const dirs[] = {"scripts", "script", "bin", "tools", "cli", "migrations", "migration",
                                     "migrate", "seeds", "seed", "seeders", "benchmarks", "bench", "examples", "example"};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    if (has_segment(path, dirs[i])) return true;
  const char *b = base_of(path);
  return strncmp(b, "seed.", 5) == 0 || strncmp(b, "migrate.", 8) == 0 || strstr(b, ".config.") != NULL;
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
    if (is_test_file(s->path)) continue;
    Finding *f = NULL;
    for (uint32_t k = 0; k < n_uses; k++) {
      const PoolUse *u = project_ctx_pool_use(cx, k);
      if (u->site != s || is_test_file(u->path)) continue;
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

/* Two sites of one file stored in one module variable are alternatives
** (`switch (DB_TYPE) { case …: ds = new DataSource(…) }`): one of them runs. */
static bool alternative_of_earlier(const Candidate *g, uint32_t k) {
  const PoolSite *s = g[k].site;
  for (uint32_t j = 0; s->holder && j < k; j++)
    if (g[j].site->holder && strcmp(g[j].site->holder, s->holder) == 0 && strcmp(g[j].site->path, s->path) == 0)
      return true;
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
    if (s->scope != POOL_SITE_MODULE || !s->identity || is_test_file(s->path) || is_script_file(s->path)) continue;
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
            .maturity = MATURITY_EXPERIMENTAL,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO,
        },
    .impl =
        {
            .messages = messages,
            .end_project = per_file_pool_project,
        },
};
