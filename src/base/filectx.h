/* filectx: everything that lives exactly as long as one file's analysis: the
** source bytes, the per-file arena, the notes (input problems) recorded while
** lowering, and cleanups for foreign handles (TSTree, CXTranslationUnit).
** Front ends record problems with fx_note and keep going (the sqlite3ErrorMsg
** pattern); the driver turns notes into SARIF toolExecutionNotifications. */
#ifndef TXLINT_BASE_FILECTX_H
#define TXLINT_BASE_FILECTX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/srcloc.h"

typedef enum NoteKind {
  NOTE_PARSE_ERROR,    /* the file has syntax errors; the functions without one are analysed */
  NOTE_UNREADABLE,     /* could not be read (permissions, I/O, symlink loop) */
  NOTE_SKIPPED_BINARY, /* binary content (NUL bytes); not analysed */
  NOTE_TOO_LARGE,      /* above the size limit; not analysed */
  NOTE_TOO_DEEP,       /* nesting above the recursion guard; the deep part is opaque */
  NOTE_INVALID_UTF8,   /* invalid UTF-8; analysed, columns may be approximate */
  NOTE_UNSUPPORTED,    /* a construct the front end lowers as opaque */
  NOTE_INTERNAL,       /* an analysis gave up on this file (a bug in txlint) */
  NOTE_GRAMMAR_GAP,    /* valid code the bundled grammar rejects, parsed with a known same-length
                          rewrite (frontend/gap_repair.c); analysed completely */
  NOTE_MISSING_HEADER, /* C: an #include was not found; functions that need it are not analysed */
  NOTE_COMPILE_FLAGS,  /* C: compile flags the parser does not know were ignored */
  NOTE_DEFAULT_FLAGS,  /* C: no compile_commands.json entry; parsed with default flags */
  NOTE_UNMODELLED_LIBRARY, /* imports a database library no model describes: its calls are not checked */
  NOTE_SKIPPED,        /* a summary of one kind of path discovery left out (ignored, generated, …) */
  NOTE_UNDECLARED_FUNCTION, /* C: a function called with no declaration in scope (message: its name);
                               analysed as an unknown external call, reported once a run */
  NOTE_KIND_COUNT
} NoteKind;

typedef struct FileNote {
  NoteKind kind;
  SrcLoc at;           /* line 0 = the whole file */
  const char *message; /* owned by the file arena */
  const char *in_path; /* NULL: in the file itself; else the real path of the other file (a C header
                          the file includes) that `at` is in, so the driver can report it once a run */
} FileNote;

typedef struct FileCleanup {
  void (*fn)(void *);
  void *ptr; /* borrowed until fn(ptr) runs */
} FileCleanup;

typedef struct FileCtx {
  const char *path;     /* borrowed: the path as given (for opening) */
  const char *rel_path; /* borrowed: path relative to the working directory, '/' separated */
  const char *src;      /* owned by arena: the bytes, NUL-terminated */
  size_t src_len;
  Arena *arena;         /* owned: freed by fx_fini */
  ARRAY(FileNote) notes;     /* in arena */
  ARRAY(FileCleanup) cleanups; /* heap */
  unsigned n_errors;    /* notes that mean the analysis of this file is incomplete */
  unsigned n_by_kind[NOTE_KIND_COUNT]; /* notes recorded so far, kept or not (FX_MAX_NOTES_PER_KIND) */
  int max_depth;        /* recursion guard for lowering; 0 = default */
} FileCtx;

/* At most this many notes of one kind are kept per file, plus one saying the
** rest were left out: a garbled or minified file can produce tens of
** thousands (one per unsupported construct), which help nobody and cost a
** column conversion each on the way out. */
enum { FX_MAX_NOTES_PER_KIND = 100 };

/* Initialises a context with a fresh arena; src is set later by the reader. */
void fx_init(FileCtx *self, const char *path, const char *rel_path);
/* Runs the cleanups (last registered first) and frees the arena. */
void fx_fini(FileCtx *self);
/* Records an input problem at `at` (line 0 = whole file); past
** FX_MAX_NOTES_PER_KIND notes of a kind, only counts it. */
void fx_note(FileCtx *self, NoteKind kind, SrcLoc at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* fx_note for a problem located in another file the file reads (a C
** header): in_path is that file's path, `at` a location in it. */
void fx_note_in(FileCtx *self, NoteKind kind, const char *in_path, SrcLoc at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Registers fn(ptr) to run at fx_fini, so early exits cannot leak foreign handles. */
void fx_defer_cleanup(FileCtx *self, void (*fn)(void *), void *ptr);
/* True for note kinds that leave the file's analysis incomplete. */
bool note_kind_is_error(NoteKind kind);
/* A stable name for the kind ("parse-error"), used as the SARIF descriptor id. */
const char *note_kind_name(NoteKind kind);

#endif
