/* stats.c - report II.06a over the dossiers table. */
#include "stats.h"

#include <string.h>

static const char *const group_names[] = {"unit", "field", "procedure"};

int stats_group_parse(const char *s) {
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, group_names[i]) == 0) return i;
    return -1;
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

mc_err stats_ii06a(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now,
                   stats_group g, stats_row **rows, size_t *n, stats_row *total, mc_error *err) {
    if (to < from)
        return mc_fail(err, MC_ERR_INVALID, "to", "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.", "to is before from.");
    if (to - from > 3660)
        return mc_fail(err, MC_ERR_INVALID, "to", "Kỳ báo cáo dài tối đa 10 năm.", "Period longer than 10 years.");
    mc_time f = time_from_local(from, 0), t = time_from_local(to + 1, 0);
    mc_time asof = now < t ? now : t;
    const char *grp = group_names[g];
    char *like = arena_printf(a, "%s%%", unit_path);
    store_val args[] = {SV_T(grp), SV_T(grp), SV_I(f), SV_I(f), SV_I(f), SV_I(t), SV_I(t), SV_I(t), SV_I(t),
                        SV_I(t), SV_I(asof), SV_I(t), SV_I(t), SV_I(asof), SV_I(t), SV_I(t), SV_T(like), SV_T(like),
                        SV_I(t), SV_I(f), SV_T(grp)};
    store_rows *r = store_query(c, Q_STATS_II06A, args, (int)(sizeof args / sizeof args[0]), err);
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
        x->key = arena_strdup(a, store_text(r, 0));
        x->label = arena_strdup(a, store_text(r, 1));
        x->carried_over = store_int(r, 2);
        x->new_online = store_int(r, 3);
        x->new_direct = store_int(r, 4);
        x->early = store_int(r, 5);
        x->on_time = store_int(r, 6);
        x->late = store_int(r, 7);
        x->pending_on_time = store_int(r, 8);
        x->pending_overdue = store_int(r, 9);
        x->paused = store_int(r, 10);
        x->received = x->carried_over + x->new_online + x->new_direct;
        x->resolved = x->early + x->on_time + x->late;
        x->pending = x->pending_on_time + x->pending_overdue;
        add(total, x);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *rows = v;
    *n = cnt;
    return MC_OK;
}
