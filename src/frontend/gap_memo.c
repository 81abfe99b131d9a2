/* gap_memo: see gap_memo.h. A file makes at most 16 reparses, so the memo
** is a short list searched linearly. */
#include "frontend/gap_memo.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void gap_memo_init(GapMemo *self) { memset(self, 0, sizeof *self); }

void gap_memo_fini(GapMemo *self) {
  for (uint32_t i = 0; i < self->entries.len; i++) {
    free(self->entries.items[i].edits);
    free(self->entries.items[i].verified);
  }
  array_free(&self->entries);
}

uint64_t gap_memo_hash(const char *text, uint32_t len) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a, 64 bits */
  for (uint32_t i = 0; i < len; i++) h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
  return h;
}

/* An edit with its place in the caller's list, for sorting. */
typedef struct Ranked {
  GapEdit e;
  uint32_t at;
} Ranked;

static int cmp_edit_key(const GapEdit *x, const GapEdit *y) {
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->len != y->len) return x->len < y->len ? -1 : 1;
  return x->kind < y->kind ? -1 : x->kind > y->kind;
}

static int cmp_ranked(const void *a, const void *b) {
  const Ranked *x = a, *y = b;
  int c = cmp_edit_key(&x->e, &y->e);
  return c ? c : (x->at < y->at ? -1 : x->at > y->at);
}

static Ranked *ranked_sorted(const GapEdit *edits, uint32_t n) {
  Ranked *r = xmalloc(sizeof *r * (n ? n : 1));
  for (uint32_t i = 0; i < n; i++) r[i] = (Ranked){edits[i], i};
  if (n > 1) qsort(r, n, sizeof *r, cmp_ranked);
  return r;
}

bool gap_memo_find(const GapMemo *self, uint64_t text_hash, const GapEdit *edits, uint32_t n, bool *verified,
                   uint32_t *errors) {
  Ranked *r = NULL;
  bool hit = false;
  for (uint32_t k = 0; k < self->entries.len && !hit; k++) {
    const GapMemoEntry *e = &self->entries.items[k];
    if (e->text_hash != text_hash || e->n != n) continue;
    if (!r) r = ranked_sorted(edits, n);
    hit = true;
    for (uint32_t i = 0; i < n && hit; i++) hit = cmp_edit_key(&r[i].e, &e->edits[i]) == 0;
    if (!hit) continue;
    for (uint32_t i = 0; i < n; i++) verified[r[i].at] = e->verified[i];
    *errors = e->errors;
  }
  free(r);
  return hit;
}

void gap_memo_add(GapMemo *self, uint64_t text_hash, const GapEdit *edits, uint32_t n, const bool *verified,
                  uint32_t errors) {
  Ranked *r = ranked_sorted(edits, n);
  GapMemoEntry e = {text_hash, n, xmalloc(sizeof *e.edits * (n ? n : 1)), xmalloc(sizeof *e.verified * (n ? n : 1)),
                    errors};
  for (uint32_t i = 0; i < n; i++) e.edits[i] = r[i].e, e.verified[i] = verified[r[i].at];
  free(r);
  array_push(&self->entries, e);
}
