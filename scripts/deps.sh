#!/bin/sh
# Installs the Debian 12 packages motcua needs to build, run and test.
# Idempotent: installs only what is missing. Needs root; without root it
# prints the apt-get line to run and exits non-zero.
#   scripts/deps.sh          build and run dependencies
#   scripts/deps.sh --test   also what the tests need (cmocka, chromium, Node.js, playwright-core, axe-core,
#                            clang and its libFuzzer runtime for the fuzzers, prometheus for test_metrics)
#   scripts/deps.sh --bench  also the benchmark tools (wrk, nginx, libharu for the receipts' reference)
#   scripts/deps.sh --citus  also what scripts/citus.sh needs to build the Citus extension from source
set -eu

PKGS="gcc make pkg-config libc6-dev
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libutf8proc-dev
libharfbuzz-dev fonts-liberation2 libqrencode-dev libxlsxwriter-dev zlib1g-dev libpq-dev libcurl4-openssl-dev
python3 sqlite3"
TEST=0
# python3-aiosmtpd: the real SMTP server of the notification tests (tests/api/smtp_sink.py), run with
# Debian's /usr/bin/python3, the interpreter that package installs for. prometheus: the real scraper of
# tests/api/test_metrics.py.
[ "${1:-}" = "--test" ] && TEST=1 && PKGS="$PKGS libcmocka-dev chromium poppler-utils zbar-tools qpdf postgresql clang libclang-rt-14-dev python3-aiosmtpd prometheus"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS wrk nginx-light libhpdf-dev"
# Citus is not packaged in Debian: scripts/citus.sh builds it against PostgreSQL 15's server headers
# (PGXS), with lz4 and zstd for its columnar storage. The headers of the libraries PostgreSQL 15 is
# built with are included through its own: Kerberos (GSSAPI, libpq-int.h), ICU (pg_locale.h) and
# OpenSSL (also Citus's own TLS setup); the last two come with packages above too, named here so
# that the build does not lean on them.
[ "${1:-}" = "--citus" ] && PKGS="$PKGS postgresql postgresql-server-dev-15 liblz4-dev libzstd-dev libkrb5-dev libicu-dev libssl-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
# Node.js and npm drive the browser tests; a machine may have them from elsewhere.
if [ "$TEST" = 1 ]; then
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi

# The browser tests' npm packages, pinned by the lock file: playwright-core (it downloads no
# browser: Debian's chromium is used) and axe-core (the accessibility rules). Once every package
# of the lock file is installed nothing is fetched; a checkout that lacks one (a package added
# since the last install) gets npm ci.
npm_deps() {
    [ "$TEST" = 1 ] || return 0
    need=0
    for m in $(sed -n 's|^ *"node_modules/\([^"]*\)": {$|\1|p' tests/browser/package-lock.json); do
        [ -f "tests/browser/node_modules/$m/package.json" ] || need=1
    done
    if [ "$need" = 1 ]; then
        echo "motcua: npm ci (tests/browser)"
        (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
    fi
}
cd "$(dirname "$0")/.."

if [ -z "$missing" ]; then
    npm_deps
    exit 0
fi

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
npm_deps
