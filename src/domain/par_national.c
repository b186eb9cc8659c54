/* par_national.c - the provinces' national PAR INDEX and SIPAS results (par_national.h). */
#include "par_national.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"par_index", "sipas"};
static const char *const labels[] = {"Chỉ số cải cách hành chính (PAR INDEX)",
                                     "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"};

const char *parn_index_name(parn_index i) {
    return (unsigned)i < PARN__INDICES ? names[i] : "";
}

const char *parn_index_label(parn_index i) {
    return (unsigned)i < PARN__INDICES ? labels[i] : "";
}

int parn_index_parse(const char *s) {
    for (int i = 0; s && i < PARN__INDICES; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

/* ---- checks ---- */

static bool blank(const char *s) {
    if (!s) return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

static bool real_day(const char *s) {
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-')
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
    int max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return d <= max;
}

/* "Dòng 3 (Cao Bằng): " */
static mc_err row_fail(mc_error *err, size_t i, const parn_row *r, const char *member, const char *why_vi,
                       const char *why_en) {
    char field[64];
    snprintf(field, sizeof field, "rows[%zu]%s%s", i, *member ? "." : "", member);
    const char *p = r->province && !blank(r->province) ? r->province : "?";
    return mc_failf(err, MC_ERR_INVALID, field, "Dòng %zu (%s): %s", "Row %zu (%s): %s", i + 1, p, why_vi, i + 1, p,
                    why_en);
}

static bool same_name(const char *a, const char *b) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && a[la - 1] == ' ') la--;
    while (lb && b[lb - 1] == ' ') lb--;
    return la == lb && !memcmp(a, b, la);
}

mc_err parn_check(const parn_year *y, mc_error *err) {
    if (y->year < 2000 || y->year > 2100)
        return mc_failf(err, MC_ERR_INVALID, "year", "Năm %d không hợp lệ (từ 2000 đến 2100).", "Year %d is not valid.",
                        y->year, y->year);
    if ((unsigned)y->index >= PARN__INDICES)
        return mc_fail(err, MC_ERR_INVALID, "index", "Chỉ số phải là \"par_index\" hoặc \"sipas\".",
                       "index is par_index or sipas.");
    if (y->ranked < 1 || y->ranked > PARN_MAX_RANKED)
        return mc_failf(err, MC_ERR_INVALID, "ranked", "Số tỉnh, thành phố được xếp hạng phải từ 1 đến %d.",
                        "ranked is 1 to %d.", PARN_MAX_RANKED, PARN_MAX_RANKED);
    if (y->average != PARN_NONE && (y->average < 0 || y->average > 10000))
        return mc_fail(err, MC_ERR_INVALID, "national_average", "Giá trị trung bình cả nước phải từ 0 đến 100.",
                       "national_average is 0 to 100.");
    const struct {
        const char *v, *field, *what;
    } src[] = {{y->source.title, "source.title", "tên tài liệu"},
               {y->source.issuer, "source.issuer", "cơ quan công bố"},
               {y->source.date, "source.date", "ngày công bố"},
               {y->source.url, "source.url", "địa chỉ"}};
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        if (blank(src[i].v))
            return mc_failf(err, MC_ERR_INVALID, src[i].field, "Thiếu nguồn số liệu: %s (%s).",
                            "The source is missing: %s (%s).", src[i].what, src[i].field, src[i].field, src[i].field);
    if (!real_day(y->source.date))
        return mc_fail(err, MC_ERR_INVALID, "source.date", "Ngày công bố phải là một ngày có thật, dạng YYYY-MM-DD.",
                       "source.date is a real day, YYYY-MM-DD.");
    if (!y->nrows)
        return mc_fail(err, MC_ERR_INVALID, "rows", "Chưa có dòng kết quả nào của tỉnh, thành phố.", "No rows.");
    if (y->nrows > (size_t)y->ranked)
        return mc_failf(err, MC_ERR_INVALID, "rows", "Có %zu dòng, nhiều hơn %d tỉnh, thành phố được xếp hạng.",
                        "%zu rows, more than the %d ranked.", y->nrows, y->ranked, y->nrows, y->ranked);
    for (size_t i = 0; i < y->nrows; i++) {
        const parn_row *r = &y->rows[i];
        if (blank(r->province)) return row_fail(err, i, r, "province", "thiếu tên tỉnh, thành phố.", "no province.");
        if (r->value == PARN_NONE && !r->rank)
            return row_fail(err, i, r, "", "cần giá trị hoặc thứ hạng (hoặc cả hai).", "a value or a rank is needed.");
        if (r->value != PARN_NONE && (r->value < 0 || r->value > 10000)) {
            char why[96];
            snprintf(why, sizeof why, "giá trị %lld,%02lld ngoài khoảng 0–100.", (long long)(r->value / 100),
                     (long long)llabs(r->value % 100));
            return row_fail(err, i, r, "value", why, "the value is outside 0-100.");
        }
        if (r->rank && (r->rank < 1 || r->rank > y->ranked)) {
            char why[96];
            snprintf(why, sizeof why, "thứ hạng %d ngoài khoảng 1–%d.", r->rank, y->ranked);
            return row_fail(err, i, r, "rank", why, "the rank is outside 1..ranked.");
        }
        for (size_t j = 0; j < i; j++) {
            const parn_row *o = &y->rows[j];
            char why[200];
            if (same_name(o->province, r->province)) {
                snprintf(why, sizeof why, "tỉnh, thành phố đã có ở dòng %zu.", j + 1);
                return row_fail(err, i, r, "province", why, "the province is already in another row.");
            }
            if (r->rank && r->rank == o->rank &&
                (r->value == PARN_NONE || o->value == PARN_NONE || r->value != o->value)) {
                snprintf(why, sizeof why,
                         "thứ hạng %d trùng với dòng %zu (%s); hai tỉnh chỉ cùng hạng khi cùng giá trị đã biết.",
                         r->rank, j + 1, o->province);
                return row_fail(err, i, r, "rank", why, "duplicate rank.");
            }
            if (r->rank && o->rank && r->value != PARN_NONE && o->value != PARN_NONE &&
                ((r->rank < o->rank && r->value < o->value) || (r->rank > o->rank && r->value > o->value))) {
                snprintf(why, sizeof why, "thứ hạng %d không khớp giá trị so với dòng %zu (%s, hạng %d).", r->rank,
                         j + 1, o->province, o->rank);
                return row_fail(err, i, r, "rank", why, "the rank does not agree with the values.");
            }
        }
    }
    /* A tie of m provinces at rank k takes the places k..k+m-1: no row may hold k+1..k+m-1. */
    for (size_t i = 0; i < y->nrows; i++) {
        const parn_row *r = &y->rows[i];
        if (!r->rank) continue;
        int tied = 0;
        for (size_t j = 0; j < y->nrows; j++) tied += y->rows[j].rank == r->rank;
        if (tied < 2) continue;
        for (size_t j = 0; j < y->nrows; j++) {
            const parn_row *o = &y->rows[j];
            if (o->rank > r->rank && o->rank < r->rank + tied) {
                char why[200];
                snprintf(why, sizeof why, "thứ hạng %d nằm trong chỗ của %d tỉnh cùng hạng %d (dòng %zu).", o->rank,
                         tied, r->rank, i + 1);
                return row_fail(err, j, o, "rank", why, "the rank falls inside a tie.");
            }
        }
    }
    return MC_OK;
}

/* ---- store ---- */

mc_err parn_put(store_conn *w, const parn_year *y, const char *body, bool replace, mc_time now,
                parn_put_outcome *outcome, mc_error *err) {
    *outcome = PARN_SAME;
    const char *idx = parn_index_name(y->index);
    store_rows *r = store_query(w, Q_PARN_BODY, SV_ARGS(SV_I(y->year), SV_T(idx)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool same = k == 1 && !strcmp(store_text(r, 0), body);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (same) return MC_OK;
    mc_err e = MC_OK;
    if (k == 1) {
        if (!replace)
            return mc_failf(err, MC_ERR_CONFLICT, "year",
                            "Đã có kết quả %s năm %d với nội dung khác; muốn thay thế thì nạp lại với --replace.",
                            "%s %d is loaded with other content; use --replace.", parn_index_label(y->index), y->year,
                            idx, y->year);
        e = store_exec(w, Q_PARN_ROWS_DELETE, SV_ARGS(SV_I(y->year), SV_T(idx)), NULL, err);
        if (!e) e = store_exec(w, Q_PARN_DELETE, SV_ARGS(SV_I(y->year), SV_T(idx)), NULL, err);
    }
    if (!e)
        e = store_exec(w, Q_PARN_INSERT,
                       SV_ARGS(SV_I(y->year), SV_T(idx), SV_I(y->ranked),
                               y->average == PARN_NONE ? SV_N : SV_I(y->average), SV_T(y->source.title),
                               SV_T(y->source.issuer), SV_T(y->source.date), SV_T(y->source.url), SV_T(y->notes),
                               SV_T(body), SV_I(now)),
                       NULL, err);
    for (size_t i = 0; !e && i < y->nrows; i++) {
        const parn_row *x = &y->rows[i];
        e = store_exec(w, Q_PARN_ROW_INSERT,
                       SV_ARGS(SV_I(y->year), SV_T(idx), SV_I(i), SV_T(x->province),
                               x->value == PARN_NONE ? SV_N : SV_I(x->value), x->rank ? SV_I(x->rank) : SV_N,
                               SV_T(x->note)),
                       NULL, err);
    }
    if (!e) *outcome = k == 1 ? PARN_REPLACED : PARN_ADDED;
    return e;
}

#define TXT(r, i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))

mc_err parn_load_all(store_conn *c, arena *a, parn_year **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_PARN_YEARS, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    parn_year *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        parn_year *y = &v[(*n)++];
        *y = (parn_year){.year = (int)store_int(r, 0),
                         .index = parn_index_parse(store_text(r, 1)) == PARN_SIPAS ? PARN_SIPAS : PARN_PAR_INDEX,
                         .ranked = (int)store_int(r, 2),
                         .average = store_null(r, 3) ? PARN_NONE : store_int(r, 3),
                         .source = {TXT(r, 4), TXT(r, 5), TXT(r, 6), TXT(r, 7)},
                         .notes = TXT(r, 8)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(c, Q_PARN_ROWS_ALL, SV_NONE, err))) return MC_ERR_STORE;
    /* Rows come in the order of the years (index, year, ord): fill each year in turn. */
    size_t at = 0, rcap = 0;
    while ((k = store_next(r, err)) == 1) {
        int year = (int)store_int(r, 0);
        int idx = parn_index_parse(store_text(r, 1));
        while (at < *n && ((int)v[at].index != idx || v[at].year != year)) {
            at++;
            rcap = 0;
        }
        if (at == *n) break;
        parn_year *y = &v[at];
        if (!rcap) {
            rcap = 16;
            y->rows = arena_alloc(a, rcap * sizeof *y->rows);
        } else if (y->nrows == rcap)
            y->rows = arena_grow(a, y->rows, &rcap, sizeof *y->rows);
        y->rows[y->nrows++] = (parn_row){.province = TXT(r, 2),
                                         .value = store_null(r, 3) ? PARN_NONE : store_int(r, 3),
                                         .rank = store_null(r, 4) ? 0 : (int)store_int(r, 4),
                                         .note = TXT(r, 5)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

/* ---- reading ---- */

const parn_row *parn_find(const parn_year *y, const char *province) {
    if (!province) return NULL;
    for (size_t i = 0; i < y->nrows; i++)
        if (same_name(y->rows[i].province, province)) return &y->rows[i];
    return NULL;
}

/* sign > 0: the best; < 0: the worst. */
static const parn_row *extreme(const parn_year *y, int sign) {
    const parn_row *b = NULL;
    for (size_t i = 0; i < y->nrows; i++) {
        const parn_row *r = &y->rows[i];
        if (r->rank && (!b || (sign > 0 ? r->rank < b->rank : r->rank > b->rank))) b = r;
    }
    /* A row known only by its value lies beyond the ranked one when its value does (or when none is ranked). */
    for (size_t i = 0; i < y->nrows; i++) {
        const parn_row *r = &y->rows[i];
        if (r->rank || r->value == PARN_NONE) continue;
        if (!b || (b->value != PARN_NONE && (sign > 0 ? r->value > b->value : r->value < b->value))) b = r;
    }
    return b;
}

const parn_row *parn_best_known(const parn_year *y) {
    return extreme(y, 1);
}

const parn_row *parn_worst_known(const parn_year *y) {
    return extreme(y, -1);
}
