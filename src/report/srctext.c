#include "report/srctext.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/map.h"

size_t srctext_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  size_t need;
  uint32_t min;
  *cp = 0xFFFD;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) need = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) need = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) need = 4, min = 0x10000;
  else return 0;
  if (need > n) return 0;
  uint32_t v = c & (0x3Fu >> (need - 1));
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return need;
}

bool srctext_is_valid_utf8(const char *src, size_t len) {
  const unsigned char *p = (const unsigned char *)src;
  size_t i = 0;
  uint32_t cp;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = srctext_utf8_decode(p + i, len - i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

uint32_t srctext_utf16_col(Str line, uint32_t byte_col) {
  if (byte_col <= 1) return byte_col ? 1 : 0;
  const unsigned char *p = (const unsigned char *)line.ptr;
  size_t want = (size_t)byte_col - 1, i = 0;
  uint32_t units = 0, cp;
  while (i < want && i < line.len) {
    size_t n = srctext_utf8_decode(p + i, line.len - i, &cp);
    if (n == 0 || i + n > want) n = 1; /* invalid, or a column inside a sequence */
    units += cp >= 0x10000 && n == 4 ? 2 : 1;
    i += n;
  }
  if (want > i) units += (uint32_t)(want - i); /* past the end of the line */
  return units + 1;
}

size_t srctext_utf16_to_byte(Str line, uint32_t utf16_col) {
  const unsigned char *p = (const unsigned char *)line.ptr;
  size_t i = 0;
  uint32_t units = 1, cp;
  while (units < utf16_col && i < line.len) {
    size_t n = srctext_utf8_decode(p + i, line.len - i, &cp);
    if (n == 0) n = 1;
    units += cp >= 0x10000 && n == 4 ? 2 : 1;
    i += n;
  }
  return i;
}

uint32_t srctext_byte_col(Str line, uint32_t utf16_col) {
  if (utf16_col <= 1) return utf16_col;
  const unsigned char *p = (const unsigned char *)line.ptr;
  size_t i = 0;
  uint32_t units = 1, cp;
  while (i < line.len) {
    size_t n = srctext_utf8_decode(p + i, line.len - i, &cp);
    uint32_t w = n == 4 ? 2 : 1;
    if (n == 0) n = 1;
    if (units + w > utf16_col) break; /* the column is this character (or inside its pair) */
    units += w;
    i += n;
  }
  return (uint32_t)i + 1 + (utf16_col > units && i >= line.len ? utf16_col - units : 0);
}

/* Section - GitHub line hash */

enum { LH_BLOCK = 100, LH_EOF = 65535 };

typedef struct LineHasher {
  uint32_t window[LH_BLOCK];  /* the last 100 code units fed in */
  int64_t line_at[LH_BLOCK];  /* line number starting at that slot, or -1 */
  uint64_t hash;
  uint64_t first_mod;         /* 37^100 */
  int index;
  int64_t line_no;
  bool line_start, prev_cr;
  Map counts;                 /* hash text -> occurrences so far (in arena) */
  Arena *arena;
  LineHash *out;              /* borrowed */
  uint32_t n_lines;
  const uint32_t *want;       /* borrowed: ascending lines to output (out[k] for want[k]), or NULL: all */
  uint32_t n_want, next_want;
} LineHasher;

/* Where line's hash goes: out[line - 1], or with a want list its slot. */
static LineHash *lh_slot(LineHasher *h, int64_t line) {
  if (!h->want) return line >= 1 && line <= (int64_t)h->n_lines ? &h->out[line - 1] : NULL;
  while (h->next_want < h->n_want && h->want[h->next_want] < line) h->next_want++; /* lines come in order */
  return h->next_want < h->n_want && h->want[h->next_want] == line ? &h->out[h->next_want] : NULL;
}

static void lh_output(LineHasher *h) {
  char hex[24];
  snprintf(hex, sizeof hex, "%" PRIx64, h->hash);
  size_t n = strlen(hex);
  uintptr_t count = (uintptr_t)map_get(&h->counts, hex, n) + 1;
  /* The key is copied once: a copy per line held a million-line file's every hash twice. */
  map_set(&h->counts, count == 1 ? arena_strndup(h->arena, hex, n) : hex, n, (void *)count);
  LineHash *slot = lh_slot(h, h->line_at[h->index]);
  if (slot) snprintf(slot->text, sizeof slot->text, "%s:%u", hex, (unsigned)count);
  h->line_at[h->index] = -1;
}

static void lh_update(LineHasher *h, uint32_t c) {
  uint32_t begin = h->window[h->index];
  h->window[h->index] = c;
  h->hash = 37u * h->hash + c - h->first_mod * begin; /* wraps like Long */
  h->index = (h->index + 1) % LH_BLOCK;
}

static void lh_process(LineHasher *h, uint32_t c) {
  if (c == ' ' || c == '\t' || (h->prev_cr && c == '\n')) {
    h->prev_cr = false;
    return;
  }
  h->prev_cr = c == '\r';
  if (c == '\r') c = '\n';
  if (h->line_at[h->index] != -1) lh_output(h);
  if (h->line_start) {
    h->line_start = false;
    h->line_at[h->index] = ++h->line_no;
  }
  if (c == '\n') h->line_start = true;
  lh_update(h, c);
}

/* Feeds the text as UTF-16 code units, as Node's utf8 decoder produces them. */
static void lh_feed(LineHasher *h, const char *src, size_t len) {
  const unsigned char *p = (const unsigned char *)src;
  size_t i = 0;
  uint32_t cp;
  while (i < len) {
    size_t n = srctext_utf8_decode(p + i, len - i, &cp);
    if (n == 0) n = 1;
    i += n;
    if (cp >= 0x10000) {
      lh_process(h, 0xD800 + ((cp - 0x10000) >> 10));
      lh_process(h, 0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      lh_process(h, cp);
    }
  }
}

static void lh_run(const char *src, size_t len, LineHash *out, uint32_t n_lines, const uint32_t *want,
                   uint32_t n_want) {
  LineHasher h;
  memset(&h, 0, sizeof h);
  h.want = want;
  h.n_want = n_want;
  for (int i = 0; i < LH_BLOCK; i++) h.line_at[i] = -1;
  h.first_mod = 1;
  for (int i = 0; i < LH_BLOCK; i++) h.first_mod *= 37u;
  h.line_start = true;
  h.arena = arena_new();
  map_init(&h.counts, h.arena);
  h.out = out;
  h.n_lines = n_lines;
  for (uint32_t i = 0; i < (want ? n_want : n_lines); i++) out[i].text[0] = '\0';
  lh_feed(&h, src, len);
  lh_process(&h, LH_EOF);
  for (int i = 0; i < LH_BLOCK; i++) {
    if (h.line_at[h.index] != -1) lh_output(&h);
    lh_update(&h, 0);
  }
  arena_delete(h.arena);
}

void srctext_line_hashes(const char *src, size_t len, LineHash *out, uint32_t n_lines) {
  lh_run(src, len, out, n_lines, NULL, 0);
}

void srctext_line_hashes_of(const char *src, size_t len, const uint32_t *lines, uint32_t n, LineHash *out) {
  lh_run(src, len, out, 0, lines, n);
}
