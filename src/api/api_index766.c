/* api_index766.c - /api/v1/index766: the Decision 766 index of a unit, the ranking of units,
 * the dossiers that cost points, the formula sets; and the public board's figures. Every
 * figure comes from index766_compute(); the pages render these answers. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "csv.h"
#include "index766.h"
#include "ratings.h"
#include "timeutil.h"
#include "units.h"
#include "xlsx.h"

/* 2 decimals with a decimal comma, as Vietnamese write them ("83,25"); "—" for none. */
static const char *num_vn(arena *a, double x) {
    if (isnan(x)) return "—";
    char *s = arena_printf(a, "%.2f", x);
    char *dot = strchr(s, '.');
    if (dot) *dot = ',';
    return s;
}

static json_t *real_or_null(double x) {
    return isnan(x) ? json_null() : json_real(x);
}

static const char *status_key(i766_status s) {
    return s == I766_OK ? "ok" : s == I766_NO_DATA ? "no_data" : "not_recorded";
}

static json_t *input_json(const i766_result *res, i766_measure m) {
    if (!m) return json_null();
    const char *name = index766_measure_name(m, NULL, NULL);
    bool rec = index766_recorded(res->m, m, NULL);
    return json_pack("{s:s, s:s, s:o, s:b}", "key", index766_measure_key(m), "name", name, "value",
                     rec ? json_integer(res->m[m]) : json_null(), "recorded", rec);
}

static json_t *item_json(arena *a, const i766_result *res, const i766_item *it) {
    const i766_indicator *d = it->def;
    bool ok = it->status == I766_OK;
    double lost = ok ? d->max - it->points : NAN;
    json_t *o =
        json_pack("{s:s, s:s, s:f, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", d->id, "name", d->name, "max", d->max,
                  "formula", d->formula, "evidence", d->evidence, "status", status_key(it->status), "value",
                  ok ? json_real(it->value) : json_null(), "points", ok ? json_real(it->points) : json_null(),
                  "threshold", d->threshold > 0 ? json_real(d->threshold) : json_null(), "inputs",
                  json_pack("{s:o, s:o, s:o}", "numerator", input_json(res, d->num), "numerator2",
                            input_json(res, d->num2), "denominator", input_json(res, d->den)));
    json_object_set_new(o, "unit", json_string(d->rule == I766_AVERAGE ? "days" : "percent"));
    if (it->why) json_object_set_new(o, "why", json_string(it->why));
    /* For people: the figures as written in Vietnamese. */
    json_object_set_new(o, "value_text",
                        json_string(!ok                       ? "N/A"
                                    : d->rule == I766_AVERAGE ? arena_printf(a, "%s ngày", num_vn(a, it->value))
                                                              : arena_printf(a, "%s%%", num_vn(a, it->value))));
    json_object_set_new(o, "points_text", json_string(ok && d->max > 0 ? num_vn(a, it->points) : "—"));
    json_object_set_new(o, "max_text", json_string(d->max > 0 ? num_vn(a, d->max) : "—"));
    json_object_set_new(o, "lost", ok && lost > 0.005 ? json_real(lost) : json_null());
    json_object_set_new(o, "costs", json_boolean(ok && lost > 0.005 && index766_costs_known(d->id)));
    return o;
}

/* The whole result of one scope, group by group. */
static json_t *result_json(arena *a, const i766_result *res) {
    json_t *groups = json_array();
    for (size_t g = 0; g < res->ngroups; g++) {
        const i766_group_result *gr = &res->groups[g];
        json_t *items = json_array();
        for (size_t i = 0; i < res->nitems; i++)
            if (!strcmp(res->items[i].def->group, gr->def->key))
                json_array_append_new(items, item_json(a, res, &res->items[i]));
        json_array_append_new(
            groups, json_pack("{s:s, s:s, s:f, s:f, s:f, s:s, s:s, s:s, s:o}", "key", gr->def->key, "name",
                              gr->def->name, "max", gr->def->max, "points", gr->points, "max_available",
                              gr->max_available, "points_text", num_vn(a, gr->points), "max_available_text",
                              num_vn(a, gr->max_available), "max_text", num_vn(a, gr->def->max), "items", items));
    }
    json_t *inputs = json_object();
    for (int m = 1; m < I766_M_COUNT; m++) {
        if (index766_recorded(res->m, (i766_measure)m, NULL))
            json_object_set_new(inputs, index766_measure_key((i766_measure)m), json_integer(res->m[m]));
    }
    return json_pack("{s:o, s:f, s:f, s:o, s:s, s:s, s:s, s:o, s:o}", "score", real_or_null(res->score), "points",
                     res->points, "max_available", res->max_available, "band",
                     res->band ? json_string(res->band) : json_null(), "score_text", num_vn(a, res->score),
                     "points_text", num_vn(a, res->points), "max_available_text", num_vn(a, res->max_available),
                     "groups", groups, "inputs", inputs);
}

static json_t *set_json(const i766_set *s) {
    return json_pack("{s:s, s:s, s:s}", "version", s->version, "effective_from", s->effective_from, "source",
                     s->source);
}

static json_t *period_json(mc_day from, mc_day to) {
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return json_pack("{s:s, s:s}", "from", f, "to", t);
}

mc_err api_index766(api_req *r, mc_error *err) {
    org_unit unit;
    mc_day from, to;
    mc_err e = api_report_unit(r, &unit, err);
    if (!e) e = api_report_period(r, &from, &to, err);
    if (e) return e;
    i766_scope sc = {unit.code, unit.name, unit.kind, unit.path, {0}};
    if ((e = index766_compute(store_reader(r->app->st), r->a, unit.code, unit.path, from, to, time_now(), &sc, 1, err)))
        return e;
    json_t *o = result_json(r->a, &sc.r);
    json_object_update_new(o, period_json(from, to));
    json_object_set_new(o, "unit", json_pack("{s:s, s:s}", "code", unit.code, "name", unit.name));
    json_object_set_new(o, "set", set_json(sc.r.set));
    return api_reply(r, 200, o);
}

/* ---- ranking ---- */

typedef struct {
    org_unit unit;
    mc_day from, to;
    i766_scope *s;
    size_t n;
} ranking;

static int by_score(const void *x, const void *y) {
    const i766_scope *a = x, *b = y;
    bool na = isnan(a->r.score), nb = isnan(b->r.score);
    if (na != nb) return na ? 1 : -1;
    if (!na && a->r.score != b->r.score) return a->r.score > b->r.score ? -1 : 1;
    return strcmp(a->code, b->code);
}

/* True when `kind` is one of the comma-separated `kinds`. */
static bool kind_in(const char *kind, const char *kinds) {
    size_t n = strlen(kind);
    for (const char *p = kinds; p && *p;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == n && !strncmp(p, kind, n)) return true;
        p = q ? q + 1 : NULL;
    }
    return false;
}

/* The units ranked under `root`: those whose kind is in `kinds` (comma-separated) in its
 * subtree, or else its direct sub-units; units closed before the period are left out. */
static mc_err rank(store_conn *c, arena *a, const org_unit *root, const char *kinds, mc_day from, mc_day to,
                   i766_scope **out, size_t *n, mc_error *err) {
    org_unit *all;
    size_t na;
    mc_err e = units_list(c, a, root->code, &all, &na, err);
    if (e) return e;
    char start[11];
    day_format(from, start);
    i766_scope *s = arena_alloc(a, (na ? na : 1) * sizeof *s);
    size_t k = 0;
    for (size_t i = 0; i < na; i++) {
        if (all[i].active_to && *all[i].active_to && strcmp(all[i].active_to, start) < 0) continue;
        bool take = kinds && *kinds ? kind_in(all[i].kind, kinds) && strcmp(all[i].code, root->code)
                                    : all[i].parent_code && !strcmp(all[i].parent_code, root->code) &&
                                          !units_kind_outside_one_stop(all[i].kind);
        if (take) s[k++] = (i766_scope){all[i].code, all[i].name, all[i].kind, all[i].path, {0}};
    }
    if ((e = index766_compute(c, a, root->code, root->path, from, to, time_now(), s, k, err))) return e;
    qsort(s, k, sizeof *s, by_score);
    *out = s;
    *n = k;
    return MC_OK;
}

static mc_err ranking_of(api_req *r, ranking *rk, mc_error *err) {
    mc_err e = api_report_unit(r, &rk->unit, err);
    if (!e) e = api_report_period(r, &rk->from, &rk->to, err);
    if (e) return e;
    return rank(store_reader(r->app->st), r->a, &rk->unit, api_query(r, "kind"), rk->from, rk->to, &rk->s, &rk->n, err);
}

/* Ranks with ties sharing a rank; 0 for a unit with nothing to score (not ranked). */
static int rank_of(const i766_scope *s, size_t i) {
    if (isnan(s[i].r.score)) return 0;
    size_t k = i;
    while (k > 0 && s[k - 1].r.score == s[i].r.score) k--;
    return (int)k + 1;
}

static json_t *ranking_json(arena *a, const i766_scope *s, size_t n) {
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *groups = json_array();
        for (size_t g = 0; g < s[i].r.ngroups; g++)
            json_array_append_new(groups,
                                  json_pack("{s:s, s:f, s:f, s:s}", "key", s[i].r.groups[g].def->key, "points",
                                            s[i].r.groups[g].points, "max_available", s[i].r.groups[g].max_available,
                                            "points_text", num_vn(a, s[i].r.groups[g].points)));
        int rk = rank_of(s, i);
        json_array_append_new(rows, json_pack("{s:o, s:s, s:s, s:s, s:o, s:f, s:f, s:o, s:s, s:s, s:I, s:I, s:o}",
                                              "rank", rk ? json_integer(rk) : json_null(), "code", s[i].code, "name",
                                              s[i].name, "kind", s[i].kind, "score", real_or_null(s[i].r.score),
                                              "points", s[i].r.points, "max_available", s[i].r.max_available, "band",
                                              s[i].r.band ? json_string(s[i].r.band) : json_null(), "score_text",
                                              num_vn(a, s[i].r.score), "points_text", num_vn(a, s[i].r.points),
                                              "dossiers", (json_int_t)s[i].r.m[I766_M_DOSSIERS], "on_time",
                                              (json_int_t)s[i].r.m[I766_M_ON_TIME], "groups", groups));
    }
    return rows;
}

mc_err api_index766_ranking(api_req *r, mc_error *err) {
    ranking rk;
    mc_err e = ranking_of(r, &rk, err);
    if (e) return e;
    json_t *o = json_pack("{s:{s:s, s:s}, s:o, s:o}", "unit", "code", rk.unit.code, "name", rk.unit.name, "set",
                          set_json(index766_set_at(rk.from)), "rows", ranking_json(r->a, rk.s, rk.n));
    json_object_update_new(o, period_json(rk.from, rk.to));
    return api_reply(r, 200, o);
}

static const char *const rank_columns[] = {"Hạng",
                                           "Mã đơn vị",
                                           "Đơn vị",
                                           "Điểm quy đổi (/100)",
                                           "Điểm đạt",
                                           "Điểm tối đa có dữ liệu",
                                           "Xếp loại",
                                           "Công khai, minh bạch",
                                           "Tiến độ, kết quả giải quyết",
                                           "Số hóa hồ sơ",
                                           "Cung cấp dịch vụ trực tuyến",
                                           "Mức độ hài lòng"};
#define RANK_NCOLS (sizeof rank_columns / sizeof rank_columns[0])

/* The ranking as rows of text cells (numbers with a dot, for spreadsheets). */
static const char **rank_cells(arena *a, const i766_scope *s, size_t n) {
    const char **cells = arena_alloc(a, (n ? n : 1) * RANK_NCOLS * sizeof *cells);
    for (size_t i = 0; i < n; i++) {
        const char **c = &cells[i * RANK_NCOLS];
        int rk = rank_of(s, i);
        c[0] = rk ? arena_printf(a, "%d", rk) : "";
        c[1] = s[i].code;
        c[2] = s[i].name;
        c[3] = isnan(s[i].r.score) ? "" : arena_printf(a, "%.2f", s[i].r.score);
        c[4] = arena_printf(a, "%.2f", s[i].r.points);
        c[5] = arena_printf(a, "%.2f", s[i].r.max_available);
        c[6] = s[i].r.band ? s[i].r.band : "Chưa xếp loại";
        for (size_t g = 0; g < 5; g++)
            c[7 + g] = g < s[i].r.ngroups ? arena_printf(a, "%.2f", s[i].r.groups[g].points) : "";
    }
    return cells;
}

mc_err api_index766_ranking_csv(api_req *r, mc_error *err) {
    ranking rk;
    mc_err e = ranking_of(r, &rk, err);
    if (e) return e;
    const char **cells = rank_cells(r->a, rk.s, rk.n);
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    for (size_t k = 0; k < RANK_NCOLS; k++) {
        if (k) buf_putc(&b, ',');
        csv_put_field(&b, rank_columns[k]);
    }
    buf_puts(&b, "\r\n");
    for (size_t i = 0; i < rk.n; i++) {
        for (size_t k = 0; k < RANK_NCOLS; k++) {
            if (k) buf_putc(&b, ',');
            csv_put_field(&b, cells[i * RANK_NCOLS + k]);
        }
        buf_puts(&b, "\r\n");
    }
    char f[11];
    day_format(rk.from, f);
    r->file_name = arena_printf(r->a, "chi-so-766-%s-%s.csv", rk.unit.code, f);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

mc_err api_index766_ranking_xlsx(api_req *r, mc_error *err) {
    ranking rk;
    mc_err e = ranking_of(r, &rk, err);
    if (e) return e;
    static const bool numeric[RANK_NCOLS] = {true, false, false, true, true, true, false, true, true, true, true, true};
    static const double widths[RANK_NCOLS] = {8, 12, 40, 12, 10, 12, 14, 12, 12, 12, 12, 12};
    char f[11], t[11];
    day_format(rk.from, f);
    day_format(rk.to, t);
    xlsx_list l = {
        "Chỉ số 766",
        "Xếp hạng chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)",
        arena_printf(r->a, "%s, từ %s đến %s. Bộ công thức %s.", rk.unit.name, f, t, index766_set_at(rk.from)->version),
        rank_columns,
        numeric,
        widths,
        RANK_NCOLS,
        rank_cells(r->a, rk.s, rk.n),
        rk.n};
    buf out = {0};
    if ((e = xlsx_write_list(&l, &out, err))) return e;
    r->file_name = arena_printf(r->a, "chi-so-766-%s-%s.xlsx", rk.unit.code, f);
    e = api_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.data, out.len);
    buf_free(&out);
    return e;
}

/* ---- the dossiers that cost points ---- */

mc_err api_index766_dossiers(api_req *r, mc_error *err) {
    org_unit unit;
    mc_day from, to;
    mc_err e = api_report_unit(r, &unit, err);
    if (!e) e = api_report_period(r, &from, &to, err);
    if (e) return e;
    const char *ind = api_query(r, "indicator");
    if (!ind || !*ind)
        return mc_fail(err, MC_ERR_INVALID, "indicator", "Vui lòng chọn chỉ tiêu (ví dụ 2.1).",
                       "indicator is required.");
    enum { COSTS_MAX = 500 };
    i766_cost *v;
    size_t n;
    bool more;
    if ((e = index766_costs(store_reader(r->app->st), r->a, unit.path, ind, from, to, time_now(), COSTS_MAX, &v, &n,
                            &more, err)))
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char rcv[17] = "", due[17] = "", dec[17] = "";
        if (v[i].received_at) time_format_vn(v[i].received_at, rcv);
        if (v[i].due_at) time_format_vn(v[i].due_at, due);
        if (v[i].decided_at) time_format_vn(v[i].decided_at, dec);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", v[i].code, "procedure",
                                               v[i].procedure, "unit", v[i].unit_code, "received_at", rcv, "due_at",
                                               due, "decided_at", dec, "why", v[i].why));
    }
    json_t *o = json_pack("{s:{s:s, s:s}, s:s, s:o, s:b}", "unit", "code", unit.code, "name", unit.name, "indicator",
                          ind, "items", items, "more", more);
    json_object_update_new(o, period_json(from, to));
    return api_reply(r, 200, o);
}

mc_err api_index766_sets(api_req *r, mc_error *err) {
    (void)err;
    size_t n;
    const i766_set *s = index766_sets(&n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *groups = json_array(), *inds = json_array(), *bands = json_array();
        for (size_t g = 0; g < s[i].ngroups; g++)
            json_array_append_new(groups, json_pack("{s:s, s:s, s:f}", "key", s[i].groups[g].key, "name",
                                                    s[i].groups[g].name, "max", s[i].groups[g].max));
        for (size_t k = 0; k < s[i].nindicators; k++) {
            const i766_indicator *d = &s[i].indicators[k];
            json_array_append_new(
                inds, json_pack("{s:s, s:s, s:s, s:f, s:s, s:o, s:o, s:s, s:o, s:s, s:s}", "id", d->id, "group",
                                d->group, "name", d->name, "max", d->max, "rule",
                                d->rule == I766_RATIO        ? "ratio"
                                : d->rule == I766_COMPLEMENT ? "complement"
                                                             : "average",
                                "threshold", d->threshold > 0 ? json_real(d->threshold) : json_null(), "numerator2",
                                d->num2 ? json_string(index766_measure_key(d->num2)) : json_null(), "numerator",
                                index766_measure_key(d->num), "denominator", json_string(index766_measure_key(d->den)),
                                "formula", d->formula, "evidence", d->evidence));
        }
        for (size_t b = 0; b < s[i].nbands; b++)
            json_array_append_new(bands, json_pack("{s:f, s:s, s:s}", "from", s[i].bands[b].from, "name",
                                                   s[i].bands[b].name, "evidence", s[i].bands[b].evidence));
        json_t *o = set_json(&s[i]);
        json_object_set_new(o, "groups", groups);
        json_object_set_new(o, "indicators", inds);
        json_object_set_new(o, "bands", bands);
        json_array_append_new(arr, o);
    }
    return api_reply(r, 200, json_pack("{s:o}", "sets", arr));
}

/* ---- the public board ---- */

/* The root unit the board shows: ?unit= if it is a root, else the first root (the province). */
static mc_err board_root(api_req *r, org_unit *out, mc_error *err) {
    org_unit *all;
    size_t n;
    mc_err e = units_list(store_reader(r->app->st), r->a, NULL, &all, &n, err);
    if (e) return e;
    const char *want = api_query(r, "unit");
    for (size_t i = 0; i < n; i++)
        if (!all[i].parent_code && (!want || !*want || !strcmp(all[i].code, want))) {
            *out = all[i];
            return MC_OK;
        }
    return mc_fail(err, MC_ERR_NOT_FOUND, "unit", "Không có tỉnh, thành phố này.", "No such root unit.");
}

/* A month "YYYY-MM" (default: this month) as its first and last days. */
static mc_err board_month(api_req *r, int *y, int *m, mc_error *err) {
    int d;
    day_to_ymd(time_local_day(time_now()), y, m, &d);
    const char *s = api_query(r, "month");
    if (s && *s) {
        char tail;
        if (sscanf(s, "%4d-%2d%c", y, m, &tail) != 2 || *m < 1 || *m > 12 || *y < 2000 || *y > 2100)
            return mc_fail(err, MC_ERR_INVALID, "month", "Tháng phải có dạng YYYY-MM, ví dụ 2026-11.",
                           "month: YYYY-MM.");
    }
    return MC_OK;
}

/* One month of the province: the figures the board shows. */
static json_t *board_point(arena *a, int y, int m, const i766_result *res) {
    const i766_item *on_time = NULL;
    for (size_t i = 0; i < res->nitems; i++)
        if (!strcmp(res->items[i].def->id, "2.1")) on_time = &res->items[i];
    int64_t rated = res->m[I766_M_RATINGS];
    double sat = rated > 0 ? round((double)res->m[I766_M_SATISFIED] * 10000.0 / (double)rated) / 100.0 : NAN;
    double ot = on_time && on_time->status == I766_OK ? on_time->value : NAN;
    return json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:I, s:I}", "month", arena_printf(a, "%04d-%02d", y, m),
                     "label", arena_printf(a, "%02d/%04d", m, y), "score", real_or_null(res->score), "score_text",
                     num_vn(a, res->score), "on_time", real_or_null(ot), "on_time_text",
                     isnan(ot) ? "N/A" : arena_printf(a, "%s%%", num_vn(a, ot)), "satisfaction", real_or_null(sat),
                     "satisfaction_text", isnan(sat) ? "N/A" : arena_printf(a, "%s%%", num_vn(a, sat)), "dossiers",
                     (json_int_t)res->m[I766_M_DOSSIERS], "ratings", (json_int_t)rated);
}

/* The board is public and read far more often than its figures change: each (province, month)
 * answer is kept for BOARD_TTL seconds per process, so a crowd reading it costs one computation a
 * minute; within that minute it may be up to BOARD_TTL seconds behind the dossiers. */
enum { BOARD_TTL = 60, BOARD_SLOTS = 16 };
static struct {
    char key[64];
    mc_time at;
    json_t *answer;
} board_cache[BOARD_SLOTS];
static pthread_mutex_t board_lock = PTHREAD_MUTEX_INITIALIZER;

static json_t *board_cached(const char *key, mc_time now) {
    json_t *hit = NULL;
    pthread_mutex_lock(&board_lock);
    for (int i = 0; i < BOARD_SLOTS && !hit; i++)
        if (board_cache[i].answer && !strcmp(board_cache[i].key, key) && now - board_cache[i].at < BOARD_TTL &&
            now >= board_cache[i].at)
            hit = json_deep_copy(board_cache[i].answer);
    pthread_mutex_unlock(&board_lock);
    return hit;
}

static void board_keep(const char *key, mc_time now, const json_t *answer) {
    pthread_mutex_lock(&board_lock);
    int slot = 0;
    for (int i = 0; i < BOARD_SLOTS; i++) {
        if (!strcmp(board_cache[i].key, key) || !board_cache[i].answer) {
            slot = i;
            break;
        }
        if (board_cache[i].at < board_cache[slot].at) slot = i;
    }
    json_decref(board_cache[slot].answer);
    snprintf(board_cache[slot].key, sizeof board_cache[slot].key, "%s", key);
    board_cache[slot].at = now;
    board_cache[slot].answer = json_deep_copy(answer);
    pthread_mutex_unlock(&board_lock);
}

mc_err api_public_board(api_req *r, mc_error *err) {
    org_unit root;
    int y, m;
    mc_err e = board_root(r, &root, err);
    if (!e) e = board_month(r, &y, &m, err);
    if (e) return e;
    const char *key = arena_printf(r->a, "%s/%04d-%02d", root.code, y, m);
    json_t *hit = board_cached(key, time_now());
    if (hit) return api_reply(r, 200, hit);
    store_conn *c = store_reader(r->app->st);
    mc_time now = time_now();
    /* The twelve months up to the chosen one, oldest first. */
    json_t *months = json_array();
    i766_scope cur = {root.code, root.name, root.kind, root.path, {0}};
    for (int k = 11; k >= 0; k--) {
        int yy = y, mm = m - k;
        while (mm < 1) mm += 12, yy--;
        mc_day f = day_from_ymd(yy, mm, 1), t = day_from_ymd(yy, mm, ymd_month_days(yy, mm));
        i766_scope sc = {root.code, root.name, root.kind, root.path, {0}};
        if ((e = index766_compute(c, r->a, root.code, root.path, f, t, now, &sc, 1, err))) return e;
        json_array_append_new(months, board_point(r->a, yy, mm, &sc.r));
        if (!k) cur = sc;
    }
    /* The units that serve people, ranked for the chosen month. */
    mc_day f = day_from_ymd(y, m, 1), t = day_from_ymd(y, m, ymd_month_days(y, m));
    i766_scope *deps, *comm;
    size_t nd, nc;
    if ((e = rank(c, r->a, &root, "department,service_center", f, t, &deps, &nd, err))) return e;
    if ((e = rank(c, r->a, &root, "commune,ward", f, t, &comm, &nc, err))) return e;
    json_t *o =
        json_pack("{s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "unit", "code", root.code, "name", root.name,
                  "month", arena_printf(r->a, "%04d-%02d", y, m), "month_label", arena_printf(r->a, "%02d/%04d", m, y),
                  "set", set_json(cur.r.set), "current", result_json(r->a, &cur.r), "months", months, "departments",
                  ranking_json(r->a, deps, nd), "communes", ranking_json(r->a, comm, nc));
    json_object_update_new(o, period_json(f, t));
    board_keep(key, now, o);
    return api_reply(r, 200, o);
}
