#!/bin/sh
# A throwaway Citus cluster for the tests (issue 20). Citus is not packaged in Debian, so it is built
# from the vendored source (../shared/vendor/citus-13.0.5.tar.gz, AGPL-3.0): a test dependency only,
# never linked into motcua nor copied into the project.
#   scripts/citus.sh build       install the Debian packages (scripts/deps.sh --citus), build Citus once
#                                per machine in MOTCUA_CITUS_CACHE (default /var/cache/motcua/citus-13.0.5)
#                                and install it into PostgreSQL 15 when it is not there. Needs root the
#                                first time; quick and idempotent after that.
#   scripts/citus.sh start DIR   a coordinator and two workers on 127.0.0.1 (free ports), data under DIR
#                                (CITUS_SHARDS shards per distributed table, default 4)
#                                (DIR must be new or empty, and reachable by the postgres user when run as
#                                root), database motcua with the citus extension on all three and the
#                                workers added. Progress goes to stderr; stdout's last line is the
#                                coordinator's URI. The ports are written to DIR/ports.
#   scripts/citus.sh stop DIR    stops the three servers and removes DIR.
#   scripts/citus.sh installed   exit status 0 when Citus is installed into PostgreSQL 15.
set -eu

VERSION=13.0.5
PGBIN=/usr/lib/postgresql/15/bin
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARBALL=${MOTCUA_CITUS_SOURCE:-$ROOT/../shared/vendor/citus-$VERSION.tar.gz}
CACHE=${MOTCUA_CITUS_CACHE:-/var/cache/motcua/citus-$VERSION}
NODES="coordinator worker1 worker2"

say() { echo "citus: $*" >&2; }
die() { say "$*"; exit 1; }

# PostgreSQL refuses to run as root: its server tools run as the postgres user then.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

installed() {
    [ -f "$("$PGBIN/pg_config" --pkglibdir)/citus.so" ] &&
        [ -f "$("$PGBIN/pg_config" --sharedir)/extension/citus.control" ]
}

build() {
    [ -f "$TARBALL" ] || die "source not found: $TARBALL (set MOTCUA_CITUS_SOURCE)"
    sh "$ROOT/scripts/deps.sh" --citus
    mkdir -p "$CACHE"
    # Two test programs may ask for the build at once: one builds, the other waits and finds it done.
    # (Opened for reading: a user other than the one who built can still check that all is done.)
    [ -e "$CACHE/lock" ] || : >"$CACHE/lock"
    exec 9<"$CACHE/lock"
    flock 9
    # The stamp names what was built, so a new tarball or another PostgreSQL major version rebuilds.
    want="$(sha256sum <"$TARBALL" | cut -d' ' -f1) PostgreSQL $("$PGBIN/pg_config" --version | sed 's/^PostgreSQL \([0-9]*\).*/\1/')"
    if [ "$(cat "$CACHE/stamp" 2>/dev/null)" != "$want" ]; then
        say "building Citus $VERSION in $CACHE/build (about a minute on 2 cores, once per machine)"
        start=$(date +%s)
        rm -rf "$CACHE/build" "$CACHE/stamp"
        mkdir "$CACHE/build"
        tar xzf "$TARBALL" -C "$CACHE/build" --strip-components=1
        # --without-libcurl: no statistics sent home (and no network here). with_llvm=no: no LLVM
        # bitcode of every file, which serves only to inline Citus into JIT-compiled queries (the
        # tests need none) and nearly doubles the build (make -j2 here: 119 s against 67 s for all of it).
        (cd "$CACHE/build" && ./configure --without-libcurl PG_CONFIG="$PGBIN/pg_config") \
            >"$CACHE/configure.log" 2>&1 || { tail -n 30 "$CACHE/configure.log" >&2; exit 1; }
        (cd "$CACHE/build" && make -j"$(nproc)" with_llvm=no) \
            >"$CACHE/make.log" 2>&1 || { tail -n 30 "$CACHE/make.log" >&2; exit 1; }
        echo "$want" >"$CACHE/stamp"
        say "built in $(($(date +%s) - start)) s"
    fi
    # Installed when missing, or when the build differs from what PostgreSQL has (rebuilt since).
    so="$("$PGBIN/pg_config" --pkglibdir)/citus.so"
    if ! installed || ! cmp -s "$CACHE/build/src/backend/distributed/citus.so" "$so"; then
        [ "$(id -u)" -eq 0 ] || die "installing into PostgreSQL's directories needs root"
        say "installing Citus into $("$PGBIN/pg_config" --pkglibdir)"
        (cd "$CACHE/build" && make install with_llvm=no >"$CACHE/install.log" 2>&1) ||
            { tail -n 30 "$CACHE/install.log" >&2; exit 1; }
    fi
    say "Citus $VERSION ready"
}

# psql on one node's database, quiet, stopping at the first error.
sql() {
    port=$1 db=$2
    shift 2
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

# One node: its data directory, its settings, the server, database motcua with the extension.
start_node() {
    node=$1 port=$2
    as_pg "$PGBIN/initdb" -D "$DIR/$node" -U postgres --auth=trust -E UTF8 --no-locale -N >/dev/null
    # As tests/api/pgserver.py: loopback only, no durability. Citus itself raises
    # max_prepared_transactions for its two-phase commits. Citus runs a maintenance daemon (a
    # background worker) per database that has the extension: 64 leave room for about 60 test
    # databases per cluster (past that Citus warns and goes on without). sslmode=disable between
    # the nodes: loopback only, and Citus then makes no self-signed certificate. Shards per
    # distributed table: CITUS_SHARDS, 4 by default (Citus's own default, 32, makes each test
    # database's migration take 14 s instead of a few; bench/citus.sh asks for 32).
    cat >>"$DIR/$node/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_preload_libraries = 'citus'
max_worker_processes = 64
citus.node_conninfo = 'sslmode=disable'
citus.shard_count = ${CITUS_SHARDS:-4}
CONF
    as_pg "$PGBIN/pg_ctl" -D "$DIR/$node" -l "$DIR/$node.log" -w -s start >&2
    "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres motcua
    sql "$port" motcua -c "CREATE EXTENSION citus"
}

start() {
    installed || die "Citus is not installed: run scripts/citus.sh build first"
    mkdir -p "$1"
    DIR=$(cd "$1" && pwd)
    [ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    # Three free ports at once (all three bound together, so they differ), drawn at random below
    # the kernel's ephemeral range as tests/api/harness.py's free_port does.
    read -r coordinator worker1 worker2 <<PORTS
$(python3 -c 'import random, socket
ss = []
while len(ss) < 3:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randint(20000, 32000)))
        ss.append(s)
    except OSError:
        s.close()
print(" ".join(str(s.getsockname()[1]) for s in ss))')
PORTS
    printf 'coordinator=%s\nworker1=%s\nworker2=%s\n' "$coordinator" "$worker1" "$worker2" >"$DIR/ports"
    # On failure: stop what started, keep DIR and its logs to read.
    trap 'stop_servers; say "failed; logs in $DIR/*.log"' EXIT
    # The three nodes side by side; then every one must have come up.
    pids=""
    for node in $NODES; do
        eval "port=\$$node"
        start_node "$node" "$port" &
        pids="$pids $!"
    done
    ok=1
    for pid in $pids; do wait "$pid" || ok=0; done
    [ "$ok" = 1 ] || die "a node did not start"
    # Citus's metadata lives in each database: the coordinator's database learns its nodes.
    sql "$coordinator" motcua -c "SELECT citus_set_coordinator_host('127.0.0.1', $coordinator)" \
        -c "SELECT citus_add_node('127.0.0.1', $worker1)" -c "SELECT citus_add_node('127.0.0.1', $worker2)" >/dev/null
    n=$(sql "$coordinator" motcua -At -c "SELECT count(*) FROM citus_get_active_worker_nodes()")
    [ "$n" = 2 ] || die "the coordinator sees $n active workers, not 2"
    trap - EXIT
    say "coordinator on $coordinator, workers on $worker1 and $worker2"
    echo "postgresql://postgres@127.0.0.1:$coordinator/motcua"
}

stop_servers() {
    for node in $NODES; do
        if [ -f "$DIR/$node/postmaster.pid" ]; then
            as_pg "$PGBIN/pg_ctl" -D "$DIR/$node" -m fast -w -s stop >&2 || true
        fi
    done
}

stop() {
    [ -d "$1" ] || die "no such folder: $1"
    DIR=$(cd "$1" && pwd)
    # Only a folder that start made is removed.
    [ -f "$DIR/ports" ] || die "$DIR holds no cluster (no ports file)"
    stop_servers
    rm -rf "$DIR"
}

case "${1:-}" in
build) build ;;
installed) installed ;;
start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
*) die "usage: $0 build | installed | start DIR | stop DIR" ;;
esac
