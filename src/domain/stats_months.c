/* stats_months.c - report II.06a's monthly sums (stats_months.h). */
#include "stats_months.h"

#include <stdio.h>
#include <string.h>

#define STATSM_VERSION "2"

int stats_month_of(mc_day d) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return y * 100 + m;
}

/* One root dossier as the sums see it. */
typedef struct {
    const char *tenant, *outcome, *channel, *procedure;
    mc_time received_at, decided_at, due_at; /* 0: none */
    int64_t competent, receiving;
    int version;
} counted;

/* The decision's column, as MC_STATS_SUMS decides it: 0 early, 1 on time, 2 late, -1 none of them. */
static int decision_kind(const counted *c) {
    bool stopped = c->outcome && !strcmp(c->outcome, "stopped");
    if (stopped) return 1;
    if (!c->due_at) return -1;
    mc_day dd = time_local_day(c->decided_at), due = time_local_day(c->due_at);
    if (dd < due) return 0;
    if (c->decided_at <= c->due_at) return 1;
    return 2;
}

/* Adds sign × c to its row: (receipt month, 0) while undecided, (receipt month, decision month) once decided
 * (with its decision's column). */
static mc_err put(store_conn *w, const counted *c, bool decided, int sign, mc_error *err) {
    bool online = c->channel && !strcmp(c->channel, "online");
    int k = decided ? decision_kind(c) : -1;
    return store_exec(w, Q_STATSM_ADD,
                      SV_ARGS(SV_T(c->tenant), SV_I(stats_month_of(time_local_day(c->received_at))),
                              SV_I(decided ? stats_month_of(time_local_day(c->decided_at)) : 0), SV_I(c->competent),
                              SV_I(c->receiving), SV_T(c->procedure), SV_I(c->version), SV_I(online ? sign : 0),
                              SV_I(online ? 0 : sign), SV_I(k == 0 ? sign : 0), SV_I(k == 1 ? sign : 0),
                              SV_I(k == 2 ? sign : 0)),
                      NULL, err);
}

/* Reads a counted dossier from columns 1.. of r (column 0: the parent or the tenant). */
static void read_counted(store_rows *r, counted *c) {
    c->received_at = store_null(r, 1) ? 0 : store_int(r, 1);
    c->decided_at = store_null(r, 2) ? 0 : store_int(r, 2);
    c->due_at = store_null(r, 3) ? 0 : store_int(r, 3);
    c->outcome = store_text(r, 4);
    c->channel = store_text(r, 5);
    c->competent = store_int(r, 6);
    c->receiving = store_int(r, 7);
    c->procedure = store_text(r, 8);
    c->version = (int)store_int(r, 9);
}

mc_err stats_months_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    if (e->subject || !e->dossier_id || !e->action) return MC_OK;
    bool recv = !strcmp(e->action, "accept");
    bool dec = !strcmp(e->action, "approve") || !strcmp(e->action, "reject") || !strcmp(e->action, "stop");
    if (!recv && !dec) return MC_OK;
    store_rows *r = store_query(w, Q_STATSM_DOSSIER, SV_ARGS(SV_T(e->tenant), SV_I(e->dossier_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    mc_err res = k < 0 ? MC_ERR_STORE : MC_OK;
    if (k == 1 && store_null(r, 0) && !store_null(r, 1)) {
        /* A root dossier that was received (a stop before receipt is not counted). */
        counted c = {.tenant = e->tenant};
        read_counted(r, &c);
        if (recv)
            res = put(w, &c, false, 1, err);
        else if (c.decided_at) {
            /* Decided: it leaves the undecided row of its receipt month for its decision month's. */
            res = put(w, &c, false, -1, err);
            if (!res) res = put(w, &c, true, 1, err);
        }
    }
    store_rows_free(r);
    return res;
}

/* Rows loaded per chunk of a rebuild: SQLite keeps its temporary tables in memory (about 100 bytes a row). */
static int64_t chunk = 65536;

void stats_months_set_chunk(int64_t n) {
    chunk = n > 0 ? n : 65536;
}

/* Adds the rows loaded so far to the sums and empties the load table. */
static mc_err add_loaded(store_conn *w, mc_error *err) {
    mc_err e = store_load_end(w, err);
    if (!e) e = store_exec(w, Q_STATSM_FROM_LOAD, SV_NONE, NULL, err);
    if (!e) e = store_exec(w, Q_STATSM_LOAD_CLEAR, SV_NONE, NULL, err);
    return e;
}

mc_err stats_months_rebuild(store *s, bool force, int64_t *rebuilt, mc_error *err) {
    *rebuilt = 0;
    if (!force) {
        store_rows *r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("stats_months_version")), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        bool current = k == 1 && store_text(r, 0) && !strcmp(store_text(r, 0), STATSM_VERSION);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (current) return MC_OK;
    }
    store_conn *w = store_begin(s, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = store_exec(w, Q_STATSM_CLEAR, SV_NONE, NULL, err);
    /* The dossiers are read through the reader while the writer adds: the writer's lock keeps them still
     * (SQLite: one writer; PostgreSQL: store_begin waits for every tenant's writers and holds them off). */
    store_rows *r = e ? NULL : store_query(store_reader(s), Q_STATSM_ROOTS, SV_NONE, err);
    if (!e && !r) e = MC_ERR_STORE;
    /* One row per dossier in bulk into a temporary table, then summed in one statement: one statement per
     * dossier took 15 min at 10M dossiers on PostgreSQL (bench/README.md). */
    static const char *const names[] = {
        "tenant",         "recv_month",        "dec_month", "competent_unit_id", "receiving_unit_id",
        "procedure_code", "procedure_version", "n_online",  "n_other",           "dec_early",
        "dec_on_time",    "dec_late"};
    if (!e) e = store_exec(w, Q_STATSM_LOAD_TABLE, SV_NONE, NULL, err);
    int k = 0;
    int64_t n = 0;
    while (!e && (k = store_next(r, err)) == 1) {
        counted c = {.tenant = store_text(r, 0)};
        read_counted(r, &c);
        bool decided = c.decided_at != 0, online = c.channel && !strcmp(c.channel, "online");
        int kind = decided ? decision_kind(&c) : -1;
        int64_t ints[10] = {stats_month_of(time_local_day(c.received_at)),
                            decided ? stats_month_of(time_local_day(c.decided_at)) : 0,
                            c.competent,
                            c.receiving,
                            c.version,
                            online,
                            !online,
                            kind == 0,
                            kind == 1,
                            kind == 2};
        char num[10][24];
        for (int i = 0; i < 10; i++) snprintf(num[i], sizeof num[i], "%lld", (long long)ints[i]);
        const char *vals[] = {c.tenant, num[0], num[1], num[2], num[3], c.procedure,
                              num[4],   num[5], num[6], num[7], num[8], num[9]};
        e = store_load(w, "stats_months_load", 12, names, vals, err);
        if (!e && ++n % chunk == 0) e = add_loaded(w, err);
    }
    if (!e && k < 0) e = MC_ERR_STORE;
    store_rows_free(r);
    if (!e) e = add_loaded(w, err);
    if (!e) e = store_exec(w, Q_STATSM_LOAD_DROP, SV_NONE, NULL, err);
    if (!e) e = store_exec(w, Q_META_SET, SV_ARGS(SV_T("stats_months_version"), SV_T(STATSM_VERSION)), NULL, err);
    if (!(e = store_finish(w, e, err))) *rebuilt = n;
    return e;
}
