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

#include "log.h"
#include "store.h"
#include "store_migrations.h"
#include "timeutil.h"
#include "xalloc.h"

/* WAL pages between automatic checkpoints (SQLite's default is 1000). An
 * intake dirties about 14 pages, mostly the same index leaves again and again;
 * a checkpoint copies each page once, so checkpointing ten times less often
 * copies far fewer pages in all and holds the writer lock far less often.
 * The WAL then peaks near 40 MB. */
#define MC_WAL_CHECKPOINT_PAGES "10000"

static const char *const query_sql[Q__COUNT] = {
#define Q(name, sql) [name] = sql,
#include "store_queries.def"
#undef Q
};

struct store_conn {
    store *owner;
    sqlite3 *db;
    sqlite3_stmt *stmts[Q__COUNT];
    bool writer;
    struct store_conn *next; /* all connections, for closing */
};

struct store_rows {
    store_conn *conn;
    sqlite3_stmt *st;
};

struct store {
    char *path;
    store_options opt;
    uint64_t serial;
    store_conn *writer;
    pthread_mutex_t write_lock;
    /* group commit */
    pthread_mutex_t sync_lock;
    pthread_cond_t sync_cond;
    uint64_t committed, synced; /* commit sequence numbers */
    bool syncing;
    int wal_fd;
    pthread_mutex_t list_lock;
    store_conn *readers;
};

static _Atomic uint64_t store_serials = 1;
static __thread struct {
    uint64_t serial;
    store_conn *conn;
} tls_reader;

store_options store_options_default(void) {
    return (store_options){.busy_timeout_ms = 5000, .sync_full = true, .migrate = true};
}

uint64_t store_serial_of(const store_conn *c) {
    return c->owner->serial;
}

const char *store_backend(const store *s) {
    (void)s;
    return "sqlite";
}

/* Maps a SQLite result code to our vocabulary, with the message for logs. */
static mc_err sq_fail(sqlite3 *db, int rc, mc_error *err) {
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int prim = rc & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return mc_fail(err, MC_ERR_BUSY, NULL, NULL, msg);
    if (prim == SQLITE_CONSTRAINT) {
        log_debug("sqlite constraint: %s", msg);
        return mc_failf(err, MC_ERR_CONFLICT, NULL, "Dữ liệu trùng lặp hoặc vi phạm ràng buộc.",
                        "Constraint violation: %s", msg);
    }
    log_error("sqlite error %d: %s", rc, msg);
    return mc_failf(err, MC_ERR_STORE, NULL, NULL, "SQLite error: %s", msg);
}

static mc_err conn_open(store *s, bool writer, store_conn **out, mc_error *err) {
    store_conn *c = xcalloc(1, sizeof *c);
    c->owner = s;
    c->writer = writer;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(s->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        mc_failf(err, MC_ERR_STORE, NULL, "Không mở được cơ sở dữ liệu %s.",
                 "Cannot open database %s: %s", s->path, c->db ? sqlite3_errmsg(c->db) : "");
        sqlite3_close(c->db);
        free(c);
        return MC_ERR_STORE;
    }
    sqlite3_busy_timeout(c->db, s->opt.busy_timeout_ms);
    char pragmas[256];
    /* NORMAL on the writer in every case: durability comes from the group
     * commit's explicit WAL sync (see store_commit). */
    snprintf(pragmas, sizeof pragmas, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;%s",
             writer ? " PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = " MC_WAL_CHECKPOINT_PAGES ";" : "");
    char *emsg = NULL;
    rc = sqlite3_exec(c->db, pragmas, NULL, NULL, &emsg);
    if (rc != SQLITE_OK) {
        mc_failf(err, MC_ERR_STORE, NULL, "Không cấu hình được cơ sở dữ liệu.",
                 "PRAGMA failed: %s", emsg ? emsg : "");
        sqlite3_free(emsg);
        sqlite3_close(c->db);
        free(c);
        return MC_ERR_STORE;
    }
    *out = c;
    return MC_OK;
}

static void conn_close(store_conn *c) {
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

mc_err store_open(const char *uri, const store_options *opt, store **out, mc_error *err) {
    pthread_once(&sqlite_once, sqlite_global_config);
    store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(uri);
    s->opt = opt ? *opt : store_options_default();
    s->serial = atomic_fetch_add(&store_serials, 1);
    pthread_mutex_init(&s->write_lock, NULL);
    pthread_mutex_init(&s->list_lock, NULL);
    pthread_mutex_init(&s->sync_lock, NULL);
    pthread_cond_init(&s->sync_cond, NULL);
    s->wal_fd = -1;
    if (conn_open(s, true, &s->writer, err) != MC_OK) {
        store_close(s);
        return err ? err->code : MC_ERR_STORE;
    }
    if (s->opt.migrate) {
        int applied = 0;
        if (store_migrate(s, &applied, err) != MC_OK) {
            store_close(s);
            return err ? err->code : MC_ERR_STORE;
        }
    }
    *out = s;
    return MC_OK;
}

void store_close(store *s) {
    if (!s) return;
    for (store_conn *c = s->readers, *n; c; c = n) {
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

store_conn *store_reader(store *s) {
    if (tls_reader.serial == s->serial) return tls_reader.conn;
    store_conn *c = NULL;
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
    return c;
}

store_conn *store_begin(store *s, mc_error *err) {
    pthread_mutex_lock(&s->write_lock);
    int rc = sqlite3_exec(s->writer->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sq_fail(s->writer->db, rc, err);
        pthread_mutex_unlock(&s->write_lock);
        return NULL;
    }
    return s->writer;
}

/* Waits until commit number `seq` is on disk, syncing the WAL if nobody is. */
static mc_err wait_durable(store *s, uint64_t seq, mc_error *err) {
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

mc_err store_commit(store_conn *c, mc_error *err) {
    assert(c->writer);
    store *s = c->owner;
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

void store_rollback(store_conn *c) {
    assert(c->writer);
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&c->owner->write_lock);
}

/* Prepares (once per connection) and binds query q. */
static sqlite3_stmt *prepare(store_conn *c, store_qid q, const store_val *args, int nargs,
                             mc_error *err) {
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

mc_err store_exec(store_conn *c, store_qid q, const store_val *args, int nargs, int64_t *changes,
                  mc_error *err) {
    sqlite3_stmt *st = prepare(c, q, args, nargs, err);
    if (!st) return err ? err->code : MC_ERR_STORE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    mc_err r = MC_OK;
    if (rc != SQLITE_DONE) r = sq_fail(c->db, rc, err);
    else if (changes) *changes = sqlite3_changes64(c->db);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return r;
}

store_rows *store_query(store_conn *c, store_qid q, const store_val *args, int nargs,
                        mc_error *err) {
    sqlite3_stmt *st = prepare(c, q, args, nargs, err);
    if (!st) return NULL;
    store_rows *r = xmalloc(sizeof *r);
    r->conn = c;
    r->st = st;
    return r;
}

int store_next(store_rows *r, mc_error *err) {
    int rc = sqlite3_step(r->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    sq_fail(r->conn->db, rc, err);
    return -1;
}

int64_t store_int(store_rows *r, int col) {
    return sqlite3_column_int64(r->st, col);
}

const char *store_text(store_rows *r, int col) {
    return (const char *)sqlite3_column_text(r->st, col);
}

bool store_null(store_rows *r, int col) {
    return sqlite3_column_type(r->st, col) == SQLITE_NULL;
}

void store_rows_free(store_rows *r) {
    if (!r) return;
    sqlite3_reset(r->st);
    sqlite3_clear_bindings(r->st);
    free(r);
}

mc_err store_scalar_int(store_conn *c, store_qid q, const store_val *args, int nargs,
                        int64_t *out, mc_error *err) {
    store_rows *r = store_query(c, q, args, nargs, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *out = store_int(r, 0);
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    return k == 1 ? MC_OK : mc_fail(err, MC_ERR_NOT_FOUND, NULL, NULL, NULL);
}

static int schema_version_of(sqlite3 *db) {
    sqlite3_stmt *st;
    int v = 0;
    if (sqlite3_prepare_v2(db, "SELECT MAX(version) FROM schema_migrations", -1, &st, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

int store_schema_version(store *s) {
    pthread_mutex_lock(&s->write_lock);
    int v = schema_version_of(s->writer->db);
    pthread_mutex_unlock(&s->write_lock);
    return v;
}

int store_schema_latest(void) {
    int n;
    const store_migration *m = store_migrations_sqlite(&n);
    return m[n - 1].version;
}

mc_err store_migrate(store *s, int *applied, mc_error *err) {
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
        return mc_failf(err, MC_ERR_STORE, NULL,
                        "Cơ sở dữ liệu thuộc phiên bản mới hơn (%d) phần mềm này (%d).",
                        "Database schema %d is newer than this binary (%d).", have,
                        m[n - 1].version);
    }
    for (int i = 0; i < n; i++) {
        if (m[i].version <= have) continue;
        char *emsg = NULL;
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, m[i].sql, NULL, NULL, &emsg);
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
                     "Migration %d (%s) failed: %s", m[i].version, m[i].name,
                     emsg ? emsg : sqlite3_errmsg(db));
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
