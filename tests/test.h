/* test: the few macros unit tests share. CHECK records a failure and goes on,
** so one run shows every broken expectation. */
#ifndef TXLINT_TESTS_TEST_H
#define TXLINT_TESTS_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int test_n_checks, test_n_failed;

#define CHECK(cond)                                                              \
  do {                                                                           \
    test_n_checks++;                                                             \
    if (!(cond)) {                                                               \
      test_n_failed++;                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
    }                                                                            \
  } while (0)

#define CHECK_STR(got, want)                                                     \
  do {                                                                           \
    const char *g_ = (got), *w_ = (want);                                        \
    test_n_checks++;                                                             \
    if (!g_ || strcmp(g_, w_) != 0) {                                            \
      test_n_failed++;                                                           \
      fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,    \
              g_ ? g_ : "(null)", w_);                                           \
    }                                                                            \
  } while (0)

/* Prints "<suite>: N passed, M failed" and returns the exit status. */
static inline int test_report(const char *suite) {
  printf("%s: %d passed, %d failed\n", suite, test_n_checks - test_n_failed, test_n_failed);
  return test_n_failed ? 1 : 0;
}

#endif
