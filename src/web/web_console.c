/* web_console.c - the officers' console: the inbox by deadline class, a
 * dossier with the actions allowed now, counter intake in one form, and the
 * II.06a statistics. Reading goes through the API's handlers (so an officer
 * sees exactly what the API lets them see); each action is a small form whose
 * fields are the API's, checked against the CSRF token. */
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "catalog.h"
#include "catalog_json.h"
#include "forms.h"
#include "log.h"
#include "once.h"
#include "timeutil.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"

static bool officer_only(api_req *r, user **u) {
    return web_officer_only(r, u);
}

/* ---- inbox -------------------------------------------------------------------------------- */

mc_err web_inbox(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    json_t *box;
    int st;
    mc_error e2;
    if (web_api(r, api_inbox, NULL, 0, NULL, &box, &st, &e2)) {
        if (e2.code == MC_ERR_FORBIDDEN) /* supervisors and administrators hold no dossiers */
            return web_redirect(r, "/can-bo/thong-ke");
        return web_error(r, web_status(e2.code), e2.message);
    }
    /* The classes as tabs with their counts; the one chosen marked. */
    static const struct {
        const char *name, *label;
    } classes[] = {{"overdue", "Quá hạn"},
                   {"due_today", "Đến hạn hôm nay"},
                   {"due_soon", "Sắp đến hạn"},
                   {"on_track", "Trong hạn"}};
    const char *cls = api_query(r, "class"), *q = api_query(r, "q");
    json_t *tabs = json_array(), *counts = json_object_get(box, "counts");
    json_int_t all = 0;
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        all += json_integer_value(json_object_get(counts, classes[i].name));
    json_object_set_new(box, "all_count", json_integer(all));
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        json_array_append_new(tabs, json_pack("{s:s, s:s, s:O, s:b}", "name", classes[i].name, "label",
                                              classes[i].label, "count", json_object_get(counts, classes[i].name),
                                              "current", cls && !strcmp(cls, classes[i].name)));
    json_object_set_new(box, "tabs", tabs);
    json_object_set_new(box, "all", json_boolean(!cls || !*cls));
    json_object_set_new(box, "q", json_string(q ? q : ""));
    /* A search also finds what is not in the inbox: finished, refused, at another unit. */
    if (q && *q) {
        json_t *found, *it, *in;
        size_t i, k;
        if (web_api(r, api_dossiers_find, NULL, 0, NULL, &found, &st, &e2) == MC_OK) {
            json_t *others = json_array();
            json_array_foreach(json_object_get(found, "items"), i, it) {
                bool dup = false;
                json_array_foreach(json_object_get(box, "items"), k, in) dup |=
                    json_equal(json_object_get(in, "code"), json_object_get(it, "code"));
                if (!dup) json_array_append(others, it);
            }
            json_object_set_new(box, "others", others);
            json_decref(found);
        }
    }
    const char *state = api_query(r, "state");
    json_t *states = json_array();
    static const char *const open_states[] = {"submitted", "intake_supplement", "received", "processing",  "supplement",
                                              "payment",   "partner",           "decided",  "result_ready"};
    for (size_t i = 0; i < sizeof open_states / sizeof open_states[0]; i++) {
        int si = ds_state_parse(open_states[i]);
        json_array_append_new(states, json_pack("{s:s, s:s, s:b}", "name", open_states[i], "label",
                                                ds_state_label((ds_state)si), "selected",
                                                state && !strcmp(state, open_states[i])));
    }
    json_object_set_new(box, "states", states);
    /* Pages of the list, keeping the filters. */
    json_int_t pg = json_integer_value(json_object_get(box, "page")),
               pages = json_integer_value(json_object_get(box, "pages"));
    json_t *qu = web_url_part(q), *cu = web_url_part(cls), *su = web_url_part(state);
    const char *base = arena_printf(r->a, "/can-bo?class=%s&state=%s&q=%s&page=", json_string_value(cu),
                                    json_string_value(su), json_string_value(qu));
    /* The tabs keep the search and the state filter. */
    json_object_set_new(
        box, "keep", json_string(arena_printf(r->a, "&state=%s&q=%s", json_string_value(su), json_string_value(qu))));
    json_object_set_new(box, "class", json_string(cls ? cls : ""));
    json_decref(qu);
    json_decref(cu);
    json_decref(su);
    if (pg > 1) json_object_set_new(box, "prev", json_string(arena_printf(r->a, "%s%lld", base, (long long)pg - 1)));
    if (pg < pages)
        json_object_set_new(box, "next", json_string(arena_printf(r->a, "%s%lld", base, (long long)pg + 1)));
    json_object_set_new(box, "unit", json_string(u->unit_code ? u->unit_code : ""));
    return web_page(r, 200, "inbox", "Hồ sơ cần xử lý", box);
}

/* ---- one dossier --------------------------------------------------------------------------- */

/* What each action asks for besides a note: the fields of its form. */
typedef struct {
    const char *action;
    bool items, documents, unit, days, amount, method, reason, primary;
} action_form;

static const action_form forms[] = {
    {"accept", .documents = true, .primary = true},
    {"request_supplement", .items = true, .reason = true},
    {"refuse", .items = true, .reason = true},
    {"claim", .primary = true},
    {"forward", .primary = true},
    {"send_back", .primary = false},
    {"transfer", .unit = true},
    {"resubmit", .documents = true},
    {"request_payment", .amount = true},
    {"mark_paid", .primary = true},
    {"approve", .primary = true},
    {"reject", .reason = true},
    {"extend", .days = true, .reason = true},
    {"result_ready", .primary = true},
    {"return", .method = true, .primary = true},
    {"stop", .reason = true},
};

static const action_form *form_of(const char *action) {
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (!strcmp(forms[i].action, action)) return &forms[i];
    return NULL;
}

/* Units an inter-agency transfer may go to: every unit but the holder. */
static json_t *transfer_units(api_req *r, const char *holder) {
    json_t *out = json_array();
    org_unit *v;
    size_t n = 0;
    if (units_list(store_reader(r->app->st), r->a, NULL, &v, &n, NULL) == MC_OK)
        for (size_t i = 0; i < n; i++)
            if ((!holder || strcmp(v[i].code, holder)) && web_unit_active(v[i].active_to))
                json_array_append_new(out, json_pack("{s:s, s:s}", "code", v[i].code, "name", v[i].name));
    return out;
}

/* again: the action that failed and what was typed in its form (stolen; NULL for none), shown again, open. */
static mc_err case_page(api_req *r, int status, const char *code, const char *done, const char *error,
                        const char *failed, json_t *again) {
    const char *params[] = {code};
    json_t *d, *journal;
    int st;
    mc_error e2;
    if (web_api(r, api_dossiers_get, params, 1, NULL, &d, &st, &e2)) {
        json_decref(again);
        return web_error(r, web_status(e2.code), e2.message);
    }
    if (web_api(r, api_dossiers_journal, params, 1, NULL, &journal, &st, &e2)) journal = json_pack("{s:[]}", "entries");
    /* Each action with the fields of its form. */
    json_t *acts = json_object_get(d, "actions"), *a;
    size_t i;
    const char *holder = json_string_value(json_object_get(json_object_get(d, "holder_unit"), "code"));
    json_array_foreach(acts, i, a) {
        static const action_form none = {"", .primary = false};
        const action_form *f = form_of(json_string_value(json_object_get(a, "action")));
        if (!f) f = &none;
        json_object_set_new(a, "items", json_boolean(f->items));
        json_object_set_new(a, "items_title",
                            json_string(!strcmp(f->action, "refuse") ? "Lý do từ chối" : "Nội dung cần bổ sung"));
        json_object_set_new(a, "documents", json_boolean(f->documents));
        json_object_set_new(a, "days", json_boolean(f->days));
        json_object_set_new(a, "amount", json_boolean(f->amount));
        json_object_set_new(a, "method", json_boolean(f->method));
        json_object_set_new(a, "reason", json_boolean(f->reason));
        bool is_failed = failed && !strcmp(failed, f->action);
        json_object_set_new(a, "open", json_boolean(f->primary || is_failed));
        if (is_failed && again) {
            json_object_set_new(a, "again", again);
            again = NULL;
        }
        if (f->unit) json_object_set_new(a, "units", transfer_units(r, holder));
    }
    json_t *ev;
    json_array_foreach(json_object_get(journal, "entries"), i, ev) {
        const char *t = web_timing_text(json_string_value(json_object_get(ev, "timing")));
        if (t) json_object_set_new(ev, "timing_text", json_string(t));
    }
    static const char *const channels[][2] = {
        {"online", "trực tuyến"}, {"direct", "trực tiếp"}, {"postal", "bưu chính"}};
    const char *ch = json_string_value(json_object_get(d, "channel"));
    for (size_t k = 0; ch && k < sizeof channels / sizeof channels[0]; k++)
        if (!strcmp(ch, channels[k][0])) json_object_set_new(d, "channel_text", json_string(channels[k][1]));
    /* The forms this dossier has, to print (PDF, by the rules it was received under). */
    json_t *printable = json_array();
    int nf;
    const form_def *all = forms_all(&nf);
    const char *rules = json_string_value(json_object_get(d, "rules_version"));
    bool asked = false, refused = false;
    json_t *q;
    json_array_foreach(json_object_get(d, "requests"), i, q) {
        const char *kind = json_string_value(json_object_get(q, "kind"));
        asked |= kind && !strcmp(kind, "supplement");
        refused |= kind && !strcmp(kind, "refusal");
    }
    const char *state = json_string_value(json_object_get(json_object_get(d, "state"), "name"));
    for (int k = 0; k < nf; k++) {
        const char *slug = all[k].slug;
        if (!rules || strcmp(all[k].rules, rules)) continue;
        bool has = !strcmp(slug, "control-slip") ||
                   (!strcmp(slug, "receipt") && !json_is_null(json_object_get(d, "received_at"))) ||
                   (!strcmp(slug, "supplement") && asked) || (!strcmp(slug, "refusal") && refused) ||
                   (!strcmp(slug, "apology") && !json_is_null(json_object_get(d, "original_due_at"))) ||
                   (!strcmp(slug, "stop") && state && !strcmp(state, "stopped"));
        if (has)
            json_array_append_new(
                printable, json_pack("{s:s, s:s, s:s}", "slug", slug, "title", all[k].title, "number", all[k].number));
    }
    json_object_set_new(d, "forms", printable);
    json_t *vq = api_vietqr_of(r, d);
    json_object_set_new(d, "vietqr", vq ? vq : json_null());
    json_array_foreach(json_object_get(d, "requests"), i, q) {
        const char *kind = json_string_value(json_object_get(q, "kind"));
        json_object_set_new(q, "kind_text",
                            json_string(kind && !strcmp(kind, "refusal") ? "Từ chối tiếp nhận" : "Yêu cầu bổ sung"));
    }
    json_t *f;
    json_array_foreach(json_object_get(d, "files"), i, f) {
        json_object_set_new(f, "kb", json_integer((json_integer_value(json_object_get(f, "size")) + 1023) / 1024));
        const char *type = json_string_value(json_object_get(f, "type"));
        json_object_set_new(f, "viewable",
                            json_boolean(type && (!strcmp(type, "application/pdf") || !strncmp(type, "image/", 6))));
    }
    json_decref(again); /* the action is no longer offered */
    web_rating_case(r, d, code);
    json_t *entries = json_object_get(journal, "entries");
    json_t *ctx =
        json_pack("{s:o, s:O, s:s, s:o, s:o}", "d", d, "journal", entries ? entries : json_array(), "csrf", web_csrf(r),
                  "done", done ? json_string(done) : json_null(), "error", error ? json_string(error) : json_null());
    json_decref(journal);
    return web_page(r, status, "case", arena_printf(r->a, "Hồ sơ %s", code), ctx);
}

mc_err web_case(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    const char *done = api_query(r, "xong");
    int ai = done ? ds_action_parse(done) : -1;
    const char *words = ai == DA_SUBMIT ? "Tiếp nhận hồ sơ. Hãy in giấy tiếp nhận và hẹn trả kết quả cho người nộp"
                        : ai >= 0 ? ds_action_label((ds_action)ai)
                                  : NULL;
    return case_page(r, 200, r->params[0], words, NULL, NULL, NULL);
}

/* Lines of a text area, each trimmed, empty ones dropped, appended to arr. */
static void add_lines(json_t *arr, const char *text) {
    for (const char *s = text ? text : ""; *s;) {
        const char *nl = strchr(s, '\n'), *e = nl ? nl : s + strlen(s);
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        const char *t = e;
        while (t > s && (t[-1] == ' ' || t[-1] == '\r' || t[-1] == '\t')) t--;
        if (t > s) json_array_append_new(arr, json_stringn(s, (size_t)(t - s)));
        s = nl ? nl + 1 : e;
    }
}

/* A positive integer field; -1 when absent, 0 when not a number. */
static long long number_field(const char *v) {
    if (!v || !*v) return -1;
    char *end;
    long long n = strtoll(v, &end, 10);
    return *end || n < 1 ? 0 : n;
}

mc_err web_case_act(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    const char *code = r->params[0], *action = r->params[1];
    const action_form *af = form_of(action);
    if (!af) return web_error(r, 404, "Không có thao tác này.");
    json_t *body = json_object();
    const char *note = web_form_text(r, &f, "note");
    if (note) json_object_set_new(body, "note", json_string(note));
    if (af->reason) {
        const char *reason = web_form_text(r, &f, "reason");
        if (reason) json_object_set_new(body, "reason", json_string(reason));
    }
    if (af->items) {
        json_t *items = web_form_all(&f, "item");
        add_lines(items, web_form_get(&f, "items_other"));
        json_object_set_new(body, "items", items);
    }
    if (af->documents) {
        json_t *docs = json_array(), *ticked = web_form_all(&f, "doc");
        size_t i;
        json_t *x;
        json_array_foreach(ticked, i, x) json_array_append_new(docs, json_integer(atoi(json_string_value(x))));
        json_decref(ticked);
        json_object_set_new(body, "documents", docs);
    }
    if (af->unit) {
        const char *unit = web_form_text(r, &f, "unit");
        if (unit) json_object_set_new(body, "unit", json_string(unit));
    }
    if (af->method) {
        const char *m = web_form_text(r, &f, "method");
        if (m) json_object_set_new(body, "method", json_string(m));
    }
    const char *bad = NULL;
    if (af->days) {
        long long n = number_field(web_form_get(&f, "days"));
        if (n == 0)
            bad = "Số ngày gia hạn phải là số nguyên dương.";
        else if (n > 0)
            json_object_set_new(body, "days", json_integer(n));
    }
    if (af->amount) {
        long long n = number_field(web_form_get(&f, "amount"));
        if (n == 0)
            bad = "Số tiền phải là số nguyên dương (đồng), không có dấu chấm.";
        else if (n > 0)
            json_object_set_new(body, "amount", json_integer(n));
    }
    /* What was typed, to show again if the action is refused. */
    json_t *again = json_object();
    static const char *const kept[] = {"note", "reason", "items_other", "days", "amount"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        const char *v = web_form_get(&f, kept[i]);
        if (v) json_object_set_new(again, kept[i], json_string(v));
    }
    if (bad) {
        json_decref(body);
        return case_page(r, 400, code, NULL, bad, action, again);
    }
    const char *params[] = {code, action};
    json_t *out;
    int st;
    if (web_api(r, api_dossiers_act, params, 2, body, &out, &st, &e2))
        return case_page(r, web_status(e2.code), code, NULL, e2.message, action, again);
    json_decref(again);
    json_decref(out);
    json_t *c = web_url_part(code);
    const char *to = arena_printf(r->a, "/can-bo/ho-so/%s?xong=%s", json_string_value(c), action);
    json_decref(c);
    return web_redirect(r, to);
}

/* ---- counter intake ------------------------------------------------------------------------ */

static mc_err intake_page(api_req *r, int status, const char *proc, json_t *form, const char *error) {
    char once[ONCE_TOKEN_HEX + 1];
    once_new(once); /* each form shown receives one dossier at most */
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:s}", "csrf", web_csrf(r), "f", form ? form : json_object(), "error",
                            error ? json_string(error) : json_null(), "once", once);
    const char *q = api_query(r, "q");
    store_conn *c = store_reader(r->app->st);
    mc_error e2;
    if (proc && *proc) {
        procedure pr;
        if (catalog_get(c, r->a, proc, 0, &pr, &e2)) {
            json_decref(ctx);
            return web_error(r, 404, "Không tìm thấy thủ tục này.");
        }
        json_t *p = catalog_json_procedure(&pr, NULL, 0);
        json_t *ticked = json_object_get(json_object_get(ctx, "f"), "docs"), *doc;
        size_t i;
        json_array_foreach(json_object_get(p, "documents"), i, doc) {
            bool on = false;
            json_t *x;
            size_t k;
            json_array_foreach(ticked, k, x) on |= json_integer_value(x) == (json_int_t)i + 1;
            json_object_set_new(doc, "ticked", json_boolean(on));
        }
        json_object_set_new(ctx, "p", p);
    } else {
        catalog_query cq = {.q = q, .page = 1, .per_page = 15};
        catalog_hit *hits;
        size_t n = 0, total = 0;
        json_t *items = json_array();
        if (q && *q && catalog_search(c, r->a, &cq, &hits, &n, &total, &e2) == MC_OK)
            for (size_t i = 0; i < n; i++) json_array_append_new(items, catalog_json_hit(&hits[i]));
        json_object_set_new(ctx, "hits", items);
        json_object_set_new(ctx, "q", json_string(q ? q : ""));
        json_object_set_new(ctx, "searched", json_boolean(q && *q));
    }
    return web_page(r, status, "intake", "Tiếp nhận hồ sơ tại quầy", ctx);
}

mc_err web_intake(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    return intake_page(r, 200, api_query(r, "thu_tuc"), NULL, NULL);
}

mc_err web_intake_save(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    const char *proc = web_form_text(r, &f, "procedure");
    json_t *applicant = json_object(), *form = json_object();
    static const char *const person[] = {"name", "id_number", "phone", "email", "address"};
    for (size_t i = 0; i < sizeof person / sizeof person[0]; i++) {
        const char *v = i == 1 || i == 2 ? web_form_compact(r, &f, person[i]) : web_form_text(r, &f, person[i]);
        if (v) json_object_set_new(applicant, person[i], json_string(v));
        json_object_set_new(form, person[i], json_string(v ? v : ""));
    }
    json_t *docs = json_array(), *ticked = web_form_all(&f, "doc"), *x;
    size_t i;
    json_array_foreach(ticked, i, x) json_array_append_new(docs, json_integer(atoi(json_string_value(x))));
    json_decref(ticked);
    json_object_set_new(form, "docs", json_deep_copy(docs));
    const char *outcome = web_form_text(r, &f, "outcome"), *note = web_form_text(r, &f, "note"),
               *reason = web_form_text(r, &f, "reason"), *items = web_form_get(&f, "items");
    json_object_set_new(form, "note", json_string(note ? note : ""));
    json_object_set_new(form, "reason", json_string(reason ? reason : ""));
    json_object_set_new(form, "items", json_string(items ? items : ""));
    json_t *body = json_pack("{s:s, s:o, s:o, s:s}", "procedure", proc ? proc : "", "applicant", applicant, "documents",
                             docs, "outcome", outcome ? outcome : "accept");
    if (note) json_object_set_new(body, "note", json_string(note));
    if (reason) json_object_set_new(body, "reason", json_string(reason));
    json_t *lines = json_array();
    add_lines(lines, items);
    if (json_array_size(lines))
        json_object_set_new(body, "items", lines);
    else
        json_decref(lines);
    /* The same form sent twice (a double click) receives one dossier: the second is shown the first. */
    const char *once = web_form_get(&f, "once"), *made = NULL;
    bool claimed = false;
    if (once_valid(once)) {
        mc_err oe = MC_OK;
        for (int tries = 0; tries < 50; tries++) { /* the first may still be at work: wait up to 5 s */
            oe = once_claim(r->app->st, once, u->id, time_now(), r->a, &made, &e2);
            if (oe != MC_ERR_CONFLICT || made) break;
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if (oe == MC_ERR_CONFLICT && made) {
            json_decref(body);
            json_decref(form);
            return web_redirect(r, arena_printf(r->a, "/can-bo/ho-so/%s?xong=submit", made));
        }
        if (oe) {
            json_decref(body);
            return intake_page(
                r, 409, proc, form,
                "Biểu mẫu này đang được xử lý hoặc đã gửi. Hãy xem hồ sơ trong hộp việc trước khi gửi lại.");
        }
        claimed = true;
    }
    dossier d;
    mc_err e = api_dossier_intake(r, u, body, NULL, 0, &d, &e2);
    json_decref(body);
    if (e) {
        if (claimed) once_release(r->app->st, once);
        return intake_page(r, web_status(e), proc, form, e2.message);
    }
    if (claimed && once_done(r->app->st, once, d.code, &e2)) log_warn("form token: %s", e2.message_en);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/can-bo/ho-so/%s?xong=submit", d.code));
}

/* ---- late dossiers ---------------------------------------------------------------------------- */

mc_err web_late(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    json_t *rep;
    int st;
    mc_error e2;
    if (web_api(r, api_reports_late, NULL, 0, NULL, &rep, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    return web_page(r, 200, "late", "Hồ sơ quá hạn", rep);
}

/* ---- statistics ---------------------------------------------------------------------------- */

mc_err web_stats(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!officer_only(r, &u)) return MC_OK;
    mc_err done;
    if (web_period_form(r, "/can-bo/thong-ke", "stats", "Thống kê giải quyết hồ sơ", &done)) return done;
    json_t *rep;
    int st;
    mc_error e2;
    json_t *ctx = json_object();
    if (web_api(r, api_stats_processing, NULL, 0, NULL, &rep, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "stats", "Thống kê giải quyết hồ sơ", ctx);
    }
    json_object_set_new(ctx, "r", rep);
    web_period_context(ctx, rep);
    return web_page(r, 200, "stats", "Thống kê giải quyết hồ sơ", ctx);
}
