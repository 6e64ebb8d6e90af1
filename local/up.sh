#!/usr/bin/env bash
# Starts an emulator instance (moto, patched by local/emulator/) and the local
# Lambda runtime beside it. Idempotent: a healthy instance is left running.
#   local/up.sh INSTANCE PORT      (make up runs: local/up.sh local 4566)
# Everything of the instance lives in .streamlab/INSTANCE: logs, pids, outbox,
# stream checkpoints, the Terraform state of the local target, and state/: the
# emulator's snapshot and journal (local/emulator/persistence/), from which a
# new emulator comes back as the last one left off. STREAMLAB_PERSIST=off keeps
# everything in memory only, as before; =fsync also survives a power cut.
# Each process starts in a process group of its own (setsid; its pid is the
# group's id), so down.sh stops it with every process it started (granian's
# workers, the runtime's function instances), and a crash leaves no orphan
# that this script cannot recognise.
set -euo pipefail
cd "$(dirname "$0")/.."
instance=${1:?usage: up.sh INSTANCE PORT}
port=${2:?usage: up.sh INSTANCE PORT}
dir=.streamlab/$instance
. local/ports.sh && ports_of "$port" # nudge_port, runtime_port, console_port
mkdir -p "$dir"
# One up.sh or down.sh at a time per instance (two terminals, two make
# targets): two at once each found nothing running and both started an
# emulator, a runtime and a console, of which the pid files kept one each.
# The processes it starts do not inherit the lock ({lifecycle}>&-).
exec {lifecycle}>"$dir/lifecycle.lock"
flock "$lifecycle"
# What Terraform needs of this instance (make apply passes it with -var-file).
printf '{"local_endpoint": "http://127.0.0.1:%s", "local_runtime_url": "http://127.0.0.1:%s"}\n' "$port" "$runtime_port" >"$dir/endpoints.tfvars.json"

alive() {
  [[ -f $1 ]] || return 1
  local pid
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null || return 1
  # A killed process that nobody has reaped yet is a zombie: not alive.
  [[ ! -r /proc/$pid/stat ]] || [[ $(cut -d' ' -f3 "/proc/$pid/stat") != Z ]]
}
# answers URL [any]: true when URL answers 2xx, or with "any" any HTTP status.
answers() { .venv/bin/python - "$@" <<'PY' 2>/dev/null
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=5)
except urllib.error.HTTPError:
    sys.exit(0 if sys.argv[2:] == ["any"] else 1)
PY
}
# Any HTTP answer means the server is up (moto answers / with 404).
healthy() { answers "http://127.0.0.1:$port/" any; }

# wait_for PIDFILE PROBE: true once PROBE succeeds; false when the process
# exits first or after about 120 s. PROBE's success is kept, not asked again:
# on a loaded machine a second request can time out just after the first one
# succeeded.
wait_for() {
  local _
  for _ in $(seq 1 1200); do
    "$2" && return 0
    alive "$1" || return 1
    sleep 0.1
  done
  return 1
}

# A process group of ours whose leader died (a SIGKILL, a crash) but whose
# children live on: granian's worker keeps serving the port. It is ours, so it
# is replaced rather than reported as "another program".
stop_orphans() { # stop_orphans NAME
  local pidfile=$dir/$1.pid pgid
  [[ -f $pidfile ]] || return 0
  pgid=$(cat "$pidfile")
  alive "$pidfile" && return 0
  if kill -0 -- "-$pgid" 2>/dev/null; then
    echo "$1: the last one crashed and left processes behind (group $pgid): stopping them"
    kill -9 -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
  fi
}
stop_orphans emulator

if alive "$dir/emulator.pid" && healthy; then
  echo "emulator: already running on http://127.0.0.1:$port (instance $instance)"
else
  if healthy; then
    echo "error: port $port is taken by another program; stop it or choose PORT=..." >&2
    exit 1
  fi
  persist=${STREAMLAB_PERSIST:-on}
  if [[ $persist == off ]] || ! compgen -G "$dir/state/*-[0-9]*.*" >/dev/null; then
    # A new emulator that starts empty: state that described the old one is void.
    rm -f "$dir"/terraform.tfstate* "$dir/outputs.json" "$dir/checkpoints.json"
  fi
  state_dir=$dir/state
  if [[ $persist == off ]]; then
    rm -rf "$dir/state" # memory only, by choice: a saved state would describe another cloud
    state_dir=
  fi
  # PYTHONHASHSEED: a replayed journal iterates sets in the order the original run did.
  PYTHONHASHSEED=0 STREAMLAB_PERSIST=$persist STREAMLAB_STATE_DIR=$state_dir STREAMLAB_PORT=$port STREAMLAB_NUDGE_PORT=$nudge_port STREAMLAB_RUNTIME_PORT=$runtime_port STREAMLAB_CONSOLE_URL=http://127.0.0.1:$console_port \
    STREAMLAB_OUTBOX=$dir/outbox STREAMLAB_INBOX=$dir/inbox STREAMLAB_TRACE=$dir/trace.jsonl \
    PYTHONPATH=local setsid nohup .venv/bin/python -m emulator >"$dir/emulator.log" 2>&1 {lifecycle}>&- &
  echo $! >"$dir/emulator.pid"
  # moto imports slowly on a busy machine (make test starts five instances at
  # once: up to a minute each); an emulator that refuses to start (a moto other
  # than the pinned one) exits at once with its reason in the log.
  waited=$SECONDS
  wait_for "$dir/emulator.pid" healthy || {
    echo "error: the emulator did not start within $((SECONDS - waited)) s ($(alive "$dir/emulator.pid" && echo 'still starting' || echo 'it exited')); see $dir/emulator.log" >&2
    tail -8 "$dir/emulator.log" >&2
    exit 1
  }
  echo "emulator: started on http://127.0.0.1:$port (instance $instance, outbox $dir/outbox)"
  if [[ $persist == off ]]; then
    echo "emulator: STREAMLAB_PERSIST=off: it keeps everything in memory, and forgets it when it stops"
  else
    recovered=$(grep -o 'state: .*' "$dir/emulator.log" | tail -1)
    echo "emulator: ${recovered:-state: kept in $dir/state}"
  fi
fi

stop_orphans runtime
if alive "$dir/runtime.pid"; then
  echo "runtime:  already running (log $dir/runtime.log)"
else
  # Bundled first (local/runtime/build.mjs, 0.2 s) and run on plain Node.
  node local/runtime/build.mjs "$dir/runtime"
  # STREAMLAB_TIME_SCALE passes through when set (the tests set it).
  STREAMLAB_PORT=$port STREAMLAB_NUDGE_PORT=$nudge_port STREAMLAB_RUNTIME_PORT=$runtime_port STREAMLAB_STATE_DIR=$dir STREAMLAB_LAMBDA_ENV=$PWD/local/lambda-env AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    setsid nohup node --enable-source-maps "$dir/runtime/main.mjs" >>"$dir/runtime.log" 2>&1 {lifecycle}>&- &
  echo $! >"$dir/runtime.pid"
  echo "runtime:  started (log $dir/runtime.log, trace $dir/trace.jsonl)"
fi
# The runtime serves a function once it has read it from the emulator (its
# first discovery round: under a second, longer while make test starts five
# instances at once). make up returns when every function URL and API answers.
# Its readiness answers 503 until then (protocol.ts part 8).
runtime_ready() { answers "http://127.0.0.1:$runtime_port/_streamlab/ready"; }
if ! wait_for "$dir/runtime.pid" runtime_ready; then
  echo "error: the runtime is not ready ($(alive "$dir/runtime.pid" && echo 'still reading after 120 s' || echo 'it exited')); see $dir/runtime.log" >&2
  tail -8 "$dir/runtime.log" >&2
  exit 1
fi

stop_orphans console
if alive "$dir/console.pid"; then
  echo "console:  already running on http://127.0.0.1:$console_port/"
else
  node console/build.mjs "$dir/console"
  STREAMLAB_ROOT=$PWD STREAMLAB_CONSOLE_PORT=$console_port STREAMLAB_INSTANCE=$instance AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    setsid nohup node --enable-source-maps "$dir/console/server.mjs" >>"$dir/console.log" 2>&1 {lifecycle}>&- &
  echo $! >"$dir/console.pid"
  echo "console:  started on http://127.0.0.1:$console_port/ (make console opens it)"
fi
