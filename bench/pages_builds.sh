#!/bin/sh
# The officers' pages with two builds of motcua side by side: the inbox (/can-bo, a page of 100 dossiers) and
# a dossier's page (/can-bo/ho-so/CODE) as the specialist sees them, on the demo data with 150 counter intakes,
# wrk 2 threads, 8 connections, DUR each, alternately, three rounds.
#   usage: bench/pages_builds.sh OLD_BIN NEW_BIN [DUR]     (needs what `make bench` installs)
set -eu
OLD=$(realpath "$1") NEW=$(realpath "$2") DUR=${3:-5s}
cd "$(dirname "$0")/.."
W=$(mktemp -d)
trap 'kill $(cat $W/*.pid 2>/dev/null) 2>/dev/null || true; sleep 0.3; rm -rf "$W"' EXIT
MOTCUA_PWHASH=test "$NEW" init --db "$W/a.db" --demo --data data >/dev/null 2>&1
login() { curl -s -X POST http://127.0.0.1:$1/api/v1/auth/login -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"CaoBang@2026\"}" | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/'; }
up() { for i in $(seq 1 50); do curl -sf http://127.0.0.1:$1/api/v1/health >/dev/null && return; sleep 0.2; done; }
"$NEW" serve --db "$W/a.db" --files "$W/fa" --listen 127.0.0.1:18093 --quiet >/dev/null 2>&1 &
echo $! > "$W/a.pid"; up 18093
T=$(login 18093 tiepnhan.thucphan)
for i in $(seq 1 150); do
    curl -s -o /dev/null -X POST http://127.0.0.1:18093/api/v1/dossiers -H "Authorization: Bearer $T" \
        -H 'Content-Type: application/json' --data @bench/intake.json
done
CODE=$(curl -s -H "Authorization: Bearer $T" 'http://127.0.0.1:18093/api/v1/inbox?per_page=1' | grep -o '"code":"[^"]*"' | head -1 | cut -d'"' -f4)
kill "$(cat "$W/a.pid")"; rm "$W/a.pid"; sleep 0.5
cp "$W/a.db" "$W/b.db"
"$OLD" serve --db "$W/a.db" --files "$W/fa" --listen 127.0.0.1:18094 --quiet >/dev/null 2>&1 &
echo $! > "$W/old.pid"
"$NEW" serve --db "$W/b.db" --files "$W/fb" --listen 127.0.0.1:18095 --quiet >/dev/null 2>&1 &
echo $! > "$W/new.pid"
up 18094; up 18095
SO=$(login 18094 chuyenvien.thucphan); SN=$(login 18095 chuyenvien.thucphan)
rate() { wrk -t2 -c8 -d"$DUR" -H "Cookie: motcua_session=$2" "http://127.0.0.1:$1$3" | awk '/Requests\/sec/ {print $2}'; }
echo "inbox $(curl -s -b "motcua_session=$SN" http://127.0.0.1:18095/can-bo | wc -c) bytes; dossier $CODE page $(curl -s -b "motcua_session=$SN" "http://127.0.0.1:18095/can-bo/ho-so/$CODE" | wc -c) bytes"
for round in 1 2 3; do
    line="round $round:"
    for p in /can-bo "/can-bo/ho-so/$CODE"; do
        o=$(rate 18094 "$SO" "$p"); n=$(rate 18095 "$SN" "$p")
        line="$line $p before $o/s after $n/s ($(echo "$n $o" | awk '{printf "%.2f", $1/$2}')x);"
    done
    echo "$line"
done
