/*
** debug-probe: reports what the engine knows at __probe_state(x) calls
**
** ## What it finds
**
** Every call `__probe_state(x, …)` gets one finding per argument whose message
** describes the engine's state before the call: the value kind of `x` (pool,
** client, connection, module, …), and for each tracked resource it may hold,
** the set of resource states (`not-acquired|acquired|released|escaped`) and
** transaction states (`none|open|closed`) on the paths reaching the call.
**
** ## Why it matters
**
** It lets fixtures test the engine itself (value kinds, refinement on
** conditions, exception edges, finally copies) with `want: debug-probe
** "substring"` annotations, the way Clang's debug.ExprInspection does. It is
** enabled only with EngineOptions.enable_debug_rules, never in normal runs.
**
** ## Example
**
** ```js
** const client = await pool.connect();
** __probe_state(client); // want: debug-probe "state acquired"
** ```
**
** Instead: nothing; this rule exists for tests.
**
** ## How it decides
**
** It formats the fixpoint state the typestate analysis computed for the
** instruction; it has no logic of its own.
**
** ## Known limitations
**
** Only access paths can be probed; other arguments print "not a path".
**
** ## Data
**
** None.
**
** ## References
**
** Clang Static Analyzer debug checks (clang_analyzer_eval).
*/
#include <string.h>

#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"state", "%s"},
    {NULL, NULL},
};

static void debug_probe_instr(RuleCtx *cx, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  if (!c->callee || strcmp(c->callee, "__probe_state") != 0) return;
  for (uint32_t a = 0; a < c->n_args; a++) {
    const char *desc = rule_ctx_describe(cx, &c->args[a]);
    rule_ctx_report(cx, "state", in->loc, desc, desc);
  }
}

const Rule rule_debug_probe = {
    .info =
        {
            .id = "debug-probe",
            .name = "DebugProbe",
            .summary = "reports what the engine knows at __probe_state(x) calls",
            RULE_DOCS(debug_probe),
            .default_level = LEVEL_NOTE,
            .precision = "very-high",
            .tags = (const char *const[]){"debug", NULL},
            .maturity = MATURITY_DEBUG,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO | LANGS_C,
        },
    .impl =
        {
            .instr_mask = IR_KIND_BIT(IR_CALL),
            .messages = messages,
            .on_instr = debug_probe_instr,
        },
};
