/* sql_ddl: the unique keys a schema script declares (sql.h,
** sql_unique_keys). It walks the statements of a migration or schema dump
** with the classifier's lexer and looks at three of them only: CREATE TABLE
** (column and table constraints), CREATE UNIQUE INDEX and ALTER TABLE … ADD.
** Everything else, and anything it does not understand, is skipped up to the
** next semicolon: a dump is full of dialect it need not read. It also says
** whether a text is a schema change and nothing else (sql_schema_change). */
#include "sql/sql.h"

#include <string.h>

#include "sql/sql_lex.h"

/* Bounds a statement's parenthesised nesting: deeper text is skipped. */
enum { DDL_MAX_DEPTH = 64 };

typedef struct Ddl {
  SqlLexer lx;
  SqlTok t;
  SqlKeyFn fn;
  void *ud;
  size_t n_keys;
} Ddl;

static void next(Ddl *d) { sql_lexer_next(&d->lx, &d->t); }

static bool at_end(const Ddl *d) { return d->t.kind == SQL_TK_EOF || d->t.kind == SQL_TK_SEMI; }

/* True when token t is the word w (lower case), ignoring case. */
static bool word_is(const SqlTok *t, const char *w) {
  size_t n = strlen(w);
  if (t->kind != SQL_TK_WORD || t->len != n) return false;
  for (size_t i = 0; i < n; i++) {
    char c = t->ptr[i] >= 'A' && t->ptr[i] <= 'Z' ? (char)(t->ptr[i] + 32) : t->ptr[i];
    if (c != w[i]) return false;
  }
  return true;
}

static bool is_name(const SqlTok *t) { return t->kind == SQL_TK_WORD || t->kind == SQL_TK_QUOTED; }

/* Skips to the end of the statement (the semicolon stays current). */
static void skip_statement(Ddl *d) {
  while (!at_end(d)) next(d);
}

/* Skips a parenthesised group whose '(' is current; the token after it becomes current. */
static void skip_group(Ddl *d) {
  int depth = 0;
  do {
    if (d->t.kind == SQL_TK_LPAREN) depth++;
    if (d->t.kind == SQL_TK_RPAREN) depth--;
    next(d);
  } while (depth > 0 && !at_end(d));
}

/* Reads a possibly qualified name (`public.users`, `"app"."Users"`): the last
** part goes to *out, as the classifier drops schemas. False when none is current. */
static bool read_qualified(Ddl *d, SqlName *out) {
  if (!is_name(&d->t)) return false;
  *out = (SqlName){d->t.ptr, d->t.len};
  for (next(d); d->t.kind == SQL_TK_DOT; next(d)) {
    next(d);
    if (!is_name(&d->t)) return false;
    *out = (SqlName){d->t.ptr, d->t.len};
  }
  return true;
}

/* Skips the words `IF NOT EXISTS` / `IF EXISTS` / `ONLY` / `CONCURRENTLY` where current. */
static void skip_modifiers(Ddl *d) {
  while (word_is(&d->t, "if") || word_is(&d->t, "not") || word_is(&d->t, "exists") || word_is(&d->t, "only") ||
         word_is(&d->t, "concurrently"))
    next(d);
}

/* Reads a key's column list, its '(' current: plain columns, with ASC/DESC,
** COLLATE or a MySQL prefix length (`email(191)`). An expression (`lower(email)`)
** makes the list unknown (false): which column it guards is not plain. */
static bool read_key_columns(Ddl *d, SqlKey *key) {
  key->n_cols = 0;
  if (d->t.kind != SQL_TK_LPAREN) return false;
  bool ok = true, item_start = true;
  for (next(d); !at_end(d) && d->t.kind != SQL_TK_RPAREN; next(d)) {
    if (d->t.kind == SQL_TK_COMMA) {
      item_start = true;
      continue;
    }
    if (d->t.kind == SQL_TK_LPAREN) { /* a prefix length, or an expression's arguments */
      next(d);
      if (d->t.kind != SQL_TK_NUMBER) ok = false;
      while (!at_end(d) && d->t.kind != SQL_TK_RPAREN) next(d);
      continue;
    }
    if (!item_start) continue;
    item_start = false;
    if (!is_name(&d->t)) ok = false;
    else if (key->n_cols < SQL_KEY_MAX_COLS) key->cols[key->n_cols++] = (SqlName){d->t.ptr, d->t.len};
    else ok = false; /* wider than we keep: never read as a narrower key */
  }
  if (d->t.kind == SQL_TK_RPAREN) next(d);
  return ok && key->n_cols > 0;
}

static void emit(Ddl *d, const SqlKey *key) {
  if (key->kind != SQL_KEY_GENERATED_COLUMN) d->n_keys++;
  if (d->fn) d->fn(key, d->ud);
}

/* After UNIQUE or PRIMARY: skips `KEY`, `INDEX`, an index name, `NULLS NOT
** DISTINCT`, `USING BTREE`, up to the column list, then reads and reports it. */
static void read_constraint_key(Ddl *d, SqlName table, bool primary) {
  SqlKey key = {primary ? SQL_KEY_PRIMARY : SQL_KEY_UNIQUE, table, {{0}}, 0};
  while (!at_end(d) && d->t.kind != SQL_TK_LPAREN && d->t.kind != SQL_TK_COMMA && d->t.kind != SQL_TK_RPAREN)
    next(d);
  if (read_key_columns(d, &key)) emit(d, &key);
}

/* A column definition (`id SERIAL PRIMARY KEY`, `email TEXT NOT NULL UNIQUE`),
** its name current: reports a one-column key, and whether the column's value
** is generated (a serial, AUTO_INCREMENT, an identity, SQLite's INTEGER
** PRIMARY KEY, a generated default), which makes it guard nothing else. */
static void read_column(Ddl *d, SqlName table) {
  SqlKey key = {SQL_KEY_UNIQUE, table, {{d->t.ptr, d->t.len}}, 1};
  bool unique = false, primary = false, integer = false, first = true, generated = false;
  int depth = 0;
  for (next(d); !at_end(d) && depth >= 0; next(d)) {
    if (d->t.kind == SQL_TK_LPAREN && ++depth > DDL_MAX_DEPTH) return;
    if (d->t.kind == SQL_TK_RPAREN) depth--;
    if (depth < 0 || (depth == 0 && d->t.kind == SQL_TK_COMMA)) break;
    if (depth > 0 || d->t.kind != SQL_TK_WORD) {
      first = false;
      continue;
    }
    if (first) integer = word_is(&d->t, "integer");
    first = false;
    if (word_is(&d->t, "unique")) unique = true;
    if (word_is(&d->t, "primary")) primary = true;
    static const char *const generated_words[] = {"serial",   "bigserial", "smallserial", "serial4",         "serial8",
                                            "serial2",  "identity",  "auto_increment", "autoincrement", "nextval",
                                            "gen_random_uuid", "uuid_generate_v4", "uuid_generate_v1", "newid"};
    for (size_t i = 0; i < sizeof generated_words / sizeof *generated_words; i++)
      if (word_is(&d->t, generated_words[i])) generated = true;
  }
  if (primary && integer) generated = true; /* SQLite: an alias of the rowid */
  if (generated) { /* said apart from any key: a later PRIMARY KEY (id) names the column */
    key.kind = SQL_KEY_GENERATED_COLUMN;
    emit(d, &key);
  }
  if (unique || primary) {
    key.kind = primary ? SQL_KEY_PRIMARY : SQL_KEY_UNIQUE;
    emit(d, &key);
  }
}

/* One item of a CREATE TABLE body or an ALTER TABLE ADD, its first token
** current; leaves the comma or ')' after it current. */
static void read_table_item(Ddl *d, SqlName table) {
  if (word_is(&d->t, "constraint")) {
    next(d);
    if (is_name(&d->t)) next(d);
  }
  if (word_is(&d->t, "unique")) {
    next(d);
    read_constraint_key(d, table, false);
  } else if (word_is(&d->t, "primary")) {
    next(d);
    read_constraint_key(d, table, true);
  } else if (word_is(&d->t, "key") || word_is(&d->t, "index") || word_is(&d->t, "foreign") ||
             word_is(&d->t, "check") || word_is(&d->t, "exclude") || word_is(&d->t, "fulltext") ||
             word_is(&d->t, "spatial") || word_is(&d->t, "like")) {
    /* not a unique key */
  } else if (is_name(&d->t)) {
    read_column(d, table);
  }
  while (!at_end(d) && d->t.kind != SQL_TK_COMMA && d->t.kind != SQL_TK_RPAREN) {
    if (d->t.kind == SQL_TK_LPAREN) skip_group(d);
    else next(d);
  }
}

/* CREATE TABLE name ( items ), after TABLE. */
static void read_create_table(Ddl *d) {
  SqlName table;
  skip_modifiers(d);
  if (!read_qualified(d, &table) || d->t.kind != SQL_TK_LPAREN) return;
  next(d);
  while (!at_end(d) && d->t.kind != SQL_TK_RPAREN) {
    read_table_item(d, table);
    if (d->t.kind == SQL_TK_COMMA) next(d);
  }
}

/* CREATE UNIQUE INDEX [name] ON table [USING m] (cols) [WHERE …], after INDEX.
** A partial index still fails the second insert of a row it covers. */
static void read_unique_index(Ddl *d) {
  while (!at_end(d) && !(d->t.kind == SQL_TK_WORD && d->t.kw == SQL_KW_ON)) next(d);
  if (at_end(d)) return;
  next(d);
  skip_modifiers(d);
  SqlKey key = {SQL_KEY_UNIQUE, {NULL, 0}, {{0}}, 0};
  if (!read_qualified(d, &key.table)) return;
  if (d->t.kind == SQL_TK_WORD && d->t.kw == SQL_KW_USING) {
    next(d);
    next(d);
  }
  if (read_key_columns(d, &key)) emit(d, &key);
}

/* ALTER TABLE name ADD …, ADD …, after TABLE. */
static void read_alter_table(Ddl *d) {
  SqlName table;
  skip_modifiers(d);
  if (!read_qualified(d, &table)) return;
  while (!at_end(d)) {
    if (!word_is(&d->t, "add")) {
      if (d->t.kind == SQL_TK_LPAREN) skip_group(d);
      else next(d);
      continue;
    }
    next(d);
    if (word_is(&d->t, "column")) next(d);
    skip_modifiers(d);
    read_table_item(d, table);
  }
}

/* One statement, its first token current. */
static void read_statement(Ddl *d) {
  if (word_is(&d->t, "create")) {
    next(d);
    if (word_is(&d->t, "or")) { /* OR REPLACE */
      next(d);
      next(d);
    }
    while (word_is(&d->t, "temp") || word_is(&d->t, "temporary") || word_is(&d->t, "unlogged") ||
           word_is(&d->t, "global") || word_is(&d->t, "local"))
      next(d);
    if (d->t.kind == SQL_TK_WORD && d->t.kw == SQL_KW_TABLE) {
      next(d);
      read_create_table(d);
    } else if (word_is(&d->t, "unique")) {
      next(d);
      if (word_is(&d->t, "index")) {
        next(d);
        read_unique_index(d);
      }
    }
  } else if (word_is(&d->t, "alter")) {
    next(d);
    if (d->t.kind == SQL_TK_WORD && d->t.kw == SQL_KW_TABLE) {
      next(d);
      read_alter_table(d);
    }
  }
  skip_statement(d);
}

size_t sql_unique_keys(const char *text, size_t len, SqlKeyFn fn, void *ud) {
  Ddl d = {.fn = fn, .ud = ud};
  sql_lexer_init(&d.lx, text ? text : "", text ? len : 0);
  for (next(&d); d.t.kind != SQL_TK_EOF; next(&d)) {
    if (d.t.kind == SQL_TK_SEMI) continue;
    read_statement(&d);
  }
  return d.n_keys;
}

/* Section - Schema changes */

/* Whether the statement whose first token is current changes the schema:
** CREATE, ALTER, DROP, RENAME (MySQL RENAME TABLE) or COMMENT ON, but not
** CREATE TEMP[ORARY] TABLE, the scratch table of one session's work. The
** statement is skipped; its semicolon (or the end) becomes current. */
static bool statement_changes_schema(Ddl *d) {
  bool ddl = word_is(&d->t, "alter") || word_is(&d->t, "drop") || word_is(&d->t, "rename") || word_is(&d->t, "comment");
  if (word_is(&d->t, "create")) {
    ddl = true;
    /* The modifiers before the object's kind: OR REPLACE, GLOBAL, LOCAL, TEMP… */
    for (next(d); word_is(&d->t, "or") || word_is(&d->t, "replace") || word_is(&d->t, "global") ||
                  word_is(&d->t, "local") || word_is(&d->t, "temp") || word_is(&d->t, "temporary");
         next(d))
      if (word_is(&d->t, "temp") || word_is(&d->t, "temporary")) ddl = false;
  }
  skip_statement(d);
  return ddl;
}

bool sql_schema_change(const char *text, size_t len) {
  Ddl d = {0};
  sql_lexer_init(&d.lx, text ? text : "", text ? len : 0);
  bool any = false;
  for (next(&d); d.t.kind != SQL_TK_EOF; next(&d)) {
    if (d.t.kind == SQL_TK_SEMI) continue;
    if (!statement_changes_schema(&d)) return false;
    any = true;
  }
  return any && !d.lx.saw_hole;
}
