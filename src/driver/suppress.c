#define _GNU_SOURCE /* memmem */
#include "driver/suppress.h"

#include <ctype.h>
#include <string.h>

/* Longest first, so that "txlint-disable" does not take "txlint-disable-line". */
static const struct {
  const char *word;
  DirectiveKind kind;
} keywords[] = {
    {"txlint-disable-next-line", DIRECTIVE_NEXT_LINE}, {"txlint-disable-line", DIRECTIVE_LINE},
    {"txlint-disable-file", DIRECTIVE_FILE},           {"txlint-disable", DIRECTIVE_DISABLE},
    {"txlint-enable", DIRECTIVE_ENABLE},
};

static Str trim(Str s) {
  while (s.len && isspace((unsigned char)s.ptr[0])) s.ptr++, s.len--;
  while (s.len && isspace((unsigned char)s.ptr[s.len - 1])) s.len--;
  return s;
}

/* The directive at line[pos] sits in a comment: a comment opener earlier on
** the line, or a block comment's continuation line (" * …"). */
static bool in_comment(Str line, size_t pos) {
  if (memmem(line.ptr, pos, "//", 2) || memmem(line.ptr, pos, "/*", 2)) return true;
  Str before = trim((Str){line.ptr, pos});
  return before.len == 1 && before.ptr[0] == '*';
}

/* Splits list (comma or space separated ids) into d's rules. */
static void parse_rules(Directive *d, Str list, Arena *arena) {
  uint32_t n = 0;
  for (size_t i = 0; i < list.len;) {
    while (i < list.len && (list.ptr[i] == ',' || isspace((unsigned char)list.ptr[i]))) i++;
    if (i < list.len) n++;
    while (i < list.len && list.ptr[i] != ',' && !isspace((unsigned char)list.ptr[i])) i++;
  }
  d->rules = n ? arena_alloc(arena, n * sizeof *d->rules) : NULL;
  d->n_rules = 0;
  for (size_t i = 0; i < list.len;) {
    while (i < list.len && (list.ptr[i] == ',' || isspace((unsigned char)list.ptr[i]))) i++;
    size_t start = i;
    while (i < list.len && list.ptr[i] != ',' && !isspace((unsigned char)list.ptr[i])) i++;
    if (i > start) d->rules[d->n_rules++] = (DirectiveRule){{list.ptr + start, i - start}, false};
  }
}

/* The directive on one line, if any. */
static bool parse_line(Str line, uint32_t line_no, Directive *out, Arena *arena) {
  const char *at = memmem(line.ptr, line.len, "txlint-", 7);
  if (!at) return false;
  size_t pos = (size_t)(at - line.ptr), rest = line.len - pos;
  for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++) {
    size_t kl = strlen(keywords[k].word);
    if (rest < kl || memcmp(at, keywords[k].word, kl) != 0) continue;
    bool ends = rest == kl || isspace((unsigned char)at[kl]) || (rest - kl >= 2 && memcmp(at + kl, "*/", 2) == 0);
    if (!ends) return false; /* txlint-disable-lines, txlint-disabled: not a directive */
    if (!in_comment(line, pos)) return false;
    Str tail = {at + kl, rest - kl};
    const char *close = memmem(tail.ptr, tail.len, "*/", 2);
    if (close) tail.len = (size_t)(close - tail.ptr);
    const char *dash = memmem(tail.ptr, tail.len, "--", 2);
    Str list = tail, reason = {"", 0};
    if (dash) {
      list.len = (size_t)(dash - tail.ptr);
      reason = trim((Str){dash + 2, tail.len - list.len - 2});
    }
    *out = (Directive){keywords[k].kind, line_no, (uint32_t)pos + 1, {at, kl}, reason, NULL, 0};
    parse_rules(out, trim(list), arena);
    return true;
  }
  return false;
}

void suppress_table_build(SuppressTable *self, const LineIndex *lines, Arena *arena) {
  memset(self, 0, sizeof *self);
  self->arena = arena;
  if (!lines->src || !memmem(lines->src, lines->len, "txlint-", 7)) return; /* the common case */
  for (uint32_t l = 1; l <= lines->n_lines; l++) {
    Str text;
    Directive d;
    if (line_index_get(lines, l, &text) && parse_line(text, l, &d, arena)) array_push_in(arena, &self->directives, d);
  }
}

static DirectiveRule *rule_named(const Directive *d, const char *rule_id) {
  for (uint32_t i = 0; i < d->n_rules; i++)
    if (str_eq_cstr(d->rules[i].id, rule_id)) return &d->rules[i];
  return NULL;
}

/* Whether a txlint-enable between the block's start (index from) and line
** ends the block for rule_id. */
static bool block_ended(const SuppressTable *self, uint32_t from, uint32_t line, const char *rule_id) {
  for (uint32_t i = from + 1; i < self->directives.len && self->directives.items[i].line <= line; i++) {
    const Directive *e = &self->directives.items[i];
    if (e->kind == DIRECTIVE_ENABLE && (e->n_rules == 0 || rule_named(e, rule_id))) return true;
  }
  return false;
}

/* Whether directive i covers a finding at line. */
static bool covers(const SuppressTable *self, uint32_t i, uint32_t line, const char *rule_id) {
  const Directive *d = &self->directives.items[i];
  switch (d->kind) {
  case DIRECTIVE_NEXT_LINE: return d->line + 1 == line;
  case DIRECTIVE_LINE: return d->line == line;
  case DIRECTIVE_FILE: return true;
  case DIRECTIVE_DISABLE: return d->line <= line && !block_ended(self, i, line, rule_id);
  case DIRECTIVE_ENABLE: return false;
  }
  return false;
}

const Directive *suppress_match(SuppressTable *self, uint32_t line, const char *rule_id) {
  const Directive *hit = NULL;
  for (uint32_t i = 0; i < self->directives.len; i++) {
    Directive *d = &self->directives.items[i];
    DirectiveRule *r = rule_named(d, rule_id);
    if (!r || !covers(self, i, line, rule_id)) continue;
    r->used = true; /* every directive that covers it counts as used, not only the first */
    if (!hit) hit = d;
  }
  return hit;
}

void suppress_unused(const SuppressTable *self, bool (*is_known)(const char *id), bool (*ran)(void *ud, const char *id),
                     void *ud, void (*report)(void *ud, const Directive *d, const DirectiveRule *rule, UnusedKind kind)) {
  char id[128];
  for (uint32_t i = 0; i < self->directives.len; i++) {
    const Directive *d = &self->directives.items[i];
    if (d->n_rules == 0 && d->kind != DIRECTIVE_ENABLE) report(ud, d, NULL, UNUSED_NO_RULE);
    for (uint32_t k = 0; k < d->n_rules; k++) {
      const DirectiveRule *r = &d->rules[k];
      size_t n = r->id.len < sizeof id - 1 ? r->id.len : sizeof id - 1;
      memcpy(id, r->id.ptr, n);
      id[n] = '\0';
      if (!is_known(id)) report(ud, d, r, UNUSED_UNKNOWN_RULE);
      else if (d->kind != DIRECTIVE_ENABLE && !r->used && ran(ud, id)) report(ud, d, r, UNUSED_SILENCED_NOTHING);
    }
  }
}
