/* test_netaddr.c - trusted proxies and the client address behind them. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "netaddr.h"

static void parses_lists(void **state) {
    (void)state;
    netaddr_set s;
    char why[200];
    assert_true(netaddr_set_parse("127.0.0.1, 10.0.0.0/8,::1,fd00::/8", &s, why, sizeof why));
    assert_int_equal(s.n, 4);
    assert_true(netaddr_set_has(&s, "127.0.0.1"));
    assert_false(netaddr_set_has(&s, "127.0.0.2"));
    assert_true(netaddr_set_has(&s, "10.200.3.4"));
    assert_false(netaddr_set_has(&s, "11.0.0.1"));
    assert_true(netaddr_set_has(&s, "::1"));
    assert_true(netaddr_set_has(&s, "fd12:3456::1"));
    assert_false(netaddr_set_has(&s, "fe80::1"));
    assert_true(netaddr_set_has(&s, "::ffff:10.1.2.3")); /* IPv4-mapped is IPv4 */
    assert_false(netaddr_set_has(&s, "not-an-ip"));
    assert_true(netaddr_set_parse("", &s, why, sizeof why));
    assert_int_equal(s.n, 0);
    assert_false(netaddr_set_has(&s, "127.0.0.1"));
    assert_false(netaddr_set_parse("127.0.0.1,abc", &s, why, sizeof why));
    assert_non_null(strstr(why, "abc"));
    assert_false(netaddr_set_parse("10.0.0.0/33", &s, why, sizeof why));
    assert_false(netaddr_set_parse("10.0.0.0/", &s, why, sizeof why));
    assert_false(netaddr_set_parse("10.0.0.0/8x", &s, why, sizeof why));
    assert_true(netaddr_set_parse("10.1.2.3/0", &s, why, sizeof why)); /* everything */
    assert_true(netaddr_set_has(&s, "8.8.8.8"));
}

static void client_from_forwarded_for(void **state) {
    (void)state;
    netaddr_set proxies;
    char why[200], out[NETADDR_TEXT];
    assert_true(netaddr_set_parse("127.0.0.9,10.0.0.0/8", &proxies, why, sizeof why));
    /* A peer that is no proxy: its header is its own invention. */
    assert_string_equal(netaddr_client(&proxies, "127.0.0.2", "1.2.3.4", out), "127.0.0.2");
    /* From the proxy: the address it appended, not what the client wrote before it. */
    assert_string_equal(netaddr_client(&proxies, "127.0.0.9", "6.6.6.6, 203.0.113.7", out), "203.0.113.7");
    /* Two proxies in a row: the first address no trusted proxy appended. */
    assert_string_equal(netaddr_client(&proxies, "127.0.0.9", "6.6.6.6,203.0.113.7 , 10.1.1.1", out), "203.0.113.7");
    /* No header: the peer. A garbage entry: nothing to its left is believed, the peer is answered. */
    assert_string_equal(netaddr_client(&proxies, "127.0.0.9", NULL, out), "127.0.0.9");
    assert_string_equal(netaddr_client(&proxies, "127.0.0.9", "1.1.1.1, evil", out), "127.0.0.9");
    assert_string_equal(netaddr_client(&proxies, "127.0.0.9", "2001:db8::5", out), "2001:db8::5");
    /* No proxies configured: never believed. */
    netaddr_set none;
    assert_true(netaddr_set_parse(NULL, &none, why, sizeof why));
    assert_string_equal(netaddr_client(&none, "127.0.0.9", "1.2.3.4", out), "127.0.0.9");
}

static void keys_group_ipv6_by_64(void **state) {
    (void)state;
    struct sockaddr_in6 a = {.sin6_family = AF_INET6}, b = a;
    inet_pton(AF_INET6, "2001:db8:1:2::1", &a.sin6_addr);
    inet_pton(AF_INET6, "2001:db8:1:2:ffff::9", &b.sin6_addr);
    char ka[NETADDR_TEXT], kb[NETADDR_TEXT];
    assert_string_equal(netaddr_key((struct sockaddr *)&a, ka), netaddr_key((struct sockaddr *)&b, kb));
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.2", &v4.sin_addr);
    assert_string_equal(netaddr_key((struct sockaddr *)&v4, ka), "127.0.0.2");
    struct sockaddr_in6 m = {.sin6_family = AF_INET6};
    inet_pton(AF_INET6, "::ffff:192.0.2.1", &m.sin6_addr);
    assert_string_equal(netaddr_text((struct sockaddr *)&m, ka), "192.0.2.1");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_lists),
        cmocka_unit_test(client_from_forwarded_for),
        cmocka_unit_test(keys_group_ipv6_by_64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
