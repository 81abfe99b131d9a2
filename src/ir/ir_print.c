#include "ir/ir_print.h"

#include <string.h>

/* Instruction and terminator text is padded to this column before the
** location, so that locations line up in a dump. */
enum { IR_PRINT_LOC_COL = 52 };

static void print_quoted(const char *s, char quote, StrBuf *out) {
  strbuf_putc(out, quote);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    switch (*p) {
      case '\\': strbuf_puts(out, "\\\\"); break;
      case '\n': strbuf_puts(out, "\\n"); break;
      case '\r': strbuf_puts(out, "\\r"); break;
      case '\t': strbuf_puts(out, "\\t"); break;
      default:
        if (*p == (unsigned char)quote) {
          strbuf_putc(out, '\\');
          strbuf_putc(out, (char)*p);
        } else if (*p < 0x20 || *p == 0x7f) {
          strbuf_printf(out, "\\x%02x", *p);
        } else {
          strbuf_putc(out, (char)*p);
        }
    }
  }
  strbuf_putc(out, quote);
}

static void print_subs(const IrValue *v, const char *open, const char *close, StrBuf *out) {
  strbuf_puts(out, open);
  for (uint32_t i = 0; i < v->n_subs; i++) {
    if (i) strbuf_puts(out, ", ");
    ir_print_value(&v->subs[i], out);
  }
  strbuf_puts(out, close);
}

void ir_print_value(const IrValue *v, StrBuf *out) {
  if (v->flags & IR_VF_SPREAD) strbuf_puts(out, "...");
  if (v->key && (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE || v->kind == IR_V_BOOL))
    strbuf_printf(out, "%s: ", v->key);
  switch (v->kind) {
    case IR_V_NONE: strbuf_puts(out, "_"); break;
    case IR_V_PATH:
    case IR_V_NUMBER:
    case IR_V_BOOL: strbuf_puts(out, v->text ? v->text : "?"); break;
    case IR_V_NULL: strbuf_puts(out, v->text ? v->text : "null"); break;
    case IR_V_STRING: print_quoted(v->text, '"', out); break;
    case IR_V_TEMPLATE:
      print_quoted(v->text, '`', out);
      if (v->n_subs) print_subs(v, "{", "}", out);
      break;
    case IR_V_FUNC: strbuf_printf(out, "fn#%d", v->func); break;
    case IR_V_ADDR: strbuf_printf(out, "&%s", v->text ? v->text : "?"); break;
    case IR_V_OTHER:
      print_subs(v, (v->flags & IR_VF_NOT)    ? "not{"
                    : (v->flags & IR_VF_LIST) ? "list["
                    : (v->flags & IR_VF_STEP) ? "step{"
                                              : "other{",
                 (v->flags & IR_VF_LIST) ? "]" : "}", out);
      break;
  }
}

static void print_values(const IrValue *vals, uint32_t n, StrBuf *out) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) strbuf_puts(out, ", ");
    ir_print_value(&vals[i], out);
  }
}

static bool cond_is_binary_logic(const IrCond *c) { return c->kind == IR_COND_AND || c->kind == IR_COND_OR; }

static void print_cond_operand(const IrCond *c, bool parens, StrBuf *out) {
  if (parens) strbuf_putc(out, '(');
  ir_print_cond(c, out);
  if (parens) strbuf_putc(out, ')');
}

static const char *cond_op(IrCondKind k) {
  switch (k) {
    case IR_COND_EQ: return "==";
    case IR_COND_NE: return "!=";
    case IR_COND_LT: return "<";
    case IR_COND_LE: return "<=";
    case IR_COND_GT: return ">";
    case IR_COND_GE: return ">=";
    default: return "?";
  }
}

void ir_print_cond(const IrCond *c, StrBuf *out) {
  if (!c) {
    strbuf_puts(out, "<no cond>");
    return;
  }
  switch (c->kind) {
    case IR_COND_TRUTHY: ir_print_value(&c->a, out); break;
    case IR_COND_NOT:
      strbuf_putc(out, '!');
      print_cond_operand(c->lhs, c->lhs && c->lhs->kind != IR_COND_TRUTHY && c->lhs->kind != IR_COND_NOT, out);
      break;
    case IR_COND_AND:
    case IR_COND_OR:
      print_cond_operand(c->lhs, c->lhs && cond_is_binary_logic(c->lhs) && c->lhs->kind != c->kind, out);
      strbuf_puts(out, c->kind == IR_COND_AND ? " && " : " || ");
      print_cond_operand(c->rhs, c->rhs && cond_is_binary_logic(c->rhs), out);
      break;
    case IR_COND_OPAQUE:
      strbuf_puts(out, "opaque(");
      ir_print_value(&c->a, out);
      strbuf_putc(out, ')');
      break;
    default:
      ir_print_value(&c->a, out);
      strbuf_printf(out, " %s ", cond_op(c->kind));
      ir_print_value(&c->b, out);
  }
}

/* Pads the current line to the location column and appends "@line:col". */
static void print_loc_at(StrBuf *out, size_t line_start, SrcLoc loc) {
  size_t width = out->len - line_start;
  if (width < IR_PRINT_LOC_COL) {
    for (size_t i = width; i < IR_PRINT_LOC_COL; i++) strbuf_putc(out, ' ');
  } else {
    strbuf_puts(out, "  ");
  }
  strbuf_printf(out, "@%u:%u", loc.line, loc.col);
}

static void print_call(const IrCall *c, bool is_defer, StrBuf *out) {
  if (c->n_results) {
    print_values(c->results, c->n_results, out);
    strbuf_puts(out, " = ");
  }
  if (is_defer) strbuf_puts(out, "defer ");
  if (c->flags & IR_CALL_AWAITED) strbuf_puts(out, "await ");
  if (c->flags & IR_CALL_NEW) strbuf_puts(out, "new ");
  strbuf_puts(out, "call ");
  if (c->callee) strbuf_puts(out, c->callee);
  else ir_print_value(&c->callee_value, out);
  strbuf_putc(out, '(');
  print_values(c->args, c->n_args, out);
  strbuf_putc(out, ')');
}

static void print_call_flags(uint16_t flags, StrBuf *out) {
  if (flags & IR_CALL_MAY_THROW) strbuf_puts(out, "  [throws]");
  if (flags & IR_CALL_OPTIONAL) strbuf_puts(out, "  [optional]");
  if (flags & IR_CALL_NORETURN) strbuf_puts(out, "  [noreturn]");
}

static void print_instr(const IrInstr *in, StrBuf *out) {
  size_t start = out->len;
  strbuf_puts(out, "    ");
  switch (in->kind) {
    case IR_CALL:
    case IR_DEFER: print_call(&in->u.call, in->kind == IR_DEFER, out); break;
    case IR_ASSIGN:
      ir_print_value(&in->u.assign.dst, out);
      strbuf_puts(out, " = ");
      if (in->u.assign.flags & IR_ASSIGN_AWAITED) strbuf_puts(out, "await ");
      ir_print_value(&in->u.assign.src, out);
      break;
    case IR_OPAQUE:
      strbuf_printf(out, "opaque %s uses(", in->u.opaque.what ? in->u.opaque.what : "?");
      print_values(in->u.opaque.uses, in->u.opaque.n_uses, out);
      strbuf_putc(out, ')');
      break;
    default: strbuf_printf(out, "<bad instr kind %d>", (int)in->kind);
  }
  print_loc_at(out, start, in->loc);
  if (in->kind == IR_CALL || in->kind == IR_DEFER) print_call_flags(in->u.call.flags, out);
  if (in->kind == IR_ASSIGN && (in->u.assign.flags & IR_ASSIGN_DECL)) strbuf_puts(out, "  [decl]");
  if (in->kind == IR_ASSIGN && (in->u.assign.flags & IR_ASSIGN_COMMA_OK)) strbuf_puts(out, "  [comma-ok]");
  if (in->kind == IR_ASSIGN && (in->u.assign.flags & IR_ASSIGN_RANGE_KEY)) strbuf_puts(out, "  [range-key]");
  strbuf_putc(out, '\n');
}

static void print_term(const IrTerm *t, StrBuf *out) {
  size_t start = out->len;
  strbuf_puts(out, "    ");
  switch (t->kind) {
    case IR_T_JUMP: strbuf_printf(out, "jump b%u", t->succ[0]); break;
    case IR_T_BRANCH:
      strbuf_puts(out, "branch ");
      ir_print_cond(t->cond, out);
      strbuf_printf(out, " ? b%u : b%u", t->succ[0], t->succ[1]);
      break;
    case IR_T_RET:
      strbuf_puts(out, "ret");
      if (t->n_values) strbuf_putc(out, ' ');
      print_values(t->values, t->n_values, out);
      break;
    case IR_T_THROW:
      if (t->n_values == 0 || t->values[0].kind == IR_V_NONE) {
        strbuf_puts(out, "rethrow");
      } else {
        strbuf_puts(out, "throw ");
        ir_print_value(&t->values[0], out);
      }
      break;
    case IR_T_UNREACHABLE: strbuf_puts(out, "unreachable"); break;
  }
  print_loc_at(out, start, t->loc);
  strbuf_putc(out, '\n');
}

static void print_var(const IrVar *v, StrBuf *out) {
  if (v->flags & IR_VAR_REST) strbuf_puts(out, "...");
  strbuf_puts(out, v->name);
  if (v->type) strbuf_printf(out, ": %s", v->type);
  if (v->flags & IR_VAR_CAPTURED) strbuf_puts(out, " [captured]");
}

static void print_vars(const char *label, const IrVar *vars, uint32_t n, StrBuf *out) {
  if (!n) return;
  strbuf_printf(out, "  %s: ", label);
  for (uint32_t i = 0; i < n; i++) {
    if (i) strbuf_puts(out, ", ");
    print_var(&vars[i], out);
  }
  strbuf_putc(out, '\n');
}

static void print_func_flags(uint16_t flags, StrBuf *out) {
  static const struct { uint16_t bit; const char *name; } names[] = {
      {IR_FUNC_ASYNC, "async"},   {IR_FUNC_GENERATOR, "generator"}, {IR_FUNC_ARROW, "arrow"},
      {IR_FUNC_METHOD, "method"}, {IR_FUNC_CTOR, "ctor"},           {IR_FUNC_STATIC, "static"},
      {IR_FUNC_TOPLEVEL, "toplevel"}, {IR_FUNC_PARSE_ERROR, "parse-error"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (flags & names[i].bit) strbuf_printf(out, " %s", names[i].name);
}

static void print_block(const IrBlock *b, StrBuf *out) {
  strbuf_printf(out, "  b%u %s:", b->id, b->kind ? b->kind : "block");
  if (b->exn >= 0) strbuf_printf(out, "  exn b%d", b->exn);
  strbuf_putc(out, '\n');
  for (uint32_t i = 0; i < b->n_instrs; i++) print_instr(&b->instrs[i], out);
  print_term(&b->term, out);
}

void ir_print_func(const IrModule *m, const IrFunc *f, StrBuf *out) {
  strbuf_printf(out, "func #%u %s(", f->index, f->name ? f->name : "?");
  for (uint32_t i = 0; i < f->n_params; i++) {
    if (i) strbuf_puts(out, ", ");
    print_var(&f->params[i], out);
  }
  strbuf_putc(out, ')');
  print_func_flags(f->flags, out);
  if (f->class_name) strbuf_printf(out, " class=%s", f->class_name);
  if (f->parent >= 0) {
    const char *pname = m && (uint32_t)f->parent < m->n_funcs ? m->funcs[f->parent].name : NULL;
    strbuf_printf(out, " in #%d", f->parent);
    if (pname) strbuf_printf(out, " (%s)", pname);
  }
  if (f->file) {
    strbuf_puts(out, " file ");
    print_quoted(f->file, '"', out);
  }
  strbuf_printf(out, "  @%u:%u\n", f->loc.line, f->loc.col);
  print_vars("locals", f->locals, f->n_locals, out);
  if (f->n_captures) {
    strbuf_puts(out, "  captures: ");
    for (uint32_t i = 0; i < f->n_captures; i++) strbuf_printf(out, "%s%s", i ? ", " : "", f->captures[i]);
    strbuf_putc(out, '\n');
  }
  for (uint32_t i = 0; i < f->n_blocks; i++) print_block(&f->blocks[i], out);
}

static void print_import(const IrImport *im, StrBuf *out) {
  strbuf_printf(out, "import %s = ", im->local ? im->local : "_");
  print_quoted(im->specifier, '"', out);
  strbuf_printf(out, ".%s", im->imported ? im->imported : "?");
  if (im->flags & IR_IMPORT_TYPE_ONLY) strbuf_puts(out, " [type]");
  if (im->flags & IR_IMPORT_REQUIRE) strbuf_puts(out, " [require]");
  if (im->flags & IR_IMPORT_DYNAMIC) strbuf_puts(out, " [dynamic]");
  if (im->flags & IR_IMPORT_LINKED) strbuf_puts(out, " [linked]");
  strbuf_printf(out, "  @%u:%u\n", im->loc.line, im->loc.col);
}

static void print_module_tables(const IrModule *m, StrBuf *out) {
  for (uint32_t i = 0; i < m->n_imports; i++) print_import(&m->imports[i], out);
  for (uint32_t i = 0; i < m->n_exports; i++) {
    strbuf_printf(out, "export %s = ", m->exports[i].exported ? m->exports[i].exported : "?");
    ir_print_value(&m->exports[i].value, out);
    if (m->exports[i].flags & IR_EXPORT_LINKED) strbuf_puts(out, " [linked]");
    strbuf_printf(out, "  @%u:%u\n", m->exports[i].loc.line, m->exports[i].loc.col);
  }
  for (uint32_t i = 0; i < m->n_consts; i++) {
    strbuf_printf(out, "const %s = ", m->consts[i].name);
    print_quoted(m->consts[i].value, '"', out);
    strbuf_printf(out, "  @%u:%u\n", m->consts[i].loc.line, m->consts[i].loc.col);
  }
  for (uint32_t i = 0; i < m->n_fields; i++) {
    const IrField *fl = &m->fields[i];
    strbuf_printf(out, "field %s.%s", fl->owner ? fl->owner : "?", fl->name ? fl->name : "?");
    if (fl->type) strbuf_printf(out, ": %s", fl->type);
    if (fl->init.kind != IR_V_NONE) {
      strbuf_puts(out, " = ");
      ir_print_value(&fl->init, out);
    }
    if (fl->flags & IR_FUNC_STATIC) strbuf_puts(out, " [static]");
    if (fl->flags & IR_FIELD_EMBEDDED) strbuf_puts(out, " [embedded]");
    if (fl->flags & IR_FIELD_METHOD) strbuf_puts(out, " [method]");
    strbuf_printf(out, "  @%u:%u\n", fl->loc.line, fl->loc.col);
  }
  for (uint32_t i = 0; i < m->n_types; i++) {
    const IrTypeDecl *t = &m->types[i];
    static const char *const kinds[] = {"struct", "interface", "other"};
    strbuf_printf(out, "type %s ", t->name ? t->name : "?");
    if (t->kind == IR_TYPE_OTHER) strbuf_printf(out, "%s%s", t->alias ? "= " : "", t->underlying ? t->underlying : "?");
    else strbuf_puts(out, kinds[t->kind]);
    strbuf_printf(out, "  @%u:%u\n", t->loc.line, t->loc.col);
  }
}

void ir_print_module(const IrModule *m, StrBuf *out) {
  strbuf_puts(out, "module ");
  print_quoted(m->path, '"', out);
  strbuf_printf(out, " %s", ir_lang_name(m->lang));
  if (m->package) strbuf_printf(out, " package %s", m->package);
  strbuf_putc(out, '\n');
  print_module_tables(m, out);
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    strbuf_putc(out, '\n');
    ir_print_func(m, &m->funcs[i], out);
  }
}
