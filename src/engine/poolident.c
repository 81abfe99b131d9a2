/* poolident: which database a pool creation connects to, as stable text, so
** that two creations of the same library with the same identity are pools
** for the same database and two with different identities are not.
**
** The identity is built from the creation's arguments (a context.Context is
** skipped), each read as:
**   a string or template literal        its text ('postgres://db/app')
**   process.env.X, os.Getenv("X")       env:X
**   a module constant                   its string value
**   an imported binding (and members)   imp:TARGET#name.member, TARGET the
**                                       resolved file (relative imports) or the
**                                       specifier as written
**   a call of an imported or same-file  call:TARGET#name(arguments)
**   function (a shared config getter)
**   an object literal                   its members that say where to connect
**                                       (connectionString, connection, url, uri,
**                                       host, hostname, server, database, db,
**                                       dbname, user, username, filename,
**                                       storage, socketPath, datasourceUrl, dsn,
**                                       and the server kind: type, dialect,
**                                       client, driver),
**                                       sorted, and its spreads; other members
**                                       (pool sizes, timeouts, logging) do not
**                                       matter, and with none of them left the
**                                       driver's defaults apply: "default"
**   a variable                          what its definitions in the function (or
**                                       the module, or the enclosing function)
**                                       give: one definition, or several that
**                                       agree, or the first environment variable
**                                       among them (`process.env.URL || '…'`)
** Anything else (a parameter, a value computed at run time) makes the whole
** identity unknown (NULL): such a pool is never called a duplicate. The
** library's name leads the text, so a Prisma client and a pg pool are never
** the same database to this rule, even on one DATABASE_URL. */
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "engine/poolsites.h"

enum { IDENT_MAX_DEPTH = 6, IDENT_MAX_DEFS = 4, IDENT_MAX_PARTS = 16 };

static const char *const ident_keys[] = {
    "connectionString", "connection", "url",      "uri",     "host",     "hostname",   "server",
    "database",         "db",         "dbname",   "dbName",  "user",     "username",   "filename",
    "storage",          "socketPath", "datasourceUrl", "dsn", "DSN",
    "type",             "dialect",    "client",   "driver", /* which database server: TypeORM, Sequelize, knex */
};

static bool is_ident_key(const char *key) {
  for (size_t i = 0; key && i < sizeof ident_keys / sizeof *ident_keys; i++)
    if (strcmp(key, ident_keys[i]) == 0) return true;
  return false;
}

typedef struct Ident {
  ModCtx *mc;
  int depth;
} Ident;

static bool ident_value(Ident *ix, uint32_t fi, const IrValue *v, StrBuf *out);

/* The first segment of path into buf; the rest (after the dot) or "". */
static const char *split_head(const char *path, char *buf, size_t n) {
  const char *dot = strchr(path, '.');
  size_t len = dot ? (size_t)(dot - path) : strlen(path);
  if (len >= n) len = n - 1;
  memcpy(buf, path, len);
  buf[len] = '\0';
  return dot ? dot + 1 : "";
}

/* "env:X" for process.env.X and import.meta.env.X. */
static bool env_path(const char *p, StrBuf *out) {
  const char *rest = NULL;
  if (strncmp(p, "process.env.", 12) == 0) rest = p + 12;
  else if (strncmp(p, "import.meta.env.", 16) == 0) rest = p + 16;
  if (!rest || !*rest || strchr(rest, '.')) return false;
  strbuf_printf(out, "env:%s", rest);
  return true;
}

/* Where an import binding points: the resolved project file, or the specifier. */
static const char *import_target(ModCtx *mc, const IrImport *imp) {
  const char *target = project_resolve(mc->project, mc->m->path, imp->specifier);
  return target ? target : imp->specifier;
}

static bool go_context_type(ModCtx *mc, uint32_t fi, const char *name) {
  if (mc->m->lang != IR_LANG_GO) return false;
  const char *ct = gotypes_canon(mc, kinds_var_decl_type(mc, fi, name));
  return ct && strcmp(ct, "context.Context") == 0;
}

/* The function (fi or an enclosing one, else the module's top level) whose
** code defines variable name. */
static uint32_t def_scope(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < 64; guard++) {
    if (kinds_fn_declares(mc, fi, name)) return fi;
    const IrFunc *fn = &mc->m->funcs[fi];
    if (fn->parent < 0) break;
    fi = (uint32_t)fn->parent;
  }
  return 0;
}

static bool is_param(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (strcmp(fn->params[i].name, name) == 0) return true;
  return false;
}

static bool ident_call(Ident *ix, uint32_t fi, const IrCall *c, StrBuf *out);

/* The identity of variable name from its definitions in its scope. */
static bool ident_var(Ident *ix, uint32_t fi, const char *name, StrBuf *out) {
  ModCtx *mc = ix->mc;
  uint32_t scope = def_scope(mc, fi, name);
  const IrFunc *fn = &mc->m->funcs[scope];
  if (is_param(fn, name)) return go_context_type(mc, scope, name);
  char *parts[IDENT_MAX_DEFS];
  uint32_t n = 0;
  bool ok = true;
  for (uint32_t b = 0; b < fn->n_blocks && ok; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs && ok; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      StrBuf one;
      strbuf_init(&one);
      bool hit = false, got = false;
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, name) == 0) {
        const IrValue *src = &in->u.assign.src;
        hit = !(src->kind == IR_V_OTHER && src->n_subs == 0 && (in->u.assign.flags & IR_ASSIGN_DECL)); /* Go zero value */
        if (hit) got = ident_value(ix, scope, src, &one);
      } else if (in->kind == IR_CALL && in->u.call.n_results && in->u.call.results[0].kind == IR_V_PATH &&
                 strcmp(in->u.call.results[0].text, name) == 0) {
        hit = true;
        got = ident_call(ix, scope, &in->u.call, &one);
      }
      if (hit && (!got || n == IDENT_MAX_DEFS)) ok = false;
      else if (hit) parts[n++] = strbuf_take(&one);
      strbuf_fini(&one);
    }
  const char *pick = NULL;
  for (uint32_t k = 0; ok && k < n && !pick; k++)
    if (strncmp(parts[k], "env:", 4) == 0) pick = parts[k];
  for (uint32_t k = 1; ok && !pick && k < n; k++)
    if (strcmp(parts[k], parts[0]) != 0) ok = false;
  if (ok && !pick && n) pick = parts[0];
  if (ok && pick) strbuf_puts(out, pick);
  for (uint32_t k = 0; k < n; k++) free(parts[k]);
  return ok && pick;
}

static bool ident_path(Ident *ix, uint32_t fi, const char *p, StrBuf *out) {
  ModCtx *mc = ix->mc;
  if (env_path(p, out)) return true;
  char head[128];
  const char *rest = split_head(p, head, sizeof head);
  if (def_scope(mc, fi, head) == 0 && !kinds_is_temp(head)) { /* not shadowed by a function's local */
    const IrImport *imp = kinds_import_find(mc, head);
    if (imp) {
      strbuf_printf(out, "imp:%s#%s%s%s", import_target(mc, imp), imp->imported ? imp->imported : "*", *rest ? "." : "",
                    rest);
      return true;
    }
    for (uint32_t i = 0; !*rest && i < mc->m->n_consts; i++)
      if (strcmp(mc->m->consts[i].name, p) == 0) {
        strbuf_printf(out, "'%s'", mc->m->consts[i].value);
        return true;
      }
  }
  if (*rest) return false; /* a member of a local object: not followed */
  return ident_var(ix, fi, head, out);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* An object literal: its connection members and spreads, sorted; an
** expression's value (`a || b`, a conversion): the paths it mentions. */
/* A keyed boolean member (`ssl: false`, Go `InsecureSkipVerify: true`) is a
** setting, never where to connect: identities read past it. */
static bool is_keyed_flag(const IrValue *s) { return s->key && s->kind == IR_V_BOOL; }

static bool ident_other(Ident *ix, uint32_t fi, const IrValue *v, StrBuf *out) {
  bool keyed = false;
  for (uint32_t k = 0; k < v->n_subs; k++)
    keyed |= (v->subs[k].key != NULL && !is_keyed_flag(&v->subs[k])) || (v->subs[k].flags & IR_VF_SPREAD);
  char *parts[IDENT_MAX_PARTS];
  uint32_t n = 0;
  bool ok = true;
  for (uint32_t k = 0; k < v->n_subs && ok; k++) {
    const IrValue *s = &v->subs[k];
    if (s->kind == IR_V_FUNC || is_keyed_flag(s)) continue;
    const char *key = s->key;
    if (keyed && !key && s->kind == IR_V_PATH && !(s->flags & IR_VF_SPREAD) && !strchr(s->text, '.'))
      key = s->text; /* shorthand `{ host }` */
    if (keyed && !(s->flags & IR_VF_SPREAD) && !is_ident_key(key)) continue;
    StrBuf one;
    strbuf_init(&one);
    if (s->flags & IR_VF_SPREAD) strbuf_puts(&one, "...");
    else if (keyed) strbuf_printf(&one, "%s=", key);
    ok = ident_value(ix, fi, s, &one) && n < IDENT_MAX_PARTS;
    if (ok) parts[n++] = strbuf_take(&one);
    strbuf_fini(&one);
  }
  if (ok && n > 1) qsort(parts, n, sizeof *parts, cmp_str);
  for (uint32_t k = 0; ok && k < n; k++) strbuf_printf(out, "%s%s", k ? ";" : "", parts[k]);
  for (uint32_t k = 0; k < n; k++) free(parts[k]);
  if (ok && keyed) strbuf_puts(out, "{}"); /* mark an object, so `{}` and "" differ from an expression */
  return ok;
}

static bool ident_value(Ident *ix, uint32_t fi, const IrValue *v, StrBuf *out) {
  if (!v || ix->depth > IDENT_MAX_DEPTH) return false;
  ix->depth++;
  bool ok = false;
  switch (v->kind) {
  case IR_V_STRING:
  case IR_V_TEMPLATE: strbuf_printf(out, "'%s'", v->text ? v->text : ""), ok = true; break;
  case IR_V_NUMBER:
  case IR_V_BOOL: strbuf_puts(out, v->text ? v->text : ""), ok = true; break;
  case IR_V_NULL:
  case IR_V_NONE:
  case IR_V_FUNC: ok = true; break;
  case IR_V_PATH: ok = v->text && ident_path(ix, fi, v->text, out); break;
  case IR_V_ADDR: ok = false; break;
  case IR_V_OTHER: ok = ident_other(ix, fi, v, out); break;
  }
  ix->depth--;
  return ok;
}

static bool ident_args(Ident *ix, uint32_t fi, const IrCall *c, StrBuf *out) {
  for (uint32_t a = 0; a < c->n_args; a++) {
    if (a) strbuf_putc(out, ',');
    if (!ident_value(ix, fi, &c->args[a], out)) return false;
  }
  return true;
}

/* A call that computes a configuration: an environment lookup, a shared
** getter (imported or of this file), a formatter over known parts. */
static bool ident_call(Ident *ix, uint32_t fi, const IrCall *c, StrBuf *out) {
  ModCtx *mc = ix->mc;
  if (!c->callee) return false;
  char head[128];
  const char *rest = split_head(c->callee, head, sizeof head);
  const IrImport *imp = def_scope(mc, fi, head) != 0 ? NULL : kinds_import_find(mc, head);
  if (imp && mc->m->lang == IR_LANG_GO && strcmp(imp->specifier, "os") == 0 &&
      (strcmp(rest, "Getenv") == 0 || strcmp(rest, "LookupEnv") == 0) && c->n_args == 1 &&
      c->args[0].kind == IR_V_STRING) {
    strbuf_printf(out, "env:%s", c->args[0].text);
    return true;
  }
  if (imp && mc->m->lang == IR_LANG_GO && strcmp(imp->specifier, "context") == 0) return true; /* context.Background() */
  if (imp) {
    strbuf_printf(out, "call:%s#%s%s%s(", import_target(mc, imp), imp->imported ? imp->imported : "*",
                  *rest ? "." : "", rest);
  } else if (!*rest && def_scope(mc, fi, head) == 0 && map_get_cstr(mc->func_by_name, head)) {
    strbuf_printf(out, "call:%s#%s(", mc->m->path, head);
  } else {
    return false;
  }
  if (!ident_args(ix, fi, c, out)) return false;
  strbuf_putc(out, ')');
  return true;
}

char *poolident_of_call(ModCtx *mc, uint32_t fi, const IrCall *c, const char *lib) {
  Ident ix = {mc, 0};
  StrBuf out, args;
  strbuf_init(&out);
  strbuf_init(&args);
  bool ok = true;
  size_t n_parts = 0;
  for (uint32_t a = 0; a < c->n_args && ok; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind == IR_V_FUNC) continue;
    StrBuf one;
    strbuf_init(&one);
    ok = ident_value(&ix, fi, v, &one);
    bool empty = one.len == 0 || strcmp(strbuf_cstr(&one), "{}") == 0;
    if (ok && !empty) strbuf_printf(&args, "%s%s", n_parts++ ? "," : "", strbuf_cstr(&one));
    strbuf_fini(&one);
  }
  char *res = NULL;
  if (ok) {
    strbuf_printf(&out, "%s|%s", lib ? lib : "?", n_parts ? strbuf_cstr(&args) : "default");
    res = strbuf_take(&out);
  }
  strbuf_fini(&out);
  strbuf_fini(&args);
  return res;
}

bool poolident_says_where(const IrValue *v) {
  if (!v || v->kind != IR_V_OTHER) return true;
  bool keyed = false;
  for (uint32_t k = 0; k < v->n_subs; k++) {
    const IrValue *s = &v->subs[k];
    if (s->flags & IR_VF_SPREAD) return true; /* `{ ...config }`: it may */
    if (is_keyed_flag(s)) continue;
    keyed |= s->key != NULL;
    if (s->key && is_ident_key(s->key) && strcmp(s->key, "type") != 0 && strcmp(s->key, "dialect") != 0 &&
        strcmp(s->key, "client") != 0 && strcmp(s->key, "driver") != 0)
      return true;
  }
  return !keyed && v->n_subs > 0; /* an expression, not an object literal */
}

bool poolident_is_config(ModCtx *mc, uint32_t fi, const IrValue *v) {
  if (!v) return false;
  if (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) return true;
  if (v->kind == IR_V_PATH && v->text) {
    StrBuf b;
    strbuf_init(&b);
    bool env = env_path(v->text, &b);
    strbuf_fini(&b);
    return env;
  }
  if (v->kind != IR_V_OTHER) return false;
  bool conn = false;
  for (uint32_t k = 0; k < v->n_subs; k++) {
    const char *key = v->subs[k].key;
    if (key && strcmp(key, "client") == 0) return false;
    if (key && (strcmp(key, "connection") == 0 || strcmp(key, "connectionString") == 0 || strcmp(key, "url") == 0))
      conn = true;
  }
  (void)mc;
  (void)fi;
  return conn;
}

/* Section - Shared with the connection-security pass (secconf.c) */

uint32_t poolident_def_scope(ModCtx *mc, uint32_t fi, const char *name) { return def_scope(mc, fi, name); }

const char *poolident_env_name(const char *path) {
  if (!path) return NULL;
  const char *rest = strncmp(path, "process.env.", 12) == 0 ? path + 12
                     : strncmp(path, "import.meta.env.", 16) == 0 ? path + 16
                                                                  : NULL;
  return rest && *rest && !strchr(rest, '.') ? rest : NULL;
}

const char *poolident_import_target(ModCtx *mc, const IrImport *imp) { return import_target(mc, imp); }
