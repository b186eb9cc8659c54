/* test_csv.c - RFC 4180 reading and writing. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "csv.h"

static void parses_quotes_and_line_ends(void **state) {
    (void)state;
    const char *text = "\xEF\xBB\xBF" "date,kind,name\r\n2026-02-16,off,\"Tết, Nguyên đán\"\r\n\r\n"
                       "2026-01-10,workday,\"Làm bù \"\"thứ Bảy\"\"\nhai dòng\"\n2026-09-02,off,Quốc khánh";
    arena *a = arena_create();
    csv_record *r;
    size_t n;
    mc_error err;
    assert_int_equal(csv_parse(a, text, strlen(text), &r, &n, &err), MC_OK);
    assert_int_equal(n, 4);
    assert_string_equal(r[0].fields[0], "date");
    assert_string_equal(r[1].fields[2], "Tết, Nguyên đán");
    assert_string_equal(r[2].fields[2], "Làm bù \"thứ Bảy\"\nhai dòng");
    assert_int_equal(r[2].line, 4);
    assert_int_equal(r[3].line, 6);
    assert_string_equal(r[3].fields[2], "Quốc khánh");
    const char *bad1 = "a,\"b\n";
    assert_int_equal(csv_parse(a, bad1, strlen(bad1), &r, &n, &err), MC_ERR_INVALID);
    const char *bad2 = "a,b\"c\n";
    assert_int_equal(csv_parse(a, bad2, strlen(bad2), &r, &n, &err), MC_ERR_INVALID);
    const char *bad3 = "a,\"b\"c\n";
    assert_int_equal(csv_parse(a, bad3, strlen(bad3), &r, &n, &err), MC_ERR_INVALID);
    arena_free(a);
}

static void writes_round_trip(void **state) {
    (void)state;
    buf b = {0};
    const char *fields[] = {"plain", "có, dấu phẩy", "ngoặc \"kép\"", "hai\ndòng"};
    for (int i = 0; i < 4; i++) {
        if (i) buf_putc(&b, ',');
        csv_put_field(&b, fields[i]);
    }
    assert_string_equal(b.data, "plain,\"có, dấu phẩy\",\"ngoặc \"\"kép\"\"\",\"hai\ndòng\"");
    arena *a = arena_create();
    csv_record *r;
    size_t n;
    mc_error err;
    assert_int_equal(csv_parse(a, b.data, b.len, &r, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].n, 4);
    for (int i = 0; i < 4; i++) assert_string_equal(r[0].fields[i], fields[i]);
    arena_free(a);
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(parses_quotes_and_line_ends),
                                       cmocka_unit_test(writes_round_trip)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
