/* testutil.h - small helpers for the cmocka unit tests. */
#ifndef MC_TESTUTIL_H
#define MC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "timeutil.h"

/* Local instant from "YYYY-MM-DDTHH:MM[:SS]" (Vietnam time); fails the test if malformed. */
static inline mc_time T(const char *s) {
    mc_time t = 0;
    if (!time_parse_iso8601(s, &t)) fail_msg("bad instant in test: %s", s);
    return t;
}

/* Asserts that an instant equals a local time string. */
#define assert_instant(t, s)                                                              \
    do {                                                                                  \
        char _b[26];                                                                      \
        time_format_iso8601((t), _b);                                                     \
        char _e[40];                                                                      \
        snprintf(_e, sizeof _e, "%s+07:00", (s));                                         \
        if (strlen(s) == 16) snprintf(_e, sizeof _e, "%s:00+07:00", (s));                  \
        assert_string_equal(_b, _e);                                                      \
    } while (0)

/* Folder of the project's data/ (MOTCUA_DATA) and tests/data (MOTCUA_TESTDATA). */
static inline const char *data_dir(void) {
    const char *d = getenv("MOTCUA_DATA");
    return d ? d : "data";
}

#endif
