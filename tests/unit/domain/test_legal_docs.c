/* test_legal_docs.c - the pure rules of the register of legal documents: a document's validity on a day
 * from its dates and changes (in the order they take effect, a whole expiry final, the expiry day), the
 * tables (types, actions, results), cycles of systematisation, and who may do what. */
#include "testutil.h"

#include "legal_docs.h"
#include "perm.h"

static void validity_on_a_day(void **state) {
    (void)state;
    mc_day eff = day_from_ymd(2021, 7, 20), d = day_from_ymd(2023, 1, 1);
    assert_int_equal(ld_status_at(eff, 0, NULL, 0, eff - 1), LD_NOT_YET);
    assert_int_equal(ld_status_at(eff, 0, NULL, 0, eff), LD_IN_FORCE);
    assert_int_equal(ld_status_at(0, 0, NULL, 0, d), LD_IN_FORCE); /* effective day not known */
    ld_step steps[] = {{day_from_ymd(2024, 1, 1), LD_SUSPENDED_PART},
                       {day_from_ymd(2022, 6, 1), LD_EXPIRED_PART},
                       {day_from_ymd(2022, 9, 1), -1}, /* an amendment: no change of status */
                       {day_from_ymd(2025, 7, 1), LD_EXPIRED_WHOLE},
                       {day_from_ymd(2026, 1, 1), LD_IN_FORCE}}; /* after a whole expiry: nothing */
    assert_int_equal(ld_status_at(eff, 0, steps, 5, day_from_ymd(2022, 5, 31)), LD_IN_FORCE);
    assert_int_equal(ld_status_at(eff, 0, steps, 5, day_from_ymd(2022, 6, 1)), LD_EXPIRED_PART);
    assert_int_equal(ld_status_at(eff, 0, steps, 5, day_from_ymd(2023, 12, 31)), LD_EXPIRED_PART);
    assert_int_equal(ld_status_at(eff, 0, steps, 5, day_from_ymd(2024, 1, 1)), LD_SUSPENDED_PART);
    assert_int_equal(ld_status_at(eff, 0, steps, 5, day_from_ymd(2025, 7, 1)), LD_EXPIRED_WHOLE);
    assert_int_equal(ld_status_at(eff, 0, steps, 5, day_from_ymd(2026, 6, 1)), LD_EXPIRED_WHOLE);
    /* ties: the order recorded */
    ld_step tie[] = {{day_from_ymd(2024, 1, 1), LD_SUSPENDED_WHOLE}, {day_from_ymd(2024, 1, 1), LD_IN_FORCE}};
    assert_int_equal(ld_status_at(eff, 0, tie, 2, day_from_ymd(2024, 2, 1)), LD_IN_FORCE);
    /* the expiry day a document sets itself */
    mc_day ex = day_from_ymd(2023, 12, 31);
    assert_int_equal(ld_status_at(eff, ex, NULL, 0, ex - 1), LD_IN_FORCE);
    assert_int_equal(ld_status_at(eff, ex, NULL, 0, ex), LD_EXPIRED_WHOLE);
    assert_true(ld_status_in_force(LD_EXPIRED_PART));
    assert_false(ld_status_in_force(LD_NOT_YET));
    assert_false(ld_status_in_force(LD_SUSPENDED_WHOLE));
    assert_string_equal(ld_status_label(LD_SUSPENDED_WHOLE), "Ngưng hiệu lực toàn bộ");
    assert_int_equal(ld_status_parse("expired_part"), LD_EXPIRED_PART);
    assert_int_equal(ld_status_parse("het"), -1);
}

static void tables(void **state) {
    (void)state;
    size_t n;
    const ld_type *t = ld_types(&n);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(ld_type_find(t[i].code), &t[i]);
        assert_true(!strcmp(t[i].level, "national") || t[i].organ); /* a local type names its organ */
        for (size_t k = i + 1; k < n; k++) assert_string_not_equal(t[i].code, t[k].code);
    }
    assert_string_equal(ld_type_find("qd_ubnd_tinh")->level, "province");
    const ld_action *a = ld_action_find("replace");
    assert_true(a->needs_by && a->flags);
    assert_int_equal(a->to_whole, LD_EXPIRED_WHOLE);
    assert_int_equal(a->to_part, LD_EXPIRED_PART);
    assert_false(ld_action_find("relate")->flags);
    assert_int_equal(ld_action_find("amend")->to_whole, -1);
    assert_null(ld_action_find("xoa"));
    const ld_choice *r = ld_results(&n);
    assert_int_equal(n, 6);
    assert_false(ld_result_acts("fit"));
    for (size_t i = 1; i < n; i++) assert_true(ld_result_acts(r[i].code));
    assert_false(ld_result_acts("tot"));
    assert_string_equal(ld_relation_find("replaces")->passive, "được thay thế bởi");
}

static void cycles(void **state) {
    (void)state;
    assert_true(ld_cycle_valid(2019));
    assert_true(ld_cycle_valid(2024));
    assert_true(ld_cycle_valid(2029));
    assert_false(ld_cycle_valid(2020));
    assert_false(ld_cycle_valid(2014));
}

static void who_may(void **state) {
    (void)state;
    assert_int_equal(perm_scope_of(ROLE_RECEIVER, ACT_LEGAL_DOC_READ), SCOPE_ALL);
    assert_int_equal(perm_scope_of(ROLE_SUPERVISOR, ACT_LEGAL_DOC_READ), SCOPE_ALL);
    assert_int_equal(perm_scope_of(ROLE_CITIZEN, ACT_LEGAL_DOC_READ), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_LEADER, ACT_LEGAL_DOC_MANAGE), SCOPE_SUBTREE);
    assert_int_equal(perm_scope_of(ROLE_SPECIALIST, ACT_LEGAL_DOC_MANAGE), SCOPE_UNIT);
    assert_int_equal(perm_scope_of(ROLE_RECEIVER | ROLE_SUPERVISOR, ACT_LEGAL_DOC_MANAGE), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_ADMIN, ACT_LEGAL_FLAG_CLEAR), SCOPE_ALL);
    assert_string_equal(perm_action_name(ACT_LEGAL_FLAG_CLEAR), "legal_flag.clear");
    /* a ward's leader reaches the ward, not the province above it */
    assert_true(perm_allows(ROLE_LEADER, "/1/70/", ACT_LEGAL_DOC_MANAGE, "/1/70/"));
    assert_false(perm_allows(ROLE_LEADER, "/1/70/", ACT_LEGAL_DOC_MANAGE, "/1/2/"));
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(validity_on_a_day), cmocka_unit_test(tables),
                                       cmocka_unit_test(cycles), cmocka_unit_test(who_may)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
