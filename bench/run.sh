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
CONN=${BENCH_CONNECTIONS:-32}

echo "== 1. deadline computations in process (vs libc localtime_r+mktime)"
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc/store -Isrc/domain bench/bench_calendar.c build/release/libmotcua.a \
   $(pkg-config --libs libsodium libutf8proc sqlite3) -lm -pthread -o "$W/bench_calendar"
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
