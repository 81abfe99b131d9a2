#include "lsp/rpc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rpc_in_init(RpcIn *self, FILE *in) {
  self->in = in;
  strbuf_init(&self->body);
}

void rpc_in_fini(RpcIn *self) { strbuf_fini(&self->body); }

/* Reads one header line (without CR LF) into line; false at end of input or
** when the header block grows past the limit. */
static bool rpc_header_line(RpcIn *self, StrBuf *line, size_t *block) {
  strbuf_clear(line);
  int c;
  while ((c = getc(self->in)) != EOF) {
    if (++*block > RPC_MAX_HEADER) return false;
    if (c == '\n') {
      if (line->len && line->data[line->len - 1] == '\r') line->data[--line->len] = '\0';
      return true;
    }
    strbuf_putc(line, (char)c);
  }
  return false;
}

/* `Content-Length: 123` (name case-insensitive, as HTTP headers are): -1 when
** line is another header, -2 when the value is not a length within limits. */
static long rpc_content_length(const char *line) {
  static const char name[] = "content-length:";
  if (strncasecmp(line, name, sizeof name - 1) != 0) return -1;
  const char *v = line + sizeof name - 1;
  while (*v == ' ' || *v == '\t') v++;
  char *end;
  long n = strtol(v, &end, 10);
  while (*end == ' ' || *end == '\t') end++;
  if (end == v || *end || n < 0) return -2;
  return n;
}

/* Skips n bytes of a message too large to keep; false at end of input. */
static bool rpc_discard(RpcIn *self, long n) {
  char buf[4096];
  while (n > 0) {
    size_t want = n < (long)sizeof buf ? (size_t)n : sizeof buf;
    size_t got = fread(buf, 1, want, self->in);
    if (got == 0) return false;
    n -= (long)got;
  }
  return true;
}

RpcRead rpc_read(RpcIn *self) {
  StrBuf line;
  strbuf_init(&line);
  long length = -1;
  bool bad_length = false;
  size_t block = 0;
  RpcRead result = RPC_EOF;
  for (;;) {
    if (!rpc_header_line(self, &line, &block)) {
      if (block > RPC_MAX_HEADER) fprintf(stderr, "txlint lsp: header block above %d bytes; input abandoned\n", RPC_MAX_HEADER);
      goto done;
    }
    if (line.len == 0) {
      if (length >= 0 || bad_length) break;
      continue; /* blank lines between messages */
    }
    long n = rpc_content_length(strbuf_cstr(&line));
    if (n == -2) bad_length = true;
    else if (n >= 0) length = n;
  }
  if (bad_length || length < 0) {
    /* Without a length the stream cannot be resynchronised. */
    fprintf(stderr, "txlint lsp: a message without a valid Content-Length; input abandoned\n");
    goto done;
  }
  if (length > RPC_MAX_BODY) {
    fprintf(stderr, "txlint lsp: a message of %ld bytes is above the %d-byte limit; skipped\n", length, RPC_MAX_BODY);
    result = rpc_discard(self, length) ? RPC_SKIPPED : RPC_EOF;
    goto done;
  }
  strbuf_clear(&self->body);
  char buf[65536];
  long left = length;
  while (left > 0) {
    size_t got = fread(buf, 1, left < (long)sizeof buf ? (size_t)left : sizeof buf, self->in);
    if (got == 0) {
      fprintf(stderr, "txlint lsp: the input ended inside a message\n");
      goto done;
    }
    strbuf_append(&self->body, buf, got);
    left -= (long)got;
  }
  strbuf_cstr(&self->body);
  result = RPC_MESSAGE;
done:
  strbuf_fini(&line);
  return result;
}

/* The deepest nesting of [ and { outside strings, scanning no further than
** limit + 1 levels. */
static int rpc_depth(const char *text, size_t len, int limit) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c == ']' || c == '}') {
      depth--;
    }
  }
  return max;
}

cJSON *rpc_parse(const char *text, size_t len, char *err, size_t err_len) {
  if (rpc_depth(text, len, RPC_MAX_DEPTH) > RPC_MAX_DEPTH) {
    snprintf(err, err_len, "JSON nested deeper than %d levels", RPC_MAX_DEPTH);
    return NULL;
  }
  const char *end = NULL;
  cJSON *v = cJSON_ParseWithLengthOpts(text, len, &end, false);
  if (!v) {
    snprintf(err, err_len, "invalid JSON at byte %zu", end && end >= text ? (size_t)(end - text) : (size_t)0);
    return NULL;
  }
  return v;
}

bool rpc_write(FILE *out, const cJSON *msg) {
  char *text = cJSON_PrintUnformatted(msg);
  if (!text) return false;
  size_t n = strlen(text);
  bool ok = fprintf(out, "Content-Length: %zu\r\n\r\n", n) > 0 && fwrite(text, 1, n, out) == n && fflush(out) == 0;
  cJSON_free(text);
  return ok;
}
