/* portal.c - delivery of the portal's messages and the catalog pull (portal.h; docs/PORTAL.md). */
#include "portal.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"

mc_err portal_conf_init(portal_conf *c, const char *url, const char *key_file, int timeout_s, mc_error *err) {
    memset(c, 0, sizeof *c);
    if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || strlen(url) >= sizeof c->url)
        return mc_fail(err, MC_ERR_INVALID, "portal", "Địa chỉ Cổng DVCQG (--portal) phải bắt đầu bằng https://.",
                       "--portal must be an http(s) URL.");
    snprintf(c->url, sizeof c->url, "%s", url);
    size_t l = strlen(c->url);
    while (l && c->url[l - 1] == '/') c->url[--l] = 0; /* the paths are appended with their slash */
    c->timeout_s = timeout_s > 0 ? timeout_s : 20;
    if (!key_file) return MC_OK;
    FILE *f = fopen(key_file, "r");
    if (!f)
        return mc_failf(err, MC_ERR_INVALID, "portal-key-file", "Không đọc được tệp khóa truy cập Cổng DVCQG %s.",
                        "Cannot read the portal key file %s.", key_file, key_file);
    if (!fgets(c->key, sizeof c->key, f)) c->key[0] = 0;
    fclose(f);
    l = strlen(c->key);
    while (l && isspace((unsigned char)c->key[l - 1])) c->key[--l] = 0;
    return MC_OK;
}

static size_t collect(char *p, size_t size, size_t n, void *ud) {
    buf *b = ud;
    if (b->len + size * n > (1u << 24)) return 0; /* an answer over 16 MiB is not the portal's */
    buf_append(b, p, size * n);
    return size * n;
}

/* One request: method GET (body NULL) or POST; *status gets the HTTP status, body what came back. */
static CURLcode request(const portal_conf *c, const char *url, const char *body, const char *msg_id, long *status,
                        buf *out) {
    CURL *h = curl_easy_init();
    if (!h) return CURLE_FAILED_INIT;
    struct curl_slist *hd = NULL;
    char line[640];
    hd = curl_slist_append(hd, "Accept: application/json");
    if (body) hd = curl_slist_append(hd, "Content-Type: application/json; charset=utf-8");
    if (c->key[0]) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", c->key);
        hd = curl_slist_append(hd, line);
    }
    if (msg_id) {
        snprintf(line, sizeof line, "Idempotency-Key: %s", msg_id);
        hd = curl_slist_append(hd, line);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(c->timeout_s < 10 ? c->timeout_s : 10));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "motcua");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    CURLcode rc = curl_easy_perform(h);
    *status = 0;
    if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return rc;
}

/* The portal's words in an answer ("message"), else the start of the body. */
static void portal_message(const char *body, json_t *doc, char *why, size_t n, long status) {
    const char *m = doc ? json_string_value(json_object_get(doc, "message")) : NULL;
    if (m)
        snprintf(why, n, "HTTP %ld: %s", status, m);
    else
        snprintf(why, n, "HTTP %ld: %.200s", status, body ? body : "");
}

/* The service of the exchange a message goes to (docs/PORTAL.md). */
static const char *service_of(const char *event) {
    return !strcmp(event, "rating") ? "DanhGiaHoSo" : "DongBoHoSoMC";
}

static outbox_result send_msg(void *ctx, store *s, const outbox_item *m, char *ack, size_t ack_size, char *why,
                              size_t why_size) {
    (void)s;
    const portal_conf *c = ctx;
    json_error_t je;
    json_t *data = json_loads(m->payload, 0, &je);
    if (!data) {
        snprintf(why, why_size, "nội dung tin nhắn không phải JSON: %s", je.text);
        return OUTBOX_DEAD;
    }
    char id[96];
    snprintf(id, sizeof id, "%s-%lld", m->tenant, (long long)m->id);
    const char *unit = json_string_value(json_object_get(data, "MaDonVi"));
    json_t *env = json_pack("{s:s, s:s, s:s, s:b, s:[o]}", "service", service_of(m->event), "MaThongDiep", id,
                            "madonvi", unit ? unit : "", "isUpdating", strcmp(m->event, "created") != 0, "data", data);
    char *body = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    char url[600];
    snprintf(url, sizeof url, "%s/hoso", c->url);
    buf out = {0};
    long status;
    CURLcode rc = request(c, url, body, id, &status, &out);
    free(body);
    outbox_result res;
    if (rc != CURLE_OK) {
        snprintf(why, why_size, "%s", curl_easy_strerror(rc));
        res = OUTBOX_RETRY;
    } else {
        json_t *doc = out.data ? json_loads(out.data, 0, NULL) : NULL;
        const char *ack_id = doc ? json_string_value(json_object_get(doc, "ack_id")) : NULL;
        const char *code = doc ? json_string_value(json_object_get(doc, "error_code")) : NULL;
        bool duplicate = doc && json_is_true(json_object_get(doc, "duplicate"));
        if (((status >= 200 && status < 300 && code && !strcmp(code, "0")) || status == 409 || duplicate) && ack_id &&
            ack_id[0]) {
            /* Acknowledged, now or before (a repeat of a message the portal already holds). */
            snprintf(ack, ack_size, "%s", ack_id);
            res = OUTBOX_SENT;
        } else if (status >= 200 && status < 300) {
            portal_message(out.data, doc, why, why_size, status);
            res = OUTBOX_RETRY; /* no acknowledgement: not known to be held */
        } else if (status == 408 || status == 429 || status >= 500 || status == 401 || status == 403) {
            portal_message(out.data, doc, why, why_size, status);
            res = OUTBOX_RETRY; /* the portal's load or our key: it will take the message later */
        } else {
            portal_message(out.data, doc, why, why_size, status);
            res = OUTBOX_DEAD; /* refused as it is: an administrator looks (docs/PORTAL.md) */
        }
        json_decref(doc);
    }
    buf_free(&out);
    if (res != OUTBOX_SENT) log_info("portal: message %lld (%s): %s", (long long)m->id, m->event, why);
    return res;
}

outbox_transport portal_transport(portal_conf *c) {
    return (outbox_transport){.channel = "portal", .ordered = true, .max_attempts = 10, .send = send_msg, .ctx = c};
}

mc_err portal_fetch_catalog(const portal_conf *c, const char *since, json_t **catalog, char *next, size_t n,
                            mc_error *err) {
    *catalog = NULL;
    next[0] = 0;
    CURL *h = curl_easy_init();
    char *q = h ? curl_easy_escape(h, since ? since : "", 0) : NULL;
    char url[1200];
    snprintf(url, sizeof url, "%s/thutuc?since=%s", c->url, q ? q : "");
    curl_free(q);
    if (h) curl_easy_cleanup(h);
    buf out = {0};
    long status;
    CURLcode rc = request(c, url, NULL, NULL, &status, &out);
    mc_err e = MC_OK;
    json_t *doc = NULL;
    if (rc != CURLE_OK)
        e = mc_failf(err, MC_ERR_BUSY, "portal", "Không kết nối được Cổng DVCQG: %s.", "Portal unreachable: %s.",
                     curl_easy_strerror(rc), curl_easy_strerror(rc));
    else if (status != 200 || !(doc = out.data ? json_loads(out.data, 0, NULL) : NULL))
        e = mc_failf(err, MC_ERR_BUSY, "portal", "Cổng DVCQG trả lời HTTP %ld, không có danh mục.",
                     "The portal answered HTTP %ld without a catalog.", status, status);
    json_t *cat = doc ? json_object_get(doc, "catalog") : NULL;
    const char *nx = doc ? json_string_value(json_object_get(doc, "since")) : NULL;
    if (!e && (!json_is_object(cat) || !nx))
        e = mc_fail(err, MC_ERR_BUSY, "portal", "Câu trả lời của Cổng DVCQG thiếu «catalog» hoặc «since».",
                    "The portal's answer lacks catalog or since.");
    if (!e && nx) {
        *catalog = json_incref(cat);
        snprintf(next, n, "%s", nx);
    }
    json_decref(doc);
    buf_free(&out);
    return e;
}
