/* par_set_json.h - a PAR INDEX criteria set's data file (data/parindex/2026-so.json, ...) read into
 * the domain's par_set (parindex.h) and checked whole (par_set_check). The format (docs/PARINDEX.md):
 * {"version", "year", "level": "department"|"commune", "title", "illustrative", "source",
 * "max_points", "bands": [{"code", "label", "from"}], "domains": [{"code", "name", "criteria":
 * [{"code", "name", "max", "method", ...} | {"code", "name", "sub": [leaf, ...]}]}]}; a leaf has
 * "scoring", and "evidence"/"evidence_required" (self), or "metric" and "rule": {"kind":
 * "proportional", "full_at"} | {"kind": "steps", "steps": [{"from", "points"}]} (computed, survey).
 * Points and values are numbers with at most two decimals. */
#ifndef MC_PAR_SET_JSON_H
#define MC_PAR_SET_JSON_H

#include <jansson.h>

#include "arena.h"
#include "err.h"
#include "parindex.h"

/** Reads the set from doc (borrowed) into *out, strings in arena a, and checks it. MC_ERR_INVALID naming
 *  the member (e.g. "domains[2].criteria[1].max") with a Vietnamese reason when it is not a valid set. */
mc_err par_set_from_json(arena *a, json_t *doc, par_set *out, mc_error *err);

#endif
