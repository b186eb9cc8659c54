/* web_par_national.c - /chi-so-cchc-quoc-gia: the province's place in the national PAR INDEX and SIPAS over the
 * years (public). The report is the API's (api_par_national_report); the page adds the words (Vietnamese
 * decimals, changes) and, per index, a line chart drawn here as inline SVG: the value against the national
 * average above, the rank (1 at the top) below; the table beside it holds every figure for screen readers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api_handlers.h"
#include "web.h"
#include "web_internal.h"

#define TITLE            "Chỉ số CCHC và SIPAS của tỉnh trong cả nước"
#define DEFAULT_PROVINCE "Cao Bằng"

static double num(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *fixed1(double x) {
    return json_real(round(x * 10.0) / 10.0);
}

/* 86.98 → "86,98%" (in the request's arena); NAN → "—". */
static const char *pct_str(api_req *r, double v) {
    if (isnan(v)) return "—";
    char *s = arena_printf(r->a, "%.2f%%", v);
    char *c = strchr(s, '.');
    if (c) *c = ',';
    return s;
}

static json_t *pct_text(api_req *r, double v) {
    return json_string(pct_str(r, v));
}

static json_t *rank_text(api_req *r, json_t *rank, int ranked) {
    if (!json_is_integer(rank)) return json_string("—");
    return json_string(arena_printf(r->a, "%lld/%d", (long long)json_integer_value(rank), ranked));
}

static const char *row_text(api_req *r, json_t *row, int ranked) {
    if (!json_is_object(row)) return "—";
    const char *p = json_string_value(json_object_get(row, "province"));
    json_t *v = json_object_get(row, "value"), *k = json_object_get(row, "rank");
    const char *vt = json_is_number(v) ? pct_str(r, json_number_value(v)) : NULL;
    const char *kt =
        json_is_integer(k) ? arena_printf(r->a, "hạng %lld/%d", (long long)json_integer_value(k), ranked) : NULL;
    return arena_printf(r->a, "%s%s%s%s%s%s", p ? p : "?", vt || kt ? " (" : "", vt ? vt : "", vt && kt ? ", " : "",
                        kt ? kt : "", vt || kt ? ")" : "");
}

/* The change against the year before, in words. */
static const char *change_text(api_req *r, json_t *ch) {
    if (!json_is_object(ch)) return "—";
    const char *out = "";
    json_t *dv = json_object_get(ch, "value"), *dr = json_object_get(ch, "rank");
    if (json_is_number(dv)) {
        double d = json_number_value(dv);
        const char *s = arena_printf(r->a, "%s%.2f điểm %%", d > 0 ? "+" : "", d);
        char *c = strchr(s, '.');
        if (c) *c = ',';
        out = s;
    }
    if (!json_is_true(json_object_get(ch, "comparable")))
        out = arena_printf(r->a, "%s%sthứ hạng không so sánh được (số tỉnh xếp hạng khác năm %lld)", out,
                           *out ? "; " : "", (long long)json_integer_value(json_object_get(ch, "from_year")));
    else if (json_is_integer(dr)) {
        long long d = json_integer_value(dr);
        const char *w = d > 0   ? arena_printf(r->a, "tăng %lld bậc", d)
                        : d < 0 ? arena_printf(r->a, "giảm %lld bậc", -d)
                                : "giữ nguyên thứ hạng";
        out = arena_printf(r->a, "%s%s%s", out, *out ? "; " : "", w);
    }
    return *out ? out : "chưa đủ số liệu để so sánh";
}

/* The chart of one index: x by year; above, values (the province's, solid; the national average, dashed)
 * between rounded bounds; below, ranks from 1 (top) to the most provinces ranked in those years. */
static json_t *chart(json_t *years) {
    const double left = 40, right = 344, vtop = 22, vbottom = 112, rtop = 150, rbottom = 240;
    size_t n = json_array_size(years);
    double lo = INFINITY, hi = -INFINITY;
    int maxrank = 1;
    json_t *y;
    size_t i;
    json_array_foreach(years, i, y) {
        double a[2] = {num(y, "value"), num(y, "national_average")};
        for (int k = 0; k < 2; k++)
            if (!isnan(a[k])) {
                lo = fmin(lo, a[k]);
                hi = fmax(hi, a[k]);
            }
        int rk = (int)json_integer_value(json_object_get(y, "ranked"));
        if (rk > maxrank) maxrank = rk;
    }
    if (!isfinite(lo)) lo = 70, hi = 100;
    lo = fmax(0, floor((lo - 1) / 5) * 5);
    hi = fmin(100, ceil((hi + 1) / 5) * 5);
    if (hi - lo < 10) lo = fmax(0, hi - 10);
    json_t *xs = json_array(), *vpts = json_array(), *apts = json_array(), *rpts = json_array();
    char vline[1024] = "", aline[1024] = "", rline[1024] = "";
    json_array_foreach(years, i, y) {
        double x = n > 1 ? left + 16 + (right - left - 32) * (double)i / (double)(n - 1) : (left + right) / 2;
        int year = (int)json_integer_value(json_object_get(y, "year"));
        json_array_append_new(xs, json_pack("{s:o, s:i}", "x", fixed1(x), "year", year));
        double v = num(y, "value"), av = num(y, "national_average");
        json_t *rk = json_object_get(y, "rank");
        char pt[48];
        if (!isnan(v)) {
            double py = vbottom - (vbottom - vtop) * (v - lo) / (hi - lo);
            json_array_append_new(
                vpts, json_pack("{s:o, s:o, s:i, s:f}", "x", fixed1(x), "y", fixed1(py), "year", year, "v", v));
            snprintf(pt, sizeof pt, "%s%.1f,%.1f", *vline ? " " : "", x, py);
            strncat(vline, pt, sizeof vline - strlen(vline) - 1);
        }
        if (!isnan(av)) {
            double py = vbottom - (vbottom - vtop) * (av - lo) / (hi - lo);
            json_array_append_new(
                apts, json_pack("{s:o, s:o, s:i, s:f}", "x", fixed1(x), "y", fixed1(py), "year", year, "v", av));
            snprintf(pt, sizeof pt, "%s%.1f,%.1f", *aline ? " " : "", x, py);
            strncat(aline, pt, sizeof aline - strlen(aline) - 1);
        }
        if (json_is_integer(rk)) {
            double k = (double)json_integer_value(rk);
            double py = maxrank > 1 ? rtop + (rbottom - rtop) * (k - 1) / (double)(maxrank - 1) : rtop;
            json_array_append_new(rpts, json_pack("{s:o, s:o, s:i, s:I, s:i}", "x", fixed1(x), "y", fixed1(py), "year",
                                                  year, "rank", (json_int_t)k, "ranked",
                                                  (int)json_integer_value(json_object_get(y, "ranked"))));
            snprintf(pt, sizeof pt, "%s%.1f,%.1f", *rline ? " " : "", x, py);
            strncat(rline, pt, sizeof rline - strlen(rline) - 1);
        }
    }
    json_t *vgrid = json_array(), *rgrid = json_array();
    for (int g = 0; g <= 2; g++) {
        double v = lo + (hi - lo) * g / 2.0, py = vbottom - (vbottom - vtop) * g / 2.0;
        json_array_append_new(vgrid, json_pack("{s:o, s:o, s:f}", "y", fixed1(py), "ty", fixed1(py + 3), "v", v));
    }
    int marks[3] = {1, maxrank > 34 ? 34 : 0, maxrank};
    for (int g = 0; g < 3; g++) {
        if (!marks[g] || (g == 2 && maxrank == 1)) continue;
        double py = maxrank > 1 ? rtop + (rbottom - rtop) * (marks[g] - 1) / (double)(maxrank - 1) : rtop;
        json_array_append_new(rgrid,
                              json_pack("{s:o, s:o, s:i}", "y", fixed1(py), "ty", fixed1(py + 3), "v", marks[g]));
    }
    return json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:b, s:b}", "years", xs, "values", vpts,
                     "averages", apts, "ranks", rpts, "vline", vline, "aline", aline, "rline", rline, "vgrid", vgrid,
                     "rgrid", rgrid, "left", left, "right", right, "no_values", !*vline, "no_ranks", !*rline);
}

mc_err web_par_national(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char *province = api_query(r, "province");
    if (!province || !*province) province = DEFAULT_PROVINCE;
    json_t *rep, *ctx = json_object();
    mc_error e2;
    if (api_par_national_report(r, province, &rep, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        json_object_set_new(ctx, "province", json_string(province));
        return web_page(r, web_status(e2.code), "par_national", TITLE, ctx);
    }
    json_t *idx, *y;
    size_t i, k;
    bool any = false;
    json_array_foreach(json_object_get(rep, "indices"), i, idx) {
        json_t *years = json_object_get(idx, "years");
        any = any || json_array_size(years) > 0;
        json_object_set_new(idx, "chart", chart(years));
        json_array_foreach(years, k, y) {
            int ranked = (int)json_integer_value(json_object_get(y, "ranked"));
            json_object_set_new(y, "value_text", pct_text(r, num(y, "value")));
            json_object_set_new(y, "rank_text", rank_text(r, json_object_get(y, "rank"), ranked));
            json_object_set_new(y, "average_text", pct_text(r, num(y, "national_average")));
            json_object_set_new(y, "best_text", json_string(row_text(r, json_object_get(y, "best"), ranked)));
            json_object_set_new(y, "worst_text", json_string(row_text(r, json_object_get(y, "worst"), ranked)));
            json_object_set_new(y, "change_text",
                                json_string(k == 0 && json_is_null(json_object_get(y, "change"))
                                                ? "—"
                                                : change_text(r, json_object_get(y, "change"))));
            json_object_set_new(y, "era63", json_boolean(ranked == 63));
        }
    }
    json_object_set_new(ctx, "any", json_boolean(any));
    json_object_set_new(ctx, "province", json_string(province));
    json_object_set_new(ctx, "r", rep);
    return web_page(r, 200, "par_national", TITLE, ctx);
}
