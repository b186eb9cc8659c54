/* api_portal.c - /api/v1/portal/reconciliation: the dossiers whose messages to the national portal (Cổng
 * DVCQG) are not all acknowledged, for a unit with its sub-units and a period (portal_sync.h). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "csv.h"
#include "portal_sync.h"
#include "units.h"

/* The report as asked by the query (unit, from, to): read over the unit, as the other reports. */
typedef struct {
    org_unit unit;
    mc_day from, to;
    portal_recon_row *rows;
    size_t n;
} recon;

static mc_err build(api_req *r, recon *rc, mc_error *err) {
    mc_err e = api_report_unit(r, &rc->unit, err);
    if (!e) e = api_report_period_max(r, 3660, &rc->from, &rc->to, err);
    if (e) return e;
    return portal_reconciliation(store_reader(r->app->st), r->a, rc->unit.tenant, rc->unit.path,
                                 time_from_local(rc->from, 0), time_from_local(rc->to + 1, 0), &rc->rows, &rc->n, err);
}

static const char *iso(api_req *r, mc_time t) {
    if (!t) return NULL;
    char *s = arena_alloc(r->a, 26);
    time_format_iso8601(t, s);
    return s;
}

mc_err api_portal_reconciliation(api_req *r, mc_error *err) {
    recon rc;
    mc_err e = build(r, &rc, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < rc.n; i++) {
        const portal_recon_row *x = &rc.rows[i];
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:{s:s, s:s}, s:s?, s:I, s:I, s:{s:s, s:i, s:s, s:i, s:s?, s:s?, s:s}}", "code",
                      x->code, "procedure", x->procedure_code, "unit", "code", x->unit_code, "name", x->unit_name,
                      "submitted_at", iso(r, x->submitted_at), "pending", (json_int_t)x->pending, "dead",
                      (json_int_t)x->dead, "oldest", "event", x->event, "status", x->status, "state", x->state,
                      "attempts", x->attempts, "since", iso(r, x->since), "last_error", x->last_error, "why", x->why));
    }
    char f[11], t[11];
    day_format(rc.from, f);
    day_format(rc.to, t);
    return api_reply(r, 200,
                     json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:I, s:o}", "report",
                               "Hồ sơ chưa được Cổng DVCQG xác nhận đồng bộ", "unit", "code", rc.unit.code, "name",
                               rc.unit.name, "from", f, "to", t, "total", (json_int_t)rc.n, "items", items));
}

mc_err api_portal_reconciliation_csv(api_req *r, mc_error *err) {
    recon rc;
    mc_err e = build(r, &rc, err);
    if (e) return e;
    static const char *const head[] = {"Mã hồ sơ",          "Mã TTHC",    "Đơn vị giải quyết", "Ngày nộp",
                                       "Tin chưa xác nhận", "Bị từ chối", "Trạng thái DVCQG",  "Lý do"};
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF"); /* UTF-8 BOM: Excel reads the marks right */
    /* Every cell quoted and guarded against formulas (csv_put_field): the portal's answers are not ours. */
    for (size_t k = 0; k < sizeof head / sizeof head[0]; k++) {
        if (k) buf_putc(&b, ',');
        csv_put_field(&b, head[k]);
    }
    buf_puts(&b, "\r\n");
    for (size_t i = 0; i < rc.n; i++) {
        const portal_recon_row *x = &rc.rows[i];
        char day[17] = "", pend[24], dead[24], st[8];
        if (x->submitted_at) time_format_vn(x->submitted_at, day);
        snprintf(pend, sizeof pend, "%lld", (long long)(x->pending + x->dead));
        snprintf(dead, sizeof dead, "%lld", (long long)x->dead);
        snprintf(st, sizeof st, "%d", x->status);
        const char *cells[] = {x->code, x->procedure_code, x->unit_name, day, pend, dead, st, x->why};
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
            if (k) buf_putc(&b, ',');
            csv_put_field(&b, cells[k] ? cells[k] : "");
        }
        buf_puts(&b, "\r\n");
    }
    char f[11];
    day_format(rc.from, f);
    r->file_name = arena_printf(r->a, "doi-soat-dvcqg-%s-%s.csv", rc.unit.code, f);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}
