/* web_parindex.c - the officers' pages of the PAR INDEX (issue 17, parindex.h): the rounds and the
 * opening form (/can-bo/chi-so-cchc), a round's ranking with its chart and the finalisation
 * (/can-bo/chi-so-cchc/{id}), a unit's assessment where the unit self-scores with evidence, the
 * council appraises and the unit explains (/can-bo/chi-so-cchc/{id}/{unit}), and a head of unit's
 * scorecard across years (/can-bo/the-diem/{unit}). Every read and write is the API's handler
 * (api_parindex.c): the rules and the Vietnamese messages are the API's; the charts are inline SVG
 * drawn here beside their tables; pages work without JavaScript, every form carries its CSRF token. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "parindex.h"
#include "perm.h"
#include "text.h"
#include "timeutil.h"
#include "web.h"
#include "web_internal.h"

#define BASE       "/can-bo/chi-so-cchc"
#define LIST_TITLE "Chỉ số cải cách hành chính"

/* ---- words and numbers for people ---------------------------------------------------------------------- */

/* A JSON number as people write it: "45,5", "0,25", "100" (NULL: "—"). */
static json_t *vn(json_t *v) {
    if (!json_is_number(v)) return json_string("—");
    char b[32];
    snprintf(b, sizeof b, "%.2f", json_number_value(v));
    char *dot = strchr(b, '.');
    if (dot) {
        *dot = ',';
        char *end = b + strlen(b) - 1;
        while (*end == '0') *end-- = 0;
        if (*end == ',') *end = 0;
    }
    return json_string(b);
}

/* Adds key_text beside each number key of o. */
static void texts(json_t *o, const char *const *keys) {
    for (; *keys; keys++) {
        char name[48];
        snprintf(name, sizeof name, "%s_text", *keys);
        json_object_set_new(o, name, vn(json_object_get(o, *keys)));
    }
}

static void round_words(json_t *rd) {
    json_object_set_new(rd, "self_due_text", web_dmy(json_string_value(json_object_get(rd, "self_due"))));
    json_object_set_new(rd, "explain_due_text", web_dmy(json_string_value(json_object_get(rd, "explain_due"))));
    bool final = !strcmp(json_string_value(json_object_get(rd, "state")) ?: "", "final");
    json_object_set_new(rd, "final", json_boolean(final));
    json_object_set_new(rd, "state_label", json_string(final ? "Đã công bố kết quả" : "Đang đánh giá"));
    json_object_set_new(rd, "state_class", json_string(final ? "st-done" : "st-in_progress"));
}

/* The badge of an assessment's state. */
static const char *state_class(const char *s) {
    static const struct {
        const char *s, *css;
    } t[] = {{"draft", "st-not_started"},
             {"submitted", "st-in_progress"},
             {"appraised", "st-in_progress"},
             {"explained", "st-in_progress"},
             {"final", "st-done"}};
    for (size_t i = 0; s && i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].s, s)) return t[i].css;
    return "st-open";
}

static json_t *fixed1(double x) {
    return json_real(round(x * 10.0) / 10.0);
}

/* A page reading the API handler fn with the path's parameters; the error page when refused. */
static bool read_api(api_req *r, api_handler fn, const char *const *params, int np, json_t **out) {
    int st;
    mc_error e2;
    if (!web_api(r, fn, params, np, NULL, out, &st, &e2)) return true;
    web_error(r, web_status(e2.code), e2.message);
    return false;
}

/* ---- the rounds -------------------------------------------------------------------------------------------- */

/* The rounds page; after a refused opening, what was typed and the error. */
static mc_err rounds_page(api_req *r, int status, json_t *form, const char *error, const char *done) {
    user *u = api_user(r);
    json_t *list, *sets;
    if (!read_api(r, api_par_rounds, NULL, 0, &list) || !read_api(r, api_par_sets, NULL, 0, &sets)) {
        json_decref(form);
        return MC_OK;
    }
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(list, "items"), i, x) {
        round_words(x);
        json_object_set_new(
            x, "href",
            json_string(arena_printf(r->a, BASE "/%lld", (long long)json_integer_value(json_object_get(x, "id")))));
    }
    json_t *ctx = json_pack("{s:o, s:o}", "rounds",
                            json_object_get(list, "items") ? json_incref(json_object_get(list, "items")) : json_array(),
                            "sets", json_incref(json_object_get(sets, "items")));
    json_decref(list);
    json_decref(sets);
    /* who may open a round: a council manager (Sở Nội vụ's leaders) or an administrator; the council is their unit */
    bool manage = u && perm_scope_of(u->roles, ACT_PAR_MANAGE) != SCOPE_NONE;
    json_object_set_new(ctx, "may_open", json_boolean(manage));
    if (manage) {
        const char *chosen = form ? json_string_value(json_object_get(form, "council")) : NULL;
        json_object_set_new(ctx, "councils", web_unit_choices(r, u, chosen ? chosen : u->unit_code));
        int y, m, d;
        day_to_ymd(time_local_day(time_now()), &y, &m, &d);
        if (!form) form = json_pack("{s:i}", "year", y);
    }
    if (u && u->unit_code)
        json_object_set_new(ctx, "card",
                            json_string(arena_printf(r->a, "/can-bo/the-diem/%s", web_url_enc(r, u->unit_code))));
    web_form_context(r, ctx, form ? form : json_object(), error, done);
    return web_page(r, status, "par_rounds", LIST_TITLE, ctx);
}

mc_err web_par_rounds(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    const char *x = api_query(r, "xong");
    return rounds_page(r, 200, NULL, NULL, x && !strcmp(x, "mo") ? "Đã mở vòng đánh giá." : NULL);
}

mc_err web_par_round_open(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const fields[] = {"level", "set", "council", "self_due", "explain_due", NULL};
    json_t *form = json_object(), *body = json_object();
    for (const char *const *k = fields; *k; k++) {
        const char *v = web_form_text(r, &f, *k);
        json_object_set_new(form, *k, json_string(v ? v : ""));
        if (v) json_object_set_new(body, *k, json_string(v));
    }
    const char *y = web_form_text(r, &f, "year");
    json_object_set_new(form, "year", json_string(y ? y : ""));
    char *end;
    long year = y ? strtol(y, &end, 10) : 0;
    if (y && !*end) json_object_set_new(body, "year", json_integer(year));
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_par_round_open, NULL, 0, body, &out, &st, &e2))
        return rounds_page(r, web_status(e2.code), form,
                           arena_printf(r->a, "Chưa mở được vòng đánh giá: %s", e2.message), NULL);
    json_decref(form);
    const char *to =
        arena_printf(r->a, BASE "/%lld?xong=mo", (long long)json_integer_value(json_object_get(out, "id")));
    json_decref(out);
    return web_redirect(r, to);
}

/* ---- a round ------------------------------------------------------------------------------------------------- */

/* The round's page: its units, their progress and (for the council, or once final) the ranking. */
static mc_err round_page(api_req *r, int status, const char *error, const char *done) {
    const char *params[1] = {r->params[0]};
    json_t *rd;
    if (!read_api(r, api_par_round, params, 1, &rd)) return MC_OK;
    round_words(rd);
    json_t *set = json_object_get(rd, "set_detail");
    /* the domains' names, for the strongest and weakest */
    json_t *dnames = json_object(), *n;
    size_t i;
    json_array_foreach(json_object_get(set, "nodes"), i, n) {
        if (json_integer_value(json_object_get(n, "depth")) == 0)
            json_object_set(dnames, json_string_value(json_object_get(n, "code")), json_object_get(n, "name"));
    }
    static const char *const nums[] = {"points", "max", "index", NULL};
    json_t *x, *ranked = json_array();
    int counts[5] = {0};
    static const char *const states[] = {"draft", "submitted", "appraised", "explained", "final"};
    json_array_foreach(json_object_get(rd, "units"), i, x) {
        texts(x, nums);
        const char *st = json_string_value(json_object_get(x, "state"));
        json_object_set_new(x, "state_class", json_string(state_class(st)));
        for (int k = 0; k < 5; k++)
            if (st && !strcmp(st, states[k])) counts[k]++;
        json_t *prev = json_object_get(x, "previous");
        if (json_is_object(prev)) {
            double ch = json_number_value(json_object_get(prev, "change"));
            json_object_set_new(prev, "change_text",
                                json_string(arena_printf(r->a, "%s%s", ch > 0 ? "+" : "",
                                                         json_string_value(vn(json_object_get(prev, "change"))))));
        }
        const char *best = json_string_value(json_object_get(x, "strongest")),
                   *worst = json_string_value(json_object_get(x, "weakest"));
        /* a domain as "7. Xây dựng và phát triển chính…": its code and the start of its name */
        static const char *const ends[] = {"strongest", "weakest"};
        for (int k = 0; k < 2; k++) {
            const char *code = k ? worst : best;
            const char *nm = code ? json_string_value(json_object_get(dnames, code)) : NULL;
            if (nm)
                json_object_set_new(x, arena_printf(r->a, "%s_name", ends[k]),
                                    json_string(arena_printf(r->a, "%s. %s", code,
                                                             web_utf8_chars(nm) > 30 ? web_utf8_head(nm, 28) : nm)));
        }
        json_object_set_new(
            x, "href",
            json_string(
                arena_printf(r->a, BASE "/%s/%s", web_url_enc(r, r->params[0]),
                             web_url_enc(r, json_string_value(json_object_get(json_object_get(x, "unit"), "code"))))));
        if (json_object_get(x, "index"))
            json_array_append_new(ranked, json_pack("{s:O, s:O, s:O}", "name",
                                                    json_object_get(json_object_get(x, "unit"), "name"), "index",
                                                    json_object_get(x, "index"), "index_text",
                                                    json_object_get(x, "index_text")));
    }
    json_decref(dnames);
    json_t *counts_j = json_pack("{s:i, s:i, s:i, s:i}", "draft", counts[0], "submitted", counts[1], "appraised",
                                 counts[2] + counts[3], "final", counts[4]);
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:b}", "rd", rd, "counts", counts_j, "chart",
                            web_hbar_chart(ranked, "name", "index", "index_text", NULL, 100), "scores",
                            json_array_size(ranked) > 0);
    json_decref(ranked);
    /* the province's weakest and strongest criteria (the API lists them weakest first) */
    json_t *crit = json_object_get(rd, "criteria"), *weak = json_array(), *strong = json_array();
    size_t nc = json_array_size(crit);
    json_array_foreach(crit, i, x) {
        json_object_set_new(x, "mean_text", vn(json_object_get(x, "mean")));
    }
    for (size_t k = 0; k < nc && k < 5; k++) json_array_append(weak, json_array_get(crit, k));
    for (size_t k = 0; k < nc && k < 5; k++) json_array_append(strong, json_array_get(crit, nc - 1 - k));
    json_object_set_new(ctx, "weak", weak);
    json_object_set_new(ctx, "strong", strong);
    json_object_set_new(ctx, "path", json_string(arena_printf(r->a, BASE "/%s", web_url_enc(r, r->params[0]))));
    json_object_set_new(ctx, "may_finalise",
                        json_boolean(json_is_true(json_object_get(rd, "council_member")) &&
                                     !json_is_true(json_object_get(rd, "final")) && api_user(r) &&
                                     perm_scope_of(api_user(r)->roles, ACT_PAR_MANAGE) != SCOPE_NONE));
    web_form_context(r, ctx, json_object(), error, done);
    const char *title =
        arena_printf(r->a, "Chỉ số CCHC năm %lld: %s", (long long)json_integer_value(json_object_get(rd, "year")),
                     json_string_value(json_object_get(rd, "level_label")));
    return web_page(r, status, "par_round", title, ctx);
}

mc_err web_par_round(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    const char *x = api_query(r, "xong");
    const char *done = !x                 ? NULL
                       : !strcmp(x, "mo") ? "Đã mở vòng đánh giá: các đơn vị tự chấm điểm đến hạn."
                       : !strcmp(x, "cong-bo") ? "Đã công bố kết quả: số liệu tính từ hệ thống được chốt, điểm đã khóa."
                                               : NULL;
    return round_page(r, 200, NULL, done);
}

mc_err web_par_round_finalise(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    if (!web_form_get(&f, "xac_nhan"))
        return round_page(r, 400,
                          "Hãy đánh dấu ô xác nhận trước khi công bố: sau khi công bố, điểm được khóa, không sửa được.",
                          NULL);
    const char *params[1] = {r->params[0]};
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_par_round_finalise, params, 1, NULL, &out, &st, &e2))
        return round_page(r, web_status(e2.code), arena_printf(r->a, "Chưa công bố được: %s", e2.message), NULL);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, BASE "/%s?xong=cong-bo", web_url_enc(r, r->params[0])));
}

/* ---- a unit's assessment ------------------------------------------------------------------------------------- */

/* What a refused form leaves on the page: the leaf it was about, what was typed, the message. */
typedef struct {
    const char *leaf, *score, *note, *message;
} typed_leaf;

static mc_err unit_page(api_req *r, int status, const typed_leaf *t, const char *error, const char *done) {
    const char *params[2] = {r->params[0], r->params[1]};
    json_t *a;
    if (!read_api(r, api_par_assessment, params, 2, &a)) return MC_OK;
    json_t *rd = json_object_get(a, "round");
    round_words(rd);
    json_t *may = json_object_get(a, "may");
    static const char *const nums[] = {"points", "max", "index", NULL};
    static const char *const node_nums[] = {"points", "applicable_max", "max", NULL};
    texts(a, nums);
    json_object_set_new(a, "state_class", json_string(state_class(json_string_value(json_object_get(a, "state")))));
    json_t *n, *domains = json_array(), *explainable = json_array();
    size_t i;
    json_array_foreach(json_object_get(a, "nodes"), i, n) {
        texts(n, node_nums);
        int depth = (int)json_integer_value(json_object_get(n, "depth"));
        const char *code = json_string_value(json_object_get(n, "code"));
        json_object_set_new(n, "is_domain", json_boolean(depth == 0));
        json_object_set_new(n, "anchor", json_string(arena_printf(r->a, "tc-%s", code)));
        if (depth == 0) {
            double mx = json_number_value(json_object_get(n, "applicable_max"));
            json_t *d = json_pack(
                "{s:O, s:o}", "name", json_object_get(n, "name"), "index",
                mx > 0 ? json_real(round(10000.0 * json_number_value(json_object_get(n, "points")) / mx) / 100.0)
                       : json_null());
            json_object_set_new(d, "index_text", vn(json_object_get(d, "index")));
            json_array_append_new(domains, d);
        }
        if (!json_is_true(json_object_get(n, "leaf"))) continue;
        bool self = !strcmp(json_string_value(json_object_get(n, "method")) ?: "", "self");
        json_object_set_new(n, "is_self", json_boolean(self));
        json_t *s = json_object_get(n, "self"), *ap = json_object_get(n, "appraisal"), *v = json_object_get(n, "value");
        if (json_is_object(s)) json_object_set_new(s, "score_text", vn(json_object_get(s, "score")));
        if (json_is_object(ap)) {
            json_object_set_new(ap, "score_text", vn(json_object_get(ap, "score")));
            json_array_append(explainable, n);
        }
        if (json_is_object(v)) json_object_set_new(v, "value_text", vn(json_object_get(v, "value")));
        json_object_set_new(n, "may_self", json_boolean(self && json_is_true(json_object_get(may, "self"))));
        json_object_set_new(n, "may_appraise", json_boolean(self && json_is_true(json_object_get(may, "appraise"))));
        /* the form's values: what was typed when refused, else what is stored */
        bool mine = t && t->leaf && code && !strcmp(t->leaf, code);
        json_t *stored = json_is_object(s) ? json_object_get(s, "score") : NULL;
        json_object_set_new(n, "f_score",
                            mine && t->score ? json_string(t->score)
                            : stored         ? vn(stored)
                                             : json_string(""));
        json_object_set_new(n, "f_note",
                            json_string(mine && t->note ? t->note
                                        : json_is_object(s) && json_is_string(json_object_get(s, "note"))
                                            ? json_string_value(json_object_get(s, "note"))
                                            : ""));
        json_object_set_new(n, "error", mine ? json_string(t->message) : json_null());
    }
    /* the journal in words */
    static const struct {
        const char *action, *label;
    } acts[] = {{"par.self", "Tự chấm"},
                {"par.evidence", "Đính kèm tài liệu kiểm chứng"},
                {"par.submit", "Nộp bản tự chấm"},
                {"par.appraise", "Thẩm định"},
                {"par.send", "Gửi kết quả thẩm định"},
                {"par.explain", "Giải trình"},
                {"par.reappraise", "Thẩm định lại sau giải trình"},
                {"par.final", "Công bố kết quả"}};
    json_t *hx;
    json_array_foreach(json_object_get(a, "history"), i, hx) {
        const char *act = json_string_value(json_object_get(hx, "action"));
        for (size_t k = 0; act && k < sizeof acts / sizeof acts[0]; k++)
            if (!strcmp(acts[k].action, act)) json_object_set_new(hx, "action_label", json_string(acts[k].label));
        const char *at = json_string_value(json_object_get(hx, "at"));
        mc_time when;
        if (at && time_parse_iso8601(at, &when)) {
            char b[32];
            mc_day d = time_local_day(when);
            int y, m, dd;
            day_to_ymd(d, &y, &m, &dd);
            int sec = (int)(when - time_from_local(d, 0));
            snprintf(b, sizeof b, "%02d:%02d %02d/%02d/%04d", sec / 3600, sec / 60 % 60, dd, m, y);
            json_object_set_new(hx, "at_text", json_string(b));
        }
    }
    json_t *ctx = json_pack("{s:o, s:o, s:o}", "a", a, "domains_chart",
                            web_hbar_chart(domains, "name", "index", "index_text", NULL, 100), "domains", domains);
    json_object_set_new(ctx, "explainable", explainable);
    json_object_set_new(
        ctx, "path",
        json_string(arena_printf(r->a, BASE "/%s/%s", web_url_enc(r, r->params[0]), web_url_enc(r, r->params[1]))));
    json_object_set_new(ctx, "round_path", json_string(arena_printf(r->a, BASE "/%s", web_url_enc(r, r->params[0]))));
    if (t && t->leaf) json_object_set_new(ctx, "error_for", json_string(arena_printf(r->a, "tc-%s", t->leaf)));
    web_form_context(r, ctx, json_object(), error, done);
    const char *title =
        arena_printf(r->a, "Chỉ số CCHC năm %lld: %s", (long long)json_integer_value(json_object_get(rd, "year")),
                     json_string_value(json_object_get(json_object_get(a, "unit"), "name")));
    return web_page(r, status, "par_unit", title, ctx);
}

static const char *done_text(const char *x) {
    static const struct {
        const char *k, *text;
    } t[] = {{"diem", "Đã lưu điểm tự chấm."},
             {"minh-chung", "Đã đính kèm tài liệu kiểm chứng."},
             {"nop", "Đã nộp bản tự chấm: Hội đồng thẩm định sẽ xem xét."},
             {"tham-dinh", "Đã lưu điểm thẩm định và lý do."},
             {"gui", "Đã gửi kết quả thẩm định cho đơn vị."},
             {"giai-trinh", "Đã gửi giải trình: Hội đồng thẩm định sẽ xem xét lại."}};
    for (size_t i = 0; x && i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].k, x)) return t[i].text;
    return NULL;
}

mc_err web_par_unit(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return unit_page(r, 200, NULL, NULL, done_text(api_query(r, "xong")));
}

/* "1,5" or "1.5" as a JSON number; NULL when it does not read as one. */
static json_t *score_json(const char *s) {
    if (!s || !*s) return NULL;
    char b[32];
    size_t n = strlen(s);
    if (n >= sizeof b) return NULL;
    for (size_t i = 0; i <= n; i++) b[i] = s[i] == ',' ? '.' : s[i];
    char *end;
    double v = strtod(b, &end);
    if (*end || !isfinite(v)) return NULL;
    return json_real(v);
}

/* After a leaf's form: redirect to the page at the leaf, or the page with the refusal beside it. */
static mc_err leaf_done(api_req *r, api_handler fn, json_t *body, const char *leaf, const char *score, const char *note,
                        const char *what, const char *xong) {
    const char *params[2] = {r->params[0], r->params[1]};
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, fn, params, 2, body, &out, &st, &e2)) {
        typed_leaf t = {leaf, score, note, e2.message};
        return unit_page(r, web_status(e2.code), &t, arena_printf(r->a, "%s: %s", what, e2.message), NULL);
    }
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, BASE "/%s/%s?xong=%s%s%s", web_url_enc(r, r->params[0]),
                                        web_url_enc(r, r->params[1]), xong, leaf ? "#tc-" : "",
                                        leaf ? web_url_enc(r, leaf) : ""));
}

/* The leaf's score form (self or council): criterion, score, and the note or reason. */
static mc_err score_form(api_req *r, api_handler fn, const char *words_key, const char *what, const char *xong) {
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *leaf = web_form_text(r, &f, "tieu_chi"), *score = web_form_text(r, &f, "diem"),
               *words = web_form_text(r, &f, "ghi_chu");
    json_t *sj = score_json(score);
    if (!sj) {
        typed_leaf t = {leaf, score, words, "Vui lòng nhập điểm là một số, ví dụ 1 hoặc 0,5."};
        return unit_page(r, 400, &t, arena_printf(r->a, "%s: %s", what, t.message), NULL);
    }
    json_t *body = json_pack("{s:s, s:o}", "criterion", leaf ? leaf : "", "score", sj);
    if (words) json_object_set_new(body, words_key, json_string(words));
    return leaf_done(r, fn, body, leaf, score, words, what, xong);
}

mc_err web_par_self_score(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return score_form(r, api_par_self_score, "note", "Chưa lưu điểm", "diem");
}

mc_err web_par_appraise(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return score_form(r, api_par_appraise, "reason", "Chưa lưu điểm thẩm định", "tham-dinh");
}

mc_err web_par_evidence(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK; /* the upload's text fields */
    const char *leaf = web_form_text(r, &f, "criterion");
    return leaf_done(r, api_par_evidence_add, NULL, leaf, NULL, NULL, "Chưa đính kèm được", "minh-chung");
}

/* The buttons of the whole assessment (submit, send), each with its confirmation where it locks something. */
static mc_err action_form(api_req *r, api_handler fn, bool confirm, const char *what, const char *xong) {
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    if (confirm && !web_form_get(&f, "xac_nhan"))
        return unit_page(r, 400, NULL,
                         arena_printf(r->a, "%s: hãy đánh dấu ô xác nhận (sau bước này không sửa được nữa).", what),
                         NULL);
    return leaf_done(r, fn, NULL, NULL, NULL, NULL, what, xong);
}

mc_err web_par_submit(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return action_form(r, api_par_submit, true, "Chưa nộp được", "nop");
}

mc_err web_par_send(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return action_form(r, api_par_send, false, "Chưa gửi được", "gui");
}

mc_err web_par_explain(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    /* one textarea per changed leaf: giai_trinh_<code>; the empty ones are not explained */
    json_t *items = json_array();
    for (size_t i = 0; i < f.n; i++) {
        if (strncmp(f.names[i], "giai_trinh_", 11) != 0) continue;
        const char *text = web_form_text(r, &f, f.names[i]);
        if (!text) continue;
        json_array_append_new(items, json_pack("{s:s, s:s}", "criterion", f.names[i] + 11, "text", text));
    }
    if (!web_form_get(&f, "xac_nhan")) {
        json_decref(items);
        return unit_page(r, 400, NULL,
                         "Chưa gửi giải trình: hãy đánh dấu ô xác nhận (mỗi đơn vị chỉ được giải trình một lần).",
                         NULL);
    }
    return leaf_done(r, api_par_explain, json_pack("{s:o}", "items", items), NULL, NULL, NULL, "Chưa gửi giải trình",
                     "giai-trinh");
}

/* ---- a head's scorecard ------------------------------------------------------------------------------------- */

/* A line chart (0..100) of the years: the PAR INDEX and the on-time rate, in a 360 × 190 box. */
static json_t *card_chart(json_t *years) {
    const double left = 30, right = 340, top = 12, bottom = 162;
    size_t n = json_array_size(years);
    double step = n > 1 ? (right - left) / (double)(n - 1) : 0;
    json_t *grid = json_array();
    for (int v = 0; v <= 100; v += 25) {
        double y = bottom - (bottom - top) * v / 100.0;
        json_array_append_new(grid, json_pack("{s:o, s:o, s:i}", "y", fixed1(y), "ty", fixed1(y + 3), "v", v));
    }
    static const char *const series[] = {"par", "on_time"};
    json_t *lines = json_object(), *labels = json_array();
    for (size_t s = 0; s < 2; s++) {
        char pts[1024] = "";
        size_t used = 0;
        json_t *dots = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *y = json_array_get(years, i);
            json_t *v =
                s == 0 ? json_object_get(json_object_get(y, "par"), "index")
                       : json_object_get(json_object_get(json_object_get(y, "figures"), "dossiers_on_time"), "value");
            if (!json_is_number(v)) continue;
            double x = left + step * (double)i, yy = bottom - (bottom - top) * json_number_value(v) / 100.0;
            used += (size_t)snprintf(pts + used, sizeof pts - used, "%s%.1f,%.1f", used ? " " : "", x, yy);
            json_array_append_new(dots, json_pack("{s:o, s:o, s:o}", "x", fixed1(x), "y", fixed1(yy), "text", vn(v)));
        }
        json_object_set_new(lines, series[s], json_pack("{s:s, s:o}", "points", pts, "dots", dots));
    }
    for (size_t i = 0; i < n; i++)
        json_array_append_new(labels, json_pack("{s:o, s:O}", "x", fixed1(left + step * (double)i), "year",
                                                json_object_get(json_array_get(years, i), "year")));
    return json_pack("{s:o, s:o, s:o, s:f, s:f}", "grid", grid, "lines", lines, "labels", labels, "left", left, "right",
                     right);
}

mc_err web_par_card(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    const char *params[1] = {r->params[0]};
    json_t *c;
    if (!read_api(r, api_par_scorecard, params, 1, &c)) return MC_OK;
    json_t *metrics = json_object_get(c, "metrics"), *y, *rows = json_array();
    size_t i, k;
    json_array_foreach(json_object_get(c, "years"), i, y) {
        json_t *par = json_object_get(y, "par");
        if (json_is_object(par)) {
            static const char *const nums[] = {"index", "points", "max", NULL};
            texts(par, nums);
        }
    }
    /* one row per figure, one cell per year */
    json_t *m;
    json_array_foreach(metrics, k, m) {
        const char *key = json_string_value(json_object_get(m, "key"));
        json_t *cells = json_array();
        json_array_foreach(json_object_get(c, "years"), i, y) {
            json_t *v = json_object_get(json_object_get(y, "figures"), key);
            bool na = json_is_true(json_object_get(v, "na"));
            json_t *t = vn(json_object_get(v, "value"));
            const char *text = na ? "—"
                               : json_is_true(json_object_get(m, "percent"))
                                   ? arena_printf(r->a, "%s%%", json_string_value(t))
                                   : json_string_value(t);
            json_array_append_new(cells,
                                  json_pack("{s:s, s:O}", "text", text, "formula", json_object_get(v, "formula")));
            json_decref(t);
        }
        json_array_append_new(rows, json_pack("{s:O, s:O, s:o}", "label", json_object_get(m, "label"), "source",
                                              json_object_get(m, "source"), "cells", cells));
    }
    json_t *ctx = json_pack("{s:o, s:o, s:o}", "chart", card_chart(json_object_get(c, "years")), "rows", rows, "c", c);
    const char *title = arena_printf(r->a, "Thẻ điểm người đứng đầu: %s",
                                     json_string_value(json_object_get(json_object_get(c, "unit"), "name")));
    return web_page(r, 200, "par_card", title, ctx);
}
