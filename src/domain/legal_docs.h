/* legal_docs.h - the register of legal normative documents (văn bản quy phạm pháp luật, VBQPPL; issue 16).
 *
 * A document of the province or of a commune (and, for the link to the catalog, a national one the
 * procedures cite): its number and symbol (legal_number.h), type (the table ld_types), issuing level
 * (a unit of the tree: the province or UBND tỉnh, a commune or ward; none for a national document),
 * issuing body, signer, summary (trích yếu), field, dates issued and effective, an optional expiry
 * date, a note and an optional file.
 *
 * Its validity (ld_status) is never stored: it is derived for a day from its dates and its changes
 * (ld_status_at): an expiry, a replacement or an amendment by another document of the register, a
 * suspension, a resumption, or a plain relation (details, consolidates), each with a scope (whole or
 * part), the day it takes effect and the reason. A change that touches the content of a document
 * (every action but "relate") flags every procedure whose current catalog version cites it (the
 * first number-and-symbol of one of its legal basis lines has the document's key): one open flag per
 * procedure and document, until an officer confirms that the procedure was updated.
 *
 * Reviews (rà soát) and self-checks (tự kiểm tra) record, per document, the basis, the days, the
 * result, the findings, the recommendation, the handling body and deadline. legal_docs_stats counts
 * them per unit and period (the one computation the periodic report and the PAR INDEX call);
 * legal_docs_system draws the three lists of a five-year systematisation (hệ thống hoá).
 *
 * Who (perm.h): every officer reads (ACT_LEGAL_DOC_READ); the public reads the documents in force
 * (legal_docs_list with by NULL). ACT_LEGAL_DOC_MANAGE over the issuing unit records and changes a
 * document; over a unit that keeps the province's register (legal_doc_keepers: Sở Tư pháp) it reaches
 * every document of the province, national ones included. ACT_LEGAL_FLAG_CLEAR over a keeper unit or
 * over a competent unit named by the procedure clears its flags. Every change is one transaction with
 * its entry in the hash-chained journal (subject "legal_doc" with the document's id, "legal_flag" with
 * the flag's id). */
#ifndef MC_LEGAL_DOCS_H
#define MC_LEGAL_DOCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "dossier.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "units.h"
#include "users.h"

/** Limits (docs/SECURITY.md). */
#define LD_MAX_CHANGES     200 /**< changes recorded on one document */
#define LD_MAX_REVIEWS     200 /**< reviews and self-checks of one document */
#define LD_MAX_KEEPERS     10  /**< units that keep one province's register */
#define LD_MAX_PER_PAGE    200 /**< documents a page of the list holds */
#define LD_MAX_PERIOD_DAYS 3660

/* ---- tables -------------------------------------------------------------------------------------- */

/** Validity on a day (Vietnamese labels as the register shows them). */
typedef enum {
    LD_NOT_YET = 0,     /**< chưa có hiệu lực */
    LD_IN_FORCE,        /**< còn hiệu lực */
    LD_EXPIRED_PART,    /**< hết hiệu lực một phần */
    LD_EXPIRED_WHOLE,   /**< hết hiệu lực toàn bộ */
    LD_SUSPENDED_PART,  /**< ngưng hiệu lực một phần */
    LD_SUSPENDED_WHOLE, /**< ngưng hiệu lực toàn bộ */
} ld_status;
#define LD_STATUS_COUNT 6
/** "not_yet" | "in_force" | "expired_part" | "expired_whole" | "suspended_part" | "suspended_whole". */
const char *ld_status_name(ld_status s);
const char *ld_status_label(ld_status s);
/** The status of a name, or -1. */
int ld_status_parse(const char *s);
/** Whether a document of this status is in force, at least in part (in force, or expired or
 *  suspended only in part): what the list of documents in force of a systematisation holds. */
bool ld_status_in_force(ld_status s);

/** A type of document. level: "national" (kept for the link to procedures), "province", "commune". */
typedef struct {
    const char *code;  /**< stable, in the API */
    const char *label; /**< "Quyết định của Ủy ban nhân dân tỉnh" */
    const char *organ; /**< the issuing organ of a local type ("Ủy ban nhân dân"), NULL for national */
    const char *level;
} ld_type;
/** The table of types (static, n rows). */
const ld_type *ld_types(size_t *n);
/** The type of a code, or NULL. */
const ld_type *ld_type_find(const char *code);

/** A code and its label (results, bases of a review, relations). */
typedef struct {
    const char *code, *label;
} ld_choice;
/** Results of a review or self-check: "fit" (còn phù hợp), "amend", "replace", "repeal", "suspend", "new". */
const ld_choice *ld_results(size_t *n);
/** Whether a result asks for action (anything but "fit"): the third list of a systematisation. */
bool ld_result_acts(const char *code);
/** Bases of a review: "plan", "direction", "superior", "programme", "other". */
const ld_choice *ld_bases(size_t *n);
/** The label of a code of a table (results, bases), or NULL. */
const char *ld_choice_label(const ld_choice *t, size_t n, const char *code);

/** A relation from the acting document to the one it acts on, with both readings. */
typedef struct {
    const char *code;    /**< "amends" | "replaces" | "repeals" | "suspends" | "details" | "consolidates" */
    const char *active;  /**< "sửa đổi, bổ sung" */
    const char *passive; /**< "được sửa đổi, bổ sung bởi" */
} ld_relation;
const ld_relation *ld_relations(size_t *n);
const ld_relation *ld_relation_find(const char *code);

/** A validity action: what it does to the document, the relation it records, whether another
 *  document of the register is needed, and whether procedures citing the document are flagged. */
typedef struct {
    const char *code;      /**< "expire" | "replace" | "amend" | "suspend" | "resume" | "relate" */
    const char *label;     /**< "Hết hiệu lực" */
    const char *relation;  /**< recorded with the acting document; NULL: given ("relate") or none */
    bool needs_by;         /**< the acting document is required */
    int to_whole, to_part; /**< ld_status after the change for each scope, -1: unchanged */
    bool flags;            /**< flags the procedures that cite the document */
} ld_action;
const ld_action *ld_actions(size_t *n);
const ld_action *ld_action_find(const char *code);

/** One change as ld_status_at reads it: the day it takes effect and the status it leads to (-1: none). */
typedef struct {
    mc_day effective;
    int to_status;
} ld_step;
/** The status on day d of a document in effect from `effective` (0: not known, taken as in effect)
 *  with an expiry day `expires` (0: none) and its changes in the order recorded: not yet before it
 *  takes effect; then the status of the last change in effect by d (a whole expiry is final); expired
 *  wholly from the expiry day. Pure. */
ld_status ld_status_at(mc_day effective, mc_day expires, const ld_step *steps, size_t n, mc_day d);

/* ---- records as read (strings in the arena of the call) ---------------------------------------- */

typedef struct {
    int64_t id, doc_id, by_doc_id; /**< by_doc_id 0: no acting document */
    const char *action, *relation, *scope, *part, *effective_on, *to_status, *reason;
    const char *doc_number, *by_number, *doc_summary, *by_summary;
    mc_time created_at;
    const char *created_by_name;
} ld_change;

typedef struct {
    int64_t id, doc_id;
    const char *kind; /**< "review" | "self_check" */
    const char *unit_code, *unit_name, *unit_path;
    const char *basis, *basis_note, *started_on, *done_on, *result, *findings, *proposal;
    const char *handler_code, *handler_name, *deadline;
    mc_time created_at;
    const char *created_by_name, *doc_number;
} ld_review;

typedef struct {
    int64_t id, doc_id, change_id;
    const char *procedure_code, *procedure_name, *doc_number;
    const char *cited; /**< the legal basis line that cites the document */
    const char *reason;
    mc_time flagged_at, cleared_at; /**< cleared_at 0: open */
    const char *cleared_by_name, *clear_note, *tenant;
} ld_flag;

/** A procedure whose current version cites a document, with the line that does. */
typedef struct {
    const char *code, *name, *text;
} ld_citing;

typedef struct {
    int64_t id;
    const char *tenant, *number, *number_key, *doc_type;
    int64_t issuer_unit_id; /**< 0: national */
    const char *issuer_code, *issuer_unit_name, *issuer_path, *issuer_name;
    const char *signer, *summary, *field, *issued_on, *effective_on, *expires_on, *note;
    const char *file_name, *file_mime, *file_sha256, *file_stored;
    int64_t file_size;
    mc_time created_at, updated_at;
    ld_status status;   /**< on the day the record was read for */
    ld_change *changes; /**< the changes made to it, in effect order */
    size_t nchanges;
    ld_change *acts; /**< legal_docs_get only: the changes it made to others */
    size_t nacts;
    ld_review *reviews; /**< legal_docs_get only */
    size_t nreviews;
    ld_flag *flags; /**< legal_docs_get only: the flags its changes raised */
    size_t nflags;
    ld_citing *citing; /**< legal_docs_get only: the procedures that cite it now */
    size_t nciting;
} legal_doc;

/* ---- input ------------------------------------------------------------------------------------- */

/** A document (create or edit). issuer: a unit code, NULL for a national type (issuer_name then
 *  required); dates "YYYY-MM-DD" (issued_on and effective_on required for a local type). */
typedef struct {
    const char *number, *doc_type, *issuer, *issuer_name, *signer, *summary, *field;
    const char *issued_on, *effective_on, *expires_on, *note;
} ld_doc_new;

/** A change of validity or a relation. by: the acting document's number (a document of the register). */
typedef struct {
    const char *action, *by, *relation, *scope, *part, *effective_on, *reason;
} ld_change_new;

/** A review or self-check. unit: the reviewing unit (default: the user's). */
typedef struct {
    const char *kind, *unit, *basis, *basis_note, *started_on, *done_on, *result, *findings, *proposal;
    const char *handler, *deadline;
} ld_review_new;

/** Filters of the list; NULL or 0: any. */
typedef struct {
    const char *tenant;            /**< the province (root unit code); NULL: the user's */
    const char *status;            /**< an ld_status name, on `day` */
    const char *doc_type, *issuer; /**< issuer: a unit code ("national": the national documents) */
    int year;                      /**< of issue */
    const char *q;                 /**< words of the number or the summary (case, tone marks and đ ignored) */
    int page, per_page;            /**< 1-based; per_page 1..LD_MAX_PER_PAGE */
    mc_day day;                    /**< the day statuses are read for */
} ld_filter;

/* ---- operations -------------------------------------------------------------------------------- */

/** Records a document as `by` (MANAGE over its issuing unit, or a keeper of the province's register),
 *  with its file already stored (may be NULL). 400 naming the field (number, doc_type, issuer,
 *  issuer_name, summary, issued_on, effective_on, expires_on); 409 when the province's register holds the
 *  number already; 403 outside the user's reach. */
mc_err legal_docs_create(store *s, arena *a, const ld_doc_new *in, const ds_attachment *file, const user *by,
                         mc_time now, int64_t *id, mc_error *err);
/** Loads a document at init inside the caller's write transaction w, for the province `tenant`, without
 *  a user or a journal entry (like units and the catalog); the same checks as legal_docs_create. */
mc_err legal_docs_load(store_conn *w, arena *a, const char *tenant, const ld_doc_new *in, mc_time now, int64_t *id,
                       mc_error *err);
/** Loads a change or relation at init inside w (no user, no journal entry, no flag: the demo starts with
 *  none): document `number` of `tenant`, acted on as in (the acting document in->by must be loaded). */
mc_err legal_docs_load_change(store_conn *w, arena *a, const char *tenant, const char *number, const ld_change_new *in,
                              mc_time now, mc_error *err);
/** Loads a review at init inside w (no user, no journal entry) for document `number` of `tenant`; the
 *  reviewing unit in->unit is required. */
mc_err legal_docs_load_review(store_conn *w, arena *a, const char *tenant, const char *number, const ld_review_new *in,
                              mc_time now, mc_error *err);
/** Edits a document's particulars (all of in, as legal_docs_create); a file given replaces the old one. */
mc_err legal_docs_update(store *s, arena *a, int64_t id, const ld_doc_new *in, const ds_attachment *file,
                         const user *by, mc_time now, mc_error *err);
/** A document with its changes, acts, reviews, flags and citing procedures, its status on `day`.
 *  Documents are public: by may be NULL (the portal). 404 when there is none. */
mc_err legal_docs_get(store_conn *c, arena *a, int64_t id, const user *by, mc_day day, legal_doc *out, mc_error *err);
/** The documents of a province matching f, newest first, a page of them (without reviews and flags);
 *  *total: all that match. by NULL: the public (documents in force at least in part only). */
mc_err legal_docs_list(store_conn *c, arena *a, const ld_filter *f, const user *by, legal_doc **out, size_t *n,
                       size_t *total, mc_error *err);
/** Whether `by` may record and change document d (keepers: the province's keeper units, as read by
 *  legal_docs_keepers). */
bool legal_docs_may_manage(store_conn *c, arena *a, const user *by, const legal_doc *d);

/** Records a change of validity or a relation on document `id` (ld_actions): the acting document by
 *  its number (400 "by" when not in the register, or the document itself), the scope, the day it takes
 *  effect (not before the document's issue), the reason. Flags every procedure whose current version
 *  cites the document (*flagged: flags raised now; a procedure with an open flag for it is not flagged
 *  twice), all in one transaction. 409 after LD_MAX_CHANGES, or when the document is wholly expired
 *  already (only "relate" then). */
mc_err legal_docs_change(store *s, arena *a, int64_t id, const ld_change_new *in, const user *by, mc_time now,
                         int64_t *change_id, size_t *flagged, mc_error *err);
/** Records a review or self-check of document `id` (MANAGE over it). 400 naming kind, unit, basis,
 *  done_on, started_on, result, handler, deadline. */
mc_err legal_docs_review_add(store *s, arena *a, int64_t id, const ld_review_new *in, const user *by, mc_time now,
                             int64_t *review_id, mc_error *err);

/** The flags of a province (open only, or all), by procedure. */
mc_err legal_docs_flags(store_conn *c, arena *a, const char *tenant, bool open_only, ld_flag **out, size_t *n,
                        mc_error *err);
/** The flags of one procedure in a province, oldest first. */
mc_err legal_docs_procedure_flags(store_conn *c, arena *a, const char *tenant, const char *code, ld_flag **out,
                                  size_t *n, mc_error *err);
/** Clears flag `id` (the procedure was updated), with a note: ACT_LEGAL_FLAG_CLEAR over a keeper unit
 *  or a competent unit named by the procedure; 409 when cleared already; 404 when unknown. */
mc_err legal_docs_flag_clear(store *s, arena *a, int64_t id, const char *note, const user *by, mc_time now,
                             mc_error *err);
/** Whether `by` may clear the flags of procedure `code` in the province `tenant`. */
bool legal_docs_may_clear(store_conn *c, arena *a, const user *by, const char *tenant, const char *code);
/** The number of procedures of province `tenant` flagged at instant `at` (raised by then and not
 *  cleared by then): the hook for the 766 publicity indicators (docs/LEGAL_DOCS.md). */
mc_err legal_docs_flagged_procedures(store_conn *c, const char *tenant, mc_time at, int64_t *n, mc_error *err);

/** The units that keep the register of province `tenant` (codes, names and paths in the arena). */
mc_err legal_docs_keepers(store_conn *c, arena *a, const char *tenant, org_unit **out, size_t *n, mc_error *err);
/** Sets them (admin: ACT_UNIT_MANAGE over the province) inside one transaction, journaled; w NULL: its own
 *  transaction on s. by NULL: at init (no journal entry). */
mc_err legal_docs_keepers_set(store *s, store_conn *w, arena *a, const char *tenant, const char *const *codes, size_t n,
                              const user *by, mc_time now, mc_error *err);
/** The province (tenant) of a user: their unit's. NULL for a user without a unit. */
const char *legal_docs_tenant_of(store_conn *c, arena *a, const user *by);

/* ---- statistics and systematisation --------------------------------------------------------------- */

/** The figures of one unit (or the total) over local days [from, to]. */
typedef struct {
    int64_t unit_id;
    const char *unit_code, *unit_name;
    int64_t issued;       /**< its documents issued in the period */
    int64_t in_force;     /**< its documents in force at least in part on `to` */
    int64_t changed;      /**< its documents with a change of validity taking effect in the period */
    int64_t reviews;      /**< reviews and self-checks it completed in the period (records) */
    int64_t reviewed;     /**< distinct documents it reviewed (rà soát) in the period */
    int64_t self_checked; /**< distinct documents it self-checked (tự kiểm tra) in the period */
    int64_t to_act;       /**< of the reviews, those whose result asks for action */
    int64_t by_result[6]; /**< of the reviews, per result in the order of ld_results */
} ld_stats_row;

/** The one computation of "legal documents reviewed" (and issued, in force, changed) for the units of
 *  the subtree of `unit_path` over local days [from, to]: documents counted by their issuing unit,
 *  reviews by the reviewing unit. Rows in the arena, in tree order (units with anything to count);
 *  *total over the subtree (its distinct documents counted once). */
mc_err legal_docs_stats(store_conn *c, arena *a, const char *tenant, const char *unit_path, mc_day from, mc_day to,
                        ld_stats_row **rows, size_t *n, ld_stats_row *total, mc_error *err);

/** One line of a systematisation list. */
typedef struct {
    const legal_doc *doc;
    ld_status status;        /**< on the cut-off day */
    const ld_change *change; /**< list 2: the change that took effect in the cycle (last), or NULL (expiry day) */
    const ld_review *review; /**< list 3: the review asking for action */
} ld_system_line;

/** A five-year systematisation: the cycle [first_year, first_year + 4], cut-off 31/12 of the last. */
typedef struct {
    int first_year, last_year;
    mc_day start, cutoff;
    ld_system_line *in_force, *ended, *to_act;
    size_t nin_force, nended, nto_act;
} ld_system;

/** The three lists of the cycle starting `first_year` (2019, 2024, ...: a multiple of 5 from 2019) for
 *  the documents issued by the unit `issuer_code` (the province or UBND tỉnh: the province's documents;
 *  a commune: its own): (1) in force at least in part on the cut-off, issued by then; (2) wholly or partly
 *  expired or suspended by a change (or the expiry day) taking effect within the cycle; (3) in force at
 *  the cut-off whose last review done by then asks for action. 400 "cycle" or "issuer". */
mc_err legal_docs_system(store_conn *c, arena *a, const char *tenant, const char *issuer_code, int first_year,
                         ld_system *out, mc_error *err);
/** Whether y starts a cycle (2019 + 5k, 2019..2099). */
bool ld_cycle_valid(int first_year);

#endif
