#include "driver/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/xalloc.h"

typedef struct PoolThread {
  struct WorkPool *pool; /* borrowed */
  int worker;
  pthread_t thread;
} PoolThread;

struct WorkPool {
  int n_workers;
  PoolThread *threads;   /* heap: workers 1..n-1 */
  pthread_mutex_t mu;
  pthread_cond_t wake;   /* a new batch or shutdown */
  pthread_cond_t done;   /* a worker finished its share */
  unsigned generation;   /* bumped for each batch */
  int n_busy;            /* threads still working on the current batch */
  bool shutdown;
  /* The current batch: */
  WorkFn fn;
  void *ctx;
  size_t n_items;
  atomic_size_t next;
};

static void pool_drain(WorkPool *self, int worker) {
  for (;;) {
    size_t i = atomic_fetch_add(&self->next, 1);
    if (i >= self->n_items) return;
    self->fn(self->ctx, worker, i);
  }
}

static void *pool_main(void *arg) {
  PoolThread *t = arg;
  WorkPool *self = t->pool;
  unsigned seen = 0;
  pthread_mutex_lock(&self->mu);
  for (;;) {
    while (!self->shutdown && self->generation == seen) pthread_cond_wait(&self->wake, &self->mu);
    if (self->shutdown) break;
    seen = self->generation;
    pthread_mutex_unlock(&self->mu);
    pool_drain(self, t->worker);
    pthread_mutex_lock(&self->mu);
    if (--self->n_busy == 0) pthread_cond_signal(&self->done);
  }
  pthread_mutex_unlock(&self->mu);
  return NULL;
}

WorkPool *pool_new(int n_workers) {
  WorkPool *self = xcalloc(1, sizeof *self);
  self->n_workers = n_workers < 1 ? 1 : n_workers;
  pthread_mutex_init(&self->mu, NULL);
  pthread_cond_init(&self->wake, NULL);
  pthread_cond_init(&self->done, NULL);
  atomic_init(&self->next, 0);
  self->threads = xcalloc((size_t)self->n_workers, sizeof *self->threads);
  for (int i = 1; i < self->n_workers; i++) {
    self->threads[i].pool = self;
    self->threads[i].worker = i;
    if (pthread_create(&self->threads[i].thread, NULL, pool_main, &self->threads[i]) != 0) {
      self->n_workers = i; /* run with the threads we got */
      break;
    }
  }
  return self;
}

void pool_delete(WorkPool *self) {
  if (!self) return;
  pthread_mutex_lock(&self->mu);
  self->shutdown = true;
  pthread_cond_broadcast(&self->wake);
  pthread_mutex_unlock(&self->mu);
  for (int i = 1; i < self->n_workers; i++) pthread_join(self->threads[i].thread, NULL);
  pthread_cond_destroy(&self->wake);
  pthread_cond_destroy(&self->done);
  pthread_mutex_destroy(&self->mu);
  free(self->threads);
  free(self);
}

void pool_run(WorkPool *self, size_t n_items, WorkFn fn, void *ctx) {
  if (n_items == 0) return;
  pthread_mutex_lock(&self->mu);
  self->fn = fn;
  self->ctx = ctx;
  self->n_items = n_items;
  atomic_store(&self->next, 0);
  self->n_busy = self->n_workers - 1;
  self->generation++;
  pthread_cond_broadcast(&self->wake);
  pthread_mutex_unlock(&self->mu);
  pool_drain(self, 0);
  pthread_mutex_lock(&self->mu);
  while (self->n_busy > 0) pthread_cond_wait(&self->done, &self->mu);
  pthread_mutex_unlock(&self->mu);
}
