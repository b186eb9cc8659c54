/* portal_sync.h - the exchange with the national portal (Cổng DVCQG, TT 04/2025/TT-VPCP; docs/PORTAL.md),
 * produced from the journal: each dossier's creation, each change of its national status code, its result,
 * an extension of its due date and its rating become one message of the outbox's "portal" channel, in the
 * change's transaction, ordered per dossier (ordkey "dossier:<id>"). A transport (net/portal.c) delivers
 * them; what the portal acknowledged feeds the reconciliation report and indicator 1.4 of Decision 766. */
#ifndef MC_PORTAL_SYNC_H
#define MC_PORTAL_SYNC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "journal.h"
#include "store.h"
#include "timeutil.h"

/** The outbox channel of the portal's messages. */
#define PORTAL_CHANNEL "portal"

/** The outbox's producer of the portal's messages: puts, inside w, the message that entry e (just
 *  appended) calls for, if any (dossier entries only: subject NULL; partner dossiers of liên thông are
 *  part of their lead dossier and are not sent). */
mc_err portal_on_journal(store_conn *w, const journal_entry *e, mc_error *err);

/** The event a dossier entry calls for ("created", "status", "result", "returned", "extend", "rating"),
 *  or NULL when the portal is not told of it: the rules as a table, over the entry's action and states
 *  alone (pure; for tests). */
const char *portal_event_of(const journal_entry *e);

/** Writes t as the exchange writes times: yyyyMMddHHmmss in Vietnam's time (UTC+7). out[15]. */
void portal_time_format(mc_time t, char out[15]);

/** One dossier whose messages to the portal are not all acknowledged. Strings in the caller's arena. */
typedef struct {
    const char *code, *procedure_code, *unit_code, *unit_name; /**< unit: the competent unit */
    mc_time submitted_at;
    int64_t pending, dead; /**< its unacknowledged messages, by state */
    /* the oldest unacknowledged message (the one the others of the dossier wait behind) */
    const char *event; /**< portal_event_of's name */
    int status;        /**< the national status code it carries (1–10) */
    const char *state; /**< "pending" | "dead" */
    int attempts;
    mc_time since;          /**< when it was put */
    const char *last_error; /**< what the portal or the network answered last, or NULL */
    const char *why;        /**< in Vietnamese: why it is not acknowledged */
} portal_recon_row;

/** The dossiers of tenant whose competent unit lies under unit_path and which were submitted in
 *  [from, to), whose portal messages are not all acknowledged (pending or dead), oldest first. Array in
 *  the arena. */
mc_err portal_reconciliation(store_conn *c, arena *a, const char *tenant, const char *unit_path, mc_time from,
                             mc_time to, portal_recon_row **out, size_t *n, mc_error *err);

/** True when the province (tenant) has a working connection to the portal: the portal acknowledged at
 *  least one of its messages. Before that, what is synced is "not recorded" (indicator 1.4). */
mc_err portal_connected(store_conn *c, const char *tenant, bool *out, mc_error *err);

/** For each competent unit under unit_path (SQL LIKE pattern path%) of `tenant` (the subtree's), the root
 *  dossiers received in [from, to) whose creation message the portal acknowledged: calls add(ctx, unit id,
 *  count). */
mc_err portal_synced_by_unit(store_conn *c, const char *like, const char *tenant, mc_time from, mc_time to,
                             void (*add)(void *ctx, int64_t unit_id, int64_t n), void *ctx, mc_error *err);

/** The meta key holding the `since` of the last catalog pull (portal_catalog_since_*). */
#define PORTAL_CATALOG_SINCE_KEY "portal_catalog_since"
/** Reads the `since` of the next catalog pull into out (size n; "" when never pulled). */
mc_err portal_catalog_since_get(store_conn *c, char *out, size_t n, mc_error *err);
/** Records, inside w, the `since` the portal gave for the next pull. */
mc_err portal_catalog_since_set(store_conn *w, const char *since, mc_error *err);
#endif
