/* hist.h - latency histograms for /metrics: fixed buckets, lock-free.
 *
 * Observing is a few relaxed atomic additions (no lock, no allocation), cheap
 * enough for every store query. Reading is not a snapshot of all buckets at
 * one instant, which Prometheus tolerates. */
#ifndef MC_HIST_H
#define MC_HIST_H

#include <stdatomic.h>
#include <stdint.h>

#include "buf.h"

/** Finite bucket bounds, in seconds (HIST_BUCKETS of them; then +Inf). */
#define HIST_BUCKETS 14

/** A histogram: per-bucket (not cumulative) counts and the sum in nanoseconds. Zero-initialised is empty. */
typedef struct {
    _Atomic uint64_t bucket[HIST_BUCKETS + 1]; /**< the last one is above every bound */
    _Atomic uint64_t sum_ns;
} hist;

/** Monotonic clock in nanoseconds (for durations). */
uint64_t hist_now_ns(void);
/** Counts one observation of ns nanoseconds. Thread-safe, lock-free. */
void hist_observe(hist *h, uint64_t ns);
/** Appends the histogram in the Prometheus text format (0.0.4): name_bucket{labels,le=...} cumulative,
 *  name_sum, name_count. labels: text already formatted (`route="/x"`), or NULL/"" for none. The # HELP and
 *  # TYPE lines are the caller's (once per metric name). */
void hist_write(buf *out, const char *name, const char *labels, const hist *h);
/** Appends s escaped as a Prometheus label value (backslash, double quote, newline). */
void hist_label_escape(buf *out, const char *s);

#endif
