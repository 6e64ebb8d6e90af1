#!/usr/bin/env bash
# `make rehearse`: the AWS track, offline and free. A fresh emulator instance
# stands in for your AWS account: TARGET=aws is applied unchanged (its own
# values and code paths; no local_endpoint), with only the SDK's standard
# AWS_ENDPOINT_URL and dummy credentials pointing at the emulator. Then every
# step of the README's AWS track runs as a learner runs it, `make destroy
# TARGET=aws` removes it all, and the AWS APIs are asked what is left.
#   REHEARSE_PORT   emulator port (default 4710; the runtime and console take the ports above, local/ports.sh)
# Ends with "rehearsal: N passed, N failed"; exit 1 if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
instance=rehearse
port=${REHEARSE_PORT:-4710}
dir=.streamlab/$instance
log=.streamlab/rehearse.log
MAKE="make --no-print-directory"
passed=0 failed=0 failures=()

# The AWS target, pointed at the emulator the standard way; nothing of yours is used.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export STREAMLAB_INSTANCE=$instance AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
# The learner's `cp terraform/terraform.tfvars.example terraform/terraform.tfvars`, without touching yours.
export AWS_VARS_FILE=terraform.tfvars.example
# The one mapping only the rehearsal sets: function URLs (https://<id>.lambda-url.<region>.on.aws/)
# are sent to the runtime, which serves them by host name (packages/labs/src/function-url.ts).
. local/ports.sh && ports_of "$port"
export STREAMLAB_FUNCTION_URL_ENDPOINT=http://127.0.0.1:$runtime_port
aws="TARGET=aws INSTANCE=$instance"
prefix=$(sed -nE 's/^project_name *= *"([^"]+)".*/\1/p' terraform/terraform.tfvars.example)-$(sed -nE 's/^environment *= *"([^"]+)".*/\1/p' terraform/terraform.tfvars.example)

# step NAME COMMAND...: runs one step, shows its output indented, counts it.
step() {
  local name=$1 started=$SECONDS code
  shift
  printf '\n== %s\n   $ %s\n' "$name" "$*"
  "$@" >"$dir/step.log" 2>&1
  code=$?
  sed 's/^/   /' "$dir/step.log" | tail -n 40
  cat "$dir/step.log" >>"$log"
  if [[ $code -eq 0 ]]; then
    passed=$((passed + 1))
    printf '   ✓ %s (%d s)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1)) failures+=("$name")
    printf '   ✗ %s: exit %d (%d s)\n' "$name" "$code" $((SECONDS - started))
  fi
  return $code
}
count() { grep -oE "$1" "$log" | tail -n 1 | grep -oE '[0-9]+' | head -n 1; }

$MAKE down INSTANCE=$instance >/dev/null 2>&1
rm -rf "$dir" && mkdir -p "$dir" && : >"$log"
trap '$MAKE down INSTANCE=$instance >/dev/null 2>&1' EXIT
started=$SECONDS
echo "Rehearsing the AWS track on a fresh emulator (AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL, dummy credentials, resources named $prefix-…)"

step "a fresh emulator stands in for your account (make up)" $MAKE up INSTANCE=$instance PORT=$port || exit 1
if step "make demo TARGET=aws (applies the AWS target, then runs labs 1 to 4)" $MAKE demo $aws; then
  created=$(count 'Resources: [0-9]+ added')
  step "the plan after apply is clean" $MAKE plan-check $aws
  step "confirm the two emails (what clicking their links does on AWS)" $MAKE confirm $aws
  step "make status TARGET=aws" $MAKE status $aws
  step "insert-messages.ts --target aws" node --import tsx scripts/insert-messages.ts --target aws
  step "end-to-end-test.ts --target aws" node --import tsx scripts/end-to-end-test.ts --target aws
  step "sns-test.ts --target aws" node --import tsx scripts/sns-test.ts --target aws
  step "publish-order.ts --target aws" node --import tsx scripts/publish-order.ts --target aws
  step "orders.ts --target aws" node --import tsx scripts/orders.ts --target aws
  step "send-webhook.ts --target aws --wait" node --import tsx scripts/send-webhook.ts --target aws --wait
  step "replies.ts --target aws" node --import tsx scripts/replies.ts --target aws
  step "run-stale.ts --target aws" node --import tsx scripts/run-stale.ts --target aws
  step "dlq.ts --target aws" node --import tsx scripts/dlq.ts --target aws
  step "lab4.ts post --target aws (the web app's API at its AWS host name)" node --import tsx scripts/lab4.ts post --target aws --author alice --text "Rehearsing lab four on the AWS track"
  step "lab4.ts search --target aws (after the indexer's 1 s batching window)" bash -c 'sleep 3 && out=$(node --import tsx scripts/lab4.ts search --target aws --query "rehearsing lab four") && echo "$out" && ! grep -q ": 0 hit" <<<"$out"'
  step "lab4.ts preferences --target aws (becomes the subscription's filter policy)" node --import tsx scripts/lab4.ts preferences --target aws --email you@example.com --authors alice --mute spoiler
  step "lab4.ts digest --target aws" node --import tsx scripts/lab4.ts digest --target aws
  step "migrate.ts --target aws --to sqs (lab 3's rollback: expand, switch, drain, contract)" node --import tsx scripts/migrate.ts --target aws --to sqs
  step "send-webhook.ts --target aws --wait (after the rollback)" node --import tsx scripts/send-webhook.ts --target aws --wait
  step "every output the scripts read is there" node --import tsx -e "
    import { loadTarget } from './packages/kit/src/target.ts';
    const t = loadTarget('aws');
    console.log('target ' + t.name + ', region ' + t.region + ', endpoint ' + (t.endpoint ?? '(none: the SDK default, here AWS_ENDPOINT_URL)') + ', webhook ' + t.lab3.webhook_url);"
fi
step "make destroy TARGET=aws" $MAKE destroy $aws
destroyed=$(count 'Resources: [0-9]+ destroyed')
step "nothing is left (asked through the AWS APIs)" node --import tsx local/rehearsal/leftovers.ts "$prefix"

printf '\nrehearsal: %s resources created, %s destroyed, %d s; full log %s\n' "${created:-?}" "${destroyed:-?}" $((SECONDS - started)) "$log"
[[ ${#failures[@]} -eq 0 ]] || printf 'failed: %s\n' "${failures[@]}"
echo "rehearsal: $passed passed, $failed failed"
[[ $failed -eq 0 ]] || exit 1
$MAKE down INSTANCE=$instance >/dev/null 2>&1
rm -rf "$dir" # a failed rehearsal keeps its state and logs for a look
