/* portal_sync.h - the exchange with the national portal (Cổng DVCQG), produced from the journal. */
#ifndef MC_PORTAL_SYNC_H
#define MC_PORTAL_SYNC_H
#include "err.h"
#include "journal.h"
#include "store.h"

/** The outbox's producer of the portal's messages: puts, inside w, the message that entry e (just
 *  appended) calls for. */
mc_err portal_on_journal(store_conn *w, const journal_entry *e, mc_error *err);
#endif
