/* test_holiday_rules.c - proposals from BLLĐ 2019 Art. 112(1) and 111(3),
 * checked against the official 2025 and 2026 decisions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "holiday_rules.h"
#include "lunar.h"
#include "timeutil.h"

/* Days off ("kind": "off") for cán bộ, công chức, viên chức, copied from
 * shared/data/holidays.json (official notices; sources are in that file).
 * Weekends inside a holiday range are included, as in that file. */
static const char *const OFFICIAL_OFF_2025[] = {
    "2025-01-01", "2025-01-25", "2025-01-26", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
    "2025-01-31", "2025-02-01", "2025-02-02", "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02",
    "2025-05-03", "2025-05-04", "2025-08-30", "2025-08-31", "2025-09-01", "2025-09-02",
};
static const char *const OFFICIAL_OFF_2026[] = {
    "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-02-14", "2026-02-15", "2026-02-16",
    "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-04-25",
    "2026-04-26", "2026-04-27", "2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03", "2026-08-29",
    "2026-08-30", "2026-08-31", "2026-09-01", "2026-09-02",
};

typedef struct {
    const char *day;
    const char *name;
} expected;

static mc_day iso(const char *s) {
    mc_day d;
    assert_true(day_parse(s, &d));
    return d;
}

static bool in_list(mc_day d, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (iso(list[i]) == d) return true;
    return false;
}

static size_t propose(int year, holiday_proposal *out) {
    const size_t n = holiday_propose(year, out, HOLIDAY_PROPOSALS_MAX);
    assert_true(n <= HOLIDAY_PROPOSALS_MAX);
    return n;
}

static void assert_proposals(const holiday_proposal *got, size_t n, const expected *want, size_t wn) {
    for (size_t i = 0; i < n && i < wn; i++) {
        char buf[11];
        day_format(got[i].day, buf);
        assert_string_equal(buf, want[i].day);
        assert_string_equal(got[i].name, want[i].name);
    }
    assert_int_equal(n, wn);
}

static void test_2026_matches_official(void **state) {
    (void)state;
    static const expected want[] = {
        {"2026-01-01", "Tết Dương lịch"},
        {"2026-02-16", "Tết Nguyên đán"},
        {"2026-02-17", "Tết Nguyên đán"},
        {"2026-02-18", "Tết Nguyên đán"},
        {"2026-02-19", "Tết Nguyên đán"},
        {"2026-02-20", "Tết Nguyên đán"},
        {"2026-04-26", "Giỗ Tổ Hùng Vương"},
        {"2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương"},
        {"2026-04-30", "Ngày Chiến thắng"},
        {"2026-05-01", "Ngày Quốc tế Lao động"},
        {"2026-09-01", "Quốc khánh (ngày liền kề)"},
        {"2026-09-02", "Quốc khánh"},
    };
    holiday_proposal p[HOLIDAY_PROPOSALS_MAX];
    const size_t n = propose(2026, p);
    assert_proposals(p, n, want, sizeof want / sizeof want[0]);
    /* Every proposed day was decided as a day off. (The decision also swaps
     * 2/1 and 31/8 with Saturdays; swaps are not part of the rule.) */
    for (size_t i = 0; i < n; i++)
        assert_true(in_list(p[i].day, OFFICIAL_OFF_2026, sizeof OFFICIAL_OFF_2026 / sizeof(char *)));
    assert_string_equal(p[1].rule, "BLLĐ 2019 Điều 112(1)(b)");
}

/* 2025: everything matches except the choice of Tết days. The rule gives the
 * last day of Giáp Thìn (29 tháng Chạp = 28/1) to mùng 4 (1/2, a Saturday,
 * compensated on Monday 3/2); the Prime Minister chose 27/1-31/1 instead
 * (Art. 112(3)), so 3/2 is proposed but was a working day, and 27/1 was off
 * but is not proposed. */
static void test_2025_matches_official_except_tet_choice(void **state) {
    (void)state;
    static const expected want[] = {
        {"2025-01-01", "Tết Dương lịch"},
        {"2025-01-28", "Tết Nguyên đán"},
        {"2025-01-29", "Tết Nguyên đán"},
        {"2025-01-30", "Tết Nguyên đán"},
        {"2025-01-31", "Tết Nguyên đán"},
        {"2025-02-01", "Tết Nguyên đán"},
        {"2025-02-03", "Nghỉ bù Tết Nguyên đán"},
        {"2025-04-07", "Giỗ Tổ Hùng Vương"},
        {"2025-04-30", "Ngày Chiến thắng"},
        {"2025-05-01", "Ngày Quốc tế Lao động"},
        {"2025-09-01", "Quốc khánh (ngày liền kề)"},
        {"2025-09-02", "Quốc khánh"},
    };
    holiday_proposal p[HOLIDAY_PROPOSALS_MAX];
    const size_t n = propose(2025, p);
    assert_proposals(p, n, want, sizeof want / sizeof want[0]);
    const size_t on = sizeof OFFICIAL_OFF_2025 / sizeof(char *);
    for (size_t i = 0; i < n; i++) {
        const bool official = in_list(p[i].day, OFFICIAL_OFF_2025, on);
        assert_int_equal(official, p[i].day != iso("2025-02-03"));
    }
    assert_true(in_list(iso("2025-01-27"), OFFICIAL_OFF_2025, on));
    for (size_t i = 0; i < n; i++) assert_int_not_equal(p[i].day, iso("2025-01-27"));
}

/* Art. 111(3): Giỗ Tổ on Sunday 26/4/2026 moves to Monday 27/4/2026. */
static void test_sunday_holiday_moves_to_monday(void **state) {
    (void)state;
    holiday_proposal p[HOLIDAY_PROPOSALS_MAX];
    const size_t n = propose(2026, p);
    const mc_day sunday = iso("2026-04-26");
    assert_int_equal(day_weekday(sunday), 0);
    size_t i = 0;
    while (i < n && p[i].day != sunday) i++;
    assert_true(i + 1 < n);
    assert_int_equal(p[i + 1].day, sunday + 1);
    assert_int_equal(day_weekday(p[i + 1].day), 1);
    assert_string_equal(p[i + 1].name, "Nghỉ bù Giỗ Tổ Hùng Vương");
    assert_string_equal(p[i + 1].rule, "BLLĐ 2019 Điều 111(3)");
}

/* The day beside 2/9 as announced for 2021-2026, and 2023's Saturday 2/9
 * compensated on Monday 4/9. */
static void test_national_day_adjacent_2021_2026(void **state) {
    (void)state;
    static const char *const adj[] = {"2021-09-03", "2022-09-01", "2023-09-01",
                                      "2024-09-03", "2025-09-01", "2026-09-01"};
    for (int y = 2021; y <= 2026; y++) {
        holiday_proposal p[HOLIDAY_PROPOSALS_MAX];
        const size_t n = propose(y, p);
        size_t found = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(p[i].name, "Quốc khánh (ngày liền kề)") == 0) {
                assert_int_equal(p[i].day, iso(adj[y - 2021]));
                found++;
            }
        assert_int_equal(found, 1);
    }
    holiday_proposal p[HOLIDAY_PROPOSALS_MAX];
    const size_t n = propose(2023, p);
    bool moved = false;
    for (size_t i = 0; i < n; i++)
        moved |= p[i].day == iso("2023-09-04") && strcmp(p[i].name, "Nghỉ bù Quốc khánh") == 0;
    assert_true(moved);
}

/* Shape of every year: sorted, one per day, in the year, 11 statutory days,
 * one compensation on a weekday per statutory day on a weekend. */
static void test_invariants_1990_2100(void **state) {
    (void)state;
    for (int y = 1990; y <= 2100; y++) {
        holiday_proposal p[HOLIDAY_PROPOSALS_MAX];
        const size_t n = propose(y, p);
        size_t statutory = 0, weekend = 0, compensation = 0;
        for (size_t i = 0; i < n; i++) {
            int yy, m, d;
            day_to_ymd(p[i].day, &yy, &m, &d);
            assert_int_equal(yy, y);
            if (i > 0) assert_true(p[i - 1].day < p[i].day);
            const int w = day_weekday(p[i].day);
            if (strncmp(p[i].name, "Nghỉ bù ", strlen("Nghỉ bù ")) == 0) {
                compensation++;
                assert_true(w >= 1 && w <= 5);
            } else {
                statutory++;
                weekend += w == 0 || w == 6;
            }
        }
        assert_int_equal(statutory, 11);
        assert_int_equal(compensation, weekend);
    }
}

static void test_cap_and_range(void **state) {
    (void)state;
    holiday_proposal all[HOLIDAY_PROPOSALS_MAX], few[3];
    memset(few, 0, sizeof few);
    const size_t n = propose(2026, all);
    assert_int_equal(holiday_propose(2026, few, 3), n);
    assert_memory_equal(few, all, sizeof few);
    assert_int_equal(holiday_propose(2026, NULL, 0), n);
    assert_int_equal(holiday_propose(LUNAR_YEAR_MIN - 1, all, HOLIDAY_PROPOSALS_MAX), 0);
    assert_int_equal(holiday_propose(LUNAR_YEAR_MAX + 1, all, HOLIDAY_PROPOSALS_MAX), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2026_matches_official),
        cmocka_unit_test(test_2025_matches_official_except_tet_choice),
        cmocka_unit_test(test_sunday_holiday_moves_to_monday),
        cmocka_unit_test(test_national_day_adjacent_2021_2026),
        cmocka_unit_test(test_invariants_1990_2100),
        cmocka_unit_test(test_cap_and_range),
    };
    return cmocka_run_group_tests_name("holiday_rules", tests, NULL, NULL);
}
