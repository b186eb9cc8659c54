/* test_journal.c - the journal's two hash encodings (the old one still verifies, the new one is
 * unambiguous), the switch recorded by journal_prepare, and signed anchors: line format and
 * signature, keys, and the faults journal_verify_anchored finds. */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "journal_anchor.h"

#include "dossier_fixture.h"

static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

static journal_entry sample(void) {
    journal_entry e = {.tenant = "04",
                       .dossier_id = 7,
                       .at = 1767225600,
                       .user_id = 3,
                       .actor = "recv",
                       .role = "receiver",
                       .unit_code = "01273",
                       .action = "receive",
                       .from_state = NULL,
                       .to_state = "received",
                       .step_seq = 1,
                       .step_name = "Tiếp nhận",
                       .step_due_at = 0,
                       .timing = NULL,
                       .to_unit_code = "",
                       .note = "Ghi chú"};
    memcpy(e.prev_hash, genesis, 65);
    return e;
}

/* The values come from an independent Python implementation (tests/api/test_journal_anchors.py):
 * the first encoding as motcua always wrote it, the second as journal.c documents it. */
static void encodings_match_the_reference(void **state) {
    (void)state;
    journal_entry e = sample();
    char h[65];
    journal_entry_hash(&e, 1, h);
    assert_string_equal(h, "0c9beffe5ad7786f8b3a98d63cb550025efc8deb4b03ddf66e4c933407dbbd26");
    journal_entry_hash(&e, 2, h);
    assert_string_equal(h, "fb2ee63888fbbe985aa2edd2d747613be0c4792109d8f93361ec13ad7006d722");
}

/* Moving a field boundary over a 0x1f keeps the old hash; the new one changes. So does NULL → "". */
static void second_encoding_is_unambiguous(void **state) {
    (void)state;
    journal_entry a = sample(), b = sample();
    a.timing = "late\x1f"
               "01279";
    a.to_unit_code = "x";
    b.timing = "late";
    b.to_unit_code = "01279\x1f"
                     "x";
    char ha[65], hb[65];
    journal_entry_hash(&a, 1, ha);
    journal_entry_hash(&b, 1, hb);
    assert_string_equal(ha, hb); /* the weakness of the first encoding */
    journal_entry_hash(&a, 2, ha);
    journal_entry_hash(&b, 2, hb);
    assert_string_not_equal(ha, hb);
    journal_entry c = sample(), d = sample();
    d.from_state = "";
    journal_entry_hash(&c, 2, ha);
    journal_entry_hash(&d, 2, hb);
    assert_string_not_equal(ha, hb);
    d = sample();
    d.tenant = "20"; /* the tenant is covered now */
    journal_entry_hash(&d, 2, hb);
    assert_string_not_equal(ha, hb);
}

/* A node's entry re-appended at the province (migration 25) hashes its origin after the tag 0x03: the value
 * from the Python reference, an entry without one hashes as before, and an origin cannot pass for a subject. */
static void origin_is_hashed_apart(void **state) {
    (void)state;
    journal_entry e = sample();
    char plain[65], h[65];
    journal_entry_hash(&e, 2, plain);
    e.origin = "12:5:abababababababababababababababababababababababababababababababab";
    journal_entry_hash(&e, 2, h);
    assert_string_equal(h, "431c0efef4330bec79c8d30ef354df794d5b7edc1111a0b7a8063d1333b5f4ba");
    assert_string_not_equal(h, plain);
    journal_entry s = sample();
    s.subject = e.origin;
    s.subject_id = 0;
    journal_entry_hash(&s, 2, plain);
    assert_string_not_equal(h, plain);
    e.origin = "12:5:ab";
    journal_entry_hash(&e, 2, plain);
    assert_string_not_equal(h, plain);
}

static int64_t meta_v2(store *s) {
    int64_t v = 0;
    mc_error err;
    store_rows *r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("journal_hash_v2_from")), &err);
    assert_non_null(r);
    if (store_next(r, &err) == 1) v = strtoll(store_text(r, 0), NULL, 10);
    store_rows_free(r);
    return v;
}

static int64_t max_id(store *s) {
    int64_t v = 0;
    mc_error err;
    store_rows *r = store_query(store_reader(s), Q_JOURNAL_ALL, SV_NONE, &err);
    assert_non_null(r);
    while (store_next(r, &err) == 1) v = store_int(r, 0);
    store_rows_free(r);
    return v;
}

/* Each stored entry's hash is its fields in the encoding its id calls for. */
static void check_encodings(fixture *f, int64_t v2_from) {
    mc_error err;
    store_rows *r = store_query(store_reader(f->s), Q_JOURNAL_ALL, SV_NONE, &err);
    assert_non_null(r);
    int n = 0;
    while (store_next(r, &err) == 1) {
        journal_entry e;
        arena *a = arena_create();
        journal_entry *v;
        size_t k;
        int64_t id = store_int(r, 0), dossier_id = store_int(r, 1);
        assert_int_equal(journal_of(store_reader(f->s), a, store_text(r, 18), dossier_id, &v, &k, &err), MC_OK);
        for (size_t i = 0; i < k; i++)
            if (v[i].id == id) e = v[i];
        char h[65];
        journal_entry_hash(&e, v2_from && id >= v2_from ? 2 : 1, h);
        assert_string_equal(h, e.hash);
        arena_free(a);
        n++;
    }
    store_rows_free(r);
    assert_true(n > 0);
}

static void prepare_switches_new_entries(void **state) {
    fixture *f = *state;
    intake(f, &f->recv, "2026-03-02T09:00", "accept");
    assert_int_equal(meta_v2(f->s), 0);
    check_encodings(f, 0); /* not prepared: the first encoding, as before */
    mc_error err;
    assert_int_equal(journal_prepare(f->s, &err), MC_OK);
    int64_t from = max_id(f->s) + 1;
    assert_int_equal(meta_v2(f->s), from);
    assert_int_equal(journal_prepare(f->s, &err), MC_OK); /* once: kept */
    assert_int_equal(meta_v2(f->s), from);
    intake(f, &f->recv, "2026-03-02T10:00", "accept");
    assert_true(max_id(f->s) >= from);
    check_encodings(f, from);
    int64_t checked = 0, bad = -1;
    assert_int_equal(journal_verify(store_reader(f->s), &checked, &bad, &err), MC_OK);
    assert_int_equal(bad, 0);
    assert_int_equal(checked, max_id(f->s));
}

/* A temporary folder with a fresh key pair in it. */
typedef struct {
    char dir[64], sec[96], pub[96];
} keydir;

static void make_keys(keydir *k, const char *name) {
    snprintf(k->dir, sizeof k->dir, "/tmp/motcua-keys-XXXXXX");
    assert_non_null(mkdtemp(k->dir));
    snprintf(k->sec, sizeof k->sec, "%s/%s.sec", k->dir, name);
    snprintf(k->pub, sizeof k->pub, "%s/%s.pub", k->dir, name);
    mc_error err;
    char id[17];
    assert_int_equal(journal_keygen(k->sec, k->pub, id, &err), MC_OK);
    assert_int_equal(strlen(id), 16);
}

static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    closedir(d);
    rmdir(dir);
}

static void keys_are_guarded(void **state) {
    (void)state;
    keydir k;
    make_keys(&k, "a");
    struct stat st;
    assert_int_equal(stat(k.sec, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    mc_error err;
    assert_int_equal(journal_keygen(k.sec, k.pub, NULL, &err), MC_ERR_CONFLICT); /* never overwritten */
    journal_key *key = NULL;
    assert_int_equal(journal_key_load(k.sec, &key, &err), MC_OK);
    journal_pubkey pub;
    assert_int_equal(journal_pubkey_load(k.pub, &pub, &err), MC_OK);
    assert_string_equal(pub.id, journal_key_id(key));
    journal_key_free(key);
    chmod(k.sec, 0640);
    assert_int_equal(journal_key_load(k.sec, &key, &err), MC_ERR_FORBIDDEN);
    assert_null(key);
    assert_int_equal(journal_pubkey_load(k.sec, &pub, &err), MC_ERR_INVALID); /* not a public key */
    journal_key_free(NULL);
    remove_dir(k.dir);
}

static void lines_are_signed(void **state) {
    (void)state;
    keydir k1, k2;
    make_keys(&k1, "one");
    make_keys(&k2, "two");
    mc_error err;
    journal_key *key = NULL;
    assert_int_equal(journal_key_load(k1.sec, &key, &err), MC_OK);
    journal_pubkey pubs[2];
    assert_int_equal(journal_pubkey_load(k1.pub, &pubs[0], &err), MC_OK);
    assert_int_equal(journal_pubkey_load(k2.pub, &pubs[1], &err), MC_OK);
    journal_anchor a = {.chain = "Bộ Tư pháp @1", .last = 42, .count = 17};
    memset(a.head, 'c', 64);
    a.head[64] = 0;
    char line[JOURNAL_ANCHOR_LINE_MAX + 1], chain[JOURNAL_ANCHOR_CHAIN_MAX + 1], kid[17];
    assert_true(journal_anchor_format(key, 1773453600, &a, line, sizeof line));
    assert_non_null(strstr(line,
                           "motcua-anchor/1 time=2026-03-14T02:00:00Z chain=B%E1%BB%99%20T%C6%B0%20ph%C3%A1p%20%401 "
                           "last=42 count=17 head=cccc"));
    journal_anchor got;
    time_t at;
    assert_int_equal(journal_anchor_parse(line, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_OK);
    assert_string_equal(got.chain, "Bộ Tư pháp @1");
    assert_false(got.legacy);
    assert_int_equal(got.last, 42);
    assert_int_equal(got.count, 17);
    assert_string_equal(got.head, a.head);
    assert_int_equal(at, 1773453600);
    assert_string_equal(kid, journal_key_id(key));
    /* Signed by a key that is not given. */
    assert_int_equal(journal_anchor_parse(line, &pubs[1], 1, &got, chain, &at, kid), JOURNAL_LINE_UNKNOWN_KEY);
    /* Any edit breaks the signature. */
    char *p = strstr(line, "last=42");
    p[6] = '3';
    assert_int_equal(journal_anchor_parse(line, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_BAD_SIGNATURE);
    p[6] = '2';
    assert_int_equal(journal_anchor_parse(line, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_OK);
    /* The one form only: lowercase escapes, escaped safe bytes, extra spaces, zeros in front. */
    char bad[JOURNAL_ANCHOR_LINE_MAX + 8];
    snprintf(bad, sizeof bad, "%s", line);
    strstr(bad, "%E1")[1] = 'e';
    assert_int_equal(journal_anchor_parse(bad, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_MALFORMED);
    snprintf(bad, sizeof bad, "%s ", line);
    assert_int_equal(journal_anchor_parse(bad, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_MALFORMED);
    assert_int_equal(journal_anchor_parse("motcua-anchor/1 time=x", pubs, 2, &got, chain, &at, kid),
                     JOURNAL_LINE_MALFORMED);
    /* The legacy chain is not a tenant named @legacy. */
    journal_anchor l = a;
    l.legacy = true;
    assert_true(journal_anchor_format(key, 1773453600, &l, line, sizeof line));
    assert_non_null(strstr(line, " chain=@legacy "));
    assert_int_equal(journal_anchor_parse(line, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_OK);
    assert_true(got.legacy);
    l.legacy = false;
    l.chain = "@legacy";
    assert_true(journal_anchor_format(key, 1773453600, &l, line, sizeof line));
    assert_non_null(strstr(line, " chain=%40legacy "));
    assert_int_equal(journal_anchor_parse(line, pubs, 2, &got, chain, &at, kid), JOURNAL_LINE_OK);
    assert_false(got.legacy);
    journal_key_free(key);
    remove_dir(k1.dir);
    remove_dir(k2.dir);
}

/* Anchors written from the store, read back, and then altered one way at a time. */
static void anchors_find_each_fault(void **state) {
    fixture *f = *state;
    mc_error err;
    assert_int_equal(journal_prepare(f->s, &err), MC_OK);
    dossier d = intake(f, &f->recv, "2026-03-02T09:00", "accept");
    intake(f, &f->recv2, "2026-03-02T09:30", "accept");
    keydir k;
    make_keys(&k, "srv");
    journal_key *key = NULL;
    assert_int_equal(journal_key_load(k.sec, &key, &err), MC_OK);
    journal_pubkey pub;
    assert_int_equal(journal_pubkey_load(k.pub, &pub, &err), MC_OK);
    char out[128], path[4200];
    snprintf(out, sizeof out, "%s/anchors", k.dir);
    unsigned char digest[32] = {0};
    int n = 0;
    assert_int_equal(journal_anchor_write(f->s, key, out, 1773453600, digest, &n, path, sizeof path, &err), MC_OK);
    assert_int_equal(n, 1); /* one tenant, no legacy chain */
    assert_non_null(strstr(path, "/anchors-2026-03-14.txt"));
    /* The same heads again: nothing is written. */
    assert_int_equal(journal_anchor_write(f->s, key, out, 1773453660, digest, &n, NULL, 0, &err), MC_OK);
    assert_int_equal(n, 0);
    /* A new entry, then a new anchor. */
    ACT_OK(f, &f->spec, &d, DA_CLAIM, "2026-03-02T10:00", NULL);
    assert_int_equal(journal_anchor_write(f->s, key, out, 1773453720, digest, &n, NULL, 0, &err), MC_OK);
    assert_int_equal(n, 1);
    journal_anchor_set set = {0};
    assert_int_equal(journal_anchors_read(out, &pub, 1, &set, &err), MC_OK);
    assert_int_equal(set.n, 2);
    assert_int_equal(set.nbad, 0);
    assert_string_equal(set.anchors[0].chain, "04");
    assert_int_equal(set.anchors[1].last, max_id(f->s));
    assert_int_equal(set.anchors[1].count, set.anchors[0].count + 1);
    assert_int_equal(set.origin[1].line, 5); /* after the three comment lines */
    journal_report rep;
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_INTACT);
    assert_int_equal(rep.anchors_matched, 2);
    assert_int_equal(rep.uncovered, 0);
    journal_anchor *a = &set.anchors[0];
    /* The hash differs. */
    journal_anchor saved = *a;
    a->head[0] = a->head[0] == 'a' ? 'b' : 'a';
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_HASH);
    assert_int_equal(rep.first_bad, saved.last);
    assert_int_equal(rep.anchor, 0);
    assert_int_equal(rep.last_good, 0);
    /* The second anchor altered: the first one still matched, so what changed lies after it. */
    *a = saved;
    journal_anchor saved2 = set.anchors[1];
    set.anchors[1].head[0] = set.anchors[1].head[0] == 'a' ? 'b' : 'a';
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_HASH);
    assert_int_equal(rep.anchor, 1);
    assert_int_equal(rep.last_good, saved.last);
    set.anchors[1] = saved2;
    /* The count differs. */
    *a = saved;
    a->count++;
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_COUNT);
    assert_int_equal(rep.found_count, saved.count);
    /* The anchored entry is not in the chain: past its end, or in the middle. */
    *a = saved;
    a->last = max_id(f->s) + 5;
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_MISSING);
    assert_int_equal(rep.first_bad, max_id(f->s) + 5);
    /* A chain that does not exist; the legacy chain of a database that never had one. */
    *a = saved;
    const char *chain = a->chain;
    a->chain = "99";
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_MISSING);
    assert_int_equal(rep.anchor, 0);
    /* One province's verification: another chain's anchor is not its to meet; its own must be met. */
    assert_int_equal(journal_verify_tenant(store_reader(f->s), "04", set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_INTACT);
    assert_int_equal(rep.anchors_matched, 1);
    assert_int_equal(rep.checked, max_id(f->s));
    assert_int_equal(journal_verify_tenant(store_reader(f->s), "99", set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_MISSING);
    assert_int_equal(rep.checked, 0);
    a->chain = chain;
    a->legacy = true;
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_MISSING);
    *a = saved;
    /* Entries after the last anchor are counted as not covered yet. */
    intake(f, &f->recv, "2026-03-02T11:00", "accept");
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_INTACT);
    assert_true(rep.uncovered >= 1);
    journal_anchor_set_free(&set);
    journal_anchor_set_free(NULL);
    journal_key_free(key);
    remove_dir(out);
    remove_dir(k.dir);
}

/* The entries written before migration 7 (one chain for the database) get an anchor of their own. */
static void legacy_chain_is_anchored(void **state) {
    fixture *f = *state;
    intake(f, &f->recv, "2026-03-02T09:00", "accept");
    intake(f, &f->recv2, "2026-03-02T09:10", "accept");
    int64_t until = max_id(f->s);
    mc_error err;
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)until);
    store_conn *w = store_begin(f->s, &err);
    assert_non_null(w);
    assert_int_equal(store_exec(w, Q_META_SET, SV_ARGS(SV_T("journal_chains_from"), SV_T(v)), NULL, &err), MC_OK);
    assert_int_equal(store_commit(w, &err), MC_OK);
    assert_int_equal(journal_prepare(f->s, &err), MC_OK);
    intake(f, &f->recv, "2026-03-02T09:20", "accept");
    keydir k;
    make_keys(&k, "legacy");
    journal_key *key = NULL;
    assert_int_equal(journal_key_load(k.sec, &key, &err), MC_OK);
    journal_pubkey pub;
    assert_int_equal(journal_pubkey_load(k.pub, &pub, &err), MC_OK);
    char out[128];
    snprintf(out, sizeof out, "%s/anchors", k.dir);
    int n = 0;
    assert_int_equal(journal_anchor_write(f->s, key, out, time(NULL), NULL, &n, NULL, 0, &err), MC_OK);
    assert_int_equal(n, 2);
    journal_anchor_set set = {0};
    assert_int_equal(journal_anchors_read(out, &pub, 1, &set, &err), MC_OK);
    assert_int_equal(set.n, 2);
    assert_true(set.anchors[0].legacy);
    assert_int_equal(set.anchors[0].last, until);
    assert_int_equal(set.anchors[0].count, until);
    assert_false(set.anchors[1].legacy);
    assert_int_equal(set.anchors[1].count, max_id(f->s));
    journal_report rep;
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_INTACT);
    assert_int_equal(rep.anchors_matched, 2);
    set.anchors[0].head[5] = set.anchors[0].head[5] == '0' ? '1' : '0';
    assert_int_equal(journal_verify_anchored(store_reader(f->s), set.anchors, set.n, &rep, &err), MC_OK);
    assert_int_equal(rep.fault, JOURNAL_ANCHOR_HASH);
    assert_int_equal(rep.anchor, 0);
    assert_int_equal(rep.first_bad, until);
    journal_anchor_set_free(&set);
    journal_key_free(key);
    remove_dir(out);
    remove_dir(k.dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodings_match_the_reference),
        cmocka_unit_test(second_encoding_is_unambiguous),
        cmocka_unit_test(origin_is_hashed_apart),
        cmocka_unit_test_setup_teardown(prepare_switches_new_entries, setup, teardown),
        cmocka_unit_test(keys_are_guarded),
        cmocka_unit_test(lines_are_signed),
        cmocka_unit_test_setup_teardown(anchors_find_each_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(legacy_chain_is_anchored, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
