/* timeutil.h - instants, civil days and Vietnam local time.
 *
 * motcua stores instants as UTC epoch seconds (mc_time). Vietnam is UTC+7 with
 * no daylight saving, so local civil time is a fixed offset. A civil day is
 * counted as days since 1970-01-01 in local time (mc_day). */
#ifndef MC_TIMEUTIL_H
#define MC_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** UTC epoch seconds. */
typedef int64_t mc_time;
/** Local (UTC+7) civil day number: 0 is 1970-01-01. */
typedef int32_t mc_day;

/** Offset of Vietnam local time from UTC, in seconds. */
#define MC_TZ_OFFSET (7 * 3600)

/** Day number of the proleptic Gregorian date y-m-d (no validation). */
mc_day day_from_ymd(int y, int m, int d);
/** Inverse of day_from_ymd. */
void day_to_ymd(mc_day day, int *y, int *m, int *d);
/** Day of week of a day: 0 = Sunday, 1 = Monday ... 6 = Saturday. */
int day_weekday(mc_day day);
/** True when y-m-d is a real Gregorian date (1..9999). */
bool ymd_valid(int y, int m, int d);
/** Number of days in month m of year y. */
int ymd_month_days(int y, int m);

/** The instant at local day `day`, `sec` seconds after local midnight. */
mc_time time_from_local(mc_day day, int sec);
/** Local day of an instant. */
mc_day time_local_day(mc_time t);
/** Seconds since local midnight of an instant (0..86399). */
int time_local_sec(mc_time t);

/** Parses "YYYY-MM-DD" into a day. Returns false on any malformed or invalid date. */
bool day_parse(const char *s, mc_day *out);
/** Writes "YYYY-MM-DD" (11 bytes with NUL) into buf. */
void day_format(mc_day day, char buf[11]);

/** Parses an ISO 8601 instant: "YYYY-MM-DDTHH:MM[:SS]" followed by "Z", "+HH:MM"
 * or "-HH:MM"; without a zone the time is Vietnam local time. Returns false on
 * malformed or out-of-range input. */
bool time_parse_iso8601(const char *s, mc_time *out);
/** Writes "YYYY-MM-DDTHH:MM:SS+07:00" (26 bytes with NUL) into buf. */
void time_format_iso8601(mc_time t, char buf[26]);
/** Writes "HH:MM dd/mm/yyyy" local (17 bytes with NUL), the form used on slips. */
void time_format_vn(mc_time t, char buf[17]);
/** Current instant (UTC epoch seconds): the system clock, or the test clock. */
mc_time time_now(void);
/** Test and training clock: from now on time_now() reads an ISO 8601 instant
 * from the file at `path` on every call (falling back to the system clock if
 * the file is missing or unreadable). NULL restores the system clock. The path
 * is copied. Not for production. */
void time_use_clock_file(const char *path);

#endif
