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
finish
