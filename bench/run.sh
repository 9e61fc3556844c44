#!/usr/bin/env bash
# Runs every benchmark and prints their tables (not part of the test suite; loopback only).
# Needs a built govaudit (build/govaudit, or GOVAUDIT=...) and bench/setup.sh's packages (wget2, wget, time).
# Sizes come from each script's environment variables (see their headers); QUICK=1 runs small sizes.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${QUICK:-0}" = 1 ]; then
  export SITES_THROUGHPUT=20 SITES_LATENCY=50 MAX_PAGES=10 SIZES="10 30" SITES_AUDIT=10 SYN_SITES=300 REPS=1 SIZES=300 YEARS=3 DEMO_SITES=10
fi
SITES="${SITES_THROUGHPUT:-200}" ./throughput.sh
echo
SITES="${SITES_LATENCY:-1000}" ./latency.sh
echo
./memory.sh
echo
SITES="${SITES_AUDIT:-60}" ./audit.sh
echo
./report.sh
