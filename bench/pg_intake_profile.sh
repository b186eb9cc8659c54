#!/bin/sh
# Where a durable intake on PostgreSQL spends its time: a throwaway server with pg_stat_statements, the demo data,
# 3 s of intakes and ANALYZE, then C connections (default 1) for 5 s; prints wrk's rate and the statements by
# execution time.   usage: [C=16] bench/pg_intake_profile.sh        (needs what `make bench` installs)
set -eu
cd "$(dirname "$0")/.."
. bench/pg.sh
W=$(mktemp -d)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
PGD=$(mktemp -d /tmp/motcua-bench-pg-XXXXXX); chown postgres "$PGD"
as_pg "$PGBIN/initdb" -D "$PGD/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -o "-c listen_addresses=127.0.0.1 -p 18460 -k $PGD -c max_connections=200 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" -l "$PGD/log" -w start >/dev/null
trap 'kill $(cat $W/*.pid 2>/dev/null) 2>/dev/null; sleep 0.3; bench_pg_stop; rm -rf "$W"' EXIT
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18460 -U postgres b
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p 18460 -U postgres b -c "CREATE EXTENSION pg_stat_statements"
URI=postgresql://postgres@127.0.0.1:18460/b
MOTCUA_PWHASH=test bin/motcua init --db $URI --demo --data data >/dev/null 2>&1
bin/motcua serve --db $URI --files $W/f --listen 127.0.0.1:18461 --quiet > $W/s.log 2>&1 &
echo $! > $W/s.pid
for i in $(seq 1 50); do curl -sf http://127.0.0.1:18461/api/v1/health >/dev/null && break; sleep 0.3; done
T=$(bench_login 18461 tiepnhan.thucphan)
MOTCUA_TOKEN=$T wrk -t1 -c16 -d3s -s bench/intake.lua http://127.0.0.1:18461/api/v1/dossiers >/dev/null
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p 18460 -U postgres b -c ANALYZE -c "SELECT pg_stat_statements_reset()" >/dev/null
MOTCUA_TOKEN=$T wrk -t1 -c${C:-1} -d5s -s bench/intake.lua http://127.0.0.1:18461/api/v1/dossiers | grep -E "Requests/sec|Latency"
as_pg "$PGBIN/psql" -h 127.0.0.1 -p 18460 -U postgres b -c "SELECT sum(calls) calls, round(sum(total_exec_time)::numeric,1) exec_ms, round(sum(total_plan_time)::numeric,1) plan_ms FROM pg_stat_statements" -c "SELECT calls, round(total_exec_time::numeric,1) ms, round((total_exec_time/calls)::numeric,3) per, left(regexp_replace(query,'\s+',' ','g'),90) q FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25"
