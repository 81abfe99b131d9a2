/* suppress: a file's suppression comments and which findings they silence.
** Five directives, each in a comment, naming rules (comma or space
** separated) and optionally a reason after "--":
**
**   txlint-disable-next-line RULE…   the next line
**   txlint-disable-line RULE…        its own line
**   txlint-disable RULE…             every line from here until a txlint-enable
**   txlint-enable [RULE…]            naming the rule, or bare (ends every block)
**   txlint-disable-file RULE…        the whole file, wherever it stands
**
** Matching marks what each directive silenced, so that the directives that
** silence nothing, and rule ids no rule has, can be reported (like ESLint's
** --report-unused-disable-directives): suppress_unused lists them. */
#ifndef TXLINT_DRIVER_SUPPRESS_H
#define TXLINT_DRIVER_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/str.h"
#include "driver/reader.h"

typedef enum DirectiveKind {
  DIRECTIVE_NEXT_LINE,
  DIRECTIVE_LINE,
  DIRECTIVE_DISABLE, /* a block's start */
  DIRECTIVE_ENABLE,  /* a block's end */
  DIRECTIVE_FILE,
} DirectiveKind;

/* One rule id named by one directive. */
typedef struct DirectiveRule {
  Str id;
  bool used; /* it silenced at least one finding */
} DirectiveRule;

typedef struct Directive {
  DirectiveKind kind;
  uint32_t line, col;      /* where the directive's keyword starts (1-based, byte column) */
  Str keyword;             /* "txlint-disable-line", … (borrowed from the text) */
  Str reason;              /* borrowed; empty when none */
  DirectiveRule *rules;    /* in the table's arena */
  uint32_t n_rules;
} Directive;

typedef struct SuppressTable {
  Arena *arena;                 /* borrowed */
  ARRAY(Directive) directives;  /* in arena, in line order */
} SuppressTable;

/* Parses the directives of the text lines index (borrowed: it must outlive
** the table) into self, allocating in arena. */
void suppress_table_build(SuppressTable *self, const LineIndex *lines, Arena *arena);

/* The directive that silences a finding of rule_id at line, marking it
** used; NULL when none does. */
const Directive *suppress_match(SuppressTable *self, uint32_t line, const char *rule_id);

/* Why a directive's rule entry is worth reporting. */
typedef enum UnusedKind { UNUSED_UNKNOWN_RULE, UNUSED_SILENCED_NOTHING, UNUSED_NO_RULE } UnusedKind;

/* Calls report for each directive entry that silenced nothing:
** UNUSED_UNKNOWN_RULE for an id is_known rejects, UNUSED_SILENCED_NOTHING for
** an unused id that ran on the file (ran; ids of rules that did not run are
** left alone: they could not have been used), UNUSED_NO_RULE (rule NULL)
** for a directive other than txlint-enable that names no rule. */
void suppress_unused(const SuppressTable *self, bool (*is_known)(const char *id), bool (*ran)(void *ud, const char *id),
                     void *ud, void (*report)(void *ud, const Directive *d, const DirectiveRule *rule, UnusedKind kind));

#endif
