#!/bin/bash
# Files named on the command line keep their project context (docs/cli.md,
# "Named files"): a pre-commit hook passes only the staged files, and each
# gets the findings the directory run gives it. JS: the pool comes from a
# module the named file imports (also when .gitignore lists that module, and
# in a directory run). Go: the struct's field types are in a sibling file of
# the package. C: the wrapper is defined in another file of the compile
# database. Only named files are reported; --no-context is the old behaviour.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1

# paths_of FILE: the findings' "path:line rule" lines.
findings_of() { json_get "$1" 'd.findings.map(f=>f.path+":"+f.line+" "+f.rule).sort().join("\n")'; }

# --- JS: users.js is staged, its pool is in the committed db.js.
mkdir -p js/.git js/lib
echo '{"name": "shop"}' >js/package.json
cat >js/lib/db.js <<'EOF'
const { Pool } = require('pg');
const pool = new Pool();
module.exports = { pool };
EOF
cat >js/lib/users.js <<'EOF'
const { pool } = require('./db');
async function getUser(id) {
  const client = await pool.connect();
  const res = await client.query('SELECT * FROM users WHERE id = $1', [id]);
  if (res.rows.length === 0) return null;
  client.release();
  return res.rows[0];
}
module.exports = { getUser };
EOF
# Another file with its own leak: in the directory run, not in the hook's.
cat >js/lib/orders.js <<'EOF'
const { pool } = require('./db');
async function count() {
  const c = await pool.connect();
  const r = await c.query('SELECT count(*) FROM orders');
  return r.rows[0];
}
module.exports = { count };
EOF
cd js || exit 1
"$TXLINT" --no-config -f json . >"$WORK/dir.json" 2>/dev/null
expect_status 1 "a staged users.js whose pool comes from db.js: the leak is reported" -- \
  "$TXLINT" --no-config -f json lib/users.js
cp "$WORK/out" "$WORK/named.json"
check "  ... the same findings for users.js as the directory run" \
  test "$(findings_of "$WORK/named.json")" = "$(findings_of "$WORK/dir.json" | grep '^lib/users.js:')"
check "  ... and nothing about the files it was given as context" \
  json_true "$WORK/named.json" 'd.findings.every(f=>f.path==="lib/users.js")&&d.notifications.length===0'
check "  ... the summary counts the context (db.js, and orders.js of the same program for per-file-pool)" \
  json_true "$WORK/named.json" 'd.summary.files_analyzed===1&&d.summary.files_context===2&&d.summary.files_discovered===1'
expect_status 0 "--no-context analyses the named file alone (the pool is unknown: no finding)" -- \
  "$TXLINT" --no-config --no-context lib/users.js
(cd lib && "$TXLINT" --no-config -f json users.js >"$WORK/fromlib.json" 2>/dev/null)
check "from a subdirectory: the same finding, with the path as given" \
  json_true "$WORK/fromlib.json" 'd.findings.length===1&&d.findings[0].path==="users.js"&&d.findings[0].line===3'
expect_status 0 "a clean named file next to leaking ones passes" -- "$TXLINT" --no-config lib/db.js
check "  ... and reports nothing" bash -c "! grep -q 'acquire-without-release' '$WORK/out'"

# The module exporting the pool is committed but .gitignore lists it.
mkdir -p config
mv lib/db.js config/database.js
sed -i "s#require('./db')#require('../config/database')#" lib/users.js lib/orders.js
printf 'config/database.js\n' >.gitignore
"$TXLINT" --no-config -f json . >"$WORK/ign.json" 2>/dev/null
check "directory run: a gitignored module a file imports is read as context (both leaks found)" \
  json_true "$WORK/ign.json" 'd.findings.filter(f=>f.rule==="acquire-without-release").length===2'
check "  ... it is never reported, and still counted as ignored" \
  json_true "$WORK/ign.json" '!d.findings.some(f=>f.path.startsWith("config/"))&&d.notifications.some(n=>n.kind==="skipped-files"&&n.message.includes("config/database.js"))'
expect_status 1 "named users.js importing the gitignored module: the leak is reported" -- \
  "$TXLINT" --no-config lib/users.js
check "  ... at users.js:3" grep -q '^lib/users.js:3:.*\[acquire-without-release\]' "$WORK/out"

# A second pool for the same database in a module the named file does not
# import (per-file-pool compares the pools of the whole program).
mkdir -p jobs
cat >lib/pool.js <<'EOF'
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
module.exports = { pool };
EOF
cat >jobs/reports.js <<'EOF'
const { Pool } = require('pg');
const reportsPool = new Pool({ connectionString: process.env.DATABASE_URL });
async function monthly() {
  const r = await reportsPool.query('SELECT count(*) FROM orders');
  return r.rows[0];
}
module.exports = { monthly };
EOF
"$TXLINT" --no-config -f json . >"$WORK/pp.json" 2>/dev/null
check "directory run: the duplicated pool in jobs/reports.js" json_true "$WORK/pp.json" \
  'd.findings.some(f=>f.path==="jobs/reports.js"&&f.rule==="per-file-pool")'
"$TXLINT" --no-config -f json jobs/reports.js >"$WORK/ppn.json" 2>/dev/null
check "  ... also when only jobs/reports.js is named" \
  test "$(findings_of "$WORK/ppn.json")" = "$(findings_of "$WORK/pp.json" | grep '^jobs/reports.js:')"
check "  ... (it is there)" json_true "$WORK/ppn.json" 'd.findings.some(f=>f.rule==="per-file-pool")'
cd "$WORK" || exit 1

# --- Go: the struct's field types live in a sibling file of the package.
mkdir -p go/.git go/store
printf 'module example.com/shop\n\ngo 1.21\n' >go/go.mod
cat >go/store/store.go <<'EOF'
package store

import "database/sql"

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }
EOF
cat >go/store/members.go <<'EOF'
package store

func (s *Store) FirstName(teamID int64) (string, error) {
	rows, err := s.db.Query("SELECT name FROM members WHERE team_id = $1", teamID)
	if err != nil {
		return "", err
	}
	if !rows.Next() {
		return "", nil
	}
	var name string
	err = rows.Scan(&name)
	return name, err
}
EOF
cd go || exit 1
"$TXLINT" --no-config -f json . >"$WORK/godir.json" 2>/dev/null
expect_status 1 "a Go file whose struct field types are in a sibling file: the leak is reported" -- \
  "$TXLINT" --no-config -f json store/members.go
cp "$WORK/out" "$WORK/goname.json"
check "  ... the same findings as the directory run" \
  test "$(findings_of "$WORK/goname.json")" = "$(findings_of "$WORK/godir.json")"
check "  ... in members.go" json_true "$WORK/goname.json" 'd.findings.length===1&&d.findings[0].path==="store/members.go"'
expect_status 0 "the sibling named alone: nothing to report" -- "$TXLINT" --no-config store/store.go
cd "$WORK" || exit 1

# --- C: the wrapper the named file calls is defined in another file of its compile database.
mkdir -p c/.git c/src
cat >c/src/store.c <<'EOF'
#include <libpq-fe.h>
PGresult *store_fetch(PGconn *conn, const char *sql) { return PQexec(conn, sql); }
EOF
cat >c/src/report.c <<'EOF'
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *store_fetch(PGconn *conn, const char *sql);
int report(PGconn *conn) {
  PGresult *res = store_fetch(conn, "SELECT count(*) FROM orders");
  return res != 0;
}
EOF
INC=$(pkg-config --cflags-only-I libpq 2>/dev/null)
cat >c/compile_commands.json <<EOF
[
 {"directory": ".", "file": "src/store.c", "command": "cc $INC -c src/store.c"},
 {"directory": ".", "file": "src/report.c", "command": "cc -c src/report.c"}
]
EOF
cd c || exit 1
"$TXLINT" --no-config -f json . >"$WORK/cdir.json" 2>/dev/null
expect_status 1 "a C file calling a wrapper defined in another file: the leak is reported" -- \
  "$TXLINT" --no-config -f json src/report.c
cp "$WORK/out" "$WORK/cname.json"
check "  ... the same findings as the directory run" \
  test "$(findings_of "$WORK/cname.json")" = "$(findings_of "$WORK/cdir.json")"
check "  ... in report.c" json_true "$WORK/cname.json" 'd.findings.length===1&&d.findings[0].path==="src/report.c"'
finish
