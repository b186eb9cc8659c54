/* notify.h - notifications to applicants and officers (e-mail, SMS, in-app), produced from the journal.
 *
 * A journal entry that a person should hear about (the table of rules in notify.c: a dossier received,
 * a supplement asked, a fee due, the result ready, an apology for lateness, a feedback answered, a task due
 * or overdue) puts, in the entry's own transaction, one outbox message per channel and recipient: the
 * applicant's e-mail and phone and, for an account, the in-app list; the officers of a task's lead unit in
 * the app and by e-mail. Each message names its template (event@version: the version in force when it was
 * put, meta notify_templates_version) and carries a flat JSON payload of only what the message needs (codes,
 * names, dates, amounts, the path of the tracking page with its key), never an ID number or an address.
 * Opt-outs (an address's hash) and each account's channel preferences are honoured when the message is put;
 * the transports check opt-outs again when they send (net/). */
#ifndef MC_NOTIFY_H
#define MC_NOTIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "journal.h"
#include "store.h"
#include "timeutil.h"

/** An event and the payload fields its templates may use (placeholders {{field}}). */
typedef struct {
    const char *event;           /**< "received", "supplement", "fee", "result", "late", "feedback", "task_due", ... */
    const char *label;           /**< Vietnamese, for lists */
    const char *const *fields;   /**< NULL-terminated */
    const char *const *channels; /**< the channels it may go to, NULL-terminated */
} notify_event;

/** The events (a table), *n gets how many. */
const notify_event *notify_events(size_t *n);
/** The event named `name`, or NULL. */
const notify_event *notify_event_find(const char *name);
/** True when field is a placeholder the event's templates may use on channel (the event's fields, plus
 *  "link" everywhere and "unsubscribe" in e-mail: both filled by the transport). */
bool notify_field_ok(const notify_event *ev, const char *channel, const char *field);

/** The outbox's producer of notifications: puts, inside w, the messages that entry e (just appended)
 *  calls for. */
mc_err notify_on_journal(store_conn *w, const journal_entry *e, mc_error *err);

/** The template version messages are put with now (meta notify_templates_version, 1 when unset). */
int notify_template_version(store_conn *c);
/** Records that template set `version` is loaded and valid: messages are put with the highest such
 *  version from now on (never lowered). */
mc_err notify_template_version_publish(store *s, int version, mc_error *err);

/** Writes the normal form of an address of channel ("email": trimmed, lower case; "sms": digits only, a
 *  leading 84 or +84 becomes 0) into out. False when it is not a plausible address. */
bool notify_address_normal(const char *channel, const char *address, char *out, size_t size);
/** The opt-out key of an address: BLAKE2b-256 (hex) of channel ":" its normal form. False as above. */
bool notify_address_hash(const char *channel, const char *address, char out[65]);
/** *out: the address opted out of channel. */
mc_err notify_opted_out(store_conn *c, const char *channel, const char *address, bool *out, mc_error *err);
/** A signed opt-out token for the address (no address in it: the channel, its hash and a MAC with the key
 *  kept in meta notify_optout_key, created on first use), in out (NOTIFY_TOKEN_MAX bytes). */
#define NOTIFY_TOKEN_MAX 112
mc_err notify_optout_token(store *s, const char *channel, const char *address, char out[NOTIFY_TOKEN_MAX],
                           mc_error *err);
/** Checks a token; MC_ERR_INVALID (in Vietnamese) when it is not one motcua signed. channel gets "email" or
 *  "sms" (8 bytes), hash the address's hash. */
mc_err notify_optout_check(store_conn *c, const char *token, char channel[8], char hash[65], mc_error *err);
/** Records the opt-out of a token (idempotent). */
mc_err notify_optout_apply(store *s, const char *token, mc_time now, mc_error *err);
/** *out: the address hash has opted out. */
mc_err notify_optout_has(store_conn *c, const char *hash, bool *out, mc_error *err);

/** One account's channels. */
typedef struct {
    bool email, sms, inapp;
} notify_prefs;
/** The preferences of user_id (all on when never set). */
mc_err notify_prefs_get(store_conn *c, int64_t user_id, notify_prefs *out, mc_error *err);
/** Sets them. */
mc_err notify_prefs_set(store *s, int64_t user_id, const notify_prefs *p, mc_time now, mc_error *err);

/** One in-app notification. Strings in the arena. */
typedef struct {
    int64_t id;
    const char *event, *title, *body, *link;
    mc_time created_at, read_at; /**< read_at 0: unread */
} notify_item;
/** Stores the in-app notification of outbox message outbox_id (once: a repeat is ignored). */
mc_err notify_inapp_save(store *s, const char *tenant, int64_t user_id, int64_t outbox_id, const char *event,
                         const char *title, const char *body, const char *link, mc_time now, mc_error *err);
/** The newest `limit` notifications of user_id and how many are unread. Array in the arena. */
mc_err notify_inapp_list(store_conn *c, arena *a, int64_t user_id, int limit, notify_item **out, size_t *n,
                         int64_t *unread, mc_error *err);
/** Marks notification id of user_id read. MC_ERR_NOT_FOUND when it is not theirs. */
mc_err notify_inapp_read(store *s, int64_t user_id, int64_t id, mc_time now, mc_error *err);

/** Most officers of a task's lead unit told of it (the first by id). */
#define NOTIFY_TASK_OFFICERS_MAX 50
/** Longest in-app list one request returns. */
#define NOTIFY_LIST_MAX 100
#endif
