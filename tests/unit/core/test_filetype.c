/* test_filetype.c - file types from content: magic numbers and ZIP entries. */
#include "testutil.h"

#include "buf.h"
#include "filetype.h"

/* A real 1×1 PNG (67 bytes). */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
    0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01,
    0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

/* The start of a JFIF JPEG: SOI, APP0 "JFIF". */
static const unsigned char jpeg_head[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',
                                          0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};

static void put16(buf *b, unsigned v) {
    unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    buf_append(b, c, 2);
}

static void put32(buf *b, unsigned long v) {
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    buf_append(b, c, 4);
}

/* Appends a ZIP local file header and its data, as a ZIP writer would.
 * method 0 = stored, 8 = deflated (the data is then just opaque bytes here).
 * With descriptor, sizes are 0 in the header and a data descriptor follows. */
static void zip_entry(buf *b, const char *name, unsigned method, const void *data, size_t n, bool descriptor) {
    put32(b, 0x04034b50);
    put16(b, 20);                    /* version needed */
    put16(b, descriptor ? 0x08 : 0); /* flags */
    put16(b, method);
    put16(b, 0x5A00); /* time */
    put16(b, 0x5C41); /* date */
    put32(b, descriptor ? 0 : 0x12345678);
    put32(b, descriptor ? 0 : n);
    put32(b, descriptor ? 0 : n);
    put16(b, (unsigned)strlen(name));
    put16(b, 0); /* extra */
    buf_puts(b, name);
    buf_append(b, data, n);
    if (descriptor) {
        put32(b, 0x08074b50);
        put32(b, 0x12345678);
        put32(b, n);
        put32(b, n);
    }
}

static filetype sniff_buf(const buf *b) {
    return filetype_sniff((const unsigned char *)b->data, b->len);
}

static void magic_numbers(void **state) {
    (void)state;
    const char *pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
    assert_int_equal(filetype_sniff((const unsigned char *)pdf, strlen(pdf)), FT_PDF);
    assert_int_equal(filetype_sniff(png_1x1, sizeof png_1x1), FT_PNG);
    assert_int_equal(filetype_sniff(jpeg_head, sizeof jpeg_head), FT_JPEG);
    /* Exactly as many bytes as the signature is enough. */
    assert_int_equal(filetype_sniff((const unsigned char *)"%PDF-", 5), FT_PDF);
    assert_int_equal(filetype_sniff(png_1x1, 8), FT_PNG);
    assert_int_equal(filetype_sniff(jpeg_head, 3), FT_JPEG);
}

static void truncated_and_foreign_heads(void **state) {
    (void)state;
    assert_int_equal(filetype_sniff(NULL, 0), FT_UNKNOWN);
    assert_int_equal(filetype_sniff(png_1x1, 0), FT_UNKNOWN);
    assert_int_equal(filetype_sniff(png_1x1, 7), FT_UNKNOWN);
    assert_int_equal(filetype_sniff(jpeg_head, 2), FT_UNKNOWN);
    assert_int_equal(filetype_sniff((const unsigned char *)"%PDF", 4), FT_UNKNOWN);
    /* A Windows executable, text that mentions a type, a PDF marker not at offset 0. */
    const unsigned char exe[] = {'M', 'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF};
    assert_int_equal(filetype_sniff(exe, sizeof exe), FT_UNKNOWN);
    const char *text = "Giấy chứng sinh.pdf\n%PDF-1.4 word/document.xml\n";
    assert_int_equal(filetype_sniff((const unsigned char *)text, strlen(text)), FT_UNKNOWN);
    const char *late = " %PDF-1.4\n";
    assert_int_equal(filetype_sniff((const unsigned char *)late, strlen(late)), FT_UNKNOWN);
    /* A PNG signature damaged in its last byte. */
    unsigned char bad_png[sizeof png_1x1];
    memcpy(bad_png, png_1x1, sizeof bad_png);
    bad_png[7] = 0x0B;
    assert_int_equal(filetype_sniff(bad_png, sizeof bad_png), FT_UNKNOWN);
}

static void office_documents(void **state) {
    (void)state;
    static const char deflated[] = "\x8d\x90\xcb\x6e\xc3\x20\x10\x45\xf7\xfd\x0a\xc4\xd6PK";
    /* DOCX as Word writes it: [Content_Types].xml, _rels/.rels, then word/. */
    buf b = {0};
    zip_entry(&b, "[Content_Types].xml", 8, deflated, sizeof deflated - 1, false);
    zip_entry(&b, "_rels/.rels", 8, deflated, sizeof deflated - 1, false);
    zip_entry(&b, "word/document.xml", 8, deflated, sizeof deflated - 1, false);
    assert_int_equal(sniff_buf(&b), FT_DOCX);
    /* Cut inside the third header's name: not recognised. */
    assert_int_equal(filetype_sniff((const unsigned char *)b.data, b.len - (sizeof deflated - 1) - 10), FT_UNKNOWN);
    buf_reset(&b);
    zip_entry(&b, "[Content_Types].xml", 8, deflated, sizeof deflated - 1, false);
    zip_entry(&b, "xl/workbook.xml", 8, deflated, sizeof deflated - 1, false);
    assert_int_equal(sniff_buf(&b), FT_XLSX);
    /* Streamed ZIP (sizes in data descriptors, as from a non-seekable writer). */
    buf_reset(&b);
    zip_entry(&b, "[Content_Types].xml", 8, deflated, sizeof deflated - 1, true);
    zip_entry(&b, "_rels/.rels", 8, deflated, sizeof deflated - 1, true);
    zip_entry(&b, "word/document.xml", 8, deflated, sizeof deflated - 1, true);
    assert_int_equal(sniff_buf(&b), FT_DOCX);
    /* ODT: "mimetype" first and stored. */
    static const char odt[] = "application/vnd.oasis.opendocument.text";
    buf_reset(&b);
    zip_entry(&b, "mimetype", 0, odt, sizeof odt - 1, false);
    zip_entry(&b, "content.xml", 8, deflated, sizeof deflated - 1, false);
    assert_int_equal(sniff_buf(&b), FT_ODT);
    /* The first entry alone is enough; cut inside its content it is not. */
    assert_int_equal(filetype_sniff((const unsigned char *)b.data, 30 + 8 + sizeof odt - 1), FT_ODT);
    assert_int_equal(filetype_sniff((const unsigned char *)b.data, 30 + 8 + sizeof odt - 2), FT_UNKNOWN);
    buf_free(&b);
}

static void zips_that_are_not_documents(void **state) {
    (void)state;
    static const char deflated[] = "\x8d\x90\xcb\x6e\xc3\x20\x10\x45";
    buf b = {0};
    /* A plain ZIP; "word/" inside a name but not at its start does not count. */
    zip_entry(&b, "readme.txt", 8, deflated, sizeof deflated - 1, false);
    zip_entry(&b, "docs/word/x.xml", 8, deflated, sizeof deflated - 1, false);
    zip_entry(&b, "xlsx.txt", 8, deflated, sizeof deflated - 1, false);
    assert_int_equal(sniff_buf(&b), FT_UNKNOWN);
    /* A spreadsheet in OpenDocument format (not ODT). */
    static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";
    buf_reset(&b);
    zip_entry(&b, "mimetype", 0, ods, sizeof ods - 1, false);
    assert_int_equal(sniff_buf(&b), FT_UNKNOWN);
    /* The ODT mime type, but compressed, or not the first entry. */
    static const char odt[] = "application/vnd.oasis.opendocument.text";
    buf_reset(&b);
    zip_entry(&b, "mimetype", 8, odt, sizeof odt - 1, false);
    assert_int_equal(sniff_buf(&b), FT_UNKNOWN);
    buf_reset(&b);
    zip_entry(&b, "a.txt", 0, "x", 1, false);
    zip_entry(&b, "mimetype", 0, odt, sizeof odt - 1, false);
    assert_int_equal(sniff_buf(&b), FT_UNKNOWN);
    /* An entry whose size points past the head, a header cut short. */
    buf_reset(&b);
    zip_entry(&b, "big.bin", 0, "xy", 2, false);
    b.data[18] = (char)0xFF; /* compressed size 255, past the end */
    zip_entry(&b, "word/document.xml", 8, deflated, sizeof deflated - 1, false);
    assert_int_equal(sniff_buf(&b), FT_UNKNOWN);
    assert_int_equal(filetype_sniff((const unsigned char *)"PK\x03\x04\x14\x00", 6), FT_UNKNOWN);
    /* Nothing beyond FILETYPE_SNIFF_MAX is looked at. */
    buf_reset(&b);
    char *pad = calloc(1, FILETYPE_SNIFF_MAX);
    assert_non_null(pad);
    zip_entry(&b, "padding.bin", 0, pad, FILETYPE_SNIFF_MAX, false);
    zip_entry(&b, "word/document.xml", 8, deflated, sizeof deflated - 1, false);
    assert_int_equal(sniff_buf(&b), FT_UNKNOWN);
    free(pad);
    buf_free(&b);
}

static void names_and_labels(void **state) {
    (void)state;
    assert_string_equal(filetype_mime(FT_PDF), "application/pdf");
    assert_string_equal(filetype_mime(FT_JPEG), "image/jpeg");
    assert_string_equal(filetype_mime(FT_DOCX),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_string_equal(filetype_mime(FT_UNKNOWN), "application/octet-stream");
    assert_string_equal(filetype_ext(FT_JPEG), "jpg");
    assert_string_equal(filetype_ext(FT_XLSX), "xlsx");
    assert_string_equal(filetype_ext(FT_UNKNOWN), "bin");
    assert_string_equal(filetype_label_vi(FT_PNG), "Ảnh PNG");
    for (int t = FT_UNKNOWN; t < FT__COUNT; t++) {
        assert_non_null(filetype_mime((filetype)t));
        assert_non_null(filetype_ext((filetype)t));
        assert_non_null(filetype_label_vi((filetype)t));
    }
    /* A value out of range reads as unknown. */
    assert_string_equal(filetype_ext((filetype)99), "bin");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(magic_numbers),    cmocka_unit_test(truncated_and_foreign_heads),
        cmocka_unit_test(office_documents), cmocka_unit_test(zips_that_are_not_documents),
        cmocka_unit_test(names_and_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
