/* bench_forms.c - receipts (Mẫu 01) as PDF per second and their size, against
 * libharu writing the same lines in a built-in font (no font embedded, no
 * Unicode): what Vietnamese text costs over the PDF library itself.
 *   usage: bench_forms N */
#include <hpdf.h>
#include <jansson.h>
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

static const char ctx_json[] =
    "{\"d\":{\"code\":\"01273-261129-0001\",\"tracking_key\":\"ABCD2345\",\"rules_version\":\"ND118/2025\","
    "\"procedure\":{\"name\":\"Thủ tục đăng ký khai sinh\"},\"receiving_unit\":{\"name\":\"Phường Thục Phán\"},"
    "\"applicant\":{\"name\":\"Nguyễn Thị Ngọc Ánh\",\"id_number\":\"004190003333\",\"phone\":\"0987111222\","
    "\"address\":\"Tổ 3, phường Thục Phán, tỉnh Cao Bằng\",\"email\":null},\"representative\":null,"
    "\"processing_time\":{\"amount\":1,\"unit\":\"working_day\"},\"received_at\":{\"text\":\"10:22 29/11/2026\"},"
    "\"due_at\":{\"text\":\"17:00 30/11/2026\"},\"documents\":[{\"name\":\"Giấy chứng sinh\",\"form\":\"original\","
    "\"provided\":true},{\"name\":\"Căn cước của người đi đăng ký\",\"form\":\"shown\",\"provided\":true}],"
    "\"requests\":[]},\"journal\":[],\"place\":\"Cao Bằng\",\"today\":{\"d\":29,\"m\":11,\"y\":2026},"
    "\"officer\":\"Đàm Thị Hương\",\"tracking_url\":\"https://dichvucong.example.vn/tra-cuu?code=01273-261129-0001&key=ABCD2345\"}";

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
    json_t *ctx = json_loads(ctx_json, 0, NULL);
    const form_def *f = forms_find("receipt", "ND118/2025");
    if (!ctx || !f) return 1;
    size_t size = 0, ref_size = 0;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        buf b = {0};
        mc_error err;
        if (forms_render(f, ctx, &b, &err)) {
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
    json_decref(ctx);
    return 0;
}
