/* bench_forms.c - receipts (Mẫu 01) as PDF per second and their size, against
 * libharu writing the same lines in a built-in font (no font embedded, no
 * Unicode): what Vietnamese text costs over the PDF library itself.
 *   usage: bench_forms N */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forms.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A receipt of 29/11/2026 10:22 with two documents and the tracking QR code. */
static const form_doc docs[] = {{"Giấy chứng sinh", "original", true}, {"Căn cước của người đi đăng ký", "shown", true}};
static const form_input input = {
    .code = "01273-261129-0001",
    .tracking_key = "ABCD2345",
    .tracking_url = "https://dichvucong.example.vn/tra-cuu?code=01273-261129-0001&key=ABCD2345",
    .place = "Cao Bằng",
    .receiving_unit = "Phường Thục Phán",
    .competent_unit = "Phường Thục Phán",
    .procedure = "Thủ tục đăng ký khai sinh",
    .applicant = {"Nguyễn Thị Ngọc Ánh", "004190003333", "Tổ 3, phường Thục Phán, tỉnh Cao Bằng", "0987111222", NULL},
    .time_amount = 1,
    .received_at = 1795922520, /* 10:22 29/11/2026 */
    .due_at = 1796032800,      /* 17:00 30/11/2026 */
    .docs = docs,
    .ndocs = 2,
    .act_at = 1795922520,
    .signer = "Đàm Thị Hương",
};

/* The reference: a page with the same number of lines of ASCII text in Times-Roman, saved to memory. */
static size_t reference(void) {
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_Font f = HPDF_GetFont(pdf, "Times-Roman", NULL);
    HPDF_Page p = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    for (int i = 0; i < 40; i++) {
        HPDF_Page_BeginText(p);
        HPDF_Page_SetFontAndSize(p, f, 12);
        HPDF_Page_TextOut(p, 56, 780 - 18 * i, "Giay tiep nhan ho so va hen tra ket qua: Nguyen Thi Ngoc Anh");
        HPDF_Page_EndText(p);
    }
    HPDF_SaveToStream(pdf);
    size_t n = HPDF_GetStreamSize(pdf);
    HPDF_Free(pdf);
    return n;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    const form_def *f = forms_find("receipt", "ND118/2025");
    if (!f) return 1;
    size_t size = 0, ref_size = 0;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        buf b = {0};
        mc_error err;
        if (forms_render(f, &input, &b, &err)) {
            fprintf(stderr, "%s\n", err.message_en);
            return 1;
        }
        size = b.len;
        buf_free(&b);
    }
    double ours = n / (now_s() - t0);
    t0 = now_s();
    for (int i = 0; i < n; i++) ref_size = reference();
    double ref = n / (now_s() - t0);
    printf("receipts (Mẫu 01 with its QR code): %.0f/s, %zu bytes each; libharu, same lines in a built-in font: %.0f/s, "
           "%zu bytes; ratio %.3f\n",
           ours, size, ref, ref_size, ours / ref);
    return 0;
}
