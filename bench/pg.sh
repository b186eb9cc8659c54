# pg.sh - a throwaway PostgreSQL server for the benchmarks, sourced by bench/run.sh and the scripts beside it.
# bench_pg_start PORT: initdb in a new /tmp folder (as the postgres user when run as root) and start the
# server on 127.0.0.1:PORT; sets PGBIN and PGD, defines as_pg. bench_pg_stop: stops it and removes PGD.
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
