/* store_sqlite.c - the SQLite backend of store.h.
 *
 * WAL journal, foreign keys on, busy timeout. One writer connection behind a
 * mutex; one reader connection per thread, found through a thread-local slot
 * tagged with the store's serial number.
 *
 * Durability (sync_full, the default) is a group commit: the writer commits
 * with synchronous=NORMAL, releases the writer lock, then waits until the WAL
 * file has been fdatasync'ed past its commit. One thread syncs for everyone
 * who committed meanwhile. A commit therefore returns only once it is on
 * disk, exactly as with synchronous=FULL, but concurrent commits share one
 * sync instead of paying one each. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "store_backend.h"
#include "store_migrations.h"
#include "timeutil.h"
#include "xalloc.h"

/* WAL pages between automatic checkpoints (SQLite's default is 1000). An
 * intake dirties about 14 pages, mostly the same index leaves again and again;
 * a checkpoint copies each page once, so checkpointing ten times less often
 * copies far fewer pages in all and holds the writer lock far less often.
 * The WAL then peaks near 40 MB. */
#define MC_WAL_CHECKPOINT_PAGES "10000"

/* The tenant key narrows nothing on one database: the unary plus keeps it out of SQLite's choice of index
 * (store_queries.def). */
#undef MC_ROUTE
#define MC_ROUTE(col) "+" col " = ? "
static const char *const query_sql[Q__COUNT] = {
#define Q(name, sql) [name] = sql,
#include "store_queries.def"
#undef Q
};

typedef struct sq_store sq_store;

typedef struct sq_conn {
    struct store_conn base; /* first: a store_conn * is a sq_conn * */
    sq_store *owner;
    sqlite3 *db;
    sqlite3_stmt *stmts[Q__COUNT];
    bool writer;
    sqlite3_stmt *load; /* store_load's INSERT in progress, into the table loading */
    char *loading;
    struct sq_conn *next; /* all connections, for closing */
} sq_conn;

typedef struct {
    struct store_rows base;
    sq_conn *conn;
    sqlite3_stmt *st;
} sq_rows;

struct sq_store {
    struct store base;
    char *path;
    store_options opt;
    uint64_t serial;
    sq_conn *writer;
    pthread_mutex_t write_lock;
    /* group commit */
    pthread_mutex_t sync_lock;
    pthread_cond_t sync_cond;
    uint64_t committed, synced; /* commit sequence numbers */
    bool syncing;
    int wal_fd;
    pthread_mutex_t list_lock;
    sq_conn *readers;
};

static const store_ops sqlite_ops;

static _Atomic uint64_t store_serials = 1;
static __thread struct {
    uint64_t serial;
    sq_conn *conn;
} tls_reader;

static uint64_t sq_serial_of(const store_conn *c) {
    return ((const sq_conn *)c)->owner->serial;
}

/* Maps a SQLite result code to our vocabulary, with the message for logs. */
static mc_err sq_fail(sqlite3 *db, int rc, mc_error *err) {
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int prim = rc & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED) return mc_fail(err, MC_ERR_BUSY, NULL, NULL, msg);
    if (prim == SQLITE_CONSTRAINT) {
        log_debug("sqlite constraint: %s", msg);
        return mc_failf(err, MC_ERR_CONFLICT, NULL, "Dữ liệu trùng lặp hoặc vi phạm ràng buộc.",
                        "Constraint violation: %s", msg);
    }
    log_error("sqlite error %d: %s", rc, msg);
    return mc_failf(err, MC_ERR_STORE, NULL, NULL, "SQLite error: %s", msg);
}

static mc_err conn_open(sq_store *s, bool writer, sq_conn **out, mc_error *err) {
    sq_conn *c = xcalloc(1, sizeof *c);
    c->base.ops = &sqlite_ops;
    c->owner = s;
    c->writer = writer;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(s->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        mc_failf(err, MC_ERR_STORE, NULL, "Không mở được cơ sở dữ liệu %s.", "Cannot open database %s: %s", s->path,
                 c->db ? sqlite3_errmsg(c->db) : "");
        sqlite3_close(c->db);
        free(c);
        return MC_ERR_STORE;
    }
    sqlite3_busy_timeout(c->db, s->opt.busy_timeout_ms);
    /* Plans that do not depend on bound values: without this SQLite 3.40 prepares a statement again on
     * every run where a bound value is a LIKE pattern (the catalog search: a third of its cost). No query
     * here relies on a bound value for its plan (no STAT4; no index a LIKE prefix could use). */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
    char pragmas[256];
    /* NORMAL on the writer in every case: durability comes from the group
     * commit's explicit WAL sync (see store_commit). Readers sort in memory; the writer's temporary
     * tables and sorts go to a file beyond SQLite's cache, so that a rebuild of the monthly sums (a
     * GROUP BY of a row per dossier) does not hold them all in memory (1 GB at 10M dossiers). */
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = %s;%s",
             writer ? "FILE" : "MEMORY",
             writer ? " PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = " MC_WAL_CHECKPOINT_PAGES ";" : "");
    char *emsg = NULL;
    rc = sqlite3_exec(c->db, pragmas, NULL, NULL, &emsg);
    if (rc != SQLITE_OK) {
        mc_failf(err, MC_ERR_STORE, NULL, "Không cấu hình được cơ sở dữ liệu.", "PRAGMA failed: %s", emsg ? emsg : "");
        sqlite3_free(emsg);
        sqlite3_close(c->db);
        free(c);
        return MC_ERR_STORE;
    }
    *out = c;
    return MC_OK;
}

static void conn_close(sq_conn *c) {
    for (int i = 0; i < Q__COUNT; i++) sqlite3_finalize(c->stmts[i]);
    sqlite3_close(c->db);
    free(c);
}

/* Process-wide SQLite settings, applied once before the first connection:
 * without memory statistics SQLite takes no global mutex per allocation,
 * which otherwise serialises the reader threads. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_global_config(void) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void sq_close(store *st);
static mc_err sq_migrate(store *st, int *applied, mc_error *err);

mc_err store_sqlite_open(const char *uri, const store_options *opt, store **out, mc_error *err) {
    pthread_once(&sqlite_once, sqlite_global_config);
    sq_store *s = xcalloc(1, sizeof *s);
    s->base.ops = &sqlite_ops;
    s->path = xstrdup(uri);
    s->opt = opt ? *opt : store_options_default();
    s->serial = atomic_fetch_add(&store_serials, 1);
    pthread_mutex_init(&s->write_lock, NULL);
    pthread_mutex_init(&s->list_lock, NULL);
    pthread_mutex_init(&s->sync_lock, NULL);
    pthread_cond_init(&s->sync_cond, NULL);
    s->wal_fd = -1;
    if (conn_open(s, true, &s->writer, err) != MC_OK) {
        sq_close(&s->base);
        return err ? err->code : MC_ERR_STORE;
    }
    if (s->opt.migrate) {
        int applied = 0;
        if (sq_migrate(&s->base, &applied, err) != MC_OK) {
            sq_close(&s->base);
            return err ? err->code : MC_ERR_STORE;
        }
    }
    *out = &s->base;
    return MC_OK;
}

static void sq_close(store *st) {
    sq_store *s = (sq_store *)st;
    for (sq_conn *c = s->readers, *n; c; c = n) {
        n = c->next;
        conn_close(c);
    }
    if (s->writer) conn_close(s->writer);
    if (s->wal_fd >= 0) close(s->wal_fd);
    pthread_mutex_destroy(&s->write_lock);
    pthread_mutex_destroy(&s->list_lock);
    pthread_mutex_destroy(&s->sync_lock);
    pthread_cond_destroy(&s->sync_cond);
    free(s->path);
    free(s);
}

static store_conn *sq_reader(store *st) {
    sq_store *s = (sq_store *)st;
    if (tls_reader.serial == s->serial) return &tls_reader.conn->base;
    sq_conn *c = NULL;
    mc_error err;
    if (conn_open(s, false, &c, &err) != MC_OK) {
        log_error("reader connection: %s", err.message_en);
        abort(); /* the writer opened the same file a moment ago */
    }
    pthread_mutex_lock(&s->list_lock);
    c->next = s->readers;
    s->readers = c;
    pthread_mutex_unlock(&s->list_lock);
    tls_reader.serial = s->serial;
    tls_reader.conn = c;
    return &c->base;
}

static void sq_reader_done(store *st) {
    sq_store *s = (sq_store *)st;
    if (tls_reader.serial != s->serial) return;
    sq_conn *c = tls_reader.conn, **pp;
    pthread_mutex_lock(&s->list_lock);
    for (pp = &s->readers; *pp && *pp != c; pp = &(*pp)->next) {
    }
    if (*pp) *pp = c->next;
    pthread_mutex_unlock(&s->list_lock);
    tls_reader.serial = 0;
    tls_reader.conn = NULL;
    conn_close(c);
}

/* One writer: a tenant's transaction is a whole-database one here. */
static store_conn *sq_begin(store *st, const char *tenant, mc_error *err) {
    (void)tenant;
    sq_store *s = (sq_store *)st;
    pthread_mutex_lock(&s->write_lock);
    int rc = sqlite3_exec(s->writer->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sq_fail(s->writer->db, rc, err);
        pthread_mutex_unlock(&s->write_lock);
        return NULL;
    }
    return &s->writer->base;
}

/* Waits until commit number `seq` is on disk, syncing the WAL if nobody is. */
static mc_err wait_durable(sq_store *s, uint64_t seq, mc_error *err) {
    mc_err r = MC_OK;
    pthread_mutex_lock(&s->sync_lock);
    while (s->synced < seq && r == MC_OK) {
        if (s->syncing) {
            pthread_cond_wait(&s->sync_cond, &s->sync_lock);
            continue;
        }
        s->syncing = true;
        uint64_t target = s->committed;
        if (s->wal_fd < 0) {
            char wal[4096];
            snprintf(wal, sizeof wal, "%s-wal", s->path);
            s->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
        }
        int fd = s->wal_fd;
        pthread_mutex_unlock(&s->sync_lock);
        int rc = fd >= 0 ? fdatasync(fd) : -1;
        int saved = errno;
        pthread_mutex_lock(&s->sync_lock);
        s->syncing = false;
        if (rc == 0) {
            if (target > s->synced) s->synced = target;
        } else {
            log_error("WAL sync failed: %s", strerror(saved));
            r = mc_fail(err, MC_ERR_STORE, NULL, NULL, "Cannot sync the database journal to disk.");
        }
        pthread_cond_broadcast(&s->sync_cond);
    }
    pthread_mutex_unlock(&s->sync_lock);
    return r;
}

static mc_err sq_load_end(store_conn *cc, mc_error *err);

static mc_err sq_commit(store_conn *cc, mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    assert(c->writer);
    sq_load_end(cc, err);
    sq_store *s = c->owner;
    int rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    mc_err r = MC_OK;
    uint64_t seq = 0;
    if (rc != SQLITE_OK) {
        r = sq_fail(c->db, rc, err);
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    } else if (s->opt.sync_full) {
        pthread_mutex_lock(&s->sync_lock);
        seq = ++s->committed;
        pthread_mutex_unlock(&s->sync_lock);
    }
    pthread_mutex_unlock(&s->write_lock);
    /* The caller hears "committed" only once it is on disk. */
    if (seq) r = wait_durable(s, seq, err);
    return r;
}

static mc_err sq_load_end(store_conn *cc, mc_error *err) {
    (void)err;
    sq_conn *c = (sq_conn *)cc;
    sqlite3_finalize(c->load);
    free(c->loading);
    c->load = NULL;
    c->loading = NULL;
    return MC_OK;
}

/* The rows of one table go through one INSERT prepared at its first row. */
static mc_err sq_load(store_conn *cc, const char *table, int n, const char *const *names, const char *const *values,
                      mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    assert(c->writer && n > 0);
    if (c->loading && strcmp(c->loading, table) != 0) sq_load_end(cc, err);
    if (!c->load) {
        buf b = {0};
        buf_printf(&b, "INSERT INTO %s(", table);
        for (int i = 0; i < n; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", names[i]);
        buf_puts(&b, ") VALUES (");
        for (int i = 0; i < n; i++) buf_puts(&b, i ? ", ?" : "?");
        buf_puts(&b, ")");
        int rc = sqlite3_prepare_v2(c->db, b.data, -1, &c->load, NULL);
        buf_free(&b);
        if (rc != SQLITE_OK) return sq_fail(c->db, rc, err);
        c->loading = xstrdup(table);
    }
    sqlite3_reset(c->load);
    for (int i = 0; i < n; i++)
        values[i] ? sqlite3_bind_text(c->load, i + 1, values[i], -1, SQLITE_TRANSIENT)
                  : sqlite3_bind_null(c->load, i + 1);
    int rc = sqlite3_step(c->load);
    return rc == SQLITE_DONE ? MC_OK : sq_fail(c->db, rc, err);
}

static void sq_rollback(store_conn *cc) {
    sq_conn *c = (sq_conn *)cc;
    assert(c->writer);
    sq_load_end(cc, NULL);
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&c->owner->write_lock);
}

/* Prepares (once per connection) and binds query q. */
static sqlite3_stmt *prepare(sq_conn *c, store_qid q, const store_val *args, int nargs, mc_error *err) {
    assert(q >= 0 && q < Q__COUNT);
    sqlite3_stmt *st = c->stmts[q];
    if (!st) {
        int rc = sqlite3_prepare_v3(c->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
        if (rc != SQLITE_OK) {
            sq_fail(c->db, rc, err);
            return NULL;
        }
        c->stmts[q] = st;
    } else {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    assert(sqlite3_bind_parameter_count(st) == nargs);
    for (int i = 0; i < nargs; i++) {
        int rc;
        switch (args[i].type) {
        case SV_INT: rc = sqlite3_bind_int64(st, i + 1, args[i].i); break;
        case SV_TEXT: rc = sqlite3_bind_text(st, i + 1, args[i].s, -1, SQLITE_STATIC); break;
        default: rc = sqlite3_bind_null(st, i + 1); break;
        }
        if (rc != SQLITE_OK) {
            sq_fail(c->db, rc, err);
            return NULL;
        }
    }
    return st;
}

static mc_err sq_exec(store_conn *cc, store_qid q, const store_val *args, int nargs, int64_t *changes, mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    sqlite3_stmt *st = prepare(c, q, args, nargs, err);
    if (!st) return err ? err->code : MC_ERR_STORE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    mc_err r = MC_OK;
    if (rc != SQLITE_DONE)
        r = sq_fail(c->db, rc, err);
    else if (changes)
        *changes = sqlite3_changes64(c->db);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return r;
}

static store_rows *sq_query(store_conn *cc, store_qid q, const store_val *args, int nargs, mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    sqlite3_stmt *st = prepare(c, q, args, nargs, err);
    if (!st) return NULL;
    sq_rows *r = xcalloc(1, sizeof *r);
    r->base.ops = &sqlite_ops;
    r->conn = c;
    r->st = st;
    return &r->base;
}

static int sq_next(store_rows *rr, mc_error *err) {
    sq_rows *r = (sq_rows *)rr;
    int rc = sqlite3_step(r->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    sq_fail(r->conn->db, rc, err);
    return -1;
}

static int64_t sq_int(store_rows *r, int col) {
    return sqlite3_column_int64(((sq_rows *)r)->st, col);
}

static const char *sq_text(store_rows *r, int col) {
    return (const char *)sqlite3_column_text(((sq_rows *)r)->st, col);
}

static bool sq_null(store_rows *r, int col) {
    return sqlite3_column_type(((sq_rows *)r)->st, col) == SQLITE_NULL;
}

static void sq_rows_free(store_rows *rr) {
    sq_rows *r = (sq_rows *)rr;
    sqlite3_reset(r->st);
    sqlite3_clear_bindings(r->st);
    free(r);
}

static int schema_version_of(sqlite3 *db) {
    sqlite3_stmt *st;
    int v = 0;
    if (sqlite3_prepare_v2(db, "SELECT MAX(version) FROM schema_migrations", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static int sq_schema_version(store *st) {
    sq_store *s = (sq_store *)st;
    pthread_mutex_lock(&s->write_lock);
    int v = schema_version_of(s->writer->db);
    pthread_mutex_unlock(&s->write_lock);
    return v;
}

static mc_err sq_migrate(store *st, int *applied, mc_error *err) {
    sq_store *s = (sq_store *)st;
    int n;
    const store_migration *m = store_migrations_sqlite(&n);
    sqlite3 *db = s->writer->db;
    *applied = 0;
    pthread_mutex_lock(&s->write_lock);
    int rc = sqlite3_exec(db,
                          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
                          "KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sq_fail(db, rc, err);
        pthread_mutex_unlock(&s->write_lock);
        return MC_ERR_STORE;
    }
    int have = schema_version_of(db);
    if (have > m[n - 1].version) {
        pthread_mutex_unlock(&s->write_lock);
        return mc_failf(err, MC_ERR_STORE, NULL, "Cơ sở dữ liệu thuộc phiên bản mới hơn (%d) phần mềm này (%d).",
                        "Database schema %d is newer than this binary (%d).", have, m[n - 1].version);
    }
    for (int i = 0; i < n; i++) {
        if (m[i].version <= have) continue;
        if (s->opt.migrate_upto > 0 && m[i].version > s->opt.migrate_upto) break;
        char *emsg = NULL;
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, m[i].sql, NULL, NULL, &emsg);
        if (rc == SQLITE_OK && m[i].sqlite) rc = sqlite3_exec(db, m[i].sqlite, NULL, NULL, &emsg);
        if (rc == SQLITE_OK) {
            char ins[160];
            snprintf(ins, sizeof ins,
                     "INSERT INTO schema_migrations(version, name, applied_at) VALUES (%d, '%s', "
                     "%lld)",
                     m[i].version, m[i].name, (long long)time_now());
            rc = sqlite3_exec(db, ins, NULL, NULL, &emsg);
        }
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &emsg);
        if (rc != SQLITE_OK) {
            mc_failf(err, MC_ERR_STORE, NULL, "Nâng cấp cơ sở dữ liệu thất bại (bước %d).",
                     "Migration %d (%s) failed: %s", m[i].version, m[i].name, emsg ? emsg : sqlite3_errmsg(db));
            sqlite3_free(emsg);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            pthread_mutex_unlock(&s->write_lock);
            return MC_ERR_STORE;
        }
        (*applied)++;
        log_info("migration %d (%s) applied", m[i].version, m[i].name);
    }
    pthread_mutex_unlock(&s->write_lock);
    return MC_OK;
}

/* Every row of a table (a name from store_copy's fixed list), in key order, as text. */
static mc_err sq_dump(store *st, const char *table, store_row_fn fn, void *ctx, mc_error *err) {
    sq_conn *c = (sq_conn *)sq_reader(st);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", table);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(c->db, rc, err);
    int n = sqlite3_column_count(q);
    const char **names = xcalloc((size_t)n + 1, sizeof *names), **vals = xcalloc((size_t)n + 1, sizeof *vals);
    for (int i = 0; i < n; i++) names[i] = sqlite3_column_name(q, i);
    mc_err e = MC_OK;
    while (!e && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) vals[i] = (const char *)sqlite3_column_text(q, i);
        e = fn(ctx, n, names, vals, err);
    }
    if (!e && rc != SQLITE_DONE) e = sq_fail(c->db, rc, err);
    sqlite3_finalize(q);
    free(names);
    free(vals);
    return e;
}

static mc_err sq_sql(store_conn *cc, const char *sql, int n, const char *const *vals, store_row_fn fn, void *ctx,
                     int64_t *changes, mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(c->db, rc, err);
    for (int i = 0; i < n && rc == SQLITE_OK; i++)
        rc = vals[i] ? sqlite3_bind_text(q, i + 1, vals[i], -1, SQLITE_STATIC) : sqlite3_bind_null(q, i + 1);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(q);
        return sq_fail(c->db, rc, err);
    }
    int nc = sqlite3_column_count(q);
    const char **names = xcalloc((size_t)nc + 1, sizeof *names), **row = xcalloc((size_t)nc + 1, sizeof *row);
    for (int i = 0; i < nc; i++) names[i] = sqlite3_column_name(q, i);
    mc_err e = MC_OK;
    while (!e && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        for (int i = 0; i < nc; i++) row[i] = (const char *)sqlite3_column_text(q, i);
        if (fn) e = fn(ctx, nc, names, row, err);
    }
    if (!e && rc != SQLITE_DONE) e = sq_fail(c->db, rc, err);
    if (!e && changes) *changes = sqlite3_changes64(c->db);
    sqlite3_finalize(q);
    free(names);
    free(row);
    return e;
}

static mc_err sq_clear(store_conn *cc, const char *table, mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM %s", table);
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? MC_OK : sq_fail(c->db, rc, err);
}

static mc_err sq_count(store_conn *cc, const char *table, int64_t *out, mc_error *err) {
    sq_conn *c = (sq_conn *)cc;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(c->db, rc, err);
    rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? MC_OK : sq_fail(c->db, rc, err);
}

/* A consistent copy through a read-only connection of its own: VACUUM INTO runs in one read
 * transaction (a snapshot of the WAL), so the writer is never waited for, nor does it wait. Written to
 * dest, then synced. */
static mc_err sq_backup(store *st, const char *dest, mc_error *err) {
    sq_store *s = (sq_store *)st;
    if (access(dest, F_OK) == 0)
        return mc_failf(err, MC_ERR_CONFLICT, NULL, "Tệp %s đã có; không ghi đè.", "%s exists; not overwritten.", dest,
                        dest);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_stmt *q = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, s->opt.busy_timeout_ms);
        rc = sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &q, NULL);
    }
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 1, dest, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(q);
    mc_err e = MC_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_OK) {
        e = mc_failf(err, MC_ERR_STORE, NULL, "Không chép được cơ sở dữ liệu sang %s.",
                     "Cannot copy the database to %s: %s", dest, dest, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        unlink(dest);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (e) return e;
    int fd = open(dest, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int saved = errno;
        if (fd >= 0) close(fd);
        unlink(dest);
        return mc_failf(err, MC_ERR_STORE, NULL, "Không ghi được bản sao %s xuống đĩa.", "Cannot sync %s: %s", dest,
                        dest, strerror(saved));
    }
    close(fd);
    return MC_OK;
}

/* PRAGMA integrity_check on this thread's reader: "ok", or the first problem. */
static mc_err sq_integrity(store *st, bool *ok, char *why, size_t n, mc_error *err) {
    sq_conn *c = (sq_conn *)sq_reader(st);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(c->db, "PRAGMA integrity_check(1)", -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(c->db, rc, err);
    rc = sqlite3_step(q);
    mc_err e = MC_OK;
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        *ok = t && strcmp(t, "ok") == 0;
        if (!*ok && n) snprintf(why, n, "%s", t ? t : "?");
    } else {
        e = sq_fail(c->db, rc, err);
    }
    sqlite3_finalize(q);
    return e;
}

static const store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .migrate = sq_migrate,
    .schema_version = sq_schema_version,
    .reader = sq_reader,
    .reader_done = sq_reader_done,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .exec = sq_exec,
    .query = sq_query,
    .next = sq_next,
    .col_int = sq_int,
    .col_text = sq_text,
    .col_null = sq_null,
    .rows_free = sq_rows_free,
    .serial_of = sq_serial_of,
    .dump = sq_dump,
    .load = sq_load,
    .load_end = sq_load_end,
    .clear = sq_clear,
    .sql = sq_sql,
    .count = sq_count,
    .backup = sq_backup,
    .integrity = sq_integrity,
};
