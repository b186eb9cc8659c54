/* bench_stats.c - time of report II.06a (the whole province, one month, by
 * unit and by procedure) on a generated database, median of R runs, and the
 * resident memory of the process after them.
 *   usage: bench_stats DB [R] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "stats.h"
#include "store.h"
#include "units.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    int runs = argc > 2 ? atoi(argv[2]) : 11;
    store *s;
    mc_error err;
    if (store_open(argv[1], NULL, &s, &err)) {
        fprintf(stderr, "%s\n", err.message_en);
        return 1;
    }
    arena *a = arena_create();
    org_unit prov;
    if (units_get(store_reader(s), a, "04", &prov, &err)) return 1;
    mc_day from = day_from_ymd(2026, 5, 1), to = day_from_ymd(2026, 5, 31);
    mc_time now = time_from_local(day_from_ymd(2026, 7, 1), 9 * 3600);
    const char *names[2] = {"unit", "procedure"};
    for (int g = 0; g < 2; g++) {
        double *t = calloc((size_t)runs, sizeof *t);
        stats_row tot;
        for (int i = 0; i < runs; i++) {
            arena *q = arena_create();
            stats_row *rows;
            size_t n;
            double t0 = now_ms();
            if (stats_ii06a(store_reader(s), q, prov.path, from, to, now, g ? STATS_BY_PROCEDURE : STATS_BY_UNIT, &rows, &n,
                            &tot, &err)) {
                fprintf(stderr, "%s\n", err.message_en);
                return 1;
            }
            t[i] = now_ms() - t0;
            arena_free(q);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp);
        printf("II.06a May 2026 by %s: median %.1f ms (min %.1f, max %.1f); received %lld, resolved %lld, pending %lld, paused %lld\n",
               names[g], t[runs / 2], t[0], t[runs - 1], (long long)tot.received, (long long)tot.resolved,
               (long long)tot.pending, (long long)tot.paused);
        free(t);
    }
    printf("RSS after the queries: %ld kB\n", rss_kb());
    arena_free(a);
    store_close(s);
    return 0;
}
