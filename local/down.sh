#!/usr/bin/env bash
# Stops an instance's runtime and emulator. The emulator keeps its state in
# memory only, so the instance's local Terraform state is void afterwards.
#   local/down.sh INSTANCE
set -euo pipefail
cd "$(dirname "$0")/.."
instance=${1:?usage: down.sh INSTANCE}
dir=.streamlab/$instance

# Each process leads a process group of its own (up.sh starts it with setsid):
# the whole group stops, the leader's children too, even after the leader died.
stop() {
  local name=$1 pidfile=$dir/$1.pid
  [[ -f $pidfile ]] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; then
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null || true
    kill -9 "$pid" 2>/dev/null || true
    echo "$name: stopped (instance $instance)"
  fi
  rm -f "$pidfile"
}

stop console
stop runtime
stop emulator
rm -f "$dir"/terraform.tfstate* "$dir/outputs.json" "$dir/checkpoints.json"
