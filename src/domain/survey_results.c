/* survey_results.c - the one computation of a SIPAS campaign's results (survey_results.h). */
#include "survey_results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

/* Mean, sample standard deviation and interval of n values (fractions 0..1), as 0..100. center: the
 * point the interval is around (the mean itself for an element; the weighted index for overall). */
static void stat_of(const double *v, size_t stride, size_t count, survey_stat *st) {
    double sum = 0;
    int64_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (!isnan(v[i * stride])) {
            sum += v[i * stride];
            n++;
        }
    memset(st, 0, sizeof *st);
    st->n = n;
    if (!n) return;
    double mean = sum / (double)n, ss = 0;
    for (size_t i = 0; i < count; i++)
        if (!isnan(v[i * stride])) ss += (v[i * stride] - mean) * (v[i * stride] - mean);
    st->index = 100 * mean;
    if (n >= 2) {
        st->sd = 100 * sqrt(ss / (double)(n - 1));
        st->has_ci = true;
    }
}

static void interval(survey_stat *st, double center) {
    if (!st->has_ci) {
        st->lo = st->hi = 0;
        return;
    }
    double half = 1.96 * st->sd / sqrt((double)st->n);
    st->lo = center - half < 0 ? 0 : center - half;
    st->hi = center + half > 100 ? 100 : center + half;
}

void surveys_result_group(arena *a, const survey_form *form, const char *const *scores, size_t n, int64_t min_answers,
                          survey_unit_result *out) {
    size_t ne = form->nel, ni = form->nitems;
    out->respondents = (int64_t)n;
    out->elements = arena_alloc(a, ne * sizeof *out->elements);
    out->items = arena_alloc(a, ni * sizeof *out->items);
    memset(out->items, 0, ni * sizeof *out->items);
    /* Per respondent: a score per element (NaN: none), then the overall score. */
    double *sc = arena_alloc(a, (n ? n : 1) * (ne + 1) * sizeof *sc);
    int64_t *ans = arena_alloc(a, ne * sizeof *ans), *sat = arena_alloc(a, ne * sizeof *sat);
    for (size_t r = 0; r < n; r++) {
        memset(ans, 0, ne * sizeof *ans);
        memset(sat, 0, ne * sizeof *sat);
        const char *s = scores[r];
        size_t len = strlen(s);
        for (size_t i = 0; i < ni && i < len; i++) {
            if (s[i] < '1' || s[i] > '0' + SURVEY_SCALE) continue;
            int v = s[i] - '0';
            int e = form->items[i].element;
            ans[e]++;
            out->items[i].answers++;
            out->items[i].count[v - 1]++;
            if (v >= SURVEY_SATISFIED_FROM) {
                sat[e]++;
                out->items[i].satisfied++;
            }
        }
        double *row = sc + r * (ne + 1), wsum = 0, wx = 0;
        for (size_t e = 0; e < ne; e++) {
            row[e] = ans[e] ? (double)sat[e] / (double)ans[e] : NAN;
            if (ans[e]) {
                wsum += form->elements[e].weight;
                wx += form->elements[e].weight * row[e];
            }
        }
        row[ne] = wsum > 0 ? wx / wsum : NAN;
    }
    for (size_t i = 0; i < ni; i++)
        out->items[i].share =
            out->items[i].answers ? 100.0 * (double)out->items[i].satisfied / (double)out->items[i].answers : 0;
    double wsum = 0, wx = 0;
    for (size_t e = 0; e < ne; e++) {
        stat_of(sc + e, ne + 1, n, &out->elements[e]);
        interval(&out->elements[e], out->elements[e].index);
        if (out->elements[e].n) {
            wsum += form->elements[e].weight;
            wx += form->elements[e].weight * out->elements[e].index;
        }
    }
    stat_of(sc + ne, ne + 1, n, &out->overall);
    out->overall.index = wsum > 0 ? wx / wsum : 0; /* the weighted element indices; the spread is the respondents' */
    interval(&out->overall, out->overall.index);
    out->enough = (int64_t)n >= min_answers;
    out->rank = 0;
}

/* Units in results order: ranked (enough answers) by overall index, highest first, then the marked ones;
 * each group by tree path. */
static int by_result(const void *pa, const void *pb) {
    const survey_unit_result *x = pa, *y = pb;
    if (x->enough != y->enough) return x->enough ? -1 : 1;
    if (x->enough) {
        double dx = round(x->overall.index * 100), dy = round(y->overall.index * 100);
        if (dx != dy) return dx > dy ? -1 : 1;
    }
    return strcmp(x->unit_path, y->unit_path);
}

typedef struct {
    int64_t id;
    const char *code, *name, *path;
    const char **scores;
    size_t n, cap;
} group;

mc_err surveys_result(store_conn *c, arena *a, int64_t campaign_id, const char *unit_path, survey_result *out,
                      mc_error *err) {
    memset(out, 0, sizeof *out);
    char tenant[UNITS_TENANT_MAX];
    mc_err e = surveys_get_in(c, a, campaign_id, units_tenant_or_null(c, unit_path, tenant), &out->campaign, err);
    if (!e) e = surveys_questionnaire_get(c, a, out->campaign.questionnaire, &out->form, NULL, err);
    if (e) return e;
    const char *path = unit_path ? unit_path : out->campaign.unit_path;
    const char *like = arena_printf(a, "%s%%", path);
    size_t ng = 0, capg = 8;
    group *g = arena_alloc(a, capg * sizeof *g);
    size_t nall = 0, capall = 64;
    const char **all = arena_alloc(a, capall * sizeof *all);
    store_rows *r = store_query(c, Q_SURVEY_RESPONSES, SV_ARGS(SV_I(campaign_id), SV_T(like), SV_T(out->campaign.tenant)), err);
    if (!r) return err->code;
    int k;
    while ((k = store_next(r, err)) == 1) {
        int64_t uid = store_int(r, 0);
        if (!ng || g[ng - 1].id != uid) { /* rows come by unit path: one unit's rows together */
            if (ng == capg) g = arena_grow(a, g, &capg, sizeof *g);
            g[ng++] = (group){uid,
                              arena_strdup(a, store_text(r, 1)),
                              arena_strdup(a, store_text(r, 2)),
                              arena_strdup(a, store_text(r, 3)),
                              NULL,
                              0,
                              16};
            g[ng - 1].scores = arena_alloc(a, 16 * sizeof *g[ng - 1].scores);
        }
        group *cur = &g[ng - 1];
        const char *s = arena_strdup(a, store_text(r, 4));
        if (cur->n == cur->cap) cur->scores = arena_grow(a, cur->scores, &cur->cap, sizeof *cur->scores);
        cur->scores[cur->n++] = s;
        if (nall == capall) all = arena_grow(a, all, &capall, sizeof *all);
        all[nall++] = s;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    /* Units drawn but not (yet) answered: shown, marked. */
    r = store_query(c, Q_SURVEY_INVITE_UNITS, SV_ARGS(SV_I(campaign_id), SV_T(like), SV_T(out->campaign.tenant)), err);
    if (!r) return err->code;
    while ((k = store_next(r, err)) == 1) {
        int64_t uid = store_int(r, 0);
        bool have = false;
        for (size_t i = 0; i < ng && !have; i++) have = g[i].id == uid;
        if (have) continue;
        if (ng == capg) g = arena_grow(a, g, &capg, sizeof *g);
        g[ng++] = (group){uid,
                          arena_strdup(a, store_text(r, 1)),
                          arena_strdup(a, store_text(r, 2)),
                          arena_strdup(a, store_text(r, 3)),
                          NULL,
                          0,
                          0};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;

    int64_t min = out->campaign.min_answers;
    surveys_result_group(a, &out->form, all, nall, min, &out->scope);
    org_unit su;
    if (!strcmp(path, out->campaign.unit_path)) {
        out->scope.unit_id = out->campaign.unit_id;
        out->scope.unit_code = out->campaign.unit_code;
        out->scope.unit_name = out->campaign.unit_name;
    } else {
        /* path is "/id/.../id/": its last id is the unit's */
        const char *end = path + strlen(path) - 1, *p = end;
        while (p > path && p[-1] != '/') p--;
        int64_t uid = strtoll(p, NULL, 10);
        if (uid > 0 && units_get_id(c, a, uid, &su, err) == MC_OK) {
            out->scope.unit_id = su.id;
            out->scope.unit_code = su.code;
            out->scope.unit_name = su.name;
        }
    }
    out->scope.unit_path = path;
    out->units = arena_alloc(a, (ng ? ng : 1) * sizeof *out->units);
    out->nunits = ng;
    for (size_t i = 0; i < ng; i++) {
        survey_unit_result *u = &out->units[i];
        surveys_result_group(a, &out->form, g[i].scores, g[i].n, min, u);
        u->unit_id = g[i].id;
        u->unit_code = g[i].code;
        u->unit_name = g[i].name;
        u->unit_path = g[i].path;
    }
    qsort(out->units, ng, sizeof *out->units, by_result);
    int rank = 0;
    for (size_t i = 0; i < ng && out->units[i].enough; i++) {
        if (i == 0 || round(out->units[i].overall.index * 100) != round(out->units[i - 1].overall.index * 100))
            rank = (int)i + 1;
        out->units[i].rank = rank;
    }
    return MC_OK;
}
