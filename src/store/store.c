/* store.c - store.h over its backends: picks one by the address (a file path
 * is SQLite) and passes every call to it. */
#include <assert.h>
#include <string.h>

#include "hist.h"
#include "store_backend.h"
#include "store_migrations.h"

/* Latency figures (store_metrics_write): relaxed atomics only. A write transaction runs on one thread
 * from store_begin to its end, so its start fits in a thread-local. */
static hist query_hist, write_hist;
static __thread uint64_t write_t0;

store_options store_options_default(void) {
    return (store_options){.busy_timeout_ms = 5000, .sync_full = true, .migrate = true};
}

mc_err store_open(const char *uri, const store_options *opt, store **out, mc_error *err) {
    if (!strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11))
        return store_pg_open(uri, opt, out, err);
    return store_sqlite_open(uri, opt, out, err);
}

void store_close(store *s) {
    if (s) s->ops->close(s);
}

mc_err store_migrate(store *s, int *applied, mc_error *err) {
    return s->ops->migrate(s, applied, err);
}

int store_schema_version(store *s) {
    return s->ops->schema_version(s);
}

int store_schema_latest(void) {
    int n;
    const store_migration *m = store_migrations_sqlite(&n);
    return m[n - 1].version;
}

store_conn *store_reader(store *s) {
    return s->ops->reader(s);
}

void store_reader_done(store *s) {
    s->ops->reader_done(s);
}

/* The calling thread's write transactions, counted (store_txn_no). */
static _Thread_local uint64_t txn_no;

uint64_t store_txn_no(void) {
    return txn_no;
}

store_conn *store_begin(store *s, mc_error *err) {
    txn_no++;
    write_t0 = hist_now_ns();
    return s->ops->begin(s, NULL, err);
}

store_conn *store_begin_tenant(store *s, const char *tenant, mc_error *err) {
    assert(tenant);
    txn_no++;
    write_t0 = hist_now_ns();
    return s->ops->begin(s, tenant, err);
}

mc_err store_commit(store_conn *c, mc_error *err) {
    mc_err e = c->ops->commit(c, err);
    if (write_t0) hist_observe(&write_hist, hist_now_ns() - write_t0);
    write_t0 = 0;
    return e;
}

void store_rollback(store_conn *c) {
    c->ops->rollback(c);
    if (write_t0) hist_observe(&write_hist, hist_now_ns() - write_t0);
    write_t0 = 0;
}

mc_err store_exec(store_conn *c, store_qid q, const store_val *args, int nargs, int64_t *changes, mc_error *err) {
    uint64_t t0 = hist_now_ns();
    mc_err e = c->ops->exec(c, q, args, nargs, changes, err);
    hist_observe(&query_hist, hist_now_ns() - t0);
    return e;
}

store_rows *store_query(store_conn *c, store_qid q, const store_val *args, int nargs, mc_error *err) {
    uint64_t t0 = hist_now_ns();
    store_rows *r = c->ops->query(c, q, args, nargs, err);
    if (r)
        r->t0 = t0;
    else
        hist_observe(&query_hist, hist_now_ns() - t0);
    return r;
}

int store_next(store_rows *r, mc_error *err) {
    return r->ops->next(r, err);
}

int64_t store_int(store_rows *r, int col) {
    return r->ops->col_int(r, col);
}

const char *store_text(store_rows *r, int col) {
    return r->ops->col_text(r, col);
}

bool store_null(store_rows *r, int col) {
    return r->ops->col_null(r, col);
}

void store_rows_free(store_rows *r) {
    if (!r) return;
    uint64_t t0 = r->t0;
    r->ops->rows_free(r);
    if (t0) hist_observe(&query_hist, hist_now_ns() - t0);
}

mc_err store_scalar_int(store_conn *c, store_qid q, const store_val *args, int nargs, int64_t *out, mc_error *err) {
    store_rows *r = store_query(c, q, args, nargs, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *out = store_int(r, 0);
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    return k == 1 ? MC_OK : mc_fail(err, MC_ERR_NOT_FOUND, NULL, NULL, NULL);
}

int store_first_in(store_conn *c, store_qid q_in, const store_val *args_in, int nargs_in, store_qid q,
                   const store_val *args, int nargs, store_rows **out, mc_error *err) {
    *out = NULL;
    bool known = true;
    for (int i = 0; i < nargs_in; i++) known = known && args_in[i].type != SV_NULL;
    for (int pass = known ? 0 : 1; pass < 2; pass++) {
        store_rows *r = pass ? store_query(c, q, args, nargs, err) : store_query(c, q_in, args_in, nargs_in, err);
        if (!r) return -1;
        int k = store_next(r, err);
        if (k == 1) {
            *out = r;
            return 1;
        }
        store_rows_free(r);
        if (k < 0) return -1;
    }
    return 0;
}

mc_err store_insert_id(store_conn *w, store_qid q, const store_val *args, int nargs, int64_t *id, mc_error *err) {
    store_rows *r = store_query(w, q, args, nargs, err);
    if (!r) return err->code ? err->code : MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *id = store_int(r, 0);
    store_rows_free(r);
    return k == 1 ? MC_OK : MC_ERR_STORE;
}

mc_err store_load(store_conn *w, const char *table, int n, const char *const *names, const char *const *values,
                  mc_error *err) {
    assert(w->ops->load);
    return w->ops->load(w, table, n, names, values, err);
}

mc_err store_sql(store_conn *c, const char *sql, int n, const char *const *vals,
                 mc_err (*fn)(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err),
                 void *ctx, int64_t *changes, mc_error *err) {
    assert(c->ops->sql);
    return c->ops->sql(c, sql, n, vals, fn, ctx, changes, err);
}

mc_err store_meta_text(store_conn *c, const char *key, char *out, size_t n, mc_error *err) {
    out[0] = 0;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T(key)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    const char *v = k == 1 ? store_text(r, 0) : NULL;
    if (v && strlen(v) < n) memcpy(out, v, strlen(v) + 1);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err store_meta_put(store_conn *w, const char *key, const char *value, mc_error *err) {
    return store_exec(w, Q_META_SET, SV_ARGS(SV_T(key), SV_T(value)), NULL, err);
}

mc_err store_clear(store_conn *w, const char *table, mc_error *err) {
    assert(w->ops->clear);
    return w->ops->clear(w, table, err);
}

mc_err store_dump(store *s, const char *table,
                  mc_err (*fn)(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err),
                  void *ctx, mc_error *err) {
    assert(s->ops->dump);
    return s->ops->dump(s, table, fn, ctx, err);
}

mc_err store_load_end(store_conn *w, mc_error *err) {
    return w->ops->load_end(w, err);
}

mc_err store_finish(store_conn *w, mc_err e, mc_error *err) {
    if (e) {
        store_rollback(w);
        return e;
    }
    return store_commit(w, err);
}

uint64_t store_serial_of(const store_conn *c) {
    return c->ops->serial_of(c);
}

bool store_job_leader(store *s) {
    return !s->ops->job_leader || s->ops->job_leader(s);
}

const char *store_backend(const store *s) {
    return s->ops->name;
}

mc_err store_backup(store *s, const char *dest, mc_error *err) {
    if (!s->ops->backup)
        return mc_failf(err, MC_ERR_INVALID, NULL,
                        "Cơ sở dữ liệu %s không sao chép được thành tệp: dùng pg_dump hoặc pg_basebackup.",
                        "The %s store has no file copy: use pg_dump or pg_basebackup.", s->ops->name, s->ops->name);
    return s->ops->backup(s, dest, err);
}

mc_err store_integrity(store *s, bool *ok, char *why, size_t n, mc_error *err) {
    *ok = true;
    if (n) *why = 0;
    return s->ops->integrity ? s->ops->integrity(s, ok, why, n, err) : MC_OK;
}

char *store_metrics_text(void) {
    buf b = {0}, *out = &b;
    buf_puts(out, "# HELP motcua_store_query_duration_seconds Time of one store query, from its start to the end of "
                  "its rows.\n# TYPE motcua_store_query_duration_seconds histogram\n");
    hist_write(out, "motcua_store_query_duration_seconds", NULL, &query_hist);
    buf_puts(out, "# HELP motcua_store_write_duration_seconds Time of one write transaction, from waiting for the "
                  "writer lock to its durable commit.\n# TYPE motcua_store_write_duration_seconds histogram\n");
    hist_write(out, "motcua_store_write_duration_seconds", NULL, &write_hist);
    return buf_steal(out);
}
