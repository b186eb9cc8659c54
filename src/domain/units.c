/* units.c - the organisation tree over store.h. */
#include "units.h"

#include <string.h>

#include "timeutil.h"

static bool date_ok(const char *s) {
    mc_day d;
    return !s || day_parse(s, &d);
}

mc_err units_add(store_conn *c, const unit_new *u, int64_t *id_out, mc_error *err) {
    if (!u->code || !*u->code || strlen(u->code) > 64)
        return mc_fail(err, MC_ERR_INVALID, "code", "Mã đơn vị không được để trống (tối đa 64 ký tự).",
                       "Unit code is required (at most 64 characters).");
    if (!u->name || !*u->name)
        return mc_fail(err, MC_ERR_INVALID, "name", "Tên đơn vị không được để trống.", "Unit name is required.");
    if (!date_ok(u->active_from) || !date_ok(u->active_to))
        return mc_fail(err, MC_ERR_INVALID, "active_from", "Ngày hiệu lực phải có dạng YYYY-MM-DD.",
                       "Dates must be YYYY-MM-DD.");
    if (u->active_from && u->active_to && strcmp(u->active_to, u->active_from) < 0)
        return mc_fail(err, MC_ERR_INVALID, "active_to", "Ngày hết hiệu lực phải sau ngày bắt đầu.",
                       "active_to is before active_from.");
    int64_t one;
    mc_err r = store_scalar_int(c, Q_UNIT_KIND_EXISTS, SV_ARGS(SV_T(u->kind)), &one, err);
    if (r == MC_ERR_NOT_FOUND || !u->kind)
        return mc_failf(err, MC_ERR_INVALID, "kind", "Loại đơn vị không hợp lệ: %s.", "Unknown unit kind: %s.",
                        u->kind ? u->kind : "(trống)");
    if (r) return r;
    arena *a = arena_create();
    org_unit parent = {0}, existing;
    if (units_get(c, a, u->code, &existing, NULL) == MC_OK) {
        arena_free(a);
        return mc_failf(err, MC_ERR_CONFLICT, "code", "Mã đơn vị %s đã tồn tại.", "Unit code %s already exists.",
                        u->code);
    }
    if (u->parent_code && units_get(c, a, u->parent_code, &parent, NULL) != MC_OK) {
        arena_free(a);
        return mc_failf(err, MC_ERR_INVALID, "parent", "Không có đơn vị cấp trên mã %s.", "Unknown parent unit %s.",
                        u->parent_code);
    }
    int64_t id;
    r = store_scalar_int(c, Q_UNIT_INSERT,
                         SV_ARGS(SV_T(u->code), SV_T(u->name), SV_T(u->kind), u->parent_code ? SV_I(parent.id) : SV_N,
                                 SV_T(u->active_from), SV_T(u->active_to), SV_T(u->source), SV_I(time_now())),
                         &id, err);
    if (r == MC_OK) {
        char *path = arena_printf(a, "%s%lld/", u->parent_code ? parent.path : "/", (long long)id);
        /* A root is its own tenant; every other unit is in its root's. */
        r = store_exec(c, Q_UNIT_SET_PATH,
                       SV_ARGS(SV_T(path), SV_T(u->parent_code ? parent.tenant : u->code), SV_I(id)), NULL, err);
    }
    arena_free(a);
    if (r == MC_OK && id_out) *id_out = id;
    return r;
}

static void read_unit(store_rows *r, arena *a, org_unit *u) {
    u->id = store_int(r, 0);
    u->code = arena_strdup(a, store_text(r, 1));
    u->name = arena_strdup(a, store_text(r, 2));
    u->kind = arena_strdup(a, store_text(r, 3));
    u->parent_code = arena_strdup(a, store_text(r, 4));
    u->path = arena_strdup(a, store_text(r, 5));
    u->active_from = arena_strdup(a, store_text(r, 6));
    u->active_to = arena_strdup(a, store_text(r, 7));
    u->source = arena_strdup(a, store_text(r, 8));
    u->tenant = arena_strdup(a, store_text(r, 9));
}

static mc_err get_one(store_conn *c, arena *a, store_qid q, store_val key, org_unit *out, mc_error *err) {
    store_rows *r = store_query(c, q, &key, 1, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_unit(r, a, out);
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    if (k == 0) return mc_fail(err, MC_ERR_NOT_FOUND, "unit", "Không tìm thấy đơn vị.", "Unit not found.");
    return MC_OK;
}

mc_err units_get(store_conn *c, arena *a, const char *code, org_unit *out, mc_error *err) {
    return get_one(c, a, Q_UNIT_BY_CODE, SV_T(code), out, err);
}

mc_err units_get_id(store_conn *c, arena *a, int64_t id, org_unit *out, mc_error *err) {
    return get_one(c, a, Q_UNIT_BY_ID, SV_I(id), out, err);
}

mc_err units_tenant_of_path(store_conn *c, const char *path, char out[UNITS_TENANT_MAX], mc_error *err) {
    int64_t id = 0;
    const char *p = path && path[0] == '/' ? path + 1 : "";
    out[0] = 0;
    while (*p >= '0' && *p <= '9' && id < INT64_MAX / 10 - 10) id = id * 10 + (*p++ - '0');
    if (*p != '/' || id <= 0)
        return mc_fail(err, MC_ERR_NOT_FOUND, "unit", "Không tìm thấy đơn vị.", "Not a unit's tree path.");
    store_rows *r = store_query(c, Q_UNIT_TENANT, SV_ARGS(SV_I(id)), err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        const char *t = store_text(r, 0);
        if (t && strlen(t) < UNITS_TENANT_MAX) memcpy(out, t, strlen(t) + 1);
    }
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    if (!out[0]) return mc_fail(err, MC_ERR_NOT_FOUND, "unit", "Không tìm thấy đơn vị.", "No unit of that id.");
    return MC_OK;
}

const char *units_tenant_or_null(store_conn *c, const char *path, char out[UNITS_TENANT_MAX]) {
    return path && units_tenant_of_path(c, path, out, NULL) == MC_OK ? out : NULL;
}

int units_tenant_of_code(store_conn *c, const char *code, char out[UNITS_TENANT_MAX], mc_error *err) {
    out[0] = 0;
    store_rows *r = store_query(c, Q_UNIT_TENANT_OF_CODE, SV_ARGS(SV_T(code)), err);
    if (!r) return -1;
    int k = store_next(r, err);
    if (k == 1) {
        const char *t = store_text(r, 0);
        if (t && strlen(t) < UNITS_TENANT_MAX)
            memcpy(out, t, strlen(t) + 1);
        else
            k = 0;
    }
    store_rows_free(r);
    return k;
}

mc_err units_list(store_conn *c, arena *a, const char *root_code, org_unit **out, size_t *n, mc_error *err) {
    store_rows *r;
    if (root_code) {
        org_unit root;
        mc_err e = units_get(c, a, root_code, &root, err);
        if (e) return e;
        char *like = arena_printf(a, "%s%%", root.path);
        r = store_query(c, Q_UNIT_SUBTREE, SV_ARGS(SV_T(like)), err);
    } else {
        r = store_query(c, Q_UNIT_LIST, SV_NONE, err);
    }
    if (!r) return err ? err->code : MC_ERR_STORE;
    size_t cap = 64, cnt = 0;
    org_unit *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_unit(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err units_count(store_conn *c, int64_t *n, mc_error *err) {
    return store_scalar_int(c, Q_UNIT_COUNT, SV_NONE, n, err);
}

mc_err units_account_get(store_conn *c, arena *a, const char *code, unit_account *out, const char **owner,
                         mc_error *err) {
    const char *cur = code;
    for (int depth = 0; cur && depth < 16; depth++) {
        store_rows *r = store_query(c, Q_UNIT_ACCOUNT_GET, SV_ARGS(SV_T(cur)), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        if (k == 1) {
            *out = (unit_account){arena_strdup(a, store_text(r, 0)), arena_strdup(a, store_text(r, 1)),
                                  arena_strdup(a, store_text(r, 2)), arena_strdup(a, store_text(r, 3))};
            if (owner) *owner = arena_strdup(a, cur);
        }
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (k == 1) return MC_OK;
        org_unit u;
        if (units_get(c, a, cur, &u, NULL) != MC_OK) break;
        cur = u.parent_code;
    }
    return mc_fail(err, MC_ERR_NOT_FOUND, "account", "Đơn vị chưa khai báo tài khoản nhận phí, lệ phí.",
                   "No bank account for this unit.");
}

mc_err units_account_put(store_conn *c, const char *code, const unit_account *acct, int64_t now, mc_error *err) {
    size_t n;
    if (!acct->bin || strlen(acct->bin) != 6 || strspn(acct->bin, "0123456789") != 6)
        return mc_fail(err, MC_ERR_INVALID, "bin", "Mã ngân hàng (BIN) gồm 6 chữ số, ví dụ 970415.", "bin: 6 digits.");
    if (!acct->bank || !*acct->bank)
        return mc_fail(err, MC_ERR_INVALID, "bank", "Vui lòng nhập tên ngân hàng.", "bank is required.");
    n = acct->account ? strlen(acct->account) : 0;
    if (n == 0 || n > 19 ||
        strspn(acct->account, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != n)
        return mc_fail(err, MC_ERR_INVALID, "account", "Số tài khoản gồm chữ số hoặc chữ cái, tối đa 19 ký tự.",
                       "account: 1-19 letters or digits.");
    if (!acct->name || !*acct->name)
        return mc_fail(err, MC_ERR_INVALID, "name", "Vui lòng nhập tên chủ tài khoản.", "name is required.");
    int64_t changed = 0;
    mc_err e = store_exec(
        c, Q_UNIT_ACCOUNT_PUT,
        SV_ARGS(SV_T(acct->bin), SV_T(acct->bank), SV_T(acct->account), SV_T(acct->name), SV_I(now), SV_T(code)),
        &changed, err);
    if (!e && changed == 0)
        e = mc_failf(err, MC_ERR_NOT_FOUND, "code", "Không có đơn vị %s.", "No unit %s.", code, code);
    return e;
}

bool units_kind_outside_one_stop(const char *kind) {
    static const char *const outside[] = {"party_committee", "peoples_council", "fatherland_front"};
    for (size_t i = 0; kind && i < sizeof outside / sizeof outside[0]; i++)
        if (!strcmp(kind, outside[i])) return true;
    return false;
}
