/* node_sync.h - a commune node's exchange with its province (docs/NODE.md §4): one thread that, every interval
 * and at once when woken, asks the province how much of the node's chain it holds, checks that against its own
 * chain, and pushes what waits, whole transactions at a time, until nothing does. A failure (no network, a
 * timeout, an answer the province did not sign, a 5xx) backs off, doubling from 1 s to retry_max, and starts again
 * from the province's state: nothing is lost or applied twice, whatever was cut where (node_apply.h). A node whose
 * chain differs from what the province holds stops exchanging and says so. */
#ifndef MC_NODE_SYNC_H
#define MC_NODE_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "node_client.h"
#include "store.h"

/** How the exchange runs. */
typedef struct {
    int interval_s;   /**< between rounds when all is well (default 30) */
    int retry_max_s;  /**< the longest wait after failures (default 300) */
    int batch;        /**< entries per push at most (default 200) */
    size_t max_bytes; /**< about this much payload per push (default 512 KiB, under the province's 1 MiB) */
    int reference_every_s; /**< how often the reference data's digest is compared (default 300) */
    const char *files_dir; /**< where the node keeps dossiers' files (node_files.h; default "var/files") */
} node_sync_config;

/** Defaults. */
node_sync_config node_sync_config_default(void);

/** What one round found. */
typedef struct {
    int64_t acked_seq; /**< what the province holds of the node's chain */
    int64_t waiting;   /**< entries not yet acknowledged */
    int pushes;        /**< push requests made */
    int pulled;        /**< dossiers written from the province */
    bool refreshed;    /**< the reference data changed and was brought up to date */
    bool stopped;      /**< the chains differ: exchange stopped */
} node_sync_status;

/** One round on client c: the state, then push while anything waits. */
mc_err node_sync_round(const node_client *c, const node_sync_config *cfg, node_sync_status *st, mc_error *err);

typedef struct node_sync node_sync;
/** Starts the exchange thread (c copied; its key and store must outlive it). */
mc_err node_sync_start(const node_client *c, const node_sync_config *cfg, node_sync **out, mc_error *err);
/** Wakes the thread for a round now (after a local change). NULL is a no-op. */
void node_sync_kick(node_sync *s);
/** Stops and frees the thread. NULL is a no-op. */
void node_sync_stop(node_sync *s);

#endif
