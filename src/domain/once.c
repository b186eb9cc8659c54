/* once.c - one-time form tokens (once.h). */
#include "once.h"

#include <sodium.h>
#include <string.h>

void once_new(char out[ONCE_TOKEN_HEX + 1]) {
    unsigned char raw[ONCE_TOKEN_HEX / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, ONCE_TOKEN_HEX + 1, raw, sizeof raw);
}

bool once_valid(const char *s) {
    if (!s || strlen(s) != ONCE_TOKEN_HEX) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

mc_err once_claim(store *s, const char *token, int64_t user_id, mc_time now, arena *a, const char **result,
                  mc_error *err) {
    *result = NULL;
    store_conn *c = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!c) return err->code;
    int64_t added = 0;
    mc_err e = store_exec(c, Q_ONCE_INSERT, SV_ARGS(SV_T(token), SV_I(user_id), SV_I(now)), &added, err);
    if (!e && added == 1) return store_commit(c, err); /* the first: go on */
    if (!e) {                                          /* seen before: what did it make? */
        store_rows *r = store_query(c, Q_ONCE_GET, SV_ARGS(SV_T(token)), err);
        int k = r ? store_next(r, err) : -1;
        if (k == 1 && store_int(r, 0) == user_id && !store_null(r, 1)) *result = arena_strdup(a, store_text(r, 1));
        store_rows_free(r);
        e = k < 0 ? MC_ERR_STORE
                  : mc_fail(err, MC_ERR_CONFLICT, NULL, "Biểu mẫu này đã được gửi.", "This form was sent already.");
    }
    store_rollback(c);
    return e;
}

mc_err once_done(store *s, const char *token, const char *result, mc_error *err) {
    store_conn *c = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!c) return err->code;
    mc_err e = store_exec(c, Q_ONCE_DONE, SV_ARGS(SV_T(result), SV_T(token)), NULL, err);
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}

void once_release(store *s, const char *token) {
    mc_error err;
    store_conn *c = store_begin_tenant(s, STORE_PEOPLE, &err);
    if (!c) return;
    if (store_exec(c, Q_ONCE_DELETE, SV_ARGS(SV_T(token)), NULL, &err))
        store_rollback(c);
    else
        store_commit(c, &err);
}

mc_err once_purge(store *s, mc_time before, mc_error *err) {
    store_conn *c = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!c) return err->code;
    mc_err e = store_exec(c, Q_ONCE_PURGE, SV_ARGS(SV_I(before)), NULL, err);
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}
