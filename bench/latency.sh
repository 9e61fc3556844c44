#!/usr/bin/env bash
# Latency-bound crawl: every farm response waits LATENCY ms, one connection per host, no delay. The
# limit is (hosts with work)/latency requests per second; the share reached shows whether the fetch
# event loops carry the concurrency. Per-host request counts come from the farm's own stats.
#   SITES=1000 LATENCY=200 CONCURRENCY=2000 MAX_PAGES=40 LOOPS=2 LIGHT=1 FARM_THREADS= bench/latency.sh
# The farm always runs --plain (uncompressed, one request per connection: tests/farm/README.md), else
# its own CPU use would outgrow the crawl's. LIGHT=1 (default) also serves it --light (head + links
# only) so the crawl's parse and store cost less per request; LIGHT=0 serves the full pages. CPU use of the crawler and
# of the farm is reported beside the rate: when their sum nears nproc, the CPU, not the event loops,
# is the bound. FARM_THREADS (default 3 per site) bounds the connections the farm serves at once:
# cpp-httplib holds one worker thread per open keep-alive connection, idle ones included.
# TAIL=0 (default) stops the crawl (SIGINT, a clean stop) once the portal hosts have had no request
# for IDLE_S seconds: what is left then is the external-link checks queued on the few hosts every
# site links to (app.store.test, ...), served one at a time per --per-host 1, whose length is
# requests x latency whatever the crawler does; the status line printed last says how many. TAIL=1
# lets the crawl run to its end.
source "$(dirname "$0")/lib.sh"
SITES="${SITES:-1000}"; SEED="${SEED:-7}"; LATENCY="${LATENCY:-200}"; CONCURRENCY="${CONCURRENCY:-2000}"
MAX_PAGES="${MAX_PAGES:-40}"; LOOPS="${LOOPS:-2}"; LIGHT="${LIGHT:-1}"; FARM_THREADS="${FARM_THREADS:-$((SITES * 3))}"
TAIL="${TAIL:-0}"; IDLE_S="${IDLE_S:-5}"
bench_workdir
farm_args=(--sites "$SITES" --seed "$SEED" --latency-ms "$LATENCY" --no-site-latency --no-site-failures --threads "$FARM_THREADS" --plain)
[ "$LIGHT" = 1 ] && farm_args+=(--light)
start_farm "$WORK/farm" "${farm_args[@]}"
"$GOVAUDIT" --db "$WORK/store.db" sites import "$WORK/farm/registry.csv" >/dev/null 2>&1
echo "# latency-bound: $SITES sites, farm latency ${LATENCY} ms$([ "$LIGHT" = 1 ] && echo ", light pages"), farm threads $FARM_THREADS;" \
     "crawl --per-host 1 --delay 0 --concurrency $CONCURRENCY --max-pages $MAX_PAGES --loops $LOOPS"
echo "# $(machine_facts)"
farm_cpu() { awk '{print $14 + $15}' "/proc/$FARM_PID/stat"; }
farm_cpu_before="$(farm_cpu)"
# Poll the farm's counters twice a second: the portal hosts' steady rate and busy share come from it.
( while :; do
    line="$(date +%s.%N) $(curl -s --max-time 5 --connect-to "::127.0.0.1:$FARM_PORT" http://farm.test/__farm/stats)"
    echo "$line"; echo "$line" >"$WORK/latest.tmp"; mv "$WORK/latest.tmp" "$WORK/latest"
    sleep 0.5
  done ) >"$WORK/series" 2>/dev/null &
POLL_PID=$!
crawl_start="$(date +%s.%N)"
measure "$WORK/time" "$GOVAUDIT" -v --db "$WORK/store.db" --connect-to "::127.0.0.1:$FARM_PORT" crawl \
  --delay 0 --per-host 1 --concurrency "$CONCURRENCY" --max-pages "$MAX_PAGES" --loops "$LOOPS" \
  --warc "$WORK/warc" >/dev/null 2>"$WORK/log" &
MEASURE_PID=$!
if [ "$TAIL" = 0 ]; then
  # Watch the portal hosts' total; once it has not moved for IDLE_S seconds, SIGINT the crawl.
  python3 - "$WORK/latest" "$WORK/farm/registry.csv" "$IDLE_S" <<'PY' &
import csv, json, sys, time
portals = {r["url"].split("/")[2] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
# Idle time is counted in answered polls only: a farm too busy to answer its stats is not idle.
idle, last, seen, quiet = float(sys.argv[3]), -1, "", 0.0
while True:
    time.sleep(0.5)
    try:
        stamp, _, js = open(sys.argv[1]).read().partition(" ")
        total = sum(v["requests"] for k, v in json.loads(js)["hosts"].items() if k in portals)
    except (OSError, ValueError):
        continue
    if stamp == seen:
        continue
    quiet = 0.0 if total != last or seen == "" else quiet + float(stamp) - float(seen)
    seen, last = stamp, total
    if total > 0 and quiet >= idle:
        break
PY
  WATCH_PID=$!
  while kill -0 "$MEASURE_PID" 2>/dev/null && kill -0 "$WATCH_PID" 2>/dev/null; do sleep 0.5; done
  if kill -0 "$MEASURE_PID" 2>/dev/null; then
    time_pid="$(pgrep -P "$MEASURE_PID" | head -1 || true)"
    crawl_pid="$([ -n "$time_pid" ] && pgrep -P "$time_pid" | head -1 || true)"
    grep 'crawl status' "$WORK/log" | tail -1 | sed 's/^govaudit: /# at the stop, /'
    [ -n "$crawl_pid" ] && kill -INT "$crawl_pid"
  else
    kill "$WATCH_PID" 2>/dev/null || true
  fi
fi
wait "$MEASURE_PID" || true
farm_cpu_s="$(echo "$(farm_cpu) $farm_cpu_before $(getconf CLK_TCK)" | awk '{printf "%.1f", ($1 - $2) / $3}')"
kill "$POLL_PID"; wait "$POLL_PID" 2>/dev/null || true
curl -s --max-time 30 --connect-to "::127.0.0.1:$FARM_PORT" "http://farm.test/__farm/stats" >"$WORK/stats.json"
read -r wall user sys rss _ <"$WORK/time"
python3 - "$WORK/stats.json" "$wall" "$user" "$sys" "$rss" "$LATENCY" "$WORK/farm/registry.csv" "$WORK/series" "$farm_cpu_s" "$(nproc)" "$crawl_start" <<'PY'
import csv, json, sys
hosts = {h: v for h, v in json.load(open(sys.argv[1]))["hosts"].items() if h != "farm.test"}
portals = {r["url"].split("/")[2] for r in csv.DictReader(open(sys.argv[7], encoding="utf-8-sig"))}
wall, user, sys_s, rss, lat = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]) / 1000
farm_cpu, ncpu = float(sys.argv[9]), int(sys.argv[10])
req = sum(v["requests"] for v in hosts.values())
busiest = max(hosts.items(), key=lambda kv: kv[1]["requests"])
crit = busiest[1]["requests"] * lat  # the busiest host alone needs this long at one request per latency
series = []
for line in open(sys.argv[8]):
    t, _, js = line.partition(" ")
    try:
        h = json.loads(js)["hosts"]
    except ValueError:
        continue
    series.append((float(t), {k: v["requests"] for k, v in h.items() if k in portals}))
final = {k: v["requests"] for k, v in hosts.items() if k in portals}
total = sum(final.values())
# Steady state: the portal hosts' request rate between 10 % and 90 % of their final count.
sums = [(t, sum(c.values())) for t, c in series]
lo = next((p for p in sums if p[1] >= 0.1 * total), None)
hi = next((p for p in sums if p[1] >= 0.9 * total), None)
steady = (hi[1] - lo[1]) / (hi[0] - lo[0]) if lo and hi and hi[0] > lo[0] else float("nan")
plimit = len(portals) / lat
# Busy share: each portal host had work from its first request to its last; at one connection and
# LATENCY per answer it could serve span/latency requests in that time (±1 poll per host).
step = (series[-1][0] - series[0][0]) / max(1, len(series) - 1) if len(series) > 1 else 1.0
need = spans = 0.0
for host, n in final.items():
    first = next((t for t, c in series if c.get(host, 0) > 0), None)
    last = next((t for t, c in series if c.get(host, 0) >= n), None)
    if first is None or last is None or n < 2:
        continue
    need += (n - 1) * lat  # the first request's own latency is inside the poll before `first`
    spans += max(last - first, step)
# Portal phase: from the crawl's start to the poll that saw the portal hosts' last request.
t0 = float(sys.argv[11])
t_end = next((t for t, s in sums if s >= total), t0)
print(f"# portal phase: {total} requests in {t_end - t0:.1f} s = {total / (t_end - t0):.1f} req/s = {total / (t_end - t0) / plimit:.1%} of the limit")
print(f"# portal hosts: {len(portals)}, {total} requests; steady rate (10-90 %) {steady:.1f} req/s of a limit "
      f"{plimit:.0f}/s = {steady / plimit:.1%}; busy share of portal hosts (work time / time with work) {need / spans:.1%}")
print(f"# CPU: crawler {user + sys_s:.1f} s ({(user + sys_s) / wall / ncpu:.0%} of {ncpu} cores over the crawl), farm {farm_cpu:.1f} s "
      f"({farm_cpu / wall / ncpu:.0%}); crawler {1000 * (user + sys_s) / req:.2f} CPU ms per request")
print(f"{'requests':>9} {'wall_s':>7} {'req/s':>8} {'crit_path_s':>11} {'path/wall':>9} {'max_in_flight':>13} {'cpu_s':>6} {'farm_cpu_s':>10} {'rss_MB':>7}")
print(f"{req:9d} {wall:7.1f} {req / wall:8.1f} {crit:11.1f} {crit / wall:9.1%} "
      f"{max(v['max_in_flight'] for v in hosts.values()):13d} {user + sys_s:6.1f} {farm_cpu:10.1f} {rss / 1024:7.1f}")
print("# busiest hosts:", sorted(((v["requests"], k) for k, v in hosts.items()), reverse=True)[:4])
PY
grep 'crawl status' "$WORK/log" | awk 'NR % 2 == 1' | sed 's/^/# /' | head -12
tail -1 "$WORK/log"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
