/* test_code_space.c - who issues which dossier codes: the province's numbers and each commune node's never meet,
 * a code tells its issuer, and an issuer past its day's numbers is refused with nothing written. */
#include "testutil.h"

#include <sqlite3.h>

#include "code_space.h"
#include "dossier_fixture.h"
#include "node_outq.h"

static void numbers_of_each_issuer(void **state) {
    (void)state;
    assert_int_equal(code_space_seq(0, 1), 1);
    assert_int_equal(code_space_seq(0, CODE_PROVINCE_MAX), 99999);
    assert_int_equal(code_space_seq(0, CODE_PROVINCE_MAX + 1), 0);
    assert_int_equal(code_space_seq(12, 7), 120007);
    assert_int_equal(code_space_seq(10, 1), 100001);
    assert_int_equal(code_space_seq(99, 9999), 999999);
    assert_int_equal(code_space_seq(12, 10000), 0);
    assert_int_equal(code_space_seq(9, 1), 0);   /* no such node */
    assert_int_equal(code_space_seq(100, 1), 0); /* nor this */
    assert_int_equal(code_space_seq(0, 0), 0);
    assert_int_equal(code_space_seq(12, 0), 0);
}

/* Every number of every issuer comes back to that issuer: the spaces are disjoint. */
static void spaces_disjoint(void **state) {
    (void)state;
    for (int64_t n = 1; n <= CODE_PROVINCE_MAX; n++) assert_int_equal(code_space_issuer(code_space_seq(0, n)), 0);
    for (int node = CODE_NODE_FIRST; node <= CODE_NODE_LAST; node++)
        for (int64_t n = 1; n <= CODE_NODE_DAILY_MAX; n++) {
            int64_t seq = code_space_seq(node, n);
            assert_true(seq > CODE_PROVINCE_MAX);
            assert_int_equal(code_space_issuer(seq), node);
        }
    assert_int_equal(code_space_issuer(0), -1);
    assert_int_equal(code_space_issuer(100000), -1); /* node 10's count 0 */
    assert_int_equal(code_space_issuer(1000000), -1);
}

static void issuer_of_a_code(void **state) {
    (void)state;
    assert_int_equal(code_space_issuer_of("01273-261205-0007"), 0);
    assert_int_equal(code_space_issuer_of("01273-261205-99999"), 0);
    assert_int_equal(code_space_issuer_of("01273-261205-120007"), 12);
    assert_int_equal(code_space_issuer_of("000.00.12.H56-250702-0001"), 0);
    assert_int_equal(code_space_issuer_of("PA-01273-261205-0001"), 0);
    assert_int_equal(code_space_issuer_of("01273-261205-A007"), -1);
    assert_int_equal(code_space_issuer_of("01273-261205-"), -1);
    assert_int_equal(code_space_issuer_of("01273"), -1);
    assert_int_equal(code_space_issuer_of(NULL), -1);
    assert_int_equal(code_space_issuer_of("01273-261205-1234567890123"), -1);
}

static void sql(fixture *f, const char *q) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", q, msg);
    sqlite3_close(db);
}

static int64_t dossiers(fixture *f) {
    int64_t n;
    mc_error err;
    assert_int_equal(store_scalar_int(store_reader(f->s), Q_DOSSIER_COUNT, SV_NONE, &n, &err), MC_OK);
    return n;
}

static mc_err try_intake(fixture *f, const char *at, dossier *d, mc_error *err) {
    ds_intake in = {.procedure = "1.000001",
                    .channel = "direct",
                    .applicant = {"Nông Văn Bình", "004095001111", "0987654321", NULL, NULL},
                    .provided = provided_all,
                    .nprovided = 1,
                    .outcome = "accept"};
    return dossier_intake(f->s, f->cal, &f->recv, &in, T(at), f->a, d, err);
}

/* The province's server: past 99,999 in a unit's day the intake is refused, whole. */
static void province_stops_at_its_last_number(void **state) {
    fixture *f = *state;
    sql(f, "INSERT INTO code_sequences(tenant, unit_code, day, last) VALUES ('04', '01273', '260302', 99998)");
    dossier d;
    mc_error err;
    assert_int_equal(try_intake(f, "2026-03-02T09:00", &d, &err), MC_OK);
    assert_string_equal(d.code, "01273-260302-99999");
    int64_t before = dossiers(f);
    assert_int_equal(try_intake(f, "2026-03-02T09:05", &d, &err), MC_ERR_CONFLICT);
    assert_non_null(strstr(err.message, "99999"));
    assert_int_equal(dossiers(f), before);
    /* The next day starts again; another unit was never concerned. */
    assert_int_equal(try_intake(f, "2026-03-03T09:00", &d, &err), MC_OK);
    assert_string_equal(d.code, "01273-260303-0001");
}

/* A database that is commune node 12 issues 120001, 120002, ... and stops at 129999. */
static void a_node_issues_its_own_numbers(void **state) {
    fixture *f = *state;
    sql(f, "INSERT INTO meta(key, value) VALUES ('node_number', '12')");
    dossier d;
    mc_error err;
    assert_int_equal(try_intake(f, "2026-03-02T09:00", &d, &err), MC_OK);
    assert_string_equal(d.code, "01273-260302-120001");
    assert_int_equal(code_space_issuer_of(d.code), 12);
    assert_int_equal(try_intake(f, "2026-03-02T09:01", &d, &err), MC_OK);
    assert_string_equal(d.code, "01273-260302-120002");
    sql(f, "UPDATE code_sequences SET last = 9998 WHERE unit_code = '01273' AND day = '260302'");
    assert_int_equal(try_intake(f, "2026-03-02T09:02", &d, &err), MC_OK);
    assert_string_equal(d.code, "01273-260302-129999");
    int64_t before = dossiers(f);
    assert_int_equal(try_intake(f, "2026-03-02T09:03", &d, &err), MC_ERR_CONFLICT);
    assert_non_null(strstr(err.message, "9999"));
    assert_int_equal(dossiers(f), before);
}

int main(void) {
    node_outq_install(); /* as the program does: a node's database queues its changes */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_of_each_issuer),
        cmocka_unit_test(spaces_disjoint),
        cmocka_unit_test(issuer_of_a_code),
        cmocka_unit_test_setup_teardown(province_stops_at_its_last_number, setup, teardown),
        cmocka_unit_test_setup_teardown(a_node_issues_its_own_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
