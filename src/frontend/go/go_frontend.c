/* go_frontend: module-level lowering for Go: the entry point, opaque
** instructions, shared helpers (strings, types, effects), the package clause,
** imports, struct fields and the top-level declarations. */
#include "frontend/go/go_frontend.h"

#include <assert.h>
#include <string.h>

#include "frontend/go/go_lower.h"

/* Section - Opaque instructions */

void go_emit_opaque_values(GoCtx *cx, const char *what, const IrValue *vals, uint32_t n, SrcLoc loc) {
  lower_emit_opaque(cx->fn->f, what, go_other(cx, vals, n, loc), loc);
}

void go_emit_opaque(GoCtx *cx, TSNode n, const char *what) {
  lower_emit_opaque(cx->fn->f, what ? what : ts_node_type(n), go_uses_of(cx, n), ts_loc(n));
}

/* Section - Shared helpers */

const char *go_text(GoCtx *cx, TSNode n) { return ts_text_dup(n, cx->src, cx->a); }

const char *go_name(GoCtx *cx, TSNode n) {
  if (!ts_ok(n) || ts_node_is_missing(n) || ts_node_end_byte(n) <= ts_node_start_byte(n)) return NULL;
  return go_text(cx, n);
}

TSNode go_strip(GoCtx *cx, TSNode n) {
  for (int guard = 0; guard < 100000 && go_is(cx, n, GO_K_PARENTHESIZED_EXPRESSION); guard++) {
    TSNode inner = ts_node_named_child(n, 0);
    if (!ts_ok(inner)) break;
    n = inner;
  }
  return n;
}

typedef struct EffectScan {
  GoCtx *cx;
  bool found;
  TSNode root;
} EffectScan;

static bool effect_visit(void *ud, TSNode n) {
  EffectScan *s = ud;
  if (s->found) return false;
  GoKind k = go_kind(s->cx, n);
  if (k == GO_K_CALL_EXPRESSION || (k == GO_K_UNARY_EXPRESSION && ts_has_token(n, "<-"))) {
    s->found = true;
    return false;
  }
  return k != GO_K_FUNC_LITERAL || ts_node_eq(n, s->root);
}

bool go_has_effects(GoCtx *cx, TSNode n) {
  EffectScan s = {cx, false, n};
  ts_walk(n, effect_visit, &s);
  return s.found;
}

bool go_is_string(GoCtx *cx, TSNode n) { return go_has_flag(cx, n, GO_KF_STRING); }

/* Decodes one escape after the backslash at s[*i]; returns bytes written.
** Go escapes: \a \b \f \n \r \t \v \\ \' \" \ooo \xhh \uhhhh \Uhhhhhhhh.
** \x and octal escapes are single bytes; a NUL cannot live in a C string and
** is dropped. */
static size_t decode_escape(const char *s, size_t len, size_t *i, char *out) {
  char c = s[(*i)++];
  static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v";
  for (size_t k = 0; simple[k]; k += 2)
    if (c == simple[k]) {
      out[0] = simple[k + 1];
      return 1;
    }
  long v = -1;
  if (c == 'x') v = lower_read_hex(s, len, i, 2);
  else if (c == 'u') v = lower_read_hex(s, len, i, 4);
  else if (c == 'U') v = lower_read_hex(s, len, i, 8);
  else if (c >= '0' && c <= '7' && *i + 1 < len) {
    v = (c - '0') * 64 + (s[*i] - '0') * 8 + (s[*i + 1] - '0');
    *i += 2;
  } else {
    out[0] = c;
    return 1;
  }
  if (v <= 0 || v > 0x10ffff) return 0;
  if (c == 'x' || (c >= '0' && c <= '7')) {
    out[0] = (char)v; /* a raw byte, as Go stores it */
    return 1;
  }
  return lower_put_utf8(out, (unsigned long)v);
}

const char *go_string_value(GoCtx *cx, TSNode n) {
  Str t = ts_text(n, cx->src);
  if (t.len >= 2) {
    t.ptr++;
    t.len -= 2;
  }
  if (!go_is(cx, n, GO_K_RAW_STRING_LITERAL)) return lower_unescape(cx->a, t, decode_escape);
  char *out = arena_alloc(cx->a, t.len + 1);
  size_t k = 0;
  for (size_t i = 0; i < t.len; i++)
    if (t.ptr[i] != '\r') out[k++] = t.ptr[i]; /* raw strings drop carriage returns */
  out[k] = '\0';
  return out;
}

const char *go_type_text(GoCtx *cx, TSNode type) {
  if (!ts_ok(type)) return NULL;
  return ts_text_normalized(type, cx->src, cx->a);
}

/* Section - Imports */

static bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (unsigned char)c >= 0x80;
}

/* True for a major-version path element ("v2", "v5"). */
static bool is_version_elem(const char *s, size_t n) {
  if (n < 2 || s[0] != 'v') return false;
  for (size_t i = 1; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* The package name an import path binds when it has no alias, following the
** go tool's convention for a path whose package clause is unknown: the last
** element, or the one before a major version ("pgx/v5" → "pgx"), without a
** "go-" prefix, cut at the first character that cannot be in an identifier
** ("yaml.v3" → "yaml", "go-sqlite3" → "sqlite3"). Owned by the arena. */
static const char *import_default_name(GoCtx *cx, const char *path) {
  size_t len = strlen(path);
  const char *last = strrchr(path, '/');
  const char *elem = last ? last + 1 : path;
  if (last && is_version_elem(elem, len - (size_t)(elem - path))) {
    const char *prev = last;
    while (prev > path && prev[-1] != '/') prev--;
    len = (size_t)(last - path);
    elem = prev;
  }
  size_t n = len - (size_t)(elem - path);
  if (n > 3 && strncmp(elem, "go-", 3) == 0) {
    elem += 3;
    n -= 3;
  }
  size_t k = 0;
  while (k < n && is_ident_char(elem[k])) k++;
  return k ? arena_strndup(cx->a, elem, k) : arena_strndup(cx->a, path, strlen(path));
}

static void lower_import_spec(GoCtx *cx, TSNode spec) {
  TSNode path = go_field(cx, spec, GO_F_PATH), name = go_field(cx, spec, GO_F_NAME);
  if (!go_is_string(cx, path)) return;
  const char *p = go_string_value(cx, path);
  if (!*p) return;
  IrImport im = {.specifier = p, .imported = "*", .loc = ts_loc(spec)};
  im.local = go_name(cx, name) ? go_name(cx, name) : import_default_name(cx, p);
  irb_add_import(cx->b, im);
}

static void lower_import_decl(GoCtx *cx, TSNode n) {
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (go_is(cx, c, GO_K_IMPORT_SPEC)) {
      lower_import_spec(cx, c);
    } else if (go_is(cx, c, GO_K_IMPORT_SPEC_LIST)) {
      uint32_t m = ts_node_named_child_count(c);
      for (uint32_t k = 0; k < m; k++)
        if (go_is(cx, ts_node_named_child(c, k), GO_K_IMPORT_SPEC)) lower_import_spec(cx, ts_node_named_child(c, k));
    }
  }
}

/* Section - Types */

/* The base name of an embedded field's type: "Mutex" for sync.Mutex,
** "Embedded" for *Embedded, "List" for List[T]. */
static const char *embedded_name(GoCtx *cx, TSNode type) {
  for (int guard = 0; guard < 16 && ts_ok(type); guard++) {
    if (go_is(cx, type, GO_K_TYPE_IDENTIFIER)) return go_name(cx, type);
    if (go_is(cx, type, GO_K_QUALIFIED_TYPE)) type = go_field(cx, type, GO_F_NAME);
    else if (go_is(cx, type, GO_K_GENERIC_TYPE)) type = go_field(cx, type, GO_F_TYPE);
    else if (go_is(cx, type, GO_K_POINTER_TYPE)) type = ts_node_named_child(type, 0);
    else break;
  }
  return NULL;
}

static void lower_field_decl(GoCtx *cx, TSNode fd, const char *owner) {
  TSNode type = go_field(cx, fd, GO_F_TYPE);
  const char *tt = go_type_text(cx, type);
  bool named = false;
  uint32_t cnt = ts_node_child_count(fd);
  for (uint32_t i = 0; i < cnt; i++) {
    const char *fname = ts_node_field_name_for_child(fd, i);
    TSNode c = ts_node_child(fd, i);
    if (!fname || strcmp(fname, "name") != 0 || !go_is(cx, c, GO_K_FIELD_IDENTIFIER) || !go_name(cx, c)) continue;
    named = true;
    IrField fld = {.owner = owner, .name = go_text(cx, c), .type = tt, .init = irv_none(), .loc = ts_loc(c)};
    irb_add_field(cx->b, fld);
  }
  if (named) return;
  /* An embedded field is named after its type; `*T` embeds a pointer. */
  const char *ename = embedded_name(cx, type);
  if (!ename) return;
  bool ptr = ts_node_child_count(fd) > 0 && !ts_node_is_named(ts_node_child(fd, 0)) &&
             strcmp(ts_node_type(ts_node_child(fd, 0)), "*") == 0;
  IrField fld = {.owner = owner, .name = ename, .type = ptr ? arena_printf(cx->a, "*%s", tt) : tt,
                 .init = irv_none(), .flags = IR_FIELD_EMBEDDED, .loc = ts_loc(fd)};
  irb_add_field(cx->b, fld);
}

/* The result types of a signature as one comma-separated text ("*sql.Rows,
** error"), one entry per result even when several share a declaration;
** NULL when there are none. */
static const char *result_types_text(GoCtx *cx, TSNode result) {
  if (!ts_ok(result)) return NULL;
  if (!go_is(cx, result, GO_K_PARAMETER_LIST)) return go_type_text(cx, result);
  const char *out = NULL;
  uint32_t cnt = ts_node_named_child_count(result);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode p = ts_node_named_child(result, i);
    if (!go_is(cx, p, GO_K_PARAMETER_DECLARATION)) continue;
    const char *tt = go_type_text(cx, go_field(cx, p, GO_F_TYPE));
    uint32_t names = 0, pc = ts_node_child_count(p);
    for (uint32_t k = 0; k < pc; k++) {
      const char *fname = ts_node_field_name_for_child(p, k);
      names += fname && strcmp(fname, "name") == 0;
    }
    for (uint32_t k = 0; k < (names ? names : 1) && tt; k++) out = out ? arena_printf(cx->a, "%s, %s", out, tt) : tt;
  }
  return out;
}

/* Interface methods become IrFields flagged IR_FIELD_METHOD whose type is
** their result list, so a call through an interface value is known by what
** it returns (`QueryContext(…) (*sql.Rows, error)` acquires rows);
** embedded interfaces become IR_FIELD_EMBEDDED fields. */
static void lower_interface(GoCtx *cx, TSNode iface, const char *owner) {
  uint32_t cnt = ts_node_named_child_count(iface);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode el = ts_node_named_child(iface, i);
    if (go_is(cx, el, GO_K_METHOD_ELEM)) {
      TSNode name = go_field(cx, el, GO_F_NAME);
      if (!go_name(cx, name)) continue;
      IrField fld = {.owner = owner, .name = go_name(cx, name), .type = result_types_text(cx, go_field(cx, el, GO_F_RESULT)),
                     .init = irv_none(), .flags = IR_FIELD_METHOD, .loc = ts_loc(name)};
      irb_add_field(cx->b, fld);
    } else if (go_is(cx, el, GO_K_TYPE_ELEM) && ts_node_named_child_count(el) == 1) {
      TSNode t = ts_node_named_child(el, 0);
      const char *ename = embedded_name(cx, t);
      if (!ename) continue; /* a type union constrains type parameters: nothing to call */
      IrField fld = {.owner = owner, .name = ename, .type = go_type_text(cx, t), .init = irv_none(),
                     .flags = IR_FIELD_EMBEDDED, .loc = ts_loc(el)};
      irb_add_field(cx->b, fld);
    }
  }
}

static void lower_type_spec(GoCtx *cx, TSNode spec, bool alias) {
  TSNode name = go_field(cx, spec, GO_F_NAME), type = go_field(cx, spec, GO_F_TYPE);
  const char *owner = go_name(cx, name);
  if (!owner || !ts_ok(type)) return;
  IrTypeDecl td = {.name = owner, .kind = IR_TYPE_OTHER, .alias = alias, .loc = ts_loc(name)};
  if (go_is(cx, type, GO_K_STRUCT_TYPE)) {
    td.kind = IR_TYPE_STRUCT;
    TSNode list = ts_node_named_child(type, 0);
    uint32_t cnt = go_is(cx, list, GO_K_FIELD_DECLARATION_LIST) ? ts_node_named_child_count(list) : 0;
    for (uint32_t i = 0; i < cnt; i++) {
      TSNode fd = ts_node_named_child(list, i);
      if (go_is(cx, fd, GO_K_FIELD_DECLARATION)) lower_field_decl(cx, fd, owner);
    }
  } else if (go_is(cx, type, GO_K_INTERFACE_TYPE)) {
    td.kind = IR_TYPE_INTERFACE;
    lower_interface(cx, type, owner);
  } else {
    td.underlying = go_type_text(cx, type);
  }
  irb_add_type(cx->b, td);
}

void go_lower_type_decl(GoCtx *cx, TSNode n) {
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (go_is(cx, c, GO_K_TYPE_SPEC)) lower_type_spec(cx, c, false);
    else if (go_is(cx, c, GO_K_TYPE_ALIAS)) lower_type_spec(cx, c, true);
  }
}

/* Section - Top level */

static void lower_top_decl(GoCtx *cx, TSNode c) {
  switch (go_kind(cx, c)) {
  case GO_K_PACKAGE_CLAUSE: return; /* handled by the entry point */
  case GO_K_IMPORT_DECLARATION: lower_import_decl(cx, c); return;
  case GO_K_FUNCTION_DECLARATION:
  case GO_K_METHOD_DECLARATION: go_lower_func_decl(cx, c); return;
  case GO_K_TYPE_DECLARATION: go_lower_type_decl(cx, c); return;
  case GO_K_VAR_DECLARATION: go_lower_var_decl(cx, c); return;
  case GO_K_CONST_DECLARATION: go_lower_const_decl(cx, c, true); return;
  case GO_K_COMMENT: return;
  default: break;
  }
  if (ts_node_is_error(c)) go_emit_opaque(cx, c, "ERROR");
  else go_lower_stmt(cx, c); /* statements outside a function only occur in broken files */
}

static const char *package_name(GoCtx *cx, TSNode root) {
  TsNamedIter it;
  TSNode c;
  for (ts_named_iter_begin(&it, root); ts_named_iter_next(&it, &c);) {
    if (!go_is(cx, c, GO_K_PACKAGE_CLAUSE)) continue;
    ts_named_iter_end(&it);
    return go_name(cx, ts_node_named_child(c, 0));
  }
  return NULL;
}

IrModule *go_lower_module(FileCtx *fx, TSNode root) {
  GoCtx cx = {.fx = fx, .a = fx->arena, .src = fx->src ? fx->src : ""};
  lower_depth_init(&cx.guard, fx);
  assert(go_syms_sorted());
  ts_kind_cache_init(&cx.kinds, ts_node_language(root), go_kind_classify, cx.a);
  ts_field_cache_init(&cx.fields, ts_node_language(root), go_field_names(), GO_F_COUNT, cx.a);
  cx.b = irb_new(fx->arena, fx->rel_path ? fx->rel_path : fx->path, IR_LANG_GO);
  GoFn top = {.fallthrough = IRB_NO_BLOCK};
  uint16_t top_flags = IR_FUNC_TOPLEVEL | (ts_node_has_error(root) ? IR_FUNC_PARSE_ERROR : 0);
  top.f = irb_func_begin(cx.b, "<module>", -1, top_flags, ts_loc(root));
  irb_func_set_end(top.f, ts_loc_last(root));
  cx.fn = &top;
  map_init(&cx.type_names, cx.a);
  go_collect_type_names(&cx, root);
  const char *pkg = package_name(&cx, root);
  TsNamedIter it;
  TSNode decl;
  for (ts_named_iter_begin(&it, root); ts_named_iter_next(&it, &decl);) lower_top_decl(&cx, decl);
  array_free(&top.jumps);
  array_free(&top.labels);
  IrModule *m = irb_finish(cx.b);
  m->package = pkg;
  return m;
}
