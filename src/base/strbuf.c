#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void strbuf_init(StrBuf *self) { memset(self, 0, sizeof *self); }

void strbuf_fini(StrBuf *self) {
  free(self->data);
  memset(self, 0, sizeof *self);
}

void strbuf_clear(StrBuf *self) {
  self->len = 0;
  if (self->data) self->data[0] = '\0';
}

static void strbuf__reserve(StrBuf *self, size_t extra) {
  size_t need = self->len + extra + 1;
  if (need <= self->cap) return;
  size_t cap = self->cap ? self->cap * 2 : 64;
  while (cap < need) cap *= 2;
  self->data = xrealloc(self->data, cap);
  self->cap = cap;
}

void strbuf_append(StrBuf *self, const char *s, size_t n) {
  strbuf__reserve(self, n);
  if (n) memcpy(self->data + self->len, s, n);
  self->len += n;
  self->data[self->len] = '\0';
}

void strbuf_puts(StrBuf *self, const char *s) { strbuf_append(self, s, strlen(s)); }

void strbuf_putc(StrBuf *self, char c) { strbuf_append(self, &c, 1); }

void strbuf_printf(StrBuf *self, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n <= 0) return;
  strbuf__reserve(self, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(self->data + self->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  self->len += (size_t)n;
}

const char *strbuf_cstr(StrBuf *self) { return self->data ? self->data : ""; }

char *strbuf_take(StrBuf *self) {
  char *p = self->data ? self->data : xstrdup("");
  memset(self, 0, sizeof *self);
  return p;
}
