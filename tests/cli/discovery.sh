#!/bin/bash
# Discovery: what is skipped (.git, node_modules, vendor, testdata,
# .gitignore'd paths incl. nested files and negation; build output and hidden
# directories only when .gitignore says so), each kind counted in one note;
# symlinks out of the root are not followed, symlink loops terminate,
# explicit files are always analysed. Every probe file holds a NUL byte, so
# a discovered probe shows up as a binary-file notification naming its path
# whatever the rules find.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
probe() { mkdir -p "$(dirname "$1")"; printf 'pool.connect()\0' >"$1"; }
mkdir -p repo/.git outside
R=repo
SKIPPED="node_modules/pg/index.js .git/hooks/x.js vendor/v.js testdata/t.js src/testdata/u.js src/gen/skip.js
  src/a.gen.js lib/tmp/t.js keep/skip.js src/nested/ignored.ts root-only.js coverage/c.js"
ANALYSED="src/ok.js src/nested/ok.ts keep/keep.js lib/root-only.js src/b.gen.js src/nested/important.gen.js
  dist/d.js build/b.js out/o.js .cache/h.js"
for p in $SKIPPED $ANALYSED; do
  probe "$R/$p"
done
printf '# generated\n*.gen.js\n!b.gen.js\n/root-only.js\ntmp/\nsrc/gen/\nkeep/*\n!keep/keep.js\ncoverage/\n' >"$R/.gitignore"
printf 'ignored.ts\n!important.gen.js\n' >"$R/src/nested/.gitignore"
probe outside/secret.js
ln -s ../../outside/secret.js "$R/src/escape.js"
ln -s ../../outside "$R/src/outdir"
ln -s .. "$R/src/nested/loop"
ln -s ../src/ok.js "$R/lib/alias.js"

if timeout 60 "$TXLINT" --format json "$R" >out.json 2>err.txt; then status=0; else status=$?; fi
check "the run terminates despite the symlink loop (exit $status)" test "$status" != 124
paths=$(json_get out.json 'd.notifications.filter(n=>n.kind==="binary-file").map(n=>n.path).sort().join(" ")')
echo "     discovered probes: $paths"; json_get out.json "d.notifications.filter(n=>n.kind==='skipped-files').map(n=>n.message).join('\n')" | sed "s/^/     | /"
for p in $ANALYSED; do
  check "analyses $p" bash -c "echo ' $paths ' | grep -q ' $R/$p '"
done
for p in $SKIPPED; do
  check "skips $p" bash -c "! echo ' $paths ' | grep -q ' $R/$p '"
done
check "does not follow a file symlink out of the root" bash -c "! echo '$paths' | grep -q secret"
check "does not follow a directory symlink out of the root" bash -c "! grep -q outdir out.json"
check "a symlink inside the root is reported once, by its resolved path" \
  bash -c "! echo '$paths' | grep -q alias.js && [ \$(echo '$paths' | tr ' ' '\n' | grep -c 'src/ok.js') = 1 ]"
check "files_discovered counts each file once" json_true out.json 'd.summary.files_discovered===10'
# skipped_note KIND-TEXT: the one skipped-files note whose message holds the text.
skipped_note() { json_get out.json "d.notifications.filter(n=>n.kind==='skipped-files'&&n.message.includes('$1')).map(n=>n.message).join('|')"; }
check "one note counts the .gitignore'd paths" bash -c "[[ '$(skipped_note 'ignored by .gitignore')' == '7 paths ignored by .gitignore ('* ]]"
check "one note counts the default directories (node_modules, vendor, testdata)" \
  bash -c "[[ '$(skipped_note 'skipped by default')' == '4 directories skipped by default ('* ]]"
check "one note counts the symbolic links out of the root" \
  bash -c "[[ '$(skipped_note 'symbolic link')' == '2 '* ]]"
check "exactly one note per kind" json_true out.json \
  'd.notifications.filter(n=>n.kind==="skipped-files").length===3'
check "the notifications are on stderr too" grep -q "repo/src/ok.js" err.txt

# Explicit files are analysed even when ignored or inside a skipped directory.
"$TXLINT" --format json "$R/node_modules/pg/index.js" "$R/src/a.gen.js" >explicit.json 2>/dev/null
check "explicit files are always analysed" json_true explicit.json \
  'd.notifications.filter(n=>n.kind==="binary-file").length===2'
# The .gitignore of the repository applies when only a subdirectory is scanned.
"$TXLINT" --format json "$R/src" >sub.json 2>/dev/null
check "the repository's .gitignore applies to a scanned subdirectory" json_true sub.json \
  '!d.notifications.some(n=>n.path&&n.path.endsWith("a.gen.js"))&&d.notifications.some(n=>n.path&&n.path.endsWith("b.gen.js"))'
# A command-line path that cannot be resolved is reported as written, also
# when the working directory is / (it used to lose its first character).
ln -s missing-target.js "$WORK/gone.js"
(cd / && "$TXLINT" --format json "${WORK#/}/gone.js" >"$WORK/root.json" 2>/dev/null)
check "an unresolvable path given relative to / keeps its name" json_true root.json \
  "d.notifications.length===1&&d.notifications[0].path==='${WORK#/}/gone.js'"
finish
