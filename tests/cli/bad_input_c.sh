#!/bin/bash
# Bad C input in one run (issue 9 item 6): a missing header, a file that is
# not C, K&R definitions, a header with 10,000 macros, a large generated
# file and one above the size limit, 10,000-deep nesting, binary content,
# invalid UTF-8 and compile flags libclang does not know, next to a good file
# with a real leak. Expected: no crash, a notification for each problem, the
# findings of the analysable files still reported, exit status 2, valid SARIF.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p cbad/flags
DECLS='typedef struct pg_conn PGconn; typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *conn, const char *query); void PQclear(PGresult *res);
int PQntuples(const PGresult *res);'
cat >cbad/good.c <<EOF
$DECLS
int count(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT 1");
  if (PQntuples(r) == 0) return 0;
  PQclear(r);
  return 1;
}
EOF
cat >cbad/missing_header.c <<'EOF'
#include "no-such-header.h"
int uses_it(conn_t *c) { return PQntuples(fetch(c)); }
int plain(int a) { return a; }
EOF
printf 'def handler(event):\n    return PQexec(event["conn"], "SELECT 1")\n' >cbad/not_c.c
cat >cbad/kr.c <<EOF
$DECLS
int old_style(c, n)
  PGconn *c;
  int n;
{
  PGresult *r = PQexec(c, "SELECT 1");
  if (n) return n;
  PQclear(r);
  return 0;
}
EOF
node -e 'let s="#ifndef MANY_H\n#define MANY_H\n";for(let i=0;i<10000;i++)s+="#define M"+i+"(x) ((x) + "+i+")\n";process.stdout.write(s+"#endif\n")' >cbad/many_macros.h
cat >cbad/macro_user.c <<EOF
#include "many_macros.h"
$DECLS
int macro_user(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT 1");
  if (M9999(PQntuples(r)) > 10000) return 1;
  PQclear(r);
  return 0;
}
EOF
node -e 'let s="";for(let i=0;i<100000;i++)s+="int gen_"+i+"(int a) { return a + "+i+"; }\n";process.stdout.write(s)' >cbad/big.c
cat >>cbad/big.c <<EOF
$DECLS
int big_tail(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT 1");
  return PQntuples(r);
}
EOF
node -e 'let s="/* PQexec */\n";for(let i=0;i<1000000;i++)s+="int huge_"+i+"(void) { return "+i+"; }\n";process.stdout.write(s)' >cbad/huge.c
node -e 'const n=10000;process.stdout.write("int PQdeep(int a) {\n  return "+"(".repeat(n)+"a"+")".repeat(n)+";\n}\n")' >cbad/deep_parens.c
node -e 'let s="int PQnested(int a) {\n";for(let i=0;i<1000;i++)s+="if (a > "+i+")\n";process.stdout.write(s+"a++;\nreturn a;\n}\n")' >cbad/deep_ifs.c
printf 'int PQbinary;\n\0\1\2\3' >cbad/binary.c
printf '/* caf\xe9 \xff */\n%s\nvoid latin(PGconn *c) { PQclear(PQexec(c, "SELECT 1")); }\n' "$DECLS" >cbad/latin1.c
cat >cbad/flags/odd_flags.c <<EOF
$DECLS
void odd(PGconn *c) { PQexec(c, "SET x TO 1"); }
EOF
printf '[{"directory": ".", "file": "odd_flags.c", "command": "gcc -fno-such-flag-at-all -mno-such-cpu -c odd_flags.c"}]\n' \
  >cbad/flags/compile_commands.json

start=$(date +%s)
timeout 600 "$TXLINT" --no-config --format sarif -o out.sarif cbad 2>err.txt
status=$?
echo "     (took $(($(date +%s) - start)) s)"
check "no crash (exit $status is not a signal or an internal error)" test "$status" -lt 3
check "exit status 2 for incomplete input" test "$status" = 2
check "the SARIF was written" test -s out.sarif
json_get out.sarif 'd.runs[0].invocations[0].toolExecutionNotifications.map(n=>n.descriptor.id+"@"+(n.locations?n.locations[0].physicalLocation.artifactLocation.uri:"-")).join("\n")' >notes.txt
sort -u notes.txt | sed 's/^/     | /'
for want in missing-header@cbad/missing_header.c parse-error@cbad/not_c.c file-too-large@cbad/huge.c \
  parse-error@cbad/deep_parens.c nesting-too-deep@cbad/deep_ifs.c binary-file@cbad/binary.c \
  invalid-utf8@cbad/latin1.c compile-flags@cbad/flags/odd_flags.c; do
  check "notification $want" grep -qx "$want" notes.txt
done
"$TXLINT" --no-config --format json cbad >out.json 2>/dev/null
for want in good.c:5 kr.c:8 macro_user.c:6 big.c:100005 flags/odd_flags.c:4; do
  check "finding at cbad/$want" json_true out.json \
    "d.findings.some(f=>f.path===\"cbad/${want%:*}\"&&f.line===${want#*:}&&f.rule===\"acquire-without-release\")"
done
check "plain() beside the missing header was analysed, uses_it() was not" grep -q "uses_it not analysed" err.txt
check "nothing reported in the macro header" json_true out.json '!d.findings.some(f=>f.path.endsWith(".h"))'
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "the SARIF passes validate-sarif --strict" "$VALIDATE" --strict out.sarif
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi
finish
