/* test_survey_results.c - the SIPAS results' arithmetic (survey_results.h), the seeded draw
 * (surveys_draw_indices) and the questionnaire's line format (survey_form.h). */
#include <math.h>
#include <sodium.h>

#include "testutil.h"

#include "arena.h"
#include "survey_form.h"
#include "survey_results.h"
#include "surveys.h"

/* Two elements (weights 1 and 3), three items: a, b in element A; c in element B. */
static survey_form small_form(void) {
    static survey_element els[] = {{"A", "Tiếp cận", 1}, {"B", "Kết quả", 3}};
    static survey_item items[] = {{"a", "Mục a", 0}, {"b", "Mục b", 0}, {"c", "Mục c", 1}};
    static survey_option opts[] = {{1, "Nam"}, {2, "Nữ"}};
    static survey_question prof[] = {{"gioi_tinh", "Giới tính", opts, 2}};
    survey_form f = {.version = "t-1",
                     .title = "Thử",
                     .min_answers = 3,
                     .elements = els,
                     .nel = 2,
                     .items = items,
                     .nitems = 3,
                     .profile = prof,
                     .nprofile = 1};
    static const char *const scale[] = {"Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
                                        "Rất hài lòng"};
    for (int k = 0; k < 5; k++) f.scale[k] = scale[k];
    return f;
}

#define NEAR(x, y) assert_true(fabs((x) - (y)) < 1e-9)

static void by_hand(void **state) {
    (void)state;
    arena *a = arena_create();
    survey_form f = small_form();
    /* Respondent 1: a=5 b=2 → A 1/2; c=4 → B 1; overall (1·0.5 + 3·1)/4 = 0.875.
     * Respondent 2: a=4 b=4 → A 1; c none → overall 1.
     * Respondent 3: a none b=1 → A 0; c=3 → B 0; overall 0. */
    const char *scores[] = {"524", "44-", "-13"};
    survey_unit_result u;
    surveys_result_group(a, &f, scores, 3, 3, &u);
    assert_int_equal(u.respondents, 3);
    assert_true(u.enough);
    /* A: scores 0.5, 1, 0 → mean 50, sd 50, CI 50 ± 1.96·50/√3 = ± 56.58, clipped to [0, 100]. */
    assert_int_equal(u.elements[0].n, 3);
    NEAR(u.elements[0].index, 50);
    NEAR(u.elements[0].sd, 50);
    NEAR(u.elements[0].lo, 0);
    NEAR(u.elements[0].hi, 100);
    assert_true(u.elements[0].has_ci);
    /* B: scores 1, 0 (respondent 2 skipped it) → mean 50, sd 70.71…, CI clipped to [0, 100]. */
    assert_int_equal(u.elements[1].n, 2);
    NEAR(u.elements[1].index, 50);
    NEAR(u.elements[1].sd, 100 * sqrt(0.5));
    NEAR(u.elements[1].lo, 0);
    NEAR(u.elements[1].hi, 100);
    /* Overall: weighted element indices (1·50 + 3·50)/4 = 50; spread from 0.875, 1, 0. */
    NEAR(u.overall.index, 50);
    double m = (0.875 + 1 + 0) / 3, sd = sqrt(((0.875 - m) * (0.875 - m) + (1 - m) * (1 - m) + m * m) / 2);
    NEAR(u.overall.sd, 100 * sd);
    assert_int_equal(u.overall.n, 3);
    NEAR(u.overall.lo, fmax(0, 50 - 1.96 * 100 * sd / sqrt(3)));
    NEAR(u.overall.hi, fmin(100, 50 + 1.96 * 100 * sd / sqrt(3)));
    /* Items: a 2 answers (5, 4) both satisfied; b 3 answers, 1 satisfied; c 2 answers, 1 satisfied. */
    assert_int_equal(u.items[0].answers, 2);
    NEAR(u.items[0].share, 100);
    assert_int_equal(u.items[1].answers, 3);
    assert_int_equal(u.items[1].satisfied, 1);
    assert_int_equal(u.items[1].count[0], 1);
    assert_int_equal(u.items[2].count[3], 1);
    NEAR(u.items[2].share, 50);
    /* Below the minimum: marked. */
    surveys_result_group(a, &f, scores, 2, 3, &u);
    assert_false(u.enough);
    arena_free(a);
}

static void edge_cases(void **state) {
    (void)state;
    arena *a = arena_create();
    survey_form f = small_form();
    survey_unit_result u;
    /* Nobody: zero everywhere, no interval. */
    surveys_result_group(a, &f, NULL, 0, 1, &u);
    assert_int_equal(u.overall.n, 0);
    assert_false(u.overall.has_ci);
    NEAR(u.overall.index, 0);
    /* One respondent: an index, no interval. */
    const char *one[] = {"5--"};
    surveys_result_group(a, &f, one, 1, 1, &u);
    NEAR(u.elements[0].index, 100);
    assert_false(u.elements[0].has_ci);
    assert_int_equal(u.elements[1].n, 0);
    NEAR(u.overall.index, 100); /* only element A has answers: its weight alone */
    /* Everyone satisfied: sd 0, the interval is the point. */
    const char *all[] = {"444", "555", "454"};
    surveys_result_group(a, &f, all, 3, 1, &u);
    NEAR(u.overall.index, 100);
    NEAR(u.overall.lo, 100);
    NEAR(u.overall.hi, 100);
    arena_free(a);
}

static void draw_is_reproducible(void **state) {
    (void)state;
    unsigned char seed[32], other[32];
    for (int i = 0; i < 32; i++) seed[i] = (unsigned char)i, other[i] = (unsigned char)(i + 1);
    size_t a[50], b[50], c[50];
    surveys_draw_indices(seed, 1000, 50, a);
    surveys_draw_indices(seed, 1000, 50, b);
    surveys_draw_indices(other, 1000, 50, c);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    for (int i = 0; i < 50; i++) {
        assert_true(a[i] < 1000);
        for (int j = 0; j < i; j++) assert_true(a[i] != a[j]);
    }
    /* All of a population, each once. */
    size_t all[7];
    surveys_draw_indices(seed, 7, 7, all);
    int seen[7] = {0};
    for (int i = 0; i < 7; i++) seen[all[i]]++;
    for (int i = 0; i < 7; i++) assert_int_equal(seen[i], 1);
    /* Roughly uniform: over many seeds each of 10 indices is drawn first about 1/10 of the time. */
    int first[10] = {0};
    for (int s = 0; s < 5000; s++) {
        unsigned char sd[32] = {0};
        sd[0] = (unsigned char)s, sd[1] = (unsigned char)(s >> 8);
        size_t p;
        surveys_draw_indices(sd, 10, 1, &p);
        first[p]++;
    }
    for (int i = 0; i < 10; i++) assert_true(first[i] > 400 && first[i] < 600);
}

static void form_round_trip(void **state) {
    (void)state;
    arena *a = arena_create();
    survey_form f = small_form(), g;
    mc_error err;
    assert_int_equal(survey_form_check(&f, &err), MC_OK);
    const char *text = survey_form_encode(a, &f);
    assert_int_equal(survey_form_decode(a, text, &g, &err), MC_OK);
    assert_string_equal(survey_form_encode(a, &g), text);
    assert_int_equal(g.nitems, 3);
    NEAR(g.elements[1].weight, 3);
    assert_int_equal(survey_form_item(&g, "c"), 2);
    assert_true(survey_form_option_ok(&g, 0, 2));
    assert_false(survey_form_option_ok(&g, 0, 3));
    /* Faults are refused. */
    survey_form bad = f;
    bad.title = "có\tTAB";
    assert_int_equal(survey_form_check(&bad, &err), MC_ERR_INVALID);
    survey_element zero[] = {{"A", "x", 0}, {"B", "y", 1}};
    bad = f;
    bad.elements = zero;
    assert_int_equal(survey_form_check(&bad, &err), MC_ERR_INVALID);
    assert_int_equal(survey_form_decode(a, "V\tx\nZ\tjunk\n", &g, &err), MC_ERR_INVALID);
    assert_int_equal(survey_form_decode(a, "", &g, &err), MC_ERR_INVALID);
    arena_free(a);
}

int main(void) {
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {cmocka_unit_test(by_hand), cmocka_unit_test(edge_cases),
                                       cmocka_unit_test(draw_is_reproducible), cmocka_unit_test(form_round_trip)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
