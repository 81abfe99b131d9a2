#include "frontend/lower_util.h"

#include <string.h>

#include "frontend/ts_util.h"

/* Section - Depth guard */

void lower_depth_init(LowerDepth *self, const FileCtx *fx) {
  self->depth = 0;
  self->max_depth = fx->max_depth > 0 ? fx->max_depth : LOWER_DEFAULT_MAX_DEPTH;
  self->noted_too_deep = false;
}

bool lower_depth_enter(LowerDepth *self, FileCtx *fx, TSNode n) {
  if (self->depth >= self->max_depth) {
    if (!self->noted_too_deep) {
      self->noted_too_deep = true;
      fx_note(fx, NOTE_TOO_DEEP, ts_loc(n), "nesting deeper than %d levels; the inner part is not analysed",
              self->max_depth);
    }
    return false;
  }
  self->depth++;
  return true;
}

/* Section - Access paths */

const char *lower_path_join(Arena *arena, Str root, const Str *segs, int nseg) {
  size_t len = root.len;
  for (int i = 0; i < nseg; i++) len += 1 + segs[i].len;
  char *out = arena_alloc(arena, len + 1), *p = out;
  memcpy(p, root.ptr, root.len);
  p += root.len;
  for (int i = nseg; i-- > 0;) {
    *p++ = '.';
    memcpy(p, segs[i].ptr, segs[i].len);
    p += segs[i].len;
  }
  *p = '\0';
  return out;
}

int lower_path_fields(const char *path) {
  int n = 0;
  for (; *path; path++) n += *path == '.';
  return n;
}

const char *lower_path_root(Arena *arena, const char *path) {
  if (path[0] == '%') return NULL;
  const char *dot = strchr(path, '.');
  return dot ? arena_strndup(arena, path, (size_t)(dot - path)) : path;
}

IrValue lower_path_extend(Arena *arena, IrValue base, const char *field, int max_fields, SrcLoc loc) {
  if (base.kind == IR_V_PATH && lower_path_fields(base.text) < max_fields)
    return irv_path(arena_printf(arena, "%s.%s", base.text, field), loc);
  return lower_other(arena, &base, 1, loc);
}

void lower_call_set_callee_path(Arena *arena, IrCall *c, const char *path, SrcLoc loc) {
  if (!path || !*path) { /* a callee the parser left missing (`new %Pool()` with bad bytes): opaque */
    c->callee_value = irv_kind(IR_V_OTHER, NULL, loc);
    return;
  }
  c->callee = path;
  const char *dot = strrchr(path, '.');
  c->name = dot ? dot + 1 : path;
  c->recv = dot ? irv_path(arena_strndup(arena, path, (size_t)(dot - path)), loc) : irv_none();
}

/* Section - Compound values and use sets */

IrValue lower_other(Arena *arena, const IrValue *parts, uint32_t n, SrcLoc loc) {
  IrValue out = irv_kind(IR_V_OTHER, NULL, loc);
  IrValue tmp[LOWER_MAX_SUBS];
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    const IrValue *p = &parts[i];
    if (p->kind == IR_V_PATH || p->kind == IR_V_FUNC ||
        (p->key && (p->kind == IR_V_STRING || p->kind == IR_V_TEMPLATE || p->kind == IR_V_BOOL) &&
         !(p->flags & IR_VF_SPREAD))) {
      /* a keyed constant: an object literal's string or boolean member (`ssl: { rejectUnauthorized: false }`) */
      if (k < LOWER_MAX_SUBS) tmp[k++] = *p;
      if (p->kind == IR_V_TEMPLATE)
        for (uint32_t j = 0; j < p->n_subs && k < LOWER_MAX_SUBS; j++) tmp[k++] = p->subs[j];
    } else if (p->kind == IR_V_OTHER || p->kind == IR_V_TEMPLATE) {
      if (p->flags & (IR_VF_ARITH | IR_VF_STEP)) out.flags |= IR_VF_ARITH; /* kept through nesting */
      for (uint32_t j = 0; j < p->n_subs && k < LOWER_MAX_SUBS; j++)
        if (!(p->flags & IR_VF_STEP) || p->subs[j].kind != IR_V_NUMBER) /* a step's constant mentions nothing */
          tmp[k++] = p->subs[j];
    }
  }
  out.subs = irv_copy(arena, tmp, k);
  out.n_subs = k;
  return out;
}

void lower_uses_add(LowerUses *self, const char *path, SrcLoc loc) {
  if (!*path) return; /* a MISSING identifier (error recovery) has no text and names nothing */
  for (uint32_t i = 0; i < self->n; i++)
    if (strcmp(self->vals[i].text, path) == 0) return;
  if (self->n < LOWER_MAX_SUBS) self->vals[self->n++] = irv_path(path, loc);
}

IrValue lower_uses_value(const LowerUses *self, Arena *arena, SrcLoc loc) {
  IrValue out = irv_kind(IR_V_OTHER, NULL, loc);
  out.subs = irv_copy(arena, self->vals, self->n);
  out.n_subs = self->n;
  return out;
}

/* Section - Variables and captures */

/* The function enclosing f, or NULL for the module's top level. */
static IrbFunc *func_outer(IrBuilder *b, const IrbFunc *f) {
  int32_t parent = irb_func_parent(f);
  return parent >= 0 ? irb_func_at(b, (uint32_t)parent) : NULL;
}

void lower_note_ref(IrBuilder *b, IrbFunc *f, const char *name) {
  if (!func_outer(b, f) || irb_find_var(f, name)) return;
  for (IrbFunc *o = func_outer(b, f); o && func_outer(b, o); o = func_outer(b, o)) {
    IrVar *v = irb_find_var(o, name);
    if (!v) continue;
    v->flags |= IR_VAR_CAPTURED;
    for (IrbFunc *k = f; k != o; k = func_outer(b, k)) irb_add_capture(k, arena_strdup(irb_arena(b), name));
    return;
  }
}

void lower_note_path_root(IrBuilder *b, IrbFunc *f, const char *path) {
  const char *root = lower_path_root(irb_arena(b), path);
  if (root) lower_note_ref(b, f, root);
}

/* Section - Instructions and conditions */

void lower_emit_opaque(IrbFunc *f, const char *what, IrValue uses, SrcLoc loc) {
  IrInstr in = {.kind = IR_OPAQUE, .loc = loc};
  in.u.opaque.what = what;
  in.u.opaque.uses = uses.subs;
  in.u.opaque.n_uses = uses.n_subs;
  irb_emit(f, &in);
}

void lower_note_unsupported(FileCtx *fx, TSNode n) {
  fx_note(fx, NOTE_UNSUPPORTED, ts_loc(n), "unsupported construct %s lowered as opaque", ts_node_type(n));
}

IrCond *lower_cond_new(Arena *arena, IrCondKind kind, SrcLoc loc) {
  IrCond *c = ARENA_NEW(arena, IrCond);
  c->kind = kind;
  c->a = irv_none();
  c->b = irv_none();
  c->loc = loc;
  return c;
}

IrCond *lower_cond_truthy(Arena *arena, IrValue v, SrcLoc loc) {
  IrCond *c = lower_cond_new(arena, IR_COND_TRUTHY, loc);
  c->a = v;
  return c;
}

IrCond *lower_cond_opaque(Arena *arena, IrValue uses, SrcLoc loc) {
  IrCond *c = lower_cond_new(arena, IR_COND_OPAQUE, loc);
  c->a = uses;
  return c;
}

IrCond *lower_cond_cmp(Arena *arena, IrCondKind k, IrValue a, IrValue b, SrcLoc loc) {
  IrCond *c = lower_cond_new(arena, k, loc);
  c->a = a;
  c->b = b;
  return c;
}

IrCond *lower_cond_bin(Arena *arena, IrCondKind k, IrCond *l, IrCond *r, SrcLoc loc) {
  IrCond *c = lower_cond_new(arena, k, loc);
  c->lhs = l;
  c->rhs = r;
  return c;
}

IrCondKind lower_cmp_kind(Str op) {
  static const struct { const char *op; IrCondKind k; } table[] = {
      {"==", IR_COND_EQ}, {"===", IR_COND_EQ}, {"!=", IR_COND_NE}, {"!==", IR_COND_NE},
      {"<", IR_COND_LT},  {"<=", IR_COND_LE},  {">", IR_COND_GT},  {">=", IR_COND_GE},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (str_eq_cstr(op, table[i].op)) return table[i].k;
  return IR_COND_OPAQUE;
}

void lower_cond_short_circuit(IrbFunc *f, bool is_and, LowerCondFn lower, void *cx, TSNode left, TSNode right,
                              uint32_t t, uint32_t e) {
  uint32_t mid = irb_block_new(f, is_and ? "cond.and" : "cond.or");
  lower(cx, left, is_and ? mid : t, is_and ? e : mid);
  irb_set_cur(f, mid);
  lower(cx, right, t, e);
}

/* Section - String literals */

int lower_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

long lower_read_hex(const char *s, size_t len, size_t *i, size_t n) {
  if (*i + n > len) return -1;
  long v = 0;
  for (size_t k = 0; k < n; k++) {
    int d = lower_hex_digit(s[*i + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  *i += n;
  return v;
}

size_t lower_put_utf8(char *out, unsigned long cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xc0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  out[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

char *lower_unescape(Arena *arena, Str body, LowerEscapeFn decode) {
  char *out = arena_alloc(arena, body.len * 2 + 1);
  size_t k = 0;
  for (size_t i = 0; i < body.len;) {
    if (body.ptr[i] == '\\' && i + 1 < body.len) {
      i++;
      k += decode(body.ptr, body.len, &i, out + k);
    } else if (body.ptr[i] == '\0') {
      i++; /* a raw NUL (JS allows one in a literal) cannot live in a C string either: dropped, like `\0` */
    } else {
      out[k++] = body.ptr[i++];
    }
  }
  out[k] = '\0';
  return out;
}
