/* api_nodes.c - the registry of commune nodes (/api/v1/nodes; domain/nodes.h), for the province's
 * administrators: list, register, read, revoke, add a key. */
#include "api_handlers.h"

#include <string.h>

#include "dossier_rules.h"
#include "csv.h"
#include "buf.h"
#include "node_conflicts.h"
#include "node_key.h"
#include "nodes.h"

/* A node as JSON: never a secret, only public keys and the exchange state. */
static json_t *node_json(api_req *r, const node_info *n) {
    json_t *units = json_array(), *keys = json_array();
    for (size_t i = 0; i < n->n_units; i++) json_array_append_new(units, json_string(n->units[i]));
    for (size_t i = 0; i < n->n_keys; i++)
        json_array_append_new(keys, json_pack("{s:s, s:s, s:o, s:o}", "key_id", n->keys[i].key_id, "public",
                                              n->keys[i].public_hex, "added_at", api_time_json(n->keys[i].added_at),
                                              "not_after", api_time_json(n->keys[i].not_after)));
    (void)r;
    return json_pack("{s:s, s:i, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:I, s:I, s:o, s:o, s:o, s:s}", "province",
                     n->tenant,
                     "number", n->number, "name", n->name, "state", n->state, "state_note", api_jstr(n->state_note),
                     "created_at", api_time_json(n->created_at), "revoked_at", api_time_json(n->revoked_at),
                     "last_seen_at", api_time_json(n->last_seen_at), "units", units, "acked_seq",
                     (json_int_t)n->acked_seq, "acked_hash", api_jstr(n->acked_hash), "head_seq",
                     (json_int_t)n->head_seq, "pending", (json_int_t)n->pending, "keys", keys, "online",
                     json_boolean(nodes_online(n, time_now())), "last_seen", api_when_json(n->last_seen_at),
                     "state_label", !strcmp(n->state, "active")      ? "Đang hoạt động"
                                    : !strcmp(n->state, "suspended") ? "Tạm dừng đồng bộ"
                                                                     : "Đã thu hồi");
}

/* The administrator and their province; 401/403 otherwise. */
static mc_err admin_of(api_req *r, user **me, char tenant[64], mc_error *err) {
    mc_err e = api_require_user(r, me, err);
    if (e) return e;
    if (perm_scope_of((*me)->roles, ACT_NODE_MANAGE) == SCOPE_NONE)
        return api_require(r, ACT_NODE_MANAGE, NULL, NULL, err);
    return nodes_tenant_of(store_reader(r->app->st), *me, tenant, err) ? MC_OK : err->code;
}

/* The node number of path parameter 0: 10..99, else 404. */
static mc_err number_of(api_req *r, int *number, mc_error *err) {
    int64_t id;
    mc_err e = api_path_id(r, 0, &id, "Không có máy trạm này.", err);
    if (e) return e;
    if (id < NODE_NUMBER_MIN || id > NODE_NUMBER_MAX)
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có máy trạm này.", "Not found.");
    *number = (int)id;
    return MC_OK;
}

/* GET /api/v1/nodes */
mc_err api_nodes_list(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    mc_err e = admin_of(r, &me, tenant, err);
    if (e) return e;
    node_info *v;
    size_t n;
    if ((e = nodes_list(store_reader(r->app->st), r->a, tenant, &v, &n, err))) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, node_json(r, &v[i]));
    return api_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* GET /api/v1/nodes/{number} */
mc_err api_nodes_get(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    int number;
    mc_err e = admin_of(r, &me, tenant, err);
    if (!e) e = number_of(r, &number, err);
    if (e) return e;
    node_info n;
    if ((e = nodes_get(store_reader(r->app->st), r->a, tenant, number, &n, err))) return e;
    json_t *j = node_json(r, &n), *journal;
    if ((e = api_journal_json(r, tenant, NODE_SUBJECT, number, &journal, err))) {
        json_decref(j);
        return e;
    }
    json_object_set_new(j, "journal", journal);
    return api_reply(r, 200, j);
}

/* The public key member `public` of body: a key file's text or its 64 hex digits. */
static mc_err key_of(api_req *r, json_t *body, keyfile_public *key, mc_error *err) {
    json_t *v = json_object_get(body, "public");
    if (!json_is_string(v))
        return mc_fail(err, MC_ERR_INVALID, "public", "Vui lòng nhập khóa công khai của máy trạm (tệp node.pub).",
                       "public: the node's public key is required.");
    (void)r;
    return keyfile_parse_public(&node_key_kind, json_string_value(v), key, err);
}

/* POST /api/v1/nodes {"number", "name", "units": [codes], "public"} */
mc_err api_nodes_create(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    mc_err e = admin_of(r, &me, tenant, err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    node_new n = {0};
    keyfile_public key;
    json_t *num = json_object_get(body, "number"), *units = json_object_get(body, "units");
    if (!json_is_integer(num))
        e = mc_fail(err, MC_ERR_INVALID, "number", "Vui lòng nhập số máy trạm (10–99).", "number: an integer.");
    else
        n.number = json_integer_value(num) < 0 || json_integer_value(num) > 1000 ? -1 : (int)json_integer_value(num);
    if (!e) e = api_json_str(r, body, "name", true, &n.name, err);
    if (!e && (!json_is_array(units) || json_array_size(units) == 0 || json_array_size(units) > 32))
        e = mc_fail(err, MC_ERR_INVALID, "units", "Vui lòng chọn từ 1 đến 32 đơn vị do máy trạm phục vụ.",
                    "units: 1 to 32 unit codes.");
    const char **codes = NULL;
    if (!e) {
        n.n_units = json_array_size(units);
        codes = arena_alloc(r->a, n.n_units * sizeof *codes);
        for (size_t i = 0; i < n.n_units && !e; i++) {
            json_t *c = json_array_get(units, i);
            if (!json_is_string(c) || json_string_length(c) == 0 || json_string_length(c) > 32)
                e = mc_fail(err, MC_ERR_INVALID, "units", "Mã đơn vị không hợp lệ.", "units: unit codes.");
            else
                codes[i] = arena_strdup(r->a, json_string_value(c));
        }
        n.units = codes;
    }
    if (!e) e = key_of(r, body, &key, err);
    json_decref(body);
    if (e) return e;
    n.key = &key;
    node_info out;
    if ((e = nodes_add(r->app->st, r->a, &n, me, time_now(), &out, err))) return e;
    return api_reply(r, 201, node_json(r, &out));
}

/* A change to one node: the administrator, their province, the node's number and the body. */
static mc_err change_of(api_req *r, user **me, char tenant[64], int *number, json_t **body, mc_error *err) {
    mc_err e = admin_of(r, me, tenant, err);
    if (!e) e = number_of(r, number, err);
    return e ? e : api_body_object(r, body, err);
}

/* POST /api/v1/nodes/{number}/revoke {"reason"} */
mc_err api_nodes_revoke(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    int number;
    json_t *body;
    mc_err e = change_of(r, &me, tenant, &number, &body, err);
    if (e) return e;
    const char *reason = NULL;
    e = api_json_str(r, body, "reason", false, &reason, err);
    json_decref(body);
    if (e) return e;
    node_info out;
    if ((e = nodes_revoke(r->app->st, r->a, tenant, number, reason, me, time_now(), &out, err))) return e;
    return api_reply(r, 200, node_json(r, &out));
}

/* POST /api/v1/dossiers/{code}/take-back {"unit", "reason"}: an administrator takes a received dossier back from
 * the commune node that holds it (nodes_take_back). */
mc_err api_dossiers_take_back(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    json_t *body;
    mc_err e = admin_of(r, &me, tenant, err);
    if (!e) e = api_body_object(r, &body, err);
    if (e) return e;
    const char *unit = NULL, *reason = NULL;
    e = api_json_str(r, body, "unit", false, &unit, err);
    if (!e) e = api_json_str(r, body, "reason", false, &reason, err);
    int node = 0;
    if (!e) e = nodes_take_back(r->app->st, r->a, tenant, r->params[0], unit, reason, me, time_now(), &node, err);
    json_t *j = e ? NULL : json_pack("{s:s, s:i, s:s}", "code", r->params[0], "node", node, "holder_unit", unit);
    json_decref(body);
    if (e) return e;
    return api_reply(r, 200, j);
}

/* POST /api/v1/nodes/{number}/keys {"public"} */
mc_err api_nodes_key_add(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    int number;
    json_t *body;
    mc_err e = change_of(r, &me, tenant, &number, &body, err);
    if (e) return e;
    keyfile_public key;
    e = key_of(r, body, &key, err);
    json_decref(body);
    if (e) return e;
    node_info out;
    if ((e = nodes_rotate(r->app->st, r->a, tenant, number, &key, me, time_now(), &out, err))) return e;
    return api_reply(r, 201, node_json(r, &out));
}

/* ---- conflicts of the exchange (domain/node_conflicts.h) ---------------------------------------------------- */

static json_t *conflict_json(const node_conflict *c) {
    json_error_t je;
    json_t *acts = c->not_applied ? json_loads(c->not_applied, 0, &je) : NULL, *act;
    size_t i;
    json_array_foreach(acts, i, act) {
        json_t *at = json_object_get(act, "at");
        if (json_is_integer(at)) json_object_set_new(act, "at", api_when_json((mc_time)json_integer_value(at)));
        int a = ds_action_parse(json_string_value(json_object_get(act, "action")));
        int s = ds_state_parse(json_string_value(json_object_get(act, "to")));
        json_object_set_new(act, "action_label", api_jstr(a >= 0 ? ds_action_label((ds_action)a) : NULL));
        json_object_set_new(act, "to_label", api_jstr(s >= 0 ? ds_state_label((ds_state)s) : NULL));
    }
    int kept = c->kept ? ds_state_parse(c->kept) : -1;
    return json_pack("{s:I, s:s, s:o, s:i, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "id",
                     (json_int_t)c->id, "code", c->code, "unit", api_jstr(c->unit_name), "node", c->node, "rule",
                     c->rule, "rule_label", c->rule_label, "severity", c->severity, "severity_label",
                     c->severity_label, "found_at", api_when_json(c->found_at), "summary", c->summary, "kept",
                     api_jstr(c->kept), "kept_label", api_jstr(kept >= 0 ? ds_state_label((ds_state)kept) : c->kept),
                     "not_applied", acts ? acts : json_array(), "todo", api_jstr(c->todo), "state",
                     c->state, "resolved_at", api_when_json(c->resolved_at), "resolved_note",
                     api_jstr(c->resolved_note));
}

/* The reader and their province; 401/403 for someone who reads no report. */
static mc_err reader_of(api_req *r, user **me, char tenant[64], mc_error *err) {
    mc_err e = api_require_user(r, me, err);
    if (e) return e;
    if (perm_scope_of((*me)->roles, ACT_REPORT_READ) == SCOPE_NONE)
        return api_require(r, ACT_REPORT_READ, NULL, NULL, err);
    return nodes_tenant_of(store_reader(r->app->st), *me, tenant, err) ? MC_OK : err->code;
}

/* The conflicts of ?state=open|resolved|all (open by default) the reader may read. */
static mc_err conflicts_of(api_req *r, const char **state, node_conflict **v, size_t *n, mc_error *err) {
    user *me;
    char tenant[64];
    mc_err e = reader_of(r, &me, tenant, err);
    if (e) return e;
    *state = api_query(r, "state");
    if (!*state) *state = "open";
    if (strcmp(*state, "open") && strcmp(*state, "resolved") && strcmp(*state, "all"))
        return mc_fail(err, MC_ERR_INVALID, "state", "Trạng thái phải là open, resolved hoặc all.",
                       "state: open, resolved or all.");
    return node_conflicts_list(store_reader(r->app->st), r->a, tenant, strcmp(*state, "all") ? *state : NULL, me, v,
                               n, err);
}

/* GET /api/v1/node-conflicts.csv?state=: the same report as a spreadsheet (every cell guarded, csv.h). */
mc_err api_node_conflicts_csv(api_req *r, mc_error *err) {
    const char *state;
    node_conflict *v;
    size_t n;
    mc_err e = conflicts_of(r, &state, &v, &n, err);
    if (e) return e;
    buf b = {0};
    static const char *const head[] = {"Mã hồ sơ", "Đơn vị", "Máy trạm", "Quy tắc", "Nội dung", "Mức độ",
                                       "Phát hiện lúc", "Tình huống", "Tỉnh giữ trạng thái",
                                       "Thao tác tại xã không được ghi nhận", "Việc cần làm", "Trạng thái",
                                       "Đã xử lý lúc", "Ghi chú xử lý"};
    for (size_t k = 0; k < sizeof head / sizeof head[0]; k++) {
        if (k) buf_putc(&b, ',');
        csv_put_field(&b, head[k]);
    }
    buf_puts(&b, "\r\n");
    for (size_t i = 0; i < n; i++) {
        json_t *j = conflict_json(&v[i]);
        buf acts = {0};
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(j, "not_applied"), k, a) {
            const char *label = json_string_value(json_object_get(a, "action_label"));
            buf_printf(&acts, "%s%s %s: %s", k ? "; " : "",
                       json_string_value(json_object_get(json_object_get(a, "at"), "text")),
                       json_string_value(json_object_get(a, "actor")),
                       label ? label : json_string_value(json_object_get(a, "action")));
        }
        char node[8];
        snprintf(node, sizeof node, "%d", v[i].node);
        const char *cells[] = {v[i].code,
                               v[i].unit_name,
                               node,
                               v[i].rule,
                               v[i].rule_label,
                               v[i].severity_label,
                               json_string_value(json_object_get(json_object_get(j, "found_at"), "text")),
                               v[i].summary,
                               json_string_value(json_object_get(j, "kept_label")),
                               acts.data ? acts.data : "",
                               v[i].todo,
                               strcmp(v[i].state, "open") ? "Đã xử lý" : "Đang mở",
                               json_string_value(json_object_get(json_object_get(j, "resolved_at"), "text")),
                               v[i].resolved_note};
        for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
            if (c) buf_putc(&b, ',');
            csv_put_field(&b, cells[c] ? cells[c] : "");
        }
        buf_puts(&b, "\r\n");
        buf_free(&acts);
        json_decref(j);
    }
    r->file_name = arena_printf(r->a, "xung-dot-dong-bo-%s.csv", state);
    e = api_reply_raw(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
    return e;
}

/* GET /api/v1/node-conflicts?state=open|resolved|all */
mc_err api_node_conflicts_list(api_req *r, mc_error *err) {
    const char *state;
    node_conflict *v;
    size_t n;
    mc_err e = conflicts_of(r, &state, &v, &n, err);
    if (e) return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, conflict_json(&v[i]));
    return api_reply(r, 200, json_pack("{s:s, s:I, s:o}", "state", state, "total", (json_int_t)n, "items", items));
}

/* POST /api/v1/node-conflicts/{id}/resolve {"note"} */
mc_err api_node_conflicts_resolve(api_req *r, mc_error *err) {
    user *me;
    char tenant[64];
    int64_t id;
    mc_err e = reader_of(r, &me, tenant, err);
    if (!e) e = api_path_id(r, 0, &id, "Không có xung đột đồng bộ này.", err);
    if (e) return e;
    json_t *body;
    if ((e = api_body_object(r, &body, err))) return e;
    const char *note = NULL;
    e = api_json_str(r, body, "note", false, &note, err);
    json_decref(body);
    if (!e) e = node_conflicts_resolve(r->app->st, r->a, tenant, id, note, me, time_now(), err);
    if (e) return e;
    return api_reply(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "resolved"));
}

/* GET /api/v1/units/{code}/connectivity: whether the counter of a unit served by a commune node can reach the
 * province now (for the portal's notices; no address, no key). */
mc_err api_units_connectivity(api_req *r, mc_error *err) {
    node_info n;
    bool found;
    mc_err e = nodes_of_unit(store_reader(r->app->st), r->a, r->params[0], &n, &found, err);
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_NOT_FOUND, NULL, "Không có đơn vị mã %s.", "No unit %s.", r->params[0],
                        r->params[0]);
    if (e) return e;
    if (!found) return api_reply(r, 200, json_pack("{s:s, s:n, s:b}", "unit", r->params[0], "node", "online", 1));
    return api_reply(r, 200, json_pack("{s:s, s:i, s:b, s:o}", "unit", r->params[0], "node", n.number, "online",
                                       nodes_online(&n, time_now()), "last_seen", api_when_json(n.last_seen_at)));
}
