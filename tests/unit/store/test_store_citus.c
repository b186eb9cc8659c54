/* test_store_citus.c - every table of the schema has its place on a Citus cluster (store_citus.h), and the
 * SQL that puts them there names each of them. The cluster itself: scripts/citus.sh (issue 20). */
#include "testutil.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "dbutil.h"
#include "store_citus.h"

/* The tables of a freshly migrated database (SQLite's own and the search index's aside). */
static void every_table_has_a_place(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                        "'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name",
                                        -1, &q, NULL),
                     SQLITE_OK);
    char *sql = store_citus_sql();
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        /* journal_next exists on SQLite only (PostgreSQL chains the journal under the tenant's lock). */
        if (!strcmp(t, "journal_next")) continue;
        if (store_citus_kind(t) == CITUS_UNKNOWN) fail_msg("table %s has no place on Citus (store_citus.c)", t);
        char quoted[96];
        snprintf(quoted, sizeof quoted, "'%s'", t);
        if (!strstr(sql, quoted)) fail_msg("the Citus SQL does not name %s", t);
        n++;
    }
    assert_true(n > 70);
    sqlite3_finalize(q);
    sqlite3_close(db);
    free(sql);
    assert_int_equal(store_citus_kind("dossiers"), CITUS_DISTRIBUTED);
    assert_int_equal(store_citus_kind("units"), CITUS_REFERENCE);
    assert_int_equal(store_citus_kind("sessions"), CITUS_LOCAL);
    assert_int_equal(store_citus_kind("no_such_table"), CITUS_UNKNOWN);
    test_store_close(s, path);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_table_has_a_place)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
