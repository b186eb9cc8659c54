/* test_stats.c - report II.06a against hand-counted numbers on a seeded set
 * of dossiers in March 2026 (see the comment on each dossier). */
#include "testutil.h"

#include "dossier_fixture.h"
#include "stats.h"
#include "stats_months.h"

static void same_row(const stats_row *x, const stats_row *y) {
    assert_string_equal(x->key, y->key);
    assert_string_equal(x->label, y->label);
    const int64_t *a = &x->received, *b = &y->received;
    for (int i = 0; i < 12; i++) assert_int_equal(a[i], b[i]);
}

/* stats_ii06a, checked against the scan of the dossiers (stats_ii06a_scan) row by row. */
static mc_err checked(store_conn *c, arena *a, const char *path, mc_day from, mc_day to, mc_time now, stats_group g,
                      stats_row **rows, size_t *n, stats_row *tot, mc_error *err) {
    mc_err e = stats_ii06a(c, a, path, from, to, now, g, rows, n, tot, err);
    stats_row *r2, t2;
    size_t n2;
    mc_err e2 = stats_ii06a_scan(c, a, path, from, to, now, g, &r2, &n2, &t2, err);
    assert_int_equal(e, e2);
    if (e) return e;
    assert_int_equal(*n, n2);
    for (size_t i = 0; i < n2; i++) same_row(&(*rows)[i], &r2[i]);
    same_row(tot, &t2);
    return e;
}

static const char *items1[] = {"Thiếu bản sao"};

static void seeded_march(void **state) {
    fixture *f = *state;
    mc_error err;
    int64_t built = -1;
    assert_int_equal(stats_months_rebuild(f->s, false, &built, &err), MC_OK); /* empty: kept from here by the hook */
    assert_int_equal(built, 0);
    ds_act_input sup = {.items = items1, .nitems = 1, .reason = "Thiếu"};
    ds_act_input stop = {.reason = "Người nộp xin rút"};
    ds_act_input tr = {.unit = "S03"};
    /* Walks a received dossier to the decision at `at`. */
#define DECIDE(d, at)                                                                                                  \
    do {                                                                                                               \
        ACT_OK(f, &f->spec, &(d), DA_CLAIM, at, NULL);                                                                 \
        ACT_OK(f, &f->spec, &(d), DA_FORWARD, at, NULL);                                                               \
        ACT_OK(f, &f->lead, &(d), DA_CLAIM, at, NULL);                                                                 \
        ACT_OK(f, &f->lead, &(d), DA_APPROVE, at, NULL);                                                               \
    } while (0)
    /* A: carried over from February (due 04/03 09:00), decided 03/03: early. */
    dossier a = intake(f, &f->recv, "2026-02-27T09:00", "accept");
    assert_int_equal(a.due_at, T("2026-03-04T09:00"));
    DECIDE(a, "2026-03-03T10:00");
    /* B: received 02/03 (due 05/03 09:00), decided 05/03 08:00: on time. */
    dossier b = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    DECIDE(b, "2026-03-05T08:00");
    /* C: received 02/03, decided 06/03: late. */
    dossier c = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    DECIDE(c, "2026-03-06T09:00");
    /* D: at the other ward, never decided: pending, overdue at the end of March. */
    intake(f, &f->recv2, "2026-03-02T09:00", "accept");
    /* E: online, accepted 30/03 (due 02/04): pending on time. */
    store_conn *uc = store_begin(f->s, &err);
    user_new cn = {"0911000111", "Lục Thị Hoa", "mat-khau-thu", NULL, ROLE_CITIZEN, "0911000111", NULL, "004190000111"};
    int64_t cid;
    assert_int_equal(users_add(uc, &cn, &cid, &err), MC_OK);
    assert_int_equal(store_commit(uc, &err), MC_OK);
    ds_actor cit = {cid, "0911000111", ROLE_CITIZEN, 0, NULL, NULL};
    ds_intake on = {.procedure = "1.000001",
                    .channel = "online",
                    .receiving_unit = "01273",
                    .applicant = {"Lục Thị Hoa", "004190000111", "0911000111", NULL, NULL},
                    .provided = provided_all,
                    .nprovided = 1};
    dossier e;
    assert_int_equal(dossier_intake(f->s, f->cal, &cit, &on, T("2026-03-29T20:00"), f->a, &e, &err), MC_OK);
    assert_int_equal(e.state, DS_SUBMITTED);
    ACT_OK(f, &f->recv, &e, DA_ACCEPT, "2026-03-30T09:00", NULL);
    /* F: received 03/03, waiting for a supplement since 03/03: paused. */
    dossier fd = intake(f, &f->recv, "2026-03-03T09:00", "accept");
    ACT_OK(f, &f->spec, &fd, DA_REQUEST_SUPPLEMENT, "2026-03-03T10:00", &sup);
    /* G: received 02/03, stopped 04/03 at the applicant's request: resolved on time. */
    dossier g = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    ACT_OK(f, &f->recv, &g, DA_STOP, "2026-03-04T09:00", &stop);
    /* H: transferred to S03 on 02/03 and still there: the parent counts once
     * (pending, overdue), the child not at all. */
    dossier h = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    ACT_OK(f, &f->spec, &h, DA_CLAIM, "2026-03-02T10:00", NULL);
    ACT_OK(f, &f->spec, &h, DA_TRANSFER, "2026-03-02T10:00", &tr);
    /* I: received in April; J: received and decided in February: outside. */
    intake(f, &f->recv, "2026-04-01T09:00", "accept");
    dossier j = intake(f, &f->recv, "2026-02-02T09:00", "accept");
    DECIDE(j, "2026-02-10T09:00");
    /* K: refused at the counter: never received, not counted. */
    intake(f, &f->recv, "2026-03-10T09:00", "refuse");

    stats_row *rows, tot;
    size_t n;
    mc_day from = day_from_ymd(2026, 3, 1), to = day_from_ymd(2026, 3, 31);
    org_unit prov;
    assert_int_equal(units_get(store_reader(f->s), f->a, "04", &prov, &err), MC_OK);
    assert_int_equal(checked(store_reader(f->s), f->a, prov.path, from, to, T("2026-11-29T09:00"), STATS_BY_UNIT, &rows,
                             &n, &tot, &err),
                     MC_OK);
    assert_int_equal(n, 2);
    const stats_row *w1 = &rows[0], *w2 = &rows[1];
    assert_string_equal(w1->key, "01273");
    assert_int_equal(w1->carried_over, 1);
    assert_int_equal(w1->new_direct, 5);
    assert_int_equal(w1->new_online, 1);
    assert_int_equal(w1->received, 7);
    assert_int_equal(w1->early, 1);
    assert_int_equal(w1->on_time, 2);
    assert_int_equal(w1->late, 1);
    assert_int_equal(w1->resolved, 4);
    assert_int_equal(w1->pending_on_time, 1);
    assert_int_equal(w1->pending_overdue, 1);
    assert_int_equal(w1->paused, 1);
    assert_string_equal(w2->key, "01279");
    assert_int_equal(w2->new_direct, 1);
    assert_int_equal(w2->pending_overdue, 1);
    assert_int_equal(tot.received, 8);
    assert_int_equal(tot.resolved, 4);
    assert_int_equal(tot.pending, 3);
    assert_int_equal(tot.paused, 1);
    /* Every active dossier is in exactly one of resolved, pending, paused. */
    assert_int_equal(tot.received, tot.resolved + tot.pending + tot.paused);
    /* One ward alone; by field; by procedure. */
    org_unit w;
    assert_int_equal(units_get(store_reader(f->s), f->a, "01279", &w, &err), MC_OK);
    assert_int_equal(checked(store_reader(f->s), f->a, w.path, from, to, T("2026-11-29T09:00"), STATS_BY_UNIT, &rows,
                             &n, &tot, &err),
                     MC_OK);
    assert_int_equal(tot.received, 1);
    assert_int_equal(checked(store_reader(f->s), f->a, prov.path, from, to, T("2026-11-29T09:00"), STATS_BY_FIELD,
                             &rows, &n, &tot, &err),
                     MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].key, "Hộ tịch");
    assert_int_equal(rows[0].received, 8);
    /* As of 04/03 12:00 (inside the period): C and D are not yet overdue; B is due
     * 05/03. Resolved so far: A (early) and G (stopped). */
    assert_int_equal(checked(store_reader(f->s), f->a, prov.path, from, to, T("2026-03-04T12:00"), STATS_BY_PROCEDURE,
                             &rows, &n, &tot, &err),
                     MC_OK);
    assert_string_equal(rows[0].key, "1.000001");
    assert_int_equal(tot.pending_overdue, 0);
    /* A bad period. */
    assert_int_equal(checked(store_reader(f->s), f->a, prov.path, to, from, T("2026-11-29T09:00"), STATS_BY_UNIT, &rows,
                             &n, &tot, &err),
                     MC_ERR_INVALID);
}

/* A generated history (a fixed seed): intakes over four months at two wards, each dossier then decided
 * early, on time or late, rejected, stopped, paused for a supplement, transferred, or left open. Every
 * whole-month period (a month, a quarter, the four months, one inside another year's gap) and every
 * grouping agree with the scan, for the province and for one ward; and a forced rebuild of the sums from
 * the dossiers gives what the hook kept. */
static void generated_history_agrees_with_the_scan(void **state) {
    fixture *f = *state;
    mc_error err;
    int64_t built = -1;
    assert_int_equal(stats_months_rebuild(f->s, false, &built, &err), MC_OK);
    unsigned seed = 20261206u;
    ds_act_input sup = {.items = items1, .nitems = 1, .reason = "Thiếu"};
    ds_act_input stop = {.reason = "Người nộp xin rút"};
    ds_act_input tr = {.unit = "S03"};
    mc_day first = day_from_ymd(2026, 1, 5);
    for (int i = 0; i < 70; i++) {
        mc_day d = first + (mc_day)(fx_rnd(&seed) % 110);
        if (day_weekday(d) == 0 || day_weekday(d) == 6) d += 2;
        char at[32], later[32];
        fx_stamp(at, sizeof at, d, 8 + (int)(fx_rnd(&seed) % 8));
        const ds_actor *rcv = fx_rnd(&seed) % 3 ? &f->recv : &f->recv2;
        dossier x = intake(f, rcv, at, "accept");
        int fate = (int)(fx_rnd(&seed) % 7), delay = (int)(fx_rnd(&seed) % 9);
        fx_stamp(later, sizeof later, d + delay, 9 + (int)(fx_rnd(&seed) % 7));
        bool ours = rcv == &f->recv;      /* the officers of 01273 handle its dossiers */
        if (!ours && fate != 3) continue; /* the other ward's stay open, or are stopped at its counter */
        switch (fate) {
        case 0:
        case 1:
        case 2:
            ACT_OK(f, &f->spec, &x, DA_CLAIM, later, NULL);
            ACT_OK(f, &f->spec, &x, DA_FORWARD, later, NULL);
            ACT_OK(f, &f->lead, &x, DA_CLAIM, later, NULL);
            ACT_OK(f, &f->lead, &x, fate == 2 ? DA_REJECT : DA_APPROVE, later,
                   fate == 2 ? &(ds_act_input){.reason = "Không đủ điều kiện"} : NULL);
            break;
        case 3: ACT_OK(f, ours ? &f->recv : &f->recv2, &x, DA_STOP, later, &stop); break;
        case 4: ACT_OK(f, &f->spec, &x, DA_REQUEST_SUPPLEMENT, later, &sup); break;
        case 5:
            ACT_OK(f, &f->spec, &x, DA_CLAIM, later, NULL);
            ACT_OK(f, &f->spec, &x, DA_TRANSFER, later, &tr);
            break;
        default: break; /* open */
        }
    }
    org_unit prov, ward;
    assert_int_equal(units_get(store_reader(f->s), f->a, "04", &prov, &err), MC_OK);
    assert_int_equal(units_get(store_reader(f->s), f->a, "01279", &ward, &err), MC_OK);
    const struct {
        int y1, m1, y2, m2; /* first month, last month */
    } periods[] = {{2026, 1, 2026, 1}, {2026, 2, 2026, 2}, {2026, 3, 2026, 3}, {2026, 4, 2026, 4},
                   {2026, 5, 2026, 5}, {2026, 1, 2026, 3}, {2026, 2, 2026, 4}, {2025, 11, 2026, 6}};
    const mc_time nows[] = {T("2026-03-15T12:00"), T("2026-12-01T09:00")};
    stats_row *rows, tot;
    size_t n, checks = 0;
    int64_t seen = 0;
    for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++) {
        mc_day from = day_from_ymd(periods[p].y1, periods[p].m1, 1);
        mc_day to = day_from_ymd(periods[p].y2, periods[p].m2, ymd_month_days(periods[p].y2, periods[p].m2));
        for (int g = 0; g < 3; g++)
            for (size_t k = 0; k < 2; k++)
                for (int u = 0; u < 2; u++) {
                    assert_int_equal(checked(store_reader(f->s), f->a, u ? ward.path : prov.path, from, to, nows[k],
                                             (stats_group)g, &rows, &n, &tot, &err),
                                     MC_OK);
                    seen += tot.received;
                    checks++;
                }
    }
    assert_int_equal(checks, 8 * 3 * 2 * 2);
    assert_true(seen > 0);
    /* The four months hold every kind: resolved early, on time and late, pending both ways, paused. */
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, prov.path, day_from_ymd(2026, 1, 1),
                                 day_from_ymd(2026, 4, 30), T("2026-12-01T09:00"), STATS_BY_UNIT, &rows, &n, &tot,
                                 &err),
                     MC_OK);
    assert_true(tot.early > 0 && tot.on_time > 0 && tot.late > 0 && tot.pending_overdue > 0 && tot.paused > 0);
    /* Rebuilt from the dossiers: the same as the hook kept. */
    stats_row *before = rows, tb = tot;
    size_t nb = n;
    stats_months_set_chunk(8); /* several chunks, the last one short: rows of one month in two chunks add up */
    assert_int_equal(stats_months_rebuild(f->s, true, &built, &err), MC_OK);
    stats_months_set_chunk(0);
    assert_int_equal(built, 70 - 0 /* every dossier of the history was received */);
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, prov.path, day_from_ymd(2026, 1, 1),
                                 day_from_ymd(2026, 4, 30), T("2026-12-01T09:00"), STATS_BY_UNIT, &rows, &n, &tot,
                                 &err),
                     MC_OK);
    assert_int_equal(n, nb);
    for (size_t i = 0; i < n; i++) same_row(&rows[i], &before[i]);
    same_row(&tot, &tb);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(seeded_march, setup, teardown),
        cmocka_unit_test_setup_teardown(generated_history_agrees_with_the_scan, setup, teardown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
