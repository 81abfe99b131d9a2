/* generated: recognises, by content alone and cheaply, files no one writes by
** hand, which txlint does not report on by default:
**
** * generated code: a comment in the file's leading comments (before the
**   first code; a BOM and a #! line may come first) whose line reads `Code
**   generated … DO NOT EDIT.` (Go's convention, go help generate, also used
**   by protoc, sqlc, ent, mockgen, buf), or that holds the word `@generated`
**   (Meta's convention: Relay, GraphQL codegen, protoc-gen-es, Buck).
**   Language-neutral: Go, JS/TS and C comments alike;
** * minified JavaScript/TypeScript (at least 1 KiB): lines of more than 500
**   bytes hold over half of the bytes and under 10% of those are blanks
**   (minifiers drop indentation and line breaks; hand-written long lines,
**   such as a long SQL string, are mostly words and spaces), or the average
**   line is longer than 1,000 bytes;
** * bundled or compiled JavaScript/TypeScript: a `sourceMappingURL=`
**   comment in the last 512 bytes (bundlers and compilers write it; people do
**   not), or the `webpackBootstrap` marker in the first 8 KiB. */
#ifndef TXLINT_DRIVER_GENERATED_H
#define TXLINT_DRIVER_GENERATED_H

#include <stddef.h>

#include "ir/ir.h"

typedef enum GeneratedKind {
  GEN_NONE,      /* written by hand, as far as the content shows */
  GEN_GENERATED, /* a generator's header comment */
  GEN_MINIFIED,  /* minified (long lines, few blanks) */
  GEN_BUNDLED,   /* a bundle or compiler output (source map comment, webpack runtime) */
} GeneratedKind;

/* What src[0..len), a file of language lang, looks like. */
GeneratedKind generated_kind(IrLang lang, const char *src, size_t len);

#endif
