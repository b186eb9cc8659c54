/* web_inspections.c - the officers' pages of CCHC inspections (/can-bo/kiem-tra): the plans and
 * inspections in reach, a plan with its targets, an inspection's record (the data drawn from
 * motcua, findings, remedy reports with evidence, closing, the conclusion, the journal) and the
 * statistics per unit and period. Every read and write is the API's own handler
 * (api_inspections.c); pages work without JavaScript and every form carries its CSRF token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "inspections.h"
#include "timeutil.h"
#include "web.h"
#include "web_internal.h"

#define LIST_TITLE  "Kiểm tra cải cách hành chính"
#define STATS_TITLE "Thống kê kết quả kiểm tra cải cách hành chính"

/* The areas as checkboxes or options, with those of `chosen` (a JSON array of codes, or a string) marked. */
static json_t *area_choices(json_t *chosen) {
    size_t n;
    const insp_area *a = insp_areas(&n);
    json_t *v = json_array();
    for (size_t i = 0; i < n; i++) {
        bool on = false;
        json_t *c;
        size_t k;
        if (json_is_array(chosen)) {
            json_array_foreach(chosen, k, c) on = on || (json_is_string(c) && !strcmp(json_string_value(c), a[i].code));
        } else if (json_is_string(chosen)) {
            on = !strcmp(json_string_value(chosen), a[i].code);
        }
        json_array_append_new(v, json_pack("{s:s, s:s, s:b, s:s}", "code", a[i].code, "label", a[i].label, "checked",
                                           on, "id", a[i].code));
    }
    return v;
}

static json_t *mode_choices(const char *chosen) {
    json_t *v = json_array();
    for (int m = 0; m <= INSP_AD_HOC; m++)
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "name", insp_mode_name((insp_mode)m), "label",
                                           insp_mode_label((insp_mode)m), "selected",
                                           chosen && !strcmp(chosen, insp_mode_name((insp_mode)m))));
    return v;
}

static const char *param_path(api_req *r, const char *fmt) {
    return arena_printf(r->a, fmt, r->params[0], r->nparams > 1 ? r->params[1] : "");
}

static mc_err plan_page(api_req *r, int status, json_t *form, const char *error);

/* ---- the list ---------------------------------------------------------------------------------- */

static mc_err list_page(api_req *r, user *u, int status, json_t *form, const char *error) {
    json_t *plans, *insps;
    int st;
    mc_error e2;
    if (web_api(r, api_inspection_plans_list, NULL, 0, NULL, &plans, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    if (web_api(r, api_inspections_list, NULL, 0, NULL, &insps, &st, &e2)) {
        json_decref(form);
        json_decref(plans);
        return web_error(r, web_status(e2.code), e2.message);
    }
    json_t *x;
    size_t i;
    static const char *const ikeys[] = {"inspected_on", NULL};
    json_array_foreach(json_object_get(insps, "inspections"), i, x) {
        web_date_words(x, ikeys, true);
        web_date_words(json_object_get(x, "period"), (const char *const[]){"from", "to", NULL}, true);
    }
    static const char *const pkeys[] = {"decision_date", NULL};
    json_array_foreach(json_object_get(plans, "plans"), i, x) web_date_words(x, pkeys, true);
    int y, m, d;
    day_to_ymd(time_local_day(time_now()), &y, &m, &d);
    if (!form)
        form = json_pack("{s:i, s:s, s:s}", "year", y, "lead_unit", u->unit_code ? u->unit_code : "", "unit",
                         u->unit_code ? u->unit_code : "");
    json_t *ctx =
        json_pack("{s:O, s:O, s:O, s:o, s:o, s:i}", "plans", json_object_get(plans, "plans"), "inspections",
                  json_object_get(insps, "inspections"), "may_create", json_object_get(plans, "may_create"), "units",
                  web_unit_choices(r, u, json_string_value(json_object_get(form, "unit"))), "lead_units",
                  web_unit_choices(r, u, json_string_value(json_object_get(form, "lead_unit"))), "year", y);
    json_decref(plans);
    json_decref(insps);
    web_form_context(r, ctx, form, error, NULL);
    return web_page(r, status, "inspections", LIST_TITLE, ctx);
}

mc_err web_inspections(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return list_page(r, u, 200, NULL, NULL);
}

mc_err web_inspection_plan_create(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"title", "decision_no", "decision_date", "lead_unit", "year", NULL};
    json_t *form = web_form_fields(r, &f, names);
    json_t *body = json_deep_copy(form);
    const char *ys = web_form_text(r, &f, "year");
    char *end = NULL;
    long year = ys ? strtol(ys, &end, 10) : 0;
    if (ys && !*end) json_object_set_new(body, "year", json_integer(year));
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_inspection_plans_create, NULL, 0, body, &out, &st, &e2))
        return list_page(r, u, web_status(e2.code), form, e2.message);
    json_decref(form);
    return web_redirect_created(r, "/can-bo/kiem-tra/ke-hoach", out);
}

/* POST /can-bo/kiem-tra/cuoc: from the list (ad hoc: unit) or a plan's page (target). */
mc_err web_inspection_open(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"unit", "mode", "period_from", "period_to", "inspected_on", "team", NULL};
    json_t *form = web_form_fields(r, &f, names);
    json_t *body = json_deep_copy(form);
    const char *target = web_form_text(r, &f, "target"), *plan = web_form_text(r, &f, "plan");
    if (target) {
        json_object_set_new(body, "target", json_integer(strtoll(target, NULL, 10)));
        json_object_set_new(form, "target", json_string(target));
    }
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_inspections_create, NULL, 0, body, &out, &st, &e2)) {
        if (plan) {
            /* Back to the plan's page with what was typed. */
            char *endp;
            long long pid = strtoll(plan, &endp, 10);
            if (!*endp && pid > 0) {
                r->params[0] = arena_printf(r->a, "%lld", pid);
                r->nparams = 1;
                return plan_page(r, web_status(e2.code), form, e2.message);
            }
        }
        return list_page(r, u, web_status(e2.code), form, e2.message);
    }
    json_decref(form);
    return web_redirect_created(r, "/can-bo/kiem-tra/cuoc", out);
}

/* ---- a plan ------------------------------------------------------------------------------------ */

/* A plan's page, with what the action before it left (the form typed, an error). */
static mc_err plan_page(api_req *r, int status, json_t *form, const char *error) {
    user *u = api_user(r);
    const char *id = r->params[0];
    json_t *p;
    int st;
    mc_error e2;
    if (web_api(r, api_inspection_plans_get, &id, 1, NULL, &p, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    web_date_words(p, (const char *const[]){"decision_date", NULL}, true);
    json_t *pending = json_array(), *t;
    size_t i;
    json_array_foreach(json_object_get(p, "targets"), i, t) {
        web_date_words(t, (const char *const[]){"planned_date", NULL}, true);
        if (json_is_null(json_object_get(t, "inspection"))) json_array_append(pending, t);
    }
    json_t *j;
    json_array_foreach(json_object_get(p, "journal"), i, j) web_date_words(j, (const char *const[]){"at", NULL}, true);
    if (!form) form = json_object();
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:o}", "p", p, "pending", pending, "units",
                            web_unit_choices(r, u, json_string_value(json_object_get(form, "unit"))), "areas",
                            area_choices(json_object_get(form, "areas")), "modes",
                            mode_choices(json_string_value(json_object_get(form, "mode"))));
    web_form_context(r, ctx, form, error, NULL);
    const char *title = json_string_value(json_object_get(p, "title"));
    return web_page(r, status, "inspection_plan", arena_printf(r->a, "Kế hoạch kiểm tra: %s", title ? title : ""), ctx);
}

mc_err web_inspection_plan(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return plan_page(r, 200, NULL, NULL);
}

mc_err web_inspection_target_add(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"unit", "planned_date", "mode", NULL};
    json_t *form = web_form_fields(r, &f, names);
    json_object_set_new(form, "areas", web_form_all(&f, "areas"));
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_inspection_plans_add_target, &id, 1, json_deep_copy(form), &out, &st, &e2))
        return plan_page(r, web_status(e2.code), form, e2.message);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, param_path(r, "/can-bo/kiem-tra/ke-hoach/%s%.0s"));
}

/* ---- an inspection ----------------------------------------------------------------------------- */

/* The record's page, with what the action before it left (the form typed, an error, `n`: the finding it was about). */
static mc_err inspection_page(api_req *r, int status, json_t *form, const char *error, int n) {
    user *u = api_user(r);
    const char *id = r->params[0];
    json_t *i, *data = NULL, *jr = NULL;
    int st;
    mc_error e2;
    if (web_api(r, api_inspections_get, &id, 1, NULL, &i, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    web_date_words(i, (const char *const[]){"inspected_on", NULL}, true);
    web_date_words(json_object_get(i, "period"), (const char *const[]){"from", "to", NULL}, true);
    if (json_is_object(json_object_get(i, "conclusion")))
        web_date_words(json_object_get(i, "conclusion"), (const char *const[]){"date", NULL}, true);
    json_t *f, *m, *x;
    size_t k, q, z;
    bool may_remedy_any = false;
    json_array_foreach(json_object_get(i, "findings"), k, f) {
        web_date_words(f, (const char *const[]){"due_date", "raised_at", "closed_at", NULL}, true);
        json_array_foreach(json_object_get(f, "remedies"), q, m) {
            web_date_words(m, (const char *const[]){"reported_at", NULL}, true);
            json_array_foreach(json_object_get(m, "files"), z, x) json_object_set_new(
                x, "kb", json_integer((json_integer_value(json_object_get(x, "size")) + 1023) / 1024));
        }
        bool mr = json_is_true(json_object_get(f, "may_remedy"));
        may_remedy_any = may_remedy_any || mr;
        bool open = json_is_null(json_object_get(f, "closed_at"));
        json_object_set_new(f, "open", json_boolean(open));
        json_object_set_new(f, "may_close", json_boolean(open && json_is_true(json_object_get(i, "may_manage"))));
        json_object_set_new(f, "this", json_boolean(json_integer_value(json_object_get(f, "seq")) == n));
    }
    json_t *ctx = json_pack("{s:o}", "i", i);
    json_object_set_new(ctx, "open", json_boolean(!strcmp(json_string_value(json_object_get(i, "status")), "open")));
    if (!web_api(r, api_inspections_data, &id, 1, NULL, &data, &st, &e2)) {
        json_array_foreach(json_object_get(json_object_get(data, "late_dossiers"), "items"), k, x)
            web_date_words(x, (const char *const[]){"due_at", "decided_at", NULL}, true);
        json_array_foreach(json_object_get(json_object_get(data, "apologies"), "items"), k, x)
            web_date_words(x, (const char *const[]){"at", NULL}, true);
        web_date_words(data, (const char *const[]){"asof", NULL}, true);
        web_date_words(json_object_get(data, "period"), (const char *const[]){"from", "to", NULL}, true);
        json_object_set_new(ctx, "data", data);
    }
    if (!web_api(r, api_inspections_journal, &id, 1, NULL, &jr, &st, &e2)) {
        json_array_foreach(json_object_get(jr, "entries"), k, x)
            web_date_words(x, (const char *const[]){"at", NULL}, true);
        json_object_set_new(ctx, "journal", json_incref(json_object_get(jr, "entries")));
        json_decref(jr);
    }
    if (!form) form = json_object();
    const char *resp = json_string_value(json_object_get(form, "responsible_unit"));
    if (!resp) resp = json_string_value(json_object_get(json_object_get(i, "unit"), "code"));
    json_object_set_new(ctx, "units", web_unit_choices(r, u, resp));
    json_object_set_new(ctx, "areas", area_choices(json_object_get(form, "area")));
    json_object_set_new(ctx, "may_remedy_any", json_boolean(may_remedy_any));
    web_form_context(r, ctx, form, error, NULL);
    return web_page(
        r, status, "inspection",
        arena_printf(r->a, "Kiểm tra %s", json_string_value(json_object_get(json_object_get(i, "unit"), "name"))), ctx);
}

mc_err web_inspection(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return inspection_page(r, 200, NULL, NULL, 0);
}

mc_err web_inspection_finding(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"area", "description", "recommendation", "responsible_unit", "due_date", NULL};
    json_t *form = web_form_fields(r, &f, names);
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_inspections_add_finding, &id, 1, json_deep_copy(form), &out, &st, &e2))
        return inspection_page(r, web_status(e2.code), form, e2.message, 0);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, param_path(r, "/can-bo/kiem-tra/cuoc/%s%.0s#phat-hien"));
}

/* The finding number of the path, for the page to show the error beside it. */
static int seq_of(api_req *r) {
    return r->nparams > 1 ? atoi(r->params[1]) : 0;
}

mc_err web_inspection_remedy(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    const char *params[2] = {r->params[0], r->params[1]};
    /* The API reads the report and the files from the multipart form itself. */
    if (web_api(r, api_inspections_remedy, params, 2, NULL, &out, &st, &e2)) {
        const char *rep = web_form_text(r, &f, "report");
        return inspection_page(r, web_status(e2.code), json_pack("{s:s}", "report", rep ? rep : ""), e2.message,
                               seq_of(r));
    }
    json_decref(out);
    return web_redirect(r, param_path(r, "/can-bo/kiem-tra/cuoc/%s#phat-hien-%s"));
}

mc_err web_inspection_close(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *note = web_form_text(r, &f, "note");
    json_t *out;
    int st;
    mc_error e2;
    const char *params[2] = {r->params[0], r->params[1]};
    if (web_api(r, api_inspections_close_finding, params, 2, note ? json_pack("{s:s}", "note", note) : json_object(),
                &out, &st, &e2))
        return inspection_page(r, web_status(e2.code), NULL, e2.message, seq_of(r));
    json_decref(out);
    return web_redirect(r, param_path(r, "/can-bo/kiem-tra/cuoc/%s#phat-hien-%s"));
}

mc_err web_inspection_conclude(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"conclusion_no", "conclusion_date", NULL};
    json_t *form = web_form_fields(r, &f, names);
    const char *id = r->params[0];
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_inspections_conclude, &id, 1, json_deep_copy(form), &out, &st, &e2))
        return inspection_page(r, web_status(e2.code), form, e2.message, 0);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, param_path(r, "/can-bo/kiem-tra/cuoc/%s%.0s"));
}

/* ---- statistics -------------------------------------------------------------------------------- */

mc_err web_inspection_stats(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    mc_err done;
    if (web_period_form(r, "/can-bo/kiem-tra/thong-ke", "inspection_stats", STATS_TITLE, &done)) return done;
    json_t *rep, *ctx = json_object();
    int st;
    mc_error e2;
    if (web_api(r, api_inspections_stats, NULL, 0, NULL, &rep, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        const char *unit = api_query(r, "unit");
        json_object_set_new(ctx, "unit", json_string(unit ? unit : ""));
        return web_page(r, web_status(e2.code), "inspection_stats", STATS_TITLE, ctx);
    }
    json_object_set_new(ctx, "r", rep);
    web_period_context(ctx, rep);
    return web_page(r, 200, "inspection_stats", STATS_TITLE, ctx);
}
