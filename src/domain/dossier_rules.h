/* dossier_rules.h - the life of a dossier as one declarative table:
 * state × action → state, who may do it, and what it does to the clock.
 * Labels and national portal (Cổng DVCQG) status codes come with each state.
 * Sources: ../shared/domain.md §2 (Decree 118/2025 Art. 15–21) and §9. */
#ifndef MC_DOSSIER_RULES_H
#define MC_DOSSIER_RULES_H

#include <stdbool.h>

typedef enum {
    DS_SUBMITTED = 0,     /**< online, waiting for the receiving unit (portal 1) */
    DS_INTAKE_SUPPLEMENT, /**< asked at intake to complete the dossier (portal 5) */
    DS_REFUSED,           /**< refused at intake (portal 3) */
    DS_RECEIVED,          /**< accepted, waiting for the competent unit (portal 2) */
    DS_PROCESSING,        /**< being processed through the template's steps (portal 4) */
    DS_SUPPLEMENT,        /**< waiting for the applicant's supplement; clock paused (portal 5) */
    DS_PAYMENT,           /**< waiting for fee payment; clock paused (portal 6) */
    DS_PARTNER,           /**< at another agency (liên thông); clock runs (portal 4) */
    DS_DECIDED,           /**< approved or rejected; result being prepared (portal 9) */
    DS_RESULT_READY,      /**< result at the counter or ready to send (portal 9) */
    DS_RETURNED,          /**< result returned (portal 10) */
    DS_STOPPED,           /**< stopped at the applicant's request (portal 7) */
    DS__COUNT
} ds_state;

typedef enum {
    DA_SUBMIT = 0, /**< create: online submission or counter intake */
    DA_ACCEPT,
    DA_REQUEST_SUPPLEMENT,
    DA_REFUSE,
    DA_CLAIM,
    DA_FORWARD,
    DA_SEND_BACK,
    DA_TRANSFER,
    DA_PARTNER_DONE,
    DA_RESUBMIT,
    DA_REQUEST_PAYMENT,
    DA_MARK_PAID,
    DA_APPROVE,
    DA_REJECT,
    DA_EXTEND,
    DA_RESULT_READY,
    DA_RETURN,
    DA_STOP,
    DA__COUNT
} ds_action;

/** What an action does to the dossier's clock. */
typedef enum {
    CLOCK_NONE = 0,
    CLOCK_START,  /**< received: the appointment is computed */
    CLOCK_PAUSE,  /**< the clock stops until resumed */
    CLOCK_RESUME, /**< the appointment moves by the paused working time */
    CLOCK_STOP,   /**< decision made: the processing time is over */
} ds_clock;

/** Who may act, as role bits (perm.h); ROLE_SYSTEM is motcua itself. */
#define ROLE_SYSTEM (1u << 15)

/** One row of the table. */
typedef struct {
    ds_state from;
    ds_action action;
    ds_state to;
    unsigned roles;
    ds_clock clock;
} ds_rule;

/** The rule for (state, action), or NULL when the action is not allowed in that state. */
const ds_rule *ds_rule_find(ds_state from, ds_action action);
/** All rules, for listing and tests. */
const ds_rule *ds_rules(int *n);

/** Stable names ("processing", "request_supplement") and their parsers (-1 if unknown). */
const char *ds_state_name(ds_state s);
const char *ds_action_name(ds_action a);
int ds_state_parse(const char *s);
int ds_action_parse(const char *s);
/** Plain Vietnamese label of a state, for officers and citizens. */
const char *ds_state_label(ds_state s);
/** Vietnamese label of an action (button text). */
const char *ds_action_label(ds_action a);
/** National portal status code (1–10). */
int ds_state_portal(ds_state s);
/** True for states after which nothing more happens. */
bool ds_state_final(ds_state s);
/** True while the clock is paused in this state. */
bool ds_state_paused(ds_state s);
/** True before a decision (a stop is still possible). */
bool ds_state_undecided(ds_state s);

/** The one-stop rules in force at an instant, as a version label kept with
 * each dossier ("ND118/2025" from 01/07/2025, "ND61/2018" before). */
const char *ds_rules_version_at(long long t);

#endif
