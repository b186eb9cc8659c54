/* test_jsonw.c - the tiny JSON writer: members and nesting, escapes of quotes, backslashes and control
 * characters, invalid UTF-8 replaced so that the output always parses (checked with jansson). */
#include "testutil.h"

#include <jansson.h>

#include "jsonw.h"

static void writes_members_and_nesting(void **state) {
    (void)state;
    buf b = {0};
    jsonw j = {0};
    jsonw_open(&j, &b);
    jsonw_str(&j, "code", "01273-261206-0001");
    jsonw_int(&j, "amount", -50000);
    jsonw_bool(&j, "paid", false);
    jsonw_str(&j, "none", NULL);
    jsonw_key(&j, "inner");
    jsonw_open(&j, NULL);
    jsonw_str(&j, "tên", "Hồ sơ");
    jsonw_close(&j);
    jsonw_close(&j);
    assert_string_equal(b.data, "{\"code\":\"01273-261206-0001\",\"amount\":-50000,\"paid\":false,\"none\":null,"
                                "\"inner\":{\"tên\":\"Hồ sơ\"}}");
    buf_free(&b);
}

static void escapes_so_that_it_parses_back(void **state) {
    (void)state;
    const char *nasty[] = {"quote \" backslash \\ slash /", "line\nfeed\r\ttab\x01\x1f\x7f", "Nguyễn Thị Đào",
                           "\xC3\x28 bad \xE0\x80\x80 overlong \xED\xA0\x80 surrogate \xF4\x90\x80\x80 past end \xC3"};
    for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
        buf b = {0};
        jsonw j = {0};
        jsonw_open(&j, &b);
        jsonw_str(&j, "v\"k", nasty[i]);
        jsonw_close(&j);
        json_error_t je;
        json_t *o = json_loads(b.data, 0, &je);
        assert_non_null(o);
        const char *back = json_string_value(json_object_get(o, "v\"k"));
        assert_non_null(back);
        if (i < 3)
            assert_string_equal(back, nasty[i]);
        else
            assert_non_null(strstr(back, "\xEF\xBF\xBD")); /* U+FFFD where the bytes were not UTF-8 */
        json_decref(o);
        buf_free(&b);
    }
    buf b = {0};
    jsonw_escape(&b, "a\0b", 3); /* a NUL inside a counted string */
    assert_string_equal(b.data, "\"a\\u0000b\"");
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_members_and_nesting),
        cmocka_unit_test(escapes_so_that_it_parses_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
