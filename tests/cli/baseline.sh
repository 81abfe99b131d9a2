#!/bin/bash
# Baselines: --write-baseline records today's findings; --baseline leaves them
# out, so only new findings fail the run; entries survive moved lines; they
# are counted (a second identical finding is new); --include-baselined and
# SARIF baselineState; bad baseline files are exit 2.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
make_project repo
mkdir repo/.git
cd repo || exit 1
VALIDATE="$SRCDIR/../shared/tools/validate-sarif"

"$TXLINT" -f json . >"$WORK/all.json" 2>/dev/null
n_all=$(json_get "$WORK/all.json" 'd.findings.length')
check "the sample project has findings ($n_all)" test "$n_all" -gt 1

expect_status 0 "--write-baseline accepts today's findings" -- "$TXLINT" --write-baseline base.json .
check "  ... the report is still printed" grep -q "\[acquire-without-release\]" "$WORK/out"
check "  ... and says how many entries it wrote" grep -q "wrote $n_all baseline entries to base.json" "$WORK/err"
check "  ... one entry per finding, with rule, path and fingerprint" \
  json_true base.json "d.version===1 && d.fingerprint==='txlint/v1' && d.entries.length===$n_all && d.entries.every(e=>e.rule&&e.path&&/^[0-9a-f]{16}\$/.test(e.fingerprint))"
check "  ... the same fingerprints as the json report" \
  node -e '
    const fs=require("fs");
    const b=JSON.parse(fs.readFileSync("base.json","utf8")), r=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));
    const key=e=>[e.rule,e.path,e.fingerprint].join(" ");
    process.exit(JSON.stringify(b.entries.map(key).sort())===JSON.stringify(r.findings.map(key).sort())?0:1);' \
  "$WORK/all.json"
check "  ... sorted by path" json_true base.json \
  'd.entries.every((e,i,a)=>i===0||a[i-1].path<=e.path)'
"$TXLINT" -j 1 --write-baseline "$WORK/b1.json" . >/dev/null 2>&1
"$TXLINT" -j 3 --write-baseline "$WORK/b3.json" . >/dev/null 2>&1
check "  ... deterministic (byte-identical for -j 1 and -j 3)" cmp -s "$WORK/b1.json" "$WORK/b3.json"
check "  ... its paths are relative to its own directory" json_true "$WORK/b1.json" 'd.entries.every(e=>e.path.startsWith("repo/"))'
"$TXLINT" -j 1 --write-baseline b1.json . >/dev/null 2>&1
check "  ... and identical to the first one when written next to it" cmp -s base.json b1.json
rm -f b1.json

expect_status 0 "--baseline: nothing new, exit 0" -- "$TXLINT" --baseline base.json .
check "  ... says the findings were baselined" grep -q "No new findings; $n_all findings matched the baseline" "$WORK/out"
expect_status 0 "  ... also with --fail-on note" -- "$TXLINT" --baseline base.json --fail-on note .

# Lines move: a header comment and a new helper above the old code.
{ printf '// Copyright header\n// added later\n\nfunction helper() { return 1; }\n'; cat src/routes/users.js; } >x &&
  mv x src/routes/users.js
{ printf '\n\n\n'; cat src/routes/orders.ts; } >x && mv x src/routes/orders.ts
expect_status 0 "moved code is still baselined" -- "$TXLINT" --baseline base.json .

# A new bug: only it is reported, and it fails the run.
cat >>src/routes/users.js <<'JS'
async function audit(id) {
  const client = await pool.connect();
  const res = await client.query('SELECT * FROM audit WHERE id = $1', [id]);
  if (!res.rows.length) throw new Error('missing');
  client.release();
  return res.rows[0];
}
JS
expect_status 1 "a new finding fails the run" -- "$TXLINT" --baseline base.json -f json .
cp "$WORK/out" "$WORK/new.json"
check "  ... and is the only one reported" \
  json_true "$WORK/new.json" 'd.findings.length===1 && d.findings[0].function==="audit" && d.findings[0].baseline==="new"'
check "  ... the summary counts the baselined ones" json_true "$WORK/new.json" "d.summary.baselined===$n_all"
expect_status 1 "--include-baselined reports all of them" -- "$TXLINT" --baseline base.json --include-baselined -f json .
check "  ... baselined ones marked unchanged, the new one new" \
  json_true "$WORK/out" "d.findings.length===$n_all+1 && d.findings.filter(f=>f.baseline==='unchanged').length===$n_all && d.findings.filter(f=>f.baseline==='new').length===1"
expect_status 1 "  ... text marks them" -- "$TXLINT" --baseline base.json --include-baselined .
check "  ... with 'baselined'" grep -q "\[acquire-without-release, baselined\]" "$WORK/out"

# SARIF: baselineState on every result when a baseline was given.
"$TXLINT" --baseline base.json -f sarif -o "$WORK/new.sarif" . 2>/dev/null
check "SARIF: only the new result, baselineState new" \
  json_true "$WORK/new.sarif" 'd.runs[0].results.length===1 && d.runs[0].results[0].baselineState==="new"'
"$TXLINT" --baseline base.json --include-baselined -f sarif -o "$WORK/all.sarif" . 2>/dev/null
check "SARIF --include-baselined: the others are unchanged" \
  json_true "$WORK/all.sarif" "d.runs[0].results.length===$n_all+1 && d.runs[0].results.filter(r=>r.baselineState==='unchanged').length===$n_all"
"$TXLINT" -f sarif -o "$WORK/plain.sarif" . 2>/dev/null
check "SARIF without a baseline has no baselineState" \
  json_true "$WORK/plain.sarif" 'd.runs[0].results.every(r=>!("baselineState" in r))'
if [ -x "$VALIDATE" ]; then
  check "validate-sarif --strict accepts both logs" "$VALIDATE" --strict "$WORK/new.sarif" "$WORK/all.sarif"
else
  echo "skip validate-sarif (not found at $VALIDATE)"
fi

# Counting: one entry absorbs one finding.
mkdir -p src/jobs
cat >src/jobs/sync.js <<'JS'
const { pool } = require('../db/pool');
async function sync(fast) {
  if (fast) {
    const c = await pool.connect();
    await c.query('SELECT 1');
  }
}
module.exports = { sync };
JS
"$TXLINT" --write-baseline base2.json . >/dev/null 2>&1
cat >src/jobs/sync.js <<'JS'
const { pool } = require('../db/pool');
async function sync(fast) {
  if (fast) {
    const c = await pool.connect();
    await c.query('SELECT 1');
  } else {
    const c = await pool.connect();
    await c.query('SELECT 1');
  }
}
module.exports = { sync };
JS
"$TXLINT" -f json . >"$WORK/twin.json" 2>/dev/null
check "two identical leaks share one fingerprint" \
  json_true "$WORK/twin.json" 'const t=d.findings.filter(f=>f.path==="src/jobs/sync.js"); t.length===2 && t[0].fingerprint===t[1].fingerprint'
expect_status 1 "a second identical finding is new (entries are counted)" -- "$TXLINT" --baseline base2.json -f json .
check "  ... exactly one is reported" \
  json_true "$WORK/out" 'd.findings.length===1 && d.findings[0].path==="src/jobs/sync.js" && d.findings[0].line===7'

# Writing a baseline while applying another records every current finding.
expect_status 0 "--baseline with --write-baseline" -- "$TXLINT" --baseline base.json --write-baseline base3.json .
check "  ... records baselined and new findings alike" json_true base3.json "d.entries.length===$n_all+3"
expect_status 0 "  ... and the new file covers everything" -- "$TXLINT" --baseline base3.json .

# Bad baselines are configuration errors.
expect_status 2 "a missing baseline file" -- "$TXLINT" --baseline nope.json .
check "  ... names it" grep -q "nope.json" "$WORK/err"
printf '{"version": 1, "entries": [' >bad.json
expect_status 2 "a truncated baseline file" -- "$TXLINT" --baseline bad.json .
printf '{"version": 7, "entries": []}' >bad.json
expect_status 2 "an unknown baseline version" -- "$TXLINT" --baseline bad.json .
printf '{"version": 1, "entries": [{"rule": "acquire-without-release"}]}' >bad.json
expect_status 2 "an entry without path and fingerprint" -- "$TXLINT" --baseline bad.json .
check "  ... names the entry" grep -q "entries\[0\]" "$WORK/err"
expect_status 2 "--include-baselined without --baseline" -- "$TXLINT" --include-baselined .
expect_status 2 "--write-baseline into a missing directory" -- "$TXLINT" --write-baseline no/such/dir/b.json .
finish
