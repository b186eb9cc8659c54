/* node_pull.c - a commune node learns what changed at the province (node_pull.h). */
#include "node_pull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier.h"
#include "inbox.h"
#include "journal.h"
#include "log.h"
#include "node_image.h"

static json_t *opt_str(const char *s) {
    return s ? json_string(s) : json_null();
}

/* Dossier id's entries at the province that node `number` did not make (their origin is not its), oldest first. */
static mc_err history_of(store_conn *c, const char *tenant, int number, int64_t id, json_t **out, mc_error *err) {
    *out = NULL;
    arena *a = arena_create();
    journal_entry *v;
    size_t n;
    mc_err e = journal_of(c, a, tenant, id, &v, &n, err);
    if (e) {
        arena_free(a);
        return e;
    }
    char mine[16];
    int ml = snprintf(mine, sizeof mine, "%d:", number);
    json_t *h = json_array();
    for (size_t i = 0; i < n; i++) {
        if (v[i].origin && !strncmp(v[i].origin, mine, (size_t)ml)) continue;
        json_array_append_new(
            h, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:I, s:o, s:o, s:o}", "at", (json_int_t)v[i].at,
                         "actor", opt_str(v[i].actor), "role", opt_str(v[i].role), "unit", opt_str(v[i].unit_code),
                         "action", opt_str(v[i].action), "from", opt_str(v[i].from_state), "to",
                         opt_str(v[i].to_state), "step", v[i].step_seq, "step_name", opt_str(v[i].step_name),
                         "step_due_at", (json_int_t)v[i].step_due_at, "timing", opt_str(v[i].timing), "to_unit",
                         opt_str(v[i].to_unit_code), "note", opt_str(v[i].note)));
    }
    arena_free(a);
    *out = h;
    return MC_OK;
}

mc_err node_pull_answer(store *s, const char *tenant, int number, int64_t since, int limit, json_t **out,
                        mc_error *err) {
    *out = NULL;
    if (limit < 1 || limit > NODE_PULL_MAX) limit = NODE_PULL_MAX;
    store_conn *c = store_reader(s);
    store_rows *r = store_query(c, Q_NODE_PULL,
                                SV_ARGS(SV_T(tenant), SV_I(since), SV_T(tenant), SV_I(number), SV_T(tenant),
                                        SV_I(number), SV_I(limit)),
                                err);
    if (!r) return MC_ERR_STORE;
    int64_t ids[NODE_PULL_MAX], heads[NODE_PULL_MAX];
    size_t n = 0;
    int k;
    while ((k = store_next(r, err)) == 1 && n < (size_t)limit) {
        ids[n] = store_int(r, 0);
        heads[n++] = store_int(r, 1);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    json_t *list = json_array();
    int64_t next = since;
    mc_err e = MC_OK;
    for (size_t i = 0; i < n && !e; i++) {
        json_t *img;
        if ((e = node_image_read(c, tenant, ids[i], &img, err))) break;
        const char *code = json_string_value(json_object_get(json_object_get(img, "dossier"), "code"));
        char key[9] = "";
        if (!code || dossier_tracking_key(c, code, key, NULL) != MC_OK) key[0] = 0;
        json_t *hist;
        if ((e = history_of(c, tenant, number, ids[i], &hist, err))) {
            json_decref(img);
            break;
        }
        json_array_append_new(list, json_pack("{s:o, s:I, s:s, s:o}", "image", img, "head", (json_int_t)heads[i],
                                              "tracking_key", key, "history", hist));
        next = heads[i];
    }
    if (e) {
        json_decref(list);
        return e;
    }
    *out = json_pack("{s:o, s:I, s:b}", "dossiers", list, "next", (json_int_t)next, "more", n == (size_t)limit);
    return MC_OK;
}

mc_err node_pull_cursor(store_conn *c, int64_t *out, mc_error *err) {
    char v[24];
    mc_err e = store_meta_text(c, "node_pull_cursor", v, sizeof v, err);
    *out = e ? 0 : strtoll(v, NULL, 10);
    return e;
}

mc_err node_pull_base(store_conn *c, const char *tenant, const char *code, int64_t *base, mc_error *err) {
    *base = 0;
    store_rows *r = store_query(c, Q_NODE_PULLED_GET, SV_ARGS(SV_T(tenant), SV_T(code)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *base = store_int(r, 0);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* Writes one pulled dossier in a transaction of its own; *written false when the node's acts on it wait. */
static mc_err write_one(store *s, json_t *item, mc_time now, bool *written, mc_error *err) {
    *written = false;
    json_t *img = json_object_get(item, "image");
    json_t *row = json_object_get(img, "dossier");
    const char *code = json_string_value(json_object_get(row, "code"));
    const char *tenant = json_string_value(json_object_get(row, "tenant"));
    const char *key = json_string_value(json_object_get(item, "tracking_key"));
    if (!code || !tenant || strlen(code) > 60)
        return mc_fail(err, MC_ERR_INVALID, NULL, "Hồ sơ nhận từ tỉnh không hợp lệ.", "A pulled dossier is not one.");
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    char like[96];
    snprintf(like, sizeof like, "%%\"dossier_code\":\"%s\"%%", code);
    int64_t dirty = 0, id = 0;
    bool created;
    mc_err e = store_scalar_int(w, Q_NODE_OUTQ_DIRTY, SV_ARGS(SV_T(like)), &dirty, err);
    if (!e && dirty) {
        store_rollback(w);
        return MC_OK;
    }
    if (!e) e = node_image_write(w, tenant, img, true, &id, &created, err);
    json_t *hist = json_object_get(item, "history");
    char *htext = json_is_array(hist) ? json_dumps(hist, JSON_COMPACT) : NULL;
    if (!e)
        e = store_exec(w, Q_NODE_PULLED_PUT,
                       SV_ARGS(SV_T(tenant), SV_T(code), SV_I(json_integer_value(json_object_get(item, "head"))),
                               SV_T(key && *key ? key : NULL), SV_I(now), SV_T(htext)),
                       NULL, err);
    free(htext);
    if (!e) e = inbox_refresh(w, tenant, id, err);
    if ((e = store_finish(w, e, err))) return e;
    *written = true;
    return MC_OK;
}

mc_err node_pull_apply(store *s, json_t *answer, mc_time now, int *written, int *skipped, mc_error *err) {
    *written = *skipped = 0;
    json_t *list = json_object_get(answer, "dossiers"), *item;
    if (!json_is_array(list) || !json_is_integer(json_object_get(answer, "next")))
        return mc_fail(err, MC_ERR_INVALID, NULL, "Trả lời của tỉnh không hợp lệ.", "Not a pull answer.");
    size_t i;
    json_array_foreach(list, i, item) {
        bool done;
        mc_error e1;
        if (write_one(s, item, now, &done, &e1) != MC_OK) {
            log_warn("node pull: dossier %zu not written: %s", i, e1.message_en);
            (*skipped)++;
        } else if (done)
            (*written)++;
        else
            (*skipped)++;
    }
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(answer, "next")));
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    return store_finish(w, store_meta_put(w, "node_pull_cursor", v, err), err);
}

/* A string member as an arena copy (NULL when absent or null). */
static const char *member(arena *a, json_t *o, const char *name) {
    const char *v = json_string_value(json_object_get(o, name));
    return v ? arena_strdup(a, v) : NULL;
}

/* journal_set_history's source on a node: the history the last pull gave for the dossier. */
static mc_err pulled_history(store_conn *c, arena *a, const char *tenant, int64_t dossier_id, journal_entry **out,
                             size_t *n, mc_error *err) {
    *out = NULL;
    *n = 0;
    store_rows *r = store_query(c, Q_NODE_PULLED_HISTORY, SV_ARGS(SV_T(tenant), SV_I(dossier_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    json_t *h = NULL;
    if (k == 1 && store_text(r, 0)) {
        json_error_t je;
        h = json_loads(store_text(r, 0), 0, &je);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    size_t cnt = json_array_size(h);
    journal_entry *v = arena_alloc(a, (cnt ? cnt : 1) * sizeof *v);
    for (size_t i = 0; i < cnt; i++) {
        json_t *x = json_array_get(h, i);
        v[i] = (journal_entry){.dossier_id = dossier_id,
                               .tenant = arena_strdup(a, tenant),
                               .at = json_integer_value(json_object_get(x, "at")),
                               .actor = member(a, x, "actor"),
                               .role = member(a, x, "role"),
                               .unit_code = member(a, x, "unit"),
                               .action = member(a, x, "action"),
                               .from_state = member(a, x, "from"),
                               .to_state = member(a, x, "to"),
                               .step_seq = (int)json_integer_value(json_object_get(x, "step")),
                               .step_name = member(a, x, "step_name"),
                               .step_due_at = json_integer_value(json_object_get(x, "step_due_at")),
                               .timing = member(a, x, "timing"),
                               .to_unit_code = member(a, x, "to_unit"),
                               .note = member(a, x, "note"),
                               .origin = "province"};
    }
    json_decref(h);
    *out = v;
    *n = cnt;
    return MC_OK;
}

void node_pull_install_history(void) {
    journal_set_history(pulled_history);
}
