/* keep.h - texts kept under a stamp.
 *
 * A reply that changes only when some small fact changes (a procedure's version, the catalog's
 * generation, a dossier's stamp) is built once and copied out while that fact, the stamp, is the
 * same. A table has a fixed number of slots, chosen by the key's hash: a new text replaces whatever
 * held its slot, so memory is bounded by slots x the largest text. A table may also have a lifetime
 * for what its stamp does not cover (the units' names in a page's header). Thread-safe. */
#ifndef MOTCUA_KEEP_H
#define MOTCUA_KEEP_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "timeutil.h"

/** What identifies the version of a kept text; compared whole (unused fields zero). */
typedef struct {
    uint64_t a, b, c;
} keep_stamp;

struct keep_slot;

/** A table; define it with KEEP_INIT, it allocates its slots on the first keep_put. */
typedef struct {
    pthread_mutex_t lock;
    unsigned nslots;
    int ttl; /* seconds a text may be served; 0: as long as its stamp holds */
    struct keep_slot *slots;
} keep;

#define KEEP_INIT(nslots, ttl) {PTHREAD_MUTEX_INITIALIZER, (nslots), (ttl), NULL}

/** The text kept under key with exactly this stamp and (with a lifetime) made less than ttl seconds
 *  before now, copied into a with a NUL after it; its length in *len. NULL when there is none. */
char *keep_get(keep *k, const char *key, keep_stamp st, mc_time now, arena *a, size_t *len);

/** Keeps a copy of text (len bytes) under key and stamp, as made at `at` (a time taken before the data
 *  it shows was read). Replaces what held the slot. Out of memory: nothing is kept. */
void keep_put(keep *k, const char *key, keep_stamp st, mc_time at, const char *text, size_t len);

/** Drops every kept text and the slots (tests, shutdown); the table can be used again. */
void keep_clear(keep *k);

#endif
