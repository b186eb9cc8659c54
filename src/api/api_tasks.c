/* api_tasks.c - directives, plans and tasks over the API (tasks.h): steering documents with their tasks
 * tree, tasks in reach (mine / assigned by my body), progress reports with evidence files (multipart,
 * stored like a dossier's), the figures per body and period (tasks_stats_of), the public progress; and
 * reform news (news.h): the officers' list, publishing and withdrawing, the public list and item. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "calendar_store.h"
#include "journal.h"
#include "news.h"
#include "tasks.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"

#define NO_TASK  "Không có nhiệm vụ này (hoặc nằm ngoài phạm vi của bạn)."
#define NO_DOC   "Không có văn bản chỉ đạo này (hoặc nằm ngoài phạm vi của bạn)."
#define MAX_LIST 1000

static json_t *unit_json(const task_unit *u) {
    return json_pack("{s:s, s:s}", "code", u->code ? u->code : "", "name", u->name ? u->name : "");
}

static json_t *doc_brief(const tdoc *d) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)d->id, "kind", tdoc_kind_name(d->kind),
                     "kind_label", tdoc_kind_label(d->kind), "number", d->number, "title", d->title, "issuer",
                     unit_json(&d->issuer));
}

/* A task as JSON: for people (`u` NULL: the public, without anything internal). */
static json_t *task_json(const task *t, const user *u) {
    json_t *coop = json_array();
    for (size_t i = 0; i < t->ncoop; i++) json_array_append_new(coop, unit_json(&t->coop[i]));
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:o, s:i, s:s, s:o, s:o, s:s, s:{s:s, s:s}, s:i, s:{s:s, s:s}, s:o, s:I, s:b}", "id",
        (json_int_t)t->id, "code", t->code, "title", t->title, "doc", doc_brief(t->doc), "lead", unit_json(&t->lead),
        "coop", coop, "depth", t->depth, "due_on", t->due_on, "due_at", api_time_json(t->due_at), "period",
        api_jstr(t->period), "due_rule", t->due_rule ? t->due_rule : "", "status", "name",
        task_status_name(t->eff_status), "label", task_status_label(t->eff_status), "percent", t->eff_percent, "state",
        "name", task_state_name(t->state), "label", task_state_label(t->state), "done_at",
        api_time_json(t->eff_done_at), "children", (json_int_t)t->nchildren, "rolled_up", t->nchildren > 0);
    json_object_set_new(j, "every",
                        t->every == TASK_ONCE ? json_null()
                                              : json_pack("{s:s, s:s}", "name", task_every_name(t->every), "label",
                                                          task_every_label(t->every)));
    json_object_set_new(j, "parent",
                        t->parent ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->parent->id, "code",
                                              t->parent->code, "title", t->parent->title)
                                  : json_null());
    if (u) {
        task_role ro = tasks_role_of(u, t);
        json_object_set_new(j, "output", api_jstr(t->output));
        json_object_set_new(j, "note", api_jstr(t->note));
        json_object_set_new(j, "start_on", json_string(t->start_on));
        json_object_set_new(j, "alert", api_jstr(t->alert));
        json_object_set_new(j, "alert_at", api_time_json(t->alert_at));
        json_object_set_new(j, "my_role",
                            json_pack("{s:b, s:b, s:b}", "lead", ro.lead, "coop", ro.coop, "assigner", ro.assigner));
        json_object_set_new(j, "may_report", json_boolean(tasks_may_report(u, t)));
        json_object_set_new(j, "may_comment", json_boolean(tasks_may_comment(u, t)));
    }
    return j;
}

/* The tasks of document d in tree order (depth-first through children of the same document); sub-plans of
 * a task as links. */
static void tree_append(json_t *v, const task_set *s, const task *t, const user *u, bool pub) {
    if (u && !tasks_may_read(u, t)) return;
    /* The public sees a recurring task with its rolled-up progress and the number of periods, not each one. */
    if (pub && t->period) return;
    json_t *j = task_json(t, pub ? NULL : u);
    json_t *subs = json_array();
    for (size_t i = 0; i < t->nchildren; i++) {
        const task *c = t->children[i];
        if (c->doc_id == t->doc_id) continue;
        bool seen = false;
        size_t k;
        json_t *x;
        json_array_foreach(subs, k, x) seen = seen || json_integer_value(json_object_get(x, "id")) == c->doc_id;
        if (!seen && (!pub || c->doc->public_)) json_array_append_new(subs, doc_brief(c->doc));
    }
    json_object_set_new(j, "subplans", subs);
    json_array_append_new(v, j);
    for (size_t i = 0; i < t->nchildren; i++)
        if (t->children[i]->doc_id == t->doc_id) tree_append(v, s, t->children[i], u, pub);
    (void)s;
}

static json_t *doc_tree(const task_set *s, const tdoc *d, const user *u, bool pub) {
    json_t *v = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const task *t = &s->t[i];
        if (t->doc_id == d->id && (!t->parent || t->parent->doc_id != d->id)) tree_append(v, s, t, u, pub);
    }
    return v;
}

static json_t *doc_json(const tdoc *d, const task_set *s) {
    json_t *j = doc_brief(d);
    json_object_set_new(j, "issued_on", json_string(d->issued_on));
    json_object_set_new(j, "note", api_jstr(d->note));
    json_object_set_new(j, "public", json_boolean(d->public_));
    const task *im = d->implements ? tasks_find(s, d->implements) : NULL;
    json_object_set_new(j, "implements",
                        im ? json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)im->id, "code", im->code, "title",
                                       im->title, "doc", doc_brief(im->doc))
                           : json_null());
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) n += s->t[i].doc_id == d->id;
    json_object_set_new(j, "tasks_count", json_integer((json_int_t)n));
    return j;
}

static mc_err load_for(api_req *r, const user *u, task_set *s, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    return tasks_load(c, r->a, tasks_tenant_of(c, r->a, u), time_now(), s, err);
}

static json_t *journal_json(api_req *r, const char *tenant, const char *subject, int64_t id, mc_error *err) {
    journal_entry *ev;
    size_t n;
    if (journal_of_subject(store_reader(r->app->st), r->a, tenant, subject, id, &ev, &n, err)) return NULL;
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(v, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s}", "id", (json_int_t)ev[i].id,
                                           "actor", ev[i].actor, "role", ev[i].role, "action", ev[i].action, "from",
                                           api_jstr(ev[i].from_state), "to", ev[i].to_state, "at",
                                           api_time_json(ev[i].at), "note", api_jstr(ev[i].note), "hash", ev[i].hash));
    return v;
}

/* ---- documents -------------------------------------------------------------------------------------- */

mc_err api_task_docs_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    task_set s;
    if (!e) e = load_for(r, u, &s, err);
    if (e) return e;
    json_t *v = json_array();
    for (size_t i = 0; i < s.ndocs; i++)
        if (tasks_may_read_doc(u, &s, &s.docs[i])) {
            json_t *j = doc_json(&s.docs[i], &s);
            json_object_set_new(j, "may_assign", json_boolean(tasks_may_assign(u, &s.docs[i])));
            json_array_append_new(v, j);
        }
    return api_reply(
        r, 200,
        json_pack("{s:o, s:b}", "docs", v, "may_create", perm_scope_of(u->roles, ACT_TASK_ASSIGN) != SCOPE_NONE));
}

static mc_err reply_doc(api_req *r, int status, const user *u, int64_t id, mc_error *err) {
    task_set s;
    mc_err e = load_for(r, u, &s, err);
    if (e) return e;
    const tdoc *d = tasks_doc_find(&s, id);
    if (!d || !tasks_may_read_doc(u, &s, d)) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, NO_DOC, "No such document.");
    json_t *j = doc_json(d, &s);
    json_object_set_new(j, "tasks", doc_tree(&s, d, u, false));
    json_object_set_new(j, "may_assign", json_boolean(tasks_may_assign(u, d)));
    json_t *jr = journal_json(r, s.tenant, TASKS_SUBJECT_DOC, id, err);
    if (!jr) {
        json_decref(j);
        return MC_ERR_STORE;
    }
    json_object_set_new(j, "journal", jr);
    return api_reply(r, status, j);
}

mc_err api_task_docs_get(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    if (e) return e;
    return reply_doc(r, 200, u, id, err);
}

mc_err api_task_docs_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    tdoc_new in = {.public_ = true};
    e = api_json_str(r, doc, "kind", true, &in.kind, err);
    if (!e) e = api_json_str(r, doc, "number", true, &in.number, err);
    if (!e) e = api_json_str(r, doc, "issued_on", true, &in.issued_on, err);
    if (!e) e = api_json_str(r, doc, "issuer", false, &in.issuer, err);
    if (!e) e = api_json_str(r, doc, "title", true, &in.title, err);
    if (!e) e = api_json_str(r, doc, "note", false, &in.note, err);
    json_t *im = json_object_get(doc, "implements"), *pub = json_object_get(doc, "public");
    if (!e && im && !json_is_null(im)) {
        if (!json_is_integer(im) || json_integer_value(im) <= 0)
            e = mc_fail(err, MC_ERR_INVALID, "implements", "\"implements\" phải là số của nhiệm vụ được triển khai.",
                        "implements: a task id.");
        else
            in.implements = json_integer_value(im);
    }
    if (!e && pub && !json_is_null(pub)) {
        if (!json_is_boolean(pub))
            e = mc_fail(err, MC_ERR_INVALID, "public", "\"public\" phải là true hoặc false.", "public: a boolean.");
        else
            in.public_ = json_is_true(pub);
    }
    json_decref(doc);
    int64_t id = 0;
    if (!e) e = tasks_doc_create(r->app->st, r->a, &in, u, time_now(), &id, err);
    if (e) return e;
    return reply_doc(r, 201, u, id, err);
}

/* Reads a task's input from a JSON object. */
static mc_err read_task(api_req *r, json_t *o, task_new *t, mc_error *err) {
    memset(t, 0, sizeof *t);
    mc_err e = api_json_str(r, o, "code", false, &t->code, err);
    if (!e) e = api_json_str(r, o, "title", true, &t->title, err);
    if (!e) e = api_json_str(r, o, "output", false, &t->output, err);
    if (!e) e = api_json_str(r, o, "note", false, &t->note, err);
    if (!e) e = api_json_str(r, o, "lead", true, &t->lead, err);
    if (!e) e = api_json_str(r, o, "start_on", false, &t->start_on, err);
    if (!e) e = api_json_str(r, o, "due_on", false, &t->due_on, err);
    if (!e) e = api_json_str(r, o, "every", false, &t->every, err);
    if (!e) e = api_json_str(r, o, "until", false, &t->until, err);
    if (e) return e;
    static const char *const ints[] = {"working_days", "due_day", "parent"};
    for (int k = 0; k < 3; k++) {
        json_t *x = json_object_get(o, ints[k]);
        if (!x || json_is_null(x)) continue;
        if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 1000000000000LL)
            return mc_failf(err, MC_ERR_INVALID, ints[k], "\"%s\" phải là một số nguyên dương.",
                            "%s must be a positive integer.", ints[k]);
        json_int_t v = json_integer_value(x);
        if (k == 0) t->working_days = v > 100000 ? 100000 : (int)v;
        if (k == 1) t->due_day = v > 1000 ? 1000 : (int)v;
        if (k == 2) t->parent = v;
    }
    json_t *co = json_object_get(o, "coop");
    if (co && !json_is_null(co)) {
        if (!json_is_array(co))
            return mc_fail(err, MC_ERR_INVALID, "coop", "\"coop\" phải là danh sách mã đơn vị phối hợp.",
                           "coop: an array of unit codes.");
        if (json_array_size(co) > TASKS_MAX_COOP)
            return mc_failf(err, MC_ERR_TOO_LARGE, "coop", "Một nhiệm vụ có tối đa %d đơn vị phối hợp.",
                            "At most %d cooperating bodies.", TASKS_MAX_COOP);
        const char **v = arena_alloc(r->a, (json_array_size(co) + 1) * sizeof *v);
        size_t i;
        json_t *x;
        json_array_foreach(co, i, x) {
            if (!json_is_string(x) || json_string_length(x) > 64)
                return mc_failf(err, MC_ERR_INVALID, arena_printf(r->a, "coop[%zu]", i),
                                "Mã đơn vị phối hợp thứ %zu không hợp lệ.", "coop[%zu]: a unit code.", i + 1);
            v[i] = arena_strdup(r->a, json_string_value(x));
        }
        t->coop = v;
        t->ncoop = json_array_size(co);
    }
    return MC_OK;
}

mc_err api_task_docs_add_task(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_DOC, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    task_new t;
    e = read_task(r, doc, &t, err);
    if (e) {
        json_decref(doc);
        return e;
    }
    app_calendar *h = app_calendar_acquire(r->app, err);
    int64_t tid = 0;
    if (!h)
        e = MC_ERR_STORE;
    else
        e = tasks_add(r->app->st, h->cal, r->a, id, &t, u, time_now(), &tid, err);
    app_calendar_release(r->app, h);
    json_decref(doc);
    if (e) return e;
    task_set s;
    if ((e = load_for(r, u, &s, err))) return e;
    task *x = tasks_find(&s, tid);
    if (!x) return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "task vanished");
    return api_reply(r, 201, task_json(x, u));
}

/* ---- tasks ---------------------------------------------------------------------------------------- */

mc_err api_tasks_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    task_set s;
    if (!e) e = load_for(r, u, &s, err);
    if (e) return e;
    const char *view = api_query(r, "view"), *st = api_query(r, "state"), *ov = api_query(r, "overdue");
    if (!view || !*view) view = "mine";
    if (strcmp(view, "mine") && strcmp(view, "assigned"))
        return mc_fail(err, MC_ERR_INVALID, "view",
                       "\"view\" là mine (của đơn vị tôi) hoặc assigned (đơn vị tôi giao).", "view: mine or assigned.");
    int want = -1;
    if (st && *st) {
        for (int k = 0; k <= TASK_S_DONE_LATE; k++)
            if (!strcmp(st, task_state_name((task_state)k))) want = k;
        if (want < 0)
            return mc_fail(err, MC_ERR_INVALID, "state",
                           "\"state\" là not_started, in_progress, overdue, done hoặc done_late.",
                           "state: not_started, in_progress, overdue, done or done_late.");
    }
    bool only_over = ov && (!strcmp(ov, "1") || !strcmp(ov, "true"));
    json_t *v = json_array();
    int64_t total = 0, overdue = 0, due_soon = 0;
    for (size_t i = 0; i < s.n; i++) {
        const task *t = &s.t[i];
        task_role ro = tasks_role_of(u, t);
        bool in = !strcmp(view, "mine") ? ro.lead || ro.coop : ro.assigner;
        if (!in) continue;
        if (t->state == TASK_S_OVERDUE) overdue++;
        if (t->alert && !strcmp(t->alert, "due_soon") && t->state != TASK_S_OVERDUE && t->eff_status != TASK_DONE)
            due_soon++;
        if (want >= 0 && (int)t->state != want) continue;
        if (only_over && t->state != TASK_S_OVERDUE) continue;
        total++;
        if (json_array_size(v) < MAX_LIST) json_array_append_new(v, task_json(t, u));
    }
    return api_reply(r, 200,
                     json_pack("{s:s, s:o, s:I, s:b, s:{s:I, s:I}}", "view", view, "tasks", v, "total",
                               (json_int_t)total, "more", total > MAX_LIST, "counts", "overdue", (json_int_t)overdue,
                               "due_soon", (json_int_t)due_soon));
}

static mc_err reply_task(api_req *r, int status, const user *u, int64_t id, mc_error *err) {
    task_set s;
    mc_err e = load_for(r, u, &s, err);
    if (e) return e;
    task *t = tasks_find(&s, id);
    if (!t || !tasks_may_read(u, t)) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, NO_TASK, "No such task.");
    json_t *j = task_json(t, u);
    json_t *ch = json_array();
    for (size_t i = 0; i < t->nchildren; i++)
        if (tasks_may_read(u, t->children[i])) json_array_append_new(ch, task_json(t->children[i], u));
    json_object_set_new(j, "child_tasks", ch);
    task_report *rep;
    size_t n;
    if ((e = tasks_reports(store_reader(r->app->st), r->a, s.tenant, id, &rep, &n, err))) {
        json_decref(j);
        return e;
    }
    json_t *rv = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *files = json_array();
        for (size_t k = 0; k < rep[i].nfiles; k++)
            json_array_append_new(files, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)rep[i].files[k].id,
                                                   "name", rep[i].files[k].name, "mime", rep[i].files[k].mime, "size",
                                                   (json_int_t)rep[i].files[k].size, "url",
                                                   arena_printf(r->a, "/api/v1/tasks/%lld/evidence/%lld", (long long)id,
                                                                (long long)rep[i].files[k].id)));
        json_array_append_new(
            rv,
            json_pack("{s:I, s:b, s:o, s:o, s:s, s:s, s:{s:s, s:s}, s:o, s:o}", "id", (json_int_t)rep[i].id, "lead",
                      rep[i].lead, "status",
                      rep[i].status >= 0 ? json_pack("{s:s, s:s}", "name", task_status_name((task_status)rep[i].status),
                                                     "label", task_status_label((task_status)rep[i].status))
                                         : json_null(),
                      "percent", rep[i].percent >= 0 ? json_integer(rep[i].percent) : json_null(), "text", rep[i].text,
                      "by", rep[i].by_name ? rep[i].by_name : "", "unit", "code",
                      rep[i].unit_code ? rep[i].unit_code : "", "name", rep[i].unit_name ? rep[i].unit_name : "", "at",
                      api_time_json(rep[i].at), "files", files));
    }
    json_object_set_new(j, "reports", rv);
    json_t *jr = journal_json(r, s.tenant, TASKS_SUBJECT, id, err);
    if (!jr) {
        json_decref(j);
        return MC_ERR_STORE;
    }
    json_object_set_new(j, "journal", jr);
    return api_reply(r, status, j);
}

mc_err api_tasks_get(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_TASK, err);
    if (e) return e;
    return reply_task(r, 200, u, id, err);
}

mc_err api_tasks_report(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_TASK, err);
    if (e) return e;
    /* JSON {status, percent, text}, or multipart: those text fields and files "file" (evidence). */
    json_t *doc = NULL;
    if (r->upload) {
        doc = json_object();
        static const char *const names[] = {"status", "percent", "text"};
        for (int k = 0; k < 3; k++) {
            const char *v = multipart_field_value(r->upload, names[k]);
            if (!v) continue;
            if (!text_valid_utf8(v, strlen(v))) {
                json_decref(doc);
                return mc_failf(err, MC_ERR_INVALID, names[k], "Trường \"%s\" chứa ký tự không hợp lệ.",
                                "%s is not valid UTF-8.", names[k]);
            }
            if (!*v) continue;
            if (k == 1) {
                char *end;
                long p = strtol(v, &end, 10);
                json_object_set_new(doc, "percent", *end || end == v ? json_string(v) : json_integer(p));
            } else {
                json_object_set_new(doc, names[k], json_string(v));
            }
        }
    } else if ((e = api_body_object(r, &doc, err))) {
        return e;
    }
    task_report_in in = {.status = -1, .percent = -1};
    const char *st = NULL;
    e = api_json_str(r, doc, "text", true, &in.text, err);
    if (!e) e = api_json_str(r, doc, "status", false, &st, err);
    json_t *p = json_object_get(doc, "percent");
    if (!e && p && !json_is_null(p)) {
        if (!json_is_integer(p) || json_integer_value(p) < 0 || json_integer_value(p) > 100)
            e = mc_fail(err, MC_ERR_INVALID, "percent", "Tỷ lệ hoàn thành là số nguyên từ 0 đến 100.",
                        "percent: an integer 0 to 100.");
        else
            in.percent = (int)json_integer_value(p);
    }
    json_decref(doc);
    if (!e && st && *st && (in.status = task_status_parse(st)) < 0)
        e = mc_fail(err, MC_ERR_INVALID, "status", "Trạng thái là in_progress (đang thực hiện) hoặc done (hoàn thành).",
                    "status: in_progress or done.");
    if (e) return e;
    if (r->upload && multipart_file_count(r->upload) > TASKS_MAX_FILES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Mỗi báo cáo kèm tối đa %d tệp minh chứng.",
                        "At most %d evidence files a report.", TASKS_MAX_FILES);
    stored_files sf = {0};
    if (r->upload && (e = api_store_uploads(r, &sf, err))) return e;
    if ((e = tasks_report(r->app->st, r->a, id, &in, sf.v, sf.n, u, time_now(), err))) {
        api_unstore(&sf); /* nothing half-written: no report, no file */
        return e;
    }
    return reply_task(r, 201, u, id, err);
}

mc_err api_tasks_evidence(api_req *r, mc_error *err) {
    user *u;
    int64_t id, fid;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_TASK, err);
    if (!e) e = api_path_id(r, 1, &fid, "Không tìm thấy tệp.", err);
    task_set s;
    if (!e) e = load_for(r, u, &s, err);
    if (e) return e;
    task *t = tasks_find(&s, id);
    if (!t || !tasks_may_read(u, t)) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, NO_TASK, "No such task.");
    task_report *rep;
    size_t n;
    if ((e = tasks_reports(store_reader(r->app->st), r->a, s.tenant, id, &rep, &n, err))) return e;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < rep[i].nfiles; k++) {
            const task_file *f = &rep[i].files[k];
            if (f->id != fid) continue;
            return api_reply_stored(r, f->stored, f->mime, f->name);
        }
    return mc_fail(err, MC_ERR_NOT_FOUND, "file", "Không tìm thấy tệp.", "File not found.");
}

/* ---- figures ----------------------------------------------------------------------------------------- */

json_t *api_tasks_stats_json(const tasks_stats *s) {
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)s->total, "in_progress",
                     (json_int_t)s->in_progress, "done_on_time", (json_int_t)s->done_on_time, "done_late",
                     (json_int_t)s->done_late, "overdue", (json_int_t)s->overdue, "not_started",
                     (json_int_t)s->not_started);
}

mc_err api_task_stats(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    store_conn *c = store_reader(r->app->st);
    org_unit unit;
    if ((e = api_query_unit(r, u, "Vui lòng chọn đơn vị.", &unit, err))) return e;
    if (!perm_allows(u->roles, u->unit_path, ACT_TASK_READ, unit.path) &&
        !perm_allows(u->roles, u->unit_path, ACT_REPORT_READ, unit.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "unit", "Bạn không có quyền xem số liệu nhiệm vụ của đơn vị này.",
                       "You may not read this unit's task figures.");
    mc_day from, to;
    if ((e = api_report_period_max(r, TASKS_MAX_PERIOD_DAYS, &from, &to, err))) return e;
    mc_time t0 = time_from_local(from, 0), t1 = time_from_local(to + 1, 0), now = time_now();
    mc_time asof = now < t1 ? now : t1;
    tasks_stats s;
    if ((e = tasks_stats_of(c, unit.path, t0, t1, asof, &s, err))) return e;
    org_unit *ou;
    size_t nu;
    if ((e = units_list(c, r->a, unit.code, &ou, &nu, err))) return e;
    json_t *rows = json_array();
    for (size_t i = 0; i < nu; i++) {
        if (!ou[i].parent_code || strcmp(ou[i].parent_code, unit.code)) continue;
        tasks_stats cs;
        if ((e = tasks_stats_of(c, ou[i].path, t0, t1, asof, &cs, err))) {
            json_decref(rows);
            return e;
        }
        if (!cs.total) continue;
        json_array_append_new(rows, json_pack("{s:s, s:s, s:o}", "code", ou[i].code, "name", ou[i].name, "figures",
                                              api_tasks_stats_json(&cs)));
    }
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return api_reply(r, 200,
                     json_pack("{s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o, s:s}", "unit", "code", unit.code, "name",
                               unit.name, "from", f, "to", t, "asof", api_time_json(asof), "figures",
                               api_tasks_stats_json(&s), "units", rows, "note",
                               "Đếm các nhiệm vụ không có nhiệm vụ con (các kỳ của nhiệm vụ định kỳ, nhiệm vụ của kế "
                               "hoạch thực hiện) do đơn vị và cấp dưới chủ trì, đang mở trong kỳ; mỗi nhiệm vụ ở đúng "
                               "một cột tại cuối kỳ (hoặc hiện tại)."));
}

/* ---- the public ---------------------------------------------------------------------------------------- */

mc_err api_public_task_progress(api_req *r, mc_error *err) {
    /* The province of the portal: the one tenant with public documents (a national platform names one). */
    const char *tenant = api_query(r, "province");
    store_conn *c = store_reader(r->app->st);
    if (!tenant || !*tenant) {
        org_unit *all;
        size_t n;
        mc_err e = units_list(c, r->a, NULL, &all, &n, err);
        if (e) return e;
        tenant = n ? all[0].tenant : NULL;
    }
    task_set s;
    mc_err e = tasks_load(c, r->a, tenant, time_now(), &s, err);
    if (e) return e;
    json_t *docs = json_array();
    for (size_t i = 0; i < s.ndocs; i++) {
        const tdoc *d = &s.docs[i];
        if (!d->public_) continue;
        json_t *j = doc_brief(d);
        json_object_set_new(j, "issued_on", json_string(d->issued_on));
        json_object_set_new(j, "tasks", doc_tree(&s, d, NULL, true));
        json_array_append_new(docs, j);
    }
    return api_reply(r, 200, json_pack("{s:o}", "docs", docs));
}

/* ---- news ------------------------------------------------------------------------------------------------ */

static json_t *news_json(const news_item *n, bool full) {
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "key", n->key, "title", n->title, "summary", n->summary,
                          "published_on", n->published_on, "unit", "code", n->unit_code ? n->unit_code : "", "name",
                          n->unit_name ? n->unit_name : "");
    if (full) json_object_set_new(j, "body", json_string(n->body));
    return j;
}

mc_err api_public_news(api_req *r, mc_error *err) {
    news_item *v;
    size_t n;
    mc_err e = news_published(store_reader(r->app->st), r->a, NULL, 50, &v, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, news_json(&v[i], false));
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

mc_err api_public_news_get(api_req *r, mc_error *err) {
    news_item it;
    const char *key = r->nparams ? r->params[0] : "";
    mc_err e = news_get(store_reader(r->app->st), r->a, key, &it, err);
    if (!e && it.withdrawn_at) e = mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có tin này.", "No such news item.");
    if (e) return e;
    return api_reply(r, 200, news_json(&it, true));
}

mc_err api_news_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (perm_scope_of(u->roles, ACT_NEWS_PUBLISH) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Bạn không có quyền quản lý tin cải cách hành chính.",
                       "You may not manage news.");
    store_conn *c = store_reader(r->app->st);
    news_item *v;
    size_t n;
    if ((e = news_all(c, r->a, tasks_tenant_of(c, r->a, u), NEWS_MAX_LIST, &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = news_json(&v[i], true);
        json_object_set_new(j, "withdrawn", json_boolean(v[i].withdrawn_at != 0));
        json_object_set_new(j, "by", json_string(v[i].by_name ? v[i].by_name : ""));
        json_object_set_new(j, "may_withdraw", json_boolean(!v[i].withdrawn_at && news_may_manage(u, &v[i])));
        json_array_append_new(items, j);
    }
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

mc_err api_news_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    news_new in = {0};
    e = api_json_str(r, doc, "title", true, &in.title, err);
    if (!e) e = api_json_str(r, doc, "summary", true, &in.summary, err);
    if (!e) e = api_json_str(r, doc, "body", true, &in.body, err);
    if (!e) e = api_json_str(r, doc, "published_on", false, &in.published_on, err);
    if (!e) e = api_json_str(r, doc, "unit", false, &in.unit, err);
    json_decref(doc);
    const char *key = NULL;
    if (!e) e = news_publish(r->app->st, r->a, &in, u, time_now(), &key, err);
    if (e) return e;
    news_item it;
    if ((e = news_get(store_reader(r->app->st), r->a, key, &it, err))) return e;
    return api_reply(r, 201, news_json(&it, true));
}

mc_err api_news_withdraw(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    const char *key = r->nparams ? r->params[0] : "";
    if ((e = news_withdraw(r->app->st, r->a, key, u, time_now(), err))) return e;
    return api_reply(r, 200, json_pack("{s:s, s:b}", "key", key, "withdrawn", true));
}
