/* par_scorecards.c - a head of unit's scorecard across years (parindex.h): the unit's PAR INDEX from the
 * final rounds, and the figures the directive judges heads by, each from its one computation. */
#include <string.h>

#include "parindex.h"
#include "perm.h"

static const char *const card_keys[PAR_CARD_METRICS] = {
    "dossiers_on_time", "i766", "ratings_satisfied", "feedback_on_time", "tasks_on_time", "findings_remedied",
    "reports_on_time",
};

const char *const *par_card_metrics(void) {
    return card_keys;
}

bool par_may_read_card(const user *u, const char *unit_path) {
    return u && unit_path && perm_allows(u->roles, u->unit_path, ACT_REPORT_READ, unit_path);
}

/* The PAR INDEX of the unit in the final rounds of `year` (the first found), into y. */
static mc_err par_of_year(store_conn *c, arena *a, const org_unit *unit, const par_round *rounds, size_t nr,
                          mc_time now, par_card_year *y, mc_error *err) {
    for (size_t i = 0; i < nr; i++) {
        if (!rounds[i].final || rounds[i].year != y->year || strcmp(rounds[i].tenant, unit->tenant) != 0) continue;
        par_assessment x;
        mc_error e2;
        mc_err e = par_assessment_load(c, a, rounds[i].id, unit->code, now, &x, &e2);
        if (e == MC_ERR_NOT_FOUND) continue;
        if (e) {
            *err = e2;
            return e;
        }
        par_set set;
        par_line *lines;
        size_t n;
        if ((e = par_ranking(c, a, rounds[i].id, rounds[i].tenant, now, &set, &lines, &n, err))) return e;
        *y = (par_card_year){.year = y->year,
                             .has_par = true,
                             .par_index = x.index,
                             .par_points = x.points,
                             .par_max = x.max,
                             .par_rank = x.rank,
                             .par_ranked = (int)n,
                             .par_band = x.band ? x.band->label : NULL,
                             .par_level = par_level_label(rounds[i].level),
                             .head = x.head_name,
                             .round_id = rounds[i].id};
        return MC_OK;
    }
    return MC_OK;
}

mc_err par_scorecard(store_conn *c, arena *a, const char *unit_code, int from, int to, mc_time now, par_card *out,
                     mc_error *err) {
    memset(out, 0, sizeof *out);
    if (from < 2000 || to > 2100 || from > to || to - from >= 10)
        return mc_fail(err, MC_ERR_INVALID, "from",
                       "Khoảng năm không hợp lệ (tối đa 10 năm, từ năm trước đến năm sau).", "Bad range of years.");
    mc_err e = units_get(c, a, unit_code, &out->unit, err);
    if (e) return e;
    par_round *rounds;
    size_t nr;
    /* every round (no user: the caller checked who may read the card) */
    if ((e = par_rounds_all(c, a, &rounds, &nr, err))) return e;
    out->nyears = (size_t)(to - from + 1);
    out->years = arena_alloc(a, out->nyears * sizeof *out->years);
    memset(out->years, 0, out->nyears * sizeof *out->years);
    for (size_t i = 0; i < out->nyears; i++) {
        par_card_year *y = &out->years[i];
        y->year = from + (int)i;
        if ((e = par_of_year(c, a, &out->unit, rounds, nr, now, y, err))) return e;
        if ((e = par_metrics_keys(c, a, &out->unit, y->year, 0, now, card_keys, PAR_CARD_METRICS, y->m, err))) return e;
    }
    return par_head_now(c, a, out->unit.id, &out->head_now, err);
}
