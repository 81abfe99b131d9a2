#!/bin/bash
# SARIF: validate-sarif --strict (schema, Multitool SARIF+GitHub rules, GitHub
# limits) over a sample project, with --include-suppressed, the fixtures and
# the demo; plus the properties GitHub and VS Code rely on.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
make_project proj
cat >>proj/src/routes/users.js <<'JS'
async function quiet() {
  // txlint-disable-next-line acquire-without-release -- released by the caller
  const c = await pool.connect();
  return 1;
}
JS
mkdir -p "space dir" && cp proj/src/routes/users.js "space dir/u:1.js"

run() { # run NAME DIR ARGS...: runs txlint in DIR (paths stay relative, as in CI)
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && "$TXLINT" --format sarif -o "$WORK/$name.sarif" "$@" 2>"$WORK/$name.err")
  local s=$?
  check "$name: written (exit $s)" test -s "$name.sarif" -a "$s" -lt 3
  if [ -x "$VALIDATE" ]; then
    "$VALIDATE" --strict "$name.sarif" >"$name.validate" 2>&1
    local v=$?
    check "$name: validate-sarif --strict" test "$v" = 0
    [ "$v" = 0 ] || head -c 2000 "$name.validate" | sed 's/^/     | /'
  else
    echo "     (validate-sarif not found at $VALIDATE; skipped)"
  fi
}
run proj "$WORK" proj
run suppressed "$WORK" --include-suppressed proj
run odd-names "$WORK" "space dir"
[ -d "$SRCDIR/fixtures" ] && run fixtures "$SRCDIR" fixtures
[ -d "$SRCDIR/fixtures/demo" ] && run demo "$SRCDIR" fixtures/demo

R='d.runs[0]'
check "one run, schemastore \$schema, version 2.1.0" json_true proj.sarif \
  "d.runs.length===1&&d.\$schema==='https://json.schemastore.org/sarif-2.1.0.json'&&d.version==='2.1.0'"
check "columnKind utf16CodeUnits, automationDetails txlint/" json_true proj.sarif \
  "$R.columnKind==='utf16CodeUnits'&&$R.automationDetails.id==='txlint/'"
check "%SRCROOT% is a file:// URI ending in /" json_true proj.sarif \
  "/^file:\/\/\/.*\/$/.test($R.originalUriBaseIds['%SRCROOT%'].uri)"
check "rules: every listed rule has full metadata" json_true proj.sarif \
  "$R.tool.driver.rules.length>0&&$R.tool.driver.rules.every(r=>r.id&&r.name&&r.shortDescription.text&&r.fullDescription.text&&r.help.text&&r.help.markdown&&r.defaultConfiguration.level&&r.properties.precision&&r.properties['problem.severity']&&Array.isArray(r.properties.tags))"
check "no debug rule is listed" json_true proj.sarif "!$R.tool.driver.rules.some(r=>r.id==='debug-probe')"
check "a descriptor for every notification kind" json_true proj.sarif "$R.tool.driver.notifications.length>=8"
check "results exist" json_true proj.sarif "$R.results.length>0"
check "ruleIndex points at the ruleId" json_true proj.sarif \
  "$R.results.every(r=>$R.tool.driver.rules[r.ruleIndex].id===r.ruleId)"
check "relative uris under %SRCROOT%" json_true proj.sarif \
  "$R.results.every(r=>r.locations[0].physicalLocation.artifactLocation.uriBaseId==='%SRCROOT%'&&!r.locations[0].physicalLocation.artifactLocation.uri.startsWith('/'))"
check "fingerprints: line hash hex:n and txlint/v1" json_true proj.sarif \
  "$R.results.every(r=>/^[0-9a-f]+:[0-9]+$/.test(r.partialFingerprints.primaryLocationLineHash)&&/^[0-9a-f]{16}$/.test(r.partialFingerprints['txlint/v1']))"
check "message links point at relatedLocations" json_true proj.sarif \
  "$R.results.every(r=>[...r.message.text.matchAll(/\]\((\d+)\)/g)].every(m=>(r.relatedLocations||[]).some(l=>l.id===+m[1])))"
check "suppressed findings are left out by default" json_true proj.sarif \
  "$R.results.every(r=>r.suppressions===undefined)&&!$R.results.some(r=>r.locations[0].physicalLocation.region.startLine===23)"
check "--include-suppressed: every result has suppressions, one inSource with its justification" json_true suppressed.sarif \
  "$R.results.every(r=>Array.isArray(r.suppressions))&&$R.results.filter(r=>r.suppressions.length).length===1&&$R.results.find(r=>r.suppressions.length).suppressions[0].justification==='released by the caller'"
check "odd file names are percent-encoded" json_true odd-names.sarif \
  "$R.results.length===0||$R.results[0].locations[0].physicalLocation.artifactLocation.uri.startsWith('space%20dir/u%3A1.js')"
check "the primary line hash matches the hash of the same line in a copy" json_true proj.sarif \
  "$R.results.every(r=>r.locations[0].physicalLocation.region.startLine>=1&&r.locations[0].physicalLocation.region.startColumn>=1)"
# A finding on the last line of a file that ends in a newline: the line's
# snippet (SARIF contextRegion, text output) does not carry that newline.
mkdir -p lastline
printf 'const { Pool } = require("pg");\nconst pool = new Pool();\nasync function f() { const c = await pool.connect(); await c.query("x"); }\n' >lastline/last.js
"$TXLINT" --format sarif lastline >lastline.sarif 2>/dev/null
check "last-line snippet has no trailing newline" json_true lastline.sarif \
  "$R.results.length===1&&$R.results[0].locations[0].physicalLocation.contextRegion.snippet.text.endsWith('}')"
"$TXLINT" lastline >lastline.txt 2>/dev/null
check "text: the caret line follows the source line" bash -c "sed -n 3p lastline.txt | grep -q '^ *\\^~'"
finish
