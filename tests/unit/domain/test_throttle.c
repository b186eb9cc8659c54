/* test_throttle.c - growing waits after failures, forgetting, and the login
 * policy built on them: a stranger cannot lock an officer out, and correct
 * logins never count. */
#include "testutil.h"

#include "dbutil.h"

#include "auth.h"
#include "perm.h"
#include "throttle.h"
#include "units.h"
#include "users.h"

static void delays_grow_to_a_cap(void **state) {
    (void)state;
    throttle_rule r = {3, 2, 60, 3600};
    int64_t want[] = {0, 0, 0, 2, 4, 8, 16, 32, 60, 60, 60, 60};
    for (int n = 0; n < 12; n++) assert_int_equal(throttle_delay(&r, n), want[n]);
    assert_int_equal(throttle_delay(&r, 1000000), 60);
}

static void counts_waits_and_forgets(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    mc_error err;
    throttle_rule r = {2, 10, 100, 500};
    throttle_state st;
    store_conn *w = store_begin(s, &err);
    assert_int_equal(throttle_fail(w, "k", &r, 1000, &st, &err), MC_OK);
    assert_int_equal(st.wait, 0);
    assert_int_equal(throttle_fail(w, "k", &r, 1000, &st, &err), MC_OK);
    assert_int_equal(st.fails, 2);
    assert_int_equal(st.wait, 10);
    assert_int_equal(store_commit(w, &err), MC_OK);
    assert_int_equal(throttle_get(store_reader(s), "k", 1004, &st, &err), MC_OK);
    assert_int_equal(st.wait, 6);
    assert_int_equal(throttle_get(store_reader(s), "k", 1010, &st, &err), MC_OK);
    assert_int_equal(st.wait, 0);
    assert_int_equal(st.fails, 2);
    assert_int_equal(throttle_get(store_reader(s), "other", 1010, &st, &err), MC_OK);
    assert_int_equal(st.fails, 0);
    /* Quiet for `forget` after its last wait: starts again from zero, and the purge deletes it. */
    assert_int_equal(throttle_get(store_reader(s), "k", 1510, &st, &err), MC_OK);
    assert_int_equal(st.fails, 0);
    w = store_begin(s, &err);
    assert_int_equal(throttle_purge(w, 1510, &err), MC_OK);
    assert_int_equal(throttle_fail(w, "k", &r, 1510, &st, &err), MC_OK);
    assert_int_equal(st.fails, 1);
    assert_int_equal(throttle_clear(w, "k", &err), MC_OK);
    assert_int_equal(store_commit(w, &err), MC_OK);
    assert_int_equal(throttle_get(store_reader(s), "k", 1511, &st, &err), MC_OK);
    assert_int_equal(st.fails, 0);
    char b[32];
    assert_string_equal(throttle_wait_text(5, b, sizeof b), "5 giây");
    assert_string_equal(throttle_wait_text(61, b, sizeof b), "2 phút");
    test_store_close(s, path);
}

static mc_err login(store *s, const auth_policy *p, const char *name, const char *pw, const char *addr, mc_time now) {
    arena *a = arena_create();
    char token[AUTH_TOKEN_HEX + 1];
    user u;
    mc_time exp;
    mc_error err;
    mc_err e = auth_login(s, a, p, name, pw, addr, now, token, &u, &exp, &err);
    arena_free(a);
    return e;
}

/* A fresh province "04" in an open write transaction; hash gets the accounts' password hash. */
static store_conn *begin_province(store *s, char hash[128]) {
    mc_error err;
    users_set_pwhash(PWHASH_TEST);
    assert_int_equal(users_prepare_password("Mat-khau-2026", hash, &err), MC_OK);
    store_conn *w = store_begin(s, &err);
    assert_int_equal(units_add(w, &(unit_new){.code = "04", .name = "Tỉnh Cao Bằng", .kind = "province"}, NULL, &err),
                     MC_OK);
    return w;
}

static void strangers_cannot_lock_an_officer_out(void **state) {
    (void)state;
    char path[64], hash[128];
    mc_error err;
    store *s = test_store(path);
    store_conn *w = begin_province(s, hash);
    user_new n = {"tiepnhan.x", "Cán bộ một cửa", hash, "04", ROLE_RECEIVER, NULL, NULL, NULL};
    assert_int_equal(users_add(w, &n, NULL, &err), MC_OK);
    assert_int_equal(store_commit(w, &err), MC_OK);
    auth_policy p = auth_policy_default();
    mc_time t = 1800000000;
    const char *office = "203.0.113.10", *stranger = "198.51.100.7";
    /* The officer logs in at the office: the address becomes known to the account. */
    assert_int_equal(login(s, &p, "tiepnhan.x", "Mat-khau-2026", office, t), MC_OK);
    /* A stranger guesses from elsewhere: slowed down, with growing waits. */
    int refused = 0, tried = 0;
    for (int i = 0; i < 200; i++) {
        mc_err e = login(s, &p, "tiepnhan.x", "sai-mat-khau", stranger, t + i);
        if (e == MC_ERR_TOO_MANY)
            refused++;
        else
            tried++;
        assert_true(e == MC_ERR_TOO_MANY || e == MC_ERR_UNAUTHORIZED);
    }
    assert_true(refused > 150);
    assert_true(tried >= 5 && tried < 20);
    /* Yet the officer at the office's address gets in at once. */
    assert_int_equal(login(s, &p, "tiepnhan.x", "Mat-khau-2026", office, t + 200), MC_OK);
    /* Guessers from a hundred addresses, one guess each: the account itself slows them down. */
    tried = 0;
    for (int i = 0; i < 100; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "198.51.100.%d", 100 + i);
        mc_err e = login(s, &p, "tiepnhan.x", "sai-mat-khau", addr, t + 300);
        assert_true(e == MC_ERR_TOO_MANY || e == MC_ERR_UNAUTHORIZED);
        tried += e == MC_ERR_UNAUTHORIZED;
    }
    assert_true(tried <= 10);
    /* The officer at the office is not slowed by it; from an address the account never used, the
     * officer waits like anyone else until the account's wait is over. */
    assert_int_equal(login(s, &p, "tiepnhan.x", "Mat-khau-2026", office, t + 301), MC_OK);
    assert_int_equal(login(s, &p, "tiepnhan.x", "Mat-khau-2026", "192.0.2.55", t + 301), MC_ERR_TOO_MANY);
    test_store_close(s, path);
}

static void correct_logins_never_count(void **state) {
    (void)state;
    char path[64], hash[128];
    mc_error err;
    store *s = test_store(path);
    store_conn *w = begin_province(s, hash);
    char names[40][32];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "canbo.%02d", i);
        user_new n = {names[i], "Cán bộ", hash, "04", ROLE_RECEIVER, NULL, NULL, NULL};
        assert_int_equal(users_add(w, &n, NULL, &err), MC_OK);
    }
    assert_int_equal(store_commit(w, &err), MC_OK);
    auth_policy p = auth_policy_default();
    mc_time t = 1800000000;
    /* One office behind one NAT address: 40 officers log in, each twice a day for five days. */
    for (int day = 0; day < 5; day++)
        for (int i = 0; i < 80; i++)
            assert_int_equal(login(s, &p, names[i % 40], "Mat-khau-2026", "203.0.113.10", t + day * 86400 + i), MC_OK);
    /* A few typing mistakes among them change nothing either. */
    for (int i = 0; i < 10; i++)
        assert_int_equal(login(s, &p, names[i], "go-nham", "203.0.113.10", t + 5 * 86400 + i), MC_ERR_UNAUTHORIZED);
    assert_int_equal(login(s, &p, names[0], "Mat-khau-2026", "203.0.113.10", t + 5 * 86400 + 20), MC_OK);
    test_store_close(s, path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delays_grow_to_a_cap),
        cmocka_unit_test(counts_waits_and_forgets),
        cmocka_unit_test(strangers_cannot_lock_an_officer_out),
        cmocka_unit_test(correct_logins_never_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
