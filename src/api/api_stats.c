/* api_stats.c - /api/v1/stats/processing: report II.06a for a unit and period. */
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "stats.h"
#include "units.h"

static json_t *row_json(const stats_row *r) {
    return json_pack("{s:s, s:s, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:I}", "key", r->key,
                     "label", r->label ? r->label : "", "received", "total", (json_int_t)r->received, "carried_over",
                     (json_int_t)r->carried_over, "online", (json_int_t)r->new_online, "direct_postal",
                     (json_int_t)r->new_direct, "resolved", "total", (json_int_t)r->resolved, "early",
                     (json_int_t)r->early, "on_time", (json_int_t)r->on_time, "late", (json_int_t)r->late, "pending",
                     "total", (json_int_t)r->pending, "on_time", (json_int_t)r->pending_on_time, "overdue",
                     (json_int_t)r->pending_overdue, "paused", (json_int_t)r->paused);
}

mc_err api_stats_processing(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    const char *code = api_query(r, "unit");
    if (!code || !*code) code = u->unit_code;
    if (!code)
        return mc_fail(err, MC_ERR_INVALID, "unit", "Vui lòng chọn đơn vị báo cáo.", "unit is required.");
    org_unit un;
    if ((e = units_get(store_reader(r->app->st), r->a, code, &un, err))) {
        if (e == MC_ERR_NOT_FOUND) e = mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", code);
        return e;
    }
    if ((e = api_require(r, ACT_REPORT_READ, un.path, NULL, err))) return e;
    mc_time now = time_now();
    int y, m, d;
    day_to_ymd(time_local_day(now), &y, &m, &d);
    mc_day from = day_from_ymd(y, m, 1), to = day_from_ymd(y, m, ymd_month_days(y, m));
    const char *fs = api_query(r, "from"), *ts = api_query(r, "to"), *gs = api_query(r, "group");
    if (fs && *fs && !day_parse(fs, &from))
        return mc_fail(err, MC_ERR_INVALID, "from", "Ngày bắt đầu phải có dạng YYYY-MM-DD.", "from: YYYY-MM-DD.");
    if (ts && *ts && !day_parse(ts, &to))
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc phải có dạng YYYY-MM-DD.", "to: YYYY-MM-DD.");
    int g = gs && *gs ? stats_group_parse(gs) : STATS_BY_UNIT;
    if (g < 0)
        return mc_fail(err, MC_ERR_INVALID, "group", "Nhóm theo phải là unit, field hoặc procedure.",
                       "group must be unit, field or procedure.");
    stats_row *rows, total;
    size_t n;
    if ((e = stats_ii06a(store_reader(r->app->st), r->a, un.path, from, to, now, (stats_group)g, &rows, &n, &total, err)))
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, row_json(&rows[i]));
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return api_reply(r, 200, json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:o, s:o}", "report",
                                       "Biểu II.06a: Tình hình, kết quả giải quyết thủ tục hành chính", "unit", "code",
                                       un.code, "name", un.name, "from", f, "to", t, "group", gs && *gs ? gs : "unit",
                                       "rows", items, "total", row_json(&total)));
}
