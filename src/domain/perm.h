/* perm.h - who may do what, where: one table of role × action × scope.
 *
 * Every permission check in motcua goes through perm_allows(). A scope says
 * how far from the user's own unit an action reaches: only their own unit,
 * their unit's subtree, everything, or only records they own (citizens). */
#ifndef MC_PERM_H
#define MC_PERM_H

#include <stdbool.h>

/** Roles, as bits of a user's role set. */
typedef enum {
    ROLE_ADMIN = 1 << 0,      /**< quản trị */
    ROLE_RECEIVER = 1 << 1,   /**< cán bộ một cửa */
    ROLE_SPECIALIST = 1 << 2, /**< chuyên viên */
    ROLE_LEADER = 1 << 3,     /**< lãnh đạo */
    ROLE_SUPERVISOR = 1 << 4, /**< giám sát: reads reports of a subtree */
    ROLE_CITIZEN = 1 << 5,    /**< công dân, tổ chức */
    ROLE_OBSERVER = 1 << 6,   /**< giám sát HĐND, MTTQ: reads the whole province, changes nothing */
} role;
#define ROLE_COUNT 7

typedef enum {
    ACT_UNIT_READ,
    ACT_UNIT_MANAGE,
    ACT_USER_READ,
    ACT_USER_MANAGE,
    ACT_CATALOG_IMPORT,
    ACT_CALENDAR_MANAGE,
    ACT_REPORT_READ,
    ACT_DOSSIER_READ,
    ACT_DOSSIER_RECEIVE,
    ACT_DOSSIER_PROCESS,
    ACT_DOSSIER_APPROVE,
    ACT_DOSSIER_SUBMIT,
    ACT_PAYMENT_IMPORT,     /**< match a bank statement to the fees of the dossiers received in scope */
    ACT_SURVEY_MANAGE,      /**< create a SIPAS campaign, draw its sample, import paper answers, close it */
    ACT_SURVEY_READ,        /**< read a SIPAS campaign, its invites and its results */
    ACT_FEEDBACK_RECEIVE,   /**< record feedback given at the counter or by phone, for a unit in scope */
    ACT_FEEDBACK_HANDLE,    /**< accept, refuse, transfer and answer the feedback a unit in scope holds */
    ACT_FEEDBACK_READ,      /**< read the feedback of units in scope (conduct: heads only, feedback.h) */
    ACT_INSPECTION_MANAGE,  /**< plan CCHC inspections, record findings, verify and close them (inspections.h) */
    ACT_INSPECTION_READ,    /**< read inspection plans, records and their statistics */
    ACT_INSPECTION_REMEDY,  /**< report the remedy of a finding the unit is responsible for */
    ACT_CCHC_REPORT_WRITE,  /**< write the periodic CCHC report of a unit in scope (reports.h) */
    ACT_CCHC_REPORT_SUBMIT, /**< submit it: frozen from then on */
    ACT_LEGAL_DOC_READ,     /**< read the register of legal normative documents (legal_docs.h) */
    ACT_LEGAL_DOC_MANAGE,   /**< record documents, their validity changes and reviews: of the issuing unit in scope,
                                 or of the whole province for the units that keep the register (Sở Tư pháp) */
    ACT_LEGAL_FLAG_CLEAR,   /**< confirm that a procedure flagged by a change of its legal basis was updated */
    ACT_TASK_READ,          /**< read steering documents and the tasks of bodies in scope (tasks.h) */
    ACT_TASK_REPORT,        /**< report progress on a task a body in scope leads, or comment on one it cooperates in */
    ACT_TASK_ASSIGN,        /**< issue a steering document, plan or sub-plan for a body in scope and assign its tasks */
    ACT_NEWS_PUBLISH,       /**< publish and withdraw reform news on the portal for a unit in scope (news.h) */
    ACT_PAR_SELF,           /**< self-score the PAR INDEX of a unit in scope, attach its evidence (parindex.h) */
    ACT_PAR_SUBMIT,         /**< submit that self-assessment, and the unit's one explanation */
    ACT_PAR_APPRAISE,       /**< appraise (thẩm định): held over the round's council unit */
    ACT_PAR_MANAGE,         /**< open a round naming a council unit in scope, send appraisals, finalise */
    ACT_OUTBOX_MANAGE,      /**< see the messages waiting or dead in the outbox and send a dead one again (outbox.h) */
    ACT_NODE_MANAGE,        /**< register, revoke and re-key the commune nodes of units in scope (nodes.h) */
    ACT__COUNT
} perm_action;

/** Reach of a permission, ordered from none to all. */
typedef enum { SCOPE_NONE = 0, SCOPE_OWN, SCOPE_UNIT, SCOPE_SUBTREE, SCOPE_ALL } perm_scope;

/** The widest scope any of `roles` grants for `action`. */
perm_scope perm_scope_of(unsigned roles, perm_action action);
/** True when a user with `roles` in the unit whose tree path is `user_path`
 * may do `action` on data of the unit whose path is `target_path`.
 * Paths are "/id/.../id/" (units.h); NULL target means "no unit" (only ALL passes).
 * SCOPE_OWN never passes here: ownership is checked by the caller. */
bool perm_allows(unsigned roles, const char *user_path, perm_action action, const char *target_path);

/** True when every role of `roles` only reads (the observer): such a user changes nothing, whatever the
 *  table grants; the server refuses their writes with 403 before any handler runs. */
bool perm_read_only(unsigned roles);
/** Role name ("admin", "receiver", ...) of a single role bit, or NULL. */
const char *role_name(role r);
/** Vietnamese label of a single role bit, or NULL. */
const char *role_label(role r);
/** Role bit of a name, or 0 if unknown. */
role role_parse(const char *name);
/** Name of an action, e.g. "user.read". */
const char *perm_action_name(perm_action a);

#endif
