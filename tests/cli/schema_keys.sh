#!/bin/bash
# The project schema check-then-act reads (src/schema, driver/schemafiles.c):
# a duplicate insert that a unique key rejects is reported one level lower (a
# note), the others keep their warning; schema files are found by the rules
# of sources (.gitignore and node_modules hide them); a schema file that is
# not text gives no notification and changes nothing.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p app/.git app/db
cd app || exit 1
cat >users.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
async function signup(email) {
  const { rows } = await pool.query('SELECT id FROM members WHERE email = $1', [email]);
  if (rows.length > 0) throw new Error('taken');
  await pool.query('INSERT INTO members (email) VALUES ($1)', [email]);
}
module.exports = { signup };
JS
# check-then-act reports notes by default: gate on it as a project would, so
# that the unique key's lowering shows (warning -> note).
printf '{ "rules": { "check-then-act": "warning" } }\n' >"$WORK/cta.json"
level() { json_get "$1" 'd.findings.filter(f => f.rule === "check-then-act").map(f => f.level).join(",")'; }

"$TXLINT" --config "$WORK/cta.json" --format json -o "$WORK/none.json" . 2>"$WORK/err"
check "no schema: a warning" [ "$(level "$WORK/none.json")" = warning ]

mkdir -p node_modules/pkg
printf 'CREATE TABLE members (id SERIAL PRIMARY KEY, email TEXT UNIQUE);\n' >node_modules/pkg/schema.sql
printf 'ignored.sql\n' >.gitignore
cp node_modules/pkg/schema.sql ignored.sql
"$TXLINT" --config "$WORK/cta.json" --format json -o "$WORK/hidden.json" . 2>"$WORK/err"
check "schemas under node_modules or .gitignore'd are not read" [ "$(level "$WORK/hidden.json")" = warning ]

printf 'CREATE TABLE members (id SERIAL PRIMARY KEY, email TEXT);\n' >db/001.sql
"$TXLINT" --config "$WORK/cta.json" --format json -o "$WORK/serial.json" . 2>"$WORK/err"
check "a serial primary key only: still a warning" [ "$(level "$WORK/serial.json")" = warning ]

printf 'CREATE UNIQUE INDEX members_email ON members (lower(email));\n' >db/002.sql
"$TXLINT" --config "$WORK/cta.json" --format json -o "$WORK/expr.json" . 2>"$WORK/err"
check "a key over an expression is not read as a plain column" [ "$(level "$WORK/expr.json")" = warning ]

printf 'ALTER TABLE members ADD CONSTRAINT members_email UNIQUE (email);\n' >db/003.sql
head -c 3000 /dev/urandom >db/garbage.sql
"$TXLINT" --config "$WORK/cta.json" --format json -o "$WORK/keyed.json" . 2>"$WORK/err"
check "a unique key on the inserted column: quiet by default" [ "$(level "$WORK/keyed.json")" = "" ]
printf '{ "rules": { "check-then-act": ["warning", { "reportUniqueDuplicates": true }] } }\n' >"$WORK/cta-uniq.json"
"$TXLINT" --config "$WORK/cta-uniq.json" --format json -o "$WORK/keyed-on.json" . 2>"$WORK/err"
check "  ... with reportUniqueDuplicates: a note" [ "$(level "$WORK/keyed-on.json")" = note ]
check "  ... with its own message" json_true "$WORK/keyed-on.json" \
  'd.findings.some(f => f.message.includes("unique index on members(email)"))'
"$TXLINT" --config "$WORK/cta-uniq.json" --print-config >"$WORK/printed.json" 2>"$WORK/err"
check "--print-config shows the option" json_true "$WORK/printed.json" \
  'JSON.stringify(d.config.rules["check-then-act"]) === JSON.stringify(["warning", {reportUniqueDuplicates: true}])'
printf '{ "rules": { "check-then-act": ["warning", { "reportUniqueDupes": true }] } }\n' >"$WORK/cta-bad.json"
"$TXLINT" --config "$WORK/cta-bad.json" . >"$WORK/bad.out" 2>"$WORK/bad.err"; rc=$?
check "an unknown option is a configuration error (exit 2)" [ "$rc" = 2 ]
check "  ... naming the key" grep -q "rules.check-then-act.reportUniqueDupes: unknown option" "$WORK/bad.err"
check "a binary schema file gives no notification" json_true "$WORK/keyed.json" '!JSON.stringify(d.notifications || []).includes("garbage")'
finish
