#!/bin/bash
# Bad input in one run: syntax errors, an empty file, a binary file, invalid
# UTF-8, a 10,000-deep nested expression, an unreadable file (chmod 000 when
# not root; a dangling symlink and a FIFO, which fail for root too), and a
# symlink loop. Expected: no crash, a notification for each in SARIF and on
# stderr, the good files still analysed, exit status 2 (docs/cli.md: a file
# that could not be analysed completely), and the SARIF still valid.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
make_project bad
B=bad/src/input
mkdir -p "$B"
printf "const { Pool } = require('pg');\nfunction broken( { pool.query('BEGIN') @@ ;;; }\n" >"$B/syntax.js"
: >"$B/empty.js"
printf 'const pool = 1;\0\1\2\3' >"$B/binary.js"
printf "const pool = require('pg');\n// caf\xe9 \xff\xfe\nmodule.exports = pool;\n" >"$B/latin1.js"
node -e 'const n=10000;process.stdout.write("const { Pool } = require(\"pg\");\nconst pool = new Pool();\nconst x = pool.query(" + "(".repeat(n) + "1" + ")".repeat(n) + ");\nconst y = [".repeat(1) + "[".repeat(n) + "]".repeat(n) + "];\n")' >"$B/deep.js"
ln -s does-not-exist.js "$B/dangling.js"
ln -s loop-b.js "$B/loop-a.js"
ln -s loop-a.js "$B/loop-b.js"
mkfifo "$B/fifo.js"
printf "const { Pool } = require('pg');\n" >"$B/secret.js"
chmod 000 "$B/secret.js"
if [ "$(id -u)" = 0 ]; then echo "     (running as root: chmod 000 does not stop reads; the dangling symlink and FIFO cover unreadable files)"; fi

timeout 120 "$TXLINT" --format sarif -o out.sarif bad 2>err.txt
status=$?
check "no crash (exit $status is not a signal or an internal error)" test "$status" -lt 3
check "exit status 2 for incomplete input" test "$status" = 2
check "the SARIF was written" test -s out.sarif
notes() { json_get out.sarif 'd.runs[0].invocations[0].toolExecutionNotifications.map(n=>n.descriptor.id+"@"+(n.locations?n.locations[0].physicalLocation.artifactLocation.uri:"-")).join("\n")'; }
notes >notes.txt
sed 's/^/     | /' notes.txt
for want in parse-error@bad/src/input/syntax.js binary-file@bad/src/input/binary.js invalid-utf8@bad/src/input/latin1.js \
  unreadable-file@bad/src/input/dangling.js unreadable-file@bad/src/input/loop-a.js unreadable-file@bad/src/input/fifo.js; do
  check "notification $want" grep -qx "$want" notes.txt
done
if [ "$(id -u)" != 0 ]; then
  check "notification unreadable-file@bad/src/input/secret.js" grep -qx "unreadable-file@bad/src/input/secret.js" notes.txt
fi
check "executionSuccessful is false" json_true out.sarif 'd.runs[0].invocations[0].executionSuccessful===false'
check "no notification for the empty file" bash -c "! grep -q empty.js notes.txt"
for f in syntax.js binary.js latin1.js dangling.js fifo.js; do
  check "stderr names $f" grep -q "$f" err.txt
done
"$TXLINT" --format json bad >out.json 2>/dev/null
check "the good files are still analysed (files_analyzed >= 6)" json_true out.json 'd.summary.files_analyzed>=6'
check "findings in the good files are still reported" json_true out.json \
  'd.findings.some(f=>f.path.startsWith("bad/src/routes/"))'
check "json notifications match SARIF's" json_true out.json "d.notifications.length===$(wc -l <notes.txt)"
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "the SARIF passes validate-sarif --strict" "$VALIDATE" --strict out.sarif
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi
chmod 644 "$B/secret.js"
finish
