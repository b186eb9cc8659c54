/* xlsx.c - report tables and lists as .xlsx workbooks (xlsx.h). */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* A temporary path for the workbook; libxlsxwriter writes files only. */
static bool temp_path(char path[64]) {
    snprintf(path, 64, "/tmp/motcua-xlsx-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return false;
    close(fd);
    return true;
}

/* A new workbook in a temporary file (its path written to path); NULL with err set. */
static lxw_workbook *open_book(char path[64], mc_error *err) {
    if (!temp_path(path)) {
        mc_fail(err, MC_ERR_INTERNAL, NULL, "Không tạo được tệp tạm.", "mkstemp failed.");
        return NULL;
    }
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        mc_fail(err, MC_ERR_INTERNAL, NULL, "Không tạo được tệp Excel.", "workbook_new failed.");
    }
    return wb;
}

/* Closes the workbook and moves the file's bytes into out. */
static mc_err finish(lxw_workbook *wb, const char *path, buf *out, mc_error *err) {
    lxw_error rc = workbook_close(wb);
    FILE *f = rc == LXW_NO_ERROR ? fopen(path, "rb") : NULL;
    if (f) {
        char chunk[16384];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, n);
        fclose(f);
    }
    unlink(path);
    if (!f)
        return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không tạo được tệp Excel (%s).", "libxlsxwriter: %s.",
                        lxw_strerror(rc), lxw_strerror(rc));
    return MC_OK;
}

static lxw_format *fmt(lxw_workbook *wb, bool bold, bool border, bool center, bool wrap, int size) {
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    if (bold) format_set_bold(f);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (center) {
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    }
    if (wrap) format_set_text_wrap(f);
    return f;
}

mc_err xlsx_write(const xlsx_table *t, buf *out, mc_error *err) {
    char path[64];
    lxw_workbook *wb = open_book(path, err);
    if (!wb) return err->code;
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
    lxw_format *title = fmt(wb, true, false, true, false, 14), *sub = fmt(wb, false, false, true, false, 12);
    lxw_format *head = fmt(wb, true, true, true, true, 11), *label = fmt(wb, false, true, false, true, 11);
    lxw_format *num = fmt(wb, false, true, false, false, 11), *tlabel = fmt(wb, true, true, false, false, 11);
    lxw_format *tnum = fmt(wb, true, true, false, false, 11);
    format_set_num_format(num, "#,##0");
    format_set_num_format(tnum, "#,##0");
    lxw_col_t last = (lxw_col_t)t->ncols;
    worksheet_merge_range(ws, 0, 0, 0, last, t->title, title);
    if (t->subtitle) worksheet_merge_range(ws, 1, 0, 1, last, t->subtitle, sub);
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, last, 13, NULL);
    worksheet_set_row(ws, 4, 45, NULL);
    /* Two header rows: the groups over their columns, then each column. */
    worksheet_merge_range(ws, 3, 0, 4, 0, t->first_header, head);
    lxw_col_t c = 1;
    for (size_t g = 0; g < t->ngroups; g++) {
        lxw_col_t end = c + (lxw_col_t)t->groups[g].span - 1;
        if (t->groups[g].name && *t->groups[g].name) {
            if (end > c)
                worksheet_merge_range(ws, 3, c, 3, end, t->groups[g].name, head);
            else
                worksheet_write_string(ws, 3, c, t->groups[g].name, head);
            for (lxw_col_t k = c; k <= end; k++) worksheet_write_string(ws, 4, k, t->columns[k - 1], head);
        } else {
            for (lxw_col_t k = c; k <= end; k++) worksheet_merge_range(ws, 3, k, 4, k, t->columns[k - 1], head);
        }
        c = end + 1;
    }
    lxw_row_t r = 5;
    for (size_t i = 0; i < t->nrows; i++, r++) {
        worksheet_write_string(ws, r, 0, t->labels[i] ? t->labels[i] : "", label);
        for (size_t k = 0; k < t->ncols; k++)
            worksheet_write_number(ws, r, (lxw_col_t)(k + 1), (double)t->values[i * t->ncols + k], num);
    }
    if (t->total) {
        worksheet_write_string(ws, r, 0, t->total_label ? t->total_label : "Tổng cộng", tlabel);
        for (size_t k = 0; k < t->ncols; k++)
            worksheet_write_number(ws, r, (lxw_col_t)(k + 1), (double)t->total[k], tnum);
    }
    worksheet_freeze_panes(ws, 5, 1);
    return finish(wb, path, out, err);
}

/* One list on a new sheet of wb; false when the sheet's name is refused (too long, taken). */
static bool add_list(lxw_workbook *wb, const xlsx_list *l) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, l->sheet);
    if (!ws) return false;
    lxw_format *title = fmt(wb, true, false, true, false, 14), *sub = fmt(wb, false, false, true, false, 12);
    lxw_format *head = fmt(wb, true, true, true, true, 11), *text = fmt(wb, false, true, false, true, 11);
    lxw_format *num = fmt(wb, false, true, false, false, 11);
    lxw_col_t last = (lxw_col_t)(l->ncols ? l->ncols - 1 : 0);
    worksheet_merge_range(ws, 0, 0, 0, last, l->title, title);
    if (l->subtitle) worksheet_merge_range(ws, 1, 0, 1, last, l->subtitle, sub);
    for (size_t k = 0; k < l->ncols; k++) {
        worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, l->widths ? l->widths[k] : 18, NULL);
        worksheet_write_string(ws, 3, (lxw_col_t)k, l->columns[k], head);
    }
    for (size_t i = 0; i < l->nrows; i++)
        for (size_t k = 0; k < l->ncols; k++) {
            const char *v = l->cells[i * l->ncols + k];
            lxw_row_t r = (lxw_row_t)(4 + i);
            if (l->numeric && l->numeric[k] && v && *v)
                worksheet_write_number(ws, r, (lxw_col_t)k, atof(v), num);
            else
                worksheet_write_string(ws, r, (lxw_col_t)k, v ? v : "", text);
        }
    worksheet_freeze_panes(ws, 4, 0);
    return true;
}

mc_err xlsx_write_list(const xlsx_list *l, buf *out, mc_error *err) {
    return xlsx_write_lists(l, 1, out, err);
}

mc_err xlsx_write_lists(const xlsx_list *sheets, size_t n, buf *out, mc_error *err) {
    char path[64];
    lxw_workbook *wb = open_book(path, err);
    if (!wb) return err->code;
    for (size_t i = 0; i < n; i++)
        if (!add_list(wb, &sheets[i])) {
            workbook_close(wb);
            unlink(path);
            return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không tạo được trang tính \"%s\".", "Bad sheet name %s.",
                            sheets[i].sheet, sheets[i].sheet);
        }
    return finish(wb, path, out, err);
}
