#include "driver/jsreach.h"

#include <stdlib.h>

#include "base/xalloc.h"

/* Marks every unmarked readable node reachable from the stack's nodes along the
** edges of (first[v] .. first[v + 1]) in adj; the stack holds the roots. */
static void mark_reachable(const uint32_t *first, const uint32_t *adj, const bool *readable, bool *mark,
                           uint32_t *stack, uint32_t top) {
  while (top) {
    uint32_t v = stack[--top];
    for (uint32_t e = first[v]; e < first[v + 1]; e++) {
      uint32_t w = adj[e];
      if (mark[w] || !readable[w]) continue;
      mark[w] = true;
      stack[top++] = w;
    }
  }
}

/* The reverse graph in compressed form: rfirst[j] .. rfirst[j + 1] index
** into radj the nodes that import j. */
static void reverse_graph(uint32_t n, uint32_t *const *deps, const uint32_t *n_deps, uint32_t *rfirst,
                          uint32_t **radj_out) {
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < n_deps[i]; k++) rfirst[deps[i][k] + 1]++;
  for (uint32_t j = 0; j < n; j++) rfirst[j + 1] += rfirst[j];
  uint32_t *fill = xcalloc(n + 1, sizeof *fill);
  uint32_t *radj = xcalloc(rfirst[n] ? rfirst[n] : 1, sizeof *radj);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < n_deps[i]; k++) {
      uint32_t j = deps[i][k];
      radj[rfirst[j] + fill[j]++] = i;
    }
  free(fill);
  *radj_out = radj;
}

void jsreach_decide(uint32_t n, uint32_t *const *deps, const uint32_t *n_deps, const bool *readable,
                    const bool *names, bool *want) {
  if (n == 0) return;
  uint32_t *stack = xcalloc(n, sizeof *stack);
  uint32_t *rfirst = xcalloc(n + 1, sizeof *rfirst), *radj = NULL;
  reverse_graph(n, deps, n_deps, rfirst, &radj);
  /* Up: the importers (transitively) of a naming node. */
  uint32_t top = 0;
  for (uint32_t i = 0; i < n; i++) {
    want[i] = names[i] && readable[i];
    if (want[i]) stack[top++] = i;
  }
  mark_reachable(rfirst, radj, readable, want, stack, top);
  /* Down: what those import (transitively). The forward graph in the same
  ** compressed form, so one walk serves both directions. */
  uint32_t *first = xcalloc(n + 1, sizeof *first);
  for (uint32_t i = 0; i < n; i++) first[i + 1] = first[i] + n_deps[i];
  uint32_t *adj = xcalloc(first[n] ? first[n] : 1, sizeof *adj);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < n_deps[i]; k++) adj[first[i] + k] = deps[i][k];
  top = 0;
  for (uint32_t i = 0; i < n; i++)
    if (want[i]) stack[top++] = i;
  mark_reachable(first, adj, readable, want, stack, top);
  free(adj), free(first), free(radj), free(rfirst), free(stack);
}
