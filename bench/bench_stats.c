/* bench_stats.c - time of report II.06a (the whole province, one month, by
 * unit and by procedure) and of the Decision 766 index (the province, and the
 * province with every commune and ward ranked) on a generated database, median
 * of R runs, each from the monthly sums and from the dossiers (the scan) in turn in the same run, and the
 * resident memory of the process after them. The sums are built first if the database has none.
 *   usage: bench_stats DB [R] */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "index766.h"
#include "index766_months.h"
#include "stats.h"
#include "stats_months.h"
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

/* One figure timed: runs of f(ctx, scan), median, min and max in ms. */
typedef int (*figure)(void *ctx, bool scan);
static void timed(const char *what, figure f, void *ctx, int runs, double out[2]) {
    double *t = calloc((size_t)runs * 2, sizeof *t);
    for (int i = 0; i < runs * 2; i++) { /* sums and scan in turn, so that both see the same cache */
        double t0 = now_ms();
        if (f(ctx, i % 2)) exit(1);
        t[(i % 2) * runs + i / 2] = now_ms() - t0;
    }
    for (int k = 0; k < 2; k++) {
        qsort(t + k * runs, (size_t)runs, sizeof *t, cmp);
        out[k] = t[k * runs + runs / 2];
    }
    printf("%s: monthly sums median %.1f ms (min %.1f, max %.1f); scan median %.1f ms (min %.1f, max %.1f); "
           "ratio %.2f\n",
           what, out[0], t[0], t[runs - 1], out[1], t[runs], t[2 * runs - 1], out[0] / out[1]);
    free(t);
}

typedef struct {
    store *s;
    const char *path, *code;
    mc_day from, to;
    mc_time now;
    stats_group g;
    i766_scope *sc;
    size_t ns;
    stats_row tot;
} job;

static int ii06a(void *p, bool scan) {
    job *j = p;
    arena *q = arena_create();
    stats_row *rows;
    size_t n;
    mc_error err;
    int r = (scan ? stats_ii06a_scan : stats_ii06a)(store_reader(j->s), q, j->path, j->from, j->to, j->now, j->g, &rows,
                                                    &n, &j->tot, &err);
    if (r) fprintf(stderr, "%s\n", err.message_en);
    arena_free(q);
    return r;
}

static int i766(void *p, bool scan) {
    job *j = p;
    arena *q = arena_create();
    mc_error err;
    int r = (scan ? index766_compute_scan : index766_compute)(store_reader(j->s), q, j->code, j->path, j->from, j->to,
                                                              j->now, j->sc, j->ns, &err);
    if (r) fprintf(stderr, "%s\n", err.message_en);
    arena_free(q);
    return r;
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
    /* The monthly sums, built once from the dossiers (what the first open of an older database does). */
    int64_t n1 = 0, n2 = 0;
    double t0 = now_ms();
    if (stats_months_rebuild(s, false, &n1, &err)) return fprintf(stderr, "%s\n", err.message_en), 1;
    double t1 = now_ms();
    if (index766_months_rebuild(s, false, &n2, &err)) return fprintf(stderr, "%s\n", err.message_en), 1;
    double t2 = now_ms();
    printf("monthly sums built from the dossiers: II.06a %.1f s (%lld dossiers), 766 index %.1f s (%lld dossiers)\n",
           (t1 - t0) / 1e3, (long long)n1, (t2 - t1) / 1e3, (long long)n2);
    arena *a = arena_create();
    org_unit prov;
    if (units_get(store_reader(s), a, "04", &prov, &err)) return 1;
    job j = {.s = s, .path = prov.path, .code = prov.code, .from = day_from_ymd(2026, 5, 1),
             .to = day_from_ymd(2026, 5, 31), .now = time_from_local(day_from_ymd(2026, 7, 1), 9 * 3600)};
    double r[2];
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
    j.sc = sc;
    j.ns = 1;
    timed("766 index May 2026, province", i766, &j, runs, r);
    printf("  province score %.2f, %lld dossiers\n", sc[0].r.score, (long long)sc[0].r.m[I766_M_DOSSIERS]);
    j.ns = ns;
    timed("766 index May 2026, province + 56 communes and wards", i766, &j, runs, r);
    printf("RSS after the 766 index: %ld kB\n", rss_kb());
    j.g = STATS_BY_UNIT;
    timed("II.06a May 2026 by unit", ii06a, &j, runs, r);
    j.g = STATS_BY_PROCEDURE;
    timed("II.06a May 2026 by procedure", ii06a, &j, runs, r);
    printf("  received %lld, resolved %lld, pending %lld, paused %lld\n", (long long)j.tot.received,
           (long long)j.tot.resolved, (long long)j.tot.pending, (long long)j.tot.paused);
    j.from = day_from_ymd(2025, 6, 1);
    timed("II.06a 12 months (06/2025-05/2026) by procedure", ii06a, &j, runs, r);
    j.from = day_from_ymd(2026, 5, 1);
    free(sc);
    printf("RSS after the queries: %ld kB\n", rss_kb());
    arena_free(a);
    store_close(s);
    return 0;
}
