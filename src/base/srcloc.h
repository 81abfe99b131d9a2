/* srcloc: a source range. Lines are 1-based. In the IR columns are 1-based
** byte offsets into the line; findings handed to reporters carry UTF-16 code
** unit columns (SARIF columnKind utf16CodeUnits), converted by the driver. The
** end column is exclusive (the column after the last character). */
#ifndef TXLINT_BASE_SRCLOC_H
#define TXLINT_BASE_SRCLOC_H

#include <stdint.h>

typedef struct SrcLoc {
  uint32_t line;     /* 1-based; 0 = unknown */
  uint32_t col;      /* 1-based */
  uint32_t end_line; /* 1-based, >= line */
  uint32_t end_col;  /* exclusive */
} SrcLoc;

#endif
