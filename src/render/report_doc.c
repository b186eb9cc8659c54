/* report_doc.c - an administrative report as PDF and DOCX (report_doc.h). */
#include "report_doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "text.h"
#include "xalloc.h"
#include "zip.h"

#define NATION "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define MOTTO  "Độc lập - Tự do - Hạnh phúc"

static const char *s_(const char *s) {
    return s ? s : "";
}

/* ---- PDF ------------------------------------------------------------------------------------------------- */

/* A text of '\n'-separated lines as paragraphs. */
static void paras(pdf_doc *p, const char *text, pdf_style st, float size) {
    const char *s = s_(text);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = xmalloc(n + 1);
        memcpy(line, s, n);
        line[n] = 0;
        if (*text_trim(line)) pdf_para(p, line, st, size, PDF_LEFT);
        free(line);
        s += n + (nl ? 1 : 0);
    }
}

void rdoc_pdf_letterhead(pdf_doc *p, const char *upper_body, const char *body, const char *number,
                         const char *place_date) {
    float w = pdf_width(p), left = w * 0.42f, right = w - left, x0 = 56;
    char *upper = text_upper(upper_body), *bd = text_upper(body);
    float l = 0, r = 0;
    if (*upper) l += pdf_text_at(p, l, x0, left, upper, PDF_REGULAR, 11, PDF_CENTER);
    l += pdf_text_at(p, l, x0, left, bd, PDF_BOLD, 11, PDF_CENTER) + 2;
    pdf_space(p, l);
    pdf_rule(p, x0 + left * 0.35f, left * 0.3f);
    pdf_space(p, -l);
    l += 6;
    if (number) l += pdf_text_at(p, l, x0, left, number, PDF_REGULAR, 11, PDF_CENTER);
    r += pdf_text_at(p, r, x0 + left, right, NATION, PDF_BOLD, 11, PDF_CENTER);
    r += pdf_text_at(p, r, x0 + left, right, MOTTO, PDF_BOLD, 12, PDF_CENTER) + 2;
    pdf_space(p, r);
    pdf_rule(p, x0 + left + right * 0.22f, right * 0.56f);
    pdf_space(p, -r);
    r += 6;
    if (place_date) r += pdf_text_at(p, r, x0 + left, right, place_date, PDF_ITALIC, 11, PDF_CENTER);
    free(upper);
    free(bd);
    pdf_space(p, (l > r ? l : r) + 18);
}

mc_err rdoc_pdf(const rdoc *d, buf *out, mc_error *err) {
    pdf_doc *p = pdf_create(s_(d->summary), false, err);
    if (!p) return err->code;
    float w = pdf_width(p), left = w * 0.42f, right = w - left, x0 = 56;
    rdoc_pdf_letterhead(p, d->upper_body, d->body, s_(d->number), s_(d->place_date));
    pdf_para(p, s_(d->kind), PDF_BOLD, 14, PDF_CENTER);
    pdf_para(p, s_(d->summary), PDF_BOLD, 13, PDF_CENTER);
    pdf_space(p, 10);
    if (d->intro) paras(p, d->intro, PDF_REGULAR, 12);
    for (size_t i = 0; i < d->nsections; i++) {
        pdf_space(p, 4);
        pdf_para(p, s_(d->heads[i]), PDF_BOLD, 12, PDF_LEFT);
        paras(p, d->texts[i], PDF_REGULAR, 12);
    }
    /* Recipients on the left, the signer on the right. */
    if (pdf_room(p) < 150) pdf_new_page(p);
    pdf_space(p, 14);
    float l = 0, r = 0;
    l += pdf_text_at(p, l, x0, left, "Nơi nhận:", PDF_BOLD, 11, PDF_LEFT);
    const char *s = s_(d->recipients);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = xmalloc(n + 4);
        line[0] = '-';
        line[1] = ' ';
        memcpy(line + 2, s, n);
        line[n + 2] = 0;
        l += pdf_text_at(p, l, x0, left, line, PDF_REGULAR, 10, PDF_LEFT);
        free(line);
        s += n + (nl ? 1 : 0);
    }
    char *title = text_upper(d->signer_title);
    r += pdf_text_at(p, r, x0 + left, right, title, PDF_BOLD, 12, PDF_CENTER) + 60;
    free(title);
    r += pdf_text_at(p, r, x0 + left, right, s_(d->signer_name), PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, (l > r ? l : r) + 10);
    /* The annex on its own page. */
    if (d->nrows) {
        pdf_new_page(p);
        pdf_para(p, s_(d->annex_title), PDF_BOLD, 13, PDF_CENTER);
        if (d->annex_note) pdf_para(p, d->annex_note, PDF_ITALIC, 11, PDF_CENTER);
        pdf_space(p, 8);
        static const char *const head[3] = {"STT", "Chỉ tiêu", "Số liệu"};
        const float widths[3] = {w * 0.1f, w * 0.68f, w * 0.22f};
        const char **cells = xcalloc(d->nrows * 3, sizeof *cells);
        for (size_t i = 0; i < d->nrows; i++) {
            cells[i * 3] = d->rows[i].no ? d->rows[i].no : "";
            cells[i * 3 + 1] = s_(d->rows[i].label);
            cells[i * 3 + 2] = s_(d->rows[i].value);
        }
        pdf_table(p, widths, 3, head, cells, d->nrows, 10);
        free(cells);
    }
    if (d->footer) {
        pdf_space(p, 10);
        pdf_para(p, d->footer, PDF_ITALIC, 9, PDF_LEFT);
    }
    mc_err e = pdf_finish(p, out, err);
    pdf_free(p);
    return e;
}

/* ---- DOCX ------------------------------------------------------------------------------------------------ */

/* XML text: the five entities escaped, control characters (but tab) dropped. */
static void xml_text(buf *b, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s_(s); *p; p++) {
        switch (*p) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default:
            if (*p >= 0x20 || *p == '\t') buf_putc(b, (char)*p);
        }
    }
}

typedef enum { R_PLAIN = 0, R_BOLD = 1, R_ITALIC = 2 } run_style;

/* One paragraph: alignment ("left", "center", "both"), size in half-points, one run. */
static void para(buf *b, const char *text, const char *align, int half_points, unsigned style) {
    buf_printf(b, "<w:p><w:pPr><w:jc w:val=\"%s\"/><w:spacing w:after=\"60\"/></w:pPr><w:r><w:rPr>", align);
    if (style & R_BOLD) buf_puts(b, "<w:b/>");
    if (style & R_ITALIC) buf_puts(b, "<w:i/>");
    buf_printf(b, "<w:sz w:val=\"%d\"/></w:rPr><w:t xml:space=\"preserve\">", half_points);
    xml_text(b, text);
    buf_puts(b, "</w:t></w:r></w:p>");
}

/* '\n'-separated lines as paragraphs, each prefixed. */
static void lines(buf *b, const char *text, const char *prefix, int half_points, unsigned style, const char *align) {
    const char *s = s_(text);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = xmalloc(n + strlen(prefix) + 1);
        strcpy(line, prefix);
        memcpy(line + strlen(prefix), s, n);
        line[strlen(prefix) + n] = 0;
        if (*text_trim(line)) para(b, line, align, half_points, style);
        free(line);
        s += n + (nl ? 1 : 0);
    }
}

static void cell_open(buf *b, int twips) {
    buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", twips);
}

mc_err rdoc_docx(const rdoc *d, buf *out, mc_error *err) {
    buf x = {0};
    buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
    /* The letterhead: a table of two columns without borders. */
    buf_puts(&x, "<w:tbl><w:tblPr><w:tblW w:w=\"9400\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/>"
                 "<w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/>"
                 "<w:insideV w:val=\"nil\"/></w:tblBorders></w:tblPr><w:tr>");
    char *upper = text_upper(d->upper_body), *body = text_upper(d->body);
    cell_open(&x, 3800);
    if (*upper) para(&x, upper, "center", 24, R_PLAIN);
    para(&x, body, "center", 24, R_BOLD);
    para(&x, d->number, "center", 26, R_PLAIN);
    buf_puts(&x, "</w:tc>");
    cell_open(&x, 5600);
    para(&x, NATION, "center", 24, R_BOLD);
    para(&x, MOTTO, "center", 26, R_BOLD);
    para(&x, d->place_date, "center", 26, R_ITALIC);
    buf_puts(&x, "</w:tc></w:tr></w:tbl>");
    free(upper);
    free(body);
    para(&x, "", "center", 26, R_PLAIN);
    para(&x, d->kind, "center", 28, R_BOLD);
    para(&x, d->summary, "center", 28, R_BOLD);
    if (d->intro) lines(&x, d->intro, "", 28, R_PLAIN, "both");
    for (size_t i = 0; i < d->nsections; i++) {
        para(&x, d->heads[i], "left", 28, R_BOLD);
        lines(&x, d->texts[i], "", 28, R_PLAIN, "both");
    }
    /* Recipients and signer. */
    buf_puts(&x, "<w:tbl><w:tblPr><w:tblW w:w=\"9400\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/>"
                 "<w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/>"
                 "<w:insideV w:val=\"nil\"/></w:tblBorders></w:tblPr><w:tr>");
    cell_open(&x, 4700);
    para(&x, "Nơi nhận:", "left", 24, R_BOLD | R_ITALIC);
    lines(&x, d->recipients, "- ", 22, R_PLAIN, "left");
    buf_puts(&x, "</w:tc>");
    cell_open(&x, 4700);
    char *title = text_upper(d->signer_title);
    para(&x, title, "center", 26, R_BOLD);
    free(title);
    for (int i = 0; i < 3; i++) para(&x, "", "center", 26, R_PLAIN);
    para(&x, d->signer_name, "center", 26, R_BOLD);
    buf_puts(&x, "</w:tc></w:tr></w:tbl>");
    /* The annex: a page break, then a bordered table. */
    if (d->nrows) {
        buf_puts(&x, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        para(&x, d->annex_title, "center", 26, R_BOLD);
        if (d->annex_note) para(&x, d->annex_note, "center", 24, R_ITALIC);
        buf_puts(&x, "<w:tbl><w:tblPr><w:tblW w:w=\"9400\" w:type=\"dxa\"/><w:tblBorders>"
                     "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
                     "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
                     "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>"
                     "</w:tblBorders></w:tblPr>");
        static const char *const head[3] = {"STT", "Chỉ tiêu", "Số liệu"};
        static const int widths[3] = {900, 6400, 2100};
        buf_puts(&x, "<w:tr>");
        for (int k = 0; k < 3; k++) {
            cell_open(&x, widths[k]);
            para(&x, head[k], "center", 22, R_BOLD);
            buf_puts(&x, "</w:tc>");
        }
        buf_puts(&x, "</w:tr>");
        for (size_t i = 0; i < d->nrows; i++) {
            const rdoc_row *row = &d->rows[i];
            bool heading = !row->no;
            buf_puts(&x, "<w:tr>");
            const char *cells[3] = {row->no, row->label, row->value};
            for (int k = 0; k < 3; k++) {
                cell_open(&x, widths[k]);
                para(&x, cells[k], k == 1 ? "left" : "center", 22, heading ? R_BOLD : R_PLAIN);
                buf_puts(&x, "</w:tc>");
            }
            buf_puts(&x, "</w:tr>");
        }
        buf_puts(&x, "</w:tbl>");
    }
    if (d->footer) para(&x, d->footer, "left", 18, R_ITALIC);
    /* A4, margins of Nghị định 30/2020 (top 20–25 mm, bottom 20–25, left 30–35, right 15–20). */
    buf_puts(&x, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" "
                 "w:bottom=\"1134\" w:left=\"1701\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>"
                 "</w:body></w:document>");

    static const char types[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "<Override PartName=\"/word/styles.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
        "</Types>";
    static const char rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"word/document.xml\"/></Relationships>";
    static const char doc_rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
        "Target=\"styles.xml\"/></Relationships>";
    /* Times New Roman, as the decree asks, for every run. */
    static const char styles[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults>"
        "<w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
        "w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/><w:sz w:val=\"26\"/><w:lang w:val=\"vi-VN\"/>"
        "</w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
    zip_writer *z = zip_create();
    mc_err e = zip_add(z, "[Content_Types].xml", types, strlen(types), false, err);
    if (!e) e = zip_add(z, "_rels/.rels", rels, strlen(rels), false, err);
    if (!e) e = zip_add(z, "word/document.xml", x.data, x.len, false, err);
    if (!e) e = zip_add(z, "word/_rels/document.xml.rels", doc_rels, strlen(doc_rels), false, err);
    if (!e) e = zip_add(z, "word/styles.xml", styles, strlen(styles), false, err);
    if (!e) e = zip_finish(z, out, err);
    zip_free(z);
    buf_free(&x);
    return e;
}
