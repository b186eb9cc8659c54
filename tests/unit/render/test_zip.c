/* test_zip.c - the ZIP writer, read back by the project's own strict reader (xlsx_read: central
 * directory, CRC-32, inflate) and checked byte by byte where the format is fixed. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "xlsx_read.h"
#include "zip.h"

static const char SHARED[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst><si><t>Tiếp nhận</t></si>"
                             "<si><t>Đúng hạn</t></si></sst>";
static const char SHEET[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet><sheetData>"
                            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>125</v></c></row>"
                            "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\"><v>98</v></c></row>"
                            "</sheetData></worksheet>";

static void build(bool store, buf *out) {
    zip_writer *z = zip_create();
    mc_error err;
    assert_int_equal(zip_add(z, "[Content_Types].xml", "<Types/>", 8, true, &err), MC_OK);
    assert_int_equal(zip_add(z, "xl/sharedStrings.xml", SHARED, strlen(SHARED), store, &err), MC_OK);
    assert_int_equal(zip_add(z, "xl/worksheets/sheet1.xml", SHEET, strlen(SHEET), store, &err), MC_OK);
    assert_int_equal(zip_finish(z, out, &err), MC_OK);
    zip_free(z);
}

static void read_back(bool store) {
    buf b = {0};
    build(store, &b);
    arena *a = arena_create();
    xlsx_row *rows;
    size_t n;
    mc_error err;
    assert_int_equal(xlsx_read(a, (const unsigned char *)b.data, b.len, NULL, &rows, &n, &err), MC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].cells[0], "Tiếp nhận");
    assert_string_equal(rows[0].cells[1], "125");
    assert_string_equal(rows[1].cells[0], "Đúng hạn");
    assert_string_equal(rows[1].cells[1], "98");
    arena_free(a);
    buf_free(&b);
}

static void deflated_entries_read_back(void **state) {
    (void)state;
    read_back(false);
}

static void stored_entries_read_back(void **state) {
    (void)state;
    read_back(true);
}

static void fixed_layout_and_same_bytes(void **state) {
    (void)state;
    buf a = {0}, b = {0};
    build(false, &a);
    build(false, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len); /* no clock in the bytes */
    /* A local header first, the end record last with 3 entries. */
    assert_memory_equal(a.data, "PK\x03\x04", 4);
    const unsigned char *end = (const unsigned char *)a.data + a.len - 22;
    assert_memory_equal(end, "PK\x05\x06", 4);
    assert_int_equal(end[10] | end[11] << 8, 3);
    /* The stored entry's bytes are there as given, right after its header and name. */
    assert_memory_equal(a.data + 30 + strlen("[Content_Types].xml"), "<Types/>", 8);
    /* Deflated, the archive is smaller than with every part stored. */
    buf st = {0};
    build(true, &st);
    assert_true(a.len < st.len);
    buf_free(&st);
    buf_free(&a);
    buf_free(&b);
}

static void bad_names_refused(void **state) {
    (void)state;
    zip_writer *z = zip_create();
    mc_error err;
    assert_int_equal(zip_add(z, "", "x", 1, false, &err), MC_ERR_INVALID);
    assert_int_equal(zip_add(z, "/etc/passwd", "x", 1, false, &err), MC_ERR_INVALID);
    assert_int_equal(zip_add(z, "word/../../x", "x", 1, false, &err), MC_ERR_INVALID);
    assert_int_equal(zip_add(z, "word/document.xml", "", 0, false, &err), MC_OK);
    zip_free(z);
    zip_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deflated_entries_read_back), cmocka_unit_test(stored_entries_read_back),
        cmocka_unit_test(fixed_layout_and_same_bytes), cmocka_unit_test(bad_names_refused)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
