/* catalog.h - the procedure catalog (CSDL TTHC): procedures, their versions,
 * processing templates, validation, all-or-nothing import and search.
 *
 * A procedure is identified by its national code (an opaque string). Importing
 * a changed record creates a new version; old versions stay readable. A
 * processing template splits a procedure's time, in working minutes, into
 * ordered steps for a unit (or every unit of a kind: "kind:commune").
 * All strings of the structures below live in an arena owned by the caller. */
#ifndef MC_CATALOG_H
#define MC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "err.h"
#include "store.h"

/** A required document. form: "original" | "copy" | "shown" (presented, not kept). */
typedef struct {
    const char *name, *form;
    int count;
    bool mandatory;
    const char *template_name; /**< the form to fill in, or NULL */
    const char *group;         /**< heading such as "Giấy tờ phải nộp", or NULL */
} proc_document;

/** A fee. amount < 0: not known (set by a provincial resolution not on file). */
typedef struct {
    const char *name;
    int64_t amount; /**< VND */
    const char *exemptions;
} proc_fee;

/** One procedure version. */
typedef struct {
    const char *code, *name, *field;
    const char **levels;
    size_t nlevels;
    const char **units; /**< competent units: unit codes or "kind:<kind>" */
    size_t nunits;
    proc_document *docs;
    size_t ndocs;
    int sets; /**< number of sets of the dossier, 0 = not stated */
    int time_amount;
    cal_unit time_unit;
    int cutoff_sec; /**< same-day cut-off, seconds after midnight; -1 = none */
    proc_fee *fees;
    size_t nfees;
    const char *result;
    const char **legal;
    size_t nlegal;
    const char *online_level; /**< "toan_trinh" | "mot_phan" | "none" */
    const char *publication_decision, *effective_from, *effective_to;
    const char *documents_note, *fees_note, *note, *source;
    /* read back from the store only */
    int version, current_version;
    int64_t imported_at;
} procedure;

/** A step of a processing template. unit: "receiving", "competent" or a unit code. */
typedef struct {
    const char *name, *role, *unit;
    int minutes;
} proc_step;

/** A processing template. */
typedef struct {
    const char *procedure, *unit;
    proc_step *steps;
    size_t nsteps;
    int version, total_minutes; /**< read back from the store */
} proc_template;

/** What an import file holds. */
typedef struct {
    procedure *procs;
    size_t nprocs;
    proc_template *tpls;
    size_t ntpls;
} catalog_batch;

/** One problem with one record: section "procedures" or "templates", its
 * 0-based index in the file, the field, and the reason in Vietnamese. */
typedef struct {
    const char *section;
    int index;
    const char *field, *reason;
} catalog_problem;

/** A growing list of problems, allocated in arena a. */
typedef struct {
    arena *a;
    catalog_problem *v;
    size_t n, cap;
} catalog_problems;

/** Records a problem (printf-style reason). */
void catalog_problem_add(catalog_problems *p, const char *section, int index, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/** Counts of what an import did. */
typedef struct {
    int added, changed, unchanged;
    int tpl_added, tpl_changed, tpl_unchanged;
} catalog_report;

/** Checks every rule of the import format against the batch and the store
 * (units, existing procedures); appends to *p. Returns MC_ERR_INVALID if any. */
mc_err catalog_validate(store_conn *c, const calendar *cal, const catalog_batch *b, catalog_problems *p);
/** Validates then writes the whole batch in one transaction: all or nothing.
 * On MC_ERR_INVALID, *p lists every problem and nothing was written. */
mc_err catalog_import(store *s, const calendar *cal, const catalog_batch *b, catalog_report *rep, catalog_problems *p,
                      mc_error *err);

/** Folds the catalog's search columns again when they were folded by another definition of text_fold than
 *  this binary's (meta text_fold_version, TEXT_FOLD_VERSION), in one write transaction; *refolded gets the
 *  versions rewritten (0 when the columns were current). */
mc_err catalog_refold(store *s, int64_t *refolded, mc_error *err);
/** Reads a procedure (version 0 = current) with everything in it. */
mc_err catalog_get(store_conn *c, arena *a, const char *code, int version, procedure *out, mc_error *err);
/** The current version of a procedure and when it was imported: what changes whenever anything catalog_get
 *  gives of it changes (a page rendered from one may be kept under these). MC_ERR_NOT_FOUND if none. */
mc_err catalog_stamp(store_conn *c, const char *code, int *version, int64_t *imported_at, mc_error *err);
/** The catalog's generation: the newest procedure version's id. Versions are only ever added (an import
 *  that changes a procedure adds one and makes it current in the same transaction), so whatever
 *  catalog_search finds changes only when this does. 0 for an empty catalog. */
mc_err catalog_generation(store_conn *c, int64_t *gen, mc_error *err);
/** Versions of a procedure: arrays of version numbers and imported_at. */
mc_err catalog_versions(store_conn *c, arena *a, const char *code, int **versions, int64_t **imported, size_t *n,
                        mc_error *err);
/** Current templates of a procedure. */
mc_err catalog_templates(store_conn *c, arena *a, const char *code, proc_template **out, size_t *n, mc_error *err);

/** A search request. Empty or NULL members do not filter. */
typedef struct {
    const char *q, *field, *level, *unit, *online;
    int page, per_page; /**< 1-based page; per_page 1..100 */
} catalog_query;

/** One search result. */
typedef struct {
    const char *code, *name, *field, *levels, *online_level, *time_unit;
    int time_amount, version, score;
} catalog_hit;

/** Searches the current versions, insensitive to case, tone marks and đ/Đ;
 * ranked (code, whole phrase in the name, words in the name), paginated.
 * *total is the number of matches before paging. */
mc_err catalog_search(store_conn *c, arena *a, const catalog_query *q, catalog_hit **hits, size_t *n, size_t *total,
                      mc_error *err);
/** Fields with their procedure counts. */
mc_err catalog_fields(store_conn *c, arena *a, const char ***names, int64_t **counts, size_t *n, mc_error *err);
/** Number of procedures. */
mc_err catalog_count(store_conn *c, int64_t *n, mc_error *err);

/** Label of an online level ("Toàn trình", "Một phần", "Không"), or NULL if unknown. */
const char *catalog_online_label(const char *level);
/** Label of a level ("Cấp tỉnh", "Cấp xã", ...), or NULL if unknown. */
const char *catalog_level_label(const char *level);

#endif
