#include "driver/gitignore.h"

#include <string.h>

#include "base/xalloc.h"

/* Section - parsing */

/* Trims trailing unescaped spaces and the '\r' of CRLF files. */
static size_t gi_trim_end(const char *line, size_t n) {
  while (n > 0 && (line[n - 1] == '\r' || (line[n - 1] == ' ' && !(n >= 2 && line[n - 2] == '\\')))) n--;
  return n;
}

static void gi_add_line(Gitignore *self, const char *line, size_t n) {
  n = gi_trim_end(line, n);
  if (n == 0 || line[0] == '#') return;
  GitignoreRule r = {0};
  if (line[0] == '!') {
    r.negate = true;
    line++, n--;
  } else if (line[0] == '\\' && n > 1 && (line[1] == '!' || line[1] == '#')) {
    line++, n--; /* escaped leading '!' or '#' is literal */
  }
  if (n > 0 && line[n - 1] == '/') {
    r.dir_only = true;
    n--;
  }
  if (n == 0) return;
  r.anchored = memchr(line, '/', n) != NULL;
  if (line[0] == '/') line++, n--;
  if (n == 0) return;
  r.pattern = xstrndup(line, n);
  array_push(&self->rules, r);
}

Gitignore *gitignore_parse(const char *base, const char *text, size_t len) {
  Gitignore *self = xcalloc(1, sizeof *self);
  self->base = xstrdup(base);
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    gi_add_line(self, p, (size_t)(stop - p));
    p = nl ? nl + 1 : end;
  }
  return self;
}

void gitignore_delete(Gitignore *self) {
  if (!self) return;
  for (uint32_t i = 0; i < self->rules.len; i++) free(self->rules.items[i].pattern);
  array_free(&self->rules);
  free(self->base);
  free(self);
}

/* Section - globbing */

/* Matches a [...] class at *pp against c; advances *pp past it. A class
** without a closing ']' is a literal '['. */
static bool gi_class(const char **pp, char c, bool *ok) {
  const char *p = *pp + 1;
  bool neg = *p == '!' || *p == '^';
  if (neg) p++;
  bool hit = false;
  const char *start = p;
  while (*p && (*p != ']' || p == start)) {
    char lo = *p == '\\' && p[1] ? *++p : *p;
    char hi = lo;
    if (p[1] == '-' && p[2] && p[2] != ']') {
      hi = p[2] == '\\' && p[3] ? p[3] : p[2];
      p += p[2] == '\\' ? 3 : 2;
    }
    if (c >= lo && c <= hi) hit = true;
    p++;
  }
  if (*p != ']') {
    *ok = false;
    return false;
  }
  *ok = true;
  *pp = p + 1;
  return c != '/' && hit != neg;
}

static bool gi_glob(const char *pat, const char *p, const char *s) {
  while (*p) {
    if (p[0] == '*' && p[1] == '*' && (p == pat || p[-1] == '/') && (p[2] == '/' || p[2] == '\0')) {
      if (p[2] == '\0') return true; /* trailing "**": everything below */
      for (const char *t = s;; t++) { /* a "**" segment: zero or more whole directories */
        if ((t == s || t[-1] == '/') && gi_glob(pat, p + 3, t)) return true;
        if (!*t) return false;
      }
    }
    if (*p == '*') {
      while (*p == '*') p++;
      for (const char *t = s;; t++) {
        if (gi_glob(pat, p, t)) return true;
        if (!*t || *t == '/') return false;
      }
    }
    if (*p == '?') {
      if (!*s || *s == '/') return false;
      p++, s++;
      continue;
    }
    if (*p == '[') {
      bool ok = false; /* stays false when s is at its end: then "[" cannot match */
      const char *q = p;
      bool hit = *s && gi_class(&q, *s, &ok);
      if (ok) {
        if (!hit) return false;
        p = q, s++;
        continue;
      }
    }
    if (*p == '\\' && p[1]) p++;
    if (*p != *s) return false;
    p++, s++;
  }
  return *s == '\0';
}

bool gitignore_glob(const char *pattern, const char *text) { return gi_glob(pattern, pattern, text); }

GitignoreVerdict gitignore_match(const Gitignore *self, const char *path, bool is_dir) {
  size_t base_len = strlen(self->base);
  if (strncmp(path, self->base, base_len) != 0) return GI_NONE;
  const char *rel = path + base_len;
  const char *name = strrchr(rel, '/');
  name = name ? name + 1 : rel;
  if (!*rel) return GI_NONE;
  for (uint32_t i = self->rules.len; i-- > 0;) { /* the last matching rule decides */
    const GitignoreRule *r = &self->rules.items[i];
    if (r->dir_only && !is_dir) continue;
    if (gitignore_glob(r->pattern, r->anchored ? rel : name)) return r->negate ? GI_INCLUDE : GI_IGNORE;
  }
  return GI_NONE;
}
