/* test_inbox.c - the inbox kept by the changes (inbox.h) against the reference that reads every open dossier
 * (dossier_inbox), on a generated history of dossiers left in every open state (at the counter, unclaimed,
 * claimed by one of two specialists, with the leader, paused for a supplement, waiting for a fee, at a partner
 * unit, decided, ready): for eight officers, at moments that split a day's dossiers between classes, every
 * class, and pages at several offsets. Then a forced rebuild from the dossiers gives what the hooks kept. */
#include "testutil.h"

#include <sqlite3.h>

#include "buf.h"
#include "dossier_fixture.h"
#include "inbox.h"

static ds_actor citizen(fixture *f) {
    mc_error err;
    store_conn *uc = store_begin(f->s, &err);
    user_new cn = {"0911000222", "Hà Thị Mai", "mat-khau-thu", NULL, ROLE_CITIZEN, "0911000222", NULL, "004190000222"};
    int64_t id;
    assert_int_equal(users_add(uc, &cn, &id, &err), MC_OK);
    assert_int_equal(store_commit(uc, &err), MC_OK);
    return (ds_actor){id, "0911000222", ROLE_CITIZEN, 0, NULL, NULL};
}

/* The index and the reference agree for who at now: counts, total, and the page's dossiers and classes. */
static int64_t agree(fixture *f, const ds_actor *who, mc_time now, const char *cls, int64_t offset, int64_t limit) {
    mc_error err;
    ds_inbox x, y;
    assert_int_equal(inbox_list(store_reader(f->s), f->a, who, f->cal, now, cls, NULL, NULL, offset, limit, &x, &err),
                     MC_OK);
    assert_int_equal(
        dossier_inbox(store_reader(f->s), f->a, who, f->cal, now, cls, NULL, NULL, offset, limit, &y, &err), MC_OK);
    for (int k = 0; k < 4; k++)
        if (x.counts[k] != y.counts[k])
            fail_msg("%s at %lld: class %s: index %lld, reference %lld", who->username, (long long)now,
                     ds_class_name((ds_class)k), (long long)x.counts[k], (long long)y.counts[k]);
    assert_int_equal(x.total, y.total);
    if (x.n != y.n)
        fail_msg("%s %s +%lld: page of %zu, reference %zu", who->username, cls ? cls : "all", (long long)offset, x.n,
                 y.n);
    for (size_t i = 0; i < x.n; i++) {
        if (x.items[i].d.id != y.items[i].d.id || x.items[i].cls != y.items[i].cls)
            fail_msg("%s %s +%lld line %zu: %s (%s), reference %s (%s)", who->username, cls ? cls : "all",
                     (long long)offset, i, x.items[i].d.code, ds_class_name(x.items[i].cls), y.items[i].d.code,
                     ds_class_name(y.items[i].cls));
        assert_int_equal(x.items[i].nactions, y.items[i].nactions);
    }
    return x.total;
}

/* The index's rows, in order, as text (read through a connection of its own). */
static char *dump(fixture *f) {
    buf b = {0};
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    const char *sql[] = {"SELECT tenant, dossier_id, unit_id, movers_any, movers_holder, holder_user_id, appt, "
                         "COALESCE(cdue, -1), COALESCE(due_at, -1), COALESCE(paused_at, -1), due_day FROM inbox_items "
                         "ORDER BY dossier_id",
                         "SELECT tenant, unit_id, movers_any, movers_holder, holder_user_id, due_day, n FROM "
                         "inbox_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6"};
    for (int q = 0; q < 2; q++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql[q], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++)
                buf_printf(&b, "%s%s", c ? "|" : "", (const char *)sqlite3_column_text(st, c));
            buf_putc(&b, '\n');
        }
        sqlite3_finalize(st);
        buf_puts(&b, "--\n");
    }
    sqlite3_close(db);
    return buf_steal(&b);
}

static void generated_history_agrees_with_the_reference(void **state) {
    fixture *f = *state;
    mc_error err;
    int64_t built = -1;
    assert_int_equal(inbox_rebuild(f->s, false, &built, &err), MC_OK);
    assert_int_equal(built, 0);
    assert_true(inbox_built(store_reader(f->s), &err));
    ds_actor spec2 = make_user(f, "spec2", "01273", ROLE_SPECIALIST);
    ds_actor both = make_user(f, "both", "01273", ROLE_RECEIVER | ROLE_SPECIALIST);
    ds_actor cit = citizen(f);
    static const char *items[] = {"Thiếu bản sao"};
    ds_act_input sup = {.items = items, .nitems = 1, .reason = "Thiếu"};
    ds_act_input tr = {.unit = "S03"}, pay = {.amount = 50000};
    unsigned seed = 19021u;
    mc_day first = day_from_ymd(2026, 3, 2);
    int kinds[12] = {0};
    for (int i = 0; i < 160; i++) {
        mc_day d = first + (mc_day)(fx_rnd(&seed) % 24);
        if (day_weekday(d) == 0 || day_weekday(d) == 6) d += 2;
        char at[32], t1[32];
        fx_stamp(at, sizeof at, d, 8 + (int)(fx_rnd(&seed) % 8));
        fx_stamp(t1, sizeof t1, d, 16);
        bool ours = fx_rnd(&seed) % 5 != 0;
        const ds_actor *rcv = ours ? &f->recv : &f->recv2;
        const ds_actor *sp = fx_rnd(&seed) % 2 ? &f->spec : &spec2;
        int fate = (int)(fx_rnd(&seed) % 12);
        if (!ours && fate > 1) fate = 0;
        kinds[fate]++;
        if (fate == 1 || fate == 2) { /* online: waiting at the counter, or asked to complete it there */
            ds_intake in = {.procedure = "1.000001",
                            .channel = "online",
                            .receiving_unit = rcv->unit_code,
                            .applicant = {"Hà Thị Mai", "004190000222", "0911000222", NULL, NULL},
                            .provided = provided_all,
                            .nprovided = 1};
            dossier x;
            if (dossier_intake(f->s, f->cal, &cit, &in, T(at), f->a, &x, &err)) fail_msg("%s", err.message_en);
            if (fate == 2) ACT_OK(f, rcv, &x, DA_REQUEST_SUPPLEMENT, t1, &sup);
            continue;
        }
        dossier x = intake(f, rcv, at, fate == 3 ? "supplement" : "accept");
        switch (fate) {
        case 4: ACT_OK(f, sp, &x, DA_CLAIM, t1, NULL); break; /* processing, claimed */
        case 5:                                               /* with the leader, unclaimed or claimed */
            ACT_OK(f, sp, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, sp, &x, DA_FORWARD, t1, NULL);
            if (fx_rnd(&seed) % 2) ACT_OK(f, &f->lead, &x, DA_CLAIM, t1, NULL);
            break;
        case 6: /* paused for a supplement */
            ACT_OK(f, sp, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, sp, &x, DA_REQUEST_SUPPLEMENT, t1, &sup);
            break;
        case 7: /* waiting for the fee */
            ACT_OK(f, sp, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, sp, &x, DA_REQUEST_PAYMENT, t1, &pay);
            break;
        case 8: /* at the department (liên thông) */
            ACT_OK(f, sp, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, sp, &x, DA_TRANSFER, t1, &tr);
            break;
        case 9: /* decided, or ready at the counter */
        case 10:
            ACT_OK(f, sp, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, sp, &x, DA_FORWARD, t1, NULL);
            ACT_OK(f, &f->lead, &x, DA_CLAIM, t1, NULL);
            ACT_OK(f, &f->lead, &x, DA_APPROVE, t1, NULL);
            if (fate == 10) ACT_OK(f, &f->recv, &x, DA_RESULT_READY, t1, NULL);
            break;
        case 11: /* finished: in no inbox */
            ACT_OK(f, &f->recv, &x, DA_STOP, t1, &(ds_act_input){.reason = "Người nộp xin rút"});
            break;
        default: break; /* received, unclaimed (0), or at the counter for a supplement (3) */
        }
    }
    for (int k = 0; k < 12; k++) assert_true(kinds[k] > 0);
    const ds_actor *who[] = {&f->recv, &f->spec, &spec2, &f->lead, &both, &f->recv2, &f->spec_s03, &f->lead_s03};
    /* Mornings, a late afternoon that puts the day's last deadlines on either side, the "due soon" window's end
     * inside a day, a weekend, and long after. */
    const mc_time nows[] = {T("2026-03-04T08:00"), T("2026-03-10T16:30"), T("2026-03-13T11:00"), T("2026-03-18T16:59"),
                            T("2026-03-21T10:00"), T("2026-03-25T09:15"), T("2026-04-02T15:00"), T("2026-06-01T08:00")};
    const char *classes[] = {NULL, "overdue", "due_today", "due_soon", "on_track"};
    int64_t seen[4] = {0};
    for (size_t w = 0; w < sizeof who / sizeof *who; w++)
        for (size_t t = 0; t < sizeof nows / sizeof *nows; t++)
            for (size_t c = 0; c < sizeof classes / sizeof *classes; c++) {
                int64_t n = agree(f, who[w], nows[t], classes[c], 0, 100);
                if (c) seen[c - 1] += n;
                agree(f, who[w], nows[t], classes[c], 3, 4);
                agree(f, who[w], nows[t], classes[c], 0, 1);
            }
    for (int k = 0; k < 4; k++) assert_true(seen[k] > 0); /* every class met */
    /* A forced rebuild from the dossiers: the same rows as the hooks kept. */
    char *kept = dump(f);
    assert_int_equal(inbox_rebuild(f->s, true, &built, &err), MC_OK);
    assert_true(built > 50);
    char *again = dump(f);
    assert_string_equal(again, kept);
    free(kept);
    free(again);
}

/* Before the index is built, and for a search or a state, the reference answers. */
static void unbuilt_index_and_filters_fall_back(void **state) {
    fixture *f = *state;
    mc_error err;
    intake(f, &f->recv, "2026-03-02T09:00", "accept");
    assert_false(inbox_built(store_reader(f->s), &err));
    ds_inbox x;
    assert_int_equal(inbox_list(store_reader(f->s), f->a, &f->spec, f->cal, T("2026-03-02T10:00"), NULL, NULL, NULL, 0,
                                100, &x, &err),
                     MC_OK);
    assert_int_equal(x.total, 1);
    int64_t built;
    assert_int_equal(inbox_rebuild(f->s, false, &built, &err), MC_OK);
    assert_int_equal(built, 1);
    assert_int_equal(agree(f, &f->spec, T("2026-03-02T10:00"), NULL, 0, 100), 1);
    assert_int_equal(inbox_list(store_reader(f->s), f->a, &f->spec, f->cal, T("2026-03-02T10:00"), NULL, "received",
                                "nong van", 0, 100, &x, &err),
                     MC_OK);
    assert_int_equal(x.total, 1);
    assert_int_equal(inbox_list(store_reader(f->s), f->a, &f->spec, f->cal, T("2026-03-02T10:00"), "later", NULL, NULL,
                                0, 100, &x, &err),
                     MC_ERR_INVALID);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(generated_history_agrees_with_the_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(unbuilt_index_and_filters_fall_back, setup, teardown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
