/* stats.h - statistics of dossier handling: report II.06a ("Tình hình, kết
 * quả giải quyết TTHC"): received (carried over, new online, new direct or
 * postal), resolved (early, on time, late), pending (on time, overdue), and
 * paused, for a unit with its sub-units over a period. A dossier transferred
 * to another agency is counted once (its linked child is left out). */
#ifndef MC_STATS_H
#define MC_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

typedef enum { STATS_BY_UNIT, STATS_BY_FIELD, STATS_BY_PROCEDURE } stats_group;

/** One row (or the total). received = carried_over + new_online + new_direct;
 * resolved = early + on_time + late (withdrawn dossiers count as on time);
 * pending = pending_on_time + pending_overdue; paused is apart. */
typedef struct {
    const char *key, *label;
    int64_t received, carried_over, new_online, new_direct;
    int64_t resolved, early, on_time, late;
    int64_t pending, pending_on_time, pending_overdue, paused;
} stats_row;

/** Parses "unit" | "field" | "procedure"; -1 if unknown. */
int stats_group_parse(const char *s);

/** Report II.06a for the subtree of `unit_path` over local days [from, to]
 * (inclusive), as of `now` (pending dossiers count as overdue against
 * min(end of period, now)). Rows in the arena, ordered by key. A period of whole months is read from
 * the monthly sums and the dossiers open at its end; any other by a scan of the dossiers. */
mc_err stats_ii06a(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now, stats_group g,
                   stats_row **rows, size_t *n, stats_row *total, mc_error *err);
/** The same report computed by a scan of the dossiers, never from the monthly sums (stats_months.h):
 * what stats_ii06a does for a period that is not whole months, and the tests' reference for the sums. */
mc_err stats_ii06a_scan(store_conn *c, arena *a, const char *unit_path, mc_day from, mc_day to, mc_time now,
                        stats_group g, stats_row **rows, size_t *n, stats_row *total, mc_error *err);

#endif
