#!/usr/bin/env bash
# The offline demo: installs what it needs, builds, and runs `govaudit demo` (simulated portal farm on
# loopback, then the pipeline) into ./demo-out.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/govaudit demo --out demo-out "$@"
