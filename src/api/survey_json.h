/* survey_json.h - a SIPAS questionnaire file (format motcua-sipas/1, data/sipas)
 * read into the domain's survey_form, and loaded into the store. */
#ifndef MC_SURVEY_JSON_H
#define MC_SURVEY_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "survey_form.h"

/** Reads doc (borrowed) into *out (strings in `a`, copied) and checks it (survey_form_check):
 *  format "motcua-sipas/1", version, title, scale (values 1..5 with labels), elements (code, name,
 *  weight), items (code, element, text), profile (code, label, options), min_answers.value.
 *  MC_ERR_INVALID naming what is wrong. */
mc_err survey_json_form(arena *a, const json_t *doc, survey_form *out, mc_error *err);
/** Loads the questionnaire file at path into the store unless its version is there (*added says). */
mc_err survey_json_load_file(store *s, const char *path, bool *added, const char **version, arena *a, mc_error *err);

#endif
