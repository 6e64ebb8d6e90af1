#!/usr/bin/env bash
# `make test`: every check, from a clean clone. Installs what it needs, then
# runs the suites concurrently, each on emulator instances of its own (apart
# from your `make demo` instance), and always stops them again:
#
#   suite         instance (port)              what
#   docs          docs, docs-readme (DOCS_PORT) the command blocks of the README and the labs
#   rehearsal     rehearse (REHEARSE_PORT)      the AWS track, applied unchanged, then destroyed
#   core          test (TEST_PORT)              integration, lab 3 end to end, the console, plan
#   migration     test-migration (TEST_PORT+40) rollback and migration under live traffic
#   reliability   test-reliability (+60)        bursts counted hop by hop, the runtime killed,
#                                               then the conformance suite
#   byo           test-byo (+80)                a learner's own functions and triggers
#   durability    test-durability (+120)        the emulator remembers: down/up, snapshots,
#                                               a crash mid-burst, orphans, damaged files
#
# The static checks (lint, types, Terraform, checkov, unit tests) run in the
# foreground meanwhile. Most suites spend their time waiting (visibility
# timeouts, retries, Terraform's SQS waits), so the two cores are shared well.
# Each suite's output goes to .streamlab/test-logs/<suite>.log and is printed
# whole when it ends; a red run keeps each failing instance's logs, trace and
# state under .streamlab/test-failed/<time>/<instance>/.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
# Terraform (the Makefile's TF_NICE) and the static checks below run at a
# lower CPU priority than the tests: they wait for nothing, while a test waits
# with a time limit for functions that share the two cores with them.
export TF_NICE="nice -n 10"
TEST_PORT=${TEST_PORT:-4610}
MAKE="make --no-print-directory"
LOGS=.streamlab/test-logs
INSTANCES=(test test-migration test-reliability test-byo test-durability)
passed=0 failed=0 failures=()
started_at=$SECONDS
: "${UNIT_TESTS:?run this as make test (the Makefile sets UNIT_TESTS)}"

step() { printf '\n== %s\n' "$1"; [[ -z ${instance:-} ]] || { mkdir -p ".streamlab/$instance" && printf '%s\n' "$1" >".streamlab/$instance/phase"; }; }
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
  out=$(env -u FORCE_COLOR node --import tsx node_modules/uvu/bin.js "$1" "$2" --ignore "(^|/)(\.streamlab|node_modules|build)/" --no-color 2>&1); code=$?
  printf '%s\n' "$out" | grep -v '^\s*$' | grep -Ev '^[ ✓✘•]*$' || true
  total=$(printf '%s' "$out" | awk '/^ *Total:/ {print $2}')
  ok=$(printf '%s' "$out" | awk '/^ *Passed:/ {print $2}')
  passed=$((passed + ${ok:-0})); failed=$((failed + ${total:-1} - ${ok:-0}))
  [[ $code -eq 0 ]] || failures+=("uvu $1 (${instance:-no instance})")
}
# Adds a "N passed, N failed" line of another runner (rehearsal, docs-test) to the totals.
add_summary() { # add_summary NAME LOG PATTERN
  local counts
  counts=$(sed -nE "s/^$3([0-9]+) passed, ([0-9]+) failed$/\\1 \\2/p" "$2" | tail -n 1)
  if [[ -n $counts ]]; then
    passed=$((passed + ${counts% *})) failed=$((failed + ${counts#* }))
    [[ ${counts#* } -eq 0 ]] || failures+=("$1")
  else
    record "$1" 1
  fi
}

# A suite in the background: its output in $LOGS/NAME.log, its totals in
# $LOGS/NAME.totals for collect() (a subshell's counters stay in the subshell).
start_suite() { # start_suite NAME FUNCTION (in a process group of its own, so that finish stops all of it)
  set -m
  ( passed=0 failed=0 failures=()
    "$2"
    kill $(jobs -p) 2>/dev/null # the suite's CPU sampler: the table covers the suite's own time
    { echo "$passed $failed"; printf '%s\n' "${failures[@]}"; } >"$LOGS/$1.totals"
  ) >"$LOGS/$1.log" 2>&1 &
  suite_pids+=("$!") suite_names+=("$1")
  set +m
}
collect() { # collect NAME PID: waits for the suite, prints its log, adds its totals
  local totals
  wait "$2"
  printf '\n######## suite %s (%s)\n' "$1" "$LOGS/$1.log"
  cat "$LOGS/$1.log"
  if [[ -f $LOGS/$1.totals ]]; then
    mapfile -t totals <"$LOGS/$1.totals"
    passed=$((passed + ${totals[0]% *})) failed=$((failed + ${totals[0]#* }))
    for line in "${totals[@]:1}"; do [[ -n $line ]] && failures+=("$line"); done
  else
    record "suite $1 ended without its totals" 1
  fi
}

# One `make test` at a time: two runs would share the test instances' state.
mkdir -p .streamlab
exec 9>.streamlab/test.lock
flock -n 9 || { echo "another make test is running (lock .streamlab/test.lock)"; exit 1; }

step "install"
$MAKE install build || { echo "install failed"; exit 1; }
# The console's browser tests drive Debian's Chromium (make browser installs it).
$MAKE browser || { echo "installing chromium failed"; exit 1; }
node --import tsx tests/conformance/build.ts || { echo "building the conformance probe failed"; exit 1; }
rm -rf "$LOGS" && mkdir -p "$LOGS"

# ---- the suites on instances of their own --------------------------------

# Applies Terraform to a fresh test instance. Its runtime also runs the
# conformance suite's probe function, and scales its own waiting (async retry
# pauses) by 0.01; SQS visibility timeouts stay real. Lab 4's analytics window
# is 10 s instead of 60 (TF_VAR_: the plan checks see the same value). Alarms
# are evaluated every ALARM_MS (default 10 s, as for a learner): each round is
# a few requests, which on every instance at 1 s doubled its idle CPU.
apply_instance() { # apply_instance PORT [ALARM_MS]
  local started=$SECONDS
  export STREAMLAB_TIME_SCALE=0.01 STREAMLAB_INSTANCE=$instance TF_VAR_analytics_window_seconds=10
  # Lab 3's stale processor, rate(5 minutes), runs every 3 s at this time scale:
  # about 1 CPU-s a minute per instance. Only the core suite's test waits for
  # it (it sets stale_schedule); on the others it runs every 60 s.
  export TF_VAR_stale_schedule_expression=${stale_schedule:-rate(100 minutes)}
  if [[ -n ${2:-} ]]; then export STREAMLAB_ALARM_INTERVAL_MS=$2; else unset STREAMLAB_ALARM_INTERVAL_MS; fi
  step "apply Terraform to a fresh instance \"$instance\" (port $1)"
  $MAKE down INSTANCE="$instance" >/dev/null 2>&1
  rm -rf ".streamlab/$instance"
  if $MAKE apply TARGET=local INSTANCE="$instance" PORT="$1" >"$LOGS/$instance-apply.log" 2>&1; then
    echo "applied in $((SECONDS - started)) s"
    record "terraform apply ($instance)" 0
    # CPU of the emulator and the runtime every 10 s, with the phase: kept with a failure's evidence.
    bash local/cpu-sampler.sh ".streamlab/$instance" 10 >".streamlab/$instance/cpu.log" 2>/dev/null &
  else
    tail -30 "$LOGS/$instance-apply.log"
    record "terraform apply ($instance)" 1
    return 1
  fi
}
plan_is_clean() { # plan_is_clean PORT WHAT
  $MAKE -s plan-check TARGET=local INSTANCE="$instance" PORT="$1"; record "plan after $2 is empty ($instance)" $?
}

suite_core() {
  local instance=test port=$TEST_PORT stale_schedule='rate(5 minutes)' # lab 3's test waits for the schedule
  apply_instance $port 1000 || return # lab 3's alarms are waited for
  # The deployed IAM policies, for tests/integration/iam.test.ts.
  $MAKE -s state INSTANCE="$instance" >".streamlab/$instance/state.json"
  step "integration tests (emulator + runtime + real bundles)"
  uvu tests/integration '\.test\.ts$'
  step "lab 3 end to end, delivery_mode=sns"
  uvu tests/lab3-e2e '\.test\.ts$'
  step "the lab console in headless Chromium (playwright-core): the learner's path, screenshots into docs/console/"
  uvu tests/console '\.test\.ts$'
  step "terraform plan is clean after apply"
  plan_is_clean $port "apply"
}

# The rollback and the migration, each under 5 signed webhooks per second;
# lab 3's end-to-end test runs in between, on the polling design.
suite_migration() {
  local instance=test-migration port=$((TEST_PORT + 40))
  apply_instance $port || return
  # Its webhooks flow for as long as migrate.ts's Terraform runs, and each costs
  # about 0.1 CPU-s of the emulator, the runtime and the functions. At nice 10
  # beside the other suites, the rollback's applies took 15 min and 4,308
  # webhooks (the migration back, on a quieter machine, 3 min and 857): its
  # Terraform runs at the tests' priority, so the traffic stays short.
  export TF_NICE=
  step "rollback sns -> sqs under live traffic (scripts/migrate.ts: expand, switch, drain, contract)"
  MIGRATE_TO=sqs uvu tests/migration '\.test\.ts$'
  step "lab 3 end to end, delivery_mode=sqs (the design before the migration)"
  uvu tests/lab3-e2e '\.test\.ts$'
  plan_is_clean $port "the rollback to sqs"
  step "migration sqs -> sns under live traffic"
  MIGRATE_TO=sns uvu tests/migration '\.test\.ts$'
  plan_is_clean $port "the migration to sns"
}

suite_reliability() {
  local instance=test-reliability port=$((TEST_PORT + 60))
  apply_instance $port 2000 || return # the conformance suite's alarm notification
  step "reliability: order bursts counted hop by hop, and the runtime killed mid-burst (1,000 orders + 1,000 webhook messages)"
  uvu tests/reliability '\.test\.ts$'
  step "conformance suite: the local runtime against AWS's documented semantics"
  uvu tests/conformance '\.test\.ts$'
}

# A learner's own functions: no lab applied, only what each example's own
# Terraform creates (tests/byo/examples, deployed through scripts/tflocal.ts).
suite_byo() {
  local instance=test-byo port=$((TEST_PORT + 80))
  step "bring your own function: AWS-documented examples on a fresh instance \"$instance\" (port $port), each its own Terraform root"
  $MAKE down INSTANCE="$instance" >/dev/null 2>&1
  rm -rf ".streamlab/$instance" .streamlab/byo
  if ! STREAMLAB_INSTANCE=$instance $MAKE up INSTANCE="$instance" PORT="$port" >"$LOGS/$instance-up.log" 2>&1; then
    tail -20 "$LOGS/$instance-up.log"
    record "make up ($instance)" 1
    return
  fi
  STREAMLAB_INSTANCE=$instance STREAMLAB_PORT=$port uvu tests/byo '\.test\.ts$'
}

# The emulator remembers (local/emulator/persistence/): each file runs in turn
# on one deployed instance, the damaging ones last.
suite_durability() {
  local instance=test-durability port=$((TEST_PORT + 120)) file
  apply_instance $port || return
  for file in down-up snapshot emulator-crash orphans corruption; do
    step "durability: tests/durability/$file.test.ts"
    uvu tests/durability "^$file\.test\.ts$"
  done
}

suite_rehearsal() {
  step "rehearsal: the AWS track (TARGET=aws unchanged) on a fresh emulator, every step, then destroyed"
  $MAKE -s rehearse >.streamlab/rehearse-run.log 2>&1
  grep -E '^   [✓✗] .*\([0-9]+ s\)$|resources left|^rehearsal: [0-9]+ resources|^failed: ' .streamlab/rehearse-run.log
  add_summary rehearsal .streamlab/rehearse-run.log 'rehearsal: '
  [[ ${failures[*]} != *rehearsal* ]] || tail -n 60 .streamlab/rehearse-run.log
}

suite_docs() {
  # make test-all runs every block, the slow ones too (about 40 minutes: the labs' real waits).
  local args=(--fast) which="make docs-test --fast"
  [[ ${STREAMLAB_DOCS_FULL:-} == 1 ]] && args=() which="every block, the slow ones too"
  step "docs: the command blocks of README.md and docs/lab-*.md, outputs compared ($which)"
  node --import tsx tests/docs/run.ts "${args[@]}" >.streamlab/docs-test.log 2>&1
  grep -E '^(✗|docs-test: [0-9])' .streamlab/docs-test.log
  add_summary docs-test .streamlab/docs-test.log ''
  [[ ${failures[*]} != *docs-test* ]] || grep -A12 '^✗' .streamlab/docs-test.log | cut -c1-300
}

keep_evidence() { # the failing run's instances: logs, trace, state
  local dest=.streamlab/test-failed/$(date -u +%Y%m%dT%H%M%SZ) instance file
  for instance in "${INSTANCES[@]}"; do
    [[ -d .streamlab/$instance ]] || continue
    mkdir -p "$dest/$instance"
    for file in emulator.log runtime.log trace.jsonl cpu.log outputs.json checkpoints.json; do
      [[ -f .streamlab/$instance/$file ]] && cp ".streamlab/$instance/$file" "$dest/$instance/"
    done
    cp .streamlab/"$instance"/apply-*.log .streamlab/"$instance"/migration-*.* "$dest/$instance/" 2>/dev/null
    [[ -d .streamlab/$instance/inbox ]] && cp -r ".streamlab/$instance/inbox" "$dest/$instance/inbox"
  done
  cp "$LOGS"/*.log "$dest/" 2>/dev/null
  for file in "$dest"/*/runtime.log "$dest"/*/emulator.log; do
    [[ -f $file ]] || continue
    printf '\n== last lines of %s\n' "$file"
    tail -n 15 "$file" | cut -c1-400
  done
  printf '\nevidence kept in %s\n' "$dest"
}
finish() {
  local pid instance
  for pid in "${suite_pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done # each suite's whole process group
  pkill -f "cpu-sampler.sh .streamlab/test" 2>/dev/null
  # All at once: one after another, eight instances took about 30 s.
  local stopping=()
  for instance in "${INSTANCES[@]}" docs docs-readme rehearse; do
    [[ -f .streamlab/$instance/emulator.pid ]] || continue
    $MAKE down INSTANCE="$instance" >/dev/null 2>&1 &
    stopping+=("$!")
  done
  [[ ${#stopping[@]} -eq 0 ]] || wait "${stopping[@]}"
  for instance in "${INSTANCES[@]}"; do rm -rf ".streamlab/$instance"; done
}
suite_pids=() suite_names=()
trap finish EXIT
trap 'exit 130' INT TERM # so that finish runs when make test is stopped

printf '\nstarting the suites in the background (logs in %s/): ' "$LOGS"
for suite in docs rehearsal core migration reliability byo durability; do
  start_suite "$suite" "suite_$suite"
  printf '%s ' "$suite"
done
printf '\n'

# ---- the static checks, in the foreground meanwhile ------------------------
renice -n 10 -p $$ >/dev/null # this shell and what it starts from here on (see TF_NICE)

step "lint: Biome (TypeScript), ruff and mypy (the emulator); configuration in biome.jsonc, ruff.toml, mypy.ini"
node_modules/.bin/biome lint --error-on-warnings --max-diagnostics=20 . 2>&1 | grep -vE '^\s*$'; record "biome lint" "${PIPESTATUS[0]}"
.venv/bin/ruff check .; record "ruff" $?
.venv/bin/mypy; record "mypy" $?

step "typecheck: tsc --build, strict, every project (an import that runs back up fails)"
node_modules/.bin/tsc --build; record "typecheck (tsc --build)" $?

step "terraform fmt -check"
TF_CLI_CONFIG_FILE=.streamlab/terraformrc terraform fmt -check -recursive terraform; record "terraform fmt" $?

step "terraform validate"
$MAKE -s validate; record "terraform validate" $?

step "checkov (pinned) over terraform/"
if [[ ! -f .venv-checks/.installed || local/requirements-checks.txt -nt .venv-checks/.installed ]]; then
  python3 -m venv --without-pip .venv-checks && .venv/bin/uv pip install --quiet --native-tls --python .venv-checks/bin/python -r local/requirements-checks.txt && touch .venv-checks/.installed
fi
.venv-checks/bin/checkov -d terraform --framework terraform --quiet --compact --skip-download >.streamlab/checkov.log 2>&1
checkov_code=$?
grep -E "Passed checks|FAILED for|Check:" .streamlab/checkov.log | grep -v "^$" || tail -5 .streamlab/checkov.log
record checkov $checkov_code

step "unit tests (no emulator)"
uvu . "$UNIT_TESTS"

step "unit tests of the emulator's patches against moto in process (pytest), and the patch registry against the pinned moto"
out=$(cd local && ../.venv/bin/python -m pytest -q -p no:cacheprovider -rfE emulator 2>&1); code=$?
printf '%s\n' "$out" | grep -E '^(FAILED|ERROR)|passed|failed' | sed 's/^/  /'
ok=$(printf '%s' "$out" | sed -nE 's/(^|.* )([0-9]+) passed.*/\2/p' | tail -1)
bad=$(printf '%s' "$out" | grep -oE '[0-9]+ (failed|error)' | awk '{n += $1} END {print n + 0}')
passed=$((passed + ${ok:-0})) failed=$((failed + bad))
[[ $code -eq 0 && -n $ok ]] || { failures+=("emulator pytest"); [[ -n $ok || $bad -gt 0 ]] || failed=$((failed + 1)); }
printf '\nstatic checks done at %d s; waiting for the suites\n' $((SECONDS - started_at))

# ---- the suites' results, in a fixed order ---------------------------------
for i in "${!suite_names[@]}"; do
  collect "${suite_names[$i]}" "${suite_pids[$i]}"
done
suite_pids=()

# Which suites use the CPU and which wait: the mean share of one core, per
# phase, of each test instance's emulator and runtime (local/cpu-sampler.sh,
# every 10 s). The rest of the time they wait: visibility timeouts, retries.
printf '\nCPU per phase (mean %% of one core, emulator + runtime; samples in %s/<instance>-cpu.log):\n' "$LOGS"
for instance in "${INSTANCES[@]}"; do
  [[ -f .streamlab/$instance/cpu.log ]] || continue
  cp ".streamlab/$instance/cpu.log" "$LOGS/$instance-cpu.log"
  awk -v instance="$instance" 'NR > 1 && NF >= 6 { phase = substr($0, index($0, $6)); cpu[phase] += $2 + $3; n[phase]++; if (!(phase in seen)) { seen[phase] = 1; order[++k] = phase } }
    END { for (i = 1; i <= k; i++) printf "  %-17s %5.0f %%  %4d s  %s\n", instance, cpu[order[i]] / n[order[i]], n[order[i]] * 10, substr(order[i], 1, 90) }' "$LOGS/$instance-cpu.log"
done
if [[ $failed -gt 0 || ${#failures[@]} -gt 0 ]]; then
  keep_evidence
  printf 'failed: %s\n' "${failures[@]}"
fi
# The instances stopped inside the timer: the time is what you wait for.
finish
trap - EXIT
printf '\nmake test took %d min %d s, stopping its instances included\n' $(((SECONDS - started_at) / 60)) $(((SECONDS - started_at) % 60))
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && ${#failures[@]} -eq 0 ]]
