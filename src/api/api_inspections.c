/* api_inspections.c - CCHC inspections over the API (inspections.h): plans and their targets, inspections
 * with their findings, remedy reports with evidence files (multipart, stored like a dossier's), closing,
 * the conclusion, the data drawn from dossiers, the journal, and the statistics per unit and period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "buf.h"
#include "inspections.h"
#include "journal.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"

#define NO_INSPECTION "Không có cuộc kiểm tra này (hoặc nằm ngoài phạm vi của bạn)."
#define NO_PLAN       "Không có kế hoạch kiểm tra này (hoặc nằm ngoài phạm vi của bạn)."

static json_t *unit_json(const char *code, const char *name) {
    return json_pack("{s:s, s:s}", "code", code ? code : "", "name", name ? name : "");
}

static json_t *mode_json(insp_mode m) {
    return json_pack("{s:s, s:s}", "name", insp_mode_name(m), "label", insp_mode_label(m));
}

static json_t *areas_json(api_req *r, const char *list) {
    json_t *v = json_array();
    char *copy = arena_strdup(r->a, list ? list : "");
    for (char *save = NULL, *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        const insp_area *ar = insp_area_find(p);
        json_array_append_new(v, json_pack("{s:s, s:s}", "code", p, "label", ar ? ar->label : p));
    }
    return v;
}

static json_t *target_json(api_req *r, const insp_target *t) {
    return json_pack("{s:I, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)t->id, "unit",
                     unit_json(t->unit_code, t->unit_name), "planned_date", t->planned_date, "areas",
                     areas_json(r, t->areas), "mode", mode_json(t->mode), "inspection",
                     t->inspection_id ? json_integer(t->inspection_id) : json_null());
}

static json_t *plan_json(api_req *r, const insp_plan *p, bool targets) {
    json_t *j =
        json_pack("{s:I, s:i, s:s, s:o, s:o, s:o, s:s, s:o}", "id", (json_int_t)p->id, "year", p->year, "title",
                  p->title, "decision_no", api_jstr(p->decision_no), "decision_date", api_jstr(p->decision_date),
                  "lead_unit", unit_json(p->lead_unit_code, p->lead_unit_name), "created_by",
                  p->created_by_name ? p->created_by_name : "", "created_at", api_time_json(p->created_at));
    if (targets) {
        json_t *v = json_array();
        for (size_t i = 0; i < p->ntargets; i++) json_array_append_new(v, target_json(r, &p->targets[i]));
        json_object_set_new(j, "targets", v);
    }
    return j;
}

static json_t *finding_json(api_req *r, const user *u, const inspection *i, const insp_finding *f) {
    const insp_area *ar = insp_area_find(f->area);
    json_t *rem = json_array();
    for (size_t k = 0; k < f->nremedies; k++) {
        const insp_remedy *m = &f->remedies[k];
        json_t *files = json_array();
        for (size_t x = 0; x < m->nfiles; x++)
            json_array_append_new(files, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)m->files[x].id,
                                                   "name", m->files[x].name, "mime", m->files[x].mime, "size",
                                                   (json_int_t)m->files[x].size, "url",
                                                   arena_printf(r->a, "/api/v1/inspections/%lld/evidence/%lld",
                                                                (long long)i->id, (long long)m->files[x].id)));
        json_array_append_new(rem, json_pack("{s:s, s:o, s:s, s:o, s:o}", "report", m->report, "reported_at",
                                             api_time_json(m->reported_at), "reported_by",
                                             m->reported_by_name ? m->reported_by_name : "", "unit",
                                             api_jstr(m->reported_by_unit), "files", files));
    }
    return json_pack("{s:i, s:{s:s, s:s}, s:s, s:s, s:o, s:s, s:o, s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:o, s:b}",
                     "seq", f->seq, "area", "code", f->area, "label", ar ? ar->label : f->area, "description",
                     f->description, "recommendation", f->recommendation, "responsible_unit",
                     unit_json(f->unit_code, f->unit_name), "due_date", f->due_date, "raised_at",
                     api_time_json(f->raised_at), "raised_by", f->raised_by_name ? f->raised_by_name : "", "state",
                     "name", insp_finding_state_name(f->state), "label", insp_finding_state_label(f->state),
                     "closed_at", api_time_json(f->closed_at), "closed_by", api_jstr(f->closed_by_name), "on_time",
                     f->closed_at ? json_boolean(f->on_time) : json_null(), "close_note", api_jstr(f->close_note),
                     "remedies", rem, "may_remedy", !f->closed_at && inspections_may_remedy(u, i, f));
}

static json_t *inspection_json(api_req *r, const user *u, const inspection *i, bool details) {
    json_t *j = json_pack(
        "{s:I, s:o, s:o, s:o, s:{s:s, s:s}, s:s, s:s, s:s, s:o, s:s, s:I, s:I, s:s, s:o}", "id", (json_int_t)i->id,
        "unit", unit_json(i->unit_code, i->unit_name), "mode", mode_json(i->mode), "plan",
        i->plan_id ? json_pack("{s:I, s:s, s:I}", "id", (json_int_t)i->plan_id, "title",
                               i->plan_title ? i->plan_title : "", "target", (json_int_t)i->target_id)
                   : json_null(),
        "period", "from", i->period_from, "to", i->period_to, "inspected_on", i->inspected_on, "team", i->team,
        "status", i->concluded ? "concluded" : "open", "conclusion",
        i->concluded ? json_pack("{s:s, s:s}", "no", i->conclusion_no ? i->conclusion_no : "", "date",
                                 i->conclusion_date ? i->conclusion_date : "")
                     : json_null(),
        "created_by", i->created_by_name ? i->created_by_name : "", "findings_count", (json_int_t)i->findings,
        "open_findings", (json_int_t)i->open_findings, "status_label",
        i->concluded ? "Đã có thông báo kết luận" : "Đang kiểm tra", "created_at", api_time_json(i->created_at));
    if (details) {
        json_t *v = json_array();
        for (size_t k = 0; k < i->nf; k++) json_array_append_new(v, finding_json(r, u, i, &i->f[k]));
        json_object_set_new(j, "findings", v);
        json_object_set_new(j, "may_manage", json_boolean(inspections_may_manage(u, i)));
    }
    return j;
}

/* ---- plans ------------------------------------------------------------------------------------ */

/* A target of a JSON object; errors name `prefix`+field. */
static mc_err read_target(api_req *r, json_t *o, const char *prefix, insp_target_new *t, mc_error *err) {
    memset(t, 0, sizeof *t);
    if (!json_is_object(o))
        return mc_failf(err, MC_ERR_INVALID, prefix, "Mỗi đối tượng kiểm tra phải là một đối tượng JSON (%s).",
                        "%s must be an object.", prefix, prefix);
    char p[80];
    snprintf(p, sizeof p, "%sunit", prefix);
    mc_err e = api_json_str_at(r, o, "unit", p, true, &t->unit_code, err);
    snprintf(p, sizeof p, "%splanned_date", prefix);
    if (!e) e = api_json_str_at(r, o, "planned_date", p, true, &t->planned_date, err);
    snprintf(p, sizeof p, "%smode", prefix);
    if (!e) e = api_json_str_at(r, o, "mode", p, false, &t->mode, err);
    if (e) return e;
    if (!t->mode) t->mode = "on_site";
    /* areas: an array of codes (or one string "a,b") */
    snprintf(p, sizeof p, "%sareas", prefix);
    json_t *a = json_object_get(o, "areas");
    if (json_is_string(a)) return api_json_str_at(r, o, "areas", p, true, &t->areas, err);
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 20)
        return mc_fail(err, MC_ERR_INVALID, arena_strdup(r->a, p),
                       "Vui lòng chọn nội dung kiểm tra (areas: danh sách mã lĩnh vực).",
                       "areas: an array of area codes.");
    buf b = {0};
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) {
        if (!json_is_string(x) || strlen(json_string_value(x)) > 32 || strchr(json_string_value(x), ',')) {
            buf_free(&b);
            return mc_fail(err, MC_ERR_INVALID, arena_strdup(r->a, p), "Mã lĩnh vực kiểm tra không hợp lệ.",
                           "areas: codes of the table.");
        }
        if (i) buf_putc(&b, ',');
        buf_puts(&b, json_string_value(x));
    }
    t->areas = arena_strdup(r->a, b.data ? b.data : "");
    buf_free(&b);
    return MC_OK;
}

mc_err api_inspection_plans_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    long year = 0;
    if (!e) e = api_query_int(r, "year", 2000, 2100, &year, err);
    if (e) return e;
    insp_plan *v;
    size_t n;
    if ((e = inspections_plans(store_reader(r->app->st), r->a, u, (int)year, &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, plan_json(r, &v[i], false));
    return api_reply(r, 200,
                     json_pack("{s:o, s:b}", "plans", items, "may_create",
                               perm_scope_of(u->roles, ACT_INSPECTION_MANAGE) != SCOPE_NONE));
}

mc_err api_inspection_plans_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    insp_plan_new in = {0};
    json_t *y = json_object_get(doc, "year");
    if (!json_is_integer(y))
        e = mc_fail(err, MC_ERR_INVALID, "year", "Vui lòng nhập năm của kế hoạch kiểm tra.",
                    "year must be an integer.");
    else
        in.year = (int)(json_integer_value(y) > 100000 ? 0 : json_integer_value(y));
    if (!e) e = api_json_str(r, doc, "title", true, &in.title, err);
    if (!e) e = api_json_str(r, doc, "decision_no", false, &in.decision_no, err);
    if (!e) e = api_json_str(r, doc, "decision_date", false, &in.decision_date, err);
    if (!e) e = api_json_str(r, doc, "lead_unit", false, &in.lead_unit_code, err);
    json_t *ts = json_object_get(doc, "targets");
    if (!e && ts && !json_is_null(ts)) {
        if (!json_is_array(ts))
            e = mc_fail(err, MC_ERR_INVALID, "targets", "\"targets\" phải là một danh sách.",
                        "targets must be an array.");
        else if (json_array_size(ts) > INSP_MAX_TARGETS)
            e = mc_failf(err, MC_ERR_TOO_LARGE, "targets", "Một kế hoạch có tối đa %d đối tượng kiểm tra.",
                         "At most %d targets a plan.", INSP_MAX_TARGETS, INSP_MAX_TARGETS);
        else {
            in.ntargets = json_array_size(ts);
            insp_target_new *t = arena_alloc(r->a, (in.ntargets ? in.ntargets : 1) * sizeof *t);
            for (size_t i = 0; !e && i < in.ntargets; i++)
                e = read_target(r, json_array_get(ts, i), arena_printf(r->a, "targets[%zu].", i), &t[i], err);
            in.targets = t;
        }
    }
    json_decref(doc);
    if (e) return e;
    if (!in.lead_unit_code) in.lead_unit_code = u->unit_code;
    if (in.decision_no && !*in.decision_no) in.decision_no = NULL;
    if (in.decision_date && !*in.decision_date) in.decision_date = NULL;
    int64_t id = 0;
    if ((e = inspections_plan_create(r->app->st, r->a, &in, u, time_now(), &id, err))) return e;
    insp_plan p;
    if ((e = inspections_plan_get(store_reader(r->app->st), r->a, id, u, &p, err))) return e;
    return api_reply(r, 201, plan_json(r, &p, true));
}

mc_err api_inspection_plans_get(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_PLAN, err);
    insp_plan p;
    if (!e) e = inspections_plan_get(store_reader(r->app->st), r->a, id, u, &p, err);
    if (e) return e;
    json_t *j = plan_json(r, &p, true);
    json_object_set_new(j, "may_manage",
                        json_boolean(perm_allows(u->roles, u->unit_path, ACT_INSPECTION_MANAGE, p.lead_unit_path)));
    journal_entry *ev;
    size_t n;
    if ((e = journal_of_subject(store_reader(r->app->st), r->a, p.tenant, "inspection_plan", id, &ev, &n, err))) {
        json_decref(j);
        return e;
    }
    json_t *events = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(events, json_pack("{s:s, s:s, s:o, s:o}", "actor", ev[i].actor, "action", ev[i].action,
                                                "at", api_time_json(ev[i].at), "note", api_jstr(ev[i].note)));
    json_object_set_new(j, "journal", events);
    return api_reply(r, 200, j);
}

mc_err api_inspection_plans_add_target(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_PLAN, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    insp_target_new t;
    e = read_target(r, doc, "", &t, err);
    json_decref(doc);
    int64_t tid = 0;
    if (!e) e = inspections_target_add(r->app->st, r->a, id, &t, u, time_now(), &tid, err);
    insp_plan p;
    if (!e) e = inspections_plan_get(store_reader(r->app->st), r->a, id, u, &p, err);
    if (e) return e;
    return api_reply(r, 201, plan_json(r, &p, true));
}

/* ---- inspections ------------------------------------------------------------------------------ */

mc_err api_inspections_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    inspection *v;
    size_t n;
    if ((e = inspections_list(store_reader(r->app->st), r->a, u, &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, inspection_json(r, u, &v[i], false));
    return api_reply(r, 200,
                     json_pack("{s:o, s:b}", "inspections", items, "may_create",
                               perm_scope_of(u->roles, ACT_INSPECTION_MANAGE) != SCOPE_NONE));
}

/* The inspection of the path, readable by the user. */
static mc_err inspection_of(api_req *r, user **u, inspection *i, mc_error *err) {
    int64_t id;
    mc_err e = api_require_user(r, u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_INSPECTION, err);
    if (!e) e = inspections_get(store_reader(r->app->st), r->a, id, *u, time_now(), i, err);
    return e;
}

static mc_err reply_inspection(api_req *r, int status, user *u, int64_t id, mc_error *err) {
    inspection i;
    mc_err e = inspections_get(store_reader(r->app->st), r->a, id, u, time_now(), &i, err);
    if (e) return e;
    return api_reply(r, status, inspection_json(r, u, &i, true));
}

mc_err api_inspections_create(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    insp_new in = {0};
    json_t *t = json_object_get(doc, "target");
    if (t && !json_is_null(t)) {
        if (!json_is_integer(t) || json_integer_value(t) <= 0)
            e = mc_fail(err, MC_ERR_INVALID, "target", "\"target\" phải là số của đối tượng trong kế hoạch.",
                        "target must be a plan target's id.");
        else
            in.target_id = json_integer_value(t);
    }
    if (!e) e = api_json_str(r, doc, "unit", false, &in.unit_code, err);
    if (!e) e = api_json_str(r, doc, "mode", false, &in.mode, err);
    if (!e) e = api_json_str(r, doc, "period_from", true, &in.period_from, err);
    if (!e) e = api_json_str(r, doc, "period_to", true, &in.period_to, err);
    if (!e) e = api_json_str(r, doc, "inspected_on", true, &in.inspected_on, err);
    if (!e) e = api_json_str(r, doc, "team", true, &in.team, err);
    json_decref(doc);
    if (e) return e;
    if (!in.target_id && !in.unit_code)
        return mc_fail(err, MC_ERR_INVALID, "unit",
                       "Vui lòng chọn đối tượng trong kế hoạch hoặc đơn vị được kiểm tra đột xuất.",
                       "target or unit is required.");
    int64_t id = 0;
    if ((e = inspections_open(r->app->st, r->a, &in, u, time_now(), &id, err))) return e;
    return reply_inspection(r, 201, u, id, err);
}

mc_err api_inspections_get(api_req *r, mc_error *err) {
    user *u;
    inspection i;
    mc_err e = inspection_of(r, &u, &i, err);
    if (e) return e;
    return api_reply(r, 200, inspection_json(r, u, &i, true));
}

mc_err api_inspections_data(api_req *r, mc_error *err) {
    user *u;
    inspection i;
    mc_err e = inspection_of(r, &u, &i, err);
    if (e) return e;
    insp_drawn d;
    if ((e = inspections_drawn(store_reader(r->app->st), r->a, &i, time_now(), &d, err))) return e;
    json_t *late = json_array(), *apo = json_array();
    for (size_t k = 0; k < d.nlate; k++)
        json_array_append_new(late, json_pack("{s:s, s:s, s:o, s:o, s:s}", "code", d.late_v[k].code, "procedure",
                                              d.late_v[k].procedure ? d.late_v[k].procedure : "", "due_at",
                                              api_time_json(d.late_v[k].due_at), "decided_at",
                                              api_time_json(d.late_v[k].decided_at), "kind",
                                              d.late_v[k].decided_at ? "decided_late" : "open_overdue"));
    for (size_t k = 0; k < d.napology; k++)
        json_array_append_new(apo, json_pack("{s:s, s:o, s:o}", "code", d.apology_v[k].code, "at",
                                             api_time_json(d.apology_v[k].at), "unit",
                                             unit_json(d.apology_v[k].unit_code, d.apology_v[k].unit_name)));
    const feedback_stats *f = &d.feedback;
    json_t *fb = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "received", (json_int_t)f->received, "refused",
                           (json_int_t)f->refused, "answered", (json_int_t)f->answered, "answered_on_time",
                           (json_int_t)f->answered_on_time, "answered_late", (json_int_t)f->answered_late, "pending",
                           (json_int_t)f->pending, "overdue", (json_int_t)f->overdue);
    return api_reply(r, 200,
                     json_pack("{s:o, s:{s:s, s:s}, s:o, s:{s:I, s:I, s:I, s:o, s:b}, s:{s:I, s:o, s:b}, s:o}", "unit",
                               unit_json(i.unit_code, i.unit_name), "period", "from", i.period_from, "to", i.period_to,
                               "asof", api_time_json(d.asof), "late_dossiers", "total", (json_int_t)d.late,
                               "decided_late", (json_int_t)d.late_decided, "open_overdue", (json_int_t)d.late_open,
                               "items", late, "more", d.late > (int64_t)d.nlate, "apologies", "total",
                               (json_int_t)d.apologies, "items", apo, "more", d.apologies > (int64_t)d.napology,
                               "feedback", fb));
}

mc_err api_inspections_journal(api_req *r, mc_error *err) {
    user *u;
    inspection i;
    mc_err e = inspection_of(r, &u, &i, err);
    if (e) return e;
    json_t *items;
    if ((e = api_journal_json(r, i.tenant, "inspection", i.id, &items, err))) return e;
    return api_reply(r, 200, json_pack("{s:o}", "entries", items));
}

mc_err api_inspections_add_finding(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_INSPECTION, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    insp_finding_new in = {0};
    e = api_json_str(r, doc, "area", true, &in.area, err);
    if (!e) e = api_json_str(r, doc, "description", true, &in.description, err);
    if (!e) e = api_json_str(r, doc, "recommendation", true, &in.recommendation, err);
    if (!e) e = api_json_str(r, doc, "responsible_unit", false, &in.responsible_unit, err);
    if (!e) e = api_json_str(r, doc, "due_date", true, &in.due_date, err);
    json_decref(doc);
    if (e) return e;
    int seq = 0;
    inspection i;
    /* The responsible unit is the inspected unit unless another is named. */
    if (!in.responsible_unit) {
        if ((e = inspections_get(store_reader(r->app->st), r->a, id, u, time_now(), &i, err))) return e;
        in.responsible_unit = i.unit_code;
    }
    if ((e = inspections_finding_add(r->app->st, r->a, id, &in, u, time_now(), &seq, err))) return e;
    return reply_inspection(r, 201, u, id, err);
}

/* The finding number of the path (parameter 1). */
static mc_err finding_seq(api_req *r, int *seq, mc_error *err) {
    int64_t v = 0;
    mc_err e = api_path_id(r, 1, &v, "Không có phát hiện này.", err);
    if (!e && v > INSP_MAX_FINDINGS)
        e = mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có phát hiện này.", "No such finding.");
    *seq = (int)v;
    return e;
}

mc_err api_inspections_remedy(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    int seq;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_INSPECTION, err);
    if (!e) e = finding_seq(r, &seq, err);
    if (e) return e;
    /* JSON {report}, or multipart: the text field "report" and files "file" (evidence). */
    json_t *doc = NULL;
    if (r->upload) {
        const char *rep = multipart_field_value(r->upload, "report");
        if (rep && !text_valid_utf8(rep, strlen(rep)))
            return mc_fail(err, MC_ERR_INVALID, "report", "Trường \"report\" chứa ký tự không hợp lệ.",
                           "report is not valid UTF-8.");
        doc = rep ? json_pack("{s:s}", "report", rep) : json_object();
    } else if ((e = api_body_object(r, &doc, err))) {
        return e;
    }
    const char *report = NULL;
    e = api_json_str(r, doc, "report", true, &report, err);
    json_decref(doc);
    if (e) return e;
    if (r->upload && multipart_file_count(r->upload) > INSP_MAX_FILES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Mỗi báo cáo khắc phục kèm tối đa %d tệp minh chứng.",
                        "At most %d evidence files a report.", INSP_MAX_FILES, INSP_MAX_FILES);
    stored_files sf = {0};
    if (r->upload && (e = api_store_uploads(r, &sf, err))) return e;
    if ((e = inspections_remedy_report(r->app->st, r->a, id, seq, report, sf.v, sf.n, u, time_now(), err))) {
        api_unstore(&sf); /* nothing half-written: no report, no file */
        return e;
    }
    return reply_inspection(r, 201, u, id, err);
}

mc_err api_inspections_close_finding(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    int seq;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_INSPECTION, err);
    if (!e) e = finding_seq(r, &seq, err);
    if (e) return e;
    const char *note = NULL;
    if (r->body_len) {
        json_t *doc;
        if ((e = api_body_object(r, &doc, err))) return e;
        e = api_json_str(r, doc, "note", false, &note, err);
        json_decref(doc);
        if (e) return e;
    }
    if ((e = inspections_finding_close(r->app->st, r->a, id, seq, note, u, time_now(), err))) return e;
    return reply_inspection(r, 200, u, id, err);
}

mc_err api_inspections_conclude(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, NO_INSPECTION, err);
    if (e) return e;
    json_t *doc;
    if ((e = api_body_object(r, &doc, err))) return e;
    const char *no = NULL, *date = NULL;
    e = api_json_str(r, doc, "conclusion_no", true, &no, err);
    if (!e) e = api_json_str(r, doc, "conclusion_date", true, &date, err);
    json_decref(doc);
    if (!e) e = inspections_conclude(r->app->st, r->a, id, no, date, u, time_now(), err);
    if (e) return e;
    return reply_inspection(r, 200, u, id, err);
}

mc_err api_inspections_evidence(api_req *r, mc_error *err) {
    user *u;
    inspection i;
    int64_t fid;
    mc_err e = inspection_of(r, &u, &i, err);
    if (!e) e = api_path_id(r, 1, &fid, "Không tìm thấy tệp.", err);
    if (e) return e;
    for (size_t x = 0; x < i.nf; x++)
        for (size_t y = 0; y < i.f[x].nremedies; y++)
            for (size_t z = 0; z < i.f[x].remedies[y].nfiles; z++) {
                const insp_evidence *f = &i.f[x].remedies[y].files[z];
                if (f->id != fid) continue;
                return api_reply_stored(r, f->stored, f->mime, f->name);
            }
    return mc_fail(err, MC_ERR_NOT_FOUND, "file", "Không tìm thấy tệp.", "File not found.");
}

/* ---- statistics ------------------------------------------------------------------------------- */

static json_t *stats_row_json(const insp_stats_row *x, bool total) {
    json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I}", "raised", (json_int_t)x->raised, "closed_on_time",
                          (json_int_t)x->closed_on_time, "closed_late", (json_int_t)x->closed_late, "open",
                          (json_int_t)x->open, "overdue", (json_int_t)x->overdue);
    if (!total) json_object_set_new(j, "unit", unit_json(x->unit_code, x->unit_name));
    return j;
}

mc_err api_inspections_stats(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    org_unit unit;
    if ((e = api_query_unit(r, u, "Vui lòng chọn đơn vị.", &unit, err))) return e;
    if (!perm_allows(u->roles, u->unit_path, ACT_INSPECTION_READ, unit.path) &&
        !perm_allows(u->roles, u->unit_path, ACT_INSPECTION_MANAGE, unit.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "unit", "Bạn không có quyền xem kết quả kiểm tra của đơn vị này.",
                       "You may not read this unit's inspections.");
    mc_day from, to;
    if ((e = api_report_period_max(r, INSP_MAX_PERIOD_DAYS, &from, &to, err))) return e;
    insp_stats_row *rows, total;
    size_t n;
    if ((e = inspections_stats(store_reader(r->app->st), r->a, unit.path, from, to, time_now(), &rows, &n, &total,
                               err)))
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, stats_row_json(&rows[i], false));
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return api_reply(r, 200,
                     json_pack("{s:o, s:s, s:s, s:o, s:o}", "unit", unit_json(unit.code, unit.name), "from", f, "to", t,
                               "rows", items, "total", stats_row_json(&total, true)));
}

mc_err api_inspections_areas(api_req *r, mc_error *err) {
    (void)err;
    size_t n;
    const insp_area *a = insp_areas(&n);
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            v, json_pack("{s:s, s:s, s:s}", "code", a[i].code, "label", a[i].label, "group", a[i].group));
    json_t *modes = json_array();
    for (int m = 0; m <= INSP_AD_HOC; m++) json_array_append_new(modes, mode_json((insp_mode)m));
    return api_reply(r, 200, json_pack("{s:o, s:o}", "areas", v, "modes", modes));
}
