/* index766.h - the service index of Decision 766/QĐ-TTg ("Bộ chỉ số chỉ đạo, điều hành và
 * đánh giá chất lượng phục vụ người dân, doanh nghiệp"), computed live for a unit with its
 * sub-units over a period: five groups, each indicator with its inputs, formula and points.
 *
 * The formulas are versioned data (index766_sets.c), each with its legal source and how sure
 * it is; an input motcua does not record yet is "not recorded", never 0, and its points are
 * left out of the maximum the unit is scored against. The inputs come from the dossiers, the
 * catalog and the ratings (ratings.h); the API, the officers' page, the public board and the
 * exports all call index766_compute(), so that a figure is computed in one place. */
#ifndef MC_INDEX766_H
#define MC_INDEX766_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** The inputs (measures) an indicator reads. The first block is counted from the dossiers, the
 *  second from the catalog, the third from the ratings; the last block is what motcua does
 *  not record yet (an indicator reading one of them is "not recorded"). */
typedef enum {
    I766_M_NONE,
    /* dossiers (root dossiers of the scope active in the period; see index766.c) */
    I766_M_DOSSIERS,        /**< received before the end, not decided before the start */
    I766_M_ON_TIME,         /**< of those: decided by the due time, or open and not overdue; at most one supplement */
    I766_M_LATE,            /**< DOSSIERS - ON_TIME */
    I766_M_RECEIVED,        /**< received in the period */
    I766_M_ONLINE,          /**< of those: submitted online */
    I766_M_FEE,             /**< of those: with a fee to pay */
    I766_M_PAID_ONLINE,     /**< of those: paid by bank transfer matched from a statement (VietQR) */
    I766_M_RETURNED,        /**< result returned in the period */
    I766_M_E_RESULT,        /**< of those: returned electronically */
    I766_M_DIGITISED,       /**< received in the period with at least one component as a file */
    I766_M_DECIDED,         /**< decided in the period */
    I766_M_DECIDED_SECONDS, /**< their total time from receipt to decision, in seconds */
    /* catalog (the procedures under the competence of a unit of the scope) */
    I766_M_PROCS,
    I766_M_PROCS_COMPLETE,    /**< with all the parts the catalog records (index766.c) */
    I766_M_PROCS_ONLINE,      /**< with an online service (một phần or toàn trình) */
    I766_M_PROCS_ONLINE_USED, /**< of those: at least one online dossier received in the period */
    I766_M_PROCS_FEE,         /**< with a fee or charge */
    I766_M_PROCS_FEE_PAYABLE, /**< of those: payable by VietQR transfer (the unit has a bank account) */
    /* ratings */
    I766_M_RATINGS,   /**< ratings given in the period */
    I766_M_DISLIKED,  /**< of those: "Không hài lòng" */
    I766_M_SATISFIED, /**< of those: "Hài lòng" or "Rất hài lòng" (the public board's satisfaction) */
    /* not recorded by motcua yet */
    I766_M_PUBLISHED_ON_TIME, /**< procedures announced on time (dates of the legal basis) */
    I766_M_UPDATED_ON_TIME,   /**< procedures published on the national database on time */
    I766_M_SYNCED,            /**< dossiers synced to the national portal (issue 18) */
    I766_M_REUSED,            /**< dossiers reusing digitised data */
    I766_M_PERSONAL_STORE,    /**< components from, or results to, the citizen's data store */
    I766_M_POPULATION_PROCS,  /**< procedures using VNeID / population data */
    I766_M_POPULATION,        /**< dossiers using population data */
    I766_M_PAKN,              /**< feedback received (issue 15) */
    I766_M_PAKN_ON_TIME,      /**< feedback answered on time (issue 15) */
    I766_M_PAKN_SATISFIED,    /**< feedback answered and not disliked, late or re-raised (issue 15) */
    I766_M_COUNT
} i766_measure;

/** How an indicator turns its inputs into a value and points. */
typedef enum {
    I766_RATIO,      /**< value = num / den × 100; points = max if value ≥ threshold, else value × max / threshold
                          (threshold 100 when none: linear) */
    I766_COMPLEMENT, /**< value = 100 − (num + num2) / den × 100 (not below 0); points as RATIO */
    I766_AVERAGE,    /**< value = num / den / 86400 (days), shown, no points */
} i766_rule;

/** A group of indicators (thẻ). */
typedef struct {
    const char *key;  /**< "publicity", "progress", "digitisation", "online", "satisfaction" */
    const char *name; /**< Vietnamese */
    double max;       /**< its points in the decision */
} i766_group;

/** An indicator, as data. */
typedef struct {
    const char *id;    /**< "2.1" */
    const char *group; /**< key of its group */
    const char *name;  /**< Vietnamese */
    double max;        /**< points; 0 for an indicator only tracked */
    i766_rule rule;
    i766_measure num, num2, den;
    double threshold;    /**< percent that gives full points; 0 = linear */
    const char *formula; /**< in words, Vietnamese, as shown beside the figure */
    const char *evidence; /**< "[D]" official page, "[I]" secondary, "lựa chọn" motcua's choice: where it comes from */
} i766_indicator;

/** A band (xếp loại) of the total. */
typedef struct {
    double from; /**< lower bound of the score over 100, inclusive */
    const char *name;
    const char *evidence;
} i766_band;

/** A formula set: the rules that were in force from a date. */
typedef struct {
    const char *version;        /**< "766-2022.1" */
    const char *effective_from; /**< "YYYY-MM-DD" */
    const char *source;         /**< the legal source and what was verified */
    const i766_group *groups;
    size_t ngroups;
    const i766_indicator *indicators;
    size_t nindicators;
    const i766_band *bands; /**< highest first */
    size_t nbands;
} i766_set;

/** Every formula set, oldest first; count in *n. */
const i766_set *index766_sets(size_t *n);
/** The set in force on local day d (the newest whose effective_from ≤ d; the oldest before any). */
const i766_set *index766_set_at(mc_day d);
/** Vietnamese name of a measure; `recorded` false for what motcua does not record yet, with
 *  the reason in *why (may be NULL). */
const char *index766_measure_name(i766_measure m, bool *recorded, const char **why);
/** Whether measure k is recorded in the inputs m of a result: what motcua records, and the dossiers synced to
 *  the national portal once the province has a portal connection (index766_compute sets m[I766_M_SYNCED] to -1
 *  before that). *why (may be NULL) gets the reason when not. */
bool index766_recorded(const int64_t m[I766_M_COUNT], i766_measure k, const char **why);
/** Stable English key of a measure ("on_time"), for the API. */
const char *index766_measure_key(i766_measure m);

typedef enum {
    I766_OK,
    I766_NO_DATA,      /**< the denominator is 0: N/A, not 0 */
    I766_NOT_RECORDED, /**< an input motcua does not record yet */
} i766_status;

/** One indicator's outcome. value and points are rounded to 2 decimals. */
typedef struct {
    const i766_indicator *def;
    i766_status status;
    int64_t num, num2, den;
    double value;    /**< percent (days for AVERAGE); meaningful when status is OK */
    double points;   /**< 0 unless OK */
    const char *why; /**< status not OK: the reason, Vietnamese */
} i766_item;

typedef struct {
    const i766_group *def;
    double points;        /**< sum over its indicators */
    double max_available; /**< sum of the max of its indicators that are OK */
} i766_group_result;

#define I766_MAX_GROUPS 8
#define I766_MAX_ITEMS  40

/** The index of one scope. score = points / max_available × 100 (2 decimals), the figure
 *  ranked; band from the set. Nothing to score (max_available = 0) or no dossier in the period:
 *  score is NAN, band NULL (not ranked). */
typedef struct {
    const i766_set *set;
    int64_t m[I766_M_COUNT];
    i766_item items[I766_MAX_ITEMS];
    size_t nitems;
    i766_group_result groups[I766_MAX_GROUPS];
    size_t ngroups;
    double points, max_available, score;
    const char *band;
} i766_result;

/** Scores the inputs m with set: pure, no store. */
void index766_score(const i766_set *set, const int64_t m[I766_M_COUNT], i766_result *out);

/** A scope to compute: a unit with its sub-units. */
typedef struct {
    const char *code, *name, *kind, *path;
    i766_result r;
} i766_scope;

/** Computes the index of each scope over local days [from, to] as of `now` (dossiers open at
 *  min(end, now) are judged then), reading the store once for the whole subtree of root_path (the monthly
 *  sums of index766_months.h for a period of whole months, the dossiers otherwise);
 *  every scope's path must lie under root_path. The set is the one in force on `from`. */
mc_err index766_compute(store_conn *c, arena *a, const char *root_code, const char *root_path, mc_day from, mc_day to,
                        mc_time now, i766_scope *scopes, size_t n, mc_error *err);

/** index766_compute reading the dossiers themselves even for whole months (not the monthly sums of
 *  index766_months.h): what the sums are checked against in the tests and the benchmark. */
mc_err index766_compute_scan(store_conn *c, arena *a, const char *root_code, const char *root_path, mc_day from,
                             mc_day to, mc_time now, i766_scope *scopes, size_t n, mc_error *err);

/** A dossier that cost points in an indicator, and why. */
typedef struct {
    const char *code, *procedure, *unit_code;
    mc_time received_at, due_at, decided_at;
    const char *why; /**< Vietnamese */
} i766_cost;

/** The indicators whose dossiers index766_costs can list. */
bool index766_costs_known(const char *indicator);

/** The dossiers of the subtree of unit_path that are counted in the denominator of
 *  `indicator` but not in its numerator (or, for 5.4, in its subtracted counts), over the
 *  period, at most `limit` (ordered by code); *more set when there are others. */
mc_err index766_costs(store_conn *c, arena *a, const char *unit_path, const char *indicator, mc_day from, mc_day to,
                      mc_time now, size_t limit, i766_cost **out, size_t *n, bool *more, mc_error *err);

#endif
