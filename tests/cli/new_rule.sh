#!/bin/bash
# scripts/new-rule end to end: in a copy of the sources, scaffold a rule, then
# configure and build there and check that the result is a working rule:
# test_rules passes (registry valid, docs/rules page matches the doc comment),
# txlint --list-rules shows it, and the fixture runner passes on the new
# fixture directory. Also the refusals (bad ids, existing rules) and
# --dry-run writing nothing. The build reuses grammars/node_modules through a
# symlink and builds only txlint, test_rules and run_fixtures, at -O0.
source "$(dirname "$0")/lib/common.bash" "$@"
SRC=$WORK/src
BLD=$WORK/build
ID=stale-savepoint-probe
SYM=stale_savepoint_probe

# Section - The copy: tracked and new (not ignored) files, no build dirs.
mkdir "$SRC"
if git -C "$SRCDIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$SRCDIR" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -xf - -C "$SRC"
else # a source tarball: everything but build output and node_modules
  (cd "$SRCDIR" && tar --exclude='./build*' --exclude=node_modules --exclude=./bench/corpus --exclude=./bench/work -cf - .) | tar -xf - -C "$SRC"
fi
ln -s "$SRCDIR/grammars/node_modules" "$SRC/grammars/node_modules"
NEW_RULE=$SRC/scripts/new-rule
check "the copy has scripts/new-rule and rules.def" test -x "$NEW_RULE" -a -f "$SRC/src/rules/rules.def"

# Section - Refusals and --dry-run (nothing may change).
snapshot() { (cd "$SRC" && find src docs fixtures -type f | sort | xargs md5sum); }
snapshot >"$WORK/before"
for bad in Stale-Savepoint stale--savepoint -stale stale- 9lives 'stale savepoint' no-stale-savepoint \
  transaction-on-pool; do
  expect_status 1 "refuses id '$bad'" -- "$NEW_RULE" -- "$bad"
done
expect_status 2 "no id is a usage error" -- "$NEW_RULE"
expect_status 2 "an option-like id is a usage error" -- "$NEW_RULE" -stale
expect_status 2 "an unknown option is a usage error" -- "$NEW_RULE" --frobnicate "$ID"
expect_status 1 "refuses --lang rust (no front end)" -- "$NEW_RULE" --lang rust "$ID"
check "  ... and says why" grep -q "not one of" "$WORK/err"
expect_status 1 "refuses a summary ending with a period" -- "$NEW_RULE" --summary "ends here." "$ID"
expect_status 1 "refuses a summary that would end the C comment" -- "$NEW_RULE" --summary "a */ b" "$ID"
expect_status 0 "--dry-run" -- "$NEW_RULE" --dry-run "$ID"
check "  ... names the rule file" grep -q "src/rules/$SYM.c" "$WORK/out"
check "  ... shows the rules.def line in place" grep -q "^+ RULE($SYM, \"$ID\")" "$WORK/out"
snapshot >"$WORK/after"
check "refusals and --dry-run wrote nothing" cmp -s "$WORK/before" "$WORK/after"

# Section - The scaffold.
expect_status 0 "new-rule $ID" -- "$NEW_RULE" --summary "a savepoint is opened and never released" "$ID"
for f in "src/rules/$SYM.c" "docs/rules/$ID.md" "fixtures/$ID/js/basic.js" "fixtures/$ID/go/basic.go" \
  "fixtures/$ID/c/basic.c" "fixtures/$ID/c/compile_commands.json"; do
  check "  ... created $f" test -s "$SRC/$f"
  check "  ... and says so" grep -q "created  $f" "$WORK/out"
done
check "  ... prints next steps" grep -q "Next steps" "$WORK/out"
check "rules.def is still sorted, with the line once" bash -c "
  grep '^RULE(' '$SRC/src/rules/rules.def' | LC_ALL=C sort -c -t'\"' -k2,2 &&
  [ \$(grep -c '^RULE($SYM, \"$ID\")\$' '$SRC/src/rules/rules.def') = 1 ]"
check "every doc heading has TODO text" bash -c "
  [ \$(grep -c '^\*\* ## ' '$SRC/src/rules/$SYM.c') = 7 ] &&
  [ \$(grep -c '^\*\* TODO' '$SRC/src/rules/$SYM.c') = 7 ]"
check "the rule is experimental" grep -q "MATURITY_EXPERIMENTAL" "$SRC/src/rules/$SYM.c"
check "fixtures use want-todo:, not want:" bash -c "
  grep -q 'want-todo: $ID' '$SRC/fixtures/$ID/js/basic.js' &&
  ! grep -q '// want: ' '$SRC/fixtures/$ID/js/basic.js' '$SRC/fixtures/$ID/go/basic.go'"
expect_status 1 "a second new-rule $ID is refused" -- "$NEW_RULE" "$ID"

# Section - Build and run. -O0 without debug info keeps this to about a
# minute on two cores.
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
# -Werror is off so that a warning elsewhere in the tree is not blamed on the
# scaffold; the scaffold's own files must compile without any warning.
if cmake -S "$SRC" -B "$BLD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O0 \
    -DTXLINT_WERROR=OFF >"$WORK/cmake.log" 2>&1; then pass "configure"; else
  fail "configure"; tail -20 "$WORK/cmake.log"; finish; exit; fi
if cmake --build "$BLD" -j 2 --target txlint test_rules run_fixtures >"$WORK/build.log" 2>&1; then
  pass "build txlint, test_rules, run_fixtures"; else
  fail "build"; grep -E -A3 'error|warning' "$WORK/build.log" | head -30; finish; exit; fi
check "  ... $SYM.c and rule_docs.c compile without warnings" \
  bash -c "! grep -E '($SYM|rule_docs)\\.c:[0-9]+:[0-9]+: warning' '$WORK/build.log'"

if (cd "$SRC" && "$BLD/tests/test_rules") >"$WORK/out" 2>&1; then pass "test_rules"; else
  fail "test_rules"; sed 's/^/     | /' "$WORK/out" | head -20; fi
expect_status 0 "txlint --list-rules" -- "$BLD/txlint" --list-rules
check "  ... lists $ID as experimental" grep -Eq "^$ID .*\(experimental\)" "$WORK/out"
expect_status 0 "txlint --explain $ID" -- "$BLD/txlint" --explain "$ID"
check "  ... prints the doc comment" grep -q "How it decides" "$WORK/out"
known=$(find "$SRC/fixtures" -mindepth 1 -maxdepth 1 -type d ! -name demo -printf "%f\n" | sort | paste -sd,)
expect_status 0 "run_fixtures fixtures/$ID" -- \
  bash -c "cd '$SRC' && '$BLD/tests/run_fixtures' --known-rules '$known' '$BLD/txlint' 'fixtures/$ID'"
check "  ... checked both files' annotations" grep -Eq '^fixtures: [1-9][0-9]* passed, 0 failed' "$WORK/out"

# The runner really checks the stub: the want-todo fails once the line is
# reported. Simulate that with a want: (the rule reports nothing, so it is missed).
sed -i 's|// want-todo: '"$ID"' .*|// want: '"$ID"'|' "$SRC/fixtures/$ID/js/basic.js"
expect_status 1 "run_fixtures fails on a want: the rule does not report" -- \
  bash -c "cd '$SRC' && '$BLD/tests/run_fixtures' --known-rules '$known' '$BLD/txlint' 'fixtures/$ID'"
finish
