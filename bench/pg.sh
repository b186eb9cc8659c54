# pg.sh - a throwaway PostgreSQL server for the benchmarks, and two motcua servers to compare, sourced by
# bench/run.sh and the scripts beside it.
# bench_pg_start PORT: initdb in a new /tmp folder (as the postgres user when run as root) and start the
# server on 127.0.0.1:PORT; sets PGBIN and PGD, defines as_pg. bench_pg_stop: stops it and removes PGD.
# bench_two DB1 PORT1 DB2 PORT2 DIR: motcua init --demo on both databases and serve each (files, logs in
# DIR); sets SP and PP to their pids once both answer. bench_login PORT USER: a session token.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bench_pg_start() {
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
    PGD=$(mktemp -d /tmp/motcua-bench-pg-XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$PGD"
    as_pg "$PGBIN/initdb" -D "$PGD/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -o "-c listen_addresses=127.0.0.1 -p $1 -k $PGD -c max_connections=200" \
        -l "$PGD/log" -w start >/dev/null
}
bench_pg_stop() {
    as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -m fast stop >/dev/null 2>&1
    sleep 0.3
    rm -rf "$PGD"
}
bench_two() {
    MOTCUA_PWHASH=test bin/motcua init --db "$1" --demo --data data >/dev/null 2>&1
    MOTCUA_PWHASH=test bin/motcua init --db "$3" --demo --data data >/dev/null 2>&1
    bin/motcua serve --db "$1" --files "$5/f1" --listen "127.0.0.1:$2" --quiet > "$5/s1.log" 2>&1 &
    SP=$!
    bin/motcua serve --db "$3" --files "$5/f2" --listen "127.0.0.1:$4" --quiet > "$5/s2.log" 2>&1 &
    PP=$!
    for i in $(seq 1 50); do
        curl -sf "http://127.0.0.1:$2/api/v1/health" >/dev/null && curl -sf "http://127.0.0.1:$4/api/v1/health" >/dev/null &&
            break
        sleep 0.3
    done
}
bench_login() {
    curl -s -X POST "http://127.0.0.1:$1/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"password\":\"CaoBang@2026\"}" | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/'
}
