/* api_procedures.c - /api/v1/procedures, /api/v1/fields, /api/v1/catalog/import. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "catalog.h"
#include "catalog_json.h"
#include "json_text.h"
#include "keep.h"

/* Search answers kept per query under the catalog's generation (catalog_generation): the answer does not
 * depend on who asks. At most a minute, for the units a `unit` filter names. */
static keep search_answers = KEEP_INIT(128, 60);

mc_err api_procedures_search(api_req *r, mc_error *err) {
    catalog_query q = {.q = api_query(r, "q"),
                       .field = api_query(r, "field"),
                       .level = api_query(r, "level"),
                       .unit = api_query(r, "unit"),
                       .online = api_query(r, "online")};
    long page = 1, per = 20;
    mc_err e = api_query_int(r, "page", 1, 100000, &page, err);
    if (!e) e = api_query_int(r, "per_page", 1, 100, &per, err);
    if (e) return e;
    q.page = (int)page;
    q.per_page = (int)per;
    store_conn *c = store_reader(r->app->st);
    mc_time now = time_now(); /* before the catalog is read: the answer is no older than this */
    int64_t gen;
    const char *key = NULL;
    keep_stamp st = {0};
    if (catalog_generation(c, &gen, NULL) == MC_OK) {
        /* Each text with its length first: no two queries give the same key, whatever they contain. */
#define S(x) strlen((x) ? (x) : ""), ((x) ? (x) : "")
        key = arena_printf(r->a, "%zu:%s%zu:%s%zu:%s%zu:%s%zu:%s%ld:%ld", S(q.q), S(q.field), S(q.level), S(q.unit),
                           S(q.online), page, per);
#undef S
        st = (keep_stamp){store_serial_of(c), (uint64_t)gen, 0};
        size_t len;
        char *kept = keep_get(&search_answers, key, st, now, r->a, &len);
        if (kept) return api_reply_arena(r, 200, "application/json; charset=utf-8", kept, len);
    }
    catalog_hit *hits;
    size_t n, total;
    e = catalog_search(c, r->a, &q, &hits, &n, &total, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, catalog_json_hit(&hits[i]));
    json_t *j = json_pack("{s:o, s:I, s:i, s:i, s:I}", "items", items, "total", (json_int_t)total, "page", (int)page,
                          "per_page", (int)per, "pages", (json_int_t)((total + (size_t)per - 1) / (size_t)per));
    size_t len = 0;
    char *text = json_text_line(j, &len);
    json_decref(j);
    if (!text) return mc_fail(err, MC_ERR_INTERNAL, "", "Lỗi hệ thống.", "Out of memory.");
    if (key) keep_put(&search_answers, key, st, now, text, len);
    e = api_reply_raw(r, 200, "application/json; charset=utf-8", text, len);
    free(text);
    return e;
}

mc_err api_procedures_get(api_req *r, mc_error *err) {
    long version = 0;
    mc_err e = api_query_int(r, "version", 1, 1000000, &version, err);
    if (e) return e;
    store_conn *c = store_reader(r->app->st);
    procedure pr;
    if ((e = catalog_get(c, r->a, r->params[0], (int)version, &pr, err))) return e;
    proc_template *t = NULL;
    size_t nt = 0;
    if ((e = catalog_templates(c, r->a, pr.code, &t, &nt, err))) return e;
    json_t *j = catalog_json_procedure(&pr, t, nt);
    api_legal_docs_procedure_attach(r, j, pr.code); /* flagged for a change of its legal basis (legal_docs.h) */
    return api_reply(r, 200, j);
}

mc_err api_procedures_versions(api_req *r, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    int *v;
    int64_t *t;
    size_t n;
    mc_err e = catalog_versions(c, r->a, r->params[0], &v, &t, &n, err);
    if (e) return e;
    if (n == 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "code", "Không tìm thấy thủ tục mã %s.", "Procedure %s not found.",
                        r->params[0]);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char ts[26];
        time_format_iso8601(t[i], ts);
        json_array_append_new(items, json_pack("{s:i, s:s}", "version", v[i], "imported_at", ts));
    }
    return api_reply(r, 200, json_pack("{s:s, s:o}", "code", r->params[0], "versions", items));
}

mc_err api_procedures_templates(api_req *r, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    procedure pr;
    mc_err e = catalog_get(c, r->a, r->params[0], 0, &pr, err);
    if (e) return e;
    proc_template *t;
    size_t nt;
    if ((e = catalog_templates(c, r->a, pr.code, &t, &nt, err))) return e;
    json_t *full = catalog_json_procedure(&pr, t, nt);
    json_t *out = json_pack("{s:s, s:O}", "code", pr.code, "templates", json_object_get(full, "templates"));
    json_decref(full);
    return api_reply(r, 200, out);
}

mc_err api_fields_list(api_req *r, mc_error *err) {
    const char **names;
    int64_t *counts;
    size_t n;
    mc_err e = catalog_fields(store_reader(r->app->st), r->a, &names, &counts, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:I}", "field", names[i], "procedures", (json_int_t)counts[i]));
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

mc_err api_catalog_import(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_CATALOG_IMPORT, NULL, NULL, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    catalog_batch b;
    catalog_problems p = {.a = r->a};
    e = catalog_json_parse(doc, &b, &p, err);
    json_decref(doc);
    if (e) return e;
    app_calendar *h = app_calendar_acquire(r->app, err);
    if (!h) return err->code;
    catalog_report rep;
    if (p.n == 0)
        e = catalog_import(r->app->st, h->cal, &b, &rep, &p, err);
    else {
        /* Shape errors found while reading: still run the domain checks to list everything. */
        catalog_validate(store_reader(r->app->st), h->cal, &b, &p);
        e = mc_failf(err, MC_ERR_INVALID, NULL, "Tệp danh mục có %zu lỗi; chưa nhập bản ghi nào.",
                     "The catalog has %zu problems; nothing was imported.", p.n);
    }
    app_calendar_release(r->app, h);
    if (e == MC_ERR_INVALID) {
        json_t *body =
            json_pack("{s:{s:s, s:s, s:s, s:s, s:o}}", "error", "code", mc_err_name(e), "message", err->message,
                      "message_en", err->message_en, "field", "", "problems", catalog_json_problems(&p));
        return api_reply(r, 400, body);
    }
    if (e) return e;
    return api_reply(r, 200,
                     json_pack("{s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}}", "procedures", "added", rep.added, "changed",
                               rep.changed, "unchanged", rep.unchanged, "templates", "added", rep.tpl_added, "changed",
                               rep.tpl_changed, "unchanged", rep.tpl_unchanged));
}
