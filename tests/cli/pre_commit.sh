#!/bin/bash
# The pre-commit hook (.pre-commit-hooks.yaml) under Debian's pre-commit: a
# scratch repository whose Git pre-commit hook runs `pre-commit try-repo
# SRCDIR txlint` (the hook as this checkout defines it, uncommitted changes
# included) with txlint on PATH. A staged leak blocks `git commit`, a clean
# file commits, files of other languages skip the hook.
source "$(dirname "$0")/lib/common.bash" "$@"
if ! command -v pre-commit >/dev/null; then
  fail "pre-commit not found (scripts/bootstrap --test installs Debian's pre-commit)"
  finish
  exit 1
fi
echo "     ($(pre-commit --version))"
mkdir -p "$WORK/bin" "$WORK/repo"
ln -s "$TXLINT" "$WORK/bin/txlint"
export PATH="$WORK/bin:$PATH" PRE_COMMIT_HOME="$WORK/pre-commit-home"
cd "$WORK/repo" || exit 1
git init -q . && git config user.email t@example.invalid && git config user.name test
git config commit.gpgsign false
printf '#!/bin/sh\nexec pre-commit try-repo "%s" txlint\n' "$SRCDIR" >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
printf '# scratch\n' >README.md
git add README.md
git commit -qm "readme" >commit.out 2>&1
check "only a README staged: the hook has no file to check, the commit is made" \
  bash -c 'git rev-parse -q --verify HEAD >/dev/null && grep -q "txlint.*Skipped" commit.out'

mkdir -p src/db src/routes
cat >src/routes/users.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
async function getUser(id) {
  const client = await pool.connect();
  try {
    const res = await client.query('SELECT * FROM users WHERE id = $1', [id]);
    if (res.rows.length === 0) return null;
    client.release();
    return res.rows[0];
  } catch (e) {
    client.release();
    throw e;
  }
}
module.exports = { getUser };
JS
git add src/routes/users.js
before=$(git rev-parse HEAD)
git commit -qm "users" >leak.out 2>&1
status=$?
check "a staged leak blocks the commit (git commit exit $status)" test "$status" != 0 -a "$(git rev-parse HEAD)" = "$before"
check "… and the hook's output names the finding" \
  grep -q 'src/routes/users.js:4:24: error: client acquired by pool.connect() is not released when the function returns \[acquire-without-release\]' leak.out
sed -n '/^txlint/,$p' leak.out | head -4 | sed 's/^/     | /'

sed -i 's/    if (res.rows.length === 0) return null;/    if (res.rows.length === 0) { client.release(); return null; }/' src/routes/users.js
git add src/routes/users.js
git commit -qm "users, fixed" >clean.out 2>&1
status=$?
check "the fixed file passes the hook and is committed (git commit exit $status)" \
  test "$status" = 0 -a "$(git log -1 --format=%s)" = "users, fixed"
check "… the hook ran on it" grep -q 'txlint.*Passed' clean.out

# The README's override for .mts/.cts (pre-commit's identify has no tag for
# them): a .pre-commit-config.yaml naming this repository at its HEAD, the
# hook with `types_or: [file]` and the README's `files:` pattern.
files_re=$(grep -o "files: '[^']*'" "$SRCDIR/README.md" | head -1)
if [ -n "$files_re" ] && head=$(git -C "$SRCDIR" rev-parse -q --verify HEAD 2>/dev/null); then
  mkdir -p mts && cat >mts/a.mts <<'TS'
import pg from 'pg';
const pool = new pg.Pool();
export async function getUser(id: number) {
  const client = await pool.connect();
  const res = await client.query('SELECT * FROM users WHERE id = $1', [id]);
  if (res.rows.length === 0) return null;
  client.release();
  return res.rows[0];
}
TS
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: txlint\n        types_or: [file]\n        %s\n' \
    "$SRCDIR" "$head" "$files_re" >mts-config.yaml
  git add mts/a.mts
  pre-commit run -c mts-config.yaml >mts.out 2>&1
  status=$?
  check "README's files/types_or override: a staged .mts leak fails the hook (exit $status)" \
    bash -c "test $status != 0 && grep -q 'mts/a.mts:4:24: error: client acquired by pool.connect()' mts.out"
  try_repo_out=$(pre-commit try-repo "$SRCDIR" txlint --files mts/a.mts 2>&1)
  check "… which the hook as defined skips (no identify tag for .mts)" grep -q 'txlint.*no files to check.*Skipped' <<<"$try_repo_out"
  git rm -q --cached mts/a.mts && rm -rf mts mts-config.yaml
else
  echo "     (README has no files: pattern, or $SRCDIR is not a git checkout: .mts override not checked)"
fi

# A staged users.js whose pool comes from an already-committed db.js: the
# hook gets only users.js, and must still see that `pool` is a pool.
CONTEXT_CASE=run
cat >src/db/pool.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
module.exports = { pool };
JS
git add src/db/pool.js && git commit -qm "db" >db.out 2>&1
check "a module that only creates the shared pool is committed" test "$(git log -1 --format=%s)" = db
cat >src/routes/orders.js <<'JS'
const { pool } = require('../db/pool');
async function getOrder(id) {
  const client = await pool.connect();
  const res = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
  if (res.rows.length === 0) return null;
  client.release();
  return res.rows[0];
}
module.exports = { getOrder };
JS
git add src/routes/orders.js
before=$(git rev-parse HEAD)
git commit -qm "orders" >ctx.out 2>&1
status=$?
if [ "$CONTEXT_CASE" = skip ]; then
  echo "SKIP staged file whose pool is in a committed file: needs named files to keep their project context"
  echo "     (issue 10 item 1, branch wt-ctx; here git commit exit $status)"
  [ "$status" != 0 ] && echo "     (the commit was blocked: the context case works now; set CONTEXT_CASE=run)"
else
  check "a staged leak whose pool is in a committed file blocks the commit (exit $status)" \
    test "$status" != 0 -a "$(git rev-parse HEAD)" = "$before"
  check "… with the directory run's finding" grep -q 'src/routes/orders.js:3:24: error: client acquired by pool.connect()' ctx.out
fi
finish
