/* bench_intake_hooks.c - counter intakes in process (no HTTP, no fsync: synchronous=OFF) on a database made by
 * `motcua init --demo`, to see under callgrind what the journal's hooks cost an intake: the sums of report
 * II.06a and of the 766 index, the officers' inbox, the outbox. Prints intakes per second; the shares come
 * from callgrind_annotate --inclusive=yes (bench/README.md gives the command).
 *   usage: bench_intake_hooks DB N */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "arena.h"
#include "calendar.h"
#include "dossier.h"
#include "users.h"

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_intake_hooks DB N\n");
        return 2;
    }
    int n = atoi(argv[2]);
    users_set_pwhash(PWHASH_TEST);
    store_options opt = store_options_default();
    opt.sync_full = false;
    store *s;
    mc_error err;
    if (store_open(argv[1], &opt, &s, &err)) {
        fprintf(stderr, "%s\n", err.message_en);
        return 1;
    }
    arena *a = arena_create();
    user u;
    if (users_get(store_reader(s), a, "tiepnhan.thucphan", &u, NULL, &err)) {
        fprintf(stderr, "%s\n", err.message_en);
        return 1;
    }
    ds_actor who = {u.id, u.username, u.roles, u.unit_id, u.unit_code, u.unit_path};
    calendar *cal = calendar_create();
    static const int docs[] = {4, 6, 7};
    ds_intake in = {.procedure = "1.001193",
                    .channel = "direct",
                    .applicant = {"Nông Văn Bình", "004095001111", "0987654321", NULL, NULL},
                    .provided = docs,
                    .nprovided = 3,
                    .outcome = "accept"};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        arena *ia = arena_create();
        dossier d;
        if (dossier_intake(s, cal, &who, &in, time_now(), ia, &d, &err)) {
            fprintf(stderr, "%s\n", err.message_en);
            return 1;
        }
        arena_free(ia);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%d intakes in process (synchronous=OFF): %.0f/s\n", n, n / secs);
    calendar_free(cal);
    arena_free(a);
    store_close(s);
    return 0;
}
