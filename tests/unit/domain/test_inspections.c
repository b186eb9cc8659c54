/* test_inspections.c - the pure rules of CCHC inspections: the areas table, a finding's state, on time
 * by the day of closing (Vietnam's day, not UTC's), the areas of a target, and who may do what. */
#include "testutil.h"

#include "inspections.h"
#include "perm.h"

static void areas_table(void **state) {
    (void)state;
    size_t n;
    const insp_area *a = insp_areas(&n);
    assert_int_equal(n, 13); /* the 5 one-stop areas, the programme's 7 tasks, other */
    int cchc = 0;
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(insp_area_find(a[i].code), &a[i]);
        if (!strcmp(a[i].group, "cchc")) cchc++;
        for (size_t k = i + 1; k < n; k++) assert_string_not_equal(a[i].code, a[k].code);
    }
    assert_int_equal(cchc, 7);
    assert_null(insp_area_find("bay"));
    assert_null(insp_area_find(NULL));
    assert_int_equal(insp_mode_parse("by_report"), INSP_BY_REPORT);
    assert_int_equal(insp_mode_parse("tai_cho"), -1);
}

static void finding_states(void **state) {
    (void)state;
    mc_day due = day_from_ymd(2026, 3, 20);
    assert_int_equal(insp_finding_state_of(false, false, 0, due, due), INSP_F_OPEN);
    assert_int_equal(insp_finding_state_of(false, false, 2, due, due), INSP_F_IN_PROGRESS);
    assert_int_equal(insp_finding_state_of(false, false, 2, due, due + 1), INSP_F_OVERDUE);
    assert_int_equal(insp_finding_state_of(true, true, 1, due, due + 9), INSP_F_DONE);
    assert_int_equal(insp_finding_state_of(true, false, 1, due, due), INSP_F_DONE_LATE);
    assert_string_equal(insp_finding_state_name(INSP_F_DONE_LATE), "done_late");
    assert_string_equal(insp_finding_state_label(INSP_F_OVERDUE), "Quá hạn khắc phục");
}

static void on_time_by_vietnams_day(void **state) {
    (void)state;
    mc_day due = day_from_ymd(2026, 3, 20);
    /* 23:59 on the due day in Vietnam is 16:59 UTC: on time; 00:01 the next day (still the 20th in UTC): late. */
    assert_true(insp_closed_on_time(time_from_local(due, 23 * 3600 + 59 * 60), due));
    assert_false(insp_closed_on_time(time_from_local(due + 1, 60), due));
    assert_true(insp_closed_on_time(time_from_local(due - 30, 9 * 3600), due));
}

static void areas_of_a_target(void **state) {
    (void)state;
    mc_error err;
    assert_int_equal(insp_areas_check("one_stop,late_dossiers", "areas", &err), MC_OK);
    assert_int_equal(insp_areas_check("one_stop", "areas", &err), MC_OK);
    assert_int_equal(insp_areas_check("", "areas", &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "areas");
    assert_int_equal(insp_areas_check("one_stop,one_stop", "t.areas", &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "t.areas");
    assert_non_null(strstr(err.message, "hai lần"));
    assert_int_equal(insp_areas_check("one_stop,bay", "areas", &err), MC_ERR_INVALID);
    assert_non_null(strstr(err.message, "\"bay\""));
    assert_int_equal(insp_areas_check("one_stop,", "areas", &err), MC_ERR_INVALID);
}

static void who_may(void **state) {
    (void)state;
    assert_int_equal(perm_scope_of(ROLE_SUPERVISOR, ACT_INSPECTION_MANAGE), SCOPE_SUBTREE);
    assert_int_equal(perm_scope_of(ROLE_ADMIN, ACT_INSPECTION_MANAGE), SCOPE_ALL);
    assert_int_equal(perm_scope_of(ROLE_LEADER, ACT_INSPECTION_MANAGE), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_LEADER, ACT_INSPECTION_READ), SCOPE_SUBTREE);
    assert_int_equal(perm_scope_of(ROLE_LEADER, ACT_INSPECTION_REMEDY), SCOPE_SUBTREE);
    assert_int_equal(perm_scope_of(ROLE_SPECIALIST, ACT_INSPECTION_REMEDY), SCOPE_UNIT);
    assert_int_equal(perm_scope_of(ROLE_SPECIALIST, ACT_INSPECTION_READ), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_RECEIVER | ROLE_CITIZEN, ACT_INSPECTION_READ), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_RECEIVER, ACT_INSPECTION_REMEDY), SCOPE_NONE);
    assert_string_equal(perm_action_name(ACT_INSPECTION_REMEDY), "inspection.remedy");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(areas_table), cmocka_unit_test(finding_states),
                                       cmocka_unit_test(on_time_by_vietnams_day), cmocka_unit_test(areas_of_a_target),
                                       cmocka_unit_test(who_may)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
