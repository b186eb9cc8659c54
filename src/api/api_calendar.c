/* api_calendar.c - /api/v1/calendar: deadlines, elapsed working time,
 * holidays (decided and proposed) and their administration. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "calendar_store.h"

static const char *const weekday_vi[7] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};

/* Reads a required ISO 8601 instant parameter. */
static mc_err query_instant(api_req *r, const char *name, mc_time *out, mc_error *err) {
    const char *s = api_query(r, name);
    if (!s || !*s)
        return mc_failf(err, MC_ERR_INVALID, name, "Thiếu tham số %s (thời điểm dạng 2026-03-02T09:00:00+07:00).",
                        "Missing parameter %s (ISO 8601 instant).", name);
    if (!time_parse_iso8601(s, out))
        return mc_failf(err, MC_ERR_INVALID, name,
                        "Tham số %s không phải thời điểm hợp lệ (ví dụ: 2026-03-02T09:00:00+07:00).",
                        "Parameter %s is not a valid ISO 8601 instant.", name);
    /* The calendar (and its lunar holidays) covers 1900–2199. */
    if (*out < time_from_local(day_from_ymd(1900, 1, 1), 0) || *out >= time_from_local(day_from_ymd(2180, 1, 1), 0))
        return mc_failf(err, MC_ERR_INVALID, name, "Tham số %s phải trong khoảng năm 1900 đến 2179.",
                        "Parameter %s must be within 1900-2179.", name);
    return MC_OK;
}

static json_t *instant_json(mc_time t) {
    char iso[26], vn[17];
    time_format_iso8601(t, iso);
    time_format_vn(t, vn);
    return json_pack("{s:s, s:s}", "iso", iso, "text", vn);
}

mc_err api_calendar_deadline(api_req *r, mc_error *err) {
    mc_time from;
    mc_err e = query_instant(r, "from", &from, err);
    if (e) return e;
    long amount = -1;
    if ((e = api_query_int(r, "amount", 0, 3650, &amount, err))) return e;
    if (amount < 0)
        return mc_fail(err, MC_ERR_INVALID, "amount", "Thiếu tham số amount (số ngày hoặc số giờ làm việc).",
                       "Missing parameter amount.");
    const char *u = api_query(r, "unit");
    cal_unit unit;
    if (!u || strcmp(u, "day") == 0)
        unit = CAL_UNIT_DAY;
    else if (strcmp(u, "hour") == 0)
        unit = CAL_UNIT_HOUR;
    else
        return mc_fail(err, MC_ERR_INVALID, "unit", "Tham số unit phải là day hoặc hour.", "unit must be day or hour.");
    const char *cut = api_query(r, "cutoff");
    int cutoff = -1;
    if (cut && *cut) {
        int h, m;
        char extra;
        if (strlen(cut) != 5 || sscanf(cut, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
            return mc_fail(err, MC_ERR_INVALID, "cutoff", "Giờ chốt phải có dạng HH:MM, ví dụ 15:00.",
                           "cutoff must be HH:MM.");
        cutoff = h * 3600 + m * 60;
    }
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    const calendar *cal = h->cal;
    mc_time start = calendar_add(cal, from, 0, CAL_UNIT_HOUR, cutoff);
    mc_time due = calendar_add(cal, from, (int)amount, unit, cutoff);
    if (start == CAL_NO_TIME || due == CAL_NO_TIME) {
        app_calendar_release(r->app, h);
        return mc_failf(
            err, MC_ERR_CONFLICT, "from",
            "Lịch làm việc không có ngày làm việc nào trong %d ngày: hãy kiểm tra lại các ngày nghỉ đã nhập.",
            "The calendar has no working day within %d days; check the days off.", CAL_MAX_CLOSED_RUN);
    }
    json_t *off = json_array();
    for (mc_day d = time_local_day(from); d <= time_local_day(due) && json_array_size(off) < 400; d++) {
        cal_hours hours;
        const cal_exception *x;
        calendar_day_hours(cal, d, &hours, &x);
        if (!x) continue;
        char ds[11];
        day_format(d, ds);
        json_array_append_new(off,
                              json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", ds, "weekday", weekday_vi[day_weekday(d)],
                                        "kind", x->kind == CAL_OFF ? "off" : "workday", "name", x->name, "status",
                                        x->status == CAL_DECIDED ? "decided" : "proposed"));
    }
    char due_iso[26];
    time_format_iso8601(due, due_iso);
    json_t *out =
        json_pack("{s:s, s:o, s:o, s:i, s:s, s:o, s:o, s:I, s:o}", "due", due_iso, "due_at", instant_json(due), "from",
                  instant_json(from), "amount", (int)amount, "unit", unit == CAL_UNIT_DAY ? "day" : "hour", "cutoff",
                  cut && *cut ? json_string(cut) : json_null(), "clock_starts", instant_json(start), "working_seconds",
                  (json_int_t)calendar_elapsed(cal, start, due), "exceptions", off);
    app_calendar_release(r->app, h);
    return api_reply(r, 200, out);
}

mc_err api_calendar_elapsed(api_req *r, mc_error *err) {
    mc_time a, b;
    mc_err e = query_instant(r, "from", &a, err);
    if (!e) e = query_instant(r, "to", &b, err);
    if (e) return e;
    if (llabs(b - a) > 20LL * 366 * 86400)
        return mc_fail(err, MC_ERR_INVALID, "to", "Khoảng thời gian quá dài (tối đa 20 năm).", "Range too long.");
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    int64_t s = calendar_elapsed(h->cal, a, b);
    int nominal = calendar_nominal_day(h->cal);
    app_calendar_release(r->app, h);
    return api_reply(r, 200,
                     json_pack("{s:I, s:f, s:f, s:I}", "working_seconds", (json_int_t)s, "working_hours", s / 3600.0,
                               "working_days", (double)s / nominal, "nominal_day_seconds", (json_int_t)nominal));
}

mc_err api_calendar_holidays(api_req *r, mc_error *err) {
    long year = 0;
    mc_err e = api_query_int(r, "year", 1900, 2199, &year, err);
    if (e) return e;
    if (!year) year = 0;
    if (!year) {
        int y, m, d;
        day_to_ymd(time_local_day(time_now()), &y, &m, &d);
        year = y;
    }
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    size_t n = calendar_year_exceptions(h->cal, (int)year, NULL, 0);
    cal_exception *v = arena_alloc(r->a, (n ? n : 1) * sizeof *v);
    n = calendar_year_exceptions(h->cal, (int)year, v, n);
    bool decided = calendar_year_decided(h->cal, (int)year);
    json_t *days = json_array();
    for (size_t i = 0; i < n; i++) {
        char ds[11];
        day_format(v[i].day, ds);
        json_array_append_new(
            days, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "date", ds, "weekday", weekday_vi[day_weekday(v[i].day)],
                            "kind", v[i].kind == CAL_OFF ? "off" : "workday", "name", v[i].name, "source",
                            api_jstr(v[i].source), "status", v[i].status == CAL_DECIDED ? "decided" : "proposed"));
    }
    app_calendar_release(r->app, h);
    return api_reply(r, 200,
                     json_pack("{s:i, s:s, s:s, s:o}", "year", (int)year, "status", decided ? "decided" : "proposed",
                               "note",
                               decided ? "Lịch nghỉ đã được cơ quan có thẩm quyền quyết định."
                                       : "Chưa có quyết định: các ngày dưới đây là đề xuất theo Điều 112 Bộ luật "
                                         "Lao động 2019, được dùng để tính hạn cho đến khi quản trị viên xác nhận "
                                         "hoặc thay thế.",
                               "days", days));
}

/* Runs fn inside a write transaction, committing on success. */
static mc_err in_tx(api_req *r, mc_err (*fn)(api_req *, store_conn *, void *, mc_error *), void *arg, mc_error *err) {
    store_conn *c = store_begin(r->app->st, err);
    if (!c) return err->code;
    mc_err e = fn(r, c, arg, err);
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}

typedef struct {
    const char *kind, *name, *source;
} exc_input;

static mc_err put_exc(api_req *r, store_conn *c, void *arg, mc_error *err) {
    exc_input *x = arg;
    return calendar_put_exception(c, r->params[0], x->kind, x->name, x->source, err);
}

mc_err api_calendar_put_exception(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    exc_input x;
    e = api_json_str(r, body, "kind", true, &x.kind, err);
    if (!e) e = api_json_str(r, body, "name", true, &x.name, err);
    if (!e) e = api_json_str(r, body, "source", false, &x.source, err);
    json_decref(body);
    if (e || (e = in_tx(r, put_exc, &x, err))) return e;
    return api_reply(r, 200,
                     json_pack("{s:s, s:s, s:s, s:o}", "date", r->params[0], "kind", x.kind, "name", x.name, "source",
                               api_jstr(x.source)));
}

static mc_err del_exc(api_req *r, store_conn *c, void *arg, mc_error *err) {
    (void)arg;
    return calendar_delete_exception(c, r->params[0], err);
}

mc_err api_calendar_delete_exception(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    if (e || (e = in_tx(r, del_exc, NULL, err))) return e;
    return api_reply(r, 200, json_pack("{s:s, s:b}", "date", r->params[0], "deleted", 1));
}

static mc_err confirm(api_req *r, store_conn *c, void *arg, mc_error *err) {
    char *end;
    long y = strtol(r->params[0], &end, 10);
    if (*end || y < 1900 || y > 2199)
        return mc_fail(err, MC_ERR_INVALID, "year", "Năm phải là số trong khoảng 1900–2199.", "Invalid year.");
    return calendar_confirm_year(c, (int)y, arg, err);
}

mc_err api_calendar_confirm_year(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    int n = 0;
    if (e || (e = in_tx(r, confirm, &n, err))) return e;
    return api_reply(r, 200, json_pack("{s:s, s:i}", "year", r->params[0], "confirmed", n));
}

typedef struct {
    int count;
} import_out;

static mc_err import_csv(api_req *r, store_conn *c, void *arg, mc_error *err) {
    return calendar_import_csv(c, r->body ? r->body : "", r->body_len, &((import_out *)arg)->count, err);
}

mc_err api_calendar_import(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    if (e) return e;
    if (!api_media_type_is(r, "text/csv"))
        return mc_fail(err, MC_ERR_MEDIA_TYPE, NULL, "Tệp lịch phải gửi ở dạng text/csv.", "Body must be text/csv.");
    import_out o = {0};
    if ((e = in_tx(r, import_csv, &o, err))) return e;
    return api_reply(r, 200, json_pack("{s:i}", "imported", o.count));
}

static json_t *schedule_json(const cal_schedule_row *s) {
    return json_pack("{s:I, s:s, s:o, s:o, s:s, s:b}", "id", (json_int_t)s->id, "name", s->name, "valid_from",
                     api_jstr(s->valid_from), "valid_to", api_jstr(s->valid_to), "hours", s->hours, "default",
                     s->valid_from == NULL);
}

mc_err api_calendar_schedules(api_req *r, mc_error *err) {
    cal_schedule_row *v;
    size_t n;
    mc_err e = calendar_schedules(store_reader(r->app->st), r->a, &v, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, schedule_json(&v[i]));
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

typedef struct {
    int64_t id;
    const char *name, *from, *to, *hours;
} sched_input;

static mc_err put_sched(api_req *r, store_conn *c, void *arg, mc_error *err) {
    (void)r;
    sched_input *s = arg;
    return calendar_put_schedule(c, s->id, s->name, s->from, s->to, s->hours, &s->id, err);
}

static mc_err save_schedule(api_req *r, int64_t id, int status, mc_error *err) {
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    sched_input s = {.id = id};
    e = api_json_str(r, body, "name", true, &s.name, err);
    if (!e) e = api_json_str(r, body, "valid_from", false, &s.from, err);
    if (!e) e = api_json_str(r, body, "valid_to", false, &s.to, err);
    if (!e) e = api_json_str(r, body, "hours", true, &s.hours, err);
    json_decref(body);
    if (e || (e = in_tx(r, put_sched, &s, err))) return e;
    cal_schedule_row *v;
    size_t n;
    if ((e = calendar_schedules(store_reader(r->app->st), r->a, &v, &n, err))) return e;
    for (size_t i = 0; i < n; i++)
        if (v[i].id == s.id) return api_reply(r, status, schedule_json(&v[i]));
    return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "schedule vanished");
}

mc_err api_calendar_create_schedule(api_req *r, mc_error *err) {
    return save_schedule(r, 0, 201, err);
}

static mc_err param_id(api_req *r, int64_t *id, mc_error *err) {
    char *end;
    long long v = strtoll(r->params[0], &end, 10);
    if (*end || v <= 0)
        return mc_fail(err, MC_ERR_NOT_FOUND, "id", "Không tìm thấy lịch làm việc.", "No such schedule.");
    *id = v;
    return MC_OK;
}

mc_err api_calendar_update_schedule(api_req *r, mc_error *err) {
    int64_t id = 0;
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    if (!e) e = param_id(r, &id, err);
    return e ? e : save_schedule(r, id, 200, err);
}

static mc_err del_sched(api_req *r, store_conn *c, void *arg, mc_error *err) {
    (void)r;
    return calendar_delete_schedule(c, *(int64_t *)arg, err);
}

mc_err api_calendar_delete_schedule(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_CALENDAR_MANAGE, NULL, NULL, err);
    int64_t id = 0;
    if (e || (e = param_id(r, &id, err)) || (e = in_tx(r, del_sched, &id, err))) return e;
    return api_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}
