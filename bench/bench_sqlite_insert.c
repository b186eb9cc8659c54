/* bench_sqlite_insert.c - the reference for durable intake: single-row
 * INSERTs into SQLite, each its own transaction, with the durability motcua
 * uses (WAL, synchronous=FULL), on the same disk.
 *   usage: bench_sqlite_insert DB SECONDS */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    double secs = atof(argv[2]);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, at BIGINT NOT NULL);",
                 NULL, NULL, NULL);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO t(code, at) VALUES (?, ?)", -1, &st, NULL);
    long n = 0;
    double t0 = now_s(), t;
    char code[32];
    do {
        snprintf(code, sizeof code, "X-%08ld", n);
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (long long)time(NULL));
        if (sqlite3_step(st) != SQLITE_DONE) return 1;
        sqlite3_reset(st);
        n++;
        t = now_s();
    } while (t - t0 < secs);
    printf("%.1f\n", n / (t - t0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}
