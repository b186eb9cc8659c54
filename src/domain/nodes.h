/* nodes.h - the province's registry of commune nodes (docs/NODE.md §3): a node's number (10..99 in its
 * province, never given twice, so that its dossier codes can never collide with another's, code_space.h), its
 * name, the units it serves (node_units keeps when each was on it), its Ed25519 public keys and its state.
 * Registering, revoking and rotating a key are journaled in the province's chain (subject "node", the node's
 * number as the record id). The exchange state (counters, acknowledgements) is written by the exchange
 * (node_auth.h and the push), not here. */
#ifndef MC_NODES_H
#define MC_NODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "keyfile.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

/** The journal's subject of a node's entries. */
#define NODE_SUBJECT "node"
/** The numbers a province may give its nodes. */
#define NODE_NUMBER_MIN 10
#define NODE_NUMBER_MAX 99
/** How long a replaced key still signs after a rotation (seconds): 7 days. */
#define NODE_KEY_OVERLAP (7 * 86400)

/** One key of a node. */
typedef struct {
    const char *key_id;     /**< 16 hex digits (keyfile.h) */
    const char *public_hex; /**< 64 hex digits */
    mc_time added_at;
    mc_time not_after; /**< 0: valid until replaced */
} node_key_info;

/** A node as the registry holds it. Strings in the caller's arena. */
typedef struct {
    const char *tenant;
    int number;
    const char *name;
    const char *state; /**< "active" | "suspended" | "revoked" */
    const char *state_note;
    mc_time created_at, revoked_at, last_seen_at; /**< 0: never */
    int64_t last_counter, acked_seq, head_seq, pending, clock_offset;
    const char *acked_hash, *calendar_digest; /**< NULL: none yet */
    const char **units; /**< codes of the units on it now */
    size_t n_units;
    node_key_info *keys; /**< oldest first */
    size_t n_keys;
} node_info;

/** What a new node is. */
typedef struct {
    int number;
    const char *name;
    const char *const *units; /**< unit codes, at least one, all of one province */
    size_t n_units;
    const keyfile_public *key;
} node_new;

/** Registers a node: the number is free in the units' province (and was never used), the units exist, are
 *  units of one province that `by` manages (NULL: motcua's own command line) and are on no other node, the key
 *  is on no other node. One transaction, journaled ("node.add"). *out gets the node as stored. */
mc_err nodes_add(store *s, arena *a, const node_new *n, const user *by, mc_time now, node_info *out, mc_error *err);
/** The nodes of a province, by number. Array in a. */
mc_err nodes_list(store_conn *c, arena *a, const char *tenant, node_info **out, size_t *n, mc_error *err);
/** One node, with its units and keys; MC_ERR_NOT_FOUND with a Vietnamese message when none. */
mc_err nodes_get(store_conn *c, arena *a, const char *tenant, int number, node_info *out, mc_error *err);
/** Revokes a node at once and for good: every request it signs is refused from now on, its units are free
 *  for another node, its number is never given again. reason is required. Journaled ("node.revoke"). */
mc_err nodes_revoke(store *s, arena *a, const char *tenant, int number, const char *reason, const user *by,
                    mc_time now, node_info *out, mc_error *err);
/** Adds a new key to a node; its other keys stay valid NODE_KEY_OVERLAP more seconds. by NULL: motcua's command
 *  line, or the node itself by a request signed with its current key. Journaled ("node.key"). */
mc_err nodes_rotate(store *s, arena *a, const char *tenant, int number, const keyfile_public *key, const user *by,
                    mc_time now, node_info *out, mc_error *err);
/** Seconds without a request after which the province counts a node offline (docs/NODE.md §8). */
#define NODES_OFFLINE_AFTER 120
/** Whether node n reached the province in the NODES_OFFLINE_AFTER seconds before now. */
bool nodes_online(const node_info *n, mc_time now);
/** A unit whose counter is on a node that is offline now, and since when (its last contact; 0: never). */
typedef struct {
    const char *code;
    mc_time since;
} nodes_offline_unit;
/** The units on nodes offline at now (few: a province's communes), into an arena array. */
mc_err nodes_offline_units(store_conn *c, arena *a, mc_time now, nodes_offline_unit **out, size_t *n, mc_error *err);
/** The node unit `code` (of its province) is on now into *out (strings in a); *found false when none. */
mc_err nodes_of_unit(store_conn *c, arena *a, const char *code, node_info *out, bool *found, mc_error *err);
/** The commune node that owns a dossier now (docs/NODE.md §6): the node its holding unit is on or, before it is
 *  received (submitted, or returned for the intake's supplement), its receiving unit's; 0 for none. Only that node's
 *  counter acts on it; at the province only the applicant's own online requests and motcua's own acts do, until the
 *  node is revoked (which frees its units). */
mc_err nodes_owner_of(store_conn *c, const char *tenant, int64_t receiving_unit_id, int64_t holder_unit_id,
                      bool before_intake, int *node, mc_error *err);
/** Takes dossier `code` back from the commune node that owns it (thu hồi, docs/NODE.md §6): when the node is down
 *  too long, an administrator of its province moves the dossier's holder to `unit_code`, a unit of the province on
 *  no node, so that the province's officers can go on with it; journaled on the dossier (action "take_back", the
 *  reason as note). The node's acts on it made meanwhile are then reported at its next push (rule K2), never
 *  applied. Only a received dossier (its holder is a node unit): MC_ERR_CONFLICT when no node owns it or it has not
 *  been received yet, MC_ERR_INVALID (field "unit") for a unit of another province or on a node, field "reason"
 *  when none is given. *node gets the node it was taken from. */
mc_err nodes_take_back(store *s, arena *a, const char *tenant, const char *code, const char *unit_code,
                       const char *reason, const user *by, mc_time now, int *node, mc_error *err);
/** What /metrics says of one node (docs/NODE.md §8). */
typedef struct {
    char tenant[64];
    int number;
    mc_time last_seen_at;      /**< 0: never */
    int64_t pending;           /**< entries of its chain it reported and the province has not acknowledged */
    int64_t conflicts_open;    /**< its conflicts not yet closed by an officer */
} node_gauge;
/** Every node not revoked, up to max, into out; *n how many. */
mc_err nodes_gauges(store_conn *c, node_gauge *out, size_t max, size_t *n, mc_error *err);
/** Records the head of its chain node `number` reported (only ever upwards). */
mc_err nodes_report_head(store *s, const char *tenant, int number, int64_t head, mc_error *err);
/** Whether province `tenant` has any unit on a node now (a cheap test before nodes_owner_of). */
mc_err nodes_any(store_conn *c, const char *tenant, bool *any, mc_error *err);
/** The tenant that `by` registers nodes in (the province of their unit) into out; NULL after failing when
 *  they have none. */
const char *nodes_tenant_of(store_conn *c, const user *by, char out[64], mc_error *err);

#endif
