/* finding: the FindingList (one arena per list, so findings outlive the file
** arena they were made from) and the total order used for stable output. */
#include "engine/finding.h"

#include <string.h>

void finding_list_init(FindingList *self) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
}

void finding_list_fini(FindingList *self) {
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

Finding *finding_list_add(FindingList *self) {
  Finding *f = ARENA_NEW(self->arena, Finding);
  array_push_in(self->arena, &self->items, f);
  return f;
}

const char *finding_list_strdup(FindingList *self, const char *s) {
  return s ? arena_strdup(self->arena, s) : NULL;
}

static int cmp_u32(uint32_t a, uint32_t b) { return a < b ? -1 : a > b; }

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

int finding_compare(const Finding *a, const Finding *b) {
  int c;
  if ((c = cmp_str(a->path, b->path))) return c;
  if ((c = cmp_u32(a->loc.line, b->loc.line))) return c;
  if ((c = cmp_u32(a->loc.col, b->loc.col))) return c;
  if ((c = cmp_str(a->rule_id, b->rule_id))) return c;
  return cmp_str(a->message, b->message);
}
