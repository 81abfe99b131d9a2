/* rpc: JSON-RPC 2.0 over the LSP base protocol on a pair of streams
** (stdin/stdout): `Content-Length: N\r\n` headers, a blank line, N bytes of
** JSON. The reader never trusts its peer: a header block or body above the
** limits, a missing or bad Content-Length, or an early end of input is an
** error the server logs (and, when the stream can go on, skips), never a
** crash. The JSON reader guards nesting depth before cJSON sees the text. */
#ifndef TXLINT_LSP_RPC_H
#define TXLINT_LSP_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "base/strbuf.h"

enum {
  RPC_MAX_HEADER = 8192,              /* bytes of one header block */
  RPC_MAX_BODY = 64 * 1024 * 1024,    /* bytes of one message (a whole document fits) */
  RPC_MAX_DEPTH = 64,                 /* JSON nesting: LSP messages need under 10 */
};

typedef enum RpcRead {
  RPC_MESSAGE, /* *body holds one message */
  RPC_SKIPPED, /* a malformed message was read past (logged); go on */
  RPC_EOF,     /* the input ended (or broke off mid-message) */
} RpcRead;

typedef struct RpcIn {
  FILE *in;          /* borrowed */
  StrBuf body;
} RpcIn;

void rpc_in_init(RpcIn *self, FILE *in);
void rpc_in_fini(RpcIn *self);
/* Reads the next message into self->body (NUL-terminated). */
RpcRead rpc_read(RpcIn *self);

/* Parses text as JSON when it nests at most RPC_MAX_DEPTH deep; NULL (with
** why in err) otherwise. The caller owns the result (cJSON_Delete). */
cJSON *rpc_parse(const char *text, size_t len, char *err, size_t err_len);

/* Writes msg (serialised unformatted) with its header and flushes; false
** when the peer is gone. */
bool rpc_write(FILE *out, const cJSON *msg);

#endif
