/* test_engine: JS/TS snippets → front end → engine → the expected findings,
** including engine-state probes (debug-probe), witness steps, cross-module
** pools and the never-by-name rule. Valid/invalid pairs in the ESLint style. */
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "frontend/frontend.h"
#include "test.h"

typedef struct Run {
  Engine *engine;
  Project *project;
  FrontEnd *fe;
  FindingList out;
} Run;

static void run_init(Run *r, bool debug) {
  EngineOptions opts = {.enable_debug_rules = debug};
  r->engine = engine_new(&opts);
  char err[512] = "";
  if (!engine_load_models(r->engine, "rules", err, sizeof err)) fprintf(stderr, "models: %s\n", err);
  r->project = project_new();
  r->fe = fe_new();
  finding_list_init(&r->out);
}

static void run_fini(Run *r) {
  finding_list_fini(&r->out);
  fe_delete(r->fe);
  project_delete(r->project);
  engine_delete(r->engine);
}

/* Lowers and analyses one file, publishing its summary. */
static void run_file(Run *r, const char *path, const char *src) {
  FileCtx fx;
  fx_init(&fx, path, path);
  fx.src = arena_strdup(fx.arena, src);
  fx.src_len = strlen(src);
  IrLang lang = IR_LANG_JS;
  fe_lang_for_path(path, &lang);
  IrModule *m = fe_lower_file(r->fe, &fx, lang);
  CHECK(m != NULL);
  if (m) project_publish(r->project, path, engine_analyze_module(r->engine, r->project, m, &fx, &r->out));
  fx_fini(&fx);
}

static int count(const Run *r, const char *rule, unsigned line) {
  int n = 0;
  for (uint32_t i = 0; i < r->out.items.len; i++) {
    const Finding *f = r->out.items.items[i];
    if (strcmp(f->rule_id, rule) == 0 && (!line || f->loc.line == line)) n++;
  }
  return n;
}

static const Finding *find(const Run *r, const char *rule) {
  for (uint32_t i = 0; i < r->out.items.len; i++)
    if (strcmp(r->out.items.items[i]->rule_id, rule) == 0) return r->out.items.items[i];
  return NULL;
}

static void dump(const Run *r) {
  for (uint32_t i = 0; i < r->out.items.len; i++) {
    const Finding *f = r->out.items.items[i];
    fprintf(stderr, "  %s:%u:%u [%s] %s\n", f->path, f->loc.line, f->loc.col, f->rule_id, f->message);
  }
}

/* Analyses one snippet and checks the number of findings of rule (on line, if non-zero). */
static void expect(const char *name, const char *src, const char *rule, unsigned line, int want) {
  Run r;
  run_init(&r, false);
  run_file(&r, "t.js", src);
  int got = count(&r, rule, line);
  if (got != want) {
    fprintf(stderr, "%s: %s on line %u: got %d, want %d\n", name, rule, line, got, want);
    dump(&r);
  }
  CHECK(got == want);
  run_fini(&r);
}

#define PG "const { Pool } = require('pg');\nconst pool = new Pool();\n"

static void test_acquire(void) {
  expect("release only on success", PG "async function f() {\n  const c = await pool.connect();\n"
         "  await c.query('SELECT 1');\n  c.release();\n}\n", "acquire-without-release", 4, 1);
  expect("release in finally", PG "async function f() {\n  const c = await pool.connect();\n  try {\n"
         "    await c.query('SELECT 1');\n  } finally {\n    c.release();\n  }\n}\n", "acquire-without-release", 0, 0);
  expect("release in both branches", PG "async function f(x) {\n  const c = await pool.connect();\n"
         "  if (x) { c.release(); } else { c.release(); }\n}\n", "acquire-without-release", 0, 0);
  expect("release inside an if", PG "async function f(x) {\n  const c = await pool.connect();\n"
         "  if (x) { c.release(); }\n}\n", "acquire-without-release", 4, 1);
  expect("returned", PG "async function f() {\n  const c = await pool.connect();\n  return c;\n}\n",
         "acquire-without-release", 0, 0);
  expect("pushed into a container", PG "const all = [];\nasync function f() {\n  const c = await pool.connect();\n"
         "  all.push(c);\n}\n", "acquire-without-release", 0, 0);
  expect("acquire in a loop", PG "async function f(xs) {\n  for (const x of xs) {\n    const c = await pool.connect();\n"
         "    await c.query('SELECT 1');\n  }\n}\n", "acquire-without-release", 5, 1);
  expect("callback done on all paths", PG "function f() {\n  pool.connect((err, client, done) => {\n"
         "    if (err) return;\n    done();\n  });\n}\n", "acquire-without-release", 0, 0);
  expect("callback without done", PG "function f() {\n  pool.connect((err, client, done) => {\n"
         "    if (err) return;\n    use(client);\n  });\n}\n", "acquire-without-release", 4, 1);
  expect("local wrapper", PG "function getClient() { return pool.connect(); }\nasync function f() {\n"
         "  const c = await getClient();\n  await c.query('SELECT 1');\n}\n", "acquire-without-release", 5, 1);
  expect("pool.query alone", PG "async function f() {\n  await pool.query('SELECT 1');\n}\n",
         "acquire-without-release", 0, 0);
}

static void test_transactions(void) {
  expect("begin on pool", PG "async function f() {\n  await pool.query('BEGIN');\n  await pool.query('COMMIT');\n}\n",
         "transaction-on-pool", 4, 1);
  expect("begin on pool is not also begin-without-rollback",
         PG "async function f() {\n  await pool.query('begin;');\n  await pool.query('UPDATE t SET a = 1');\n}\n",
         "begin-without-rollback", 0, 0);
  expect("released while open", PG "async function f() {\n  const c = await pool.connect();\n"
         "  await c.query('BEGIN');\n  c.release();\n}\n", "begin-without-rollback", 5, 1);
  expect("release(err) discards", PG "async function f() {\n  const c = await pool.connect();\n"
         "  await c.query('BEGIN');\n  c.release(true);\n}\n", "begin-without-rollback", 0, 0);
  expect("commit then release", PG "async function f() {\n  const c = await pool.connect();\n"
         "  await c.query('START TRANSACTION');\n  await c.query('COMMIT');\n  c.release();\n}\n",
         "begin-without-rollback", 0, 0);
}

static void test_refinement_and_summaries(void) {
  const char *guarded = PG "async function f(req) {\n  let client;\n  try {\n    await req.json();\n"
      "    client = await pool.connect();\n    await client.query('BEGIN');\n    await client.query('COMMIT');\n"
      "    return 1;\n  } catch (error) {\n    if (client) {\n      try {\n        await client.query('ROLLBACK');\n"
      "      } catch (e2) {\n        log(e2);\n      }\n    }\n    return 2;\n  } finally {\n"
      "    if (client) {\n      client.release();\n    }\n  }\n}\n";
  expect("if (client) guards in catch and finally", guarded, "acquire-without-release", 0, 0);
  expect("if (client) guards in catch and finally", guarded, "begin-without-rollback", 0, 0);
  const char *helpers = PG "async function begin(c) { await c.query('BEGIN'); }\n"
      "async function finish(c) { await c.query('COMMIT'); }\nfunction give(c) { c.release(); }\n"
      "async function f() {\n  const c = await pool.connect();\n  try {\n    await begin(c);\n    await finish(c);\n"
      "  } catch (e) {\n    await c.query('ROLLBACK');\n    throw e;\n  } finally {\n    give(c);\n  }\n}\n"
      "async function g() {\n  const c = await pool.connect();\n  await begin(c);\n  give(c);\n}\n";
  expect("helpers that begin, commit and release a parameter", helpers, "acquire-without-release", 7, 0);
  expect("helpers: the helper BEGIN may throw", helpers, "acquire-without-release", 19, 1);
  expect("helpers: released while open after a helper BEGIN", helpers, "begin-without-rollback", 20, 1);
  expect("helpers: one transaction finding", helpers, "begin-without-rollback", 0, 1);
  expect("callback err guard", PG "function f() {\n  pool.connect((err, client, release) => {\n"
         "    if (err) { return; }\n    client.release();\n  });\n}\n",
         "acquire-without-release", 0, 0);
  expect("dedicated client not ended on throw", "const { Client } = require('pg');\nasync function f() {\n"
         "  const c = new Client();\n  await c.connect();\n  await c.query('SELECT 1');\n  await c.end();\n}\n",
         "acquire-without-release", 4, 1);
  expect("mysql2 catch without rollback", "const mysql = require('mysql2/promise');\n"
         "const pool = mysql.createPool({});\nasync function f() {\n  const conn = await pool.getConnection();\n"
         "  try {\n    await conn.beginTransaction();\n    await conn.execute('UPDATE t SET a = 1');\n"
         "    await conn.commit();\n  } catch (e) {\n    log(e);\n  } finally {\n    conn.release();\n  }\n}\n",
         "begin-without-rollback", 6, 1);
}

static void test_never_by_name(void) {
  expect("a pool by name only", "const pool = makeThing();\nasync function f() {\n  await pool.query('BEGIN');\n}\n",
         "transaction-on-pool", 0, 0);
  expect("a pool by any name", PG "const things = new Pool();\nasync function f() {\n  await things.query('BEGIN');\n}\n",
         "transaction-on-pool", 5, 1);
}

/* An untyped constructor parameter learns its kind from the module's
** `new C(…)` sites, only when all of them pass the same kind of handle. */
#define REPO "class R {\n  constructor(p) {\n    this.db = p;\n  }\n  async get() {\n" \
             "    const c = await this.db.connect();\n    await c.query('SELECT 1');\n    c.release();\n  }\n}\n"

static void test_constructor_params(void) {
  expect("every site passes the pool", PG REPO "module.exports = new R(pool);\n", "acquire-without-release", 8, 1);
  expect("the only site is in a later function", PG REPO "function make() { return new R(pool); }\n",
         "acquire-without-release", 8, 1);
  expect("the pool comes from a wrapper learnt in the same rounds",
         "const { Pool } = require('pg');\nconst pool = mk();\n" REPO
         "function make() { return new R(pool); }\nfunction mk() { return new Pool(); }\n",
         "acquire-without-release", 8, 1);
  expect("BEGIN through the field", PG "class T {\n  constructor(p) { this.p = p; }\n"
         "  async f() { await this.p.query('BEGIN'); await this.p.query('COMMIT'); }\n}\nnew T(pool);\n",
         "transaction-on-pool", 5, 1);
  expect("never instantiated", PG REPO, "acquire-without-release", 0, 0);
  expect("a site passes something else", PG REPO "new R(pool);\nnew R(cache);\n", "acquire-without-release", 0, 0);
  expect("a site passes nothing", PG REPO "new R(pool);\nnew R();\n", "acquire-without-release", 0, 0);
  expect("sites pass pools of two libraries",
         PG "const mysql = require('mysql2/promise');\n" REPO "new R(pool);\nnew R(mysql.createPool({}));\n",
         "acquire-without-release", 0, 0);
  expect("a parameter of the same name is not the class", PG REPO "function make(R) { return new R(pool); }\n",
         "acquire-without-release", 0, 0);
  Run r;
  run_init(&r, true);
  run_file(&r, "ts.ts", PG "class S {\n  private db;\n  constructor(n: number, private pool) {\n"
           "    this.db = pool;\n  }\n  f() {\n    __probe_state(this.pool);\n    __probe_state(this.db);\n  }\n}\n"
           "const s = new S(1, pool);\n");
  int pools = 0;
  for (uint32_t i = 0; i < r.out.items.len; i++) {
    const Finding *f = r.out.items.items[i];
    if (strcmp(f->rule_id, "debug-probe") == 0 && strstr(f->message, "kind pool")) pools++;
  }
  if (pools != 2) dump(&r);
  CHECK(pools == 2);
  run_fini(&r);
}

static void test_probe_and_witness(void) {
  Run r;
  run_init(&r, true);
  run_file(&r, "p.js", PG "async function f() {\n  const c = await pool.connect();\n  __probe_state(c);\n"
           "  c.release();\n  __probe_state(c);\n  __probe_state(pool);\n}\n");
  int probes = 0;
  for (uint32_t i = 0; i < r.out.items.len; i++) {
    const Finding *f = r.out.items.items[i];
    if (strcmp(f->rule_id, "debug-probe") != 0) continue;
    probes++;
    if (f->loc.line == 5) CHECK(strstr(f->message, "state acquired;") != NULL);
    if (f->loc.line == 7) CHECK(strstr(f->message, "state released;") != NULL);
    if (f->loc.line == 8) CHECK(strstr(f->message, "kind pool") != NULL);
  }
  CHECK(probes == 3);
  const Finding *leak = find(&r, "acquire-without-release");
  CHECK(leak != NULL);
  if (leak) {
    CHECK(strstr(leak->message, "c acquired by pool.connect() is not released when the function throws") != NULL);
    CHECK(leak->n_steps >= 2 && leak->steps[0].kind == STEP_ACQUIRE);
    CHECK(leak->n_steps >= 2 && leak->steps[leak->n_steps - 1].kind == STEP_THROW);
    CHECK(leak->n_related == 2);
    CHECK_STR(leak->subject, "c = pool.connect()");
    CHECK_STR(leak->function, "f");
  }
  run_fini(&r);
}

static void test_cross_module(void) {
  Run r;
  run_init(&r, false);
  project_add_file(r.project, "db/connection.js");
  project_add_file(r.project, "repo.js");
  CHECK_STR(project_resolve(r.project, "repo.js", "./db/connection"), "db/connection.js");
  CHECK(project_resolve(r.project, "repo.js", "pg") == NULL);
  CHECK(project_resolve(r.project, "repo.js", "../outside") == NULL);
  run_file(&r, "db/connection.js", "const mysql = require('mysql2/promise');\n"
           "const pool = mysql.createPool({});\nmodule.exports = pool;\n");
  run_file(&r, "repo.js", "const db = require('./db/connection');\nasync function f() {\n"
           "  await db.query('BEGIN');\n  const conn = await db.getConnection();\n  await conn.query('SELECT 1');\n"
           "  conn.release();\n}\n");
  CHECK(count(&r, "transaction-on-pool", 3) == 1);
  CHECK(count(&r, "acquire-without-release", 4) == 1);
  run_fini(&r);
}

static void test_project_index(void) {
  Project *p = project_new();
  project_add_file(p, "src/db/index.ts");
  project_add_file(p, "src/a.ts");
  CHECK_STR(project_resolve(p, "src/a.ts", "./db"), "src/db/index.ts");
  CHECK_STR(project_resolve(p, "src/db/index.ts", "../a.js"), "src/a.ts");
  /* Files outside the working directory keep absolute paths: the root stays. */
  project_add_file(p, "/tmp/app/db.js");
  project_add_file(p, "/tmp/app/routes/users.js");
  CHECK_STR(project_resolve(p, "/tmp/app/routes/users.js", "../db"), "/tmp/app/db.js");
  CHECK_STR(project_resolve(p, "/tmp/app/db.js", "./routes/users"), "/tmp/app/routes/users.js");
  CHECK(project_resolve(p, "/tmp/app/db.js", "../../../etc/passwd") == NULL);
  project_delete(p);
}

/* docs/cli.md "Syntax errors" and "Grammar gaps". */
static void test_syntax_errors(void) {
  const char *broken = PG "async function broken() {\n  const c = await pool.connect();\n"
      "  await c.query('SELECT 1') +;\n}\nasync function leak() {\n  const c = await pool.connect();\n"
      "  await c.query('SELECT 1');\n}\n";
  expect("a function with a syntax error is not analysed", broken, "acquire-without-release", 4, 0);
  expect("the function next to it is", broken, "acquire-without-release", 8, 1);
  expect("a broken wrapper is no acquire for its callers", PG "async function getClient() {\n"
         "  const c = await pool.connect();\n  c.on('error', () => {) ;\n  return c;\n}\n"
         "async function f() {\n  const c = await getClient();\n  await c.query('SELECT 1');\n}\n",
         "acquire-without-release", 0, 0);
  expect("`using` as an identifier is a known gap, not an error", PG "async function f(x) {\n  using(x);\n"
         "  const c = await pool.connect();\n  await c.query('SELECT 1');\n}\n", "acquire-without-release", 5, 1);
}

int main(void) {
  test_acquire();
  test_transactions();
  test_refinement_and_summaries();
  test_never_by_name();
  test_constructor_params();
  test_probe_and_witness();
  test_cross_module();
  test_project_index();
  test_syntax_errors();
  return test_report("test_engine");
}
