#!/usr/bin/env bash
# The yearly report over a census-sized store: a farm is crawled, probed and audited once (`govaudit
# demo`), then bench/synthetic_store.py copies its real score rows into a store of N sites x YEARS
# yearly runs x 2 rubrics for each N in SIZES, and `govaudit report --year LAST` is timed on it (GNU
# time: wall, CPU, peak RSS; -vv phase timings from the report itself), REPS times on each store. The
# store is synced to disk before the first report, so its writeback does not land in the report's time.
# Goal (issue 7): <= 10 s at 15,000 sites x 10 years.
#   SIZES="1500 15000" YEARS=10 DEMO_SITES=40 REPS=3 bench/report.sh
# A 15,000 x 10 store is ~10 GB on disk (under TMPDIR); building it takes a few minutes.
source "$(dirname "$0")/lib.sh"
SIZES="${SIZES:-1500 15000}"; YEARS="${YEARS:-10}"; DEMO_SITES="${DEMO_SITES:-40}"; REPS="${REPS:-3}"
bench_workdir
"$GOVAUDIT" demo --sites "$DEMO_SITES" --no-latency --out "$WORK/demo" >/dev/null 2>"$WORK/demo.log" ||
  { tail "$WORK/demo.log" >&2; exit 1; }
echo "# report: synthetic stores of N sites x $YEARS years x 2 rubrics, copies of $DEMO_SITES audited farm sites"
echo "# $(machine_facts)"
printf '%7s %5s %8s %8s %8s %8s %8s %8s %8s %9s  %s\n' sites years store_MB build_s wall_s cpu_s sys_s rss_MB out_MB csv_rows \
  "phases: wall (CPU) s"
for n in $SIZES; do
  db="$WORK/syn-$n.db"
  t0=$(date +%s.%N)
  python3 "$BENCH_DIR/synthetic_store.py" "$WORK/demo/govaudit.db" "$db" "$n" "$YEARS" >"$WORK/syn.log"
  sync
  build=$(echo "$(date +%s.%N) - $t0" | bc)
  year=$(tail -1 "$WORK/syn.log")
  for rep in $(seq 1 "$REPS"); do
    out="$WORK/report-$n-$rep"
    measure "$WORK/time" "$GOVAUDIT" -vv --db "$db" report --year "$year" --out "$out" 2>"$WORK/report.err" >/dev/null
    read -r wall user sys rss code <"$WORK/time"
    [ "$code" = 0 ] || { cat "$WORK/report.err" >&2; exit 1; }
    phases=$(sed -n 's/^govaudit: debug: report: \(.*\) in \([0-9.]*\) s (\([0-9.]*\) CPU s)$/\1 \2 (\3)/p' "$WORK/report.err" |
      sed 's/ ([0-9]* scores)//; s/ of [0-9]* sites//' | paste -sd ';' -)
    printf '%7s %5s %8s %8.0f %8.2f %8.2f %8.2f %8.1f %8s %9s  %s\n' "$n" "$YEARS" "$(du -m "$db" | cut -f1)" "$build" "$wall" \
      "$(echo "$user + $sys" | bc)" "$sys" "$(echo "$rss / 1024" | bc)" "$(du -sm "$out" | cut -f1)" \
      "$(($(wc -l <"$out/scores.csv") - 1))" "$phases"
  done
  # The report stays until the end: deleting its 15,000 files just before the next size's run makes
  # ext4 skip each freshly freed inode on every file the next report creates (bench/README.md, session 4).
  rm -f "$db"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
