/* calendar_store.h - the calendar as kept in the store: schedules and
 * exceptions, loaded into a calendar, and the admin's changes to them. */
#ifndef MC_CALENDAR_STORE_H
#define MC_CALENDAR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "err.h"
#include "store.h"

/** Builds a calendar from the store. *out is owned by the caller (calendar_free). */
mc_err calendar_load(store_conn *c, calendar **out, mc_error *err);
/** Room for a calendar digest: 64 hex digits and the NUL. */
#define CALENDAR_DIGEST_LEN 65
/** A digest of what changes time in the stored calendar (docs/NODE.md §7): every schedule's validity and hours and
 *  every exception's day and kind, in order; names and sources do not count. Two databases holding the same rows
 *  give the same digest (calendar_generation is per database and cannot be compared): a commune node and its
 *  province compare it to know whether their deadlines agree. Hex BLAKE2b-256 into out. */
mc_err calendar_digest(store_conn *c, char out[CALENDAR_DIGEST_LEN], mc_error *err);
/** Current calendar generation (changes whenever schedules or exceptions change). */
mc_err calendar_generation(store_conn *c, int64_t *gen, mc_error *err);

/** One exception row as stored (for listing and export). Strings in the arena. */
typedef struct {
    const char *day, *kind, *name, *source;
} cal_row;

/** Sets (inserts or replaces) a decided exception inside write transaction c.
 * kind is "off" or "workday"; day "YYYY-MM-DD"; name required. */
mc_err calendar_put_exception(store_conn *c, const char *day, const char *kind, const char *name, const char *source,
                              mc_error *err);
/** Deletes an exception; MC_ERR_NOT_FOUND if there was none. */
mc_err calendar_delete_exception(store_conn *c, const char *day, mc_error *err);
/** Stores the Labour Code proposals of `year` as decided exceptions (the
 * admin confirms them). Fails with MC_ERR_CONFLICT if the year already has
 * decided exceptions. *n gets how many were stored. */
mc_err calendar_confirm_year(store_conn *c, int year, int *n, mc_error *err);
/** All stored exceptions, by day. */
mc_err calendar_rows(store_conn *c, arena *a, cal_row **out, size_t *n, mc_error *err);

/** A stored schedule. */
typedef struct {
    int64_t id;
    const char *name, *valid_from, *valid_to, *hours;
} cal_schedule_row;

/** All schedules (the default one has no validity range). */
mc_err calendar_schedules(store_conn *c, arena *a, cal_schedule_row **out, size_t *n, mc_error *err);
/** Adds (id == 0) or updates a schedule after validating it; *id_out gets its id.
 * The default schedule (no range) can be updated but not given a range. */
mc_err calendar_put_schedule(store_conn *c, int64_t id, const char *name, const char *from, const char *to,
                             const char *hours, int64_t *id_out, mc_error *err);
/** Deletes a seasonal schedule (never the default). */
mc_err calendar_delete_schedule(store_conn *c, int64_t id, mc_error *err);

/** Imports CSV `date,kind,name[,source]` (header line optional) inside write
 * transaction c: every line is checked first and nothing is written unless
 * all are valid; err names the bad lines. *count gets the rows written. */
mc_err calendar_import_csv(store_conn *c, const char *text, size_t len, int *count, mc_error *err);
/** Writes every stored exception as CSV with a header line; *out is malloc'd (caller frees). */
mc_err calendar_export_csv(store_conn *c, char **out, mc_error *err);

#endif
