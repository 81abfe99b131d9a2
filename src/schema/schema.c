/* schema: the store of unique keys per table, and the SQL side of reading
** them (the statements themselves are read by sql_unique_keys). The Prisma
** reader is schema_prisma.c. */
#include "schema/schema_int.h"

#include <string.h>

#include "sql/sql.h"

Schema *schema_new(void) {
  Arena *a = arena_new();
  Schema *self = arena_zalloc(a, sizeof *self);
  self->arena = a;
  map_init(&self->tables, a);
  self->list = arena_zalloc(a, SCHEMA_MAX_TABLES * sizeof *self->list);
  return self;
}

void schema_delete(Schema *self) {
  if (self) arena_delete(self->arena); /* self lives in its own arena */
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n > m && strcmp(s + n - m, suffix) == 0;
}

bool schema_is_file_name(const char *name) { return ends_with(name, ".sql") || ends_with(name, ".prisma"); }

/* name[0..len) lower-cased into the arena. */
static const char *lower_dup(Schema *self, const char *name, size_t len) {
  char *s = arena_strndup(self->arena, name, len);
  for (char *c = s; *c; c++)
    if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
  return s;
}

static bool same_lower(const char *lower, const char *name, size_t len) {
  if (strlen(lower) != len) return false;
  for (size_t i = 0; i < len; i++) {
    char c = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] + 32) : name[i];
    if (c != lower[i]) return false;
  }
  return true;
}

SchemaTable *schema__table_at(Schema *self, const char *name, size_t len) {
  if (!len || len > 256) return NULL;
  const char *key = lower_dup(self, name, len);
  SchemaTable *t = map_get(&self->tables, key, len);
  if (t || self->n_tables >= SCHEMA_MAX_TABLES) return t;
  t = arena_zalloc(self->arena, sizeof *t);
  t->name = key;
  map_set(&self->tables, key, len, t);
  self->list[self->n_tables++] = t;
  return t;
}

bool schema__add_key(Schema *self, SchemaTable *t, const char *const *cols, const size_t *lens, size_t n,
                     bool primary) {
  if (!t || !n || n > SCHEMA_MAX_COLS) return false;
  for (uint8_t k = 0; k < t->n_keys; k++) {
    const SchemaKey *old = &t->keys[k];
    bool same = old->n_cols == n;
    for (size_t c = 0; same && c < n; c++) same = same_lower(old->cols[c], cols[c], lens[c]);
    if (same) return false;
  }
  if (t->n_keys >= SCHEMA_MAX_KEYS) return false;
  SchemaKey *key = &t->keys[t->n_keys++];
  for (size_t c = 0; c < n; c++) key->cols[c] = lower_dup(self, cols[c], lens[c]);
  key->n_cols = (uint8_t)n;
  key->primary = primary;
  return true;
}

void schema__add_generated(Schema *self, SchemaTable *t, const char *col, size_t len) {
  if (!t || t->n_generated >= SCHEMA_MAX_GENERATED) return;
  t->generated[t->n_generated++] = lower_dup(self, col, len);
}

typedef struct SqlRead {
  Schema *schema;
  size_t n;
} SqlRead;

static void on_sql_key(const SqlKey *key, void *ud) {
  SqlRead *r = ud;
  SchemaTable *t = schema__table_at(r->schema, key->table.ptr, key->table.len);
  if (key->kind == SQL_KEY_GENERATED_COLUMN) {
    schema__add_generated(r->schema, t, key->cols[0].ptr, key->cols[0].len);
    return;
  }
  const char *cols[SQL_KEY_MAX_COLS];
  size_t lens[SQL_KEY_MAX_COLS];
  for (size_t c = 0; c < key->n_cols; c++) cols[c] = key->cols[c].ptr, lens[c] = key->cols[c].len;
  if (schema__add_key(r->schema, t, cols, lens, key->n_cols, key->kind == SQL_KEY_PRIMARY)) r->n++;
}

size_t schema_read_sql(Schema *self, const char *text, size_t len) {
  SqlRead r = {self, 0};
  sql_unique_keys(text, len, on_sql_key, &r);
  return r.n;
}

size_t schema_read(Schema *self, const char *name, const char *text, size_t len) {
  if (ends_with(name, ".sql")) return schema_read_sql(self, text, len);
  if (ends_with(name, ".prisma")) return schema_read_prisma(self, text, len);
  return 0;
}

const SchemaTable *schema_table(const Schema *self, const char *name) {
  char buf[257];
  size_t n = strlen(name);
  if (!self || !n || n >= sizeof buf) return NULL;
  for (size_t i = 0; i <= n; i++) buf[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] + 32) : name[i];
  return map_get(&self->tables, buf, n);
}

bool schema_key_counts(const SchemaTable *t, const SchemaKey *key) {
  if (!key->primary || key->n_cols != 1) return true;
  for (uint8_t g = 0; g < t->n_generated; g++)
    if (strcmp(t->generated[g], key->cols[0]) == 0) return false;
  return true;
}
