/* surveys.c - SIPAS campaigns: questionnaires kept, campaigns created, samples drawn, invites
 * answered once, the campaigns' journal (surveys.h). Paper answers: survey_import.c; the
 * results: survey_results.c. */
#include "surveys.h"
#include "survey_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "perm.h"
#include "text.h"
#include "units.h"

const char *survey_status_name(survey_status s) {
    static const char *const names[] = {"draft", "open", "closed"};
    return s <= SURVEY_CLOSED ? names[s] : "?";
}

const char *survey_status_label(survey_status s) {
    static const char *const labels[] = {"Dự thảo (chưa rút mẫu)", "Đang khảo sát", "Đã kết thúc"};
    return s <= SURVEY_CLOSED ? labels[s] : "?";
}

static survey_status status_parse(const char *s) {
    if (s && !strcmp(s, "open")) return SURVEY_OPEN;
    if (s && !strcmp(s, "closed")) return SURVEY_CLOSED;
    return SURVEY_DRAFT;
}

/* ---- questionnaires ---------------------------------------------------------------------------- */

mc_err surveys_questionnaire_put(store *s, const survey_form *f, const char *body, mc_time now, bool *added,
                                 mc_error *err) {
    *added = false;
    mc_err e = survey_form_check(f, err);
    if (e) return e;
    arena *a = arena_create();
    const char *form = survey_form_encode(a, f);
    store_conn *c = store_begin(s, err);
    if (!c) {
        arena_free(a);
        return err->code;
    }
    int64_t n = 0;
    e = store_exec(c, Q_QUESTIONNAIRE_INSERT,
                   SV_ARGS(SV_T(f->version), SV_T(f->title), SV_T(body), SV_T(form), SV_I(now)), &n, err);
    arena_free(a);
    if (e) {
        store_rollback(c);
        return e;
    }
    *added = n == 1;
    return store_commit(c, err);
}

mc_err surveys_questionnaire_get(store_conn *c, arena *a, const char *version, survey_form *f, const char **body,
                                 mc_error *err) {
    store_rows *r = version ? store_query(c, Q_QUESTIONNAIRE_GET, SV_ARGS(SV_T(version)), err)
                            : store_query(c, Q_QUESTIONNAIRE_LATEST, SV_NONE, err);
    if (!r) return err->code;
    int k = store_next(r, err);
    const char *form = NULL;
    if (k == 1) {
        form = arena_strdup(a, store_text(r, 1));
        if (body) *body = arena_strdup(a, store_text(r, 2));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return version ? mc_failf(err, MC_ERR_NOT_FOUND, "questionnaire", "Không có bảng hỏi phiên bản %s.",
                                  "No questionnaire %s.", version, version)
                       : mc_fail(err, MC_ERR_NOT_FOUND, "questionnaire",
                                 "Chưa nạp bảng hỏi SIPAS nào (motcua init --demo nạp data/sipas).",
                                 "No SIPAS questionnaire loaded.");
    return survey_form_decode(a, form, f, err);
}

/* ---- campaigns ---------------------------------------------------------------------------------- */

static void campaign_read(store_rows *r, arena *a, survey_campaign *c) {
#define TXT(i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))
    *c = (survey_campaign){
        .id = store_int(r, 0),
        .tenant = TXT(1),
        .name = TXT(2),
        .from = TXT(3),
        .to = TXT(4),
        .unit_id = store_int(r, 5),
        .unit_code = TXT(6),
        .unit_name = TXT(7),
        .unit_path = TXT(8),
        .questionnaire = TXT(9),
        .sample_size = store_int(r, 10),
        .min_answers = store_int(r, 11),
        .status = status_parse(store_text(r, 12)),
        .seed = TXT(13),
        .population = store_null(r, 14) ? -1 : store_int(r, 14),
        .drawn_at = store_null(r, 15) ? 0 : store_int(r, 15),
        .created_by = store_int(r, 16),
        .created_by_name = TXT(17),
        .created_at = store_int(r, 18),
        .invites = store_int(r, 19),
        .answered = store_int(r, 20),
        .responses = store_int(r, 21),
    };
#undef TXT
}

static bool may(const user *by, perm_action act, const char *path) {
    return by && perm_allows(by->roles, by->unit_path, act, path);
}

bool surveys_may_manage(const user *by, const survey_campaign *c) {
    return may(by, ACT_SURVEY_MANAGE, c->unit_path);
}

static mc_err not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có đợt khảo sát này (hoặc nằm ngoài phạm vi của bạn).",
                   "No such survey campaign.");
}

mc_err surveys_get(store_conn *c, arena *a, int64_t id, const user *by, survey_campaign *out, mc_error *err) {
    char tenant[UNITS_TENANT_MAX];
    mc_err e = surveys_get_in(c, a, id, by ? units_tenant_or_null(c, by->unit_path, tenant) : NULL, out, err);
    if (e == MC_OK && by && !may(by, ACT_SURVEY_READ, out->unit_path)) return not_found(err);
    return e;
}

mc_err surveys_get_in(store_conn *c, arena *a, int64_t id, const char *t, survey_campaign *out, mc_error *err) {
    store_rows *r;
    /* the counts in the select list take the tenant as a parameter: Citus sends a correlated sub-query to
     * every shard */
    int k = store_first_in(c, Q_SURVEY_GET_IN, SV_ARGS(SV_T(t), SV_T(t), SV_T(t), SV_I(id), SV_T(t)), Q_SURVEY_GET,
                           SV_ARGS(SV_I(id)), &r, err);
    if (k == 1) campaign_read(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return k == 0 ? not_found(err) : MC_OK;
}

mc_err surveys_list(store_conn *c, arena *a, const user *by, survey_campaign **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    if (!by || perm_scope_of(by->roles, ACT_SURVEY_READ) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Khảo sát SIPAS dành cho cán bộ giám sát, lãnh đạo và quản trị viên.",
                       "Survey campaigns are for supervisors, leaders and administrators.");
    /* a user reads the campaigns of the province they work in */
    char tenant[UNITS_TENANT_MAX];
    const char *t = units_tenant_or_null(c, by->unit_path, tenant);
    store_rows *r = store_query(c, Q_SURVEY_LIST, SV_ARGS(SV_T(t), SV_T(t), SV_T(t), SV_T("%"), SV_T(t)), err);
    if (!r) return err->code;
    size_t cap = 8;
    survey_campaign *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        survey_campaign sc;
        campaign_read(r, a, &sc);
        if (!may(by, ACT_SURVEY_READ, sc.unit_path)) continue;
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = sc;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

/* Appends an entry to a campaign's journal inside w. by NULL: a respondent. */
static mc_err event(store_conn *w, const char *tenant, int64_t id, const user *by, const char *action, mc_time now,
                    const char *note, mc_error *err) {
    return store_exec(w, Q_SURVEY_EVENT_INSERT,
                      SV_ARGS(SV_T(tenant), SV_I(id), by ? SV_I(by->id) : SV_N,
                              SV_T(by ? by->username : "người trả lời"), SV_T(action), SV_I(now), SV_T(note)),
                      NULL, err);
}

static bool limited_text(const char *s, size_t max) {
    return s && *s && text_chars(s) <= max && !strpbrk(s, "\r\n\t");
}

mc_err surveys_create(store *s, arena *a, const survey_new *in, const user *by, mc_time now, int64_t *id,
                      mc_error *err) {
    if (!by || perm_scope_of(by->roles, ACT_SURVEY_MANAGE) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Tạo đợt khảo sát dành cho cán bộ giám sát và quản trị viên.",
                       "Only supervisors and administrators create survey campaigns.");
    if (!limited_text(in->name, 200))
        return mc_fail(err, MC_ERR_INVALID, "name", "Vui lòng nhập tên đợt khảo sát (tối đa 200 ký tự, một dòng).",
                       "name is required (200 characters at most).");
    mc_day from, to;
    if (!in->from || !day_parse(in->from, &from))
        return mc_fail(err, MC_ERR_INVALID, "from", "Ngày bắt đầu kỳ khảo sát phải có dạng YYYY-MM-DD.",
                       "from: YYYY-MM-DD.");
    if (!in->to || !day_parse(in->to, &to))
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc kỳ khảo sát phải có dạng YYYY-MM-DD.",
                       "to: YYYY-MM-DD.");
    if (to < from) return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc trước ngày bắt đầu.", "to before from.");
    if (in->sample_size < 1 || in->sample_size > SURVEY_MAX_SAMPLE)
        return mc_failf(err, MC_ERR_INVALID, "sample_size", "Cỡ mẫu phải từ 1 đến %d hồ sơ.",
                        "sample_size must be 1 to %d.", SURVEY_MAX_SAMPLE, SURVEY_MAX_SAMPLE);
    if (in->min_answers < 0 || in->min_answers > 100000)
        return mc_fail(err, MC_ERR_INVALID, "min_answers", "Số phiếu tối thiểu để xếp hạng phải từ 1 đến 100000.",
                       "min_answers must be 1 to 100000.");
    store_conn *rd = store_reader(s);
    org_unit u;
    if (!in->unit_code || !*in->unit_code)
        return mc_fail(err, MC_ERR_INVALID, "unit", "Vui lòng chọn đơn vị khảo sát.", "unit is required.");
    mc_err e = units_get(rd, a, in->unit_code, &u, err);
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", in->unit_code,
                        in->unit_code);
    if (e) return e;
    if (!may(by, ACT_SURVEY_MANAGE, u.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "unit", "Đơn vị này nằm ngoài phạm vi quản lý của bạn.",
                       "The unit is outside your scope.");
    survey_form f;
    if ((e = surveys_questionnaire_get(rd, a, in->questionnaire, &f, NULL, err))) {
        if (e == MC_ERR_NOT_FOUND) err->code = e = MC_ERR_INVALID;
        return e;
    }
    int64_t min = in->min_answers ? in->min_answers : f.min_answers;
    char fd[11], td[11];
    day_format(from, fd);
    day_format(to, td);
    store_conn *w = store_begin_tenant(s, u.tenant, err);
    if (!w) return err->code;
    store_rows *r = store_query(w, Q_SURVEY_INSERT,
                                SV_ARGS(SV_T(u.tenant), SV_T(in->name), SV_T(fd), SV_T(td), SV_I(u.id), SV_T(f.version),
                                        SV_I(in->sample_size), SV_I(min), SV_I(by->id), SV_I(now)),
                                err);
    int k = r ? store_next(r, err) : -1;
    if (k == 1) *id = store_int(r, 0);
    store_rows_free(r);
    e = k == 1 ? MC_OK : MC_ERR_STORE;
    if (!e)
        e = event(w, u.tenant, *id, by, "create", now,
                  arena_printf(a, "%s; đơn vị %s; kỳ %s – %s; cỡ mẫu %lld; tối thiểu %lld phiếu; bảng hỏi %s", in->name,
                               u.code, fd, td, (long long)in->sample_size, (long long)min, f.version),
                  err);
    return store_finish(w, e, err);
}

/* ---- the draw ---------------------------------------------------------------------------------- */

/* A stream of bytes from a seed: blocks of randombytes_buf_deterministic, each keyed by
 * BLAKE2b(seed || block number), so that it never runs out. */
typedef struct {
    unsigned char seed[32], block[512];
    uint64_t counter;
    size_t pos;
} draw_stream;

static void stream_refill(draw_stream *st) {
    unsigned char key[randombytes_SEEDBYTES], in[40];
    memcpy(in, st->seed, 32);
    for (int i = 0; i < 8; i++) in[32 + i] = (unsigned char)(st->counter >> (8 * i));
    crypto_generichash(key, sizeof key, in, sizeof in, NULL, 0);
    randombytes_buf_deterministic(st->block, sizeof st->block, key);
    st->counter++;
    st->pos = 0;
}

static uint64_t stream_u64(draw_stream *st) {
    if (st->pos + 8 > sizeof st->block) stream_refill(st);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)st->block[st->pos++] << (8 * i);
    return v;
}

/* Uniform in [0, m), m > 0: rejection of the top partial range. */
static uint64_t stream_below(draw_stream *st, uint64_t m) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % m;
    uint64_t v;
    do v = stream_u64(st);
    while (v >= limit);
    return v % m;
}

void surveys_draw_indices(const unsigned char seed[32], size_t n, size_t k, size_t *out) {
    draw_stream st;
    memcpy(st.seed, seed, 32);
    st.counter = 0;
    stream_refill(&st);
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx) abort();
    for (size_t i = 0; i < n; i++) idx[i] = i;
    for (size_t i = 0; i < k && i < n; i++) {
        size_t j = i + (size_t)stream_below(&st, n - i);
        size_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        out[i] = idx[i];
    }
    free(idx);
    sodium_memzero(&st, sizeof st);
}

static void token_new(char out[SURVEY_TOKEN_LEN + 1], char hash[65]) {
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SURVEY_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)out, SURVEY_TOKEN_LEN, NULL, 0);
    sodium_bin2hex(hash, 65, h, sizeof h);
}

static void token_hash(const char *token, char hash[65]) {
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hash, 65, h, sizeof h);
}

bool surveys_token_valid(const char *s) {
    if (!s || strlen(s) != SURVEY_TOKEN_LEN) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_'))
            return false;
    return true;
}

typedef struct {
    int64_t id, unit_id;
    const char *code;
} candidate;

mc_err surveys_draw(store *s, arena *a, int64_t id, const user *by, mc_time now, survey_draw *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    survey_campaign c;
    mc_err e = surveys_get(store_reader(s), a, id, by, &c, err);
    if (e) return e;
    if (!surveys_may_manage(by, &c))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                       "Rút mẫu dành cho cán bộ giám sát, quản trị viên quản lý đơn vị này.",
                       "Only the campaign's managers draw its sample.");
    if (c.status != SURVEY_DRAFT || c.drawn_at)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Đợt khảo sát này đã rút mẫu; mỗi đợt chỉ rút mẫu một lần.",
                       "The sample was drawn already.");
    mc_day from, to;
    if (!day_parse(c.from, &from) || !day_parse(c.to, &to))
        return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "bad period");
    store_conn *w = store_begin_tenant(s, c.tenant, err);
    if (!w) return err->code;
    /* The population, read inside the transaction that records the draw. */
    const char *like = arena_printf(a, "%s%%", c.unit_path);
    store_rows *r = store_query(
        w, Q_SURVEY_POPULATION,
        SV_ARGS(SV_T(c.tenant), SV_I(time_from_local(from, 0)), SV_I(time_from_local(to + 1, 0)), SV_T(like)), err);
    size_t cap = 64, n = 0;
    candidate *pop = arena_alloc(a, cap * sizeof *pop);
    int k = r ? 0 : -1;
    while (r && (k = store_next(r, err)) == 1) {
        if (n == cap) pop = arena_grow(a, pop, &cap, sizeof *pop);
        pop[n++] = (candidate){store_int(r, 0), store_int(r, 2), arena_strdup(a, store_text(r, 1))};
    }
    store_rows_free(r);
    if (k < 0) {
        store_rollback(w);
        return MC_ERR_STORE;
    }
    if (n == 0) { /* nothing to draw from: nothing recorded, the campaign stays a draft */
        store_rollback(w);
        return MC_OK;
    }
    unsigned char seed[32];
    randombytes_buf(seed, sizeof seed);
    char seed_hex[65];
    sodium_bin2hex(seed_hex, sizeof seed_hex, seed, sizeof seed);
    size_t want = (size_t)c.sample_size < n ? (size_t)c.sample_size : n;
    size_t *pick = arena_alloc(a, want * sizeof *pick);
    surveys_draw_indices(seed, n, want, pick);
    out->v = arena_alloc(a, want * sizeof *out->v);
    out->population = (int64_t)n;
    out->seed = arena_strdup(a, seed_hex);
    int64_t changed = 0;
    e = store_exec(w, Q_SURVEY_SET_DRAWN, SV_ARGS(SV_T(seed_hex), SV_I(n), SV_I(now), SV_I(id), SV_T(c.tenant)), &changed,
                   err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Đợt khảo sát này đã rút mẫu; mỗi đợt chỉ rút mẫu một lần.",
                    "The sample was drawn already.");
    for (size_t i = 0; !e && i < want; i++) {
        const candidate *d = &pop[pick[i]];
        char *token = arena_alloc(a, SURVEY_TOKEN_LEN + 1), hash[65];
        token_new(token, hash);
        e = store_exec(w, Q_SURVEY_INVITE_INSERT,
                       SV_ARGS(SV_T(c.tenant), SV_I(id), SV_I(i + 1), SV_I(d->id), SV_I(d->unit_id), SV_T(hash)), NULL,
                       err);
        org_unit u;
        if (!e) e = units_get_id(w, a, d->unit_id, &u, err);
        if (!e) out->v[out->n++] = (survey_invite){(int)i + 1, d->code, u.code, u.name, token, 0};
    }
    if (!e)
        e = event(w, c.tenant, id, by, "draw", now,
                  arena_printf(a, "Rút %zu/%zu hồ sơ; hạt giống (seed) %s", want, n, seed_hex), err);
    sodium_memzero(seed, sizeof seed);
    if (e) {
        store_rollback(w);
        memset(out, 0, sizeof *out);
        return e;
    }
    if ((e = store_commit(w, err))) memset(out, 0, sizeof *out);
    return e;
}

mc_err surveys_invites(store_conn *c, arena *a, const char *tenant, int64_t id, survey_invite **out, size_t *n,
                       mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_SURVEY_INVITE_LIST, SV_ARGS(SV_I(id), SV_T(tenant)), err);
    if (!r) return err->code;
    size_t cap = 16;
    survey_invite *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = (survey_invite){(int)store_int(r, 0),
                                    arena_strdup(a, store_text(r, 1)),
                                    arena_strdup(a, store_text(r, 2)),
                                    arena_strdup(a, store_text(r, 3)),
                                    NULL,
                                    store_null(r, 4) ? 0 : store_int(r, 4)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

mc_err surveys_close(store *s, arena *a, int64_t id, const user *by, mc_time now, mc_error *err) {
    survey_campaign c;
    mc_err e = surveys_get(store_reader(s), a, id, by, &c, err);
    if (e) return e;
    if (!surveys_may_manage(by, &c))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Kết thúc đợt khảo sát dành cho người quản lý đợt khảo sát.",
                       "Only the campaign's managers close it.");
    store_conn *w = store_begin_tenant(s, c.tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_SURVEY_SET_STATUS, SV_ARGS(SV_T("closed"), SV_I(id), SV_T("open"), SV_T(c.tenant)), &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL,
                    "Chỉ kết thúc được đợt khảo sát đang diễn ra (đã rút mẫu, chưa kết thúc).",
                    "Only an open campaign can be closed.");
    if (!e) e = event(w, c.tenant, id, by, "close", now, NULL, err);
    return store_finish(w, e, err);
}

mc_err surveys_events(store_conn *c, arena *a, const char *tenant, int64_t id, survey_event **out, size_t *n,
                      mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_SURVEY_EVENTS, SV_ARGS(SV_I(id), SV_T(tenant)), err);
    if (!r) return err->code;
    size_t cap = 8;
    survey_event *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[(*n)++] = (survey_event){store_null(r, 0) ? 0 : store_int(r, 0), arena_strdup(a, store_text(r, 1)),
                                   arena_strdup(a, store_text(r, 2)),
                                   store_null(r, 4) ? NULL : arena_strdup(a, store_text(r, 4)), store_int(r, 3)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

/* ---- answering ---------------------------------------------------------------------------------- */

mc_err surveys_ticket(store_conn *c, arena *a, const char *token, survey_ticket *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    if (!surveys_token_valid(token))
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Đường dẫn khảo sát không đúng. Vui lòng kiểm tra lại.",
                       "Unknown survey link.");
    char hash[65];
    token_hash(token, hash);
    store_rows *r = store_query(c, Q_SURVEY_INVITE_BY_TOKEN, SV_ARGS(SV_T(hash)), err);
    if (!r) return err->code;
    int k = store_next(r, err);
    int64_t campaign = 0;
    if (k == 1) {
        campaign = store_int(r, 0);
        out->used = !store_null(r, 2);
        out->unit_code = arena_strdup(a, store_text(r, 3));
        out->unit_name = arena_strdup(a, store_text(r, 4));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Đường dẫn khảo sát không đúng. Vui lòng kiểm tra lại.",
                       "Unknown survey link.");
    mc_err e = surveys_get(c, a, campaign, NULL, &out->campaign, err);
    if (!e) e = surveys_questionnaire_get(c, a, out->campaign.questionnaire, &out->form, NULL, err);
    return e;
}

mc_err surveys_reply_check(const survey_form *f, const survey_reply *r, mc_error *err) {
    for (size_t q = 0; q < f->nprofile; q++)
        if (r->profile[q] && !survey_form_option_ok(f, (int)q, r->profile[q]))
            return mc_failf(err, MC_ERR_INVALID, f->profile[q].code, "Câu \"%s\": lựa chọn không hợp lệ.",
                            "%s: not an option.", f->profile[q].label, f->profile[q].code);
    size_t answered = 0;
    for (size_t i = 0; i < f->nitems; i++) {
        if (r->answers[i] < 0 || r->answers[i] > SURVEY_SCALE)
            return mc_failf(err, MC_ERR_INVALID, f->items[i].code, "Tiêu chí %s: mức đánh giá phải từ 1 đến 5.",
                            "%s: the answer must be 1 to 5.", f->items[i].code, f->items[i].code);
        answered += r->answers[i] != 0;
    }
    if (!answered)
        return mc_fail(err, MC_ERR_INVALID, "answers", "Vui lòng đánh giá ít nhất một tiêu chí.",
                       "Answer at least one item.");
    return MC_OK;
}

/* The stored forms of a reply: profile and answers as JSON objects (codes are plain ASCII, values
 * integers), and the scores, one character per item ('1'..'5', '-' for no answer). */
static void reply_encode(arena *a, const survey_form *f, const survey_reply *r, const char **profile,
                         const char **answers, const char **scores) {
    buf b = {0};
    buf_putc(&b, '{');
    bool first = true;
    for (size_t q = 0; q < f->nprofile; q++) {
        if (!r->profile[q]) continue;
        buf_printf(&b, "%s\"%s\":%d", first ? "" : ",", f->profile[q].code, r->profile[q]);
        first = false;
    }
    buf_putc(&b, '}');
    *profile = arena_strndup(a, b.data, b.len);
    buf_reset(&b);
    buf_putc(&b, '{');
    char *sc = arena_alloc(a, f->nitems + 1);
    for (size_t i = 0; i < f->nitems; i++) {
        if (r->answers[i])
            buf_printf(&b, "%s\"%s\":%d", i ? "," : "", f->items[i].code, r->answers[i]);
        else
            buf_printf(&b, "%s\"%s\":null", i ? "," : "", f->items[i].code);
        sc[i] = r->answers[i] ? (char)('0' + r->answers[i]) : '-';
    }
    sc[f->nitems] = 0;
    buf_putc(&b, '}');
    *answers = arena_strndup(a, b.data, b.len);
    *scores = sc;
    buf_free(&b);
}

/* The day of an instant, as its first second: a response keeps no finer time. */
static mc_time day_of(mc_time t) {
    return time_from_local(time_local_day(t), 0);
}

mc_err surveys_answer(store *s, arena *a, const char *token, const survey_reply *r, mc_time now, mc_error *err) {
    survey_ticket t;
    mc_err e = surveys_ticket(store_reader(s), a, token, &t, err);
    if (e) return e;
    if (t.used)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Phiếu khảo sát này đã được trả lời.",
                       "This survey was answered already.");
    if (t.campaign.status != SURVEY_OPEN)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Đợt khảo sát đã kết thúc, không nhận thêm phiếu trả lời.",
                       "The campaign is closed.");
    if ((e = surveys_reply_check(&t.form, r, err))) return e;
    const char *profile, *answers, *scores;
    reply_encode(a, &t.form, r, &profile, &answers, &scores);
    char hash[65];
    token_hash(token, hash);
    store_conn *w = store_begin_tenant(s, t.campaign.tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_SURVEY_INVITE_USE, SV_ARGS(SV_I(now), SV_T(hash)), &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Phiếu khảo sát này đã được trả lời.",
                    "This survey was answered already.");
    int64_t unit_id = 0;
    if (!e) {
        org_unit u;
        e = units_get(w, a, t.unit_code, &u, err);
        unit_id = u.id;
    }
    if (!e)
        e = store_exec(w, Q_SURVEY_RESPONSE_INSERT,
                       SV_ARGS(SV_T(t.campaign.tenant), SV_I(t.campaign.id), SV_I(unit_id), SV_T("online"),
                               SV_T(profile), SV_T(answers), SV_T(scores), SV_N, SV_I(day_of(now))),
                       NULL, err);
    if (!e) e = event(w, t.campaign.tenant, t.campaign.id, NULL, "answer", now, NULL, err);
    return store_finish(w, e, err);
}

/* ---- shared with survey_import.c ------------------------------------------------------------------ */

mc_err surveys_insert_paper(store_conn *w, arena *a, const survey_campaign *c, const survey_form *f, int64_t unit_id,
                            const survey_reply *r, int64_t batch, mc_time now, mc_error *err) {
    const char *profile, *answers, *scores;
    reply_encode(a, f, r, &profile, &answers, &scores);
    return store_exec(w, Q_SURVEY_RESPONSE_INSERT,
                      SV_ARGS(SV_T(c->tenant), SV_I(c->id), SV_I(unit_id), SV_T("paper"), SV_T(profile), SV_T(answers),
                              SV_T(scores), SV_I(batch), SV_I(day_of(now))),
                      NULL, err);
}

mc_err surveys_event_put(store_conn *w, const survey_campaign *c, const user *by, const char *action, mc_time now,
                         const char *note, mc_error *err) {
    return event(w, c->tenant, c->id, by, action, now, note, err);
}
