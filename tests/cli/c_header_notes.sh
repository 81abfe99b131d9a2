#!/bin/bash
# C notifications located in a header (issue 9): a header's missing include
# or error shows in every translation unit that includes it, and is reported
# once a run, at the header's line, with how many units hit it and the first
# of them (its first error, counting the rest); what each unit lost (functions not analysed) stays that unit's
# note; a missing header written in a .c file stays that file's note.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p proj/src proj/include vendor
cat >proj/include/common.h <<'EOF2'
#include <libpq-fe.h>
#include "generated-version.h"
EOF2
cat >proj/include/dup.h <<'EOF2'
typedef int row_count;
typedef long row_count;
enum phase { PHASE_A };
enum phase { PHASE_B };
EOF2
for f in alpha beta gamma; do
  cat >proj/src/$f.c <<EOF2
#include "common.h"
int ${f}_version(void) { return GENERATED_VERSION; }
int ${f}_ping(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT 1");
  PQclear(res);
  return 0;
}
EOF2
done
cat >proj/src/delta.c <<'EOF2'
#include <libpq-fe.h>
#include "dup.h"
#include "absent-here.h"
int delta_ping(PGconn *conn) { PQclear(PQexec(conn, "SELECT 1")); return 0; }
EOF2
# Errors in the main file: those inside a function that is not analysed are
# counted in its note; one outside any function is a note of its own.
cat >proj/src/zeta.c <<'EOF2'
#include <libpq-fe.h>
static unknown_type_t table_kind;
int zeta_bad(PGconn *conn) {
  undeclared_a = 1;
  undeclared_b = 2;
  undeclared_c = 3;
  PQclear(PQexec(conn, "SELECT 1"));
  return 0;
}
EOF2
cat >proj/src/epsilon.c <<'EOF2'
#include <libpq-fe.h>
#include "dup.h"
#include <vendor_api.h>
int epsilon_ping(PGconn *conn) { PQclear(PQexec(conn, "SELECT 1")); return 0; }
EOF2
# A header outside the tree, with an error of its own: reported at its real path.
printf '/* vendor */\nint vendor_api(void) { return undeclared_thing; }\n' >vendor/vendor_api.h
VH=$(realpath vendor/vendor_api.h) WORKDIR=$(realpath "$WORK")
export VH WORKDIR

expect_status 2 "notifications are errors" -- "$TXLINT" --no-config --format json --extra-arg="-I$WORK/vendor" \
  -o out.json proj
json_get out.json 'd.notifications.map(n=>n.kind+" "+n.path+":"+n.line+":"+n.column+" "+n.message).join("\n")' |
  sed 's/^/     | /'
check "the header's missing include: one notification, at the header's line" json_true out.json \
  'd.notifications.filter(n=>/generated-version.h/.test(n.message)&&!/not analysed/.test(n.message)).length===1'
check "… in proj/include/common.h:2, naming 3 units and the first" json_true out.json \
  'd.notifications.some(n=>n.kind==="missing-header"&&n.path==="proj/include/common.h"&&n.line===2&&n.column===10&&
   n.message==="\u0027generated-version.h\u0027 file not found (included by 3 translation units, e.g. proj/src/alpha.c)")'
check "what each unit lost stays its own note" json_true out.json \
  '["alpha","beta","gamma"].every(f=>d.notifications.some(n=>n.path==="proj/src/"+f+".c"&&
   n.message.startsWith(f+"_version not analysed")))'
check "a header's errors: one parse-error, at its first, for two units" json_true out.json \
  'd.notifications.filter(n=>n.kind==="parse-error"&&n.path==="proj/include/dup.h").length===1&&
   d.notifications.some(n=>n.path==="proj/include/dup.h"&&n.line===2&&/^typedef redefinition/.test(n.message)&&
   /\(and 1 more error in this header\) \(included by 2 translation units, e\.g\. proj\/src\/delta\.c\)$/.test(n.message))'
check "a function's errors: counted in its not-analysed note" json_true out.json \
  'd.notifications.filter(n=>n.path==="proj/src/zeta.c"&&n.line>=3).length===1&&
   d.notifications.some(n=>n.path==="proj/src/zeta.c"&&n.line===3&&
   /^zeta_bad not analysed: use of undeclared identifier .undeclared_a. \(line 4; 2 more errors in it\)$/.test(n.message))'
check "an error outside any function is its own note" json_true out.json \
  'd.notifications.some(n=>n.kind==="parse-error"&&n.path==="proj/src/zeta.c"&&n.line===2&&/unknown type name/.test(n.message))'
check "a missing include written in a .c file is that file's note" json_true out.json \
  'd.notifications.some(n=>n.kind==="missing-header"&&n.path==="proj/src/delta.c"&&n.line===3)'
check "an error in a header outside the tree: its real path, once, one unit" json_true out.json \
  'd.notifications.filter(n=>n.path===process.env.VH).length===1&&
   d.notifications.some(n=>n.path===process.env.VH&&n.line===2&&/included by proj\/src\/epsilon\.c\)$/.test(n.message))' 
check "no notification message carries a header's absolute path" json_true out.json \
  '!d.notifications.some(n=>n.message.includes(process.env.WORKDIR))'
expect_status 2 "-j 4" -- "$TXLINT" --no-config --format json -j 4 --extra-arg="-I$WORK/vendor" -o out4.json proj
check "the same output with -j 4" cmp -s out.json out4.json
"$TXLINT" --no-config --format sarif --extra-arg="-I$WORK/vendor" -o out.sarif proj 2>/dev/null
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
[ -x "$VALIDATE" ] || VALIDATE=/work/shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "SARIF with header notifications validates" "$VALIDATE" --strict out.sarif
else
  echo "skip validate-sarif (not found)"
fi
finish
