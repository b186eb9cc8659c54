/* tasks.h - the reform's own work (issue 16): steering documents (directives, the yearly reform
 * plan, programmes, the sub-plans bodies issue to implement a task) and their items as tasks.
 *
 * A task has a code, a title, a lead body and cooperating bodies (any unit of the province: Party
 * committees, the People's Council and the Fatherland Front are units of kinds of their own), an
 * expected output and a deadline: due at the end of a working day, given as that day or as N
 * working days after a start day (a day that is not a working day moves to the next working day,
 * Civil Code 2015 Art. 148(5)). A recurring task (monthly, quarterly, yearly) has one occurrence per
 * period as its children, each due on day `due_day` of the period's last month (moved the same way).
 * A sub-plan is a document whose tasks are children of the task it implements.
 *
 * Progress: the lead body reports status (in progress, done) and percent with a text and evidence
 * files; cooperating bodies add texts and files only. A task with children (a recurring task, a
 * task implemented by a sub-plan, a directive item with sub-items) is never reported on directly:
 * its percent is the mean of its children's (rounded down), it is done when every child is done
 * (at the latest child's done time), in progress when any child has started. "Late" is computed:
 * overdue (not done, past its deadline) or done late (done after it).
 *
 * Who sees what (perm.h): a body reads the tasks it leads or cooperates in (ACT_TASK_READ over the
 * lead's or a cooperating body's unit), and the assigning body (the document's issuer, and the
 * issuers above it through sub-plans) reads what it assigned. ACT_TASK_REPORT over the lead's unit
 * reports progress; over a cooperating unit, comments. ACT_TASK_ASSIGN over the issuer issues
 * documents and adds tasks. Who may not read a task gets the same 404 as for an unknown one.
 *
 * The deadline job (tasks_scan) marks open work items due soon (TASKS_REMIND_WD working days
 * before) and overdue, once each, journaled with the assigning body named. Figures per body and
 * period: tasks_stats_of, the one computation the API, the pages and the periodic reports use.
 * Every change is one transaction with its entry in the journal (subject "task_doc" or "task"). */
#ifndef MC_TASKS_H
#define MC_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "dossier.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

#define TASKS_SUBJECT_DOC "task_doc"
#define TASKS_SUBJECT     "task"

/** Limits (docs/SECURITY.md). */
#define TASKS_MAX_PER_DOC     500  /**< tasks of one document, occurrences included */
#define TASKS_MAX_OCCURRENCES 120  /**< occurrences of one recurring task */
#define TASKS_MAX_COOP        20   /**< cooperating bodies of one task */
#define TASKS_MAX_REPORTS     200  /**< progress reports of one task */
#define TASKS_MAX_FILES       10   /**< evidence files of one report */
#define TASKS_MAX_WD          1000 /**< working days of a deadline given as N working days */
#define TASKS_REMIND_WD       2    /**< marked "due soon" this many working days before the deadline */
#define TASKS_MAX_PERIOD_DAYS 3660

/** Stored status of a work item. */
typedef enum { TASK_NOT_STARTED = 0, TASK_IN_PROGRESS, TASK_DONE } task_status;
/** "not_started" | "in_progress" | "done"; its Vietnamese label; parse (-1 unknown). */
const char *task_status_name(task_status s);
const char *task_status_label(task_status s);
int task_status_parse(const char *s);

/** Where a task stands at an instant (derived, never stored). */
typedef enum { TASK_S_NOT_STARTED = 0, TASK_S_IN_PROGRESS, TASK_S_OVERDUE, TASK_S_DONE, TASK_S_DONE_LATE } task_state;
const char *task_state_name(task_state s);
const char *task_state_label(task_state s);
/** The state of a task with status s, deadline due_at, done at done_at (0: not), as of now. */
task_state task_state_of(task_status s, mc_time due_at, mc_time done_at, mc_time now);

/** Kinds of steering documents. */
typedef enum { TDOC_DIRECTIVE = 0, TDOC_RESOLUTION, TDOC_PROGRAMME, TDOC_PLAN, TDOC_SUBPLAN, TDOC_OTHER } tdoc_kind;
const char *tdoc_kind_name(tdoc_kind k);
const char *tdoc_kind_label(tdoc_kind k);
int tdoc_kind_parse(const char *s);

/** Recurrence of a task: none, or one occurrence a month, quarter or year. */
typedef enum { TASK_ONCE = 0, TASK_MONTHLY, TASK_QUARTERLY, TASK_YEARLY } task_every;
/** "month" | "quarter" | "year" (NULL for TASK_ONCE); label; parse (-1 unknown). */
const char *task_every_name(task_every e);
const char *task_every_label(task_every e);
int task_every_parse(const char *s);

/* ---- the deadline rules (pure) ------------------------------------------------------------------ */

/** `day` when it is a working day, else the next working day (Civil Code 2015 Art. 148(5)); -1 when
 *  none within CAL_MAX_CLOSED_RUN days. */
mc_day tasks_working_day_on_or_after(const calendar *cal, mc_day day);
/** The n-th (n ≥ 1) working day after `start` (the start day itself not counted); -1 when none. */
mc_day tasks_working_days_after(const calendar *cal, mc_day start, int n);
/** The instant a task due on working day `day` is due: the end of that day's office hours. */
mc_time tasks_due_at(const calendar *cal, mc_day day);

/** One period of a recurring task. */
typedef struct {
    mc_day first, last; /**< the period's days */
    mc_day due;         /**< its occurrence's due day (a working day) */
    char label[16];     /**< "2026", "2026-Q3", "2026-02" */
} task_period;
/** The periods of a recurrence from the one holding `start` to the one holding `until`, each due on
 *  day min(due_day, month length) of the period's last month, moved to a working day. At most `cap`
 *  written; returns how many there are (more than cap: too many). */
size_t tasks_periods(const calendar *cal, task_every every, mc_day start, mc_day until, int due_day, task_period *out,
                     size_t cap);

/* ---- records as read (strings in the arena of the call) ----------------------------------------- */

typedef struct {
    int64_t id;
    const char *code, *name, *path;
} task_unit;

typedef struct {
    int64_t id;
    const char *tenant;
    tdoc_kind kind;
    const char *number, *issued_on, *title, *note;
    task_unit issuer;
    int64_t implements; /**< a sub-plan: the task it implements (0: none) */
    bool public_;
    mc_time created_at;
} tdoc;

typedef struct task task;
struct task {
    int64_t id, doc_id, parent_id;
    const char *tenant, *code, *title, *output, *note;
    task_unit lead;
    task_unit *coop;
    size_t ncoop;
    task_every every;   /**< a recurring task (its occurrences are its children) */
    const char *period; /**< an occurrence: its period's label; NULL otherwise */
    const char *start_on, *due_on, *due_rule;
    mc_time due_at;
    task_status status; /**< as stored (work items) */
    int percent;
    mc_time started_at, done_at; /**< 0: not */
    const char *alert;           /**< the deadline job's mark: NULL, "due_soon", "overdue" */
    mc_time alert_at;
    /* computed by tasks_load */
    const tdoc *doc;
    task *parent;
    task **children;
    size_t nchildren;
    int depth;              /**< 0 for a document's top tasks (a sub-plan's too) */
    task_status eff_status; /**< rolled up for a task with children */
    int eff_percent;        /**< rolled up */
    mc_time eff_started_at, eff_done_at;
    task_state state; /**< as of the time of tasks_load */
};

/** A province's documents and tasks, read whole, with the roll-up done. */
typedef struct {
    const char *tenant;
    tdoc *docs;
    size_t ndocs;
    task *t; /**< by id, ascending */
    size_t n;
} task_set;

/** Reads every document and task of `tenant` into *out (arena a), rolled up as of `now`. */
mc_err tasks_load(store_conn *c, arena *a, const char *tenant, mc_time now, task_set *out, mc_error *err);
/** The tenant (province) of user u: its unit's; NULL for a user without a unit. */
const char *tasks_tenant_of(store_conn *c, arena *a, const user *u);
task *tasks_find(const task_set *s, int64_t id);
const tdoc *tasks_doc_find(const task_set *s, int64_t id);

/** How u relates to t. */
typedef struct {
    bool lead;     /**< u reads for the lead body */
    bool coop;     /**< u reads for a cooperating body */
    bool assigner; /**< u reads for the issuer of t's document or of a document above it (sub-plans) */
} task_role;
task_role tasks_role_of(const user *u, const task *t);
/** May u read t (lead, cooperating or assigning body; or a reader of the whole province)? */
bool tasks_may_read(const user *u, const task *t);
/** May u report status and percent on t (a work item, not done, led by a body u reports for)? */
bool tasks_may_report(const user *u, const task *t);
/** May u add a text and files to t (lead or cooperating body u reports for, not done)? */
bool tasks_may_comment(const user *u, const task *t);
/** May u add tasks to the document (ACT_TASK_ASSIGN over its issuer)? */
bool tasks_may_assign(const user *u, const tdoc *d);
/** May u read the document (its issuer in reach, or any of its tasks readable)? */
bool tasks_may_read_doc(const user *u, const task_set *s, const tdoc *d);

/* ---- input ------------------------------------------------------------------------------------- */

typedef struct {
    const char *kind, *number, *issued_on, *issuer, *title, *note;
    int64_t implements; /**< a sub-plan: the task it implements */
    bool public_;
} tdoc_new;

typedef struct {
    const char *code; /**< NULL: "<document number>-<n>" */
    const char *title, *output, *note;
    const char *lead; /**< unit code */
    const char *const *coop;
    size_t ncoop;
    int64_t parent;       /**< a task of the same document (0: a top task; a sub-plan's: the task it implements) */
    const char *start_on; /**< default: the document's day */
    const char *due_on;   /**< one of: a day ... */
    int working_days;     /**< ... N working days after start_on ... */
    const char *every;    /**< ... or a recurrence: "month" | "quarter" | "year" */
    const char *until;    /**<     the last day the recurrence covers */
    int due_day;          /**<     day of the period's last month (default 20) */
} task_new;

typedef struct {
    int status;  /**< task_status, -1 not given */
    int percent; /**< 0..100, -1 not given */
    const char *text;
} task_report_in;

/* ---- operations (each one transaction, journaled) ------------------------------------------------ */

/** Issues a document as `by` (ACT_TASK_ASSIGN over the issuer; a sub-plan: its issuer is, or is under,
 *  the lead of the task it implements). 400 naming the field. by NULL: motcua itself (demo data). */
mc_err tasks_doc_create(store *s, arena *a, const tdoc_new *in, const user *by, mc_time now, int64_t *id,
                        mc_error *err);
/** Adds a task (and its occurrences) to document doc_id. 404 when the document is not readable,
 *  403 without ACT_TASK_ASSIGN over its issuer, 400 naming the field, 409 for a code in use. */
mc_err tasks_add(store *s, const calendar *cal, arena *a, int64_t doc_id, const task_new *in, const user *by,
                 mc_time now, int64_t *id, mc_error *err);
/** A progress report on task id with evidence files already stored. */
mc_err tasks_report(store *s, arena *a, int64_t id, const task_report_in *in, const ds_attachment *files, size_t nfiles,
                    const user *by, mc_time now, mc_error *err);

/** One evidence file. */
typedef struct {
    int64_t id, report_id;
    const char *name, *mime, *sha256, *stored;
    int64_t size;
} task_file;

/** One progress report. */
typedef struct {
    int64_t id;
    bool lead;
    int status;  /**< -1: none (a comment) */
    int percent; /**< -1: none */
    const char *text, *by_name, *unit_code, *unit_name;
    mc_time at;
    task_file *files;
    size_t nfiles;
} task_report;

/** The reports of task `id` of province `tenant` (its task_set's), oldest first, with their files. */
mc_err tasks_reports(store_conn *c, arena *a, const char *tenant, int64_t id, task_report **out, size_t *n,
                     mc_error *err);

/** The deadline job: marks open work items due soon or overdue, once each (journaled, naming the
 *  assigning body). *marked gets the count. */
mc_err tasks_scan(store *s, const calendar *cal, mc_time now, int *marked, mc_error *err);

/* ---- figures ------------------------------------------------------------------------------------ */

/** Task figures of a body: the work items (tasks without children: occurrences, sub-plan tasks) whose
 *  lead body is in the subtree, open in the period (started before `to`, not done before `from`),
 *  each in exactly one of the five buckets as of `asof` (the end of the period, or now). */
typedef struct {
    int64_t total;
    int64_t done_on_time; /**< done in [from, asof), by the deadline */
    int64_t done_late;    /**< done in [from, asof), after it */
    int64_t overdue;      /**< not done at asof and past the deadline */
    int64_t in_progress;  /**< not done, not past the deadline, a progress reported before asof */
    int64_t not_started;  /**< the rest */
} tasks_stats;
/** The one computation of the figures above (the API, the pages, the periodic reports). */
mc_err tasks_stats_of(store_conn *c, const char *unit_path, mc_time from, mc_time to, mc_time asof, tasks_stats *out,
                      mc_error *err);

#endif
