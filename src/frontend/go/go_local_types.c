/* go_local_types: the declared type of a local that gets it from its value
** (`s := &Store{}`, `tb := (*TB)(b)`, `var x = T{}`, `var m = map[K]V{}`,
** `m := make(map[K]V)`, `u := new(T)`), so that the analyses
** can resolve method calls on it by receiver type exactly as for `var x T`.
** Only syntax that is certainly a composite literal or a conversion counts:
** `T(x)` is a call unless T is a type this file declares. */
#include <string.h>

#include "frontend/go/go_lower.h"

/* Section - Type names declared in the file */

static void note_spec_name(GoCtx *cx, TSNode spec) {
  if (!go_is(cx, spec, GO_K_TYPE_SPEC) && !go_is(cx, spec, GO_K_TYPE_ALIAS)) return;
  const char *name = go_name(cx, go_field(cx, spec, GO_F_NAME));
  if (name) map_set_cstr(&cx->type_names, name, (void *)1);
}

void go_note_type_names(GoCtx *cx, TSNode decl) {
  TSNode *specs;
  uint32_t cnt = ts_named_children(decl, cx->a, &specs);
  for (uint32_t i = 0; i < cnt; i++) note_spec_name(cx, specs[i]);
}

void go_collect_type_names(GoCtx *cx, TSNode root) {
  TsNamedIter it; /* a cursor walk: ts_node_named_child(root, i) is O(i) */
  TSNode decl;
  for (ts_named_iter_begin(&it, root); ts_named_iter_next(&it, &decl);)
    if (go_is(cx, decl, GO_K_TYPE_DECLARATION)) go_note_type_names(cx, decl);
}

/* True when name denotes a type of this file at this point (not shadowed
** by a variable). */
static bool is_file_type(GoCtx *cx, const char *name) {
  return name && map_get_cstr(&cx->type_names, name) && !go_is_declared_var(cx, name);
}

/* True when name is an imported package's local name (not shadowed). */
static bool is_package_name(GoCtx *cx, const char *name) {
  if (!name || go_is_declared_var(cx, name)) return false;
  for (uint32_t i = 0; i < irb_n_imports(cx->b); i++)
    if (strcmp(irb_import_at(cx->b, i)->local, name) == 0) return true;
  return false;
}

/* Section - Evident types */

/* "T", "pkg.T" or "G[int]" for the type of a composite literal whose type
** is named; NULL for slice, array and struct literals (a map literal's type
** is taken whole by go_evident_type). */
static const char *named_type_text(GoCtx *cx, TSNode type) {
  GoKind k = go_kind(cx, type);
  if (k != GO_K_TYPE_IDENTIFIER && k != GO_K_QUALIFIED_TYPE && k != GO_K_GENERIC_TYPE) return NULL;
  return go_type_text(cx, type);
}

/* The only argument of call n, or a null node when it has none, several,
** or a spread one (a conversion takes exactly one plain operand). */
static TSNode sole_argument(GoCtx *cx, TSNode n) {
  TSNode args = go_field(cx, n, GO_F_ARGUMENTS), found = {0};
  uint32_t cnt = ts_ok(args) ? ts_node_named_child_count(args) : 0, k = 0;
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode a = ts_node_named_child(args, i);
    if (go_is(cx, a, GO_K_COMMENT)) continue;
    if (k++ > 0 || go_is(cx, a, GO_K_VARIADIC_ARGUMENT)) return (TSNode){0};
    found = a;
  }
  return found;
}

/* The type a conversion-shaped callee names: "*T" / "*pkg.T" for `(*T)`,
** `(*pkg.T)`, "T" for `T`; NULL when it may be a function (or a pointer
** to one: `(*fp)(x)` calls through fp). */
static const char *conversion_type(GoCtx *cx, TSNode fn) {
  TSNode f = go_strip(cx, fn);
  if (go_is(cx, f, GO_K_IDENTIFIER)) {
    const char *name = go_name(cx, f);
    return is_file_type(cx, name) ? name : NULL;
  }
  bool deref = go_is(cx, f, GO_K_UNARY_EXPRESSION) && str_eq_cstr(ts_text(go_field(cx, f, GO_F_OPERATOR), cx->src), "*");
  if (!deref) return NULL;
  TSNode t = go_strip(cx, go_field(cx, f, GO_F_OPERAND));
  if (go_is(cx, t, GO_K_IDENTIFIER)) {
    const char *name = go_name(cx, t);
    return is_file_type(cx, name) ? arena_printf(cx->a, "*%s", name) : NULL;
  }
  if (!go_is(cx, t, GO_K_SELECTOR_EXPRESSION)) return NULL;
  TSNode pkg = go_strip(cx, go_field(cx, t, GO_F_OPERAND));
  const char *pname = go_is(cx, pkg, GO_K_IDENTIFIER) ? go_name(cx, pkg) : NULL;
  const char *tname = go_name(cx, go_field(cx, t, GO_F_FIELD));
  if (!tname || !is_package_name(cx, pname)) return NULL;
  return arena_printf(cx->a, "*%s.%s", pname, tname);
}

/* "map[K]V" for `make(map[K]V)` or `make(map[K]V, n)` when make is the
** builtin, so a cache made that way has the element type `var m map[K]V`
** would give it (engine/lockscan.c); NULL otherwise. */
static const char *made_map_type(GoCtx *cx, TSNode call) {
  TSNode f = go_strip(cx, go_field(cx, call, GO_F_FUNCTION));
  if (!go_is(cx, f, GO_K_IDENTIFIER) || !str_eq_cstr(ts_text(f, cx->src), "make") || go_is_declared_var(cx, "make"))
    return NULL;
  TSNode args = go_field(cx, call, GO_F_ARGUMENTS);
  TSNode first = ts_ok(args) && ts_node_named_child_count(args) > 0 ? ts_node_named_child(args, 0) : (TSNode){0};
  return ts_ok(first) && go_is(cx, first, GO_K_MAP_TYPE) ? go_type_text(cx, first) : NULL;
}

/* "*T" for `new(T)` when new is the builtin and T is a named type (`u :=
** new(User)` has the type `var u *User` would give it); NULL otherwise. */
static const char *new_type(GoCtx *cx, TSNode call) {
  TSNode f = go_strip(cx, go_field(cx, call, GO_F_FUNCTION));
  if (!go_is(cx, f, GO_K_IDENTIFIER) || !str_eq_cstr(ts_text(f, cx->src), "new") || go_is_declared_var(cx, "new"))
    return NULL;
  TSNode t = go_strip(cx, sole_argument(cx, call));
  if (!ts_ok(t)) return NULL;
  if (go_is(cx, t, GO_K_IDENTIFIER) || go_is(cx, t, GO_K_TYPE_IDENTIFIER)) {
    const char *name = go_name(cx, t);
    return name && !go_is_declared_var(cx, name) ? arena_printf(cx->a, "*%s", name) : NULL;
  }
  if (go_is(cx, t, GO_K_QUALIFIED_TYPE) || go_is(cx, t, GO_K_GENERIC_TYPE))
    return arena_printf(cx->a, "*%s", go_type_text(cx, t));
  if (!go_is(cx, t, GO_K_SELECTOR_EXPRESSION)) return NULL;
  TSNode pkg = go_strip(cx, go_field(cx, t, GO_F_OPERAND));
  const char *pname = go_is(cx, pkg, GO_K_IDENTIFIER) ? go_name(cx, pkg) : NULL;
  const char *tname = go_name(cx, go_field(cx, t, GO_F_FIELD));
  return tname && is_package_name(cx, pname) ? arena_printf(cx->a, "*%s.%s", pname, tname) : NULL;
}

const char *go_evident_type(GoCtx *cx, TSNode e) {
  TSNode s = go_strip(cx, e);
  switch (go_kind(cx, s)) {
  case GO_K_COMPOSITE_LITERAL: {
    TSNode type = go_field(cx, s, GO_F_TYPE);
    return go_is(cx, type, GO_K_MAP_TYPE) ? go_type_text(cx, type) : named_type_text(cx, type);
  }
  case GO_K_UNARY_EXPRESSION: {
    TSNode lit = go_strip(cx, go_field(cx, s, GO_F_OPERAND));
    if (!str_eq_cstr(ts_text(go_field(cx, s, GO_F_OPERATOR), cx->src), "&") || !go_is(cx, lit, GO_K_COMPOSITE_LITERAL))
      return NULL;
    const char *t = named_type_text(cx, go_field(cx, lit, GO_F_TYPE));
    return t ? arena_printf(cx->a, "*%s", t) : NULL;
  }
  case GO_K_TYPE_CONVERSION_EXPRESSION: {
    TSNode type = go_field(cx, s, GO_F_TYPE);
    return go_is(cx, type, GO_K_PARENTHESIZED_TYPE) ? NULL : go_type_text(cx, type);
  }
  case GO_K_CALL_EXPRESSION:
    if (made_map_type(cx, s)) return made_map_type(cx, s);
    if (new_type(cx, s)) return new_type(cx, s);
    if (!ts_ok(sole_argument(cx, s))) return NULL;
    return conversion_type(cx, go_field(cx, s, GO_F_FUNCTION));
  default: return NULL;
  }
}
