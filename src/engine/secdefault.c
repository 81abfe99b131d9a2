/* secdefault: the value a TLS setting takes when the environment sets
** nothing. A boolean member computed from an environment variable
** (`rejectUnauthorized: process.env.DB_VERIFY === 'true'`, Go
** `InsecureSkipVerify: os.Getenv("DB_TLS_VERIFY") != "true"`) is a
** comparison the front end keeps beside the IR (IrCompare); with the
** variable unset the comparison with any constant is unequal, so its value
** there is known: `===` false, `!==` true (Go's `os.Getenv` gives "", which
** a test of "" equals). The walk (secconf.c) judges the
** setting by that value — off by default is a finding, an opt-out that only
** an operator's explicit value selects is not (docs/rules/connection-security.md). */
#include <string.h>

#include "engine/poolsites.h"
#include "engine/secconf.h"

const char *secconf_env_read(const ApiSecurity *cat, const IrFunc *fn, const IrValue *v) {
  if (v->kind != IR_V_PATH || !v->text) return NULL;
  const char *js = poolident_env_name(v->text);
  if (js) return js;
  if (!kinds_is_temp(v->text)) return NULL;
  /* Go, C: a temporary holding os.Getenv("X") / getenv("X"). */
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || !in->u.call.n_results || !in->u.call.results[0].text ||
          strcmp(in->u.call.results[0].text, v->text) != 0 || !in->u.call.name)
        continue;
      for (uint32_t k = 0; k < cat->env_functions.len; k++) {
        const ApiEnvFunction *ef = &cat->env_functions.items[k];
        const IrValue *a = kinds_call_arg(&in->u.call, ef->arg);
        if (strcmp(ef->function, in->u.call.name) == 0 && a && a->kind == IR_V_STRING) return a->text;
      }
      return NULL;
    }
  return NULL;
}

/* The stored comparison whose value v is (same location), or NULL. */
static const IrCond *stored_comparison(const IrModule *m, const IrValue *v) {
  if (v->kind != IR_V_OTHER || v->obj || !v->loc.line) return NULL;
  for (uint32_t k = 0; k < m->n_compares; k++) {
    const IrCompare *c = &m->compares[k];
    if (c->loc.line == v->loc.line && c->loc.col == v->loc.col && c->loc.end_line == v->loc.end_line &&
        c->loc.end_col == v->loc.end_col)
      return c->cond;
  }
  return NULL;
}

/* True when some test of fn asks whether env is set at all (`if
** (process.env.X)`, `X == null`): that function handles the unset case
** itself, so the comparison need not be what an unset variable gives. */
static bool tests_presence(const ApiSecurity *cat, const IrFunc *fn, const char *env) {
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrCond *c = fn->blocks[b].term.kind == IR_T_BRANCH ? fn->blocks[b].term.cond : NULL;
    while (c && c->kind == IR_COND_NOT) c = c->lhs;
    if (!c) continue;
    bool nullish = (c->kind == IR_COND_EQ || c->kind == IR_COND_NE) && c->b.kind == IR_V_NULL;
    if (c->kind != IR_COND_TRUTHY && !nullish) continue;
    const char *tested = secconf_env_read(cat, fn, &c->a);
    if (tested && strcmp(tested, env) == 0) return true;
  }
  return false;
}

bool secdefault_env_compare(ModCtx *mc, const ApiSecurity *cat, uint32_t fi, const IrValue *v, SecEnvDefault *out) {
  const IrCond *c = stored_comparison(mc->m, v);
  if (!c || (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) || fi >= mc->m->n_funcs) return false;
  const IrFunc *fn = &mc->m->funcs[fi];
  const IrValue *constant = c->b.kind == IR_V_STRING ? &c->b : c->a.kind == IR_V_STRING ? &c->a : NULL;
  const IrValue *other = constant == &c->b ? &c->a : &c->b;
  const char *env = constant && constant->text ? secconf_env_read(cat, fn, other) : NULL;
  /* `process.env[name]`: which variable is not known. */
  if (!env || strchr(env, '[') || tests_presence(cat, fn, env)) return false;
  out->env = env;
  out->value = constant->text;
  out->unset_value = c->kind == IR_COND_NE;
  if (!constant->text[0]) {
    /* Go's os.Getenv reads an unset variable as "" (JS's process.env as undefined, which is not ''). */
    if (mc->m->lang != IR_LANG_GO) return false;
    out->unset_value = c->kind == IR_COND_EQ;
  }
  return true;
}
