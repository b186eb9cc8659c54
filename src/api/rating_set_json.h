/* rating_set_json.h - a rating question set's data file (data/ratings/v1.json, ...)
 * read into the domain's rating_set (ratings.h), checked whole. The format:
 * {"version", "effective_from": "YYYY-MM-DD", "source", "overall": {"text",
 * "options": [{"code", "label"}] (exactly very_satisfied, satisfied,
 * dissatisfied)}, "questions": [{"code", "text", "source", "required",
 * "options": [...]}], "comment": {"text"}}. Codes are lower-case letters,
 * digits and "_". */
#ifndef MC_RATING_SET_JSON_H
#define MC_RATING_SET_JSON_H

#include <jansson.h>

#include "arena.h"
#include "err.h"
#include "ratings.h"

/** Reads the set from doc (borrowed) into *out, strings in arena a. MC_ERR_INVALID naming the member
 *  (e.g. "questions[1].options") with a Vietnamese reason when the file is not a valid set. */
mc_err rating_set_from_json(arena *a, json_t *doc, rating_set *out, mc_error *err);
/** The same from JSON text (len bytes). */
mc_err rating_set_parse(arena *a, const char *text, size_t len, rating_set *out, mc_error *err);

#endif
