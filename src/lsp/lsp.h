/* lsp: `txlint lsp`, a language server over stdio (LSP 3.17, the subset an
** editor needs for diagnostics): initialize / initialized / shutdown / exit,
** and textDocument/didOpen, didChange (full text), didSave and didClose, each
** answered with textDocument/publishDiagnostics for that document. Each
** open document is linted as the file it is (its project context, the
** nearest .txlint.json above it) with the editor's text in place of the
** file's (driver content override). Malformed input is logged on stderr
** and answered with a JSON-RPC error where a reply is due; it never ends
** the server. */
#ifndef TXLINT_LSP_LSP_H
#define TXLINT_LSP_LSP_H

#include <stdio.h>

typedef struct LspOptions {
  const char *models_dir; /* borrowed */
  int jobs;               /* worker threads per lint, >= 1 */
  const char *version;    /* serverInfo.version */
} LspOptions;

/* Serves requests from in and writes replies to out until `exit` or the end
** of input. Returns the process exit status: 0 after shutdown then exit, 1
** otherwise (as the protocol asks). */
int lsp_serve(const LspOptions *opts, FILE *in, FILE *out);

#endif
