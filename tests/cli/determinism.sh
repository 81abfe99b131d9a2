#!/bin/bash
# Output is byte-identical whatever -j is, in every format, over a generated
# project (with imports between files) and over the repository's fixtures.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1

# A failure seen once (a SIGABRT under ASan) did not come back in 165 runs:
# each run's stderr and exit status are kept, and when a check fails they are
# printed and copied to a directory that outlives $WORK, so the next one can
# be read.
KEEP_DIR=
keep_failure() { # keep_failure FILE...: keeps a copy of each, prints the stderr ones (*err*)
  [ -n "$KEEP_DIR" ] || KEEP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/txlint-determinism-fail.XXXXXX")
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$KEEP_DIR/"
    case $f in *err*) ;; *) continue ;; esac
    echo "     --- stderr $f ($(wc -c <"$f") bytes), last 40 lines:"
    tail -n 40 "$f" | sed 's/^/     | /'
  done
  echo "     (kept in $KEEP_DIR)"
}
# died_of_signal STATUS: true for 128 + a signal number (134: SIGABRT).
died_of_signal() { [ "$1" -gt 128 ]; }
# run_pair TARGET NAME: the JSON report with and without the prefilter, each
# run's stderr in NAME.{pf,nopf}.err and exit status in PF_STATUS, NOPF_STATUS.
run_pair() {
  "$TXLINT" --format json --include-suppressed "$1" >"$2.pf.json" 2>"$2.pf.err"
  PF_STATUS=$?
  "$TXLINT" --format json --include-suppressed --no-prefilter "$1" >"$2.nopf.json" 2>"$2.nopf.err"
  NOPF_STATUS=$?
}
# pair_check COMPARE_STATUS NAME DESCRIPTION: fails when the comparison did or
# either run died of a signal, and then shows both runs' stderr.
pair_check() {
  local ok=1
  [ "$1" = 0 ] || ok=0
  died_of_signal "$PF_STATUS" && ok=0
  died_of_signal "$NOPF_STATUS" && ok=0
  check "$3" test "$ok" = 1
  [ "$ok" = 1 ] && return
  echo "     with the prefilter exited $PF_STATUS, without it $NOPF_STATUS"
  keep_failure "$2.pf.err" "$2.nopf.err"
}
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
    died_of_signal "$s1" && ok=0
    for j in 2 4; do
      "$TXLINT" --color=never --include-suppressed --format "$fmt" -j "$j" "$t" >"$name.$fmt.$j" 2>"$name.$fmt.err$j"
      sj=$?
      if died_of_signal "$sj" || ! cmp -s "$name.$fmt.1" "$name.$fmt.$j" || ! cmp -s "$name.$fmt.err1" "$name.$fmt.err$j" ||
        [ "$s1" != "$sj" ]; then
        ok=0
        echo "     -j 1 exited $s1, -j $j exited $sj"
        diff "$name.$fmt.1" "$name.$fmt.$j" | head -10 | sed 's/^/     | /'
        keep_failure "$name.$fmt.err1" "$name.$fmt.err$j" "$name.$fmt.1" "$name.$fmt.$j"
      fi
    done
    [ "$ok" = 1 ] || ! died_of_signal "$s1" || keep_failure "$name.$fmt.err1"

    check "$name: --format $fmt is identical for -j 1, 2, 4 ($(wc -c <"$name.$fmt.1") bytes, exit $s1)" test "$ok" = 1
  done
done
# The prefilter must not lose a finding: same findings with and without it.
for t in "${targets[@]}"; do
  name=$(basename "$t")
  run_pair "$t" "$name"
  node -e 'const f=p=>JSON.stringify(JSON.parse(require("fs").readFileSync(p,"utf8")).findings);process.exit(f(process.argv[1])===f(process.argv[2])?0:1)' \
    "$name.pf.json" "$name.nopf.json" 2>/dev/null
  pair_check $? "$name" "$name: the prefilter loses no finding ($(json_get "$name.nopf.json" 'd.findings.length' 2>/dev/null) with --no-prefilter)"
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
  run_pair "$t" "$name"
  node -e 'const f=p=>JSON.stringify(JSON.parse(require("fs").readFileSync(p,"utf8")).findings);process.exit(f(process.argv[1])===f(process.argv[2])&&f(process.argv[1])!=="[]"?0:1)' \
    "$name.pf.json" "$name.nopf.json" 2>/dev/null
  pair_check $? "$name" "$t: the Go prefilter loses no finding ($(json_get "$name.nopf.json" 'd.findings.length' 2>/dev/null) with --no-prefilter, at least one)"
done
check "Go: the package with a modelled import is analysed, including its file without one" \
  json_true goproj.pf.json 'd.findings.some(f=>f.path==="goproj/store/b.go")'
check "Go: a package without a modelled import is analysed for its BEGIN text" \
  json_true goproj.pf.json 'd.findings.some(f=>f.path==="goproj/raw/raw.go")'
check "Go: a package with neither is not parsed (its syntax error goes unreported)" \
  json_true goproj.pf.json '!d.notifications.some(n=>n.path==="goproj/util/broken.go")&&d.summary.files_analyzed===5'
check "Go: --no-prefilter parses it" json_true goproj.nopf.json 'd.notifications.some(n=>n.path==="goproj/util/broken.go")'
finish
