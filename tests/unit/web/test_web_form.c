/* test_web_form.c - HTML form bodies: decoding, repeated names, what is
 * refused (bad %XX, NUL, broken UTF-8), and the fuzz corpus replayed. */
#include "testutil.h"

#include <dirent.h>

#include "web_internal.h"

static void decodes_pairs(void **state) {
    (void)state;
    arena *a = arena_create();
    web_form f;
    const char *body = "name=Ho%C3%A0ng+Th%E1%BB%8B+Mai&doc=4&doc=6&&empty=&flag&a%3Db=c%26d";
    assert_true(web_form_parse(a, body, strlen(body), &f));
    assert_int_equal(f.n, 6);
    assert_string_equal(web_form_get(&f, "name"), "Hoàng Thị Mai");
    assert_string_equal(web_form_get(&f, "empty"), "");
    assert_string_equal(web_form_get(&f, "flag"), "");
    assert_string_equal(web_form_get(&f, "a=b"), "c&d");
    assert_null(web_form_get(&f, "missing"));
    json_t *docs = web_form_all(&f, "doc");
    assert_int_equal(json_array_size(docs), 2);
    assert_string_equal(json_string_value(json_array_get(docs, 1)), "6");
    json_decref(docs);
    /* The length counts, not a NUL: the body need not end with one. */
    assert_true(web_form_parse(a, "x=1&y=2", 3, &f));
    assert_int_equal(f.n, 1);
    assert_true(web_form_parse(a, "", 0, &f));
    assert_int_equal(f.n, 0);
    arena_free(a);
}

static void refuses_malformed(void **state) {
    (void)state;
    arena *a = arena_create();
    web_form f;
    const char *bad[] = {"a=%zz", "a=%4", "a=%", "%00=x", "a=%C3", "a=%C3%28", "a=%FF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (web_form_parse(a, bad[i], strlen(bad[i]), &f)) fail_msg("accepted %s", bad[i]);
    assert_false(web_form_parse(a, "a=b\0c", 5, &f));
    arena_free(a);
}

/* Every file of the committed fuzz corpus parses or is refused, without a crash. */
static void corpus_replays(void **state) {
    (void)state;
    const char *dir = "tests/fuzz/corpus/form"; /* run from the project's root, as make test does */
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int files = 0, accepted = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        char body[65536];
        size_t n = fread(body, 1, sizeof body, fp);
        fclose(fp);
        arena *a = arena_create();
        web_form f;
        accepted += web_form_parse(a, body, n, &f);
        arena_free(a);
        files++;
    }
    closedir(d);
    assert_true(files >= 7);
    assert_true(accepted >= 4 && accepted < files);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_pairs),
        cmocka_unit_test(refuses_malformed),
        cmocka_unit_test(corpus_replays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
