/* finalize: what the driver adds to a file's findings while the file's text
** is still in memory: the snippet, columns converted from bytes to UTF-16
** code units, GitHub's line hash, and inline suppressions. */
#ifndef TXLINT_DRIVER_FINALIZE_H
#define TXLINT_DRIVER_FINALIZE_H

#include "base/filectx.h"
#include "driver/reader.h"
#include "engine/finding.h"

/* Completes every finding of list; rel_path is the file's relative path.
** Locations of related entries in other files keep byte columns (their text
** is not at hand). Assumes each finding owns its related and step arrays. */
void finalize_findings(FindingList *list, const LineIndex *lines, const char *rel_path);

/* Converts to UTF-16 columns the related locations in this file (rel_path)
** of findings reported in other files (project-phase findings, whose text
** is read again once per file). */
void finalize_related_in(FindingList *list, const LineIndex *lines, const char *rel_path);

/* Converts a byte-column location of this file to UTF-16 columns. */
SrcLoc finalize_loc(const LineIndex *lines, SrcLoc loc);

#endif
