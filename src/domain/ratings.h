/* ratings.h - the applicant's rating of a dossier once its result is returned
 * (issue 14; ../shared/measurement.md §4): once per dossier, from the portal
 * (the citizen owner), the tracking page (code + key) or a counter tablet
 * (the receiver of the dossier's receiving unit, for the person in front of
 * them). The questions are a versioned set kept as data (rating_sets); a
 * rating records the version it answered. A rating is written in one
 * transaction with a journal entry "rate" on the dossier whose note holds a
 * SHA-256 of the stored rating, never its content. No rating names the
 * applicant; counts are by competent unit and period. */
#ifndef MC_RATINGS_H
#define MC_RATINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "dossier.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** The journal action of a rating, and how it reads in a dossier's history. */
#define RATINGS_ACTION       "rate"
#define RATINGS_ACTION_LABEL "Người dân đánh giá kết quả"

/** The three answers of the overall question (the values the store accepts). */
#define RATING_OVERALL_N 3
extern const char *const rating_overall_codes[RATING_OVERALL_N];

/** One answer a question offers. */
typedef struct {
    const char *code, *label;
} rating_option;

/** One question of a set besides the overall one. */
typedef struct {
    const char *code, *text, *source;
    bool required;
    const rating_option *options;
    size_t noptions;
} rating_question;

/** A question set, as its data file says (strings owned by whoever built it). */
typedef struct {
    const char *version, *effective_from, *source;
    const char *overall_text;
    rating_option overall[RATING_OVERALL_N]; /**< labels of rating_overall_codes, in that order */
    const char *comment_text;
    const rating_question *questions;
    size_t nquestions;
} rating_set;

/** Where a rating was given. */
typedef enum { RATING_PORTAL = 0, RATING_TRACKING, RATING_COUNTER, RATING__CHANNELS } rating_channel;
/** "portal" | "tracking" | "counter". */
const char *rating_channel_name(rating_channel c);
/** Vietnamese words of a channel ("trên cổng dịch vụ công", ...). */
const char *rating_channel_label(rating_channel c);
/** Channel of a name, -1 if unknown. */
int rating_channel_parse(const char *s);
/** The label of an overall answer code in Vietnamese, NULL if unknown. */
const char *rating_overall_label(const char *code);

/** Stores a question set (version, effective_from as YYYY-MM-DD, source, and its data file as `body`) inside
 *  write transaction w. A version already stored is kept as it was: MC_OK when its body is the same,
 *  MC_ERR_CONFLICT naming "version" when it differs (a published version never changes; make a new one). */
mc_err ratings_set_put(store_conn *w, const rating_set *set, const char *body, mc_time now, mc_error *err);
/** The data file (body) of the set in force on `day` (the latest effective then or before), or of `version`
 *  when not NULL; strings in arena a. MC_ERR_CONFLICT with a Vietnamese reason when there is none. */
mc_err ratings_set_body(store_conn *c, arena *a, const char *version, mc_day day, const char **body, mc_error *err);

/** What the applicant answered. */
typedef struct {
    const char *overall;        /**< one of rating_overall_codes */
    const char *const *codes;   /**< question codes ... */
    const char *const *answers; /**< ... and the option chosen for each */
    size_t n;
    const char *comment; /**< NULL or empty: none */
    rating_channel channel;
} rating_input;

/** A stored rating (strings in the caller's arena). */
typedef struct {
    int64_t id;
    const char *set_version, *overall, *answers /**< JSON object: question code → option code */, *comment;
    rating_channel channel;
    mc_time rated_at;
} rating;

/** Records the rating of dossier `code` as answered in `in` against `set`, at `now`, in one transaction with
 *  its journal entry. Who may: RATING_PORTAL the citizen who owns the dossier (who); RATING_COUNTER a
 *  receiver of the dossier's receiving unit (who); RATING_TRACKING anyone holding the code and its tracking
 *  key, which the caller has checked (who may be NULL). MC_ERR_NOT_FOUND (dossier_not_found) when the
 *  caller may not; MC_ERR_CONFLICT (409) before the result is returned, for a partner dossier (rated on its
 *  lead dossier), and for a second rating ("Hồ sơ này đã được đánh giá."); MC_ERR_INVALID (400) naming the
 *  field for an answer the set does not offer. *out (may be NULL) gets what was stored. */
mc_err ratings_record(store *s, const rating_set *set, const ds_actor *who, const char *code, const rating_input *in,
                      mc_time now, arena *a, rating *out, mc_error *err);

/** The rating of dossier id; MC_ERR_NOT_FOUND when it has none. */
mc_err ratings_of(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, rating *out, mc_error *err);

/** The SHA-256 (64 hex digits) of a stored rating of dossier `code`, as its journal entry records it. */
void ratings_digest(const char *code, const rating *r, char out[65]);
/** The note of a rating's journal entry: "<channel> sha256:<digest>" (arena). */
const char *ratings_journal_note(arena *a, const char *code, const rating *r);

/** True when the officer `who` handled dossier d (an entry of theirs in its journal or in a partner
 *  dossier's), and so may read its rating. */
bool ratings_handled_by(store_conn *c, const ds_actor *who, const dossier *d);

typedef struct {
    long very_satisfied, satisfied, dissatisfied, total;
} rating_counts;
/** Ratings given in [from, to) on dossiers whose competent unit is in the subtree `unit_path` (units.path LIKE
 * unit_path||'%'). Child dossiers (parent_id not null) never have their own rating. */
mc_err ratings_summary(store_conn *c, const char *unit_path, mc_time from, mc_time to, rating_counts *out,
                       mc_error *err);
typedef struct {
    const char *unit_code, *unit_name;
    rating_counts n;
} rating_unit_row;
/** Same, one row per competent unit in the subtree that has ratings, ordered by unit code; rows in arena a. */
mc_err ratings_by_unit(store_conn *c, arena *a, const char *unit_path, mc_time from, mc_time to, rating_unit_row **rows,
                       size_t *n, mc_error *err);

#endif
