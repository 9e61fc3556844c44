#!/usr/bin/env bash
# Fuzz smoke run: builds the libFuzzer targets with clang in build-fuzz/ (GOVAUDIT_FUZZ=ON), writes
# the farm seed corpora, replays fuzz/regressions/, then fuzzes each target for SECONDS (default 20).
# Usage: fuzz/smoke.sh [SECONDS] [BUILD_DIR]     Exit status non-zero when a target finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
dir=${2:-build-fuzz}
targets=(fuzz_url fuzz_robots fuzz_dates fuzz_charset fuzz_list_scripts fuzz_page_facts)
cmake -S . -B "$dir" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DGOVAUDIT_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" --target "${targets[@]}" fuzz_seed_corpus
"$dir/fuzz_seed_corpus" "$dir/corpus"
for t in "${targets[@]}"; do
  mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
  extra=()
  [ -d "fuzz/regressions/$t" ] && extra+=("fuzz/regressions/$t")
  echo "== $t: ${secs}s" >&2
  "$dir/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$t/" "$dir/corpus/$t" "${extra[@]}" 2>"$dir/artifacts/$t.log" || {
    tail -40 "$dir/artifacts/$t.log" >&2
    echo "fuzz smoke: $t failed; reproducer in $dir/artifacts/$t/" >&2
    exit 1
  }
  grep -E "^stat::number_of_executed_units" "$dir/artifacts/$t.log" >&2 || true
done
echo "fuzz smoke: ${#targets[@]} targets x ${secs}s, no findings" >&2
