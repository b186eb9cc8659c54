/* api_units.c - /api/v1/units: the organisation tree. */
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "timeutil.h"
#include "units.h"

static json_t *unit_json(const org_unit *u) {
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "code", u->code, "name", u->name, "kind", u->kind, "parent",
                     api_jstr(u->parent_code), "active_from", api_jstr(u->active_from), "active_to",
                     api_jstr(u->active_to), "source", api_jstr(u->source));
}

mc_err api_units_list(api_req *r, mc_error *err) {
    org_unit *v;
    size_t n;
    const char *root = api_query(r, "root");
    const char *kind = api_query(r, "kind");
    mc_err e = units_list(store_reader(r->app->st), r->a, root && *root ? root : NULL, &v, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (!kind || !*kind || strcmp(kind, v[i].kind) == 0) json_array_append_new(items, unit_json(&v[i]));
    return api_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

mc_err api_units_get(api_req *r, mc_error *err) {
    org_unit u;
    mc_err e = units_get(store_reader(r->app->st), r->a, r->params[0], &u, err);
    if (e) return e;
    return api_reply(r, 200, unit_json(&u));
}

mc_err api_units_create(api_req *r, mc_error *err) {
    mc_err e = api_require(r, ACT_UNIT_MANAGE, NULL, NULL, err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    unit_new n = {0};
    if (!e) e = api_json_str(r, body, "code", true, &n.code, err);
    if (!e) e = api_json_str(r, body, "name", true, &n.name, err);
    if (!e) e = api_json_str(r, body, "kind", true, &n.kind, err);
    if (!e) e = api_json_str(r, body, "parent", false, &n.parent_code, err);
    if (!e) e = api_json_str(r, body, "active_from", false, &n.active_from, err);
    if (!e) e = api_json_str(r, body, "active_to", false, &n.active_to, err);
    if (!e) e = api_json_str(r, body, "source", false, &n.source, err);
    json_decref(body);
    if (e) return e;
    store_conn *c = store_begin(r->app->st, err);
    if (!c) return err->code;
    if ((e = units_add(c, &n, NULL, err))) {
        store_rollback(c);
        return e;
    }
    if ((e = store_commit(c, err))) return e;
    org_unit u;
    if ((e = units_get(store_reader(r->app->st), r->a, n.code, &u, err))) return e;
    return api_reply(r, 201, unit_json(&u));
}

static json_t *account_json(const unit_account *a, const char *owner) {
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "unit", owner, "bin", a->bin, "bank", a->bank, "account", a->account,
                     "name", a->name);
}

mc_err api_units_account_get(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    unit_account a;
    const char *owner;
    if ((e = units_account_get(store_reader(r->app->st), r->a, r->params[0], &a, &owner, err))) return e;
    return api_reply(r, 200, account_json(&a, owner));
}

mc_err api_units_account_put(api_req *r, mc_error *err) {
    org_unit unit;
    mc_err e = units_get(store_reader(r->app->st), r->a, r->params[0], &unit, err);
    if (e) return e;
    if ((e = api_require(r, ACT_UNIT_MANAGE, unit.path, NULL, err))) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    unit_account a = {0};
    e = api_json_str(r, body, "bin", true, &a.bin, err);
    if (!e) e = api_json_str(r, body, "bank", true, &a.bank, err);
    if (!e) e = api_json_str(r, body, "account", true, &a.account, err);
    if (!e) e = api_json_str(r, body, "name", true, &a.name, err);
    json_decref(body);
    if (e) return e;
    store_conn *c = store_begin(r->app->st, err);
    if (!c) return err->code;
    if ((e = units_account_put(c, r->params[0], &a, time_now(), err))) {
        store_rollback(c);
        return e;
    }
    if ((e = store_commit(c, err))) return e;
    return api_reply(r, 200, account_json(&a, r->params[0]));
}
