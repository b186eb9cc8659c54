/* api.c - request helpers shared by every resource. */
#include "api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "field_limits.h"
#include "journal.h"
#include "text.h"
#include "timeutil.h"

const char *api_query(api_req *r, const char *name) {
    return r->query_fn ? r->query_fn(r, name) : NULL;
}

mc_err api_query_int(api_req *r, const char *name, long lo, long hi, long *out, mc_error *err) {
    const char *s = api_query(r, name);
    if (!s || !*s) return MC_OK;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return mc_failf(err, MC_ERR_INVALID, name, "Tham số %s phải là số nguyên từ %ld đến %ld.",
                        "Parameter %s must be an integer in [%ld, %ld].", name, lo, hi);
    *out = v;
    return MC_OK;
}

bool api_media_type_is(api_req *r, const char *type) {
    if (!r->content_type) return true;
    const char *s = r->content_type;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strcspn(s, "; \t");
    return n == strlen(type) && strncasecmp(s, type, n) == 0;
}

mc_err api_body_object(api_req *r, json_t **out, mc_error *err) {
    if (!api_media_type_is(r, "application/json"))
        return mc_fail(err, MC_ERR_MEDIA_TYPE, NULL, "Dữ liệu gửi lên phải ở dạng JSON (application/json).",
                       "Body must be application/json.");
    if (!r->body || r->body_len == 0)
        return mc_fail(err, MC_ERR_INVALID, NULL, "Thiếu dữ liệu JSON trong yêu cầu.", "Missing JSON body.");
    json_error_t je;
    json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        return mc_failf(err, MC_ERR_INVALID, NULL, "JSON không hợp lệ (dòng %d, cột %d).",
                        "Malformed JSON at line %d, column %d: %s", je.line, je.column, je.text);
    if (!json_is_object(j)) {
        json_decref(j);
        return mc_fail(err, MC_ERR_INVALID, NULL, "Dữ liệu JSON phải là một đối tượng {...}.",
                       "JSON body must be an object.");
    }
    *out = j;
    return MC_OK;
}

/* What a field is called in a message to a person. */
static const char *field_words(const char *key) {
    static const char *const words[][2] = {
        {"name", "họ và tên"},
        {"id_number", "số định danh cá nhân (CCCD)"},
        {"phone", "số điện thoại"},
        {"email", "thư điện tử"},
        {"address", "địa chỉ"},
        {"procedure", "thủ tục"},
        {"username", "tên đăng nhập"},
        {"password", "mật khẩu"},
        {"unit", "đơn vị"},
        {"code", "mã"},
        {"kind", "loại"},
        {"receiving_unit", "nơi nộp hồ sơ"},
        {"reason", "lý do"},
        {"hours", "giờ làm việc"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(words[i][0], key)) return words[i][1];
    return NULL;
}

mc_err api_json_str(api_req *r, json_t *obj, const char *key, bool required, const char **out, mc_error *err) {
    return api_json_str_at(r, obj, key, key, required, out, err);
}

mc_err api_json_str_at(api_req *r, json_t *obj, const char *key, const char *path, bool required, const char **out,
                       mc_error *err) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        const char *w = field_words(key);
        if (required && w)
            return mc_failf(err, MC_ERR_INVALID, path, "Vui lòng nhập %s.", "Missing a required field.", w);
        if (required)
            return mc_failf(err, MC_ERR_INVALID, path, "Thiếu trường bắt buộc \"%s\".",
                            "Missing required field \"%s\".", path);
        return MC_OK;
    }
    if (!json_is_string(v))
        return mc_failf(err, MC_ERR_INVALID, path, "Trường \"%s\" phải là chuỗi ký tự.",
                        "Field \"%s\" must be a string.", path);
    char *n = text_nfc(json_string_value(v));
    if (!n)
        return mc_failf(err, MC_ERR_INVALID, path, "Trường \"%s\" chứa ký tự không hợp lệ.",
                        "Field \"%s\" is not valid UTF-8.", path);
    text_trim(n);
    *out = arena_strdup(r->a, n);
    free(n);
    /* Every string has a stated limit (field_limits.h). */
    mc_err e = field_limit_check(path, key, *out, err);
    if (e) return e;
    if (required && !**out)
        return mc_failf(err, MC_ERR_INVALID, path, "Trường \"%s\" không được để trống.",
                        "Field \"%s\" must not be empty.", path);
    return MC_OK;
}

mc_err api_reply(api_req *r, int status, json_t *body) {
    if (r->json) json_decref(r->json);
    r->status = status;
    r->json = body;
    return MC_OK;
}

mc_err api_reply_raw(api_req *r, int status, const char *type, const char *body, size_t len) {
    r->status = status;
    r->raw = arena_strndup(r->a, body, len);
    r->raw_len = len;
    r->raw_type = type;
    return MC_OK;
}

mc_err api_reply_arena(api_req *r, int status, const char *type, char *body, size_t len) {
    r->status = status;
    r->raw = body;
    r->raw_len = len;
    r->raw_type = type;
    return MC_OK;
}

user *api_user(api_req *r) {
    if (r->user_loaded) return r->user;
    r->user_loaded = true;
    if (!r->token) return NULL;
    user *u = arena_alloc(r->a, sizeof *u);
    if (auth_session(store_reader(r->app->st), r->a, r->token, time_now(), u, NULL) == MC_OK) r->user = u;
    return r->user;
}

mc_err api_require_user(api_req *r, user **out, mc_error *err) {
    user *u = api_user(r);
    if (!u) {
        if (r->token)
            return mc_fail(err, MC_ERR_UNAUTHORIZED, NULL,
                           "Phiên đăng nhập đã hết hạn hoặc không hợp lệ, vui lòng đăng nhập lại.",
                           "Session expired or invalid.");
        return mc_fail(err, MC_ERR_UNAUTHORIZED, NULL, "Vui lòng đăng nhập để thực hiện thao tác này.",
                       "Login required.");
    }
    if (out) *out = u;
    return MC_OK;
}

mc_err api_require(api_req *r, perm_action action, const char *target_path, user **out, mc_error *err) {
    user *u = NULL;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    if (!perm_allows(u->roles, u->unit_path, action, target_path))
        return mc_failf(err, MC_ERR_FORBIDDEN, NULL,
                        "Tài khoản %s không có quyền thực hiện thao tác này với dữ liệu của đơn vị khác hoặc ngoài "
                        "phạm vi được giao.",
                        "User %s may not %s here.", u->username, perm_action_name(action));
    if (out) *out = u;
    return MC_OK;
}

json_t *api_jstr(const char *s) {
    return s ? json_string(s) : json_null();
}

json_t *api_user_json(arena *a, const user *u) {
    json_t *roles = json_array();
    for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1)
        if (u->roles & bit) json_array_append_new(roles, json_string(role_name((role)bit)));
    (void)a;
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "username", u->username, "name", u->name, "unit",
                     api_jstr(u->unit_code), "roles", roles, "phone", api_jstr(u->phone), "email", api_jstr(u->email),
                     "id_number", api_jstr(u->id_number), "active", u->active);
}

json_t *api_time_json(mc_time t) {
    if (!t) return json_null();
    char b[32];
    time_format_iso8601(t, b);
    return json_string(b);
}

json_t *api_when_json(mc_time t) {
    if (!t) return json_null();
    char iso[26], vn[17];
    time_format_iso8601(t, iso);
    time_format_vn(t, vn);
    return json_pack("{s:s, s:s}", "iso", iso, "text", vn);
}

mc_err api_path_id(api_req *r, int i, int64_t *id, const char *vi, mc_error *err) {
    const char *s = r->nparams > i ? r->params[i] : NULL;
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || v <= 0 || v > 1000000000000LL)
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, vi, "Not found.");
    *id = v;
    return MC_OK;
}

const char *api_public_base(api_req *r) {
    if (r->app->public_url && *r->app->public_url) return r->app->public_url;
    const char *host = r->header_fn ? r->header_fn(r, "Host") : NULL;
    return arena_printf(r->a, "http://%s", host && *host ? host : "127.0.0.1:8080");
}

mc_err api_journal_json(api_req *r, const char *tenant, const char *subject, int64_t id, json_t **out, mc_error *err) {
    journal_entry *ev;
    size_t n;
    mc_err e = journal_of_subject(store_reader(r->app->st), r->a, tenant, subject, id, &ev, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:s}", "id", (json_int_t)ev[k].id,
                                        "actor", ev[k].actor, "role", ev[k].role, "action", ev[k].action, "from",
                                        api_jstr(ev[k].from_state), "at", api_time_json(ev[k].at), "to", ev[k].to_state,
                                        "note", api_jstr(ev[k].note), "hash", ev[k].hash));
    *out = items;
    return MC_OK;
}

mc_err api_reply_stored(api_req *r, const char *stored, const char *mime, const char *name) {
    r->status = 200;
    r->file_path = arena_printf(r->a, "%s/%s", r->app->files_dir ? r->app->files_dir : "var/files", stored);
    r->raw_type = mime;
    r->file_name = name;
    return MC_OK;
}
