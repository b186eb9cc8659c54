/* bench_calendar.c - deadline computations per second, in process, against
 * the C library's own calendar arithmetic (localtime_r + mktime) on the same
 * instants, in the same run.
 *   usage: bench_calendar HOLIDAYS.csv [ITERATIONS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "calendar.h"
#include "csv.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_calendar HOLIDAYS.csv [N]\n");
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 2000000;
    calendar *c = calendar_create();
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 1;
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    arena *a = arena_create();
    csv_record *r;
    size_t nr;
    mc_error err;
    if (csv_parse(a, text, len, &r, &nr, &err)) return 1;
    for (size_t i = 1; i < nr; i++) {
        mc_day d;
        if (day_parse(r[i].fields[0], &d))
            calendar_add_exception(c, d, strcmp(r[i].fields[1], "workday") ? CAL_OFF : CAL_WORKDAY, r[i].fields[2],
                                   NULL);
    }
    mc_time base;
    time_parse_iso8601("2025-01-01T00:00:00+07:00", &base);
    /* Same pseudo-random instants for both loops. */
    mc_time *from = malloc((size_t)n * sizeof *from);
    int *amount = malloc((size_t)n * sizeof *amount);
    unsigned seed = 42;
    for (long i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        from[i] = base + (mc_time)(seed % (2u * 365 * 86400));
        seed = seed * 1103515245u + 12345u;
        amount[i] = 1 + (int)(seed % 20);
    }
    volatile int64_t sink = 0;
    double t0 = now_s();
    for (long i = 0; i < n; i++) sink += calendar_add(c, from[i], amount[i], (i & 1) ? CAL_UNIT_HOUR : CAL_UNIT_DAY, -1);
    double t1 = now_s();
    /* Reference: the C library adds the same number of calendar days. */
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    for (long i = 0; i < n; i++) {
        time_t t = (time_t)from[i];
        struct tm tm;
        localtime_r(&t, &tm);
        tm.tm_mday += amount[i];
        sink += mktime(&tm);
    }
    double t2 = now_s();
    double ours = n / (t1 - t0), ref = n / (t2 - t1);
    printf("deadline computations/s: %.0f\n", ours);
    printf("libc localtime_r+mktime/s: %.0f\n", ref);
    printf("ratio (motcua / libc): %.2f\n", ours / ref);
    free(from);
    free(amount);
    arena_free(a);
    calendar_free(c);
    return sink == 42 ? 1 : 0;
}
