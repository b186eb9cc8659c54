/* api_parindex.c - the PAR INDEX over the API (parindex.h): criteria sets, rounds, a unit's
 * assessment with its scores, evidence, appraisal and explanation, finalisation and the ranking. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "field_limits.h"
#include "journal.h"
#include "multipart.h"
#include "parindex.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"

static json_t *day_json(mc_day d) {
    char b[11];
    day_format(d, b);
    return json_string(b);
}

/* Hundredths as a JSON number with two decimals. */
static json_t *h_json(int64_t v) {
    return json_real((double)v / 100.0);
}

static json_t *unit_json(const org_unit *u) {
    return json_pack("{s:s, s:s, s:s}", "code", u->code, "name", u->name, "kind", u->kind ? u->kind : "");
}

/* The round of the path: its id, or 404. */
static mc_err round_id(api_req *r, int64_t *id, mc_error *err) {
    return api_path_id(r, 0, id, "Không có vòng đánh giá chỉ số CCHC này.", err);
}

/* A score member: a number ≥ 0 with at most two decimals, in hundredths. */
static mc_err score_of(json_t *doc, const char *key, int64_t *out, mc_error *err) {
    json_t *v = json_object_get(doc, key);
    double x = json_is_number(v) ? json_number_value(v) * 100.0 : -1;
    if (!json_is_number(v) || !isfinite(x) || x < 0 || x > 1e6 || fabs(x - round(x)) > 1e-6)
        return mc_failf(err, MC_ERR_INVALID, key, "Điểm \"%s\" phải là số không âm, tối đa hai chữ số thập phân.",
                        "%s: a number with at most two decimals.", key, key);
    *out = llround(x);
    return MC_OK;
}

static json_t *round_json(const par_round *r) {
    return json_pack("{s:I, s:i, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
                     "year", r->year, "level", par_level_name(r->level), "level_label", par_level_label(r->level),
                     "set", r->set_version, "council", unit_json(&r->council), "self_due", day_json(r->self_due),
                     "explain_due", day_json(r->explain_due), "campaign",
                     r->campaign_id ? json_integer(r->campaign_id) : json_null(), "state", r->final ? "final" : "open",
                     "opened_at", api_time_json(r->opened_at), "opened_by", api_jstr(r->opened_by), "finalised_at",
                     api_time_json(r->finalised_at), "finalised_by", api_jstr(r->finalised_by));
}

static json_t *rule_json(const par_node *n) {
    if (n->method == PAR_SELF) return json_null();
    if (n->rule == PAR_RULE_PROPORTIONAL)
        return json_pack("{s:s, s:o}", "kind", "proportional", "full_at", h_json(n->full_at));
    json_t *steps = json_array();
    for (size_t k = 0; k < n->nsteps; k++)
        json_array_append_new(
            steps, json_pack("{s:o, s:o}", "from", h_json(n->steps[k].from), "points", h_json(n->steps[k].points)));
    return json_pack("{s:s, s:o}", "kind", "steps", "steps", steps);
}

/* A node of the tree as the set defines it. */
static json_t *node_json(const par_node *n) {
    json_t *j = json_pack("{s:s, s:s, s:o, s:i, s:b, s:o}", "code", n->code, "name", n->name, "parent",
                          api_jstr(n->parent), "depth", n->depth, "leaf", n->leaf, "max", h_json(n->max));
    if (!n->leaf) return j;
    const par_metric_def *m = n->method == PAR_SELF ? NULL : par_metric_find(n->metric);
    json_object_set_new(j, "method", json_string(par_method_name(n->method)));
    json_object_set_new(j, "method_label", json_string(par_method_label(n->method)));
    json_object_set_new(j, "scoring", api_jstr(n->scoring));
    json_object_set_new(j, "evidence", api_jstr(n->evidence));
    json_object_set_new(j, "evidence_required", json_boolean(n->evidence_required));
    json_object_set_new(j, "metric", api_jstr(n->metric));
    json_object_set_new(j, "metric_label", api_jstr(m ? m->label : NULL));
    json_object_set_new(j, "metric_source", api_jstr(m ? m->source : NULL));
    json_object_set_new(j, "rule", rule_json(n));
    return j;
}

static json_t *set_json(const par_set *s, bool nodes) {
    json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:b, s:o}", "version", s->version, "year", s->year, "level",
                          par_level_name(s->level), "title", s->title, "source", s->source, "illustrative",
                          s->illustrative, "max_points", h_json(s->max_points));
    if (!nodes) return j;
    json_t *b = json_array(), *v = json_array();
    for (size_t i = 0; i < s->nbands; i++)
        json_array_append_new(b, json_pack("{s:s, s:s, s:o}", "code", s->bands[i].code, "label", s->bands[i].label,
                                           "from", h_json(s->bands[i].from)));
    for (size_t i = 0; i < s->nnodes; i++) json_array_append_new(v, node_json(&s->nodes[i]));
    json_object_set_new(j, "bands", b);
    json_object_set_new(j, "nodes", v);
    return j;
}

static json_t *band_json(const par_band *b) {
    return b ? json_pack("{s:s, s:s}", "code", b->code, "label", b->label) : json_null();
}

/* Who did what and when: the assessment's journal entries, oldest first, each with the person's name. */
static json_t *history_json(api_req *r, const par_assessment *x) {
    journal_entry *v;
    size_t n;
    mc_error e2;
    json_t *out = json_array();
    if (journal_of_subject(store_reader(r->app->st), r->a, x->round.tenant, PAR_SUBJECT_ASSESSMENT, x->id, &v, &n, &e2))
        return out;
    for (size_t i = 0; i < n; i++) {
        user who;
        const char *name = v[i].actor;
        if (v[i].actor && users_get(store_reader(r->app->st), r->a, v[i].actor, &who, NULL, NULL) == MC_OK && who.name)
            name = who.name;
        json_array_append_new(out, json_pack("{s:o, s:o, s:o, s:o, s:o}", "at", api_time_json(v[i].at), "by",
                                             api_jstr(name), "action", api_jstr(v[i].action), "unit",
                                             api_jstr(v[i].unit_code), "note", api_jstr(v[i].note)));
    }
    return out;
}

static json_t *assessment_json(api_req *r, const user *u, const par_assessment *x) {
    bool evidence = par_may_read_evidence(u, &x->round, x->unit.path);
    json_t *nodes = json_array();
    for (size_t i = 0; i < x->set.nnodes; i++) {
        const par_node *n = &x->set.nodes[i];
        const par_score *sc = &x->scores[i];
        json_t *j = node_json(n);
        json_object_set_new(j, "points", h_json(x->node_points[i]));
        json_object_set_new(j, "applicable_max", h_json(x->node_max[i]));
        if (n->leaf) {
            json_object_set_new(j, "applicable", json_boolean(sc->applicable));
            json_object_set_new(j, "self",
                                sc->has_self ? json_pack("{s:o, s:o, s:o, s:o}", "score", h_json(sc->self), "note",
                                                         api_jstr(sc->self_note), "by", api_jstr(sc->self_by), "at",
                                                         api_time_json(sc->self_at))
                                             : json_null());
            json_object_set_new(j, "appraisal",
                                sc->has_appraised
                                    ? json_pack("{s:o, s:o, s:o, s:o}", "score", h_json(sc->appraised), "reason",
                                                api_jstr(sc->reason), "by", api_jstr(sc->appraised_by), "at",
                                                api_time_json(sc->appraised_at))
                                    : json_null());
            json_object_set_new(j, "explanation", api_jstr(sc->explanation));
            if (n->method != PAR_SELF)
                json_object_set_new(j, "value",
                                    json_pack("{s:o, s:b, s:o, s:I, s:I}", "value",
                                              sc->value.na ? json_null() : h_json(sc->value.value), "na", sc->value.na,
                                              "formula", api_jstr(sc->value.formula), "num", (json_int_t)sc->value.num,
                                              "den", (json_int_t)sc->value.den));
            json_t *files = json_array();
            for (size_t k = 0; evidence && k < sc->nfiles; k++) {
                const par_file *f = &sc->files[k];
                json_array_append_new(files,
                                      json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:s}", "id", (json_int_t)f->id, "name",
                                                f->name, "mime", f->mime, "size", (json_int_t)f->size, "sha256",
                                                f->sha256, "at", api_time_json(f->at), "url",
                                                arena_printf(r->a, "/api/v1/par/rounds/%lld/units/%s/evidence/%lld",
                                                             (long long)x->round.id, x->unit.code, (long long)f->id)));
            }
            json_object_set_new(j, "files", files);
        }
        json_array_append_new(nodes, j);
    }
    par_rights may;
    par_rights_of(u, x, time_now(), &may);
    json_t *rights = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}", "self", may.self, "submit", may.submit, "appraise",
                               may.appraise, "send", may.send, "explain", may.explain, "finalise", may.finalise);
    return json_pack("{s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, "
                     "s:o, s:o}",
                     "round", round_json(&x->round), "set", set_json(&x->set, false), "unit", unit_json(&x->unit),
                     "state", par_astate_name(x->state), "state_label", par_astate_label(x->state), "submitted_at",
                     api_time_json(x->submitted_at), "submitted_by", api_jstr(x->submitted_by), "appraised_at",
                     api_time_json(x->appraised_at), "appraised_by", api_jstr(x->appraised_by), "explained_at",
                     api_time_json(x->explained_at), "explained_by", api_jstr(x->explained_by), "points",
                     h_json(x->points), "max", h_json(x->max), "index", h_json(x->index), "band", band_json(x->band),
                     "rank", x->rank ? json_integer(x->rank) : json_null(), "head", api_jstr(x->head_name),
                     "provisional", x->state != PAR_A_FINAL, "nodes", nodes, "may", rights, "history",
                     history_json(r, x));
}

/* ---- sets ---------------------------------------------------------------------------------------- */

mc_err api_par_sets(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    par_set *v;
    size_t n;
    if ((e = par_sets_list(store_reader(r->app->st), r->a, &v, &n, err))) return e;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, set_json(&v[i], false));
    return api_reply(r, 200, json_pack("{s:o}", "items", a));
}

mc_err api_par_set(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    par_set s;
    if (!e) e = par_set_load(store_reader(r->app->st), r->a, r->params[0], &s, err);
    if (e) return e;
    return api_reply(r, 200, set_json(&s, true));
}

/* ---- rounds -------------------------------------------------------------------------------------- */

mc_err api_par_rounds(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    par_round *v;
    size_t n;
    if (!e) e = par_rounds_list(store_reader(r->app->st), r->a, u, &v, &n, err);
    if (e) return e;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, round_json(&v[i]));
    return api_reply(r, 200, json_pack("{s:o}", "items", a));
}

mc_err api_par_round_open(api_req *r, mc_error *err) {
    user *u;
    json_t *doc = NULL;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    par_round_new in = {0};
    json_t *y = json_object_get(doc, "year"), *c = json_object_get(doc, "campaign");
    if (!json_is_integer(y) || json_integer_value(y) < 2000 || json_integer_value(y) > 2100)
        e = mc_fail(err, MC_ERR_INVALID, "year", "Vui lòng nhập năm đánh giá (ví dụ 2026).", "year is required.");
    else if (c && !json_is_null(c) && (!json_is_integer(c) || json_integer_value(c) <= 0))
        e = mc_fail(err, MC_ERR_INVALID, "campaign", "Đợt khảo sát SIPAS phải là số của một đợt.", "Bad campaign.");
    if (!e) {
        in.year = (int)json_integer_value(y);
        in.campaign_id = json_is_integer(c) ? json_integer_value(c) : 0;
        e = api_json_str(r, doc, "level", true, &in.level, err);
    }
    if (!e) e = api_json_str(r, doc, "set", true, &in.set_version, err);
    if (!e) e = api_json_str(r, doc, "council", true, &in.council, err);
    if (!e) e = api_json_str(r, doc, "self_due", true, &in.self_due, err);
    if (!e) e = api_json_str(r, doc, "explain_due", true, &in.explain_due, err);
    json_decref(doc);
    int64_t id = 0;
    if (!e) e = par_round_open(r->app->st, u, &in, time_now(), &id, err);
    par_round rd;
    char tenant[UNITS_TENANT_MAX];
    if (!e)
        e = par_round_get(store_reader(r->app->st), r->a, id,
                          units_tenant_or_null(store_reader(r->app->st), u->unit_path, tenant), &rd, err);
    if (e) return e;
    return api_reply(r, 201, round_json(&rd));
}

/* The round of the path, which u may see (as par_rounds_list); 404 otherwise. */
static mc_err visible_round(api_req *r, user *u, par_round *out, mc_error *err) {
    int64_t id;
    mc_err e = round_id(r, &id, err);
    par_round *v;
    size_t n;
    if (!e) e = par_rounds_list(store_reader(r->app->st), r->a, u, &v, &n, err);
    if (e) return e;
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id) {
            *out = v[i];
            return MC_OK;
        }
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có vòng đánh giá chỉ số CCHC này (hoặc bạn không được xem).",
                   "No such round.");
}

static json_t *line_json(const par_set *set, const par_line *l, bool full) {
    json_t *j = json_pack("{s:o, s:s, s:s, s:i}", "unit", unit_json(&l->unit), "state", par_astate_name(l->state),
                          "state_label", par_astate_label(l->state), "rank", l->rank);
    if (!full) return j;
    json_object_set_new(j, "points", h_json(l->points));
    json_object_set_new(j, "max", h_json(l->max));
    json_object_set_new(j, "index", h_json(l->index));
    json_object_set_new(j, "band", band_json(l->band));
    json_object_set_new(j, "head", api_jstr(l->head_name));
    json_object_set_new(j, "previous",
                        l->has_prev ? json_pack("{s:o, s:i, s:o}", "index", h_json(l->prev_index), "rank", l->prev_rank,
                                                "change", h_json(l->index - l->prev_index))
                                    : json_null());
    json_object_set_new(j, "strongest", api_jstr(l->best));
    json_object_set_new(j, "weakest", api_jstr(l->worst));
    json_object_set_new(j, "strongest_criterion", api_jstr(l->best_criterion));
    json_object_set_new(j, "weakest_criterion", api_jstr(l->worst_criterion));
    json_t *d = json_array();
    size_t nd = 0;
    for (size_t k = 0; k < set->nnodes; k++) {
        if (set->nodes[k].depth != 0) continue;
        int64_t v = l->domain_index[nd++];
        json_array_append_new(
            d, json_pack("{s:s, s:o}", "code", set->nodes[k].code, "index", v < 0 ? json_null() : h_json(v)));
    }
    json_object_set_new(j, "domains", d);
    return j;
}

mc_err api_par_round(api_req *r, mc_error *err) {
    user *u;
    par_round rd;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = visible_round(r, u, &rd, err);
    par_set set;
    par_line *lines;
    size_t n;
    if (!e) e = par_ranking(store_reader(r->app->st), r->a, rd.id, rd.tenant, time_now(), &set, &lines, &n, err);
    if (e) return e;
    bool council = par_is_council(u, &rd) || par_is_council_manager(u, &rd);
    json_t *units = json_array();
    for (size_t i = 0; i < n; i++) {
        /* each unit sees its own line; the council and, once final, the readers see all */
        if (!council && !par_may_read(u, &rd, lines[i].unit.path)) continue;
        json_array_append_new(
            units, line_json(&set, &lines[i], council || rd.final || par_may_read(u, &rd, lines[i].unit.path)));
    }
    json_t *j = round_json(&rd);
    /* the province's criteria (depth 1) by their mean share over the units where they apply, weakest first */
    if (council || rd.final) {
        json_t *crit = json_array();
        for (size_t k = 0; k < set.nnodes; k++) {
            if (set.nodes[k].depth != 1) continue;
            int64_t sum = 0, cnt = 0;
            for (size_t i = 0; i < n; i++)
                if (lines[i].node_index[k] >= 0) sum += lines[i].node_index[k], cnt++;
            if (!cnt) continue;
            json_array_append_new(crit, json_pack("{s:s, s:s, s:o, s:I}", "code", set.nodes[k].code, "name",
                                                  set.nodes[k].name, "mean", h_json((sum + cnt / 2) / cnt), "units",
                                                  (json_int_t)cnt));
        }
        /* weakest first (a few dozen rows: insertion sort) */
        size_t m = json_array_size(crit);
        for (size_t a = 1; a < m; a++)
            for (size_t b = a; b > 0; b--) {
                double x = json_number_value(json_object_get(json_array_get(crit, b), "mean")),
                       y = json_number_value(json_object_get(json_array_get(crit, b - 1), "mean"));
                if (x >= y) break;
                json_t *t = json_incref(json_array_get(crit, b));
                json_array_set(crit, b, json_array_get(crit, b - 1));
                json_array_set_new(crit, b - 1, t);
            }
        json_object_set_new(j, "criteria", crit);
    }
    json_object_set_new(j, "set_detail", set_json(&set, true));
    json_object_set_new(j, "council_member", json_boolean(council));
    /* the round's files: the council, and once final whoever reads over the province (api_parindex_export.c) */
    org_unit root;
    mc_error e2;
    bool exports = council || (rd.final && units_get(store_reader(r->app->st), r->a, rd.tenant, &root, &e2) == MC_OK &&
                               par_may_read(u, &rd, root.path));
    json_object_set_new(j, "may_export", json_boolean(exports));
    json_object_set_new(j, "units", units);
    return api_reply(r, 200, j);
}

mc_err api_par_round_campaign(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    json_t *doc = NULL;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = round_id(r, &id, err);
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    json_t *c = json_object_get(doc, "campaign");
    if (!json_is_null(c) && c && (!json_is_integer(c) || json_integer_value(c) <= 0))
        e = mc_fail(err, MC_ERR_INVALID, "campaign", "Đợt khảo sát SIPAS phải là số của một đợt.", "Bad campaign.");
    int64_t cid = json_is_integer(c) ? json_integer_value(c) : 0;
    json_decref(doc);
    if (!e) e = par_round_set_campaign(r->app->st, u, id, cid, time_now(), err);
    par_round rd;
    char tenant[UNITS_TENANT_MAX];
    if (!e)
        e = par_round_get(store_reader(r->app->st), r->a, id,
                          units_tenant_or_null(store_reader(r->app->st), u->unit_path, tenant), &rd, err);
    if (e) return e;
    return api_reply(r, 200, round_json(&rd));
}

mc_err api_par_round_finalise(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = round_id(r, &id, err);
    if (!e) e = par_finalise(r->app->st, u, id, time_now(), err);
    if (e) return e;
    return api_par_round(r, err);
}

/* ---- a unit's assessment ---------------------------------------------------------------------- */

#define NO_ASSESSMENT "Không có bản đánh giá này (hoặc bạn không được xem)."

/* The assessment of the path's round and unit, which u may read. Unknown and not allowed: one 404. */
static mc_err assessment_of(api_req *r, user **u, par_assessment *x, mc_error *err) {
    int64_t id;
    mc_err e = api_require_user(r, u, err);
    if (!e) e = round_id(r, &id, err);
    if (!e) e = par_assessment_load(store_reader(r->app->st), r->a, id, r->params[1], time_now(), x, err);
    if (e == MC_ERR_NOT_FOUND || (!e && !par_may_read(*u, &x->round, x->unit.path)))
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, NO_ASSESSMENT, "Not found.");
    return e;
}

static mc_err reply_assessment(api_req *r, int status, mc_error *err) {
    user *u;
    par_assessment x;
    mc_err e = assessment_of(r, &u, &x, err);
    if (e) return e;
    return api_reply(r, status, assessment_json(r, u, &x));
}

mc_err api_par_assessment(api_req *r, mc_error *err) {
    return reply_assessment(r, 200, err);
}

/* The path's round id and unit, after a 404 for whoever may not read that assessment (no oracle). */
static mc_err write_target(api_req *r, user **u, int64_t *id, mc_error *err) {
    par_assessment x;
    mc_err e = assessment_of(r, u, &x, err);
    if (!e) *id = x.round.id;
    return e;
}

/* A score given to a leaf (the unit's or the council's: the same shape, {criterion, score, note | reason}). */
typedef mc_err (*score_fn)(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                           int64_t points, const char *words, mc_time now, mc_error *err);

static mc_err score_request(api_req *r, const char *words_key, score_fn fn, mc_error *err) {
    user *u;
    int64_t id;
    json_t *doc = NULL;
    mc_err e = write_target(r, &u, &id, err);
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    const char *crit = NULL, *words = NULL;
    int64_t score = 0;
    e = api_json_str(r, doc, "criterion", true, &crit, err);
    if (!e) e = score_of(doc, "score", &score, err);
    if (!e) e = api_json_str(r, doc, words_key, false, &words, err);
    json_decref(doc);
    if (!e) e = fn(r->app->st, u, id, r->params[1], crit, score, words, time_now(), err);
    if (e) return e;
    return reply_assessment(r, 200, err);
}

/* A step of the whole assessment (submit, send): no body. */
typedef mc_err (*step_fn)(store *s, const user *by, int64_t round_id, const char *unit_code, mc_time now,
                          mc_error *err);

static mc_err step_request(api_req *r, step_fn fn, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = write_target(r, &u, &id, err);
    if (!e) e = fn(r->app->st, u, id, r->params[1], time_now(), err);
    if (e) return e;
    return reply_assessment(r, 200, err);
}

mc_err api_par_self_score(api_req *r, mc_error *err) {
    return score_request(r, "note", par_self_score, err);
}

mc_err api_par_evidence_add(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = write_target(r, &u, &id, err);
    if (e) return e;
    if (!r->upload)
        return mc_fail(err, MC_ERR_INVALID, "file",
                       "Gửi tệp kiểm chứng dạng multipart/form-data: trường \"criterion\" và tệp \"file\".",
                       "Send multipart/form-data.");
    const char *crit = multipart_field_value(r->upload, "criterion");
    if (!crit || !*crit || !text_valid_utf8(crit, strlen(crit)))
        return mc_fail(err, MC_ERR_INVALID, "criterion", "Vui lòng chọn tiêu chí của tệp kiểm chứng.",
                       "criterion is required.");
    if ((e = field_limit_check("criterion", "criterion", crit, err))) return e;
    if (multipart_file_count(r->upload) > PAR_MAX_FILES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Mỗi tiêu chí kèm tối đa %d tệp kiểm chứng.",
                        "At most %d files.", PAR_MAX_FILES, PAR_MAX_FILES);
    stored_files sf = {0};
    if ((e = api_store_uploads(r, &sf, err))) return e;
    if ((e = par_evidence_add(r->app->st, u, id, r->params[1], crit, sf.v, sf.n, time_now(), err))) {
        api_unstore(&sf); /* nothing half-written */
        return e;
    }
    return reply_assessment(r, 201, err);
}

mc_err api_par_evidence(api_req *r, mc_error *err) {
    user *u;
    par_assessment x;
    mc_err e = assessment_of(r, &u, &x, err);
    if (e) return e;
    char *end;
    long long fid = strtoll(r->params[2], &end, 10);
    if (par_may_read_evidence(u, &x.round, x.unit.path) && !*end)
        for (size_t i = 0; i < x.set.nnodes; i++)
            for (size_t k = 0; k < x.scores[i].nfiles; k++) {
                const par_file *f = &x.scores[i].files[k];
                if (f->id != fid) continue;
                return api_reply_stored(r, f->stored, f->mime, f->name);
            }
    return mc_fail(err, MC_ERR_NOT_FOUND, "file", "Không tìm thấy tệp.", "File not found.");
}

mc_err api_par_submit(api_req *r, mc_error *err) {
    return step_request(r, par_submit, err);
}

mc_err api_par_appraise(api_req *r, mc_error *err) {
    return score_request(r, "reason", par_appraise, err);
}

mc_err api_par_send(api_req *r, mc_error *err) {
    return step_request(r, par_send_appraisal, err);
}

mc_err api_par_explain(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    json_t *doc = NULL;
    mc_err e = write_target(r, &u, &id, err);
    if (!e) e = api_body_object(r, &doc, err);
    if (e) return e;
    json_t *items = json_object_get(doc, "items");
    size_t n = json_is_array(items) ? json_array_size(items) : 0;
    if (!json_is_array(items) || n > 400)
        e = mc_fail(err, MC_ERR_INVALID, "items", "Gửi giải trình dạng {\"items\": [{\"criterion\", \"text\"}]}.",
                    "items: [{criterion, text}].");
    par_explanation *v = arena_alloc(r->a, (n ? n : 1) * sizeof *v);
    for (size_t i = 0; !e && i < n; i++) {
        json_t *x = json_array_get(items, i);
        const char *p = arena_printf(r->a, "items[%zu]", i);
        if (!json_is_object(x)) {
            e = mc_fail(err, MC_ERR_INVALID, p, "Mỗi mục giải trình là {\"criterion\", \"text\"}.", "Bad item.");
            break;
        }
        e = api_json_str_at(r, x, "criterion", arena_printf(r->a, "%s.criterion", p), true, &v[i].criterion, err);
        if (!e) e = api_json_str_at(r, x, "text", arena_printf(r->a, "%s.text", p), false, &v[i].text, err);
    }
    json_decref(doc);
    if (!e) e = par_explain(r->app->st, u, id, r->params[1], v, n, time_now(), err);
    if (e) return e;
    return reply_assessment(r, 200, err);
}

/* ---- heads' scorecards ------------------------------------------------------------------------------ */

static json_t *value_json(const par_value *v) {
    return json_pack("{s:o, s:b, s:o, s:I, s:I}", "value", v->na ? json_null() : h_json(v->value), "na", v->na,
                     "formula", api_jstr(v->formula), "num", (json_int_t)v->num, "den", (json_int_t)v->den);
}

mc_err api_par_scorecard(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    int y, m, d;
    day_to_ymd(time_local_day(time_now()), &y, &m, &d);
    long from = y - 2, to = y;
    if ((e = api_query_int(r, "from", 2000, 2100, &from, err)) || (e = api_query_int(r, "to", 2000, 2100, &to, err)))
        return e;
    org_unit unit;
    store_conn *c = store_reader(r->app->st);
    e = units_get(c, r->a, r->params[0], &unit, err);
    if (e == MC_ERR_NOT_FOUND || (!e && !par_may_read_card(u, unit.path)))
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL,
                       "Không có đơn vị này (hoặc bạn không được xem thẻ điểm của đơn vị).", "Not found.");
    par_card card;
    if (e || (e = par_scorecard(c, r->a, unit.code, (int)from, (int)to, time_now(), &card, err))) return e;
    const char *const *keys = par_card_metrics();
    json_t *metrics = json_array(), *years = json_array();
    for (int k = 0; k < PAR_CARD_METRICS; k++) {
        const par_metric_def *md = par_metric_find(keys[k]);
        json_array_append_new(metrics, json_pack("{s:s, s:s, s:b, s:s}", "key", keys[k], "label", md->label, "percent",
                                                 md->percent, "source", md->source));
    }
    for (size_t i = 0; i < card.nyears; i++) {
        const par_card_year *x = &card.years[i];
        json_t *vals = json_object();
        for (int k = 0; k < PAR_CARD_METRICS; k++) json_object_set_new(vals, keys[k], value_json(&x->m[k]));
        json_array_append_new(
            years, json_pack("{s:i, s:o, s:o}", "year", x->year, "par",
                             x->has_par ? json_pack("{s:I, s:o, s:o, s:o, s:i, s:i, s:o, s:s, s:o}", "round",
                                                    (json_int_t)x->round_id, "index", h_json(x->par_index), "points",
                                                    h_json(x->par_points), "max", h_json(x->par_max), "rank",
                                                    x->par_rank, "ranked", x->par_ranked, "band", api_jstr(x->par_band),
                                                    "level", x->par_level, "head", api_jstr(x->head))
                                        : json_null(),
                             "figures", vals));
    }
    return api_reply(r, 200,
                     json_pack("{s:o, s:o, s:i, s:i, s:o, s:o}", "unit", unit_json(&card.unit), "head",
                               api_jstr(card.head_now), "from", (int)from, "to", (int)to, "metrics", metrics, "years",
                               years));
}
