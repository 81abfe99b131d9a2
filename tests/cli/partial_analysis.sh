#!/bin/bash
# A syntax error in one function (docs/cli.md, "Syntax errors"): the other
# functions of the file are still analysed and their findings reported; the
# function with the error is not analysed (error recovery garbles its CFG:
# each broken function here would otherwise be a false alarm); a caller of a
# broken wrapper sees no acquire; the run exits 2 with a parse-error
# notification, in JS, TS and Go.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p p/js p/ts p/go p/wrap

# The release in the finally clause is lost to error recovery.
cat >p/js/broken.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();

async function broken_ok(id) {
  const client = await pool.connect();
  const r = await client.query('SELECT 1 WHERE id = $1', [id]);
  if (r.rows.length === 0) {
    client.release();
    return null;
  }
  client.release();
  return r.rows[0] +;
}

async function leak_bad() {
  const client = await pool.connect();
  await client.query('SELECT 2');
}
module.exports = { broken_ok, leak_bad };
JS

# `as` without a type: the release after it is kept, but the function is broken.
cat >p/ts/broken.ts <<'TS'
import { Pool } from 'pg';
const pool = new Pool();

export async function broken_ok(id: number) {
  const client = await pool.connect();
  const r = await client.query('SELECT 1', [id]) as ;
  client.release();
  return r;
}

export async function leak_bad() {
  const client = await pool.connect();
  await client.query('SELECT 2');
}
TS

cat >p/go/store.go <<'GO'
package store

import "database/sql"

func brokenOK(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer rows.Close(
	return nil
}

func leakBad(db *sql.DB) error {
	rows, err := db.Query("SELECT 2")
	if err != nil {
		return err
	}
	_ = rows.Err()
	return nil
}
GO

# A wrapper with a syntax error is no acquire for the callers in other files.
cat >p/wrap/db.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
async function getClient() {
  const client = await pool.connect();
  client.on('error', () => {) ;
  return client;
}
module.exports = { getClient };
JS
cat >p/wrap/use.js <<'JS'
const { getClient } = require('./db');
async function use_ok() {
  const client = await getClient();
  await client.query('SELECT 1');
}
module.exports = { use_ok };
JS

"$TXLINT" --no-config --format json p >out.json 2>err.txt
status=$?
check "exit status 2: some file has a syntax error" test "$status" = 2
json_get out.json 'd.findings.map(f=>f.path+":"+f.line+" "+f.function).join("\n")' >found.txt
json_get out.json 'd.notifications.map(n=>n.kind+"@"+n.path+":"+n.line).join("\n")' >notes.txt
sed 's/^/     | /' found.txt notes.txt
check "js: the leak next to the broken function is reported" grep -qx "p/js/broken.js:16 leak_bad" found.txt
check "ts: the leak next to the broken function is reported" grep -qx "p/ts/broken.ts:12 leak_bad" found.txt
check "go: the leak next to the broken function is reported" grep -qx "p/go/store.go:15 leakBad" found.txt
check "nothing is reported inside a broken function" bash -c "! grep -q -e broken_ok -e brokenOK -e getClient found.txt"
check "a caller of a broken wrapper gets no finding" bash -c "! grep -q use_ok found.txt"
check "exactly the three leaks are reported" test "$(wc -l <found.txt)" = 3
for f in p/js/broken.js:12 p/ts/broken.ts:6 p/go/store.go:10 p/wrap/db.js:5; do
  check "parse-error notification at $f" grep -qx "parse-error@$f" notes.txt
done
check "the summary says the run was incomplete" json_true out.json 'd.summary.complete===false'
check "stderr names the syntax error" grep -q "p/ts/broken.ts:6:.*syntax error" err.txt

"$TXLINT" --no-config --format sarif -o out.sarif p 2>/dev/null
check "sarif: exit status 2 too" test $? = 2
check "sarif: executionSuccessful is false" json_true out.sarif 'd.runs[0].invocations[0].executionSuccessful===false'
check "sarif: three results" json_true out.sarif 'd.runs[0].results.length===3'
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "the SARIF passes validate-sarif --strict" "$VALIDATE" --strict out.sarif
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi
finish
