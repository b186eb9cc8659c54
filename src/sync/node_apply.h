/* node_apply.h - the province applies what a commune node pushed (docs/NODE.md §4, §6).
 *
 * A push is the node's queue rows (node_outq.h) from `from` on. The province keeps the node's chain verbatim
 * (node_journal, append-only) after checking every link and hash; entries it has already (seq at or below what
 * it acknowledged) are compared: the same hash is a repeated delivery and skipped, another hash is a fork, and
 * the node is suspended. Then one transaction per node transaction: each dossier it touched is classified
 *   A1  its unit was not on this node when the node acted: nothing applied (cao);
 *   K1  the dossier was stopped at the province meanwhile (the applicant withdrew online): not applied;
 *   K5  anyone else acted on it at the province since the node's copy: the province's state stands;
 * and otherwise applied: the node's image of the dossier written over the province's copy (node_image.h), then each
 * node entry re-appended into the province's chain with its origin ("KK:seq:hash"), so that every hook (report
 * II.06a, the 766 index, the inbox, the messages to the applicant and the national portal) runs as for a change
 * made here. A dossier the node received with another calendar than the province's (cal, the one deadlines are
 * computed with here; compared by digest) gets its appointment computed again (rule F3: applied, and reported).
 * What is not applied is kept in node_journal (status "conflict") and reported in node_conflicts for an
 * officer to read; nothing is dropped. */
#ifndef MC_NODE_APPLY_H
#define MC_NODE_APPLY_H

#include <jansson.h>
#include <stdint.h>

#include "calendar.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** Applies `entries` (an array of queue payloads, seq from `from` on, contiguous) pushed by node `number` of
 *  `tenant`. *answer (new reference): {"acked_seq", "acked_hash", "txns": [{"txn", "result": "applied" |
 *  "duplicate" | "conflict", "conflict_id"}]}. MC_ERR_CONFLICT with field "from" (a gap: the answer says where to
 *  resume), "hash" (a fork or a broken chain: the node is suspended) or "node" (a suspended node). */
mc_err node_apply_push(store *s, const calendar *cal, const char *tenant, int number, json_t *entries, int64_t from,
                       mc_time now, json_t **answer, mc_error *err);

#endif
