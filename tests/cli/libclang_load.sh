#!/bin/bash
# libclang is loaded when the first C file is parsed (src/frontend/c/c_libclang.h):
#   * start-up does not map it (no libclang or libLLVM in the maps of a
#     running process: about 57 MB of resident memory a JS or Go run saves);
#   * a C file loads it and is analysed;
#   * when it cannot be loaded ($TXLINT_LIBCLANG names a missing library),
#     each C file gets a note, the run says it is incomplete (exit 2), and the
#     JS file beside it is still analysed.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1

mkdir -p mixed
cat >mixed/leak.js <<'JS'
const { Pool } = require("pg");
const pool = new Pool();
async function leak_bad() {
  const c = await pool.connect();
  await c.query("SELECT 1");
}
module.exports = { leak_bad };
JS
cat >mixed/leak.c <<'C'
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *conn, const char *query);
void PQclear(PGresult *res);
int PQntuples(const PGresult *res);
int count_bad(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT 1");
  return PQntuples(r);
}
C
mkdir -p nocee && cp mixed/leak.js nocee/

# 1. Start-up maps no libclang: the language server waits on stdin after
# start-up, with every linked library mapped, so its maps can be read.
"$TXLINT" --no-config --format json -o nocee.json nocee 2>err.txt
status=$?
check "no C file: analysed (exit $status)" test "$status" = 1
( sleep 2 ) | "$TXLINT" lsp >/dev/null 2>&1 &
lsp=$!
sleep 0.5
if [ -r /proc/$lsp/maps ]; then
  check "start-up maps no libclang or libLLVM" bash -c "! grep -qE 'libclang|libLLVM' /proc/$lsp/maps"
else
  echo "     (no /proc/PID/maps: the start-up check is skipped)"
fi
wait $lsp 2>/dev/null

# 2. A C file: libclang is loaded and the leak found.
"$TXLINT" --no-config --format json -o mixed.json mixed 2>err.txt
status=$?
check "with libclang: exit 1 (findings)" test "$status" = 1
check "with libclang: the C leak is found" json_true mixed.json \
  'd.findings.some(f=>f.path==="mixed/leak.c"&&f.rule==="acquire-without-release")'

# 3. libclang missing: a note per C file, the rest analysed.
TXLINT_LIBCLANG=$WORK/no-such-libclang.so "$TXLINT" --no-config --format json -o missing.json mixed 2>err.txt
status=$?
check "without libclang: exit 2 (incomplete)" test "$status" = 2
check "without libclang: a note names the C file and says why" json_true missing.json \
  'd.notifications.some(n=>n.path==="mixed/leak.c"&&/libclang could not be loaded/.test(n.message))'
check "without libclang: the JS leak is still found" json_true missing.json \
  'd.findings.some(f=>f.path==="mixed/leak.js"&&f.rule==="acquire-without-release")'
check "without libclang: no C finding" json_true missing.json '!d.findings.some(f=>f.path==="mixed/leak.c")'
finish
