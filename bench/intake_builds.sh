#!/bin/sh
# Section 4 of bench/run.sh (durable intake over HTTP vs raw SQLite single-row FULL inserts) with two builds of
# motcua side by side, alternately, three rounds: what a change did to the ratio, in one run.
#   usage: bench/intake_builds.sh OLD_BIN NEW_BIN [DUR]   (e.g. a build of the commit before a change in a git worktree)
set -eu
OLD=$(realpath "$1") NEW=$(realpath "$2") DUR=${3:-5s}
cd "$(dirname "$0")/.."
W=$(mktemp -d)
trap 'kill $(cat $W/*.pid 2>/dev/null) 2>/dev/null || true; sleep 0.3; rm -rf "$W"' EXIT
cc -std=c17 -D_GNU_SOURCE -O2 bench/bench_sqlite_insert.c $(pkg-config --libs sqlite3) -o "$W/ins"
start() { # bin port name
    MOTCUA_PWHASH=test $1 init --db "$W/$3.db" --demo --data data >/dev/null 2>&1
    $1 serve --db "$W/$3.db" --listen 127.0.0.1:$2 --quiet > "$W/$3.log" 2>&1 &
    echo $! > "$W/$3.pid"
    for i in $(seq 1 30); do curl -sf http://127.0.0.1:$2/api/v1/health >/dev/null && break; sleep 0.2; done
}
login() { curl -s -X POST http://127.0.0.1:$1/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"tiepnhan.thucphan","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/'; }
start "$OLD" 18090 old
start "$NEW" 18091 new
TO=$(login 18090); TN=$(login 18091)
secs=$(echo "$DUR" | sed 's/s$//')
for round in 1 2 3; do
    rm -f "$W"/ref.db*
    ref=$("$W/ins" "$W/ref.db" "$secs")
    line="round $round: raw $ref/s"
    for c in 4 16; do
        o=$(MOTCUA_TOKEN=$TO wrk -t1 -c$c -d"$DUR" -s bench/intake.lua http://127.0.0.1:18090/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
        n=$(MOTCUA_TOKEN=$TN wrk -t1 -c$c -d"$DUR" -s bench/intake.lua http://127.0.0.1:18091/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
        line="$line; c=$c before $o/s ($(echo "$o $ref" | awk '{printf "%.2f", $1/$2}')) after $n/s ($(echo "$n $ref" | awk '{printf "%.2f", $1/$2}'))"
    done
    echo "$line"
done
