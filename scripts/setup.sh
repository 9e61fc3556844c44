#!/usr/bin/env bash
# Installs every Debian package that govaudit's build, tests and demo need. Idempotent: packages
# already installed are not asked for again, so a second run does not touch the network.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3
  catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libtomlplusplus-dev
  libcurl4-openssl-dev libgumbo-dev libre2-dev libsqlite3-dev sqlite3 zlib1g-dev libdeflate-dev libssl-dev
  libjemalloc-dev  # the govaudit binary's malloc (CMakeLists.txt says why)
  libcpp-httplib-dev libbrotli-dev libicu-dev curl openssl
  clang libclang-rt-14-dev  # libFuzzer for the fuzz smoke run in scripts/test.sh
  chromium fonts-wqy-microhei  # headless rendering check of the HTML report (tests skip without it), CJK glyphs
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
