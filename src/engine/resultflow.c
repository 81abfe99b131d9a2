/* resultflow: what a call's result carries of the reads its operands came
** from, for the value flow of the data operations (dbops.c). By default a
** call computes its result from its operands, so it carries their rows'
** values; two kinds of call do not:
**
** * a read: its result is the rows it found. What its arguments carried
**   from earlier reads was the key it looked them up by (`findMember(user.id)`
**   after reading the user), so the new rows are not the earlier rows' values
**   (writing them is no lost update of the earlier read). Writes' results
**   (an id an insert made) are kept: they tie later statements to the write.
** * in JS/TS an awaited call that is no data operation (`await fetch(url, {
**   body: row.secret })`, `await api.getUsers()`, an OAuth token exchange):
**   it asks another service, whose answer is not computed from the row the
**   request named. `Promise.all(…)` and its kin only settle their operands:
**   their result is those results, rows found or not as they were. */
#include <string.h>

#include "engine/analysis.h"

static bool settles_operands(const IrCall *c) {
  return c->callee && strncmp(c->callee, "Promise.", 8) == 0;
}

void dbops_result_narrow(const IrModule *m, const IrCall *c, bool is_op, bool is_read, uint64_t writes,
                         uint64_t operand_fields, uint64_t *ops, uint64_t *fields, uint64_t *arith) {
  bool js = m->lang == IR_LANG_JS || m->lang == IR_LANG_TS;
  if (js && !is_op && settles_operands(c)) {
    *fields = operand_fields;
    return;
  }
  bool asks_elsewhere = js && !is_op && (c->flags & IR_CALL_AWAITED);
  if (!is_read && !asks_elsewhere) return;
  *ops &= writes, *fields &= writes, *arith &= writes;
}
