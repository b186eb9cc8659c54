/* parindex.h - the internal PAR INDEX (Chỉ số cải cách hành chính of the departments and of the
 * communes, issue 17).
 *
 * The index is data: a criteria set (par_set) is one year's tree for one level, loaded from a file
 * the Department of Home Affairs edits (data/parindex/, docs/PARINDEX.md): domains → criteria →
 * sub-criteria, each leaf with its maximum points and how it is scored:
 *   - PAR_SELF: by the unit, with evidence files, then appraised by the council;
 *   - PAR_COMPUTED: from motcua's own data (par_metrics.c: each metric calls the one computation of
 *     its figure: II.06a, the 766 index, feedback, tasks, inspections, legal documents, reports);
 *   - PAR_SURVEY: from the SIPAS campaign the round names (surveys_result).
 * A computed or survey leaf turns its value into points by a rule (proportional up to a value, or
 * steps); a value with no data (nothing to count) makes the leaf not applicable: it leaves the
 * maximum the unit is scored against (index = points / applicable maximum × 100).
 *
 * A round (par_rounds.c) is one year and level of a province: the council unit (thẩm định) opens it
 * with the deadlines; each unit self-scores and submits by the first deadline; the council changes
 * scores with reasons and sends its appraisal; the unit may explain once by the second deadline; the
 * council finalises: computed values are frozen, totals, ranks and bands computed and locked. Every
 * change of state is one transaction with its journal entry (subjects "par_round", "par_assessment").
 *
 * Points, values and indices are integers in hundredths (1.25 points = 125; 95.5% = 9550). */
#ifndef MC_PARINDEX_H
#define MC_PARINDEX_H

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
#define PAR_MAX_NODES     400 /**< nodes of one set (domains, criteria, sub-criteria) */
#define PAR_MAX_BANDS     10
#define PAR_MAX_STEPS     10     /**< steps of one rule */
#define PAR_MAX_FILES     10     /**< evidence files of one criterion of one assessment */
#define PAR_MAX_SET_BYTES 262144 /**< a set's data file */

#define PAR_SUBJECT_ROUND      "par_round"
#define PAR_SUBJECT_ASSESSMENT "par_assessment"

typedef enum { PAR_DEPARTMENT = 0, PAR_COMMUNE, PAR__LEVELS } par_level;
/** "department" | "commune"; parse: -1 unknown. */
const char *par_level_name(par_level l);
/** "sở, ban, ngành" | "xã, phường, đặc khu". */
const char *par_level_label(par_level l);
int par_level_parse(const char *s);
/** True when units of `kind` ("department", "commune", "ward", ...) are assessed at level l. */
bool par_level_has_kind(par_level l, const char *kind);

typedef enum { PAR_SELF = 0, PAR_COMPUTED, PAR_SURVEY } par_method;
/** "self" | "computed" | "survey"; parse: -1 unknown. */
const char *par_method_name(par_method m);
/** "Đơn vị tự chấm, có tài liệu kiểm chứng" ... */
const char *par_method_label(par_method m);
int par_method_parse(const char *s);

typedef enum { PAR_RULE_PROPORTIONAL = 0, PAR_RULE_STEPS } par_rule_kind;

/** A step: a value from `from` (inclusive) gives `points`. */
typedef struct {
    int64_t from, points;
} par_step;

/** A node of the tree, in pre-order. Leaves are scored; a parent's max is the sum of its leaves'. */
typedef struct {
    const char *code, *name;
    const char *parent; /**< code of the parent, NULL for a domain */
    int depth;          /**< 0 domain, 1 criterion, 2 sub-criterion */
    bool leaf;
    int64_t max;
    /* leaves */
    par_method method;
    const char *metric;  /**< PAR_COMPUTED / PAR_SURVEY: the metric key (par_metric_find) */
    const char *scoring; /**< how points are given, Vietnamese, for the reader */
    const char *evidence;
    bool evidence_required;
    par_rule_kind rule;
    int64_t full_at; /**< PROPORTIONAL: the value at which the leaf earns its max */
    par_step steps[PAR_MAX_STEPS];
    size_t nsteps; /**< STEPS: in descending `from` */
} par_node;

typedef struct {
    const char *code, *label;
    int64_t from; /**< lower bound of the index, inclusive (hundredths) */
} par_band;

/** A criteria set. */
typedef struct {
    const char *version, *title, *source;
    int year;
    par_level level;
    bool illustrative;
    int64_t max_points;
    par_node *nodes;
    size_t nnodes;
    par_band *bands; /**< descending `from`, the last from 0 */
    size_t nbands;
} par_set;

/** Checks a set whole: codes unique and dotted under their parent, depths, leaves with a method and
 *  max > 0, metrics known for their method, rules sane (steps descending, points ≤ max), the leaves'
 *  sum equal to max_points, bands descending to 0. MC_ERR_INVALID naming the node, in Vietnamese. */
mc_err par_set_check(const par_set *s, mc_error *err);
/** The node of `code`, or NULL. */
const par_node *par_node_find(const par_set *s, const char *code);
/** Index of the node of `code`, or -1. */
int par_node_index(const par_set *s, const char *code);

/** The points a computed or survey leaf earns for `value` (hundredths), by its rule. */
int64_t par_rule_points(const par_node *n, int64_t value);
/** The band of an index (hundredths), or NULL when the set has none. */
const par_band *par_band_of(const par_set *s, int64_t index);
/** round(10000 × points / max): the index in hundredths of a percent; 0 when max is 0. */
int64_t par_index_of(int64_t points, int64_t max);

/** Competition ranking ("1, 1, 3") of n indices, descending: rank[i] for idx[i]. */
void par_rank(const int64_t *idx, size_t n, int *rank);

/* ---- metrics ------------------------------------------------------------------------------------ */

/** A metric a computed or survey leaf may name. */
typedef struct {
    const char *key;    /**< "dossiers_on_time", "i766", "i766:3.3", "sipas", "sipas:2", ... */
    const char *label;  /**< Vietnamese */
    bool percent;       /**< a share in % (else a count) */
    par_method method;  /**< PAR_COMPUTED or PAR_SURVEY */
    const char *source; /**< the one computation it is taken from */
    const char *api;    /**< where the same figure reads in the API */
} par_metric_def;

/** The definition of a metric key (with its parameter: "i766:3.3"), or NULL when unknown. The
 *  returned definition's key is the family ("i766:"); the parameter is checked. */
const par_metric_def *par_metric_find(const char *key);

/** A leaf's value for a unit: hundredths (of a percent, or of a count); na when nothing to count. */
typedef struct {
    int64_t value;
    bool na;
    int64_t num, den;    /**< its inputs, when a share (den 0 otherwise) */
    const char *formula; /**< its inputs in words ("45 / 50 hồ sơ đã giải quyết"), or why na */
} par_value;

/** Computes the value of every computed and survey leaf of `set` for the unit u with its subtree over
 *  the calendar year, as of min(end of year, now); out has set->nnodes entries (others untouched).
 *  campaign_id (0: none) is the SIPAS campaign of the survey leaves. Reads the store only. */
mc_err par_metrics_unit(store_conn *c, arena *a, const par_set *set, const org_unit *u, int year, int64_t campaign_id,
                        mc_time now, par_value *out, mc_error *err);

/** The values of metric keys (as par_metric_find knows them) for the unit u with its subtree over the
 *  calendar year, as of min(end of year, now): out[i] for keys[i]. */
mc_err par_metrics_keys(store_conn *c, arena *a, const org_unit *u, int year, int64_t campaign_id, mc_time now,
                        const char *const *keys, size_t n, par_value *out, mc_error *err);

/* ---- sets in the store ---------------------------------------------------------------------------- */

/** Stores a checked set with the file it was read from (body); *added false when that version is
 *  stored already with the same body; 409 when the version is stored with another body. Inside w. */
mc_err par_sets_put(store_conn *w, const par_set *s, const char *body, mc_time now, bool *added, mc_error *err);
/** Reads a stored set; MC_ERR_NOT_FOUND naming "set" when none. */
mc_err par_set_load(store_conn *c, arena *a, const char *version, par_set *out, mc_error *err);
/** The stored sets' versions, years, levels and titles (nodes and bands not read), newest year first. */
mc_err par_sets_list(store_conn *c, arena *a, par_set **out, size_t *n, mc_error *err);

/* ---- rounds ---------------------------------------------------------------------------------------- */

typedef enum { PAR_A_DRAFT = 0, PAR_A_SUBMITTED, PAR_A_APPRAISED, PAR_A_EXPLAINED, PAR_A_FINAL } par_astate;
/** "draft" | "submitted" | "appraised" | "explained" | "final"; parse: -1. */
const char *par_astate_name(par_astate s);
/** "Đang tự chấm", "Đã nộp tự chấm", "Đã có kết quả thẩm định", "Đã giải trình", "Đã công bố". */
const char *par_astate_label(par_astate s);

/** A round as read. */
typedef struct {
    int64_t id;
    const char *tenant;
    int year;
    par_level level;
    const char *set_version;
    org_unit council; /**< the unit whose officers appraise (Sở Nội vụ) */
    mc_day self_due, explain_due;
    int64_t campaign_id;
    bool final;
    mc_time opened_at, finalised_at;
    const char *opened_by, *finalised_by;
} par_round;

/** What opens a round. */
typedef struct {
    int year;
    const char *level;       /**< "department" | "commune" */
    const char *set_version; /**< must be of that year and level */
    const char *council;     /**< unit code */
    const char *self_due;    /**< YYYY-MM-DD: self-assessments submitted by this day */
    const char *explain_due; /**< YYYY-MM-DD: explanations by this day (not before self_due) */
    int64_t campaign_id;     /**< the SIPAS campaign of the survey criteria, 0: none yet */
} par_round_new;

/** Opens a round for the province of the council unit, with an assessment (draft) for every unit of
 *  the level in force in that year; journaled. 403 unless by may manage rounds at the council unit;
 *  409 when the province has a round for that year and level; 400 naming the field. */
mc_err par_round_open(store *s, const user *by, const par_round_new *in, mc_time now, int64_t *id, mc_error *err);
/** Reads a round (no check of who asks), asked first in province `tenant` (the caller's; NULL: every
 *  province at once); MC_ERR_NOT_FOUND. */
mc_err par_round_get(store_conn *c, arena *a, int64_t id, const char *tenant, par_round *out, mc_error *err);
/** The rounds u may see (the council's, the province's when final, and those assessing u's unit). */
mc_err par_rounds_list(store_conn *c, arena *a, const user *u, par_round **out, size_t *n, mc_error *err);
/** Every round of every province (no check of who asks). */
mc_err par_rounds_all(store_conn *c, arena *a, par_round **out, size_t *n, mc_error *err);
/** The name of the unit's head now (its first active leader), or NULL. */
mc_err par_head_now(store_conn *c, arena *a, int64_t unit_id, const char **out, mc_error *err);
/** Sets the SIPAS campaign of an open round (council managers); journaled. */
mc_err par_round_set_campaign(store *s, const user *by, int64_t round_id, int64_t campaign_id, mc_time now,
                              mc_error *err);

/** Who u is in a round. */
bool par_is_council(const user *u, const par_round *r);
bool par_is_council_manager(const user *u, const par_round *r);
/** Whether u may read the assessment of the unit at unit_path: the unit itself, the council, and
 *  once the round is final whoever reads reports over that unit. */
bool par_may_read(const user *u, const par_round *r, const char *unit_path);
/** Whether u may read the evidence of that unit: the unit itself and the council only. */
bool par_may_read_evidence(const user *u, const par_round *r, const char *unit_path);

/** An evidence file. */
typedef struct {
    int64_t id;
    const char *criterion, *name, *mime, *sha256, *stored, *uploaded_by;
    int64_t size;
    mc_time at;
} par_file;

/** One leaf of an assessment. */
typedef struct {
    const par_node *node;
    bool has_self, has_appraised;
    int64_t self, appraised; /**< points */
    const char *self_note, *self_by, *reason, *appraised_by, *explanation;
    mc_time self_at, appraised_at;
    par_value value; /**< computed and survey leaves: live while open, frozen once final */
    bool applicable; /**< false: a computed or survey leaf with no data */
    int64_t points;  /**< what the leaf earns now (final once final) */
    par_file *files;
    size_t nfiles;
} par_score;

/** An assessment: one unit in a round. */
typedef struct {
    int64_t id;
    par_round round;
    par_set set;
    org_unit unit;
    par_astate state;
    mc_time submitted_at, appraised_at, explained_at;
    const char *submitted_by, *appraised_by, *explained_by;
    par_score *scores;          /**< set.nnodes entries; meaningful for leaves */
    int64_t *node_points;       /**< set.nnodes: points of each node (sums for parents) */
    int64_t *node_max;          /**< set.nnodes: applicable maximum of each node */
    int64_t points, max, index; /**< totals; index in hundredths of a percent */
    const par_band *band;
    int rank;              /**< once final */
    const char *head_name; /**< the unit's head at finalisation */
} par_assessment;

/** Reads the assessment of unit_code in a round, with its scores, files and values (computed live
 *  unless final). The caller checks who may read (par_may_read). MC_ERR_NOT_FOUND when the unit is
 *  not assessed in the round. */
mc_err par_assessment_load(store_conn *c, arena *a, int64_t round_id, const char *unit_code, mc_time now,
                           par_assessment *out, mc_error *err);

/** What u may do now on an assessment (the same rules the changes check, for pages and API clients). */
typedef struct {
    bool self;     /**< self-score and attach evidence */
    bool submit;   /**< submit the self-assessment */
    bool appraise; /**< give the council's score */
    bool send;     /**< send the appraisal to the unit */
    bool explain;  /**< send the one explanation */
    bool finalise; /**< finalise the round */
} par_rights;
void par_rights_of(const user *u, const par_assessment *x, mc_time now, par_rights *out);

/** The unit's self-score of a self leaf (0..max, hundredths) with its note; journaled. Only by the
 *  unit's officers (ACT_PAR_SELF), while a draft and not after self_due; 400 naming the field. */
mc_err par_self_score(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                      int64_t points, const char *note, mc_time now, mc_error *err);
/** Adds evidence files (already stored: attachments.h) to a leaf, same conditions as self-scoring. */
mc_err par_evidence_add(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                        const ds_attachment *files, size_t n, mc_time now, mc_error *err);
/** Submits the self-assessment (the unit's leader): every self leaf scored, evidence attached where
 *  required; draft → submitted; journaled with the self total. */
mc_err par_submit(store *s, const user *by, int64_t round_id, const char *unit_code, mc_time now, mc_error *err);
/** The council's score of a self leaf, with its reason (required): while submitted (appraisal) or
 *  explained (re-appraisal); journaled. */
mc_err par_appraise(store *s, const user *by, int64_t round_id, const char *unit_code, const char *criterion,
                    int64_t points, const char *reason, mc_time now, mc_error *err);
/** Sends the council's appraisal to the unit (council managers): submitted → appraised; journaled. */
mc_err par_send_appraisal(store *s, const user *by, int64_t round_id, const char *unit_code, mc_time now,
                          mc_error *err);

/** One explanation: a leaf the council changed, and the unit's words. */
typedef struct {
    const char *criterion, *text;
} par_explanation;
/** The unit's one explanation (its leader) of leaves the council changed: appraised → explained, by
 *  explain_due; 409 the second time. */
mc_err par_explain(store *s, const user *by, int64_t round_id, const char *unit_code, const par_explanation *items,
                   size_t n, mc_time now, mc_error *err);

/** Finalises a round (council managers): for every unit, computed and survey values computed now and
 *  frozen, final points (the appraisal, else the self-score if submitted, else 0), totals, indices,
 *  ranks and bands stored, the head's name kept; every assessment final, the round locked; journaled.
 *  The computation runs before the write transaction; 409 when final already. */
mc_err par_finalise(store *s, const user *by, int64_t round_id, mc_time now, mc_error *err);

/** A unit's line in a round's ranking. */
typedef struct {
    org_unit unit;
    par_astate state;
    int64_t points, max, index; /**< live while open (provisional), frozen once final */
    const par_band *band;
    int rank;
    bool has_prev; /**< assessed in the previous year's final round of the level */
    int64_t prev_index;
    int prev_rank;
    const char *head_name;
    const char *best, *worst; /**< codes of the domains with the highest and lowest share of their max */
    int64_t *domain_index;    /**< per domain (set order): index within the domain, -1 when none applicable */
    const char *best_criterion, *worst_criterion; /**< codes of the criteria (depth 1) with the highest, lowest share */
    int64_t *node_index; /**< per node of the set: its share of its applicable max (hundredths), -1 when none */
} par_line;

/** The ranking of a round: every assessed unit, by index (provisional while open). Reads each
 *  assessment (par_assessment_load). */
mc_err par_ranking(store_conn *c, arena *a, int64_t round_id, const char *tenant, mc_time now, par_set *set,
                   par_line **out, size_t *n, mc_error *err);

/* ---- heads' scorecards (par_scorecards.c) ------------------------------------------------------- */

/** The figures a scorecard brings together for each year, beside the PAR INDEX (metric keys). */
#define PAR_CARD_METRICS 7
/** Their keys, in order: on time, the 766 index, satisfaction, feedback, tasks, findings, reports. */
const char *const *par_card_metrics(void);

/** One year of a scorecard. */
typedef struct {
    int year;
    bool has_par; /**< assessed in a final round of the year */
    int64_t par_index, par_points, par_max;
    int par_rank, par_ranked; /**< its rank among par_ranked units */
    const char *par_band, *par_level;
    const char *head; /**< the head at that round's finalisation */
    int64_t round_id;
    par_value m[PAR_CARD_METRICS];
} par_card_year;

/** A scorecard: the unit, its head now, and its years (oldest first). */
typedef struct {
    org_unit unit;
    const char *head_now;
    par_card_year *years;
    size_t nyears;
} par_card;

/** Whether u may read the scorecard of the unit at unit_path (report.read over it: its leaders, supervisors,
 *  observers; the evaluation of a head is read by those above). */
bool par_may_read_card(const user *u, const char *unit_path);
/** The scorecard of unit_code for years [from, to] (at most 10), as of now: for each year the PAR INDEX of
 *  its final round (if any) and the card's figures, each from its one computation. MC_ERR_NOT_FOUND for
 *  an unknown unit; 400 naming "from" for a bad range. */
mc_err par_scorecard(store_conn *c, arena *a, const char *unit_code, int from, int to, mc_time now, par_card *out,
                     mc_error *err);

#endif
