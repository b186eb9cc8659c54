/* test_keep.c - texts kept under a stamp: found only with the same key and stamp, young enough,
 * replaced by whatever takes the slot, safe from several threads. */
#include <pthread.h>

#include "testutil.h"

#include "keep.h"

static keep_stamp S(uint64_t a, uint64_t b) {
    return (keep_stamp){a, b, 0};
}

static void found_only_with_key_and_stamp(void **state) {
    (void)state;
    static keep k = KEEP_INIT(16, 0);
    arena *a = arena_create();
    size_t len = 0;
    assert_null(keep_get(&k, "x", S(1, 2), 0, a, &len)); /* nothing yet, no slots allocated */
    keep_put(&k, "1.001193", S(1, 2), 100, "trang\0một", sizeof "trang\0một" - 1);
    char *t = keep_get(&k, "1.001193", S(1, 2), 5000, a, &len); /* no lifetime: any time later */
    assert_non_null(t);
    assert_int_equal(len, sizeof "trang\0một" - 1);
    assert_memory_equal(t, "trang\0một", len);
    assert_int_equal(t[len], 0);
    assert_null(keep_get(&k, "1.001193", S(1, 3), 0, a, &len)); /* another stamp */
    assert_null(keep_get(&k, "1.001193", S(2, 2), 0, a, &len)); /* another store */
    assert_null(keep_get(&k, "1.00119", S(1, 2), 0, a, &len));  /* a prefix of the key */
    assert_null(keep_get(&k, "1.0011933", S(1, 2), 0, a, &len));
    /* A new text under the same key replaces the old one. */
    keep_put(&k, "1.001193", S(1, 3), 100, "mới", strlen("mới"));
    assert_null(keep_get(&k, "1.001193", S(1, 2), 0, a, &len));
    t = keep_get(&k, "1.001193", S(1, 3), 0, a, &len);
    assert_non_null(t);
    assert_string_equal(t, "mới");
    keep_clear(&k);
    assert_null(keep_get(&k, "1.001193", S(1, 3), 0, a, &len));
    keep_put(&k, "again", S(0, 0), 0, "", 0); /* usable after clear; an empty text is a text */
    t = keep_get(&k, "again", S(0, 0), 0, a, &len);
    assert_non_null(t);
    assert_int_equal(len, 0);
    keep_clear(&k);
    arena_free(a);
}

static void lifetime_counts_from_when_it_was_made(void **state) {
    (void)state;
    static keep k = KEEP_INIT(8, 60);
    arena *a = arena_create();
    size_t len;
    keep_put(&k, "q", S(1, 1), 1000, "x", 1);
    assert_non_null(keep_get(&k, "q", S(1, 1), 1000, a, &len));
    assert_non_null(keep_get(&k, "q", S(1, 1), 1059, a, &len));
    assert_null(keep_get(&k, "q", S(1, 1), 1060, a, &len));
    assert_null(keep_get(&k, "q", S(1, 1), 999, a, &len)); /* a clock set back: not trusted */
    keep_clear(&k);
    arena_free(a);
}

static void one_slot_holds_one_text(void **state) {
    (void)state;
    static keep k = KEEP_INIT(1, 0);
    arena *a = arena_create();
    size_t len;
    keep_put(&k, "a", S(1, 1), 0, "A", 1);
    keep_put(&k, "b", S(1, 1), 0, "B", 1);
    assert_null(keep_get(&k, "a", S(1, 1), 0, a, &len));
    assert_string_equal(keep_get(&k, "b", S(1, 1), 0, a, &len), "B");
    keep_clear(&k);
    arena_free(a);
}

/* Readers and writers on the same few keys: every text read is one that was written whole for its key. */
static keep shared = KEEP_INIT(4, 0);
static int torn, hits;

static void *churn(void *arg) {
    int id = (int)(intptr_t)arg;
    arena *a = arena_create();
    char key[8], text[64];
    for (int i = 0; i < 20000; i++) {
        int n = (i + id) % 7;
        snprintf(key, sizeof key, "k%d", n);
        if (i % 3 == 0) {
            int w = snprintf(text, sizeof text, "%s:%d:%0*d", key, id, n * 5, i);
            keep_put(&shared, key, S(7, 0), 0, text, (size_t)w);
        } else {
            size_t len;
            char *t = keep_get(&shared, key, S(7, 0), 0, a, &len);
            if (t && (strlen(t) != len || strncmp(t, key, strlen(key)) != 0 || t[strlen(key)] != ':'))
                __atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
            if (t) __atomic_add_fetch(&hits, 1, __ATOMIC_RELAXED);
        }
        if (i % 1000 == 999) {
            arena_free(a);
            a = arena_create();
        }
    }
    arena_free(a);
    return NULL;
}

static void threads_see_whole_texts(void **state) {
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, churn, (void *)(intptr_t)i), 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    assert_int_equal(torn, 0);
    assert_true(hits > 1000);
    keep_clear(&shared);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(found_only_with_key_and_stamp),
                                       cmocka_unit_test(lifetime_counts_from_when_it_was_made),
                                       cmocka_unit_test(one_slot_holds_one_text),
                                       cmocka_unit_test(threads_see_whole_texts)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
