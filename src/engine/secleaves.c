/* secleaves: see secleaves.h. The test is a superset of what secconf.c's
** walk can turn into a fact (check_tls): a keyed boolean whose key, or a field
** store whose last segment, is a catalog key; a string or template whose text
** contains a catalog parameter's name in any case; or a setting another
** module published. It reads each value once, where the walk reads it again
** from every function that reaches it. */
#include <string.h>

#include "engine/secconf.h"
#include "engine/secleaves.h"

enum { SCAN_MAX_DEPTH = 64 };

static bool is_tls_key(const ApiSecurity *cat, const char *key) {
  for (uint32_t k = 0; key && k < cat->tls.len; k++)
    if (cat->tls.items[k].key && strcmp(cat->tls.items[k].key, key) == 0) return true;
  return false;
}

/* strcasestr, which C11 lacks. */
static bool contains_nocase(const char *text, const char *word) {
  size_t n = strlen(word);
  for (const char *p = text; *p; p++) {
    size_t i = 0;
    while (i < n && p[i] && (p[i] | 0x20) == (word[i] | 0x20)) i++;
    if (i == n) return true;
  }
  return false;
}

static bool names_tls_param(const ApiSecurity *cat, const char *text) {
  for (uint32_t k = 0; text && k < cat->tls.len; k++)
    if (cat->tls.items[k].param && contains_nocase(text, cat->tls.items[k].param)) return true;
  return false;
}

/* True when v, stored under key (a field store's last segment, or NULL), or
** anything inside it may be a TLS leaf; at the depth guard, true. */
static bool value_may_carry(const ApiSecurity *cat, const IrValue *v, const char *key, int depth) {
  if (depth > SCAN_MAX_DEPTH) return true;
  if (v->kind == IR_V_BOOL && (is_tls_key(cat, v->key) || is_tls_key(cat, key))) return true;
  if ((v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) && names_tls_param(cat, v->text)) return true;
  for (uint32_t k = 0; k < v->n_subs; k++)
    if (value_may_carry(cat, &v->subs[k], NULL, depth + 1)) return true;
  for (uint32_t k = 0; v->obj && k < v->obj->n_members; k++)
    if (value_may_carry(cat, &v->obj->members[k], NULL, depth + 1)) return true;
  return false;
}

static bool instr_may_carry(const ApiSecurity *cat, const IrInstr *in) {
  if (in->kind == IR_ASSIGN) {
    const char *dst = in->u.assign.dst.kind == IR_V_PATH ? in->u.assign.dst.text : NULL;
    const char *dot = dst ? strrchr(dst, '.') : NULL;
    return value_may_carry(cat, &in->u.assign.src, dot ? dot + 1 : dst, 0);
  }
  if (in->kind != IR_CALL && in->kind != IR_DEFER) return false;
  for (uint32_t a = 0; a < in->u.call.n_args; a++)
    if (value_may_carry(cat, &in->u.call.args[a], NULL, 0)) return true;
  return false;
}

static bool funcs_may_carry(const ApiSecurity *cat, const IrModule *m) {
  for (uint32_t f = 0; f < m->n_funcs; f++) {
    const IrFunc *fn = &m->funcs[f];
    for (uint32_t b = 0; b < fn->n_blocks; b++) {
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
        if (instr_may_carry(cat, &fn->blocks[b].instrs[i])) return true;
      const IrTerm *t = &fn->blocks[b].term;
      for (uint32_t k = 0; t->kind == IR_T_RET && k < t->n_values; k++)
        if (value_may_carry(cat, &t->values[k], NULL, 0)) return true;
    }
  }
  return false;
}

/* Settings the walk could meet through an import or a sibling file. */
static bool published_nearby(ModCtx *mc) {
  const struct SecExports *own = mc->pkg ? mc->pkg->sec : NULL;
  if (own && own->n) return true;
  for (uint32_t i = 0; i < mc->m->n_imports; i++) {
    const char *spec = mc->m->imports[i].specifier;
    const ModuleSummary *s = spec ? project_go_package(mc->project, spec) : NULL;
    if (s && s->sec) return true;
  }
  return false;
}

bool secleaves_go_module_may_carry(ModCtx *mc) {
  const ApiSecurity *cat = apisec_catalog(&mc->engine->spec, APISEC_GO);
  if (!cat->loaded) return false; /* secconf_value_settings returns nothing then */
  return published_nearby(mc) || funcs_may_carry(cat, mc->m);
}
