/* reports.h - periodic administrative-reform reports (báo cáo CCHC định kỳ; issue 16): the
 * quarterly, six-month and yearly report of a unit (and of the province: a unit whose subtree is
 * the province), on the standard outline. The numeric annex is generated from motcua's own data by
 * the one computation of each figure (stats_ii06a, index766_compute, feedback_stats_of,
 * inspections_stats, legal_docs_stats, tasks_stats_of); the narrative sections are written by the unit; a report once
 * submitted is frozen: its figures, as they were at submission, are stored and never recomputed. Every change is
 * journaled (subject "cchc_report"). The reporting windows and due days are versioned data with
 * their source (reports.c; docs/REPORTS.md says what is unverified). */
#ifndef MC_REPORTS_H
#define MC_REPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "units.h"
#include "users.h"

#define REPORT_SUBJECT "cchc_report"

/** The periods a report covers. */
typedef enum { RP_Q1, RP_H1, RP_Q3, RP_YEAR, RP__KINDS } rp_kind;

/** "q1" | "h1" | "q3" | "year"; parse: -1 unknown. */
const char *rp_kind_name(rp_kind k);
/** "quý I", "6 tháng đầu năm", "quý III", "năm". */
const char *rp_kind_label(rp_kind k);
int rp_kind_parse(const char *s);

/** The data window [from, to] (local days) of a kind's report for a year, and its due day. */
void reports_window(rp_kind k, int year, mc_day *from, mc_day *to, mc_day *due);
/** The source of the windows and due days (Vietnamese; says it is unverified). */
const char *reports_window_source(void);

/** A section of the outline, which the unit writes. */
typedef struct {
    const char *part;  /**< the heading of the part this section opens ("I. Kết quả ..."), or NULL */
    const char *key;   /**< "chi_dao", "the_che" ... */
    const char *title; /**< "1. Công tác chỉ đạo, điều hành" */
    const char *hint;  /**< what to write, for the form */
} rp_section;
#define RP_SECTIONS 10
/** The outline, in order (RP_SECTIONS entries). */
const rp_section *reports_outline(void);

/** How a figure reads. */
typedef enum { RF_COUNT, RF_PERCENT, RF_SCORE } rf_kind;

/** One figure of the annex, as data: its key, group, label and where it comes from. */
typedef struct {
    const char *key, *group, *label;
    rf_kind kind;       /**< PERCENT and SCORE are stored in hundredths */
    const char *source; /**< the computation it is taken from, for the reader */
} rp_figure_def;
#define RP_FIGURES 39
/** The annex's figures, in order (RP_FIGURES entries). */
const rp_figure_def *reports_figures(void);

/** A figure's value: v (hundredths for PERCENT and SCORE), or na (no data: not 0). */
typedef struct {
    int64_t v;
    bool na;
} rp_value;

/** Computes every figure of the annex for the subtree of u over [from, to], as of now (open
 *  dossiers and feedback judged at min(end, now)), each by its module's one computation. */
mc_err reports_annex(store_conn *c, arena *a, const org_unit *u, mc_day from, mc_day to, mc_time now,
                     rp_value out[RP_FIGURES], mc_error *err);

/** A report: stored, or blank (id 0) when the unit has not started it. */
typedef struct {
    int64_t id;
    org_unit unit;
    const char *parent_name; /**< the unit's parent (the letterhead's upper line), or NULL */
    int year;
    rp_kind kind;
    mc_day from, to, due;
    const char *number, *place, *signer_title, *signer_name, *recipients; /**< NULL until written */
    const char *place_default; /**< the province's name ("Cao Bằng"), written when place is not */
    int64_t revision;          /**< grows with every save: a submission freezes the revision it checked */
    bool submitted;
    mc_time created_at, updated_at, submitted_at, asof; /**< asof: when its figures were computed */
    const char *submitted_by;
    const char *sections[RP_SECTIONS]; /**< texts, "" when empty */
    rp_value figures[RP_FIGURES];      /**< frozen at submission; live (as of now) for a draft */
    const char *missing;               /**< units below that had not submitted: frozen text, or live */
    int expected, reported;            /**< units below expected to report, and those that submitted */
} report;

/** Reads the report of unit_code for (year, kind): stored, or blank; its figures frozen or live.
 *  The caller checks who may read (reports_may_read). MC_ERR_NOT_FOUND for an unknown unit. */
mc_err reports_load(store_conn *c, arena *a, const char *unit_code, int year, rp_kind kind, mc_time now, report *out,
                    mc_error *err);
/** True when u may read the reports of the unit at path (report.read over it). */
bool reports_may_read(const user *u, const char *unit_path);
/** True when u may write (and submit) the reports of that unit. */
bool reports_may_write(const user *u, const char *unit_path);
bool reports_may_submit(const user *u, const char *unit_path);

/** What a unit writes: fields left NULL are kept. sections[i] NULL keeps section i. */
typedef struct {
    const char *number, *place, *signer_title, *signer_name, *recipients;
    const char *sections[RP_SECTIONS];
} report_edit;

/** Saves a draft (creating it), journaled. 403 without the right; 409 once submitted; 400 naming
 *  a field too long. */
mc_err reports_save(store *s, const user *by, const char *unit_code, int year, rp_kind kind, const report_edit *in,
                    mc_time now, mc_error *err);
/** Submits: checks the number, the signer and every section are written (400 naming the first
 *  missing), computes the annex (outside the write transaction) and freezes it with the list of
 *  units below that have not reported, journaled. 409 if already submitted. */
mc_err reports_submit(store *s, const user *by, const char *unit_code, int year, rp_kind kind, mc_time now,
                      mc_error *err);

/** The unit's periodic reports of `year` that count by asof (their due day has ended, or they were
 *  submitted), into *due, and of those the ones submitted by their due day, into *on_time: the
 *  "reports on time" of the PAR INDEX (parindex.h). */
mc_err reports_on_time_of(store_conn *c, int64_t unit_id, int year, mc_time asof, int *due, int *on_time,
                          mc_error *err);

/** A unit expected to report, and how far it is. */
typedef struct {
    const char *code, *name, *kind;
    const char *state; /**< "none", "draft", "submitted" */
    const char *number;
    mc_time submitted_at;
} report_status;

/** The units below root that report (kinds in reports.c's table: departments, communes, wards, special
 *  zones; in force during the window) and the state of their report for (year, kind). */
mc_err reports_overview(store_conn *c, arena *a, const org_unit *root, int year, rp_kind kind, report_status **out,
                        size_t *n, mc_error *err);

#endif
