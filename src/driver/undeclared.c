#define _GNU_SOURCE /* PATH_MAX (struct Run) */
/* Section - C functions called undeclared
**
** A C file that calls a function no declaration is in scope for (C89's
** implicit `int f()`) is still analysed, the call as one to an unknown
** function: the code is valid and its real build sees the header, which a
** configure define or the library's version kept from this parse. What the
** user can act on is that the parse missed declarations, not each call, so
** one note a run counts them: how many functions, in how many translation
** units, the first few in path order with where they are first called. */
#include <string.h>

#include "base/map.h"
#include "base/strbuf.h"

#include "driver/run_int.h"

enum { UNDECLARED_NAMED = 3 };

void run_note_undeclared(Run *self) {
  Map names; /* distinct function names, across units */
  map_init(&names, NULL);
  uint32_t n_units = 0, n_named = 0;
  const Notification *first = NULL;
  StrBuf eg;
  strbuf_init(&eg);
  for (uint32_t i = 0; i < self->n_jobs; i++) {
    const FileJob *job = &self->jobs[i];
    if (!job->reported || !job->undeclared.len) continue;
    n_units++;
    for (uint32_t k = 0; k < job->undeclared.len; k++) {
      const Notification *n = &job->undeclared.items[k];
      if (map_get_cstr(&names, n->message)) continue;
      map_set_cstr(&names, n->message, (void *)1);
      if (!first) first = n;
      if (n_named++ >= UNDECLARED_NAMED) continue;
      strbuf_printf(&eg, "%s%s (%s:%u)", n_named > 1 ? ", " : "", n->message, run_display_path(self, n->path),
                    n->at.line);
    }
  }
  if (first) {
    uint32_t n_fns = names.len;
    const char *msg = arena_printf(
        self->out_arena,
        "%u function%s called with no declaration in scope in %u translation unit%s, e.g. %s%s: the callers were "
        "analysed, each such call as one to an unknown function (or to the database API of that name); the "
        "build's headers or defines were not all seen (-p BUILD_DIR)",
        n_fns, n_fns == 1 ? "" : "s", n_units, n_units == 1 ? "" : "s", eg.data, n_fns > UNDECLARED_NAMED ? ", …" : "");
    Notification out = {NOTE_UNDECLARED_FUNCTION, run_display_path(self, first->path), first->at, msg};
    array_push(&self->out_notes, out);
  }
  strbuf_fini(&eg);
  map_fini(&names);
}
