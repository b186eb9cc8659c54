/* node_outq.h - a commune node's queue of changes for its province (docs/NODE.md §4). In a node's database the
 * journal's hook writes here instead of the outbox (the province sends the messages when it applies the change):
 * one row per journal entry, in the entry's transaction, so a row exists exactly when its change committed. A
 * row's seq is the entry's place in the node's chain (1, 2, ...), txn the seq of the first entry of its
 * transaction; its payload holds the entry's hashed fields and, for a dossier's entry, the dossier as that
 * transaction left it (node_image.h). Rows are kept after the province acknowledged them. */
#ifndef MC_NODE_OUTQ_H
#define MC_NODE_OUTQ_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "journal.h"
#include "store.h"
#include "timeutil.h"

/** Makes node_outq_on_journal the journal's node queue (journal_set_node_queue): every program that may open a
 *  node's database calls it at start. */
void node_outq_install(void);
/** Queues e (appended just now inside w) for the province. */
mc_err node_outq_on_journal(store_conn *w, const journal_entry *e, mc_error *err);
/** The payloads waiting after seq `after`, oldest first, whole transactions only: at most `max` entries and about
 *  `max_bytes` of payload, except that a first transaction larger than that goes alone. *out a new JSON array
 *  (empty when nothing waits); *last the seq of its last entry. */
mc_err node_outq_batch(store_conn *c, int64_t after, int max, size_t max_bytes, json_t **out, int64_t *last,
                       mc_error *err);
/** Entries waiting after seq `after`. */
mc_err node_outq_waiting(store_conn *c, int64_t after, int64_t *n, mc_error *err);
/** Marks the rows up to seq acknowledged by the province, at now. */
mc_err node_outq_ack(store *s, int64_t seq, mc_time now, mc_error *err);
/** Seconds without an exchange after which a node counts as offline (docs/NODE.md §8). */
#define NODE_OFFLINE_AFTER 120

/** Where a dossier was received, when a commune node received it: the node's number, whether it was offline
 *  (no exchange with the province in the NODE_OFFLINE_AFTER seconds before), and when. 0 when the province itself
 *  received it. Read on either side (the province copies it when it applies the intake). */
mc_err node_origin_of(store_conn *c, const char *tenant, int64_t dossier_id, int *node, bool *offline, mc_time *at,
                      mc_error *err);
/** The entry of a payload as the journal entry it was (strings borrowed from the JSON); false when it is not one. */
bool node_outq_entry(json_t *entry, journal_entry *out);

/** How a commune node stands with its province, for the banner of its pages (docs/NODE.md §8). */
typedef struct {
    mc_time last_exchange; /**< the end of the last complete exchange; 0: none yet */
    bool online;           /**< an exchange ended in the NODE_OFFLINE_AFTER seconds before now */
    int64_t waiting;       /**< entries the province has not acknowledged */
} node_here_status;
/** The status of the node whose database c is, at now. */
mc_err node_outq_status(store_conn *c, mc_time now, node_here_status *out, mc_error *err);

#endif
