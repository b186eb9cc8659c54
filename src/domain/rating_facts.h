/* rating_facts.h - what a dossier's own record says about how it was served,
 * so that no one is ever asked it: the working time used against the time
 * the law allows, the time each agency held the file, the requests to
 * supplement, the agencies the applicant had to go to; and from these the
 * legacy evaluation's items 1-4 (TT 01/2018/TT-VPCP annex, 2/1/0 points;
 * ../shared/domain.md §5.1). Pure: computed from the dossier, its journal
 * and the working-time calendar, nothing read or written. */
#ifndef MC_RATING_FACTS_H
#define MC_RATING_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "dossier.h"
#include "journal.h"

/** The time one agency held the file. */
typedef struct {
    const char *unit_code;    /**< borrowed from the journal */
    int64_t seconds;          /**< working seconds it held the file (the applicant's pauses left out) */
    int early, on_time, late; /**< its timed acts (steps closed, results handed back) by their timing */
    const char
        *timing; /**< "late" if any act was late, "early" if all were early, else "on_time"; NULL if none timed */
} rating_unit_time;

/** The facts of one dossier. Times are 0 while unknown. */
typedef struct {
    mc_time start;           /**< received (the clock started) */
    mc_time end;             /**< decided (the processing time ended); 0 while undecided */
    mc_time statutory_due;   /**< the appointment the law gave: before any extension, moved by the pauses
                                  before that extension */
    int64_t used_seconds;    /**< working seconds from start to end, the applicant's pauses left out */
    int64_t allowed_seconds; /**< working seconds from start to statutory_due, the same pauses left out */
    const char *timing;      /**< end against statutory_due: "early" (a working day before), "on_time", "late";
                                  NULL while undecided */
    int supplements;         /**< requests to supplement: at intake and during processing */
    int contacts;            /**< agencies the applicant had to go to: 0 online with the result not at a counter,
                                  else 1 (only the one-stop counter; partner agencies are reached by the agencies) */
    rating_unit_time *units; /**< each agency that held the file, in the order it first got it (arena) */
    size_t nunits;
    int legacy[4]; /**< items 1-4 of the legacy evaluation: 2, 1 or 0; -1 when the record cannot tell */
} rating_facts;

/** Computes the facts of d from its journal v (n entries, oldest first, as journal_of gives them) on the
 *  calendar cal. Strings are borrowed from d and v; the units array is in arena a. Never fails. */
void rating_facts_of(const calendar *cal, const dossier *d, const journal_entry *v, size_t n, arena *a,
                     rating_facts *out);

/** "N ngày M giờ làm việc" for working seconds, with the calendar's nominal working day (into buf of size n). */
const char *rating_facts_duration_text(const calendar *cal, int64_t seconds, char *buf, size_t n);

#endif
