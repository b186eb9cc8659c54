/* code_space.c - see code_space.h. */
#include "code_space.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t code_space_seq(int node, int64_t n) {
    if (n < 1) return 0;
    if (node == 0) return n <= CODE_PROVINCE_MAX ? n : 0;
    if (node < CODE_NODE_FIRST || node > CODE_NODE_LAST || n > CODE_NODE_DAILY_MAX) return 0;
    return (int64_t)node * (CODE_NODE_DAILY_MAX + 1) + n;
}

int code_space_issuer(int64_t seq) {
    if (seq >= 1 && seq <= CODE_PROVINCE_MAX) return 0;
    int64_t node = seq / (CODE_NODE_DAILY_MAX + 1), n = seq % (CODE_NODE_DAILY_MAX + 1);
    if (node >= CODE_NODE_FIRST && node <= CODE_NODE_LAST && n >= 1) return (int)node;
    return -1;
}

int code_space_issuer_of(const char *code) {
    const char *dash = code ? strrchr(code, '-') : NULL;
    if (!dash || !dash[1] || strlen(dash + 1) > 9) return -1;
    int64_t seq = 0;
    for (const char *p = dash + 1; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        seq = seq * 10 + (*p - '0');
    }
    return code_space_issuer(seq);
}

static pthread_mutex_t here_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t here_store; /* the store whose number is kept (store_serial_of), 0: none */
static int here_node;

int code_space_issuer_here(store_conn *c, mc_error *err) {
    uint64_t serial = store_serial_of(c);
    pthread_mutex_lock(&here_lock);
    bool kept = here_store == serial;
    int node = here_node;
    pthread_mutex_unlock(&here_lock);
    if (kept) return node;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("node_number")), err);
    if (!r) return -1;
    int k = store_next(r, err);
    node = k == 1 && store_text(r, 0) ? atoi(store_text(r, 0)) : 0;
    store_rows_free(r);
    if (k < 0) return -1;
    pthread_mutex_lock(&here_lock);
    here_store = serial;
    here_node = node;
    pthread_mutex_unlock(&here_lock);
    return node;
}

mc_err code_space_next(store_conn *w, arena *a, const char *tenant, const char *key, const char *prefix, bool here,
                       mc_time now, const char **out, mc_error *err) {
    int y, m, d;
    day_to_ymd(time_local_day(now), &y, &m, &d);
    char day[16];
    snprintf(day, sizeof day, "%02d%02d%02d", (y % 100 + 100) % 100, m % 100, d % 100);
    int64_t n;
    mc_err e = store_scalar_int(w, Q_SEQ_NEXT, SV_ARGS(SV_T(tenant), SV_T(key), SV_T(day)), &n, err);
    if (e) return e;
    int issuer = here ? code_space_issuer_here(w, err) : 0;
    if (issuer < 0) return err->code;
    int64_t seq = code_space_seq(issuer, n);
    if (!seq)
        return mc_failf(err, MC_ERR_CONFLICT, NULL,
                        "Đơn vị %s đã cấp hết %lld mã của ngày hôm nay; vui lòng báo quản trị hệ thống.",
                        "Unit %s has issued all %lld codes of the day.", prefix,
                        (long long)(issuer ? CODE_NODE_DAILY_MAX : CODE_PROVINCE_MAX));
    *out = arena_printf(a, "%s-%s-%04lld", prefix, day, (long long)seq);
    return MC_OK;
}
