/* test_attachments.c - the sweep of stored files: only files no dossier or
 * draft refers to, and only once unused for the minimum age; a touched file
 * stays; folders that are not content addresses are left alone. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "attachments.h"
#include "drafts.h"

#include "dossier_fixture.h"

/* Writes root/ab/<64 hex> named after `c` (a hex digit), aged `age` seconds; returns the relative name. */
static const char *put_file(const char *root, char c, long age, char rel[80]) {
    char hex[65];
    memset(hex, c, 64);
    hex[64] = 0;
    char dir[200], path[300];
    snprintf(dir, sizeof dir, "%s/%.2s", root, hex);
    mkdir(dir, 0750);
    snprintf(path, sizeof path, "%s/%s", dir, hex);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("noi dung", f);
    fclose(f);
    struct timespec ts[2] = {{time(NULL) - age, 0}, {time(NULL) - age, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    snprintf(rel, 80, "%.2s/%s", hex, hex);
    return rel;
}

static bool exists(const char *root, const char *rel) {
    char path[300];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    struct stat sb;
    return stat(path, &sb) == 0;
}

static void sweeps_only_unreferenced_old_files(void **state) {
    fixture *f = *state;
    char root[] = "/tmp/motcua-files-XXXXXX";
    assert_non_null(mkdtemp(root));
    char tmpdir[100];
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", root);
    mkdir(tmpdir, 0750);
    char r_used[80], r_old[80], r_young[80], r_touched[80];
    put_file(root, 'a', 3 * 86400, r_used);
    put_file(root, 'b', 3 * 86400, r_old);
    put_file(root, 'c', 60, r_young);
    put_file(root, 'd', 3 * 86400, r_touched);
    /* A draft refers to the first file. */
    mc_error err;
    int64_t id = 0;
    ds_attachment used = {1, "tờ khai.pdf", "application/pdf", "aaaa", r_used, 8};
    assert_int_equal(
        drafts_save(f->s, f->recv.user_id, &id, "1.000001", "{}", &used, 1, NULL, 0, 0, 0, T("2026-03-02T09:00"), &err),
        MC_OK);
    /* An upload of the same bytes as the last one marks it used now. */
    char path[300];
    snprintf(path, sizeof path, "%s/%s", root, r_touched);
    assert_true(attachments_touch(path));
    int removed = -1;
    int64_t bytes = -1;
    assert_int_equal(attachments_sweep(f->s, root, time(NULL), ATTACHMENTS_MIN_AGE, &removed, &bytes, &err), MC_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(bytes, 8);
    assert_true(exists(root, r_used));
    assert_false(exists(root, r_old));
    assert_true(exists(root, r_young));
    assert_true(exists(root, r_touched));
    assert_true(exists(root, "tmp"));
    /* Once the draft is gone and the age is 0, everything goes but the spool folder. */
    assert_int_equal(drafts_delete(f->s, f->recv.user_id, id, &err), MC_OK);
    assert_int_equal(attachments_sweep(f->s, root, time(NULL) + 1, 0, &removed, &bytes, &err), MC_OK);
    assert_int_equal(removed, 3);
    assert_false(exists(root, r_used));
    assert_false(attachments_touch(path)); /* gone: an upload stores its bytes again */
    assert_true(exists(root, "tmp"));
    /* A missing folder is nothing to sweep. */
    assert_int_equal(attachments_sweep(f->s, "/tmp/motcua-no-such-folder", time(NULL), 0, &removed, &bytes, &err),
                     MC_OK);
    assert_int_equal(removed, 0);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
}

/* A row from elsewhere names its file by content only: "ab/abcd…" of a 64-digit lowercase hash, nothing else. */
static void names_are_contents_only(void **state) {
    (void)state;
    char sha[65], stored[70];
    memset(sha, 'a', 64);
    sha[64] = 0;
    memcpy(sha, "0f", 2);
    snprintf(stored, sizeof stored, "0f/%s", sha);
    assert_true(attachments_name_ok(sha, stored));
    assert_false(attachments_name_ok(sha, "../../../etc/passwd"));
    assert_false(attachments_name_ok(sha, stored + 3));
    stored[0] = '1';
    assert_false(attachments_name_ok(sha, stored)); /* another folder */
    stored[0] = '0';
    sha[5] = 'A';
    assert_false(attachments_name_ok(sha, stored)); /* capitals */
    assert_false(attachments_name_ok(NULL, stored));
    assert_false(attachments_name_ok("0f", "0f/0f"));
}

/* Bytes put are stored once under their hash; bytes that are not the content named are refused and leave nothing. */
static void put_stores_by_content(void **state) {
    (void)state;
    char root[] = "/tmp/motcua-put-XXXXXX";
    assert_non_null(mkdtemp(root));
    char sha[65], again[65];
    mc_error err;
    assert_int_equal(attachments_put(root, "noi dung", 8, NULL, sha, &err), MC_OK);
    char rel[80];
    snprintf(rel, sizeof rel, "%.2s/%s", sha, sha);
    assert_true(exists(root, rel));
    assert_int_equal(attachments_put(root, "noi dung", 8, sha, again, &err), MC_OK);
    assert_string_equal(sha, again);
    assert_int_equal(attachments_put(root, "khac", 4, sha, again, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "sha256");
    snprintf(rel, sizeof rel, "%.2s/%s", again, again);
    assert_false(exists(root, rel));
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sweeps_only_unreferenced_old_files, setup, teardown),
        cmocka_unit_test(names_are_contents_only),
        cmocka_unit_test(put_stores_by_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
