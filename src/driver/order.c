#include "driver/order.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

enum { UNVISITED = UINT32_MAX };

typedef struct Tarjan {
  uint32_t *const *deps;
  const uint32_t *n_deps;
  uint32_t *index, *low, *comp; /* per node */
  bool *on_stack;
  uint32_t *stack, n_stack;     /* Tarjan's node stack */
  uint32_t *call, *edge, n_call; /* the explicit DFS stack: node and next edge */
  uint32_t next_index, n_comps;
  uint32_t *comp_level;         /* per component */
  uint32_t n_levels;
} Tarjan;

/* Pops a finished component and gives it the level above its dependencies.
** Tarjan finishes components in reverse topological order, so every
** component it depends on already has its level. */
static void tarjan_pop_component(Tarjan *t, uint32_t root) {
  uint32_t c = t->n_comps++, first = t->n_stack, level = 0;
  do first--; while (t->stack[first] != root);
  for (uint32_t i = first; i < t->n_stack; i++) {
    t->on_stack[t->stack[i]] = false;
    t->comp[t->stack[i]] = c;
  }
  for (uint32_t i = first; i < t->n_stack; i++) {
    uint32_t v = t->stack[i];
    for (uint32_t e = 0; e < t->n_deps[v]; e++) {
      uint32_t dc = t->comp[t->deps[v][e]];
      if (dc != c && dc != UNVISITED && t->comp_level[dc] + 1 > level) level = t->comp_level[dc] + 1;
    }
  }
  t->comp_level[c] = level;
  if (level + 1 > t->n_levels) t->n_levels = level + 1;
  t->n_stack = first;
}

static void tarjan_visit(Tarjan *t, uint32_t start) {
  t->call[0] = start, t->edge[0] = 0, t->n_call = 1;
  t->index[start] = t->low[start] = t->next_index++;
  t->stack[t->n_stack++] = start, t->on_stack[start] = true;
  while (t->n_call) {
    uint32_t v = t->call[t->n_call - 1];
    if (t->edge[t->n_call - 1] < t->n_deps[v]) {
      uint32_t w = t->deps[v][t->edge[t->n_call - 1]++];
      if (t->index[w] == UNVISITED) {
        t->index[w] = t->low[w] = t->next_index++;
        t->stack[t->n_stack++] = w, t->on_stack[w] = true;
        t->call[t->n_call] = w, t->edge[t->n_call] = 0, t->n_call++;
      } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
        t->low[v] = t->index[w];
      }
      continue;
    }
    t->n_call--;
    if (t->low[v] == t->index[v]) tarjan_pop_component(t, v);
    if (t->n_call) {
      uint32_t parent = t->call[t->n_call - 1];
      if (t->low[v] < t->low[parent]) t->low[parent] = t->low[v];
    }
  }
}

uint32_t order_levels(uint32_t n, uint32_t *const *deps, const uint32_t *n_deps, uint32_t *level_out) {
  Tarjan t;
  memset(&t, 0, sizeof t);
  t.deps = deps;
  t.n_deps = n_deps;
  size_t sz = n ? n : 1;
  t.index = xmalloc(sz * sizeof *t.index), t.low = xmalloc(sz * sizeof *t.low);
  t.comp = xmalloc(sz * sizeof *t.comp), t.comp_level = xmalloc(sz * sizeof *t.comp_level);
  t.on_stack = xcalloc(sz, sizeof *t.on_stack);
  t.stack = xmalloc(sz * sizeof *t.stack), t.call = xmalloc(sz * sizeof *t.call);
  t.edge = xmalloc(sz * sizeof *t.edge);
  for (uint32_t i = 0; i < n; i++) t.index[i] = t.comp[i] = UNVISITED;
  for (uint32_t i = 0; i < n; i++)
    if (t.index[i] == UNVISITED) tarjan_visit(&t, i);
  for (uint32_t i = 0; i < n; i++) level_out[i] = t.comp_level[t.comp[i]];
  free(t.index), free(t.low), free(t.comp), free(t.comp_level);
  free(t.on_stack), free(t.stack), free(t.call), free(t.edge);
  return t.n_levels;
}

typedef struct WeightedItem {
  uint64_t weight;
  uint32_t item;
} WeightedItem;

static int cmp_heavier(const void *a, const void *b) {
  const WeightedItem *x = a, *y = b;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return (x->item > y->item) - (x->item < y->item);
}

/* Pairs, not a comparator reading a static: runs on several threads (the
** language server) may sort at once. */
void order_largest_first(uint32_t *items, uint32_t n, const uint64_t *weight) {
  if (n < 2) return;
  WeightedItem *w = xcalloc(n, sizeof *w);
  for (uint32_t k = 0; k < n; k++) w[k] = (WeightedItem){weight[items[k]], items[k]};
  qsort(w, n, sizeof *w, cmp_heavier);
  for (uint32_t k = 0; k < n; k++) items[k] = w[k].item;
  free(w);
}
