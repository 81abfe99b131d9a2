/* ormops: the statements an ORM or query builder runs in one function
** (ormops.h), from the models' "data" sections (ormspec.h).
**
** A chain is a sequence of calls each made on the previous one's result:
** `knex('users').where({ id }).first()` lowers to three calls joined by
** temporaries, GORM's `db.Model(&User{}).Where(…).Update(…)` likewise, and a
** local holding a link (`const q = db.select().from(users)`) continues it.
** Walking the function's calls in block order, each call whose receiver is
** a data client (a pool, tx or connection of a library with a data
** section), a model, a builder or row an earlier link gave, or a member of a
** client that names a model (`prisma.user`), is matched against the
** library's entries for that role and method; what the entry says (the
** table, the statement's verb, a lock, an atomic write, the values written,
** a transaction named) is carried to the call's result. A statement runs at
** a call whose entry has an op, or, for a builder's deferred verbs, at the
** chain's last modelled link (`.then()` is not one). Nothing here looks at
** variable names: what a value is comes from kinds and from the links. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/ormops.h"
#include "ir/cfg.h"
#include "ir/ir_build.h"

enum { ORM_NONE_BLOCK = UINT32_MAX };

/* What a path holds, as far as chains go. */
typedef struct OrmVal {
  uint8_t role;          /* OrmRole */
  int8_t lib;
  uint8_t kind;          /* ORM_ON_CLIENT: the client's ApiKind */
  uint8_t op;            /* the verb so far (OrmOpKind) */
  bool deferred;
  bool from_read;        /* a row: a read returned it */
  bool returning;        /* a link asked for what the statement wrote (returning()) */
  uint16_t flags;        /* DBF_LOCKING, DBF_ATOMIC */
  const char *table;
  const char *member;    /* a model named by a client's member (prisma.user): the member */
  const IrValue *root;   /* the client the chain runs on */
  const char *first;     /* the first link's callee, for messages */
  const char *verb;      /* the method of the link that set op ("update"), for messages */
  const IrValue *joins;
  const IrValue *values;
  bool values_entity;    /* values is an entity (a row saved as a whole) */
  bool may_insert;       /* a save of a struct not read or made here, which inserts when its key is
                            blank (the entry's fills_key) */
  uint32_t fresh_block;  /* a row made here and not yet saved (new, create, build): where */
  uint32_t read_b, read_i; /* a row a read returned: that read's call (block, instruction) */
  const IrValue *args[ORMOP_MAX_ARGS];
  uint8_t n_args;
  const char *outs[ORMOP_MAX_OUTS];
  uint8_t n_outs;
  int32_t pending;       /* the deferred statement whose chain this value continues, or -1 */
  uint32_t links;
} OrmVal;

typedef struct OrmStmt {
  uint32_t b, i;
  const IrCall *call;
  OrmVal val;
  bool consumed;         /* a later link continues its chain: the statement runs there */
  DbOp op;
  OrmOp orm;
} OrmStmt;

struct OrmFn {
  ModCtx *mc;
  uint32_t fi;
  const IrFunc *fn;
  Map vals;              /* path → OrmVal* */
  Map defs;              /* call result path → const IrCall* */
  Map batch;             /* result paths a managed batch runs → (void*)1 or 2 (serializable) */
  ARRAY(OrmStmt) stmts;
  int32_t **at;          /* per block, per instruction: index into stmts, or -1 */
};

/* Section - Values */

static OrmVal *val_of(const OrmFn *of, const IrValue *v) {
  return v && v->kind == IR_V_PATH && v->text ? map_get_cstr(&of->vals, v->text) : NULL;
}

static const IrValue *path_value(OrmFn *of, const char *path) {
  IrValue *v = ARENA_NEW(of->mc->arena, IrValue);
  *v = irv_path(arena_strdup(of->mc->arena, path), (SrcLoc){0, 0, 0, 0});
  return v;
}

/* Records what path holds; a second definition (`if (!m) m = new Media()`)
** merges into the first: a row read on one path and made on another is both. */
static void val_store(OrmFn *of, const char *path, const OrmVal *v) {
  if (!path) return;
  OrmVal *old = map_get_cstr(&of->vals, path);
  if (!old) {
    old = ARENA_NEW(of->mc->arena, OrmVal);
    *old = *v;
    map_set_cstr(&of->vals, arena_strdup(of->mc->arena, path), old);
    return;
  }
  if (old->role == ORM_ON_ROW && v->role == ORM_ON_ROW) {
    if (!old->from_read && v->from_read) old->read_b = v->read_b, old->read_i = v->read_i;
    old->from_read |= v->from_read;
    if (v->fresh_block < old->fresh_block) old->fresh_block = v->fresh_block;
    if (!old->table) old->table = v->table;
    if (old->lib < 0) old->lib = v->lib;
    return;
  }
  *old = *v;
}

/* The path an entity value names: `m`, Go `&u`. */
static const char *entity_path(const IrValue *v) {
  if (!v) return NULL;
  if (v->kind == IR_V_PATH) return v->text;
  if (v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF) && v->n_subs == 1 && v->subs[0].kind == IR_V_PATH &&
      !v->obj)
    return v->subs[0].text;
  return NULL;
}

static const char *table_of(OrmFn *of, const IrValue *v) {
  const char *p = entity_path(v);
  const OrmVal *ov = p ? map_get_cstr(&of->vals, p) : NULL;
  if (ov && ov->table) return ov->table;
  return ormkinds_table_of(of->mc, of->fi, v);
}

/* Section - Receivers */

static OrmVal val_new(OrmRole role, VKind k, const IrValue *root) {
  OrmVal v;
  memset(&v, 0, sizeof v);
  v.role = (uint8_t)role;
  v.lib = k.lib;
  v.kind = k.kind;
  v.root = root;
  v.fresh_block = v.read_b = v.read_i = ORM_NONE_BLOCK;
  v.pending = -1;
  if (role == ORM_ON_MODEL) v.table = k.ref;
  return v;
}

/* recv = P.m or P.q.m, a member of a data client that names a model or
** hands on a client (the models' "members"). */
static bool member_receiver(OrmFn *of, const char *recv, OrmVal *out) {
  const char *last = strrchr(recv, '.');
  if (!last) return false;
  for (int depth = 0; depth < 2; depth++) {
    const char *cut = last;
    if (depth == 1) {
      cut = NULL;
      for (const char *p = recv; p < last; p++)
        if (*p == '.') cut = p;
      if (!cut) return false;
    }
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(cut - recv), recv);
    VKind pk = kinds_lookup(of->mc, of->fi, prefix);
    const OrmSpec *spec = pk.kind != AK_MODEL ? ormkinds_spec(of->mc, pk) : NULL;
    for (uint32_t i = 0; spec && i < spec->members.len; i++) {
      const OrmMember *m = &spec->members.items[i];
      if (!(m->receivers & (1u << pk.kind))) continue;
      size_t ql = depth == 1 ? (size_t)(last - cut - 1) : 0;
      if (depth == 1 && (!m->prefix || strlen(m->prefix) != ql || strncmp(m->prefix, cut + 1, ql) != 0)) continue;
      if (depth == 0 && m->prefix) continue;
      if (!m->any && strcmp(m->name, last + 1) != 0) continue;
      *out = val_new(m->any ? ORM_ON_MODEL : ORM_ON_CLIENT, pk, path_value(of, prefix));
      if (m->any) out->table = out->member = last + 1;
      return true;
    }
  }
  return false;
}

/* What call c is made on, as a chain's link: into *out, with the method to
** look up; false when it is no data call. */
static bool resolve(OrmFn *of, const IrCall *c, OrmVal *out, const char **method) {
  if (!c->callee) return false;
  /* The value called: knex('users'), trx('users'), this.db('users'). */
  const OrmVal *ov = map_get_cstr(&of->vals, c->callee);
  VKind k = ov ? (VKind){AK_UNKNOWN, -1, 0, NULL} : kinds_lookup(of->mc, of->fi, c->callee);
  const OrmSpec *spec = k.kind != AK_MODULE && k.kind != AK_MODEL ? ormkinds_spec(of->mc, k) : NULL;
  if ((ov && ov->lib >= 0) || (spec && ormspec_find(spec, ORM_ON_CLIENT, "()"))) {
    *out = ov ? *ov : val_new(ORM_ON_CLIENT, k, path_value(of, c->callee));
    *method = "()";
    return true;
  }
  if (c->recv.kind != IR_V_PATH || !c->recv.text || !c->name) return false;
  *method = c->name;
  ov = val_of(of, &c->recv);
  if (ov) {
    *out = *ov;
    return out->lib >= 0;
  }
  k = kinds_lookup(of->mc, of->fi, c->recv.text);
  if (k.kind == AK_MODEL) {
    *out = val_new(ORM_ON_MODEL, k, &c->recv);
    return ormkinds_spec(of->mc, k) != NULL;
  }
  if (ormkinds_spec(of->mc, k) && k.kind != AK_MODULE) {
    *out = val_new(ORM_ON_CLIENT, k, &c->recv);
    return true;
  }
  return member_receiver(of, c->recv.text, out);
}

/* Section - Applying an entry */

static bool is_write(uint8_t op) { return op >= ORM_OP_INSERT; }

/* A later verb replaces an earlier one, except that a read never replaces a
** write (`insert(…).returning('*')`, `.first()` after `update`). */
static void merge_op(OrmVal *v, const OrmEntry *e) {
  if (!e->op) return;
  bool weaker = (e->op == ORM_OP_READ && v->op != ORM_OP_NONE) || (e->op == ORM_OP_COUNT && is_write(v->op));
  if (!weaker) v->op = e->op, v->verb = e->method;
  v->deferred = e->deferred;
}

/* The call a temporary's value was made by, whose callee is a function of
** the library named in list (`gorm.Expr(…)`, drizzle's `sql` tag). */
static bool made_by_listed(const OrmFn *of, const IrValue *v, const OrmNames *list, int lib) {
  if (!v || v->kind != IR_V_PATH || !list->len) return false;
  const IrCall *def = map_get_cstr(&of->defs, v->text);
  if (!def || !def->callee) return false;
  const char *name = def->name ? def->name : def->callee;
  if (!ormspec_listed(list, name)) return false;
  const char *head = def->name && def->recv.kind == IR_V_PATH ? def->recv.text : def->callee;
  VKind k = kinds_lookup(of->mc, of->fi, head);
  if (k.lib == lib || k.kind == AK_MODULE) return true;
  /* JS: a name imported from one of the library's modules (`import { sql } from 'drizzle-orm'`). */
  const IrImport *imp = kinds_import_find(of->mc, head);
  return imp && apispec_find_module(&of->mc->engine->spec, imp->specifier, NULL) == lib;
}

/* Whether the values written are computed in SQL: `{ n: { increment: 1 } }`,
** `gorm.Expr("n + ?", 1)`. */
static bool atomic_values(const OrmFn *of, const OrmSpec *spec, int lib, const IrValue *v, int depth) {
  if (!v || depth > 6) return false;
  if (made_by_listed(of, v, &spec->atomic_value_calls, lib)) return true;
  for (uint32_t i = 0; v->obj && i < v->obj->n_members; i++) {
    const IrValue *m = &v->obj->members[i];
    if (m->key && ormspec_listed(&spec->atomic_value_keys, m->key)) return true;
    if (atomic_values(of, spec, lib, m, depth + 1)) return true;
  }
  return false;
}

/* A lock option's value that locks: `lock: true`, `lock: t.LOCK.UPDATE`,
** `lock: { mode: 'pessimistic_write' }`, not `false` or an optimistic mode. */
static bool locking_value(const IrValue *v) {
  if (v->kind == IR_V_BOOL) return v->text && strcmp(v->text, "true") == 0;
  if (v->kind == IR_V_NULL) return false;
  for (uint32_t i = 0; v->obj && i < v->obj->n_members; i++) {
    const IrValue *m = &v->obj->members[i];
    if (m->key && strcmp(m->key, "mode") == 0 && m->kind == IR_V_STRING && m->text)
      return strncmp(m->text, "optimistic", 10) != 0 && strcmp(m->text, "dirty_read") != 0;
  }
  return true;
}

/* The options members the library reads on any of the call's arguments: the
** transaction a statement runs in, a lock. */
static void apply_options(const OrmSpec *spec, const IrCall *c, OrmVal *v) {
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrObject *o = c->args[a].obj;
    for (uint32_t i = 0; o && i < o->n_members; i++) {
      const IrValue *m = &o->members[i];
      if (!m->key) continue;
      if (spec->transaction_option && strcmp(m->key, spec->transaction_option) == 0 && m->kind == IR_V_PATH) v->joins = m;
      if (spec->lock_option && strcmp(m->key, spec->lock_option) == 0 && locking_value(m)) v->flags |= DBF_LOCKING;
    }
  }
}

static void add_arg(OrmVal *v, const IrValue *a) {
  if (v->n_args < ORMOP_MAX_ARGS) v->args[v->n_args++] = a;
}

static void add_out(OrmVal *v, const char *path) {
  for (uint8_t i = 0; i < v->n_outs; i++)
    if (strcmp(v->outs[i], path) == 0) return;
  if (path && v->n_outs < ORMOP_MAX_OUTS) v->outs[v->n_outs++] = path;
}

static void apply_values(OrmFn *of, const OrmEntry *e, const IrCall *c, OrmVal *v) {
  if (e->values.receiver) {
    v->values = &c->recv;
    v->values_entity = true;
    return;
  }
  const IrValue *whole = kinds_call_arg(c, e->values.arg);
  if (!whole) return;
  const IrValue *val = ormkinds_ref(c, e->values);
  if (!val && !whole->obj) val = whole; /* `create(data)`: the member is somewhere in data */
  if (!val) return;
  v->values = val;
  const char *ep = entity_path(val);
  const OrmVal *ev = ep ? map_get_cstr(&of->vals, ep) : NULL;
  v->values_entity = ev && ev->role == ORM_ON_ROW;
}

/* True when v is a member of path (`p.Id`). */
static bool is_member_of(const IrValue *v, const char *path, size_t n) {
  return v->kind == IR_V_PATH && v->text && strncmp(v->text, path, n) == 0 && v->text[n] == '.';
}

/* A Go write of a struct pointer this function neither read nor made (a
** parameter, a field): GORM inserts it when its primary key is blank and fills
** the key in, so what it wrote may be a new row. Not when the chain looks the
** row up by a member of it (`db.Where("id = ?", p.Id).Save(p)`: p has its key). */
static bool fills_key_of(const OrmFn *of, const OrmVal *v) {
  const char *p = of->mc->m->lang == IR_LANG_GO ? entity_path(v->values) : NULL;
  if (!p || v->values_entity) return false;
  size_t n = strlen(p);
  for (uint8_t a = 0; a < v->n_args; a++) {
    const IrValue *x = v->args[a];
    if (x == v->values) continue;
    if (is_member_of(x, p, n)) return false;
    for (uint32_t s = 0; x->kind == IR_V_OTHER && s < x->n_subs; s++)
      if (is_member_of(&x->subs[s], p, n)) return false;
  }
  return true;
}

/* A member of path within v spelled like key (case aside: GORM's `Id` and
** `ID` are both the primary key). */
static const char *spelled_member(const IrValue *v, const char *path, size_t n, const char *key, int depth) {
  if (!v || depth > 8) return NULL;
  if (v->kind == IR_V_PATH && v->text && strncmp(v->text, path, n) == 0 && v->text[n] == '.') {
    const char *m = v->text + n + 1;
    size_t k = strlen(key);
    if (strncasecmp(m, key, k) == 0 && (!m[k] || m[k] == '.')) return v->text;
  }
  for (uint32_t s = 0; v->kind == IR_V_OTHER && s < v->n_subs; s++) {
    const char *r = spelled_member(&v->subs[s], path, n, key, depth + 1);
    if (r) return r;
  }
  for (uint32_t i = 0; v->obj && i < v->obj->n_members; i++) {
    const char *r = spelled_member(&v->obj->members[i], path, n, key, depth + 1);
    if (r) return r;
  }
  return NULL;
}

/* Member key of path as the function spells it ("p.Id"); path.key when it
** never reads it. */
static const char *key_member(const OrmFn *of, const char *path, const char *key) {
  size_t n = strlen(path), k = strlen(key);
  for (uint32_t b = 0; b < of->fn->n_blocks; b++)
    for (uint32_t i = 0; i < of->fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &of->fn->blocks[b].instrs[i];
      const char *r = NULL;
      if (in->kind == IR_ASSIGN) r = spelled_member(&in->u.assign.src, path, n, key, 0);
      for (uint32_t a = 0; !r && in->kind == IR_CALL && a < in->u.call.n_args; a++)
        r = spelled_member(&in->u.call.args[a], path, n, key, 0);
      if (r) return arena_strndup(of->mc->arena, r, n + 1 + k);
    }
  return arena_printf(of->mc->arena, "%s.%s", path, key);
}

static void apply_entry(OrmFn *of, const OrmSpec *spec, const OrmEntry *e, const IrCall *c, OrmVal *v) {
  if (!v->links++) v->first = c->callee;
  if (!v->table && e->table_member) v->table = v->member;
  for (uint8_t t = 0; !v->table && t < e->n_table; t++) v->table = table_of(of, ormkinds_ref(c, e->table[t]));
  merge_op(v, e);
  if (e->locks) v->flags |= DBF_LOCKING;
  if (e->atomic) v->flags |= DBF_ATOMIC;
  if (e->overwrites) v->flags |= DBF_OVERWRITES;
  v->returning |= e->returning;
  if (e->values.arg >= 0 || e->values.receiver) apply_values(of, e, c, v);
  if (e->joins_arg >= 0 && kinds_call_arg(c, e->joins_arg)) v->joins = kinds_call_arg(c, e->joins_arg);
  apply_options(spec, c, v);
  if (v->values && atomic_values(of, spec, v->lib, v->values, 0)) v->flags |= DBF_ATOMIC;
  for (uint32_t a = 0; a < c->n_args; a++) {
    add_arg(v, &c->args[a]);
    const IrValue *x = &c->args[a];
    if (x->kind == IR_V_OTHER && (x->flags & IR_VF_ADDR_OF) && !x->obj) add_out(v, entity_path(x)); /* Go &u */
  }
  if ((e->op == ORM_OP_INSERT || e->op == ORM_OP_SAVE) && v->values_entity && entity_path(v->values))
    add_out(v, entity_path(v->values)); /* save() sets the new entity's generated id */
  else if (e->fills_key && fills_key_of(of, v)) /* `db.Save(p)`: GORM fills p's blank primary key */
    add_out(v, key_member(of, entity_path(v->values), e->fills_key)), v->may_insert = true;
}

/* Section - Statements */

static void stmt_add(OrmFn *of, uint32_t b, uint32_t i, const IrCall *c, const OrmVal *v) {
  OrmStmt st;
  memset(&st, 0, sizeof st);
  st.b = b;
  st.i = i;
  st.call = c;
  st.val = *v;
  array_push_in(of->mc->arena, &of->stmts, st);
}

/* A managed batch (`prisma.$transaction([a, b])`): its elements' statements
** share one transaction. */
static void note_batch(OrmFn *of, const OrmEntry *e, const IrCall *c) {
  const IrValue *list = kinds_call_arg(c, e->batch_arg);
  bool ser = false;
  for (uint32_t a = 0; a < c->n_args && !ser; a++)
    ser = (int)a != e->batch_arg && c->args[a].obj != NULL && ormkinds_names_serializable(&c->args[a]);
  for (uint32_t k = 0; list && (list->flags & IR_VF_LIST) && k < list->n_subs; k++)
    if (list->subs[k].kind == IR_V_PATH && list->subs[k].text)
      map_set_cstr(&of->batch, arena_strdup(of->mc->arena, list->subs[k].text), (void *)(uintptr_t)(ser ? 2 : 1));
}

/* What a link's result is, for the links after it. */
static void store_result(OrmFn *of, uint32_t b, uint32_t i, const OrmEntry *e, const IrCall *c, OrmVal *v,
                         int32_t pending) {
  const char *res = c->n_results && c->results[0].kind == IR_V_PATH ? c->results[0].text : NULL;
  OrmVal r = *v;
  r.pending = pending;
  r.joins = v->joins;
  if (e->gives == ORM_GIVES_ROW) {
    r.role = ORM_ON_ROW;
    r.fresh_block = b;
    r.from_read = false;
  } else if (e->gives) {
    r.role = e->gives == ORM_GIVES_BUILDER ? ORM_ON_BUILDER : e->gives == ORM_GIVES_MODEL ? ORM_ON_MODEL : ORM_ON_CLIENT;
  } else if (pending >= 0) {
    r.role = ORM_ON_BUILDER;
  } else if (e->op) { /* the statement's result: the row(s) it read or wrote */
    r = val_new(ORM_ON_ROW, (VKind){AK_UNKNOWN, v->lib, 0, NULL}, v->root);
    r.table = v->table;
    r.from_read = e->op == ORM_OP_READ;
    if (r.from_read) r.read_b = b, r.read_i = i;
    for (uint8_t k = 0; k < v->n_outs; k++) val_store(of, v->outs[k], &r);
  } else {
    return;
  }
  /* A named local (`const users = ds.getRepository(User)`) names what follows. */
  if (res && res[0] != '%' && r.role != ORM_ON_ROW) r.links = 0, r.first = NULL;
  val_store(of, res, &r);
}

/* A call no entry matched: `new Media(…)` makes an unsaved entity. */
static void unmatched_call(OrmFn *of, uint32_t b, const IrCall *c) {
  if (!(c->flags & IR_CALL_NEW) || !c->n_results || c->results[0].kind != IR_V_PATH || !c->callee) return;
  OrmVal r = val_new(ORM_ON_ROW, (VKind){AK_UNKNOWN, -1, 0, NULL}, NULL);
  IrValue callee = irv_path(c->callee, (SrcLoc){0, 0, 0, 0});
  r.table = ormkinds_table_of(of->mc, of->fi, &callee);
  r.fresh_block = b;
  val_store(of, c->results[0].text, &r);
}

static void orm_call(OrmFn *of, uint32_t b, uint32_t i, const IrCall *c) {
  if (c->n_results && c->results[0].kind == IR_V_PATH && c->results[0].text)
    map_set_cstr(&of->defs, c->results[0].text, (void *)c);
  OrmVal v;
  const char *method = NULL;
  const OrmSpec *spec = resolve(of, c, &v, &method) ? apispec_lib_data(&of->mc->engine->spec, v.lib) : NULL;
  const OrmEntry *e = spec ? ormkinds_entry(spec, (OrmRole)v.role, v.kind, c, method) : NULL;
  if (!e) {
    unmatched_call(of, b, c);
    return;
  }
  if (v.pending >= 0 && (uint32_t)v.pending < of->stmts.len) of->stmts.items[v.pending].consumed = true;
  if (e->batch_arg >= 0) {
    note_batch(of, e, c);
    return;
  }
  v.pending = -1;
  apply_entry(of, spec, e, c, &v);
  int32_t pending = -1;
  if (e->op && !e->deferred) {
    stmt_add(of, b, i, c, &v);
  } else if (v.op && v.deferred && e->gives != ORM_GIVES_NONE) { /* `.as(alias)`: a subquery, run by another */
    pending = (int32_t)of->stmts.len; /* runs here unless a later link continues the chain */
    stmt_add(of, b, i, c, &v);
  }
  store_result(of, b, i, e, c, &v, pending);
}

static void orm_assign(OrmFn *of, uint32_t b, const IrAssign *a) {
  if (a->dst.kind != IR_V_PATH || !a->dst.text) return;
  if (a->src.kind == IR_V_PATH && a->src.text) {
    const OrmVal *ov = map_get_cstr(&of->vals, a->src.text);
    char prefix[256];
    size_t n = strlen(a->src.text);
    if (!ov && n > 3 && n < sizeof prefix && strcmp(a->src.text + n - 3, ".[]") == 0) { /* const [row] = rows */
      snprintf(prefix, sizeof prefix, "%.*s", (int)(n - 3), a->src.text);
      ov = map_get_cstr(&of->vals, prefix);
      if (ov && ov->role != ORM_ON_ROW) ov = NULL;
    }
    if (ov) val_store(of, a->dst.text, ov);
    return;
  }
  /* Go `u := User{Name: n}`: an unsaved row of User. */
  if (a->src.kind == IR_V_OTHER && a->src.obj && a->src.obj->type && of->mc->m->lang == IR_LANG_GO) {
    OrmVal r = val_new(ORM_ON_ROW, (VKind){AK_UNKNOWN, -1, 0, NULL}, NULL);
    r.table = ormkinds_table_of(of->mc, of->fi, &a->src);
    r.fresh_block = b;
    if (r.table) val_store(of, a->dst.text, &r);
  }
}

/* Section - DbOps */

/* A column a write sets from something not constant. */
static void add_set_col(DbOp *op, const char *key, const IrValue *v) {
  bool constant = v->kind == IR_V_STRING || v->kind == IR_V_NUMBER || v->kind == IR_V_BOOL || v->kind == IR_V_NULL;
  if (key && !constant && op->n_set_cols < 4) op->set_cols[op->n_set_cols++] = dbops_column_hash(key, strlen(key));
}

/* The columns a values object sets from something not constant (what a
** guard on the read's column makes a claim: `data: { status: next }`). */
static void object_set_cols(DbOp *op, const IrValue *v) {
  for (uint32_t i = 0; v && v->obj && i < v->obj->n_members; i++) add_set_col(op, v->obj->members[i].key, &v->obj->members[i]);
}

/* The columns an ORM create's data object names (`data: { email, name }`),
** for the unique keys that guard it; left unknown when a member has no
** plain key (a spread) or there are more than the op holds. */
static void object_ins_cols(DbOp *op, const IrValue *v) {
  uint32_t n = v && v->obj ? v->obj->n_members : 0;
  if (!n || n > sizeof op->ins_cols / sizeof *op->ins_cols) return;
  for (uint32_t i = 0; i < n; i++)
    if (!v->obj->members[i].key) return;
  for (uint32_t i = 0; i < n; i++) {
    const char *key = v->obj->members[i].key;
    op->ins_cols[op->n_ins_cols++] = dbops_column_hash(key, strlen(key));
  }
}

/* True when v is computed from path itself (`c.uses + 1` for c.uses). */
static bool mentions_path(const IrValue *v, const char *path, int depth) {
  if (!v || depth > 8) return false;
  if (v->kind == IR_V_PATH) return v->text && strcmp(v->text, path) == 0;
  for (uint32_t i = 0; i < v->n_subs; i++)
    if (mentions_path(&v->subs[i], path, depth + 1)) return true;
  return false;
}

/* What the function stores in the members of entity path before saving it:
** the columns it sets (`user.name = req.name`), and as the values written
** back those computed from the member itself (`c.uses = c.uses + 1`, a
** lost update under concurrency). A member set from a copy of what the read
** found (`user.deviceId = deviceId`) changes nothing another request did. */
static void entity_stores(const OrmFn *of, const char *path, OrmOp *out, DbOp *op) {
  size_t n = strlen(path);
  uint32_t b = 0, i = 0;
  for (const IrInstr *in; (in = ir_next_member_store(of->fn, path, &b, &i));) {
    const char *d = in->u.assign.dst.text;
    out->entity_stored = true;
    if (out->n_values >= ORMOP_MAX_VALUES) continue;
    if (mentions_path(&in->u.assign.src, d, 0)) out->values[out->n_values++] = &in->u.assign.src;
    if (!strchr(d + n + 1, '.')) add_set_col(op, d + n + 1, &in->u.assign.src);
  }
}

/* Block to is reachable from block from (a path variable read on one path
** and made on another is saved as what reaches the save). */
static bool block_reaches(const OrmFn *of, uint32_t from, uint32_t to) {
  uint32_t n = of->fn->n_blocks;
  if (from >= n || to >= n) return false;
  uint8_t *seen = ARENA_NEW_ARRAY(of->mc->arena, uint8_t, n);
  uint32_t *stack = ARENA_NEW_ARRAY(of->mc->arena, uint32_t, n + 1), top = 0;
  memset(seen, 0, n);
  stack[top++] = from;
  seen[from] = 1;
  while (top) {
    uint32_t b = stack[--top], out[3];
    if (b == to) return true;
    uint32_t k = cfg_succs(of->fn, b, out);
    for (uint32_t j = 0; j < k; j++)
      if (out[j] < n && !seen[out[j]]) seen[out[j]] = 1, stack[top++] = out[j];
  }
  return false;
}

static void stmt_finish(OrmFn *of, OrmStmt *st) {
  const OrmVal *v = &st->val;
  DbOp *op = &st->op;
  OrmOp *oo = &st->orm;
  memset(op, 0, sizeof *op);
  op->sql_arg = -1;
  op->tx_res = -1;
  oo->guard_block = ORM_NONE_BLOCK;
  const char *ep = v->values_entity ? entity_path(v->values) : NULL;
  const OrmVal *ent = ep ? map_get_cstr(&of->vals, ep) : NULL;
  switch ((OrmOpKind)v->op) {
  case ORM_OP_READ: op->kind = DB_READ; break;
  case ORM_OP_COUNT: op->kind = DB_READ, op->flags |= DBF_EXISTENCE; break;
  case ORM_OP_INSERT: op->kind = DB_WRITE, op->flags |= DBF_INSERT | DBF_RET_INSERTED; break;
  case ORM_OP_UPDATE: case ORM_OP_DELETE: op->kind = DB_WRITE, op->flags |= DBF_CONDITIONAL; break;
  case ORM_OP_UPSERT: op->kind = DB_WRITE, op->flags |= DBF_ATOMIC | DBF_INSERT | DBF_RET_INSERTED; break;
  case ORM_OP_INCREMENT: op->kind = DB_WRITE, op->flags |= DBF_ATOMIC; break;
  case ORM_OP_SAVE:
    op->kind = DB_WRITE;
    if (ent && ent->fresh_block != ORM_NONE_BLOCK && (!ent->from_read || block_reaches(of, ent->fresh_block, st->b))) {
      /* a new entity: an insert, decided where it was made */
      op->flags |= DBF_INSERT | DBF_RET_INSERTED;
      oo->guard_block = ent->fresh_block;
    } else if (!ent && v->may_insert) {
      op->flags |= DBF_RET_INSERTED; /* what it wrote may be a new row, whose key it filled in */
    }
    break;
  case ORM_OP_NONE: break;
  }
  op->deletes = v->op == ORM_OP_DELETE;
  op->flags |= (uint16_t)(v->flags & (op->kind == DB_READ ? DBF_LOCKING : DBF_ATOMIC | DBF_OVERWRITES));
  const char *table = v->table ? v->table : ent ? ent->table : NULL;
  if (table) {
    op->tables[0] = dbops_table_hash(table);
    op->n_tables = 1;
    snprintf(op->table, sizeof op->table, "%s", table);
  }
  op->loc = of->fn->blocks[st->b].instrs[st->i].loc;
  const IrCall *c = st->call;
  /* Named by the chain's first link and its verb: `knex(…)….update()`, `db.insert()`. */
  const char *last = v->first ? strrchr(v->first, '.') : NULL;
  bool verb_first = v->verb && last && strcmp(last + 1, v->verb) == 0;
  if (v->links > 1 && v->first && verb_first) op->what = arena_printf(of->mc->arena, "%s()", v->first);
  else if (v->links > 1 && v->first)
    op->what = arena_printf(of->mc->arena, "%s(…)….%s()", v->first, v->verb ? v->verb : c->name ? c->name : "");
  else op->what = kinds_call_what_in(of->mc->arena, of->fn, c);
  const OrmSpec *spec = apispec_lib_data(&of->mc->engine->spec, v->lib);
  oo->conn = v->root;
  oo->joins = v->joins;
  oo->joins_required = spec && spec->transaction_option;
  oo->entity = ent ? ep : NULL;
  oo->entity_loaded = ent && ent->from_read;
  oo->entity_read_b = ent ? ent->read_b : ORM_NONE_BLOCK;
  oo->entity_read_i = ent ? ent->read_i : ORM_NONE_BLOCK;
  /* An entity saved that no read or constructor here made (a parameter):
  ** what it writes is what the function stored in it, as for a loaded one. */
  const char *whole = v->op == ORM_OP_SAVE && !(op->flags & DBF_INSERT) ? entity_path(v->values) : NULL;
  if (ent && ent->from_read) entity_stores(of, ep, oo, op); /* a read row saved: what was stored in it */
  else if (whole && !ent) entity_stores(of, whole, oo, op);
  else if (v->values) oo->values[oo->n_values++] = v->values;
  if (op->kind == DB_WRITE && !(op->flags & DBF_INSERT) && !(ent && ent->from_read) && !whole) object_set_cols(op, v->values);
  if (op->kind == DB_WRITE && (op->flags & DBF_INSERT)) object_ins_cols(op, v->values);
  memcpy(oo->args, v->args, sizeof oo->args);
  oo->n_args = v->n_args;
  memcpy(oo->outs, v->outs, sizeof oo->outs);
  oo->n_outs = v->n_outs;
  const char *res = c->n_results && c->results[0].kind == IR_V_PATH ? c->results[0].text : NULL;
  uintptr_t in_batch = res ? (uintptr_t)map_get_cstr(&of->batch, res) : 0;
  oo->in_batch = in_batch != 0;
  oo->batch_serializable = in_batch == 2;
}

OrmFn *ormops_prepare(ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  bool any = false;
  for (uint32_t l = 0; l < mc->engine->spec.libs.len && !any; l++) any = mc->engine->spec.libs.items[l].data != NULL;
  if (!any || (fn->flags & IR_FUNC_PARSE_ERROR)) return NULL;
  OrmFn *of = ARENA_NEW(mc->arena, OrmFn);
  of->mc = mc;
  of->fi = fi;
  of->fn = fn;
  map_init(&of->vals, mc->arena);
  map_init(&of->defs, mc->arena);
  map_init(&of->batch, mc->arena);
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_CALL) orm_call(of, b, i, &in->u.call);
      else if (in->kind == IR_ASSIGN) orm_assign(of, b, &in->u.assign);
    }
  if (!of->stmts.len) return NULL;
  of->at = ARENA_NEW_ARRAY(mc->arena, int32_t *, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    of->at[b] = ARENA_NEW_ARRAY(mc->arena, int32_t, fn->blocks[b].n_instrs + 1);
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) of->at[b][i] = -1;
  }
  for (uint32_t k = 0; k < of->stmts.len; k++) {
    OrmStmt *st = &of->stmts.items[k];
    if (st->consumed || !st->val.op) continue;
    stmt_finish(of, st);
    of->at[st->b][st->i] = (int32_t)k;
  }
  return of;
}

const OrmOp *ormops_at(const OrmFn *of, uint32_t b, uint32_t i, DbOp *op) {
  if (!of || b >= of->fn->n_blocks || i >= of->fn->blocks[b].n_instrs || of->at[b][i] < 0) return NULL;
  const OrmStmt *st = &of->stmts.items[of->at[b][i]];
  if (st->op.kind == DB_NONE) return NULL;
  *op = st->op;
  return &st->orm;
}
