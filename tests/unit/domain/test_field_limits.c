/* test_field_limits.c - the one table of limits on free text: characters,
 * not bytes; the error names the field the caller sent; every row sane. */
#include "testutil.h"

#include "field_limits.h"
#include "text.h"

/* n copies of s. */
static char *times(const char *s, int n) {
    size_t k = strlen(s);
    char *out = malloc(k * (size_t)n + 1);
    for (int i = 0; i < n; i++) memcpy(out + k * (size_t)i, s, k);
    out[k * (size_t)n] = 0;
    return out;
}

static void characters_not_bytes(void **state) {
    (void)state;
    mc_error err;
    char *at = times("ệ", 200), *past = times("ệ", 201);
    assert_int_equal(text_chars(at), 200);
    assert_int_equal(strlen(at), 600);
    assert_int_equal(field_limit_check("applicant.name", "name", at, &err), MC_OK);
    assert_int_equal(field_limit_check("applicant.name", "name", past, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "applicant.name");
    assert_non_null(strstr(err.message, "tối đa 200 ký tự, đã nhập 201 ký tự"));
    assert_non_null(strstr(err.message, "họ và tên"));
    assert_null(strstr(err.message_en, "họ")); /* the English message has no Vietnamese words */
    assert_int_equal(field_limit_check("note", "note", NULL, &err), MC_OK);
    free(at);
    free(past);
}

static void unknown_names_get_the_default(void **state) {
    (void)state;
    mc_error err;
    assert_int_equal(field_limit_max("khong_co"), FIELD_LIMIT_DEFAULT);
    char *past = times("a", FIELD_LIMIT_DEFAULT + 1);
    assert_int_equal(field_limit_check("khong_co", "khong_co", past, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "khong_co");
    free(past);
}

static void every_row_sane(void **state) {
    (void)state;
    size_t n;
    const field_limit *t = field_limits(&n);
    assert_true(n > 20);
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].max > 0 && t[i].max <= FIELD_LIMIT_LONGEST);
        assert_true(t[i].words && *t[i].words);
        assert_int_equal(field_limit_max(t[i].key), t[i].max);
        for (size_t k = i + 1; k < n; k++) assert_string_not_equal(t[i].key, t[k].key);
    }
    /* The numbers other layers rely on. */
    assert_int_equal(field_limit_max("name"), 200);
    assert_int_equal(field_limit_max("address"), 500);
    assert_int_equal(field_limit_max("note"), 2000);
    assert_int_equal(field_limit_max("source"), 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(characters_not_bytes),
                                       cmocka_unit_test(unknown_names_get_the_default),
                                       cmocka_unit_test(every_row_sane)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
