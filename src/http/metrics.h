/* metrics.h - GET /metrics: the Prometheus text exposition format 0.0.4.
 *
 * Requests are counted by route pattern of the route table (never the raw URL: the label set is
 * bounded), method and status, and timed from the request head to the end of the answer. Counting is
 * lock-free (relaxed atomics); figures read from the store (dossiers by state, journal head age) are
 * computed through the reader connection at most once per METRICS_STORE_TTL seconds. Who may read
 * /metrics is decided on the request head (serve --metrics-allow, server.c). The series and their
 * meaning: docs/OPERATIONS.md#monitoring. */
#ifndef MC_METRICS_H
#define MC_METRICS_H

#include <stdint.h>

#include "api.h"
#include "buf.h"
#include "routes.h"
#include "store.h"
#include "timeutil.h"

/** Seconds a scrape reuses the figures read from the store. */
#define METRICS_STORE_TTL 5

/** The route label of requests no route matched (one label for all of them). */
#define METRICS_UNMATCHED "unmatched"

/** Sizes the counters from the route table and records the process start; idempotent, thread-safe. */
void metrics_init(void);
/** Counts one answered request: its route (NULL or a route outside the table: METRICS_UNMATCHED), its
 *  method as sent, the status answered and its duration in nanoseconds. Lock-free. */
void metrics_request(const route *rt, const char *method, unsigned status, uint64_t ns);
/** Counts one run of the periodic deadline job (marks of overdue dossiers, feedback and tasks), which
 *  started at `at` and took ns nanoseconds. */
void metrics_job_run(mc_time at, uint64_t ns);
/** Appends every series to out, reading the store st through this thread's reader connection. */
void metrics_write(store *st, buf *out);
/** The handler of GET /metrics (reached only by addresses of serve --metrics-allow). */
mc_err metrics_handler(api_req *r, mc_error *err);

/** HOOK for more series (issue 18: the outbox). Appends series to out, e.g.
 *  motcua_outbox_depth{channel} and motcua_outbox_oldest_age_seconds{channel}, each with its # HELP and
 *  # TYPE lines; st is the store (read through store_reader). Called on every scrape, after the
 *  store's cached figures; empty for now (metrics.c). */
void metrics_append_more(store *st, buf *out);

#endif
