/* bench_exports.c - report II.06a for a whole year of a province as XLSX
 * and CSV, against the same report as JSON (the API's answer), on a
 * generated database: the query once, then each output, median of R.
 *   usage: bench_exports DB [R] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "csv.h"
#include "stats.h"
#include "store.h"
#include "units.h"
#include "xlsx.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void numbers(const stats_row *s, int64_t v[12]) {
    int64_t w[12] = {s->received, s->carried_over, s->new_online, s->new_direct, s->resolved, s->early,
                     s->on_time,  s->late,         s->pending,    s->pending_on_time, s->pending_overdue, s->paused};
    memcpy(v, w, sizeof w);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    store *s;
    mc_error err;
    if (store_open(argv[1], NULL, &s, &err)) return 1;
    arena *a = arena_create();
    org_unit prov;
    if (units_get(store_reader(s), a, "04", &prov, &err)) return 1;
    mc_day from = day_from_ymd(2025, 6, 1), to = day_from_ymd(2026, 5, 31);
    mc_time now = time_from_local(day_from_ymd(2026, 7, 1), 9 * 3600);
    stats_row *rows, tot;
    size_t n;
    double t0 = now_ms();
    if (stats_ii06a(store_reader(s), a, prov.path, from, to, now, STATS_BY_PROCEDURE, &rows, &n, &tot, &err)) return 1;
    double query = now_ms() - t0;
    static const char *const cols[12] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
    static const xlsx_group groups[] = {{"Số hồ sơ nhận", 4}, {"Đã giải quyết", 4}, {"Đang giải quyết", 3}, {"", 1}};
    const char **labels = calloc(n + 1, sizeof *labels);
    int64_t *values = calloc((n + 1) * 12, sizeof *values), total[12];
    for (size_t i = 0; i < n; i++) {
        labels[i] = rows[i].label;
        numbers(&rows[i], values + i * 12);
    }
    numbers(&tot, total);
    double tx[64], tc[64], tj[64];
    size_t xsize = 0, csize = 0, jsize = 0;
    for (int r = 0; r < runs && r < 64; r++) {
        buf b = {0};
        xlsx_table t = {"II.06a", "Biểu II.06a", "Cả tỉnh, 12 tháng", "Thủ tục", groups, 4, cols, 12, labels, values, n,
                        "Tổng cộng", total};
        t0 = now_ms();
        if (xlsx_write(&t, &b, &err)) return 1;
        tx[r] = now_ms() - t0;
        xsize = b.len;
        buf_free(&b);
        t0 = now_ms();
        for (size_t i = 0; i < n; i++) {
            csv_put_field(&b, rows[i].key);
            buf_putc(&b, ',');
            csv_put_field(&b, labels[i] ? labels[i] : "");
            for (int k = 0; k < 12; k++) buf_printf(&b, ",%lld", (long long)values[i * 12 + k]);
            buf_puts(&b, "\r\n");
        }
        tc[r] = now_ms() - t0;
        csize = b.len;
        buf_free(&b);
        t0 = now_ms();
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_pack("{s:s, s:s}", "key", rows[i].key, "label", labels[i] ? labels[i] : "");
            for (int k = 0; k < 12; k++) json_object_set_new(o, cols[k], json_integer(values[i * 12 + k]));
            json_array_append_new(arr, o);
        }
        char *txt = json_dumps(arr, JSON_COMPACT);
        tj[r] = now_ms() - t0;
        jsize = strlen(txt);
        free(txt);
        json_decref(arr);
    }
    qsort(tx, (size_t)runs, sizeof *tx, cmp);
    qsort(tc, (size_t)runs, sizeof *tc, cmp);
    qsort(tj, (size_t)runs, sizeof *tj, cmp);
    printf("II.06a for 12 months by procedure (%zu rows, %lld received): query %.1f ms; XLSX %.1f ms (%zu bytes); CSV %.2f ms "
           "(%zu bytes); JSON %.2f ms (%zu bytes); XLSX/JSON %.1f\n",
           n, (long long)tot.received, query, tx[runs / 2], xsize, tc[runs / 2], csize, tj[runs / 2], jsize,
           tx[runs / 2] / tj[runs / 2]);
    free(labels);
    free(values);
    arena_free(a);
    store_close(s);
    return 0;
}
