/* bench_inbox.c - the officers' inbox at a growing backlog: the index kept by the changes (inbox_list) against
 * the reference that reads every open dossier of the unit (dossier_inbox), in the same run, on a database made
 * by `motcua init --demo`. Open dossiers are added to one ward (received or being processed, deadlines spread
 * over sixty days around now, some paused), the index rebuilt, and the first page of 100 with the four counts
 * timed for the ward's specialist: median of 11 each.
 *   usage: bench_inbox DB [N1 N2 ...]   (default 1000 10000 125000) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "calendar.h"
#include "dossier.h"
#include "inbox.h"
#include "users.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Adds open dossiers to the ward until it holds `upto` (straight SQL, behind the hooks, like gen_dossiers). */
static long long fill(const char *path, long long have, long long upto, long long unit, time_t now) {
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) return -1;
    sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db,
                       "INSERT INTO dossiers(tenant, code, procedure_code, procedure_version, rules_version, channel, "
                       "state, receiving_unit_id, competent_unit_id, holder_unit_id, step_seq, decision_step, "
                       "step_role, holder_user_id, time_amount, time_unit, applicant_name, submitted_at, received_at, "
                       "due_at, paused_at, created_at, updated_at) VALUES ('04', ?, '1.001193', 1, 'ND118/2025', "
                       "'direct', ?, ?, ?, ?, 2, 3, 'specialist', ?, 3, 'working_day', 'Người nộp', ?, ?, ?, ?, ?, ?)",
                       -1, &ins, NULL);
    unsigned long long x = 88172645463325252ULL ^ (unsigned long long)have;
    for (long long i = have; i < upto; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        long long due = (long long)now + (long long)(x % (60 * 86400)) - 30 * 86400, recv = due - 3 * 86400;
        bool processing = x % 3 == 0, paused = x % 17 == 0;
        char code[48];
        snprintf(code, sizeof code, "I%lld-%010lld", unit, i);
        int k = 1;
        sqlite3_bind_text(ins, k++, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, k++, paused ? "supplement" : processing ? "processing" : "received", -1, SQLITE_STATIC);
        for (int j = 0; j < 3; j++) sqlite3_bind_int64(ins, k++, unit);
        sqlite3_bind_null(ins, k++);
        sqlite3_bind_int64(ins, k++, recv);
        sqlite3_bind_int64(ins, k++, recv);
        sqlite3_bind_int64(ins, k++, due);
        if (paused)
            sqlite3_bind_int64(ins, k++, recv + 3600);
        else
            sqlite3_bind_null(ins, k++);
        sqlite3_bind_int64(ins, k++, recv);
        sqlite3_bind_int64(ins, k++, recv);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "%s\n", sqlite3_errmsg(db));
            return -1;
        }
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT; DELETE FROM meta WHERE key = 'inbox_index_version'; ANALYZE;", NULL, NULL, NULL);
    sqlite3_close(db);
    return upto;
}

typedef mc_err (*inbox_fn)(store_conn *, arena *, const ds_actor *, const calendar *, mc_time, const char *,
                           const char *, const char *, int64_t, int64_t, ds_inbox *, mc_error *);

/* Median milliseconds of 11 first pages; *total gets what the inbox counted. */
static double time_it(inbox_fn fn, store *s, const ds_actor *who, const calendar *cal, int64_t *total) {
    double t[11];
    for (int i = 0; i < 11; i++) {
        arena *a = arena_create();
        mc_error err;
        ds_inbox box;
        double t0 = now_ms();
        if (fn(store_reader(s), a, who, cal, time_now(), NULL, NULL, NULL, 0, 100, &box, &err)) {
            fprintf(stderr, "%s\n", err.message_en);
            exit(1);
        }
        t[i] = now_ms() - t0;
        *total = box.counts[0] + box.counts[1] + box.counts[2] + box.counts[3];
        arena_free(a);
    }
    qsort(t, 11, sizeof *t, cmp_d);
    return t[5];
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_inbox DB [N ...]\n");
        return 2;
    }
    long long sizes[16] = {1000, 10000, 125000};
    int nsizes = 3;
    if (argc > 2)
        for (nsizes = 0; nsizes < argc - 2 && nsizes < 16; nsizes++) sizes[nsizes] = atoll(argv[nsizes + 2]);
    users_set_pwhash(PWHASH_TEST);
    calendar *cal = calendar_create();
    long long have = 0, unit = 0;
    time_t now = time(NULL);
    for (int i = 0; i < nsizes; i++) {
        store *s;
        mc_error err;
        if (i > 0 || unit) {
            have = fill(argv[1], have, sizes[i], unit, now);
        } else { /* the ward of the demo's specialist */
            if (store_open(argv[1], NULL, &s, &err)) return 1;
            arena *a = arena_create();
            user u;
            if (users_get(store_reader(s), a, "chuyenvien.thucphan", &u, NULL, &err)) return 1;
            unit = u.unit_id;
            arena_free(a);
            store_close(s);
            have = fill(argv[1], 0, sizes[i], unit, now);
        }
        if (have < 0 || store_open(argv[1], NULL, &s, &err)) return 1;
        int64_t rebuilt;
        double t0 = now_ms();
        if (inbox_rebuild(s, false, &rebuilt, &err)) return 1;
        double build = now_ms() - t0;
        arena *a = arena_create();
        user u;
        if (users_get(store_reader(s), a, "chuyenvien.thucphan", &u, NULL, &err)) return 1;
        ds_actor who = {u.id, u.username, u.roles, u.unit_id, u.unit_code, u.unit_path};
        int64_t n_index = 0, n_scan = 0;
        double ix = time_it(inbox_list, s, &who, cal, &n_index), sc = time_it(dossier_inbox, s, &who, cal, &n_scan);
        if (n_index != n_scan) {
            fprintf(stderr, "the index counts %lld, the reference %lld\n", (long long)n_index, (long long)n_scan);
            return 1;
        }
        printf("inbox of %lld open dossiers: index %.2f ms, reading every open dossier %.2f ms (ratio %.1f); "
               "index rebuilt in %.0f ms\n",
               (long long)n_index, ix, sc, sc / ix, build);
        arena_free(a);
        store_close(s);
    }
    calendar_free(cal);
    return 0;
}
