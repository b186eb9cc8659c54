/* api_feedback.c - feedback (phản ánh, kiến nghị; issue 15, domain/feedback.h):
 * POST /api/v1/feedback (anyone; officers record counter and phone feedback),
 * GET /api/v1/feedback (the items the officer may read), GET .../{code} (sender or
 * officer in scope), POST .../{code}/actions/{action} (accept, refuse, transfer,
 * answer), POST .../{code}/rating (the sender's verdict), the same by code + key
 * under /api/v1/track-feedback/{code}, the figures GET /api/v1/feedback-stats and the
 * published answers GET /api/v1/public/feedback. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_handlers.h"
#include "auth.h"
#include "feedback.h"
#include "journal.h"
#include "units.h"

static json_t *named(const char *name, const char *label) {
    return name ? json_pack("{s:s, s:s}", "name", name, "label", label) : json_null();
}

/* An item as its reader may see it: officers and the sender see the sender's contact; the journal only officers. */
json_t *api_feedback_json(api_req *r, const feedback *f, bool officer) {
    json_t *o = json_pack(
        "{s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:{s:s, s:s}, s:{s:s, s:s}, s:i, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:o, s:b, s:s}",
        "code", f->code, "state", named(fb_state_name(f->state), fb_state_label(f->state)), "topic",
        f->topic >= 0 ? named(fb_topic_name((fb_topic)f->topic), fb_topic_label((fb_topic)f->topic)) : json_null(),
        "channel", named(fb_channel_name(f->channel), fb_channel_label(f->channel)), "title", f->title, "content",
        f->content, "dossier_code", api_jstr(f->dossier_code), "received_by", "code", f->receiving_unit_code, "name",
        f->receiving_unit_name, "handling_unit", "code", f->handling_unit_code, "name", f->handling_unit_name,
        "transfers", f->transfers, "deadlines", "refuse", api_when_json(f->refuse_due_at), "answer",
        api_when_json(f->answer_due_at), "answered", api_when_json(f->answered_at), "received_at",
        api_when_json(f->received_at), "decided_at", api_when_json(f->decided_at), "refuse_reason",
        api_jstr(f->refuse_reason), "answer", api_jstr(f->answer), "published_at", api_when_json(f->published_at),
        "satisfied", f->satisfied < 0 ? json_null() : json_boolean(f->satisfied), "alert", api_jstr(f->alert),
        "consent_publish", f->consent_publish, "rules_version", f->rules_version);
    if (f->state == FB_ANSWERED && f->answered_at)
        json_object_set_new(o, "answered_on_time", json_boolean(f->answered_at <= f->answer_due_at));
    /* The sender's contact: to officers and to the sending account, never by code + key (a key may be the
     * last 4 digits of a phone, and codes run in sequence). */
    const user *me = api_user(r);
    if (officer || (me && f->sender_user_id && me->id == f->sender_user_id))
        json_object_set_new(o, "sender",
                            json_pack("{s:s, s:o, s:o, s:o}", "name", f->sender_name, "address",
                                      api_jstr(f->sender_address), "phone", api_jstr(f->sender_phone), "email",
                                      api_jstr(f->sender_email)));
    else
        json_object_set_new(o, "sender_has_phone", json_boolean(f->sender_phone && strlen(f->sender_phone) >= 4));
    if (officer) {
        json_t *acts = json_array();
        for (int a = 0; a < FBA__COUNT; a++)
            if (feedback_can(me, f, (fb_action)a, time_now()))
                json_array_append_new(acts, json_string(fb_action_name((fb_action)a)));
        json_object_set_new(o, "actions", acts);
        json_object_set_new(o, "escalated_to", api_jstr(f->escalated_to));
        json_object_set_new(o, "concerned", api_jstr(f->concerned_username));
        json_object_set_new(o, "answered_by", api_jstr(f->answered_by));
        journal_entry *v;
        size_t n = 0;
        mc_error err;
        json_t *j = json_array();
        if (journal_of_subject(store_reader(r->app->st), r->a, f->tenant, FEEDBACK_SUBJECT, f->id, &v, &n, &err) ==
            MC_OK)
            for (size_t i = 0; i < n; i++)
                json_array_append_new(j, json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:o}", "at", api_when_json(v[i].at),
                                                   "actor", v[i].actor, "action", v[i].action, "to_state",
                                                   api_jstr(v[i].to_state), "unit", api_jstr(v[i].unit_code), "to_unit",
                                                   api_jstr(v[i].to_unit_code), "note", api_jstr(v[i].note)));
        json_object_set_new(o, "journal", j);
    }
    return o;
}

static bool is_officer(const user *u) {
    return u && u->unit_path && (u->roles & ~(unsigned)ROLE_CITIZEN);
}

static mc_err get_readable(api_req *r, const user *u, feedback *f, mc_error *err) {
    mc_err e = feedback_get(store_reader(r->app->st), r->a, r->params[0], f, err);
    if (!e && !feedback_may_read(u, f))
        e = mc_fail(err, MC_ERR_NOT_FOUND, "code",
                    "Không tìm thấy phản ánh, kiến nghị có mã này trong phạm vi tài khoản của bạn. Vui lòng kiểm tra "
                    "lại mã.",
                    "No feedback with this code within your account's reach.");
    return e;
}

static mc_err reply_item(api_req *r, int status, const user *u, const char *code, const char *key, mc_error *err) {
    feedback f;
    mc_err e = feedback_get(store_reader(r->app->st), r->a, code, &f, err);
    if (e) return e;
    json_t *o = api_feedback_json(r, &f, is_officer(u) && feedback_may_read(u, &f));
    if (key) json_object_set_new(o, "key", json_string(key));
    return api_reply(r, status, o);
}

/* ---- submission -------------------------------------------------------------------------------------------- */

mc_err api_feedback_submit(api_req *r, mc_error *err) {
    user *u = api_user(r);
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    feedback_new in = {0};
    const char *channel = NULL;
    struct {
        const char *key;
        const char **out;
        bool required;
    } fields[] = {
        {"name", &in.sender_name, true},
        {"address", &in.sender_address, false},
        {"phone", &in.sender_phone, false},
        {"email", &in.sender_email, false},
        {"title", &in.title, true},
        {"content", &in.content, true},
        {"dossier_code", &in.dossier_code, false},
        {"unit", &in.unit, false},
        {"topic", &in.topic, false},
        {"concerned", &in.concerned, false},
        {"channel", &channel, false},
    };
    for (size_t i = 0; !e && i < sizeof fields / sizeof fields[0]; i++)
        e = api_json_str(r, body, fields[i].key, fields[i].required, fields[i].out, err);
    in.consent_publish = json_is_true(json_object_get(body, "consent_publish"));
    if (!e) {
        int ch = channel ? fb_channel_parse(channel) : is_officer(u) ? FB_CH_COUNTER : FB_CH_API;
        if (ch < 0)
            e = mc_fail(err, MC_ERR_INVALID, "channel", "Kênh nhận phải là portal, counter, phone hoặc api.",
                        "channel: portal, counter, phone or api.");
        in.channel = (fb_channel)(ch < 0 ? 0 : ch);
    }
    const char *code = NULL;
    /* Citizens and anonymous senders are counted per address (auth.h); officers record what they receive. */
    if (!e && !is_officer(u)) e = auth_feedback_allowed(r->app->st, &r->app->policy, r->client, time_now(), err);
    if (!e) {
        app_calendar *h = app_calendar_acquire(r->app, err);
        if (!h)
            e = err->code;
        else {
            e = feedback_submit(r->app->st, h->cal, u, &in, time_now(), r->a, &code, err);
            app_calendar_release(r->app, h);
        }
    }
    json_decref(body);
    if (e) return e;
    char key[9];
    if ((e = feedback_key(store_reader(r->app->st), code, key, err))) return e;
    return reply_item(r, 201, u, code, key, err);
}

/* ---- officers -------------------------------------------------------------------------------------------------- */

mc_err api_feedback_list(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    feedback *v;
    size_t n;
    const char *st = api_query(r, "state");
    int state = st && *st ? fb_state_parse(st) : -1;
    if (st && *st && state < 0)
        return mc_fail(err, MC_ERR_INVALID, "state", "Trạng thái phải là received, accepted, refused hoặc answered.",
                       "state: received, accepted, refused or answered.");
    if (is_officer(u))
        e = feedback_list(store_reader(r->app->st), r->a, u, state, false, 200, &v, &n, err);
    else
        e = feedback_of_sender(store_reader(r->app->st), r->a, u->id, &v, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (state < 0 || (int)v[i].state == state)
            json_array_append_new(
                items,
                json_pack("{s:s, s:s, s:{s:s, s:s}, s:o, s:s, s:o, s:o}", "code", v[i].code, "title", v[i].title,
                          "state", "name", fb_state_name(v[i].state), "label", fb_state_label(v[i].state), "topic",
                          v[i].topic >= 0 ? json_string(fb_topic_name((fb_topic)v[i].topic)) : json_null(),
                          "handling_unit", v[i].handling_unit_code, "answer_due", api_when_json(v[i].answer_due_at),
                          "alert", api_jstr(v[i].alert)));
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

mc_err api_feedback_get(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    feedback f;
    if (!e) e = get_readable(r, u, &f, err);
    if (e) return e;
    return api_reply(r, 200, api_feedback_json(r, &f, is_officer(u)));
}

mc_err api_feedback_act(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    int action = fb_action_parse(r->params[1]);
    if (action < 0)
        return mc_fail(err, MC_ERR_NOT_FOUND, "action", "Thao tác phải là accept, refuse, transfer hoặc answer.",
                       "Unknown action.");
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    fb_act_in in = {.action = (fb_action)action};
    if (!(e = api_json_str(r, body, "topic", false, &in.topic, err)) &&
        !(e = api_json_str(r, body, "reason", false, &in.reason, err)) &&
        !(e = api_json_str(r, body, "unit", false, &in.unit, err)) &&
        !(e = api_json_str(r, body, "concerned", false, &in.concerned, err)))
        e = api_json_str(r, body, "reply", false, &in.answer, err);
    in.publish = json_is_true(json_object_get(body, "publish"));
    if (!e) {
        app_calendar *h = app_calendar_acquire(r->app, err);
        if (!h)
            e = err->code;
        else {
            e = feedback_act(r->app->st, h->cal, u, r->params[0], &in, time_now(), err);
            app_calendar_release(r->app, h);
        }
    }
    json_decref(body);
    if (e) return e;
    return reply_item(r, 200, u, r->params[0], NULL, err);
}

static mc_err read_verdict(api_req *r, json_t *body, bool *out, mc_error *err) {
    json_t *v = json_object_get(body, "satisfied");
    if (!json_is_boolean(v))
        return mc_fail(err, MC_ERR_INVALID, "satisfied",
                       "Vui lòng cho biết bạn có hài lòng với câu trả lời không (satisfied: true hoặc false).",
                       "satisfied must be true or false.");
    (void)r;
    *out = json_is_true(v);
    return MC_OK;
}

mc_err api_feedback_rate(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    json_t *body = NULL;
    bool yes = false;
    if (!e) e = api_body_object(r, &body, err);
    if (!e) e = read_verdict(r, body, &yes, err);
    json_decref(body);
    if (!e) e = feedback_rate(r->app->st, u, r->params[0], yes, time_now(), err);
    if (e) return e;
    return reply_item(r, 200, u, r->params[0], NULL, err);
}

/* ---- the sender, by code and key ------------------------------------------------------------------------------- */

/* Opens an item with its code and key, throttled as dossier tracking is (auth.h). */
static mc_err track_open(api_req *r, const char *code, const char *key, feedback *f, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    mc_time now = time_now();
    mc_err e = auth_track_allowed(r->app->st, &r->app->policy, r->client, now, err);
    if (e) return e;
    bool exists = code && strlen(code) < 64 && feedback_get(c, r->a, code, f, NULL) == MC_OK;
    bool short_ok =
        !key || strlen(key) != 4 || (exists && auth_track_short_key_ok(r->app->st, &r->app->policy, code, now));
    if (!(exists && short_ok && feedback_key_ok(c, f, key))) {
        auth_track_failed(r->app->st, &r->app->policy, r->client, exists ? code : NULL, now);
        return mc_fail(err, MC_ERR_NOT_FOUND, "code",
                       "Không tìm thấy phản ánh, kiến nghị với mã và mã tra cứu này. Vui lòng kiểm tra lại.",
                       "No feedback with this code and key.");
    }
    return MC_OK;
}

mc_err api_track_feedback(api_req *r, mc_error *err) {
    feedback f;
    mc_err e = track_open(r, r->params[0], api_query(r, "key"), &f, err);
    if (e) return e;
    return api_reply(r, 200, api_feedback_json(r, &f, false));
}

mc_err api_track_feedback_rate(api_req *r, mc_error *err) {
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    const char *key = NULL;
    feedback f;
    bool yes = false;
    e = api_json_str(r, body, "key", true, &key, err);
    if (!e) e = track_open(r, r->params[0], key, &f, err);
    if (!e) e = read_verdict(r, body, &yes, err);
    json_decref(body);
    if (!e) e = feedback_rate(r->app->st, NULL, f.code, yes, time_now(), err);
    if (e) return e;
    if ((e = feedback_get(store_reader(r->app->st), r->a, f.code, &f, err))) return e;
    return api_reply(r, 200, api_feedback_json(r, &f, false));
}

/* ---- figures and the public list --------------------------------------------------------------------------------- */

json_t *api_feedback_stats_json(const feedback_stats *s) {
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "received",
                     (json_int_t)s->received, "refused", (json_int_t)s->refused, "answered", (json_int_t)s->answered,
                     "answered_on_time", (json_int_t)s->answered_on_time, "answered_late", (json_int_t)s->answered_late,
                     "pending", (json_int_t)s->pending, "overdue", (json_int_t)s->overdue, "satisfied",
                     (json_int_t)s->satisfied, "dissatisfied", (json_int_t)s->dissatisfied, "first_received",
                     (json_int_t)s->first_received, "handled_on_time", (json_int_t)s->handled_on_time,
                     "handled_satisfied", (json_int_t)s->handled_satisfied);
}

mc_err api_feedback_stats(api_req *r, mc_error *err) {
    user *u;
    mc_err e = api_require_user(r, &u, err);
    if (e) return e;
    org_unit unit;
    mc_day from, to;
    if ((e = api_report_unit(r, &unit, err)) || (e = api_report_period(r, &from, &to, err))) return e;
    store_conn *c = store_reader(r->app->st);
    mc_time t0 = time_from_local(from, 0), t1 = time_from_local(to + 1, 0), now = time_now();
    mc_time asof = now < t1 ? now : t1;
    feedback_stats s;
    if ((e = feedback_stats_of(c, unit.path, t0, t1, asof, &s, err))) return e;
    /* The unit's direct sub-units, each with its own subtree, by the same computation. */
    org_unit *ou;
    size_t nu;
    if ((e = units_list(c, r->a, unit.code, &ou, &nu, err))) return e;
    json_t *rows = json_array();
    for (size_t i = 0; i < nu; i++) {
        if (!ou[i].parent_code || strcmp(ou[i].parent_code, unit.code)) continue;
        feedback_stats cs;
        if ((e = feedback_stats_of(c, ou[i].path, t0, t1, asof, &cs, err))) {
            json_decref(rows);
            return e;
        }
        json_array_append_new(rows, json_pack("{s:s, s:s, s:o}", "code", ou[i].code, "name", ou[i].name, "figures",
                                              api_feedback_stats_json(&cs)));
    }
    char f[11], t[11];
    day_format(from, f);
    day_format(to, t);
    return api_reply(
        r, 200,
        json_pack("{s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:s}", "unit", "code", unit.code, "name", unit.name, "from", f,
                  "to", t, "figures", api_feedback_stats_json(&s), "units", rows, "note",
                  "Đếm theo cơ quan đang giữ phản ánh (phản ánh đã chuyển được đếm một lần). Đúng hạn: trả "
                  "lời trước thời hạn tính theo ngày làm việc từ khi nhận hoặc lần chuyển gần nhất."));
}

mc_err api_public_feedback(api_req *r, mc_error *err) {
    feedback *v;
    size_t n;
    mc_err e = feedback_published(store_reader(r->app->st), r->a, NULL, 50, &v, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "code", v[i].code, "title", v[i].title, "content",
                             v[i].content, "topic",
                             v[i].topic >= 0 ? json_string(fb_topic_label((fb_topic)v[i].topic)) : json_null(), "unit",
                             v[i].handling_unit_name, "answer", v[i].answer ? v[i].answer : "", "published_at",
                             api_when_json(v[i].published_at)));
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}
