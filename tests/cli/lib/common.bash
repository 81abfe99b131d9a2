# Shared helpers for tests/cli/*.sh (sourced; not a test itself).
# Usage in a script: source "$(dirname "$0")/lib/common.bash" "$@"
TXLINT=${1:?usage: SCRIPT TXLINT_BINARY SRCDIR}
SRCDIR=${2:?usage: SCRIPT TXLINT_BINARY SRCDIR}
case $TXLINT in /*) ;; *) TXLINT=$PWD/$TXLINT ;; esac
case $SRCDIR in /*) ;; *) SRCDIR=$PWD/$SRCDIR ;; esac
N_FAIL=0
N_PASS=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/txlint-cli.XXXXXX")
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

pass() { N_PASS=$((N_PASS + 1)); echo "ok   $*"; }
fail() { N_FAIL=$((N_FAIL + 1)); echo "FAIL $*"; }

# expect_status WANT DESCRIPTION -- CMD...: runs CMD, compares its exit status.
expect_status() {
  local want=$1 what=$2
  shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass "$what (exit $got)"; else
    fail "$what: exit $got, want $want"; sed 's/^/     | /' "$WORK/err" | head -5; fi
}

# json_get FILE EXPR: evaluates a JavaScript expression over the parsed JSON `d`.
json_get() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(eval(process.argv[2]))' "$1" "$2"; }

# json_true FILE EXPR: succeeds when the expression over `d` is truthy.
json_true() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.exit(eval(process.argv[2])?0:1)' "$1" "$2"; }

check() { # check DESCRIPTION CONDITION-COMMAND...
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

finish() {
  echo "$N_PASS passed, $N_FAIL failed"
  [ "$N_FAIL" = 0 ]
}

# A small project with database code, relative imports and a clean file.
make_project() {
  local d=$1
  mkdir -p "$d/src/db" "$d/src/routes"
  cat >"$d/src/db/pool.js" <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
module.exports = { pool };
JS
  cat >"$d/src/routes/users.js" <<'JS'
const { pool } = require('../db/pool');
async function getUser(id) {
  const client = await pool.connect();
  const res = await client.query('SELECT * FROM users WHERE id = $1', [id]);
  if (res.rows.length === 0) return null;
  client.release();
  return res.rows[0];
}
async function transfer(a, b) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET n = n - 1 WHERE id = $1', [a]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
module.exports = { getUser, transfer };
JS
  cat >"$d/src/routes/orders.ts" <<'TS'
import { Pool, PoolClient } from 'pg';
import { pool } from '../db/pool';
export async function place(p: Pool, id: number): Promise<void> {
  const c: PoolClient = await p.connect();
  await c.query('BEGIN');
  await c.query("INSERT INTO orders(id) VALUES ($1)", [id]); // café ☕ 𝄞
  await c.query('COMMIT');
  c.release();
}
export async function viaPool(): Promise<void> {
  await pool.query('BEGIN');
  await pool.query('COMMIT');
}
TS
  printf 'export const add = (a, b) => a + b;\n' >"$d/src/util.js"
}
