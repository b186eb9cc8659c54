/* test_workpool.c - the slow-work pool's admission: threads plus queue. */
#include "testutil.h"

#include <pthread.h>
#include <unistd.h>

#include "workpool.h"

/* A job that holds its thread until the test opens the gate. */
typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t open_cv;
    bool open;
    int done;
} gate;

static void held_job(void *arg) {
    gate *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->open) pthread_cond_wait(&g->open_cv, &g->lock);
    g->done++;
    pthread_mutex_unlock(&g->lock);
}

static void open_gate(gate *g) {
    pthread_mutex_lock(&g->lock);
    g->open = true;
    pthread_cond_broadcast(&g->open_cv);
    pthread_mutex_unlock(&g->lock);
}

/* Submitted back to back, before any thread has taken the first job, one job
 * for each thread and one for each queue place are admitted; the next is not. */
static void admits_threads_plus_queue(void **state) {
    (void)state;
    for (int round = 0; round < 200; round++) {
        gate g = {.lock = PTHREAD_MUTEX_INITIALIZER, .open_cv = PTHREAD_COND_INITIALIZER};
        workpool *p = workpool_create(1, 1, 10);
        assert_true(workpool_submit(p, held_job, &g));
        assert_true(workpool_submit(p, held_job, &g)); /* the queue place, even if the thread is not yet awake */
        /* Wait until the thread holds a job, so that exactly one waits. */
        while (workpool_waiting(p) != 1) sched_yield();
        assert_false(workpool_submit(p, held_job, &g));
        open_gate(&g);
        workpool_free(p); /* runs what was admitted */
        assert_int_equal(g.done, 2);
    }
}

/* A pool with no queue still runs one job per thread. */
static void zero_queue_runs_on_the_threads(void **state) {
    (void)state;
    gate g = {.lock = PTHREAD_MUTEX_INITIALIZER, .open_cv = PTHREAD_COND_INITIALIZER};
    workpool *p = workpool_create(2, 0, 0);
    assert_true(workpool_submit(p, held_job, &g));
    assert_true(workpool_submit(p, held_job, &g));
    assert_false(workpool_submit(p, held_job, &g));
    open_gate(&g);
    workpool_free(p);
    assert_int_equal(g.done, 2);
}

/* Threads are started only as jobs need them, never beyond the pool's size. */
static void threads_started_as_needed(void **state) {
    (void)state;
    gate g = {.lock = PTHREAD_MUTEX_INITIALIZER, .open_cv = PTHREAD_COND_INITIALIZER};
    workpool *p = workpool_create(8, 100, 0);
    assert_int_equal(workpool_started(p), 0);
    g.open = true;
    for (int i = 0; i < 50; i++) { /* one at a time: one thread is enough */
        assert_true(workpool_submit(p, held_job, &g));
        /* the job done and its thread back waiting (not still leaving the job) before the next one */
        while (workpool_waiting(p) || workpool_idle(p) != workpool_started(p)) sched_yield();
        pthread_mutex_lock(&g.lock);
        assert_int_equal(g.done, i + 1);
        pthread_mutex_unlock(&g.lock);
    }
    assert_int_equal(workpool_started(p), 1);
    g.open = false;
    for (int i = 0; i < 3; i++) assert_true(workpool_submit(p, held_job, &g)); /* held: 3 threads */
    while (workpool_waiting(p)) sched_yield();
    assert_int_equal(workpool_started(p), 3);
    for (int i = 0; i < 20; i++) assert_true(workpool_submit(p, held_job, &g));
    assert_int_equal(workpool_started(p), 8);
    open_gate(&g);
    workpool_free(p);
    assert_int_equal(g.done, 50 + 3 + 20);
}

static int stops;
static void count_stop(void *ctx) {
    (void)ctx;
    __atomic_add_fetch(&stops, 1, __ATOMIC_RELAXED);
}

/* Threads idle past the pool's limit stop, each calling the stop hook on itself; new jobs start new ones. */
static void idle_threads_stop(void **state) {
    (void)state;
    gate g = {.lock = PTHREAD_MUTEX_INITIALIZER, .open_cv = PTHREAD_COND_INITIALIZER};
    workpool *p = workpool_create(4, 10, 0);
    workpool_idle_stop(p, 1, count_stop, NULL);
    for (int i = 0; i < 3; i++) assert_true(workpool_submit(p, held_job, &g));
    while (workpool_waiting(p)) sched_yield();
    assert_int_equal(workpool_started(p), 3);
    open_gate(&g);
    for (int i = 0; i < 300 && workpool_started(p) > 0; i++) usleep(10000); /* up to 3 s */
    assert_int_equal(workpool_started(p), 0);
    assert_int_equal(__atomic_load_n(&stops, __ATOMIC_RELAXED), 3);
    /* Their places are taken again. */
    for (int i = 0; i < 4; i++) assert_true(workpool_submit(p, held_job, &g));
    workpool_free(p);
    assert_int_equal(g.done, 7);
    assert_int_equal(__atomic_load_n(&stops, __ATOMIC_RELAXED), 3); /* stopped by free, not by idling */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admits_threads_plus_queue),
        cmocka_unit_test(zero_queue_runs_on_the_threads),
        cmocka_unit_test(threads_started_as_needed),
        cmocka_unit_test(idle_threads_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
