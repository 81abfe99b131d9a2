/* jsreach: the transitive part of the JS/TS prefilter. A file with a
** relative (or tree-resolving) import used to be parsed whatever it
** imported; now it is parsed only if it names something a rule could react
** to, or reaches such a file through its imports, or is reached through the
** imports of a file that is parsed (a helper without any model word can
** still release what it is passed). Decided on the import graph the
** lexical scan built, before anything is parsed. */
#ifndef TXLINT_DRIVER_JSREACH_H
#define TXLINT_DRIVER_JSREACH_H

#include <stdbool.h>
#include <stdint.h>

/* n nodes; deps[i][0..n_deps[i]) are the nodes node i imports. readable[i]
** says whether node i may be parsed at all (it passed the per-file test:
** a model word or an import of the tree), names[i] whether its own text names a model
** identifier, SQL or a modelled import. Writes want[i]: node i is readable
** and names, or imports a naming node (transitively), or is imported
** (transitively) by a node wanted so. Iterative: no recursion. */
void jsreach_decide(uint32_t n, uint32_t *const *deps, const uint32_t *n_deps, const bool *readable,
                    const bool *names, bool *want);

#endif
