#!/bin/bash
# Exit codes and the informational commands: usage errors, unknown options,
# missing paths, no input, --version, --help, --list-rules, --explain.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
make_project proj
mkdir empty && printf '# notes\n' >empty/README.md
printf 'const x = 1;\n' >clean.js

expect_status 2 "no PATH is a usage error" -- "$TXLINT"
check "  ... and says so on stderr" grep -q "no input" "$WORK/err"
expect_status 2 "unknown option" -- "$TXLINT" --bogus proj
check "  ... names the option" grep -q -- "--bogus" "$WORK/err"
expect_status 2 "bad --format value" -- "$TXLINT" --format xml proj
expect_status 2 "bad --jobs value" -- "$TXLINT" -j 0 proj
expect_status 2 "option missing its value" -- "$TXLINT" proj --format
expect_status 2 "a path that does not exist" -- "$TXLINT" does/not/exist.js
expect_status 2 "a directory without source files (no input)" -- "$TXLINT" empty
expect_status 2 "unknown --rule" -- "$TXLINT" --rule no-such-rule proj
expect_status 2 "bad models directory" -- "$TXLINT" --models "$WORK/empty/README.md" proj
expect_status 0 "--version" -- "$TXLINT" --version
check "  ... prints 'txlint X.Y.Z'" grep -Eq '^txlint [0-9]+\.[0-9]+\.[0-9]+' "$WORK/out"
expect_status 0 "--help" -- "$TXLINT" --help
check "  ... documents the exit status" grep -q "Exit status" "$WORK/out"
expect_status 0 "--list-rules" -- "$TXLINT" --list-rules
for r in acquire-without-release begin-without-rollback transaction-on-pool; do
  check "  ... lists $r" grep -q "^$r " "$WORK/out"
done
check "  ... hides debug rules" bash -c "! grep -q '^debug-probe' '$WORK/out'"
first_rule=$(awk 'NR==1{print $1}' "$WORK/out")
expect_status 0 "--explain $first_rule" -- "$TXLINT" --explain "$first_rule"
check "  ... prints its documentation" test -s "$WORK/out"
expect_status 2 "--explain of an unknown rule" -- "$TXLINT" --explain no-such-rule
expect_status 0 "a clean file" -- "$TXLINT" clean.js
check "  ... prints nothing" test ! -s "$WORK/out"
expect_status 0 "--exit-zero on a project with findings" -- "$TXLINT" --exit-zero proj
"$TXLINT" --format json proj >proj.json 2>/dev/null
status=$?
n=$(json_get proj.json 'd.findings.filter(f=>!f.suppressed).length')
if [ "$n" -gt 0 ]; then
  check "findings at or above the fail level exit 1 (got $status with $n findings)" test "$status" = 1
  levels=$(json_get proj.json '[...new Set(d.findings.map(f=>f.level))].sort().join(",")')
  want=$(json_get proj.json 'd.findings.some(f=>!f.suppressed&&f.level==="error")?1:0')
  expect_status "$want" "--fail-on error with finding levels [$levels]" -- "$TXLINT" --fail-on error proj
  expect_status 1 "--fail-on note" -- "$TXLINT" --fail-on note proj
else
  fail "the sample project should have findings (got none; exit $status)"
fi
expect_status 0 "-o writes a file and prints nothing" -- "$TXLINT" --exit-zero --format json -o "$WORK/o.json" proj
check "  ... the file is complete JSON" json_true "$WORK/o.json" 'd.version===1'
check "  ... no temporary file is left behind" bash -c "! ls '$WORK'/o.json.tmp.* 2>/dev/null"
expect_status 2 "-o into a missing directory" -- "$TXLINT" -o "$WORK/nodir/x.sarif" proj
# -o onto something that is not a regular file (a FIFO here; /dev/null in CI
# scripts) is written in place: renaming a temporary file onto it would
# replace the pipe or device with a plain file.
mkfifo "$WORK/report.fifo"
cat "$WORK/report.fifo" >"$WORK/from-fifo.json" &
reader=$!
expect_status 0 "-o onto a FIFO" -- "$TXLINT" --exit-zero --format json -o "$WORK/report.fifo" proj
wait "$reader"
check "  ... the reader got the whole report" json_true "$WORK/from-fifo.json" 'd.version===1'
check "  ... the FIFO is still a FIFO" test -p "$WORK/report.fifo"
check "  ... no temporary file is left behind" bash -c "! ls '$WORK'/report.fifo.tmp.* 2>/dev/null"
finish
