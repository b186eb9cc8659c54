/* inbox.h - the officers' inbox kept by the changes (migration 24), so that its counts and its first pages cost
 * the same at 100 or 125,000 open dossiers.
 *
 * inbox_items holds each dossier that some officer may move on, in the inbox of the unit where it is (the
 * holder while received, processing or at a partner; the receiving unit at the counter otherwise), with the
 * roles that may move it (dossier_movers: any officer of the unit with the role, or only the one holding its
 * step), its appointment, and its deadline while that runs. inbox_counts sums them per unit, movers, holder
 * and local day of the running deadline. The four deadline classes (overdue, due today, due within two working
 * days, on track) then come from a few count rows, the dossiers due on the two days whose classes split at a
 * time of day (today, and the day the "due soon" window ends), and the paused ones (their appointment moves
 * with time); a page comes from the items by deadline, through an index, up to its last line.
 *
 * dossier_inbox (dossier.h) is the reference: it reads every open dossier of the unit. inbox_list answers the
 * same from the index when it is built and no search or state filter is asked (tests/unit/domain/test_inbox.c
 * compares the two on a generated history). */
#ifndef MC_INBOX_H
#define MC_INBOX_H
#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "dossier.h"
#include "err.h"
#include "journal.h"
#include "store.h"

/** Brings dossier `id`'s line of the inbox index up to date inside w (nothing when it is unchanged). */
mc_err inbox_refresh(store_conn *w, const char *tenant, int64_t id, mc_error *err);
/** The journal's hook: refreshes the line of entry e's dossier, if any. */
mc_err inbox_on_journal(store_conn *w, const journal_entry *e, mc_error *err);
/** Whether the index is built (inbox_list may read it). */
bool inbox_built(store_conn *c, mc_error *err);
/** Rebuilds the index from the dossiers when it was never built or was built by another version of these
 *  rules (meta inbox_index_version), or always when force; in one write transaction. *rebuilt gets the
 *  dossiers indexed, 0 when the index was current. */
mc_err inbox_rebuild(store *s, bool force, int64_t *rebuilt, mc_error *err);
/** The inbox as dossier_inbox gives it (same arguments, same answer), from the index when it is built, no
 *  state or search filter is asked and the actor acts only as an officer; otherwise by dossier_inbox. */
mc_err inbox_list(store_conn *c, arena *a, const ds_actor *who, const calendar *cal, mc_time now, const char *cls,
                  const char *state, const char *q, int64_t offset, int64_t limit, ds_inbox *out, mc_error *err);
#endif
