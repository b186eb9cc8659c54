/* web_surveys.c - SIPAS survey pages: the officers' campaigns (/can-bo/khao-sat:
 * list, create, a campaign's sample, invites, paper import with its faults
 * line by line, results per element and unit), and the public answering page
 * reached by a one-time link (/khao-sat/{token}, no login). Every read and
 * write is the API's own handler (api_surveys.c); every number comes from
 * survey_results. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "buf.h"
#include "csv.h"
#include "surveys.h"
#include "timeutil.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"

#define LIST_TITLE "Khảo sát sự hài lòng (SIPAS)"

/* 82.5 → "82,50" (as Vietnamese writes decimals). */
static json_t *num(double v) {
    char b[32];
    snprintf(b, sizeof b, "%.2f", v);
    char *dot = strchr(b, '.');
    if (dot) *dot = ',';
    return json_string(b);
}

/* Adds words for people to a campaign's JSON. */
static void campaign_words(json_t *c) {
    json_object_set_new(c, "from_text", web_dmy(json_string_value(json_object_get(c, "from"))));
    json_object_set_new(c, "to_text", web_dmy(json_string_value(json_object_get(c, "to"))));
    const char *st = json_string_value(json_object_get(json_object_get(c, "status"), "name"));
    json_object_set_new(c, "is_draft", json_boolean(st && !strcmp(st, "draft")));
    json_object_set_new(c, "is_open", json_boolean(st && !strcmp(st, "open")));
    json_object_set_new(c, "is_closed", json_boolean(st && !strcmp(st, "closed")));
}

static mc_err list_page(api_req *r, user *u, int status, json_t *form, const char *error) {
    json_t *out;
    int st;
    mc_error e2;
    json_t *ctx = json_object();
    if (web_api(r, api_surveys_list, NULL, 0, NULL, &out, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(out, "campaigns"), i, c) campaign_words(c);
    json_object_set(ctx, "campaigns", json_object_get(out, "campaigns"));
    json_object_set(ctx, "may_create", json_object_get(out, "may_create"));
    json_decref(out);
    if (!form) {
        /* The previous month, by default. */
        int y, m, d;
        day_to_ymd(time_local_day(time_now()), &y, &m, &d);
        if (--m == 0) m = 12, y--;
        char f[11], t[11];
        day_format(day_from_ymd(y, m, 1), f);
        day_format(day_from_ymd(y, m, ymd_month_days(y, m)), t);
        form = json_pack("{s:s, s:s, s:s, s:i}", "from", f, "to", t, "unit", u->unit_code ? u->unit_code : "",
                         "sample_size", 100);
    }
    json_object_set_new(ctx, "units", web_unit_choices(r, u, json_string_value(json_object_get(form, "unit"))));
    web_form_context(r, ctx, form, error, NULL);
    return web_page(r, status, "surveys", LIST_TITLE, ctx);
}

mc_err web_surveys(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return list_page(r, u, 200, NULL, NULL);
}

mc_err web_surveys_create(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *form = json_object();
    static const char *const fields[] = {"name", "from", "to", "unit"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = web_form_text(r, &f, fields[i]);
        if (v) json_object_set_new(form, fields[i], json_string(v));
    }
    static const char *const numbers[] = {"sample_size", "min_answers"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = web_form_text(r, &f, numbers[i]);
        if (!v) continue;
        char *end;
        long long x = strtoll(v, &end, 10);
        if (*end)
            json_object_set_new(form, numbers[i], json_string(v)); /* the API names it */
        else
            json_object_set_new(form, numbers[i], json_integer(x));
    }
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_surveys_create, NULL, 0, json_deep_copy(form), &out, &st, &e2))
        return list_page(r, u, web_status(e2.code), form, e2.message);
    json_decref(form);
    return web_redirect_created(r, "/can-bo/khao-sat", out);
}

/* The results table's rows for people: indices with their interval, marks, ranks. */
static void results_words(json_t *res) {
    json_t *rows = json_array(), *u;
    size_t i;
    json_t *all = json_array();
    json_array_extend(all, json_object_get(res, "units"));
    json_array_append(all, json_object_get(res, "scope"));
    size_t nunits = json_array_size(json_object_get(res, "units"));
    json_array_foreach(all, i, u) {
        json_t *cells = json_array(), *s;
        size_t k;
        json_t *stats = json_array();
        json_array_extend(stats, json_object_get(u, "elements"));
        json_array_append(stats, json_object_get(u, "overall"));
        json_array_foreach(stats, k, s) {
            json_int_t n = json_integer_value(json_object_get(s, "n"));
            json_t *ci = json_object_get(s, "ci");
            json_t *cell = json_pack("{s:o, s:I}", "index",
                                     n ? num(json_real_value(json_object_get(s, "index"))) : json_string("–"), "n", n);
            if (json_is_array(ci)) {
                json_object_set_new(cell, "lo", num(json_real_value(json_array_get(ci, 0))));
                json_object_set_new(cell, "hi", num(json_real_value(json_array_get(ci, 1))));
                json_object_set_new(cell, "sd", num(json_real_value(json_object_get(s, "sd"))));
            }
            json_object_set_new(cell, "overall", json_boolean(k == json_array_size(stats) - 1));
            json_array_append_new(cells, cell);
        }
        json_decref(stats);
        json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:b}", "code", json_object_get(u, "code"), "name",
                                json_object_get(u, "name"), "respondents", json_object_get(u, "respondents"), "rank",
                                json_object_get(u, "rank"), "enough", json_object_get(u, "enough"), "cells", cells,
                                "scope", i == nunits);
        json_array_append_new(rows, row);
    }
    json_decref(all);
    json_object_set_new(res, "rows", rows);
    json_t *it;
    json_array_foreach(json_object_get(json_object_get(res, "scope"), "items"), i, it)
        json_object_set_new(it, "share_text", num(json_real_value(json_object_get(it, "share"))));
}

/* The campaign page, with what the action before it left: drawn (the links, shown once), the
 * import's report or faults, an error. */
static mc_err campaign_page(api_req *r, int status, json_t *extra, const char *error, const char *done) {
    const char *id = r->params[0];
    json_t *c, *inv, *res;
    int st;
    mc_error e2;
    if (web_api(r, api_surveys_get, &id, 1, NULL, &c, &st, &e2)) {
        json_decref(extra);
        return web_error(r, web_status(e2.code), e2.message);
    }
    campaign_words(c);
    json_t *ctx = json_pack("{s:o}", "c", c);
    if (!web_api(r, api_surveys_invites, &id, 1, NULL, &inv, &st, &e2)) json_object_set_new(ctx, "inv", inv);
    if (!web_api(r, api_surveys_results, &id, 1, NULL, &res, &st, &e2)) {
        results_words(res);
        json_object_set_new(ctx, "res", res);
    } else if (!error) {
        error = arena_strdup(r->a, e2.message);
    }
    json_t *ev;
    size_t i;
    json_array_foreach(json_object_get(c, "events"), i, ev) {
        mc_time t;
        const char *at = json_string_value(json_object_get(ev, "at"));
        static const char *const words[][2] = {{"create", "tạo đợt khảo sát"},
                                               {"draw", "rút mẫu"},
                                               {"import", "nhập phiếu giấy"},
                                               {"answer", "trả lời trực tuyến"},
                                               {"close", "kết thúc đợt khảo sát"}};
        const char *action = json_string_value(json_object_get(ev, "action"));
        for (size_t k = 0; action && k < sizeof words / sizeof words[0]; k++)
            if (!strcmp(action, words[k][0])) json_object_set_new(ev, "action_text", json_string(words[k][1]));
        if (at && time_parse_iso8601(at, &t)) {
            char b[32];
            time_format_vn(t, b);
            json_object_set_new(ev, "at_text", json_string(b));
        }
    }
    if (extra) json_object_update(ctx, extra);
    json_decref(extra);
    web_form_context(r, ctx, NULL, error, done);
    const char *name = json_string_value(json_object_get(c, "name"));
    return web_page(r, status, "survey", arena_printf(r->a, "Khảo sát: %s", name ? name : ""), ctx);
}

mc_err web_survey(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return campaign_page(r, 200, NULL, NULL, NULL);
}

/* The links of a draw as a CSV, in a data: URL to download at once (the tokens are never shown again). */
static json_t *links_csv(api_req *r, json_t *invites) {
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    csv_put_field(&b, "STT");
    buf_putc(&b, ',');
    csv_put_field(&b, "Mã hồ sơ");
    buf_putc(&b, ',');
    csv_put_field(&b, "Đơn vị");
    buf_putc(&b, ',');
    csv_put_field(&b, "Mã khảo sát");
    buf_putc(&b, ',');
    csv_put_field(&b, "Đường dẫn");
    buf_puts(&b, "\r\n");
    json_t *v;
    size_t i;
    json_array_foreach(invites, i, v) {
        buf_printf(&b, "%lld,", (long long)json_integer_value(json_object_get(v, "seq")));
        csv_put_field(&b, json_string_value(json_object_get(v, "dossier")));
        buf_putc(&b, ',');
        csv_put_field(&b, json_string_value(json_object_get(json_object_get(v, "unit"), "name")));
        buf_putc(&b, ',');
        csv_put_field(&b, json_string_value(json_object_get(v, "token")));
        buf_putc(&b, ',');
        csv_put_field(&b, json_string_value(json_object_get(v, "link")));
        buf_puts(&b, "\r\n");
    }
    size_t n = sodium_base64_encoded_len(b.len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(r->a, n);
    sodium_bin2base64(b64, n, (const unsigned char *)b.data, b.len, sodium_base64_VARIANT_ORIGINAL);
    buf_free(&b);
    return json_string(arena_printf(r->a, "data:text/csv;charset=utf-8;base64,%s", b64));
}

mc_err web_survey_draw(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_surveys_draw, &id, 1, NULL, &out, &st, &e2))
        return campaign_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_t *extra = json_pack("{s:o}", "drawn", out);
    if (json_array_size(json_object_get(out, "invites")))
        json_object_set_new(out, "csv", links_csv(r, json_object_get(out, "invites")));
    return campaign_page(r, 200, extra, NULL, NULL);
}

mc_err web_survey_import(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_surveys_import, &id, 1, NULL, &out, &st, &e2))
        return campaign_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_t *e = json_object_get(out, "error");
    if (e) { /* refused: every fault, line by line */
        json_t *extra = json_pack("{s:O}", "faults", json_object_get(e, "lines"));
        const char *msg = arena_strdup(r->a, json_string_value(json_object_get(e, "message")));
        json_decref(out);
        return campaign_page(r, st, extra, msg, NULL);
    }
    const char *done = arena_printf(r->a, "Đã nhập %lld phiếu giấy (lần nhập số %lld).",
                                    (long long)json_integer_value(json_object_get(out, "imported")),
                                    (long long)json_integer_value(json_object_get(out, "batch")));
    json_decref(out);
    return campaign_page(r, 200, NULL, NULL, done);
}

mc_err web_survey_close(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_surveys_close, &id, 1, NULL, &out, &st, &e2))
        return campaign_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/can-bo/khao-sat/%s", id));
}

/* ---- the public answering page ----------------------------------------------------------------- */

#define ANSWER_TITLE "Phiếu khảo sát sự hài lòng"

/* The questionnaire as the page shows it: elements with their items, each with the scale's radios;
 * the profile questions; what was chosen (values, or NULL). */
static json_t *form_json(api_req *r, const survey_form *f, const web_form *chosen) {
    json_t *els = json_array();
    for (size_t e = 0; e < f->nel; e++) {
        json_t *items = json_array();
        int no = 0;
        for (size_t i = 0; i < f->nitems; i++) {
            if (f->items[i].element != (int)e) continue;
            no++;
            const char *picked = chosen ? web_form_get(chosen, f->items[i].code) : NULL;
            json_t *opts = json_array();
            for (int k = 1; k <= SURVEY_SCALE; k++)
                json_array_append_new(opts, json_pack("{s:i, s:s, s:s, s:b}", "value", k, "label", f->scale[k - 1],
                                                      "id", arena_printf(r->a, "c%zu_%d", i, k), "checked",
                                                      picked && atoi(picked) == k));
            json_array_append_new(items,
                                  json_pack("{s:s, s:s, s:s, s:o}", "code", f->items[i].code, "text", f->items[i].text,
                                            "id", arena_printf(r->a, "c%zu", i), "options", opts));
        }
        json_array_append_new(
            els, json_pack("{s:i, s:s, s:o}", "number", (int)e + 1, "name", f->elements[e].name, "items", items));
    }
    json_t *prof = json_array();
    for (size_t q = 0; q < f->nprofile; q++) {
        const char *picked = chosen ? web_form_get(chosen, f->profile[q].code) : NULL;
        json_t *opts = json_array();
        for (size_t o = 0; o < f->profile[q].nopt; o++)
            json_array_append_new(opts,
                                  json_pack("{s:i, s:s, s:s, s:b}", "value", f->profile[q].options[o].value, "label",
                                            f->profile[q].options[o].label, "id", arena_printf(r->a, "p%zu_%zu", q, o),
                                            "checked", picked && atoi(picked) == f->profile[q].options[o].value));
        json_array_append_new(prof, json_pack("{s:s, s:s, s:o}", "code", f->profile[q].code, "label",
                                              f->profile[q].label, "options", opts));
    }
    return json_pack("{s:o, s:o, s:s}", "elements", els, "profile", prof, "title", f->title);
}

static mc_err answer_page(api_req *r, int status, const char *token, json_t *ctx) {
    json_object_set_new(ctx, "token", json_string(token));
    json_object_set_new(ctx, "csrf", json_string(web_csrf(r)));
    return web_page(r, status, "survey_answer", ANSWER_TITLE, ctx);
}

/* The ticket of the path's token, or a page saying why there is none (false). */
static bool ticket_or_page(api_req *r, const char *token, survey_ticket *t, int used_status) {
    mc_error e2;
    mc_err e = surveys_ticket(store_reader(r->app->st), r->a, token, t, &e2);
    if (e) {
        web_error(r, e == MC_ERR_NOT_FOUND ? 404 : web_status(e), e2.message);
        return false;
    }
    if (t->used) {
        answer_page(r, used_status, token,
                    json_pack("{s:s, s:s}", "closed", "Phiếu khảo sát này đã được trả lời.", "closed_more",
                              "Mỗi đường dẫn khảo sát chỉ dùng được một lần. Cảm ơn Ông/Bà đã tham gia."));
        return false;
    }
    if (t->campaign.status != SURVEY_OPEN) {
        answer_page(r, used_status, token,
                    json_pack("{s:s, s:s}", "closed", "Đợt khảo sát đã kết thúc.", "closed_more",
                              "Phiếu khảo sát không còn nhận câu trả lời. Cảm ơn Ông/Bà."));
        return false;
    }
    return true;
}

mc_err web_survey_answer_form(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char *token = r->params[0];
    survey_ticket t;
    if (!ticket_or_page(r, token, &t, 200)) return MC_OK;
    json_t *ctx = json_pack("{s:o, s:s}", "q", form_json(r, &t.form, NULL), "unit", t.unit_name);
    return answer_page(r, 200, token, ctx);
}

mc_err web_survey_answer(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char *token = r->params[0];
    web_form f;
    if (!web_posted(r, &f)) return MC_OK;
    survey_ticket t;
    if (!ticket_or_page(r, token, &t, 409)) return MC_OK;
    json_t *answers = json_object(), *profile = json_object();
    for (size_t i = 0; i < t.form.nitems; i++) {
        const char *v = web_form_text(r, &f, t.form.items[i].code);
        if (v) json_object_set_new(answers, t.form.items[i].code, json_integer(atoi(v)));
    }
    for (size_t q = 0; q < t.form.nprofile; q++) {
        const char *v = web_form_text(r, &f, t.form.profile[q].code);
        if (v) json_object_set_new(profile, t.form.profile[q].code, json_integer(atoi(v)));
    }
    json_t *body = json_pack("{s:s, s:o, s:o}", "token", token, "answers", answers, "profile", profile);
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_surveys_answer, NULL, 0, body, &out, &st, &e2)) {
        if (e2.code == MC_ERR_CONFLICT)
            return answer_page(r, 409, token,
                               json_pack("{s:s, s:s}", "closed", e2.message, "closed_more",
                                         "Mỗi đường dẫn khảo sát chỉ dùng được một lần."));
        json_t *ctx =
            json_pack("{s:o, s:s, s:s}", "q", form_json(r, &t.form, &f), "unit", t.unit_name, "error", e2.message);
        return answer_page(r, web_status(e2.code), token, ctx);
    }
    json_decref(out);
    return answer_page(r, 200, token, json_pack("{s:b}", "thanks", true));
}
