/* ir_print: the stable text form of the IR (what `txlint --dump-ir` prints
** and what tests/lower goldens compare). One line per import, export,
** constant, field, instruction and terminator; the worked example in ir.h
** shows the shape. The text depends only on the module, never on addresses
** or on the order analyses ran, so it can be diffed across runs. */
#ifndef TXLINT_IR_IR_PRINT_H
#define TXLINT_IR_IR_PRINT_H

#include "base/strbuf.h"
#include "ir/ir.h"

/* Appends the whole module: header, imports, exports, consts, fields, then
** every function in index order. */
void ir_print_module(const IrModule *m, StrBuf *out);
/* Appends one function (header, params/locals/captures, blocks). m gives the
** names of nested functions referred to by IR_V_FUNC values; it may be NULL. */
void ir_print_func(const IrModule *m, const IrFunc *f, StrBuf *out);
/* Appends one value as it appears in instructions. */
void ir_print_value(const IrValue *v, StrBuf *out);
/* Appends a condition tree ("!id", "a == null && b"). */
void ir_print_cond(const IrCond *c, StrBuf *out);

#endif
