/* test_json_text.c - the response writer gives the text jansson would, and
 * that text reads back as the same tree. */
#include "testutil.h"

#include <jansson.h>

#include "json_text.h"

static char *ours(const json_t *j) {
    size_t n;
    char *t = json_text_line(j, &n);
    assert_int_equal(n, strlen(t));
    assert_true(n > 0 && t[n - 1] == '\n');
    t[n - 1] = 0;
    return t;
}

/* Same text as json_dumps(JSON_COMPACT), and it parses back equal. */
static void same_as_jansson(json_t *j) {
    char *a = ours(j), *b = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    assert_non_null(b);
    assert_string_equal(a, b);
    json_error_t je;
    json_t *back = json_loads(a, JSON_DECODE_ANY, &je);
    assert_non_null(back);
    assert_true(json_equal(back, j));
    json_decref(back);
    free(a);
    free(b);
    json_decref(j);
}

static void test_escapes(void **state) {
    (void)state;
    json_t *j = json_pack("{s:s}", "k\"ey", "a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj/k");
    char *t = ours(j);
    assert_string_equal(t, "{\"k\\\"ey\":\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001Fj/k\"}");
    free(t);
    same_as_jansson(j);
}

static void test_vietnamese_kept(void **state) {
    (void)state;
    json_t *j = json_pack("{s:s, s:s}", "label", "Đã trả kết quả", "stacked", "Ấ Ế Ồ ễ ỹ ự Đ");
    char *t = ours(j);
    assert_string_equal(t, "{\"label\":\"Đã trả kết quả\",\"stacked\":\"Ấ Ế Ồ ễ ỹ ự Đ\"}");
    free(t);
    same_as_jansson(j);
}

static void test_embedded_nul(void **state) {
    (void)state;
    json_t *j = json_stringn("a\0b", 3);
    char *t = ours(j);
    assert_string_equal(t, "\"a\\u0000b\"");
    free(t);
    json_decref(j);
}

static void test_scalars_and_nesting(void **state) {
    (void)state;
    same_as_jansson(json_pack("{s:i, s:I, s:I, s:b, s:b, s:n, s:f, s:f, s:f, s:[], s:{}, s:[i, [s, {s:n}]]}", "zero", 0,
                              "big", (json_int_t)9007199254740993LL, "neg", (json_int_t)-42, "t", 1, "f", 0, "nul",
                              "real", 1.0, "frac", 0.1, "tiny", 1e-300, "ea", "eo", "deep", 1, "x", "y"));
    same_as_jansson(json_integer(-9223372036854775807LL - 1));
    same_as_jansson(json_real(-2.5e10));
    same_as_jansson(json_string(""));
}

static void test_insertion_order(void **state) {
    (void)state;
    json_t *j = json_object();
    const char *keys[] = {"zeta", "alpha", "mu", "beta", "omega", "a"};
    for (size_t i = 0; i < 6; i++) json_object_set_new(j, keys[i], json_integer((json_int_t)i));
    char *t = ours(j);
    assert_string_equal(t, "{\"zeta\":0,\"alpha\":1,\"mu\":2,\"beta\":3,\"omega\":4,\"a\":5}");
    free(t);
    same_as_jansson(j);
}

/* Every 1- and 2-byte string over the ASCII range: the escaping table has no hole. */
static void test_all_ascii_pairs(void **state) {
    (void)state;
    for (int a = 1; a < 128; a++)
        for (int b = 0; b < 128; b += 7) {
            char s[3] = {(char)a, (char)b, 0};
            same_as_jansson(json_stringn(s, b ? 2 : 1));
        }
}

/* The same writer calls, once as text and once as a tree: the tree is what parsing the text gives, member
 * order included, and the text is unchanged by the tree's existence. */
static void write_sample(json_w *w) {
    json_t *extra = json_pack("{s:[i,s,n], s:b}", "list", 1, "hai", "flag", 0);
    jw_open(w, '{');
    jw_kstr(w, "code", "01273-261208-0001");
    jw_kstr(w, "name", "Nông Văn \"Bình\"\n");
    jw_kstr(w, "none", NULL);
    jw_kint(w, "n", -9007199254740993LL);
    jw_kbool(w, "yes", true);
    jw_kopen(w, "items", '[');
    for (int i = 0; i < 3; i++) {
        jw_open(w, '{');
        jw_kint(w, "i", i);
        jw_kopen(w, "empty", '[');
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_str(w, "x");
    jw_null(w);
    jw_int(w, 7);
    jw_bool(w, false);
    jw_close(w, ']');
    jw_key(w, "tree");
    jw_tree(w, extra);
    jw_kopen(w, "obj", '{');
    jw_close(w, '}');
    jw_close(w, '}');
    json_decref(extra);
}

static void test_tree_mode_equals_parsed_text(void **state) {
    (void)state;
    buf b = {0};
    json_w text = {.b = &b};
    write_sample(&text);
    json_w tree = {.b = NULL};
    write_sample(&tree);
    json_t *t = jw_take(&tree);
    assert_non_null(t);
    assert_null(jw_take(&tree));
    json_error_t je;
    json_t *parsed = json_loadb(b.data, b.len, 0, &je);
    assert_non_null(parsed);
    assert_true(json_equal(parsed, t));
    /* and in the same order: the text of the tree is the text written */
    char *again = json_text_line(t, &(size_t){0});
    assert_memory_equal(again, b.data, b.len);
    assert_int_equal(again[b.len], '\n');
    free(again);
    json_decref(parsed);
    json_decref(t);
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_vietnamese_kept),
        cmocka_unit_test(test_embedded_nul),
        cmocka_unit_test(test_scalars_and_nesting),
        cmocka_unit_test(test_insertion_order),
        cmocka_unit_test(test_all_ascii_pairs),
        cmocka_unit_test(test_tree_mode_equals_parsed_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
