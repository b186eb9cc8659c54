/* survey_internal.h - what the survey files of src/domain share (surveys.c writes,
 * survey_import.c and survey_results.c use). Not for other layers. */
#ifndef MC_SURVEY_INTERNAL_H
#define MC_SURVEY_INTERNAL_H

#include "surveys.h"

/** Encodes a reply (surveys.c: profile and answers as JSON, the scores string) and inserts it as
 *  a paper response of campaign c, unit unit_id, import batch `batch`, inside write transaction w. */
mc_err surveys_insert_paper(store_conn *w, arena *a, const survey_campaign *c, const survey_form *f, int64_t unit_id,
                            const survey_reply *r, int64_t batch, mc_time now, mc_error *err);
/** Appends an entry (by NULL: a respondent) to campaign c's journal inside write transaction w. */
mc_err surveys_event_put(store_conn *w, const survey_campaign *c, const user *by, const char *action, mc_time now,
                         const char *note, mc_error *err);

#endif
