/* test_calendar.c - working-time arithmetic: office hours, lunch, weekends,
 * the official days off and make-up Saturdays of 2025 and 2026 (data/holidays.csv),
 * Labour Code proposals for 2027, cut-off hours, seasonal schedules. */
#include "testutil.h"

#include "arena.h"
#include "calendar.h"
#include "csv.h"
#include "xalloc.h"

/* A calendar with the official 2024-2026 days from data/holidays.csv. */
static calendar *official(void) {
    calendar *c = calendar_create();
    char path[512];
    snprintf(path, sizeof path, "%s/holidays.csv", data_dir());
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    arena *a = arena_create();
    csv_record *r;
    size_t nr;
    mc_error err;
    assert_int_equal(csv_parse(a, text, n, &r, &nr, &err), MC_OK);
    assert_true(nr > 60);
    for (size_t i = 1; i < nr; i++) {
        mc_day d;
        assert_true(day_parse(r[i].fields[0], &d));
        calendar_add_exception(c, d, strcmp(r[i].fields[1], "workday") == 0 ? CAL_WORKDAY : CAL_OFF, r[i].fields[2],
                               NULL);
    }
    arena_free(a);
    return c;
}

static void plain_days_and_hours(void **state) {
    (void)state;
    calendar *c = calendar_create();
    /* The example: 09:00 Monday + 3 days = 09:00 Thursday. */
    assert_instant(calendar_add(c, T("2026-03-02T09:00"), 3, CAL_UNIT_DAY, -1), "2026-03-05T09:00");
    /* A start at the opening is due at the close of the last day. */
    assert_instant(calendar_add(c, T("2026-03-02T07:30"), 1, CAL_UNIT_DAY, -1), "2026-03-02T17:00");
    assert_instant(calendar_add(c, T("2026-03-02T07:30"), 5, CAL_UNIT_DAY, -1), "2026-03-06T17:00");
    /* Before opening: the clock starts at 07:30. */
    assert_instant(calendar_add(c, T("2026-03-02T06:00"), 1, CAL_UNIT_DAY, -1), "2026-03-02T17:00");
    /* After closing: the clock starts the next morning. */
    assert_instant(calendar_add(c, T("2026-03-02T18:00"), 1, CAL_UNIT_DAY, -1), "2026-03-03T17:00");
    /* Lunch break: a start at noon begins at 13:30. */
    assert_instant(calendar_add(c, T("2026-03-02T12:00"), 1, CAL_UNIT_HOUR, -1), "2026-03-02T14:30");
    /* Hours run across lunch and across the weekend. */
    assert_instant(calendar_add(c, T("2026-03-02T11:00"), 1, CAL_UNIT_HOUR, -1), "2026-03-02T14:00");
    assert_instant(calendar_add(c, T("2026-03-06T16:00"), 2, CAL_UNIT_HOUR, -1), "2026-03-09T08:30");
    /* Exactly used up at the close: due at the close, not next morning. */
    assert_instant(calendar_add(c, T("2026-03-02T16:00"), 1, CAL_UNIT_HOUR, -1), "2026-03-02T17:00");
    /* Weekend start. */
    assert_instant(calendar_add(c, T("2026-03-07T10:00"), 1, CAL_UNIT_HOUR, -1), "2026-03-09T08:30");
    /* A Friday afternoon plus one day lands on Monday afternoon. */
    assert_instant(calendar_add(c, T("2026-03-06T15:00"), 1, CAL_UNIT_DAY, -1), "2026-03-09T15:00");
    /* Zero hours: only moves to the next opening. */
    assert_instant(calendar_add(c, T("2026-03-07T10:00"), 0, CAL_UNIT_HOUR, -1), "2026-03-09T07:30");
    calendar_free(c);
}

static void tet_2025(void **state) {
    (void)state;
    calendar *c = official();
    /* Tết Ất Tỵ: off Sat 25/01 .. Sun 02/02/2025. */
    assert_false(calendar_is_working_day(c, day_from_ymd(2025, 1, 27)));
    assert_false(calendar_is_working_day(c, day_from_ymd(2025, 1, 31)));
    assert_true(calendar_is_working_day(c, day_from_ymd(2025, 2, 3)));
    assert_instant(calendar_add(c, T("2025-01-24T09:00"), 1, CAL_UNIT_DAY, -1), "2025-02-03T09:00");
    assert_instant(calendar_add(c, T("2025-01-23T14:00"), 3, CAL_UNIT_DAY, -1), "2025-02-04T14:00");
    assert_instant(calendar_add(c, T("2025-01-24T16:00"), 2, CAL_UNIT_HOUR, -1), "2025-02-03T08:30");
    /* 30/4–1/5/2025 with 2/5 swapped for the make-up Saturday 26/4. */
    assert_true(calendar_is_working_day(c, day_from_ymd(2025, 4, 26)));
    assert_false(calendar_is_working_day(c, day_from_ymd(2025, 5, 2)));
    assert_instant(calendar_add(c, T("2025-04-25T09:00"), 1, CAL_UNIT_DAY, -1), "2025-04-26T09:00");
    assert_instant(calendar_add(c, T("2025-04-25T09:00"), 2, CAL_UNIT_DAY, -1), "2025-04-28T09:00");
    assert_instant(calendar_add(c, T("2025-04-29T09:00"), 1, CAL_UNIT_DAY, -1), "2025-05-05T09:00");
    /* Quốc khánh 2025: 1–2/9 off. */
    assert_instant(calendar_add(c, T("2025-08-29T10:00"), 1, CAL_UNIT_DAY, -1), "2025-09-03T10:00");
    calendar_free(c);
}

static void tet_2026(void **state) {
    (void)state;
    calendar *c = official();
    /* Tết Bính Ngọ: Mon 16/02 .. Fri 20/02/2026 off. */
    for (int d = 16; d <= 20; d++) assert_false(calendar_is_working_day(c, day_from_ymd(2026, 2, d)));
    assert_instant(calendar_add(c, T("2026-02-13T09:00"), 1, CAL_UNIT_DAY, -1), "2026-02-23T09:00");
    assert_instant(calendar_add(c, T("2026-02-12T10:00"), 3, CAL_UNIT_DAY, -1), "2026-02-24T10:00");
    /* New Year: 1–2/01/2026 off, Saturday 10/01 a make-up working day. */
    assert_instant(calendar_add(c, T("2025-12-31T09:00"), 1, CAL_UNIT_DAY, -1), "2026-01-05T09:00");
    assert_instant(calendar_add(c, T("2026-01-09T09:00"), 1, CAL_UNIT_DAY, -1), "2026-01-10T09:00");
    assert_instant(calendar_add(c, T("2026-01-09T09:00"), 2, CAL_UNIT_DAY, -1), "2026-01-12T09:00");
    /* The make-up Saturday has a full working day's hours. */
    assert_instant(calendar_add(c, T("2026-01-10T07:00"), 4, CAL_UNIT_HOUR, -1), "2026-01-10T11:30");
    /* Quốc khánh 2026: 31/8 swapped with Saturday 22/8; 1–2/9 off. */
    assert_true(calendar_is_working_day(c, day_from_ymd(2026, 8, 22)));
    assert_instant(calendar_add(c, T("2026-08-28T09:00"), 1, CAL_UNIT_DAY, -1), "2026-09-03T09:00");
    /* Giỗ Tổ on Sunday 26/4/2026, nghỉ bù Monday 27/4. */
    assert_instant(calendar_add(c, T("2026-04-24T09:00"), 1, CAL_UNIT_DAY, -1), "2026-04-28T09:00");
    calendar_free(c);
}

static void cutoff(void **state) {
    (void)state;
    calendar *c = official();
    int h15 = 15 * 3600;
    assert_instant(calendar_add(c, T("2026-03-02T14:59"), 1, CAL_UNIT_DAY, h15), "2026-03-03T14:59");
    assert_instant(calendar_add(c, T("2026-03-02T15:00"), 1, CAL_UNIT_DAY, h15), "2026-03-03T15:00");
    assert_instant(calendar_add(c, T("2026-03-02T15:01"), 1, CAL_UNIT_DAY, h15), "2026-03-03T17:00");
    assert_instant(calendar_add(c, T("2026-03-02T16:00"), 1, CAL_UNIT_DAY, -1), "2026-03-03T16:00");
    /* Friday after the cut-off starts Monday. */
    assert_instant(calendar_add(c, T("2026-03-06T16:00"), 1, CAL_UNIT_DAY, h15), "2026-03-09T17:00");
    /* Before Tết: after the cut-off on Friday 13/02 the clock starts 23/02. */
    assert_instant(calendar_add(c, T("2026-02-13T15:30"), 1, CAL_UNIT_DAY, h15), "2026-02-23T17:00");
    /* Same-day procedures (0 days): by the close, or the next day's close after the cut-off. */
    assert_instant(calendar_add(c, T("2026-03-02T14:00"), 0, CAL_UNIT_DAY, h15), "2026-03-02T17:00");
    assert_instant(calendar_add(c, T("2026-03-02T16:00"), 0, CAL_UNIT_DAY, h15), "2026-03-03T17:00");
    calendar_free(c);
}

static void seasonal_hours(void **state) {
    (void)state;
    calendar *c = calendar_create();
    cal_week summer;
    mc_error err;
    assert_int_equal(calendar_parse_hours("1-5=07:00-11:30,13:30-17:00", &summer, &err), MC_OK);
    assert_int_equal(calendar_add_schedule(c, "Giờ mùa hè", "04-15", "10-14", &summer, &err), MC_OK);
    /* In summer the office opens at 07:00 and a day is 8 hours. */
    assert_instant(calendar_add(c, T("2026-06-01T06:30"), 1, CAL_UNIT_HOUR, -1), "2026-06-01T08:00");
    assert_instant(calendar_add(c, T("2026-06-01T09:00"), 1, CAL_UNIT_DAY, -1), "2026-06-02T09:00");
    assert_int_equal(calendar_elapsed(c, T("2026-06-01T00:00"), T("2026-06-02T00:00")), 8 * 3600);
    assert_int_equal(calendar_elapsed(c, T("2026-03-02T00:00"), T("2026-03-03T00:00")), 7 * 3600 + 1800);
    /* Across the season change the fraction of the day is kept: 15:00 on a
     * summer day is 6/8 of it; 6/8 of a 7.5-hour winter day is 5h37m30s. */
    assert_instant(calendar_add(c, T("2026-10-13T15:00"), 2, CAL_UNIT_DAY, -1), "2026-10-15T15:07:30");
    /* A dated (absolute) schedule wins over the recurring one. */
    cal_week special;
    assert_int_equal(calendar_parse_hours("1-5=08:00-12:00", &special, &err), MC_OK);
    assert_int_equal(calendar_add_schedule(c, "Lịch đặc biệt", "2026-06-08", "2026-06-12", &special, &err), MC_OK);
    assert_instant(calendar_add(c, T("2026-06-08T07:00"), 1, CAL_UNIT_HOUR, -1), "2026-06-08T09:00");
    assert_instant(calendar_add(c, T("2026-06-12T11:00"), 2, CAL_UNIT_HOUR, -1), "2026-06-15T08:00");
    /* A range over the new year wraps. */
    calendar *w = calendar_create();
    assert_int_equal(calendar_add_schedule(w, "Mùa đông", "11-01", "02-28", &summer, &err), MC_OK);
    assert_instant(calendar_add(w, T("2026-12-01T06:00"), 1, CAL_UNIT_HOUR, -1), "2026-12-01T08:00");
    assert_instant(calendar_add(w, T("2027-01-05T06:00"), 1, CAL_UNIT_HOUR, -1), "2027-01-05T08:00");
    assert_instant(calendar_add(w, T("2027-03-02T06:00"), 1, CAL_UNIT_HOUR, -1), "2027-03-02T08:30");
    /* Bad ranges are refused. */
    assert_int_equal(calendar_add_schedule(w, "x", "13-01", "02-28", &summer, &err), MC_ERR_INVALID);
    assert_int_equal(calendar_add_schedule(w, "x", "2026-05-01", "2026-04-01", &summer, &err), MC_ERR_INVALID);
    calendar_free(w);
    calendar_free(c);
}

static void elapsed(void **state) {
    (void)state;
    calendar *c = official();
    assert_int_equal(calendar_elapsed(c, T("2026-03-02T09:00"), T("2026-03-02T10:00")), 3600);
    assert_int_equal(calendar_elapsed(c, T("2026-03-02T11:00"), T("2026-03-02T14:00")), 3600);
    assert_int_equal(calendar_elapsed(c, T("2026-03-06T16:00"), T("2026-03-09T08:30")), 7200);
    assert_int_equal(calendar_elapsed(c, T("2026-02-13T09:00"), T("2026-02-23T09:00")), 27000);
    assert_int_equal(calendar_elapsed(c, T("2026-02-23T09:00"), T("2026-02-13T09:00")), -27000);
    assert_int_equal(calendar_elapsed(c, T("2026-02-14T09:00"), T("2026-02-22T09:00")), 0);
    calendar_free(c);
}

static void proposals_count_until_decided(void **state) {
    (void)state;
    calendar *c = official();
    /* 2027 has no decision: Tết Đinh Mùi (mùng 1 = Sat 06/02/2027) is proposed
     * as 05/02–09/02 with two days in lieu 10–11/02 for the weekend. */
    assert_false(calendar_year_decided(c, 2027));
    for (int d = 5; d <= 11; d++) assert_false(calendar_is_working_day(c, day_from_ymd(2027, 2, d)));
    assert_instant(calendar_add(c, T("2027-02-04T09:00"), 1, CAL_UNIT_DAY, -1), "2027-02-12T09:00");
    cal_exception v[64];
    size_t n = calendar_year_exceptions(c, 2027, v, 64);
    assert_true(n >= 11);
    for (size_t i = 0; i < n; i++) assert_int_equal(v[i].status, CAL_PROPOSED);
    /* 2026 is decided: its listing is the decisions. */
    n = calendar_year_exceptions(c, 2026, v, 64);
    assert_true(n > 10);
    for (size_t i = 0; i < n; i++) assert_int_equal(v[i].status, CAL_DECIDED);
    /* Once an admin enters a 2027 day, the proposals give way to decisions. */
    calendar_add_exception(c, day_from_ymd(2027, 1, 1), CAL_OFF, "Tết Dương lịch", "quyết định");
    assert_true(calendar_year_decided(c, 2027));
    assert_true(calendar_is_working_day(c, day_from_ymd(2027, 2, 8)));
    calendar_free(c);
}

static void hours_spec(void **state) {
    (void)state;
    cal_week w;
    mc_error err;
    char spec[256];
    assert_int_equal(calendar_parse_hours("1-5=07:30-11:30,13:30-17:00;6=08:00-11:00", &w, &err), MC_OK);
    assert_int_equal(w.day[1].n, 2);
    assert_int_equal(w.day[6].n, 1);
    assert_int_equal(w.day[0].n, 0);
    calendar_format_hours(&w, spec, sizeof spec);
    assert_string_equal(spec, "1-5=07:30-11:30,13:30-17:00;6=08:00-11:00");
    const char *bad[] = {"",
                         "1-5",
                         "1-5=",
                         "8=07:00-08:00",
                         "1-5=07:30-07:00",
                         "1-5=07:00-12:00,11:00-13:00",
                         "1=07:00-08:00;1=09:00-10:00",
                         "5-1=07:00-08:00",
                         "1-5=7:30-11:30",
                         "1-5=07:30-11:60",
                         "1-5=07:00-08:00,09:00-10:00,11:00-12:00,13:00-14:00,15:00-16:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(calendar_parse_hours(bad[i], &w, &err), MC_ERR_INVALID);
        assert_string_equal(err.field, "hours");
    }
}

/* Property: over many random starts, the working time between the clock
 * start and the due instant equals what was asked, and the due instant is
 * never inside a closed period. */
static void random_roundtrip(void **state) {
    (void)state;
    calendar *c = official();
    unsigned seed = 12345;
    for (int i = 0; i < 4000; i++) {
        seed = seed * 1103515245u + 12345u;
        mc_time from = T("2024-01-01T00:00") + (mc_time)(seed % (3u * 365 * 86400));
        seed = seed * 1103515245u + 12345u;
        int amount = 1 + (int)(seed % 40);
        mc_time start = calendar_next_open(c, from);
        mc_time due_h = calendar_add(c, from, amount, CAL_UNIT_HOUR, -1);
        assert_int_equal(calendar_elapsed(c, start, due_h), (int64_t)amount * 3600);
        mc_time due_d = calendar_add(c, from, amount % 15 + 1, CAL_UNIT_DAY, -1);
        assert_int_equal(calendar_elapsed(c, start, due_d), (int64_t)(amount % 15 + 1) * 27000);
        assert_true(calendar_is_working_day(c, time_local_day(due_d)));
    }
    calendar_free(c);
}

/* The earliest-instant rule at span boundaries and under rounding. */
static void boundaries(void **state) {
    (void)state;
    calendar *c = calendar_create();
    /* 4 h into the day is both 11:30 and 13:30: the earlier one is printed. */
    assert_instant(calendar_add(c, T("2026-03-02T11:30"), 1, CAL_UNIT_DAY, -1), "2026-03-03T11:30");
    assert_instant(calendar_add(c, T("2026-03-02T13:30"), 1, CAL_UNIT_DAY, -1), "2026-03-03T11:30");
    assert_instant(calendar_add(c, T("2026-03-02T11:29:59"), 1, CAL_UNIT_DAY, -1), "2026-03-03T11:29:59");
    assert_instant(calendar_add(c, T("2026-03-02T09:30"), 2, CAL_UNIT_HOUR, -1), "2026-03-02T11:30");
    /* From an 8-hour summer day to a 7.5-hour day the offset is rounded up, so
     * a start one second after opening is due after the next day's opening. */
    cal_week summer;
    mc_error err;
    assert_int_equal(calendar_parse_hours("1-5=07:00-11:30,13:30-17:00", &summer, &err), MC_OK);
    assert_int_equal(calendar_add_schedule(c, "Giờ mùa hè", "04-15", "10-14", &summer, &err), MC_OK);
    mc_time due = calendar_add(c, T("2026-10-14T07:00:01"), 1, CAL_UNIT_DAY, -1);
    assert_true(due > T("2026-10-15T07:30"));
    assert_true(calendar_elapsed(c, T("2026-10-15T07:30"), due) >= 1);
    calendar_free(c);
}

/* A calendar closed for more than CAL_MAX_CLOSED_RUN days gives no deadline
 * instead of stopping the process. */
static void closed_calendar(void **state) {
    (void)state;
    calendar *c = calendar_create();
    for (int i = 0; i < 401; i++) calendar_add_exception(c, day_from_ymd(2031, 1, 1) + i, CAL_OFF, "x", NULL);
    assert_true(calendar_add(c, T("2031-01-02T09:00"), 1, CAL_UNIT_DAY, -1) == CAL_NO_TIME);
    assert_true(calendar_add(c, T("2031-01-02T09:00"), 1, CAL_UNIT_HOUR, -1) == CAL_NO_TIME);
    assert_true(calendar_next_open(c, T("2031-01-02T09:00")) == CAL_NO_TIME);
    /* A week before the closure still works. */
    assert_instant(calendar_add(c, T("2030-12-30T09:00"), 1, CAL_UNIT_DAY, -1), "2030-12-31T09:00");
    calendar_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_days_and_hours),
        cmocka_unit_test(tet_2025),
        cmocka_unit_test(tet_2026),
        cmocka_unit_test(cutoff),
        cmocka_unit_test(seasonal_hours),
        cmocka_unit_test(elapsed),
        cmocka_unit_test(proposals_count_until_decided),
        cmocka_unit_test(hours_spec),
        cmocka_unit_test(random_roundtrip),
        cmocka_unit_test(boundaries),
        cmocka_unit_test(closed_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
