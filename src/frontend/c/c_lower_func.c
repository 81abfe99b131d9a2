/* c_lower_func: one C function definition as an IrFunc: its name,
** parameters with their declared types (an unnamed parameter is "_"),
** locals (added as their declarations are lowered), labels for goto, and
** the body. A function defined in a project header records the header's
** relative path (IrFunc.file); its locations are in that header. */
#include <string.h>

#include "frontend/c/c_lower.h"

uint32_t c_label_block(CCtx *cx, const char *name, SrcLoc loc, bool placing) {
  CFn *fn = cx->fn;
  for (uint32_t i = 0; i < fn->labels.len; i++) {
    CLabel *l = &fn->labels.items[i];
    if (strcmp(l->name, name) != 0) continue;
    if (placing) l->placed = true;
    return l->block;
  }
  CLabel l = {name, irb_block_new(fn->f, "label"), placing, loc};
  array_push(&fn->labels, l);
  return l.block;
}

/* `goto L` to a label that is never placed does not compile; its block is
** closed as unreachable so the CFG stays well formed. */
static void close_labels(CCtx *cx) {
  CFn *fn = cx->fn;
  for (uint32_t i = 0; i < fn->labels.len; i++) {
    CLabel *l = &fn->labels.items[i];
    if (l->placed) continue;
    irb_set_cur(fn->f, l->block);
    irb_unreachable(fn->f, l->loc);
  }
}

static void lower_params(CCtx *cx, CXCursor fn) {
  int n = clang_Cursor_getNumArguments(fn);
  for (int i = 0; i < n; i++) {
    CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
    const char *name = c_spelling(cx, p);
    IrVar v = {.name = *name ? name : "_",
               .type = c_type_text(cx, clang_getCursorType(p)),
               .flags = IR_VAR_PARAM,
               .loc = c_loc(cx, p)};
    irb_add_param(cx->fn->f, v);
  }
}

/* The function's body: its last CompoundStmt child (K&R definitions list
** their parameter declarations before it). */
static CXCursor body_of(CCtx *cx, CXCursor fn) {
  uint32_t base = c_kids(cx, fn), n = c_kids_n(cx, base);
  CXCursor body = clang_getNullCursor();
  for (uint32_t i = n; i-- > 0 && clang_Cursor_isNull(body);)
    if (clang_getCursorKind(c_kid(cx, base, i)) == CXCursor_CompoundStmt) body = c_kid(cx, base, i);
  c_kids_pop(cx, base);
  return body;
}

void c_lower_function(CCtx *cx, CXCursor fn_cursor, const char *rel_file) {
  CXCursor body = body_of(cx, fn_cursor);
  if (clang_Cursor_isNull(body)) return;
  const char *name = c_spelling(cx, fn_cursor);
  CXFile file = NULL;
  clang_getFileLocation(clang_getCursorLocation(fn_cursor), &file, NULL, NULL, NULL);
  CXFile saved_file = cx->cur_file;
  cx->cur_file = file;
  CFn fn;
  memset(&fn, 0, sizeof fn);
  fn.file = file;
  fn.loc = (SrcLoc){1, 1, 1, 1};
  fn.loc = c_loc(cx, fn_cursor);
  fn.f = irb_func_begin(cx->b, name, 0, 0, fn.loc);
  if (rel_file) irb_func_set_file(fn.f, rel_file);
  CFn *outer = cx->fn;
  cx->fn = &fn;
  lower_params(cx, fn_cursor);
  irb_func_set_end(fn.f, c_loc_last(cx, body));
  c_lower_stmt(cx, body);
  close_labels(cx);
  cx->fn = outer;
  cx->cur_file = saved_file;
  array_free(&fn.jumps);
  array_free(&fn.labels);
  array_free(&fn.cleanups);
}
