/* test_calendar_digest.c - the digest a commune node and its province compare (calendar_store.h, docs/NODE.md §7):
 * it changes with what changes time (an exception's day or kind, a schedule's hours or validity) and not with
 * names, and two databases with the same rows agree. */
#include "testutil.h"

#include "calendar_store.h"

#include "dossier_fixture.h"

static void digest(fixture *f, char out[CALENDAR_DIGEST_LEN]) {
    mc_error err;
    assert_int_equal(calendar_digest(store_reader(f->s), out, &err), MC_OK);
    assert_int_equal(strlen(out), 64);
}

static void put(fixture *f, const char *day, const char *kind, const char *name) {
    mc_error err;
    store_conn *w = store_begin(f->s, &err);
    assert_non_null(w);
    assert_int_equal(calendar_put_exception(w, day, kind, name, NULL, &err), MC_OK);
    assert_int_equal(store_commit(w, &err), MC_OK);
}

static void changes_with_time_not_names(void **state) {
    fixture *f = *state;
    char d0[CALENDAR_DIGEST_LEN], d1[CALENDAR_DIGEST_LEN], d2[CALENDAR_DIGEST_LEN], d3[CALENDAR_DIGEST_LEN];
    digest(f, d0);
    put(f, "2026-12-15", "off", "Nghỉ do lũ");
    digest(f, d1);
    assert_string_not_equal(d0, d1);
    put(f, "2026-12-15", "off", "Nghỉ đột xuất do lũ quét"); /* another name: the same time */
    digest(f, d2);
    assert_string_equal(d1, d2);
    put(f, "2026-12-15", "workday", "Làm bù"); /* another kind */
    digest(f, d3);
    assert_string_not_equal(d1, d3);
    assert_string_not_equal(d0, d3);
    mc_error err;
    store_conn *w = store_begin(f->s, &err);
    assert_int_equal(calendar_delete_exception(w, "2026-12-15", &err), MC_OK);
    assert_int_equal(store_commit(w, &err), MC_OK);
    digest(f, d3);
    assert_string_equal(d0, d3); /* the same rows, the same digest */
    int64_t id;
    w = store_begin(f->s, &err);
    assert_int_equal(calendar_put_schedule(w, 0, "Mùa hè", "04-15", "10-14",
                                           "1-5=07:00-11:30,13:30-17:00", &id, &err),
                     MC_OK);
    assert_int_equal(store_commit(w, &err), MC_OK);
    digest(f, d3);
    assert_string_not_equal(d0, d3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(changes_with_time_not_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
