/* web_common.c - what every page file uses (web_internal.h): rendering with
 * the site and the logged-in user, words for people, forms and their CSRF
 * tokens, redirects, and API handlers called from pages. */
#include <sodium.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "field_limits.h"
#include "node_outq.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"

/* ---- words for people ------------------------------------------------------------------ */

/* 50000 → "50.000 đồng". */
json_t *web_vnd(int64_t amount) {
    char out[TEXT_VND_MAX];
    return json_string(text_vnd(amount, out));
}

/* s percent-encoded for a query string (RFC 3986 unreserved characters kept). */
json_t *web_url_part(const char *s) {
    buf b = {0};
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            buf_putc(&b, (char)*p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    json_t *j = json_string(b.data ? b.data : "");
    buf_free(&b);
    return j;
}

const char *web_url_enc(api_req *r, const char *s) {
    json_t *j = web_url_part(s);
    const char *out = arena_strdup(r->a, json_string_value(j));
    json_decref(j);
    return out;
}

json_t *web_dmy(const char *iso) {
    mc_day d;
    if (!iso || !day_parse(iso, &d)) return json_string(iso ? iso : "");
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    char b[16];
    snprintf(b, sizeof b, "%02d/%02d/%04d", dd, m, y);
    return json_string(b);
}

void web_date_words(json_t *o, const char *const *keys, bool keep_other) {
    if (!json_is_object(o)) return;
    for (; *keys; keys++) {
        const char *v = json_string_value(json_object_get(o, *keys));
        if (!v) continue;
        char name[64];
        snprintf(name, sizeof name, "%s_text", *keys);
        mc_time t;
        mc_day d;
        if (strlen(v) > 10 && time_parse_iso8601(v, &t)) {
            char b[32];
            time_format_vn(t, b);
            json_object_set_new(o, name, json_string(b));
        } else if (keep_other || day_parse(v, &d)) {
            json_object_set_new(o, name, web_dmy(v));
        }
    }
}

const char *web_timing_text(const char *t) {
    if (!t) return NULL;
    if (strcmp(t, "early") == 0) return "trước hạn";
    if (strcmp(t, "on_time") == 0) return "đúng hạn";
    if (strcmp(t, "late") == 0) return "trễ hạn";
    return t;
}

/* ---- pages ------------------------------------------------------------------------------ */

/* What every page shows: the portal's and the service center's names. */
static json_t *site_read(api_req *r) {
    store_conn *c = store_reader(r->app->st);
    org_unit *v;
    size_t n = 0;
    const char *province = NULL, *center = NULL;
    size_t center_depth = (size_t)-1;
    if (units_list(c, r->a, NULL, &v, &n, NULL) == MC_OK)
        for (size_t i = 0; i < n; i++) {
            if (!province && strcmp(v[i].kind, "province") == 0) province = v[i].name;
            size_t depth = strlen(v[i].path);
            if (strcmp(v[i].kind, "service_center") == 0 && depth < center_depth) {
                center = v[i].name;
                center_depth = depth;
            }
        }
    char name[256];
    snprintf(name, sizeof name, "Cổng Dịch vụ công %s", province ? province : "");
    if (province && strncmp(province, "Tỉnh ", strlen("Tỉnh ")) == 0)
        snprintf(name, sizeof name, "Cổng Dịch vụ công tỉnh %s", province + strlen("Tỉnh "));
    return json_pack("{s:s, s:o}", "name", name, "center", center ? json_string(center) : json_null());
}

/* site_read, kept for a minute: it reads every unit, and a renamed unit may show a minute late. */
static json_t *site_json(api_req *r) {
    struct web_assets *w = r->app->web;
    mc_time now = time_now();
    pthread_mutex_lock(&w->site_lock);
    if (!w->site || now - w->site_at >= 60 || now < w->site_at) {
        json_decref(w->site);
        w->site = site_read(r);
        w->site_at = now;
    }
    json_t *copy = json_deep_copy(w->site); /* the page context is changed while rendering */
    pthread_mutex_unlock(&w->site_lock);
    return copy;
}

bool web_unit_active(const char *active_to) {
    if (!active_to) return true;
    char today[11];
    day_format(time_local_day(time_now()), today);
    return strcmp(active_to, today) >= 0;
}

bool web_is_officer(const user *u) {
    return u && (u->roles & ~(unsigned)ROLE_CITIZEN) != 0;
}

json_t *web_unit_choices(api_req *r, const user *u, const char *chosen) {
    json_t *v = json_array();
    org_unit *units;
    size_t n;
    mc_error e2;
    const char *root = (u->roles & ROLE_ADMIN) ? NULL : u->unit_code;
    if (units_list(store_reader(r->app->st), r->a, root, &units, &n, &e2)) return v;
    for (size_t i = 0; i < n; i++) {
        if (!web_unit_active(units[i].active_to)) continue;
        json_array_append_new(v, json_pack("{s:s, s:s, s:b}", "code", units[i].code, "name", units[i].name, "selected",
                                           chosen && !strcmp(chosen, units[i].code)));
    }
    return v;
}

bool web_officer_only(api_req *r, user **u) {
    if (!web_logged_in(r, u)) return false;
    if (web_is_officer(*u)) return true;
    web_error(r, 403, "Trang này dành cho cán bộ. Công dân xem hồ sơ của mình tại mục Hồ sơ của tôi.");
    return false;
}

bool web_period_form(api_req *r, const char *path, const char *tpl, const char *title, mc_err *ret) {
    const char *tu = api_query(r, "tu"), *den = api_query(r, "den");
    if (!tu && !den) return false;
    const char *unit = api_query(r, "unit");
    char iso[2][16] = {"", ""};
    const char *in[2] = {tu, den};
    for (int k = 0; k < 2; k++) {
        if (!in[k] || !*in[k]) continue;
        int dd, mm, yy;
        char tail;
        if (sscanf(in[k], "%d/%d/%d%c", &dd, &mm, &yy, &tail) != 3 || !ymd_valid(yy, mm, dd)) {
            *ret = web_page(r, 400, tpl, title,
                            json_pack("{s:s, s:s, s:s, s:s}", "error",
                                      "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 01/11/2026.", "from_text",
                                      tu ? tu : "", "to_text", den ? den : "", "unit", unit ? unit : ""));
            return true;
        }
        snprintf(iso[k], sizeof iso[k], "%04d-%02d-%02d", yy, mm, dd);
    }
    json_t *uq = web_url_part(unit ? unit : "");
    /* Other query parameters of the page (a kind, an indicator) ride along. */
    const char *kind = api_query(r, "kind"), *ind = api_query(r, "indicator");
    json_t *kq = web_url_part(kind ? kind : ""), *iq = web_url_part(ind ? ind : "");
    const char *to = arena_printf(r->a, "%s?unit=%s&from=%s&to=%s%s%s%s%s", path, json_string_value(uq), iso[0], iso[1],
                                  kind ? "&kind=" : "", kind ? json_string_value(kq) : "", ind ? "&indicator=" : "",
                                  ind ? json_string_value(iq) : "");
    json_decref(uq);
    json_decref(kq);
    json_decref(iq);
    *ret = web_redirect(r, to);
    return true;
}

/* "YYYY-MM-DD" → "dd/mm/yyyy" in out[11]; "" when it does not read. */
static void day_text(const char *iso, char out[11]) {
    mc_day day;
    out[0] = 0;
    if (iso && day_parse(iso, &day)) {
        int y, m, d;
        day_to_ymd(day, &y, &m, &d);
        snprintf(out, 11, "%02d/%02d/%04d", d, m, y);
    }
}

void web_period_context(json_t *ctx, json_t *report) {
    char fv[11], tv[11];
    day_text(json_string_value(json_object_get(report, "from")), fv);
    day_text(json_string_value(json_object_get(report, "to")), tv);
    json_object_set_new(ctx, "from_text", json_string(fv));
    json_object_set_new(ctx, "to_text", json_string(tv));
    json_object_set(ctx, "unit", json_object_get(json_object_get(report, "unit"), "code"));
}

/* Who is logged in, for the header: name, where their work is, the token for the logout form. */
static json_t *me_json(api_req *r) {
    user *u = api_user(r);
    if (!u) return json_null();
    /* CCHC inspections: who plans or reads them, or answers for remedies (inspections.h). */
    bool inspections = perm_scope_of(u->roles, ACT_INSPECTION_READ) != SCOPE_NONE ||
                       perm_scope_of(u->roles, ACT_INSPECTION_MANAGE) != SCOPE_NONE ||
                       perm_scope_of(u->roles, ACT_INSPECTION_REMEDY) != SCOPE_NONE;
    json_t *me = json_pack("{s:s, s:s, s:b, s:b, s:b, s:b}", "name", u->name ? u->name : u->username, "csrf",
                           web_csrf(r), "officer", web_is_officer(u), "citizen", (u->roles & ROLE_CITIZEN) != 0,
                           "admin", (u->roles & ROLE_ADMIN) != 0, "inspections", inspections);
    /* Directives, plans and tasks (tasks.h): who reads them. */
    json_object_set_new(me, "tasks", json_boolean(perm_scope_of(u->roles, ACT_TASK_READ) != SCOPE_NONE));
    /* The PAR INDEX (parindex.h): those who self-score, appraise or open rounds, and those who read results. */
    json_object_set_new(me, "par",
                        json_boolean(perm_scope_of(u->roles, ACT_PAR_SELF) != SCOPE_NONE ||
                                     perm_scope_of(u->roles, ACT_PAR_MANAGE) != SCOPE_NONE ||
                                     (u->roles & (ROLE_SUPERVISOR | ROLE_OBSERVER)) != 0));
    return me;
}

/* A commune node's pages say how it stands with the province (docs/NODE.md §8): the counter keeps receiving when
 * the link is down, and the officers see how much waits to be sent. */
static json_t *node_banner(api_req *r) {
    node_here_status st;
    mc_error err;
    json_t *j = json_pack("{s:i}", "number", r->app->node_number);
    if (node_outq_status(store_reader(r->app->st), time_now(), &st, &err) != MC_OK) return j;
    char when[17] = "";
    if (st.last_exchange) time_format_vn(st.last_exchange, when);
    json_object_set_new(j, "online", json_boolean(st.online));
    json_object_set_new(j, "since", when[0] ? json_string(when) : json_null());
    json_object_set_new(j, "waiting", json_integer(st.waiting));
    json_object_set_new(j, "pending", json_boolean(st.waiting > 0));
    return j;
}

mc_err web_page(api_req *r, int status, const char *name, const char *title, json_t *ctx) {
    json_object_set_new(ctx, "site", site_json(r));
    json_object_set_new(ctx, "title", json_string(title));
    json_object_set_new(ctx, "me", me_json(r));
    if (r->app->node_number > 0) json_object_set_new(ctx, "node", node_banner(r));
    /* The script (a form sent once, uploads with progress) only where a form creates or changes something:
     * the public pages stay small and script-free. */
    static const char *const with_js[] = {"submit",      "review",        "my_dossier",    "case",
                                          "intake",      "register",      "login",         "admin_units",
                                          "admin_users", "admin_catalog", "admin_calendar"};
    bool js = false;
    for (size_t i = 0; i < sizeof with_js / sizeof with_js[0]; i++) js |= !strcmp(name, with_js[i]);
    json_object_set_new(ctx, "js", json_boolean(js));
    /* The limits of free text, for maxlength="{{max.<key>}}" on every field (field_limits.h). */
    json_t *max = json_object();
    size_t nl;
    const field_limit *fl = field_limits(&nl);
    for (size_t i = 0; i < nl; i++) json_object_set_new(max, fl[i].key, json_integer(fl[i].max));
    json_object_set_new(max, "default", json_integer(FIELD_LIMIT_DEFAULT));
    json_object_set_new(ctx, "max", max);
    json_object_set_new(ctx, "max_file", json_integer((json_int_t)r->app->max_file));
    json_object_set_new(ctx, "max_file_mb", json_integer((json_int_t)(r->app->max_file >> 20)));
    buf b = {0};
    bool ok = tmpl_render(r->app->web->pages, name, ctx, &b);
    json_decref(ctx);
    if (!ok) {
        buf_free(&b);
        buf_puts(&b, "<!doctype html><title>Lỗi</title><p>Lỗi hệ thống: thiếu mẫu trang.</p>");
        status = 500;
    }
    mc_err e = api_reply_raw(r, status, "text/html; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return e;
}

mc_err web_error(api_req *r, int status, const char *message) {
    return web_page(r, status, "error", status == 404 ? "Không tìm thấy" : "Có lỗi",
                    json_pack("{s:s, s:i}", "message", message, "status", status));
}

mc_err web_redirect(api_req *r, const char *location) {
    r->location = arena_strdup(r->a, location);
    return api_reply_raw(r, 303, "text/html; charset=utf-8", "", 0);
}

mc_err web_redirect_created(api_req *r, const char *path, json_t *out) {
    const char *to = arena_printf(r->a, "%s/%lld", path, (long long)json_integer_value(json_object_get(out, "id")));
    json_decref(out);
    return web_redirect(r, to);
}

mc_err web_absent(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Cổng dịch vụ công chưa được cài đặt trên máy chủ này.",
                   "The portal is not installed on this server.");
}

mc_err web_error_page(api_req *r, int status, const char *message) {
    return web_error(r, status, message);
}

bool web_local_path(const char *next) {
    if (!next || next[0] != '/' || next[1] == '/') return false;
    /* Printable ASCII only: a tab or a backslash could turn "/\t/host" into "//host" in a browser. */
    for (const char *p = next; *p; p++)
        if (*p < 0x21 || *p > 0x7e || *p == '\\') return false;
    return true;
}

/* The path (with its query) of a same-site Referer, or NULL. */
static const char *referer_path(api_req *r) {
    const char *ref = r->header_fn ? r->header_fn(r, "Referer") : NULL,
               *host = r->header_fn ? r->header_fn(r, "Host") : NULL;
    if (!ref || !host) return NULL;
    const char *p = strstr(ref, "://");
    if (!p) return NULL;
    p += 3;
    size_t hl = strlen(host);
    if (strncmp(p, host, hl) != 0 || (p[hl] != '/' && p[hl] != 0)) return NULL;
    return p[hl] ? p + hl : "/";
}

void web_to_login(api_req *r) {
    const char *back = NULL;
    if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))
        back = r->query_string && *r->query_string ? arena_printf(r->a, "%s?%s", r->path, r->query_string) : r->path;
    else
        back = referer_path(r);
    buf b = {0};
    buf_puts(&b, "/dang-nhap");
    if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) buf_puts(&b, "?het_phien=1");
    if (back && web_local_path(back) && strncmp(back, "/dang-nhap", 10)) {
        json_t *p = web_url_part(back);
        buf_printf(&b, "%snext=%s", b.len > 10 ? "&" : "?", json_string_value(p));
        json_decref(p);
    }
    web_redirect(r, b.data);
    buf_free(&b);
}

bool web_logged_in(api_req *r, user **out) {
    *out = api_user(r);
    if (*out) return true;
    web_to_login(r);
    return false;
}

int web_status(mc_err e) {
    return mc_err_http_status(e);
}

/* ---- forms ------------------------------------------------------------------------------ */

mc_err web_form_read(api_req *r, web_form *f, mc_error *err) {
    memset(f, 0, sizeof *f);
    if (r->upload) {
        size_t n = multipart_field_count(r->upload);
        f->names = arena_alloc(r->a, (n + 1) * sizeof *f->names);
        f->values = arena_alloc(r->a, (n + 1) * sizeof *f->values);
        for (size_t i = 0; i < n; i++) {
            const multipart_field *m = multipart_field_at(r->upload, i);
            f->names[f->n] = m->name;
            f->values[f->n++] = m->value;
        }
        return MC_OK;
    }
    if (!api_media_type_is(r, "application/x-www-form-urlencoded") || !r->content_type)
        if (r->body_len)
            return mc_fail(err, MC_ERR_MEDIA_TYPE, NULL, "Biểu mẫu phải được gửi từ trang của cổng dịch vụ công.",
                           "Expected an HTML form.");
    if (!web_form_parse(r->a, r->body ? r->body : "", r->body_len, f))
        return mc_fail(err, MC_ERR_INVALID, NULL, "Dữ liệu biểu mẫu không hợp lệ (mã hóa sai).",
                       "Malformed form data.");
    return MC_OK;
}

const char *web_form_get(const web_form *f, const char *name) {
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0) return f->values[i];
    return NULL;
}

const char *web_form_text(api_req *r, const web_form *f, const char *name) {
    const char *v = web_form_get(f, name);
    if (!v) return NULL;
    char *t = text_trim(arena_strdup(r->a, v));
    return *t ? t : NULL;
}

const char *web_compact(api_req *r, const char *s) {
    if (!s) return NULL;
    char *out = arena_alloc(r->a, strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') *o++ = *p;
    *o = 0;
    return out;
}

const char *web_form_compact(api_req *r, const web_form *f, const char *name) {
    const char *v = web_compact(r, web_form_get(f, name));
    return v && *v ? v : NULL;
}

json_t *web_form_fields(api_req *r, const web_form *f, const char *const *names) {
    json_t *o = json_object();
    for (; *names; names++) {
        const char *v = web_form_text(r, f, *names);
        if (v) json_object_set_new(o, *names, json_string(v));
    }
    return o;
}

json_t *web_form_all(const web_form *f, const char *name) {
    json_t *a = json_array();
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0) json_array_append_new(a, json_string(f->values[i]));
    return a;
}

/* ---- CSRF -------------------------------------------------------------------------------- */

#define PRE_COOKIE "motcua_pre"

/* The secret a browser holds in an HttpOnly cookie: its session token, else its pre-session token. */
static const char *csrf_base(api_req *r) {
    if (r->token && api_user(r)) return r->token;
    const char *pre = r->cookie_fn ? r->cookie_fn(r, PRE_COOKIE) : NULL;
    if (pre && strlen(pre) == 32) return pre;
    return NULL;
}

static const char *csrf_of(api_req *r, const char *base) {
    unsigned char h[16];
    static const char label[] = "motcua csrf v1:";
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)label, sizeof label - 1);
    crypto_generichash_update(&st, (const unsigned char *)base, strlen(base));
    crypto_generichash_final(&st, h, sizeof h);
    char *hex = arena_alloc(r->a, 2 * sizeof h + 1);
    sodium_bin2hex(hex, 2 * sizeof h + 1, h, sizeof h);
    return hex;
}

const char *web_csrf(api_req *r) {
    const char *base = csrf_base(r);
    if (!base) {
        unsigned char raw[16];
        randombytes_buf(raw, sizeof raw);
        char *pre = arena_alloc(r->a, 33);
        sodium_bin2hex(pre, 33, raw, sizeof raw);
        /* Kept for the browser's session; the same value until it closes. */
        r->set_cookie = arena_printf(r->a, PRE_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s", pre,
                                     r->app->secure_cookies ? "; Secure" : "");
        base = pre;
    }
    return csrf_of(r, base);
}

bool web_csrf_valid(api_req *r, const web_form *f) {
    const char *base = csrf_base(r), *sent = web_form_get(f, "csrf");
    return base && sent && strlen(sent) == 32 && sodium_memcmp(sent, csrf_of(r, base), 32) == 0;
}

bool web_csrf_check(api_req *r, const web_form *f) {
    if (web_csrf_valid(r, f)) return true;
    web_error(r, 403,
              "Trang đã mở quá lâu hoặc phiên làm việc đã hết hạn, nên biểu mẫu không được gửi. "
              "Vui lòng mở lại trang, điền lại và gửi lần nữa. (Trình duyệt cần cho phép cookie.)");
    return false;
}

bool web_posted(api_req *r, web_form *f) {
    mc_error e2;
    if (web_form_read(r, f, &e2)) {
        web_error(r, web_status(e2.code), e2.message);
        return false;
    }
    return web_csrf_check(r, f);
}

void web_form_context(api_req *r, json_t *ctx, json_t *form, const char *error, const char *done) {
    json_object_set_new(ctx, "f", form ? form : json_object());
    json_object_set_new(ctx, "csrf", json_string(web_csrf(r)));
    json_object_set_new(ctx, "error", error ? json_string(error) : json_null());
    json_object_set_new(ctx, "done", done ? json_string(done) : json_null());
}

/* ---- the API, from a page ---------------------------------------------------------------- */

mc_err web_api(api_req *r, api_handler fn, const char *const *params, int np, json_t *body, json_t **out, int *status,
               mc_error *err) {
    api_req s = *r;
    *out = NULL;
    for (int i = 0; i < API_MAX_PARAMS; i++) s.params[i] = i < np ? params[i] : NULL;
    s.nparams = np;
    s.body = NULL;
    s.body_len = 0;
    s.content_type = NULL;
    if (body) {
        char *text = json_dumps(body, JSON_COMPACT);
        json_decref(body);
        s.body = arena_strdup(r->a, text);
        s.body_len = strlen(text);
        free(text);
        s.content_type = "application/json";
    }
    s.want_tree = true; /* a handler writing with json_w gives its tree: no text to parse again */
    s.json = NULL;
    s.raw = NULL;
    s.raw_len = 0;
    s.status = 0;
    s.set_cookie = NULL;
    s.file_path = NULL;
    mc_err e = fn(&s, err);
    r->user_loaded = s.user_loaded;
    r->user = s.user;
    if (s.set_cookie) r->set_cookie = s.set_cookie;
    if (e) {
        if (s.json) json_decref(s.json);
        if (err->code != e) mc_fail(err, e, NULL, NULL, NULL);
        return e;
    }
    *status = s.status ? s.status : 200;
    if (s.json) {
        *out = s.json;
    } else if (s.raw) {
        *out = json_loadb(s.raw, s.raw_len, 0, NULL);
    }
    if (!*out) return mc_fail(err, MC_ERR_INTERNAL, NULL, "Lỗi hệ thống khi đọc dữ liệu.", "API answer is not JSON.");
    return MC_OK;
}

/* ---- charts (inline SVG laid out here, drawn by the templates) ---- */

static double chart_num(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *chart_fixed1(double x) {
    return json_real(round(x * 10.0) / 10.0);
}

/* Characters (code points) of a UTF-8 string. */
size_t web_utf8_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The first n characters of s and "…", in a static buffer of the calling thread. */
const char *web_utf8_head(const char *s, size_t n) {
    static _Thread_local char out[160];
    size_t i = 0, k = 0;
    while (s[i] && i < sizeof out - 4) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && k++ == n) break;
        i++;
    }
    memcpy(out, s, i);
    memcpy(out + i, "…", sizeof "…");
    return out;
}

/* Horizontal bars, one row per item, the bar's length value/max of the width: rows of
 * {label, value text, x, y, w} in a box 360 wide; the height in "height". */
json_t *web_hbar_chart(json_t *items, const char *label_key, const char *value_key, const char *text_key,
                       const char *max_key, double fixed_max) {
    const double left = 150, width = 160, row = 18;
    json_t *rows = json_array();
    size_t n = json_array_size(items);
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        double v = chart_num(it, value_key), mx = max_key ? chart_num(it, max_key) : fixed_max;
        double w = !isnan(v) && mx > 0 ? width * v / mx : 0;
        double y = 4 + row * (double)i;
        /* A long name is cut (the table beside has it whole). */
        const char *lab = json_string_value(json_object_get(it, label_key));
        json_t *label = json_string(lab ? lab : "");
        if (lab && web_utf8_chars(lab) > 26) {
            json_decref(label);
            label = json_string(web_utf8_head(lab, 25));
        }
        json_array_append_new(rows,
                              json_pack("{s:o, s:O, s:o, s:o, s:o, s:o, s:o, s:b}", "label", label, "text",
                                        json_object_get(it, text_key), "y", chart_fixed1(y), "ty", chart_fixed1(y + 12),
                                        "w", chart_fixed1(w), "tx", chart_fixed1(left + w + 4), "lx",
                                        chart_fixed1(left - 4), "none", isnan(v)));
    }
    return json_pack("{s:o, s:f, s:o}", "rows", rows, "left", left, "height", chart_fixed1(8 + row * (double)n));
}
