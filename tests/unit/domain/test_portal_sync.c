/* test_portal_sync.c - which dossier entries the national portal is told of (the table of portal_sync.c),
 * the exchange's time format, and the JSON text writer the payloads are built with. */
#include "testutil.h"

#include <string.h>

#include "jsonw.h"
#include "portal_sync.h"

static const char *ev(const char *action, const char *from, const char *to) {
    journal_entry e = {.dossier_id = 7, .action = action, .from_state = from, .to_state = to};
    return portal_event_of(&e);
}

static void test_events(void **state) {
    (void)state;
    assert_string_equal(ev("submit", NULL, "submitted"), "created");
    assert_string_equal(ev("transfer", NULL, "received"), "created"); /* a partner's: dropped on its parent */
    assert_string_equal(ev("accept", "submitted", "received"), "status");
    assert_string_equal(ev("request_supplement", "processing", "supplement"), "status");
    assert_string_equal(ev("resubmit", "intake_supplement", "submitted"), "status");
    assert_string_equal(ev("approve", "processing", "decided"), "result");
    assert_string_equal(ev("reject", "processing", "decided"), "result");
    assert_string_equal(ev("return", "result_ready", "returned"), "returned");
    assert_string_equal(ev("rate", "returned", "returned"), "rating");
    assert_string_equal(ev("extend", "processing", "processing"), "extend");
    assert_string_equal(ev("stop", "payment", "stopped"), "status");
    /* No change of the national code: nothing. */
    assert_string_equal(ev("claim", "received", "processing"), "status"); /* 2 -> 4 */
    assert_null(ev("forward", "processing", "processing"));
    assert_null(ev("transfer", "processing", "partner"));
    assert_null(ev("partner_done", "partner", "processing"));
    assert_null(ev("result_ready", "decided", "result_ready"));
    assert_null(ev("mark_overdue", "processing", "processing"));
    /* Records of other kinds: nothing. */
    journal_entry f = {.subject = "feedback", .subject_id = 3, .action = "answer", .from_state = "a", .to_state = "b"};
    assert_null(portal_event_of(&f));
}

static void test_time(void **state) {
    (void)state;
    char s[15];
    portal_time_format(1772416800, s); /* 2026-03-02T02:00:00Z */
    assert_string_equal(s, "20260302090000");
    portal_time_format(1772470799, s); /* 16:59:59Z: the next day in Vietnam */
    assert_string_equal(s, "20260302235959");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
