/* outbox_worker.c - the thread that sends the outbox's messages (outbox.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "outbox.h"
#include "xalloc.h"

struct outbox_worker {
    store *s;
    const outbox_transport *ts;
    size_t n;
    outbox_config cfg;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop, kicked;
};

static void *run(void *p) {
    outbox_worker *w = p;
    for (;;) {
        int handled = 0;
        mc_error err;
        if (outbox_run_once(w->s, w->ts, w->n, &w->cfg, time_now(), &handled, &err) != MC_OK)
            log_warn("outbox: %s", err.message_en);
        pthread_mutex_lock(&w->mu);
        if (!handled && !w->stop && !w->kicked) {
            /* Nothing was due: sleep until the next poll, a kick or the stop. */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += w->cfg.poll_ms / 1000;
            until.tv_nsec += (long)(w->cfg.poll_ms % 1000) * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while (!w->stop && !w->kicked && pthread_cond_timedwait(&w->cv, &w->mu, &until) != ETIMEDOUT) {
            }
        }
        w->kicked = false;
        bool stop = w->stop;
        pthread_mutex_unlock(&w->mu);
        if (stop) return NULL;
    }
}

mc_err outbox_worker_start(store *s, const outbox_transport *ts, size_t n, const outbox_config *cfg,
                           outbox_worker **out, mc_error *err) {
    outbox_worker *w = xcalloc(1, sizeof *w);
    *w = (outbox_worker){.s = s, .ts = ts, .n = n, .cfg = *cfg};
    if (!w->cfg.poll_ms) w->cfg.poll_ms = 1000;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, run, w)) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return mc_fail(err, MC_ERR_INTERNAL, NULL, "Không khởi động được luồng gửi tin nhắn.",
                       "outbox: cannot start the worker thread");
    }
    *out = w;
    return MC_OK;
}

void outbox_worker_kick(outbox_worker *w) {
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->kicked = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void outbox_worker_stop(outbox_worker *w) {
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
