/* node_conflicts.c - the conflicts of commune nodes an officer reads (node_conflicts.h). */
#include "node_conflicts.h"

#include <string.h>

#include "field_limits.h"
#include "journal.h"
#include "perm.h"

/* The rules of docs/NODE.md §6 that node_apply.c applies, as people read them (K: not applied; F: applied). */
static const struct {
    const char *rule, *label;
} rules[] = {
    {"A1", "Máy trạm không phụ trách đơn vị của hồ sơ"},
    {"K1", "Hồ sơ đã dừng xử lý trên hệ thống tỉnh"},
    {"K2", "Tỉnh đã thu hồi hồ sơ từ máy trạm"},
    {"K5", "Hồ sơ đã được xử lý trên hệ thống tỉnh"},
    /* Findings: the node's entries were applied; a person should look. */
    {"F1", "Cán bộ đã bị khóa tài khoản vẫn thao tác tại máy trạm"},
    {"F3", "Hẹn trả kết quả được tính lại theo lịch của tỉnh"},
    {"F5", "Có thể nộp trùng hồ sơ"},
    {"F6", "Đồng hồ máy trạm chạy nhanh"},
};

static const struct {
    const char *severity, *label;
} severities[] = {{"cao", "Cao"}, {"trung_binh", "Trung bình"}, {"thong_tin", "Thông tin"}};

const char *node_conflict_rule_label(const char *rule) {
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rule && !strcmp(rules[i].rule, rule)) return rules[i].label;
    return rule;
}

static const char *severity_label(const char *s) {
    for (size_t i = 0; i < sizeof severities / sizeof severities[0]; i++)
        if (s && !strcmp(severities[i].severity, s)) return severities[i].label;
    return s;
}

mc_err node_conflicts_list(store_conn *c, arena *a, const char *tenant, const char *state, const user *by,
                           node_conflict **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_NODE_CONFLICTS, SV_ARGS(SV_T(tenant), SV_T(state ? state : "%")), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    node_conflict *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        const char *path = store_text(r, 14);
        bool may = path ? perm_allows(by->roles, by->unit_path, ACT_REPORT_READ, path)
                        : perm_scope_of(by->roles, ACT_REPORT_READ) == SCOPE_ALL;
        if (!may) continue;
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        node_conflict *x = &v[cnt++];
        memset(x, 0, sizeof *x);
        x->id = store_int(r, 0);
        x->node = (int)store_int(r, 1);
        x->dossier_id = store_null(r, 2) ? 0 : store_int(r, 2);
        x->code = arena_strdup(a, store_text(r, 3));
        x->rule = arena_strdup(a, store_text(r, 4));
        x->rule_label = node_conflict_rule_label(x->rule);
        x->severity = arena_strdup(a, store_text(r, 5));
        x->severity_label = severity_label(x->severity);
        x->found_at = store_int(r, 6);
        x->summary = arena_strdup(a, store_text(r, 7));
        x->kept = arena_strdup(a, store_text(r, 8));
        x->not_applied = arena_strdup(a, store_text(r, 9));
        x->todo = arena_strdup(a, store_text(r, 10));
        x->state = arena_strdup(a, store_text(r, 11));
        x->resolved_at = store_null(r, 12) ? 0 : store_int(r, 12);
        x->resolved_note = arena_strdup(a, store_text(r, 13));
        x->unit_path = arena_strdup(a, path);
        x->unit_name = arena_strdup(a, store_text(r, 15));
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err node_conflicts_resolve(store *s, arena *a, const char *tenant, int64_t id, const char *note, const user *by,
                              mc_time now, mc_error *err) {
    if (!note || !*note)
        return mc_fail(err, MC_ERR_INVALID, "note", "Vui lòng ghi đã xử lý thế nào.", "A note is required.");
    mc_err e = field_limit_check("note", "note", note, err);
    if (e) return e;
    node_conflict *v;
    size_t n;
    if ((e = node_conflicts_list(store_reader(s), a, tenant, "open", by, &v, &n, err))) return e;
    const node_conflict *found = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id) found = &v[i];
    if (!found)
        return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có xung đột đồng bộ đang mở này trong phạm vi của bạn.",
                       "No such open conflict in your scope.");
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_NODE_CONFLICT_RESOLVE, SV_ARGS(SV_I(by->id), SV_I(now), SV_T(note), SV_T(tenant), SV_I(id)),
                   &changed, err);
    if (!e && !changed)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Xung đột này đã được xử lý.", "Resolved already.");
    if (!e)
        e = journal_record(w, tenant, NODE_CONFLICT_SUBJECT, id, by, ACT_REPORT_READ, "node_conflict.resolve", "open",
                           "resolved", NULL, note, now, err);
    return store_finish(w, e, err);
}
