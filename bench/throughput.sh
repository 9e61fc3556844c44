#!/usr/bin/env bash
# Throughput on the loopback farm: govaudit's full pipeline (fetch, decode, parse, facts, store, WARC)
# against wget2 and GNU wget, alternating runs on one farm with no injected latency, slow or failing
# sites. Prints one table row per run and the medians.
#   SITES=200 SEED=7 CONCURRENCY=16 REPS=3 TOOLS="govaudit wget2 wget" bench/throughput.sh
# GNU wget fetches one URL at a time, so it runs as CONCURRENCY processes (one per site, xargs -P).
# wget and wget2 have no --connect-to: they reach the farm as their HTTP proxy (the farm answers
# absolute-form requests), so no name is ever looked up.
# Every round's files stay until the end: wget and wget2 save each page as a file (~25,000 a round), and
# on an ext4 without a journal (this VM's) a file created within 60-360 s of a mass deletion pays for
# skipping every recently freed inode — deleting a round's files made the next file-writing round slow
# (bench/README.md, session 6). For the same reason, start this at least 6 minutes after deleting a
# large tree (an earlier bench's work directory) on the same file system.
source "$(dirname "$0")/lib.sh"
SITES="${SITES:-200}"; SEED="${SEED:-7}"; CONCURRENCY="${CONCURRENCY:-16}"; REPS="${REPS:-3}"
TOOLS="${TOOLS:-govaudit wget2 wget}"; FARM_ARGS="${FARM_ARGS:-}"  # e.g. --plain: no compression (see bench/README.md §1)
bench_workdir
start_farm "$WORK/farm" --sites "$SITES" --seed "$SEED" --no-site-latency --no-site-failures $FARM_ARGS
PROXY="127.0.0.1:$FARM_PORT"

# Seeds and per-site host lists (portal host plus extra hosts) from the registry.
python3 - "$WORK/farm/registry.csv" "$WORK" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
with open(sys.argv[2] + "/seeds", "w") as seeds, open(sys.argv[2] + "/sites", "w") as sites, \
     open(sys.argv[2] + "/domains", "w") as domains:
    all_hosts = []
    for r in rows:
        hosts = [r["url"].split("/")[2]] + [h for h in r.get("extra_hosts", "").split(";") if h]
        all_hosts += hosts
        seeds.write(r["url"] + "\n")
        sites.write(r["url"] + " " + ",".join(hosts) + "\n")
    domains.write(",".join(all_hosts))
PY
TRUTH_PAGES=$(python3 -c 'import json,sys; print(sum(len(s["pages"]) for s in json.load(open(sys.argv[1]))["sites"]))' "$WORK/farm/truth.json")

# run_TOOL DIR: crawls the farm into DIR; leaves DIR/urls (URLs fetched with 200, one a line).
run_govaudit() {
  local d="$1"
  "$GOVAUDIT" --db "$d/store.db" sites import "$WORK/farm/registry.csv" >/dev/null 2>&1
  measure "$d/time" "$GOVAUDIT" --db "$d/store.db" --connect-to "::127.0.0.1:$FARM_PORT" crawl \
    --delay 0 --per-host 2 --concurrency "$CONCURRENCY" --warc "$d/warc" >/dev/null 2>"$d/log"
  "$GOVAUDIT" --db "$d/store.db" pages --run 1 --format json 2>/dev/null |
    python3 -c 'import json,sys; [print(p["url"]) for p in json.load(sys.stdin) if p["status"]==200 and p["kind"]=="page"]' >"$d/urls"
}
# Saved files back to URLs (wget and wget2 save HOST/PATH, the query kept in the file name).
files_to_urls() { (cd "$1" && find . -type f ! -name robots.txt | sed 's|^\./|http://|') >"$2"; }
run_wget2() {
  local d="$1"
  measure "$d/time" wget2 -r -l inf --max-threads "$CONCURRENCY" --http-proxy="$PROXY" --no-verbose -o "$d/log" \
    -H --domains="$(cat "$WORK/domains")" -i "$WORK/seeds" -P "$d/out"
  files_to_urls "$d/out" "$d/urls"
}
run_wget() {
  local d="$1"
  export PROXY d
  measure "$d/time" sh -c 'xargs -P "$0" -L 1 sh -c '"'"'wget -r -l inf -nv -e use_proxy=on -e http_proxy="$PROXY" -H -D "$1" -P "$d/out" -a "$d/log.$$" "$0" || true'"'"' <"$1"' \
    "$CONCURRENCY" "$WORK/sites"
  files_to_urls "$d/out" "$d/urls"
}

echo "# throughput: $SITES farm sites (seed $SEED, $TRUTH_PAGES truth pages), concurrency $CONCURRENCY, $REPS alternating rounds"
echo "# $(machine_facts)"
printf '%-9s %4s %9s %9s %8s %9s %9s %12s %10s %8s %7s %10s\n' tool rep requests pages200 truth wall_s cpu_s "req/s" cpu_s/1kreq rss_MB tw_wait farm_cpu_s
for rep in $(seq 1 "$REPS"); do
  for tool in $TOOLS; do
    d="$WORK/$tool.$rep"; mkdir -p "$d"
    drained=$(drain_time_wait)
    before=$(farm_requests); farm_before=$(proc_cpu "$FARM_PID")
    "run_$tool" "$d"
    after=$(farm_requests); farm_after=$(proc_cpu "$FARM_PID")
    read -r wall user sys rss _ <"$d/time"
    req=$((after - before))
    pages=$(wc -l <"$d/urls")
    truth=$(python3 "$BENCH_DIR/truth_coverage.py" "$WORK/farm/truth.json" "$d/urls" | cut -d' ' -f1)
    awk -v t="$tool" -v r="$rep" -v q="$req" -v p="$pages" -v tr="$truth" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v dw="$drained" \
      -v fa="$farm_after" -v fb="$farm_before" \
      'BEGIN{ printf "%-9s %4d %9d %9d %8d %9.1f %9.1f %12.1f %10.2f %8.1f %7d %10.1f\n", t, r, q, p, tr, w, u+s, q/w, (u+s)*1000/q, m/1024, dw, fa - fb }' |
      tee -a "$WORK/rows"
  done
done
echo "# medians"
for tool in $TOOLS; do
  awk -v t="$tool" '$1==t' "$WORK/rows" >"$WORK/rows.$tool"
  printf '%-9s %4s %9s %9s %8s %9s %9s %12s %10s %8s\n' "$tool" med \
    "$(cut -c15-24 "$WORK/rows.$tool" | median)" "$(awk '{print $4}' "$WORK/rows.$tool" | median)" \
    "$(awk '{print $5}' "$WORK/rows.$tool" | median)" "$(awk '{print $6}' "$WORK/rows.$tool" | median)" \
    "$(awk '{print $7}' "$WORK/rows.$tool" | median)" "$(awk '{print $8}' "$WORK/rows.$tool" | median)" \
    "$(awk '{print $9}' "$WORK/rows.$tool" | median)" "$(awk '{print $10}' "$WORK/rows.$tool" | median)"
done
echo "# truth pages: $TRUTH_PAGES; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
