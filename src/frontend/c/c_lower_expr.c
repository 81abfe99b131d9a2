/* c_lower_expr: C expressions as IR values. Variables, members (`s->conn`
** and `s.conn` are both the path "s.conn") and subscripts (`a[i]` is
** "a.[]") are access paths; `&x` is IR_V_ADDR; integer constants (literals,
** enumerators, macros that expand to them) are IR_V_NUMBER with their
** decimal value and null pointer constants are IR_V_NULL; string literals
** are decoded; comparisons and `!` are ints that hold neither operand. Direct calls are IR_CALL with the function's name as callee;
** calls through function pointers are opaque (their operands escape).
** Stores through pointers (`*p = v`) are opaque as well. */
#include <string.h>

#include "frontend/c/c_lower.h"

static IrValue lower_call(CCtx *cx, CXCursor call, const IrValue *dst, bool want);
static IrValue lower_lvalue(CCtx *cx, CXCursor e);

static IrValue other_of(CCtx *cx, const IrValue *parts, uint32_t n, SrcLoc loc) {
  return lower_other(cx->a, parts, n, loc);
}

static IrbFunc *cur_fn(CCtx *cx) { return cx->fn ? cx->fn->f : cx->module_fn; }

/* Section - Leaves */

static IrValue decl_ref_value(CCtx *cx, CXCursor ref_expr, SrcLoc loc) {
  CXCursor ref = clang_getCursorReferenced(ref_expr);
  switch (clang_getCursorKind(ref)) {
  case CXCursor_VarDecl:
  case CXCursor_ParmDecl:
  case CXCursor_FunctionDecl: {
    const char *name = c_spelling(cx, ref_expr);
    return *name ? irv_path(name, loc) : irv_kind(IR_V_OTHER, NULL, loc);
  }
  default: return irv_kind(IR_V_OTHER, NULL, loc);
  }
}

/* One C escape after a backslash (lower_unescape's decoder). */
static size_t c_escape(const char *s, size_t len, size_t *i, char *out) {
  char c = s[*i];
  static const char simple_in[] = "ntrabfv\\'\"?", simple_out[] = "\n\t\r\a\b\f\v\\'\"?";
  const char *hit = strchr(simple_in, c);
  if (hit && c) {
    (*i)++;
    out[0] = simple_out[hit - simple_in];
    return 1;
  }
  if (c >= '0' && c <= '7') { /* up to three octal digits */
    unsigned v = 0;
    for (int k = 0; k < 3 && *i < len && s[*i] >= '0' && s[*i] <= '7'; k++) v = v * 8 + (unsigned)(s[(*i)++] - '0');
    out[0] = (char)v;
    return 1;
  }
  if (c == 'x') {
    unsigned long v = 0;
    size_t start = ++(*i);
    while (*i < len && lower_hex_digit(s[*i]) >= 0 && *i - start < 8) v = v * 16 + (unsigned long)lower_hex_digit(s[(*i)++]);
    out[0] = (char)v;
    return 1;
  }
  if (c == 'u' || c == 'U') {
    (*i)++;
    long cp = lower_read_hex(s, len, i, c == 'u' ? 4 : 8);
    if (cp >= 0) return lower_put_utf8(out, (unsigned long)cp);
  }
  out[0] = c; /* unknown escape: the character itself, as compilers do */
  if (*i < len) (*i)++;
  return 1;
}

/* The value of a string literal's spelling ("a" "b" arrives concatenated,
** with its escapes, as one token-like string). */
static const char *decode_spelling(CCtx *cx, const char *sp) {
  const char *open = strchr(sp, '"');
  const char *close = strrchr(sp, '"');
  if (!open || close <= open) return sp;
  Str body = {open + 1, (size_t)(close - open - 1)};
  return lower_unescape(cx->a, body, c_escape);
}

/* e is the expression as written (libclang evaluates a literal through its
** array-to-pointer cast, not alone); lit the StringLiteral inside it. */
static IrValue string_value(CCtx *cx, CXCursor e, CXCursor lit, SrcLoc loc) {
  CXEvalResult r = clang_Cursor_Evaluate(e);
  const char *text = NULL;
  if (r && clang_EvalResult_getKind(r) == CXEval_StrLiteral) text = arena_strdup(cx->a, clang_EvalResult_getAsStr(r));
  if (r) clang_EvalResult_dispose(r);
  if (!text) text = decode_spelling(cx, c_spelling(cx, lit));
  return irv_kind(IR_V_STRING, text, loc);
}

static IrValue token_number(CCtx *cx, CXCursor lit, SrcLoc loc) {
  CXToken *tok = clang_getToken(cx->tu, clang_getRangeStart(clang_getCursorExtent(lit)));
  const char *text = tok ? c_take(cx, clang_getTokenSpelling(cx->tu, *tok)) : "0";
  if (tok) clang_disposeTokens(cx->tu, tok, 1);
  return irv_kind(IR_V_NUMBER, text, loc);
}

/* Every expression child of e lowered for its value, as one IR_V_OTHER. */
static IrValue lower_parts(CCtx *cx, CXCursor e, SrcLoc loc) {
  uint32_t base = c_kids(cx, e), n = c_kids_n(cx, base);
  IrValue parts[LOWER_MAX_SUBS];
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    CXCursor kid = c_kid(cx, base, i);
    if (!clang_isExpression(clang_getCursorKind(kid))) continue;
    IrValue v = c_lower_expr(cx, kid);
    if (k < LOWER_MAX_SUBS) parts[k++] = v;
  }
  c_kids_pop(cx, base);
  return other_of(cx, parts, k, loc);
}

/* Section - Access paths */

static IrValue member_value(CCtx *cx, CXCursor e, SrcLoc loc) {
  CXCursor base = c_child(cx, e, 0);
  if (clang_Cursor_isNull(base)) return irv_kind(IR_V_OTHER, NULL, loc);
  IrValue b = lower_lvalue(cx, base);
  const char *field = c_spelling(cx, e);
  if (!*field) return other_of(cx, &b, 1, loc);
  return lower_path_extend(cx->a, b, field, 3, loc);
}

static IrValue subscript_value(CCtx *cx, CXCursor e, SrcLoc loc) {
  uint32_t base = c_kids(cx, e);
  if (c_kids_n(cx, base) != 2) {
    c_kids_pop(cx, base);
    return lower_parts(cx, e, loc);
  }
  CXCursor arr = c_kid(cx, base, 0), idx = c_kid(cx, base, 1);
  c_kids_pop(cx, base);
  IrValue b = lower_lvalue(cx, arr);
  c_lower_discard(cx, idx);
  return lower_path_extend(cx->a, b, "[]", 3, loc);
}

/* e as an access path when it is one (a variable, member or subscript
** chain), otherwise its value; effects (calls in subscripts) are emitted once. */
static IrValue lower_lvalue(CCtx *cx, CXCursor e) {
  SrcLoc loc = c_loc(cx, e);
  if (!c_enter(cx, e)) return irv_kind(IR_V_OTHER, NULL, loc);
  CXCursor s = c_strip(cx, e);
  IrValue v;
  switch (clang_getCursorKind(s)) {
  case CXCursor_DeclRefExpr: v = decl_ref_value(cx, s, loc); break;
  case CXCursor_MemberRefExpr: v = member_value(cx, s, loc); break;
  case CXCursor_ArraySubscriptExpr: v = subscript_value(cx, s, loc); break;
  default: v = c_lower_expr(cx, e); break;
  }
  c_leave(cx);
  return v;
}

/* Section - Operators */

/* dst = rhs, or an opaque store when lhs is not a path (`*p = v`, `f()->x = v`). */
static IrValue lower_assign(CCtx *cx, CXCursor lhs, CXCursor rhs, SrcLoc loc) {
  IrValue d = lower_lvalue(cx, lhs);
  if (d.kind == IR_V_PATH) {
    c_lower_into(cx, rhs, d, 0, loc);
    return d;
  }
  IrValue parts[2] = {d, c_lower_expr(cx, rhs)};
  lower_emit_opaque(cur_fn(cx), "store", other_of(cx, parts, 2, loc), loc);
  return parts[1];
}

static IrValue lower_compound_assign(CCtx *cx, CXCursor e, SrcLoc loc) {
  uint32_t base = c_kids(cx, e);
  if (c_kids_n(cx, base) != 2) {
    c_kids_pop(cx, base);
    return lower_parts(cx, e, loc);
  }
  CXCursor lhs = c_kid(cx, base, 0), rhs = c_kid(cx, base, 1);
  c_kids_pop(cx, base);
  IrValue parts[2] = {lower_lvalue(cx, lhs), c_lower_expr(cx, rhs)};
  IrValue v = other_of(cx, parts, 2, loc);
  if (parts[0].kind == IR_V_PATH) {
    irb_emit_assign(cur_fn(cx), parts[0], v, 0, loc);
    return parts[0];
  }
  lower_emit_opaque(cur_fn(cx), "store", v, loc);
  return v;
}

/* The 0/1 value of `a && b` / `a || b`: a temporary set on each side. */
static IrValue lower_logic_value(CCtx *cx, CXCursor e, SrcLoc loc) {
  IrbFunc *f = cur_fn(cx);
  if (!irb_func_has_cur(f)) return irv_kind(IR_V_OTHER, NULL, loc);
  IrValue t = irv_path(irb_temp(f), loc);
  uint32_t bt = irb_block_new(f, "logic.true"), bf = irb_block_new(f, "logic.false"), end = irb_block_new(f, "logic.end");
  c_lower_cond(cx, e, bt, bf);
  irb_set_cur(f, bt);
  irb_emit_assign(f, t, irv_kind(IR_V_NUMBER, "1", loc), 0, loc);
  irb_jump(f, end, loc);
  irb_set_cur(f, bf);
  irb_emit_assign(f, t, irv_kind(IR_V_NUMBER, "0", loc), 0, loc);
  irb_jump(f, end, loc);
  irb_set_cur(f, end);
  return t;
}

static bool is_comparison(const char *op) {
  return strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 ||
         strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
}

static IrValue lower_binary(CCtx *cx, CXCursor e, SrcLoc loc) {
  const char *op = c_binary_op(cx, e);
  uint32_t base = c_kids(cx, e);
  if (!op || c_kids_n(cx, base) != 2) {
    c_kids_pop(cx, base);
    return lower_parts(cx, e, loc);
  }
  CXCursor lhs = c_kid(cx, base, 0), rhs = c_kid(cx, base, 1);
  c_kids_pop(cx, base);
  if (strcmp(op, "=") == 0) return lower_assign(cx, lhs, rhs, loc);
  if (strcmp(op, ",") == 0) {
    c_lower_discard(cx, lhs);
    return c_lower_expr(cx, rhs);
  }
  if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) return lower_logic_value(cx, e, loc);
  IrValue parts[2] = {c_lower_expr(cx, lhs), c_lower_expr(cx, rhs)};
  if (is_comparison(op)) return irv_kind(IR_V_OTHER, NULL, loc); /* an int: it holds neither operand */
  return other_of(cx, parts, 2, loc);
}

static IrValue lower_unary(CCtx *cx, CXCursor e, SrcLoc loc) {
  bool postfix;
  const char *op = c_unary_op(cx, e, &postfix);
  CXCursor operand = c_child(cx, e, 0);
  if (!op || clang_Cursor_isNull(operand)) return lower_parts(cx, e, loc);
  if (strcmp(op, "&") == 0) {
    IrValue v = lower_lvalue(cx, operand);
    return v.kind == IR_V_PATH ? irv_kind(IR_V_ADDR, v.text, loc) : other_of(cx, &v, 1, loc);
  }
  if (strcmp(op, "++") == 0 || strcmp(op, "--") == 0) {
    IrValue v = lower_lvalue(cx, operand);
    if (v.kind == IR_V_PATH) irb_emit_assign(cur_fn(cx), v, other_of(cx, &v, 1, loc), 0, loc);
    return v;
  }
  if (strcmp(op, "__extension__") == 0) return c_lower_expr(cx, operand);
  if (strcmp(op, "&&") == 0) return irv_kind(IR_V_OTHER, NULL, loc); /* a label's address (GNU) */
  IrValue v = c_lower_expr(cx, operand);
  if (strcmp(op, "!") == 0) return irv_kind(IR_V_OTHER, NULL, loc); /* 0 or 1, not the operand */
  return other_of(cx, &v, 1, loc);
}

static IrValue lower_ternary(CCtx *cx, CXCursor e, SrcLoc loc) {
  uint32_t base = c_kids(cx, e);
  if (c_kids_n(cx, base) != 3) {
    c_kids_pop(cx, base);
    return lower_parts(cx, e, loc);
  }
  CXCursor cond = c_kid(cx, base, 0), arm[2] = {c_kid(cx, base, 1), c_kid(cx, base, 2)};
  c_kids_pop(cx, base);
  IrbFunc *f = cur_fn(cx);
  if (!irb_func_has_cur(f)) return irv_kind(IR_V_OTHER, NULL, loc);
  bool is_void = clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Void;
  IrValue t = is_void ? irv_none() : irv_path(irb_temp(f), loc);
  uint32_t blk[2] = {irb_block_new(f, "cond.true"), irb_block_new(f, "cond.false")};
  uint32_t end = irb_block_new(f, "cond.end");
  c_lower_cond(cx, cond, blk[0], blk[1]);
  for (int k = 0; k < 2; k++) {
    irb_set_cur(f, blk[k]);
    if (is_void) c_lower_discard(cx, arm[k]);
    else c_lower_into(cx, arm[k], t, 0, loc);
    irb_jump(f, end, loc);
  }
  irb_set_cur(f, end);
  return is_void ? irv_kind(IR_V_OTHER, NULL, loc) : t;
}

/* `({ …; v; })` (GNU): the statements, then the last one's value. */
static IrValue lower_stmt_expr(CCtx *cx, CXCursor e, SrcLoc loc) {
  CXCursor body = c_child(cx, e, 0);
  if (clang_Cursor_isNull(body) || !cx->fn) return irv_kind(IR_V_OTHER, NULL, loc);
  uint32_t base = c_kids(cx, body), n = c_kids_n(cx, base);
  IrValue v = irv_kind(IR_V_OTHER, NULL, loc);
  for (uint32_t i = 0; i < n; i++) {
    CXCursor s = c_kid(cx, base, i);
    if (i + 1 == n && clang_isExpression(clang_getCursorKind(s))) v = c_lower_expr(cx, s);
    else c_lower_stmt(cx, s);
  }
  c_kids_pop(cx, base);
  return v;
}

/* Section - Expressions */

static IrValue lower_expr_inner(CCtx *cx, CXCursor e, SrcLoc loc) {
  if (c_is_null_const(cx, e)) return irv_kind(IR_V_NULL, "NULL", loc);
  long long iv;
  if (c_int_const(cx, e, &iv)) return irv_kind(IR_V_NUMBER, arena_printf(cx->a, "%lld", iv), loc);
  CXCursor s = c_strip(cx, e);
  switch (clang_getCursorKind(s)) {
  case CXCursor_DeclRefExpr: return decl_ref_value(cx, s, loc);
  case CXCursor_StringLiteral: return string_value(cx, e, s, loc);
  case CXCursor_FloatingLiteral:
  case CXCursor_IntegerLiteral: return token_number(cx, s, loc);
  case CXCursor_CallExpr: {
    IrValue r = lower_call(cx, s, NULL, true);
    return r.kind == IR_V_NONE ? irv_kind(IR_V_OTHER, NULL, loc) : r;
  }
  case CXCursor_MemberRefExpr:
  case CXCursor_ArraySubscriptExpr: return lower_lvalue(cx, s);
  case CXCursor_UnaryOperator: return lower_unary(cx, s, loc);
  case CXCursor_BinaryOperator: return lower_binary(cx, s, loc);
  case CXCursor_CompoundAssignOperator: return lower_compound_assign(cx, s, loc);
  case CXCursor_ConditionalOperator: return lower_ternary(cx, s, loc);
  case CXCursor_UnaryExpr: return irv_kind(IR_V_OTHER, NULL, loc); /* sizeof does not evaluate */
  case CXCursor_StmtExpr: return lower_stmt_expr(cx, s, loc);
  default: return lower_parts(cx, s, loc);
  }
}

IrValue c_lower_expr(CCtx *cx, CXCursor e) {
  SrcLoc loc = c_loc(cx, e);
  if (!c_enter(cx, e)) return irv_kind(IR_V_OTHER, NULL, loc);
  IrValue v = lower_expr_inner(cx, e, loc);
  c_leave(cx);
  return v;
}

void c_lower_into(CCtx *cx, CXCursor e, IrValue dst, uint16_t flags, SrcLoc loc) {
  CXCursor s = c_strip(cx, e);
  if (clang_getCursorKind(s) == CXCursor_CallExpr && !c_is_null_const(cx, e)) {
    lower_call(cx, s, &dst, true);
    return;
  }
  irb_emit_assign(cur_fn(cx), dst, c_lower_expr(cx, e), flags, loc);
}

void c_lower_discard(CCtx *cx, CXCursor e) {
  CXCursor s = c_strip(cx, e);
  if (clang_getCursorKind(s) == CXCursor_CallExpr) lower_call(cx, s, NULL, false);
  else c_lower_expr(cx, e);
}

/* Section - Calls */

/* True when decl (a function) is declared noreturn: the type says so
** (`__attribute__((noreturn))`, which is how libc declares exit, abort and
** longjmp) or an attribute spelled _Noreturn / noreturn is attached. */
static bool decl_noreturn(CCtx *cx, CXCursor decl) {
  CXString ts = clang_getTypeSpelling(clang_getCursorType(decl));
  const char *t = clang_getCString(ts);
  bool hit = t && strstr(t, "noreturn") != NULL;
  clang_disposeString(ts);
  uint32_t base = c_kids(cx, decl), n = c_kids_n(cx, base);
  for (uint32_t i = 0; i < n && !hit; i++) {
    CXCursor k = c_kid(cx, base, i);
    if (!clang_isAttribute(clang_getCursorKind(k))) continue;
    CXToken *tok = clang_getToken(cx->tu, clang_getRangeStart(clang_getCursorExtent(k)));
    if (!tok) continue;
    CXString s = clang_getTokenSpelling(cx->tu, *tok);
    const char *sp = clang_getCString(s);
    hit = sp && (strcmp(sp, "_Noreturn") == 0 || strcmp(sp, "noreturn") == 0 || strcmp(sp, "__noreturn__") == 0);
    clang_disposeString(s);
    clang_disposeTokens(cx->tu, tok, 1);
  }
  c_kids_pop(cx, base);
  return hit;
}

/* The file name (no directory) of the file that first declares decl. */
static const char *decl_header(CCtx *cx, CXCursor decl) {
  CXFile f = NULL;
  clang_getFileLocation(clang_getCursorLocation(clang_getCanonicalCursor(decl)), &f, NULL, NULL, NULL);
  if (!f) return "<builtin>";
  const char *path = c_take(cx, clang_getFileName(f));
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : (*path ? path : "<builtin>");
}

/* True when decl is the implicit declaration clang made at a call to an
** undeclared function: it stands where that call's warning is. */
bool c_decl_is_implicit(CCtx *cx, CXCursor decl) {
  if (!cx->undeclared_at.len) return false;
  CXFile f = NULL;
  unsigned off = 0;
  clang_getExpansionLocation(clang_getCursorLocation(clang_getCanonicalCursor(decl)), &f, NULL, NULL, &off);
  if (!f || !clang_File_isEqual(f, cx->main_file)) return false;
  for (uint32_t i = 0; i < cx->undeclared_at.len; i++)
    if (cx->undeclared_at.items[i] == off) return true;
  return false;
}

CCallee *c_callee(CCtx *cx, CXCursor decl, const char *name, SrcLoc loc) {
  CCallee *ce = map_get_cstr(&cx->callees, name);
  if (ce) return ce;
  ce = ARENA_NEW(cx->a, CCallee);
  ce->name = name;
  ce->undeclared = c_decl_is_implicit(cx, decl);
  /* No header declares it: the models know it by its name alone (fncall.c). */
  ce->header = ce->undeclared ? "<undeclared>" : decl_header(cx, decl);
  ce->noreturn = decl_noreturn(cx, decl);
  ce->loc = loc;
  map_set_cstr(&cx->callees, name, ce);
  array_push_in(cx->a, &cx->callee_order, ce);
  return ce;
}

static bool is_builtin_expect(const char *name) {
  return strcmp(name, "__builtin_expect") == 0 || strcmp(name, "__builtin_expect_with_probability") == 0;
}

/* A call through a function pointer: opaque, its operands escape. */
static IrValue lower_pointer_call(CCtx *cx, CXCursor call, CXCursor callee, const IrValue *dst, bool want,
                                  SrcLoc loc) {
  IrValue parts[LOWER_MAX_SUBS];
  uint32_t k = 0;
  parts[k++] = clang_Cursor_isNull(callee) ? irv_kind(IR_V_OTHER, NULL, loc) : c_lower_expr(cx, callee);
  int n = clang_Cursor_getNumArguments(call);
  for (int i = 0; i < n; i++) {
    IrValue v = c_lower_expr(cx, clang_Cursor_getArgument(call, (unsigned)i));
    if (k < LOWER_MAX_SUBS) parts[k++] = v;
  }
  lower_emit_opaque(cur_fn(cx), "call-through-pointer", other_of(cx, parts, k, loc), loc);
  bool returns = clang_getCanonicalType(clang_getCursorType(call)).kind != CXType_Void;
  if (!dst && !(want && returns)) return irv_none();
  IrValue r = dst ? *dst : irv_path(irb_temp(cur_fn(cx)), loc);
  irb_emit_assign(cur_fn(cx), r, irv_kind(IR_V_OTHER, NULL, loc), 0, loc);
  return r;
}

/* Lowers a call; dst (optional) receives the result. A call whose value is
** dropped (an expression statement) has one IR_V_NONE result. Returns the
** result value, or IR_V_NONE (void, no-return, dead code). */
static IrValue lower_call(CCtx *cx, CXCursor call, const IrValue *dst, bool want) {
  SrcLoc loc = c_loc(cx, call);
  CXCursor callee = c_child(cx, call, 0);
  CXCursor ref = clang_getCursorReferenced(call);
  CXCursor cs = clang_Cursor_isNull(callee) ? callee : c_strip(cx, callee);
  bool direct = clang_getCursorKind(cs) == CXCursor_DeclRefExpr && clang_getCursorKind(ref) == CXCursor_FunctionDecl;
  const char *name = direct ? c_spelling(cx, cs) : NULL;
  if (!name || !*name) return lower_pointer_call(cx, call, callee, dst, want, loc);
  int n = clang_Cursor_getNumArguments(call);
  if (is_builtin_expect(name) && n >= 1) { /* __builtin_expect(x, c) is x */
    IrValue v = c_lower_expr(cx, clang_Cursor_getArgument(call, 0));
    if (dst) irb_emit_assign(cur_fn(cx), *dst, v, 0, loc);
    return dst ? *dst : v;
  }
  IrInstr in;
  memset(&in, 0, sizeof in);
  in.kind = IR_CALL;
  in.loc = loc;
  IrCall *c = &in.u.call;
  lower_call_set_callee_path(cx->a, c, name, loc);
  c->callee_value = irv_none();
  c->n_args = n > 0 ? (uint32_t)n : 0;
  c->args = c->n_args ? ARENA_NEW_ARRAY(cx->a, IrValue, c->n_args) : NULL;
  for (uint32_t i = 0; i < c->n_args; i++) c->args[i] = c_lower_expr(cx, clang_Cursor_getArgument(call, i));
  CCallee *ce = c_callee(cx, ref, name, loc);
  bool returns = clang_getCanonicalType(clang_getCursorType(call)).kind != CXType_Void;
  IrValue result = irv_none();
  if (dst) result = *dst;
  else if (returns && want && irb_func_has_cur(cur_fn(cx))) result = irv_path(irb_temp(cur_fn(cx)), loc);
  if (dst || returns) {
    c->results = ARENA_NEW(cx->a, IrValue);
    c->results[0] = result;
    c->n_results = 1;
  }
  if (ce->noreturn) c->flags |= IR_CALL_NORETURN;
  irb_emit(cur_fn(cx), &in);
  if (ce->noreturn) {
    irb_unreachable(cur_fn(cx), loc);
    return irv_none();
  }
  return result;
}
