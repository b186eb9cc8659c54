/* stats_months.h - report II.06a's monthly sums, kept exact by the journal's hook (migration 22).
 *
 * For each local month, competent and receiving unit and procedure version: the root dossiers received
 * (online, other channels) and decided (early, on time, late; a stop at the applicant's request counts
 * on time), as stats.h defines them. A receipt ("accept") or a decision ("approve", "reject", "stop")
 * adds to its month in the transaction of the change; nothing else changes what these sums count (a
 * root dossier's units, procedure and channel are fixed from its intake, and its deadline no longer
 * moves once decided). stats_ii06a reads them for a period of whole months. */
#ifndef MC_STATS_MONTHS_H
#define MC_STATS_MONTHS_H
#include <stdint.h>

#include "err.h"
#include "journal.h"
#include "store.h"
#include "timeutil.h"

/** The month of local day d as yyyymm (e.g. 202603). */
int stats_month_of(mc_day d);
/** The journal's hook: adds, inside w, what entry e (just appended, its dossier row already written)
 *  changes in the sums. */
mc_err stats_months_on_journal(store_conn *w, const journal_entry *e, mc_error *err);
/** Rebuilds the sums from the dossiers when they were never built or were built by another version of
 *  these rules (meta stats_months_version), or always when force; in one write transaction. *rebuilt
 *  gets the dossiers counted, 0 when the sums were current. */
mc_err stats_months_rebuild(store *s, bool force, int64_t *rebuilt, mc_error *err);
/** Dossiers summed per chunk of a rebuild (default 65,536: SQLite keeps the chunk in memory); for tests. */
void stats_months_set_chunk(int64_t n);
#endif
