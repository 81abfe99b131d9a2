/* js_frontend: module-level lowering for JavaScript/TypeScript: the entry
** point, opaque instructions, shared helpers, ESM import/export and CommonJS
** require/module.exports. */
#include "frontend/js/js_frontend.h"

#include <assert.h>
#include <string.h>

#include "frontend/js/js_lower.h"

/* Section - Opaque instructions */

void js_emit_opaque(JsCtx *cx, TSNode n, const char *what) {
  lower_emit_opaque(cx->fn->f, what ? what : ts_node_type(n), js_uses_of(cx, n), ts_loc(n));
}

void js_unsupported(JsCtx *cx, TSNode n) {
  lower_note_unsupported(cx->fx, n);
  js_emit_opaque(cx, n, NULL);
}

/* Section - Shared helpers */

const char *js_text(JsCtx *cx, TSNode n) { return ts_text_dup(n, cx->src, cx->a); }

TSNode js_strip(JsCtx *cx, TSNode n) {
  for (int guard = 0; guard < 100000 && ts_ok(n); guard++) {
    JsKind k = js_kind(cx, n);
    if (k == JS_K_PARENTHESIZED_EXPRESSION || k == JS_K_NON_NULL_EXPRESSION || k == JS_K_AS_EXPRESSION ||
        k == JS_K_SATISFIES_EXPRESSION || k == JS_K_TYPE_ASSERTION) {
      TSNode inner = ts_node_named_child(n, k == JS_K_TYPE_ASSERTION ? 1 : 0);
      if (!ts_ok(inner) || js_is(cx, inner, JS_K_SEQUENCE_EXPRESSION)) return n;
      n = inner;
      continue;
    }
    break;
  }
  return n;
}

bool js_is_function_node(JsCtx *cx, TSNode n) { return (js_kind_code(cx, n) & JS_KF_FUNCTION) != 0; }

typedef struct EffectScan {
  JsCtx *cx;
  bool found;
  TSNode root;
} EffectScan;

static bool effect_visit(void *ud, TSNode n) {
  EffectScan *s = ud;
  if (s->found) return false;
  uint16_t code = js_kind_code(s->cx, n);
  switch ((JsKind)(code & JS_KIND_MASK)) {
    case JS_K_CALL_EXPRESSION:
    case JS_K_NEW_EXPRESSION:
    case JS_K_AWAIT_EXPRESSION:
    case JS_K_ASSIGNMENT_EXPRESSION:
    case JS_K_AUGMENTED_ASSIGNMENT_EXPRESSION:
    case JS_K_UPDATE_EXPRESSION:
    case JS_K_YIELD_EXPRESSION: s->found = true; return false;
    default: break;
  }
  bool nested = (code & JS_KF_FUNCTION) || (code & JS_KIND_MASK) == JS_K_CLASS;
  return !(nested && !ts_node_eq(n, s->root));
}

bool js_has_effects(JsCtx *cx, TSNode n) {
  EffectScan s = {cx, false, n};
  ts_walk(n, effect_visit, &s);
  return s.found;
}

/* Decodes `\uXXXX` or `\u{X…}` after the "u" at s[*i - 1]; a malformed one
** stands for a plain "u". */
static size_t decode_unicode_escape(const char *s, size_t len, size_t *i, char *out) {
  if (*i < len && s[*i] == '{') {
    unsigned long cp = 0;
    size_t j = *i + 1;
    while (j < len && lower_hex_digit(s[j]) >= 0 && cp <= 0x10ffff) cp = cp * 16 + (unsigned long)lower_hex_digit(s[j++]);
    if (j < len && s[j] == '}' && cp <= 0x10ffff) {
      *i = j + 1;
      return cp ? lower_put_utf8(out, cp) : 0;
    }
  } else {
    long cp = lower_read_hex(s, len, i, 4);
    if (cp >= 0) return cp ? lower_put_utf8(out, (unsigned long)cp) : 0;
  }
  out[0] = 'u';
  return 1;
}

/* Decodes one escape starting after the backslash at s[*i]; returns bytes written. */
static size_t decode_escape(const char *s, size_t len, size_t *i, char *out) {
  char c = s[*i];
  (*i)++;
  switch (c) {
    case 'n': out[0] = '\n'; return 1;
    case 't': out[0] = '\t'; return 1;
    case 'r': out[0] = '\r'; return 1;
    case 'b': out[0] = '\b'; return 1;
    case 'f': out[0] = '\f'; return 1;
    case 'v': out[0] = '\v'; return 1;
    case '0': out[0] = '\0'; return 0; /* NUL cannot live in a C string; drop it */
    case '\n': return 0;               /* line continuation */
    case '\r':
      if (*i < len && s[*i] == '\n') (*i)++;
      return 0;
    case 'x': {
      long cp = lower_read_hex(s, len, i, 2);
      if (cp >= 0) return cp ? lower_put_utf8(out, (unsigned long)cp) : 0;
      out[0] = 'x';
      return 1;
    }
    case 'u': return decode_unicode_escape(s, len, i, out);
    default: out[0] = c; return 1;
  }
}

const char *js_string_value(JsCtx *cx, TSNode n) {
  Str t = ts_text(n, cx->src);
  if (t.len >= 2 && (t.ptr[0] == '"' || t.ptr[0] == '\'' || t.ptr[0] == '`')) {
    t.ptr++;
    t.len -= 2;
  }
  return lower_unescape(cx->a, t, decode_escape);
}

void js_note_ref(JsCtx *cx, const char *name) { lower_note_ref(cx->b, cx->fn->f, name); }

/* Section - CommonJS require and dynamic import */

/* If n is require('spec') or import('spec'), returns the specifier (decoded)
** and sets *dynamic; otherwise NULL. */
static const char *require_spec(JsCtx *cx, TSNode n, bool *dynamic) {
  n = js_strip(cx, n);
  if (js_is(cx, n, JS_K_AWAIT_EXPRESSION)) n = js_strip(cx, ts_node_named_child(n, 0));
  if (!js_is(cx, n, JS_K_CALL_EXPRESSION)) return NULL;
  TSNode fn = js_field(cx, n, JS_F_FUNCTION), args = js_field(cx, n, JS_F_ARGUMENTS);
  bool is_import = js_is(cx, fn, JS_K_IMPORT);
  if (!is_import && !(js_is(cx, fn, JS_K_IDENTIFIER) && str_eq_cstr(ts_text(fn, cx->src), "require"))) return NULL;
  if (!js_is(cx, args, JS_K_ARGUMENTS) || ts_node_named_child_count(args) != 1) return NULL;
  TSNode arg = ts_node_named_child(args, 0);
  if (!js_is(cx, arg, JS_K_STRING)) return NULL;
  *dynamic = is_import;
  return js_string_value(cx, arg);
}

static void add_import(JsCtx *cx, const char *local, const char *spec, const char *imported, uint16_t flags,
                       SrcLoc loc) {
  /* Error recovery can leave a name or the specifier empty (`import t}from''`):
  ** the IR holds no empty names, and such an import binds nothing. */
  if (!local || !*local || !spec || !*spec || !imported || !*imported) return;
  IrImport im = {.local = local, .specifier = spec, .imported = imported, .flags = flags, .loc = loc};
  irb_add_import(cx->b, im);
}

/* `const { a, b: c } = require('x')`: one import per bound name. */
static void require_object_pattern(JsCtx *cx, TSNode pat, const char *spec, uint16_t flags) {
  uint32_t n = ts_node_named_child_count(pat);
  for (uint32_t i = 0; i < n; i++) {
    TSNode p = ts_node_named_child(pat, i);
    if (js_is(cx, p, JS_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN)) {
      const char *name = js_text(cx, p);
      add_import(cx, name, spec, name, flags, ts_loc(p));
    } else if (js_is(cx, p, JS_K_PAIR_PATTERN)) {
      TSNode key = js_field(cx, p, JS_F_KEY), val = js_field(cx, p, JS_F_VALUE);
      if (js_is(cx, val, JS_K_IDENTIFIER))
        add_import(cx, js_text(cx, val), spec,
                   js_is(cx, key, JS_K_STRING) ? js_string_value(cx, key) : js_text(cx, key), flags, ts_loc(p));
    } else if (js_is(cx, p, JS_K_OBJECT_ASSIGNMENT_PATTERN)) {
      TSNode left = js_field(cx, p, JS_F_LEFT);
      if (js_is(cx, left, JS_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN)) {
        const char *name = js_text(cx, left);
        add_import(cx, name, spec, name, flags, ts_loc(p));
      }
    }
  }
}

bool js_try_require_decl(JsCtx *cx, TSNode decl) {
  TSNode name = js_field(cx, decl, JS_F_NAME), value = js_strip(cx, js_field(cx, decl, JS_F_VALUE));
  if (!ts_ok(name) || !ts_ok(value)) return false;
  bool dynamic = false;
  const char *member = NULL;
  const char *spec = require_spec(cx, value, &dynamic);
  if (!spec && js_is(cx, value, JS_K_MEMBER_EXPRESSION)) {
    spec = require_spec(cx, js_field(cx, value, JS_F_OBJECT), &dynamic);
    member = spec ? js_text(cx, js_field(cx, value, JS_F_PROPERTY)) : NULL;
  }
  if (!spec) return false;
  uint16_t flags = dynamic ? IR_IMPORT_DYNAMIC : IR_IMPORT_REQUIRE;
  if (js_is(cx, name, JS_K_IDENTIFIER)) {
    add_import(cx, js_text(cx, name), spec, member ? member : "*", flags, ts_loc(decl));
    return true;
  }
  if (js_is(cx, name, JS_K_OBJECT_PATTERN) && !member) {
    require_object_pattern(cx, name, spec, flags);
    return true;
  }
  return false;
}

/* Section - CommonJS exports */

/* The function lowered under exactly this qualified name, or -1. */
static int32_t find_func_named(JsCtx *cx, const char *name) {
  for (uint32_t i = irb_n_funcs(cx->b); i-- > 0;)
    if (strcmp(irb_func_name(irb_func_at(cx->b, i)), name) == 0) return (int32_t)i;
  return -1;
}

static void add_export(JsCtx *cx, const char *name, IrValue v, SrcLoc loc) {
  if (!name || !*name) return; /* `module.exports. = …`: a name the parser left missing exports nothing */
  IrExport e = {.exported = name, .value = v, .loc = loc};
  irb_add_export(cx->b, e);
}

/* `module.exports = { a, b: c, d() {} }`: one export per property whose value
** is a variable or a function (the object itself is exported as "default"). */
static void cjs_object_exports(JsCtx *cx, TSNode obj, const char *owner) {
  uint32_t n = ts_node_named_child_count(obj);
  for (uint32_t i = 0; i < n; i++) {
    TSNode p = ts_node_named_child(obj, i);
    if (js_is(cx, p, JS_K_SHORTHAND_PROPERTY_IDENTIFIER)) {
      const char *name = js_text(cx, p);
      add_export(cx, name, irv_path(name, ts_loc(p)), ts_loc(p));
      continue;
    }
    TSNode key = ts_ok(js_field(cx, p, JS_F_KEY)) ? js_field(cx, p, JS_F_KEY) : js_field(cx, p, JS_F_NAME);
    if (!js_is(cx, key, JS_K_PROPERTY_IDENTIFIER) && !js_is(cx, key, JS_K_STRING)) continue;
    const char *kname = js_is(cx, key, JS_K_STRING) ? js_string_value(cx, key) : js_text(cx, key);
    TSNode val = js_strip(cx, js_field(cx, p, JS_F_VALUE));
    if (js_is(cx, p, JS_K_METHOD_DEFINITION) || js_is_function_node(cx, val)) {
      int32_t fi = find_func_named(cx, arena_printf(cx->a, "%s.%s", owner, kname));
      if (fi >= 0) add_export(cx, kname, irv_func(fi, ts_loc(p)), ts_loc(p));
    } else if (ts_ok(val)) {
      const char *path = js_path_text(cx, val, 3);
      if (path) add_export(cx, kname, irv_path(path, ts_loc(val)), ts_loc(p));
    }
  }
}

void js_note_cjs_export(JsCtx *cx, TSNode left, TSNode right, IrValue value) {
  const char *path = js_path_text(cx, left, 3);
  if (!path) return;
  SrcLoc loc = ts_loc(left);
  if (strcmp(path, "module.exports") == 0) {
    add_export(cx, "default", value, loc);
    if (js_is(cx, js_strip(cx, right), JS_K_OBJECT)) cjs_object_exports(cx, js_strip(cx, right), path);
  } else if (strncmp(path, "module.exports.", 15) == 0 && !strchr(path + 15, '.')) {
    add_export(cx, path + 15, value, loc);
  } else if (strncmp(path, "exports.", 8) == 0 && !strchr(path + 8, '.')) {
    add_export(cx, path + 8, value, loc);
  }
}

/* Section - ESM imports */

static void import_clause(JsCtx *cx, TSNode clause, const char *spec, uint16_t flags) {
  uint32_t n = ts_node_named_child_count(clause);
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_named_child(clause, i);
    if (js_is(cx, c, JS_K_IDENTIFIER)) {
      add_import(cx, js_text(cx, c), spec, "default", flags, ts_loc(c));
    } else if (js_is(cx, c, JS_K_NAMESPACE_IMPORT)) {
      TSNode id = ts_node_named_child(c, 0);
      if (ts_ok(id)) add_import(cx, js_text(cx, id), spec, "*", flags, ts_loc(c));
    } else if (js_is(cx, c, JS_K_NAMED_IMPORTS)) {
      uint32_t m = ts_node_named_child_count(c);
      for (uint32_t k = 0; k < m; k++) {
        TSNode s = ts_node_named_child(c, k);
        if (!js_is(cx, s, JS_K_IMPORT_SPECIFIER)) continue;
        TSNode name = js_field(cx, s, JS_F_NAME), alias = js_field(cx, s, JS_F_ALIAS);
        const char *imported = js_is(cx, name, JS_K_STRING) ? js_string_value(cx, name) : js_text(cx, name);
        const char *local = ts_ok(alias) ? js_text(cx, alias) : imported;
        uint16_t f = flags | (ts_has_token(s, "type") ? IR_IMPORT_TYPE_ONLY : 0);
        add_import(cx, local, spec, imported, f, ts_loc(s));
      }
    }
  }
}

void js_lower_import(JsCtx *cx, TSNode n) {
  TSNode source = js_field(cx, n, JS_F_SOURCE);
  uint16_t flags = ts_has_token(n, "type") || ts_has_token(n, "typeof") ? IR_IMPORT_TYPE_ONLY : 0;
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (js_is(cx, c, JS_K_IMPORT_CLAUSE) && ts_ok(source)) {
      import_clause(cx, c, js_string_value(cx, source), flags);
    } else if (js_is(cx, c, JS_K_IMPORT_REQUIRE_CLAUSE)) {
      /* TS `import pg = require('pg')` */
      TSNode id = ts_node_named_child(c, 0), src = js_field(cx, c, JS_F_SOURCE);
      if (js_is(cx, id, JS_K_IDENTIFIER) && ts_ok(src))
        add_import(cx, js_text(cx, id), js_string_value(cx, src), "*", flags | IR_IMPORT_REQUIRE, ts_loc(c));
    }
  }
}

/* Section - ESM exports */

/* Records one export per name a declaration binds. */
static void export_declared_names(JsCtx *cx, TSNode decl, bool is_default) {
  const char *t = ts_node_type(decl);
  TSNode name = js_field(cx, decl, JS_F_NAME);
  if (strstr(t, "function") || strstr(t, "class")) {
    if (!ts_ok(name)) return;
    const char *local = js_text(cx, name);
    add_export(cx, is_default ? "default" : local, irv_path(local, ts_loc(name)), ts_loc(decl));
    return;
  }
  if (!js_is(cx, decl, JS_K_LEXICAL_DECLARATION) && !js_is(cx, decl, JS_K_VARIABLE_DECLARATION)) return;
  uint32_t n = ts_node_named_child_count(decl);
  for (uint32_t i = 0; i < n; i++) {
    TSNode d = ts_node_named_child(decl, i);
    TSNode dn = js_field(cx, d, JS_F_NAME);
    if (js_is(cx, dn, JS_K_IDENTIFIER)) {
      const char *local = js_text(cx, dn);
      add_export(cx, local, irv_path(local, ts_loc(dn)), ts_loc(d));
    }
  }
}

static void export_clause(JsCtx *cx, TSNode clause, TSNode source) {
  const char *spec = ts_ok(source) ? js_string_value(cx, source) : NULL;
  uint32_t n = ts_node_named_child_count(clause);
  for (uint32_t i = 0; i < n; i++) {
    TSNode s = ts_node_named_child(clause, i);
    if (!js_is(cx, s, JS_K_EXPORT_SPECIFIER)) continue;
    TSNode name = js_field(cx, s, JS_F_NAME), alias = js_field(cx, s, JS_F_ALIAS);
    const char *local = js_is(cx, name, JS_K_STRING) ? js_string_value(cx, name) : js_text(cx, name);
    const char *exported = ts_ok(alias)
                               ? (js_is(cx, alias, JS_K_STRING) ? js_string_value(cx, alias) : js_text(cx, alias))
                                        : local;
    if (spec) {
      add_import(cx, exported, spec, local, 0, ts_loc(s));
      local = exported;
    }
    add_export(cx, exported, irv_path(local, ts_loc(name)), ts_loc(s));
  }
}

/* `export * from 'x'` and `export * as ns from 'x'`. */
static void export_star(JsCtx *cx, TSNode n, TSNode source) {
  const char *spec = js_string_value(cx, source);
  TSNode ns = {0};
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++)
    if (js_is(cx, ts_node_named_child(n, i), JS_K_NAMESPACE_EXPORT)) ns = ts_node_named_child(n, i);
  TSNode id = ts_ok(ns) ? ts_node_named_child(ns, 0) : ns;
  const char *name = ts_ok(id) ? (js_is(cx, id, JS_K_STRING) ? js_string_value(cx, id) : js_text(cx, id)) : "*";
  add_import(cx, name, spec, "*", 0, ts_loc(n));
  add_export(cx, name, irv_path(name, ts_loc(n)), ts_loc(n));
}

static void export_default_value(JsCtx *cx, TSNode n, TSNode value) {
  TSNode v = js_strip(cx, value);
  IrValue val;
  if (js_is_function_node(cx, v)) {
    val = irv_func(js_lower_function(cx, v, js_qualify(cx, "default"), NULL, 0), ts_loc(v));
  } else if (js_is(cx, v, JS_K_CLASS)) {
    const char *cname = js_lower_class(cx, v, NULL);
    val = irv_path(cname, ts_loc(v));
  } else {
    val = js_lower_expr(cx, v);
  }
  add_export(cx, "default", val, ts_loc(n));
}

void js_lower_export(JsCtx *cx, TSNode n) {
  TSNode decl = js_field(cx, n, JS_F_DECLARATION), value = js_field(cx, n, JS_F_VALUE);
  TSNode source = js_field(cx, n, JS_F_SOURCE);
  bool is_default = ts_has_token(n, "default");
  if (ts_ok(decl)) {
    js_lower_stmt(cx, decl);
    export_declared_names(cx, decl, is_default);
    return;
  }
  if (ts_ok(value)) {
    export_default_value(cx, n, value);
    return;
  }
  uint32_t cnt = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < cnt; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (js_is(cx, c, JS_K_EXPORT_CLAUSE)) {
      export_clause(cx, c, source);
      return;
    }
  }
  if (ts_ok(source)) {
    export_star(cx, n, source);
    return;
  }
  /* TS `export = x;` */
  TSNode expr = ts_node_named_child(n, 0);
  if (ts_ok(expr) && ts_has_token(n, "=")) add_export(cx, "default", js_lower_expr(cx, expr), ts_loc(n));
}

/* Section - Entry point */

IrModule *js_lower_module(FileCtx *fx, TSNode root, IrLang lang) {
  JsCtx cx = {.fx = fx, .a = fx->arena, .src = fx->src ? fx->src : "", .lang = lang};
  lower_depth_init(&cx.guard, fx);
  assert(js_syms_sorted());
  ts_kind_cache_init(&cx.kinds, ts_node_language(root), js_kind_classify, cx.a);
  ts_field_cache_init(&cx.fields, ts_node_language(root), js_field_names(), JS_F_COUNT, cx.a);
  cx.b = irb_new(fx->arena, fx->rel_path ? fx->rel_path : fx->path, lang);
  JsFn top = {0};
  /* Any syntax error may have moved statements in or out of a function, so
  ** the top-level code counts as broken whenever the file has one. */
  uint16_t top_flags = IR_FUNC_TOPLEVEL | (ts_node_has_error(root) ? IR_FUNC_PARSE_ERROR : 0);
  top.f = irb_func_begin(cx.b, "<module>", -1, top_flags, ts_loc(root));
  irb_func_set_end(top.f, ts_loc_last(root));
  cx.fn = &top;
  js_collect_decls(&cx, root);
  js_lower_stmts(&cx, root, 0);
  array_free(&top.fins);
  array_free(&top.jumps);
  return irb_finish(cx.b);
}
