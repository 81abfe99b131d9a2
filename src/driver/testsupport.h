/* testsupport: Go files that are test code without being _test.go files.
** Go's convention for test helpers is a package of their own (net/http's
** httptest, testing/fstest, a project's servertest or testutil) that imports
** "testing" for its testing.TB parameters; production code does neither. */
#ifndef TXLINT_DRIVER_TESTSUPPORT_H
#define TXLINT_DRIVER_TESTSUPPORT_H

#include <stdbool.h>

#include "ir/ir.h"

/* True when m, lowered from rel_path, is a Go file of a test-support
** package: its directory's name starts or ends with "test" and it imports
** "testing". Its findings are reported as test code's (config "tests"). */
bool go_is_test_support(const IrModule *m, const char *rel_path);

#endif
