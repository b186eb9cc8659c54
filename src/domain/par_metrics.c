/* par_metrics.c - the values of the PAR INDEX's computed and survey criteria (parindex.h): each
 * metric is read from the one computation of its figure, once per unit however many leaves name it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "index766.h"
#include "inspections.h"
#include "legal_docs.h"
#include "parindex.h"
#include "reports.h"
#include "stats.h"
#include "survey_results.h"
#include "tasks.h"

/* The sources of one unit, each computed on first use. */
typedef struct {
    store_conn *c;
    arena *a;
    const org_unit *u;
    int year;
    mc_day from, to;
    mc_time now, t0, t1, asof;
    int64_t campaign;
    bool have_06a, have_766, have_fb, have_tasks, have_insp, have_ld, have_rep, have_sipas;
    stats_row tot06a;
    i766_scope s766;
    feedback_stats fb;
    tasks_stats ts;
    insp_stats_row insp;
    ld_stats_row ld;
    int rep_due, rep_on_time;
    survey_result sipas;
    bool sipas_none;
} sources;

/* A share num / den in hundredths of a percent, or N/A when den is 0. */
static par_value share(arena *a, int64_t num, int64_t den, const char *what) {
    par_value v = {.num = num, .den = den};
    if (den <= 0) {
        v.na = true;
        v.formula = arena_printf(a, "Không có %s trong năm: không áp dụng", what);
        return v;
    }
    v.value = (num * 10000 * 2 + den) / (2 * den);
    v.formula = arena_printf(a, "%lld / %lld %s", (long long)num, (long long)den, what);
    return v;
}

static mc_err need_06a(sources *s, mc_error *err) {
    if (s->have_06a) return MC_OK;
    stats_row *rows;
    size_t n;
    mc_err e = stats_ii06a(s->c, s->a, s->u->path, s->from, s->to, s->now, STATS_BY_UNIT, &rows, &n, &s->tot06a, err);
    s->have_06a = !e;
    return e;
}

static mc_err need_766(sources *s, mc_error *err) {
    if (s->have_766) return MC_OK;
    s->s766 = (i766_scope){.code = s->u->code, .name = s->u->name, .kind = s->u->kind, .path = s->u->path};
    mc_err e = index766_compute(s->c, s->a, s->u->code, s->u->path, s->from, s->to, s->now, &s->s766, 1, err);
    s->have_766 = !e;
    return e;
}

static mc_err need_sipas(sources *s, mc_error *err) {
    if (s->have_sipas) return MC_OK;
    s->have_sipas = true;
    s->sipas_none = !s->campaign;
    if (s->sipas_none) return MC_OK;
    mc_err e = surveys_result(s->c, s->a, s->campaign, s->u->path, &s->sipas, err);
    if (e == MC_ERR_NOT_FOUND) {
        s->sipas_none = true;
        return MC_OK;
    }
    return e;
}

/* The value of one metric key for the unit. */
static mc_err value_of(sources *s, const char *key, par_value *out, mc_error *err) {
    mc_err e = MC_OK;
    arena *a = s->a;
    if (!strcmp(key, "dossiers_on_time")) {
        if ((e = need_06a(s, err))) return e;
        *out = share(a, s->tot06a.early + s->tot06a.on_time, s->tot06a.resolved,
                     "hồ sơ đã giải quyết trước hạn, đúng hạn");
    } else if (!strcmp(key, "i766") || !strncmp(key, "i766:", 5)) {
        if ((e = need_766(s, err))) return e;
        const i766_result *r = &s->s766.r;
        if (!key[4]) {
            *out = (par_value){.na = isnan(r->score)};
            out->value = out->na ? 0 : llround(r->score * 100.0);
            out->formula = out->na ? "Không có hồ sơ hoặc chỉ tiêu để chấm trong năm: không áp dụng"
                                   : arena_printf(a, "Chỉ số 766 của năm: %.2f / 100 điểm", r->score);
            return MC_OK;
        }
        *out = (par_value){.na = true, .formula = "Chỉ tiêu không có trong bộ công thức 766 của năm: không áp dụng"};
        for (size_t i = 0; i < r->nitems; i++) {
            const i766_item *it = &r->items[i];
            if (strcmp(it->def->id, key + 5) != 0) continue;
            if (it->status != I766_OK) {
                out->formula = arena_printf(a, "%s: không áp dụng", it->why ? it->why : "không có số liệu");
                break;
            }
            *out = (par_value){.value = llround(it->value * 100.0), .num = it->num, .den = it->den};
            out->formula = arena_printf(a, "Chỉ tiêu %s \"%s\": %lld / %lld", it->def->id, it->def->name,
                                        (long long)it->num, (long long)it->den);
            break;
        }
    } else if (!strncmp(key, "i766_group:", 11)) {
        if ((e = need_766(s, err))) return e;
        *out = (par_value){.na = true, .formula = "Nhóm không có chỉ tiêu nào có số liệu trong năm: không áp dụng"};
        const i766_result *r = &s->s766.r;
        for (size_t i = 0; i < r->ngroups; i++) {
            const i766_group_result *g = &r->groups[i];
            if (strcmp(g->def->key, key + 11) != 0 || g->max_available <= 0) continue;
            *out = (par_value){.value = llround(10000.0 * g->points / g->max_available)};
            out->formula = arena_printf(a, "Nhóm \"%s\" của chỉ số 766: %.2f / %.2f điểm có số liệu", g->def->name,
                                        g->points, g->max_available);
        }
    } else if (!strcmp(key, "ratings_satisfied")) {
        if ((e = need_766(s, err))) return e;
        *out = share(a, s->s766.r.m[I766_M_SATISFIED], s->s766.r.m[I766_M_RATINGS],
                     "đánh giá \"Hài lòng\" hoặc \"Rất hài lòng\" của người nhận kết quả");
    } else if (!strcmp(key, "feedback_on_time")) {
        if (!s->have_fb && (e = feedback_stats_of(s->c, s->u->path, s->t0, s->t1, s->asof, &s->fb, err))) return e;
        s->have_fb = true;
        *out = share(a, s->fb.answered_on_time, s->fb.answered_on_time + s->fb.answered_late + s->fb.overdue,
                     "phản ánh, kiến nghị đến hạn trả lời được trả lời đúng hạn");
    } else if (!strcmp(key, "tasks_on_time")) {
        if (!s->have_tasks && (e = tasks_stats_of(s->c, s->u->path, s->t0, s->t1, s->asof, &s->ts, err))) return e;
        s->have_tasks = true;
        *out = share(a, s->ts.done_on_time, s->ts.done_on_time + s->ts.done_late + s->ts.overdue,
                     "nhiệm vụ đến hạn hoàn thành đúng hạn");
    } else if (!strcmp(key, "findings_remedied")) {
        if (!s->have_insp) {
            insp_stats_row *rows;
            size_t n;
            if ((e = inspections_stats(s->c, a, s->u->path, s->from, s->to, s->now, &rows, &n, &s->insp, err)))
                return e;
            s->have_insp = true;
        }
        *out = share(a, s->insp.closed_on_time, s->insp.closed_on_time + s->insp.closed_late + s->insp.overdue,
                     "phát hiện đến hạn khắc phục xong đúng hạn");
    } else if (!strcmp(key, "legal_reviewed")) {
        if (!s->have_ld) {
            ld_stats_row *rows;
            size_t n;
            if ((e = legal_docs_stats(s->c, a, s->u->tenant, s->u->path, s->from, s->to, &rows, &n, &s->ld, err)))
                return e;
            s->have_ld = true;
        }
        int64_t n = s->ld.reviewed + s->ld.self_checked;
        *out = (par_value){.value = n * 100};
        out->formula = arena_printf(a, "%lld văn bản rà soát, %lld văn bản tự kiểm tra trong năm",
                                    (long long)s->ld.reviewed, (long long)s->ld.self_checked);
    } else if (!strcmp(key, "reports_on_time")) {
        if (!s->have_rep &&
            (e = reports_on_time_of(s->c, s->u->id, s->year, s->asof, &s->rep_due, &s->rep_on_time, err)))
            return e;
        s->have_rep = true;
        *out = share(a, s->rep_on_time, s->rep_due, "báo cáo CCHC định kỳ đến hạn gửi đúng hạn");
    } else if (!strcmp(key, "sipas") || !strncmp(key, "sipas:", 6)) {
        if ((e = need_sipas(s, err))) return e;
        *out = (par_value){.na = true};
        if (s->sipas_none) {
            out->formula = "Chưa có đợt khảo sát SIPAS của năm cho vòng đánh giá: không áp dụng";
            return MC_OK;
        }
        const survey_unit_result *r = &s->sipas.scope;
        if (!r->enough) {
            out->formula = arena_printf(a, "%lld phiếu, chưa đủ %d phiếu tối thiểu: không áp dụng",
                                        (long long)r->respondents, s->sipas.form.min_answers);
            return MC_OK;
        }
        const survey_stat *st = &r->overall;
        const char *what = "chung";
        if (key[5]) {
            size_t k = (size_t)atoi(key + 6) - 1;
            if (k >= s->sipas.form.nel) {
                out->formula = "Bảng hỏi không có yếu tố này: không áp dụng";
                return MC_OK;
            }
            st = &r->elements[k];
            what = s->sipas.form.elements[k].name;
        }
        *out = (par_value){.value = llround(st->index * 100.0), .num = st->n};
        out->formula = arena_printf(a, "Chỉ số hài lòng (%s) %.2f%% từ %lld phiếu của đợt khảo sát số %lld", what,
                                    st->index, (long long)st->n, (long long)s->campaign);
    } else {
        *out = (par_value){.na = true, .formula = "Chỉ số không xác định: không áp dụng"};
    }
    return MC_OK;
}

static void sources_init(sources *s, store_conn *c, arena *a, const org_unit *u, int year, int64_t campaign_id,
                         mc_time now) {
    *s = (sources){.c = c, .a = a, .u = u, .year = year, .now = now, .campaign = campaign_id};
    s->from = day_from_ymd(year, 1, 1);
    s->to = day_from_ymd(year, 12, 31);
    s->t0 = time_from_local(s->from, 0);
    s->t1 = time_from_local(s->to + 1, 0);
    s->asof = now < s->t1 ? now : s->t1;
}

mc_err par_metrics_unit(store_conn *c, arena *a, const par_set *set, const org_unit *u, int year, int64_t campaign_id,
                        mc_time now, par_value *out, mc_error *err) {
    sources s;
    sources_init(&s, c, a, u, year, campaign_id, now);
    for (size_t i = 0; i < set->nnodes; i++) {
        const par_node *n = &set->nodes[i];
        if (!n->leaf || n->method == PAR_SELF) continue;
        mc_err e = value_of(&s, n->metric, &out[i], err);
        if (e) return e;
    }
    return MC_OK;
}

mc_err par_metrics_keys(store_conn *c, arena *a, const org_unit *u, int year, int64_t campaign_id, mc_time now,
                        const char *const *keys, size_t n, par_value *out, mc_error *err) {
    sources s;
    sources_init(&s, c, a, u, year, campaign_id, now);
    for (size_t i = 0; i < n; i++) {
        mc_err e = value_of(&s, keys[i], &out[i], err);
        if (e) return e;
    }
    return MC_OK;
}
