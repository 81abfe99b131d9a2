#!/bin/bash
# C calls to undeclared functions (issue 7): valid C89 whose declarations the
# parse did not see (a configure define, an older library header). The
# callers are analysed, each such call as one to an unknown function; one
# note-level undeclared-function notification a run counts them (how many
# functions, in how many units, the first few with their first call), no
# parse-error, and it does not change the exit status. After a missing
# header the caller stays out, with the missing-header note.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p proj/src
for f in alpha beta; do
  cat >proj/src/$f.c <<EOF2
#include <libpq-fe.h>
int ${f}_ping(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT 1");
  trace_result(res, "${f}");
  PQclear(res);
  return probe_${f}(conn);
}
EOF2
done
cat >proj/src/gamma.c <<'EOF2'
#include <libpq-fe.h>
int gamma_leak(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT 1");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    trace_failure("gamma");
    return -1;
  }
  PQclear(res);
  return 0;
}
EOF2
mkdir -p missing
cat >missing/delta.c <<'EOF2'
#include <libpq-fe.h>
#include "absent-here.h"
int delta_ping(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT 1");
  trace_result(res, "delta");
  return 0;
}
EOF2

expect_status 1 "findings; undeclared calls are no input error" -- "$TXLINT" --no-config --format json -o out.json proj
json_get out.json 'd.notifications.map(n=>n.kind+" "+n.path+":"+n.line+":"+n.column+" "+n.message).join("\n")' |
  sed 's/^/     | /'
check "one undeclared-function notification, a note, at the first call in path order" json_true out.json \
  'd.notifications.filter(n=>n.kind==="undeclared-function").length===1&&
   d.notifications.some(n=>n.kind==="undeclared-function"&&n.level==="note"&&n.path==="proj/src/alpha.c"&&n.line===4)'
check "… counting 4 functions in 3 units, naming the first three" json_true out.json \
  'd.notifications.some(n=>n.kind==="undeclared-function"&&/^4 functions called with no declaration in scope in 3 translation units, e\.g\. trace_result \(proj\/src\/alpha\.c:4\), probe_alpha \(proj\/src\/alpha\.c:6\), probe_beta \(proj\/src\/beta\.c:6\), …: /.test(n.message))'
check "no parse-error notification" json_true out.json '!d.notifications.some(n=>n.kind==="parse-error")'
check "the caller is analysed: gamma_leak's result leaks at the early return" json_true out.json \
  'd.findings.some(f=>f.rule==="acquire-without-release"&&f.path==="proj/src/gamma.c"&&f.line===3)'
expect_status 1 "-j 4" -- "$TXLINT" --no-config --format json -j 4 -o out4.json proj
check "the same output with -j 4" cmp -s out.json out4.json
"$TXLINT" --no-config --format sarif -o out.sarif proj 2>/dev/null
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
[ -x "$VALIDATE" ] || VALIDATE=/work/shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "SARIF with the notification validates" "$VALIDATE" --strict out.sarif
else
  echo "skip validate-sarif (not found)"
fi
check "SARIF describes the notification kind" json_true out.sarif \
  'd.runs[0].tool.driver.notifications.some(n=>n.id==="undeclared-function")'
expect_status 2 "a missing header is an input error" -- "$TXLINT" --no-config --format json -o missing.json missing
check "after a missing header the caller is not analysed (its missing-header note)" json_true missing.json \
  'd.notifications.some(n=>n.kind==="missing-header"&&n.path==="missing/delta.c"&&/^delta_ping not analysed: implicit declaration of function .trace_result./.test(n.message))&&
   !d.notifications.some(n=>n.kind==="undeclared-function")'
finish
