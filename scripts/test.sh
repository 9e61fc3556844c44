#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every CTest test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build && ctest --output-on-failure -j "$(nproc)" "$@"
