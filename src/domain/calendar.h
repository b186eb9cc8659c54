/* calendar.h - working time: office hours, days off, make-up days, deadlines.
 *
 * The clock of every dossier runs only in office hours of working days. A
 * calendar holds:
 *  - a default weekly schedule and seasonal schedules (valid by date range);
 *  - dated exceptions decided by the authorities: `off` (holiday, swapped day
 *    off) and `workday` (make-up Saturday);
 *  - for years with no decided exception at all, proposals computed from the
 *    Labour Code 2019 Art. 112 (holiday_rules.h), which count in the
 *    arithmetic until an administrator confirms or replaces them.
 *
 * Arithmetic (calendar_add):
 *  - a start outside office hours begins at the next opening;
 *  - with a cut-off time, a start after it on a working day begins at the
 *    next working day's opening;
 *  - N hours: the clock consumes N×3600 s of office time;
 *  - N days: the due instant is at the same fraction of the working day, N
 *    working days later (09:00 Monday + 3 days = 09:00 Thursday). A start at
 *    the opening is due at the close of the N-th working day (the same
 *    instant of working time, printed as the earlier of the two);
 *  - 0 days means "within the working day": due at the close of the day the
 *    clock starts on (with a cut-off, a late start moves to the next day).
 * A due instant is the earliest instant at which the working time is used up.
 *
 * A calendar is immutable once built and may be shared across threads; the
 * proposal cache inside is guarded by its own lock. */
#ifndef MC_CALENDAR_H
#define MC_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "timeutil.h"

#define CAL_MAX_SPANS 4

/** One office period of a day, in seconds after local midnight, start < end. */
typedef struct {
    int start, end;
} cal_span;

/** Office hours of one day, ascending and disjoint. n = 0: closed. */
typedef struct {
    cal_span span[CAL_MAX_SPANS];
    int n;
} cal_hours;

/** Office hours for each weekday, index 0 = Sunday ... 6 = Saturday. */
typedef struct {
    cal_hours day[7];
} cal_week;

typedef enum { CAL_OFF = 0, CAL_WORKDAY = 1 } cal_kind;
typedef enum { CAL_DECIDED = 0, CAL_PROPOSED = 1 } cal_status;
typedef enum { CAL_UNIT_DAY = 0, CAL_UNIT_HOUR = 1 } cal_unit;

/** A dated exception to the weekly pattern. Strings are owned by the calendar. */
typedef struct {
    mc_day day;
    cal_kind kind;
    cal_status status;
    const char *name;
    const char *source; /**< decision or rule it comes from; may be NULL */
} cal_exception;

typedef struct calendar calendar;

/** A calendar with the default schedule (Mon–Fri 07:30–11:30, 13:30–17:00),
 * no exceptions, and proposals on. Free with calendar_free(). */
calendar *calendar_create(void);
/** calendar_free(NULL) is a no-op. */
void calendar_free(calendar *c);

/** Parses an hours spec such as "1-5=07:30-11:30,13:30-17:00;6=08:00-11:00"
 * (weekdays 1 = Monday ... 7 = Sunday; days not named are closed). */
mc_err calendar_parse_hours(const char *spec, cal_week *out, mc_error *err);
/** Writes the canonical spec of w into buf; false if it did not fit (cap ≥ 512
 * always fits: 7 days × 4 spans). */
bool calendar_format_hours(const cal_week *w, char *buf, size_t cap);
/** Length in seconds of a day's office hours. */
int cal_hours_length(const cal_hours *h);

/** Replaces the default weekly schedule. */
void calendar_set_default(calendar *c, const char *name, const cal_week *w);
/** Adds a seasonal schedule valid from..to inclusive: both "MM-DD" (every year,
 * may wrap the new year) or both "YYYY-MM-DD". Later schedules win over
 * earlier ones; all win over the default. */
mc_err calendar_add_schedule(calendar *c, const char *name, const char *from, const char *to, const cal_week *w,
                             mc_error *err);
/** Adds a decided exception (replacing one on the same day). A year with any
 * decided exception no longer gets proposals. */
void calendar_add_exception(calendar *c, mc_day day, cal_kind kind, const char *name, const char *source);
/** Turns Labour Code proposals on or off (default on). */
void calendar_set_proposals(calendar *c, bool on);

/** Office hours of a day after exceptions (n = 0 on a day off). If exc is not
 * NULL it gets the exception that applies, or NULL. */
void calendar_day_hours(const calendar *c, mc_day day, cal_hours *out, const cal_exception **exc);
/** True when a day has office hours. */
bool calendar_is_working_day(const calendar *c, mc_day day);
/** Length of the default working day (seconds), used to express days as hours. */
int calendar_nominal_day(const calendar *c);

/** Returned when a calendar has no working day in CAL_MAX_CLOSED_RUN days
 * from where the clock would run (a year of days off is a data error). */
#define CAL_NO_TIME        INT64_MIN
#define CAL_MAX_CLOSED_RUN 400

/** The first instant ≥ t inside office hours, or CAL_NO_TIME. */
mc_time calendar_next_open(const calendar *c, mc_time t);
/** The due instant of `amount` (≥ 0) working days or hours from `from`, or
 * CAL_NO_TIME. cutoff_sec < 0: no cut-off; otherwise seconds after local midnight. */
mc_time calendar_add(const calendar *c, mc_time from, int amount, cal_unit unit, int cutoff_sec);
/** The instant `seconds` (≥ 0) of working time after `from` (the clock starts
 * at the next opening), or CAL_NO_TIME. Used for step shares and pauses. */
mc_time calendar_add_seconds(const calendar *c, mc_time from, int64_t seconds);
/** Working seconds in [a, b); negative when b < a. */
int64_t calendar_elapsed(const calendar *c, mc_time a, mc_time b);

/** Exceptions of a Gregorian year, in day order: the decided ones, or the
 * proposals when the year has none decided. Returns the count; writes at most
 * cap (the string pointers stay valid while the calendar lives). */
size_t calendar_year_exceptions(const calendar *c, int year, cal_exception *out, size_t cap);
/** True when the year has decided exceptions. */
bool calendar_year_decided(const calendar *c, int year);

#endif
