/* portal_sync.c - which journal entries the national portal is told of, and what the portal acknowledged
 * (portal_sync.h; the exchange: docs/PORTAL.md). */
#include "portal_sync.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "dossier.h"
#include "dossier_rules.h"
#include "jsonw.h"
#include "outbox.h"
#include "ratings.h"

/* ---- the producer ---------------------------------------------------------------------------------------- */

/* What a dossier entry calls for, first match wins (creation, an entry with no from state, comes before the
 * table). `change`: only when the national status code of from_state and to_state differ. */
static const struct {
    const char *action; /* NULL: any */
    int to;             /* ds_state, or -1: any */
    bool change;
    const char *event;
} rules[] = {
    {RATINGS_ACTION, -1, false, "rating"}, /* the applicant's rating of the result */
    {"extend", -1, false, "extend"},       /* apology and a later due date (NgayHenTra) */
    {NULL, DS_DECIDED, true, "result"},    /* approved or rejected: processing over (9) */
    {NULL, DS_RETURNED, true, "returned"}, /* result handed over (10) */
    {NULL, -1, true, "status"},            /* any other change of the national code */
};

static int code_of(const char *state) {
    int s = ds_state_parse(state);
    return s < 0 ? 0 : ds_state_portal((ds_state)s);
}

const char *portal_event_of(const journal_entry *e) {
    if (e->subject || !e->dossier_id || !e->action || !e->to_state) return NULL;
    if (!e->from_state) return "created";
    bool change = code_of(e->from_state) != code_of(e->to_state);
    int to = ds_state_parse(e->to_state);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (rules[i].action && strcmp(rules[i].action, e->action)) continue;
        if (rules[i].to >= 0 && rules[i].to != to) continue;
        if (rules[i].change && !change) continue;
        return rules[i].event;
    }
    return NULL;
}

void portal_time_format(mc_time t, char out[15]) {
    time_t v = (time_t)(t + 7 * 3600);
    struct tm tm;
    gmtime_r(&v, &tm);
    strftime(out, 15, "%Y%m%d%H%M%S", &tm);
}

/* A time member, left out when unset. */
static void put_time(jsonw *j, const char *key, mc_time t) {
    if (!t) return;
    char s[15];
    portal_time_format(t, s);
    jsonw_str(j, key, s);
}

/* The channel's code in the exchange: 1 direct (at the counter), 2 online, 3 by post (BCCI). */
static const char *channel_code(const char *ch) {
    if (ch && !strcmp(ch, "online")) return "2";
    if (ch && !strcmp(ch, "postal")) return "3";
    return "1";
}

/* The dossier as the message needs it (read inside the change's transaction, after its save). */
typedef struct {
    char code[64], procedure[32], channel[16], recv_unit[64], comp_unit[64], outcome[24], return_method[24];
    int64_t parent_id;
    mc_time submitted, received, due, decided, returned;
} dossier_facts;

static void copy(char *dst, size_t n, const char *s) {
    snprintf(dst, n, "%s", s ? s : "");
}

/* The facts of a dossier the transaction holds as written (journal_entry.dossier). */
static void facts_of(const dossier *d, dossier_facts *f) {
    memset(f, 0, sizeof *f);
    copy(f->code, sizeof f->code, d->code);
    copy(f->procedure, sizeof f->procedure, d->procedure_code);
    copy(f->channel, sizeof f->channel, d->channel);
    copy(f->recv_unit, sizeof f->recv_unit, d->receiving_unit_code);
    copy(f->comp_unit, sizeof f->comp_unit, d->competent_unit_code);
    f->parent_id = d->parent_id;
    f->submitted = d->submitted_at;
    f->received = d->received_at;
    f->due = d->due_at;
    f->decided = d->decided_at;
    f->returned = d->returned_at;
    copy(f->outcome, sizeof f->outcome, d->outcome);
    copy(f->return_method, sizeof f->return_method, d->return_method);
}

/* The facts of dossier id as its row holds them. */
static mc_err read_facts(store_conn *w, const char *tenant, int64_t id, dossier_facts *f, bool *found, mc_error *err) {
    memset(f, 0, sizeof *f);
    store_rows *r = store_query(w, Q_PORTAL_DOSSIER, SV_ARGS(SV_T(tenant), SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    *found = k == 1;
    if (k == 1) {
        copy(f->code, sizeof f->code, store_text(r, 0));
        copy(f->procedure, sizeof f->procedure, store_text(r, 1));
        copy(f->channel, sizeof f->channel, store_text(r, 2));
        copy(f->recv_unit, sizeof f->recv_unit, store_text(r, 3));
        copy(f->comp_unit, sizeof f->comp_unit, store_text(r, 4));
        f->parent_id = store_null(r, 5) ? 0 : store_int(r, 5);
        mc_time *t[] = {&f->submitted, &f->received, &f->due, &f->decided, &f->returned};
        for (int i = 0; i < 5; i++) *t[i] = store_null(r, 6 + i) ? 0 : store_int(r, 6 + i);
        copy(f->outcome, sizeof f->outcome, store_text(r, 11));
        copy(f->return_method, sizeof f->return_method, store_text(r, 12));
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* How many portal messages the dossier (ordkey) has already: the next one's sequence number is this + 1. */
static mc_err count_sent_before(store_conn *w, const char *tenant, const char *ordkey, int64_t *n, mc_error *err) {
    *n = 0;
    store_rows *r = store_query(w, Q_PORTAL_SEQ, SV_ARGS(SV_T(tenant), SV_T(ordkey)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *n = store_int(r, 0);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* The rating's overall answer and channel, for a "rating" message. */
static mc_err add_rating(store_conn *w, jsonw *j, const journal_entry *e, mc_error *err) {
    store_rows *r = store_query(w, Q_PORTAL_RATING, SV_ARGS(SV_T(e->tenant), SV_I(e->dossier_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        const char *overall = store_text(r, 0);
        jsonw_str(j, "MucDoHaiLong", overall);
        jsonw_str(j, "HaiLong", overall && strcmp(overall, "dissatisfied") ? "1" : "0");
        jsonw_str(j, "KenhDanhGia", store_text(r, 1));
        put_time(j, "NgayDanhGia", store_null(r, 2) ? 0 : store_int(r, 2));
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err portal_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    const char *event = portal_event_of(e);
    if (!event) return MC_OK;
    dossier_facts f;
    bool found = true;
    mc_err r = MC_OK;
    if (e->dossier)
        facts_of(e->dossier, &f);
    else
        r = read_facts(w, e->tenant, e->dossier_id, &f, &found, err);
    if (r || !found || f.parent_id) return r; /* a partner dossier is part of its lead dossier */
    char ordkey[40], dedup[80];
    snprintf(ordkey, sizeof ordkey, "dossier:%lld", (long long)e->dossier_id);
    snprintf(dedup, sizeof dedup, "portal:%s", e->hash);
    int64_t before;
    if ((r = count_sent_before(w, e->tenant, ordkey, &before, err))) return r;
    int status = code_of(e->to_state);

    buf b = {0};
    jsonw j = {0};
    jsonw_open(&j, &b);
    jsonw_int(&j, "SoThuTu", before + 1);
    jsonw_str(&j, "LoaiThongDiep", event);
    jsonw_str(&j, "MaHoSo", f.code);
    jsonw_str(&j, "MaTTHC", f.procedure);
    jsonw_str(&j, "MaDonVi", f.recv_unit);
    jsonw_str(&j, "MaDonViXuLy", f.comp_unit);
    jsonw_str(&j, "KenhThucHien", channel_code(f.channel));
    char st[4];
    snprintf(st, sizeof st, "%d", status);
    jsonw_str(&j, "TrangThaiHoSo", st);
    put_time(&j, "ThoiDiemXuLy", e->at);
    put_time(&j, "NgayNopHoSo", f.submitted);
    /* Not yet received (1), or refused at intake (3): no receipt, no due date. */
    if (status != 1 && status != 3) {
        put_time(&j, "NgayTiepNhan", f.received);
        put_time(&j, "NgayHenTra", f.due);
    }
    if (status >= 7) put_time(&j, "NgayKetThucXuLy", f.decided);
    if (status >= 9 && f.outcome[0]) jsonw_str(&j, "KetQuaXuLy", f.outcome);
    if (status == 10) {
        put_time(&j, "NgayTra", f.returned);
        if (f.return_method[0]) jsonw_str(&j, "HinhThucTra", f.return_method);
    }
    if (!strcmp(event, "rating") && (r = add_rating(w, &j, e, err))) {
        buf_free(&b);
        return r;
    }
    jsonw_close(&j);
    outbox_msg m = {.tenant = e->tenant,
                    .channel = PORTAL_CHANNEL,
                    .event = event,
                    .dedup = dedup,
                    .ordkey = ordkey,
                    .dossier_id = e->dossier_id,
                    .payload = b.data,
                    .at = e->at};
    r = outbox_put(w, &m, err);
    buf_free(&b);
    return r;
}

/* ---- what the portal acknowledged -------------------------------------------------------------------------- */

/* The national code in a payload this module wrote ("TrangThaiHoSo":"N"). */
static int status_in(const char *payload) {
    const char *p = payload ? strstr(payload, "\"TrangThaiHoSo\":\"") : NULL;
    int v = 0;
    if (p) sscanf(p + 17, "%d", &v);
    return v;
}

static const char *why_of(arena *a, const portal_recon_row *x) {
    if (!strcmp(x->state, "dead"))
        return arena_printf(a, "Cổng DVCQG không nhận tin (sau %d lần gửi): %s", x->attempts,
                            x->last_error ? x->last_error : "không rõ lý do");
    if (x->last_error) return arena_printf(a, "Đang gửi lại (đã gửi %d lần): %s", x->attempts, x->last_error);
    if (x->attempts > 0) return "Đang gửi, chưa có xác nhận của Cổng DVCQG";
    return "Chưa gửi: đang chờ kết nối Cổng DVCQG";
}

mc_err portal_reconciliation(store_conn *c, arena *a, const char *tenant, const char *unit_path, mc_time from,
                             mc_time to, portal_recon_row **out, size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(
        c, Q_PORTAL_RECON,
        SV_ARGS(SV_T(tenant), SV_I(from), SV_I(to), SV_T(arena_printf(a, "%s%%", unit_path ? unit_path : ""))), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16;
    portal_recon_row *v = arena_alloc(a, cap * sizeof *v);
    const char *last = NULL;
    int k;
    while ((k = store_next(r, err)) == 1) {
        const char *code = store_text(r, 0);
        const char *state = store_text(r, 7);
        portal_recon_row *x;
        if (last && !strcmp(last, code)) {
            x = &v[*n - 1];
        } else {
            if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
            x = &v[(*n)++];
            *x = (portal_recon_row){.code = arena_strdup(a, code),
                                    .procedure_code = arena_strdup(a, store_text(r, 1)),
                                    .unit_code = arena_strdup(a, store_text(r, 2)),
                                    .unit_name = arena_strdup(a, store_text(r, 3)),
                                    .submitted_at = store_null(r, 4) ? 0 : store_int(r, 4),
                                    .event = arena_strdup(a, store_text(r, 6)),
                                    .state = arena_strdup(a, state),
                                    .attempts = (int)store_int(r, 8),
                                    .last_error = arena_strdup(a, store_text(r, 9)),
                                    .since = store_int(r, 10),
                                    .status = status_in(store_text(r, 11))};
            x->why = why_of(a, x);
            last = x->code;
        }
        if (state && !strcmp(state, "dead"))
            x->dead++;
        else
            x->pending++;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    return MC_OK;
}

mc_err portal_connected(store_conn *c, const char *tenant, bool *out, mc_error *err) {
    *out = false;
    store_rows *r = store_query(c, Q_PORTAL_CONNECTED, SV_ARGS(SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    *out = k == 1;
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err portal_synced_by_unit(store_conn *c, const char *like, const char *tenant, mc_time from, mc_time to,
                             void (*add)(void *ctx, int64_t unit_id, int64_t n), void *ctx, mc_error *err) {
    store_rows *r = store_query(c, Q_PORTAL_I766_SYNCED, SV_ARGS(SV_I(from), SV_I(to), SV_T(like), SV_T(tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) add(ctx, store_int(r, 0), store_int(r, 1));
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err portal_catalog_since_get(store_conn *c, char *out, size_t n, mc_error *err) {
    out[0] = 0;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T(PORTAL_CATALOG_SINCE_KEY)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) snprintf(out, n, "%s", store_text(r, 0) ? store_text(r, 0) : "");
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err portal_catalog_since_set(store_conn *w, const char *since, mc_error *err) {
    return store_exec(w, Q_META_SET, SV_ARGS(SV_T(PORTAL_CATALOG_SINCE_KEY), SV_T(since)), NULL, err);
}
