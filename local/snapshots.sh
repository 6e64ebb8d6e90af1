#!/usr/bin/env bash
# Snapshots of a whole local instance, one file each, for a learner to keep,
# rewind to and share (make snapshot / restore / snapshots / forget):
#   local/snapshots.sh save INSTANCE NAME
#   local/snapshots.sh restore INSTANCE PORT NAME|FILE
#   local/snapshots.sh list
#   local/snapshots.sh forget INSTANCE PORT
# A snapshot is .streamlab/snapshots/NAME.tgz: the emulator's state (a fresh
# snapshot of it), the runtime's stream checkpoints and pending async events,
# the outbox, the trace, and the instance's Terraform state and lab variables.
# Copy the file into another clone's .streamlab/snapshots/ to restore it there.
set -euo pipefail
cd "$(dirname "$0")/.."
SNAPSHOTS=.streamlab/snapshots
# What an instance remembers, besides the emulator's state/ (kept in a snapshot, deleted by forget).
REMEMBERED=(terraform.tfstate terraform.tfstate.backup outputs.json checkpoints.json lab3.tfvars.json webhook-secret scheduler-done.json trace.jsonl inbox outbox)

running() { [[ -f $1/emulator.pid ]] && kill -0 "$(cat "$1/emulator.pid")" 2>/dev/null; }
endpoint() { .venv/bin/python -c 'import json,sys; print(json.load(open(sys.argv[1]))["local_endpoint"])' "$1/endpoints.tfvars.json"; }
valid_name() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || { echo "error: NAME must be letters, digits, '.', '_' or '-' (got \"$1\"); e.g. make snapshot NAME=before-poison" >&2; exit 2; }; }

save() {
  local instance=$1 name=$2 dir=.streamlab/$1
  valid_name "$name"
  [[ -d $dir/state ]] || { echo "error: instance $instance has no saved state: run make up (and make apply) first" >&2; exit 1; }
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/instance/state"
  # Checkpoints first, the emulator's state after: a stream record between the
  # two is delivered again after a restore (at least once), never skipped.
  [[ -f $dir/checkpoints.json ]] && cp "$dir/checkpoints.json" "$work/instance/"
  if running "$dir"; then
    .venv/bin/python - "$(endpoint "$dir")" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_streamlab/state/snapshot", method="POST"), timeout=300) as answer:
    report = json.load(answer)
if not report.get("ok"):
    sys.exit(f"error: the emulator could not write a snapshot: {report}")
PY
  fi
  # The newest snapshot and the journal after it are the whole state.
  local newest
  newest=$(find "$dir/state" -name 'snapshot-*.state' | sort | tail -1)
  if [[ -n $newest ]]; then
    local generation=${newest##*/snapshot-}
    generation=${generation%.state}
    cp "$newest" "$work/instance/state/"
    [[ -f $dir/state/journal-$generation.log ]] && cp "$dir/state/journal-$generation.log" "$work/instance/state/"
  else
    cp "$dir"/state/journal-*.log "$work/instance/state/" # never snapshotted yet: the journals from the start
  fi
  local item
  for item in "${REMEMBERED[@]}"; do
    [[ $item == checkpoints.json ]] && continue
    [[ -e $dir/$item ]] && cp -r "$dir/$item" "$work/instance/"
  done
  printf '{"name": "%s", "instance": "%s", "saved": "%s", "port": %s}\n' "$name" "$instance" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(endpoint "$dir" | sed 's/.*://')" >"$work/streamlab-snapshot.json"
  mkdir -p "$SNAPSHOTS"
  tar -czf "$SNAPSHOTS/$name.tgz.tmp" -C "$work" streamlab-snapshot.json instance
  mv "$SNAPSHOTS/$name.tgz.tmp" "$SNAPSHOTS/$name.tgz"
  echo "snapshot $name: $SNAPSHOTS/$name.tgz ($(du -h "$SNAPSHOTS/$name.tgz" | cut -f1)); make restore NAME=$name brings it back"
}

wipe() { # wipe DIR: what the instance remembers, said as it goes
  local dir=$1 item gone=()
  for item in state "${REMEMBERED[@]}"; do
    [[ -e $dir/$item ]] && { rm -rf "${dir:?}/$item"; gone+=("$item"); }
  done
  echo "deleted from $dir: ${gone[*]:-nothing (it was empty)}"
}

restore() {
  local instance=$1 port=$2 name=$3 dir=.streamlab/$1 file
  file=$name
  [[ $name == */* || $name == *.tgz ]] || { valid_name "$name"; file=$SNAPSHOTS/$name.tgz; }
  [[ -f $file ]] || { echo "error: no snapshot $file; make snapshots lists them" >&2; exit 1; }
  tar -xzOf "$file" streamlab-snapshot.json >/dev/null 2>&1 || { echo "error: $file is not a streamlab snapshot" >&2; exit 1; }
  local manifest
  manifest=$(tar -xzOf "$file" streamlab-snapshot.json)
  bash local/down.sh "$instance" >/dev/null
  wipe "$dir"
  mkdir -p "$dir"
  tar -xzf "$file" -C "$dir" --strip-components=1 instance
  echo "restored $file: $manifest"
  local saved_port
  saved_port=$(sed -E 's/.*"port": ([0-9]+).*/\1/' <<<"$manifest")
  [[ $saved_port == "$port" ]] || echo "note: it was saved on port $saved_port; with PORT=$port Terraform's plan shows the new endpoints as changes"
  bash local/up.sh "$instance" "$port"
}

list() {
  local file
  shopt -s nullglob
  local files=("$SNAPSHOTS"/*.tgz)
  [[ ${#files[@]} -gt 0 ]] || { echo "no snapshots yet: make snapshot NAME=..."; return; }
  printf '%-24s %-8s %-21s %s\n' NAME SIZE SAVED INSTANCE
  for file in "${files[@]}"; do
    local manifest
    manifest=$(tar -xzOf "$file" streamlab-snapshot.json 2>/dev/null) || manifest='{}'
    printf '%-24s %-8s %-21s %s\n' "$(basename "$file" .tgz)" "$(du -h "$file" | cut -f1)" \
      "$(sed -nE 's/.*"saved": "([^"]*)".*/\1/p' <<<"$manifest")" "$(sed -nE 's/.*"instance": "([^"]*)".*/\1/p' <<<"$manifest")"
  done
}

forget() {
  local instance=$1 port=$2 dir=.streamlab/$1
  bash local/down.sh "$instance" >/dev/null
  wipe "$dir"
  bash local/up.sh "$instance" "$port"
}

case ${1:-} in
  save) save "${2:?instance}" "${3:-}" ;;
  restore) restore "${2:?instance}" "${3:?port}" "${4:?usage: make restore NAME=...}" ;;
  list) list ;;
  forget) forget "${2:?instance}" "${3:?port}" ;;
  *) echo "usage: local/snapshots.sh save|restore|list|forget ..." >&2; exit 2 ;;
esac
