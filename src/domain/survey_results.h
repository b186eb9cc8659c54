/* survey_results.h - the results of a SIPAS campaign: one computation for the
 * officers' page, the API and the exports (and, later, the PAR INDEX).
 *
 * The method (a choice of motcua, docs/DECISIONS.md "SIPAS (issue 14)": the
 * official aggregation of QĐ 1001/QĐ-BNV is unverified):
 * - an item's satisfied share = (Hài lòng + Rất hài lòng) / the answers to it;
 * - a respondent's score on an element = the share of their answers to its
 *   items that are satisfied (only items they answered; no score when none);
 * - a unit's element index = 100 × the mean of its respondents' scores, with
 *   n (respondents scored), s (their sample standard deviation, ×100) and the
 *   95% interval mean ± 1.96·s/√n clipped to [0, 100] (none when n < 2);
 * - a respondent's overall score = the weighted mean of their element scores
 *   (weights of the questionnaire, over the elements they have a score on);
 *   the overall index = the weighted mean of the element indices (over the
 *   elements with n > 0), its interval ± 1.96·s/√n of the overall scores;
 * - a unit with fewer respondents than the campaign's min_answers is marked
 *   (enough = false, "không đủ số phiếu") and not ranked; the others are ranked
 *   by overall index, highest first (equal indices share a rank: 1, 2, 2, 4).
 * The scope (the campaign's unit, or the unit_path asked) is computed the same
 * way over all its responses, and is never ranked. */
#ifndef MC_SURVEY_RESULTS_H
#define MC_SURVEY_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "survey_form.h"
#include "surveys.h"

/** An index on the scale 0..100 with its sample. */
typedef struct {
    int64_t n;     /**< respondents with a score */
    double index;  /**< mean × 100 (0 when n = 0) */
    double sd;     /**< sample standard deviation × 100 (0 when n < 2) */
    bool has_ci;   /**< n >= 2 */
    double lo, hi; /**< the 95% interval, clipped to [0, 100] */
} survey_stat;

/** An item's answers. */
typedef struct {
    int64_t answers, satisfied;  /**< answers given; of them Hài lòng or Rất hài lòng */
    int64_t count[SURVEY_SCALE]; /**< answers per point 1..5 */
    double share;                /**< 100 × satisfied / answers (0 when none) */
} survey_item_stat;

/** The results of one unit (or of the scope). */
typedef struct {
    int64_t unit_id;
    const char *unit_code, *unit_name, *unit_path;
    int64_t respondents;
    survey_stat *elements; /**< form.nel */
    survey_stat overall;
    survey_item_stat *items; /**< form.nitems */
    bool enough;             /**< respondents >= min_answers */
    int rank;                /**< 1.. among the units with enough answers; 0 when not ranked */
} survey_unit_result;

/** The results of a campaign. */
typedef struct {
    survey_campaign campaign;
    survey_form form;
    survey_unit_result scope; /**< every response under the path asked */
    survey_unit_result
        *units; /**< each unit with a response or an invite: the ranked by rank, then the marked by path */
    size_t nunits;
} survey_result;

/** Computes the results of campaign `campaign_id` (read with no scope check: the caller checks
 *  who may read it) over the units under unit_path (NULL: the campaign's unit). Everything lives
 *  in `a`. MC_ERR_NOT_FOUND for an unknown campaign. */
mc_err surveys_result(store_conn *c, arena *a, int64_t campaign_id, const char *unit_path, survey_result *out,
                      mc_error *err);

/** The pure part, for tests: the results of one group of respondents. scores holds n strings of
 *  form->nitems characters ('1'..'5', '-' none), as stored. */
void surveys_result_group(arena *a, const survey_form *form, const char *const *scores, size_t n, int64_t min_answers,
                          survey_unit_result *out);

#endif
