/* goonce: the Go side of onceproc (onceproc.h). A Go program's functions
** are named by package ("example.com/app/store Migrate"), so the call graph
** spans the packages of a module: a call `F()` names a function of the
** package unless a local or parameter shadows it, `pkg.F()` one of the
** package an import binds to pkg. Methods are never resolved: an interface or
** a method value can call them from anywhere, so they never run once, nor
** does what only they call. A function literal runs once only when it is
** called where it is written (an immediate call or a defer); passed or stored
** it is a value. The roots are `main` of package main, `init` and package
** initialisation (`var x = f()`), and the members of a command literal
** that its library runs once (rules/go/entry-points.json: a cobra command's
** `Run`, an urfave/cli `Action`). Test files are another program (the test
** binary) and publish nothing; a module with a function that did not parse
** marks its package and its imports as having callers not seen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/map.h"
#include "base/xalloc.h"
#include "engine/apispec.h"
#include "engine/onceproc.h"

/* Section - Names */

static char *join_name(const char *pkg, const char *name, const char *file) {
  size_t n = strlen(pkg) + strlen(name) + (file ? strlen(file) + 1 : 0) + 2;
  char *s = xmalloc(n);
  if (file) snprintf(s, n, "%s %s@%s", pkg, name, file);
  else snprintf(s, n, "%s %s", pkg, name);
  return s;
}

/* The package's import path, or (no go.mod) its directory. */
static const char *own_package(const ModCtx *mc, char *buf, size_t cap) {
  if (mc->pkg && mc->pkg->import_path) return mc->pkg->import_path;
  const char *path = mc->m->path ? mc->m->path : "";
  const char *slash = strrchr(path, '/');
  size_t n = slash ? (size_t)(slash - path) : 0;
  if (n + 3 > cap) n = cap - 3;
  snprintf(buf, cap, "./%.*s", (int)n, path);
  return buf;
}

char *goonce_name(const ModCtx *mc, const IrFunc *fn) {
  char buf[512];
  /* A literal's name is only unique in its file. */
  return join_name(own_package(mc, buf, sizeof buf), fn->name ? fn->name : "?", fn->name && strchr(fn->name, '<') ? mc->m->path : NULL);
}

static bool shadowed(const ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; fi > 0 && fi < mc->m->n_funcs && guard < 64; guard++) {
    if (kinds_fn_declares(mc, fi, name)) return true;
    int32_t parent = mc->m->funcs[fi].parent;
    if (parent < 0) break;
    fi = (uint32_t)parent;
  }
  return false;
}

/* The function a path names from function fi (heap), or NULL: `F` of the package, `pkg.F`. */
static char *resolve(const ModCtx *mc, uint32_t fi, const char *text) {
  if (!text || !*text) return NULL;
  const char *dot = strchr(text, '.');
  char buf[512];
  if (!dot) {
    if (shadowed(mc, fi, text) || !map_get_cstr(mc->func_by_name, text)) return NULL;
    return join_name(own_package(mc, buf, sizeof buf), text, NULL);
  }
  size_t n = (size_t)(dot - text);
  if (strchr(dot + 1, '.') || n >= sizeof buf) return NULL;
  memcpy(buf, text, n);
  buf[n] = '\0';
  if (shadowed(mc, fi, buf)) return NULL;
  for (uint32_t i = 0; i < mc->m->n_imports; i++) {
    const IrImport *im = &mc->m->imports[i];
    if (im->local && im->specifier && strcmp(im->local, buf) == 0) return join_name(im->specifier, dot + 1, NULL);
  }
  return NULL;
}

/* Section - Collection */

typedef struct GoCollect {
  ModCtx *mc;
  OnceFacts *facts;
  Map taken; /* names already recorded (keys owned by facts->taken) */
} GoCollect;

static void add_taken(GoCollect *c, char *name) {
  if (!name) return;
  if (map_get_cstr(&c->taken, name)) {
    free(name);
    return;
  }
  map_set_cstr(&c->taken, name, (void *)1);
  array_push(&c->facts->taken, name);
}

/* The function a value names or writes (heap), or NULL. */
static char *value_func(GoCollect *c, uint32_t fi, const IrValue *v) {
  if (v->kind == IR_V_PATH) return resolve(c->mc, fi, v->text);
  if (v->kind == IR_V_FUNC && v->func >= 0 && (uint32_t)v->func < c->mc->m->n_funcs)
    return goonce_name(c->mc, &c->mc->m->funcs[v->func]);
  return NULL;
}

static bool same_value(const IrValue *a, const IrValue *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == IR_V_FUNC) return a->func == b->func;
  return a->kind == IR_V_PATH && a->text && b->text && strcmp(a->text, b->text) == 0;
}

enum { GOONCE_MAX_ENTRIES = 16 };

/* A command literal's members its library runs once (entry-points.json: a cobra command's
** Run) are roots, not values; returns how many, in out. */
static uint32_t entry_members(GoCollect *c, uint32_t fi, const IrValue *v, const IrValue **out) {
  const IrObject *obj = v->kind == IR_V_OTHER ? v->obj : NULL;
  const char *ct = obj && obj->type ? gotypes_canon(c->mc, obj->type) : NULL;
  uint32_t n = 0;
  for (uint32_t k = 0; ct && k < obj->n_members && n < GOONCE_MAX_ENTRIES; k++) {
    const IrValue *m = &obj->members[k];
    if (!m->key || !apispec_entry_point_member(&c->mc->engine->spec, ct, m->key)) continue;
    char *root = value_func(c, fi, m);
    if (!root) continue;
    array_push(&c->facts->roots, root);
    out[n++] = m;
  }
  return n;
}

/* A function named or written in a value is a value: it may run any number of times. */
static void note_value(GoCollect *c, uint32_t fi, const IrValue *v, int depth) {
  if (!v || depth > 8) return;
  add_taken(c, value_func(c, fi, v));
  const IrValue *entries[GOONCE_MAX_ENTRIES];
  uint32_t n_entries = entry_members(c, fi, v, entries);
  for (uint32_t k = 0; k < v->n_subs; k++) {
    bool entry = false;
    for (uint32_t e = 0; e < n_entries && !entry; e++)
      if (entries[e] && same_value(entries[e], &v->subs[k])) entry = true, entries[e] = NULL;
    if (!entry) note_value(c, fi, &v->subs[k], depth + 1);
  }
}

static void add_call(GoCollect *c, uint32_t fi, const IrCall *call, bool on_cycle) {
  char *callee = NULL;
  const IrValue *cv = &call->callee_value;
  if (call->callee) callee = resolve(c->mc, fi, call->callee);
  else if (cv->kind == IR_V_FUNC && cv->func >= 0 && (uint32_t)cv->func < c->mc->m->n_funcs)
    callee = goonce_name(c->mc, &c->mc->m->funcs[cv->func]); /* func(){…}() and defer func(){…}() */
  else note_value(c, fi, cv, 0);
  if (callee) {
    OnceCall oc = {goonce_name(c->mc, &c->mc->m->funcs[fi]), callee, on_cycle};
    array_push(&c->facts->calls, oc);
  }
  for (uint32_t k = 0; k < call->n_args; k++) note_value(c, fi, &call->args[k], 0);
}

static void collect_instr(GoCollect *c, uint32_t fi, const IrInstr *in, bool on_cycle) {
  if (in->kind == IR_CALL || in->kind == IR_DEFER) add_call(c, fi, &in->u.call, on_cycle);
  else if (in->kind == IR_ASSIGN) note_value(c, fi, &in->u.assign.src, 0);
  else
    for (uint32_t k = 0; k < in->u.opaque.n_uses; k++) note_value(c, fi, &in->u.opaque.uses[k], 0);
}

static bool is_root(const ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (fi == 0) return true; /* package initialisation */
  if (fn->parent != 0 || fn->class_name || !fn->name) return false;
  return strcmp(fn->name, "init") == 0 ||
         (strcmp(fn->name, "main") == 0 && mc->m->package && strcmp(mc->m->package, "main") == 0);
}

static void collect_func(GoCollect *c, uint32_t fi) {
  const IrFunc *fn = &c->mc->m->funcs[fi];
  if (is_root(c->mc, fi)) array_push(&c->facts->roots, goonce_name(c->mc, fn));
  bool *cycle = onceproc_call_cycles(fn);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) collect_instr(c, fi, &blk->instrs[i], cycle[b]);
    for (uint32_t k = 0; k < blk->term.n_values; k++) note_value(c, fi, &blk->term.values[k], 0);
  }
  free(cycle);
}

static bool is_test_file(const IrModule *m) {
  size_t n = m->path ? strlen(m->path) : 0;
  return n >= 8 && strcmp(m->path + n - 8, "_test.go") == 0;
}

/* A function that did not parse may call anything of its package or its imports. */
static void mark_unseen(GoCollect *c) {
  char buf[512];
  array_push(&c->facts->unseen, xstrdup(own_package(c->mc, buf, sizeof buf)));
  for (uint32_t i = 0; i < c->mc->m->n_imports; i++)
    if (c->mc->m->imports[i].specifier) array_push(&c->facts->unseen, xstrdup(c->mc->m->imports[i].specifier));
}

void goonce_collect(ModCtx *mc, OnceFacts *facts) {
  const IrModule *m = mc->m;
  if (!m || m->lang != IR_LANG_GO || is_test_file(m) || !mc->func_by_name) return;
  GoCollect c = {mc, facts, {0}};
  map_init(&c.taken, NULL);
  for (uint32_t k = 0; k < facts->taken.len; k++) map_set_cstr(&c.taken, facts->taken.items[k], (void *)1);
  bool broken = false;
  for (uint32_t k = 0; k < m->n_funcs; k++) {
    if (m->funcs[k].flags & IR_FUNC_PARSE_ERROR) broken = true;
    else if (k == 0 || m->funcs[k].name) collect_func(&c, k);
  }
  if (broken) mark_unseen(&c);
  map_fini(&c.taken);
}
