/* secfields: Go struct fields that hold a DSN, logged in another package.
** A configuration struct is usually filled in one package (`config.Config`
** with `Database.URL`), handed to the database package's own Open function
** by a third (`database.Connect(ctx, cfg.Database.URL)`), and printed where
** it is filled (`logger.Debugf("url: %s", c.Database.URL)`). The package
** that logs it is analysed before the one that connects with it, so the
** per-function flow (secflow.c) cannot know the field holds a password.
** Each module publishes, in its summary, the links it sees — a parameter or
** a field given to a connect call's DSN argument or to a project function's
** argument — and the sink calls given a field directly. The project phase
** (secfields_leaks) closes the links over the whole program: a parameter is
** a DSN when it reaches a connect call's DSN, through any chain of project
** functions; a field is one when it is given as such a parameter. A sink of
** such a field is a credential leak. Fields are named by their struct's
** canonical type (gotypes.c: "example.com/app/config.DatabaseConfig.URL"),
** never by their names. */
#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
#include "engine/engine_int.h"
#include "engine/secconf.h"

typedef struct SecLink {
  char *from_fn;      /* the function whose parameter is given, or NULL */
  int32_t from_param; /* its index */
  char *from_field;   /* or the field given ("pkg.Type.Field"), or NULL */
  char *to_fn;        /* the project function called ("pkg.Open"), NULL: a connect call's DSN */
  int32_t to_arg;
  char *path;         /* the file of the call */
  SrcLoc at;
  char *what;         /* "database.Connect()" */
} SecLink;

typedef struct SecFieldSink {
  char *field;
  char *path;
  SrcLoc loc;
  char *function;
  char *what;   /* the sink call */
  char *secret; /* the argument as written ("c.Database.URL") */
  const char *noun;
} SecFieldSink;

struct SecFields {
  ARRAY(SecLink) links;
  ARRAY(SecFieldSink) sinks;
};

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

/* The canonical key of a function of mc's package called name. */
static char *own_function(const ModCtx *mc, const char *name) {
  const char *pkg = mc->pkg && mc->pkg->import_path ? mc->pkg->import_path : ".";
  size_t n = strlen(pkg) + strlen(name) + 2;
  char *out = xmalloc(n);
  snprintf(out, n, "%s.%s", pkg, name);
  return out;
}

/* The project function callee names (`Open` of this package, `database.Connect`
** of an imported one), canonical; NULL for a method call or a non-identifier. */
static char *callee_key(ModCtx *mc, const IrCall *c) {
  if (!c->callee || strchr(c->callee, '(')) return NULL;
  const char *dot = strchr(c->callee, '.');
  if (!dot) return own_function(mc, c->callee);
  if (strchr(dot + 1, '.')) return NULL;
  char head[128];
  size_t n = (size_t)(dot - c->callee);
  if (n >= sizeof head) return NULL;
  memcpy(head, c->callee, n);
  head[n] = '\0';
  const IrImport *imp = kinds_import_find(mc, head); /* `s.Open(x)`: a method, not followed */
  if (!imp || !imp->specifier) return NULL;
  size_t len = strlen(imp->specifier) + strlen(dot) + 1;
  char *out = xmalloc(len);
  snprintf(out, len, "%s%s", imp->specifier, dot);
  return out;
}

static int32_t param_index(const IrFunc *fn, const IrValue *v) {
  if (v->kind != IR_V_PATH || !v->text || strchr(v->text, '.')) return -1;
  for (uint32_t p = 0; p < fn->n_params; p++)
    if (fn->params[p].name && strcmp(fn->params[p].name, v->text) == 0) return (int32_t)p;
  return -1;
}

/* The field v names (`cfg.Database.URL`: the struct type of cfg.Database and
** URL), as "canonical-type.Field"; NULL when its owner's type is not a named
** type. */
static char *field_key(ModCtx *mc, uint32_t fi, const IrValue *v) {
  if (v->kind != IR_V_PATH || !v->text || kinds_is_temp(v->text)) return NULL;
  const char *last = strrchr(v->text, '.');
  if (!last || last == v->text) return NULL;
  char owner[256];
  size_t n = (size_t)(last - v->text);
  if (n >= sizeof owner) return NULL;
  memcpy(owner, v->text, n);
  owner[n] = '\0';
  const char *ctype = gotypes_path_ctype(mc, fi, owner);
  while (ctype && *ctype == '*') ctype++;
  if (!ctype || !strchr(ctype, '.') || strchr(ctype, '[') || strchr(ctype, ' ')) return NULL;
  size_t len = strlen(ctype) + strlen(last) + 1;
  char *out = xmalloc(len);
  snprintf(out, len, "%s%s", ctype, last);
  return out;
}

static struct SecFields *fields_of(ModuleSummary *out) {
  if (!out->secfields) out->secfields = xcalloc(1, sizeof *out->secfields);
  return out->secfields;
}

/* Argument a of call in (function fi): a link when it is a parameter or a field. */
static void add_link(ModCtx *mc, uint32_t fi, const IrInstr *in, const IrValue *a, const char *to_fn,
                     int32_t to_arg, ModuleSummary *out) {
  const IrFunc *fn = &mc->m->funcs[fi];
  int32_t p = param_index(fn, a);
  char *field = p < 0 ? field_key(mc, fi, a) : NULL;
  if (p < 0 && !field) return;
  if (p >= 0 && (!fn->name || strchr(fn->name, '<') || strchr(fn->name, '('))) return; /* not callable by name */
  SecLink l = {p >= 0 ? own_function(mc, fn->name) : NULL, p, field, dup_or_null(to_fn), to_arg,
               xstrdup(mc->m->path ? mc->m->path : ""), in->loc,
               xstrdup(kinds_call_what(mc->arena, &in->u.call))};
  array_push(&fields_of(out)->links, l);
}

/* True when function fi opens a database whose DSN is a file (`sql.Open("sqlite",
** path)`): a field it logs is a file name there, whatever other drivers read from it. */
static bool opens_file(ModCtx *mc, const ApiSecurity *cat, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_CALL && in->u.call.n_args && secconf_is_connect(mc, fi, &in->u.call) &&
          !secflow_connect_arg(mc, cat, &in->u.call))
        return true;
    }
  return false;
}

static void collect_call(ModCtx *mc, const ApiSecurity *cat, uint32_t fi, const IrInstr *in, bool file_db,
                         ModuleSummary *out) {
  const IrCall *c = &in->u.call;
  if (secconf_is_connect(mc, fi, c)) {
    const IrValue *dsn = secflow_connect_arg(mc, cat, c);
    if (dsn) add_link(mc, fi, in, dsn, NULL, -1, out);
    return;
  }
  const ApiSink *sink = secflow_call_sink(mc, fi, c);
  if (sink && file_db) return;
  if (sink) {
    for (uint32_t a = sink->from > 0 ? (uint32_t)sink->from : 0; a < c->n_args; a++) {
      char *field = field_key(mc, fi, &c->args[a]);
      if (!field) continue;
      const IrFunc *fn = &mc->m->funcs[fi];
      SecFieldSink s = {field, xstrdup(mc->m->path ? mc->m->path : ""), in->loc, dup_or_null(fn->name),
                        xstrdup(kinds_call_what(mc->arena, c)), xstrdup(c->args[a].text),
                        apisec_sink_name((ApiSinkKind)sink->kind)};
      array_push(&fields_of(out)->sinks, s);
    }
    return;
  }
  CallEval ev = kinds_eval_call(mc, fi, c);
  if (ev.model) return; /* a modelled API, not a project function */
  char *to = NULL;
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind != IR_V_PATH || !v->text || kinds_is_temp(v->text)) continue;
    if (!to && !(to = callee_key(mc, c))) return;
    add_link(mc, fi, in, v, to, (int32_t)a, out);
  }
  free(to);
}

void secfields_collect(ModCtx *mc, ModuleSummary *out) {
  if (mc->m->lang != IR_LANG_GO) return;
  const ApiSecurity *cat = apisec_catalog(&mc->engine->spec, APISEC_GO);
  if (!cat->loaded) return;
  for (uint32_t fi = 0; fi < mc->m->n_funcs; fi++) {
    const IrFunc *fn = &mc->m->funcs[fi];
    if (fn->flags & IR_FUNC_PARSE_ERROR) continue;
    bool file_db = opens_file(mc, cat, fi);
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
        if (fn->blocks[b].instrs[i].kind == IR_CALL)
          collect_call(mc, cat, fi, &fn->blocks[b].instrs[i], file_db, out);
  }
}

void secfields_delete(struct SecFields *x) {
  if (!x) return;
  for (uint32_t k = 0; k < x->links.len; k++) {
    SecLink *l = &x->links.items[k];
    free(l->from_fn), free(l->from_field), free(l->to_fn), free(l->path), free(l->what);
  }
  for (uint32_t k = 0; k < x->sinks.len; k++) {
    SecFieldSink *s = &x->sinks.items[k];
    free(s->field), free(s->path), free(s->function), free(s->what), free(s->secret);
  }
  array_free(&x->links);
  array_free(&x->sinks);
  free(x);
}

/* Section - The project phase */

static char *param_key(Arena *a, const char *fn, int32_t p) { return arena_printf(a, "%s\x1f%d", fn, p); }

/* The link through which field (in some module) is known to be a DSN, or NULL. */
static const SecLink *dsn_link(const Map *dsn, const SecLink *l, Arena *a) {
  if (!l->to_fn) return l;
  return map_get_cstr(dsn, param_key(a, l->to_fn, l->to_arg)) ? l : NULL;
}

uint32_t secfields_leaks(const struct SecFields *const *all, uint32_t n, Arena *a, SecFieldLeak **out) {
  Map dsn, fields;
  map_init(&dsn, a);
  map_init(&fields, a);
  /* The parameters that reach a DSN: a fixed point over the links. */
  for (bool grew = true; grew;) {
    grew = false;
    for (uint32_t m = 0; m < n; m++)
      for (uint32_t k = 0; all[m] && k < all[m]->links.len; k++) {
        const SecLink *l = &all[m]->links.items[k];
        if (!l->from_fn || !dsn_link(&dsn, l, a)) continue;
        const char *key = param_key(a, l->from_fn, l->from_param);
        if (map_get_cstr(&dsn, key)) continue;
        map_set_cstr(&dsn, key, (void *)l);
        grew = true;
      }
  }
  for (uint32_t m = 0; m < n; m++)
    for (uint32_t k = 0; all[m] && k < all[m]->links.len; k++) {
      const SecLink *l = &all[m]->links.items[k];
      if (l->from_field && !map_get_cstr(&fields, l->from_field) && dsn_link(&dsn, l, a))
        map_set_cstr(&fields, l->from_field, (void *)l);
    }
  ARRAY(SecFieldLeak) leaks = {0};
  for (uint32_t m = 0; m < n; m++)
    for (uint32_t k = 0; all[m] && k < all[m]->sinks.len; k++) {
      const SecFieldSink *s = &all[m]->sinks.items[k];
      const SecLink *l = map_get_cstr(&fields, s->field);
      if (!l) continue;
      array_push_in(a, &leaks,
                    ((SecFieldLeak){s->path, s->loc, s->function, s->what, s->secret, s->noun, l->path, l->at,
                                    l->what}));
    }
  *out = leaks.items;
  return leaks.len;
}
