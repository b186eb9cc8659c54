/* api_ratings.c - the applicant's rating of a returned dossier (issue 14):
 * POST/GET /api/v1/dossiers/{code}/rating (the citizen owner on the portal,
 * the receiver at the counter; officers who handled the dossier read it),
 * POST/GET /api/v1/track/{code}/rating (code + tracking key, no login), and
 * GET /api/v1/ratings/summary (counts by competent unit, never a name).
 * Every view carries the facts computed from the dossier's record
 * (rating_facts.h), which nobody is asked. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "auth.h"
#include "field_limits.h"
#include "journal.h"
#include "rating_facts.h"
#include "rating_set_json.h"
#include "ratings.h"
#include "units.h"

static ds_actor actor_of(const user *u) {
    return (ds_actor){u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
}

static const char *timing_words(const char *t) {
    if (!t) return NULL;
    return !strcmp(t, "early") ? "trước hạn" : !strcmp(t, "late") ? "trễ hạn" : "đúng hạn";
}

/* ---- opening a dossier with its code and tracking key ------------------------------------------ */

mc_err api_track_open(api_req *r, const char *code, const char *key, dossier *d, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    mc_time now = time_now();
    mc_err e = auth_track_allowed(r->app->st, &r->app->policy, r->client, now, err);
    if (e) return e;
    bool exists = code && strlen(code) < 64 && dossier_get(c, r->a, code, d, NULL) == MC_OK;
    /* As public tracking: a short key stops opening a code after its limit of wrong keys. */
    bool short_ok =
        !key || strlen(key) != 4 || (exists && auth_track_short_key_ok(r->app->st, &r->app->policy, code, now));
    if (!(exists && short_ok && dossier_key_ok(c, d, key))) {
        auth_track_failed(r->app->st, &r->app->policy, r->client, exists ? code : NULL, now);
        return mc_fail(err, MC_ERR_NOT_FOUND, "code", API_TRACK_NOT_FOUND_VI, "No dossier with this code and key.");
    }
    return MC_OK;
}

/* ---- the question set ------------------------------------------------------------------------------- */

/* The set in force today (version NULL) or a stored version, parsed; *doc (may be NULL) gets its JSON (owned). */
static mc_err set_of(api_req *r, const char *version, rating_set *set, json_t **doc, mc_error *err) {
    const char *body;
    mc_err e = ratings_set_body(store_reader(r->app->st), r->a, version, time_local_day(time_now()), &body, err);
    if (e) return e;
    json_t *j = json_loads(body, 0, NULL);
    if (!j)
        return mc_fail(err, MC_ERR_INTERNAL, NULL, "Bộ câu hỏi đánh giá đã lưu bị hỏng.",
                       "Stored rating set is not JSON.");
    e = rating_set_from_json(r->a, j, set, err);
    if (e || !doc)
        json_decref(j);
    else
        *doc = j;
    return e;
}

/* ---- views ---------------------------------------------------------------------------------------------- */

/* The facts computed from the dossier's record, with the legacy items 1-4. */
static json_t *facts_json(api_req *r, const dossier *d) {
    store_conn *c = store_reader(r->app->st);
    journal_entry *v = NULL;
    size_t n = 0;
    mc_error err;
    if (journal_of(c, r->a, d->tenant, d->id, &v, &n, &err)) n = 0;
    app_calendar *h = app_calendar_acquire(r->app, &err);
    if (!h) return json_null();
    rating_facts f;
    rating_facts_of(h->cal, d, v, n, r->a, &f);
    char used[64], allowed[64];
    rating_facts_duration_text(h->cal, f.used_seconds, used, sizeof used);
    rating_facts_duration_text(h->cal, f.allowed_seconds, allowed, sizeof allowed);
    json_t *agencies = json_array();
    for (size_t i = 0; i < f.nunits; i++) {
        org_unit u;
        char t[64];
        const rating_unit_time *x = &f.units[i];
        json_array_append_new(
            agencies, json_pack("{s:s, s:o, s:I, s:s, s:o, s:o}", "code", x->unit_code, "name",
                                units_get(c, r->a, x->unit_code, &u, NULL) == MC_OK ? json_string(u.name) : json_null(),
                                "seconds", (json_int_t)x->seconds, "text",
                                rating_facts_duration_text(h->cal, x->seconds, t, sizeof t), "timing",
                                api_jstr(x->timing), "timing_text", api_jstr(timing_words(x->timing))));
    }
    app_calendar_release(r->app, h);
    static const char *const items[4] = {
        "Tổng thời gian giải quyết so với thời gian quy định",
        "Thời gian giải quyết tại từng cơ quan, đơn vị (cả cơ quan phối hợp)",
        "Số lần phải liên hệ để hoàn thiện hồ sơ (yêu cầu bổ sung)",
        "Số cơ quan, đơn vị người nộp phải liên hệ",
    };
    json_t *legacy = json_array();
    int points = 0, known = 0;
    for (int i = 0; i < 4; i++) {
        json_array_append_new(legacy, json_pack("{s:i, s:s, s:o}", "no", i + 1, "name", items[i], "points",
                                                f.legacy[i] < 0 ? json_null() : json_integer(f.legacy[i])));
        if (f.legacy[i] >= 0) {
            points += f.legacy[i];
            known++;
        }
    }
    return json_pack(
        "{s:o, s:o, s:o, s:{s:I, s:s}, s:{s:I, s:s}, s:o, s:o, s:i, s:i, s:o, s:{s:s, s:s, s:o, s:i, s:i}}",
        "received_at", api_when_json(f.start), "decided_at", api_when_json(f.end), "statutory_due",
        api_when_json(f.statutory_due), "used", "seconds", (json_int_t)f.used_seconds, "text", used, "allowed",
        "seconds", (json_int_t)f.allowed_seconds, "text", allowed, "timing", api_jstr(f.timing), "timing_text",
        api_jstr(timing_words(f.timing)), "supplements", f.supplements, "contacts", f.contacts, "agencies", agencies,
        "legacy", "source", "TT 01/2018/TT-VPCP (legacy)", "label",
        "Đánh giá theo Thông tư 01/2018/TT-VPCP (cũ), chỉ số 1–4 tính từ hồ sơ; chưa xác minh Nghị định 118/2025 "
        "và Thông tư 03/2025 còn giữ cách đánh giá này",
        "items", legacy, "points", points, "max", 2 * known);
}

/* A stored rating with the words of its set; intact: its journal entry holds its digest. */
static json_t *rating_json(api_req *r, const dossier *d, const rating *x) {
    rating_set set;
    mc_error err;
    bool have_set = set_of(r, x->set_version, &set, NULL, &err) == MC_OK;
    json_t *given = json_loads(x->answers, 0, NULL), *answers = json_array();
    const char *code;
    json_t *val;
    json_object_foreach(given, code, val) {
        const char *text = code, *label = json_string_value(val);
        for (size_t i = 0; have_set && i < set.nquestions; i++)
            if (!strcmp(set.questions[i].code, code)) {
                text = set.questions[i].text;
                for (size_t k = 0; k < set.questions[i].noptions; k++)
                    if (label && !strcmp(set.questions[i].options[k].code, label))
                        label = set.questions[i].options[k].label;
            }
        json_array_append_new(answers, json_pack("{s:s, s:s, s:s, s:s}", "code", code, "text", text, "answer",
                                                 json_string_value(val), "label", label ? label : ""));
    }
    json_decref(given);
    /* Tampering shows: the journal's "rate" entry holds the digest of what is stored. */
    journal_entry *v;
    size_t n = 0;
    bool intact = false;
    const char *want = ratings_journal_note(r->a, d->code, x);
    if (journal_of(store_reader(r->app->st), r->a, d->tenant, d->id, &v, &n, &err) == MC_OK)
        for (size_t i = 0; i < n; i++)
            if (v[i].action && !strcmp(v[i].action, RATINGS_ACTION)) intact = v[i].note && !strcmp(v[i].note, want);
    return json_pack("{s:{s:s, s:s}, s:o, s:o, s:{s:s, s:s}, s:o, s:s, s:b}", "overall", "code", x->overall, "label",
                     rating_overall_label(x->overall), "answers", answers, "comment", api_jstr(x->comment), "channel",
                     "name", rating_channel_name(x->channel), "label", rating_channel_label(x->channel), "rated_at",
                     api_when_json(x->rated_at), "set_version", x->set_version, "intact", intact);
}

json_t *api_rating_view(api_req *r, const dossier *d) {
    rating x;
    bool rated = ratings_of(store_reader(r->app->st), r->a, d->tenant, d->id, &x, NULL) == MC_OK;
    bool open = !rated && d->state == DS_RETURNED && !d->parent_id;
    json_t *questions = NULL;
    rating_set set;
    mc_error e2;
    if (open && set_of(r, NULL, &set, &questions, &e2)) questions = NULL;
    const char *why = rated                     ? "Hồ sơ này đã được đánh giá."
                      : d->parent_id            ? "Hồ sơ liên thông được đánh giá trên hồ sơ chính."
                      : d->state != DS_RETURNED ? "Đánh giá sau khi nhận kết quả."
                                                : NULL;
    json_t *out =
        json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:b, s:o, s:b, s:o, s:o, s:o}", "code", d->code, "procedure",
                  "code", d->procedure_code, "name", d->procedure_name, "state", "name", ds_state_name(d->state),
                  "label", ds_state_label(d->state), "rated", rated, "rating",
                  rated ? rating_json(r, d, &x) : json_null(), "can_rate", open && questions != NULL, "closed_reason",
                  api_jstr(why), "questions", questions ? questions : json_null(), "facts", facts_json(r, d));
    json_object_set_new(out, "parent", api_jstr(d->parent_code));
    return out;
}

static mc_err reply_view(api_req *r, int status, const dossier *d, mc_error *err) {
    (void)err;
    return api_reply(r, status, api_rating_view(r, d));
}

/* ---- reading the answers ------------------------------------------------------------------------- */

static mc_err read_input(api_req *r, json_t *body, rating_input *in, mc_error *err) {
    memset(in, 0, sizeof *in);
    mc_err e = api_json_str(r, body, "overall", true, &in->overall, err);
    if (!e) e = api_json_str(r, body, "comment", false, &in->comment, err);
    if (e) return e;
    json_t *ans = json_object_get(body, "answers");
    if (!ans || json_is_null(ans)) return MC_OK;
    if (!json_is_object(ans) || json_object_size(ans) > 30)
        return mc_fail(err, MC_ERR_INVALID, "answers",
                       "Trường \"answers\" phải là một đối tượng: mã câu hỏi → mã câu trả lời (tối đa 30).",
                       "answers must be an object: question code → answer code.");
    size_t n = json_object_size(ans);
    const char **codes = arena_alloc(r->a, (n + 1) * sizeof *codes), **vals = arena_alloc(r->a, (n + 1) * sizeof *vals);
    const char *k;
    json_t *v;
    json_object_foreach(ans, k, v) {
        const char *path = arena_printf(r->a, "answers.%.40s", k);
        if (strlen(k) > 64)
            return mc_fail(err, MC_ERR_INVALID, "answers", "Mã câu hỏi dài quá (tối đa 64 ký tự).",
                           "Question code too long.");
        if (!json_is_string(v))
            return mc_failf(err, MC_ERR_INVALID, path, "Câu trả lời cho \"%s\" phải là một mã lựa chọn (chuỗi).",
                            "The answer to %s must be a string.", k);
        if ((e = api_json_str_at(r, ans, k, path, false, &vals[in->n], err))) return e;
        if ((e = field_limit_check(path, "answer", vals[in->n], err))) return e;
        codes[in->n++] = arena_strdup(r->a, k);
    }
    in->codes = codes;
    in->answers = vals;
    return MC_OK;
}

/* Records the rating of `code` from the request's JSON body through channel ch (who NULL: anonymous). */
static mc_err rate(api_req *r, const ds_actor *who, const char *code, rating_channel ch, json_t *body, mc_error *err) {
    rating_input in;
    rating_set set;
    mc_err e = read_input(r, body, &in, err);
    if (!e) e = set_of(r, NULL, &set, NULL, err);
    if (e) return e;
    in.channel = ch;
    if ((e = ratings_record(r->app->st, &set, who, code, &in, time_now(), r->a, NULL, err))) return e;
    dossier d;
    if ((e = dossier_get(store_reader(r->app->st), r->a, code, &d, err))) return e;
    return reply_view(r, 201, &d, err);
}

/* ---- handlers -------------------------------------------------------------------------------------- */

mc_err api_dossiers_rate(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    ds_actor who = actor_of(u);
    dossier d;
    if ((e = dossier_get(store_reader(r->app->st), r->a, r->params[0], &d, err))) return e;
    if (!dossier_may_read(&who, &d)) return dossier_not_found(err);
    bool citizen = (u->roles & ROLE_CITIZEN) != 0;
    /* An officer rates only for the applicant in front of them, at the counter of the dossier's receiving unit. */
    if (!citizen && !((u->roles & ROLE_RECEIVER) &&
                      perm_allows(ROLE_RECEIVER, u->unit_path, ACT_DOSSIER_RECEIVE, d.receiving_unit_path)))
        return mc_fail(
            err, MC_ERR_FORBIDDEN, NULL,
            "Chỉ cán bộ một cửa của nơi nhận hồ sơ mới ghi nhận đánh giá tại quầy, cho người nộp đang có mặt.",
            "Only a receiver of the dossier's receiving unit records a rating at the counter.");
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    e = rate(r, &who, d.code, citizen ? RATING_PORTAL : RATING_COUNTER, body, err);
    json_decref(body);
    return e;
}

mc_err api_track_rate(api_req *r, mc_error *err) {
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    const char *key = NULL;
    dossier d;
    e = api_json_str(r, body, "key", true, &key, err);
    if (!e) e = api_track_open(r, r->params[0], key, &d, err);
    if (!e) e = rate(r, NULL, d.code, RATING_TRACKING, body, err);
    json_decref(body);
    return e;
}

mc_err api_dossiers_rating(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    ds_actor who = actor_of(u);
    dossier d;
    store_conn *c = store_reader(r->app->st);
    if ((e = dossier_get(c, r->a, r->params[0], &d, err))) return e;
    if (!dossier_may_read(&who, &d)) return dossier_not_found(err);
    bool own = (u->roles & ROLE_CITIZEN) && d.citizen_user_id == u->id;
    if (!own && !ratings_handled_by(c, &who, &d))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Chỉ người nộp và cán bộ đã xử lý hồ sơ này xem được đánh giá của hồ sơ; lãnh đạo, giám sát xem "
                       "số liệu tổng hợp (/api/v1/ratings/summary).",
                       "Only the applicant and the officers who handled the dossier read its rating.");
    return reply_view(r, 200, &d, err);
}

mc_err api_track_rating(api_req *r, mc_error *err) {
    dossier d;
    mc_err e = api_track_open(r, r->params[0], api_query(r, "key"), &d, err);
    if (e) return e;
    return reply_view(r, 200, &d, err);
}

static json_t *counts_json(const rating_counts *n) {
    json_t *share;
    if (n->total) {
        /* (very satisfied + satisfied) / total × 100, to 2 decimals; N/A without a rating (not 0). */
        long hundredths = ((n->very_satisfied + n->satisfied) * 20000 + n->total) / (2 * n->total);
        share = json_real((double)hundredths / 100.0);
    } else {
        share = json_string("N/A");
    }
    return json_pack("{s:I, s:I, s:I, s:I, s:o}", "very_satisfied", (json_int_t)n->very_satisfied, "satisfied",
                     (json_int_t)n->satisfied, "dissatisfied", (json_int_t)n->dissatisfied, "total",
                     (json_int_t)n->total, "satisfied_share", share);
}

mc_err api_ratings_summary(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (!(u->roles & (ROLE_LEADER | ROLE_SUPERVISOR | ROLE_ADMIN)))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Số liệu đánh giá tổng hợp dành cho lãnh đạo, cán bộ giám sát và quản trị.",
                       "The ratings summary is for leaders, supervisors and administrators.");
    org_unit unit;
    mc_day from, to;
    if ((e = api_report_unit(r, &unit, err)) || (e = api_report_period(r, &from, &to, err))) return e;
    mc_time t0 = time_from_local(from, 0), t1 = time_from_local(to + 1, 0);
    store_conn *c = store_reader(r->app->st);
    rating_counts total;
    rating_unit_row *rows;
    size_t n;
    if ((e = ratings_summary(c, unit.path, t0, t1, &total, err)) ||
        (e = ratings_by_unit(c, r->a, unit.path, t0, t1, &rows, &n, err)))
        return e;
    json_t *units = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(units, json_pack("{s:{s:s, s:s}, s:o}", "unit", "code", rows[i].unit_code, "name",
                                               rows[i].unit_name, "counts", counts_json(&rows[i].n)));
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return api_reply(r, 200,
                     json_pack("{s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:s}", "unit", "code", unit.code, "name", unit.name,
                               "from", f, "to", t, "total", counts_json(&total), "units", units, "note",
                               "Đếm theo cơ quan có thẩm quyền giải quyết và ngày đánh giá; mỗi hồ sơ một lần (hồ sơ "
                               "liên thông không đánh giá riêng). Tỷ lệ hài lòng = (Rất hài lòng + Hài lòng) / tổng "
                               "số đánh giá × 100; N/A khi chưa có đánh giá."));
}
