/* dossier.h - dossiers (hồ sơ): intake, processing through a procedure's
 * template, inter-agency transfer, pauses, extension, return, and the queues
 * and public tracking built on them. Every change is one transaction that
 * also appends to the journal (journal.h); the allowed changes are the table
 * in dossier_rules.h. All times are in working time (calendar.h). */
#ifndef MC_DOSSIER_H
#define MC_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "dossier_rules.h"
#include "err.h"
#include "store.h"

/** Who acts. Strings are borrowed for the call. */
typedef struct {
    int64_t user_id;
    const char *username;
    unsigned roles;  /**< ROLE_* bits */
    int64_t unit_id; /**< 0 for citizens */
    const char *unit_code, *unit_path;
} ds_actor;

/** A person on a dossier. */
typedef struct {
    const char *name, *id_number, *phone, *email, *address;
} ds_person;

/** A file already stored (content-addressed) to attach to a dossier. */
typedef struct {
    int doc_seq; /**< the document it stands for, 0 = other */
    const char *name, *mime, *sha256, *stored;
    int64_t size;
} ds_attachment;

/** Input of an intake (counter, post or online). */
typedef struct {
    const char *procedure;      /**< national code */
    const char *channel;        /**< "direct" | "postal" | "online" */
    const char *receiving_unit; /**< unit code; officers: their own unit by default */
    const char *competent_unit; /**< unit code; default: the receiving unit if it is competent */
    ds_person applicant, representative;
    const int *provided; /**< seq numbers of the documents handed in */
    size_t nprovided;
    const char *outcome; /**< counter: "accept" | "supplement" | "refuse"; online: NULL */
    const char **items;  /**< supplement: the missing items; refuse: the reasons */
    size_t nitems;
    const char *reason;
    const char *note;
    const ds_attachment *files; /**< attached in the same transaction */
    size_t nfiles;
    int64_t max_dossier_bytes; /**< limit of all files of the dossier (0 = none) */
    int64_t max_account_bytes; /**< online: the citizen's quota, checked against `files` as new bytes
                                    (attachments_account_check; 0 = not checked: files already counted) */
} ds_intake;

/** Input of an action; members not used by the action are ignored. */
typedef struct {
    const char *note;
    const char *unit;   /**< transfer: target unit code */
    const char **items; /**< request_supplement: numbered items; reject: reasons */
    size_t nitems;
    const char *reason;  /**< request_supplement, refuse, reject, extend, stop */
    int days;            /**< extend: working days added to the appointment */
    const char *method;  /**< return: "counter" | "post" | "electronic" */
    int64_t amount;      /**< request_payment: VND */
    const int *provided; /**< resubmit: documents now handed in */
    size_t nprovided;
} ds_act_input;

/** A dossier as read (strings in the caller's arena). Times are 0 when unset. */
typedef struct dossier_s {
    int64_t id;
    const char *code, *procedure_code, *procedure_name, *rules_version, *channel, *outcome;
    const char *tenant; /**< the province it belongs to (its receiving unit's root; a partner's parent's) */
    int procedure_version;
    ds_state state;
    int64_t receiving_unit_id, competent_unit_id, holder_unit_id, holder_user_id;
    const char *receiving_unit_code, *receiving_unit_name, *receiving_unit_path, *receiving_unit_kind;
    const char *competent_unit_code, *competent_unit_name, *competent_unit_path, *competent_unit_kind;
    const char *holder_unit_code, *holder_unit_name, *holder_unit_path;
    const char *holder_username, *holder_name;
    int64_t template_id;
    int step_seq, decision_step; /**< current step; the step where the decision is signed */
    const char *step_name, *step_role;
    mc_time step_started_at, step_due_at;
    int time_amount;
    cal_unit time_unit;
    int cutoff_sec;
    ds_person applicant, representative;
    int64_t citizen_user_id, parent_id;
    const char *parent_code;
    mc_time submitted_at, received_at, due_at, original_due_at, paused_at;
    int64_t paused_seconds;
    int intake_supplements, supplements, extensions;
    mc_time decided_at, result_ready_at, returned_at, paid_at;
    const char *return_method, *alert;
    int64_t fee_amount; /**< -1 when none was asked */
} dossier;

/** Receives a dossier. Counter (direct/postal): the outcome decides the
 * state (received with an appointment, supplement requested, refused);
 * online (by a citizen): the dossier waits as submitted. One transaction. */
mc_err dossier_intake(store *s, const calendar *cal, const ds_actor *who, const ds_intake *in, mc_time now, arena *a,
                      dossier *out, mc_error *err);
/** Applies an action. MC_ERR_CONFLICT (409) when the table forbids it in the
 * current state, MC_ERR_FORBIDDEN when the actor may not, MC_ERR_INVALID for
 * bad input. One transaction, journaled; *out is the dossier after. */
mc_err dossier_act(store *s, const calendar *cal, const ds_actor *who, const char *code, ds_action act,
                   const ds_act_input *in, mc_time now, arena *a, dossier *out, mc_error *err);
/** The one answer (404, field "code", the same words) for a dossier that does
 *  not exist and for one the caller may not read: nobody learns from it which
 *  codes exist. Returns MC_ERR_NOT_FOUND. */
mc_err dossier_not_found(mc_error *err);
/** Reads a dossier by code. */
mc_err dossier_get(store_conn *c, arena *a, const char *code, dossier *out, mc_error *err);
/** The partner dossier a parent waits for (state partner): its newest child
 * that is not yet decided. MC_ERR_NOT_FOUND if none. */
mc_err dossier_partner(store_conn *c, arena *a, const dossier *parent, dossier *child, mc_error *err);
/** True when the actor may read the dossier (units in scope, or the citizen's own). */
bool dossier_may_read(const ds_actor *who, const dossier *d);
/** The actions the actor may take now (array in the arena). */
size_t dossier_allowed(const ds_actor *who, const dossier *d, arena *a, ds_action **out);

/** A document line of a dossier. */
typedef struct {
    int seq;
    const char *name, *form;
    bool mandatory, provided;
} ds_document;
/** The checklist of a dossier. */
mc_err dossier_documents(store_conn *c, arena *a, const char *tenant, int64_t id, ds_document **out, size_t *n,
                         mc_error *err);

/** A request made to the applicant (supplement, refusal, rejection, stop). */
typedef struct {
    const char *kind, *items, *reason; /**< items: one per line, numbered */
    mc_time created_at, resolved_at;
} ds_request;
mc_err dossier_requests(store_conn *c, arena *a, const char *tenant, int64_t id, ds_request **out, size_t *n,
                        mc_error *err);

/** A stored attachment. */
typedef struct {
    int64_t id;
    int doc_seq;
    const char *name, *mime, *sha256, *stored;
    int64_t size;
    mc_time created_at;
} ds_file;
/** Attaches files to an existing dossier (citizen owner before or during a
 * supplement; officers of the units that may act on it), in one transaction;
 * marks their documents handed in. MC_ERR_TOO_LARGE past max_dossier_bytes,
 * or for a citizen past their account's quota max_account_bytes (0 = none;
 * attachments.h). */
mc_err dossier_attach(store *s, const ds_actor *who, const char *code, const ds_attachment *files, size_t n,
                      int64_t max_dossier_bytes, int64_t max_account_bytes, mc_time now, mc_error *err);
/** The files of a dossier. */
mc_err dossier_files(store_conn *c, arena *a, const char *tenant, int64_t id, ds_file **out, size_t *n, mc_error *err);
/** One file of a dossier. MC_ERR_NOT_FOUND if it is not this dossier's. */
mc_err dossier_file(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, int64_t file_id, ds_file *out,
                    mc_error *err);

/** A number that grows with every change of a dossier or its partner
 * dossiers (for caches of views built from them). MC_ERR_NOT_FOUND if none. */
mc_err dossier_stamp(store_conn *c, const char *code, int64_t *stamp, mc_error *err);

/** The tracking key printed on the receipt (8 characters), derived from the
 * code with the installation's secret. */
mc_err dossier_tracking_key(store_conn *c, const char *code, char key[9], mc_error *err);
/** Creates the installation's secret for tracking keys if it is missing, inside the caller's write
 *  transaction w (the first writer wins); any record that hands out a tracking key calls it. */
mc_err dossier_tracking_secret_ensure(store_conn *w, mc_error *err);
/** True when `key` is the dossier's tracking key or the last 4 digits of the
 * applicant's phone. */
bool dossier_key_ok(store_conn *c, const dossier *d, const char *key);

/** Deadline classes of the inbox. */
typedef enum { DQ_OVERDUE, DQ_DUE_TODAY, DQ_DUE_SOON, DQ_ON_TRACK } ds_class;
/** Vietnamese label and name of a class. */
const char *ds_class_name(ds_class k);
const char *ds_class_label(ds_class k);
/** The class of a dossier's appointment at `now` (due soon = within 2 working days). */
ds_class dossier_class(const calendar *cal, const dossier *d, mc_time now);
/** The same from the appointment `due` (0: none), the start of a pause (0: none) and the end of the "due soon"
 *  window, soon = calendar_add(cal, now, 2, CAL_UNIT_DAY, -1) (CAL_NO_TIME: none). */
ds_class dossier_class_at(const calendar *cal, mc_time due, mc_time paused_at, mc_time now, mc_time soon);

/** One inbox line. */
typedef struct {
    dossier d;
    ds_class cls;
    ds_action *actions;
    size_t nactions;
} ds_inbox_item;
/** A page of the inbox and the counts behind it. */
typedef struct {
    ds_inbox_item *items; /**< the page, by appointment */
    size_t n;
    int64_t counts[4]; /**< every class, with the state and q filters applied */
    int64_t total;     /**< items of the class asked for (all classes when none) */
} ds_inbox;

/** What the actor may act on now, by appointment; filters may be NULL. Reads
 *  every open dossier of the actor's unit (a few columns each) and only the
 *  page [offset, offset + limit) in full: the reference for inbox_list
 *  (inbox.h), which answers the same from the inbox index. */
mc_err dossier_inbox(store_conn *c, arena *a, const ds_actor *who, const calendar *cal, mc_time now, const char *cls,
                     const char *state, const char *q, int64_t offset, int64_t limit, ds_inbox *out, mc_error *err);
/** Fills out->items with the n dossiers `ids` in full (their classes given), with what `who` may do to each;
 *  tenant: theirs when known (each read then goes to one shard group on Citus), else NULL. */
mc_err dossier_inbox_fill(store_conn *c, arena *a, const ds_actor *who, const char *tenant, const int64_t *ids,
                          const ds_class *classes, size_t n, ds_inbox *out, mc_error *err);
/** Who may move d on from the inbox of the unit at unit_path (the unit holding it, or receiving it at the
 *  counter, as the inbox shows it): *any gets the officer roles (ROLE_RECEIVER, ROLE_SPECIALIST, ROLE_LEADER
 *  bits) in which any officer of that unit may, *holder those in which only the officer holding its step
 *  (d->holder_user_id) may. An officer of that unit with roles R and id u may move it iff (*any & R) or
 *  (u == d->holder_user_id and (*holder & R)). Reads state, step_seq, decision_step, parent_id, step_role,
 *  holder_user_id and the receiving and holder unit paths of d. */
void dossier_movers(const dossier *d, const char *unit_path, unsigned *any, unsigned *holder);

/** Dossiers of any state the officer may read whose code, applicant name or
 *  ID number contains q (folded: no case, marks or đ), newest first, at most
 *  `limit`: an exact code anywhere, then those received or held by the
 *  officer's unit. */
mc_err dossier_find(store_conn *c, arena *a, const ds_actor *who, const char *q, int limit, dossier **out, size_t *n,
                    mc_error *err);

/** An overdue dossier and by how many working days. */
typedef struct {
    dossier d;
    int days; /**< whole working days after the appointment's day, up to today (0: late since earlier today) */
} ds_late;

/** The open dossiers of the subtree of unit_path (receiving, competent or
 *  holding) that are overdue at `now`, the most overdue first. */
mc_err dossier_late(store_conn *c, arena *a, const calendar *cal, const char *unit_path, mc_time now, ds_late **out,
                    size_t *n, mc_error *err);

/** Dossiers received in [from, to) at units of the subtree of root_path, in
 *  the order received, at most `limit` (*more set when there were more). */
mc_err dossier_received_between(store_conn *c, arena *a, const char *root_path, mc_time from, mc_time to, size_t limit,
                                dossier **out, size_t *n, bool *more, mc_error *err);

/** A citizen's own dossiers (submitted online by them), newest first, at most `limit`. */
mc_err dossier_of_citizen(store_conn *c, arena *a, int64_t user_id, int limit, dossier **out, size_t *n, mc_error *err);

/** Periodic job: marks open dossiers "overdue" or "due_soon" (within 2
 * working days) when that changes, and journals it. *marked gets how many. */
mc_err dossier_scan(store *s, const calendar *cal, mc_time now, int *marked, mc_error *err);

#endif
