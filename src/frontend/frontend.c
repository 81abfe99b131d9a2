/* frontend: parser ownership, grammar ABI checks, extension → language, and
** dispatch to the per-language lowering. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID */
#include "frontend/frontend.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

#include "base/xalloc.h"
#include "frontend/c/c_frontend.h"
#include "frontend/go/go_frontend.h"
#include "frontend/go/go_gaps.h"
#include "frontend/js/js_frontend.h"
#include "frontend/js/js_gaps.h"
#include "frontend/ts_util.h"
#include "ir/ir_verify.h"

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_go(void);

struct FrontEnd {
  TSParser *parser; /* owned; the language is switched per file */
  CIndexRef *c_index; /* owned: the C front end's libclang index, made on first use */
  double budget_base, budget_per_mib; /* CPU seconds a parse may take (fe_set_parse_budget) */
};

FrontEnd *fe_new(void) {
  FrontEnd *fe = xcalloc(1, sizeof *fe);
  fe->parser = ts_parser_new();
  fe->budget_base = FE_PARSE_BUDGET_BASE;
  fe->budget_per_mib = FE_PARSE_BUDGET_PER_MIB;
  return fe;
}

void fe_set_parse_budget(FrontEnd *self, double base_seconds, double seconds_per_mib) {
  self->budget_base = base_seconds;
  self->budget_per_mib = seconds_per_mib;
}

void fe_delete(FrontEnd *self) {
  if (!self) return;
  ts_parser_delete(self->parser);
  c_index_delete(self->c_index);
  free(self);
}

bool fe_check_grammars(char *err, size_t err_len) {
  static const struct { const char *name; const TSLanguage *(*fn)(void); } langs[] = {
      {"javascript", tree_sitter_javascript},
      {"typescript", tree_sitter_typescript},
      {"tsx", tree_sitter_tsx},
      {"go", tree_sitter_go},
  };
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
    uint32_t abi = ts_language_abi_version(langs[i].fn());
    if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || abi > TREE_SITTER_LANGUAGE_VERSION) {
      if (err && err_len)
        snprintf(err, err_len, "grammar %s has ABI %u; this tree-sitter runtime accepts %d..%d", langs[i].name, abi,
                 TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
      return false;
    }
  }
  return true;
}

/* Returns the extension of path including the dot ("" when none). */
static const char *path_ext(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1)) return "";
  return dot;
}

bool fe_lang_for_path(const char *path, IrLang *out_lang) {
  static const struct { const char *ext; IrLang lang; } table[] = {
      {".js", IR_LANG_JS},  {".jsx", IR_LANG_JS}, {".mjs", IR_LANG_JS}, {".cjs", IR_LANG_JS},
      {".ts", IR_LANG_TS},  {".tsx", IR_LANG_TS}, {".mts", IR_LANG_TS}, {".cts", IR_LANG_TS},
      {".go", IR_LANG_GO},  {".c", IR_LANG_C},   {".h", IR_LANG_C},
  };
  const char *ext = path_ext(path ? path : "");
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (strcmp(ext, table[i].ext) == 0) {
      *out_lang = table[i].lang;
      return true;
    }
  }
  return false;
}

/* The grammar for a file: TSX needs its own grammar because `<T>x` casts and
** JSX conflict; .js/.jsx share the JavaScript grammar, which includes JSX. */
static const TSLanguage *grammar_for(IrLang lang, const char *path) {
  if (lang == IR_LANG_JS) return tree_sitter_javascript();
  if (lang == IR_LANG_TS) return strcmp(path_ext(path ? path : ""), ".tsx") == 0 ? tree_sitter_tsx() : tree_sitter_typescript();
  if (lang == IR_LANG_GO) return tree_sitter_go();
  return NULL;
}

static void note_first_error(FileCtx *fx, TSNode root) {
  TSNode err = ts_first_error(root);
  SrcLoc at = ts_ok(err) ? ts_loc(err) : (SrcLoc){0, 0, 0, 0};
  if (ts_ok(err) && ts_node_is_missing(err))
    fx_note(fx, NOTE_PARSE_ERROR, at, "syntax error: missing %s", ts_node_type(err));
  else
    fx_note(fx, NOTE_PARSE_ERROR, at, "syntax error");
}

/* Go's lexer ends the last line with an implicit semicolon; tree-sitter-go
** needs a real line end there, or a trailing `type` declaration is reported
** as an error that has no ERROR node. A file without a final newline is
** parsed with one appended (offsets of the existing bytes are unchanged). */
static const char *go_terminated(FileCtx *fx, uint32_t *len) {
  const char *src = fx->src ? fx->src : "";
  if (*len == 0 || src[*len - 1] == '\n') return src;
  char *copy = arena_alloc(fx->arena, (size_t)*len + 2);
  memcpy(copy, src, *len);
  copy[*len] = '\n';
  copy[*len + 1] = '\0';
  (*len)++;
  return copy;
}

#ifndef NDEBUG
/* Debug builds check every module the front end produces (style B3). */
static void verify_module(FileCtx *fx, const IrModule *m) {
  StrBuf errs;
  strbuf_init(&errs);
  if (!ir_verify_module(m, &errs))
    fx_note(fx, NOTE_INTERNAL, (SrcLoc){0, 0, 0, 0}, "IR verification failed: %s", strbuf_cstr(&errs));
  strbuf_fini(&errs);
}
#endif

/* Section - Parsing under a CPU budget
**
** tree-sitter's error recovery is quadratic on some broken inputs (a long
** run of tokens it cannot place: 120 KB of `=> ()` in a Go file takes
** seconds, 5 MB would take hours), and the work is not visible in its
** operation count, so the parse is bounded by the thread's CPU time. The
** budget is generous (a clean file parses at tens of MB/s), so only such
** pathological files reach it; they are reported and not analysed. */

typedef struct ParseClock {
  double start, budget; /* thread CPU seconds */
} ParseClock;

static double thread_cpu_seconds(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* tree-sitter calls this every hundred or so parse operations; true stops. */
static bool parse_over_budget(TSParseState *state) {
  const ParseClock *c = state->payload;
  return thread_cpu_seconds() - c->start > c->budget;
}

static const char *string_input_read(void *payload, uint32_t byte, TSPoint point, uint32_t *len) {
  (void)point;
  const Str *text = payload;
  if (byte >= text->len) {
    *len = 0;
    return "";
  }
  *len = (uint32_t)(text->len - byte);
  return text->ptr + byte;
}

/* Returns the tree (owned by the caller), or NULL when the clock's budget
** ran out or tree-sitter gave up; then, when note, with a note on fx. */
static TSTree *parse_bounded(FrontEnd *self, FileCtx *fx, const char *text, uint32_t len, const ParseClock *clock,
                             bool note) {
  Str input = {text, len};
  TSParseOptions opts = {.payload = (void *)clock, .progress_callback = self->budget_base > 0 ? parse_over_budget : NULL};
  TSInput in = {.payload = &input, .read = string_input_read, .encoding = TSInputEncodingUTF8};
  TSTree *tree = ts_parser_parse_with_options(self->parser, NULL, in, opts);
  if (tree) return tree;
  ts_parser_reset(self->parser); /* a stopped parse would otherwise resume on the next file */
  if (!note) return NULL;
  if (opts.progress_callback && thread_cpu_seconds() - clock->start > clock->budget)
    fx_note(fx, NOTE_TOO_LARGE, (SrcLoc){0, 0, 0, 0},
            "parsing stopped after %.1f s of CPU time (syntax errors the parser recovers from slowly); not analysed",
            clock->budget);
  else
    fx_note(fx, NOTE_INTERNAL, (SrcLoc){0, 0, 0, 0}, "tree-sitter returned no tree");
  return NULL;
}

/* The reparses of the grammar-gap repair share the first parse's budget. */
typedef struct Reparse {
  FrontEnd *fe;
  FileCtx *fx;
  const ParseClock *clock;
} Reparse;

static TSTree *reparse_for_gaps(void *ud, const char *text, uint32_t len) {
  const Reparse *r = ud;
  return parse_bounded(r->fe, r->fx, text, len, r->clock, false);
}

IrModule *fe_lower_c_file(FrontEnd *self, FileCtx *fx, const FeCFlags *flags) {
  if (!self->c_index) self->c_index = c_index_new();
  IrModule *m = c_lower_file(self->c_index, fx, flags);
#ifndef NDEBUG
  if (m) verify_module(fx, m);
#endif
  return m;
}

/* tree-sitter stops reading JS text at a NUL byte, which JavaScript allows
** in literals and comments (the reader let the file through because every
** NUL looks like one): the parse reads a copy with each NUL as a space, the
** same length; js_check_nul_bytes then checks the tree agrees. */
static const char *js_without_nuls(FileCtx *fx, const char *src, uint32_t len, bool *had_nul) {
  *had_nul = memchr(src, '\0', len) != NULL;
  if (!*had_nul) return src;
  char *copy = arena_alloc(fx->arena, (size_t)len + 1);
  for (uint32_t i = 0; i < len; i++) copy[i] = src[i] ? src[i] : ' ';
  copy[len] = '\0';
  return copy;
}

IrModule *fe_lower_file(FrontEnd *self, FileCtx *fx, IrLang lang) {
  if (lang == IR_LANG_C) return fe_lower_c_file(self, fx, NULL);
  const char *name = fx->rel_path ? fx->rel_path : fx->path;
  const TSLanguage *language = grammar_for(lang, fx->path ? fx->path : name);
  if (!language) {
    fx_note(fx, NOTE_UNSUPPORTED, (SrcLoc){0, 0, 0, 0}, "no front end for %s files", ir_lang_name(lang));
    return NULL;
  }
  if (!ts_parser_set_language(self->parser, language)) {
    fx_note(fx, NOTE_INTERNAL, (SrcLoc){0, 0, 0, 0}, "grammar rejected by the tree-sitter runtime");
    return NULL;
  }
  const char *text = fx->src ? fx->src : "";
  uint32_t text_len = (uint32_t)fx->src_len;
  bool had_nul = false;
  if (lang == IR_LANG_GO) text = go_terminated(fx, &text_len);
  else text = js_without_nuls(fx, text, text_len, &had_nul);
  ParseClock clock = {thread_cpu_seconds(),
                      self->budget_base + self->budget_per_mib * text_len / (1024.0 * 1024.0)};
  TSTree *tree = parse_bounded(self, fx, text, text_len, &clock, true);
  if (!tree) return NULL;
  Reparse r = {self, fx, &clock};
  if (lang == IR_LANG_GO)
    tree = go_repair_gaps(fx, tree, text, text_len, reparse_for_gaps, &r);
  else
    tree = js_repair_gaps(fx, tree, text, text_len, language != tree_sitter_typescript(),
                          language != tree_sitter_javascript(), reparse_for_gaps, &r);
  TSNode root = ts_tree_root_node(tree);
  if (had_nul && !js_check_nul_bytes(fx, root, fx->src, text_len)) {
    ts_tree_delete(tree);
    return NULL;
  }
  if (ts_node_has_error(root)) note_first_error(fx, root);
  IrModule *m = lang == IR_LANG_GO ? go_lower_module(fx, root) : js_lower_module(fx, root, lang);
  ts_tree_delete(tree);
#ifndef NDEBUG
  if (m) verify_module(fx, m);
#endif
  return m;
}
