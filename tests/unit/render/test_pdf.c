/* test_pdf.c - the PDF writer read back by poppler and qpdf (Debian's poppler-utils and qpdf): the text
 * extracted is the text drawn, character for character, with no warning; the fonts are embedded subsets
 * with a Unicode map; the file passes qpdf --check; the same content gives the same bytes; a missing font
 * is refused in Vietnamese. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "pdf.h"

/* Lines drawn one per paragraph, in the three styles; stacked marks, quotes, dashes and ellipses included. */
static const char *const LINES[] = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Ông/Bà: Nguyễn Đặng Thị Ấu",
    "Xóm Ếch Ồn, thôn Mỹ Lựu, xã Đức Long, tỉnh Cao Bằng",
    "Nộp phí, lệ phí 50.000 đồng – “trích yếu” … (bản chính) [x] {y} \\z/ 100%",
    "ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ỳ ỷ ỹ ỵ Ỹ Ử Ợ",
};

/* Runs cmd (with the file's path in it) and returns what it printed, stdout and stderr together. */
static char *run(const char *fmt, const char *path, int *status) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, fmt, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf out = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_append(&out, chunk, n);
    int st = pclose(p);
    if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf_steal(&out);
}

static void write_file(const buf *b, char *path) {
    strcpy(path, "/tmp/motcua-test-pdf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
    close(fd);
}

static void render(buf *out, const char *const *lines, size_t n) {
    mc_error err;
    pdf_doc *d = pdf_create("Thử chữ Việt", false, &err);
    assert_non_null(d);
    for (size_t i = 0; i < n; i++) pdf_para(d, lines[i], (pdf_style)(i % 3), 12, PDF_LEFT);
    assert_int_equal(pdf_finish(d, out, &err), MC_OK);
    pdf_free(d);
}

static void text_out_equals_text_in(void **state) {
    (void)state;
    buf b = {0};
    render(&b, LINES, sizeof LINES / sizeof *LINES);
    char path[64];
    write_file(&b, path);
    /* stderr with stdout: a poppler warning (a broken ToUnicode map, say) makes the text differ. */
    int st;
    char *text = run("pdftotext -raw -enc UTF-8 %s - 2>&1", path, &st);
    assert_int_equal(st, 0);
    buf want = {0};
    for (size_t i = 0; i < sizeof LINES / sizeof *LINES; i++) {
        buf_puts(&want, LINES[i]);
        buf_putc(&want, '\n');
    }
    buf_putc(&want, '\f');
    assert_string_equal(text, want.data);
    free(text);
    char *check = run("qpdf --check %s 2>&1", path, &st);
    assert_int_equal(st, 0); /* 3 would be warnings */
    assert_non_null(strstr(check, "No syntax or stream encoding errors"));
    free(check);
    char *fonts = run("pdffonts %s 2>&1", path, &st);
    assert_int_equal(st, 0);
    /* three fonts, each a CID TrueType subset (a tag before its name) embedded with a Unicode map */
    int k = 0;
    for (const char *s = fonts; (s = strstr(s, "+LiberationSerif")); s++, k++) {
        assert_true(s - fonts >= 6 && s[-7] == '\n');
        assert_non_null(strstr(s, "CID TrueType      Identity-H       yes yes yes"));
    }
    assert_int_equal(k, 3);
    free(fonts);
    unlink(path);
    /* Only the glyphs drawn: the whole fonts are about 400 KB each; five lines need a few. */
    assert_true(b.len < 30000);
    buf_free(&want);
    buf_free(&b);
}

static void decomposed_text_is_drawn_composed(void **state) {
    (void)state;
    /* "Tiếng Việt" with its marks as separate characters (NFD), as some keyboards and copies give it */
    static const char *const nfd[] = {"Tie\xcc\x82\xcc\x81ng Vie\xcc\xa3\xcc\x82t"};
    buf b = {0};
    render(&b, nfd, 1);
    char path[64];
    write_file(&b, path);
    int st;
    char *text = run("pdftotext -raw -enc UTF-8 %s - 2>&1", path, &st);
    assert_string_equal(text, "Tiếng Việt\n\f");
    free(text);
    unlink(path);
    buf_free(&b);
}

static void long_tables_flow_over_pages(void **state) {
    (void)state;
    mc_error err;
    pdf_doc *d = pdf_create(NULL, true, &err);
    assert_non_null(d);
    static const float w[] = {60, 300, 120};
    static const char *const head[] = {"STT", "Tên thủ tục", "Đơn vị"};
    enum { ROWS = 90 };
    const char *cells[ROWS * 3];
    char num[ROWS][12];
    for (int r = 0; r < ROWS; r++) {
        snprintf(num[r], sizeof num[r], "%d", r + 1);
        cells[3 * r] = num[r];
        cells[3 * r + 1] = "Đăng ký khai sinh có yếu tố nước ngoài";
        cells[3 * r + 2] = "Phường Thục Phán";
    }
    pdf_table(d, w, 3, head, cells, ROWS, 11);
    buf b = {0};
    assert_int_equal(pdf_finish(d, &b, &err), MC_OK);
    pdf_free(d);
    char path[64];
    write_file(&b, path);
    int st;
    char *info = run("pdfinfo %s 2>&1", path, &st);
    assert_int_equal(st, 0);
    const char *pages = strstr(info, "Pages:");
    assert_non_null(pages);
    assert_true(atoi(pages + 6) >= 3);
    assert_non_null(strstr(info, "841.89 x 595.28 pts (A4)")); /* landscape */
    free(info);
    char *text = run("pdftotext -enc UTF-8 %s - 2>&1", path, &st);
    assert_non_null(strstr(text, "Tên thủ tục")); /* the header, repeated on each page */
    assert_non_null(strstr(strstr(strstr(text, "Tên thủ tục") + 1, "Tên thủ tục") + 1, "Tên thủ tục"));
    assert_non_null(strstr(text, "\n90\n"));
    free(text);
    char *check = run("qpdf --check %s 2>&1", path, &st);
    assert_int_equal(st, 0);
    free(check);
    unlink(path);
    buf_free(&b);
}

static void same_content_same_bytes(void **state) {
    (void)state;
    buf a = {0}, b = {0};
    render(&a, LINES, 3);
    render(&b, LINES, 3);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    buf_free(&a);
    buf_free(&b);
}

static void missing_font_refused(void **state) {
    (void)state;
    setenv("MOTCUA_FONTS", "/nonexistent/fonts", 1);
    mc_error err;
    pdf_doc *d = pdf_create("x", false, &err);
    unsetenv("MOTCUA_FONTS");
    assert_null(d);
    assert_non_null(strstr(err.message, "Thiếu phông chữ"));
    assert_non_null(strstr(err.message, "/nonexistent/fonts/LiberationSerif-Regular.ttf"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_out_equals_text_in), cmocka_unit_test(decomposed_text_is_drawn_composed),
        cmocka_unit_test(long_tables_flow_over_pages), cmocka_unit_test(same_content_same_bytes),
        cmocka_unit_test(missing_font_refused)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
