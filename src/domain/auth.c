/* auth.c - sessions and throttling over store.h. */
#include "auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

auth_policy auth_policy_default(void) {
    return (auth_policy){.session_ttl = 8 * 3600, .window = 15 * 60, .max_user_fails = 5,
                         .max_addr_fails = 20};
}

/* Hex BLAKE2b-256 of a token, as stored. */
static void token_hash(const char *token, char out[65]) {
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static mc_err too_many(mc_error *err) {
    return mc_fail(err, MC_ERR_TOO_MANY, NULL,
                   "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
                   "Too many failed logins; try again later.");
}

mc_err auth_login(store *s, arena *a, const auth_policy *p, const char *username,
                  const char *password, const char *address, mc_time now,
                  char token[AUTH_TOKEN_HEX + 1], user *out, mc_time *expires, mc_error *err) {
    char ukey[96], akey[96];
    snprintf(ukey, sizeof ukey, "u:%.80s", username ? username : "");
    snprintf(akey, sizeof akey, "a:%.80s", address ? address : "");
    /* Count and record the attempt as a failure in one transaction, before the
     * slow password check: concurrent attempts cannot slip past the limit. The
     * record is withdrawn if the password turns out right. */
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return err ? err->code : MC_ERR_STORE;
    int64_t fu = 0, fa = 0;
    mc_err e = store_scalar_int(w, Q_LOGIN_FAIL_COUNT, SV_ARGS(SV_T(ukey), SV_I(now - p->window)), &fu, err);
    if (!e) e = store_scalar_int(w, Q_LOGIN_FAIL_COUNT, SV_ARGS(SV_T(akey), SV_I(now - p->window)), &fa, err);
    if (!e && (fu >= p->max_user_fails || fa >= p->max_addr_fails)) {
        store_rollback(w);
        log_warn("login throttled user=%s addr=%s", username, address);
        return too_many(err);
    }
    if (!e) e = store_exec(w, Q_LOGIN_FAIL_INSERT, SV_ARGS(SV_T(ukey), SV_I(now)), NULL, err);
    if (!e) e = store_exec(w, Q_LOGIN_FAIL_INSERT, SV_ARGS(SV_T(akey), SV_I(now)), NULL, err);
    if (e) {
        store_rollback(w);
        return e;
    }
    if ((e = store_commit(w, err))) return e;

    const char *hash = NULL;
    mc_err ur = users_get_login(store_reader(s), a, username, out, &hash, NULL);
    if (ur != MC_OK && ur != MC_ERR_NOT_FOUND) return mc_fail(err, ur, NULL, NULL, NULL);
    bool ok = ur == MC_OK && out->active && users_verify_password(hash, password);
    if (ur == MC_ERR_NOT_FOUND) {
        /* Spend comparable time so an unknown name is not told apart by timing. */
        char dummy[128];
        users_hash_password("not-a-real-password", dummy, NULL);
    }
    if (!ok)
        return mc_fail(err, MC_ERR_UNAUTHORIZED, "password", "Tên đăng nhập hoặc mật khẩu không đúng.",
                       "Wrong username or password.");
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, AUTH_TOKEN_HEX + 1, raw, sizeof raw);
    char th[65];
    token_hash(token, th);
    *expires = now + p->session_ttl;
    if (!(w = store_begin_tenant(s, STORE_PEOPLE, err))) return err ? err->code : MC_ERR_STORE;
    e = store_exec(w, Q_SESSION_INSERT,
                   SV_ARGS(SV_T(th), SV_I(out->id), SV_I(now), SV_I(*expires), SV_T(address)), NULL, err);
    if (!e) e = store_exec(w, Q_LOGIN_FAIL_CLEAR, SV_ARGS(SV_T(ukey)), NULL, err);
    if (!e) e = store_exec(w, Q_LOGIN_FAIL_FORGET, SV_ARGS(SV_T(akey), SV_I(now)), NULL, err);
    if (e) {
        store_rollback(w);
        return e;
    }
    return store_commit(w, err);
}

mc_err auth_session(store_conn *c, arena *a, const char *token, mc_time now, user *out,
                    mc_error *err) {
    if (!token || strlen(token) != AUTH_TOKEN_HEX)
        return mc_fail(err, MC_ERR_UNAUTHORIZED, NULL, "Phiên đăng nhập không hợp lệ, vui lòng đăng nhập lại.",
                       "Invalid session.");
    char th[65];
    token_hash(token, th);
    store_rows *r = store_query(c, Q_SESSION_GET, SV_ARGS(SV_T(th)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    int64_t uid = 0, exp = 0;
    if (k == 1) {
        uid = store_int(r, 0);
        exp = store_int(r, 1);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0 || exp <= now)
        return mc_fail(err, MC_ERR_UNAUTHORIZED, NULL, "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.",
                       "Session expired or unknown.");
    mc_err e = users_get_id(c, a, uid, out, err);
    if (e == MC_OK && !out->active)
        return mc_fail(err, MC_ERR_UNAUTHORIZED, NULL, "Tài khoản đã bị khóa.", "Account disabled.");
    return e;
}

mc_err auth_logout(store *s, const char *token, mc_error *err) {
    if (!token) return MC_OK;
    char th[65];
    token_hash(token, th);
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return MC_ERR_STORE;
    if (store_exec(w, Q_SESSION_DELETE, SV_ARGS(SV_T(th)), NULL, err)) {
        store_rollback(w);
        return MC_ERR_STORE;
    }
    return store_commit(w, err);
}

mc_err auth_track_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err) {
    char key[96];
    snprintf(key, sizeof key, "t:%.80s", address ? address : "");
    int64_t n = 0;
    if (store_scalar_int(store_reader(s), Q_LOGIN_FAIL_COUNT, SV_ARGS(SV_T(key), SV_I(now - p->window)), &n, err))
        return MC_ERR_STORE;
    if (n >= 30)
        return mc_fail(err, MC_ERR_TOO_MANY, NULL, "Tra cứu sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
                       "Too many failed lookups; try again later.");
    return MC_OK;
}

void auth_track_failed(store *s, const char *address, mc_time now) {
    char key[96];
    snprintf(key, sizeof key, "t:%.80s", address ? address : "");
    mc_error err;
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, &err);
    if (!w) return;
    if (store_exec(w, Q_LOGIN_FAIL_INSERT, SV_ARGS(SV_T(key), SV_I(now)), NULL, &err)) store_rollback(w);
    else store_commit(w, &err);
}

mc_err auth_purge(store *s, const auth_policy *p, mc_time now, mc_error *err) {
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return MC_ERR_STORE;
    if (store_exec(w, Q_SESSION_PURGE, SV_ARGS(SV_I(now)), NULL, err) ||
        store_exec(w, Q_LOGIN_FAIL_PURGE, SV_ARGS(SV_I(now - p->window)), NULL, err)) {
        store_rollback(w);
        return MC_ERR_STORE;
    }
    return store_commit(w, err);
}
