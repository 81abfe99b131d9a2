/* handlers: which functions run once per request. The web frameworks say so
** by convention rather than by a type a model could name, so the shapes are
** recognised here, structurally:
**
**   Next.js app router   a file route.{js,jsx,ts,tsx,mjs} under a directory
**                        `app`, its exports GET POST PUT PATCH DELETE HEAD
**                        OPTIONS
**   Next.js pages router a file under pages/api/, its default export
**   SvelteKit            a file +server.{js,ts}, the same verb exports
**   Express, Fastify,    a call `R.get|post|put|patch|delete|del|all|options|
**   Koa router, Hono     head(PATH, …handlers)` whose first argument is a
**                        string or template beginning with "/"; every function
**                        argument after it (a literal taking at least the
**                        request, or a name or imported function) is a
**                        handler; `R.use(…)` with such a path,
**                        or with a function literal of two or more parameters
**                        (req, res[, next]; ctx, next), registers middleware,
**                        which also runs per request
**   Go net/http          a function or method (or literal) with parameters of
**                        types http.ResponseWriter and *http.Request
**   gin, echo, fiber     a parameter of type *gin.Context, echo.Context,
**                        *fiber.Ctx
**
** Receivers are not checked (an Express app is rarely typed); the route path
** is what tells `app.get('/users', h)` from `map.get(key)`. Not recognised:
** NestJS controllers (decorators are not in the IR), tRPC procedures,
** Remix loaders, GraphQL resolvers, gRPC services. */
#include <ctype.h>
#include <string.h>

#include "engine/poolsites.h"

static const char *const route_verbs[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
static const char *const router_methods[] = {"get", "post", "put", "patch", "delete", "del", "all", "options", "head"};

static bool in_list(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; s && i < n; i++)
    if (strcmp(s, list[i]) == 0) return true;
  return false;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* True when path has the directory segment seg ("app" in "src/app/api/x/route.ts"). */
static bool has_dir(const char *path, const char *seg) {
  size_t n = strlen(seg);
  for (const char *p = path; (p = strstr(p, seg)) != NULL; p += n)
    if ((p == path || p[-1] == '/') && p[n] == '/') return true;
  return false;
}

static bool has_ext(const char *base, const char *stem, const char *const *exts, size_t n_exts) {
  size_t sl = strlen(stem);
  if (strncmp(base, stem, sl) != 0) return false;
  return in_list(base + sl, exts, n_exts);
}

static const char *const js_exts[] = {".js", ".jsx", ".ts", ".tsx", ".mjs"};

/* The function an export names: a function literal, or a top-level function
** or variable bound to one; -1 otherwise. */
static int32_t export_func(const IrModule *m, const IrExport *x) {
  if (x->value.kind == IR_V_FUNC) return x->value.func;
  if (x->value.kind != IR_V_PATH || !x->value.text) return -1;
  for (uint32_t i = 1; i < m->n_funcs; i++)
    if (m->funcs[i].parent == 0 && m->funcs[i].name && strcmp(m->funcs[i].name, x->value.text) == 0) return (int32_t)i;
  const IrFunc *top = &m->funcs[0];
  for (uint32_t b = 0; b < top->n_blocks; b++)
    for (uint32_t i = 0; i < top->blocks[b].n_instrs; i++) {
      const IrInstr *in = &top->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.src.kind == IR_V_FUNC && in->u.assign.dst.kind == IR_V_PATH &&
          strcmp(in->u.assign.dst.text, x->value.text) == 0)
        return in->u.assign.src.func;
    }
  return -1;
}

static const char *route_export(ModCtx *mc, uint32_t fi) {
  const IrModule *m = mc->m;
  const char *base = base_name(m->path);
  bool next_app = has_dir(m->path, "app") && has_ext(base, "route", js_exts, sizeof js_exts / sizeof *js_exts);
  bool svelte = has_ext(base, "+server", js_exts, sizeof js_exts / sizeof *js_exts);
  bool pages_api = has_dir(m->path, "pages/api") || strncmp(m->path, "pages/api/", 10) == 0;
  if (!next_app && !svelte && !pages_api) return NULL;
  for (uint32_t k = 0; k < m->n_exports; k++) {
    const IrExport *x = &m->exports[k];
    if (export_func(m, x) != (int32_t)fi) continue;
    if ((next_app || svelte) && in_list(x->exported, route_verbs, sizeof route_verbs / sizeof *route_verbs))
      return arena_printf(mc->arena, "%s route handler %s", next_app ? "Next.js" : "SvelteKit", x->exported);
    if (pages_api && strcmp(x->exported, "default") == 0) return "Next.js API route handler";
  }
  return NULL;
}

static bool ctype_is(const char *ct, const char *want) { return ct && strcmp(ct, want) == 0; }

static const char *go_handler(ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  bool w = false, r = false;
  for (uint32_t i = 0; i < fn->n_params; i++) {
    const char *ct = gotypes_canon(mc, fn->params[i].type);
    if (!ct) continue;
    w |= ctype_is(ct, "net/http.ResponseWriter");
    r |= ctype_is(ct, "*net/http.Request");
    if (ctype_is(ct, "*github.com/gin-gonic/gin.Context")) return "gin handler";
    if (ctype_is(ct, "github.com/labstack/echo/v4.Context") || ctype_is(ct, "github.com/labstack/echo.Context"))
      return "echo handler";
    if (ctype_is(ct, "*github.com/gofiber/fiber/v2.Ctx") || ctype_is(ct, "github.com/gofiber/fiber/v3.Ctx"))
      return "fiber handler";
  }
  return w && r ? "net/http handler" : NULL;
}

const char *handlers_declared(ModCtx *mc, uint32_t fi) {
  if (mc->m->lang == IR_LANG_GO) return go_handler(mc, fi);
  if (mc->m->lang != IR_LANG_JS && mc->m->lang != IR_LANG_TS) return NULL;
  if (mc->m->funcs[fi].parent != 0) return NULL;
  return route_export(mc, fi);
}

bool handlers_exported_func(ModCtx *mc, uint32_t fi) {
  const IrModule *m = mc->m;
  const IrFunc *fn = &m->funcs[fi];
  if (fn->parent != 0 || !fn->name) return false;
  if (m->lang == IR_LANG_GO) {
    const char *dot = strrchr(fn->name, '.');
    const char *last = dot ? dot + 1 : fn->name;
    return last[0] >= 'A' && last[0] <= 'Z';
  }
  for (uint32_t k = 0; k < m->n_exports; k++) {
    const IrExport *x = &m->exports[k];
    if (export_func(m, x) == (int32_t)fi) return true;
    /* a method of an exported class */
    if (fn->class_name && x->value.kind == IR_V_PATH && x->value.text && strcmp(x->value.text, fn->class_name) == 0)
      return true;
  }
  return false;
}

static bool route_path_arg(const IrValue *v) {
  return v && (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) && v->text && v->text[0] == '/';
}

/* A function literal taking (req, res …) or (ctx, next): middleware. */
static bool middleware_literal(const IrModule *m, const IrValue *v) {
  return v->kind == IR_V_FUNC && v->func >= 0 && (uint32_t)v->func < m->n_funcs && m->funcs[v->func].n_params >= 2;
}

static void registration(ModCtx *mc, uint32_t fi, const IrInstr *in, HandlerRegFn fn, void *ud) {
  const IrCall *c = &in->u.call;
  if (!c->name || c->recv.kind != IR_V_PATH || c->n_args < 1) return;
  bool verb = in_list(c->name, router_methods, sizeof router_methods / sizeof *router_methods);
  bool use = strcmp(c->name, "use") == 0;
  if (!verb && !use) return;
  bool path = route_path_arg(&c->args[0]);
  if (verb && !path) return;
  bool mw = false;
  for (uint32_t a = 0; use && !path && a < c->n_args; a++) mw |= middleware_literal(mc->m, &c->args[a]);
  if (use && !path && !mw) return;
  char upper[16];
  size_t n = strlen(c->name);
  for (size_t i = 0; i < n && i + 1 < sizeof upper; i++) upper[i] = (char)toupper((unsigned char)c->name[i]);
  upper[n < sizeof upper ? n : sizeof upper - 1] = '\0';
  const char *how = use ? (path ? arena_printf(mc->arena, "middleware for %s", c->args[0].text) : "middleware")
                        : arena_printf(mc->arena, "%s %s handler", upper, c->args[0].text);
  for (uint32_t a = path ? 1 : 0; a < c->n_args; a++) {
    const IrValue *v = &c->args[a];
    /* A literal handler takes the request (req, ctx, c): `cache.get('/k', () => make())` is no route. */
    bool literal = v->kind == IR_V_FUNC && v->func >= 0 && (uint32_t)v->func < mc->m->n_funcs &&
                   mc->m->funcs[v->func].n_params >= 1;
    if (literal || (v->kind == IR_V_PATH && v->text && !kinds_is_temp(v->text))) fn(ud, fi, in, v, how);
  }
}

void handlers_each_registration(ModCtx *mc, uint32_t fi, HandlerRegFn fn, void *ud) {
  if (mc->m->lang != IR_LANG_JS && mc->m->lang != IR_LANG_TS) return;
  const IrFunc *f = &mc->m->funcs[fi];
  for (uint32_t b = 0; b < f->n_blocks; b++)
    for (uint32_t i = 0; i < f->blocks[b].n_instrs; i++)
      if (f->blocks[b].instrs[i].kind == IR_CALL) registration(mc, fi, &f->blocks[b].instrs[i], fn, ud);
}
