#!/usr/bin/env bash
# Peak RSS of a crawl that discovers many URLs: one site whose hub pages link to FANOUT leaves each,
# leaves disallowed by robots.txt, so every discovered URL passes the frontier, the crawl loop, the
# writer queue and the store (as a not-fetched record) while only HUBS + 1 pages are fetched.
#   SIZES="100 300 1000" FANOUT=1000 bench/memory.sh      (URLs discovered = HUBS * (FANOUT + 1))
# FRONTIER_MEMORY=N passes --frontier-memory N (frontier entries kept in memory; default the CLI's).
source "$(dirname "$0")/lib.sh"
SIZES="${SIZES:-100 300 1000}"; FANOUT="${FANOUT:-1000}"
FRONTIER_ARGS=()
[ -n "${FRONTIER_MEMORY:-}" ] && FRONTIER_ARGS=(--frontier-memory "$FRONTIER_MEMORY")
bench_workdir
echo "# memory: hubs x $FANOUT leaves, crawl --delay 0 --max-pages 0 --max-depth 0 ${FRONTIER_ARGS[*]} (store + WARC on)"
echo "# $(machine_facts)"
printf '%9s %10s %9s %8s %8s %8s %10s\n' hubs discovered handled wall_s cpu_s rss_MB spilled_MB
for hubs in $SIZES; do
  d="$WORK/$hubs"; mkdir -p "$d"
  python3 "$BENCH_DIR/fanout_server.py" "$hubs" "$FANOUT" >"$d/server.out" 2>"$d/server.err" &
  spid=$!
  port=""
  for _ in $(seq 1 100); do port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$d/server.out")"; [ -n "$port" ] && break; sleep 0.1; done
  printf 'id,name,province,prefecture,level,region,minority,url\nfan,扇出,测试省,,province,east,none,http://fanout.test/\n' >"$d/registry.csv"
  "$GOVAUDIT" --db "$d/store.db" sites import "$d/registry.csv" >/dev/null 2>&1
  measure "$d/time" "$GOVAUDIT" -v --db "$d/store.db" --connect-to "::127.0.0.1:$port" crawl --delay 0 \
    --max-pages 0 --max-depth 0 ${FRONTIER_ARGS[@]+"${FRONTIER_ARGS[@]}"} --warc "$d/warc" >/dev/null 2>"$d/log"
  kill "$spid"; wait "$spid" 2>/dev/null || true
  read -r wall user sys rss _ <"$d/time"
  # The coverage row of the site: pages fetched + refused by robots.txt = URLs the crawl handled.
  records=$(awk '$1=="fan"{print $2+$4}' "$d/log")
  spilled=$(sed -n 's/.*frontier spilled .*, \([0-9]*\) KB written.*/\1/p' "$d/log" | tail -1)
  awk -v h="$hubs" -v f="$FANOUT" -v n="$records" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v k="${spilled:-0}" \
    'BEGIN{ printf "%9d %10d %9s %8.1f %8.1f %8.1f %10.1f\n", h, h*(f+1), n, w, u+s, m/1024, k/1024 }'
  grep -i "crawl run" "$d/log" | tail -1
  [ "${KEEP:-0}" = 1 ] || rm -rf "$d"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
