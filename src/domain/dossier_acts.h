/* dossier_acts.h - the acts of a dossier that its paper forms record: the
 * intake (receipt), each request to supplement, the refusal, the extension
 * (apology letter) and the stop, each with when it happened, who did it
 * (full name) and what was asked, read from the journal (journal.h) and the
 * requests. A form built from an act reads the same on every reprint,
 * whoever prints it and whenever. */
#ifndef MC_DOSSIER_ACTS_H
#define MC_DOSSIER_ACTS_H

#include <stddef.h>

#include "arena.h"
#include "dossier.h"
#include "err.h"
#include "journal.h"
#include "store.h"

/** The kinds of act a form records. */
typedef enum {
    DACT_INTAKE = 0, /**< received with an appointment (receipt) */
    DACT_SUPPLEMENT, /**< a request to supplement (at intake or in processing) */
    DACT_REFUSAL,    /**< refused at intake */
    DACT_EXTENSION,  /**< apology and new appointment */
    DACT_STOP,       /**< stopped at the applicant's request */
    DACT__COUNT
} ds_act_kind;

/** A journal entry with the names a paper shows (strings in the caller's arena). */
typedef struct {
    journal_entry e;
    const char *actor_name; /**< full name of e.actor (users), "Hệ thống (tự động)" for motcua, else the username */
    const char *to_unit_name; /**< name of e.to_unit_code, NULL when the file did not move or the unit is unknown */
} ds_journal_line;

/** One act as its form records it (strings in the caller's arena). */
typedef struct {
    ds_act_kind kind;
    int n, count;           /**< it is the n-th (from 1) of `count` acts of its kind */
    mc_time at;             /**< when: the intake's is the dossier's received_at */
    const char *actor;      /**< username of who acted, NULL if the journal has no entry for it */
    const char *actor_name; /**< their full name (see ds_journal_line), NULL with actor */
    const char *unit_code;  /**< the unit they acted for */
    const char *role;       /**< the role they acted in ("citizen": the applicant, online) */
    const char *items;      /**< supplement, refusal, stop: what was asked, one numbered line each */
    const char *reason;     /**< supplement, refusal, stop: the reason; extension: the reason of the delay */
    mc_time due_before;     /**< extension: the appointment it replaced */
    mc_time due_after;      /**< extension: the appointment it set (the dossier's current one if unreadable) */
} ds_act_record;

/** The journal of d, oldest first, with names (array in the arena). */
mc_err dossier_journal_lines(store_conn *c, arena *a, const dossier *d, ds_journal_line **out, size_t *n,
                             mc_error *err);

/** The n-th act of `kind` on d (n from 1, oldest first; 0 = the latest).
 *  MC_ERR_CONFLICT (field "form", Vietnamese reason) when d has no such act;
 *  MC_ERR_NOT_FOUND (field "n") when n is past the last. */
mc_err dossier_act_record(store_conn *c, arena *a, const dossier *d, ds_act_kind kind, int n, ds_act_record *out,
                          mc_error *err);

#endif
