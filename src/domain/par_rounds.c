/* par_rounds.c - the PAR INDEX's sets in the store, and its rounds: opening, self-scoring with
 * evidence, submission, appraisal, the one explanation, finalisation, the ranking (parindex.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "field_limits.h"
#include "journal.h"
#include "parindex.h"
#include "perm.h"

#define TXT(r, i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))

static bool may(const user *u, perm_action act, const char *path) {
    return u && path && perm_allows(u->roles, u->unit_path, act, path);
}

static const char *points_text(arena *a, int64_t p) {
    return arena_printf(a, "%s%lld,%02lld", p < 0 ? "-" : "", (long long)(llabs(p) / 100), (long long)(llabs(p) % 100));
}

/* ---- sets ------------------------------------------------------------------------------------------- */

/* Steps as stored: "from:points;from:points" in hundredths. */
static const char *steps_text(arena *a, const par_node *n) {
    buf b = {0};
    for (size_t k = 0; k < n->nsteps; k++)
        buf_printf(&b, "%s%lld:%lld", k ? ";" : "", (long long)n->steps[k].from, (long long)n->steps[k].points);
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static void steps_read(const char *s, par_node *n) {
    n->nsteps = 0;
    while (s && *s && n->nsteps < PAR_MAX_STEPS) {
        char *end;
        long long f = strtoll(s, &end, 10);
        if (*end != ':') break;
        long long p = strtoll(end + 1, &end, 10);
        n->steps[n->nsteps++] = (par_step){f, p};
        s = *end == ';' ? end + 1 : end;
    }
}

mc_err par_sets_put(store_conn *w, const par_set *s, const char *body, mc_time now, bool *added, mc_error *err) {
    *added = false;
    arena *a = arena_create();
    mc_err e = MC_OK;
    store_rows *r = store_query(w, Q_PAR_SET_BODY, SV_ARGS(SV_T(s->version)), err);
    if (!r) e = MC_ERR_STORE;
    int k = r ? store_next(r, err) : -1;
    if (k == 1 && strcmp(store_text(r, 0), body) != 0)
        e = mc_failf(err, MC_ERR_CONFLICT, "version",
                     "Đã có bộ chỉ số phiên bản %s với nội dung khác: một thay đổi cần một phiên bản mới.",
                     "Version %s is loaded with another content.", s->version, s->version);
    else if (k < 0)
        e = MC_ERR_STORE;
    store_rows_free(r);
    if (e || k == 1) {
        arena_free(a);
        return e;
    }
    e = store_exec(w, Q_PAR_SET_INSERT,
                   SV_ARGS(SV_T(s->version), SV_I(s->year), SV_T(par_level_name(s->level)), SV_T(s->title),
                           SV_T(s->source), SV_I(s->illustrative), SV_I(s->max_points), SV_T(body), SV_I(now)),
                   NULL, err);
    for (size_t i = 0; !e && i < s->nnodes; i++) {
        const par_node *n = &s->nodes[i];
        bool lf = n->leaf, comp = lf && n->method != PAR_SELF;
        e = store_exec(w, Q_PAR_CRITERION_INSERT,
                       SV_ARGS(SV_T(s->version), SV_T(n->code), SV_I(i), SV_T(n->parent), SV_I(n->depth), SV_I(lf),
                               SV_T(n->name), SV_I(n->max), lf ? SV_T(par_method_name(n->method)) : SV_N,
                               comp ? SV_T(n->metric) : SV_N,
                               comp ? SV_T(n->rule == PAR_RULE_STEPS ? "steps" : "proportional") : SV_N,
                               comp && n->rule == PAR_RULE_PROPORTIONAL ? SV_I(n->full_at) : SV_N,
                               comp && n->rule == PAR_RULE_STEPS ? SV_T(steps_text(a, n)) : SV_N, SV_T(n->scoring),
                               SV_T(n->evidence), SV_I(n->evidence_required)),
                       NULL, err);
    }
    for (size_t i = 0; !e && i < s->nbands; i++)
        e = store_exec(
            w, Q_PAR_BAND_INSERT,
            SV_ARGS(SV_T(s->version), SV_I(i), SV_T(s->bands[i].code), SV_T(s->bands[i].label), SV_I(s->bands[i].from)),
            NULL, err);
    *added = !e;
    arena_free(a);
    return e;
}

static void set_head(store_rows *r, arena *a, par_set *s) {
    *s = (par_set){.version = TXT(r, 0),
                   .year = (int)store_int(r, 1),
                   .level = par_level_parse(store_text(r, 2)) == PAR_COMMUNE ? PAR_COMMUNE : PAR_DEPARTMENT,
                   .title = TXT(r, 3),
                   .source = TXT(r, 4),
                   .illustrative = store_int(r, 5) != 0,
                   .max_points = store_int(r, 6)};
}

mc_err par_set_load(store_conn *c, arena *a, const char *version, par_set *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    store_rows *r = store_query(c, Q_PAR_SET_GET, SV_ARGS(SV_T(version)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) set_head(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "set", "Không có bộ chỉ số phiên bản %s.", "No set %s.",
                        version ? version : "", version ? version : "");
    if (!(r = store_query(c, Q_PAR_CRITERIA, SV_ARGS(SV_T(version)), err))) return MC_ERR_STORE;
    size_t cap = 64;
    out->nodes = arena_alloc(a, cap * sizeof *out->nodes);
    while ((k = store_next(r, err)) == 1) {
        if (out->nnodes == cap) out->nodes = arena_grow(a, out->nodes, &cap, sizeof *out->nodes);
        par_node *n = &out->nodes[out->nnodes++];
        *n = (par_node){.code = TXT(r, 0),
                        .parent = TXT(r, 1),
                        .depth = (int)store_int(r, 2),
                        .leaf = store_int(r, 3) != 0,
                        .name = TXT(r, 4),
                        .max = store_int(r, 5),
                        .method = store_null(r, 6) ? PAR_SELF : (par_method)par_method_parse(store_text(r, 6)),
                        .metric = TXT(r, 7),
                        .rule = !store_null(r, 8) && !strcmp(store_text(r, 8), "steps") ? PAR_RULE_STEPS
                                                                                        : PAR_RULE_PROPORTIONAL,
                        .full_at = store_null(r, 9) ? 10000 : store_int(r, 9),
                        .scoring = TXT(r, 11),
                        .evidence = TXT(r, 12),
                        .evidence_required = store_int(r, 13) != 0};
        if (!store_null(r, 10)) steps_read(store_text(r, 10), n);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    /* a parent's max: the sum of its leaves (from the deepest up: nodes come in pre-order) */
    for (size_t i = out->nnodes; i-- > 0;) {
        par_node *n = &out->nodes[i];
        if (!n->leaf) continue;
        for (const char *p = n->parent; p;) {
            int pi = par_node_index(out, p);
            if (pi < 0) break;
            out->nodes[pi].max += n->max;
            p = out->nodes[pi].parent;
        }
    }
    if (!(r = store_query(c, Q_PAR_BANDS, SV_ARGS(SV_T(version)), err))) return MC_ERR_STORE;
    out->bands = arena_alloc(a, PAR_MAX_BANDS * sizeof *out->bands);
    while ((k = store_next(r, err)) == 1 && out->nbands < PAR_MAX_BANDS)
        out->bands[out->nbands++] = (par_band){.code = TXT(r, 0), .label = TXT(r, 1), .from = store_int(r, 2)};
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err par_sets_list(store_conn *c, arena *a, par_set **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_PAR_SETS, NULL, 0, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    par_set *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        set_head(r, a, &v[(*n)++]);
    }
    store_rows_free(r);
    *out = v;
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* ---- rounds ----------------------------------------------------------------------------------------- */

static void round_read(store_rows *r, arena *a, par_round *o) {
    *o = (par_round){.id = store_int(r, 0),
                     .tenant = TXT(r, 1),
                     .year = (int)store_int(r, 2),
                     .level = par_level_parse(store_text(r, 3)) == PAR_COMMUNE ? PAR_COMMUNE : PAR_DEPARTMENT,
                     .set_version = TXT(r, 4),
                     .council = {.id = store_int(r, 5)}, /* the unit itself is read after the rows */
                     .campaign_id = store_null(r, 8) ? 0 : store_int(r, 8),
                     .final = !strcmp(store_text(r, 9), "final"),
                     .opened_at = store_int(r, 10),
                     .opened_by = TXT(r, 11),
                     .finalised_at = store_null(r, 12) ? 0 : store_int(r, 12),
                     .finalised_by = TXT(r, 13)};
    day_parse(store_text(r, 6), &o->self_due);
    day_parse(store_text(r, 7), &o->explain_due);
}

/* Reads rows of MC_PAR_ROUND_COLS, then each council unit (after the rows are freed). */
static mc_err rounds_read(store_conn *c, arena *a, store_qid q, const store_val *args, int nargs, par_round **out,
                          size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, q, args, nargs, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    par_round *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        round_read(r, a, &v[(*n)++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    for (size_t i = 0; i < *n; i++) {
        mc_err e = units_get_id(c, a, v[i].council.id, &v[i].council, err);
        if (e) return e;
    }
    *out = v;
    return MC_OK;
}

mc_err par_round_get(store_conn *c, arena *a, int64_t id, const char *tenant, par_round *out, mc_error *err) {
    par_round *v;
    size_t n = 0;
    mc_err e = MC_OK;
    if (tenant && *tenant) e = rounds_read(c, a, Q_PAR_ROUND_GET_IN, SV_ARGS(SV_I(id), SV_T(tenant)), &v, &n, err);
    if (!e && !n) e = rounds_read(c, a, Q_PAR_ROUND_GET, SV_ARGS(SV_I(id)), &v, &n, err);
    if (e) return e;
    if (!n) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có vòng đánh giá chỉ số CCHC này.", "No such round.");
    *out = v[0];
    return MC_OK;
}

/* Round round_id, asked first in the province of the unit of code unit_code (an assessed unit's). */
static mc_err round_of_unit(store_conn *c, arena *a, int64_t round_id, const char *unit_code, par_round *out,
                            mc_error *err) {
    char tenant[UNITS_TENANT_MAX];
    if (!unit_code || units_tenant_of_code(c, unit_code, tenant, NULL) != 1) tenant[0] = 0;
    return par_round_get(c, a, round_id, tenant, out, err);
}

bool par_is_council(const user *u, const par_round *r) {
    return may(u, ACT_PAR_APPRAISE, r->council.path);
}
bool par_is_council_manager(const user *u, const par_round *r) {
    return may(u, ACT_PAR_MANAGE, r->council.path);
}
bool par_may_read_evidence(const user *u, const par_round *r, const char *unit_path) {
    return par_is_council(u, r) || par_is_council_manager(u, r) || may(u, ACT_PAR_SELF, unit_path);
}
bool par_may_read(const user *u, const par_round *r, const char *unit_path) {
    return par_may_read_evidence(u, r, unit_path) || (r->final && may(u, ACT_REPORT_READ, unit_path));
}

mc_err par_rounds_all(store_conn *c, arena *a, par_round **out, size_t *n, mc_error *err) {
    return rounds_read(c, a, Q_PAR_ROUNDS, NULL, 0, out, n, err);
}

mc_err par_rounds_list(store_conn *c, arena *a, const user *u, par_round **out, size_t *n, mc_error *err) {
    par_round *v;
    size_t m;
    /* the rounds of the province the user works in */
    char tenant[UNITS_TENANT_MAX];
    const char *t = u ? units_tenant_or_null(c, u->unit_path, tenant) : NULL;
    mc_err e = rounds_read(c, a, Q_PAR_ROUNDS_IN, SV_ARGS(SV_T(t)), &v, &m, err);
    if (e) return e;
    /* the rounds assessing the user's own unit */
    int64_t *mine = NULL;
    size_t nmine = 0;
    if (u && u->unit_id) {
        store_rows *r = store_query(c, Q_PAR_ASSESS_ROUNDS_OF, SV_ARGS(SV_I(u->unit_id), SV_T(t)), err);
        if (!r) return MC_ERR_STORE;
        size_t cap = 8;
        mine = arena_alloc(a, cap * sizeof *mine);
        int k;
        while ((k = store_next(r, err)) == 1) {
            if (nmine == cap) mine = arena_grow(a, mine, &cap, sizeof *mine);
            mine[nmine++] = store_int(r, 0);
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    *n = 0;
    for (size_t i = 0; i < m; i++) {
        bool see = par_is_council(u, &v[i]) || par_is_council_manager(u, &v[i]);
        for (size_t k = 0; !see && k < nmine; k++) see = mine[k] == v[i].id;
        if (!see && v[i].final && u) {
            org_unit root;
            mc_error e2;
            see = units_get(c, a, v[i].tenant, &root, &e2) == MC_OK && may(u, ACT_REPORT_READ, root.path);
        }
        if (see) v[(*n)++] = v[i];
    }
    *out = v;
    return MC_OK;
}

static mc_err day_field(const char *s, const char *field, const char *words, mc_day *out, mc_error *err) {
    if (!s || !day_parse(s, out))
        return mc_failf(err, MC_ERR_INVALID, field, "Vui lòng nhập %s dạng YYYY-MM-DD.", "%s: YYYY-MM-DD.", words,
                        field);
    return MC_OK;
}

mc_err par_round_open(store *s, const user *by, const par_round_new *in, mc_time now, int64_t *id, mc_error *err) {
    arena *a = arena_create();
    store_conn *c = store_reader(s);
    org_unit council, root;
    par_set set;
    mc_day sd, ed;
    int lv = par_level_parse(in->level);
    mc_err e = MC_OK;
    if (lv < 0)
        e = mc_fail(err, MC_ERR_INVALID, "level",
                    "Cấp đánh giá phải là \"department\" (sở, ban, ngành) hoặc "
                    "\"commune\" (xã, phường, đặc khu).",
                    "level: department or commune.");
    if (!e && (!in->council || !*in->council))
        e = mc_fail(err, MC_ERR_INVALID, "council", "Vui lòng chọn đơn vị thẩm định (Sở Nội vụ).",
                    "council is required.");
    if (!e && (e = units_get(c, a, in->council, &council, err)) == MC_ERR_NOT_FOUND)
        e = mc_failf(err, MC_ERR_INVALID, "council", "Không có đơn vị mã %s.", "Unknown unit %s.", in->council,
                     in->council);
    if (!e && !may(by, ACT_PAR_MANAGE, council.path))
        e = mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                    "Chỉ lãnh đạo đơn vị thẩm định (Sở Nội vụ) hoặc quản trị viên mở vòng đánh giá chỉ số CCHC.",
                    "Only the council unit's leaders open a round.");
    if (!e && (e = par_set_load(c, a, in->set_version, &set, err)) == MC_ERR_NOT_FOUND)
        e = mc_failf(err, MC_ERR_INVALID, "set", "Không có bộ chỉ số phiên bản %s.", "No set %s.",
                     in->set_version ? in->set_version : "", in->set_version ? in->set_version : "");
    if (!e && (set.year != in->year || (int)set.level != lv))
        e = mc_failf(err, MC_ERR_INVALID, "set", "Bộ chỉ số %s dùng cho năm %d, cấp %s, không phải năm %d, cấp %s.",
                     "Set %s is of %d %s.", set.version, set.year, par_level_label(set.level), in->year,
                     par_level_label((par_level)lv), set.version, set.year, par_level_name(set.level));
    if (!e) e = day_field(in->self_due, "self_due", "hạn tự chấm", &sd, err);
    if (!e) e = day_field(in->explain_due, "explain_due", "hạn giải trình", &ed, err);
    if (!e && ed < sd)
        e = mc_fail(err, MC_ERR_INVALID, "explain_due", "Hạn giải trình không được trước hạn tự chấm.",
                    "explain_due before self_due.");
    if (!e) e = units_get(c, a, council.tenant, &root, err);
    org_unit *units = NULL;
    size_t nunits = 0;
    if (!e) e = units_list(c, a, root.code, &units, &nunits, err);
    if (e) {
        arena_free(a);
        return e;
    }
    /* the units of the level in force during the year */
    char y0[11], y1[11];
    day_format(day_from_ymd(in->year, 1, 1), y0);
    day_format(day_from_ymd(in->year, 12, 31), y1);
    store_conn *w = store_begin_tenant(s, root.tenant, err);
    if (!w) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    int64_t other = 0;
    e = store_scalar_int(w, Q_PAR_ROUND_EXISTS, SV_ARGS(SV_T(root.tenant), SV_I(in->year), SV_T(in->level)), &other,
                         err);
    if (e == MC_ERR_NOT_FOUND)
        e = MC_OK;
    else if (!e)
        e = mc_failf(err, MC_ERR_CONFLICT, NULL, "Năm %d đã có vòng đánh giá chỉ số CCHC của các %s.",
                     "A round of %d exists.", in->year, par_level_label((par_level)lv), in->year);
    char sds[11], eds[11];
    day_format(sd, sds);
    day_format(ed, eds);
    if (!e)
        e = store_scalar_int(w, Q_PAR_ROUND_INSERT,
                             SV_ARGS(SV_T(root.tenant), SV_I(in->year), SV_T(in->level), SV_T(set.version),
                                     SV_I(council.id), SV_T(sds), SV_T(eds),
                                     in->campaign_id ? SV_I(in->campaign_id) : SV_N, SV_I(by->id), SV_I(now)),
                             id, err);
    int count = 0;
    for (size_t i = 0; !e && i < nunits; i++) {
        const org_unit *u = &units[i];
        if (!par_level_has_kind((par_level)lv, u->kind)) continue;
        if ((u->active_from && strcmp(u->active_from, y1) > 0) || (u->active_to && strcmp(u->active_to, y0) < 0))
            continue;
        e = store_exec(w, Q_PAR_ASSESS_INSERT, SV_ARGS(SV_T(root.tenant), SV_I(*id), SV_I(u->id)), NULL, err);
        count++;
    }
    if (!e && !count)
        e = mc_failf(err, MC_ERR_INVALID, "level", "Tỉnh không có %s nào trong năm %d để đánh giá.",
                     "No unit to assess.", par_level_label((par_level)lv), in->year);
    if (!e)
        e = journal_record(w, root.tenant, PAR_SUBJECT_ROUND, *id, by, ACT_PAR_MANAGE, "par.open", NULL, "open", NULL,
                           arena_printf(a,
                                        "Chỉ số CCHC năm %d của các %s, bộ chỉ số %s, %d đơn vị; tự chấm đến %s, giải "
                                        "trình đến %s; thẩm định: %s",
                                        in->year, par_level_label((par_level)lv), set.version, count, sds, eds,
                                        council.name),
                           now, err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err par_round_set_campaign(store *s, const user *by, int64_t round_id, int64_t campaign_id, mc_time now,
                              mc_error *err) {
    arena *a = arena_create();
    par_round r;
    char tenant[UNITS_TENANT_MAX];
    mc_err e = par_round_get(store_reader(s), a, round_id, by ? units_tenant_or_null(store_reader(s), by->unit_path, tenant) : NULL,
                             &r, err);
    if (!e && !par_is_council_manager(by, &r))
        e = mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Chỉ lãnh đạo đơn vị thẩm định chọn đợt khảo sát SIPAS của vòng.",
                    "Only the council's managers.");
    if (e) {
        arena_free(a);
        return e;
    }
    store_conn *w = store_begin_tenant(s, r.tenant, err);
    if (!w) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    int64_t changed = 0;
    e = store_exec(w, Q_PAR_ROUND_CAMPAIGN,
                   SV_ARGS(campaign_id ? SV_I(campaign_id) : SV_N, SV_I(round_id), SV_T(r.tenant)), &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Vòng đánh giá đã công bố kết quả: không thay đổi được.",
                    "The round is final.");
    if (!e)
        e = journal_record(w, r.tenant, PAR_SUBJECT_ROUND, round_id, by, ACT_PAR_MANAGE, "par.campaign", "open", "open",
                           NULL, arena_printf(a, "Đợt khảo sát SIPAS: %lld", (long long)campaign_id), now, err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err par_head_now(store_conn *c, arena *a, int64_t unit_id, const char **out, mc_error *err) {
    *out = NULL;
    store_rows *h = store_query(c, Q_PAR_HEAD, SV_ARGS(SV_I(unit_id)), err);
    if (!h) return MC_ERR_STORE;
    int k = store_next(h, err);
    if (k == 1) *out = arena_strdup(a, store_text(h, 0));
    store_rows_free(h);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* ---- assessments: reading ------------------------------------------------------------------------------ */

static par_astate astate_parse(const char *s) {
    for (int i = 0; i <= PAR_A_FINAL; i++)
        if (!strcmp(par_astate_name((par_astate)i), s)) return (par_astate)i;
    return PAR_A_DRAFT;
}

/* The assessment row of (round, unit): id and state; MC_ERR_NOT_FOUND when the unit is not assessed. */
static mc_err assessment_row(store_conn *c, arena *a, int64_t round_id, const org_unit *u, par_assessment *out,
                             mc_error *err) {
    store_rows *r = store_query(c, Q_PAR_ASSESS_GET, SV_ARGS(SV_I(round_id), SV_I(u->id), SV_T(u->tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        out->id = store_int(r, 0);
        out->state = astate_parse(store_text(r, 1));
        out->submitted_at = store_null(r, 2) ? 0 : store_int(r, 2);
        out->submitted_by = TXT(r, 3);
        out->appraised_at = store_null(r, 4) ? 0 : store_int(r, 4);
        out->appraised_by = TXT(r, 5);
        out->explained_at = store_null(r, 6) ? 0 : store_int(r, 6);
        out->explained_by = TXT(r, 7);
        out->head_name = TXT(r, 8);
        out->rank = store_null(r, 9) ? 0 : (int)store_int(r, 9);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "unit", "Đơn vị %s không được đánh giá trong vòng này.",
                        "%s is not assessed in this round.", u->code, u->code);
    return MC_OK;
}

/* Reads the scores and files of the assessment out->id of `tenant` (out->set loaded) through c. */
static mc_err scores_read(store_conn *c, arena *a, const char *tenant, par_assessment *out, mc_error *err) {
    const par_set *set = &out->set;
    out->scores = arena_alloc(a, (set->nnodes ? set->nnodes : 1) * sizeof *out->scores);
    memset(out->scores, 0, set->nnodes * sizeof *out->scores);
    for (size_t i = 0; i < set->nnodes; i++) out->scores[i].node = &set->nodes[i];
    store_rows *r = store_query(c, Q_PAR_SCORES, SV_ARGS(SV_I(out->id), SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        int i = par_node_index(set, store_text(r, 0));
        if (i < 0) continue;
        par_score *sc = &out->scores[i];
        sc->has_self = !store_null(r, 1);
        sc->self = sc->has_self ? store_int(r, 1) : 0;
        sc->self_note = TXT(r, 2);
        sc->self_at = store_null(r, 3) ? 0 : store_int(r, 3);
        sc->self_by = TXT(r, 4);
        sc->has_appraised = !store_null(r, 5);
        sc->appraised = sc->has_appraised ? store_int(r, 5) : 0;
        sc->reason = TXT(r, 6);
        sc->appraised_at = store_null(r, 7) ? 0 : store_int(r, 7);
        sc->appraised_by = TXT(r, 8);
        sc->explanation = TXT(r, 9);
        if (out->state == PAR_A_FINAL) {
            sc->value = (par_value){.value = store_null(r, 10) ? 0 : store_int(r, 10), .na = store_int(r, 11) != 0};
            sc->points = store_null(r, 12) ? 0 : store_int(r, 12);
        }
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(c, Q_PAR_EVIDENCE, SV_ARGS(SV_I(out->id), SV_T(tenant)), err))) return MC_ERR_STORE;
    while ((k = store_next(r, err)) == 1) {
        int i = par_node_index(set, store_text(r, 1));
        if (i < 0) continue;
        par_score *sc = &out->scores[i];
        par_file *f = arena_alloc(a, (sc->nfiles + 1) * sizeof *f);
        if (sc->nfiles) memcpy(f, sc->files, sc->nfiles * sizeof *f);
        f[sc->nfiles++] = (par_file){.id = store_int(r, 0),
                                     .criterion = TXT(r, 1),
                                     .name = TXT(r, 2),
                                     .mime = TXT(r, 3),
                                     .size = store_int(r, 4),
                                     .sha256 = TXT(r, 5),
                                     .stored = TXT(r, 6),
                                     .uploaded_by = TXT(r, 7),
                                     .at = store_int(r, 8)};
        sc->files = f;
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* Points of every leaf (unless final: stored) from scores and values, sums up the tree, totals,
 * index and band. A self leaf earns the council's score if it gave one, else the unit's (a draft's
 * own scores are shown while the round is open, as provisional; when finalising, a unit that never
 * submitted earns 0 on them), else 0. */
static void assemble(arena *a, par_assessment *o, bool finalising) {
    const par_set *set = &o->set;
    o->node_points = arena_alloc(a, (set->nnodes ? set->nnodes : 1) * sizeof *o->node_points);
    o->node_max = arena_alloc(a, (set->nnodes ? set->nnodes : 1) * sizeof *o->node_max);
    memset(o->node_points, 0, set->nnodes * sizeof *o->node_points);
    memset(o->node_max, 0, set->nnodes * sizeof *o->node_max);
    o->points = o->max = 0;
    for (size_t i = 0; i < set->nnodes; i++) {
        const par_node *n = &set->nodes[i];
        if (!n->leaf) continue;
        par_score *sc = &o->scores[i];
        if (n->method == PAR_SELF) {
            sc->applicable = true;
            /* a self-score never submitted counts for nothing once the round is final */
            bool self = sc->has_self && !(finalising && o->state == PAR_A_DRAFT);
            if (o->state != PAR_A_FINAL) sc->points = sc->has_appraised ? sc->appraised : self ? sc->self : 0;
        } else {
            sc->applicable = !sc->value.na;
            if (o->state != PAR_A_FINAL) sc->points = sc->applicable ? par_rule_points(n, sc->value.value) : 0;
        }
        if (!sc->applicable) continue;
        o->points += sc->points;
        o->max += n->max;
        for (int at = (int)i; at >= 0;) {
            o->node_points[at] += sc->points;
            o->node_max[at] += n->max;
            at = set->nodes[at].parent ? par_node_index(set, set->nodes[at].parent) : -1;
        }
    }
    o->index = par_index_of(o->points, o->max);
    o->band = par_band_of(set, o->index);
}

mc_err par_assessment_load(store_conn *c, arena *a, int64_t round_id, const char *unit_code, mc_time now,
                           par_assessment *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    mc_err e = round_of_unit(c, a, round_id, unit_code, &out->round, err);
    if (!e && (e = units_get(c, a, unit_code, &out->unit, err)) == MC_ERR_NOT_FOUND)
        e = mc_failf(err, MC_ERR_NOT_FOUND, "unit", "Không có đơn vị mã %s.", "No unit %s.", unit_code, unit_code);
    if (!e) e = assessment_row(c, a, round_id, &out->unit, out, err);
    if (!e) e = par_set_load(c, a, out->round.set_version, &out->set, err);
    if (!e) e = scores_read(c, a, out->round.tenant, out, err);
    if (e) return e;
    if (out->state != PAR_A_FINAL && (e = par_head_now(c, a, out->unit.id, &out->head_name, err))) return e;
    if (out->state != PAR_A_FINAL) {
        par_value *v = arena_alloc(a, (out->set.nnodes ? out->set.nnodes : 1) * sizeof *v);
        memset(v, 0, out->set.nnodes * sizeof *v);
        if ((e = par_metrics_unit(c, a, &out->set, &out->unit, out->round.year, out->round.campaign_id, now, v, err)))
            return e;
        for (size_t i = 0; i < out->set.nnodes; i++) out->scores[i].value = v[i];
    }
    assemble(a, out, false);
    return MC_OK;
}

/* ---- assessments: changes ------------------------------------------------------------------------------ */

/* What a change needs: the round (open), the unit, its assessment row and the set. */
typedef struct {
    par_round r;
    org_unit unit;
    par_assessment as;
} target;

static mc_err target_of(store_conn *c, arena *a, int64_t round_id, const char *unit_code, target *t, mc_error *err) {
    memset(t, 0, sizeof *t);
    mc_err e = round_of_unit(c, a, round_id, unit_code, &t->r, err);
    if (!e && (e = units_get(c, a, unit_code, &t->unit, err)) == MC_ERR_NOT_FOUND)
        e = mc_failf(err, MC_ERR_NOT_FOUND, "unit", "Không có đơn vị mã %s.", "No unit %s.", unit_code, unit_code);
    if (!e) e = assessment_row(c, a, round_id, &t->unit, &t->as, err);
    if (!e) e = par_set_load(c, a, t->r.set_version, &t->as.set, err);
    if (!e && t->r.final)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Vòng đánh giá đã công bố kết quả: điểm đã khóa, không sửa được.",
                    "The round is final.");
    return e;
}

static const char *day_text(arena *a, mc_day d) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

/* The state the assessment must be in, read inside w (after the checks made outside). */
static mc_err state_is(store_conn *w, arena *a, const target *t, par_astate want, mc_error *err) {
    store_rows *r = store_query(w, Q_PAR_ROUND_STATE, SV_ARGS(SV_I(t->r.id), SV_T(t->r.tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool final = k == 1 && !strcmp(store_text(r, 0), "final");
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (final)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Vòng đánh giá đã công bố kết quả: điểm đã khóa, không sửa được.",
                       "The round is final.");
    if (!(r = store_query(w, Q_PAR_ASSESS_STATE, SV_ARGS(SV_I(t->as.id), SV_T(t->r.tenant)), err))) return MC_ERR_STORE;
    k = store_next(r, err);
    par_astate st = k == 1 ? astate_parse(store_text(r, 0)) : PAR_A_DRAFT;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (st == want) return MC_OK;
    (void)a;
    return mc_failf(err, MC_ERR_CONFLICT, NULL, "Không làm được ở bước này: bản đánh giá của %s đang ở bước \"%s\".",
                    "The assessment is %s.", t->unit.name, par_astate_label(st), par_astate_name(st));
}

static mc_err leaf_of(const target *t, const char *criterion, bool self_only, const par_node **out, mc_error *err) {
    const par_node *n = par_node_find(&t->as.set, criterion);
    if (!n || !n->leaf)
        return mc_failf(err, MC_ERR_INVALID, "criterion", "Bộ chỉ số không có tiêu chí chấm điểm mã %s.", "No leaf %s.",
                        criterion ? criterion : "", criterion ? criterion : "");
    if (self_only && n->method != PAR_SELF)
        return mc_failf(err, MC_ERR_INVALID, "criterion", "Tiêu chí %s được tính từ %s, không chấm tay.",
                        "%s is not scored by hand.", n->code,
                        n->method == PAR_COMPUTED ? "số liệu của hệ thống" : "kết quả khảo sát SIPAS", n->code);
    *out = n;
    return MC_OK;
}

static mc_err points_ok(const par_node *n, int64_t p, mc_error *err) {
    if (p < 0 || p > n->max)
        return mc_failf(err, MC_ERR_INVALID, "score", "Điểm của tiêu chí %s phải từ 0 đến %lld,%02lld.",
                        "%s: 0 to %lld.", n->code, (long long)(n->max / 100), (long long)(n->max % 100), n->code,
                        (long long)n->max);
    return MC_OK;
}

static mc_err self_window(arena *a, const target *t, const user *by, mc_time now, mc_error *err) {
    if (!may(by, ACT_PAR_SELF, t->unit.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Chỉ cán bộ của đơn vị được tự chấm điểm chỉ số CCHC của đơn vị mình.",
                       "Only the unit's officers self-score.");
    if (time_local_day(now) > t->r.self_due)
        return mc_failf(err, MC_ERR_CONFLICT, NULL, "Đã hết hạn tự chấm điểm (ngày %s).", "Self-scoring closed on %s.",
                        day_text(a, t->r.self_due), day_text(a, t->r.self_due));
    if (t->as.state != PAR_A_DRAFT)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Đơn vị đã nộp bản tự chấm: không sửa được nữa.",
                       "The self-assessment was submitted.");
    return MC_OK;
}

void par_rights_of(const user *u, const par_assessment *x, mc_time now, par_rights *out) {
    memset(out, 0, sizeof *out);
    if (!u || x->round.final) return;
    mc_day today = time_local_day(now);
    bool self_open = x->state == PAR_A_DRAFT && today <= x->round.self_due;
    out->self = self_open && may(u, ACT_PAR_SELF, x->unit.path);
    out->submit = self_open && may(u, ACT_PAR_SUBMIT, x->unit.path);
    out->appraise = (x->state == PAR_A_SUBMITTED || x->state == PAR_A_EXPLAINED) && par_is_council(u, &x->round);
    out->send = x->state == PAR_A_SUBMITTED && par_is_council_manager(u, &x->round);
    out->explain = x->state == PAR_A_APPRAISED && today <= x->round.explain_due && may(u, ACT_PAR_SUBMIT, x->unit.path);
    out->finalise = par_is_council_manager(u, &x->round);
}

mc_err par_self_score(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                      int64_t points, const char *note, mc_time now, mc_error *err) {
    arena *a = arena_create();
    target t;
    const par_node *n = NULL;
    mc_err e = target_of(store_reader(s), a, round_id, unit_code, &t, err);
    if (!e) e = self_window(a, &t, by, now, err);
    if (!e) e = leaf_of(&t, criterion, true, &n, err);
    if (!e) e = points_ok(n, points, err);
    if (!e) e = field_limit_check("note", "note", note, err);
    store_conn *w = e ? NULL : store_begin_tenant(s, t.r.tenant, err);
    if (!e && !w) e = MC_ERR_STORE;
    if (e) {
        arena_free(a);
        return e;
    }
    e = state_is(w, a, &t, PAR_A_DRAFT, err);
    if (!e) e = store_exec(w, Q_PAR_SCORE_ENSURE, SV_ARGS(SV_T(t.r.tenant), SV_I(t.as.id), SV_T(n->code)), NULL, err);
    if (!e)
        e = store_exec(w, Q_PAR_SELF_SET,
                       SV_ARGS(SV_I(points), SV_T(note && *note ? note : NULL), SV_I(now), SV_I(by->id), SV_I(t.as.id),
                               SV_T(n->code), SV_T(t.r.tenant)),
                       NULL, err);
    if (!e)
        e = journal_record(
            w, t.r.tenant, PAR_SUBJECT_ASSESSMENT, t.as.id, by, ACT_PAR_SELF, "par.self", "draft", "draft", NULL,
            arena_printf(a, "%s: tự chấm %s/%s điểm", n->code, points_text(a, points), points_text(a, n->max)), now,
            err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err par_evidence_add(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                        const ds_attachment *files, size_t nfiles, mc_time now, mc_error *err) {
    arena *a = arena_create();
    target t;
    const par_node *n = NULL;
    mc_err e = target_of(store_reader(s), a, round_id, unit_code, &t, err);
    if (!e) e = self_window(a, &t, by, now, err);
    if (!e) e = leaf_of(&t, criterion, true, &n, err);
    if (!e && !nfiles) e = mc_fail(err, MC_ERR_INVALID, "file", "Vui lòng chọn tệp tài liệu kiểm chứng.", "No file.");
    store_conn *w = e ? NULL : store_begin_tenant(s, t.r.tenant, err);
    if (!e && !w) e = MC_ERR_STORE;
    if (e) {
        arena_free(a);
        return e;
    }
    e = state_is(w, a, &t, PAR_A_DRAFT, err);
    int64_t have = 0;
    if (!e)
        e = store_scalar_int(w, Q_PAR_EVIDENCE_COUNT, SV_ARGS(SV_I(t.as.id), SV_T(n->code), SV_T(t.r.tenant)), &have,
                             err);
    if (!e && have + (int64_t)nfiles > PAR_MAX_FILES)
        e = mc_failf(err, MC_ERR_TOO_LARGE, "file", "Mỗi tiêu chí kèm tối đa %d tệp kiểm chứng (đã có %lld).",
                     "At most %d files a criterion.", PAR_MAX_FILES, (long long)have, PAR_MAX_FILES);
    buf names = {0};
    for (size_t i = 0; !e && i < nfiles; i++) {
        const ds_attachment *f = &files[i];
        e = store_exec(w, Q_PAR_EVIDENCE_INSERT,
                       SV_ARGS(SV_T(t.r.tenant), SV_I(t.as.id), SV_T(n->code), SV_T(f->name), SV_T(f->mime),
                               SV_I(f->size), SV_T(f->sha256), SV_T(f->stored), SV_I(by->id), SV_I(now)),
                       NULL, err);
        buf_printf(&names, "%s%s", i ? ", " : "", f->name);
    }
    if (!e)
        e = journal_record(w, t.r.tenant, PAR_SUBJECT_ASSESSMENT, t.as.id, by, ACT_PAR_SELF, "par.evidence", "draft",
                           "draft", NULL, arena_printf(a, "%s: %s", n->code, names.data ? names.data : ""), now, err);
    buf_free(&names);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

/* Moves the assessment of t from `from` to `to` inside w by the conditional update q (now, by, id: it
 * changes nothing when another request moved it first: 409 with `already`), and journals it. */
static mc_err advance(store_conn *w, arena *a, const target *t, const user *by, store_qid q, par_astate from,
                      par_astate to, const char *already, perm_action act, const char *action, const char *note,
                      mc_time now, mc_error *err) {
    int64_t changed = 0;
    mc_err e = state_is(w, a, t, from, err);
    if (!e) e = store_exec(w, q, SV_ARGS(SV_I(now), SV_I(by->id), SV_I(t->as.id), SV_T(t->r.tenant)), &changed, err);
    if (!e && changed != 1) e = mc_fail(err, MC_ERR_CONFLICT, NULL, already, "Changed meanwhile.");
    if (!e)
        e = journal_record(w, t->r.tenant, PAR_SUBJECT_ASSESSMENT, t->as.id, by, act, action, par_astate_name(from),
                           par_astate_name(to), NULL, note, now, err);
    return e;
}

mc_err par_submit(store *s, const user *by, int64_t round_id, const char *unit_code, mc_time now, mc_error *err) {
    arena *a = arena_create();
    target t;
    store_conn *c = store_reader(s);
    mc_err e = target_of(c, a, round_id, unit_code, &t, err);
    if (!e && !may(by, ACT_PAR_SUBMIT, t.unit.path))
        e = mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Chỉ lãnh đạo đơn vị nộp bản tự chấm điểm chỉ số CCHC.",
                    "Only the unit's leader submits.");
    if (!e) e = self_window(a, &t, by, now, err);
    if (!e) e = scores_read(c, a, t.r.tenant, &t.as, err);
    for (size_t i = 0; !e && i < t.as.set.nnodes; i++) {
        const par_node *n = &t.as.set.nodes[i];
        const par_score *sc = &t.as.scores[i];
        if (!n->leaf || n->method != PAR_SELF) continue;
        if (!sc->has_self)
            e = mc_failf(err, MC_ERR_INVALID, "criterion", "Chưa tự chấm tiêu chí %s \"%s\".", "%s is not scored.",
                         n->code, n->name, n->code);
        else if (n->evidence_required && sc->self > 0 && !sc->nfiles)
            e = mc_failf(err, MC_ERR_INVALID, "criterion", "Tiêu chí %s cần tài liệu kiểm chứng: %s.",
                         "%s needs evidence.", n->code, n->evidence ? n->evidence : "tệp kiểm chứng", n->code);
    }
    int64_t total = 0;
    for (size_t i = 0; !e && i < t.as.set.nnodes; i++)
        if (t.as.set.nodes[i].leaf && t.as.set.nodes[i].method == PAR_SELF) total += t.as.scores[i].self;
    store_conn *w = e ? NULL : store_begin_tenant(s, t.r.tenant, err);
    if (!e && !w) e = MC_ERR_STORE;
    if (e) {
        arena_free(a);
        return e;
    }
    e = advance(w, a, &t, by, Q_PAR_SUBMIT, PAR_A_DRAFT, PAR_A_SUBMITTED, "Bản tự chấm đã được nộp.", ACT_PAR_SUBMIT,
                "par.submit", arena_printf(a, "Tổng điểm tự chấm (các tiêu chí chấm tay): %s", points_text(a, total)),
                now, err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

static mc_err council_only(const target *t, const user *by, bool manager, mc_error *err) {
    if (manager ? !par_is_council_manager(by, &t->r) : !par_is_council(by, &t->r))
        return mc_failf(err, MC_ERR_FORBIDDEN, NULL, "Chỉ %s của %s được làm việc này.", "Only the council.",
                        manager ? "lãnh đạo" : "cán bộ thẩm định", t->r.council.name);
    return MC_OK;
}

mc_err par_appraise(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                    int64_t points, const char *reason, mc_time now, mc_error *err) {
    arena *a = arena_create();
    target t;
    const par_node *n = NULL;
    mc_err e = target_of(store_reader(s), a, round_id, unit_code, &t, err);
    if (!e) e = council_only(&t, by, false, err);
    if (!e && t.as.state != PAR_A_SUBMITTED && t.as.state != PAR_A_EXPLAINED)
        e = mc_failf(err, MC_ERR_CONFLICT, NULL,
                     "Chỉ thẩm định khi đơn vị đã nộp bản tự chấm, hoặc sau khi đơn vị giải trình (hiện: \"%s\").",
                     "Not open to appraisal (%s).", par_astate_label(t.as.state), par_astate_name(t.as.state));
    if (!e) e = leaf_of(&t, criterion, true, &n, err);
    if (!e) e = points_ok(n, points, err);
    if (!e && (!reason || !*reason))
        e = mc_fail(err, MC_ERR_INVALID, "reason", "Vui lòng ghi lý do thay đổi điểm để đơn vị biết.",
                    "reason is required.");
    if (!e) e = field_limit_check("reason", "reason", reason, err);
    store_conn *w = e ? NULL : store_begin_tenant(s, t.r.tenant, err);
    if (!e && !w) e = MC_ERR_STORE;
    if (e) {
        arena_free(a);
        return e;
    }
    e = state_is(w, a, &t, t.as.state, err);
    if (!e) e = store_exec(w, Q_PAR_SCORE_ENSURE, SV_ARGS(SV_T(t.r.tenant), SV_I(t.as.id), SV_T(n->code)), NULL, err);
    if (!e)
        e = store_exec(w, Q_PAR_APPRAISE_SET,
                       SV_ARGS(SV_I(points), SV_T(reason), SV_I(now), SV_I(by->id), SV_I(t.as.id), SV_T(n->code),
                               SV_T(t.r.tenant)),
                       NULL, err);
    const char *st = par_astate_name(t.as.state);
    if (!e)
        e = journal_record(w, t.r.tenant, PAR_SUBJECT_ASSESSMENT, t.as.id, by, ACT_PAR_APPRAISE,
                           t.as.state == PAR_A_EXPLAINED ? "par.reappraise" : "par.appraise", st, st, NULL,
                           arena_printf(a, "%s: %s điểm; lý do: %s", n->code, points_text(a, points), reason), now,
                           err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err par_send_appraisal(store *s, const user *by, int64_t round_id, const char *unit_code, mc_time now,
                          mc_error *err) {
    arena *a = arena_create();
    target t;
    mc_err e = target_of(store_reader(s), a, round_id, unit_code, &t, err);
    if (!e) e = council_only(&t, by, true, err);
    store_conn *w = e ? NULL : store_begin_tenant(s, t.r.tenant, err);
    if (!e && !w) e = MC_ERR_STORE;
    if (e) {
        arena_free(a);
        return e;
    }
    e = advance(
        w, a, &t, by, Q_PAR_SEND, PAR_A_SUBMITTED, PAR_A_APPRAISED, "Kết quả thẩm định đã được gửi.", ACT_PAR_MANAGE,
        "par.send",
        arena_printf(a, "Gửi kết quả thẩm định cho %s; giải trình đến %s", t.unit.name, day_text(a, t.r.explain_due)),
        now, err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err par_explain(store *s, const user *by, int64_t round_id, const char *unit_code, const par_explanation *items,
                   size_t n, mc_time now, mc_error *err) {
    arena *a = arena_create();
    target t;
    store_conn *c = store_reader(s);
    mc_err e = target_of(c, a, round_id, unit_code, &t, err);
    if (!e && !may(by, ACT_PAR_SUBMIT, t.unit.path))
        e = mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Chỉ lãnh đạo đơn vị gửi giải trình kết quả thẩm định.",
                    "Only the unit's leader explains.");
    if (!e && t.as.state == PAR_A_EXPLAINED)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Đơn vị đã giải trình một lần: mỗi đơn vị chỉ được giải trình một lần.",
                    "Explained already.");
    if (!e && t.as.state != PAR_A_APPRAISED)
        e = mc_failf(err, MC_ERR_CONFLICT, NULL, "Chưa có kết quả thẩm định để giải trình (hiện: \"%s\").",
                     "Nothing to explain (%s).", par_astate_label(t.as.state), par_astate_name(t.as.state));
    if (!e && time_local_day(now) > t.r.explain_due)
        e = mc_failf(err, MC_ERR_CONFLICT, NULL, "Đã hết hạn giải trình (ngày %s).", "Explanations closed on %s.",
                     day_text(a, t.r.explain_due), day_text(a, t.r.explain_due));
    if (!e && !n) e = mc_fail(err, MC_ERR_INVALID, "items", "Vui lòng giải trình ít nhất một tiêu chí.", "No item.");
    if (!e) e = scores_read(c, a, t.r.tenant, &t.as, err);
    for (size_t i = 0; !e && i < n; i++) {
        const par_node *nd = NULL;
        if ((e = leaf_of(&t, items[i].criterion, true, &nd, err))) break;
        if (!t.as.scores[par_node_index(&t.as.set, nd->code)].has_appraised)
            e = mc_failf(err, MC_ERR_INVALID, "criterion",
                         "Hội đồng không thay đổi điểm tiêu chí %s: không cần giải trình.", "%s was not changed.",
                         nd->code, nd->code);
        else if (!items[i].text || !*items[i].text)
            e = mc_failf(err, MC_ERR_INVALID, "text", "Vui lòng viết nội dung giải trình tiêu chí %s.",
                         "%s: text is required.", nd->code, nd->code);
        else
            e = field_limit_check("text", "explanation", items[i].text, err);
        for (size_t k = 0; !e && k < i; k++)
            if (!strcmp(items[k].criterion, nd->code))
                e = mc_failf(err, MC_ERR_INVALID, "criterion", "Tiêu chí %s được giải trình hai lần.", "%s twice.",
                             nd->code, nd->code);
    }
    store_conn *w = e ? NULL : store_begin_tenant(s, t.r.tenant, err);
    if (!e && !w) e = MC_ERR_STORE;
    if (e) {
        arena_free(a);
        return e;
    }
    e = state_is(w, a, &t, PAR_A_APPRAISED, err);
    buf codes = {0};
    for (size_t i = 0; !e && i < n; i++) {
        e = store_exec(w, Q_PAR_EXPLAIN_SET,
                       SV_ARGS(SV_T(items[i].text), SV_I(t.as.id), SV_T(items[i].criterion), SV_T(t.r.tenant)), NULL,
                       err);
        buf_printf(&codes, "%s%s", i ? ", " : "", items[i].criterion);
    }
    if (!e)
        e = advance(w, a, &t, by, Q_PAR_EXPLAINED, PAR_A_APPRAISED, PAR_A_EXPLAINED, "Đơn vị đã giải trình.",
                    ACT_PAR_SUBMIT, "par.explain",
                    arena_printf(a, "Giải trình các tiêu chí %s", codes.data ? codes.data : ""), now, err);
    buf_free(&codes);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

/* ---- finalisation and ranking ------------------------------------------------------------------------- */

typedef struct {
    const char *code;
    int64_t id;
} unit_ref;

static mc_err round_units(store_conn *c, arena *a, const par_round *round, unit_ref **out, size_t *n, mc_error *err) {
    *n = 0;
    store_rows *r = store_query(c, Q_PAR_ASSESS_UNITS, SV_ARGS(SV_I(round->id), SV_T(round->tenant)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16;
    unit_ref *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = (unit_ref){TXT(r, 0), store_int(r, 1)};
    }
    store_rows_free(r);
    *out = v;
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err par_finalise(store *s, const user *by, int64_t round_id, mc_time now, mc_error *err) {
    arena *a = arena_create();
    store_conn *c = store_reader(s);
    par_round r;
    unit_ref *units = NULL;
    size_t n = 0;
    char tenant[UNITS_TENANT_MAX];
    mc_err e = par_round_get(c, a, round_id, by ? units_tenant_or_null(c, by->unit_path, tenant) : NULL, &r, err);
    if (!e && !par_is_council_manager(by, &r))
        e = mc_failf(err, MC_ERR_FORBIDDEN, NULL, "Chỉ lãnh đạo của %s công bố kết quả vòng đánh giá.",
                     "Only the council's managers finalise.", r.council.name);
    if (!e && r.final)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Vòng đánh giá đã công bố kết quả.", "The round is final already.");
    if (!e) e = round_units(c, a, &r, &units, &n, err);
    /* Slow part first, outside the write transaction: every unit's computed and survey values. */
    par_assessment *as = arena_alloc(a, (n ? n : 1) * sizeof *as);
    for (size_t i = 0; !e && i < n; i++) e = par_assessment_load(c, a, round_id, units[i].code, now, &as[i], err);
    if (e) {
        arena_free(a);
        return e;
    }
    store_conn *w = store_begin_tenant(s, r.tenant, err);
    if (!w) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    int64_t changed = 0;
    e = store_exec(w, Q_PAR_ROUND_FINALISE, SV_ARGS(SV_I(by->id), SV_I(now), SV_I(round_id), SV_T(r.tenant)), &changed,
                   err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Vòng đánh giá đã công bố kết quả.", "The round is final already.");
    /* The hand-given scores read again inside the transaction (nothing can change them after it), with the
     * values computed above. */
    int64_t *idx = arena_alloc(a, (n ? n : 1) * sizeof *idx);
    for (size_t i = 0; !e && i < n; i++) {
        par_value *v = arena_alloc(a, (as[i].set.nnodes ? as[i].set.nnodes : 1) * sizeof *v);
        for (size_t k = 0; k < as[i].set.nnodes; k++) v[k] = as[i].scores[k].value;
        if ((e = scores_read(w, a, r.tenant, &as[i], err))) break;
        for (size_t k = 0; k < as[i].set.nnodes; k++) as[i].scores[k].value = v[k];
        assemble(a, &as[i], true);
        idx[i] = as[i].index;
    }
    int *rank = arena_alloc(a, (n ? n : 1) * sizeof *rank);
    par_rank(idx, n, rank);
    for (size_t i = 0; !e && i < n; i++) {
        par_assessment *x = &as[i];
        for (size_t k = 0; !e && k < x->set.nnodes; k++) {
            const par_node *nd = &x->set.nodes[k];
            const par_score *sc = &x->scores[k];
            if (!nd->leaf) continue;
            e = store_exec(w, Q_PAR_SCORE_ENSURE, SV_ARGS(SV_T(r.tenant), SV_I(x->id), SV_T(nd->code)), NULL, err);
            bool hand = nd->method == PAR_SELF;
            if (!e)
                e = store_exec(w, Q_PAR_FINAL_SET,
                               SV_ARGS(hand ? SV_N : SV_I(sc->value.value), hand ? SV_N : SV_I(sc->value.na),
                                       SV_I(sc->points), SV_I(x->id), SV_T(nd->code), SV_T(r.tenant)),
                               NULL, err);
        }
        const char *head = NULL;
        if (!e) e = par_head_now(w, a, x->unit.id, &head, err);
        if (!e)
            e = store_exec(w, Q_PAR_ASSESS_FINAL,
                           SV_ARGS(SV_T(head), SV_I(x->points), SV_I(x->max), SV_I(x->index), SV_I(rank[i]),
                                   SV_T(x->band ? x->band->code : NULL), SV_I(x->id), SV_T(r.tenant)),
                           NULL, err);
        if (!e)
            e = journal_record(w, r.tenant, PAR_SUBJECT_ASSESSMENT, x->id, by, ACT_PAR_MANAGE, "par.final",
                               par_astate_name(x->state), "final", NULL,
                               arena_printf(a, "%s: %s/%s điểm, chỉ số %s%%, xếp thứ %d/%zu, %s", x->unit.name,
                                            points_text(a, x->points), points_text(a, x->max), points_text(a, x->index),
                                            rank[i], n, x->band ? x->band->label : "không xếp loại"),
                               now, err);
    }
    if (!e)
        e = journal_record(
            w, r.tenant, PAR_SUBJECT_ROUND, round_id, by, ACT_PAR_MANAGE, "par.finalise", "open", "final", NULL,
            arena_printf(a, "Công bố kết quả chỉ số CCHC năm %d của %zu %s", r.year, n, par_level_label(r.level)), now,
            err);
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err par_ranking(store_conn *c, arena *a, int64_t round_id, const char *tenant, mc_time now, par_set *set,
                   par_line **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    par_round r;
    unit_ref *units;
    size_t m;
    mc_err e = par_round_get(c, a, round_id, tenant, &r, err);
    if (!e) e = round_units(c, a, &r, &units, &m, err);
    if (!e) e = par_set_load(c, a, r.set_version, set, err);
    if (e) return e;
    par_line *v = arena_alloc(a, (m ? m : 1) * sizeof *v);
    int64_t *idx = arena_alloc(a, (m ? m : 1) * sizeof *idx);
    /* last year's final round of the level, for the change */
    par_round *rounds;
    size_t nr;
    if ((e = rounds_read(c, a, Q_PAR_ROUNDS_IN, SV_ARGS(SV_T(r.tenant)), &rounds, &nr, err))) return e;
    const par_round *prev = NULL;
    for (size_t i = 0; i < nr; i++)
        if (rounds[i].final && rounds[i].year == r.year - 1 && rounds[i].level == r.level &&
            !strcmp(rounds[i].tenant, r.tenant))
            prev = &rounds[i];
    for (size_t i = 0; i < m; i++) {
        par_assessment x;
        if ((e = par_assessment_load(c, a, round_id, units[i].code, now, &x, err))) return e;
        par_line *l = &v[i];
        *l = (par_line){.unit = x.unit,
                        .state = x.state,
                        .points = x.points,
                        .max = x.max,
                        .index = x.index,
                        .band = x.band,
                        .rank = x.rank,
                        .head_name = x.head_name};
        idx[i] = x.index;
        /* the domains' shares, strongest and weakest */
        l->domain_index = arena_alloc(a, (set->nnodes ? set->nnodes : 1) * sizeof *l->domain_index);
        int64_t best = -1, worst = 20000;
        size_t nd = 0;
        for (size_t k = 0; k < set->nnodes; k++) {
            if (set->nodes[k].depth != 0) continue;
            int64_t di = x.node_max[k] ? par_index_of(x.node_points[k], x.node_max[k]) : -1;
            l->domain_index[nd++] = di;
            if (di < 0) continue;
            if (di > best) best = di, l->best = set->nodes[k].code;
            if (di < worst) worst = di, l->worst = set->nodes[k].code;
        }
        /* every node's share (criteria too): the strongest and weakest criterion, and the province's means */
        l->node_index = arena_alloc(a, (set->nnodes ? set->nnodes : 1) * sizeof *l->node_index);
        int64_t cbest = -1, cworst = 20000;
        for (size_t k = 0; k < set->nnodes; k++) {
            int64_t ni = x.node_max[k] ? par_index_of(x.node_points[k], x.node_max[k]) : -1;
            l->node_index[k] = ni;
            if (set->nodes[k].depth != 1 || ni < 0) continue;
            if (ni > cbest) cbest = ni, l->best_criterion = set->nodes[k].code;
            if (ni < cworst) cworst = ni, l->worst_criterion = set->nodes[k].code;
        }
        if (prev) {
            par_assessment p;
            mc_error e2;
            if (par_assessment_load(c, a, prev->id, units[i].code, now, &p, &e2) == MC_OK) {
                l->has_prev = true;
                l->prev_index = p.index;
                l->prev_rank = p.rank;
            }
        }
    }
    if (!r.final) { /* provisional ranks */
        int *rank = arena_alloc(a, (m ? m : 1) * sizeof *rank);
        par_rank(idx, m, rank);
        for (size_t i = 0; i < m; i++) v[i].rank = rank[i];
    }
    /* by rank, then by unit path */
    for (size_t i = 1; i < m; i++)
        for (size_t k = i; k > 0 && (v[k].rank < v[k - 1].rank ||
                                     (v[k].rank == v[k - 1].rank && strcmp(v[k].unit.path, v[k - 1].unit.path) < 0));
             k--) {
            par_line t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    *out = v;
    *n = m;
    return MC_OK;
}
