/* test_stats.c - report II.06a against hand-counted numbers on a seeded set
 * of dossiers in March 2026 (see the comment on each dossier). */
#include "testutil.h"

#include "dossier_fixture.h"
#include "stats.h"

static const char *items1[] = {"Thiếu bản sao"};

static void seeded_march(void **state) {
    fixture *f = *state;
    mc_error err;
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
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, prov.path, from, to, T("2026-11-29T09:00"), STATS_BY_UNIT,
                                 &rows, &n, &tot, &err),
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
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, w.path, from, to, T("2026-11-29T09:00"), STATS_BY_UNIT,
                                 &rows, &n, &tot, &err),
                     MC_OK);
    assert_int_equal(tot.received, 1);
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, prov.path, from, to, T("2026-11-29T09:00"), STATS_BY_FIELD,
                                 &rows, &n, &tot, &err),
                     MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].key, "Hộ tịch");
    assert_int_equal(rows[0].received, 8);
    /* As of 04/03 12:00 (inside the period): C and D are not yet overdue; B is due
     * 05/03. Resolved so far: A (early) and G (stopped). */
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, prov.path, from, to, T("2026-03-04T12:00"),
                                 STATS_BY_PROCEDURE, &rows, &n, &tot, &err),
                     MC_OK);
    assert_string_equal(rows[0].key, "1.000001");
    assert_int_equal(tot.pending_overdue, 0);
    /* A bad period. */
    assert_int_equal(stats_ii06a(store_reader(f->s), f->a, prov.path, to, from, T("2026-11-29T09:00"), STATS_BY_UNIT,
                                 &rows, &n, &tot, &err),
                     MC_ERR_INVALID);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(seeded_march, setup, teardown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
