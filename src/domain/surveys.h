/* surveys.h - SIPAS survey campaigns (issue 14).
 *
 * A campaign asks the applicants of the dossiers returned in a period, in a
 * unit's subtree, how satisfied they are (the questionnaire of survey_form.h,
 * kept at the version the campaign was created with). Its life: created as a
 * draft by a supervisor or an administrator of the unit's subtree
 * (ACT_SURVEY_MANAGE); the sample drawn once (draft → open): sample_size root
 * dossiers drawn uniformly at random, without repetition, from those returned
 * to the applicant in the period whose competent unit lies in the subtree, one
 * invite each with a one-time token, of which only the hash is kept (the
 * tokens are handed to the officer once, to be sent by SMS or post); answered
 * once through the link, or on paper and imported (survey_import); closed
 * (open → closed) when no more answers are taken. Reading a campaign and its
 * results takes ACT_SURVEY_READ over its unit.
 *
 * The draw is reproducible: the 32-byte seed (libsodium randombytes) is
 * recorded with the population's size, and the population is the dossiers of
 * the query in id order; surveys_draw_indices turns the seed into the same
 * picks every time. The drawn list itself is kept too (the invites, in order).
 *
 * Responses carry no applicant identity: their unit, channel, profile (the
 * optional questions) and answers, and the day they came, never the invite,
 * the dossier or the instant. Every change of a campaign is written to its
 * journal (survey_events: who, what, when). */
#ifndef MC_SURVEYS_H
#define MC_SURVEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "survey_form.h"
#include "timeutil.h"
#include "users.h"

/** Limits of a campaign (documented in docs/SECURITY.md). */
#define SURVEY_MAX_SAMPLE 10000
/** Limits of a paper import: the file's bytes (CSV or XLSX), its data rows. */
#define SURVEY_IMPORT_MAX_BYTES (2u << 20)
#define SURVEY_IMPORT_MAX_ROWS  5000
/** Characters of a one-time token (16 random bytes, base64url). */
#define SURVEY_TOKEN_LEN 22

typedef enum { SURVEY_DRAFT = 0, SURVEY_OPEN, SURVEY_CLOSED } survey_status;

/** A campaign as read (strings in the arena of the call). */
typedef struct {
    int64_t id;
    const char *tenant, *name;
    const char *from, *to; /**< the period, "YYYY-MM-DD", both days included */
    int64_t unit_id;
    const char *unit_code, *unit_name, *unit_path;
    const char *questionnaire; /**< its version */
    int64_t sample_size, min_answers;
    survey_status status;
    const char *seed;   /**< 64 hex digits once drawn, else NULL */
    int64_t population; /**< dossiers the sample was drawn from (-1 before the draw) */
    mc_time drawn_at;   /**< 0 before the draw */
    int64_t created_by;
    const char *created_by_name;
    mc_time created_at;
    int64_t invites, answered, responses; /**< counts */
} survey_campaign;

/** Input of surveys_create. questionnaire NULL: the newest loaded; min_answers 0: the questionnaire's. */
typedef struct {
    const char *name, *from, *to, *unit_code, *questionnaire;
    int64_t sample_size, min_answers;
} survey_new;

/** One drawn dossier. */
typedef struct {
    int seq; /**< order of the draw, from 1 */
    const char *dossier_code, *unit_code, *unit_name;
    const char *token; /**< only in what surveys_draw returns, else NULL */
    mc_time used_at;   /**< 0 while unanswered */
} survey_invite;

/** What a draw made. */
typedef struct {
    int64_t population;
    survey_invite *v;
    size_t n;
    const char *seed;
} survey_draw;

/** One entry of a campaign's journal. */
typedef struct {
    int64_t user_id; /**< 0 for a respondent */
    const char *actor, *action, *note;
    mc_time at;
} survey_event;

/** Stable name of a status: draft, open, closed. */
const char *survey_status_name(survey_status s);
/** Vietnamese label of a status. */
const char *survey_status_label(survey_status s);

/** Stores a questionnaire (its JSON `body` as loaded, and f) unless its version is there already
 *  (*added false then; a version is never replaced). Its own transaction. */
mc_err surveys_questionnaire_put(store *s, const survey_form *f, const char *body, mc_time now, bool *added,
                                 mc_error *err);
/** Reads a questionnaire by version (NULL: the newest loaded) into *f, and its JSON into *body
 *  (may be NULL). MC_ERR_NOT_FOUND when there is none. */
mc_err surveys_questionnaire_get(store_conn *c, arena *a, const char *version, survey_form *f, const char **body,
                                 mc_error *err);

/** Creates a campaign as `by` (journaled "create"). 403 unless `by` may manage surveys of the unit;
 *  400 naming the field: name, from, to (YYYY-MM-DD, to not before from), unit, sample_size
 *  (1..SURVEY_MAX_SAMPLE), min_answers, questionnaire (unknown; none loaded). */
mc_err surveys_create(store *s, arena *a, const survey_new *in, const user *by, mc_time now, int64_t *id,
                      mc_error *err);
/** Reads a campaign `by` may read (ACT_SURVEY_READ over its unit); MC_ERR_NOT_FOUND otherwise,
 *  the same answer as for an unknown id. `by` NULL: no check (the public answering page). */
mc_err surveys_get(store_conn *c, arena *a, int64_t id, const user *by, survey_campaign *out, mc_error *err);
/** Reads a campaign (no check of who asks), asked first in province `tenant` (NULL: in every province at
 *  once); MC_ERR_NOT_FOUND. */
mc_err surveys_get_in(store_conn *c, arena *a, int64_t id, const char *tenant, survey_campaign *out, mc_error *err);
/** The campaigns `by` may read, newest first. Array in the arena. */
mc_err surveys_list(store_conn *c, arena *a, const user *by, survey_campaign **out, size_t *n, mc_error *err);
/** Whether `by` may manage (draw, import, close) campaign c. */
bool surveys_may_manage(const user *by, const survey_campaign *c);

/** Picks k distinct indices of [0, n) (k <= n), uniformly, as the 32-byte seed decides: the same
 *  seed, n and k give the same picks in the same order (a partial Fisher-Yates shuffle driven by
 *  randombytes_buf_deterministic). out holds k. */
void surveys_draw_indices(const unsigned char seed[32], size_t n, size_t k, size_t *out);
/** Draws the sample of a draft campaign (draft → open; journaled "draw" with the seed and the
 *  population): out gets the invites with their tokens, the only time they are seen. With no
 *  dossier returned in the period and scope, nothing is drawn or recorded: out->n = 0,
 *  out->population = 0, and the campaign stays a draft. 409 when drawn before or not a draft. */
mc_err surveys_draw(store *s, arena *a, int64_t id, const user *by, mc_time now, survey_draw *out, mc_error *err);
/** The invites of a campaign, in draw order, without tokens. */
mc_err surveys_invites(store_conn *c, arena *a, const char *tenant, int64_t id, survey_invite **out, size_t *n,
                       mc_error *err);
/** Closes an open campaign (journaled "close"); 409 when it is not open. */
mc_err surveys_close(store *s, arena *a, int64_t id, const user *by, mc_time now, mc_error *err);
/** The journal of campaign `id` of province `tenant` (the campaign's), oldest first. */
mc_err surveys_events(store_conn *c, arena *a, const char *tenant, int64_t id, survey_event **out, size_t *n,
                      mc_error *err);

/** Whether s has the shape of a token. */
bool surveys_token_valid(const char *s);
/** What a token opens: its campaign (unchecked reach), its questionnaire, its unit, and whether it
 *  was used. MC_ERR_NOT_FOUND for an unknown or malformed token. */
typedef struct {
    survey_campaign campaign;
    survey_form form;
    const char *unit_code, *unit_name;
    bool used;
} survey_ticket;
mc_err surveys_ticket(store_conn *c, arena *a, const char *token, survey_ticket *out, mc_error *err);

/** One respondent's answers: profile[q] for each profile question (0 = not answered), answers[i]
 *  for each item (1..5, 0 = không trả lời). */
typedef struct {
    const int *profile;
    const int *answers;
} survey_reply;
/** Checks a reply against the questionnaire: MC_ERR_INVALID naming the item or question at fault
 *  (a value out of range), or "answers" when no item is answered. */
mc_err surveys_reply_check(const survey_form *f, const survey_reply *r, mc_error *err);
/** Records the answer of a token, once: 404 unknown token, 409 (MC_ERR_CONFLICT) when it was used
 *  before, 409 when the campaign is not open, 400 as surveys_reply_check. One transaction: the
 *  invite used, the response, the journal entry. */
mc_err surveys_answer(store *s, arena *a, const char *token, const survey_reply *r, mc_time now, mc_error *err);

/* ---- paper answers (survey_import.c) ---------------------------------------------------------- */

/** A table read from a CSV or XLSX file: rows of cells, each with its line in the file. */
typedef struct {
    const char *const *cells;
    size_t n;
    int line;
} survey_row;

/** One fault of an import. */
typedef struct {
    int line;           /**< 1-based line (CSV) or row (XLSX) of the file */
    const char *column; /**< the column's header, or NULL for the whole row */
    const char *reason; /**< Vietnamese */
} survey_import_error;

/** The outcome of an import. */
typedef struct {
    size_t imported;
    int64_t batch;
    survey_import_error *errors;
    size_t nerrors;
} survey_import_report;

/** The header of the paper template: don_vi, the profile questions' codes, the items' codes. */
const char *const *surveys_template_header(arena *a, const survey_form *f, size_t *n);
/** Imports paper answers into a campaign that is not closed, as `by` (who may manage it): rows[0]
 *  is the header (columns found by name: don_vi, profile codes, item codes; every item column is
 *  required), each other row one respondent: the code of a unit in the campaign's subtree, profile
 *  values (an option's number or empty) and answers (1..5, empty for "không trả lời"). Every row
 *  is checked first; with any fault, nothing is written and MC_ERR_INVALID is returned with every
 *  fault in rep (line, column, Vietnamese reason). Otherwise all rows in one transaction, one
 *  import batch, journaled "import" with the file's name. At most SURVEY_IMPORT_MAX_ROWS rows
 *  (413 beyond). */
mc_err surveys_import(store *s, arena *a, int64_t id, const user *by, const survey_row *rows, size_t nrows,
                      const char *file_name, mc_time now, survey_import_report *rep, mc_error *err);

#endif
