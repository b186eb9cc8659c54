/* api_auth.c - /api/v1/auth: login, logout, who am I, citizen registration. */
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "field_limits.h"
#include "timeutil.h"

mc_err api_auth_login(api_req *r, mc_error *err) {
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    const char *username, *password;
    json_t *pw = json_object_get(body, "password");
    e = api_json_str(r, body, "username", true, &username, err);
    if (!e && !json_is_string(pw)) e = mc_fail(err, MC_ERR_INVALID, "password", "Thiếu mật khẩu.", "Missing password.");
    password = e ? NULL : arena_strdup(r->a, json_string_value(pw));
    json_decref(body);
    if (e) return e;
    char token[AUTH_TOKEN_HEX + 1];
    user *u = arena_alloc(r->a, sizeof *u);
    mc_time expires;
    e = auth_login(r->app->st, r->a, &r->app->policy, username, password, r->client, time_now(), token, u, &expires,
                   err);
    if (e) return e;
    char exp[26];
    time_format_iso8601(expires, exp);
    r->set_cookie = arena_printf(r->a, "motcua_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", token,
                                 r->app->policy.session_ttl, r->app->secure_cookies ? "; Secure" : "");
    return api_reply(r, 200,
                     json_pack("{s:s, s:s, s:o}", "token", token, "expires_at", exp, "user", api_user_json(r->a, u)));
}

mc_err api_auth_logout(api_req *r, mc_error *err) {
    if (r->token) {
        mc_err e = auth_logout(r->app->st, r->token, err);
        if (e) return e;
    }
    r->set_cookie = arena_printf(r->a, "motcua_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
                                 r->app->secure_cookies ? "; Secure" : "");
    return api_reply(r, 200, json_pack("{s:b}", "logged_out", 1));
}

mc_err api_auth_me(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    return api_reply(r, 200, json_pack("{s:o}", "user", api_user_json(r->a, u)));
}

mc_err api_auth_register(api_req *r, mc_error *err) {
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    user_new n = {.roles = ROLE_CITIZEN};
    const char *password = NULL;
    json_t *pw = json_object_get(body, "password");
    if (!e) e = api_json_str(r, body, "name", true, &n.name, err);
    if (!e) e = api_json_str(r, body, "id_number", true, &n.id_number, err);
    if (!e) e = api_json_str(r, body, "phone", false, &n.phone, err);
    if (!e) e = api_json_str(r, body, "email", false, &n.email, err);
    if (!e) e = api_json_str(r, body, "username", false, &n.username, err);
    if (!e && !json_is_string(pw))
        e = mc_fail(err, MC_ERR_INVALID, "password", "Vui lòng đặt mật khẩu (ít nhất 8 ký tự).", "Missing password.");
    if (!e) password = arena_strdup(r->a, json_string_value(pw));
    if (!e) e = field_limit_check("password", "password", password, err);
    json_decref(body);
    if (e) return e;
    if (n.phone && !*n.phone) n.phone = NULL;
    if (n.email && !*n.email) n.email = NULL;
    /* A citizen logs in with the phone number or email given, unless a username is chosen. */
    if (!n.username || !*n.username) n.username = n.phone ? n.phone : n.email;
    if (!n.username)
        return mc_fail(err, MC_ERR_INVALID, "phone", "Vui lòng nhập số điện thoại hoặc thư điện tử.",
                       "Phone or email is required.");
    /* Counted per address by api_auth_register_admit, before it was queued; now the slow hash, outside any
     * transaction. */
    char hash[128];
    if ((e = users_prepare_password(password, hash, err))) return e;
    n.password_hash = hash;
    store_conn *c = store_begin_tenant(r->app->st, STORE_PEOPLE, err);
    if (!c) return err->code;
    int64_t id;
    e = users_add(c, &n, &id, err);
    if (e) {
        store_rollback(c);
        return e;
    }
    if ((e = store_commit(c, err))) return e;
    user *u = arena_alloc(r->a, sizeof *u);
    if ((e = users_get_id(store_reader(r->app->st), r->a, id, u, err))) return e;
    return api_reply(r, 201, json_pack("{s:o}", "user", api_user_json(r->a, u)));
}

mc_err api_auth_login_admit(api_req *r, mc_error *err) {
    json_t *body;
    if (api_body_object(r, &body, err)) return MC_OK; /* the handler answers malformed input */
    json_t *u = json_object_get(body, "username");
    const char *name = json_is_string(u) ? arena_strdup(r->a, json_string_value(u)) : "";
    json_decref(body);
    return auth_login_allowed(r->app->st, r->a, &r->app->policy, name, r->client, time_now(), err);
}

mc_err api_auth_register_admit(api_req *r, mc_error *err) {
    return auth_register_allowed(r->app->st, &r->app->policy, r->client, time_now(), err);
}
