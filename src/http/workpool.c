/* workpool.c - a pool of threads, started on demand, over a bounded FIFO of jobs. */
#include "workpool.h"

#include <pthread.h>
#include <stdlib.h>
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

struct workpool {
    pthread_mutex_t lock;
    pthread_cond_t more;
    job *head, *tail;
    unsigned waiting, running, max_queue, nthreads, started, idle;
    int nice;
    bool stopping;
    pthread_t *threads;
};

static void *worker(void *arg) {
    workpool *p = arg;
    /* Slow work below the threads that serve everything else: a storm of it takes the spare CPU, not theirs. */
    if (p->nice) (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice); /* best effort */
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->head && !p->stopping) {
            p->idle++;
            pthread_cond_wait(&p->more, &p->lock);
            p->idle--;
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
    p->threads = xcalloc(p->nthreads, sizeof *p->threads);
    return p;
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
        if (p->waiting > p->idle && p->started < p->nthreads) {
            if (pthread_create(&p->threads[p->started], NULL, worker, p) == 0)
                p->started++;
            else if (p->started == 0)
                abort(); /* no thread at all would run the job: nothing sensible is left */
            else
                log_error("workpool: no new thread (%u running)", p->started);
        }
        pthread_cond_signal(&p->more);
    }
    pthread_mutex_unlock(&p->lock);
    return ok;
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
    unsigned n = p->started;
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < n; i++) pthread_join(p->threads[i], NULL);
    free(p->threads);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

unsigned workpool_default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 2 ? (unsigned)(n / 2) : 1;
}
