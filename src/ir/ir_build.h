/* ir_build: the API front ends use to create an IrModule. Everything is
** allocated in the module arena. Arrays grow in the arena while a front end
** lowers, and irb_finish freezes them into the IrModule/IrFunc pointer+count
** fields.
**
** Style: each function under construction has a sticky "current block".
** Instructions go to the current block; a terminator ends it and leaves no
** current block (code after `return` is unreachable and its instructions are
** dropped, see irb_func_has_cur). Block ids are indexes in creation order; a
** block gets exactly one terminator. A new block takes the function's current
** exception successor (irb_set_exn) as its exn.
**
** irb_finish drops blocks that are unreachable from the entry (dead code after
** return/throw, and join blocks nothing jumps to) and renumbers the rest in
** creation order, so printed ids are dense and stable.
**
** Functions under construction are referred to by index (IrbFunc *) that
** stays valid while nested functions are begun, so a front end can lower a
** callback in the middle of its enclosing function. */
#ifndef TXLINT_IR_IR_BUILD_H
#define TXLINT_IR_IR_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "ir/ir.h"

typedef struct IrBuilder IrBuilder;
typedef struct IrbFunc IrbFunc;

#define IRB_NO_BLOCK UINT32_MAX

/* Section - Module */

/* Returns a builder whose storage (and the module it builds) is owned by arena.
** path is copied. */
IrBuilder *irb_new(Arena *arena, const char *path, IrLang lang);
/* The arena everything lives in (borrowed). */
Arena *irb_arena(const IrBuilder *b);
/* Freezes every array into the module and returns it; the module is owned by
** the arena. The builder must not be used afterwards. Functions whose
** current block is still open get an implicit `ret` at their end location. */
IrModule *irb_finish(IrBuilder *b);

void irb_add_import(IrBuilder *b, IrImport imp);
void irb_add_export(IrBuilder *b, IrExport exp);
void irb_add_const(IrBuilder *b, IrConst c);
/* Records a comparison whose value is stored (IrCompare). */
void irb_add_compare(IrBuilder *b, IrCompare c);
void irb_add_field(IrBuilder *b, IrField fld);
/* Adds a named type declaration (Go). */
void irb_add_type(IrBuilder *b, IrTypeDecl t);
uint32_t irb_n_funcs(const IrBuilder *b);
uint32_t irb_n_imports(const IrBuilder *b);
/* Returns the import at i (borrowed, valid until the next irb_add_import). */
IrImport *irb_import_at(IrBuilder *b, uint32_t i);

/* Section - Functions */

/* Begins a function; its index is irb_func_index(). It has an entry block
** (kind "entry") which is current, and exn -1. name is copied. */
IrbFunc *irb_func_begin(IrBuilder *b, const char *name, int32_t parent, uint16_t flags, SrcLoc loc);
/* Returns the function with that index (borrowed). */
IrbFunc *irb_func_at(IrBuilder *b, uint32_t index);
uint32_t irb_func_index(const IrbFunc *f);
int32_t irb_func_parent(const IrbFunc *f);
const char *irb_func_name(const IrbFunc *f);
void irb_func_set_class(IrbFunc *f, const char *class_name);
/* C: the project header the function is defined in (borrowed; NULL = the module's file). */
void irb_func_set_file(IrbFunc *f, const char *file);
void irb_func_add_flags(IrbFunc *f, uint16_t flags);
uint16_t irb_func_flags(const IrbFunc *f);
/* End location used for the implicit return (the closing brace). */
void irb_func_set_end(IrbFunc *f, SrcLoc end);

void irb_add_param(IrbFunc *f, IrVar v);
/* Adds a local unless one of that name exists; returns its index. */
uint32_t irb_add_local(IrbFunc *f, IrVar v);
/* Returns the param or local named name (borrowed), or NULL. */
IrVar *irb_find_var(IrbFunc *f, const char *name);
/* Adds a capture unless already present. */
void irb_add_capture(IrbFunc *f, const char *name);

/* A fresh temporary name "%N" (per function), owned by the arena. */
const char *irb_temp(IrbFunc *f);

/* Section - Blocks */

/* Creates a block (not current) and returns its id. It takes the function's
** current exn. kind is borrowed (use string literals or arena strings). */
uint32_t irb_block_new(IrbFunc *f, const char *kind);
/* Makes block id current (it must not have a terminator yet). */
void irb_set_cur(IrbFunc *f, uint32_t id);
uint32_t irb_cur(const IrbFunc *f);
/* True while there is a current block (false after a terminator). */
bool irb_func_has_cur(const IrbFunc *f);
/* Sets the exn successor given to blocks created from now on (-1: exit). */
void irb_set_exn(IrbFunc *f, int32_t exn);
int32_t irb_exn(const IrbFunc *f);
/* Overrides one block's exn successor. */
void irb_block_set_exn(IrbFunc *f, uint32_t id, int32_t exn);
/* True when block id has a terminator. */
bool irb_block_done(const IrbFunc *f, uint32_t id);
uint32_t irb_block_n_instrs(const IrbFunc *f, uint32_t id);

/* Section - Instructions (appended to the current block; dropped when there
** is none) */

/* Appends a copy of in and returns it (borrowed, valid until the next emit
** into the same block), or NULL when there is no current block. */
IrInstr *irb_emit(IrbFunc *f, const IrInstr *in);
void irb_emit_assign(IrbFunc *f, IrValue dst, IrValue src, uint16_t flags, SrcLoc loc);

/* Section - Terminators (end the current block; no-ops without one) */

void irb_jump(IrbFunc *f, uint32_t target, SrcLoc loc);
void irb_branch(IrbFunc *f, IrCond *cond, uint32_t t, uint32_t e, SrcLoc loc);
/* values: n copies are taken. */
void irb_ret(IrbFunc *f, const IrValue *values, uint32_t n, SrcLoc loc);
/* value NULL = rethrow (IR_V_NONE). */
void irb_throw(IrbFunc *f, const IrValue *value, SrcLoc loc);
void irb_unreachable(IrbFunc *f, SrcLoc loc);

/* Section - Values */

IrValue irv_none(void);
/* text is borrowed (arena or literal). */
IrValue irv_path(const char *text, SrcLoc loc);
IrValue irv_kind(IrValueKind kind, const char *text, SrcLoc loc);
IrValue irv_func(int32_t index, SrcLoc loc);
/* Returns a copy of values[0..n) in the arena, or NULL when n == 0. */
IrValue *irv_copy(Arena *a, const IrValue *values, uint32_t n);

#endif
