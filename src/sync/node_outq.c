/* node_outq.c - a commune node's queue of changes for its province (node_outq.h). */
#include "node_outq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_space.h"
#include "node_image.h"
#include "node_pull.h"

/* The transaction being queued on this thread: its store, its number (store_txn_no) and its first seq. */
static _Thread_local struct {
    uint64_t serial, txn;
    int64_t first;
} cur;

static json_t *jstr(const char *s) {
    return s ? json_string(s) : json_null();
}

static json_t *entry_json(const journal_entry *e, const char *code) {
    return json_pack("{s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:I, "
                     "s:s, s:s, s:o}",
                     "tenant", jstr(e->tenant), "dossier_code", jstr(code), "dossier_id", (json_int_t)e->dossier_id,
                     "at", (json_int_t)e->at, "user_id", (json_int_t)e->user_id, "actor", jstr(e->actor), "role",
                     jstr(e->role), "unit_code", jstr(e->unit_code), "action", jstr(e->action), "from_state",
                     jstr(e->from_state), "to_state", jstr(e->to_state), "step_seq", (json_int_t)e->step_seq,
                     "step_name", jstr(e->step_name), "step_due_at", (json_int_t)e->step_due_at, "timing",
                     jstr(e->timing), "to_unit_code", jstr(e->to_unit_code), "note", jstr(e->note), "subject",
                     jstr(e->subject), "subject_id", (json_int_t)e->subject_id, "prev_hash", e->prev_hash, "hash",
                     e->hash, "origin", jstr(e->origin));
}

bool node_outq_entry(json_t *j, journal_entry *e) {
    memset(e, 0, sizeof *e);
    if (!json_is_object(j)) return false;
    const char *prev = json_string_value(json_object_get(j, "prev_hash"));
    const char *hash = json_string_value(json_object_get(j, "hash"));
    if (!prev || !hash || strlen(prev) != 64 || strlen(hash) != 64) return false;
    memcpy(e->prev_hash, prev, 65);
    memcpy(e->hash, hash, 65);
    e->tenant = json_string_value(json_object_get(j, "tenant"));
    e->dossier_id = json_integer_value(json_object_get(j, "dossier_id"));
    e->at = json_integer_value(json_object_get(j, "at"));
    e->user_id = json_integer_value(json_object_get(j, "user_id"));
    e->actor = json_string_value(json_object_get(j, "actor"));
    e->role = json_string_value(json_object_get(j, "role"));
    e->unit_code = json_string_value(json_object_get(j, "unit_code"));
    e->action = json_string_value(json_object_get(j, "action"));
    e->from_state = json_string_value(json_object_get(j, "from_state"));
    e->to_state = json_string_value(json_object_get(j, "to_state"));
    e->step_seq = (int)json_integer_value(json_object_get(j, "step_seq"));
    e->step_name = json_string_value(json_object_get(j, "step_name"));
    e->step_due_at = json_integer_value(json_object_get(j, "step_due_at"));
    e->timing = json_string_value(json_object_get(j, "timing"));
    e->to_unit_code = json_string_value(json_object_get(j, "to_unit_code"));
    e->note = json_string_value(json_object_get(j, "note"));
    e->subject = json_string_value(json_object_get(j, "subject"));
    e->subject_id = json_integer_value(json_object_get(j, "subject_id"));
    e->origin = json_string_value(json_object_get(j, "origin"));
    return e->tenant && e->actor && e->role && e->action && e->to_state && e->at > 0;
}

/* The code in a dossier's image. */
static const char *code_of(json_t *img) {
    return json_string_value(json_object_get(json_object_get(img, "dossier"), "code"));
}

mc_err node_origin_of(store_conn *c, const char *tenant, int64_t dossier_id, int *node, bool *offline, mc_time *at,
                      mc_error *err) {
    *node = 0;
    *offline = false;
    *at = 0;
    store_rows *r = store_query(c, Q_DOSSIER_ORIGIN_GET, SV_ARGS(SV_T(tenant), SV_I(dossier_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        *node = (int)store_int(r, 0);
        *offline = store_int(r, 1) != 0;
        *at = store_int(r, 2);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

/* At a dossier's first entry on the node: records where it was received and whether the node was offline then. */
static mc_err record_origin(store_conn *w, const journal_entry *e, int node, mc_error *err) {
    char v[24];
    mc_err r = store_meta_text(w, "node_last_exchange", v, sizeof v, err);
    if (r) return r;
    int64_t last = strtoll(v, NULL, 10);
    bool offline = !last || e->at - last > NODE_OFFLINE_AFTER;
    return store_exec(w, Q_DOSSIER_ORIGIN_INSERT,
                      SV_ARGS(SV_T(e->tenant), SV_I(e->dossier_id), SV_I(node), SV_I(offline), SV_I(e->at)), NULL, err);
}

void node_outq_install(void) {
    journal_set_node_queue(node_outq_on_journal);
}

mc_err node_outq_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    int64_t last = 0, jid = 0;
    mc_err r = store_scalar_int(w, Q_NODE_OUTQ_LAST, SV_NONE, &last, err);
    if (!r) r = store_scalar_int(w, Q_JOURNAL_LAST_ID, SV_ARGS(SV_T(e->tenant)), &jid, err);
    if (r) return r;
    int64_t seq = last + 1;
    uint64_t serial = store_serial_of(w), txn = store_txn_no();
    if (cur.serial != serial || cur.txn != txn) {
        cur.serial = serial;
        cur.txn = txn;
        cur.first = seq;
    }
    json_t *img = NULL;
    if (!e->subject && e->dossier_id) {
        int node = code_space_issuer_here(w, err), from;
        bool offline;
        mc_time at;
        if (node < 0) return MC_ERR_STORE;
        if (!e->from_state && (r = record_origin(w, e, node, err))) return r;
        if ((r = node_image_read(w, e->tenant, e->dossier_id, &img, err))) return r;
        if ((r = node_origin_of(w, e->tenant, e->dossier_id, &from, &offline, &at, err))) {
            json_decref(img);
            return r;
        }
        if (from) json_object_set_new(img, "offline", json_boolean(offline));
        /* The province's last entry on it when the node pulled it: its acts since then are not the node's to
         * undo (node_apply.h). */
        int64_t base = 0;
        const char *code = code_of(img);
        if (code && (r = node_pull_base(w, e->tenant, code, &base, err))) {
            json_decref(img);
            return r;
        }
        json_object_set_new(img, "base", json_integer(base));
        /* The calendar the node's deadlines were computed with (docs/NODE.md §7). */
        char cal[80];
        if ((r = store_meta_text(w, "node_calendar_digest", cal, sizeof cal, err))) {
            json_decref(img);
            return r;
        }
        if (cal[0]) json_object_set_new(img, "calendar", json_string(cal));
    }
    json_t *p = json_pack("{s:I, s:I, s:o}", "seq", (json_int_t)seq, "txn", (json_int_t)cur.first, "entry",
                          entry_json(e, img ? code_of(img) : NULL));
    if (img) json_object_set_new(p, "image", img);
    char *text = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    r = store_exec(w, Q_NODE_OUTQ_INSERT,
                   SV_ARGS(SV_I(seq), SV_I(cur.first), SV_I(jid), SV_T(text), SV_I(e->at)), NULL, err);
    free(text);
    return r;
}

/* The payload rows after `after`, at most lim, into a new array. */
static mc_err read_rows(store_conn *c, int64_t after, int lim, json_t **out, mc_error *err) {
    *out = json_array();
    store_rows *r = store_query(c, Q_NODE_OUTQ_PENDING, SV_ARGS(SV_I(after), SV_I(lim)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        json_error_t je;
        json_t *p = json_loads(store_text(r, 2), 0, &je);
        if (!p) {
            store_rows_free(r);
            return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "node_outq: a payload is not JSON");
        }
        json_object_set_new(p, "bytes", json_integer((json_int_t)strlen(store_text(r, 2))));
        json_array_append_new(*out, p);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

static bool starts_txn(json_t *p) {
    return json_integer_value(json_object_get(p, "txn")) == json_integer_value(json_object_get(p, "seq"));
}

mc_err node_outq_batch(store_conn *c, int64_t after, int max, size_t max_bytes, json_t **out, int64_t *last,
                       mc_error *err) {
    *last = after;
    *out = json_array();
    if (max < 1) max = 1;
    /* One row past the limit shows whether the last transaction read is whole. */
    json_t *rows;
    mc_err e = read_rows(c, after, max + 1, &rows, err);
    size_t n = json_array_size(rows);
    /* A cut may fall before any row that starts a transaction, or after all rows when fewer than max + 1 came
     * (every transaction committed whole). The last cut within the limits is taken. */
    size_t cut = 0, bytes = 0;
    for (size_t i = 0; !e && i <= n; i++) {
        bool boundary = i == n ? n <= (size_t)max : i > 0 && starts_txn(json_array_get(rows, i));
        if (boundary && i <= (size_t)max && bytes <= max_bytes) cut = i;
        if (i < n) bytes += (size_t)json_integer_value(json_object_get(json_array_get(rows, i), "bytes"));
    }
    if (!e && cut == 0 && n > 0) {
        /* The first transaction alone is over the limits: it goes alone, whole. */
        json_decref(rows);
        e = read_rows(c, after, 1000000, &rows, err);
        n = json_array_size(rows);
        for (cut = 1; cut < n && !starts_txn(json_array_get(rows, cut)); cut++) {
        }
    }
    for (size_t i = 0; !e && i < cut; i++) {
        json_t *p = json_array_get(rows, i);
        json_object_del(p, "bytes");
        json_array_append(*out, p);
        *last = json_integer_value(json_object_get(p, "seq"));
    }
    json_decref(rows);
    return e;
}

mc_err node_outq_waiting(store_conn *c, int64_t after, int64_t *n, mc_error *err) {
    return store_scalar_int(c, Q_NODE_OUTQ_COUNT, SV_ARGS(SV_I(after)), n, err);
}

mc_err node_outq_ack(store *s, int64_t seq, mc_time now, mc_error *err) {
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    mc_err e = store_exec(w, Q_NODE_OUTQ_ACK, SV_ARGS(SV_I(now), SV_I(seq)), NULL, err);
    return store_finish(w, e, err);
}

mc_err node_outq_status(store_conn *c, mc_time now, node_here_status *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    char v[24];
    mc_err e = store_meta_text(c, "node_last_exchange", v, sizeof v, err);
    if (e) return e;
    out->last_exchange = v[0] ? strtoll(v, NULL, 10) : 0;
    out->online = out->last_exchange && now - out->last_exchange <= NODE_OFFLINE_AFTER;
    return store_scalar_int(c, Q_NODE_OUTQ_UNACKED, SV_NONE, &out->waiting, err);
}
