/* lower_util: IR-building helpers shared by the tree-sitter front ends (Go
** and JavaScript/TypeScript): the recursion depth guard, access-path text,
** compound values and use sets, callee paths, capture bookkeeping, condition
** nodes, opaque instructions and string-literal decoding. Everything here is
** language-neutral: a front end decides which syntax makes a path or a
** condition, and these helpers build the same IR from it in both. */
#ifndef TXLINT_FRONTEND_LOWER_UTIL_H
#define TXLINT_FRONTEND_LOWER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "base/arena.h"
#include "base/filectx.h"
#include "base/str.h"
#include "ir/ir_build.h"

enum {
  LOWER_DEFAULT_MAX_DEPTH = 500, /* nesting limit when FileCtx.max_depth is unset */
  LOWER_MAX_SUBS = 64,           /* values an IR_V_OTHER / use set keeps */
  LOWER_MAX_SEGS = 8             /* fields an access path can hold at all */
};

/* Section - Depth guard */

typedef struct LowerDepth {
  int depth;
  int max_depth;
  bool noted_too_deep; /* NOTE_TOO_DEEP is recorded once per file */
} LowerDepth;

/* Starts at depth 0 with fx's limit (LOWER_DEFAULT_MAX_DEPTH when unset). */
void lower_depth_init(LowerDepth *self, const FileCtx *fx);
/* Enters one level of recursion; false (and a NOTE_TOO_DEEP on fx, once)
** when the limit is reached, in which case the caller lowers n as opaque
** and must not call lower_depth_leave. */
bool lower_depth_enter(LowerDepth *self, FileCtx *fx, TSNode n);
static inline void lower_depth_leave(LowerDepth *self) { self->depth--; }

/* Section - Access paths */

/* Joins root and the field segments of an access path into "root.f1.f2"
** (owned by arena). segs are in the order a walk from the outermost
** expression meets them: segs[0] is the last field. */
const char *lower_path_join(Arena *arena, Str root, const Str *segs, int nseg);
/* The number of fields after the root ("a.b.c" → 2). */
int lower_path_fields(const char *path);
/* The root variable of path ("client" for "client.x.y"; owned by arena
** unless it is path itself), or NULL for a temporary ("%1.x"). */
const char *lower_path_root(Arena *arena, const char *path);
/* base.field as a path when it stays within max_fields; otherwise an
** IR_V_OTHER mentioning base. */
IrValue lower_path_extend(Arena *arena, IrValue base, const char *field, int max_fields, SrcLoc loc);
/* Sets c's callee to path: name is the last segment, recv the rest (none
** for a bare name). */
void lower_call_set_callee_path(Arena *arena, IrCall *c, const char *path, SrcLoc loc);

/* Section - Compound values and use sets */

/* An IR_V_OTHER whose subs are the paths and functions parts mention
** (flattening nested IR_V_OTHER / IR_V_TEMPLATE subs), plus the keyed string
** and boolean constants (object literal members), at most LOWER_MAX_SUBS. */
IrValue lower_other(Arena *arena, const IrValue *parts, uint32_t n, SrcLoc loc);

/* A set of paths in first-seen order (a subtree scan's result). */
typedef struct LowerUses {
  IrValue vals[LOWER_MAX_SUBS];
  uint32_t n;
} LowerUses;

/* Adds path unless it is already there or the set is full. */
void lower_uses_add(LowerUses *self, const char *path, SrcLoc loc);
/* The set as an IR_V_OTHER (subs copied into arena). */
IrValue lower_uses_value(const LowerUses *self, Arena *arena, SrcLoc loc);

/* Section - Variables and captures */

/* Records a reference to variable name from function f: when name is not
** f's own but a local of an enclosing function (not the module's top level,
** whose variables are globals), marks it captured there and adds it to the
** captures of every function in between. */
void lower_note_ref(IrBuilder *b, IrbFunc *f, const char *name);
/* lower_note_ref for the root variable of an access path (temporaries are
** skipped). */
void lower_note_path_root(IrBuilder *b, IrbFunc *f, const char *path);

/* Section - Instructions and conditions */

/* Emits `opaque <what> uses(...)` in f's current block; uses is an
** IR_V_OTHER (its subs are borrowed). */
void lower_emit_opaque(IrbFunc *f, const char *what, IrValue uses, SrcLoc loc);
/* Records NOTE_UNSUPPORTED for n (the caller then lowers it as opaque). */
void lower_note_unsupported(FileCtx *fx, TSNode n);

/* A condition node with no operands (owned by arena). */
IrCond *lower_cond_new(Arena *arena, IrCondKind kind, SrcLoc loc);
/* `v` as a truth value (owned by arena). */
IrCond *lower_cond_truthy(Arena *arena, IrValue v, SrcLoc loc);
/* A condition the analysis cannot see into that mentions uses (an
** IR_V_OTHER, e.g. a subtree beyond the depth limit); owned by arena. */
IrCond *lower_cond_opaque(Arena *arena, IrValue uses, SrcLoc loc);
/* The comparison `a <k> b` (owned by arena). */
IrCond *lower_cond_cmp(Arena *arena, IrCondKind k, IrValue a, IrValue b, SrcLoc loc);
/* `l && r`, `l || r` (k is IR_COND_AND / IR_COND_OR; owned by arena). */
IrCond *lower_cond_bin(Arena *arena, IrCondKind k, IrCond *l, IrCond *r, SrcLoc loc);
/* The IrCondKind of a comparison operator (==, ===, !=, !==, <, <=, >, >=),
** or IR_COND_OPAQUE for any other text. */
IrCondKind lower_cmp_kind(Str op);

/* A front end's condition lowering: branch to t when n holds, else to e. */
typedef void (*LowerCondFn)(void *cx, TSNode n, uint32_t t, uint32_t e);
/* `left && right` / `left || right` as separate branches, so that right
** only runs on the paths where the language runs it. */
void lower_cond_short_circuit(IrbFunc *f, bool is_and, LowerCondFn lower, void *cx, TSNode left, TSNode right,
                              uint32_t t, uint32_t e);

/* Section - String literals */

/* The value of hex digit c, or -1. */
int lower_hex_digit(char c);
/* Reads exactly n hex digits at s[*i]; returns -1 (and consumes nothing)
** when they are not all there and hex. */
long lower_read_hex(const char *s, size_t len, size_t *i, size_t n);
/* Writes code point cp as UTF-8 into out (room for 4 bytes); returns the
** byte count. */
size_t lower_put_utf8(char *out, unsigned long cp);
/* A language's escape decoder: reads the escape after the backslash at
** s[*i] (advancing *i), writes at most 4 bytes to out, returns how many. */
typedef size_t (*LowerEscapeFn)(const char *s, size_t len, size_t *i, char *out);
/* body with every backslash escape decoded by decode and raw NUL bytes
** dropped, NUL-terminated (owned by arena). A decoder may not write more
** than twice the bytes it consumes, backslash included. */
char *lower_unescape(Arena *arena, Str body, LowerEscapeFn decode);

#endif
