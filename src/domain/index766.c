/* index766.c - computes the Decision 766 index of units from the store.
 *
 * The scope of a unit is its subtree. A dossier belongs to the unit competent for it (the one
 * judged for its result), and only root dossiers count: a dossier transferred by liên thông
 * counts once, in the unit it was first received for. "Active in the period" is as in report
 * II.06a: received before the end and not decided before the start. Dossiers still open are
 * judged as of min(end of the period, now). */
#include "index766.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "index766_months.h"
#include "legal_docs.h"
#include "portal_sync.h"
#include "ratings.h"
#include "stats_months.h"
#include "units.h"

static double round2(double x) {
    return round(x * 100.0) / 100.0;
}

bool index766_recorded(const int64_t m[I766_M_COUNT], i766_measure k, const char **why) {
    bool rec;
    index766_measure_name(k, &rec, why);
    /* Synced to the national portal: known once the province has a connection (portal_sync.h). */
    if (!rec && k == I766_M_SYNCED && m[k] >= 0) rec = true;
    if (rec && why) *why = NULL;
    return rec;
}

void index766_score(const i766_set *set, const int64_t m[I766_M_COUNT], i766_result *out) {
    memset(out, 0, sizeof *out);
    out->set = set;
    memcpy(out->m, m, sizeof out->m);
    out->ngroups = set->ngroups < I766_MAX_GROUPS ? set->ngroups : I766_MAX_GROUPS;
    for (size_t g = 0; g < out->ngroups; g++) out->groups[g].def = &set->groups[g];
    for (size_t i = 0; i < set->nindicators && out->nitems < I766_MAX_ITEMS; i++) {
        const i766_indicator *d = &set->indicators[i];
        i766_item *it = &out->items[out->nitems++];
        it->def = d;
        it->num = m[d->num];
        it->num2 = d->num2 ? m[d->num2] : 0;
        it->den = m[d->den];
        bool rec_num, rec_num2 = true, rec_den;
        const char *why_num, *why_num2 = NULL, *why_den;
        rec_num = index766_recorded(m, d->num, &why_num);
        if (d->num2) rec_num2 = index766_recorded(m, d->num2, &why_num2);
        rec_den = index766_recorded(m, d->den, &why_den);
        if (!rec_num || !rec_num2 || !rec_den) {
            it->status = I766_NOT_RECORDED;
            it->why = !rec_num ? why_num : !rec_num2 ? why_num2 : why_den;
            continue;
        }
        if (it->den <= 0) {
            it->status = I766_NO_DATA;
            it->why = "Không có dữ liệu trong kỳ (mẫu số bằng 0): không tính điểm.";
            continue;
        }
        it->status = I766_OK;
        double v;
        switch (d->rule) {
        case I766_AVERAGE: it->value = round2((double)it->num / (double)it->den / 86400.0); continue;
        case I766_COMPLEMENT:
            v = 100.0 - (double)(it->num + it->num2) * 100.0 / (double)it->den;
            if (v < 0) v = 0;
            break;
        case I766_RATIO:
        default: v = (double)it->num * 100.0 / (double)it->den; break;
        }
        it->value = round2(v);
        double t = d->threshold > 0 ? d->threshold : 100.0;
        it->points = round2(it->value >= t ? d->max : it->value * d->max / t);
        for (size_t g = 0; g < out->ngroups; g++)
            if (!strcmp(out->groups[g].def->key, d->group)) {
                out->groups[g].points += it->points;
                out->groups[g].max_available += d->max;
            }
    }
    for (size_t g = 0; g < out->ngroups; g++) {
        out->groups[g].points = round2(out->groups[g].points);
        out->points += out->groups[g].points;
        out->max_available += out->groups[g].max_available;
    }
    out->points = round2(out->points);
    /* A scope without a dossier in the period has nothing of its service to judge: its catalog
     * indicators are shown, but it gets no total, band or rank (a score from the catalog alone would
     * read as a verdict on a month without work). */
    out->score =
        out->max_available > 0 && m[I766_M_DOSSIERS] > 0 ? round2(out->points * 100.0 / out->max_available) : NAN;
    out->band = NULL;
    for (size_t b = 0; !isnan(out->score) && b < set->nbands; b++)
        if (out->score >= set->bands[b].from) {
            out->band = set->bands[b].name;
            break;
        }
}

/* ---- reading the store ---- */

/* A unit of the subtree, with the inputs counted for it alone. */
typedef struct {
    int64_t id;
    const char *code, *kind, *path;
    int64_t m[I766_M_COUNT];
    bool has_account; /* it or an ancestor collects fees on a bank account (VietQR) */
} unit_in;

/* A current procedure: what the catalog measures read of it. */
typedef struct {
    const char *code;
    const char **selectors;
    size_t nsel;
    bool online, fee, complete;
    size_t *used_by; /* indexes (into the units) where it had an online dossier in the period */
    size_t nused, capused;
} proc_in;

static unit_in *unit_of_id(unit_in *u, size_t n, int64_t id) {
    for (size_t i = 0; i < n; i++)
        if (u[i].id == id) return &u[i];
    return NULL;
}

static bool under(const char *path, const char *root) {
    return !strncmp(path, root, strlen(root));
}

static bool applies(const proc_in *p, const unit_in *u) {
    for (size_t k = 0; k < p->nsel; k++) {
        const char *s = p->selectors[k];
        if (!strncmp(s, "kind:", 5) ? !strcmp(s + 5, u->kind) : !strcmp(s, u->code)) return true;
    }
    return false;
}

static proc_in *proc_of(proc_in *p, size_t n, const char *code) {
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].code, code)) return &p[i];
    return NULL;
}

/* The current procedures with their unit selectors (Q_I766_PROCS: one row per selector). */
static mc_err read_procs(store_conn *c, arena *a, proc_in **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_I766_PROCS, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 64, cnt = 0;
    proc_in *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        const char *code = store_text(r, 0);
        proc_in *p = cnt ? proc_of(v + cnt - 1, 1, code) : NULL; /* rows come ordered by code */
        if (!p) {
            if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
            p = &v[cnt++];
            memset(p, 0, sizeof *p);
            p->code = arena_strdup(a, code);
            const char *online = store_text(r, 1);
            p->online = online && strcmp(online, "none") != 0;
            p->fee = store_int(r, 2) > 0;
            p->complete = store_int(r, 3) != 0;
            p->selectors = arena_alloc(a, 8 * sizeof *p->selectors);
        }
        if (p->nsel < 8) p->selectors[p->nsel++] = arena_strdup(a, store_text(r, 4));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

/* Records that procedure p had an online dossier in the unit of index ui. */
static void mark_used(arena *a, proc_in *p, size_t ui) {
    if (!p->capused) {
        p->capused = 8;
        p->used_by = arena_alloc(a, p->capused * sizeof *p->used_by);
    } else if (p->nused == p->capused) {
        p->used_by = arena_grow(a, p->used_by, &p->capused, sizeof *p->used_by);
    }
    p->used_by[p->nused++] = ui;
}

/* The columns of Q_I766_DOSSIERS and Q_I766M_SUMS after the unit and the procedure. */
static const i766_measure dossier_cols[] = {
    I766_M_DOSSIERS,  I766_M_ON_TIME,     I766_M_RECEIVED,       I766_M_ONLINE,
    I766_M_FEE,       I766_M_PAID_ONLINE, I766_M_RETURNED,       I766_M_E_RESULT,
    I766_M_DIGITISED, I766_M_DECIDED,     I766_M_DECIDED_SECONDS};

/* Adds the rows of Q_I766_DOSSIERS or Q_I766M_SUMS (r, freed here; NULL: the query failed) to their units, and
 * marks the procedures with an online dossier used in them. */
static mc_err add_rows(store_rows *r, arena *a, unit_in *u, size_t nu, proc_in *p, size_t np, mc_error *err) {
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        unit_in *x = unit_of_id(u, nu, store_int(r, 0));
        if (!x) continue;
        for (size_t i = 0; i < sizeof dossier_cols / sizeof dossier_cols[0]; i++)
            x->m[dossier_cols[i]] += store_int(r, (int)i + 2);
        proc_in *pr = store_int(r, 5) > 0 ? proc_of(p, np, store_text(r, 1)) : NULL; /* column 5: online */
        if (pr) mark_used(a, pr, (size_t)(x - u));
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* The dossier inputs per competent unit and procedure (Q_I766_DOSSIERS: see store_queries.def):
 * summed per unit, and the procedures with an online dossier marked used in it. */
static mc_err read_dossiers(store_conn *c, arena *a, const char *like, const char *tenant, mc_time f, mc_time t,
                            mc_time asof, unit_in *u, size_t nu, proc_in *p, size_t np, mc_error *err) {
    store_rows *r = store_query(c, Q_I766_DOSSIERS,
                                SV_ARGS(SV_I(t), SV_I(t), SV_I(asof), SV_I(asof), SV_I(f), SV_I(f), SV_I(f), SV_I(f),
                                        SV_T(tenant), SV_I(f), SV_I(t), SV_I(f), SV_I(t), SV_I(f), SV_T(tenant),
                                        SV_I(f), SV_I(t), SV_I(f), SV_I(t), SV_I(t), SV_I(f), SV_T(like), SV_T(tenant)),
                                err);
    return add_rows(r, a, u, nu, p, np, err);
}

/* The same inputs from the monthly sums (index766_months.h) for whole months [mf, mt), and the dossiers not
 * decided by the end t from the dossiers (on time at asof). */
static mc_err read_sums(store_conn *c, arena *a, const char *like, const char *tenant, int mf, int mt, mc_time t,
                        mc_time asof, unit_in *u, size_t nu, proc_in *p, size_t np, mc_error *err) {
    store_rows *r = store_query(c, Q_I766M_SUMS,
                                SV_ARGS(SV_I(mf), SV_I(mt), SV_I(mf), SV_I(mf), SV_I(mf), SV_I(mf), SV_I(mf), SV_I(mt),
                                        SV_I(mf), SV_I(mt), SV_I(mf), SV_I(mf), SV_I(mt), SV_I(mf), SV_I(mt), SV_I(mf),
                                        SV_I(mt), SV_T(like), SV_T(tenant)),
                                err);
    mc_err e = add_rows(r, a, u, nu, p, np, err);
    if (e) return e;
    int k;
    if (!(r = store_query(c, Q_I766M_OPEN, SV_ARGS(SV_I(asof), SV_I(asof), SV_I(t), SV_I(t), SV_T(like), SV_T(tenant)),
                          err)))
        return MC_ERR_STORE;
    while ((k = store_next(r, err)) == 1) {
        unit_in *x = unit_of_id(u, nu, store_int(r, 0));
        if (x) x->m[I766_M_ON_TIME] += store_int(r, 1);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* Whether [from, to] is whole local months, their yyyymm in *mf and the month after the last in *mt. */
static bool whole_months(mc_day from, mc_day to, int *mf, int *mt) {
    int y, m, d;
    day_to_ymd(from, &y, &m, &d);
    if (d != 1) return false;
    day_to_ymd(to + 1, &y, &m, &d);
    if (d != 1) return false;
    *mf = stats_month_of(from);
    *mt = stats_month_of(to + 1);
    return true;
}

/* Adds the synced dossiers of one competent unit (portal_synced_by_unit). */
typedef struct {
    unit_in *u;
    size_t n;
} synced_ctx;

static void add_synced(void *ctx, int64_t unit_id, int64_t n) {
    synced_ctx *x = ctx;
    unit_in *u = unit_of_id(x->u, x->n, unit_id);
    if (u) u->m[I766_M_SYNCED] += n;
}

static mc_err compute(store_conn *c, arena *a, const char *root_code, const char *root_path, mc_day from, mc_day to,
                      mc_time now, bool scan, i766_scope *scopes, size_t n, mc_error *err) {
    if (to < from)
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc kỳ phải sau ngày bắt đầu.", "to is before from.");
    if (to - from > 3660)
        return mc_fail(err, MC_ERR_INVALID, "to", "Kỳ đánh giá dài tối đa 10 năm.", "Period longer than 10 years.");
    mc_time f = time_from_local(from, 0), t = time_from_local(to + 1, 0);
    mc_time asof = now < t ? now : t;
    const char *like = arena_printf(a, "%s%%", root_path);

    org_unit *ou;
    size_t nu;
    mc_err e = units_list(c, a, root_code, &ou, &nu, err);
    if (e) return e;
    unit_in *u = arena_alloc(a, (nu ? nu : 1) * sizeof *u);
    for (size_t i = 0; i < nu; i++) {
        memset(&u[i], 0, sizeof u[i]);
        u[i] = (unit_in){.id = ou[i].id, .code = ou[i].code, .kind = ou[i].kind, .path = ou[i].path};
        unit_account acct;
        const char *owner;
        mc_error e2;
        u[i].has_account = units_account_get(c, a, ou[i].code, &acct, &owner, &e2) == MC_OK;
    }
    proc_in *p;
    size_t np;
    if ((e = read_procs(c, a, &p, &np, err))) return e;
    /* A procedure whose legal basis changed (a flag of the legal documents register open at asof) is not
     * published in full: its publication cites a document no longer as it was (1.3; docs/INDEX766.md). */
    ld_flag *fl;
    size_t nfl;
    const char *tenant = nu ? ou[0].tenant : "";
    if (nu && (e = legal_docs_flags(c, a, tenant, false, &fl, &nfl, err))) return e;
    for (size_t i = 0; nu && i < nfl; i++) {
        if (fl[i].flagged_at > asof || (fl[i].cleared_at && fl[i].cleared_at <= asof)) continue;
        proc_in *q = proc_of(p, np, fl[i].procedure_code);
        if (q) q->complete = false;
    }
    int mf, mt;
    if (!scan && whole_months(from, to, &mf, &mt) && index766_months_built(c, err))
        e = read_sums(c, a, like, tenant, mf, mt, t, asof, u, nu, p, np, err);
    else
        e = read_dossiers(c, a, like, tenant, f, t, asof, u, nu, p, np, err);
    if (e) return e;
    /* 1.4: the dossiers received whose creation the national portal acknowledged, once it has a connection. */
    bool connected = false;
    if (nu && (e = portal_connected(c, tenant, &connected, err))) return e;
    synced_ctx sx = {u, nu};
    if (connected && (e = portal_synced_by_unit(c, like, tenant, f, t, add_synced, &sx, err))) return e;
    rating_unit_row *rr;
    size_t nr;
    if ((e = ratings_by_unit(c, a, root_path, f, t, &rr, &nr, err))) return e;

    const i766_set *set = index766_set_at(from);
    for (size_t s = 0; s < n; s++) {
        i766_scope *sc = &scopes[s];
        int64_t m[I766_M_COUNT] = {0};
        /* Dossiers and ratings: the sum over the units of the scope's subtree. */
        for (size_t i = 0; i < nu; i++) {
            if (!under(u[i].path, sc->path)) continue;
            for (int k = 0; k < I766_M_COUNT; k++) m[k] += u[i].m[k];
        }
        for (size_t i = 0; i < nr; i++)
            for (size_t j = 0; j < nu; j++)
                if (!strcmp(u[j].code, rr[i].unit_code) && under(u[j].path, sc->path)) {
                    m[I766_M_RATINGS] += rr[i].n.total;
                    m[I766_M_DISLIKED] += rr[i].n.dissatisfied;
                    m[I766_M_SATISFIED] += rr[i].n.very_satisfied + rr[i].n.satisfied;
                }
        m[I766_M_LATE] = m[I766_M_DOSSIERS] - m[I766_M_ON_TIME];
        if (!connected) m[I766_M_SYNCED] = -1; /* not recorded: no connection to the portal yet */
        /* Feedback: the one computation of its figures, for the scope's subtree. */
        feedback_stats fs;
        if ((e = feedback_stats_of(c, sc->path, f, t, asof, &fs, err))) return e;
        m[I766_M_PAKN] = fs.first_received;
        m[I766_M_PAKN_ON_TIME] = fs.handled_on_time;
        m[I766_M_PAKN_SATISFIED] = fs.handled_satisfied;
        /* Procedures: those under the competence of some unit of the scope. */
        bool payable = false;
        for (size_t i = 0; i < nu; i++)
            if (!strcmp(u[i].path, sc->path)) payable = u[i].has_account;
        for (size_t j = 0; j < np; j++) {
            bool in = false;
            for (size_t i = 0; i < nu && !in; i++) in = under(u[i].path, sc->path) && applies(&p[j], &u[i]);
            if (!in) continue;
            m[I766_M_PROCS]++;
            m[I766_M_PROCS_COMPLETE] += p[j].complete;
            if (p[j].fee) {
                m[I766_M_PROCS_FEE]++;
                m[I766_M_PROCS_FEE_PAYABLE] += payable;
            }
            if (p[j].online) {
                m[I766_M_PROCS_ONLINE]++;
                bool used = false;
                for (size_t k = 0; k < p[j].nused && !used; k++) used = under(u[p[j].used_by[k]].path, sc->path);
                m[I766_M_PROCS_ONLINE_USED] += used;
            }
        }
        index766_score(set, m, &sc->r);
    }
    return MC_OK;
}

mc_err index766_compute(store_conn *c, arena *a, const char *root_code, const char *root_path, mc_day from, mc_day to,
                        mc_time now, i766_scope *scopes, size_t n, mc_error *err) {
    return compute(c, a, root_code, root_path, from, to, now, false, scopes, n, err);
}

mc_err index766_compute_scan(store_conn *c, arena *a, const char *root_code, const char *root_path, mc_day from,
                             mc_day to, mc_time now, i766_scope *scopes, size_t n, mc_error *err) {
    return compute(c, a, root_code, root_path, from, to, now, true, scopes, n, err);
}

/* ---- the dossiers that cost points ---- */

static const struct {
    const char *indicator;
    store_qid q;
} cost_queries[] = {
    {"2.1", Q_I766_COST_LATE},     {"5.4", Q_I766_COST_LATE},         {"3.3", Q_I766_COST_NOT_ONLINE},
    {"3.6", Q_I766_COST_NOT_PAID}, {"4.1", Q_I766_COST_NOT_E_RESULT}, {"4.2", Q_I766_COST_NOT_DIGITISED},
};

bool index766_costs_known(const char *indicator) {
    for (size_t i = 0; indicator && i < sizeof cost_queries / sizeof cost_queries[0]; i++)
        if (!strcmp(cost_queries[i].indicator, indicator)) return true;
    return false;
}

mc_err index766_costs(store_conn *c, arena *a, const char *unit_path, const char *indicator, mc_day from, mc_day to,
                      mc_time now, size_t limit, i766_cost **out, size_t *n, bool *more, mc_error *err) {
    size_t qi = 0;
    while (qi < sizeof cost_queries / sizeof cost_queries[0] && strcmp(cost_queries[qi].indicator, indicator)) qi++;
    if (qi == sizeof cost_queries / sizeof cost_queries[0])
        return mc_failf(err, MC_ERR_INVALID, "indicator",
                        "Chỉ tiêu %s không tính theo từng hồ sơ; chọn 2.1, 3.3, 3.6, 4.1, 4.2 hoặc 5.4.",
                        "Indicator %s is not counted per dossier.", indicator);
    if (to < from)
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc kỳ phải sau ngày bắt đầu.", "to is before from.");
    mc_time f = time_from_local(from, 0), t = time_from_local(to + 1, 0);
    mc_time asof = now < t ? now : t;
    const char *like = arena_printf(a, "%s%%", unit_path);
    char tenant[UNITS_TENANT_MAX];
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (e) return e;
    store_val args[] = {SV_I(t),
                        SV_I(f),
                        SV_T(like),
                        SV_T(tenant),
                        SV_I(t),
                        SV_I(t),
                        SV_I(asof),
                        SV_I(asof),
                        SV_I(f),
                        SV_I(t),
                        SV_I((int64_t)limit + 1)};
    /* Each query takes the scope (t, f, like, tenant), then what it needs of (t, t, asof, asof), (f) or (f, t), then
     * the limit (store_queries.def). 5.4 lists the late dossiers only: listing the dossiers rated "Không hài lòng"
     * would tie a rating to an applicant. */
    store_val *use;
    int nuse;
    store_val late[] = {args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[10]};
    store_val recv[] = {args[0], args[1], args[2], args[3], args[8], args[10]};
    store_val ret[] = {args[0], args[1], args[2], args[3], args[8], args[9], args[10]};
    /* paid and digitised: their sub-query on the journal or the files takes the tenant again */
    store_val sub[] = {args[0], args[1], args[2], args[3], args[8], args[3], args[10]};
    store_qid q = cost_queries[qi].q;
    if (q == Q_I766_COST_LATE)
        use = late, nuse = 9;
    else if (q == Q_I766_COST_NOT_E_RESULT)
        use = ret, nuse = 7;
    else if (q == Q_I766_COST_NOT_PAID || q == Q_I766_COST_NOT_DIGITISED)
        use = sub, nuse = 7;
    else
        use = recv, nuse = 6;
    store_rows *r = store_query(c, q, use, nuse, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    i766_cost *v = arena_alloc(a, cap * sizeof *v);
    *more = false;
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == limit) {
            *more = true;
            continue;
        }
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        i766_cost *x = &v[cnt++];
        x->code = arena_strdup(a, store_text(r, 0));
        x->procedure = arena_strdup(a, store_text(r, 1));
        x->unit_code = arena_strdup(a, store_text(r, 2));
        x->received_at = store_int(r, 3);
        x->due_at = store_int(r, 4);
        x->decided_at = store_int(r, 5);
        int64_t supplements = store_int(r, 6);
        const char *why;
        if (q == Q_I766_COST_LATE)
            why = supplements > 1                      ? "Yêu cầu bổ sung hồ sơ quá một lần"
                  : x->decided_at && x->decided_at < t ? "Giải quyết quá hạn"
                                                       : "Đang giải quyết, đã quá hạn";
        else if (q == Q_I766_COST_NOT_ONLINE)
            why = "Nộp trực tiếp hoặc qua bưu chính";
        else if (q == Q_I766_COST_NOT_PAID)
            why = "Phí, lệ phí chưa nộp bằng chuyển khoản được đối soát";
        else if (q == Q_I766_COST_NOT_E_RESULT)
            why = "Trả kết quả bản giấy";
        else
            why = "Không có thành phần hồ sơ nào được số hóa";
        x->why = why;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}
