#!/bin/bash
# Output is byte-identical whatever -j is, in every format, over a generated
# project (with imports between files) and over the repository's fixtures.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
make_project proj
for i in $(seq 1 12); do # more files than threads, in several import levels
  mkdir -p proj/src/gen
  prev=$((i - 1))
  {
    [ "$i" -gt 1 ] && echo "const prev = require('./m$prev');"
    echo "const { pool } = require('../db/pool');"
    echo "async function f$i() { const c = await pool.connect(); if (c) return 1; c.release(); }"
    echo "module.exports = { f$i };"
  } >"proj/src/gen/m$i.js"
done
targets=(proj)
[ -d "$SRCDIR/fixtures" ] && targets+=("$SRCDIR/fixtures")
for t in "${targets[@]}"; do
  name=$(basename "$t")
  for fmt in text gcc json sarif; do
    "$TXLINT" --color=never --include-suppressed --format "$fmt" -j 1 "$t" >"$name.$fmt.1" 2>"$name.$fmt.err1"
    s1=$?
    ok=1
    for j in 2 4; do
      "$TXLINT" --color=never --include-suppressed --format "$fmt" -j "$j" "$t" >"$name.$fmt.$j" 2>"$name.$fmt.err$j"
      sj=$?
      if ! cmp -s "$name.$fmt.1" "$name.$fmt.$j" || ! cmp -s "$name.$fmt.err1" "$name.$fmt.err$j" || [ "$s1" != "$sj" ]; then
        ok=0
        diff "$name.$fmt.1" "$name.$fmt.$j" | head -10 | sed 's/^/     | /'
      fi
    done
    check "$name: --format $fmt is identical for -j 1, 2, 4 ($(wc -c <"$name.$fmt.1") bytes, exit $s1)" test "$ok" = 1
  done
done
# The prefilter must not lose a finding: same findings with and without it.
for t in "${targets[@]}"; do
  name=$(basename "$t")
  "$TXLINT" --format json --include-suppressed "$t" >"$name.pf.json" 2>/dev/null
  "$TXLINT" --format json --include-suppressed --no-prefilter "$t" >"$name.nopf.json" 2>/dev/null
  node -e 'const f=p=>JSON.stringify(JSON.parse(require("fs").readFileSync(p,"utf8")).findings);process.exit(f(process.argv[1])===f(process.argv[2])?0:1)' \
    "$name.pf.json" "$name.nopf.json"
  check "$name: the prefilter loses no finding ($(json_get "$name.nopf.json" 'd.findings.length') with --no-prefilter)" test $? = 0
done
check "the generated project has findings to compare" json_true proj.json.1 'd.findings.length>0'

# Go: the prefilter keeps a package (a directory) when one of its files has a
# modelled import path or transaction SQL in a string literal, and then
# parses all of its files; other packages are not parsed at all.
mkdir -p goproj/store goproj/raw goproj/util
printf 'package store\n\nimport "database/sql"\n\ntype Store struct{ db *sql.DB }\n' >goproj/store/a.go
cat >goproj/store/b.go <<'GO'
package store

// No import here: the package is kept for a.go, whose struct field types this file needs.
func (s *Store) Names() ([]string, error) {
	rows, err := s.db.Query("SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}
GO
cat >goproj/raw/raw.go <<'GO'
package raw

// No modelled import: only the BEGIN text makes this package matter.
type Execer interface{ Exec(q string, args ...any) (any, error) }

func Move(c Execer) error {
	if _, err := c.Exec("BEGIN"); err != nil {
		return err
	}
	if _, err := c.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	_, err := c.Exec("COMMIT")
	return err
}
GO
printf 'package util\n\n// begin, commit: words outside SQL text do not count.\nfunc Add(a, b int) int { return a + b }\n' >goproj/util/util.go
printf 'package util\n\nconst msg = "unexpected end of input"\n\nfunc Broken( {\n' >goproj/util/broken.go
go_targets=(goproj)
for d in "$SRCDIR"/fixtures/*/go; do [ -d "$d" ] && go_targets+=("$d"); done
for t in "${go_targets[@]}"; do
  name=go-$(basename "$(dirname "$t")")-$(basename "$t")
  [ "$t" = goproj ] && name=goproj
  "$TXLINT" --format json --include-suppressed "$t" >"$name.pf.json" 2>/dev/null
  "$TXLINT" --format json --include-suppressed --no-prefilter "$t" >"$name.nopf.json" 2>/dev/null
  node -e 'const f=p=>JSON.stringify(JSON.parse(require("fs").readFileSync(p,"utf8")).findings);process.exit(f(process.argv[1])===f(process.argv[2])&&f(process.argv[1])!=="[]"?0:1)' \
    "$name.pf.json" "$name.nopf.json"
  check "$t: the Go prefilter loses no finding ($(json_get "$name.nopf.json" 'd.findings.length') with --no-prefilter, at least one)" test $? = 0
done
check "Go: the package with a modelled import is analysed, including its file without one" \
  json_true goproj.pf.json 'd.findings.some(f=>f.path==="goproj/store/b.go")'
check "Go: a package without a modelled import is analysed for its BEGIN text" \
  json_true goproj.pf.json 'd.findings.some(f=>f.path==="goproj/raw/raw.go")'
check "Go: a package with neither is not parsed (its syntax error goes unreported)" \
  json_true goproj.pf.json '!d.notifications.some(n=>n.path==="goproj/util/broken.go")&&d.summary.files_analyzed===5'
check "Go: --no-prefilter parses it" json_true goproj.nopf.json 'd.notifications.some(n=>n.path==="goproj/util/broken.go")'
finish
