#include "ir/ir_build.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/check.h"
#include "base/map.h"

typedef struct IrbBlock {
  const char *kind;
  /* On the heap while the block grows, copied into the arena at its exact
  ** size when the function is frozen: grown in the arena, every doubling
  ** left the old copy behind, so a function of N instructions held up to 4N
  ** (the module function of a generated file with a million statements,
  ** hundreds of megabytes). */
  ARRAY(IrInstr) instrs;
  IrTerm term;
  bool done; /* has its terminator */
  int32_t exn;
} IrbBlock;

struct IrbFunc {
  IrBuilder *b;
  uint32_t index;
  const char *name;
  const char *class_name;
  const char *file;
  int32_t parent;
  uint16_t flags;
  SrcLoc loc;
  SrcLoc end;
  ARRAY(IrVar) params;
  ARRAY(IrVar) locals;
  Map param_index, local_index; /* in the arena: name → 1 + index into params / locals; a
                                   linear scan made functions with thousands of locals quadratic */
  ARRAY(const char *) captures;
  ARRAY(IrbBlock) blocks;
  uint32_t cur;
  int32_t exn;
  uint32_t n_temps;
};

struct IrBuilder {
  Arena *a;
  IrModule *m;
  ARRAY(IrbFunc *) funcs;
  ARRAY(IrImport) imports;
  ARRAY(IrExport) exports;
  ARRAY(IrConst) consts;
  ARRAY(IrField) fields;
  ARRAY(IrTypeDecl) types;
  ARRAY(IrCompare) compares;
};

/* Section - Module */

IrBuilder *irb_new(Arena *arena, const char *path, IrLang lang) {
  IrBuilder *b = ARENA_NEW(arena, IrBuilder);
  b->a = arena;
  b->m = ARENA_NEW(arena, IrModule);
  b->m->path = arena_strdup(arena, path ? path : "");
  b->m->lang = lang;
  b->m->arena = arena;
  return b;
}

Arena *irb_arena(const IrBuilder *b) { return b->a; }

void irb_add_import(IrBuilder *b, IrImport imp) { array_push_in(b->a, &b->imports, imp); }
void irb_add_export(IrBuilder *b, IrExport exp) { array_push_in(b->a, &b->exports, exp); }
void irb_add_const(IrBuilder *b, IrConst c) { array_push_in(b->a, &b->consts, c); }
void irb_add_field(IrBuilder *b, IrField fld) { array_push_in(b->a, &b->fields, fld); }
void irb_add_type(IrBuilder *b, IrTypeDecl t) { array_push_in(b->a, &b->types, t); }
void irb_add_compare(IrBuilder *b, IrCompare c) { array_push_in(b->a, &b->compares, c); }
uint32_t irb_n_funcs(const IrBuilder *b) { return b->funcs.len; }
uint32_t irb_n_imports(const IrBuilder *b) { return b->imports.len; }
IrImport *irb_import_at(IrBuilder *b, uint32_t i) { return array_get(&b->imports, i); }

/* Section - Functions */

IrbFunc *irb_func_begin(IrBuilder *b, const char *name, int32_t parent, uint16_t flags, SrcLoc loc) {
  IrbFunc *f = ARENA_NEW(b->a, IrbFunc);
  f->b = b;
  f->index = b->funcs.len;
  f->name = arena_strdup(b->a, name ? name : "<anonymous>");
  f->parent = parent;
  f->flags = flags;
  f->loc = loc;
  f->end = (SrcLoc){loc.end_line, loc.end_col > 1 ? loc.end_col - 1 : loc.end_col, loc.end_line, loc.end_col};
  f->exn = -1;
  map_init(&f->param_index, b->a);
  map_init(&f->local_index, b->a);
  array_push_in(b->a, &b->funcs, f);
  f->cur = irb_block_new(f, "entry");
  return f;
}

IrbFunc *irb_func_at(IrBuilder *b, uint32_t index) { return *array_get(&b->funcs, index); }
uint32_t irb_func_index(const IrbFunc *f) { return f->index; }
int32_t irb_func_parent(const IrbFunc *f) { return f->parent; }
const char *irb_func_name(const IrbFunc *f) { return f->name; }
void irb_func_set_class(IrbFunc *f, const char *class_name) { f->class_name = class_name; }
void irb_func_set_file(IrbFunc *f, const char *file) { f->file = file; }
void irb_func_add_flags(IrbFunc *f, uint16_t flags) { f->flags |= flags; }
uint16_t irb_func_flags(const IrbFunc *f) { return f->flags; }
void irb_func_set_end(IrbFunc *f, SrcLoc end) { f->end = end; }

void irb_add_param(IrbFunc *f, IrVar v) {
  if (!map_get_cstr(&f->param_index, v.name)) /* the first of duplicate params wins, as lookups did */
    map_set_cstr(&f->param_index, v.name, (void *)(uintptr_t)(f->params.len + 1));
  array_push_in(f->b->a, &f->params, v);
}

IrVar *irb_find_var(IrbFunc *f, const char *name) {
  uintptr_t at = (uintptr_t)map_get_cstr(&f->param_index, name);
  if (at) return &f->params.items[at - 1];
  at = (uintptr_t)map_get_cstr(&f->local_index, name);
  return at ? &f->locals.items[at - 1] : NULL;
}

uint32_t irb_add_local(IrbFunc *f, IrVar v) {
  uintptr_t at = (uintptr_t)map_get_cstr(&f->local_index, v.name);
  if (at) return (uint32_t)(at - 1);
  array_push_in(f->b->a, &f->locals, v);
  map_set_cstr(&f->local_index, v.name, (void *)(uintptr_t)f->locals.len);
  return f->locals.len - 1;
}

void irb_add_capture(IrbFunc *f, const char *name) {
  for (uint32_t i = 0; i < f->captures.len; i++)
    if (strcmp(f->captures.items[i], name) == 0) return;
  array_push_in(f->b->a, &f->captures, name);
}

const char *irb_temp(IrbFunc *f) { return arena_printf(f->b->a, "%%%u", ++f->n_temps); }

/* Section - Blocks */

uint32_t irb_block_new(IrbFunc *f, const char *kind) {
  IrbBlock blk = {0};
  blk.kind = kind;
  blk.exn = f->exn;
  array_push_in(f->b->a, &f->blocks, blk);
  return f->blocks.len - 1;
}

void irb_set_cur(IrbFunc *f, uint32_t id) {
  if (id != IRB_NO_BLOCK && NEVER(array_get(&f->blocks, id)->done)) id = IRB_NO_BLOCK;
  f->cur = id;
}

uint32_t irb_cur(const IrbFunc *f) { return f->cur; }
bool irb_func_has_cur(const IrbFunc *f) { return f->cur != IRB_NO_BLOCK; }
void irb_set_exn(IrbFunc *f, int32_t exn) { f->exn = exn; }
int32_t irb_exn(const IrbFunc *f) { return f->exn; }
void irb_block_set_exn(IrbFunc *f, uint32_t id, int32_t exn) { array_get(&f->blocks, id)->exn = exn; }
bool irb_block_done(const IrbFunc *f, uint32_t id) { return f->blocks.items[id].done; }
uint32_t irb_block_n_instrs(const IrbFunc *f, uint32_t id) { return f->blocks.items[id].instrs.len; }

/* Section - Instructions */

IrInstr *irb_emit(IrbFunc *f, const IrInstr *in) {
  if (f->cur == IRB_NO_BLOCK) return NULL;
  IrbBlock *blk = array_get(&f->blocks, f->cur);
  array_push(&blk->instrs, *in);
  return array_last(&blk->instrs);
}

void irb_emit_assign(IrbFunc *f, IrValue dst, IrValue src, uint16_t flags, SrcLoc loc) {
  IrInstr in = {.kind = IR_ASSIGN, .loc = loc};
  in.u.assign.dst = dst;
  in.u.assign.src = src;
  in.u.assign.flags = flags;
  irb_emit(f, &in);
}

/* Section - Terminators */

/* Returns the current block to terminate and clears the current block, or
** NULL when there is none. */
static IrbBlock *irb__end(IrbFunc *f) {
  if (f->cur == IRB_NO_BLOCK) return NULL;
  IrbBlock *blk = array_get(&f->blocks, f->cur);
  f->cur = IRB_NO_BLOCK;
  if (NEVER(blk->done)) return NULL;
  blk->done = true;
  return blk;
}

void irb_jump(IrbFunc *f, uint32_t target, SrcLoc loc) {
  IrbBlock *blk = irb__end(f);
  if (!blk) return;
  blk->term = (IrTerm){.kind = IR_T_JUMP, .succ = {target, 0}, .loc = loc};
}

void irb_branch(IrbFunc *f, IrCond *cond, uint32_t t, uint32_t e, SrcLoc loc) {
  IrbBlock *blk = irb__end(f);
  if (!blk) return;
  blk->term = (IrTerm){.kind = IR_T_BRANCH, .succ = {t, e}, .cond = cond, .loc = loc};
}

void irb_ret(IrbFunc *f, const IrValue *values, uint32_t n, SrcLoc loc) {
  IrbBlock *blk = irb__end(f);
  if (!blk) return;
  blk->term = (IrTerm){.kind = IR_T_RET, .loc = loc};
  blk->term.values = irv_copy(f->b->a, values, n);
  blk->term.n_values = n;
}

void irb_throw(IrbFunc *f, const IrValue *value, SrcLoc loc) {
  IrbBlock *blk = irb__end(f);
  if (!blk) return;
  IrValue v = value ? *value : irv_none();
  blk->term = (IrTerm){.kind = IR_T_THROW, .loc = loc};
  blk->term.values = irv_copy(f->b->a, &v, 1);
  blk->term.n_values = 1;
}

void irb_unreachable(IrbFunc *f, SrcLoc loc) {
  IrbBlock *blk = irb__end(f);
  if (!blk) return;
  blk->term = (IrTerm){.kind = IR_T_UNREACHABLE, .loc = loc};
}

/* Section - Values */

IrValue irv_none(void) { return (IrValue){.kind = IR_V_NONE, .func = -1}; }

IrValue irv_path(const char *text, SrcLoc loc) {
  return (IrValue){.kind = IR_V_PATH, .func = -1, .text = text, .loc = loc};
}

IrValue irv_kind(IrValueKind kind, const char *text, SrcLoc loc) {
  return (IrValue){.kind = kind, .func = -1, .text = text, .loc = loc};
}

IrValue irv_func(int32_t index, SrcLoc loc) {
  return (IrValue){.kind = IR_V_FUNC, .func = index, .loc = loc};
}

IrValue *irv_copy(Arena *a, const IrValue *values, uint32_t n) {
  if (n == 0) return NULL;
  IrValue *out = ARENA_NEW_ARRAY(a, IrValue, n);
  memcpy(out, values, sizeof *out * n);
  return out;
}

/* Section - Freezing */

/* Marks blocks reachable from the entry over normal and exception edges. */
static void irb__mark_reachable(IrbFunc *f, bool *seen, uint32_t *stack) {
  uint32_t sp = 0;
  seen[0] = true;
  stack[sp++] = 0;
  while (sp) {
    IrbBlock *blk = &f->blocks.items[stack[--sp]];
    uint32_t succ[3], n = 0;
    if (blk->term.kind == IR_T_JUMP) succ[n++] = blk->term.succ[0];
    if (blk->term.kind == IR_T_BRANCH) succ[n++] = blk->term.succ[0], succ[n++] = blk->term.succ[1];
    if (blk->exn >= 0) succ[n++] = (uint32_t)blk->exn;
    for (uint32_t i = 0; i < n; i++) {
      if (succ[i] < f->blocks.len && !seen[succ[i]]) {
        seen[succ[i]] = true;
        stack[sp++] = succ[i];
      }
    }
  }
}

/* Copies the live blocks of f into out->blocks, renumbered densely. */
static void irb__freeze_blocks(IrbFunc *f, IrFunc *out) {
  uint32_t n = f->blocks.len;
  bool *seen = xcalloc(n + 1, sizeof *seen);
  uint32_t *stack = xcalloc(n * 3 + 1, sizeof *stack);
  uint32_t *map = xcalloc(n + 1, sizeof *map);
  irb__mark_reachable(f, seen, stack);
  uint32_t live = 0;
  for (uint32_t i = 0; i < n; i++) map[i] = seen[i] ? live++ : UINT32_MAX;
  out->blocks = ARENA_NEW_ARRAY(f->b->a, IrBlock, live ? live : 1);
  out->n_blocks = live;
  for (uint32_t i = 0; i < n; i++) {
    IrbBlock *src = &f->blocks.items[i];
    if (map[i] == UINT32_MAX) {
      array_free(&src->instrs);
      continue;
    }
    IrBlock *dst = &out->blocks[map[i]];
    dst->id = map[i];
    dst->kind = src->kind;
    dst->instrs = ARENA_NEW_ARRAY(f->b->a, IrInstr, src->instrs.len ? src->instrs.len : 1);
    if (src->instrs.len) memcpy(dst->instrs, src->instrs.items, sizeof *dst->instrs * src->instrs.len);
    dst->n_instrs = src->instrs.len;
    array_free(&src->instrs); /* one block at a time, so the copies never all coexist with the originals */
    dst->term = src->term;
    if (src->term.kind == IR_T_JUMP || src->term.kind == IR_T_BRANCH) dst->term.succ[0] = map[src->term.succ[0]];
    if (src->term.kind == IR_T_BRANCH) dst->term.succ[1] = map[src->term.succ[1]];
    dst->exn = src->exn >= 0 ? (int32_t)map[src->exn] : -1;
  }
  free(seen);
  free(stack);
  free(map);
}

/* Closes the current block with the implicit return at the function's end,
** and every block never terminated (usually a join nothing reached, dropped
** by irb__freeze_blocks) with the same return, so no path falls off a block. */
static void irb__close_open_blocks(IrbFunc *f) {
  if (f->cur != IRB_NO_BLOCK) irb_ret(f, NULL, 0, f->end);
  for (uint32_t i = 0; i < f->blocks.len; i++) {
    IrbBlock *blk = &f->blocks.items[i];
    if (!blk->done) {
      blk->done = true;
      blk->term = (IrTerm){.kind = IR_T_RET, .loc = f->end};
    }
  }
}

static void irb__freeze_func(IrbFunc *f, IrFunc *out) {
  irb__close_open_blocks(f);
  out->index = f->index;
  out->name = f->name;
  out->class_name = f->class_name;
  out->file = f->file;
  out->parent = f->parent;
  out->flags = f->flags;
  out->params = f->params.items;
  out->n_params = f->params.len;
  out->locals = f->locals.items;
  out->n_locals = f->locals.len;
  out->captures = f->captures.items;
  out->n_captures = f->captures.len;
  out->loc = f->loc;
  irb__freeze_blocks(f, out);
}

IrModule *irb_finish(IrBuilder *b) {
  IrModule *m = b->m;
  m->n_funcs = b->funcs.len;
  m->funcs = ARENA_NEW_ARRAY(b->a, IrFunc, m->n_funcs ? m->n_funcs : 1);
  for (uint32_t i = 0; i < b->funcs.len; i++) irb__freeze_func(b->funcs.items[i], &m->funcs[i]);
  m->imports = b->imports.items;
  m->n_imports = b->imports.len;
  m->exports = b->exports.items;
  m->n_exports = b->exports.len;
  m->consts = b->consts.items;
  m->n_consts = b->consts.len;
  m->fields = b->fields.items;
  m->n_fields = b->fields.len;
  m->types = b->types.items;
  m->n_types = b->types.len;
  m->compares = b->compares.items;
  m->n_compares = b->compares.len;
  return m;
}
