#!/usr/bin/env bash
# Latency-bound crawl: every farm response waits LATENCY ms, one connection per host, no delay. The
# limit is hosts/latency pages per second; the share reached shows whether the fetch event loops carry
# the concurrency. Per-host request counts come from the farm's own stats.
#   SITES=1000 LATENCY=200 CONCURRENCY=2000 MAX_PAGES=40 FARM_THREADS= bench/latency.sh
# FARM_THREADS (default: the farm's own, 2 per site capped at 256) bounds the connections the farm
# serves at once: cpp-httplib holds one worker thread per open keep-alive connection.
source "$(dirname "$0")/lib.sh"
SITES="${SITES:-1000}"; SEED="${SEED:-7}"; LATENCY="${LATENCY:-200}"; CONCURRENCY="${CONCURRENCY:-2000}"
MAX_PAGES="${MAX_PAGES:-40}"; LOOPS="${LOOPS:-2}"
bench_workdir
farm_args=(--sites "$SITES" --seed "$SEED" --latency-ms "$LATENCY" --no-site-latency --no-site-failures)
[ -n "${FARM_THREADS:-}" ] && farm_args+=(--threads "$FARM_THREADS")
start_farm "$WORK/farm" "${farm_args[@]}"
"$GOVAUDIT" --db "$WORK/store.db" sites import "$WORK/farm/registry.csv" >/dev/null 2>&1
echo "# latency-bound: $SITES sites, farm latency ${LATENCY} ms, --per-host 1 --delay 0 --concurrency $CONCURRENCY --max-pages $MAX_PAGES --loops $LOOPS, farm threads ${FARM_THREADS:-default}"
echo "# $(machine_facts)"
# Poll the farm's counters once a second: the portal hosts' steady rate is read from this series.
( while :; do
    echo "$(date +%s.%N) $(curl -s --max-time 5 --connect-to "::127.0.0.1:$FARM_PORT" http://farm.test/__farm/stats)"
    sleep 1
  done ) >"$WORK/series" 2>/dev/null &
POLL_PID=$!
measure "$WORK/time" "$GOVAUDIT" --db "$WORK/store.db" --connect-to "::127.0.0.1:$FARM_PORT" crawl \
  --delay 0 --per-host 1 --concurrency "$CONCURRENCY" --max-pages "$MAX_PAGES" --loops "$LOOPS" \
  --warc "$WORK/warc" >/dev/null 2>"$WORK/log"
kill "$POLL_PID"; wait "$POLL_PID" 2>/dev/null || true
curl -s --max-time 30 --connect-to "::127.0.0.1:$FARM_PORT" "http://farm.test/__farm/stats" >"$WORK/stats.json"
read -r wall user sys rss _ <"$WORK/time"
python3 - "$WORK/stats.json" "$wall" "$user" "$sys" "$rss" "$LATENCY" "$WORK/farm/registry.csv" "$WORK/series" <<'PY'
import csv, json, sys
hosts = {h: v for h, v in json.load(open(sys.argv[1]))["hosts"].items() if h != "farm.test"}
portals = {r["url"].split("/")[2] for r in csv.DictReader(open(sys.argv[7], encoding="utf-8-sig"))}
wall, user, sys_s, rss, lat = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]) / 1000
req = sum(v["requests"] for v in hosts.values())
busy = [v["requests"] * lat for v in hosts.values()]   # seconds each host was necessarily busy
active = sum(1 for v in hosts.values() if v["requests"] >= 10)  # hosts with real work (portals)
limit = active / lat
# Steady state: the portal hosts' request rate between 10 % and 90 % of their final count.
series = []
for line in open(sys.argv[8]):
    t, _, js = line.partition(" ")
    try:
        h = json.loads(js)["hosts"]
    except ValueError:
        continue
    series.append((float(t), sum(v["requests"] for k, v in h.items() if k in portals)))
final = sum(v["requests"] for k, v in hosts.items() if k in portals)
lo = next((p for p in series if p[1] >= 0.1 * final), None)
hi = next((p for p in series if p[1] >= 0.9 * final), None)
steady = (hi[1] - lo[1]) / (hi[0] - lo[0]) if lo and hi and hi[0] > lo[0] else float("nan")
plimit = len(portals) / lat
print(f"# portal hosts: {len(portals)}, {final} requests; steady rate (10-90 %) {steady:.1f} req/s of a limit {plimit:.0f}/s = {steady / plimit:.1%}")
print(f"{'requests':>9} {'wall_s':>7} {'req/s':>8} {'hosts':>6} {'limit/s':>8} {'share':>6} {'crit_path_s':>11} {'path/wall':>9} {'max_in_flight':>13} {'cpu_s':>6} {'rss_MB':>7}")
print(f"{req:9d} {wall:7.1f} {req / wall:8.1f} {active:6d} {limit:8.0f} {req / wall / limit:6.1%} {max(busy):11.1f} "
      f"{max(busy) / wall:9.1%} {max(v['max_in_flight'] for v in hosts.values()):13d} {user + sys_s:6.1f} {rss / 1024:7.1f}")
PY
python3 -c "import json,sys; h=json.load(open(sys.argv[1]))[\"hosts\"]; print(\"# busiest hosts:\", sorted(((v[\"requests\"],k) for k,v in h.items()), reverse=True)[:5])" "$WORK/stats.json"
tail -1 "$WORK/log"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
