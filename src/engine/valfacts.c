/* valfacts: sign facts of local counters and flags, per typestate state.
**
** A batch loop opens a transaction when its counter is zero and commits and
** resets the counter when a batch is full; after the loop, `if cur == 0 {
** return }` can only be reached with no transaction open, since the counter
** is positive whenever one is. A typestate that merges every path into one
** state per block cannot know that; one that keeps, beside each resource
** state, what the paths into that state say about the counter can. Each
** variable's fact is a set of signs, {0, >0, <0}; constants, `x = y`, steps
** by a literal (`x++`, `x -= 2`: IR_VF_STEP) and branch tests (`x == 0`,
** `x != 0`, `x > 0`, `x <= 0`, `!done`, `p == nil`) are read exactly, anything
** else makes a variable unknown (`x % n == 0` says nothing about x). Steps
** ignore integer overflow.
**
** Only variables nothing else can write are tracked: locals and parameters
** that no closure captures, whose address is never taken (C `&x`, Go `&x`)
** and that are never a method call's receiver (Go takes `&x` implicitly for
** a pointer method). An opaque construct that mentions one, or a call whose
** result it is, makes it unknown there. A variable is worth tracking when it
** is tested against a constant and, besides, tested again or assigned a
** constant or a step: with fewer uses no test can contradict another. At
** most VF_MAX_VARS are tracked, the first in block order. */
#include "engine/valfacts.h"

#include <string.h>

/* Section - Numbers */

static bool is_digit(char c, bool hex) {
  return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

/* The sign of a numeric literal as written (Go: `0x1F`, `1_000`, `0.5e3`,
** `-2`; C: decimal values), VF_ANY when it is not a plain number (a rune,
** an imaginary literal, `iota`). */
static uint8_t number_sign(const char *t) {
  if (!t) return VF_ANY;
  bool neg = *t == '-';
  if (*t == '-' || *t == '+') t++;
  bool hex = t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
  if (t[0] == '0' && strchr("xXbBoO", t[1]) && t[1]) t += 2;
  bool digits = false, nonzero = false, exponent = false;
  for (; *t; t++) {
    if (*t == '_') continue;
    if (!exponent && is_digit(*t, hex)) {
      digits = true;
      nonzero |= *t != '0';
    } else if (!exponent && !hex && *t == '.') {
      continue;
    } else if (!exponent && ((!hex && (*t == 'e' || *t == 'E')) || (hex && (*t == 'p' || *t == 'P')))) {
      exponent = true; /* a zero mantissa stays zero */
      if (t[1] == '+' || t[1] == '-') t++;
    } else if (!(exponent && *t >= '0' && *t <= '9')) {
      return VF_ANY;
    }
  }
  if (!digits) return VF_ANY;
  return !nonzero ? VF_ZERO : neg ? VF_NEG : VF_POS;
}

/* The sign of a constant value, or 0 when v is not one. */
static uint8_t const_sign(const IrValue *v) {
  switch (v->kind) {
  case IR_V_NUMBER: return number_sign(v->text) == VF_ANY ? 0 : number_sign(v->text);
  case IR_V_BOOL: return v->text && strcmp(v->text, "true") == 0 ? VF_POS : VF_ZERO;
  case IR_V_NULL: return VF_ZERO;
  default: return 0;
  }
}

/* Section - Which variables */

static int var_index(const VfVars *v, const char *name) {
  for (uint32_t i = 0; name && i < v->n; i++)
    if (strcmp(v->names[i], name) == 0) return (int)i;
  return -1;
}

static uint8_t field(VfWord w, int i) { return (uint8_t)(w >> (VF_BITS * i) & VF_ANY); }
static VfWord with_field(VfWord w, int i, uint8_t s) {
  return (w & ~((VfWord)VF_ANY << (VF_BITS * i))) | ((VfWord)s << (VF_BITS * i));
}

/* Whether v takes name's address (`&x`) or mentions name at all (any). */
static bool value_refers(const IrValue *v, const char *name, bool any, int depth) {
  if (!v || depth > 16) return false;
  if (v->text && (v->kind == IR_V_ADDR || (any && v->kind == IR_V_PATH))) {
    size_t n = strlen(name);
    if (strncmp(v->text, name, n) == 0 && (v->text[n] == '\0' || v->text[n] == '.')) return true;
  }
  if (v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF) && v->n_subs == 1 && v->subs[0].kind == IR_V_PATH &&
      v->subs[0].text && strcmp(v->subs[0].text, name) == 0)
    return true;
  for (uint32_t i = 0; i < v->n_subs; i++)
    if (value_refers(&v->subs[i], name, any, depth + 1)) return true;
  return false;
}

static const IrVar *declared(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (fn->params[i].name && strcmp(fn->params[i].name, name) == 0) return &fn->params[i];
  for (uint32_t i = 0; i < fn->n_locals; i++)
    if (fn->locals[i].name && strcmp(fn->locals[i].name, name) == 0) return &fn->locals[i];
  return NULL;
}

/* A local or parameter that no closure captures. */
static bool is_plain_local(const IrFunc *fn, const char *name) {
  if (!name || name[0] == '%' || strchr(name, '.')) return false;
  const IrVar *v = declared(fn, name);
  return v && !(v->flags & IR_VAR_CAPTURED);
}

/* Go's and C's integer types as written: `int`, `uint64`, `byte`, `size_t`,
** `unsigned long`, `int32_t`. */
static bool is_integer_type(const char *t) {
  static const char *const words[] = {"int", "uint", "long", "short", "char", "unsigned", "signed", "byte",
                                      "rune", "uintptr", "size_t", "ssize_t"};
  if (!t || !*t) return false;
  while (*t) {
    size_t n = strcspn(t, " ");
    bool ok = false;
    for (size_t k = 0; k < sizeof words / sizeof *words && !ok; k++) {
      size_t w = strlen(words[k]);
      if (n < w || strncmp(t, words[k], w) != 0) continue;
      size_t j = w; /* int8 … uint64, int32_t */
      while (j < n && t[j] >= '0' && t[j] <= '9') j++;
      if (j + 2 == n && t[j] == '_' && t[j + 1] == 't') j += 2;
      ok = j == n;
    }
    if (!ok) return false;
    t += n;
    while (*t == ' ') t++;
  }
  return true;
}

/* An integer literal: digits (any base), no fraction, exponent or suffix. */
static bool is_integer_literal(const IrValue *v) {
  if (v->kind != IR_V_NUMBER || number_sign(v->text) == VF_ANY) return false;
  bool hex = strstr(v->text, "0x") || strstr(v->text, "0X");
  return !strpbrk(v->text, hex ? ".pP" : ".eEpP");
}

/* Whether name holds integers: its declared type says so, or (Go, where an
** untyped integer constant makes an int) it is declared with an integer literal. */
static bool holds_integers(const IrFunc *fn, const char *name) {
  const IrVar *var = declared(fn, name);
  if (var && var->type) return is_integer_type(var->type);
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && (in->u.assign.flags & IR_ASSIGN_DECL) && in->u.assign.dst.text &&
          strcmp(in->u.assign.dst.text, name) == 0)
        return is_integer_literal(&in->u.assign.src);
    }
  return false;
}

/* Whether some instruction of fn could write name behind the IR's back. */
static bool escapes(const IrFunc *fn, const char *name) {
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (in->kind == IR_ASSIGN && value_refers(&in->u.assign.src, name, false, 0)) return true;
      if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
      const IrCall *c = &in->u.call;
      if (value_refers(&c->recv, name, true, 0) || value_refers(&c->callee_value, name, false, 0)) return true;
      for (uint32_t a = 0; a < c->n_args; a++)
        if (value_refers(&c->args[a], name, false, 0)) return true;
    }
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      for (uint32_t u = 0; in->kind == IR_OPAQUE && u < in->u.opaque.n_uses; u++)
        if (value_refers(&in->u.opaque.uses[u], name, false, 0)) return true;
    }
    for (uint32_t k = 0; k < blk->term.n_values; k++)
      if (value_refers(&blk->term.values[k], name, false, 0)) return true;
  }
  return false;
}

typedef struct Cand {
  const char *name;
  uint32_t uses; /* tests against a constant, constant and step writes */
} Cand;

enum { MAX_CANDS = 32 };

static void cand_add(Cand *c, uint32_t *n, const char *name) {
  for (uint32_t i = 0; i < *n; i++)
    if (strcmp(c[i].name, name) == 0) {
      c[i].uses++;
      return;
    }
  if (*n < MAX_CANDS) c[(*n)++] = (Cand){name, 1};
}

/* The variable a comparison tests against a constant, or NULL. */
static const char *tested_var(const IrCond *c) {
  if (c->kind == IR_COND_TRUTHY) return c->a.kind == IR_V_PATH ? c->a.text : NULL;
  if (c->kind < IR_COND_EQ || c->kind > IR_COND_GE) return NULL;
  if (c->a.kind == IR_V_PATH && const_sign(&c->b)) return c->a.text;
  if (c->b.kind == IR_V_PATH && const_sign(&c->a)) return c->b.text;
  return NULL;
}

static void collect_tests(const IrFunc *fn, const IrCond *c, Cand *cands, uint32_t *n, int depth) {
  if (!c || depth > 32) return;
  if (c->kind == IR_COND_NOT || c->kind == IR_COND_AND || c->kind == IR_COND_OR) {
    collect_tests(fn, c->lhs, cands, n, depth + 1);
    collect_tests(fn, c->rhs, cands, n, depth + 1);
    return;
  }
  const char *name = tested_var(c);
  if (name && is_plain_local(fn, name)) cand_add(cands, n, name);
}

/* A write whose value the facts read exactly: a constant or a step. */
static bool exact_write(const IrValue *src) {
  return const_sign(src) || (src->kind == IR_V_OTHER && (src->flags & IR_VF_STEP));
}

const VfVars *vf_select(const IrFunc *fn, Arena *a) {
  Cand cands[MAX_CANDS];
  uint32_t n = 0;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    if (fn->blocks[b].term.kind == IR_T_BRANCH) collect_tests(fn, fn->blocks[b].term.cond, cands, &n, 0);
  if (!n) return NULL;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_ASSIGN || !in->u.assign.dst.text || !exact_write(&in->u.assign.src)) continue;
      for (uint32_t k = 0; k < n; k++)
        if (strcmp(cands[k].name, in->u.assign.dst.text) == 0) cands[k].uses++;
    }
  VfVars *v = NULL;
  for (uint32_t k = 0; k < n; k++) {
    if (cands[k].uses < 2 || escapes(fn, cands[k].name)) continue;
    if (!v) v = arena_zalloc(a, sizeof *v);
    if (holds_integers(fn, cands[k].name)) v->integer |= 1u << v->n;
    v->names[v->n++] = cands[k].name;
    if (v->n == VF_MAX_VARS) break;
  }
  return v;
}

/* Section - Transfer */

VfWord vf_top(const VfVars *v) {
  VfWord w = 0;
  for (uint32_t i = 0; i < v->n; i++) w = with_field(w, (int)i, VF_ANY);
  return w;
}

/* The signs of x + k for x in signs and k of sign ks; unit: x is an integer
** and k is 1 or -1, so a step towards zero stops there. */
static uint8_t step_signs(uint8_t signs, uint8_t ks, bool unit) {
  if (ks == VF_ZERO) return signs;
  uint8_t out = 0;
  uint8_t same = ks, other = ks == VF_POS ? VF_NEG : VF_POS;
  if (signs & same) out |= same;                            /* moving away from zero */
  if (signs & VF_ZERO) out |= same;                         /* leaving zero */
  if (signs & other) out |= unit ? other | VF_ZERO : VF_ANY; /* towards zero: may reach or cross it */
  return out;
}

/* The signs value v may have in state w. */
static uint8_t eval_signs(const VfVars *v, const IrValue *val, VfWord w) {
  uint8_t k = const_sign(val);
  if (k) return k;
  if (val->kind == IR_V_PATH) {
    int i = var_index(v, val->text);
    return i >= 0 ? field(w, i) : VF_ANY;
  }
  if (val->kind == IR_V_OTHER && (val->flags & IR_VF_STEP) && val->n_subs == 2 && val->subs[1].kind == IR_V_NUMBER) {
    uint8_t ks = number_sign(val->subs[1].text);
    int x = val->subs[0].kind == IR_V_PATH ? var_index(v, val->subs[0].text) : -1;
    const char *step = val->subs[1].text;
    bool unit = x >= 0 && (v->integer >> x & 1) && (strcmp(step, "1") == 0 || strcmp(step, "-1") == 0);
    return ks == VF_ANY ? VF_ANY : step_signs(eval_signs(v, &val->subs[0], w), ks, unit);
  }
  return VF_ANY;
}

static VfWord forget_mentioned(const VfVars *v, const IrValue *val, VfWord w) {
  for (uint32_t i = 0; i < v->n; i++)
    if (value_refers(val, v->names[i], true, 0)) w = with_field(w, (int)i, VF_ANY);
  return w;
}

bool vf_writes(const VfVars *v, const IrInstr *in) {
  switch (in->kind) {
  case IR_ASSIGN: return var_index(v, in->u.assign.dst.text) >= 0;
  case IR_CALL:
    for (uint32_t r = 0; r < in->u.call.n_results; r++)
      if (in->u.call.results[r].kind == IR_V_PATH && var_index(v, in->u.call.results[r].text) >= 0) return true;
    return false;
  case IR_OPAQUE:
    for (uint32_t u = 0; u < in->u.opaque.n_uses; u++)
      if (forget_mentioned(v, &in->u.opaque.uses[u], 0) != 0) return true;
    return false;
  default: return false;
  }
}

VfWord vf_instr(const VfVars *v, const IrInstr *in, VfWord w) {
  switch (in->kind) {
  case IR_ASSIGN: {
    int i = var_index(v, in->u.assign.dst.text);
    return i >= 0 ? with_field(w, i, eval_signs(v, &in->u.assign.src, w)) : w;
  }
  case IR_CALL:
    for (uint32_t r = 0; r < in->u.call.n_results; r++) {
      const IrValue *res = &in->u.call.results[r];
      int i = res->kind == IR_V_PATH ? var_index(v, res->text) : -1;
      if (i >= 0) w = with_field(w, i, VF_ANY);
    }
    return w;
  case IR_OPAQUE: /* it may write what it mentions */
    for (uint32_t u = 0; u < in->u.opaque.n_uses; u++) w = forget_mentioned(v, &in->u.opaque.uses[u], w);
    return w;
  default: return w;
  }
}

/* Section - Branch tests */

/* The signs x may have where `x op k` (k of sign ks) has truth value t. */
static uint8_t allowed_signs(IrCondKind op, uint8_t ks, bool t) {
  if (op == IR_COND_NE) op = IR_COND_EQ, t = !t;
  if (!t) { /* the negated comparison */
    static const IrCondKind neg[] = {[IR_COND_LT] = IR_COND_GE, [IR_COND_LE] = IR_COND_GT,
                                     [IR_COND_GT] = IR_COND_LE, [IR_COND_GE] = IR_COND_LT};
    if (op == IR_COND_EQ) return ks == VF_ZERO ? VF_POS | VF_NEG : VF_ANY;
    op = neg[op];
  }
  switch (op) {
  case IR_COND_EQ: return ks;
  case IR_COND_GT: return ks == VF_NEG ? VF_ANY : VF_POS;
  case IR_COND_GE: return ks == VF_ZERO ? VF_ZERO | VF_POS : ks == VF_POS ? VF_POS : VF_ANY;
  case IR_COND_LT: return ks == VF_POS ? VF_ANY : VF_NEG;
  case IR_COND_LE: return ks == VF_ZERO ? VF_ZERO | VF_NEG : ks == VF_NEG ? VF_NEG : VF_ANY;
  default: return VF_ANY;
  }
}

static IrCondKind mirrored(IrCondKind k) {
  switch (k) {
  case IR_COND_LT: return IR_COND_GT;
  case IR_COND_GT: return IR_COND_LT;
  case IR_COND_LE: return IR_COND_GE;
  case IR_COND_GE: return IR_COND_LE;
  default: return k;
  }
}

static bool narrow(VfWord *w, int i, uint8_t allowed) {
  uint8_t s = field(*w, i) & allowed;
  if (!s) return false;
  *w = with_field(*w, i, s);
  return true;
}

static bool refine_cmp(const VfVars *v, const IrCond *c, bool pol, VfWord *w) {
  if (c->kind == IR_COND_TRUTHY) {
    int i = c->a.kind == IR_V_PATH ? var_index(v, c->a.text) : -1;
    return i < 0 || narrow(w, i, pol ? VF_POS | VF_NEG : VF_ZERO);
  }
  if (c->kind < IR_COND_EQ || c->kind > IR_COND_GE) return true;
  IrCondKind op = c->kind;
  const IrValue *x = &c->a, *k = &c->b;
  if (c->a.kind != IR_V_PATH) x = &c->b, k = &c->a, op = mirrored(op);
  int i = x->kind == IR_V_PATH ? var_index(v, x->text) : -1;
  uint8_t ks = const_sign(k);
  if (i < 0 || !ks || (k->kind == IR_V_NULL && op != IR_COND_EQ && op != IR_COND_NE)) return true;
  return narrow(w, i, allowed_signs(op, ks, pol));
}

static bool refine(const VfVars *v, const IrCond *c, bool pol, VfWord *w, int depth) {
  if (!c || depth > 32) return true;
  switch (c->kind) {
  case IR_COND_NOT: return refine(v, c->lhs, !pol, w, depth + 1);
  case IR_COND_AND:
  case IR_COND_OR: {
    bool both = (c->kind == IR_COND_AND) == pol; /* both operands take pol */
    if (both) return refine(v, c->lhs, pol, w, depth + 1) && refine(v, c->rhs, pol, w, depth + 1);
    /* Either the left operand decides, or it passes and the right one does. */
    VfWord a = *w, b = *w;
    bool ok_a = refine(v, c->lhs, pol, &a, depth + 1);
    bool ok_b = refine(v, c->lhs, !pol, &b, depth + 1) && refine(v, c->rhs, pol, &b, depth + 1);
    *w = (ok_a ? a : 0) | (ok_b ? b : 0);
    return ok_a || ok_b;
  }
  default: return refine_cmp(v, c, pol, w);
  }
}

bool vf_refine(const VfVars *v, const IrCond *c, bool pol, VfWord *w) { return refine(v, c, pol, w, 0); }
