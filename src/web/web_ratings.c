/* web_ratings.c - rating a returned dossier from the portal's pages (web.h):
 * the form on the tracking page (code + key) and on the citizen's own dossier
 * page, the counter tablet page a receiver opens for the person in front of
 * them, and what the officers' case page shows. The pages call the API's
 * rating handlers (api_ratings.c), so the rules and messages are the API's. */
#include <string.h>

#include "api_handlers.h"
#include "ratings.h"
#include "web.h"
#include "web_internal.h"

/* ---- the form and the view ---------------------------------------------------------------------------- */

/* The form of the question set in `questions` (the set's data file), posting to `action`; hidden: extra
 * fields ({name, value} objects, stolen; NULL for none). */
static json_t *form_json(api_req *r, json_t *questions, const char *action, json_t *hidden) {
    json_t *ov = json_object_get(questions, "overall"), *qs = json_array(), *q;
    size_t i;
    json_array_foreach(json_object_get(questions, "questions"), i, q) {
        json_t *opts = json_deep_copy(json_object_get(q, "options")), *o;
        size_t k;
        json_array_foreach(opts, k, o) json_object_set(o, "q", json_object_get(q, "code"));
        json_array_append_new(qs, json_pack("{s:O, s:O, s:o, s:b}", "code", json_object_get(q, "code"), "text",
                                            json_object_get(q, "text"), "options", opts, "required",
                                            json_is_true(json_object_get(q, "required"))));
    }
    json_t *ct = json_object_get(json_object_get(questions, "comment"), "text");
    return json_pack("{s:s, s:s, s:o, s:O, s:O, s:o, s:o}", "action", action, "csrf", web_csrf(r), "hidden",
                     hidden ? hidden : json_array(), "overall_text", json_object_get(ov, "text"), "overall",
                     json_object_get(ov, "options"), "questions", qs, "comment_text",
                     ct ? json_incref(ct) : json_string("Góp ý thêm (không bắt buộc)"));
}

/* Words for the facts of a view (the template prints strings). */
static void facts_words(json_t *view) {
    json_t *f = json_object_get(view, "facts"), *it;
    if (!json_is_object(f)) return;
    json_int_t sup = json_integer_value(json_object_get(f, "supplements"));
    json_object_set_new(f, "supplements_text", sup ? json_sprintf("%d lần", (int)sup) : json_string("Không có"));
    size_t i;
    json_t *legacy = json_object_get(f, "legacy");
    json_array_foreach(json_object_get(legacy, "items"), i, it) {
        json_t *p = json_object_get(it, "points");
        json_object_set_new(it, "points_text",
                            json_is_integer(p) ? json_sprintf("%d/2 điểm", (int)json_integer_value(p))
                                               : json_string("chưa xác định"));
    }
    json_object_set_new(legacy, "total_text",
                        json_sprintf("%d/%d điểm", (int)json_integer_value(json_object_get(legacy, "points")),
                                     (int)json_integer_value(json_object_get(legacy, "max"))));
    json_object_set_new(f, "contacts_text",
                        json_string(json_integer_value(json_object_get(f, "contacts")) == 0
                                        ? "Không phải đến cơ quan nào (nộp và nhận kết quả trực tuyến)"
                                        : "Chỉ bộ phận một cửa nơi nộp hồ sơ"));
}

void web_rating_attach(api_req *r, json_t *ctx, const char *code, const char *key, const char *action, json_t *hidden) {
    const char *params[] = {code};
    json_t *view = NULL;
    int st;
    mc_error e2;
    dossier d;
    if (key) { /* the key as the page used it (spaces taken out), not as typed */
        if (api_track_open(r, code, key, &d, &e2) == MC_OK) view = api_rating_view(r, &d);
    } else if (web_api(r, api_dossiers_rating, params, 1, NULL, &view, &st, &e2)) {
        view = NULL;
    }
    if (!view) {
        json_decref(hidden);
        return;
    }
    json_t *qs = json_object_get(view, "questions");
    if (json_is_true(json_object_get(view, "can_rate")) && json_is_object(qs))
        json_object_set_new(view, "form", form_json(r, qs, action, hidden));
    else
        json_decref(hidden);
    json_object_del(view, "questions");
    facts_words(view);
    json_object_set_new(view, "thanks", json_boolean(api_query(r, "da_danh_gia") != NULL));
    json_object_set_new(ctx, "rate", view);
}

/* The API's body of a rating from a posted form: overall, q_<question> answers, comment. */
static json_t *rating_body(api_req *r, const web_form *f) {
    json_t *answers = json_object();
    for (size_t i = 0; i < f->n; i++)
        if (!strncmp(f->names[i], "q_", 2) && f->names[i][2] && f->values[i] && *f->values[i])
            json_object_set_new(answers, f->names[i] + 2, json_string(f->values[i]));
    const char *overall = web_form_text(r, f, "overall"), *comment = web_form_text(r, f, "comment");
    json_t *body = json_pack("{s:o}", "answers", answers);
    if (overall)
        json_object_set_new(body, "overall", json_string(overall));
    else
        json_object_set_new(body, "overall", json_null());
    if (comment) json_object_set_new(body, "comment", json_string(comment));
    return body;
}

/* ---- the tracking page and the citizen's dossier ---------------------------------------------------- */

mc_err web_track_rate(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    if (!web_posted(r, &f)) return MC_OK;
    const char *code = web_form_compact(r, &f, "code"), *key = web_form_compact(r, &f, "key");
    if (!code || !key) return web_error(r, 400, "Thiếu mã hồ sơ hoặc mã tra cứu. Hãy tra cứu lại hồ sơ rồi đánh giá.");
    json_t *body = rating_body(r, &f), *out;
    json_object_set_new(body, "key", json_string(key));
    const char *params[] = {code};
    int st;
    mc_error e2;
    if (web_api(r, api_track_rate, params, 1, body, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_decref(out);
    json_t *c = web_url_part(code), *k = web_url_part(key);
    const char *to = arena_printf(r->a, "/tra-cuu?code=%s&key=%s&da_danh_gia=1#danh-gia", json_string_value(c),
                                  json_string_value(k));
    json_decref(c);
    json_decref(k);
    return web_redirect(r, to);
}

mc_err web_my_rate(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    web_form f;
    if (!web_posted(r, &f)) return MC_OK;
    const char *params[] = {r->params[0]};
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_dossiers_rate, params, 1, rating_body(r, &f), &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_decref(out);
    json_t *c = web_url_part(r->params[0]);
    const char *to = arena_printf(r->a, "/ho-so-cua-toi/%s?da_danh_gia=1#danh-gia", json_string_value(c));
    json_decref(c);
    return web_redirect(r, to);
}

/* ---- the counter tablet ---------------------------------------------------------------------------------- */

/* Whether u records ratings at the counter of d (a receiver of its receiving unit). */
static bool at_counter_of(const user *u, const dossier *d) {
    return u && (u->roles & ROLE_RECEIVER) &&
           perm_allows(ROLE_RECEIVER, u->unit_path, ACT_DOSSIER_RECEIVE, d->receiving_unit_path);
}

mc_err web_counter_rating(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    dossier d;
    mc_error e2;
    ds_actor who = {u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
    if (dossier_get(store_reader(r->app->st), r->a, r->params[0], &d, &e2) || !dossier_may_read(&who, &d))
        return web_error(r, 404, "Không tìm thấy hồ sơ này.");
    if (!at_counter_of(u, &d))
        return web_error(r, 403, "Chỉ cán bộ một cửa của nơi nhận hồ sơ mở trang đánh giá tại quầy cho người nộp.");
    json_t *ctx = json_pack("{s:b, s:s, s:s}", "kiosk", 1, "code", d.code, "procedure", d.procedure_name);
    rating x;
    const char *closed = ratings_of(store_reader(r->app->st), r->a, d.tenant, d.id, &x, NULL) == MC_OK
                             ? "Hồ sơ này đã được đánh giá."
                         : d.parent_id ? "Hồ sơ liên thông được đánh giá trên hồ sơ chính."
                         : d.state != DS_RETURNED ? "Hồ sơ chưa trả kết quả; người nộp đánh giá sau khi nhận kết quả."
                                                  : NULL;
    if (closed) {
        json_object_set_new(ctx, "closed", json_string(closed));
    } else {
        const char *body;
        json_t *qs;
        if (ratings_set_body(store_reader(r->app->st), r->a, NULL, time_local_day(time_now()), &body, &e2) ||
            !(qs = json_loads(body, 0, NULL))) {
            json_decref(ctx);
            return web_error(r, 409, e2.message);
        }
        json_t *c = web_url_part(d.code);
        json_object_set_new(
            ctx, "rate",
            json_pack("{s:o}", "form",
                      form_json(r, qs, arena_printf(r->a, "/can-bo/danh-gia/%s", json_string_value(c)), NULL)));
        json_decref(c);
        json_decref(qs);
    }
    return web_page(r, 200, "counter_rate", "Đánh giá mức độ hài lòng", ctx);
}

mc_err web_counter_rate(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    web_form f;
    if (!web_posted(r, &f)) return MC_OK;
    const char *params[] = {r->params[0]};
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_dossiers_rate, params, 1, rating_body(r, &f), &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_decref(out);
    return web_redirect(r, "/can-bo/danh-gia-xong");
}

mc_err web_counter_rated(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    return web_page(r, 200, "counter_rated", "Cảm ơn ông/bà", json_pack("{s:b}", "kiosk", 1));
}

/* ---- the officers' case page ---------------------------------------------------------------------------- */

void web_rating_case(api_req *r, json_t *d, const char *code) {
    user *u = api_user(r);
    dossier ds;
    store_conn *c = store_reader(r->app->st);
    if (!u || dossier_get(c, r->a, code, &ds, NULL)) return;
    ds_actor who = {u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
    rating x;
    bool rated = ratings_of(c, r->a, ds.tenant, ds.id, &x, NULL) == MC_OK;
    if (rated && ratings_handled_by(c, &who, &ds)) {
        const char *params[] = {code};
        json_t *view;
        int st;
        mc_error e2;
        if (!web_api(r, api_dossiers_rating, params, 1, NULL, &view, &st, &e2)) {
            json_object_set(d, "rating", json_object_get(view, "rating"));
            json_decref(view);
        }
    } else if (rated) {
        json_object_set_new(d, "rated_unseen", json_true());
    } else if (ds.state == DS_RETURNED && !ds.parent_id && at_counter_of(u, &ds)) {
        json_t *cu = web_url_part(code);
        json_object_set_new(d, "rate_link",
                            json_string(arena_printf(r->a, "/can-bo/ho-so/%s/danh-gia", json_string_value(cu))));
        json_decref(cu);
    }
}
