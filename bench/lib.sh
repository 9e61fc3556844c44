# Shared helpers of the bench/ scripts (sourced, not run). Loopback only: every host is a farm host
# reached through --connect-to (govaudit) or the farm answering as an HTTP proxy (wget, wget2).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
GOVAUDIT="${GOVAUDIT:-$REPO_DIR/build/govaudit}"
[ -x "$GOVAUDIT" ] || { echo "bench: no govaudit binary at $GOVAUDIT (build first, or set GOVAUDIT)" >&2; exit 1; }

# A scratch dir per script, removed on exit unless KEEP=1.
bench_workdir() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/govaudit-bench.XXXXXX")"
  if [ "${KEEP:-0}" != 1 ]; then trap 'stop_farm; rm -rf "$WORK"' EXIT; else trap 'stop_farm' EXIT; fi
}

FARM_PID=""
FARM_PORT=""
# start_farm DIR ARGS...: serves `govaudit farm ARGS` in the background, writing DIR/registry.csv and
# DIR/truth.json; sets FARM_PID and FARM_PORT.
start_farm() {
  local dir="$1"; shift
  mkdir -p "$dir"
  "$GOVAUDIT" farm "$@" --write-registry "$dir/registry.csv" --write-truth "$dir/truth.json" \
    >"$dir/farm.out" 2>"$dir/farm.err" &
  FARM_PID=$!
  for _ in $(seq 1 600); do
    FARM_PORT="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/farm.out" 2>/dev/null || true)"
    [ -n "$FARM_PORT" ] && return 0
    kill -0 "$FARM_PID" 2>/dev/null || { cat "$dir/farm.err" >&2; return 1; }
    sleep 0.1
  done
  echo "bench: the farm did not start" >&2; return 1
}

stop_farm() {
  if [ -n "${FARM_PID:-}" ]; then
    kill "$FARM_PID" 2>/dev/null || true
    wait "$FARM_PID" 2>/dev/null || true
    FARM_PID=""
  fi
}

# farm_requests: the number of requests the farm has served so far (all hosts), from its stats.
farm_requests() {
  curl -s --max-time 10 --connect-to "::127.0.0.1:$FARM_PORT" "http://farm.test/__farm/stats" |
    python3 -c 'import json,sys; h=json.load(sys.stdin)["hosts"]; print(sum(v["requests"] for k,v in h.items() if k!="farm.test"))'
}

# measure OUT CMD...: runs CMD under GNU time; OUT gets "wall_s user_s sys_s maxrss_kb exit".
measure() {
  local out="$1"; shift
  local rc=0
  /usr/bin/time -f '%e %U %S %M %x' -o "$out" "$@" || rc=$?
  # GNU time puts "Command exited with non-zero status N" before the figures; keep the figures.
  tail -n 1 "$out" >"$out.last" && mv "$out.last" "$out"
  return 0
}

# proc_cpu PID: CPU seconds (user+sys) the process has used so far, 0 once it is gone.
proc_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# The machine's conditions, for the tables.
machine_facts() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); load (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg);" \
       "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); mem: $(free -m | awk '/^Mem:/{print $2}') MB"
}

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

# drain_time_wait: waits (up to 120 s) until fewer than 200 TCP sockets are in TIME-WAIT. A tool that
# opens a connection per request leaves ~25,000 of them on loopback; while they last, every connect(2)
# searches a nearly full ephemeral port range, and the next tool's run measured 3-5x slower with
# rising CPU (wget2: 8 s, then 20, 35, 44 s for the same crawl). Each run starts with them gone.
# Prints the seconds waited.
drain_time_wait() {
  local t0=$SECONDS
  while (( $(ss -tanH state time-wait | wc -l) >= 200 && SECONDS - t0 < 120 )); do sleep 1; done
  echo $((SECONDS - t0))
}
