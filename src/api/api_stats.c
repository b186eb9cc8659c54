/* api_stats.c - /api/v1/stats/processing: report II.06a for a unit and period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "csv.h"
#include "dossier.h"
#include "timeutil.h"
#include "stats.h"
#include "xlsx.h"
#include "units.h"

static json_t *row_json(const stats_row *r) {
    return json_pack("{s:s, s:s, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:I}", "key",
                     r->key, "label", r->label ? r->label : "", "received", "total", (json_int_t)r->received,
                     "carried_over", (json_int_t)r->carried_over, "online", (json_int_t)r->new_online, "direct_postal",
                     (json_int_t)r->new_direct, "resolved", "total", (json_int_t)r->resolved, "early",
                     (json_int_t)r->early, "on_time", (json_int_t)r->on_time, "late", (json_int_t)r->late, "pending",
                     "total", (json_int_t)r->pending, "on_time", (json_int_t)r->pending_on_time, "overdue",
                     (json_int_t)r->pending_overdue, "paused", (json_int_t)r->paused);
}

mc_err api_report_unit(api_req *r, org_unit *unit, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if ((e = api_query_unit(r, u, "Vui lòng chọn đơn vị báo cáo.", unit, err))) return e;
    return api_require(r, ACT_REPORT_READ, unit->path, NULL, err);
}

mc_err api_query_unit(api_req *r, const user *u, const char *missing_vi, org_unit *unit, mc_error *err) {
    const char *code = api_query(r, "unit");
    if (!code || !*code) code = u->unit_code;
    if (!code) return mc_fail(err, MC_ERR_INVALID, "unit", missing_vi, "unit is required.");
    mc_err e = units_get(store_reader(r->app->st), r->a, code, unit, err);
    if (e == MC_ERR_NOT_FOUND)
        e = mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", code);
    return e;
}

mc_err api_report_period(api_req *r, mc_day *from, mc_day *to, mc_error *err) {
    int y, m, d;
    day_to_ymd(time_local_day(time_now()), &y, &m, &d);
    *from = day_from_ymd(y, m, 1);
    *to = day_from_ymd(y, m, ymd_month_days(y, m));
    const char *fs = api_query(r, "from"), *ts = api_query(r, "to");
    if (fs && *fs && !day_parse(fs, from))
        return mc_fail(err, MC_ERR_INVALID, "from", "Ngày bắt đầu phải có dạng YYYY-MM-DD.", "from: YYYY-MM-DD.");
    if (ts && *ts && !day_parse(ts, to))
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc phải có dạng YYYY-MM-DD.", "to: YYYY-MM-DD.");
    if (*to < *from) return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc trước ngày bắt đầu.", "to before from.");
    return MC_OK;
}

mc_err api_report_period_max(api_req *r, mc_day max_days, mc_day *from, mc_day *to, mc_error *err) {
    mc_err e = api_report_period(r, from, to, err);
    if (!e && *to - *from > max_days)
        e = mc_fail(err, MC_ERR_INVALID, "to", "Kỳ thống kê dài tối đa 10 năm.", "The period is at most 10 years.");
    return e;
}

/* Report II.06a as asked by the query (unit, from, to, group). */
typedef struct {
    org_unit unit;
    mc_day from, to;
    const char *group;
    stats_row *rows, total;
    size_t n;
} report;

static mc_err build(api_req *r, report *rep, mc_error *err) {
    mc_err e = api_report_unit(r, &rep->unit, err);
    if (!e) e = api_report_period(r, &rep->from, &rep->to, err);
    if (e) return e;
    mc_time now = time_now();
    const char *gs = api_query(r, "group");
    int g = gs && *gs ? stats_group_parse(gs) : STATS_BY_UNIT;
    if (g < 0)
        return mc_fail(err, MC_ERR_INVALID, "group", "Nhóm theo phải là unit, field hoặc procedure.",
                       "group must be unit, field or procedure.");
    rep->group = gs && *gs ? gs : "unit";
    return stats_ii06a(store_reader(r->app->st), r->a, rep->unit.path, rep->from, rep->to, now, (stats_group)g,
                       &rep->rows, &rep->n, &rep->total, err);
}

#define REPORT_TITLE "Biểu II.06a: Tình hình, kết quả giải quyết thủ tục hành chính"

mc_err api_stats_processing(api_req *r, mc_error *err) {
    report rep;
    mc_err e = build(r, &rep, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < rep.n; i++) json_array_append_new(items, row_json(&rep.rows[i]));
    char f[11], t[11];
    day_format(rep.from, f);
    day_format(rep.to, t);
    return api_reply(r, 200,
                     json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:o, s:o}", "report", REPORT_TITLE, "unit", "code",
                               rep.unit.code, "name", rep.unit.name, "from", f, "to", t, "group", rep.group, "rows",
                               items, "total", row_json(&rep.total)));
}

/* The numbers of a row in the order of the table's columns. */
static void numbers(const stats_row *s, int64_t v[12]) {
    int64_t w[12] = {s->received, s->carried_over, s->new_online, s->new_direct,      s->resolved,        s->early,
                     s->on_time,  s->late,         s->pending,    s->pending_on_time, s->pending_overdue, s->paused};
    memcpy(v, w, sizeof w);
}

static const char *const columns[12] = {
    "Tổng số hồ sơ nhận",      "Kỳ trước chuyển sang",      "Nhận trực tuyến",         "Nhận trực tiếp, bưu chính",
    "Tổng số đã giải quyết",   "Giải quyết trước hạn",      "Giải quyết đúng hạn",     "Giải quyết quá hạn",
    "Tổng số đang giải quyết", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn", "Tạm dừng"};

static void dmy(mc_day d, char out[11]) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    snprintf(out, 11, "%02d/%02d/%04d", dd, m, y);
}

mc_err api_stats_processing_csv(api_req *r, mc_error *err) {
    report rep;
    mc_err e = build(r, &rep, err);
    if (e) return e;
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF"); /* UTF-8 BOM: Excel reads the marks right */
    /* Every text cell quoted and guarded against formulas (csv_put_field); the counts bare. */
    csv_put_field(&b, "Mã");
    buf_putc(&b, ',');
    csv_put_field(&b, "Đơn vị / nhóm");
    for (int k = 0; k < 12; k++) {
        buf_putc(&b, ',');
        csv_put_field(&b, columns[k]);
    }
    buf_puts(&b, "\r\n");
    for (size_t i = 0; i <= rep.n; i++) {
        const stats_row *s = i < rep.n ? &rep.rows[i] : &rep.total;
        csv_put_field(&b, i < rep.n ? s->key : "");
        buf_putc(&b, ',');
        csv_put_field(&b, i < rep.n ? (s->label ? s->label : "") : "Tổng cộng");
        int64_t v[12];
        numbers(s, v);
        for (int k = 0; k < 12; k++) buf_printf(&b, ",%lld", (long long)v[k]);
        buf_puts(&b, "\r\n");
    }
    char f[11];
    day_format(rep.from, f);
    r->file_name = arena_printf(r->a, "bieu-II06a-%s-%s.csv", rep.unit.code, f);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

mc_err api_stats_processing_xlsx(api_req *r, mc_error *err) {
    report rep;
    mc_err e = build(r, &rep, err);
    if (e) return e;
    char f[11], t[11];
    dmy(rep.from, f);
    dmy(rep.to, t);
    buf out = {0};
    const char *headers[12];
    memcpy(headers, columns, sizeof headers);
    xlsx_table tab = {.sheet = "II.06a",
                      .title = REPORT_TITLE,
                      .subtitle =
                          arena_printf(r->a, "Đơn vị: %s. Kỳ báo cáo: từ ngày %s đến ngày %s.", rep.unit.name, f, t),
                      .first_header = "Đơn vị / nhóm"};
    static const xlsx_group groups[] = {{"Số hồ sơ nhận", 4}, {"Đã giải quyết", 4}, {"Đang giải quyết", 3}, {"", 1}};
    tab.groups = groups;
    tab.ngroups = 4;
    tab.columns = headers;
    tab.ncols = 12;
    tab.nrows = rep.n;
    tab.labels = arena_alloc(r->a, (rep.n + 1) * sizeof *tab.labels);
    int64_t *values = arena_alloc(r->a, (rep.n + 1) * 12 * sizeof *values),
            *total = arena_alloc(r->a, 12 * sizeof *total);
    for (size_t i = 0; i < rep.n; i++) {
        tab.labels[i] = rep.rows[i].label ? rep.rows[i].label : rep.rows[i].key;
        numbers(&rep.rows[i], values + i * 12);
    }
    numbers(&rep.total, total);
    tab.values = values;
    tab.total = total;
    tab.total_label = "Tổng cộng";
    if ((e = xlsx_write(&tab, &out, err))) return e;
    r->file_name = arena_printf(r->a, "bieu-II06a-%s.xlsx", rep.unit.code);
    e = api_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.data, out.len);
    buf_free(&out);
    return e;
}

/* ---- late dossiers --------------------------------------------------------------------------- */

static const char *const late_columns[7] = {"Mã hồ sơ",        "Thủ tục",         "Người nộp",
                                            "Đơn vị đang giữ", "Hẹn trả kết quả", "Số ngày làm việc quá hạn",
                                            "Cán bộ đang giữ"};

/* The overdue dossiers of the unit asked for, as rows of 7 text cells. */
static mc_err late_rows(api_req *r, org_unit *unit, const char ***cells, size_t *n, mc_error *err) {
    mc_err e = api_report_unit(r, unit, err);
    if (e) return e;
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    ds_late *v;
    e = dossier_late(store_reader(r->app->st), r->a, h->cal, unit->path, time_now(), &v, n, err);
    app_calendar_release(r->app, h);
    if (e) return e;
    *cells = arena_alloc(r->a, (*n ? *n : 1) * 7 * sizeof **cells);
    for (size_t i = 0; i < *n; i++) {
        const dossier *d = &v[i].d;
        char due[17];
        time_format_vn(d->due_at, due);
        const char **row = *cells + i * 7;
        row[0] = d->code;
        row[1] = d->procedure_name;
        row[2] = d->applicant.name;
        row[3] = d->holder_unit_name;
        row[4] = arena_strdup(r->a, due);
        row[5] = arena_printf(r->a, "%d", v[i].days);
        row[6] = d->holder_name ? d->holder_name : "";
    }
    return MC_OK;
}

mc_err api_reports_late(api_req *r, mc_error *err) {
    org_unit unit;
    const char **cells;
    size_t n;
    mc_err e = late_rows(r, &unit, &cells, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const char **c = cells + i * 7;
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s?}", "code", c[0], "procedure", c[1],
                                               "applicant", c[2] ? c[2] : "", "holder_unit", c[3] ? c[3] : "", "due_at",
                                               c[4], "late_days", atoi(c[5]), "holder", *c[6] ? c[6] : NULL));
    }
    return api_reply(r, 200,
                     json_pack("{s:{s:s, s:s}, s:o, s:I}", "unit", "code", unit.code, "name", unit.name, "items", items,
                               "total", (json_int_t)n));
}

mc_err api_reports_late_csv(api_req *r, mc_error *err) {
    org_unit unit;
    const char **cells;
    size_t n;
    mc_err e = late_rows(r, &unit, &cells, &n, err);
    if (e) return e;
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    for (size_t i = 0; i <= n; i++) {
        for (int k = 0; k < 7; k++) {
            if (k) buf_putc(&b, ',');
            const char *v = i == 0 ? late_columns[k] : cells[(i - 1) * 7 + k];
            /* Text from the data quoted and guarded against formulas; the day count (ours) bare. */
            if (i > 0 && k == 5)
                buf_puts(&b, v);
            else
                csv_put_field(&b, v);
        }
        buf_puts(&b, "\r\n");
    }
    r->file_name = arena_printf(r->a, "ho-so-qua-han-%s.csv", unit.code);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

mc_err api_reports_late_xlsx(api_req *r, mc_error *err) {
    org_unit unit;
    const char **cells;
    size_t n;
    mc_err e = late_rows(r, &unit, &cells, &n, err);
    if (e) return e;
    char now[17];
    time_format_vn(time_now(), now);
    static const bool numeric[7] = {false, false, false, false, false, true, false};
    static const double widths[7] = {20, 44, 24, 26, 18, 14, 24};
    xlsx_list l = {"Quá hạn",
                   "Danh sách hồ sơ quá hạn",
                   arena_printf(r->a, "Đơn vị: %s. Tính đến %s.", unit.name, now),
                   late_columns,
                   numeric,
                   widths,
                   7,
                   cells,
                   n};
    buf out = {0};
    if ((e = xlsx_write_list(&l, &out, err))) return e;
    r->file_name = arena_printf(r->a, "ho-so-qua-han-%s.xlsx", unit.code);
    e = api_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.data, out.len);
    buf_free(&out);
    return e;
}
