/* outbox.h - messages to people and systems, written with the change that causes them, sent later.
 *
 * A change of state appends its journal entry (journal_append); in the same transaction the entry is
 * offered to each producer (outbox_on_journal: notifications to the applicant or officers, the national
 * portal's exchange), which may put messages in the outbox. So a message exists if and only if its change
 * was committed. A worker (outbox_worker.c) then leases due messages, sends each through its channel's
 * transport with no transaction open, and marks it sent, or schedules a retry with backoff, or, after the
 * channel's last attempt, files it as dead for an administrator to send again.
 *
 * Delivery is at least once and at most twice per crash: a worker killed between sending and marking
 * leaves its lease to expire, and the message is sent again by whoever leases it next. The mark is
 * conditional on holding the lease, so a message is marked once whatever the number of processes. Each
 * message carries its id for the receiver to recognise a repeat (the e-mail's Message-ID, the portal's
 * message id). A channel that needs order (the portal) gets the messages of one `ordkey` one at a time,
 * oldest first: a message waits until every older one of its key is sent. */
#ifndef MC_OUTBOX_H
#define MC_OUTBOX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

struct journal_entry_s;

/** A message to put in the outbox. Strings are borrowed for the call. */
typedef struct {
    const char *tenant;    /**< the province whose change caused it */
    const char *channel;   /**< "email" | "sms" | "inapp" | "portal" | ... (a transport's name) */
    const char *event;     /**< what happened, e.g. "received", "supplement", "status" */
    const char *dedup;     /**< unique per tenant: a second put with the same key is a no-op */
    const char *ordkey;    /**< NULL, or the key whose messages the channel takes in order */
    int64_t dossier_id;    /**< 0: none */
    const char *subject;   /**< NULL, or the kind of record (journal_entry.subject) */
    int64_t subject_id;    /**< with subject */
    const char *recipient; /**< address, phone, user id as text; NULL for a system */
    const char *tmpl;      /**< the template (name@version) the worker renders with, or NULL */
    const char *payload;   /**< JSON text: only what the message needs */
    mc_time at;            /**< created, and first due */
} outbox_msg;

/** Puts m in the outbox inside write transaction w (a duplicate dedup key is ignored). */
mc_err outbox_put(store_conn *w, const outbox_msg *m, mc_error *err);

/** A leased message, as the worker hands it to a transport. Strings live in the worker's arena. */
typedef struct {
    int64_t id;
    const char *tenant, *channel, *event, *ordkey, *subject, *recipient, *tmpl, *payload;
    int64_t dossier_id, subject_id;
    int attempts; /**< including this one */
    mc_time created_at;
} outbox_item;

/** What a transport made of one message. */
typedef enum {
    OUTBOX_SENT,  /**< delivered (and acknowledged, where the channel acknowledges) */
    OUTBOX_RETRY, /**< not now: try again after the backoff */
    OUTBOX_DEAD,  /**< never: refused for good (a malformed address, a message the peer rejects) */
} outbox_result;

/** A channel's transport. send runs with no transaction open; it writes what the peer answered (an
 *  acknowledgement id) to ack, or why it failed to why (both NUL-terminated, truncated to their size). */
typedef struct {
    const char *channel;
    bool ordered;     /**< the messages of one ordkey go one at a time, oldest first */
    int max_attempts; /**< then dead (0: 10) */
    outbox_result (*send)(void *ctx, store *s, const outbox_item *m, char *ack, size_t ack_size, char *why,
                          size_t why_size);
    void *ctx;
} outbox_transport;

/** How the worker leases and retries. */
typedef struct {
    const char *owner; /**< this worker's name in the leases (unique per process) */
    int lease_s;       /**< a lease lasts this long (default 60): a dead worker's messages wait this much */
    int batch;         /**< messages leased at once per channel (default 20) */
    int retry_base_s;  /**< first retry after this, doubling each attempt (default 30) */
    int retry_max_s;   /**< longest wait between attempts (default 3600) */
    unsigned poll_ms;  /**< the worker thread looks for due messages this often (default 1000) */
} outbox_config;

/** The defaults above, with an owner made of the host name and process id. */
outbox_config outbox_config_default(void);

/** Leases up to cfg->batch due messages of transport t (in order for an ordered one), sends each, and
 *  marks it. *handled gets the messages sent, retried or filed dead. */
mc_err outbox_run_channel(store *s, const outbox_transport *t, const outbox_config *cfg, mc_time now, arena *a,
                          int *handled, mc_error *err);
/** outbox_run_channel for each transport; *handled gets the total. */
mc_err outbox_run_once(store *s, const outbox_transport *ts, size_t n, const outbox_config *cfg, mc_time now,
                       int *handled, mc_error *err);

typedef struct outbox_worker outbox_worker;
/** Starts a thread that runs outbox_run_once every cfg->poll_ms (at once again while messages keep coming).
 *  The transports (and what their ctx points to) must outlive the worker. */
mc_err outbox_worker_start(store *s, const outbox_transport *ts, size_t n, const outbox_config *cfg,
                           outbox_worker **out, mc_error *err);
/** Wakes the worker now (a message was put). Safe from any thread; w may be NULL. */
void outbox_worker_kick(outbox_worker *w);
/** Stops the worker after the message it is sending, and joins it. w may be NULL. */
void outbox_worker_stop(outbox_worker *w);

/** One message as an administrator sees it (no payload: it may hold what only the recipient should read). */
typedef struct {
    int64_t id, dossier_id, subject_id;
    const char *tenant, *channel, *event, *state, *subject, *recipient, *last_error, *ack;
    int attempts;
    mc_time created_at, next_at, sent_at;
} outbox_row;

/** The messages of tenant (NULL: every tenant) in state ("pending" | "sent" | "dead"; NULL: any) and
 *  channel (NULL: any), newest first, at most limit. Array in the arena. */
mc_err outbox_list(store_conn *c, arena *a, const char *tenant, const char *state, const char *channel, int limit,
                   outbox_row **out, size_t *n, mc_error *err);
/** Moves dead message id of tenant back to pending, due now, its attempts reset, journaled (subject
 *  "outbox") as done by `by` (NULL: motcua). The caller checks ACT_OUTBOX_MANAGE. MC_ERR_NOT_FOUND: no
 *  such message; MC_ERR_CONFLICT: it is not dead. */
mc_err outbox_resend(store *s, const char *tenant, int64_t id, const user *by, mc_time now, mc_error *err);

/** Unsent messages of one channel: how many pending, how many dead, and when the oldest pending one was
 *  created (0 if none). */
typedef struct {
    char channel[24];
    int64_t pending, dead;
    mc_time oldest;
} outbox_depth;
/** The depth of every channel that has unsent messages, up to max channels; *n gets how many. */
mc_err outbox_depths(store_conn *c, outbox_depth *out, size_t max, size_t *n, mc_error *err);

/** Deletes the messages to people sent before `before` (their recipients' addresses with them): the journal
 *  keeps what happened, the outbox only what is on its way. The national portal's messages stay: they are
 *  the record of what the portal acknowledged (the reconciliation report, indicator 1.4, each dossier's
 *  message sequence) and hold no personal data. *removed gets how many. */
mc_err outbox_purge(store *s, mc_time before, int64_t *removed, mc_error *err);
/** How long sent messages are kept by the server's purge (30 days). */
#define OUTBOX_KEEP_SENT (30 * 86400)

/** The journal's hook: offers entry e, just appended inside w, to every producer of messages. */
mc_err outbox_on_journal(store_conn *w, const struct journal_entry_s *e, mc_error *err);

#define OUTBOX_SUBJECT "outbox"
#endif
