/* par_national_json.c - a year of the national PAR INDEX or SIPAS from its data file (par_national_json.h). */
#include "par_national_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mc_err bad(mc_error *err, const char *field, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, field, "Tệp kết quả chỉ số cấp tỉnh không hợp lệ: %s (%s).",
                    "Invalid national results file: %s (%s).", what, field, what, field);
}

static mc_err bad_row(mc_error *err, size_t i, const char *province, const char *member, const char *what) {
    char field[64];
    snprintf(field, sizeof field, "rows[%zu].%s", i, member);
    return mc_failf(err, MC_ERR_INVALID, field, "Dòng %zu (%s): %s (%s).", "Row %zu (%s): %s (%s).", i + 1,
                    province ? province : "?", what, field, i + 1, province ? province : "?", what, field);
}

/* Only the members of `allowed` (NULL-terminated). */
static const char *unknown_member(json_t *o, const char *const *allowed) {
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++) ok = !strcmp(k, allowed[i]);
        if (!ok) return k;
    }
    return NULL;
}

/* A string member (NULL when absent or null); false when present and not a string or too long. */
static bool str(arena *a, json_t *o, const char *key, const char **out) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) return true;
    const char *s = json_string_value(v);
    if (!s || strlen(s) > PARN_MAX_TEXT) return false;
    *out = arena_strdup(a, s);
    return true;
}

/* A percentage with at most two decimals, in hundredths; PARN_NONE when absent or null. */
static bool pct(json_t *o, const char *key, int64_t *out) {
    json_t *v = json_object_get(o, key);
    *out = PARN_NONE;
    if (!v || json_is_null(v)) return true;
    if (!json_is_number(v)) return false;
    double x = json_number_value(v) * 100.0;
    if (!isfinite(x) || fabs(x) > 1e9 || fabs(x - round(x)) > 1e-6) return false;
    *out = llround(x);
    /* A negative value is kept as is for parn_check to refuse (PARN_NONE is -1: move it off). */
    if (*out == PARN_NONE) *out = -2;
    return true;
}

static const char *const top_members[] = {"format", "year",       "index", "ranked", "national_average",
                                          "source", "references", "notes", "rows",   NULL};
static const char *const source_members[] = {"id", "title", "issuer", "date", "url", "note", NULL};
static const char *const row_members[] = {"province", "value", "rank", "note", "ref", NULL};

static mc_err source(arena *a, json_t *o, const char *path, parn_source *s, mc_error *err) {
    memset(s, 0, sizeof *s);
    if (!o) return MC_OK; /* parn_check names what is missing */
    if (!json_is_object(o)) return bad(err, path, "phải là một đối tượng");
    const char *u = unknown_member(o, source_members);
    if (u) return bad(err, arena_printf(a, "%s.%s", path, u), "thành phần không có trong định dạng");
    const char *note;
    if (!str(a, o, "title", &s->title) || !str(a, o, "issuer", &s->issuer) || !str(a, o, "date", &s->date) ||
        !str(a, o, "url", &s->url) || !str(a, o, "note", &note))
        return bad(err, path, "các thành phần là chuỗi ký tự, tối đa 2000 byte");
    return MC_OK;
}

/* Whether references holds an entry with this id. */
static bool has_ref(json_t *refs, const char *id) {
    size_t i;
    json_t *x;
    json_array_foreach(refs, i, x) {
        const char *s = json_string_value(json_object_get(x, "id"));
        if (s && !strcmp(s, id)) return true;
    }
    return false;
}

mc_err parn_from_json(arena *a, json_t *doc, parn_year *out, const char **body, mc_error *err) {
    memset(out, 0, sizeof *out);
    if (body) *body = NULL;
    if (!json_is_object(doc)) return bad(err, "", "tệp phải là một đối tượng JSON");
    const char *u = unknown_member(doc, top_members);
    if (u) return bad(err, u, "thành phần không có trong định dạng");
    const char *fmt = json_string_value(json_object_get(doc, "format"));
    if (!fmt || strcmp(fmt, PARN_FORMAT) != 0) return bad(err, "format", "phải là \"" PARN_FORMAT "\"");
    json_t *year = json_object_get(doc, "year"), *ranked = json_object_get(doc, "ranked");
    if (!json_is_integer(year)) return bad(err, "year", "phải là một năm");
    if (!json_is_integer(ranked)) return bad(err, "ranked", "phải là số tỉnh, thành phố được xếp hạng");
    json_int_t yv = json_integer_value(year), rv = json_integer_value(ranked);
    out->year = yv < 0 || yv > 9999 ? -1 : (int)yv;
    out->ranked = rv < 0 || rv > 100000 ? -1 : (int)rv;
    int idx = parn_index_parse(json_string_value(json_object_get(doc, "index")));
    if (idx < 0) return bad(err, "index", "phải là \"par_index\" hoặc \"sipas\"");
    out->index = (parn_index)idx;
    if (!pct(doc, "national_average", &out->average))
        return bad(err, "national_average", "một số, tối đa hai chữ số thập phân, hoặc null");
    mc_err e = source(a, json_object_get(doc, "source"), "source", &out->source, err);
    if (e) return e;
    json_t *refs = json_object_get(doc, "references");
    if (refs && !json_is_array(refs)) return bad(err, "references", "phải là một mảng");
    size_t i;
    json_t *x;
    json_array_foreach(refs, i, x) {
        parn_source ignored;
        if ((e = source(a, x, arena_printf(a, "references[%zu]", i), &ignored, err))) return e;
    }
    if (!str(a, doc, "notes", &out->notes)) return bad(err, "notes", "phải là chuỗi ký tự, tối đa 2000 byte");
    json_t *rows = json_object_get(doc, "rows");
    if (!json_is_array(rows)) return bad(err, "rows", "phải là một mảng");
    if (json_array_size(rows) > PARN_MAX_ROWS) return bad(err, "rows", "quá 100 dòng");
    out->rows = arena_alloc(a, (json_array_size(rows) + 1) * sizeof *out->rows);
    json_array_foreach(rows, i, x) {
        parn_row *r = &out->rows[i];
        if (!json_is_object(x)) return bad_row(err, i, NULL, "", "phải là một đối tượng");
        const char *prov = json_string_value(json_object_get(x, "province"));
        if ((u = unknown_member(x, row_members)))
            return bad_row(err, i, prov, u, "thành phần không có trong định dạng");
        if (!str(a, x, "province", &r->province)) return bad_row(err, i, NULL, "province", "phải là tên tỉnh");
        if (!pct(x, "value", &r->value))
            return bad_row(err, i, prov, "value", "giá trị là một số, tối đa hai chữ số thập phân, hoặc null");
        json_t *rk = json_object_get(x, "rank");
        if (rk && !json_is_null(rk)) {
            if (!json_is_integer(rk)) return bad_row(err, i, prov, "rank", "thứ hạng là một số nguyên hoặc null");
            json_int_t k = json_integer_value(rk);
            r->rank = k < 1 || k > 100000 ? -1 : (int)k;
        }
        const char *ref;
        if (!str(a, x, "note", &r->note) || !str(a, x, "ref", &ref))
            return bad_row(err, i, prov, "note", "chuỗi ký tự, tối đa 2000 byte");
        if (ref && !has_ref(refs, ref)) return bad_row(err, i, prov, "ref", "không có trong references");
    }
    out->nrows = json_array_size(rows);
    if ((e = parn_check(out, err))) return e;
    if (body) {
        char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
        if (!text) return mc_fail(err, MC_ERR_INTERNAL, NULL, "Không ghi được nội dung tệp.", "Cannot dump.");
        *body = arena_strdup(a, text);
        free(text);
    }
    return MC_OK;
}
