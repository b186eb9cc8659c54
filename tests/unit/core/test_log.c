/* test_log.c - log lines cannot be forged or hidden by the text they carry. */
#include "testutil.h"

#include <unistd.h>

#include "log.h"

static char *esc(const char *s, size_t n) {
    static char out[512];
    log_escape(s, n, out, sizeof out);
    return out;
}
#define ESC(lit) esc(lit, sizeof(lit) - 1)

static void escapes_controls_and_bad_utf8(void **state) {
    (void)state;
    assert_string_equal(ESC("x\r\n2026-12-05T10:00:00+07:00 info forged"),
                        "x\\r\\n2026-12-05T10:00:00+07:00 info forged");
    assert_string_equal(ESC("a\tb\x01\x1b[31m\x7f"), "a\\tb\\x01\\x1b[31m\\x7f");
    assert_string_equal(ESC("c:\\path\\n"), "c:\\\\path\\\\n"); /* a real backslash never looks like an escape */
    assert_string_equal(ESC("a\0b"), "a\\x00b");
    /* Vietnamese passes unchanged. */
    assert_string_equal(ESC("Nông Văn Bình, Đàm Thị Hương"), "Nông Văn Bình, Đàm Thị Hương");
    /* Invalid UTF-8, byte by byte: a lone continuation, a cut sequence, overlong, surrogate, > U+10FFFF. */
    assert_string_equal(ESC("\x80x"), "\\x80x");
    assert_string_equal(ESC("\xe1\xbb"), "\\xe1\\xbb");
    assert_string_equal(ESC("\xc0\xaf"), "\\xc0\\xaf");
    assert_string_equal(ESC("\xed\xa0\x80"), "\\xed\\xa0\\x80");
    assert_string_equal(ESC("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
    assert_string_equal(ESC("\xff\xfe"), "\\xff\\xfe");
    /* C1 controls, line separators, bidi controls: visible. */
    assert_string_equal(ESC("a\xc2\x85"
                            "b\xe2\x80\xa8"
                            "c\xe2\x80\xae"
                            "d\xe2\x81\xa6"),
                        "a\\u0085b\\u2028c\\u202ed\\u2066");
    assert_string_equal(ESC("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80"); /* an emoji is text */
}

static void cuts_at_a_whole_escape(void **state) {
    (void)state;
    char out[8];
    assert_int_equal(log_escape("ab\ncd", 5, out, sizeof out), 6);
    assert_string_equal(out, "ab\\ncd");
    assert_int_equal(log_escape("abc\n", 4, out, 5), 3); /* "\n" does not fit whole after abc */
    assert_string_equal(out, "abc");
    assert_int_equal(log_escape("x", 1, out, 0), 0);
    /* The bound stated in log.h holds for the worst byte. */
    char big[4 * 16 + 1];
    char in[16];
    memset(in, 0x01, sizeof in);
    assert_int_equal(log_escape(in, sizeof in, big, sizeof big), 4 * 16);
}

/* Runs log_msg with stderr going to a file; returns what was written. */
static char *logged(const char *user) {
    char path[] = "/tmp/motcua-test-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    log_warn("login throttled user=%s addr=%s", user, "127.0.0.1");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    static char text[8192];
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    assert_true(n > 0);
    text[n] = 0;
    close(fd);
    unlink(path);
    return text;
}

static void one_line_whatever_the_input(void **state) {
    (void)state;
    char *t = logged("x\r\n2026-12-05T10:00:00+07:00 info forged line");
    assert_non_null(strstr(t, "user=x\\r\\n2026-12-05T10:00:00+07:00 info forged line addr=127.0.0.1\n"));
    assert_ptr_equal(strchr(t, '\n'), t + strlen(t) - 1); /* exactly one line */
    assert_null(strchr(t, '\r'));
    /* A message longer than LOG_MESSAGE_MAX is cut and marked, still one line. */
    char longname[3000];
    memset(longname, '\n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    t = logged(longname);
    assert_ptr_equal(strchr(t, '\n'), t + strlen(t) - 1);
    assert_non_null(strstr(t, "\\n [...]\n"));
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(escapes_controls_and_bad_utf8),
                                       cmocka_unit_test(cuts_at_a_whole_escape),
                                       cmocka_unit_test(one_line_whatever_the_input)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
