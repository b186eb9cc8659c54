/* dossier_fixture.h - a store with units, one procedure (3 working days,
 * one mandatory document) and officers, for dossier and statistics tests. */
#ifndef MC_DOSSIER_FIXTURE_H
#define MC_DOSSIER_FIXTURE_H

#include "arena.h"
#include "catalog.h"
#include "dbutil.h"
#include "dossier.h"
#include "perm.h"
#include "units.h"
#include "users.h"

typedef struct {
    char path[64];
    store *s;
    calendar *cal;
    arena *a;
    ds_actor recv, spec, lead, recv2, spec_s03, lead_s03;
} fixture;

static inline ds_actor make_user(fixture *f, const char *username, const char *unit, unsigned roles) {
    mc_error err;
    store_conn *c = store_begin(f->s, &err);
    user_new n = {username, "Cán bộ thử", "mat-khau-thu", unit, roles, NULL, NULL, NULL};
    int64_t id;
    assert_int_equal(users_add(c, &n, &id, &err), MC_OK);
    assert_int_equal(store_commit(c, &err), MC_OK);
    user u;
    assert_int_equal(users_get_id(store_reader(f->s), f->a, id, &u, &err), MC_OK);
    return (ds_actor){u.id, u.username, u.roles, u.unit_id, u.unit_code, u.unit_path};
}

static inline int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    store_options opt = store_options_default();
    opt.sync_full = false; /* durability is not what these tests check */
    f->s = test_store_opts(f->path, &opt);
    f->cal = calendar_create();
    f->a = arena_create();
    users_set_pwhash(PWHASH_TEST);
    mc_error err;
    store_conn *c = store_begin(f->s, &err);
    unit_new units[] = {{"04", "Tỉnh Cao Bằng", "province", NULL, NULL, NULL, NULL},
                        {"S03", "Sở Tư pháp", "department", "04", NULL, NULL, NULL},
                        {"01273", "Phường Thục Phán", "ward", "04", NULL, NULL, NULL},
                        {"01279", "Phường Nùng Trí Cao", "ward", "04", NULL, NULL, NULL}};
    for (size_t i = 0; i < 4; i++) assert_int_equal(units_add(c, &units[i], NULL, &err), MC_OK);
    assert_int_equal(store_commit(c, &err), MC_OK);
    static const char *lv[] = {"commune"}, *sel[] = {"kind:ward", "S03"};
    static proc_document doc = {"Tờ khai", "original", 1, true, NULL, NULL};
    procedure p = {.code = "1.000001", .name = "Thủ tục thử", .field = "Hộ tịch", .levels = lv, .nlevels = 1,
                   .units = sel, .nunits = 2, .docs = &doc, .ndocs = 1, .time_amount = 3, .time_unit = CAL_UNIT_DAY,
                   .cutoff_sec = -1, .online_level = "mot_phan", .effective_from = "2025-07-01"};
    catalog_batch b = {&p, 1, NULL, 0};
    catalog_problems pr = {.a = f->a};
    catalog_report rep;
    assert_int_equal(catalog_import(f->s, f->cal, &b, &rep, &pr, &err), MC_OK);
    f->recv = make_user(f, "recv", "01273", ROLE_RECEIVER);
    f->spec = make_user(f, "spec", "01273", ROLE_SPECIALIST);
    f->lead = make_user(f, "lead", "01273", ROLE_LEADER);
    f->recv2 = make_user(f, "recv2", "01279", ROLE_RECEIVER);
    f->spec_s03 = make_user(f, "spec.s03", "S03", ROLE_SPECIALIST);
    f->lead_s03 = make_user(f, "lead.s03", "S03", ROLE_LEADER);
    *state = f;
    return 0;
}

static inline int teardown(void **state) {
    fixture *f = *state;
    calendar_free(f->cal);
    arena_free(f->a);
    test_store_close(f->s, f->path);
    free(f);
    return 0;
}

static const int provided_all[] = {1};

static inline dossier intake(fixture *f, const ds_actor *who, const char *at, const char *outcome) {
    ds_intake in = {.procedure = "1.000001", .channel = "direct", .applicant = {"Nông Văn Bình", "004095001111", "0987654321", NULL, NULL},
                    .provided = provided_all, .nprovided = 1, .outcome = outcome};
    static const char *items[] = {"Tờ khai còn thiếu chữ ký"};
    if (strcmp(outcome, "accept")) {
        in.items = items;
        in.nitems = 1;
        in.reason = "Hồ sơ chưa đầy đủ";
    }
    dossier d;
    mc_error err;
    mc_err e = dossier_intake(f->s, f->cal, who, &in, T(at), f->a, &d, &err);
    if (e) fail_msg("intake: %s", err.message_en);
    return d;
}

static inline mc_err act(fixture *f, const ds_actor *who, dossier *d, ds_action a, const char *at, const ds_act_input *in,
                  mc_error *err) {
    return dossier_act(f->s, f->cal, who, d->code, a, in, T(at), f->a, d, err);
}

#define ACT_OK(f, who, d, a, at, in)                                           \
    do {                                                                       \
        mc_error _e;                                                           \
        if (act((f), (who), (d), (a), (at), (in), &_e)) fail_msg("%s: %s", ds_action_name(a), _e.message_en); \
    } while (0)

/* A fixed-seed generator for the generated histories. */
static inline unsigned fx_rnd(unsigned *x) {
    *x = *x * 1103515245u + 12345u;
    return (*x >> 16) & 0x7fff;
}

/* "YYYY-MM-DDTHH:00" of local day d at hour. */
static inline void fx_stamp(char *out, size_t n, mc_day d, int hour) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    snprintf(out, n, "%04d-%02d-%02dT%02d:00", y, m, dd, hour);
}

#endif
