/* web_tasks.c - the pages of directives, plans and tasks (issue 16): the officers' task list (mine / assigned
 * by my body, filtered by state and overdue, with the figures of their unit), a task with its reports and the
 * report form (percent, status, text, evidence files), the steering documents with their tasks tree and the
 * forms to issue a document, add a task or a sub-plan; reform news management; and the public pages: the
 * news and the tasks' public progress. Every read and write is the API's own handler (api_tasks.c); pages
 * work without JavaScript and every form carries its CSRF token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "tasks.h"
#include "timeutil.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"

#define LIST_TITLE "Nhiệm vụ cải cách hành chính"
#define DOCS_TITLE "Văn bản chỉ đạo, kế hoạch"
#define NEWS_TITLE "Tin cải cách hành chính"

static const char *const task_keys[] = {"due_on", "due_at", "done_at", "start_on", NULL};

/* Words for people on a task of the API: dates, the depth as an indent. */
static void task_words(json_t *t) {
    web_date_words(t, task_keys, false);
    json_int_t depth = json_integer_value(json_object_get(t, "depth"));
    json_object_set_new(t, "indent", json_integer(depth > 4 ? 4 : depth));
    /* The deadline job's mark, while it still holds. */
    const char *al = json_string_value(json_object_get(t, "alert"));
    const char *st = json_string_value(json_object_get(json_object_get(t, "state"), "name"));
    if (al && st && strcmp(st, "done") && strcmp(st, "done_late"))
        json_object_set_new(
            t, "alert_label",
            json_string(!strcmp(al, "overdue") ? "Đã báo cơ quan giao: quá hạn" : "Đã nhắc: sắp đến hạn"));
}

/* The active units of the user's province, in tree order, for the lead and cooperating bodies of a task. */
static json_t *province_units(api_req *r, const user *u, json_t *chosen) {
    json_t *v = json_array();
    org_unit *all;
    size_t n;
    mc_error e2;
    store_conn *c = store_reader(r->app->st);
    const char *tenant = tasks_tenant_of(c, r->a, u);
    if (!tenant || units_list(c, r->a, tenant, &all, &n, &e2)) return v;
    for (size_t i = 0; i < n; i++) {
        if (!web_unit_active(all[i].active_to)) continue;
        bool on = false;
        size_t k;
        json_t *x;
        if (json_is_array(chosen)) {
            json_array_foreach(chosen, k, x) on =
                on || (json_is_string(x) && !strcmp(json_string_value(x), all[i].code));
        } else if (json_is_string(chosen)) {
            on = !strcmp(json_string_value(chosen), all[i].code);
        }
        json_array_append_new(v,
                              json_pack("{s:s, s:s, s:b}", "code", all[i].code, "name", all[i].name, "selected", on));
    }
    return v;
}

static const char *state_labels[][2] = {{"not_started", "Chưa thực hiện"},
                                        {"in_progress", "Đang thực hiện"},
                                        {"overdue", "Quá hạn"},
                                        {"done", "Hoàn thành đúng hạn"},
                                        {"done_late", "Hoàn thành trễ hạn"}};

/* ---- the list -------------------------------------------------------------------------------------- */

mc_err web_tasks(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_tasks_list, NULL, 0, NULL, &out, &st, &e2)) return web_error(r, web_status(e2.code), e2.message);
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(out, "tasks"), i, x) task_words(x);
    const char *view = json_string_value(json_object_get(out, "view")), *state = api_query(r, "state"),
               *ov = api_query(r, "overdue");
    json_t *states = json_array();
    for (size_t k = 0; k < sizeof state_labels / sizeof state_labels[0]; k++)
        json_array_append_new(states,
                              json_pack("{s:s, s:s, s:b}", "name", state_labels[k][0], "label", state_labels[k][1],
                                        "selected", state && !strcmp(state, state_labels[k][0])));
    json_t *ctx = json_pack("{s:o, s:o, s:b, s:b, s:b, s:b}", "r", out, "states", states, "mine", !strcmp(view, "mine"),
                            "assigned", !strcmp(view, "assigned"), "overdue", ov && !strcmp(ov, "1"), "news",
                            perm_scope_of(u->roles, ACT_NEWS_PUBLISH) != SCOPE_NONE);
    json_object_set_new(ctx, "view", json_string(view));
    /* The figures of the user's unit (the province, for readers of all of it) this year: tasks_stats_of, the
     * computation of GET /api/v1/task-stats. */
    int y, m, d;
    mc_time now = time_now();
    day_to_ymd(time_local_day(now), &y, &m, &d);
    store_conn *c = store_reader(r->app->st);
    org_unit unit;
    const char *code = perm_scope_of(u->roles, ACT_TASK_READ) == SCOPE_ALL ? tasks_tenant_of(c, r->a, u) : u->unit_code;
    tasks_stats fig;
    if (code && units_get(c, r->a, code, &unit, NULL) == MC_OK &&
        tasks_stats_of(c, unit.path, time_from_local(day_from_ymd(y, 1, 1), 0),
                       time_from_local(day_from_ymd(y + 1, 1, 1), 0), now, &fig, NULL) == MC_OK) {
        json_t *j = api_tasks_stats_json(&fig);
        json_object_set_new(j, "unit", json_string(unit.name));
        json_object_set_new(ctx, "stats", j);
    }
    json_object_set_new(ctx, "year", json_integer(y));
    return web_page(r, 200, "tasks", LIST_TITLE, ctx);
}

/* ---- a task ----------------------------------------------------------------------------------------- */

static mc_err task_page(api_req *r, int status, json_t *form, const char *error) {
    user *u = api_user(r);
    const char *id = r->params[0];
    json_t *t;
    int st;
    mc_error e2;
    if (web_api(r, api_tasks_get, &id, 1, NULL, &t, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    task_words(t);
    json_t *x, *f;
    size_t i, k;
    json_array_foreach(json_object_get(t, "child_tasks"), i, x) task_words(x);
    json_array_foreach(json_object_get(t, "reports"), i, x) {
        web_date_words(x, (const char *const[]){"at", NULL}, false);
        json_array_foreach(json_object_get(x, "files"), k, f)
            json_object_set_new(f, "kb", json_integer((json_integer_value(json_object_get(f, "size")) + 1023) / 1024));
    }
    json_array_foreach(json_object_get(t, "journal"), i, x) web_date_words(x, (const char *const[]){"at", NULL}, false);
    if (!form) form = json_pack("{s:I}", "percent", json_integer_value(json_object_get(t, "percent")));
    json_t *ctx = json_pack("{s:o}", "t", t);
    /* A sub-plan is issued by the lead body's leaders, for a task that is not a recurrence. */
    const char *lead = json_string_value(json_object_get(json_object_get(t, "lead"), "code"));
    org_unit lu;
    bool subplan = lead && json_is_null(json_object_get(t, "every")) &&
                   units_get(store_reader(r->app->st), r->a, lead, &lu, NULL) == MC_OK &&
                   perm_allows(u->roles, u->unit_path, ACT_TASK_ASSIGN, lu.path) &&
                   strcmp(json_string_value(json_object_get(json_object_get(t, "status"), "name")), "done") != 0;
    json_object_set_new(ctx, "may_subplan", json_boolean(subplan));
    char today[11];
    day_format(time_local_day(time_now()), today);
    json_object_set_new(ctx, "today", json_string(today));
    web_form_context(r, ctx, form, error, NULL);
    return web_page(r, status, "task", arena_printf(r->a, "Nhiệm vụ %s", json_string_value(json_object_get(t, "code"))),
                    ctx);
}

mc_err web_task(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return task_page(r, 200, NULL, NULL);
}

mc_err web_task_report(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    const char *id = r->params[0];
    /* The API reads the fields and the files from the multipart form itself. */
    if (web_api(r, api_tasks_report, &id, 1, NULL, &out, &st, &e2)) {
        static const char *const names[] = {"status", "percent", "text", NULL};
        return task_page(r, web_status(e2.code), web_form_fields(r, &f, names), e2.message);
    }
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/can-bo/nhiem-vu/%s#bao-cao", id));
}

/* ---- documents ---------------------------------------------------------------------------------------- */

static const char *const doc_kinds[][2] = {{"directive", "Chỉ thị"},
                                           {"resolution", "Nghị quyết"},
                                           {"programme", "Chương trình"},
                                           {"plan", "Kế hoạch"},
                                           {"other", "Văn bản khác"}};

static mc_err docs_page(api_req *r, user *u, int status, json_t *form, const char *error) {
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_task_docs_list, NULL, 0, NULL, &out, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(out, "docs"), i, x)
        web_date_words(x, (const char *const[]){"issued_on", NULL}, false);
    if (!form) form = json_pack("{s:s}", "issuer", u->unit_code ? u->unit_code : "");
    json_t *kinds = json_array();
    const char *kind = json_string_value(json_object_get(form, "kind"));
    for (size_t k = 0; k < sizeof doc_kinds / sizeof doc_kinds[0]; k++)
        json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "name", doc_kinds[k][0], "label", doc_kinds[k][1],
                                               "selected", kind && !strcmp(kind, doc_kinds[k][0])));
    json_t *ctx = json_pack("{s:o, s:o, s:o}", "r", out, "kinds", kinds, "issuers",
                            web_unit_choices(r, u, json_string_value(json_object_get(form, "issuer"))));
    web_form_context(r, ctx, form, error, NULL);
    return web_page(r, status, "task_docs", DOCS_TITLE, ctx);
}

mc_err web_task_docs(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return docs_page(r, u, 200, NULL, NULL);
}

mc_err web_task_doc_create(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"kind", "number", "issued_on", "issuer", "title", "note", NULL};
    json_t *form = web_form_fields(r, &f, names);
    json_t *body = json_deep_copy(form);
    json_object_set_new(body, "public", json_boolean(web_form_get(&f, "public") != NULL));
    const char *im = web_form_text(r, &f, "implements");
    if (im) {
        json_object_set_new(body, "implements", json_integer(strtoll(im, NULL, 10)));
        json_object_set_new(body, "kind", json_string("subplan"));
    }
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_task_docs_create, NULL, 0, body, &out, &st, &e2)) {
        if (im) {
            /* Back to the task it was to implement, with the error. */
            r->params[0] = arena_strdup(r->a, im);
            r->nparams = 1;
            return task_page(r, web_status(e2.code), form, e2.message);
        }
        return docs_page(r, u, web_status(e2.code), form, e2.message);
    }
    json_decref(form);
    return web_redirect_created(r, "/can-bo/van-ban-chi-dao", out);
}

static mc_err doc_page(api_req *r, int status, json_t *form, const char *error) {
    user *u = api_user(r);
    const char *id = r->params[0];
    json_t *d;
    int st;
    mc_error e2;
    if (web_api(r, api_task_docs_get, &id, 1, NULL, &d, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    web_date_words(d, (const char *const[]){"issued_on", NULL}, false);
    json_t *x, *parents = json_array();
    size_t i;
    json_array_foreach(json_object_get(d, "tasks"), i, x) {
        task_words(x);
        if (json_is_null(json_object_get(x, "every")) && json_is_null(json_object_get(x, "period")))
            json_array_append_new(parents, json_pack("{s:O, s:O, s:b}", "id", json_object_get(x, "id"), "code",
                                                     json_object_get(x, "code"), "selected",
                                                     json_integer_value(json_object_get(form, "parent_id")) ==
                                                         json_integer_value(json_object_get(x, "id"))));
    }
    json_array_foreach(json_object_get(d, "journal"), i, x) web_date_words(x, (const char *const[]){"at", NULL}, false);
    if (!form) form = json_object();
    static const char *const everies[][2] = {{"quarter", "Hằng quý"}, {"year", "Hằng năm"}, {"month", "Hằng tháng"}};
    json_t *ev = json_array();
    const char *every = json_string_value(json_object_get(form, "every"));
    for (size_t k = 0; k < 3; k++)
        json_array_append_new(ev, json_pack("{s:s, s:s, s:b}", "name", everies[k][0], "label", everies[k][1],
                                            "selected", every && !strcmp(every, everies[k][0])));
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:o}", "d", d, "parents", parents, "leads",
                            province_units(r, u, json_object_get(form, "lead")), "coops",
                            province_units(r, u, json_object_get(form, "coop")), "everies", ev);
    web_form_context(r, ctx, form, error, NULL);
    const char *num = json_string_value(json_object_get(d, "number"));
    return web_page(r, status, "task_doc", arena_printf(r->a, "Văn bản %s", num ? num : ""), ctx);
}

mc_err web_task_doc(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return doc_page(r, 200, NULL, NULL);
}

mc_err web_task_add(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"code",  "title", "lead", "output",   "start_on", "due_on",
                                        "every", "until", "note", "deadline", NULL};
    json_t *form = web_form_fields(r, &f, names);
    json_object_set_new(form, "coop", web_form_all(&f, "coop"));
    json_t *body = json_pack("{s:O}", "coop", json_object_get(form, "coop"));
    static const char *const copy[] = {"code", "title", "lead", "output", "start_on", "note", NULL};
    for (const char *const *k = copy; *k; k++)
        if (json_object_get(form, *k)) json_object_set(body, *k, json_object_get(form, *k));
    /* The deadline: one of the three ways the form offers (the radio "deadline"). */
    const char *how = web_form_text(r, &f, "deadline");
    if (!how) how = "day";
    if (!strcmp(how, "day")) {
        if (json_object_get(form, "due_on")) json_object_set(body, "due_on", json_object_get(form, "due_on"));
    } else if (!strcmp(how, "working_days")) {
        const char *n = web_form_text(r, &f, "working_days");
        if (n) json_object_set_new(form, "working_days", json_string(n));
        json_object_set_new(body, "working_days", json_integer(n ? strtol(n, NULL, 10) : 0));
    } else {
        const char *dd = web_form_text(r, &f, "due_day");
        if (dd) json_object_set_new(form, "due_day", json_string(dd));
        if (json_object_get(form, "every")) json_object_set(body, "every", json_object_get(form, "every"));
        if (json_object_get(form, "until")) json_object_set(body, "until", json_object_get(form, "until"));
        if (dd) json_object_set_new(body, "due_day", json_integer(strtol(dd, NULL, 10)));
    }
    const char *parent = web_form_text(r, &f, "parent");
    if (parent && strtoll(parent, NULL, 10) > 0) {
        json_object_set_new(body, "parent", json_integer(strtoll(parent, NULL, 10)));
        json_object_set_new(form, "parent_id", json_integer(strtoll(parent, NULL, 10)));
    }
    json_object_set_new(form,
                        how && !strcmp(how, "working_days") ? "by_wd"
                        : how && !strcmp(how, "every")      ? "by_every"
                                                            : "by_day",
                        json_true());
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_task_docs_add_task, &id, 1, body, &out, &st, &e2))
        return doc_page(r, web_status(e2.code), form, e2.message);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/can-bo/van-ban-chi-dao/%s#nhiem-vu", id));
}

/* ---- news management -------------------------------------------------------------------------------------- */

static mc_err news_admin_page(api_req *r, int status, json_t *form, const char *error, const char *done) {
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_news_list, NULL, 0, NULL, &out, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(out, "items"), i, x)
        web_date_words(x, (const char *const[]){"published_on", NULL}, false);
    char today[11];
    day_format(time_local_day(time_now()), today);
    if (!form) form = json_pack("{s:s}", "published_on", today);
    json_t *ctx = json_pack("{s:o}", "r", out);
    web_form_context(r, ctx, form, error, done);
    return web_page(r, status, "news_admin", "Quản lý tin cải cách hành chính", ctx);
}

mc_err web_news_admin(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return news_admin_page(r, 200, NULL, NULL, api_query(r, "da_dang") ? "Đã đăng tin." : NULL);
}

mc_err web_news_publish(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"title", "summary", "body", "published_on", NULL};
    json_t *form = web_form_fields(r, &f, names);
    /* The body's paragraphs as typed (web_form_text trims only the ends). */
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_news_create, NULL, 0, json_deep_copy(form), &out, &st, &e2))
        return news_admin_page(r, web_status(e2.code), form, e2.message, NULL);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, "/can-bo/tin-tuc?da_dang=1");
}

mc_err web_news_withdraw(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *key = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_news_withdraw, &key, 1, NULL, &out, &st, &e2))
        return news_admin_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_decref(out);
    return web_redirect(r, "/can-bo/tin-tuc");
}

/* ---- public pages --------------------------------------------------------------------------------------------- */

/* The body's paragraphs: blocks separated by blank lines, each escaped by the template. */
static json_t *paragraphs(const char *body) {
    json_t *v = json_array();
    const char *p = body ? body : "";
    while (*p) {
        while (*p == '\n' || *p == '\r' || *p == ' ') p++;
        if (!*p) break;
        const char *e = strstr(p, "\n\n"), *e2 = strstr(p, "\r\n\r\n");
        if (e2 && (!e || e2 < e)) e = e2;
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ')) n--;
        json_array_append_new(v, json_pack("{s:s%}", "text", p, n));
        p += e ? (size_t)(e - p) : strlen(p);
    }
    return v;
}

mc_err web_news(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_public_news, NULL, 0, NULL, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(out, "items"), i, x)
        web_date_words(x, (const char *const[]){"published_on", NULL}, false);
    return web_page(r, 200, "news", NEWS_TITLE, json_pack("{s:o}", "r", out));
}

mc_err web_news_item(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char *key = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_public_news_get, &key, 1, NULL, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    web_date_words(out, (const char *const[]){"published_on", NULL}, false);
    json_object_set_new(out, "paragraphs", paragraphs(json_string_value(json_object_get(out, "body"))));
    const char *title = json_string_value(json_object_get(out, "title"));
    return web_page(r, 200, "news_item", title ? title : NEWS_TITLE, json_pack("{s:o}", "n", out));
}

mc_err web_task_progress(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_public_task_progress, NULL, 0, NULL, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_t *d, *x;
    size_t i, k;
    json_array_foreach(json_object_get(out, "docs"), i, d) {
        web_date_words(d, (const char *const[]){"issued_on", NULL}, false);
        json_array_foreach(json_object_get(d, "tasks"), k, x) task_words(x);
    }
    return web_page(r, 200, "task_progress", "Tiến độ nhiệm vụ cải cách hành chính", json_pack("{s:o}", "r", out));
}
