/* fixtext: the edits of a finding's mechanical repair, computed from the
** file's text and checked against the shape the repair assumes (see
** fixtext.c); a fix whose source does not have that shape is dropped. */
#ifndef TXLINT_DRIVER_FIXTEXT_H
#define TXLINT_DRIVER_FIXTEXT_H

#include <stdbool.h>

#include "driver/finalize.h"
#include "driver/reader.h"
#include "engine/finding.h"

/* Resolves f->fix (anchor in byte columns) into edits with UTF-16 regions,
** or sets f->fix to NULL. js: the file is JavaScript/TypeScript (else Go). */
void fixtext_resolve(FindingList *list, Finding *f, const LineIndex *lines, bool js);
/* True for a JavaScript or TypeScript file name. */
bool fixtext_is_js(const char *path);

#endif
