/* test_guard.c - per-address caps, head deadlines, body rates and the body
 * budget, on real sockets (socketpairs) with a clock the test moves. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guard.h"

static struct sockaddr_in addr_of(const char *ip) {
    struct sockaddr_in a = {.sin_family = AF_INET};
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}

/* True when the peer of sv[0] sees the socket shut down (end of file or a response then end of file). */
static bool is_cut(int peer, char *got, size_t n) {
    ssize_t k = recv(peer, got, n - 1, MSG_DONTWAIT);
    if (k >= 0)
        got[k] = 0;
    else
        got[0] = 0;
    if (k > 0) k = recv(peer, got + k, 1, MSG_DONTWAIT) == 0 ? 0 : k; /* the response, then EOF */
    return k == 0;
}

static void caps_connections_per_address(void **state) {
    (void)state;
    guard_config cfg = guard_config_default();
    cfg.per_addr = 3;
    char why[100];
    assert_true(netaddr_set_parse("127.0.0.9", &cfg.exempt, why, sizeof why));
    guard *g = guard_create(&cfg);
    struct sockaddr_in a2 = addr_of("127.0.0.2"), a3 = addr_of("127.0.0.3"), p = addr_of("127.0.0.9");
    int sv[6][2];
    guard_conn *c[6];
    char got[512];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]), 0);
        c[i] = guard_open(g, sv[i][0], (struct sockaddr *)&a2, 0);
    }
    for (int i = 0; i < 3; i++) assert_false(is_cut(sv[i][1], got, sizeof got));
    /* The fourth from the same address is answered 503 in the one error shape, and shut. */
    assert_true(is_cut(sv[3][1], got, sizeof got));
    assert_non_null(strstr(got, "HTTP/1.1 503"));
    assert_non_null(strstr(got, "\"code\":\"busy\""));
    assert_non_null(strstr(got, "Quá nhiều kết nối"));
    assert_int_equal(guard_stats_get(g).refused_addr, 1);
    /* Another address is not affected; a trusted proxy is never capped. */
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[4]), 0);
    c[4] = guard_open(g, sv[4][0], (struct sockaddr *)&a3, 0);
    assert_false(is_cut(sv[4][1], got, sizeof got));
    for (int i = 0; i < 10; i++) {
        int pp[2];
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pp), 0);
        guard_conn *x = guard_open(g, pp[0], (struct sockaddr *)&p, 0);
        assert_false(is_cut(pp[1], got, sizeof got));
        guard_close(g, x);
        close(pp[0]);
        close(pp[1]);
    }
    /* A connection that goes makes room for the next one. */
    guard_close(g, c[3]);
    guard_close(g, c[0]);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[5]), 0);
    c[5] = guard_open(g, sv[5][0], (struct sockaddr *)&a2, 0);
    assert_false(is_cut(sv[5][1], got, sizeof got));
    for (int i = 1; i < 6; i++) {
        if (i != 3) guard_close(g, c[i]);
    }
    for (int i = 0; i < 6; i++) {
        close(sv[i][0]);
        close(sv[i][1]);
    }
    assert_int_equal(guard_stats_get(g).conns, 0);
    guard_free(g);
}

static void deadlines_for_heads_and_bodies(void **state) {
    (void)state;
    guard_config cfg = guard_config_default();
    cfg.head_timeout = 30;
    cfg.body_min_rate = 100;
    cfg.body_window = 10;
    guard *g = guard_create(&cfg);
    struct sockaddr_in a = addr_of("127.0.0.2");
    int h[2], b[2], f[2], k[2];
    char got[64];
    socketpair(AF_UNIX, SOCK_STREAM, 0, h);
    socketpair(AF_UNIX, SOCK_STREAM, 0, b);
    socketpair(AF_UNIX, SOCK_STREAM, 0, f);
    socketpair(AF_UNIX, SOCK_STREAM, 0, k);
    guard_conn *ch = guard_open(g, h[0], (struct sockaddr *)&a, 0);
    guard_conn *cb = guard_open(g, b[0], (struct sockaddr *)&a, 0);
    guard_conn *cf = guard_open(g, f[0], (struct sockaddr *)&a, 0);
    guard_conn *ck = guard_open(g, k[0], (struct sockaddr *)&a, 0);
    guard_head_done(g, cb, 1000);
    guard_head_done(g, cf, 1000);
    guard_head_done(g, ck, 1000);
    guard_busy(g, ck); /* being answered: no deadline however long it takes */
    /* 29 s: nothing yet. The fast body sends 1,000 bytes, the slow one 999 in its first 10 s. */
    guard_body_bytes(g, cf, 1000);
    guard_body_bytes(g, cb, 999);
    assert_int_equal(guard_sweep(g, 10999), 0);
    assert_int_equal(guard_sweep(g, 11000), 1);
    assert_true(is_cut(b[1], got, sizeof got));
    assert_false(is_cut(f[1], got, sizeof got));
    /* The fast one must keep up in its next window too. */
    guard_body_bytes(g, cf, 1000);
    assert_int_equal(guard_sweep(g, 21000), 0);
    assert_int_equal(guard_sweep(g, 31000), 2); /* the head waited 31 s; the body sent nothing for 10 s */
    assert_true(is_cut(h[1], got, sizeof got));
    assert_true(is_cut(f[1], got, sizeof got));
    assert_false(is_cut(k[1], got, sizeof got));
    /* After its answer, a kept-alive connection waits for its next head from then on. */
    guard_idle(g, ck, 100000);
    assert_int_equal(guard_sweep(g, 129999), 0);
    assert_int_equal(guard_sweep(g, 130000), 1);
    assert_true(is_cut(k[1], got, sizeof got));
    guard_stats st = guard_stats_get(g);
    assert_int_equal(st.closed_head, 2);
    assert_int_equal(st.closed_body, 2);
    guard_close(g, ch);
    guard_close(g, cb);
    guard_close(g, cf);
    guard_close(g, ck);
    int *all[] = {h, b, f, k};
    for (int i = 0; i < 4; i++) {
        close(all[i][0]);
        close(all[i][1]);
    }
    guard_free(g);
}

static void body_budget(void **state) {
    (void)state;
    guard_config cfg = guard_config_default();
    cfg.body_budget = 1000;
    guard *g = guard_create(&cfg);
    struct sockaddr_in a = addr_of("127.0.0.2");
    int x[2], y[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, x);
    socketpair(AF_UNIX, SOCK_STREAM, 0, y);
    guard_conn *cx = guard_open(g, x[0], (struct sockaddr *)&a, 0);
    guard_conn *cy = guard_open(g, y[0], (struct sockaddr *)&a, 0);
    assert_true(guard_budget_take(g, cx, 600));
    assert_false(guard_budget_take(g, cy, 401));
    assert_true(guard_budget_take(g, cy, 400));
    assert_false(guard_budget_take(g, cy, 1));
    assert_false(guard_budget_take(g, cy, (size_t)-1)); /* no wrap-around */
    assert_int_equal(guard_stats_get(g).body_bytes, 1000);
    guard_idle(g, cx, 0); /* a request over gives its bytes back */
    assert_int_equal(guard_stats_get(g).body_bytes, 400);
    assert_true(guard_budget_take(g, cx, 600));
    guard_close(g, cy); /* so does a connection that goes */
    guard_close(g, cx);
    assert_int_equal(guard_stats_get(g).body_bytes, 0);
    assert_int_equal(guard_stats_get(g).refused_budget, 3);
    close(x[0]);
    close(x[1]);
    close(y[0]);
    close(y[1]);
    guard_free(g);
}

static void defaults_serve_an_office_behind_nat(void **state) {
    (void)state;
    guard_config d = guard_config_default();
    /* A commune office: 20 officers behind one address, two connections each. */
    assert_true(d.per_addr >= 40);
    /* A client trickling one byte at a time is closed within a minute. */
    assert_true(d.head_timeout <= 60);
    assert_true(d.body_window <= 60 && d.body_min_rate > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(caps_connections_per_address),
        cmocka_unit_test(deadlines_for_heads_and_bodies),
        cmocka_unit_test(body_budget),
        cmocka_unit_test(defaults_serve_an_office_behind_nat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
