/* valfacts: what the typestate knows about a function's local counters and
** flags, carried beside each typestate combination (ESP-style property
** simulation: the facts of the paths that reach one resource state are
** merged, those of different states are not). A fact is the set of signs a
** variable may have, {0, >0, <0}; a branch whose test the facts of a state
** contradict does not take that state along (typestate.c). */
#ifndef TXLINT_ENGINE_VALFACTS_H
#define TXLINT_ENGINE_VALFACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "ir/ir.h"

/* Facts of every tracked variable in one state: VF_BITS bits per variable,
** variable i at bits [VF_BITS*i, VF_BITS*i+3). A present state has at least
** one bit per variable; 0 is "no state". */
typedef uint32_t VfWord;

enum { VF_MAX_VARS = 10, VF_BITS = 3 };
enum { VF_ZERO = 1, VF_POS = 2, VF_NEG = 4, VF_ANY = 7 };

/* The variables a function's facts speak of, in first-use order. */
typedef struct VfVars {
  uint32_t n;
  const char *names[VF_MAX_VARS];
  uint32_t integer; /* bit i: variable i holds integers (a step by one cannot skip zero) */
} VfVars;

/* The locals and parameters of fn worth tracking (see valfacts.c), in arena
** a, or NULL when there are none. */
const VfVars *vf_select(const IrFunc *fn, Arena *a);
/* Every tracked variable unknown. */
VfWord vf_top(const VfVars *v);
/* Whether instruction in writes a tracked variable. */
bool vf_writes(const VfVars *v, const IrInstr *in);
/* w after in has run: its writes of tracked variables applied. */
VfWord vf_instr(const VfVars *v, const IrInstr *in, VfWord w);
/* Narrows *w to where condition c has truth value pol; false when the facts
** contradict it (no state is left). */
bool vf_refine(const VfVars *v, const IrCond *c, bool pol, VfWord *w);

#endif
