/* test_lunar.c - Vietnamese lunar calendar against published tables.
 *
 * Usage: test_lunar [DATADIR]; DATADIR defaults to $MOTCUA_TESTDATA, then
 * tests/data. Expected values below that are not in lunar_1990_2060.csv come
 * from the same published source (Hồ Ngọc Đức's year table, see the CSV). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lunar.h"
#include "timeutil.h"

static const char *data_dir = "tests/data";

static mc_day ymd(int y, int m, int d) {
    return day_from_ymd(y, m, d);
}

static void assert_lunar(mc_day day, int year, int month, int dd, bool leap) {
    const lunar_date l = lunar_from_day(day);
    assert_int_equal(l.year, year);
    assert_int_equal(l.month, month);
    assert_int_equal(l.day, dd);
    assert_int_equal(l.leap, leap);
}

static mc_day to_day(int year, int month, int dd, bool leap) {
    mc_day out = LUNAR_NO_DAY;
    assert_true(lunar_to_day(year, month, dd, leap, &out));
    return out;
}

/* Every row of lunar_1990_2060.csv: Tết and Giỗ Tổ Hùng Vương (10/3). */
static void test_published_table_1990_2060(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/lunar_1990_2060.csv", data_dir);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);
    char line[512];
    int rows = 0, next_year = 1990;
    bool header = false;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        if (!header) {
            assert_int_equal(strncmp(line, "year,tet,hung_vuong", 19), 0);
            header = true;
            continue;
        }
        char tet_s[16], hv_s[16];
        int year;
        if (sscanf(line, "%d,%10[^,],%10s", &year, tet_s, hv_s) != 3) fail_msg("bad row: %s", line);
        mc_day tet = 0, hv = 0;
        if (!day_parse(tet_s, &tet) || !day_parse(hv_s, &hv)) fail_msg("bad date: %s", line);
        assert_int_equal(year, next_year++);
        if (lunar_tet(year) != tet) fail_msg("Tết %d: got day %d, table %s", year, lunar_tet(year), tet_s);
        assert_int_equal(to_day(year, 3, 10, false), hv);
        assert_lunar(tet, year, 1, 1, false);
        assert_lunar(hv, year, 3, 10, false);
        rows++;
    }
    fclose(f);
    assert_true(header);
    assert_int_equal(rows, 2060 - 1990 + 1);
}

/* lunar_to_day(lunar_from_day(d)) == d for every day 1900-2100, and the lunar
 * dates advance one day at a time through months of 29 or 30 days. */
static void test_round_trip_1900_2100(void **state) {
    (void)state;
    lunar_date prev = lunar_from_day(ymd(1899, 12, 31));
    assert_int_not_equal(prev.year, 0);
    for (mc_day d = ymd(1900, 1, 1); d <= ymd(2100, 12, 31); d++) {
        const lunar_date l = lunar_from_day(d);
        mc_day back = LUNAR_NO_DAY;
        if (!lunar_to_day(l.year, l.month, l.day, l.leap, &back) || back != d)
            fail_msg("day %d -> %d/%d%s/%d -> %d", d, l.day, l.month, l.leap ? "L" : "", l.year, back);
        if (l.day == 1) {
            assert_true(prev.day == 29 || prev.day == 30);
            if (l.month == 1 && !l.leap) {
                assert_int_equal(l.year, prev.year + 1);
                assert_int_equal(prev.month, 12);
            } else {
                assert_int_equal(l.year, prev.year);
                assert_int_equal(l.month, l.leap ? prev.month : prev.month + 1);
            }
        } else {
            assert_int_equal(l.day, prev.day + 1);
            assert_int_equal(l.month, prev.month);
            assert_int_equal(l.leap, prev.leap);
        }
        prev = l;
    }
}

/* Leap months: 2020 month 4, 2023 month 2, 2025 month 6, 2033 month 11. */
static void test_leap_months(void **state) {
    (void)state;
    assert_int_equal(to_day(2020, 4, 1, true), ymd(2020, 5, 23));
    assert_int_equal(to_day(2023, 2, 1, true), ymd(2023, 3, 22));
    assert_int_equal(to_day(2023, 3, 1, false), ymd(2023, 4, 20));
    assert_int_equal(to_day(2025, 6, 1, true), ymd(2025, 7, 25));
    assert_int_equal(to_day(2033, 11, 1, true), ymd(2033, 12, 22));
    assert_lunar(ymd(2023, 3, 22), 2023, 2, 1, true);
    assert_lunar(ymd(2023, 4, 19), 2023, 2, 29, true);
    assert_lunar(ymd(2025, 7, 24), 2025, 6, 30, false);
    assert_lunar(ymd(2025, 7, 25), 2025, 6, 1, true);
    assert_lunar(ymd(2034, 1, 19), 2033, 11, 29, true);
    assert_lunar(ymd(2034, 1, 20), 2033, 12, 1, false);
    /* Each of these years has exactly one leap month, the published one. */
    const int years[] = {2020, 2023, 2025, 2033}, leaps[] = {4, 2, 6, 11};
    for (size_t i = 0; i < 4; i++) {
        for (int m = 1; m <= 12; m++) {
            mc_day d;
            assert_int_equal(lunar_to_day(years[i], m, 1, true, &d), m == leaps[i]);
        }
    }
}

/* Where UTC+7 and UTC+8 disagree. 1985: Vietnam's Tết is 21 Jan and 20 Feb
 * (China's Tết) is 1/2; 2007: Vietnam's Tết is 17 Feb, China's 18 Feb. */
static void test_differs_from_chinese_calendar(void **state) {
    (void)state;
    assert_int_equal(lunar_tet(1985), ymd(1985, 1, 21));
    assert_lunar(ymd(1985, 2, 20), 1985, 2, 1, false);
    assert_int_equal(to_day(1985, 2, 1, true), ymd(1985, 3, 21));
    assert_lunar(ymd(1985, 1, 20), 1984, 12, 30, false);
    assert_int_equal(lunar_tet(2007), ymd(2007, 2, 17));
    assert_lunar(ymd(2007, 2, 18), 2007, 1, 2, false);
    assert_lunar(ymd(2007, 2, 16), 2006, 12, 29, false); /* month 12 of 2006 had 29 days */
}

static void test_nonexistent_dates(void **state) {
    (void)state;
    mc_day d = 12345;
    assert_false(lunar_to_day(2024, 1, 30, false, &d)); /* month 1 of 2024 has 29 days */
    assert_false(lunar_to_day(2020, 4, 30, true, &d));  /* leap 4 of 2020 has 29 days */
    assert_false(lunar_to_day(2024, 4, 1, true, &d));   /* 2024 has no leap month */
    assert_false(lunar_to_day(2023, 3, 1, true, &d));   /* 2023's leap month is 2 */
    assert_false(lunar_to_day(2024, 0, 1, false, &d));
    assert_false(lunar_to_day(2024, 13, 1, false, &d));
    assert_false(lunar_to_day(2024, 1, 0, false, &d));
    assert_false(lunar_to_day(2024, 1, 31, false, &d));
    assert_false(lunar_to_day(LUNAR_YEAR_MIN - 1, 1, 1, false, &d));
    assert_false(lunar_to_day(LUNAR_YEAR_MAX + 1, 1, 1, false, &d));
    assert_int_equal(d, 12345);
    assert_int_equal(to_day(2024, 2, 30, false), ymd(2024, 4, 8));
}

static void test_out_of_range(void **state) {
    (void)state;
    assert_int_equal(lunar_tet(LUNAR_YEAR_MIN - 1), LUNAR_NO_DAY);
    assert_int_equal(lunar_tet(LUNAR_YEAR_MAX + 1), LUNAR_NO_DAY);
    assert_int_equal(lunar_from_day(ymd(1800, 6, 1)).year, 0);
    assert_int_equal(lunar_from_day(ymd(2500, 6, 1)).year, 0);
    assert_int_equal(lunar_from_day(ymd(LUNAR_YEAR_MIN, 6, 1)).year, LUNAR_YEAR_MIN);
}

int main(int argc, char **argv) {
    const char *env = getenv("MOTCUA_TESTDATA");
    if (argc > 1)
        data_dir = argv[1];
    else if (env && *env)
        data_dir = env;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_table_1990_2060),
        cmocka_unit_test(test_round_trip_1900_2100),
        cmocka_unit_test(test_leap_months),
        cmocka_unit_test(test_differs_from_chinese_calendar),
        cmocka_unit_test(test_nonexistent_dates),
        cmocka_unit_test(test_out_of_range),
    };
    return cmocka_run_group_tests_name("lunar", tests, NULL, NULL);
}
