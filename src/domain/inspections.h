/* inspections.h - administrative-reform inspections (kiểm tra CCHC, issue 15).
 *
 * A year's plan (kế hoạch kiểm tra: its decision, its lead unit, a title) lists
 * targets: a unit, a planned day, the areas to look at and the mode (on site,
 * by report, ad hoc). An inspection (cuộc kiểm tra) is opened from a target or
 * ad hoc, of one unit's work over a period; it records the team, the day, and
 * findings (phát hiện), each in an area of the fixed table below, with a
 * description, a recommendation, the unit responsible for the remedy and a due
 * day. The responsible unit reports its remedies (báo cáo khắc phục) with
 * evidence files; an inspector closes the finding once remedied, on time when
 * the day of closing is not after the due day, late otherwise. The conclusion
 * (thông báo kết luận: number and date) ends the recording of findings.
 *
 * What the inspection needs from motcua itself is drawn for the inspected
 * unit's subtree and the period (inspections_drawn): the late dossiers as
 * report II.06a counts them, and the apology letters sent (the dossiers'
 * extensions). Statistics per unit and period: inspections_stats, the one
 * computation the API, the pages and any export use.
 *
 * Who (perm.h): ACT_INSPECTION_MANAGE (supervisors: their subtree; admins: all)
 * plans, opens, records findings, concludes and closes findings, for units in
 * their scope; ACT_INSPECTION_READ (supervisors, leaders: subtree) reads;
 * ACT_INSPECTION_REMEDY (leaders: subtree; specialists: their unit) reports the
 * remedies of findings whose responsible unit is in scope, and reads those
 * inspections. A manager of the inspected unit may also enter a remedy report
 * received on paper. Every change of state is one transaction with its entry
 * in the hash-chained journal (subject "inspection_plan" or "inspection"). */
#ifndef MC_INSPECTIONS_H
#define MC_INSPECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "dossier.h"
#include "err.h"
#include "feedback.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

/** Limits (docs/SECURITY.md). */
#define INSP_MAX_TARGETS     500 /**< targets of one plan */
#define INSP_MAX_FINDINGS    200 /**< findings of one inspection */
#define INSP_MAX_REMEDIES    100 /**< remedy reports of one finding */
#define INSP_MAX_FILES       10  /**< evidence files of one remedy report */
#define INSP_MAX_DRAWN       500 /**< dossiers listed by code in the drawn data (the counts are exact) */
#define INSP_MAX_PERIOD_DAYS 3660

/** An area of findings: the areas of the one-stop shop, then the 7 tasks of the CCHC programme. */
typedef struct {
    const char *code;  /**< stable, in the API */
    const char *label; /**< Vietnamese */
    const char *group; /**< "mot_cua" (one-stop shop) | "cchc" (the programme's tasks) | "khac" */
} insp_area;

/** The table of areas (static, n rows). */
const insp_area *insp_areas(size_t *n);
/** The area of a code, or NULL. */
const insp_area *insp_area_find(const char *code);

typedef enum { INSP_ON_SITE = 0, INSP_BY_REPORT, INSP_AD_HOC } insp_mode;
/** "on_site" | "by_report" | "ad_hoc"; -1 when unknown. */
int insp_mode_parse(const char *s);
const char *insp_mode_name(insp_mode m);
const char *insp_mode_label(insp_mode m);

/** Where a finding stands (derived, never stored). */
typedef enum {
    INSP_F_OPEN = 0,    /**< no remedy reported, not past due */
    INSP_F_IN_PROGRESS, /**< remedies reported, not closed, not past due */
    INSP_F_OVERDUE,     /**< not closed and its due day has passed */
    INSP_F_DONE,        /**< closed on time */
    INSP_F_DONE_LATE,   /**< closed after its due day */
} insp_finding_state;
/** The state of a finding: closed (and whether on time), remedies reported, due day, today. */
insp_finding_state insp_finding_state_of(bool closed, bool on_time, size_t remedies, mc_day due, mc_day today);
const char *insp_finding_state_name(insp_finding_state s);
const char *insp_finding_state_label(insp_finding_state s);
/** Whether closing at `closed_at` is on time for a finding due on day `due`: its local day is not after. */
bool insp_closed_on_time(mc_time closed_at, mc_day due);
/** Checks a comma-separated list of area codes (no repeats, at least one): MC_ERR_INVALID naming `field`. */
mc_err insp_areas_check(const char *list, const char *field, mc_error *err);

/* ---- records as read (strings in the arena of the call) ------------------------------------------ */

typedef struct {
    int64_t id, plan_id;
    int64_t unit_id;
    const char *unit_code, *unit_name, *unit_path;
    const char *planned_date; /**< YYYY-MM-DD */
    const char *areas;        /**< comma-separated codes */
    insp_mode mode;
    int64_t inspection_id; /**< the inspection opened from it, 0 if none yet */
    const char *tenant;
} insp_target;

typedef struct {
    int64_t id;
    const char *tenant;
    int year;
    const char *decision_no, *decision_date; /**< may be NULL */
    const char *title;
    int64_t lead_unit_id;
    const char *lead_unit_code, *lead_unit_name, *lead_unit_path;
    const char *created_by_name;
    mc_time created_at;
    insp_target *targets;
    size_t ntargets;
} insp_plan;

typedef struct {
    int64_t id, remedy_id;
    const char *name, *mime, *sha256, *stored;
    int64_t size;
} insp_evidence;

typedef struct {
    int64_t id;
    const char *report;
    mc_time reported_at;
    const char *reported_by_name, *reported_by_unit;
    insp_evidence *files;
    size_t nfiles;
} insp_remedy;

typedef struct {
    int64_t id;
    int seq; /**< its number in the inspection, from 1 */
    const char *area;
    const char *description, *recommendation;
    int64_t unit_id; /**< responsible */
    const char *unit_code, *unit_name, *unit_path;
    const char *due_date;
    mc_time raised_at;
    const char *raised_by_name;
    mc_time closed_at; /**< 0 while open */
    const char *closed_by_name, *close_note;
    bool on_time;
    insp_finding_state state; /**< as of the time the record was read */
    insp_remedy *remedies;
    size_t nremedies;
} insp_finding;

typedef struct {
    int64_t id;
    const char *tenant;
    int64_t target_id, plan_id; /**< 0 for an ad hoc inspection */
    const char *plan_title;
    int64_t unit_id;
    const char *unit_code, *unit_name, *unit_path;
    insp_mode mode;
    const char *period_from, *period_to, *inspected_on; /**< YYYY-MM-DD */
    const char *team;
    bool concluded;
    const char *conclusion_no, *conclusion_date;
    const char *created_by_name;
    mc_time created_at;
    int64_t findings, open_findings; /**< counts */
    insp_finding *f;                 /**< inspections_get only */
    size_t nf;
} inspection;

/* ---- input ------------------------------------------------------------------------------------- */

typedef struct {
    const char *unit_code, *planned_date, *areas, *mode;
} insp_target_new;

typedef struct {
    int year;
    const char *decision_no, *decision_date, *lead_unit_code, *title;
    const insp_target_new *targets; /**< may be empty */
    size_t ntargets;
} insp_plan_new;

/** An inspection: of a target (target_id), or ad hoc (unit_code; mode NULL = ad_hoc). */
typedef struct {
    int64_t target_id;
    const char *unit_code, *mode;
    const char *period_from, *period_to, *inspected_on, *team;
} insp_new;

typedef struct {
    const char *area, *description, *recommendation, *responsible_unit, *due_date;
} insp_finding_new;

/* ---- operations -------------------------------------------------------------------------------- */

/** Creates a plan with its targets, as `by` (MANAGE over the lead unit and every target's unit). 400 naming
 *  the field (year, decision_date, lead_unit, title, targets[i].unit|planned_date|areas|mode). */
mc_err inspections_plan_create(store *s, arena *a, const insp_plan_new *in, const user *by, mc_time now, int64_t *id,
                               mc_error *err);
/** Adds a target to a plan (MANAGE over the plan's lead unit and the target's unit). */
mc_err inspections_target_add(store *s, arena *a, int64_t plan_id, const insp_target_new *in, const user *by,
                              mc_time now, int64_t *id, mc_error *err);
/** A plan with its targets, if `by` may read it (READ or MANAGE over its lead unit); else 404. */
mc_err inspections_plan_get(store_conn *c, arena *a, int64_t id, const user *by, insp_plan *out, mc_error *err);
/** The plans of a year (0: all) `by` may read, newest first, without targets. */
mc_err inspections_plans(store_conn *c, arena *a, const user *by, int year, insp_plan **out, size_t *n, mc_error *err);

/** Opens an inspection (MANAGE over the inspected unit). A target is inspected once (409 after). */
mc_err inspections_open(store *s, arena *a, const insp_new *in, const user *by, mc_time now, int64_t *id,
                        mc_error *err);
/** An inspection with its findings, remedies and evidence, if `by` may read it; else 404. States as of now. */
mc_err inspections_get(store_conn *c, arena *a, int64_t id, const user *by, mc_time now, inspection *out,
                       mc_error *err);
/** The inspections `by` may read, newest first (without findings). */
mc_err inspections_list(store_conn *c, arena *a, const user *by, inspection **out, size_t *n, mc_error *err);
/** What `by` may do on an inspection read with inspections_get. */
bool inspections_may_manage(const user *by, const inspection *i);
bool inspections_may_remedy(const user *by, const inspection *i, const insp_finding *f);

/** Records a finding (MANAGE; the inspection not concluded: 409). *seq gets its number. */
mc_err inspections_finding_add(store *s, arena *a, int64_t id, const insp_finding_new *in, const user *by, mc_time now,
                               int *seq, mc_error *err);
/** Reports remedy progress on finding `seq` with evidence files already stored (may be none): 409 when the
 *  finding is closed; 403 unless `by` may report (inspections_may_remedy). */
mc_err inspections_remedy_report(store *s, arena *a, int64_t id, int seq, const char *report,
                                 const ds_attachment *files, size_t nfiles, const user *by, mc_time now, mc_error *err);
/** Closes finding `seq` as verified by `by` (MANAGE): 409 when closed already, or when no remedy report with
 *  evidence was made. On time when the day of `now` is not after the due day. */
mc_err inspections_finding_close(store *s, arena *a, int64_t id, int seq, const char *note, const user *by, mc_time now,
                                 mc_error *err);
/** Records the conclusion (number, date) and ends the recording of findings (MANAGE; 409 when concluded). */
mc_err inspections_conclude(store *s, arena *a, int64_t id, const char *no, const char *date, const user *by,
                            mc_time now, mc_error *err);

/* ---- the data drawn from motcua ------------------------------------------------------------------ */

typedef struct {
    const char *code, *procedure;
    mc_time due_at, decided_at; /**< decided_at 0: not decided by the end of the period */
} insp_late_dossier;

typedef struct {
    const char *code, *unit_code, *unit_name;
    mc_time at;
} insp_apology;

typedef struct {
    mc_time from, end, asof; /**< the period as instants: [from, end), counted as of asof = min(end, now) */
    int64_t late, late_decided, late_open; /**< exact counts */
    insp_late_dossier *late_v;             /**< at most INSP_MAX_DRAWN */
    size_t nlate;
    int64_t apologies;
    insp_apology *apology_v; /**< at most INSP_MAX_DRAWN */
    size_t napology;
    feedback_stats feedback; /**< the feedback of the subtree in the period (feedback_stats_of, as of asof) */
} insp_drawn;

/** The late dossiers, apology letters and feedback figures (received, answered on time and late, pending
 *  and overdue) of the inspected unit's subtree over the inspection's period. */
mc_err inspections_drawn(store_conn *c, arena *a, const inspection *i, mc_time now, insp_drawn *out, mc_error *err);

/* ---- statistics ---------------------------------------------------------------------------------- */

/** Findings of one responsible unit (or the total): raised in the period, closed on time and late in the
 *  period, open at its end (as of min(end, now)), and of those past their due day. */
typedef struct {
    int64_t unit_id;
    const char *unit_code, *unit_name;
    int64_t raised, closed_on_time, closed_late, open, overdue;
} insp_stats_row;

/** The findings whose responsible unit lies in the subtree of `unit_path`, per unit, over local days
 *  [from, to], as of now. Rows in the arena, in tree order; *total sums them. */
mc_err inspections_stats(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now,
                         insp_stats_row **rows, size_t *n, insp_stats_row *total, mc_error *err);

#endif
