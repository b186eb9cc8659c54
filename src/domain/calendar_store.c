/* calendar_store.c - loading and changing the stored calendar. */
#include "calendar_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "field_limits.h"
#include "holiday_rules.h"
#include "text.h"

mc_err calendar_generation(store_conn *c, int64_t *gen, mc_error *err) {
    return store_scalar_int(c, Q_COUNTER_GET, SV_ARGS(SV_T("calendar")), gen, err);
}

static mc_err bump(store_conn *c, mc_error *err) {
    return store_exec(c, Q_COUNTER_BUMP, SV_ARGS(SV_T("calendar")), NULL, err);
}

mc_err calendar_load(store_conn *c, calendar **out, mc_error *err) {
    calendar *cal = calendar_create();
    store_rows *r = store_query(c, Q_CAL_SCHED_LIST, SV_NONE, err);
    if (!r) goto fail;
    int k;
    while ((k = store_next(r, err)) == 1) {
        cal_week w;
        if (calendar_parse_hours(store_text(r, 4), &w, err)) {
            store_rows_free(r);
            goto fail;
        }
        if (store_null(r, 2)) {
            calendar_set_default(cal, store_text(r, 1), &w);
        } else if (calendar_add_schedule(cal, store_text(r, 1), store_text(r, 2), store_text(r, 3), &w, err)) {
            store_rows_free(r);
            goto fail;
        }
    }
    store_rows_free(r);
    if (k < 0) goto fail;
    r = store_query(c, Q_CAL_EXC_LIST, SV_NONE, err);
    if (!r) goto fail;
    while ((k = store_next(r, err)) == 1) {
        mc_day d;
        if (!day_parse(store_text(r, 0), &d)) continue; /* validated on the way in */
        calendar_add_exception(cal, d, strcmp(store_text(r, 1), "workday") == 0 ? CAL_WORKDAY : CAL_OFF,
                               store_text(r, 2), store_text(r, 3));
    }
    store_rows_free(r);
    if (k < 0) goto fail;
    *out = cal;
    return MC_OK;
fail:
    calendar_free(cal);
    return err ? err->code : MC_ERR_STORE;
}

/* The problem with an exception's name or source, in Vietnamese, or NULL. */
static const char *exception_text_problem(const char *name, const char *source) {
    if (!name || !*name) return "tên ngày (ví dụ: Tết Nguyên đán) không được để trống";
    if (!text_valid_utf8(name, strlen(name))) return "tên ngày chứa ký tự không hợp lệ";
    if (text_chars(name) > (size_t)field_limit_max("name")) return "tên ngày dài quá 200 ký tự";
    if (source && !text_valid_utf8(source, strlen(source))) return "nguồn chứa ký tự không hợp lệ (không phải UTF-8)";
    if (source && text_chars(source) > (size_t)field_limit_max("source")) return "nguồn dài quá 1000 ký tự";
    return NULL;
}

mc_err calendar_put_exception(store_conn *c, const char *day, const char *kind, const char *name, const char *source,
                              mc_error *err) {
    mc_day d;
    if (!day || !day_parse(day, &d))
        return mc_fail(err, MC_ERR_INVALID, "date", "Ngày phải có dạng YYYY-MM-DD và là ngày có thật.",
                       "date must be a real YYYY-MM-DD date.");
    if (!kind || (strcmp(kind, "off") && strcmp(kind, "workday")))
        return mc_fail(err, MC_ERR_INVALID, "kind", "Loại ngày phải là off (ngày nghỉ) hoặc workday (ngày làm bù).",
                       "kind must be off or workday.");
    const char *why = exception_text_problem(name, source);
    if (why)
        return mc_failf(err, MC_ERR_INVALID, strncmp(why, "nguồn", 6) == 0 ? "source" : "name", "Ngày %s: %s.",
                        "Day %s: invalid name or source.", day, why);
    mc_err e = store_exec(c, Q_CAL_EXC_UPSERT,
                          SV_ARGS(SV_T(day), SV_T(kind), SV_T(name), SV_T(source), SV_I(time_now())), NULL, err);
    return e ? e : bump(c, err);
}

mc_err calendar_delete_exception(store_conn *c, const char *day, mc_error *err) {
    int64_t n = 0;
    mc_err e = store_exec(c, Q_CAL_EXC_DELETE, SV_ARGS(SV_T(day)), &n, err);
    if (e) return e;
    if (n == 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "date", "Không có ngày ngoại lệ %s.", "No exception on %s.", day);
    return bump(c, err);
}

mc_err calendar_confirm_year(store_conn *c, int year, int *n, mc_error *err) {
    if (year < 1900 || year > 2199)
        return mc_fail(err, MC_ERR_INVALID, "year", "Năm phải trong khoảng 1900–2199.", "year out of range.");
    char lo[16], hi[16];
    snprintf(lo, sizeof lo, "%04d-01-01", year);
    snprintf(hi, sizeof hi, "%04d-12-31", year);
    store_rows *r = store_query(c, Q_CAL_EXC_RANGE, SV_ARGS(SV_T(lo), SV_T(hi)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 1)
        return mc_failf(err, MC_ERR_CONFLICT, "year",
                        "Năm %d đã có lịch nghỉ được quyết định; hãy sửa từng ngày thay vì xác nhận đề xuất.",
                        "Year %d already has decided days.", year);
    holiday_proposal hp[48];
    size_t m = holiday_propose(year, hp, 48);
    for (size_t i = 0; i < m && i < 48; i++) {
        char day[11];
        day_format(hp[i].day, day);
        char src[256];
        snprintf(src, sizeof src, "Đề xuất theo %s, đã được quản trị viên xác nhận", hp[i].rule);
        mc_err e = calendar_put_exception(c, day, "off", hp[i].name, src, err);
        if (e) return e;
    }
    *n = (int)m;
    return MC_OK;
}

mc_err calendar_rows(store_conn *c, arena *a, cal_row **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_CAL_EXC_LIST, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 64, cnt = 0;
    cal_row *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = (cal_row){arena_strdup(a, store_text(r, 0)), arena_strdup(a, store_text(r, 1)),
                             arena_strdup(a, store_text(r, 2)), arena_strdup(a, store_text(r, 3))};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err calendar_schedules(store_conn *c, arena *a, cal_schedule_row **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_CAL_SCHED_LIST, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 32, cnt = 0;
    cal_schedule_row *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] =
            (cal_schedule_row){store_int(r, 0), arena_strdup(a, store_text(r, 1)), arena_strdup(a, store_text(r, 2)),
                               arena_strdup(a, store_text(r, 3)), arena_strdup(a, store_text(r, 4))};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err calendar_put_schedule(store_conn *c, int64_t id, const char *name, const char *from, const char *to,
                             const char *hours, int64_t *id_out, mc_error *err) {
    if (!name || !*name)
        return mc_fail(err, MC_ERR_INVALID, "name", "Tên lịch làm việc không được để trống.", "name is required.");
    cal_week w;
    mc_err e = calendar_parse_hours(hours, &w, err);
    if (e) return e;
    bool any = false;
    for (int d = 0; d < 7; d++) any |= w.day[d].n > 0;
    if (!any)
        return mc_fail(err, MC_ERR_INVALID, "hours", "Lịch làm việc phải có ít nhất một ngày làm việc.",
                       "A schedule needs at least one working day.");
    if ((from == NULL) != (to == NULL))
        return mc_fail(err, MC_ERR_INVALID, "valid_to", "Phải nhập cả ngày bắt đầu và ngày kết thúc áp dụng.",
                       "Give both valid_from and valid_to.");
    if (from) {
        calendar *probe = calendar_create();
        e = calendar_add_schedule(probe, name, from, to, &w, err);
        calendar_free(probe);
        if (e) return e;
    }
    char canon[512];
    if (!calendar_format_hours(&w, canon, sizeof canon))
        return mc_fail(err, MC_ERR_INVALID, "hours", "Giờ làm việc quá dài để lưu.", "Hours spec too long.");
    if (id == 0) {
        if (!from)
            return mc_fail(err, MC_ERR_INVALID, "valid_from",
                           "Lịch theo mùa phải có khoảng thời gian áp dụng; lịch mặc định thì sửa trực tiếp.",
                           "A seasonal schedule needs a validity range.");
        return store_scalar_int(c, Q_CAL_SCHED_INSERT, SV_ARGS(SV_T(name), SV_T(from), SV_T(to), SV_T(canon)), id_out,
                                err)
                   ?: bump(c, err);
    }
    arena *a = arena_create();
    cal_schedule_row *rows;
    size_t n;
    e = calendar_schedules(c, a, &rows, &n, err);
    const cal_schedule_row *found = NULL;
    for (size_t i = 0; !e && i < n; i++)
        if (rows[i].id == id) found = &rows[i];
    if (!e && !found) e = mc_fail(err, MC_ERR_NOT_FOUND, "id", "Không tìm thấy lịch làm việc.", "Schedule not found.");
    if (!e && !found->valid_from && from)
        e = mc_fail(err, MC_ERR_INVALID, "valid_from", "Lịch mặc định áp dụng quanh năm, không có khoảng thời gian.",
                    "The default schedule has no range.");
    if (!e && found->valid_from && !from)
        e = mc_fail(err, MC_ERR_INVALID, "valid_from", "Lịch theo mùa phải có khoảng thời gian áp dụng.",
                    "A seasonal schedule needs a range.");
    arena_free(a);
    if (e) return e;
    e = store_exec(c, Q_CAL_SCHED_UPDATE, SV_ARGS(SV_T(name), SV_T(from), SV_T(to), SV_T(canon), SV_I(id)), NULL, err);
    if (!e && id_out) *id_out = id;
    return e ? e : bump(c, err);
}

mc_err calendar_delete_schedule(store_conn *c, int64_t id, mc_error *err) {
    int64_t n = 0;
    mc_err e = store_exec(c, Q_CAL_SCHED_DELETE, SV_ARGS(SV_I(id)), &n, err);
    if (e) return e;
    if (n == 0)
        return mc_fail(err, MC_ERR_NOT_FOUND, "id", "Không tìm thấy lịch theo mùa này (lịch mặc định không xóa được).",
                       "No such seasonal schedule (the default cannot be deleted).");
    return bump(c, err);
}

mc_err calendar_import_csv(store_conn *c, const char *text, size_t len, int *count, mc_error *err) {
    arena *a = arena_create();
    csv_record *recs;
    size_t n;
    mc_err e = csv_parse(a, text, len, &recs, &n, err);
    if (e) {
        arena_free(a);
        return e;
    }
    buf bad = {0}, bad_en = {0};
    int nbad = 0;
    size_t first = 0;
    if (n && recs[0].n >= 1 && strcmp(recs[0].fields[0], "date") == 0) first = 1;
    /* Check everything first: nothing is written if any line is wrong. */
    for (size_t i = first; i < n; i++) {
        const csv_record *r = &recs[i];
        mc_day d;
        const char *why = NULL;
        if (r->n < 3 || r->n > 4)
            why = "cần 3 hoặc 4 cột: date,kind,name[,source]";
        else if (!day_parse(r->fields[0], &d))
            why = "ngày phải có dạng YYYY-MM-DD";
        else if (strcmp(r->fields[1], "off") && strcmp(r->fields[1], "workday"))
            why = "kind phải là off hoặc workday";
        else if ((why = exception_text_problem(r->fields[2], r->n == 4 ? r->fields[3] : NULL))) {
        } else
            for (size_t j = first; j < i && !why; j++)
                if (strcmp(recs[j].fields[0], r->fields[0]) == 0) why = "ngày này đã có ở dòng trước";
        if (why) {
            if (nbad < 10) {
                buf_printf(&bad, "%sdòng %d: %s", nbad ? "; " : "", r->line, why);
                buf_printf(&bad_en, "%s%d", nbad ? ", " : "", r->line);
            }
            nbad++;
        }
    }
    if (nbad) {
        char vi[320], en[320];
        snprintf(vi, sizeof vi, "Tệp lịch có %d dòng lỗi, chưa nhập dòng nào (%s).", nbad, bad.data);
        snprintf(en, sizeof en, "%d bad lines (lines %s), nothing imported.", nbad, bad_en.data);
        e = mc_fail(err, MC_ERR_INVALID, "csv", vi, en);
        buf_free(&bad);
        buf_free(&bad_en);
        arena_free(a);
        return e;
    }
    buf_free(&bad);
    buf_free(&bad_en);
    int written = 0;
    for (size_t i = first; i < n && !e; i++) {
        const csv_record *r = &recs[i];
        e = calendar_put_exception(c, r->fields[0], r->fields[1], r->fields[2],
                                   r->n == 4 && *r->fields[3] ? r->fields[3] : NULL, err);
        written++;
    }
    arena_free(a);
    if (!e) *count = written;
    return e;
}

mc_err calendar_export_csv(store_conn *c, char **out, mc_error *err) {
    arena *a = arena_create();
    cal_row *rows;
    size_t n;
    mc_err e = calendar_rows(c, a, &rows, &n, err);
    if (e) {
        arena_free(a);
        return e;
    }
    buf b = {0};
    buf_puts(&b, "date,kind,name,source\r\n");
    for (size_t i = 0; i < n; i++) {
        csv_put_field(&b, rows[i].day);
        buf_putc(&b, ',');
        csv_put_field(&b, rows[i].kind);
        buf_putc(&b, ',');
        csv_put_field(&b, rows[i].name);
        buf_putc(&b, ',');
        csv_put_field(&b, rows[i].source);
        buf_puts(&b, "\r\n");
    }
    arena_free(a);
    *out = buf_steal(&b);
    return MC_OK;
}

mc_err calendar_digest(store_conn *c, char out[CALENDAR_DIGEST_LEN], mc_error *err) {
    arena *a = arena_create();
    cal_schedule_row *sv;
    cal_row *rv;
    size_t ns = 0, nr = 0;
    mc_err e = calendar_schedules(c, a, &sv, &ns, err);
    if (!e) e = calendar_rows(c, a, &rv, &nr, err);
    if (!e) {
        crypto_generichash_state st;
        crypto_generichash_init(&st, NULL, 0, 32);
        /* Each field ended by a byte no field holds, each row by another: no two calendars hash alike. */
        for (size_t i = 0; i < ns; i++) {
            const char *f[] = {"S", sv[i].valid_from ? sv[i].valid_from : "", sv[i].valid_to ? sv[i].valid_to : "",
                               sv[i].hours ? sv[i].hours : ""};
            for (size_t k = 0; k < 4; k++) crypto_generichash_update(&st, (const unsigned char *)f[k], strlen(f[k]) + 1);
            crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
        }
        for (size_t i = 0; i < nr; i++) {
            const char *f[] = {"E", rv[i].day ? rv[i].day : "", rv[i].kind ? rv[i].kind : ""};
            for (size_t k = 0; k < 3; k++) crypto_generichash_update(&st, (const unsigned char *)f[k], strlen(f[k]) + 1);
            crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
        }
        unsigned char h[32];
        crypto_generichash_final(&st, h, sizeof h);
        sodium_bin2hex(out, CALENDAR_DIGEST_LEN, h, sizeof h);
    }
    arena_free(a);
    return e;
}
