/* test_mime.c - e-mail messages: RFC 2047 encoded words (ASCII stays as is; Vietnamese is split into words
 * of at most 75 characters that never cut a UTF-8 character and decode back to the text); base64 body lines;
 * the Date in Vietnam time; the whole message with Message-ID and List-Unsubscribe; addresses that could
 * inject a header refused. */
#include "testutil.h"

#include <sodium.h>

#include "mime.h"

/* Decodes a header value made of encoded words (or plain text) back to UTF-8. */
static char *decode(const char *v) {
    buf out = {0};
    const char *p = v;
    if (strncmp(p, "=?UTF-8?B?", 10)) {
        buf_puts(&out, v);
        return buf_steal(&out);
    }
    while ((p = strstr(p, "=?UTF-8?B?"))) {
        p += 10;
        const char *end = strstr(p, "?=");
        assert_non_null(end);
        assert_true(end - p + 12 <= 75);
        unsigned char bin[128];
        size_t n;
        assert_int_equal(
            sodium_base642bin(bin, sizeof bin, p, (size_t)(end - p), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL),
            0);
        /* Every word holds whole UTF-8 characters: it is valid on its own. */
        bin[n] = 0;
        buf_append(&out, bin, n);
        p = end + 2;
    }
    return buf_steal(&out);
}

static void header_words(void **state) {
    (void)state;
    buf b = {0};
    mime_header_text(&b, "Plain ASCII subject", 9);
    assert_string_equal(b.data, "Plain ASCII subject");
    buf_reset(&b);
    mime_header_text(&b, "looks =?like?= a word", 9); /* would be read as one: encoded */
    assert_true(!strncmp(b.data, "=?UTF-8?B?", 10));
    buf_reset(&b);
    const char *vi = "Thư xin lỗi: hồ sơ 01273-261206-0001 được hẹn lại ngày trả kết quả — Phường Thục Phán, "
                     "tỉnh Cao Bằng";
    mime_header_text(&b, vi, 9);
    for (const char *p = b.data; *p; p++) assert_true((unsigned char)*p < 128);
    assert_non_null(strstr(b.data, "\r\n ")); /* folded */
    char *back = decode(b.data);
    assert_string_equal(back, vi);
    free(back);
    buf_free(&b);
}

static void body_and_date(void **state) {
    (void)state;
    buf b = {0};
    char big[200];
    memset(big, 'x', sizeof big);
    mime_base64_lines(&b, big, sizeof big);
    /* 200 bytes: lines of 76 characters (57 bytes) then the rest. */
    assert_int_equal(strcspn(b.data, "\r"), 76);
    buf_free(&b);
    char d[40];
    mime_date(T("2026-03-03T09:05:07"), d);
    assert_string_equal(d, "Tue, 03 Mar 2026 09:05:07 +0700");
}

static void whole_message(void **state) {
    (void)state;
    mime_msg m = {.from_name = "Một cửa điện tử Cao Bằng",
                  .from_addr = "motcua@caobang.gov.vn",
                  .to_addr = "an@example.org",
                  .subject = "Hồ sơ 01273-261206-0001 đã được tiếp nhận",
                  .body = "Kính gửi Ông/Bà,\nMã hồ sơ: 01273-261206-0001\n",
                  .message_id = "outbox-7.04@caobang.gov.vn",
                  .unsubscribe = "https://dvc.example/thong-bao/huy?t=abc",
                  .date = T("2026-03-03T09:05")};
    buf b = {0};
    assert_true(mime_build(&b, &m));
    assert_non_null(strstr(b.data, "From: =?UTF-8?B?"));
    assert_non_null(strstr(b.data, " <motcua@caobang.gov.vn>\r\nTo: <an@example.org>\r\nSubject: =?UTF-8?B?"));
    assert_non_null(strstr(b.data, "\r\nMessage-ID: <outbox-7.04@caobang.gov.vn>\r\n"));
    assert_non_null(strstr(b.data, "\r\nList-Unsubscribe: <https://dvc.example/thong-bao/huy?t=abc>\r\n"));
    assert_non_null(strstr(b.data, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64"));
    /* The body decodes to the text with CRLF line ends. */
    const char *body = strstr(b.data, "\r\n\r\n") + 4;
    char joined[512] = "";
    size_t k = 0;
    for (const char *p = body; *p; p++)
        if (*p != '\r' && *p != '\n') joined[k++] = *p;
    unsigned char bin[512];
    size_t n;
    assert_int_equal(sodium_base642bin(bin, sizeof bin, joined, k, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    bin[n] = 0;
    assert_string_equal((char *)bin, "Kính gửi Ông/Bà,\r\nMã hồ sơ: 01273-261206-0001\r\n");
    buf_free(&b);
    /* Addresses or ids that would inject a header are refused, nothing written. */
    const char *bad_to[] = {"an@example.org\r\nBcc: x@y.z", "<an@example.org>", "an example@x.org", "no-at", "a@b@c"};
    for (size_t i = 0; i < sizeof bad_to / sizeof bad_to[0]; i++) {
        mime_msg x = m;
        x.to_addr = bad_to[i];
        buf o = {0};
        assert_false(mime_build(&o, &x));
        assert_null(o.data);
    }
    mime_msg x = m;
    x.message_id = "id\r\nX: y@z";
    buf o = {0};
    assert_false(mime_build(&o, &x));
    x = m;
    x.unsubscribe = "https://x/\r\nBcc: a@b";
    assert_false(mime_build(&o, &x));
    buf_free(&o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_words),
        cmocka_unit_test(body_and_date),
        cmocka_unit_test(whole_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
