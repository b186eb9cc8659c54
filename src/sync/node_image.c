/* node_image.c - a dossier's rows as a commune node sends them (node_image.h). */
#include "node_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "buf.h"

/* The dossier's children, each keyed by dossier_id; `own_id`: the table's rows have an id of their own, which is
 * each side's and not copied. */
static const struct {
    const char *member, *table;
    bool own_id;
} children[] = {
    {"documents", "dossier_documents", false},
    {"requests", "dossier_requests", true},
    {"files", "dossier_files", true},
};

static mc_err add_row(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err) {
    (void)err;
    json_t *row = json_object();
    for (int i = 0; i < n; i++) json_object_set_new(row, names[i], values[i] ? json_string(values[i]) : json_null());
    json_array_append_new(ctx, row);
    return MC_OK;
}

mc_err node_image_read(store_conn *c, const char *tenant, int64_t id, json_t **out, mc_error *err) {
    *out = NULL;
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)id);
    const char *args[] = {tenant, num};
    json_t *rows = json_array();
    mc_err e = store_sql(c, "SELECT * FROM dossiers WHERE tenant = ? AND id = ?", 2, args, add_row, rows, NULL, err);
    if (!e && json_array_size(rows) != 1)
        e = mc_failf(err, MC_ERR_NOT_FOUND, NULL, "Không có hồ sơ %lld.", "No dossier %lld.", (long long)id,
                     (long long)id);
    json_t *img = json_object();
    if (!e) json_object_set(img, "dossier", json_array_get(rows, 0));
    json_decref(rows);
    for (size_t i = 0; i < sizeof children / sizeof children[0] && !e; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE tenant = ? AND dossier_id = ? ORDER BY %s", children[i].table,
                 children[i].own_id ? "id" : "seq");
        json_t *list = json_array();
        e = store_sql(c, sql, 2, args, add_row, list, NULL, err);
        json_object_set_new(img, children[i].member, list);
    }
    if (e) {
        json_decref(img);
        return e;
    }
    *out = img;
    return MC_OK;
}

/* A column name from an image: a lower-case identifier, nothing that could be more than a name. */
static bool identifier(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return false;
    return true;
}

static mc_err bad(mc_error *err, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, NULL, "Hồ sơ gửi từ máy trạm không hợp lệ (%s).",
                    "The node's dossier image is not valid (%s).", what, what);
}

/* The columns of row to write, and their values: every column but those in skip (NULL-terminated); tenant and
 * dossier_id given (when not NULL) replace the row's. */
typedef struct {
    const char *names[80], *vals[80];
    int n;
} colset;

static mc_err columns_of(json_t *row, const char *const *skip, colset *cs, mc_error *err) {
    cs->n = 0;
    const char *k;
    json_t *v;
    json_object_foreach(row, k, v) {
        bool skipped = false;
        for (const char *const *s = skip; *s; s++)
            if (!strcmp(*s, k)) skipped = true;
        if (skipped) continue;
        if (!identifier(k) || cs->n == 78 || (!json_is_string(v) && !json_is_null(v))) return bad(err, k);
        cs->names[cs->n] = k;
        cs->vals[cs->n++] = json_string_value(v);
    }
    return MC_OK;
}

static mc_err take_id(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err) {
    (void)n, (void)names, (void)err;
    *(int64_t *)ctx = values[0] ? strtoll(values[0], NULL, 10) : 0;
    return MC_OK;
}

static mc_err write_rows(store_conn *w, const char *tenant, json_t *img, json_t *row, bool at_node, int64_t *id,
                         bool *created, mc_error *err);

/* INSERT INTO table(columns..., extra...) VALUES (...) [RETURNING id]. */
static mc_err insert(store_conn *w, const char *table, colset *cs, const char *tenant, const char *dossier_id,
                     int64_t *id, mc_error *err) {
    buf b = {0};
    buf_printf(&b, "INSERT INTO %s(", table);
    for (int i = 0; i < cs->n; i++) buf_printf(&b, "%s%s", i ? ", " : "", cs->names[i]);
    int n = cs->n;
    if (tenant) buf_printf(&b, "%stenant", n ? ", " : ""), cs->vals[n++] = tenant;
    if (dossier_id) buf_printf(&b, ", dossier_id"), cs->vals[n++] = dossier_id;
    buf_puts(&b, ") VALUES (");
    for (int i = 0; i < n; i++) buf_puts(&b, i ? ", ?" : "?");
    buf_puts(&b, id ? ") RETURNING id" : ")");
    mc_err e = store_sql(w, b.data, n, cs->vals, id ? take_id : NULL, id, NULL, err);
    buf_free(&b);
    return e;
}

/* A node's copy of a pulled dossier: accounts the node does not hold, and the partner link, left out. */
static mc_err for_node(store_conn *w, json_t *row, mc_error *err) {
    static const char *const users[] = {"holder_user_id", "citizen_user_id"};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        const char *v = json_string_value(json_object_get(row, users[i]));
        if (!v) continue;
        int64_t n = 0;
        mc_err e = store_scalar_int(w, Q_USER_EXISTS, SV_ARGS(SV_I(strtoll(v, NULL, 10))), &n, err);
        if (e) return e;
        if (!n) json_object_set_new(row, users[i], json_null());
    }
    json_object_set_new(row, "parent_id", json_null());
    return MC_OK;
}

mc_err node_image_write(store_conn *w, const char *tenant, json_t *img, bool at_node, int64_t *id, bool *created,
                        mc_error *err) {
    *id = 0;
    *created = false;
    json_t *given = json_object_get(img, "dossier");
    if (!json_is_object(given)) return bad(err, "dossier");
    json_t *row = json_deep_copy(given);
    mc_err e = at_node ? for_node(w, row, err) : MC_OK;
    if (!e) e = write_rows(w, tenant, img, row, at_node, id, created, err);
    json_decref(row);
    return e;
}

static mc_err write_rows(store_conn *w, const char *tenant, json_t *img, json_t *row, bool at_node, int64_t *id,
                         bool *created, mc_error *err) {
    const char *code = json_string_value(json_object_get(row, "code"));
    const char *t = json_string_value(json_object_get(row, "tenant"));
    if (!code || !t) return bad(err, "dossier");
    if (strcmp(t, tenant) != 0) return bad(err, "tenant");
    const char *find[] = {tenant, code};
    mc_err e = store_sql(w, "SELECT id FROM dossiers WHERE tenant = ? AND code = ?", 2, find, take_id, id, NULL, err);
    if (e) return e;
    colset cs;
    static const char *const skip_new[] = {"id", "tenant", NULL}, *const skip_old[] = {"id", "tenant", "code", NULL},
                             *const skip_old_province[] = {"id", "tenant", "code", "citizen_user_id", "parent_id", NULL};
    if (!*id) {
        if ((e = columns_of(row, skip_new, &cs, err)) || (e = insert(w, "dossiers", &cs, tenant, NULL, id, err)))
            return e;
        if (!*id) return bad(err, "id");
        *created = true;
    } else {
        if ((e = columns_of(row, at_node ? skip_old : skip_old_province, &cs, err))) return e;
        buf b = {0};
        buf_puts(&b, "UPDATE dossiers SET ");
        for (int i = 0; i < cs.n; i++) buf_printf(&b, "%s%s = ?", i ? ", " : "", cs.names[i]);
        buf_puts(&b, " WHERE tenant = ? AND id = ?");
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)*id);
        cs.vals[cs.n] = tenant;
        cs.vals[cs.n + 1] = num;
        e = store_sql(w, b.data, cs.n + 2, cs.vals, NULL, NULL, NULL, err);
        buf_free(&b);
        if (e) return e;
    }
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)*id);
    const char *del[] = {tenant, num};
    static const char *const skip_child[] = {"id", "tenant", "dossier_id", NULL},
                             *const skip_doc[] = {"tenant", "dossier_id", NULL};
    for (size_t i = 0; i < sizeof children / sizeof children[0] && !e; i++) {
        json_t *list = json_object_get(img, children[i].member);
        if (list && !json_is_array(list)) return bad(err, children[i].member);
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE tenant = ? AND dossier_id = ?", children[i].table);
        if (!*created) e = store_sql(w, sql, 2, del, NULL, NULL, NULL, err);
        size_t k;
        json_t *c;
        json_array_foreach(list, k, c) {
            if (e) break;
            if (!json_is_object(c)) return bad(err, children[i].member);
            /* A file row names its bytes by content only: never a path of the node's choosing. */
            if (!strcmp(children[i].member, "files") &&
                !attachments_name_ok(json_string_value(json_object_get(c, "sha256")),
                                     json_string_value(json_object_get(c, "stored"))))
                return bad(err, "files");
            if (!(e = columns_of(c, children[i].own_id ? skip_child : skip_doc, &cs, err)))
                e = insert(w, children[i].table, &cs, tenant, num, NULL, err);
        }
    }
    return e;
}
