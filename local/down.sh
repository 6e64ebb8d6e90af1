#!/usr/bin/env bash
# Stops an instance's console, runtime and emulator. The emulator writes a
# snapshot of its state first (its journal already holds every change, so a
# snapshot only makes the next start quicker); `make up` brings it all back.
# With STREAMLAB_PERSIST=off the state was in memory only, so the instance's
# local Terraform state is void afterwards and goes too.
#   local/down.sh INSTANCE
set -euo pipefail
cd "$(dirname "$0")/.."
instance=${1:?usage: down.sh INSTANCE}
dir=.streamlab/$instance
# Not while up.sh starts this instance (it holds the same lock).
if [[ -d $dir ]]; then
  exec {lifecycle}>"$dir/lifecycle.lock"
  flock "$lifecycle"
fi

# Each process leads a process group of its own (up.sh starts it with setsid):
# the whole group stops, the leader's children too, even after the leader died.
stop() {
  local name=$1 pidfile=$dir/$1.pid
  [[ -f $pidfile ]] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; then
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    # A frozen function instance (the runtime stops idle ones, as Lambda
    # freezes them) acts on SIGTERM once continued: left by a runtime that
    # died first, it would otherwise wait for the SIGKILL below.
    kill -CONT -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null || true
    kill -9 "$pid" 2>/dev/null || true
    echo "$name: stopped (instance $instance)"
  fi
  rm -f "$pidfile"
}

# The emulator's port, from the endpoints file up.sh wrote.
save_state() {
  [[ -f $dir/emulator.pid && -f $dir/endpoints.tfvars.json ]] || return 0
  kill -0 "$(cat "$dir/emulator.pid")" 2>/dev/null || return 0
  .venv/bin/python - "$dir/endpoints.tfvars.json" <<'PY' || echo "emulator: no snapshot written (its journal still holds every change)"
import json, sys, urllib.request
endpoint = json.load(open(sys.argv[1]))["local_endpoint"]
with urllib.request.urlopen(urllib.request.Request(endpoint + "/_streamlab/state/snapshot", method="POST"), timeout=120) as answer:
    report = json.load(answer)
if report.get("persist") == "off":
    sys.exit(0)
if not report.get("ok"):
    sys.exit(1)
print(f"emulator: state saved (snapshot {report['generation']}, {report['bytes'] / 1e6:.1f} MB in {report['seconds']:.1f} s)")
PY
}

stop console
stop runtime
save_state
stop emulator
if [[ ${STREAMLAB_PERSIST:-on} == off ]] || ! compgen -G "$dir/state/*-[0-9]*.*" >/dev/null; then
  rm -f "$dir"/terraform.tfstate* "$dir/outputs.json" "$dir/checkpoints.json"
fi
