/* test_catalog.c - catalog validation (every rule names index and field),
 * all-or-nothing import, versioning, and search ranking. */
#include "testutil.h"

#include "arena.h"
#include "catalog.h"
#include "dbutil.h"
#include "units.h"

typedef struct {
    char path[64];
    store *s;
    calendar *cal;
    arena *a;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->s = test_store(f->path);
    f->cal = calendar_create();
    f->a = arena_create();
    mc_error err;
    store_conn *c = store_begin(f->s, &err);
    unit_new units[] = {{"04", "Tỉnh Cao Bằng", "province", NULL, NULL, NULL, NULL},
                        {"S03", "Sở Tư pháp", "department", "04", NULL, NULL, NULL},
                        {"01273", "Phường Thục Phán", "ward", "04", "2025-07-01", NULL, NULL}};
    for (size_t i = 0; i < 3; i++) assert_int_equal(units_add(c, &units[i], NULL, &err), MC_OK);
    assert_int_equal(store_commit(c, &err), MC_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    calendar_free(f->cal);
    arena_free(f->a);
    test_store_close(f->s, f->path);
    free(f);
    return 0;
}

static const char *commune_units[] = {"kind:commune", "kind:ward"};
static const char *commune_level[] = {"commune"};

/* A valid procedure with `days` working days. */
static procedure proc(const char *code, const char *name, int days) {
    static proc_document doc = {"Tờ khai đăng ký", "original", 1, true, "Tờ khai (Mẫu)", "Giấy tờ phải nộp"};
    return (procedure){.code = code,
                       .name = name,
                       .field = "Hộ tịch",
                       .levels = commune_level,
                       .nlevels = 1,
                       .units = commune_units,
                       .nunits = 2,
                       .docs = &doc,
                       .ndocs = 1,
                       .time_amount = days,
                       .time_unit = CAL_UNIT_DAY,
                       .cutoff_sec = -1,
                       .online_level = "mot_phan",
                       .effective_from = "2025-07-01"};
}

static proc_step steps_3d[] = {{"Tiếp nhận", "receiver", "receiving", 30},
                               {"Xử lý", "specialist", "competent", 1230},
                               {"Trả kết quả", "receiver", "receiving", 90}}; /* 1350 min = 3 × 7.5 h */

static bool has_problem(const catalog_problems *p, const char *section, int index, const char *field) {
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].section, section) == 0 && p->v[i].index == index && strcmp(p->v[i].field, field) == 0)
            return true;
    return false;
}

static void validation_names_each_problem(void **state) {
    fixture *f = *state;
    procedure ps[8];
    ps[0] = proc("1.000001", "Thủ tục hợp lệ", 3);
    ps[1] = proc("", "Không có mã", 3);
    ps[2] = proc("1.000003", "", 3);
    ps[3] = proc("1.000004", "Mức trực tuyến sai", 3);
    ps[3].online_level = "muc_4";
    ps[4] = proc("1.000005", "Thời hạn âm", -1);
    ps[5] = proc("1.000001", "Mã trùng", 3);
    ps[6] = proc("1.000007", "Đơn vị lạ", 3);
    static const char *bad_units[] = {"kind:hamlet", "NO-SUCH"};
    ps[6].units = bad_units;
    ps[7] = proc("1.000008", "Ngày sai", 3);
    ps[7].effective_from = "2025-13-01";
    proc_step bad_sum[] = {{"Xử lý", "specialist", "competent", 60}};
    proc_step bad_role[] = {{"Xử lý", "citizen", "competent", 1350}};
    proc_template ts[3] = {{"1.000001", "kind:ward", steps_3d, 3, 0, 0},
                           {"1.000001", "kind:commune", bad_sum, 1, 0, 0},
                           {"9.999999", "kind:ward", bad_role, 1, 0, 0}};
    catalog_batch b = {ps, 8, ts, 3};
    catalog_problems p = {.a = f->a};
    assert_int_equal(catalog_validate(store_reader(f->s), f->cal, &b, &p), MC_ERR_INVALID);
    assert_false(has_problem(&p, "procedures", 0, "code"));
    assert_true(has_problem(&p, "procedures", 1, "code"));
    assert_true(has_problem(&p, "procedures", 2, "name"));
    assert_true(has_problem(&p, "procedures", 3, "online_level"));
    assert_true(has_problem(&p, "procedures", 4, "processing_time.amount"));
    assert_true(has_problem(&p, "procedures", 5, "code"));
    assert_true(has_problem(&p, "procedures", 6, "competent_units"));
    assert_true(has_problem(&p, "procedures", 7, "effective_from"));
    assert_false(has_problem(&p, "templates", 0, "steps"));
    assert_true(has_problem(&p, "templates", 1, "steps"));
    assert_true(has_problem(&p, "templates", 2, "procedure"));
    assert_true(has_problem(&p, "templates", 2, "steps[0].role"));
    /* Nothing about the valid records. */
    for (size_t i = 0; i < p.n; i++) assert_false(strcmp(p.v[i].section, "procedures") == 0 && p.v[i].index == 0);
    /* The importer refuses the whole batch and writes nothing. */
    catalog_report rep;
    catalog_problems p2 = {.a = f->a};
    mc_error err;
    assert_int_equal(catalog_import(f->s, f->cal, &b, &rep, &p2, &err), MC_ERR_INVALID);
    int64_t n;
    assert_int_equal(catalog_count(store_reader(f->s), &n, &err), MC_OK);
    assert_int_equal(n, 0);
}

static void same_day_procedures(void **state) {
    fixture *f = *state;
    procedure ps[2] = {proc("2.000815", "Chứng thực bản sao từ bản chính", 0), proc("2.000816", "Không hợp lệ", 0)};
    ps[0].cutoff_sec = 15 * 3600;
    ps[1].time_unit = CAL_UNIT_HOUR;
    proc_step day[] = {{"Tiếp nhận", "receiver", "receiving", 30}, {"Xử lý", "specialist", "competent", 420}};
    proc_template t = {"2.000815", "kind:ward", day, 2, 0, 0};
    catalog_batch b = {ps, 2, &t, 1};
    catalog_problems p = {.a = f->a};
    assert_int_equal(catalog_validate(store_reader(f->s), f->cal, &b, &p), MC_ERR_INVALID);
    assert_int_equal(p.n, 1);
    assert_true(has_problem(&p, "procedures", 1, "processing_time.amount"));
}

static void versions_and_search(void **state) {
    fixture *f = *state;
    procedure ps[4] = {proc("1.001193", "Thủ tục đăng ký khai sinh", 1),
                       proc("1.000689", "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", 3),
                       proc("1.003583", "Thủ tục đăng ký khai sinh lưu động", 5),
                       proc("2.000815", "Chứng thực bản sao từ bản chính", 0)};
    ps[3].field = "Chứng thực";
    static const char *prov[] = {"S03"};
    static const char *prov_level[] = {"province"};
    ps[3].units = prov;
    ps[3].nunits = 1;
    ps[3].levels = prov_level;
    ps[3].online_level = "toan_trinh";
    catalog_batch b = {ps, 4, NULL, 0};
    catalog_problems p = {.a = f->a};
    catalog_report rep;
    mc_error err;
    assert_int_equal(catalog_import(f->s, f->cal, &b, &rep, &p, &err), MC_OK);
    assert_int_equal(rep.added, 4);
    /* Same content again: unchanged. A change: a new version, the old one readable. */
    assert_int_equal(catalog_import(f->s, f->cal, &b, &rep, &p, &err), MC_OK);
    assert_int_equal(rep.unchanged, 4);
    ps[0].time_amount = 2;
    assert_int_equal(catalog_import(f->s, f->cal, &b, &rep, &p, &err), MC_OK);
    assert_int_equal(rep.changed, 1);
    procedure got;
    store_conn *c = store_reader(f->s);
    assert_int_equal(catalog_get(c, f->a, "1.001193", 0, &got, &err), MC_OK);
    assert_int_equal(got.version, 2);
    assert_int_equal(got.time_amount, 2);
    assert_int_equal(catalog_get(c, f->a, "1.001193", 1, &got, &err), MC_OK);
    assert_int_equal(got.time_amount, 1);
    assert_int_equal(catalog_get(c, f->a, "1.001193", 3, &got, &err), MC_ERR_NOT_FOUND);

    /* Search: marks, case and đ do not matter; the exact name ranks first. */
    const char *queries[] = {"dang ky khai sinh", "Đăng ký khai sinh", "ĐĂNG KÝ KHAI SINH", "đang ky khai sinh"};
    for (size_t i = 0; i < 4; i++) {
        catalog_query q = {.q = queries[i]};
        catalog_hit *h;
        size_t n, total;
        assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
        assert_int_equal(total, 3);
        assert_string_equal(h[0].code, "1.001193");
    }
    /* Word prefixes match; a word inside another word does not. */
    catalog_query q = {.q = "khai s"};
    catalog_hit *h;
    size_t n, total;
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 3);
    q = (catalog_query){.q = "hai sinh"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 0);
    /* Filters and paging. */
    q = (catalog_query){.unit = "01273"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 3);
    q = (catalog_query){.unit = "S03"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 1);
    q = (catalog_query){.field = "chung thuc"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 1);
    q = (catalog_query){.online = "toan_trinh", .level = "province"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 1);
    q = (catalog_query){.q = "1.001193"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_string_equal(h[0].code, "1.001193");
    q = (catalog_query){.page = 2, .per_page = 3};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_OK);
    assert_int_equal(total, 4);
    assert_int_equal(n, 1);
    q = (catalog_query){.per_page = 101};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_ERR_INVALID);
    assert_string_equal(err.field, "per_page");
    q = (catalog_query){.unit = "NOPE"};
    assert_int_equal(catalog_search(c, f->a, &q, &h, &n, &total, &err), MC_ERR_INVALID);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(validation_names_each_problem, setup, teardown),
        cmocka_unit_test_setup_teardown(same_day_procedures, setup, teardown),
        cmocka_unit_test_setup_teardown(versions_and_search, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
