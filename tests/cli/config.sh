#!/bin/bash
# .txlint.json: discovery upwards (stopping at the repository top), --config,
# --no-config, --print-config, rule levels and "off" (and their effect on the
# exit status), failOn, ignore patterns, wrapper models, and configuration
# errors (exit 2 naming the file and the key).
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
make_project repo
mkdir repo/.git # the repository top: discovery stops here
# A configuration above the repository must never be read (it is invalid, so
# reading it would fail every run below).
printf '{"not-a-key": 1}\n' >"$WORK/.txlint.json"

# count_rule FILE RULE: findings of RULE in a json report.
count_rule() { json_get "$1" "d.findings.filter(f=>f.rule==='$2').length"; }

cd "$WORK/repo" || exit 1
expect_status 0 "--print-config without a configuration file" -- "$TXLINT" --print-config
check "  ... file is null (the one above .git is not read)" json_true "$WORK/out" 'd.file===null'
check "  ... lists every rule at its default level" \
  json_true "$WORK/out" 'd.config.rules["acquire-without-release"]==="error" && d.config.failOn==="warning"'
"$TXLINT" -f json . >"$WORK/base.json" 2>/dev/null
base_total=$(json_get "$WORK/base.json" 'd.findings.length')
base_pool=$(count_rule "$WORK/base.json" transaction-on-pool)
check "the sample project has findings of several rules ($base_total, $base_pool on a pool)" \
  test "$base_total" -gt "$base_pool" -a "$base_pool" -gt 0

# Rules off and levels, found from a subdirectory.
cat >.txlint.json <<'JSON'
{
  "rules": { "transaction-on-pool": "off", "begin-without-rollback": "note" }
}
JSON
cd src/routes || exit 1
expect_status 0 "--print-config from a subdirectory" -- "$TXLINT" --print-config
check "  ... names the file found upwards" json_true "$WORK/out" "d.file==='$WORK/repo/.txlint.json'"
check "  ... shows the effective settings" \
  json_true "$WORK/out" 'd.config.rules["transaction-on-pool"]==="off" && d.config.rules["begin-without-rollback"]==="note"'
"$TXLINT" -f json ../.. >"$WORK/sub.json" 2>/dev/null
check "an \"off\" rule does not run" test "$(count_rule "$WORK/sub.json" transaction-on-pool)" = 0
check "a level setting changes the findings' level" \
  json_true "$WORK/sub.json" 'd.findings.filter(f=>f.rule==="begin-without-rollback").every(f=>f.level==="note") && d.findings.some(f=>f.rule==="begin-without-rollback")'
cd "$WORK/repo" || exit 1

cat >.txlint.json <<'JSON'
{ "rules": { "acquire-without-release": "note", "begin-without-rollback": "note", "transaction-on-pool": "note" } }
JSON
expect_status 0 "every rule at note: findings no longer fail the run (--fail-on warning)" -- "$TXLINT" .
check "  ... but they are still reported" grep -q "note: .*\[acquire-without-release\]" "$WORK/out"
expect_status 1 "  ... --fail-on note on the command line overrides" -- "$TXLINT" --fail-on note .
cat >.txlint.json <<'JSON'
{ "rules": { "acquire-without-release": "note", "begin-without-rollback": "note", "transaction-on-pool": "note" },
  "failOn": "note" }
JSON
expect_status 1 "failOn note in the file" -- "$TXLINT" .
expect_status 0 "  ... --fail-on error on the command line wins" -- "$TXLINT" --fail-on error .
expect_status 0 "--print-config shows the command line's failOn" -- "$TXLINT" --fail-on error --print-config
check "  ... failOn error" json_true "$WORK/out" 'd.config.failOn==="error"'
expect_status 1 "--no-config ignores the file" -- "$TXLINT" --no-config --fail-on warning .
check "  ... findings are errors again" grep -q "error: .*\[acquire-without-release\]" "$WORK/out"
expect_status 0 "--rule on the command line selects exactly that rule" -- "$TXLINT" --rule transaction-on-pool --print-config
check "  ... the others show as off" \
  json_true "$WORK/out" 'd.config.rules["acquire-without-release"]==="off" && d.config.rules["transaction-on-pool"]==="note"'

# --config FILE (relative to the working directory), wherever it lives.
mkdir -p "$WORK/elsewhere"
printf '{"rules": {"acquire-without-release": "off", "begin-without-rollback": "off"}}\n' >"$WORK/elsewhere/tx.json"
"$TXLINT" --config "$WORK/elsewhere/tx.json" -f json . >"$WORK/c.json" 2>/dev/null
check "--config FILE is used instead of the discovered file" \
  json_true "$WORK/c.json" "d.findings.length===$base_pool && d.findings.every(f=>f.rule==='transaction-on-pool' && f.level==='error')"
expect_status 2 "--config and --no-config together" -- "$TXLINT" --config "$WORK/elsewhere/tx.json" --no-config .
expect_status 2 "--config naming a missing file" -- "$TXLINT" --config nope.json .
check "  ... says which" grep -q "nope.json" "$WORK/err"

# Ignore patterns: relative to the configuration file, gitignore-style.
cat >.txlint.json <<'JSON'
{ "ignore": ["src/routes/*", "!src/routes/orders.ts"] }
JSON
"$TXLINT" -f json . >"$WORK/ig.json" 2>/dev/null
check "an ignore glob skips matching files" \
  json_true "$WORK/ig.json" 'd.findings.length>0 && d.findings.every(f=>f.path!=="src/routes/users.js")'
check "  ... and keeps the others" json_true "$WORK/ig.json" 'd.findings.some(f=>f.path==="src/routes/orders.ts")'
cd src || exit 1
"$TXLINT" -f json . >"$WORK/ig2.json" 2>/dev/null
check "  ... patterns stay relative to the file when run from a subdirectory" \
  json_true "$WORK/ig2.json" 'd.findings.length>0 && d.findings.every(f=>f.path!=="routes/users.js")'
expect_status 0 "an explicitly named ignored file is skipped (pre-commit)" -- "$TXLINT" routes/users.js
check "  ... with a warning" grep -q "ignored by the configuration" "$WORK/err"
cd "$WORK/repo" || exit 1
printf '{ "ignore": ["/src/routes/"] }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/ig3.json" 2>/dev/null
check "an anchored directory pattern skips the directory" \
  json_true "$WORK/ig3.json" 'd.findings.every(f=>!f.path.startsWith("src/routes/"))'

# A model for the project's own wrapper package makes leaks through getDb() visible.
mkdir -p tools src/jobs
cat >src/jobs/report.js <<'JS'
const acme = require('@acme/db');
async function monthly(id) {
  const db = await acme.getDb();
  const r = await db.query('SELECT * FROM sales WHERE id = $1', [id]);
  if (r.rows.length === 0) return null;
  db.release();
  return r.rows[0];
}
async function daily(id) {
  const db = await acme.getDb();
  try {
    return await db.query('SELECT * FROM sales WHERE id = $1', [id]);
  } finally {
    db.release();
  }
}
module.exports = { monthly, daily };
JS
cat >tools/acme-db.json <<'JSON'
{
  "library": "acme-db",
  "language": "js",
  "doc": "Our internal wrapper around pg: getDb() hands out a pooled client.",
  "modules": [{ "specifier": "@acme/db", "doc": "const acme = require('@acme/db')" }],
  "calls": [
    { "receiver": "module", "method": "getDb", "effect": "acquire", "result": "client", "failure": "throws",
      "doc": "getDb(): Promise<PoolClient>; the client goes back with release()" },
    { "receiver": "client", "method": "release", "effect": "release",
      "doc": "client.release(): void; returns the client to the pool" },
    { "receiver": "client", "method": "query", "effect": "query", "sql_arg": 0,
      "doc": "client.query(sql: string, params?: unknown[]): Promise<Result>" }
  ]
}
JSON
printf '{}\n' >.txlint.json
"$TXLINT" -f json src/jobs >"$WORK/m0.json" 2>/dev/null
check "without the wrapper model getDb() is unknown" json_true "$WORK/m0.json" 'd.findings.length===0'
printf '{ "models": ["tools/acme-db.json"] }\n' >.txlint.json
cd src || exit 1
"$TXLINT" -f json jobs >"$WORK/m1.json" 2>/dev/null
check "with it, the leak through getDb() is found (model path relative to the config file)" \
  json_true "$WORK/m1.json" 'd.findings.length===1 && d.findings[0].line===3 && d.findings[0].function==="monthly"'
cd "$WORK/repo" || exit 1
printf '{ "models": ["tools/missing.json"] }\n' >.txlint.json
expect_status 2 "a missing model file" -- "$TXLINT" src/jobs
check "  ... names the configuration and the entry" grep -q "\.txlint\.json: models\[0\]" "$WORK/err"
printf '{"library": "x", "language": "js", "doc": "d", "calls": [{"receiver": "pool", "method": "m", "effect": "relase", "doc": "d"}]}\n' \
  >tools/bad.json
printf '{ "models": ["tools/bad.json"] }\n' >.txlint.json
expect_status 2 "a malformed model file" -- "$TXLINT" src/jobs
check "  ... names the model file" grep -q "bad.json" "$WORK/err"

# Findings in test files: notes by default, "tests.level" and "tests.paths".
mkdir -p spec checks
cp src/routes/users.js spec/users.js
cp src/routes/users.js checks/users.js
sed -i "s#'../db/pool'#'../src/db/pool'#" spec/users.js checks/users.js
rm -f .txlint.json
"$TXLINT" --no-config -f json . >"$WORK/tests.json" 2>/dev/null
check "a finding in a test directory is a note by default" \
  json_true "$WORK/tests.json" 'd.findings.some(f=>f.path==="spec/users.js") && d.findings.filter(f=>f.path==="spec/users.js").every(f=>f.level==="note") && d.findings.filter(f=>f.path==="checks/users.js").every(f=>f.level==="error")'
rm -r spec
# A test runner's setup file is test code; a file that only starts with "setup" is not.
cp checks/users.js checks/test-setup.js
cp checks/users.js checks/setup-db.js
"$TXLINT" --no-config -f json . >"$WORK/tests.json" 2>/dev/null
check "a test runner's setup file is a test file, setup-db.js is not" \
  json_true "$WORK/tests.json" 'd.findings.some(f=>f.path==="checks/test-setup.js") && d.findings.filter(f=>f.path==="checks/test-setup.js").every(f=>f.level==="note") && d.findings.some(f=>f.path==="checks/setup-db.js"&&f.level==="error")'
rm checks/test-setup.js checks/setup-db.js
expect_status 1 "  ... (without them the same run fails)" -- "$TXLINT" --no-config .
printf '{ "tests": { "paths": ["checks/*.js"] } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/tests.json" 2>/dev/null
check "tests.paths adds test files" json_true "$WORK/tests.json" 'd.findings.filter(f=>f.path==="checks/users.js").every(f=>f.level==="note")'
printf '{ "tests": { "paths": ["checks/*.js"], "level": "lower" } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/tests.json" 2>/dev/null
check "tests.level lower: one level below the rule's" json_true "$WORK/tests.json" 'd.findings.filter(f=>f.path==="checks/users.js").every(f=>f.level==="warning")'
printf '{ "tests": { "paths": ["checks/*.js"], "level": "off" } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/tests.json" 2>/dev/null
check "tests.level off: not reported" json_true "$WORK/tests.json" '!d.findings.some(f=>f.path==="checks/users.js")'
printf '{ "tests": { "paths": ["checks/*.js"], "level": "same" } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/tests.json" 2>/dev/null
check "tests.level same: as anywhere else" json_true "$WORK/tests.json" 'd.findings.filter(f=>f.path==="checks/users.js").every(f=>f.level==="error") && d.findings.some(f=>f.path==="checks/users.js")'
# A Go test-support package (a directory named *test or test*, whose file
# imports "testing") is test code; the same code elsewhere, or without the
# import, is not.
rm -f .txlint.json
mkdir -p gotest/internal/dbtest gotest/internal/store gotest/internal/latest
printf 'module example.com/gotest\n\ngo 1.21\n' >gotest/go.mod
for d in dbtest store latest; do
  imp='"testing"'; arg='tb testing.TB, '; [ "$d" = latest ] && imp='' arg=''
  cat >"gotest/internal/$d/users.go" <<GO
package $d

import (
	"database/sql"
	$imp
)

func LoadUsers(${arg}db *sql.DB) error {
	rows, err := db.Query("SELECT id FROM users")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
	}
	return rows.Close()
}
GO
done

"$TXLINT" --no-config -f json gotest >"$WORK/gotest.json" 2>/dev/null
check "a Go test-support package's findings are test notes; a store that imports testing and latest/ are not" \
  json_true "$WORK/gotest.json" 'const l=p=>d.findings.filter(f=>f.path===p).map(f=>f.level).join(); l("gotest/internal/dbtest/users.go")==="note" && l("gotest/internal/store/users.go")==="error" && l("gotest/internal/latest/users.go")==="error"'
printf '{ "tests": { "paths": ["checks/*.js"], "level": "same" } }\n' >.txlint.json
expect_status 0 "--print-config shows the tests setting" -- "$TXLINT" --print-config
check "  ... level and paths" json_true "$WORK/out" 'd.config.tests.level==="same" && d.config.tests.paths[0]==="checks/*.js"'
printf '{ "tests": { "level": "sometimes" } }\n' >.txlint.json
expect_status 2 "an unknown tests.level" -- "$TXLINT" .
check "  ... names the key" grep -q "tests.level" "$WORK/err"
rm -r checks .txlint.json

# Findings in scripts, CLI tools, migrations and seeds: notes by default too,
# "scripts.level" and "scripts.paths".
mkdir -p scripts jobs
cp src/routes/users.js scripts/users.js
cp src/routes/users.js jobs/users.js
sed -i "s#'../db/pool'#'../src/db/pool'#" scripts/users.js jobs/users.js
"$TXLINT" --no-config -f json . >"$WORK/scripts.json" 2>/dev/null
check "a finding in a scripts directory is a note by default" \
  json_true "$WORK/scripts.json" 'd.findings.some(f=>f.path==="scripts/users.js") && d.findings.filter(f=>f.path==="scripts/users.js").every(f=>f.level==="note") && d.findings.filter(f=>f.path==="jobs/users.js").every(f=>f.level==="error")'
printf '{ "scripts": { "paths": ["jobs/*.js"], "level": "off" } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/scripts.json" 2>/dev/null
check "scripts.paths and scripts.level off" json_true "$WORK/scripts.json" '!d.findings.some(f=>f.path==="jobs/users.js"||f.path==="scripts/users.js")'
printf '{ "scripts": { "level": "same" } }\n' >.txlint.json
"$TXLINT" -f json . >"$WORK/scripts.json" 2>/dev/null
check "scripts.level same: as anywhere else" json_true "$WORK/scripts.json" 'd.findings.filter(f=>f.path==="scripts/users.js").every(f=>f.level==="error") && d.findings.some(f=>f.path==="scripts/users.js")'
expect_status 0 "--print-config shows the scripts setting" -- "$TXLINT" --print-config
check "  ... its level" json_true "$WORK/out" 'd.config.scripts.level==="same"'
rm -r scripts jobs .txlint.json

# Configuration errors: exit 2, the message names the file and the key.
printf '{ "rules": {}, "exclude": ["x"] }\n' >.txlint.json
expect_status 2 "an unknown key" -- "$TXLINT" .
check "  ... names the file and the key" grep -q "$WORK/repo/.txlint.json: exclude: unknown key" "$WORK/err"
expect_status 2 "  ... also for --print-config" -- "$TXLINT" --print-config
printf '{ "rules": { "acquire-without-relase": "off" } }\n' >.txlint.json
expect_status 2 "an unknown rule id" -- "$TXLINT" .
check "  ... names it" grep -q "rules.acquire-without-relase: unknown rule id" "$WORK/err"
printf '{ "rules": { "acquire-without-release": "fatal" } }\n' >.txlint.json
expect_status 2 "an unknown level" -- "$TXLINT" .
printf '{ "failOn": "off" }\n' >.txlint.json
expect_status 2 "failOn off" -- "$TXLINT" .
printf '{ "rules": {\n  "acquire-without-release": "off",\n}\n' >.txlint.json
expect_status 2 "invalid JSON" -- "$TXLINT" .
check "  ... names the file and line" grep -q ".txlint.json:3: not valid JSON" "$WORK/err"
expect_status 0 "--no-config skips even a broken file" -- "$TXLINT" --no-config --exit-zero .
finish
