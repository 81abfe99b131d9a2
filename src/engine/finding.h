/* finding: what rules report and reporters print. A finding and everything it
** points to lives in a FindingList's arena, independent of the file arena, so
** IR can be dropped as soon as a file's findings are made. Messages never embed
** line numbers: locations travel as related locations and path steps. */
#ifndef TXLINT_ENGINE_FINDING_H
#define TXLINT_ENGINE_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/srcloc.h"

typedef enum FindingLevel { LEVEL_NOTE, LEVEL_WARNING, LEVEL_ERROR } FindingLevel;

/* What a path step is, mapped to SARIF threadFlowLocation kinds (§3.38.8). */
typedef enum StepKind {
  STEP_ACQUIRE, /* ["acquire","resource"]: the resource / transaction starts */
  STEP_RELEASE, /* ["release","resource"] */
  STEP_BRANCH_TRUE,  /* ["branch","true"] */
  STEP_BRANCH_FALSE, /* ["branch","false"] */
  STEP_CALL,    /* ["call","function"] */
  STEP_THROW,   /* ["exit","function","exception"]-ish: an exception leaves here */
  STEP_EXIT,    /* ["exit","function"] */
  STEP_NOTE,    /* [] anything else worth showing */
} StepKind;

typedef struct FindingStep {
  StepKind kind;
  SrcLoc loc;
  const char *message; /* owned by the list's arena */
  bool essential;      /* importance essential vs important */
} FindingStep;

typedef struct FindingRelated {
  const char *path;    /* relative path; the finding's own path when NULL */
  SrcLoc loc;
  const char *message; /* short label used as link text ("acquired here") */
} FindingRelated;

/* What a mechanical repair does (SARIF fixes, docs/sarif.md#fixes). */
typedef enum FixStyle {
  FIX_GO_DEFER,   /* Go: `defer VAR.METHOD()` on the line after the `if ERR != nil { … }` that
                     follows the acquire (a later identical defer is removed) */
  FIX_JS_FINALLY, /* JS/TS: the `VAR.METHOD();` statements of the `try` right after the
                     acquire move into a `finally` added to it */
} FixStyle;

/* One replacement: the region (byte columns until the driver converts them,
** like every location) is deleted and text inserted there; an insertion has
** an empty region. */
typedef struct FixEdit {
  SrcLoc region;
  const char *text; /* owned by the list's arena */
} FixEdit;

/* A repair a rule is sure of. The rule states it from what the engine knows
** (rule_ctx_add_fix); the driver checks the source has exactly the expected
** shape and computes the edits (driver/fixtext.c), or drops the fix. */
typedef struct FindingFix {
  FixStyle style;
  SrcLoc anchor;           /* the acquire (or Begin) call */
  const char *var;         /* the variable holding the resource */
  const char *err_var;     /* FIX_GO_DEFER: the acquire's error result */
  const char *method;      /* the release or rollback method ("Close", "Rollback", "release") */
  const char *description; /* "Close rows with defer right after the error check." */
  FixEdit *edits;          /* set by the driver */
  uint32_t n_edits;
} FindingFix;

typedef struct Finding {
  const char *rule_id;  /* borrowed from the static rule table */
  FindingLevel level;
  const char *path;     /* relative path, '/' separated */
  SrcLoc loc;           /* primary location (columns: bytes until the driver converts them) */
  const char *message;  /* plain text, first sentence self-contained */
  const char *function; /* enclosing function's qualified name, or NULL */
  const char *subject;  /* stable key of what is reported ("client = pool.connect()"), for the
                           semantic fingerprint; never contains line numbers */
  FindingRelated *related;
  uint32_t n_related;
  FindingStep *steps;   /* one path, in execution order */
  uint32_t n_steps;
  uint8_t lowered;      /* levels below the rule's configured level (rule_ctx_lower_level) */
  uint8_t option;       /* 0, or 1 + the index of the rule's option (RuleInfo.options) without which
                           the driver drops it (rule_ctx_require_option) */
  /* Filled by the driver when it copies out, not by rules: */
  const char *snippet;    /* the primary line's text, without its newline */
  char line_hash[32];     /* GitHub primaryLocationLineHash "hex:n" */
  const char *suppressed; /* justification when an inline comment suppressed it ("" if none given) */
  bool is_suppressed;
  bool is_baselined;      /* matched an entry of the --baseline file (driver/baseline.h) */
  FindingFix *fix;        /* a mechanical repair (rule_ctx_add_fix), or NULL; the driver drops it
                             when the source does not have the shape it needs */
} Finding;

typedef struct FindingList {
  Arena *arena;           /* owned: holds the findings and their strings */
  ARRAY(Finding *) items; /* in arena */
} FindingList;

/* Initialises an empty list with its own arena. */
void finding_list_init(FindingList *self);
/* Frees the list and every finding in it. */
void finding_list_fini(FindingList *self);
/* Returns a new zeroed finding owned by the list (appended to it). */
Finding *finding_list_add(FindingList *self);
/* Returns a copy of s in the list's arena (NULL stays NULL). */
const char *finding_list_strdup(FindingList *self, const char *s);
/* Total order used for deterministic output: path, line, column, rule, message. */
int finding_compare(const Finding *a, const Finding *b);

#endif
