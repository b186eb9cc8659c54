/* web_cchc_reports.c - the officers' pages of the periodic CCHC reports (issue 16, reports.h):
 * /can-bo/bao-cao-cchc?year=&kind= chooses the period and shows the user's own unit's report and, to
 * whoever reads units below, how far each of them is; /can-bo/bao-cao-cchc/{unit}/{year}/{kind} is one
 * report: its window and due day, the header and the sections to write, the submission (which freezes
 * the figures), the annex (live or frozen) and its files. Every read and write is the API's own
 * handler (api_cchc_reports.c), so the rules and the Vietnamese messages are the API's; pages work
 * without JavaScript and every form carries its CSRF token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "reports.h"
#include "text.h"
#include "timeutil.h"
#include "users.h"
#include "web.h"
#include "web_internal.h"

#define LIST_TITLE "Báo cáo cải cách hành chính định kỳ"
#define BASE       "/can-bo/bao-cao-cchc"

/* ---- words for people ---------------------------------------------------------------------------------- */

static const struct {
    const char *state, *label, *css;
} states[] = {
    {"none", "Chưa soạn", "st-open"},
    {"draft", "Đang soạn", "st-in_progress"},
    {"submitted", "Đã gửi", "st-done"},
};

/* Adds state_label and state_class (the badge) beside o's "state". */
static void state_words(json_t *o) {
    const char *s = json_string_value(json_object_get(o, "state"));
    for (size_t i = 0; s && i < sizeof states / sizeof states[0]; i++)
        if (!strcmp(s, states[i].state)) {
            json_object_set_new(o, "state_label", json_string(states[i].label));
            json_object_set_new(o, "state_class", json_string(states[i].css));
            json_object_set_new(o, "submitted", json_boolean(i == 2));
        }
}

/* Adds from_text, to_text and due_text to a window {from, to, due}. */
static void window_words(json_t *w) {
    static const char *const keys[] = {"from", "to", "due"};
    for (size_t i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "%s_text", keys[i]);
        json_object_set_new(w, name, web_dmy(json_string_value(json_object_get(w, keys[i]))));
    }
}

/* The name of the account `username` (people are named, not their accounts), or what was given. */
static const char *person(api_req *r, const char *username) {
    user u;
    if (!username) return NULL;
    if (users_get(store_reader(r->app->st), r->a, username, &u, NULL, NULL) == MC_OK && u.name && *u.name)
        return u.name;
    return username;
}

/* ---- the periods ------------------------------------------------------------------------------------------ */

/* The report due next: the first period of this year whose due day is today or later; after the year's
 * last due day, next year's first quarter. */
static void current_period(int *year, rp_kind *kind) {
    mc_day today = time_local_day(time_now());
    int y, m, d;
    day_to_ymd(today, &y, &m, &d);
    for (int k = 0; k < RP__KINDS; k++) {
        mc_day from, to, due;
        reports_window((rp_kind)k, y, &from, &to, &due);
        if (due >= today) {
            *year = y;
            *kind = (rp_kind)k;
            return;
        }
    }
    *year = y + 1;
    *kind = RP_Q1;
}

/* The period form's choices: a few years around today's (and the one asked for), the four kinds. */
static json_t *year_choices(const char *chosen) {
    int y, m, d;
    day_to_ymd(time_local_day(time_now()), &y, &m, &d);
    long c = chosen ? strtol(chosen, NULL, 10) : 0;
    json_t *v = json_array();
    if (c > y + 1 && c <= 2100) json_array_append_new(v, json_pack("{s:I, s:b}", "year", (json_int_t)c, "selected", 1));
    for (int k = y + 1; k >= y - 4; k--)
        json_array_append_new(v, json_pack("{s:i, s:b}", "year", k, "selected", c == k));
    if (c >= 2000 && c < y - 4) json_array_append_new(v, json_pack("{s:I, s:b}", "year", (json_int_t)c, "selected", 1));
    return v;
}

static json_t *kind_choices(const char *chosen) {
    json_t *v = json_array();
    for (int k = 0; k < RP__KINDS; k++)
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "name", rp_kind_name((rp_kind)k), "label",
                                           rp_kind_label((rp_kind)k), "selected",
                                           chosen && !strcmp(chosen, rp_kind_name((rp_kind)k))));
    return v;
}

/* ---- the overview ----------------------------------------------------------------------------------------- */

mc_err web_cchc_reports(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    const char *ys = api_query(r, "year"), *ks = api_query(r, "kind");
    if (!ys || !*ys || !ks || !*ks) { /* the report due next, with its period in the address */
        int y;
        rp_kind k;
        current_period(&y, &k);
        const char *year = ys && *ys ? web_url_enc(r, ys) : arena_printf(r->a, "%d", y);
        const char *kind = ks && *ks ? web_url_enc(r, ks) : rp_kind_name(k);
        return web_redirect(r, arena_printf(r->a, BASE "?year=%s&kind=%s", year, kind));
    }
    json_t *ctx = json_pack("{s:o, s:o}", "years", year_choices(ys), "kinds", kind_choices(ks));
    json_t *list;
    int st;
    mc_error e2;
    if (web_api(r, api_cchc_reports_list, NULL, 0, NULL, &list, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "cchc_reports", LIST_TITLE, ctx);
    }
    int year = (int)json_integer_value(json_object_get(list, "year"));
    const char *kind = json_string_value(json_object_get(list, "kind"));
    int k = rp_kind_parse(kind);
    window_words(json_object_get(list, "window"));
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(list, "units"), i, x) {
        state_words(x);
        json_object_set_new(
            x, "href",
            json_string(arena_printf(r->a, BASE "/%s/%d/%s",
                                     web_url_enc(r, json_string_value(json_object_get(x, "code"))), year, kind)));
    }
    json_object_set_new(ctx, "list", list);
    json_object_set_new(ctx, "period", json_string(k >= 0 ? rp_kind_label((rp_kind)k) : ""));
    json_object_set_new(ctx, "year", json_integer(year));
    /* The user's own unit's report, when they have a unit and may read it. */
    if (u->unit_code) {
        const char *params[3] = {u->unit_code, arena_printf(r->a, "%d", year), kind};
        json_t *rp;
        if (!web_api(r, api_cchc_report_get, params, 3, NULL, &rp, &st, &e2)) {
            state_words(rp);
            window_words(json_object_get(rp, "window"));
            json_t *own = json_pack(
                "{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s}", "unit", json_object_get(rp, "unit"),
                "state_label", json_object_get(rp, "state_label"), "state_class", json_object_get(rp, "state_class"),
                "submitted", json_object_get(rp, "submitted"), "window", json_object_get(rp, "window"), "number",
                json_object_get(rp, "number"), "submitted_at", json_object_get(rp, "submitted_at"), "may_write",
                json_object_get(rp, "may_write"), "may_submit", json_object_get(rp, "may_submit"), "href",
                arena_printf(r->a, BASE "/%s/%d/%s", web_url_enc(r, u->unit_code), year, kind));
            json_object_set_new(ctx, "own", own);
            json_decref(rp);
        }
    }
    return web_page(r, 200, "cchc_reports", LIST_TITLE, ctx);
}

/* ---- a report --------------------------------------------------------------------------------------------- */

static const char *const heads[] = {"number", "place", "signer_title", "signer_name", "recipients", NULL};

/* v with CR LF (as browsers send a textarea's lines) as LF, trimmed; "" when only spaces. */
static const char *lines_of(api_req *r, const char *v) {
    char *s = arena_strdup(r->a, v), *o = s;
    for (const char *p = s; *p; p++)
        if (*p != '\r') *o++ = *p;
    *o = 0;
    return text_trim(s);
}

/* What was typed, as the API's body: the header fields and the sections present in the form ("" for one
 * emptied). *any: whether the form had any of them. */
static json_t *typed(api_req *r, const web_form *f, bool *any) {
    json_t *o = json_object(), *secs = json_object();
    *any = false;
    for (const char *const *h = heads; *h; h++) {
        const char *v = web_form_get(f, *h);
        if (!v) continue;
        json_object_set_new(o, *h, json_string(lines_of(r, v)));
        *any = true;
    }
    const rp_section *ol = reports_outline();
    for (int i = 0; i < RP_SECTIONS; i++) {
        const char *v = web_form_get(f, arena_printf(r->a, "muc_%s", ol[i].key));
        if (!v) continue;
        json_object_set_new(secs, ol[i].key, json_string(lines_of(r, v)));
        *any = true;
    }
    json_object_set_new(o, "sections", secs);
    return o;
}

/* The id of the page's field an API error names (the top message links to it). */
static const char *field_id(api_req *r, const char *field) {
    static const struct {
        const char *field, *id;
    } ids[] = {
        {"number", "so"},           {"place", "dia-danh"},   {"signer_title", "chuc-vu"}, {"signer_name", "nguoi-ky"},
        {"recipients", "noi-nhan"}, {"xac_nhan", "xac-nhan"}};
    if (!strncmp(field, "sections.", 9)) return arena_printf(r->a, "muc-%s", field + 9);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (!strcmp(ids[i].field, field)) return ids[i].id;
    return "noi-dung";
}

/* The annex's figures in their groups, in order: [{title, figures: [...]}]. */
static json_t *annex_groups(json_t *figures) {
    json_t *groups = json_array(), *g = NULL, *fg;
    const char *cur = NULL;
    size_t i;
    json_array_foreach(figures, i, fg) {
        const char *name = json_string_value(json_object_get(fg, "group"));
        if (!name) continue;
        if (!cur || strcmp(cur, name)) {
            g = json_pack("{s:s, s:[], s:I}", "title", name, "figures", "n", (json_int_t)json_array_size(groups) + 1);
            json_array_append_new(groups, g);
            cur = name;
        }
        json_array_append(json_object_get(g, "figures"), fg);
    }
    return groups;
}

/* The report's page; after a refused save or submission, what was typed (`form`, stolen) with the error
 * beside its field (e), and `done` (a confirmation line, or NULL). */
static mc_err report_page(api_req *r, int status, json_t *form, const mc_error *e, const char *error,
                          const char *done) {
    const char *params[3] = {r->params[0], r->params[1], r->params[2]};
    json_t *rp;
    int st;
    mc_error e2;
    if (web_api(r, api_cchc_report_get, params, 3, NULL, &rp, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    state_words(rp);
    window_words(json_object_get(rp, "window"));
    const char *code = json_string_value(json_object_get(json_object_get(rp, "unit"), "code"));
    const char *kind = json_string_value(json_object_get(json_object_get(rp, "period"), "name"));
    int year = (int)json_integer_value(json_object_get(rp, "year"));
    const char *path = arena_printf(r->a, BASE "/%s/%d/%s", web_url_enc(r, code), year, kind);
    const char *files = arena_printf(r->a, "/api/v1/cchc-reports/%s/%d/%s", web_url_enc(r, code), year, kind);
    json_t *ctx = json_pack("{s:s, s:s, s:s}", "path", path, "files", files, "overview",
                            arena_printf(r->a, BASE "?year=%d&kind=%s", year, kind));
    /* The field an error is about: a header field (fe.<name>), a section (its own "error"), the confirmation. */
    const char *field = e && e->field[0] ? e->field : "";
    json_t *fe = json_object();
    if (*field && strncmp(field, "sections.", 9)) json_object_set_new(fe, field, json_string(e->message));
    /* The values shown: what was typed, else what is stored. */
    json_t *v = json_object();
    for (const char *const *h = heads; *h; h++) {
        json_t *t = form ? json_object_get(form, *h) : NULL;
        if (!t) t = json_object_get(rp, *h);
        json_object_set_new(v, *h, json_string(json_is_string(t) ? json_string_value(t) : ""));
    }
    json_t *secs = json_object_get(rp, "sections"), *s, *typed_secs = form ? json_object_get(form, "sections") : NULL;
    size_t i;
    json_array_foreach(secs, i, s) {
        const char *key = json_string_value(json_object_get(s, "key"));
        json_t *t = typed_secs ? json_object_get(typed_secs, key) : NULL;
        json_object_set_new(
            s, "value",
            json_string(json_is_string(t) ? json_string_value(t) : json_string_value(json_object_get(s, "text"))));
        /* Always set: a section without its own error must not show the page's (templates look outwards). */
        bool mine = *field && !strncmp(field, "sections.", 9) && key && !strcmp(field + 9, key);
        json_object_set_new(s, "error", mine ? json_string(e->message) : json_null());
    }
    json_decref(form);
    json_object_set_new(ctx, "fe", fe);
    if (*field) json_object_set_new(ctx, "error_for", json_string(field_id(r, field)));
    json_object_set_new(ctx, "groups", annex_groups(json_object_get(rp, "figures")));
    const char *by = json_string_value(json_object_get(rp, "submitted_by"));
    if (by) json_object_set_new(ctx, "submitted_by_name", json_string(person(r, by)));
    json_t *units = json_object_get(rp, "units");
    json_object_set_new(ctx, "province", json_boolean(json_integer_value(json_object_get(units, "expected")) > 0));
    int k = rp_kind_parse(kind);
    const char *title = arena_printf(r->a, "Báo cáo CCHC %s năm %d: %s", k >= 0 ? rp_kind_label((rp_kind)k) : "", year,
                                     json_string_value(json_object_get(json_object_get(rp, "unit"), "name")));
    json_object_set_new(ctx, "rp", rp);
    web_form_context(r, ctx, v, error, done);
    return web_page(r, status, "cchc_report", title, ctx);
}

/* The confirmation line of ?xong=. */
static const char *done_text(const char *x) {
    if (!x) return NULL;
    if (!strcmp(x, "luu")) return "Đã lưu bản nháp.";
    if (!strcmp(x, "gui"))
        return "Đã gửi báo cáo. Nội dung và số liệu phụ lục được giữ nguyên như lúc gửi; cấp trên xem được ngay.";
    return NULL;
}

mc_err web_cchc_report(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return report_page(r, 200, NULL, NULL, NULL, done_text(api_query(r, "xong")));
}

/* Where a report's page is, from the path of its form. */
static const char *page_of(api_req *r, const char *tail) {
    return arena_printf(r->a, BASE "/%s/%s/%s%s", web_url_enc(r, r->params[0]), web_url_enc(r, r->params[1]),
                        web_url_enc(r, r->params[2]), tail);
}

/* Saves what was typed through the API; false with e2 filled when refused. */
static bool save(api_req *r, json_t *form, mc_error *e2) {
    const char *params[3] = {r->params[0], r->params[1], r->params[2]};
    json_t *out;
    int st;
    if (web_api(r, api_cchc_report_save, params, 3, json_deep_copy(form), &out, &st, e2)) return false;
    json_decref(out);
    return true;
}

mc_err web_cchc_report_save(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    bool any;
    json_t *form = typed(r, &f, &any);
    mc_error e2;
    if (!save(r, form, &e2))
        return report_page(r, web_status(e2.code), form, &e2, arena_printf(r->a, "Chưa lưu được: %s", e2.message),
                           NULL);
    json_decref(form);
    return web_redirect(r, page_of(r, "?xong=luu"));
}

mc_err web_cchc_report_submit(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    bool any;
    json_t *form = typed(r, &f, &any);
    mc_error e2;
    if (!web_form_get(&f, "xac_nhan")) {
        mc_fail(&e2, MC_ERR_INVALID, "xac_nhan",
                "Hãy đánh dấu ô xác nhận đã đọc lại báo cáo trước khi gửi: sau khi gửi không sửa được nữa.",
                "Confirm before submitting.");
        return report_page(r, 400, form, &e2, arena_printf(r->a, "Chưa gửi báo cáo: %s", e2.message), NULL);
    }
    /* What the page's form holds is saved first: nothing typed is lost by submitting. */
    if (any && !save(r, form, &e2))
        return report_page(r, web_status(e2.code), form, &e2, arena_printf(r->a, "Chưa gửi được: %s", e2.message),
                           NULL);
    const char *params[3] = {r->params[0], r->params[1], r->params[2]};
    json_t *out;
    int st;
    if (web_api(r, api_cchc_report_submit, params, 3, NULL, &out, &st, &e2))
        return report_page(r, web_status(e2.code), form, &e2, arena_printf(r->a, "Chưa gửi được: %s", e2.message),
                           any ? "Nội dung vừa nhập đã được lưu bản nháp." : NULL);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, page_of(r, "?xong=gui"));
}
