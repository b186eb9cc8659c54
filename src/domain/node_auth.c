/* node_auth.c - signed requests between a commune node and its province (node_auth.h). */
#include "node_auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

char *node_auth_message(const char *method, const char *path_query, const char *tenant, int number,
                        const char *key_id, int64_t time, int64_t counter, const char body_hash[65]) {
    buf b = {0};
    buf_printf(&b, "motcua-node/1\n%s\n%s\n%s\n%d\n%s\n%lld\n%lld\n%s\n", method, path_query, tenant, number, key_id,
               (long long)time, (long long)counter, body_hash);
    return buf_steal(&b);
}

void node_auth_body_hash(const void *body, size_t n, char out[65]) {
    unsigned char h[32];
    crypto_generichash(h, sizeof h, body, n, NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool node_auth_present(const node_auth_headers *h) {
    return h->node || h->key || h->time || h->counter || h->signature;
}

static mc_err refuse(mc_error *err, const char *header, const char *vi, const char *en) {
    return mc_fail(err, MC_ERR_UNAUTHORIZED, header, vi, en);
}

/* A decimal number of at most 18 digits, nothing else. */
static bool decimal(const char *s, int64_t *out) {
    if (!s || !*s || strlen(s) > 18) return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

mc_err node_auth_key(store_conn *c, node_principal *p, mc_time now, int64_t *last_counter, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_AUTH_GET, SV_ARGS(SV_T(p->tenant), SV_I(p->number)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    bool revoked = k == 1 && strcmp(store_text(r, 0), "revoked") == 0;
    *last_counter = k == 1 ? store_int(r, 1) : 0;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return refuse(err, "X-Motcua-Node", "Máy trạm này chưa được đăng ký với tỉnh.", "Unknown node.");
    if (revoked)
        return refuse(err, "X-Motcua-Node", "Máy trạm này đã bị thu hồi; liên hệ quản trị viên của tỉnh.",
                      "The node is revoked.");
    if (!(r = store_query(c, Q_NODE_KEY_GET, SV_ARGS(SV_T(p->tenant), SV_I(p->number), SV_T(p->key_id)), err)))
        return MC_ERR_STORE;
    k = store_next(r, err);
    bool key_ok = k == 1 && keyfile_hex_exact(store_text(r, 0), strlen(store_text(r, 0)), p->key.pk, 32);
    mc_time not_after = k == 1 && !store_null(r, 1) ? store_int(r, 1) : 0;
    mc_time added = k == 1 ? store_int(r, 2) : 0;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!key_ok)
        return refuse(err, "X-Motcua-Key", "Khóa này không phải khóa đã đăng ký của máy trạm.",
                      "The key is not the node's.");
    if (not_after && now > not_after)
        return refuse(err, "X-Motcua-Key", "Khóa này của máy trạm đã hết hiệu lực (đã thay khóa mới).",
                      "The key has been replaced.");
    if (now - added > NODE_AUTH_KEY_MAX_AGE)
        return refuse(err, "X-Motcua-Key",
                      "Khóa này của máy trạm đã dùng quá 365 ngày: tạo khóa mới tại xã (motcua node keygen) và đăng "
                      "ký với tỉnh (motcua node rotate); các thao tác tại xã vẫn được giữ để gửi sau.",
                      "The key is more than 365 days old: rotate it.");
    memcpy(p->key.id, p->key_id, 17);
    return MC_OK;
}

mc_err node_auth_head(store_conn *c, const node_auth_headers *h, mc_time now, int skew, node_principal *out,
                      mc_error *err) {
    memset(out, 0, sizeof *out);
    const char *slash = h->node ? strchr(h->node, '/') : NULL;
    int64_t number = 0;
    if (!slash || slash == h->node || (size_t)(slash - h->node) >= sizeof out->tenant || !decimal(slash + 1, &number) ||
        number < 10 || number > 99)
        return refuse(err, "X-Motcua-Node", "Yêu cầu của máy trạm thiếu hoặc sai tiêu đề X-Motcua-Node (tỉnh/số máy).",
                      "X-Motcua-Node: tenant/number required.");
    memcpy(out->tenant, h->node, (size_t)(slash - h->node));
    out->number = (int)number;
    unsigned char id[8];
    if (!h->key || !keyfile_hex_exact(h->key, strlen(h->key), id, sizeof id))
        return refuse(err, "X-Motcua-Key", "Yêu cầu của máy trạm thiếu hoặc sai mã khóa (X-Motcua-Key).",
                      "X-Motcua-Key: 16 hex digits required.");
    memcpy(out->key_id, h->key, 17);
    if (!decimal(h->time, &out->time) || !decimal(h->counter, &out->counter) || out->counter < 1)
        return refuse(err, "X-Motcua-Counter", "Yêu cầu của máy trạm thiếu thời điểm hoặc số thứ tự (X-Motcua-Time, "
                                               "X-Motcua-Counter).",
                      "X-Motcua-Time and X-Motcua-Counter required.");
    if (!h->signature || !keyfile_hex_exact(h->signature, strlen(h->signature), out->sig, sizeof out->sig))
        return refuse(err, "X-Motcua-Signature", "Yêu cầu của máy trạm thiếu chữ ký (X-Motcua-Signature).",
                      "X-Motcua-Signature: 128 hex digits required.");
    int64_t last = 0;
    mc_err e = node_auth_key(c, out, now, &last, err);
    if (e) return e;
    if (out->time > now + skew || out->time < now - skew)
        return mc_failf(err, MC_ERR_UNAUTHORIZED, "X-Motcua-Time",
                        "Đồng hồ của máy trạm lệch %lld giây so với hệ thống tỉnh (cho phép %d giây); hãy chỉnh giờ máy "
                        "trạm.",
                        "The node's clock is %lld s off (%d s accepted).", (long long)(out->time - now), skew,
                        (long long)(out->time - now), skew);
    if (out->counter <= last)
        return refuse(err, "X-Motcua-Counter", "Yêu cầu này đã được nhận trước đó (số thứ tự đã dùng).",
                      "Replayed request counter.");
    return MC_OK;
}

mc_err node_auth_finish(store *s, const node_principal *p, const char *method, const char *path_query,
                        const void *body, size_t n, mc_time now, mc_error *err) {
    char bh[65];
    node_auth_body_hash(body ? body : "", body ? n : 0, bh);
    char *msg = node_auth_message(method, path_query, p->tenant, p->number, p->key_id, p->time, p->counter, bh);
    bool ok = keyfile_verify(&p->key, msg, strlen(msg), p->sig);
    free(msg);
    if (!ok)
        return refuse(err, "X-Motcua-Signature", "Chữ ký của máy trạm không khớp với yêu cầu.",
                      "The signature does not match the request.");
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    int64_t changed = 0;
    mc_err e = store_exec(w, Q_NODE_COUNTER_CAS,
                          SV_ARGS(SV_I(p->counter), SV_I(now), SV_I(p->time - now), SV_T(p->tenant), SV_I(p->number),
                                  SV_I(p->counter)),
                          &changed, err);
    if (!e && !changed)
        e = refuse(err, "X-Motcua-Counter", "Yêu cầu này đã được nhận trước đó (số thứ tự đã dùng).",
                   "Replayed request counter.");
    return store_finish(w, e, err);
}

static char *answer_message(int64_t counter, int status, const void *body, size_t n) {
    char bh[65];
    node_auth_body_hash(body ? body : "", body ? n : 0, bh);
    buf b = {0};
    buf_printf(&b, "motcua-node-answer/1\n%lld\n%d\n%s\n", (long long)counter, status, bh);
    return buf_steal(&b);
}

void node_answer_sign(const keyfile_secret *k, int64_t counter, int status, const void *body, size_t n,
                      char out[129]) {
    char *msg = answer_message(counter, status, body, n);
    unsigned char sig[64];
    keyfile_sign(k, msg, strlen(msg), sig);
    free(msg);
    sodium_bin2hex(out, 129, sig, sizeof sig);
}

bool node_answer_verify(const keyfile_public *k, int64_t counter, int status, const void *body, size_t n,
                        const char *sig_hex) {
    unsigned char sig[64];
    if (!sig_hex || !keyfile_hex_exact(sig_hex, strlen(sig_hex), sig, sizeof sig)) return false;
    char *msg = answer_message(counter, status, body, n);
    bool ok = keyfile_verify(k, msg, strlen(msg), sig);
    free(msg);
    return ok;
}
