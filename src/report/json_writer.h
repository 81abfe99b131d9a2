/* json_writer: a streaming JSON writer onto a FILE (or a StrBuf) that keeps
** no document in memory. Commas and indentation are tracked per nesting
** level; any I/O failure or misuse sets a sticky error flag (sqlite3_str
** style) so callers check once, at the end. */
#ifndef TXLINT_REPORT_JSON_WRITER_H
#define TXLINT_REPORT_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/strbuf.h"

enum { JW_MAX_DEPTH = 64 };

typedef struct JsonWriter {
  FILE *out;        /* borrowed; NULL when writing into buf */
  StrBuf *buf;      /* borrowed; NULL when writing to out */
  bool pretty;      /* two-space indentation, one member per line */
  bool error;       /* sticky: an I/O error or a misuse happened */
  bool after_key;   /* a key was written; the next value completes the member */
  int depth;
  bool has_items[JW_MAX_DEPTH]; /* per level: something was written already */
} JsonWriter;

/* Starts a writer on out (borrowed). */
void jw_init_file(JsonWriter *self, FILE *out, bool pretty);
/* Starts a writer appending to buf (borrowed). */
void jw_init_buf(JsonWriter *self, StrBuf *buf, bool pretty);
void jw_object_begin(JsonWriter *self);
void jw_object_end(JsonWriter *self);
void jw_array_begin(JsonWriter *self);
void jw_array_end(JsonWriter *self);
/* Writes a member name; the next call writes its value. */
void jw_key(JsonWriter *self, const char *key);
/* Writes a string value (NULL writes null); invalid UTF-8 bytes become U+FFFD. */
void jw_string(JsonWriter *self, const char *s);
void jw_int(JsonWriter *self, int64_t v);
void jw_bool(JsonWriter *self, bool v);
void jw_null(JsonWriter *self);
/* Shorthands for a member: key + value. */
void jw_kv_string(JsonWriter *self, const char *key, const char *s);
void jw_kv_int(JsonWriter *self, const char *key, int64_t v);
void jw_kv_bool(JsonWriter *self, const char *key, bool v);
/* Ends the document (newline), flushes, and returns false if any error occurred. */
bool jw_finish(JsonWriter *self);

#endif
