#include "report/json_writer.h"

#include <inttypes.h>
#include <string.h>

#include "report/srctext.h"

void jw_init_file(JsonWriter *self, FILE *out, bool pretty) {
  memset(self, 0, sizeof *self);
  self->out = out;
  self->pretty = pretty;
}

void jw_init_buf(JsonWriter *self, StrBuf *buf, bool pretty) {
  memset(self, 0, sizeof *self);
  self->buf = buf;
  self->pretty = pretty;
}

static void jw__raw(JsonWriter *self, const char *s, size_t n) {
  if (self->error || n == 0) return;
  if (self->buf) {
    strbuf_append(self->buf, s, n);
  } else if (fwrite(s, 1, n, self->out) != n) {
    self->error = true;
  }
}

static void jw__puts(JsonWriter *self, const char *s) { jw__raw(self, s, strlen(s)); }

static void jw__newline(JsonWriter *self) {
  static const char spaces[] = "                                                                ";
  if (!self->pretty) return;
  jw__raw(self, "\n", 1);
  for (int i = 0; i < self->depth; i++) jw__raw(self, spaces, 2);
}

/* Everything a value needs before it: the comma and the indentation, unless
** it completes a "key": member. */
static void jw__before_value(JsonWriter *self) {
  if (self->after_key) {
    self->after_key = false;
    return;
  }
  if (self->depth > 0) {
    if (self->has_items[self->depth - 1]) jw__raw(self, ",", 1);
    self->has_items[self->depth - 1] = true;
    jw__newline(self);
  }
}

static void jw__open(JsonWriter *self, const char *bracket) {
  jw__before_value(self);
  jw__puts(self, bracket);
  if (self->depth >= JW_MAX_DEPTH) {
    self->error = true;
    return;
  }
  self->has_items[self->depth++] = false;
}

static void jw__close(JsonWriter *self, const char *bracket) {
  if (self->depth == 0 || self->after_key) {
    self->error = true;
    return;
  }
  bool had = self->has_items[--self->depth];
  if (had) jw__newline(self);
  jw__puts(self, bracket);
}

void jw_object_begin(JsonWriter *self) { jw__open(self, "{"); }
void jw_object_end(JsonWriter *self) { jw__close(self, "}"); }
void jw_array_begin(JsonWriter *self) { jw__open(self, "["); }
void jw_array_end(JsonWriter *self) { jw__close(self, "]"); }

static void jw__escaped(JsonWriter *self, const char *s) {
  const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
  while (p < end) {
    const unsigned char *run = p;
    size_t n;
    uint32_t cp;
    while (*p >= 0x20 && *p != '"' && *p != '\\' && (n = srctext_utf8_decode(p, (size_t)(end - p), &cp)) > 0)
      p += n;
    jw__raw(self, (const char *)run, (size_t)(p - run));
    if (p == end) break;
    char esc[8];
    switch (*p) {
      case '"': jw__puts(self, "\\\""); break;
      case '\\': jw__puts(self, "\\\\"); break;
      case '\n': jw__puts(self, "\\n"); break;
      case '\r': jw__puts(self, "\\r"); break;
      case '\t': jw__puts(self, "\\t"); break;
      case '\b': jw__puts(self, "\\b"); break;
      case '\f': jw__puts(self, "\\f"); break;
      default:
        if (*p < 0x20) {
          snprintf(esc, sizeof esc, "\\u%04x", *p);
          jw__puts(self, esc);
        } else {
          jw__puts(self, "\\ufffd"); /* an invalid UTF-8 byte */
        }
    }
    p++;
  }
}

void jw_key(JsonWriter *self, const char *key) {
  if (self->depth == 0 || self->after_key) {
    self->error = true;
    return;
  }
  jw__before_value(self);
  jw__raw(self, "\"", 1);
  jw__escaped(self, key);
  jw__puts(self, self->pretty ? "\": " : "\":");
  self->after_key = true;
}

void jw_string(JsonWriter *self, const char *s) {
  if (!s) {
    jw_null(self);
    return;
  }
  jw__before_value(self);
  jw__raw(self, "\"", 1);
  jw__escaped(self, s);
  jw__raw(self, "\"", 1);
}

void jw_int(JsonWriter *self, int64_t v) {
  char num[32];
  snprintf(num, sizeof num, "%" PRId64, v);
  jw__before_value(self);
  jw__puts(self, num);
}

void jw_bool(JsonWriter *self, bool v) {
  jw__before_value(self);
  jw__puts(self, v ? "true" : "false");
}

void jw_null(JsonWriter *self) {
  jw__before_value(self);
  jw__puts(self, "null");
}

void jw_kv_string(JsonWriter *self, const char *key, const char *s) {
  jw_key(self, key);
  jw_string(self, s);
}

void jw_kv_int(JsonWriter *self, const char *key, int64_t v) {
  jw_key(self, key);
  jw_int(self, v);
}

void jw_kv_bool(JsonWriter *self, const char *key, bool v) {
  jw_key(self, key);
  jw_bool(self, v);
}

bool jw_finish(JsonWriter *self) {
  if (self->depth != 0 || self->after_key) self->error = true;
  jw__raw(self, "\n", 1);
  if (self->out && fflush(self->out) != 0) self->error = true;
  return !self->error;
}
