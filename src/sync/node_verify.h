/* node_verify.h - the province checks what it holds of a commune node's chain (docs/NODE.md §4; `motcua node
 * verify`): node_journal, kept verbatim, chains from the start (every link and hash recomputed, seqs 1..n without a
 * gap, its last entry the one the node was told it holds); every entry applied was re-appended into the province's
 * chain exactly once, with its origin "KK:seq:hash"; no other entry claims to come from the node; every entry in
 * conflict points to a recorded conflict. `journal verify` proves each chain whole; this proves the two chains say
 * the same thing. */
#ifndef MC_NODE_VERIFY_H
#define MC_NODE_VERIFY_H

#include <stdint.h>

#include "err.h"
#include "store.h"

/** What node_verify found. */
typedef struct {
    int64_t entries, applied, conflicts, local; /**< node_journal rows, by status */
    int64_t bad_seq;                            /**< the first seq at fault; 0 when none is (see problem) */
    char problem[300];                          /**< "" when all holds; else what does not, in Vietnamese */
} node_verify_report;

/** Checks node `number` of `tenant` on c. MC_OK whether or not all holds (out->problem says); an error only when
 *  the store fails. */
mc_err node_verify(store_conn *c, const char *tenant, int number, node_verify_report *out, mc_error *err);

#endif
