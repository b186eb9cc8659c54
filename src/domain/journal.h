/* journal.h - the append-only journal of every dossier transition.
 *
 * Each entry carries the BLAKE2b-256 hash of the entry before it in its
 * tenant's chain (across all dossiers of the province) and its own hash over
 * that and its fields, so that changing or removing any entry breaks the
 * chain from there on. One chain per tenant lets provinces write at once. The store refuses UPDATE
 * and DELETE on the table; journal_verify finds what was changed anyway, unless every following
 * hash was recomputed too: signed checkpoints of the chain heads kept outside the database
 * (journal_anchor.h) find that.
 *
 * Two encodings of an entry for its hash: the first (fields as text, 0x1f after each) is
 * ambiguous when a field holds 0x1f; entries from meta journal_hash_v2_from on use the second
 * (a fixed prefix, then each field typed and length-prefixed, see journal.c). */
#ifndef MC_JOURNAL_H
#define MC_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "perm.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

/** One entry. Strings live in the caller's arena (or are borrowed on append). */
typedef struct journal_entry_s {
    int64_t id, dossier_id;
    const char *tenant; /**< the dossier's: the chain the entry belongs to */
    mc_time at;
    int64_t user_id;   /**< 0 for motcua itself */
    const char *actor; /**< username, or "motcua" */
    const char *role;  /**< role acted in */
    const char *unit_code;
    const char *action, *from_state, *to_state;
    int step_seq; /**< step of the template the entry closes or opens; 0 = none */
    const char *step_name;
    mc_time step_due_at;      /**< 0 = none */
    const char *timing;       /**< "early" | "on_time" | "late" | NULL */
    const char *to_unit_code; /**< where the file went, if it moved */
    const char *note;
    /** NULL: the entry is a dossier's (dossier_id). Otherwise the kind of record it is about
     * ("feedback", "inspection", ...) and that record's id, with dossier_id 0: one chain per
     * tenant holds every change of state, whatever it changes. */
    const char *subject;
    int64_t subject_id;
    /** NULL for an entry made here. An entry a commune node made and the province re-appended into its own
     * chain (docs/NODE.md §4): "KK:seq:hash", the node's number and the entry's place and hash in the node's
     * chain (node_journal). Hashed (second encoding, after a tag of its own). */
    const char *origin;
    /** A dossier's entry: the dossier as the transaction has just written it, when the appender holds it whole
     * (domain/dossier.c's transitions do). The hooks that follow the entry (outbox, inbox) take what they need
     * from it instead of reading the row again. NULL: they read the row. Never stored. */
    const struct dossier_s *dossier;
    char prev_hash[65], hash[65];
} journal_entry;

/** What follows an entry inside its transaction. */
typedef mc_err (*journal_hook)(store_conn *w, const journal_entry *e, mc_error *err);
/** Sets what a commune node's database (code_space_issuer_here > 0) does with each entry instead of the outbox:
 *  queue it for the province (src/sync/node_outq.h; the program sets it at start, node_outq_install). An append on a
 *  node's database without it fails: a node must never send messages itself. */
void journal_set_node_queue(journal_hook fn);
/** Where a commune node keeps the province's entries on a dossier it pulled (entries it did not make): fills *out
 *  (arena a) and *n, oldest first. */
typedef mc_err (*journal_history_fn)(store_conn *c, arena *a, const char *tenant, int64_t dossier_id,
                                     journal_entry **out, size_t *n, mc_error *err);
/** Sets it (a node serving: src/sync/node_pull.h); journal_of then gives a dossier's whole timeline, the province's
 *  entries and the node's merged by time. NULL: none (the province, and commands). */
void journal_set_history(journal_history_fn fn);
/** Records, once per database, the id from which entries are hashed with the second encoding
 * (meta journal_hash_v2_from = the last id + 1). Call after opening the store and before any
 * append (cli_open does); appends use the first encoding while it is not recorded. */
mc_err journal_prepare(store *s, mc_error *err);
/** The hash of e (given its prev_hash) in the given encoding (1 or 2), as 64 hex digits. */
void journal_entry_hash(const journal_entry *e, int encoding, char out[65]);

/** Appends e inside write transaction w, filling hash (and prev_hash, read
 * from the last entry, unless the caller set it to the hash of the entry it
 * appended just before in the same transaction). */
mc_err journal_append(store_conn *w, journal_entry *e, mc_error *err);
/** Appends inside w the entry of a change to a record of another kind than a dossier (`subject`,
 * `id`, journal_entry.subject) made by `by`, in the first of their roles that grants `act`
 * ("officer" when none does); by NULL: motcua itself (user 0, actor "motcua", role "system", no
 * unit). to_unit: where the record went, or NULL. subject NULL: an administrator's act on dossier `id`
 * that is no step of its processing (a take-back from a commune node, nodes.h). */
mc_err journal_record(store_conn *w, const char *tenant, const char *subject, int64_t id, const user *by,
                      perm_action act, const char *action, const char *from, const char *to, const char *to_unit,
                      const char *note, mc_time now, mc_error *err);
/** Reads the current row of r into e (strings in a): the columns id, dossier_id, at, user_id, actor, role,
 *  unit_code, action, from_state, to_state, step_seq, step_name, step_due_at, timing, to_unit_code, note, prev_hash,
 *  hash, tenant, subject, subject_id, origin, in that order (as the journal's queries select them; node_journal's
 *  reader selects its seq as id and NULL as origin). */
void journal_read_entry(store_rows *r, arena *a, journal_entry *e);
/** The entries of one dossier, oldest first. Array in the arena. */
mc_err journal_of(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, journal_entry **out, size_t *n,
                  mc_error *err);
/** The entries about one record of another kind than a dossier (journal_entry.subject) of `tenant`,
 * oldest first. Array in the arena. */
mc_err journal_of_subject(store_conn *c, arena *a, const char *tenant, const char *subject, int64_t subject_id,
                          journal_entry **out, size_t *n, mc_error *err);
/** Recomputes the chains: the entries written before migration 7 as one
 * chain in id order, then each tenant's (tenants in the order of their codes).
 * *checked gets the number of entries checked and *first_bad the id of the
 * first entry found whose hash or link does not match (0 when all are intact). */
mc_err journal_verify(store_conn *c, int64_t *checked, int64_t *first_bad, mc_error *err);

/** A checkpoint of one chain: its head as it was when the anchor was signed. */
typedef struct {
    bool legacy;       /**< the chain of the entries written before migration 7 */
    const char *chain; /**< tenant code (ignored when legacy) */
    int64_t last;      /**< id of the chain's last entry */
    int64_t count;     /**< entries of the chain up to and including `last` */
    char head[65];     /**< hash of entry `last` */
} journal_anchor;

/** What a verification found first. */
typedef enum {
    JOURNAL_INTACT = 0,
    JOURNAL_BAD_HASH,       /**< an entry's hash or link does not match its fields */
    JOURNAL_WRONG_TENANT,   /**< an entry is filed in another chain than its dossier's */
    JOURNAL_ANCHOR_HASH,    /**< the entry at an anchored id holds another hash than anchored */
    JOURNAL_ANCHOR_COUNT,   /**< the chain holds another number of entries up to the anchored id */
    JOURNAL_ANCHOR_MISSING, /**< the chain has no entry at the anchored id any more */
} journal_fault;

/** The outcome of journal_verify_anchored. */
typedef struct {
    int64_t checked;         /**< entries whose hash was recomputed */
    journal_fault fault;     /**< the first fault found (JOURNAL_INTACT: none) */
    int64_t first_bad;       /**< the id of the entry at fault (the anchored id for anchor faults) */
    size_t anchor;           /**< for anchor faults: the index of the anchor in the array given */
    int64_t found_count;     /**< for JOURNAL_ANCHOR_COUNT: entries found up to the anchored id */
    int64_t last_good;       /**< for anchor faults: the id of the chain's last anchor that matched before, 0 if none
                                  (what changed lies after it) */
    int64_t anchors_matched; /**< anchors whose entry, hash and count matched */
    int64_t uncovered;       /**< entries after the last anchor of their chain (no anchor protects them yet) */
    int64_t ambiguous;       /**< first-encoding entries with 0x1f inside a field: their field boundaries
                                  could be moved without changing the hash */
    int64_t first_ambiguous; /**< the first of them, 0 if none */
} journal_report;

/** Recomputes every chain as journal_verify does and checks each anchor on the way: the entry at
 * its id is in its chain, holds its hash, and the chain has its count of entries up to there.
 * anchors may be NULL when n is 0. Stops at the first fault, in the order the chains are walked
 * (the legacy chain first, then each tenant's in id order). */
mc_err journal_verify_anchored(store_conn *c, const journal_anchor *anchors, size_t n, journal_report *rep,
                               mc_error *err);

/** journal_verify_anchored for one tenant's chain (a province's code; NULL: every chain), and the
 * chain of the entries written before migration 7 if any. Anchors of other tenants' chains are
 * ignored. On a Citus cluster the tenant's reads go to its own shard group. */
mc_err journal_verify_tenant(store_conn *c, const char *tenant, const journal_anchor *anchors, size_t n,
                             journal_report *rep, mc_error *err);

#endif
