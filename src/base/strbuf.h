/* strbuf: a growable NUL-terminated heap string for building output. */
#ifndef TXLINT_BASE_STRBUF_H
#define TXLINT_BASE_STRBUF_H

#include <stddef.h>

typedef struct StrBuf {
  char *data; /* owned; always NUL-terminated once anything was appended */
  size_t len;
  size_t cap;
} StrBuf;

void strbuf_init(StrBuf *self);
void strbuf_fini(StrBuf *self);
void strbuf_clear(StrBuf *self);
void strbuf_append(StrBuf *self, const char *s, size_t n);
void strbuf_puts(StrBuf *self, const char *s);
void strbuf_putc(StrBuf *self, char c);
void strbuf_printf(StrBuf *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents (never NULL; "" when empty), borrowed from self. */
const char *strbuf_cstr(StrBuf *self);
/* Hands the buffer to the caller (free()) and leaves self empty. */
char *strbuf_take(StrBuf *self);

#endif
