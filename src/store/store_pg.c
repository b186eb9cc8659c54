/* store_pg.c - the PostgreSQL backend of store.h (libpq).
 *
 * A few writer connections (taken and given back per transaction) and one
 * reader connection per thread. Who may write at once is decided on the
 * server, by advisory locks, so that it holds across processes too: a
 * whole-database transaction takes lock W exclusively; a tenant's takes W
 * shared and the tenant's own lock exclusively (store_begin_tenant). Every named query is prepared once per connection,
 * its '?' placeholders turned into $1, $2…; values travel as text and PostgreSQL converts them to the types it
 * inferred. The migrations are SQLite's with the two things that differ rewritten (identity keys, the journal's
 * append-only triggers), so both stores have the same numbered schema. */
#include <assert.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "store_backend.h"
#include "store_citus.h"
#include "store_split.h"
#include "store_migrations.h"
#include "timeutil.h"
#include "xalloc.h"

static const char *const query_sql[Q__COUNT] = {
#define Q(name, sql) [name] = sql,
#include "store_queries.def"
#undef Q
};

typedef struct pg_store pg_store;

/* Advisory lock keys (numbers no other program on the database uses), as text for the SQL. */
#define LOCK_WRITE   "7263200" /* W: exclusive for the whole database, shared under a tenant's lock */
#define LOCK_MIGRATE "7263201" /* one process migrates at a time */
#define LOCK_TENANT  "7263202" /* (LOCK_TENANT, hashtext(tenant)): one writer per tenant */
#define LOCK_JOBS    "7263300" /* held by the process that runs the periodic jobs */
/* Writer connections per process: transactions of different tenants run at once up to this. */
#define PG_WRITERS 8
/* Transactions of one tenant holding a writer connection at once in a process: one at work and one
 * ready (begun, waiting for the tenant's lock on the server), so that the hand-over costs no round
 * trip; more would only take connections from the other tenants. */
#define PG_TURN_DEPTH 2

typedef struct pg_conn {
    struct store_conn base; /* first: a store_conn * is a pg_conn * */
    pg_store *owner;
    PGconn *db;
    bool prepared[Q__COUNT];
    bool writer;
    bool route;    /* the database has Citus: the tenant conditions of MC_ROUTE are kept (numbered) */
    int turn;      /* the tenant turn this writer's transaction holds (index in turns), or -1 */
    char *copying; /* the table of the COPY in progress (store_copy), or NULL */
    struct pg_conn *next;
} pg_conn;

typedef struct {
    struct store_rows base;
    PGresult *res;
    int row, nrows;
} pg_rows;

struct pg_store {
    struct store base;
    char *uri;
    store_options opt;
    uint64_t serial;
    pg_conn *idle[PG_WRITERS]; /* writer connections not in a transaction */
    int nidle, nwriters;       /* idle ones; all open ones */
    pthread_cond_t writer_free;
    /* In-process turns of the tenants: a tenant's transaction waits for its turn here before it takes
     * a writer connection, so that one busy province cannot hold every connection while they wait for
     * its lock on the server. A slot is reused by another tenant once free. */
    struct {
        char *tenant;
        int busy; /* transactions holding a turn: at most PG_TURN_DEPTH */
    } * turns;
    int nturns;
    pthread_cond_t turn_free;
    pg_conn *jobs; /* holds the jobs lock while this process is the leader */
    bool leader;
    pthread_mutex_t jobs_lock; /* the serve loop and health checks both ask */
    pthread_mutex_t write_lock, list_lock;
    pg_conn *readers;
};

static const store_ops pg_ops;
static _Atomic uint64_t pg_serials = 1u << 30; /* apart from SQLite's serials */
static __thread struct {
    uint64_t serial;
    pg_conn *conn;
} tls_reader;

/* Maps a failed result to our vocabulary by its SQLSTATE. */
static mc_err pg_fail(PGconn *db, const PGresult *res, mc_error *err) {
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db);
    if (state && !strncmp(state, "23", 2)) {
        log_debug("postgresql constraint: %s", msg);
        return mc_failf(err, MC_ERR_CONFLICT, NULL, "Dữ liệu trùng lặp hoặc vi phạm ràng buộc.",
                        "Constraint violation: %s", msg);
    }
    if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
        return mc_fail(err, MC_ERR_BUSY, NULL, NULL, msg);
    log_error("postgresql error %s: %s", state ? state : "?", msg);
    return mc_failf(err, MC_ERR_STORE, NULL, NULL, "PostgreSQL error: %s", msg);
}

/* "… = ? AND … LIKE ?" → "… = $1 AND … LIKE $2" (outside quoted strings). */
static char *numbered(const char *sql, bool route) {
    static const char mark[] = "/*route*/ ";
    buf b = {0};
    int n = 0;
    bool quoted = false;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'') quoted = !quoted;
        if (!quoted && !route && !strncmp(p, mark, sizeof mark - 1)) {
            /* the route mark and "col = ?" after it, without Citus: the parameter kept, the column left out
             * (MC_ROUTE in store_queries.def) */
            const char *q = p + sizeof mark - 1;
            while (*q == '_' || *q == '.' || (*q >= 'a' && *q <= 'z')) q++;
            if (!strncmp(q, " = ?", 4)) {
                buf_printf(&b, "$%d::text IS NOT NULL", ++n);
                p = q + 3;
                continue;
            }
        }
        if (*p == '?' && !quoted)
            buf_printf(&b, "$%d", ++n);
        else
            buf_putc(&b, *p);
    }
    return buf_steal(&b);
}

static mc_err conn_open(pg_store *s, bool writer, pg_conn **out, mc_error *err) {
    PGconn *db = PQconnectdb(s->uri);
    if (PQstatus(db) != CONNECTION_OK) {
        mc_failf(err, MC_ERR_STORE, "db", "Không kết nối được PostgreSQL.", "Cannot connect to PostgreSQL: %s",
                 PQerrorMessage(db));
        PQfinish(db);
        return MC_ERR_STORE;
    }
    /* On a Citus cluster a transaction may not write a reference table (meta, counters) after a statement
     * that ran on several shards at once, nor run some commands (ANALYZE after a COPY) once the coordinator
     * has read its own copy of a reference table directly: one connection per node, and no such local
     * shortcut, keep every transaction of motcua possible. Readers only read: they keep the shortcut, so
     * that a read of a reference table (units, users, sessions' roles) is answered by the coordinator's
     * own copy without a round trip to a worker. Plain PostgreSQL keeps the settings as custom variables
     * of no extension and ignores them. */
    PGresult *r = PQexec(db, writer ? "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
                                      "SET citus.multi_shard_modify_mode = 'sequential'; "
                                      "SET citus.enable_local_execution = off"
                                    : "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
                                      "SET citus.multi_shard_modify_mode = 'sequential'");
    PQclear(r);
    r = PQexec(db, "SELECT 1 FROM pg_extension WHERE extname = 'citus'");
    bool citus = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    PQclear(r);
    pg_conn *c = xcalloc(1, sizeof *c);
    c->route = citus;
    c->base.ops = &pg_ops;
    c->owner = s;
    c->db = db;
    c->writer = writer;
    c->turn = -1;
    *out = c;
    return MC_OK;
}

static void conn_close(pg_conn *c) {
    free(c->copying);
    PQfinish(c->db);
    free(c);
}

static void pg_close(store *st) {
    pg_store *s = (pg_store *)st;
    for (pg_conn *c = s->readers, *n; c; c = n) {
        n = c->next;
        conn_close(c);
    }
    for (int i = 0; i < s->nidle; i++) conn_close(s->idle[i]);
    if (s->jobs) conn_close(s->jobs); /* the lock goes with the connection */
    pthread_mutex_destroy(&s->write_lock);
    pthread_cond_destroy(&s->writer_free);
    pthread_cond_destroy(&s->turn_free);
    for (int i = 0; i < s->nturns; i++) free(s->turns[i].tenant);
    free(s->turns);
    pthread_mutex_destroy(&s->list_lock);
    pthread_mutex_destroy(&s->jobs_lock);
    free(s->uri);
    free(s);
}

static mc_err copy_end(pg_conn *c, const char *abort_msg, mc_error *err);

static store_conn *pg_reader(store *st) {
    pg_store *s = (pg_store *)st;
    if (tls_reader.serial == s->serial) return &tls_reader.conn->base;
    pg_conn *c = NULL;
    mc_error err;
    if (conn_open(s, false, &c, &err) != MC_OK) {
        log_error("reader connection: %s", err.message_en);
        abort(); /* the writer connected a moment ago */
    }
    pthread_mutex_lock(&s->list_lock);
    c->next = s->readers;
    s->readers = c;
    pthread_mutex_unlock(&s->list_lock);
    tls_reader.serial = s->serial;
    tls_reader.conn = c;
    return &c->base;
}

static void pg_reader_done(store *st) {
    pg_store *s = (pg_store *)st;
    if (tls_reader.serial != s->serial) return;
    pg_conn *c = tls_reader.conn, **pp;
    pthread_mutex_lock(&s->list_lock);
    for (pp = &s->readers; *pp && *pp != c; pp = &(*pp)->next) {
    }
    if (*pp) *pp = c->next;
    pthread_mutex_unlock(&s->list_lock);
    tls_reader.serial = 0;
    tls_reader.conn = NULL;
    conn_close(c);
}

/* Runs a command without parameters on c; err set on failure. */
static mc_err simple(pg_conn *c, const char *sql, mc_error *err) {
    PGresult *r = PQexec(c->db, sql);
    ExecStatusType st = PQresultStatus(r);
    mc_err e = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? MC_OK : pg_fail(c->db, r, err);
    PQclear(r);
    return e;
}

/* An idle writer connection, opening one while fewer than PG_WRITERS are open, else waiting for one. */
static pg_conn *writer_take(pg_store *s, mc_error *err) {
    pthread_mutex_lock(&s->write_lock);
    while (!s->nidle && s->nwriters >= PG_WRITERS) pthread_cond_wait(&s->writer_free, &s->write_lock);
    pg_conn *c = NULL;
    if (s->nidle) {
        c = s->idle[--s->nidle];
    } else {
        s->nwriters++;
        pthread_mutex_unlock(&s->write_lock); /* connecting takes a while: others may take idle ones */
        if (conn_open(s, true, &c, err) == MC_OK) return c;
        pthread_mutex_lock(&s->write_lock);
        s->nwriters--;
        pthread_cond_signal(&s->writer_free);
    }
    pthread_mutex_unlock(&s->write_lock);
    return c;
}

/* Waits for tenant's turn in this process and takes it; returns its slot. */
static int turn_take(pg_store *s, const char *tenant) {
    pthread_mutex_lock(&s->write_lock);
    int mine;
    for (;;) {
        int free_slot = -1;
        mine = -1;
        for (int i = 0; i < s->nturns && mine < 0; i++) {
            if (s->turns[i].tenant && strcmp(s->turns[i].tenant, tenant) == 0)
                mine = i;
            else if (s->turns[i].busy == 0 && free_slot < 0)
                free_slot = i;
        }
        if (mine >= 0 && s->turns[mine].busy >= PG_TURN_DEPTH) {
            pthread_cond_wait(&s->turn_free, &s->write_lock);
            continue;
        }
        if (mine < 0) {
            if (free_slot < 0) {
                s->turns = xrealloc(s->turns, (size_t)(s->nturns + 1) * sizeof *s->turns);
                free_slot = s->nturns++;
                s->turns[free_slot].tenant = NULL;
                s->turns[free_slot].busy = 0;
            }
            mine = free_slot;
            free(s->turns[mine].tenant);
            s->turns[mine].tenant = xstrdup(tenant);
        }
        s->turns[mine].busy++;
        break;
    }
    pthread_mutex_unlock(&s->write_lock);
    return mine;
}

/* Gives a writer back at the end of its transaction, with its tenant's turn. A connection left inside a
 * transaction is rolled back; one whose link to the server broke is closed (the next take opens anew). */
static void writer_give(pg_store *s, pg_conn *c) {
    if (PQstatus(c->db) == CONNECTION_OK && PQtransactionStatus(c->db) != PQTRANS_IDLE)
        PQclear(PQexec(c->db, "ROLLBACK"));
    bool broken = PQstatus(c->db) != CONNECTION_OK || PQtransactionStatus(c->db) != PQTRANS_IDLE;
    pthread_mutex_lock(&s->write_lock);
    if (c->turn >= 0) {
        s->turns[c->turn].busy--;
        c->turn = -1;
        pthread_cond_broadcast(&s->turn_free);
    }
    if (broken)
        s->nwriters--;
    else
        s->idle[s->nidle++] = c;
    pthread_cond_signal(&s->writer_free);
    pthread_mutex_unlock(&s->write_lock);
    if (broken) conn_close(c);
}

static store_conn *pg_begin(store *st, const char *tenant, mc_error *err) {
    pg_store *s = (pg_store *)st;
    int turn = tenant ? turn_take(s, tenant) : -1;
    pg_conn *c = writer_take(s, err);
    if (!c) {
        if (turn >= 0) {
            pthread_mutex_lock(&s->write_lock);
            s->turns[turn].busy--;
            pthread_cond_broadcast(&s->turn_free);
            pthread_mutex_unlock(&s->write_lock);
        }
        return NULL;
    }
    c->turn = turn;
    /* A dossier's state and its tenant's journal chain are read and extended inside the transaction, so
     * writers of one tenant go one at a time, in every process; different tenants at once. */
    mc_err e;
    if (!tenant) {
        e = simple(c, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_WRITE ")", err);
    } else {
        e = simple(c, "BEGIN; SELECT pg_advisory_xact_lock_shared(" LOCK_WRITE ")", err);
        const char *vals[1] = {tenant};
        PGresult *r = e ? NULL
                        : PQexecParams(c->db, "SELECT pg_advisory_xact_lock(" LOCK_TENANT ", hashtext($1))", 1, NULL,
                                       vals, NULL, NULL, 0);
        if (r && PQresultStatus(r) != PGRES_TUPLES_OK) e = pg_fail(c->db, r, err);
        PQclear(r);
    }
    if (e) {
        writer_give(s, c); /* rolls back what began */
        return NULL;
    }
    return &c->base;
}

static mc_err pg_commit(store_conn *cc, mc_error *err) {
    pg_conn *c = (pg_conn *)cc;
    assert(c->writer);
    mc_err e = simple(c, "COMMIT", err); /* synchronous_commit: on disk when it returns */
    if (e) simple(c, "ROLLBACK", NULL);
    writer_give(c->owner, c);
    return e;
}

static void pg_rollback(store_conn *cc) {
    pg_conn *c = (pg_conn *)cc;
    assert(c->writer);
    mc_error err;
    copy_end(c, "rolled back", &err);
    simple(c, "ROLLBACK", &err);
    writer_give(c->owner, c);
}

/* Whether PostgreSQL plans q with its values on every run instead of preparing it once: the reports over a
 * period and a subtree of a large table. After five runs of a prepared statement the server may keep a
 * generic plan, which cannot know that a month or a commune is a small part of the dossiers: EXPLAIN
 * ANALYZE of Q_I766M_OPEN at 1M dossiers, generic 406 ms (parallel scan of the whole table), with its
 * values 10.7 ms (the partial index of undecided dossiers); at 10M the 766 index took 19.7 s instead of
 * 1.3 s (bench/README.md). Planning one of these costs about a millisecond, so the queries run once per
 * unit of a scope (feedback, inspections: small tables) stay prepared. */
static bool planned_each_run(store_qid q) {
    switch (q) {
    case Q_STATS_BY_UNIT:
    case Q_STATS_BY_PROCEDURE:
    case Q_STATS_BY_FIELD:
    case Q_STATSM_BY_UNIT:
    case Q_STATSM_BY_PROCEDURE:
    case Q_STATSM_BY_FIELD:
    case Q_STATSO_BY_UNIT:
    case Q_STATSO_BY_PROCEDURE:
    case Q_STATSO_BY_FIELD:
    case Q_I766_DOSSIERS:
    case Q_I766M_SUMS:
    case Q_I766M_OPEN:
    case Q_PORTAL_I766_SYNCED:
    case Q_I766_COST_LATE:
    case Q_I766_COST_NOT_ONLINE:
    case Q_I766_COST_NOT_PAID:
    case Q_I766_COST_NOT_E_RESULT:
    case Q_I766_COST_NOT_DIGITISED:
    case Q_RATING_BY_UNIT: return true;
    default: return false;
    }
}

/* Runs query q (prepared on first use, or planned each run: planned_each_run) with args; NULL (err set) on
 * failure. */
static PGresult *run(pg_conn *c, store_qid q, const store_val *args, int nargs, mc_error *err) {
    assert(q >= 0 && q < Q__COUNT);
    char name[16];
    snprintf(name, sizeof name, "q%d", (int)q);
    bool each = planned_each_run(q);
    if (!each && !c->prepared[q]) {
        char *sql = numbered(query_sql[q], c->route);
        PGresult *p = PQprepare(c->db, name, sql, 0, NULL);
        free(sql);
        if (PQresultStatus(p) != PGRES_COMMAND_OK) {
            pg_fail(c->db, p, err);
            PQclear(p);
            return NULL;
        }
        PQclear(p);
        c->prepared[q] = true;
    }
    const char *vals[64];
    char nums[64][24];
    assert(nargs <= 64);
    for (int i = 0; i < nargs; i++) {
        if (args[i].type == SV_INT) {
            snprintf(nums[i], sizeof nums[i], "%lld", (long long)args[i].i);
            vals[i] = nums[i];
        } else {
            vals[i] = args[i].type == SV_TEXT ? args[i].s : NULL;
        }
    }
    PGresult *r;
    if (each) {
        char *sql = numbered(query_sql[q], c->route);
        r = PQexecParams(c->db, sql, nargs, NULL, vals, NULL, NULL, 0);
        free(sql);
    } else {
        r = PQexecPrepared(c->db, name, nargs, vals, NULL, NULL, 0);
    }
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_fail(c->db, r, err);
        PQclear(r);
        return NULL;
    }
    return r;
}

static mc_err pg_exec(store_conn *cc, store_qid q, const store_val *args, int nargs, int64_t *changes, mc_error *err) {
    PGresult *r = run((pg_conn *)cc, q, args, nargs, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    if (changes) *changes = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return MC_OK;
}

static store_rows *pg_query(store_conn *cc, store_qid q, const store_val *args, int nargs, mc_error *err) {
    PGresult *res = run((pg_conn *)cc, q, args, nargs, err);
    if (!res) return NULL;
    pg_rows *r = xcalloc(1, sizeof *r);
    r->base.ops = &pg_ops;
    r->res = res;
    r->row = -1;
    r->nrows = PQntuples(res);
    return &r->base;
}

static int pg_next(store_rows *rr, mc_error *err) {
    (void)err;
    pg_rows *r = (pg_rows *)rr;
    return ++r->row < r->nrows ? 1 : 0;
}

static int64_t pg_int(store_rows *rr, int col) {
    pg_rows *r = (pg_rows *)rr;
    return PQgetisnull(r->res, r->row, col) ? 0 : strtoll(PQgetvalue(r->res, r->row, col), NULL, 10);
}

static const char *pg_text(store_rows *rr, int col) {
    pg_rows *r = (pg_rows *)rr;
    return PQgetisnull(r->res, r->row, col) ? NULL : PQgetvalue(r->res, r->row, col);
}

static bool pg_null(store_rows *rr, int col) {
    pg_rows *r = (pg_rows *)rr;
    return PQgetisnull(r->res, r->row, col);
}

static void pg_rows_free(store_rows *rr) {
    pg_rows *r = (pg_rows *)rr;
    PQclear(r->res);
    free(r);
}

/* The periodic jobs run in one process: the one whose own connection holds a session-level advisory lock. */
static bool pg_job_leader(store *st) {
    pg_store *s = (pg_store *)st;
    pthread_mutex_lock(&s->jobs_lock);
    if (s->leader) {
        pthread_mutex_unlock(&s->jobs_lock);
        return true;
    }
    mc_error err;
    if (!s->jobs && conn_open(s, false, &s->jobs, &err) != MC_OK) {
        pthread_mutex_unlock(&s->jobs_lock);
        return false;
    }
    PGresult *r = PQexec(s->jobs->db, "SELECT pg_try_advisory_lock(" LOCK_JOBS ")");
    s->leader = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    if (PQstatus(s->jobs->db) != CONNECTION_OK) { /* try a fresh connection next time */
        conn_close(s->jobs);
        s->jobs = NULL;
    }
    bool leader = s->leader;
    pthread_mutex_unlock(&s->jobs_lock);
    return leader;
}

static uint64_t pg_serial_of(const store_conn *c) {
    return ((const pg_conn *)c)->owner->serial;
}

/* ---- whole tables (store_copy) --------------------------------------------------------------- */

/* Runs sql with text parameters (not prepared: each table's statement is used for its rows only). */
static PGresult *adhoc(pg_conn *c, const char *sql, int n, const char *const *vals, mc_error *err) {
    PGresult *r = PQexecParams(c->db, sql, n, NULL, vals, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_fail(c->db, r, err);
        PQclear(r);
        return NULL;
    }
    return r;
}

/* Ends the COPY in progress on c, if any: with an error message (abort) or not (then its result is checked). */
static mc_err copy_end(pg_conn *c, const char *abort_msg, mc_error *err) {
    if (!c->copying) return MC_OK;
    free(c->copying);
    c->copying = NULL;
    mc_err e = MC_OK;
    if (PQputCopyEnd(c->db, abort_msg) != 1) e = pg_fail(c->db, NULL, err);
    PGresult *r;
    while ((r = PQgetResult(c->db))) {
        if (!e && !abort_msg && PQresultStatus(r) != PGRES_COMMAND_OK) e = pg_fail(c->db, r, err);
        PQclear(r);
    }
    return e;
}

/* Rows arrive table by table: each table's go in one COPY … FROM STDIN (text format), ended by the
 * first row of the next table or by pg_load_end. */
static mc_err pg_load(store_conn *cc, const char *table, int n, const char *const *names, const char *const *values,
                      mc_error *err) {
    pg_conn *c = (pg_conn *)cc;
    if (c->copying && strcmp(c->copying, table) != 0) {
        mc_err e = copy_end(c, NULL, err);
        if (e) return e;
    }
    if (!c->copying) {
        buf b = {0};
        buf_printf(&b, "COPY %s(", table);
        for (int i = 0; i < n; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", names[i]);
        buf_puts(&b, ") FROM STDIN");
        PGresult *r = PQexec(c->db, b.data);
        buf_free(&b);
        bool ok = PQresultStatus(r) == PGRES_COPY_IN;
        mc_err e = ok ? MC_OK : pg_fail(c->db, r, err);
        PQclear(r);
        if (e) return e;
        c->copying = xstrdup(table);
    }
    buf line = {0};
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(&line, '\t');
        if (!values[i]) {
            buf_puts(&line, "\\N");
            continue;
        }
        for (const char *p = values[i]; *p; p++) {
            switch (*p) {
            case '\\': buf_puts(&line, "\\\\"); break;
            case '\n': buf_puts(&line, "\\n"); break;
            case '\r': buf_puts(&line, "\\r"); break;
            case '\t': buf_puts(&line, "\\t"); break;
            default: buf_putc(&line, *p);
            }
        }
    }
    buf_putc(&line, '\n');
    int ok = PQputCopyData(c->db, line.data, (int)line.len);
    buf_free(&line);
    return ok == 1 ? MC_OK : pg_fail(c->db, NULL, err);
}

/* Ends a table's COPY and gathers the planner's statistics of the table (the target is new: without
 * them, the first queries after a migration would be planned blind until autovacuum comes by). */
static mc_err pg_load_end(store_conn *cc, mc_error *err) {
    pg_conn *c = (pg_conn *)cc;
    if (!c->copying) return MC_OK;
    char sql[128];
    snprintf(sql, sizeof sql, "ANALYZE %s", c->copying);
    mc_err e = copy_end(c, NULL, err);
    return e ? e : simple(c, sql, err);
}

/* Every row of a small table, in its first column's order (the reference data a commune node copies:
 * node_reference.h), with values as PostgreSQL prints them. */
static mc_err pg_dump(store *st, const char *table, store_row_fn fn, void *ctx, mc_error *err) {
    pg_conn *c = (pg_conn *)store_reader(st);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", table);
    PGresult *r = adhoc(c, sql, 0, NULL, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int n = PQnfields(r), rows = PQntuples(r);
    const char **names = xcalloc((size_t)n + 1, sizeof *names), **vals = xcalloc((size_t)n + 1, sizeof *vals);
    for (int i = 0; i < n; i++) names[i] = PQfname(r, i);
    mc_err e = MC_OK;
    for (int k = 0; k < rows && !e; k++) {
        for (int i = 0; i < n; i++) vals[i] = PQgetisnull(r, k, i) ? NULL : PQgetvalue(r, k, i);
        e = fn(ctx, n, names, vals, err);
    }
    free(names);
    free(vals);
    PQclear(r);
    return e;
}

static mc_err pg_sql(store_conn *cc, const char *sql, int n, const char *const *vals, store_row_fn fn, void *ctx,
                     int64_t *changes, mc_error *err) {
    pg_conn *c = (pg_conn *)cc;
    char *text = numbered(sql, c->route);
    PGresult *r = adhoc(c, text, n, vals, err);
    free(text);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int nc = PQnfields(r), rows = PQntuples(r);
    const char **names = xcalloc((size_t)nc + 1, sizeof *names), **row = xcalloc((size_t)nc + 1, sizeof *row);
    for (int i = 0; i < nc; i++) names[i] = PQfname(r, i);
    mc_err e = MC_OK;
    for (int k = 0; k < rows && !e && fn; k++) {
        for (int i = 0; i < nc; i++) row[i] = PQgetisnull(r, k, i) ? NULL : PQgetvalue(r, k, i);
        e = fn(ctx, nc, names, row, err);
    }
    if (!e && changes) *changes = strtoll(PQcmdTuples(r), NULL, 10);
    free(names);
    free(row);
    PQclear(r);
    return e;
}

static mc_err pg_clear(store_conn *cc, const char *table, mc_error *err) {
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM %s", table);
    return simple((pg_conn *)cc, sql, err);
}

/* After rows came with their own ids, the identity goes on after the largest. */
static mc_err pg_fix_ids(store_conn *cc, const char *table, mc_error *err) {
    const char *vals[1] = {table};
    PGresult *r = adhoc((pg_conn *)cc,
                        "SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'id' "
                        "AND is_identity = 'YES'",
                        1, vals, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    bool identity = PQntuples(r) > 0;
    PQclear(r);
    if (!identity) return MC_OK;
    /* The next id follows the highest copied, or is the sequence's first when that is higher: Citus gives
     * each node its own range of a sequence (on the coordinator from 2^48 + 1), above any copied id. */
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT setval(x.seq, GREATEST(x.hi, y.lo), x.hi >= y.lo) FROM (SELECT pg_get_serial_sequence('%s', "
             "'id')::regclass AS seq, (SELECT COALESCE(MAX(id), 0) FROM %s) AS hi) x, LATERAL (SELECT seqmin AS lo "
             "FROM pg_sequence WHERE seqrelid = x.seq) y",
             table, table);
    return simple((pg_conn *)cc, sql, err);
}

static mc_err pg_count(store_conn *cc, const char *table, int64_t *out, mc_error *err) {
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    PGresult *r = adhoc((pg_conn *)cc, sql, 0, NULL, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return MC_OK;
}

/* ---- migrations ---------------------------------------------------------------------------- */

/* SQLite's migration text in PostgreSQL's dialect: identity keys, and the
 * journal's triggers as a PL/pgSQL function. */
static char *pg_dialect(const char *sql) {
    static const struct {
        const char *from, *to;
    } swaps[] = {
        {"INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is "
         "append-only'); END;",
         "CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS "
         "$$ BEGIN RAISE EXCEPTION 'journal is append-only'; END $$;"
         "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal FOR EACH ROW EXECUTE FUNCTION "
         "journal_append_only();"},
        {"DROP TRIGGER journal_no_update;", "DROP TRIGGER journal_no_update ON journal;"},
        {"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is "
         "append-only'); END;",
         "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal FOR EACH ROW EXECUTE FUNCTION "
         "journal_append_only();"},
    };
    buf b = {0};
    for (const char *p = sql; *p;) {
        bool hit = false;
        for (size_t i = 0; i < sizeof swaps / sizeof swaps[0] && !hit; i++) {
            size_t n = strlen(swaps[i].from);
            if (!strncmp(p, swaps[i].from, n)) {
                buf_puts(&b, swaps[i].to);
                p += n;
                hit = true;
            }
        }
        if (!hit) buf_putc(&b, *p++);
    }
    return buf_steal(&b);
}

/* Runs a script one statement at a time (store_split.h: a Citus coordinator forwards some DDL to its
 * workers as the text it received, which must then hold one command). */
static mc_err each_statement(pg_conn *c, const char *sql, mc_error *err) {
    char **stmts;
    size_t n = store_split(sql, &stmts);
    mc_err e = MC_OK;
    for (size_t i = 0; i < n && !e; i++) e = simple(c, stmts[i], err);
    store_split_free(stmts, n);
    return e;
}

static int schema_version_of(pg_conn *c) {
    PGresult *r = PQexec(c->db, "SELECT MAX(version) FROM schema_migrations");
    int v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)
                ? atoi(PQgetvalue(r, 0, 0))
                : 0;
    PQclear(r);
    return v;
}

static int pg_schema_version(store *st) {
    pg_store *s = (pg_store *)st;
    mc_error err;
    pg_conn *c = writer_take(s, &err);
    if (!c) return 0;
    int v = schema_version_of(c);
    writer_give(s, c);
    return v;
}

/* On a Citus cluster (the citus extension in the database), makes the tables Citus tables once the
 * migrations are in (store_citus.h), in a transaction of its own under the migration lock. */
static mc_err citus_tables(pg_conn *c, mc_error *err) {
    PGresult *r = PQexec(c->db, "SELECT 1 FROM pg_extension WHERE extname = 'citus'");
    bool citus = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    PQclear(r);
    if (!citus) return MC_OK;
    mc_err e =
        simple(c,
               "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_MIGRATE "); SET LOCAL citus.enable_unsafe_triggers = on; "
               "SET LOCAL citus.multi_shard_modify_mode = 'sequential'; SET LOCAL citus.enable_local_execution = on",
               err);
    char *sql = store_citus_sql();
    if (!e) e = simple(c, sql, err);
    free(sql);
    if (e) {
        mc_error ignored;
        simple(c, "ROLLBACK", &ignored);
        return e;
    }
    return simple(c, "COMMIT", err);
}

static mc_err pg_migrate(store *st, int *applied, mc_error *err) {
    pg_store *s = (pg_store *)st;
    int n;
    const store_migration *m = store_migrations_sqlite(&n);
    *applied = 0;
    pg_conn *c = writer_take(s, err);
    if (!c) return err ? err->code : MC_ERR_STORE;
    /* One process migrates at a time: the others wait on the lock, then find nothing to do. */
    mc_err e = simple(c,
                      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                      "applied_at BIGINT NOT NULL)",
                      err);
    if (!e) e = simple(c, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_MIGRATE ")", err);
    int have = e ? 0 : schema_version_of(c);
    if (!e && have > m[n - 1].version)
        e = mc_failf(err, MC_ERR_STORE, NULL, "Cơ sở dữ liệu thuộc phiên bản mới hơn (%d) phần mềm này (%d).",
                     "Database schema %d is newer than this binary (%d).", have, m[n - 1].version, have,
                     m[n - 1].version);
    for (int i = 0; !e && i < n; i++) {
        if (m[i].version <= have) continue;
        if (s->opt.migrate_upto > 0 && m[i].version > s->opt.migrate_upto) break;
        char *sql = pg_dialect(m[i].sql);
        e = each_statement(c, sql, err);
        free(sql);
        if (!e && m[i].pg) e = each_statement(c, m[i].pg, err);
        if (!e) {
            char ins[200];
            snprintf(ins, sizeof ins,
                     "INSERT INTO schema_migrations(version, name, applied_at) VALUES (%d, '%s', %lld)", m[i].version,
                     m[i].name, (long long)time_now());
            e = simple(c, ins, err);
        }
        if (!e) {
            (*applied)++;
            log_info("migration %d (%s) applied", m[i].version, m[i].name);
        }
    }
    if (e) {
        mc_error ignored;
        simple(c, "ROLLBACK", &ignored);
    } else {
        e = simple(c, "COMMIT", err);
    }
    if (!e) e = citus_tables(c, err);
    writer_give(s, c);
    return e;
}

mc_err store_pg_open(const char *uri, const store_options *opt, store **out, mc_error *err) {
    pg_store *s = xcalloc(1, sizeof *s);
    s->base.ops = &pg_ops;
    s->uri = xstrdup(uri);
    s->opt = opt ? *opt : store_options_default();
    s->serial = atomic_fetch_add(&pg_serials, 1);
    pthread_mutex_init(&s->write_lock, NULL);
    pthread_mutex_init(&s->list_lock, NULL);
    pthread_mutex_init(&s->jobs_lock, NULL);
    pthread_cond_init(&s->writer_free, NULL);
    pthread_cond_init(&s->turn_free, NULL);
    pg_conn *first = writer_take(s, err); /* fails here, not at the first request, when the server is unreachable */
    if (!first) {
        pg_close(&s->base);
        return err ? err->code : MC_ERR_STORE;
    }
    writer_give(s, first);
    if (s->opt.migrate) {
        int applied = 0;
        if (pg_migrate(&s->base, &applied, err) != MC_OK) {
            pg_close(&s->base);
            return err ? err->code : MC_ERR_STORE;
        }
    }
    *out = &s->base;
    return MC_OK;
}

static const store_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .migrate = pg_migrate,
    .schema_version = pg_schema_version,
    .reader = pg_reader,
    .reader_done = pg_reader_done,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .exec = pg_exec,
    .query = pg_query,
    .next = pg_next,
    .col_int = pg_int,
    .col_text = pg_text,
    .col_null = pg_null,
    .rows_free = pg_rows_free,
    .serial_of = pg_serial_of,
    .job_leader = pg_job_leader,
    .load = pg_load,
    .load_end = pg_load_end,
    .clear = pg_clear,
    .dump = pg_dump,
    .sql = pg_sql,
    .fix_ids = pg_fix_ids,
    .count = pg_count,
};
