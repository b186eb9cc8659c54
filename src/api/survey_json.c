/* survey_json.c - questionnaire files into survey_form (survey_json.h). */
#include "survey_json.h"

#include <stdlib.h>
#include <string.h>

#include "surveys.h"
#include "timeutil.h"

static mc_err bad(mc_error *err, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, "questionnaire", "Tệp bảng hỏi không hợp lệ: %s.",
                    "Invalid questionnaire file: %s.", what, what);
}

static const char *str(arena *a, const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s ? arena_strdup(a, s) : NULL;
}

mc_err survey_json_form(arena *a, const json_t *doc, survey_form *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    const char *format = json_string_value(json_object_get(doc, "format"));
    if (!format || strcmp(format, "motcua-sipas/1")) return bad(err, "format phải là \"motcua-sipas/1\"");
    out->version = str(a, doc, "version");
    out->title = str(a, doc, "title");
    json_t *min = json_object_get(json_object_get(doc, "min_answers"), "value");
    out->min_answers = json_is_integer(min) ? (int)json_integer_value(min) : 0;
    json_t *opts = json_object_get(json_object_get(doc, "scale"), "options"), *v;
    size_t i;
    if (json_array_size(opts) != SURVEY_SCALE) return bad(err, "thang điểm phải có 5 mức");
    json_array_foreach(opts, i, v) {
        json_t *val = json_object_get(v, "value");
        if (!json_is_integer(val) || json_integer_value(val) != (json_int_t)i + 1)
            return bad(err, "thang điểm phải là các mức 1, 2, 3, 4, 5 theo thứ tự");
        out->scale[i] = str(a, v, "label");
    }
    json_t *els = json_object_get(doc, "elements"), *items = json_object_get(doc, "items"),
           *prof = json_object_get(doc, "profile");
    if (!json_is_array(els) || json_array_size(els) > SURVEY_MAX_ELEMENTS) return bad(err, "elements");
    if (!json_is_array(items) || json_array_size(items) > SURVEY_MAX_ITEMS) return bad(err, "items");
    if (prof && (!json_is_array(prof) || json_array_size(prof) > SURVEY_MAX_QUESTIONS)) return bad(err, "profile");
    out->elements = arena_alloc(a, (json_array_size(els) + 1) * sizeof *out->elements);
    json_array_foreach(els, i, v) {
        json_t *w = json_object_get(v, "weight");
        out->elements[out->nel++] =
            (survey_element){str(a, v, "code"), str(a, v, "name"), json_is_number(w) ? json_number_value(w) : 0};
    }
    out->items = arena_alloc(a, (json_array_size(items) + 1) * sizeof *out->items);
    json_array_foreach(items, i, v) {
        const char *el = json_string_value(json_object_get(v, "element"));
        int idx = -1;
        for (size_t e = 0; el && e < out->nel; e++)
            if (out->elements[e].code && !strcmp(out->elements[e].code, el)) idx = (int)e;
        out->items[out->nitems++] = (survey_item){str(a, v, "code"), str(a, v, "text"), idx};
    }
    out->profile = arena_alloc(a, (json_array_size(prof) + 1) * sizeof *out->profile);
    json_array_foreach(prof, i, v) {
        json_t *os = json_object_get(v, "options"), *o;
        if (!json_is_array(os) || json_array_size(os) > SURVEY_MAX_OPTIONS) return bad(err, "profile.options");
        survey_question *q = &out->profile[out->nprofile++];
        *q = (survey_question){str(a, v, "code"), str(a, v, "label"),
                               arena_alloc(a, (json_array_size(os) + 1) * sizeof(survey_option)), 0};
        size_t k;
        json_array_foreach(os, k, o) {
            json_t *val = json_object_get(o, "value");
            q->options[q->nopt++] =
                (survey_option){json_is_integer(val) ? (int)json_integer_value(val) : -1, str(a, o, "label")};
        }
    }
    return survey_form_check(out, err);
}

mc_err survey_json_load_file(store *s, const char *path, bool *added, const char **version, arena *a, mc_error *err) {
    *added = false;
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return mc_failf(err, MC_ERR_INVALID, "questionnaire", "Không đọc được tệp bảng hỏi %s (dòng %d).",
                        "Cannot read %s (line %d).", path, je.line, path, je.line);
    survey_form f;
    mc_err e = survey_json_form(a, doc, &f, err);
    char *body = e ? NULL : json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (e) return e;
    e = surveys_questionnaire_put(s, &f, body, time_now(), added, err);
    free(body);
    if (version) *version = f.version;
    return e;
}
