#!/usr/bin/env bash
# Installs the peers and tools the benchmarks compare against or measure with (Debian packages).
# Not needed for the build or the test suite.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wget2 wget time sqlite3 >/dev/null
echo "bench/setup.sh: $(wget2 --version 2>/dev/null | head -1); $(wget --version | head -1); $(/usr/bin/time --version 2>&1 | head -1)"
