/* notify_tmpl.c - loading, checking and rendering the notification templates (notify_tmpl.h). */
#include "notify_tmpl.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "text.h"
#include "xalloc.h"

typedef struct {
    char *event, *channel, *subject, *body;
} tmpl;

typedef struct {
    int version;
    tmpl *v;
    size_t n;
} tmpl_set;

struct notify_templates {
    tmpl_set *sets;
    size_t n;
};

notify_templates *notify_templates_new(void) {
    return xcalloc(1, sizeof(notify_templates));
}

static void set_free(tmpl_set *s) {
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].event);
        free(s->v[i].channel);
        free(s->v[i].subject);
        free(s->v[i].body);
    }
    free(s->v);
}

void notify_templates_free(notify_templates *t) {
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) set_free(&t->sets[i]);
    free(t->sets);
    free(t);
}

int notify_templates_latest(const notify_templates *t) {
    int v = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->sets[i].version > v) v = t->sets[i].version;
    return v;
}

static mc_err bad(mc_error *err, const char *name, const char *where, const char *vi, const char *en) {
    return mc_failf(err, MC_ERR_INVALID, "templates", "Mẫu thông báo %s, %s: %s", "Templates %s, %s: %s", name, where,
                    vi, name, where, en);
}

/* Checks text's placeholders against the event's fields on channel; *has_code, *has_link tell whether
 * {{code}} and {{link}} occur; *static_chars gets the characters outside placeholders. */
static mc_err check_text(const notify_event *ev, const char *channel, const char *text, const char *name,
                         const char *where, bool *has_code, bool *has_link, size_t *static_chars, mc_error *err) {
    size_t chars = 0;
    for (const char *p = text; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            const char *end = strstr(p + 2, "}}");
            if (!end) return bad(err, name, where, "thiếu «}}».", "unclosed placeholder");
            char field[32];
            size_t len = (size_t)(end - (p + 2));
            if (!len || len >= sizeof field)
                return bad(err, name, where, "tên trường không hợp lệ.", "bad placeholder name");
            memcpy(field, p + 2, len);
            field[len] = 0;
            for (size_t i = 0; i < len; i++)
                if (!((field[i] >= 'a' && field[i] <= 'z') || field[i] == '_'))
                    return bad(err, name, where, "tên trường không hợp lệ.", "bad placeholder name");
            if (!notify_field_ok(ev, channel, field)) {
                char vi[96], en[96];
                snprintf(vi, sizeof vi, "không có trường «%s».", field);
                snprintf(en, sizeof en, "unknown placeholder %s", field);
                return bad(err, name, where, vi, en);
            }
            if (!strcmp(field, "code")) *has_code = true;
            if (!strcmp(field, "link")) *has_link = true;
            p = end + 2;
            continue;
        }
        if (((unsigned char)*p & 0xC0) != 0x80) chars++;
        p++;
    }
    *static_chars += chars;
    return MC_OK;
}

static mc_err parse(json_t *root, const char *name, tmpl_set *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    json_t *ver = json_object_get(root, "version"), *evs = json_object_get(root, "events");
    if (!json_is_integer(ver) || json_integer_value(ver) < 1 || json_integer_value(ver) > 100000)
        return bad(err, name, "version", "cần một số nguyên dương.", "version must be a positive integer");
    if (!json_is_object(evs)) return bad(err, name, "events", "cần một đối tượng.", "events must be an object");
    out->version = (int)json_integer_value(ver);
    const char *k;
    json_t *v;
    json_object_foreach(evs, k, v) {
        if (!notify_event_find(k)) return bad(err, name, k, "không có sự kiện này.", "unknown event");
    }
    size_t nev;
    const notify_event *all = notify_events(&nev);
    for (size_t i = 0; i < nev; i++) {
        const notify_event *ev = &all[i];
        json_t *e = json_object_get(evs, ev->event);
        if (!json_is_object(e)) return bad(err, name, ev->event, "thiếu mẫu của sự kiện.", "event missing");
        json_object_foreach(e, k, v) {
            bool known = false;
            for (const char *const *c = ev->channels; *c; c++) known |= !strcmp(*c, k);
            if (!known) return bad(err, name, ev->event, "kênh gửi không dùng cho sự kiện này.", "unknown channel");
        }
        for (const char *const *c = ev->channels; *c; c++) {
            char where[64];
            snprintf(where, sizeof where, "%s/%s", ev->event, *c);
            json_t *m = json_object_get(e, *c);
            if (!json_is_object(m)) return bad(err, name, where, "thiếu mẫu.", "template missing");
            json_object_foreach(m, k, v) {
                if (strcmp(k, "subject") && strcmp(k, "body"))
                    return bad(err, name, where, "chỉ có subject và body.", "only subject and body");
            }
            const char *subj = json_string_value(json_object_get(m, "subject"));
            const char *body = json_string_value(json_object_get(m, "body"));
            bool sms = !strcmp(*c, "sms");
            if (!body || !*body) return bad(err, name, where, "thiếu nội dung (body).", "body missing");
            if (!sms && (!subj || !*subj)) return bad(err, name, where, "thiếu tiêu đề (subject).", "subject missing");
            if (sms && subj) return bad(err, name, where, "tin nhắn SMS không có tiêu đề.", "SMS has no subject");
            if (!text_valid_utf8(body, strlen(body)) || (subj && !text_valid_utf8(subj, strlen(subj))))
                return bad(err, name, where, "văn bản không phải UTF-8.", "not UTF-8");
            if (strlen(body) > NOTIFY_TMPL_BODY_MAX || (subj && text_chars(subj) > NOTIFY_TMPL_SUBJECT_MAX))
                return bad(err, name, where, "quá dài.", "too long");
            if (subj && strpbrk(subj, "\r\n"))
                return bad(err, name, where, "tiêu đề không được xuống dòng.", "newline in subject");
            bool code = false, link = false, scode = false, slink = false;
            size_t chars = 0, schars = 0;
            mc_err r = check_text(ev, *c, body, name, where, &code, &link, &chars, err);
            if (!r && subj) r = check_text(ev, *c, subj, name, where, &scode, &slink, &schars, err);
            if (r) return r;
            if (!code && !scode) return bad(err, name, where, "tin phải có mã ({{code}}).", "no {{code}}");
            if (strcmp(*c, "inapp") && !link)
                return bad(err, name, where, "nội dung phải có liên kết tra cứu ({{link}}).", "body lacks {{link}}");
            if (sms && chars > NOTIFY_TMPL_SMS_MAX)
                return bad(err, name, where, "tin nhắn SMS quá dài.", "SMS template too long");
            out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
            out->v[out->n++] = (tmpl){xstrdup(ev->event), xstrdup(*c), subj ? xstrdup(subj) : NULL, xstrdup(body)};
        }
    }
    return MC_OK;
}

mc_err notify_templates_add(notify_templates *t, const char *json, size_t len, const char *name, mc_error *err) {
    if (len > NOTIFY_TMPL_FILE_MAX) return bad(err, name, "", "tệp quá lớn.", "file too large");
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(root)) {
        json_decref(root);
        return mc_failf(err, MC_ERR_INVALID, "templates", "Mẫu thông báo %s: JSON không hợp lệ (dòng %d).",
                        "Templates %s: bad JSON (line %d): %s", name, je.line, name, je.line, je.text);
    }
    tmpl_set s;
    mc_err e = parse(root, name, &s, err);
    json_decref(root);
    for (size_t i = 0; !e && i < t->n; i++)
        if (t->sets[i].version == s.version)
            e = bad(err, name, "version", "phiên bản này đã nạp.", "version loaded twice");
    if (e) {
        set_free(&s);
        return e;
    }
    t->sets = xrealloc(t->sets, (t->n + 1) * sizeof *t->sets);
    t->sets[t->n++] = s;
    return MC_OK;
}

mc_err notify_templates_load(notify_templates *t, const char *dir, mc_error *err) {
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return mc_failf(err, MC_ERR_INVALID, "templates", "Không mở được thư mục mẫu thông báo %s.",
                        "Cannot open the templates folder %s.", dir ? dir : "(none)", dir ? dir : "(none)");
    struct dirent *de;
    mc_err e = MC_OK;
    int loaded = 0;
    while (!e && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (strncmp(de->d_name, "templates-v", 11) || n < 16 || strcmp(de->d_name + n - 5, ".json")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) {
            e = mc_failf(err, MC_ERR_INVALID, "templates", "Không đọc được %s.", "Cannot read %s.", path, path);
            break;
        }
        char *text = xmalloc(NOTIFY_TMPL_FILE_MAX + 1);
        size_t len = fread(text, 1, NOTIFY_TMPL_FILE_MAX + 1, f);
        fclose(f);
        e = notify_templates_add(t, text, len, de->d_name, err);
        free(text);
        loaded++;
    }
    closedir(d);
    if (!e && !loaded)
        e = mc_failf(err, MC_ERR_INVALID, "templates", "Thư mục %s không có tệp templates-v*.json.",
                     "No templates-v*.json in %s.", dir, dir);
    return e;
}

static const tmpl *find(const notify_templates *t, const char *name, const char *channel) {
    const char *at = name ? strchr(name, '@') : NULL;
    if (!at) return NULL;
    int version = atoi(at + 1);
    size_t elen = (size_t)(at - name);
    for (size_t i = 0; i < t->n; i++) {
        if (t->sets[i].version != version) continue;
        for (size_t k = 0; k < t->sets[i].n; k++) {
            const tmpl *m = &t->sets[i].v[k];
            if (strlen(m->event) == elen && !strncmp(m->event, name, elen) && !strcmp(m->channel, channel)) return m;
        }
    }
    return NULL;
}

static void fill(const char *text, json_t *payload, const char *link, const char *unsub, buf *out) {
    for (const char *p = text; *p;) {
        const char *end;
        if (p[0] == '{' && p[1] == '{' && (end = strstr(p + 2, "}}"))) {
            char field[32];
            size_t len = (size_t)(end - (p + 2));
            if (len < sizeof field) {
                memcpy(field, p + 2, len);
                field[len] = 0;
                const char *v = !strcmp(field, "link")          ? link
                                : !strcmp(field, "unsubscribe") ? unsub
                                                                : json_string_value(json_object_get(payload, field));
                buf_puts(out, v ? v : "");
            }
            p = end + 2;
            continue;
        }
        buf_putc(out, *p++);
    }
    if (!out->data) buf_puts(out, "");
}

mc_err notify_templates_render(const notify_templates *t, const char *tmpl_name, const char *channel,
                               const char *payload, const char *public_url, const char *unsubscribe, buf *subject,
                               buf *body, mc_error *err) {
    const tmpl *m = find(t, tmpl_name, channel);
    if (!m)
        return mc_failf(err, MC_ERR_NOT_FOUND, "template", "Chưa nạp mẫu thông báo %s (%s).",
                        "Template %s (%s) is not loaded.", tmpl_name ? tmpl_name : "-", channel,
                        tmpl_name ? tmpl_name : "-", channel);
    json_t *p = payload ? json_loads(payload, 0, NULL) : NULL;
    if (!json_is_object(p)) {
        json_decref(p);
        return mc_fail(err, MC_ERR_INVALID, "payload", "Nội dung tin nhắn hỏng.", "Payload is not a JSON object.");
    }
    const char *path = json_string_value(json_object_get(p, "path"));
    buf link = {0};
    buf_printf(&link, "%s%s", public_url ? public_url : "", path ? path : "");
    if (subject && m->subject) fill(m->subject, p, link.data, unsubscribe, subject);
    fill(m->body, p, link.data, unsubscribe, body);
    buf_free(&link);
    json_decref(p);
    return MC_OK;
}

char *notify_payload_path(const char *payload) {
    json_t *p = payload ? json_loads(payload, 0, NULL) : NULL;
    const char *path = json_string_value(json_object_get(p, "path"));
    char *out = path ? xstrdup(path) : NULL;
    json_decref(p);
    return out;
}
