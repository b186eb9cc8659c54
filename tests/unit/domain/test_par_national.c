/* test_par_national.c - the pure checks of a year of the provinces' national PAR INDEX or SIPAS
 * (parn_check): ranks unique or tied consistently, values within 0..100, ranks agreeing with values,
 * the source present; and the best and worst rows known. */
#include "testutil.h"

#include "par_national.h"

static parn_row rows[8];

static parn_year base(void) {
    memset(rows, 0, sizeof rows);
    rows[0] = (parn_row){"Quảng Ninh", 9218, 1, NULL};
    rows[1] = (parn_row){"Hải Phòng", 9187, 2, NULL};
    rows[2] = (parn_row){"Cao Bằng", PARN_NONE, 63, NULL};
    return (parn_year){.year = 2023,
                       .index = PARN_PAR_INDEX,
                       .ranked = 63,
                       .average = 8698,
                       .source = {"PAR INDEX 2023", "Bộ Nội vụ", "2024-04-17", "https://example.org/par"},
                       .rows = rows,
                       .nrows = 3};
}

static mc_err check(parn_year y, mc_error *err) {
    mc_error_clear(err);
    return parn_check(&y, err);
}

static void a_good_year(void **state) {
    (void)state;
    mc_error err;
    assert_int_equal(check(base(), &err), MC_OK);
    /* A row known only by its value, and one only by its rank. */
    parn_year y = base();
    rows[3] = (parn_row){"An Giang", 8132, 0, NULL};
    rows[4] = (parn_row){"Nghệ An", PARN_NONE, 16, NULL};
    y.nrows = 5;
    assert_int_equal(check(y, &err), MC_OK);
    /* No national average published. */
    y.average = PARN_NONE;
    assert_int_equal(check(y, &err), MC_OK);
}

static void duplicate_ranks(void **state) {
    (void)state;
    mc_error err;
    parn_year y = base();
    rows[1].rank = 1;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[1].rank");
    assert_non_null(strstr(err.message, "Dòng 2 (Hải Phòng)"));
    assert_non_null(strstr(err.message, "trùng với dòng 1"));
    /* A tie with the same value is fine, and leaves the next place empty. */
    y = base();
    rows[1] = (parn_row){"Hải Phòng", 9218, 1, NULL};
    rows[2] = (parn_row){"Hà Nội", 9143, 3, NULL};
    assert_int_equal(check(y, &err), MC_OK);
    rows[2].rank = 2;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[2].rank");
    assert_non_null(strstr(err.message, "Dòng 3 (Hà Nội)"));
    /* A tie where a value is unknown cannot be told from a mistake. */
    y = base();
    rows[1] = (parn_row){"Hải Phòng", PARN_NONE, 1, NULL};
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
}

static void values_and_ranks(void **state) {
    (void)state;
    mc_error err;
    parn_year y = base();
    rows[1].value = 12000;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[1].value");
    assert_non_null(strstr(err.message, "giá trị 120,00 ngoài khoảng 0–100"));
    y = base();
    rows[2].rank = 64;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[2].rank");
    y = base();
    rows[2] = (parn_row){"Cao Bằng", PARN_NONE, 0, NULL};
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[2]");
    /* A better rank with a lower value. */
    y = base();
    rows[1].value = 9300;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[1].rank");
    /* A province twice. */
    y = base();
    rows[2] = (parn_row){" Quảng Ninh ", PARN_NONE, 5, NULL};
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "rows[2].province");
    y = base();
    y.average = 10001;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "national_average");
    y = base();
    y.ranked = 2;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
}

static void the_source(void **state) {
    (void)state;
    mc_error err;
    parn_year y = base();
    y.source.url = NULL;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "source.url");
    y = base();
    y.source.title = "  ";
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "source.title");
    y = base();
    y.source.date = "2024-02-30";
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "source.date");
    y = base();
    y.year = 1999;
    assert_int_equal(check(y, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "year");
}

static void best_and_worst_known(void **state) {
    (void)state;
    parn_year y = base();
    assert_string_equal(parn_best_known(&y)->province, "Quảng Ninh");
    assert_string_equal(parn_worst_known(&y)->province, "Cao Bằng");
    assert_string_equal(parn_find(&y, "Cao Bằng ")->province, "Cao Bằng");
    assert_null(parn_find(&y, "Bắc Kạn"));
    /* Without the last row, a province known only by a lower value is the worst known. */
    rows[2] = (parn_row){"An Giang", 8132, 0, NULL};
    assert_string_equal(parn_worst_known(&y)->province, "An Giang");
    assert_string_equal(parn_best_known(&y)->province, "Quảng Ninh");
    y.nrows = 0;
    assert_null(parn_best_known(&y));
    assert_int_equal(parn_index_parse("sipas"), PARN_SIPAS);
    assert_int_equal(parn_index_parse("papi"), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(a_good_year), cmocka_unit_test(duplicate_ranks),
                                       cmocka_unit_test(values_and_ranks), cmocka_unit_test(the_source),
                                       cmocka_unit_test(best_and_worst_known)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
