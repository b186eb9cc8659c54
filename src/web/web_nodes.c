/* web_nodes.c - the page an officer reads the conflicts of the commune nodes' exchange on (docs/NODE.md §6):
 * /can-bo/xung-dot-dong-bo, and closing one with a note. The figures are the API's (api_nodes.c). */
#include <string.h>

#include "api_handlers.h"
#include "web.h"
#include "web_internal.h"

/* The list (open by default), with a message after a change. */
static mc_err conflicts_page(api_req *r, int status, const char *error, const char *done) {
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_node_conflicts_list, NULL, 0, NULL, &out, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    const char *state = json_string_value(json_object_get(out, "state"));
    json_object_set_new(out, "open", json_boolean(state && !strcmp(state, "open")));
    if (error) json_object_set_new(out, "error", json_string(error));
    if (done) json_object_set_new(out, "done", json_string(done));
    return web_page(r, status, "node_conflicts", "Xung đột đồng bộ với máy trạm xã", out);
}

mc_err web_node_conflicts(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    return conflicts_page(r, 200, NULL, api_query(r, "xong") ? "Đã ghi nhận xung đột đã được xử lý." : NULL);
}

/* POST /can-bo/xung-dot-dong-bo/{id}/da-xu-ly: the API's resolve, then back to the list. */
mc_err web_node_conflict_resolve(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_officer_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *body = json_object(), *out;
    const char *note = web_form_text(r, &f, "note");
    if (note) json_object_set_new(body, "note", json_string(note));
    int st;
    mc_error e2;
    if (web_api(r, api_node_conflicts_resolve, (const char *[]){r->params[0]}, 1, body, &out, &st, &e2))
        return conflicts_page(r, web_status(e2.code), e2.message, NULL);
    json_decref(out);
    return web_redirect(r, "/can-bo/xung-dot-dong-bo?xong=1");
}

/* The administrators' page of the province's commune nodes, with what was typed in the take-back form and a
 * message after it. */
static mc_err nodes_page(api_req *r, int status, json_t *form, const char *error, const char *done) {
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_nodes_list, NULL, 0, NULL, &out, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    web_form_context(r, out, form, error, done);
    return web_page(r, status, "admin_nodes", "Máy trạm một cửa xã", out);
}

/* GET /quan-tri/may-tram: the province's commune nodes, whether each is connected, how far its chain has come. */
mc_err web_admin_nodes(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    const char *code = api_query(r, "thu_hoi");
    return nodes_page(r, 200, NULL, NULL,
                      code ? arena_printf(r->a, "Đã thu hồi hồ sơ %s về đơn vị của tỉnh; thao tác xã làm sau đó sẽ "
                                                "được báo trong mục xung đột đồng bộ.", code)
                           : NULL);
}

/* POST /quan-tri/may-tram/thu-hoi: an administrator takes a received dossier back from its node (the API's
 * take-back), then back to the page with a message. */
mc_err web_admin_node_take_back(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!web_logged_in(r, &u) || !web_posted(r, &f)) return MC_OK;
    static const char *const names[] = {"code", "unit", "reason", NULL};
    json_t *form = web_form_fields(r, &f, names);
    const char *code = web_form_compact(r, &f, "code");
    json_t *body = json_object(), *out;
    const char *unit = web_form_compact(r, &f, "unit"), *reason = web_form_text(r, &f, "reason");
    if (unit) json_object_set_new(body, "unit", json_string(unit));
    if (reason) json_object_set_new(body, "reason", json_string(reason));
    int st;
    mc_error e2;
    if (!code) {
        json_decref(body);
        return nodes_page(r, 400, form, "Vui lòng nhập mã hồ sơ cần thu hồi.", NULL);
    }
    if (web_api(r, api_dossiers_take_back, (const char *[]){code}, 1, body, &out, &st, &e2))
        return nodes_page(r, web_status(e2.code), form, e2.message, NULL);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/quan-tri/may-tram?thu_hoi=%s", code));
}
