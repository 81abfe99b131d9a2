#!/bin/bash
# --stdin-filename PATH: the text on standard input is linted as the contents
# of PATH (what editors' "lint the buffer" commands send), with the same
# project context as naming PATH on the command line; the file on disk is not
# read for it, every other file is.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
make_project proj
cd proj || exit 1
T() { "$TXLINT" --no-config -j 1 "$@"; }
# A route file with its own pool (needs no other file to be understood).
sed "s#^const { pool } = require('../db/pool');#const { Pool } = require('pg');\nconst pool = new Pool();#" \
  src/routes/users.js >src/routes/own.js
mv src/routes/own.js src/routes/users.js
# The same file with getUser releasing its client in finally.
fixed_users() {
  sed -e 's/^  const res = await client.query/  try {\n  const res = await client.query/' \
      -e 's/^  client.release();$/  } finally { client.release(); }/' -e '/^  return res.rows\[0\];$/d' \
      -e 's/if (res.rows.length === 0) return null;/if (res.rows.length === 0) return null;\n  return res.rows[0];/' src/routes/users.js
}

T -f json src/routes/users.js >named.json 2>/dev/null
T -f json --stdin-filename src/routes/users.js <src/routes/users.js >stdin.json 2>/dev/null
check "the file's own text on stdin: the same report as naming the file" cmp -s named.json stdin.json
check "… which has the leak" json_true stdin.json "d.findings.some(f=>f.rule==='acquire-without-release'&&f.path==='src/routes/users.js'&&f.line===4)"

fixed_users | T -f json --stdin-filename src/routes/users.js >fixed.json 2>/dev/null
check "a fixed buffer on stdin: no leak although the file on disk has one" json_true fixed.json \
  "!d.findings.some(f=>f.rule==='acquire-without-release')&&d.findings.length>0&&d.summary.files_analyzed===1"
fixed_users >buffer.js
fixed_users | T -f json --stdin-filename ./src/../src/routes/users.js >fixed2.json 2>/dev/null
check "PATH is matched by its real path (./src/../src/routes/users.js)" cmp -s fixed.json fixed2.json

printf 'export const add = (a, b) => a + b;\n' >src/clean.js
sed -n 1,9p src/routes/users.js | T --stdin-filename src/clean.js >leak.txt 2>/dev/null
check "a leaking buffer for a clean file on disk: exit 1" test $? = 1
check "… reported at PATH, lines of the buffer" grep -q '^src/clean.js:4:24: error: client acquired by pool.connect()' leak.txt
check "… with the buffer's line as the snippet" grep -q '^    const client = await pool.connect();' leak.txt

T -f sarif --stdin-filename src/routes/users.js <src/routes/users.js >stdin.sarif 2>/dev/null
check "sarif from stdin names PATH" json_true stdin.sarif \
  "d.runs[0].results.length>0&&d.runs[0].results.every(r=>r.locations[0].physicalLocation.artifactLocation.uri==='src/routes/users.js')"

expect_status 2 "--stdin-filename with a PATH too is a usage error" -- T --stdin-filename src/clean.js src
sed -n 1,9p src/routes/users.js | T --stdin-filename src/new.js >new.txt 2>/dev/null
check "a buffer for a file not yet on disk (an unsaved new file) is linted as PATH: exit 1" test $? = 1
check "… reported at PATH" grep -q '^src/new.js:4:24: error: client acquired by pool.connect()' new.txt
printf 'const pool = "\0";\nfunction f( {\n' | T --stdin-filename src/clean.js >bad.txt 2>bad.err
check "a broken buffer is reported as the file's parse error (exit 2)" test $? = 2
check "… on stderr, at PATH" grep -q '^src/clean.js:2:' bad.err

# Project context: src/routes/orders.ts takes its shared pool from
# src/db/pool.js. Naming the file must give the findings the directory run
# gives for it, and so must its text on stdin.
# Project context: a named file keeps its project's context (the pool that
# comes from db/pool.js), also when its text comes on stdin.
CONTEXT_CASE=run
T -f json src >dir.json 2>/dev/null
T -f json --stdin-filename src/routes/orders.ts <src/routes/orders.ts >ctx.json 2>/dev/null
if [ "$CONTEXT_CASE" = skip ]; then
  echo "SKIP project context on stdin: needs named files to keep their project context (issue 10 item 1, wt-ctx)"
  node -e 'process.exit(JSON.parse(require("fs").readFileSync("ctx.json","utf8")).findings.some(f=>f.rule==="transaction-on-pool")?0:1)' &&
    echo "     (transaction-on-pool is found now: the context case works; set CONTEXT_CASE=run)"
else
  check "project context: stdin gets the directory run's findings for the file" node -e '
const fs=require("fs");const r=f=>JSON.parse(fs.readFileSync(f,"utf8")).findings.filter(x=>x.path==="src/routes/orders.ts").map(x=>x.rule+":"+x.line);
const a=r("dir.json"),b=r("ctx.json");process.exit(a.length>0&&a.includes("transaction-on-pool:11")&&JSON.stringify(a)===JSON.stringify(b)?0:1)'
fi
finish
