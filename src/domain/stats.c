/* stats.c - report II.06a over the dossiers table. */
#include "stats.h"

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

mc_err stats_ii06a(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now, stats_group g,
                   stats_row **rows, size_t *n, stats_row *total, mc_error *err) {
    if (to < from)
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.",
                       "to is before from.");
    if (to - from > 3660)
        return mc_fail(err, MC_ERR_INVALID, "to", "Kỳ báo cáo dài tối đa 10 năm.", "Period longer than 10 years.");
    mc_time f = time_from_local(from, 0), t = time_from_local(to + 1, 0);
    mc_time asof = now < t ? now : t;
    char *like = arena_printf(a, "%s%%", unit_path);
    label_map labels;
    mc_err e = load_labels(c, a, g, &labels, err);
    if (e) return e;
    store_val args[] = {SV_I(f), SV_I(f), SV_I(f),    SV_I(t), SV_I(t), SV_I(t), SV_I(t), SV_I(t),    SV_I(asof),
                        SV_I(t), SV_I(t), SV_I(asof), SV_I(t), SV_I(t), SV_I(t), SV_I(f), SV_T(like), SV_T(like)};
    store_qid q = g == STATS_BY_UNIT        ? Q_STATS_BY_UNIT
                  : g == STATS_BY_PROCEDURE ? Q_STATS_BY_PROCEDURE
                                            : Q_STATS_BY_FIELD;
    store_rows *r = store_query(c, q, args, (int)(sizeof args / sizeof args[0]), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    stats_row *v = arena_alloc(a, cap * sizeof *v);
    memset(total, 0, sizeof *total);
    total->key = "total";
    total->label = "Tổng cộng";
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        stats_row *x = &v[cnt++];
        memset(x, 0, sizeof *x);
        const char *key = store_text(r, 0);
        x->key = arena_strdup(a, key);
        x->label = x->key;
        for (size_t i = 0; i < labels.n; i++)
            if (strcmp(labels.keys[i], key) == 0) {
                x->label = labels.labels[i];
                if (g == STATS_BY_UNIT) {
                    /* "code\tname": the key shown is the unit's code. */
                    const char *tab = strchr(labels.labels[i], '\t');
                    x->key = arena_strndup(a, labels.labels[i], (size_t)(tab - labels.labels[i]));
                    x->label = tab + 1;
                }
                break;
            }
        x->carried_over = store_int(r, 1);
        x->new_online = store_int(r, 2);
        x->new_direct = store_int(r, 3);
        x->early = store_int(r, 4);
        x->on_time = store_int(r, 5);
        x->late = store_int(r, 6);
        x->pending_on_time = store_int(r, 7);
        x->pending_overdue = store_int(r, 8);
        x->paused = store_int(r, 9);
        x->received = x->carried_over + x->new_online + x->new_direct;
        x->resolved = x->early + x->on_time + x->late;
        x->pending = x->pending_on_time + x->pending_overdue;
        add(total, x);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    qsort(v, cnt, sizeof *v, cmp_key);
    *rows = v;
    *n = cnt;
    return MC_OK;
}
