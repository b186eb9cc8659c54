/* test_dossier_rules.c - every (state, action) pair of the transition table
 * against an expectation written out independently here, plus the labels and
 * portal codes every state must carry. */
#include "testutil.h"

#include "dossier_rules.h"
#include "perm.h"

/* Expected target state for each allowed pair; -1 = forbidden. Rows are
 * states, columns actions, in enum order. */
#define X -1
static const int expected[DS__COUNT][DA__COUNT] = {
    /*                 sub acc  rsup ref claim fwd back trans pdone resub rpay paid appr rej  ext  ready ret  stop */
    [DS_SUBMITTED] = {X, DS_RECEIVED, DS_INTAKE_SUPPLEMENT, DS_REFUSED, X, X, X, X, X, X, X, X, X, X, X, X, X,
                      DS_STOPPED},
    [DS_INTAKE_SUPPLEMENT] = {X, X, X, X, X, X, X, X, X, DS_SUBMITTED, X, X, X, X, X, X, X, DS_STOPPED},
    [DS_REFUSED] = {X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X},
    [DS_RECEIVED] = {X, X, DS_SUPPLEMENT, X, DS_PROCESSING, X, X, X, X, X, DS_PAYMENT, X, X, X, DS_RECEIVED, X, X,
                     DS_STOPPED},
    [DS_PROCESSING] = {X, X, DS_SUPPLEMENT, X, DS_PROCESSING, DS_PROCESSING, DS_PROCESSING, DS_PARTNER, X, X,
                       DS_PAYMENT, X, DS_DECIDED, DS_DECIDED, DS_PROCESSING, X, X, DS_STOPPED},
    [DS_SUPPLEMENT] = {X, X, X, X, X, X, X, X, X, DS_PROCESSING, X, X, X, X, X, X, X, DS_STOPPED},
    [DS_PAYMENT] = {X, X, X, X, X, X, X, X, X, X, X, DS_PROCESSING, X, X, X, X, X, DS_STOPPED},
    [DS_PARTNER] = {X, X, X, X, X, X, X, X, DS_PROCESSING, X, X, X, X, X, DS_PARTNER, X, X, DS_STOPPED},
    [DS_DECIDED] = {X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, DS_RESULT_READY, X, X},
    [DS_RESULT_READY] = {X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, DS_RETURNED, X},
    [DS_RETURNED] = {X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X},
    [DS_STOPPED] = {X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X},
};

static void every_pair(void **state) {
    (void)state;
    int allowed = 0;
    for (int s = 0; s < DS__COUNT; s++)
        for (int a = 0; a < DA__COUNT; a++) {
            const ds_rule *r = ds_rule_find((ds_state)s, (ds_action)a);
            if (expected[s][a] == X) {
                if (r)
                    fail_msg("%s + %s should be forbidden", ds_state_name((ds_state)s), ds_action_name((ds_action)a));
            } else {
                if (!r) fail_msg("%s + %s should be allowed", ds_state_name((ds_state)s), ds_action_name((ds_action)a));
                assert_int_equal(r->to, expected[s][a]);
                assert_true(r->roles != 0);
                allowed++;
            }
        }
    int n;
    ds_rules(&n);
    assert_int_equal(n, allowed); /* no duplicate rows */
}

static void who_and_clock(void **state) {
    (void)state;
    /* Only leaders sign and extend; only receivers accept and return. */
    assert_int_equal(ds_rule_find(DS_PROCESSING, DA_APPROVE)->roles, ROLE_LEADER);
    assert_int_equal(ds_rule_find(DS_PROCESSING, DA_REJECT)->roles, ROLE_LEADER);
    assert_int_equal(ds_rule_find(DS_PROCESSING, DA_EXTEND)->roles, ROLE_LEADER);
    assert_int_equal(ds_rule_find(DS_SUBMITTED, DA_ACCEPT)->roles, ROLE_RECEIVER);
    assert_int_equal(ds_rule_find(DS_RESULT_READY, DA_RETURN)->roles, ROLE_RECEIVER);
    assert_true(ds_rule_find(DS_SUPPLEMENT, DA_RESUBMIT)->roles & ROLE_CITIZEN);
    assert_int_equal(ds_rule_find(DS_PARTNER, DA_PARTNER_DONE)->roles, ROLE_SYSTEM);
    /* The clock. */
    assert_int_equal(ds_rule_find(DS_SUBMITTED, DA_ACCEPT)->clock, CLOCK_START);
    assert_int_equal(ds_rule_find(DS_PROCESSING, DA_REQUEST_SUPPLEMENT)->clock, CLOCK_PAUSE);
    assert_int_equal(ds_rule_find(DS_SUPPLEMENT, DA_RESUBMIT)->clock, CLOCK_RESUME);
    assert_int_equal(ds_rule_find(DS_PROCESSING, DA_REQUEST_PAYMENT)->clock, CLOCK_PAUSE);
    assert_int_equal(ds_rule_find(DS_PAYMENT, DA_MARK_PAID)->clock, CLOCK_RESUME);
    assert_int_equal(ds_rule_find(DS_PROCESSING, DA_APPROVE)->clock, CLOCK_STOP);
    assert_int_equal(ds_rule_find(DS_SUBMITTED, DA_REQUEST_SUPPLEMENT)->clock, CLOCK_NONE);
    /* A stop is possible exactly before a decision. */
    for (int s = 0; s < DS__COUNT; s++) {
        bool before = s != DS_REFUSED && s != DS_DECIDED && s != DS_RESULT_READY && s != DS_RETURNED && s != DS_STOPPED;
        assert_int_equal(ds_state_undecided((ds_state)s), before);
        /* Asked online by the applicant, in every such state (Art. 21(2)); at the counter by the receiver. */
        if (before) assert_int_equal(ds_rule_find((ds_state)s, DA_STOP)->roles, ROLE_RECEIVER | ROLE_CITIZEN);
    }
}

static void labels_and_portal_codes(void **state) {
    (void)state;
    static const int portal[DS__COUNT] = {1, 5, 3, 2, 4, 5, 6, 4, 9, 9, 10, 7};
    for (int s = 0; s < DS__COUNT; s++) {
        assert_int_equal(ds_state_portal((ds_state)s), portal[s]);
        assert_true(strlen(ds_state_label((ds_state)s)) > 5);
        assert_int_equal(ds_state_parse(ds_state_name((ds_state)s)), s);
    }
    for (int a = 0; a < DA__COUNT; a++) assert_int_equal(ds_action_parse(ds_action_name((ds_action)a)), a);
    assert_int_equal(ds_action_parse("approve!"), -1);
    assert_true(ds_state_paused(DS_SUPPLEMENT) && ds_state_paused(DS_PAYMENT) && !ds_state_paused(DS_PROCESSING));
    assert_string_equal(ds_rules_version_at(1751302800LL), "ND118/2025");
    assert_string_equal(ds_rules_version_at(1751302799LL), "ND61/2018");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_pair), cmocka_unit_test(who_and_clock),
                                       cmocka_unit_test(labels_and_portal_codes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
