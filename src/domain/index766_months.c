/* index766_months.c - the 766 index's monthly sums (index766_months.h). */
#include "index766_months.h"

#include <stdio.h>
#include <string.h>

#include "stats_months.h"
#include "timeutil.h"

#define I766M_VERSION "1"

/* What the sums count of one dossier. */
typedef struct {
    int recv_month, dec_month, ret_month; /* 0: not yet */
    int64_t unit, flags, seconds;
    char procedure[128];
} counted;

static int month_of(mc_time t) {
    return t ? stats_month_of(time_local_day(t)) : 0;
}

/* Reads the count of a dossier from a row of Q_I766M_DOSSIER / Q_I766M_ROOTS; false when the dossier is not
 * counted (a child of liên thông, or not received). */
static bool read_counted(store_rows *r, counted *c) {
    memset(c, 0, sizeof *c);
    if (!store_null(r, 0) || store_null(r, 1)) return false;
    mc_time recv = store_int(r, 1), dec = store_null(r, 2) ? 0 : store_int(r, 2);
    c->recv_month = month_of(recv);
    c->dec_month = month_of(dec);
    c->ret_month = store_null(r, 3) ? 0 : month_of(store_int(r, 3));
    c->unit = store_int(r, 4);
    const char *p = store_text(r, 5);
    strncpy(c->procedure, p ? p : "", sizeof c->procedure - 1);
    c->flags = store_int(r, 6);
    c->seconds = dec ? dec - recv : 0;
    return true;
}

static bool same(const counted *x, const counted *y) {
    return x->recv_month == y->recv_month && x->dec_month == y->dec_month && x->ret_month == y->ret_month &&
           x->unit == y->unit && x->flags == y->flags && x->seconds == y->seconds &&
           !strcmp(x->procedure, y->procedure);
}

/* Adds sign × c to its row of the sums. */
static mc_err add(store_conn *w, const char *tenant, const counted *c, int sign, mc_error *err) {
#define BIT(b) SV_I((c->flags & (b)) ? sign : 0)
    return store_exec(w, Q_I766M_ADD,
                      SV_ARGS(SV_T(tenant), SV_I(c->recv_month), SV_I(c->dec_month), SV_I(c->ret_month), SV_I(c->unit),
                              SV_T(c->procedure), SV_I(sign), BIT(1), BIT(2), BIT(4), BIT(8), BIT(16), BIT(32),
                              SV_I(sign * c->seconds)),
                      NULL, err);
#undef BIT
}

static mc_err put_counted(store_conn *w, const char *tenant, int64_t id, const counted *c, mc_error *err) {
    return store_exec(w, Q_I766M_COUNTED_PUT,
                      SV_ARGS(SV_T(tenant), SV_I(id), SV_I(c->recv_month), SV_I(c->dec_month), SV_I(c->ret_month),
                              SV_I(c->unit), SV_T(c->procedure), SV_I(c->flags), SV_I(c->seconds)),
                      NULL, err);
}

mc_err index766_months_refresh(store_conn *w, const char *tenant, int64_t id, mc_error *err) {
    counted now, was;
    store_rows *r = store_query(w, Q_I766M_DOSSIER, SV_ARGS(SV_T(tenant), SV_T(tenant), SV_T(tenant), SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool has_now = k == 1 && read_counted(r, &now);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(w, Q_I766M_COUNTED, SV_ARGS(SV_T(tenant), SV_I(id)), err))) return MC_ERR_STORE;
    bool had = (k = store_next(r, err)) == 1;
    if (had) {
        memset(&was, 0, sizeof was);
        was.recv_month = (int)store_int(r, 0);
        was.dec_month = (int)store_int(r, 1);
        was.ret_month = (int)store_int(r, 2);
        was.unit = store_int(r, 3);
        strncpy(was.procedure, store_text(r, 4), sizeof was.procedure - 1);
        was.flags = store_int(r, 5);
        was.seconds = store_int(r, 6);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (had && has_now && same(&was, &now)) return MC_OK;
    mc_err e = had ? add(w, tenant, &was, -1, err) : MC_OK;
    if (!e && has_now) e = add(w, tenant, &now, 1, err);
    if (!e)
        e = has_now ? put_counted(w, tenant, id, &now, err)
                    : store_exec(w, Q_I766M_COUNTED_DEL, SV_ARGS(SV_T(tenant), SV_I(id)), NULL, err);
    return e;
}

mc_err index766_months_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    if (e->subject || !e->dossier_id) return MC_OK;
    return index766_months_refresh(w, e->tenant, e->dossier_id, err);
}

bool index766_months_built(store_conn *c, mc_error *err) {
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("i766_months_version")), err);
    if (!r) return false;
    bool built = store_next(r, err) == 1 && store_text(r, 0) && !strcmp(store_text(r, 0), I766M_VERSION);
    store_rows_free(r);
    return built;
}

mc_err index766_months_rebuild(store *s, bool force, int64_t *rebuilt, mc_error *err) {
    *rebuilt = 0;
    if (!force && index766_months_built(store_reader(s), err)) return MC_OK;
    store_conn *w = store_begin(s, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = store_exec(w, Q_I766M_CLEAR_MONTHS, SV_NONE, NULL, err);
    if (!e) e = store_exec(w, Q_I766M_CLEAR_COUNTED, SV_NONE, NULL, err);
    /* Read through the reader while the writer adds: the writer's lock keeps the dossiers still (as
     * stats_months_rebuild). */
    store_rows *r = e ? NULL : store_query(store_reader(s), Q_I766M_ROOTS, SV_NONE, err);
    if (!e && !r) e = MC_ERR_STORE;
    /* What each dossier counts goes in bulk into i766_counted, then the sums are those of its rows: one
     * statement per dossier took 33 min at 10M dossiers on PostgreSQL (bench/README.md). */
    static const char *const names[] = {"tenant",         "dossier_id", "recv_month",
                                        "dec_month",      "ret_month",  "competent_unit_id",
                                        "procedure_code", "flags",      "seconds"};
    int k = 0;
    int64_t n = 0;
    while (!e && (k = store_next(r, err)) == 1) {
        counted c;
        if (!read_counted(r, &c)) continue;
        char num[7][24];
        int64_t ints[7] = {store_int(r, 7), c.recv_month, c.dec_month, c.ret_month, c.unit, c.flags, c.seconds};
        for (int i = 0; i < 7; i++) snprintf(num[i], sizeof num[i], "%lld", (long long)ints[i]);
        const char *vals[] = {store_text(r, 8), num[0], num[1], num[2], num[3], num[4], c.procedure, num[5], num[6]};
        e = store_load(w, "i766_counted", 9, names, vals, err);
        n++;
    }
    if (!e && k < 0) e = MC_ERR_STORE;
    store_rows_free(r);
    if (!e) e = store_load_end(w, err);
    if (!e) e = store_exec(w, Q_I766M_FROM_COUNTED, SV_NONE, NULL, err);
    if (!e) e = store_exec(w, Q_META_SET, SV_ARGS(SV_T("i766_months_version"), SV_T(I766M_VERSION)), NULL, err);
    if (!(e = store_finish(w, e, err))) *rebuilt = n;
    return e;
}
