#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every CTest test, then the fuzz smoke run
# (fuzz/README.md: an instrumented clang build in build-fuzz/, regressions replayed, then a fixed
# sequence of at most 5,000 inputs or 15 s per target).
# Arguments go to ctest (e.g. -R crawl) and then skip the fuzz run; FUZZ_SECONDS=0 skips it too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)" "$@")
secs=${FUZZ_SECONDS:-15}
if [ $# -eq 0 ] && [ "$secs" != 0 ]; then
  fuzz/smoke.sh "$secs"
fi
