/* txddl: whether a tracked transaction is a schema change (checker.h,
** rule_ctx_tx_schema_change). The question is about the transaction's own
** statements, not where its function lives: a transaction that runs only
** ALTER/CREATE/DROP is a migration step by its shape, whatever the file or
** function is called. So every call the function makes on the resource
** (or hands it to) is read, and one that is not a transaction verb or a
** statement of known DDL text makes the answer no: a helper it is passed to,
** a closure that captures it, a statement whose text is built at run time,
** an ORM method. */
#include <string.h>

#include "engine/analysis.h"
#include "sql/sql.h"

/* The answer for one call or deferred call of fn at (b, i): 1 a DDL
** statement on the resource, 0 nothing to say (another receiver, a begin,
** commit, rollback, savepoint or release), -1 anything else that involves it. */
static int call_on_res(FnAnalysis *fa, uint32_t b, uint32_t i, uint64_t bit) {
  const IrInstr *in = &fa->fn->blocks[b].instrs[i];
  const IrCall *c = &in->u.call;
  if (facts_value_bits(fa, &c->callee_value) & bit) return -1; /* a closure that captures it */
  for (uint32_t a = 0; a < c->n_args; a++)
    if (facts_value_bits(fa, &c->args[a]) & bit) return -1; /* handed to a helper */
  if (!(facts_value_bits(fa, &c->recv) & bit)) return 0;
  switch (fa->facts[b][i].call.effect) {
  case CE_BEGIN:
  case CE_COMMIT:
  case CE_ROLLBACK:
  case CE_SAVEPOINT:
  case CE_RELEASE: return 0;
  case CE_QUERY: break;
  default: return -1;
  }
  const ApiCall *model = fa->evals[b] ? fa->evals[b][i].model : NULL;
  const char *text = model ? kinds_arg_sql_text(fa->mc->m, kinds_sql_arg(c, model)) : NULL;
  return text && sql_schema_change(text, strlen(text)) ? 1 : -1;
}

bool rule_ctx_tx_schema_change(const RuleCtx *cx, uint32_t r) {
  FnAnalysis *fa = rule_ctx_analysis(cx);
  if (!fa || r >= fa->n_res || r >= 64) return false;
  uint64_t bit = 1ull << r;
  uint32_t ddl = 0;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++) {
    if (!fa->reached[b]) continue;
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      IrInstrKind k = fa->fn->blocks[b].instrs[i].kind;
      if (k != IR_CALL && k != IR_DEFER) continue;
      int v = call_on_res(fa, b, i, bit);
      if (v < 0) return false;
      ddl += (uint32_t)v;
    }
  }
  return ddl > 0;
}
