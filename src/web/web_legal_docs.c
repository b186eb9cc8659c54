/* web_legal_docs.c - the pages of the register of legal normative documents: the register with its filters
 * (/can-bo/van-ban), a document with its changes, relations, reviews and the procedures that cite it or
 * were flagged by it, the forms to record, edit, change and review, the five-yearly systematisation with
 * its CSV, the procedures flagged for update (/can-bo/thu-tuc-can-cap-nhat), and the public list of
 * documents in force (/van-ban). Every read and write is the API's own handler (api_legal_docs.c); pages
 * work without JavaScript and every form carries its CSRF token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "legal_docs.h"
#include "timeutil.h"
#include "web.h"
#include "web_internal.h"

#define LIST_TITLE   "Sổ theo dõi văn bản quy phạm pháp luật"
#define FLAGS_TITLE  "Thủ tục cần cập nhật căn cứ pháp lý"
#define SYSTEM_TITLE "Hệ thống hóa văn bản quy phạm pháp luật"
#define PUBLIC_TITLE "Văn bản quy phạm pháp luật còn hiệu lực"

static const char *const doc_days[] = {"issued_on", "effective_on", "expires_on", NULL};

/* Dates of a document's JSON and of its changes, acts, reviews and flags in words. */
static void doc_words(json_t *d) {
    web_date_words(d, doc_days, true);
    size_t i;
    json_t *x;
    static const char *const ch[] = {"effective_on", "created_at", NULL};
    static const char *const rv[] = {"started_on", "done_on", "deadline", "created_at", NULL};
    static const char *const fl[] = {"flagged_at", "cleared_at", NULL};
    json_array_foreach(json_object_get(d, "changes"), i, x) web_date_words(x, ch, true);
    json_array_foreach(json_object_get(d, "acts"), i, x) web_date_words(x, ch, true);
    json_array_foreach(json_object_get(d, "reviews"), i, x) web_date_words(x, rv, true);
    json_array_foreach(json_object_get(d, "flags"), i, x) web_date_words(x, fl, true);
    json_t *f = json_object_get(d, "file");
    if (json_is_object(f))
        json_object_set_new(f, "kb", json_integer((json_integer_value(json_object_get(f, "size")) + 1023) / 1024));
}

/* Options of a table (code, label) with `chosen` selected. */
static json_t *choices(const ld_choice *t, size_t n, const char *chosen) {
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "code", t[i].code, "label", t[i].label, "selected",
                                           chosen && !strcmp(chosen, t[i].code)));
    return v;
}

static json_t *type_choices(const char *chosen) {
    size_t n;
    const ld_type *t = ld_types(&n);
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "code", t[i].code, "label", t[i].label, "selected",
                                           chosen && !strcmp(chosen, t[i].code)));
    return v;
}

static json_t *status_choices(const char *chosen) {
    json_t *v = json_array();
    for (int i = 0; i < LD_STATUS_COUNT; i++)
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "code", ld_status_name((ld_status)i), "label",
                                           ld_status_label((ld_status)i), "selected",
                                           chosen && !strcmp(chosen, ld_status_name((ld_status)i))));
    return v;
}

static json_t *action_choices(const char *chosen) {
    size_t n;
    const ld_action *a = ld_actions(&n);
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "code", a[i].code, "label", a[i].label, "selected",
                                           chosen && !strcmp(chosen, a[i].code)));
    return v;
}

/* The units that issue documents (the province and UBND tỉnh, communes and wards), from the API's tree. */
static json_t *issuer_choices(api_req *r, const char *chosen) {
    json_t *v = json_array(), *units;
    int st;
    mc_error e2;
    if (web_api(r, api_units_list, NULL, 0, NULL, &units, &st, &e2)) return v;
    static const char *const kinds[] = {"province", "peoples_committee", "peoples_council", "commune",
                                        "ward",     "special_zone"};
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(units, "items"), i, u) {
        const char *kind = json_string_value(json_object_get(u, "kind"));
        const char *code = json_string_value(json_object_get(u, "code"));
        const char *to = json_string_value(json_object_get(u, "active_to"));
        bool ok = false;
        for (size_t k = 0; kind && k < sizeof kinds / sizeof kinds[0]; k++) ok |= !strcmp(kind, kinds[k]);
        if (!ok || !code || !web_unit_active(to)) continue;
        json_array_append_new(v, json_pack("{s:s, s:O, s:b}", "code", code, "name", json_object_get(u, "name"),
                                           "selected", chosen && !strcmp(chosen, code)));
    }
    json_decref(units);
    return v;
}

/* ---- the register -------------------------------------------------------------------------------- */

static void list_words(json_t *list) {
    web_date_words(list, (const char *const[]){"day", NULL}, true);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(list, "docs"), i, x) web_date_words(x, doc_days, true);
}

/* Previous and next page links of a list page, keeping the other parameters. */
static void pager(api_req *r, json_t *ctx, json_t *list, const char *path) {
    json_int_t total = json_integer_value(json_object_get(list, "total"));
    int page = (int)json_integer_value(json_object_get(list, "page"));
    int per = (int)json_integer_value(json_object_get(list, "per_page"));
    /* Rebuild the query from the request's own, page aside. */
    const char *q = r->query_string ? r->query_string : "";
    char *rest = arena_strdup(r->a, "");
    const char *p = q;
    while (*p) {
        const char *e = strchr(p, '&');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n && strncmp(p, "page=", 5) != 0) rest = arena_printf(r->a, "%s%.*s&", rest, (int)n, p);
        p += n + (e ? 1 : 0);
    }
    if (page > 1)
        json_object_set_new(ctx, "prev", json_string(arena_printf(r->a, "%s?%spage=%d", path, rest, page - 1)));
    if ((json_int_t)page * per < total)
        json_object_set_new(ctx, "next", json_string(arena_printf(r->a, "%s?%spage=%d", path, rest, page + 1)));
}

mc_err web_legal_docs(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    json_t *list;
    int st;
    mc_error e2;
    json_t *ctx = json_object();
    json_object_set_new(ctx, "filter",
                        json_pack("{s:s, s:s}", "year", api_query(r, "year") ? api_query(r, "year") : "", "q",
                                  api_query(r, "q") ? api_query(r, "q") : ""));
    json_object_set_new(ctx, "statuses", status_choices(api_query(r, "status")));
    json_object_set_new(ctx, "types", type_choices(api_query(r, "type")));
    json_object_set_new(ctx, "issuers", issuer_choices(r, api_query(r, "issuer")));
    const char *iss = api_query(r, "issuer");
    json_object_set_new(ctx, "national_selected", json_boolean(iss && !strcmp(iss, "national")));
    if (web_api(r, api_legal_docs_list, NULL, 0, NULL, &list, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "legal_docs", LIST_TITLE, ctx);
    }
    list_words(list);
    pager(r, ctx, list, "/can-bo/van-ban");
    json_object_set_new(ctx, "l", list);
    return web_page(r, 200, "legal_docs", LIST_TITLE, ctx);
}

/* ---- a new document, and editing one ------------------------------------------------------------- */

static const char *const doc_names[] = {"number", "doc_type",  "issuer",       "issuer_name", "signer", "summary",
                                        "field",  "issued_on", "effective_on", "expires_on",  "note",   NULL};

static mc_err form_page(api_req *r, int status, const char *id, json_t *form, const char *error) {
    if (!form) form = json_object();
    json_t *ctx = json_object();
    json_object_set_new(ctx, "types", type_choices(json_string_value(json_object_get(form, "doc_type"))));
    json_object_set_new(ctx, "issuers", issuer_choices(r, json_string_value(json_object_get(form, "issuer"))));
    if (id) {
        json_object_set_new(ctx, "id", json_string(id));
        json_object_set_new(ctx, "action", json_string(arena_printf(r->a, "/can-bo/van-ban/%s/sua", id)));
    } else {
        json_object_set_new(ctx, "action", json_string("/can-bo/van-ban/moi"));
    }
    web_form_context(r, ctx, form, error, NULL);
    return web_page(r, status, "legal_doc_form", id ? "Sửa thông tin văn bản" : "Vào sổ văn bản", ctx);
}

mc_err web_legal_doc_new(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return form_page(r, 200, NULL, NULL, NULL);
}

mc_err web_legal_doc_create(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    /* The API reads the fields and the file from the multipart form itself. */
    if (web_api(r, api_legal_docs_create, NULL, 0, r->upload ? NULL : web_form_fields(r, &f, doc_names), &out, &st,
                &e2))
        return form_page(r, web_status(e2.code), NULL, web_form_fields(r, &f, doc_names), e2.message);
    return web_redirect_created(r, "/can-bo/van-ban", out);
}

mc_err web_legal_doc_edit(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    const char *id = r->params[0];
    json_t *d;
    int st;
    mc_error e2;
    if (web_api(r, api_legal_docs_get, &id, 1, NULL, &d, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_t *form = json_object();
    for (const char *const *n = doc_names; *n; n++) {
        json_t *v = json_object_get(d, *n);
        if (json_is_string(v)) json_object_set(form, *n, v);
    }
    json_object_set(form, "doc_type", json_object_get(json_object_get(d, "type"), "code"));
    json_t *iss = json_object_get(d, "issuer");
    if (json_is_object(iss)) json_object_set(form, "issuer", json_object_get(iss, "code"));
    json_decref(d);
    return form_page(r, 200, id, form, NULL);
}

mc_err web_legal_doc_save(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_legal_docs_update, &id, 1, r->upload ? NULL : web_form_fields(r, &f, doc_names), &out, &st, &e2))
        return form_page(r, web_status(e2.code), id, web_form_fields(r, &f, doc_names), e2.message);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/can-bo/van-ban/%s", id));
}

/* ---- a document ---------------------------------------------------------------------------------- */

/* The document's page, with what the action before it left: the form typed (`which`: "change" or
 * "review"), an error. */
static mc_err doc_page(api_req *r, int status, const char *which, json_t *form, const char *error) {
    const char *id = r->params[0];
    json_t *d, *jr;
    int st;
    mc_error e2;
    if (web_api(r, api_legal_docs_get, &id, 1, NULL, &d, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    doc_words(d);
    json_t *ctx = json_pack("{s:o}", "d", d);
    if (!web_api(r, api_legal_docs_journal, &id, 1, NULL, &jr, &st, &e2)) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(jr, "entries"), i, x)
            web_date_words(x, (const char *const[]){"at", NULL}, true);
        json_object_set_new(ctx, "journal", json_incref(json_object_get(jr, "entries")));
        json_decref(jr);
    }
    if (!form) form = json_object();
    size_t nr, nb;
    const ld_choice *rs = ld_results(&nr), *bs = ld_bases(&nb);
    const char *is_change = which && !strcmp(which, "change") ? "1" : NULL;
    json_object_set_new(ctx, "actions",
                        action_choices(is_change ? json_string_value(json_object_get(form, "action")) : NULL));
    json_object_set_new(ctx, "results", choices(rs, nr, json_string_value(json_object_get(form, "result"))));
    json_object_set_new(ctx, "bases", choices(bs, nb, json_string_value(json_object_get(form, "basis"))));
    json_object_set_new(ctx, "error_change", json_boolean(is_change != NULL));
    json_object_set_new(ctx, "error_review", json_boolean(which && !strcmp(which, "review")));
    const char *rel = json_string_value(json_object_get(form, "relation"));
    json_object_set_new(ctx, "rel_consolidates", json_boolean(rel && !strcmp(rel, "consolidates")));
    const char *scope = json_string_value(json_object_get(form, "scope"));
    json_object_set_new(ctx, "scope_part", json_boolean(scope && !strcmp(scope, "part")));
    const char *kind = json_string_value(json_object_get(form, "kind"));
    json_object_set_new(ctx, "kind_self", json_boolean(kind && !strcmp(kind, "self_check")));
    web_form_context(r, ctx, form, error, NULL);
    const char *number = json_string_value(json_object_get(json_object_get(ctx, "d"), "number"));
    return web_page(r, status, "legal_doc", arena_printf(r->a, "Văn bản %s", number ? number : ""), ctx);
}

mc_err web_legal_doc(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return doc_page(r, 200, NULL, NULL, NULL);
}

mc_err web_legal_doc_change(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"action", "by", "relation", "scope", "part", "effective_on", "reason", NULL};
    json_t *form = web_form_fields(r, &f, names);
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_legal_docs_change, &id, 1, json_deep_copy(form), &out, &st, &e2))
        return doc_page(r, web_status(e2.code), "change", form, e2.message);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/can-bo/van-ban/%s#thu-tuc", id));
}

mc_err web_legal_doc_review(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"kind",     "basis",    "basis_note", "started_on", "done_on", "result",
                                        "findings", "proposal", "handler",    "deadline",   NULL};
    json_t *form = web_form_fields(r, &f, names);
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_legal_docs_review, &id, 1, json_deep_copy(form), &out, &st, &e2))
        return doc_page(r, web_status(e2.code), "review", form, e2.message);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/can-bo/van-ban/%s#ra-soat", id));
}

/* ---- systematisation ----------------------------------------------------------------------------- */

mc_err web_legal_docs_system(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    json_t *sys, *ctx = json_object();
    int st;
    mc_error e2;
    const char *issuer = api_query(r, "issuer");
    json_object_set_new(ctx, "issuers", issuer_choices(r, issuer));
    int y, m, d;
    day_to_ymd(time_local_day(time_now()), &y, &m, &d);
    const char *cq = api_query(r, "cycle");
    json_t *cycles = json_array();
    for (int c = 2019; c <= y; c += 5) {
        char b[16];
        snprintf(b, sizeof b, "%d", c);
        json_array_append_new(
            cycles, json_pack("{s:i, s:i, s:b}", "first", c, "last", c + 4, "selected", cq && !strcmp(cq, b)));
    }
    json_object_set_new(ctx, "cycles", cycles);
    if (web_api(r, api_legal_docs_system, NULL, 0, NULL, &sys, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "legal_system", SYSTEM_TITLE, ctx);
    }
    static const char *const lists[] = {"in_force", "ended", "to_act"};
    for (size_t k = 0; k < 3; k++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(sys, lists[k]), i, x) {
            web_date_words(x, doc_days, true);
            json_object_set_new(x, "n", json_integer((json_int_t)i + 1));
            web_date_words(json_object_get(x, "ended_by"), (const char *const[]){"effective_on", NULL}, true);
            web_date_words(json_object_get(x, "review"), (const char *const[]){"done_on", "deadline", NULL}, true);
        }
    }
    web_date_words(sys, (const char *const[]){"start", "cutoff", NULL}, true);
    json_object_set_new(ctx, "s", sys);
    json_t *enc = web_url_part(issuer && *issuer ? issuer : "");
    json_object_set_new(ctx, "csv",
                        json_string(arena_printf(r->a, "/api/v1/legal-docs/system.csv?cycle=%lld%s%s",
                                                 (long long)json_integer_value(json_object_get(sys, "first_year")),
                                                 issuer && *issuer ? "&issuer=" : "", json_string_value(enc))));
    json_decref(enc);
    return web_page(r, 200, "legal_system", SYSTEM_TITLE, ctx);
}

/* ---- flagged procedures -------------------------------------------------------------------------- */

static mc_err flags_page(api_req *r, int status, const char *error, const char *done) {
    json_t *fl, *ctx = json_object();
    int st;
    mc_error e2;
    if (web_api(r, api_legal_flags_list, NULL, 0, NULL, &fl, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(fl, "flags"), i, x)
        web_date_words(x, (const char *const[]){"flagged_at", "cleared_at", NULL}, true);
    json_object_set_new(ctx, "fl", fl);
    const char *all = api_query(r, "all");
    json_object_set_new(ctx, "all", json_boolean(all && !strcmp(all, "1")));
    web_form_context(r, ctx, NULL, error, done);
    return web_page(r, status, "legal_flags", FLAGS_TITLE, ctx);
}

mc_err web_legal_flags(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return flags_page(r, 200, NULL, NULL);
}

mc_err web_legal_flag_clear(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *note = web_form_text(r, &f, "note");
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_legal_flags_clear, &id, 1, note ? json_pack("{s:s}", "note", note) : json_object(), &out, &st,
                &e2))
        return flags_page(r, web_status(e2.code), e2.message, NULL);
    json_decref(out);
    return web_redirect(r, "/can-bo/thu-tuc-can-cap-nhat");
}

/* ---- the public list ----------------------------------------------------------------------------- */

mc_err web_public_legal_docs(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    json_t *list, *ctx = json_object();
    int st;
    mc_error e2;
    json_object_set_new(ctx, "filter",
                        json_pack("{s:s, s:s}", "year", api_query(r, "year") ? api_query(r, "year") : "", "q",
                                  api_query(r, "q") ? api_query(r, "q") : ""));
    size_t n;
    const ld_type *t = ld_types(&n);
    json_t *types = json_array();
    const char *chosen = api_query(r, "type");
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].level, "national") != 0)
            json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "code", t[i].code, "label", t[i].label,
                                                   "selected", chosen && !strcmp(chosen, t[i].code)));
    json_object_set_new(ctx, "types", types);
    if (web_api(r, api_public_legal_docs, NULL, 0, NULL, &list, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "legal_public", PUBLIC_TITLE, ctx);
    }
    list_words(list);
    pager(r, ctx, list, "/van-ban");
    json_object_set_new(ctx, "l", list);
    return web_page(r, 200, "legal_public", PUBLIC_TITLE, ctx);
}
