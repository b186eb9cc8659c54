/* test_index766_months.c - the 766 index's monthly sums (index766_months.h) against the scan of the dossiers
 * (index766_compute_scan) on a generated history: every measure of every whole-month period, for the
 * province and for one ward, at two moments; and a forced rebuild gives what the hooks kept. */
#include "testutil.h"

#include <math.h>

#include "dossier_fixture.h"
#include "index766.h"
#include "index766_months.h"
#include "stats_months.h"

/* The citizen who submits online, made in the store of the test running. */
static ds_actor cit;
static void cit_reset(void) {
    memset(&cit, 0, sizeof cit);
}

/* A dossier received at `at`: handed in at the counter by who, or submitted online by a citizen the hour
 * before and accepted by who. */
static dossier take(fixture *f, const ds_actor *who, const char *at, const char *channel) {
    bool online = !strcmp(channel, "online");
    mc_error err;
    if (online && !cit.user_id) {
        store_conn *uc = store_begin(f->s, &err);
        user_new cn = {"0911000111", "Lục Thị Hoa", "mat-khau-thu", NULL,
                       ROLE_CITIZEN, "0911000111",  NULL,           "004190000111"};
        int64_t cid;
        assert_int_equal(users_add(uc, &cn, &cid, &err), MC_OK);
        assert_int_equal(store_commit(uc, &err), MC_OK);
        cit = (ds_actor){cid, "0911000111", ROLE_CITIZEN, 0, NULL, NULL};
    }
    ds_intake in = {.procedure = "1.000001",
                    .channel = channel,
                    .receiving_unit = online ? who->unit_code : NULL,
                    .applicant = {"Lục Thị Hoa", "004190000111", "0911000111", NULL, NULL},
                    .provided = provided_all,
                    .nprovided = 1,
                    .outcome = online ? NULL : "accept"};
    dossier d;
    mc_time t = T(at);
    if (dossier_intake(f->s, f->cal, online ? &cit : who, &in, online ? t - 3600 : t, f->a, &d, &err))
        fail_msg("intake: %s", err.message_en);
    if (online) ACT_OK(f, who, &d, DA_ACCEPT, at, NULL);
    return d;
}

/* Every measure and the score, sums against scan, for one scope and period. */
static int64_t agree(fixture *f, const org_unit *u, mc_day from, mc_day to, mc_time now) {
    mc_error err;
    i766_scope a = {.code = u->code, .name = u->name, .kind = u->kind, .path = u->path}, b = a;
    assert_int_equal(index766_compute(store_reader(f->s), f->a, u->code, u->path, from, to, now, &a, 1, &err), MC_OK);
    assert_int_equal(index766_compute_scan(store_reader(f->s), f->a, u->code, u->path, from, to, now, &b, 1, &err),
                     MC_OK);
    for (int k = 0; k < I766_M_COUNT; k++)
        if (a.r.m[k] != b.r.m[k])
            fail_msg("%s %d..%d: measure %s: sums %lld, scan %lld", u->code, (int)from, (int)to,
                     index766_measure_key((i766_measure)k), (long long)a.r.m[k], (long long)b.r.m[k]);
    assert_true((isnan(a.r.score) && isnan(b.r.score)) || a.r.score == b.r.score);
    return a.r.m[I766_M_DOSSIERS];
}

static void generated_history_agrees_with_the_scan(void **state) {
    fixture *f = *state;
    cit_reset();
    mc_error err;
    int64_t built = -1;
    assert_int_equal(index766_months_rebuild(f->s, false, &built, &err), MC_OK);
    assert_int_equal(built, 0);
    ds_actor sys = f->recv;
    sys.roles = ROLE_SYSTEM; /* a payment matched from a bank statement */
    static const char *items[] = {"Thiếu bản sao"};
    ds_act_input sup = {.items = items, .nitems = 1, .reason = "Thiếu"};
    ds_act_input stop = {.reason = "Người nộp xin rút"};
    ds_act_input tr = {.unit = "S03"};
    ds_act_input pay = {.amount = 50000};
    ds_act_input ret_e = {.method = "electronic"}, ret_c = {.method = "counter"};
    ds_attachment file = {1,
                          "to-khai.pdf",
                          "application/pdf",
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                          "01/23/0123456789abcdef",
                          1000};
    unsigned seed = 7660614u;
    mc_day first = day_from_ymd(2026, 1, 5);
    int kinds[9] = {0};
    for (int i = 0; i < 90; i++) {
        mc_day d = first + (mc_day)(fx_rnd(&seed) % 110);
        if (day_weekday(d) == 0 || day_weekday(d) == 6) d += 2;
        char at[32], t1[32], t2[32], t3[32];
        fx_stamp(at, sizeof at, d, 8 + (int)(fx_rnd(&seed) % 4));
        bool ours = fx_rnd(&seed) % 4 != 0;
        dossier x = take(f, ours ? &f->recv : &f->recv2, at, fx_rnd(&seed) % 3 ? "direct" : "online");
        int fate = (int)(fx_rnd(&seed) % 9), delay = (int)(fx_rnd(&seed) % 9), later = (int)(fx_rnd(&seed) % 40);
        fx_stamp(t1, sizeof t1, d + delay, 12);
        fx_stamp(t2, sizeof t2, d + delay, 14);
        fx_stamp(t3, sizeof t3, d + delay + later, 15);
        if (!ours) continue; /* the other ward's stay open */
        kinds[fate]++;
        switch (fate) {
        case 0: /* decided, returned electronically */
        case 1: /* decided, returned at the counter weeks later (perhaps another month) */
        case 2: /* paid by a matched transfer (0, 2) or at the counter (1 on odd days), then decided */
            ACT_OK(f, &f->spec, &x, DA_CLAIM, t1, NULL);
            if (fate == 2 || fx_rnd(&seed) % 2) {
                ACT_OK(f, &f->spec, &x, DA_REQUEST_PAYMENT, t1, &pay);
                ACT_OK(f, fate == 1 ? &f->recv : &sys, &x, DA_MARK_PAID, t1, NULL);
            }
            ACT_OK(f, &f->spec, &x, DA_FORWARD, t2, NULL);
            ACT_OK(f, &f->lead, &x, DA_CLAIM, t2, NULL);
            ACT_OK(f, &f->lead, &x, fate == 2 ? DA_REJECT : DA_APPROVE, t2,
                   fate == 2 ? &(ds_act_input){.reason = "Không đủ điều kiện"} : NULL);
            if (fate < 2) {
                ACT_OK(f, &f->recv, &x, DA_RESULT_READY, t2, NULL);
                ACT_OK(f, &f->recv, &x, DA_RETURN, fate == 0 ? t2 : t3, fate == 0 ? &ret_e : &ret_c);
            }
            break;
        case 3: ACT_OK(f, &f->recv, &x, DA_STOP, t1, &stop); break;
        case 4: /* a supplement, handed in weeks later (perhaps), then decided or not yet */
            ACT_OK(f, &f->spec, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, &f->spec, &x, DA_REQUEST_SUPPLEMENT, t2, &sup);
            if (fx_rnd(&seed) % 2) {
                ACT_OK(f, &f->recv, &x, DA_RESUBMIT, t3, NULL);
                ACT_OK(f, &f->spec, &x, DA_FORWARD, t3, NULL);
                ACT_OK(f, &f->lead, &x, DA_CLAIM, t3, NULL);
                ACT_OK(f, &f->lead, &x, DA_APPROVE, t3, NULL);
            }
            break;
        case 5: /* transferred to the department (liên thông): counted once, at its competent unit */
            ACT_OK(f, &f->spec, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, &f->spec, &x, DA_TRANSFER, t1, &tr);
            break;
        case 6: /* a file attached by the officer after the receipt: digitised */
            assert_int_equal(dossier_attach(f->s, &f->spec, x.code, &file, 1, 0, 0, T(t1), &err), MC_OK);
            break;
        case 7: /* paused for a supplement, left so */
            ACT_OK(f, &f->spec, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, &f->spec, &x, DA_REQUEST_SUPPLEMENT, t1, &sup);
            break;
        default: break; /* open */
        }
    }
    for (int k = 0; k < 9; k++) assert_true(kinds[k] > 0);
    org_unit prov, ward;
    assert_int_equal(units_get(store_reader(f->s), f->a, "04", &prov, &err), MC_OK);
    assert_int_equal(units_get(store_reader(f->s), f->a, "01273", &ward, &err), MC_OK);
    const struct {
        int y1, m1, y2, m2;
    } periods[] = {{2026, 1, 2026, 1}, {2026, 2, 2026, 2}, {2026, 3, 2026, 3}, {2026, 4, 2026, 4}, {2026, 5, 2026, 5},
                   {2026, 6, 2026, 6}, {2026, 1, 2026, 3}, {2026, 2, 2026, 4}, {2025, 11, 2026, 7}};
    const mc_time nows[] = {T("2026-03-15T12:00"), T("2026-04-20T16:00"), T("2026-12-01T09:00")};
    int64_t seen = 0;
    for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++) {
        mc_day from = day_from_ymd(periods[p].y1, periods[p].m1, 1);
        mc_day to = day_from_ymd(periods[p].y2, periods[p].m2, ymd_month_days(periods[p].y2, periods[p].m2));
        for (size_t k = 0; k < sizeof nows / sizeof nows[0]; k++) {
            seen += agree(f, &prov, from, to, nows[k]);
            agree(f, &ward, from, to, nows[k]);
        }
    }
    assert_true(seen > 0);
    /* Every input the sums keep is exercised by the four months. */
    i766_scope all = {.code = prov.code, .name = prov.name, .kind = prov.kind, .path = prov.path};
    assert_int_equal(index766_compute(store_reader(f->s), f->a, prov.code, prov.path, day_from_ymd(2026, 1, 1),
                                      day_from_ymd(2026, 4, 30), T("2026-12-01T09:00"), &all, 1, &err),
                     MC_OK);
    const int64_t *m = all.r.m;
    assert_true(m[I766_M_ONLINE] > 0 && m[I766_M_FEE] > 0 && m[I766_M_PAID_ONLINE] > 0 &&
                m[I766_M_PAID_ONLINE] < m[I766_M_FEE] && m[I766_M_DIGITISED] > 0 && m[I766_M_E_RESULT] > 0 &&
                m[I766_M_E_RESULT] < m[I766_M_RETURNED] && m[I766_M_LATE] > 0 && m[I766_M_ON_TIME] > 0);
    /* A forced rebuild from the dossiers: the same as the hooks kept. */
    i766_scope again = all;
    assert_int_equal(index766_months_rebuild(f->s, true, &built, &err), MC_OK);
    assert_true(built >= 90);
    assert_int_equal(index766_compute(store_reader(f->s), f->a, prov.code, prov.path, day_from_ymd(2026, 1, 1),
                                      day_from_ymd(2026, 4, 30), T("2026-12-01T09:00"), &again, 1, &err),
                     MC_OK);
    for (int k = 0; k < I766_M_COUNT; k++) assert_int_equal(again.r.m[k], all.r.m[k]);
}

/* A period that is not whole months is computed from the dossiers; the sums are not read before they are built. */
static void partial_months_and_unbuilt_sums_scan(void **state) {
    fixture *f = *state;
    cit_reset();
    mc_error err;
    take(f, &f->recv, "2026-03-02T09:00", "online");
    org_unit prov;
    assert_int_equal(units_get(store_reader(f->s), f->a, "04", &prov, &err), MC_OK);
    assert_false(index766_months_built(store_reader(f->s), &err)); /* never built: the hooks kept nothing readable */
    assert_int_equal(agree(f, &prov, day_from_ymd(2026, 3, 1), day_from_ymd(2026, 3, 31), T("2026-04-01T00:00")), 1);
    assert_int_equal(agree(f, &prov, day_from_ymd(2026, 3, 2), day_from_ymd(2026, 3, 20), T("2026-04-01T00:00")), 1);
    int64_t built;
    assert_int_equal(index766_months_rebuild(f->s, false, &built, &err), MC_OK);
    assert_int_equal(built, 1);
    assert_true(index766_months_built(store_reader(f->s), &err));
    assert_int_equal(agree(f, &prov, day_from_ymd(2026, 3, 1), day_from_ymd(2026, 3, 31), T("2026-04-01T00:00")), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(generated_history_agrees_with_the_scan, setup, teardown),
        cmocka_unit_test_setup_teardown(partial_months_and_unbuilt_sums_scan, setup, teardown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
