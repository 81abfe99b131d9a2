/* frontend: the one entry point per language that turns a file into an IR
** module. Front ends are the only code that knows tree-sitter node types or
** libclang cursors. They never fail on bad input: problems are recorded on the
** FileCtx (fx_note) and whatever could be lowered is returned. */
#ifndef TXLINT_FRONTEND_FRONTEND_H
#define TXLINT_FRONTEND_FRONTEND_H

#include <stdbool.h>

#include "base/filectx.h"
#include "ir/ir.h"

/* Per-thread parser state (a TSParser, and for C a libclang CXIndex, made on
** first use); neither tree-sitter parsers nor libclang indexes are thread
** safe, so each worker thread owns one. */
typedef struct FrontEnd FrontEnd;

/* Returns a new front end owned by the caller (fe_delete). */
FrontEnd *fe_new(void);
/* NULL-safe. */
void fe_delete(FrontEnd *self);

/* The default parse budget: a parse may take FE_PARSE_BUDGET_BASE seconds of
** CPU time plus FE_PARSE_BUDGET_PER_MIB per MiB of source before it is stopped
** (tree-sitter's error recovery is quadratic on some broken inputs); the file
** then gets a NOTE_TOO_LARGE and no module. */
#define FE_PARSE_BUDGET_BASE 2.0
#define FE_PARSE_BUDGET_PER_MIB 4.0
/* Sets the parse budget (tests); base_seconds <= 0 means no limit. */
void fe_set_parse_budget(FrontEnd *self, double base_seconds, double seconds_per_mib);

/* Checks that each compiled-in grammar's ABI is one the runtime accepts.
** On failure writes a message to err (at most err_len bytes) and returns false. */
bool fe_check_grammars(char *err, size_t err_len);

/* Picks the language from the file name's extension; returns false when the
** extension is not one txlint analyses. */
bool fe_lang_for_path(const char *path, IrLang *out_lang);

/* Lowers fx->src (already read, NUL-terminated) into a module allocated in
** fx->arena. Returns NULL only when nothing at all could be lowered (the
** reason is a note on fx); a file with syntax errors still yields a module
** for the parts that parsed. JS/TS files that trip a known grammar gap are
** parsed again with a same-length rewrite (js/js_gaps.h) within the same
** parse budget. */
IrModule *fe_lower_file(FrontEnd *self, FileCtx *fx, IrLang lang);

/* Section - C */

/* How to parse one C file, as clang tools do: the compile command's
** arguments from compile_commands.json (or the defaults), and which files
** belong to the project, so functions defined in its headers are analysed
** with the translation units that include them. */
typedef struct FeCFlags {
  const char *const *args; /* borrowed: compiler arguments without the compiler, the input file,
                              -c and -o (the driver strips them) */
  uint32_t n_args;
  const char *directory;   /* borrowed: the entry's "directory", for messages; the driver makes
                              relative paths in args absolute (libclang's -working-directory
                              changes the process's working directory, so it is not used) */
  /* Returns the relative path of a project file given its real path (borrowed from ud), or NULL
  ** for files outside the analysed tree (system and library headers are never analysed). NULL
  ** function = only the main file is. */
  const char *(*project_path)(void *ud, const char *real_path);
  void *project_ud;        /* borrowed */
} FeCFlags;

/* Lowers a C file (fx->src, read) with flags (NULL = no arguments, no project
** headers). Missing headers, unknown flags and syntax errors are notes on fx;
** a function whose code has errors is not lowered (its findings could not be
** trusted). Returns NULL only when libclang gives no translation unit. */
IrModule *fe_lower_c_file(FrontEnd *self, FileCtx *fx, const FeCFlags *flags);

/* How the C front end calls libclang, for a program that must parse the same
** way (bench/c_parse, the benchmark's bare-parse baseline): the arguments
** appended after each file's own (static; *n_out gets their number) and the
** CXTranslationUnit_* options of clang_parseTranslationUnit2. */
const char *const *fe_c_extra_args(uint32_t *n_out);
unsigned fe_c_parse_options(void);

#endif
