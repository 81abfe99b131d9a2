/* txescape: statements in a managed transaction's callback that run outside it.
**
** A callback handed the transaction's client (`db.transaction(async (tx) =>
** …)`, a project's `withTransaction(async (client) => …)`) runs in the
** transaction only what it sends through that client. A statement sent
** through the pool (`pool.query(…)` there, an ORM chain on the global client
** rather than `tx`), or through a helper that runs on a connection of its own
** and is not handed the client (`findById(id)` reading through the module's
** pool), takes another connection: a write there commits even when the
** transaction rolls back, and a read there does not see what the transaction
** wrote. Such operations are marked DBF_OUTSIDE_TX (and are in no
** transaction: tx_res -1). Nothing is marked unless the callback's client is
** known: the model's callback parameter, or a parameter of the callback that
** one of its statements runs on. */
#include <string.h>

#include "engine/analysis.h"
#include "engine/ormops.h"

/* The parameter of fn that path v is or is a member of (`tx`, `tx.user`), or -1. */
static int rooted_param(const IrFunc *fn, const IrValue *v) {
  if (!v || v->kind != IR_V_PATH || !v->text) return -1;
  for (uint32_t p = 0; p < fn->n_params; p++) {
    const char *name = fn->params[p].name;
    size_t n = name ? strlen(name) : 0;
    if (n && strncmp(v->text, name, n) == 0 && (v->text[n] == '\0' || v->text[n] == '.')) return (int)p;
  }
  return -1;
}

/* The transaction's client among the callback's parameters, or -1. */
static int tx_client(const FnAnalysis *fa) {
  const FnInfo *F = &fa->mc->fns[fa->fi];
  if (F->tx_param >= 0 && (uint32_t)F->tx_param < fa->fn->n_params) return F->tx_param;
  const FnDbOps *d = fa->dbops;
  for (uint32_t k = 0; k < d->n; k++) {
    const IrCall *c = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
    const IrValue *conn = dbops_conn_of(c, fa->evals[d->block[k]][d->instr[k]].sum, d->orm[k]);
    int p = rooted_param(fa->fn, conn);
    if (p >= 0 && kinds_lookup(fa->mc, fa->fi, conn->text).kind != AK_POOL) return p;
  }
  return -1;
}

/* Whether some argument of c is (a member of) the client: the helper may run on it. */
static bool hands_client(const IrFunc *fn, const IrCall *c, int client) {
  for (uint32_t a = 0; a < c->n_args; a++)
    if (rooted_param(fn, &c->args[a]) == client) return true;
  return c->recv.kind == IR_V_PATH && rooted_param(fn, &c->recv) == client;
}

/* Whether operation k runs on another connection than the client's. */
static bool runs_elsewhere(const FnAnalysis *fa, uint32_t k, int client) {
  const FnDbOps *d = fa->dbops;
  const IrCall *c = &fa->fn->blocks[d->block[k]].instrs[d->instr[k]].u.call;
  const CallEval *ev = &fa->evals[d->block[k]][d->instr[k]];
  const OrmOp *oo = d->orm[k];
  if (oo) /* an ORM chain on another client (dbops_func left it outside); not one a library joins by name */
    return !oo->in_batch && !oo->joins_required && !oo->joins && d->ops[k].tx_res == -1 &&
           rooted_param(fa->fn, oo->conn) != client;
  if (hands_client(fa->fn, c, client)) return false;
  if (!ev->model && ev->sum) return ev->sum->db_conn_param == 0; /* a helper on its own connection */
  const IrValue *conn = dbops_conn_of(c, ev->sum, NULL);
  return ev->model && conn->kind == IR_V_PATH && conn->text && kinds_lookup(fa->mc, fa->fi, conn->text).kind == AK_POOL;
}

void txescape_mark(FnAnalysis *fa) {
  const FnInfo *F = &fa->mc->fns[fa->fi];
  const IrModule *m = fa->mc->m;
  if (!F->in_tx || !fa->dbops || !fa->dbops->n || (m->lang != IR_LANG_JS && m->lang != IR_LANG_TS)) return;
  int client = tx_client(fa);
  if (client < 0) return;
  FnDbOps *d = fa->dbops;
  for (uint32_t k = 0; k < d->n; k++)
    if (runs_elsewhere(fa, k, client)) d->ops[k].flags |= DBF_OUTSIDE_TX, d->ops[k].tx_res = -1;
}
