#!/bin/sh
# Benchmarks, each a ratio against a reference measured in the same run.
#   make bench        (installs wrk and nginx-light through scripts/deps.sh --bench)
# Results: bench/README.md.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh --bench
make --no-print-directory all build/release/libmotcua.a >/dev/null
W=$(mktemp -d)
trap 'kill $(cat $W/*.pid 2>/dev/null) 2>/dev/null || true; sleep 0.3; rm -rf "$W"' EXIT
DUR=${BENCH_DURATION:-10s}
LIBS_ALL="$(pkg-config --libs libsodium libutf8proc sqlite3 jansson libqrencode xlsxwriter zlib libpq libcurl harfbuzz-subset) -lhpdf -lm -pthread"
CONN=${BENCH_CONNECTIONS:-32}

echo "== 1. deadline computations in process (vs libc localtime_r+mktime)"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_calendar.c build/release/libmotcua.a \
   $LIBS_ALL -o "$W/bench_calendar"
"$W/bench_calendar" data/holidays.csv 2000000

echo "== 2. HTTP: motcua vs nginx serving a static file of the same size (wrk, $CONN connections, $DUR)"
MOTCUA_PWHASH=test bin/motcua init --db "$W/bench.db" --demo --data data >/dev/null 2>&1
bin/motcua serve --db "$W/bench.db" --listen 127.0.0.1:18080 --quiet > "$W/serve.log" 2>&1 &
echo $! > "$W/motcua.pid"
for i in 1 2 3 4 5 6 7 8 9 10; do curl -sf http://127.0.0.1:18080/api/v1/health >/dev/null && break; sleep 0.2; done
SEARCH='/api/v1/procedures?q=dang%20ky%20khai%20sinh&per_page=10'
DEADLINE='/api/v1/calendar/deadline?from=2026-02-12T10:00:00%2B07:00&amount=3&unit=day'
mkdir -p "$W/www"
curl -s "http://127.0.0.1:18080$SEARCH" > "$W/www/search.json"
curl -s "http://127.0.0.1:18080$DEADLINE" > "$W/www/deadline.json"
cat > "$W/nginx.conf" <<NGINX
worker_processes 1;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:18081;
    root $W/www;
    location / { default_type application/json; }
  }
}
NGINX
nginx -c "$W/nginx.conf"
sleep 0.3
rps() { wrk -t2 -c"$CONN" -d"$DUR" "$1" | awk '/Requests\/sec/ {print $2}'; }
for name in search deadline; do
    if [ $name = search ]; then path=$SEARCH; else path=$DEADLINE; fi
    size=$(wc -c < "$W/www/$name.json")
    m=$(rps "http://127.0.0.1:18080$path")
    n=$(rps "http://127.0.0.1:18081/$name.json")
    echo "$name: response $size bytes; motcua $m req/s; nginx $n req/s; ratio $(echo "$m $n" | awk '{printf "%.2f", $1/$2}')"
done

echo "== 3. memory: RSS of motcua serve with the demo data, after the load above"
m_rss=$(awk '/VmRSS/ {print $2}' /proc/$(cat "$W/motcua.pid")/status)
n_rss=0
for p in $(pgrep -f "nginx -c $W/nginx.conf") $(pgrep -P "$(cat "$W/nginx.pid")"); do
    r=$(awk '/VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0)
    n_rss=$((n_rss + r))
done
db_kb=$(( $(wc -c < "$W/bench.db") / 1024 ))
echo "motcua RSS ${m_rss} kB; nginx (master+worker) RSS ${n_rss} kB; ratio $(echo "$m_rss $n_rss" | awk '{printf "%.2f", $1/$2}'); demo database ${db_kb} kB"

echo "== 4. durable intake over HTTP (fsync'd, journaled, coded) vs raw SQLite single-row inserts (WAL, synchronous=FULL)"
cc -std=c17 -D_GNU_SOURCE -O2 bench/bench_sqlite_insert.c $(pkg-config --libs sqlite3) -o "$W/ins"
export MOTCUA_TOKEN=$(curl -s -X POST http://127.0.0.1:18080/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"tiepnhan.thucphan","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
# The disk's sync latency drifts on a shared machine: three rounds, each the
# reference then motcua at 4 and 16 connections, and the medians.
secs=$(echo "$DUR" | sed 's/s$//')
median() { sort -n | sed -n 2p; }
for round in 1 2 3; do
    rm -f "$W"/ref.db*
    "$W/ins" "$W/ref.db" "$secs" >> "$W/ref.txt"
    for c in 4 16; do
        wrk -t1 -c$c -d"$DUR" -s bench/intake.lua http://127.0.0.1:18080/api/v1/dossiers |
            awk '/Requests\/sec/ {print $2}' >> "$W/intake$c.txt"
    done
    echo "round $round: raw SQLite inserts $(sed -n ${round}p "$W/ref.txt")/s; motcua $(sed -n ${round}p "$W/intake4.txt")/s (4 connections), $(sed -n ${round}p "$W/intake16.txt")/s (16 connections)"
done
ref=$(median < "$W/ref.txt")
for c in 4 16; do
    m=$(median < "$W/intake$c.txt")
    echo "intake ($c connections, median of 3): motcua $m/s; raw SQLite inserts $ref/s; ratio $(echo "$m $ref" | awk '{printf "%.2f", $1/$2}')"
done

echo "== 5. public tracking lookups vs nginx serving the same bytes"
curl -s -X POST http://127.0.0.1:18080/api/v1/dossiers -H "Authorization: Bearer $MOTCUA_TOKEN" \
    -H 'Content-Type: application/json' --data @bench/intake.json -o "$W/d.json"
code=$(sed -E 's/^\{"code":"([^"]+)".*/\1/' "$W/d.json")
key=$(sed -E 's/.*"tracking_key":"([A-Z0-9]+)".*/\1/' "$W/d.json")
TRACK="/api/v1/track/$code?key=$key"
curl -s "http://127.0.0.1:18080$TRACK" > "$W/www/track.json"
size=$(wc -c < "$W/www/track.json")
m=$(rps "http://127.0.0.1:18080$TRACK")
n=$(rps "http://127.0.0.1:18081/track.json")
echo "tracking: response $size bytes; motcua $m req/s; nginx $n req/s; ratio $(echo "$m $n" | awk '{printf "%.2f", $1/$2}')"

echo "== 6. report II.06a on generated dossiers (median of 11; one month, whole province)"
cc -O2 bench/gen_dossiers.c $(pkg-config --libs sqlite3) -o "$W/gen"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_stats.c build/release/libmotcua.a \
   $LIBS_ALL -o "$W/bench_stats"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain -Isrc/render bench/bench_exports.c \
   build/release/libmotcua.a $LIBS_ALL -o "$W/bench_exports"
sizes="1000000"
[ "${BENCH_10M:-0}" = 1 ] && sizes="1000000 10000000"
for n in $sizes; do
    db="${BENCH_DIR:-$W}/stats-$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    MOTCUA_PWHASH=test bin/motcua init --db "$db" --demo --data data >/dev/null 2>&1
    "$W/gen" "$db" "$n" 2>/dev/null
    echo "-- $n dossiers ($(( $(wc -c < "$db") / 1048576 )) MB)"
    "$W/bench_stats" "$db" 11
    "$W/bench_exports" "$db" 5
    rm -f "$db" "$db-wal" "$db-shm"
done

echo "== 7. portal pages: bytes on the wire and server time to render, vs nginx serving the same bytes"
# The specialist's inbox holds every dossier received in section 4 (the first page of 100 is shown).
SPEC_TOKEN=$(curl -s -X POST http://127.0.0.1:18080/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"chuyenvien.thucphan","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
cookie="Cookie: motcua_session=$SPEC_TOKEN"
echo "inbox: $(curl -s -H "Authorization: Bearer $SPEC_TOKEN" 'http://127.0.0.1:18080/api/v1/inbox?per_page=1' | sed -E 's/.*"total":([0-9]+).*/\1/') dossiers"
# The tracking, procedure and board pages as a citizen sees them (no login); the inbox as the specialist.
for page in "tracking /tra-cuu?code=$code&key=$key" "procedure /thu-tuc/1.001193" "inbox /can-bo" "board /bang-cong-khai"; do
    name=${page%% *}
    path=${page#* }
    who="X-Visitor: 1"
    [ "$name" = inbox ] && who="$cookie"
    curl -s -H "$who" "http://127.0.0.1:18080$path" > "$W/www/$name.html"
    wire=$(curl -s -o /dev/null -H "$who" -w '%{size_header} %{size_download}' "http://127.0.0.1:18080$path")
    m=$(wrk -t2 -c"$CONN" -d"$DUR" -H "$who" "http://127.0.0.1:18080$path" | awk '/Requests\/sec/ {print $2}')
    n=$(rps "http://127.0.0.1:18081/$name.html")
    echo "$name: $(echo $wire | awk '{print $1+$2}') bytes on the wire ($(echo $wire | awk '{print $2}') body; the CSS once, cached: $(wc -c < web/static/app.css) bytes); motcua $m pages/s ($(echo "$m" | awk '{printf "%.3f", 2000/$1}') ms of server time per page on 2 cores); nginx $n/s; ratio $(echo "$m $n" | awk '{printf "%.2f", $1/$2}')"
done

echo "== 8. legal forms as PDF"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/render bench/bench_forms.c build/release/libmotcua.a \
   $LIBS_ALL -o "$W/bench_forms"
"$W/bench_forms" 300

echo "== 8b. the officers' inbox at a growing backlog: the index kept by the changes vs reading every open dossier"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_inbox.c build/release/libmotcua.a \
   $LIBS_ALL -o "$W/bench_inbox"
MOTCUA_PWHASH=test bin/motcua init --db "$W/inbox.db" --demo --data data >/dev/null 2>&1
"$W/bench_inbox" "$W/inbox.db" 1000 10000 125000 2>/dev/null
rm -f "$W"/inbox.db*

echo "== 8c. counter intakes in process, synchronous=OFF (the CPU an intake costs; callgrind for the hooks' shares)"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_intake_hooks.c build/release/libmotcua.a \
   $LIBS_ALL -o "$W/bench_intake_hooks"
MOTCUA_PWHASH=test bin/motcua init --db "$W/hooks.db" --demo --data data >/dev/null 2>&1
"$W/bench_intake_hooks" "$W/hooks.db" 1000 2>/dev/null
rm -f "$W"/hooks.db*

echo "== 9. PostgreSQL: durable intake and tracking, one and two server processes on one database"
. bench/pg.sh
bench_pg_start 18432
trap 'kill $(cat $W/*.pid 2>/dev/null) 2>/dev/null || true; bench_pg_stop; rm -rf "$W"' EXIT
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18432 -U postgres bench
PGURI=postgresql://postgres@127.0.0.1:18432/bench
MOTCUA_PWHASH=test bin/motcua init --db "$PGURI" --demo --data data >/dev/null 2>&1
for p in 18280 18281; do
    bin/motcua serve --db "$PGURI" --files "$W/pgfiles" --listen 127.0.0.1:$p --quiet > "$W/serve-$p.log" 2>&1 &
    echo $! > "$W/pg$p.pid"
done
for i in 1 2 3 4 5 6 7 8 9 10; do curl -sf http://127.0.0.1:18281/api/v1/health >/dev/null && break; sleep 0.3; done
export MOTCUA_TOKEN=$(curl -s -X POST http://127.0.0.1:18280/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"tiepnhan.thucphan","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
# A live database has its planner's statistics (autovacuum analyses every table within a minute of its
# changes); a database made a second ago has none, and a statement prepared on a near-empty table keeps a
# scan (the portal's message count: 0.42 ms a run instead of 0.03). Intakes for 3 s, then ANALYZE.
wrk -t1 -c16 -d3s -s bench/intake.lua http://127.0.0.1:18280/api/v1/dossiers >/dev/null
as_pg "$PGBIN/psql" -q -h 127.0.0.1 -p 18432 -U postgres bench -c ANALYZE
one=$(wrk -t1 -c16 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18280/api/v1/dossiers | awk '/Requests\/sec/ {print $2}')
wrk -t1 -c8 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18280/api/v1/dossiers | awk '/Requests\/sec/ {print $2}' > "$W/two-a" &
other=$!
wrk -t1 -c8 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18281/api/v1/dossiers | awk '/Requests\/sec/ {print $2}' > "$W/two-b"
wait $other # not the servers, which run in the background too
two=$(echo "$(cat "$W/two-a") $(cat "$W/two-b")" | awk '{printf "%.1f", $1 + $2}')
curl -s -X POST http://127.0.0.1:18280/api/v1/dossiers -H "Authorization: Bearer $MOTCUA_TOKEN" \
    -H 'Content-Type: application/json' --data @bench/intake.json -o "$W/pgd.json"
pcode=$(sed -E 's/^\{"code":"([^"]+)".*/\1/' "$W/pgd.json")
pkey=$(sed -E 's/.*"tracking_key":"([A-Z0-9]+)".*/\1/' "$W/pgd.json")
trk=$(rps "http://127.0.0.1:18280/api/v1/track/$pcode?key=$pkey")
sqlite_ref=$(median < "$W/intake16.txt")
echo "intake on PostgreSQL, 16 connections: one process $one/s; two processes $two/s; SQLite (section 4, median) $sqlite_ref/s; ratios $(echo "$one $two $sqlite_ref" | awk '{printf "%.2f and %.2f", $1/$3, $2/$3}')"
echo "tracking on PostgreSQL: $trk req/s"
# A second province on the same database: its writes take its own lock (store_begin_tenant).
ADMIN=$(curl -s -X POST http://127.0.0.1:18280/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
api() { curl -s -o /dev/null -w '%{http_code} ' -X POST "http://127.0.0.1:18280$1" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "$2"; }
api /api/v1/units '{"code":"20","name":"Tỉnh Lạng Sơn","kind":"province"}'
api /api/v1/units '{"code":"06190","name":"Xã Thử Lạng Sơn","kind":"commune","parent":"20"}'
api /api/v1/users '{"username":"tiepnhan.langson","name":"Hoàng Thị Lạng","unit":"06190","roles":["receiver"],"password":"CaoBang@2026"}'
echo
LS_TOKEN=$(curl -s -X POST http://127.0.0.1:18280/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"tiepnhan.langson","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
for pair in "same $MOTCUA_TOKEN" "other $LS_TOKEN"; do
    second=${pair#* }
    wrk -t1 -c8 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18280/api/v1/dossiers | awk '/Requests\/sec/ {print $2}' > "$W/p-a" &
    other=$!
    MOTCUA_TOKEN=$second wrk -t1 -c8 -d"$DUR" -s bench/intake.lua http://127.0.0.1:18280/api/v1/dossiers \
        | awk '/Requests\/sec/ {print $2}' > "$W/p-b"
    wait $other
    echo "${pair%% *}: $(echo "$(cat "$W/p-a") $(cat "$W/p-b")" | awk '{printf "%.1f", $1 + $2}')" >> "$W/provinces"
done
same=$(sed -n 's/^same: //p' "$W/provinces")
twop=$(sed -n 's/^other: //p' "$W/provinces")
echo "intake on PostgreSQL, one process, 8+8 connections: both in one province $same/s; in two provinces $twop/s; ratio $(echo "$twop $same" | awk '{printf "%.2f", $1/$2}')"

echo "== 10. report II.06a on PostgreSQL: the generated dossiers of section 6 moved with migrate-store (median of 11)"
# The SQLite file is measured again in this section as the reference; the PostgreSQL server is section 9's.
for n in $sizes; do
    db="${BENCH_DIR:-$W}/stats-$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    MOTCUA_PWHASH=test bin/motcua init --db "$db" --demo --data data >/dev/null 2>&1
    "$W/gen" "$db" "$n" 2>/dev/null
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p 18432 -U postgres "stats$n"
    uri="postgresql://postgres@127.0.0.1:18432/stats$n"
    t0=$(date +%s.%N)
    bin/motcua migrate-store --from "$db" --to "$uri" > "$W/migrate-$n.log" 2>&1 || { cat "$W/migrate-$n.log"; exit 1; }
    t1=$(date +%s.%N)
    echo "-- $n dossiers: migrate-store $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s ($(echo "$t0 $t1 $n" | awk '{printf "%.0f", $3 / ($2 - $1)}') dossiers/s); SQLite $(( $(wc -c < "$db") / 1048576 )) MB, PostgreSQL $(psql -At -d "$uri" -c "SELECT pg_database_size(current_database()) / 1048576") MB"
    echo "SQLite:"
    "$W/bench_stats" "$db" 11
    echo "PostgreSQL:"
    "$W/bench_stats" "$uri" 11
    "$W/bench_exports" "$uri" 5
    rm -f "$db" "$db-wal" "$db-shm"
    as_pg "$PGBIN/dropdb" -h 127.0.0.1 -p 18432 -U postgres "stats$n"
done

# Section 11: intake latency under a registration storm (its own server).
bench/storm.sh
