#!/bin/bash
# A C project the way clang tools see it: compile flags from the nearest
# compile_commands.json (here in build/, with a relative "directory" and
# relative include paths), or -p DIR; the lexical prefilter (a file that never
# names a modelled library and uses none of its functions is not parsed);
# a wrapper in another file; a static inline helper in a project header,
# reported once however many files include it; byte-identical output for any -j;
# without a database, the project directories the includes name and --extra-arg.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p proj/src proj/include proj/build proj/tools
cat >proj/include/store.h <<'EOF'
#ifndef STORE_H
#define STORE_H
#include <libpq-fe.h>
PGresult *store_fetch(PGconn *conn, const char *sql);
static inline int store_ping(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT 1");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) return 0;
  PQclear(res);
  return 1;
}
#endif
EOF
cat >proj/src/store.c <<'EOF'
#include "store.h"
PGresult *store_fetch(PGconn *conn, const char *sql) { return PQexec(conn, sql); }
EOF
cat >proj/src/report.c <<'EOF'
#include <stdio.h>
#include "store.h"
int report(PGconn *conn) {
  PGresult *res = store_fetch(conn, "SELECT count(*) FROM orders");
  if (!res) return -1;
  printf("%s\n", PQgetvalue(res, 0, 0));
  return store_ping(conn);
}
EOF
cat >proj/src/health.c <<'EOF'
#include "store.h"
int health(PGconn *conn) { return store_ping(conn); }
EOF
# No model words, no calls into the database files: never parsed, so its
# syntax error is no notification.
printf 'int util(int a) { return a +; }\n' >proj/src/util.c
# Uses only the wrapper, by name: analysed because store.c is.
cat >proj/tools/cli.c <<'EOF'
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *store_fetch(PGconn *conn, const char *sql);
int cli_main(PGconn *conn) {
  PGresult *res = store_fetch(conn, "SELECT 1");
  return res != 0;
}
EOF
INC=$(pkg-config --cflags-only-I libpq 2>/dev/null)
cat >proj/build/compile_commands.json <<EOF
[
 {"directory": "..", "file": "src/store.c", "command": "cc -Iinclude $INC -Wall -Werror -c src/store.c -o build/store.o"},
 {"directory": "..", "file": "src/report.c", "command": "cc -Iinclude $INC -c src/report.c -o build/report.o"},
 {"directory": "..", "file": "src/health.c", "command": "cc -Iinclude $INC -c src/health.c"},
 {"directory": "..", "file": "src/util.c", "command": "cc -c src/util.c"},
 {"directory": "..", "file": "tools/cli.c", "command": "cc -c tools/cli.c"}
]
EOF

expect_status 1 "findings in the project" -- "$TXLINT" --no-config --format json -o out.json proj
json_get out.json 'd.findings.map(f=>f.path+":"+f.line+" "+f.message).join("\n")' | sed 's/^/     | /'
check "leak through the wrapper in report.c" json_true out.json \
  'd.findings.some(f=>f.path==="proj/src/report.c"&&f.line===4&&/store_fetch/.test(f.message))'
check "leak through the wrapper in tools/cli.c (no model words of its own)" json_true out.json \
  'd.findings.some(f=>f.path==="proj/tools/cli.c"&&f.line===5)'
check "the header's leak is reported once, in the header" json_true out.json \
  'd.findings.filter(f=>f.path==="proj/include/store.h"&&f.line===6).length===1'
"$TXLINT" --no-config --color never proj >out.txt 2>/dev/null
check "the header finding shows the header's line" bash -c \
  "grep -A1 '^proj/include/store.h:6:' out.txt | grep -q 'PGresult \*res = PQexec'"
check "util.c was not parsed (no notification for its syntax error)" json_true out.json \
  '!d.notifications.some(n=>(n.path||"").endsWith("util.c"))'
check "no notification: every file is in build/compile_commands.json" json_true out.json 'd.notifications.length===0'
check "exactly three findings" json_true out.json 'd.findings.length===3'
expect_status 1 "-j 4" -- "$TXLINT" --no-config --format json -j 4 -o out4.json proj
check "the same output with -j 4" cmp -s out.json out4.json
expect_status 2 "--no-prefilter (util.c does not parse)" -- "$TXLINT" --no-config --no-prefilter --format json -o all.json proj
check "with --no-prefilter util.c is parsed and its error reported" json_true all.json \
  'd.notifications.some(n=>n.path==="proj/src/util.c"&&n.kind==="parse-error")'

# -p: the database given wins over the search; moved away, the files fall back.
mv proj/build proj/elsewhere
expect_status 1 "-p DIR" -- "$TXLINT" --no-config --format json -p proj/elsewhere -o p.json proj
check "-p finds the same findings" json_true p.json 'd.findings.length===3&&d.notifications.length===0'
expect_status 2 "-p to a directory without compile_commands.json" -- "$TXLINT" --no-config -p proj/src proj
"$TXLINT" --no-config --format json -o nodb.json proj 2>/dev/null
check "without a database: a note on the default flags" json_true nodb.json \
  'd.notifications.some(n=>n.kind==="default-compile-flags"&&n.path===null&&n.level==="note")'
# Without a database, `#include "store.h"` still finds proj/include/store.h:
# the project directories its includes name become -I after the defaults.
check "without a database: the project's include directory is found (same findings)" json_true nodb.json \
  'd.findings.length===3&&!d.notifications.some(n=>n.kind==="missing-header")'
check "the note says project directories were added" json_true nodb.json \
  'd.notifications.some(n=>n.kind==="default-compile-flags"&&/project directories/.test(n.message))'

# A header outside the tree is missing (and said so) until --extra-arg names its directory.
mkdir -p vendor/api proj2/src
printf 'typedef struct vendor_handle vendor_handle;\n' >vendor/api/vendor.h
cat >proj2/src/sync.c <<'EOF2'
#include <libpq-fe.h>
#include <vendor.h>
int sync_rows(PGconn *conn, vendor_handle *h) {
  PGresult *res = PQexec(conn, "SELECT 1");
  if (!h) return -1;
  PQclear(res);
  return 0;
}
EOF2
"$TXLINT" --no-config --format json -o nox.json proj2 2>/dev/null
check "a header outside the tree is a missing-header notification" json_true nox.json \
  'd.notifications.some(n=>n.kind==="missing-header"&&n.path==="proj2/src/sync.c")&&d.findings.length===0'
expect_status 1 "--extra-arg=-I adds the vendor directory" -- \
  "$TXLINT" --no-config --format json --extra-arg="-I$WORK/vendor/api" -o x.json proj2
check "with --extra-arg the function is analysed and its leak found" json_true x.json \
  'd.findings.length===1&&d.findings[0].line===4&&!d.notifications.some(n=>n.kind==="missing-header")'
expect_status 2 "--extra-arg needs a value" -- "$TXLINT" --no-config --extra-arg= proj2

# Two project headers of one name: the inferred directories are a guess (the
# first in path order), so an --extra-arg=-I names the one the build uses.
mkdir -p proj3/app proj3/store proj3/src
printf 'typedef struct gui_widget gui_widget;\n' >proj3/app/types.h
printf 'typedef struct store store;\nstore *store_open(const char *path);\n' >proj3/store/types.h
cat >proj3/src/store_check.c <<'EOF2'
#include <libpq-fe.h>
#include "types.h"
int check_store(PGconn *conn, const char *path) {
  PGresult *res = PQexec(conn, "SELECT 1");
  store *s = store_open(path);
  if (!s) return -1;
  PQclear(res);
  return 0;
}
EOF2
"$TXLINT" --no-config --format json -o guess.json proj3 2>/dev/null
check "an ambiguous include resolves to the first guess (app/types.h): not analysed" json_true guess.json \
  'd.findings.length===0&&d.notifications.some(n=>n.kind==="parse-error"&&n.path==="proj3/src/store_check.c")'
expect_status 1 "--extra-arg=-I picks the header the build uses" -- \
  "$TXLINT" --no-config --format json --extra-arg="-I$WORK/proj3/store" -o pick.json proj3
check "with --extra-arg ahead of the guesses the function is analysed and its leak found" json_true pick.json \
  'd.findings.length===1&&d.findings[0].line===4&&!d.notifications.some(n=>n.kind==="parse-error")'
finish
