/* gen_dossiers.c - fills a motcua database (made by `motcua init --demo`) with
 * N generated dossiers, in time order, spread over 2016-01 .. 2026-06 across the demo's
 * communes, wards and procedures: ~92% decided within 0-6 working days (a few
 * late, some rejected or withdrawn), the newest still open, some paused, 2%
 * with a linked partner dossier. Straight SQL in large transactions: this
 * builds benchmark data, it is not how motcua writes.
 *   usage: gen_dossiers DB N */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int ids(sqlite3 *db, const char *sql, long long *out, int cap) {
    sqlite3_stmt *st;
    int n = 0;
    sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW && n < cap) out[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: gen_dossiers DB N\n");
        return 2;
    }
    long long n = atoll(argv[2]);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = WAL; PRAGMA cache_size = -200000;", NULL, NULL, NULL);
    long long units[128], procs_n = 0;
    int nu = ids(db, "SELECT id FROM units WHERE kind IN ('commune', 'ward')", units, 128);
    char procs[128][32];
    sqlite3_stmt *ps;
    sqlite3_prepare_v2(db, "SELECT code FROM procedures ORDER BY code", -1, &ps, NULL);
    while (sqlite3_step(ps) == SQLITE_ROW && procs_n < 128)
        snprintf(procs[procs_n++], 32, "%s", (const char *)sqlite3_column_text(ps, 0));
    sqlite3_finalize(ps);
    char tenant[32] = ""; /* the demo has one province: every unit's tenant */
    sqlite3_prepare_v2(db, "SELECT tenant FROM units WHERE parent_id IS NULL", -1, &ps, NULL);
    if (sqlite3_step(ps) == SQLITE_ROW) snprintf(tenant, sizeof tenant, "%s", (const char *)sqlite3_column_text(ps, 0));
    sqlite3_finalize(ps);
    if (!nu || !procs_n || !tenant[0]) {
        fprintf(stderr, "run motcua init --demo first\n");
        return 1;
    }
    sqlite3_stmt *ins;
    const char *sql =
        "INSERT INTO dossiers(tenant, code, procedure_code, procedure_version, rules_version, channel, state, outcome, "
        "receiving_unit_id, competent_unit_id, holder_unit_id, step_seq, time_amount, time_unit, applicant_name, "
        "parent_id, submitted_at, received_at, due_at, paused_at, decided_at, created_at, updated_at) "
        "VALUES (?, ?, ?, 1, 'ND118/2025', ?, ?, ?, ?, ?, ?, 2, 3, 'working_day', 'Người nộp', ?, ?, ?, ?, ?, ?, ?, ?)";
    if (sqlite3_prepare_v2(db, sql, -1, &ins, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    const long long t0 = 1451581200LL;           /* 2016-01-01 00:00 +07 */
    const long long t1 = 1782838800LL - 86400;   /* 2026-06-30 */
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    long long last_id = 0;
    for (long long i = 0; i < n; i++) {
        /* In time order, as a real system writes them (a few hours of jitter). */
        long long recv = t0 + (long long)((double)(t1 - t0) * (double)i / (double)n) + (long long)(next() % 7200);
        long long due = recv + 3 * 86400 + (long long)(next() % 3) * 86400;
        int r = (int)(next() % 1000);
        const char *state = "returned", *outcome = "approved";
        long long decided = recv + (long long)(next() % (6 * 86400));
        long long paused = 0;
        if (recv > t1 - 20 * 86400 && r < 500) {
            state = r < 80 ? "supplement" : "processing";
            outcome = NULL;
            decided = 0;
            if (r < 80) paused = recv + 3600;
        } else if (r < 40) {
            outcome = "rejected";
        } else if (r < 60) {
            state = "stopped";
            outcome = "stopped";
        }
        long long unit = units[next() % (unsigned)nu];
        char code[48];
        snprintf(code, sizeof code, "G%lld-%010lld", unit, i);
        int k = 1;
        sqlite3_bind_text(ins, k++, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, k++, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, k++, procs[next() % (unsigned long long)procs_n], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, k++, next() % 3 ? "direct" : "online", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, k++, state, -1, SQLITE_STATIC);
        if (outcome) sqlite3_bind_text(ins, k++, outcome, -1, SQLITE_STATIC);
        else sqlite3_bind_null(ins, k++);
        sqlite3_bind_int64(ins, k++, unit);
        sqlite3_bind_int64(ins, k++, unit);
        sqlite3_bind_int64(ins, k++, unit);
        /* 2% are partner dossiers of the previous one (left out of the statistics). */
        if (last_id && next() % 50 == 0) sqlite3_bind_int64(ins, k++, last_id);
        else sqlite3_bind_null(ins, k++);
        sqlite3_bind_int64(ins, k++, recv);
        sqlite3_bind_int64(ins, k++, recv);
        sqlite3_bind_int64(ins, k++, due);
        if (paused) sqlite3_bind_int64(ins, k++, paused);
        else sqlite3_bind_null(ins, k++);
        if (decided) sqlite3_bind_int64(ins, k++, decided);
        else sqlite3_bind_null(ins, k++);
        sqlite3_bind_int64(ins, k++, recv);
        sqlite3_bind_int64(ins, k++, recv);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "%s\n", sqlite3_errmsg(db));
            return 1;
        }
        sqlite3_reset(ins);
        last_id = sqlite3_last_insert_rowid(db);
        if (i % 500000 == 499999) {
            sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
            fprintf(stderr, "%lld\n", i + 1);
        }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(ins);
    /* The dossiers were written behind the journal's hooks: the monthly sums (report II.06a, the 766 index) are
     * rebuilt from them by the next open (bench_stats times it). */
    sqlite3_exec(db, "DELETE FROM meta WHERE key IN ('stats_months_version', 'i766_months_version', 'inbox_index_version')", NULL, NULL, NULL);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", NULL, NULL, NULL);
    sqlite3_close(db);
    return 0;
}
