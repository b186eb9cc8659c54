/* test_notify_tmpl.c - the notification templates: the shipped set loads and renders every event with its
 * code and link; a set is refused whole for an unknown placeholder, event or channel, a missing event or
 * channel, a message without the code or the link, an SMS too long, a subject over two lines; a message renders
 * with the version named on it; SMS text loses its marks; addresses normalise for opt-outs. */
#include "testutil.h"

#include "net_notify.h"
#include "notify.h"
#include "notify_tmpl.h"

/* The shipped v1 text with one substitution (NULL: as is). */
static char *v1_with(const char *from, const char *to) {
    char path[512];
    snprintf(path, sizeof path, "%s/notify/templates-v1.json", data_dir());
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[NOTIFY_TMPL_FILE_MAX];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    buf b = {0};
    const char *at = from ? strstr(text, from) : NULL;
    if (from) assert_non_null(at);
    if (!at) {
        buf_puts(&b, text);
        return buf_steal(&b);
    }
    buf_append(&b, text, (size_t)(at - text));
    buf_puts(&b, to);
    buf_puts(&b, at + strlen(from));
    return buf_steal(&b);
}

static const char *PAYLOAD = "{\"code\":\"01273-261206-0001\",\"procedure\":\"Thủ tục đăng ký khai sinh\","
                             "\"unit\":\"Phường Thục Phán\",\"due\":\"17:00 07/12/2026\","
                             "\"path\":\"/tra-cuu?code=01273-261206-0001&key=ABCDEFGH\"}";

static void shipped_set_loads_and_renders(void **state) {
    (void)state;
    notify_templates *t = notify_templates_new();
    mc_error err;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/notify", data_dir());
    assert_int_equal(notify_templates_load(t, dir, &err), MC_OK);
    assert_int_equal(notify_templates_latest(t), 1);
    buf s = {0}, b = {0};
    assert_int_equal(
        notify_templates_render(t, "received@1", "email", PAYLOAD, "https://dvc.example", "https://u", &s, &b, &err),
        MC_OK);
    assert_string_equal(s.data, "Hồ sơ 01273-261206-0001 đã được tiếp nhận");
    assert_non_null(strstr(b.data, "https://dvc.example/tra-cuu?code=01273-261206-0001&key=ABCDEFGH"));
    assert_non_null(strstr(b.data, "Ngày hẹn trả kết quả: 17:00 07/12/2026"));
    assert_non_null(strstr(b.data, "thông báo: https://u"));
    buf_reset(&b);
    assert_int_equal(
        notify_templates_render(t, "received@1", "sms", PAYLOAD, "https://dvc.example", NULL, NULL, &b, &err), MC_OK);
    char *sms = net_sms_unaccent(b.data);
    assert_string_equal(sms, "Ho so 01273-261206-0001 da duoc tiep nhan, hen tra 17:00 07/12/2026. Tra cuu: "
                             "https://dvc.example/tra-cuu?code=01273-261206-0001&key=ABCDEFGH");
    assert_true(strlen(sms) <= 160);
    free(sms);
    /* A version that is not loaded, or a broken payload. */
    assert_int_equal(notify_templates_render(t, "received@2", "email", PAYLOAD, "", NULL, &s, &b, &err),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(notify_templates_render(t, "received@1", "email", "[1]", "", NULL, &s, &b, &err), MC_ERR_INVALID);
    buf_free(&s);
    buf_free(&b);
    notify_templates_free(t);
}

static void bad_sets_are_refused_whole(void **state) {
    (void)state;
    struct {
        const char *from, *to, *why;
    } cases[] = {
        {"Ngày hẹn trả kết quả: {{due}}", "Số định danh: {{id_number}}", "id_number"},
        {"\"result\": {", "\"resultat\": {", "resultat"},
        {"Tra cứu tình trạng hồ sơ: {{link}}", "Tra cứu tình trạng hồ sơ:", "link"},
        {"\"inapp\": {\"subject\": \"Hồ sơ {{code}} đã", "\"inapp\": {\"subject\": \"Hồ sơ đã", "code"},
        {"\"sms\": {\"body\": \"Ho so {{code}} da co ket qua. Tra cuu: {{link}}\"},", "", "thiếu"},
        {"Ho so {{code}} da co ket qua.",
         "Ho so {{code}} da co ket qua. Day la mot tin nhan rat dai de kiem tra gioi han do dai cua mau tin nhan SMS "
         "vuot qua muc cho phep cua mot phan tin.",
         "SMS"},
        {"{{procedure}}. Ngày hẹn", "{{procedure. Ngày hẹn", "tên trường"},
        {"\"version\": 1", "\"version\": 0", "version"},
        {"\"task_due\": {", "\"task_due\": {\"sms\": {\"body\": \"{{code}} {{link}}\"},", "kênh"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = v1_with(cases[i].from, cases[i].to);
        notify_templates *t = notify_templates_new();
        mc_error err;
        if (notify_templates_add(t, text, strlen(text), "templates-v1.json", &err) != MC_ERR_INVALID)
            fail_msg("case %zu accepted", i);
        if (!strstr(err.message, cases[i].why)) fail_msg("case %zu: %s", i, err.message);
        assert_int_equal(notify_templates_latest(t), 0);
        notify_templates_free(t);
        free(text);
    }
}

static void each_message_renders_with_its_version(void **state) {
    (void)state;
    notify_templates *t = notify_templates_new();
    mc_error err;
    char *v1 = v1_with(NULL, NULL);
    char *v2 = v1_with("\"version\": 1", "\"version\": 2");
    char *v2b = strstr(v2, "đã được tiếp nhận\",");
    assert_non_null(v2b);
    memcpy(v2b, "ĐÃ", strlen("ĐÃ")); /* same length in bytes as "đã" */
    assert_int_equal(notify_templates_add(t, v1, strlen(v1), "v1", &err), MC_OK);
    assert_int_equal(notify_templates_add(t, v2, strlen(v2), "v2", &err), MC_OK);
    assert_int_equal(notify_templates_add(t, v1, strlen(v1), "v1 again", &err), MC_ERR_INVALID);
    assert_int_equal(notify_templates_latest(t), 2);
    buf s = {0}, b = {0};
    assert_int_equal(notify_templates_render(t, "received@1", "inapp", PAYLOAD, "", NULL, &s, &b, &err), MC_OK);
    assert_string_equal(s.data, "Hồ sơ 01273-261206-0001 đã được tiếp nhận");
    buf_reset(&s);
    assert_int_equal(notify_templates_render(t, "received@2", "email", PAYLOAD, "", NULL, &s, &b, &err), MC_OK);
    assert_string_equal(s.data, "Hồ sơ 01273-261206-0001 ĐÃ được tiếp nhận");
    buf_free(&s);
    buf_free(&b);
    free(v1);
    free(v2);
    notify_templates_free(t);
}

static void addresses_normalise(void **state) {
    (void)state;
    char out[64], h1[65], h2[65];
    assert_true(notify_address_normal("email", "  An.Nguyen@Example.ORG ", out, sizeof out));
    assert_string_equal(out, "an.nguyen@example.org");
    assert_false(notify_address_normal("email", "no-at-sign", out, sizeof out));
    assert_false(notify_address_normal("email", "a@b.c\r\nBcc: x", out, sizeof out));
    assert_true(notify_address_normal("sms", "+84 987 001 234", out, sizeof out));
    assert_string_equal(out, "0987001234");
    assert_true(notify_address_normal("sms", "0987.001.234", out, sizeof out));
    assert_string_equal(out, "0987001234");
    assert_false(notify_address_normal("sms", "12ab", out, sizeof out));
    assert_false(notify_address_normal("fax", "1", out, sizeof out));
    assert_true(notify_address_hash("sms", "+84987001234", h1));
    assert_true(notify_address_hash("sms", "0987 001 234", h2));
    assert_string_equal(h1, h2);
    assert_true(notify_address_hash("email", "0987001234@x.vn", h2));
    assert_string_not_equal(h1, h2);
    char *u = net_sms_unaccent("Đăng ký khai sinh – Phường Thục Phán");
    assert_string_equal(u, "Dang ky khai sinh – Phuong Thuc Phan");
    free(u);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_set_loads_and_renders),
        cmocka_unit_test(bad_sets_are_refused_whole),
        cmocka_unit_test(each_message_renders_with_its_version),
        cmocka_unit_test(addresses_normalise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
