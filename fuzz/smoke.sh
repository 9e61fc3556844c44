#!/usr/bin/env bash
# Fuzz smoke run: builds the libFuzzer targets with clang in build-fuzz/ (GOVAUDIT_FUZZ=ON), writes
# fresh farm seed corpora, replays fuzz/regressions/, then fuzzes each target for SECONDS (default 20).
# The corpus starts from the seeds every time, the mutation seed is fixed (FUZZ_SEED, default 1) and
# each target stops after FUZZ_RUNS inputs (default 5000) or SECONDS, whichever comes first: a run
# executes a prefix of one fixed input sequence, so CI sees no more than a local run of the same
# commit with enough SECONDS to reach FUZZ_RUNS saw. Longer, open-ended runs: fuzz/README.md.
# Usage: fuzz/smoke.sh [SECONDS] [BUILD_DIR]     Exit status non-zero when a target finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
dir=${2:-build-fuzz}
targets=(fuzz_url fuzz_robots fuzz_dates fuzz_charset fuzz_list_scripts fuzz_page_facts)
cmake -S . -B "$dir" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DGOVAUDIT_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" --target "${targets[@]}" fuzz_seed_corpus
corpus="$dir/smoke-corpus"
rm -rf "$corpus"
"$dir/fuzz_seed_corpus" "$corpus"
for t in "${targets[@]}"; do
  mkdir -p "$corpus/$t" "$dir/artifacts/$t"
  extra=()
  [ -d "fuzz/regressions/$t" ] && extra+=("fuzz/regressions/$t")
  echo "== $t: ${secs}s" >&2
  "$dir/$t" -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-5000}" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$t/" "$corpus/$t" "${extra[@]}" 2>"$dir/artifacts/$t.log" || {
    tail -40 "$dir/artifacts/$t.log" >&2
    echo "fuzz smoke: $t failed; reproducer in $dir/artifacts/$t/" >&2
    exit 1
  }
  grep -E "^stat::number_of_executed_units" "$dir/artifacts/$t.log" >&2 || true
done
echo "fuzz smoke: ${#targets[@]} targets x ${secs}s, no findings" >&2
