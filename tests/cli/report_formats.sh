#!/bin/bash
# Reports for CI and editors: --format github (GitHub Actions workflow
# commands, escaped as the runner's toolkit reads them), several reports from
# one run (-f FORMAT=FILE), gcc columns in bytes as gcc/clang print them
# (checked with Neovim's quickfix list and its default 'errorformat'), and the
# SARIF documentation links (informationUri, helpUri).
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
mkdir -p proj/src
cat >proj/src/users.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
async function getUser(id) {
  const é = 'café ☕ 𝄞'; const client = await pool.connect();
  const res = await client.query('SELECT * FROM users WHERE id = $1', [id]);
  if (res.rows.length === 0) return null;
  client.release();
  return res.rows[0];
}
module.exports = { getUser };
JS
cp proj/src/users.js 'proj/src/odd,name:1.js'
cd proj || exit 1
T() { "$TXLINT" --no-config -j 1 "$@"; }

# github: one workflow command per finding, at the JSON's locations.
T -f github src >gh.txt 2>/dev/null
check "github: exit 1 on findings" test $? = 1
T -f json src >all.json 2>/dev/null
node -e '
const fs=require("fs");const d=JSON.parse(fs.readFileSync("all.json","utf8"));
const lines=fs.readFileSync("gh.txt","utf8").split("\n").filter(Boolean);
const esc=s=>s.replace(/%/g,"%25").replace(/\r/g,"%0D").replace(/\n/g,"%0A").replace(/:/g,"%3A").replace(/,/g,"%2C");
const cmd={error:"error",warning:"warning",note:"notice"};
if(lines.length!==d.findings.length){console.log("lines",lines.length,"findings",d.findings.length);process.exit(1)}
d.findings.forEach((f,i)=>{
  const want=`::${cmd[f.level]} file=${esc(f.path)},line=${f.line},col=${f.column},endLine=${f.end_line},endColumn=${f.end_column},title=txlint ${f.rule}::${f.message}`;
  if(!lines[i].startsWith(want)){console.log("got  "+lines[i]+"\nwant "+want);process.exit(1)}
});' >gh.check 2>&1
check "github: ::error/::warning per finding with file, line, col, endLine, endColumn, title" test $? = 0
sed 's/^/     | /' gh.check | head -4
check "github: a file name's ',' and ':' are escaped" grep -q 'file=src/odd%2Cname%3A1.js,' gh.txt
check "github: the path steps follow as %0A lines" grep -q 'not released when the function returns%0A4:' gh.txt
check "github: the primary column counts UTF-16 units (after é, ☕, 𝄞)" grep -q '^::error file=src/users.js,line=4,col=47,' gh.txt

# Several reports from one run: each the same as a run with that format alone.
T -f sarif src >alone.sarif 2>/dev/null
T -f gcc src >alone.gcc 2>/dev/null
T -f github -f sarif=multi.sarif -f json=multi.json -f gcc=multi.gcc src >multi.out 2>multi.err
check "several reports: exit 1 on findings" test $? = 1
check "several reports: stdout is the main report" cmp -s multi.out gh.txt
check "several reports: the json file is the json report" cmp -s multi.json all.json
check "several reports: the gcc file is the gcc report" cmp -s multi.gcc alone.gcc
check "several reports: the sarif file is the sarif report" cmp -s multi.sarif alone.sarif
if [ -x "$VALIDATE" ]; then
  "$VALIDATE" --strict multi.sarif >validate.out 2>&1
  check "several reports: the sarif file passes validate-sarif --strict" test $? = 0
else
  echo "     (validate-sarif not found at $VALIDATE; skipped)"
fi
T -o main.txt -f sarif=side.sarif src >stdout.txt 2>/dev/null
check "several reports: -o moves the main report, FORMAT=FILE adds one" test -s main.txt -a -s side.sarif -a ! -s stdout.txt
expect_status 2 "several reports: two into one file is a usage error" -- T -f sarif=x.sarif -f json=x.sarif src
expect_status 2 "several reports: the same file as -o is a usage error" -- T -o x.sarif -f json=x.sarif src
expect_status 2 "several reports: an unknown format is a usage error" -- T -f yaml=x.yaml src
expect_status 2 "several reports: an empty file name is a usage error" -- T -f sarif= src
check "several reports: nothing written on a usage error" test ! -e x.sarif

# gcc: byte columns. The finding is after 'é' (2 bytes), '☕' (3) and '𝄞' (4):
# UTF-16 column 47 in text/json/SARIF, byte column 53 in gcc.
T src >text.txt 2>/dev/null
check "text: UTF-16 column (unchanged)" grep -q '^src/users.js:4:47: error: client acquired' text.txt
check "gcc: byte column" grep -q '^src/users.js:4:53: error: client acquired' alone.gcc
check "gcc: ASCII lines keep their columns" grep -q '^src/users.js:2:14: warning: new Pool()' alone.gcc
if command -v nvim >/dev/null; then
  # Neovim's default 'errorformat' reads gcc's format; its column is a byte index.
  nvim --headless --clean -c 'cgetfile alone.gcc' -c 'cfirst' \
    -c "call writefile([getline('.')[col('.') - 1 :]], 'at_cursor.txt')" -c 'qa!' >/dev/null 2>&1
  check "gcc: Neovim's quickfix jumps onto pool.connect()" grep -q '^pool.connect()' at_cursor.txt
  head -1 at_cursor.txt | sed 's/^/     | cursor at: /'
else
  fail "gcc: nvim not found (scripts/bootstrap --test installs neovim)"
fi

# SARIF documentation links.
R='d.runs[0].tool.driver'
check "sarif: informationUri is an absolute URI of the README" json_true alone.sarif \
  "/^[a-z]+:\/\/.*README\.md$/.test($R.informationUri)"
check "sarif: every rule has helpUri .../docs/rules/<id>.md" json_true alone.sarif \
  "$R.rules.length>0&&$R.rules.every(r=>r.helpUri.endsWith('/docs/rules/'+r.id+'.md'))"
check "sarif: file:// documentation links name existing files" node -e '
const d=JSON.parse(require("fs").readFileSync("alone.sarif","utf8")).runs[0].tool.driver;
const {fileURLToPath}=require("url");
const uris=[d.informationUri,...d.rules.map(r=>r.helpUri)].filter(u=>u.startsWith("file:"));
process.exit(uris.every(u=>require("fs").existsSync(fileURLToPath(u)))?0:1)'
finish
