/* pool: a fixed set of worker threads that run one batch of items at a
** time (pool_run blocks until the batch is done). The calling thread works
** too, as worker 0, so a pool of one creates no thread at all. */
#ifndef TXLINT_DRIVER_POOL_H
#define TXLINT_DRIVER_POOL_H

#include <stddef.h>

typedef struct WorkPool WorkPool;

/* fn(ctx, worker, item): worker is in [0, n_workers) and identifies the
** per-worker state (a FrontEnd); items are claimed in increasing order. */
typedef void (*WorkFn)(void *ctx, int worker, size_t item);

/* Returns a pool of n_workers (>= 1) owned by the caller (pool_delete). */
WorkPool *pool_new(int n_workers);
/* Joins the threads. NULL-safe. */
void pool_delete(WorkPool *self);
/* Runs fn over items 0..n_items-1 on all workers and returns when all are done. */
void pool_run(WorkPool *self, size_t n_items, WorkFn fn, void *ctx);

#endif
