/* web_index766.c - the pages of the Decision 766 index: the officers' breakdown of a unit
 * (why it lost points, down to the dossiers), the ranking of units, and the public board
 * with its charts drawn here as inline SVG (no JavaScript), each beside its table. Every
 * figure is the API's (api_index766.c); this file only lays them out. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api_handlers.h"
#include "web.h"
#include "web_internal.h"

#define TITLE_UNIT  "Chỉ số phục vụ người dân, doanh nghiệp (766)"
#define TITLE_RANK  "Xếp hạng chỉ số 766"
#define TITLE_COSTS "Hồ sơ làm mất điểm"
#define TITLE_BOARD "Bảng công khai chất lượng phục vụ"

/* Calls the API handler fn for a report page of template tpl; renders it with the answer as
 * "r" and the period form's values, or the error. */
static mc_err report_page(api_req *r, api_handler fn, const char *path, const char *tpl, const char *title) {
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    mc_err done;
    if (web_period_form(r, path, tpl, title, &done)) return done;
    json_t *rep, *ctx = json_object();
    int st;
    mc_error e2;
    if (web_api(r, fn, NULL, 0, NULL, &rep, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        const char *unit = api_query(r, "unit");
        json_object_set_new(ctx, "unit", json_string(unit ? unit : ""));
        return web_page(r, web_status(e2.code), tpl, title, ctx);
    }
    json_object_set_new(ctx, "r", rep);
    web_period_context(ctx, rep);
    const char *kind = api_query(r, "kind"), *ind = api_query(r, "indicator");
    if (kind && *kind) json_object_set_new(ctx, "kind", json_string(kind));
    if (ind && *ind) json_object_set_new(ctx, "indicator", json_string(ind));
    return web_page(r, 200, tpl, title, ctx);
}

mc_err web_index766(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return report_page(r, api_index766, "/can-bo/chi-so-766", "index766", TITLE_UNIT);
}

mc_err web_index766_ranking(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return report_page(r, api_index766_ranking, "/can-bo/chi-so-766/xep-hang", "index766_rank", TITLE_RANK);
}

mc_err web_index766_costs(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return report_page(r, api_index766_dossiers, "/can-bo/chi-so-766/ho-so", "index766_costs", TITLE_COSTS);
}

/* ---- the public board ---- */

static double num(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *fixed1(double x) {
    return json_real(round(x * 10.0) / 10.0);
}

/* Vertical bars of the twelve months' index (0 to 100) in a 360 × 190 box: x, y, w, h of
 * each bar, where its label goes, and the grid. */
static json_t *trend_chart(json_t *months) {
    const double left = 30, right = 352, top = 12, bottom = 162;
    size_t n = json_array_size(months);
    double slot = n ? (right - left) / (double)n : 0;
    json_t *bars = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(months, i);
        double v = num(p, "score");
        double x = left + slot * (double)i;
        json_t *b = json_pack("{s:o, s:o, s:o, s:O, s:O}", "x", fixed1(x + slot * 0.15), "w", fixed1(slot * 0.7), "lx",
                              fixed1(x + slot / 2), "label", json_object_get(p, "label"), "value",
                              json_object_get(p, "score_text"));
        /* The month's number alone under its bar. */
        const char *lab = json_string_value(json_object_get(p, "label"));
        json_object_set_new(b, "short", json_stringn(lab ? lab : "", lab && strlen(lab) >= 2 ? 2 : 0));
        if (!isnan(v)) {
            double h = (bottom - top) * v / 100.0;
            json_object_set_new(b, "y", fixed1(bottom - h));
            json_object_set_new(b, "h", fixed1(h));
            json_object_set_new(b, "ty", fixed1(bottom - h - 3));
        } else {
            json_object_set_new(b, "none", json_true());
            json_object_set_new(b, "ty", fixed1(bottom - 3));
        }
        json_array_append_new(bars, b);
    }
    json_t *grid = json_array();
    for (int g = 0; g <= 100; g += 50)
        json_array_append_new(grid, json_pack("{s:o, s:i, s:o}", "y", fixed1(bottom - (bottom - top) * g / 100.0), "v",
                                              g, "ty", fixed1(bottom - (bottom - top) * g / 100.0 + 3)));
    return json_pack("{s:o, s:o, s:f, s:f, s:f}", "bars", bars, "grid", grid, "left", left, "right", right, "base",
                     bottom);
}

mc_err web_board(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    json_t *rep, *ctx = json_object();
    int st;
    mc_error e2;
    if (web_api(r, api_public_board, NULL, 0, NULL, &rep, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "board", TITLE_BOARD, ctx);
    }
    json_object_set_new(ctx, "trend", trend_chart(json_object_get(rep, "months")));
    json_t *cur = json_object_get(rep, "current");
    json_object_set_new(ctx, "groups_chart",
                        web_hbar_chart(json_object_get(cur, "groups"), "name", "points", "points_text", "max", 0));
    json_object_set_new(ctx, "departments_chart",
                        web_hbar_chart(json_object_get(rep, "departments"), "name", "score", "score_text", NULL, 100));
    json_object_set_new(ctx, "communes_chart",
                        web_hbar_chart(json_object_get(rep, "communes"), "name", "score", "score_text", NULL, 100));
    /* The month before and after, for the links. */
    int y, m;
    const char *month = json_string_value(json_object_get(rep, "month"));
    if (month && sscanf(month, "%4d-%2d", &y, &m) == 2) {
        int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1, ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
        json_object_set_new(ctx, "prev", json_string(arena_printf(r->a, "%04d-%02d", py, pm)));
        json_object_set_new(ctx, "prev_label", json_string(arena_printf(r->a, "%02d/%04d", pm, py)));
        int cy, cm, cd;
        day_to_ymd(time_local_day(time_now()), &cy, &cm, &cd);
        if (ny * 12 + nm <= cy * 12 + cm) {
            json_object_set_new(ctx, "next", json_string(arena_printf(r->a, "%04d-%02d", ny, nm)));
            json_object_set_new(ctx, "next_label", json_string(arena_printf(r->a, "%02d/%04d", nm, ny)));
        }
    }
    json_t *months = json_object_get(rep, "months");
    json_object_set(ctx, "now", json_array_get(months, json_array_size(months) - 1));
    json_object_set_new(
        ctx, "dep", json_pack("{s:s, s:O}", "caption", "Sở, ban, ngành", "rows", json_object_get(rep, "departments")));
    json_object_set_new(ctx, "com",
                        json_pack("{s:s, s:O}", "caption", "Xã, phường", "rows", json_object_get(rep, "communes")));
    json_object_set_new(ctx, "r", rep);
    return web_page(r, 200, "board", TITLE_BOARD, ctx);
}
