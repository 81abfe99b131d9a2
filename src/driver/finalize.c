#include "driver/finalize.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "driver/suppress.h"
#include "driver/fixtext.h"
#include "report/srctext.h"

static uint32_t utf16_on_line(const LineIndex *lines, uint32_t line, uint32_t byte_col) {
  Str text;
  if (!byte_col || !line_index_get(lines, line, &text)) return byte_col;
  return srctext_utf16_col(text, byte_col);
}

SrcLoc finalize_loc(const LineIndex *lines, SrcLoc loc) {
  if (loc.line == 0) return loc;
  if (loc.col == 0) loc.col = 1;
  if (loc.end_line < loc.line) loc.end_line = loc.line, loc.end_col = 0;
  SrcLoc out = loc;
  out.col = utf16_on_line(lines, loc.line, loc.col);
  out.end_col = utf16_on_line(lines, loc.end_line, loc.end_col);
  if (out.end_line == out.line && out.end_col < out.col) out.end_col = out.col;
  return out;
}

/* A suppression comment that covers the finding (suppress.h). */
static void finalize_suppress(FindingList *list, Finding *f, SuppressTable *table) {
  const Directive *d = suppress_match(table, f->loc.line, f->rule_id);
  if (!d) return;
  f->is_suppressed = true;
  f->suppressed = arena_strndup(list->arena, d->reason.ptr, d->reason.len);
}

/* The hash of line (one of the n ascending lines[]), or NULL. */
static const LineHash *hash_of(const uint32_t *lines, const LineHash *hashes, uint32_t n, uint32_t line) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (lines[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && lines[lo] == line ? &hashes[lo] : NULL;
}

static void finalize_one(FindingList *list, Finding *f, const LineIndex *lines, const uint32_t *hash_lines,
                         const LineHash *hashes, uint32_t n_hashes, const char *rel_path,
                         SuppressTable *table) {
  bool same_file = !f->path || strcmp(f->path, rel_path) == 0;
  f->path = finding_list_strdup(list, f->path ? f->path : rel_path);
  if (!same_file) return; /* not this file's text: leave it as the rule made it */
  Str text;
  if (line_index_get(lines, f->loc.line, &text)) f->snippet = arena_strndup(list->arena, text.ptr, text.len);
  if (f->fix) fixtext_resolve(list, f, lines, fixtext_is_js(rel_path)); /* while columns are bytes */
  f->loc = finalize_loc(lines, f->loc);
  for (uint32_t i = 0; i < f->n_related; i++) {
    FindingRelated *r = &f->related[i];
    if (!r->path || strcmp(r->path, rel_path) == 0) r->loc = finalize_loc(lines, r->loc);
  }
  for (uint32_t i = 0; i < f->n_steps; i++) f->steps[i].loc = finalize_loc(lines, f->steps[i].loc);
  const LineHash *h = f->loc.line >= 1 ? hash_of(hash_lines, hashes, n_hashes, f->loc.line) : NULL;
  if (h) memcpy(f->line_hash, h->text, sizeof f->line_hash);
  finalize_suppress(list, f, table);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Line hashes are computed for the findings' lines only: one per line of
** the file took 32 bytes a line (32 MB for a million-line file). */
void finalize_findings(FindingList *list, const LineIndex *lines, const char *rel_path) {
  if (list->items.len == 0) return;
  uint32_t *want = xcalloc(list->items.len, sizeof *want), n = 0;
  for (uint32_t i = 0; i < list->items.len; i++) {
    const Finding *f = list->items.items[i];
    if ((!f->path || strcmp(f->path, rel_path) == 0) && f->loc.line >= 1 && f->loc.line <= lines->n_lines)
      want[n++] = f->loc.line;
  }
  if (n > 1) qsort(want, n, sizeof *want, cmp_u32);
  uint32_t unique = 0;
  for (uint32_t i = 0; i < n; i++)
    if (unique == 0 || want[unique - 1] != want[i]) want[unique++] = want[i];
  LineHash *hashes = xcalloc(unique ? unique : 1, sizeof *hashes);
  if (unique) srctext_line_hashes_of(lines->src, lines->len, want, unique, hashes);
  Arena *a = arena_new();
  SuppressTable table;
  suppress_table_build(&table, lines, a);
  for (uint32_t i = 0; i < list->items.len; i++)
    finalize_one(list, list->items.items[i], lines, want, hashes, unique, rel_path, &table);
  arena_delete(a);
  free(hashes);
  free(want);
}

void finalize_related_in(FindingList *list, const LineIndex *lines, const char *rel_path) {
  for (uint32_t i = 0; i < list->items.len; i++) {
    Finding *f = list->items.items[i];
    if (!f->path || strcmp(f->path, rel_path) == 0) continue; /* finalize_findings did its own */
    for (uint32_t k = 0; k < f->n_related; k++)
      if (f->related[k].path && strcmp(f->related[k].path, rel_path) == 0)
        f->related[k].loc = finalize_loc(lines, f->related[k].loc);
  }
}
