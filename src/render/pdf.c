/* pdf.c - A4 documents with Vietnamese text (pdf.h), written directly: each
 * style's TrueType font is embedded as a Type0/CIDFontType2 font holding only
 * the glyphs drawn (ttf_subset), text is drawn as 2-byte CIDs given in
 * order of first use (Identity-H, a CIDToGIDMap to the subset's glyphs), and a ToUnicode map gives each glyph back its
 * character, so copying and screen readers get the text that was drawn. */
#include "pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>

#include "ttf.h"
#include "xalloc.h"

#define MARGIN_X      56.0f /* about 2 cm */
#define MARGIN_TOP    48.0f
#define MARGIN_BOTTOM 48.0f
#define LEADING       1.3f /* line height as a multiple of the font size */
#define A4_W          595.276f
#define A4_H          841.89f

/* What a document drew with one style's font. */
typedef struct {
    const ttf_face *face;
    uint16_t *cid_of; /* [nglyphs]: the CID given to each glyph drawn, 0 if none */
    unsigned *glyphs; /* glyphs[c - 1]: the glyph of CID c; CIDs are given in order of first use */
    uint32_t *chars;  /* chars[c - 1]: the character CID c was first drawn for */
    size_t n, cap;
    bool used; /* anything drawn (even .notdef) */
} font_use;

struct pdf_doc {
    font_use font[PDF_NFONTS];
    buf *pages; /* each page's content stream */
    size_t npages, cap;
    buf *cur;
    float y; /* the cursor: distance from the bottom of the page */
    float page_w, page_h;
    bool landscape;
    char *title;
    char date[40]; /* "D:YYYYMMDDHHmmSS+07'00'" or "" */
};

const char *const pdf_font_files[PDF_NFONTS] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                                                "LiberationSerif-Italic.ttf"};

const char *pdf_font_dir(void) {
    const char *e = getenv("MOTCUA_FONTS");
    return e && *e ? e : "/usr/share/fonts/truetype/liberation2";
}

/* ---- numbers and characters ---------------------------------------------------------------------------- */

/* Appends the decimal digits of v. */
static void put_uint(buf *b, unsigned long v) {
    char t[24];
    size_t k = sizeof t;
    do t[--k] = (char)('0' + v % 10);
    while (v /= 10);
    buf_append(b, t + k, sizeof t - k);
}

/* Appends v with at most two decimals and no trailing zeros, whatever the C locale. */
static void put_num(buf *b, float v) {
    long c = (long)(v * 100.0f + (v < 0 ? -0.5f : 0.5f));
    if (c < 0) {
        buf_putc(b, '-');
        c = -c;
    }
    put_uint(b, (unsigned long)c / 100);
    if (c % 100) {
        char t[3] = {'.', (char)('0' + c % 100 / 10), (char)('0' + c % 10)};
        buf_append(b, t, c % 10 ? 3 : 2);
    }
}

/* Appends v as four upper-case hexadecimal digits. */
static void put_hex4(buf *b, unsigned v) {
    static const char hex[] = "0123456789ABCDEF";
    char h[4] = {hex[v >> 12 & 15], hex[v >> 8 & 15], hex[v >> 4 & 15], hex[v & 15]};
    buf_append(b, h, 4);
}

/* Decodes one UTF-8 character of s[0..n) into *cp; returns its length (an invalid byte counts as itself). */
static size_t next_cp(const char *s, size_t n, uint32_t *cp) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    *cp = (uint32_t)c;
    return (size_t)k;
}

/* Text in composed form (NFC), the form the font has glyphs for: a new string when s holds combining
 * marks (U+0300-U+036F, lead bytes 0xCC-0xCD), else NULL and s is used as it is. */
static char *composed(const char *s) {
    if (!strchr(s, '\xCC') && !strchr(s, '\xCD')) return NULL;
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

/* ---- the document ---------------------------------------------------------------------------------------- */

void pdf_new_page(pdf_doc *d) {
    if (d->npages == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 4;
        d->pages = xrealloc(d->pages, d->cap * sizeof *d->pages);
    }
    d->cur = &d->pages[d->npages++];
    memset(d->cur, 0, sizeof *d->cur);
    d->page_w = d->landscape ? A4_H : A4_W;
    d->page_h = d->landscape ? A4_W : A4_H;
    d->y = d->page_h - MARGIN_TOP;
}

pdf_doc *pdf_create(const char *title, bool landscape, mc_error *err) {
    const ttf_face *faces[PDF_NFONTS];
    for (int i = 0; i < PDF_NFONTS; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%.4000s/%s", pdf_font_dir(), pdf_font_files[i]);
        if (!(faces[i] = ttf_get(path, err))) return NULL;
    }
    pdf_doc *d = xcalloc(1, sizeof *d);
    d->landscape = landscape;
    for (int i = 0; i < PDF_NFONTS; i++) d->font[i].face = faces[i];
    d->title = xstrdup(title);
    pdf_new_page(d);
    return d;
}

void pdf_set_date(pdf_doc *d, mc_time t) {
    int y, m, day, sec = time_local_sec(t);
    day_to_ymd(time_local_day(t), &y, &m, &day);
    snprintf(d->date, sizeof d->date, "D:%04d%02d%02d%02d%02d%02d+%02d'00'", y, m, day, sec / 3600, sec / 60 % 60,
             sec % 60, MC_TZ_OFFSET / 3600);
}

void pdf_free(pdf_doc *d) {
    if (!d) return;
    for (int i = 0; i < PDF_NFONTS; i++) {
        free(d->font[i].cid_of);
        free(d->font[i].glyphs);
        free(d->font[i].chars);
    }
    for (size_t i = 0; i < d->npages; i++) buf_free(&d->pages[i]);
    free(d->pages);
    free(d->title);
    free(d);
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

/* ---- text -------------------------------------------------------------------------------------------------- */

static float text_width(const pdf_doc *d, pdf_style st, float size, const char *s, size_t n) {
    const ttf_face *f = d->font[st].face;
    unsigned w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += next_cp(s + i, n - i, &cp);
        w += ttf_advance(f, ttf_glyph(f, cp));
    }
    return (float)w * size / 1000.0f;
}

/* The CID of glyph g, drawn for character cp: a new one at its first use. .notdef is CID 0. */
static unsigned cid(font_use *u, unsigned g, uint32_t cp) {
    u->used = true;
    if (!g) return 0;
    if (!u->cid_of) u->cid_of = xcalloc(ttf_info_of(u->face)->nglyphs, sizeof *u->cid_of);
    if (u->cid_of[g]) return u->cid_of[g];
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 64;
        u->glyphs = xrealloc(u->glyphs, u->cap * sizeof *u->glyphs);
        u->chars = xrealloc(u->chars, u->cap * sizeof *u->chars);
    }
    u->glyphs[u->n] = g;
    u->chars[u->n] = cp;
    return u->cid_of[g] = (uint16_t)++u->n;
}

static void draw(pdf_doc *d, float x, float baseline, pdf_style st, float size, const char *s, size_t n) {
    font_use *u = &d->font[st];
    buf *b = d->cur;
    buf_puts(b, "BT /F");
    buf_putc(b, (char)('0' + st));
    buf_putc(b, ' ');
    put_num(b, size);
    buf_puts(b, " Tf ");
    put_num(b, x);
    buf_putc(b, ' ');
    put_num(b, baseline);
    buf_puts(b, " Td <");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += next_cp(s + i, n - i, &cp);
        put_hex4(b, cid(u, ttf_glyph(u->face, cp), cp));
    }
    buf_puts(b, "> Tj ET\n");
}

/* Length of the longest prefix of s (up to a line break) that fits in w, broken at a space when it can. */
static size_t fit(const pdf_doc *d, pdf_style st, float size, const char *s, float w, size_t *skip) {
    size_t end = strcspn(s, "\n"), best = 0, i = 0;
    *skip = 0;
    if (end == 0) { /* an empty line */
        *skip = s[0] ? 1 : 0;
        return 0;
    }
    float used = 0;
    while (i < end) {
        size_t j = i;
        while (j < end && s[j] != ' ') j++; /* the next word ends at j */
        float upto = used + text_width(d, st, size, s + best, j - best);
        if (upto > w) break;
        used = upto;
        best = j;
        i = j;
        while (i < end && s[i] == ' ') i++;
    }
    if (best == 0) { /* a word longer than the line: cut it at a character boundary */
        best = 1;
        while (best < end && ((unsigned char)s[best] & 0xC0) == 0x80) best++;
        used = text_width(d, st, size, s, best);
        while (best < end) {
            size_t k = best + 1;
            while (k < end && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
            float upto = used + text_width(d, st, size, s + best, k - best);
            if (upto > w) break;
            used = upto;
            best = k;
        }
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
    char *nfc = composed(text ? text : "");
    const char *s = nfc ? nfc : text ? text : "";
    if (!*s) {
        free(nfc);
        return line;
    }
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
    free(nfc);
    return used;
}

void pdf_para(pdf_doc *d, const char *text, pdf_style style, float size, pdf_align align) {
    float h = pdf_text_box(d, MARGIN_X, pdf_width(d), text, style, size, align, true);
    if (h > pdf_room(d)) pdf_new_page(d);
    d->y -= pdf_text_box(d, MARGIN_X, pdf_width(d), text, style, size, align, false);
}

void pdf_field(pdf_doc *d, const char *label, const char *value, float size) {
    /* The label on the first line, the value after it in bold and wrapped under both. */
    char *nl = composed(label), *nv = composed(value && *value ? value : "…");
    const char *l = nl ? nl : label, *v = nv ? nv : value && *value ? value : "…";
    float lw = text_width(d, PDF_REGULAR, size, l, strlen(l)) + size * 0.3f, w = pdf_width(d);
    if (size * LEADING > pdf_room(d)) pdf_new_page(d);
    draw(d, MARGIN_X, d->y - size, PDF_REGULAR, size, l, strlen(l));
    size_t skip, n = fit(d, PDF_BOLD, size, v, w - lw, &skip);
    draw(d, MARGIN_X + lw, d->y - size, PDF_BOLD, size, v, n);
    d->y -= size * LEADING;
    if (v[n + skip]) pdf_para(d, v + n + skip, PDF_BOLD, size, PDF_LEFT);
    free(nl);
    free(nv);
}

/* ---- lines, tables, squares -------------------------------------------------------------------------------- */

static void rect(buf *b, float x, float y, float w, float h) {
    put_num(b, x);
    buf_putc(b, ' ');
    put_num(b, y);
    buf_putc(b, ' ');
    put_num(b, w);
    buf_putc(b, ' ');
    put_num(b, h);
    buf_puts(b, " re\n");
}

void pdf_rule(pdf_doc *d, float x, float w) {
    buf *b = d->cur;
    buf_puts(b, "0.6 w ");
    put_num(b, x);
    buf_putc(b, ' ');
    put_num(b, d->y);
    buf_puts(b, " m ");
    put_num(b, x + w);
    buf_putc(b, ' ');
    put_num(b, d->y);
    buf_puts(b, " l S\n");
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
    buf_puts(d->cur, "0.5 w\n");
    for (size_t c = 0; c < ncols; c++) {
        d->y -= pad;
        pdf_text_box(d, x + pad, widths[c] - 2 * pad, cells[c] ? cells[c] : "", st, size, PDF_LEFT, false);
        d->y += pad;
        rect(d->cur, x, d->y - h, widths[c], h);
        buf_puts(d->cur, "S\n");
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
    /* In the square's own coordinates: one unit per module, rows counted down from its top-left corner. */
    buf *b = d->cur;
    float m = side / (float)size;
    buf_puts(b, "q ");
    put_num(b, m);
    buf_puts(b, " 0 0 ");
    put_num(b, -m);
    buf_putc(b, ' ');
    put_num(b, x);
    buf_putc(b, ' ');
    put_num(b, d->y);
    buf_puts(b, " cm\n");
    for (int r = 0; r < size; r++)
        for (int c = 0; c < size; c++)
            if (dark[r * size + c]) { /* a run of dark modules in a row is one rectangle */
                int c0 = c;
                while (c + 1 < size && dark[r * size + c + 1]) c++;
                put_uint(b, (unsigned long)c0);
                buf_putc(b, ' ');
                put_uint(b, (unsigned long)r);
                buf_putc(b, ' ');
                put_uint(b, (unsigned long)(c - c0 + 1));
                buf_puts(b, " 1 re\n");
            }
    buf_puts(b, "f Q\n");
}

/* ---- writing the file --------------------------------------------------------------------------------------- */

typedef struct {
    buf *out;
    size_t *offs; /* [nobj + 1]: byte offset of each object */
    size_t nobj;
    z_stream z; /* one deflate state for every stream of the file, reset between them */
    bool z_ready;
} writer;

static void obj_begin(writer *w, size_t num) {
    w->offs[num] = w->out->len;
    put_uint(w->out, num);
    buf_puts(w->out, " 0 obj\n");
}

/* A stream object, deflated; extra goes into its dictionary. The fastest level: glyph outlines, the bulk
 * of a file, hardly compress further at higher levels (21.8 against 20.5 KB for a receipt) and cost
 * several times the time. */
static mc_err put_stream(writer *w, size_t num, const char *data, size_t len, const char *extra, mc_error *err) {
    if (len < 256) { /* not worth deflate's set-up */
        obj_begin(w, num);
        buf_puts(w->out, "<< /Length ");
        put_uint(w->out, len);
        if (extra) buf_puts(w->out, extra);
        buf_puts(w->out, " >>\nstream\n");
        buf_append(w->out, data, len);
        buf_puts(w->out, "\nendstream\nendobj\n");
        return MC_OK;
    }
    if (!w->z_ready) {
        /* A hash of 2^(6+7) heads instead of zlib's default 2^15: resetting it between streams was half the
         * cost of a receipt's small streams, and the files are a few kilobytes. */
        if (deflateInit2(&w->z, Z_BEST_SPEED, Z_DEFLATED, 15, 6, Z_DEFAULT_STRATEGY) != Z_OK)
            return mc_fail(err, MC_ERR_INTERNAL, NULL, "Lỗi khi nén tệp PDF.", "deflateInit failed.");
        w->z_ready = true;
    } else
        deflateReset(&w->z);
    uLong cap = deflateBound(&w->z, (uLong)len);
    unsigned char *z = xmalloc(cap);
    w->z.next_in = (Bytef *)data;
    w->z.avail_in = (uInt)len;
    w->z.next_out = z;
    w->z.avail_out = (uInt)cap;
    if (deflate(&w->z, Z_FINISH) != Z_STREAM_END) {
        free(z);
        return mc_fail(err, MC_ERR_INTERNAL, NULL, "Lỗi khi nén tệp PDF.", "deflate failed.");
    }
    size_t zlen = cap - w->z.avail_out;
    obj_begin(w, num);
    buf_puts(w->out, "<< /Length ");
    put_uint(w->out, zlen);
    buf_puts(w->out, " /Filter /FlateDecode");
    if (extra) buf_puts(w->out, extra);
    buf_puts(w->out, " >>\nstream\n");
    buf_append(w->out, z, zlen);
    buf_puts(w->out, "\nendstream\nendobj\n");
    free(z);
    return MC_OK;
}

/* Appends code point cp in UTF-16BE as hex (a surrogate pair above U+FFFF). */
static void put_utf16(buf *b, uint32_t cp) {
    if (cp >= 0x10000) {
        put_hex4(b, 0xD800 + ((cp - 0x10000) >> 10));
        put_hex4(b, 0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else
        put_hex4(b, cp);
}

/* Appends a PDF text string in UTF-16BE with its byte-order mark, as hex. */
static void put_text_string(buf *b, const char *s) {
    buf_puts(b, "<FEFF");
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        i += next_cp(s + i, n - i, &cp);
        put_utf16(b, cp);
    }
    buf_putc(b, '>');
}

/* The ToUnicode map of one font: each CID to the character it was drawn for. */
static void tounicode(buf *b, const font_use *u) {
    buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < u->n; i += 100) { /* at most 100 entries per block */
        size_t block = u->n - i < 100 ? u->n - i : 100;
        put_uint(b, block);
        buf_puts(b, " beginbfchar\n");
        for (size_t k = i; k < i + block; k++) {
            buf_putc(b, '<');
            put_hex4(b, (unsigned)k + 1);
            buf_puts(b, "> <");
            put_utf16(b, u->chars[k]);
            buf_puts(b, ">\n");
        }
        buf_puts(b, "endbfchar\n");
    }
    buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The six objects of one embedded font, from number `base`: Type0, CIDFont, descriptor, file, ToUnicode
 * and CIDToGIDMap (each CID to the glyph's id in the subset). */
static mc_err put_font(writer *w, size_t base, font_use *u, int style, mc_error *err) {
    const ttf_info *inf = ttf_info_of(u->face);
    /* The subset's tag: six capitals from the glyphs it holds, so the same text gives the same file. */
    uint32_t h = 2166136261u ^ (uint32_t)style;
    for (size_t i = 0; i < u->n; i++) h = (h ^ u->glyphs[i]) * 16777619u;
    char tag[7];
    for (int i = 0; i < 6; i++, h /= 26) tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
    buf *o = w->out;

    obj_begin(w, base);
    buf_printf(o,
               "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H /DescendantFonts [%zu 0 R] "
               "/ToUnicode %zu 0 R >>\nendobj\n",
               tag, inf->ps_name, base + 1, base + 4);

    obj_begin(w, base + 1);
    buf_printf(o,
               "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
               "/FontDescriptor %zu 0 R /CIDToGIDMap %zu 0 R /DW %u /W [1 [",
               tag, inf->ps_name, base + 2, base + 5, ttf_advance(u->face, 0));
    for (size_t i = 0; i < u->n; i++) {
        if (i) buf_putc(o, ' ');
        put_uint(o, ttf_advance(u->face, u->glyphs[i]));
    }
    buf_puts(o, "]] >>\nendobj\n");

    bool bold = strstr(inf->ps_name, "Bold") != NULL, serif = strstr(inf->ps_name, "Sans") == NULL;
    obj_begin(w, base + 2);
    buf_printf(o,
               "<< /Type /FontDescriptor /FontName /%s+%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d "
               "/Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %zu 0 R >>\nendobj\n",
               tag, inf->ps_name, 4 | (serif ? 2 : 0) | (inf->italic_angle ? 64 : 0), inf->bbox[0], inf->bbox[1],
               inf->bbox[2], inf->bbox[3], inf->italic_angle, inf->ascent, inf->descent, inf->cap_height,
               bold ? 140 : 80, base + 3);

    buf sub = {0};
    unsigned *renumbered = xcalloc(u->n ? u->n : 1, sizeof *renumbered);
    mc_err e = ttf_subset(u->face, u->glyphs, u->n, &sub, renumbered, err);
    if (!e) {
        char extra[48];
        snprintf(extra, sizeof extra, " /Length1 %zu", sub.len);
        e = put_stream(w, base + 3, sub.data, sub.len, extra, err);
    }
    buf_free(&sub);
    buf map = {0};
    if (!e) {
        tounicode(&map, u);
        e = put_stream(w, base + 4, map.data, map.len, NULL, err);
    }
    if (!e) { /* two bytes per CID, from 0 (.notdef, glyph 0) */
        unsigned char *g2g = xcalloc(2 * (u->n + 1), 1);
        for (size_t i = 0; i < u->n; i++) {
            g2g[2 * (i + 1)] = (unsigned char)(renumbered[i] >> 8);
            g2g[2 * (i + 1) + 1] = (unsigned char)renumbered[i];
        }
        e = put_stream(w, base + 5, (const char *)g2g, 2 * (u->n + 1), NULL, err);
        free(g2g);
    }
    buf_free(&map);
    free(renumbered);
    return e;
}

mc_err pdf_finish(pdf_doc *d, buf *out, mc_error *err) {
    /* Objects: 1 catalog, 2 page tree, 3 information, 4 resources, six per font used, two per page. */
    size_t nf = 0, fbase[PDF_NFONTS];
    for (int i = 0; i < PDF_NFONTS; i++) fbase[i] = d->font[i].used ? 5 + 6 * nf++ : 0;
    size_t pbase = 5 + 6 * nf, nobj = pbase + 2 * d->npages - 1;
    writer w = {.out = out, .offs = xcalloc(nobj + 1, sizeof(size_t)), .nobj = nobj};
    size_t start = out->len;
    buf_puts(out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");

    obj_begin(&w, 1);
    buf_puts(out, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    obj_begin(&w, 2);
    buf_puts(out, "<< /Type /Pages /Kids [");
    for (size_t p = 0; p < d->npages; p++) {
        if (p) buf_putc(out, ' ');
        put_uint(out, pbase + 2 * p);
        buf_puts(out, " 0 R");
    }
    buf_printf(out, "] /Count %zu >>\nendobj\n", d->npages);
    obj_begin(&w, 3);
    buf_puts(out, "<< /Creator (motcua) /Producer (motcua)");
    if (d->title && *d->title) {
        buf_puts(out, " /Title ");
        put_text_string(out, d->title);
    }
    if (*d->date) buf_printf(out, " /CreationDate (%s)", d->date);
    buf_puts(out, " >>\nendobj\n");
    obj_begin(&w, 4);
    buf_puts(out, "<< /ProcSet [/PDF /Text] /Font <<");
    for (int i = 0; i < PDF_NFONTS; i++)
        if (fbase[i]) buf_printf(out, " /F%d %zu 0 R", i, fbase[i]);
    buf_puts(out, " >> >>\nendobj\n");

    mc_err e = MC_OK;
    for (int i = 0; i < PDF_NFONTS && !e; i++)
        if (fbase[i]) e = put_font(&w, fbase[i], &d->font[i], i, err);
    for (size_t p = 0; p < d->npages && !e; p++) {
        obj_begin(&w, pbase + 2 * p);
        buf_puts(out, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ");
        put_num(out, d->page_w);
        buf_putc(out, ' ');
        put_num(out, d->page_h);
        buf_printf(out, "] /Resources 4 0 R /Contents %zu 0 R >>\nendobj\n", pbase + 2 * p + 1);
        e = put_stream(&w, pbase + 2 * p + 1, d->pages[p].data ? d->pages[p].data : "", d->pages[p].len, NULL, err);
    }
    if (!e) {
        size_t xref = out->len - start;
        buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", nobj + 1);
        for (size_t i = 1; i <= nobj; i++) {
            char line[21];
            size_t v = w.offs[i] - start;
            for (int k = 9; k >= 0; k--, v /= 10) line[k] = (char)('0' + v % 10);
            memcpy(line + 10, " 00000 n \n", 11);
            buf_append(out, line, 20);
        }
        buf_printf(out, "trailer\n<< /Size %zu /Root 1 0 R /Info 3 0 R >>\nstartxref\n%zu\n%%%%EOF\n", nobj + 1, xref);
    }
    if (w.z_ready) deflateEnd(&w.z);
    free(w.offs);
    return e;
}
