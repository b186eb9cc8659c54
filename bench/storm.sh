#!/bin/sh
# Section 11: counter intake latency with and without a registration storm.
# The server hashes passwords with the production cost (argon2id, interactive);
# a storm is 150 clients registering back to back, from one address and from
# 150 addresses; the storm's client runs at nice 19 (it stands for other machines). The intake is wrk at 4 connections (bench/intake.lua); the
# figure is its median latency: the median over the rounds (BENCH_ROUNDS, default 5)
# of the storm's over the median of the quiet ones.
#   bench/storm.sh            (BENCH_DURATION, default 10s)
set -eu
cd "$(dirname "$0")/.."
W=$(mktemp -d)
trap 'kill $(cat $W/*.pid 2>/dev/null) 2>/dev/null || true; sleep 0.3; rm -rf "$W"' EXIT
DUR=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-5}
secs=$(echo "$DUR" | sed 's/s$//')
MOTCUA_PWHASH=test bin/motcua init --db "$W/storm.db" --demo --data data >/dev/null 2>&1
bin/motcua serve --db "$W/storm.db" --listen 127.0.0.1:18090 --quiet --pwhash interactive > "$W/serve.log" 2>&1 &
echo $! > "$W/motcua.pid"
for i in 1 2 3 4 5 6 7 8 9 10; do curl -sf http://127.0.0.1:18090/api/v1/health >/dev/null && break; sleep 0.2; done
export MOTCUA_TOKEN=$(curl -s -X POST http://127.0.0.1:18090/api/v1/auth/login -H 'Content-Type: application/json' \
    -d '{"username":"tiepnhan.thucphan","password":"CaoBang@2026"}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
# wrk's median latency in milliseconds.
median_ms() {
    wrk -t1 -c4 -d"$DUR" --latency -s bench/intake.lua http://127.0.0.1:18090/api/v1/dossiers |
        awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                           else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f\n", v }'
}
echo "== 11. counter intake latency (median, wrk -c4) with and without a registration storm (argon2id interactive)"
seed=0
# one: 150 clients registering from one address; many: from 150 addresses; flood (the reference for
# "one"): 150 clients from one address asking GET /api/v1/health, the cheapest request there is.
for mode in one many flood; do
    same=0; [ $mode != many ] && same=1
    flood=0; [ $mode = flood ] && flood=1
    for round in $(seq 1 "$ROUNDS"); do
        quiet=$(median_ms)
        seed=$((seed + 1))
        # The storm's own client runs at the lowest priority: it stands for machines elsewhere, and
        # should not take from the server or wrk the CPU of this one.
        nice -n 19 python3 bench/storm.py 18090 150 "$((secs + 2))" $same $seed $flood > "$W/storm.txt" &
        storm_pid=$!
        sleep 1
        storm=$(median_ms)
        wait $storm_pid
        echo "storm from $mode address(es), round $round: quiet ${quiet} ms, storm ${storm} ms, ratio $(echo "$storm $quiet" | awk '{printf "%.2f", $1/$2}'); $(cat "$W/storm.txt")"
        echo "$quiet" >> "$W/quiet-$mode.txt"
        echo "$storm" >> "$W/storm-$mode.txt"
    done
    # The disk's sync latency drifts between rounds: the ratio of the medians over the rounds.
    mid=$(( (ROUNDS + 1) / 2 ))
    q=$(sort -n "$W/quiet-$mode.txt" | sed -n ${mid}p)
    t=$(sort -n "$W/storm-$mode.txt" | sed -n ${mid}p)
    echo "storm from $mode address(es): median quiet ${q} ms, median storm ${t} ms, ratio $(echo "$t $q" | awk '{printf "%.2f", $1/$2}')"
done
m_rss=$(awk '/VmHWM/ {print $2}' /proc/$(cat "$W/motcua.pid")/status)
echo "peak resident size of the server over the storms: ${m_rss} kB"
