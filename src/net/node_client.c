/* node_client.c - a commune node's signed requests to its province (node_client.h). */
#include "node_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <stdbool.h>

#include "buf.h"
#include "node_auth.h"
#include "timeutil.h"

mc_err node_client_counter(store *s, int64_t now_ms, int64_t *out, mc_error *err) {
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    char v[24];
    mc_err e = store_meta_text(w, "node_counter", v, sizeof v, err);
    if (!e) {
        int64_t last = strtoll(v, NULL, 10);
        *out = now_ms > last ? now_ms : last + 1;
        snprintf(v, sizeof v, "%lld", (long long)*out);
        e = store_meta_put(w, "node_counter", v, err);
    }
    return store_finish(w, e, err);
}

typedef struct {
    buf body;
    char sig[129];
} answer_ctx;

static size_t collect(char *p, size_t size, size_t n, void *ud) {
    answer_ctx *a = ud;
    if (a->body.len + size * n > (64u << 20)) return 0; /* no answer of the province is that large */
    buf_append(&a->body, p, size * n);
    return size * n;
}

static size_t header_line(char *p, size_t size, size_t n, void *ud) {
    answer_ctx *a = ud;
    static const char name[] = "X-Motcua-Answer-Signature:";
    size_t len = size * n, nl = sizeof name - 1;
    if (len > nl && strncasecmp(p, name, nl) == 0) {
        const char *v = p + nl;
        size_t vl = len - nl;
        while (vl && (*v == ' ' || *v == '\t')) v++, vl--;
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' ')) vl--;
        if (vl == 128) {
            memcpy(a->sig, v, 128);
            a->sig[128] = 0;
        }
    }
    return len;
}

mc_err node_client_call(const node_client *c, const char *method, const char *path_query, const void *body, size_t n,
                        const char *type, node_answer *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t counter;
    mc_err e = node_client_counter(c->st, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &counter, err);
    if (e) return e;
    char bh[65];
    node_auth_body_hash(body ? body : "", body ? n : 0, bh);
    /* The node's time as it keeps it (the test clock in the tests); the counter comes from the system clock. */
    int64_t now = time_now();
    char *msg = node_auth_message(method, path_query, c->tenant, c->number, c->key->id, now, counter, bh);
    unsigned char sig[64];
    keyfile_sign(c->key, msg, strlen(msg), sig);
    free(msg);
    char sighex[129];
    for (int i = 0; i < 64; i++) snprintf(sighex + 2 * i, 3, "%02x", sig[i]);
    CURL *h = curl_easy_init();
    if (!h) return mc_fail(err, MC_ERR_BUSY, NULL, "Không khởi tạo được kết nối.", "curl_easy_init failed.");
    struct curl_slist *hd = NULL;
    char line[700];
    snprintf(line, sizeof line, "X-Motcua-Node: %s/%d", c->tenant, c->number);
    hd = curl_slist_append(hd, line);
    snprintf(line, sizeof line, "X-Motcua-Key: %s", c->key->id);
    hd = curl_slist_append(hd, line);
    snprintf(line, sizeof line, "X-Motcua-Time: %lld", (long long)now);
    hd = curl_slist_append(hd, line);
    snprintf(line, sizeof line, "X-Motcua-Counter: %lld", (long long)counter);
    hd = curl_slist_append(hd, line);
    snprintf(line, sizeof line, "X-Motcua-Signature: %s", sighex);
    hd = curl_slist_append(hd, line);
    hd = curl_slist_append(hd, "Accept: application/json");
    hd = curl_slist_append(hd, "Expect:"); /* no 100-continue round trip */
    if (body) {
        snprintf(line, sizeof line, "Content-Type: %s", type ? type : "application/json");
        hd = curl_slist_append(hd, line);
    }
    char url[1100];
    snprintf(url, sizeof url, "%s%s", c->url, path_query);
    answer_ctx a = {{0}, {0}};
    long timeout = c->timeout_s > 0 ? c->timeout_s : 30;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "motcua-node");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &a);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
    }
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) {
        buf_free(&a.body);
        return mc_failf(err, MC_ERR_BUSY, NULL, "Không kết nối được với hệ thống tỉnh: %s.",
                        "Province unreachable: %s.", curl_easy_strerror(rc), curl_easy_strerror(rc));
    }
    if (!node_answer_verify(&c->province, counter, (int)status, a.body.data ? a.body.data : "", a.body.len, a.sig)) {
        buf_free(&a.body);
        return mc_failf(err, MC_ERR_BUSY, NULL,
                        "Trả lời (HTTP %ld) không có chữ ký hợp lệ của hệ thống tỉnh; coi như chưa gửi được.",
                        "Answer (HTTP %ld) not signed by the province.", status, status);
    }
    out->status = status;
    out->len = a.body.len;
    buf_putc(&a.body, 0);
    out->body = buf_steal(&a.body);
    return MC_OK;
}

void node_answer_free(node_answer *a) {
    free(a->body);
    a->body = NULL;
}

/* A meta value into out (n bytes); false when absent, too long or unreadable. */
static bool meta_text(store_conn *c, const char *key, char *out, size_t n, mc_error *err) {
    return store_meta_text(c, key, out, n, err) == MC_OK && out[0];
}

mc_err node_client_from_meta(store *s, const keyfile_secret *key, node_client *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    store_conn *c = store_reader(s);
    char num[16], pk[80];
    if (!meta_text(c, "node_province", out->url, sizeof out->url, err) ||
        !meta_text(c, "node_tenant", out->tenant, sizeof out->tenant, err) ||
        !meta_text(c, "node_number", num, sizeof num, err) || !meta_text(c, "node_province_key", pk, sizeof pk, err) ||
        !keyfile_hex_exact(pk, strlen(pk), out->province.pk, 32))
        return mc_fail(err, MC_ERR_INVALID, "db",
                       "Cơ sở dữ liệu này không phải của một máy trạm (chưa chạy motcua node init).",
                       "Not a node's database (motcua node init).");
    keyfile_id_of(out->province.pk, out->province.id);
    out->number = atoi(num);
    out->key = key;
    out->st = s;
    out->timeout_s = 30;
    return MC_OK;
}

mc_err node_client_save(const node_client *c, mc_error *err) {
    char pk[65];
    for (int i = 0; i < 32; i++) snprintf(pk + 2 * i, 3, "%02x", c->province.pk[i]);
    store_conn *w = store_begin(c->st, err);
    if (!w) return err->code;
    mc_err e = store_meta_put(w, "node_province", c->url, err);
    if (!e) e = store_meta_put(w, "node_province_key", pk, err);
    return store_finish(w, e, err);
}

mc_err node_client_set_url(node_client *c, const char *url, mc_error *err) {
    if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || strlen(url) >= sizeof c->url)
        return mc_fail(err, MC_ERR_INVALID, "node-of", "Địa chỉ hệ thống tỉnh phải bắt đầu bằng http:// hoặc https://.",
                       "The province's address must be an http(s) URL.");
    snprintf(c->url, sizeof c->url, "%s", url);
    size_t l = strlen(c->url);
    while (l && c->url[l - 1] == '/') c->url[--l] = 0;
    return MC_OK;
}
