/* ratings.c - the applicant's rating of a returned dossier (ratings.h). */
#include "ratings.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "units.h"

const char *const rating_overall_codes[RATING_OVERALL_N] = {"very_satisfied", "satisfied", "dissatisfied"};
static const char *const overall_labels[RATING_OVERALL_N] = {"Rất hài lòng", "Hài lòng", "Không hài lòng"};

static const struct {
    const char *name, *label;
} channels[RATING__CHANNELS] = {
    [RATING_PORTAL] = {"portal", "trên cổng dịch vụ công (đã đăng nhập)"},
    [RATING_TRACKING] = {"tracking", "trên trang tra cứu (mã hồ sơ và mã tra cứu)"},
    [RATING_COUNTER] = {"counter", "tại quầy, trên máy tính bảng"},
};

const char *rating_channel_name(rating_channel c) {
    return c >= 0 && c < RATING__CHANNELS ? channels[c].name : NULL;
}

const char *rating_channel_label(rating_channel c) {
    return c >= 0 && c < RATING__CHANNELS ? channels[c].label : NULL;
}

int rating_channel_parse(const char *s) {
    for (int i = 0; s && i < RATING__CHANNELS; i++)
        if (!strcmp(s, channels[i].name)) return i;
    return -1;
}

const char *rating_overall_label(const char *code) {
    for (int i = 0; code && i < RATING_OVERALL_N; i++)
        if (!strcmp(code, rating_overall_codes[i])) return overall_labels[i];
    return NULL;
}

/* ---- question sets --------------------------------------------------------------------------- */

mc_err ratings_set_put(store_conn *w, const rating_set *set, const char *body, mc_time now, mc_error *err) {
    int64_t changed = 0;
    mc_err e =
        store_exec(w, Q_RATING_SET_PUT,
                   SV_ARGS(SV_T(set->version), SV_T(set->effective_from), SV_T(set->source), SV_T(body), SV_I(now)),
                   &changed, err);
    if (e || changed) return e;
    store_rows *r = store_query(w, Q_RATING_SET_GET, SV_ARGS(SV_T(set->version)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool same = k == 1 && !strcmp(store_text(r, 3), body);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!same)
        return mc_failf(err, MC_ERR_CONFLICT, "version",
                        "Bộ câu hỏi đánh giá phiên bản %s đã có với nội dung khác; một phiên bản đã dùng không được "
                        "sửa, hãy đặt phiên bản mới.",
                        "Rating set %s exists with another content; give the new one a new version.", set->version,
                        set->version);
    return MC_OK;
}

mc_err ratings_set_body(store_conn *c, arena *a, const char *version, mc_day day, const char **body, mc_error *err) {
    char d[11];
    day_format(day, d);
    store_rows *r = version ? store_query(c, Q_RATING_SET_GET, SV_ARGS(SV_T(version)), err)
                            : store_query(c, Q_RATING_SET_CURRENT, SV_ARGS(SV_T(d)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    *body = k == 1 ? arena_strdup(a, store_text(r, 3)) : NULL;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!*body)
        return mc_fail(err, MC_ERR_CONFLICT, "set",
                       "Chưa có bộ câu hỏi đánh giá đang áp dụng; quản trị viên cần nạp bộ câu hỏi (data/ratings).",
                       "No rating question set is in force.");
    return MC_OK;
}

/* ---- one rating -------------------------------------------------------------------------------- */

/* s as a JSON string (quotes, backslashes and control characters escaped). */
static void json_quote(buf *b, const char *s) {
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            buf_printf(b, "\\u%04x", *p);
        } else {
            buf_putc(b, (char)*p);
        }
    }
    buf_putc(b, '"');
}

/* The answers checked against the set, as a JSON object in the set's order of questions (arena). */
static mc_err answers_json(arena *a, const rating_set *set, const rating_input *in, const char **out, mc_error *err) {
    if (!rating_overall_label(in->overall))
        return mc_fail(err, MC_ERR_INVALID, "overall",
                       "Vui lòng chọn mức độ hài lòng: Rất hài lòng, Hài lòng hoặc Không hài lòng "
                       "(very_satisfied, satisfied, dissatisfied).",
                       "overall must be very_satisfied, satisfied or dissatisfied.");
    for (size_t i = 0; i < in->n; i++) {
        const rating_question *q = NULL;
        for (size_t k = 0; k < set->nquestions && !q; k++)
            if (!strcmp(set->questions[k].code, in->codes[i])) q = &set->questions[k];
        if (!q)
            return mc_failf(err, MC_ERR_INVALID, arena_printf(a, "answers.%s", in->codes[i]),
                            "Bộ câu hỏi đánh giá %s không có câu hỏi «%s».", "Rating set %s has no question %s.",
                            set->version, in->codes[i], set->version, in->codes[i]);
        for (size_t k = 0; k < i; k++)
            if (!strcmp(in->codes[k], in->codes[i]))
                return mc_failf(err, MC_ERR_INVALID, arena_printf(a, "answers.%s", in->codes[i]),
                                "Câu hỏi «%s» được trả lời hai lần.", "Question %s answered twice.", q->text,
                                in->codes[i]);
        bool offered = false;
        for (size_t k = 0; k < q->noptions && !offered; k++)
            offered = in->answers[i] && !strcmp(q->options[k].code, in->answers[i]);
        if (!offered) {
            buf words = {0};
            for (size_t k = 0; k < q->noptions; k++)
                buf_printf(&words, "%s%s (%s)", k ? ", " : "", q->options[k].label, q->options[k].code);
            mc_err e = mc_failf(err, MC_ERR_INVALID, arena_printf(a, "answers.%s", q->code),
                                "Câu trả lời cho «%s» không thuộc thang đánh giá; chọn một trong: %s.",
                                "The answer to %s is not on its scale (%s).", q->text, words.data ? words.data : "",
                                q->code, words.data ? words.data : "");
            buf_free(&words);
            return e;
        }
    }
    buf b = {0};
    buf_putc(&b, '{');
    bool first = true;
    for (size_t k = 0; k < set->nquestions; k++) {
        const rating_question *q = &set->questions[k];
        const char *given = NULL;
        for (size_t i = 0; i < in->n && !given; i++)
            if (!strcmp(in->codes[i], q->code)) given = in->answers[i];
        if (!given) {
            if (!q->required) continue;
            buf_free(&b);
            return mc_failf(err, MC_ERR_INVALID, arena_printf(a, "answers.%s", q->code),
                            "Vui lòng trả lời câu hỏi «%s».", "Question %s is required.", q->text, q->code);
        }
        if (!first) buf_putc(&b, ',');
        first = false;
        json_quote(&b, q->code);
        buf_putc(&b, ':');
        json_quote(&b, given);
    }
    buf_putc(&b, '}');
    *out = arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return MC_OK;
}

/* Each field of the digest with its length, so that no two ratings read the same. */
static void digest_field(crypto_hash_sha256_state *st, const char *s) {
    char len[24];
    size_t n = s ? strlen(s) : 0;
    snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
    if (n) crypto_hash_sha256_update(st, (const unsigned char *)s, n);
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

void ratings_digest(const char *code, const rating *r, char out[65]) {
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    char at[24];
    snprintf(at, sizeof at, "%lld", (long long)r->rated_at);
    digest_field(&st, "motcua rating v1");
    digest_field(&st, code);
    digest_field(&st, r->set_version);
    digest_field(&st, r->overall);
    digest_field(&st, r->answers);
    digest_field(&st, r->comment);
    digest_field(&st, rating_channel_name(r->channel));
    digest_field(&st, at);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

const char *ratings_journal_note(arena *a, const char *code, const rating *r) {
    char hex[65];
    ratings_digest(code, r, hex);
    return arena_printf(a, "%s sha256:%s", rating_channel_name(r->channel), hex);
}

/* Whether who may rate d through channel ch (the tracking key is the caller's to check). */
static bool may_rate(const ds_actor *who, const dossier *d, rating_channel ch) {
    switch (ch) {
    case RATING_TRACKING: return true;
    case RATING_PORTAL:
        return who && (who->roles & ROLE_CITIZEN) && d->citizen_user_id && d->citizen_user_id == who->user_id;
    case RATING_COUNTER:
        return who && (who->roles & ROLE_RECEIVER) &&
               perm_allows(ROLE_RECEIVER, who->unit_path, ACT_DOSSIER_RECEIVE, d->receiving_unit_path);
    default: return false;
    }
}

/* Writes the rating and its journal entry inside w. */
static mc_err record_locked(store_conn *w, arena *a, const rating_set *set, const ds_actor *who, const char *code,
                            const rating_input *in, mc_time now, rating *out, mc_error *err) {
    dossier d;
    mc_err e = dossier_get(w, a, code, &d, err);
    if (e) return e;
    if (!may_rate(who, &d, in->channel)) return dossier_not_found(err);
    const char *answers = NULL;
    if ((e = answers_json(a, set, in, &answers, err))) return e;
    const char *comment = in->comment && *in->comment ? in->comment : NULL;
    if ((e = field_limit_check("comment", "comment", comment, err))) return e;
    if (d.parent_id)
        return mc_failf(err, MC_ERR_CONFLICT, "code",
                        "Hồ sơ %s là hồ sơ liên thông giữa các cơ quan; người nộp đánh giá trên hồ sơ chính %s.",
                        "%s is a partner dossier; it is rated on its lead dossier %s.", d.code,
                        d.parent_code ? d.parent_code : "", d.code, d.parent_code ? d.parent_code : "");
    if (d.state != DS_RETURNED)
        return mc_failf(err, MC_ERR_CONFLICT, "code",
                        "Chỉ đánh giá được khi đã nhận kết quả; hồ sơ %s đang ở trạng thái «%s».",
                        "Only a returned dossier can be rated; %s is %s.", d.code, ds_state_label(d.state), d.code,
                        ds_state_name(d.state));
    rating r = {0, set->version, in->overall, answers, comment, in->channel, now};
    int64_t changed = 0;
    e = store_exec(w, Q_RATING_INSERT,
                   SV_ARGS(SV_T(d.tenant), SV_I(d.id), SV_I(d.competent_unit_id), SV_I(d.receiving_unit_id),
                           SV_T(d.procedure_code), SV_T(r.set_version), SV_T(r.overall), SV_T(r.answers),
                           SV_T(r.comment), SV_T(rating_channel_name(r.channel)), SV_I(r.rated_at)),
                   &changed, err);
    if (e) return e;
    if (!changed) return mc_fail(err, MC_ERR_CONFLICT, "code", "Hồ sơ này đã được đánh giá.", "Already rated.");
    bool officer = in->channel == RATING_COUNTER;
    journal_entry j = {.dossier_id = d.id,
                       .tenant = d.tenant,
                       .at = now,
                       .user_id = who && in->channel != RATING_TRACKING ? who->user_id : 0,
                       .actor = who && in->channel != RATING_TRACKING ? who->username : "Người nộp hồ sơ",
                       .role = officer ? "receiver" : "citizen",
                       .unit_code = officer ? who->unit_code : NULL,
                       .action = RATINGS_ACTION,
                       .from_state = ds_state_name(d.state),
                       .to_state = ds_state_name(d.state),
                       .step_seq = d.step_seq,
                       .step_name = d.step_name,
                       .step_due_at = d.step_due_at,
                       .note = ratings_journal_note(a, d.code, &r)};
    if ((e = journal_append(w, &j, err))) return e;
    if ((e = store_exec(w, Q_RATING_TOUCH, SV_ARGS(SV_I(d.id), SV_T(d.tenant)), NULL, err))) return e;
    if (out) *out = r;
    return MC_OK;
}

mc_err ratings_record(store *s, const rating_set *set, const ds_actor *who, const char *code, const rating_input *in,
                      mc_time now, arena *a, rating *out, mc_error *err) {
    if (in->channel < 0 || in->channel >= RATING__CHANNELS)
        return mc_fail(err, MC_ERR_INVALID, "channel", "Kênh đánh giá không hợp lệ.", "Unknown channel.");
    /* The dossier's tenant decides the lock (its chain of the journal). */
    dossier peek;
    mc_err e = dossier_get(store_reader(s), a, code, &peek, err);
    if (e) return e;
    store_conn *w = store_begin_tenant(s, peek.tenant, err);
    if (!w) return err->code;
    if ((e = record_locked(w, a, set, who, code, in, now, out, err))) {
        store_rollback(w);
        return e;
    }
    if ((e = store_commit(w, err))) return e;
    if (out) {
        /* the id, as stored */
        rating stored;
        if (ratings_of(store_reader(s), a, peek.tenant, peek.id, &stored, NULL) == MC_OK) out->id = stored.id;
    }
    return MC_OK;
}

mc_err ratings_of(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, rating *out, mc_error *err) {
    store_rows *r = store_query(c, Q_RATING_OF, SV_ARGS(SV_T(tenant), SV_I(dossier_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        out->id = store_int(r, 0);
        out->set_version = arena_strdup(a, store_text(r, 1));
        out->overall = arena_strdup(a, store_text(r, 2));
        out->answers = arena_strdup(a, store_text(r, 3));
        out->comment = store_null(r, 4) ? NULL : arena_strdup(a, store_text(r, 4));
        int ch = rating_channel_parse(store_text(r, 5));
        out->channel = ch < 0 ? RATING_PORTAL : (rating_channel)ch;
        out->rated_at = store_int(r, 6);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return mc_fail(err, MC_ERR_NOT_FOUND, "rating", "Hồ sơ chưa được đánh giá.", "Not rated yet.");
    return MC_OK;
}

bool ratings_handled_by(store_conn *c, const ds_actor *who, const dossier *d) {
    if (!who || !who->user_id) return false;
    int64_t n = 0;
    if (store_scalar_int(c, Q_RATING_HANDLED,
                         SV_ARGS(SV_T(d->tenant), SV_I(who->user_id), SV_I(d->id), SV_T(d->tenant), SV_I(d->id)), &n,
                         NULL))
        return false;
    return n > 0;
}

/* ---- counts ------------------------------------------------------------------------------------- */

static void read_counts(store_rows *r, int col, rating_counts *n) {
    n->very_satisfied = (long)store_int(r, col);
    n->satisfied = (long)store_int(r, col + 1);
    n->dissatisfied = (long)store_int(r, col + 2);
    n->total = (long)store_int(r, col + 3);
}

mc_err ratings_summary(store_conn *c, const char *unit_path, mc_time from, mc_time to, rating_counts *out,
                       mc_error *err) {
    memset(out, 0, sizeof *out);
    char like[300], tenant[UNITS_TENANT_MAX];
    snprintf(like, sizeof like, "%s%%", unit_path);
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (e) return e;
    store_rows *r = store_query(c, Q_RATING_SUMMARY, SV_ARGS(SV_T(like), SV_T(tenant), SV_I(from), SV_I(to)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_counts(r, 0, out);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err ratings_by_unit(store_conn *c, arena *a, const char *unit_path, mc_time from, mc_time to, rating_unit_row **rows,
                       size_t *n, mc_error *err) {
    char like[300], tenant[UNITS_TENANT_MAX];
    snprintf(like, sizeof like, "%s%%", unit_path);
    *rows = NULL;
    *n = 0;
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (e) return e;
    store_rows *r = store_query(c, Q_RATING_BY_UNIT, SV_ARGS(SV_T(like), SV_T(tenant), SV_I(from), SV_I(to)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 0;
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            rating_unit_row *v = arena_alloc(a, ncap * sizeof *v);
            if (*n) memcpy(v, *rows, *n * sizeof *v);
            *rows = v;
            cap = ncap;
        }
        rating_unit_row *row = &(*rows)[(*n)++];
        row->unit_code = arena_strdup(a, store_text(r, 0));
        row->unit_name = arena_strdup(a, store_text(r, 1));
        read_counts(r, 2, &row->n);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}
