/* workpool.h - a few threads for slow work (password hashing, PDF and
 * spreadsheet rendering), so that it never occupies the threads that serve
 * every other request, and so that its memory (argon2id takes 64 MiB a hash)
 * and CPU stay bounded whatever the number of clients asking for it. Its
 * threads run at a lower priority (nice 10) than the serving threads. */
#ifndef MC_WORKPOOL_H
#define MC_WORKPOOL_H

#include <stdbool.h>

typedef struct workpool workpool;

/** Starts `threads` threads (at least 1) taking jobs in order; beyond the
 * jobs the threads run, at most `max_queue` wait. Free with workpool_free(). */
workpool *workpool_create(unsigned threads, unsigned max_queue);
/** Queues fn(arg). False, and nothing queued, when threads + max_queue jobs
 * are already in flight (running or waiting) or the pool is stopping. */
bool workpool_submit(workpool *p, void (*fn)(void *arg), void *arg);
/** Jobs waiting now (not counting running ones). */
unsigned workpool_waiting(workpool *p);
/** Runs every queued job to its end, then stops the threads and frees the
 * pool. NULL is a no-op. */
void workpool_free(workpool *p);
/** A default thread count for this machine: half its processors, at least one,
 * so that slow work never takes every core from the rest. */
unsigned workpool_default_threads(void);

#endif
