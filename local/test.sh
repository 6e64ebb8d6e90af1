#!/usr/bin/env bash
# `make test`: every check, from a clean clone. Installs what it needs, starts
# its own emulator instance ("test", on TEST_PORT, apart from your `make demo`
# instance), applies Terraform once, runs the suites, and always stops it again.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
TEST_PORT=${TEST_PORT:-4610}
MAKE="make --no-print-directory"
passed=0 failed=0 failures=()

step() { printf '\n== %s\n' "$1"; mkdir -p .streamlab/test && printf '%s\n' "$1" >.streamlab/test/phase; }
record() { # record NAME EXIT_CODE
  if [[ $2 -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}
# Runs uvu on files matching a pattern and adds its counts to the totals
# (--no-color: uvu's summary in plain text, "Total: N" and "Passed: N". Without
# it uvu sets FORCE_COLOR for everything it runs; FORCE_COLOR from the caller is
# dropped too. NO_COLOR is not used: with both set, Node warns on stderr in
# every script a test runs).
uvu() { # uvu DIR PATTERN
  local out code total ok
  out=$(env -u FORCE_COLOR node --import tsx node_modules/uvu/bin.js "$1" "$2" --no-color 2>&1); code=$?
  printf '%s\n' "$out" | grep -v '^\s*$' | grep -Ev '^[ ✓✘•]*$' || true
  total=$(printf '%s' "$out" | awk '/^ *Total:/ {print $2}')
  ok=$(printf '%s' "$out" | awk '/^ *Passed:/ {print $2}')
  passed=$((passed + ${ok:-0})); failed=$((failed + ${total:-1} - ${ok:-0}))
  [[ $code -eq 0 ]] || failures+=("uvu $1")
}

# One `make test` at a time: two runs would share the test instance's state.
mkdir -p .streamlab
exec 9>.streamlab/test.lock
flock -n 9 || { echo "another make test is running (lock .streamlab/test.lock)"; exit 1; }

step "install"
$MAKE install build || { echo "install failed"; exit 1; }
# The console's browser tests drive Debian's Chromium (make browser installs it).
$MAKE browser || { echo "installing chromium failed"; exit 1; }

# The docs' command blocks (make docs-test --fast) run on instances of their
# own from here on, beside the static checks and the rehearsal: they spend most
# of their time waiting (Terraform's SQS waits, the labs' retries).
node_modules/.bin/tsx tests/docs/run.ts --fast >.streamlab/docs-test.log 2>&1 &
docs_test=$!

step "typecheck (tsc --noEmit, strict)"
node_modules/.bin/tsc --noEmit; record typecheck $?
node_modules/.bin/tsc --noEmit -p console/web; record "typecheck (console web app)" $?

step "lint: Biome (TypeScript), ruff and mypy (the emulator); configuration in biome.jsonc, ruff.toml, mypy.ini"
node_modules/.bin/biome lint --error-on-warnings --max-diagnostics=20 . 2>&1 | grep -vE '^\s*$'; record "biome lint" ${PIPESTATUS[0]}
.venv/bin/ruff check .; record "ruff" $?
.venv/bin/mypy; record "mypy" $?

step "terraform fmt -check"
terraform fmt -check -recursive terraform; record "terraform fmt" $?

step "terraform validate"
$MAKE -s validate; record "terraform validate" $?

step "checkov (pinned) over terraform/"
if [[ ! -f .venv-checks/.installed || local/requirements-checks.txt -nt .venv-checks/.installed ]]; then
  python3 -m venv .venv-checks && .venv-checks/bin/pip install --quiet --disable-pip-version-check -r local/requirements-checks.txt && touch .venv-checks/.installed
fi
.venv-checks/bin/checkov -d terraform --framework terraform --quiet --compact --skip-download >.streamlab/checkov.log 2>&1
checkov_code=$?
grep -E "Passed checks|FAILED for|Check:" .streamlab/checkov.log | grep -v "^$" || cat .streamlab/checkov.log | tail -5
record checkov $checkov_code

step "unit tests (no emulator)"
uvu . '(lambdas|scripts|local|console/server|terraform/helpers|tests/docs)/.*\.test\.ts$'

step "unit tests of the emulator's patches against moto in process (pytest), and the patch registry against the pinned moto"
out=$(cd local && ../.venv/bin/python -m pytest -q -p no:cacheprovider -rfE emulator 2>&1); code=$?
printf '%s\n' "$out" | grep -E '^(FAILED|ERROR)|passed|failed' | sed 's/^/  /'
ok=$(printf '%s' "$out" | sed -nE 's/(^|.* )([0-9]+) passed.*/\2/p' | tail -1)
bad=$(printf '%s' "$out" | grep -oE '[0-9]+ (failed|error)' | awk '{n += $1} END {print n + 0}')
passed=$((passed + ${ok:-0})) failed=$((failed + bad))
[[ $code -eq 0 && -n $ok ]] || { failures+=("emulator pytest"); [[ -n $ok || $bad -gt 0 ]] || failed=$((failed + 1)); }

step "rehearsal: the AWS track (TARGET=aws unchanged) on a fresh emulator, every step, then destroyed"
$MAKE -s rehearse >.streamlab/rehearse-run.log 2>&1
grep -E '^   [✓✗] .*\([0-9]+ s\)$|resources left|^rehearsal: [0-9]+ resources|^failed: ' .streamlab/rehearse-run.log
counts=$(sed -nE 's/^rehearsal: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' .streamlab/rehearse-run.log)
if [[ -n $counts ]]; then
  passed=$((passed + ${counts% *})) failed=$((failed + ${counts#* }))
  [[ ${counts#* } -eq 0 ]] || { failures+=("rehearsal"); tail -n 60 .streamlab/rehearse-run.log; }
else
  record "rehearsal" 1; tail -n 60 .streamlab/rehearse-run.log
fi

step "docs: the command blocks of README.md and docs/lab-*.md, outputs compared (make docs-test --fast)"
wait $docs_test
grep -E '^(✗|docs-test: [0-9])' .streamlab/docs-test.log
counts=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' .streamlab/docs-test.log)
if [[ -n $counts ]]; then
  passed=$((passed + ${counts% *})) failed=$((failed + ${counts#* }))
  [[ ${counts#* } -eq 0 ]] || { failures+=("docs-test"); grep -A12 '^✗' .streamlab/docs-test.log | cut -c1-300; }
else
  record "docs-test" 1; tail -n 40 .streamlab/docs-test.log
fi

step "integration: start the test instance and apply Terraform once (port $TEST_PORT)"
# The test instance's runtime also runs the conformance suite's probe function,
# and scales its own waiting (async retry pauses) by 0.01; SQS visibility
# timeouts stay real.
node --import tsx tests/conformance/build.ts || record "build conformance probe" 1
export STREAMLAB_TIME_SCALE=0.01 STREAMLAB_ALARM_INTERVAL_MS=1000 STREAMLAB_BUILD_DIRS=build/lambdas:build/conformance
# On exit the instance is stopped. A green run deletes it; a red one keeps its
# logs, trace and state under .streamlab/test-failed/<time>/ and prints their
# last lines, so the cause of a failure seen once can still be read.
keep_evidence() {
  local dest=.streamlab/test-failed/$(date -u +%Y%m%dT%H%M%SZ) file
  mkdir -p "$dest"
  for file in emulator.log runtime.log trace.jsonl cpu.log outputs.json checkpoints.json; do
    [[ -f .streamlab/test/$file ]] && cp .streamlab/test/$file "$dest/"
  done
  cp .streamlab/test-apply*.log .streamlab/test/apply-*.log .streamlab/test/migration-*.* "$dest/" 2>/dev/null
  [[ -d .streamlab/test/inbox ]] && cp -r .streamlab/test/inbox "$dest/inbox"
  for file in emulator.log runtime.log trace.jsonl; do
    [[ -f $dest/$file ]] || continue
    printf '\n== last lines of the failing instance'"'"'s %s\n' "$file"
    tail -n 25 "$dest/$file" | cut -c1-400
  done
  printf '\nevidence kept in %s\n' "$dest"
}
finish() {
  [[ -n ${sampler:-} ]] && kill "$sampler" 2>/dev/null
  if [[ -n ${docs_test:-} ]] && kill "$docs_test" 2>/dev/null; then
    $MAKE down INSTANCE=docs >/dev/null 2>&1; $MAKE down INSTANCE=docs-readme >/dev/null 2>&1
  fi
  $MAKE down INSTANCE=test >/dev/null 2>&1
  rm -rf .streamlab/test
}
trap finish EXIT
$MAKE down INSTANCE=test >/dev/null 2>&1
rm -rf .streamlab/test
started=$(date +%s)
if $MAKE apply TARGET=local INSTANCE=test PORT=$TEST_PORT >.streamlab/test-apply.log 2>&1; then
  echo "applied in $(( $(date +%s) - started )) s"
  record "terraform apply (test instance)" 0
  # CPU of the emulator and the runtime every 10 s, with the phase: kept with a failure's evidence.
  bash local/cpu-sampler.sh .streamlab/test 10 >.streamlab/test/cpu.log 2>/dev/null &
  sampler=$!
  $MAKE -s state INSTANCE=test >.streamlab/test/state.json
  step "integration tests (emulator + runtime + real bundles)"
  STREAMLAB_INSTANCE=test uvu tests/integration '\.test\.ts$'
  step "lab 3 end to end, delivery_mode=sns"
  STREAMLAB_INSTANCE=test uvu tests/lab3-e2e '\.test\.ts$'
  step "reliability: order bursts counted hop by hop, and the runtime killed mid-burst (1,000 orders + 1,000 webhook messages)"
  STREAMLAB_INSTANCE=test uvu tests/reliability '\.test\.ts$'
  step "conformance suite: the local runtime against AWS's documented semantics"
  STREAMLAB_INSTANCE=test uvu tests/conformance '\.test\.ts$'
  step "the lab console in headless Chromium (playwright-core): the learner's path, screenshots into docs/console/"
  STREAMLAB_INSTANCE=test uvu tests/console '\.test\.ts$'
  step "terraform plan is clean after apply"
  $MAKE -s plan-check TARGET=local INSTANCE=test PORT=$TEST_PORT; record "plan after apply is empty" $?
  # The rollback and the migration, each under 5 signed webhooks per second;
  # lab 3's end-to-end test runs again in between, on the polling design.
  step "rollback sns -> sqs under live traffic (scripts/migrate.ts: expand, switch, drain, contract)"
  MIGRATE_TO=sqs STREAMLAB_INSTANCE=test uvu tests/migration '\.test\.ts$'
  step "lab 3 end to end, delivery_mode=sqs (the design before the migration)"
  STREAMLAB_INSTANCE=test uvu tests/lab3-e2e '\.test\.ts$'
  $MAKE -s plan-check TARGET=local INSTANCE=test PORT=$TEST_PORT; record "plan after the rollback to sqs is empty" $?
  step "migration sqs -> sns under live traffic"
  MIGRATE_TO=sns STREAMLAB_INSTANCE=test uvu tests/migration '\.test\.ts$'
  $MAKE -s plan-check TARGET=local INSTANCE=test PORT=$TEST_PORT; record "plan after the migration to sns is empty" $?
else
  tail -30 .streamlab/test-apply.log
  record "terraform apply (test instance)" 1
fi

printf '\n'
if [[ $failed -gt 0 || ${#failures[@]} -gt 0 ]]; then
  keep_evidence
  printf 'failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && ${#failures[@]} -eq 0 ]]
