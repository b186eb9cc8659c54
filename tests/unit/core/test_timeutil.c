/* test_timeutil.c - civil days, weekdays, ISO 8601 in UTC+7. */
#include "testutil.h"

static void civil_days(void **state) {
    (void)state;
    assert_int_equal(day_from_ymd(1970, 1, 1), 0);
    assert_int_equal(day_weekday(day_from_ymd(2026, 3, 2)), 1);  /* Monday */
    assert_int_equal(day_weekday(day_from_ymd(2026, 2, 17)), 2); /* Tết Bính Ngọ, Tuesday */
    assert_int_equal(day_weekday(day_from_ymd(1900, 1, 1)), 1);
    for (mc_day d = day_from_ymd(1899, 12, 1); d < day_from_ymd(2201, 1, 1); d += 17) {
        int y, m, dd;
        day_to_ymd(d, &y, &m, &dd);
        assert_true(ymd_valid(y, m, dd));
        assert_int_equal(day_from_ymd(y, m, dd), d);
    }
    assert_false(ymd_valid(2025, 2, 29));
    assert_true(ymd_valid(2024, 2, 29));
    assert_false(ymd_valid(2100, 2, 29));
}

static void iso8601(void **state) {
    (void)state;
    mc_time t;
    char buf[26], vn[17];
    assert_true(time_parse_iso8601("2026-03-02T09:00:00+07:00", &t));
    time_format_iso8601(t, buf);
    assert_string_equal(buf, "2026-03-02T09:00:00+07:00");
    time_format_vn(t, vn);
    assert_string_equal(vn, "09:00 02/03/2026");
    mc_time z;
    assert_true(time_parse_iso8601("2026-03-02T02:00:00Z", &z));
    assert_int_equal(z, t);
    assert_true(time_parse_iso8601("2026-03-02T09:00", &z)); /* no zone: Vietnam time */
    assert_int_equal(z, t);
    assert_true(time_parse_iso8601("2026-03-01T21:00:00-05:00", &z));
    assert_int_equal(z, t);
    assert_true(time_parse_iso8601("2026-03-02T09:00:00.123+07:00", &z));
    assert_int_equal(z, t);
    const char *bad[] = {"",
                         "2026-03-02",
                         "2026-02-30T09:00",
                         "2026-03-02T24:00",
                         "2026-03-02T09:60",
                         "2026-03-02T09:00+7",
                         "2026-03-02T09:00:00+07:00x",
                         "2026/03/02T09:00",
                         "2026-03-02X09:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(time_parse_iso8601(bad[i], &z));
    /* Local day boundaries are at 17:00 UTC. */
    assert_true(time_parse_iso8601("2026-03-01T17:00:00Z", &z));
    assert_int_equal(time_local_day(z), day_from_ymd(2026, 3, 2));
    assert_int_equal(time_local_sec(z), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(civil_days), cmocka_unit_test(iso8601)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
