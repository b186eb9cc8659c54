/* journal.h - the append-only journal of every dossier transition.
 *
 * Each entry carries the BLAKE2b-256 hash of the entry before it in its
 * tenant's chain (across all dossiers of the province) and its own hash over
 * that and its fields, so that changing or removing any entry breaks the
 * chain from there on. One chain per tenant lets provinces write at once. The store refuses UPDATE
 * and DELETE on the table; journal_verify finds what was changed anyway. */
#ifndef MC_JOURNAL_H
#define MC_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** One entry. Strings live in the caller's arena (or are borrowed on append). */
typedef struct {
    int64_t id, dossier_id;
    const char *tenant;  /**< the dossier's: the chain the entry belongs to */
    mc_time at;
    int64_t user_id;     /**< 0 for motcua itself */
    const char *actor;   /**< username, or "motcua" */
    const char *role;    /**< role acted in */
    const char *unit_code;
    const char *action, *from_state, *to_state;
    int step_seq;        /**< step of the template the entry closes or opens; 0 = none */
    const char *step_name;
    mc_time step_due_at; /**< 0 = none */
    const char *timing;  /**< "early" | "on_time" | "late" | NULL */
    const char *to_unit_code; /**< where the file went, if it moved */
    const char *note;
    char prev_hash[65], hash[65];
} journal_entry;

/** Appends e inside write transaction w, filling hash (and prev_hash, read
 * from the last entry, unless the caller set it to the hash of the entry it
 * appended just before in the same transaction). */
mc_err journal_append(store_conn *w, journal_entry *e, mc_error *err);
/** The entries of one dossier, oldest first. Array in the arena. */
mc_err journal_of(store_conn *c, arena *a, int64_t dossier_id, journal_entry **out, size_t *n,
                  mc_error *err);
/** Recomputes the chains: the entries written before migration 7 as one
 * chain in id order, then each tenant's (tenants in the order of their codes).
 * *checked gets the number of entries checked and *first_bad the id of the
 * first entry found whose hash or link does not match (0 when all are intact). */
mc_err journal_verify(store_conn *c, int64_t *checked, int64_t *first_bad, mc_error *err);

#endif
