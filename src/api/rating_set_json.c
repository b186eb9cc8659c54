/* rating_set_json.c - a rating question set from its data file (rating_set_json.h). */
#include "rating_set_json.h"

#include <string.h>

#include "timeutil.h"

static mc_err bad(mc_error *err, arena *a, const char *field, const char *what) {
    (void)a;
    return mc_failf(err, MC_ERR_INVALID, field, "Bộ câu hỏi đánh giá không hợp lệ: %s (%s).",
                    "Invalid rating set: %s (%s).", what, field);
}

static bool code_ok(const char *s) {
    if (!s || !*s || strlen(s) > 32) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

/* A required non-empty string member, copied into the arena. */
static mc_err text(arena *a, json_t *o, const char *key, const char *path, const char **out, mc_error *err) {
    const char *s = json_string_value(json_object_get(o, key));
    if (!s || !*s) return bad(err, a, arena_printf(a, "%s%s%s", path, *path ? "." : "", key), "thiếu nội dung");
    *out = arena_strdup(a, s);
    return MC_OK;
}

static mc_err options(arena *a, json_t *arr, const char *path, const rating_option **out, size_t *n, mc_error *err) {
    if (!json_is_array(arr) || json_array_size(arr) < 2 || json_array_size(arr) > 10)
        return bad(err, a, path, "cần từ 2 đến 10 lựa chọn");
    rating_option *v = arena_alloc(a, json_array_size(arr) * sizeof *v);
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        const char *p = arena_printf(a, "%s[%zu]", path, i);
        mc_err e = text(a, x, "code", p, &v[i].code, err);
        if (!e) e = text(a, x, "label", p, &v[i].label, err);
        if (e) return e;
        if (!code_ok(v[i].code)) return bad(err, a, p, "mã lựa chọn chỉ gồm chữ thường, số và dấu _");
        for (size_t k = 0; k < i; k++)
            if (!strcmp(v[k].code, v[i].code)) return bad(err, a, p, "mã lựa chọn trùng");
    }
    *out = v;
    *n = json_array_size(arr);
    return MC_OK;
}

mc_err rating_set_from_json(arena *a, json_t *doc, rating_set *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    if (!json_is_object(doc)) return bad(err, a, "", "phải là một đối tượng JSON");
    mc_err e = text(a, doc, "version", "", &out->version, err);
    if (!e) e = text(a, doc, "effective_from", "", &out->effective_from, err);
    if (!e) e = text(a, doc, "source", "", &out->source, err);
    if (e) return e;
    mc_day day;
    if (!day_parse(out->effective_from, &day)) return bad(err, a, "effective_from", "ngày phải có dạng YYYY-MM-DD");
    if (strlen(out->version) > 32) return bad(err, a, "version", "tối đa 32 ký tự");
    json_t *ov = json_object_get(doc, "overall");
    if ((e = text(a, ov, "text", "overall", &out->overall_text, err))) return e;
    const rating_option *opts;
    size_t n;
    if ((e = options(a, json_object_get(ov, "options"), "overall.options", &opts, &n, err))) return e;
    if (n != RATING_OVERALL_N) return bad(err, a, "overall.options", "câu hỏi chung có đúng 3 lựa chọn");
    for (size_t i = 0; i < n; i++) {
        if (strcmp(opts[i].code, rating_overall_codes[i]))
            return bad(err, a, "overall.options",
                       "các lựa chọn là very_satisfied, satisfied, dissatisfied theo thứ tự");
        out->overall[i] = opts[i];
    }
    json_t *qs = json_object_get(doc, "questions");
    if (qs && !json_is_array(qs)) return bad(err, a, "questions", "phải là một mảng");
    size_t nq = qs ? json_array_size(qs) : 0;
    if (nq > 30) return bad(err, a, "questions", "tối đa 30 câu hỏi");
    rating_question *q = arena_alloc(a, (nq ? nq : 1) * sizeof *q);
    for (size_t i = 0; i < nq; i++) {
        json_t *x = json_array_get(qs, i);
        const char *p = arena_printf(a, "questions[%zu]", i);
        memset(&q[i], 0, sizeof q[i]);
        if ((e = text(a, x, "code", p, &q[i].code, err)) || (e = text(a, x, "text", p, &q[i].text, err))) return e;
        if (!code_ok(q[i].code) || !strcmp(q[i].code, "overall"))
            return bad(err, a, p, "mã câu hỏi chỉ gồm chữ thường, số và dấu _, khác overall");
        for (size_t k = 0; k < i; k++)
            if (!strcmp(q[k].code, q[i].code)) return bad(err, a, p, "mã câu hỏi trùng");
        const char *src = json_string_value(json_object_get(x, "source"));
        q[i].source = src ? arena_strdup(a, src) : NULL;
        q[i].required = json_is_true(json_object_get(x, "required"));
        if ((e = options(a, json_object_get(x, "options"), arena_printf(a, "%s.options", p), &q[i].options,
                         &q[i].noptions, err)))
            return e;
    }
    out->questions = q;
    out->nquestions = nq;
    const char *ct = json_string_value(json_object_get(json_object_get(doc, "comment"), "text"));
    out->comment_text = arena_strdup(a, ct ? ct : "Góp ý thêm (không bắt buộc)");
    return MC_OK;
}

mc_err rating_set_parse(arena *a, const char *text_, size_t len, rating_set *out, mc_error *err) {
    json_error_t je;
    json_t *doc = json_loadb(text_, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return mc_failf(err, MC_ERR_INVALID, "", "Tệp bộ câu hỏi đánh giá không phải JSON hợp lệ (dòng %d: %s).",
                        "Rating set is not valid JSON (line %d: %s).", je.line, je.text);
    mc_err e = rating_set_from_json(a, doc, out, err);
    json_decref(doc);
    return e;
}
