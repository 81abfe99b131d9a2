/* threading: redirects the edges into a test of a local flag whose value is
** a known constant on them (see threading.c), so the typestate does not walk
** paths the program cannot take. */
#ifndef TXLINT_ENGINE_THREADING_H
#define TXLINT_ENGINE_THREADING_H

#include "base/arena.h"
#include "ir/ir.h"

/* fn itself when nothing changes, else a copy in arena sharing fn's
** instructions, with some terminators' successors redirected. Block ids and
** instructions are unchanged; blocks may become unreachable. */
const IrFunc *threading_apply(const IrFunc *fn, Arena *arena);

/* The variable a flag test reads (`v`, `!v`, `v == k`, `v != k` with k a
** constant), or NULL. */
const char *threading_flag_of(const IrCond *c);
/* Whether name is a local or parameter of fn that only plain assignments
** write (never address-taken, captured, written through a field or by a call). */
bool threading_is_flag(const IrFunc *fn, const char *name);
/* Whether v mentions variable name or a field of it (`x`, `x.f`), anywhere
** in it; with addr_only, only where its address is taken (`&x`, C's
** IR_V_ADDR or Go's address-of). depth: the caller's nesting, 0 at the top. */
bool threading_value_mentions(const IrValue *v, const char *name, bool addr_only, int depth);

#endif
