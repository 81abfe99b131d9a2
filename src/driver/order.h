/* order: dependency levels from the import graph. Files in one strongly
** connected component (an import cycle) share a level; every file's level is
** above the levels of the files it imports, so analysing level by level lets
** each file read the summaries of what it imports. */
#ifndef TXLINT_DRIVER_ORDER_H
#define TXLINT_DRIVER_ORDER_H

#include <stdint.h>

/* deps[i][0..n_deps[i]) are the nodes node i depends on. Writes each node's
** level (0 = depends on nothing outside its component) to level_out[i] and
** returns the number of levels. Iterative Tarjan: no recursion. */
uint32_t order_levels(uint32_t n, uint32_t *const *deps, const uint32_t *n_deps, uint32_t *level_out);

/* Sorts items[0..n) by weight[items[k]] descending (ties by item, so the
** order is the same every run). The pool hands out items in order: the
** largest files of a level start first, so the last item to finish is a
** small one and no worker idles long at the level's barrier. */
void order_largest_first(uint32_t *items, uint32_t n, const uint64_t *weight);

#endif
