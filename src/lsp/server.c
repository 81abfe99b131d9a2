#define _GNU_SOURCE /* realpath */
#include "lsp/lsp.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/array.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "lsp/lint.h"
#include "lsp/rpc.h"

/* JSON-RPC and LSP error codes. */
enum {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  LSP_SERVER_NOT_INITIALIZED = -32002,
};

typedef struct Document {
  char *uri;  /* heap: as the client sent it */
  char *path; /* heap: absolute, symlinks resolved */
  char *text; /* heap */
  size_t len;
} Document;

typedef struct Server {
  const LspOptions *opts;
  FILE *out;
  bool initialized, shutdown;
  char root[PATH_MAX]; /* the workspace root: the working directory after initialize */
  ARRAY(Document) docs; /* heap */
} Server;

/* Section - messages out */

static void lsp_send(Server *self, cJSON *msg) {
  cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
  if (!rpc_write(self->out, msg)) fprintf(stderr, "txlint lsp: cannot write to the client\n");
  cJSON_Delete(msg);
}

static void reply(Server *self, const cJSON *id, cJSON *result) {
  cJSON *msg = cJSON_CreateObject();
  cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
  cJSON_AddItemToObject(msg, "result", result ? result : cJSON_CreateNull());
  lsp_send(self, msg);
}

static void reply_error(Server *self, const cJSON *id, int code, const char *message) {
  fprintf(stderr, "txlint lsp: %s\n", message);
  cJSON *msg = cJSON_CreateObject(), *e = cJSON_CreateObject();
  cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
  cJSON_AddNumberToObject(e, "code", code);
  cJSON_AddStringToObject(e, "message", message);
  cJSON_AddItemToObject(msg, "error", e);
  lsp_send(self, msg);
}

static void publish(Server *self, const char *uri, cJSON *diagnostics) {
  cJSON *msg = cJSON_CreateObject(), *params = cJSON_CreateObject();
  cJSON_AddStringToObject(msg, "method", "textDocument/publishDiagnostics");
  cJSON_AddStringToObject(params, "uri", uri);
  cJSON_AddItemToObject(params, "diagnostics", diagnostics);
  cJSON_AddItemToObject(msg, "params", params);
  lsp_send(self, msg);
}

/* Section - documents */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* file:///a/b%20c → /a/b c; NULL for another scheme or a bad escape. */
static char *uri_to_path(const char *uri) {
  static const char scheme[] = "file://";
  if (!uri || strncmp(uri, scheme, sizeof scheme - 1) != 0) return NULL;
  const char *p = uri + sizeof scheme - 1;
  if (strncmp(p, "localhost/", 10) == 0) p += 9;
  if (*p != '/') return NULL;
  StrBuf b;
  strbuf_init(&b);
  for (; *p && *p != '?' && *p != '#'; p++) {
    int hi, lo;
    if (*p != '%') {
      strbuf_putc(&b, *p);
    } else if ((hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0 && (hi || lo)) {
      strbuf_putc(&b, (char)(hi * 16 + lo));
      p += 2;
    } else {
      strbuf_fini(&b);
      return NULL;
    }
  }
  return strbuf_take(&b);
}

static Document *doc_find(Server *self, const char *uri) {
  for (uint32_t i = 0; i < self->docs.len; i++)
    if (strcmp(self->docs.items[i].uri, uri) == 0) return &self->docs.items[i];
  return NULL;
}

static void doc_set_text(Document *d, const char *text) {
  free(d->text);
  d->len = strlen(text);
  d->text = xstrdup(text);
}

static void doc_lint(Server *self, const Document *d) {
  LintSetup setup = {self->opts->models_dir, self->opts->jobs, self->root};
  publish(self, d->uri, lint_document(&setup, d->path, d->text, d->len));
}

/* Section - requests and notifications */

static const char *str_at(const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The workspace root: rootUri, else the first workspace folder, else
** rootPath; the server works from there, so reports are relative to it. */
static void set_root(Server *self, const cJSON *params) {
  const char *uri = str_at(params, "rootUri");
  const cJSON *folders = cJSON_GetObjectItemCaseSensitive(params, "workspaceFolders");
  if (!uri && cJSON_IsArray(folders)) uri = str_at(cJSON_GetArrayItem(folders, 0), "uri");
  char *path = uri ? uri_to_path(uri) : NULL;
  if (!path && str_at(params, "rootPath")) path = xstrdup(str_at(params, "rootPath"));
  struct stat st;
  if (path && stat(path, &st) == 0 && S_ISDIR(st.st_mode) && chdir(path) != 0)
    fprintf(stderr, "txlint lsp: cannot enter the workspace root %s\n", path);
  free(path);
  if (!getcwd(self->root, sizeof self->root)) snprintf(self->root, sizeof self->root, "/");
}

static void on_initialize(Server *self, const cJSON *id, const cJSON *params) {
  set_root(self, params);
  self->initialized = true;
  cJSON *result = cJSON_CreateObject(), *caps = cJSON_AddObjectToObject(result, "capabilities");
  cJSON *sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
  cJSON_AddBoolToObject(sync, "openClose", true);
  cJSON_AddNumberToObject(sync, "change", 1); /* TextDocumentSyncKind.Full */
  cJSON_AddBoolToObject(cJSON_AddObjectToObject(sync, "save"), "includeText", true);
  cJSON_AddStringToObject(caps, "positionEncoding", "utf-16");
  cJSON *info = cJSON_AddObjectToObject(result, "serverInfo");
  cJSON_AddStringToObject(info, "name", "txlint");
  cJSON_AddStringToObject(info, "version", self->opts->version);
  reply(self, id, result);
  fprintf(stderr, "txlint lsp: initialized, workspace root %s\n", self->root);
}

static void on_did_open(Server *self, const cJSON *params) {
  const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
  const char *uri = str_at(td, "uri"), *text = str_at(td, "text");
  char *path = uri ? uri_to_path(uri) : NULL;
  char *real = path ? realpath(path, NULL) : NULL;
  if (!uri || !text || !real) {
    fprintf(stderr, "txlint lsp: didOpen of %s ignored: %s\n", uri ? uri : "(no uri)",
            !text ? "no text" : !path ? "not a file:// URI" : "no such file on disk");
    free(path);
    free(real);
    return;
  }
  free(path);
  Document *d = doc_find(self, uri);
  if (!d) {
    Document fresh = {xstrdup(uri), real, NULL, 0};
    array_push(&self->docs, fresh);
    d = &self->docs.items[self->docs.len - 1];
  } else {
    free(real);
  }
  doc_set_text(d, text);
  doc_lint(self, d);
}

static void on_did_change(Server *self, const cJSON *params) {
  const char *uri = str_at(cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
  Document *d = uri ? doc_find(self, uri) : NULL;
  const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "contentChanges");
  int n = cJSON_IsArray(changes) ? cJSON_GetArraySize(changes) : 0;
  const cJSON *last = n ? cJSON_GetArrayItem(changes, n - 1) : NULL;
  const char *text = str_at(last, "text");
  if (!d || !text || cJSON_GetObjectItemCaseSensitive(last, "range")) {
    /* Full sync was agreed: a ranged change would be applied to the wrong text. */
    fprintf(stderr, "txlint lsp: didChange of %s ignored: %s\n", uri ? uri : "(no uri)",
            !d ? "not open" : !text ? "no text" : "a ranged change (the server asked for full text)");
    return;
  }
  doc_set_text(d, text);
  doc_lint(self, d);
}

static void on_did_save(Server *self, const cJSON *params) {
  const char *uri = str_at(cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
  Document *d = uri ? doc_find(self, uri) : NULL;
  if (!d) return;
  const char *text = str_at(params, "text");
  if (text) doc_set_text(d, text);
  doc_lint(self, d);
}

static void on_did_close(Server *self, const cJSON *params) {
  const char *uri = str_at(cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
  for (uint32_t i = 0; uri && i < self->docs.len; i++) {
    Document *d = &self->docs.items[i];
    if (strcmp(d->uri, uri) != 0) continue;
    publish(self, d->uri, cJSON_CreateArray()); /* closed: its diagnostics go away */
    free(d->uri), free(d->path), free(d->text);
    self->docs.items[i] = self->docs.items[--self->docs.len];
    return;
  }
}

/* Returns false when the server must stop (exit). */
static bool dispatch(Server *self, const cJSON *msg, int *status) {
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
  const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
  const char *method = str_at(msg, "method");
  bool is_request = id && !cJSON_IsNull(id);
  if (id && !cJSON_IsNumber(id) && !cJSON_IsString(id) && !cJSON_IsNull(id)) {
    reply_error(self, NULL, RPC_INVALID_REQUEST, "the id must be a number or a string");
    return true;
  }
  if (!method) { /* a response to a request we never sent, or junk */
    if (!cJSON_GetObjectItemCaseSensitive(msg, "result") && !cJSON_GetObjectItemCaseSensitive(msg, "error"))
      reply_error(self, id, RPC_INVALID_REQUEST, "a message without a method");
    return true;
  }
  if (strcmp(method, "exit") == 0) {
    *status = self->shutdown ? 0 : 1;
    return false;
  }
  if (strcmp(method, "initialize") == 0 && is_request) {
    if (self->initialized) reply_error(self, id, RPC_INVALID_REQUEST, "initialize was already sent");
    else on_initialize(self, id, cJSON_IsObject(params) ? params : NULL);
    return true;
  }
  if (!self->initialized) {
    if (is_request) reply_error(self, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
    return true;
  }
  if (strcmp(method, "shutdown") == 0 && is_request) {
    self->shutdown = true;
    reply(self, id, NULL);
    return true;
  }
  if (self->shutdown) {
    if (is_request) reply_error(self, id, RPC_INVALID_REQUEST, "the server is shutting down");
    return true;
  }
  if (!cJSON_IsObject(params) && strncmp(method, "textDocument/", 13) == 0) {
    if (is_request) reply_error(self, id, RPC_INVALID_PARAMS, "params must be an object");
    else fprintf(stderr, "txlint lsp: %s without params ignored\n", method);
    return true;
  }
  if (strcmp(method, "textDocument/didOpen") == 0) on_did_open(self, params);
  else if (strcmp(method, "textDocument/didChange") == 0) on_did_change(self, params);
  else if (strcmp(method, "textDocument/didSave") == 0) on_did_save(self, params);
  else if (strcmp(method, "textDocument/didClose") == 0) on_did_close(self, params);
  else if (is_request) reply_error(self, id, RPC_METHOD_NOT_FOUND, "method not supported");
  /* Other notifications (initialized, $/cancelRequest, workspace/…) need nothing. */
  return true;
}

int lsp_serve(const LspOptions *opts, FILE *in, FILE *out) {
  Server self = {0};
  self.opts = opts;
  self.out = out;
  if (!getcwd(self.root, sizeof self.root)) snprintf(self.root, sizeof self.root, "/");
  RpcIn rin;
  rpc_in_init(&rin, in);
  int status = 1; /* the input ended without exit */
  for (;;) {
    RpcRead r = rpc_read(&rin);
    if (r == RPC_EOF) break;
    if (r == RPC_SKIPPED) continue;
    char err[128];
    cJSON *msg = rpc_parse(rin.body.data, rin.body.len, err, sizeof err);
    if (!msg || !cJSON_IsObject(msg)) {
      reply_error(&self, NULL, msg ? RPC_INVALID_REQUEST : RPC_PARSE_ERROR, msg ? "a message must be a JSON object" : err);
      cJSON_Delete(msg);
      continue;
    }
    bool go_on = dispatch(&self, msg, &status);
    cJSON_Delete(msg);
    if (!go_on) break;
  }
  rpc_in_fini(&rin);
  for (uint32_t i = 0; i < self.docs.len; i++)
    free(self.docs.items[i].uri), free(self.docs.items[i].path), free(self.docs.items[i].text);
  array_free(&self.docs);
  return status;
}
