/* test_tmpl.c - the template language of tmpl.h: escaping by default,
 * sections over values, arrays and objects, inverted sections, partials,
 * dotted names, and syntax errors with their line. */
#include "testutil.h"

#include <dirent.h>
#include <jansson.h>

#include "tmpl.h"

/* Renders `text` as template "t" (with partials from `parts`, "name=text" pairs) on JSON ctx. */
static char *render(const char *text, const char *ctx_json, const char **parts) {
    tmpl_set *s = tmpl_set_create();
    char err[200];
    if (!tmpl_add(s, "t", text, strlen(text), err, sizeof err)) fail_msg("parse: %s", err);
    for (size_t i = 0; parts && parts[i]; i++) {
        const char *eq = strchr(parts[i], '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - parts[i]), parts[i]);
        if (!tmpl_add(s, name, eq + 1, strlen(eq + 1), err, sizeof err)) fail_msg("parse partial: %s", err);
    }
    json_error_t je;
    json_t *ctx = ctx_json ? json_loads(ctx_json, 0, &je) : NULL;
    if (ctx_json && !ctx) fail_msg("bad JSON in test: %s", je.text);
    buf out = {0};
    assert_true(tmpl_render(s, "t", ctx, &out));
    json_decref(ctx);
    tmpl_set_free(s);
    return buf_steal(&out);
}

#define assert_renders(text, ctx, parts, want)                                                                         \
    do {                                                                                                               \
        char *_got = render((text), (ctx), (parts));                                                                   \
        assert_string_equal(_got, (want));                                                                             \
        free(_got);                                                                                                    \
    } while (0)

static void test_escaped_by_default(void **state) {
    (void)state;
    assert_renders("<p>{{name}}</p>", "{\"name\":\"<script>alert('x')</script> & \\\"q\\\"\"}", NULL,
                   "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
    assert_renders("{{{html}}}|{{&html}}", "{\"html\":\"<b>đậm</b>\"}", NULL, "<b>đậm</b>|<b>đậm</b>");
    assert_renders("Đã trả kết quả: {{ code }}", "{\"code\":\"01273-261129-0001\"}", NULL,
                   "Đã trả kết quả: 01273-261129-0001");
}

static void test_values(void **state) {
    (void)state;
    assert_renders("{{i}} {{r}} {{t}} [{{f}}] [{{n}}] [{{missing}}] [{{o}}]",
                   "{\"i\":-42,\"r\":1.5,\"t\":true,\"f\":false,\"n\":null,\"o\":{\"a\":1}}", NULL,
                   "-42 1.5 true [] [] [] []");
    assert_renders("{{a.b.c}}|{{a.x.c}}|{{a.b}}", "{\"a\":{\"b\":{\"c\":\"sâu\"}}}", NULL, "sâu||");
    /* A number picks an array element: the way to test "there is at least one". */
    const char *arr = "{\"v\":[{\"n\":\"đầu\"},{\"n\":\"hai\"}],\"e\":[]}";
    assert_renders("{{v.0.n}}|{{v.1.n}}|{{v.2.n}}|{{v.x}}|{{v.-1.n}}|{{v.01.n}}", arr, NULL, "đầu|hai||||hai");
    assert_renders("{{#v.0}}<table>{{/v.0}}{{#e.0}}x{{/e.0}}{{^e.0}}trống{{/e.0}}", arr, NULL, "<table>trống");
}

static void test_sections(void **state) {
    (void)state;
    const char *ctx = "{\"items\":[{\"n\":\"A\"},{\"n\":\"B\"}],\"empty\":[],\"yes\":true,\"no\":false,"
                      "\"zero\":0,\"blank\":\"\",\"person\":{\"name\":\"Bình\"},\"title\":\"ngoài\"}";
    assert_renders("{{#items}}<li>{{n}} {{title}}</li>{{/items}}", ctx, NULL, "<li>A ngoài</li><li>B ngoài</li>");
    assert_renders("{{#empty}}x{{/empty}}{{^empty}}trống{{/empty}}", ctx, NULL, "trống");
    assert_renders("{{#yes}}có{{/yes}}{{#no}}không{{/no}}{{^no}}!{{/no}}", ctx, NULL, "có!");
    assert_renders("[{{#zero}}z{{/zero}}{{#blank}}b{{/blank}}{{#missing}}m{{/missing}}]", ctx, NULL, "[]");
    assert_renders("{{#person}}{{name}}{{/person}}", ctx, NULL, "Bình");
    assert_renders("{{#items}}{{#person}}{{n}}-{{name}};{{/person}}{{/items}}", ctx, NULL, "A-Bình;B-Bình;");
    assert_renders("{{#list}}[{{.}}]{{/list}}", "{\"list\":[\"a\",1,\"<\"]}", NULL, "[a][1][&lt;]");
}

static void test_partials(void **state) {
    (void)state;
    const char *parts[] = {"row=<tr><td>{{n}}</td></tr>", "self={{>self}}x", NULL};
    assert_renders("<table>{{#items}}{{> row}}{{/items}}</table>", "{\"items\":[{\"n\":1},{\"n\":2}]}", parts,
                   "<table><tr><td>1</td></tr><tr><td>2</td></tr></table>");
    assert_renders("[{{>nosuch}}]", "{}", parts, "[]");
    /* a partial that includes itself stops at the depth limit */
    char *deep = render("{{>self}}", "{}", parts);
    assert_int_equal(strlen(deep), 16);
    free(deep);
}

static void test_comments_and_text(void **state) {
    (void)state;
    assert_renders("a{{! một ghi chú }}b", NULL, NULL, "ab");
    assert_renders("no tags at all { } }}", NULL, NULL, "no tags at all { } }}");
    assert_renders("", NULL, NULL, "");
}

static void expect_error(const char *text, const char *want) {
    tmpl_set *s = tmpl_set_create();
    char err[200] = "";
    assert_false(tmpl_add(s, "t", text, strlen(text), err, sizeof err));
    if (!strstr(err, want)) fail_msg("error \"%s\" does not contain \"%s\"", err, want);
    assert_false(tmpl_has(s, "t"));
    tmpl_set_free(s);
}

static void test_syntax_errors(void **state) {
    (void)state;
    expect_error("a\nb {{name", "line 2: unclosed tag");
    expect_error("{{#a}}\n\n{{/b}}", "line 3: {{/b}} closes nothing open");
    expect_error("{{#a}}x", "line 1: {{#a}} is never closed");
    expect_error("{{/a}}", "closes nothing open");
    expect_error("{{bad name}}", "bad name");
    expect_error("{{a..b}}", "bad name");
    expect_error("{{#.}}x{{/.}}", "a section needs a name");
    expect_error("{{>}}", "partial without a name");
    char deep[32 * 12 + 64] = "";
    for (int i = 0; i < 33; i++) strcat(deep, "{{#a}}");
    expect_error(deep, "nested more than 32");
}

static void test_replace_and_missing(void **state) {
    (void)state;
    tmpl_set *s = tmpl_set_create();
    char err[100];
    assert_true(tmpl_add(s, "p", "một", 6, err, sizeof err));
    assert_true(tmpl_add(s, "p", "hai", 3, err, sizeof err));
    buf out = {0};
    assert_true(tmpl_render(s, "p", NULL, &out));
    assert_string_equal(out.data, "hai");
    assert_false(tmpl_render(s, "none", NULL, &out));
    buf_free(&out);
    tmpl_set_free(s);
}

/* The fuzzer's committed corpus parses or fails cleanly, and renders. */
static void test_fuzz_corpus_replays(void **state) {
    (void)state;
    DIR *d = opendir("tests/fuzz/corpus/tmpl");
    assert_non_null(d);
    json_t *ctx = json_loads("{\"name\":\"<b>\",\"items\":[{\"n\":1},{\"n\":2}],\"o\":{\"a\":{\"b\":\"c\"}}}", 0, NULL);
    int files = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[600];
        snprintf(path, sizeof path, "tests/fuzz/corpus/tmpl/%s", de->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char text[65536];
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        tmpl_set *s = tmpl_set_create();
        char err[256];
        if (tmpl_add(s, "t", text, n, err, sizeof err)) {
            tmpl_add(s, "p", text, n, err, sizeof err);
            buf out = {0};
            assert_true(tmpl_render(s, "t", ctx, &out));
            buf_free(&out);
        } else {
            assert_true(strncmp(err, "line ", 5) == 0);
        }
        tmpl_set_free(s);
        files++;
    }
    closedir(d);
    json_decref(ctx);
    assert_true(files >= 5);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped_by_default),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_partials),
        cmocka_unit_test(test_comments_and_text),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_replace_and_missing),
        cmocka_unit_test(test_fuzz_corpus_replays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
