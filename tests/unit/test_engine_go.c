/* test_engine_go: Go snippets → front end → engine → the expected findings.
** Each case is one file of package p (imports prepended); "//@" marks the
** line a finding must be on, when it matters. Valid/invalid pairs in the
** ESLint style, plus same-package linking across files and determinism. */
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "frontend/frontend.h"
#include "test.h"

static const char prelude[] = "package p\n"
                              "import (\n"
                              "\t\"context\"\n"
                              "\t\"database/sql\"\n"
                              "\t\"os\"\n"
                              "\t\"github.com/jackc/pgx/v5\"\n"
                              "\t\"github.com/jackc/pgx/v5/pgxpool\"\n"
                              "\t\"github.com/jmoiron/sqlx\"\n"
                              "\t\"gorm.io/gorm\"\n"
                              ")\n"
                              "var _ = context.Background\n"
                              "var _ = os.Exit\n";

typedef struct GoRun {
  Engine *engine;
  FrontEnd *fe;
  FindingList out;
} GoRun;

static void gorun_init(GoRun *r) {
  EngineOptions opts = {0};
  r->engine = engine_new(&opts);
  char err[512] = "";
  if (!engine_load_models(r->engine, "rules", err, sizeof err)) fprintf(stderr, "models: %s\n", err);
  CHECK(err[0] == '\0');
  r->fe = fe_new();
  finding_list_init(&r->out);
}

static void gorun_fini(GoRun *r) {
  finding_list_fini(&r->out);
  fe_delete(r->fe);
  engine_delete(r->engine);
}

/* Lowers n files (prelude + body each) and analyses them as one package. */
static void gorun_files(GoRun *r, const char *const *names, const char *const *bodies, uint32_t n) {
  FileCtx fxs[4];
  FileCtx *fxp[4];
  const IrModule *mods[4];
  FindingList *outs[4];
  ModuleSummary *sums[4];
  CHECK(n <= 4);
  for (uint32_t i = 0; i < n && i < 4; i++) {
    fx_init(&fxs[i], names[i], names[i]);
    bool own = strncmp(bodies[i], "package ", 8) == 0; /* a body with its own package clause */
    char *src = arena_printf(fxs[i].arena, "%s%s", own ? "" : prelude, bodies[i]);
    fxs[i].src = src;
    fxs[i].src_len = strlen(src);
    fxp[i] = &fxs[i];
    mods[i] = fe_lower_file(r->fe, &fxs[i], IR_LANG_GO);
    CHECK(mods[i] != NULL);
    outs[i] = &r->out;
  }
  engine_analyze_package(r->engine, NULL, NULL, mods, fxp, outs, n, sums, NULL);
  for (uint32_t i = 0; i < n && i < 4; i++) {
    module_summary_delete(sums[i]);
    fx_fini(&fxs[i]);
  }
}

/* The 1-based line of the "//@" marker in body, counted after the prelude; 0 if none. */
static unsigned marker_line(const char *body) {
  const char *at = strstr(body, "//@");
  if (!at) return 0;
  unsigned line = 1;
  for (const char *p = prelude; *p; p++) line += *p == '\n';
  for (const char *p = body; p < at; p++) line += *p == '\n';
  return line;
}

static int count_rule(const GoRun *r, const char *rule, unsigned line) {
  int n = 0;
  for (uint32_t i = 0; i < r->out.items.len; i++) {
    const Finding *f = r->out.items.items[i];
    if (strcmp(f->rule_id, rule) == 0 && (!line || f->loc.line == line)) n++;
  }
  return n;
}

static void dump(const GoRun *r) {
  for (uint32_t i = 0; i < r->out.items.len; i++) {
    const Finding *f = r->out.items.items[i];
    fprintf(stderr, "  %s:%u:%u [%s] %s\n", f->path, f->loc.line, f->loc.col, f->rule_id, f->message);
  }
}

/* One file: want findings of rule (on the marked line, when marked), and no
** findings of any other rule unless others_ok. */
static void expect(const char *name, const char *body, const char *rule, int want) {
  GoRun r;
  gorun_init(&r);
  const char *names[] = {"p/a.go"};
  gorun_files(&r, names, &body, 1);
  int got = count_rule(&r, rule, marker_line(body));
  int total = (int)r.out.items.len;
  if (got != want || total != want) {
    fprintf(stderr, "%s: %s: got %d (of %d findings), want %d\n", name, rule, got, total, want);
    dump(&r);
  }
  CHECK(got == want && total == want);
  gorun_fini(&r);
}

#define AWR "acquire-without-release"
#define BWR "begin-without-rollback"
#define TOP "transaction-on-pool"

static void test_rows(void) {
  expect("rows never closed",
         "func f(db *sql.DB) error {\n"
         "\trows, err := db.Query(\"SELECT 1\") //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\t_ = rows\n\treturn nil\n}\n",
         AWR, 1);
  expect("defer rows.Close, err edge acquired nothing",
         "func f(db *sql.DB) error {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer rows.Close()\n"
         "\tfor rows.Next() {\n\t}\n\treturn rows.Err()\n}\n",
         AWR, 0);
  expect("nil edge acquired nothing",
         "func f(db *sql.DB) {\n"
         "\trows, _ := db.Query(\"SELECT 1\")\n"
         "\tif rows == nil {\n\t\treturn\n\t}\n"
         "\trows.Close()\n}\n",
         AWR, 0);
  expect("closed on some paths only",
         "func f(db *sql.DB, quick bool) error {\n"
         "\trows, err := db.Query(\"SELECT 1\") //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tif quick {\n\t\treturn nil\n\t}\n"
         "\treturn rows.Close()\n}\n",
         AWR, 1);
  expect("completed iteration closes the rows",
         "func f(db *sql.DB) (n int, err error) {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn 0, err\n\t}\n"
         "\tfor rows.Next() {\n\t\tn++\n\t}\n"
         "\treturn n, rows.Err()\n}\n",
         AWR, 0);
  expect("return from inside the Next loop",
         "func f(db *sql.DB) (int, error) {\n"
         "\trows, err := db.Query(\"SELECT 1\") //@\n"
         "\tif err != nil {\n\t\treturn 0, err\n\t}\n"
         "\tfor rows.Next() {\n\t\tvar v int\n"
         "\t\tif err := rows.Scan(&v); err != nil {\n\t\t\treturn 0, err\n\t\t}\n"
         "\t}\n\treturn 1, nil\n}\n",
         AWR, 1);
  expect("a later err != nil says nothing about the rows",
         "func f(db *sql.DB) error {\n"
         "\trows, err := db.Query(\"SELECT 1\") //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\t_, err = db.Exec(\"DELETE FROM t\")\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\treturn rows.Close()\n}\n",
         AWR, 1);
  expect("deferred closure closes the rows",
         "func f(db *sql.DB) error {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer func() { _ = rows.Close() }()\n"
         "\tif !rows.Next() {\n\t\treturn nil\n\t}\n\treturn nil\n}\n",
         AWR, 0);
  expect("rows reassigned after defer rows.Close(): the second leaks",
         "func f(db *sql.DB) error {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer rows.Close()\n"
         "\trows, err = db.Query(\"SELECT 2\") //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\treturn nil\n}\n",
         AWR, 1);
  expect("dropped result of Query",
         "func f(db *sql.DB) error {\n"
         "\t_, err := db.Query(\"DELETE FROM t\") //@\n"
         "\treturn err\n}\n",
         AWR, 1);
  expect("rows returned to the caller",
         "func f(db *sql.DB) (*sql.Rows, error) {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn nil, err\n\t}\n"
         "\treturn rows, nil\n}\n",
         AWR, 0);
  expect("stored in a struct field, a map, a slice and a channel",
         "type S struct{ r *sql.Rows }\n"
         "func f(db *sql.DB, s *S, m map[string]*sql.Rows, ch chan *sql.Rows, xs []*sql.Rows) {\n"
         "\ta, _ := db.Query(\"SELECT 1\")\n\ts.r = a\n"
         "\tb, _ := db.Query(\"SELECT 1\")\n\tm[\"k\"] = b\n"
         "\tc, _ := db.Query(\"SELECT 1\")\n\tch <- c\n"
         "\td, _ := db.Query(\"SELECT 1\")\n\txs = append(xs, d)\n\t_ = xs\n}\n",
         AWR, 0);
  expect("QueryRow never scanned",
         "func f(db *sql.DB) {\n"
         "\trow := db.QueryRow(\"SELECT 1\") //@\n"
         "\t_ = row\n}\n",
         AWR, 1);
  expect("QueryRow(...).Scan releases",
         "func f(db *sql.DB) (n int, err error) {\n"
         "\terr = db.QueryRow(\"SELECT 1\").Scan(&n)\n"
         "\treturn n, err\n}\n",
         AWR, 0);
}

static void test_helpers_and_exits(void) {
  expect("closed by a same-package helper",
         "func closeRows(r *sql.Rows) { _ = r.Close() }\n"
         "func f(db *sql.DB) {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn\n\t}\n"
         "\tdefer closeRows(rows)\n}\n",
         AWR, 0);
  expect("borrowed by a helper that only reads",
         "func cols(r *sql.Rows) []string { c, _ := r.Columns(); return c }\n"
         "func f(db *sql.DB) []string {\n"
         "\trows, err := db.Query(\"SELECT 1\") //@\n"
         "\tif err != nil {\n\t\treturn nil\n\t}\n"
         "\treturn cols(rows)\n}\n",
         AWR, 1);
  expect("os.Exit is not a leaking exit",
         "func f(db *sql.DB) {\n"
         "\trows, err := db.Query(\"SELECT 1\")\n"
         "\tif err != nil {\n\t\treturn\n\t}\n"
         "\tif !rows.Next() {\n\t\tos.Exit(1)\n\t}\n"
         "\trows.Close()\n}\n",
         AWR, 0);
  expect("panic leaves with the rows open",
         "func f(db *sql.DB, strict bool) {\n"
         "\trows, err := db.Query(\"SELECT 1\") //@\n"
         "\tif err != nil {\n\t\treturn\n\t}\n"
         "\tif strict {\n\t\tpanic(\"strict\")\n\t}\n"
         "\trows.Close()\n}\n",
         AWR, 1);
  expect("db.Conn leak",
         "func f(ctx context.Context, db *sql.DB) error {\n"
         "\tconn, err := db.Conn(ctx) //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\t_, err = conn.ExecContext(ctx, \"SET x = 1\")\n\treturn err\n}\n",
         AWR, 1);
  expect("pgx pool Acquire released by defer",
         "func f(ctx context.Context, pool *pgxpool.Pool) error {\n"
         "\tc, err := pool.Acquire(ctx)\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer c.Release()\n"
         "\t_, err = c.Exec(ctx, \"SELECT 1\")\n\treturn err\n}\n",
         AWR, 0);
  expect("pgx.Connect never closed",
         "func f(ctx context.Context) error {\n"
         "\tc, err := pgx.Connect(ctx, \"postgres://\") //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\t_, err = c.Exec(ctx, \"SELECT 1\")\n\treturn err\n}\n",
         AWR, 1);
}

static void test_tx(void) {
  expect("defer Rollback + return Commit",
         "func f(ctx context.Context, db *sql.DB) error {\n"
         "\ttx, err := db.BeginTx(ctx, nil)\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer tx.Rollback()\n"
         "\tif _, err := tx.Exec(\"UPDATE t SET x = 1\"); err != nil {\n\t\treturn err\n\t}\n"
         "\treturn tx.Commit()\n}\n",
         BWR, 0);
  expect("early return after BeginTx, reported once and not as a leak",
         "func f(ctx context.Context, db *sql.DB) error {\n"
         "\ttx, err := db.BeginTx(ctx, nil) //@\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tif _, err := tx.Exec(\"UPDATE t SET x = 1\"); err != nil {\n\t\treturn err\n\t}\n"
         "\treturn tx.Commit()\n}\n",
         BWR, 1);
  expect("continue in a loop that begins a tx per item",
         "func f(db *sql.DB, ids []int) {\n"
         "\tfor _, id := range ids {\n"
         "\t\ttx, err := db.Begin() //@\n"
         "\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n"
         "\t\tif _, err := tx.Exec(\"DELETE FROM t WHERE id = $1\", id); err != nil {\n\t\t\tcontinue\n\t\t}\n"
         "\t\t_ = tx.Commit()\n\t}\n}\n",
         BWR, 1);
  expect("rollback on the error path, commit otherwise",
         "func f(db *sql.DB) error {\n"
         "\ttx, err := db.Begin()\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tif _, err := tx.Exec(\"UPDATE t SET x = 1\"); err != nil {\n\t\t_ = tx.Rollback()\n\t\treturn err\n\t}\n"
         "\treturn tx.Commit()\n}\n",
         BWR, 0);
  expect("a helper that rolls back its parameter",
         "func finish(tx *sql.Tx, err error) error {\n"
         "\tif err != nil {\n\t\t_ = tx.Rollback()\n\t\treturn err\n\t}\n\treturn tx.Commit()\n}\n"
         "func f(db *sql.DB) error {\n"
         "\ttx, err := db.Begin()\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\t_, err = tx.Exec(\"UPDATE t SET x = 1\")\n\treturn finish(tx, err)\n}\n",
         BWR, 0);
  expect("statement prepared on a Tx is closed by the deferred Rollback",
         "func f(db *sql.DB) error {\n"
         "\ttx, err := db.Begin()\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer tx.Rollback()\n"
         "\tst, err := tx.Prepare(\"INSERT INTO t VALUES ($1)\")\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\t_, _ = st.Exec(1)\n\treturn tx.Commit()\n}\n",
         AWR, 0);
  expect("pgx tx with deferred Rollback(ctx)",
         "func f(ctx context.Context, pool *pgxpool.Pool) error {\n"
         "\ttx, err := pool.Begin(ctx)\n"
         "\tif err != nil {\n\t\treturn err\n\t}\n"
         "\tdefer tx.Rollback(ctx)\n"
         "\tif _, err := tx.Exec(ctx, \"UPDATE t SET x = 1\"); err != nil {\n\t\treturn err\n\t}\n"
         "\treturn tx.Commit(ctx)\n}\n",
         BWR, 0);
  expect("GORM Begin without rollback on the error path",
         "func f(db *gorm.DB) error {\n"
         "\ttx := db.Begin() //@\n"
         "\tif err := tx.Exec(\"UPDATE t SET x = 1\").Error; err != nil {\n\t\treturn err\n\t}\n"
         "\treturn tx.Commit().Error\n}\n",
         BWR, 1);
  expect("GORM managed transaction",
         "func f(db *gorm.DB) error {\n"
         "\treturn db.Transaction(func(tx *gorm.DB) error {\n"
         "\t\treturn tx.Exec(\"UPDATE t SET x = 1\").Error\n\t})\n}\n",
         BWR, 0);
  expect("pgx.BeginFunc managed transaction",
         "func f(ctx context.Context, c *pgx.Conn) error {\n"
         "\treturn pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {\n"
         "\t\t_, err := tx.Exec(ctx, \"UPDATE t SET x = 1\")\n\t\treturn err\n\t})\n}\n",
         BWR, 0);
  expect("BEGIN on a *sql.Conn whose failed BEGIN began nothing",
         "func f(ctx context.Context, conn *sql.Conn) error {\n"
         "\tif _, err := conn.ExecContext(ctx, \"BEGIN\"); err != nil {\n\t\treturn err\n\t}\n"
         "\tif _, err := conn.ExecContext(ctx, \"UPDATE t SET x = 1\"); err != nil {\n"
         "\t\t_, _ = conn.ExecContext(ctx, \"ROLLBACK\")\n\t\treturn err\n\t}\n"
         "\t_, err := conn.ExecContext(ctx, \"COMMIT\")\n\treturn err\n}\n",
         BWR, 0);
}

static void test_pool(void) {
  expect("Exec(\"BEGIN\") on *sql.DB",
         "func f(db *sql.DB) {\n"
         "\t_, _ = db.Exec(\"BEGIN\") //@\n"
         "\t_, _ = db.Exec(\"UPDATE t SET x = 1\")\n\t_, _ = db.Exec(\"COMMIT\")\n}\n",
         TOP, 1);
  expect("ExecContext(ctx, \"BEGIN\") on *sqlx.DB from sqlx.Connect",
         "func f(ctx context.Context) {\n"
         "\tdb := sqlx.MustConnect(\"postgres\", \"\")\n"
         "\t_, _ = db.ExecContext(ctx, \"BEGIN\") //@\n}\n",
         TOP, 1);
  expect("pgxpool Exec BEGIN through a struct field",
         "type Store struct{ pool *pgxpool.Pool }\n"
         "func (s *Store) f(ctx context.Context) {\n"
         "\t_, _ = s.pool.Exec(ctx, \"BEGIN\") //@\n}\n",
         TOP, 1);
  expect("BEGIN on a Tx is quiet",
         "func f(tx *sql.Tx) {\n\t_, _ = tx.Exec(\"BEGIN\")\n}\n", TOP, 0);
  expect("pool created by sql.Open, never by the name",
         "func f() {\n"
         "\tpool, _ := sql.Open(\"postgres\", \"\")\n"
         "\t_, _ = pool.Exec(\"BEGIN\") //@\n"
         "\tvar db struct{ Exec func(string) }\n\tdb.Exec(\"BEGIN\")\n}\n",
         TOP, 1);
}

/* Struct field types and helpers declared in another file of the package. */
static void test_package_link(void) {
  const char *names[] = {"p/a.go", "p/b.go"};
  const char *bodies[] = {
      "func (s *Store) List() error {\n"
      "\trows, err := s.db.Query(\"SELECT 1\")\n"
      "\tif err != nil {\n\t\treturn err\n\t}\n"
      "\tdefer drain(rows)\n\treturn nil\n}\n"
      "func (s *Store) Leak() {\n\trows, _ := s.db.Query(\"SELECT 1\")\n\t_ = rows\n}\n",
      "type Store struct {\n\tdb *sql.DB\n}\n"
      "func drain(r *sql.Rows) { r.Close() }\n",
  };
  for (int order = 0; order < 2; order++) {
    GoRun r;
    gorun_init(&r);
    const char *n2[] = {names[order], names[1 - order]};
    const char *b2[] = {bodies[order], bodies[1 - order]};
    gorun_files(&r, n2, b2, 2);
    int got = count_rule(&r, AWR, 0);
    if (got != 1) dump(&r);
    CHECK(got == 1);
    CHECK(r.out.items.len == 1 && strcmp(r.out.items.items[0]->function, "(*Store).Leak") == 0);
    gorun_fini(&r);
  }
  /* A different package clause in the same directory does not see Store. */
  GoRun r;
  gorun_init(&r);
  const char *b3[] = {bodies[0], "package q\nimport \"database/sql\"\ntype Store struct {\n\tdb *sql.DB\n}\n"
                                 "func drain(r *sql.Rows) { r.Close() }\n"};
  gorun_files(&r, names, b3, 2);
  CHECK(count_rule(&r, AWR, 0) == 0);
  gorun_fini(&r);
}

int main(void) {
  test_rows();
  test_helpers_and_exits();
  test_tx();
  test_pool();
  test_package_link();
  return test_report("test_engine_go");
}
