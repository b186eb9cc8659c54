/* guard.h - what a connection may hold: connections per client address,
 * time to send a request head, rate of a request body, and the memory all
 * request bodies may take at once.
 *
 * The transport opens a record for every accepted socket and closes it when
 * the socket goes. guard_sweep(), run about once a second, shuts down (never
 * closes: the transport does that) the sockets of clients that are too slow:
 * a head not complete within head_timeout of the connection or of the end of
 * the previous request on it, or a body arriving slower than body_min_rate
 * bytes per second over any body_window seconds. A connection over its
 * address's cap is answered 503 and shut down at once. Thread-safe: one
 * mutex, every operation O(1) but the sweep (O(connections)). */
#ifndef MC_GUARD_H
#define MC_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "netaddr.h"

/** Limits (guard_config_default gives the production values). */
typedef struct {
    unsigned per_addr;      /**< connections per client address; 0 = no cap (default 64) */
    unsigned head_timeout;  /**< seconds to send a request head (default 30) */
    unsigned body_min_rate; /**< bytes per second a body must keep up (default 1024) */
    unsigned body_window;   /**< seconds over which the rate is measured (default 20) */
    size_t body_budget;     /**< bytes of request bodies in memory at once, all connections (default 64 MiB) */
    netaddr_set exempt;     /**< trusted proxies: not capped per address */
} guard_config;

/** Production defaults. */
guard_config guard_config_default(void);

typedef struct guard guard;
typedef struct guard_conn guard_conn;

/** What the guard has done, for logs and /api/v1/health. */
typedef struct {
    uint64_t refused_addr;   /**< connections over their address's cap */
    uint64_t closed_head;    /**< heads not sent in time */
    uint64_t closed_body;    /**< bodies slower than the minimum rate */
    uint64_t refused_budget; /**< bodies refused because the budget was spent */
    size_t body_bytes;       /**< bytes of bodies held now */
    unsigned conns;          /**< open connections */
} guard_stats;

/** Creates a guard (cfg copied). Free with guard_free(). */
guard *guard_create(const guard_config *cfg);
/** Frees the guard; every record must have been closed. NULL is a no-op. */
void guard_free(guard *g);

/** A socket fd from address sa was accepted at `now_ms` (a monotonic clock).
 * Returns its record, never NULL; when the address is over its cap the
 * client has been answered 503 and the socket shut down. */
guard_conn *guard_open(guard *g, int fd, const struct sockaddr *sa, int64_t now_ms);
/** The socket is about to be closed: forgets it and gives back its body
 * bytes. NULL is a no-op. */
void guard_close(guard *g, guard_conn *c);

/** The request head has arrived: the body's rate is measured from now. */
void guard_head_done(guard *g, guard_conn *c, int64_t now_ms);
/** n more body bytes arrived. */
void guard_body_bytes(guard *g, guard_conn *c, size_t n);
/** The body is complete: no deadline while the request is handled and answered. */
void guard_busy(guard *g, guard_conn *c);
/** The request is over (answered or abandoned): the next head is awaited from
 * now, and the body bytes the connection held are given back. */
void guard_idle(guard *g, guard_conn *c, int64_t now_ms);

/** Reserves n bytes of the body budget for c. False (nothing reserved) when
 * the budget would be exceeded. */
bool guard_budget_take(guard *g, guard_conn *c, size_t n);

/** Shuts down the sockets of clients past their deadlines (see above).
 * Returns how many it shut down. */
unsigned guard_sweep(guard *g, int64_t now_ms);

/** Counters since creation. */
guard_stats guard_stats_get(guard *g);

/** Milliseconds of CLOCK_MONOTONIC. */
int64_t guard_now_ms(void);

#endif
