/* web_pages.c - the citizen portal's public pages (web.h). Each handler
 * gathers a JSON context from the domain (the same JSON the API gives, plus
 * words for people: dates dd/mm/yyyy, fees "50.000 đồng") and renders one
 * template. Errors are pages too, in Vietnamese, with their HTTP status. */
#include "web.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "catalog.h"
#include "catalog_json.h"
#include "keep.h"
#include "nodes.h"
#include "text.h"
#include "timeutil.h"
#include "tmpl.h"
#include "units.h"
#include "web_internal.h"

/* ---- words for people ------------------------------------------------------------------ */

static const char *const weekday_vi[7] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};

/* The office hours of the next seven days, from the calendar (days off named). */
static json_t *week_hours(api_req *r) {
    json_t *days = json_array();
    mc_error err;
    app_calendar *h = app_calendar_acquire(r->app, &err);
    if (!h) return days;
    mc_day today = time_local_day(time_now());
    for (mc_day d = today; d < today + 7; d++) {
        cal_hours hours;
        const cal_exception *x;
        calendar_day_hours(h->cal, d, &hours, &x);
        int y, m, dd;
        day_to_ymd(d, &y, &m, &dd);
        char label[40], text[160] = "";
        snprintf(label, sizeof label, "%s %02d/%02d", weekday_vi[day_weekday(d)], dd, m);
        size_t k = 0;
        for (int i = 0; i < hours.n && k + 16 < sizeof text; i++)
            k += (size_t)snprintf(text + k, sizeof text - k, "%s%02d:%02d–%02d:%02d", i ? ", " : "",
                                  hours.span[i].start / 3600, hours.span[i].start / 60 % 60, hours.span[i].end / 3600,
                                  hours.span[i].end / 60 % 60);
        json_array_append_new(days, json_pack("{s:s, s:s, s:b, s:o, s:b}", "day", label, "hours",
                                              hours.n ? text : "Nghỉ", "open", hours.n > 0, "note",
                                              x && x->name ? json_string(x->name) : json_null(), "today", d == today));
    }
    app_calendar_release(r->app, h);
    return days;
}

/* ---- pages ------------------------------------------------------------------------------- */

mc_err web_home(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char **names;
    int64_t *counts;
    size_t n = 0;
    json_t *fields = json_array();
    if (catalog_fields(store_reader(r->app->st), r->a, &names, &counts, &n, NULL) == MC_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(fields, json_pack("{s:s, s:o, s:I}", "name", names[i], "url", web_url_part(names[i]),
                                                    "count", (json_int_t)counts[i]));
    return web_page(r, 200, "home", "Trang chủ", json_pack("{s:o, s:o}", "fields", fields, "hours", week_hours(r)));
}

mc_err web_search(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char *q = api_query(r, "q"), *field = api_query(r, "field");
    long pg = 1;
    mc_error e2;
    if (api_query_int(r, "page", 1, 100000, &pg, &e2)) pg = 1;
    catalog_query cq = {.q = q, .field = field, .page = (int)pg, .per_page = 20};
    catalog_hit *hits;
    size_t n = 0, total = 0;
    if (catalog_search(store_reader(r->app->st), r->a, &cq, &hits, &n, &total, &e2))
        return web_error(r, e2.code == MC_ERR_INVALID ? 400 : 500, e2.message);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, catalog_json_hit(&hits[i]));
    long pages = (long)((total + 19) / 20);
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:I, s:i, s:i}", "q", q ? json_string(q) : json_null(), "field",
                            field ? json_string(field) : json_null(), "items", items, "total", (json_int_t)total,
                            "page", (int)pg, "pages", (int)pages);
    json_object_set_new(ctx, "q_url", web_url_part(q));
    json_object_set_new(ctx, "field_url", web_url_part(field));
    if (pg > 1) json_object_set_new(ctx, "prev", json_integer(pg - 1));
    if (pg < pages) json_object_set_new(ctx, "next", json_integer(pg + 1));
    return web_page(r, 200, "search", q && *q ? q : (field ? field : "Thủ tục hành chính"), ctx);
}

static mc_err web_procedure_page(api_req *r, store_conn *c, const procedure *pr_in);

/* Procedure pages as a visitor who is not logged in sees them: rendered once per procedure version (its
 * number and import time) and kept at most a minute, as the units' names in the site's header are
 * (site_json). Logged-in people get their own page (their name, a CSRF token; officers the legal notices). */
static keep proc_pages = KEEP_INIT(128, 60); /* 128 pages of 16-60 KB at most: the popular procedures */

static keep_stamp proc_stamp(store_conn *c, int version, int64_t imported_at) {
    return (keep_stamp){store_serial_of(c), (uint64_t)version, (uint64_t)imported_at};
}

mc_err web_procedure(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    store_conn *c = store_reader(r->app->st);
    mc_error e2;
    /* A visitor's page kept for the current version: one small read instead of the procedure in full. */
    bool visitor = !api_user(r);
    int version;
    int64_t imported_at;
    if (visitor && catalog_stamp(c, r->params[0], &version, &imported_at, &e2) == MC_OK) {
        size_t len;
        char *html = keep_get(&proc_pages, r->params[0], proc_stamp(c, version, imported_at), time_now(), r->a, &len);
        if (html) return api_reply_arena(r, 200, "text/html; charset=utf-8", html, len);
    }
    procedure pr;
    if (catalog_get(c, r->a, r->params[0], 0, &pr, &e2))
        return web_error(r, 404, "Không tìm thấy thủ tục này. Hãy tìm lại theo tên thủ tục.");
    mc_time at = time_now(); /* before reading the units: the page is no older than this */
    mc_err e = web_procedure_page(r, c, &pr);
    if (!e && visitor && r->status == 200 && r->raw)
        keep_put(&proc_pages, pr.code, proc_stamp(c, pr.version, pr.imported_at), at, r->raw, r->raw_len);
    return e;
}

/* Renders the page of procedure pr for the request's user. */
static mc_err web_procedure_page(api_req *r, store_conn *c, const procedure *pr_in) {
    procedure pr = *pr_in;
    json_t *p = catalog_json_procedure(&pr, NULL, 0);
    /* Fees in words; competent units by name. */
    json_t *fees = json_object_get(p, "fees");
    size_t i;
    json_t *f;
    json_array_foreach(fees, i, f) {
        json_t *amt = json_object_get(f, "amount");
        json_object_set_new(f, "amount_text",
                            json_is_integer(amt) ? (json_integer_value(amt) == 0 ? json_string("Miễn phí")
                                                                                 : web_vnd(json_integer_value(amt)))
                                                 : json_string("Theo quy định"));
    }
    /* Competent units: named ones by name; "kind:commune", "kind:ward"... together as one line. */
    json_t *units = json_array();
    buf kinds = {0};
    static const struct {
        const char *kind, *words;
    } kind_words[] = {{"kind:commune", "xã"}, {"kind:ward", "phường"}, {"kind:special_zone", "đặc khu"}};
    for (size_t k = 0; k < pr.nunits; k++) {
        bool by_kind = false;
        for (size_t m = 0; m < sizeof kind_words / sizeof kind_words[0]; m++)
            if (strcmp(pr.units[k], kind_words[m].kind) == 0) {
                buf_printf(&kinds, "%s%s", kinds.len ? ", " : "", kind_words[m].words);
                by_kind = true;
            }
        org_unit u;
        if (!by_kind)
            json_array_append_new(
                units, json_string(units_get(c, r->a, pr.units[k], &u, NULL) == MC_OK ? u.name : pr.units[k]));
    }
    if (kinds.len) {
        char line[200];
        snprintf(line, sizeof line, "Trung tâm Phục vụ hành chính công các %s", kinds.data);
        json_array_insert_new(units, 0, json_string(line));
    }
    buf_free(&kinds);
    json_object_set_new(p, "unit_names", units);
    json_object_set_new(p, "has_legal", json_boolean(pr.nlegal > 0));
    json_object_set_new(p, "field_url", web_url_part(pr.field));
    json_object_set_new(
        p, "online",
        json_boolean(strcmp(pr.online_level, "toan_trinh") == 0 || strcmp(pr.online_level, "mot_phan") == 0));
    /* Officers see that a change of its legal basis asks for an update (legal_docs.h). */
    if (web_is_officer(api_user(r))) api_legal_docs_procedure_attach(r, p, pr.code);
    return web_page(r, 200, "procedure", pr.name, json_pack("{s:o}", "p", p));
}

/* Tracking pages as a visitor sees them, by code and key as typed: the page changes when the dossier's stamp
 * does, and the header's units at most a minute later (as for procedure pages). A page that holds a form
 * with this browser's token (the rating of a returned dossier) is not kept. */
static keep track_pages = KEEP_INIT(1024, 60); /* pages of 3-10 KB: about 10 MB at most */

/* {"unit", "since"} when the commune node that owns d is offline now, else NULL. */
static json_t *offline_notice(api_req *r, const dossier *d) {
    store_conn *c = store_reader(r->app->st);
    bool any = false;
    int number = 0;
    node_info n;
    if (r->app->node_number > 0 || nodes_any(c, d->tenant, &any, NULL) != MC_OK || !any) return NULL;
    bool before = d->state == DS_SUBMITTED || d->state == DS_INTAKE_SUPPLEMENT;
    if (nodes_owner_of(c, d->tenant, d->receiving_unit_id, d->holder_unit_id, before, &number, NULL) != MC_OK ||
        !number || nodes_get(c, r->a, d->tenant, number, &n, NULL) != MC_OK || nodes_online(&n, time_now()))
        return NULL;
    char when[17] = "";
    if (n.last_seen_at) time_format_vn(n.last_seen_at, when);
    const char *unit = before || !d->holder_unit_name ? d->receiving_unit_name : d->holder_unit_name;
    return json_pack("{s:s, s:s}", "unit", unit ? unit : "", "since", when[0] ? when : "trước khi máy trạm kết nối");
}

mc_err web_track(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    /* Codes pasted from a message often carry spaces around them. */
    const char *code = web_compact(r, api_query(r, "code")), *key = web_compact(r, api_query(r, "key"));
    json_t *ctx = json_pack("{s:o, s:o}", "code", code ? json_string(code) : json_null(), "key",
                            key ? json_string(key) : json_null());
    if (!code || !*code) return web_page(r, 200, "track", "Tra cứu hồ sơ", ctx);
    const char *text;
    size_t len;
    mc_error e2;
    int64_t stamp = 0;
    mc_time at = time_now(); /* before the dossier is read: the page is no older than this */
    mc_err e = api_track_view(r, code, key, &text, &len, &stamp, &e2);
    if (e) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, e == MC_ERR_TOO_MANY ? 429 : 404, "track", "Tra cứu hồ sơ", ctx);
    }
    dossier full;
    bool have = dossier_get(store_reader(r->app->st), r->a, code, &full, &e2) == MC_OK;
    /* Held at a commune whose node is cut off (docs/NODE.md §8): what the page shows is as of its last contact. A
     * notice of the hour, not of the dossier: such a page is neither kept nor served from what was kept. */
    json_t *off = have ? offline_notice(r, &full) : NULL;
    if (off) json_object_set_new(ctx, "offline", off);
    /* A visitor's page, once the key has opened the dossier: kept under the dossier's stamp (track_pages). */
    bool keepable = !api_user(r) && !api_query(r, "da_danh_gia") && !off;
    const char *page_key = keepable ? arena_printf(r->a, "%s\x1f%s", code, key ? key : "") : NULL;
    keep_stamp ks = {store_serial_of(store_reader(r->app->st)), (uint64_t)stamp, 0};
    if (keepable) {
        size_t n;
        char *html = keep_get(&track_pages, page_key, ks, at, r->a, &n);
        if (html) {
            json_decref(ctx);
            return api_reply_arena(r, 200, "text/html; charset=utf-8", html, n);
        }
    }
    json_t *view = json_loadb(text, len, 0, NULL);
    if (!view) {
        json_decref(ctx);
        return web_error(r, 500, "Lỗi hệ thống khi đọc hồ sơ.");
    }
    size_t i;
    const char *st = json_string_value(json_object_get(json_object_get(view, "state"), "name"));
    json_object_set_new(view, "done", json_boolean(st && strcmp(st, "returned") == 0));
    json_t *ev;
    json_array_foreach(json_object_get(view, "timeline"), i, ev) {
        const char *t = web_timing_text(json_string_value(json_object_get(ev, "timing")));
        if (t) json_object_set_new(ev, "timing_text", json_string(t));
    }
    /* A fee due: the code to pay it, from the dossier itself (the public view has no fee). */
    if (have && full.fee_amount > 0 && !full.paid_at) {
        json_t *brief =
            json_pack("{s:s, s:I, s:n, s:{s:s}}", "code", full.code, "fee_amount", (json_int_t)full.fee_amount,
                      "paid_at", "receiving_unit", "code", full.receiving_unit_code);
        json_t *vq = api_vietqr_of(r, brief);
        json_decref(brief);
        if (vq) json_object_set_new(view, "vietqr", vq);
    }
    json_object_set_new(ctx, "d", view);
    if (st && !strcmp(st, "returned"))
        web_rating_attach(
            r, ctx, code, key, "/tra-cuu/danh-gia",
            json_pack("[{s:s, s:s}, {s:s, s:s}]", "name", "code", "value", code, "name", "key", "value", key));
    /* Not a page that carries something of this browser's: the rating form holds its token. */
    if (json_object_get(json_object_get(ctx, "rate"), "form")) keepable = false;
    e = web_page(r, 200, "track", "Tra cứu hồ sơ", ctx);
    if (!e && keepable && r->status == 200 && r->raw && !r->set_cookie)
        keep_put(&track_pages, page_key, ks, at, r->raw, r->raw_len);
    return e;
}

mc_err web_not_found(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return web_error(r, 404, "Không tìm thấy trang này. Hãy tìm thủ tục từ trang chủ.");
}
