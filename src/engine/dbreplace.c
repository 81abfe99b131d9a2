/* dbreplace: a "replace" of rows — a DELETE of a table's rows by a key, then
** INSERTs into the same table of rows that carry that key again (`DELETE FROM
** headers WHERE profile_id = $1`, then each header with `ProfileID = p.ID`).
** Nothing the delete produced flows into the inserts, so the value flow of
** dbops.c does not tie them: what ties them is the key both name. When an
** insert fails outside a transaction with the delete, the rows are gone.
**
** The key is a path among the delete's arguments (not a constant, not the
** SQL text), or among an ORM delete's object literals (`{ where: { scene_id:
** s.id } }`, not the transaction it names); an insert carries it when one of
** its arguments or written values mentions that path, is (the address of) a
** struct into whose members the function stored it (`h.ProfileID = p.ID;
** db.Save(&h)`), or is what a callback returns that maps a list to the rows
** (`tags.map((t) => ({ scene_id: s.id, name: t }))`).
** Direct statements only: a helper's summary does not say that it deletes. */
#include <string.h>

#include "engine/analysis.h"
#include "engine/ormops.h"

static const IrCall *op_call(const FnAnalysis *fa, uint32_t k) {
  return &fa->fn->blocks[fa->dbops->block[k]].instrs[fa->dbops->instr[k]].u.call;
}

static bool mentions(const IrValue *v, const char *path, int depth) {
  if (!v || depth > 8) return false;
  if (v->kind == IR_V_PATH || v->kind == IR_V_ADDR) return v->text && strcmp(v->text, path) == 0;
  for (uint32_t s = 0; v->kind == IR_V_OTHER && s < v->n_subs; s++)
    if (mentions(&v->subs[s], path, depth + 1)) return true;
  for (uint32_t i = 0; v->obj && i < v->obj->n_members; i++)
    if (mentions(&v->obj->members[i], path, depth + 1)) return true;
  return false;
}

/* The struct a value hands over: `h`, Go `&h`, `&p.Items[i]`. */
static const char *handed_struct(const IrValue *v) {
  if (v && v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF) && v->n_subs == 1 && !v->obj) v = &v->subs[0];
  return v && (v->kind == IR_V_PATH || v->kind == IR_V_ADDR) ? v->text : NULL;
}

/* The function stores key into a member of path (`path.Member = key`). */
static bool stored_into(const IrFunc *fn, const char *path, const char *key) {
  uint32_t b = 0, i = 0;
  for (const IrInstr *in; (in = ir_next_member_store(fn, path, &b, &i));)
    if (mentions(&in->u.assign.src, key, 0)) return true;
  return false;
}

static bool value_carries(const IrFunc *fn, const IrValue *v, const char *key) {
  if (mentions(v, key, 0)) return true;
  const char *s = handed_struct(v);
  return s && stored_into(fn, s, key);
}

/* The paths an object literal argument holds (Sequelize `destroy({ where:
** { scene_id: scene.id } })`), but the transaction it names. */
static void object_keys(const OrmOp *oo, const IrObject *obj, const char **out, uint32_t *n, uint32_t cap, int depth) {
  for (uint32_t i = 0; obj && i < obj->n_members && *n < cap && depth < 4; i++) {
    const IrValue *m = &obj->members[i];
    if (m->kind == IR_V_PATH && m->text && m->key && !(oo->joins && oo->joins->text && strcmp(oo->joins->text, m->text) == 0))
      out[(*n)++] = m->text;
    else if (m->obj) object_keys(oo, m->obj, out, n, cap, depth + 1);
  }
}

/* The delete's arguments that may be keys: an ORM chain's arguments (and
** the paths of its object literals), or an SQL call's arguments after its
** text. */
static uint32_t delete_keys(const FnAnalysis *fa, uint32_t j, const char **out, uint32_t cap) {
  const OrmOp *oo = fa->dbops->orm[j];
  const IrCall *c = op_call(fa, j);
  int8_t sa = fa->dbops->ops[j].sql_arg;
  uint32_t n = 0, na = oo ? oo->n_args : c->n_args;
  uint32_t first = oo ? 0 : sa < 0 ? na : (uint32_t)sa + 1;
  for (uint32_t a = first; a < na && n < cap; a++) {
    const IrValue *v = oo ? oo->args[a] : &c->args[a];
    if (v->kind == IR_V_PATH && v->text) out[n++] = v->text; /* not a constant, not `&Header{}` */
    else if (oo && v->obj) object_keys(oo, v->obj, out, &n, cap, 0);
  }
  return n;
}

/* v is the result of a call that maps a function literal over a list
** (`tags.map((t) => ({ scene_id: scene.id, name: t.name }))`), and what the
** literal returns mentions key, a path of the enclosing function it captures. */
static bool mapped_carries(const FnAnalysis *fa, const IrValue *v, const char *key) {
  if (!v || v->kind != IR_V_PATH || !v->text) return false;
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || !in->u.call.n_results || in->u.call.results[0].kind != IR_V_PATH ||
          strcmp(in->u.call.results[0].text, v->text) != 0)
        continue;
      for (uint32_t a = 0; a < in->u.call.n_args; a++) {
        const IrValue *f = &in->u.call.args[a];
        if (f->kind != IR_V_FUNC || f->func < 0 || (uint32_t)f->func >= fa->mc->m->n_funcs) continue;
        const IrFunc *lit = &fa->mc->m->funcs[f->func];
        for (uint32_t p = 0; p < lit->n_params; p++) /* a parameter of the literal is not the caller's key */
          if (lit->params[p].name && strncmp(key, lit->params[p].name, strlen(lit->params[p].name)) == 0 &&
              (key[strlen(lit->params[p].name)] == '.' || !key[strlen(lit->params[p].name)]))
            return false;
        for (uint32_t lb = 0; lb < lit->n_blocks; lb++) {
          const IrTerm *t = &lit->blocks[lb].term;
          for (uint32_t r = 0; t->kind == IR_T_RET && r < t->n_values; r++)
            if (mentions(&t->values[r], key, 0)) return true;
        }
      }
    }
  return false;
}

/* Insert k writes key into its row: an SQL insert's argument mentions it; an
** ORM insert's values, or a literal it is handed, mention it, or the struct
** it is handed had it stored into a member. A bare argument of an ORM chain
** that is no struct (`WithContext(ctx)`) is not a value written. */
static bool insert_carries(const FnAnalysis *fa, uint32_t k, const char *key) {
  const OrmOp *oo = fa->dbops->orm[k];
  if (!oo) {
    const IrCall *c = op_call(fa, k);
    int8_t sa = fa->dbops->ops[k].sql_arg;
    for (uint32_t a = sa < 0 ? c->n_args : (uint32_t)sa + 1; a < c->n_args; a++)
      if (value_carries(fa->fn, &c->args[a], key)) return true;
    return false;
  }
  for (uint8_t v = 0; v < oo->n_values; v++)
    if (mentions(oo->values[v], key, 0) || mapped_carries(fa, oo->values[v], key)) return true;
  for (uint8_t a = 0; a < oo->n_args; a++) {
    const IrValue *v = oo->args[a];
    if (v->kind == IR_V_OTHER && mentions(v, key, 0)) return true;
    const char *st = handed_struct(v);
    if (st && stored_into(fa->fn, st, key)) return true;
  }
  return false;
}

bool dbreplace_pair(const FnAnalysis *fa, uint32_t j, uint32_t k) {
  const FnDbOps *d = fa->dbops;
  if (!d || j >= d->n || k >= d->n || j == k) return false;
  const DbOp *del = &d->ops[j], *ins = &d->ops[k];
  if (del->kind != DB_WRITE || !del->deletes || ins->kind != DB_WRITE || ins->deletes ||
      !(ins->flags & (DBF_INSERT | DBF_RET_INSERTED)) || (ins->flags & DBF_VIA_SUMMARY) || !del->n_tables ||
      !ins->n_tables || del->tables[0] != ins->tables[0])
    return false;
  const char *keys[ORMOP_MAX_ARGS + 8];
  uint32_t nk = delete_keys(fa, j, keys, ORMOP_MAX_ARGS + 8);
  for (uint32_t a = 0; a < nk; a++)
    if (insert_carries(fa, k, keys[a])) return true;
  return false;
}
