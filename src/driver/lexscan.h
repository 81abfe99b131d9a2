/* lexscan: cheap lexical passes over a file's bytes that run before (or
** instead of) parsing: the prefilter that decides whether a file can matter
** at all, the relative-import scan that orders files for linking, and the
** inline suppression comments. */
#ifndef TXLINT_DRIVER_LEXSCAN_H
#define TXLINT_DRIVER_LEXSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/str.h"

/* True when src mentions something a rule could react to: one of the
** words in lexscan_prefilter_words (case-insensitive substrings: model
** identifiers and SQL keywords), or has_relative_import. */
bool lexscan_prefilter(const char *src, size_t len, bool has_relative_import);
/* The prefilter's words, NULL-terminated (documented in docs/cli.md). */
extern const char *const lexscan_prefilter_words[];

/* The Go prefilter (docs/cli.md, Prefilter): true when one of the file's
** string literals, decoded as Go decodes it, either equals one of the
** n_paths import paths (the modelled packages: an import declaration's path
** is a string literal) or holds SQL with a statement that sql_classify reads
** as BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK TO or RELEASE (a statement
** at the start or after any ';'; only those beginning with one of
** lexscan_go_tx_words are classified). Go comments and rune literals are
** skipped. A Go package none of whose files passes cannot give a
** finding: txlint does not link across packages, so a modelled value can only
** come from a modelled import, and without one only SQL text that begins,
** ends or marks a transaction makes a call on an unknown receiver matter. */
bool lexscan_go_prefilter(const char *src, size_t len, const char *const *paths, size_t n_paths);
/* The SQL words whose statements begin, end or mark a transaction (BEGIN,
** START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE),
** NULL-terminated, lower case. */
extern const char *const lexscan_go_tx_words[];

/* True when the JS/TS import or re-export whose specifier text starts at spec
** (a pointer into src, as lexscan_js_imports hands it) is type-only (`import
** type { A } from './a'`, `export type { B } from './b'`): TypeScript erases
** it, so it brings no value and no dependency at run time. */
bool lexscan_js_type_only_import(const char *src, size_t len, const char *spec);

/* The names a TypeScript `import { A, B as C } from '…'` whose specifier text
** starts at spec imports (A and B; `type`-marked names left out) into names
** (pointers into src); their number, or -1 when the import is of another form
** (default, namespace, side effect, a re-export) or names more than max. */
int lexscan_ts_import_names(const char *src, size_t len, const char *spec, Str *names, int max);
/* Calls fn with each name a TypeScript text declares: type_decl for an
** interface, type alias or enum (which the front end lowers to nothing),
** else for a class, function, variable or namespace. Comments, strings and
** templates are skipped; nesting is not followed (a local declares too). */
void lexscan_ts_declared_names(const char *src, size_t len, void (*fn)(void *ctx, Str name, bool type_decl),
                               void *ctx);

/* Calls fn for each import path of a Go file's import declarations (which
** follow the package clause and precede every other declaration), in
** order; the Str is valid only during the call. Comments are skipped; the
** scan stops at the first thing that is not an import declaration. */
void lexscan_go_imports(const char *src, size_t len, void (*fn)(void *ctx, Str path), void *ctx);

/* The C scan (lexscan_c.c): what a C file defines, calls and includes, and
** whether it names a modelled library, without parsing it. Comments,
** strings and character literals are skipped; macro bodies count as code. */
typedef struct CScan {
  const char *const *prefixes; /* borrowed: the models' function prefixes ("PQ", "sqlite3_") */
  size_t n_prefixes;
  const char *const *headers;  /* borrowed: the models' header names ("libpq-fe.h") */
  size_t n_headers;
  void (*on_define)(void *ud, Str name);  /* a function defined at file scope: `name(…) {` */
  void (*on_call)(void *ud, Str name);    /* any other `name(` (calls, prototypes, macro uses) */
  void (*on_include)(void *ud, Str path); /* #include "path" or <path> */
  void *ud;
  bool model_hit; /* OUT: an identifier starts with a prefix, or an #include names a model header */
  bool define_is_static; /* OUT, read in on_define: the definition is declared `static` (its name
                            is not visible to other translation units) */
} CScan;

/* Scans a C file. The callbacks may be NULL. */
void lexscan_c(const char *src, size_t len, CScan *scan);

/* Calls fn for each module specifier written as require('…'), import … from
** '…', import '…', import('…') or export … from '…': relative ones ("./x",
** "../y/z") and the others ("pg", "@shop/db", "@/lib/db"), which the driver
** resolves through the tree's packages and tsconfig aliases
** (driver/jsproject.h). Comments are skipped. */
void lexscan_js_imports(const char *src, size_t len, void (*fn)(void *ctx, Str spec), void *ctx);
/* The same, relative specifiers only. */
void lexscan_relative_imports(const char *src, size_t len, void (*fn)(void *ctx, Str spec), void *ctx);
/* True for "./x", "../x", "." and "..". */
bool lexscan_is_relative(Str spec);

/* The offset of the first NUL byte of a JavaScript/TypeScript file that is
** not inside a string literal, a template literal's text or a comment, as a
** lexical scan reads them (quotes, backslash escapes, `${…}` nesting in
** templates, line and block comments; a regular expression literal counts
** as code), or len when every NUL is inside one (or there is none). JS
** allows a raw NUL in those places; anywhere else it is not text. */
size_t lexscan_js_nul_outside_text(const char *src, size_t len);

/* An inline suppression found on one line. */
typedef struct Suppression {
  bool next_line;   /* txlint-disable-next-line (else txlint-disable-line) */
  Str rules;        /* the comma-separated rule list, as written */
  Str reason;       /* text after "--", trimmed (empty when absent) */
} Suppression;

/* Parses a txlint-disable-next-line / txlint-disable-line comment on line;
** returns false (leaving *out unaltered) when the line has none. */
bool lexscan_suppression(Str line, Suppression *out);
/* True when rule_id is one of the ids in list ("a, b,c"). */
bool lexscan_rule_listed(Str list, const char *rule_id);

#endif
