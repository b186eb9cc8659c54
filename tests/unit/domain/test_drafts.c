/* test_drafts.c - drafts of online submissions against a real SQLite store:
 * saved and updated by their owner only, files added and removed in one
 * transaction, the file and size limits leaving nothing half-written. */
#include "testutil.h"

#include "drafts.h"

#include "dossier_fixture.h"

static ds_attachment file(int seq, const char *name, int64_t size) {
    return (ds_attachment){seq, name, "application/pdf", "ab12", "ab/ab12", size};
}

static void saved_and_owned(void **state) {
    fixture *f = *state;
    mc_error err;
    int64_t id = 0;
    ds_attachment two[] = {file(1, "tờ khai.pdf", 1000), file(0, "khác.pdf", 2000)};
    assert_int_equal(drafts_save(f->s, f->recv.user_id, &id, "1.000001", "{\"note\":\"một\"}", two, 2, NULL, 0, 0, 0,
                                 T("2026-03-02T09:00"), &err),
                     MC_OK);
    assert_true(id > 0);
    draft d;
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->recv.user_id, id, &d, &err), MC_OK);
    assert_string_equal(d.procedure_code, "1.000001");
    assert_string_equal(d.data, "{\"note\":\"một\"}");
    assert_int_equal(d.nfiles, 2);
    assert_int_equal(d.files[0].f.doc_seq, 0); /* ordered by document */
    assert_string_equal(d.files[1].f.name, "tờ khai.pdf");
    /* Another user: not found, for reading, saving and deleting alike. */
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->spec.user_id, id, &d, &err), MC_ERR_NOT_FOUND);
    int64_t theirs = id;
    assert_int_equal(drafts_save(f->s, f->spec.user_id, &theirs, "1.000001", "{}", NULL, 0, NULL, 0, 0, 0,
                                 T("2026-03-02T09:05"), &err),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(drafts_delete(f->s, f->spec.user_id, id, &err), MC_OK);
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->recv.user_id, id, &d, &err), MC_OK);
    /* Update: new form, one file removed, one added. */
    int64_t rm[] = {d.files[0].id};
    ds_attachment one[] = {file(1, "tờ khai 2.pdf", 500)};
    assert_int_equal(drafts_save(f->s, f->recv.user_id, &id, "1.000001", "{\"note\":\"hai\"}", one, 1, rm, 1, 0, 0,
                                 T("2026-03-02T10:00"), &err),
                     MC_OK);
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->recv.user_id, id, &d, &err), MC_OK);
    assert_string_equal(d.data, "{\"note\":\"hai\"}");
    assert_int_equal(d.nfiles, 2);
    assert_int_equal(d.files[0].f.doc_seq, 1);
    assert_int_equal(d.files[1].f.doc_seq, 1);
    assert_int_equal(d.updated_at, T("2026-03-02T10:00"));
    draft *v;
    size_t n;
    assert_int_equal(drafts_list(store_reader(f->s), f->a, f->recv.user_id, &v, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(drafts_list(store_reader(f->s), f->a, f->spec.user_id, &v, &n, &err), MC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(drafts_delete(f->s, f->recv.user_id, id, &err), MC_OK);
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->recv.user_id, id, &d, &err), MC_ERR_NOT_FOUND);
    assert_int_equal(drafts_delete(f->s, f->recv.user_id, id, &err), MC_OK); /* idempotent */
}

static void limits_write_nothing(void **state) {
    fixture *f = *state;
    mc_error err;
    int64_t id = 0;
    ds_attachment big[] = {file(1, "a.pdf", 600), file(1, "b.pdf", 600)};
    /* Over the size limit: no draft at all. */
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &id, "1.000001", "{}", big, 2, NULL, 0, 1000, 0,
                                 T("2026-03-02T09:00"), &err),
                     MC_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "MB"));
    draft *v;
    size_t n;
    assert_int_equal(drafts_list(store_reader(f->s), f->a, f->lead.user_id, &v, &n, &err), MC_OK);
    assert_int_equal(n, 0);
    /* Within it, then one file too many: the draft keeps its form and files as they were. */
    id = 0;
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &id, "1.000001", "{\"v\":1}", big, 1, NULL, 0, 1000, 0,
                                 T("2026-03-02T09:00"), &err),
                     MC_OK);
    ds_attachment many[DRAFT_MAX_FILES];
    for (int i = 0; i < DRAFT_MAX_FILES; i++) many[i] = file(1, "x.pdf", 1);
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &id, "1.000001", "{\"v\":2}", many, DRAFT_MAX_FILES, NULL, 0,
                                 1000, 0, T("2026-03-02T09:10"), &err),
                     MC_ERR_TOO_LARGE);
    draft d;
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->lead.user_id, id, &d, &err), MC_OK);
    assert_string_equal(d.data, "{\"v\":1}");
    assert_int_equal(d.nfiles, 1);
    /* At most DRAFT_MAX_PER_USER drafts at a time; saving an existing one is still allowed. */
    for (int i = 1; i < DRAFT_MAX_PER_USER; i++) {
        int64_t more = 0;
        assert_int_equal(drafts_save(f->s, f->lead.user_id, &more, "1.000001", "{}", NULL, 0, NULL, 0, 0, 0,
                                     T("2026-03-02T09:20"), &err),
                         MC_OK);
    }
    int64_t one_more = 0;
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &one_more, "1.000001", "{}", NULL, 0, NULL, 0, 0, 0,
                                 T("2026-03-02T09:30"), &err),
                     MC_ERR_CONFLICT);
    assert_int_equal(one_more, 0);
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &id, "1.000001", "{\"v\":3}", NULL, 0, NULL, 0, 0, 0,
                                 T("2026-03-02T09:30"), &err),
                     MC_OK);
}

/* The account's quota counts the files of all the user's drafts; dropping files makes room. */
static void account_quota(void **state) {
    fixture *f = *state;
    mc_error err;
    int64_t a = 0, b = 0;
    ds_attachment six[] = {file(1, "a.pdf", 600)}, five[] = {file(1, "b.pdf", 500)};
    assert_int_equal(
        drafts_save(f->s, f->lead.user_id, &a, "1.000001", "{}", six, 1, NULL, 0, 0, 1000, T("2026-03-02T09:00"), &err),
        MC_OK);
    /* Another draft of the same account: 600 + 500 > 1000, refused, and no second draft. */
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &b, "1.000001", "{}", five, 1, NULL, 0, 0, 1000,
                                 T("2026-03-02T09:10"), &err),
                     MC_ERR_TOO_LARGE);
    assert_string_equal(err.field, "files");
    assert_non_null(strstr(err.message, "đã dùng 0,1 MB"));
    draft *v;
    size_t n;
    assert_int_equal(drafts_list(store_reader(f->s), f->a, f->lead.user_id, &v, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    /* Another account is not charged for it. */
    int64_t c = 0;
    assert_int_equal(drafts_save(f->s, f->spec.user_id, &c, "1.000001", "{}", five, 1, NULL, 0, 0, 1000,
                                 T("2026-03-02T09:15"), &err),
                     MC_OK);
    /* The first draft swaps its file for the smaller one: what is dropped is not counted. */
    draft d;
    assert_int_equal(drafts_get(store_reader(f->s), f->a, f->lead.user_id, a, &d, &err), MC_OK);
    int64_t drop[] = {d.files[0].id};
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &a, "1.000001", "{}", five, 1, drop, 1, 0, 1000,
                                 T("2026-03-02T09:20"), &err),
                     MC_OK);
    /* Editing the form without files is never refused. */
    assert_int_equal(drafts_save(f->s, f->lead.user_id, &a, "1.000001", "{\"v\":1}", NULL, 0, NULL, 0, 0, 1,
                                 T("2026-03-02T09:30"), &err),
                     MC_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(saved_and_owned, setup, teardown),
        cmocka_unit_test_setup_teardown(limits_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(account_quota, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
