/* test_keyfile.c - key files of each kind: made once and never overwritten, a secret others may read refused, a
 * key of one kind refused where another is expected, signatures that check and fail on a changed byte. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal_anchor.h"
#include "keyfile.h"
#include "node_key.h"

static char dir[64];

static int make_dir(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/motcua-keyfile-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int remove_dir(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static const char *in_dir(const char *name) {
    static char p[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void made_loaded_signed(void **state) {
    (void)state;
    char id[17];
    mc_error err;
    assert_int_equal(keyfile_generate(&node_key_kind, in_dir("n.key"), in_dir("n.pub"), id, &err), MC_OK);
    struct stat st;
    assert_int_equal(stat(in_dir("n.key"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    keyfile_secret *s;
    keyfile_public p;
    assert_int_equal(keyfile_load_secret(&node_key_kind, in_dir("n.key"), &s, &err), MC_OK);
    assert_int_equal(keyfile_load_public(&node_key_kind, in_dir("n.pub"), &p, &err), MC_OK);
    assert_string_equal(s->id, id);
    assert_string_equal(p.id, id);
    unsigned char msg[] = "motcua-node/1\nPOST\n/api/v1/node/push\n", sig[64];
    keyfile_sign(s, msg, sizeof msg - 1, sig);
    assert_true(keyfile_verify(&p, msg, sizeof msg - 1, sig));
    msg[0] ^= 1;
    assert_false(keyfile_verify(&p, msg, sizeof msg - 1, sig));
    msg[0] ^= 1;
    sig[10] ^= 1;
    assert_false(keyfile_verify(&p, msg, sizeof msg - 1, sig));
    keyfile_secret_free(s);
}

static void never_overwritten(void **state) {
    (void)state;
    mc_error err;
    assert_int_equal(keyfile_generate(&node_key_kind, in_dir("a.key"), in_dir("a.pub"), NULL, &err), MC_OK);
    assert_int_equal(keyfile_generate(&node_key_kind, in_dir("a.key"), in_dir("b.pub"), NULL, &err), MC_ERR_CONFLICT);
    assert_int_not_equal(access(in_dir("b.pub"), F_OK), 0); /* nothing written */
    assert_int_equal(keyfile_generate(&node_key_kind, in_dir("c.key"), in_dir("a.pub"), NULL, &err), MC_ERR_CONFLICT);
    assert_int_not_equal(access(in_dir("c.key"), F_OK), 0);
}

static void secret_readable_by_others_refused(void **state) {
    (void)state;
    mc_error err;
    assert_int_equal(keyfile_generate(&node_key_kind, in_dir("o.key"), in_dir("o.pub"), NULL, &err), MC_OK);
    assert_int_equal(chmod(in_dir("o.key"), 0640), 0);
    keyfile_secret *s = NULL;
    assert_int_equal(keyfile_load_secret(&node_key_kind, in_dir("o.key"), &s, &err), MC_ERR_FORBIDDEN);
    assert_null(s);
    assert_non_null(strstr(err.message, "chmod 600"));
}

/* A node's key is not an anchor key, and the other way round: each file says what it is. */
static void kinds_kept_apart(void **state) {
    (void)state;
    mc_error err;
    assert_int_equal(keyfile_generate(&node_key_kind, in_dir("k.key"), in_dir("k.pub"), NULL, &err), MC_OK);
    journal_key *jk = NULL;
    assert_int_equal(journal_key_load(in_dir("k.key"), &jk, &err), MC_ERR_INVALID);
    assert_non_null(strstr(err.message, "khóa bí mật ký mốc nhật ký"));
    journal_pubkey jp;
    assert_int_equal(journal_pubkey_load(in_dir("k.pub"), &jp, &err), MC_ERR_INVALID);
    char id[17];
    assert_int_equal(journal_keygen(in_dir("j.key"), in_dir("j.pub"), id, &err), MC_OK);
    keyfile_secret *s = NULL;
    assert_int_equal(keyfile_load_secret(&node_key_kind, in_dir("j.key"), &s, &err), MC_ERR_INVALID);
    assert_non_null(strstr(err.message, "máy trạm"));
    assert_int_equal(journal_key_load(in_dir("j.key"), &jk, &err), MC_OK);
    assert_string_equal(journal_key_id(jk), id);
    journal_key_free(jk);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(made_loaded_signed),
        cmocka_unit_test(never_overwritten),
        cmocka_unit_test(secret_readable_by_others_refused),
        cmocka_unit_test(kinds_kept_apart),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
