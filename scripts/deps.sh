#!/bin/sh
# Installs the Debian 12 packages motcua needs to build, run and test.
# Idempotent: installs only what is missing. Needs root; without root it
# prints the apt-get line to run and exits non-zero.
#   scripts/deps.sh          build, run and test dependencies
#   scripts/deps.sh --bench  also the benchmark tools (wrk, nginx)
set -eu

PKGS="gcc make pkg-config libc6-dev
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libutf8proc-dev
libcmocka-dev python3 sqlite3"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS wrk nginx-light"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "motcua: thiếu gói (missing packages):$missing" >&2
    echo "Chạy với quyền root (run as root):" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
echo "motcua: cài đặt (installing):$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
