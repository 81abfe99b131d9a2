/* secconf: the connection-security pass (see secconf.h). This file: which
** calls connect, what their configuration is built from (the walk), and the
** TLS settings and hard-coded passwords found there. The credentials' flow
** to sinks is secflow.c; connection-string text, sectext.c. */
#include <string.h>
#include <strings.h>

#include "engine/poolsites.h"
#include "engine/secconf.h"

enum { WALK_MAX_DEPTH = 8, WALK_MAX_STEPS = 2000 };

/* A constant the walk found in a configuration: a keyed boolean member or
** field (`rejectUnauthorized: false`, `t.InsecureSkipVerify = true`), or a
** string (a connection string; `password: 'x'` keeps its key). */
typedef struct Leaf {
  const char *key;
  const IrValue *v; /* IR_V_BOOL, IR_V_STRING or IR_V_TEMPLATE */
  SrcLoc loc;
  bool production;  /* reached only on a branch that tests for production */
  bool literal;     /* a string constant, not a template: the whole connection string is known */
  const SecSetting *ext; /* a setting another module's export carries (v NULL; loc: where it is used here) */
  uint32_t fi;           /* the function v is written in */
} Leaf;

/* A connection string of a connect call that selects a registered TLS
** configuration by name (`?tls=custom`). */
typedef struct TlsUse {
  const char *name;
  SrcLoc loc;
  const char *what;
} TlsUse;

typedef struct Walk {
  ModCtx *mc;
  const ApiSecurity *cat;
  ARRAY(Leaf) leaves; /* in the file arena */
  ARRAY(TlsUse) uses; /* in the file arena */
  bool has_prod_compare; /* some IrCompare of the module compares with a production value */
  struct {
    uint32_t fi;
    const char *name;
  } stack[WALK_MAX_DEPTH * 2];
  uint32_t n_stack, steps;
  const char *value_key; /* the member whose value is being walked (`rejectUnauthorized: verify`): a
                            keyless boolean or comparison reached through that variable is its value */
} Walk;

static void walk_value(Walk *w, uint32_t fi, const IrValue *v, bool prod, int depth);
static ApiSecLang sec_lang(const IrModule *m);

/* Section - Connections */

bool secconf_is_connect(ModCtx *mc, uint32_t fi, const IrCall *c) {
  int lib = -1;
  CallEval ev = kinds_eval_call(mc, fi, c); /* once: poolsites_is_creation would evaluate it again */
  if (poolsites_is_creation_ev(mc, fi, c, &ev, &lib)) return true;
  uint8_t rk = ev.result.kind;
  if (rk != AK_POOL && rk != AK_CLIENT && rk != AK_CONNECTION) return false;
  if (ev.effect == AE_CREATE) return true; /* a model's create, or `new Client(cfg)` of a modelled class */
  if (!ev.model) return false;
  if (ev.effect != AE_ACQUIRE) return false;
  /* pool.connect(), db.Conn(ctx): a connection from a pool already configured. */
  if (c->recv.kind == IR_V_PATH) {
    uint8_t k = kinds_lookup(mc, fi, c->recv.text).kind;
    if (k == AK_POOL || k == AK_CLIENT || k == AK_CONNECTION) return false;
  }
  return true;
}

void secconf_add(ModCtx *mc, uint32_t fi, const SecFact *f) {
  SecFacts *sf = mc->sec;
  for (uint32_t k = 0; k < sf->items.len; k++) {
    const SecFact *o = &sf->items.items[k];
    if (o->kind == f->kind && o->loc.line == f->loc.line && o->loc.col == f->loc.col) return;
  }
  array_push_in(mc->arena, &sf->items, *f);
  array_push_in(mc->arena, &sf->func, fi);
}

/* Section - Production tests */

static const char *env_read(Walk *w, const IrFunc *fn, const IrValue *v) {
  return secconf_env_read(w->cat, fn, v);
}

/* True when comparing env with the string s means "in production". */
static bool production_value(Walk *w, const char *env, const IrValue *s) {
  if (!env || s->kind != IR_V_STRING) return false;
  for (uint32_t k = 0; k < w->cat->production.len; k++) {
    const ApiEnvTest *t = &w->cat->production.items[k];
    if (strcmp(t->env, env) == 0 && apisec_list_has(t->values, t->n_values, s->text)) return true;
  }
  return false;
}

/* The comparison stored in the variable a test of function fi reads
** (`if (isProd)`, `!isProd ? … : …`, with `const isProd = NODE_ENV ===
** 'production'` in its scope: the front end's IrCompare), or NULL; *scope
** gets the function that stores it, *negated whether the test is `!x`. */
static const IrCond *stored_compare(Walk *w, uint32_t fi, const IrCond *c, uint32_t *scope, bool *negated) {
  *negated = c->kind == IR_COND_NOT;
  if (*negated) c = c->lhs;
  if (!c || c->kind != IR_COND_TRUTHY || c->a.kind != IR_V_PATH || !c->a.text || kinds_is_temp(c->a.text) ||
      !w->has_prod_compare)
    return NULL;
  const IrModule *m = w->mc->m;
  *scope = poolident_def_scope(w->mc, fi, c->a.text);
  const IrFunc *fn = &m->funcs[*scope];
  const IrCond *found = NULL;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_ASSIGN || !in->u.assign.dst.text || strcmp(in->u.assign.dst.text, c->a.text) != 0) continue;
      const IrCond *cmp = NULL;
      for (uint32_t k = 0; k < m->n_compares && !cmp; k++)
        if (m->compares[k].loc.line == in->u.assign.src.loc.line && m->compares[k].loc.col == in->u.assign.src.loc.col)
          cmp = m->compares[k].cond;
      if (!cmp || (found && found != cmp)) return NULL; /* assigned anything else too: not that test */
      found = cmp;
    }
  return found;
}

/* True when some stored comparison of the module has a catalog production
** value as an operand: only then are tests of variables looked into. */
static bool module_has_prod_compare(const ApiSecurity *cat, const IrModule *m) {
  for (uint32_t k = 0; k < m->n_compares; k++) {
    const IrCond *c = m->compares[k].cond;
    const IrValue *s = c->a.kind == IR_V_STRING ? &c->a : c->b.kind == IR_V_STRING ? &c->b : NULL;
    for (uint32_t t = 0; s && s->text && t < cat->production.len; t++)
      if (apisec_list_has(cat->production.items[t].values, cat->production.items[t].n_values, s->text)) return true;
  }
  return false;
}

/* True when block b runs only on the production side of the branch just
** before it (`NODE_ENV === 'production' ? { … } : false`, or a test of a
** variable holding that comparison). */
static bool block_is_production(Walk *w, uint32_t fi, uint32_t b) {
  const IrFunc *fn = &w->mc->m->funcs[fi];
  for (uint32_t p = 0; p < fn->n_blocks; p++) {
    const IrTerm *t = &fn->blocks[p].term;
    if (t->kind != IR_T_BRANCH || !t->cond || (t->succ[0] != b && t->succ[1] != b) || t->succ[0] == t->succ[1])
      continue;
    const IrCond *c = t->cond;
    const IrFunc *at = fn;
    bool negated = false;
    if (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) {
      uint32_t scope = fi;
      c = stored_compare(w, fi, c, &scope, &negated);
      if (!c) continue;
      at = &w->mc->m->funcs[scope];
    }
    bool prod = production_value(w, env_read(w, at, &c->a), &c->b) ||
                production_value(w, env_read(w, at, &c->b), &c->a);
    if (prod) return ((c->kind == IR_COND_EQ) != negated) == (t->succ[0] == b);
  }
  return false;
}

/* block_is_production(w, fi, b), asked only for a block that defines the walked
** variable: it scans every branch of the function, and most blocks define
** nothing the walk follows. *memo: -1 until known. */
static bool block_prod(Walk *w, uint32_t fi, uint32_t b, int8_t *memo) {
  if (*memo < 0) *memo = block_is_production(w, fi, b);
  return *memo;
}

/* Section - The walk */

static void add_leaf(Walk *w, uint32_t fi, const char *key, const IrValue *v, SrcLoc loc, bool prod) {
  array_push_in(w->mc->arena, &w->leaves, ((Leaf){key, v, loc, prod, v->kind == IR_V_STRING, NULL, fi}));
}

static void add_settings(Walk *w, const SecExport *x, SrcLoc loc, bool prod) {
  for (uint32_t k = 0; x && k < x->n; k++)
    array_push_in(w->mc->arena, &w->leaves, ((Leaf){NULL, NULL, loc, prod, false, &x->items[k], 0}));
}

/* The settings an imported binding carries (secexport.c), used at loc. */
static void add_imported(Walk *w, const IrImport *imp, const char *path, SrcLoc loc, bool prod) {
  add_settings(w, imp ? secexport_imported(w->mc, imp, path) : NULL, loc, prod);
}

static void walk_reset(Walk *w) {
  w->leaves.len = 0;
  w->n_stack = 0;
  w->steps = 0;
  w->value_key = NULL;
}

static bool walk_enter(Walk *w, uint32_t fi, const char *name) {
  if (++w->steps > WALK_MAX_STEPS || w->n_stack >= sizeof w->stack / sizeof w->stack[0]) return false;
  for (uint32_t k = 0; k < w->n_stack; k++)
    if (w->stack[k].fi == fi && strcmp(w->stack[k].name, name) == 0) return false;
  w->stack[w->n_stack].fi = fi;
  w->stack[w->n_stack++].name = name;
  return true;
}

/* The module's function called name (a plain call of a helper), or -1. */
static int32_t local_function(ModCtx *mc, const char *name) {
  if (!name || strchr(name, '.')) return -1;
  for (uint32_t f = 1; f < mc->m->n_funcs; f++)
    if (mc->m->funcs[f].name && strcmp(mc->m->funcs[f].name, name) == 0) return (int32_t)f;
  return -1;
}

/* True when function fi assigns name or receives it from a call. */
static bool defines(const IrFunc *fn, const char *name) {
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.text && strcmp(in->u.assign.dst.text, name) == 0) return true;
      for (uint32_t r = 0; in->kind == IR_CALL && r < in->u.call.n_results; r++)
        if (in->u.call.results[r].text && strcmp(in->u.call.results[r].text, name) == 0) return true;
    }
  return false;
}

/* The import that binds name in scope, unless the scope declares and defines a
** variable of that name itself (`const cfg = require('./cfg')` declares cfg
** but defines it only as the import). */
static const IrImport *imported_binding(ModCtx *mc, uint32_t scope, const char *name) {
  const IrImport *imp = kinds_import_find(mc, name);
  if (!imp || (kinds_fn_declares(mc, scope, name) && defines(&mc->m->funcs[scope], name))) return NULL;
  return imp;
}

/* The values helper function h returns. */
/* True when v is parameter name of fn as a whole (`return fallback`). */
static bool is_param(const IrFunc *fn, const IrValue *v) {
  for (uint32_t p = 0; v->kind == IR_V_PATH && v->text && p < fn->n_params; p++)
    if (fn->params[p].name && strcmp(fn->params[p].name, v->text) == 0) return true;
  return false;
}

static void walk_returns(Walk *w, uint32_t h, bool prod, int depth) {
  const IrFunc *hf = &w->mc->m->funcs[h];
  if (!walk_enter(w, h, "<return>")) return;
  const char *outer = w->value_key;
  for (uint32_t b = 0; b < hf->n_blocks; b++)
    if (hf->blocks[b].term.kind == IR_T_RET)
      for (uint32_t k = 0; k < hf->blocks[b].term.n_values; k++) {
        /* A returned parameter is the caller's argument: its default (`fallback = false`) need not be. */
        const IrValue *rv = &hf->blocks[b].term.values[k];
        w->value_key = is_param(hf, rv) ? NULL : outer;
        walk_value(w, h, rv, prod, depth + 1);
      }
  w->value_key = outer;
  w->n_stack--;
}

/* The first segment of path ("cfg" of "cfg.db.ssl"), in a; NULL when too long. */
static const char *path_head(Arena *a, const char *path) {
  size_t n = strcspn(path, ".");
  return n < 128 ? arena_strndup(a, path, n) : NULL;
}

/* What a call's result is built from: a helper's returned values, else its
** arguments (`pgxpool.ParseConfig(url)`, `Object.assign({}, base, { ssl })`). */
static void walk_call(Walk *w, uint32_t fi, const IrCall *c, SrcLoc at, bool prod, int depth) {
  if (secconf_is_connect(w->mc, fi, c)) return; /* `drizzle(new Pool(cfg))`: that call's own */
  int32_t h = local_function(w->mc, c->callee);
  const char *head = h < 0 && c->callee ? path_head(w->mc->arena, c->callee) : NULL;
  const IrImport *imp = head ? imported_binding(w->mc, poolident_def_scope(w->mc, fi, head), head) : NULL;
  /* `new Pool(dbOptions())`, dbOptions from another module; its arguments still count
  ** (`pgxpool.ParseConfig(url)`). */
  if (imp) add_imported(w, imp, c->callee, at, prod);
  else if (h < 0 && c->callee && !strchr(c->callee, '.'))
    add_settings(w, secexport_package_name(w->mc, c->callee), at, prod); /* a helper of another file */
  if (h >= 0) {
    walk_returns(w, (uint32_t)h, prod, depth);
    return;
  }
  /* An argument is not the result: `parse(env, false)` need not be false. */
  const char *outer = w->value_key;
  w->value_key = NULL;
  for (uint32_t a = 0; a < c->n_args; a++) walk_value(w, fi, &c->args[a], prod, depth + 1);
  w->value_key = outer;
}

static const char *last_segment(const char *path) {
  const char *dot = strrchr(path, '.');
  return dot ? dot + 1 : path;
}

/* The definitions of variable head in its scope: assignments to it or to
** its fields, calls whose result it is. */
static void walk_var(Walk *w, uint32_t fi, const char *head, const IrValue *use, bool prod, int depth) {
  ModCtx *mc = w->mc;
  uint32_t scope = kinds_is_temp(head) ? fi : poolident_def_scope(mc, fi, head);
  const IrImport *imp = imported_binding(mc, scope, head);
  if (imp) add_imported(w, imp, use->text, use->loc, prod);
  if (kinds_import_find(mc, head) && !kinds_fn_declares(mc, scope, head)) return; /* its field stores still count */
  if (!imp && scope == 0) add_settings(w, secexport_package_name(mc, head), use->loc, prod); /* another file's */
  if (!walk_enter(w, scope, head)) return;
  const IrFunc *fn = &mc->m->funcs[scope];
  size_t hn = strlen(head);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    int8_t bprod = prod ? 1 : -1; /* block_prod's memo */
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH) {
        const char *dst = in->u.assign.dst.text;
        const IrValue *src = &in->u.assign.src;
        if (strcmp(dst, head) == 0) {
          walk_value(w, scope, src, block_prod(w, scope, b, &bprod), depth + 1);
        } else if (strncmp(dst, head, hn) == 0 && dst[hn] == '.') {
          /* Every field store is a keyed leaf (`t.VerifyConnection = f` says the
          ** program checks the peer itself); what a non-constant holds is walked. */
          add_leaf(w, scope, last_segment(dst), src, in->loc, block_prod(w, scope, b, &bprod));
          const char *outer = w->value_key;
          /* `ssl.rejectUnauthorized = verify`: what verify is assigned is that field's value. */
          w->value_key = src->kind == IR_V_PATH && src->text && !strchr(src->text, '.') ? last_segment(dst) : NULL;
          if (src->kind != IR_V_BOOL && src->kind != IR_V_STRING)
            walk_value(w, scope, src, block_prod(w, scope, b, &bprod), depth + 1);
          w->value_key = outer;
        }
      } else if (in->kind == IR_CALL) {
        for (uint32_t r = 0; r < in->u.call.n_results; r++) {
          const IrValue *res = &in->u.call.results[r];
          if (!res->text || strncmp(res->text, head, hn) != 0 || (res->text[hn] != '\0' && res->text[hn] != '.'))
            continue;
          /* `cfg.TLSConfig = dbtls.Insecure()` stores a call's result in a field: a keyed leaf too. */
          const char *outer = w->value_key;
          if (res->text[hn] == '.') {
            add_leaf(w, scope, last_segment(res->text), res, in->loc, block_prod(w, scope, b, &bprod));
            w->value_key = NULL;
          }
          walk_call(w, scope, &in->u.call, in->loc, block_prod(w, scope, b, &bprod), depth);
          w->value_key = outer;
          break;
        }
      }
    }
  }
  w->n_stack--;
}

/* The key of the member of literal v (or of a literal nested in it: subs are
** flattened) whose whole value is the variable sub (`{ ssl: { rejectUnauthorized:
** verify } }`, a conditional's temporary), or NULL. */
static const char *member_key_of(const IrValue *v, const IrValue *sub, int depth) {
  if (!v->obj || depth > WALK_MAX_DEPTH || sub->kind != IR_V_PATH || !sub->text || strchr(sub->text, '.')) return NULL;
  for (uint32_t k = 0; k < v->obj->n_members; k++) {
    const IrValue *mem = &v->obj->members[k];
    if (mem->key && mem->kind == IR_V_PATH && mem->text && strcmp(mem->text, sub->text) == 0) return mem->key;
    const char *inner = mem->obj ? member_key_of(mem, sub, depth + 1) : NULL;
    if (inner) return inner;
  }
  return NULL;
}

/* The paths value v mentions. A member's variable carries the member's key to
** the constants assigned to it; anything else (`!x`, `a && b`) is not that value. */
static void walk_subs(Walk *w, uint32_t fi, const IrValue *v, bool prod, int depth) {
  const char *outer = w->value_key;
  for (uint32_t k = 0; k < v->n_subs; k++) {
    w->value_key = member_key_of(v, &v->subs[k], 0);
    walk_value(w, fi, &v->subs[k], prod, depth + 1);
  }
  w->value_key = outer;
}

static void walk_value(Walk *w, uint32_t fi, const IrValue *v, bool prod, int depth) {
  if (depth > WALK_MAX_DEPTH) return;
  switch (v->kind) {
  case IR_V_BOOL:
    if (v->key || w->value_key) add_leaf(w, fi, v->key ? v->key : w->value_key, v, v->loc, prod);
    return;
  case IR_V_STRING:
  case IR_V_TEMPLATE:
    add_leaf(w, fi, v->key, v, v->loc, prod);
    return;
  case IR_V_OTHER:
    if (!v->obj && w->value_key) add_leaf(w, fi, w->value_key, v, v->loc, prod); /* `verify = X === 'true'` */
    walk_subs(w, fi, v, prod, depth);
    /* Members set to something other than a constant are keyed leaves too, as field stores
    ** are: `tls.Config{InsecureSkipVerify: true, VerifyPeerCertificate: verify}` checks the peer. */
    for (uint32_t k = 0; v->obj && k < v->obj->n_members; k++) {
      const IrValue *mem = &v->obj->members[k];
      if (mem->key && mem->kind != IR_V_BOOL && mem->kind != IR_V_STRING && mem->kind != IR_V_TEMPLATE)
        add_leaf(w, fi, mem->key, mem, mem->loc, prod);
    }
    return;
  case IR_V_PATH: {
    if (!v->text || poolident_env_name(v->text)) return;
    char head[128];
    const char *dot = strchr(v->text, '.');
    size_t n = dot ? (size_t)(dot - v->text) : strlen(v->text);
    if (n >= sizeof head || (n == 4 && strncmp(v->text, "this", 4) == 0)) return;
    memcpy(head, v->text, n);
    head[n] = '\0';
    const char *outer = w->value_key;
    if (dot) w->value_key = NULL; /* `cfg.verify`: cfg's definitions are not the member's value */
    walk_var(w, fi, arena_strdup(w->mc->arena, head), v, prod, depth);
    w->value_key = outer;
    return;
  }
  default:
    return;
  }
}

/* Section - Findings */

/* The location of text part (a substring of v's text) inside literal v
** when it can be told (a one-line literal without escapes), else v's. */
static SrcLoc narrow(const IrValue *v, SrcLoc at, const char *part) {
  const char *hit = part && v->text ? strstr(v->text, part) : NULL;
  size_t n = v->text ? strlen(v->text) : 0;
  if (!hit || at.line != v->loc.line || at.col != v->loc.col || v->loc.end_line != v->loc.line ||
      v->loc.end_col != v->loc.col + n + 2)
    return at;
  SrcLoc out = at;
  out.col = v->loc.col + 1 + (uint32_t)(hit - v->text);
  out.end_col = out.col + (uint32_t)strlen(part);
  return out;
}

static bool tls_setting_off(const ApiTlsSetting *t, const Leaf *l, const char **value) {
  if (t->key) {
    if (!l->key || l->v->kind != IR_V_BOOL || strcmp(l->key, t->key) != 0) return false;
    *value = l->v->text;
    return (strcmp(l->v->text, "true") == 0) == t->bool_value;
  }
  return false;
}

static bool is_text(const IrValue *v) { return (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) && v->text; }

/* True when the configuration also stores one of t's unless_set fields (the
** catalog's values are lower-cased). */
static bool verified_otherwise(const Walk *w, const ApiTlsSetting *t) {
  for (uint32_t k = 0; k < w->leaves.len; k++) {
    const Leaf *l = &w->leaves.items[k];
    for (uint32_t u = 0; l->key && l->v && l->v->kind != IR_V_NULL && u < t->n_unless_set; u++)
      if (strcasecmp(t->unless_set[u], l->key) == 0) return true;
  }
  return false;
}

/* A setting another module's export carries, used in this configuration at l->loc. */
static void imported_tls(Walk *w, uint32_t fi, SrcLoc related, const char *what, const Leaf *l, const char *via) {
  SecFact f;
  memset(&f, 0, sizeof f);
  f.kind = l->ext->weak ? SEC_TLS_WEAK : SEC_TLS_OFF;
  f.production = l->production || l->ext->production;
  f.by_default = l->ext->by_default;
  f.registered = via != NULL;
  f.loc = l->loc;
  f.related = related;
  f.setting = l->ext->setting;
  f.what = via ? via : what;
  f.related_what = f.what;
  f.setting_path = l->ext->path;
  f.setting_loc = l->ext->loc;
  secconf_add(w->mc, fi, &f);
}

/* A TLS setting found in leaf l of the configuration that what (at related) connects with. */
static void check_tls(Walk *w, uint32_t fi, SrcLoc related, const char *what, const Leaf *l, const char *via) {
  if (l->ext) {
    imported_tls(w, fi, related, what, l, via);
    return;
  }
  const IrValue *v = l->v;
  for (uint32_t k = 0; k < w->cat->tls.len; k++) {
    const ApiTlsSetting *t = &w->cat->tls.items[k];
    const char *value = NULL, *setting = NULL;
    if (t->n_unless_set && verified_otherwise(w, t)) continue;
    SecEnvDefault dflt = {0};
    if (t->key && tls_setting_off(t, l, &value)) {
      setting = arena_printf(w->mc->arena, "%s: %s", t->key, value);
    } else if (t->key && l->key && strcmp(l->key, t->key) == 0 &&
               secdefault_env_compare(w->mc, w->cat, l->fi, v, &dflt)) {
      /* Off while the variable is unset: verification is opt-in. The other way round it is an
      ** opt-out the operator has to write, and verification is on by default. */
      if (dflt.unset_value != t->bool_value) continue;
      setting = dflt.value[0] ? arena_printf(w->mc->arena, "%s: %s unless %s is '%s'", t->key,
                                             dflt.unset_value ? "true" : "false", dflt.env, dflt.value)
                              : arena_printf(w->mc->arena, "%s: %s unless %s is set", t->key,
                                             dflt.unset_value ? "true" : "false", dflt.env);
    } else if (t->param && is_text(v)) {
      value = sectext_param(w->mc->arena, v->text, t->param);
      if (!value || !apisec_list_has(t->values, t->n_values, value)) continue;
      /* Weak: only a literal naming a host that is not this machine. */
      if (t->weak && (!l->literal || sectext_remote_host(w->mc->arena, w->cat, v->text) != 1)) continue;
      setting = arena_printf(w->mc->arena, "%s=%s", t->param, value);
    }
    if (!setting) continue;
    SecFact f;
    memset(&f, 0, sizeof f);
    f.kind = t->weak ? SEC_TLS_WEAK : SEC_TLS_OFF;
    f.production = l->production;
    f.by_default = dflt.env != NULL;
    f.registered = via != NULL;
    f.loc = t->param ? narrow(v, l->loc, strstr(v->text, t->param) ? t->param : NULL) : l->loc;
    f.related = related;
    f.setting = setting;
    f.what = via ? via : what;
    f.related_what = f.what;
    secconf_add(w->mc, fi, &f);
  }
}

static bool is_password_key(const ApiSecurity *cat, const char *key) {
  return key && apisec_list_has(cat->password_keys.items, cat->password_keys.len, key);
}

/* A password written into leaf l of a connection's configuration. */
static void check_hardcoded(Walk *w, uint32_t fi, const IrInstr *call, const Leaf *l) {
  const IrValue *v = l->v;
  if (!v || !is_text(v)) return;
  const char *pw = NULL, *setting = NULL;
  if (is_password_key(w->cat, l->key)) {
    if (v->kind != IR_V_STRING) return;
    pw = v->text, setting = arena_printf(w->mc->arena, "%s: '…'", l->key);
  } else {
    pw = sectext_password(w->mc->arena, w->cat, v->text);
    setting = "this connection string";
  }
  if (!pw || sectext_is_placeholder(w->cat, pw)) return;
  SecFact f;
  memset(&f, 0, sizeof f);
  f.kind = SEC_HARDCODED;
  f.loc = l->key && is_password_key(w->cat, l->key) ? l->loc : narrow(v, l->loc, pw);
  f.related = call->loc;
  f.setting = setting;
  f.what = kinds_call_what(w->mc->arena, &call->u.call);
  f.related_what = f.what;
  secconf_add(w->mc, fi, &f);
}

/* C: a password argument given as a literal (mysql_real_connect's passwd). */
static void check_password_args(Walk *w, uint32_t fi, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  for (uint32_t k = 0; c->name && k < w->cat->password_args.len; k++) {
    const ApiPasswordArg *pa = &w->cat->password_args.items[k];
    const IrValue *a = kinds_call_arg(c, pa->arg);
    if (strcmp(pa->function, c->name) != 0 || !a || a->kind != IR_V_STRING || sectext_is_placeholder(w->cat, a->text))
      continue;
    SecFact f;
    memset(&f, 0, sizeof f);
    f.kind = SEC_HARDCODED;
    f.loc = a->loc.line ? a->loc : in->loc;
    f.related = in->loc;
    f.setting = "this password argument";
    f.what = kinds_call_what(w->mc->arena, c);
    f.related_what = f.what;
    secconf_add(w->mc, fi, &f);
  }
}

/* A connection string (leaf l of connect call in) that selects a TLS
** configuration by a registration's parameter: `?tls=custom`. */
static void note_tls_use(Walk *w, const IrInstr *in, const char *what, const Leaf *l) {
  if (!l->v || !is_text(l->v)) return;
  for (uint32_t k = 0; k < w->cat->registrations.len; k++) {
    const char *param = w->cat->registrations.items[k].param;
    const char *name = param ? sectext_param(w->mc->arena, l->v->text, param) : NULL;
    if (name && *name) array_push_in(w->mc->arena, &w->uses, ((TlsUse){name, in->loc, what}));
  }
}

/* The registration model call c matches (mysql.RegisterTLSConfig), or NULL. */
static const ApiTlsRegistration *tls_registration(Walk *w, const IrCall *c) {
  if (!c->name || c->recv.kind != IR_V_PATH) return NULL;
  const IrImport *imp = kinds_import_find(w->mc, c->recv.text);
  for (uint32_t k = 0; imp && k < w->cat->registrations.len; k++) {
    const ApiTlsRegistration *r = &w->cat->registrations.items[k];
    if (strcmp(r->function, c->name) == 0 && strcmp(r->module, imp->specifier) == 0) return r;
  }
  return NULL;
}

/* The configuration argument of a call that registers a database plugin of
** a framework (catalog "plugins": `app.register(fastifyPostgres, opts)`,
** the plugin an import of its module), or NULL. */
static const IrValue *plugin_config(Walk *w, uint32_t fi, const IrCall *c) {
  for (uint32_t k = 0; c->name && k < w->cat->plugins.len; k++) {
    const ApiDbPlugin *p = &w->cat->plugins.items[k];
    const IrValue *plugin = kinds_call_arg(c, p->plugin_arg);
    if (strcmp(p->method, c->name) != 0 || !plugin || plugin->kind != IR_V_PATH || !plugin->text) continue;
    const IrImport *imp = imported_binding(w->mc, poolident_def_scope(w->mc, fi, plugin->text), plugin->text);
    if (imp && imp->specifier && strcmp(imp->specifier, p->module) == 0) return kinds_call_arg(c, p->config_arg);
  }
  return NULL;
}

static void scan_call(Walk *w, uint32_t fi, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  const ApiTlsRegistration *reg = tls_registration(w, c);
  const IrValue *plugin_cfg = reg ? NULL : plugin_config(w, fi, c);
  bool connect = !reg && (plugin_cfg || secconf_is_connect(w->mc, fi, c));
  check_password_args(w, fi, in); /* mysql_real_connect opens a handle it is given */
  if (!reg && !connect) return;
  walk_reset(w);
  if (reg) {
    const IrValue *cfg = kinds_call_arg(c, reg->config_arg);
    if (cfg) walk_value(w, fi, cfg, false, 0);
  } else if (plugin_cfg) {
    walk_value(w, fi, plugin_cfg, false, 0);
  } else {
    for (uint32_t a = 0; a < c->n_args; a++) walk_value(w, fi, &c->args[a], false, 0);
  }
  const char *via = reg ? kinds_call_what(w->mc->arena, c) : NULL, *what = kinds_call_what(w->mc->arena, c);
  uint32_t first = w->mc->sec->items.len;
  for (uint32_t k = 0; k < w->leaves.len; k++) {
    check_tls(w, fi, in->loc, what, &w->leaves.items[k], via);
    if (connect) check_hardcoded(w, fi, in, &w->leaves.items[k]);
    if (connect) note_tls_use(w, in, what, &w->leaves.items[k]);
  }
  const IrValue *name = reg ? kinds_call_arg(c, reg->name_arg) : NULL;
  for (uint32_t k = first; name && name->kind == IR_V_STRING && k < w->mc->sec->items.len; k++)
    w->mc->sec->items.items[k].tls_name = name->text;
}

/* Links each registration's facts to a connect call of the module that selects it. */
static void link_tls_uses(Walk *w) {
  SecFacts *sf = w->mc->sec;
  for (uint32_t k = 0; k < sf->items.len; k++) {
    SecFact *f = &sf->items.items[k];
    for (uint32_t u = 0; f->tls_name && !f->used_what && u < w->uses.len; u++)
      if (strcasecmp(w->uses.items[u].name, f->tls_name) == 0) {
        f->used_what = w->uses.items[u].what;
        f->used = w->uses.items[u].loc;
      }
  }
}

uint32_t secconf_value_settings(ModCtx *mc, uint32_t fi, const IrValue *v, bool returns, SecFact **out) {
  const ApiSecurity *cat = apisec_catalog(&mc->engine->spec, sec_lang(mc->m));
  *out = NULL;
  if (!cat->loaded) return 0;
  Walk w;
  memset(&w, 0, sizeof w);
  w.mc = mc;
  w.cat = cat;
  w.has_prod_compare = module_has_prod_compare(cat, mc->m);
  int32_t h = returns ? (v->kind == IR_V_FUNC ? v->func : local_function(mc, v->text)) : -1;
  if (returns && h < 0) return 0;
  if (h >= 0) {
    walk_returns(&w, (uint32_t)h, false, 0);
  } else {
    walk_value(&w, fi, v, false, 0);
  }
  /* The facts go to a list of their own: mc->sec holds this module's findings. */
  SecFacts *keep = mc->sec, mine;
  memset(&mine, 0, sizeof mine);
  mc->sec = &mine;
  for (uint32_t k = 0; k < w.leaves.len; k++) check_tls(&w, fi, (SrcLoc){0}, NULL, &w.leaves.items[k], NULL);
  mc->sec = keep;
  *out = mine.items.items;
  return mine.items.len;
}

static ApiSecLang sec_lang(const IrModule *m) {
  return m->lang == IR_LANG_GO ? APISEC_GO : m->lang == IR_LANG_C ? APISEC_C : APISEC_JS;
}

void secconf_module_run(ModCtx *mc) {
  mc->sec = ARENA_NEW(mc->arena, SecFacts);
  const ApiSecurity *cat = apisec_catalog(&mc->engine->spec, sec_lang(mc->m));
  if (!cat->loaded) return;
  Walk w;
  memset(&w, 0, sizeof w);
  w.mc = mc;
  w.cat = cat;
  w.has_prod_compare = module_has_prod_compare(cat, mc->m);
  const SecRoots *roots = secflow_module_roots(mc, cat);
  for (uint32_t fi = 0; fi < mc->m->n_funcs; fi++) {
    const IrFunc *fn = &mc->m->funcs[fi];
    if (fn->flags & IR_FUNC_PARSE_ERROR) continue;
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
        if (fn->blocks[b].instrs[i].kind == IR_CALL) scan_call(&w, fi, &fn->blocks[b].instrs[i]);
    secflow_func(mc, cat, roots, fi);
  }
  link_tls_uses(&w);
}
