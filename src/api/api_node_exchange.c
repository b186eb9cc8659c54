/* api_node_exchange.c - the routes a commune node calls (/api/v1/node/...; docs/NODE.md §4-5). Every request is
 * signed by the node and checked by the transport before the handler runs (ROUTE_NODE, node_auth.h): r->node
 * says who it is. */
#include "api_handlers.h"

#include <string.h>

#include "node_apply.h"
#include "node_auth.h"
#include "node_pull.h"
#include "node_reference.h"
#include "nodes.h"

/* GET /api/v1/node/state: what the province holds of the node's chain, its state and the province's time (the
 * node measures its clock against it). */
mc_err api_node_state(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    node_info n;
    mc_err e = nodes_get(store_reader(r->app->st), r->a, p->tenant, p->number, &n, err);
    if (e) return e;
    return api_reply(r, 200,
                     json_pack("{s:s, s:i, s:s, s:s, s:I, s:o, s:I}", "province", n.tenant, "number", n.number, "name",
                               n.name, "state", n.state, "acked_seq", (json_int_t)n.acked_seq, "acked_hash",
                               api_jstr(n.acked_hash), "time", (json_int_t)time_now()));
}

/* GET /api/v1/node/reference[?have=DIGEST]: the reference data the node works with (node_reference.h); only
 * {"digest", "unchanged": true} when the node has it already. Refused to a suspended node. */
mc_err api_node_reference(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    json_t *snap;
    mc_err e = node_reference_snapshot(r->app->st, p->tenant, p->number, &snap, err);
    if (e) return e;
    const char *have = api_query(r, "have");
    const char *digest = json_string_value(json_object_get(snap, "digest"));
    if (have && digest && strcmp(have, digest) == 0) {
        json_t *j = json_pack("{s:s, s:b}", "digest", digest, "unchanged", 1);
        json_decref(snap);
        return api_reply(r, 200, j);
    }
    return api_reply(r, 200, snap);
}

/* POST /api/v1/node/push {"from", "entries": [...]}: the node's queue from `from` on (node_apply.h). */
mc_err api_node_push(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    json_t *body;
    mc_err e = api_body_object(r, &body, err);
    if (e) return e;
    json_t *from = json_object_get(body, "from"), *answer = NULL;
    if (!json_is_integer(from))
        e = mc_fail(err, MC_ERR_INVALID, "from", "Thiếu số thứ tự thao tác đầu tiên (from).", "from: an integer.");
    else
        e = node_apply_push(r->app->st, p->tenant, p->number, json_object_get(body, "entries"),
                            json_integer_value(from), time_now(), &answer, err);
    json_decref(body);
    if (e) return e;
    return api_reply(r, 200, answer);
}

/* GET /api/v1/node/pull?since=J&limit=N: the node's units' dossiers changed after journal id J (node_pull.h). */
mc_err api_node_pull(api_req *r, mc_error *err) {
    const node_principal *p = r->node;
    long since = 0, limit = NODE_PULL_MAX;
    mc_err e = api_query_int(r, "since", 0, 1000000000000L, &since, err);
    if (!e) e = api_query_int(r, "limit", 1, NODE_PULL_MAX, &limit, err);
    if (e) return e;
    json_t *out;
    if ((e = node_pull_answer(r->app->st, p->tenant, p->number, since, (int)limit, &out, err))) return e;
    return api_reply(r, 200, out);
}
