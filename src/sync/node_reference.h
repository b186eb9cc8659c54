/* node_reference.h - the reference data a commune node works with offline (docs/NODE.md §1): the province's unit
 * tree, every procedure of the catalog with its versions, documents, fees and process templates, the calendar,
 * the units' bank accounts, and the officers of the node's units with their password hashes and roles, all with
 * the province's ids so that a dossier made at the node names the same rows at the province. With it, the node's
 * tracking secret (tracking.h) and its units.
 *
 * The snapshot is JSON: {"province", "node", "units": [codes], "tracking_secret", "digest", "tables": [{"name",
 * "columns": [...], "rows": [[text or null, ...], ...]}, ...]}; digest is BLAKE2b-256 of the tables as sent, so a
 * node asks again only when it changed. The catalog is sent whole (a few hundred procedures) rather than only the
 * procedures the node's units may receive: simpler to check, and a unit moved to the node needs nothing more. */
#ifndef MC_NODE_REFERENCE_H
#define MC_NODE_REFERENCE_H

#include <jansson.h>

#include "err.h"
#include "store.h"

/** The snapshot for node `number` of province `tenant` (new reference in *out). */
mc_err node_reference_snapshot(store *s, const char *tenant, int number, json_t **out, mc_error *err);
/** Loads a snapshot into a node's database, in one transaction; its reference tables must still be empty (a new
 *  node). Records in meta what the node is: node_number, node_tenant, node_units, node_reference_digest, and the
 *  tracking secret. MC_ERR_INVALID when the snapshot is not one. */
mc_err node_reference_load(store *s, json_t *snap, mc_error *err);

/** Brings a running node's reference data up to a newer snapshot, in one transaction: every row of the snapshot
 *  written over the node's (an upsert with SQLite's conflict clause; a node is always SQLite), the node's officers' roles
 *  replaced, and an officer absent from the snapshot (moved, or no longer the node's) disabled here, so that a
 *  disabled or moved officer can no longer log in at the node (their sessions end: auth.h). The catalog's and the
 *  calendar's caches reload. */
mc_err node_reference_refresh(store *s, json_t *snap, mc_error *err);

#endif
