/* xlsx_read.h - reads the cells of an .xlsx workbook's first worksheet, as
 * text, with strict limits (a workbook is untrusted input).
 *
 * An .xlsx file is a ZIP archive of XML parts. This reader takes the ZIP's
 * central directory (no ZIP64, no encryption, entries stored or deflated),
 * inflates with zlib only the parts it needs (xl/sharedStrings.xml and the
 * first worksheet: xl/worksheets/sheet1.xml, else the first part of
 * xl/worksheets/ by name), checks each one's CRC-32, and never inflates
 * more than the limits allow, whatever sizes the archive declares: a "zip
 * bomb" is refused with a 413. Cells: shared strings (t="s"), inline strings
 * (t="inlineStr", rich text runs joined), formula results kept as text
 * (t="str"), numbers and booleans as written in <v>; formulas themselves are
 * never evaluated. Only the five XML entities and numeric character
 * references are decoded; invalid UTF-8 is refused. */
#ifndef MC_XLSX_READ_H
#define MC_XLSX_READ_H

#include <stddef.h>

#include "arena.h"
#include "err.h"

/** Limits of one read. */
typedef struct {
    size_t max_entries;  /**< entries in the archive's directory (default 256) */
    size_t max_inflated; /**< bytes inflated in all, over the parts read (default 16 MiB) */
    size_t max_rows;     /**< rows with a cell (default 100000) */
    size_t max_cols;     /**< the last column a row may use (default 512) */
} xlsx_read_limits;

/** The defaults above. */
xlsx_read_limits xlsx_read_limits_default(void);

/** One row: its cells from column A to its last cell (missing cells are ""), and its number. */
typedef struct {
    const char **cells;
    size_t n;
    int row; /**< 1-based, as in the sheet */
} xlsx_row;

/** Reads data[0..len) into rows (in the arena), in sheet order, rows without a cell left out.
 *  MC_ERR_INVALID naming "file" when it is not a readable workbook; MC_ERR_TOO_LARGE past a limit. */
mc_err xlsx_read(arena *a, const unsigned char *data, size_t len, const xlsx_read_limits *lim, xlsx_row **rows,
                 size_t *nrows, mc_error *err);

#endif
