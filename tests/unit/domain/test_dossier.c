/* test_dossier.c - dossiers against a real SQLite store: unique codes under
 * concurrent intake, the clock paused and resumed, apology and supplement
 * once only, the decision step, inter-agency transfer, the journal chain. */
#include "testutil.h"

#include <pthread.h>
#include <sqlite3.h>

#include "journal.h"

#include "dossier_fixture.h"

typedef struct {
    fixture *f;
    int n;
    char (*codes)[40];
} thread_arg;

static void *intake_thread(void *p) {
    thread_arg *t = p;
    for (int i = 0; i < t->n; i++) {
        ds_intake in = {.procedure = "1.000001",
                        .channel = "direct",
                        .applicant = {"Người nộp", NULL, "0987654321", NULL, NULL},
                        .provided = provided_all,
                        .nprovided = 1,
                        .outcome = "accept"};
        arena *a = arena_create();
        dossier d;
        mc_error err;
        if (dossier_intake(t->f->s, t->f->cal, &t->f->recv, &in, T("2026-03-02T09:00"), a, &d, &err) == MC_OK)
            snprintf(t->codes[i], 40, "%s", d.code);
        arena_free(a);
    }
    return NULL;
}

static int cmp_code(const void *x, const void *y) {
    return strcmp(x, y);
}

static void codes_unique_under_concurrency(void **state) {
    fixture *f = *state;
    enum { THREADS = 8, EACH = 500 };
    static char codes[THREADS * EACH][40];
    memset(codes, 0, sizeof codes);
    pthread_t t[THREADS];
    thread_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (thread_arg){f, EACH, codes + i * EACH};
        pthread_create(&t[i], NULL, intake_thread, &args[i]);
    }
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    qsort(codes, THREADS * EACH, sizeof codes[0], cmp_code);
    for (int i = 0; i < THREADS * EACH; i++) {
        assert_int_equal(strncmp(codes[i], "01273-260302-", 13), 0);
        if (i) assert_string_not_equal(codes[i - 1], codes[i]);
    }
    /* Numbered 0001..4000 without a gap, at least four digits. */
    assert_string_equal(codes[0], "01273-260302-0001");
    assert_string_equal(codes[THREADS * EACH - 1], "01273-260302-4000");
    /* Another unit and another day start again at 0001. */
    dossier d = intake(f, &f->recv2, "2026-03-02T10:00", "accept");
    assert_string_equal(d.code, "01279-260302-0001");
    d = intake(f, &f->recv, "2026-03-03T10:00", "accept");
    assert_string_equal(d.code, "01273-260303-0001");
}

static void clock_pauses_and_resumes(void **state) {
    fixture *f = *state;
    /* Received Monday 09:00, 3 working days: due Thursday 09:00. */
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    assert_int_equal(d.state, DS_RECEIVED);
    assert_int_equal(d.due_at, T("2026-03-05T09:00"));
    assert_int_equal(d.step_seq, 2);
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T09:30", NULL);
    static const char *items[] = {"Bản sao giấy chứng sinh"};
    ds_act_input sup = {.items = items, .nitems = 1, .reason = "Thiếu giấy tờ"};
    ACT_OK(f, &f->spec, &d, DA_REQUEST_SUPPLEMENT, "2026-03-02T10:00", &sup);
    assert_int_equal(d.state, DS_SUPPLEMENT);
    assert_int_equal(d.paused_at, T("2026-03-02T10:00"));
    /* Paused Monday 10:00 → Wednesday 10:00: two working days (15 h) later. */
    ACT_OK(f, &f->recv, &d, DA_RESUBMIT, "2026-03-04T10:00", NULL);
    assert_int_equal(d.state, DS_PROCESSING);
    assert_int_equal(d.paused_seconds, 2 * 27000);
    assert_int_equal(d.due_at, T("2026-03-09T09:00"));
    assert_int_equal(d.paused_at, 0);
    /* Supplement only once during processing. */
    mc_error err;
    assert_int_equal(act(f, &f->spec, &d, DA_REQUEST_SUPPLEMENT, "2026-03-04T11:00", &sup, &err), MC_ERR_CONFLICT);
    assert_true(strstr(err.message, "một lần") != NULL);
    /* Fees pause too: Wednesday 11:00 → Thursday 11:00 adds one working day. */
    ds_act_input pay = {.amount = 8000};
    ACT_OK(f, &f->spec, &d, DA_REQUEST_PAYMENT, "2026-03-04T11:00", &pay);
    assert_int_equal(d.state, DS_PAYMENT);
    assert_int_equal(d.fee_amount, 8000);
    ACT_OK(f, &f->recv, &d, DA_MARK_PAID, "2026-03-05T11:00", NULL);
    assert_int_equal(d.due_at, T("2026-03-10T09:00"));
}

static void supplement_at_intake_once(void **state) {
    fixture *f = *state;
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "supplement");
    assert_int_equal(d.state, DS_INTAKE_SUPPLEMENT);
    assert_int_equal(d.intake_supplements, 1);
    assert_int_equal(d.due_at, 0); /* not received: no appointment yet */
    ACT_OK(f, &f->recv, &d, DA_RESUBMIT, "2026-03-03T09:00", NULL);
    assert_int_equal(d.state, DS_SUBMITTED);
    static const char *items[] = {"Thiếu chữ ký"};
    ds_act_input sup = {.items = items, .nitems = 1, .reason = "Lần hai"};
    mc_error err;
    assert_int_equal(act(f, &f->recv, &d, DA_REQUEST_SUPPLEMENT, "2026-03-03T09:10", &sup, &err), MC_ERR_CONFLICT);
    ACT_OK(f, &f->recv, &d, DA_ACCEPT, "2026-03-03T09:20", NULL);
    assert_int_equal(d.due_at, T("2026-03-06T09:20"));
    /* A refusal needs reasons and ends the dossier. */
    dossier r = intake(f, &f->recv, "2026-03-02T09:00", "refuse");
    assert_int_equal(r.state, DS_REFUSED);
    assert_string_equal(r.outcome, "refused");
}

static void apology_once_and_decision_step(void **state) {
    fixture *f = *state;
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    mc_error err;
    /* Approving at the specialist's step is not the decision step. */
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T09:30", NULL);
    assert_int_equal(act(f, &f->lead, &d, DA_APPROVE, "2026-03-02T09:40", NULL, &err), MC_ERR_CONFLICT);
    /* Another specialist may not forward a step someone else holds. */
    ACT_OK(f, &f->spec, &d, DA_FORWARD, "2026-03-03T09:00", NULL);
    assert_int_equal(d.step_seq, 3);
    assert_int_equal(d.holder_user_id, 0);
    ACT_OK(f, &f->lead, &d, DA_CLAIM, "2026-03-04T09:00", NULL);
    /* The leader apologises and extends by 2 working days: Thursday 09:00 → Monday 09:00. */
    ds_act_input ext = {.days = 2, .reason = "Cần xác minh thêm"};
    ACT_OK(f, &f->lead, &d, DA_EXTEND, "2026-03-04T10:00", &ext);
    assert_int_equal(d.original_due_at, T("2026-03-05T09:00"));
    assert_int_equal(d.due_at, T("2026-03-09T09:00"));
    assert_int_equal(act(f, &f->lead, &d, DA_EXTEND, "2026-03-05T11:00", &ext, &err), MC_ERR_CONFLICT);
    /* Forbidden pairs name the state and the action. */
    assert_int_equal(act(f, &f->recv, &d, DA_RETURN, "2026-03-05T11:00", NULL, &err), MC_ERR_CONFLICT);
    assert_true(strstr(err.message, "Trả kết quả") && strstr(err.message, "Đang xử lý"));
    ACT_OK(f, &f->lead, &d, DA_APPROVE, "2026-03-06T09:00", NULL);
    assert_int_equal(d.state, DS_DECIDED);
    assert_string_equal(d.outcome, "approved");
    /* Back at the counter: the receiving unit returns it. */
    assert_string_equal(d.holder_unit_code, "01273");
    assert_int_equal(act(f, &f->recv2, &d, DA_RESULT_READY, "2026-03-06T10:00", NULL, &err), MC_ERR_NOT_FOUND);
    ACT_OK(f, &f->recv, &d, DA_RESULT_READY, "2026-03-06T10:00", NULL);
    ds_act_input ret = {.method = "counter"};
    ACT_OK(f, &f->recv, &d, DA_RETURN, "2026-03-06T14:00", &ret);
    assert_int_equal(d.state, DS_RETURNED);
    /* A stop is refused after the decision. */
    ds_act_input stop = {.reason = "Xin rút"};
    assert_int_equal(act(f, &f->recv, &d, DA_STOP, "2026-03-06T15:00", &stop, &err), MC_ERR_CONFLICT);
}

static void transfer_and_journal(void **state) {
    fixture *f = *state;
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T09:30", NULL);
    ds_act_input tr = {.unit = "S03", .note = "Đề nghị xác minh"};
    ACT_OK(f, &f->spec, &d, DA_TRANSFER, "2026-03-02T10:00", &tr);
    assert_int_equal(d.state, DS_PARTNER);
    /* The child dossier waits at S03, coded from the sending unit. */
    char child_code[40];
    snprintf(child_code, sizeof child_code, "%.19s", d.code);
    dossier c;
    mc_error err;
    /* Find the child: the next code of 01273 that day. */
    int n = atoi(d.code + 13);
    snprintf(child_code, sizeof child_code, "01273-260302-%04d", n + 1);
    assert_int_equal(dossier_get(store_reader(f->s), f->a, child_code, &c, &err), MC_OK);
    assert_int_equal(c.parent_id, d.id);
    assert_string_equal(c.holder_unit_code, "S03");
    assert_int_equal(c.state, DS_RECEIVED);
    /* The ward sent it and may read it, but only S03's officers may work on it. */
    assert_int_equal(act(f, &f->spec, &c, DA_CLAIM, "2026-03-02T10:30", NULL, &err), MC_ERR_FORBIDDEN);
    assert_int_equal(act(f, &f->recv2, &c, DA_CLAIM, "2026-03-02T10:30", NULL, &err), MC_ERR_NOT_FOUND);
    ACT_OK(f, &f->spec_s03, &c, DA_CLAIM, "2026-03-02T10:30", NULL);
    ACT_OK(f, &f->spec_s03, &c, DA_FORWARD, "2026-03-02T14:00", NULL);
    ACT_OK(f, &f->lead_s03, &c, DA_CLAIM, "2026-03-02T14:10", NULL);
    ACT_OK(f, &f->lead_s03, &c, DA_APPROVE, "2026-03-02T15:00", NULL);
    /* The child's result went back; the parent resumes where it was. */
    assert_int_equal(c.state, DS_RETURNED);
    assert_int_equal(dossier_get(store_reader(f->s), f->a, d.code, &d, &err), MC_OK);
    assert_int_equal(d.state, DS_PROCESSING);
    assert_int_equal(d.step_seq, 2);
    assert_int_equal(d.holder_user_id, f->spec.user_id);
    /* The journal chain is intact, and an altered entry is found. */
    int64_t checked, bad;
    assert_int_equal(journal_verify(store_reader(f->s), &checked, &bad, &err), MC_OK);
    assert_true(checked >= 8);
    assert_int_equal(bad, 0);
    journal_entry *j;
    size_t nj;
    assert_int_equal(journal_of(store_reader(f->s), f->a, d.tenant, d.id, &j, &nj, &err), MC_OK);
    assert_string_equal(j[0].action, "submit");
    assert_string_equal(j[1].action, "accept");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "DROP TRIGGER journal_no_update; UPDATE journal SET note = 'sửa lén' WHERE id = %lld;",
             (long long)j[1].id);
    assert_int_equal(sqlite3_exec(db, "UPDATE journal SET note = 'x' WHERE id = 1", NULL, NULL, NULL),
                     SQLITE_CONSTRAINT);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(journal_verify(store_reader(f->s), &checked, &bad, &err), MC_OK);
    assert_int_equal(bad, j[1].id);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(codes_unique_under_concurrency, setup, teardown),
        cmocka_unit_test_setup_teardown(clock_pauses_and_resumes, setup, teardown),
        cmocka_unit_test_setup_teardown(supplement_at_intake_once, setup, teardown),
        cmocka_unit_test_setup_teardown(apology_once_and_decision_step, setup, teardown),
        cmocka_unit_test_setup_teardown(transfer_and_journal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
