/* store.h - the only persistence interface of motcua.
 *
 * Callers never write SQL: every statement is a named query (store_queries.def)
 * written once in portable SQL, prepared once per connection, and bound only
 * with store_val parameters. A backend (SQLite now, PostgreSQL next) lives
 * behind this header.
 *
 * Concurrency: one reader connection per thread; write transactions are
 * store_begin() (or store_begin_tenant()) ... store_commit()/store_rollback();
 * readers see only committed data. SQLite has one writer connection and a
 * mutex; PostgreSQL a few writer connections, and locks on the server that
 * let transactions of different tenants run at once. */
#ifndef MC_STORE_H
#define MC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_rows store_rows;

/** The named queries. */
typedef enum {
#define Q(name, sql) name,
#include "store_queries.def"
#undef Q
    Q__COUNT
} store_qid;

/** A bound parameter. Text is borrowed for the duration of the call. */
typedef struct {
    enum { SV_NULL, SV_INT, SV_TEXT } type;
    int64_t i;
    const char *s;
} store_val;

#define SV_I(x) ((store_val){.type = SV_INT, .i = (int64_t)(x)})
/** Text parameter; NULL binds SQL NULL. */
static inline store_val sv_text(const char *s) {
    return (store_val){.type = s ? SV_TEXT : SV_NULL, .s = s};
}
#define SV_T(x) sv_text(x)
#define SV_N    ((store_val){.type = SV_NULL})
/** Builds (array, count) for store_exec/store_query from a list of SV_* values. */
#define SV_ARGS(...) (store_val[]){__VA_ARGS__}, (int)(sizeof((store_val[]){__VA_ARGS__}) / sizeof(store_val))
#define SV_NONE      NULL, 0

/** Open options. */
typedef struct {
    int busy_timeout_ms; /**< wait for locks this long (default 5000) */
    bool sync_full;      /**< durable commits (default true): store_commit returns only once the
                              commit is on disk (group commit, as safe as synchronous=FULL);
                              false: synchronous=NORMAL, a crash may lose the last commits */
    bool migrate;        /**< apply pending migrations at open (default true) */
    int migrate_upto;    /**< with migrate: only the migrations up to this number (0, the default: all);
                              rehearses an upgrade step by step (motcua migrate --to) */
} store_options;

/** Default options. */
store_options store_options_default(void);

/** Opens (creating if needed) the database at uri (a file path for SQLite).
 * On success *out is owned by the caller: store_close() it. */
mc_err store_open(const char *uri, const store_options *opt, store **out, mc_error *err);
/** Closes every connection. store_close(NULL) is a no-op. No thread may use it after. */
void store_close(store *s);

/** Applies pending numbered migrations; *applied gets how many. */
mc_err store_migrate(store *s, int *applied, mc_error *err);
/** Highest applied migration number, and the newest known to this binary. */
int store_schema_version(store *s);
/** Newest migration number known to this binary. */
int store_schema_latest(void);

/** This thread's reader connection (created on first use, owned by the store). */
store_conn *store_reader(store *s);
/** Closes this thread's reader connection, if it has one (a thread that stops before the store closes:
 *  its reader's memory, and on PostgreSQL its server process, go with it). The next store_reader on this
 *  thread opens a new one. */
void store_reader_done(store *s);
/** Takes the writer lock and begins a transaction. NULL on failure (err set).
 * Must be followed by store_commit() or store_rollback() on the same thread. */
store_conn *store_begin(store *s, mc_error *err);
/** Takes the write lock of one tenant (a province: units.tenant) and begins a
 * transaction that writes that tenant's dossiers, their rows and its journal
 * chain (and at most a daily code sequence row of a unit elsewhere, whose
 * upsert is safe under any lock). Transactions of different tenants run at once (PostgreSQL,
 * in one process and across processes); store_begin() waits for all of them
 * and they for it. With SQLite: store_begin(). */
store_conn *store_begin_tenant(store *s, const char *tenant, mc_error *err);
/** The lock domain of people's own rows (sessions, login throttling, drafts,
 *  one-time form tokens): written beside every province, not across them. */
#define STORE_PEOPLE "@people"
/** Commits and releases the writer lock. On failure the transaction is rolled back. */
mc_err store_commit(store_conn *c, mc_error *err);
/** Rolls back and releases the writer lock. */
void store_rollback(store_conn *c);

/** Runs a statement that returns no rows; *changes (may be NULL) gets rows changed. */
mc_err store_exec(store_conn *c, store_qid q, const store_val *args, int nargs, int64_t *changes, mc_error *err);
/** Runs a query. Returns a cursor to step with store_next() and free with
 * store_rows_free(), or NULL on failure (err set). At most one open cursor per
 * query id per connection. */
store_rows *store_query(store_conn *c, store_qid q, const store_val *args, int nargs, mc_error *err);
/** Advances: 1 = a row is available, 0 = done, negative = error (err set). */
int store_next(store_rows *r, mc_error *err);
/** Column accessors for the current row (0-based). Text is valid until the next store_next. */
int64_t store_int(store_rows *r, int col);
const char *store_text(store_rows *r, int col);
bool store_null(store_rows *r, int col);
/** Ends a cursor. store_rows_free(NULL) is a no-op. */
void store_rows_free(store_rows *r);

/** The first row of a record read by its id (which does not name its province), in the province the caller
 *  expects: runs q_in (the read with the tenant's condition, MC_ROUTE: one shard group on Citus) with
 *  args_in and, when q_in finds nothing or one of args_in is NULL (no tenant known), q with args (every
 *  shard: a record of another province, which the caller's scope check then judges). Returns 1 with *out
 *  on the first row, 0 with *out NULL when there is none, negative on failure (err set, *out NULL). */
int store_first_in(store_conn *c, store_qid q_in, const store_val *args_in, int nargs_in, store_qid q,
                   const store_val *args, int nargs, store_rows **out, mc_error *err);
/** Runs an INSERT ... RETURNING id and sets *id from its one row: MC_ERR_STORE when no row comes
 * back (the query's error when it fails). */
mc_err store_insert_id(store_conn *w, store_qid q, const store_val *args, int nargs, int64_t *id, mc_error *err);
/** Adds one row to table in write transaction w, for a bulk rebuild: values[i] is the text of column names[i]
 *  (NULL: SQL NULL). The rows of one table go together and end with store_load_end; no other statement may
 *  run on w in between (PostgreSQL: one COPY, then ANALYZE of the table; SQLite: one prepared INSERT). */
mc_err store_load(store_conn *w, const char *table, int n, const char *const *names, const char *const *values,
                  mc_error *err);
/** Ends the rows of store_load (a no-op when none are pending). */
mc_err store_load_end(store_conn *w, mc_error *err);
/** Ends write transaction w: commits it when e is MC_OK (returning the commit's outcome), otherwise
 * rolls it back and returns e. */
mc_err store_finish(store_conn *w, mc_err e, mc_error *err);

/** Convenience: runs q and reads column 0 of the first row as an integer.
 * Returns MC_ERR_NOT_FOUND when there is no row. */
mc_err store_scalar_int(store_conn *c, store_qid q, const store_val *args, int nargs, int64_t *out, mc_error *err);

/** A number that identifies the store a connection belongs to, unique in the
 * process (for caches of data that never changes once written). */
uint64_t store_serial_of(const store_conn *c);
/** Whether this process runs the periodic jobs (deadline marks, purges, the
 *  file sweep). With several processes on one PostgreSQL database only one
 *  does, the one holding a lock on the server; when it stops, another takes
 *  over at its next call. With SQLite: always. */
bool store_job_leader(store *s);
/** Copies every table of src into dst, which must hold no dossier yet (its
 *  own seed rows are replaced), in one transaction on dst, tables in the
 *  order of their dependencies and rows in the order of their keys; then
 *  compares the row count of every table. *rows gets the rows copied.
 *  Only SQLite → PostgreSQL for now. */
mc_err store_copy(store *src, store *dst, int64_t *rows, mc_error *err);
/** Runs one statement that is not a named query, with `?` placeholders bound to text values (NULL: SQL NULL),
 *  calling fn(ctx, columns, names, values) for each row it gives (fn may be NULL), *changes (may be NULL) the rows
 *  it changed. Only for the generic copies of whole rows of a commune node's exchange (node_image.c), whose
 *  table and column names come from the schema, never from input; everything else uses the named queries. */
mc_err store_sql(store_conn *c, const char *sql, int n, const char *const *vals,
                 mc_err (*fn)(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err),
                 void *ctx, int64_t *changes, mc_error *err);
/** A number that changes at each write transaction the calling thread begins: what is written under the same
 *  number was written in the same transaction (a commune node's queue groups its entries by it). */
uint64_t store_txn_no(void);
/** The text of meta key `key` into out (n bytes; "" when absent or longer). */
mc_err store_meta_text(store_conn *c, const char *key, char *out, size_t n, mc_error *err);
/** Sets meta key `key` inside write transaction w. */
mc_err store_meta_put(store_conn *w, const char *key, const char *value, mc_error *err);
/** Deletes every row of a table inside write transaction w. */
mc_err store_clear(store_conn *w, const char *table, mc_error *err);
/** Calls fn(ctx, columns, names, values) for every row of a small table, in order (SQLite: rowid; PostgreSQL:
 *  the first column), values as text (NULL for NULL), on the reader. For the reference data a commune node
 *  copies (node_reference.h). */
mc_err store_dump(store *s, const char *table,
                  mc_err (*fn)(void *ctx, int n, const char *const *names, const char *const *values, mc_error *err),
                  void *ctx, mc_error *err);
/** Backend name, "sqlite" or "postgresql". */
const char *store_backend(const store *s);

/* Operations: backups, checks and latency figures (issue 18). */

/** Writes a consistent copy of the whole database as of one instant into the new file dest (SQLite:
 *  VACUUM INTO on a read-only connection of its own: a read transaction, so writers go on meanwhile);
 *  the copy is synced to disk. MC_ERR_CONFLICT when dest exists; MC_ERR_INVALID for a backend that has
 *  no file copy (PostgreSQL: pg_dump or pg_basebackup, docs/OPERATIONS.md). */
mc_err store_backup(store *s, const char *dest, mc_error *err);
/** Checks the database's own structure (SQLite: PRAGMA integrity_check). *ok false with the first
 *  problem in why (n bytes); PostgreSQL: always ok (the server checks its pages itself). */
mc_err store_integrity(store *s, bool *ok, char *why, size_t n, mc_error *err);
/** The store's latency histograms in the Prometheus text format (malloc'd: the caller frees): every query
 *  (store_exec, and store_query to its store_rows_free) and every write transaction (store_begin, including
 *  the wait for the writer lock, to the durable end of store_commit or store_rollback). Process-wide;
 *  counted lock-free. */
char *store_metrics_text(void);

#endif
