#!/bin/bash
# Suppression comments: txlint-disable-next-line / -line, the block form
# txlint-disable RULE … txlint-enable [RULE], the file form
# txlint-disable-file RULE; suppressions that suppress nothing and unknown
# rule ids are note-level unused-suppression findings at the comment (like
# ESLint's --report-unused-disable-directives), never for rules that did not
# run; they do not fail the run unless failOn is note.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p p/.git p/src
cd p || exit 1
cat >src/a.js <<'EOF'
const { Pool } = require('pg');
const pool = new Pool();
async function one() {
  // txlint-disable-next-line acquire-without-release -- closed by the caller
  const c = await pool.connect();
  return c.query('SELECT 1');
}
async function two() {
  // txlint-disable-next-line acquire-without-release
  const c = await pool.connect();
  try { return await c.query('SELECT 2'); } finally { c.release(); }
}
// txlint-disable acquire-without-release -- legacy code, tracked in #12
async function three() {
  const c = await pool.connect();
  return c.query('SELECT 3');
}
async function threeAgain() {
  const c = await pool.connect();
  return c.query('SELECT 33');
}
// txlint-enable acquire-without-release
async function four() {
  const c = await pool.connect(); // txlint-disable-line acquire-wihtout-release
  return c.query('SELECT 4');
}
// txlint-disable begin-without-rollback
// txlint-enable
async function five() {
  const c = await pool.connect(); /* txlint-disable-line */
  return c.query('SELECT 5');
}
module.exports = { pool, one, two, three, threeAgain, four, five };
EOF
cat >src/b.js <<'EOF'
// txlint-disable-file acquire-without-release -- a one-shot script
const { pool } = require('./a');
async function six() {
  const c = await pool.connect();
  return c.query('SELECT 6');
}
module.exports = { six };
EOF
cat >src/c.js <<'EOF'
// txlint-disable-file transaction-on-pool -- nothing here starts a transaction
const { pool } = require('./a');
async function seven() {
  const c = await pool.connect();
  return c.query('SELECT 7');
}
module.exports = { seven };
EOF

"$TXLINT" --no-config -f json . >"$WORK/s.json" 2>/dev/null
status=$?
json_get "$WORK/s.json" 'd.findings.map(f=>f.path+":"+f.line+" "+f.rule+" "+f.level).join("\n")' | sed 's/^/     | /'
at() { json_true "$WORK/s.json" "d.findings.some(f=>f.path==='src/$1'&&f.line===$2&&f.rule==='$3'$4)"; }
none_at() { json_true "$WORK/s.json" "!d.findings.some(f=>f.path==='src/$1'&&f.line===$2&&f.rule==='$3')"; }
check "disable-next-line silences the next line" none_at a.js 5 acquire-without-release
check "a block silences every line up to txlint-enable" none_at a.js 15 acquire-without-release
check "  ... also the second function in it" none_at a.js 19 acquire-without-release
check "after txlint-enable the rule reports again" at a.js 24 acquire-without-release
check "txlint-disable-file silences the whole file" none_at b.js 4 acquire-without-release
check "a file directive for another rule does not" at c.js 4 acquire-without-release
check "unused: a disable-next-line with nothing to silence" at a.js 9 unused-suppression "&&f.level==='note'&&/suppresses nothing/.test(f.message)&&f.column===6"
check "unused: an unknown rule id" at a.js 24 unused-suppression "&&/unknown rule id 'acquire-wihtout-release'/.test(f.message)"
check "unused: a block with nothing to silence" at a.js 27 unused-suppression "&&/begin-without-rollback/.test(f.message)"
check "unused: a directive naming no rule" at a.js 30 unused-suppression "&&/names no rule/.test(f.message)"
check "unused: a file directive of a rule with nothing to silence in the file" at c.js 1 unused-suppression
check "used directives are not reported: next-line" none_at a.js 4 unused-suppression
check "  ... block" none_at a.js 13 unused-suppression
check "  ... file" none_at b.js 1 unused-suppression
check "a bare txlint-enable is never reported" none_at a.js 28 unused-suppression
check "five unused-suppression findings in all" json_true "$WORK/s.json" 'd.findings.filter(f=>f.rule==="unused-suppression").length===5'
"$TXLINT" --no-config -f json --rule transaction-on-pool . >"$WORK/r.json" 2>/dev/null
check "--rule: suppressions of rules that did not run are not unused" json_true "$WORK/r.json" \
  'd.findings.filter(f=>f.rule==="unused-suppression").every(f=>/unknown rule id|names no rule/.test(f.message)||f.path==="src/c.js")'
printf '{ "rules": { "begin-without-rollback": "off" } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/off.json" 2>/dev/null
check "an \"off\" rule's suppressions are not unused" json_true "$WORK/off.json" \
  '!d.findings.some(f=>f.rule==="unused-suppression"&&f.line===27)'
rm .txlint.json
# Only unused suppressions left: notes, exit 0 by default, 1 with --fail-on note.
sed -i 's#^  const c = await pool.connect(); // txlint-disable-line acquire-wihtout-release#  const c = await pool.connect(); // txlint-disable-line acquire-without-release#' src/a.js
sed -i 's#^// txlint-disable-file transaction-on-pool.*#// txlint-disable-file acquire-without-release#' src/c.js
sed -i 's#/\* txlint-disable-line \*/#/* txlint-disable-line acquire-without-release */#' src/a.js
expect_status 0 "unused suppressions alone do not fail the run" -- "$TXLINT" --no-config .
check "  ... they are shown as notes" grep -q 'note: .*\[unused-suppression\]' "$WORK/out"
expect_status 1 "  ... --fail-on note makes them fail" -- "$TXLINT" --no-config --fail-on note .
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
"$TXLINT" --no-config -f sarif -o "$WORK/s.sarif" . 2>/dev/null
check "SARIF carries them as results with ruleId unused-suppression" json_true "$WORK/s.sarif" \
  'd.runs[0].results.some(r=>r.ruleId==="unused-suppression"&&r.level==="note")'
if [ -x "$VALIDATE" ]; then check "  ... and passes validate-sarif --strict" "$VALIDATE" --strict "$WORK/s.sarif"; fi
finish
