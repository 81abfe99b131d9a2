/* secexport: the TLS settings a JS/TS module's exports carry (secconf.h).
** A configuration is often built in a module of its own (`config/db.ts`
** exports `dbConfig`, or `sslOptions()` returning `{ rejectUnauthorized:
** false }`) and given to the pool elsewhere. After the connection-security
** pass of a module, each export's value is walked as a connect call's
** argument would be — an exported function by its returned values — and the
** settings found are published in the module's summary. A module analysed
** later that builds a configuration from the import sees them through
** secexport_imported; settings it imported and exports again are published
** with the file they are written in, so a chain of modules ends at the
** setting itself. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "engine/secconf.h"
#include "engine/secleaves.h"

/* Section - Publishing */

static void export_add_fact(SecExport *x, const ModCtx *mc, const SecFact *f) {
  for (uint32_t k = 0; k < x->n; k++) {
    const SecSetting *o = &x->items[k];
    if (o->loc.line == (f->setting_path ? f->setting_loc : f->loc).line &&
        o->loc.col == (f->setting_path ? f->setting_loc : f->loc).col)
      return;
  }
  x->items = xrealloc(x->items, sizeof *x->items * (x->n + 1));
  SecSetting *s = &x->items[x->n++];
  s->setting = xstrdup(f->setting);
  s->loc = f->setting_path ? f->setting_loc : f->loc;
  s->path = xstrdup(f->setting_path ? f->setting_path : mc->m->path);
  s->production = f->production;
  s->weak = f->kind == SEC_TLS_WEAK;
  s->by_default = f->by_default;
}

/* The settings value v of an export named name carries: what it is built
** from, and when it is a function, what it returns. */
static void publish_one(ModCtx *mc, struct SecExports **out, const char *name, const IrValue *v, bool by_member) {
  SecExport x;
  memset(&x, 0, sizeof x);
  for (int returns = 0; returns < 2; returns++) {
    SecFact *facts = NULL;
    uint32_t n = secconf_value_settings(mc, 0, v, returns != 0, &facts);
    for (uint32_t k = 0; k < n; k++) export_add_fact(&x, mc, &facts[k]);
  }
  if (!x.n) return;
  x.by_member = by_member;
  if (!*out) *out = xcalloc(1, sizeof **out);
  struct SecExports *all = *out;
  x.name = xstrdup(name);
  all->items = xrealloc(all->items, sizeof *all->items * (all->n + 1));
  all->items[all->n++] = x;
}

/* Go: a package's functions (by what they return) and package variables
** (`var Shared = &tls.Config{…}`), by name; exported ones only, or all. */
static void publish_go(ModCtx *mc, struct SecExports **out, bool exported_only) {
  const IrModule *m = mc->m;
  if (!secleaves_go_module_may_carry(mc)) return; /* the walks below would all come back empty */
  for (uint32_t f = 1; f < m->n_funcs; f++) {
    const char *name = m->funcs[f].name;
    if (m->funcs[f].parent != 0 || !name || strchr(name, '.')) continue;
    if (exported_only && !isupper((unsigned char)name[0])) continue;
    IrValue v = {.kind = IR_V_PATH, .func = -1, .text = name, .loc = m->funcs[f].loc};
    publish_one(mc, out, name, &v, false);
  }
  const IrFunc *top = &m->funcs[0];
  for (uint32_t i = 0; i < top->n_locals; i++) {
    const char *name = top->locals[i].name;
    if (!name || (exported_only && !isupper((unsigned char)name[0]))) continue;
    IrValue v = {.kind = IR_V_PATH, .func = -1, .text = name, .loc = top->loc};
    publish_one(mc, out, name, &v, false);
  }
}

void secexport_package_collect(ModCtx *mc) {
  if (mc->pkg && mc->m->lang == IR_LANG_GO && mc->m->path) publish_go(mc, &mc->pkg->sec, false);
}

const SecExport *secexport_package_name(ModCtx *mc, const char *name) {
  const struct SecExports *all = mc->pkg ? mc->pkg->sec : NULL;
  for (uint32_t k = 0; all && name && k < all->n; k++) {
    const SecExport *x = &all->items[k];
    /* This file's own are walked where they are. */
    if (strcmp(x->name, name) == 0 && x->n && strcmp(x->items[0].path, mc->m->path) != 0) return x;
  }
  return NULL;
}

void secexport_publish(ModCtx *mc, ModuleSummary *out) {
  const IrModule *m = mc->m;
  if (m->lang == IR_LANG_GO && m->path) {
    publish_go(mc, &out->sec, true);
    return;
  }
  if (!(m->lang & (IR_LANG_JS | IR_LANG_TS)) || !m->path) return;
  for (uint32_t i = 0; i < m->n_exports; i++) {
    const IrExport *e = &m->exports[i];
    if (!e->exported) continue;
    const IrObject *obj = e->value.kind == IR_V_OTHER ? e->value.obj : NULL;
    publish_one(mc, &out->sec, e->exported, &e->value, obj != NULL);
    /* module.exports = { dbConfig, sslOptions, replica: { … } }: each member by itself too. */
    for (uint32_t k = 0; obj && k < obj->n_members; k++) {
      const IrValue *mem = &obj->members[k];
      if (mem->key) publish_one(mc, &out->sec, arena_printf(mc->arena, "%s.%s", e->exported, mem->key), mem, false);
    }
  }
}

/* Section - Importing */

static const SecExport *find(const struct SecExports *all, const char *name) {
  for (uint32_t k = 0; all && name && k < all->n; k++)
    if (strcmp(all->items[k].name, name) == 0) return &all->items[k];
  return NULL;
}

const SecExport *secexport_imported(ModCtx *mc, const IrImport *imp, const char *path) {
  if (!imp->specifier || !path) return NULL;
  const ModuleSummary *s = NULL;
  if (mc->m->lang == IR_LANG_GO) {
    s = project_go_package(mc->project, imp->specifier); /* `dbtls.Insecure()`, `dbtls.Shared` */
    const char *dot = strchr(path, '.');
    if (!s || !s->sec || !dot) return NULL;
    return find(s->sec, arena_strndup(mc->arena, dot + 1, strcspn(dot + 1, ".")));
  }
  if (!(mc->m->lang & (IR_LANG_JS | IR_LANG_TS))) return NULL;
  s = project_summary(mc->project, project_resolve(mc->project, mc->m->path, imp->specifier));
  if (!s || !s->sec) return NULL;
  /* The member the path names after the binding: `cfg.db` of a namespace import. */
  const char *dot = strchr(path, '.');
  char member[128] = "";
  if (dot) {
    size_t n = strcspn(dot + 1, ".");
    if (n < sizeof member) memcpy(member, dot + 1, n), member[n] = '\0';
  }
  bool whole = !imp->imported || strcmp(imp->imported, "*") == 0;
  const SecExport *x = NULL;
  if (member[0] && (whole || strcmp(imp->imported, "default") == 0)) {
    if (whole) x = find(s->sec, member);
    if (!x) x = find(s->sec, arena_printf(mc->arena, "default.%s", member));
  }
  if (x) return x;
  x = find(s->sec, whole ? "default" : imp->imported);
  /* An object literal's member that carries nothing: not the other members' settings. */
  return x && x->by_member && member[0] && (whole || strcmp(imp->imported, "default") == 0) ? NULL : x;
}

void secexport_delete(struct SecExports *x) {
  if (!x) return;
  for (uint32_t i = 0; i < x->n; i++) {
    for (uint32_t k = 0; k < x->items[i].n; k++) {
      free(x->items[i].items[k].setting);
      free(x->items[i].items[k].path);
    }
    free(x->items[i].items);
    free(x->items[i].name);
  }
  free(x->items);
  free(x);
}
