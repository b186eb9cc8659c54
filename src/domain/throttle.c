/* throttle.c - growing waits after repeated failures (see throttle.h). */
#include "throttle.h"

#include <stdio.h>

int64_t throttle_delay(const throttle_rule *r, int64_t fails) {
    if (fails < r->free) return 0;
    int64_t d = r->base;
    for (int64_t k = r->free; k < fails && d < r->cap; k++) d *= 2;
    return d < r->cap ? d : r->cap;
}

mc_err throttle_get(store_conn *c, const char *key, mc_time now, throttle_state *out, mc_error *err) {
    out->fails = 0;
    out->wait = 0;
    store_rows *rows = store_query(c, Q_THROTTLE_GET, SV_ARGS(SV_T(key)), err);
    if (!rows) return MC_ERR_STORE;
    int k = store_next(rows, err);
    if (k == 1 && store_int(rows, 2) > now) {
        out->fails = store_int(rows, 0);
        int64_t until = store_int(rows, 1);
        out->wait = until > now ? until - now : 0;
    }
    store_rows_free(rows);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err throttle_fail(store_conn *w, const char *key, const throttle_rule *r, mc_time now, throttle_state *out,
                     mc_error *err) {
    throttle_state st;
    mc_err e = throttle_get(w, key, now, &st, err);
    if (e) return e;
    st.fails++;
    st.wait = throttle_delay(r, st.fails);
    e = store_exec(w, Q_THROTTLE_PUT,
                   SV_ARGS(SV_T(key), SV_I(st.fails), SV_I(now), SV_I(now + st.wait), SV_I(now + st.wait + r->forget)),
                   NULL, err);
    if (!e && out) *out = st;
    return e;
}

mc_err throttle_clear(store_conn *w, const char *key, mc_error *err) {
    return store_exec(w, Q_THROTTLE_DELETE, SV_ARGS(SV_T(key)), NULL, err);
}

mc_err throttle_purge(store_conn *w, mc_time now, mc_error *err) {
    return store_exec(w, Q_THROTTLE_PURGE, SV_ARGS(SV_I(now)), NULL, err);
}

const char *throttle_wait_text(int64_t s, char *buf, size_t n) {
    if (s < 60)
        snprintf(buf, n, "%lld giây", (long long)(s > 0 ? s : 1));
    else
        snprintf(buf, n, "%lld phút", (long long)((s + 59) / 60));
    return buf;
}
