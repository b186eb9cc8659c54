/* notify.h - notifications to applicants and officers (e-mail, SMS, in-app), produced from the journal. */
#ifndef MC_NOTIFY_H
#define MC_NOTIFY_H
#include "err.h"
#include "journal.h"
#include "store.h"

/** The outbox's producer of notifications: puts, inside w, the messages that entry e (just appended)
 *  calls for. */
mc_err notify_on_journal(store_conn *w, const journal_entry *e, mc_error *err);
#endif
