/* test_perm.c - the permission table: role × action × scope, and the unit
 * tree checks that keep one commune out of another's data. */
#include "testutil.h"

#include "perm.h"

/* Tree: province /1/, ward A /1/5/, ward B /1/6/, department /1/2/, its sub-unit /1/2/9/. */
#define PROV     "/1/"
#define WARD_A   "/1/5/"
#define WARD_B   "/1/6/"
#define DEPT     "/1/2/"
#define DEPT_SUB "/1/2/9/"

static void scopes(void **state) {
    (void)state;
    assert_int_equal(perm_scope_of(ROLE_ADMIN, ACT_USER_MANAGE), SCOPE_ALL);
    assert_int_equal(perm_scope_of(ROLE_RECEIVER, ACT_DOSSIER_RECEIVE), SCOPE_UNIT);
    assert_int_equal(perm_scope_of(ROLE_RECEIVER, ACT_USER_MANAGE), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_LEADER, ACT_REPORT_READ), SCOPE_SUBTREE);
    assert_int_equal(perm_scope_of(ROLE_SUPERVISOR, ACT_DOSSIER_PROCESS), SCOPE_NONE);
    assert_int_equal(perm_scope_of(ROLE_CITIZEN, ACT_DOSSIER_READ), SCOPE_OWN);
    assert_int_equal(perm_scope_of(ROLE_CITIZEN, ACT_USER_READ), SCOPE_NONE);
    /* Several roles: the widest wins. */
    assert_int_equal(perm_scope_of(ROLE_RECEIVER | ROLE_LEADER, ACT_DOSSIER_READ), SCOPE_SUBTREE);
    assert_int_equal(perm_scope_of(0, ACT_UNIT_READ), SCOPE_NONE);
    /* Bank statements: a receiver for the dossiers received at their unit, an administrator for all. */
    assert_int_equal(perm_scope_of(ROLE_ADMIN, ACT_PAYMENT_IMPORT), SCOPE_ALL);
    assert_int_equal(perm_scope_of(ROLE_RECEIVER, ACT_PAYMENT_IMPORT), SCOPE_UNIT);
    for (unsigned r = ROLE_SPECIALIST; r <= ROLE_CITIZEN; r <<= 1)
        assert_int_equal(perm_scope_of(r, ACT_PAYMENT_IMPORT), SCOPE_NONE);
}

static void communes_are_walled_off(void **state) {
    (void)state;
    /* A commune officer reads their own unit, never the neighbour's. */
    assert_true(perm_allows(ROLE_RECEIVER, WARD_A, ACT_DOSSIER_READ, WARD_A));
    assert_false(perm_allows(ROLE_RECEIVER, WARD_A, ACT_DOSSIER_READ, WARD_B));
    assert_false(perm_allows(ROLE_RECEIVER, WARD_A, ACT_DOSSIER_READ, PROV));
    assert_false(perm_allows(ROLE_SPECIALIST | ROLE_RECEIVER, WARD_A, ACT_USER_READ, WARD_B));
    assert_true(perm_allows(ROLE_RECEIVER, WARD_A, ACT_PAYMENT_IMPORT, WARD_A));
    assert_false(perm_allows(ROLE_RECEIVER, WARD_A, ACT_PAYMENT_IMPORT, WARD_B));
    assert_false(perm_allows(ROLE_RECEIVER, PROV, ACT_PAYMENT_IMPORT, WARD_A));
    assert_true(perm_allows(ROLE_ADMIN, PROV, ACT_PAYMENT_IMPORT, WARD_B));
    /* A leader sees the subtree, not the siblings. */
    assert_true(perm_allows(ROLE_LEADER, DEPT, ACT_REPORT_READ, DEPT_SUB));
    assert_false(perm_allows(ROLE_LEADER, DEPT, ACT_REPORT_READ, WARD_A));
    assert_false(perm_allows(ROLE_LEADER, DEPT_SUB, ACT_REPORT_READ, DEPT));
    /* Prefix of a path string is not a subtree: /1/2/ vs /1/23/. */
    assert_false(perm_allows(ROLE_LEADER, "/1/2/", ACT_REPORT_READ, "/1/23/"));
    /* A supervisor at the province root reads everything below. */
    assert_true(perm_allows(ROLE_SUPERVISOR, PROV, ACT_REPORT_READ, WARD_B));
    assert_false(perm_allows(ROLE_SUPERVISOR, PROV, ACT_DOSSIER_APPROVE, WARD_B));
    /* Admin: everything, even without a target. */
    assert_true(perm_allows(ROLE_ADMIN, PROV, ACT_CATALOG_IMPORT, NULL));
    assert_false(perm_allows(ROLE_LEADER, DEPT, ACT_CATALOG_IMPORT, NULL));
    /* Ownership is not a unit scope. */
    assert_false(perm_allows(ROLE_CITIZEN, NULL, ACT_DOSSIER_READ, WARD_A));
    /* No unit path: nothing scoped passes. */
    assert_false(perm_allows(ROLE_RECEIVER, NULL, ACT_DOSSIER_READ, WARD_A));
    assert_false(perm_allows(ROLE_RECEIVER, "", ACT_DOSSIER_READ, WARD_A));
}

static void names(void **state) {
    (void)state;
    assert_int_equal(role_parse("receiver"), ROLE_RECEIVER);
    assert_int_equal(role_parse("RECEIVER"), 0);
    assert_int_equal(role_parse(NULL), 0);
    assert_string_equal(role_name(ROLE_LEADER), "leader");
    assert_string_equal(role_label(ROLE_RECEIVER), "Cán bộ một cửa");
    for (int a = 0; a < ACT__COUNT; a++) assert_string_not_equal(perm_action_name((perm_action)a), "?");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(scopes), cmocka_unit_test(communes_are_walled_off),
                                       cmocka_unit_test(names)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
