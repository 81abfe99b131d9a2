#define _GNU_SOURCE /* PATH_MAX (struct Run) */
#include <stdlib.h>
#include <string.h>

#include "base/map.h"
#include "base/strbuf.h"
#include "driver/finalize.h"

#include "driver/run_int.h"

/* Section - notes located in C headers
**
** A header's problem (a missing include, a redefinition) shows up in every
** translation unit that includes it: pmacct's src/pmacct.h misses the same
** two headers in 102 of them. The front end records such a note with the
** header's real path (fx_note_in); here each distinct kind, place and
** message becomes one notification at the header's line, naming how many
** translation units hit it and the first of them in path order. What a
** unit lost because of it (functions not analysed) stays a note of that
** unit. */

typedef struct HeaderGroup {
  FileNote note;        /* borrowed from the first job that has it */
  const char *first_tu; /* relative path of that job's file */
  uint32_t n_units;
  uint32_t last_job;    /* 1 + the last job counted, so a unit counts once */
} HeaderGroup;

typedef ARRAY(HeaderGroup) HeaderGroups;

static int cmp_group(const void *a, const void *b) {
  const HeaderGroup *x = a, *y = b;
  int c = strcmp(x->note.in_path, y->note.in_path);
  if (c) return c;
  if (x->note.at.line != y->note.at.line) return x->note.at.line < y->note.at.line ? -1 : 1;
  if (x->note.at.col != y->note.at.col) return x->note.at.col < y->note.at.col ? -1 : 1;
  if (x->note.kind != y->note.kind) return x->note.kind < y->note.kind ? -1 : 1;
  return strcmp(x->note.message, y->note.message);
}

static const char *group_key(Arena *a, const FileNote *n) {
  return arena_printf(a, "%d\x1f%s\x1f%u\x1f%u\x1f%s", (int)n->kind, n->in_path, n->at.line, n->at.col, n->message);
}

/* The groups of every reported job's header notes, in path order. */
static void gather_groups(Run *self, HeaderGroups *groups, Arena *a) {
  Map index; /* key → 1 + group index */
  map_init(&index, a);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const FileJob *job = &self->jobs[i];
    for (uint32_t k = 0; job->reported && k < job->header_notes.len; k++) {
      const FileNote *n = &job->header_notes.items[k];
      const char *key = group_key(a, n);
      uintptr_t g = (uintptr_t)map_get_cstr(&index, key);
      if (!g) {
        HeaderGroup hg = {*n, job->file->rel_path, 0, 0};
        array_push(groups, hg);
        g = groups->len;
        map_set_cstr(&index, key, (void *)g);
      }
      HeaderGroup *hg = &groups->items[g - 1];
      if (hg->last_job != i + 1) hg->n_units++, hg->last_job = i + 1;
    }
  }
  map_fini(&index);
}

/* The path the reports show for a header: the project's relative path, or
** the real path of a header outside the analysed tree. */
static const char *header_display_path(Run *self, const char *real) {
  const char *rel = map_get_cstr(&self->real_to_rel, real);
  return rel ? run_display_path(self, rel) : arena_strdup(self->out_arena, real);
}

/* Reads the header (once for its groups) so columns become UTF-16 like
** every other location; one that cannot be read keeps its byte columns. */
typedef struct HeaderText {
  const char *real;
  FileCtx fx;
  LineIndex lines;
  bool loaded;
} HeaderText;

static void header_text_switch(Run *self, HeaderText *t, const char *real) {
  if (t->real && strcmp(t->real, real) == 0) return;
  if (t->real) {
    if (t->loaded) line_index_fini(&t->lines);
    fx_fini(&t->fx);
  }
  t->real = real;
  fx_init(&t->fx, real, real);
  t->loaded = reader_load(&t->fx, self->opts.max_file_size, IR_LANG_C, false);
  if (t->loaded) line_index_init(&t->lines, t->fx.src, t->fx.src_len);
}

void run_note_headers(Run *self) {
  Arena *a = arena_new();
  HeaderGroups groups = {0};
  gather_groups(self, &groups, a);
  if (groups.len) qsort(groups.items, groups.len, sizeof *groups.items, cmp_group);
  HeaderText text = {0};
  for (uint32_t g = 0; g < groups.len; g++) {
    const HeaderGroup *hg = &groups.items[g];
    header_text_switch(self, &text, hg->note.in_path);
    SrcLoc at = text.loaded ? finalize_loc(&text.lines, hg->note.at) : hg->note.at;
    const char *tu = run_display_path(self, hg->first_tu);
    const char *msg = hg->n_units == 1
                          ? arena_printf(self->out_arena, "%s (included by %s)", hg->note.message, tu)
                          : arena_printf(self->out_arena, "%s (included by %u translation units, e.g. %s)",
                                         hg->note.message, hg->n_units, tu);
    Notification n = {hg->note.kind, header_display_path(self, hg->note.in_path), at, msg};
    array_push(&self->out_notes, n);
  }
  if (text.real) {
    if (text.loaded) line_index_fini(&text.lines);
    fx_fini(&text.fx);
  }
  array_free(&groups);
  arena_delete(a);
}
