/* bench_stats.c - time of report II.06a (the whole province, one month, by
 * unit and by procedure) and of the Decision 766 index (the province, and the
 * province with every commune and ward ranked) on a generated database, median
 * of R runs, and the resident memory of the process after them.
 *   usage: bench_stats DB [R] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "index766.h"
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
    /* The 766 index of the province for the same month: alone, and with the 56 communes and wards
     * ranked (one read of the store either way). */
    org_unit *all;
    size_t na;
    if (units_list(store_reader(s), a, "04", &all, &na, &err)) return 1;
    i766_scope *sc = calloc(na + 1, sizeof *sc);
    size_t ns = 0;
    sc[ns++] = (i766_scope){prov.code, prov.name, prov.kind, prov.path, {0}};
    for (size_t i = 0; i < na; i++)
        if (!strcmp(all[i].kind, "commune") || !strcmp(all[i].kind, "ward"))
            sc[ns++] = (i766_scope){all[i].code, all[i].name, all[i].kind, all[i].path, {0}};
    for (int w = 0; w < 2; w++) {
        double *t = calloc((size_t)runs, sizeof *t);
        for (int i = 0; i < runs; i++) {
            arena *q = arena_create();
            double t0 = now_ms();
            if (index766_compute(store_reader(s), q, prov.code, prov.path, from, to, now, sc, w ? ns : 1, &err)) {
                fprintf(stderr, "%s\n", err.message_en);
                return 1;
            }
            t[i] = now_ms() - t0;
            arena_free(q);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp);
        printf("766 index May 2026, %s: median %.1f ms (min %.1f, max %.1f); province score %.2f, %lld dossiers\n",
               w ? "province + 56 communes and wards" : "province", t[runs / 2], t[0], t[runs - 1], sc[0].r.score,
               (long long)sc[0].r.m[I766_M_DOSSIERS]);
        free(t);
    }
    free(sc);
    printf("RSS after the queries: %ld kB\n", rss_kb());
    arena_free(a);
    store_close(s);
    return 0;
}
