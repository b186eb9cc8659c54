#!/bin/sh
# motcua on a Citus cluster (a coordinator and two workers, scripts/citus.sh, 32 shards per table) against
# one plain PostgreSQL 15 server, in the same run, with the same data (issue 20):
#   1. durable intake: two provinces (Cao Bằng's ward 01273 and a Lạng Sơn commune added to the demo)
#      taking dossiers at once, 8 connections each, DUR per round, three rounds, the two stores in turn;
#      each store first gets 3 s of intakes and ANALYZE, as bench/intake_stores.sh does;
#   2. report II.06a and the 766 index (bench_stats, RUNS runs) on N generated dossiers of Cao Bằng,
#      copied from SQLite to each store with migrate-store.
# All on this one machine: the three Citus nodes share its cores and disk with the plain server's
# run (they do not run at the same time); see bench/README.md for what that does and does not measure.
#   usage: [DUR=10s] bench/citus.sh [N] [RUNS]        (needs make bench's tools and scripts/citus.sh build)
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-5}
DUR=${DUR:-10s}
make -s >/dev/null
sh scripts/citus.sh installed || { echo "Citus is not installed: run scripts/citus.sh build" >&2; exit 1; }
W=$(mktemp -d)
chmod 711 "$W" # (the Citus nodes run as the postgres user, under it)
. bench/pg.sh
bench_pg_start 18436
SP= CP= PP=
# shellcheck disable=SC2329
cleanup() {
    kill $SP $CP 2>/dev/null || true
    sleep 0.3
    bench_pg_stop
    [ -f "$W/citus/ports" ] && sh scripts/citus.sh stop "$W/citus" >/dev/null 2>&1
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
CURI=$(CITUS_SHARDS=32 sh scripts/citus.sh start "$W/citus" 2>/dev/null | tail -1)
CPORT=$(sed -n 's/^coordinator=//p' "$W/citus/ports")
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18436 -U postgres intake
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18436 -U postgres stats
PURI=postgresql://postgres@127.0.0.1:18436/intake
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); Citus coordinator + 2 workers, 32 shards; $(nproc) cores"

# ---- 1. intake, two provinces at once
bench_two "$PURI" 18283 "$CURI" 18284 "$W"
CP=$PP
login() { bench_login "$@"; }
post() { curl -sf -X POST "http://127.0.0.1:$1$2" -H 'Content-Type: application/json' -H "Authorization: Bearer $3" -d "$4" >/dev/null; }
# Lạng Sơn (20) beside Cao Bằng: a commune and its receiving officer (an intake is at the officer's unit).
for port in 18283 18284; do
    A=$(login $port admin)
    post $port /api/v1/units "$A" '{"code":"20","name":"Tỉnh Lạng Sơn","kind":"province"}'
    post $port /api/v1/units "$A" '{"code":"06190","name":"Xã Thử Lạng Sơn","kind":"commune","parent":"20"}'
    post $port /api/v1/users "$A" '{"username":"tiepnhan.langson","name":"Hoàng Thị Lạng","unit":"06190","roles":["receiver"],"password":"CaoBang@2026"}'
done
# One store: both provinces at once for $2; prints "total cao-bang lang-son" (intakes per second).
both() {
    port=$1 dur=$2
    t04=$(login "$port" tiepnhan.thucphan)
    t20=$(login "$port" tiepnhan.langson)
    MOTCUA_TOKEN=$t04 wrk -t1 -c8 -d"$dur" -s bench/intake.lua "http://127.0.0.1:$port/api/v1/dossiers" > "$W/a.out" &
    first=$!
    MOTCUA_TOKEN=$t20 wrk -t1 -c8 -d"$dur" -s bench/intake.lua "http://127.0.0.1:$port/api/v1/dossiers" > "$W/b.out"
    wait $first
    a=$(awk '/Requests\/sec/ {print $2}' "$W/a.out")
    b=$(awk '/Requests\/sec/ {print $2}' "$W/b.out")
    echo "$a $b" | awk '{printf "%.0f %.0f %.0f", $1 + $2, $1, $2}'
}
both 18283 3s >/dev/null
both 18284 3s >/dev/null
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p 18436 -U postgres intake -c ANALYZE
"$PGBIN/psql" -q -X -h 127.0.0.1 -p "$CPORT" -U postgres motcua -c ANALYZE
echo "== 1. durable intake, two provinces at once, 8 + 8 connections, $DUR per round (intakes per second)"
for round in 1 2 3; do
    p=$(both 18283 "$DUR")
    c=$(both 18284 "$DUR")
    echo "$p $c" | awk -v r="$round" '{printf "round %s: PostgreSQL %d/s (%d + %d); Citus %d/s (%d + %d); Citus/PostgreSQL %.2f\n", r, $1, $2, $3, $4, $5, $6, $4 / $1}'
done
kill $SP $CP
wait $SP $CP 2>/dev/null || true
SP= CP=

# ---- 2. II.06a and the 766 index on N generated dossiers
LIBS_ALL="$(pkg-config --libs libsodium libutf8proc sqlite3 jansson libqrencode xlsxwriter zlib libpq libcurl harfbuzz-subset) -lm -pthread"
cc -O2 bench/gen_dossiers.c $(pkg-config --libs sqlite3) -o "$W/gen"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_stats.c build/release/libmotcua.a $LIBS_ALL -o "$W/bench_stats"
db="$W/stats.db"
MOTCUA_PWHASH=test bin/motcua init --db "$db" --demo --data data >/dev/null 2>&1
"$W/gen" "$db" "$N" 2>/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$CPORT" -U postgres stats
# The cluster's second database: the extension on every node, and the coordinator's copy learns the nodes.
csql() { "$PGBIN/psql" -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres stats -c "$2" >/dev/null; }
csql "$CPORT" "CREATE EXTENSION citus"
csql "$CPORT" "SELECT citus_set_coordinator_host('127.0.0.1', $CPORT)"
for wp in $(sed -n 's/^worker[12]=//p' "$W/citus/ports"); do
    "$PGBIN/createdb" -h 127.0.0.1 -p "$wp" -U postgres stats
    csql "$wp" "CREATE EXTENSION citus"
    csql "$CPORT" "SELECT citus_add_node('127.0.0.1', $wp)"
done
PSTATS=postgresql://postgres@127.0.0.1:18436/stats
CSTATS=postgresql://postgres@127.0.0.1:$CPORT/stats
for target in "$PSTATS" "$CSTATS"; do
    t0=$(date +%s.%N)
    bin/motcua migrate-store --from "$db" --to "$target" > "$W/migrate.log" 2>&1 || { cat "$W/migrate.log"; exit 1; }
    t1=$(date +%s.%N)
    echo "-- $N dossiers copied to $target in $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s"
done
echo "== 2. II.06a and the 766 index, $N dossiers, median of $RUNS"
echo "PostgreSQL:"
"$W/bench_stats" "$PSTATS" "$RUNS"
echo "Citus:"
"$W/bench_stats" "$CSTATS" "$RUNS"
