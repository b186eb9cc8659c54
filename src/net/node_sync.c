/* node_sync.c - a commune node's exchange with its province (node_sync.h). */
#include "node_sync.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "attachments.h"
#include "fault.h"
#include "log.h"
#include "node_files.h"
#include "node_outq.h"
#include "node_pull.h"
#include "node_reference.h"
#include "timeutil.h"
#include "xalloc.h"

node_sync_config node_sync_config_default(void) {
    return (node_sync_config){
        .interval_s = 30,
        .retry_max_s = 300,
        .batch = 200,
        .max_bytes = 512u << 10,
        .reference_every_s = 300,
        .files_dir = "var/files"};
}

static mc_err meta_set(store *s, const char *key, const char *value, mc_error *err) {
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    return store_finish(w, store_meta_put(w, key, value, err), err);
}

/* A signed call whose answer is JSON; *status its HTTP status, *out the document (NULL if none). */
static mc_err call(const node_client *c, const char *method, const char *path, json_t *body, long *status,
                   json_t **out, mc_error *err) {
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    node_answer a;
    mc_err e = node_client_call(c, method, path, text, text ? strlen(text) : 0, NULL, &a, err);
    free(text);
    *out = NULL;
    if (e) return e;
    *status = a.status;
    json_error_t je;
    *out = json_loadb(a.body, a.len, 0, &je);
    node_answer_free(&a);
    return MC_OK;
}

/* The largest file a node sends or takes (a file the province accepted is within its --max-upload). */
#define NODE_FILE_MAX ((size_t)64 << 20)

/* Sends the province each file it said it lacks (the answer's "missing") before the push is tried again. */
static mc_err upload_missing(const node_client *c, const node_sync_config *cfg, json_t *missing, mc_error *err) {
    size_t i;
    json_t *m;
    json_array_foreach(missing, i, m) {
        const char *sha = json_string_value(json_object_get(m, "sha256"));
        const char *code = json_string_value(json_object_get(m, "code"));
        char stored[68], path[120];
        if (!sha || strlen(sha) != 64) return mc_fail(err, MC_ERR_BUSY, NULL, NULL, "a bad missing-file answer");
        snprintf(stored, sizeof stored, "%.2s/%s", sha, sha);
        unsigned char *bytes;
        size_t n;
        mc_err e = node_files_read(cfg->files_dir, stored, NODE_FILE_MAX, &bytes, &n, err);
        if (e == MC_ERR_NOT_FOUND)
            return mc_failf(err, MC_ERR_CONFLICT, NULL,
                            "Máy trạm không còn tệp %s của hồ sơ %s: khôi phục thư mục tệp từ bản sao lưu.",
                            "The node lacks file %s of dossier %s: restore the files folder.", sha, code ? code : "",
                            sha, code ? code : "");
        if (e) return e;
        snprintf(path, sizeof path, "/api/v1/node/files/%s", sha);
        node_answer a;
        e = node_client_call(c, "PUT", path, bytes, n, "application/octet-stream", &a, err);
        free(bytes);
        if (e) return e;
        long status = a.status;
        node_answer_free(&a);
        if (status != 200)
            return mc_failf(err, MC_ERR_BUSY, NULL, "Tỉnh không nhận tệp %s (HTTP %ld).",
                            "The province refused file %s (HTTP %ld).", sha, status, sha, status);
    }
    return MC_OK;
}

/* Takes from the province each file a pulled page names that the node lacks, before the page is written. A file
 * the province no longer has is skipped with a warning (its row stays; nothing else could be done). */
static mc_err fetch_missing(const node_client *c, const node_sync_config *cfg, json_t *page, mc_error *err) {
    json_t *want;
    mc_err e = node_files_absent(json_object_get(page, "dossiers"), cfg->files_dir, &want, err);
    if (e) return e;
    size_t i;
    json_t *m;
    json_array_foreach(want, i, m) {
        const char *sha = json_string_value(json_object_get(m, "sha256"));
        const char *code = json_string_value(json_object_get(m, "code"));
        char path[200];
        snprintf(path, sizeof path, "/api/v1/node/files/%s?dossier=%s", sha, code ? code : "");
        long status;
        json_t *f;
        if ((e = call(c, "GET", path, NULL, &status, &f, err))) break;
        if (status == 404) {
            log_warn("node exchange: the province has no file %s of dossier %s", sha, code ? code : "");
            json_decref(f);
            continue;
        }
        const char *b64 = json_string_value(json_object_get(f, "content"));
        size_t cap = b64 ? strlen(b64) : 0, n = 0;
        unsigned char *bytes = xmalloc(cap + 1);
        if (status != 200 || !b64 ||
            sodium_base642bin(bytes, cap, b64, cap, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
            free(bytes);
            json_decref(f);
            e = mc_failf(err, MC_ERR_BUSY, NULL, "Tỉnh trả lời %ld khi lấy tệp %s.",
                         "The province answered %ld to file %s.", status, sha, status, sha);
            break;
        }
        json_decref(f);
        char got[65];
        e = attachments_put(cfg->files_dir, bytes, n, sha, got, err);
        free(bytes);
        if (e) break;
    }
    json_decref(want);
    return e;
}

/* The hash of the node's own entry seq (from its queue) into out; false when it has none. */
static bool own_hash(store *s, int64_t seq, char out[65], mc_error *err) {
    store_rows *r = store_query(store_reader(s), Q_NODE_OUTQ_HASH, SV_ARGS(SV_I(seq)), err);
    if (!r) return false;
    bool ok = false;
    if (store_next(r, err) == 1) {
        json_error_t je;
        json_t *p = json_loads(store_text(r, 0), 0, &je);
        const char *h = json_string_value(json_object_get(json_object_get(p, "entry"), "hash"));
        if (h && strlen(h) == 64) {
            memcpy(out, h, 65);
            ok = true;
        }
        json_decref(p);
    }
    store_rows_free(r);
    return ok;
}

/* Compares the reference data's digest with the province's every reference_every_s, and takes a newer snapshot. */
static mc_err check_reference(const node_client *c, const node_sync_config *cfg, node_sync_status *st,
                              mc_error *err) {
    char checked[24], digest[80];
    mc_err e = store_meta_text(store_reader(c->st), "node_reference_checked_at", checked, sizeof checked, err);
    if (!e) e = store_meta_text(store_reader(c->st), "node_reference_digest", digest, sizeof digest, err);
    if (e) return e;
    mc_time now = time_now();
    if (checked[0] && now - strtoll(checked, NULL, 10) < cfg->reference_every_s) return MC_OK;
    char path[160];
    snprintf(path, sizeof path, "/api/v1/node/reference?have=%s", digest);
    long status;
    json_t *snap;
    if ((e = call(c, "GET", path, NULL, &status, &snap, err))) return e;
    if (status != 200 || !snap) {
        json_decref(snap);
        return mc_failf(err, MC_ERR_BUSY, NULL, "Tỉnh trả lời %ld khi hỏi dữ liệu dùng chung.",
                        "The province answered %ld to the reference data.", status, status);
    }
    if (!json_is_true(json_object_get(snap, "unchanged"))) {
        e = node_reference_refresh(c->st, snap, err);
        st->refreshed = !e;
    }
    json_decref(snap);
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)now);
    return e ? e : meta_set(c->st, "node_reference_checked_at", v, err);
}

mc_err node_sync_round(const node_client *c, const node_sync_config *cfg, node_sync_status *st, mc_error *err) {
    memset(st, 0, sizeof *st);
    long status;
    json_t *state;
    /* The head of the node's own chain goes with the question: the province shows what waits. */
    int64_t head = 0;
    mc_err e = store_scalar_int(store_reader(c->st), Q_NODE_OUTQ_LAST, SV_NONE, &head, err);
    if (e) return e;
    char spath[96];
    snprintf(spath, sizeof spath, "/api/v1/node/state?head=%lld&schema=%d", (long long)head,
             store_schema_version(c->st));
    e = call(c, "GET", spath, NULL, &status, &state, err);
    if (e) return e;
    if (status != 200 || !state) {
        const char *m = json_string_value(json_object_get(json_object_get(state, "error"), "message"));
        e = mc_failf(err, status == 409 ? MC_ERR_CONFLICT : MC_ERR_BUSY, NULL, "Tỉnh trả lời %ld khi hỏi trạng thái đồng bộ: %s",
                     "The province answered %ld to the state: %s", status, m ? m : "", status, m ? m : "");
        json_decref(state);
        return e;
    }
    int64_t acked = json_integer_value(json_object_get(state, "acked_seq"));
    const char *acked_hash = json_string_value(json_object_get(state, "acked_hash"));
    const char *pstate = json_string_value(json_object_get(state, "state"));
    char mine[65];
    bool differ = acked > 0 && (!own_hash(c->st, acked, mine, err) || !acked_hash || strcmp(mine, acked_hash) != 0);
    bool suspended = pstate && strcmp(pstate, "active") != 0;
    json_decref(state);
    st->acked_seq = acked;
    if (differ || suspended) {
        st->stopped = true;
        return mc_fail(err, MC_ERR_CONFLICT, NULL,
                       differ ? "Nhật ký của máy trạm khác với phần tỉnh đã nhận: ngừng đồng bộ, liên hệ quản trị viên."
                              : "Tỉnh đang tạm dừng đồng bộ với máy trạm này: liên hệ quản trị viên.",
                       differ ? "The node's chain differs from the province's copy." : "The node is suspended.");
    }
    if ((e = node_outq_ack(c->st, acked, time_now(), err))) return e;
    int uploads = 0;
    for (;;) {
        json_t *batch;
        int64_t last;
        if ((e = node_outq_batch(store_reader(c->st), acked, cfg->batch, cfg->max_bytes, &batch, &last, err))) return e;
        if (json_array_size(batch) == 0) {
            json_decref(batch);
            break;
        }
        json_t *body = json_pack("{s:I, s:o}", "from", (json_int_t)(acked + 1), "entries", batch), *answer;
        e = call(c, "POST", "/api/v1/node/push", body, &status, &answer, err);
        json_decref(body);
        st->pushes++;
        if (e) return e;
        fault_point("node.push.answered"); /* the province applied it; the node has not recorded so */
        json_t *missing = json_object_get(answer, "missing");
        if (status == 409 && json_array_size(missing) && uploads++ < 3) {
            /* The province lacks files the images name: send them, then the same push again. */
            e = upload_missing(c, cfg, missing, err);
            json_decref(answer);
            if (e) return e;
            continue;
        }
        if (status != 200 || !answer) {
            const char *m = json_string_value(json_object_get(json_object_get(answer, "error"), "message"));
            e = mc_failf(err, status == 409 ? MC_ERR_CONFLICT : MC_ERR_BUSY, NULL, "Tỉnh không nhận (HTTP %ld): %s",
                         "The province refused the push (HTTP %ld): %s", status, m ? m : "", status, m ? m : "");
            json_decref(answer);
            return e;
        }
        int64_t now_acked = json_integer_value(json_object_get(answer, "acked_seq"));
        json_decref(answer);
        if (now_acked <= acked)
            return mc_fail(err, MC_ERR_BUSY, NULL, "Tỉnh không ghi nhận thêm thao tác nào.", "No progress.");
        acked = now_acked;
        st->acked_seq = acked;
        if ((e = node_outq_ack(c->st, acked, time_now(), err))) return e;
    }
    /* Then what changed at the province for the node's units. */
    for (int round = 0; round < 100; round++) {
        int64_t since;
        if ((e = node_pull_cursor(store_reader(c->st), &since, err))) return e;
        char path[96];
        snprintf(path, sizeof path, "/api/v1/node/pull?since=%lld&limit=200", (long long)since);
        json_t *answer;
        if ((e = call(c, "GET", path, NULL, &status, &answer, err))) return e;
        if (status != 200 || !answer) {
            json_decref(answer);
            return mc_failf(err, MC_ERR_BUSY, NULL, "Tỉnh trả lời %ld khi lấy hồ sơ thay đổi.",
                            "The province answered %ld to the pull.", status, status);
        }
        int written, skipped;
        e = fetch_missing(c, cfg, answer, err);
        if (e) {
            json_decref(answer);
            return e;
        }
        e = node_pull_apply(c->st, answer, time_now(), &written, &skipped, err);
        bool more = json_is_true(json_object_get(answer, "more"));
        json_decref(answer);
        if (e) return e;
        st->pulled += written;
        if (!more) break;
    }
    /* And, now and then, the reference data: officers disabled or moved, a new procedure version, new holidays. */
    if ((e = check_reference(c, cfg, st, err))) return e;
    char now[24];
    snprintf(now, sizeof now, "%lld", (long long)time_now());
    if ((e = meta_set(c->st, "node_last_exchange", now, err))) return e;
    return node_outq_waiting(store_reader(c->st), acked, &st->waiting, err);
}

struct node_sync {
    node_client c;
    node_sync_config cfg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop, kicked;
};

static void *run(void *arg) {
    node_sync *s = arg;
    int backoff = 0;
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        s->kicked = false;
        pthread_mutex_unlock(&s->lock);
        mc_error err;
        node_sync_status st;
        mc_err e = node_sync_round(&s->c, &s->cfg, &st, &err);
        store_reader_done(s->c.st);
        int wait;
        if (e) {
            backoff = backoff ? backoff * 2 : 1;
            if (backoff > s->cfg.retry_max_s) backoff = s->cfg.retry_max_s;
            wait = st.stopped ? s->cfg.retry_max_s : backoff;
            log_warn("node exchange: %s (again in %d s)", err.message_en, wait);
        } else {
            backoff = 0;
            wait = s->cfg.interval_s;
            if (st.pushes || st.pulled)
                log_info("node exchange: %d pushes, province holds up to %lld; %d dossiers pulled", st.pushes,
                         (long long)st.acked_seq, st.pulled);
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait;
        pthread_mutex_lock(&s->lock);
        while (!s->stop && !(s->kicked && !e)) {
            if (pthread_cond_timedwait(&s->cond, &s->lock, &until) != 0) break;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

mc_err node_sync_start(const node_client *c, const node_sync_config *cfg, node_sync **out, mc_error *err) {
    node_sync *s = xcalloc(1, sizeof *s);
    s->c = *c;
    s->cfg = *cfg;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        free(s);
        return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "node exchange: thread not started");
    }
    *out = s;
    return MC_OK;
}

void node_sync_kick(node_sync *s) {
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->kicked = true;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

void node_sync_stop(node_sync *s) {
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cond);
    free(s);
}
