/* cli_tasks.c - loading steering documents and their tasks from a file (format motcua-tasks/1, the demo's
 * data/tasks.json): documents in order, each with its tasks; a task names its parent and a sub-plan the
 * task it implements by code. Everything through tasks.h as motcua itself (journaled), each document in
 * its own transactions: `motcua init` builds a new database whole or not at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_store.h"
#include "cli.h"
#include "tasks.h"
#include "text.h"
#include "xalloc.h"

static const char *str_of(arena *a, json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v)) return NULL;
    char *n = text_nfc(json_string_value(v));
    const char *out = n ? arena_strdup(a, n) : NULL;
    free(n);
    return out;
}

static int64_t int_of(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Prefixes err's message with where in the file it happened. */
static mc_err located(mc_error *err, const char *where) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: %s", where, err->message);
    mc_strlcpy(err->message, msg, sizeof err->message);
    return err->code;
}

mc_err cli_import_tasks(store *s, const char *path, int *ndocs, int *ntasks, mc_error *err) {
    *ndocs = *ntasks = 0;
    json_t *doc = cli_load_json(path, err);
    if (!doc) return err->code;
    json_t *docs = json_object_get(doc, "documents"), *fmt = json_object_get(doc, "format");
    if (!json_is_array(docs) || !json_is_string(fmt) || strcmp(json_string_value(fmt), "motcua-tasks/1")) {
        json_decref(doc);
        return mc_fail(err, MC_ERR_INVALID, "format",
                       "Tệp nhiệm vụ phải có \"format\":\"motcua-tasks/1\" và mảng \"documents\".",
                       "Expected format motcua-tasks/1 with a documents array.");
    }
    calendar *cal = NULL;
    mc_err e = calendar_load(store_reader(s), &cal, err);
    arena *a = arena_create();
    json_t *ids = json_object(); /* task code → id, for parents and sub-plans */
    size_t i, k;
    json_t *d, *t;
    mc_time now = time_now();
    json_array_foreach(docs, i, d) {
        if (e) break;
        tdoc_new in = {.kind = str_of(a, d, "kind"),
                       .number = str_of(a, d, "number"),
                       .issued_on = str_of(a, d, "issued_on"),
                       .issuer = str_of(a, d, "issuer"),
                       .title = str_of(a, d, "title"),
                       .note = str_of(a, d, "note"),
                       .public_ = !json_is_false(json_object_get(d, "public"))};
        const char *im = str_of(a, d, "implements");
        if (im) in.implements = json_integer_value(json_object_get(ids, im));
        if (im && !in.implements) {
            e = mc_failf(err, MC_ERR_INVALID, "implements", "Không có nhiệm vụ %s trước văn bản này.",
                         "No task %s before this document.", im);
            located(err, arena_printf(a, "Văn bản số %zu", i + 1));
            break;
        }
        int64_t did = 0;
        if ((e = tasks_doc_create(s, a, &in, NULL, now, &did, err))) {
            located(err, arena_printf(a, "Văn bản số %zu (%s)", i + 1, in.number ? in.number : "?"));
            break;
        }
        ++*ndocs;
        json_array_foreach(json_object_get(d, "tasks"), k, t) {
            json_t *co = json_object_get(t, "coop");
            size_t nc = json_is_array(co) ? json_array_size(co) : 0;
            const char **cv = arena_alloc(a, (nc + 1) * sizeof *cv);
            for (size_t c = 0; c < nc; c++) cv[c] = json_string_value(json_array_get(co, c));
            const char *parent = str_of(a, t, "parent");
            task_new tn = {.code = str_of(a, t, "code"),
                           .title = str_of(a, t, "title"),
                           .output = str_of(a, t, "output"),
                           .note = str_of(a, t, "note"),
                           .lead = str_of(a, t, "lead"),
                           .coop = cv,
                           .ncoop = nc,
                           .parent = parent ? json_integer_value(json_object_get(ids, parent)) : 0,
                           .start_on = str_of(a, t, "start_on"),
                           .due_on = str_of(a, t, "due_on"),
                           .working_days = (int)int_of(t, "working_days"),
                           .every = str_of(a, t, "every"),
                           .until = str_of(a, t, "until"),
                           .due_day = (int)int_of(t, "due_day")};
            int64_t tid = 0;
            if (parent && !tn.parent)
                e = mc_failf(err, MC_ERR_INVALID, "parent", "Không có nhiệm vụ cấp trên %s trước nhiệm vụ này.",
                             "No parent task %s before this one.", parent);
            else
                e = tasks_add(s, cal, a, did, &tn, NULL, now, &tid, err);
            if (e) {
                located(err, arena_printf(a, "Nhiệm vụ %s", tn.code ? tn.code : "?"));
                break;
            }
            if (tn.code) json_object_set_new(ids, tn.code, json_integer(tid));
            ++*ntasks;
        }
    }
    json_decref(ids);
    json_decref(doc);
    arena_free(a);
    calendar_free(cal);
    return e;
}
