#!/bin/bash
# Bad Go input in one run (issue 3 item 5): a syntax error, an empty file, a
# binary file, invalid UTF-8, a 10,000-deep nested expression, unreadable files
# (a dangling symlink and a FIFO, which fail for root too) and a symlink loop,
# all in a package that imports database/sql so the prefilter cannot skip it,
# next to a good package with a real leak. Expected: no crash, a notification
# for each, the good package still analysed and its finding reported, exit
# status 2 (docs/cli.md), and valid SARIF.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p gobad/store gobad/input
cat >gobad/store/store.go <<'GO'
package store

import "database/sql"

func Names(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
GO
B=gobad/input
printf 'package input\n\nimport "database/sql"\n\nfunc broken(db *sql.DB {\n\tdb.Exec("BEGIN") @@ ;;\n}\n' >"$B/syntax.go"
: >"$B/empty.go"
printf 'package input\n\0\1\2\3' >"$B/binary.go"
printf 'package input\n\n// caf\xe9 \xff\xfe\nimport "database/sql"\n\nvar DB *sql.DB\n' >"$B/latin1.go"
node -e 'const n=10000;process.stdout.write("package input\n\nimport \"database/sql\"\n\nfunc deep(db *sql.DB) int {\n\treturn " + "(".repeat(n) + "1" + ")".repeat(n) + "\n}\n")' >"$B/deep.go"
ln -s does-not-exist.go "$B/dangling.go"
ln -s loop-b.go "$B/loop-a.go"
ln -s loop-a.go "$B/loop-b.go"
mkfifo "$B/fifo.go"

timeout 120 "$TXLINT" --format sarif -o out.sarif gobad 2>err.txt
status=$?
check "no crash (exit $status is not a signal or an internal error)" test "$status" -lt 3
check "exit status 2 for incomplete input" test "$status" = 2
check "the SARIF was written" test -s out.sarif
json_get out.sarif 'd.runs[0].invocations[0].toolExecutionNotifications.map(n=>n.descriptor.id+"@"+n.locations[0].physicalLocation.artifactLocation.uri).join("\n")' >notes.txt
sed 's/^/     | /' notes.txt
for want in parse-error@gobad/input/syntax.go binary-file@gobad/input/binary.go invalid-utf8@gobad/input/latin1.go \
  unreadable-file@gobad/input/dangling.go unreadable-file@gobad/input/loop-a.go unreadable-file@gobad/input/fifo.go; do
  check "notification $want" grep -qx "$want" notes.txt
done
check "no notification for the empty file" bash -c "! grep -q empty.go notes.txt"
for f in syntax.go binary.go latin1.go dangling.go fifo.go; do
  check "stderr names $f" grep -q "$f" err.txt
done
"$TXLINT" --format json gobad >out.json 2>/dev/null
check "the leak in the good package is still reported" json_true out.json \
  'd.findings.some(f=>f.path==="gobad/store/store.go"&&f.rule==="acquire-without-release"&&f.line===6)'
check "json notifications match SARIF's" json_true out.json "d.notifications.length===$(wc -l <notes.txt)"
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "the SARIF passes validate-sarif --strict" "$VALIDATE" --strict out.sarif
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi
finish
