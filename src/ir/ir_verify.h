/* ir_verify: the IR's invariants, executable. Run after every front end in
** debug builds (fe_lower_file) and on every module in the golden tests.
**
** Invariants checked (mirroring ir.h):
**   M1  module path is non-NULL; funcs[0] exists, has IR_FUNC_TOPLEVEL and parent -1.
**   M2  every import has a non-empty specifier, a local and an imported name.
**   M3  every export has a non-empty exported name; const and field names are non-empty.
**   F1  funcs[i].index == i; every other function has 0 <= parent < n_funcs,
**       parent != i, and parent chains reach funcs[0] without a cycle.
**   F2  every function has at least one block; param/local names are non-empty.
**   B1  blocks[i].id == i.
**   B2  every block has exactly one terminator whose kind is a valid IrTermKind.
**   B3  JUMP/BRANCH successor ids are < n_blocks; BRANCH has a condition.
**   B4  exn is -1 or a valid block id, and not the block itself.
**   B5  the entry block has no predecessors (normal or exceptional).
**   B6  a THROW carries exactly one value.
**   B7  every block is reachable from the entry (irb_finish drops the rest).
**   I1  instruction kinds are valid; CALL/DEFER have either a callee path or a
**       callee_value other than NONE, not both; name is set iff callee is,
**       and is its last segment.
**   I2  ASSIGN destinations and call results are IR_V_PATH (results may be NONE);
**       paths are non-empty text.
**   I3  an IR_CALL_NORETURN call is its block's last instruction and the
**       block ends in IR_T_UNREACHABLE.
**   L1  Go and C: no block has an exn successor and no call is IR_CALL_MAY_THROW.
**   F3  a function's file, when set (C header functions), is non-empty.
**   V1  every IR_V_FUNC value (operands, subs, exports, field inits, call
**       callee_value) indexes a function of the module; every value of kind
**       PATH/STRING/NUMBER/BOOL/TEMPLATE/ADDR has text; func is -1 on every
**       other kind; subs has n_subs entries.
**   C1  conditions are well-formed trees (NOT has lhs, AND/OR have both sides).
*/
#ifndef TXLINT_IR_IR_VERIFY_H
#define TXLINT_IR_IR_VERIFY_H

#include <stdbool.h>

#include "base/strbuf.h"
#include "ir/ir.h"

/* Returns true when m satisfies every invariant above; otherwise appends one
** line per violation (at most a few dozen) to errors and returns false. */
bool ir_verify_module(const IrModule *m, StrBuf *errors);

#endif
