/* test_tasks.c - the pure rules of tasks (tasks.h): deadlines on a working-time calendar (a day off moves to
 * the next working day, N working days from the day after the start, the end of the day's office hours),
 * the periods of a recurrence, a task's state, and the observer role that only reads. */
#include "testutil.h"

#include "perm.h"
#include "tasks.h"

/* A calendar with the 2026 Tết and 2/9 days off and the make-up Saturday 22/08 (data/holidays.csv). */
static calendar *cal_2026(void) {
    calendar *c = calendar_create();
    calendar_set_proposals(c, false);
    for (int d = 16; d <= 20; d++) calendar_add_exception(c, day_from_ymd(2026, 2, d), CAL_OFF, "Tết", NULL);
    calendar_add_exception(c, day_from_ymd(2026, 8, 31), CAL_OFF, "Quốc khánh (hoán đổi)", NULL);
    calendar_add_exception(c, day_from_ymd(2026, 9, 1), CAL_OFF, "Quốc khánh", NULL);
    calendar_add_exception(c, day_from_ymd(2026, 9, 2), CAL_OFF, "Quốc khánh", NULL);
    calendar_add_exception(c, day_from_ymd(2026, 8, 22), CAL_WORKDAY, "Làm bù", NULL);
    return c;
}

static void deadlines(void **state) {
    (void)state;
    calendar *c = cal_2026();
    assert_int_equal(tasks_working_day_on_or_after(c, day_from_ymd(2026, 2, 17)), day_from_ymd(2026, 2, 23));
    assert_int_equal(tasks_working_day_on_or_after(c, day_from_ymd(2026, 8, 31)), day_from_ymd(2026, 9, 3));
    assert_int_equal(tasks_working_day_on_or_after(c, day_from_ymd(2026, 8, 22)), day_from_ymd(2026, 8, 22));
    assert_int_equal(tasks_working_days_after(c, day_from_ymd(2026, 2, 13), 5), day_from_ymd(2026, 2, 27));
    assert_int_equal(tasks_working_days_after(c, day_from_ymd(2026, 8, 27), 3), day_from_ymd(2026, 9, 4));
    assert_int_equal(tasks_working_days_after(c, day_from_ymd(2026, 8, 21), 1), day_from_ymd(2026, 8, 22));
    /* Due at 17:00, Vietnam's time (10:00 UTC). */
    assert_int_equal(tasks_due_at(c, day_from_ymd(2026, 2, 27)), time_from_local(day_from_ymd(2026, 2, 27), 17 * 3600));
    calendar_free(c);
}

static void periods(void **state) {
    (void)state;
    calendar *c = cal_2026();
    task_period p[8];
    size_t n = tasks_periods(c, TASK_MONTHLY, day_from_ymd(2026, 1, 5), day_from_ymd(2026, 3, 31), 17, p, 8);
    assert_int_equal(n, 3);
    assert_string_equal(p[0].label, "2026-01");
    assert_int_equal(p[0].due, day_from_ymd(2026, 1, 19)); /* Sat 17/01 */
    assert_int_equal(p[1].due, day_from_ymd(2026, 2, 23)); /* Tết */
    assert_int_equal(p[2].due, day_from_ymd(2026, 3, 17));
    n = tasks_periods(c, TASK_QUARTERLY, day_from_ymd(2026, 8, 10), day_from_ymd(2026, 12, 31), 20, p, 8);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].label, "2026-Q3");
    assert_int_equal(p[0].first, day_from_ymd(2026, 7, 1));
    assert_int_equal(p[0].last, day_from_ymd(2026, 9, 30));
    assert_int_equal(p[0].due, day_from_ymd(2026, 9, 21)); /* Sun 20/09 */
    n = tasks_periods(c, TASK_YEARLY, day_from_ymd(2021, 8, 30), day_from_ymd(2025, 12, 31), 31, p, 8);
    assert_int_equal(n, 5);
    assert_string_equal(p[4].label, "2025");
    assert_int_equal(p[4].due, day_from_ymd(2025, 12, 31));
    /* February's last day when the day asked is past it. */
    n = tasks_periods(c, TASK_MONTHLY, day_from_ymd(2027, 2, 1), day_from_ymd(2027, 2, 1), 31, p, 8);
    assert_int_equal(n, 1);
    assert_true(p[0].due >= day_from_ymd(2027, 2, 26));
    /* More than cap: reported, not written past it. */
    n = tasks_periods(c, TASK_MONTHLY, day_from_ymd(2020, 1, 1), day_from_ymd(2030, 1, 1), 20, p, 8);
    assert_true(n > 8);
    assert_int_equal(tasks_periods(c, TASK_ONCE, 0, 10, 20, p, 8), 0);
    calendar_free(c);
}

static void states_and_names(void **state) {
    (void)state;
    mc_time due = 1000;
    assert_int_equal(task_state_of(TASK_NOT_STARTED, due, 0, due), TASK_S_NOT_STARTED);
    assert_int_equal(task_state_of(TASK_IN_PROGRESS, due, 0, due), TASK_S_IN_PROGRESS);
    assert_int_equal(task_state_of(TASK_IN_PROGRESS, due, 0, due + 1), TASK_S_OVERDUE);
    assert_int_equal(task_state_of(TASK_DONE, due, due, due + 99), TASK_S_DONE);
    assert_int_equal(task_state_of(TASK_DONE, due, due + 1, due + 99), TASK_S_DONE_LATE);
    assert_int_equal(task_status_parse("done"), TASK_DONE);
    assert_int_equal(task_status_parse("xong"), -1);
    assert_int_equal(task_every_parse("quarter"), TASK_QUARTERLY);
    assert_int_equal(task_every_parse(NULL), -1);
    assert_int_equal(tdoc_kind_parse("subplan"), TDOC_SUBPLAN);
    assert_string_equal(task_state_label(TASK_S_OVERDUE), "Quá hạn");
}

static void observer_only_reads(void **state) {
    (void)state;
    assert_true(perm_read_only(ROLE_OBSERVER));
    assert_false(perm_read_only(ROLE_OBSERVER | ROLE_LEADER));
    assert_false(perm_read_only(ROLE_SUPERVISOR));
    assert_false(perm_read_only(0));
    assert_int_equal(perm_scope_of(ROLE_OBSERVER, ACT_TASK_READ), SCOPE_ALL);
    assert_int_equal(perm_scope_of(ROLE_OBSERVER, ACT_REPORT_READ), SCOPE_ALL);
    for (int a = 0; a < ACT__COUNT; a++) {
        perm_action x = (perm_action)a;
        if (x == ACT_TASK_REPORT || x == ACT_TASK_ASSIGN || x == ACT_NEWS_PUBLISH || x == ACT_DOSSIER_RECEIVE ||
            x == ACT_USER_MANAGE || x == ACT_FEEDBACK_HANDLE || x == ACT_INSPECTION_MANAGE)
            assert_int_equal(perm_scope_of(ROLE_OBSERVER, x), SCOPE_NONE);
    }
    assert_string_equal(role_name(ROLE_OBSERVER), "observer");
    assert_int_equal(role_parse("observer"), ROLE_OBSERVER);
    assert_string_equal(perm_action_name(ACT_NEWS_PUBLISH), "news.publish");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(deadlines), cmocka_unit_test(periods),
                                       cmocka_unit_test(states_and_names), cmocka_unit_test(observer_only_reads)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
