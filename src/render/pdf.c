/* pdf.c - A4 documents with Vietnamese text over libharu (pdf.h). */
#include "pdf.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define MARGIN_X      56.0f /* about 2 cm */
#define MARGIN_TOP    48.0f
#define MARGIN_BOTTOM 48.0f
#define LEADING       1.3f /* line height as a multiple of the font size */

struct pdf_doc {
    HPDF_Doc h;
    HPDF_Page page;
    HPDF_Font font[3];
    float y; /* the cursor: distance from the bottom of the page */
    float page_w, page_h;
    HPDF_STATUS failed; /* first libharu error, 0 if none */
    bool landscape;
};

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user) {
    (void)detail;
    pdf_doc *d = user;
    if (!d->failed) d->failed = code;
}

const char *const pdf_font_files[PDF_NFONTS] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                                                "LiberationSerif-Italic.ttf"};

const char *pdf_font_dir(void) {
    const char *e = getenv("MOTCUA_FONTS");
    return e && *e ? e : "/usr/share/fonts/truetype/liberation2";
}

void pdf_new_page(pdf_doc *d) {
    d->page = HPDF_AddPage(d->h);
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, d->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
    d->page_w = HPDF_Page_GetWidth(d->page);
    d->page_h = HPDF_Page_GetHeight(d->page);
    d->y = d->page_h - MARGIN_TOP;
}

pdf_doc *pdf_create(const char *title, bool landscape, mc_error *err) {
    pdf_doc *d = xcalloc(1, sizeof *d);
    d->landscape = landscape;
    d->h = HPDF_New(on_error, d);
    if (!d->h) {
        free(d);
        mc_fail(err, MC_ERR_INTERNAL, NULL, "Không tạo được tệp PDF.", "HPDF_New failed.");
        return NULL;
    }
    HPDF_SetCompressionMode(d->h, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->h);
    HPDF_SetCurrentEncoder(d->h, "UTF-8");
    for (int i = 0; i < PDF_NFONTS; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%.4000s/%s", pdf_font_dir(), pdf_font_files[i]);
        const char *name = HPDF_LoadTTFontFromFile(d->h, path, HPDF_TRUE);
        d->font[i] = name ? HPDF_GetFont(d->h, name, "UTF-8") : NULL;
        if (!d->font[i]) {
            mc_failf(err, MC_ERR_INTERNAL, NULL, "Thiếu phông chữ %s (gói fonts-liberation2).", "Font %s missing.",
                     path, path);
            pdf_free(d);
            return NULL;
        }
    }
    if (title) HPDF_SetInfoAttr(d->h, HPDF_INFO_TITLE, title);
    HPDF_SetInfoAttr(d->h, HPDF_INFO_CREATOR, "motcua");
    pdf_new_page(d);
    return d;
}

void pdf_set_date(pdf_doc *d, mc_time t) {
    int y, m, day, sec = time_local_sec(t);
    day_to_ymd(time_local_day(t), &y, &m, &day);
    HPDF_Date when = {y, m, day, sec / 3600, sec / 60 % 60, sec % 60, '+', MC_TZ_OFFSET / 3600, 0};
    HPDF_SetInfoDateAttr(d->h, HPDF_INFO_CREATION_DATE, when);
}

void pdf_free(pdf_doc *d) {
    if (!d) return;
    HPDF_Free(d->h);
    free(d);
}

mc_err pdf_finish(pdf_doc *d, buf *out, mc_error *err) {
    if (d->failed || HPDF_SaveToStream(d->h) != HPDF_OK)
        return mc_failf(err, MC_ERR_INTERNAL, NULL, "Lỗi khi tạo tệp PDF (mã %04X).", "libharu error %04X.",
                        (unsigned)d->failed, (unsigned)d->failed);
    HPDF_ResetStream(d->h);
    for (;;) {
        HPDF_BYTE chunk[8192];
        HPDF_UINT32 n = sizeof chunk;
        HPDF_STATUS st = HPDF_ReadFromStream(d->h, chunk, &n);
        if (n) buf_append(out, (const char *)chunk, n);
        if (st == HPDF_STREAM_EOF || n == 0) break;
        if (st != HPDF_OK)
            return mc_fail(err, MC_ERR_INTERNAL, NULL, "Lỗi khi đọc tệp PDF vừa tạo.", "HPDF_ReadFromStream failed.");
    }
    return MC_OK;
}

float pdf_width(const pdf_doc *d) {
    return d->page_w - 2 * MARGIN_X;
}

float pdf_room(const pdf_doc *d) {
    return d->y - MARGIN_BOTTOM;
}

void pdf_space(pdf_doc *d, float pt) {
    d->y -= pt;
}

static float text_width(pdf_doc *d, pdf_style st, float size, const char *s, size_t n) {
    char tmp[1024];
    if (n >= sizeof tmp) n = sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    return HPDF_Font_TextWidth(d->font[st], (const HPDF_BYTE *)tmp, (HPDF_UINT)strlen(tmp)).width * size / 1000.0f;
}

static void draw(pdf_doc *d, float x, float baseline, pdf_style st, float size, const char *s, size_t n) {
    char tmp[1024];
    if (n >= sizeof tmp) n = sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, d->font[st], size);
    HPDF_Page_TextOut(d->page, x, baseline, tmp);
    HPDF_Page_EndText(d->page);
}

/* Length of the longest prefix of s (up to a line break) that fits in w, broken at a space when it can. */
static size_t fit(pdf_doc *d, pdf_style st, float size, const char *s, float w, size_t *skip) {
    size_t end = strcspn(s, "\n"), best = 0, i = 0;
    *skip = 0;
    if (end == 0) { /* an empty line */
        *skip = s[0] ? 1 : 0;
        return 0;
    }
    while (i < end) {
        size_t j = i;
        while (j < end && s[j] != ' ') j++; /* the next word ends at j */
        if (text_width(d, st, size, s, j) > w) break;
        best = j;
        i = j;
        while (i < end && s[i] == ' ') i++;
    }
    if (best == 0) { /* a word longer than the line: cut it at a character boundary */
        best = 1;
        while (best < end) {
            size_t k = best + 1;
            while (k < end && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
            if (text_width(d, st, size, s, k) > w) break;
            best = k;
        }
        while (best < end && ((unsigned char)s[best] & 0xC0) == 0x80) best++;
    }
    size_t next = best;
    while (next < end && s[next] == ' ') next++;
    if (next == end && s[end] == '\n') next++;
    *skip = next - best;
    return best;
}

float pdf_text_at(pdf_doc *d, float off, float x, float w, const char *text, pdf_style style, float size,
                  pdf_align align) {
    pdf_space(d, off);
    float h = pdf_text_box(d, x, w, text, style, size, align, false);
    pdf_space(d, -off);
    return h;
}

float pdf_text_box(pdf_doc *d, float x, float w, const char *text, pdf_style style, float size, pdf_align align,
                   bool dry) {
    float line = size * LEADING, used = 0;
    const char *s = text ? text : "";
    if (!*s) return line;
    while (*s) {
        size_t skip, n = fit(d, style, size, s, w, &skip);
        if (!dry) {
            float tw = text_width(d, style, size, s, n);
            float at = align == PDF_CENTER ? x + (w - tw) / 2 : align == PDF_RIGHT ? x + w - tw : x;
            draw(d, at, d->y - used - size, style, size, s, n);
        }
        used += line;
        s += n + skip;
        if (n + skip == 0) break;
    }
    return used;
}

void pdf_para(pdf_doc *d, const char *text, pdf_style style, float size, pdf_align align) {
    float h = pdf_text_box(d, MARGIN_X, pdf_width(d), text, style, size, align, true);
    if (h > pdf_room(d)) pdf_new_page(d);
    d->y -= pdf_text_box(d, MARGIN_X, pdf_width(d), text, style, size, align, false);
}

void pdf_field(pdf_doc *d, const char *label, const char *value, float size) {
    /* The label on the first line, the value after it in bold and wrapped under both. */
    float lw = text_width(d, PDF_REGULAR, size, label, strlen(label)) + size * 0.3f, w = pdf_width(d);
    const char *v = value && *value ? value : "…";
    if (size * LEADING > pdf_room(d)) pdf_new_page(d);
    draw(d, MARGIN_X, d->y - size, PDF_REGULAR, size, label, strlen(label));
    size_t skip, n = fit(d, PDF_BOLD, size, v, w - lw, &skip);
    draw(d, MARGIN_X + lw, d->y - size, PDF_BOLD, size, v, n);
    d->y -= size * LEADING;
    if (v[n + skip]) pdf_para(d, v + n + skip, PDF_BOLD, size, PDF_LEFT);
}

void pdf_rule(pdf_doc *d, float x, float w) {
    HPDF_Page_SetLineWidth(d->page, 0.6f);
    HPDF_Page_MoveTo(d->page, x, d->y);
    HPDF_Page_LineTo(d->page, x + w, d->y);
    HPDF_Page_Stroke(d->page);
}

/* One row of cells with borders; returns its height. */
static float table_row(pdf_doc *d, const float *widths, size_t ncols, const char *const *cells, pdf_style st,
                       float size, bool dry) {
    float pad = 3, h = 0, x = MARGIN_X;
    for (size_t c = 0; c < ncols; c++) {
        float ch = pdf_text_box(d, x + pad, widths[c] - 2 * pad, cells[c] ? cells[c] : "", st, size, PDF_LEFT, true);
        if (ch > h) h = ch;
        x += widths[c];
    }
    h += 2 * pad;
    if (dry) return h;
    x = MARGIN_X;
    HPDF_Page_SetLineWidth(d->page, 0.5f);
    for (size_t c = 0; c < ncols; c++) {
        d->y -= pad;
        pdf_text_box(d, x + pad, widths[c] - 2 * pad, cells[c] ? cells[c] : "", st, size, PDF_LEFT, false);
        d->y += pad;
        HPDF_Page_Rectangle(d->page, x, d->y - h, widths[c], h);
        HPDF_Page_Stroke(d->page);
        x += widths[c];
    }
    d->y -= h;
    return h;
}

void pdf_table(pdf_doc *d, const float *widths, size_t ncols, const char *const *header, const char *const *cells,
               size_t nrows, float size) {
    if (table_row(d, widths, ncols, header, PDF_BOLD, size, true) + size * 2 > pdf_room(d)) pdf_new_page(d);
    table_row(d, widths, ncols, header, PDF_BOLD, size, false);
    for (size_t r = 0; r < nrows; r++) {
        const char *const *row = cells + r * ncols;
        if (table_row(d, widths, ncols, row, PDF_REGULAR, size, true) > pdf_room(d)) {
            pdf_new_page(d);
            table_row(d, widths, ncols, header, PDF_BOLD, size, false);
        }
        table_row(d, widths, ncols, row, PDF_REGULAR, size, false);
    }
}

void pdf_modules(pdf_doc *d, float x, float side, const unsigned char *dark, int size) {
    float m = side / (float)size;
    for (int r = 0; r < size; r++)
        for (int c = 0; c < size; c++)
            if (dark[r * size + c]) HPDF_Page_Rectangle(d->page, x + c * m, d->y - (r + 1) * m, m, m);
    HPDF_Page_Fill(d->page);
}
