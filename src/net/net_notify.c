/* net_notify.c - the e-mail, SMS and in-app transports (net_notify.h). */
#include "net_notify.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "log.h"
#include "mime.h"
#include "notify.h"
#include "notify_tmpl.h"
#include "xalloc.h"

struct net_notify {
    net_config cfg;
    notify_templates *tpl;
    char *public_url;    /* without a trailing slash */
    char *smtp_password; /* read from its file */
    char *sms_token;     /* read from its file */
    char *from_name, *from_addr, *domain;
};

/* The first line of a secret's file, malloc'd; NULL (err set) when it cannot be read. */
static char *read_secret(const char *path, const char *what, mc_error *err) {
    FILE *f = fopen(path, "r");
    if (!f) {
        mc_failf(err, MC_ERR_INVALID, what, "Không đọc được tệp %s.", "Cannot read %s.", path, path);
        return NULL;
    }
    char line[1024] = "";
    if (!fgets(line, sizeof line, f)) line[0] = 0;
    fclose(f);
    line[strcspn(line, "\r\n")] = 0;
    return xstrdup(line);
}

int net_notify_template_version(const net_notify *nn) {
    return nn ? notify_templates_latest(nn->tpl) : 0;
}

void net_notify_free(net_notify *nn) {
    if (!nn) return;
    notify_templates_free(nn->tpl);
    free(nn->public_url);
    if (nn->smtp_password) {
        memset(nn->smtp_password, 0, strlen(nn->smtp_password));
        free(nn->smtp_password);
    }
    if (nn->sms_token) {
        memset(nn->sms_token, 0, strlen(nn->sms_token));
        free(nn->sms_token);
    }
    free(nn->from_name);
    free(nn->from_addr);
    free(nn);
}

/* ---- rendering, opt-outs ----------------------------------------------------------------------------------- */

/* Renders m for channel; false with why set when it cannot be (the template is not loaded: retried, another
 * process may have it; a broken payload: *dead). */
static bool render(net_notify *nn, const outbox_item *m, const char *channel, const char *unsub, buf *subject,
                   buf *body, bool *dead, char *why, size_t why_size) {
    mc_error err;
    mc_err e =
        notify_templates_render(nn->tpl, m->tmpl, channel, m->payload, nn->public_url, unsub, subject, body, &err);
    if (!e) return true;
    *dead = e != MC_ERR_NOT_FOUND;
    snprintf(why, why_size, "%s", err.message);
    return false;
}

/* True when the recipient opted out of channel since the message was put (it is then not sent). */
static bool opted_out(store *s, const char *channel, const char *recipient) {
    bool out = false;
    mc_error err;
    if (notify_opted_out(store_reader(s), channel, recipient, &out, &err)) return false;
    return out;
}

/* ---- e-mail ------------------------------------------------------------------------------------------------ */

typedef struct {
    const char *data;
    size_t len, pos;
} reader;

static size_t read_cb(char *to, size_t size, size_t nmemb, void *p) {
    reader *r = p;
    size_t n = size * nmemb, left = r->len - r->pos;
    if (n > left) n = left;
    memcpy(to, r->data + r->pos, n);
    r->pos += n;
    return n;
}

static outbox_result mail_send(void *ctx, store *s, const outbox_item *m, char *ack, size_t ack_size, char *why,
                               size_t why_size) {
    net_notify *nn = ctx;
    if (!m->recipient || !mime_addr_ok(m->recipient)) {
        snprintf(why, why_size, "địa chỉ thư điện tử không hợp lệ");
        return OUTBOX_DEAD;
    }
    if (opted_out(s, "email", m->recipient)) {
        snprintf(ack, ack_size, "skipped: the recipient opted out");
        return OUTBOX_SENT;
    }
    char token[NOTIFY_TOKEN_MAX];
    mc_error err;
    char *unsub = NULL;
    if (nn->public_url && !notify_optout_token(s, "email", m->recipient, token, &err)) {
        size_t n = strlen(nn->public_url) + strlen(token) + 32;
        unsub = xmalloc(n);
        snprintf(unsub, n, "%s/thong-bao/huy?t=%s", nn->public_url, token);
    }
    buf subject = {0}, body = {0}, msg = {0};
    bool dead = false;
    outbox_result res = OUTBOX_RETRY;
    if (!render(nn, m, "email", unsub ? unsub : "", &subject, &body, &dead, why, why_size)) {
        res = dead ? OUTBOX_DEAD : OUTBOX_RETRY;
        goto done;
    }
    /* The Message-ID names the message and its province: a copy sent again after a crash carries the same. */
    char tenant[32], msgid[128];
    size_t k = 0;
    for (const char *p = m->tenant; *p && k < sizeof tenant - 1; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-')
            tenant[k++] = *p;
    tenant[k] = 0;
    snprintf(msgid, sizeof msgid, "outbox-%lld.%s@%s", (long long)m->id, tenant[0] ? tenant : "motcua", nn->domain);
    mime_msg mm = {.from_name = nn->from_name,
                   .from_addr = nn->from_addr,
                   .to_addr = m->recipient,
                   .subject = subject.data,
                   .body = body.data,
                   .message_id = msgid,
                   .unsubscribe = unsub,
                   .date = time_now()};
    if (!mime_build(&msg, &mm)) {
        snprintf(why, why_size, "không dựng được thư (địa chỉ không hợp lệ)");
        res = OUTBOX_DEAD;
        goto done;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(why, why_size, "libcurl: cannot start");
        goto done;
    }
    char errbuf[CURL_ERROR_SIZE] = "", from[300], to[300];
    snprintf(from, sizeof from, "<%s>", nn->from_addr);
    snprintf(to, sizeof to, "<%s>", m->recipient);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    reader rd = {msg.data, msg.len, 0};
    curl_easy_setopt(c, CURLOPT_URL, nn->cfg.smtp_url);
    if (!strncmp(nn->cfg.smtp_url, "smtp://", 7)) curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)nn->cfg.timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(nn->cfg.timeout_s < 10 ? nn->cfg.timeout_s : 10));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (nn->cfg.smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, nn->cfg.smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, nn->smtp_password ? nn->smtp_password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (rc == CURLE_OK) {
        snprintf(ack, ack_size, "%ld <%s>", code, msgid);
        res = OUTBOX_SENT;
    } else {
        snprintf(why, why_size, "SMTP %ld: %s%s%s", code, curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf);
        /* A permanent refusal of this message (5xx) is final; a temporary one (4xx), a failed login (the
         * settings, not the message) and no answer at all are retried. */
        res = code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED ? OUTBOX_DEAD : OUTBOX_RETRY;
    }
done:
    free(unsub);
    buf_free(&subject);
    buf_free(&body);
    buf_free(&msg);
    return res;
}

/* ---- SMS --------------------------------------------------------------------------------------------------- */

char *net_sms_unaccent(const char *s) {
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK) < 0)
        return NULL;
    /* đ and Đ have no decomposition: map them by hand, in place (2 bytes to 1). */
    char *p = (char *)out, *q = p;
    while (*p) {
        if ((unsigned char)p[0] == 0xC4 && ((unsigned char)p[1] == 0x91 || (unsigned char)p[1] == 0x90)) {
            *q++ = (unsigned char)p[1] == 0x91 ? 'd' : 'D';
            p += 2;
        } else
            *q++ = *p++;
    }
    *q = 0;
    return (char *)out;
}

static size_t sink_cb(char *data, size_t size, size_t nmemb, void *p) {
    buf *b = p;
    size_t n = size * nmemb;
    if (b->len < 4096) buf_append(b, data, n < 4096 - b->len ? n : 4096 - b->len);
    return n;
}

static outbox_result sms_send(void *ctx, store *s, const outbox_item *m, char *ack, size_t ack_size, char *why,
                              size_t why_size) {
    net_notify *nn = ctx;
    if (!m->recipient || !*m->recipient) {
        snprintf(why, why_size, "không có số điện thoại");
        return OUTBOX_DEAD;
    }
    if (opted_out(s, "sms", m->recipient)) {
        snprintf(ack, ack_size, "skipped: the recipient opted out");
        return OUTBOX_SENT;
    }
    buf body = {0}, answer = {0};
    bool dead = false;
    if (!render(nn, m, "sms", NULL, NULL, &body, &dead, why, why_size)) {
        buf_free(&body);
        return dead ? OUTBOX_DEAD : OUTBOX_RETRY;
    }
    char *text = net_sms_unaccent(body.data);
    buf_free(&body);
    if (!text) {
        snprintf(why, why_size, "nội dung tin nhắn không phải UTF-8");
        return OUTBOX_DEAD;
    }
    char ref[96];
    snprintf(ref, sizeof ref, "motcua-%s-%lld", m->tenant, (long long)m->id);
    json_t *j = json_pack("{s:s, s:s, s:s}", "to", m->recipient, "text", text, "ref", ref);
    free(text);
    char *json = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    outbox_result res = OUTBOX_RETRY;
    CURL *c = curl_easy_init();
    if (!c) {
        free(json);
        snprintf(why, why_size, "libcurl: cannot start");
        return OUTBOX_RETRY;
    }
    char errbuf[CURL_ERROR_SIZE] = "", auth[1100];
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
    if (nn->sms_token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", nn->sms_token);
        h = curl_slist_append(h, auth);
    }
    curl_easy_setopt(c, CURLOPT_URL, nn->cfg.sms_url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)nn->cfg.timeout_s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(json);
    if (auth[0]) memset(auth, 0, sizeof auth);
    const char *said = answer.data ? answer.data : "";
    if (rc != CURLE_OK) {
        snprintf(why, why_size, "SMS gateway: %s%s%s", curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf);
    } else if (code >= 200 && code < 300) {
        /* The gateway's message id when it gives one, else its status. */
        json_t *a = json_loads(said, 0, NULL);
        const char *id = json_string_value(json_object_get(a, "id"));
        snprintf(ack, ack_size, "%ld %s", code, id ? id : "");
        json_decref(a);
        res = OUTBOX_SENT;
    } else {
        snprintf(why, why_size, "SMS gateway HTTP %ld: %.200s", code, said);
        res = code == 429 || code >= 500 ? OUTBOX_RETRY : OUTBOX_DEAD;
    }
    buf_free(&answer);
    return res;
}

/* ---- in-app ------------------------------------------------------------------------------------------------ */

static outbox_result inapp_send(void *ctx, store *s, const outbox_item *m, char *ack, size_t ack_size, char *why,
                                size_t why_size) {
    net_notify *nn = ctx;
    char *end = NULL;
    long long uid = m->recipient ? strtoll(m->recipient, &end, 10) : 0;
    if (uid <= 0 || !end || *end) {
        snprintf(why, why_size, "người nhận không phải một tài khoản");
        return OUTBOX_DEAD;
    }
    buf title = {0}, body = {0};
    bool dead = false;
    if (!render(nn, m, "inapp", NULL, &title, &body, &dead, why, why_size)) {
        buf_free(&title);
        buf_free(&body);
        return dead ? OUTBOX_DEAD : OUTBOX_RETRY;
    }
    char *path = notify_payload_path(m->payload);
    mc_error err;
    mc_err e = notify_inapp_save(s, m->tenant, uid, m->id, m->event, title.data ? title.data : "",
                                 body.data ? body.data : "", path, time_now(), &err);
    free(path);
    buf_free(&title);
    buf_free(&body);
    if (e) {
        snprintf(why, why_size, "%s", err.message_en);
        return OUTBOX_RETRY;
    }
    snprintf(ack, ack_size, "stored");
    return OUTBOX_SENT;
}

/* ---- set-up ------------------------------------------------------------------------------------------------ */

/* Splits cfg->mail_from ("addr" or "Name <addr>") into nn's display name, address and domain. */
static mc_err parse_from(net_notify *nn, const char *from, mc_error *err) {
    const char *lt = strchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt) {
        size_t n = (size_t)(lt - from);
        while (n && from[n - 1] == ' ') n--;
        const char *name = from;
        if (n >= 2 && name[0] == '"' && name[n - 1] == '"') name++, n -= 2;
        nn->from_name = xmalloc(n + 1);
        memcpy(nn->from_name, name, n);
        nn->from_name[n] = 0;
        nn->from_addr = xmalloc((size_t)(gt - lt));
        memcpy(nn->from_addr, lt + 1, (size_t)(gt - lt - 1));
        nn->from_addr[gt - lt - 1] = 0;
    } else {
        nn->from_name = xstrdup("Hệ thống một cửa điện tử");
        nn->from_addr = xstrdup(from);
    }
    if (!mime_addr_ok(nn->from_addr))
        return mc_fail(err, MC_ERR_INVALID, "mail_from", "Địa chỉ gửi thư (--mail-from) không hợp lệ.",
                       "Bad --mail-from address.");
    nn->domain = strchr(nn->from_addr, '@') + 1;
    return MC_OK;
}

mc_err net_notify_add(const net_config *cfg, outbox_transport *t, size_t *n, size_t max, net_notify **out,
                      mc_error *err) {
    *out = NULL;
    if (!cfg->templates_dir) {
        log_warn("notify: no templates folder (data/notify): e-mail, SMS and in-app messages wait in the outbox");
        return MC_OK;
    }
    net_notify *nn = xcalloc(1, sizeof *nn);
    nn->cfg = *cfg;
    nn->tpl = notify_templates_new();
    mc_err e = notify_templates_load(nn->tpl, cfg->templates_dir, err);
    if (!e && cfg->public_url) {
        nn->public_url = xstrdup(cfg->public_url);
        size_t l = strlen(nn->public_url);
        while (l && nn->public_url[l - 1] == '/') nn->public_url[--l] = 0;
    }
    if (!e && cfg->smtp_url) {
        if (strncmp(cfg->smtp_url, "smtp://", 7) && strncmp(cfg->smtp_url, "smtps://", 8))
            e = mc_fail(err, MC_ERR_INVALID, "smtp", "--smtp phải có dạng smtp://máy:cổng hoặc smtps://máy:cổng.",
                        "--smtp must be smtp://host:port or smtps://host:port.");
        else if (!cfg->mail_from)
            e = mc_fail(err, MC_ERR_INVALID, "mail_from", "Cần --mail-from (địa chỉ gửi thư) khi dùng --smtp.",
                        "--smtp needs --mail-from.");
        else
            e = parse_from(nn, cfg->mail_from, err);
        if (!e && cfg->smtp_password_file &&
            !(nn->smtp_password = read_secret(cfg->smtp_password_file, "smtp_password_file", err)))
            e = MC_ERR_INVALID;
    }
    if (!e && cfg->sms_url) {
        if (strncmp(cfg->sms_url, "http://", 7) && strncmp(cfg->sms_url, "https://", 8))
            e = mc_fail(err, MC_ERR_INVALID, "sms_gateway", "--sms-gateway phải là một địa chỉ http:// hoặc https://.",
                        "--sms-gateway must be an http(s) URL.");
        else if (cfg->sms_token_file && !(nn->sms_token = read_secret(cfg->sms_token_file, "sms_token_file", err)))
            e = MC_ERR_INVALID;
    }
    if (e) {
        net_notify_free(nn);
        return e;
    }
    struct {
        bool on;
        outbox_transport tr;
    } add[] = {
        {true, {"inapp", false, 5, inapp_send, nn}},
        {cfg->smtp_url != NULL, {"email", false, 10, mail_send, nn}},
        {cfg->sms_url != NULL, {"sms", false, 8, sms_send, nn}},
    };
    for (size_t i = 0; i < sizeof add / sizeof add[0]; i++) {
        if (!add[i].on) continue;
        if (*n >= max) {
            net_notify_free(nn);
            return mc_fail(err, MC_ERR_INTERNAL, NULL, "Quá nhiều kênh gửi.", "Too many channels.");
        }
        t[(*n)++] = add[i].tr;
    }
    *out = nn;
    return MC_OK;
}
