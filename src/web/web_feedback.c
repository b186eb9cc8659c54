/* web_feedback.c - the pages of citizens' feedback (phản ánh, kiến nghị; issue 15, feedback.h):
 * on the portal the form to send one (with or without an account), the page with its code and
 * tracking key, tracking by code + key with the sender's verdict on the answer, and the published
 * answers; for officers the list they may read, an item with its journal and the actions they may
 * take, and the form to record feedback received at the counter or by phone. Every read and write
 * is the API's own handler (api_feedback.c), so the rules and the Vietnamese messages are the
 * API's; pages work without JavaScript and every form carries its CSRF token. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "feedback.h"
#include "perm.h"
#include "timeutil.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"
#include "xalloc.h"

#define FORM_TITLE   "Gửi phản ánh, kiến nghị"
#define SENT_TITLE   "Đã gửi phản ánh, kiến nghị"
#define TRACK_TITLE  "Tra cứu phản ánh, kiến nghị"
#define PUBLIC_TITLE "Trả lời phản ánh, kiến nghị đã công khai"
#define LIST_TITLE   "Phản ánh, kiến nghị"
#define NEW_TITLE    "Ghi nhận phản ánh, kiến nghị tại quầy hoặc qua điện thoại"

/* ---- words for people ---------------------------------------------------------------------------------- */

/* The deadline job's mark in words (the badge of the list and the item). */
static const char *alert_text(const char *alert) {
    if (!alert) return NULL;
    if (!strcmp(alert, "overdue")) return "Quá hạn trả lời";
    if (!strcmp(alert, "due_soon")) return "Sắp đến hạn trả lời";
    return alert;
}

/* A journal entry's action in words. */
static const char *journal_text(const char *action) {
    static const struct {
        const char *action, *text;
    } words[] = {
        {"feedback.submit", "Nhận phản ánh, kiến nghị"},
        {"feedback.accept", "Tiếp nhận, phân loại"},
        {"feedback.refuse", "Không tiếp nhận"},
        {"feedback.transfer", "Chuyển đến cơ quan có thẩm quyền"},
        {"feedback.answer", "Trả lời"},
        {"feedback.rate", "Người gửi cho biết mức độ hài lòng"},
        {"feedback.remind", "Nhắc việc: sắp đến hạn trả lời"},
        {"feedback.escalate", "Quá hạn trả lời: báo cơ quan cấp trên"},
    };
    for (size_t i = 0; action && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(words[i].action, action)) return words[i].text;
    return action;
}

/* What was done, for the line shown after an officer's action. */
static const char *done_text(const char *action) {
    if (!action) return NULL;
    if (!strcmp(action, "accept")) return "Đã tiếp nhận và phân loại phản ánh, kiến nghị.";
    if (!strcmp(action, "refuse")) return "Đã ghi không tiếp nhận phản ánh, kiến nghị kèm lý do.";
    if (!strcmp(action, "transfer")) return "Đã chuyển phản ánh, kiến nghị đến cơ quan có thẩm quyền.";
    if (!strcmp(action, "answer")) return "Đã trả lời phản ánh, kiến nghị. Người gửi xem câu trả lời bằng mã tra cứu.";
    return NULL;
}

/* s without spaces and in capitals (codes and keys as typed or pasted); NULL when empty. */
static const char *code_of(api_req *r, const char *s) {
    const char *c = web_compact(r, s);
    if (!c || !*c) return NULL;
    char *u = arena_strdup(r->a, c);
    for (char *p = u; *p; p++) *p = (char)toupper((unsigned char)*p);
    return u;
}

/* The units of the organisation tree (all of them, in tree order). */
typedef struct {
    org_unit *v;
    size_t n;
} unit_list;

static unit_list units_all(api_req *r) {
    unit_list l = {NULL, 0};
    mc_error e2;
    if (units_list(store_reader(r->app->st), r->a, NULL, &l.v, &l.n, &e2)) l.n = 0;
    return l;
}

static const char *unit_name(const unit_list *l, const char *code) {
    for (size_t i = 0; code && i < l->n; i++)
        if (!strcmp(l->v[i].code, code)) return l->v[i].name;
    return code;
}

/* The name of the account `username` (officers are named, not their accounts), or what was given. */
static const char *person(api_req *r, const char *username) {
    user u;
    if (!username) return NULL;
    if (!strcmp(username, "motcua")) return "Hệ thống (tự động)";
    if (users_get(store_reader(r->app->st), r->a, username, &u, NULL, NULL) == MC_OK && u.name && *u.name)
        return u.name;
    return username;
}

/* The root segment of a unit path ("/04/01273/" → "/04/"), in the arena. */
static const char *tree_of(api_req *r, const char *path) {
    if (!path || path[0] != '/') return NULL;
    const char *e = strchr(path + 1, '/');
    return e ? arena_strndup(r->a, path, (size_t)(e - path + 1)) : path;
}

/* The agencies a person may address (or an item may be transferred to), in two groups as people look for
 * them: the province's agencies, then the communes and wards. Only active units, never the province
 * itself; only those under `tree` (a path prefix) when given; `except` left out; `chosen` selected. */
static bool local_kind(const char *kind) {
    return !strcmp(kind, "commune") || !strcmp(kind, "ward") || !strcmp(kind, "special_zone");
}

/* The order within a group: the people's committee, the service center, then the others, each by code. */
static int kind_rank(const char *kind) {
    return !strcmp(kind, "peoples_committee") ? 0 : !strcmp(kind, "service_center") ? 1 : 2;
}

static int unit_order(const void *a, const void *b) {
    const org_unit *x = *(const org_unit *const *)a, *y = *(const org_unit *const *)b;
    int d = kind_rank(x->kind) - kind_rank(y->kind);
    return d ? d : strcmp(x->code, y->code);
}

static json_t *unit_groups(const unit_list *l, const char *tree, const char *except, const char *chosen) {
    json_t *prov = json_array(), *local = json_array();
    const org_unit **sorted = xmalloc((l->n ? l->n : 1) * sizeof *sorted);
    for (size_t i = 0; i < l->n; i++) sorted[i] = &l->v[i];
    qsort(sorted, l->n, sizeof *sorted, unit_order);
    for (size_t i = 0; i < l->n; i++) {
        const org_unit *u = sorted[i];
        if (!web_unit_active(u->active_to) || !strcmp(u->kind, "province")) continue;
        if (tree && strncmp(u->path, tree, strlen(tree)) != 0) continue;
        if (except && !strcmp(u->code, except)) continue;
        json_array_append_new(local_kind(u->kind) ? local : prov,
                              json_pack("{s:s, s:s, s:b}", "code", u->code, "name", u->name, "selected",
                                        chosen && !strcmp(chosen, u->code)));
    }
    free(sorted);
    return json_pack("[{s:s, s:o}, {s:s, s:o}]", "label", "Cơ quan cấp tỉnh", "units", prov, "label",
                     "Xã, phường, đặc khu", "units", local);
}

/* {field: message} of an API error, for the message beside the field. */
static json_t *field_error(const mc_error *e) {
    json_t *o = json_object();
    if (e && e->field[0]) json_object_set_new(o, e->field, json_string(e->message));
    return o;
}

/* ---- the sender's form (portal and counter) ------------------------------------------------------------- */

static const char *const sender_fields[] = {"name",    "address",      "phone", "email", "title",
                                            "content", "dossier_code", "unit",  NULL};

/* What was typed (to show back) and the API's body from it. */
static json_t *sender_form(api_req *r, const web_form *f, json_t **body) {
    json_t *form = json_object();
    *body = json_object();
    for (const char *const *k = sender_fields; *k; k++) {
        bool compact = !strcmp(*k, "phone") || !strcmp(*k, "dossier_code");
        const char *v = compact ? web_form_compact(r, f, *k) : web_form_text(r, f, *k);
        if (!v) continue;
        json_object_set_new(form, *k, json_string(v));
        json_object_set_new(*body, *k, json_string(v));
    }
    bool consent = web_form_get(f, "consent_publish") != NULL;
    json_object_set_new(form, "consent_publish", json_boolean(consent));
    json_object_set_new(*body, "consent_publish", json_boolean(consent));
    return form;
}

/* The portal's form page, with what was typed and the error (NULL for none). */
static mc_err portal_page(api_req *r, int status, json_t *form, const mc_error *e) {
    unit_list l = units_all(r);
    const feedback_rules *ru = feedback_rules_on(time_local_day(time_now()));
    json_t *ctx = json_pack("{s:o, s:o, s:{s:i, s:i}}", "groups",
                            unit_groups(&l, NULL, NULL, json_string_value(json_object_get(form, "unit"))), "fe",
                            field_error(e), "rules", "refuse_wd", ru->refuse_wd, "answer_wd", ru->answer_wd);
    web_form_context(r, ctx, form, e ? e->message : NULL, NULL);
    return web_page(r, status, "feedback", FORM_TITLE, ctx);
}

mc_err web_feedback_form(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u = api_user(r);
    json_t *form = json_object();
    if (u && !web_is_officer(u)) { /* a citizen's own contact, to correct if need be */
        if (u->name) json_object_set_new(form, "name", json_string(u->name));
        if (u->phone) json_object_set_new(form, "phone", json_string(u->phone));
        if (u->email) json_object_set_new(form, "email", json_string(u->email));
    }
    const char *hs = code_of(r, api_query(r, "ho_so"));
    if (hs && strlen(hs) <= 64) json_object_set_new(form, "dossier_code", json_string(hs));
    return portal_page(r, 200, form, NULL);
}

mc_err web_feedback_send(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    if (!web_posted(r, &f)) return MC_OK;
    json_t *body, *form = sender_form(r, &f, &body), *out;
    json_object_set_new(body, "channel", json_string("portal"));
    int st;
    mc_error e2;
    if (web_api(r, api_feedback_submit, NULL, 0, body, &out, &st, &e2))
        return portal_page(r, web_status(e2.code), form, &e2);
    json_decref(form);
    const char *to = arena_printf(r->a, "/phan-anh/da-gui?code=%s&key=%s",
                                  web_url_enc(r, json_string_value(json_object_get(out, "code"))),
                                  web_url_enc(r, json_string_value(json_object_get(out, "key"))));
    json_decref(out);
    return web_redirect(r, to);
}

/* ---- the sender: the code and key, tracking, the verdict --------------------------------------------------- */

/* The item by the code of the path or query and the key of the query (the API's throttled check). */
static mc_err tracked(api_req *r, const char *code, json_t **out, mc_error *e2) {
    int st;
    return web_api(r, api_track_feedback, &code, 1, NULL, out, &st, e2);
}

/* Redirects to the same page with the code and key written as the API reads them (spaces taken out, capitals),
 * when they were typed otherwise. True when it answered. */
static bool canonical(api_req *r, const char *path, mc_err *ret) {
    const char *code = api_query(r, "code"), *key = api_query(r, "key");
    const char *c = code_of(r, code), *k = code_of(r, key);
    if ((!code || !strcmp(code, c ? c : "")) && (!key || !strcmp(key, k ? k : ""))) return false;
    *ret = web_redirect(
        r, arena_printf(r->a, "%s?code=%s&key=%s", path, web_url_enc(r, c ? c : ""), web_url_enc(r, k ? k : "")));
    return true;
}

mc_err web_feedback_sent(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    mc_err ret;
    if (canonical(r, "/phan-anh/da-gui", &ret)) return ret;
    const char *code = api_query(r, "code"), *key = api_query(r, "key");
    json_t *fb;
    mc_error e2;
    if (!code || !*code) return web_redirect(r, "/phan-anh/tra-cuu");
    mc_err e = tracked(r, code, &fb, &e2);
    if (e) return web_error(r, e == MC_ERR_TOO_MANY ? 429 : web_status(e), e2.message);
    json_t *ctx =
        json_pack("{s:o, s:s, s:s}", "fb", fb, "key", key ? key : "", "track_url",
                  arena_printf(r->a, "/phan-anh/tra-cuu?code=%s&key=%s", web_url_enc(r, code), web_url_enc(r, key)));
    return web_page(r, 200, "feedback_sent", SENT_TITLE, ctx);
}

mc_err web_feedback_track(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    mc_err ret;
    if (canonical(r, "/phan-anh/tra-cuu", &ret)) return ret;
    const char *code = api_query(r, "code"), *key = api_query(r, "key");
    json_t *ctx = json_pack("{s:s, s:s}", "code", code ? code : "", "key", key ? key : "");
    if (!code || !*code || !key || !*key) { /* the form (with the code of a link that has no key) */
        web_form_context(r, ctx, NULL, NULL, NULL);
        return web_page(r, 200, "feedback_track", TRACK_TITLE, ctx);
    }
    json_t *fb;
    mc_error e2;
    mc_err e = tracked(r, code, &fb, &e2);
    if (e) {
        web_form_context(r, ctx, NULL, e2.message, NULL);
        return web_page(r, e == MC_ERR_TOO_MANY ? 429 : web_status(e), "feedback_track", TRACK_TITLE, ctx);
    }
    const char *state = json_string_value(json_object_get(json_object_get(fb, "state"), "name"));
    bool answered = state && !strcmp(state, "answered");
    json_t *sat = json_object_get(fb, "satisfied");
    json_object_set_new(fb, "answered", json_boolean(answered));
    json_object_set_new(fb, "refused", json_boolean(state && !strcmp(state, "refused")));
    json_object_set_new(fb, "received", json_boolean(state && !strcmp(state, "received")));
    json_object_set_new(fb, "open", json_boolean(state && (!strcmp(state, "received") || !strcmp(state, "accepted"))));
    json_object_set_new(fb, "may_rate", json_boolean(answered && json_is_null(sat)));
    if (json_is_boolean(sat))
        json_object_set_new(fb, "verdict", json_string(json_is_true(sat) ? "Hài lòng" : "Không hài lòng"));
    const char *hu = json_string_value(json_object_get(json_object_get(fb, "handling_unit"), "code")),
               *ru = json_string_value(json_object_get(json_object_get(fb, "received_by"), "code"));
    json_object_set_new(fb, "transferred", json_boolean(hu && ru && strcmp(hu, ru) != 0));
    json_object_set_new(ctx, "fb", fb);
    json_object_set_new(ctx, "thanks", json_boolean(api_query(r, "da_danh_gia") != NULL));
    web_form_context(r, ctx, NULL, NULL, NULL);
    return web_page(r, 200, "feedback_track", TRACK_TITLE, ctx);
}

mc_err web_feedback_track_rate(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    if (!web_posted(r, &f)) return MC_OK;
    const char *code = code_of(r, web_form_get(&f, "code")), *key = code_of(r, web_form_get(&f, "key")),
               *said = web_form_get(&f, "satisfied");
    if (!code || !key)
        return web_error(r, 400, "Thiếu mã phản ánh hoặc mã tra cứu. Hãy tra cứu lại phản ánh rồi đánh giá.");
    json_t *body = json_pack("{s:s}", "key", key), *out;
    if (said && (!strcmp(said, "co") || !strcmp(said, "khong")))
        json_object_set_new(body, "satisfied", json_boolean(!strcmp(said, "co")));
    int st;
    mc_error e2;
    if (web_api(r, api_track_feedback_rate, &code, 1, body, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/phan-anh/tra-cuu?code=%s&key=%s&da_danh_gia=1#danh-gia",
                                        web_url_enc(r, code), web_url_enc(r, key)));
}

mc_err web_feedback_public(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_public_feedback, NULL, 0, NULL, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_t *ctx = json_pack("{s:O}", "items", json_object_get(out, "items"));
    json_decref(out);
    return web_page(r, 200, "feedback_public", PUBLIC_TITLE, ctx);
}

/* ---- officers: the list and the counter form --------------------------------------------------------------- */

static bool may_record(const user *u) {
    return perm_scope_of(u->roles, ACT_FEEDBACK_RECEIVE) != SCOPE_NONE;
}

mc_err web_feedback_list(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    const char *state = api_query(r, "state");
    json_t *tabs = json_array();
    for (int s = 0; s < FB__STATES; s++)
        json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "name", fb_state_name((fb_state)s), "label",
                                              fb_state_label((fb_state)s), "current",
                                              state && !strcmp(state, fb_state_name((fb_state)s))));
    json_t *ctx = json_pack("{s:o, s:b, s:b}", "tabs", tabs, "all", !state || !*state, "may_record", may_record(u));
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_feedback_list, NULL, 0, NULL, &out, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "feedback_list", LIST_TITLE, ctx);
    }
    unit_list l = units_all(r);
    json_t *items = json_object_get(out, "items"), *it;
    size_t i;
    json_array_foreach(items, i, it) {
        json_object_set_new(it, "unit_name",
                            json_string(unit_name(&l, json_string_value(json_object_get(it, "handling_unit")))));
        const char *a = alert_text(json_string_value(json_object_get(it, "alert")));
        if (a) json_object_set_new(it, "alert_text", json_string(a));
    }
    json_object_set(ctx, "items", items);
    json_decref(out);
    return web_page(r, 200, "feedback_list", LIST_TITLE, ctx);
}

/* The counter form, with what was typed and the error (NULL for none). */
static mc_err new_page(api_req *r, const user *u, int status, json_t *form, const mc_error *e) {
    const char *ch = json_string_value(json_object_get(form, "channel"));
    json_t *ctx = json_pack(
        "{s:[{s:s, s:o}], s:o, s:[{s:s, s:s, s:b}, {s:s, s:s, s:b}]}", "groups", "label", "Đơn vị tiếp nhận", "units",
        web_unit_choices(r, u, json_string_value(json_object_get(form, "unit"))), "fe", field_error(e), "channels",
        "name", "counter", "label", "Trực tiếp tại bộ phận một cửa", "checked", !ch || strcmp(ch, "phone") != 0, "name",
        "phone", "label", "Qua điện thoại (cán bộ ghi lại lời người gọi)", "checked", ch && !strcmp(ch, "phone"));
    web_form_context(r, ctx, form, e ? e->message : NULL, NULL);
    return web_page(r, status, "feedback_new", NEW_TITLE, ctx);
}

mc_err web_feedback_new(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    if (!may_record(u)) return web_error(r, 403, "Chỉ cán bộ tiếp nhận và lãnh đạo ghi nhận phản ánh, kiến nghị.");
    return new_page(r, u, 200, json_pack("{s:s, s:b}", "unit", u->unit_code ? u->unit_code : "", "consent_publish", 0),
                    NULL);
}

mc_err web_feedback_record(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *body, *form = sender_form(r, &f, &body), *out;
    const char *ch = web_form_text(r, &f, "channel");
    json_object_set_new(form, "channel", json_string(ch ? ch : "counter"));
    json_object_set_new(body, "channel", json_string(ch ? ch : "counter"));
    int st;
    mc_error e2;
    if (web_api(r, api_feedback_submit, NULL, 0, body, &out, &st, &e2))
        return new_page(r, u, web_status(e2.code), form, &e2);
    json_decref(form);
    const char *to = arena_printf(r->a, "/can-bo/phan-anh/%s?moi=1",
                                  web_url_enc(r, json_string_value(json_object_get(out, "code"))));
    json_decref(out);
    return web_redirect(r, to);
}

/* ---- officers: one item ------------------------------------------------------------------------------------ */

/* The item's page; after a refused action, `action` is the one tried, with what was typed (`form`, stolen) and
 * the error beside its field. */
static mc_err case_page(api_req *r, user *u, int status, const char *action, json_t *form, const mc_error *e) {
    const char *code = r->params[0];
    json_t *fb;
    int st;
    mc_error e2;
    if (web_api(r, api_feedback_get, &code, 1, NULL, &fb, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    feedback f;
    if (feedback_get(store_reader(r->app->st), r->a, code, &f, &e2)) {
        json_decref(form);
        json_decref(fb);
        return web_error(r, web_status(e2.code), e2.message);
    }
    unit_list l = units_all(r);
    const char *a = alert_text(f.alert);
    if (a) json_object_set_new(fb, "alert_text", json_string(a));
    if (f.escalated_to) json_object_set_new(fb, "escalated_name", json_string(unit_name(&l, f.escalated_to)));
    json_object_set_new(fb, "transferred", json_boolean(strcmp(f.handling_unit_code, f.receiving_unit_code) != 0));
    json_object_set_new(fb, "received", json_boolean(f.state == FB_RECEIVED));
    json_object_set_new(fb, "answered_text",
                        json_string(f.state != FB_ANSWERED             ? ""
                                    : f.answered_at <= f.answer_due_at ? "đúng hạn"
                                                                       : "trễ hạn"));
    if (f.satisfied >= 0) json_object_set_new(fb, "verdict", json_string(f.satisfied ? "Hài lòng" : "Không hài lòng"));
    if (f.answered_by) json_object_set_new(fb, "answered_by", json_string(person(r, f.answered_by)));
    if (f.concerned_username) json_object_set_new(fb, "concerned", json_string(person(r, f.concerned_username)));
    json_t *j;
    size_t i;
    json_array_foreach(json_object_get(fb, "journal"), i, j) {
        const char *act = json_string_value(json_object_get(j, "action")),
                   *note = json_string_value(json_object_get(j, "note"));
        json_object_set_new(j, "label", json_string(journal_text(act)));
        json_object_set_new(j, "actor", json_string(person(r, json_string_value(json_object_get(j, "actor")))));
        const char *to_unit = json_string_value(json_object_get(j, "to_unit"));
        if (to_unit) json_object_set_new(j, "to_unit_name", json_string(unit_name(&l, to_unit)));
        if (act && note && !strcmp(act, "feedback.accept") && fb_topic_parse(note) >= 0)
            json_object_set_new(j, "note", json_string(fb_topic_label((fb_topic)fb_topic_parse(note))));
        else if (act && note && !strcmp(act, "feedback.submit")) {
            const char *semi = strstr(note, "; ");
            int ch = semi ? fb_channel_parse(semi + 2) : -1;
            json_object_set_new(j, "note", ch >= 0 ? json_string(fb_channel_label((fb_channel)ch)) : json_null());
        }
    }
    char key[9];
    json_t *ctx = json_pack("{s:o}", "fb", fb);
    if (feedback_key(store_reader(r->app->st), f.code, key, &e2) == MC_OK)
        json_object_set_new(ctx, "key", json_string(key));
    /* The actions this officer may take now: feedback_can reads feedback.c's table. */
    mc_time now = time_now();
    bool can_accept = feedback_can(u, &f, FBA_ACCEPT, now), can_refuse = feedback_can(u, &f, FBA_REFUSE, now);
    json_t *acts = json_object();
    const char *want = action ? action : "";
    json_t *v = form ? form : json_object(), *fe = field_error(e);
    if (can_accept) {
        const char *chosen = json_string_value(json_object_get(v, "topic"));
        if (!chosen && f.topic >= 0) chosen = fb_topic_name((fb_topic)f.topic);
        json_t *topics = json_array();
        for (int t = 0; t < FB__TOPICS; t++)
            json_array_append_new(topics, json_pack("{s:s, s:s, s:b}", "name", fb_topic_name((fb_topic)t), "label",
                                                    fb_topic_label((fb_topic)t), "checked",
                                                    chosen && !strcmp(chosen, fb_topic_name((fb_topic)t))));
        json_object_set_new(acts, "accept", json_pack("{s:o}", "topics", topics));
        if (can_refuse)
            json_object_set_new(acts, "refuse", json_object());
        else
            json_object_set_new(ctx, "refuse_late", json_true());
    }
    if (feedback_can(u, &f, FBA_TRANSFER, now))
        json_object_set_new(acts, "transfer",
                            json_pack("{s:o}", "groups",
                                      unit_groups(&l, tree_of(r, f.handling_unit_path), f.handling_unit_code,
                                                  json_string_value(json_object_get(v, "unit")))));
    if (feedback_can(u, &f, FBA_ANSWER, now)) {
        json_t *pub = json_object_get(v, "publish");
        json_object_set_new(acts, "answer",
                            json_pack("{s:b, s:b}", "consent", f.consent_publish, "publish",
                                      f.consent_publish && (form ? json_is_true(pub) : true)));
    }
    const char *k;
    json_t *one;
    json_object_foreach(acts, k, one) {
        bool mine = !strcmp(k, want);
        json_object_set_new(one, "open", json_boolean(mine));
        if (mine) {
            json_object_set(one, "v", v);
            json_object_set(one, "fe", fe);
        }
    }
    json_object_set_new(ctx, "acts", acts);
    json_object_set_new(ctx, "may_act", json_boolean(json_object_size(acts) > 0));
    json_object_set_new(ctx, "may_handle", json_boolean(feedback_may_handle(u, &f)));
    json_decref(v);
    json_decref(fe);
    const char *done = done_text(api_query(r, "xong"));
    if (api_query(r, "moi"))
        done = "Đã ghi nhận phản ánh, kiến nghị. Hãy đưa (hoặc đọc) cho người gửi mã phản ánh và mã tra cứu bên dưới "
               "để họ xem câu trả lời.";
    web_form_context(r, ctx, NULL, e ? e->message : NULL, action ? NULL : done);
    return web_page(r, status, "feedback_case", arena_printf(r->a, "Phản ánh, kiến nghị %s", f.code), ctx);
}

mc_err web_feedback_case(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return case_page(r, u, 200, NULL, NULL, NULL);
}

mc_err web_feedback_act(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *action = r->params[1];
    if (fb_action_parse(action) < 0) return web_error(r, 404, "Không có thao tác này với phản ánh, kiến nghị.");
    static const char *const names[] = {"topic", "reason", "unit", "reply", NULL};
    json_t *form = json_object(), *body = json_object(), *out;
    for (const char *const *n = names; *n; n++) {
        const char *v = web_form_text(r, &f, *n);
        if (!v) continue;
        json_object_set_new(form, *n, json_string(v));
        json_object_set_new(body, *n, json_string(v));
    }
    bool publish = web_form_get(&f, "publish") != NULL;
    json_object_set_new(form, "publish", json_boolean(publish));
    json_object_set_new(body, "publish", json_boolean(publish));
    const char *params[2] = {r->params[0], action};
    int st;
    mc_error e2;
    if (web_api(r, api_feedback_act, params, 2, body, &out, &st, &e2))
        return case_page(r, u, web_status(e2.code), action, form, &e2);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/can-bo/phan-anh/%s?xong=%s", web_url_enc(r, r->params[0]), action));
}
