/* store_backend.h - what a backend of store.h provides (store.c dispatches
 * to it). Each backend's store, connection and cursor structs begin with the
 * common head below, so that a pointer to one is a pointer to the other. */
#ifndef MC_STORE_BACKEND_H
#define MC_STORE_BACKEND_H

#include "store.h"

typedef struct store_ops store_ops;

/** Receives one row of a table: n columns, their names and values as text (NULL = SQL NULL). */
typedef mc_err (*store_row_fn)(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err);

struct store {
    const store_ops *ops;
};
struct store_conn {
    const store_ops *ops;
};
struct store_rows {
    const store_ops *ops;
    uint64_t t0; /* set by store.c: when the query started (its latency histogram) */
};

/** The operations of a backend: the same contracts as in store.h. */
struct store_ops {
    const char *name; /**< "sqlite", "postgresql" */
    void (*close)(store *s);
    mc_err (*migrate)(store *s, int *applied, mc_error *err);
    int (*schema_version)(store *s);
    store_conn *(*reader)(store *s);
    void (*reader_done)(store *s); /**< closes the calling thread's reader, if it has one */
    store_conn *(*begin)(store *s, const char *tenant, mc_error *err); /**< tenant NULL: the whole database */
    mc_err (*commit)(store_conn *c, mc_error *err);
    void (*rollback)(store_conn *c);
    mc_err (*exec)(store_conn *c, store_qid q, const store_val *args, int nargs, int64_t *changes, mc_error *err);
    store_rows *(*query)(store_conn *c, store_qid q, const store_val *args, int nargs, mc_error *err);
    int (*next)(store_rows *r, mc_error *err);
    int64_t (*col_int)(store_rows *r, int col);
    const char *(*col_text)(store_rows *r, int col);
    bool (*col_null)(store_rows *r, int col);
    void (*rows_free)(store_rows *r);
    uint64_t (*serial_of)(const store_conn *c);
    bool (*job_leader)(store *s); /**< NULL: always */
    /* Whole tables, for store_copy (store_copy.c; NULL where a backend is not a source or a target) and
     * store_load (load and load_end: every backend). */
    mc_err (*dump)(store *s, const char *table, store_row_fn fn, void *ctx, mc_error *err);
    mc_err (*load)(store_conn *c, const char *table, int n, const char *const *names, const char *const *values,
                   mc_error *err);
    mc_err (*load_end)(store_conn *c, mc_error *err); /**< after the last row of a table */
    mc_err (*clear)(store_conn *c, const char *table, mc_error *err);
    mc_err (*fix_ids)(store_conn *c, const char *table, mc_error *err);
    mc_err (*count)(store_conn *c, const char *table, int64_t *n, mc_error *err);
    mc_err (*sql)(store_conn *c, const char *sql, int n, const char *const *vals, store_row_fn fn, void *ctx,
                  int64_t *changes, mc_error *err); /**< store_sql */
    /* Operations (store_backup, store_integrity); NULL where a backend has none. */
    mc_err (*backup)(store *s, const char *dest, mc_error *err);
    mc_err (*integrity)(store *s, bool *ok, char *why, size_t n, mc_error *err);
};

/** Connects to the PostgreSQL database at a postgresql:// URI (store_pg.c). */
mc_err store_pg_open(const char *uri, const store_options *opt, store **out, mc_error *err);
/** Opens the SQLite database at path (store_sqlite.c). */
mc_err store_sqlite_open(const char *path, const store_options *opt, store **out, mc_error *err);

#endif
