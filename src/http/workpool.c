/* workpool.c - a pool of threads, started on demand, over a bounded FIFO of jobs. */
#include "workpool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

typedef struct job {
    struct job *next;
    void (*fn)(void *);
    void *arg;
} job;

/* A thread's place: free, running, or stopped (idle too long) and waiting to be joined. */
enum { SLOT_FREE, SLOT_LIVE, SLOT_STOPPED };

typedef struct {
    workpool *p;
    pthread_t t;
    int state;
} slot;

struct workpool {
    pthread_mutex_t lock;
    pthread_cond_t more;
    job *head, *tail;
    unsigned waiting, running, max_queue, nthreads, started, idle;
    int nice;
    bool stopping;
    unsigned idle_s;
    void (*at_stop)(void *);
    void *stop_ctx;
    slot *slots;
};

/* Waits for a job; false when this thread has been idle idle_s seconds and should stop. Lock held. */
static bool wait_for_job(workpool *p) {
    if (!p->idle_s) {
        pthread_cond_wait(&p->more, &p->lock);
        return true;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += p->idle_s;
    return pthread_cond_timedwait(&p->more, &p->lock, &until) != ETIMEDOUT || p->head || p->stopping;
}

static void *worker(void *arg) {
    slot *me = arg;
    workpool *p = me->p;
    /* Slow work below the threads that serve everything else: a storm of it takes the spare CPU, not theirs. */
    if (p->nice) (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice); /* best effort */
    pthread_mutex_lock(&p->lock);
    for (;;) {
        bool stay = true;
        while (!p->head && !p->stopping && stay) {
            p->idle++;
            stay = wait_for_job(p);
            p->idle--;
        }
        if (!stay) { /* idle too long: this thread stops, what it opened with it */
            p->started--;
            me->state = SLOT_STOPPED;
            pthread_mutex_unlock(&p->lock);
            if (p->at_stop) p->at_stop(p->stop_ctx);
            return NULL;
        }
        if (!p->head) break; /* stopping, and nothing left to do */
        job *j = p->head;
        p->head = j->next;
        if (!p->head) p->tail = NULL;
        p->waiting--;
        p->running++;
        pthread_mutex_unlock(&p->lock);
        j->fn(j->arg);
        free(j);
        pthread_mutex_lock(&p->lock);
        p->running--;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

workpool *workpool_create(unsigned threads, unsigned max_queue, int nice) {
    workpool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    p->max_queue = max_queue;
    p->nthreads = threads ? threads : 1;
    p->nice = nice;
    p->slots = xcalloc(p->nthreads, sizeof *p->slots);
    for (unsigned i = 0; i < p->nthreads; i++) p->slots[i].p = p;
    return p;
}

void workpool_idle_stop(workpool *p, unsigned idle_s, void (*at_stop)(void *ctx), void *ctx) {
    pthread_mutex_lock(&p->lock);
    p->idle_s = idle_s;
    p->at_stop = at_stop;
    p->stop_ctx = ctx;
    pthread_mutex_unlock(&p->lock);
}

/* Starts a thread in a free place (joining one that stopped). Lock held. */
static bool start_thread(workpool *p) {
    for (unsigned i = 0; i < p->nthreads; i++) {
        slot *sl = &p->slots[i];
        if (sl->state == SLOT_LIVE) continue;
        if (sl->state == SLOT_STOPPED) pthread_join(sl->t, NULL); /* it has left the pool's lock for good */
        sl->state = SLOT_FREE;
        if (pthread_create(&sl->t, NULL, worker, sl) != 0) return false;
        sl->state = SLOT_LIVE;
        p->started++;
        return true;
    }
    return false;
}

bool workpool_submit(workpool *p, void (*fn)(void *arg), void *arg) {
    pthread_mutex_lock(&p->lock);
    /* Jobs in flight (waiting or running) against the threads plus the queue: a job that an idle
     * thread has not yet taken does not hold a place in the queue (that race refused work while a
     * thread sat idle). */
    bool ok = !p->stopping && p->waiting + p->running < p->nthreads + p->max_queue;
    if (ok) {
        job *j = xcalloc(1, sizeof *j);
        j->fn = fn;
        j->arg = arg;
        if (p->tail)
            p->tail->next = j;
        else
            p->head = j;
        p->tail = j;
        p->waiting++;
        /* A new thread when the jobs waiting outnumber the idle threads (idle ones are already woken
         * for the others), up to the pool's size. */
        if (p->waiting > p->idle && p->started < p->nthreads && !start_thread(p)) {
            if (p->started == 0) abort(); /* no thread at all would run the job: nothing sensible is left */
            log_error("workpool: no new thread (%u running)", p->started);
        }
        pthread_cond_signal(&p->more);
    }
    pthread_mutex_unlock(&p->lock);
    return ok;
}

unsigned workpool_idle(workpool *p) {
    pthread_mutex_lock(&p->lock);
    unsigned n = p->idle;
    pthread_mutex_unlock(&p->lock);
    return n;
}

unsigned workpool_waiting(workpool *p) {
    pthread_mutex_lock(&p->lock);
    unsigned n = p->waiting;
    pthread_mutex_unlock(&p->lock);
    return n;
}

unsigned workpool_started(workpool *p) {
    pthread_mutex_lock(&p->lock);
    unsigned n = p->started;
    pthread_mutex_unlock(&p->lock);
    return n;
}

void workpool_free(workpool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->lock);
    /* No thread starts once stopping is set: the places are final. */
    for (unsigned i = 0; i < p->nthreads; i++)
        if (p->slots[i].state != SLOT_FREE) pthread_join(p->slots[i].t, NULL);
    free(p->slots);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

unsigned workpool_default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 2 ? (unsigned)(n / 2) : 1;
}
