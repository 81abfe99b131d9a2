#!/bin/bash
# The composite GitHub Action (action.yml), read with a real YAML parser (the
# pinned `yaml` package of tests/tools/): its inputs and steps, and then its
# lint and gate steps run here as the runner would run them (bash, the step's
# env with its ${{ }} expressions evaluated, $GITHUB_OUTPUT), on a leaking and
# a clean project, so the SARIF it would upload and the exit status it would
# fail the job with are the real ones. The install and build steps are not
# run (they apt-get and compile; scripts/test does both anyway).
source "$(dirname "$0")/lib/common.bash" "$@"
YAML_DIR=$SRCDIR/tests/tools/node_modules/yaml
if [ ! -d "$YAML_DIR" ]; then
  fail "tests/tools/node_modules/yaml missing (scripts/bootstrap --test runs npm ci there)"
  finish
  exit 1
fi
VALIDATE=$SRCDIR/../shared/tools/validate-sarif
cd "$WORK" || exit 1
node -e 'const Y=require(process.argv[1]);const fs=require("fs");
fs.writeFileSync("action.json",JSON.stringify(Y.parse(fs.readFileSync(process.argv[2],"utf8")),null,1))' \
  "$YAML_DIR" "$SRCDIR/action.yml"
check "action.yml parses as YAML" test -s action.json
A=action.json
check "a composite action with name, description and branding" json_true $A \
  "d.runs.using==='composite'&&d.name==='txlint'&&d.description.length>10&&d.branding.icon"
check "inputs paths, args, sarif-file, fail-on, upload, category, each described, with defaults" json_true $A \
  "['paths','args','sarif-file','fail-on','upload','category'].every(k=>d.inputs[k]&&d.inputs[k].description&&typeof d.inputs[k].default==='string')&&d.inputs.paths.default==='.'&&d.inputs['sarif-file'].default==='txlint.sarif'&&d.inputs.upload.default==='true'&&d.inputs['fail-on'].default==='warning'"
check "outputs exit-code and sarif-file from the lint step" json_true $A \
  "d.outputs['exit-code'].value.includes('steps.lint.outputs.exit-code')&&d.outputs['sarif-file'].value.includes('steps.lint.outputs.sarif-file')"
S='d.runs.steps'
check "steps in order: install, build, lint, upload, gate" json_true $A \
  "$S.length===5&&/scripts\/bootstrap/.test($S[0].run)&&$S[1].id==='build'&&/cmake --build/.test($S[1].run)&&$S[2].id==='lint'&&/upload-sarif/.test($S[3].uses)&&/exit/.test($S[4].run)"
check "every run step names its shell (composite actions require it)" json_true $A \
  "$S.filter(s=>s.run).every(s=>s.shell==='bash')"
check "no \${{ }} expression inside a script (inputs go through env)" json_true $A \
  "$S.filter(s=>s.run).every(s=>!s.run.includes('\${{'))"
check "the upload is github/codeql-action/upload-sarif pinned by a commit SHA" json_true $A \
  "/^github\/codeql-action\/upload-sarif@[0-9a-f]{40}$/.test($S[3].uses)"
check "the upload sends inputs.sarif-file with inputs.category" json_true $A \
  "$S[3].with.sarif_file.includes('inputs.sarif-file')&&$S[3].with.category.includes('inputs.category')"
check "the build passes the documentation URL of the action's own repository" json_true $A \
  "/TXLINT_HOME_URL=.*GITHUB_ACTION_REPOSITORY/.test($S[1].run)"

# run_step INDEX INPUTS-JSON: runs step INDEX's script like the runner: its
# env with ${{ }} evaluated (inputs from INPUTS-JSON over the defaults,
# steps.build.outputs.bin = this build's txlint, earlier outputs from
# steps.json), bash -e, $GITHUB_OUTPUT collected into steps.json. Prints the
# script's exit status. `eval_if INDEX INPUTS-JSON` evaluates the step's if.
cat >runner.js <<'JS'
const fs = require('fs'), cp = require('child_process');
const [mode, index, inputsJson, txlint] = process.argv.slice(2);
const action = JSON.parse(fs.readFileSync('action.json', 'utf8'));
const step = action.runs.steps[+index];
const inputs = {};
for (const [k, v] of Object.entries(action.inputs)) inputs[k] = v.default;
Object.assign(inputs, JSON.parse(inputsJson));
const steps = fs.existsSync('steps.json') ? JSON.parse(fs.readFileSync('steps.json', 'utf8')) : {};
steps.build = { outputs: { bin: txlint } };
const ctx = { inputs, steps, github: { action_path: process.env.SRCDIR } };
// The expression subset action.yml uses: contexts, 'strings', ==, !=, &&, ||, !, always().
function evaluate(expr) {
  const js = expr.replace(/'([^']*)'|([A-Za-z_][\w.-]*(?:\(\))?)|(==|!=)/g, (m, str, name, op) => {
    if (str !== undefined) return JSON.stringify(str);
    if (op) return op + '=';
    if (name === 'always()') return 'true';
    if (name === 'true' || name === 'false') return name;
    const v = name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), ctx);
    return JSON.stringify(v === undefined ? '' : v);
  });
  return Function('"use strict";return (' + js + ')')();
}
const subst = s => String(s).replace(/\$\{\{([^}]*)\}\}/g, (m, e) => String(evaluate(e.trim())));
if (mode === 'if') {
  const cond = (step.if || 'success()').replace(/^\$\{\{|\}\}$/g, '');
  console.log(evaluate(cond) ? 'run' : 'skip');
  process.exit(0);
}
const out = process.cwd() + '/github_output.txt';
fs.writeFileSync(out, '');
const env = { ...process.env, GITHUB_OUTPUT: out, GITHUB_ACTION_PATH: process.env.SRCDIR, RUNNER_TEMP: process.cwd() };
for (const [k, v] of Object.entries(step.env || {})) env[k] = subst(v);
const r = cp.spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
                       { env, cwd: process.env.PROJECT, stdio: ['ignore', fs.openSync('step.out', 'w'), 'inherit'] });
const outputs = {};
for (const line of fs.readFileSync(out, 'utf8').split('\n')) {
  const m = /^([^=]+)=(.*)$/.exec(line);
  if (m) outputs[m[1]] = m[2];
}
if (step.id) steps[step.id] = { outputs };
delete steps.build;
fs.writeFileSync('steps.json', JSON.stringify(steps));
console.log(r.status);
JS
export SRCDIR
run_step() { node runner.js run "$1" "$2" "$TXLINT"; }
eval_if() { node runner.js if "$1" "$2" "$TXLINT"; }

make_project leaky
mkdir -p clean/src && printf 'export const add = (a, b) => a + b;\n' >clean/src/util.js

export PROJECT=$WORK/leaky
rm -f steps.json
st=$(run_step 2 '{}')
check "lint step on a leaking project: the step itself succeeds" test "$st" = 0
check "… exit-code=1, sarif-written=true in \$GITHUB_OUTPUT" json_true steps.json \
  "d.lint.outputs['exit-code']==='1'&&d.lint.outputs['sarif-written']==='true'&&d.lint.outputs['sarif-file']==='txlint.sarif'"
check "… annotations in the log (::error workflow commands)" grep -q '^::error file=src/routes/users.js,line=3,col=24,' step.out
check "… the SARIF log has the results" json_true leaky/txlint.sarif "d.runs[0].results.length>=4"
if [ -x "$VALIDATE" ]; then
  "$VALIDATE" --strict leaky/txlint.sarif >validate.out 2>&1
  check "… and passes validate-sarif --strict" test $? = 0
fi
check "upload step runs (upload: true, SARIF written)" test "$(eval_if 3 '{}')" = run
check "upload step is skipped with upload: false" test "$(eval_if 3 '{"upload":"false"}')" = skip
st=$(run_step 4 '{}')
check "gate step fails the job with txlint's status 1" test "$st" = 1

rm -f steps.json
mkdir -p leaky/out
st=$(run_step 2 '{"fail-on":"never","sarif-file":"out/x.sarif","args":"--rule transaction-on-pool","paths":"src/db src/routes"}')
check "fail-on never, another sarif-file, args and paths: exit-code=0" json_true steps.json \
  "d.lint.outputs['exit-code']==='0'&&d.lint.outputs['sarif-file']==='out/x.sarif'"
check "… the SARIF has only that rule's results" json_true leaky/out/x.sarif \
  "d.runs[0].results.length>0&&d.runs[0].results.every(r=>r.ruleId==='transaction-on-pool')"
check "… and the gate passes" test "$(run_step 4 '{}')" = 0

rm -f steps.json
st=$(run_step 2 '{"args":"--no-such-option"}')
check "a bad option: exit-code=2, no SARIF, so no upload" json_true steps.json \
  "d.lint.outputs['exit-code']==='2'&&d.lint.outputs['sarif-written']==='false'"
check "… upload skipped" test "$(eval_if 3 '{}')" = skip
check "… the gate fails the job" test "$(run_step 4 '{}')" = 2

export PROJECT=$WORK/clean
rm -f steps.json
run_step 2 '{}' >/dev/null
check "a clean project: exit-code=0, SARIF written" json_true steps.json \
  "d.lint.outputs['exit-code']==='0'&&d.lint.outputs['sarif-written']==='true'"
check "… gate passes" test "$(run_step 4 '{}')" = 0
finish
