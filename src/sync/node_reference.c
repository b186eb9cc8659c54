/* node_reference.c - the reference data a commune node copies from its province (node_reference.h). */
#include "node_reference.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar_store.h"
#include "tracking.h"
#include "xalloc.h"

/* Which rows of a table a node gets. */
typedef enum { REF_ALL, REF_TENANT_UNITS, REF_UNIT_ROWS, REF_NODE_USERS, REF_NODE_USER_ROLES } ref_filter;

/* The tables, parents before children (the order they are loaded in). */
static const struct {
    const char *table;
    ref_filter filter;
    const char *column; /* the column the filter reads */
} tables[] = {
    {"unit_kinds", REF_ALL, NULL},
    {"units", REF_TENANT_UNITS, "tenant"},
    {"users", REF_NODE_USERS, "unit_id"},
    {"user_roles", REF_NODE_USER_ROLES, "user_id"},
    {"procedures", REF_ALL, NULL},
    {"procedure_versions", REF_ALL, NULL},
    {"procedure_units", REF_ALL, NULL},
    {"procedure_documents", REF_ALL, NULL},
    {"procedure_fees", REF_ALL, NULL},
    {"procedure_legal_basis", REF_ALL, NULL},
    {"process_templates", REF_ALL, NULL},
    {"process_template_steps", REF_ALL, NULL},
    {"calendar_schedules", REF_ALL, NULL},
    {"calendar_exceptions", REF_ALL, NULL},
    {"unit_accounts", REF_UNIT_ROWS, "unit_id"},
};

/* A set of ids (small: a province's units, a commune's officers). */
typedef struct {
    int64_t *v;
    size_t n, cap;
} idset;

static void ids_add(idset *s, int64_t id) {
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = id;
}

static bool ids_has(const idset *s, int64_t id) {
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == id) return true;
    return false;
}

typedef struct {
    const char *tenant;
    ref_filter filter;
    const char *column;
    idset units, node_units, users; /* the province's units, the node's, its officers */
    json_t *columns, *rows;
    bool tenant_units; /* collecting the province's unit ids (while dumping units) */
} snap_ctx;

static int col_index(int n, const char *const *names, const char *col) {
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], col)) return i;
    return -1;
}

static mc_err take_row(void *p, int n, const char *const *names, const char *const *values, mc_error *err) {
    snap_ctx *c = p;
    if (!c->columns) {
        c->columns = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(c->columns, json_string(names[i]));
    }
    int k = c->column ? col_index(n, names, c->column) : -1;
    if (c->column && k < 0) return mc_failf(err, MC_ERR_INTERNAL, NULL, NULL, "node reference: no column %s", c->column);
    const char *v = k >= 0 ? values[k] : NULL;
    int64_t id = v ? strtoll(v, NULL, 10) : 0;
    switch (c->filter) {
    case REF_ALL: break;
    case REF_TENANT_UNITS:
        if (!v || strcmp(v, c->tenant) != 0) return MC_OK;
        ids_add(&c->units, strtoll(values[col_index(n, names, "id")], NULL, 10));
        break;
    case REF_UNIT_ROWS:
        if (!ids_has(&c->units, id)) return MC_OK;
        break;
    case REF_NODE_USERS:
        if (!ids_has(&c->node_units, id)) return MC_OK;
        ids_add(&c->users, strtoll(values[col_index(n, names, "id")], NULL, 10));
        break;
    case REF_NODE_USER_ROLES:
        if (!ids_has(&c->users, id)) return MC_OK;
        break;
    }
    json_t *row = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(row, values[i] ? json_string(values[i]) : json_null());
    json_array_append_new(c->rows, row);
    return MC_OK;
}

mc_err node_reference_snapshot(store *s, const char *tenant, int number, json_t **out, mc_error *err) {
    *out = NULL;
    snap_ctx c = {.tenant = tenant};
    store_rows *r = store_query(store_reader(s), Q_NODE_UNIT_IDS, SV_ARGS(SV_T(tenant), SV_I(number)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) ids_add(&c.node_units, store_int(r, 0));
    store_rows_free(r);
    mc_err e = k < 0 ? MC_ERR_STORE : MC_OK;
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && !e; i++) {
        c.filter = tables[i].filter;
        c.column = tables[i].column;
        c.columns = NULL;
        c.rows = json_array();
        e = store_dump(s, tables[i].table, take_row, &c, err);
        json_array_append_new(list, json_pack("{s:s, s:o, s:o}", "name", tables[i].table, "columns",
                                              c.columns ? c.columns : json_array(), "rows", c.rows));
    }
    char secret[65] = "";
    if (!e) e = tracking_node_secret(s, tenant, number, secret, err);
    json_t *units = json_array();
    if (!e && !(r = store_query(store_reader(s), Q_NODE_UNITS_OF, SV_ARGS(SV_T(tenant), SV_I(number)), err)))
        e = MC_ERR_STORE;
    if (!e) {
        while ((k = store_next(r, err)) == 1) json_array_append_new(units, json_string(store_text(r, 0)));
        store_rows_free(r);
        if (k < 0) e = MC_ERR_STORE;
    }
    free(c.units.v);
    free(c.node_units.v);
    free(c.users.v);
    if (e) {
        json_decref(list);
        json_decref(units);
        return e;
    }
    char *text = json_dumps(list, JSON_COMPACT);
    unsigned char h[32];
    char digest[65];
    crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
    sodium_bin2hex(digest, sizeof digest, h, sizeof h);
    free(text);
    *out = json_pack("{s:s, s:i, s:o, s:s, s:s, s:o}", "province", tenant, "node", number, "units", units,
                     "tracking_secret", secret, "digest", digest, "tables", list);
    sodium_memzero(secret, sizeof secret);
    return MC_OK;
}

static mc_err bad(mc_error *err, const char *what) {
    return mc_failf(err, MC_ERR_INVALID, NULL, "Dữ liệu dùng chung nhận từ tỉnh không hợp lệ (%s).",
                    "The province's reference data is not valid (%s).", what, what);
}

/* Every row of one table of the snapshot written over the node's, inside w: an upsert that updates in place (no
 * row deleted, so nothing cascades from it: an officer's sessions stay). */
static mc_err write_table(store_conn *w, const char *name, json_t *t, mc_error *err) {
    json_t *cols = json_object_get(t, "columns"), *rows = json_object_get(t, "rows");
    size_t nc = json_array_size(cols);
    if (!json_is_array(rows) || json_array_size(rows) == 0) return MC_OK;
    if (!json_is_array(cols) || nc == 0 || nc > 64) return bad(err, name);
    buf b = {0};
    buf_printf(&b, "INSERT INTO %s(", name);
    for (size_t i = 0; i < nc; i++) {
        const char *c = json_string_value(json_array_get(cols, i));
        /* Column names come from the province's schema; still, only identifiers go into the statement. */
        if (!c || !*c || strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(c)) {
            buf_free(&b);
            return bad(err, name);
        }
        buf_printf(&b, "%s%s", i ? ", " : "", c);
    }
    buf_puts(&b, ") VALUES (");
    for (size_t i = 0; i < nc; i++) buf_puts(&b, i ? ", ?" : "?");
    buf_puts(&b, ") ON CONFLICT DO UPDATE SET ");
    for (size_t i = 0; i < nc; i++) {
        const char *c = json_string_value(json_array_get(cols, i));
        buf_printf(&b, "%s%s = excluded.%s", i ? ", " : "", c, c);
    }
    const char *vals[64];
    size_t i;
    json_t *row;
    mc_err e = MC_OK;
    json_array_foreach(rows, i, row) {
        if (json_array_size(row) != nc) {
            e = bad(err, name);
            break;
        }
        for (size_t j = 0; j < nc; j++) {
            json_t *v = json_array_get(row, j);
            if (!json_is_string(v) && !json_is_null(v)) e = bad(err, name);
            vals[j] = json_string_value(v);
        }
        if (e || (e = store_sql(w, b.data, (int)nc, vals, NULL, NULL, NULL, err))) break;
    }
    buf_free(&b);
    return e;
}

/* Every table of the snapshot's list, in the order of `tables` (each named as expected), inside w. */
static mc_err write_tables(store_conn *w, json_t *list, mc_error *err) {
    mc_err e = MC_OK;
    for (size_t i = 0; i < json_array_size(list) && !e; i++) {
        json_t *t = json_array_get(list, i);
        const char *name = json_string_value(json_object_get(t, "name"));
        e = name && !strcmp(name, tables[i].table) ? write_table(w, name, t, err) : bad(err, "tables");
    }
    return e;
}

static mc_err meta_set(store_conn *w, const char *key, const char *value, mc_error *err) {
    return store_meta_put(w, key, value, err);
}

/* Records the digest of the calendar just written (calendar_digest), which the node's queue puts on every dossier
 * image so that the province knows which calendar its deadlines came from. */
static mc_err calendar_mark(store_conn *w, mc_error *err) {
    char d[CALENDAR_DIGEST_LEN];
    mc_err e = calendar_digest(w, d, err);
    return e ? e : meta_set(w, "node_calendar_digest", d, err);
}

mc_err node_reference_load(store *s, json_t *snap, mc_error *err) {
    json_t *list = json_object_get(snap, "tables"), *units = json_object_get(snap, "units");
    const char *tenant = json_string_value(json_object_get(snap, "province"));
    const char *secret = json_string_value(json_object_get(snap, "tracking_secret"));
    const char *digest = json_string_value(json_object_get(snap, "digest"));
    json_int_t number = json_integer_value(json_object_get(snap, "node"));
    if (!json_is_array(list) || json_array_size(list) != sizeof tables / sizeof tables[0] || !tenant || !secret ||
        strlen(secret) != 64 || !digest || number < 10 || number > 99 || !json_is_array(units))
        return bad(err, "snapshot");
    int64_t have = 0;
    mc_err e = store_scalar_int(store_reader(s), Q_UNIT_COUNT, SV_NONE, &have, err);
    if (e) return e;
    if (have)
        return mc_fail(err, MC_ERR_CONFLICT, NULL,
                       "Cơ sở dữ liệu này đã có đơn vị: chỉ khởi tạo máy trạm trên cơ sở dữ liệu mới.",
                       "The database has units already: set up a node on a new database.");
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    /* What a new database was given by its migrations (the unit kinds) gives way to the province's. */
    for (size_t i = sizeof tables / sizeof tables[0]; i-- > 0 && !e;) e = store_clear(w, tables[i].table, err);
    if (!e) e = write_tables(w, list, err);
    buf codes = {0};
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u) buf_printf(&codes, "%s%s", i ? "," : "", json_string_value(u) ? json_string_value(u) : "");
    char num[8];
    snprintf(num, sizeof num, "%d", (int)number);
    if (!e) e = meta_set(w, "node_number", num, err);
    if (!e) e = meta_set(w, "node_tenant", tenant, err);
    if (!e) e = meta_set(w, "node_units", codes.data ? codes.data : "", err);
    if (!e) e = meta_set(w, "node_reference_digest", digest, err);
    if (!e) e = calendar_mark(w, err);
    if (!e) e = meta_set(w, "tracking_secret", secret, err);
    buf_free(&codes);
    return store_finish(w, e, err);
}

mc_err node_reference_refresh(store *s, json_t *snap, mc_error *err) {
    json_t *list = json_object_get(snap, "tables");
    const char *digest = json_string_value(json_object_get(snap, "digest"));
    if (!json_is_array(list) || json_array_size(list) != sizeof tables / sizeof tables[0] || !digest)
        return bad(err, "snapshot");
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    /* Officers the snapshot no longer lists are disabled; the roles come whole from the snapshot. */
    mc_err e = store_sql(w, "UPDATE users SET active = 0", 0, NULL, NULL, NULL, NULL, err);
    if (!e) e = store_sql(w, "DELETE FROM user_roles", 0, NULL, NULL, NULL, NULL, err);
    /* The calendar comes whole too: a day off the province deleted is deleted here. */
    if (!e) e = store_clear(w, "calendar_exceptions", err);
    if (!e) e = store_clear(w, "calendar_schedules", err);
    if (!e) e = write_tables(w, list, err);
    /* Sessions of officers now disabled end, as users_set_active ends them. */
    if (!e) e = store_sql(w, "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE active = 0)", 0, NULL,
                          NULL, NULL, NULL, err);
    if (!e) e = store_exec(w, Q_COUNTER_BUMP, SV_ARGS(SV_T("catalog")), NULL, err);
    if (!e) e = store_exec(w, Q_COUNTER_BUMP, SV_ARGS(SV_T("calendar")), NULL, err);
    if (!e) e = meta_set(w, "node_reference_digest", digest, err);
    if (!e) e = calendar_mark(w, err);
    return store_finish(w, e, err);
}
