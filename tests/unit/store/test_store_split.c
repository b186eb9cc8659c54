/* test_store_split.c - a migration's text cut into statements (store_split.h): semicolons inside
 * strings, dollar-quoted bodies and comments do not cut; empty statements are dropped. */
#include "testutil.h"

#include <string.h>

#include "store_split.h"

static void expect(const char *sql, size_t want, const char *const *stmts) {
    char **got;
    size_t n = store_split(sql, &got);
    if (n != want) fail_msg("%s: %zu statements, expected %zu", sql, n, want);
    for (size_t i = 0; i < n; i++) assert_string_equal(got[i], stmts[i]);
    store_split_free(got, n);
}

static void plain_statements(void **state) {
    (void)state;
    expect("CREATE TABLE a (x INT); CREATE INDEX a_x ON a(x);", 2,
           (const char *const[]){"CREATE TABLE a (x INT)", "CREATE INDEX a_x ON a(x)"});
    expect("SELECT 1", 1, (const char *const[]){"SELECT 1"});
    expect(" ; ;\n", 0, NULL);
    expect("", 0, NULL);
}

static void quoted_semicolons_stay(void **state) {
    (void)state;
    expect("INSERT INTO m VALUES ('a;b', 'it''s; here'); SELECT \"we;ird\" FROM t", 2,
           (const char *const[]){"INSERT INTO m VALUES ('a;b', 'it''s; here')", "SELECT \"we;ird\" FROM t"});
    expect("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; END $$;"
           "CREATE TRIGGER t BEFORE UPDATE ON j FOR EACH ROW EXECUTE FUNCTION f();",
           2,
           (const char *const[]){
               "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; END $$",
               "CREATE TRIGGER t BEFORE UPDATE ON j FOR EACH ROW EXECUTE FUNCTION f()"});
    expect("DO $motcua$ BEGIN PERFORM 1; $x$; END $motcua$; SELECT $1", 2,
           (const char *const[]){"DO $motcua$ BEGIN PERFORM 1; $x$; END $motcua$", "SELECT $1"});
    expect("SELECT 1; -- a; comment\nSELECT 2 /* and; another */; SELECT 3", 3,
           (const char *const[]){"SELECT 1", "-- a; comment\nSELECT 2 /* and; another */", "SELECT 3"});
}

/* An unterminated quote keeps the rest as one statement (PostgreSQL then reports the error). */
static void unterminated_quote(void **state) {
    (void)state;
    expect("SELECT 'a; SELECT 2", 1, (const char *const[]){"SELECT 'a; SELECT 2"});
    expect("DO $$ BEGIN; SELECT 2", 1, (const char *const[]){"DO $$ BEGIN; SELECT 2"});
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_statements),
        cmocka_unit_test(quoted_semicolons_stay),
        cmocka_unit_test(unterminated_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
