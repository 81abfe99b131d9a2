/* test_models: the API models under rules/ load, answer the lookups the
** engine makes, and a malformed model file is a clean error naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/apispec.h"
#include "engine/engine.h"
#include "rules/registry.h"
#include "test.h"

static const char *write_tmp(const char *name, const char *text) {
  static char path[256];
  snprintf(path, sizeof path, "/tmp/txlint_test_models_%d_%s", (int)getpid(), name);
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  fputs(text, f);
  fclose(f);
  return path;
}

static void test_bundled_models(void) {
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(apispec_load_dir(&spec, "rules", err, sizeof err));
  CHECK_STR(err, "");
  int pg = apispec_find_module(&spec, "pg", NULL);
  const ApiModule *mod = NULL;
  int pgpool = apispec_find_module(&spec, "pg-pool", &mod);
  int my2p = apispec_find_module(&spec, "mysql2/promise", NULL);
  int my = apispec_find_module(&spec, "mysql", NULL);
  CHECK(pg >= 0 && pg == pgpool && my2p >= 0 && my >= 0 && my != my2p);
  CHECK(mod && mod->value_class && strcmp(mod->value_class, "Pool") == 0);
  CHECK(apispec_find_module(&spec, "./db", NULL) < 0);
  CHECK(apispec_class_kind(&spec, pg, "Pool") == AK_POOL);
  CHECK(apispec_class_kind(&spec, pg, "Client") == AK_CONNECTION);
  CHECK(apispec_type_kind(&spec, pg, "PoolClient") == AK_CLIENT);
  CHECK(apispec_type_kind(&spec, my2p, "PoolConnection") == AK_CLIENT);
  const ApiCall *c = apispec_find_call(&spec, pg, AK_POOL, "connect");
  CHECK(c && c->effect == AE_ACQUIRE && c->result == AK_CLIENT && c->has_callback && c->cb_release == 2);
  c = apispec_find_call(&spec, pg, AK_CLIENT, "release");
  CHECK(c && c->effect == AE_RELEASE && c->discards_tx_with_arg && !c->discards_tx);
  c = apispec_find_call(&spec, pg, AK_POOL, "query");
  CHECK(c && c->effect == AE_QUERY && c->sql_arg == 0);
  CHECK(apispec_find_call(&spec, pg, AK_CLIENT, "connect") == NULL);
  c = apispec_find_call(&spec, my2p, AK_MODULE, "createPool");
  CHECK(c && c->effect == AE_CREATE && c->result == AK_POOL);
  c = apispec_find_call(&spec, my, AK_CONNECTION, "beginTransaction");
  CHECK(c && c->effect == AE_BEGIN);
  CHECK(apispec_is_query_method(&spec, "execute"));
  CHECK(!apispec_is_query_method(&spec, "connect"));
  for (uint32_t i = 0; i < spec.libs.len; i++)
    for (uint32_t j = 0; j < spec.libs.items[i].calls.len; j++) CHECK(spec.libs.items[i].calls.items[j].doc != NULL);
  apispec_fini(&spec);
}

static void expect_error(const char *name, const char *text, const char *needle) {
  const char *path = write_tmp(name, text);
  CHECK(path != NULL);
  if (!path) return;
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  bool ok = apispec_load_file(&spec, path, err, sizeof err);
  CHECK(!ok);
  CHECK(strstr(err, path) != NULL);
  if (!strstr(err, needle)) fprintf(stderr, "error was: %s (wanted %s)\n", err, needle);
  CHECK(strstr(err, needle) != NULL);
  CHECK(spec.libs.len == 0);
  apispec_fini(&spec);
  remove(path);
}

static void test_malformed(void) {
  expect_error("syntax.json", "{ \"library\": \"x\", ", "malformed JSON");
  expect_error("nodoc.json",
               "{\"library\":\"x\",\"language\":\"js\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],"
               "\"calls\":[{\"receiver\":\"pool\",\"method\":\"q\",\"effect\":\"query\"}]}",
               "missing string \"doc\"");
  expect_error("effect.json",
               "{\"library\":\"x\",\"language\":\"js\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],"
               "\"calls\":[{\"receiver\":\"pool\",\"method\":\"q\",\"effect\":\"explode\",\"doc\":\"d\"}]}",
               "unknown effect");
  expect_error("kind.json",
               "{\"library\":\"x\",\"language\":\"js\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],"
               "\"calls\":[{\"receiver\":\"bucket\",\"method\":\"q\",\"effect\":\"none\",\"doc\":\"d\"}]}",
               "unknown kind");
  expect_error("array.json", "[1, 2]", "top level must be an object");
  char err[256] = "";
  ApiSpec spec;
  apispec_init(&spec);
  CHECK(!apispec_load_file(&spec, "/nonexistent/model.json", err, sizeof err));
  CHECK(strstr(err, "/nonexistent/model.json") != NULL);
  apispec_fini(&spec);
}

/* The C models: functions by name, their subject argument, out-parameters,
** statuses, NULL-safe releases, "when" conditions and name prefixes. */
static void test_c_models(void) {
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(apispec_load_dir(&spec, "rules", err, sizeof err));
  int pq = apispec_find_module(&spec, "libpq-fe.h", NULL), lite = apispec_find_module(&spec, "sqlite3.h", NULL);
  int my = apispec_find_module(&spec, "mysql.h", NULL);
  CHECK(pq >= 0 && lite >= 0 && my >= 0 && my == apispec_find_module(&spec, "mariadb_stmt.h", NULL));
  CHECK(apispec_lib_for_function(&spec, "PQexec") == pq && apispec_lib_for_function(&spec, "PQnotAFunction") < 0);
  CHECK(apispec_lib_for_function(&spec, "sqlite3_open_v2") == lite && apispec_lib_for_function(&spec, "mysql_init") == my);
  CHECK(apispec_find_call(&spec, pq, AK_CONNECTION, "PQexec") == NULL); /* functions are not methods */
  const ApiCall *c = apispec_find_function(&spec, pq, "PQconnectdb");
  CHECK(c && c->is_function && c->effect == AE_ACQUIRE && c->result == AK_CONNECTION && c->failure == AF_MUST_RELEASE);
  c = apispec_find_function(&spec, pq, "PQfinish");
  CHECK(c && c->effect == AE_RELEASE && c->subject_arg == 0 && c->null_ok && c->discards_tx);
  c = apispec_find_function(&spec, pq, "PQexec");
  CHECK(c && c->effect == AE_ACQUIRE && c->result == AK_RESULT && c->runs_sql && c->sql_arg == 1 && c->subject_arg == 0);
  c = apispec_find_function(&spec, pq, "PQresultStatus");
  CHECK(c && c->effect == AE_STATUS && c->n_success == 1 && c->success[0] == 1);
  c = apispec_find_function(&spec, lite, "sqlite3_prepare_v2");
  CHECK(c && c->out_arg == 3 && c->failure == AF_STATUS && c->n_success == 1 && c->success[0] == 0 &&
        !c->acquired_on_failure);
  c = apispec_find_function(&spec, lite, "sqlite3_exec");
  CHECK(c && c->out_arg == 4 && c->acquired_on_failure && c->runs_sql && c->result == AK_MEMORY);
  c = apispec_find_function(&spec, my, "mysql_stmt_close");
  CHECK(c && c->effect == AE_RELEASE && !c->null_ok);
  c = apispec_find_function(&spec, my, "mysql_init");
  CHECK(c && c->out_arg == 0 && c->out_or_result);
  c = apispec_find_function(&spec, my, "mysql_autocommit");
  CHECK(c && c->effect == AE_BEGIN && c->when_arg == 1 && !c->when_truthy);
  c = apispec_next_function(&spec, my, c);
  CHECK(c && c->effect == AE_COMMIT && c->when_arg == 1 && c->when_truthy);
  CHECK(apispec_next_function(&spec, my, c) == NULL);
  for (uint32_t i = 0; i < spec.libs.len; i++)
    for (uint32_t j = 0; j < spec.libs.items[i].calls.len; j++) {
      const ApiCall *k = &spec.libs.items[i].calls.items[j];
      CHECK(k->doc != NULL && (!k->is_function || k->effect != AE_RELEASE || k->subject_arg >= 0));
    }
  apispec_fini(&spec);
}

static void test_c_malformed(void) {
  static const char head[] = "{\"library\":\"x\",\"language\":\"c\",\"doc\":\"d\","
                             "\"modules\":[{\"specifier\":\"x.h\",\"doc\":\"d\"}],\"functions\":[";
  char text[512];
  snprintf(text, sizeof text, "%s{\"function\":\"x_free\",\"effect\":\"release\",\"arg\":0,\"doc\":\"d\"}]}", head);
  expect_error("nullok.json", text, "null_ok");
  snprintf(text, sizeof text, "%s{\"function\":\"x_q\",\"effect\":\"query\",\"arg\":0,\"doc\":\"d\"}]}", head);
  expect_error("sqlarg.json", text, "sql_arg");
  snprintf(text, sizeof text,
           "%s{\"function\":\"x_open\",\"effect\":\"acquire\",\"result\":\"connection\",\"doc\":\"d\"}]}", head);
  expect_error("failure.json", text, "failure");
  snprintf(text, sizeof text,
           "%s{\"function\":\"x_p\",\"effect\":\"acquire\",\"result\":\"stmt\",\"failure\":\"status\","
           "\"out_arg\":1,\"doc\":\"d\"}]}",
           head);
  expect_error("success.json", text, "success");
  snprintf(text, sizeof text, "%s{\"function\":\"x_c\",\"effect\":\"commit\",\"doc\":\"d\"}]}", head);
  expect_error("arg.json", text, "needs \"arg\"");
}

/* The Go test models: goexit calls, require's "unless" guards, and modules
** kept out of the prefilter's list while still resolving. */
static void test_goexit_models(void) {
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(apispec_load_dir(&spec, "rules", err, sizeof err));
  const ApiModule *mod = NULL;
  int testing = apispec_find_module(&spec, "testing", &mod);
  int req = apispec_find_module(&spec, "github.com/stretchr/testify/require", NULL);
  CHECK(testing >= 0 && req >= 0 && mod && strcmp(mod->specifier, "testing") == 0);
  CHECK(testing >= 0 && spec.libs.items[testing].modules.len == 0 && spec.libs.items[testing].quiet_modules.len == 1);
  CHECK(apispec_type_kind(&spec, testing, "TB") == AK_TEST);
  const ApiCall *c = apispec_find_call(&spec, testing, AK_TEST, "FailNow");
  CHECK(c && c->effect == AE_GOEXIT && c->guard_arg < 0);
  CHECK(apispec_find_call(&spec, testing, AK_TEST, "Errorf") == NULL); /* reports and returns */
  c = apispec_find_call(&spec, req, AK_MODULE, "Error");
  CHECK(c && c->effect == AE_GOEXIT && c->guard_arg == 1 && c->guard_truthy);
  c = apispec_find_call(&spec, req, AK_MODULE, "NoError");
  CHECK(c && c->guard_arg == 1 && !c->guard_truthy);
  CHECK(apispec_has_effect(&spec, AE_GOEXIT, "Skipf") && !apispec_has_effect(&spec, AE_GOEXIT, "Log"));
  /* Several entries of one method: the receiver kind picks (database/sql Query on a pool and on a tx). */
  int sql = apispec_find_module(&spec, "database/sql", NULL);
  const ApiCall *qp = apispec_find_call(&spec, sql, AK_POOL, "Query"), *qt = apispec_find_call(&spec, sql, AK_TX, "Query");
  CHECK(qp && qt && qp != qt && qt->ends_with_receiver && !qp->ends_with_receiver);
  apispec_fini(&spec);
  expect_error("unless.json",
               "{\"library\":\"x\",\"language\":\"go\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],"
               "\"calls\":[{\"receiver\":\"module\",\"method\":\"E\",\"effect\":\"goexit\",\"doc\":\"d\","
               "\"unless\":{\"arg\":1,\"is\":\"maybe\"}}]}",
               "unknown \"is\"");
  expect_error("unless_effect.json",
               "{\"library\":\"x\",\"language\":\"go\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],"
               "\"calls\":[{\"receiver\":\"pool\",\"method\":\"E\",\"effect\":\"none\",\"doc\":\"d\","
               "\"unless\":{\"arg\":1,\"is\":\"nil\"}}]}",
               "on a \"goexit\" call");
  expect_error("prefilter.json",
               "{\"library\":\"x\",\"language\":\"go\",\"doc\":\"d\",\"prefilter\":\"no\","
               "\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],\"calls\":[]}",
               "\"prefilter\" must be true or false");
}

/* The Go ORM models: GORM v1 and v2 chains and the Error field, bun, ent's
** generated types by package suffix, pgx batches; and the keys' checks. */
static void test_go_orm_models(void) {
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(apispec_load_dir(&spec, "rules", err, sizeof err));
  int v1 = apispec_find_module(&spec, "github.com/jinzhu/gorm", NULL), v2 = apispec_find_module(&spec, "gorm.io/gorm", NULL);
  int bun = apispec_find_module(&spec, "github.com/uptrace/bun", NULL), ent = apispec_find_module(&spec, "entgo.io/ent", NULL);
  int pgx = apispec_find_module(&spec, "github.com/jackc/pgx/v5", NULL);
  CHECK(v1 >= 0 && v2 >= 0 && v1 != v2 && bun >= 0 && ent >= 0 && pgx >= 0);
  const ApiCall *c = apispec_find_call(&spec, v1, AK_POOL, "Begin");
  CHECK(c && c->effect == AE_ACQUIRE && c->result == AK_TX && c->error_field && strcmp(c->error_field, "Error") == 0);
  c = apispec_find_call(&spec, v2, AK_TX, "WithContext");
  CHECK(c && c->effect == AE_NONE && c->returns_receiver && c->result == AK_UNKNOWN);
  c = apispec_find_call(&spec, v1, AK_TX, "Rows");
  CHECK(c && c->result == AK_ROWS && c->ends_with_receiver && apispec_find_call(&spec, v1, AK_POOL, "Rows") != c);
  c = apispec_find_call(&spec, bun, AK_POOL, "RunInTx");
  CHECK(c && c->managed && apispec_type_kind(&spec, bun, "IDB") == AK_POOL && apispec_type_kind(&spec, bun, "Tx") == AK_TX);
  /* ent: named by the project package's import path, never through an import. */
  int lib = -1;
  CHECK(apispec_generated_type_kind(&spec, "example.com/shop/ent", "Tx", &lib) == AK_TX && lib == ent);
  CHECK(apispec_generated_type_kind(&spec, "example.com/shop/internal/ent", "Client", NULL) == AK_POOL);
  CHECK(apispec_generated_type_kind(&spec, "ent", "Client", NULL) == AK_POOL);
  CHECK(apispec_generated_type_kind(&spec, "example.com/parent", "Client", NULL) == AK_UNKNOWN);
  CHECK(apispec_generated_type_kind(&spec, "example.com/shop/ent", "OrderClient", NULL) == AK_UNKNOWN);
  CHECK(apispec_type_kind(&spec, ent, "Tx") == AK_UNKNOWN);
  c = apispec_find_call(&spec, ent, AK_TX, "Client");
  CHECK(c && c->returns_receiver && c->result == AK_POOL);
  CHECK(apispec_type_kind_in(&spec, pgx, "github.com/jackc/pgx/v5", "BatchResults") == AK_BATCH);
  c = apispec_find_call(&spec, pgx, AK_TX, "SendBatch");
  CHECK(c && c->effect == AE_ACQUIRE && c->result == AK_BATCH && apispec_find_call(&spec, pgx, AK_BATCH, "Close"));
  c = apispec_find_call(&spec, pgx, AK_CLIENT, "Hijack");
  CHECK(c && c->returns_receiver && c->result == AK_CONNECTION);
  CHECK(strcmp(apikind_name(AK_BATCH), "batch") == 0);
  apispec_fini(&spec);
  static const char head[] = "{\"library\":\"x\",\"language\":\"go\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],";
  char text[512];
  snprintf(text, sizeof text, "%s\"calls\":[{\"receiver\":\"pool\",\"method\":\"W\",\"effect\":\"release\","
           "\"returns_receiver\":true,\"doc\":\"d\"}]}", head);
  expect_error("returns_receiver.json", text, "\"returns_receiver\" is for effect \"none\"");
  snprintf(text, sizeof text, "%s\"calls\":[{\"receiver\":\"pool\",\"method\":\"W\",\"effect\":\"none\","
           "\"error_field\":\"Error\",\"doc\":\"d\"}]}", head);
  expect_error("error_field.json", text, "\"error_field\" is for effect \"acquire\"");
  snprintf(text, sizeof text, "%s\"types\":[{\"name\":\"Tx\",\"kind\":\"tx\",\"path_suffix\":\"ent\",\"doc\":\"d\"}],"
           "\"calls\":[]}", head);
  expect_error("path_suffix.json", text, "\"path_suffix\"");
}

static void test_engine_load(void) {
  EngineOptions opts = {0};
  Engine *e = engine_new(&opts);
  char err[512] = "";
  CHECK(engine_load_models(e, "rules", err, sizeof err));
  const char *path = write_tmp("bad.json", "{ nope");
  CHECK(!engine_load_model_file(e, path, err, sizeof err));
  CHECK(strstr(err, path) != NULL);
  CHECK(!engine_load_models(e, "/nonexistent-dir", err, sizeof err));
  remove(path);
  engine_delete(e);
  engine_delete(NULL);
}

#define MODEL_HEAD "{\"library\":\"x\",\"language\":\"js\",\"doc\":\"d\",\"modules\":[{\"specifier\":\"x\",\"doc\":\"d\"}],"

static bool arg_is_notification(const void *ud, int i, const char *str) {
  (void)ud;
  return i == 0 && strcmp(str, "notification") == 0;
}

/* The JS format extensions: values, "()" calls, factories, managed and
** awaited callbacks, "when", "throws", globals, properties, sql_key, the
** test-hook effects, and the catalogs of unmodelled libraries. */
static void test_js_format(void) {
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(apispec_load_dir(&spec, "rules", err, sizeof err));
  CHECK_STR(err, "");
  int vercel = apispec_find_module(&spec, "@vercel/postgres", NULL), porsager = apispec_find_module(&spec, "postgres", NULL);
  int pgp = apispec_find_module(&spec, "pg-promise", NULL), knex = apispec_find_module(&spec, "knex", NULL);
  int typeorm = apispec_find_module(&spec, "typeorm", NULL), my2 = apispec_find_module(&spec, "mysql2/promise", NULL);
  int pg = apispec_find_module(&spec, "pg", NULL);
  CHECK(vercel >= 0 && porsager >= 0 && pgp >= 0 && knex >= 0 && typeorm >= 0);
  CHECK(apispec_value_kind(&spec, vercel, "sql") == AK_POOL && apispec_value_kind(&spec, vercel, "createPool") == AK_UNKNOWN);
  const ApiCall *c = apispec_find_call(&spec, porsager, AK_POOL, "()");
  CHECK(c && c->effect == AE_QUERY && c->sql_arg == 0);
  c = apispec_find_call(&spec, pgp, AK_MODULE, "()");
  CHECK(c && c->effect == AE_CREATE && c->result == AK_CLASS && c->result_creates == AK_POOL);
  CHECK(apispec_class_callable(&spec, knex, "knex") && !apispec_class_callable(&spec, typeorm, "DataSource"));
  c = apispec_find_call(&spec, knex, AK_POOL, "transaction");
  CHECK(c && c->effect == AE_ACQUIRE && c->result == AK_TX && c->cb_managed && c->cb_arg == 0);
  c = apispec_find_call(&spec, my2, AK_POOL, "getConnection");
  CHECK(c && c->cb_awaited_promise && c->cb_resource == 1);
  CHECK(apispec_find_call(&spec, pg, AK_CLIENT, "on") == NULL); /* 'error' handlers are not modelled */
  c = apispec_find_call_when(&spec, pg, AK_CLIENT, NULL, "on", arg_is_notification, NULL);
  CHECK(c && c->effect == AE_KEEP && c->when_arg == 0 && strcmp(c->when_is, "notification") == 0);
  c = apispec_find_call(&spec, pg, AK_POOL, "query");
  CHECK(c && c->sql_key && strcmp(c->sql_key, "text") == 0);
  CHECK(apispec_find_property(&spec, typeorm, AK_CONNECTION, "isTransactionActive") == AS_TX_OPEN);
  CHECK(apispec_find_property(&spec, typeorm, AK_POOL, "isTransactionActive") == AS_NONE);
  int console = apispec_find_global(&spec, "console"), hooks = apispec_find_global(&spec, "beforeAll");
  CHECK(console >= 0 && hooks >= 0 && apispec_find_global(&spec, "window") < 0);
  c = apispec_find_call(&spec, console, AK_MODULE, "error");
  CHECK(c && c->no_throw);
  c = apispec_find_call(&spec, hooks, AK_MODULE, "beforeEach");
  CHECK(c && c->effect == AE_TEST_SETUP && strcmp(c->pair, "afterEach") == 0);
  CHECK(apispec_unmodelled_library(&spec, "kysely") && apispec_unmodelled_library(&spec, "mongodb/lib/x"));
  CHECK(!apispec_unmodelled_library(&spec, "kyselyx") && !apispec_unmodelled_library(&spec, "@prisma/client") && !apispec_unmodelled_library(&spec, "pg"));
  CHECK(apispec_unmodelled_library(&spec, "github.com/go-xorm/xorm/core") != NULL && !apispec_unmodelled_library(&spec, "github.com/uptrace/bun"));
  /* entry-points.json: a cobra command's Run runs once; its Use is no function, nor another type's Run. */
  CHECK(apispec_entry_point_member(&spec, "*github.com/spf13/cobra.Command", "Run"));
  CHECK(apispec_entry_point_member(&spec, "github.com/urfave/cli/v2.App", "Action"));
  CHECK(!apispec_entry_point_member(&spec, "github.com/spf13/cobra.Command", "Use"));
  CHECK(!apispec_entry_point_member(&spec, "example.com/app.Command", "Run"));
  apispec_fini(&spec);
  expect_error("factory.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"()\",\"effect\":\"create\","
               "\"result\":\"class\",\"doc\":\"d\"}]}", "\"creates\" kind");
  expect_error("managed.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"pool\",\"method\":\"t\",\"effect\":\"acquire\","
               "\"result\":\"tx\",\"doc\":\"d\",\"callback\":{\"arg\":0,\"resource\":0,\"managed\":true}}]}",
               "hands no resource");
  expect_error("when.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"client\",\"method\":\"on\",\"effect\":\"keep\","
               "\"doc\":\"d\",\"when\":{\"is\":\"notification\"}}]}", "argument index");
  expect_error("pair.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"b\",\"effect\":\"test-setup\","
               "\"doc\":\"d\"}]}", "\"pair\"");
  expect_error("means.json", MODEL_HEAD "\"properties\":[{\"receiver\":\"client\",\"name\":\"x\",\"means\":\"gone\","
               "\"doc\":\"d\"}],\"calls\":[]}", "unknown \"means\"");
  expect_error("callable.json", MODEL_HEAD "\"types\":[{\"name\":\"T\",\"kind\":\"pool\",\"callable\":true,"
               "\"doc\":\"d\"}],\"calls\":[]}", "are for classes");
  expect_error("catalog.json", "{\"catalog\":\"database-libraries\",\"language\":\"js\",\"doc\":\"d\","
               "\"libraries\":[{\"name\":\"X\",\"doc\":\"d\"}]}", "\"specifiers\"");
  expect_error("entry.json", "{\"catalog\":\"entry-points\",\"language\":\"go\",\"doc\":\"d\","
               "\"types\":[{\"type\":\"a.B\",\"doc\":\"d\",\"members\":[]}]}", "\"members\"");
}

/* Section - Connection security: sinks, carriers, redactors and the catalogs */

static bool sink_arg_stderr(void *ud, const ApiSink *s) {
  (void)ud;
  return s->n_when_paths && strcmp(s->when_paths[0], "os.Stderr") == 0;
}

static void test_security_models(void) {
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(apispec_load_dir(&spec, "rules", err, sizeof err));
  CHECK_STR(err, "");
  int console = apispec_find_global(&spec, "console"), errors = apispec_find_global(&spec, "Error");
  int pino = apispec_find_module(&spec, "pino", NULL), fmt = apispec_find_module(&spec, "fmt", NULL);
  int nurl = apispec_find_module(&spec, "net/url", NULL), http = apispec_find_module(&spec, "net/http", NULL);
  CHECK(console >= 0 && errors >= 0 && errors != apispec_find_global(&spec, "Proxy") && pino >= 0 && fmt >= 0);
  const ApiCall *c = apispec_find_call(&spec, console, AK_MODULE, "log");
  CHECK(c && c->sec.n_sinks == 1 && c->sec.sinks[0].kind == SINK_LOG && c->no_throw);
  CHECK(apisec_call_sink(c, NULL, NULL) != NULL);
  c = apispec_find_call(&spec, console, AK_MODULE, "time");
  CHECK(c && c->sec.n_sinks == 0 && c->sec.carries == APISEC_CARRIES_NONE);
  c = apispec_find_call(&spec, errors, AK_MODULE, "()");
  CHECK(c && c->sec.sinks && c->sec.sinks[0].kind == SINK_ERROR && c->no_throw);
  c = apispec_find_call(&spec, pino, AK_MODULE, "()");
  CHECK(c && c->effect == AE_CREATE && c->result == AK_LOGGER);
  c = apispec_find_call(&spec, pino, AK_LOGGER, "info");
  CHECK(c && c->sec.n_sinks == 1 && apispec_find_call(&spec, pino, AK_POOL, "info") == NULL);
  c = apispec_find_call(&spec, fmt, AK_MODULE, "Sprintf");
  CHECK(c && c->sec.carries == APISEC_CARRIES_RESULT && !c->sec.n_sinks);
  c = apispec_find_call(&spec, fmt, AK_MODULE, "Fprintf");
  CHECK(c && c->sec.n_sinks == 2 && c->sec.sinks[0].from == 1 && c->sec.sinks[0].when_arg == 0);
  CHECK(c && c->sec.sinks[1].kind == SINK_RESPONSE && c->sec.sinks[1].when_kind == AK_RESPONSE);
  const ApiSink *sk = apisec_call_sink(c, sink_arg_stderr, NULL);
  CHECK(sk && sk->kind == SINK_LOG);
  CHECK(apisec_call_sink(c, NULL, NULL) == NULL); /* every Fprintf sink has a condition */
  CHECK(apispec_type_kind(&spec, http, "ResponseWriter") == AK_RESPONSE);
  c = apispec_find_call(&spec, nurl, AK_MODULE, "Parse");
  CHECK(c && c->sec.carries == APISEC_CARRIES_RESULT);
  int libc = -1;
  for (uint32_t i = 0; i < spec.libs.len; i++)
    if (strcmp(spec.libs.items[i].name, "libc-output") == 0) libc = (int)i;
  c = apispec_find_function(&spec, libc, "snprintf");
  CHECK(c && c->sec.carries == 0);
  const ApiSecurity *js = apisec_catalog(&spec, APISEC_JS), *go = apisec_catalog(&spec, APISEC_GO);
  const ApiSecurity *cc = apisec_catalog(&spec, APISEC_C);
  CHECK(js->loaded && go->loaded && cc->loaded);
  CHECK(js->tls.len >= 2 && strcmp(js->tls.items[0].key, "rejectUnauthorized") == 0 && !js->tls.items[0].bool_value);
  CHECK(apisec_list_has(js->password_keys.items, js->password_keys.len, "password"));
  CHECK(apisec_list_has(js->connection_keys.items, js->connection_keys.len, "connectionString"));
  CHECK(apisec_list_has(js->schemes.items, js->schemes.len, "postgres"));
  CHECK(js->production.len && strcmp(js->production.items[0].env, "NODE_ENV") == 0);
  bool weak = false, verify = false;
  for (uint32_t i = 0; i < go->tls.len; i++) {
    const ApiTlsSetting *t = &go->tls.items[i];
    weak |= t->weak && t->param && strcmp(t->param, "sslmode") == 0 && apisec_list_has(t->values, t->n_values, "prefer");
    verify |= !t->weak && t->key && strcmp(t->key, "InsecureSkipVerify") == 0 && t->bool_value;
  }
  CHECK(weak && verify);
  CHECK(go->registrations.len == 1 && go->registrations.items[0].config_arg == 1);
  CHECK(apisec_list_has(go->file_drivers.items, go->file_drivers.len, "sqlite3"));
  CHECK(go->env_functions.len && strcmp(go->env_functions.items[0].function, "Getenv") == 0);
  bool redacts = false;
  for (uint32_t i = 0; i < go->methods.len; i++) redacts |= go->methods.items[i].redacts;
  CHECK(redacts);
  CHECK(cc->password_args.len == 2 && cc->password_args.items[0].arg == 3);
  CHECK(!apisec_catalog(&spec, APISEC_N_LANGS)->loaded);
  apispec_fini(&spec);
}

#define SEC_HEAD "{\"catalog\":\"connection-security\",\"language\":\"js\",\"doc\":\"d\","

static void test_security_malformed(void) {
  expect_error("sink.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"log\",\"effect\":\"none\","
               "\"doc\":\"d\",\"sink\":\"stdout\"}]}", "unknown sink \"stdout\"");
  expect_error("sinkwhen.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"f\",\"effect\":\"none\","
               "\"doc\":\"d\",\"sink\":{\"kind\":\"log\",\"when\":{\"arg\":0}}}]}", "either \"path\" or \"kind\"");
  expect_error("sinkkind.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"f\",\"effect\":\"none\","
               "\"doc\":\"d\",\"sink\":{\"kind\":\"log\",\"when\":{\"arg\":0,\"kind\":\"socket\"}}}]}", "unknown kind \"socket\"");
  expect_error("carries.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"f\",\"effect\":\"none\","
               "\"doc\":\"d\",\"carries\":\"receiver\"}]}", "\"carries\" must be");
  expect_error("redacts.json", MODEL_HEAD "\"calls\":[{\"receiver\":\"module\",\"method\":\"f\",\"effect\":\"none\","
               "\"doc\":\"d\",\"carries\":\"result\",\"redacts\":true}]}", "does not also");
  expect_error("seclang.json", "{\"catalog\":\"connection-security\",\"language\":\"rust\",\"doc\":\"d\"}",
               "unknown \"language\"");
  expect_error("sectls.json", SEC_HEAD "\"tls_off\":[{\"key\":\"k\",\"param\":\"p\",\"is\":false,\"doc\":\"d\"}]}",
               "either a \"key\"");
  expect_error("sectlsis.json", SEC_HEAD "\"tls_off\":[{\"key\":\"k\",\"is\":\"no\",\"doc\":\"d\"}]}", "true or false");
  expect_error("secweak.json", SEC_HEAD "\"tls_weak\":[{\"key\":\"k\",\"is\":false,\"doc\":\"d\"}]}",
               "connection-string parameters");
  expect_error("secdoc.json", SEC_HEAD "\"password_keys\":[{\"key\":\"password\"}]}", "missing string \"doc\"");
  expect_error("secmethod.json", SEC_HEAD "\"methods\":[{\"method\":\"m\",\"doc\":\"d\"}]}", "either \"carries\"");
  expect_error("secarg.json", SEC_HEAD "\"password_args\":[{\"function\":\"f\",\"doc\":\"d\"}]}", "\"arg\"");
  /* A catalog that fails leaves the language's catalog as it was. */
  const char *path = write_tmp("secpartial.json", SEC_HEAD "\"password_keys\":[{\"key\":\"pw\",\"doc\":\"d\"}],"
                                                   "\"schemes\":[{\"doc\":\"d\"}]}");
  ApiSpec spec;
  apispec_init(&spec);
  char err[512] = "";
  CHECK(path && !apispec_load_file(&spec, path, err, sizeof err));
  CHECK(!apisec_catalog(&spec, APISEC_JS)->loaded && apisec_catalog(&spec, APISEC_JS)->password_keys.len == 0);
  apispec_fini(&spec);
  if (path) remove(path);
}

int main(void) {
  test_bundled_models();
  test_c_models();
  test_c_malformed();
  test_malformed();
  test_js_format();
  test_goexit_models();
  test_go_orm_models();
  test_engine_load();
  test_security_models();
  test_security_malformed();
  return test_report("test_models");
}
