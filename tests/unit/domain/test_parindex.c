/* test_parindex.c - the PAR INDEX's pure rules (parindex.c): a leaf's points by its rule (proportional,
 * rounded half up in hundredths; steps), bands, the index, competition ranks with ties, the metric keys,
 * and the checks that refuse a criteria set whose shape, sums or rules are wrong. */
#include "testutil.h"

#include <string.h>

#include "parindex.h"

static par_node leaf(const char *code, const char *parent, int depth, int64_t max) {
    return (par_node){.code = code,
                      .name = "Tiêu chí",
                      .parent = parent,
                      .depth = depth,
                      .leaf = true,
                      .max = max,
                      .method = PAR_SELF,
                      .scoring = "Đủ: tối đa; thiếu: 0"};
}

static void proportional_and_steps(void **state) {
    (void)state;
    par_node n = leaf("1.1", "1", 1, 300); /* 3 points */
    n.method = PAR_COMPUTED;
    n.metric = "dossiers_on_time";
    n.rule = PAR_RULE_PROPORTIONAL;
    n.full_at = 10000;
    assert_int_equal(par_rule_points(&n, 10000), 300);
    assert_int_equal(par_rule_points(&n, 5000), 150);
    assert_int_equal(par_rule_points(&n, 3333), 100); /* 99.99 rounds to 100 hundredths */
    assert_int_equal(par_rule_points(&n, 1), 0);      /* 0.03 of a hundredth */
    assert_int_equal(par_rule_points(&n, 17), 1);     /* 0.51 rounds up */
    assert_int_equal(par_rule_points(&n, -5), 0);
    n.full_at = 5000; /* full points from 50% */
    assert_int_equal(par_rule_points(&n, 5000), 300);
    assert_int_equal(par_rule_points(&n, 9000), 300);
    assert_int_equal(par_rule_points(&n, 2500), 150);
    n.rule = PAR_RULE_STEPS;
    n.steps[0] = (par_step){10000, 300};
    n.steps[1] = (par_step){9000, 200};
    n.steps[2] = (par_step){8000, 100};
    n.nsteps = 3;
    assert_int_equal(par_rule_points(&n, 10000), 300);
    assert_int_equal(par_rule_points(&n, 9999), 200);
    assert_int_equal(par_rule_points(&n, 9000), 200);
    assert_int_equal(par_rule_points(&n, 8000), 100);
    assert_int_equal(par_rule_points(&n, 7999), 0);
}

static void index_bands_and_ranks(void **state) {
    (void)state;
    assert_int_equal(par_index_of(8550, 10000), 8550);
    assert_int_equal(par_index_of(350, 5800), 603); /* 6.034% */
    assert_int_equal(par_index_of(1, 3), 3333);
    assert_int_equal(par_index_of(2, 3), 6667);
    assert_int_equal(par_index_of(5, 0), 0);
    par_band bands[] = {{"xuat_sac", "Xuất sắc", 9000}, {"tot", "Tốt", 8000}, {"yeu", "Yếu", 0}};
    par_set s = {.bands = bands, .nbands = 3};
    assert_string_equal(par_band_of(&s, 9000)->code, "xuat_sac");
    assert_string_equal(par_band_of(&s, 8999)->code, "tot");
    assert_string_equal(par_band_of(&s, 0)->code, "yeu");
    int64_t idx[] = {7000, 9000, 7000, 9500, 100};
    int rank[5];
    par_rank(idx, 5, rank);
    assert_int_equal(rank[3], 1);
    assert_int_equal(rank[1], 2);
    assert_int_equal(rank[0], 3);
    assert_int_equal(rank[2], 3); /* tied: the same rank, and the next is 5 */
    assert_int_equal(rank[4], 5);
}

static void metric_keys(void **state) {
    (void)state;
    assert_non_null(par_metric_find("dossiers_on_time"));
    assert_non_null(par_metric_find("i766:3.3"));
    assert_int_equal(par_metric_find("i766:3.3")->method, PAR_COMPUTED);
    assert_null(par_metric_find("i766:9.9"));
    assert_null(par_metric_find("i766:"));
    assert_non_null(par_metric_find("i766_group:online"));
    assert_null(par_metric_find("i766_group:khac"));
    assert_non_null(par_metric_find("sipas"));
    assert_int_equal(par_metric_find("sipas:2")->method, PAR_SURVEY);
    assert_null(par_metric_find("sipas:x"));
    assert_null(par_metric_find("sipas:12"));
    assert_null(par_metric_find("khong_co"));
    assert_null(par_metric_find(NULL));
    assert_false(par_metric_find("legal_reviewed")->percent);
}

/* A small valid set: domain 1 with criterion 1.1 (leaves 1.1.1 self 60, 1.1.2 computed 40). */
typedef struct {
    par_node nodes[4];
    par_band bands[2];
    par_set s;
} small;

static void small_set(small *x) {
    memset(x, 0, sizeof *x);
    x->nodes[0] = (par_node){.code = "1", .name = "Chỉ đạo", .depth = 0};
    x->nodes[1] = (par_node){.code = "1.1", .name = "Kế hoạch", .parent = "1", .depth = 1};
    x->nodes[2] = leaf("1.1.1", "1.1", 2, 6000);
    x->nodes[3] = leaf("1.1.2", "1.1", 2, 4000);
    x->nodes[3].method = PAR_COMPUTED;
    x->nodes[3].metric = "tasks_on_time";
    x->nodes[3].full_at = 10000;
    x->bands[0] = (par_band){"tot", "Tốt", 8000};
    x->bands[1] = (par_band){"yeu", "Yếu", 0};
    x->s = (par_set){.version = "t.1",
                     .title = "Bộ thử",
                     .source = "Thử",
                     .year = 2026,
                     .max_points = 10000,
                     .nodes = x->nodes,
                     .nnodes = 4,
                     .bands = x->bands,
                     .nbands = 2};
}

static void a_set_is_checked_whole(void **state) {
    (void)state;
    small x;
    mc_error e;
    small_set(&x);
    assert_int_equal(par_set_check(&x.s, &e), MC_OK);
    small_set(&x);
    x.nodes[3].max = 3999; /* the leaves no longer add up to 100 */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    assert_string_equal(e.field, "max_points");
    small_set(&x);
    x.nodes[3].code = "1.2.2"; /* not under its parent */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    small_set(&x);
    x.nodes[3].code = "1.1.1"; /* twice */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    small_set(&x);
    x.nodes[3].metric = "sipas"; /* a survey metric on a computed leaf */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    small_set(&x);
    x.nodes[3].rule = PAR_RULE_STEPS; /* steps, none given */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    x.nodes[3].steps[0] = (par_step){8000, 2000};
    x.nodes[3].steps[1] = (par_step){9000, 4000}; /* not descending */
    x.nodes[3].nsteps = 2;
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    x.nodes[3].steps[0] = (par_step){9000, 4500}; /* more than the max */
    x.nodes[3].steps[1] = (par_step){8000, 2000};
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    x.nodes[3].steps[0].points = 4000;
    assert_int_equal(par_set_check(&x.s, &e), MC_OK);
    small_set(&x);
    x.nodes[2].scoring = ""; /* a leaf says how it is scored */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    small_set(&x);
    x.bands[1].from = 100; /* the last band starts at 0 */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    assert_string_equal(e.field, "bands");
    small_set(&x);
    x.s.nnodes = 2; /* a criterion with nothing under it */
    x.s.max_points = 0;
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
    small_set(&x);
    x.s.nnodes = PAR_MAX_NODES + 1; /* the limit of nodes */
    assert_int_equal(par_set_check(&x.s, &e), MC_ERR_INVALID);
}

static void levels_and_kinds(void **state) {
    (void)state;
    assert_true(par_level_has_kind(PAR_COMMUNE, "ward"));
    assert_true(par_level_has_kind(PAR_COMMUNE, "special_zone"));
    assert_false(par_level_has_kind(PAR_COMMUNE, "department"));
    assert_true(par_level_has_kind(PAR_DEPARTMENT, "department"));
    assert_false(par_level_has_kind(PAR_DEPARTMENT, "district")); /* no district level since 1/7/2025 */
    assert_int_equal(par_level_parse("commune"), PAR_COMMUNE);
    assert_int_equal(par_level_parse("huyen"), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(proportional_and_steps),
                                       cmocka_unit_test(index_bands_and_ranks), cmocka_unit_test(metric_keys),
                                       cmocka_unit_test(a_set_is_checked_whole), cmocka_unit_test(levels_and_kinds)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
