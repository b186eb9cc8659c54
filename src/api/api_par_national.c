/* api_par_national.c - GET /api/v1/par/national?province=: a province's place in the national PAR INDEX
 * and SIPAS (issue 17; domain/par_national.h): per index and year loaded, its value and rank (when the
 * sources found publish them), the count ranked, the national average, the best and worst rows known,
 * and the change against the year before. Public: the national results are published. */
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "par_national.h"

static json_t *pct(int64_t v) {
    return v == PARN_NONE ? json_null() : json_real((double)v / 100.0);
}

static json_t *rank_json(int rank) {
    return rank ? json_integer(rank) : json_null();
}

static json_t *row_json(const parn_row *r) {
    if (!r) return json_null();
    return json_pack("{s:s, s:o, s:o}", "province", r->province, "value", pct(r->value), "rank", rank_json(r->rank));
}

static json_t *year_json(const parn_year *y, const parn_year *prev, const char *province) {
    const parn_row *me = parn_find(y, province);
    json_t *o =
        json_pack("{s:i, s:i, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:s}, s:o, s:i}", "year", y->year,
                  "ranked", y->ranked, "national_average", pct(y->average), "value", pct(me ? me->value : PARN_NONE),
                  "rank", rank_json(me ? me->rank : 0), "known", me != NULL, "note", api_jstr(me ? me->note : NULL),
                  "best", row_json(parn_best_known(y)), "worst", row_json(parn_worst_known(y)), "source", "title",
                  y->source.title, "issuer", y->source.issuer, "date", y->source.date, "url", y->source.url, "notes",
                  api_jstr(y->notes), "rows_known", (int)y->nrows);
    if (!prev) {
        json_object_set_new(o, "change", json_null());
        return o;
    }
    const parn_row *was = parn_find(prev, province);
    bool comparable = prev->ranked == y->ranked;
    int64_t dv = me && was && me->value != PARN_NONE && was->value != PARN_NONE ? me->value - was->value : PARN_NONE;
    json_t *dr = me && was && me->rank && was->rank && comparable ? json_integer(was->rank - me->rank) : json_null();
    json_object_set_new(o, "change",
                        json_pack("{s:i, s:o, s:o, s:b, s:o, s:o}", "from_year", prev->year, "value",
                                  dv == PARN_NONE ? json_null() : json_real((double)dv / 100.0), "rank", dr,
                                  "comparable", comparable, "previous_value", pct(was ? was->value : PARN_NONE),
                                  "previous_rank", rank_json(was ? was->rank : 0)));
    return o;
}

mc_err api_par_national_report(api_req *r, const char *province, json_t **out, mc_error *err) {
    *out = NULL;
    parn_year *v;
    size_t n;
    mc_err e = parn_load_all(store_reader(r->app->st), r->a, &v, &n, err);
    if (e) return e;
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) found = parn_find(&v[i], province) != NULL;
    if (n && !found)
        return mc_failf(err, MC_ERR_NOT_FOUND, "province",
                        "Không có kết quả nào của \"%s\" trong các bảng đã nạp (viết tên như trong tệp, ví dụ "
                        "\"Cao Bằng\").",
                        "No results for \"%s\".", province, province);
    json_t *indices = json_array();
    for (int x = 0; x < PARN__INDICES; x++) {
        json_t *years = json_array();
        for (size_t i = 0; i < n; i++) {
            if (v[i].index != (parn_index)x) continue;
            const parn_year *prev =
                i > 0 && v[i - 1].index == v[i].index && v[i - 1].year == v[i].year - 1 ? &v[i - 1] : NULL;
            json_array_append_new(years, year_json(&v[i], prev, province));
        }
        json_array_append_new(indices, json_pack("{s:s, s:s, s:o}", "index", parn_index_name((parn_index)x), "label",
                                                 parn_index_label((parn_index)x), "years", years));
    }
    *out = json_pack("{s:s, s:s, s:o}", "province", province, "basis",
                     "Trước năm 2025, thứ hạng là trong 63 tỉnh, thành phố; từ năm 2025 (Nghị quyết 202/2025/QH15, "
                     "hiệu lực 12/6/2025) cả nước có 34 tỉnh, thành phố. Thứ hạng của hai giai đoạn không so sánh "
                     "trực tiếp được.",
                     "indices", indices);
    return MC_OK;
}

mc_err api_par_national(api_req *r, mc_error *err) {
    const char *province = api_query(r, "province");
    if (!province || !*province)
        return mc_fail(err, MC_ERR_INVALID, "province", "Hãy cho biết tỉnh, thành phố (province), ví dụ Cao Bằng.",
                       "province is required.");
    json_t *out;
    mc_err e = api_par_national_report(r, province, &out, err);
    return e ? e : api_reply(r, 200, out);
}
