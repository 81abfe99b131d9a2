#!/bin/bash
# SARIF fixes: on the mechanical_fixes fixtures, every *_fix_bad function's
# finding carries a fix and no other finding does; the log passes
# validate-sarif --strict; applying the replacements (UTF-16 regions, as
# columnKind says) gives code that still parses (node --check for JS, no
# parse-error for Go and TS), in which those findings are gone and every
# other finding is unchanged.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
F=$SRCDIR/fixtures
mkdir -p src/gorows src/gotx src/js src/ts
cp "$F/acquire-without-release/go/mechanical_fixes.go" src/gorows/
cp "$F/begin-without-rollback/go/mechanical_fixes.go" src/gotx/
cp "$F/acquire-without-release/js/mechanical_fixes.js" src/js/
cp "$F/acquire-without-release/ts/mechanical_fixes.ts" src/ts/
T() { "$TXLINT" --no-config -j 1 "$@"; }
T -f sarif -o before.sarif -f json=before.json src 2>/dev/null
check "findings reported (exit $?)" test -s before.sarif
if [ -x "$VALIDATE" ]; then
  "$VALIDATE" --strict before.sarif >validate.out 2>&1
  check "the log with fixes passes validate-sarif --strict" test $? = 0
  [ $? = 0 ] || head -c 1500 validate.out | sed 's/^/     | /'
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi
R='d.runs[0].results'
fn='r=>r.locations[0].logicalLocations[0].name'
check "a fix exactly on the findings of *_fix_bad functions (7 of them)" json_true before.sarif \
  "$R.filter(r=>r.fixes).length===7&&$R.every(r=>!!r.fixes===/_fix_bad$/.test(($fn)(r)))"
check "fixes are well formed: a description, one change of the finding's file, ordered replacements" json_true before.sarif \
  "$R.filter(r=>r.fixes).every(r=>{const f=r.fixes[0],c=f.artifactChanges;return r.fixes.length===1&&f.description.text.length>0&&c.length===1&&c[0].artifactLocation.uri===r.locations[0].physicalLocation.artifactLocation.uri&&c[0].replacements.every((x,i,a)=>i===0||x.deletedRegion.startLine>=a[i-1].deletedRegion.endLine)})"
check "Go: an insertion of defer rows.Close() on the line after the error check" json_true before.sarif \
  "(r=>r.fixes[0].artifactChanges[0].replacements[0].insertedContent.text===String.fromCharCode(10,9)+'defer rows.Close()')($R.find(r=>($fn)(r)==='member_names_fix_bad'))"

# Apply every fix: regions are UTF-16 code units, which is what JS strings index.
# With "vscode", a region's start is read as VS Code's SARIF Viewer reads it
# (sarif-vscode-extension regionToSelection.ts: never before the line's first
# non-blank character), which must give the same text.
cat >apply.js <<'JS'
const fs = require('fs');
const d = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const vscode = process.argv[3] === 'vscode';
const byFile = {};
for (const r of d.runs[0].results)
  for (const f of r.fixes || [])
    for (const c of f.artifactChanges)
      (byFile[decodeURIComponent(c.artifactLocation.uri)] ||= []).push(...c.replacements);
for (const [file, reps] of Object.entries(byFile)) {
  const text = fs.readFileSync(file, 'utf8');
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineText = l => text.slice(starts[l - 1], l < starts.length ? starts[l] - 1 : text.length).replace(/\r$/, '');
  const firstNonBlank = l => { const m = /[^ \t]/.exec(lineText(l)); return m ? m.index : lineText(l).length; };
  const at = (line, col, start) =>
    starts[line - 1] + (start && vscode ? Math.max(firstNonBlank(line), col - 1) : col - 1);
  reps.sort((a, b) => at(b.deletedRegion.startLine, b.deletedRegion.startColumn) - at(a.deletedRegion.startLine, a.deletedRegion.startColumn));
  let out = text;
  for (const r of reps) {
    const g = r.deletedRegion, a = at(g.startLine, g.startColumn, true), b = at(g.endLine || g.startLine, g.endColumn);
    out = out.slice(0, a) + ((r.insertedContent || {}).text || '') + out.slice(b);
  }
  fs.writeFileSync(file, out);
  console.log(file);
}
JS
cp -r src orig
mkdir as_vscode && cp -r src as_vscode/src
(cd as_vscode && node ../apply.js ../before.sarif vscode >applied.txt)
node apply.js before.sarif >applied.txt
check "applied as VS Code's SARIF Viewer reads regions: the same text" \
  bash -c 'test "$(wc -l <as_vscode/applied.txt)" = 4 && diff -r src as_vscode/src'
check "fixes applied to the four files" test "$(wc -l <applied.txt)" = 4
diff -u orig/gorows/mechanical_fixes.go src/gorows/mechanical_fixes.go | sed -n '1,40p' | grep '^[-+]' | grep -v '^[-+][-+]' | sed 's/^/     | /'
diff -u orig/js/mechanical_fixes.js src/js/mechanical_fixes.js | grep '^[-+]' | grep -v '^[-+][-+]' | head -12 | sed 's/^/     | /'
check "the fixed JavaScript is valid (node --check)" node --check src/js/mechanical_fixes.js
T -f json src >after.json 2>/dev/null
check "after the fixes: no parse error in any file" json_true after.json "!d.notifications.some(n=>n.kind==='parse-error')"
check "… the *_fix_bad findings are gone" json_true after.json "!d.findings.some(f=>/_fix_bad$/.test(f.function))"
node -e '
const fs=require("fs");const k=f=>f.path+" "+f.function+" "+f.rule;
const b=JSON.parse(fs.readFileSync("before.json","utf8")).findings.filter(f=>!/_fix_bad$/.test(f.function)).map(k).sort();
const a=JSON.parse(fs.readFileSync("after.json","utf8")).findings.map(k).sort();
process.exit(JSON.stringify(a)===JSON.stringify(b)&&a.length>=6?0:1)'
check "… and every other finding is still there" test $? = 0
echo "     ($(node -e 'const d=JSON.parse(require("fs").readFileSync("before.json","utf8"));const a=JSON.parse(require("fs").readFileSync("after.json","utf8"));console.log(d.findings.length+" findings before, "+a.findings.length+" after")'))"
finish
