/* fixes: which leaks get a mechanical repair (rule_ctx_add_fix). The
** engine's side of it is semantic: a named holder, the library's own word on
** how its release or rollback is placed (the model's "fix"), a resource the
** function does not hand out where it succeeds, an acquire on no CFG cycle (a `defer` or `finally` inside a loop would pile up or release
** too late), and, in Go, the error result the repair goes after. Whether
** the source has the exact shape the edit needs is checked by the driver
** with the text (driver/fixtext.c). */
#include <string.h>

#include "base/xalloc.h"
#include "engine/analysis.h"
#include "engine/engine_int.h"
#include "ir/cfg.h"

/* The library's release (tx: rollback) entry for the resource's kind that
** says how a repair places it, or NULL. */
static const ApiCall *fix_model(const FnAnalysis *fa, const TsRes *r, bool tx) {
  const ApiSpec *spec = &fa->mc->engine->spec;
  if (r->lib < 0 || (uint32_t)r->lib >= spec->libs.len) return NULL;
  const ApiLib *lib = &spec->libs.items[r->lib];
  for (uint32_t k = 0; k < lib->calls.len; k++) {
    const ApiCall *c = &lib->calls.items[k];
    if (c->fix && c->effect == (tx ? AE_ROLLBACK : AE_RELEASE) && (c->receivers >> r->kind & 1)) return c;
  }
  return NULL;
}

/* True when block b can reach itself (it is on a loop). */
static bool fix_on_cycle(const IrFunc *fn, uint32_t b) {
  if (b >= fn->n_blocks) return true;
  bool *seen = xcalloc(fn->n_blocks, sizeof *seen);
  uint32_t *stack = xcalloc(fn->n_blocks * 3 + 3, sizeof *stack);
  bool cycle = cfg_on_cycle(fn, b, seen, stack);
  free(seen);
  free(stack);
  return cycle;
}

/* The holder must be a plain identifier: the edit writes `NAME.M()`, which
** for a field path or an expression would name something else. */
static bool fix_plain_name(const char *s) {
  if (!s || !*s || strcmp(s, "_") == 0) return false;
  for (const char *p = s; *p; p++)
    if (!(*p == '_' || *p == '$' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (p > s && *p >= '0' && *p <= '9')))
      return false;
  return true;
}

bool rule_ctx_add_fix(RuleCtx *cx, Finding *f, uint32_t i, bool tx) {
  const FnAnalysis *fa = rule_ctx_analysis(cx);
  if (!f || i >= fa->n_res) return false;
  const TsRes *r = &fa->res[i];
  LeakExit exit = tx ? r->info.tx_leak.exit : r->info.leak.exit;
  const ApiCall *model = fix_model(fa, r, tx);
  bool go = model && strcmp(model->fix, "defer") == 0;
  if (!model || r->info.borrowed || r->callback || r->inherited || !fix_plain_name(r->info.name)) return false;
  if (exit == LEAK_NONE || exit == LEAK_LOOP || exit == LEAK_OVERWRITE || (tx && exit == LEAK_RELEASE_OPEN)) return false;
  if (go && !fix_plain_name(r->err_path)) return false; /* nothing to check before the defer */
  if (tx && !r->info.tx_only) return false; /* the Begin call itself made the handle */
  /* Handed out (returned, stored in what is returned) where the function
  ** succeeds: the caller ends it, and a defer or finally here would end it
  ** under the caller's feet. */
  if (r->handed_out) return false;
  if (r->block == UINT32_MAX || fix_on_cycle(fa->fn, r->block)) return false;
  FindingList *list = rule_ctx_findings(cx);
  FindingFix *fix = arena_alloc(list->arena, sizeof *fix);
  memset(fix, 0, sizeof *fix);
  fix->style = go ? FIX_GO_DEFER : FIX_JS_FINALLY;
  fix->anchor = r->info.loc;
  fix->var = finding_list_strdup(list, r->info.name);
  fix->err_var = go ? finding_list_strdup(list, r->err_path) : NULL;
  fix->method = finding_list_strdup(list, model->method);
  fix->description = go ? arena_printf(list->arena, "%s %s with defer right after the error check.",
                                       tx ? "Roll back" : "Close", r->info.name)
                        : arena_printf(list->arena, "Release %s in a finally block.", r->info.name);
  f->fix = fix;
  return true;
}
