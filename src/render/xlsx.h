/* xlsx.h - spreadsheets for supervisors (libxlsxwriter): a report table with
 * a title, merged group headers, a number for each column and a totals row;
 * and a plain list with a header row. Written to a temporary file, returned
 * as bytes. Every text cell, from the data or not, is a string cell
 * (worksheet_write_string / worksheet_merge_range): text beginning with "="
 * stays text and is never a formula. */
#ifndef MC_XLSX_H
#define MC_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/** A header over `span` number columns; an empty name makes each of its
 *  columns' own header span both header rows. */
typedef struct {
    const char *name;
    int span;
} xlsx_group;

/** A report: one label column, then ncols number columns. */
typedef struct {
    const char *sheet, *title, *subtitle, *first_header;
    const xlsx_group *groups;
    size_t ngroups;
    const char *const *columns;
    size_t ncols;
    const char **labels;   /**< nrows */
    const int64_t *values; /**< nrows × ncols */
    size_t nrows;
    const char *total_label;
    const int64_t *total; /**< ncols, or NULL for no totals row */
} xlsx_table;

/** Writes the report as an .xlsx workbook into out. */
mc_err xlsx_write(const xlsx_table *t, buf *out, mc_error *err);

/** A list: a title, a header row and rows of cells (text, or a number where
 *  numeric[col]). */
typedef struct {
    const char *sheet, *title, *subtitle;
    const char *const *columns;
    const bool *numeric;
    const double *widths; /**< column widths in characters, or NULL */
    size_t ncols;
    const char *const *cells; /**< nrows × ncols */
    size_t nrows;
} xlsx_list;

/** Writes the list as an .xlsx workbook into out. */
mc_err xlsx_write_list(const xlsx_list *l, buf *out, mc_error *err);
/** Writes n lists as the n sheets of one .xlsx workbook (sheet names distinct, at most 31 characters). */
mc_err xlsx_write_lists(const xlsx_list *sheets, size_t n, buf *out, mc_error *err);

#endif
