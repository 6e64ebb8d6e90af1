#!/usr/bin/env bash
# Prints, every INTERVAL seconds, the CPU share (% of one core) and memory of an
# instance's emulator and of its runtime with the function processes it started,
# with the test phase (DIR/phase) if one is written. `make test` keeps this
# file with a failure's evidence: load that grows over a long run shows here.
#   local/cpu-sampler.sh DIR INTERVAL
set -uo pipefail
dir=${1:?usage: cpu-sampler.sh DIR INTERVAL}
interval=${2:-10}
hz=$(getconf CLK_TCK)

descendants() { # the pid and every process below it
  local pid=$1 child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do descendants "$child"; done
}
ticks() { # utime + stime of the given pids, in clock ticks
  local total=0 pid fields
  for pid in "$@"; do
    fields=$(cut -d' ' -f14,15 /proc/"$pid"/stat 2>/dev/null) || continue
    total=$((total + ${fields% *} + ${fields#* }))
  done
  echo $total
}
rss_mb() { # resident memory of the given pids, in MiB
  local kb=0 pid value
  for pid in "$@"; do
    value=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status 2>/dev/null) && kb=$((kb + ${value:-0}))
  done
  echo $((kb / 1024))
}

printf 'time      emulator%%  runtime%%  processes  rss_MiB  phase\n'
prev_e=0 prev_r=0
while :; do
  emulator=$(cat "$dir/emulator.pid" 2>/dev/null) runtime=$(cat "$dir/runtime.pid" 2>/dev/null)
  [[ -n $emulator && -n $runtime ]] || { sleep "$interval"; continue; }
  mapfile -t tree < <(descendants "$runtime")
  mapfile -t emulator_tree < <(descendants "$emulator") # granian serves moto in a worker process
  e=$(ticks "${emulator_tree[@]}") r=$(ticks "${tree[@]}")
  if [[ $prev_e -gt 0 ]]; then
    de=$(((e - prev_e) * 100 / hz / interval)) dr=$(((r - prev_r) * 100 / hz / interval))
    ((dr < 0)) && dr=0 # a function process that exited takes its ticks along
    printf '%s  %8d  %8d  %9d  %7d  %s\n' "$(date +%H:%M:%S)" $de $dr \
      "${#tree[@]}" "$(rss_mb "${emulator_tree[@]}" "${tree[@]}")" "$(cat "$dir/phase" 2>/dev/null)"
  fi
  prev_e=$e prev_r=$r
  sleep "$interval"
done
