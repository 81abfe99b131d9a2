/* secflow: credentials reaching a log, an error message or an HTTP response
** (secconf.h). Per function, flow-insensitive: the values that hold a
** password — a connection string or configuration a connect call takes, a
** literal or format that writes one (`postgres://%s:%s@…`), an object with
** a password member — and what is computed from them through assignments,
** templates and the calls the models say carry their arguments' text
** (fmt.Sprintf, JSON.stringify, url.String()). A call that masks it
** (url.URL.Redacted(), a model's "redacts") or that no model describes (the
** project's own masking helper) ends the flow. A sink call whose written
** arguments mention such a value is a fact, related to where the secret
** entered. */
#include <string.h>

#include "engine/poolsites.h"
#include "engine/secconf.h"

enum { FLOW_MAX_SECRETS = 64, FLOW_MAX_ROUNDS = 6 };

typedef struct Secret {
  const char *path; /* a variable, a field path or process.env.X */
  SrcLoc entered;
  const char *how;  /* what happens there, for the related location */
} Secret;

typedef struct Flow {
  ModCtx *mc;
  const ApiSecurity *cat;
  uint32_t fi;
  Secret items[FLOW_MAX_SECRETS];
  uint32_t n;
  bool grew;
} Flow;

static bool key_holds_secret(const ApiSecurity *cat, const char *key) {
  return key && (apisec_list_has(cat->password_keys.items, cat->password_keys.len, key) ||
                 apisec_list_has(cat->connection_keys.items, cat->connection_keys.len, key));
}

static const Secret *find(const Flow *fl, const char *path) {
  for (uint32_t k = 0; k < fl->n; k++)
    if (strcmp(fl->items[k].path, path) == 0) return &fl->items[k];
  return NULL;
}

static void add(Flow *fl, const char *path, SrcLoc at, const char *how) {
  if (!path || find(fl, path) || fl->n >= FLOW_MAX_SECRETS || strcmp(path, "this") == 0) return;
  fl->items[fl->n++] = (Secret){path, at, how};
  fl->grew = true;
}

/* An object literal that masks its password: `{ ...cfg, password: '***' }`. */
static bool masks_password(const ApiSecurity *cat, const IrValue *v) {
  for (uint32_t k = 0; k < v->n_subs; k++)
    if (v->subs[k].key && v->subs[k].kind == IR_V_STRING &&
        apisec_list_has(cat->password_keys.items, cat->password_keys.len, v->subs[k].key))
      return true;
  return false;
}

/* The secret value v mentions: a secret path, a field of a secret object
** that holds the password or the connection string, an object holding one;
** or NULL. */
static const Secret *mentions(const Flow *fl, const IrValue *v, int depth) {
  if (depth > 6) return NULL;
  if (v->kind == IR_V_PATH && v->text) {
    const Secret *s = find(fl, v->text);
    if (s) return s;
    for (uint32_t k = 0; k < fl->n; k++) {
      const char *p = fl->items[k].path;
      size_t n = strlen(p);
      if (strncmp(v->text, p, n) == 0 && v->text[n] == '.') {
        const char *last = strrchr(v->text, '.') + 1;
        if (key_holds_secret(fl->cat, last)) return &fl->items[k];
      }
    }
    return NULL;
  }
  if (v->kind == IR_V_OTHER && masks_password(fl->cat, v)) return NULL;
  if (v->kind == IR_V_OTHER || v->kind == IR_V_TEMPLATE)
    for (uint32_t k = 0; k < v->n_subs; k++) {
      const Secret *s = mentions(fl, &v->subs[k], depth + 1);
      if (s) return s;
    }
  return NULL;
}

/* Text that writes a password into a connection string: a literal or a
** format (`postgres://%s:%s@%s/db`, a template with holes). */
static bool text_has_password(const Flow *fl, const IrValue *v) {
  if ((v->kind != IR_V_STRING && v->kind != IR_V_TEMPLATE) || !v->text) return false;
  const char *pw = sectext_password(fl->mc->arena, fl->cat, v->text);
  return pw && *pw;
}

/* An object literal with a non-empty password member. */
static bool object_has_password(const Flow *fl, const IrValue *v) {
  if (v->kind != IR_V_OTHER) return false;
  for (uint32_t k = 0; k < v->n_subs; k++) {
    const IrValue *s = &v->subs[k];
    if (!s->key || !apisec_list_has(fl->cat->password_keys.items, fl->cat->password_keys.len, s->key)) continue;
    if (s->kind == IR_V_PATH || (s->kind == IR_V_STRING && s->text && *s->text) || s->kind == IR_V_TEMPLATE)
      return true;
  }
  return false;
}

/* Section - Sources */

/* The definition of variable name in function fi (its first assignment or
** call result), for the related location; false when there is none. */
static bool def_loc(const IrFunc *fn, const char *name, SrcLoc *at) {
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.text && strcmp(in->u.assign.dst.text, name) == 0) {
        *at = in->loc;
        return true;
      }
      if (in->kind == IR_CALL)
        for (uint32_t r = 0; r < in->u.call.n_results; r++)
          if (in->u.call.results[r].text && strcmp(in->u.call.results[r].text, name) == 0) {
            *at = in->loc;
            return true;
          }
    }
  return false;
}

/* True when a Go sql.Open-style call names a driver whose DSN is a file
** (`sql.Open("sqlite3", path)`): no password there. */
static bool file_driver(const ApiSecurity *cat, const IrCall *c) {
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind != IR_V_STRING || !v->text) continue;
    for (uint32_t k = 0; k < cat->file_drivers.len; k++) {
      const char *d = cat->file_drivers.items[k];
      if (strncmp(v->text, d, strlen(d)) == 0) return true;
    }
  }
  return false;
}

/* The argument of connect call c that says where and as whom to connect:
** Go's last (`sql.Open(driver, dsn)`, `pgx.Connect(ctx, url)`); JS's first
** when it is a configuration or URL (`new Pool(cfg)`, `new Sequelize(url,
** opts)`, not `new Sequelize(db, user, pass)`); none in C. */
const IrValue *secflow_connect_arg(ModCtx *mc, const ApiSecurity *cat, const IrCall *c) {
  if (!c->n_args) return NULL;
  switch (mc->m->lang) {
  case IR_LANG_GO: return file_driver(cat, c) ? NULL : &c->args[c->n_args - 1];
  case IR_LANG_C: return NULL; /* libpq reads passwords from ~/.pgpass and PGPASSWORD: a conninfo
                                  usually holds none, so only one that writes password= counts */
  default: return c->n_args <= 2 ? &c->args[0] : NULL;
  }
}

/* What connect call c connects with: a path argument (a connection string, a
** configuration), the connection-string or password members of an object. */
static void connect_sources(Flow *fl, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  const IrFunc *fn = &fl->mc->m->funcs[fl->fi];
  const IrValue *v = secflow_connect_arg(fl->mc, fl->cat, c);
  if (!v) return;
  const char *how = arena_printf(fl->mc->arena, "what %s connects with", kinds_call_what(fl->mc->arena, c));
  if (v->kind == IR_V_PATH && v->text && !kinds_is_temp(v->text) && !strchr(v->text, '.')) {
    SrcLoc at = in->loc;
    bool local = def_loc(fn, v->text, &at);
    add(fl, v->text, local ? at : in->loc, how);
  } else if (v->kind == IR_V_PATH && v->text && poolident_env_name(v->text)) {
    add(fl, v->text, in->loc, how);
  } else if (v->kind == IR_V_OTHER) {
    for (uint32_t k = 0; k < v->n_subs; k++) {
      const IrValue *s = &v->subs[k];
      if (s->kind == IR_V_PATH && s->text && key_holds_secret(fl->cat, s->key) && !kinds_is_temp(s->text))
        add(fl, s->text, in->loc, how);
    }
  }
}

/* Module-scope variables and environment reads that connect calls
** anywhere in the module connect with (a pool made at the top, its
** configuration logged in a function), found once per module. */
struct SecRoots {
  Secret items[FLOW_MAX_SECRETS];
  uint32_t n;
};

SecRoots *secflow_module_roots(ModCtx *mc, const ApiSecurity *cat) {
  const IrModule *m = mc->m;
  SecRoots *roots = arena_zalloc(mc->arena, sizeof *roots);
  Flow *tmp = arena_zalloc(mc->arena, sizeof *tmp);
  tmp->mc = mc, tmp->cat = cat;
  for (uint32_t f = 0; f < m->n_funcs; f++) {
    const IrFunc *fn = &m->funcs[f];
    tmp->fi = f;
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
        const IrInstr *in = &fn->blocks[b].instrs[i];
        if (in->kind != IR_CALL || !secconf_is_connect(mc, f, &in->u.call)) continue;
        tmp->n = 0;
        connect_sources(tmp, in);
        for (uint32_t k = 0; k < tmp->n && roots->n < FLOW_MAX_SECRETS; k++) {
          const char *p = tmp->items[k].path;
          char head[128];
          size_t hn = strcspn(p, ".");
          if (hn >= sizeof head) continue;
          memcpy(head, p, hn);
          head[hn] = '\0';
          if (poolident_env_name(p) || poolident_def_scope(mc, f, head) == 0) roots->items[roots->n++] = tmp->items[k];
        }
      }
  }
  return roots;
}

/* The module's roots as function fi sees them: not hidden by its own names. */
static void module_sources(Flow *fl, const SecRoots *roots) {
  for (uint32_t k = 0; roots && k < roots->n; k++) {
    const char *p = roots->items[k].path;
    char head[128];
    size_t hn = strcspn(p, ".");
    if (hn >= sizeof head) continue;
    memcpy(head, p, hn);
    head[hn] = '\0';
    if (poolident_env_name(p) || poolident_def_scope(fl->mc, fl->fi, head) == 0)
      add(fl, p, roots->items[k].entered, roots->items[k].how);
  }
}

/* A carrier call (fmt.Sprintf, snprintf) given a format that writes a
** password: its result, or the buffer it writes (C), holds it. */
static void literal_carrier(Flow *fl, const IrInstr *in, const char *result) {
  const IrCall *c = &in->u.call;
  CallEval ev = kinds_eval_call(fl->mc, fl->fi, c);
  if (!ev.model || ev.model->sec.carries == APISEC_CARRIES_NONE) return;
  const char *dst = result;
  if (ev.model->sec.carries >= 0) {
    const IrValue *out = kinds_call_arg(c, ev.model->sec.carries);
    dst = out && (out->kind == IR_V_PATH || out->kind == IR_V_ADDR) ? out->text : NULL;
  } else if (!result) {
    return;
  }
  for (uint32_t a = 0; dst && a < c->n_args; a++)
    if (text_has_password(fl, &c->args[a])) {
      add(fl, dst, in->loc, "the password is formatted into it here");
      return;
    }
}

/* Literals, formats and objects that write a password: the values they are
** assigned to hold it. */
static void literal_sources(Flow *fl, const IrInstr *in) {
  if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH) {
    const IrValue *src = &in->u.assign.src;
    if (text_has_password(fl, src) || object_has_password(fl, src))
      add(fl, in->u.assign.dst.text, in->loc, "the password is written into it here");
  } else if (in->kind == IR_CALL && in->u.call.n_results && in->u.call.results[0].text) {
    literal_carrier(fl, in, in->u.call.results[0].text);
  } else if (in->kind == IR_CALL) {
    literal_carrier(fl, in, NULL);
  }
}

/* Section - Propagation */

static const ApiSecMethod *sec_method(const ApiSecurity *cat, const char *name) {
  for (uint32_t k = 0; name && k < cat->methods.len; k++)
    if (strcmp(cat->methods.items[k].method, name) == 0) return &cat->methods.items[k];
  return NULL;
}

static void flow_call(Flow *fl, const IrCall *c) {
  CallEval ev = kinds_eval_call(fl->mc, fl->fi, c);
  const ApiSecCall *sec = ev.model ? &ev.model->sec : NULL;
  const ApiSecMethod *m = sec_method(fl->cat, c->name);
  if ((sec && sec->redacts) || (m && m->redacts)) return;
  const Secret *s = NULL;
  if (m && m->carries && c->recv.kind == IR_V_PATH) s = mentions(fl, &c->recv, 0);
  if (sec && sec->carries != APISEC_CARRIES_NONE)
    for (uint32_t a = 0; a < c->n_args && !s; a++) s = mentions(fl, &c->args[a], 0);
  if (!s) return;
  if (sec && sec->carries >= 0) {
    const IrValue *out = kinds_call_arg(c, sec->carries);
    if (out && (out->kind == IR_V_PATH || out->kind == IR_V_ADDR) && out->text) add(fl, out->text, s->entered, s->how);
    return;
  }
  if (c->n_results && c->results[0].text) add(fl, c->results[0].text, s->entered, s->how);
}

static void flow_instr(Flow *fl, const IrInstr *in) {
  if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH) {
    const Secret *s = mentions(fl, &in->u.assign.src, 0);
    if (s) add(fl, in->u.assign.dst.text, s->entered, s->how);
  } else if (in->kind == IR_CALL) {
    flow_call(fl, &in->u.call);
  }
}

/* Section - Sinks */

typedef struct SinkArgs {
  ModCtx *mc;
  uint32_t fi;
  const IrCall *c;
} SinkArgs;

static bool sink_arg_ok(void *ud, const ApiSink *s) {
  SinkArgs *sa = ud;
  const IrValue *a = kinds_call_arg(sa->c, s->when_arg);
  if (!a || a->kind != IR_V_PATH || !a->text) return false;
  for (uint8_t k = 0; k < s->n_when_paths; k++)
    if (strcmp(s->when_paths[k], a->text) == 0) return true;
  return s->when_kind && kinds_lookup(sa->mc, sa->fi, a->text).kind == s->when_kind;
}

const ApiSink *secflow_call_sink(ModCtx *mc, uint32_t fi, const IrCall *c) {
  CallEval ev = kinds_eval_call(mc, fi, c);
  if (!ev.model || !ev.model->sec.n_sinks) return NULL;
  SinkArgs sa = {mc, fi, c};
  return apisec_call_sink(ev.model, sink_arg_ok, &sa);
}

static void check_sink(Flow *fl, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  const ApiSink *sink = secflow_call_sink(fl->mc, fl->fi, c);
  if (!sink) return;
  for (uint32_t a = sink->from > 0 ? (uint32_t)sink->from : 0; a < c->n_args; a++) {
    const Secret *s = mentions(fl, &c->args[a], 0);
    if (!s) continue;
    SecFact f;
    memset(&f, 0, sizeof f);
    f.kind = SEC_SECRET_SINK;
    f.sink = sink->kind;
    f.loc = in->loc;
    f.related = s->entered;
    f.what = kinds_call_what(fl->mc->arena, c);
    f.related_what = s->how;
    f.secret = s->path;
    f.sink_noun = apisec_sink_name((ApiSinkKind)sink->kind);
    secconf_add(fl->mc, fl->fi, &f);
    return;
  }
}

void secflow_func(ModCtx *mc, const ApiSecurity *cat, const SecRoots *roots, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  Flow flow; /* on the stack: 2 KB in the file arena per function came to 15 MB on a large Go package */
  memset(&flow, 0, sizeof flow);
  Flow *fl = &flow;
  fl->mc = mc, fl->cat = cat, fl->fi = fi;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      literal_sources(fl, in);
      if (in->kind == IR_CALL && secconf_is_connect(mc, fi, &in->u.call)) connect_sources(fl, in);
    }
  module_sources(fl, roots);
  if (!fl->n) return;
  for (int round = 0; round < FLOW_MAX_ROUNDS; round++) {
    fl->grew = false;
    for (uint32_t b = 0; b < fn->n_blocks; b++)
      for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) flow_instr(fl, &fn->blocks[b].instrs[i]);
    if (!fl->grew) break;
  }
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
      if (fn->blocks[b].instrs[i].kind == IR_CALL) check_sink(fl, &fn->blocks[b].instrs[i]);
}
