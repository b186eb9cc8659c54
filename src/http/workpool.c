/* workpool.c - a fixed pool of threads over a bounded FIFO of jobs. */
#include "workpool.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The nice value of the pool's threads (Linux: per thread). */
#define WORKPOOL_NICE 10

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
    unsigned waiting, running, max_queue, nthreads;
    bool stopping;
    pthread_t *threads;
};

static void *worker(void *arg) {
    workpool *p = arg;
    /* Below the threads that serve everything else: a storm of slow work takes the spare CPU, not theirs. */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKPOOL_NICE); /* best effort */
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->head && !p->stopping) pthread_cond_wait(&p->more, &p->lock);
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

workpool *workpool_create(unsigned threads, unsigned max_queue) {
    workpool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    p->max_queue = max_queue;
    p->nthreads = threads ? threads : 1;
    p->threads = xcalloc(p->nthreads, sizeof *p->threads);
    for (unsigned i = 0; i < p->nthreads; i++)
        if (pthread_create(&p->threads[i], NULL, worker, p) != 0) abort();
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

void workpool_free(workpool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nthreads; i++) pthread_join(p->threads[i], NULL);
    free(p->threads);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

unsigned workpool_default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 2 ? (unsigned)(n / 2) : 1;
}
