/* outbox.c - the outbox's rows: put, lease, mark, list, resend (the worker thread: outbox_worker.c). */
#include "outbox.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"
#include "log.h"
#include "notify.h"
#include "portal_sync.h"

mc_err outbox_put(store_conn *w, const outbox_msg *m, mc_error *err) {
    assert(m->tenant && m->channel && m->event && m->dedup && m->payload);
    return store_exec(w, Q_OUTBOX_INSERT,
                      SV_ARGS(SV_T(m->tenant), SV_T(m->channel), SV_T(m->event), SV_T(m->dedup), SV_T(m->ordkey),
                              m->dossier_id ? SV_I(m->dossier_id) : SV_N, SV_T(m->subject),
                              m->subject ? SV_I(m->subject_id) : SV_N, SV_T(m->recipient), SV_T(m->tmpl),
                              SV_T(m->payload), SV_I(m->at), SV_I(m->at)),
                      NULL, err);
}

/* The producers offered every journal entry, in this order. */
static mc_err (*const producers[])(store_conn *, const journal_entry *, mc_error *) = {
    notify_on_journal,
    portal_on_journal,
};

mc_err outbox_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    for (size_t i = 0; i < sizeof producers / sizeof producers[0]; i++) {
        mc_err r = producers[i](w, e, err);
        if (r) return r;
    }
    return MC_OK;
}

outbox_config outbox_config_default(void) {
    static char owner[96];
    if (!owner[0]) {
        char host[64] = "";
        gethostname(host, sizeof host - 1);
        snprintf(owner, sizeof owner, "%s:%ld", host[0] ? host : "motcua", (long)getpid());
    }
    return (outbox_config){
        .owner = owner, .lease_s = 60, .batch = 20, .retry_base_s = 30, .retry_max_s = 3600, .poll_ms = 1000};
}

/* ---- leasing and marking ------------------------------------------------------------------------------ */

typedef struct {
    int64_t id;
    const char *tenant;
} due_msg;

/* The ids (and tenants) of up to max messages of t due at now, oldest first. */
static mc_err due(store *s, const outbox_transport *t, mc_time now, int max, arena *a, due_msg **out, size_t *n,
                  mc_error *err) {
    *n = 0;
    *out = arena_alloc(a, (size_t)max * sizeof **out);
    store_rows *r = store_query(store_reader(s), t->ordered ? Q_OUTBOX_DUE_ORDERED : Q_OUTBOX_DUE,
                                SV_ARGS(SV_T(t->channel), SV_I(now), SV_I(now), SV_I(max)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1 && *n < (size_t)max)
        (*out)[(*n)++] = (due_msg){store_int(r, 0), arena_strdup(a, store_text(r, 1))};
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* Leases the messages of v[0..n) that are still free, one transaction per tenant; leased[i] tells which. */
static mc_err lease(store *s, const outbox_config *cfg, mc_time now, const due_msg *v, size_t n, bool *leased, arena *a,
                    mc_error *err) {
    bool *seen = arena_alloc(a, n ? n : 1);
    memset(seen, 0, n);
    memset(leased, 0, n);
    for (size_t i = 0; i < n; i++) {
        if (seen[i]) continue;
        store_conn *w = store_begin_tenant(s, v[i].tenant, err);
        if (!w) return MC_ERR_STORE;
        mc_err e = MC_OK;
        for (size_t j = i; j < n && !e; j++) {
            if (seen[j] || strcmp(v[j].tenant, v[i].tenant)) continue;
            seen[j] = true;
            int64_t changed = 0;
            e = store_exec(
                w, Q_OUTBOX_LEASE,
                SV_ARGS(SV_I(now + cfg->lease_s), SV_T(cfg->owner), SV_I(v[j].id), SV_I(now), SV_T(v[j].tenant)),
                &changed, err);
            leased[j] = !e && changed == 1;
        }
        if ((e = store_finish(w, e, err))) {
            memset(leased, 0, n);
            return e;
        }
    }
    return MC_OK;
}

/* Reads leased message id of tenant into m (strings in the arena). MC_ERR_NOT_FOUND when another worker holds it
 * now. */
static mc_err get(store *s, const outbox_config *cfg, const due_msg *d, arena *a, outbox_item *m, mc_error *err) {
    store_rows *r = store_query(store_reader(s), Q_OUTBOX_GET, SV_ARGS(SV_I(d->id), SV_T(d->tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        *m = (outbox_item){.id = store_int(r, 0),
                           .tenant = arena_strdup(a, store_text(r, 1)),
                           .channel = arena_strdup(a, store_text(r, 2)),
                           .event = arena_strdup(a, store_text(r, 3)),
                           .ordkey = arena_strdup(a, store_text(r, 4)),
                           .subject = arena_strdup(a, store_text(r, 5)),
                           .recipient = arena_strdup(a, store_text(r, 6)),
                           .tmpl = arena_strdup(a, store_text(r, 7)),
                           .payload = arena_strdup(a, store_text(r, 8)),
                           .dossier_id = store_null(r, 9) ? 0 : store_int(r, 9),
                           .subject_id = store_null(r, 10) ? 0 : store_int(r, 10),
                           .attempts = (int)store_int(r, 11),
                           .created_at = store_int(r, 12)};
        const char *owner = store_text(r, 13);
        if (!owner || strcmp(owner, cfg->owner)) k = 0;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return k == 1 ? MC_OK : MC_ERR_NOT_FOUND;
}

/* The wait before attempt `attempts` + 1: the base doubled for each attempt made, at most the maximum. */
static int64_t backoff(const outbox_config *cfg, int attempts) {
    int64_t d = cfg->retry_base_s > 0 ? cfg->retry_base_s : 1;
    for (int i = 1; i < attempts && d < cfg->retry_max_s; i++) d *= 2;
    return d < cfg->retry_max_s ? d : cfg->retry_max_s;
}

/* Marks m as t's send left it, if this worker still holds its lease. */
static mc_err mark(store *s, const outbox_transport *t, const outbox_config *cfg, const outbox_item *m,
                   outbox_result res, const char *ack, const char *why, mc_time now, mc_error *err) {
    int max = t->max_attempts > 0 ? t->max_attempts : 10;
    if (res == OUTBOX_RETRY && m->attempts >= max) res = OUTBOX_DEAD;
    store_conn *w = store_begin_tenant(s, m->tenant, err);
    if (!w) return MC_ERR_STORE;
    int64_t changed = 0;
    mc_err e;
    if (res == OUTBOX_SENT)
        e = store_exec(w, Q_OUTBOX_SENT,
                       SV_ARGS(SV_I(now), SV_T(ack[0] ? ack : NULL), SV_I(m->id), SV_T(cfg->owner), SV_T(m->tenant)),
                       &changed, err);
    else if (res == OUTBOX_RETRY)
        e = store_exec(
            w, Q_OUTBOX_RETRY,
            SV_ARGS(SV_I(now + backoff(cfg, m->attempts)), SV_T(why), SV_I(m->id), SV_T(cfg->owner), SV_T(m->tenant)),
            &changed, err);
    else
        e = store_exec(w, Q_OUTBOX_DEAD, SV_ARGS(SV_T(why), SV_I(m->id), SV_T(cfg->owner), SV_T(m->tenant)), &changed,
                       err);
    e = store_finish(w, e, err);
    if (!e && !changed)
        log_warn("outbox: message %lld was leased by another worker before this one marked it", (long long)m->id);
    else if (!e && res == OUTBOX_DEAD)
        log_warn("outbox: %s message %lld dead after %d attempts: %s", m->channel, (long long)m->id, m->attempts, why);
    return e;
}

mc_err outbox_run_channel(store *s, const outbox_transport *t, const outbox_config *cfg, mc_time now, arena *a,
                          int *handled, mc_error *err) {
    *handled = 0;
    int batch = cfg->batch > 0 ? cfg->batch : 20;
    due_msg *v;
    size_t n;
    mc_err e = due(s, t, now, batch, a, &v, &n, err);
    if (e || !n) return e;
    bool *leased = arena_alloc(a, n);
    if ((e = lease(s, cfg, now, v, n, leased, a, err))) return e;
    for (size_t i = 0; i < n; i++) {
        if (!leased[i]) continue;
        outbox_item m;
        e = get(s, cfg, &v[i], a, &m, err);
        if (e == MC_ERR_NOT_FOUND) continue;
        if (e) return e;
        char ack[256] = "", why[512] = "";
        outbox_result res = t->send(t->ctx, s, &m, ack, sizeof ack, why, sizeof why);
        if (res != OUTBOX_SENT && !why[0]) snprintf(why, sizeof why, "%s", "lỗi không rõ");
        if ((e = mark(s, t, cfg, &m, res, ack, why, now, err))) return e;
        ++*handled;
    }
    return MC_OK;
}

mc_err outbox_run_once(store *s, const outbox_transport *ts, size_t n, const outbox_config *cfg, mc_time now,
                       int *handled, mc_error *err) {
    *handled = 0;
    for (size_t i = 0; i < n; i++) {
        arena *a = arena_create();
        int h = 0;
        mc_err e = outbox_run_channel(s, &ts[i], cfg, now, a, &h, err);
        arena_free(a);
        *handled += h;
        if (e) return e;
    }
    return MC_OK;
}

/* ---- what an administrator sees and does ---------------------------------------------------------------- */

mc_err outbox_list(store_conn *c, arena *a, const char *tenant, const char *state, const char *channel, int limit,
                   outbox_row **out, size_t *n, mc_error *err) {
    *n = 0;
    *out = NULL;
    if (limit <= 0) return MC_OK;
    store_rows *r = store_query(c, Q_OUTBOX_LIST, SV_ARGS(SV_T(tenant), SV_T(state), SV_T(channel), SV_I(limit)), err);
    if (!r) return MC_ERR_STORE;
    *out = arena_alloc(a, (size_t)limit * sizeof **out);
    int k;
    while ((k = store_next(r, err)) == 1 && *n < (size_t)limit) {
        outbox_row *o = &(*out)[(*n)++];
        *o = (outbox_row){.id = store_int(r, 0),
                          .tenant = arena_strdup(a, store_text(r, 1)),
                          .channel = arena_strdup(a, store_text(r, 2)),
                          .event = arena_strdup(a, store_text(r, 3)),
                          .state = arena_strdup(a, store_text(r, 4)),
                          .dossier_id = store_null(r, 5) ? 0 : store_int(r, 5),
                          .subject = arena_strdup(a, store_text(r, 6)),
                          .subject_id = store_null(r, 7) ? 0 : store_int(r, 7),
                          .recipient = arena_strdup(a, store_text(r, 8)),
                          .attempts = (int)store_int(r, 9),
                          .last_error = arena_strdup(a, store_text(r, 10)),
                          .ack = arena_strdup(a, store_text(r, 11)),
                          .created_at = store_int(r, 12),
                          .next_at = store_int(r, 13),
                          .sent_at = store_null(r, 14) ? 0 : store_int(r, 14)};
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err outbox_resend(store *s, const char *tenant, int64_t id, const user *by, mc_time now, mc_error *err) {
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = MC_OK;
    store_rows *r = store_query(w, Q_OUTBOX_STATE, SV_ARGS(SV_I(id), SV_T(tenant)), err);
    if (!r) e = MC_ERR_STORE;
    int k = r ? store_next(r, err) : -1;
    char state[16] = "";
    if (k == 1) snprintf(state, sizeof state, "%s", store_text(r, 0));
    store_rows_free(r);
    if (!e && k < 0) e = MC_ERR_STORE;
    if (!e && k == 0) e = mc_fail(err, MC_ERR_NOT_FOUND, "id", "Không có tin nhắn này.", "No such message.");
    if (!e && strcmp(state, "dead"))
        e = mc_fail(err, MC_ERR_CONFLICT, "id", "Chỉ gửi lại được tin nhắn đã gửi không thành.",
                    "Only a dead message can be sent again.");
    if (!e) e = store_exec(w, Q_OUTBOX_RESEND, SV_ARGS(SV_I(now), SV_I(id), SV_T(tenant)), NULL, err);
    if (!e)
        e = journal_record(w, tenant, OUTBOX_SUBJECT, id, by, ACT_OUTBOX_MANAGE, "outbox.resend", "dead", "pending",
                           NULL, NULL, now, err);
    return store_finish(w, e, err);
}

mc_err outbox_depths(store_conn *c, outbox_depth *out, size_t max, size_t *n, mc_error *err) {
    *n = 0;
    store_rows *r = store_query(c, Q_OUTBOX_DEPTHS, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1 && *n < max) {
        outbox_depth *d = &out[(*n)++];
        snprintf(d->channel, sizeof d->channel, "%s", store_text(r, 0));
        d->pending = store_null(r, 1) ? 0 : store_int(r, 1);
        d->dead = store_null(r, 2) ? 0 : store_int(r, 2);
        d->oldest = store_null(r, 3) ? 0 : store_int(r, 3);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err outbox_purge(store *s, mc_time before, int64_t *removed, mc_error *err) {
    *removed = 0;
    store_conn *w = store_begin(s, err);
    if (!w) return MC_ERR_STORE;
    return store_finish(w, store_exec(w, Q_OUTBOX_PURGE, SV_ARGS(SV_I(before)), removed, err), err);
}
