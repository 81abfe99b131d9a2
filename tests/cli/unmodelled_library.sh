#!/bin/bash
# A database library txlint has no model for (rules/js and rules/go:
# database-libraries.json) is said, never passed over in silence: one
# note-level unmodelled-library notification per library and run, at the
# first import in path order, on stderr for the text format and in the
# report (json, SARIF toolExecutionNotifications, a ::notice in github). A
# modelled library, and a library a model file given with the configuration
# describes, get none; the note does not change the exit status.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p app/src app/go
cat >app/src/a.ts <<'TS'
import { Kysely } from 'kysely';
import { Pool } from 'pg';
export const kdb = new Kysely<any>({} as any);
export const pool = new Pool();
TS
cat >app/src/b.ts <<'TS'
import type { Kysely } from 'kysely';
import { MongoClient } from 'mongodb';
export const db = new MongoClient('mongodb://localhost');
export type K = Kysely<any>;
TS
cat >app/go/store.go <<'GO'
package store

import "xorm.io/xorm"

func Open(db *xorm.Engine) *xorm.Engine { return db }
GO

"$TXLINT" --no-config --format json app >out.json 2>err.txt
check "no findings, notes only: exit 0" test $? = 0
json_get out.json 'd.notifications.map(n=>n.level+" "+n.kind+"@"+n.path+":"+n.line+":"+n.column+" "+n.message.split(",")[0]).join("\n")' >notes.txt
sed 's/^/     | /' notes.txt
for want in \
  'note unmodelled-library@app/go/store.go:3:9 imports XORM' \
  'note unmodelled-library@app/src/a.ts:1:25 imports Kysely' \
  'note unmodelled-library@app/src/b.ts:2:30 imports MongoDB Node.js driver'; do
  check "notification: $want" grep -qxF "$want" notes.txt
done
check "one per library and run, none for pg" test "$(wc -l <notes.txt)" = 3
check "the run is complete" json_true out.json 'd.summary.complete===true'

"$TXLINT" --no-config app >/dev/null 2>err.txt
check "text: the note is on stderr" grep -q "app/src/a.ts:1:25: note: imports Kysely, a database library txlint has no model for" err.txt

"$TXLINT" --no-config --format sarif -o out.sarif app 2>/dev/null
check "sarif: the notes are toolExecutionNotifications of level note" json_true out.sarif \
  'd.runs[0].invocations[0].toolExecutionNotifications.filter(n=>n.descriptor.id==="unmodelled-library"&&n.level==="note").length===3'
"$TXLINT" --no-config --format github app >gh.txt 2>/dev/null
check "github: no findings, notes only: exit 0" test $? = 0
check "github: one ::notice per library, at its first import" test "$(grep -c '^::notice .*title=txlint unmodelled-library::' gh.txt)" = 3
check "github: … Kysely at app/src/a.ts line 1" \
  grep -q '^::notice file=app/src/a.ts,line=1,col=25,.*title=txlint unmodelled-library::imports Kysely, a database library txlint has no model for' gh.txt
"$TXLINT" --no-config -f json -f github=side.txt -f sarif=side.sarif app >/dev/null 2>&1
check "several reports: the same notes in the github and SARIF reports of one run" bash -c \
  "cmp -s gh.txt side.txt && node -e 'const d=JSON.parse(require(\"fs\").readFileSync(\"side.sarif\",\"utf8\"));process.exit(d.runs[0].invocations[0].toolExecutionNotifications.filter(n=>n.descriptor.id===\"unmodelled-library\").length===3?0:1)'"

VALIDATE=$SRCDIR/../shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "the SARIF passes validate-sarif --strict" "$VALIDATE" --strict out.sarif
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi

# A model of the library (the project's own, through the configuration) silences it.
cat >kysely.json <<'JSON'
{ "library": "kysely-local", "language": "js", "doc": "test model",
  "modules": [ { "specifier": "kysely", "doc": "import { Kysely } from 'kysely'" } ],
  "calls": [] }
JSON
printf '{ "models": ["kysely.json"] }\n' >.txlint.json
"$TXLINT" --config .txlint.json --format json app >modelled.json 2>/dev/null
check "a configured model for kysely: no note for Kysely" json_true modelled.json \
  '!d.notifications.some(n=>/Kysely/.test(n.message)) && d.notifications.some(n=>/MongoDB/.test(n.message))'
finish
