#!/bin/bash
# Valid JavaScript/TypeScript the bundled grammars reject or misread
# (docs/cli.md, "Grammar gaps"): `using` as an identifier, an escaped
# backtick in a template literal type, `import('…')` types, a reserved word as
# a JSX attribute name, `let` + line break + typed declarators, a raw `&` in
# JSX text, type arguments on a tagged template, a function type parameter
# named like a predefined type, a keyword as a tuple label, type members
# named `in`/`instanceof` and generic call signatures after a line break,
# Go 1.26 `new(expr)`, and NUL bytes in JS/TS literals. Such a file
# is analysed completely (the leaks next to and inside these constructs are
# found; fixtures/acquire-without-release/*/grammar_gaps* pin them both
# ways), gets one note-level grammar-gap notification per kind of gap, and
# does not make the run incomplete: exit 1 with findings, 0 without. A real
# syntax error next to a gap is still a parse-error and exit 2.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p gaps clean broken
F=$SRCDIR/fixtures/acquire-without-release
cp "$F/js/grammar_gaps.js" "$F/js/grammar_gaps_jsx.jsx" "$F/ts/grammar_gaps.ts" "$F/ts/grammar_gaps_types.ts" \
  "$F/ts/grammar_gaps_jsx.tsx" gaps/

"$TXLINT" --no-config --format json gaps >out.json 2>err.txt
status=$?
check "findings and only note-level notifications: exit 1" test "$status" = 1
json_get out.json 'd.notifications.map(n=>n.level+" "+n.kind+"@"+n.path+":"+n.line+" "+n.message.split(" (")[0]).join("\n")' >notes.txt
sed 's/^/     | /' notes.txt
for want in \
  'note grammar-gap@gaps/grammar_gaps.js:13 `using` used as an identifier' \
  'note grammar-gap@gaps/grammar_gaps.js:42 `let` followed by a line break' \
  'note grammar-gap@gaps/grammar_gaps_jsx.jsx:9 a reserved word as a JSX attribute name' \
  'note grammar-gap@gaps/grammar_gaps.ts:10 an escape sequence in a template literal type' \
  'note grammar-gap@gaps/grammar_gaps.ts:12 `using` used as an identifier' \
  'note grammar-gap@gaps/grammar_gaps.ts:32 an `import(...)` type' \
  'note grammar-gap@gaps/grammar_gaps.ts:47 `let` followed by a line break' \
  'note grammar-gap@gaps/grammar_gaps_jsx.tsx:12 a raw `&` in JSX text or a JSX attribute string' \
  'note grammar-gap@gaps/grammar_gaps_types.ts:13 type arguments on a tagged template' \
  'note grammar-gap@gaps/grammar_gaps_types.ts:17 a function type parameter named like a predefined type' \
  'note grammar-gap@gaps/grammar_gaps_types.ts:21 a type member named `in` or `instanceof` after a line break' \
  'note grammar-gap@gaps/grammar_gaps_types.ts:27 a generic call signature after a line break' \
  'note grammar-gap@gaps/grammar_gaps_types.ts:50 a keyword as a tuple member label'; do
  check "notification: $want" grep -qxF "$want" notes.txt
done
check "no other notification" test "$(wc -l <notes.txt)" = 13
check "every _bad function's leak is found (13)" json_true out.json \
  'd.findings.filter(f=>f.rule==="acquire-without-release").length===13 && d.findings.filter(f=>f.rule==="acquire-without-release").every(f=>/_bad$/.test(f.function))'
check "the run is complete" json_true out.json 'd.summary.complete===true && d.summary.files_analyzed===5'
check "note-level notifications stay off stderr" bash -c "! grep -q grammar-gap err.txt"

"$TXLINT" --no-config --format sarif -o out.sarif gaps 2>/dev/null
check "sarif: exit 1" test $? = 1
check "sarif: executionSuccessful is true" json_true out.sarif 'd.runs[0].invocations[0].executionSuccessful===true'
check "sarif: grammar-gap notifications are level note" json_true out.sarif \
  'd.runs[0].invocations[0].toolExecutionNotifications.every(n=>n.level==="note"&&n.descriptor.id==="grammar-gap")'
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
if [ -x "$VALIDATE" ]; then
  check "the SARIF passes validate-sarif --strict" "$VALIDATE" --strict out.sarif
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi

# The constructs alone, nothing to report: exit 0.
cat >clean/types.ts <<'TS'
export type Quoted = `x\`${string}`;
export let handle: import('pg').Pool<unknown> | null = null;
export function wrap(using: number): number {
  return using;
}
TS
printf 'export const Field = (p) => <input default={p.v} for="f" />;\n' >clean/field.jsx
"$TXLINT" --no-config --no-prefilter --format json clean >clean.json 2>/dev/null
check "gaps without findings: exit 0" test $? = 0
check "gaps without findings: notes for both files" json_true clean.json \
  'd.notifications.length===4 && d.notifications.every(n=>n.kind==="grammar-gap") && d.summary.complete'

# A real syntax error next to a gap is reported as one.
printf 'const using = (x) => x;\nusing(1);\nfunction f() { return using(; }\n' >broken/mixed.js
"$TXLINT" --no-config --no-prefilter --format json broken >broken.json 2>broken.err
check "a real syntax error next to a gap: exit 2" test $? = 2
check "a real syntax error next to a gap: parse-error at 3:29 and the gap's note" json_true broken.json \
  'd.notifications.some(n=>n.kind==="parse-error"&&n.line===3&&n.column===29) && d.notifications.some(n=>n.kind==="grammar-gap"&&n.line===2)'
check "a real syntax error next to a gap: on stderr" grep -q "broken/mixed.js:3:29: error: syntax error" broken.err

# The same with the later gaps: the gaps are repaired, the real error stays
# one (exit 2), and the leak in the function next to them is still found.
mkdir -p clean2 broken2
cat >clean2/view.tsx <<'TSX'
type F = (any) => string;
type Pair = [type: number, id: string];
export const use = (xs: string[]) => xs.map<[type: number, id: string]>((x) => [0, x]);
export const Box = styled.div<{ $on: boolean }>`width: 1px;`;
export const T = () => <a href="/t?a=1&b=2">Terms & Conditions</a>;
interface K {
  kind: string
  in: string
  <T>(x: T): T
}
TSX
"$TXLINT" --no-config --no-prefilter --format json clean2 >clean2.json 2>/dev/null
check "later gaps without findings: exit 0" test $? = 0
check "later gaps without findings: only grammar-gap notes, complete" json_true clean2.json \
  'd.notifications.length===6 && d.notifications.every(n=>n.kind==="grammar-gap") && d.summary.complete'
cat >broken2/view.tsx <<'TSX'
import { Pool } from 'pg';
const pool = new Pool();
type F = (any) => string;
export const T = () => <p>Terms & Conditions</p>;
export async function leak_bad() { const c = await pool.connect(); await c.query('SELECT 1'); }
export function broken() { return (1 + ; }
TSX
"$TXLINT" --no-config --no-prefilter --format json broken2 >broken2.json 2>/dev/null
check "a real syntax error next to the later gaps: exit 2" test $? = 2
check "a real syntax error next to the later gaps: parse-error at 6:35, notes at 3 and 4" json_true broken2.json \
  'd.notifications.some(n=>n.kind==="parse-error"&&n.line===6&&n.column===35) && [3,4].every(l=>d.notifications.some(n=>n.kind==="grammar-gap"&&n.line===l))'
check "a real syntax error next to the later gaps: the leak next to it is found" json_true broken2.json \
  'd.findings.length===1 && d.findings[0].function==="leak_bad" && d.findings[0].line===5'
# Go 1.26 new(expr): the file is analysed completely (exit 1 for the leaks
# next to and around it), and a real syntax error in another function of
# the package stays one (exit 2) while the leak next to it is still found.
mkdir -p gonew/repo gobroken/repo
cp "$F/go/new_expr.go" gonew/repo/
"$TXLINT" --no-config --no-prefilter --format json gonew >gonew.json 2>gonew.err
check "go new(expr): exit 1" test $? = 1
check "go new(expr): one grammar-gap note, complete, both leaks" json_true gonew.json \
  'd.notifications.length===1 && d.notifications[0].kind==="grammar-gap" && d.notifications[0].line===18 && d.summary.complete && d.findings.length===2 && d.findings.every(f=>/_bad$/.test(f.function))'
check "go new(expr): the note stays off stderr" bash -c "! grep -q grammar-gap gonew.err"
cat >gobroken/repo/a.go <<'GO'
package repo

import "database/sql"

func leak_bad(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	_ = new(rows.Err())
	return nil
}

func broken(x T) *int {
	return new(x.ID(
}
GO
"$TXLINT" --no-config --no-prefilter --format json gobroken >gobroken.json 2>/dev/null
check "go new(expr) next to a real error: exit 2" test $? = 2
check "go new(expr) next to a real error: parse-error at 15:12, the gap's note at 10" json_true gobroken.json \
  'd.notifications.some(n=>n.kind==="parse-error"&&n.line===15&&n.column===12) && d.notifications.some(n=>n.kind==="grammar-gap"&&n.line===10)'
check "go new(expr) next to a real error: the leak is found" json_true gobroken.json \
  'd.findings.length===1 && d.findings[0].function==="leak_bad"'
# A NUL byte inside a JS/TS string, template text or comment is valid (the
# reader keeps the file, the parse reads the NUL as a space): analysed, one
# note. Outside them the file is binary, whether the reader's lexical scan
# sees that (exit 2 from the reader) or only the parse does (a `/'/` regular
# expression misleads the scan); a Go file with a NUL is binary anyway.
mkdir -p nulok nulcode nulregex nulgo/p
printf 'import { Pool } from "pg";\nconst pool = new Pool();\nconst key = (p: string, r: string) => `${p}\0${r}`;\nconst sep = "a\0b"; // c\0d\nexport async function leak_bad() {\n  const c = await pool.connect();\n  await c.query(key(sep, "x"));\n}\n' >nulok/vault.ts
"$TXLINT" --no-config --no-prefilter --format json nulok >nulok.json 2>/dev/null
check "NUL in literals and comments: exit 1" test $? = 1
check "NUL in literals and comments: one note for 3 places at 3:44, the leak found, complete" json_true nulok.json \
  'd.notifications.length===1 && d.notifications[0].kind==="grammar-gap" && d.notifications[0].line===3 && d.notifications[0].column===44 && /\(3 places\)/.test(d.notifications[0].message) && d.findings.length===1 && d.findings[0].function==="leak_bad" && d.summary.complete'
printf 'const a = "x\0";\nconst b = 1;\0\n' >nulcode/a.js
"$TXLINT" --no-config --no-prefilter --format json nulcode >nulcode.json 2>/dev/null
check "NUL in code: exit 2" test $? = 2
check "NUL in code: binary-file naming line 2" json_true nulcode.json \
  'd.notifications.length===1 && d.notifications[0].kind==="binary-file" && /first at line 2/.test(d.notifications[0].message)'
printf "const r = /'/; const b = 1 \0;\n" >nulregex/r.js
"$TXLINT" --no-config --no-prefilter --format json nulregex >nulregex.json 2>/dev/null
check "NUL in code after a quote in a regex: exit 2" test $? = 2
check "NUL in code after a quote in a regex: binary-file from the parse, not analysed" json_true nulregex.json \
  'd.notifications.length===1 && d.notifications[0].kind==="binary-file" && d.summary.complete===false'
printf 'package p\n\nvar s = "a\0b"\n' >nulgo/p/s.go
"$TXLINT" --no-config --no-prefilter --format json nulgo >nulgo.json 2>/dev/null
check "NUL in a Go string: exit 2" test $? = 2
check "NUL in a Go string: binary-file" json_true nulgo.json \
  'd.notifications.length===1 && d.notifications[0].kind==="binary-file"'
finish
