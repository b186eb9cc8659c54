/* test_node_outq.c - a commune node's queue (node_outq.h): every journal entry of a node's database is queued in
 * its transaction, with exactly the fields its hash covers and the dossier as the transaction left it, instead of
 * messages; where and whether offline each dossier was received; and pushes cut only between transactions,
 * within their limits, a first transaction over them going alone. */
#include "testutil.h"

#include <jansson.h>
#include <sqlite3.h>

#include "dossier_fixture.h"
#include "node_outq.h"

static void sql(fixture *f, const char *q) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", q, msg);
    sqlite3_close(db);
}

static int64_t count(fixture *f, const char *table) {
    char q[128];
    snprintf(q, sizeof q, "SELECT COUNT(*) FROM %s", table);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* A node database with three intakes: six entries, in transactions starting at 1, 3 and 5. */
static void three_intakes(fixture *f, const char *codes[3]) {
    sql(f, "INSERT INTO meta(key, value) VALUES ('node_number', '12')");
    mc_error err;
    assert_int_equal(journal_prepare(f->s, &err), MC_OK); /* as `motcua node init` does: the second encoding */
    static char buf[3][64];
    for (int i = 0; i < 3; i++) {
        char at[32];
        snprintf(at, sizeof at, "2026-03-02T09:0%d", i);
        dossier d = intake(f, &f->recv, at, "accept");
        snprintf(buf[i], sizeof buf[i], "%s", d.code);
        codes[i] = buf[i];
    }
}

static json_t *batch(fixture *f, int64_t after, int max, size_t bytes, int64_t *last) {
    json_t *out;
    mc_error err;
    assert_int_equal(node_outq_batch(store_reader(f->s), after, max, bytes, &out, last, &err), MC_OK);
    return out;
}

static void seqs(json_t *b, const int *want, size_t n) {
    assert_int_equal(json_array_size(b), n);
    for (size_t i = 0; i < n; i++) assert_int_equal(json_integer_value(json_object_get(json_array_get(b, i), "seq")), want[i]);
}

static void entries_are_queued_with_what_the_hash_covers(void **state) {
    fixture *f = *state;
    const char *codes[3];
    three_intakes(f, codes);
    assert_int_equal(count(f, "node_outq"), 6);
    assert_int_equal(count(f, "outbox"), 0); /* a node sends nothing itself */
    int64_t last;
    json_t *b = batch(f, 0, 200, 1 << 20, &last);
    assert_int_equal(last, 6);
    char prev[65] = ""; /* (the fixture's journal has entries from before it became a node) */
    for (size_t i = 0; i < 6; i++) {
        json_t *p = json_array_get(b, i);
        assert_int_equal(json_integer_value(json_object_get(p, "txn")), (int64_t)(i / 2 * 2 + 1));
        journal_entry e;
        assert_true(node_outq_entry(json_object_get(p, "entry"), &e));
        char h[65];
        journal_entry_hash(&e, 2, h);
        assert_string_equal(h, e.hash);        /* the payload holds exactly the hashed fields */
        if (i) assert_string_equal(e.prev_hash, prev); /* and the node's chain, link by link */
        memcpy(prev, e.hash, sizeof prev);
        json_t *img = json_object_get(p, "image");
        assert_string_equal(json_string_value(json_object_get(json_object_get(img, "dossier"), "code")), codes[i / 2]);
        assert_true(json_is_true(json_object_get(img, "offline"))); /* never exchanged: offline */
        assert_int_equal(json_array_size(json_object_get(img, "documents")), 1);
    }
    /* The last entry of an intake shows the dossier as received. */
    json_t *img = json_object_get(json_array_get(b, 1), "image");
    assert_string_equal(json_string_value(json_object_get(json_object_get(img, "dossier"), "state")), "received");
    json_decref(b);
    int node;
    bool offline;
    mc_time at;
    mc_error err;
    assert_int_equal(node_origin_of(store_reader(f->s), "04", 1, &node, &offline, &at, &err), MC_OK);
    assert_int_equal(node, 12);
    assert_true(offline);
}

static void pushes_are_cut_between_transactions(void **state) {
    fixture *f = *state;
    const char *codes[3];
    three_intakes(f, codes);
    int64_t last;
    json_t *b = batch(f, 0, 4, 1 << 20, &last);
    seqs(b, (int[]){1, 2, 3, 4}, 4);
    assert_int_equal(last, 4);
    json_decref(b);
    b = batch(f, 0, 3, 1 << 20, &last); /* 3 would split the second transaction */
    seqs(b, (int[]){1, 2}, 2);
    json_decref(b);
    b = batch(f, 0, 1, 1 << 20, &last); /* a first transaction over the limit goes alone, whole */
    seqs(b, (int[]){1, 2}, 2);
    assert_int_equal(last, 2);
    json_decref(b);
    b = batch(f, 0, 200, 1, &last); /* the same with bytes */
    seqs(b, (int[]){1, 2}, 2);
    json_decref(b);
    b = batch(f, 2, 200, 1 << 20, &last);
    seqs(b, (int[]){3, 4, 5, 6}, 4);
    json_decref(b);
    b = batch(f, 6, 200, 1 << 20, &last);
    assert_int_equal(json_array_size(b), 0);
    assert_int_equal(last, 6);
    json_decref(b);
    mc_error err;
    assert_int_equal(node_outq_ack(f->s, 4, 1000, &err), MC_OK);
    int64_t waiting;
    assert_int_equal(node_outq_waiting(store_reader(f->s), 4, &waiting, &err), MC_OK);
    assert_int_equal(waiting, 2);
}

/* The province's database queues nothing: its changes go to the outbox as before. */
static void the_province_queues_nothing(void **state) {
    fixture *f = *state;
    intake(f, &f->recv, "2026-03-02T09:00", "accept");
    assert_int_equal(count(f, "node_outq"), 0);
    assert_int_equal(count(f, "dossier_origin"), 0);
}

int main(void) {
    node_outq_install(); /* as the program does: a node's database queues its changes */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(entries_are_queued_with_what_the_hash_covers, setup, teardown),
        cmocka_unit_test_setup_teardown(pushes_are_cut_between_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(the_province_queues_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
