#!/usr/bin/env bash
# Re-audit speed: crawl a farm once (store + WARC), then score the stored run again and again from the
# store and the WARC files alone (no fetch), with 1 and with all threads. Pages/s per core is the
# one-thread figure. Then the scores query over a synthetic store of SYN_SITES sites x SYN_YEARS
# yearly runs (real score rows of the crawl, copied); the yearly report is bench/report.sh.
#   SITES=60 SEED=7 SYN_SITES=15000 SYN_YEARS=1 bench/audit.sh
# One year by default: `scores --year` reads one year's runs (index on run_id).
source "$(dirname "$0")/lib.sh"
SITES="${SITES:-60}"; SEED="${SEED:-7}"; SYN_SITES="${SYN_SITES:-15000}"; SYN_YEARS="${SYN_YEARS:-1}"
bench_workdir
start_farm "$WORK/farm" --sites "$SITES" --seed "$SEED" --no-site-latency --no-site-failures
DB="$WORK/store.db"
"$GOVAUDIT" --db "$DB" sites import "$WORK/farm/registry.csv" >/dev/null 2>&1
"$GOVAUDIT" --db "$DB" --connect-to "::127.0.0.1:$FARM_PORT" crawl --delay 0 --concurrency 32 \
  --warc "$WORK/warc" >/dev/null 2>"$WORK/crawl.log"
stop_farm
pages=$("$GOVAUDIT" --db "$DB" pages --run 1 --format json 2>/dev/null |
  python3 -c 'import json,sys; print(sum(1 for p in json.load(sys.stdin) if p["status"]==200 and p["kind"]=="page"))')
echo "# re-audit: $SITES farm sites (seed $SEED), run 1 with $pages stored pages (status 200); both built-in rubrics"
echo "# $(machine_facts)"
printf '%-28s %8s %8s %10s %14s %8s\n' what wall_s cpu_s "pages/s" "pages/cpu_s" rss_MB
for threads in 1 2 1 2; do
  measure "$WORK/time" "$GOVAUDIT" --db "$DB" audit --run 1 --threads "$threads" >/dev/null 2>&1
  read -r wall user sys rss _ <"$WORK/time"
  awk -v t="audit --run 1 --threads $threads" -v p="$pages" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
    'BEGIN{ printf "%-28s %8.2f %8.2f %10.1f %14.1f %8.1f\n", t, w, u+s, p/w, p/(u+s), m/1024 }'
done

# Synthetic store: SYN_SITES sites x SYN_YEARS runs (one per year), each score a copy of a real one.
python3 "$BENCH_DIR/synthetic_store.py" "$DB" "$WORK/synthetic.db" "$SYN_SITES" "$SYN_YEARS" >"$WORK/syn.log"
year=$(tail -1 "$WORK/syn.log")
echo "# synthetic store: $SYN_SITES sites x $SYN_YEARS years, $(du -m "$WORK/synthetic.db" | cut -f1) MB; latest year $year"
measure "$WORK/time" sh -c "\"$GOVAUDIT\" --db \"$WORK/synthetic.db\" scores --year $year --format json >\"$WORK/scores.json\""
read -r wall user sys rss _ <"$WORK/time"
printf '%-28s %8.2f %8.2f %10s %14s %8.1f   (%s scores)\n' "scores --year $year (json)" "$wall" "$(echo "$user + $sys" | bc)" - - \
  "$(echo "$rss / 1024" | bc)" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/scores.json")"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
