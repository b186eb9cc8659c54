/* web_pages.c - the citizen portal's public pages (web.h). Each handler
 * gathers a JSON context from the domain (the same JSON the API gives, plus
 * words for people: dates dd/mm/yyyy, fees "50.000 đồng") and renders one
 * template. Errors are pages too, in Vietnamese, with their HTTP status. */
#include "web.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "catalog.h"
#include "catalog_json.h"
#include "timeutil.h"
#include "tmpl.h"
#include "units.h"
#include "xalloc.h"

typedef struct {
    char *name, *data, *etag;
    size_t len;
    const char *type;
} static_file;

struct web_assets {
    tmpl_set *pages;
    static_file *files;
    size_t nfiles;
};

static const char *type_of(const char *name) {
    static const struct {
        const char *ext, *type;
    } types[] = {{".css", "text/css; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".ico", "image/x-icon"}};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i].ext);
        if (n > k && strcmp(name + n - k, types[i].ext) == 0) return types[i].type;
    }
    return NULL;
}

static bool load_static(struct web_assets *w, const char *dir, char *err, size_t errlen) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "cannot read the folder %s", dir);
        return false;
    }
    struct dirent *de;
    size_t cap = 0;
    while ((de = readdir(d))) {
        const char *type = type_of(de->d_name);
        if (!type || de->d_name[0] == '.') continue;
        char path[4400];
        snprintf(path, sizeof path, "%.4000s/%.255s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        buf b = {0};
        char chunk[8192];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
        fclose(f);
        if (w->nfiles == cap) {
            cap = cap ? cap * 2 : 8;
            w->files = xrealloc(w->files, cap * sizeof *w->files);
        }
        /* The entity tag: FNV-1a of the bytes, enough to tell versions apart. */
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < b.len; i++) h = (h ^ (unsigned char)b.data[i]) * 1099511628211ull;
        char etag[24];
        snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)h);
        w->files[w->nfiles++] =
            (static_file){.name = xstrdup(de->d_name), .len = b.len, .type = type, .etag = xstrdup(etag)};
        w->files[w->nfiles - 1].data = buf_steal(&b);
    }
    closedir(d);
    return true;
}

bool web_load(app *a, const char *dir, char *err, size_t errlen) {
    struct web_assets *w = xcalloc(1, sizeof *w);
    w->pages = tmpl_set_create();
    char path[4096];
    snprintf(path, sizeof path, "%s/templates", dir);
    bool ok = tmpl_load_dir(w->pages, path, err, errlen);
    const char *need[] = {"home", "search", "procedure", "track", "error"};
    for (size_t i = 0; ok && i < sizeof need / sizeof need[0]; i++)
        if (!tmpl_has(w->pages, need[i])) {
            snprintf(err, errlen, "%s/%s.html is missing", path, need[i]);
            ok = false;
        }
    snprintf(path, sizeof path, "%s/static", dir);
    if (ok) ok = load_static(w, path, err, errlen);
    a->web = w;
    if (!ok) web_unload(a);
    return ok;
}

void web_unload(app *a) {
    struct web_assets *w = a->web;
    if (!w) return;
    tmpl_set_free(w->pages);
    for (size_t i = 0; i < w->nfiles; i++) {
        free(w->files[i].name);
        free(w->files[i].data);
        free(w->files[i].etag);
    }
    free(w->files);
    free(w);
    a->web = NULL;
}

/* ---- words for people ------------------------------------------------------------------ */

static const char *const weekday_vi[7] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};

/* 50000 → "50.000 đồng". */
static json_t *vnd_text(int64_t amount) {
    char digits[32], out[48];
    snprintf(digits, sizeof digits, "%lld", (long long)(amount < 0 ? -amount : amount));
    size_t n = strlen(digits), k = 0;
    if (amount < 0) out[k++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) out[k++] = '.';
        out[k++] = digits[i];
    }
    snprintf(out + k, sizeof out - k, " đồng");
    return json_string(out);
}

/* s percent-encoded for a query string (RFC 3986 unreserved characters kept). */
static json_t *url_part(const char *s) {
    buf b = {0};
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            buf_putc(&b, (char)*p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    json_t *j = json_string(b.data ? b.data : "");
    buf_free(&b);
    return j;
}

static const char *timing_text(const char *t) {
    if (!t) return NULL;
    if (strcmp(t, "early") == 0) return "sớm hạn";
    if (strcmp(t, "on_time") == 0) return "đúng hạn";
    if (strcmp(t, "late") == 0) return "trễ hạn";
    return t;
}

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

/* What every page shows: the portal's and the service center's names. */
static json_t *site_json(api_req *r) {
    store_conn *c = store_reader(r->app->st);
    org_unit *v;
    size_t n = 0;
    const char *province = NULL, *center = NULL;
    size_t center_depth = (size_t)-1;
    if (units_list(c, r->a, NULL, &v, &n, NULL) == MC_OK)
        for (size_t i = 0; i < n; i++) {
            if (!province && strcmp(v[i].kind, "province") == 0) province = v[i].name;
            size_t depth = strlen(v[i].path);
            if (strcmp(v[i].kind, "service_center") == 0 && depth < center_depth) {
                center = v[i].name;
                center_depth = depth;
            }
        }
    char name[256];
    snprintf(name, sizeof name, "Cổng Dịch vụ công %s", province ? province : "");
    if (province && strncmp(province, "Tỉnh ", strlen("Tỉnh ")) == 0)
        snprintf(name, sizeof name, "Cổng Dịch vụ công tỉnh %s", province + strlen("Tỉnh "));
    return json_pack("{s:s, s:o}", "name", name, "center", center ? json_string(center) : json_null());
}

/* Renders template `name` with ctx (reference stolen) as the response. */
static mc_err page(api_req *r, int status, const char *name, const char *title, json_t *ctx) {
    json_object_set_new(ctx, "site", site_json(r));
    json_object_set_new(ctx, "title", json_string(title));
    buf b = {0};
    bool ok = tmpl_render(r->app->web->pages, name, ctx, &b);
    json_decref(ctx);
    if (!ok) {
        buf_free(&b);
        buf_puts(&b, "<!doctype html><title>Lỗi</title><p>Lỗi hệ thống: thiếu mẫu trang.</p>");
        status = 500;
    }
    mc_err e = api_reply_raw(r, status, "text/html; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

static mc_err error_page(api_req *r, int status, const char *message) {
    return page(r, status, "error", status == 404 ? "Không tìm thấy" : "Có lỗi",
                json_pack("{s:s, s:i}", "message", message, "status", status));
}

/* Serving the API without the portal (no web folder): pages are not found. */
static mc_err no_portal(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Cổng dịch vụ công chưa được cài đặt trên máy chủ này.",
                   "The portal is not installed on this server.");
}

/* ---- pages ------------------------------------------------------------------------------- */

mc_err web_home(api_req *r, mc_error *err) {
    if (!r->app->web) return no_portal(err);
    const char **names;
    int64_t *counts;
    size_t n = 0;
    json_t *fields = json_array();
    if (catalog_fields(store_reader(r->app->st), r->a, &names, &counts, &n, NULL) == MC_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(fields, json_pack("{s:s, s:o, s:I}", "name", names[i], "url", url_part(names[i]),
                                                    "count", (json_int_t)counts[i]));
    return page(r, 200, "home", "Trang chủ", json_pack("{s:o, s:o}", "fields", fields, "hours", week_hours(r)));
}

mc_err web_search(api_req *r, mc_error *err) {
    if (!r->app->web) return no_portal(err);
    const char *q = api_query(r, "q"), *field = api_query(r, "field");
    long pg = 1;
    mc_error e2;
    if (api_query_int(r, "page", 1, 100000, &pg, &e2)) pg = 1;
    catalog_query cq = {.q = q, .field = field, .page = (int)pg, .per_page = 20};
    catalog_hit *hits;
    size_t n = 0, total = 0;
    if (catalog_search(store_reader(r->app->st), r->a, &cq, &hits, &n, &total, &e2))
        return error_page(r, e2.code == MC_ERR_INVALID ? 400 : 500, e2.message);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, catalog_json_hit(&hits[i]));
    long pages = (long)((total + 19) / 20);
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:I, s:i, s:i}", "q", q ? json_string(q) : json_null(), "field",
                            field ? json_string(field) : json_null(), "items", items, "total", (json_int_t)total,
                            "page", (int)pg, "pages", (int)pages);
    json_object_set_new(ctx, "q_url", url_part(q));
    json_object_set_new(ctx, "field_url", url_part(field));
    if (pg > 1) json_object_set_new(ctx, "prev", json_integer(pg - 1));
    if (pg < pages) json_object_set_new(ctx, "next", json_integer(pg + 1));
    return page(r, 200, "search", q && *q ? q : (field ? field : "Thủ tục hành chính"), ctx);
}

mc_err web_procedure(api_req *r, mc_error *err) {
    if (!r->app->web) return no_portal(err);
    store_conn *c = store_reader(r->app->st);
    procedure pr;
    mc_error e2;
    if (catalog_get(c, r->a, r->params[0], 0, &pr, &e2))
        return error_page(r, 404, "Không tìm thấy thủ tục này. Hãy tìm lại theo tên thủ tục.");
    json_t *p = catalog_json_procedure(&pr, NULL, 0);
    /* Fees in words; competent units by name. */
    json_t *fees = json_object_get(p, "fees");
    size_t i;
    json_t *f;
    json_array_foreach(fees, i, f) {
        json_t *amt = json_object_get(f, "amount");
        json_object_set_new(f, "amount_text",
                            json_is_integer(amt) ? (json_integer_value(amt) == 0 ? json_string("Miễn phí")
                                                                                 : vnd_text(json_integer_value(amt)))
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
            json_array_append_new(units, json_string(units_get(c, r->a, pr.units[k], &u, NULL) == MC_OK ? u.name
                                                                                                      : pr.units[k]));
    }
    if (kinds.len) {
        char line[200];
        snprintf(line, sizeof line, "Trung tâm Phục vụ hành chính công các %s", kinds.data);
        json_array_insert_new(units, 0, json_string(line));
    }
    buf_free(&kinds);
    json_object_set_new(p, "unit_names", units);
    json_object_set_new(p, "has_legal", json_boolean(pr.nlegal > 0));
    json_object_set_new(p, "field_url", url_part(pr.field));
    json_object_set_new(p, "online", json_boolean(strcmp(pr.online_level, "toan_trinh") == 0 ||
                                                  strcmp(pr.online_level, "mot_phan") == 0));
    return page(r, 200, "procedure", pr.name, json_pack("{s:o}", "p", p));
}

mc_err web_track(api_req *r, mc_error *err) {
    if (!r->app->web) return no_portal(err);
    const char *code = api_query(r, "code"), *key = api_query(r, "key");
    json_t *ctx = json_pack("{s:o, s:o}", "code", code ? json_string(code) : json_null(), "key",
                            key ? json_string(key) : json_null());
    if (!code || !*code) return page(r, 200, "track", "Tra cứu hồ sơ", ctx);
    const char *text;
    size_t len;
    mc_error e2;
    mc_err e = api_track_view(r, code, key, &text, &len, &e2);
    if (e) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return page(r, e == MC_ERR_TOO_MANY ? 429 : 404, "track", "Tra cứu hồ sơ", ctx);
    }
    json_t *view = json_loadb(text, len, 0, NULL);
    if (!view) {
        json_decref(ctx);
        return error_page(r, 500, "Lỗi hệ thống khi đọc hồ sơ.");
    }
    size_t i;
    const char *st = json_string_value(json_object_get(json_object_get(view, "state"), "name"));
    json_object_set_new(view, "done", json_boolean(st && strcmp(st, "returned") == 0));
    json_t *ev;
    json_array_foreach(json_object_get(view, "timeline"), i, ev) {
        const char *t = timing_text(json_string_value(json_object_get(ev, "timing")));
        if (t) json_object_set_new(ev, "timing_text", json_string(t));
    }
    json_object_set_new(ctx, "d", view);
    return page(r, 200, "track", "Tra cứu hồ sơ", ctx);
}

mc_err web_not_found(api_req *r, mc_error *err) {
    if (!r->app->web) return no_portal(err);
    return error_page(r, 404, "Không tìm thấy trang này. Hãy tìm thủ tục từ trang chủ.");
}

mc_err web_static(api_req *r, mc_error *err) {
    if (!r->app->web) return no_portal(err);
    const struct web_assets *w = r->app->web;
    for (size_t i = 0; i < w->nfiles; i++) {
        if (strcmp(w->files[i].name, r->params[0]) != 0) continue;
        r->cache_control = "public, max-age=86400";
        r->etag = w->files[i].etag;
        return api_reply_raw(r, 200, w->files[i].type, w->files[i].data, w->files[i].len);
    }
    return error_page(r, 404, "Không tìm thấy tệp.");
}
