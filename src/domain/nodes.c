/* nodes.c - the province's registry of commune nodes (nodes.h). */
#include "nodes.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "dossier.h"
#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "units.h"

static void read_node(store_rows *r, arena *a, node_info *n) {
    memset(n, 0, sizeof *n);
    n->tenant = arena_strdup(a, store_text(r, 0));
    n->number = (int)store_int(r, 1);
    n->name = arena_strdup(a, store_text(r, 2));
    n->state = arena_strdup(a, store_text(r, 3));
    n->state_note = arena_strdup(a, store_text(r, 4));
    n->created_at = store_int(r, 5);
    n->revoked_at = store_null(r, 6) ? 0 : store_int(r, 6);
    n->last_seen_at = store_null(r, 7) ? 0 : store_int(r, 7);
    n->last_counter = store_int(r, 8);
    n->acked_seq = store_int(r, 9);
    n->acked_hash = arena_strdup(a, store_text(r, 10));
    n->head_seq = store_int(r, 11);
    n->pending = store_int(r, 12);
    n->clock_offset = store_null(r, 13) ? 0 : store_int(r, 13);
    n->calendar_digest = arena_strdup(a, store_text(r, 14));
}

/* The node's units now and all its keys, into n. */
static mc_err read_parts(store_conn *c, arena *a, node_info *n, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_UNITS_OF, SV_ARGS(SV_T(n->tenant), SV_I(n->number)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 4;
    n->units = arena_alloc(a, cap * sizeof *n->units);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (n->n_units == cap) n->units = arena_grow(a, n->units, &cap, sizeof *n->units);
        n->units[n->n_units++] = arena_strdup(a, store_text(r, 0));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!(r = store_query(c, Q_NODE_KEYS_OF, SV_ARGS(SV_T(n->tenant), SV_I(n->number)), err))) return MC_ERR_STORE;
    cap = 2;
    n->keys = arena_alloc(a, cap * sizeof *n->keys);
    while ((k = store_next(r, err)) == 1) {
        if (n->n_keys == cap) n->keys = arena_grow(a, n->keys, &cap, sizeof *n->keys);
        node_key_info *ki = &n->keys[n->n_keys++];
        ki->key_id = arena_strdup(a, store_text(r, 0));
        ki->public_hex = arena_strdup(a, store_text(r, 1));
        ki->added_at = store_int(r, 2);
        ki->not_after = store_null(r, 3) ? 0 : store_int(r, 3);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err nodes_get(store_conn *c, arena *a, const char *tenant, int number, node_info *out, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_GET, SV_ARGS(SV_T(tenant ? tenant : ""), SV_I(number)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_node(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0)
        return mc_failf(err, MC_ERR_NOT_FOUND, "number", "Không có máy trạm số %d.", "No node %d.", number, number);
    return read_parts(c, a, out, err);
}

mc_err nodes_list(store_conn *c, arena *a, const char *tenant, node_info **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_LIST, SV_ARGS(SV_T(tenant ? tenant : "")), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8, cnt = 0;
    node_info *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_node(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    for (size_t i = 0; i < cnt; i++) {
        mc_err e = read_parts(c, a, &v[i], err);
        if (e) return e;
    }
    *out = v;
    *n = cnt;
    return MC_OK;
}

const char *nodes_tenant_of(store_conn *c, const user *by, char out[64], mc_error *err) {
    const char *t = by ? units_tenant_or_null(c, by->unit_path, out) : NULL;
    if (!t)
        mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Tài khoản của bạn không thuộc đơn vị của tỉnh nào nên không quản lý được máy trạm.",
                "The account is in no province.");
    return t;
}

/* The key is on no node yet (of any province). */
static mc_err key_free(store_conn *c, const keyfile_public *key, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_KEY_OWNER, SV_ARGS(SV_T(key->id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    int owner = k == 1 ? (int)store_int(r, 1) : 0;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 1)
        return mc_failf(err, MC_ERR_CONFLICT, "public",
                        "Khóa %s đã được đăng ký cho máy trạm số %d; mỗi máy trạm cần cặp khóa riêng (motcua node keygen).",
                        "Key %s is registered for node %d already.", key->id, owner, key->id, owner);
    return MC_OK;
}

static mc_err insert_key(store_conn *w, const char *tenant, int number, const keyfile_public *key, mc_time now,
                         mc_error *err) {
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, key->pk, sizeof key->pk);
    return store_exec(w, Q_NODE_KEY_INSERT, SV_ARGS(SV_T(tenant), SV_I(number), SV_T(key->id), SV_T(hex), SV_I(now)),
                      NULL, err);
}

/* Checks the units of a new node on w: they exist, are of one province (*tenant) that `by` manages, and are on no
 * node now. ids gets their ids. */
static mc_err check_units(store_conn *w, arena *a, const node_new *n, const user *by, const char **tenant,
                          int64_t *ids, mc_error *err) {
    *tenant = NULL;
    for (size_t i = 0; i < n->n_units; i++) {
        org_unit u;
        mc_err e = units_get(w, a, n->units[i], &u, err);
        if (e == MC_ERR_NOT_FOUND)
            return mc_failf(err, MC_ERR_INVALID, "units", "Không có đơn vị mã %s.", "No unit %s.", n->units[i],
                            n->units[i]);
        if (e) return e;
        if (*tenant && strcmp(*tenant, u.tenant) != 0)
            return mc_fail(err, MC_ERR_INVALID, "units", "Các đơn vị của một máy trạm phải thuộc cùng một tỉnh.",
                           "The units of a node must be of one province.");
        *tenant = u.tenant;
        if (by && !perm_allows(by->roles, by->unit_path, ACT_NODE_MANAGE, u.path))
            return mc_failf(err, MC_ERR_FORBIDDEN, "units", "Bạn không có quyền quản lý máy trạm của đơn vị %s.",
                            "Not allowed to manage nodes of unit %s.", u.code, u.code);
        for (size_t j = 0; j < i; j++)
            if (ids[j] == u.id)
                return mc_failf(err, MC_ERR_INVALID, "units", "Đơn vị %s được kê hai lần.", "Unit %s twice.", u.code,
                                u.code);
        ids[i] = u.id;
        store_rows *r = store_query(w, Q_NODE_OF_UNIT, SV_ARGS(SV_T(u.tenant), SV_I(u.id)), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        int other = k == 1 ? (int)store_int(r, 0) : 0;
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (k == 1)
            return mc_failf(err, MC_ERR_CONFLICT, "units",
                            "Đơn vị %s đang thuộc máy trạm số %d; thu hồi máy trạm đó trước khi đăng ký máy mới.",
                            "Unit %s is on node %d.", u.code, other, u.code, other);
    }
    return MC_OK;
}

mc_err nodes_add(store *s, arena *a, const node_new *n, const user *by, mc_time now, node_info *out, mc_error *err) {
    if (n->number < NODE_NUMBER_MIN || n->number > NODE_NUMBER_MAX)
        return mc_failf(err, MC_ERR_INVALID, "number", "Số máy trạm phải từ %d đến %d.", "Node numbers are %d..%d.",
                        NODE_NUMBER_MIN, NODE_NUMBER_MAX, NODE_NUMBER_MIN, NODE_NUMBER_MAX);
    if (!n->name || !*n->name)
        return mc_fail(err, MC_ERR_INVALID, "name", "Vui lòng nhập tên máy trạm.", "A name is required.");
    mc_err e = field_limit_check("name", "name", n->name, err);
    if (e) return e;
    if (!n->n_units)
        return mc_fail(err, MC_ERR_INVALID, "units", "Vui lòng chọn ít nhất một đơn vị do máy trạm phục vụ.",
                       "At least one unit is required.");
    if (n->n_units > 32)
        return mc_fail(err, MC_ERR_INVALID, "units", "Một máy trạm phục vụ tối đa 32 đơn vị.", "At most 32 units.");
    if (!n->key) return mc_fail(err, MC_ERR_INVALID, "public", "Vui lòng nhập khóa công khai của máy trạm.", "A key is required.");
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    int64_t ids[32];
    const char *tenant = NULL;
    e = check_units(w, a, n, by, &tenant, ids, err);
    if (!e) e = key_free(w, n->key, err);
    if (!e) {
        store_rows *r = store_query(w, Q_NODE_GET, SV_ARGS(SV_T(tenant), SV_I(n->number)), err);
        int k = r ? store_next(r, err) : -1;
        if (r) store_rows_free(r);
        if (k < 0)
            e = MC_ERR_STORE;
        else if (k == 1)
            e = mc_failf(err, MC_ERR_CONFLICT, "number",
                         "Số máy trạm %d đã được dùng trong tỉnh này; số đã cấp không cấp lại (kể cả máy đã thu hồi).",
                         "Node number %d was given already.", n->number, n->number);
    }
    if (!e)
        e = store_exec(w, Q_NODE_INSERT, SV_ARGS(SV_T(tenant), SV_I(n->number), SV_T(n->name), SV_I(now)), NULL, err);
    if (!e) e = insert_key(w, tenant, n->number, n->key, now, err);
    for (size_t i = 0; i < n->n_units && !e; i++)
        e = store_exec(w, Q_NODE_UNIT_INSERT, SV_ARGS(SV_T(tenant), SV_I(n->number), SV_I(ids[i]), SV_I(now)), NULL,
                       err);
    if (!e) {
        char note[512];
        size_t o = (size_t)snprintf(note, sizeof note, "%s; khóa %s; đơn vị", n->name, n->key->id);
        for (size_t i = 0; i < n->n_units && o < sizeof note; i++)
            o += (size_t)snprintf(note + o, sizeof note - o, " %s", n->units[i]);
        e = journal_record(w, tenant, NODE_SUBJECT, n->number, by, ACT_NODE_MANAGE, "node.add", NULL, "active", NULL,
                           note, now, err);
    }
    if ((e = store_finish(w, e, err))) return e;
    return nodes_get(store_reader(s), a, tenant, n->number, out, err);
}

mc_err nodes_revoke(store *s, arena *a, const char *tenant, int number, const char *reason, const user *by,
                    mc_time now, node_info *out, mc_error *err) {
    if (!reason || !*reason)
        return mc_fail(err, MC_ERR_INVALID, "reason", "Vui lòng ghi lý do thu hồi máy trạm.", "A reason is required.");
    mc_err e = field_limit_check("reason", "reason", reason, err);
    if (e) return e;
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    node_info before;
    e = nodes_get(w, a, tenant, number, &before, err);
    int64_t changed = 0;
    if (!e) e = store_exec(w, Q_NODE_REVOKE, SV_ARGS(SV_I(now), SV_T(reason), SV_T(tenant), SV_I(number)), &changed, err);
    if (!e && !changed)
        e = mc_failf(err, MC_ERR_CONFLICT, "number", "Máy trạm số %d đã bị thu hồi từ trước.", "Node %d is revoked already.",
                     number, number);
    if (!e) e = store_exec(w, Q_NODE_UNITS_RELEASE, SV_ARGS(SV_I(now), SV_T(tenant), SV_I(number)), NULL, err);
    if (!e)
        e = journal_record(w, tenant, NODE_SUBJECT, number, by, ACT_NODE_MANAGE, "node.revoke", before.state, "revoked",
                           NULL, reason, now, err);
    if ((e = store_finish(w, e, err))) return e;
    return nodes_get(store_reader(s), a, tenant, number, out, err);
}

mc_err nodes_rotate(store *s, arena *a, const char *tenant, int number, const keyfile_public *key, const user *by,
                    mc_time now, node_info *out, mc_error *err) {
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    node_info n;
    mc_err e = nodes_get(w, a, tenant, number, &n, err);
    if (!e && strcmp(n.state, "revoked") == 0)
        e = mc_failf(err, MC_ERR_CONFLICT, "number", "Máy trạm số %d đã bị thu hồi; hãy đăng ký máy trạm mới với số mới.",
                     "Node %d is revoked.", number, number);
    if (!e) e = key_free(w, key, err);
    if (!e)
        e = store_exec(w, Q_NODE_KEYS_EXPIRE,
                       SV_ARGS(SV_I(now + NODE_KEY_OVERLAP), SV_T(tenant), SV_I(number), SV_I(now + NODE_KEY_OVERLAP)),
                       NULL, err);
    if (!e) e = insert_key(w, tenant, number, key, now, err);
    if (!e) {
        char note[64];
        snprintf(note, sizeof note, "khóa mới %s", key->id);
        e = journal_record(w, tenant, NODE_SUBJECT, number, by, ACT_NODE_MANAGE, "node.key", n.state, n.state, NULL,
                           note, now, err);
    }
    if ((e = store_finish(w, e, err))) return e;
    return nodes_get(store_reader(s), a, tenant, number, out, err);
}

bool nodes_online(const node_info *n, mc_time now) {
    return n->last_seen_at && strcmp(n->state, "revoked") != 0 && now - n->last_seen_at <= NODES_OFFLINE_AFTER;
}

mc_err nodes_of_unit(store_conn *c, arena *a, const char *code, node_info *out, bool *found, mc_error *err) {
    *found = false;
    org_unit u;
    mc_err e = units_get(c, a, code, &u, err);
    if (e) return e;
    store_rows *r = store_query(c, Q_NODE_OF_UNIT, SV_ARGS(SV_T(u.tenant), SV_I(u.id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    int number = k == 1 ? (int)store_int(r, 0) : 0;
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (!number) return MC_OK;
    *found = true;
    return nodes_get(c, a, u.tenant, number, out, err);
}

mc_err nodes_offline_units(store_conn *c, arena *a, mc_time now, nodes_offline_unit **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_UNITS_SEEN, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8, cnt = 0;
    nodes_offline_unit *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        node_info ni = {.state = store_text(r, 3), .last_seen_at = store_null(r, 2) ? 0 : store_int(r, 2)};
        if (nodes_online(&ni, now)) continue;
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        v[cnt++] = (nodes_offline_unit){arena_strdup(a, store_text(r, 0)), ni.last_seen_at};
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

static mc_err node_of_unit_id(store_conn *c, const char *tenant, int64_t unit_id, int *node, mc_error *err) {
    *node = 0;
    if (!unit_id) return MC_OK;
    store_rows *r = store_query(c, Q_NODE_OF_UNIT, SV_ARGS(SV_T(tenant), SV_I(unit_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *node = (int)store_int(r, 0);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err nodes_owner_of(store_conn *c, const char *tenant, int64_t receiving_unit_id, int64_t holder_unit_id,
                      bool before_intake, int *node, mc_error *err) {
    return node_of_unit_id(c, tenant, before_intake || !holder_unit_id ? receiving_unit_id : holder_unit_id, node,
                           err);
}

mc_err nodes_take_back(store *s, arena *a, const char *tenant, const char *code, const char *unit_code,
                       const char *reason, const user *by, mc_time now, int *node, mc_error *err) {
    *node = 0;
    if (!reason || !*reason)
        return mc_fail(err, MC_ERR_INVALID, "reason", "Vui lòng ghi lý do thu hồi hồ sơ từ máy trạm.",
                       "A reason is required.");
    if (!unit_code || !*unit_code)
        return mc_fail(err, MC_ERR_INVALID, "unit", "Vui lòng chọn đơn vị của tỉnh nhận lại hồ sơ.", "unit is required.");
    mc_err e = field_limit_check("reason", "reason", reason, err);
    if (e) return e;
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return err->code;
    dossier d;
    org_unit u;
    e = dossier_get(w, a, code, &d, err);
    if (!e && strcmp(d.tenant, tenant) != 0)
        e = mc_fail(err, MC_ERR_NOT_FOUND, "code", "Không tìm thấy hồ sơ.", "Dossier not found.");
    if (!e) e = nodes_owner_of(w, tenant, d.receiving_unit_id, d.holder_unit_id, false, node, err);
    if (!e && (!*node || d.state == DS_SUBMITTED || d.state == DS_INTAKE_SUPPLEMENT))
        e = mc_fail(err, MC_ERR_CONFLICT, "code",
                    *node ? "Hồ sơ chưa được tiếp nhận: chỉ thu hồi được hồ sơ máy trạm đã tiếp nhận."
                          : "Hồ sơ không do máy trạm xã nào giữ: không cần thu hồi.",
                    "No node holds this received dossier.");
    if (!e && units_get(w, a, unit_code, &u, err) != MC_OK)
        e = mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị %s.", "No unit %s.", unit_code, unit_code);
    int on = 0;
    if (!e) e = node_of_unit_id(w, tenant, u.id, &on, err);
    if (!e && (strcmp(u.tenant, tenant) != 0 || on))
        e = mc_failf(err, MC_ERR_INVALID, "unit",
                     "Đơn vị %s không nhận được hồ sơ thu hồi: phải là đơn vị của tỉnh không đặt trên máy trạm.",
                     "Unit %s is not a unit of the province off the nodes.", unit_code, unit_code);
    int64_t changed = 0;
    if (!e)
        e = store_exec(w, Q_DOSSIER_TAKE_BACK, SV_ARGS(SV_I(u.id), SV_I(now), SV_T(tenant), SV_I(d.id), SV_I(d.holder_unit_id)),
                       &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, "code", "Hồ sơ vừa thay đổi; vui lòng thử lại.", "The dossier changed.");
    if (!e) {
        const char *state = ds_state_name(d.state);
        e = journal_record(w, tenant, NULL, d.id, by, ACT_NODE_MANAGE, "take_back", state, state, u.code, reason, now,
                           err);
    }
    return store_finish(w, e, err);
}

mc_err nodes_gauges(store_conn *c, node_gauge *out, size_t max, size_t *n, mc_error *err) {
    *n = 0;
    store_rows *r = store_query(c, Q_NODE_GAUGES, SV_NONE, err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1 && *n < max) {
        node_gauge *g = &out[(*n)++];
        snprintf(g->tenant, sizeof g->tenant, "%s", store_text(r, 0));
        g->number = (int)store_int(r, 1);
        g->last_seen_at = store_null(r, 2) ? 0 : store_int(r, 2);
        int64_t acked = store_int(r, 3), head = store_int(r, 4);
        g->pending = head > acked ? head - acked : 0;
        g->conflicts_open = store_int(r, 5);
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err nodes_report_head(store *s, const char *tenant, int number, int64_t head, mc_error *err) {
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return err->code;
    mc_err e = store_exec(w, Q_NODE_HEAD_SET, SV_ARGS(SV_I(head), SV_T(tenant), SV_I(number), SV_I(head)), NULL, err);
    return store_finish(w, e, err);
}

mc_err nodes_any(store_conn *c, const char *tenant, bool *any, mc_error *err) {
    int64_t n = 0;
    mc_err e = store_scalar_int(c, Q_NODE_ANY_UNIT, SV_ARGS(SV_T(tenant)), &n, err);
    *any = n > 0;
    return e;
}
