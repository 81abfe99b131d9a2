/* dbops: the data operations of a function — which calls read or write which
** tables, how each is protected (a transaction around it, a locking read, an
** atomic statement), and how values flow from an operation's result to
** branches and to later operations. check-then-act and non-atomic-writes are
** built on it; so are the database facts of function summaries, through which
** a service that calls a repository's `getActiveCheckout` and then its
** `createCheckout` is seen as one read → guard → write.
**
** An operation is a call that runs SQL whose text is known (a literal, a
** template, a module constant, a local assigned once from a literal: read by
** the shared SQL classifier), or a call
** of a function whose summary reads or writes tables. Values are followed
** flow-insensitively per function: a path derived from an operation's result
** (`res.rows[0].id`, `const { rows } = …`, `exists := n > 0`) carries that
** operation, and so does anything computed from it. Tables are compared by a
** hash of their lower-cased name, so summaries stay plain data. */
#include <stdio.h>
#include <string.h>

#include "base/map.h"
#include "engine/analysis.h"
#include "engine/ormops.h"
#include "ir/cfg.h"

enum { DBOPS_MAX_PASSES = 3 };

/* Table names are compared as keys (docs/models.md, "Table names"): the
** name without a schema or an alias (`public.users u`), lower-cased, with
** only letters and digits kept, and an English plural made singular, so
** SQL's `media_requests`, an ORM's `MediaRequest` model and a `mediaRequest`
** delegate are one table. */
static size_t table_key(const char *name, char *buf, size_t cap) {
  const char *end = name;
  while (*end && *end != ' ' && *end != '\t') end++;
  const char *start = name;
  for (const char *p = name; p < end; p++)
    if (*p == '.') start = p + 1;
  size_t n = 0;
  for (const char *p = start; p < end && n + 1 < cap; p++) {
    char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) buf[n++] = ch;
  }
  buf[n] = '\0';
  if (n > 6 && strcmp(buf + n - 6, "people") == 0) memcpy(buf + n - 6, "person", 7), n = strlen(buf);
  if (n > 8 && strcmp(buf + n - 8, "children") == 0) buf[n -= 3] = '\0';
  /* One key for a word and its plural: drop an s (not of ss), then an e after
  ** s, x, z or h, then an s again, and read a final ie or consonant-y as i:
  ** case/cases → ca, class/classes → class, status/statuses → statu,
  ** watch/watches → watch, company/companies → compani, movie/movies → movi. */
  if (n > 3 && buf[n - 1] == 's' && buf[n - 2] != 's') buf[--n] = '\0';
  if (n > 3 && buf[n - 1] == 'e' && strchr("sxzh", buf[n - 2])) buf[--n] = '\0';
  if (n > 3 && buf[n - 1] == 's' && buf[n - 2] != 's') buf[--n] = '\0';
  if (n > 3 && buf[n - 1] == 'e' && buf[n - 2] == 'i') buf[--n] = '\0';
  else if (n > 3 && buf[n - 1] == 'y' && !strchr("aeiou", buf[n - 2])) buf[n - 1] = 'i';
  return n;
}

uint32_t dbops_table_hash(const char *name) {
  char buf[128];
  size_t n = table_key(name, buf, sizeof buf);
  uint32_t h = map_hash(buf, n);
  return h ? h : 1;
}

/* A column's name as a row member may spell it: case and underscores
** ignored (`checked_by`, `checkedBy`, Go's `CheckedBy`). */
static uint32_t column_hash(const char *name, size_t n) {
  char buf[64];
  size_t k = 0;
  for (size_t i = 0; i < n && k < sizeof buf; i++)
    if (name[i] != '_') buf[k++] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
  uint32_t h = map_hash(buf, k);
  return h ? h : 1;
}

uint32_t dbops_column_hash(const char *name, size_t n) { return column_hash(name, n); }

/* Section - Classifying calls */

/* The text of a local that function fn assigns once, from a literal or a
** template, and never otherwise (`q := "INSERT …"`, `const sql = \`…\``). */
static const char *local_sql_text(const IrFunc *fn, const char *name) {
  const char *text = NULL;
  for (uint32_t b = 0; fn && b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && in->u.assign.dst.text &&
          strcmp(in->u.assign.dst.text, name) == 0) {
        const IrValue *src = &in->u.assign.src;
        if (text || (src->kind != IR_V_STRING && src->kind != IR_V_TEMPLATE) || !src->text) return NULL;
        text = src->text;
      }
      for (uint32_t r = 0; in->kind == IR_CALL && r < in->u.call.n_results; r++)
        if (in->u.call.results[r].kind == IR_V_PATH && in->u.call.results[r].text &&
            strcmp(in->u.call.results[r].text, name) == 0)
          return NULL;
    }
  return text;
}

static const char *sql_text_of(const IrModule *m, const IrFunc *fn, const IrValue *v) {
  if (!v) return NULL;
  if (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) return v->text;
  if (v->kind == IR_V_PATH && v->text && !strchr(v->text, '.')) {
    for (uint32_t i = 0; i < m->n_consts; i++)
      if (strcmp(m->consts[i].name, v->text) == 0) return m->consts[i].value;
    /* Go store methods keep their SQL in locals too; only their writes are read,
    ** since their reads would give check-then-act validators' lookups that it
    ** cannot yet tell from checks (docs/rules/check-then-act.md). */
    if (m->lang == IR_LANG_GO) {
      const char *t = local_sql_text(fn, v->text);
      SqlInfo in;
      if (t) sql_classify(t, strlen(t), &in);
      return t && (in.kind == SQL_INSERT || in.kind == SQL_UPDATE || in.kind == SQL_DELETE) ? t : NULL;
    }
    return m->lang == IR_LANG_JS || m->lang == IR_LANG_TS ? local_sql_text(fn, v->text) : NULL;
  }
  return NULL;
}

static bool module_const(const IrModule *m, const char *name) {
  for (uint32_t i = 0; name && i < m->n_consts; i++)
    if (strcmp(m->consts[i].name, name) == 0) return true;
  return false;
}

static bool is_data_kind(SqlKind k) { return k == SQL_SELECT || k == SQL_INSERT || k == SQL_UPDATE || k == SQL_DELETE; }

/* The SQL a call runs: the model's SQL argument, else the first argument
** whose text reads as a data statement (QueryContext(ctx, q), Get(&dst, q)).
** Returns its argument index, or -1. */
static int call_sql(const ModCtx *mc, const IrFunc *fn, const IrCall *c, const CallEval *ev, SqlInfo *out,
                    const char **text) {
  if (ev->model && (ev->effect == AE_QUERY || ev->model->runs_sql) && ev->model->sql_arg >= 0) {
    const char *t = sql_text_of(mc->m, fn, kinds_call_arg(c, ev->model->sql_arg));
    if (t) {
      sql_classify(t, strlen(t), out);
      if (is_data_kind(out->kind)) return *text = t, ev->model->sql_arg;
    }
  }
  if (!ev->model && ev->sum && ev->sum->db_sql_param) { /* a query wrapper (sqlwrap.c) */
    const char *t = sql_text_of(mc->m, fn, kinds_call_arg(c, ev->sum->db_sql_param - 1));
    if (t) sql_classify(t, strlen(t), out);
    return t && is_data_kind(out->kind) ? (*text = t, ev->sum->db_sql_param - 1) : -1;
  }
  for (uint32_t a = 0; a < c->n_args && a < 4; a++) {
    const char *t = sql_text_of(mc->m, fn, &c->args[a]);
    if (!t) continue;
    sql_classify(t, strlen(t), out);
    if (is_data_kind(out->kind)) return *text = t, (int)a;
  }
  return -1;
}

/* Whether a call may run SQL at all: a modelled query or acquire of rows, or
** a query method on a receiver the models do not know (`db.query(…)` on a
** wrapper). */
static bool call_runs_sql(const ModCtx *mc, const IrCall *c, const CallEval *ev) {
  if (ev->model)
    return ev->effect == AE_QUERY || ev->model->runs_sql ||
           (ev->effect == AE_ACQUIRE && (ev->result.kind == AK_ROWS || ev->result.kind == AK_ROW));
  if (ev->sum && ev->sum->db_sql_param) return true; /* a query wrapper (sqlwrap.c) */
  return ev->recv_kind == AK_UNKNOWN && c->recv.kind == IR_V_PATH && !ev->sum &&
         apispec_is_query_method(&mc->engine->spec, c->name);
}

static void op_add_table(DbOp *op, const char *name) {
  if (!name || !*name || op->n_tables >= 2) return;
  uint32_t h = dbops_table_hash(name);
  for (uint32_t i = 0; i < op->n_tables; i++)
    if (op->tables[i] == h) return;
  if (!op->n_tables) snprintf(op->table, sizeof op->table, "%s", name);
  op->tables[op->n_tables++] = h;
}

static void op_from_sql(DbOp *op, const SqlInfo *in) {
  op->kind = in->kind == SQL_SELECT ? DB_READ : DB_WRITE;
  op->deletes = in->kind == SQL_DELETE;
  if (in->kind == SQL_SELECT && in->locks_rows) op->flags |= DBF_LOCKING;
  if (in->kind == SQL_INSERT) op->flags |= DBF_INSERT | DBF_RET_INSERTED;
  if (in->on_conflict || in->self_relative_update) op->flags |= DBF_ATOMIC;
  if (in->on_conflict_updates) op->flags |= DBF_OVERWRITES;
  if ((in->kind == SQL_UPDATE || in->kind == SQL_DELETE) && in->has_where) op->flags |= DBF_CONDITIONAL;
  /* A SELECT's first table is what it reads; a write's first is what it writes
  ** (INSERT … SELECT, UPDATE … FROM name more). */
  for (size_t t = 0; t < in->n_tables; t++) op_add_table(op, in->tables[t]);
}

static void op_from_summary(DbOp *op, const FuncSummary *s) {
  bool writes = s->db_writes[0] != 0, reads = s->db_reads[0] != 0;
  if (!writes && !reads && (s->db_flags & DBS_ADVISORY_LOCK)) { /* `lockSequence(tx, key)` */
    op->kind = DB_READ;
    op->flags |= DBF_VIA_SUMMARY | DBF_ADVISORY_LOCK;
    return;
  }
  if (!writes && !reads) return;
  op->kind = writes ? DB_WRITE : DB_READ;
  op->flags |= DBF_VIA_SUMMARY;
  if (s->db_flags & DBS_ATOMIC) op->flags |= DBF_ATOMIC;
  if (s->db_flags & DBS_OVERWRITES) op->flags |= DBF_OVERWRITES;
  if ((s->db_flags & DBS_RET_WRITE) || s->db_inserted_param) op->flags |= DBF_INSERT | DBF_RET_INSERTED;
  /* A get-or-create hands back mostly a row that was there: not a new row's id. */
  if (s->db_flags & DBS_GET_OR_CREATE) op->flags &= (uint16_t)~DBF_RET_INSERTED;
  if (s->db_flags & DBS_INSERTS) op->flags |= DBF_INSERT;
  if (!writes && (s->db_flags & DBS_RET_EXISTS)) op->flags |= DBF_EXISTENCE;
  if (s->db_flags & DBS_ADVISORY_LOCK) op->flags |= DBF_ADVISORY_LOCK;
  const uint32_t *tabs = writes ? s->db_writes : s->db_reads;
  snprintf(op->table, sizeof op->table, "%s", writes ? s->db_write_table : s->db_read_table);
  for (uint32_t i = 0; i < 2 && tabs[i]; i++) op->tables[op->n_tables++] = tabs[i];
  if (writes && reads) op->flags |= DBF_ALSO_READS;
  op->unchecked = writes ? s->db_unchecked_writes : s->db_unchecked_reads;
}

/* What call c (instruction i of block b) of function fi does to tables, into
** *op (kind DB_NONE when nothing); an ORM statement's OrmOp is returned. */
static const OrmOp *dbops_classify(ModCtx *mc, const IrFunc *fn, const OrmFn *orm, uint32_t b, uint32_t i,
                                   const IrCall *c, const CallEval *ev, DbOp *op) {
  memset(op, 0, sizeof *op);
  op->sql_arg = -1;
  const OrmOp *oo = NULL;
  SqlInfo info;
  const char *text = NULL;
  int sa = call_runs_sql(mc, c, ev) ? call_sql(mc, fn, c, ev, &info, &text) : -1;
  if (sa >= 0) {
    op_from_sql(op, &info);
    op->sql_arg = (int8_t)sa;
    if (mc->m->lang == IR_LANG_GO && c->args[sa].kind == IR_V_PATH && !module_const(mc->m, c->args[sa].text))
      op->unchecked = DBSRC_GO_LOCAL_TEXT;
    op->values_known = op->kind == DB_WRITE && sql_value_params(text, strlen(text), &op->value_params) &&
                       (ev->model || !ev->sum || ev->sum->db_sql_values_next);
    if (op->kind == DB_READ && sql_select_existence(text, strlen(text))) op->flags |= DBF_EXISTENCE;
    if (op->kind == DB_READ && sql_takes_advisory_lock(text, strlen(text))) op->flags |= DBF_ADVISORY_LOCK;
    SqlName cols[4];
    size_t nc = op->kind == DB_WRITE ? sql_set_param_columns(text, strlen(text), cols, 4) : 0;
    for (size_t k = 0; k < nc; k++) op->set_cols[op->n_set_cols++] = column_hash(cols[k].ptr, cols[k].len);
    SqlName ins[8];
    size_t ni = (op->flags & DBF_INSERT) ? sql_insert_columns(text, strlen(text), ins, 8) : 0;
    for (size_t k = 0; k < ni; k++) op->ins_cols[op->n_ins_cols++] = column_hash(ins[k].ptr, ins[k].len);
    size_t nw = op->kind == DB_READ ? sql_where_eq_columns(text, strlen(text), ins, 8) : 0;
    for (size_t k = 0; k < nw; k++) op->where_cols[op->n_where_cols++] = column_hash(ins[k].ptr, ins[k].len);
  } else if ((oo = ormops_at(orm, b, i, op)) != NULL) { /* an ORM or query builder statement */
    return oo;
  } else if (ev->sum) {
    op_from_summary(op, ev->sum);
    if (ev->via_instance) jsinstance_op(op); /* an instance method: its writes only */
  }
  (void)mc;
  return NULL;
}

/* Section - Values flowing from operations */

/* What a path carries: the operations (bits, < 64) and parameters (bits, < 32)
** its value is derived from. Of those operations, `fields` are the ones whose
** row values it carries (`user.status`, a scanned column, anything a call
** computed from a result), as against whether rows were found (`user`,
** `rows.length`, `res.rowCount`). `errs` are the operations whose error it is
** (Go's last result, GORM's `.Error`): it says whether they failed, and, against
** `sql.ErrNoRows`, whether they found a row; it is not in `ops`. */
typedef struct Taint {
  uint64_t ops, fields, errs;
  uint64_t absent_true; /* ops for which a true value says the read found nothing
                           (`errors.Is(err, sql.ErrNoRows)`, `const missing = !row`) */
  uint32_t params;
  uint64_t arith; /* ops whose values reached it through arithmetic (`last.n + 1`): a number
                     computed from the read, such as the next of a sequence */
} Taint;

typedef struct Flow {
  Map paths;       /* path → Taint*, in the arena */
  Map inner;       /* path → Taint*: the writes whose results were stored into its members
                      (`entry.FeedID = feed.ID` makes `entry` carry the insert when it is
                      handed to a write) */
  uint64_t writes; /* the operations that write (bits): only they are kept in inner */
  Arena *arena;
  const ApiSpec *spec; /* the result shapes (apispec_result_member) */
  bool changed;
} Flow;

static void taint_or(Taint *t, Taint s) {
  t->ops |= s.ops, t->fields |= s.fields, t->errs |= s.errs, t->absent_true |= s.absent_true, t->params |= s.params;
  t->arith |= s.arith;
}

static Taint *flow_slot(Flow *fl, const char *path, bool create) {
  Taint *t = map_get_cstr(&fl->paths, path);
  if (!t && create) {
    t = ARENA_NEW(fl->arena, Taint);
    map_set_cstr(&fl->paths, arena_strdup(fl->arena, path), t);
  }
  return t;
}

/* A member of a result that holds rows or counts them, not a value of a row:
** an index (`[]`), `length`, and the models' result shapes (`rows`, `rowCount`). */
static bool is_shape_member(const Flow *fl, const char *seg) {
  if (strcmp(seg, "[]") == 0 || strcmp(seg, "length") == 0) return true;
  ApiStateMeans m = apispec_result_member(fl->spec, seg);
  return m == AS_ROWS || m == AS_ROW_COUNT;
}

/* What path carries, with what its prefixes carry (`res.rows` from `res`):
** past a prefix, a member that is no result shape is a row's value, and a
** model's error member (`.Error`) is the prefix's error. */
static Taint flow_path(const Flow *fl, const char *path) {
  Taint out = {0, 0, 0, 0, 0, 0};
  char buf[256];
  size_t n = strlen(path);
  if (n >= sizeof buf) return out;
  memcpy(buf, path, n + 1);
  bool past_value = false, past_error = false, suffix = false;
  for (;;) {
    const Taint *t = map_get_cstr(&fl->paths, buf);
    if (t) {
      out.params |= t->params;
      if (past_error) {
        out.errs |= t->ops | t->errs;
      } else {
        out.ops |= t->ops;
        out.arith |= t->arith;
        out.fields |= t->fields | (past_value ? t->ops : 0);
        if (!suffix) out.errs |= t->errs, out.absent_true |= t->absent_true;
      }
    }
    char *dot = strrchr(buf, '.');
    if (!dot) break;
    *dot = '\0';
    const char *seg = dot + 1;
    past_error = fl->spec && apispec_result_member(fl->spec, seg) == AS_ERROR;
    if (!past_error && !(fl->spec && is_shape_member(fl, seg))) past_value = true;
    suffix = true;
  }
  return out;
}

static Taint flow_value(const Flow *fl, const IrValue *v, int depth) {
  Taint out = {0, 0, 0, 0, 0, 0};
  if (!v || depth > 16) return out;
  if (v->kind == IR_V_PATH && v->text) return flow_path(fl, v->text);
  if (v->kind == IR_V_OTHER && (v->flags & IR_VF_NOT) && v->n_subs == 1) { /* `!row` */
    out = flow_value(fl, &v->subs[0], depth + 1);
    out.absent_true = out.ops & ~out.absent_true;
    return out;
  }
  for (uint32_t i = 0; (v->kind == IR_V_OTHER || v->kind == IR_V_TEMPLATE) && i < v->n_subs; i++)
    taint_or(&out, flow_value(fl, &v->subs[i], depth + 1));
  out.absent_true = 0; /* a computation: its truth says nothing known */
  if (v->kind == IR_V_OTHER && (v->flags & (IR_VF_ARITH | IR_VF_STEP))) out.arith |= out.ops;
  return out;
}

static void flow_add(Flow *fl, const char *path, Taint t) {
  if (!path || (!t.ops && !t.params && !t.errs)) return;
  Taint *slot = flow_slot(fl, path, true);
  Taint was = *slot;
  taint_or(slot, t);
  if (memcmp(&was, slot, sizeof was) != 0) fl->changed = true;
}

/* An assignment to a member (`e.FeedID = id`, `p.Items.[].OwnerId = p.Id`): each
** enclosing path holds t from then on, for the writes it is handed to
** (flow_arg). Kept apart from paths: the object's other members do not carry it;
** and only writes' results: what a read filled in is the guards' business. */
static void flow_add_inner(Flow *fl, const char *dst, Taint t) {
  t.ops &= fl->writes;
  if (!dst || !t.ops) return;
  char buf[256];
  size_t n = strlen(dst);
  if (n >= sizeof buf) return;
  memcpy(buf, dst, n + 1);
  for (char *dot = strrchr(buf, '.'); dot; dot = strrchr(buf, '.')) {
    *dot = '\0';
    Taint *slot = map_get_cstr(&fl->inner, buf);
    if (!slot) {
      slot = ARENA_NEW(fl->arena, Taint);
      map_set_cstr(&fl->inner, arena_strdup(fl->arena, buf), slot);
    }
    Taint was = *slot;
    slot->ops |= t.ops, slot->fields |= t.ops;
    if (memcmp(&was, slot, sizeof was) != 0) fl->changed = true;
  }
}

/* What a value handed to a write carries: itself, and for a path (or Go's
** `&x`) what was stored into its members. */
static Taint flow_arg(const Flow *fl, const IrValue *v) {
  Taint t = flow_value(fl, v, 0);
  if (v && v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF) && v->n_subs == 1) v = &v->subs[0];
  if (!v || (v->kind != IR_V_PATH && v->kind != IR_V_ADDR) || !v->text) return t;
  const Taint *in = map_get_cstr(&fl->inner, v->text);
  if (in) t.ops |= in->ops, t.fields |= in->fields;
  return t;
}

/* A value saying a read found no row: `sql.ErrNoRows`, `gorm.ErrRecordNotFound`. */
static bool is_no_rows_value(const Flow *fl, const IrValue *v) {
  if (!v || v->kind != IR_V_PATH || !v->text || !fl->spec) return false;
  const char *dot = strrchr(v->text, '.');
  return apispec_result_member(fl->spec, dot ? dot + 1 : v->text) == AS_NO_ROWS;
}

/* Go `row.Scan(&n)`, `db.GetContext(ctx, &dst, q)`, C `&x`: what a call
** writes through its arguments' addresses carries what the call carries, as
** values of the rows. */
static void flow_out_args(Flow *fl, const IrCall *c, Taint t) {
  t.fields |= t.ops;
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind == IR_V_ADDR && v->text) flow_add(fl, v->text, t);
    for (uint32_t s = 0; v->kind == IR_V_OTHER && s < v->n_subs && s < 8; s++)
      if (v->subs[s].kind == IR_V_PATH && v->subs[s].text) flow_add(fl, v->subs[s].text, t);
  }
}

/* A helper that stores the id it inserted into a field of its argument
** (`CreateUser(ctx, u)` sets `u.ID`): that field of the argument carries the
** helper's write; the argument's other fields do not. */
static void flow_inserted_field(Flow *fl, const IrCall *c, const FuncSummary *sum, uint64_t op_bit) {
  uint32_t p = sum->db_inserted_param - 1u;
  if (p >= c->n_args) return;
  const IrValue *arg = &c->args[p];
  if (arg->kind == IR_V_OTHER && arg->n_subs == 1) arg = &arg->subs[0]; /* Go `&a` */
  if ((arg->kind != IR_V_PATH && arg->kind != IR_V_ADDR) || !arg->text) return;
  char path[256];
  if ((size_t)snprintf(path, sizeof path, "%s.%s", arg->text, sum->db_inserted_field) >= sizeof path) return;
  flow_add(fl, path, (Taint){op_bit, op_bit, 0, 0, 0, 0});
}

/* Section - The operations of a function */

static int param_index(const IrFunc *fn, int go_recv, const char *name) {
  for (uint32_t i = (uint32_t)go_recv; name && i < fn->n_params && i - (uint32_t)go_recv < 32; i++)
    if (strcmp(fn->params[i].name, name) == 0) return (int)(i - (uint32_t)go_recv);
  return -1;
}

/* Go: path's declared type is known and is no connection, transaction or
** pool (a repository struct `s *store`, `app.db` of type *datastore that
** holds its own pool): a call on it does not run on the caller's connection. */
static bool go_declared_no_conn(ModCtx *mc, uint32_t fi, const char *path) {
  if (mc->m->lang != IR_LANG_GO) return false;
  const char *ctype = gotypes_path_ctype(mc, fi, path);
  return ctype && gotypes_ctype_kind(mc, ctype).kind == 0 && kinds_lookup(mc, fi, path).kind == 0;
}

/* Go: a pool-typed value whose library's transactions have the same type (GORM's
** *gorm.DB, which Begin() returns too: the model declares no type of kind tx but
** acquires one): a parameter of that type may be the caller's transaction. */
static bool go_pool_type_holds_tx(ModCtx *mc, VKind k) {
  if (mc->m->lang != IR_LANG_GO || k.lib < 0 || (uint32_t)k.lib >= mc->engine->spec.libs.len) return false;
  const ApiLib *lib = &mc->engine->spec.libs.items[k.lib];
  for (uint32_t t = 0; t < lib->types.len; t++)
    if (lib->types.items[t].kind == AK_TX) return false;
  for (uint32_t c = 0; c < lib->calls.len; c++) {
    const ApiCall *call = &lib->calls.items[c];
    if (call->effect == AE_ACQUIRE && call->result == AK_TX && (call->receivers & (1u << AK_POOL))) return true;
  }
  return false;
}

/* The value whose connection operation call c runs on: its receiver, the
** argument a helper runs its statements on, an ORM chain's client or the
** transaction it names. */
static const IrValue *op_conn(const IrCall *c, const FuncSummary *sum, const OrmOp *orm) {
  if (orm) return orm->joins ? orm->joins : orm->conn ? orm->conn : &c->recv;
  if (sum && sum->db_conn_param && sum->db_conn_param - 1u < c->n_args) return &c->args[sum->db_conn_param - 1u];
  return &c->recv;
}

const IrValue *dbops_conn_of(const IrCall *c, const FuncSummary *sum, const struct OrmOp *orm) {
  return op_conn(c, sum, orm);
}

/* The call runs on a connection a parameter of the function hands in (its
** receiver, or the argument a helper runs its statements on), one whose
** kind is not a pool. */
static bool runs_on_callers_conn(ModCtx *mc, uint32_t fi, int go_recv, const IrCall *c, const CallEval *ev,
                                 const OrmOp *orm) {
  const IrFunc *fn = &mc->m->funcs[fi];
  const IrValue *conn = op_conn(c, ev->sum, orm);
  if (conn->kind != IR_V_PATH || !conn->text || strchr(conn->text, '.') || param_index(fn, go_recv, conn->text) < 0)
    return false;
  VKind k = kinds_lookup(mc, fi, conn->text);
  if (k.kind == AK_POOL && go_pool_type_holds_tx(mc, k)) return true;
  return k.kind != AK_POOL && !go_declared_no_conn(mc, fi, conn->text);
}

/* The function's operations and the flow of their results. ops is filled with
** up to DBOPS_MAX operations in block order; returns their count. evals holds
** every call's evaluation; for a summary (summary_flow) the flow passes read
** only Go single-result calls' (a summary has never read more). */
static uint32_t dbops_collect(ModCtx *mc, uint32_t fi, Flow *fl, DbOp *ops, uint32_t *op_block, uint32_t *op_instr,
                              const OrmOp **orm_ops, const CallEval *const *evals, bool summary_flow) {
  const IrFunc *fn = &mc->m->funcs[fi];
  const OrmFn *orm = ormops_prepare(mc, fi);
  int go_recv = mc->m->lang == IR_LANG_GO && fn->class_name && fn->n_params ? 1 : 0;
  map_init(&fl->paths, fl->arena);
  map_init(&fl->inner, fl->arena);
  fl->writes = 0;
  fl->spec = &mc->engine->spec;
  for (uint32_t p = (uint32_t)go_recv; p < fn->n_params && p - (uint32_t)go_recv < 32; p++)
    flow_add(fl, fn->params[p].name, (Taint){0, 0, 0, 0, 1u << (p - (uint32_t)go_recv), 0});
  uint32_t n = 0;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || n >= DBOPS_MAX) continue;
      CallEval ev = evals[b][i];
      DbOp op;
      const OrmOp *oo = dbops_classify(mc, fn, orm, b, i, &in->u.call, &ev, &op);
      if (op.kind == DB_NONE) continue;
      op.loc = in->loc;
      if (!oo) op.what = kinds_call_what_in(mc->arena, fn, &in->u.call);
      if (runs_on_callers_conn(mc, fi, go_recv, &in->u.call, &ev, oo)) op.flags |= DBF_CALLERS_CONN;
      if (!oo && ev.sum && ev.sum->never_throws) op.flags |= DBF_NEVER_THROWS;
      orm_ops[n] = oo;
      ops[n] = op;
      op_block[n] = b;
      op_instr[n] = i;
      n++;
    }
  for (uint32_t k = 0; k < n; k++)
    if (ops[k].kind == DB_WRITE) fl->writes |= 1ull << k;
  /* Results carry their operation; values computed from carriers carry it on. */
  for (int pass = 0; pass < DBOPS_MAX_PASSES; pass++) {
    fl->changed = false;
    uint32_t k = 0;
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
        const IrInstr *in = &fn->blocks[b].instrs[i];
        if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH) {
          Taint src = flow_value(fl, &in->u.assign.src, 0);
          flow_add(fl, in->u.assign.dst.text, src);
          flow_add_inner(fl, in->u.assign.dst.text, src);
        } else if (in->kind == IR_CALL) {
          const IrCall *c = &in->u.call;
          Taint t = flow_value(fl, &c->recv, 0);
          bool no_rows_arg = false;
          for (uint32_t a = 0; a < c->n_args; a++) {
            taint_or(&t, flow_value(fl, &c->args[a], 0));
            no_rows_arg |= is_no_rows_value(fl, &c->args[a]);
          }
          bool is_op = k < n && op_block[k] == b && op_instr[k] == i;
          /* What a call computes from results is their values; `errors.Is(err,
          ** sql.ErrNoRows)` says only whether the read found a row, Go's
          ** `len(rows)` how many it found. */
          bool go_len = mc->m->lang == IR_LANG_GO && c->callee && strcmp(c->callee, "len") == 0 && c->n_args == 1;
          Taint mine = {t.ops, go_len ? t.fields : t.fields | t.ops, 0, 0, t.params, t.arith};
          if (no_rows_arg) mine = (Taint){t.ops | t.errs, 0, 0, t.ops | t.errs, t.params, 0};
          dbops_result_narrow(mc->m, c, is_op, is_op && ops[k].kind == DB_READ, fl->writes, t.fields, &mine.ops,
                              &mine.fields, &mine.arith); /* engine/resultflow.c */
          Taint keyed = mine; /* what the call's arguments carried: no rows of its own read */
          if (is_op) mine.ops |= 1ull << k, k++;
          bool go = mc->m->lang == IR_LANG_GO;
          const CallEval *ev = !summary_flow || (go && c->n_results == 1) ? &evals[b][i] : NULL;
          /* A Go error result says whether a call failed, not what it read, so it
          ** carries nothing: the last of several results, and the lone result
          ** of a modelled call that returns only an error (`row.Scan(&n)`,
          ** `rows.Close()`). What Scan writes through &n carries the read. */
          bool lone_error = go && c->n_results == 1 && ev &&
                            ((ev->model && ev->effect != AE_QUERY && ev->effect != AE_ACQUIRE && ev->effect != AE_CREATE) ||
                             (!ev->model && ev->sum && ev->sum->go_ret_error_only));
          for (uint32_t r = 0; r < c->n_results; r++) {
            bool error_result = go && !no_rows_arg && ((r > 0 && r + 1 == c->n_results) || lone_error);
            if (c->results[r].kind != IR_V_PATH) continue;
            /* A helper's result that no return fills from its reads (`name, err :=
            ** validName(req)` returns the slug once no row holds it). */
            bool no_rows = go && is_op && ops[k - 1].kind == DB_READ && ev && !ev->model && ev->sum && r < 7 &&
                           (ev->sum->go_rows_results & GO_ROWS_RESULTS_KNOWN) && !(ev->sum->go_rows_results >> r & 1);
            flow_add(fl, c->results[r].text,
                     error_result ? (Taint){0, 0, mine.ops, 0, 0, 0} : no_rows ? keyed : mine);
          }
          if (is_op && ev && ev->sum && ev->sum->db_inserted_param) flow_inserted_field(fl, c, ev->sum, 1ull << (k - 1));
          /* JS reads return their rows; arguments are never written through. */
          bool js = mc->m->lang == IR_LANG_JS || mc->m->lang == IR_LANG_TS;
          const OrmOp *oo = is_op ? orm_ops[k - 1] : NULL;
          if (mine.ops && !js && !oo && (!is_op || ops[k - 1].kind == DB_READ)) flow_out_args(fl, c, mine);
          /* What an ORM statement fills (Go `First(&u)`, `Create(&team)` sets its id). */
          Taint filled = {mine.ops, mine.fields | mine.ops, 0, 0, mine.params, mine.arith};
          for (uint8_t o = 0; oo && o < oo->n_outs; o++) flow_add(fl, oo->outs[o], filled);
        }
      }
    if (!fl->changed) break;
  }
  /* A connection taken out of a parameter (`async function f({ conn, … })`). */
  for (uint32_t k = 0; k < n; k++) {
    const IrCall *c = &fn->blocks[op_block[k]].instrs[op_instr[k]].u.call;
    const IrValue *conn = orm_ops[k] ? op_conn(c, NULL, orm_ops[k]) : &c->recv;
    if ((ops[k].flags & DBF_CALLERS_CONN) || conn->kind != IR_V_PATH || !conn->text) continue;
    Taint t = flow_path(fl, conn->text);
    if (t.params && !t.ops && kinds_lookup(mc, fi, conn->text).kind != AK_POOL && !go_declared_no_conn(mc, fi, conn->text))
      ops[k].flags |= DBF_CALLERS_CONN;
  }
  return n;
}

/* What the values an operation writes carry: the arguments behind its SET or
** VALUES parameters — JS `query(text, [a, b])` (list element n is $n+1), Go
** `Exec(q, a, b)` (the arguments after the text) — or, for a summarised
** helper, the arguments its summary says reach its writes' values. Nothing
** when that cannot be told (a values array built elsewhere). */
/* The value behind the statement's parameter p (0-based): JS `query(text,
** [a, b])` (list element n is $n+1), Go `Exec(q, a, b)` (the arguments after
** the text); NULL when it cannot be told (a values array built elsewhere). */
static const IrValue *sql_param_value(const IrCall *c, const DbOp *op, uint32_t p) {
  uint32_t next = (uint32_t)op->sql_arg + 1;
  const IrValue *list = next < c->n_args && c->args[next].kind == IR_V_OTHER && (c->args[next].flags & IR_VF_LIST)
                            ? &c->args[next] : NULL;
  if (list) return p < list->n_subs ? &list->subs[p] : NULL;
  if (next < c->n_args && c->args[next].kind == IR_V_PATH && c->n_args == next + 1 && p > 0) return NULL;
  return next + p < c->n_args ? &c->args[next + p] : NULL;
}

/* What the values an operation writes carry: the arguments behind its SET or
** VALUES parameters, or, for a summarised helper, the arguments its summary
** says reach its writes' values. Nothing when that cannot be told. */
static Taint op_value_flow(const Flow *fl, const IrCall *c, const DbOp *op, const FuncSummary *sum, const OrmOp *orm) {
  Taint t = {0, 0, 0, 0, 0, 0};
  for (uint8_t v = 0; orm && v < orm->n_values; v++) taint_or(&t, flow_arg(fl, orm->values[v]));
  if (orm) return t;
  if (op->sql_arg < 0) {
    for (uint32_t a = 0; sum && a < c->n_args && a < 32; a++)
      if (sum->db_write_uses >> a & 1) taint_or(&t, flow_arg(fl, &c->args[a]));
    return t;
  }
  for (uint32_t p = 0; op->values_known && p < 64; p++)
    if (op->value_params >> p & 1) taint_or(&t, flow_value(fl, sql_param_value(c, op, p), 0));
  return t;
}

/* What the operation's arguments carry (not its receiver: the connection);
** for an ORM statement, every argument of its chain's links. */
static Taint op_args_flow(const Flow *fl, const IrCall *c, const OrmOp *orm) {
  Taint t = {0, 0, 0, 0, 0, 0};
  for (uint8_t a = 0; orm && a < orm->n_args; a++) taint_or(&t, flow_arg(fl, orm->args[a]));
  for (uint32_t a = 0; !orm && a < c->n_args; a++) taint_or(&t, flow_arg(fl, &c->args[a]));
  return t;
}

/* Section - Summaries */

static void summary_add_tables(uint32_t *set, char *name, size_t name_len, const DbOp *op) {
  for (uint32_t t = 0; t < op->n_tables; t++) {
    uint32_t k = 0;
    while (k < 2 && set[k] && set[k] != op->tables[t]) k++;
    if (k < 2 && !set[k]) {
      set[k] = op->tables[t];
      if (k == 0) snprintf(name, name_len, "%s", op->table);
    }
  }
}

/* Whether path (a call's result or an assignment's destination) is a field
** of a parameter (`u.ID`) that carries what one of the inserts made; records
** the first such parameter and field. */
static bool note_inserted_field(const IrFunc *fn, int go_recv, const Flow *fl, const DbOp *ops, uint32_t n,
                                const IrValue *dst, FuncSummary *s) {
  if (dst->kind != IR_V_PATH || !dst->text) return false;
  const char *dot = strchr(dst->text, '.');
  if (!dot || strchr(dot + 1, '.') || strlen(dot + 1) >= sizeof s->db_inserted_field) return false;
  char base[64];
  if ((size_t)(dot - dst->text) >= sizeof base) return false;
  memcpy(base, dst->text, (size_t)(dot - dst->text));
  base[dot - dst->text] = '\0';
  int p = param_index(fn, go_recv, base);
  uint64_t carried = p >= 0 && p < 0xfe ? flow_path(fl, dst->text).ops : 0;
  for (uint32_t k = 0; carried && k < n; k++)
    if ((carried >> k & 1) && ops[k].kind == DB_WRITE && (ops[k].flags & DBF_RET_INSERTED)) {
      s->db_inserted_param = (uint8_t)(p + 1);
      snprintf(s->db_inserted_field, sizeof s->db_inserted_field, "%s", dot + 1);
      return true;
    }
  return false;
}

static void summary_inserted_field(const IrFunc *fn, int go_recv, const Flow *fl, const DbOp *ops, uint32_t n,
                                   FuncSummary *s) {
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && note_inserted_field(fn, go_recv, fl, ops, n, &in->u.assign.dst, s)) return;
      for (uint32_t r = 0; in->kind == IR_CALL && r < in->u.call.n_results; r++)
        if (note_inserted_field(fn, go_recv, fl, ops, n, &in->u.call.results[r], s)) return;
      for (uint32_t a = 0; in->kind == IR_CALL && a < in->u.call.n_args; a++) { /* `….Scan(&u.ID)` */
        const IrValue *arg = &in->u.call.args[a];
        if (arg->kind == IR_V_OTHER && (arg->flags & IR_VF_ADDR_OF) && arg->n_subs == 1 && !arg->obj) arg = &arg->subs[0];
        else if (arg->kind != IR_V_ADDR) continue; /* a value handed over, not written through */
        IrValue as_path = *arg;
        as_path.kind = IR_V_PATH;
        if (note_inserted_field(fn, go_recv, fl, ops, n, &as_path, s)) return;
      }
    }
}

/* The unchecked operations' tables (DbOp.unchecked) go after the checked
** ones, where there is room: a helper that mixes both is, to check-then-act
** (which compares a write's first table), what its checked statements write. */
static void summary_unchecked_tables(const DbOp *ops, uint32_t n, FuncSummary *s) {
  for (uint32_t k = 0; k < n; k++) {
    if (!ops[k].unchecked) continue;
    if (ops[k].kind == DB_READ) summary_add_tables(s->db_reads, s->db_read_table, sizeof s->db_read_table, &ops[k]);
    if (ops[k].kind == DB_WRITE) summary_add_tables(s->db_writes, s->db_write_table, sizeof s->db_write_table, &ops[k]);
  }
}

static bool is_constant_value(const IrValue *v);

/* Whether a member of v's path carries a read (`u := T{Handle: h}` then
** `Scan(&u.ID)`: u is made of a parameter, its members of the read). */
static bool members_carry(const Flow *fl, const IrValue *v, int depth) {
  if (!v || depth > 4) return false;
  for (uint32_t s = 0; v->kind == IR_V_OTHER && s < v->n_subs; s++)
    if (members_carry(fl, &v->subs[s], depth + 1)) return true;
  if (v->kind != IR_V_PATH || !v->text) return false;
  size_t n = strlen(v->text);
  for (uint32_t i = 0; i < fl->paths.cap; i++) {
    const MapSlot *sl = &fl->paths.slots[i];
    const Taint *t = sl->key ? sl->value : NULL;
    if (t && (t->ops | t->fields) && sl->key_len > n && strncmp(sl->key, v->text, n) == 0 && sl->key[n] == '.')
      return true;
    }
  return false;
}

/* A get-or-create: among the returned operations (bits of returned), a read of the table a
** returned insert makes, that can run where no row was made. A read that runs only after a
** plain insert (no ON CONFLICT or IGNORE: it makes its row or throws), as the fallback of
** `res = INSERT … RETURNING id; if (!res.rows.length) res = SELECT id …`, finds no old row:
** the insert's row is the one returned. */
static bool returns_found_row(const IrFunc *fn, const DbOp *ops, const uint32_t *ob, const uint32_t *oi, uint32_t n,
                              uint64_t returned) {
  for (uint32_t r = 0; r < n && r < 64; r++) {
    if (!(returned >> r & 1) || ops[r].kind != DB_READ || !ops[r].n_tables || (ops[r].flags & DBF_EXISTENCE)) continue;
    for (uint32_t k = 0; k < n && k < 64; k++) {
      if (!(returned >> k & 1) || ops[k].kind != DB_WRITE || !(ops[k].flags & DBF_RET_INSERTED) || !ops[k].n_tables ||
          ops[k].tables[0] != ops[r].tables[0])
        continue;
      bool plain = (ops[k].flags & DBF_INSERT) && !(ops[k].flags & (DBF_ATOMIC | DBF_VIA_SUMMARY));
      if (!plain || cfg_point_reaches(fn, ob[r], oi[r], ob[k], oi[k]) || !cfg_point_reaches(fn, ob[k], oi[k], ob[r], oi[r]))
        return true;
    }
  }
  return false;
}

/* Go: how many results the function declares (its IR_VAR_RESULT locals). */
static uint32_t go_n_results(const IrFunc *fn) {
  uint32_t n = 0;
  for (uint32_t v = 0; v < fn->n_locals; v++)
    if (fn->locals[v].flags & IR_VAR_RESULT) n++;
  return n;
}

void dbops_summary(ModCtx *mc, uint32_t fi, FuncSummary *s) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (fn->flags & IR_FUNC_TOPLEVEL) return;
  ArenaMark mark = arena_mark(mc->arena);
  Flow fl = {.arena = mc->arena, .spec = &mc->engine->spec};
  DbOp *ops = ARENA_NEW_ARRAY(mc->arena, DbOp, DBOPS_MAX);
  uint32_t *ob = ARENA_NEW_ARRAY(mc->arena, uint32_t, DBOPS_MAX), *oi = ARENA_NEW_ARRAY(mc->arena, uint32_t, DBOPS_MAX);
  const OrmOp **orm = ARENA_NEW_ARRAY(mc->arena, const OrmOp *, DBOPS_MAX);
  /* Each call once: dbops_collect's flow passes and the writes below would
  ** otherwise evaluate the same calls again, in every round of kinds. */
  CallEval **evals = ARENA_NEW_ARRAY(mc->arena, CallEval *, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    evals[b] = ARENA_NEW_ARRAY(mc->arena, CallEval, fn->blocks[b].n_instrs + 1);
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
      if (fn->blocks[b].instrs[i].kind == IR_CALL) evals[b][i] = kinds_eval_call(mc, fi, &fn->blocks[b].instrs[i].u.call);
  }
  uint32_t n = dbops_collect(mc, fi, &fl, ops, ob, oi, orm, (const CallEval *const *)evals, true);
  int go_recv = mc->m->lang == IR_LANG_GO && fn->class_name && fn->n_params ? 1 : 0;
  bool all_atomic = true, any_write = false;
  uint8_t unchecked_w = 0, unchecked_r = 0; /* the sources of unchecked writes (reads), 0xff past a checked one */
  for (uint32_t k = 0; k < n; k++) {
    const DbOp *op = &ops[k];
    bool tabled = !op->unchecked; /* the checked operations' tables first (summary_unchecked_tables) */
    if (op->kind == DB_READ && tabled) summary_add_tables(s->db_reads, s->db_read_table, sizeof s->db_read_table, op);
    if (op->kind == DB_READ) unchecked_r = op->unchecked && unchecked_r != 0xff ? unchecked_r | op->unchecked : 0xff;
    if (op->kind == DB_WRITE) {
      any_write = true;
      if (tabled) summary_add_tables(s->db_writes, s->db_write_table, sizeof s->db_write_table, op);
      if (!(op->flags & DBF_ATOMIC)) all_atomic = false;
      if (op->flags & DBF_OVERWRITES) s->db_flags |= DBS_OVERWRITES;
      unchecked_w = op->unchecked && unchecked_w != 0xff ? unchecked_w | op->unchecked : 0xff;
      if ((op->flags & DBF_INSERT) && !(op->flags & DBF_ATOMIC)) s->db_flags |= DBS_INSERTS;
      const IrCall *c = &fn->blocks[ob[k]].instrs[oi[k]].u.call;
      s->db_write_uses |= op_value_flow(&fl, c, op, evals[ob[k]][oi[k]].sum, orm[k]).params;
    }
    if (op->flags & DBF_ADVISORY_LOCK) s->db_flags |= DBS_ADVISORY_LOCK;
    /* Its statements run on a parameter's connection (`getActive(client, id)`,
    ** `User.create(data, { transaction: t })`). */
    const IrCall *c = &fn->blocks[ob[k]].instrs[oi[k]].u.call;
    const IrValue *conn = orm[k] ? op_conn(c, NULL, orm[k]) : &c->recv;
    int p = conn->kind == IR_V_PATH ? param_index(fn, go_recv, conn->text) : -1;
    if (p >= 0 && p < 0xfe && !s->db_conn_param) s->db_conn_param = (uint8_t)(p + 1);
  }
  if (any_write && all_atomic) s->db_flags |= DBS_ATOMIC;
  summary_unchecked_tables(ops, n, s);
  s->db_unchecked_writes = unchecked_w == 0xff ? 0 : unchecked_w;
  s->db_unchecked_reads = unchecked_r == 0xff ? 0 : unchecked_r;
  bool ret_exists = true, ret_read = false;
  uint32_t n_res = go_n_results(fn);
  uint8_t rows_results = mc->m->lang == IR_LANG_GO && n_res && n_res < 8 ? GO_ROWS_RESULTS_KNOWN : 0;
  /* An ORM chain's rows reach its results other ways (`First(&u).Error != gorm.ErrRecordNotFound`). */
  for (uint32_t k = 0; k < n; k++)
    if (orm[k]) rows_results = 0;
  uint64_t returned = 0;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (t->kind == IR_T_RET && t->n_values != n_res) rows_results = 0;
    for (uint32_t v = 0; t->kind == IR_T_RET && v < t->n_values; v++) {
      Taint tv = flow_value(&fl, &t->values[v], 0);
      uint64_t carried = tv.ops;
      /* Only a constant, or a value made of its parameters and of no read, is
      ** known to carry no rows: a struct a read scanned into is not seen here. */
      if (v < 7 && (tv.ops || tv.fields || (!tv.params && !is_constant_value(&t->values[v])) ||
                    members_carry(&fl, &t->values[v], 0)))
        rows_results |= (uint8_t)(1u << v);
      returned |= carried;
      for (uint32_t k = 0; carried && k < n; k++) {
        if (!(carried >> k & 1)) continue;
        if (ops[k].kind == DB_READ) ret_read = true, ret_exists &= (ops[k].flags & DBF_EXISTENCE) != 0;
        if (ops[k].kind == DB_WRITE && (ops[k].flags & DBF_RET_INSERTED)) s->db_flags |= DBS_RET_WRITE;
      }
    }
  }
  if (ret_read) s->db_flags |= DBS_RET_READ | (ret_exists ? DBS_RET_EXISTS : 0);
  if (returns_found_row(fn, ops, ob, oi, n, returned)) s->db_flags |= DBS_GET_OR_CREATE;
  summary_inserted_field(fn, go_recv, &fl, ops, n, s);
  s->go_rows_results = rows_results;
  for (uint32_t v = 0; mc->m->lang == IR_LANG_GO && v < fn->n_locals; v++)
    if (fn->locals[v].flags & IR_VAR_RESULT) s->go_ret_error_only = fn->locals[v].type && strcmp(fn->locals[v].type, "error") == 0;
  if (n_res != 1) s->go_ret_error_only = false;
  arena_rewind(mc->arena, mark);
}

/* Section - Per-function operations for the rules */

/* The resource whose transaction is open, in every combination, before
** instruction (b, i), among the resources the call's receiver may hold; -1 when
** none (a pool, autocommit, or not known). */
static int32_t open_tx_of(const FnAnalysis *fa, const IrCall *c, const TsState *state) {
  uint64_t bits = facts_value_bits((FnAnalysis *)fa, &c->recv);
  for (uint32_t r = 0; bits && r < fa->n_res; r++) {
    if (!(bits >> r & 1)) continue;
    TsState combos = state[r] & TS_COMBOS;
    if (combos && (combos & TS_TX_MASK(TX_OPEN)) == combos) return (int32_t)r;
  }
  return -1;
}

typedef struct TxVisit {
  FnAnalysis *fa;
  uint32_t *ob, *oi, n;
  DbOp *ops;
  const OrmOp **orm;
  uint32_t next;
} TxVisit;

/* A transaction the function was handed rather than began: a receiver of
** kind tx that no tracked resource holds (`func f(tx *sql.Tx)`, a field). */
static bool borrowed_tx(const FnAnalysis *fa, const IrValue *recv) {
  return recv->kind == IR_V_PATH && recv->text && !facts_value_bits((FnAnalysis *)fa, recv) &&
         kinds_lookup(fa->mc, fa->fi, recv->text).kind == AK_TX;
}

static void visit_tx(void *ctx, uint32_t b, uint32_t i, const TsState *state) {
  TxVisit *v = ctx;
  for (uint32_t k = 0; k < v->n; k++)
    if (v->ob[k] == b && v->oi[k] == i) {
      const IrCall *c = &v->fa->fn->blocks[b].instrs[i].u.call;
      const OrmOp *oo = v->orm[k];
      if (oo && oo->in_batch) continue; /* a managed batch's (dbops_func) */
      /* An ORM chain runs on its client, or in the transaction it names. */
      IrCall on_conn = *c;
      on_conn.recv = *op_conn(c, NULL, oo);
      const IrValue *conn = &on_conn.recv;
      v->ops[k].tx_res = open_tx_of(v->fa, &on_conn, state);
      /* A transaction an option names that no typestate tracks (Sequelize's
      ** `const t = await sequelize.transaction()`): the caller's or a managed one. */
      if (v->ops[k].tx_res < 0 && oo && oo->joins) v->ops[k].tx_res = DBOPS_BORROWED_TX;
      /* Summarised helpers that run on a parameter: the argument's transaction. */
      const FuncSummary *s = oo ? NULL : v->fa->evals[b][i].sum;
      if (v->ops[k].tx_res < 0 && s && s->db_conn_param && s->db_conn_param - 1u < c->n_args) {
        IrCall as_recv = *c;
        as_recv.recv = c->args[s->db_conn_param - 1u];
        conn = &c->args[s->db_conn_param - 1u];
        v->ops[k].tx_res = open_tx_of(v->fa, &as_recv, state);
      }
      if (v->ops[k].tx_res < 0 && borrowed_tx(v->fa, conn)) v->ops[k].tx_res = DBOPS_BORROWED_TX;
    }
}

/* A transaction begun SERIALIZABLE: `BEGIN ISOLATION LEVEL SERIALIZABLE` text,
** Go `db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})`, an
** ORM's `sequelize.transaction({ isolationLevel: … SERIALIZABLE })`. */

static void mark_serializable(FnAnalysis *fa) {
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fa->fn->blocks[b].instrs[i];
      const InstrFact *f = &fa->facts[b][i];
      if (in->kind != IR_CALL || !(f->begin || f->acquire)) continue;
      bool ser = false;
      for (uint32_t a = 0; a < in->u.call.n_args && !ser; a++) {
        const char *t = sql_text_of(fa->mc->m, fa->fn, &in->u.call.args[a]);
        SqlInfo info;
        if (t) sql_classify(t, strlen(t), &info);
        ser = (t && (info.kind == SQL_BEGIN || info.kind == SQL_SET_TRANSACTION) && info.isolation == SQL_ISO_SERIALIZABLE) ||
              ormkinds_names_serializable(&in->u.call.args[a]);
      }
      uint64_t bits = f->begin | f->acquire;
      for (uint32_t r = 0; ser && r < fa->n_res; r++)
        if (bits >> r & 1) fa->res[r].serializable = true;
    }
}

/* Inside a managed transaction's callback that is handed the transaction's
** client (Prisma's tx, knex's trx, TypeORM's em), an ORM statement runs in
** the transaction only through that client: `prisma.user.create()` there
** runs outside it. True when it does (or no such client is known). */
static bool runs_on_tx_param(const FnAnalysis *fa, const OrmOp *oo) {
  const FnInfo *F = &fa->mc->fns[fa->fi];
  if (F->tx_param < 0 || (uint32_t)F->tx_param >= fa->fn->n_params) return true;
  const IrValue *conn = oo->joins ? oo->joins : oo->conn;
  if (!conn || conn->kind != IR_V_PATH || !conn->text) return true;
  const char *p = fa->fn->params[F->tx_param].name;
  size_t n = strlen(p);
  return strncmp(conn->text, p, n) == 0 && (conn->text[n] == '\0' || conn->text[n] == '.');
}

/* Operations on a receiver of unknown kind between its begin and its commit
** or rollback (lextx.c): `conn.beginTransaction(); conn.execute(…); conn.commit()`. */
static void mark_lexical_tx(FnAnalysis *fa) {
  FnDbOps *d = fa->dbops;
  for (uint32_t k = 0; k < d->n; k++) {
    if (d->ops[k].tx_res != -1 || d->orm[k]) continue;
    const IrCall *c = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
    const IrValue *conn = op_conn(c, fa->evals[d->block[k]][d->instr[k]].sum, NULL);
    if (conn->kind != IR_V_PATH || !conn->text || facts_value_bits(fa, conn) ||
        kinds_lookup(fa->mc, fa->fi, conn->text).kind != AK_UNKNOWN)
      continue;
    int32_t begin = lextx_open_begin(fa, conn->text, d->block[k], d->instr[k]);
    if (begin >= DBOPS_LEXICAL_TX_MIN) d->ops[k].tx_res = begin;
  }
}

void dbops_func(FnAnalysis *fa) {
  ModCtx *mc = fa->mc;
  Arena *a = mc->arena;
  fa->dbops = ARENA_NEW(a, FnDbOps);
  FnDbOps *d = fa->dbops;
  d->flow = ARENA_NEW(a, Flow);
  ((Flow *)d->flow)->arena = a;
  d->ops = ARENA_NEW_ARRAY(a, DbOp, DBOPS_MAX);
  d->block = ARENA_NEW_ARRAY(a, uint32_t, DBOPS_MAX);
  d->instr = ARENA_NEW_ARRAY(a, uint32_t, DBOPS_MAX);
  d->orm = ARENA_NEW_ARRAY(a, const OrmOp *, DBOPS_MAX);
  d->n = dbops_collect(mc, fa->fi, d->flow, d->ops, d->block, d->instr, d->orm, (const CallEval *const *)fa->evals, false);
  /* The callback of a managed transaction: all its statements share one,
  ** except those of a library that joins a transaction only when told to
  ** (Sequelize without `{ transaction: t }`: autocommit). */
  const FnInfo *F = &mc->fns[fa->fi];
  int32_t managed = F->in_tx ? (F->tx_serializable ? DBOPS_MANAGED_SERIALIZABLE_TX : DBOPS_MANAGED_TX) : -1;
  for (uint32_t k = 0; k < d->n; k++) {
    const OrmOp *oo = d->orm[k];
    d->ops[k].tx_res = managed;
    if (oo && oo->in_batch) d->ops[k].tx_res = oo->batch_serializable ? DBOPS_MANAGED_SERIALIZABLE_TX : DBOPS_MANAGED_TX;
    else if (oo && oo->joins_required && !oo->joins) d->ops[k].tx_res = -1;
    else if (oo && managed != -1 && !oo->joins_required && !runs_on_tx_param(fa, oo)) d->ops[k].tx_res = -1;
  }
  txescape_mark(fa); /* statements of a transaction's callback sent through another connection */
  if (!d->n || managed != -1) return;
  mark_serializable(fa);
  TxVisit v = {fa, d->block, d->instr, d->n, d->ops, d->orm, 0};
  typestate_replay(fa, visit_tx, &v);
  mark_lexical_tx(fa);
}

uint32_t dbops_decision_block(const FnAnalysis *fa, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  const OrmOp *oo = d->orm ? d->orm[k] : NULL;
  return oo && oo->guard_block < fa->fn->n_blocks ? oo->guard_block : d->block[k];
}

uint64_t dbops_value_ops(const FnAnalysis *fa, const IrValue *v) {
  return fa->dbops ? flow_value(fa->dbops->flow, v, 0).ops : 0;
}

/* The earlier statements that saved the entity ORM statement k saves again
** (`await repo.save(user); …; await repo.save(user)`): the same row, no
** dependant of it. */
static uint64_t same_entity_ops(const FnDbOps *d, uint32_t k) {
  const OrmOp *oo = d->orm ? d->orm[k] : NULL;
  uint64_t bits = 0;
  for (uint32_t m = 0; oo && oo->entity && m < d->n && m < 64; m++)
    if (m != k && d->orm[m] && d->orm[m]->entity && strcmp(d->orm[m]->entity, oo->entity) == 0) bits |= 1ull << m;
  return bits;
}

uint64_t dbops_args_ops(const FnAnalysis *fa, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || k >= d->n) return 0;
  uint64_t ops = op_args_flow(d->flow, &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call, d->orm[k]).ops;
  return ops & ~same_entity_ops(d, k);
}

uint64_t dbops_value_ops_of(const FnAnalysis *fa, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || k >= d->n) return 0;
  const IrCall *c = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  uint64_t ops = op_value_flow(d->flow, c, &d->ops[k], fa->evals[d->block[k]][d->instr[k]].sum, d->orm[k]).ops;
  /* A loaded entity saved: a value written back is computed from the read
  ** that loaded it (`u.balance = u.balance - n`), not from another read that
  ** merely led to the new value. */
  const OrmOp *oo = d->orm[k];
  uint64_t own = 0;
  for (uint32_t m = 0; oo && oo->entity_loaded && m < d->n && m < 64; m++)
    if (d->block[m] == oo->entity_read_b && d->instr[m] == oo->entity_read_i) own = 1ull << m;
  if (oo && oo->entity_loaded) ops &= own;
  return ops;
}

bool dbops_gets_or_creates(const FnAnalysis *fa, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || k >= d->n || !d->orm[k]) return false;
  const OrmOp *oo = d->orm[k];
  return oo->entity_loaded && !oo->entity_stored && (d->ops[k].flags & DBF_INSERT) && !(d->ops[k].flags & DBF_ATOMIC);
}

uint64_t dbops_value_arith_ops_of(const FnAnalysis *fa, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || k >= d->n) return 0;
  const IrCall *c = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  return op_value_flow(d->flow, c, &d->ops[k], fa->evals[d->block[k]][d->instr[k]].sum, d->orm[k]).arith;
}

/* A constant a found-or-not test compares with: null, nil, undefined, a
** boolean, 0, 1, "". */
static bool is_presence_constant(const IrValue *v) {
  if (v->kind == IR_V_NULL || v->kind == IR_V_BOOL) return true;
  if (v->kind == IR_V_NUMBER) return v->text && (strcmp(v->text, "0") == 0 || strcmp(v->text, "1") == 0);
  return v->kind == IR_V_STRING && v->text && !*v->text;
}

typedef struct GuardCx {
  const Flow *fl;
  uint64_t bit;       /* the read */
  const DbOp *write;  /* whose SET columns make a value test DB_GUARD_VALUE_WRITTEN */
  const IrCall *write_call;
} GuardCx;

static bool value_meets_args(const IrValue *v, const IrCall *read, int depth);

/* True when v tests a member of the read's rows that the write sets:
** `rows[0].status`, `g.status` (the last member that is no result shape). */
static bool tests_written_column(const GuardCx *g, const IrValue *v, int depth) {
  if (!v || depth > 8 || !g->write->n_set_cols) return false;
  for (uint32_t s = 0; v->kind == IR_V_OTHER && s < v->n_subs; s++)
    if (tests_written_column(g, &v->subs[s], depth + 1)) return true;
  if (v->kind != IR_V_PATH || !v->text || !(flow_path(g->fl, v->text).fields & g->bit)) return false;
  char buf[256];
  size_t len = strlen(v->text);
  if (len >= sizeof buf) return false;
  memcpy(buf, v->text, len + 1);
  for (char *dot = strrchr(buf, '.'); dot; *dot = '\0', dot = strrchr(buf, '.')) {
    if (is_shape_member(g->fl, dot + 1)) continue;
    uint32_t h = column_hash(dot + 1, strlen(dot + 1));
    for (uint32_t i = 0; i < g->write->n_set_cols; i++)
      if (g->write->set_cols[i] == h) return true;
    return false;
  }
  return false;
}

/* A truthiness test of x (value v), or x compared with a presence constant.
** Testing a member the write is then given (`const id = rows[0]?.id; if (!id)
** throw …; like(id)`) asks whether the row exists: the member is its key. */
static DbGuard guard_of_test(const GuardCx *g, const Taint *x, const IrValue *v) {
  if (!(x->ops & g->bit)) return DB_GUARD_NONE;
  if (!(x->fields & g->bit) || value_meets_args(v, g->write_call, 0)) return DB_GUARD_EXISTS;
  return tests_written_column(g, v, 0) ? DB_GUARD_VALUE_WRITTEN : DB_GUARD_VALUE;
}

/* Go `err == nil` / `err != nil` where err is only the read's error: the
** successor on which the read failed (for `==`, 1), or -1 when c is no such
** test. A read that failed found no row, as far as what follows on that
** side can tell: `if err == nil { return errExists }` then an insert once the
** other errors are returned (`else if !isNotFound(err)`) inserts where the
** read found nothing. On the side where it succeeded nothing is known (a
** Query or Find succeeds on no rows), so only the failing side counts. */
static int error_nil_test(const GuardCx *g, const IrCond *c, const Taint *a, const Taint *b) {
  if (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) return -1;
  const Taint *err = c->b.kind == IR_V_NULL ? a : c->a.kind == IR_V_NULL ? b : NULL;
  if (!err || !(err->errs & g->bit) || (err->ops & g->bit)) return -1;
  return c->kind == IR_COND_EQ ? 1 : 0;
}

static DbGuard cond_guard(const GuardCx *g, const IrCond *c, int depth) {
  if (!c || depth > 32) return DB_GUARD_NONE;
  const Flow *fl = g->fl;
  Taint a = flow_value(fl, &c->a, 0), b = flow_value(fl, &c->b, 0);
  switch (c->kind) {
  case IR_COND_NOT: return cond_guard(g, c->lhs, depth + 1);
  case IR_COND_AND: case IR_COND_OR: {
    DbGuard l = cond_guard(g, c->lhs, depth + 1), r = cond_guard(g, c->rhs, depth + 1);
    return l > r ? l : r;
  }
  case IR_COND_TRUTHY: return guard_of_test(g, &a, &c->a);
  case IR_COND_OPAQUE: return (a.ops & g->bit) ? DB_GUARD_VALUE : DB_GUARD_NONE;
  default: break;
  }
  if (is_no_rows_value(fl, &c->b)) return ((a.errs | a.ops) & g->bit) ? DB_GUARD_EXISTS : DB_GUARD_NONE;
  if (is_no_rows_value(fl, &c->a)) return ((b.errs | b.ops) & g->bit) ? DB_GUARD_EXISTS : DB_GUARD_NONE;
  if (error_nil_test(g, c, &a, &b) >= 0) return DB_GUARD_EXISTS;
  if (is_presence_constant(&c->b)) return guard_of_test(g, &a, &c->a);
  if (is_presence_constant(&c->a)) return guard_of_test(g, &b, &c->b);
  if (!((a.ops | b.ops) & g->bit)) return DB_GUARD_NONE;
  bool written = tests_written_column(g, &c->a, 0) || tests_written_column(g, &c->b, 0);
  return written ? DB_GUARD_VALUE_WRITTEN : DB_GUARD_VALUE;
}

/* For `x == K` against a presence constant K: does equality mean "found nothing"? */
static bool equal_means_absent(const IrValue *k) {
  if (k->kind == IR_V_BOOL) return k->text && strcmp(k->text, "false") == 0;
  if (k->kind == IR_V_NUMBER) return k->text && strcmp(k->text, "0") == 0;
  return true; /* null, nil, undefined, "" */
}

/* x OP K with K = 0 or 1 on the right: the successor taken when x counts no row. */
static int count_absent(IrCondKind op, const IrValue *k) {
  bool zero = k->kind == IR_V_NUMBER && k->text && strcmp(k->text, "0") == 0;
  bool one = k->kind == IR_V_NUMBER && k->text && strcmp(k->text, "1") == 0;
  if ((op == IR_COND_GT && zero) || (op == IR_COND_GE && one)) return 1; /* true: rows found */
  if ((op == IR_COND_LT && one) || (op == IR_COND_LE && zero)) return 0;
  return -1;
}

/* The successor a found-or-not test of the read takes when the read found
** nothing, or -1 when the condition is no such test or it cannot be told. */
static int cond_absent(const GuardCx *g, const IrCond *c, int depth) {
  if (!c || depth > 32) return -1;
  if (c->kind == IR_COND_NOT) {
    int e = cond_absent(g, c->lhs, depth + 1);
    return e < 0 ? e : 1 - e;
  }
  Taint a = flow_value(g->fl, &c->a, 0), b = flow_value(g->fl, &c->b, 0);
  if (c->kind == IR_COND_TRUTHY) return !(a.ops & g->bit) ? -1 : (a.absent_true & g->bit) ? 0 : 1;
  if (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) {
    if (!(a.ops & g->bit) || !is_presence_constant(&c->b)) return -1;
    return count_absent(c->kind, &c->b);
  }
  int failed = error_nil_test(g, c, &a, &b);
  if (failed >= 0) return failed;
  int eq; /* the successor of `==` when it says absent: 0 if equality means absent */
  if (is_no_rows_value(g->fl, &c->b) || is_no_rows_value(g->fl, &c->a)) eq = 0;
  else if (is_presence_constant(&c->b) && (a.ops & g->bit)) eq = equal_means_absent(&c->b) != !!(a.absent_true & g->bit) ? 0 : 1;
  else if (is_presence_constant(&c->a) && (b.ops & g->bit)) eq = equal_means_absent(&c->a) != !!(b.absent_true & g->bit) ? 0 : 1;
  else return -1;
  return c->kind == IR_COND_EQ ? eq : 1 - eq;
}

/* Operation k's call as the guards see it: for an ORM statement, one whose
** arguments are those of every link of its chain (`knex('t').where({ id
** }).first()` looks rows up by id), in *buf. */
static const IrCall *op_call_view(const FnAnalysis *fa, uint32_t k, IrCall *buf, IrValue *args) {
  const FnDbOps *d = fa->dbops;
  const IrCall *c = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  const OrmOp *oo = d->orm ? d->orm[k] : NULL;
  if (!oo) return c;
  *buf = *c;
  for (uint8_t a = 0; a < oo->n_args; a++) args[a] = *oo->args[a];
  buf->args = args;
  buf->n_args = oo->n_args;
  return buf;
}

DbGuard dbops_cond_guard(const FnAnalysis *fa, const IrCond *c, uint32_t j, uint32_t k, int *absent) {
  const FnDbOps *d = fa->dbops;
  *absent = -1;
  if (!d || j >= d->n || j >= 64 || k >= d->n) return DB_GUARD_NONE;
  IrCall wbuf;
  IrValue wargs[ORMOP_MAX_ARGS];
  GuardCx g = {d->flow, 1ull << j, &d->ops[k], op_call_view(fa, k, &wbuf, wargs)};
  DbGuard out = cond_guard(&g, c, 0);
  if (out == DB_GUARD_EXISTS || (d->ops[j].flags & DBF_EXISTENCE)) *absent = cond_absent(&g, c, 0);
  /* A COUNT(*) or EXISTS read has no other value to test than whether rows exist. */
  if (out >= DB_GUARD_VALUE && (d->ops[j].flags & DBF_EXISTENCE)) out = DB_GUARD_EXISTS;
  return out;
}

/* True when value v (or a path it mentions) is spelled like one of read's
** arguments (or a path in one): the same variable or member, not merely
** something derived from the same request object. */
static bool value_meets_args(const IrValue *v, const IrCall *read, int depth) {
  if (!v || depth > 8) return false;
  if (v->kind == IR_V_PATH && v->text) {
    for (uint32_t a = 0; a < read->n_args; a++) {
      const IrValue *r = &read->args[a];
      if (r->kind == IR_V_PATH && r->text && strcmp(r->text, v->text) == 0) return true;
      for (uint32_t s = 0; r->kind == IR_V_OTHER && s < r->n_subs; s++)
        if (r->subs[s].kind == IR_V_PATH && r->subs[s].text && strcmp(r->subs[s].text, v->text) == 0) return true;
    }
    return false;
  }
  for (uint32_t s = 0; v->kind == IR_V_OTHER && s < v->n_subs; s++)
    if (value_meets_args(&v->subs[s], read, depth + 1)) return true;
  return false;
}

static bool is_constant_value(const IrValue *v) {
  return v && (v->kind == IR_V_STRING || v->kind == IR_V_NUMBER || v->kind == IR_V_BOOL || v->kind == IR_V_NULL);
}

/* Every member of an ORM values object is a constant (`.set({ status: 'done' })`). */
static bool object_all_constant(const IrValue *v) {
  if (!v || !v->obj || !v->obj->n_members) return is_constant_value(v);
  for (uint32_t i = 0; i < v->obj->n_members; i++)
    if (!v->obj->members[i].key || !is_constant_value(&v->obj->members[i])) return false;
  return true;
}

bool dbops_sets_constants(const FnAnalysis *fa, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || k >= d->n || d->ops[k].kind != DB_WRITE || (d->ops[k].flags & DBF_INSERT)) return false;
  const IrCall *w = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  const DbOp *op = &d->ops[k];
  const OrmOp *oo = d->orm ? d->orm[k] : NULL;
  uint32_t known = 0;
  for (uint8_t v = 0; oo && v < oo->n_values; v++, known++)
    if (!object_all_constant(oo->values[v])) return false;
  if (oo) return known > 0;
  if (op->sql_arg < 0) { /* a helper: the arguments that reach its writes' values */
    const FuncSummary *sum = fa->evals[d->block[k]][d->instr[k]].sum;
    for (uint32_t a = 0; sum && a < w->n_args && a < 32; a++)
      if (sum->db_write_uses >> a & 1) {
        if (!is_constant_value(&w->args[a])) return false;
        known++;
      }
    return known > 0;
  }
  for (uint32_t p = 0; op->values_known && p < 64; p++)
    if (op->value_params >> p & 1) {
      if (!is_constant_value(sql_param_value(w, op, p))) return false;
      known++;
    }
  /* `SET state = 'failed'` with no parameter among the values: constants in the text. */
  return known > 0 || (op->values_known && !op->value_params && op->n_set_cols == 0 && (op->flags & DBF_CONDITIONAL));
}

/* True when path, where the write at (wb, wi) uses it, is made only from
** the value v (a path): every call whose result it is that reaches the
** write takes v and constants only (`iri = lookup(handle)`), every other
** such assignment to it is a constant, and there is such a call. */
/* True when a is made of constants and of v's path only (`"@" + handle`). */
static bool only_value(const IrValue *a, const char *v, int depth) {
  if (!a || depth > 8) return false;
  if (is_constant_value(a)) return true;
  if (a->kind == IR_V_PATH) return a->text && strcmp(a->text, v) == 0;
  if ((a->kind != IR_V_OTHER && a->kind != IR_V_TEMPLATE) || !a->n_subs || a->obj) return false;
  for (uint32_t s = 0; s < a->n_subs; s++)
    if (!only_value(&a->subs[s], v, depth + 1)) return false;
  return true;
}

static bool made_from_value(const IrFunc *fn, uint32_t wb, uint32_t wi, const char *path, const IrValue *v) {
  if (v->kind != IR_V_PATH || !v->text) return false;
  bool made = false;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if ((in->kind != IR_ASSIGN && in->kind != IR_CALL) || !cfg_point_reaches(fn, b, i, wb, wi)) continue;
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, path) == 0) {
        if (!is_constant_value(&in->u.assign.src)) return false;
        continue;
      }
      if (in->kind != IR_CALL) continue;
      const IrCall *c = &in->u.call;
      bool defines = false;
      for (uint32_t r = 0; r < c->n_results; r++)
        defines |= c->results[r].kind == IR_V_PATH && c->results[r].text && strcmp(c->results[r].text, path) == 0;
      if (!defines) continue;
      if (!c->n_args) return false;
      for (uint32_t a = 0; a < c->n_args; a++)
        if (!only_value(&c->args[a], v->text, 0)) return false;
      made = true;
    }
  return made;
}

/* An SQL write whose every key parameter (those not among its values) is
** made from the value v it writes (`UPDATE t SET handle = ? WHERE actor =
** ?` with actor = lookup(handle)): two requests that take the same value
** write the same row, so taking it twice puts it on no second row. */
static bool row_keyed_by_value(const FnAnalysis *fa, uint32_t k, const IrValue *v) {
  const FnDbOps *d = fa->dbops;
  const IrCall *w = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  const DbOp *op = &d->ops[k];
  bool keyed = false;
  for (uint32_t p = 0; p < 64; p++) {
    const IrValue *a = sql_param_value(w, op, p);
    if (!a) break;
    if (op->value_params >> p & 1) continue;
    if (a->kind != IR_V_PATH || !a->text || !made_from_value(fa->fn, d->block[k], d->instr[k], a->text, v))
      return false;
    keyed = true;
  }
  return keyed;
}

bool dbops_writes_read_key(const FnAnalysis *fa, uint32_t k, uint32_t j) {
  const FnDbOps *d = fa->dbops;
  if (!d || k >= d->n || j >= d->n) return false;
  const IrCall *w = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  IrCall rbuf;
  IrValue rargs[ORMOP_MAX_ARGS];
  const IrCall *r = op_call_view(fa, j, &rbuf, rargs);
  const DbOp *op = &d->ops[k];
  const OrmOp *oo = d->orm ? d->orm[k] : NULL;
  for (uint8_t v = 0; oo && v < oo->n_values; v++) /* an ORM write: the values it writes */
    if (value_meets_args(oo->values[v], r, 0)) return true;
  if (oo) return false;
  if (op->sql_arg < 0) { /* a helper: the arguments that reach its writes' values */
    const FuncSummary *sum = fa->evals[d->block[k]][d->instr[k]].sum;
    for (uint32_t a = 0; sum && a < w->n_args && a < 32; a++)
      if ((sum->db_write_uses >> a & 1) && value_meets_args(&w->args[a], r, 0)) return true;
    return false;
  }
  for (uint32_t p = 0; op->values_known && p < 64; p++) {
    const IrValue *v = (op->value_params >> p & 1) ? sql_param_value(w, op, p) : NULL;
    if (v && value_meets_args(v, r, 0) && !row_keyed_by_value(fa, k, v)) return true;
  }
  return false;
}

/* Section - Which values a unique key is over */

/* The object write k inserts: an ORM create's data (`&T{…}`), or the Go
** literal the local it is given was made from (`u := &T{…}; Create(u)`). */
static const IrValue *inserted_object(const FnAnalysis *fa, uint32_t k) {
  const OrmOp *oo = fa->dbops->orm ? fa->dbops->orm[k] : NULL;
  const IrValue *v = oo && oo->n_values ? oo->values[0] : NULL;
  if (v && v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF) && v->n_subs == 1) v = &v->subs[0];
  if (!v || v->obj || v->kind != IR_V_PATH || !v->text) return v && v->obj ? v : NULL;
  const IrValue *made = NULL;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fa->fn->blocks[b].instrs[i];
      if (in->kind != IR_ASSIGN || in->u.assign.dst.kind != IR_V_PATH || strcmp(in->u.assign.dst.text, v->text) != 0)
        continue;
      if (made || !in->u.assign.src.obj) return NULL; /* assigned more than once, or not a literal */
      made = &in->u.assign.src;
    }
  return made;
}

bool dbops_key_values_params(const FnAnalysis *fa, uint32_t k, const uint32_t *cols, uint8_t n, uint32_t *params) {
  const FnDbOps *d = fa->dbops;
  *params = 0;
  const IrValue *obj = d && k < d->n ? inserted_object(fa, k) : NULL;
  if (!obj || !n) return false;
  for (uint8_t c = 0; c < n; c++) {
    bool found = false;
    for (uint32_t m = 0; m < obj->obj->n_members && !found; m++) {
      const IrValue *mv = &obj->obj->members[m];
      if (!mv->key || column_hash(mv->key, strlen(mv->key)) != cols[c]) continue;
      found = true;
      *params |= flow_value(d->flow, mv, 0).params;
    }
    if (!found) return false;
  }
  return true;
}

uint32_t dbops_read_args_params(const FnAnalysis *fa, uint32_t j) {
  const FnDbOps *d = fa->dbops;
  if (!d || j >= d->n) return 0;
  IrCall rbuf;
  IrValue rargs[ORMOP_MAX_ARGS];
  const IrCall *r = op_call_view(fa, j, &rbuf, rargs);
  uint32_t out = 0;
  for (uint32_t a = 0; a < r->n_args; a++) out |= flow_value(d->flow, &r->args[a], 0).params;
  return out;
}

uint64_t dbops_cond_ops(const FnAnalysis *fa, const IrCond *c, int depth) {
  if (!c || depth > 32) return 0;
  uint64_t out = dbops_value_ops(fa, &c->a) | dbops_value_ops(fa, &c->b);
  return out | dbops_cond_ops(fa, c->lhs, depth + 1) | dbops_cond_ops(fa, c->rhs, depth + 1);
}

/* Section - Guards that only skip a no-op */

/* A value one assigns to a member of the loaded entity path (`row.value = value`): what its
** save writes there (OrmOp.values keeps only what is computed from the row itself). */
static bool stored_into(const IrFunc *fn, const char *path, const IrCall *one) {
  uint32_t b = 0, i = 0;
  for (const IrInstr *in; (in = ir_next_member_store(fn, path, &b, &i));)
    if (value_meets_args(&in->u.assign.src, one, 0)) return true;
  return false;
}

/* True when v is spelled like one of the values write k writes: an ORM
** write's values, an SQL statement's value parameters, or the arguments that
** reach a helper's written values. */
static bool written_by(const FnAnalysis *fa, uint32_t k, const IrValue *v) {
  const FnDbOps *d = fa->dbops;
  const IrCall *w = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  IrCall one = {0};
  one.args = (IrValue *)v;
  one.n_args = 1;
  const DbOp *op = &d->ops[k];
  const OrmOp *oo = d->orm ? d->orm[k] : NULL;
  if (oo) {
    for (uint8_t i = 0; i < oo->n_values; i++)
      if (value_meets_args(oo->values[i], &one, 0)) return true;
    return oo->entity_loaded && oo->entity && stored_into(fa->fn, oo->entity, &one);
  }
  if (op->sql_arg < 0) {
    const FuncSummary *sum = fa->evals[d->block[k]][d->instr[k]].sum;
    for (uint32_t a = 0; sum && a < w->n_args && a < 32; a++)
      if ((sum->db_write_uses >> a & 1) && value_meets_args(&w->args[a], &one, 0)) return true;
    return false;
  }
  for (uint32_t p = 0; op->values_known && p < 64; p++)
    if ((op->value_params >> p & 1) && value_meets_args(sql_param_value(w, op, p), &one, 0)) return true;
  return false;
}

/* The successor of condition c on which a column of read j's rows that write
** k sets differs from a value k writes there (`existing.userId !== userId`,
** then SET userId = userId), or -1 when c is no such test. A conjunction
** differs on its true side when one of its parts does. */
static int noop_skip_side(const FnAnalysis *fa, const GuardCx *g, const IrCond *c, uint32_t k, int depth) {
  if (!c || depth > 32) return -1;
  if (c->kind == IR_COND_NOT) {
    int s = noop_skip_side(fa, g, c->lhs, k, depth + 1);
    return s < 0 ? s : 1 - s;
  }
  if (c->kind == IR_COND_AND) {
    if (noop_skip_side(fa, g, c->lhs, k, depth + 1) == 0 || noop_skip_side(fa, g, c->rhs, k, depth + 1) == 0) return 0;
    return -1;
  }
  if (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) return -1;
  const IrValue *col = NULL, *v = NULL;
  if (tests_written_column(g, &c->a, 0)) col = &c->a, v = &c->b;
  else if (tests_written_column(g, &c->b, 0)) col = &c->b, v = &c->a;
  if (!col || v->kind != IR_V_PATH || (flow_value(g->fl, v, 0).ops & g->bit) || !written_by(fa, k, v)) return -1;
  return c->kind == IR_COND_NE ? 0 : 1;
}

int dbops_cond_noop_side(const FnAnalysis *fa, const IrCond *c, uint32_t j, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || j >= d->n || j >= 64 || k >= d->n) return -1;
  IrCall wbuf;
  IrValue wargs[ORMOP_MAX_ARGS];
  GuardCx g = {d->flow, 1ull << j, &d->ops[k], op_call_view(fa, k, &wbuf, wargs)};
  return noop_skip_side(fa, &g, c, k, 0);
}
