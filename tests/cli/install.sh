#!/bin/bash
# cmake --install: the binary, the models (share/txlint/rules), the rule pages
# and the man page under a prefix; the installed binary finds its models
# relative to itself, so the prefix can be moved as a whole; TXLINT_MODELS
# overrides (and a bad one is an error naming it).
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
BUILD=$(dirname "$TXLINT")
expect_status 0 "cmake --install into a temporary prefix" -- cmake --install "$BUILD" --prefix "$WORK/first"
for f in bin/txlint share/txlint/rules/js/pg.json share/doc/txlint/rules/acquire-without-release.md \
  share/doc/txlint/cli.md share/man/man1/txlint.1; do
  check "  ... installs $f" test -s "$WORK/first/$f"
done
check "  ... every model file" test "$(find "$SRCDIR/rules" -name '*.json' | wc -l)" = \
  "$(find "$WORK/first/share/txlint/rules" -name '*.json' | wc -l)"
check "  ... the man page is a man page" grep -q '^\.TH TXLINT 1' "$WORK/first/share/man/man1/txlint.1"
check "  ... no path of the build machine is compiled in" bash -c "! grep -qa '$SRCDIR/rules' '$WORK/first/bin/txlint'"

mv "$WORK/first" "$WORK/moved"
make_project proj
mkdir proj/.git
cd proj || exit 1
unset TXLINT_MODELS TXLINT_MODELS_DIR
expect_status 1 "the moved prefix's binary runs and finds the leaks" -- "$WORK/moved/bin/txlint" --no-config .
check "  ... acquire-without-release" grep -q '\[acquire-without-release\]' "$WORK/out"
expect_status 0 "--print-config names the models it found" -- "$WORK/moved/bin/txlint" --no-config --print-config
check "  ... in the moved prefix" json_true "$WORK/out" "d.models==='$WORK/moved/share/txlint/rules'"
cp -r "$WORK/moved/share/txlint/rules" "$WORK/own-models"
expect_status 0 "TXLINT_MODELS overrides" -- env TXLINT_MODELS="$WORK/own-models" "$WORK/moved/bin/txlint" --no-config --print-config
check "  ... the models directory is TXLINT_MODELS" json_true "$WORK/out" "d.models==='$WORK/own-models'"
expect_status 2 "a TXLINT_MODELS that is not a directory is an error" -- \
  env TXLINT_MODELS="$WORK/nowhere" "$WORK/moved/bin/txlint" --no-config .
check "  ... naming it" grep -q "$WORK/nowhere" "$WORK/err"
rm -rf "$WORK/moved/share/txlint"
expect_status 2 "without models beside it, the binary says where it looked" -- "$WORK/moved/bin/txlint" --no-config .
check "  ... and how to fix it" grep -q "TXLINT_MODELS" "$WORK/err"
finish
