/* workpool.h - threads that run requests off the threads that read and answer connections:
 * slow work (password hashing, PDF and spreadsheet rendering), so that its memory (argon2id takes
 * 64 MiB a hash) and CPU stay bounded whatever the number of clients asking for it; and writes,
 * which wait for the disk (group commit) on threads of their own so that the serving threads can be
 * as few as the cores. A pool starts its threads only when jobs find none idle, up to its size. */
#ifndef MC_WORKPOOL_H
#define MC_WORKPOOL_H

#include <stdbool.h>

typedef struct workpool workpool;

/** A pool of at most `threads` threads (at least 1), started as jobs need them, taking jobs in
 * order; beyond the jobs the threads run, at most `max_queue` wait. Its threads run at nice value
 * `nice` (Linux: per thread; 0 for the serving threads' own). Free with workpool_free(). */
workpool *workpool_create(unsigned threads, unsigned max_queue, int nice);
/** Lets a thread that found no job for `idle_s` seconds stop (0, the default: never), after calling
 * at_stop(ctx) on that thread (to close what it opened, such as its database reader). Set before the
 * first job is submitted. */
void workpool_idle_stop(workpool *p, unsigned idle_s, void (*at_stop)(void *ctx), void *ctx);
/** Queues fn(arg). False, and nothing queued, when threads + max_queue jobs
 * are already in flight (running or waiting) or the pool is stopping. */
bool workpool_submit(workpool *p, void (*fn)(void *arg), void *arg);
/** Jobs waiting now (not counting running ones). */
unsigned workpool_waiting(workpool *p);
/** Threads running now (started and not stopped). */
unsigned workpool_started(workpool *p);
/** Threads waiting for a job now (started, between two jobs). */
unsigned workpool_idle(workpool *p);
/** Runs every queued job to its end, then stops the threads and frees the
 * pool. NULL is a no-op. */
void workpool_free(workpool *p);
/** A default thread count for slow work on this machine: half its processors, at least one,
 * so that slow work never takes every core from the rest. */
unsigned workpool_default_threads(void);

#endif
