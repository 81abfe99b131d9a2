/* Unit tests for src/sql: the SQL classifier, table-driven. Each case gives the
** text, the expected kind, the exact set of flags, the isolation level and the
** exact table list, so a case fails on anything extra as well as anything missing. */
#include "test.h"

#include "sql/sql.h"

/* Flag letters: L locks_rows, C on_conflict, R self_relative_update, W has_where,
** M multiple_statements, H has_holes, O read_only. */
typedef struct SqlCase {
  const char *text;
  SqlKind kind;
  const char *flags;
  SqlIsolation iso;
  const char *tables; /* comma-separated, in order of appearance */
} SqlCase;

#define ISO_DEF SQL_ISO_DEFAULT

static const SqlCase cases[] = {
    /* Transaction control: spelling, case, comments, punctuation. */
    {"BEGIN", SQL_BEGIN, "", ISO_DEF, ""},
    {"begin", SQL_BEGIN, "", ISO_DEF, ""},
    {"BEGIN;", SQL_BEGIN, "", ISO_DEF, ""},
    {"  \n\tBegin Transaction ;  ", SQL_BEGIN, "", ISO_DEF, ""},
    {"BEGIN WORK", SQL_BEGIN, "", ISO_DEF, ""},
    {"-- open it\nBEGIN", SQL_BEGIN, "", ISO_DEF, ""},
    {"/* a /* nested */ comment */ begin", SQL_BEGIN, "", ISO_DEF, ""},
    {"# mysql comment\nBEGIN", SQL_BEGIN, "", ISO_DEF, ""},
    {"begin isolation level serializable", SQL_BEGIN, "", SQL_ISO_SERIALIZABLE, ""},
    {"BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE", SQL_BEGIN, "", SQL_ISO_REPEATABLE_READ, ""},
    {"BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY", SQL_BEGIN, "O", SQL_ISO_READ_COMMITTED, ""},
    {"START TRANSACTION", SQL_BEGIN, "", ISO_DEF, ""},
    {"START TRANSACTION READ ONLY", SQL_BEGIN, "O", ISO_DEF, ""},
    {"start transaction isolation level read uncommitted", SQL_BEGIN, "", SQL_ISO_READ_UNCOMMITTED, ""},
    {"BEGIN IMMEDIATE", SQL_BEGIN, "", SQL_ISO_SERIALIZABLE, ""},
    {"START SLAVE", SQL_OTHER, "", ISO_DEF, ""},
    {"COMMIT", SQL_COMMIT, "", ISO_DEF, ""},
    {"commit work;", SQL_COMMIT, "", ISO_DEF, ""},
    {"COMMIT AND CHAIN", SQL_COMMIT, "", ISO_DEF, ""},
    {"END", SQL_COMMIT, "", ISO_DEF, ""},
    {"end transaction", SQL_COMMIT, "", ISO_DEF, ""},
    {"COMMIT PREPARED 'tx1'", SQL_OTHER, "", ISO_DEF, ""},
    {"ROLLBACK", SQL_ROLLBACK, "", ISO_DEF, ""},
    {"rollback work", SQL_ROLLBACK, "", ISO_DEF, ""},
    {"ABORT", SQL_ROLLBACK, "", ISO_DEF, ""},
    {"ROLLBACK TO SAVEPOINT a", SQL_ROLLBACK_TO_SAVEPOINT, "", ISO_DEF, ""},
    {"rollback to a", SQL_ROLLBACK_TO_SAVEPOINT, "", ISO_DEF, ""},
    {"ROLLBACK WORK TO SAVEPOINT sp1", SQL_ROLLBACK_TO_SAVEPOINT, "", ISO_DEF, ""},
    {"SAVEPOINT sp1", SQL_SAVEPOINT, "", ISO_DEF, ""},
    {"RELEASE SAVEPOINT sp1", SQL_RELEASE_SAVEPOINT, "", ISO_DEF, ""},
    {"release sp1", SQL_RELEASE_SAVEPOINT, "", ISO_DEF, ""},
    {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", SQL_SET_TRANSACTION, "", SQL_ISO_SERIALIZABLE, ""},
    {"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ", SQL_SET_TRANSACTION, "",
     SQL_ISO_REPEATABLE_READ, ""},
    {"SET GLOBAL TRANSACTION READ ONLY", SQL_SET_TRANSACTION, "O", ISO_DEF, ""},
    {"SET search_path TO app", SQL_OTHER, "", ISO_DEF, ""},
    {"LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE", SQL_LOCK, "", ISO_DEF, "accounts"},
    {"LOCK TABLES a READ, b WRITE", SQL_LOCK, "", ISO_DEF, "a,b"},

    /* Look-alikes that are not transaction control. */
    {"SELECT 'begin' AS word", SQL_SELECT, "", ISO_DEF, ""},
    {"'BEGIN'", SQL_UNKNOWN, "", ISO_DEF, ""},
    {"-- BEGIN\nSELECT 1", SQL_SELECT, "", ISO_DEF, ""},
    {"DO $$ BEGIN UPDATE t SET n = n + 1; END $$", SQL_OTHER, "", ISO_DEF, ""},
    {"DO $body$ BEGIN PERFORM 1; END $body$ LANGUAGE plpgsql", SQL_OTHER, "", ISO_DEF, ""},
    {"BEGIN INSERT INTO t VALUES (1); END;", SQL_OTHER, "M", ISO_DEF, ""},
    {"BEGIN ATOMIC SELECT 1; END", SQL_OTHER, "M", ISO_DEF, ""},
    {"END IF", SQL_OTHER, "", ISO_DEF, ""},
    {"Begin the process", SQL_OTHER, "", ISO_DEF, ""},
    {"hello world", SQL_UNKNOWN, "", ISO_DEF, ""},
    {"", SQL_UNKNOWN, "", ISO_DEF, ""},
    {"  -- only a comment", SQL_UNKNOWN, "", ISO_DEF, ""},
    {";;", SQL_UNKNOWN, "", ISO_DEF, ""},
    {"CREATE TABLE t (id int)", SQL_OTHER, "", ISO_DEF, ""},

    /* Reads, row locks, tables. */
    {"SELECT * FROM users WHERE id = $1", SQL_SELECT, "W", ISO_DEF, "users"},
    {"select * from Public.\"Users\" u join orders o on o.uid = u.id", SQL_SELECT, "", ISO_DEF, "users,orders"},
    {"SELECT * FROM `shop`.`Items`, tags t WHERE t.id = 1", SQL_SELECT, "W", ISO_DEF, "items,tags"},
    {"SELECT * FROM a, a x JOIN a y ON true", SQL_SELECT, "", ISO_DEF, "a"},
    {"SELECT balance FROM accounts WHERE id = $1 FOR UPDATE", SQL_SELECT, "LW", ISO_DEF, "accounts"},
    {"SELECT * FROM jobs FOR NO KEY UPDATE SKIP LOCKED", SQL_SELECT, "L", ISO_DEF, "jobs"},
    {"SELECT * FROM jobs FOR SHARE", SQL_SELECT, "L", ISO_DEF, "jobs"},
    {"SELECT * FROM jobs FOR KEY SHARE", SQL_SELECT, "L", ISO_DEF, "jobs"},
    {"SELECT * FROM stock WHERE sku = ? LOCK IN SHARE MODE", SQL_SELECT, "LW", ISO_DEF, "stock"},
    {"SELECT substring(name FROM 2 FOR 3), extract(year from created) FROM people", SQL_SELECT, "", ISO_DEF,
     "people"},
    {"SELECT * FROM a WHERE x IS DISTINCT FROM y", SQL_SELECT, "W", ISO_DEF, "a"},
    {"SELECT * FROM generate_series(1, 10) g", SQL_SELECT, "", ISO_DEF, ""},
    {"SELECT (SELECT max(id) FROM seqs) AS m", SQL_SELECT, "", ISO_DEF, "seqs"},
    {"(SELECT id FROM a) UNION (SELECT id FROM b)", SQL_SELECT, "", ISO_DEF, "a,b"},
    {"SELECT x INTO tmp FROM src", SQL_SELECT, "", ISO_DEF, "src"},
    {"SELECT * FROM ${table} WHERE id = ${id}", SQL_SELECT, "WH", ISO_DEF, ""},
    {"SELECT * FROM ${schema}.users WHERE name = '${name}'", SQL_SELECT, "WH", ISO_DEF, "users"},
    {"${query}", SQL_UNKNOWN, "H", ISO_DEF, ""},
    {"SELECT * FROM t WHERE s = '${a ? '}' : 'x'}' FOR UPDATE", SQL_SELECT, "LWH", ISO_DEF, "t"},
    {"SELECT 'it''s' FROM q1 WHERE c = 'a\\'b' FOR UPDATE", SQL_SELECT, "LW", ISO_DEF, "q1"},
    {"select $$ from x; begin $$ from real_t", SQL_SELECT, "", ISO_DEF, "real_t"},

    /* Writes and atomic writes. */
    {"INSERT INTO orders (id, total) VALUES ($1, $2)", SQL_INSERT, "", ISO_DEF, "orders"},
    {"INSERT INTO t (k) VALUES (1) ON CONFLICT DO NOTHING", SQL_INSERT, "C", ISO_DEF, "t"},
    {"insert into t (k, n) values (1, 1) on conflict (k) do update set n = t.n + 1", SQL_INSERT, "C", ISO_DEF, "t"},
    {"INSERT INTO t (k) VALUES (1) ON DUPLICATE KEY UPDATE n = n + 1", SQL_INSERT, "C", ISO_DEF, "t"},
    {"INSERT IGNORE INTO t (k) VALUES (1)", SQL_INSERT, "C", ISO_DEF, "t"},
    {"INSERT OR REPLACE INTO kv VALUES (?, ?)", SQL_INSERT, "C", ISO_DEF, "kv"},
    {"insert or ignore into kv values (?, ?)", SQL_INSERT, "C", ISO_DEF, "kv"},
    {"REPLACE INTO kv (k, v) VALUES (?, ?)", SQL_INSERT, "C", ISO_DEF, "kv"},
    {"INSERT INTO archive SELECT * FROM live WHERE old", SQL_INSERT, "W", ISO_DEF, "archive,live"},
    {"UPDATE seq SET n = n + 1", SQL_UPDATE, "R", ISO_DEF, "seq"},
    {"UPDATE counters SET hits = hits + 1, seen = now() WHERE id = $1", SQL_UPDATE, "RW", ISO_DEF, "counters"},
    {"update stock s set qty = greatest(s.qty - $1, 0) where sku = $2", SQL_UPDATE, "RW", ISO_DEF, "stock"},
    {"UPDATE \"Accounts\" SET \"Balance\" = \"Balance\" - 10 WHERE id = 1", SQL_UPDATE, "RW", ISO_DEF, "accounts"},
    {"UPDATE accounts SET balance = $1 WHERE id = $2", SQL_UPDATE, "W", ISO_DEF, "accounts"},
    {"UPDATE t SET a = b + 1", SQL_UPDATE, "", ISO_DEF, "t"},
    {"UPDATE t SET a = 'a' || 'x'", SQL_UPDATE, "", ISO_DEF, "t"},
    {"UPDATE t SET a = 1 FROM u WHERE u.a = t.a", SQL_UPDATE, "W", ISO_DEF, "t,u"},
    {"UPDATE ONLY parent SET position = position + 1", SQL_UPDATE, "R", ISO_DEF, "parent"},
    {"DELETE FROM sessions WHERE expires < now()", SQL_DELETE, "W", ISO_DEF, "sessions"},
    {"DELETE FROM sessions", SQL_DELETE, "", ISO_DEF, "sessions"},
    {"DELETE FROM a USING b WHERE a.id = b.id", SQL_DELETE, "W", ISO_DEF, "a,b"},
    {"SELECT * FROM a JOIN b USING (id)", SQL_SELECT, "", ISO_DEF, "a,b"},
    {"SELECT a FROM t1 LEFT OUTER JOIN t2 ON x NATURAL JOIN t3", SQL_SELECT, "", ISO_DEF, "t1,t2,t3"},
    {"UPDATE jobs SET tries = tries + 1 WHERE id = $1 RETURNING tries", SQL_UPDATE, "RW", ISO_DEF, "jobs"},
    {"UPDATE t SET a = 1 WHERE id IN (SELECT id FROM u FOR UPDATE)", SQL_UPDATE, "LW", ISO_DEF, "t,u"},
    {"UPDATE ${table} SET n = ${n}", SQL_UPDATE, "H", ISO_DEF, ""},

    /* WITH. */
    {"WITH r AS (SELECT id FROM a) SELECT * FROM r", SQL_SELECT, "", ISO_DEF, "a,r"},
    {"WITH r AS (SELECT id FROM a) UPDATE b SET n = n + 1 FROM r WHERE b.id = r.id", SQL_UPDATE, "RW", ISO_DEF,
     "a,b,r"},
    {"WITH RECURSIVE r(n) AS (SELECT 1) INSERT INTO t SELECT n FROM r", SQL_INSERT, "", ISO_DEF, "t,r"},
    {"with moved as (delete from q where done returning *) select count(*) from moved", SQL_DELETE, "", ISO_DEF,
     "q,moved"},
    {"WITH x AS (SELECT 1) DELETE FROM y", SQL_DELETE, "", ISO_DEF, "y"},

    /* Scripts. */
    {"BEGIN; UPDATE a SET n = 1; COMMIT;", SQL_BEGIN, "M", ISO_DEF, "a"},
    {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; START TRANSACTION", SQL_SET_TRANSACTION, "M",
     SQL_ISO_SERIALIZABLE, ""},
    {"BEGIN; SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", SQL_BEGIN, "M", SQL_ISO_SERIALIZABLE, ""},
    {"SELECT 1; SELECT * FROM t FOR UPDATE", SQL_SELECT, "M", ISO_DEF, "t"},
    {"SELECT ';' FROM a -- ;\n", SQL_SELECT, "", ISO_DEF, "a"},

    /* Truncated or unterminated text stays quiet. */
    {"SELECT * FROM t WHERE s = 'unterminated FOR UPDATE", SQL_SELECT, "W", ISO_DEF, "t"},
    {"BEGIN /* unterminated", SQL_BEGIN, "", ISO_DEF, ""},
    {"SELECT * FROM \"unterminated", SQL_SELECT, "", ISO_DEF, "unterminated"},
    {"SELECT ${ unterminated hole FROM t", SQL_SELECT, "H", ISO_DEF, ""},
};

static bool info_has_flag(const SqlInfo *info, char flag) {
  switch (flag) {
  case 'L': return info->locks_rows;
  case 'C': return info->on_conflict;
  case 'R': return info->self_relative_update;
  case 'W': return info->has_where;
  case 'M': return info->multiple_statements;
  case 'H': return info->has_holes;
  case 'O': return info->read_only;
  default: return false;
  }
}

/* Renders the flags and tables the way the cases spell them. */
static void info_format(const SqlInfo *info, char *flags, char *tables, size_t size) {
  size_t n = 0;
  for (const char *f = "LCRWMHO"; *f; f++)
    if (info_has_flag(info, *f)) flags[n++] = *f;
  flags[n] = '\0';
  tables[0] = '\0';
  for (size_t i = 0; i < info->n_tables; i++) {
    if (i) strncat(tables, ",", size - strlen(tables) - 1);
    strncat(tables, info->tables[i], size - strlen(tables) - 1);
  }
}

static void test_cases(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const SqlCase *c = &cases[i];
    SqlInfo info;
    char flags[16], tables[300];
    sql_classify(c->text, strlen(c->text), &info);
    info_format(&info, flags, tables, sizeof tables);
    bool ok = info.kind == c->kind && strcmp(flags, c->flags) == 0 && info.isolation == c->iso &&
              strcmp(tables, c->tables) == 0;
    test_n_checks++;
    if (!ok) {
      test_n_failed++;
      fprintf(stderr, "case %zu: %s\n  got  %s [%s] iso=%d tables=%s\n  want %s [%s] iso=%d tables=%s\n", i,
              c->text, sql_kind_name(info.kind), flags, (int)info.isolation, tables, sql_kind_name(c->kind),
              c->flags, (int)c->iso, c->tables);
    }
  }
}

/* Only len bytes are read: text after them must not count. */
static void test_length_is_respected(void) {
  const char text[] = "SELECT 1; BEGIN";
  SqlInfo info;
  sql_classify(text, 8, &info);
  CHECK(info.kind == SQL_SELECT && !info.multiple_statements);
  sql_classify("BEGIN", 0, &info);
  CHECK(info.kind == SQL_UNKNOWN);
  sql_classify(NULL, 0, &info);
  CHECK(info.kind == SQL_UNKNOWN);
}

static void test_last_kind(void) {
  SqlInfo info;
  const char *script = "BEGIN; UPDATE a SET n = n + 1 WHERE id = 1; COMMIT";
  sql_classify(script, strlen(script), &info);
  CHECK(info.kind == SQL_BEGIN && info.last_kind == SQL_COMMIT);
  /* Row facts describe the first statement only. */
  CHECK(!info.self_relative_update && !info.has_where);
  sql_classify("ROLLBACK", 8, &info);
  CHECK(info.last_kind == SQL_ROLLBACK);
}

/* More distinct tables than fit: the first SQL_MAX_TABLES are kept. */
static void test_table_limit(void) {
  const char *text = "SELECT * FROM t1, t2, t3, t4, t5, t6, t7, t8, t9, t10";
  SqlInfo info;
  sql_classify(text, strlen(text), &info);
  CHECK(info.n_tables == SQL_MAX_TABLES);
  CHECK_STR(info.tables[0], "t1");
  CHECK_STR(info.tables[SQL_MAX_TABLES - 1], "t8");
}

/* Long names that overflow names_buf are dropped, never truncated. */
static void test_names_buf_limit(void) {
  char text[2048];
  size_t n = (size_t)snprintf(text, sizeof text, "SELECT * FROM ");
  for (int i = 0; i < 4; i++) {
    if (i) text[n++] = ',';
    for (int j = 0; j < 100; j++) text[n++] = (char)('a' + i);
  }
  text[n] = '\0';
  SqlInfo info;
  sql_classify(text, n, &info);
  CHECK(info.n_tables == 2);
  for (size_t i = 0; i < info.n_tables; i++) CHECK(strlen(info.tables[i]) == 100);
}

/* Deep nesting and every byte value: no crash, no read past the end. */
static void test_robustness(void) {
  static char text[20000];
  size_t n = 0;
  for (; n < 10000; n++) text[n] = '(';
  memcpy(text + n, "SELECT 1 FROM deep", 18);
  n += 18;
  SqlInfo info;
  sql_classify(text, n, &info);
  CHECK(info.kind == SQL_SELECT);
  CHECK(info.n_tables == 1);
  for (int b = 0; b < 256; b++) text[b] = (char)b;
  sql_classify(text, 256, &info);
  const char *tails[] = {"$", "$$", "$a", "'", "\"", "`", "/*", "--", "${", "E'\\", "$1"};
  for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
    sql_classify(tails[i], strlen(tails[i]), &info);
    CHECK(info.kind == SQL_UNKNOWN);
  }
}

static void test_kind_names(void) {
  CHECK_STR(sql_kind_name(SQL_BEGIN), "begin");
  CHECK_STR(sql_kind_name(SQL_ROLLBACK_TO_SAVEPOINT), "rollback to savepoint");
  CHECK_STR(sql_kind_name(SQL_OTHER), "other");
  CHECK_STR(sql_kind_name((SqlKind)999), "unknown");
}

static void test_existence_reads(void) {
  static const char *const yes[] = {
      "SELECT 1 FROM users WHERE email = $1", "select count(*) from t where a = ?",
      "SELECT COUNT(id) AS n FROM t", "SELECT EXISTS (SELECT 1 FROM t WHERE id = $1)",
      "SELECT NOT EXISTS(SELECT * FROM t) AS free", "SELECT count(*) total, 1 FROM t", "select true",
  };
  static const char *const no[] = {
      "SELECT * FROM t", "SELECT id FROM t WHERE email = $1", "SELECT count(*) + balance FROM t",
      "SELECT max(seq) FROM t", "SELECT 1, name FROM t", "UPDATE t SET a = 1", "", "SELECT",
      "SELECT count", "SELECT EXISTS",
  };
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) CHECK(sql_select_existence(yes[i], strlen(yes[i])));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++) CHECK(!sql_select_existence(no[i], strlen(no[i])));
  CHECK(!sql_select_existence(NULL, 0));
}

static void test_schema_change(void) {
  static const char *const yes[] = {"ALTER TABLE bookmark ADD COLUMN has_content BOOLEAN DEFAULT FALSE NOT NULL",
                                    "CREATE INDEX a_email ON a (email); DROP TABLE old;",
                                    "-- step 3\nCREATE OR REPLACE VIEW v AS SELECT 1", "RENAME TABLE a TO b",
                                    "CREATE TABLE temp (id int)"};
  static const char *const no[] = {"CREATE TEMP TABLE scratch (id int)", "CREATE TEMPORARY TABLE s AS SELECT 1",
                                   "ALTER TABLE a ADD COLUMN n int; UPDATE a SET n = 0", "UPDATE a SET n = 0",
                                   "", "  ;  ", "ALTER TABLE ${t} ADD COLUMN n int", "TRUNCATE a"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) CHECK(sql_schema_change(yes[i], strlen(yes[i])));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++) CHECK(!sql_schema_change(no[i], strlen(no[i])));
  CHECK(!sql_schema_change(NULL, 0));
}

static void test_advisory_locks(void) {
  const char *pg = "SELECT pg_advisory_xact_lock($1)", *my = "SELECT GET_LOCK('seq', 10)", *no = "SELECT 'pg_advisory_lock'";
  CHECK(sql_takes_advisory_lock(pg, strlen(pg)) && sql_takes_advisory_lock(my, strlen(my)));
  CHECK(!sql_takes_advisory_lock(no, strlen(no)) && !sql_takes_advisory_lock(NULL, 0));
}

static void test_sqlite_write_lock(void) {
  SqlInfo info;
  const char *imm = "BEGIN IMMEDIATE", *def = "BEGIN DEFERRED TRANSACTION";
  sql_classify(imm, strlen(imm), &info);
  CHECK(info.kind == SQL_BEGIN && info.isolation == SQL_ISO_SERIALIZABLE);
  sql_classify(def, strlen(def), &info);
  CHECK(info.kind == SQL_BEGIN && info.isolation == SQL_ISO_DEFAULT);
}

static void test_set_param_columns(void) {
  SqlName cols[4];
  const char *u = "UPDATE gauges SET status = $2, \"checked_by\" = coalesce($3, 0), done = true, g.n = n + ? WHERE id = $1";
  size_t n = sql_set_param_columns(u, strlen(u), cols, 4);
  CHECK(n == 3);
  CHECK(n >= 3 && cols[0].len == 6 && strncmp(cols[0].ptr, "status", 6) == 0);
  CHECK(n >= 3 && cols[1].len == 10 && strncmp(cols[1].ptr, "checked_by", 10) == 0);
  CHECK(n >= 3 && cols[2].len == 1 && cols[2].ptr[0] == 'n');
  const char *c = "UPDATE t SET a = 1 WHERE id = $1";
  CHECK(sql_set_param_columns(c, strlen(c), cols, 4) == 0);
  const char *ins = "INSERT INTO t (a) VALUES ($1)";
  CHECK(sql_set_param_columns(ins, strlen(ins), cols, 4) == 0);
  const char *tail = "UPDATE t SET a = $1";
  CHECK(sql_set_param_columns(tail, strlen(tail), cols, 1) == 1);
}

static void test_value_params(void) {
  uint64_t m = 0;
  const char *u = "UPDATE t SET a = $2, b = $3 WHERE id = $1 RETURNING $4";
  CHECK(sql_value_params(u, strlen(u), &m) && m == 0x6);
  const char *ins = "INSERT INTO t (a, b) VALUES (?, ?)";
  CHECK(sql_value_params(ins, strlen(ins), &m) && m == 0x3);
  const char *sel = "SELECT * FROM t WHERE id = $1";
  CHECK(!sql_value_params(sel, strlen(sel), &m));
}

int main(void) {
  test_cases();
  test_existence_reads();
  test_value_params();
  test_set_param_columns();
  test_sqlite_write_lock();
  test_advisory_locks();
  test_schema_change();
  test_length_is_respected();
  test_last_kind();
  test_table_limit();
  test_names_buf_limit();
  test_robustness();
  test_kind_names();
  return test_report("sql");
}
