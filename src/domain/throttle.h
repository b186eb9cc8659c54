/* throttle.h - slowing down guessing: failures counted per key (an account at
 * an address, an address, an account, a dossier code), each further failure
 * past a free allowance making the key wait twice as long as the last, up to a
 * cap. Nothing is ever locked for good, and a success is never a failure.
 * Kept in the store (table throttle) so that several server processes share
 * it. */
#ifndef MC_THROTTLE_H
#define MC_THROTTLE_H

#include <stdint.h>

#include "err.h"
#include "store.h"
#include "timeutil.h"

/** How a key is slowed down. */
typedef struct {
    int free;   /**< failures before any wait: the free-th failure starts the waits */
    int base;   /**< seconds to wait after the free-th failure */
    int cap;    /**< the longest wait, seconds */
    int forget; /**< a key with no failure for this long starts again from zero, seconds */
} throttle_rule;

/** The wait (seconds) a key must keep after its fails-th failure: 0 below
 * r->free failures, then base, 2 base, 4 base ... at most cap. Pure. */
int64_t throttle_delay(const throttle_rule *r, int64_t fails);

/** The state of a key at `now` (a forgotten key reads as zero). */
typedef struct {
    int64_t fails; /**< failures remembered */
    int64_t wait;  /**< seconds left before it may try again; 0 = may try */
} throttle_state;

/** Reads key's state through c (a reader or a write transaction). */
mc_err throttle_get(store_conn *c, const char *key, mc_time now, throttle_state *out, mc_error *err);
/** Counts one failure of key at now inside write transaction w; *out (may
 * be NULL) gets the state after it. */
mc_err throttle_fail(store_conn *w, const char *key, const throttle_rule *r, mc_time now, throttle_state *out,
                     mc_error *err);
/** Forgets key (a success). Inside write transaction w. */
mc_err throttle_clear(store_conn *w, const char *key, mc_error *err);
/** Deletes the keys forgotten by now. Inside write transaction w. */
mc_err throttle_purge(store_conn *w, mc_time now, mc_error *err);

/** Vietnamese "N giây" / "N phút" for a wait, into buf (size n). Returns buf. */
const char *throttle_wait_text(int64_t seconds, char *buf, size_t n);

#endif
