/* stats.c - report II.06a over the dossiers table. */
#include "stats.h"

#include "stats_months.h"
#include "units.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const group_names[] = {"unit", "field", "procedure"};

int stats_group_parse(const char *s) {
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, group_names[i]) == 0) return i;
    return -1;
}

static int cmp_key(const void *x, const void *y) {
    return strcmp(((const stats_row *)x)->key, ((const stats_row *)y)->key);
}

static void add(stats_row *t, const stats_row *r) {
    t->received += r->received;
    t->carried_over += r->carried_over;
    t->new_online += r->new_online;
    t->new_direct += r->new_direct;
    t->resolved += r->resolved;
    t->early += r->early;
    t->on_time += r->on_time;
    t->late += r->late;
    t->pending += r->pending;
    t->pending_on_time += r->pending_on_time;
    t->pending_overdue += r->pending_overdue;
    t->paused += r->paused;
}

/* Label of a key: the unit's code and name, or the procedure's name. */
typedef struct {
    const char **keys, **labels;
    size_t n;
} label_map;

static mc_err load_labels(store_conn *c, arena *a, stats_group g, label_map *m, mc_error *err) {
    memset(m, 0, sizeof *m);
    if (g == STATS_BY_FIELD) return MC_OK;
    store_rows *r = store_query(c, g == STATS_BY_UNIT ? Q_UNIT_LIST : Q_PROC_NAMES, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 128;
    m->keys = arena_alloc(a, cap * sizeof *m->keys);
    m->labels = arena_alloc(a, cap * sizeof *m->labels);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (m->n == cap) {
            size_t c2 = cap;
            m->labels = arena_grow(a, m->labels, &c2, sizeof *m->labels);
            m->keys = arena_grow(a, m->keys, &cap, sizeof *m->keys);
        }
        /* Units: key by id (column 0), show the code and name. */
        m->keys[m->n] = arena_strdup(a, store_text(r, 0));
        m->labels[m->n] = g == STATS_BY_UNIT ? arena_printf(a, "%s\t%s", store_text(r, 1), store_text(r, 2))
                                             : arena_strdup(a, store_text(r, 1));
        m->n++;
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* A row being summed: its raw key (unit id, procedure code or field) and the row. */
typedef struct {
    const char *raw;
    stats_row row;
} keyed;

typedef struct {
    arena *a;
    keyed *v;
    size_t n, cap;
} table;

/* The row of raw key k, appended (zero) when new. */
static stats_row *row_for(table *t, const char *k) {
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].raw, k)) return &t->v[i].row;
    if (t->n == t->cap) t->v = arena_grow(t->a, t->v, &t->cap, sizeof *t->v);
    keyed *x = &t->v[t->n++];
    memset(x, 0, sizeof *x);
    x->raw = arena_strdup(t->a, k);
    return &x->row;
}

/* Sets a row's key and label from its raw key. */
static void label_row(arena *a, keyed *x, stats_group g, const label_map *labels) {
    stats_row *r = &x->row;
    r->key = x->raw;
    r->label = x->raw;
    for (size_t i = 0; i < labels->n; i++)
        if (strcmp(labels->keys[i], x->raw) == 0) {
            r->label = labels->labels[i];
            if (g == STATS_BY_UNIT) {
                /* "code\tname": the key shown is the unit's code. */
                const char *tab = strchr(labels->labels[i], '\t');
                r->key = arena_strndup(a, labels->labels[i], (size_t)(tab - labels->labels[i]));
                r->label = tab + 1;
            }
            break;
        }
}

/* The whole-month path: [from, to] is whole months and the sums are built. */
static bool whole_months(store_conn *c, mc_day from, mc_day to, int *mf, int *mt, mc_error *err) {
    int y, m, d;
    day_to_ymd(from, &y, &m, &d);
    if (d != 1) return false;
    day_to_ymd(to + 1, &y, &m, &d);
    if (d != 1) return false;
    *mf = stats_month_of(from);
    *mt = stats_month_of(to + 1);
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("stats_months_version")), err);
    if (!r) return false;
    bool built = store_next(r, err) == 1;
    store_rows_free(r);
    return built;
}

/* Adds the rows of query q (key, then `cols` sums into the fields at offs) to t. */
static mc_err sum_into(store_conn *c, store_qid q, const store_val *args, int nargs, table *t, const size_t *offs,
                       int cols, mc_error *err) {
    store_rows *r = store_query(c, q, args, nargs, err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        stats_row *x = row_for(t, store_text(r, 0) ? store_text(r, 0) : "");
        for (int i = 0; i < cols; i++) *(int64_t *)((char *)x + offs[i]) += store_int(r, i + 1);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

static mc_err ii06a(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now, stats_group g,
                    bool scan, stats_row **rows, size_t *n, stats_row *total, mc_error *err) {
    if (to < from)
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.",
                       "to is before from.");
    if (to - from > 3660)
        return mc_fail(err, MC_ERR_INVALID, "to", "Kỳ báo cáo dài tối đa 10 năm.", "Period longer than 10 years.");
    mc_time f = time_from_local(from, 0), t = time_from_local(to + 1, 0);
    mc_time asof = now < t ? now : t;
    char *like = arena_printf(a, "%s%%", unit_path);
    char tenant[UNITS_TENANT_MAX];
    label_map labels;
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (!e) e = load_labels(c, a, g, &labels, err);
    if (e) return e;
    table tb = {.a = a, .cap = 16};
    tb.v = arena_alloc(a, tb.cap * sizeof *tb.v);
    int mf, mt;
    if (!scan && whole_months(c, from, to, &mf, &mt, err)) {
        /* Received and decided from the monthly sums; pending and paused from the dossiers open at the end. */
        static const size_t sums[] = {offsetof(stats_row, carried_over), offsetof(stats_row, new_online),
                                      offsetof(stats_row, new_direct),   offsetof(stats_row, early),
                                      offsetof(stats_row, on_time),      offsetof(stats_row, late)};
        static const size_t open[] = {offsetof(stats_row, pending_on_time), offsetof(stats_row, pending_overdue),
                                      offsetof(stats_row, paused)};
        store_val margs[] = {SV_I(mf), SV_I(mf), SV_I(mf), SV_I(mf), SV_I(mt),   SV_I(mf),   SV_I(mt),
                             SV_I(mf), SV_I(mt), SV_I(mf), SV_I(mt), SV_T(like), SV_T(like), SV_T(tenant)};
        store_val oargs[] = {SV_I(t), SV_I(asof), SV_I(t),    SV_I(asof), SV_I(t),
                             SV_I(t), SV_I(t),    SV_T(like), SV_T(like), SV_T(tenant)};
        store_qid qm = g == STATS_BY_UNIT        ? Q_STATSM_BY_UNIT
                       : g == STATS_BY_PROCEDURE ? Q_STATSM_BY_PROCEDURE
                                                 : Q_STATSM_BY_FIELD;
        store_qid qo = g == STATS_BY_UNIT        ? Q_STATSO_BY_UNIT
                       : g == STATS_BY_PROCEDURE ? Q_STATSO_BY_PROCEDURE
                                                 : Q_STATSO_BY_FIELD;
        e = sum_into(c, qm, margs, (int)(sizeof margs / sizeof margs[0]), &tb, sums, 6, err);
        if (!e) e = sum_into(c, qo, oargs, (int)(sizeof oargs / sizeof oargs[0]), &tb, open, 3, err);
    } else {
        static const size_t all[] = {
            offsetof(stats_row, carried_over),    offsetof(stats_row, new_online),      offsetof(stats_row, new_direct),
            offsetof(stats_row, early),           offsetof(stats_row, on_time),         offsetof(stats_row, late),
            offsetof(stats_row, pending_on_time), offsetof(stats_row, pending_overdue), offsetof(stats_row, paused)};
        store_val args[] = {SV_I(f), SV_I(f),    SV_I(f),    SV_I(t),    SV_I(t),     SV_I(t), SV_I(t),
                            SV_I(t), SV_I(asof), SV_I(t),    SV_I(t),    SV_I(asof),  SV_I(t), SV_I(t),
                            SV_I(t), SV_I(f),    SV_T(like), SV_T(like), SV_T(tenant)};
        store_qid q = g == STATS_BY_UNIT        ? Q_STATS_BY_UNIT
                      : g == STATS_BY_PROCEDURE ? Q_STATS_BY_PROCEDURE
                                                : Q_STATS_BY_FIELD;
        e = sum_into(c, q, args, (int)(sizeof args / sizeof args[0]), &tb, all, 9, err);
    }
    if (e) return e;
    memset(total, 0, sizeof *total);
    total->key = "total";
    total->label = "Tổng cộng";
    stats_row *v = arena_alloc(a, (tb.n ? tb.n : 1) * sizeof *v);
    size_t cnt = 0;
    for (size_t i = 0; i < tb.n; i++) {
        stats_row *x = &tb.v[i].row;
        x->received = x->carried_over + x->new_online + x->new_direct;
        /* A group none of whose dossiers is in the period (every one decided before it) has no row. */
        if (!x->received) continue;
        x->resolved = x->early + x->on_time + x->late;
        x->pending = x->pending_on_time + x->pending_overdue;
        label_row(a, &tb.v[i], g, &labels);
        v[cnt++] = *x;
        add(total, x);
    }
    qsort(v, cnt, sizeof *v, cmp_key);
    *rows = v;
    *n = cnt;
    return MC_OK;
}

mc_err stats_ii06a(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now, stats_group g,
                   stats_row **rows, size_t *n, stats_row *total, mc_error *err) {
    return ii06a(c, a, unit_path, from, to, now, g, false, rows, n, total, err);
}

mc_err stats_ii06a_scan(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now,
                        stats_group g, stats_row **rows, size_t *n, stats_row *total, mc_error *err) {
    return ii06a(c, a, unit_path, from, to, now, g, true, rows, n, total, err);
}
