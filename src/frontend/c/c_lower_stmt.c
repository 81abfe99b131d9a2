/* c_lower_stmt: C statements as CFG. if/else, while, do-while, for, switch
** (a chain of case.test blocks in source order, default taken when no test
** matches, fallthrough from one case body into the next), labels and goto
** (the `goto cleanup` idiom), break/continue, return. Declarations assign
** their initialisers; function-static and extern locals are globals, not
** locals. Unknown statements are opaque. */
#include <string.h>

#include "frontend/c/c_lower.h"

static IrbFunc *fn_of(CCtx *cx) { return cx->fn->f; }

void c_push_jump(CCtx *cx, uint32_t brk, uint32_t cont) {
  CJump j = {brk, cont, cx->fn->cleanups.len};
  array_push(&cx->fn->jumps, j);
}

void c_pop_jump(CCtx *cx) {
  if (cx->fn->jumps.len) cx->fn->jumps.len--;
}

/* Section - cleanup variables
**
** `__attribute__((cleanup(f))) T x` (glib's g_autoptr and g_autofree,
** systemd's _cleanup_, project macros) calls f(&x) wherever x's scope is
** left. What f does with x is not followed: x is handed over (an escape) at
** each way out of the scope (the end of its block, return, break and
** continue out of it, and any goto, whose target scope is not known), so
** nothing x holds then is this function's to release. */

/* Whether var is declared with a cleanup attribute (libclang exposes the
** attribute only as unexposed, so the declaration is printed when it has one). */
static bool has_cleanup_attr(CCtx *cx, CXCursor var) {
  uint32_t base = c_kids(cx, var), n = c_kids_n(cx, base);
  bool attr = false;
  for (uint32_t i = 0; i < n && !attr; i++) attr = clang_isAttribute(clang_getCursorKind(c_kid(cx, base, i))) != 0;
  c_kids_pop(cx, base);
  if (!attr) return false;
  CXPrintingPolicy policy = clang_getCursorPrintingPolicy(var);
  CXString printed = clang_getCursorPrettyPrinted(var, policy);
  const char *text = clang_getCString(printed);
  bool hit = text && (strstr(text, "__attribute__((cleanup(") || strstr(text, "__attribute__((__cleanup__("));
  clang_disposeString(printed);
  clang_PrintingPolicy_dispose(policy);
  return hit;
}

/* Hands over the cleanup variables above depth (when the block is reachable). */
static void run_cleanups(CCtx *cx, uint32_t depth, SrcLoc loc) {
  CFn *fn = cx->fn;
  if (!irb_func_has_cur(fn->f) || fn->cleanups.len <= depth) return;
  IrValue vars[LOWER_MAX_SUBS];
  uint32_t n = 0;
  for (uint32_t i = fn->cleanups.len; i-- > depth && n < LOWER_MAX_SUBS;)
    vars[n++] = irv_path(fn->cleanups.items[i].var, loc);
  lower_emit_opaque(fn->f, "cleanup", lower_other(cx->a, vars, n, loc), loc);
}

/* Starts block id as the current one, falling into it from the current block. */
static void fall_into(CCtx *cx, uint32_t id, SrcLoc loc) {
  IrbFunc *f = fn_of(cx);
  if (irb_func_has_cur(f)) irb_jump(f, id, loc);
  irb_set_cur(f, id);
}

/* Lowers s into a fresh block when there is no current one (code after a
** return that a label does not reach is dropped by the builder). */
static void lower_sub(CCtx *cx, CXCursor s) {
  if (!clang_Cursor_isNull(s)) c_lower_stmt(cx, s);
}

/* Section - if and loops */

static void lower_if(CCtx *cx, CXCursor s, SrcLoc loc) {
  IrbFunc *f = fn_of(cx);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  if (n < 2) {
    c_kids_pop(cx, base);
    c_emit_opaque(cx, s, "if");
    return;
  }
  CXCursor cond = c_kid(cx, base, 0), then = c_kid(cx, base, 1);
  CXCursor els = n >= 3 ? c_kid(cx, base, 2) : clang_getNullCursor();
  c_kids_pop(cx, base);
  uint32_t bt = irb_block_new(f, "if.then");
  uint32_t be = clang_Cursor_isNull(els) ? IRB_NO_BLOCK : irb_block_new(f, "if.else");
  uint32_t end = irb_block_new(f, "if.end");
  c_lower_cond(cx, cond, bt, be == IRB_NO_BLOCK ? end : be);
  irb_set_cur(f, bt);
  lower_sub(cx, then);
  if (irb_func_has_cur(f)) irb_jump(f, end, loc);
  if (be != IRB_NO_BLOCK) {
    irb_set_cur(f, be);
    lower_sub(cx, els);
    if (irb_func_has_cur(f)) irb_jump(f, end, loc);
  }
  irb_set_cur(f, end);
}

static void lower_while(CCtx *cx, CXCursor s, SrcLoc loc) {
  IrbFunc *f = fn_of(cx);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  CXCursor cond = n >= 2 ? c_kid(cx, base, n - 2) : clang_getNullCursor(), body = n ? c_kid(cx, base, n - 1) : cond;
  c_kids_pop(cx, base);
  uint32_t bc = irb_block_new(f, "while.cond"), bb = irb_block_new(f, "while.body"), end = irb_block_new(f, "while.end");
  fall_into(cx, bc, loc);
  if (clang_Cursor_isNull(cond)) irb_jump(f, bb, loc);
  else c_lower_cond(cx, cond, bb, end);
  irb_set_cur(f, bb);
  c_push_jump(cx, end, bc);
  if (n >= 2) lower_sub(cx, body);
  c_pop_jump(cx);
  if (irb_func_has_cur(f)) irb_jump(f, bc, loc);
  irb_set_cur(f, end);
}

static void lower_do(CCtx *cx, CXCursor s, SrcLoc loc) {
  IrbFunc *f = fn_of(cx);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  CXCursor body = n ? c_kid(cx, base, 0) : clang_getNullCursor(), cond = n >= 2 ? c_kid(cx, base, 1) : body;
  c_kids_pop(cx, base);
  uint32_t bb = irb_block_new(f, "do.body"), bc = irb_block_new(f, "do.cond"), end = irb_block_new(f, "do.end");
  fall_into(cx, bb, loc);
  c_push_jump(cx, end, bc);
  lower_sub(cx, body);
  c_pop_jump(cx);
  fall_into(cx, bc, loc);
  if (n >= 2) c_lower_cond(cx, cond, bb, end);
  else irb_jump(f, end, loc);
  irb_set_cur(f, end);
}

/* The offsets of the two ';' of a for header, found in the source text
** after the statement's "for (". False when the header is not readable
** there (a for written by a macro). */
static bool for_semicolons(CCtx *cx, CXCursor s, CXFile *file, unsigned *semi1, unsigned *semi2) {
  unsigned off;
  size_t len;
  if (!c_file_offset(clang_getRangeStart(clang_getCursorExtent(s)), file, &off)) return false;
  const char *t = c_file_text(cx, *file, &len);
  if (!t || off + 3 > len || memcmp(t + off, "for", 3) != 0) return false;
  int depth = 0, found = 0;
  for (size_t i = off + 3; i < len; i++) {
    char c = t[i];
    if (c == '"' || c == '\'') {
      for (i++; i < len && t[i] != c && t[i] != '\n'; i++)
        if (t[i] == '\\') i++;
    } else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
      for (i += 2; i + 1 < len && !(t[i] == '*' && t[i + 1] == '/'); i++) {}
      i++;
    } else if (c == '/' && i + 1 < len && t[i + 1] == '/') {
      while (i < len && t[i] != '\n') i++;
    } else if (c == '(') {
      depth++;
    } else if (c == ')') {
      if (--depth <= 0) return false;
    } else if (c == ';' && depth == 1) {
      if (found++ == 0) *semi1 = (unsigned)i;
      else {
        *semi2 = (unsigned)i;
        return true;
      }
    }
  }
  return false;
}

/* Which of a for's children are the init, condition and increment: libclang
** leaves absent parts out, so `for (;;i++)` and `for (;i;)` both have two. */
static void for_parts(CCtx *cx, CXCursor s, uint32_t base, uint32_t n, CXCursor part[3]) {
  for (int k = 0; k < 3; k++) part[k] = clang_getNullCursor();
  uint32_t m = n ? n - 1 : 0; /* the last child is the body */
  if (m == 3) {
    for (int k = 0; k < 3; k++) part[k] = c_kid(cx, base, (uint32_t)k);
    return;
  }
  CXFile file;
  unsigned s1, s2;
  bool text = m && for_semicolons(cx, s, &file, &s1, &s2);
  for (uint32_t i = 0; i < m; i++) {
    CXCursor k = c_kid(cx, base, i);
    CXFile kf;
    unsigned off;
    int slot;
    if (text && c_file_offset(clang_getRangeStart(clang_getCursorExtent(k)), &kf, &off) && clang_File_isEqual(kf, file))
      slot = off < s1 ? 0 : off < s2 ? 1 : 2;
    else /* not readable: a declaration is the init, then the condition, then the increment */
      slot = clang_getCursorKind(k) == CXCursor_DeclStmt ? 0 : (int)(i + 1 < m ? i + 1 : 1);
    if (slot > 2) slot = 2;
    part[slot] = k;
  }
}

static void lower_for(CCtx *cx, CXCursor s, SrcLoc loc) {
  IrbFunc *f = fn_of(cx);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  CXCursor part[3], body = n ? c_kid(cx, base, n - 1) : clang_getNullCursor();
  for_parts(cx, s, base, n, part);
  c_kids_pop(cx, base);
  if (!clang_Cursor_isNull(part[0])) {
    if (clang_getCursorKind(part[0]) == CXCursor_DeclStmt) c_lower_stmt(cx, part[0]);
    else c_lower_discard(cx, part[0]);
  }
  uint32_t bc = irb_block_new(f, "for.cond"), bb = irb_block_new(f, "for.body");
  uint32_t bp = irb_block_new(f, "for.post"), end = irb_block_new(f, "for.end");
  fall_into(cx, bc, loc);
  if (clang_Cursor_isNull(part[1])) irb_jump(f, bb, loc);
  else c_lower_cond(cx, part[1], bb, end);
  irb_set_cur(f, bb);
  c_push_jump(cx, end, bp);
  lower_sub(cx, body);
  c_pop_jump(cx);
  fall_into(cx, bp, loc);
  if (!clang_Cursor_isNull(part[2])) c_lower_discard(cx, part[2]);
  irb_jump(f, bc, loc);
  irb_set_cur(f, end);
}

/* Section - goto, labels, break, continue, return */

static void lower_label(CCtx *cx, CXCursor s, SrcLoc loc) {
  const char *name = c_spelling(cx, s);
  uint32_t b = c_label_block(cx, name, loc, true);
  fall_into(cx, b, loc);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  CXCursor sub = n ? c_kid(cx, base, n - 1) : clang_getNullCursor();
  c_kids_pop(cx, base);
  lower_sub(cx, sub);
}

static void lower_goto(CCtx *cx, CXCursor s, SrcLoc loc) {
  CXCursor ref = c_child(cx, s, 0);
  const char *name = clang_Cursor_isNull(ref) ? "" : c_spelling(cx, ref);
  if (!*name) {
    c_emit_opaque(cx, s, "goto");
    return;
  }
  run_cleanups(cx, 0, loc);
  irb_jump(fn_of(cx), c_label_block(cx, name, loc, false), loc);
}

static void lower_break_continue(CCtx *cx, bool is_break, SrcLoc loc) {
  for (uint32_t i = cx->fn->jumps.len; i-- > 0;) {
    const CJump *j = &cx->fn->jumps.items[i];
    if (!is_break && j->cont == IRB_NO_BLOCK) continue; /* continue skips switches */
    run_cleanups(cx, j->cleanups, loc);
    irb_jump(fn_of(cx), is_break ? j->brk : j->cont, loc);
    return;
  }
  irb_unreachable(fn_of(cx), loc); /* break outside a loop does not compile */
}

static void lower_return(CCtx *cx, CXCursor s, SrcLoc loc) {
  CXCursor v = c_child(cx, s, 0);
  if (clang_Cursor_isNull(v)) {
    run_cleanups(cx, 0, loc);
    irb_ret(fn_of(cx), NULL, 0, loc);
    return;
  }
  IrValue val = c_lower_expr(cx, v);
  run_cleanups(cx, 0, loc);
  irb_ret(fn_of(cx), &val, 1, loc);
}

/* Section - declarations */

void c_lower_local_var(CCtx *cx, CXCursor var) {
  enum CX_StorageClass sc = clang_Cursor_getStorageClass(var);
  if (sc == CX_SC_Static || sc == CX_SC_Extern) return; /* globals: initialised once, not here */
  const char *name = c_spelling(cx, var);
  if (!*name) return;
  SrcLoc loc = c_loc(cx, var);
  IrVar v = {.name = name, .type = c_type_text(cx, clang_getCursorType(var)), .loc = loc};
  irb_add_local(fn_of(cx), v);
  CXCursor init = clang_Cursor_getVarDeclInitializer(var);
  if (!clang_Cursor_isNull(init)) c_lower_into(cx, init, irv_path(name, loc), IR_ASSIGN_DECL, loc);
  if (has_cleanup_attr(cx, var)) {
    CCleanup c = {name, loc};
    array_push(&cx->fn->cleanups, c);
  }
}

static void lower_decl_stmt(CCtx *cx, CXCursor s) {
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  for (uint32_t i = 0; i < n; i++) {
    CXCursor d = c_kid(cx, base, i);
    if (clang_getCursorKind(d) == CXCursor_VarDecl) c_lower_local_var(cx, d);
  }
  c_kids_pop(cx, base);
}

/* Section - dispatch */

static void lower_children_as_stmts(CCtx *cx, CXCursor s) {
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  for (uint32_t i = 0; i < n; i++) c_lower_stmt(cx, c_kid(cx, base, i));
  c_kids_pop(cx, base);
}

/* A block: its cleanup variables are handed over where it ends. */
static void lower_compound(CCtx *cx, CXCursor s) {
  uint32_t depth = cx->fn->cleanups.len;
  lower_children_as_stmts(cx, s);
  run_cleanups(cx, depth, c_loc_last(cx, s));
  cx->fn->cleanups.len = depth;
}

/* A case or default label inside the switch being lowered: its body block,
** entered from the previous case body (fallthrough) and from its test. */
static void lower_case(CCtx *cx, CXCursor s, SrcLoc loc) {
  uint32_t block = IRB_NO_BLOCK;
  for (uint32_t i = 0; cx->fn->sw && i < cx->fn->sw->cases.len; i++)
    if (clang_equalCursors(cx->fn->sw->cases.items[i].stmt, s)) block = cx->fn->sw->cases.items[i].block;
  if (block != IRB_NO_BLOCK) fall_into(cx, block, loc);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  CXCursor sub = n ? c_kid(cx, base, n - 1) : clang_getNullCursor();
  c_kids_pop(cx, base);
  lower_sub(cx, sub);
}

static void lower_stmt_inner(CCtx *cx, CXCursor s) {
  SrcLoc loc = c_loc(cx, s);
  enum CXCursorKind k = clang_getCursorKind(s);
  switch (k) {
  case CXCursor_CompoundStmt: lower_compound(cx, s); break;
  case CXCursor_DeclStmt: lower_decl_stmt(cx, s); break;
  case CXCursor_IfStmt: lower_if(cx, s, loc); break;
  case CXCursor_WhileStmt: lower_while(cx, s, loc); break;
  case CXCursor_DoStmt: lower_do(cx, s, loc); break;
  case CXCursor_ForStmt: lower_for(cx, s, loc); break;
  case CXCursor_SwitchStmt: c_lower_switch(cx, s); break;
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt: lower_case(cx, s, loc); break;
  case CXCursor_LabelStmt: lower_label(cx, s, loc); break;
  case CXCursor_GotoStmt: lower_goto(cx, s, loc); break;
  case CXCursor_BreakStmt: lower_break_continue(cx, true, loc); break;
  case CXCursor_ContinueStmt: lower_break_continue(cx, false, loc); break;
  case CXCursor_ReturnStmt: lower_return(cx, s, loc); break;
  case CXCursor_NullStmt: break;
  case CXCursor_IndirectGotoStmt:
    fx_note(cx->fx, NOTE_UNSUPPORTED, loc, "computed goto is not followed; the path ends here");
    c_emit_opaque(cx, s, "goto*");
    irb_unreachable(fn_of(cx), loc);
    break;
  case CXCursor_GCCAsmStmt:
  case CXCursor_MSAsmStmt: c_emit_opaque(cx, s, "asm"); break;
  case CXCursor_UnexposedStmt: lower_children_as_stmts(cx, s); break; /* attributed statements */
  default:
    if (clang_isExpression(k)) {
      c_lower_discard(cx, s);
    } else {
      fx_note(cx->fx, NOTE_UNSUPPORTED, loc, "statement not modelled; lowered as opaque");
      c_emit_opaque(cx, s, "statement");
    }
  }
}

void c_lower_stmt(CCtx *cx, CXCursor s) {
  if (!c_enter(cx, s)) {
    c_emit_opaque(cx, s, "too-deep");
    return;
  }
  lower_stmt_inner(cx, s);
  c_leave(cx);
}

/* Section - switch */

/* Collects the case and default labels of a switch body in source order
** (labels of nested switches belong to those). Case labels may sit anywhere
** in the body (Duff's device), so every statement is searched. */
static void collect_cases(CCtx *cx, CXCursor s, CSwitch *sw, int depth) {
  enum CXCursorKind k = clang_getCursorKind(s);
  if (depth > cx->max_depth || k == CXCursor_SwitchStmt || clang_isExpression(k)) return;
  if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt) {
    CCase c = {s, irb_block_new(fn_of(cx), k == CXCursor_CaseStmt ? "case.body" : "default")};
    array_push(&sw->cases, c);
  }
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  for (uint32_t i = 0; i < n; i++) collect_cases(cx, c_kid(cx, base, i), sw, depth + 1);
  c_kids_pop(cx, base);
}

/* `v == value` for `case value:`, `lo <= v && v <= hi` for `case lo ... hi:` (GNU). */
static IrCond *case_test(CCtx *cx, CXCursor cs, IrValue v, SrcLoc loc) {
  uint32_t base = c_kids(cx, cs), n = c_kids_n(cx, base);
  CXCursor lo = c_kid(cx, base, 0), hi = n >= 3 ? c_kid(cx, base, 1) : clang_getNullCursor();
  c_kids_pop(cx, base);
  IrValue lv = c_lower_expr(cx, lo);
  if (clang_Cursor_isNull(hi)) return lower_cond_cmp(cx->a, IR_COND_EQ, v, lv, loc);
  IrCond *a = lower_cond_cmp(cx->a, IR_COND_GE, v, lv, loc);
  IrCond *b = lower_cond_cmp(cx->a, IR_COND_LE, v, c_lower_expr(cx, hi), loc);
  return lower_cond_bin(cx->a, IR_COND_AND, a, b, loc);
}

/* The test chain: each case's test in source order, then default (or the end). */
static void lower_case_tests(CCtx *cx, const CSwitch *sw, IrValue v, uint32_t end, SrcLoc loc) {
  IrbFunc *f = fn_of(cx);
  uint32_t dflt = end;
  for (uint32_t i = 0; i < sw->cases.len; i++)
    if (clang_getCursorKind(sw->cases.items[i].stmt) == CXCursor_DefaultStmt) dflt = sw->cases.items[i].block;
  for (uint32_t i = 0; i < sw->cases.len; i++) {
    const CCase *c = &sw->cases.items[i];
    if (clang_getCursorKind(c->stmt) != CXCursor_CaseStmt) continue;
    uint32_t test = irb_block_new(f, "case.test");
    fall_into(cx, test, loc);
    uint32_t next = irb_block_new(f, "case.next");
    SrcLoc at = c_loc(cx, c->stmt);
    irb_branch(f, case_test(cx, c->stmt, v, at), c->block, next, at);
    irb_set_cur(f, next);
  }
  if (irb_func_has_cur(f)) irb_jump(f, dflt, loc);
}

void c_lower_switch(CCtx *cx, CXCursor s) {
  IrbFunc *f = fn_of(cx);
  SrcLoc loc = c_loc(cx, s);
  uint32_t base = c_kids(cx, s), n = c_kids_n(cx, base);
  if (n < 2) {
    c_kids_pop(cx, base);
    c_emit_opaque(cx, s, "switch");
    return;
  }
  CXCursor cond = c_kid(cx, base, n - 2), body = c_kid(cx, base, n - 1);
  c_kids_pop(cx, base);
  IrValue v = c_lower_expr(cx, cond);
  CSwitch sw;
  memset(&sw, 0, sizeof sw);
  sw.outer = cx->fn->sw;
  collect_cases(cx, body, &sw, 0);
  uint32_t end = irb_block_new(f, "switch.end");
  lower_case_tests(cx, &sw, v, end, loc);
  cx->fn->sw = &sw;
  c_push_jump(cx, end, IRB_NO_BLOCK);
  lower_sub(cx, body); /* no current block until the first label: code before it never runs */
  c_pop_jump(cx);
  cx->fn->sw = sw.outer;
  array_free(&sw.cases);
  fall_into(cx, end, loc);
}
