#!/usr/bin/env bash
# Configures and builds govaudit into ./build (Release with debug info) using every core.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja >/dev/null
cmake --build build -j "$(nproc)"
