/* journal_act.h - the journal entry of an officer's change to a record that is not a dossier
 * (feedback, inspections, legal documents, tasks, PAR INDEX rounds ...): one call instead of
 * filling a journal_entry by hand in every module. */
#ifndef MC_JOURNAL_ACT_H
#define MC_JOURNAL_ACT_H

#include <stdint.h>

#include "err.h"
#include "journal.h"
#include "perm.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

/** The name of the first of by's roles that the permission table grants `act` ("officer" if none):
 *  the role the entry says the change was made in. */
const char *journal_act_role(const user *by, perm_action act);

/** Appends, inside w, the entry of a change of state of record (subject, id) of `tenant`'s chain,
 *  made by `by` (their unit) acting under `act`: action, states from → to (either NULL) and a note. */
mc_err journal_act(store_conn *w, const char *tenant, const char *subject, int64_t id, const user *by, perm_action act,
                   const char *action, const char *from, const char *to, const char *note, mc_time now, mc_error *err);

#endif
