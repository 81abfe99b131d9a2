#define _GNU_SOURCE /* memmem */
/* schema_source: unique keys that ORMs and schema builders declare in
** JS/TS source, read lexically (no parse): TypeORM entity decorators, knex's
** createTable builder, drizzle's table definitions and Sequelize models
** (`define`, `Model.init`) and migrations (`createTable`, `addIndex`). A token stream that
** knows comments and strings is matched against the few shapes these
** libraries document; anything else adds nothing. */
#include "schema/schema_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { TOK_MAX = 1 << 18 };

typedef enum { T_ID, T_STR, T_PUNCT } TokKind;

typedef struct Tok {
  uint8_t kind;
  bool line_start; /* the first token of its line (Go struct fields are one a line) */
  char ch;       /* T_PUNCT */
  const char *p; /* T_ID, T_STR: the text (a string without its quotes) */
  uint32_t len;
} Tok;

typedef struct Lex {
  Tok *t;
  uint32_t n;
} Lex;

static bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* Skips a string or template (without its interpolations' contents being
** read: a template is one opaque string); returns the index past it. */
static size_t skip_string(const char *s, size_t i, size_t n) {
  char q = s[i++];
  while (i < n && s[i] != q) {
    if (s[i] == '\\') i++;
    i++;
  }
  return i < n ? i + 1 : n;
}

static void lex(Lex *lx, const char *s, size_t n, Tok *buf, size_t cap) {
  lx->t = buf, lx->n = 0;
  bool fresh_line = true;
  for (size_t i = 0; i < n && lx->n < cap;) {
    char c = s[i];
    uint32_t before = lx->n;
    if (c == '\n') {
      fresh_line = true;
      i++;
      continue;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '/') {
      while (i < n && s[i] != '\n') i++;
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      const char *e = n - i > 2 ? memmem(s + i + 2, n - i - 2, "*/", 2) : NULL;
      i = e ? (size_t)(e - s) + 2 : n;
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t e = skip_string(s, i, n);
      size_t end = e > i + 1 && e <= n && s[e - 1] == c ? e - 1 : e;
      lx->t[lx->n++] = (Tok){.kind = T_STR, .p = s + i + 1, .len = (uint32_t)(end - i - 1)};
      i = e;
    } else if (id_char(c)) {
      size_t b = i;
      while (i < n && id_char(s[i])) i++;
      lx->t[lx->n++] = (Tok){.kind = T_ID, .p = s + b, .len = (uint32_t)(i - b)};
    } else {
      if ((unsigned char)c > ' ') lx->t[lx->n++] = (Tok){.kind = T_PUNCT, .ch = c};
      i++;
    }
    if (lx->n > before) {
      lx->t[before].line_start = fresh_line;
      fresh_line = false;
    }
  }
}

static bool is_id(const Lex *lx, uint32_t i, const char *word) {
  return i < lx->n && lx->t[i].kind == T_ID && lx->t[i].len == strlen(word) && memcmp(lx->t[i].p, word, lx->t[i].len) == 0;
}

static bool is_p(const Lex *lx, uint32_t i, char c) { return i < lx->n && lx->t[i].kind == T_PUNCT && lx->t[i].ch == c; }

/* The index of the bracket closing the one at i ('(', '[' or '{'), or lx->n. */
static uint32_t close_of(const Lex *lx, uint32_t i) {
  int depth = 0;
  for (uint32_t k = i; k < lx->n; k++) {
    if (lx->t[k].kind != T_PUNCT) continue;
    char c = lx->t[k].ch;
    if (c == '(' || c == '[' || c == '{') depth++;
    else if ((c == ')' || c == ']' || c == '}') && --depth == 0) return k;
  }
  return lx->n;
}

/* Whether tokens (from, to) hold `word: true` at their own brace level or deeper. */
static bool has_true(const Lex *lx, uint32_t from, uint32_t to, const char *word) {
  for (uint32_t k = from; k + 2 < to; k++)
    if (is_id(lx, k, word) && is_p(lx, k + 1, ':') && is_id(lx, k + 2, "true")) return true;
  return false;
}

/* The first string in tokens (from, to) after `word:`, or -1. */
static int32_t str_after(const Lex *lx, uint32_t from, uint32_t to, const char *word) {
  for (uint32_t k = from; k + 2 < to; k++)
    if (is_id(lx, k, word) && is_p(lx, k + 1, ':') && lx->t[k + 2].kind == T_STR) return (int32_t)(k + 2);
  return -1;
}

typedef struct Reader {
  Schema *schema;
  const Lex *lx;
  size_t n; /* keys added */
} Reader;

/* Adds a key over the string or identifier tokens of (from, to) (a list
** `['a', 'b']`, or the arguments of `.on(t.a, t.b)`: the last member of each). */
static void add_list_key(Reader *r, SchemaTable *t, uint32_t from, uint32_t to, bool primary, bool nullable) {
  const char *cols[SCHEMA_MAX_COLS];
  size_t lens[SCHEMA_MAX_COLS], n = 0;
  const Lex *lx = r->lx;
  for (uint32_t k = from + 1; k < to; k++) {
    const Tok *x = &lx->t[k];
    bool col = x->kind == T_STR || (x->kind == T_ID && !is_p(lx, k + 1, '.') && !is_p(lx, k + 1, '('));
    if (!col) continue;
    if (n == SCHEMA_MAX_COLS) return;
    cols[n] = x->p, lens[n++] = x->len;
  }
  if (n && schema__add_key(r->schema, t, cols, lens, n, primary)) {
    t->keys[t->n_keys - 1].nullable = nullable;
    r->n++;
  }
}

static void add_col_key(Reader *r, SchemaTable *t, const Tok *col, bool primary, bool nullable) {
  const char *p = col->p;
  size_t len = col->len;
  if (schema__add_key(r->schema, t, &p, &len, 1, primary)) {
    t->keys[t->n_keys - 1].nullable = nullable;
    r->n++;
  }
}

/* Section - TypeORM */

/* `@Entity()`, `@Entity('name')`, `@Entity({ name: 'x' })` … `class Name`:
** the table under the class's name (repositories name it so), *named under
** the given name when there is one, and the class body's open brace. */
static SchemaTable *typeorm_entity(Reader *r, uint32_t at, uint32_t *body, uint32_t *cls, SchemaTable **named_t) {
  const Lex *lx = r->lx;
  uint32_t close = close_of(lx, at + 2);
  int32_t named = -1;
  if (close < lx->n && lx->t[at + 3].kind == T_STR) named = (int32_t)(at + 3);
  else if (close < lx->n) named = str_after(lx, at + 2, close, "name");
  uint32_t k = close;
  while (k < lx->n && !is_id(lx, k, "class")) k++;
  if (k + 1 >= lx->n || lx->t[k + 1].kind != T_ID) return NULL;
  *cls = k + 1;
  while (k < lx->n && !is_p(lx, k, '{')) k++;
  if (k >= lx->n) return NULL;
  *body = k;
  *named_t = named >= 0 ? schema__table_at(r->schema, lx->t[named].p, lx->t[named].len) : NULL;
  return schema__table_at(r->schema, lx->t[*cls].p, lx->t[*cls].len);
}

/* Class-level `@Unique([...])`, `@Unique('n', [...])`, `@Index([...], { unique: true })`
** between from and the class keyword. */
static void typeorm_class_keys(Reader *r, SchemaTable *t, uint32_t from, uint32_t cls) {
  const Lex *lx = r->lx;
  for (uint32_t k = from; k + 2 < cls; k++) {
    if (!is_p(lx, k, '@') || !is_p(lx, k + 2, '(')) continue;
    bool unique = is_id(lx, k + 1, "Unique"), index = is_id(lx, k + 1, "Index");
    if (!unique && !index) continue;
    uint32_t close = close_of(lx, k + 2), list = k + 3;
    if (close >= cls) continue;
    while (list < close && !is_p(lx, list, '[')) list++;
    if (list >= close || (index && !has_true(lx, k + 2, close, "unique"))) continue;
    add_list_key(r, t, list, close_of(lx, list), false, false);
  }
}

/* Property decorators in the class body (open, close): `@PrimaryColumn()`,
** `@PrimaryGeneratedColumn()`, `@Column({ unique: true })`, `@Index({ unique:
** true })`, then the property's name. */
static void typeorm_props(Reader *r, SchemaTable *t, uint32_t open, uint32_t close) {
  const Lex *lx = r->lx;
  bool primary = false, generated = false, unique = false, nullable = false;
  const char *pk[SCHEMA_MAX_COLS];
  size_t pk_lens[SCHEMA_MAX_COLS], n_pk = 0;
  bool pk_over = false;
  for (uint32_t k = open + 1; k < close; k++) {
    if (is_p(lx, k, '@') && k + 2 < close && lx->t[k + 1].kind == T_ID && is_p(lx, k + 2, '(')) {
      uint32_t args = close_of(lx, k + 2);
      bool col = is_id(lx, k + 1, "Column"), idx = is_id(lx, k + 1, "Index");
      if (is_id(lx, k + 1, "PrimaryColumn")) primary = true;
      if (is_id(lx, k + 1, "PrimaryGeneratedColumn")) primary = generated = true;
      if ((col || idx) && has_true(lx, k + 2, args, "unique")) unique = true;
      if (col && has_true(lx, k + 2, args, "primary")) primary = true;
      if (col && has_true(lx, k + 2, args, "nullable")) nullable = true;
      k = args;
      continue;
    }
    if (lx->t[k].kind != T_ID || !(is_p(lx, k + 1, ':') || is_p(lx, k + 1, '!') || is_p(lx, k + 1, '?'))) continue;
    if (unique && !primary) add_col_key(r, t, &lx->t[k], false, nullable);
    if (primary && n_pk < SCHEMA_MAX_COLS) pk[n_pk] = lx->t[k].p, pk_lens[n_pk++] = lx->t[k].len;
    else if (primary) pk_over = true;
    if (generated) schema__add_generated(r->schema, t, lx->t[k].p, lx->t[k].len);
    primary = generated = unique = nullable = false;
  }
  /* Several primary columns make one composite primary key. */
  if (n_pk && !pk_over && schema__add_key(r->schema, t, pk, pk_lens, n_pk, true)) r->n++;
}

static void read_typeorm(Reader *r) {
  const Lex *lx = r->lx;
  for (uint32_t k = 0; k + 2 < lx->n; k++) {
    if (!is_p(lx, k, '@') || !is_id(lx, k + 1, "Entity") || !is_p(lx, k + 2, '(')) continue;
    uint32_t body = 0, cls = 0;
    SchemaTable *named = NULL, *t = typeorm_entity(r, k, &body, &cls, &named);
    if (!t) continue;
    /* The class decorators sit around @Entity: from the previous statement's end. */
    uint32_t from = k;
    while (from > 0 && !is_p(lx, from - 1, ';') && !is_p(lx, from - 1, '}')) from--;
    uint32_t end = close_of(lx, body);
    for (SchemaTable *const *x = (SchemaTable *const[]){t, named}, *const *e = x + (named && named != t ? 2 : 1); x < e; x++) {
      typeorm_class_keys(r, *x, from, cls);
      typeorm_props(r, *x, body, end);
    }
    k = end < lx->n ? end : lx->n;
  }
}

/* Section - knex and drizzle */

/* Whether a column chain, from `from` (past `table.string('address')` or
** `text('email')`) to its end (',' ';' a closing bracket at its level, or the
** builder parameter stop starting the next statement), calls method m1. */
static bool chain_calls(const Lex *lx, uint32_t from, uint32_t to, const char *m1, const Tok *stop) {
  for (uint32_t k = from; k + 1 < to; k++) {
    if (is_p(lx, k, '(') || is_p(lx, k, '[') || is_p(lx, k, '{')) {
      k = close_of(lx, k);
      continue;
    }
    if (is_p(lx, k, ',') || is_p(lx, k, ';') || is_p(lx, k, ')') || is_p(lx, k, ']') || is_p(lx, k, '}')) return false;
    /* the next statement of a builder callback without semicolons: `table.…` again */
    if (stop && lx->t[k].kind == T_ID && lx->t[k].len == stop->len && memcmp(lx->t[k].p, stop->p, stop->len) == 0 &&
        is_p(lx, k + 1, '.'))
      return false;
    if (is_p(lx, k, '.') && is_id(lx, k + 1, m1) && is_p(lx, k + 2, '(')) return true;
  }
  return false;
}

/* knex: `createTable('t', (table) => { table.string('a').unique(); table.unique(['a', 'b']); })`. */
static void read_knex(Reader *r) {
  const Lex *lx = r->lx;
  for (uint32_t k = 0; k + 3 < lx->n; k++) {
    if (!is_id(lx, k, "createTable") || !is_p(lx, k + 1, '(') || lx->t[k + 2].kind != T_STR) continue;
    SchemaTable *t = schema__table_at(r->schema, lx->t[k + 2].p, lx->t[k + 2].len);
    uint32_t end = close_of(lx, k + 1), j = k + 3;
    /* The builder's parameter: `(table) =>`, `table =>`, `function (table)`. */
    while (j < end && !(lx->t[j].kind == T_ID && !is_id(lx, j, "function") && !is_id(lx, j, "async"))) j++;
    const Tok *param = j < end ? &lx->t[j] : NULL;
    for (; t && j + 3 < end; j++) {
      if (!is_p(lx, j, '.') || lx->t[j + 1].kind != T_ID || !is_p(lx, j + 2, '(')) continue;
      uint32_t args = close_of(lx, j + 2);
      bool key_call = is_id(lx, j + 1, "unique") || is_id(lx, j + 1, "primary");
      if (key_call && is_p(lx, j + 3, '[')) { /* table.unique(['a', 'b']) */
        add_list_key(r, t, j + 3, close_of(lx, j + 3), is_id(lx, j + 1, "primary"), false);
      } else if (lx->t[j + 3].kind == T_STR && !key_call) { /* table.string('a')…: a column */
        bool generated = is_id(lx, j + 1, "increments") || is_id(lx, j + 1, "bigIncrements");
        if (generated) schema__add_generated(r->schema, t, lx->t[j + 3].p, lx->t[j + 3].len);
        if (chain_calls(lx, args + 1, end, "unique", param)) add_col_key(r, t, &lx->t[j + 3], false, false);
        else if (generated || chain_calls(lx, args + 1, end, "primary", param))
          add_col_key(r, t, &lx->t[j + 3], true, false);
      }
      j = args;
    }
    k = end < lx->n ? end : lx->n;
  }
}

/* drizzle: `pgTable('users', { email: text('email').unique(), id: serial('id').primaryKey() },
** (t) => ({ u: uniqueIndex('n').on(t.a, t.b) }))` (also mysqlTable, sqliteTable). Keys are
** known under the table's name by both the property and the column name. */
static void read_drizzle(Reader *r) {
  const Lex *lx = r->lx;
  for (uint32_t k = 0; k + 4 < lx->n; k++) {
    bool table_fn = is_id(lx, k, "pgTable") || is_id(lx, k, "mysqlTable") || is_id(lx, k, "sqliteTable");
    if (!table_fn || !is_p(lx, k + 1, '(') || lx->t[k + 2].kind != T_STR || !is_p(lx, k + 3, ',')) continue;
    SchemaTable *t = schema__table_at(r->schema, lx->t[k + 2].p, lx->t[k + 2].len);
    uint32_t end = close_of(lx, k + 1), cols = k + 4;
    if (!t || !is_p(lx, cols, '{')) continue;
    uint32_t cols_end = close_of(lx, cols);
    for (uint32_t j = cols + 1; j + 4 < cols_end; j++) {
      /* prop: fn('col')… at the object's own level */
      if (lx->t[j].kind != T_ID || !is_p(lx, j + 1, ':') || lx->t[j + 2].kind != T_ID || !is_p(lx, j + 3, '(')) continue;
      uint32_t args = close_of(lx, j + 3);
      const Tok *named = lx->t[j + 4].kind == T_STR ? &lx->t[j + 4] : NULL;
      bool unique = chain_calls(lx, args + 1, cols_end, "unique", NULL);
      bool primary = !unique && chain_calls(lx, args + 1, cols_end, "primaryKey", NULL);
      bool generated = is_id(lx, j + 2, "serial") || is_id(lx, j + 2, "bigserial") || is_id(lx, j + 2, "smallserial");
      if (unique || primary) {
        add_col_key(r, t, &lx->t[j], primary, false);
        if (named) add_col_key(r, t, named, primary, false);
      }
      if (generated) {
        schema__add_generated(r->schema, t, lx->t[j].p, lx->t[j].len);
        if (named) schema__add_generated(r->schema, t, named->p, named->len);
      }
      j = args;
    }
    for (uint32_t j = cols_end; j + 3 < end; j++) /* the extra config: uniqueIndex(…).on(…), unique().on(…) */
      if ((is_id(lx, j, "uniqueIndex") || is_id(lx, j, "unique")) && is_p(lx, j + 1, '(')) {
        uint32_t on = close_of(lx, j + 1) + 1;
        if (is_p(lx, on, '.') && is_id(lx, on + 1, "on") && is_p(lx, on + 2, '(')) add_list_key(r, t, on + 2, close_of(lx, on + 2), false, false);
      }
    k = end < lx->n ? end : lx->n;
  }
}

/* Section - GORM */

/* The options of a `gorm:"…"` struct tag (tag is the tag's text), or NULL. */
static const char *gorm_options(const Tok *tag, size_t *len) {
  const char *p = tag->len > 6 ? memmem(tag->p, tag->len, "gorm:\"", 6) : NULL;
  if (!p) return NULL;
  p += 6;
  const char *e = memchr(p, '"', (size_t)(tag->p + tag->len - p));
  if (!e) return NULL;
  *len = (size_t)(e - p);
  return p;
}

/* Whether option name is among a gorm tag's options (';'-separated, without
** case, as GORM reads them); *val and *vlen get its value (`uniqueIndex:idx_a`,
** up to a comma), or NULL and 0. */
static bool gorm_option(const char *opts, size_t len, const char *name, const char **val, size_t *vlen) {
  size_t n = strlen(name);
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && opts[e] != ';') e++;
    size_t k = i;
    while (k < e && opts[k] != ':') k++;
    if (k - i == n && strncasecmp(opts + i, name, n) == 0) {
      *val = k < e ? opts + k + 1 : NULL;
      *vlen = k < e ? e - k - 1 : 0;
      const char *comma = *vlen ? memchr(*val, ',', *vlen) : NULL;
      if (comma) *vlen = (size_t)(comma - *val);
      return true;
    }
    i = e + 1;
  }
  return false;
}

enum { GORM_MAX_FIELDS = 64 };

typedef struct GormField {
  const Tok *name;
  const char *index; /* a named uniqueIndex's name, or NULL (a primary key) */
  size_t index_len;
} GormField;

static bool same_group(const GormField *a, const GormField *b) {
  if (!a->index || !b->index) return !a->index && !b->index;
  return a->index_len == b->index_len && memcmp(a->index, b->index, a->index_len) == 0;
}

/* A Go struct's fields with gorm tags: `Email string `gorm:"uniqueIndex"``,
** `OrgID uint `gorm:"uniqueIndex:org_slug"``, `ID uint `gorm:"primaryKey"``.
** Fields sharing a uniqueIndex name make one key, the primaryKey fields one. */
static void gorm_struct(Reader *r, SchemaTable *t, uint32_t open, uint32_t close) {
  const Lex *lx = r->lx;
  GormField fields[GORM_MAX_FIELDS];
  uint32_t n = 0;
  const Tok *field = NULL;
  for (uint32_t k = open + 1; k < close && n < GORM_MAX_FIELDS; k++) {
    const Tok *x = &lx->t[k];
    if (x->line_start) field = x->kind == T_ID ? x : NULL;
    size_t olen = 0;
    const char *opts = x->kind == T_STR && field ? gorm_options(x, &olen) : NULL;
    if (!opts) continue;
    const char *val = NULL;
    size_t vlen = 0;
    if (gorm_option(opts, olen, "primaryKey", &val, &vlen)) fields[n++] = (GormField){field, NULL, 0};
    else if (gorm_option(opts, olen, "uniqueIndex", &val, &vlen) || gorm_option(opts, olen, "unique", &val, &vlen)) {
      if (vlen) fields[n++] = (GormField){field, val, vlen};
      else add_col_key(r, t, field, false, false);
    }
    field = NULL;
  }
  for (uint32_t a = 0; a < n; a++) {
    bool first = true;
    for (uint32_t b = 0; b < a && first; b++) first = !same_group(&fields[a], &fields[b]);
    if (!first) continue;
    const char *cols[SCHEMA_MAX_COLS];
    size_t lens[SCHEMA_MAX_COLS], m = 0;
    for (uint32_t b = a; b < n && m < SCHEMA_MAX_COLS; b++)
      if (same_group(&fields[a], &fields[b])) cols[m] = fields[b].name->p, lens[m++] = fields[b].name->len;
    if (schema__add_key(r->schema, t, cols, lens, m, !fields[a].index)) r->n++;
  }
}

/* `type Name struct { … }`: the table is known by the struct's name (GORM's
** default table, the name pluralised, matches it as tables are matched). */
static void read_gorm(Reader *r) {
  const Lex *lx = r->lx;
  for (uint32_t k = 0; k + 3 < lx->n; k++) {
    if (!is_id(lx, k, "type") || lx->t[k + 1].kind != T_ID || !is_id(lx, k + 2, "struct") || !is_p(lx, k + 3, '{')) continue;
    uint32_t end = close_of(lx, k + 3);
    SchemaTable *t = schema__table_at(r->schema, lx->t[k + 1].p, lx->t[k + 1].len);
    if (t) gorm_struct(r, t, k + 3, end);
    k = end < lx->n ? end : lx->n;
  }
}

/* Section - Sequelize */

enum { SEQ_MAX_NULLABLE = 256, SEQ_MAX_GROUPS = 4 };

/* Sequelize columns may be NULL unless `allowNull: false` (or a primary key):
** the nullable columns one file's attributes declared, per table. */
typedef struct SeqNullable {
  const SchemaTable *t[SEQ_MAX_NULLABLE];
  const Tok *col[SEQ_MAX_NULLABLE];
  uint32_t n;
} SeqNullable;

static bool has_false(const Lex *lx, uint32_t from, uint32_t to, const char *word) {
  for (uint32_t k = from; k + 2 < to; k++)
    if (is_id(lx, k, word) && is_p(lx, k + 1, ':') && is_id(lx, k + 2, "false")) return true;
  return false;
}

static bool tok_eq(const Tok *a, const Tok *b) { return a->len == b->len && strncasecmp(a->p, b->p, a->len) == 0; }

static bool seq_is_nullable(const SeqNullable *nn, const SchemaTable *t, const Tok *col) {
  for (uint32_t i = 0; i < nn->n; i++)
    if (nn->t[i] == t && tok_eq(nn->col[i], col)) return true;
  return false;
}

/* A list `['a', 'b']` of strings only (not `[{ name: 'a' }]`). */
static bool str_list(const Lex *lx, uint32_t open, uint32_t close) {
  for (uint32_t k = open + 1; k < close; k++)
    if (lx->t[k].kind != T_STR && !is_p(lx, k, ',')) return false;
  return close > open + 1;
}

/* A key over the strings of list (open, close), nullable when one of them is. */
static void seq_list_key(Reader *r, SchemaTable *t, uint32_t open, uint32_t close, const SeqNullable *nn, bool primary) {
  if (!str_list(r->lx, open, close)) return;
  bool nullable = false;
  for (uint32_t k = open + 1; k < close; k++)
    if (r->lx->t[k].kind == T_STR && seq_is_nullable(nn, t, &r->lx->t[k])) nullable = true;
  add_list_key(r, t, open, close, primary, nullable);
}

typedef struct SeqGroup {
  const Tok *name; /* `unique: 'name'`: the columns sharing it make one key */
  const char *cols[SCHEMA_MAX_COLS];
  size_t lens[SCHEMA_MAX_COLS];
  uint8_t n;
  bool nullable, over;
} SeqGroup;

static void seq_group_add(SeqGroup *g, uint32_t *n_groups, const Tok *name, const Tok *col, bool nullable) {
  uint32_t i = 0;
  while (i < *n_groups && !tok_eq(g[i].name, name)) i++;
  if (i == *n_groups) {
    if (i == SEQ_MAX_GROUPS) return;
    memset(&g[i], 0, sizeof g[i]);
    g[i].name = name;
    (*n_groups)++;
  }
  if (g[i].n == SCHEMA_MAX_COLS) {
    g[i].over = true;
    return;
  }
  g[i].cols[g[i].n] = col->p, g[i].lens[g[i].n++] = col->len;
  g[i].nullable |= nullable;
}

/* One attribute `name: { type, allowNull, unique, primaryKey, … }` (its
** options' braces (open, close)): its key, primary column, NULLs and whether
** the database (or Sequelize) makes its value. */
static void seq_attr(Reader *r, SchemaTable *t, const Tok *col, uint32_t open, uint32_t close, SeqNullable *nn,
                     SeqGroup *groups, uint32_t *n_groups, const Tok **pk, uint32_t *n_pk) {
  const Lex *lx = r->lx;
  bool primary = has_true(lx, open, close, "primaryKey");
  bool nullable = !primary && !has_false(lx, open, close, "allowNull");
  if (nullable && nn->n < SEQ_MAX_NULLABLE) nn->t[nn->n] = t, nn->col[nn->n++] = col;
  if (primary && *n_pk < SCHEMA_MAX_COLS + 1) pk[(*n_pk)++] = col;
  int32_t grp = str_after(lx, open, close, "unique");
  bool unique = has_true(lx, open, close, "unique");
  for (uint32_t k = open + 1; grp < 0 && !unique && k + 2 < close; k++) /* unique: { name: 'g', msg } */
    if (is_id(lx, k, "unique") && is_p(lx, k + 1, ':') && is_p(lx, k + 2, '{')) {
      grp = str_after(lx, k + 2, close_of(lx, k + 2), "name");
      unique = grp < 0;
    }
  if (grp >= 0) seq_group_add(groups, n_groups, &lx->t[grp], col, nullable);
  else if (unique && !primary) add_col_key(r, t, col, false, nullable);
  bool generated = has_true(lx, open, close, "autoIncrement");
  for (uint32_t k = open; k + 2 < close && !generated; k++) /* defaultValue: DataTypes.UUIDV4 */
    generated = is_id(lx, k, "defaultValue") && is_p(lx, k + 1, ':') && k + 4 < close && is_p(lx, k + 3, '.') &&
                (is_id(lx, k + 4, "UUIDV4") || is_id(lx, k + 4, "UUIDV1"));
  if (generated) schema__add_generated(r->schema, t, col->p, col->len);
}

/* The attributes object (open, close) of `define('t', {…})`, `X.init({…})`
** or `queryInterface.createTable('t', {…})`. */
static void seq_attrs(Reader *r, SchemaTable *t, uint32_t open, uint32_t close, SeqNullable *nn) {
  const Lex *lx = r->lx;
  SeqGroup groups[SEQ_MAX_GROUPS];
  uint32_t n_groups = 0, n_pk = 0;
  const Tok *pk[SCHEMA_MAX_COLS + 1];
  for (uint32_t j = open + 1; j + 1 < close; j++) {
    if (is_p(lx, j, '(') || is_p(lx, j, '[') || is_p(lx, j, '{')) {
      j = close_of(lx, j);
      continue;
    }
    if ((lx->t[j].kind != T_ID && lx->t[j].kind != T_STR) || !is_p(lx, j + 1, ':')) continue;
    if (!is_p(lx, j + 2, '{')) { /* `name: DataTypes.STRING`: a column that may be NULL */
      if (nn->n < SEQ_MAX_NULLABLE) nn->t[nn->n] = t, nn->col[nn->n++] = &lx->t[j];
      continue;
    }
    uint32_t end = close_of(lx, j + 2);
    seq_attr(r, t, &lx->t[j], j + 2, end, nn, groups, &n_groups, pk, &n_pk);
    j = end;
  }
  for (uint32_t g = 0; g < n_groups; g++)
    if (!groups[g].over && schema__add_key(r->schema, t, groups[g].cols, groups[g].lens, groups[g].n, false)) {
      t->keys[t->n_keys - 1].nullable = groups[g].nullable;
      r->n++;
    }
  const char *cols[SCHEMA_MAX_COLS];
  size_t lens[SCHEMA_MAX_COLS];
  for (uint32_t i = 0; i < n_pk && n_pk <= SCHEMA_MAX_COLS; i++) cols[i] = pk[i]->p, lens[i] = pk[i]->len;
  if (n_pk && n_pk <= SCHEMA_MAX_COLS && schema__add_key(r->schema, t, cols, lens, n_pk, true)) r->n++;
}

/* The model options (open, close): `indexes: [{ unique: true, fields: ['a', 'b'] }]`. */
static void seq_indexes(Reader *r, SchemaTable *t, uint32_t open, uint32_t close, const SeqNullable *nn) {
  const Lex *lx = r->lx;
  for (uint32_t k = open + 1; k + 2 < close; k++) {
    if (!is_id(lx, k, "indexes") || !is_p(lx, k + 1, ':') || !is_p(lx, k + 2, '[')) continue;
    uint32_t end = close_of(lx, k + 2);
    for (uint32_t j = k + 3; j < end; j++) {
      if (!is_p(lx, j, '{')) continue;
      uint32_t ie = close_of(lx, j);
      for (uint32_t f = j + 1; has_true(lx, j, ie, "unique") && f + 2 < ie; f++)
        if (is_id(lx, f, "fields") && is_p(lx, f + 1, ':') && is_p(lx, f + 2, '['))
          seq_list_key(r, t, f + 2, close_of(lx, f + 2), nn, false);
      j = ie;
    }
    return;
  }
}

/* `define('t', attrs, options?)`, `createTable('t', attrs)` (a migration's
** queryInterface), `X.init(attrs, { tableName: 't', indexes })` (the class's
** name without one), then `addIndex('t', ['a', 'b'], { unique: true })` and
** `addConstraint('t', { fields: […], type: 'unique' })`. */
static void read_sequelize(Reader *r) {
  const Lex *lx = r->lx;
  SeqNullable nn;
  nn.n = 0;
  for (uint32_t k = 0; k + 4 < lx->n; k++) {
    bool named = (is_id(lx, k, "define") || is_id(lx, k, "createTable")) && is_p(lx, k + 1, '(') &&
                 lx->t[k + 2].kind == T_STR && is_p(lx, k + 3, ',') && is_p(lx, k + 4, '{');
    bool init = is_p(lx, k, '.') && is_id(lx, k + 1, "init") && is_p(lx, k + 2, '(') && is_p(lx, k + 3, '{') && k > 0 &&
                lx->t[k - 1].kind == T_ID;
    if (!named && !init) continue;
    uint32_t attrs = named ? k + 4 : k + 3, call = named ? k + 1 : k + 2;
    uint32_t attrs_end = close_of(lx, attrs), end = close_of(lx, call);
    uint32_t opts = is_p(lx, attrs_end + 1, ',') && is_p(lx, attrs_end + 2, '{') ? attrs_end + 2 : 0;
    uint32_t opts_end = opts ? close_of(lx, opts) : 0;
    int32_t tname = init && opts ? str_after(lx, opts, opts_end, "tableName") : -1;
    const Tok *tt = named ? &lx->t[k + 2] : tname >= 0 ? &lx->t[tname] : init && opts ? &lx->t[k - 1] : NULL;
    SchemaTable *t = tt ? schema__table_at(r->schema, tt->p, tt->len) : NULL;
    if (t) seq_attrs(r, t, attrs, attrs_end, &nn);
    if (t && opts) seq_indexes(r, t, opts, opts_end, &nn);
    k = end < lx->n ? end : lx->n;
  }
  for (uint32_t k = 0; k + 4 < lx->n; k++) {
    if (!is_p(lx, k + 1, '(') || lx->t[k + 2].kind != T_STR || !is_p(lx, k + 3, ',')) continue;
    bool index = is_id(lx, k, "addIndex") && is_p(lx, k + 4, '['), constraint = is_id(lx, k, "addConstraint") && is_p(lx, k + 4, '{');
    if (!index && !constraint) continue;
    SchemaTable *t = schema__table_at(r->schema, lx->t[k + 2].p, lx->t[k + 2].len);
    uint32_t end = close_of(lx, k + 1), list = k + 4;
    if (!t) continue;
    if (index && has_true(lx, close_of(lx, list), end, "unique")) seq_list_key(r, t, list, close_of(lx, list), &nn, false);
    int32_t type = constraint ? str_after(lx, k + 4, end, "type") : -1;
    bool uniq = type >= 0 && lx->t[type].len == 6 && strncasecmp(lx->t[type].p, "unique", 6) == 0;
    bool prim = type >= 0 && lx->t[type].len == 11 && strncasecmp(lx->t[type].p, "primary key", 11) == 0;
    for (uint32_t f = k + 4; constraint && (uniq || prim) && f + 2 < end; f++)
      if (is_id(lx, f, "fields") && is_p(lx, f + 1, ':') && is_p(lx, f + 2, '[')) {
        seq_list_key(r, t, f + 2, close_of(lx, f + 2), &nn, prim);
        break;
      }
  }
}

bool schema_source_may_declare(const char *text, size_t len) {
  static const char *const marks[] = {"@Entity", "createTable", "pgTable", "mysqlTable", "sqliteTable", "gorm:\"",
                                      ".define(", ".init(", "addIndex(", "addConstraint("};
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
    if (memmem(text, len, marks[i], strlen(marks[i]))) return true;
  return false;
}

size_t schema_read_source(Schema *self, const char *text, size_t len) {
  if (!self || !schema_source_may_declare(text, len)) return 0;
  size_t cap = len < TOK_MAX ? len + 1 : TOK_MAX; /* a token takes at least one byte */
  Tok *buf = malloc(sizeof *buf * cap);
  if (!buf) return 0;
  Lex lx;
  lex(&lx, text, len, buf, cap);
  Reader r = {self, &lx, 0};
  read_typeorm(&r);
  read_knex(&r);
  read_drizzle(&r);
  read_gorm(&r);
  read_sequelize(&r);
  free(buf);
  return r.n;
}
