/* test_outbox.c - the outbox's delivery rules on a real SQLite store: a duplicate put is ignored; a
 * message is sent, retried with doubling waits, filed dead after the channel's last attempt and sent
 * again by an administrator (journaled); an ordered channel takes one key's messages one at a time; a
 * worker whose lease ran out while it was sending does not mark the message a second time. */
#include "testutil.h"

#include "dbutil.h"
#include "journal.h"
#include "outbox.h"

/* A transport that answers from a script and records what it was given. */
typedef struct {
    outbox_result answer[16]; /* by call; past the end: the last one */
    int nanswer, calls;
    int64_t sent[32];
    void (*during)(void *); /* run inside send (another worker, a crash) */
    void *during_ctx;
} script;

static outbox_result scripted(void *ctx, store *s, const outbox_item *m, char *ack, size_t ack_size, char *why,
                              size_t why_size) {
    (void)s;
    script *sc = ctx;
    int i = sc->calls < sc->nanswer ? sc->calls : sc->nanswer - 1;
    if (sc->calls < 32) sc->sent[sc->calls] = m->id;
    sc->calls++;
    if (sc->during) {
        void (*f)(void *) = sc->during;
        sc->during = NULL;
        f(sc->during_ctx);
    }
    snprintf(ack, ack_size, "ack-%lld", (long long)m->id);
    snprintf(why, why_size, "máy chủ không trả lời");
    return sc->answer[i];
}

static const mc_time NOW = 1780000000;

static void put(store *s, const char *dedup, const char *ordkey, mc_time at) {
    mc_error err;
    store_conn *w = store_begin_tenant(s, "04", &err);
    assert_non_null(w);
    outbox_msg m = {.tenant = "04",
                    .channel = "test",
                    .event = "status",
                    .dedup = dedup,
                    .ordkey = ordkey,
                    .payload = "{}",
                    .at = at};
    assert_int_equal(store_finish(w, outbox_put(w, &m, &err), &err), MC_OK);
}

static int64_t count(store *s, const char *state) {
    mc_error err;
    arena *a = arena_create();
    outbox_row *v;
    size_t n;
    assert_int_equal(outbox_list(store_reader(s), a, "04", state, "test", 100, &v, &n, &err), MC_OK);
    arena_free(a);
    return (int64_t)n;
}

static outbox_config cfg_named(const char *owner) {
    outbox_config c = outbox_config_default();
    c.owner = owner;
    c.retry_base_s = 30;
    c.retry_max_s = 100;
    return c;
}

static int run(store *s, outbox_transport *t, const outbox_config *c, mc_time now) {
    int handled = -1;
    mc_error err;
    assert_int_equal(outbox_run_once(s, t, 1, c, now, &handled, &err), MC_OK);
    return handled;
}

static void duplicate_put_is_ignored_and_sent_once(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    put(s, "j:abc", NULL, NOW);
    put(s, "j:abc", NULL, NOW);
    assert_int_equal(count(s, NULL), 1);
    script sc = {.answer = {OUTBOX_SENT}, .nanswer = 1};
    outbox_transport t = {.channel = "test", .send = scripted, .ctx = &sc};
    outbox_config c = cfg_named("w1");
    assert_int_equal(run(s, &t, &c, NOW - 1), 0); /* not due yet */
    assert_int_equal(run(s, &t, &c, NOW), 1);
    assert_int_equal(run(s, &t, &c, NOW + 1000), 0);
    assert_int_equal(sc.calls, 1);
    arena *a = arena_create();
    outbox_row *v;
    size_t n;
    mc_error err;
    assert_int_equal(outbox_list(store_reader(s), a, "04", "sent", NULL, 10, &v, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].ack, "ack-1");
    assert_int_equal(v[0].attempts, 1);
    assert_int_equal(v[0].sent_at, NOW);
    outbox_depth d[4];
    assert_int_equal(outbox_depths(store_reader(s), d, 4, &n, &err), MC_OK);
    assert_int_equal(n, 0);
    /* Sent messages are purged once old enough; pending ones never. */
    put(s, "j:later", NULL, NOW + 5000);
    int64_t gone = -1;
    assert_int_equal(outbox_purge(s, NOW, &gone, &err), MC_OK);
    assert_int_equal(gone, 0);
    assert_int_equal(outbox_purge(s, NOW + 1000000, &gone, &err), MC_OK);
    assert_int_equal(gone, 1);
    assert_int_equal(count(s, NULL), 1);
    assert_int_equal(count(s, "pending"), 1);
    arena_free(a);
    test_store_close(s, path);
}

static void retries_back_off_then_die_and_are_resent(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    mc_error err;
    assert_int_equal(journal_prepare(s, &err), MC_OK);
    put(s, "j:1", NULL, NOW);
    script sc = {.answer = {OUTBOX_RETRY}, .nanswer = 1};
    outbox_transport t = {.channel = "test", .send = scripted, .ctx = &sc, .max_attempts = 4};
    outbox_config c = cfg_named("w1");
    /* Waits of 30, 60, then 100 (the maximum) seconds; the fourth attempt is the last. */
    mc_time at = NOW;
    const int waits[] = {30, 60, 100};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(run(s, &t, &c, at), 1);
        assert_int_equal(run(s, &t, &c, at + waits[i] - 1), 0);
        at += waits[i];
    }
    outbox_depth d[4];
    size_t n;
    assert_int_equal(outbox_depths(store_reader(s), d, 4, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(d[0].channel, "test");
    assert_int_equal(d[0].pending, 1);
    assert_int_equal(d[0].oldest, NOW);
    assert_int_equal(run(s, &t, &c, at), 1);
    assert_int_equal(sc.calls, 4);
    assert_int_equal(count(s, "dead"), 1);
    assert_int_equal(run(s, &t, &c, at + 100000), 0);
    assert_int_equal(outbox_depths(store_reader(s), d, 4, &n, &err), MC_OK);
    assert_int_equal(d[0].pending, 0);
    assert_int_equal(d[0].dead, 1);
    /* Sent again by an administrator: pending, due now, journaled; a second resend is a conflict. */
    user admin = {.id = 0, .username = "admin"};
    assert_int_equal(outbox_resend(s, "04", 1, &admin, at + 10, &err), MC_OK);
    assert_int_equal(outbox_resend(s, "04", 1, &admin, at + 10, &err), MC_ERR_CONFLICT);
    assert_int_equal(outbox_resend(s, "04", 99, &admin, at + 10, &err), MC_ERR_NOT_FOUND);
    assert_int_equal(outbox_resend(s, "05", 1, &admin, at + 10, &err), MC_ERR_NOT_FOUND);
    arena *a = arena_create();
    journal_entry *j;
    assert_int_equal(journal_of_subject(store_reader(s), a, "04", OUTBOX_SUBJECT, 1, &j, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(j[0].action, "outbox.resend");
    assert_string_equal(j[0].to_state, "pending");
    arena_free(a);
    sc.answer[0] = OUTBOX_SENT;
    assert_int_equal(run(s, &t, &c, at + 10), 1);
    assert_int_equal(count(s, "sent"), 1);
    /* A refusal for good is dead at once. */
    put(s, "j:2", NULL, NOW);
    sc.answer[0] = OUTBOX_DEAD;
    assert_int_equal(run(s, &t, &c, at + 20), 1);
    assert_int_equal(count(s, "dead"), 1);
    test_store_close(s, path);
}

static void an_ordered_channel_keeps_each_keys_order(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    put(s, "a1", "dossier:1", NOW);
    put(s, "a2", "dossier:1", NOW);
    put(s, "b1", "dossier:2", NOW);
    put(s, "a3", "dossier:1", NOW);
    /* The first message of dossier 1 fails once: neither of its followers goes before it. */
    script sc = {.answer = {OUTBOX_RETRY, OUTBOX_SENT}, .nanswer = 2};
    outbox_transport t = {.channel = "test", .ordered = true, .send = scripted, .ctx = &sc};
    outbox_config c = cfg_named("w1");
    assert_int_equal(run(s, &t, &c, NOW), 2); /* a1 (fails) and b1 */
    assert_int_equal(sc.sent[0], 1);
    assert_int_equal(sc.sent[1], 3);
    assert_int_equal(run(s, &t, &c, NOW + 10), 0);
    assert_int_equal(run(s, &t, &c, NOW + 30), 1); /* a1 again */
    assert_int_equal(run(s, &t, &c, NOW + 30), 1); /* then a2 */
    assert_int_equal(run(s, &t, &c, NOW + 30), 1); /* then a3 */
    assert_int_equal(sc.calls, 5);
    assert_int_equal(sc.sent[2], 1);
    assert_int_equal(sc.sent[3], 2);
    assert_int_equal(sc.sent[4], 4);
    test_store_close(s, path);
}

/* While worker 1 is sending, its lease runs out and worker 2 takes the message, sends and marks it. */
typedef struct {
    store *s;
    outbox_transport *t;
    int handled;
} second;

static void second_worker(void *p) {
    second *w = p;
    outbox_config c = cfg_named("w2");
    w->handled = run(w->s, w->t, &c, NOW + 61);
}

static void an_expired_lease_is_sent_again_but_marked_once(void **state) {
    (void)state;
    char path[64];
    store *s = test_store(path);
    put(s, "x", NULL, NOW);
    script sc = {.answer = {OUTBOX_SENT}, .nanswer = 1};
    outbox_transport t = {.channel = "test", .send = scripted, .ctx = &sc};
    second w2 = {.s = s, .t = &t};
    sc.during = second_worker;
    sc.during_ctx = &w2;
    outbox_config c = cfg_named("w1");
    assert_int_equal(run(s, &t, &c, NOW), 1);
    assert_int_equal(w2.handled, 1);
    assert_int_equal(sc.calls, 2); /* sent twice: at most twice per crash */
    arena *a = arena_create();
    outbox_row *v;
    size_t n;
    mc_error err;
    assert_int_equal(outbox_list(store_reader(s), a, "04", NULL, NULL, 10, &v, &n, &err), MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].state, "sent");
    assert_int_equal(v[0].attempts, 2);
    assert_int_equal(v[0].sent_at, NOW + 61); /* worker 2's mark; worker 1's found the lease gone */
    arena_free(a);
    test_store_close(s, path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duplicate_put_is_ignored_and_sent_once),
        cmocka_unit_test(retries_back_off_then_die_and_are_resent),
        cmocka_unit_test(an_ordered_channel_keeps_each_keys_order),
        cmocka_unit_test(an_expired_lease_is_sent_again_but_marked_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
