/* api_notify.c - notifications (issue 18): a user's in-app list and channel preferences; the administrator's
 * view of the outbox (messages waiting or dead) and sending a dead one again. */
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "notify.h"
#include "outbox.h"
#include "units.h"

/* Longest list of outbox messages one request returns. */
#define API_OUTBOX_LIST_MAX 500

/* The province of an officer (their unit's tenant), or NULL. */
static const char *tenant_of(api_req *r, const user *u) {
    org_unit unit;
    if (!u || !u->unit_code || units_get(store_reader(r->app->st), r->a, u->unit_code, &unit, NULL) != MC_OK)
        return NULL;
    return unit.tenant;
}

mc_err api_notifications_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    long limit = 50;
    if (!e) e = api_query_int(r, "limit", 1, NOTIFY_LIST_MAX, &limit, err);
    if (e) return e;
    notify_item *v;
    size_t n;
    int64_t unread;
    if ((e = notify_inapp_list(store_reader(r->app->st), r->a, u->id, (int)limit, &v, &n, &unread, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)v[i].id, "event",
                                        v[i].event, "title", v[i].title, "body", v[i].body, "link", api_jstr(v[i].link),
                                        "created_at", api_when_json(v[i].created_at), "read", v[i].read_at != 0));
    return api_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "unread", (json_int_t)unread));
}

mc_err api_notifications_read(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_path_id(r, 0, &id, "Không có thông báo này.", err);
    if (!e) e = notify_inapp_read(r->app->st, u->id, id, time_now(), err);
    if (e) return e;
    return api_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "read", 1));
}

static json_t *prefs_json(const notify_prefs *p) {
    return json_pack("{s:b, s:b, s:b}", "email", p->email, "sms", p->sms, "inapp", p->inapp);
}

mc_err api_me_notify_get(api_req *r, mc_error *err) {
    user *u;
    notify_prefs p;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = notify_prefs_get(store_reader(r->app->st), u->id, &p, err);
    if (e) return e;
    return api_reply(r, 200, prefs_json(&p));
}

mc_err api_me_notify_put(api_req *r, mc_error *err) {
    user *u;
    json_t *body;
    notify_prefs p;
    mc_err e = api_require_user(r, &u, err);
    if (!e) e = api_body_object(r, &body, err);
    if (e) return e;
    if ((e = notify_prefs_get(store_reader(r->app->st), u->id, &p, err))) {
        json_decref(body);
        return e;
    }
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v) {
        bool *to = !strcmp(k, "email") ? &p.email : !strcmp(k, "sms") ? &p.sms : !strcmp(k, "inapp") ? &p.inapp : NULL;
        if (!to)
            e = mc_failf(err, MC_ERR_INVALID, k, "Không có kênh thông báo «%s» (email, sms, inapp).",
                         "Unknown channel %s.", k, k);
        else if (!json_is_boolean(v))
            e = mc_failf(err, MC_ERR_INVALID, k, "«%s» phải là true hoặc false.", "%s must be a boolean.", k, k);
        else
            *to = json_is_true(v);
        if (e) break;
    }
    json_decref(body);
    if (e) return e;
    if ((e = notify_prefs_set(r->app->st, u->id, &p, time_now(), err))) return e;
    return api_reply(r, 200, prefs_json(&p));
}

mc_err api_outbox_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require(r, ACT_OUTBOX_MANAGE, NULL, &u, err);
    long limit = 100;
    if (!e) e = api_query_int(r, "limit", 1, API_OUTBOX_LIST_MAX, &limit, err);
    if (e) return e;
    const char *state = api_query(r, "state"), *channel = api_query(r, "channel");
    if (state && strcmp(state, "pending") && strcmp(state, "sent") && strcmp(state, "dead"))
        return mc_fail(err, MC_ERR_INVALID, "state", "Trạng thái phải là pending, sent hoặc dead.",
                       "state must be pending, sent or dead.");
    if (channel && strlen(channel) > 24)
        return mc_fail(err, MC_ERR_INVALID, "channel", "Kênh gửi không hợp lệ.", "Bad channel.");
    outbox_row *v;
    size_t n;
    if ((e = outbox_list(store_reader(r->app->st), r->a, tenant_of(r, u), state, channel, (int)limit, &v, &n, err)))
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const outbox_row *o = &v[i];
        json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:o, s:i, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)o->id,
                               "channel", o->channel, "event", o->event, "state", o->state, "recipient",
                               api_jstr(o->recipient), "attempts", o->attempts, "last_error", api_jstr(o->last_error),
                               "ack", api_jstr(o->ack), "created_at", api_when_json(o->created_at), "next_at",
                               o->state && !strcmp(o->state, "pending") ? api_when_json(o->next_at) : json_null(),
                               "sent_at", api_when_json(o->sent_at));
        json_object_set_new(it, "subject", api_jstr(o->subject));
        json_object_set_new(it, "dossier_id", o->dossier_id ? json_integer(o->dossier_id) : json_null());
        json_array_append_new(items, it);
    }
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

mc_err api_outbox_resend(api_req *r, mc_error *err) {
    user *u;
    int64_t id;
    mc_err e = api_require(r, ACT_OUTBOX_MANAGE, NULL, &u, err);
    if (!e) e = api_path_id(r, 0, &id, "Không có tin nhắn này.", err);
    if (e) return e;
    const char *tenant = tenant_of(r, u);
    if (!tenant) return mc_fail(err, MC_ERR_NOT_FOUND, "id", "Không có tin nhắn này.", "No such message.");
    if ((e = outbox_resend(r->app->st, tenant, id, u, time_now(), err))) return e;
    return api_reply(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "pending"));
}
