/* tracking.h - the secret behind the tracking keys of a commune node's codes (docs/NODE.md §2). The keys themselves:
 * dossier_tracking_key (dossier.h, tracking.c). */
#ifndef MC_TRACKING_H
#define MC_TRACKING_H

#include "err.h"
#include "store.h"

/** The subkey of node `node` of province `tenant`: BLAKE2b-256 keyed with the province's tracking secret over
 *  "motcua-node-tracking/1\n<tenant>\n<node>". The node keeps it as its own tracking secret, so the keys it
 *  prints for its codes are those the province computes for them. */
void tracking_node_subkey(const unsigned char secret[32], const char *tenant, int node, unsigned char out[32]);

/** The subkey of node `node` as 64 hex digits (the province's secret made first if it is missing). */
mc_err tracking_node_secret(store *s, const char *tenant, int node, char out[65], mc_error *err);

#endif
