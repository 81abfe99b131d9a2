/* cbwrap: project functions that acquire a pooled client in the callback
** form and hand it, with a release function, to their own callback.
**
** `function getConnection(cb) { pool.connect((err, conn, done) => { …;
** cb(null, conn, done); }); }` is, for its callers, what pool.connect itself
** is: `getConnection((err, conn, done) => …)` receives a client it must give
** back. A function w is such a wrapper when a function literal nested in it
** (at most a few deep) calls w's parameter p, unshadowed, with
**   - at index b, the client parameter of a modelled callback acquire (or of
**     another such wrapper's callback) enclosing the call, and
**   - at index c, that callback's release parameter, or a local function
**     literal that calls it (`const finish = () => { …; done(); }`, also
**     `done.apply(…)` / `done.call(…)`),
** as the last thing it does (nothing but a return follows the call in its
** block): the wrapper neither uses nor releases the client afterwards, so the
** callback owns it. An argument before b that is null or undefined, or the
** acquire's own error passed through, is the error slot. The summary (FuncSummary.cb_acq_*) says so, and kinds.c makes
** a call with a function literal at p a callback acquire whose callback
** holds the client (fn_seed_params, facts_callback_res). A callback given
** the pool, or a client without a release, is no acquire: the wrapper keeps
** the obligation. */
#include <string.h>

#include "engine/analysis.h"

enum { CBWRAP_MAX_DEPTH = 4 }; /* function literals between the wrapper and the call */

/* Whether name, used in function j, is parameter idx of its ancestor k (or
** of k == j): no function from j up to k declares another of that name. */
static bool names_param(const IrModule *m, uint32_t j, uint32_t k, const char *name, int idx) {
  if (!name || idx < 0 || (uint32_t)idx >= m->funcs[k].n_params) return false;
  for (uint32_t f = j; f != k; f = (uint32_t)m->funcs[f].parent)
    if (m->funcs[f].parent < 0 || ir_param_index(&m->funcs[f], name) >= 0) return false;
  const char *p = m->funcs[k].params[idx].name;
  return p && strcmp(p, name) == 0;
}

/* Whether function literal l calls the release parameter of callback k
** itself (`done()`, `done.apply(conn, [e])`). */
static bool literal_releases(const IrModule *m, uint32_t l, uint32_t k, int rel) {
  const IrFunc *fn = &m->funcs[l];
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL) continue;
      const IrCall *c = &in->u.call;
      const char *name = c->recv.kind == IR_V_NONE ? c->callee : NULL;
      if (c->recv.kind == IR_V_PATH && c->name && (strcmp(c->name, "apply") == 0 || strcmp(c->name, "call") == 0))
        name = c->recv.text;
      if (names_param(m, l, k, name, rel)) return true;
    }
  return false;
}

/* Whether v, in function j, is callback k's release function: its release
** parameter, or a local of a function from j up to k assigned a literal that
** calls it. */
static bool is_release_arg(const IrModule *m, uint32_t j, uint32_t k, int rel, const IrValue *v) {
  if (!v || v->kind != IR_V_PATH || !v->text || strchr(v->text, '.')) return false;
  if (names_param(m, j, k, v->text, rel)) return true;
  for (uint32_t f = j;; f = (uint32_t)m->funcs[f].parent) {
    const IrFunc *fn = &m->funcs[f];
    if (ir_param_index(fn, v->text) >= 0) return false;
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
        const IrInstr *in = &fn->blocks[b].instrs[i];
        if (in->kind != IR_ASSIGN || in->u.assign.dst.kind != IR_V_PATH || strcmp(in->u.assign.dst.text, v->text) != 0)
          continue;
        const IrValue *src = &in->u.assign.src;
        return src->kind == IR_V_FUNC && src->func >= 0 && literal_releases(m, (uint32_t)src->func, k, rel);
      }
    if (f == k || fn->parent < 0) return false;
  }
}

/* The callback acquire (a function whose FnInfo.cb_model is set) strictly
** inside w, from j up, whose client parameter argument v names; -1 none. */
static int32_t client_callback(ModCtx *mc, uint32_t w, uint32_t j, const IrValue *v) {
  const IrModule *m = mc->m;
  if (!v || v->kind != IR_V_PATH || !v->text || strchr(v->text, '.')) return -1;
  for (uint32_t k = j; k != w && m->funcs[k].parent >= 0; k = (uint32_t)m->funcs[k].parent) {
    const ApiCall *mdl = mc->fns[k].cb_model;
    if (mdl && (mdl->result == AK_CLIENT || mdl->result == AK_CONNECTION) && mdl->cb_release >= 0 &&
        names_param(m, j, k, v->text, mdl->cb_resource))
      return (int32_t)k;
    if (ir_param_index(&m->funcs[k], v->text) >= 0) return -1;
  }
  return -1;
}

/* Whether instruction i is the last thing block b does before it returns. */
static bool tail_call(const IrFunc *fn, uint32_t b, uint32_t i) {
  const IrBlock *blk = &fn->blocks[b];
  return i + 1 == blk->n_instrs && blk->term.kind == IR_T_RET;
}

/* The argument before r that is the error slot: null or undefined, or the
** acquire's own error passed through (`cb(err, client, done)`: where it is
** set, no client was given); -1 none. */
static int error_arg(const IrModule *m, uint32_t j, uint32_t k, int err, const IrCall *c, uint32_t r) {
  for (uint32_t a = 0; a < r; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind == IR_V_NULL || (v->kind == IR_V_PATH && names_param(m, j, k, v->text, err))) return (int)a;
  }
  return -1;
}

/* Fills s from call c (instruction i of block b of function j, nested in w)
** when it hands w's parameter a client and its release; true then. */
static bool cbwrap_call(ModCtx *mc, uint32_t w, uint32_t j, uint32_t b, uint32_t i, FuncSummary *s) {
  const IrModule *m = mc->m;
  const IrCall *c = &m->funcs[j].blocks[b].instrs[i].u.call;
  if (c->recv.kind != IR_V_NONE || !c->callee || c->n_args < 2 || !tail_call(&m->funcs[j], b, i)) return false;
  IrValue callee = {.kind = IR_V_PATH, .text = c->callee};
  int p = sqlwrap_wrapper_param(m, w, j, &callee);
  if (p < 0 || p >= 0xfe) return false;
  for (uint32_t r = 0; r < c->n_args && r < 16; r++) {
    int32_t k = client_callback(mc, w, j, &c->args[r]);
    if (k < 0) continue;
    const FnInfo *K = &mc->fns[k];
    for (uint32_t d = 0; d < c->n_args && d < 16; d++) {
      if (d == r || !is_release_arg(m, j, (uint32_t)k, K->cb_model->cb_release, &c->args[d])) continue;
      s->cb_acq_param = (uint8_t)(p + 1);
      s->cb_acq_res = (int8_t)r;
      s->cb_acq_rel = (int8_t)d;
      s->cb_acq_err = (int8_t)error_arg(m, j, (uint32_t)k, K->cb_model->cb_error, c, r);
      s->cb_acq_kind = (uint8_t)K->cb_model->result;
      s->cb_acq_lib = K->cb_lib;
      return true;
    }
  }
  return false;
}

/* Whether function j is nested in w, at most a few deep, inside a callback
** acquire strictly inside w (j itself or a function between them). */
static bool nested_in_callback(const ModCtx *mc, uint32_t j, uint32_t w) {
  const IrModule *m = mc->m;
  bool acquire = false;
  for (int d = 0; d <= CBWRAP_MAX_DEPTH; d++) {
    if (j == w) return acquire;
    if (m->funcs[j].parent < 0) return false;
    acquire |= mc->fns[j].cb_model != NULL;
    j = (uint32_t)m->funcs[j].parent;
  }
  return false;
}

void cbwrap_summary(ModCtx *mc, uint32_t fi, FuncSummary *s) {
  const IrModule *m = mc->m;
  s->cb_acq_err = s->cb_acq_res = s->cb_acq_rel = s->cb_acq_lib = -1;
  if ((m->lang != IR_LANG_JS && m->lang != IR_LANG_TS) || (m->funcs[fi].flags & IR_FUNC_TOPLEVEL)) return;
  if (!m->funcs[fi].n_params) return;
  for (uint32_t j = 0; j < m->n_funcs; j++) {
    if (j == fi || !nested_in_callback(mc, j, fi)) continue;
    const IrFunc *fn = &m->funcs[j];
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
        if (fn->blocks[b].instrs[i].kind == IR_CALL && cbwrap_call(mc, fi, j, b, i, s)) return;
  }
}

/* The callback-acquire model a call of a wrapper summarised by s gives its
** callback literal: what pool.connect's model says of its callback. */
void cbwrap_model(const FuncSummary *s, ApiCall *out) {
  memset(out, 0, sizeof *out);
  out->method = "callback";
  out->effect = AE_ACQUIRE;
  out->result = (ApiKind)s->cb_acq_kind;
  out->has_callback = true;
  out->cb_arg = s->cb_acq_param - 1;
  out->cb_error = s->cb_acq_err;
  out->cb_resource = s->cb_acq_res;
  out->cb_release = s->cb_acq_rel;
  out->keeps_arg = out->nonnil_if_true = out->when_arg = out->guard_arg = -1;
  out->subject_arg = out->out_arg = out->cb_param = -1;
  out->sql_arg = -1;
}
