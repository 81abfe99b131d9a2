/* dbimpl: the database facts of a Go interface method, from the methods
** that implement it (gotypes.c merges their other facts). A handler that
** holds its store as an interface (`h.DB.CreateUser(cfg, u)`) runs what the
** store's method runs: the insert that fills `u.ID`, the tables it writes.
**
** Only implementations that touch a table speak for the interface: a fake
** for tests (`u.ID = 1; return nil`) says nothing about what the real store
** does. When several do (a PostgreSQL and a SQLite store), what they agree
** on is kept, and what one of them says to be quiet wins (a false alarm
** costs more than a miss): a returned insert or a filled-in id only when
** every one makes it, atomicity or a get-or-create when any says so. The
** methods merged are those of types of the package that have every method
** the interface lists (not an in-memory store's `Update` beside the users
** store's); when two that touch tables still write or read different first
** tables, they are not one interface's implementations, and nothing is said. */
#include <stdio.h>
#include <string.h>

#include "engine/analysis.h"

static bool has_db_facts(const FuncSummary *s) {
  return s->db_reads[0] || s->db_writes[0] || (s->db_flags & DBS_ADVISORY_LOCK);
}

static void tables_union(uint32_t *acc, const uint32_t *more) {
  for (uint32_t i = 0; i < 2 && more[i]; i++) {
    uint32_t k = 0;
    while (k < 2 && acc[k] && acc[k] != more[i]) k++;
    if (k < 2 && !acc[k]) acc[k] = more[i];
  }
}

/* The flags that make a finding only when every implementation has them. */
enum { DBIMPL_ALL_FLAGS = DBS_RET_READ | DBS_RET_WRITE | DBS_INSERTS | DBS_RET_EXISTS,
       DBIMPL_ANY_FLAGS = DBS_ATOMIC | DBS_ADVISORY_LOCK | DBS_GET_OR_CREATE };

enum { DBIMPL_CONFLICT = UINT32_MAX };

static void drop_db_facts(FuncSummary *acc) {
  memset(acc->db_reads, 0, sizeof acc->db_reads);
  memset(acc->db_writes, 0, sizeof acc->db_writes);
  acc->db_read_table[0] = acc->db_write_table[0] = acc->db_inserted_field[0] = '\0';
  acc->db_flags = acc->db_conn_param = acc->db_inserted_param = 0;
  acc->db_write_uses = 0;
  acc->db_unchecked_writes = acc->db_unchecked_reads = 0;
  acc->go_ret_error_only = false;
  acc->go_rows_results = 0;
}

void dbimpl_merge(FuncSummary *acc, const FuncSummary *s, uint32_t *n_db) {
  /* `store.ExecuteInTransaction(ctx, fn)`: fn runs in a transaction when one of them says so. */
  acc->tx_callback_params |= s->tx_callback_params;
  if (!has_db_facts(s) || *n_db == DBIMPL_CONFLICT) return;
  if (*n_db && (acc->db_writes[0] != s->db_writes[0] || acc->db_reads[0] != s->db_reads[0])) {
    drop_db_facts(acc); /* methods of one name on unrelated types */
    *n_db = DBIMPL_CONFLICT;
    return;
  }
  if ((*n_db)++ == 0) {
    memcpy(acc->db_reads, s->db_reads, sizeof acc->db_reads);
    memcpy(acc->db_writes, s->db_writes, sizeof acc->db_writes);
    memcpy(acc->db_read_table, s->db_read_table, sizeof acc->db_read_table);
    memcpy(acc->db_write_table, s->db_write_table, sizeof acc->db_write_table);
    acc->db_flags = s->db_flags;
    acc->db_conn_param = s->db_conn_param;
    acc->db_write_uses = s->db_write_uses;
    acc->db_inserted_param = s->db_inserted_param;
    memcpy(acc->db_inserted_field, s->db_inserted_field, sizeof acc->db_inserted_field);
    acc->db_unchecked_writes = acc->db_writes[0] ? DBSRC_GO_IFACE : 0;
    acc->db_unchecked_reads = acc->db_reads[0] ? DBSRC_GO_IFACE : 0;
    acc->go_ret_error_only = s->go_ret_error_only;
    acc->go_rows_results = s->go_rows_results;
    return;
  }
  tables_union(acc->db_reads, s->db_reads);
  tables_union(acc->db_writes, s->db_writes);
  if (!acc->db_write_table[0]) memcpy(acc->db_write_table, s->db_write_table, sizeof acc->db_write_table);
  if (!acc->db_read_table[0]) memcpy(acc->db_read_table, s->db_read_table, sizeof acc->db_read_table);
  acc->db_flags = (uint8_t)((acc->db_flags & s->db_flags & DBIMPL_ALL_FLAGS) |
                            ((acc->db_flags | s->db_flags) & DBIMPL_ANY_FLAGS));
  /* A statement on the caller's connection in one of them: the caller may hold a transaction. */
  if (!acc->db_conn_param) acc->db_conn_param = s->db_conn_param;
  acc->db_write_uses &= s->db_write_uses;
  acc->go_ret_error_only &= s->go_ret_error_only;
  acc->go_rows_results &= s->go_rows_results; /* known, and carrying rows, only when both say so */
  acc->db_unchecked_writes = acc->db_writes[0] ? DBSRC_GO_IFACE : 0;
  acc->db_unchecked_reads = acc->db_reads[0] ? DBSRC_GO_IFACE : 0;
  if (acc->db_inserted_param != s->db_inserted_param ||
      strcmp(acc->db_inserted_field, s->db_inserted_field) != 0) {
    acc->db_inserted_param = 0;
    acc->db_inserted_field[0] = '\0';
  }
}

/* Whether the package declares method "(*T).name" or "T.name". */
static bool has_method(const ModCtx *mc, const char *type, const char *name) {
  char k1[300], k2[300];
  snprintf(k1, sizeof k1, "(*%s).%s", type, name);
  snprintf(k2, sizeof k2, "%s.%s", type, name);
  return map_get_cstr(mc->func_by_name, k1) || map_get_cstr(mc->func_by_name, k2);
}

bool dbimpl_implements(const ModCtx *mc, const char *fn_key, const char *iface) {
  char type[128];
  const char *t = fn_key, *end;
  if (*t == '(') {
    t += *(t + 1) == '*' ? 2 : 1;
    end = strchr(t, ')');
  } else {
    end = strrchr(t, '.');
  }
  if (!end || end <= t || (size_t)(end - t) >= sizeof type) return false;
  memcpy(type, t, (size_t)(end - t));
  type[end - t] = '\0';
  uint32_t n_mods = mc->pkg ? mc->pkg->n_mods : 1;
  bool listed = false;
  for (uint32_t k = 0; k < n_mods; k++) {
    const IrModule *m = mc->pkg ? mc->pkg->mods[k]->m : mc->m;
    for (uint32_t i = 0; i < m->n_fields; i++) {
      const IrField *f = &m->fields[i];
      if (!(f->flags & IR_FIELD_METHOD) || !f->owner || !f->name || strcmp(f->owner, iface) != 0) continue;
      if (!has_method(mc, type, f->name)) return false;
      listed = true;
    }
  }
  return listed;
}
