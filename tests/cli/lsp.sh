#!/bin/bash
# `txlint lsp` with a real client: Debian's Neovim (0.7) headless starts the
# server with vim.lsp.start_client, attaches it to buffers and reads what
# vim.diagnostic.get shows (tests/cli/lsp/client.lua): a leaking file, a
# clean file, a file whose nearest .txlint.json changes the rule's level,
# and the leaking buffer fixed in the editor but not saved (didChange). Then
# the server alone against malformed JSON-RPC: it answers with errors, logs
# on stderr, and never crashes.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p ws/src ws/sub
cat >ws/src/users.js <<'JS'
const { Pool } = require('pg');
const pool = new Pool();
async function getUser(id) {
  const note = 'café ☕ 𝄞'; const client = await pool.connect();
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
printf 'export const add = (a, b) => a + b;\n' >ws/src/clean.js
sed 's/getUser/getOrder/g' ws/src/users.js >ws/sub/orders.js
printf '{ "rules": { "acquire-without-release": "warning" } }\n' >ws/sub/.txlint.json
cp ws/src/users.js users.orig

if command -v nvim >/dev/null; then
  echo "     ($(nvim --version | head -1))"
  TXLINT=$TXLINT ROOT=$WORK/ws OUT=$WORK/nvim.json timeout 300 \
    nvim --headless --clean -u NONE -c "luafile $SRCDIR/tests/cli/lsp/client.lua" >nvim.log 2>&1
  check "neovim ran the client script (exit $?)" test -s nvim.json
  [ -s nvim.json ] || sed 's/^/     | /' nvim.log | head -20
  S='d.find(s=>s.step===%s)'
  step() { printf "$S" "'$1'"; }
  check "the server initialized" json_true nvim.json "$(step initialized).published"
  L=$(step leak)
  check "leaking file: diagnostics published and shown" json_true nvim.json "$L.published&&$L.diagnostics.length===1"
  check "… acquire-without-release, an error, from txlint, with the rule's message" json_true nvim.json \
    "$L.diagnostics[0].code==='acquire-without-release'&&$L.diagnostics[0].severity===1&&$L.diagnostics[0].source==='txlint'&&$L.diagnostics[0].message.startsWith('client acquired by pool.connect() is not released')"
  check "… on line 4, the column Neovim computes from the UTF-16 position is at pool.connect() (after é ☕ 𝄞)" json_true nvim.json \
    "$L.diagnostics[0].lnum===3&&$L.diagnostics[0].text_at_col.startsWith('pool.connect()')&&$L.diagnostics[0].end_col-$L.diagnostics[0].col===14"
  check "… codeDescription.href is the rule's page" json_true nvim.json \
    "/\/docs\/rules\/acquire-without-release\.md$/.test($L.diagnostics[0].href)"
  check "… relatedInformation carries the leaking path (acquire, branch, return)" json_true nvim.json \
    "$L.diagnostics[0].related.length===3&&$L.diagnostics[0].related[0].message.includes('acquired')&&$L.diagnostics[0].related[2].line===6&&$L.diagnostics[0].related.every(r=>r.uri.endsWith('/src/users.js'))"
  C=$(step clean)
  check "clean file: diagnostics published, none shown" json_true nvim.json "$C.published&&$C.diagnostics.length===0"
  G=$(step configured)
  check "sub/.txlint.json (nearest to the file) makes it a warning" json_true nvim.json \
    "$G.published&&$G.diagnostics.length===1&&$G.diagnostics[0].severity===2&&$G.diagnostics[0].code==='acquire-without-release'"
  F=$(step fixed-buffer)
  check "the leak fixed in the buffer (didChange, unsaved): diagnostics cleared" json_true nvim.json \
    "$F.published&&$F.modified===true&&$F.diagnostics.length===0"
  check "… the file on disk was not touched" cmp -s ws/src/users.js users.orig
  # The README's Neovim set-up, as a user would paste it into init.lua, with
  # txlint on PATH: opening the leaking file shows the finding.
  awk '/^  ```lua$/{f=1;next} /^  ```$/{if(f)exit} f{sub(/^  /,"");print}' "$SRCDIR/README.md" >readme_init.lua
  mkdir -p bin && ln -sf "$TXLINT" bin/txlint
  (cd ws && PATH=$WORK/bin:$PATH timeout 300 nvim --headless --clean -u NONE -c "luafile $WORK/readme_init.lua" \
    -c 'edit src/users.js' -c 'lua vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 20)' \
    -c 'lua local d = vim.diagnostic.get(0)[1]; vim.fn.writefile({ d and (d.lnum .. " " .. d.message) or "none" }, "../readme.txt")' \
    -c 'qa!' >/dev/null 2>&1)
  check "the README's init.lua: the leak is shown on line 4" grep -q '^3 client acquired by pool.connect() is not released' readme.txt
else
  fail "nvim not found (scripts/bootstrap --test installs neovim)"
fi

# The server alone, fed by a script: framing and JSON it must survive.
cat >feed.js <<'JS'
const fs = require('fs');
const frame = s => `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
const j = o => frame(JSON.stringify(o));
const uri = 'file://' + process.argv[2] + '/src/users.js';
const text = fs.readFileSync(process.argv[2] + '/src/users.js', 'utf8');
let s = '';
s += j({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} });       // before initialize
s += j({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { rootUri: 'file://' + process.argv[2] } });
s += j({ jsonrpc: '2.0', method: 'initialized', params: {} });
s += frame('{"jsonrpc": "2.0", "id": 3, "method": ');                               // broken JSON
s += frame('['.repeat(100000));                                                    // nested too deep
s += frame('"just a string"');                                                     // not an object
s += frame('{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}');                  // bad id
s += j({ jsonrpc: '2.0', id: 4, method: 'workspace/symbol', params: {} });          // unknown method
s += j({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: 7 });              // bad params
s += j({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'http://x/y.js', text: '' } } });
s += j({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri }, contentChanges: [{ text: 'x' }] } }); // not open
s += 'Content-Length: 12\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"id":false}';
s += j({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'javascript', version: 1, text } } });
s += j({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'x' }] } });
const fixed = text.replace('return null;', '{ client.release(); return null; }');
s += j({ jsonrpc: '2.0', method: 'textDocument/didSave', params: { textDocument: { uri }, text: fixed } }); // saved, fixed
s += j({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri } } });
s += j({ jsonrpc: '2.0', id: 5, method: 'shutdown' });
s += j({ jsonrpc: '2.0', method: 'exit' });
fs.writeFileSync('feed.bin', s);
JS
node feed.js "$WORK/ws"
# --models relative to where the server starts: it still loads after the
# server moves into the workspace root.
(cd "$SRCDIR" && "$TXLINT" lsp --models rules -j 1 <"$WORK/feed.bin" >"$WORK/lsp.out" 2>"$WORK/lsp.err")
st=$?
check "malformed input: the server survives and exits 0 after shutdown + exit (exit $st)" test "$st" = 0
node -e '
const raw=require("fs").readFileSync("lsp.out");const msgs=[];let i=0;
for(;;){const m=/^Content-Length: (\d+)\r\n\r\n/.exec(raw.subarray(i,i+64).toString("latin1"));if(!m)break;
  const start=i+m[0].length;msgs.push(JSON.parse(raw.subarray(start,start+ +m[1]).toString()));i=start+ +m[1];}
require("fs").writeFileSync("lsp.json",JSON.stringify(msgs));' 
R='d'
check "a request before initialize: ServerNotInitialized (-32002)" json_true lsp.json "$R.find(m=>m.id===1).error.code===-32002"
check "initialize answers full sync, utf-16 positions, serverInfo" json_true lsp.json \
  "(c=>c.textDocumentSync.change===1&&c.textDocumentSync.openClose&&c.positionEncoding==='utf-16')($R.find(m=>m.id===2).result.capabilities)&&$R.find(m=>m.id===2).result.serverInfo.name==='txlint'"
check "broken JSON and a too-deep document: parse errors (-32700) with id null" json_true lsp.json \
  "$R.filter(m=>m.id===null&&m.error&&m.error.code===-32700).length===2"
check "a string, an object id and a boolean id: invalid request (-32600)" json_true lsp.json \
  "$R.filter(m=>m.id===null&&m.error&&m.error.code===-32600).length===3"
check "an unknown method: MethodNotFound (-32601)" json_true lsp.json "$R.find(m=>m.id===4).error.code===-32601"
P="$R.filter(m=>m.method==='textDocument/publishDiagnostics')"
check "the good didOpen after all that is linted (the leak)" json_true lsp.json \
  "(p=>p.length===3&&p[0].params.diagnostics.length===1&&p[0].params.diagnostics[0].code==='acquire-without-release')($P)"
check "didSave with the fixed text: linted again, no diagnostics" json_true lsp.json "$P[1].params.diagnostics.length===0"
check "… after the ranged change was refused; didClose clears it" json_true lsp.json "$P[2].params.diagnostics.length===0"
check "shutdown answered with null" json_true lsp.json "$R.find(m=>m.id===5).result===null"
check "problems are logged on stderr" grep -q 'nested deeper than 64' lsp.err
check "… the ranged change is refused, not misapplied" grep -q 'ranged change' lsp.err
printf 'Content-Length: 99999\r\n\r\n{"jsonrpc":' | "$TXLINT" lsp >/dev/null 2>eof.err
check "input ending inside a message: exit 1 (no exit notification), logged" \
  bash -c "test $? = 1 && grep -q 'ended inside a message' eof.err"
printf 'Content-Length: nope\r\n\r\n{}' | "$TXLINT" lsp >/dev/null 2>len.err
check "a bad Content-Length: exit 1, logged" bash -c "test $? = 1 && grep -q 'valid Content-Length' len.err"
expect_status 2 "txlint lsp with a PATH is a usage error" -- "$TXLINT" lsp src
finish
