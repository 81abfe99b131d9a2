#!/bin/bash
# begin-without-rollback's schema change transactions (engine/txddl.c): the
# fixture's DDL-only transactions left open on an error return are notes, the
# same shapes with a data statement, a helper, a temporary table or SQL built
# at run time stay errors. The fixture runner checks messages only; this
# checks the levels.
source "$(dirname "$0")/lib/common.bash" "$@"
mkdir -p "$WORK/app/.git" && cp "$SRCDIR/fixtures/begin-without-rollback/go/schemachange/steps.go" "$WORK/app/"
cd "$WORK/app" || exit 1
"$TXLINT" --format json -o "$WORK/out.json" steps.go 2>"$WORK/err"
levels=$(json_get "$WORK/out.json" \
  'd.findings.filter(f => f.rule === "begin-without-rollback").map(f => f.line + ":" + f.level).join(",")')
check "DDL-only notes, the others errors ($levels)" [ "$levels" = "24:note,39:error,69:note,83:error,103:error,115:error" ]
finish
