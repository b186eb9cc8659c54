/* auth.c - sessions and throttling over store.h. */
#include "auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

auth_policy auth_policy_default(void) {
    return (auth_policy){.session_ttl = 8 * 3600,
                         .pair = {5, 2, 15 * 60, 3600},
                         .address = {30, 2, 15 * 60, 3600},
                         .account = {10, 2, 15 * 60, 86400},
                         .known_for = 90 * 86400,
                         .track_addr = {30, 2, 15 * 60, 15 * 60},
                         .track_code_max = 30,
                         .registration = {20, 60, 3600, 3600},
                         .feedback = {20, 60, 3600, 3600}};
}

/* Hex BLAKE2b-256 of a token, as stored. */
static void token_hash(const char *token, char out[65]) {
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* MC_ERR_TOO_MANY: "<vn> Vui lòng thử lại sau N phút." / "<en>; try again in N s." (each text from its own
 * arguments: mc_failf gives both formats the same ones). */
static mc_err wait_error(mc_error *err, const char *vn, const char *en, int64_t wait) {
    char w[32], v[240], e[160];
    snprintf(v, sizeof v, "%s Vui lòng thử lại sau %s.", vn, throttle_wait_text(wait, w, sizeof w));
    snprintf(e, sizeof e, "%s; try again in %lld s.", en, (long long)wait);
    return mc_fail(err, MC_ERR_TOO_MANY, NULL, v, e);
}

static mc_err too_many(int64_t wait, mc_error *err) {
    return wait_error(err, "Đăng nhập sai nhiều lần.", "Too many failed logins", wait);
}

static bool known_address(store_conn *c, const auth_policy *p, int64_t uid, const char *address, mc_time now) {
    int64_t n = 0;
    return store_scalar_int(c, Q_LOGIN_KNOWN_GET, SV_ARGS(SV_I(uid), SV_T(address), SV_I(now - p->known_for)), &n,
                            NULL) == MC_OK &&
           n > 0;
}

/* Counts a failed login on the address and, unless the address is known to it, on the account. */
static void count_failure(store *s, const auth_policy *p, const char *akey, const char *ckey, bool known, mc_time now) {
    mc_error err;
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, &err);
    if (!w) return;
    throttle_state sa, sc = {0, 0};
    mc_err e = throttle_fail(w, akey, &p->address, now, &sa, &err);
    if (!e && !known) e = throttle_fail(w, ckey, &p->account, now, &sc, &err);
    if (e) {
        store_rollback(w);
        return;
    }
    store_commit(w, &err);
    /* One line when a wait is set, never one per refused attempt: a flood cannot flood the log. */
    if (sa.wait)
        log_warn("logins from %s wait %lld s after %lld failures", akey + 2, (long long)sa.wait, (long long)sa.fails);
    if (sc.wait)
        log_warn("logins to account %s from addresses it never used wait %lld s after %lld failures", ckey + 2,
                 (long long)sc.wait, (long long)sc.fails);
}

/* The keys a login from `addr` as `login` is counted under (see auth.h); *known when the account has logged
 * in from addr lately. An account is counted by its id (it logs in by username, phone or email alike), an
 * unknown name as typed. */
typedef struct {
    char account[128], pair[200], address[96];
    bool known;
} login_keys;

static void keys_of(store_conn *rd, const auth_policy *p, const user *u, bool exists, const char *login,
                    const char *addr, mc_time now, login_keys *k) {
    if (exists)
        snprintf(k->account, sizeof k->account, "u:#%lld", (long long)u->id);
    else
        snprintf(k->account, sizeof k->account, "u:%.100s", login);
    snprintf(k->pair, sizeof k->pair, "p:%s|%.60s", k->account + 2, addr);
    snprintf(k->address, sizeof k->address, "a:%.60s", addr);
    k->known = exists && known_address(rd, p, u->id, addr, now);
}

/* MC_ERR_TOO_MANY while one of the keys must wait (the account's only from an unknown address). */
static mc_err check_waits(store_conn *rd, const login_keys *k, bool pair, mc_time now, mc_error *err) {
    throttle_state sa, sc = {0, 0}, sp = {0, 0};
    mc_err e = throttle_get(rd, k->address, now, &sa, err);
    if (!e && !k->known) e = throttle_get(rd, k->account, now, &sc, err);
    if (!e && pair) e = throttle_get(rd, k->pair, now, &sp, err);
    if (e) return e;
    int64_t wait = sa.wait > sc.wait ? sa.wait : sc.wait;
    if (sp.wait > wait) wait = sp.wait;
    return wait ? too_many(wait, err) : MC_OK;
}

mc_err auth_login_allowed(store *s, arena *a, const auth_policy *p, const char *username, const char *address,
                          mc_time now, mc_error *err) {
    const char *login = username ? username : "", *addr = address ? address : "";
    store_conn *rd = store_reader(s);
    user u;
    mc_err ur = users_get_login(rd, a, login, &u, NULL, NULL);
    if (ur != MC_OK && ur != MC_ERR_NOT_FOUND) return mc_fail(err, ur, NULL, NULL, NULL);
    login_keys k;
    keys_of(rd, p, &u, ur == MC_OK, login, addr, now, &k);
    return check_waits(rd, &k, true, now, err);
}

mc_err auth_login(store *s, arena *a, const auth_policy *p, const char *username, const char *password,
                  const char *address, mc_time now, char token[AUTH_TOKEN_HEX + 1], user *out, mc_time *expires,
                  mc_error *err) {
    const char *login = username ? username : "", *addr = address ? address : "";
    const char *hash = NULL;
    store_conn *rd = store_reader(s);
    mc_err ur = users_get_login(rd, a, login, out, &hash, NULL);
    if (ur != MC_OK && ur != MC_ERR_NOT_FOUND) return mc_fail(err, ur, NULL, NULL, NULL);
    bool exists = ur == MC_OK;
    login_keys k;
    keys_of(rd, p, out, exists, login, addr, now, &k);
    bool known = k.known;
    const char *ckey = k.account, *pkey = k.pair, *akey = k.address;
    mc_err e = check_waits(rd, &k, false, now, err);
    if (e) return e;
    /* The account at this address: checked and counted in one transaction, before the slow
     * password check, so that parallel guesses cannot slip past its wait; withdrawn on success. */
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return err ? err->code : MC_ERR_STORE;
    throttle_state sp;
    e = throttle_get(w, pkey, now, &sp, err);
    if (!e && sp.wait) {
        store_rollback(w);
        return too_many(sp.wait, err);
    }
    if (!e) e = throttle_fail(w, pkey, &p->pair, now, &sp, err);
    if (!e && sp.wait)
        log_warn("login throttled user=%s addr=%s: %lld failures, next try in %lld s", login, addr, (long long)sp.fails,
                 (long long)sp.wait);
    if (e) {
        store_rollback(w);
        return e;
    }
    if ((e = store_commit(w, err))) return e;

    bool right = exists && users_verify_password(hash, password);
    bool ok = right && out->active;
    if (right && !out->active) /* told only to whoever knows the password */
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống của đơn vị để được mở khóa.",
                       "This account is disabled.");
    if (!exists) {
        /* Spend comparable time so an unknown name is not told apart by timing. */
        char dummy[128];
        users_hash_password("not-a-real-password", dummy, NULL);
    }
    if (!ok) {
        count_failure(s, p, akey, ckey, known, now);
        return mc_fail(err, MC_ERR_UNAUTHORIZED, "password", "Tên đăng nhập hoặc mật khẩu không đúng.",
                       "Wrong username or password.");
    }
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, AUTH_TOKEN_HEX + 1, raw, sizeof raw);
    char th[65];
    token_hash(token, th);
    *expires = now + p->session_ttl;
    if (!(w = store_begin_tenant(s, STORE_PEOPLE, err))) return err ? err->code : MC_ERR_STORE;
    e = store_exec(w, Q_SESSION_INSERT, SV_ARGS(SV_T(th), SV_I(out->id), SV_I(now), SV_I(*expires), SV_T(addr)), NULL,
                   err);
    if (!e) e = throttle_clear(w, pkey, err);
    if (!e) e = store_exec(w, Q_LOGIN_KNOWN_PUT, SV_ARGS(SV_I(out->id), SV_T(addr), SV_I(now)), NULL, err);
    if (e) {
        store_rollback(w);
        return e;
    }
    return store_commit(w, err);
}

mc_err auth_session(store_conn *c, arena *a, const char *token, mc_time now, user *out, mc_error *err) {
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
    (void)p;
    char key[96];
    snprintf(key, sizeof key, "t:%.80s", address ? address : "");
    throttle_state st;
    if (throttle_get(store_reader(s), key, now, &st, err)) return MC_ERR_STORE;
    if (st.wait) return wait_error(err, "Tra cứu sai nhiều lần.", "Too many failed lookups", st.wait);
    return MC_OK;
}

/* Wrong keys on one code are remembered for a year and never make anyone wait: past
 * track_code_max the short key just stops opening the dossier. */
static const throttle_rule code_rule = {1 << 30, 1, 1, 365 * 86400};

void auth_track_failed(store *s, const auth_policy *p, const char *address, const char *code, mc_time now) {
    char key[96], ckey[96];
    snprintf(key, sizeof key, "t:%.80s", address ? address : "");
    mc_error err;
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, &err);
    if (!w) return;
    mc_err e = throttle_fail(w, key, &p->track_addr, now, NULL, &err);
    if (!e && code) {
        snprintf(ckey, sizeof ckey, "c:%.80s", code);
        e = throttle_fail(w, ckey, &code_rule, now, NULL, &err);
    }
    if (e)
        store_rollback(w);
    else
        store_commit(w, &err);
}

bool auth_track_short_key_ok(store *s, const auth_policy *p, const char *code, mc_time now) {
    char ckey[96];
    snprintf(ckey, sizeof ckey, "c:%.80s", code ? code : "");
    throttle_state st;
    if (throttle_get(store_reader(s), ckey, now, &st, NULL)) return false;
    return st.fails < p->track_code_max;
}

/* Counts one more of something an address does without proving who it is (prefix names what); while the
 * address must wait, MC_ERR_TOO_MANY saying so in the words `what_vn` / `what_en`, and nothing counted. */
static mc_err count_allowed(store *s, const throttle_rule *rule, const char *prefix, const char *address, mc_time now,
                            const char *what_vn, const char *what_en, mc_error *err) {
    char key[96];
    snprintf(key, sizeof key, "%s:%.80s", prefix, address ? address : "");
    /* A refusal reads only: a flood of refused requests never takes the writer from the intake. */
    throttle_state st;
    mc_err e = throttle_get(store_reader(s), key, now, &st, err);
    if (e) return e;
    if (!st.wait) {
        store_conn *c = store_begin_tenant(s, STORE_PEOPLE, err);
        if (!c) return err ? err->code : MC_ERR_STORE;
        e = throttle_get(c, key, now, &st, err);
        if (!e && !st.wait) {
            /* Counted and allowed; the next one may have to wait. */
            if ((e = throttle_fail(c, key, rule, now, &st, err))) {
                store_rollback(c);
                return e;
            }
            if (st.wait)
                log_warn("%s from %s wait %lld s after %lld", what_en, address ? address : "", (long long)st.wait,
                         (long long)st.fails);
            return store_commit(c, err);
        }
        store_rollback(c);
        if (e) return e;
    }
    char vn[160], en[96];
    snprintf(vn, sizeof vn, "Đã có quá nhiều %s từ địa chỉ này.", what_vn);
    snprintf(en, sizeof en, "Too many %s from this address", what_en);
    return wait_error(err, vn, en, st.wait);
}

mc_err auth_register_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err) {
    return count_allowed(s, &p->registration, "r", address, now, "tài khoản được đăng ký", "registrations", err);
}

mc_err auth_feedback_allowed(store *s, const auth_policy *p, const char *address, mc_time now, mc_error *err) {
    return count_allowed(s, &p->feedback, "f", address, now, "phản ánh, kiến nghị được gửi", "feedback items", err);
}

mc_err auth_purge(store *s, const auth_policy *p, mc_time now, mc_error *err) {
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return MC_ERR_STORE;
    if (store_exec(w, Q_SESSION_PURGE, SV_ARGS(SV_I(now)), NULL, err) || throttle_purge(w, now, err) ||
        store_exec(w, Q_LOGIN_KNOWN_PURGE, SV_ARGS(SV_I(now - p->known_for)), NULL, err)) {
        store_rollback(w);
        return MC_ERR_STORE;
    }
    return store_commit(w, err);
}
