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

/* GET /quan-tri/may-tram: the province's commune nodes, whether each is connected, how far its chain has come. */
mc_err web_admin_nodes(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_nodes_list, NULL, 0, NULL, &out, &st, &e2)) return web_error(r, web_status(e2.code), e2.message);
    return web_page(r, 200, "admin_nodes", "Máy trạm một cửa xã", out);
}
