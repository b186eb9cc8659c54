/* xlsx_read.c - the first worksheet of an .xlsx workbook, read with limits (xlsx_read.h). */
#include "xlsx_read.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "text.h"

xlsx_read_limits xlsx_read_limits_default(void) {
    return (xlsx_read_limits){.max_entries = 256, .max_inflated = 16u << 20, .max_rows = 100000, .max_cols = 512};
}

static mc_err unreadable(mc_error *err, const char *why) {
    return mc_failf(err, MC_ERR_INVALID, "file", "Không đọc được tệp Excel (.xlsx): %s.", "Unreadable .xlsx: %s.", why,
                    why);
}

static uint16_t u16(const unsigned char *p) {
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One entry of the central directory. */
typedef struct {
    const char *name;
    uint16_t method, flags;
    uint32_t crc, csize, usize, local;
} entry;

typedef struct {
    const unsigned char *data;
    size_t len;
    entry *e;
    size_t n;
    size_t inflated; /* bytes inflated so far */
    const xlsx_read_limits *lim;
} zip;

static mc_err zip_open(arena *a, const unsigned char *data, size_t len, const xlsx_read_limits *lim, zip *z,
                       mc_error *err) {
    memset(z, 0, sizeof *z);
    z->data = data;
    z->len = len;
    z->lim = lim;
    if (len < 22) return unreadable(err, "không phải tệp ZIP");
    /* The end of central directory record: within the last 22 + 65535 bytes. */
    size_t eocd = SIZE_MAX;
    for (size_t i = len - 22 + 1; i-- > 0 && len - i <= 22 + 65535;)
        if (u32(data + i) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd == SIZE_MAX) return unreadable(err, "không phải tệp ZIP");
    const unsigned char *p = data + eocd;
    size_t entries = u16(p + 10);
    uint32_t cd_size = u32(p + 12), cd_off = u32(p + 16);
    if (u16(p + 4) != 0 || u16(p + 6) != 0 || entries != u16(p + 8)) return unreadable(err, "tệp ZIP nhiều phần");
    if (entries == 0xFFFF || cd_off == 0xFFFFFFFFu) return unreadable(err, "tệp ZIP64 không được hỗ trợ");
    if (entries > lim->max_entries)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Tệp Excel có %zu thành phần, vượt giới hạn %zu.",
                        "%zu entries, more than %zu.", entries, lim->max_entries, entries, lim->max_entries);
    if ((size_t)cd_off > eocd || (size_t)cd_size > eocd - cd_off) return unreadable(err, "mục lục ZIP hỏng");
    z->e = arena_alloc(a, (entries ? entries : 1) * sizeof *z->e);
    size_t off = cd_off, end = (size_t)cd_off + cd_size;
    for (size_t i = 0; i < entries; i++) {
        if (end - off < 46 || u32(data + off) != 0x02014b50) return unreadable(err, "mục lục ZIP hỏng");
        const unsigned char *h = data + off;
        size_t nlen = u16(h + 28), xlen = u16(h + 30), clen = u16(h + 32);
        if (end - off - 46 < nlen + xlen + clen) return unreadable(err, "mục lục ZIP hỏng");
        entry *e = &z->e[z->n++];
        e->flags = u16(h + 8);
        e->method = u16(h + 10);
        e->crc = u32(h + 16);
        e->csize = u32(h + 20);
        e->usize = u32(h + 24);
        e->local = u32(h + 42);
        e->name = arena_strndup(a, (const char *)h + 46, nlen);
        off += 46 + nlen + xlen + clen;
    }
    return MC_OK;
}

static const entry *zip_find(const zip *z, const char *name) {
    for (size_t i = 0; i < z->n; i++)
        if (!strcmp(z->e[i].name, name)) return &z->e[i];
    return NULL;
}

static mc_err too_big(const zip *z, mc_error *err) {
    size_t mb = z->lim->max_inflated >> 20;
    return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Nội dung tệp Excel khi giải nén vượt giới hạn %zu MB.",
                    "The workbook inflates past %zu MiB.", mb, mb);
}

/* The bytes of an entry, NUL-terminated, in the arena; never more than the budget left. */
static mc_err zip_read(arena *a, zip *z, const entry *e, char **out, size_t *outlen, mc_error *err) {
    if (e->flags & 1) return unreadable(err, "tệp được mã hóa");
    if (e->method != 0 && e->method != 8) return unreadable(err, "kiểu nén không hỗ trợ");
    size_t lo = e->local;
    if (lo > z->len || z->len - lo < 30 || u32(z->data + lo) != 0x04034b50)
        return unreadable(err, "thành phần ZIP hỏng");
    size_t skip = 30 + (size_t)u16(z->data + lo + 26) + u16(z->data + lo + 28);
    if (z->len - lo < skip || z->len - lo - skip < e->csize) return unreadable(err, "thành phần ZIP bị cắt");
    const unsigned char *src = z->data + lo + skip;
    size_t budget = z->lim->max_inflated - z->inflated;
    if (e->usize > budget) return too_big(z, err);
    /* The declared size is only a hint: the output is bounded by the budget either way. */
    size_t cap = (size_t)e->usize + 1;
    unsigned char *dst = arena_alloc(a, cap);
    size_t got = 0;
    if (e->method == 0) {
        if (e->csize != e->usize) return unreadable(err, "thành phần ZIP hỏng");
        memcpy(dst, src, e->csize);
        got = e->csize;
    } else {
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "inflateInit2");
        zs.next_in = (Bytef *)src;
        zs.avail_in = e->csize;
        zs.next_out = dst;
        zs.avail_out = (uInt)e->usize;
        int rc = inflate(&zs, Z_FINISH);
        got = zs.total_out;
        bool more = rc == Z_BUF_ERROR && zs.avail_out == 0; /* output beyond the declared size */
        inflateEnd(&zs);
        if (more) return e->usize >= budget ? too_big(z, err) : unreadable(err, "kích thước khai báo sai");
        if (rc != Z_STREAM_END) return unreadable(err, "dữ liệu nén hỏng");
    }
    if (got != e->usize) return unreadable(err, "kích thước khai báo sai");
    if (crc32(0L, dst, (uInt)got) != e->crc) return unreadable(err, "sai mã kiểm tra CRC");
    z->inflated += got;
    dst[got] = 0;
    if (memchr(dst, 0, got) || !text_valid_utf8((const char *)dst, got))
        return unreadable(err, "nội dung không phải UTF-8");
    *out = (char *)dst;
    *outlen = got;
    return MC_OK;
}

/* ---- XML, the little of it a worksheet needs ------------------------------------------------ */

/* Appends the text of s[0..n) to b with its entities decoded; false on a malformed one. */
static bool put_text(buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        if (s[i] != '&') {
            buf_putc(b, s[i++]);
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i);
        if (!semi || semi - (s + i) > 12) return false;
        size_t k = (size_t)(semi - (s + i)) + 1;
        static const struct {
            const char *name;
            char c;
        } ents[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool done = false;
        for (size_t e = 0; e < 5 && !done; e++)
            if (k == strlen(ents[e].name) && !memcmp(s + i, ents[e].name, k)) {
                buf_putc(b, ents[e].c);
                done = true;
            }
        if (!done) {
            if (k < 4 || s[i + 1] != '#') return false;
            char num[12];
            memcpy(num, s + i + 2, k - 3);
            num[k - 3] = 0;
            char *end;
            unsigned long cp = num[0] == 'x' || num[0] == 'X' ? strtoul(num + 1, &end, 16) : strtoul(num, &end, 10);
            if (*end || end == num || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
            char u[4];
            int m;
            if (cp < 0x80)
                u[0] = (char)cp, m = 1;
            else if (cp < 0x800)
                u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), m = 2;
            else if (cp < 0x10000)
                u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
                u[2] = (char)(0x80 | (cp & 0x3F)), m = 3;
            else
                u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), m = 4;
            buf_append(b, u, (size_t)m);
        }
        i += k;
    }
    return true;
}

/* The next tag at or after p (before end): sets *name (its name without a prefix "x:"), *nlen, *attrs
 * (the text between name and '>'), *alen, *close (</x>), *empty (<x/>). Returns the position after '>',
 * or NULL when there is none (or it is cut). */
static const char *next_tag(const char *p, const char *end, const char **start, const char **name, size_t *nlen,
                            const char **attrs, size_t *alen, bool *close, bool *empty) {
    for (;;) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) return NULL;
        if (end - lt >= 4 && !memcmp(lt, "<!--", 4)) { /* a comment */
            const char *q = lt + 4;
            for (; end - q >= 3 && memcmp(q, "-->", 3); q++) {
            }
            if (end - q < 3) return NULL;
            p = q + 3;
            continue;
        }
        const char *gt = memchr(lt, '>', (size_t)(end - lt));
        if (!gt) return NULL;
        if (lt[1] == '?' || lt[1] == '!') { /* declarations */
            p = gt + 1;
            continue;
        }
        *start = lt;
        const char *q = lt + 1;
        *close = *q == '/';
        if (*close) q++;
        const char *n0 = q;
        while (q < gt && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n' && *q != '/') q++;
        const char *colon = memchr(n0, ':', (size_t)(q - n0));
        *name = colon ? colon + 1 : n0;
        *nlen = (size_t)(q - *name);
        *empty = gt > lt && gt[-1] == '/';
        *attrs = q;
        *alen = (size_t)(gt - q) - (*empty ? 1 : 0);
        return gt + 1;
    }
}

static bool is(const char *name, size_t n, const char *want) {
    return n == strlen(want) && !memcmp(name, want, n);
}

/* The value of attribute `key` in attrs (NUL-terminated copy in the arena), or NULL. */
static const char *attr(arena *a, const char *attrs, size_t alen, const char *key) {
    size_t k = strlen(key);
    for (size_t i = 0; i + k + 2 <= alen; i++) {
        if ((i == 0 || attrs[i - 1] == ' ' || attrs[i - 1] == '\t' || attrs[i - 1] == '\n' || attrs[i - 1] == '\r') &&
            !memcmp(attrs + i, key, k) && attrs[i + k] == '=' &&
            (attrs[i + k + 1] == '"' || attrs[i + k + 1] == '\'')) {
            char qc = attrs[i + k + 1];
            const char *v = attrs + i + k + 2, *e = memchr(v, qc, alen - (i + k + 2));
            if (!e) return NULL;
            buf b = {0};
            bool ok = put_text(&b, v, (size_t)(e - v));
            char *out = ok ? arena_strndup(a, b.data ? b.data : "", b.len) : NULL;
            buf_free(&b);
            return out;
        }
    }
    return NULL;
}

/* The text of the <t> elements inside [p, end) joined (skipping phonetic runs <rPh>), into b. */
static bool texts(buf *b, const char *p, const char *end) {
    const char *start, *name, *attrs;
    size_t nlen, alen;
    bool close, empty;
    int in_rph = 0;
    const char *q;
    while ((q = next_tag(p, end, &start, &name, &nlen, &attrs, &alen, &close, &empty))) {
        if (is(name, nlen, "rPh")) in_rph += close ? -1 : (empty ? 0 : 1);
        if (is(name, nlen, "t") && !close && !empty) {
            const char *c = q, *s2, *n2, *a2;
            size_t l2, al2;
            bool cl2, em2;
            const char *after = next_tag(c, end, &s2, &n2, &l2, &a2, &al2, &cl2, &em2);
            if (!after || !cl2 || !is(n2, l2, "t")) return false;
            if (!in_rph && !put_text(b, c, (size_t)(s2 - c))) return false;
            q = after;
        }
        p = q;
    }
    return true;
}

/* The shared strings table. */
static mc_err shared_strings(arena *a, const char *x, size_t len, const char ***out, size_t *n, mc_error *err) {
    const char *p = x, *end = x + len, *start, *name, *attrs;
    size_t nlen, alen, cap = 64;
    bool close, empty;
    const char **v = arena_alloc(a, cap * sizeof *v);
    *n = 0;
    const char *si = NULL, *q;
    while ((q = next_tag(p, end, &start, &name, &nlen, &attrs, &alen, &close, &empty))) {
        if (is(name, nlen, "si")) {
            if (empty || (!close && !si)) {
                if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
                v[(*n)++] = "";
                si = empty ? NULL : q;
            } else if (close && si) {
                buf b = {0};
                bool ok = texts(&b, si, start);
                v[*n - 1] = arena_strndup(a, b.data ? b.data : "", b.len);
                buf_free(&b);
                if (!ok) return unreadable(err, "bảng chuỗi (sharedStrings) hỏng");
                si = NULL;
            }
        }
        p = q;
    }
    *out = v;
    return MC_OK;
}

/* "BC12" → column 55 (1-based), row 12; false when malformed. */
static bool cell_ref(const char *r, size_t *col, long *row) {
    size_t c = 0;
    const char *p = r;
    for (; *p >= 'A' && *p <= 'Z'; p++) {
        c = c * 26 + (size_t)(*p - 'A' + 1);
        if (c > 16384) return false;
    }
    if (p == r) return false;
    char *end;
    long rw = strtol(p, &end, 10);
    if (*end || rw < 1 || rw > 1048576) return false;
    *col = c;
    *row = rw;
    return true;
}

typedef struct {
    xlsx_row *v;
    size_t n, cap;
} rowset;

mc_err xlsx_read(arena *a, const unsigned char *data, size_t len, const xlsx_read_limits *lim, xlsx_row **rows,
                 size_t *nrows, mc_error *err) {
    *rows = NULL;
    *nrows = 0;
    xlsx_read_limits def = xlsx_read_limits_default();
    if (!lim) lim = &def;
    zip z;
    mc_err e = zip_open(a, data, len, lim, &z, err);
    if (e) return e;
    const entry *sheet = zip_find(&z, "xl/worksheets/sheet1.xml");
    for (size_t i = 0; !sheet && i < z.n; i++) {
        const char *nm = z.e[i].name;
        if (!strncmp(nm, "xl/worksheets/", 14) && !strchr(nm + 14, '/') && strlen(nm) > 18 &&
            !strcmp(nm + strlen(nm) - 4, ".xml") && (!sheet || strcmp(nm, sheet->name) < 0))
            sheet = &z.e[i];
    }
    if (!sheet) return unreadable(err, "không có trang tính nào");
    const char **ss = NULL;
    size_t nss = 0;
    const entry *sse = zip_find(&z, "xl/sharedStrings.xml");
    if (sse) {
        char *x;
        size_t xl;
        if ((e = zip_read(a, &z, sse, &x, &xl, err))) return e;
        if ((e = shared_strings(a, x, xl, &ss, &nss, err))) return e;
    }
    char *x;
    size_t xl;
    if ((e = zip_read(a, &z, sheet, &x, &xl, err))) return e;

    rowset rs = {NULL, 0, 64};
    rs.v = arena_alloc(a, rs.cap * sizeof *rs.v);
    const char *p = x, *end = x + xl, *start, *name, *attrs, *q;
    size_t nlen, alen;
    bool close, empty, in_data = false;
    long row_no = 0;
    /* The cells of the row being read. */
    const char **cells = NULL;
    size_t ncells = 0, capc = 0, next_col = 1;
    bool in_row = false;
    while ((q = next_tag(p, end, &start, &name, &nlen, &attrs, &alen, &close, &empty))) {
        if (is(name, nlen, "sheetData"))
            in_data = !close && !empty;
        else if (in_data && is(name, nlen, "row")) {
            if (!close) {
                const char *r = attr(a, attrs, alen, "r");
                long rn = r ? strtol(r, NULL, 10) : row_no + 1;
                if (rn <= row_no || rn > 1048576) return unreadable(err, "số dòng không hợp lệ");
                row_no = rn;
                cells = NULL;
                ncells = capc = 0;
                next_col = 1;
                in_row = !empty;
            }
            if (close || empty) {
                if (ncells) {
                    if (rs.n >= lim->max_rows)
                        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Trang tính có hơn %zu dòng.",
                                        "More than %zu rows.", lim->max_rows, lim->max_rows);
                    if (rs.n == rs.cap) rs.v = arena_grow(a, rs.v, &rs.cap, sizeof *rs.v);
                    rs.v[rs.n++] = (xlsx_row){cells, ncells, (int)row_no};
                }
                in_row = false;
            }
        } else if (in_row && is(name, nlen, "c") && !close) {
            const char *r = attr(a, attrs, alen, "r"), *t = attr(a, attrs, alen, "t");
            size_t col = next_col;
            long rr = row_no;
            if (r && (!cell_ref(r, &col, &rr) || rr != row_no)) return unreadable(err, "địa chỉ ô không hợp lệ");
            if (col < next_col) return unreadable(err, "các ô không theo thứ tự");
            if (col > lim->max_cols)
                return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Trang tính dùng quá %zu cột.", "More than %zu columns.",
                                lim->max_cols, lim->max_cols);
            next_col = col + 1;
            const char *value = "";
            if (!empty) {
                /* The cell's content, up to </c>. */
                const char *cend = q, *s2, *n2, *a2, *q2 = q;
                size_t l2, al2;
                bool cl2, em2;
                while ((q2 = next_tag(cend, end, &s2, &n2, &l2, &a2, &al2, &cl2, &em2)) && !(cl2 && is(n2, l2, "c")))
                    cend = q2;
                if (!q2) return unreadable(err, "ô không đóng");
                buf b = {0};
                bool ok = true;
                if (t && !strcmp(t, "inlineStr")) {
                    ok = texts(&b, q, s2);
                } else {
                    /* <v>…</v> */
                    const char *vs = q, *ss2, *nn, *aa, *vq;
                    size_t ll, al;
                    bool cc, ee;
                    while ((vq = next_tag(vs, s2, &ss2, &nn, &ll, &aa, &al, &cc, &ee)) &&
                           !(is(nn, ll, "v") && !cc && !ee))
                        vs = vq;
                    if (vq) {
                        const char *ve = memchr(vq, '<', (size_t)(s2 - vq));
                        if (!ve)
                            ok = false;
                        else
                            ok = put_text(&b, vq, (size_t)(ve - vq));
                    }
                    if (ok && t && !strcmp(t, "s")) {
                        char *endn;
                        const char *txt = b.data ? b.data : "";
                        unsigned long k = strtoul(txt, &endn, 10);
                        if (!*txt || *endn || k >= nss)
                            ok = false;
                        else {
                            buf_reset(&b);
                            buf_puts(&b, ss[k]);
                        }
                    }
                }
                value = ok ? arena_strndup(a, b.data ? b.data : "", b.len) : NULL;
                buf_free(&b);
                if (!value) return unreadable(err, "nội dung ô hỏng");
                q = q2;
            }
            /* Columns skipped are empty cells. */
            while (ncells < col) {
                if (ncells == capc) {
                    if (!capc) {
                        capc = 16;
                        cells = arena_alloc(a, capc * sizeof *cells);
                    } else {
                        cells = arena_grow(a, cells, &capc, sizeof *cells);
                    }
                }
                cells[ncells++] = "";
            }
            cells[col - 1] = value;
        }
        p = q;
    }
    *rows = rs.v;
    *nrows = rs.n;
    return MC_OK;
}
