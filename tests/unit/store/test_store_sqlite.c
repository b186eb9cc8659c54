/* test_store_sqlite.c - the SQLite backend: migrations, transactions,
 * constraint errors, per-thread readers. */
#include "testutil.h"

#include <pthread.h>

#include "dbutil.h"

static void migrations_once(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    int applied = -1;
    mc_error err;
    assert_int_equal(store_migrate(s, &applied, &err), MC_OK);
    assert_int_equal(applied, 0);
    store_close(s);
    /* Reopening applies nothing and keeps the data. */
    assert_int_equal(store_open(path, NULL, &s, &err), MC_OK);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    int64_t gen;
    assert_int_equal(store_scalar_int(store_reader(s), Q_COUNTER_GET, SV_ARGS(SV_T("calendar")), &gen, &err), MC_OK);
    assert_int_equal(gen, 1);
    test_store_close(s, path);
}

/* store_load: rows in bulk, text and NULL as given, two tables one after the other; a rollback keeps none. */
static void load_rows(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    mc_error err;
    static const char *const names[] = {"key", "value"};
    store_conn *c = store_begin(s, &err);
    const char *a[] = {"k1", "Tổ 5\tphường\nSố 1 \\N"}, *b[] = {"k2", "v2"};
    assert_int_equal(store_load(c, "meta", 2, names, a, &err), MC_OK);
    assert_int_equal(store_load(c, "meta", 2, names, b, &err), MC_OK);
    static const char *const cnames[] = {"name", "value"};
    const char *n1[] = {"load-test", "41"};
    assert_int_equal(store_load(c, "counters", 2, cnames, n1, &err), MC_OK); /* ends meta's rows */
    const char *dup[] = {"load-test", "42"};
    assert_int_equal(store_load(c, "counters", 2, cnames, dup, &err), MC_ERR_CONFLICT);
    assert_int_equal(store_load_end(c, &err), MC_OK);
    assert_int_equal(store_commit(c, &err), MC_OK);
    store_rows *r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("k1")), &err);
    assert_int_equal(store_next(r, &err), 1);
    assert_string_equal(store_text(r, 0), a[1]);
    store_rows_free(r);
    int64_t v = 0;
    assert_int_equal(store_scalar_int(store_reader(s), Q_COUNTER_GET, SV_ARGS(SV_T("load-test")), &v, &err), MC_OK);
    assert_int_equal(v, 41); /* text into an integer column: the number */
    c = store_begin(s, &err);
    const char *k3[] = {"k3", NULL};
    assert_int_equal(store_load(c, "meta", 2, names, k3, &err),
                     MC_ERR_CONFLICT); /* value is NOT NULL: a constraint, as every other */
    const char *k4[] = {"k4", "v4"};
    assert_int_equal(store_load(c, "meta", 2, names, k4, &err), MC_OK);
    store_rollback(c); /* ends the rows too */
    r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("k4")), &err);
    assert_int_equal(store_next(r, &err), 0);
    store_rows_free(r);
    test_store_close(s, path);
}

static void rollback_leaves_nothing(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    mc_error err;
    store_conn *c = store_begin(s, &err);
    assert_non_null(c);
    assert_int_equal(store_exec(c, Q_META_SET, SV_ARGS(SV_T("k"), SV_T("v")), NULL, &err), MC_OK);
    store_rollback(c);
    int64_t v;
    store_rows *r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("k")), &err);
    assert_non_null(r);
    assert_int_equal(store_next(r, &err), 0);
    store_rows_free(r);
    /* Commit makes it visible to readers. */
    c = store_begin(s, &err);
    assert_int_equal(store_exec(c, Q_META_SET, SV_ARGS(SV_T("k"), SV_T("v2")), NULL, &err), MC_OK);
    assert_int_equal(store_commit(c, &err), MC_OK);
    r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("k")), &err);
    assert_int_equal(store_next(r, &err), 1);
    assert_string_equal(store_text(r, 0), "v2");
    store_rows_free(r);
    /* A unique violation is a conflict, not a crash. */
    c = store_begin(s, &err);
    assert_int_equal(store_exec(c, Q_UNIT_INSERT,
                                SV_ARGS(SV_T("X"), SV_T("Đơn vị"), SV_T("province"), SV_N, SV_N, SV_N, SV_N, SV_I(0)),
                                NULL, &err),
                     MC_OK);
    assert_int_equal(store_exec(c, Q_UNIT_INSERT,
                                SV_ARGS(SV_T("X"), SV_T("Trùng"), SV_T("province"), SV_N, SV_N, SV_N, SV_N, SV_I(0)),
                                NULL, &err),
                     MC_ERR_CONFLICT);
    /* A foreign key violation too (unknown kind). */
    assert_int_equal(store_exec(c, Q_UNIT_INSERT,
                                SV_ARGS(SV_T("Y"), SV_T("Y"), SV_T("no_such_kind"), SV_N, SV_N, SV_N, SV_N, SV_I(0)),
                                NULL, &err),
                     MC_ERR_CONFLICT);
    store_rollback(c);
    assert_int_equal(store_scalar_int(store_reader(s), Q_UNIT_COUNT, SV_NONE, &v, &err), MC_OK);
    assert_int_equal(v, 0);
    test_store_close(s, path);
}

typedef struct {
    store *s;
    int64_t seen;
} reader_arg;

static void *reader_thread(void *p) {
    reader_arg *ra = p;
    mc_error err;
    store_conn *c = store_reader(ra->s);
    /* Each thread has its own connection. */
    if (c == store_reader(ra->s)) store_scalar_int(c, Q_UNIT_COUNT, SV_NONE, &ra->seen, &err);
    return NULL;
}

static void readers_per_thread(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    mc_error err;
    store_conn *c = store_begin(s, &err);
    for (int i = 0; i < 10; i++) {
        char code[16];
        snprintf(code, sizeof code, "U%d", i);
        assert_int_equal(store_exec(c, Q_UNIT_INSERT,
                                    SV_ARGS(SV_T(code), SV_T("x"), SV_T("commune"), SV_N, SV_N, SV_N, SV_N, SV_I(0)),
                                    NULL, &err),
                         MC_OK);
    }
    assert_int_equal(store_commit(c, &err), MC_OK);
    pthread_t t[4];
    reader_arg ra[4];
    for (int i = 0; i < 4; i++) {
        ra[i] = (reader_arg){s, -1};
        pthread_create(&t[i], NULL, reader_thread, &ra[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(ra[i].seen, 10);
    }
    assert_ptr_not_equal(store_reader(s), NULL);
    test_store_close(s, path);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(migrations_once), cmocka_unit_test(rollback_leaves_nothing),
                                       cmocka_unit_test(readers_per_thread), cmocka_unit_test(load_rows)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
