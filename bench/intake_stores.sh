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
MOTCUA_PWHASH=test bin/motcua init --db "$W/bench.db" --demo --data data >/dev/null 2>&1
MOTCUA_PWHASH=test bin/motcua init --db "$PGURI" --demo --data data >/dev/null 2>&1
bin/motcua serve --db "$W/bench.db" --files "$W/f1" --listen 127.0.0.1:18082 --quiet > "$W/s1.log" 2>&1 &
SP=$!
bin/motcua serve --db "$PGURI" --files "$W/f2" --listen 127.0.0.1:18282 --quiet > "$W/s2.log" 2>&1 &
PP=$!
for i in $(seq 1 30); do
    curl -sf http://127.0.0.1:18282/api/v1/health >/dev/null && curl -sf http://127.0.0.1:18082/api/v1/health >/dev/null && break
    sleep 0.3
done
tok() { curl -s -X POST "http://127.0.0.1:$1/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"tiepnhan.thucphan","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/'; }
T1=$(tok 18082)
T2=$(tok 18282)
MOTCUA_TOKEN=$T2 wrk -t1 -c16 -d3s -s bench/intake.lua http://127.0.0.1:18282/api/v1/dossiers >/dev/null
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p 18435 -U postgres bench -c ANALYZE
for round in 1 2 3; do
    a=$(MOTCUA_TOKEN=$T1 wrk -t1 -c16 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18082/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
    b=$(MOTCUA_TOKEN=$T2 wrk -t1 -c16 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18282/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
    echo "round $round: SQLite $a/s; PostgreSQL $b/s; ratio $(echo "$b $a" | awk '{printf "%.2f", $1/$2}')"
done
