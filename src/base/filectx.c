#include "base/filectx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fx_init(FileCtx *self, const char *path, const char *rel_path) {
  memset(self, 0, sizeof *self);
  self->path = path;
  self->rel_path = rel_path ? rel_path : path;
  self->arena = arena_new();
}

void fx_fini(FileCtx *self) {
  for (uint32_t i = self->cleanups.len; i-- > 0;) self->cleanups.items[i].fn(self->cleanups.items[i].ptr);
  array_free(&self->cleanups);
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

static void fx_vnote(FileCtx *self, NoteKind kind, const char *in_path, SrcLoc at, const char *fmt, va_list ap) {
  if (note_kind_is_error(kind)) self->n_errors++;
  unsigned seen = kind < NOTE_KIND_COUNT ? self->n_by_kind[kind]++ : 0;
  if (seen > FX_MAX_NOTES_PER_KIND) return;
  char buf[512];
  if (seen == FX_MAX_NOTES_PER_KIND) {
    snprintf(buf, sizeof buf, "more than %d %s notes in this file; the rest are not reported", FX_MAX_NOTES_PER_KIND,
             note_kind_name(kind));
    if (in_path) in_path = NULL, at = (SrcLoc){0, 0, 0, 0}; /* a location in another file */
  } else {
    vsnprintf(buf, sizeof buf, fmt, ap);
  }
  FileNote n = {kind, at, arena_strdup(self->arena, buf), in_path ? arena_strdup(self->arena, in_path) : NULL};
  array_push_in(self->arena, &self->notes, n);
}

void fx_note(FileCtx *self, NoteKind kind, SrcLoc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fx_vnote(self, kind, NULL, at, fmt, ap);
  va_end(ap);
}

void fx_note_in(FileCtx *self, NoteKind kind, const char *in_path, SrcLoc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fx_vnote(self, kind, in_path, at, fmt, ap);
  va_end(ap);
}

void fx_defer_cleanup(FileCtx *self, void (*fn)(void *), void *ptr) {
  FileCleanup c = {fn, ptr};
  array_push(&self->cleanups, c);
}

bool note_kind_is_error(NoteKind kind) {
  return kind == NOTE_PARSE_ERROR || kind == NOTE_UNREADABLE || kind == NOTE_SKIPPED_BINARY ||
         kind == NOTE_TOO_LARGE || kind == NOTE_TOO_DEEP || kind == NOTE_INTERNAL || kind == NOTE_MISSING_HEADER;
}

const char *note_kind_name(NoteKind kind) {
  static const char *const names[NOTE_KIND_COUNT] = {
      "parse-error", "unreadable-file", "binary-file", "file-too-large",
      "nesting-too-deep", "invalid-utf8", "unsupported-construct", "internal-error", "grammar-gap",
      "missing-header", "compile-flags", "default-compile-flags", "unmodelled-library", "skipped-files",
      "undeclared-function"};
  return kind < NOTE_KIND_COUNT ? names[kind] : "unknown";
}
