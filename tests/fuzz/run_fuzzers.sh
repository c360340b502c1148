#!/usr/bin/env bash
# Runs every libFuzzer target for a given time and prints each target's final
# stats line (executions, cov:, ft:, corpus).
#
#   tests/fuzz/run_fuzzers.sh [--cpu] [SECONDS] [TARGET...]
#
# By default the targets run one after the other, each for SECONDS of wall
# time. With --cpu they all run at once (nice 19) and each is stopped when it
# has used SECONDS of CPU time, which is what counts on a shared machine.
# SECONDS defaults to 60 per target; TARGETs default to all of them
# (analyze rulepack context scan_jsonl scan_csv). Builds build-fuzz/ with
# clang and -DEXEMPLAR_FUZZ=ON first (set EXEMPLAR_FUZZ_BUILD to use another
# directory). New inputs go to build-fuzz/fuzz-work/<target>/corpus (seeded
# from tests/fuzz/corpus/<target>/, which is only read); crashes, leaks and
# timeouts to build-fuzz/fuzz-work/<target>/ as crash-*, leak-*, timeout-*.
# A finding is a bug: fix it, then copy the input into
# tests/fuzz/corpus/<target>/ as crash-<what> so the replay tests keep it.
#
# Environment: EXEMPLAR_FUZZ_RSS_MB (default 2048), EXEMPLAR_FUZZ_TIMEOUT
# (seconds per input, default 30), EXEMPLAR_FUZZ_JOBS (default 1).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cpu_mode=0
if [ "${1:-}" = "--cpu" ]; then cpu_mode=1; shift; fi
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analyze rulepack context scan_jsonl scan_csv)
build=${EXEMPLAR_FUZZ_BUILD:-$root/build-fuzz}
rss=${EXEMPLAR_FUZZ_RSS_MB:-2048}
timeout=${EXEMPLAR_FUZZ_TIMEOUT:-30}
jobs=${EXEMPLAR_FUZZ_JOBS:-1}

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DEXEMPLAR_FUZZ=ON -DEXEMPLAR_BUILD_BENCH=OFF -DEXEMPLAR_TEST_INSTALL=OFF >/dev/null || exit 1
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}" >/dev/null || exit 1

# One target's run. Each run starts from the checked-in corpus plus what
# earlier runs found. In --cpu mode there is no time limit: the watcher below
# interrupts it (libFuzzer then prints its final stats and exits 0... or 72).
run_target() {
  local t=$1 work=$build/fuzz-work/$1
  local limit=(-max_total_time="$seconds" -jobs="$jobs" -workers="$jobs")
  [ "$cpu_mode" = 1 ] && limit=()
  (cd "$work" && exec nice -n "$([ "$cpu_mode" = 1 ] && echo 19 || echo 0)" "$build/tests/fuzz/fuzz_$t" \
      "$work/corpus" "$here/corpus/$t" "${limit[@]}" -rss_limit_mb="$rss" -timeout="$timeout" \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/" > "$work/fuzz.log" 2>&1)
}

# CPU seconds (user + system) a process has used.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) / hz) }' "/proc/$1/stat" 2>/dev/null; }

declare -A rcs
for t in "${targets[@]}"; do
  mkdir -p "$build/fuzz-work/$t/corpus"
  rm -f "$build/fuzz-work/$t"/fuzz-*.log
done
if [ "$cpu_mode" = 1 ]; then
  declare -A pids
  for t in "${targets[@]}"; do
    echo "=== $t: until ${seconds}s of CPU" >&2
    run_target "$t" & pids[$t]=$!
  done
  # The fuzzer is the subshell's only child (exec).
  while :; do
    alive=0
    for t in "${targets[@]}"; do
      kill -0 "${pids[$t]}" 2>/dev/null || continue
      alive=1
      p=$(pgrep -P "${pids[$t]}" | head -1)
      [ -n "$p" ] || continue  # not started yet
      used=$(cpu_seconds "$p")
      if [ -n "$used" ] && [ "$used" -ge "$seconds" ]; then kill -INT "$p" 2>/dev/null; fi
    done
    [ "$alive" = 1 ] || break
    sleep 5
  done
  for t in "${targets[@]}"; do wait "${pids[$t]}"; rcs[$t]=$?; done
else
  for t in "${targets[@]}"; do
    echo "=== $t: ${seconds}s" >&2
    run_target "$t"
    rcs[$t]=$?
  done
fi

status=0
summary=()
for t in "${targets[@]}"; do
  work=$build/fuzz-work/$t
  log=$work/fuzz.log
  rc=${rcs[$t]}
  # An interrupted run (--cpu) exits 72 after printing its stats: not a finding.
  [ "$cpu_mode" = 1 ] && [ "$rc" = 72 ] && rc=0
  # With -jobs, libFuzzer runs the job in a child that logs to fuzz-0.log.
  # The last "#N DONE/pulse/..." line with cov: and ft: is the final state.
  logs=("$log")
  for f in "$work"/fuzz-*.log; do [ -f "$f" ] && logs+=("$f"); done
  last=$(cat "${logs[@]}" | grep -aE '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' | tail -1)
  execs=$(cat "${logs[@]}" | grep -aE '^stat::number_of_executed_units:' | tail -1 | awk '{print $2}')
  findings=$(ls "$work" | grep -cE '^(crash|leak|timeout|oom|slow-unit)-' || true)
  summary+=("$t: ${last:-no stats line} | executions ${execs:-?} | findings $findings | exit $rc")
  if [ "$rc" -ne 0 ] || [ "$findings" -gt 0 ]; then status=1; fi
done
echo
for line in "${summary[@]}"; do echo "$line"; done
exit $status
