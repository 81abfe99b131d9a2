#!/bin/bash
# The transitive JS/TS prefilter (src/driver/jsreach.c): a file with a
# relative import is parsed only if its own text names something a rule can
# react to, or it reaches such a file through its imports (two hops here:
# handler.js → relay.js → store.js, the only one with a model word), or a
# file parsed so imports it (close.js, a helper without a model word whose
# summary says it releases its argument: tidy() is no leak). A
# chain of imports that never reaches a model word is not parsed (its
# syntax error goes unreported), and summary.files_prefiltered counts it.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p app
cat >app/store.js <<'JS'
import { Pool } from 'pg';
const pool = new Pool();
export async function take() {
  return pool.connect();
}
JS
cat >app/relay.js <<'JS'
import { take } from './store';
export async function grab() {
  return take();
}
JS
cat >app/handler.js <<'JS'
import { grab } from './relay';
import { done } from './close';
export async function handle(req) {
  const h = await grab();
  if (req.fast) return 1;
  h.end();
  return 2;
}
export async function tidy() {
  const h = await grab();
  done(h);
}
JS
cat >app/close.js <<'JS'
import { pad } from './util';
export function done(x) {
  x.end();
  return pad('');
}
JS
cat >app/format.js <<'JS'
import { pad } from './util';
export function label(x) { return pad(x) + (; }
JS
cat >app/util.js <<'JS'
export function pad(x) { return ' ' + x; }
JS

"$TXLINT" --no-config --format json -o on.json app 2>/dev/null
check "prefilter on: exit 1 (a finding)" test $? = 1
"$TXLINT" --no-config --no-prefilter --format json -o off.json app 2>/dev/null
check "--no-prefilter: exit 2 (format.js does not parse)" test $? = 2
json_get on.json 'd.summary.files_parsed+" "+d.summary.files_prefiltered' >counts.txt
check "parsed: store relay handler close; prefiltered: format util ($(cat counts.txt))" \
  test "$(cat counts.txt)" = "4 2"
check "--no-prefilter: six parsed, none prefiltered" json_true off.json \
  'd.summary.files_parsed===6&&d.summary.files_prefiltered===0'
where='d.findings.map(f=>f.rule+"@"+f.path+":"+f.line).join(",")'
check "the leak through two hops is found, and only it" \
  test "$(json_get on.json "$where")" = "acquire-without-release@app/handler.js:4"
check "the same findings with --no-prefilter" test "$(json_get on.json "$where")" = "$(json_get off.json "$where")"
check "format.js is not parsed: no syntax-error note" json_true on.json 'd.notifications.length===0'
check "--no-prefilter parses it: its syntax error is noted" json_true off.json \
  'd.notifications.some(n=>n.path==="app/format.js")'
finish
