/* par_national.h - the national results of the provinces (issue 17, "the province's own place"): the
 * PAR INDEX (Chỉ số cải cách hành chính cấp tỉnh) and the SIPAS (Chỉ số hài lòng về sự phục vụ hành
 * chính) that the Ministry of Home Affairs (Bộ Nội vụ) publishes each spring for the year before.
 *
 * A year of one index is a data file (data/parindex-national/, docs/PARINDEX_NATIONAL.md) read by
 * api/par_national_json.c: the year, the index, how many provinces were ranked that year (63 before
 * 2025, 34 since Nghị quyết 202/2025/QH15), the national average when published, the source, and the
 * rows that are known: {province, value, rank}, either of value and rank may be unknown (the sources
 * found publish only some provinces, some only a rank). It is stored whole: loading the same content
 * again changes nothing; other content for a year and index already loaded replaces it only when asked.
 * Reference data shared by every tenant (the national ranking is one).
 *
 * Values and averages are percentages in hundredths (86.98% = 8698); PARN_NONE: not published. */
#ifndef MC_PAR_NATIONAL_H
#define MC_PAR_NATIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

#define PARN_NONE       (-1)
#define PARN_MAX_ROWS   100    /**< rows of one year's file (63 provinces before 2025) */
#define PARN_MAX_RANKED 100    /**< provinces ranked in one year */
#define PARN_MAX_BYTES  262144 /**< one data file */
#define PARN_MAX_TEXT   2000   /**< a title, a note, a URL */

typedef enum { PARN_PAR_INDEX = 0, PARN_SIPAS, PARN__INDICES } parn_index;
/** "par_index" | "sipas"; parse: -1 unknown. */
const char *parn_index_name(parn_index i);
int parn_index_parse(const char *s);
/** "Chỉ số cải cách hành chính (PAR INDEX)" | "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)". */
const char *parn_index_label(parn_index i);

typedef struct {
    const char *title, *issuer, *date, *url; /**< date: YYYY-MM-DD */
} parn_source;

typedef struct {
    const char *province;
    int64_t value; /**< hundredths of a percent, PARN_NONE unknown */
    int rank;      /**< 1..ranked, 0 unknown */
    const char *note;
} parn_row;

typedef struct {
    int year;
    parn_index index;
    int ranked;      /**< provinces ranked that year */
    int64_t average; /**< national average, hundredths; PARN_NONE: not published or not found */
    parn_source source;
    const char *notes; /**< what the file says about itself (unverified parts), may be NULL */
    parn_row *rows;
    size_t nrows;
} parn_year;

/** The checks of a year's content, pure: year 2000..2100; ranked 1..PARN_MAX_RANKED; the source's title,
 *  issuer, date (a real day) and URL present; 1..ranked rows, each a province named once, a value and/or a
 *  rank; values and the average within 0..100; ranks within 1..ranked, unique unless tied consistently
 *  (tied rows carry the same known value, and the places a tie takes are left free: two at 4 leave 5
 *  empty); a better rank never with a lower value. MC_ERR_INVALID with a Vietnamese message naming the
 *  row ("Dòng 3 (Cao Bằng): ...") and the field ("rows[2].rank"). */
mc_err parn_check(const parn_year *y, mc_error *err);

typedef enum { PARN_SAME = 0, PARN_ADDED, PARN_REPLACED } parn_put_outcome;

/** Stores a checked year (body: its canonical text, compared to tell the same content): *outcome PARN_SAME
 *  when that content is there already (nothing written), PARN_ADDED, or PARN_REPLACED when other content
 *  was there and `replace` is true; without `replace`, other content is MC_ERR_CONFLICT. In w's
 *  transaction. */
mc_err parn_put(store_conn *w, const parn_year *y, const char *body, bool replace, mc_time now,
                parn_put_outcome *outcome, mc_error *err);

/** Every year stored, index then year ascending, each with all its rows (strings in a). */
mc_err parn_load_all(store_conn *c, arena *a, parn_year **out, size_t *n, mc_error *err);

/** The row of `province` in y (names compared as written, spaces around ignored), or NULL. */
const parn_row *parn_find(const parn_year *y, const char *province);
/** The best and the worst of the rows known: by rank among ranked rows, then a row known only by its
 *  value when that value is beyond the chosen row's (or no row is ranked); NULL when there is no row. */
const parn_row *parn_best_known(const parn_year *y);
const parn_row *parn_worst_known(const parn_year *y);

#endif
