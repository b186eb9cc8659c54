/* holiday_rules.h - proposed public-sector days off for a year without an
 * official decision.
 *
 * The proposal applies Labour Code 2019 (Bộ luật Lao động, BLLĐ) Art. 112(1):
 * 1/1; Tết Âm lịch 5 days (the last day of the old lunar year and mùng 1-4);
 * 30/4; 1/5; 2/9 plus one adjacent day; Giỗ Tổ Hùng Vương 10/3 lunar. Then
 * Art. 111(3): a holiday on a weekly rest day (Saturday or Sunday in the
 * public sector) is compensated on the next working day that is not already
 * a holiday. The exact Tết days and the extra Quốc khánh day are fixed yearly
 * by the Prime Minister (Art. 112(3)), so the result is only a proposal for an
 * administrator to confirm, never the calendar itself. */
#ifndef MC_HOLIDAY_RULES_H
#define MC_HOLIDAY_RULES_H

#include <stddef.h>

#include "timeutil.h"

/** Upper bound on the number of proposals for any year. */
#define HOLIDAY_PROPOSALS_MAX 24

/** One proposed day off. `name` is Vietnamese, e.g. "Tết Nguyên đán" or
 * "Nghỉ bù Giỗ Tổ Hùng Vương"; `rule` is a short legal reference, e.g.
 * "BLLĐ 2019 Điều 112(1)(b)". Both are NUL-terminated UTF-8. */
typedef struct {
    mc_day day;
    char name[96];
    char rule[160];
} holiday_proposal;

/** Proposed days off of Gregorian year `year`, sorted by day, one per day.
 * Writes the first min(count, cap) proposals into the caller-owned array
 * `out` (which may be NULL when cap is 0) and returns count, which is at most
 * HOLIDAY_PROPOSALS_MAX. Returns 0 for a year outside the lunar calendar's
 * range (LUNAR_YEAR_MIN..LUNAR_YEAR_MAX). */
size_t holiday_propose(int year, holiday_proposal *out, size_t cap);

#endif
