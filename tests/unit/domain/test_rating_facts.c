/* test_rating_facts.c - the facts of a dossier computed from its journal
 * (rating_facts.h): working time used against the statutory time with the
 * applicant's pause left out, the time each agency held the file (a partner
 * agency included), supplements, contacts and the legacy items 1-4. */
#include "testutil.h"

#include "rating_facts.h"

#define WARD "01273"

/* One journal entry. */
static journal_entry E(const char *at, const char *action, const char *from, const char *to, const char *unit,
                       const char *to_unit, const char *timing) {
    return (journal_entry){.at = T(at),
                           .action = action,
                           .from_state = from,
                           .to_state = to,
                           .unit_code = unit,
                           .to_unit_code = to_unit,
                           .timing = timing};
}

static void transfer_supplement_and_decision(void **state) {
    (void)state;
    calendar *cal = calendar_create(); /* Mon-Fri 07:30-11:30, 13:30-17:00 */
    arena *a = arena_create();
    journal_entry v[] = {
        E("2026-03-02T09:00", "submit", NULL, "submitted", WARD, NULL, NULL),
        E("2026-03-02T09:00", "accept", "submitted", "received", WARD, WARD, "on_time"),
        E("2026-03-02T10:00", "claim", "received", "processing", WARD, NULL, NULL),
        E("2026-03-02T10:30", "transfer", "processing", "partner", WARD, "S03", NULL),
        E("2026-03-02T13:30", "partner_done", "partner", "processing", NULL, WARD, "early"),
        E("2026-03-02T14:00", "request_supplement", "processing", "supplement", WARD, NULL, NULL),
        E("2026-03-03T08:30", "resubmit", "supplement", "processing", WARD, NULL, NULL),
        E("2026-03-03T09:30", "approve", "processing", "decided", WARD, NULL, "early"),
        E("2026-03-03T10:00", "result_ready", "decided", "result_ready", WARD, NULL, NULL),
        E("2026-03-03T10:30", "return", "result_ready", "returned", WARD, NULL, "on_time"),
    };
    dossier d = {.channel = "direct",
                 .return_method = "counter",
                 .received_at = T("2026-03-02T09:00"),
                 .decided_at = T("2026-03-03T09:30"),
                 .due_at = T("2026-03-03T13:00"),
                 .supplements = 1};
    rating_facts f;
    rating_facts_of(cal, &d, v, sizeof v / sizeof v[0], a, &f);
    /* Mon 09:00 → Tue 09:30 is 8 working hours; 4 of them (Mon 14:00-17:00, Tue 07:30-08:30) were the applicant's. */
    assert_int_equal(f.used_seconds, 4 * 3600);
    assert_int_equal(f.allowed_seconds, 6 * 3600); /* to Tue 13:00: 10 working hours, less the same pause */
    assert_string_equal(f.timing, "on_time");      /* decided on the due day */
    assert_int_equal(f.end, T("2026-03-03T09:30"));
    assert_int_equal(f.nunits, 2);
    assert_string_equal(f.units[0].unit_code, WARD);
    assert_int_equal(f.units[0].seconds, 3 * 3600);    /* 09:00-10:30, 13:30-14:00, Tue 08:30-09:30 */
    assert_string_equal(f.units[0].timing, "on_time"); /* the intake on time, the decision early */
    assert_string_equal(f.units[1].unit_code, "S03");
    assert_int_equal(f.units[1].seconds, 3600); /* 10:30-11:30 (and the lunch break does not count) */
    assert_string_equal(f.units[1].timing, "early");
    assert_int_equal(f.supplements, 1);
    assert_int_equal(f.contacts, 1);
    int want[4] = {1, 1, 1, 1};
    for (int i = 0; i < 4; i++) assert_int_equal(f.legacy[i], want[i]);
    char buf[64];
    assert_string_equal(rating_facts_duration_text(cal, f.used_seconds, buf, sizeof buf), "4 giờ làm việc");
    assert_string_equal(rating_facts_duration_text(cal, 9 * 3600, buf, sizeof buf), "1 ngày 1 giờ làm việc");
    arena_free(a);
    calendar_free(cal);
}

static void late_after_extension(void **state) {
    (void)state;
    calendar *cal = calendar_create();
    arena *a = arena_create();
    journal_entry v[] = {
        E("2026-03-02T09:00", "accept", "submitted", "received", WARD, WARD, "on_time"),
        E("2026-03-03T08:00", "extend", "processing", "processing", WARD, NULL, NULL),
        E("2026-03-04T09:00", "approve", "processing", "decided", WARD, NULL, "late"),
    };
    /* Due Tue 09:00, extended to Thu 09:00: against the statutory time it is late all the same. */
    dossier d = {.channel = "online",
                 .return_method = "electronic",
                 .received_at = T("2026-03-02T09:00"),
                 .decided_at = T("2026-03-04T09:00"),
                 .due_at = T("2026-03-05T09:00"),
                 .original_due_at = T("2026-03-03T09:00"),
                 .extensions = 1,
                 .intake_supplements = 1,
                 .supplements = 1};
    rating_facts f;
    rating_facts_of(cal, &d, v, 3, a, &f);
    assert_int_equal(f.statutory_due, T("2026-03-03T09:00"));
    assert_string_equal(f.timing, "late");
    assert_int_equal(f.used_seconds, 15 * 3600);
    assert_int_equal(f.allowed_seconds, 7 * 3600 + 1800);
    assert_int_equal(f.contacts, 0); /* online, the result sent electronically */
    int want[4] = {0, 0, 0, 2};
    for (int i = 0; i < 4; i++) assert_int_equal(f.legacy[i], want[i]);
    arena_free(a);
    calendar_free(cal);
}

static void nothing_known_yet(void **state) {
    (void)state;
    calendar *cal = calendar_create();
    arena *a = arena_create();
    dossier d = {.channel = "direct"};
    rating_facts f;
    rating_facts_of(cal, &d, NULL, 0, a, &f);
    assert_null(f.timing);
    assert_int_equal(f.nunits, 0);
    assert_int_equal(f.legacy[0], -1);
    assert_int_equal(f.legacy[1], -1);
    assert_int_equal(f.legacy[2], -1);
    assert_int_equal(f.legacy[3], 1);
    arena_free(a);
    calendar_free(cal);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transfer_supplement_and_decision),
        cmocka_unit_test(late_after_extension),
        cmocka_unit_test(nothing_known_yet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
