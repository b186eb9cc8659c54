/* web_notify.c - notification pages (issue 18): the opt-out page a message's link opens (no login: the signed
 * token is the authority), a user's notifications and channel preferences, and the administrator's outbox
 * (messages waiting or dead, sending a dead one again). Reads and writes go through the API's handlers. */
#include <stdio.h>
#include <string.h>

#include "api_handlers.h"
#include "notify.h"
#include "web.h"
#include "web_internal.h"

/* ---- opt-out ---------------------------------------------------------------------------------------------- */

static mc_err optout_page(api_req *r, int status, const char *token, bool done, const char *error) {
    return web_page(r, status, "notify_optout", "Hủy nhận thông báo",
                    json_pack("{s:s, s:b, s:o, s:s}", "token", token ? token : "", "done", done, "error",
                              error ? json_string(error) : json_null(), "csrf", web_csrf(r)));
}

mc_err web_notify_optout(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const char *t = api_query(r, "t");
    char ch[8], h[65];
    mc_error e2;
    if (notify_optout_check(store_reader(r->app->st), t, ch, h, &e2))
        return optout_page(r, 400, NULL, false, e2.message);
    bool already = false;
    if (notify_optout_has(store_reader(r->app->st), h, &already, &e2)) return web_error(r, 500, e2.message);
    return optout_page(r, 200, t, already, NULL);
}

/* The POST of the page's button, and the one-click POST of a mail program (RFC 8058: the token in the query,
 * the body "List-Unsubscribe=One-Click", no cookie): the MAC'd token is what authorises it, so no CSRF token is
 * asked (whoever holds the link may only stop messages to that address). */
mc_err web_notify_optout_post(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    mc_error e2;
    const char *t = api_query(r, "t");
    if (!t && !web_form_read(r, &f, &e2)) t = web_form_get(&f, "t");
    if (notify_optout_apply(r->app->st, t, time_now(), &e2)) return optout_page(r, 400, NULL, false, e2.message);
    return optout_page(r, 200, t, true, NULL);
}

/* ---- a user's notifications ------------------------------------------------------------------------------- */

static mc_err mine_page(api_req *r, int status, const char *error, const char *done) {
    json_t *list, *prefs;
    int st;
    mc_error e2;
    if (web_api(r, api_notifications_list, NULL, 0, NULL, &list, &st, &e2)) return web_error(r, st, e2.message);
    if (web_api(r, api_me_notify_get, NULL, 0, NULL, &prefs, &st, &e2)) {
        json_decref(list);
        return web_error(r, st, e2.message);
    }
    json_object_set_new(list, "prefs", prefs);
    web_form_context(r, list, NULL, error, done);
    return web_page(r, status, "notify_mine", "Thông báo của tôi", list);
}

mc_err web_notify_mine(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    return mine_page(r, 200, NULL, api_query(r, "da_luu") ? "Đã lưu cách nhận thông báo." : NULL);
}

mc_err web_notify_prefs(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_logged_in(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *body = json_pack("{s:b, s:b, s:b}", "email", web_form_get(&f, "email") != NULL, "sms",
                             web_form_get(&f, "sms") != NULL, "inapp", web_form_get(&f, "inapp") != NULL);
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_me_notify_put, NULL, 0, body, &out, &st, &e2)) return mine_page(r, st, e2.message, NULL);
    json_decref(out);
    return web_redirect(r, "/thong-bao?da_luu=1");
}

/* A posted form that asks the API `h` to act on the record of the path's id, then goes to `to`. */
static mc_err act_then_go(api_req *r, mc_err (*h)(api_req *, mc_error *), const char *to, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_logged_in(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    const char *p[1] = {r->params[0]};
    if (web_api(r, h, p, 1, NULL, &out, &st, &e2)) return web_error(r, st, e2.message);
    json_decref(out);
    return web_redirect(r, to);
}

mc_err web_notify_read(api_req *r, mc_error *err) {
    return act_then_go(r, api_notifications_read, "/thong-bao", err);
}

/* ---- the administrator's outbox ---------------------------------------------------------------------------- */

/* What the administrator reads for a channel, and for an event of the national portal's exchange (the
 * notifications' events are labelled by notify_event_find). */
static const struct {
    const char *code, *label;
} channel_labels[] = {{"email", "Thư điện tử"},
                      {"sms", "Tin nhắn SMS"},
                      {"inapp", "Thông báo trên cổng"},
                      {"portal", "Cổng DVCQG"}},
  portal_labels[] = {
      {"created", "Hồ sơ mới"},       {"status", "Đổi trạng thái"},   {"result", "Có kết quả giải quyết"},
      {"returned", "Đã trả kết quả"}, {"extend", "Gia hạn, hẹn lại"}, {"rating", "Đánh giá của người dân"}};

static const char *label_of(const char *code, bool portal) {
    if (!code) return "";
    if (!portal) {
        for (size_t i = 0; i < sizeof channel_labels / sizeof channel_labels[0]; i++)
            if (!strcmp(channel_labels[i].code, code)) return channel_labels[i].label;
        const notify_event *ev = notify_event_find(code);
        return ev ? ev->label : code;
    }
    for (size_t i = 0; i < sizeof portal_labels / sizeof portal_labels[0]; i++)
        if (!strcmp(portal_labels[i].code, code)) return portal_labels[i].label;
    return code;
}

mc_err web_admin_outbox(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    if (!(u->roles & ROLE_ADMIN)) return web_error(r, 403, "Trang quản trị dành cho quản trị viên hệ thống.");
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_outbox_list, NULL, 0, NULL, &out, &st, &e2)) return web_error(r, st, e2.message);
    const char *state = api_query(r, "state");
    json_object_set_new(out, "state", json_string(state ? state : ""));
    json_object_set_new(out, "dead", json_boolean(state && !strcmp(state, "dead")));
    json_object_set_new(out, "pending", json_boolean(state && !strcmp(state, "pending")));
    json_object_set_new(out, "sent", json_boolean(state && !strcmp(state, "sent")));
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(out, "items"), i, it) {
        json_object_set_new(it, "is_dead",
                            json_boolean(!strcmp(json_string_value(json_object_get(it, "state")), "dead")));
        const char *ch = json_string_value(json_object_get(it, "channel"));
        bool portal = ch && !strcmp(ch, "portal");
        /* A channel's code is never an event's: the channel's label, then the event's in its family. */
        json_object_set_new(it, "channel_label", json_string(ch ? label_of(ch, false) : ""));
        json_object_set_new(it, "event_label",
                            json_string(label_of(json_string_value(json_object_get(it, "event")), portal)));
    }
    web_form_context(r, out, NULL, NULL, api_query(r, "da_gui_lai") ? "Đã đưa tin nhắn vào hàng đợi gửi lại." : NULL);
    return web_page(r, 200, "admin_outbox", "Quản trị: tin nhắn gửi đi", out);
}

mc_err web_admin_outbox_resend(api_req *r, mc_error *err) {
    return act_then_go(r, api_outbox_resend, "/quan-tri/thu-gui?state=dead&da_gui_lai=1", err);
}
