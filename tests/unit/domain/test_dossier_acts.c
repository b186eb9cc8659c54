/* test_dossier_acts.c - the act each form records, against a real SQLite
 * store: the intake (also of a partner dossier), the requests to supplement
 * by rank, the refusal, the extension's promise kept after a later pause,
 * the stop; and the errors when there is no such act. */
#include "testutil.h"

#include "dossier_acts.h"

#include "dossier_fixture.h"

static ds_act_record record(fixture *f, const dossier *d, ds_act_kind kind, int n) {
    ds_act_record r;
    mc_error err;
    if (dossier_act_record(store_reader(f->s), f->a, d, kind, n, &r, &err)) fail_msg("act: %s", err.message_en);
    return r;
}

static void intake_supplements_extension(void **state) {
    fixture *f = *state;
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    mc_error err;
    ds_act_record r = record(f, &d, DACT_INTAKE, 0);
    assert_int_equal(r.at, T("2026-03-02T09:00"));
    assert_string_equal(r.actor, "recv");
    assert_string_equal(r.actor_name, "Cán bộ thử"); /* the full name, not the username */
    assert_int_equal(r.n, 1);
    assert_int_equal(r.count, 1);
    ds_act_record none;
    assert_int_equal(dossier_act_record(store_reader(f->s), f->a, &d, DACT_INTAKE, 2, &none, &err), MC_ERR_NOT_FOUND);
    assert_string_equal(err.field, "n");
    assert_int_equal(dossier_act_record(store_reader(f->s), f->a, &d, DACT_SUPPLEMENT, 0, &none, &err),
                     MC_ERR_CONFLICT);
    assert_string_equal(err.field, "form");
    assert_int_equal(dossier_act_record(store_reader(f->s), f->a, &d, DACT_EXTENSION, 0, &none, &err), MC_ERR_CONFLICT);

    /* Extended on Wednesday (due Thursday 09:00 → Monday 09:00), then a supplement pauses the clock for a week. */
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T09:30", NULL);
    ds_act_input ext = {.days = 2, .reason = "Cần xác minh thêm"};
    ACT_OK(f, &f->lead, &d, DA_EXTEND, "2026-03-04T10:00", &ext);
    static const char *items[] = {"Bản sao giấy khai sinh"};
    ds_act_input sup = {.items = items, .nitems = 1, .reason = "Thiếu bản sao"};
    ACT_OK(f, &f->spec, &d, DA_REQUEST_SUPPLEMENT, "2026-03-04T11:00", &sup);
    ACT_OK(f, &f->recv, &d, DA_RESUBMIT, "2026-03-11T11:00", NULL);
    assert_true(d.due_at > T("2026-03-09T09:00"));
    r = record(f, &d, DACT_EXTENSION, 0);
    assert_int_equal(r.at, T("2026-03-04T10:00"));
    assert_string_equal(r.actor, "lead");
    assert_string_equal(r.reason, "Cần xác minh thêm");
    assert_int_equal(r.due_before, T("2026-03-05T09:00"));
    assert_int_equal(r.due_after, T("2026-03-09T09:00")); /* what the letter promised */
    r = record(f, &d, DACT_SUPPLEMENT, 0);
    assert_int_equal(r.at, T("2026-03-04T11:00"));
    assert_string_equal(r.actor, "spec");
    assert_string_equal(r.items, "1. Bản sao giấy khai sinh");
    assert_string_equal(r.reason, "Thiếu bản sao");
    assert_int_equal(r.n, 1);
    assert_int_equal(r.count, 1);
}

static void supplement_at_intake_then_in_processing(void **state) {
    fixture *f = *state;
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "supplement");
    ACT_OK(f, &f->recv, &d, DA_RESUBMIT, "2026-03-02T10:00", NULL);
    ACT_OK(f, &f->recv, &d, DA_ACCEPT, "2026-03-02T10:30", NULL);
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T11:00", NULL);
    static const char *items[] = {"Tờ khai có chữ ký"};
    ds_act_input sup = {.items = items, .nitems = 1, .reason = "Chưa ký"};
    ACT_OK(f, &f->spec, &d, DA_REQUEST_SUPPLEMENT, "2026-03-03T09:00", &sup);
    ds_act_record r = record(f, &d, DACT_SUPPLEMENT, 0);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.at, T("2026-03-03T09:00"));
    assert_string_equal(r.actor, "spec");
    assert_string_equal(r.items, "1. Tờ khai có chữ ký");
    r = record(f, &d, DACT_SUPPLEMENT, 1);
    assert_int_equal(r.at, T("2026-03-02T09:00"));
    assert_string_equal(r.actor, "recv");
    assert_string_equal(r.items, "1. Tờ khai còn thiếu chữ ký");
    assert_string_equal(r.reason, "Hồ sơ chưa đầy đủ");
    /* The receipt is the acceptance's, after the supplement at intake. */
    r = record(f, &d, DACT_INTAKE, 0);
    assert_int_equal(r.at, T("2026-03-02T10:30"));
    assert_string_equal(r.actor, "recv");
    mc_error err;
    ds_act_record none;
    assert_int_equal(dossier_act_record(store_reader(f->s), f->a, &d, DACT_SUPPLEMENT, 3, &none, &err),
                     MC_ERR_NOT_FOUND);
    /* Stopped at the applicant's request. */
    ds_act_input stop = {.reason = "Người nộp xin rút"};
    ACT_OK(f, &f->recv, &d, DA_STOP, "2026-03-04T15:00", &stop);
    r = record(f, &d, DACT_STOP, 0);
    assert_int_equal(r.at, T("2026-03-04T15:00"));
    assert_string_equal(r.reason, "Người nộp xin rút");
}

static void refusal_and_partner_intake(void **state) {
    fixture *f = *state;
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "refuse");
    ds_act_record r = record(f, &d, DACT_REFUSAL, 0);
    assert_int_equal(r.at, T("2026-03-02T09:00"));
    assert_string_equal(r.actor, "recv");
    assert_string_equal(r.items, "1. Tờ khai còn thiếu chữ ký");
    mc_error err;
    ds_act_record none;
    assert_int_equal(dossier_act_record(store_reader(f->s), f->a, &d, DACT_INTAKE, 0, &none, &err), MC_ERR_CONFLICT);
    /* A partner dossier is received when it is opened, by whoever transferred it. */
    d = intake(f, &f->recv, "2026-03-02T09:10", "accept");
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T09:30", NULL);
    ds_act_input tr = {.unit = "S03"};
    ACT_OK(f, &f->spec, &d, DA_TRANSFER, "2026-03-02T10:00", &tr);
    char child[40];
    snprintf(child, sizeof child, "01273-260302-%04d", atoi(d.code + 13) + 1);
    dossier c;
    assert_int_equal(dossier_get(store_reader(f->s), f->a, child, &c, &err), MC_OK);
    r = record(f, &c, DACT_INTAKE, 0);
    assert_int_equal(r.at, c.received_at);
    assert_string_equal(r.actor, "spec");
    /* The journal lines carry names: the unit the file went to. */
    ds_journal_line *v;
    size_t n;
    assert_int_equal(dossier_journal_lines(store_reader(f->s), f->a, &d, &v, &n, &err), MC_OK);
    assert_string_equal(v[n - 1].e.action, "transfer");
    assert_string_equal(v[n - 1].to_unit_name, "Sở Tư pháp");
    assert_string_equal(v[n - 1].actor_name, "Cán bộ thử");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(intake_supplements_extension, setup, teardown),
        cmocka_unit_test_setup_teardown(supplement_at_intake_then_in_processing, setup, teardown),
        cmocka_unit_test_setup_teardown(refusal_and_partner_intake, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
