/* test_legal_number.c - the number and symbol of a legal document read from the catalog's free text
 * (the first one a string names; dates are not numbers) and from an officer's input (the whole
 * string; NĐ/ND, spaces and small letters normalised), with the key two numbers compare by. */
#include "testutil.h"

#include "legal_number.h"

/* The display form found in s, or "" when none. */
static const char *found(const char *s) {
    static char d[LEGAL_NUMBER_MAX];
    char k[LEGAL_NUMBER_MAX];
    if (!legal_number_find(s, d, k, NULL, NULL)) return "";
    return d;
}

static const char *key_of(const char *s) {
    static char k[LEGAL_NUMBER_MAX];
    char d[LEGAL_NUMBER_MAX];
    if (!legal_number_find(s, d, k, NULL, NULL)) return "";
    return k;
}

static void forms_in_the_catalog(void **state) {
    (void)state;
    assert_string_equal(found("123/2015/NĐ-CP"), "123/2015/NĐ-CP");
    assert_string_equal(found("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết"),
                        "123/2015/NĐ-CP");
    assert_string_equal(found("Thông tư 08/2025/TT-BTP"), "08/2025/TT-BTP");
    assert_string_equal(found("Quyết định số 15/2025/QĐ-UBND của UBND tỉnh"), "15/2025/QĐ-UBND");
    assert_string_equal(found("104/2022/NĐ-CP: Nghị định sửa đổi, bổ sung"), "104/2022/NĐ-CP");
    assert_string_equal(found("Luật 60/2014/QH13"), "60/2014/QH13");
    assert_string_equal(found("190/2025/NQ-QH15: Nghị quyết số 190/2025/QH15 của Quốc hội"), "190/2025/NQ-QH15");
    assert_string_equal(found("Nghị quyết số 66.7/2025/NQ-CP của Chính phủ"), "66.7/2025/NQ-CP");
    assert_string_equal(found("Nghị quyết số 66.18/2026/NQ-CP ngày 18 tháng 5 năm 2026"), "66.18/2026/NQ-CP");
    assert_string_equal(found("Thông tư 08.a/2010/TT-BTP"), "08.a/2010/TT-BTP");
    assert_string_equal(found("Thông tư 09b/2013/TT-BTP"), "09b/2013/TT-BTP");
    assert_string_equal(found("Thông tư liên tich 05/2015/TTLT-BTP-BCA-BYT"), "05/2015/TTLT-BTP-BCA-BYT");
    assert_string_equal(found("Quyết định số 29/2026/QĐ-TTg của Thủ tướng"), "29/2026/QĐ-TTg");
    /* A missing space after the symbol ("BCAngày") and a spaced dash before a title. */
    assert_string_equal(found("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an"), "53/2025/TT-BCA");
    assert_string_equal(found("Luật 25/2008/QH12 - Bảo hiểm y tế"), "25/2008/QH12");
    assert_string_equal(found("Nghị định 06/2012/NĐ-CP - Sửa đổi, bổ sung"), "06/2012/NĐ-CP");
    assert_string_equal(found("(số 01/2013/TT-BVHTTDL)"), "01/2013/TT-BVHTTDL");
}

static void the_first_is_the_one_cited(void **state) {
    (void)state;
    assert_string_equal(found("04/2024/TT-BTP: Sửa đổi, bổ sung một số điều của Thông tư số 02/2020/TT-BTP ngày "
                              "08/4/2020"),
                        "04/2024/TT-BTP");
    assert_string_equal(found("04/2020/TT-BTP: Hướng dẫn Luật hộ tịch và Nghị định 123/2015/NĐ-CP"), "04/2020/TT-BTP");
    size_t at = 0, len = 0;
    char d[LEGAL_NUMBER_MAX], k[LEGAL_NUMBER_MAX];
    assert_true(legal_number_find("Luật số 62/2020/QH14 của Quốc hội", d, k, &at, &len));
    assert_int_equal(at, strlen("Luật số "));
    assert_int_equal(len, strlen("62/2020/QH14"));
}

static void not_numbers(void **state) {
    (void)state;
    assert_string_equal(found("ngày 15/11/2015 của Chính phủ"), "");
    assert_string_equal(found("Quyết định 766/QĐ-TTg ngày 23/6/2022"), ""); /* no year: not this form */
    assert_string_equal(found("Luật Hộ tịch"), "");
    assert_string_equal(found(""), "");
    assert_string_equal(found(NULL), "");
    assert_string_equal(found("12/2015/ngày"), "");
    assert_string_equal(found("1/2015/Nghị định"), "");
    assert_string_equal(found("12/15/NĐ-CP"), ""); /* a year has 4 digits */
    assert_string_equal(found("12/20155/NĐ-CP"), "");
    assert_string_equal(found("12/1800/NĐ-CP"), "");
    assert_string_equal(found("A12/2015/NĐ-CP"), "");     /* glued to a word */
    assert_string_equal(found("1234567/2015/NĐ-CP"), ""); /* too many digits */
}

static void keys_compare_across_spellings(void **state) {
    (void)state;
    assert_string_equal(key_of("123/2015/NĐ-CP"), "123/2015/ND-CP");
    assert_string_equal(key_of("123/2015/ND-CP"), "123/2015/ND-CP");
    assert_string_equal(key_of("số 123 / 2015 / NĐ - CP ngày"), "123/2015/ND-CP");
    assert_string_equal(found("123/2015/ND-CP"), "123/2015/NĐ-CP");
    assert_string_equal(found("15/2025/QD-UBND"), "15/2025/QĐ-UBND");
    assert_string_equal(key_of("08.a/2010/TT-BTP"), "08.A/2010/TT-BTP");
    assert_string_equal(key_of("29/2026/QĐ-TTg"), "29/2026/QD-TTG");
    assert_string_equal(key_of("01/2026/NQ-HĐND"), "01/2026/NQ-HDND");
    assert_string_equal(found("01/2026/NQ-HDND"), "01/2026/NQ-HĐND");
}

static void an_officers_input(void **state) {
    (void)state;
    char d[LEGAL_NUMBER_MAX], k[LEGAL_NUMBER_MAX];
    int y = 0;
    assert_true(legal_number_parse("  15/2025/qđ-ubnd ", d, k, &y));
    assert_string_equal(d, "15/2025/QĐ-UBND");
    assert_string_equal(k, "15/2025/QD-UBND");
    assert_int_equal(y, 2025);
    assert_true(legal_number_parse("123 / 2015 / nd - cp", d, k, NULL));
    assert_string_equal(d, "123/2015/NĐ-CP");
    assert_true(legal_number_parse("29/2026/QĐ-TTg", d, k, NULL));
    assert_string_equal(d, "29/2026/QĐ-TTg");
    assert_string_equal(k, "29/2026/QD-TTG");
    assert_false(legal_number_parse("15/2025/QĐ-UBND ngày 01/01/2025", d, k, NULL)); /* only the number */
    assert_false(legal_number_parse("15/QĐ-UBND", d, k, NULL));
    assert_false(legal_number_parse("", d, k, NULL));
    assert_false(legal_number_parse(NULL, d, k, NULL));
    assert_false(legal_number_parse("15/2025/", d, k, NULL));
    assert_false(legal_number_parse("15/2025/QĐ-", d, k, NULL));
    assert_true(legal_number_key("123/2015/NĐ-CP", k));
    assert_string_equal(k, "123/2015/ND-CP");
    /* Too long to be a number: refused, never cut. */
    char longs[300] = "1/2025/";
    for (int i = 0; i < 60; i++) strcat(longs, "AB-");
    strcat(longs, "CP");
    assert_false(legal_number_parse(longs, d, k, NULL));
    assert_false(legal_number_find(longs, d, k, NULL, NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(forms_in_the_catalog),
                                       cmocka_unit_test(the_first_is_the_one_cited), cmocka_unit_test(not_numbers),
                                       cmocka_unit_test(keys_compare_across_spellings),
                                       cmocka_unit_test(an_officers_input)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
