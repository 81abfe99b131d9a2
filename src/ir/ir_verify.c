#include "ir/ir_verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "ir/cfg.h"

/* Collects violations; stops appending after a limit so a badly broken
** module cannot produce megabytes of text. */
typedef struct Verifier {
  const IrModule *m;
  StrBuf *out;
  unsigned n_errors;
  const char *where; /* the function being checked, for messages */
  Arena *scratch;    /* owned: per-function scratch, rewound after each */
} Verifier;

enum { VERIFY_MAX_MESSAGES = 40 };

__attribute__((format(printf, 2, 3))) static void fail(Verifier *v, const char *fmt, ...) {
  v->n_errors++;
  if (v->n_errors > VERIFY_MAX_MESSAGES || !v->out) return;
  if (v->where) strbuf_printf(v->out, "%s: ", v->where);
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  strbuf_puts(v->out, buf);
  strbuf_putc(v->out, '\n');
}

static bool nonempty(const char *s) { return s && *s; }

/* True when name is path's last dot-separated segment ("connect" of "pool.connect"). */
static bool str_is_last_segment(const char *path, const char *name) {
  size_t n = strlen(path), k = strlen(name);
  return k <= n && strcmp(path + n - k, name) == 0 && (k == n || path[n - k - 1] == '.');
}

/* Values nest only through subs, which front ends build one level deep;
** the bound keeps a corrupted module from recursing forever. */
static void check_value(Verifier *v, const IrValue *val, int depth) {
  if (depth > 8) {
    fail(v, "value nesting deeper than 8");
    return;
  }
  switch (val->kind) {
    case IR_V_PATH:
    case IR_V_STRING:
    case IR_V_NUMBER:
    case IR_V_BOOL:
    case IR_V_TEMPLATE:
    case IR_V_ADDR:
      if (!val->text) fail(v, "value of kind %d without text (V1)", (int)val->kind);
      if (val->kind == IR_V_PATH && val->text && !*val->text) fail(v, "empty path (I2)");
      break;
    case IR_V_FUNC:
      if (val->func < 0 || (uint32_t)val->func >= v->m->n_funcs) fail(v, "IR_V_FUNC index %d out of range (V1)", val->func);
      break;
    case IR_V_NONE:
    case IR_V_NULL:
    case IR_V_OTHER: break;
    default: fail(v, "bad value kind %d (V1)", (int)val->kind);
  }
  if (val->kind != IR_V_FUNC && val->func != -1) fail(v, "func index %d on a non-function value (V1)", val->func);
  if (val->n_subs && !val->subs) fail(v, "n_subs without subs (V1)");
  for (uint32_t i = 0; val->subs && i < val->n_subs; i++) check_value(v, &val->subs[i], depth + 1);
}

static void check_cond(Verifier *v, const IrCond *c, int depth) {
  if (!c) {
    fail(v, "missing condition (C1)");
    return;
  }
  if (depth > 1000) {
    fail(v, "condition deeper than 1000 (C1)");
    return;
  }
  switch (c->kind) {
    case IR_COND_NOT: check_cond(v, c->lhs, depth + 1); break;
    case IR_COND_AND:
    case IR_COND_OR:
      check_cond(v, c->lhs, depth + 1);
      check_cond(v, c->rhs, depth + 1);
      break;
    case IR_COND_TRUTHY:
    case IR_COND_OPAQUE: check_value(v, &c->a, 0); break;
    case IR_COND_EQ:
    case IR_COND_NE:
    case IR_COND_LT:
    case IR_COND_LE:
    case IR_COND_GT:
    case IR_COND_GE:
      check_value(v, &c->a, 0);
      check_value(v, &c->b, 0);
      break;
    default: fail(v, "bad condition kind %d (C1)", (int)c->kind);
  }
}

static void check_call(Verifier *v, const IrCall *c) {
  if (!c->callee && c->callee_value.kind == IR_V_NONE) fail(v, "call without callee (I1)");
  if ((c->callee == NULL) != (c->name == NULL)) fail(v, "call name set without callee or vice versa (I1)");
  if (c->callee && !*c->callee) fail(v, "empty callee (I1)");
  if (c->callee && c->callee_value.kind != IR_V_NONE) fail(v, "call with both a callee path and a callee value (I1)");
  if (c->callee && c->name && !str_is_last_segment(c->callee, c->name)) fail(v, "call name is not the callee's last segment (I1)");
  check_value(v, &c->recv, 0);
  check_value(v, &c->callee_value, 0);
  for (uint32_t i = 0; i < c->n_results; i++) {
    if (c->results[i].kind != IR_V_PATH && c->results[i].kind != IR_V_NONE) fail(v, "call result is not a path (I2)");
    check_value(v, &c->results[i], 0);
  }
  for (uint32_t i = 0; i < c->n_args; i++) check_value(v, &c->args[i], 0);
}

/* L1: Go and C have no exception edges (only explicit panics, and C none at all). */
static bool no_exceptions(const IrModule *m) { return m->lang == IR_LANG_GO || m->lang == IR_LANG_C; }

/* I3/L1: what the call flags promise about the block they sit in. */
static void check_call_flags(Verifier *v, const IrBlock *b, uint32_t k) {
  const IrInstr *in = &b->instrs[k];
  if (in->kind != IR_CALL && in->kind != IR_DEFER) return;
  uint16_t flags = in->u.call.flags;
  if (in->kind == IR_CALL && (flags & IR_CALL_NORETURN) && (k + 1 != b->n_instrs || b->term.kind != IR_T_UNREACHABLE))
    fail(v, "b%u: noreturn call not followed by unreachable (I3)", b->id);
  if (no_exceptions(v->m) && (flags & IR_CALL_MAY_THROW))
    fail(v, "b%u: %s call flagged may-throw (L1)", b->id, ir_lang_name(v->m->lang));
}

static void check_instr(Verifier *v, const IrInstr *in) {
  switch (in->kind) {
    case IR_CALL:
    case IR_DEFER: check_call(v, &in->u.call); break;
    case IR_ASSIGN:
      if (in->u.assign.dst.kind != IR_V_PATH) fail(v, "assign destination is not a path (I2)");
      check_value(v, &in->u.assign.dst, 0);
      check_value(v, &in->u.assign.src, 0);
      break;
    case IR_OPAQUE:
      for (uint32_t i = 0; i < in->u.opaque.n_uses; i++) check_value(v, &in->u.opaque.uses[i], 0);
      break;
    default: fail(v, "bad instruction kind %d (I1)", (int)in->kind);
  }
}

static void check_term(Verifier *v, const IrFunc *f, const IrBlock *b, bool *has_pred) {
  const IrTerm *t = &b->term;
  bool jumps = t->kind == IR_T_JUMP || t->kind == IR_T_BRANCH;
  if (t->kind == IR_T_BRANCH) {
    check_cond(v, t->cond, 0);
    if (t->succ[1] >= f->n_blocks) fail(v, "b%u: branch false successor b%u out of range (B3)", b->id, t->succ[1]);
    else has_pred[t->succ[1]] = true;
  }
  if (jumps) {
    if (t->succ[0] >= f->n_blocks) fail(v, "b%u: successor b%u out of range (B3)", b->id, t->succ[0]);
    else has_pred[t->succ[0]] = true;
  } else if (t->kind == IR_T_THROW || t->kind == IR_T_RET) {
    if (t->kind == IR_T_THROW && t->n_values != 1) fail(v, "b%u: throw with %u values (B6)", b->id, t->n_values);
    for (uint32_t i = 0; i < t->n_values; i++) check_value(v, &t->values[i], 0);
  } else if (t->kind != IR_T_UNREACHABLE) {
    fail(v, "b%u: bad terminator kind %d (B2)", b->id, (int)t->kind);
  }
}

static void check_vars(Verifier *v, const IrVar *vars, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (!nonempty(vars[i].name)) fail(v, "variable %u without a name (F2)", i);
}

static void check_parent_chain(Verifier *v, uint32_t i) {
  const IrFunc *f = &v->m->funcs[i];
  if (f->parent < 0 || (uint32_t)f->parent >= v->m->n_funcs || (uint32_t)f->parent == i) {
    fail(v, "parent %d invalid (F1)", f->parent);
    return;
  }
  uint32_t steps = 0, p = (uint32_t)f->parent;
  while (p != 0 && steps++ <= v->m->n_funcs) {
    int32_t next = v->m->funcs[p].parent;
    if (next < 0 || (uint32_t)next >= v->m->n_funcs) break;
    p = (uint32_t)next;
  }
  if (p != 0) fail(v, "parent chain does not reach funcs[0] (F1)");
}

/* B7: irb_finish drops unreachable blocks, so every block left is reachable. */
static void check_reachable(Verifier *v, const IrFunc *f) {
  /* One arena per module, not per function: a fresh arena's first chunk is
  ** a 64 KiB malloc, which per function was a tenth of a fuzz input's time. */
  ArenaMark mark = arena_mark(v->scratch);
  const bool *seen = cfg_reachable(f, v->scratch);
  for (uint32_t b = 0; b < f->n_blocks; b++)
    if (!seen[b]) fail(v, "b%u: unreachable from the entry (B7)", b);
  arena_rewind(v->scratch, mark);
}

static void check_func(Verifier *v, uint32_t i) {
  const IrFunc *f = &v->m->funcs[i];
  v->where = f->name ? f->name : "?";
  if (f->index != i) fail(v, "index %u at position %u (F1)", f->index, i);
  if (i > 0) check_parent_chain(v, i);
  if (f->n_blocks == 0 || !f->blocks) {
    fail(v, "no blocks (F2)");
    return;
  }
  check_vars(v, f->params, f->n_params);
  check_vars(v, f->locals, f->n_locals);
  if (f->file && !*f->file) fail(v, "empty file name (F3)");
  bool *has_pred = xcalloc(f->n_blocks, sizeof *has_pred);
  for (uint32_t b = 0; b < f->n_blocks; b++) {
    const IrBlock *blk = &f->blocks[b];
    if (blk->id != b) fail(v, "block at %u has id %u (B1)", b, blk->id);
    if (blk->exn >= 0 && ((uint32_t)blk->exn >= f->n_blocks || (uint32_t)blk->exn == b))
      fail(v, "b%u: exn b%d invalid (B4)", b, blk->exn);
    else if (blk->exn >= 0)
      has_pred[blk->exn] = true;
    if (no_exceptions(v->m) && blk->exn >= 0)
      fail(v, "b%u: %s block with an exn successor (L1)", b, ir_lang_name(v->m->lang));
    for (uint32_t k = 0; k < blk->n_instrs; k++) {
      check_instr(v, &blk->instrs[k]);
      check_call_flags(v, blk, k);
    }
    check_term(v, f, blk, has_pred);
  }
  if (has_pred[0]) fail(v, "entry block has predecessors (B5)");
  free(has_pred);
  check_reachable(v, f);
}

static void check_tables(Verifier *v) {
  const IrModule *m = v->m;
  for (uint32_t i = 0; i < m->n_imports; i++)
    if (!nonempty(m->imports[i].specifier) || !nonempty(m->imports[i].local) || !nonempty(m->imports[i].imported))
      fail(v, "import %u incomplete (M2)", i);
  for (uint32_t i = 0; i < m->n_exports; i++) {
    if (!nonempty(m->exports[i].exported)) fail(v, "export %u without a name (M3)", i);
    check_value(v, &m->exports[i].value, 0);
  }
  for (uint32_t i = 0; i < m->n_consts; i++)
    if (!nonempty(m->consts[i].name) || !m->consts[i].value) fail(v, "const %u incomplete (M3)", i);
  for (uint32_t i = 0; i < m->n_fields; i++) {
    if (!nonempty(m->fields[i].name)) fail(v, "field %u without a name (M3)", i);
    check_value(v, &m->fields[i].init, 0);
  }
}

bool ir_verify_module(const IrModule *m, StrBuf *errors) {
  Verifier v = {.m = m, .out = errors};
  if (!m) {
    fail(&v, "no module");
    return false;
  }
  if (!m->path) fail(&v, "module without path (M1)");
  if (m->n_funcs == 0 || !m->funcs) {
    fail(&v, "module without funcs[0] (M1)");
    return false;
  }
  if (!(m->funcs[0].flags & IR_FUNC_TOPLEVEL) || m->funcs[0].parent != -1)
    fail(&v, "funcs[0] is not the top-level function (M1)");
  check_tables(&v);
  v.scratch = arena_new();
  for (uint32_t i = 0; i < m->n_funcs; i++) check_func(&v, i);
  arena_delete(v.scratch);
  return v.n_errors == 0;
}
