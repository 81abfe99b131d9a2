/* cunits: the C files of a run seen as translation units, before any parse.
** Each file's lexical scan (lexscan_c) says what it defines, calls and
** includes; from that the driver decides which files to parse (a file that
** names a modelled library, or calls a function such a file defines, or
** includes such a header, transitively), which headers are analysed through
** the files that include them and which on their own (no analysed file
** includes them), and which files must be analysed first because they
** define the functions another calls (so their summaries are published). */
#ifndef TXLINT_DRIVER_CUNITS_H
#define TXLINT_DRIVER_CUNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/array.h"
#include "driver/lexscan.h"

/* `#include "inc"` that names header `header` of the run through an include
** directory (the header is not in the includer's own directory). */
typedef struct CUnitInclude {
  const char *inc;  /* as written, borrowed */
  uint32_t header;  /* index of the header */
} CUnitInclude;

typedef struct CUnitFile {
  const char *rel_path;  /* borrowed */
  bool is_header;        /* .h */
  bool readable;         /* read and scanned (false: the file could not be read) */
  bool model_hit;        /* it names a modelled identifier or includes a model header */
  ARRAY(const char *) defines;  /* in arena: functions defined at file scope */
  ARRAY(const char *) calls;    /* in arena: names called or declared, deduplicated */
  ARRAY(const char *) includes; /* in arena: #include paths as written */
  ARRAY(uint32_t) included;     /* heap: files its includes resolve to (cunits_decide) */
  ARRAY(CUnitInclude) via_dir;  /* heap: includes that resolve only through an include
                                   directory, with the nearest header they name (cunits_decide) */
  bool wanted;           /* OUT: worth analysing */
  bool covered;          /* OUT: a header that an analysed file includes (directly or not) */
} CUnitFile;

/* The models' words the scan looks for (borrowed). */
typedef struct CUnitWords {
  const char *const *prefixes;
  size_t n_prefixes;
  const char *const *headers;
  size_t n_headers;
} CUnitWords;

/* Scans src into f (strings in arena). Thread safe for distinct f. */
void cunits_scan(CUnitFile *f, const char *src, size_t len, const CUnitWords *words, Arena *arena);
/* Decides wanted and covered for the n files (everything wanted when
** no_prefilter). */
void cunits_decide(CUnitFile *files, uint32_t n, bool no_prefilter);
/* Calls add(ud, i, j) for every analysed file i and every file j ≠ i that
** defines a function i calls (both analysed on their own: not covered headers). */
void cunits_deps(const CUnitFile *files, uint32_t n, void (*add)(void *ud, uint32_t i, uint32_t j), void *ud);
/* For a file parsed without compile flags: calls add(ud, header, inc) for
** every include of file i, and of the project headers it includes
** (transitively), that names a project header only through an include
** directory (`#include "utils/common.h"` finding src/utils/common.h), so the
** caller can add that directory as -I. In include order, breadth first; each
** header once. After cunits_decide. */
void cunits_include_dirs(const CUnitFile *files, uint32_t n, uint32_t i,
                         void (*add)(void *ud, uint32_t header, const char *inc), void *ud);
/* Frees the heap parts of the n files. */
void cunits_fini(CUnitFile *files, uint32_t n);

#endif
