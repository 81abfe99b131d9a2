#include "frontend/ts_util.h"

#include <stdlib.h>
#include <string.h>

Str ts_text(TSNode n, const char *src) {
  if (ts_node_is_null(n)) return (Str){src, 0};
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  return (Str){src + s, e > s ? e - s : 0};
}

char *ts_text_dup(TSNode n, const char *src, Arena *arena) {
  Str t = ts_text(n, src);
  return arena_strndup(arena, t.ptr, t.len);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

char *ts_text_normalized(TSNode n, const char *src, Arena *arena) {
  Str t = ts_text(n, src);
  char *out = arena_alloc(arena, t.len + 1);
  size_t k = 0;
  bool pending_space = false;
  for (size_t i = 0; i < t.len; i++) {
    if (is_space(t.ptr[i])) {
      pending_space = k > 0;
      continue;
    }
    if (pending_space) out[k++] = ' ';
    pending_space = false;
    out[k++] = t.ptr[i];
  }
  out[k] = '\0';
  return out;
}

SrcLoc ts_loc(TSNode n) {
  if (ts_node_is_null(n)) return (SrcLoc){0, 0, 0, 0};
  TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
  return (SrcLoc){s.row + 1, s.column + 1, e.row + 1, e.column + 1};
}

SrcLoc ts_loc_last(TSNode n) {
  if (ts_node_is_null(n)) return (SrcLoc){0, 0, 0, 0};
  TSPoint e = ts_node_end_point(n);
  uint32_t col = e.column > 0 ? e.column : 1;
  return (SrcLoc){e.row + 1, col, e.row + 1, col + 1};
}

TSNode ts_field(TSNode n, const char *name) {
  return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

bool ts_is(TSNode n, const char *type) { return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0; }

bool ts_has_token(TSNode n, const char *tok) {
  uint32_t c = ts_node_child_count(n);
  for (uint32_t i = 0; i < c; i++) {
    TSNode ch = ts_node_child(n, i);
    if (!ts_node_is_named(ch) && strcmp(ts_node_type(ch), tok) == 0) return true;
  }
  return false;
}

void ts_walk(TSNode root, TsVisitFn visit, void *ud) {
  TSTreeCursor cur = ts_tree_cursor_new(root);
  uint32_t depth = 0;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cur);
    if (visit(ud, n) && ts_tree_cursor_goto_first_child(&cur)) {
      depth++;
      continue;
    }
    while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&cur)) {
      ts_tree_cursor_goto_parent(&cur);
      depth--;
    }
    if (depth == 0) break;
  }
  ts_tree_cursor_delete(&cur);
}

typedef struct ErrorSearch {
  TSNode found;
  bool done;
} ErrorSearch;

static bool error_visit(void *ud, TSNode n) {
  ErrorSearch *s = ud;
  if (s->done) return false;
  if (ts_node_is_error(n) || ts_node_is_missing(n)) {
    s->found = n;
    s->done = true;
    return false;
  }
  return ts_node_has_error(n);
}

TSNode ts_first_error(TSNode root) {
  ErrorSearch s = {.done = false};
  memset(&s.found, 0, sizeof s.found);
  ts_walk(root, error_visit, &s);
  return s.found;
}

uint32_t ts_named_children(TSNode n, Arena *arena, TSNode **out) {
  uint32_t cap = ts_node_is_null(n) ? 0 : ts_node_named_child_count(n), k = 0;
  TSNode *items = ARENA_NEW_ARRAY(arena, TSNode, cap ? cap : 1);
  if (cap) {
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && k < cap; more = ts_tree_cursor_goto_next_sibling(&cur)) {
      TSNode c = ts_tree_cursor_current_node(&cur);
      if (ts_node_is_named(c)) items[k++] = c;
    }
    ts_tree_cursor_delete(&cur);
  }
  *out = items;
  return k;
}

void ts_named_iter_begin(TsNamedIter *it, TSNode n) {
  it->started = false;
  it->live = !ts_node_is_null(n);
  if (it->live) it->cur = ts_tree_cursor_new(n);
}

bool ts_named_iter_next(TsNamedIter *it, TSNode *out) {
  while (it->live) {
    bool more = it->started ? ts_tree_cursor_goto_next_sibling(&it->cur) : ts_tree_cursor_goto_first_child(&it->cur);
    it->started = true;
    if (!more) break;
    TSNode c = ts_tree_cursor_current_node(&it->cur);
    if (ts_node_is_named(c)) {
      *out = c;
      return true;
    }
  }
  ts_named_iter_end(it);
  return false;
}

void ts_named_iter_end(TsNamedIter *it) {
  if (it->live) ts_tree_cursor_delete(&it->cur);
  it->live = false;
}

/* Section - Per-language symbol and field caches */

void ts_kind_cache_init(TsKindCache *self, const TSLanguage *lang, TsClassifyFn classify, Arena *arena) {
  self->lang = lang;
  self->classify = classify;
  self->n_symbols = lang ? ts_language_symbol_count(lang) : 0;
  self->by_symbol = ARENA_NEW_ARRAY(arena, uint16_t, self->n_symbols ? self->n_symbols : 1);
  memset(self->by_symbol, 0xff, sizeof *self->by_symbol * (self->n_symbols ? self->n_symbols : 1));
}

uint16_t ts_kind_cache_fill(TsKindCache *self, TSSymbol sym) {
  const char *name = self->lang ? ts_language_symbol_name(self->lang, sym) : NULL;
  uint16_t code = name ? self->classify(name) : 0;
  /* ERROR (0xffff) and _ERROR lie outside the table: classified every time. */
  if (sym < self->n_symbols) self->by_symbol[sym] = code;
  return code;
}

void ts_field_cache_init(TsFieldCache *self, const TSLanguage *lang, const char *const *names, uint32_t n_names,
                         Arena *arena) {
  self->lang = lang;
  self->names = names;
  self->n_names = n_names;
  self->ids = ARENA_NEW_ARRAY(arena, TSFieldId, n_names ? n_names : 1);
  memset(self->ids, 0xff, sizeof *self->ids * (n_names ? n_names : 1));
}

TSNode ts_field_cache_get(TsFieldCache *self, TSNode n, uint32_t which) {
  if (ts_node_is_null(n) || which >= self->n_names) return (TSNode){0};
  if (self->ids[which] == TS_FIELD_UNSET) {
    const char *name = self->names[which];
    self->ids[which] = ts_language_field_id_for_name(self->lang, name, (uint32_t)strlen(name));
  }
  return ts_node_child_by_field_id(n, self->ids[which]);
}

static int ts__name_cmp(const void *key, const void *elem) {
  return strcmp((const char *)key, *(const char *const *)elem);
}

uint16_t ts_name_rank(const char *const *names, size_t n, const char *name) {
  const char *const *hit = bsearch(name, names, n, sizeof names[0], ts__name_cmp);
  return hit ? (uint16_t)(hit - names + 1) : 0;
}

bool ts_names_sorted(const char *const *names, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (strcmp(names[i - 1], names[i]) >= 0) return false;
  return true;
}
