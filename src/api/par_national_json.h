/* par_national_json.h - a year of the provinces' national PAR INDEX or SIPAS from its data file
 * (data/parindex-national/2024-par_index.json, ...; format motcua-parindex-national/1,
 * docs/PARINDEX_NATIONAL.md) read into par_national.h's parn_year and checked whole (parn_check):
 * {"format", "year", "index": "par_index"|"sipas", "ranked", "national_average": number|null,
 *  "source": {"title", "issuer", "date", "url"}, "references": [{...}], "notes",
 *  "rows": [{"province", "value": number|null, "rank": integer|null, "note", "ref"}]}.
 * Values are percentages with at most two decimals. Unknown members are refused (a misspelt "rank"
 * would otherwise drop a figure silently). */
#ifndef MC_PAR_NATIONAL_JSON_H
#define MC_PAR_NATIONAL_JSON_H

#include <jansson.h>

#include "arena.h"
#include "err.h"
#include "par_national.h"

#define PARN_FORMAT "motcua-parindex-national/1"

/** Reads doc (borrowed) into *out (strings in a) and checks it; *body (may be NULL) gets the canonical
 *  text stored and compared on re-import (sorted keys, compact). MC_ERR_INVALID with a Vietnamese
 *  message naming the member or the row. */
mc_err parn_from_json(arena *a, json_t *doc, parn_year *out, const char **body, mc_error *err);

#endif
