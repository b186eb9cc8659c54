/* node_pull.c - a commune node learns what changed at the province (node_pull.h). */
#include "node_pull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier.h"
#include "inbox.h"
#include "log.h"
#include "node_image.h"

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
        json_array_append_new(list, json_pack("{s:o, s:I, s:s}", "image", img, "head", (json_int_t)heads[i],
                                              "tracking_key", key));
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
    if (!e)
        e = store_exec(w, Q_NODE_PULLED_PUT,
                       SV_ARGS(SV_T(tenant), SV_T(code), SV_I(json_integer_value(json_object_get(item, "head"))),
                               SV_T(key && *key ? key : NULL), SV_I(now)),
                       NULL, err);
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
