#!/bin/sh
# Section 10 of bench/run.sh alone, for one size: N generated dossiers in SQLite, copied to a throwaway
# PostgreSQL with migrate-store, then bench_stats on each (building the monthly sums, then the 766 index
# and II.06a from the sums against the scan, RUNS runs each). Needs what `make bench` installs.
#   usage: bench/stats_stores.sh N [RUNS]        (10M: about 17 minutes and 10 GB of disk)
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-5}
make -s >/dev/null
W=$(mktemp -d)
LIBS_ALL="$(pkg-config --libs libsodium libutf8proc sqlite3 jansson libqrencode xlsxwriter zlib libpq libcurl harfbuzz-subset) -lm -pthread"
cc -O2 bench/gen_dossiers.c $(pkg-config --libs sqlite3) -o "$W/gen"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_stats.c build/release/libmotcua.a $LIBS_ALL -o "$W/bench_stats"
. bench/pg.sh
bench_pg_start 18434
trap 'bench_pg_stop; rm -rf "$W"' EXIT
db="$W/stats.db"
MOTCUA_PWHASH=test bin/motcua init --db "$db" --demo --data data >/dev/null 2>&1
"$W/gen" "$db" "$N" 2>/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18434 -U postgres stats
uri="postgresql://postgres@127.0.0.1:18434/stats"
t0=$(date +%s.%N)
bin/motcua migrate-store --from "$db" --to "$uri" > "$W/migrate.log" 2>&1 || { cat "$W/migrate.log"; exit 1; }
t1=$(date +%s.%N)
echo "-- $N dossiers: migrate-store $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s"
echo "SQLite:"
"$W/bench_stats" "$db" "$RUNS"
echo "PostgreSQL:"
"$W/bench_stats" "$uri" "$RUNS"
