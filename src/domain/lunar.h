/* lunar.h - the Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
 *
 * A lunar month starts on the local (UTC+7) civil day of a new moon. Month 11
 * is the month that contains the winter solstice. When two consecutive
 * month-11s are 13 months apart, the first month after the first of them that
 * contains no major solar term (sun's longitude a multiple of 30 degrees) is a
 * leap month and repeats the number of the month before it. New moons follow
 * Meeus, "Astronomical Algorithms" (2nd ed.), ch. 49; the sun's longitude
 * ch. 25; Delta T the Espenak-Meeus polynomials.
 *
 * Because Vietnam uses UTC+7 and China UTC+8, some months start a day
 * earlier than in the Chinese calendar (Tết 2007: 17 Feb vs 18 Feb) and
 * leap months can differ (Tết 1985: 21 Jan vs 20 Feb). UTC+7 is used for every
 * year; almanacs for years before 1968 (when North Vietnam still used UTC+8)
 * can differ from this calendar.
 *
 * All functions are pure, allocate nothing and are thread-safe. */
#ifndef MC_LUNAR_H
#define MC_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

#include "timeutil.h"

/** First and last lunar year supported. Results were checked against published
 * tables for 1990-2060 and by round trip over Gregorian 1900-2100. */
#define LUNAR_YEAR_MIN 1890
#define LUNAR_YEAR_MAX 2110

/** Returned by lunar_tet for a year outside the supported range. */
#define LUNAR_NO_DAY INT32_MIN

/** A lunar date. `year` is the Gregorian year in which that lunar year's
 * Tết falls; `leap` is true in a leap month (tháng nhuận). */
typedef struct {
    int year, month, day;
    bool leap;
} lunar_date;

/** Lunar date of a local civil day. For a day outside the supported lunar
 * years the result is all zero (year 0). */
lunar_date lunar_from_day(mc_day day);

/** Civil day of lunar date year/month/day (leap: in the leap month).
 * Returns false, leaving *out untouched, when that date does not exist: year
 * out of range, month not 1..12, no such leap month that year, or day beyond
 * the month's 29 or 30 days. `out` is written only on success. */
bool lunar_to_day(int year, int month, int day, bool leap, mc_day *out);

/** Civil day of Tết (1/1) of a lunar year; always in January or February of
 * Gregorian year `lunar_year`. LUNAR_NO_DAY outside the supported range. */
mc_day lunar_tet(int lunar_year);

#endif
