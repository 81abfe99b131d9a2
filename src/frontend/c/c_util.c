/* c_util: what every part of the C lowering needs from libclang: children
** of a cursor on a shared stack, the depth guard, strings copied out of
** CXString, locations mapped to the file the user wrote, constants, and
** scans of a subtree (effects, mentioned variables). */
#include <stdio.h>
#include <string.h>

#include "frontend/c/c_lower.h"

/* Section - Depth guard and children */

bool c_enter(CCtx *cx, CXCursor c) {
  if (cx->depth + 1 > cx->max_depth) {
    if (!cx->noted_too_deep) {
      cx->noted_too_deep = true;
      fx_note(cx->fx, NOTE_TOO_DEEP, c_loc(cx, c), "nesting deeper than %d levels; the deeper part is opaque",
              cx->max_depth);
    }
    return false;
  }
  cx->depth++;
  return true;
}

static enum CXChildVisitResult push_kid(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  CCtx *cx = data;
  array_push(&cx->kids, c);
  return CXChildVisit_Continue;
}

uint32_t c_kids(CCtx *cx, CXCursor c) {
  uint32_t base = cx->kids.len;
  clang_visitChildren(c, push_kid, cx);
  return base;
}

uint32_t c_count_kids(CCtx *cx, CXCursor c) {
  uint32_t base = c_kids(cx, c), n = c_kids_n(cx, base);
  c_kids_pop(cx, base);
  return n;
}

CXCursor c_child(CCtx *cx, CXCursor c, uint32_t i) {
  uint32_t base = c_kids(cx, c);
  CXCursor k = i < c_kids_n(cx, base) ? c_kid(cx, base, i) : clang_getNullCursor();
  c_kids_pop(cx, base);
  return k;
}

/* Section - Strings */

const char *c_take(CCtx *cx, CXString s) {
  const char *p = clang_getCString(s);
  const char *out = arena_strdup(cx->a, p ? p : "");
  clang_disposeString(s);
  return out;
}

const char *c_spelling(CCtx *cx, CXCursor c) { return c_take(cx, clang_getCursorSpelling(c)); }

const char *c_type_text(CCtx *cx, CXType t) {
  if (t.kind == CXType_Invalid) return NULL;
  CXString s = clang_getTypeSpelling(t);
  const char *p = clang_getCString(s);
  size_t n = p ? strlen(p) : 0;
  char *out = arena_alloc(cx->a, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    bool space = p[i] == ' ' || p[i] == '\t' || p[i] == '\n';
    if (space && (k == 0 || out[k - 1] == ' ')) continue;
    out[k++] = space ? ' ' : p[i];
  }
  while (k && out[k - 1] == ' ') k--;
  out[k] = '\0';
  clang_disposeString(s);
  return k ? out : NULL;
}

/* Section - Locations */

static bool same_file(CXFile a, CXFile b) { return a && b && clang_File_isEqual(a, b); }

/* Line and column of l in cx->cur_file: where the text is (a macro
** argument's spelling) or, inside a macro body, where the macro is used. */
static bool point_in_file(CCtx *cx, CXSourceLocation l, unsigned *line, unsigned *col) {
  CXFile f = NULL;
  unsigned ln = 0, co = 0, off = 0;
  clang_getFileLocation(l, &f, &ln, &co, &off);
  if (!same_file(f, cx->cur_file)) clang_getExpansionLocation(l, &f, &ln, &co, &off);
  if (!same_file(f, cx->cur_file) || ln == 0) return false;
  *line = ln;
  *col = co;
  return true;
}

static SrcLoc fallback_loc(const CCtx *cx) {
  if (cx->fn) return cx->fn->loc;
  return (SrcLoc){1, 1, 1, 1};
}

SrcLoc c_loc(CCtx *cx, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  unsigned l1, c1, l2, c2;
  if (!point_in_file(cx, clang_getRangeStart(r), &l1, &c1)) return fallback_loc(cx);
  if (!point_in_file(cx, clang_getRangeEnd(r), &l2, &c2) || l2 < l1 || (l2 == l1 && c2 < c1)) l2 = l1, c2 = c1;
  return (SrcLoc){l1, c1, l2, c2};
}

SrcLoc c_loc_last(CCtx *cx, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  unsigned l, co;
  if (!point_in_file(cx, clang_getRangeEnd(r), &l, &co)) return fallback_loc(cx);
  unsigned start = co > 1 ? co - 1 : 1;
  return (SrcLoc){l, start, l, start + 1};
}

bool c_file_offset(CXSourceLocation l, CXFile *file, unsigned *offset) {
  CXFile f = NULL;
  unsigned off = 0;
  clang_getFileLocation(l, &f, NULL, NULL, &off);
  if (!f) return false;
  *file = f;
  *offset = off;
  return true;
}

const char *c_file_text(CCtx *cx, CXFile file, size_t *len) {
  size_t n = 0;
  const char *t = file ? clang_getFileContents(cx->tu, file, &n) : NULL;
  *len = t ? n : 0;
  return t;
}

/* Section - Expressions */

CXCursor c_strip(CCtx *cx, CXCursor e) {
  for (int guard = 0; guard < 256; guard++) {
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr) return e;
    uint32_t base = c_kids(cx, e), n = c_kids_n(cx, base);
    CXCursor next = clang_getNullCursor();
    if (k == CXCursor_CStyleCastExpr && n && clang_isExpression(clang_getCursorKind(c_kid(cx, base, n - 1))))
      next = c_kid(cx, base, n - 1); /* (T)x: a TypeRef may come first */
    else if (k != CXCursor_CStyleCastExpr && n == 1 && clang_isExpression(clang_getCursorKind(c_kid(cx, base, 0))))
      next = c_kid(cx, base, 0);
    c_kids_pop(cx, base);
    if (clang_Cursor_isNull(next)) return e;
    e = next;
  }
  return e;
}

static bool eval_int(CXCursor e, long long *out) {
  CXEvalResult r = clang_Cursor_Evaluate(e);
  if (!r) return false;
  bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok)
    *out = clang_EvalResult_isUnsignedInt(r) ? (long long)clang_EvalResult_getAsUnsigned(r)
                                             : clang_EvalResult_getAsLongLong(r);
  clang_EvalResult_dispose(r);
  return ok;
}

bool c_int_const(CCtx *cx, CXCursor e, long long *out) {
  CXCursor s = c_strip(cx, e);
  switch (clang_getCursorKind(s)) {
  case CXCursor_IntegerLiteral:
  case CXCursor_CharacterLiteral: return eval_int(s, out);
  case CXCursor_DeclRefExpr: {
    CXCursor ref = clang_getCursorReferenced(s);
    if (clang_getCursorKind(ref) != CXCursor_EnumConstantDecl) return false;
    *out = clang_getEnumConstantDeclValue(ref);
    return true;
  }
  case CXCursor_UnaryOperator: {
    /* -1, ~0: an operator applied to a constant */
    CXCursor op = c_child(cx, s, 0);
    long long v;
    return !clang_Cursor_isNull(op) && c_int_const(cx, op, &v) && eval_int(s, out);
  }
  default: return false;
  }
}

bool c_is_null_const(CCtx *cx, CXCursor e) {
  CXType t = clang_getCanonicalType(clang_getCursorType(e));
  long long v;
  return t.kind == CXType_Pointer && c_int_const(cx, e, &v) && v == 0;
}

/* Section - Subtree scans */

typedef struct EffectScan {
  CCtx *cx;
  bool hit;
} EffectScan;

static enum CXChildVisitResult scan_effects(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  EffectScan *s = data;
  switch (clang_getCursorKind(c)) {
  case CXCursor_CallExpr:
  case CXCursor_CompoundAssignOperator:
  case CXCursor_StmtExpr: s->hit = true; return CXChildVisit_Break;
  case CXCursor_UnaryExpr: return CXChildVisit_Continue; /* sizeof does not evaluate its operand */
  case CXCursor_UnaryOperator: {
    bool post;
    const char *op = c_unary_op(s->cx, c, &post);
    if (!op || strcmp(op, "++") == 0 || strcmp(op, "--") == 0) {
      s->hit = true;
      return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
  }
  case CXCursor_BinaryOperator: {
    const char *op = c_binary_op(s->cx, c);
    if (!op || strcmp(op, "=") == 0) {
      s->hit = true;
      return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
  }
  default: return CXChildVisit_Recurse;
  }
}

bool c_has_effects(CCtx *cx, CXCursor e) {
  EffectScan s = {cx, false};
  if (scan_effects(e, clang_getNullCursor(), &s) == CXChildVisit_Break) return true;
  clang_visitChildren(e, scan_effects, &s);
  return s.hit;
}

typedef struct UseScan {
  CCtx *cx;
  LowerUses uses;
  SrcLoc loc;
} UseScan;

static enum CXChildVisitResult scan_uses(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  UseScan *s = data;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
    enum CXCursorKind rk = clang_getCursorKind(clang_getCursorReferenced(c));
    if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl) lower_uses_add(&s->uses, c_spelling(s->cx, c), s->loc);
  }
  return s->uses.n >= LOWER_MAX_SUBS ? CXChildVisit_Break : CXChildVisit_Recurse;
}

IrValue c_uses_of(CCtx *cx, CXCursor e) {
  UseScan s;
  memset(&s, 0, sizeof s);
  s.cx = cx;
  s.loc = c_loc(cx, e);
  scan_uses(e, clang_getNullCursor(), &s);
  clang_visitChildren(e, scan_uses, &s);
  return lower_uses_value(&s.uses, cx->a, s.loc);
}

void c_emit_opaque(CCtx *cx, CXCursor e, const char *what) {
  if (!cx->fn) return;
  lower_emit_opaque(cx->fn->f, what, c_uses_of(cx, e), c_loc(cx, e));
}
