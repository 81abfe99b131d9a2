/* uniquekeys: whether an insert is guarded by a unique key of the
** project's schema (rule_ctx_unique_key). Tables are matched as data
** operations match them (dbops_table_hash: case and plural ignored, so a
** Prisma model `User` is the `prisma.user` delegate's table and `users`),
** columns as SET columns are (case and underscores ignored). */
#include <stdio.h>
#include <string.h>

#include "engine/analysis.h"
#include "schema/schema.h"

/* Whether every column of key is among cols[0..n). */
static bool key_among(const SchemaKey *key, const uint32_t *cols, uint8_t n) {
  for (uint8_t c = 0; c < key->n_cols; c++) {
    uint32_t h = dbops_column_hash(key->cols[c], strlen(key->cols[c]));
    bool found = false;
    for (uint8_t i = 0; i < n && !found; i++) found = cols[i] == h;
    if (!found) return false;
  }
  return true;
}

static void key_text(const SchemaKey *key, char *out, size_t len) {
  size_t n = 0;
  out[0] = '\0';
  for (uint8_t c = 0; c < key->n_cols && n < len; c++) {
    int k = snprintf(out + n, len - n, "%s%s", c ? ", " : "", key->cols[c]);
    if (k < 0) return;
    n += (size_t)k;
  }
}

/* The insert stores into key's columns values made of parameters none of
** which the read was given (a unique user name, after a read by e-mail
** address): the key does not stop what that read checked. Unknown values,
** or values made of no parameter, leave the key guarding as before. */
static bool key_misses_read(const FnAnalysis *fa, uint32_t k, uint32_t j, const SchemaKey *key) {
  uint32_t hashes[SCHEMA_MAX_COLS], key_params = 0;
  for (uint8_t c = 0; c < key->n_cols; c++) hashes[c] = dbops_column_hash(key->cols[c], strlen(key->cols[c]));
  if (!dbops_key_values_params(fa, k, hashes, key->n_cols, &key_params) || !key_params) return false;
  uint32_t read_params = dbops_read_args_params(fa, j);
  return read_params && !(read_params & key_params);
}

bool dbops_unique_key(const struct Schema *schema, const FnAnalysis *fa, uint32_t wk, uint32_t rj, char *cols,
                      size_t cols_len) {
  const DbOp *w = &fa->dbops->ops[wk], *r = &fa->dbops->ops[rj];
  if (!schema || !w || !(w->flags & DBF_INSERT) || !w->n_tables) return false;
  for (uint32_t t = 0; t < schema->n_tables; t++) {
    const SchemaTable *st = schema->list[t];
    if (dbops_table_hash(st->name) != w->tables[0]) continue;
    for (uint8_t k = 0; k < st->n_keys; k++) {
      const SchemaKey *key = &st->keys[k];
      /* A one-column primary key is often an id the database or the
      ** application makes (SERIAL, nanoid()): it guards the check only when
      ** the insert and the read both name their columns, and it among them
      ** (an INTEGER PRIMARY KEY given its value rejects a duplicate too). */
      bool named = w->n_ins_cols && r->n_where_cols;
      if ((key->primary && key->n_cols == 1 && !named) || (!named && !schema_key_counts(st, key))) continue;
      if (key->nullable && !w->n_ins_cols) continue; /* only rows that set it are guarded */
      /* A key over several columns one of which may be NULL (a Sequelize
      ** index over a nullable scope, `(service_id, user_id, name)`): rows with
      ** a NULL there never conflict, and such a scope is nullable to hold NULL. */
      if (key->nullable && key->n_cols > 1) continue;
      if ((w->n_ins_cols && !key_among(key, w->ins_cols, w->n_ins_cols)) ||
          (r->n_where_cols && !key_among(key, r->where_cols, r->n_where_cols)) || key_misses_read(fa, wk, rj, key))
        continue;
      if (cols && cols_len) key_text(key, cols, cols_len);
      return true;
    }
  }
  return false;
}
