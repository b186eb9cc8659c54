/* test_xlsx_read.c - the .xlsx reader (xlsx_read.h): a workbook written by libxlsxwriter read
 * back, shared and inline strings, gaps, entities; and what must be refused: not a ZIP, too many
 * entries, a part inflating past the limit (declared or not), a bad CRC, truncation. */
#include <zlib.h>

#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "xlsx.h"
#include "xlsx_read.h"

/* A ZIP of the given parts (deflated unless stored), built by hand; `lie` declares part 0 smaller
 * than it is; `bad_crc` spoils part 0's CRC. */
typedef struct {
    const char *name, *data;
    size_t len;
} part;

static void put16(buf *b, unsigned v) {
    unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    buf_append(b, x, 2);
}

static void put32(buf *b, unsigned long v) {
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    buf_append(b, x, 4);
}

static buf make_zip(const part *p, size_t n, bool stored, size_t lie, bool bad_crc) {
    buf out = {0}, cd = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned long crc = crc32(0, (const Bytef *)p[i].data, (uInt)p[i].len) ^ (bad_crc && !i ? 1 : 0);
        unsigned char *c = malloc(p[i].len + 64 + p[i].len / 100);
        size_t clen;
        if (stored) {
            memcpy(c, p[i].data, p[i].len);
            clen = p[i].len;
        } else {
            z_stream zs = {0};
            deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
            zs.next_in = (Bytef *)p[i].data;
            zs.avail_in = (uInt)p[i].len;
            zs.next_out = c;
            zs.avail_out = (uInt)(p[i].len + 64 + p[i].len / 100);
            assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
            clen = zs.total_out;
            deflateEnd(&zs);
        }
        size_t usize = lie && !i ? lie : p[i].len, off = out.len, nl = strlen(p[i].name);
        put32(&out, 0x04034b50), put16(&out, 20), put16(&out, 0), put16(&out, stored ? 0 : 8), put16(&out, 0),
            put16(&out, 0);
        put32(&out, crc), put32(&out, clen), put32(&out, usize), put16(&out, (unsigned)nl), put16(&out, 0);
        buf_append(&out, p[i].name, nl);
        buf_append(&out, c, clen);
        put32(&cd, 0x02014b50), put16(&cd, 20), put16(&cd, 20), put16(&cd, 0), put16(&cd, stored ? 0 : 8),
            put16(&cd, 0);
        put16(&cd, 0), put32(&cd, crc), put32(&cd, clen), put32(&cd, usize), put16(&cd, (unsigned)nl), put16(&cd, 0);
        put16(&cd, 0), put16(&cd, 0), put16(&cd, 0), put32(&cd, 0), put32(&cd, off);
        buf_append(&cd, p[i].name, nl);
        free(c);
    }
    size_t cd_off = out.len;
    buf_append(&out, cd.data, cd.len);
    put32(&out, 0x06054b50), put16(&out, 0), put16(&out, 0), put16(&out, (unsigned)n), put16(&out, (unsigned)n);
    put32(&out, cd.len), put32(&out, cd_off), put16(&out, 0);
    buf_free(&cd);
    return out;
}

static const char *SST = "<?xml version=\"1.0\"?><sst><si><t>don_vi</t></si><si><r><t>Q9</t></r><r><t>.15</t></r>"
                         "<rPh><t>x</t></rPh></si><si><t xml:space=\"preserve\"> a&amp;b &#x1EA1;</t></si></sst>";
static const char *SHEET = "<?xml version=\"1.0\"?><worksheet><sheetData>"
                           "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
                           "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>01273</t></is></c><c r=\"C3\"><v>4</v></c>"
                           "<c r=\"D3\" t=\"s\"><v>2</v></c><c r=\"E3\"/></row>"
                           "<row r=\"4\"></row></sheetData></worksheet>";

static mc_err read_zip(arena *a, buf *z, xlsx_row **rows, size_t *n, const xlsx_read_limits *lim) {
    mc_error err;
    return xlsx_read(a, (const unsigned char *)z->data, z->len, lim, rows, n, &err);
}

static void hand_made(void **state) {
    (void)state;
    arena *a = arena_create();
    part p[] = {{"xl/worksheets/sheet1.xml", SHEET, strlen(SHEET)}, {"xl/sharedStrings.xml", SST, strlen(SST)}};
    for (int stored = 0; stored < 2; stored++) {
        buf z = make_zip(p, 2, stored, 0, false);
        xlsx_row *rows;
        size_t n;
        assert_int_equal(read_zip(a, &z, &rows, &n, NULL), MC_OK);
        assert_int_equal(n, 2);
        assert_int_equal(rows[0].row, 1);
        assert_int_equal(rows[0].n, 2);
        assert_string_equal(rows[0].cells[0], "don_vi");
        assert_string_equal(rows[0].cells[1], "Q9.15"); /* runs joined, the phonetic run left out */
        assert_int_equal(rows[1].row, 3);
        assert_int_equal(rows[1].n, 5);
        assert_string_equal(rows[1].cells[0], "01273");
        assert_string_equal(rows[1].cells[1], "");
        assert_string_equal(rows[1].cells[2], "4");
        assert_string_equal(rows[1].cells[3], " a&b ạ");
        assert_string_equal(rows[1].cells[4], "");
        buf_free(&z);
    }
    arena_free(a);
}

static void refused(void **state) {
    (void)state;
    arena *a = arena_create();
    xlsx_row *rows;
    size_t n;
    mc_error err;
    /* Not a ZIP. */
    assert_int_equal(xlsx_read(a, (const unsigned char *)"hello", 5, NULL, &rows, &n, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "file");
    /* A part inflating past the limit, declared honestly: refused before inflating. */
    size_t big = 1u << 20;
    char *zeros = malloc(big + 1);
    memset(zeros, ' ', big);
    zeros[big] = 0;
    memcpy(zeros, "<worksheet>", 11);
    part bomb[] = {{"xl/worksheets/sheet1.xml", zeros, big}};
    buf z = make_zip(bomb, 1, false, 0, false);
    assert_true(z.len < big / 100);
    xlsx_read_limits lim = xlsx_read_limits_default();
    lim.max_inflated = big / 2;
    assert_int_equal(read_zip(a, &z, &rows, &n, &lim), MC_ERR_TOO_LARGE);
    buf_free(&z);
    /* Declared small but inflating more: stopped at the declared size. */
    z = make_zip(bomb, 1, false, 1000, false);
    assert_int_equal(read_zip(a, &z, &rows, &n, &lim), MC_ERR_INVALID);
    buf_free(&z);
    free(zeros);
    /* A bad CRC. */
    part p[] = {{"xl/worksheets/sheet1.xml", SHEET, strlen(SHEET)}, {"xl/sharedStrings.xml", SST, strlen(SST)}};
    z = make_zip(p, 2, false, 0, true);
    assert_int_equal(read_zip(a, &z, &rows, &n, NULL), MC_ERR_INVALID);
    buf_free(&z);
    /* Too many entries. */
    z = make_zip(p, 2, true, 0, false);
    lim = xlsx_read_limits_default();
    lim.max_entries = 1;
    assert_int_equal(read_zip(a, &z, &rows, &n, &lim), MC_ERR_TOO_LARGE);
    /* Truncated anywhere: never a crash, always refused. */
    for (size_t cut = 0; cut < z.len; cut += 7) {
        mc_err e = xlsx_read(a, (const unsigned char *)z.data, cut, NULL, &rows, &n, &err);
        assert_true(e == MC_ERR_INVALID || e == MC_OK);
    }
    buf_free(&z);
    /* A shared string index out of range; no worksheet. */
    const char *sheet2 =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>9</v></c></row></sheetData></worksheet>";
    part q[] = {{"xl/worksheets/sheet1.xml", sheet2, strlen(sheet2)}, {"xl/sharedStrings.xml", SST, strlen(SST)}};
    z = make_zip(q, 2, true, 0, false);
    assert_int_equal(read_zip(a, &z, &rows, &n, NULL), MC_ERR_INVALID);
    buf_free(&z);
    part r[] = {{"xl/sharedStrings.xml", SST, strlen(SST)}};
    z = make_zip(r, 1, true, 0, false);
    assert_int_equal(read_zip(a, &z, &rows, &n, NULL), MC_ERR_INVALID);
    buf_free(&z);
    arena_free(a);
}

static void written_by_libxlsxwriter(void **state) {
    (void)state;
    const char *cols[] = {"Mã", "Tên đơn vị", "Số"};
    const bool numeric[] = {false, false, true};
    const char *cells[] = {"01273", "=HYPERLINK(\"x\")", "40", "01279", "Phường Nùng Trí Cao", "33"};
    xlsx_list l = {.sheet = "S",
                   .title = "Tiêu đề",
                   .subtitle = NULL,
                   .columns = cols,
                   .numeric = numeric,
                   .ncols = 3,
                   .cells = cells,
                   .nrows = 2};
    buf out = {0};
    mc_error err;
    assert_int_equal(xlsx_write_list(&l, &out, &err), MC_OK);
    arena *a = arena_create();
    xlsx_row *rows;
    size_t n;
    assert_int_equal(read_zip(a, &out, &rows, &n, NULL), MC_OK);
    assert_true(n >= 3);
    const xlsx_row *last = &rows[n - 1], *prev = &rows[n - 2];
    assert_string_equal(prev->cells[1], "=HYPERLINK(\"x\")"); /* text, as written */
    assert_string_equal(last->cells[1], "Phường Nùng Trí Cao");
    assert_string_equal(last->cells[2], "33");
    buf_free(&out);
    arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(hand_made), cmocka_unit_test(refused),
                                       cmocka_unit_test(written_by_libxlsxwriter)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
