/* rule: the full descriptor of a rule: the metadata half that reporters read
** (RuleInfo, registry.h) and the behaviour half the engine runs (EngineRule,
** engine/checker.h). Each rule file defines one `const Rule rule_<symbol>`;
** rule docs come from the generated rule_docs.c (see cmake/RuleDocs.cmake). */
#ifndef TXLINT_RULES_RULE_H
#define TXLINT_RULES_RULE_H

#include "engine/checker.h"
#include "rules/registry.h"

typedef struct Rule {
  RuleInfo info;    /* id, summary, docs, level, maturity … */
  EngineRule impl;  /* callbacks, instr_mask, state_size, messages; impl.id and
                       impl.level are filled from info when the engine is made */
} Rule;

/* The doc strings extracted from each rule file's first comment. */
#define RULE(sym, id)                              \
  extern const char rule_doc_##sym##_title[];       \
  extern const char rule_doc_##sym##_description[]; \
  extern const char rule_doc_##sym##_markdown[];    \
  extern const char rule_doc_##sym##_text[];
#include "rules/rules.def"
#undef RULE

/* The RuleInfo doc fields of rule sym. */
#define RULE_DOCS(sym)                                                  \
  .description = rule_doc_##sym##_description, .help_markdown = rule_doc_##sym##_markdown, \
  .help_text = rule_doc_##sym##_text

#endif
