/* index766_months.h - the Decision 766 index's monthly sums (migration 23), kept exact by the changes.
 *
 * Each received root dossier is counted in one row of i766_months: the local months of its receipt, decision
 * and return (0 while not yet), its competent unit and procedure, and what the index counts of it (online,
 * fee, paid by a matched transfer, a component as a file, result returned electronically, decided on time,
 * seconds to decide). What was counted of each dossier is kept in i766_counted, so that a refresh takes back
 * the old row and adds the new one whatever changed (a payment matched, a file attached, a decision, a
 * return). index766_compute reads the sums for a period of whole months, and the dossiers not decided by its
 * end from the dossiers themselves (their "on time" depends on the moment asked). */
#ifndef MC_INDEX766_MONTHS_H
#define MC_INDEX766_MONTHS_H
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "journal.h"
#include "store.h"

/** Brings dossier `id`'s count in the sums up to date inside w (nothing when it is unchanged). */
mc_err index766_months_refresh(store_conn *w, const char *tenant, int64_t id, mc_error *err);
/** The journal's hook: refreshes the count of entry e's dossier, if any. */
mc_err index766_months_on_journal(store_conn *w, const journal_entry *e, mc_error *err);
/** Whether the sums are built (a period of whole months may read them). */
bool index766_months_built(store_conn *c, mc_error *err);
/** Rebuilds the sums from the dossiers when they were never built or were built by another version of these
 *  rules (meta i766_months_version), or always when force; in one write transaction. *rebuilt gets the
 *  dossiers counted, 0 when the sums were current. */
mc_err index766_months_rebuild(store *s, bool force, int64_t *rebuilt, mc_error *err);
#endif
