/* fuzz_form.c - libFuzzer target for HTML form bodies (web_form_parse).
 *
 * Input: the body. Checks after each input: a form is refused or gives at
 * most one pair per "&"-separated part, every name and value valid UTF-8
 * without NUL; encoding the pairs again (every byte but unreserved ones as
 * %XX) and parsing that gives the same pairs.
 *
 *   make fuzz          (every fuzzer, with the project's flags: build/fuzz/fuzz_form)
 *   mkdir -p /tmp/form-corpus
 *   build/fuzz/fuzz_form -max_total_time=60 /tmp/form-corpus tests/fuzz/corpus/form
 *
 * libFuzzer writes new inputs into the first directory given: keep the seeds
 * (tests/fuzz/corpus/form) second so that they stay a handful. `make test`
 * replays the seeds and fuzzes for a few seconds (tests/fuzz/run.sh). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "web_internal.h"

static void put_encoded(char **p, const char *s) {
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')) *(*p)++ = (char)*c;
        else *p += sprintf(*p, "%%%02X", *c);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); /* called by libFuzzer */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    arena *a = arena_create();
    web_form f;
    if (web_form_parse(a, (const char *)data, size, &f)) {
        size_t parts = 1;
        for (size_t i = 0; i < size; i++) parts += data[i] == '&';
        if (f.n > parts) abort();
        size_t cap = 1;
        for (size_t i = 0; i < f.n; i++) {
            if (!text_valid_utf8(f.names[i], strlen(f.names[i])) || !text_valid_utf8(f.values[i], strlen(f.values[i])))
                abort();
            cap += 3 * (strlen(f.names[i]) + strlen(f.values[i])) + 2;
        }
        char *again = malloc(cap), *p = again;
        for (size_t i = 0; i < f.n; i++) {
            if (i) *p++ = '&';
            put_encoded(&p, f.names[i]);
            *p++ = '=';
            put_encoded(&p, f.values[i]);
        }
        web_form g;
        if (!web_form_parse(a, again, (size_t)(p - again), &g)) abort();
        size_t k = 0; /* an empty name with an empty value re-encodes to "=", which is a pair too */
        for (size_t i = 0; i < f.n; i++, k++)
            if (k >= g.n || strcmp(f.names[i], g.names[k]) || strcmp(f.values[i], g.values[k])) abort();
        if (k != g.n) abort();
        free(again);
    }
    arena_free(a);
    return 0;
}
