/* sql: the SQL classifier shared by every language. It reads the text of one
** statement (or a script of several) the way a linter needs: what kind of
** statement it is, which transaction-control verb it is, which tables it
** reads and writes, and whether it locks rows or is atomic by itself. It is
** not a parser: it skips comments and quoted text and looks at keywords. */
#ifndef TXLINT_SQL_SQL_H
#define TXLINT_SQL_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum SqlKind {
  SQL_UNKNOWN,   /* empty, unrecognised, or text built at run time */
  SQL_SELECT,
  SQL_INSERT,
  SQL_UPDATE,
  SQL_DELETE,
  SQL_BEGIN,     /* BEGIN, BEGIN TRANSACTION/WORK, START TRANSACTION, BEGIN ISOLATION LEVEL … */
  SQL_COMMIT,    /* COMMIT, END, COMMIT WORK/TRANSACTION */
  SQL_ROLLBACK,  /* ROLLBACK, ABORT (whole transaction; not ROLLBACK TO SAVEPOINT) */
  SQL_SAVEPOINT, /* SAVEPOINT x */
  SQL_ROLLBACK_TO_SAVEPOINT, /* ROLLBACK TO [SAVEPOINT] x */
  SQL_RELEASE_SAVEPOINT,     /* RELEASE [SAVEPOINT] x */
  SQL_SET_TRANSACTION,       /* SET TRANSACTION … / SET SESSION CHARACTERISTICS … */
  SQL_LOCK,      /* LOCK TABLE … */
  SQL_OTHER,     /* DDL, CALL, WITH … that is none of the above, etc. */
} SqlKind;

typedef enum SqlIsolation {
  SQL_ISO_DEFAULT,
  SQL_ISO_READ_UNCOMMITTED,
  SQL_ISO_READ_COMMITTED,
  SQL_ISO_REPEATABLE_READ,
  SQL_ISO_SERIALIZABLE,
} SqlIsolation;

enum { SQL_MAX_TABLES = 8 };

typedef struct SqlInfo {
  SqlKind kind;             /* of the first statement */
  SqlIsolation isolation;   /* BEGIN/START TRANSACTION/SET TRANSACTION … ISOLATION LEVEL */
  bool locks_rows;          /* SELECT … FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / LOCK IN SHARE MODE */
  bool on_conflict;         /* INSERT … ON CONFLICT / ON DUPLICATE KEY UPDATE / INSERT IGNORE / REPLACE */
  bool self_relative_update; /* UPDATE t SET n = n + 1 (the new value computed from the old in SQL) */
  bool has_where;           /* UPDATE/DELETE … WHERE */
  bool multiple_statements; /* more than one statement (a script); kind is the first one's */
  bool has_holes;           /* the text had template holes (${…}) or was partly unknown */
  bool read_only;           /* BEGIN/START/SET TRANSACTION … READ ONLY */
  SqlKind last_kind;        /* kind of the last statement (== kind unless multiple_statements) */
  const char *tables[SQL_MAX_TABLES]; /* lower-cased table names, owned by the caller's buffer */
  size_t n_tables;
  char names_buf[256];      /* storage for tables[] */
  bool on_conflict_updates; /* on_conflict that stores the values over the row there: ON DUPLICATE KEY
                               UPDATE, REPLACE (not IGNORE; ON CONFLICT … DO UPDATE is not told apart) */
} SqlInfo;

/* Classifies text[0..len). Never fails: unknown text gives SQL_UNKNOWN. Template
** holes written as ${…} are treated as opaque identifiers.
** In a script, kind and the row facts (locks_rows, on_conflict,
** self_relative_update, has_where) describe the first statement; tables[]
** collects every statement's tables; isolation and read_only come from the
** first statement that sets them. Table names drop their schema ("public.Users"
** and "\"users\"" both give "users"). */
void sql_classify(const char *text, size_t len, SqlInfo *out);
/* The parameters of an INSERT or UPDATE that are values it writes (INSERT:
** all; UPDATE: those in its SET clause, not WHERE or RETURNING), as bits of
** 0-based indexes ($1 is bit 0; each ? counts in order). Returns false (*out
** unaltered) for other statements and for named parameters. */
bool sql_value_params(const char *text, size_t len, uint64_t *out);
/* A name in the SQL text: ptr/len borrow the text given. */
typedef struct SqlName {
  const char *ptr;
  size_t len;
} SqlName;

/* The columns an UPDATE's SET list assigns from a parameter (`SET status = $2,
** n = n + ?` gives status and n; `SET done = true` none), up to max of them
** into out, in order. Returns how many; 0 for other statements. */
size_t sql_set_param_columns(const char *text, size_t len, SqlName *out, size_t max);
/* The column list of an INSERT (`INSERT INTO t (a, b) VALUES …` gives a and
** b), up to max of them into out, in order. Returns how many; 0 for other
** statements, an INSERT without a list, or a list longer than max (a partial
** list would say the insert sets fewer columns than it does). */
size_t sql_insert_columns(const char *text, size_t len, SqlName *out, size_t max);

/* The columns a SELECT's WHERE clause compares with `=` at its top level
** (`WHERE team_id = $1 AND lower(email) = $2 AND u.active = true` gives
** team_id and active), up to max into out. Returns how many; 0 for other
** statements or a SELECT without such a comparison. */
size_t sql_where_eq_columns(const char *text, size_t len, SqlName *out, size_t max);

/* Section - Schema scripts (sql_ddl.c) */

enum { SQL_KEY_MAX_COLS = 8 };

typedef enum SqlKeyKind {
  SQL_KEY_UNIQUE,           /* UNIQUE (column or table constraint), CREATE UNIQUE INDEX (partial too) */
  SQL_KEY_PRIMARY,          /* PRIMARY KEY */
  SQL_KEY_GENERATED_COLUMN, /* not a key: cols[0] is a column whose value the database generates
                               (SERIAL, AUTO_INCREMENT, IDENTITY, SQLite INTEGER PRIMARY KEY, a
                               generated default); a primary key of it alone guards nothing a
                               request checks */
} SqlKeyKind;

/* A key a schema script declares; names borrow the text (quotes excluded,
** case as written, the table's schema dropped). */
typedef struct SqlKey {
  SqlKeyKind kind;
  SqlName table;
  SqlName cols[SQL_KEY_MAX_COLS];
  size_t n_cols;
} SqlKey;

typedef void (*SqlKeyFn)(const SqlKey *key, void *ud);

/* Calls fn for every unique key (and generated column) that text's CREATE
** TABLE, CREATE UNIQUE INDEX and ALTER TABLE … ADD statements declare, in
** order. A key over an expression (`lower(email)`) or wider than
** SQL_KEY_MAX_COLS is left out. Returns the number of keys (generated
** columns not counted). Never fails: other or unreadable text gives none. */
size_t sql_unique_keys(const char *text, size_t len, SqlKeyFn fn, void *ud);

/* True when every statement of text changes the schema (CREATE, ALTER, DROP,
** RENAME, COMMENT ON; a CREATE TEMP[ORARY] TABLE does not) and there is at
** least one: a migration step's DDL. False for text with template holes. */
bool sql_schema_change(const char *text, size_t len);

/* True when the text calls a function that takes an advisory lock
** (PostgreSQL pg_advisory_lock / pg_advisory_xact_lock / their try_ forms,
** MySQL GET_LOCK): what the code does next runs alone for that key. */
bool sql_takes_advisory_lock(const char *text, size_t len);
/* True when a SELECT's result can only say whether rows exist or how many:
** every item of its select list is COUNT(…), EXISTS (…), NOT EXISTS (…) or a
** constant (`SELECT 1 FROM t WHERE …`, `SELECT COUNT(*) AS n FROM t`). A
** branch on such a read tests existence, not a value of the row. */
bool sql_select_existence(const char *text, size_t len);
/* Kind name for messages and tests ("begin", "commit", …). */
const char *sql_kind_name(SqlKind kind);

#endif
