#!/bin/bash
# Files that change while txlint reads them (issue 11, item 6). A writer
# rewrites files in place over and over (a long version, an empty file, a
# longer other version, the file removed, its directory's other version)
# while txlint runs over the tree again and again, so reads see whole
# versions, truncated ones, grown ones and missing files. Whatever a run
# saw, it must not crash (exit 0, 1 or 2), its SARIF must parse, the stable
# files beside the changing ones must give their findings every time, and
# every finding in a changing file must be one of its versions' own leaks,
# at that version's line with that line's text as the snippet (the text a
# finding is finalized with is the text that was analysed). The interleaving
# differs from run to run; the checks hold for any of them.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1

# pad N: N comment lines, so a version is long enough to be read in parts.
pad() { local i; for ((i = 0; i < $1; i++)); do printf '// padding line %d of a file that changes\n' "$i"; done; }
JS_HEAD='const { Pool } = require("pg");
const pool = new Pool();'
{ printf '%s\n' "$JS_HEAD" 'async function first_bad() {' '  const c = await pool.connect();' '  await c.query("SELECT 1");' '}'
  pad 3000; printf 'module.exports = { first_bad };\n'; } >js_a.txt      # leak at line 4
{ printf '%s\n' "$JS_HEAD"; pad 27
  printf '%s\n' 'async function second_bad() {' '  const conn = await pool.connect();' '  await conn.query("SELECT 2");' '}'
  pad 6000; printf 'module.exports = { second_bad };\n'; } >js_c.txt     # leak at line 31
GO_HEAD='package store

import "database/sql"
'
{ printf '%s\n' "$GO_HEAD" 'func firstBad(db *sql.DB) {' '	tx, _ := db.Begin()' '	tx.Exec("UPDATE t SET a = 1")' '}'; pad 3000; } >go_a.txt # line 6
{ printf '%s\n' "$GO_HEAD"; pad 20; printf '%s\n' 'func secondBad(db *sql.DB) {' '	tx2, _ := db.Begin()' '	tx2.Exec("UPDATE t SET b = 2")' '}'
  pad 6000; } >go_c.txt                                                    # line 26

mkdir -p tree/web tree/store
cat >tree/web/stable.js <<'JS'
const { Pool } = require("pg");
const pool = new Pool();
async function stable_bad() {
  const s = await pool.connect();
  await s.query("SELECT 3");
}
module.exports = { stable_bad };
JS
cat >tree/store/stable.go <<'GO'
package store

import "database/sql"

func stableBad(db *sql.DB) {
	st, _ := db.Begin()
	st.Exec("UPDATE t SET c = 3")
}
GO
cp js_a.txt tree/web/changing.js
cp go_a.txt tree/store/changing.go

# The writer: in-place rewrites (truncate, then write) with bash builtins, so
# it changes the files as fast as it can; removal and re-creation too.
JA=$(<js_a.txt) JC=$(<js_c.txt) GA=$(<go_a.txt) GC=$(<go_c.txt)
writer() {
  while :; do
    printf '%s\n' "$JA" >tree/web/changing.js; printf '%s\n' "$GC" >tree/store/changing.go
    : >tree/web/changing.js; printf '%s\n' "$GA" >tree/store/changing.go
    printf '%s\n' "$JC" >tree/web/changing.js; : >tree/store/changing.go
    rm -f tree/web/changing.js tree/store/changing.go
    printf '%s\n' "$JC" >tree/web/changing.js; printf '%s\n' "$GC" >tree/store/changing.go
  done
}
writer &
writer_pid=$!
# However the script ends, the writer goes with it (an orphan would hold ctest's output pipe open).
trap 'kill "$writer_pid" 2>/dev/null; chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

runs=${CHANGING_RUNS:-25} crashed=0 unparsable=0 stable_missed=0 inconsistent=0 seen=
for ((r = 0; r < runs; r++)); do
  "$TXLINT" --no-config -j 2 --format sarif -o "run$r.sarif" tree 2>"err$r.txt"
  status=$?
  if [ "$status" -gt 2 ]; then crashed=$((crashed + 1)); echo "     run $r: exit $status"; sed 's/^/     | /' "err$r.txt" | head -5; continue; fi
  # One line: "ok" or what was wrong, and which versions' findings appeared.
  verdict=$(node -e '
const fs = require("fs");
let d;
try { d = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch (e) { console.log("unparsable"); process.exit(0); }
const lines = f => fs.readFileSync(f, "utf8").split("\n");
// path -> [[version name, its lines]...]: a finding stands at a line of one
// version, with the text of that line (the leak of the version, or the
// per-file-pool finding on the new Pool() all JS versions share with stable.js).
const own = {
  "tree/web/changing.js": [["js_a", lines("js_a.txt")], ["js_c", lines("js_c.txt")]],
  "tree/store/changing.go": [["go_a", lines("go_a.txt")], ["go_c", lines("go_c.txt")]],
};
const res = d.runs[0].results || [];
const where = r => r.locations[0].physicalLocation;
const stable = p => res.some(r => where(r).artifactLocation.uri === p);
if (!stable("tree/web/stable.js") || !stable("tree/store/stable.go")) { console.log("stable-missed"); process.exit(0); }
const seen = [];
for (const r of res) {
  const loc = where(r), p = loc.artifactLocation.uri;
  if (!own[p]) continue;
  const line = loc.region.startLine, text = loc.contextRegion && loc.contextRegion.snippet.text;
  // A finding of a project rule (per-file-pool) takes its snippet from the
  // file read again after every file is analysed; removed or emptied by then,
  // it has none: it may stand at the line of any version, claiming no text.
  const v = own[p].find(([, ls]) => line >= 1 && line <= ls.length && (text === undefined || ls[line - 1] === text));
  if (!v) { console.log("inconsistent " + p + ":" + line + " " + JSON.stringify(text)); process.exit(0); }
  seen.push(v[0]);
}
console.log("ok " + seen.join(" "));' "run$r.sarif")
  case $verdict in
    unparsable) unparsable=$((unparsable + 1)); echo "     run $r: exit $status, SARIF does not parse"; sed 's/^/     | /' "err$r.txt" | head -5 ;;
    stable-missed) stable_missed=$((stable_missed + 1)); echo "     run $r: exit $status, a stable file's finding is missing"; sed 's/^/     | /' "err$r.txt" | head -5 ;;
    inconsistent*) inconsistent=$((inconsistent + 1)); echo "     run $r: $verdict" ;;
    ok*) seen="$seen ${verdict#ok}" ;;
  esac
done
kill "$writer_pid" 2>/dev/null
wait "$writer_pid" 2>/dev/null
echo "     (versions whose findings were seen: $(tr ' ' '\n' <<<"$seen" | sed '/^$/d' | sort | uniq -c | tr -s ' \n' ' '))"

check "changing files: no run crashed (exit 0-2 in $runs runs)" test "$crashed" = 0
check "changing files: every SARIF report parses" test "$unparsable" = 0
check "changing files: the stable files' findings are in every run" test "$stable_missed" = 0
check "changing files: every finding is a version's own leak, at its line, with its text" test "$inconsistent" = 0
finish
