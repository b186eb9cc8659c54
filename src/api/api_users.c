/* api_users.c - /api/v1/users: officers and citizens, within the caller's scope. */
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "field_limits.h"
#include "units.h"

mc_err api_users_list(api_req *r, mc_error *err) {
    user *me = NULL;
    mc_err e = api_require_user(r, &me, err);
    if (e) return e;
    const char *unit_code = api_query(r, "unit");
    store_conn *c = store_reader(r->app->st);
    if (unit_code && *unit_code) {
        org_unit un;
        if ((e = units_get(c, r->a, unit_code, &un, err))) return e;
        if ((e = api_require(r, ACT_USER_READ, un.path, NULL, err))) return e;
    } else if (perm_scope_of(me->roles, ACT_USER_READ) == SCOPE_NONE) {
        return api_require(r, ACT_USER_READ, NULL, NULL, err);
    }
    user *v;
    size_t n;
    if ((e = users_list(c, r->a, &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        /* Without a unit filter the caller sees every user within their scope. */
        if (unit_code && *unit_code && (!v[i].unit_code || strcmp(v[i].unit_code, unit_code))) continue;
        if (!perm_allows(me->roles, me->unit_path, ACT_USER_READ, v[i].unit_path)) continue;
        json_array_append_new(items, api_user_json(r->a, &v[i]));
    }
    return api_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

mc_err api_users_get(api_req *r, mc_error *err) {
    user *me = NULL;
    mc_err e = api_require_user(r, &me, err);
    if (e) return e;
    bool self = strcmp(me->username, r->params[0]) == 0;
    /* Whoever may read no account at all learns nothing, not even whether one exists. */
    if (!self && perm_scope_of(me->roles, ACT_USER_READ) == SCOPE_NONE)
        return api_require(r, ACT_USER_READ, NULL, NULL, err);
    user u;
    if ((e = users_get(store_reader(r->app->st), r->a, r->params[0], &u, NULL, err))) return e;
    if (!self && (e = api_require(r, ACT_USER_READ, u.unit_path, NULL, err))) return e;
    json_t *out = api_user_json(r->a, &u);
    /* Whoever manages the account also sees its history: who disabled or enabled it, when and why. */
    if (perm_allows(me->roles, me->unit_path, ACT_USER_MANAGE, u.unit_path)) {
        char tenant[UNITS_TENANT_MAX];
        store_conn *c = store_reader(r->app->st);
        const char *t = units_tenant_or_null(c, u.unit_path, tenant);
        if (!t) t = units_tenant_or_null(c, me->unit_path, tenant);
        json_t *history = NULL;
        if (t && (e = api_journal_json(r, t, USER_SUBJECT, u.id, &history, err))) {
            json_decref(out);
            return e;
        }
        json_object_set_new(out, "journal", history ? history : json_array());
    }
    return api_reply(r, 200, out);
}

mc_err api_users_create(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_USER_MANAGE, NULL, NULL, err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    user_new n = {0};
    const char *roles = NULL;
    json_t *rl = json_object_get(body, "roles");
    json_t *pw = json_object_get(body, "password");
    if (!e) e = api_json_str(r, body, "username", true, &n.username, err);
    if (!e) e = api_json_str(r, body, "name", true, &n.name, err);
    if (!e) e = api_json_str(r, body, "unit", false, &n.unit_code, err);
    if (!e) e = api_json_str(r, body, "phone", false, &n.phone, err);
    if (!e) e = api_json_str(r, body, "email", false, &n.email, err);
    if (!e) e = api_json_str(r, body, "id_number", false, &n.id_number, err);
    if (!e && !json_is_string(pw)) e = mc_fail(err, MC_ERR_INVALID, "password", "Thiếu mật khẩu.", "Missing password.");
    const char *password = e ? NULL : arena_strdup(r->a, json_string_value(pw));
    if (!e) e = field_limit_check("password", "password", password, err);
    if (!e && json_is_array(rl)) {
        size_t i;
        json_t *x;
        roles = "";
        json_array_foreach(rl, i, x) {
            if (!json_is_string(x)) {
                e = mc_fail(err, MC_ERR_INVALID, "roles", "Vai trò phải là chuỗi ký tự.", "roles must be strings.");
                break;
            }
            roles = arena_printf(r->a, "%s%s%s", roles, *roles ? "," : "", json_string_value(x));
        }
    } else if (!e) {
        e = mc_fail(err, MC_ERR_INVALID, "roles", "Thiếu danh sách vai trò (roles).", "roles must be an array.");
    }
    json_decref(body);
    if (e) return e;
    if (!(n.roles = users_parse_roles(roles, err))) return MC_ERR_INVALID;
    char hash[128]; /* the slow part, before the transaction */
    if ((e = users_prepare_password(password, hash, err))) return e;
    n.password_hash = hash;
    store_conn *c = store_begin(r->app->st, err);
    if (!c) return err->code;
    int64_t id;
    if ((e = users_add(c, &n, &id, err))) {
        store_rollback(c);
        return e;
    }
    if ((e = store_commit(c, err))) return e;
    user u;
    if ((e = users_get_id(store_reader(r->app->st), r->a, id, &u, err))) return e;
    return api_reply(r, 201, api_user_json(r->a, &u));
}

/* POST /api/v1/users/{username}/disable|enable {"reason": "..."}: see users_set_active. */
static mc_err set_active(api_req *r, bool active, mc_error *err) {
    user *me = NULL;
    mc_err e = api_require_user(r, &me, err);
    if (e) return e;
    if (perm_scope_of(me->roles, ACT_USER_MANAGE) == SCOPE_NONE)
        return api_require(r, ACT_USER_MANAGE, NULL, NULL, err);
    const char *reason = NULL;
    if (r->body_len) {
        json_t *body;
        if ((e = api_body_object(r, &body, err))) return e;
        e = api_json_str(r, body, "reason", false, &reason, err);
        json_decref(body);
        if (e) return e;
    }
    user u;
    if ((e = users_set_active(r->app->st, r->a, r->params[0], active, reason, me, time_now(), &u, err))) return e;
    return api_reply(r, 200, api_user_json(r->a, &u));
}

mc_err api_users_disable(api_req *r, mc_error *err) {
    return set_active(r, false, err);
}

mc_err api_users_enable(api_req *r, mc_error *err) {
    return set_active(r, true, err);
}
