/* reader: loads a file's bytes into its FileCtx and records what is wrong
** with them as notes: unreadable, not a regular file, too large, binary
** (NUL bytes where the language allows none), invalid UTF-8 (still
** analysed). */
#ifndef TXLINT_DRIVER_READER_H
#define TXLINT_DRIVER_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/filectx.h"
#include "base/str.h"
#include "ir/ir.h"

/* Reads fx->path, a file of language lang, into fx->arena (fx->src,
** NUL-terminated). Returns false when the file must not be analysed (the
** reason is a note on fx). A file with NUL bytes is binary, except a
** JavaScript/TypeScript file whose NUL bytes are all inside string
** literals, template text or comments (lexscan_js_nul_outside_text), where
** the language allows them. note_utf8 adds a NOTE_INVALID_UTF8 note for
** invalid UTF-8 (analysed anyway). */
bool reader_load(FileCtx *fx, size_t max_size, IrLang lang, bool note_utf8);
/* The same for a file whose text is in memory (an editor's unsaved buffer,
** standard input): text[0..len) is copied into fx->arena and checked as a
** file's bytes would be. */
bool reader_load_text(FileCtx *fx, const char *text, size_t len, size_t max_size, IrLang lang, bool note_utf8);

/* Line starts of a text, for repeated line lookups. */
typedef struct LineIndex {
  const char *src;  /* borrowed */
  size_t len;
  uint32_t *starts; /* heap: byte offset of each line's first byte */
  uint32_t n_lines;
} LineIndex;

void line_index_init(LineIndex *self, const char *src, size_t len);
void line_index_fini(LineIndex *self);
/* Sets *out to line (1-based) without its newline (and '\r'); false when out of range. */
bool line_index_get(const LineIndex *self, uint32_t line, Str *out);

#endif
