/* fuzz_xlsx_read.c - libFuzzer target for the .xlsx reader (xlsx_read.h).
 *
 * Input: the bytes of a would-be workbook, read with small limits (so that
 * every 413 path is reachable). Checks after each input: errors name "file"
 * with a Vietnamese message; on success, rows come in increasing order, each
 * with at most max_cols cells, every cell valid UTF-8, and no more rows than
 * the limit; nothing ever inflates past max_inflated (the reader's budget).
 *
 *   make fuzz
 *   mkdir -p /tmp/xlsx-corpus
 *   build/fuzz/fuzz_xlsx_read -max_total_time=60 /tmp/xlsx-corpus tests/fuzz/corpus/xlsx_read
 *
 * The seeds (tests/fuzz/corpus/xlsx_read) are small workbooks: written by
 * Python's zipfile (deflated and stored), by libxlsxwriter, and a few broken
 * ones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "text.h"
#include "xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                   \
    do {                                                                           \
        if (!(c)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                               \
        }                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    arena *a = arena_create();
    xlsx_read_limits lim = {.max_entries = 16, .max_inflated = 1 << 16, .max_rows = 64, .max_cols = 32};
    xlsx_row *rows;
    size_t n;
    mc_error err;
    mc_err e = xlsx_read(a, data, size, &lim, &rows, &n, &err);
    if (e) {
        CHECK(e == MC_ERR_INVALID || e == MC_ERR_TOO_LARGE);
        CHECK(err.code == e && !strcmp(err.field, "file"));
        CHECK(err.message[0] && text_valid_utf8(err.message, strlen(err.message)));
    } else {
        CHECK(n <= lim.max_rows);
        for (size_t i = 0; i < n; i++) {
            CHECK(rows[i].n >= 1 && rows[i].n <= lim.max_cols);
            CHECK(i == 0 || rows[i].row > rows[i - 1].row);
            for (size_t k = 0; k < rows[i].n; k++) {
                CHECK(rows[i].cells[k]);
                size_t len = strlen(rows[i].cells[k]);
                CHECK(len <= lim.max_inflated);
                CHECK(text_valid_utf8(rows[i].cells[k], len));
            }
        }
    }
    arena_free(a);
    return 0;
}
