/* c_frontend: parses one C file with libclang (the file's compile flags,
** KeepGoing so that a missing header still yields an AST) and lowers the
** function bodies of the translation unit that are written in the file or
** in one of the project's headers. Diagnostics become notes; a function
** whose code has an error is not lowered, because an AST with holes in it
** would give findings nobody can trust. A call to an undeclared function is
** no hole (C89 declares it `int f()`, and the real build has its header):
** it is lowered as a call to an unknown external function, each such name
** is an undeclared-function note (the driver reports them once a run), and
** only after a missing header, whose macros may hide behind such a name,
** is the function left out.
** File-scope variables become locals of funcs[0]; string constants become
** IrConsts; functions with external linkage are exported by name and the
** functions the file calls without defining them are imported by name
** (both IR_*_LINKED), with the header that declares them as specifier, so
** API models can recognise their library and the project link can find
** wrappers defined in other translation units. */
#define _DEFAULT_SOURCE /* realpath */
#include "frontend/c/c_frontend.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/check.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "frontend/c/c_lower.h"

struct CIndexRef {
  CXIndex index; /* owned */
};

CIndexRef *c_index_new(void) {
  if (!c_libclang_load(NULL)) return NULL; /* c_lower_file says why */
  CIndexRef *r = xcalloc(1, sizeof *r);
  r->index = clang_createIndex(0, 0);
  return r;
}

void c_index_delete(CIndexRef *self) {
  if (!self) return;
  clang_disposeIndex(self->index);
  free(self);
}

/* Section - Parsing */

/* Flags txlint adds after the file's own: every error is reported (the
** soundness check needs them all), warnings stay warnings (-Werror in a
** compile command would turn an unused variable into a function we skip),
** and no typo correction is attempted on broken code. */
static const char *const extra_args[] = {"-ferror-limit=0", "-Wno-error", "-fno-spell-checking"};
static const unsigned parse_options = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;

const char *const *fe_c_extra_args(uint32_t *n_out) {
  *n_out = (uint32_t)ARRAY_LEN(extra_args);
  return extra_args;
}

unsigned fe_c_parse_options(void) { return parse_options; }

static CXTranslationUnit parse(CIndexRef *ix, FileCtx *fx, const FeCFlags *flags) {
  uint32_t n_user = flags ? flags->n_args : 0;
  size_t cap = n_user + ARRAY_LEN(extra_args) + 1;
  const char **argv = xcalloc(cap, sizeof *argv);
  size_t n = 0; /* no -working-directory: libclang would chdir the whole process there */
  for (uint32_t i = 0; i < n_user; i++) argv[n++] = flags->args[i];
  for (size_t i = 0; i < ARRAY_LEN(extra_args); i++) argv[n++] = extra_args[i];
  struct CXUnsavedFile uf = {fx->path, fx->src ? fx->src : "", (unsigned long)fx->src_len};
  CXTranslationUnit tu = NULL;
  enum CXErrorCode ec = clang_parseTranslationUnit2(ix->index, fx->path, argv, (int)n, &uf, 1, parse_options, &tu);
  free(argv);
  if (ec != CXError_Success || !tu) {
    fx_note(fx, ec == CXError_Crashed ? NOTE_INTERNAL : NOTE_PARSE_ERROR, (SrcLoc){0, 0, 0, 0},
            "libclang could not parse the file (%s)",
            ec == CXError_Crashed ? "it crashed" : ec == CXError_InvalidArguments ? "invalid arguments" : "failure");
    if (tu) clang_disposeTranslationUnit(tu);
    return NULL;
  }
  return tu;
}

/* Section - Diagnostics and soundness */

typedef struct DiagPos {
  CXFile file;
  unsigned offset, line;
  const char *message; /* arena */
} DiagPos;

/* An error in the main file, held until the functions are walked: one inside
** a function that is not analysed is counted in that function's note rather
** than reported again on its own. */
typedef struct MainError {
  unsigned offset;
  SrcLoc at;
  const char *message; /* arena */
  bool folded;         /* counted in a "not analysed" note */
} MainError;

/* The first parse error in a header, and how many followed it there: the
** rest are most often its consequences (a library header of another
** version, a macro the build would define), so one note says it. */
typedef struct HeaderError {
  const char *path;    /* real path (arena) */
  SrcLoc at;
  const char *message; /* arena */
  unsigned n_more;
} HeaderError;

typedef struct Diags {
  ARRAY(DiagPos) bad;      /* heap: errors by expansion location */
  ARRAY(DiagPos) undeclared; /* heap: calls to undeclared functions, by expansion location */
  const char *missing;     /* the first header not found (arena), or NULL */
  ARRAY(MainError) main_errors; /* heap: parse errors in the main file, in diagnostic order */
  ARRAY(HeaderError) header_errors; /* heap: per header with errors, its first */
} Diags;

/* What a diagnostic means for the analysis. Implicit declarations are told
** apart by their warning option, whatever their severity: -Werror=… in a
** compile command (or a newer clang's default) makes them errors, yet the
** code is the same valid C89. */
typedef enum DiagClass {
  DIAG_HARMLESS,   /* a warning or remark */
  DIAG_ERROR,      /* the AST has a hole: the function is not lowered */
  DIAG_UNDECLARED, /* a call to a function no declaration is in scope for */
} DiagClass;

/* GCC folds a const object of static storage used in a static initializer
** (`static const Pattern P = {.b = …}; static Row t[] = {{.p = P}}`); clang
** 14 gives up on such an object when a member of it is implicitly zeroed,
** for every -std and -O. Its AST keeps the whole initializer, so nothing
** is lost and no note is owed (pg_auto_failover's FSM table). */
static bool is_gcc_constant_folding(CXDiagnostic d) {
  CXString msg = clang_getDiagnosticSpelling(d);
  const char *m = clang_getCString(msg);
  bool hit = m && strcmp(m, "initializer element is not a compile-time constant") == 0;
  clang_disposeString(msg);
  return hit;
}

static DiagClass diag_class(CXDiagnostic d) {
  CXString opt = clang_getDiagnosticOption(d, NULL);
  const char *o = clang_getCString(opt);
  DiagClass k = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error ? DIAG_ERROR : DIAG_HARMLESS;
  if (o && strcmp(o, "-Wimplicit-function-declaration") == 0) k = DIAG_UNDECLARED;
  else if (o && strcmp(o, "-Wimplicit-int") == 0) k = DIAG_HARMLESS; /* `static count;`, K&R `main()` */
  else if (k == DIAG_ERROR && is_gcc_constant_folding(d)) k = DIAG_HARMLESS;
  clang_disposeString(opt);
  return k;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The real path of a file other than the main one (NULL when unknown), so
** that every translation unit names a header the same way. */
static const char *other_file_path(CCtx *cx, CXFile file) {
  const char *path = c_take(cx, clang_getFileName(file));
  char real[PATH_MAX];
  return path && realpath(path, real) ? arena_strdup(cx->a, real) : path;
}

static void note_header_error(Diags *ds, const char *path, SrcLoc at, const char *msg) {
  for (uint32_t i = 0; i < ds->header_errors.len; i++)
    if (strcmp(ds->header_errors.items[i].path, path) == 0) {
      ds->header_errors.items[i].n_more++;
      return;
    }
  HeaderError e = {path, at, msg, 0};
  array_push(&ds->header_errors, e);
}

/* A diagnostic in the main file is its note; one in a header is a note
** located in that header (fx_note_in), which the driver reports once per
** run however many translation units include it. */
static void note_diagnostic(CCtx *cx, Diags *ds, CXDiagnostic d, CXFile file, unsigned line, unsigned col,
                            unsigned off) {
  const char *msg = c_take(cx, clang_getDiagnosticSpelling(d));
  bool in_main = file && clang_File_isEqual(file, cx->main_file);
  SrcLoc at = file ? (SrcLoc){line, col, line, col + 1} : (SrcLoc){0, 0, 0, 0};
  const char *in_path = file && !in_main ? other_file_path(cx, file) : NULL;
  NoteKind kind = NOTE_PARSE_ERROR;
  if (ends_with(msg, "file not found")) {
    if (!ds->missing) ds->missing = msg;
    kind = NOTE_MISSING_HEADER;
  } else if (!file) {
    kind = NOTE_COMPILE_FLAGS;
  } else if (ds->missing) { /* after a missing header, the errors are its consequences */
    return;
  }
  if (in_path && kind == NOTE_PARSE_ERROR) {
    note_header_error(ds, in_path, at, msg);
  } else if (in_path) {
    fx_note_in(cx->fx, kind, in_path, at, "%s", msg);
  } else if (kind == NOTE_PARSE_ERROR) {
    MainError e = {off, at, msg, false};
    array_push(&ds->main_errors, e);
  } else {
    fx_note(cx->fx, kind, at, "%s", msg);
  }
}

/* Marks the main file's errors inside fn's text as counted in its note; how
** many, and the first of them. */
static unsigned fold_errors_in(Diags *ds, CCtx *cx, CXCursor fn, const MainError **first) {
  CXSourceRange r = clang_getCursorExtent(fn);
  CXFile f1, f2;
  unsigned lo, hi, n = 0;
  if (!c_file_offset(clang_getRangeStart(r), &f1, &lo) || !c_file_offset(clang_getRangeEnd(r), &f2, &hi) ||
      !clang_File_isEqual(f1, cx->main_file))
    return 0;
  for (uint32_t i = 0; i < ds->main_errors.len; i++) {
    MainError *e = &ds->main_errors.items[i];
    if (e->folded || e->offset < lo || e->offset > hi) continue;
    if (!n++) *first = e;
    e->folded = true;
  }
  return n;
}

/* The main file's errors that no "not analysed" note counted, and each
** header's first error. */
static void flush_main_errors(CCtx *cx, Diags *ds) {
  for (uint32_t i = 0; i < ds->header_errors.len; i++) {
    const HeaderError *e = &ds->header_errors.items[i];
    if (e->n_more)
      fx_note_in(cx->fx, NOTE_PARSE_ERROR, e->path, e->at, "%s (and %u more error%s in this header)", e->message,
                 e->n_more, e->n_more == 1 ? "" : "s");
    else
      fx_note_in(cx->fx, NOTE_PARSE_ERROR, e->path, e->at, "%s", e->message);
  }
  for (uint32_t i = 0; i < ds->main_errors.len; i++)
    if (!ds->main_errors.items[i].folded)
      fx_note(cx->fx, NOTE_PARSE_ERROR, ds->main_errors.items[i].at, "%s", ds->main_errors.items[i].message);
}

static void read_diagnostics(CCtx *cx, Diags *ds) {
  unsigned n = clang_getNumDiagnostics(cx->tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(cx->tu, i);
    CXFile file = NULL;
    unsigned line = 0, col = 0, off = 0;
    clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file, &line, &col, &off);
    DiagClass k = diag_class(d);
    if (k != DIAG_HARMLESS && file) {
      DiagPos p = {file, off, line, c_take(cx, clang_getDiagnosticSpelling(d))};
      if (k == DIAG_ERROR) array_push(&ds->bad, p);
      else array_push(&ds->undeclared, p);
      if (k == DIAG_UNDECLARED && clang_File_isEqual(file, cx->main_file)) array_push(&cx->undeclared_at, off);
    }
    if (k == DIAG_ERROR) note_diagnostic(cx, ds, d, file, line, col, off);
    clang_disposeDiagnostic(d);
  }
}

static const DiagPos *first_within(const DiagPos *items, uint32_t n, CXFile file, unsigned lo, unsigned hi) {
  for (uint32_t i = 0; i < n; i++)
    if (clang_File_isEqual(items[i].file, file) && items[i].offset >= lo && items[i].offset <= hi) return &items[i];
  return NULL;
}

/* NULL when no error lies inside the function's text; else the first one.
** After a missing header a call to an undeclared function counts as one:
** the name is most likely that header's (a function or a macro). */
static const DiagPos *function_error(const Diags *ds, CXCursor fn) {
  static const DiagPos invalid = {NULL, 0, 0, "invalid declaration"};
  if (clang_isInvalidDeclaration(fn)) return &invalid;
  CXSourceRange r = clang_getCursorExtent(fn);
  CXFile f1, f2;
  unsigned lo, hi;
  if (!c_file_offset(clang_getRangeStart(r), &f1, &lo) || !c_file_offset(clang_getRangeEnd(r), &f2, &hi))
    return &invalid;
  const DiagPos *bad = first_within(ds->bad.items, ds->bad.len, f1, lo, hi);
  if (!bad && ds->missing) bad = first_within(ds->undeclared.items, ds->undeclared.len, f1, lo, hi);
  return bad;
}

/* Section - The translation unit */

typedef struct HeaderSlot {
  CXFile file;
  const char *rel; /* the project path, or NULL when the header is not the project's */
} HeaderSlot;

typedef struct TuWalk {
  CCtx *cx;
  const FeCFlags *flags;
  Diags *diags;
  ARRAY(HeaderSlot) headers; /* heap: files already classified */
  Map lowered;               /* arena: names of the functions lowered */
  ARRAY(IrExport) exports;   /* heap */
  /* Functions left out for a missing header after the first (which has its
  ** own note): one note names them all, so a tree built without its include
  ** flags gives a note per file, not one per function. */
  uint32_t n_more_missing;
  StrBuf more_missing;       /* heap: "a, b, c" (the first few names) */
} TuWalk;

/* The project path of the header file, or NULL (system and library headers,
** files outside the analysed tree). Classified once per file. */
static const char *project_header(TuWalk *w, CXFile file) {
  for (uint32_t i = 0; i < w->headers.len; i++)
    if (clang_File_isEqual(w->headers.items[i].file, file)) return w->headers.items[i].rel;
  const char *rel = NULL;
  if (w->flags && w->flags->project_path) {
    CXString name = clang_getFileName(file);
    char real[PATH_MAX];
    const char *p = clang_getCString(name);
    if (p && realpath(p, real)) {
      const char *r = w->flags->project_path(w->flags->project_ud, real);
      if (r) rel = arena_strdup(w->cx->a, r);
    }
    clang_disposeString(name);
  }
  HeaderSlot slot = {file, rel};
  array_push(&w->headers, slot);
  return rel;
}

enum { MORE_MISSING_NAMED = 8 };

static void note_more_missing(TuWalk *w, const char *name) {
  if (w->n_more_missing - 1 > MORE_MISSING_NAMED) return;
  if (w->more_missing.len) strbuf_puts(&w->more_missing, ", ");
  strbuf_puts(&w->more_missing, name);
}

/* The note for every function but the first that a missing header left out. */
static void flush_more_missing(TuWalk *w) {
  uint32_t more = w->n_more_missing > 1 ? w->n_more_missing - 1 : 0;
  if (more)
    fx_note(w->cx->fx, NOTE_MISSING_HEADER, (SrcLoc){0, 0, 0, 0}, "%u more functions not analysed (%s): %s%s", more,
            w->diags->missing, w->more_missing.len ? w->more_missing.data : "",
            more > MORE_MISSING_NAMED ? ", …" : "");
  strbuf_fini(&w->more_missing);
}

/* A function left out for an error of its own: one note, with the first
** error and how many more the compiler reported inside it. */
static void note_not_analysed(TuWalk *w, CXCursor c, SrcLoc at, const char *name, const DiagPos *bad) {
  const MainError *first = NULL;
  unsigned n = fold_errors_in(w->diags, w->cx, c, &first);
  const char *msg = bad->message;
  unsigned line = bad->line;
  if (!line && first) msg = first->message, line = first->at.line; /* an invalid declaration: say why */
  if (n > 1)
    fx_note(w->cx->fx, NOTE_PARSE_ERROR, at, "%s not analysed: %s (line %u; %u more error%s in it)", name, msg, line,
            n - 1, n == 2 ? "" : "s");
  else
    fx_note(w->cx->fx, NOTE_PARSE_ERROR, at, "%s not analysed: %s (line %u)", name, msg, line);
}

typedef struct UndeclaredWalk {
  CCtx *cx;
  int depth; /* guarded like the lowering: deeper code is opaque there too */
  bool hit;
} UndeclaredWalk;

static enum CXChildVisitResult find_undeclared_call(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  UndeclaredWalk *u = data;
  if (clang_getCursorKind(c) == CXCursor_CallExpr) {
    CXCursor ref = clang_getCursorReferenced(c);
    u->hit = clang_getCursorKind(ref) == CXCursor_FunctionDecl && c_decl_is_implicit(u->cx, ref);
    if (u->hit) return CXChildVisit_Break;
  }
  if (u->depth >= u->cx->max_depth) return CXChildVisit_Continue;
  u->depth++;
  clang_visitChildren(c, find_undeclared_call, u);
  u->depth--;
  return u->hit ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* After a missing header, a call to an undeclared function leaves its
** caller out (function_error); clang warns at a name's first call only, so
** the later callers are found by walking their calls. */
static const DiagPos *undeclared_after_missing(TuWalk *w, CXCursor fn) {
  static const DiagPos call = {NULL, 0, 0, "a call to a function the missing header may declare"};
  if (!w->diags->missing || !w->cx->undeclared_at.len) return NULL;
  UndeclaredWalk u = {w->cx, 0, false};
  clang_visitChildren(fn, find_undeclared_call, &u);
  return u.hit ? &call : NULL;
}

static void lower_function_def(TuWalk *w, CXCursor c, bool in_main) {
  CCtx *cx = w->cx;
  const char *rel = NULL;
  if (!in_main) {
    CXSourceLocation l = clang_getCursorLocation(c);
    CXFile f = NULL;
    clang_getFileLocation(l, &f, NULL, NULL, NULL);
    if (!f || clang_Location_isInSystemHeader(l) || !(rel = project_header(w, f))) return;
  }
  const char *name = c_spelling(cx, c);
  if (!*name || map_get_cstr(&w->lowered, name)) return;
  const DiagPos *bad = function_error(w->diags, c);
  if (!bad) bad = undeclared_after_missing(w, c);
  if (bad) {
    CXFile saved = cx->cur_file;
    CXFile f = NULL;
    clang_getFileLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
    cx->cur_file = f;
    SrcLoc at = in_main ? c_loc(cx, c) : (SrcLoc){0, 0, 0, 0};
    cx->cur_file = saved;
    if (w->diags->missing && w->n_more_missing++ == 0)
      fx_note(cx->fx, NOTE_MISSING_HEADER, at, "%s not analysed: %s (%s)", name, bad->message, w->diags->missing);
    else if (w->diags->missing)
      note_more_missing(w, name);
    else
      note_not_analysed(w, c, at, name, bad);
    return;
  }
  map_set_cstr(&w->lowered, name, (void *)1);
  c_lower_function(cx, c, rel);
  if (in_main && clang_getCursorLinkage(c) == CXLinkage_External) {
    SrcLoc loc = {0, 0, 0, 0};
    cx->cur_file = cx->main_file;
    loc = c_loc(cx, c);
    IrExport e = {name, irv_path(name, loc), IR_EXPORT_LINKED, loc};
    array_push(&w->exports, e);
  }
}

/* A file-scope variable: a local of funcs[0], its initialiser assigned
** there, and an IrConst when it is a string constant. */
static void lower_file_var(CCtx *cx, CXCursor c) {
  const char *name = c_spelling(cx, c);
  if (!*name) return;
  SrcLoc loc = c_loc(cx, c);
  const char *type = c_type_text(cx, clang_getCursorType(c));
  IrVar v = {.name = name, .type = type, .loc = loc};
  irb_add_local(cx->module_fn, v);
  CXCursor init = clang_Cursor_getVarDeclInitializer(c);
  if (clang_Cursor_isNull(init)) return;
  CXCursor s = c_strip(cx, init);
  if (clang_getCursorKind(s) == CXCursor_StringLiteral && type && strstr(type, "const char")) {
    IrValue str = c_lower_expr(cx, init);
    IrConst k = {name, str.text, loc};
    irb_add_const(cx->b, k);
  }
  c_lower_into(cx, init, irv_path(name, loc), IR_ASSIGN_DECL, loc);
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  TuWalk *w = data;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl) return CXChildVisit_Continue;
  bool in_main = clang_Location_isFromMainFile(clang_getCursorLocation(c)) != 0;
  if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) lower_function_def(w, c, in_main);
  else if (k == CXCursor_VarDecl && in_main && clang_Cursor_getStorageClass(c) != CX_SC_Extern) lower_file_var(w->cx, c);
  return CXChildVisit_Continue;
}

/* Imports for the functions called but not defined here, in first-call
** order; a note for each one called undeclared, at its first call. */
static void add_imports(CCtx *cx, const Map *lowered) {
  for (uint32_t i = 0; i < cx->callee_order.len; i++) {
    const CCallee *ce = cx->callee_order.items[i];
    if (map_get_cstr(lowered, ce->name)) continue;
    if (ce->undeclared) fx_note(cx->fx, NOTE_UNDECLARED_FUNCTION, ce->loc, "%s", ce->name);
    IrImport imp = {ce->name, ce->header, ce->name, IR_IMPORT_LINKED, ce->loc};
    irb_add_import(cx->b, imp);
  }
}

static uint32_t count_lines(const FileCtx *fx) {
  uint32_t n = 1;
  for (size_t i = 0; fx->src && i < fx->src_len; i++) n += fx->src[i] == '\n';
  return fx->src_len && fx->src[fx->src_len - 1] == '\n' ? n - 1 : n;
}

static IrModule *lower_tu(CCtx *cx, const FeCFlags *flags) {
  Diags ds;
  memset(&ds, 0, sizeof ds);
  read_diagnostics(cx, &ds);
  uint32_t last = count_lines(cx->fx);
  cx->module_fn = irb_func_begin(cx->b, "<module>", -1, IR_FUNC_TOPLEVEL, (SrcLoc){1, 1, last, 1});
  irb_func_set_end(cx->module_fn, (SrcLoc){last, 1, last, 1});
  TuWalk w;
  memset(&w, 0, sizeof w);
  w.cx = cx;
  w.flags = flags;
  w.diags = &ds;
  map_init(&w.lowered, cx->a);
  strbuf_init(&w.more_missing);
  clang_visitChildren(clang_getTranslationUnitCursor(cx->tu), visit_top, &w);
  flush_more_missing(&w);
  flush_main_errors(cx, &ds);
  add_imports(cx, &w.lowered);
  for (uint32_t i = 0; i < w.exports.len; i++) irb_add_export(cx->b, w.exports.items[i]);
  array_free(&w.exports);
  array_free(&w.headers);
  array_free(&ds.bad);
  array_free(&ds.undeclared);
  array_free(&ds.main_errors);
  array_free(&ds.header_errors);
  return irb_finish(cx->b);
}

IrModule *c_lower_file(CIndexRef *index, FileCtx *fx, const FeCFlags *flags) {
  const char *why = NULL;
  if (!c_libclang_load(&why) || !index) {
    fx_note(fx, NOTE_PARSE_ERROR, (SrcLoc){0, 0, 0, 0}, "%s", why ? why : "libclang is not available");
    return NULL;
  }
  CXTranslationUnit tu = parse(index, fx, flags);
  if (!tu) return NULL;
  CCtx cx;
  memset(&cx, 0, sizeof cx);
  cx.fx = fx;
  cx.a = fx->arena;
  cx.tu = tu;
  cx.b = irb_new(fx->arena, fx->rel_path ? fx->rel_path : fx->path, IR_LANG_C);
  cx.main_file = clang_getFile(tu, fx->path);
  cx.cur_file = cx.main_file;
  cx.max_depth = fx->max_depth > 0 ? fx->max_depth : LOWER_DEFAULT_MAX_DEPTH;
  map_init(&cx.callees, fx->arena);
  IrModule *m = lower_tu(&cx, flags);
  array_free(&cx.kids);
  array_free(&cx.undeclared_at);
  /* Disposed now rather than at fx_fini: the AST is the largest thing a C
  ** file holds, and the analysis only needs the IR. */
  clang_disposeTranslationUnit(tu);
  return m;
}
