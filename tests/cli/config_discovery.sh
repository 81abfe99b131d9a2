#!/bin/bash
# Configuration found the way ESLint and ruff find theirs: each analysed path
# uses the nearest .txlint.json at or above its directory (not the working
# directory's), stopping at the repository top; --config FILE for every path;
# failOn per configuration; baseline paths relative to the baseline file's
# own directory, so a baseline matches from any working directory.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p repo/.git
printf '{"not-a-key": 1}\n' >"$WORK/.txlint.json" # above the repository: never read
for sub in a b c; do make_project "repo/$sub"; done
printf '{ "rules": { "acquire-without-release": "off" } }\n' >repo/a/.txlint.json
printf '{ "rules": { "acquire-without-release": "note" }, "failOn": "error" }\n' >repo/b/.txlint.json
# c has none: the defaults (the invalid file above the repository is not read).

# rule_in FILE DIR RULE: findings of RULE under DIR/ (levels joined).
levels_in() { json_get "$1" "d.findings.filter(f=>f.path.startsWith('$2/')&&f.rule==='$3').map(f=>f.level).join(' ')"; }

cd "$WORK/repo" || exit 1
expect_status 1 "one run over two subprojects with their own configurations" -- "$TXLINT" -f json a b c
cp "$WORK/out" "$WORK/abc.json"
check "  ... a's file turns the rule off in a" test -z "$(levels_in "$WORK/abc.json" a acquire-without-release)"
check "  ... b's file makes it a note in b" bash -c "[[ '$(levels_in "$WORK/abc.json" b acquire-without-release)' =~ ^note( note)*$ ]]"
check "  ... c has the defaults (errors)" bash -c "[[ '$(levels_in "$WORK/abc.json" c acquire-without-release)' =~ ^error( error)*$ ]]"
check "  ... the other rules run in a" json_true "$WORK/abc.json" 'd.findings.some(f=>f.path.startsWith("a/"))'
cd "$WORK" || exit 1
"$TXLINT" -f json repo/a/src >"$WORK/froma.json" 2>/dev/null
check "the configuration of the path, not of the working directory" \
  test -z "$(levels_in "$WORK/froma.json" repo/a acquire-without-release)"
check "  ... (the file above the repository is not read)" json_true "$WORK/froma.json" 'd.findings.length>0'
expect_status 0 "--print-config PATH shows that path's configuration" -- "$TXLINT" --print-config repo/b/src
check "  ... b's file" json_true "$WORK/out" "d.file==='$WORK/repo/b/.txlint.json'&&d.config.failOn==='error'"

# failOn is each file's own: b's findings that are warnings do not fail, c's errors do.
cd "$WORK/repo" || exit 1
rm a/.txlint.json
printf '{ "rules": { "acquire-without-release": "warning", "transaction-on-pool": "warning", "begin-without-rollback": "warning" }, "failOn": "error" }\n' >b/.txlint.json
expect_status 0 "b's failOn error: its warnings do not fail the run" -- "$TXLINT" b
expect_status 1 "  ... but c's errors still do in the same run" -- "$TXLINT" b c
expect_status 1 "  ... and --fail-on warning overrides every file's failOn" -- "$TXLINT" --fail-on warning b

# --config FILE: one file for every path, wherever it lives.
printf '{ "rules": { "acquire-without-release": "off" } }\n' >"$WORK/one.json"
"$TXLINT" --config "$WORK/one.json" -f json b c >"$WORK/one.out.json" 2>/dev/null
check "--config FILE applies to every path (the subprojects' files are not read)" \
  json_true "$WORK/one.out.json" 'd.findings.length>0&&!d.findings.some(f=>f.rule==="acquire-without-release")'

# Baselines: paths relative to the baseline's directory.
rm -f b/.txlint.json
"$TXLINT" --write-baseline c/base.json c >/dev/null 2>&1
check "the baseline's paths are relative to its own directory" \
  json_true c/base.json 'd.entries.length>0&&d.entries.every(e=>e.path.startsWith("src/"))'
expect_status 0 "it matches from the directory above" -- "$TXLINT" --baseline c/base.json c
expect_status 0 "  ... from its own directory" -- bash -c "cd c && '$TXLINT' --baseline base.json ."
expect_status 0 "  ... and from a subdirectory" -- bash -c "cd c/src && '$TXLINT' --baseline ../base.json ."
expect_status 0 "  ... and from outside the repository" -- bash -c "cd '$WORK' && '$TXLINT' --baseline repo/c/base.json repo/c"
echo '// a new leak' >>c/src/db/pool.js
cat >>c/src/db/pool.js <<'JS'
async function leak() {
  const cl = await pool.connect();
  return cl.query('SELECT 1');
}
module.exports.leak = leak;
JS
expect_status 1 "a new finding still fails, whatever the working directory" -- \
  bash -c "cd c/src && '$TXLINT' --baseline ../base.json ."
finish
