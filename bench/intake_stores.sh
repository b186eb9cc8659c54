#!/bin/sh
# Durable intake on PostgreSQL against SQLite in the same run (sections 4 and 9 of bench/run.sh side by
# side): a SQLite server and a PostgreSQL server on the demo data, 16 connections, DUR each, alternately,
# three rounds. PostgreSQL first gets 3 s of intakes and ANALYZE (the statistics a live database has).
#   usage: [DUR=5s] bench/intake_stores.sh          (needs what `make bench` installs)
set -eu
cd "$(dirname "$0")/.."
make -s >/dev/null
DUR=${DUR:-5s}
W=$(mktemp -d)
. bench/pg.sh
bench_pg_start 18435
SP= PP=
trap 'kill $SP $PP 2>/dev/null; sleep 0.3; bench_pg_stop; rm -rf "$W"' EXIT
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18435 -U postgres bench
PGURI=postgresql://postgres@127.0.0.1:18435/bench
bench_two "$W/bench.db" 18082 "$PGURI" 18282 "$W"
T1=$(bench_login 18082 tiepnhan.thucphan)
T2=$(bench_login 18282 tiepnhan.thucphan)
MOTCUA_TOKEN=$T2 wrk -t1 -c16 -d3s -s bench/intake.lua http://127.0.0.1:18282/api/v1/dossiers >/dev/null
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p 18435 -U postgres bench -c ANALYZE
for round in 1 2 3; do
    a=$(MOTCUA_TOKEN=$T1 wrk -t1 -c16 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18082/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
    b=$(MOTCUA_TOKEN=$T2 wrk -t1 -c16 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18282/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
    echo "round $round: SQLite $a/s; PostgreSQL $b/s; ratio $(echo "$b $a" | awk '{printf "%.2f", $1/$2}')"
done
