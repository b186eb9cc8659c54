/* inbox.c - the officers' inbox kept by the changes (inbox.h). */
#include "inbox.h"

#include <stdlib.h>
#include <string.h>

#include "perm.h"
#include "timeutil.h"

#define INBOX_VERSION "1"
#define OFFICER       (ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_LEADER)

/* One dossier's line of the index; unit 0 when it is in no inbox. */
typedef struct {
    int64_t unit;
    unsigned any, holder;
    int64_t holder_user;             /* 0 unless some role may move it only as its holder */
    mc_time appt, cdue, due, paused; /* 0 for none */
    int due_day;                     /* local day of cdue, -1 without */
} line;

/* States shown in the inbox of the unit holding the dossier; the other open ones are at the receiving counter. */
static bool held(const char *st) {
    return !strcmp(st, "received") || !strcmp(st, "processing") || !strcmp(st, "partner");
}

static bool at_counter_state(const char *st) {
    static const char *const v[] = {"submitted", "intake_supplement", "supplement",
                                    "payment",   "decided",           "result_ready"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (!strcmp(st, v[i])) return true;
    return false;
}

static mc_time opt_int(store_rows *r, int col) {
    return store_null(r, col) ? 0 : store_int(r, col);
}

/* The line of dossier full, from the fields Q_INBOX_DOSSIER reads only (whether the dossier was read or is the
 * one the transaction wrote, the line is the same); false when no officer moves it on from any inbox. */
static bool line_of(const dossier *full, line *l) {
    memset(l, 0, sizeof *l);
    l->due_day = -1;
    const char *st = ds_state_name(full->state);
    if (!held(st) && !at_counter_state(st)) return false;
    dossier d;
    memset(&d, 0, sizeof d);
    d.state = full->state;
    d.step_seq = full->step_seq;
    d.decision_step = full->decision_step;
    d.parent_id = full->parent_id;
    d.step_role = full->step_role;
    d.holder_user_id = full->holder_user_id;
    d.receiving_unit_path = full->receiving_unit_path ? full->receiving_unit_path : "";
    d.holder_unit_path = full->holder_unit_path ? full->holder_unit_path : "";
    bool h = held(st);
    l->unit = h ? full->holder_unit_id : full->receiving_unit_id;
    if (!l->unit) return false;
    dossier_movers(&d, h ? d.holder_unit_path : d.receiving_unit_path, &l->any, &l->holder);
    if (!l->any && !l->holder) return false;
    l->holder_user = l->holder ? d.holder_user_id : 0;
    l->due = full->due_at;
    l->paused = full->paused_at;
    l->appt = l->due ? l->due : full->submitted_at;
    if (l->due && !l->paused) {
        l->cdue = l->due;
        l->due_day = (int)time_local_day(l->due);
    }
    return true;
}

/* The line of a dossier from a row of Q_INBOX_DOSSIER(S). */
static bool read_line(store_rows *r, line *l) {
    const char *st = store_text(r, 0);
    int state = st ? ds_state_parse(st) : -1;
    if (state < 0) {
        memset(l, 0, sizeof *l);
        return false;
    }
    dossier d;
    memset(&d, 0, sizeof d);
    d.state = (ds_state)state;
    d.step_seq = (int)store_int(r, 1);
    d.decision_step = (int)store_int(r, 2);
    d.parent_id = opt_int(r, 3);
    d.step_role = store_text(r, 4);
    d.receiving_unit_id = opt_int(r, 5);
    d.holder_unit_id = opt_int(r, 6);
    d.holder_user_id = opt_int(r, 7);
    d.due_at = opt_int(r, 8);
    d.paused_at = opt_int(r, 9);
    d.submitted_at = opt_int(r, 10);
    d.receiving_unit_path = store_text(r, 11);
    d.holder_unit_path = store_text(r, 12);
    return line_of(&d, l);
}

static bool same(const line *x, const line *y) {
    return x->unit == y->unit && x->any == y->any && x->holder == y->holder && x->holder_user == y->holder_user &&
           x->appt == y->appt && x->cdue == y->cdue && x->due == y->due && x->paused == y->paused &&
           x->due_day == y->due_day;
}

static store_val opt_val(mc_time t) {
    return t ? SV_I(t) : SV_N;
}

/* Adds sign × the line to its count (a paused dossier is not in the counts: its class moves with time). */
static mc_err count(store_conn *w, const char *tenant, const line *l, int sign, mc_error *err) {
    if (l->paused) return MC_OK;
    mc_err e = store_exec(w, Q_INBOX_COUNT_ADD,
                          SV_ARGS(SV_T(tenant), SV_I(l->unit), SV_I(l->any), SV_I(l->holder), SV_I(l->holder_user),
                                  SV_I(l->due_day), SV_I(sign)),
                          NULL, err);
    if (!e && sign < 0)
        e = store_exec(
            w, Q_INBOX_COUNT_PRUNE,
            SV_ARGS(SV_T(tenant), SV_I(l->unit), SV_I(l->any), SV_I(l->holder), SV_I(l->holder_user), SV_I(l->due_day)),
            NULL, err);
    return e;
}

static mc_err put(store_conn *w, const char *tenant, int64_t id, const line *l, mc_error *err) {
    return store_exec(w, Q_INBOX_ITEM_PUT,
                      SV_ARGS(SV_T(tenant), SV_I(id), SV_I(l->unit), SV_I(l->any), SV_I(l->holder),
                              SV_I(l->holder_user), SV_I(l->appt), opt_val(l->cdue), opt_val(l->due),
                              opt_val(l->paused), SV_I(l->due_day)),
                      NULL, err);
}

/* Brings dossier id's line (d: the dossier as written, or NULL to read its row) and the counts up to date. */
static mc_err refresh(store_conn *w, const char *tenant, int64_t id, const dossier *d, mc_error *err) {
    line now, was;
    bool has_now;
    store_rows *r;
    int k;
    if (d) {
        has_now = line_of(d, &now);
    } else {
        if (!(r = store_query(w, Q_INBOX_DOSSIER, SV_ARGS(SV_T(tenant), SV_I(id)), err))) return MC_ERR_STORE;
        k = store_next(r, err);
        has_now = k == 1 && read_line(r, &now);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    if (!(r = store_query(w, Q_INBOX_ITEM, SV_ARGS(SV_T(tenant), SV_I(id)), err))) return MC_ERR_STORE;
    bool had = (k = store_next(r, err)) == 1;
    if (had) {
        was = (line){.unit = store_int(r, 0),
                     .any = (unsigned)store_int(r, 1),
                     .holder = (unsigned)store_int(r, 2),
                     .holder_user = store_int(r, 3),
                     .appt = store_int(r, 4),
                     .cdue = opt_int(r, 5),
                     .due = opt_int(r, 6),
                     .paused = opt_int(r, 7),
                     .due_day = (int)store_int(r, 8)};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (had && has_now && same(&was, &now)) return MC_OK;
    if (!had && !has_now) return MC_OK;
    mc_err e = had ? count(w, tenant, &was, -1, err) : MC_OK;
    if (!e && has_now) e = count(w, tenant, &now, 1, err);
    if (!e)
        e = has_now ? put(w, tenant, id, &now, err)
                    : store_exec(w, Q_INBOX_ITEM_DEL, SV_ARGS(SV_T(tenant), SV_I(id)), NULL, err);
    return e;
}

mc_err inbox_refresh(store_conn *w, const char *tenant, int64_t id, mc_error *err) {
    return refresh(w, tenant, id, NULL, err);
}

mc_err inbox_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    if (e->subject || !e->dossier_id) return MC_OK;
    return refresh(w, e->tenant, e->dossier_id, e->dossier, err);
}

bool inbox_built(store_conn *c, mc_error *err) {
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("inbox_index_version")), err);
    if (!r) return false;
    bool built = store_next(r, err) == 1 && store_text(r, 0) && !strcmp(store_text(r, 0), INBOX_VERSION);
    store_rows_free(r);
    return built;
}

mc_err inbox_rebuild(store *s, bool force, int64_t *rebuilt, mc_error *err) {
    *rebuilt = 0;
    if (!force && inbox_built(store_reader(s), err)) return MC_OK;
    store_conn *w = store_begin(s, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = store_exec(w, Q_INBOX_CLEAR_ITEMS, SV_NONE, NULL, err);
    if (!e) e = store_exec(w, Q_INBOX_CLEAR_COUNTS, SV_NONE, NULL, err);
    /* Read through the reader while the writer adds: the writer's lock keeps the dossiers still. */
    store_rows *r = e ? NULL : store_query(store_reader(s), Q_INBOX_DOSSIERS, SV_NONE, err);
    if (!e && !r) e = MC_ERR_STORE;
    int k = 0;
    int64_t n = 0;
    while (!e && (k = store_next(r, err)) == 1) {
        line l;
        if (!read_line(r, &l)) continue;
        const char *tenant = store_text(r, 14);
        e = count(w, tenant, &l, 1, err);
        if (!e) e = put(w, tenant, store_int(r, 13), &l, err);
        n++;
    }
    if (!e && k < 0) e = MC_ERR_STORE;
    store_rows_free(r);
    if (!e) e = store_exec(w, Q_META_SET, SV_ARGS(SV_T("inbox_index_version"), SV_T(INBOX_VERSION)), NULL, err);
    if (!(e = store_finish(w, e, err))) *rebuilt = n;
    return e;
}

/* ---- reading ------------------------------------------------------------------------------------------ */

typedef struct {
    mc_time key; /* the appointment, or the submission when there is none */
    int64_t id;
    ds_class cls;
} hit;

typedef struct {
    hit *v;
    size_t n, cap;
} hits;

static void push(arena *a, hits *h, mc_time key, int64_t id, ds_class cls) {
    if (h->n == h->cap) {
        if (!h->cap) {
            h->cap = 64;
            h->v = arena_alloc(a, h->cap * sizeof *h->v);
        } else
            h->v = arena_grow(a, h->v, &h->cap, sizeof *h->v);
    }
    h->v[h->n++] = (hit){key, id, cls};
}

static int by_appointment(const void *x, const void *y) {
    const hit *p = x, *q = y;
    if (p->key != q->key) return p->key < q->key ? -1 : 1;
    return p->id < q->id ? -1 : p->id > q->id;
}

/* The moment [from, to] of the running deadlines of a class; false when the class holds none of them. */
static bool range_of(int cls, mc_time now, mc_time end_today, mc_time soon, mc_time *from, mc_time *to) {
    mc_time soon_end = soon == CAL_NO_TIME || soon < end_today ? end_today : soon;
    switch (cls) {
    case DQ_OVERDUE: *from = INT64_MIN, *to = now - 1; break;
    case DQ_DUE_TODAY: *from = now, *to = end_today; break;
    case DQ_DUE_SOON: *from = end_today + 1, *to = soon_end; break;
    case DQ_ON_TRACK: *from = soon_end + 1, *to = INT64_MAX; break;
    default: *from = INT64_MIN, *to = INT64_MAX; break;
    }
    return *from <= *to;
}

/* The counts of every class for the actor (roles R, id u) at unit `unit`, and the paused dossiers it sees. */
static mc_err counts_of(store_conn *c, arena *a, const calendar *cal, const char *tenant, int64_t unit, unsigned R,
                        int64_t u, mc_time now, mc_time soon, int64_t counts[4], hits *paused, mc_error *err) {
    mc_day today = time_local_day(now), soon_day = soon == CAL_NO_TIME ? today : time_local_day(soon);
    store_rows *r = store_query(c, Q_INBOX_COUNTS, SV_ARGS(SV_T(tenant), SV_I(unit)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        unsigned any = (unsigned)store_int(r, 0), holder = (unsigned)store_int(r, 1);
        if (!((any & R) || (store_int(r, 2) == u && (holder & R)))) continue;
        int64_t day = store_int(r, 3), n = store_int(r, 4);
        if (day < 0)
            counts[DQ_ON_TRACK] += n;
        else if (day < today)
            counts[DQ_OVERDUE] += n;
        else if (day == today || day == soon_day)
            continue; /* split at a time of day: counted one by one below */
        else if (soon != CAL_NO_TIME && day < soon_day)
            counts[DQ_DUE_SOON] += n;
        else
            counts[DQ_ON_TRACK] += n;
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    mc_day days[2] = {today, soon_day};
    for (int i = 0; i < (soon_day != today ? 2 : 1); i++) {
        r = store_query(c, Q_INBOX_DAY,
                        SV_ARGS(SV_T(tenant), SV_I(unit), SV_I(time_from_local(days[i], 0)),
                                SV_I(time_from_local(days[i] + 1, 0) - 1), SV_I(R), SV_I(u), SV_I(R)),
                        err);
        if (!r) return MC_ERR_STORE;
        while ((k = store_next(r, err)) == 1) counts[dossier_class_at(cal, store_int(r, 0), 0, now, soon)]++;
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    if (!(r = store_query(c, Q_INBOX_PAUSED, SV_ARGS(SV_T(tenant), SV_I(unit), SV_I(R), SV_I(u), SV_I(R)), err)))
        return MC_ERR_STORE;
    while ((k = store_next(r, err)) == 1) {
        ds_class cls = dossier_class_at(cal, opt_int(r, 2), store_int(r, 3), now, soon);
        counts[cls]++;
        push(a, paused, store_int(r, 1), store_int(r, 0), cls);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err inbox_list(store_conn *c, arena *a, const ds_actor *who, const calendar *cal, mc_time now, const char *cls,
                  const char *state, const char *q, int64_t offset, int64_t limit, ds_inbox *out, mc_error *err) {
    /* What the index does not answer: a search, a state, an actor who may also act as a citizen or as motcua
     * itself, an index not built yet, a class that is not one (the reference says so in Vietnamese). */
    int want = -1;
    for (int k = 0; cls && *cls && k < 4; k++)
        if (!strcmp(cls, ds_class_name((ds_class)k))) want = k;
    if ((state && *state) || (q && *q) || (who->roles & (ROLE_CITIZEN | ROLE_SYSTEM)) || (cls && *cls && want < 0) ||
        !inbox_built(c, err))
        return dossier_inbox(c, a, who, cal, now, cls, state, q, offset, limit, out, err);
    memset(out, 0, sizeof *out);
    unsigned R = who->roles & OFFICER;
    int64_t u = who->user_id, unit = who->unit_id;
    mc_time soon = calendar_add(cal, now, 2, CAL_UNIT_DAY, -1);
    mc_time end_today = time_from_local(time_local_day(now) + 1, 0) - 1;
    hits h = {0}, paused = {0};
    /* The unit's tenant leads every read: on Citus, they go to the province's shards only. */
    const char *tenant = NULL;
    store_rows *t = store_query(c, Q_UNIT_TENANT, SV_ARGS(SV_I(unit)), err);
    if (!t) return MC_ERR_STORE;
    int tk = store_next(t, err);
    if (tk == 1) tenant = arena_strdup(a, store_text(t, 0));
    store_rows_free(t);
    if (tk < 0) return MC_ERR_STORE;
    if (!tenant) return dossier_inbox(c, a, who, cal, now, cls, state, q, offset, limit, out, err);
    mc_err e = counts_of(c, a, cal, tenant, unit, R, u, now, soon, out->counts, &paused, err);
    if (e) return e;
    for (int k = 0; k < 4; k++)
        if (want < 0 || want == k) out->total += out->counts[k];
    /* The first offset + limit lines of each source, merged by appointment. */
    int64_t need = offset + limit;
    mc_time from, to;
    store_rows *r;
    int k;
    if (need > 0 && range_of(want, now, end_today, soon, &from, &to)) {
        r = store_query(c, Q_INBOX_PAGE_DUE,
                        SV_ARGS(SV_T(tenant), SV_I(unit), SV_I(from), SV_I(to), SV_I(R), SV_I(u), SV_I(R), SV_I(need)),
                        err);
        if (!r) return MC_ERR_STORE;
        while ((k = store_next(r, err)) == 1) {
            mc_time due = store_int(r, 1);
            push(a, &h, due, store_int(r, 0), want >= 0 ? (ds_class)want : dossier_class_at(cal, due, 0, now, soon));
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    if (need > 0 && (want < 0 || want == DQ_ON_TRACK)) {
        r = store_query(c, Q_INBOX_PAGE_NODUE, SV_ARGS(SV_T(tenant), SV_I(unit), SV_I(R), SV_I(u), SV_I(R), SV_I(need)),
                        err);
        if (!r) return MC_ERR_STORE;
        while ((k = store_next(r, err)) == 1) push(a, &h, store_int(r, 1), store_int(r, 0), DQ_ON_TRACK);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
    }
    for (size_t i = 0; i < paused.n; i++)
        if (want < 0 || (int)paused.v[i].cls == want) push(a, &h, paused.v[i].key, paused.v[i].id, paused.v[i].cls);
    if (h.n) qsort(h.v, h.n, sizeof *h.v, by_appointment);
    size_t lo = offset < 0 ? 0 : (size_t)offset, hi = lo + (size_t)(limit > 0 ? limit : 0);
    if (hi > h.n) hi = h.n;
    if (lo > hi) lo = hi;
    int64_t *ids = arena_alloc(a, (hi - lo ? hi - lo : 1) * sizeof *ids);
    ds_class *classes = arena_alloc(a, (hi - lo ? hi - lo : 1) * sizeof *classes);
    for (size_t i = lo; i < hi; i++) {
        ids[i - lo] = h.v[i].id;
        classes[i - lo] = h.v[i].cls;
    }
    return dossier_inbox_fill(c, a, who, tenant, ids, classes, hi - lo, out, err);
}
