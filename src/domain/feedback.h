/* feedback.h - citizens' and businesses' feedback (phản ánh, kiến nghị, PAKN; issue 15,
 * ../shared/measurement.md §5): received on the portal (with or without an account), at
 * a counter, by an officer transcribing a phone call, or through the API, optionally about
 * a dossier; each item has a code and a tracking key like a dossier. The handling unit
 * accepts it (classifying it) or refuses it with a reason within the refusal limit,
 * transfers it to the competent unit (the answer limit restarts; the item is counted once,
 * by the unit that holds it), and answers it within the answer limit; the answer is
 * published without personal data when the sender agreed; the sender says whether it
 * satisfied them. The deadline job marks items due soon and escalates overdue ones to the
 * parent unit. Time limits are versioned data (feedback_rules). Every change is in the
 * journal's hash chain (subject "feedback").
 *
 * Who reads what: the sender (their account, or code + key); officers of the handling or
 * receiving unit's tree as perm.h grants; an item about an officer's conduct only the
 * leaders of that officer's unit or of a unit above it, never the officer. */
#ifndef MC_FEEDBACK_H
#define MC_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

/** The journal's subject of feedback entries. */
#define FEEDBACK_SUBJECT "feedback"

/** States: received (waiting for acceptance), accepted (being handled), refused, answered. */
typedef enum { FB_RECEIVED = 0, FB_ACCEPTED, FB_REFUSED, FB_ANSWERED, FB__STATES } fb_state;
/** What an item is about (measurement.md §5: the two topics of the DVCQG, split further). */
typedef enum { FB_TOPIC_REGULATION = 0, FB_TOPIC_HANDLING, FB_TOPIC_CONDUCT, FB_TOPIC_OTHER, FB__TOPICS } fb_topic;
/** How it reached the administration. */
typedef enum { FB_CH_PORTAL = 0, FB_CH_COUNTER, FB_CH_PHONE, FB_CH_API, FB__CHANNELS } fb_channel;

/** "received" | "accepted" | "refused" | "answered"; its Vietnamese label; parse (-1 unknown). */
const char *fb_state_name(fb_state s);
const char *fb_state_label(fb_state s);
int fb_state_parse(const char *s);
/** "regulation" | "handling" | "conduct" | "other"; its Vietnamese label; parse (-1 unknown). */
const char *fb_topic_name(fb_topic t);
const char *fb_topic_label(fb_topic t);
int fb_topic_parse(const char *s);
/** "portal" | "counter" | "phone" | "api"; its Vietnamese label; parse (-1 unknown). */
const char *fb_channel_name(fb_channel c);
const char *fb_channel_label(fb_channel c);
int fb_channel_parse(const char *s);

/** The time limits in working days, as a version of the rules with its legal source. */
typedef struct {
    const char *version, *effective_from, *source;
    int refuse_wd;  /**< accept or refuse after receipt */
    int answer_wd;  /**< answer after receipt or the latest transfer */
    int publish_wd; /**< publish after the answer */
    int remind_wd;  /**< marked "due soon" this many working days before the answer is due */
} feedback_rules;
/** The rules in force on `day` (the latest effective then or before). */
const feedback_rules *feedback_rules_on(mc_day day);

/** One item as read (strings in the arena of the call). */
typedef struct {
    int64_t id;
    const char *tenant, *code, *rules_version;
    fb_state state;
    int topic; /**< fb_topic, -1 not classified yet */
    fb_channel channel;
    const char *sender_name, *sender_address, *sender_phone, *sender_email;
    int64_t sender_user_id; /**< 0: no account */
    bool consent_publish;
    const char *title, *content, *dossier_code;
    const char *receiving_unit_code, *receiving_unit_name, *receiving_unit_path;
    const char *handling_unit_code, *handling_unit_name, *handling_unit_path;
    int64_t concerned_user_id; /**< conduct: the officer concerned, 0 none named */
    const char *concerned_username, *concerned_unit_path;
    int transfers;
    mc_time received_at, assigned_at, refuse_due_at, answer_due_at, decided_at, answered_at, published_at, rated_at;
    const char *refuse_reason, *answer, *answered_by;
    int satisfied;            /**< -1 not said, 0 no, 1 yes */
    const char *alert;        /**< NULL, "due_soon", "overdue" (the deadline job's mark) */
    const char *escalated_to; /**< unit code the overdue item was escalated to, or NULL */
    int64_t recorded_by;      /**< the officer who entered it (counter, phone), 0 otherwise */
} feedback;

/** A new item. */
typedef struct {
    fb_channel channel;
    const char *sender_name, *sender_address, *sender_phone, *sender_email;
    bool consent_publish;
    const char *title, *content;
    const char *dossier_code; /**< optional: from an account, one of the sender's dossiers; from an officer, an
                                   existing dossier; from an anonymous sender, kept as given (checking it would
                                   tell a stranger which codes exist) */
    const char *unit;         /**< the unit addressed (code); officers: their own unit by default */
    const char *topic;        /**< optional suggestion (fb_topic name) */
    const char *concerned;    /**< optional: username of the officer whose conduct it is about */
} feedback_new;

/** Validates and stores a new item with its code and deadlines, journaled (by NULL: anonymous on the
 *  portal or the API; a citizen: their own item; an officer with ACT_FEEDBACK_RECEIVE: entered at the
 *  counter or from a phone call for the unit addressed in their scope). *code in arena a. */
mc_err feedback_submit(store *s, const calendar *cal, const user *by, const feedback_new *in, mc_time now, arena *a,
                       const char **code, mc_error *err);

/** What an officer does to an item. */
typedef enum { FBA_ACCEPT = 0, FBA_REFUSE, FBA_TRANSFER, FBA_ANSWER, FBA__COUNT } fb_action;
/** "accept" | "refuse" | "transfer" | "answer"; parse (-1 unknown). */
const char *fb_action_name(fb_action a);
int fb_action_parse(const char *s);

typedef struct {
    fb_action action;
    const char *topic;     /**< accept: required (fb_topic name) */
    const char *concerned; /**< accept, topic conduct: the username of the officer concerned (optional) */
    const char *reason;    /**< refuse, transfer: required */
    const char *unit;      /**< transfer: the unit code it goes to */
    const char *answer;    /**< answer: required */
    bool publish;          /**< answer: publish it (only when the sender agreed) */
} fb_act_in;

/** True when u may take action a on f now: it may handle the item, the action is allowed from its state
 *  (the table in feedback.c) and, for a refusal, the refusal limit has not passed. What the pages offer. */
bool feedback_can(const user *u, const feedback *f, fb_action a, mc_time now);
/** Applies an officer's action (the table of allowed actions per state is in feedback.c), journaled. */
mc_err feedback_act(store *s, const calendar *cal, const user *by, const char *code, const fb_act_in *in, mc_time now,
                    mc_error *err);
/** The sender says whether the answer satisfied them (once, after the answer): by their account (by)
 *  or by the tracking key (by NULL, the caller checked the key). */
mc_err feedback_rate(store *s, const user *by, const char *code, bool satisfied, mc_time now, mc_error *err);

/** Reads an item by code (MC_ERR_NOT_FOUND with the same words as for a dossier one may not read). */
mc_err feedback_get(store_conn *c, arena *a, const char *code, feedback *out, mc_error *err);
/** The tracking key of an item (8 characters, as a dossier's) and its check (also the last 4 phone digits). */
mc_err feedback_key(store_conn *c, const char *code, char key[9], mc_error *err);
bool feedback_key_ok(store_conn *c, const feedback *f, const char *key);
/** May u read f (sender, officers in scope, conduct only for the heads)? */
bool feedback_may_read(const user *u, const feedback *f);
/** May u accept, refuse, transfer or answer f? */
bool feedback_may_handle(const user *u, const feedback *f);
/** The items u may read, newest first, at most `limit`, optionally in one state (-1 any) or only open
 *  (received or accepted) with open = true. */
mc_err feedback_list(store_conn *c, arena *a, const user *u, int state, bool open, int limit, feedback **out, size_t *n,
                     mc_error *err);
/** The items sent from account user_id, newest first. */
mc_err feedback_of_sender(store_conn *c, arena *a, int64_t user_id, feedback **out, size_t *n, mc_error *err);
/** Published answers of a tenant (NULL: any), newest first, with personal data taken out of the texts. */
mc_err feedback_published(store_conn *c, arena *a, const char *tenant, int limit, feedback **out, size_t *n,
                          mc_error *err);
/** Text with phone and identity numbers (runs of 9 or more digits, spaces and dots between them allowed)
 *  and e-mail addresses replaced by "***": what may be published of a sender's words. */
const char *feedback_redact(arena *a, const char *text);

/** The deadline job: marks open items due soon (within remind_wd working days of the answer deadline)
 *  or overdue, escalating an overdue one to the parent of its handling unit; journaled. */
mc_err feedback_scan(store *s, const calendar *cal, mc_time now, int *marked, mc_error *err);

/** Figures of a unit subtree (by the handling unit: an item transferred is counted once) and period [from, to). */
typedef struct {
    int64_t received;         /**< received in the period */
    int64_t refused;          /**< of those, refused */
    int64_t answered;         /**< answered in the period */
    int64_t answered_on_time; /**< of those, by the answer deadline */
    int64_t answered_late;
    int64_t pending;                 /**< received before `to`, neither refused nor answered at asof */
    int64_t overdue;                 /**< of those, past the answer deadline at asof */
    int64_t satisfied, dissatisfied; /**< senders' verdicts given in the period */
    int64_t first_received;          /**< received in the period, not refused (the 766 denominator) */
    int64_t handled_on_time;         /**< of those, answered by the deadline (766 item 5.2) */
    int64_t handled_satisfied;       /**< of those, answered on time and not disliked (766 item 5.3) */
} feedback_stats;
/** The one computation of the figures above, used by the API, the pages, the exports and the 766 index. */
mc_err feedback_stats_of(store_conn *c, const char *unit_path, mc_time from, mc_time to, mc_time asof,
                         feedback_stats *out, mc_error *err);

#endif
