/* go_defer: the Go statements and calls that leave the straight line:
** `defer` (IR_DEFER, run by the analyses at every exit), `go` (the operands
** escape to another goroutine), `panic` (IR_T_THROW) and the standard
** library's no-return calls (os.Exit, log.Fatal*) and panicking loggers
** (log.Panic*). */
#include <string.h>

#include "frontend/go/go_lower.h"

/* Section - defer and go */

void go_lower_defer(GoCtx *cx, TSNode n) {
  TSNode call = go_strip(cx, ts_node_named_child(n, 0));
  if (!go_is(cx, call, GO_K_CALL_EXPRESSION)) {
    go_emit_opaque(cx, n, "defer_statement"); /* `defer x` without a call does not compile */
    return;
  }
  /* The callee's operand and the arguments are evaluated now; the call
  ** itself runs at exit (go/ssa Defer). A defer inside a loop registers one
  ** more call each time it is reached. */
  IrInstr in = {.kind = IR_DEFER, .loc = ts_loc(call)};
  go_lower_call_payload(cx, call, &in.u.call);
  irb_emit(cx->fn->f, &in);
}

void go_lower_go(GoCtx *cx, TSNode n) {
  TSNode call = go_strip(cx, ts_node_named_child(n, 0));
  if (!go_is(cx, call, GO_K_CALL_EXPRESSION)) {
    go_emit_opaque(cx, n, "go_statement");
    return;
  }
  /* Goroutines are not followed: everything handed to one escapes. The
  ** function literal of `go func(){…}()` is still lowered (its own IrFunc). */
  IrCall c = {0};
  go_lower_call_payload(cx, call, &c);
  IrValue *vals = ARENA_NEW_ARRAY(cx->a, IrValue, c.n_args + 1);
  uint32_t k = 0;
  if (c.recv.kind != IR_V_NONE) vals[k++] = c.recv;
  else if (c.callee_value.kind != IR_V_NONE) vals[k++] = c.callee_value;
  else if (c.callee && go_is_declared_var(cx, c.callee)) vals[k++] = irv_path(c.callee, ts_loc(call));
  for (uint32_t i = 0; i < c.n_args; i++) vals[k++] = c.args[i];
  go_emit_opaque_values(cx, "go", vals, k, ts_loc(n));
}

/* Section - panic */

bool go_try_panic(GoCtx *cx, TSNode n) {
  TSNode fn = go_strip(cx, go_field(cx, n, GO_F_FUNCTION));
  if (!go_is(cx, fn, GO_K_IDENTIFIER) || !str_eq_cstr(ts_text(fn, cx->src), "panic") || go_is_declared_var(cx, "panic"))
    return false;
  TSNode args = go_field(cx, n, GO_F_ARGUMENTS);
  TSNode arg = ts_ok(args) ? ts_node_named_child(args, 0) : args;
  while (go_is(cx, arg, GO_K_COMMENT)) arg = ts_node_next_named_sibling(arg);
  IrValue v = ts_ok(arg) ? go_lower_expr(cx, arg) : irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  if (v.kind == IR_V_NONE) v = irv_kind(IR_V_OTHER, NULL, ts_loc(n));
  irb_throw(cx->fn->f, &v, ts_loc(n));
  return true;
}

/* Section - no-return and panicking library calls */

/* Package-level functions of well-known packages that never return (they
** call os.Exit: deferred calls do NOT run) or that panic (deferred calls
** run). A trailing '*' matches any suffix (Fatal, Fatalf, Fatalln). Methods
** such as (*log.Logger).Fatal need the receiver's type and are not listed. */
static const struct {
  const char *pkg;
  const char *func;
  GoCallExit exit;
} exit_table[] = {
    {"os", "Exit", GO_EXIT_NORETURN},
    {"log", "Fatal*", GO_EXIT_NORETURN},
    {"log", "Panic*", GO_EXIT_PANIC},
    {"github.com/sirupsen/logrus", "Fatal*", GO_EXIT_NORETURN},
    {"github.com/sirupsen/logrus", "Panic*", GO_EXIT_PANIC},
};

static bool name_matches(const char *pattern, const char *name) {
  size_t n = strlen(pattern);
  if (n && pattern[n - 1] == '*') return strncmp(pattern, name, n - 1) == 0;
  return strcmp(pattern, name) == 0;
}

/* The import path a package name refers to in this file, or NULL. */
static const char *import_path_of(GoCtx *cx, const char *local) {
  for (uint32_t i = irb_n_imports(cx->b); i-- > 0;) {
    IrImport *im = irb_import_at(cx->b, i);
    if (strcmp(im->local, local) == 0) return im->specifier;
  }
  return NULL;
}

GoCallExit go_call_exit(GoCtx *cx, const IrCall *c) {
  if (!c->callee || c->recv.kind != IR_V_PATH || strchr(c->recv.text, '.')) return GO_EXIT_NORMAL;
  if (go_is_declared_var(cx, c->recv.text)) return GO_EXIT_NORMAL; /* a variable shadows the package */
  const char *path = import_path_of(cx, c->recv.text);
  if (!path) return GO_EXIT_NORMAL;
  for (size_t i = 0; i < sizeof exit_table / sizeof exit_table[0]; i++)
    if (strcmp(exit_table[i].pkg, path) == 0 && name_matches(exit_table[i].func, c->name)) return exit_table[i].exit;
  return GO_EXIT_NORMAL;
}
