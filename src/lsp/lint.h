/* lint: one txlint run for one open document, turned into the LSP
** diagnostics of that document. The document's text is the driver's content
** override for its path (so the buffer is linted, not the file on disk),
** with the configuration of the nearest .txlint.json above the file (up to
** the repository top). */
#ifndef TXLINT_LSP_LINT_H
#define TXLINT_LSP_LINT_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct LintSetup {
  const char *models_dir; /* borrowed */
  int jobs;
  const char *root;       /* borrowed: the workspace root (the working directory), absolute */
} LintSetup;

/* Lints the document at path (absolute) whose text is text[0..len) and
** returns a JSON array of LSP Diagnostic objects (owned by the caller).
** Problems that stop the run (a bad configuration, models that do not load)
** become one diagnostic at the top of the file and a line on stderr. */
cJSON *lint_document(const LintSetup *setup, const char *path, const char *text, size_t len);

#endif
